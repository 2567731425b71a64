//! Discretion benchmarks (裁量权基准): per power item, circumstance tiers with their fine
//! ranges and the aggravating/mitigating factors, in dated versions that are never
//! edited. The calculator (`POST /api/v1/discretion/evaluate`) and the reads are public.

pub mod evaluate;
mod handlers;
pub mod model;

pub use handlers::configure;
