//! `GET /api/v1/rounds/{id}/results` (and `.csv`, `.xlsx`): the numbers of API.md.

use super::guard::Admin;
use super::rounds::{round_id, round_not_found};
use crate::error::{ApiError, ErrorBody};
use app::i18n::Locale;
use app::ssr::ballots::load_def;
use app::ssr::results::{results, ResultsError, ResultsView, TallyView};
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::{IntoResponse, Response},
    Json,
};

/// Loads the results of round `raw_id`, or the API error that says why not.
pub async fn load(state: &AppState, raw_id: &str, locale: Locale) -> Result<ResultsView, ApiError> {
    let id = round_id(raw_id, locale)?;
    let def = match load_def(&state.db, id).await {
        Ok(Some(d)) => d,
        Ok(None) => return Err(round_not_found(locale)),
        Err(e) => {
            tracing::error!(error.cause = %e, "loading a round failed");
            return Err(ApiError::internal(locale));
        }
    };
    results(&state.db, &def).await.map_err(|e| match e {
        ResultsError::NotFound => round_not_found(locale),
        ResultsError::NotClosed(s) => ApiError {
            status: StatusCode::CONFLICT,
            code: "round_not_closed",
            message: if locale == Locale::Zh {
                format!("测评轮次尚未结束（当前为 {}），结果在结束后才能查看；进行中只显示参与情况。", s.as_str())
            } else {
                format!("Results are shown once the round is closed (it is '{}'); while open, only turnout is shown.", s.as_str())
            },
            fields: Vec::new(),
        },
        ResultsError::Db(e) => {
            tracing::error!(error.cause = %e, "reading results failed");
            ApiError::internal(locale)
        }
    })
}

/// `GET /api/v1/rounds/{id}/results`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = ResultsView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn show(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Json<ResultsView>, ApiError> {
    Ok(Json(load(&state, &id, admin.locale).await?))
}

fn fmt_opt(x: Option<f64>) -> String {
    x.map_or_else(String::new, |v| format!("{v:.6}"))
}

/// The rows of the results table: (target, item, category) with every number; the
/// category column is `*` for all categories on the round's basis.
pub fn rows(v: &ResultsView) -> (Vec<String>, Vec<Vec<String>>) {
    let options: Vec<String> = v.round.spec.scale.iter().map(|o| o.key.clone()).collect();
    let mut header: Vec<String> =
        ["target", "target_name", "kind", "status", "item", "item_title", "category"].iter().map(|s| (*s).to_owned()).collect();
    header.extend(options.iter().map(|o| format!("n_{o}")));
    header.extend(["unanswered", "valid", "satisfaction_rate", "dissatisfaction_rate", "score"].iter().map(|s| (*s).to_owned()));
    let mut out = Vec::new();
    let line = |t: &app::ssr::results::TargetView, item: &str, title: &str, cat: &str, x: &TallyView| {
        let mut r = vec![
            t.key.clone(),
            t.name.clone(),
            serde_json::to_value(t.kind).ok().and_then(|k| k.as_str().map(str::to_owned)).unwrap_or_default(),
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
        r
    };
    for t in &v.targets {
        for item in &v.round.spec.items {
            if let Some(x) = t.items.get(&item.key) {
                out.push(line(t, &item.key, &item.title, "*", x));
            }
        }
        let overall = v.round.spec.items.iter().find(|i| i.overall);
        for (cat, c) in &t.categories {
            if let Some(o) = overall {
                out.push(line(t, &o.key, &o.title, cat, &c.overall));
            }
        }
    }
    (header, out)
}

/// `GET /api/v1/rounds/{id}/results.csv` (UTF-8 with a byte-order mark, for Excel).
pub async fn csv(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = id.trim_end_matches(".csv");
    let v = load(&state, id, admin.locale).await?;
    let (header, rows) = rows(&v);
    let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
    let write = |w: &mut csv::Writer<Vec<u8>>| -> Result<(), csv::Error> {
        w.write_record(&header)?;
        for r in &rows {
            w.write_record(r)?;
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
