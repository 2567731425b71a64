//! Appending to and verifying the hash chain.
//!
//! Row `n` stores `prev_hash` (row `n-1`'s hash, zeros for row 1) and
//! `hash = SHA-256(prev_hash || canonical(row))`. The canonical encoding lists every
//! field in a fixed order with its length, so no two different rows encode alike. Ids
//! run from 1 without gaps, so a deleted row shows as a gap. The head row
//! (`audit_head`) is updated first by every append, which serialises appends across
//! processes and also reveals rows deleted from the end.

use api_types::audit::{AuditEvent, AuditVerification};
use diesel::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::auth::Actor;
use crate::db::schema::{audit_events, audit_head};
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::time;
use api_types::audit::{AuditAction, ResourceKind};

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One change to record: what was done to which resource, before and after.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: AuditAction,
    pub resource_type: ResourceKind,
    pub resource_id: String,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

impl Change {
    pub fn new(
        action: AuditAction,
        resource_type: ResourceKind,
        resource_id: impl ToString,
    ) -> Change {
        Change {
            action,
            resource_type,
            resource_id: resource_id.to_string(),
            before: None,
            after: None,
        }
    }

    pub fn created(
        resource_type: ResourceKind,
        resource_id: impl ToString,
        after: &impl Serialize,
    ) -> Change {
        Change::new(AuditAction::Create, resource_type, resource_id).with_after(after)
    }

    pub fn updated(
        resource_type: ResourceKind,
        resource_id: impl ToString,
        before: &impl Serialize,
        after: &impl Serialize,
    ) -> Change {
        Change::transition(
            AuditAction::Update,
            resource_type,
            resource_id,
            before,
            after,
        )
    }

    /// `action` took the resource from `before` to `after` (publish, reply, close, …).
    pub fn transition(
        action: AuditAction,
        resource_type: ResourceKind,
        resource_id: impl ToString,
        before: &impl Serialize,
        after: &impl Serialize,
    ) -> Change {
        Change::new(action, resource_type, resource_id)
            .with_before(before)
            .with_after(after)
    }

