//! HTTP handlers: subscriptions, their deliveries, test events and redelivery.

use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use api_types::audit::{AuditAction, ResourceKind};
use api_types::webhooks::{
    DeliveryStatus, NewWebhookSubscription, WebhookDelivery, WebhookDeliveryDetail,
    WebhookSubscription, WebhookSubscriptionPatch, WebhookSubscriptionWithSecret,
};
use diesel::prelude::*;

use super::deliver;
use super::list::{DeliveryFilter, DeliveryList, SubscriptionFilter, SubscriptionList};
use super::model::{self, event_types_column, DeliveryRow, SubscriptionRow};
use super::{signature, ssrf};
use crate::auth::{perm, Actor, Authorized};
use crate::db::schema::{audit_events, webhook_deliveries, webhook_subscriptions};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::http::etag;
use crate::http::extract::{Json, ListQuery, PathId};
use crate::http::middleware::RequestId;
use crate::http::write::{self, check_version, versioned_save, Outcome, WriteContext};
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_subscriptions)
        .service(create_subscription)
        .service(get_subscription)
        .service(update_subscription)
        .service(send_test)
        .service(list_deliveries)
        .service(get_delivery)
        .service(redeliver);
}

/// Checks a receiver URL off the executor (it resolves the host): 422 on `url` when it
/// is refused.
async fn checked_url(state: &AppState, url: &str) -> Result<String, ApiError> {
    let url = url.trim().to_string();
    ssrf::check_async(url.clone(), state.config.webhook_allowed_hosts.clone())
        .await
        .map_err(|refused| ApiError::rule("url", refused.code(), refused.to_string()))?;
    Ok(url)
}

/// List webhook subscriptions.
#[utoipa::path(
    tag = "webhooks",
    params(SubscriptionFilter, crate::openapi::ListParams<SubscriptionFilter>),
    responses((status = 200, body = api_types::Page<WebhookSubscription>))
)]
#[get("/webhook-subscriptions")]
async fn list_subscriptions(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::WebhooksManage>,
    query: ListQuery<SubscriptionFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        db::list::page::<SubscriptionList>(conn, &query, &())
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// Subscribe a receiver to events. Events are `resource_type.action` of the audit
/// trail (`disclosure_record.publish`), `resource_type.*` or `*`; the subscription
/// receives those recorded after it was created. The answer carries the signing secret
/// (`whsec_…`): it is shown this once. A URL on a loopback or private network is
/// refused (422 `private_address`) unless the deployment allows its host.
#[utoipa::path(
    tag = "webhooks",
    request_body = NewWebhookSubscription,
    responses((status = 201, body = WebhookSubscriptionWithSecret, headers(("ETag" = String), ("Location" = String))))
)]
#[post("/webhook-subscriptions")]
async fn create_subscription(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::WebhooksManage>,
    body: Json<NewWebhookSubscription>,
) -> Result<HttpResponse, ApiError> {
    let new = body.0;
    let url = checked_url(&state, &new.url).await?;
    let sent = new.clone();
    ctx.run(&state, &sent, move |conn, _principal| {
        let event_types = event_types_column(&new.event_types)?;
        let secret = signature::new_secret().map_err(ApiError::internal)?;
        let cursor: Option<i64> = audit_events::table
            .select(diesel::dsl::max(audit_events::id))
            .first(conn)?;
        let now = time::now();
        let row = SubscriptionRow {
            id: time::new_id(),
            url,
            description: new.description.clone().filter(|d| !d.trim().is_empty()),
            event_types,
            secret: secret.clone(),
            active: true,
            disabled_reason: None,
            event_cursor: cursor.unwrap_or(0),
            version: 1,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(webhook_subscriptions::table)
            .values(&row)
            .execute(conn)?;
        let subscription = row.to_dto()?;
        let location = format!("/api/v1/webhook-subscriptions/{}", subscription.id);
        let shown = WebhookSubscriptionWithSecret {
            subscription: subscription.clone(),
            secret: Some(secret),
        };
        let replayed = WebhookSubscriptionWithSecret {
            subscription: subscription.clone(),
            secret: None,
        };
        Outcome::created(
            &shown,
            location,
            subscription.version,
            Change::created(
                ResourceKind::WebhookSubscription,
                subscription.id,
                &subscription,
            ),
        )?
        .replay_as(&replayed)
    })
    .await
}

/// One subscription.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Subscription id")),
    responses((status = 200, body = WebhookSubscription))
)]
#[get("/webhook-subscriptions/{id}")]
async fn get_subscription(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::WebhooksManage>,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let dto = db::run(&state.pool, move |conn| {
        model::find_subscription(conn, &id.0.to_string())?.to_dto()
    })
    .await?;
    etag::versioned_json(&req, dto.version, &dto)
}

