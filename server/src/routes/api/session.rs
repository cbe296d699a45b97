//! `POST/GET/DELETE /api/v1/session`: sign in, who am I, sign out.

use crate::error::map::In;
use crate::error::{ApiError, ApiJson, ErrorBody, ReqLocale};
use crate::routes::ClientIp;
use app::ssr::{auth, auth::LoginError, AppState};
use app::views::auth::UserView;
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
    auth::sign_in(&state.db, &state.login_limiter, &session, ip, &creds.username, &creds.password).await.map(Json).map_err(|e| {
        let throttled = matches!(e, LoginError::Throttled(_));
        let minutes = match e {
            LoginError::Throttled(m) => m,
            _ => 0,
        };
        let mut res = ApiError::from(In(e, locale)).into_response();
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
pub async fn show(State(state): State<AppState>, session: Session, ReqLocale(locale): ReqLocale) -> Result<Json<UserView>, ApiError> {
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
