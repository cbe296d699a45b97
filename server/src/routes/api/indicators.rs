//! `GET /api/v1/rounds/{id}/indicators` (RULES.md A10; admin, closed rounds): the signs
//! of coached voting — per disclosed category and for the round, the sheets straight-lined
//! and identical to another — aggregates only, a prompt to look closer. Audited
//! (`indicators.read`).

use super::rounds::round_id;
use crate::error::map::{round_not_found, In, OrApi};
use crate::error::{ApiError, ErrorBody};
use crate::routes::signed::{Admins, Signed};
use app::domain::indicators::{CategoryIndicators, Counts};
use app::ssr::results::ResultsError;
use app::ssr::round_def::load_def;
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// One group of sheets.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IndicatorCounts {
    /// Sheets.
    pub ballots: u64,
    /// Sheets of at least two answers, all at the same position of their scale.
    pub straight_lined: u64,
    /// Sheets identical to at least one other sheet of the round.
    pub identical: u64,
    /// `straight_lined / ballots`, 6 decimals.
    pub straight_lined_rate: f64,
    /// `identical / ballots`, 6 decimals.
    pub identical_rate: f64,
}

/// A disclosed category: its counts and how far it is from the round.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CategoryIndicatorsView {
    #[serde(flatten)]
    pub counts: IndicatorCounts,
    /// Its straight-lined rate minus the round's (6 decimals, may be negative).
    pub straight_lined_gap: f64,
    /// Its identical rate minus the round's.
    pub identical_gap: f64,
    /// Worth a closer look (a gap of 20 points or more, on at least 3 sheets).
    pub look_closer: bool,
}

/// `GET /api/v1/rounds/{id}/indicators`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct IndicatorsView {
    /// The whole round.
    pub round: IndicatorCounts,
    /// Disclosed categories only, by key.
    pub categories: BTreeMap<String, CategoryIndicatorsView>,
}

fn rate(ppm: u64) -> f64 {
    ppm as f64 / 1e6
}

fn counts(c: &Counts) -> IndicatorCounts {
    IndicatorCounts {
        ballots: c.ballots,
        straight_lined: c.straight_lined,
        identical: c.identical,
        straight_lined_rate: rate(c.straight_lined_ppm()),
        identical_rate: rate(c.identical_ppm()),
    }
}

fn category(c: &CategoryIndicators) -> CategoryIndicatorsView {
    CategoryIndicatorsView {
        counts: counts(&c.counts),
        straight_lined_gap: c.straight_lined_gap_ppm as f64 / 1e6,
        identical_gap: c.identical_gap_ppm as f64 / 1e6,
        look_closer: c.look_closer,
    }
}

/// `GET /api/v1/rounds/{id}/indicators` (admin) → the round's and each disclosed
/// category's counts; 409 `round_not_closed` before it closes.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/indicators", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = IndicatorsView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn show(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>) -> Result<Json<IndicatorsView>, ApiError> {
    let l = admin.locale;
    let id = round_id(&id, l)?;
    let def = load_def(&state.db, id).await.or_api(l)?.ok_or_else(|| round_not_found(l))?;
    if !def.round.status.is_closed() {
        return Err(ApiError::from(In(ResultsError::NotClosed(def.round.status), l)));
    }
    let ind = app::ssr::indicators::of_round(&state.db, &def).await.or_api(l)?;
    app::ssr::audit::record(&state.db, &admin.user.username, "indicators.read", &format!("round:{id}"), serde_json::json!({}))
        .await
        .or_api(l)?;
    let spec = def.spec();
    let categories = ind.categories.iter().filter_map(|c| Some((spec.categories.get(c.category)?.key.clone(), category(c)))).collect();
    Ok(Json(IndicatorsView { round: counts(&ind.round), categories }))
}
