//! Demonstration rounds, applications and reviews in exports: everything, drafts too
//! (an export reads every unit's).

use diesel::prelude::*;

use super::applications::ApplicationRow;
use super::reviews::ReviewRow;
use super::rounds::RoundRow;
use crate::db::schema::{demonstration_applications, demonstration_reviews, demonstration_rounds};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct RoundExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, demonstration_rounds, updated_at, RoundRow)?;
        let dtos = super::rounds::dtos(conn, &rows, true)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct ApplicationExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, demonstration_applications, updated_at, ApplicationRow)?;
        let dtos = super::applications::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct PanelReviewExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, demonstration_reviews, updated_at, ReviewRow)?;
        let dtos = super::reviews::dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
