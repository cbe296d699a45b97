//! The rectification ledger of a flag (RULES.md E2; API.md "Rectification, report,
//! indicators"): problems, measures and their status. Admins and the target's steering
//! members; anyone else gets 404, as for the flag itself.

use crate::error::map::OrApi;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::Signed;
use app::ssr::{ledger, AppState};
use app::views::steering::LedgerView;
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;

fn id_of(raw: &str, locale: app::i18n::Locale) -> Result<i32, ApiError> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(locale))
}

async fn view(state: &AppState, who: &Signed, flag_id: i32) -> Result<Json<LedgerView>, ApiError> {
    ledger::ledger_of(&state.db, &who.user, flag_id).await.map(Json).or_api(who.locale)
}

/// `GET /api/v1/flags/{id}/problems`: the flag's ledger — its problems with their measures.
#[utoipa::path(get, path = "/api/v1/flags/{id}/problems", tag = "rectification", params(("id" = i32, Path, description = "flag id")),
    responses((status = 200, body = LedgerView), (status = 404, body = ErrorBody)))]
pub async fn problems(State(state): State<AppState>, who: Signed, Path(id): Path<String>) -> Result<Json<LedgerView>, ApiError> {
    let id = id_of(&id, who.locale)?;
    view(&state, &who, id).await
}

/// Body of `POST /api/v1/flags/{id}/problems`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ProblemBody {
    /// 1–200 characters.
    pub title: String,
    /// `opinion` (picked from the target's opinions) or `finding` (the steering group's own).
    pub source: String,
}

/// `POST /api/v1/flags/{id}/problems`: records a problem → 201 with the ledger.
#[utoipa::path(post, path = "/api/v1/flags/{id}/problems", tag = "rectification", params(("id" = i32, Path, description = "flag id")),
    request_body = ProblemBody,
    responses((status = 201, body = LedgerView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_problem(
    State(state): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ProblemBody>,
) -> Result<(StatusCode, Json<LedgerView>), ApiError> {
    let id = id_of(&id, who.locale)?;
    ledger::add_problem(&state.db, &who.user, id, &body.title, &body.source).await.or_api(who.locale)?;
    Ok((StatusCode::CREATED, view(&state, &who, id).await?))
}

/// Body of `POST /api/v1/problems/{id}/measures`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MeasureBody {
    /// What will be done (1–2,000 characters).
    pub text: String,
    /// Who answers for it (1–64 characters).
    pub owner: String,
    /// By when, `YYYY-MM-DD`, not before the day the target was flagged.
    pub deadline: String,
}

/// `POST /api/v1/problems/{id}/measures`: records a measure (status `todo`) → 201 with the ledger.
#[utoipa::path(post, path = "/api/v1/problems/{id}/measures", tag = "rectification", params(("id" = i32, Path, description = "problem id")),
    request_body = MeasureBody,
    responses((status = 201, body = LedgerView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_measure(
    State(state): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MeasureBody>,
) -> Result<(StatusCode, Json<LedgerView>), ApiError> {
    let id = id_of(&id, who.locale)?;
    let flag = ledger::add_measure(&state.db, &who.user, id, &body.text, &body.owner, &body.deadline).await.or_api(who.locale)?;
    Ok((StatusCode::CREATED, view(&state, &who, flag).await?))
}

/// Body of `PATCH /api/v1/measures/{id}`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct StatusBody {
    /// `todo` (未开始), `doing` (整改中) or `done` (已完成).
    pub status: String,
    /// Evidence note (up to 4,000 characters); kept when left out.
    pub evidence: Option<String>,
}

/// `PATCH /api/v1/measures/{id}`: sets a measure's status (the day is recorded) → the ledger.
#[utoipa::path(patch, path = "/api/v1/measures/{id}", tag = "rectification", params(("id" = i32, Path, description = "measure id")),
    request_body = StatusBody,
    responses((status = 200, body = LedgerView), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_status(
    State(state): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<StatusBody>,
) -> Result<Json<LedgerView>, ApiError> {
    let id = id_of(&id, who.locale)?;
    let flag = ledger::set_status(&state.db, &who.user, id, &body.status, body.evidence.as_deref()).await.or_api(who.locale)?;
    view(&state, &who, flag).await
}
