//! `GET /api/v1/rounds/{id}/results` (and `.csv`, `.xlsx`, chart PNGs): the numbers of
//! API.md, as the caller may see them. Every read and export is audited (RULES.md U1).

use super::rounds::round_id;
use crate::error::map::{round_not_found, In, OrApi};
use crate::error::{ApiError, ErrorBody};
use crate::routes::signed::Signed;
use app::domain::round::TargetKind;
use app::i18n::errors as messages;
use app::ssr::results::{results_for, ResultsView, TallyView};
use app::ssr::round_def::load_def;
use app::ssr::AppState;
use app::views::results::Filter;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
    Json,
};

type Member = Signed;

/// `?unit=KEY&kind=body|cadre`, as typed.
#[derive(Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FilterQuery {
    /// Only the targets of this unit (a body's key).
    unit: Option<String>,
    /// `body` or `cadre`.
    kind: Option<String>,
}

/// The filter of a query; a kind other than `body` or `cadre` is refused by name.
pub fn filter_of(q: &FilterQuery, locale: app::i18n::Locale) -> Result<Filter, ApiError> {
    let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        None => None,
        Some(k) => Some(
            TargetKind::parse(k)
                .ok_or_else(|| ApiError::validation("invalid_filter", "", vec![("kind".into(), messages::BAD_KIND.text(locale).into())]))?,
        ),
    };
    Ok(Filter { unit: q.unit.clone().filter(|u| !u.trim().is_empty()), kind })
}

/// Loads the results of round `raw_id` as `who` may see them, within `filter`, or the API
/// error that says why not (404 for a round outside the caller's view: its id is not
/// confirmed; 422 for a unit the round does not have).
pub async fn load(state: &AppState, raw_id: &str, who: &Member, filter: &Filter) -> Result<ResultsView, ApiError> {
    let locale = who.locale;
    let id = round_id(raw_id, locale)?;
    let def = load_def(&state.db, id).await.or_api(locale)?.ok_or_else(|| round_not_found(locale))?;
    let access = app::ssr::access::round_access(&state.db, &who.user, &def.round).await.or_api(locale)?;
    access.require_results(def.round.status).map_err(|d| ApiError::from(In(d, locale)))?;
    if let Some(u) = &filter.unit {
        if !def.spec().units().iter().any(|(k, _)| k == u) {
            let text = messages::UNKNOWN_UNIT.fill(locale, &[("key", u)]);
            return Err(ApiError::validation("unknown_unit", "", vec![("unit".into(), text)]));
        }
    }
    results_for(&state.db, &def, &access, filter).await.or_api(locale)
}

/// Appends a read or an export of round `id`'s results to the audit log; a read that
/// cannot be recorded is not served.
async fn audited(state: &AppState, who: &Member, id: &str, action: &str, detail: serde_json::Value) -> Result<(), ApiError> {
    let object = format!("round:{}", id.trim_end_matches(".csv"));
    app::ssr::audit::record(&state.db, &who.user.username, action, &object, detail).await.map_err(|e| {
        tracing::error!(error.cause = %e, "auditing a results read failed");
        ApiError::internal(who.locale)
    })
}

