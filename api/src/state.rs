//! Shared application state, one per process (cloned into each worker).

use std::sync::Arc;

use actix_web::web::Bytes;

use crate::auth::jwt::JwtKeys;
use crate::config::Config;
use crate::db::DbPool;
use crate::error::ApiError;
use crate::http::fallback::RouteIndex;
use crate::resources::attachments::Store;

#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub pool: DbPool,
    /// Access-token signing keys (shared by every process on the database).
    pub jwt: JwtKeys,
    /// Route shapes, to answer 405 for a known path with the wrong method.
    pub routes: Arc<RouteIndex>,
    /// The OpenAPI document, serialised once.
    pub openapi_json: Bytes,
    /// The `/api/docs` page, rendered once.
    pub docs_html: Bytes,
    /// Exports running at once (each holds a connection while it streams).
    pub export_slots: Arc<tokio::sync::Semaphore>,
    /// Where attached files are kept.
    pub attachments: Store,
}

impl AppState {
    /// One of the export slots, held while an export streams (429 when all are taken).
    pub fn export_slot(&self) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
        self.export_slots.clone().try_acquire_owned().map_err(|_| {
            ApiError::too_many_requests("too many exports are running; retry shortly", 10)
        })
    }

    pub fn new(config: Config, pool: DbPool, jwt: JwtKeys, attachments: Store) -> AppState {
        let spec = crate::openapi();
        let value = serde_json::to_value(&spec).unwrap_or_default();
        let openapi_json = Bytes::from(serde_json::to_vec(&value).unwrap_or_default());
        let docs_html = Bytes::from(crate::http::docs::render(&value));
        let export_slots = Arc::new(tokio::sync::Semaphore::new(
            (config.db_pool_size as usize / 4).max(1),
        ));
        AppState {
            export_slots,
            attachments,
            config: Arc::new(config),
            pool,
            jwt,
            routes: Arc::new(RouteIndex::from_openapi(&spec)),
            openapi_json,
            docs_html,
        }
    }
}
