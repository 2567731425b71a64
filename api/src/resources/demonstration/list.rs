//! The filters and listings of rounds, applications and reviews (see `db::list`), and
//! who sees which application.

use api_types::demonstration::{
    ApplicationStatus, DemonstrationApplication, DemonstrationReview, DemonstrationRound,
    ReviewPhase, RoundStatus,
};
use api_types::Permission;
use diesel::prelude::*;
use serde::Deserialize;
use uuid::Uuid;

use super::applications::{self, ApplicationRow};
use super::reviews::{self, ReviewRow};
use super::rounds::{self, RoundRow};
use crate::auth::Principal;
use crate::db::list::{Columns, Listing, UnitScope, Where};
use crate::db::schema::{demonstration_applications, demonstration_reviews, demonstration_rounds};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::http::extract::ListFilter;
use crate::resources::assessment::tree::UnitTree;

/// Filters of `GET /api/v1/demonstration-rounds`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct RoundFilter {
    #[param(minimum = 2000, maximum = 2100)]
    pub year: Option<i32>,
    pub status: Option<RoundStatus>,
}

impl ListFilter for RoundFilter {
    const SORT_FIELDS: &'static [&'static str] = &["year", "created_at"];
    const DEFAULT_SORT: &'static str = "-year";
}

pub struct RoundList;

impl Listing for RoundList {
    crate::listing_source!(demonstration_rounds::table, RoundRow);
    type Filter = RoundFilter;
    /// Whether the caller decides (sees the named units before publication).
    type Context = bool;
    type Item = DemonstrationRound;

