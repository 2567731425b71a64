//! Rows of recorded degrees, their rules, their certificates (attachments) and the legal
//! archive's section.

use api_types::attachments::{FileType, EVIDENCE_MAX_BYTES};
use api_types::audit::ResourceKind;
use api_types::degrees::{Degree, DegreeContent, DegreeLevel, DegreeReward, DegreeStatus};
use api_types::{FieldError, Permission};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;

use crate::auth::Principal;
use crate::db::schema::degrees;
use crate::db::{stored_uuid, DbConnection};
use crate::error::ApiError;
use crate::resources::attachments::model::AttachmentRow;
use crate::resources::attachments::owners::OwnerRules;
use crate::time;

/// `AsChangeset` writes every column but the id and `created_at`: see `versioned_save!`.
#[derive(Debug, Clone, PartialEq, Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = degrees, treat_none_as_null = true)]
pub struct DegreeRow {
    pub id: String,
    pub user_id: String,
    pub unit_id: String,
    pub level: String,
    pub school: String,
    pub major: String,
    pub started_on: NaiveDate,
    pub graduated_on: NaiveDate,
    pub status: String,
    pub review_comment: Option<String>,
    pub verified_by_name: Option<String>,
    pub verified_at: Option<NaiveDateTime>,
    pub reward_yuan: Option<i32>,
    pub reward_note: Option<String>,
    pub rewarded_at: Option<NaiveDateTime>,
    pub version: i64,
    #[diesel(skip_update)]
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

impl DegreeRow {
    pub fn status(&self) -> Result<DegreeStatus, ApiError> {
        DegreeStatus::parse(&self.status).ok_or_else(|| ApiError::internal("stored degree status"))
    }

    pub fn apply(&mut self, content: &DegreeContent) {
        self.level = content.level.as_str().into();
        self.school = content.school.trim().to_string();
        self.major = content.major.trim().to_string();
        self.started_on = content.started_on;
        self.graduated_on = content.graduated_on;
    }
}

pub fn find(conn: &mut DbConnection, id: &str) -> Result<DegreeRow, ApiError> {
    degrees::table
        .find(id)
        .select(DegreeRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("degree"))
}

/// The dates' order: started before graduating, graduated by today.
pub fn check(content: &DegreeContent) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if content.graduated_on <= content.started_on {
        errors.push(FieldError::new(
            "graduated_on",
            "after_started_on",
            "the graduation date must come after the start",
        ));
    }
    if content.graduated_on > time::today() {
        errors.push(FieldError::new(
            "graduated_on",
            "in_the_future",
            "record a degree once it has been awarded",
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::rules(errors))
    }
}

/// Degrees as read (names and certificates in two queries for the page).
pub fn dtos(conn: &mut DbConnection, rows: &[DegreeRow]) -> Result<Vec<Degree>, ApiError> {
    let people: Vec<String> = rows.iter().map(|r| r.user_id.clone()).collect();
    let names = crate::resources::quizzes::model::user_names(conn, &people)?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut files =
        crate::resources::attachments::model::of_owners(conn, ResourceKind::Degree, &ids)?;
    rows.iter()
        .map(|r| {
            let reward = match (r.reward_yuan, &r.reward_note) {
                (Some(amount), Some(note)) => Some(DegreeReward {
                    amount_yuan: u32::try_from(amount).unwrap_or(0),
                    note: note.clone(),
                }),
                _ => None,
            };
            Ok(Degree {
                id: stored_uuid(&r.id)?,
                user_id: stored_uuid(&r.user_id)?,
                user_name: names.get(&r.user_id).cloned().unwrap_or_default(),
                unit_id: stored_uuid(&r.unit_id)?,
                content: DegreeContent {
                    level: DegreeLevel::parse(&r.level)
                        .ok_or_else(|| ApiError::internal("stored degree level"))?,
                    school: r.school.clone(),
                    major: r.major.clone(),
                    started_on: r.started_on,
                    graduated_on: r.graduated_on,
                },
                status: r.status()?,
                review_comment: r.review_comment.clone(),
                verified_by_name: r.verified_by_name.clone(),
                verified_at: r.verified_at.map(time::to_utc),
                reward,
                rewarded_at: r.rewarded_at.map(time::to_utc),
                attachments: files.remove(&r.id).unwrap_or_default(),
                version: r.version,
                created_at: time::to_utc(r.created_at),
                updated_at: time::to_utc(r.updated_at),
            })
        })
        .collect()
}

pub fn dto(conn: &mut DbConnection, row: &DegreeRow) -> Result<Degree, ApiError> {
    dtos(conn, std::slice::from_ref(row))?
        .pop()
        .ok_or_else(|| ApiError::internal("degree read back"))
}

/// The degrees `user_id` recorded, latest graduation first: the legal archive's section.
pub fn archive_section(conn: &mut DbConnection, user_id: &str) -> Result<Vec<Degree>, ApiError> {
    let rows: Vec<DegreeRow> = degrees::table
        .filter(degrees::user_id.eq(user_id))
        .order((degrees::graduated_on.desc(), degrees::id.desc()))
        .select(DegreeRow::as_select())
        .load(conn)?;
    dtos(conn, &rows)
}

/// The certificate of a degree (see `resources::attachments`): its officer attaches it
/// while the degree waits for verification or was returned; the officer and whoever
/// reads the unit's degrees read it.
pub static CERTIFICATES: OwnerRules = OwnerRules {
    kind: ResourceKind::Degree,
    max_bytes: EVIDENCE_MAX_BYTES,
    max_files: 10,
    types: FileType::ALL,
    may_change,
    may_read,
    touch,
};

const SETTLED: &str = "the degree is verified: its certificate no longer changes";

fn may_change(
    conn: &mut DbConnection,
    principal: &Principal,
    id: &str,
) -> Result<String, ApiError> {
    principal.require(Permission::DegreesRecord)?;
    let row = find(conn, id)?;
    if row.user_id != principal.id.to_string() {
        return Err(ApiError::not_found("degree"));
    }
    match row.status()? {
        DegreeStatus::Submitted | DegreeStatus::Returned => Ok(row.unit_id),
        _ => Err(ApiError::invalid_state(SETTLED)),
    }
}

fn may_read(
    conn: &mut DbConnection,
    principal: &Principal,
    file: &AttachmentRow,
) -> Result<(), ApiError> {
    let row = find(conn, &file.owner_id)?;
    if row.user_id == principal.id.to_string() {
        return Ok(());
    }
    principal.require_unit(conn, Permission::DegreesRead, &row.unit_id)
}

fn touch(conn: &mut DbConnection, id: &str, at: NaiveDateTime) -> Result<(), ApiError> {
    let open = [
        DegreeStatus::Submitted.as_str(),
        DegreeStatus::Returned.as_str(),
    ];
    let updated = diesel::update(degrees::table.find(id).filter(degrees::status.eq_any(open)))
        .set((
            degrees::version.eq(degrees::version + 1),
            degrees::updated_at.eq(at),
        ))
        .execute(conn)?;
    if updated == 0 {
        return Err(ApiError::invalid_state(SETTLED));
    }
    Ok(())
}
