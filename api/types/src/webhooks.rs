//! Webhooks for other government systems: subscriptions to events of the audit trail,
//! delivered with the Standard Webhooks headers, retried, logged per attempt.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use validator::Validate;

crate::text_enum! {
    /// Where a delivery stands.
    pub enum DeliveryStatus {
        /// Waiting for its next attempt.
        Pending = "pending",
        /// Claimed by a process that is sending it now.
        Delivering = "delivering",
        /// The receiver answered 2xx.
        Delivered = "delivered",
        /// Given up: every retry failed, or the receiver answered 410 Gone.
        Failed = "failed",
    }
}

/// A subscription (its secret is never shown again after creation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSubscription {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    /// `resource_type.action` patterns: `disclosure_record.publish`,
    /// `supervision_notice.*`, or `*` for every event.
    pub event_types: Vec<String>,
    pub active: bool,
    /// Why the server disabled it (a receiver that answered 410 Gone).
    pub disabled_reason: Option<String>,
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The subscription with its signing secret: the only time the secret is shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookSubscriptionWithSecret {
    pub subscription: WebhookSubscription,
    /// `whsec_…` (base64 after the prefix); `null` on an idempotent replay.
    pub secret: Option<String>,
}

/// `POST /api/v1/webhook-subscriptions`.
#[api_types_derive::contract]
#[derive(Debug, Clone, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewWebhookSubscription {
    /// `https://…` (or `http://…`); an address on a loopback or private network is
    /// refused unless the deployment allows its host.
    #[validate(length(min = 8, max = 2000))]
    pub url: String,
    #[validate(length(max = 1000))]
    pub description: Option<String>,
    #[validate(length(min = 1, max = 50))]
    pub event_types: Vec<String>,
}

/// `PATCH /api/v1/webhook-subscriptions/{id}` (requires `If-Match`).
#[api_types_derive::contract]
#[derive(Debug, Clone, Default, Serialize, Deserialize, Validate)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct WebhookSubscriptionPatch {
    #[validate(length(min = 8, max = 2000))]
    pub url: Option<String>,
    #[serde(default, deserialize_with = "crate::patch::nullable")]
    #[validate(length(max = 1000))]
    pub description: Option<Option<String>>,
    #[validate(length(min = 1, max = 50))]
    pub event_types: Option<Vec<String>>,
    /// Re-enable (also after a 410) or pause.
    pub active: Option<bool>,
}

/// One delivery of one event to one subscription.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDelivery {
    /// The `webhook-id` header: the same on every attempt, so a receiver can drop
    /// repeats.
    pub id: String,
    pub subscription_id: Uuid,
    /// The audit event it carries (`null` for a test event).
    pub event_id: Option<i64>,
    pub event_type: String,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub next_attempt_at: Option<DateTime<Utc>>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// One attempt of a delivery, as logged.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookAttempt {
    pub attempt: i32,
    pub started_at: DateTime<Utc>,
    pub duration_ms: i64,
    /// The receiver's status (`null` when no answer came).
    pub status_code: Option<i32>,
    /// Why it failed without an answer (refused address, timeout, connection).
    pub error: Option<String>,
    /// The start of the receiver's answer.
    pub response_excerpt: Option<String>,
}

/// A delivery with its attempts, and the payload it sends.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebhookDeliveryDetail {
    pub delivery: WebhookDelivery,
    #[cfg_attr(feature = "openapi", schema(value_type = Object))]
    pub payload: serde_json::Value,
    pub attempts: Vec<WebhookAttempt>,
}