    fn filter(
        f: &RoundFilter,
        _: &bool,
        terms: &mut Where<demonstration_rounds::table>,
    ) -> Result<(), ApiError> {
        if let Some(year) = f.year {
            crate::http::extract::check_year(year, "year", api_types::ErrorCode::InvalidQuery)?;
            terms.and(demonstration_rounds::year.eq(year));
        }
        if let Some(status) = f.status {
            terms.and(demonstration_rounds::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<demonstration_rounds::table> {
        Columns::new(demonstration_rounds::id, demonstration_rounds::updated_at)
            .sort("year", demonstration_rounds::year)
            .sort("created_at", demonstration_rounds::created_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<RoundRow>,
        decider: &bool,
    ) -> Result<Vec<DemonstrationRound>, ApiError> {
        rounds::dtos(conn, &rows, *decider)
    }
}

/// Filters of `GET /api/v1/demonstration-applications`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ApplicationFilter {
    pub round_id: Option<Uuid>,
    /// Applications of this unit (within the caller's scope).
    pub unit_id: Option<Uuid>,
    pub status: Option<ApplicationStatus>,
}

impl ListFilter for ApplicationFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "submitted_at"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Which applications a caller sees:
/// - every one of the units in their scope, drafts too (a brigade its own, a county its
///   brigades');
/// - with every unit in scope (the city bureau, sections, auditors): the recommended
///   ones, and those the city bureau itself recommends once submitted;
/// - as a panel member: the recommended ones of the rounds they review.
pub struct ApplicationScope {
    own: UnitScope,
    city_bureau: Option<String>,
    panel_rounds: Vec<String>,
}

impl ApplicationScope {
    pub fn of(
        conn: &mut DbConnection,
        principal: &Principal,
        requested: Option<Uuid>,
    ) -> Result<ApplicationScope, ApiError> {
        let own = UnitScope::of(conn, principal, Permission::DemonstrationRead, requested)?;
        let city_bureau = match own.units {
            None => UnitTree::load(conn)?.city_bureau().map(str::to_string),
            Some(_) => None,
        };
        Ok(ApplicationScope {
            own,
            city_bureau,
            panel_rounds: rounds::panel_rounds(conn, principal)?,
        })
    }

    /// Whether the caller reads every unit (and so sees recommended applications only).
    pub fn reads_every_unit(&self) -> bool {
        self.own.units.is_none()
    }

    /// Whether the scope holds `row` (the same rule as the list's condition).
    pub fn sees(&self, row: &ApplicationRow) -> Result<bool, ApiError> {
        let status = row.status()?;
        let recommended = status == ApplicationStatus::Recommended;
        Ok(match &self.own.units {
            Some(units) => {
                units.contains(&row.unit_id)
                    || (recommended && self.panel_rounds.contains(&row.round_id))
            }
            None => {
                recommended
                    || (status != ApplicationStatus::Draft
                        && self.city_bureau.as_deref() == Some(row.recommender_unit_id.as_str()))
            }
        })
    }
}

pub struct ApplicationList;

impl Listing for ApplicationList {
    crate::listing_source!(demonstration_applications::table, ApplicationRow);
    type Filter = ApplicationFilter;
    type Context = ApplicationScope;
    type Item = DemonstrationApplication;

    fn filter(
        f: &ApplicationFilter,
        scope: &ApplicationScope,
        terms: &mut Where<demonstration_applications::table>,
    ) -> Result<(), ApiError> {
        let recommended = ApplicationStatus::Recommended.as_str();
        match &scope.own.units {
            Some(units) => terms.and(
                demonstration_applications::unit_id
                    .eq_any(units.clone())
                    .or(demonstration_applications::status.eq(recommended).and(
                        demonstration_applications::round_id.eq_any(scope.panel_rounds.clone()),
                    )),
            ),
            None => terms.and(
                demonstration_applications::status.eq(recommended).or(
                    demonstration_applications::status
                        .ne(ApplicationStatus::Draft.as_str())
                        .and(
                            demonstration_applications::recommender_unit_id
                                .eq(scope.city_bureau.clone().unwrap_or_default()),
                        ),
                ),
            ),
        }
        if let Some(round) = f.round_id {
            terms.and(demonstration_applications::round_id.eq(round.to_string()));
        }
        if let Some(unit) = f.unit_id {
            terms.and(demonstration_applications::unit_id.eq(unit.to_string()));
        }
        if let Some(status) = f.status {
            terms.and(demonstration_applications::status.eq(status.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<demonstration_applications::table> {
        Columns::new(
            demonstration_applications::id,
            demonstration_applications::updated_at,
        )
        .sort("created_at", demonstration_applications::created_at)
        .sort("submitted_at", demonstration_applications::submitted_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ApplicationRow>,
        _: &ApplicationScope,
    ) -> Result<Vec<DemonstrationApplication>, ApiError> {
        applications::dtos(conn, &rows)
    }
}

/// Filters of `GET /api/v1/demonstration-reviews`.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PanelReviewFilter {
    pub round_id: Option<Uuid>,
    pub application_id: Option<Uuid>,
    pub phase: Option<ReviewPhase>,
}

impl ListFilter for PanelReviewFilter {
    const SORT_FIELDS: &'static [&'static str] = &["created_at", "submitted_at"];
    const DEFAULT_SORT: &'static str = "-created_at";
}

/// Whose reviews a caller sees: a panel member their own (the panel scores
/// independently); the city bureau every one; other readers (auditors, other systems)
/// those of the units in their scope.
pub struct ReviewerScope {
    /// Only this reviewer's.
    reviewer: Option<String>,
    units: UnitScope,
}

impl ReviewerScope {
    pub fn of(conn: &mut DbConnection, principal: &Principal) -> Result<ReviewerScope, ApiError> {
        if principal.scope(Permission::DemonstrationManage).is_some() {
            return Ok(ReviewerScope {
                reviewer: None,
                units: UnitScope::all(),
            });
        }
        if principal.scope(Permission::DemonstrationReview).is_some() {
            return Ok(ReviewerScope {
                reviewer: Some(principal.id.to_string()),
                units: UnitScope::all(),
            });
        }
        Ok(ReviewerScope {
            reviewer: None,
            units: UnitScope::of(conn, principal, Permission::DemonstrationRead, None)?,
        })
    }

    pub fn sees(&self, row: &ReviewRow) -> bool {
        self.reviewer
            .as_ref()
            .is_none_or(|me| *me == row.reviewer_id)
            && self
                .units
                .units
                .as_ref()
                .is_none_or(|units| units.contains(&row.unit_id))
    }
}

pub struct PanelReviewList;

impl Listing for PanelReviewList {
    crate::listing_source!(demonstration_reviews::table, ReviewRow);
    type Filter = PanelReviewFilter;
    type Context = ReviewerScope;
    type Item = DemonstrationReview;

    fn filter(
        f: &PanelReviewFilter,
        scope: &ReviewerScope,
        terms: &mut Where<demonstration_reviews::table>,
    ) -> Result<(), ApiError> {
        if let Some(me) = &scope.reviewer {
            terms.and(demonstration_reviews::reviewer_id.eq(me.clone()));
        }
        terms.scope(&scope.units, demonstration_reviews::unit_id)?;
        if let Some(round) = f.round_id {
            terms.and(demonstration_reviews::round_id.eq(round.to_string()));
        }
        if let Some(app) = f.application_id {
            terms.and(demonstration_reviews::application_id.eq(app.to_string()));
        }
        if let Some(phase) = f.phase {
            terms.and(demonstration_reviews::phase.eq(phase.as_str()));
        }
        Ok(())
    }

    fn columns() -> Columns<demonstration_reviews::table> {
        Columns::new(demonstration_reviews::id, demonstration_reviews::updated_at)
            .sort("created_at", demonstration_reviews::created_at)
            .sort("submitted_at", demonstration_reviews::submitted_at)
    }

    fn items(
        conn: &mut DbConnection,
        rows: Vec<ReviewRow>,
        _: &ReviewerScope,
    ) -> Result<Vec<DemonstrationReview>, ApiError> {
        reviews::dtos(conn, &rows)
    }
}
