//! The enforcement capability platform API server.
//!
//! `app(state)` builds the whole router; `main`, the tests and the OpenAPI generator all
//! use it, so what is served, tested and documented is one thing.

pub mod auth;
pub mod config;
pub mod db;
pub mod error;
pub mod http;
pub mod openapi;
pub mod resources;
pub mod spreadsheet;
pub mod state;
pub mod time;

use std::net::TcpListener;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::middleware::{from_fn, Compress};
use actix_web::{web, App};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

pub use config::Config;
pub use state::AppState;

fn router() -> (
    App<
        impl ServiceFactory<
            ServiceRequest,
            Config = (),
            Response = ServiceResponse<actix_web::body::BoxBody>,
            Error = actix_web::Error,
            InitError = (),
        >,
    >,
    utoipa::openapi::OpenApi,
) {
    let (app, mut api) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        // Before the /api/v1 scope, which would otherwise take the path.
        .route(
            "/api/v1/openapi.json",
            web::get().to(http::docs::openapi_json),
        )
        .service(utoipa_actix_web::scope("/api/v1").configure(resources::configure))
        .split_for_parts();
    utoipa::Modify::modify(&openapi::ProblemResponses, &mut api);
    utoipa::Modify::modify(&openapi::SharedParameters, &mut api);
    utoipa::Modify::modify(&openapi::ServerVocabularies, &mut api);
    (app, api)
}

/// The OpenAPI document of everything `app` serves.
pub fn openapi() -> utoipa::openapi::OpenApi {
    router().1
}

/// The application: every route, the middleware and the fallbacks.
pub fn app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    let (app, _) = router();
    app.app_data(web::Data::new(state))
        .route("/api/docs", web::get().to(http::docs::docs_page))
        .default_service(web::to(http::fallback::not_matched))
        .wrap(Compress::default())
        .wrap(from_fn(http::middleware::request_middleware))
}

/// Errors that stop start-up.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot prepare the database folder: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot connect to the database: {0}")]
    Connect(String),
    #[error("cannot migrate the database: {0}")]
    Migrate(String),
    #[error("cannot create reference data: {0}")]
    Seed(String),
    #[error("invalid permission matrix: {0}")]
    Policy(String),
    #[error("cannot prepare authentication: {0}")]
    Auth(String),
    #[error("cannot open the attachment store (ATTACHMENT_STORE): {0}")]
    Storage(String),
}

/// Opens the pool, applies migrations, creates reference data, loads the signing key
/// and, while there are no users, prepares the bootstrap token.
pub fn prepare(config: Config) -> Result<AppState, StartError> {
    auth::policy::Policy::parse(auth::policy::MATRIX_YAML).map_err(StartError::Policy)?;
    let pool = db::build_pool(&config.database_url, config.db_pool_size, config.db_timeout)?;
    let jwt = {
        let mut conn = pool.get().map_err(|e| StartError::Connect(e.to_string()))?;
        let applied =
            db::run_migrations(&mut conn).map_err(|e| StartError::Migrate(e.to_string()))?;
        for version in &applied {
            log::info!("applied migration {version}");
        }
        let seeded = resources::units::seed::seed_reference_units(&mut conn)
            .map_err(|e| StartError::Seed(e.to_string()))?;
        if !seeded.is_empty() {
            log::info!("created {} reference units", seeded.len());
        }
        resources::calendar::seed(&mut conn).map_err(|e| StartError::Seed(e.to_string()))?;
        resources::statistics::templates::seed(&mut conn)
            .map_err(|e| StartError::Seed(e.to_string()))?;
        resources::assessment::rule_sets::seed(&mut conn)
            .map_err(|e| StartError::Seed(e.to_string()))?;
        match resources::auth::bootstrap::prepare(&mut conn, &config).map_err(StartError::Auth)? {
            resources::auth::bootstrap::BootstrapState::Closed => {}
            resources::auth::bootstrap::BootstrapState::FromEnvironment => log::warn!(
                "no users yet: create the first administrator with BOOTSTRAP_TOKEN at POST /api/v1/auth/bootstrap (or the web UI), or run `api create-admin`"
            ),
            resources::auth::bootstrap::BootstrapState::InFile(path) => log::warn!(
                "no users yet: the one-time bootstrap token is in {} — use it at POST /api/v1/auth/bootstrap (or the web UI), or run `api create-admin`",
                path.display()
            ),
        }
        auth::jwt::JwtKeys::load(&mut conn, config.jwt_secret.as_deref())
            .map_err(|e| StartError::Auth(e.to_string()))?
    };
    let attachments = resources::attachments::Store::open(&config.attachment_store)
        .map_err(StartError::Storage)?;
    Ok(AppState::new(config, pool, jwt, attachments))
}

/// Starts the HTTP server on `listener`. The returned server runs until stopped or
/// until SIGTERM/SIGINT, after which in-flight requests get `SHUTDOWN_TIMEOUT_SECS`.
pub fn server(state: AppState, listener: TcpListener) -> std::io::Result<actix_web::dev::Server> {
    let workers = match state.config.http_workers {
        0 => std::thread::available_parallelism().map_or(2, |n| n.get()),
        n => n,
    };
    let shutdown = state.config.shutdown_timeout.as_secs();
    let server = actix_web::HttpServer::new(move || app(state.clone()))
        .workers(workers)
        .shutdown_timeout(shutdown)
        .listen(listener)?
        .run();
    Ok(server)
}
