//! Turning audit events into deliveries and sending them.
//!
//! Each pass (`run_once`): new audit rows become deliveries of the subscriptions they
//! match (`fan_out`, moving each subscription's cursor in the same transaction); due
//! deliveries are claimed for a lease (`claim`: one statement that marks them
//! `delivering`; on PostgreSQL the rows are picked `FOR UPDATE SKIP LOCKED`, so two API
//! processes never claim one delivery, and SQLite has one writer); each claimed one is
//! sent and its attempt recorded (`record`). A process that dies mid-send leaves its
//! claim to expire and another sends it again: receivers drop repeats by `webhook-id`.

use std::time::{Duration, Instant};

use api_types::audit::ResourceKind;
use api_types::webhooks::DeliveryStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::model::{self, matches, DeliveryRow, SubscriptionRow};
use super::{signature, ssrf};
use crate::auth::Actor;
use crate::config::Config;
use crate::db::schema::{
    audit_events, webhook_attempts, webhook_deliveries, webhook_subscriptions,
};
use crate::db::{self, DbConnection};
use crate::error::ApiError;
use crate::resources::audit_events::chain::AuditRow;
use crate::resources::audit_events::Change;
use crate::state::AppState;
use crate::time;

/// The wait before each retry: the n-th entry follows the n-th failed attempt. Ten
/// attempts over about three days (71 h 35 min), then the delivery fails.
pub const RETRY_SCHEDULE: [Duration; 9] = [
    Duration::from_secs(5),
    Duration::from_secs(5 * 60),
    Duration::from_secs(30 * 60),
    Duration::from_secs(2 * 3600),
    Duration::from_secs(5 * 3600),
    Duration::from_secs(10 * 3600),
    Duration::from_secs(14 * 3600),
    Duration::from_secs(20 * 3600),
    Duration::from_secs(20 * 3600),
];

/// Deliveries claimed per pass.
const CLAIM_BATCH: i64 = 10;
/// Audit events read per subscription per pass.
const FAN_OUT_BATCH: i64 = 1000;
/// How much of a receiver's answer is read and kept.
const EXCERPT_BYTES: usize = 2048;
const EXCERPT_CHARS: usize = 500;

/// The event type of an audit row: `resource_type.action`.
pub fn event_type(event: &AuditRow) -> String {
    format!("{}.{}", event.resource_type, event.action)
}

/// The body of the delivery of one audit event. Thin on purpose: what changed and
/// when, not the audit row's contents (those can hold personal data, and reading them
/// needs `audit.read`); a receiver reads the record over REST with its own grants.
pub fn event_payload(event: &AuditRow) -> Result<String, ApiError> {
    let at = time::to_utc(event.occurred_at);
    let body = serde_json::json!({
        "type": event_type(event),
        "timestamp": at,
        "data": {
            "event_id": event.id,
            "resource_type": event.resource_type,
            "resource_id": event.resource_id,
            "action": event.action,
            "occurred_at": at,
        },
    });
    serde_json::to_string(&body).map_err(ApiError::internal)
}

/// Turns audit events after each subscription's cursor into its deliveries, one
/// subscription per transaction (one that fails is logged and left for the next pass;
/// the others go on).
pub fn fan_out(conn: &mut DbConnection, now: NaiveDateTime) -> Result<usize, ApiError> {
    let ids: Vec<String> = webhook_subscriptions::table
        .filter(webhook_subscriptions::active.eq(true))
        .order(webhook_subscriptions::id)
        .select(webhook_subscriptions::id)
        .load(conn)?;
    let mut created = 0;
    for id in ids {
        match db::write_transaction(conn, |conn| fan_out_one(conn, &id, now)) {
            Ok(n) => created += n,
            Err(err) => {
                log::warn!("webhooks: events of subscription {id} not queued this pass: {err}")
            }
        }
    }
    Ok(created)
}

