//! The 公示 page's link (RULES.md E3; API.md "Rectification, report, indicators"): an
//! admin makes or withdraws it; the page itself is `GET /public/{token}`.

use super::rounds::{make_link, withdraw_link};
use crate::error::{ApiError, ErrorBody};
use crate::routes::public_notice::public_url;
use crate::routes::signed::{Admins, Signed};
use crate::routes::HttpConfig;
use app::ssr::links::LinkKind;
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    Extension, Json,
};
use serde::Serialize;

/// `201` of `POST /api/v1/rounds/{id}/public-link`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PublicLink {
    /// The 公示 page's address (the token in it is the only key).
    pub url: String,
}

/// `POST /api/v1/rounds/{id}/public-link` (admin) → 201 `{"url"}`; a new link ends the old one.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/public-link", tag = "rectification", params(("id" = i32, Path, description = "round id")),
    responses((status = 201, body = PublicLink), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn make(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<(StatusCode, Json<PublicLink>), ApiError> {
    let token = make_link(&state, &admin, &id, LinkKind::Public).await?;
    Ok((StatusCode::CREATED, Json(PublicLink { url: public_url(&cfg, &headers, &token) })))
}

/// `DELETE /api/v1/rounds/{id}/public-link` (admin) → 204; the page stops working at once.
#[utoipa::path(delete, path = "/api/v1/rounds/{id}/public-link", tag = "rectification", params(("id" = i32, Path, description = "round id")),
    responses((status = 204, description = "withdrawn (or there was none)"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn withdraw(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    withdraw_link(&state, &admin, &id, LinkKind::Public).await
}
