//! Where attachment bytes live: `object_store` over a local folder (the default) or an
//! S3-compatible bucket. Objects are named by their SHA-256, so the same file uploaded
//! twice is stored once, a stored object never changes, and nothing is ever deleted.

use std::sync::Arc;
use std::time::Duration;

use actix_web::web::{self, Bytes};
use api_types::ErrorCode;
use futures_util::stream::BoxStream;
use futures_util::StreamExt;
use object_store::aws::AmazonS3Builder;
use object_store::local::LocalFileSystem;
use object_store::path::Path;
use object_store::{BackoffConfig, ObjectStore, PutPayload, RetryConfig};

use crate::config::AttachmentStore;
use crate::error::ApiError;

/// The attachment store of a process.
#[derive(Clone)]
pub struct Store {
    inner: Arc<dyn ObjectStore>,
    prefix: String,
    /// The folder of a local store: its files are synced to disk before the row that
    /// names them is committed (object_store renames without syncing).
    local_root: Option<std::path::PathBuf>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Store({})", self.inner)
    }
}

/// An object being read: its size and its bytes as they arrive.
pub struct Download {
    pub size: u64,
    pub bytes: BoxStream<'static, Result<Bytes, std::io::Error>>,
}

impl Store {
    /// Opens the configured store (a local folder is created if missing).
    pub fn open(config: &AttachmentStore) -> Result<Store, String> {
        match config {
            AttachmentStore::Local(dir) => {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
                let fs = LocalFileSystem::new_with_prefix(dir)
                    .map_err(|e| format!("cannot use {}: {e}", dir.display()))?;
                Ok(Store {
                    inner: Arc::new(fs),
                    prefix: String::new(),
                    local_root: Some(dir.clone()),
                })
            }
            AttachmentStore::S3(bucket) => {
                // A person waits for the answer: a few quick retries, then 503.
                let retry = RetryConfig {
                    backoff: BackoffConfig::default(),
                    max_retries: 3,
                    retry_timeout: Duration::from_secs(15),
                };
                let mut builder = AmazonS3Builder::new()
                    .with_bucket_name(&bucket.bucket)
                    .with_region(&bucket.region)
                    .with_retry(retry);
                if let Some(endpoint) = &bucket.endpoint {
                    builder = builder
                        .with_endpoint(endpoint)
                        .with_allow_http(endpoint.starts_with("http://"));
                }
                if let Some(key) = &bucket.access_key_id {
                    builder = builder.with_access_key_id(key);
                }
                if let Some(secret) = &bucket.secret_access_key {
                    builder = builder.with_secret_access_key(secret);
                }
                let s3 = builder
                    .build()
                    .map_err(|e| format!("cannot use bucket {}: {e}", bucket.bucket))?;
                Ok(Store {
                    inner: Arc::new(s3),
                    prefix: bucket.prefix.clone(),
                    local_root: None,
                })
            }
        }
    }

    /// The key of the object holding the bytes whose SHA-256 is `sha256` (hex).
    pub fn key_for(&self, sha256: &str) -> String {
        let shard = sha256.get(..2).unwrap_or("00");
        let key = format!("sha256/{shard}/{sha256}");
        if self.prefix.is_empty() {
            key
        } else {
            format!("{}/{key}", self.prefix)
        }
    }

    /// Stores `bytes` under `key` unless an object of that size is already there (the
    /// key names the content, so it is the same file).
    pub async fn put(&self, key: &str, bytes: Bytes) -> Result<(), ApiError> {
        let path = Path::from(key);
        match self.inner.head(&path).await {
            Ok(meta) if meta.size == bytes.len() as u64 => return Ok(()),
            Ok(_) | Err(object_store::Error::NotFound { .. }) => {}
            Err(err) => return Err(unavailable(&err)),
        }
        self.inner
            .put(&path, PutPayload::from_bytes(bytes))
            .await
            .map_err(|e| unavailable(&e))?;
        if let Some(root) = &self.local_root {
            let root = root.clone();
            let key = key.to_string();
            web::block(move || sync_to_disk(&root, &key))
                .await
                .map_err(ApiError::internal)?
                .map_err(|e| {
                    log::error!(
                        "attachment store: cannot sync {key_shown}: {e}",
                        key_shown = path
                    );
                    ApiError::new(
                        ErrorCode::StorageUnavailable,
                        "the file store cannot be reached; try again shortly",
                    )
                })?;
        }
        Ok(())
    }

    /// Reads the object under `key`.
    pub async fn get(&self, key: &str) -> Result<Download, ApiError> {
        let found = self
            .inner
            .get(&Path::from(key))
            .await
            .map_err(|err| match err {
                object_store::Error::NotFound { .. } => {
                    // The row says the file is kept: its absence is the server's fault.
                    ApiError::internal(format!("attachment object {key} is missing"))
                }
                other => unavailable(&other),
            })?;
        let size = found.meta.size;
        let bytes = found
            .into_stream()
            .map(|chunk| chunk.map_err(std::io::Error::other))
            .boxed();
        Ok(Download { size, bytes })
    }
}

/// Flushes the file `key` under `root` and the folders that name it.
fn sync_to_disk(root: &std::path::Path, key: &str) -> std::io::Result<()> {
    let file = root.join(key);
    std::fs::File::open(&file)?.sync_all()?;
    let mut dir = file.parent();
    while let Some(d) = dir {
        std::fs::File::open(d)?.sync_all()?;
        if d == root {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

fn unavailable(err: &object_store::Error) -> ApiError {
    log::error!("attachment store: {err}");
    ApiError::new(
        ErrorCode::StorageUnavailable,
        "the file store cannot be reached; try again shortly",
    )
}
