//! What the benchmarks share: their settings from the environment, a load generator
//! over HTTP, and the floor it is read against (the same SQL through the same pool,
//! without HTTP, JSON or the service's code).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use api::db::{DbConnection, DbPool};

/// A number from the environment, or `default`.
pub fn env_or<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One line of a load test's figures for one kind of request: count, req/s over
/// `elapsed`, mean and p99.
pub fn latency_line(name: &str, mut latencies: Vec<Duration>, elapsed: Duration) -> String {
    latencies.sort_unstable();
    let n = latencies.len().max(1);
    let mean = latencies.iter().sum::<Duration>() / u32::try_from(n).unwrap_or(u32::MAX);
    let p99 = latencies
        .get((latencies.len() * 99 / 100).min(latencies.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default();
    format!(
        "{name:<12} {:>8} requests {:>9.0} req/s {:>9.2} ms mean {:>9.2} ms p99",
        latencies.len(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        mean.as_secs_f64() * 1000.0,
        p99.as_secs_f64() * 1000.0
    )
}

/// `count` officers in brigades of 100 (`XQ-0`, `XQ-1`, …) under a county bureau `XQ`:
/// the people of the load tests.
pub fn seed_officers(t: &crate::TestApp, count: usize) -> Vec<crate::TestUser> {
    use api_types::units::UnitKind;
    t.add_unit("XQ", "新区城管执法局", UnitKind::CountyBureau, "CITY");
    for b in 0..count.div_ceil(100) {
        t.add_unit(
            &format!("XQ-{b}"),
            &format!("第{b}中队"),
            UnitKind::Brigade,
            "XQ",
        );
    }
    (0..count)
        .map(|i| {
            t.add_user(
                &format!("officer{i}"),
                &format!("XQ-{}", i / 100),
                &[api_types::Role::Officer],
            )
        })
        .collect()
}

/// Throughput and latency of one case.
#[derive(Debug, Clone)]
pub struct Figures {
    pub requests: u64,
    pub per_second: f64,
    pub mean: Duration,
    pub p99: Duration,
    /// The size of one response body (0 for the floor).
    pub bytes: usize,
}

impl Figures {
    fn of(mut latencies: Vec<Duration>, elapsed: Duration, bytes: usize) -> Figures {
        latencies.sort_unstable();
        let requests = latencies.len() as u64;
        let total: Duration = latencies.iter().sum();
        let p99 = latencies
            .get((latencies.len() * 99 / 100).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default();
        Figures {
            requests,
            per_second: requests as f64 / elapsed.as_secs_f64(),
            mean: total / u32::try_from(requests.max(1)).unwrap_or(u32::MAX),
            p99,
            bytes,
        }
    }

    /// `req/s  mean ms  p99 ms` in fixed columns.
    pub fn columns(&self) -> String {
        format!(
            "{:>9.0} {:>9.2} {:>9.2}",
            self.per_second,
            self.mean.as_secs_f64() * 1000.0,
            self.p99.as_secs_f64() * 1000.0
        )
    }
}

/// `clients` concurrent clients sending `GET url` (with `token` as bearer, if any) for
/// `seconds`; every reply must be 200.
pub async fn hammer(url: &str, token: Option<&str>, seconds: u64, clients: usize) -> Figures {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(clients)
        .build()
        .expect("HTTP client");
    let get = |client: &reqwest::Client| {
        let request = client.get(url);
        match token {
            Some(t) => request.bearer_auth(t),
            None => request,
        }
    };
    let warm = get(&client).send().await.expect("warm-up request");
    assert_eq!(
        warm.status(),
        200,
        "{url}: {}",
        warm.text().await.unwrap_or_default()
    );
    let bytes = warm.bytes().await.expect("warm-up body").len();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let request = get(&client);
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while Instant::now() < deadline {
                let t = Instant::now();
                let reply = request
                    .try_clone()
                    .expect("a GET clones")
                    .send()
                    .await
                    .expect("request");
                assert_eq!(reply.status(), 200);
                reply.bytes().await.expect("body");
                latencies.push(t.elapsed());
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.expect("client task"));
    }
    Figures::of(latencies, started.elapsed(), bytes)
}

/// The floor: `clients` threads running `query` on connections of `pool` for `seconds`.
pub fn floor(
    pool: &DbPool,
    seconds: u64,
    clients: usize,
    query: impl Fn(&mut DbConnection) + Send + Sync + 'static,
) -> Figures {
    let query = Arc::new(query);
    let stop = Arc::new(AtomicBool::new(false));
    let all = Arc::new(Mutex::new(Vec::new()));
    let started = Instant::now();
    let threads: Vec<_> = (0..clients)
        .map(|_| {
            let (pool, query, stop, all) = (pool.clone(), query.clone(), stop.clone(), all.clone());
            std::thread::spawn(move || {
                let mut latencies = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let mut conn = pool.get().expect("pooled connection");
                    query(&mut conn);
                    drop(conn);
                    latencies.push(t.elapsed());
                }
                all.lock().expect("latencies").extend(latencies);
            })
        })
        .collect();
    std::thread::sleep(Duration::from_secs(seconds));
    stop.store(true, Ordering::Relaxed);
    for t in threads {
        t.join().expect("floor thread");
    }
    let latencies = std::mem::take(&mut *all.lock().expect("latencies"));
    Figures::of(latencies, started.elapsed(), 0)
}
