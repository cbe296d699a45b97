//! Steering groups, viewer scopes, flags, make-up lessons and re-evaluation
//! (`POST /api/v1/rounds/{id}/reevaluate` of API.md, and the endpoints around it).

use super::rounds::round_id;
use crate::error::map::OrApi;
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::{Admins, Signed};
use app::domain::round::Round;
use app::ssr::{flags, groups, reevaluation, AppState};
use app::views::steering::{FlagDetail, FlagView, GroupView, LessonView};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};

/// Body of `POST /api/v1/rounds/{id}/reevaluate`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReevaluateBody {
    /// Keys of flagged targets of the round.
    pub targets: Vec<String>,
    /// Re-evaluate even though measures of their ledgers are not done (else 409
    /// `measures_open`, saying how many).
    #[serde(default)]
    pub confirm: bool,
}

/// `POST /api/v1/rounds/{id}/reevaluate`: a child draft over the chosen flagged targets
/// → 201 with the child round (`parent_id` = id). Admin, or steering on assigned flagged
/// targets of a published round.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/reevaluate", tag = "re-evaluation", params(("id" = i32, Path, description = "round id")),
    request_body = ReevaluateBody,
    responses((status = 201, body = Round), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "not_assigned, forbidden"),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed, not_flagged, reevaluation_pending, measures_open (not confirmed)"),
        (status = 422, body = ErrorBody)))]
pub async fn reevaluate(
    State(state): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<ReevaluateBody>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let id = round_id(&id, who.locale)?;
    let suffix = app::i18n::texts(who.locale).rounds.reevaluation_suffix;
    let child = reevaluation::reevaluate(&state.db, &who.user, id, &body.targets, body.confirm, suffix).await.or_api(who.locale)?;
    Ok((StatusCode::CREATED, Json(child)))
}

fn flag_id(raw: &str, locale: app::i18n::Locale) -> Result<i32, ApiError> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(locale))
}

/// A flag with its lessons (API shape).
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct FlagBody {
    /// The flag.
    pub flag: FlagView,
    /// Title of the round that flagged the target.
    pub round_title: String,
    /// Lesson steps, oldest first.
    pub lessons: Vec<LessonView>,
}

impl From<FlagDetail> for FlagBody {
    fn from(d: FlagDetail) -> Self {
        FlagBody { flag: d.flag, round_title: d.round_title, lessons: d.lessons }
    }
}

/// `GET /api/v1/flags/{id}`: a flag and its make-up lessons (admin; steering of the target).
#[utoipa::path(get, path = "/api/v1/flags/{id}", tag = "re-evaluation", params(("id" = i32, Path, description = "flag id")),
    responses((status = 200, body = FlagBody), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn flag(State(state): State<AppState>, who: Signed, Path(id): Path<String>) -> Result<Json<FlagBody>, ApiError> {
    let id = flag_id(&id, who.locale)?;
    let d = flags::flag_detail(&state.db, &who.user, id).await.or_api(who.locale)?;
    Ok(Json(d.into()))
}

/// Body of `POST /api/v1/flags/{id}/lessons`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct LessonBody {
    /// When the step was taken, `YYYY-MM-DD`.
    pub date: String,
    /// What was done.
    pub text: String,
}

