//! Configuration from environment variables, with documented defaults.
//!
//! Every variable is listed in `.env.example` and in the README. An invalid value stops
//! start-up with a one-line message naming the variable.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use crate::db::{DatabaseUrl, SqliteSynchronous};

/// Validated server configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// `BIND_ADDR`: address and port the HTTP server listens on.
    pub bind_addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://path` or `postgres://…`; for SQLite,
    /// `SQLITE_SYNCHRONOUS` (`full`, the default, or `normal`) says how durable a commit
    /// is when it is acknowledged.
    pub database_url: DatabaseUrl,
    /// `DB_POOL_SIZE`: maximum open database connections per process.
    pub db_pool_size: u32,
    /// `DB_TIMEOUT_SECS`: how long a request waits for a connection (and SQLite for a lock).
    pub db_timeout: Duration,
    /// `MAX_BODY_BYTES`: largest accepted request body.
    pub max_body_bytes: usize,
    /// `HTTP_WORKERS`: worker threads; 0 means one per CPU.
    pub http_workers: usize,
    /// `SHUTDOWN_TIMEOUT_SECS`: how long in-flight requests may take to finish on SIGTERM.
    pub shutdown_timeout: Duration,
    /// `WEB_DIST_DIR`: folder with the built SPA, served at `/` when present.
    pub web_dist_dir: PathBuf,
    /// `ACCESS_TOKEN_TTL_SECS`: lifetime of access JWTs.
    pub access_token_ttl: Duration,
    /// `REFRESH_TOKEN_TTL_SECS`: a refresh token not used within this time expires.
    pub refresh_token_ttl: Duration,
    /// `SESSION_MAX_SECS`: a sign-in ends after this time however often it is refreshed.
    pub session_max: Duration,
    /// `JWT_SECRET`: HMAC key for access tokens. When unset, a key generated on first
    /// start is kept in the database, so every process on it agrees.
    pub jwt_secret: Option<String>,
    /// `TRUST_FORWARDED_FOR`: take the client address from `X-Forwarded-For` (only
    /// behind a reverse proxy that sets it).
    pub trust_forwarded_for: bool,
    /// `BOOTSTRAP_TOKEN`: one-time token for creating the first administrator; when
    /// unset and there are no users, a random one is generated and logged.
    pub bootstrap_token: Option<String>,
    /// `BOOTSTRAP_TOKEN_FILE`: where a generated bootstrap token is written (mode 0600).
    pub bootstrap_token_file: PathBuf,
    /// `EXPORT_STALL_SECS`: an export whose client reads nothing for this long is
    /// abandoned (it holds a connection and a snapshot while it waits).
    pub export_stall_limit: Duration,
    /// `HSTS_MAX_AGE_SECS`: when above 0, every answer carries
    /// `Strict-Transport-Security` with this max-age (set it only when the server is
    /// reached over TLS, directly or through the proxy).
    pub hsts_max_age: u64,
    /// `REMINDER_INTERVAL_SECS`: how often each server process runs the deadline
    /// reminder job (0: never by itself; `api remind` or the API still run it).
    pub reminder_interval: Duration,
    /// `REMINDER_LEAD_DAYS`: "due soon" means due within this many working days.
    pub reminder_lead_days: u32,
    /// `QUIZ_DEADLINE_INTERVAL_SECS`: how often each server process submits the quiz
    /// attempts whose deadline has passed (0: never by itself; `api close-attempts`
    /// does it once, and a taker's own next request does it for their attempt).
    pub quiz_deadline_interval: Duration,
    /// `WEBHOOK_INTERVAL_SECS`: how often each API process looks for due webhook
    /// deliveries (0: never; for a process that only serves requests while others
    /// deliver).
    pub webhook_interval: Duration,
    /// `WEBHOOK_TIMEOUT_SECS`: how long a receiver may take to answer.
    pub webhook_timeout: Duration,
    /// `WEBHOOK_ALLOWED_HOSTS`: hosts (names or addresses, comma-separated) that may be
    /// webhook receivers although they resolve to a loopback or private address;
    /// everything else on such networks is refused (SSRF).
    pub webhook_allowed_hosts: Vec<String>,
    /// `ATTACHMENT_STORE`: where attached files are kept: a folder (default
    /// `data/attachments`) or `s3://bucket/prefix` on S3-compatible storage, reached with
    /// `AWS_ENDPOINT_URL`, `AWS_REGION`, `AWS_ACCESS_KEY_ID` and `AWS_SECRET_ACCESS_KEY`
    /// (needed when several API processes run on more than one machine).
    pub attachment_store: AttachmentStore,
}

