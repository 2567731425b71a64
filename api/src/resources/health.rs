//! Liveness (`/health`) and readiness (`/ready`).

use actix_web::{get, web, HttpResponse};
use api_types::health::{Health, Ready};
use api_types::ErrorCode;
use diesel::connection::SimpleConnection;

use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(health).service(ready);
}

/// The process is alive.
#[utoipa::path(tag = "health", responses((status = 200, body = Health)))]
#[get("/health")]
async fn health() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Health {
            status: "ok".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        })
}

/// The process can serve requests: the database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, body = Ready),
        (status = 503, description = "Database unreachable", body = api_types::Problem, content_type = "application/problem+json")
    )
)]
#[get("/ready")]
async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let pool = state.pool.clone();
    let backend = state.config.database_url.backend();
    let schema_version = web::block(move || -> Result<Option<String>, ApiError> {
        // The details (host, port, driver message) go to the log, not to the client.
        let mut conn = pool.get()?;
        conn.batch_execute("SELECT 1").map_err(|e| {
            log::warn!("readiness: the database does not answer: {e}");
            ApiError::new(
                ErrorCode::DatabaseUnavailable,
                "the database does not answer",
            )
        })?;
        Ok(db::applied_migrations(&mut conn)
            .ok()
            .and_then(|v| v.last().cloned()))
    })
    .await
    .map_err(ApiError::internal)??;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(Ready {
            status: "ready".into(),
            database: backend.as_str().into(),
            schema_version,
        }))
}
