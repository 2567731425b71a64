//! The connection pool, and how it answers while the database is down.
//!
//! r2d2 alone makes every request wait the whole `DB_TIMEOUT_SECS` when the database is
//! unreachable (it keeps retrying in the background). The manager therefore remembers
//! whether its last attempt to connect failed; while it did, a request that finds no
//! idle connection waits at most [`FAST_FAIL`] and gets 503, so an outage is reported in
//! about a second and a busy pool still queues for the full timeout.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::r2d2::R2D2Connection;

use super::{DatabaseUrl, DbConnection};

/// The longest a request waits for a connection while the database is known down, and
/// the first wait of a pool with no connection at all.
pub const FAST_FAIL: Duration = Duration::from_secs(1);

/// r2d2 manager that opens connections for one [`DatabaseUrl`].
#[derive(Debug, Clone)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    busy_timeout: Duration,
    /// True while the last attempt to connect failed.
    down: Arc<AtomicBool>,
}

impl r2d2::ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = diesel::r2d2::Error;

    fn connect(&self) -> Result<DbConnection, Self::Error> {
        let result = self.url.connect(self.busy_timeout);
        self.down.store(result.is_err(), Ordering::Relaxed);
        result.map_err(diesel::r2d2::Error::ConnectionError)
    }

    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), Self::Error> {
        conn.batch_execute("SELECT 1")
            .map_err(diesel::r2d2::Error::QueryError)
    }

    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        match conn {
            DbConnection::Postgres(c) => c.is_broken(),
            DbConnection::Sqlite(c) => c.is_broken(),
        }
    }
}

pub type PooledConnection = r2d2::PooledConnection<ConnectionManager>;

/// The pool every request takes its connection from.
#[derive(Clone)]
pub struct DbPool {
    inner: r2d2::Pool<ConnectionManager>,
    down: Arc<AtomicBool>,
    /// SQLite only: one write transaction of this process at a time, taken in arrival
    /// order. SQLite lets one writer in at once; without this queue the others poll the
    /// lock in its busy handler, which is not first-come first-served, so under load a
    /// writer can wait out the whole busy timeout while later ones pass it.
    writes: Option<Arc<tokio::sync::Semaphore>>,
}

impl DbPool {
    /// A connection: an idle one at once; otherwise, while the database is known down
    /// or the pool has no connection yet, within [`FAST_FAIL`] (then the full timeout
    /// only if the failure was not confirmed); else within the configured timeout.
    pub fn get(&self) -> Result<PooledConnection, r2d2::Error> {
        if let Some(conn) = self.inner.try_get() {
            return Ok(conn);
        }
        let timeout = self.inner.connection_timeout();
        if self.down.load(Ordering::Relaxed) || self.inner.state().connections == 0 {
            match self.inner.get_timeout(FAST_FAIL.min(timeout)) {
                Ok(conn) => return Ok(conn),
                Err(err) if self.down.load(Ordering::Relaxed) => return Err(err),
                Err(_) => {}
            }
        }
        self.inner.get()
    }

    /// A connection within `timeout`.
    pub fn get_timeout(&self, timeout: Duration) -> Result<PooledConnection, r2d2::Error> {
        self.inner.get_timeout(timeout)
    }

    /// Connections open and idle.
    pub fn state(&self) -> r2d2::State {
        self.inner.state()
    }

    /// The pool's size (`DB_POOL_SIZE`).
    pub fn max_size(&self) -> u32 {
        self.inner.max_size()
    }

    /// The turn of a write transaction of this process (SQLite; `None` for PostgreSQL,
    /// whose writers lock rows, not the database). Hold it for the transaction. Turns
    /// come in arrival order and are waited for as long as the writers before take, as
    /// PostgreSQL's writers wait for a row lock (its `lock_timeout` is off by default);
    /// the busy timeout then only bounds waiting for writers of other processes.
    pub async fn write_turn(&self) -> Option<tokio::sync::OwnedSemaphorePermit> {
        match &self.writes {
            // The semaphore is never closed.
            Some(writes) => writes.clone().acquire_owned().await.ok(),
            None => None,
        }
    }
}

impl std::fmt::Debug for DbPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DbPool")
            .field("state", &self.inner.state())
            .field("down", &self.down.load(Ordering::Relaxed))
            .finish()
    }
}

/// Builds the pool. For SQLite the database folder is created first. The pool is built
/// lazily so a process can start (and report "not ready") while the database is down.
pub fn build_pool(url: &DatabaseUrl, size: u32, timeout: Duration) -> std::io::Result<DbPool> {
    if let Some(path) = url.sqlite_path() {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
    }
    let down = Arc::new(AtomicBool::new(false));
    let manager = ConnectionManager {
        url: url.clone(),
        busy_timeout: timeout,
        down: down.clone(),
    };
    let inner = r2d2::Pool::builder()
        .max_size(size)
        .min_idle(Some(0))
        .connection_timeout(timeout)
        .build_unchecked(manager);
    let writes = url
        .sqlite_path()
        .map(|_| Arc::new(tokio::sync::Semaphore::new(1)));
    Ok(DbPool {
        inner,
        down,
        writes,
    })
}
