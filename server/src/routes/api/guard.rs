//! Who may call an endpoint: deny by default, checked on every request.

use crate::error::{locale_of, ApiError};
use crate::messages;
use app::domain::account::Role;
use app::i18n::Locale;
use app::server_fns::auth::UserView;
use app::ssr::{auth, AppState};
use axum::{extract::FromRequestParts, http::request::Parts, http::StatusCode};
use tower_sessions::Session;

/// A signed-in admin (organization department); 401 or 403 otherwise.
#[derive(Debug, Clone)]
pub struct Admin {
    /// The admin's account.
    pub user: UserView,
    /// The caller's language.
    pub locale: Locale,
}

impl FromRequestParts<AppState> for Admin {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Member { user, locale } = Member::from_request_parts(parts, state).await?;
        if user.role == Role::Admin {
            Ok(Admin { user, locale })
        } else {
            Err(ApiError::new(StatusCode::FORBIDDEN, "forbidden", messages::FORBIDDEN, locale))
        }
    }
}

/// Any signed-in account (admin, steering, viewer); 401 otherwise. What it may see is
/// decided per object by `app::ssr::steering::round_access`.
#[derive(Debug, Clone)]
pub struct Member {
    /// The account.
    pub user: UserView,
    /// The caller's language.
    pub locale: Locale,
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let locale = locale_of(&parts.headers);
        let session = Session::from_request_parts(parts, state).await.map_err(|(_, msg)| {
            tracing::error!(error.cause = msg, "session layer missing");
            ApiError::internal(locale)
        })?;
        match auth::current_user(&state.db, &session).await {
            Ok(Some(user)) => Ok(Member { user, locale }),
            Ok(None) => Err(ApiError::unauthorized(locale)),
            Err(e) => {
                tracing::error!(error.cause = format!("{e:#}"), "reading the session failed");
                Err(ApiError::internal(locale))
            }
        }
    }
}

/// A steering-layer refusal in the API error shape.
pub fn steering_error(e: app::ssr::steering::SteeringError, locale: Locale) -> ApiError {
    if let app::ssr::steering::SteeringError::Db(cause) = &e {
        tracing::error!(error.cause = %cause, "steering operation failed");
    }
    let (status, code, message) = e.describe(locale);
    ApiError { status: StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR), code, message, fields: Vec::new() }
}
