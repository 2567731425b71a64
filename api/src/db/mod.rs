//! Database layer: one connection type for SQLite and PostgreSQL, the pool, migrations
//! and the helpers handlers use to run queries off the async executor.

pub mod list;
pub mod schema;

use std::path::{Path, PathBuf};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

use crate::error::ApiError;

/// A connection to either backend. Built from the URL scheme (see [`DatabaseUrl`]),
/// never by trying each variant in turn.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(diesel::PgConnection),
    Sqlite(diesel::SqliteConnection),
}

/// The diesel backend of [`DbConnection`] (either database), for boxed queries.
pub type Db = <DbConnection as Connection>::Backend;

/// Within a write transaction on PostgreSQL, takes the row lock of `$table`'s row
/// `$id` (a text id), so that writes deciding on the same row take turns (a count
/// checked against a limit, a state checked before a change). SQLite writes one at a
/// time anyway. Evaluates to `Result<(), diesel::result::Error>`.
macro_rules! lock_row {
    ($conn:expr, $table:ident, $id:expr) => {{
        use diesel::prelude::*;
        match $conn {
            $crate::db::DbConnection::Postgres(pg) => $table::table
                .find($id)
                .select($table::id)
                .for_update()
                .first::<String>(pg)
                .optional()
                .map(|_| ()),
            _ => Ok(()),
        }
    }};
}
pub(crate) use lock_row;

/// Parses a stored id. Stored ids are written by this service, so a failure means the
/// data was altered outside it.
pub fn stored_uuid(value: &str) -> Result<uuid::Uuid, ApiError> {
    uuid::Uuid::parse_str(value)
        .map_err(|_| ApiError::internal(format!("stored id {value:?} is not a UUID")))
}

/// The backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

impl DbConnection {
    pub fn backend(&self) -> Backend {
        match self {
            DbConnection::Postgres(_) => Backend::Postgres,
            DbConnection::Sqlite(_) => Backend::Sqlite,
        }
    }
}

/// A parsed `DATABASE_URL`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatabaseUrl {
    backend: Backend,
    /// SQLite: the file path; PostgreSQL: the libpq connection URL.
    target: String,
    /// SQLite only: how hard a commit waits for the disk.
    synchronous: SqliteSynchronous,
}

/// SQLite's `PRAGMA synchronous` in WAL mode (`SQLITE_SYNCHRONOUS`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SqliteSynchronous {
    /// Every commit is on disk before it is acknowledged (the default: records with
    /// legal weight must survive a power cut).
    #[default]
    Full,
    /// Commits reach the disk at checkpoints: faster, survives a process crash, but a
    /// power cut can lose the last acknowledged commits.
    Normal,
}

impl SqliteSynchronous {
    pub fn parse(text: &str) -> Option<SqliteSynchronous> {
        match text.to_ascii_lowercase().as_str() {
            "full" => Some(SqliteSynchronous::Full),
            "normal" => Some(SqliteSynchronous::Normal),
            _ => None,
        }
    }

    fn pragma(self) -> &'static str {
        match self {
            SqliteSynchronous::Full => "FULL",
            SqliteSynchronous::Normal => "NORMAL",
        }
    }
}