/// Edit a subscription (`If-Match` required): its URL, events, description, or
/// `active` to pause it or to resume it after the server disabled it.
#[utoipa::path(
    tag = "webhooks",
    request_body = WebhookSubscriptionPatch,
    params(("id" = uuid::Uuid, Path, description = "Subscription id")),
    responses((status = 200, body = WebhookSubscription, headers(("ETag" = String))))
)]
#[patch("/webhook-subscriptions/{id}")]
async fn update_subscription(
    state: web::Data<AppState>,
    ctx: WriteContext<perm::WebhooksManage>,
    id: PathId,
    body: Json<WebhookSubscriptionPatch>,
) -> Result<HttpResponse, ApiError> {
    let expected = ctx.expected_version()?;
    let patch = body.0;
    let url = match &patch.url {
        Some(url) => Some(checked_url(&state, url).await?),
        None => None,
    };
    let sent = patch.clone();
    ctx.run(&state, &sent, move |conn, _principal| {
        let current = model::find_subscription(conn, &id.0.to_string())?;
        check_version(current.version, expected)?;
        let before = current.to_dto()?;
        let mut next = current.clone();
        if let Some(url) = url {
            next.url = url;
        }
        if let Some(description) = &patch.description {
            next.description = description.clone().filter(|d| !d.trim().is_empty());
        }
        if let Some(types) = &patch.event_types {
            next.event_types = event_types_column(types)?;
        }
        if let Some(active) = patch.active {
            if active && !current.active {
                // Resumed: from now on, not the backlog of while it was off.
                next.disabled_reason = None;
                let head: Option<i64> = audit_events::table
                    .select(diesel::dsl::max(audit_events::id))
                    .first(conn)?;
                next.event_cursor = head.unwrap_or(0);
            }
            next.active = active;
        }
        versioned_save!(conn, webhook_subscriptions, &mut next, current.version)?;
        let after = next.to_dto()?;
        Outcome::updated(
            &after,
            after.version,
            Change::updated(ResourceKind::WebhookSubscription, after.id, &before, &after),
        )
    })
    .await
}

/// A delivery with its attempts.
fn detail(conn: &mut DbConnection, id: &str) -> Result<WebhookDeliveryDetail, ApiError> {
    let row = model::find_delivery(conn, id)?;
    let attempts = model::attempts_of(conn, id)?;
    Ok(WebhookDeliveryDetail {
        delivery: row.to_dto()?,
        payload: serde_json::from_str(&row.payload).map_err(ApiError::internal)?,
        attempts: attempts.iter().map(model::AttemptRow::to_dto).collect(),
    })
}

/// Sends a claimed delivery now and answers with it and its attempts.
async fn send_and_answer(
    state: &AppState,
    row: DeliveryRow,
    retry: bool,
) -> Result<HttpResponse, ApiError> {
    let sent = deliver::send_now(state, row, retry).await?;
    let detail = db::run(&state.pool, move |conn| detail(conn, &sent.id)).await?;
    Ok(HttpResponse::Ok().json(detail))
}

/// Records an action of a person in the audit trail (the two "send now" actions).
async fn audit_action<T: Send + 'static>(
    state: &AppState,
    req: &HttpRequest,
    auth: &Authorized<perm::WebhooksManage>,
    request_id: &RequestId,
    change: Change,
    write: impl FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    let addr = crate::auth::principal::client_addr(req, state.config.trust_forwarded_for);
    let actor = Actor::of(&auth.principal, request_id, &addr);
    db::run(&state.pool, move |conn| {
        write::audited(conn, &actor, |conn| Ok((write(conn)?, vec![change])))
    })
    .await
}