/// The new events of one subscription (locked on PostgreSQL, so that two processes do
/// not queue them twice).
fn fan_out_one(conn: &mut DbConnection, id: &str, now: NaiveDateTime) -> Result<usize, ApiError> {
    let query = webhook_subscriptions::table
        .filter(webhook_subscriptions::id.eq(id))
        .filter(webhook_subscriptions::active.eq(true));
    let sub: Option<SubscriptionRow> = match conn {
        DbConnection::Postgres(pg) => query
            .select(SubscriptionRow::as_select())
            .for_update()
            .skip_locked()
            .first(pg)
            .optional()?,
        DbConnection::Sqlite(lite) => query
            .select(SubscriptionRow::as_select())
            .first(lite)
            .optional()?,
    };
    let Some(sub) = sub else {
        return Ok(0);
    };
    let events: Vec<AuditRow> = audit_events::table
        .filter(audit_events::id.gt(sub.event_cursor))
        .order(audit_events::id)
        .limit(FAN_OUT_BATCH)
        .select(AuditRow::as_select())
        .load(conn)?;
    let Some(last) = events.last().map(|e| e.id) else {
        return Ok(0);
    };
    let patterns = sub.patterns();
    let mut created = 0;
    for event in &events {
        let kind = event_type(event);
        if !matches(&patterns, &kind) {
            continue;
        }
        let row = DeliveryRow {
            id: model::new_message_id(),
            subscription_id: sub.id.clone(),
            event_id: Some(event.id),
            event_type: kind,
            payload: event_payload(event)?,
            status: DeliveryStatus::Pending.as_str().into(),
            attempts: 0,
            next_attempt_at: Some(now),
            claimed_until: None,
            last_status_code: None,
            last_error: None,
            created_at: now,
            updated_at: now,
        };
        diesel::insert_into(webhook_deliveries::table)
            .values(&row)
            .execute(conn)?;
        created += 1;
    }
    diesel::update(webhook_subscriptions::table.find(&sub.id))
        .set(webhook_subscriptions::event_cursor.eq(last))
        .execute(conn)?;
    Ok(created)
}

/// How long a claim of `batch` deliveries lasts: long enough to send each of them one
/// after another at the slowest (resolving plus the receiver's timeout), so no other
/// process takes one over while it is still waiting its turn.
pub fn lease(config: &Config, batch: i64) -> chrono::Duration {
    let per_send = config.webhook_timeout + ssrf::RESOLVE_TIMEOUT + Duration::from_secs(2);
    let total = per_send.saturating_mul(u32::try_from(batch.max(1)).unwrap_or(u32::MAX));
    chrono::Duration::from_std(total).unwrap_or(chrono::Duration::hours(1))
}

/// Claims one delivery until `until` (a send by hand); the row as claimed.
pub fn claim_one(
    conn: &mut DbConnection,
    row: &DeliveryRow,
    until: NaiveDateTime,
) -> Result<DeliveryRow, ApiError> {
    diesel::update(webhook_deliveries::table.find(&row.id))
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Delivering.as_str()),
            webhook_deliveries::claimed_until.eq(Some(until)),
        ))
        .execute(conn)?;
    model::find_delivery(conn, &row.id)
}

