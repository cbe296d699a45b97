//! `/api/v1/rounds/{id}/codes`: issue, issue a plan per unit × category, revoke (codes or
//! a batch), summary per category and unit.

use super::rounds::round_id;
use crate::error::map::{round_not_found, OrApi};
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::{Admins, Signed};
use app::domain::code::Code;
use app::i18n::{errors as messages, problems};
use app::ssr::codes::CategoryTurnout;
use app::ssr::{codes, codes::IssueRequest, codes::PlanRequest, AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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

/// One issued batch of a plan.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BatchCodes {
    batch: i32,
    unit: String,
    category: String,
    codes: Vec<String>,
}

/// Every batch of a plan, with its plain codes (returned this once).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PlanIssued {
    batches: Vec<BatchCodes>,
}

/// `POST /api/v1/rounds/{id}/codes/plan` with `{"plan": [{"unit", "category", "count"}]}`:
/// one batch per line, each scoped to the unit's body and cadres, all in one transaction.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/codes/plan", tag = "codes", params(("id" = i32, Path, description = "round id")), request_body = PlanRequest,
    responses((status = 201, body = PlanIssued), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn plan(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<PlanRequest>,
) -> Result<(StatusCode, Json<PlanIssued>), ApiError> {
    let id = round_id(&id, admin.locale)?;
    let batches = codes::plan(&state.db, &state.code_key, &admin.user.username, id, |spec| app::domain::plan::check(spec, &req.plan))
        .await
        .or_api(admin.locale)?;
    let batches = batches
        .into_iter()
        .map(|b| BatchCodes {
            batch: b.batch,
            unit: b.unit,
            category: b.category,
            codes: b.codes.iter().map(ToString::to_string).collect(),
        })
        .collect();
    Ok((StatusCode::CREATED, Json(PlanIssued { batches })))
}

/// Codes to revoke, or a whole batch (a lost sheet).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevokeRequest {
    #[serde(default)]
    codes: Vec<String>,
    #[serde(default)]
    batch: Option<i32>,
}

/// How many were revoked.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Revoked {
    revoked: u64,
}

/// `POST /api/v1/rounds/{id}/codes/revoke` with `{"codes": [...]}` or `{"batch": N}`:
/// revokes unused codes.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/codes/revoke", tag = "codes", params(("id" = i32, Path, description = "round id")), request_body = RevokeRequest,
    responses((status = 200, body = Revoked), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn revoke(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<RevokeRequest>,
) -> Result<Json<Revoked>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    if let Some(batch) = req.batch {
        if !req.codes.is_empty() {
            return Err(ApiError::validation("invalid_revoke", messages::BAD_BATCH.text(admin.locale), vec![]));
        }
        let revoked = codes::revoke_batch(&state.db, &admin.user.username, id, batch).await.or_api(admin.locale)?;
        return Ok(Json(Revoked { revoked }));
    }
    if req.codes.is_empty() {
        return Err(ApiError::validation("invalid_revoke", messages::BAD_BATCH.text(admin.locale), vec![]));
    }
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

/// Turnout in total, per category and per unit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Summary {
    issued: i64,
    used: i64,
    revoked: i64,
    categories: Vec<CategoryTurnout>,
    /// Per unit (a body's key): a code for the whole round counts in every unit.
    units: BTreeMap<String, UnitCounts>,
}

/// Codes of one unit.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitCounts {
    issued: i64,
    used: i64,
    revoked: i64,
}

/// `GET /api/v1/rounds/{id}/codes/summary`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/codes/summary", tag = "codes", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = Summary), (status = 404, body = ErrorBody)))]
pub async fn summary(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Json<Summary>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    let Some(round) = app::ssr::rounds::load(&state.db, id).await.or_api(admin.locale)? else {
        return Err(round_not_found(admin.locale));
    };
    let t = codes::summary(&state.db, id, &round.spec).await.or_api(admin.locale)?;
    let categories = t.categories;
    Ok(Json(Summary {
        issued: categories.iter().map(|c| c.issued).sum(),
        used: categories.iter().map(|c| c.used).sum(),
        revoked: categories.iter().map(|c| c.revoked).sum(),
        categories,
        units: t.units.into_iter().map(|u| (u.unit, UnitCounts { issued: u.issued, used: u.used, revoked: u.revoked })).collect(),
    }))
}