impl DatabaseUrl {
    /// `sqlite://relative/path.db`, `sqlite:///absolute/path.db`, `postgres://…` or
    /// `postgresql://…`.
    pub fn parse(url: &str) -> Result<DatabaseUrl, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() || path.contains(":memory:") {
                return Err("expected sqlite://<file path>".into());
            }
            return Ok(DatabaseUrl {
                backend: Backend::Sqlite,
                target: path.to_string(),
                synchronous: SqliteSynchronous::default(),
            });
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(DatabaseUrl {
                backend: Backend::Postgres,
                target: url.to_string(),
                synchronous: SqliteSynchronous::default(),
            });
        }
        Err("expected a sqlite:// or postgres:// URL".into())
    }

    pub fn sqlite(path: &Path) -> DatabaseUrl {
        DatabaseUrl {
            backend: Backend::Sqlite,
            target: path.display().to_string(),
            synchronous: SqliteSynchronous::default(),
        }
    }

    /// The same database with SQLite commits synchronised as `synchronous`.
    pub fn with_synchronous(mut self, synchronous: SqliteSynchronous) -> DatabaseUrl {
        self.synchronous = synchronous;
        self
    }

    pub fn synchronous(&self) -> SqliteSynchronous {
        self.synchronous
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The SQLite file, if this is a SQLite URL.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        (self.backend == Backend::Sqlite).then(|| PathBuf::from(&self.target))
    }

    /// The URL with any password replaced, safe for logs.
    pub fn redacted(&self) -> String {
        match self.backend {
            Backend::Sqlite => format!("sqlite://{}", self.target),
            Backend::Postgres => redact_password(&self.target),
        }
    }

    /// Opens one connection, configured for the service.
    pub fn connect(&self, busy_timeout: Duration) -> Result<DbConnection, ConnectionError> {
        match self.backend {
            Backend::Postgres => Ok(DbConnection::Postgres(PgConnection::establish(
                &self.target,
            )?)),
            Backend::Sqlite => {
                let mut conn = SqliteConnection::establish(&self.target)?;
                // Per-connection settings: WAL for concurrent readers, commits as durable
                // as configured, enforced foreign keys, and waiting on a lock instead of
                // failing at once. `optimize` analyses any table whose size has changed
                // markedly since its statistics were taken (cheap when none has), so the
                // planner picks the right index for a scoped list.
                conn.batch_execute(&format!(
                    "PRAGMA journal_mode = WAL; PRAGMA synchronous = {}; \
                     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {}; \
                     PRAGMA optimize = 0x10002;",
                    self.synchronous.pragma(),
                    busy_timeout.as_millis()
                ))
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }
}

/// Refreshes the query planner's statistics of tables that have grown or shrunk markedly
/// since they were last taken, once a bulk write has committed. SQLite: `PRAGMA
/// optimize` (it samples, so it is quick even on large tables); PostgreSQL keeps its
/// statistics by autovacuum. A failure is logged, not returned: the write stands, and the
/// next connection opened tries again.
pub async fn refresh_statistics_after_bulk_write(pool: &DbPool) {
    let refreshed = run(pool, |conn| match conn {
        DbConnection::Sqlite(c) => Ok(c.batch_execute("PRAGMA optimize = 0x10002")?),
        DbConnection::Postgres(_) => Ok(()),
    })
    .await;
    if let Err(err) = refreshed {
        log::warn!(target: "api::db", "could not refresh planner statistics: {err:?}");
    }
}

fn redact_password(url: &str) -> String {
    // postgres://user:secret@host/db → postgres://user:***@host/db
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

mod pool;
pub use pool::{build_pool, ConnectionManager, DbPool, PooledConnection};

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");

/// Arbitrary constant that names the migration lock among PostgreSQL advisory locks.
const MIGRATION_LOCK_KEY: i64 = 0x656e_666f_7263_6501;

type MigrationError = Box<dyn std::error::Error + Send + Sync>;

/// Applies pending migrations; returns the versions applied now. Several processes
/// starting together against one PostgreSQL serialise on an advisory lock.
pub fn run_migrations(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let applied = match conn {
        DbConnection::Sqlite(c) => versions(c.run_pending_migrations(SQLITE_MIGRATIONS)?),
        DbConnection::Postgres(c) => {
            c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})"))?;
            let result = c.run_pending_migrations(POSTGRES_MIGRATIONS).map(versions);
            c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})"))?;
            result?
        }
    };
    Ok(applied)
}

fn versions(list: Vec<diesel::migration::MigrationVersion<'_>>) -> Vec<String> {
    list.iter().map(|v| v.to_string()).collect()
}

/// Reverts every migration (used by tests and by `api migrate --revert-all`).
pub fn revert_all_migrations(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let reverted = match conn {
        DbConnection::Sqlite(c) => c.revert_all_migrations(SQLITE_MIGRATIONS)?,
        DbConnection::Postgres(c) => c.revert_all_migrations(POSTGRES_MIGRATIONS)?,
    };
    Ok(reverted.iter().map(|v| v.to_string()).collect())
}

/// Versions already applied, newest last.
pub fn applied_migrations(conn: &mut DbConnection) -> Result<Vec<String>, MigrationError> {
    let mut versions = match conn {
        DbConnection::Sqlite(c) => MigrationHarness::applied_migrations(c)?,
        DbConnection::Postgres(c) => MigrationHarness::applied_migrations(c)?,
    };
    versions.sort();
    Ok(versions.iter().map(|v| v.to_string()).collect())
}

/// Runs `f` inside a write transaction. On SQLite the transaction starts with
/// `BEGIN IMMEDIATE`, so a transaction that reads before it writes cannot fail with a
/// lock-upgrade conflict; it waits on `busy_timeout` instead.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConnection::Postgres(_) => conn.transaction(f),
        DbConnection::Sqlite(inner) => {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")?;
            match f(conn) {
                Ok(value) => {
                    if let DbConnection::Sqlite(inner) = conn {
                        AnsiTransactionManager::commit_transaction(inner)?;
                    }
                    Ok(value)
                }
                Err(err) => {
                    if let DbConnection::Sqlite(inner) = conn {
                        // The original error matters more than a failed rollback.
                        let _ = AnsiTransactionManager::rollback_transaction(inner);
                    }
                    Err(err)
                }
            }
        }
    }
}

/// Runs `f` in one read-only snapshot: every query sees the database as of the first
/// one (PostgreSQL `REPEATABLE READ`; SQLite's deferred transaction in WAL mode).
pub fn read_snapshot<T, E, F>(conn: &mut DbConnection, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    conn.transaction(|conn| {
        if let DbConnection::Postgres(_) = conn {
            diesel::sql_query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                .execute(conn)?;
        }
        f(conn)
    })
}

/// Runs blocking database work on the blocking thread pool with a pooled connection.
pub async fn run<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    actix_web::web::block(move || {
        let mut conn = pool.get().map_err(ApiError::from)?;
        f(&mut conn)
    })
    .await
    .map_err(ApiError::internal)?
}

/// Like [`run`], inside a [`write_transaction`], in this process's write queue on SQLite
/// (see `DbPool::write_turn`).
pub async fn run_write<T, F>(pool: &DbPool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConnection) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let _turn = pool.write_turn().await;
    run(pool, move |conn| write_transaction(conn, f)).await
}