/// `GET /api/v1/rounds/{id}/results`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results", tag = "results", params(("id" = i32, Path, description = "round id"), FilterQuery),
    responses((status = 200, body = ResultsView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed"), (status = 422, body = ErrorBody, description = "invalid_filter (a kind other than body or cadre) or unknown_unit")))]
pub async fn show(
    State(state): State<AppState>,
    who: Member,
    Path(id): Path<String>,
    Query(q): Query<FilterQuery>,
) -> Result<Json<ResultsView>, ApiError> {
    let view = load(&state, &id, &who, &filter_of(&q, who.locale)?).await?;
    audited(&state, &who, &id, "results.read", serde_json::json!({ "format": "json" })).await?;
    Ok(Json(view))
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{v:.6}"))
}

/// The rows of the results table: (target, item, category) with every number; the
/// category column is `*` for all categories on the round's basis.
pub fn rows(v: &ResultsView) -> (Vec<String>, Vec<Vec<String>>) {
    // One count column per option key of either scale (bodies' first, then the cadres' own).
    let mut options: Vec<String> = Vec::new();
    for o in v.round.spec.scale.iter().chain(v.round.spec.cadre_scale.iter().flatten()) {
        if !options.contains(&o.key) {
            options.push(o.key.clone());
        }
    }
    let mut header: Vec<String> = ["target", "target_name", "kind", "unit", "position", "status", "item", "item_title", "category"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    header.extend(options.iter().map(|o| format!("n_{o}")));
    header.extend(["unanswered", "valid", "satisfaction_rate", "dissatisfaction_rate", "score"].iter().map(|s| (*s).to_owned()));
    // A re-evaluation round also carries each target's follow-up and its parent round's
    // overall numbers on the overall rows (before / after side by side).
    let reevaluation = v.round.parent_id.is_some();
    header.extend(["flag", "unit_issued", "unit_ballots", "unit_low_turnout"].map(str::to_owned));
    if reevaluation {
        header.extend(
            ["before_round", "before_status", "before_satisfaction_rate", "before_dissatisfaction_rate", "before_score"].map(str::to_owned),
        );
    }
    let overall_of = |kind: TargetKind| v.round.spec.overall_of(kind).map(|i| &v.round.spec.items[i]);
    let mut out = Vec::new();
    let line = |t: &app::ssr::results::TargetView, item: &str, title: &str, cat: &str, x: &TallyView| {
        let mut r = vec![
            t.key.clone(),
            t.name.clone(),
            t.kind.as_str().to_owned(),
            t.unit.clone(),
            t.position.clone().unwrap_or_default(),
            serde_json::to_value(t.status).ok().and_then(|k| k.as_str().map(str::to_owned)).unwrap_or_default(),
            item.to_owned(),
            title.to_owned(),
            cat.to_owned(),
        ];
        r.extend(options.iter().map(|o| x.counts.get(o).copied().unwrap_or(0).to_string()));
        r.extend([
            x.unanswered.to_string(),
            x.valid.to_string(),
            fmt_opt(x.satisfaction_rate),
            fmt_opt(x.dissatisfaction_rate),
            fmt_opt(x.score),
        ]);
        r.push(t.flag.map(|f| f.as_str().to_owned()).unwrap_or_default());
        match v.turnout.units.get(&t.unit) {
            Some(u) => r.extend([u.issued.to_string(), u.ballots.to_string(), u.low.to_string()]),
            None => r.extend(std::iter::repeat_n(String::new(), 3)),
        }
        if reevaluation {
            let is_overall = overall_of(t.kind).is_some_and(|o| o.key == item);
            match (&t.before, is_overall && cat == "*") {
                (Some(b), true) => r.extend([
                    b.round_id.to_string(),
                    serde_json::to_value(b.status).ok().and_then(|k| k.as_str().map(str::to_owned)).unwrap_or_default(),
                    fmt_opt(b.overall.satisfaction_rate),
                    fmt_opt(b.overall.dissatisfaction_rate),
                    fmt_opt(b.overall.score),
                ]),
                _ => r.extend(std::iter::repeat_n(String::new(), 5)),
            }
        }
        r
    };
    for t in &v.targets {
        for item in &v.round.spec.items {
            if let Some(x) = t.items.get(&item.key) {
                out.push(line(t, &item.key, &item.title, "*", x));
            }
        }
        let overall = overall_of(t.kind);
        for (cat, c) in &t.categories {
            if let Some(o) = overall {
                out.push(line(t, &o.key, &o.title, cat, &c.overall));
            }
        }
    }
    (header, out)
}

/// A CSV cell that a spreadsheet will not run as a formula: text starting with `=`, `+`,
/// `-`, `@`, a tab or a carriage return gets a leading apostrophe (OWASP's advice).
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => std::borrow::Cow::Owned(format!("'{cell}")),
        _ => std::borrow::Cow::Borrowed(cell),
    }
}

/// `GET /api/v1/rounds/{id}/results.csv` (UTF-8 with a byte-order mark, for Excel).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results.csv", tag = "results", params(("id" = i32, Path, description = "round id"), FilterQuery),
    responses((status = 200, content_type = "text/csv", body = String, description = "UTF-8 with BOM; one row per target and category"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed"), (status = 422, body = ErrorBody, description = "invalid_filter (a kind other than body or cadre) or unknown_unit")))]
pub async fn csv(
    State(state): State<AppState>,
    admin: Member,
    Path(id): Path<String>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, ApiError> {
    let id = id.trim_end_matches(".csv");
    let v = load(&state, id, &admin, &filter_of(&q, admin.locale)?).await?;
    audited(&state, &admin, id, "results.export", serde_json::json!({ "format": "csv" })).await?;
    let (header, rows) = rows(&v);
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let write = |w: &mut csv::Writer<Vec<u8>>| -> Result<(), csv::Error> {
        w.write_record(&header)?;
        for r in &rows {
            w.write_record(r.iter().map(|c| neutralize(c).into_owned()))?;
        }
        w.flush()?;
        Ok(())
    };
    write(&mut w).map_err(|e| {
        tracing::error!(error.cause = %e, "writing CSV failed");
        ApiError::internal(admin.locale)
    })?;
    let body = w.into_inner().map_err(|_| ApiError::internal(admin.locale))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"round-{id}-results.csv\"")),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/v1/rounds/{id}/results.xlsx`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results.xlsx", tag = "results", params(("id" = i32, Path, description = "round id"), FilterQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed"), (status = 422, body = ErrorBody, description = "invalid_filter (a kind other than body or cadre) or unknown_unit")))]
pub async fn xlsx(
    State(state): State<AppState>,
    admin: Member,
    Path(id): Path<String>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, ApiError> {
    let v = load(&state, &id, &admin, &filter_of(&q, admin.locale)?).await?;
    audited(&state, &admin, &id, "results.export", serde_json::json!({ "format": "xlsx" })).await?;
    let locale = admin.locale;
    super::workbook::download(locale, format!("round-{id}-results.xlsx"), move || super::workbook::workbook(&v, locale)).await
}

/// `GET /api/v1/rounds/{id}/charts/{key}.png`: one chart of the results page as PNG
/// (`bars`, `heatmap`, `categories`, `before_after`, `turnout`), drawn from the same SVG
/// with the server's CJK font, for the same callers as the page.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/charts/{file}", tag = "results",
    params(("id" = i32, Path, description = "round id"), ("file" = String, Path, description = "bars.png, heatmap.png, bars_cadre.png, heatmap_cadre.png, categories.png, before_after.png or turnout.png"), FilterQuery),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed"), (status = 422, body = ErrorBody, description = "invalid_filter (a kind other than body or cadre) or unknown_unit")))]
pub async fn chart_png(
    State(state): State<AppState>,
    who: Member,
    Path((id, file)): Path<(String, String)>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, ApiError> {
    let locale = who.locale;
    let filter = filter_of(&q, locale)?;
    let id = round_id(&id, locale)?;
    let key = file.strip_suffix(".png").ok_or_else(|| ApiError::not_found(locale))?;
    let chart = app::ssr::results_page::chart(&state, &who.user, id, key, &filter, locale).await.map_err(|e| match e {
        app::error::AppError::NotFound => round_not_found(locale),
        other => ApiError::from(In(other, locale)),
    })?;
    let chart = chart.ok_or_else(|| ApiError::not_found(locale))?;
    audited(&state, &who, &id.to_string(), "results.export", serde_json::json!({ "format": "png", "chart": key })).await?;
    let bytes = tokio::task::spawn_blocking(move || app::ssr::charts::png(&chart.svg))
        .await
        .map_err(|_| ApiError::internal(locale))?
        .map_err(|e| {
            tracing::error!(error.cause = %e, "rasterizing a chart failed");
            ApiError::internal(locale)
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"round-{id}-{key}.png\"")),
        ],
        bytes,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::neutralize;

    #[test]
    fn cells_that_a_spreadsheet_would_run_get_an_apostrophe() {
        for bad in ["=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"] {
            assert_eq!(neutralize(bad), format!("'{bad}"));
        }
        for fine in ["区教育局领导班子", "0.500000", "12", "", "a=b"] {
            assert_eq!(neutralize(fine), fine);
        }
    }
}