/// Where attached files are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AttachmentStore {
    /// A folder on this machine.
    Local(PathBuf),
    /// A bucket of S3-compatible object storage.
    S3(S3Bucket),
}

/// An S3-compatible bucket and how to reach it.
#[derive(Clone, PartialEq, Eq)]
pub struct S3Bucket {
    pub bucket: String,
    /// Key prefix inside the bucket (no leading or trailing `/`; may be empty).
    pub prefix: String,
    /// `AWS_ENDPOINT_URL`: the service's URL (unset: Amazon S3 itself); `http://` is
    /// allowed for storage on the local network.
    pub endpoint: Option<String>,
    /// `AWS_REGION` (default `us-east-1`).
    pub region: String,
    /// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY`.
    pub access_key_id: Option<String>,
    pub secret_access_key: Option<String>,
}

impl std::fmt::Debug for S3Bucket {
    // The secret key never reaches a log.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Bucket")
            .field("bucket", &self.bucket)
            .field("prefix", &self.prefix)
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("access_key_id", &self.access_key_id)
            .finish_non_exhaustive()
    }
}

impl AttachmentStore {
    fn parse(
        value: &str,
        lookup: &impl Fn(&str) -> Option<String>,
    ) -> Result<AttachmentStore, ConfigError> {
        let Some(rest) = value.strip_prefix("s3://") else {
            if value.contains("://") {
                return Err(invalid(
                    "ATTACHMENT_STORE",
                    value,
                    "expected a folder or s3://bucket/prefix",
                ));
            }
            return Ok(AttachmentStore::Local(PathBuf::from(value)));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let valid_bucket = (3..=63).contains(&bucket.len())
            && bucket
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.');
        if !valid_bucket {
            return Err(invalid(
                "ATTACHMENT_STORE",
                value,
                "the bucket name must be 3-63 lowercase letters, digits, '-' or '.'",
            ));
        }
        let var = |name: &str| {
            lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
        };
        let endpoint = var("AWS_ENDPOINT_URL");
        if let Some(url) = &endpoint {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(invalid(
                    "AWS_ENDPOINT_URL",
                    url,
                    "expected an http(s):// URL",
                ));
            }
        }
        Ok(AttachmentStore::S3(S3Bucket {
            bucket: bucket.to_string(),
            prefix: prefix.trim_matches('/').to_string(),
            endpoint,
            region: var("AWS_REGION").unwrap_or_else(|| "us-east-1".to_string()),
            access_key_id: var("AWS_ACCESS_KEY_ID"),
            secret_access_key: var("AWS_SECRET_ACCESS_KEY"),
        }))
    }
}

/// A configuration variable with an invalid value.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid {variable}: {reason} (got {value:?})")]
pub struct ConfigError {
    pub variable: &'static str,
    pub value: String,
    pub reason: String,
}

/// Defaults, also documented in `.env.example`.
pub mod defaults {
    pub const BIND_ADDR: &str = "127.0.0.1:8080";
    pub const DATABASE_URL: &str = "sqlite://data/enforcement.db";
    pub const DB_POOL_SIZE: u32 = 8;
    pub const DB_TIMEOUT_SECS: u64 = 5;
    pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;
    pub const HTTP_WORKERS: usize = 0;
    pub const SHUTDOWN_TIMEOUT_SECS: u64 = 30;
    pub const WEB_DIST_DIR: &str = "web-ui/dist";
    pub const ACCESS_TOKEN_TTL_SECS: u64 = 15 * 60;
    pub const REFRESH_TOKEN_TTL_SECS: u64 = 7 * 24 * 3600;
    pub const EXPORT_STALL_SECS: u64 = 60;
    pub const SESSION_MAX_SECS: u64 = 30 * 24 * 3600;
    pub const BOOTSTRAP_TOKEN_FILE: &str = "data/bootstrap-token";
    pub const REMINDER_INTERVAL_SECS: u64 = 300;
    pub const QUIZ_DEADLINE_INTERVAL_SECS: u64 = 10;
    pub const REMINDER_LEAD_DAYS: u32 = 3;
    pub const WEBHOOK_INTERVAL_SECS: u64 = 5;
    pub const WEBHOOK_TIMEOUT_SECS: u64 = 10;
    pub const ATTACHMENT_STORE: &str = "data/attachments";
}

