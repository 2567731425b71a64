//! Tasks, milestones and implementation items in exports, with the statuses derived
//! on the export's day (as their own endpoints show them).

use diesel::prelude::*;

use super::model::{milestone_dtos, task_views, ItemRow, MilestoneRow, TaskRow};
use crate::db::schema::{implementation_items, milestones, tasks};
use crate::db::DbConnection;
use crate::error::ApiError;
use crate::resources::exports::{keyset_rows, Batch, Exportable, Exported};

pub struct TaskExport;

impl Exportable for TaskExport {
    type Key = String;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, String>,
    ) -> Result<Vec<Exported<String>>, ApiError> {
        let rows = keyset_rows!(conn, batch, tasks, updated_at, TaskRow)?;
        task_views(conn, rows)?
            .into_iter()
            .map(|view| Exported::of(&view.to_dto()?, view.row.id, view.row.updated_at))
            .collect()
    }
}

pub struct MilestoneExport;

impl Exportable for MilestoneExport {
    type Key = String;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, String>,
    ) -> Result<Vec<Exported<String>>, ApiError> {
        let rows = keyset_rows!(conn, batch, milestones, updated_at, MilestoneRow)?;
        let dtos = milestone_dtos(conn, &rows, batch.today)?;
        rows.into_iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id, row.updated_at))
            .collect()
    }
}

pub struct ItemExport;

impl Exportable for ItemExport {
    type Key = String;

    fn batch(
        conn: &mut DbConnection,
        batch: &Batch<'_, String>,
    ) -> Result<Vec<Exported<String>>, ApiError> {
        keyset_rows!(conn, batch, implementation_items, updated_at, ItemRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto(batch.today)?, row.id, row.updated_at))
            .collect()
    }
}
