//! Signing in and out from the pages, and the language switcher.

use crate::routes::{ClientIp, HttpConfig};
use app::i18n::{Locale, LANG_COOKIE};
use app::ssr::{auth, auth::LoginError, AppState};
use app::views::forms::LoginForm;
use app::views::url::encode;
use axum::{
    extract::{Path, Query, State},
    http::{header, HeaderValue, StatusCode},
    response::{IntoResponse, Redirect, Response},
    Extension,
};
use serde::Deserialize;
use tower_sessions::Session;

/// `POST /login`: signs in and goes home, or back to the form with the reason (a key the
/// page turns into its sentence) and the username typed.
pub async fn login(
    State(state): State<AppState>,
    session: Session,
    ClientIp(ip): ClientIp,
    super::Form(form): super::Form<LoginForm>,
) -> Response {
    match auth::sign_in(&state.db, &state.login_limiter, &session, ip, &form.username, &form.password).await {
        Ok(_) => Redirect::to("/").into_response(),
        Err(err) => {
            let (reason, minutes) = match err {
                LoginError::Empty => ("empty", None),
                LoginError::InvalidCredentials => ("invalid", None),
                LoginError::Throttled(m) => ("throttled", Some(m)),
                LoginError::Disabled => ("disabled", None),
                LoginError::Unexpected(e) => {
                    tracing::error!(error.cause = format!("{e:#}"), "sign-in failed");
                    ("internal", None)
                }
            };
            let mut to = format!("/login?error={reason}&username={}", encode(form.username.trim()));
            if let Some(m) = minutes {
                to.push_str(&format!("&minutes={m}"));
            }
            Redirect::to(&to).into_response()
        }
    }
}

/// `POST /logout`: deletes the session and shows the sign-in page.
pub async fn logout(State(state): State<AppState>, session: Session) -> Response {
    if let Err(e) = auth::sign_out(&state.db, &session).await {
        tracing::error!(error.cause = format!("{e:#}"), "sign-out failed");
        return (StatusCode::INTERNAL_SERVER_ERROR, Redirect::to("/")).into_response();
    }
    Redirect::to("/login?signed_out=1").into_response()
}

/// Where the language switcher returns to.
#[derive(Debug, Deserialize)]
pub struct NextPage {
    next: Option<String>,
}

/// `GET /lang/{code}?next=/path`: remembers the language for a year and goes back.
pub async fn set_language(Path(code): Path<String>, Query(q): Query<NextPage>, Extension(cfg): Extension<HttpConfig>) -> Response {
    match Locale::parse(&code) {
        Some(locale) => remember(LANG_COOKIE, locale.code(), q, &cfg),
        None => Redirect::to(&next_of(q)).into_response(),
    }
}

/// `GET /text/{large|normal}?next=…`: the large-text mode of the pages, kept in a cookie on
/// the device (`minping_text`), then back to `next`. With JavaScript the toggle switches
/// in place and writes the same cookie; this is its path without.
pub async fn set_text_size(Path(size): Path<String>, Query(q): Query<NextPage>, Extension(cfg): Extension<HttpConfig>) -> Response {
    remember(app::context::TEXT_COOKIE, if size == "large" { "large" } else { "normal" }, q, &cfg)
}

/// The page to go back to: a path of this site, else the home page.
fn next_of(q: NextPage) -> String {
    q.next.as_deref().and_then(app::domain::redirect::local_path).unwrap_or_else(|| "/".to_owned())
}

/// Back to `next`, keeping `name=value` on the device for a year.
fn remember(name: &str, value: &str, q: NextPage, cfg: &HttpConfig) -> Response {
    let cookie = format!("{name}={value}; Path=/; Max-Age=31536000; SameSite=Lax{}", if cfg.secure_cookies { "; Secure" } else { "" });
    let mut res = Redirect::to(&next_of(q)).into_response();
    if let Ok(v) = HeaderValue::from_str(&cookie) {
        res.headers_mut().insert(header::SET_COOKIE, v);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::encode;

    #[test]
    fn usernames_are_percent_encoded_in_redirects() {
        assert_eq!(encode("张 a&b"), "%E5%BC%A0%20a%26b");
    }
}
