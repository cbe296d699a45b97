//! `POST/GET/DELETE /api/v1/session`: sign in, who am I, sign out.

use crate::error::{ApiError, ApiJson, ErrorBody, ReqLocale};
use crate::messages;
use crate::routes::ClientIp;
use app::i18n::Locale;
use app::server_fns::auth::UserView;
use app::ssr::{auth, auth::LoginError, AppState};
use axum::{
    extract::State,
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};
use serde::Deserialize;
use tower_sessions::Session;

/// Sign-in credentials.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct Credentials {
    /// The account's username.
    #[serde(default)]
    pub username: String,
    /// The account's password.
    #[serde(default)]
    pub password: String,
}

/// Maps a failed sign-in onto the API error shape.
pub fn login_error(err: LoginError, locale: Locale) -> ApiError {
    match err {
        LoginError::Empty => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "missing_credentials", messages::MISSING_CREDENTIALS, locale)
        }
        LoginError::InvalidCredentials => {
            ApiError::new(StatusCode::UNAUTHORIZED, "invalid_credentials", messages::INVALID_CREDENTIALS, locale)
        }
        LoginError::Locked(m) => {
            ApiError::with_minutes(StatusCode::TOO_MANY_REQUESTS, "account_locked", messages::ACCOUNT_LOCKED, locale, m)
        }
        LoginError::Throttled(m) => {
            ApiError::with_minutes(StatusCode::TOO_MANY_REQUESTS, "rate_limited", messages::RATE_LIMITED, locale, m)
        }
        LoginError::Disabled => {
            ApiError::new(StatusCode::FORBIDDEN, "account_disabled", messages::ACCOUNT_DISABLED, locale)
        }
        LoginError::Unexpected(e) => {
            tracing::error!(error.cause = format!("{e:#}"), "sign-in failed");
            ApiError::internal(locale)
        }
    }
}

/// `POST /api/v1/session`: signs in and sets the session cookie.
#[utoipa::path(post, path = "/api/v1/session", tag = "session", request_body = Credentials,
    responses((status = 200, body = UserView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    ReqLocale(locale): ReqLocale,
    ApiJson(creds): ApiJson<Credentials>,
) -> Result<Json<UserView>, Response> {
    auth::sign_in(&state.db, &state.login_limiter, &session, ip, &creds.username, &creds.password)
        .await
        .map(Json)
        .map_err(|e| {
            let throttled = matches!(e, LoginError::Throttled(_) | LoginError::Locked(_));
            let minutes = match e {
                LoginError::Throttled(m) | LoginError::Locked(m) => m,
                _ => 0,
            };
            let mut res = login_error(e, locale).into_response();
            if throttled {
                if let Ok(v) = (minutes * 60).to_string().parse() {
                    res.headers_mut().insert(header::RETRY_AFTER, v);
                }
            }
            res
        })
}

/// `GET /api/v1/session`: the signed-in account, or 401.
#[utoipa::path(get, path = "/api/v1/session", tag = "session", responses((status = 200, body = UserView), (status = 401, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    session: Session,
    ReqLocale(locale): ReqLocale,
) -> Result<Json<UserView>, ApiError> {
    match auth::current_user(&state.db, &session).await {
        Ok(Some(user)) => Ok(Json(user)),
        Ok(None) => Err(ApiError::unauthorized(locale)),
        Err(e) => {
            tracing::error!(error.cause = format!("{e:#}"), "reading the session failed");
            Err(ApiError::internal(locale))
        }
    }
}

/// `DELETE /api/v1/session`: signs out; the server-side session is deleted.
#[utoipa::path(delete, path = "/api/v1/session", tag = "session", responses((status = 204, description = "signed out")))]
pub async fn destroy(State(state): State<AppState>, session: Session, ReqLocale(locale): ReqLocale) -> Result<StatusCode, ApiError> {
    auth::sign_out(&state.db, &session).await.map(|()| StatusCode::NO_CONTENT).map_err(|e| {
        tracing::error!(error.cause = format!("{e:#}"), "sign-out failed");
        ApiError::internal(locale)
    })
}
