//! Quiz sessions for organisers and result readers: the list, the builder, and a
//! session's page with its actions (preview, publish, cancel, make-up) and tabs
//! (participants, results by unit, item analysis, grading).

mod actions;
mod analysis;
pub mod builder;
pub mod detail;
mod grading;
pub mod list;
mod participants;
mod preview;
mod results;
