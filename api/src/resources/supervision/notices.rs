//! Supervision notice rows and rules.

use api_types::plans::{NoticeStatus, SupervisionNotice};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use api_types::audit::{AuditAction, ResourceKind};

use crate::db::schema::supervision_notices;
use crate::db::stored_uuid;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::write::{check_version, versioned_save, Outcome};
use crate::resources::audit_events::Change;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at` (`None` as NULL):
/// see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = supervision_notices, treat_none_as_null = true)]
pub struct NoticeRow {
    pub id: String,
    pub plan_id: String,
    pub task_id: String,
    pub milestone_id: Option<String>,
    pub item_id: Option<String>,
    pub unit_id: String,
    pub issued_by_unit_id: String,
    pub issued_by_user_id: Option<String>,
    pub subject: String,
    pub body: String,
    pub reply_deadline: NaiveDate,
    pub status: String,
    pub reply: Option<String>,
    pub replied_at: Option<NaiveDateTime>,
    pub replied_by: Option<String>,
    pub closed_at: Option<NaiveDateTime>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The document number's year and serial (督办〔year〕serial号), per issuing unit.
    #[diesel(skip_update)]
    pub doc_year: i32,
    #[diesel(skip_update)]
    pub doc_serial: i32,
}

impl NoticeRow {
    /// 督办〔2026〕3号.
    pub fn document_number(&self) -> String {
        format!("督办〔{}〕{}号", self.doc_year, self.doc_serial)
    }

    pub fn status(&self) -> Result<NoticeStatus, ApiError> {
        NoticeStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored notice status"))
    }

    pub fn to_dto(&self, today: NaiveDate) -> Result<SupervisionNotice, ApiError> {
        let status = self.status()?;
        let id = |v: &Option<String>| v.as_deref().map(stored_uuid).transpose();
        Ok(SupervisionNotice {
            id: stored_uuid(&self.id)?,
            plan_id: stored_uuid(&self.plan_id)?,
            task_id: stored_uuid(&self.task_id)?,
            milestone_id: id(&self.milestone_id)?,
            item_id: id(&self.item_id)?,
            unit_id: stored_uuid(&self.unit_id)?,
            issued_by_unit_id: stored_uuid(&self.issued_by_unit_id)?,
            document_number: self.document_number(),
            subject: self.subject.clone(),
            body: self.body.clone(),
            reply_deadline: self.reply_deadline,
            status,
            reply_overdue: status == NoticeStatus::Issued && today > self.reply_deadline,
            reply: self.reply.clone(),
            replied_at: self.replied_at.map(time::to_utc),
            closed_at: self.closed_at.map(time::to_utc),
            version: self.version,
            created_at: time::to_utc(self.created_at),
            updated_at: time::to_utc(self.updated_at),
        })
    }
}

/// The next serial of `unit`'s notices in `year` (the unique index refuses a second
/// use).
pub fn next_serial(conn: &mut DbConnection, unit: &str, year: i32) -> Result<i32, ApiError> {
    // Two notices of one unit issued at once on PostgreSQL would read the same last
    // serial: the issuing unit's row is locked first, so they take turns. (SQLite has
    // one writer.)
    if let DbConnection::Postgres(pg) = conn {
        use crate::db::schema::units;
        units::table
            .find(unit)
            .select(units::id)
            .for_update()
            .first::<String>(pg)
            .optional()?;
    }
    let last: Option<i32> = supervision_notices::table
        .filter(supervision_notices::issued_by_unit_id.eq(unit))
        .filter(supervision_notices::doc_year.eq(year))
        .select(diesel::dsl::max(supervision_notices::doc_serial))
        .first(conn)?;
    Ok(last.unwrap_or(0) + 1)
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<NoticeRow, ApiError> {
    supervision_notices::table
        .find(id)
        .select(NoticeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("supervision notice"))
}

/// Moves a notice to its next state, the one transition path of reply and close: the
/// version must be `expected` and the status one `allowed` accepts (else 409 with
/// `refused`); `apply` changes a copy (given the time of the change), which is saved as
/// the next version and recorded as `action` with the notice before and after.
pub fn transition(
    conn: &mut DbConnection,
    current: NoticeRow,
    expected: i64,
    action: AuditAction,
    allowed: impl FnOnce(NoticeStatus) -> bool,
    refused: &'static str,
    apply: impl FnOnce(&mut NoticeRow, NaiveDateTime),
) -> Result<Outcome, ApiError> {
    check_version(current.version, expected)?;
    if !allowed(current.status()?) {
        return Err(ApiError::invalid_state(refused));
    }
    let day = time::today();
    let before = current.to_dto(day)?;
    let now = time::now();
    let mut next = current.clone();
    apply(&mut next, now);
    versioned_save!(conn, supervision_notices, &mut next, current.version, now)?;
    // Replied or closed: the notice no longer waits for its unit.
    crate::resources::notifications::settle(
        conn,
        api_types::notifications::NotificationKind::NoticeReceived,
        &current.id,
    )?;
    let after = find(conn, &current.id)?.to_dto(day)?;
    Outcome::updated(
        &after,
        after.version,
        Change::transition(
            action,
            ResourceKind::SupervisionNotice,
            after.id,
            &before,
            &after,
        ),
    )
}
