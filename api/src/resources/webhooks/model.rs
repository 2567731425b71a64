//! Rows of the webhook tables and what they mean.

use api_types::audit::{AuditAction, ResourceKind};
use api_types::webhooks::{DeliveryStatus, WebhookAttempt, WebhookDelivery, WebhookSubscription};
use api_types::FieldError;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::schema::{webhook_attempts, webhook_deliveries, webhook_subscriptions};
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::time;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = webhook_subscriptions, treat_none_as_null = true)]
pub struct SubscriptionRow {
    pub id: String,
    pub url: String,
    pub description: Option<String>,
    /// JSON array of patterns.
    pub event_types: String,
    pub secret: String,
    pub active: bool,
    pub disabled_reason: Option<String>,
    /// Moved only by `deliver::fan_out` (and set on resume): an edit must not write
    /// back the value it read.
    #[diesel(skip_update)]
    pub event_cursor: i64,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl SubscriptionRow {
    pub fn patterns(&self) -> Vec<String> {
        serde_json::from_str(&self.event_types).unwrap_or_default()
    }

    pub fn to_dto(&self) -> Result<WebhookSubscription, ApiError> {
        Ok(WebhookSubscription {
            id: stored_uuid(&self.id)?,
            url: self.url.clone(),
            description: self.description.clone(),
            event_types: self.patterns(),
            active: self.active,
            disabled_reason: self.disabled_reason.clone(),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_deliveries)]
pub struct DeliveryRow {
    pub id: String,
    pub subscription_id: String,
    pub event_id: Option<i64>,
    pub event_type: String,
    pub payload: String,
    pub status: String,
    pub attempts: i32,
    pub next_attempt_at: Option<NaiveDateTime>,
    pub claimed_until: Option<NaiveDateTime>,
    pub last_status_code: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DeliveryRow {
    pub fn to_dto(&self) -> Result<WebhookDelivery, ApiError> {
        Ok(WebhookDelivery {
            id: self.id.clone(),
            subscription_id: stored_uuid(&self.subscription_id)?,
            event_id: self.event_id,
            event_type: self.event_type.clone(),
            status: DeliveryStatus::parse(&self.status)
                .ok_or_else(|| ApiError::internal("stored delivery status"))?,
            attempts: self.attempts,
            next_attempt_at: self.next_attempt_at.map(time::to_utc),
            last_status_code: self.last_status_code,
            last_error: self.last_error.clone(),
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = webhook_attempts)]
pub struct AttemptRow {
    pub id: String,
    pub delivery_id: String,
    pub attempt: i32,
    pub started_at: NaiveDateTime,
    pub duration_ms: i64,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub response_excerpt: Option<String>,
}

impl AttemptRow {
    pub fn to_dto(&self) -> WebhookAttempt {
        WebhookAttempt {
            attempt: self.attempt,
            started_at: time::to_utc(self.started_at),
            duration_ms: self.duration_ms,
            status_code: self.status_code,
            error: self.error.clone(),
            response_excerpt: self.response_excerpt.clone(),
        }
    }
}

/// Checks event type patterns (`resource_type.action`, `resource_type.*`, `*`) and
/// returns them as stored; each unknown one is a field error `event_types[i]`.
pub fn event_types_column(patterns: &[String]) -> Result<String, ApiError> {
    let mut errors = Vec::new();
    let mut kept: Vec<String> = Vec::new();
    for (i, pattern) in patterns.iter().enumerate() {
        let p = pattern.trim();
        let known = p == "*"
            || p.split_once('.').is_some_and(|(kind, action)| {
                ResourceKind::parse(kind).is_some()
                    && (action == "*" || AuditAction::parse(action).is_some())
            });
        if known {
            if !kept.iter().any(|k| k == p) {
                kept.push(p.to_string());
            }
        } else {
            errors.push(FieldError::new(
                format!("event_types[{i}]"),
                "unknown_event_type",
                "must be resource_type.action (e.g. disclosure_record.publish), resource_type.* or *",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::rules(errors));
    }
    serde_json::to_string(&kept).map_err(ApiError::internal)
}

/// Whether `event_type` (`resource_type.action`) is one `patterns` subscribe to.
pub fn matches(patterns: &[String], event_type: &str) -> bool {
    let kind = event_type.split('.').next().unwrap_or_default();
    patterns
        .iter()
        .any(|p| p == "*" || p == event_type || p.strip_suffix(".*").is_some_and(|k| k == kind))
}

pub fn find_subscription(conn: &mut DbConnection, id: &str) -> Result<SubscriptionRow, ApiError> {
    webhook_subscriptions::table
        .find(id)
        .select(SubscriptionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("webhook subscription"))
}

pub fn find_delivery(conn: &mut DbConnection, id: &str) -> Result<DeliveryRow, ApiError> {
    webhook_deliveries::table
        .find(id)
        .select(DeliveryRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("webhook delivery"))
}

/// A delivery's attempts, first first.
pub fn attempts_of(conn: &mut DbConnection, delivery: &str) -> Result<Vec<AttemptRow>, ApiError> {
    Ok(webhook_attempts::table
        .filter(webhook_attempts::delivery_id.eq(delivery))
        .order(webhook_attempts::attempt)
        .select(AttemptRow::as_select())
        .load(conn)?)
}

/// A `webhook-id`: `msg_` and 32 hex digits.
pub fn new_message_id() -> String {
    format!("msg_{}", uuid::Uuid::now_v7().simple())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_match_exact_kind_wide_and_everything() {
        let p = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(matches(
            &p(&["disclosure_record.publish"]),
            "disclosure_record.publish"
        ));
        assert!(!matches(
            &p(&["disclosure_record.publish"]),
            "disclosure_record.create"
        ));
        assert!(matches(
            &p(&["disclosure_record.*"]),
            "disclosure_record.create"
        ));
        assert!(!matches(
            &p(&["disclosure_record.*"]),
            "disclosure_revision.create"
        ));
        assert!(matches(&p(&["*"]), "user.login"));
    }
}