    pub fn with_before(mut self, value: &impl Serialize) -> Change {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn with_after(mut self, value: &impl Serialize) -> Change {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = audit_events)]
pub struct AuditRow {
    pub id: i64,
    pub occurred_at: chrono::NaiveDateTime,
    pub actor_user_id: Option<String>,
    pub actor_service_account_id: Option<String>,
    pub actor_unit_id: Option<String>,
    pub actor_roles: String,
    pub action: String,
    pub resource_type: String,
    pub resource_id: String,
    pub request_id: Option<String>,
    pub client_addr: Option<String>,
    pub before_json: Option<String>,
    pub after_json: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl AuditRow {
    /// The canonical encoding hashed into the chain.
    fn canonical(&self) -> String {
        fn field(out: &mut String, name: &str, value: Option<&str>) {
            match value {
                Some(v) => out.push_str(&format!("{name}={}:{v};", v.len())),
                None => out.push_str(&format!("{name}=~;")),
            }
        }
        let mut out = String::new();
        let id = self.id.to_string();
        let at = self
            .occurred_at
            .format("%Y-%m-%dT%H:%M:%S%.6fZ")
            .to_string();
        field(&mut out, "id", Some(&id));
        field(&mut out, "occurred_at", Some(&at));
        field(&mut out, "actor_user_id", self.actor_user_id.as_deref());
        field(
            &mut out,
            "actor_service_account_id",
            self.actor_service_account_id.as_deref(),
        );
        field(&mut out, "actor_unit_id", self.actor_unit_id.as_deref());
        field(&mut out, "actor_roles", Some(&self.actor_roles));
        field(&mut out, "action", Some(&self.action));
        field(&mut out, "resource_type", Some(&self.resource_type));
        field(&mut out, "resource_id", Some(&self.resource_id));
        field(&mut out, "request_id", self.request_id.as_deref());
        field(&mut out, "client_addr", self.client_addr.as_deref());
        field(&mut out, "before", self.before_json.as_deref());
        field(&mut out, "after", self.after_json.as_deref());
        out
    }

    fn compute_hash(&self, prev_hash: &str) -> String {
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(b"\n");
        hasher.update(self.canonical().as_bytes());
        hex::encode(hasher.finalize())
    }

    pub fn to_dto(&self) -> Result<AuditEvent, ApiError> {
        let parse =
            |text: &Option<String>| text.as_deref().and_then(|t| serde_json::from_str(t).ok());
        let id = |text: &Option<String>| text.as_deref().map(stored_uuid).transpose();
        Ok(AuditEvent {
            id: self.id,
            occurred_at: time::to_utc(self.occurred_at),
            actor_user_id: id(&self.actor_user_id)?,
            actor_service_account_id: id(&self.actor_service_account_id)?,
            actor_unit_id: id(&self.actor_unit_id)?,
            actor_roles: self.actor_roles.clone(),
            action: self.action.clone(),
            resource_type: self.resource_type.clone(),
            resource_id: self.resource_id.clone(),
            request_id: self.request_id.clone(),
            client_addr: self.client_addr.clone(),
            before: parse(&self.before_json),
            after: parse(&self.after_json),
            hash: self.hash.clone(),
            prev_hash: self.prev_hash.clone(),
        })
    }
}

/// Appends `change` by `actor`. Must run inside the transaction of the change itself.
pub fn append(conn: &mut DbConnection, actor: &Actor, change: &Change) -> Result<i64, ApiError> {
    // Taking the head row first serialises appenders (row lock / SQLite write lock).
    diesel::update(audit_head::table.find(1))
        .set(audit_head::last_id.eq(audit_head::last_id + 1))
        .execute(conn)?;
    let (id, prev_hash): (i64, String) = audit_head::table
        .find(1)
        .select((audit_head::last_id, audit_head::last_hash))
        .first(conn)?;
    let json = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    let mut row = AuditRow {
        id,
        occurred_at: time::now(),
        actor_user_id: actor.user_id.clone(),
        actor_service_account_id: actor.service_account_id.clone(),
        actor_unit_id: actor.unit_id.clone(),
        actor_roles: actor.roles.clone(),
        action: change.action.as_str().to_string(),
        resource_type: change.resource_type.as_str().to_string(),
        resource_id: change.resource_id.clone(),
        request_id: actor.request_id.clone(),
        client_addr: actor.client_addr.clone(),
        before_json: json(&change.before),
        after_json: json(&change.after),
        prev_hash: prev_hash.clone(),
        hash: String::new(),
    };
    row.hash = row.compute_hash(&prev_hash);
    diesel::insert_into(audit_events::table)
        .values(&row)
        .execute(conn)?;
    diesel::update(audit_head::table.find(1))
        .set(audit_head::last_hash.eq(&row.hash))
        .execute(conn)?;
    Ok(id)
}

/// Walks the whole chain in id order, in batches, and reports the first broken row.
pub fn verify(conn: &mut DbConnection) -> Result<AuditVerification, ApiError> {
    const BATCH: i64 = 2000;
    let mut expected_id = 1i64;
    let mut prev_hash = GENESIS_HASH.to_string();
    let mut checked = 0u64;
    let mut broken: Option<i64> = None;
    'outer: loop {
        let rows: Vec<AuditRow> = audit_events::table
            .filter(audit_events::id.ge(expected_id))
            .order(audit_events::id.asc())
            .limit(BATCH)
            .select(AuditRow::as_select())
            .load(conn)?;
        if rows.is_empty() {
            break;
        }
        for row in &rows {
            checked += 1;
            if row.id != expected_id {
                broken = Some(expected_id);
                break 'outer;
            }
            if row.prev_hash != prev_hash || row.compute_hash(&prev_hash) != row.hash {
                broken = Some(row.id);
                break 'outer;
            }
            prev_hash = row.hash.clone();
            expected_id += 1;
        }
    }
    let last_id = expected_id - 1;
    let (head_id, head_hash): (i64, String) = audit_head::table
        .find(1)
        .select((audit_head::last_id, audit_head::last_hash))
        .first(conn)?;
    if broken.is_none() && (head_id != last_id || head_hash != prev_hash) {
        // Rows removed from the end of the chain (or the head altered).
        broken = Some(last_id + 1);
    }
    Ok(AuditVerification {
        ok: broken.is_none(),
        checked,
        first_broken_id: broken,
        head_hash: (head_id > 0).then_some(head_hash),
        head_id: (head_id > 0).then_some(head_id),
    })
}
