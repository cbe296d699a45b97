//! `/api/v1/rounds/{id}/codes`: issue, revoke, summary.

use super::guard::Admin;
use super::rounds::{round_id, round_not_found};
use crate::error::{ApiError, ApiJson, ErrorBody};
use app::ssr::codes::CategoryTurnout;
use crate::messages;
use app::domain::code::Code;
use app::i18n::Locale;
use app::ssr::{codes, codes::CodeServiceError, codes::IssueRequest, AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};

/// Maps a code service error onto the API shape.
pub fn code_error(err: CodeServiceError, locale: Locale) -> ApiError {
    use CodeServiceError as E;
    match err {
        E::RoundNotFound => round_not_found(locale),
        E::WrongState(s) => {
            ApiError::with(StatusCode::CONFLICT, "wrong_state", messages::CODES_WRONG_STATE, locale, &[("{from}", s.as_str())])
        }
        E::UnknownCategory(k) => ApiError {
            fields: vec![("category".into(), messages::UNKNOWN_CATEGORY.text(locale).replace("{key}", &k))],
            ..ApiError::with(StatusCode::UNPROCESSABLE_ENTITY, "unknown_category", messages::UNKNOWN_CATEGORY, locale, &[("{key}", &k)])
        },
        E::UnknownTarget(k) => ApiError {
            fields: vec![("targets".into(), messages::UNKNOWN_TARGET.text(locale).replace("{key}", &k))],
            ..ApiError::with(StatusCode::UNPROCESSABLE_ENTITY, "unknown_target", messages::UNKNOWN_TARGET, locale, &[("{key}", &k)])
        },
        E::BadCount => ApiError {
            fields: vec![("count".into(), messages::BAD_COUNT.text(locale).to_owned())],
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_count", messages::BAD_COUNT, locale)
        },
        E::Db(e) => {
            tracing::error!(error.cause = %e, "code operation failed");
            ApiError::internal(locale)
        }
    }
}

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
    let codes = codes::issue(&state.db, &state.code_key, &admin.user.username, id, &req)
        .await
        .map_err(|e| code_error(e, admin.locale))?;
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
            Err(e) => bad.push((format!("codes[{i}]"), e.to_string())),
        }
    }
    if !bad.is_empty() {
        return Err(ApiError::validation("invalid_code", messages::BAD_CODE.text(admin.locale), bad));
    }
    let revoked = codes::revoke(&state.db, &state.code_key, &admin.user.username, id, &parsed)
        .await
        .map_err(|e| code_error(e, admin.locale))?;
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
pub async fn summary(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<Json<Summary>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    if app::ssr::rounds::load(&state.db, id).await.map_err(|e| code_error(e.into(), admin.locale))?.is_none() {
        return Err(round_not_found(admin.locale));
    }
    let categories = codes::summary(&state.db, id).await.map_err(|e| code_error(e.into(), admin.locale))?;
    Ok(Json(Summary {
        issued: categories.iter().map(|c| c.issued).sum(),
        used: categories.iter().map(|c| c.used).sum(),
        revoked: categories.iter().map(|c| c.revoked).sum(),
        categories,
    }))
}
