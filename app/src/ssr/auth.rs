//! Signing in and out: credential checks, slowed by the back-off of `ssr::throttle` (per
//! name and address, with a ceiling per name that locks nobody out; in memory, per
//! process).

use crate::domain::account::Role;
use crate::ssr::db::entities::user;
use crate::ssr::password;
pub use crate::ssr::throttle::LoginLimiter;
use crate::views::auth::UserView;
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter, Set};
use std::{net::IpAddr, time::Duration};
use time::OffsetDateTime;
use tower_sessions::Session;

/// Session key of the signed-in account's id.
const USER_ID_KEY: &str = "user.id";
/// Session key of when the session was last renewed (Unix seconds), see [`keep_alive`].
const RENEWED_KEY: &str = "renewed";
/// How often page views renew a session: its idle expiry then runs from the last page
/// view, give or take this long, and a page view writes the session at most this often.
pub const RENEW_EVERY_SECS: i64 = 300;

/// Why a sign-in failed. Unknown user and wrong password are one case on purpose.
#[derive(Debug, thiserror::Error)]
pub enum LoginError {
    /// Username or password left empty.
    #[error("username and password are required")]
    Empty,
    /// No such account, or the wrong password.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// Too many attempts from this address, or for this name from it; wait the given
    /// minutes.
    #[error("too many attempts; wait {0} minutes")]
    Throttled(i64),
    /// The password was right but the account is disabled.
    #[error("account disabled")]
    Disabled,
    /// The database, hasher or session store failed.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

fn minutes_ceil(d: Duration) -> i64 {
    (d.as_secs() as i64 + 59) / 60
}

/// Checks credentials and, on success, starts a fresh session (a new session id, so a
/// session fixed before sign-in is worthless).
pub async fn sign_in(
    db: &DatabaseConnection,
    limiter: &LoginLimiter,
    session: &Session,
    addr: IpAddr,
    username: &str,
    password: &str,
) -> Result<UserView, LoginError> {
    if username.trim().is_empty() || password.is_empty() {
        return Err(LoginError::Empty);
    }
    limiter.check(username, addr).map_err(|wait| LoginError::Throttled(minutes_ceil(wait).max(1)))?;
    let found = user::Entity::find().filter(user::Column::Username.eq(username.trim())).one(db).await.map_err(anyhow::Error::from)?;
    let phc = found.as_ref().map_or_else(|| password::DUMMY_HASH.clone(), |u| u.password_hash.clone());
    let candidate = password.to_owned();
    let ok = tokio::task::spawn_blocking(move || password::verify(&candidate, &phc)).await.map_err(anyhow::Error::from)?;
    // An unknown name and a wrong password: one answer, one cost, one count.
    let Some(account) = found.filter(|_| ok) else {
        limiter.backoff.failed(username, addr, std::time::Instant::now());
        return Err(LoginError::InvalidCredentials);
    };
    limiter.backoff.succeeded(username, addr);
    if account.disabled {
        return Err(LoginError::Disabled);
    }
    let role = Role::parse(&account.role).map_err(anyhow::Error::from)?;
    let view = UserView { username: account.username.clone(), role };
    if account.failed_logins != 0 || account.locked_until.is_some() {
        let mut row = account.clone().into_active_model();
        row.failed_logins = Set(0);
        row.locked_until = Set(None);
        row.update(db).await.map_err(anyhow::Error::from)?;
    }
    session.cycle_id().await.map_err(|e| anyhow::anyhow!("renewing the session id: {e}"))?;
    session.insert(USER_ID_KEY, account.id).await.map_err(|e| anyhow::anyhow!("writing the session: {e}"))?;
    session
        .insert(RENEWED_KEY, OffsetDateTime::now_utc().unix_timestamp())
        .await
        .map_err(|e| anyhow::anyhow!("writing the session: {e}"))?;
    crate::ssr::audit::record(db, &account.username, "session.sign_in", &format!("user:{}", account.id), serde_json::json!({}))
        .await
        .map_err(anyhow::Error::from)?;
    tracing::info!(user.id = account.id, "signed in");
    Ok(view)
}

/// Ends the session: it is deleted from the database, so its cookie is worthless. The
/// sign-out of an account is audited.
pub async fn sign_out(db: &DatabaseConnection, session: &Session) -> anyhow::Result<()> {
    if let Some(who) = current_user(db, session).await? {
        crate::ssr::audit::record(db, &who.username, "session.sign_out", "session", serde_json::json!({})).await?;
    }
    session.flush().await.map_err(|e| anyhow::anyhow!("deleting the session: {e}"))
}

/// Renews a signed-in session whose last renewal is [`RENEW_EVERY_SECS`] or more ago:
/// the change makes the session layer save it, with its idle expiry counted from now.
/// Every other page view leaves the session row alone, so reading pages writes nothing.
pub async fn keep_alive(session: &Session) -> anyhow::Result<()> {
    let read = |e| anyhow::anyhow!("reading the session: {e}");
    if session.get::<i32>(USER_ID_KEY).await.map_err(read)?.is_none() {
        return Ok(());
    }
    let now = OffsetDateTime::now_utc().unix_timestamp();
    let renewed: Option<i64> = session.get(RENEWED_KEY).await.map_err(read)?;
    if renewed.is_none_or(|at| now - at >= RENEW_EVERY_SECS) {
        session.insert(RENEWED_KEY, now).await.map_err(|e| anyhow::anyhow!("renewing the session: {e}"))?;
    }
    Ok(())
}

/// The account signed in on this session, if it still exists and is enabled.
pub async fn current_user(db: &DatabaseConnection, session: &Session) -> anyhow::Result<Option<UserView>> {
    let id: Option<i32> = session.get(USER_ID_KEY).await.map_err(|e| anyhow::anyhow!("reading the session: {e}"))?;
    let Some(id) = id else { return Ok(None) };
    let Some(account) = user::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    if account.disabled {
        return Ok(None);
    }
    Ok(Some(UserView { username: account.username, role: Role::parse(&account.role)? }))
}

/// The signed-in account of the current server-function call or page, if its role is
/// one of `roles`: `Unauthorized` for visitors, `Forbidden` for other roles.
pub async fn require_role(roles: &[Role]) -> Result<(crate::ssr::AppState, UserView), crate::error::AppError> {
    use crate::error::AppError;
    let state = crate::ssr::state()?;
    let session: Session = leptos_axum::extract().await.map_err(|e| {
        tracing::error!(error.cause = %e, "session layer missing");
        AppError::Internal
    })?;
    match current_user(&state.db, &session).await? {
        Some(user) if roles.contains(&user.role) => Ok((state, user)),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthorized),
    }
}
