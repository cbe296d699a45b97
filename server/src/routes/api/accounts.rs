//! `/api/v1/accounts` (admin): list, create, disable/enable, reset password.

use crate::error::map::OrApi;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::{Admins, Signed};
use app::domain::account::Role;
use app::ssr::accounts::{self, AccountView, CreateAccountError};
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};

type Admin = Signed<Admins>;

/// `GET /api/v1/accounts`: every account (no password hashes).
#[utoipa::path(get, path = "/api/v1/accounts", tag = "accounts",
    responses((status = 200, body = Vec<AccountView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, admin: Admin) -> Result<Json<Vec<AccountView>>, ApiError> {
    accounts::list(&state.db).await.map(Json).or_api(admin.locale)
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
    let role = Role::parse(&body.role).map_err(CreateAccountError::Invalid).or_api(locale)?;
    let pw = accounts::random_password();
    let a = accounts::create_account_by(&state.db, &admin.user.username, &body.username, &pw, role).await.or_api(locale)?;
    Ok((StatusCode::CREATED, Json(OneTimePassword { username: a.username, password: pw })))
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
    accounts::set_disabled(&state.db, &admin.user.username, &username, disabled).await.or_api(admin.locale)?;
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
    let password = accounts::reset_password(&state.db, &admin.user.username, &username).await.or_api(admin.locale)?;
    Ok(Json(OneTimePassword { username, password }))
}
