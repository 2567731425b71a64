//! `GET /api/v1/training-events`: its filter and listing (see `db::list`).

use api_types::training::{TrainingCategory, TrainingEvent, TrainingStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::model::{self, EventRow};
use crate::auth::{Permission, Principal};
use crate::db::list::{like_pattern, search_text, Columns, Listing, Where};
use crate::db::schema::training_events;
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::time;

/// Filters of `GET /api/v1/training-events`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct EventFilter {
    pub organiser_unit_id: Option<Uuid>,
    pub category: Option<TrainingCategory>,
    pub status: Option<TrainingStatus>,
    /// Published events whose enrolment is open now.
    pub enrolment_open: Option<bool>,
    /// Text in the title.
    pub q: Option<String>,
}

impl ListFilter for EventFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "enrol_closes_at", "title"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// What the event list needs: whose drafts the caller sees, and the time.
pub struct EventContext {
    /// Units whose drafts the caller prepares (`None`: every unit's).
    pub draft_units: Option<Vec<String>>,
    pub now: NaiveDateTime,
}

impl EventContext {
    pub fn of(conn: &mut DbConnection, principal: &Principal) -> Result<Self, ApiError> {
        let draft_units = match principal.scope(Permission::TrainingManage) {
            None => Some(Vec::new()),
            Some(_) => principal
                .visible_units(conn, Permission::TrainingManage)?
                .map(|units| units.into_iter().collect()),
        };
        Ok(EventContext {
            draft_units,
            now: time::now(),
        })
    }
}

/// Training events.
pub struct EventList;

impl Listing for EventList {
    crate::listing_source!(training_events::table, EventRow);
    type Filter = EventFilter;
    type Context = EventContext;
    type Item = TrainingEvent;

    fn filter(
        f: &EventFilter,
        context: &EventContext,
        terms: &mut Where<training_events::table>,
    ) -> Result<(), ApiError> {
        if let Some(units) = &context.draft_units {
            terms.and(
                training_events::status
                    .ne(TrainingStatus::Draft.as_str())
                    .or(training_events::organiser_unit_id.eq_any(units.clone())),
            );
        }
        if let Some(unit) = f.organiser_unit_id {
            terms.and(training_events::organiser_unit_id.eq(unit.to_string()));
        }
        if let Some(category) = f.category {
            terms.and(training_events::category.eq(category.as_str()));
        }
        if let Some(status) = f.status {
            terms.and(training_events::status.eq(status.as_str()));
        }
        if let Some(open) = f.enrolment_open {
            let now = context.now;
            if open {
                terms.and(training_events::status.eq(TrainingStatus::Published.as_str()));
                terms.and(training_events::enrol_opens_at.le(now));
                terms.and(training_events::enrol_closes_at.gt(now));
            } else {
                terms.and(
                    training_events::status
                        .ne(TrainingStatus::Published.as_str())
                        .or(training_events::enrol_opens_at.gt(now))
                        .or(training_events::enrol_closes_at.le(now)),
                );
            }
        }
        if let Some(text) = search_text(&f.q) {
            terms.and(training_events::title.like(like_pattern(text)).escape('\\'));
        }
        Ok(())
    }

    fn columns() -> Columns<training_events::table> {
        Columns::new(training_events::id, training_events::updated_at)
            .sort("created_at", training_events::created_at)
            .sort("enrol_closes_at", training_events::enrol_closes_at)
            .sort("title", training_events::title)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<EventRow>,
        context: &EventContext,
    ) -> Result<Vec<TrainingEvent>, ApiError> {
        model::event_dtos(conn, &rows, context.now)
    }
}
