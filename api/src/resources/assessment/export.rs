//! Rule sets, case reviews, runs and notices in exports.

use diesel::prelude::*;

use super::notices::NoticeRow;
use super::reviews::ReviewRow;
use super::rule_sets::RuleSetRow;
use super::runs::RunRow;
use crate::db::list::UnitScope;
use crate::db::schema::{assessment_notices, assessment_runs, case_reviews, rule_sets};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct RuleSetExport by String;
    |conn, batch| {
        keyset_rows!(conn, batch, rule_sets, updated_at, RuleSetRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct ReviewExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, case_reviews, updated_at, ReviewRow)?;
        let dtos = super::reviews::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct RunExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, assessment_runs, updated_at, RunRow)?;
        rows.iter()
            .map(|row| Exported::of(&super::runs::dto(conn, row, &UnitScope::all())?, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct NoticeExport by String;
    |conn, batch| {
        keyset_rows!(conn, batch, assessment_notices, updated_at, NoticeRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}
