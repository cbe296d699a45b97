//! `GET /api/v1/targets/{key}/history`: a target's overall numbers in every closed round
//! the caller may see, oldest first (DOMAIN "History"). Audited as a read of results.

use crate::error::map::OrApi;
use crate::error::{ApiError, ErrorBody};
use crate::routes::signed::Signed;
use app::domain::tally::FlagStatus;
use app::ssr::results::{tally_view, TallyView};
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;

/// One closed round of the target.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryRoundView {
    round_id: i32,
    title: String,
    /// RFC 3339.
    closed_at: Option<String>,
    status: FlagStatus,
    overall: TallyView,
}

/// The history of a target.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HistoryView {
    key: String,
    /// Its name in the latest round.
    name: String,
    rounds: Vec<HistoryRoundView>,
}

/// `GET /api/v1/targets/{key}/history`.
#[utoipa::path(get, path = "/api/v1/targets/{key}/history", tag = "results", params(("key" = String, Path, description = "target key")),
    responses((status = 200, body = HistoryView), (status = 404, body = ErrorBody, description = "no closed round the caller may see has this key")))]
pub async fn history(State(state): State<AppState>, who: Signed, Path(key): Path<String>) -> Result<Json<HistoryView>, ApiError> {
    let l = who.locale;
    let rounds = app::ssr::history::history(&state.db, &who.user, &key).await.or_api(l)?;
    let Some(last) = rounds.last() else { return Err(ApiError::not_found(l)) };
    let name = last.name.clone();
    let ids: Vec<i32> = rounds.iter().map(|r| r.round_id).collect();
    app::ssr::audit::record(
        &state.db,
        &who.user.username,
        "results.read",
        &format!("target:{key}"),
        serde_json::json!({ "view": "history", "rounds": ids }),
    )
    .await
    .or_api(l)?;
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    let rounds = rounds
        .into_iter()
        .map(|h| HistoryRoundView {
            round_id: h.round_id,
            title: h.title,
            closed_at: h.closed_at.and_then(|t| t.format(rfc3339).ok()),
            status: h.status,
            overall: tally_view(&h.scale, &h.overall),
        })
        .collect();
    Ok(Json(HistoryView { key, name, rounds }))
}