/// Send a test event (`webhook.test`) to the receiver now and answer with what came of
/// it: the receiver's status and the start of its answer. A failed test is not retried.
/// Each call sends again (no `Idempotency-Key`).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Subscription id")),
    responses((status = 200, body = WebhookDeliveryDetail))
)]
#[post("/webhook-subscriptions/{id}/test")]
async fn send_test(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::WebhooksManage>,
    request_id: RequestId,
    id: PathId,
) -> Result<HttpResponse, ApiError> {
    let subscription = id.0.to_string();
    let message = model::new_message_id();
    let change = Change::new(
        AuditAction::SendTest,
        ResourceKind::WebhookSubscription,
        &subscription,
    )
    .with_after(&serde_json::json!({ "delivery": message }));
    let config = state.config.clone();
    let row = audit_action(&state, &req, &auth, &request_id, change, move |conn| {
        model::find_subscription(conn, &subscription)?;
        let now = time::now();
        let payload = serde_json::json!({
            "type": "webhook.test",
            "timestamp": time::to_utc(now),
            "data": { "subscription_id": subscription, "message": "测试推送 / test event" },
        });
        let row = DeliveryRow {
            id: message,
            subscription_id: subscription.clone(),
            event_id: None,
            event_type: "webhook.test".into(),
            payload: payload.to_string(),
            status: DeliveryStatus::Delivering.as_str().into(),
            attempts: 0,
            next_attempt_at: None,
            claimed_until: Some(now + deliver::lease(&config, 1)),
            last_status_code: None,
            last_error: None,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(webhook_deliveries::table)
            .values(&row)
            .execute(conn)?;
        Ok(row)
    })
    .await?;
    send_and_answer(&state, row, false).await
}

/// The deliveries of a subscription, newest first.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = uuid::Uuid, Path, description = "Subscription id"), DeliveryFilter, crate::openapi::ListParams<DeliveryFilter>),
    responses((status = 200, body = api_types::Page<WebhookDelivery>))
)]
#[get("/webhook-subscriptions/{id}/deliveries")]
async fn list_deliveries(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::WebhooksManage>,
    id: PathId,
    query: ListQuery<DeliveryFilter>,
) -> Result<HttpResponse, ApiError> {
    let page = db::run(&state.pool, move |conn| {
        let sub = model::find_subscription(conn, &id.0.to_string())?;
        db::list::page::<DeliveryList>(conn, &query, &sub.id)
    })
    .await?;
    etag::hashed_json(&req, &page)
}

/// One delivery with its payload and every attempt.
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "Delivery id (the `webhook-id` header, `msg_…`)")),
    responses((status = 200, body = WebhookDeliveryDetail))
)]
#[get("/webhook-deliveries/{id}")]
async fn get_delivery(
    req: HttpRequest,
    state: web::Data<AppState>,
    _auth: Authorized<perm::WebhooksManage>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let detail = db::run(&state.pool, move |conn| detail(conn, &id)).await?;
    etag::hashed_json(&req, &detail)
}

/// Send a delivery again now (same `webhook-id`, so the receiver can tell), whatever
/// its status; answers with the delivery and its attempts. A failure is not retried
/// by the schedule. Each call sends again (no `Idempotency-Key`).
#[utoipa::path(
    tag = "webhooks",
    params(("id" = String, Path, description = "Delivery id (`msg_…`)")),
    responses((status = 200, body = WebhookDeliveryDetail))
)]
#[post("/webhook-deliveries/{id}/redeliver")]
async fn redeliver(
    req: HttpRequest,
    state: web::Data<AppState>,
    auth: Authorized<perm::WebhooksManage>,
    request_id: RequestId,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = id.into_inner();
    let change = Change::new(AuditAction::Redeliver, ResourceKind::WebhookDelivery, &id);
    let target = id.clone();
    let lease = deliver::lease(&state.config, 1);
    let row = audit_action(&state, &req, &auth, &request_id, change, move |conn| {
        let row = model::find_delivery(conn, &target)?;
        let now = time::now();
        if row.status == DeliveryStatus::Delivering.as_str()
            && row.claimed_until.is_some_and(|until| until > now)
        {
            return Err(ApiError::new(
                api_types::ErrorCode::Conflict,
                "the delivery is being sent right now; try again in a moment",
            ));
        }
        // Claimed like any send, so the background passes leave it alone meanwhile; one
        // still waiting for a retry keeps its schedule if this attempt fails too.
        let waiting = row.status == DeliveryStatus::Pending.as_str() && row.event_id.is_some();
        Ok((deliver::claim_one(conn, &row, now + lease)?, waiting))
    })
    .await?;
    let (row, waiting) = row;
    send_and_answer(&state, row, waiting).await
}
