//! The bank in exports: each question with its current revision and answer.

use diesel::prelude::*;

use super::model::QuestionRow;
use crate::db::schema::questions;
use crate::resources::exports::{exportable, keyset_rows, Exported};

exportable! {
    pub struct Export by String;
    |conn, batch| {
        keyset_rows!(conn, batch, questions, updated_at, QuestionRow)?
            .into_iter()
            .map(|row| Exported::of(&row.to_dto()?, row.id, row.updated_at))
            .collect()
    }
}
