//! `GET /api/v1/quiz-sessions`: its filter and listing (see `db::list`).

use api_types::quizzes::{QuizKind, QuizPhase, QuizSession, QuizStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::SessionRow;
use crate::auth::{Permission, Principal};
use crate::db::list::{like_pattern, search_text, Columns, Listing, Where};
use crate::db::schema::quiz_sessions;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::time;

/// Filters of `GET /api/v1/quiz-sessions`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct SessionFilter {
    pub organiser_unit_id: Option<Uuid>,
    pub kind: Option<QuizKind>,
    pub status: Option<QuizStatus>,
    /// Published sessions upcoming, open or closed now.
    pub phase: Option<QuizPhase>,
    pub study_plan_id: Option<Uuid>,
    /// Text in the title.
    pub q: Option<String>,
}

impl ListFilter for SessionFilter {
    const SORT_FIELDS: &'static [&'static str] = &["opens_at", "closes_at", "title"];
    const DEFAULT_SORT: &'static str = "-opens_at";
}

/// What the session list needs: whose drafts the caller sees, and the time.
pub struct SessionContext {
    /// Units whose drafts the caller prepares (`None`: every unit's).
    pub draft_units: Option<Vec<String>>,
    pub now: NaiveDateTime,
}

impl SessionContext {
    pub fn of(conn: &mut DbConnection, principal: &Principal) -> Result<Self, ApiError> {
        let draft_units = match principal.scope(Permission::QuizzesManage) {
            None => Some(Vec::new()),
            Some(_) => principal
                .visible_units(conn, Permission::QuizzesManage)?
                .map(|units| units.into_iter().collect()),
        };
        Ok(SessionContext {
            draft_units,
            now: time::now(),
        })
    }
}

/// Quiz sessions.
pub struct SessionList;

impl Listing for SessionList {
    crate::listing_source!(quiz_sessions::table, SessionRow);
    type Filter = SessionFilter;
    type Context = SessionContext;
    type Item = QuizSession;

    fn filter(
        f: &SessionFilter,
        context: &SessionContext,
        terms: &mut Where<quiz_sessions::table>,
    ) -> Result<(), ApiError> {
        if let Some(units) = &context.draft_units {
            terms.and(
                quiz_sessions::status
                    .ne(QuizStatus::Draft.as_str())
                    .or(quiz_sessions::organiser_unit_id.eq_any(units.clone())),
            );
        }
        if let Some(unit) = f.organiser_unit_id {
            terms.and(quiz_sessions::organiser_unit_id.eq(unit.to_string()));
        }
        if let Some(kind) = f.kind {
            terms.and(quiz_sessions::kind.eq(kind.as_str()));
        }
        if let Some(status) = f.status {
            terms.and(quiz_sessions::status.eq(status.as_str()));
        }
        if let Some(phase) = f.phase {
            terms.and(quiz_sessions::status.eq(QuizStatus::Published.as_str()));
            let now = context.now;
            match phase {
                QuizPhase::Upcoming => terms.and(quiz_sessions::opens_at.gt(now)),
                QuizPhase::Open => {
                    terms.and(quiz_sessions::opens_at.le(now));
                    terms.and(quiz_sessions::closes_at.gt(now));
                }
                QuizPhase::Closed => terms.and(quiz_sessions::closes_at.le(now)),
            }
        }
        if let Some(plan) = f.study_plan_id {
            terms.and(quiz_sessions::study_plan_id.eq(plan.to_string()));
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(quiz_sessions::title.like(like_pattern(text)).escape('\\'));
        }
        Ok(())
    }

    fn columns() -> Columns<quiz_sessions::table> {
        Columns::new(quiz_sessions::id, quiz_sessions::updated_at)
            .sort("opens_at", quiz_sessions::opens_at)
            .sort("closes_at", quiz_sessions::closes_at)
            .sort("title", quiz_sessions::title)
    }

    fn items(
        _: &mut DbConnection,
        rows: Vec<SessionRow>,
        context: &SessionContext,
    ) -> Result<Vec<QuizSession>, ApiError> {
        rows.iter().map(|r| r.to_dto(context.now)).collect()
    }
}
