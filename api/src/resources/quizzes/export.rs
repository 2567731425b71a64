//! Quiz data in exports: sessions, study plans, every attempt with its answers, marks
//! and key (for auditors), and each person's result per session.

use diesel::prelude::*;

use super::model::{AttemptRow, ResultRow, SessionRow, StudyPlanRow};
use crate::db::schema::{quiz_attempts, quiz_results, quiz_sessions, study_plans};
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct SessionExport by String;
    |conn, batch| {
        let now = crate::time::now();
        keyset_rows!(conn, batch, quiz_sessions, updated_at, SessionRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto(now)?, row.id, row.updated_at))
            .collect()
    }
}

exportable! {
    pub struct StudyPlanExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, study_plans, updated_at, StudyPlanRow)?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            let dto = super::plans::plan_dto(conn, &row)?;
            out.push(Exported::of(&dto, row.id, row.updated_at)?);
        }
        Ok(out)
    }
}

exportable! {
    pub struct AttemptExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, quiz_attempts, updated_at, AttemptRow)?;
        let mut out = Vec::with_capacity(rows.len());
        let mut sessions: std::collections::HashMap<String, SessionRow> = std::collections::HashMap::new();
        for row in rows {
            if !sessions.contains_key(&row.session_id) {
                let found = super::model::find_session(conn, &row.session_id)?;
                sessions.insert(row.session_id.clone(), found);
            }
            let session = &sessions[&row.session_id];
            let mut dto = super::attempts::view(conn, &row, session, super::attempts::Viewer::Organiser, crate::time::now())?;
            // An export says what is stored, not when it was read.
            dto.server_time = crate::time::to_utc(row.updated_at);
            out.push(Exported::of(&dto, row.id, row.updated_at)?);
        }
        Ok(out)
    }
}

exportable! {
    pub struct ResultExport by String;
    |conn, batch| {
        let rows = keyset_rows!(conn, batch, quiz_results, updated_at, ResultRow)?;
        let dtos = super::results::result_dtos(conn, &rows)?;
        rows.iter()
            .zip(dtos)
            .map(|(row, dto)| Exported::of(&dto, row.id.clone(), row.updated_at))
            .collect()
    }
}
