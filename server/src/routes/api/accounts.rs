//! `/api/v1/accounts` (admin): list, create, disable/enable, reset password.

use super::guard::Admin;
use crate::error::{ApiError, ApiJson, ErrorBody};
use app::domain::account::Role;
use app::ssr::accounts::{self, AccountView, CreateAccountError, ManageError};
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};

fn manage_error(e: ManageError, locale: app::i18n::Locale) -> ApiError {
    let zh = locale == app::i18n::Locale::Zh;
    match e {
        ManageError::NotFound => ApiError {
            status: StatusCode::NOT_FOUND,
            code: "account_not_found",
            message: (if zh { "没有该用户名的账户。" } else { "There is no account with that username." }).to_owned(),
            fields: Vec::new(),
        },
        ManageError::LastAdmin => ApiError {
            status: StatusCode::CONFLICT,
            code: "last_admin",
            message: (if zh { "不能停用最后一个管理员账户。" } else { "The last admin account cannot be disabled." }).to_owned(),
            fields: Vec::new(),
        },
        ManageError::Unexpected(cause) => {
            tracing::error!(error.cause = format!("{cause:#}"), "account change failed");
            ApiError::internal(locale)
        }
    }
}

/// `GET /api/v1/accounts`: every account (no password hashes).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    responses((status = 200, body = Vec<AccountView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, admin: Admin) -> Result<Json<Vec<AccountView>>, ApiError> {
    accounts::list(&state.db).await.map(Json).map_err(|e| manage_error(e.into(), admin.locale))
}

/// Body of `POST /api/v1/accounts`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct NewAccount {
    /// 3–64 letters, digits, `.`, `_`, `-`.
    pub username: String,
    /// `admin`, `steering` or `viewer`.
    pub role: String,
}

/// A password to hand over once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OneTimePassword {
    /// The account.
    pub username: String,
    /// Its new password (shown this once; never stored in clear).
    pub password: String,
}

/// `POST /api/v1/accounts`: creates an account with a random password → 201.
#[utoipa::path(post, path = "/api/v1/accounts", tag = "accounts", request_body = NewAccount,
    responses((status = 201, body = OneTimePassword), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(body): ApiJson<NewAccount>,
) -> Result<(StatusCode, Json<OneTimePassword>), ApiError> {
    let locale = admin.locale;
    let role = Role::parse(&body.role).map_err(|e| ApiError::validation("invalid_account", "", vec![("role".into(), e.to_string())]))?;
    let pw = accounts::random_password();
    match accounts::create_account_by(&state.db, &admin.user.username, &body.username, &pw, role).await {
        Ok(a) => Ok((StatusCode::CREATED, Json(OneTimePassword { username: a.username, password: pw }))),
        Err(CreateAccountError::Invalid(e)) => Err(ApiError::validation("invalid_account", "", vec![("username".into(), e.to_string())])),
        Err(CreateAccountError::UsernameTaken(u)) => Err(ApiError {
            status: StatusCode::CONFLICT,
            code: "username_taken",
            message: if locale == app::i18n::Locale::Zh { format!("用户名“{u}”已被使用。") } else { format!("The username '{u}' is taken.") },
            fields: Vec::new(),
        }),
        Err(CreateAccountError::Unexpected(cause)) => Err(manage_error(ManageError::Unexpected(cause), locale)),
    }
}

/// `POST /api/v1/accounts/{username}/disable` (or `/enable`): 204; the last admin → 409.
#[utoipa::path(post, path = "/api/v1/accounts/{username}/{action}", tag = "accounts",
    params(("username" = String, Path, description = "account"), ("action" = String, Path, description = "disable or enable")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "last_admin")))]
pub async fn set_state(
    State(state): State<AppState>,
    admin: Admin,
    Path((username, action)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let disabled = match action.as_str() {
        "disable" => true,
        "enable" => false,
        _ => return Err(ApiError::not_found(admin.locale)),
    };
    accounts::set_disabled(&state.db, &admin.user.username, &username, disabled).await.map_err(|e| manage_error(e, admin.locale))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/accounts/{username}/reset-password` → a new random password; the
/// account's sessions end and its lockout is cleared.
#[utoipa::path(post, path = "/api/v1/accounts/{username}/reset-password", tag = "accounts",
    params(("username" = String, Path, description = "account")),
    responses((status = 200, body = OneTimePassword), (status = 404, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    admin: Admin,
    Path(username): Path<String>,
) -> Result<Json<OneTimePassword>, ApiError> {
    let password = accounts::reset_password(&state.db, &admin.user.username, &username).await.map_err(|e| manage_error(e, admin.locale))?;
    Ok(Json(OneTimePassword { username, password }))
}
