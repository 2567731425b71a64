//! Statistics reports in exports, each with its computed side as read now.

use std::collections::HashMap;

use diesel::prelude::*;

use super::model::{self, ReportRow, TemplateRow};
use crate::db::schema::{statistics_reports, statistics_templates};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, statistics_reports, updated_at, ReportRow)?;
        let ids: Vec<&str> = rows.iter().map(|r| r.template_id.as_str()).collect();
        let templates: HashMap<String, TemplateRow> = statistics_templates::table
            .filter(statistics_templates::id.eq_any(ids))
            .select(TemplateRow::as_select())
            .load(conn)?
            .into_iter()
            .map(|t| (t.id.clone(), t))
            .collect();
        rows.into_iter()
            .map(|row| {
                let template = templates
                    .get(&row.template_id)
                    .ok_or_else(|| crate::error::ApiError::internal("report without its template"))?;
                Exported::of(&model::dto(conn, &row, template)?, row.id, row.updated_at)
            })
            .collect()
    }
}
