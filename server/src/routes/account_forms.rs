//! Form posts of the accounts page (admin): create an account, disable or enable one,
//! reset a password. Each answers 303 back to `/accounts` with `?saved=1` or `?error=…`
//! (in the admin's language). A new one-time password never goes into a URL: it is kept
//! in the admin's session, and the page's server function takes it out when it shows it.

use crate::routes::round_forms::{back_with_error, field, FormAdmin};
use app::domain::account::{AccountError, Role};
use app::i18n::{accounts::AccountTexts, use_texts_for, Locale};
use app::server_fns::accounts::{OneTimePassword, ONE_TIME_KEY};
use app::ssr::accounts::{self, CreateAccountError, ManageError};
use app::ssr::AppState;
use axum::{
    extract::State,
    response::{IntoResponse, Redirect, Response},
    Form,
};

const PAGE: &str = "/accounts";

fn texts(locale: Locale) -> &'static AccountTexts {
    use_texts_for(locale).accounts
}

fn internal(locale: Locale) -> Response {
    back_with_error(PAGE, use_texts_for(locale).error_body)
}

fn manage_refusal(e: ManageError, locale: Locale) -> Response {
    let t = texts(locale);
    match e {
        ManageError::NotFound => back_with_error(PAGE, t.err_not_found),
        ManageError::LastAdmin => back_with_error(PAGE, t.err_last_admin),
        ManageError::Unexpected(cause) => {
            tracing::error!(error.cause = format!("{cause:#}"), "account form failed");
            internal(locale)
        }
    }
}

/// Keeps the password in the session for the page to show once, then goes back to it.
async fn hand_over(admin: &FormAdmin, username: String, password: String, reset: bool) -> Response {
    match admin.session.insert(ONE_TIME_KEY, OneTimePassword { username, password, reset }).await {
        Ok(()) => Redirect::to(&format!("{PAGE}?saved=1")).into_response(),
        Err(e) => {
            tracing::error!(error.cause = %e, "could not keep a one-time password in the session");
            internal(admin.locale)
        }
    }
}

/// `POST /accounts`: a new account (`username`, `role`) with a random password, shown once.
pub async fn create(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<Vec<(String, String)>>) -> Response {
    let t = texts(admin.locale);
    let Ok(role) = Role::parse(field(&f, "role")) else { return back_with_error(PAGE, t.err_role) };
    let password = accounts::random_password();
    match accounts::create_account_by(&state.db, &admin.username, field(&f, "username"), &password, role).await {
        Ok(account) => hand_over(&admin, account.username, password, false).await,
        Err(CreateAccountError::Invalid(AccountError::UnknownRole(_))) => back_with_error(PAGE, t.err_role),
        Err(CreateAccountError::Invalid(_)) => back_with_error(PAGE, t.err_username),
        Err(CreateAccountError::UsernameTaken(u)) => back_with_error(PAGE, &t.err_taken.replace("{username}", &u)),
        Err(CreateAccountError::Unexpected(cause)) => manage_refusal(ManageError::Unexpected(cause), admin.locale),
    }
}

async fn set_disabled(state: AppState, admin: FormAdmin, f: Vec<(String, String)>, disabled: bool) -> Response {
    match accounts::set_disabled(&state.db, &admin.username, field(&f, "username"), disabled).await {
        Ok(()) => Redirect::to(&format!("{PAGE}?saved=1")).into_response(),
        Err(e) => manage_refusal(e, admin.locale),
    }
}

/// `POST /accounts/disable` (`username`): its sessions stop working; never the last admin.
pub async fn disable(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<Vec<(String, String)>>) -> Response {
    set_disabled(state, admin, f, true).await
}

/// `POST /accounts/enable` (`username`).
pub async fn enable(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<Vec<(String, String)>>) -> Response {
    set_disabled(state, admin, f, false).await
}

/// `POST /accounts/reset-password` (`username`): a new random password, shown once; the
/// account's sessions end. Not one's own: that would end this session and the password
/// kept in it.
pub async fn reset_password(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<Vec<(String, String)>>) -> Response {
    let username = field(&f, "username");
    if username == admin.username {
        return back_with_error(PAGE, texts(admin.locale).err_own_password);
    }
    match accounts::reset_password(&state.db, &admin.username, username).await {
        Ok(password) => hand_over(&admin, username.to_owned(), password, true).await,
        Err(e) => manage_refusal(e, admin.locale),
    }
}
