//! Prometheus metrics on their own address (`MINPING_METRICS_ADDR`; off when unset): ballots
//! accepted and refused by reason, the writer's batch sizes and commit times, request
//! latency by route template, and the database pool's connections. Aggregates only: no
//! code, no answer, no path with a secret in it (routes are labelled by their template,
//! `/v/{code}`, never by the path a client typed), nothing per ballot.

use axum::extract::{MatchedPath, Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection};
use std::net::SocketAddr;
use std::time::Instant;

/// Buckets of the writer's batch sizes (ballots per transaction).
const BATCH_BUCKETS: [f64; 10] = [1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];
/// Buckets of every `_seconds` histogram.
const SECONDS_BUCKETS: [f64; 13] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0];

/// Installs the process's recorder once and returns its handle (again on later calls).
pub fn install() -> anyhow::Result<PrometheusHandle> {
    static HANDLE: std::sync::Mutex<Option<PrometheusHandle>> = std::sync::Mutex::new(None);
    let mut slot = HANDLE.lock().map_err(|_| anyhow::anyhow!("the metrics recorder's lock is poisoned"))?;
    if let Some(h) = slot.as_ref() {
        return Ok(h.clone());
    }
    let handle = PrometheusBuilder::new()
        .set_buckets_for_metric(Matcher::Full("minping_writer_batch_size".into()), &BATCH_BUCKETS)?
        .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &SECONDS_BUCKETS)?
        .install_recorder()?;
    metrics::describe_counter!("minping_ballots_accepted_total", "Ballots committed (phone and paper).");
    metrics::describe_counter!("minping_ballots_refused_total", "Ballots refused at submission, by reason.");
    metrics::describe_histogram!("minping_writer_batch_size", "Ballots per group-commit transaction of the writer.");
    metrics::describe_histogram!("minping_writer_commit_seconds", metrics::Unit::Seconds, "Time to commit one batch, retries included.");
    metrics::describe_histogram!(
        "minping_http_request_duration_seconds",
        metrics::Unit::Seconds,
        "Request latency by method, route template and status class."
    );
    metrics::describe_gauge!(
        "minping_db_pool_connections",
        "Connections of the database pool, by state (idle, in_use) and its maximum (max)."
    );
    *slot = Some(handle.clone());
    Ok(handle)
}

/// Middleware: the latency of each routed request, by method, route template and status
/// class (`2xx`…).
pub async fn track(req: Request, next: Next) -> Response {
    let route = req.extensions().get::<MatchedPath>().map_or_else(|| "unmatched".to_owned(), |m| m.as_str().to_owned());
    let method = req.method().as_str().to_owned();
    let started = Instant::now();
    let res = next.run(req).await;
    let class = format!("{}xx", res.status().as_u16() / 100);
    metrics::histogram!("minping_http_request_duration_seconds", "method" => method, "route" => route, "status" => class)
        .record(started.elapsed().as_secs_f64());
    res
}

#[derive(Clone)]
struct Exporter {
    handle: PrometheusHandle,
    db: DatabaseConnection,
}

/// The database pool's connections as gauges, read at scrape time.
fn pool_gauges(db: &DatabaseConnection) {
    let (size, idle, max) = match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            let p = db.get_postgres_connection_pool();
            (p.size(), p.num_idle() as u32, p.options().get_max_connections())
        }
        _ => {
            let p = db.get_sqlite_connection_pool();
            (p.size(), p.num_idle() as u32, p.options().get_max_connections())
        }
    };
    metrics::gauge!("minping_db_pool_connections", "state" => "idle").set(f64::from(idle));
    metrics::gauge!("minping_db_pool_connections", "state" => "in_use").set(f64::from(size.saturating_sub(idle)));
    metrics::gauge!("minping_db_pool_connections", "state" => "max").set(f64::from(max));
}

async fn scrape(State(e): State<Exporter>) -> Response {
    pool_gauges(&e.db);
    e.handle.run_upkeep();
    ([(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")], e.handle.render()).into_response()
}

/// Serves `GET /metrics` on `addr` (its own listener, apart from the site); returns the
/// address bound (port 0 picks a free one).
pub async fn serve(addr: SocketAddr, db: DatabaseConnection) -> anyhow::Result<SocketAddr> {
    let handle = install()?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| anyhow::anyhow!("cannot listen on {addr} for metrics: {e} (set MINPING_METRICS_ADDR)"))?;
    let bound = listener.local_addr()?;
    let router = Router::new().route("/metrics", get(scrape)).with_state(Exporter { handle, db });
    tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error.cause = %e, "the metrics listener stopped");
        }
    });
    tracing::info!(%bound, "serving metrics");
    Ok(bound)
}
