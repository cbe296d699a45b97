//! Form posts of the accounts page (admin): create an account, disable or enable one,
//! reset a password. A new one-time password never goes into a URL: it is kept in the
//! admin's session, and the page's server function takes it out when it shows it.

use super::{back_with_error, said, saved, Form};
use crate::error::{map::In, ApiError};
use crate::routes::signed::{Admins, Signed};
use app::domain::account::Role;
use app::i18n::texts;
use app::ssr::accounts::{self, CreateAccountError};
use app::ssr::AppState;
use app::views::accounts::{OneTimePassword, ONE_TIME_KEY};
use app::views::forms::{paths, AccountForm, UsernameForm};
use axum::{extract::State, response::Response};

const PAGE: &str = paths::ACCOUNTS;

/// Keeps the password in the session for the page to show once, then goes back to it.
async fn hand_over(admin: &Signed<Admins>, username: String, password: String, reset: bool) -> Response {
    match admin.session.insert(ONE_TIME_KEY, OneTimePassword { username, password, reset }).await {
        Ok(()) => saved(PAGE),
        Err(e) => {
            tracing::error!(error.cause = %e, "could not keep a one-time password in the session");
            back_with_error(PAGE, texts(admin.locale).error_body)
        }
    }
}

/// `POST /accounts`: a new account (`username`, `role`) with a random password, shown once.
pub async fn create(State(state): State<AppState>, admin: Signed<Admins>, Form(f): Form<AccountForm>) -> Response {
    let Ok(role) = Role::parse(f.role.trim()) else {
        return back_with_error(PAGE, texts(admin.locale).accounts.err_role);
    };
    let password = accounts::random_password();
    match accounts::create_account_by(&state.db, &admin.user.username, f.username.trim(), &password, role).await {
        Ok(account) => hand_over(&admin, account.username, password, false).await,
        Err(e @ CreateAccountError::Invalid(_)) => {
            // The page names no field: the sentence about it is enough.
            let api = ApiError::from(In(e, admin.locale));
            back_with_error(PAGE, api.fields.first().map_or(api.message.as_str(), |(_, m)| m.as_str()))
        }
        Err(e) => back_with_error(PAGE, &said(e, admin.locale)),
    }
}

async fn set_disabled(state: AppState, admin: Signed<Admins>, username: &str, disabled: bool) -> Response {
    match accounts::set_disabled(&state.db, &admin.user.username, username.trim(), disabled).await {
        Ok(()) => saved(PAGE),
        Err(e) => back_with_error(PAGE, &said(e, admin.locale)),
    }
}

/// `POST /accounts/disable` (`username`): its sessions stop working; never the last admin.
pub async fn disable(State(state): State<AppState>, admin: Signed<Admins>, Form(f): Form<UsernameForm>) -> Response {
    set_disabled(state, admin, &f.username, true).await
}

/// `POST /accounts/enable` (`username`).
pub async fn enable(State(state): State<AppState>, admin: Signed<Admins>, Form(f): Form<UsernameForm>) -> Response {
    set_disabled(state, admin, &f.username, false).await
}

/// `POST /accounts/reset-password` (`username`): a new random password, shown once; the
/// account's sessions end. Not one's own: that would end this session and the password
/// kept in it.
pub async fn reset_password(State(state): State<AppState>, admin: Signed<Admins>, Form(f): Form<UsernameForm>) -> Response {
    let username = f.username.trim();
    if username == admin.user.username {
        return back_with_error(PAGE, texts(admin.locale).accounts.err_own_password);
    }
    match accounts::reset_password(&state.db, &admin.user.username, username).await {
        Ok(password) => hand_over(&admin, username.to_owned(), password, true).await,
        Err(e) => back_with_error(PAGE, &said(e, admin.locale)),
    }
}
