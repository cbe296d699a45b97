//! The state every handler and server function shares.

use crate::error::AppError;
use crate::ssr::ballots::BallotService;
use crate::ssr::codes::CodeKey;
use crate::ssr::throttle::LoginLimiter;
use axum::extract::FromRef;
use leptos::prelude::*;
use sea_orm::DatabaseConnection;
use std::sync::Arc;

/// Shared, cheaply cloned application state. Stateless across processes: everything
/// that must survive a restart or be shared by several servers lives in the database.
#[derive(Clone, FromRef)]
pub struct AppState {
    /// Leptos rendering options (site root, output name, address).
    pub leptos_options: LeptosOptions,
    /// The database pool (SQLite or PostgreSQL).
    pub db: DatabaseConnection,
    /// Per-address throttle of sign-in attempts (per process, in memory).
    pub login_limiter: Arc<LoginLimiter>,
    /// Key of the codes' HMAC (from the server secret).
    pub code_key: Arc<CodeKey>,
    /// The ballot path: round cache, group-commit writer, failed-attempt limiter.
    pub ballots: Arc<BallotService>,
    /// Days after which a flagged target with no re-evaluation is listed as overdue
    /// (`MINPING_REEVAL_DAYS`, read once at start).
    pub reeval_days: i64,
}

/// The client's address as the server determined it (peer, or `X-Forwarded-For` behind a
/// trusted proxy); put into every request's extensions by the server.
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub std::net::IpAddr);

/// The state, from inside a server function or a server-rendered component.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| {
        tracing::error!("AppState is missing from the Leptos context");
        AppError::Internal
    })
}
