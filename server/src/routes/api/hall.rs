//! The hall screen's link and counts (API.md "Paper ballots, reconciliation, hall"): an
//! admin makes or withdraws the link; whoever holds it reads the stepped counts, without
//! an account.

use super::rounds::{make_link, withdraw_link};
use crate::error::map::OrApi;
use crate::error::{ApiError, ErrorBody, ReqLocale};
use crate::routes::signed::{Admins, Signed};
use crate::routes::{print::base_url, HttpConfig};
use app::i18n::errors as messages;
use app::ssr::hall::{view, HallView};
use app::ssr::links::LinkKind;
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Extension, Json,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// `201` of `POST /api/v1/rounds/{id}/hall-link`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HallLink {
    /// The hall screen's address (the token in it is the only key).
    pub url: String,
}

/// `GET /api/v1/hall/{token}`: counts move in steps of 5 ballots.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HallCountsView {
    pub title: String,
    /// `draft`, `open`, `closed`, `published` or `archived`.
    pub status: String,
    /// Ballots received, rounded down to a multiple of 5.
    pub ballots: u64,
    /// Per category key, stepped the same way.
    pub categories: BTreeMap<String, u64>,
    /// Per unit key, stepped the same way.
    pub units: BTreeMap<String, u64>,
}

impl HallCountsView {
    /// The API shape of the screen's data.
    pub fn of(v: &HallView) -> Self {
        let map = |lines: &[app::domain::hall::HallLine]| lines.iter().map(|l| (l.key.clone(), l.n)).collect();
        Self {
            title: v.title.clone(),
            status: v.status.as_str().to_owned(),
            ballots: v.counts.ballots,
            categories: map(&v.counts.categories),
            units: map(&v.counts.units),
        }
    }
}

/// The hall screen's address for `token`.
pub fn hall_url(cfg: &HttpConfig, headers: &HeaderMap, token: &str) -> String {
    format!("{}/hall/{token}", base_url(cfg, headers))
}

/// `POST /api/v1/rounds/{id}/hall-link` (admin) → 201 `{"url"}`; a new link ends the old one.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/hall-link", tag = "hall", params(("id" = i32, Path, description = "round id")),
    responses((status = 201, body = HallLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn make(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<HallLink>), ApiError> {
    let token = make_link(&state, &admin, &id, LinkKind::Hall).await?;
    Ok((StatusCode::CREATED, Json(HallLink { url: hall_url(&cfg, &headers, &token) })))
}

/// `DELETE /api/v1/rounds/{id}/hall-link` (admin) → 204; the link stops working at once.
#[utoipa::path(delete, path = "/api/v1/rounds/{id}/hall-link", tag = "hall", params(("id" = i32, Path, description = "round id")),
    responses((status = 204, description = "withdrawn (or there was none)"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn withdraw(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    withdraw_link(&state, &admin, &id, LinkKind::Hall).await
}

/// `GET /api/v1/hall/{token}` (no session) → the stepped counts; 404 once withdrawn.
#[utoipa::path(get, path = "/api/v1/hall/{token}", tag = "hall", params(("token" = String, Path, description = "the hall link's token")),
    responses((status = 200, body = HallCountsView), (status = 404, body = ErrorBody, description = "hall_link_gone: unknown or withdrawn")))]
pub async fn counts(
    State(state): State<AppState>,
    ReqLocale(l): ReqLocale,
    Path(token): Path<String>,
) -> Result<Json<HallCountsView>, ApiError> {
    let v = view(&state.db, &state.ballots.rounds, &token).await.or_api(l)?.ok_or_else(|| gone(l))?;
    Ok(Json(HallCountsView::of(&v)))
}

/// 404 for an unknown or withdrawn hall link.
pub fn gone(l: app::i18n::Locale) -> ApiError {
    ApiError::new(StatusCode::NOT_FOUND, "hall_link_gone", messages::HALL_LINK_GONE, l)
}