#[derive(QueryableByName)]
struct Claimed {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

/// Claims up to `limit` due deliveries (pending and due, or claimed by a process whose
/// lease ran out) for this process until `now + lease`.
pub fn claim(
    conn: &mut DbConnection,
    now: NaiveDateTime,
    limit: i64,
    lease: chrono::Duration,
) -> Result<Vec<(DeliveryRow, SubscriptionRow)>, ApiError> {
    use diesel::sql_types::Timestamp;
    let due = format!(
        "SELECT id FROM webhook_deliveries \
         WHERE ((status = 'pending' AND next_attempt_at <= $2) OR (status = 'delivering' AND claimed_until < $2)) \
         AND subscription_id IN (SELECT id FROM webhook_subscriptions WHERE active) \
         ORDER BY next_attempt_at LIMIT {limit}"
    );
    let update = |lock: &str| {
        format!(
            "UPDATE webhook_deliveries SET status = 'delivering', claimed_until = $1 \
             WHERE id IN ({due}{lock}) RETURNING id"
        )
    };
    let lease = now + lease;
    // The one statement that differs: only PostgreSQL has row locks to skip.
    let claimed: Vec<Claimed> = match conn {
        DbConnection::Postgres(pg) => diesel::sql_query(update(" FOR UPDATE SKIP LOCKED"))
            .bind::<Timestamp, _>(lease)
            .bind::<Timestamp, _>(now)
            .load(pg)?,
        DbConnection::Sqlite(lite) => diesel::sql_query(update(""))
            .bind::<Timestamp, _>(lease)
            .bind::<Timestamp, _>(now)
            .load(lite)?,
    };
    let ids: Vec<String> = claimed.into_iter().map(|c| c.id).collect();
    let deliveries: Vec<DeliveryRow> = webhook_deliveries::table
        .filter(webhook_deliveries::id.eq_any(&ids))
        .select(DeliveryRow::as_select())
        .load(conn)?;
    let mut out = Vec::with_capacity(deliveries.len());
    for d in deliveries {
        let sub = model::find_subscription(conn, &d.subscription_id)?;
        out.push((d, sub));
    }
    Ok(out)
}

/// What one attempt came to.
#[derive(Debug, Clone)]
pub struct Attempted {
    pub started_at: NaiveDateTime,
    pub duration_ms: i64,
    pub status_code: Option<i32>,
    pub error: Option<String>,
    pub excerpt: Option<String>,
}

/// Sends `delivery` to the subscription's receiver once, with the Standard Webhooks
/// headers, to the address the SSRF check resolved.
pub async fn attempt(config: &Config, sub: &SubscriptionRow, delivery: &DeliveryRow) -> Attempted {
    let started_at = time::now();
    let clock = Instant::now();
    let failed = |error: String| Attempted {
        started_at,
        duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
        status_code: None,
        error: Some(error),
        excerpt: None,
    };
    let (url, allowed) = (sub.url.clone(), config.webhook_allowed_hosts.clone());
    let target = match ssrf::check_async(url, allowed).await {
        Ok(target) => target,
        Err(refused) => return failed(format!("refused: {refused}")),
    };
    let timestamp = chrono::Utc::now().timestamp();
    let Some(signature) = signature::sign(
        &sub.secret,
        &delivery.id,
        timestamp,
        delivery.payload.as_bytes(),
    ) else {
        return failed("the subscription's secret cannot sign".into());
    };
    let client = match reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        // A proxy would resolve the name again, past the check.
        .no_proxy()
        .timeout(config.webhook_timeout)
        .resolve_to_addrs(&target.host, &target.addrs)
        .build()
    {
        Ok(client) => client,
        Err(err) => return failed(format!("no HTTP client: {err}")),
    };
    let sent = client
        .post(target.url)
        .header("content-type", "application/json")
        .header("user-agent", "enforcement-platform-webhooks/1")
        .header("webhook-id", &delivery.id)
        .header("webhook-timestamp", timestamp.to_string())
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await;
    match sent {
        Err(err) => failed(if err.is_timeout() {
            format!("no answer within {} s", config.webhook_timeout.as_secs())
        } else {
            format!("not delivered: {err}")
        }),
        Ok(mut response) => {
            let status = i32::from(response.status().as_u16());
            // Only the start of the answer is kept, and only that much is read.
            let mut head: Vec<u8> = Vec::new();
            while head.len() < EXCERPT_BYTES {
                match response.chunk().await {
                    Ok(Some(chunk)) => head.extend_from_slice(&chunk),
                    Ok(None) | Err(_) => break,
                }
            }
            head.truncate(EXCERPT_BYTES);
            let text = String::from_utf8_lossy(&head).into_owned();
            Attempted {
                started_at,
                duration_ms: i64::try_from(clock.elapsed().as_millis()).unwrap_or(i64::MAX),
                status_code: Some(status),
                error: None,
                excerpt: Some(text.chars().take(EXCERPT_CHARS).collect())
                    .filter(|t: &String| !t.is_empty()),
            }
        }
    }
}

/// Records an attempt and what follows from it: delivered on 2xx; on 410 the delivery
/// fails and the subscription is disabled; otherwise the next retry is scheduled from
/// `now` (or, when `retry` is false or the schedule is spent, the delivery fails).
pub fn record(
    conn: &mut DbConnection,
    delivery: &DeliveryRow,
    attempted: &Attempted,
    now: NaiveDateTime,
    retry: bool,
) -> Result<DeliveryRow, ApiError> {
    let attempt = delivery.attempts + 1;
    // An attempt is logged in its own table, not in the audit trail (deliveries must not
    // feed themselves); only the server disabling a subscription is an audit event.
    db::write_transaction(conn, |conn| {
        diesel::insert_into(webhook_attempts::table)
            .values(&model::AttemptRow {
                id: time::new_id(),
                delivery_id: delivery.id.clone(),
                attempt,
                started_at: attempted.started_at,
                duration_ms: attempted.duration_ms,
                status_code: attempted.status_code,
                error: attempted.error.clone(),
                response_excerpt: attempted.excerpt.clone(),
            })
            .execute(conn)?;
        let gone = attempted.status_code == Some(410);
        let (status, next) = match attempted.status_code {
            Some(200..=299) => (DeliveryStatus::Delivered, None),
            _ if gone => (DeliveryStatus::Failed, None),
            _ => match RETRY_SCHEDULE.get(usize::try_from(delivery.attempts).unwrap_or(usize::MAX))
            {
                Some(wait) if retry => (
                    DeliveryStatus::Pending,
                    Some(now + chrono::Duration::from_std(*wait).map_err(ApiError::internal)?),
                ),
                _ => (DeliveryStatus::Failed, None),
            },
        };
        let error = attempted.error.clone().or_else(|| {
            attempted
                .status_code
                .filter(|s| !(200..300).contains(s))
                .map(|s| format!("the receiver answered {s}"))
        });
        // Only while this claim holds: a process that took the delivery over after the
        // lease records its own attempt.
        let mut still_ours = webhook_deliveries::table
            .filter(webhook_deliveries::id.eq(&delivery.id))
            .into_boxed();
        if let Some(until) = delivery.claimed_until {
            still_ours = still_ours.filter(webhook_deliveries::claimed_until.eq(until));
        }
        let ids: Vec<String> = still_ours.select(webhook_deliveries::id).load(conn)?;
        if ids.is_empty() {
            return model::find_delivery(conn, &delivery.id);
        }
        diesel::update(webhook_deliveries::table.find(&delivery.id))
            .set((
                webhook_deliveries::status.eq(status.as_str()),
                webhook_deliveries::attempts.eq(attempt),
                webhook_deliveries::next_attempt_at.eq(next),
                webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
                webhook_deliveries::last_status_code.eq(attempted.status_code),
                webhook_deliveries::last_error.eq(&error),
                webhook_deliveries::updated_at.eq(time::now()),
            ))
            .execute(conn)?;
        if gone {
            // The receiver says it is gone for good: stop sending it anything.
            let sub = model::find_subscription(conn, &delivery.subscription_id)?;
            if sub.active {
                let reason = "the receiver answered 410 Gone".to_string();
                diesel::update(webhook_subscriptions::table.find(&sub.id))
                    .set((
                        webhook_subscriptions::active.eq(false),
                        webhook_subscriptions::disabled_reason.eq(Some(&reason)),
                        webhook_subscriptions::version.eq(sub.version + 1),
                        webhook_subscriptions::updated_at.eq(time::now()),
                    ))
                    .execute(conn)?;
                let before = serde_json::json!({ "active": true });
                let after = serde_json::json!({ "active": false, "disabled_reason": reason, "delivery": delivery.id });
                let change =
                    Change::updated(ResourceKind::WebhookSubscription, &sub.id, &before, &after);
                crate::resources::audit_events::append(
                    conn,
                    &Actor::system("webhook-delivery"),
                    &change,
                )?;
            }
        }
        model::find_delivery(conn, &delivery.id)
    })
}

/// Gives a claimed delivery back, unsent, for when its subscription is active again.
fn release(conn: &mut DbConnection, id: &str) -> Result<(), ApiError> {
    diesel::update(webhook_deliveries::table.find(id))
        .set((
            webhook_deliveries::status.eq(DeliveryStatus::Pending.as_str()),
            webhook_deliveries::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)?;
    Ok(())
}

/// What one pass did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pass {
    pub fanned_out: usize,
    pub attempted: usize,
    pub delivered: usize,
}

/// One pass at `now`: fan out, claim, send, record.
pub async fn run_once(state: &AppState, now: NaiveDateTime) -> Result<Pass, ApiError> {
    // Queued events are sent even when queueing new ones fails this pass.
    let fanned_out = match db::run(&state.pool, move |conn| fan_out(conn, now)).await {
        Ok(n) => n,
        Err(err) => {
            log::warn!("webhooks: no events queued this pass: {err}");
            0
        }
    };
    let lease = lease(&state.config, CLAIM_BATCH);
    let claimed = db::run(&state.pool, move |conn| {
        db::write_transaction(conn, |conn| claim(conn, now, CLAIM_BATCH, lease))
    })
    .await?;
    let mut pass = Pass {
        fanned_out,
        ..Pass::default()
    };
    for (delivery, sub) in claimed {
        // Disabled meanwhile (an earlier delivery of this pass got 410, or an
        // administrator paused it): hand the delivery back unsent.
        let id = sub.id.clone();
        let current = db::run(&state.pool, move |conn| model::find_subscription(conn, &id)).await?;
        if !current.active {
            let id = delivery.id.clone();
            db::run(&state.pool, move |conn| release(conn, &id)).await?;
            continue;
        }
        let attempted = attempt(&state.config, &current, &delivery).await;
        let retry = delivery.event_id.is_some();
        let row = db::run(&state.pool, move |conn| {
            record(conn, &delivery, &attempted, now, retry)
        })
        .await?;
        pass.attempted += 1;
        if row.status == DeliveryStatus::Delivered.as_str() {
            pass.delivered += 1;
        }
    }
    Ok(pass)
}

/// Sends one delivery now, outside the schedule (a test event, a redelivery by hand).
/// A failure schedules the next retry only when `retry` (a delivery that was still
/// waiting for one).
pub async fn send_now(
    state: &AppState,
    delivery: DeliveryRow,
    retry: bool,
) -> Result<DeliveryRow, ApiError> {
    let sub = {
        let id = delivery.subscription_id.clone();
        db::run(&state.pool, move |conn| model::find_subscription(conn, &id)).await?
    };
    let attempted = attempt(&state.config, &sub, &delivery).await;
    db::run(&state.pool, move |conn| {
        record(conn, &delivery, &attempted, time::now(), retry)
    })
    .await
}

/// Runs a pass every `interval` (spawned by `api serve`), while the process lives.
pub async fn every(state: AppState, interval: Duration) {
    let mut ticks = actix_web::rt::time::interval(interval);
    loop {
        ticks.tick().await;
        match run_once(&state, time::now()).await {
            Ok(Pass { attempted: 0, .. }) => {}
            Ok(pass) => log::info!(
                "webhooks: {} attempted, {} delivered ({} new)",
                pass.attempted,
                pass.delivered,
                pass.fanned_out
            ),
            Err(err) => log::warn!("webhook pass failed: {err}"),
        }
    }
}
