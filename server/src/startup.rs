//! Building the application: database, migrations, router, listener.

use crate::config::Settings;
use crate::middleware::{
    keep_flash, panic_response, refuse_cross_origin, remember_client_addr, security_headers, OriginPolicy, BODY_LIMIT, HEAD_LIMIT,
};
use crate::routes::{api, forms, health, slips, HttpConfig};
use crate::telemetry::redact_path;
use app::app::{shell, App};
use app::ssr::{auth::LoginLimiter, ballots::BallotService, codes::CodeKey, db, session_store::DbSessionStore, AppState};
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderValue, StatusCode};
use axum::{
    extract::{DefaultBodyLimit, Request},
    routing::{get, post},
    Extension, Router,
};
use hyper_util::{
    rt::{TokioIo, TokioTimer},
    server::graceful::GracefulShutdown,
};
use leptos::config::{Env, LeptosOptions};
use leptos_axum::{generate_route_list, LeptosRoutes};
use migration::{Migrator, MigratorTrait};
use sea_orm::DatabaseConnection;
use std::{sync::Arc, time::Duration};
use tokio::net::TcpListener;
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    services::ServeDir,
    set_header::SetResponseHeaderLayer,
    timeout::TimeoutLayer,
    trace::TraceLayer,
};
use tower_sessions::{cookie::SameSite, session_store::ExpiredDeletion, Expiry, SessionManagerLayer};

/// Idle time after which a session ends.
pub const SESSION_IDLE_HOURS: i64 = 8;

/// Connects to the database and applies pending migrations.
pub async fn connect_and_migrate(settings: &Settings) -> anyhow::Result<DatabaseConnection> {
    migrate(&settings.database_url, None, None).await?;
    db::connect(&settings.database_url, None).await
}

/// Applies pending migrations (the first `steps` only, when given) on one connection of
/// its own, closed afterwards (see [`db::connect_one`]).
pub async fn migrate(url: &str, schema: Option<&str>, steps: Option<u32>) -> anyhow::Result<()> {
    let one = db::connect_one(url, schema).await?;
    Migrator::up(&one, steps).await.map_err(|e| anyhow::anyhow!("applying migrations: {e}"))?;
    one.close().await.map_err(|e| anyhow::anyhow!("closing the migration connection: {e}"))
}

/// A built server: bound, migrated, ready to serve.
pub struct Application {
    listener: TcpListener,
    router: Router,
    db: DatabaseConnection,
    port: u16,
    header_timeout: Duration,
    metrics: Option<std::net::SocketAddr>,
    ballots: Arc<BallotService>,
}

impl Application {
    /// Connects, migrates and binds `settings.addr` (port 0 picks a free port).
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let db = connect_and_migrate(&settings).await?;
        Self::build_with_db(settings, db).await
    }

    /// Like [`Application::build`] on an already migrated connection (tests use this).
    pub async fn build_with_db(settings: Settings, db: DatabaseConnection) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.addr)
            .await
            .map_err(|e| anyhow::anyhow!("cannot listen on {}: {e} (set MINPING_ADDR)", settings.addr))?;
        let port = listener.local_addr()?.port();
        let writer_db = db::connect_writer(&settings.database_url).await?;
        let ballots = Arc::new(BallotService::new(writer_db, settings.code_failures, Duration::from_secs(30)));
        let router = router(&settings, db.clone(), Arc::clone(&ballots));
        let metrics = match settings.metrics_addr {
            Some(addr) => Some(crate::exporter::serve(addr, db.clone()).await?),
            None => None,
        };
        // Closed rounds left unsealed (an upgrade, or a stop between closing and sealing).
        let sweep_db = db.clone();
        tokio::spawn(async move {
            match app::ssr::seal::sweep(&sweep_db).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(rounds = n, "sealed closed rounds left unsealed"),
                Err(e) => tracing::error!(error.cause = %e, "sealing closed rounds at start failed"),
            }
        });
        // Rounds open and close on their schedule (RULES.md R6), from every process.
        app::ssr::schedule::run_in_background(db.clone());
        Ok(Self { listener, router, db, port, header_timeout: settings.header_timeout, metrics, ballots })
    }

    /// The ballot path this application serves (tests hold its turns).
    pub fn ballots(&self) -> Arc<BallotService> {
        Arc::clone(&self.ballots)
    }

    /// The port actually bound.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Where `/metrics` is served, when `MINPING_METRICS_ADDR` is set.
    pub fn metrics_addr(&self) -> Option<std::net::SocketAddr> {
        self.metrics
    }

    /// On an empty database, creates the first admin and prints its password once.
    pub async fn announce_first_admin(&self) -> anyhow::Result<()> {
        if let Some(password) = app::ssr::accounts::ensure_first_admin(&self.db).await? {
            println!();
            println!("  ┌──────────────────────────────────────────────────────────┐");
            println!("  │ Minping created the first admin account. The password is │");
            println!("  │ shown only this once: write it down.                     │");
            println!("  │   username: admin                                        │");
            println!("  │   password: {password:<45}│");
            println!("  └──────────────────────────────────────────────────────────┘");
            println!();
        }
        Ok(())
    }

    /// Serves until Ctrl-C or SIGTERM, then finishes the requests in flight (at most
    /// 30 seconds).
    ///
    /// HTTP/1.1 connections served by hyper with limits a slow or hostile client cannot
    /// outlast: the request head must arrive within `header_timeout` (a slow-loris client
    /// that trickles headers is cut off), it may hold at most 64 KiB and 100 headers
    /// (`431` beyond), and each request must be answered within `request_timeout`
    /// (`408`; see [`router`]).
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let addr = self.listener.local_addr()?;
        println!("Minping is serving http://{addr}");
        tracing::info!(%addr, "serving");
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new()).header_read_timeout(self.header_timeout).max_header_size(HEAD_LIMIT);
        let graceful = GracefulShutdown::new();
        let mut stop = std::pin::pin!(shutdown_signal());
        loop {
            let (stream, remote) = tokio::select! {
                accepted = self.listener.accept() => match accepted {
                    Ok(pair) => pair,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, do not spin.
                        tracing::warn!(error.cause = %e, "could not accept a connection");
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                },
                () = &mut stop => break,
            };
            let _ = stream.set_nodelay(true);
            let router = self.router.clone();
            let service = hyper::service::service_fn(move |mut req: hyper::Request<hyper::body::Incoming>| {
                req.extensions_mut().insert(ConnectInfo(remote));
                tower::ServiceExt::oneshot(router.clone(), req)
            });
            let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
            tokio::spawn(async move {
                if let Err(e) = conn.await {
                    tracing::debug!(error.cause = %e, "connection ended with an error");
                }
            });
        }
        drop(self.listener);
        tracing::info!("stopping: finishing the requests in flight");
        if tokio::time::timeout(Duration::from_secs(30), graceful.shutdown()).await.is_err() {
            tracing::warn!("requests still running after 30 s were cut off");
        }
        Ok(())
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { () = ctrl_c => {}, () = term => {} }
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    let dev = std::env::var("LEPTOS_ENV").is_ok_and(|e| e.eq_ignore_ascii_case("dev"));
    let reload_port = std::env::var("LEPTOS_RELOAD_PORT").ok().and_then(|p| p.parse().ok()).unwrap_or(3001);
    LeptosOptions::builder()
        .output_name("minping")
        .site_root(settings.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(settings.addr)
        .env(if dev { Env::DEV } else { Env::PROD })
        .reload_port(reload_port)
        .build()
}

