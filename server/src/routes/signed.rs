//! Who is asking: the one extractor of a signed-in account, for the JSON API and the form
//! posts alike (RULES.md P1, deny by default). `Signed<Admins>` lets admins in, `Signed`
//! any signed-in account; what a caller may see of an object is decided per object by
//! `app::ssr::access`. A refusal answers in the caller's shape: the API error JSON (401,
//! 403) under `/api/`, else a redirect to the sign-in page.

use crate::error::{locale_of, ApiError};
use app::domain::account::Role;
use app::i18n::errors as m;
use app::i18n::Locale;
use app::ssr::{auth, AppState};
use app::views::auth::UserView;
use axum::{
    extract::{FromRequestParts, OriginalUri},
    http::{request::Parts, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use std::marker::PhantomData;
use tower_sessions::Session;

/// Which roles an endpoint lets in.
pub trait Roles: Send + Sync + 'static {
    /// The roles let in (`None`: any signed-in account).
    const ALLOWED: Option<&'static [Role]>;
}

/// Any signed-in account.
pub struct Anyone;
impl Roles for Anyone {
    const ALLOWED: Option<&'static [Role]> = None;
}

/// The organization department.
pub struct Admins;
impl Roles for Admins {
    const ALLOWED: Option<&'static [Role]> = Some(&[Role::Admin]);
}

/// Admins and steering members (flags, lessons, re-evaluation).
pub struct Stewards;
impl Roles for Stewards {
    const ALLOWED: Option<&'static [Role]> = Some(&[Role::Admin, Role::Steering]);
}

/// Admins and clerks (paper ballots).
pub struct Clerks;
impl Roles for Clerks {
    const ALLOWED: Option<&'static [Role]> = Some(&[Role::Admin, Role::Clerk]);
}

/// A signed-in account whose role `R` lets in.
pub struct Signed<R: Roles = Anyone> {
    /// The account.
    pub user: UserView,
    /// The caller's language.
    pub locale: Locale,
    /// The session (one-time passwords, pending imports, flash messages).
    pub session: Session,
    _roles: PhantomData<R>,
}

impl<R: Roles> FromRequestParts<AppState> for Signed<R> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let locale = locale_of(&parts.headers);
        let path = parts.extensions.get::<OriginalUri>().map_or_else(|| parts.uri.path().to_owned(), |u| u.path().to_owned());
        let api = path.starts_with("/api/");
        let refuse = |status: StatusCode| -> Response {
            if !api {
                return Redirect::to(app::views::forms::paths::LOGIN).into_response();
            }
            match status {
                StatusCode::UNAUTHORIZED => ApiError::unauthorized(locale).into_response(),
                StatusCode::FORBIDDEN => ApiError::new(status, "forbidden", m::FORBIDDEN, locale).into_response(),
                _ => ApiError::internal(locale).into_response(),
            }
        };
        let session = Session::from_request_parts(parts, state).await.map_err(|(_, msg)| {
            tracing::error!(error.cause = msg, "session layer missing");
            refuse(StatusCode::INTERNAL_SERVER_ERROR)
        })?;
        let user = match auth::current_user(&state.db, &session).await {
            Ok(Some(user)) => user,
            Ok(None) => return Err(refuse(StatusCode::UNAUTHORIZED)),
            Err(e) => {
                tracing::error!(error.cause = format!("{e:#}"), "reading the session failed");
                return Err(refuse(StatusCode::INTERNAL_SERVER_ERROR));
            }
        };
        if R::ALLOWED.is_some_and(|roles| !roles.contains(&user.role)) {
            return Err(refuse(StatusCode::FORBIDDEN));
        }
        Ok(Signed { user, locale, session, _roles: PhantomData })
    }
}
