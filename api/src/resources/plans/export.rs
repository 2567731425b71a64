//! Tasks, milestones and implementation items in exports, with the statuses derived
//! on the export's day (as their own endpoints show them).

use diesel::prelude::*;

use super::model::{milestone_dtos, task_views, ItemRow, MilestoneRow, TaskRow};
use crate::db::schema::{implementation_items, milestones, tasks};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct TaskExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, tasks, updated_at, TaskRow)?;
        task_views(conn, rows)?
            .into_iter()
            .map(|view| Exported::of(&view.to_dto()?, view.row.id, view.row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct MilestoneExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, milestones, updated_at, MilestoneRow)?;
        let dtos = milestone_dtos(conn, &rows, batch.today)?;
        rows.into_iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id, row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct ItemExport by String;
    |conn, batch| {
        keyset_rows!(conn, batch, implementation_items, updated_at, ItemRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto(batch.today)?, row.id, row.updated_at))
            .collect()
    }
}