impl Config {
    /// Reads the process environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let get = |name: &'static str, default: &str| -> (String, &'static str) {
            let value = lookup(name)
                .map(|v| v.trim().to_string())
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| default.to_string());
            (value, name)
        };

        let (bind, var) = get("BIND_ADDR", defaults::BIND_ADDR);
        let bind_addr = bind
            .parse::<SocketAddr>()
            .map_err(|_| invalid(var, &bind, "expected IP:port, e.g. 0.0.0.0:8080"))?;

        let (url, var) = get("DATABASE_URL", defaults::DATABASE_URL);
        let database_url =
            DatabaseUrl::parse(&url).map_err(|reason| invalid(var, &url, &reason))?;
        let (sync, var) = get("SQLITE_SYNCHRONOUS", "full");
        let synchronous = SqliteSynchronous::parse(&sync)
            .ok_or_else(|| invalid(var, &sync, "expected full or normal"))?;
        let database_url = database_url.with_synchronous(synchronous);

        let db_pool_size = parse_number(
            get("DB_POOL_SIZE", &defaults::DB_POOL_SIZE.to_string()),
            1,
            512,
        )?;
        let db_timeout_secs: u64 = parse_number(
            get("DB_TIMEOUT_SECS", &defaults::DB_TIMEOUT_SECS.to_string()),
            1,
            600,
        )?;
        let max_body_bytes: usize = parse_number(
            get("MAX_BODY_BYTES", &defaults::MAX_BODY_BYTES.to_string()),
            1024,
            1024 * 1024 * 1024,
        )?;
        let http_workers: usize = parse_number(
            get("HTTP_WORKERS", &defaults::HTTP_WORKERS.to_string()),
            0,
            1024,
        )?;
        let shutdown_secs: u64 = parse_number(
            get(
                "SHUTDOWN_TIMEOUT_SECS",
                &defaults::SHUTDOWN_TIMEOUT_SECS.to_string(),
            ),
            0,
            3600,
        )?;
        let (dist, _) = get("WEB_DIST_DIR", defaults::WEB_DIST_DIR);
        let access_secs: u64 = parse_number(
            get(
                "ACCESS_TOKEN_TTL_SECS",
                &defaults::ACCESS_TOKEN_TTL_SECS.to_string(),
            ),
            30,
            24 * 3600,
        )?;
        let refresh_secs: u64 = parse_number(
            get(
                "REFRESH_TOKEN_TTL_SECS",
                &defaults::REFRESH_TOKEN_TTL_SECS.to_string(),
            ),
            60,
            365 * 24 * 3600,
        )?;
        let session_secs: u64 = parse_number(
            get("SESSION_MAX_SECS", &defaults::SESSION_MAX_SECS.to_string()),
            60,
            365 * 24 * 3600,
        )?;
        let export_stall_secs: u64 = parse_number(
            get(
                "EXPORT_STALL_SECS",
                &defaults::EXPORT_STALL_SECS.to_string(),
            ),
            1,
            3600,
        )?;
        let hsts_max_age: u64 =
            parse_number(get("HSTS_MAX_AGE_SECS", "0"), 0, 2 * 365 * 24 * 3600)?;
        let reminder_secs: u64 = parse_number(
            get(
                "REMINDER_INTERVAL_SECS",
                &defaults::REMINDER_INTERVAL_SECS.to_string(),
            ),
            0,
            24 * 3600,
        )?;
        let quiz_deadline_secs: u64 = parse_number(
            get(
                "QUIZ_DEADLINE_INTERVAL_SECS",
                &defaults::QUIZ_DEADLINE_INTERVAL_SECS.to_string(),
            ),
            0,
            3600,
        )?;
        let reminder_lead_days: u32 = parse_number(
            get(
                "REMINDER_LEAD_DAYS",
                &defaults::REMINDER_LEAD_DAYS.to_string(),
            ),
            0,
            30,
        )?;
        let webhook_secs: u64 = parse_number(
            get(
                "WEBHOOK_INTERVAL_SECS",
                &defaults::WEBHOOK_INTERVAL_SECS.to_string(),
            ),
            0,
            3600,
        )?;
        let webhook_timeout_secs: u64 = parse_number(
            get(
                "WEBHOOK_TIMEOUT_SECS",
                &defaults::WEBHOOK_TIMEOUT_SECS.to_string(),
            ),
            1,
            120,
        )?;
        let webhook_allowed_hosts: Vec<String> = get("WEBHOOK_ALLOWED_HOSTS", "")
            .0
            .split(',')
            .map(|h| h.trim().to_ascii_lowercase())
            .filter(|h| !h.is_empty())
            .collect();
        let (store, _) = get("ATTACHMENT_STORE", defaults::ATTACHMENT_STORE);
        let attachment_store = AttachmentStore::parse(&store, &lookup)?;
        let jwt_secret = match lookup("JWT_SECRET").filter(|v| !v.is_empty()) {
            Some(secret) if secret.len() < 32 => {
                // The value is a secret: name the variable, never echo it.
                return Err(invalid(
                    "JWT_SECRET",
                    "(hidden)",
                    "must be at least 32 characters",
                ));
            }
            other => other,
        };
        let (trust, var) = get("TRUST_FORWARDED_FOR", "false");
        let trust_forwarded_for = match trust.as_str() {
            "true" | "1" | "yes" => true,
            "false" | "0" | "no" => false,
            _ => return Err(invalid(var, &trust, "expected true or false")),
        };
        let bootstrap_token = match lookup("BOOTSTRAP_TOKEN").filter(|v| !v.is_empty()) {
            Some(token) if token.len() < 16 => {
                return Err(invalid(
                    "BOOTSTRAP_TOKEN",
                    "(hidden)",
                    "must be at least 16 characters",
                ));
            }
            other => other,
        };

        Ok(Config {
            bind_addr,
            database_url,
            db_pool_size,
            db_timeout: Duration::from_secs(db_timeout_secs),
            max_body_bytes,
            http_workers,
            shutdown_timeout: Duration::from_secs(shutdown_secs),
            web_dist_dir: PathBuf::from(dist),
            access_token_ttl: Duration::from_secs(access_secs),
            refresh_token_ttl: Duration::from_secs(refresh_secs),
            session_max: Duration::from_secs(session_secs),
            jwt_secret,
            trust_forwarded_for,
            bootstrap_token,
            bootstrap_token_file: PathBuf::from(
                get("BOOTSTRAP_TOKEN_FILE", defaults::BOOTSTRAP_TOKEN_FILE).0,
            ),
            export_stall_limit: Duration::from_secs(export_stall_secs),
            hsts_max_age,
            reminder_interval: Duration::from_secs(reminder_secs),
            reminder_lead_days,
            quiz_deadline_interval: Duration::from_secs(quiz_deadline_secs),
            webhook_interval: Duration::from_secs(webhook_secs),
            webhook_timeout: Duration::from_secs(webhook_timeout_secs),
            webhook_allowed_hosts,
            attachment_store,
        })
    }

    /// A configuration for tests and tools: defaults with the given database.
    pub fn for_database(database_url: DatabaseUrl) -> Config {
        Config {
            database_url,
            ..Config::defaults()
        }
    }

    fn defaults() -> Config {
        // The defaults are constants that always parse.
        match Config::from_lookup(|_| None) {
            Ok(config) => config,
            Err(err) => panic!("built-in configuration defaults are invalid: {err}"),
        }
    }
}