/// `POST /api/v1/flags/{id}/lessons`: records a make-up lesson step → 201 with the flag.
#[utoipa::path(post, path = "/api/v1/flags/{id}/lessons", tag = "re-evaluation", params(("id" = i32, Path, description = "flag id")),
    request_body = LessonBody,
    responses((status = 201, body = FlagBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_lesson(
    State(state): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<LessonBody>,
) -> Result<(StatusCode, Json<FlagBody>), ApiError> {
    let id = flag_id(&id, who.locale)?;
    flags::add_lesson(&state.db, &who.user, id, &body.date, &body.text).await.or_api(who.locale)?;
    let d = flags::flag_detail(&state.db, &who.user, id).await.or_api(who.locale)?;
    Ok((StatusCode::CREATED, Json(d.into())))
}

/// `POST /api/v1/flags/{id}/lessons-done`: the make-up lessons are done.
#[utoipa::path(post, path = "/api/v1/flags/{id}/lessons-done", tag = "re-evaluation", params(("id" = i32, Path, description = "flag id")),
    responses((status = 200, body = FlagBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn lessons_done(State(state): State<AppState>, who: Signed, Path(id): Path<String>) -> Result<Json<FlagBody>, ApiError> {
    let id = flag_id(&id, who.locale)?;
    flags::lessons_done(&state.db, &who.user, id).await.or_api(who.locale)?;
    let d = flags::flag_detail(&state.db, &who.user, id).await.or_api(who.locale)?;
    Ok(Json(d.into()))
}

/// `GET /api/v1/groups`: every steering group (admin).
#[utoipa::path(get, path = "/api/v1/groups", tag = "steering groups",
    responses((status = 200, body = Vec<GroupView>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn groups(State(state): State<AppState>, admin: Signed<Admins>) -> Result<Json<Vec<GroupView>>, ApiError> {
    groups::groups(&state.db).await.map(Json).or_api(admin.locale)
}

/// Body of `POST /api/v1/groups`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct GroupBody {
    /// The group's name.
    pub name: String,
}

/// The id of a created object.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Created {
    /// Its id.
    pub id: i32,
}

/// `POST /api/v1/groups`: creates a steering group → 201 (admin).
#[utoipa::path(post, path = "/api/v1/groups", tag = "steering groups", request_body = GroupBody,
    responses((status = 201, body = Created), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_group(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    ApiJson(body): ApiJson<GroupBody>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let id = groups::create_group(&state.db, &admin.user.username, &body.name).await.or_api(admin.locale)?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Body naming an account.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct MemberBody {
    /// A steering account's username.
    pub username: String,
}

/// Body naming a target key.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TargetBody {
    /// A target key (a body's key covers its cadres).
    pub key: String,
}

fn group_id(raw: &str, locale: app::i18n::Locale) -> Result<i32, ApiError> {
    raw.parse::<i32>().ok().filter(|id| *id > 0).ok_or_else(|| ApiError::not_found(locale))
}

/// `POST /api/v1/groups/{id}/members`: adds a steering account (admin).
#[utoipa::path(post, path = "/api/v1/groups/{id}/members", tag = "steering groups", params(("id" = i32, Path, description = "group id")),
    request_body = MemberBody, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_member(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<MemberBody>,
) -> Result<StatusCode, ApiError> {
    let id = group_id(&id, admin.locale)?;
    groups::set_member(&state.db, &admin.user.username, id, &body.username, true).await.or_api(admin.locale)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/groups/{id}/members/{username}` (admin).
#[utoipa::path(delete, path = "/api/v1/groups/{id}/members/{username}", tag = "steering groups",
    params(("id" = i32, Path, description = "group id"), ("username" = String, Path, description = "member")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove_member(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path((id, username)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = group_id(&id, admin.locale)?;
    groups::set_member(&state.db, &admin.user.username, id, &username, false).await.or_api(admin.locale)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `POST /api/v1/groups/{id}/targets`: assigns a target key (admin).
#[utoipa::path(post, path = "/api/v1/groups/{id}/targets", tag = "steering groups", params(("id" = i32, Path, description = "group id")),
    request_body = TargetBody, responses((status = 204), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_target(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path(id): Path<String>,
    ApiJson(body): ApiJson<TargetBody>,
) -> Result<StatusCode, ApiError> {
    let id = group_id(&id, admin.locale)?;
    groups::set_target(&state.db, &admin.user.username, id, &body.key, true).await.or_api(admin.locale)?;
    Ok(StatusCode::NO_CONTENT)
}

/// `DELETE /api/v1/groups/{id}/targets/{key}` (admin).
#[utoipa::path(delete, path = "/api/v1/groups/{id}/targets/{key}", tag = "steering groups",
    params(("id" = i32, Path, description = "group id"), ("key" = String, Path, description = "target key")),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub async fn remove_target(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path((id, key)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = group_id(&id, admin.locale)?;
    groups::set_target(&state.db, &admin.user.username, id, &key, false).await.or_api(admin.locale)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Body of `POST /api/v1/viewer-scopes`: a round or a unit.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ScopeBody {
    /// A viewer account's username.
    pub username: String,
    /// A round the viewer may read once published, or
    pub round_id: Option<i32>,
    /// a unit (target key) the viewer may read in every published round.
    pub target_key: Option<String>,
}

/// `POST /api/v1/viewer-scopes`: grants a viewer a round or a unit → 204 (admin).
#[utoipa::path(post, path = "/api/v1/viewer-scopes", tag = "steering groups", request_body = ScopeBody,
    responses((status = 204), (status = 422, body = ErrorBody)))]
pub async fn add_scope(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    ApiJson(body): ApiJson<ScopeBody>,
) -> Result<StatusCode, ApiError> {
    groups::add_scope(&state.db, &admin.user.username, &body.username, body.round_id, body.target_key.as_deref())
        .await
        .or_api(admin.locale)?;
    Ok(StatusCode::NO_CONTENT)
}
