//! `/api/v1/rounds/{id}/codes`: issue, revoke, summary.

use super::rounds::round_id;
use crate::error::map::{round_not_found, OrApi};
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::{Admins, Signed};
use app::domain::code::Code;
use app::i18n::{errors as messages, problems};
use app::ssr::codes::CategoryTurnout;
use app::ssr::{codes, codes::IssueRequest, AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};

type Admin = Signed<Admins>;

/// The plain codes, returned this once.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IssuedCodes {
    codes: Vec<String>,
}

/// `POST /api/v1/rounds/{id}/codes` → 201 `{"codes": [...]}`.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/codes", tag = "codes", params(("id" = i32, Path, description = "round id")), request_body = IssueRequest,
    responses((status = 201, body = IssuedCodes), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn issue(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<IssueRequest>,
) -> Result<(StatusCode, Json<IssuedCodes>), ApiError> {
    let id = round_id(&id, admin.locale)?;
    let codes = codes::issue(&state.db, &state.code_key, &admin.user.username, id, &req).await.or_api(admin.locale)?;
    Ok((StatusCode::CREATED, Json(IssuedCodes { codes: codes.iter().map(ToString::to_string).collect() })))
}

/// Codes to revoke.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct RevokeRequest {
    codes: Vec<String>,
}

/// How many were revoked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Revoked {
    revoked: u64,
}

/// `POST /api/v1/rounds/{id}/codes/revoke` with `{"codes": [...]}`: revokes unused codes.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/codes/revoke", tag = "codes", params(("id" = i32, Path, description = "round id")), request_body = RevokeRequest,
    responses((status = 200, body = Revoked), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RevokeRequest>,
) -> Result<Json<Revoked>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    let mut parsed = Vec::with_capacity(req.codes.len());
    let mut bad = Vec::new();
    for (i, raw) in req.codes.iter().enumerate() {
        match Code::parse(raw) {
            Ok(c) => parsed.push(c),
            Err(e) => bad.push((format!("codes[{i}]"), problems::code_error(&e, admin.locale))),
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::validation("invalid_code", messages::BAD_CODE.text(admin.locale), bad));
    }
    let revoked = codes::revoke(&state.db, &state.code_key, &admin.user.username, id, &parsed).await.or_api(admin.locale)?;
    Ok(Json(Revoked { revoked }))
}

/// Turnout per category and in total.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Summary {
    issued: i64,
    used: i64,
    revoked: i64,
    categories: Vec<CategoryTurnout>,
}

/// `GET /api/v1/rounds/{id}/codes/summary`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/codes/summary", tag = "codes", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = Summary), (status = 404, body = ErrorBody)))]
pub async fn summary(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Json<Summary>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    if app::ssr::rounds::load(&state.db, id).await.or_api(admin.locale)?.is_none() {
        return Err(round_not_found(admin.locale));
    }
    let categories = codes::summary(&state.db, id).await.or_api(admin.locale)?;
    Ok(Json(Summary {
        issued: categories.iter().map(|c| c.issued).sum(),
        used: categories.iter().map(|c| c.used).sum(),
        revoked: categories.iter().map(|c| c.revoked).sum(),
        categories,
    }))
}