fn invalid(variable: &'static str, value: &str, reason: &str) -> ConfigError {
    ConfigError {
        variable,
        value: value.to_string(),
        reason: reason.to_string(),
    }
}

fn parse_number<T>(
    (value, variable): (String, &'static str),
    min: T,
    max: T,
) -> Result<T, ConfigError>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display + Copy,
{
    let reason = || format!("expected a whole number from {min} to {max}");
    let n = value
        .parse::<T>()
        .map_err(|_| invalid(variable, &value, &reason()))?;
    if n < min || n > max {
        return Err(invalid(variable, &value, &reason()));
    }
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn with(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults_are_valid() {
        let c = with(&[]).expect("defaults");
        assert_eq!(c.bind_addr.to_string(), defaults::BIND_ADDR);
        assert_eq!(c.db_pool_size, defaults::DB_POOL_SIZE);
        assert_eq!(c.database_url.backend(), crate::db::Backend::Sqlite);
    }

    #[test]
    fn invalid_values_name_the_variable() {
        for (var, value) in [
            ("BIND_ADDR", "nowhere"),
            ("DATABASE_URL", "mysql://x"),
            ("DB_POOL_SIZE", "0"),
            ("DB_POOL_SIZE", "many"),
            ("MAX_BODY_BYTES", "-1"),
            ("SHUTDOWN_TIMEOUT_SECS", "1.5"),
            ("ACCESS_TOKEN_TTL_SECS", "5"),
            ("JWT_SECRET", "short"),
            ("TRUST_FORWARDED_FOR", "sometimes"),
            ("BOOTSTRAP_TOKEN", "abc"),
            ("EXPORT_STALL_SECS", "0"),
            ("SQLITE_SYNCHRONOUS", "off"),
            ("ATTACHMENT_STORE", "ftp://files"),
            ("ATTACHMENT_STORE", "s3://A_bucket"),
            ("AWS_ENDPOINT_URL", "minio:9000"),
        ] {
            // The endpoint is read only for an S3 store.
            let store = ("ATTACHMENT_STORE", "s3://evidence");
            let pairs: &[(&str, &str)] = if var == "AWS_ENDPOINT_URL" {
                &[store, (var, value)]
            } else {
                &[(var, value)]
            };
            let err = with(pairs).expect_err(var);
            assert_eq!(err.variable, var);
            let line = err.to_string();
            assert!(line.starts_with(&format!("invalid {var}:")), "{line}");
            assert!(!line.contains('\n'));
        }
    }

    #[test]
    fn commits_are_durable_unless_configured_otherwise() {
        use crate::db::SqliteSynchronous;
        let default = with(&[]).expect("defaults");
        assert_eq!(default.database_url.synchronous(), SqliteSynchronous::Full);
        let relaxed = with(&[("SQLITE_SYNCHRONOUS", "normal")]).expect("normal");
        assert_eq!(
            relaxed.database_url.synchronous(),
            SqliteSynchronous::Normal
        );
    }

    #[test]
    fn attachments_go_to_a_folder_or_an_s3_bucket() {
        let default = with(&[]).expect("defaults");
        assert_eq!(
            default.attachment_store,
            AttachmentStore::Local(PathBuf::from("data/attachments"))
        );
        let s3 = with(&[
            ("ATTACHMENT_STORE", "s3://bureau-evidence/platform/"),
            ("AWS_ENDPOINT_URL", "http://10.0.0.5:9000"),
            ("AWS_SECRET_ACCESS_KEY", "very-secret-key"),
        ])
        .expect("s3");
        let AttachmentStore::S3(bucket) = &s3.attachment_store else {
            panic!("{:?}", s3.attachment_store);
        };
        assert_eq!(bucket.bucket, "bureau-evidence");
        assert_eq!(bucket.prefix, "platform");
        assert_eq!(bucket.region, "us-east-1");
        assert!(!format!("{s3:?}").contains("very-secret-key"));
    }

    #[test]
    fn secrets_are_not_echoed_in_errors() {
        let err = with(&[("JWT_SECRET", "tooshort-secret")]).expect_err("short");
        assert!(!err.to_string().contains("tooshort-secret"));
    }
}