/// The complete router: plain routes, the JSON API, Leptos pages and server functions,
/// static files, and the layers every request passes.
pub fn router(settings: &Settings, db: DatabaseConnection, ballots: Arc<BallotService>) -> Router {
    let leptos_options = leptos_options(settings);
    let state = AppState {
        leptos_options: leptos_options.clone(),
        db: db.clone(),
        login_limiter: Arc::new(LoginLimiter::new(settings.login_per_minute)),
        code_key: Arc::new(CodeKey::new(&settings.secret.0)),
        ballots,
        reeval_days: settings.reeval_days,
    };

    let page_db = db.clone();
    let store = DbSessionStore::new(db);
    tokio::spawn(async move {
        let mut every_hour = tokio::time::interval(Duration::from_secs(3600));
        loop {
            every_hour.tick().await;
            if let Err(e) = store.delete_expired().await {
                tracing::warn!(error.cause = %e, "could not delete expired sessions");
            }
        }
    });
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("minping_session")
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_secure(settings.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::hours(SESSION_IDLE_HOURS)));

    let origin_policy = Arc::new(OriginPolicy { public_origin: settings.public_url.clone() });
    let http_config =
        HttpConfig { trust_proxy: settings.trust_proxy, secure_cookies: settings.secure_cookies, public_url: settings.public_url.clone() };
    let routes = generate_route_list(App);
    let pkg_dir = std::path::PathBuf::from(&settings.site_root).join("pkg");
    {
        let dir = pkg_dir.clone();
        tokio::task::spawn_blocking(move || match crate::assets::precompress(&dir) {
            Ok(done) if !done.is_empty() => tracing::info!(files = done.len(), "precompressed static assets"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error.cause = %e, "could not precompress static assets; serving them uncompressed"),
        });
    }
    // The site on disk when there is one (development, `LEPTOS_SITE_ROOT`), else the copy
    // inside the binary.
    let on_disk = pkg_dir.is_dir();
    if !on_disk {
        if crate::site::embedded() {
            tracing::info!("serving the site built into the binary");
        } else {
            tracing::warn!(site = %settings.site_root, "no site on disk and none built in: pages will load without WebAssembly and CSS (run make build)");
        }
    }
    let pkg = tower::ServiceBuilder::new()
        .layer(SetResponseHeaderLayer::overriding(header::CACHE_CONTROL, HeaderValue::from_static("no-cache")))
        .service(ServeDir::new(pkg_dir).precompressed_br().precompressed_gzip());

    use app::views::forms::paths as p;
    let routed = Router::new()
        .route("/healthz", get(health::healthz))
        .route(p::LOGIN, post(forms::session::login))
        .route(p::LOGOUT, post(forms::session::logout))
        .route("/lang/{code}", get(forms::session::set_language))
        .route("/text/{size}", get(forms::session::set_text_size))
        .route(p::VOTE, post(forms::ballot::enter))
        .route(p::BALLOT, post(forms::ballot::submit))
        .route(p::ENTRY, post(forms::ballot::entry))
        .route(p::ENTRY_SHEET, post(forms::ballot::submit_paper))
        .route(p::ROUND_NEW, post(forms::rounds::create))
        .route(p::ROUND_SETTINGS, post(forms::rounds::settings))
        .route(p::ROUND_CATEGORIES, post(forms::rounds::categories))
        .route(p::ROUND_ITEMS, post(forms::rounds::items))
        .route(p::ROUND_SCALE, post(forms::rounds::scale))
        .route(p::TARGETS_REMOVE, post(forms::rounds::remove_targets))
        .route(p::TARGETS_PREVIEW, post(forms::import::preview))
        .route(p::TARGETS_IMPORT, post(forms::import::confirm))
        .route(p::ROUND_LIFECYCLE, post(forms::rounds::lifecycle))
        .route(p::ROUND_COPY, post(forms::rounds::copy))
        .route(p::CODES_ISSUE, post(slips::issue))
        .route(p::CODES_REVOKE, post(forms::rounds::revoke))
        .route(p::CODES_BATCH, post(slips::batch))
        .route(p::CODES_PLAN, post(slips::plan))
        .route(p::REEVALUATE, post(forms::steering::reevaluate))
        .route(p::HALL_LINK, post(forms::hall::hall_link))
        .route("/hall/{token}", get(crate::routes::hall::page))
        .route(p::PUBLIC_LINK, post(forms::hall::public_link))
        .route("/public/{token}", get(crate::routes::public_notice::page))
        .route(p::RECONCILIATION, get(crate::routes::reconciliation::page))
        .route(p::GROUPS, post(forms::steering::create_group))
        .route(p::GROUP_MEMBER_ADD, post(forms::steering::member_add))
        .route(p::GROUP_MEMBER_REMOVE, post(forms::steering::member_remove))
        .route(p::GROUP_TARGET_ADD, post(forms::steering::target_add))
        .route(p::GROUP_TARGET_REMOVE, post(forms::steering::target_remove))
        .route(p::SCOPES, post(forms::steering::add_scope))
        .route(p::SCOPE_REMOVE, post(forms::steering::remove_scope))
        .route(p::FLAG_LESSON, post(forms::steering::lesson))
        .route(p::FLAG_DONE, post(forms::steering::lessons_done))
        .route(p::FLAG_PROBLEM, post(forms::ledger::problem))
        .route(p::PROBLEM_MEASURE, post(forms::ledger::measure))
        .route(p::MEASURE_STATUS, post(forms::ledger::status))
        .route(p::ACCOUNTS, post(forms::accounts::create))
        .route(p::ACCOUNT_DISABLE, post(forms::accounts::disable))
        .route(p::ACCOUNT_ENABLE, post(forms::accounts::enable))
        .route(p::ACCOUNT_RESET, post(forms::accounts::reset_password))
        .nest("/api/v1", api::router());
    let routed = if on_disk {
        routed.nest_service("/pkg", pkg)
    } else {
        routed.route("/pkg/{*file}", get(crate::site::pkg)).route("/favicon.ico", get(crate::site::favicon))
    };
    let routed = routed.leptos_routes_with_context(&state, routes, app::ssr::csp::provide, {
        let options = leptos_options.clone();
        move || shell(options.clone())
    });
    // Request latency by route template, only when metrics are on.
    let routed =
        if settings.metrics_addr.is_some() { routed.route_layer(axum::middleware::from_fn(crate::exporter::track)) } else { routed };
    routed
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(app::ssr::csp::provide, shell))
        .with_state(state)
        .layer(axum::middleware::from_fn(keep_flash))
        .layer(axum::middleware::from_fn_with_state(page_db, crate::middleware::page_user))
        .layer(sessions)
        .layer(axum::middleware::from_fn_with_state(settings.trust_proxy, remember_client_addr))
        .layer(Extension(http_config))
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(axum::middleware::from_fn(crate::middleware::bound_body))
        .layer(axum::middleware::from_fn_with_state(origin_policy, refuse_cross_origin))
        .layer(axum::middleware::from_fn(security_headers))
        .layer(axum::middleware::from_fn(crate::middleware::html_without_controls))
        .layer(CatchPanicLayer::custom(panic_response))
        // A request that takes longer in all (a body trickled in, say) is answered 408.
        .layer(TimeoutLayer::with_status_code(StatusCode::REQUEST_TIMEOUT, settings.request_timeout))
        // Pages and API answers compressed on the fly (quality 5: fast, and most of
        // brotli's gain); the precompressed assets above pass through untouched.
        .layer(CompressionLayer::new().quality(CompressionLevel::Precise(5)))
        .layer(TraceLayer::new_for_http().make_span_with(
            |req: &Request| tracing::info_span!("request", http.method = %req.method(), http.path = %redact_path(req.uri().path())),
        ))
}
