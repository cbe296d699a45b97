//! `/api/v1/rounds`: create, list, read, edit, copy and move rounds through the lifecycle.

use super::guard::Admin;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::messages;
use app::domain::lifecycle::{Status, Transition};
use app::domain::round::{Round, RoundSpec, Violation};
use app::i18n::Locale;
use app::ssr::{rounds, rounds::RoundError, AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Serialize;

/// Reads a round id from the path; anything else is "not found".
pub fn round_id(raw: &str, locale: Locale) -> Result<i32, ApiError> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| round_not_found(locale))
}

/// 404 for a round.
pub fn round_not_found(locale: Locale) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "round_not_found", messages::ROUND_NOT_FOUND, locale)
}

/// Violations as (field, message) pairs in the caller's language.
pub fn fields(v: Vec<Violation>, locale: Locale) -> Vec<(String, String)> {
    v.into_iter().map(|v| (v.field, v.problem.message(locale))).collect()
}

fn status_name(s: Status) -> &'static str {
    s.as_str()
}

/// Maps a round service error onto the API shape.
pub fn round_error(err: RoundError, locale: Locale) -> ApiError {
    match err {
        RoundError::Invalid(v) => {
            ApiError::validation("invalid_round", messages::INVALID_ROUND.text(locale), fields(v, locale))
        }
        RoundError::NotFound => round_not_found(locale),
        RoundError::WrongState(m) => ApiError::with(
            StatusCode::CONFLICT,
            "wrong_state",
            messages::WRONG_STATE,
            locale,
            &[("{from}", status_name(m.from)), ("{action}", m.transition.as_str())],
        ),
        RoundError::NotEditable(s) => {
            ApiError::with(StatusCode::CONFLICT, "not_editable", messages::NOT_EDITABLE, locale, &[("{from}", status_name(s))])
        }
        RoundError::NotReady(v) => ApiError {
            status: StatusCode::CONFLICT,
            ..ApiError::validation("round_not_ready", messages::NOT_READY.text(locale), fields(v, locale))
        },
        RoundError::Db(e) => {
            tracing::error!(error.cause = %e, "round operation failed");
            ApiError::internal(locale)
        }
    }
}

/// `POST /api/v1/rounds`: creates a draft → 201 with the round.
#[utoipa::path(post, path = "/api/v1/rounds", tag = "rounds", request_body = RoundSpec,
    responses((status = 201, body = Round), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(spec): ApiJson<RoundSpec>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let round = rounds::create(&state.db, &admin.user.username, &spec, None)
        .await
        .map_err(|e| round_error(e, admin.locale))?;
    Ok((StatusCode::CREATED, Json(round)))
}

/// One line of the round list.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoundListItem {
    id: i32,
    parent_id: Option<i32>,
    title: String,
    status: String,
}

/// `GET /api/v1/rounds`: every round, newest first.
#[utoipa::path(get, path = "/api/v1/rounds", tag = "rounds",
    responses((status = 200, body = Vec<RoundListItem>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list(State(state): State<AppState>, admin: Admin) -> Result<Json<Vec<RoundListItem>>, ApiError> {
    let rows = rounds::list(&state.db).await.map_err(|e| round_error(e.into(), admin.locale))?;
    Ok(Json(
        rows.into_iter()
            .map(|r| RoundListItem { id: r.id, parent_id: r.parent_id, title: r.title, status: r.status })
            .collect(),
    ))
}

/// `GET /api/v1/rounds/{id}`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "rounds", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = Round), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Json<Round>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    rounds::load(&state.db, id)
        .await
        .map_err(|e| round_error(e.into(), admin.locale))?
        .map(Json)
        .ok_or_else(|| round_not_found(admin.locale))
}

/// `PUT /api/v1/rounds/{id}`: replaces a draft's definition.
#[utoipa::path(put, path = "/api/v1/rounds/{id}", tag = "rounds", params(("id" = i32, Path, description = "round id")), request_body = RoundSpec,
    responses((status = 200, body = Round), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
    ApiJson(spec): ApiJson<RoundSpec>,
) -> Result<Json<Round>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    rounds::update(&state.db, &admin.user.username, id, &spec).await.map(Json).map_err(|e| round_error(e, admin.locale))
}

/// `POST /api/v1/rounds/{id}/copy`: a new draft with the same definition → 201.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/copy", tag = "rounds", params(("id" = i32, Path, description = "round id")),
    responses((status = 201, body = Round), (status = 404, body = ErrorBody)))]
pub async fn copy(
    State(state): State<AppState>,
    admin: Admin,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let id = round_id(&id, admin.locale)?;
    let round = rounds::copy(&state.db, &admin.user.username, id).await.map_err(|e| round_error(e, admin.locale))?;
    Ok((StatusCode::CREATED, Json(round)))
}

/// `POST /api/v1/rounds/{id}/{open|close|publish|archive}`; a wrong move is 409.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/{action}", tag = "rounds",
    params(("id" = i32, Path, description = "round id"), ("action" = String, Path, description = "open, close, publish or archive")),
    responses((status = 200, body = Round), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn transition(
    State(state): State<AppState>,
    admin: Admin,
    Path((id, action)): Path<(String, String)>,
) -> Result<Json<Round>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    let t = match action.as_str() {
        "open" => Transition::Open,
        "close" => Transition::Close,
        "publish" => Transition::Publish,
        "archive" => Transition::Archive,
        _ => return Err(ApiError::not_found(admin.locale)),
    };
    rounds::transition(&state.db, &admin.user.username, id, t).await.map(Json).map_err(|e| round_error(e, admin.locale))
}
