//! `/api/v1/rounds`: create, list, read, edit, copy and move rounds through the lifecycle.

use crate::error::map::{round_not_found, OrApi};
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::{Admins, Signed};
use app::domain::lifecycle::Transition;
use app::domain::round::{Round, RoundSpec};
use app::i18n::Locale;
use app::ssr::{rounds, AppState};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Serialize;

type Admin = Signed<Admins>;

/// Reads a round id from the path; anything else is "not found".
pub fn round_id(raw: &str, locale: Locale) -> Result<i32, ApiError> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| round_not_found(locale))
}

/// Makes (or makes anew) the `kind` link of round `raw` as `admin` → its token; 404 for
/// no such round.
pub async fn make_link(state: &AppState, admin: &Admin, raw: &str, kind: app::ssr::links::LinkKind) -> Result<String, ApiError> {
    let l = admin.locale;
    let id = round_id(raw, l)?;
    app::ssr::links::make(&state.db, &admin.user.username, id, kind).await.or_api(l)?.ok_or_else(|| round_not_found(l))
}

/// Withdraws the `kind` link of round `raw` as `admin` → 204 (also when there was none).
pub async fn withdraw_link(state: &AppState, admin: &Admin, raw: &str, kind: app::ssr::links::LinkKind) -> Result<StatusCode, ApiError> {
    let l = admin.locale;
    let id = round_id(raw, l)?;
    app::ssr::links::withdraw(&state.db, &admin.user.username, id, kind).await.or_api(l)?.ok_or_else(|| round_not_found(l))?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/rounds`: creates a draft → 201 with the round.
#[utoipa::path(post, path = "/api/v1/rounds", tag = "rounds", request_body = RoundSpec,
    responses((status = 201, body = Round), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    admin: Admin,
    ApiJson(spec): ApiJson<RoundSpec>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let round = rounds::create(&state.db, &admin.user.username, &spec, None).await.or_api(admin.locale)?;
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
    let rows = rounds::list(&state.db).await.or_api(admin.locale)?;
    Ok(Json(rows.into_iter().map(|r| RoundListItem { id: r.id, parent_id: r.parent_id, title: r.title, status: r.status }).collect()))
}

/// `GET /api/v1/rounds/{id}`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}", tag = "rounds", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = Round), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Json<Round>, ApiError> {
    let id = round_id(&id, admin.locale)?;
    rounds::load(&state.db, id).await.or_api(admin.locale)?.map(Json).ok_or_else(|| round_not_found(admin.locale))
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
    rounds::update(&state.db, &admin.user.username, id, &spec).await.map(Json).or_api(admin.locale)
}

/// `POST /api/v1/rounds/{id}/copy`: a new draft with the same definition → 201.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/copy", tag = "rounds", params(("id" = i32, Path, description = "round id")),
    responses((status = 201, body = Round), (status = 404, body = ErrorBody)))]
pub async fn copy(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<(StatusCode, Json<Round>), ApiError> {
    let id = round_id(&id, admin.locale)?;
    let round =
        rounds::copy(&state.db, &admin.user.username, id, app::i18n::texts(admin.locale).rounds.copy_suffix).await.or_api(admin.locale)?;
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
    let Some(t) =
        [Transition::Open, Transition::Close, Transition::Publish, Transition::Archive].into_iter().find(|t| t.as_str() == action)
    else {
        return Err(ApiError::not_found(admin.locale));
    };
    rounds::transition(&state.db, &admin.user.username, id, t).await.map(Json).or_api(admin.locale)
}
