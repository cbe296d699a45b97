//! `GET /api/v1/rounds/{id}/results` (and `.csv`, `.xlsx`): the numbers of API.md.

use super::guard::{steering_error, Member};
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

/// Loads the results of round `raw_id` as `who` may see them, or the API error that
/// says why not (404 for a round outside the caller's view: its id is not confirmed).
pub async fn load(state: &AppState, raw_id: &str, who: &Member) -> Result<ResultsView, ApiError> {
    let locale = who.locale;
    let id = round_id(raw_id, locale)?;
    let def = match load_def(&state.db, id).await {
        Ok(Some(d)) => d,
        Ok(None) => return Err(round_not_found(locale)),
        Err(e) => {
            tracing::error!(error.cause = %e, "loading a round failed");
            return Err(ApiError::internal(locale));
        }
    };
    let access = match app::ssr::steering::round_access(&state.db, &who.user.username, who.user.role, &def.round).await {
        Ok(a) => a,
        Err(app::ssr::steering::SteeringError::NotFound) => return Err(round_not_found(locale)),
        Err(e) => return Err(steering_error(e, locale)),
    };
    let closed = !matches!(def.round.status, app::domain::lifecycle::Status::Draft | app::domain::lifecycle::Status::Open);
    if closed && !access.results {
        return Err(steering_error(app::ssr::steering::SteeringError::Forbidden("not_published"), locale));
    }
    let mut view = load_all(state, &def, locale).await?;
    if access.targets != app::ssr::steering::Targets::All {
        // Only the assigned targets, and only the turnout of the codes that cover them.
        app::ssr::results::restrict(&def, &mut view, &access.targets);
        let turnout = app::ssr::codes::summary_for(&state.db, id, def.spec(), &access.targets).await.map_err(|e| {
            tracing::error!(error.cause = %e, "reading turnout failed");
            ApiError::internal(locale)
        })?;
        let issued: u64 = turnout.iter().map(|c| u64::try_from(c.issued - c.revoked).unwrap_or(0)).sum();
        let ballots: u64 = turnout.iter().map(|c| u64::try_from(c.used).unwrap_or(0)).sum();
        view.ballots = ballots;
        view.turnout = app::ssr::results::TurnoutView { issued, ballots, low: app::domain::tally::low_turnout(ballots, issued) };
    }
    Ok(view)
}

async fn load_all(state: &AppState, def: &app::ssr::ballots::RoundDef, locale: Locale) -> Result<ResultsView, ApiError> {
    results(&state.db, def).await.map_err(|e| match e {
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
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = ResultsView), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn show(State(state): State<AppState>, who: Member, Path(id): Path<String>) -> Result<Json<ResultsView>, ApiError> {
    let view = load(&state, &id, &who).await?;
    audited(&state, &who, &id, "results.read", serde_json::json!({ "format": "json" })).await?;
    Ok(Json(view))
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
    // A re-evaluation round also carries each target's follow-up and its parent round's
    // overall numbers on the overall rows (before / after side by side).
    let reevaluation = v.round.parent_id.is_some();
    header.push("flag".to_owned());
    if reevaluation {
        header.extend(
            ["before_round", "before_status", "before_satisfaction_rate", "before_dissatisfaction_rate", "before_score"].map(str::to_owned),
        );
    }
    let overall_key = v.round.spec.items.iter().find(|i| i.overall).map(|i| i.key.clone()).unwrap_or_default();
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
        r.push(t.flag.map(|f| f.as_str().to_owned()).unwrap_or_default());
        if reevaluation {
            match (&t.before, item == overall_key && cat == "*") {
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
        let overall = v.round.spec.items.iter().find(|i| i.overall);
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
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results.csv", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, content_type = "text/csv", body = String, description = "UTF-8 with BOM; one row per target and category"), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn csv(State(state): State<AppState>, admin: Member, Path(id): Path<String>) -> Result<Response, ApiError> {
    let id = id.trim_end_matches(".csv");
    let v = load(&state, id, &admin).await?;
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

/// The workbook of a round's results: one sheet per view — ranking, items, categories —
/// numbers as numbers, rates as percentages.
pub fn workbook(v: &ResultsView, locale: Locale) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let zh = locale == Locale::Zh;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let num = Format::new().set_num_format("0.00");
    let status_text = |s: app::domain::tally::FlagStatus| {
        use app::domain::tally::FlagStatus as F;
        match (s, zh) {
            (F::Flagged, true) => "需补课",
            (F::Ok, true) => "正常",
            (F::InsufficientResponses, true) => "有效票不足",
            (F::Flagged, false) => "flagged",
            (F::Ok, false) => "ok",
            (F::InsufficientResponses, false) => "insufficient responses",
        }
    };
    let tally_cols: Vec<String> = if zh {
        ["有效票", "未作答", "满意率", "不满意率", "得分"].map(String::from).to_vec()
    } else {
        ["valid", "unanswered", "satisfaction", "dissatisfaction", "score"].map(String::from).to_vec()
    };
    let scale = &v.round.spec.scale;
    let write_tally = |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, t: &TallyView| -> Result<(), rust_xlsxwriter::XlsxError> {
        for (k, o) in scale.iter().enumerate() {
            sheet.write_number(row, col + k as u16, t.counts.get(&o.key).copied().unwrap_or(0) as f64)?;
        }
        let c = col + scale.len() as u16;
        sheet.write_number(row, c, t.valid as f64)?;
        sheet.write_number(row, c + 1, t.unanswered as f64)?;
        if let Some(x) = t.satisfaction_rate {
            sheet.write_number_with_format(row, c + 2, x, &pct)?;
        }
        if let Some(x) = t.dissatisfaction_rate {
            sheet.write_number_with_format(row, c + 3, x, &pct)?;
        }
        if let Some(x) = t.score {
            sheet.write_number_with_format(row, c + 4, x, &num)?;
        }
        Ok(())
    };
    let head = |sheet: &mut rust_xlsxwriter::Worksheet, first: &[&str]| -> Result<u16, rust_xlsxwriter::XlsxError> {
        let names = first.iter().map(|s| (*s).to_owned()).chain(scale.iter().map(|o| o.label.clone())).chain(tally_cols.iter().cloned());
        for (col, h) in names.enumerate() {
            sheet.write_string_with_format(0, col as u16, h, &bold)?;
        }
        Ok(first.len() as u16)
    };

    let ranking = book.add_worksheet();
    ranking.set_name(if zh { "排名" } else { "Ranking" })?;
    let first = if zh { ["名次", "测评对象", "类型", "结论"] } else { ["rank", "target", "kind", "status"] };
    let col = head(ranking, &first)?;
    let mut order: Vec<&app::ssr::results::TargetView> = v.targets.iter().collect();
    order.sort_by(|a, b| b.overall.score.unwrap_or(-1.0).total_cmp(&a.overall.score.unwrap_or(-1.0)));
    for (i, t) in order.iter().enumerate() {
        let row = i as u32 + 1;
        ranking.write_number(row, 0, (i + 1) as f64)?;
        ranking.write_string(row, 1, &t.name)?;
        let kind = match (t.kind, zh) {
            (app::domain::round::TargetKind::Body, true) => "领导班子",
            (app::domain::round::TargetKind::Cadre, true) => "领导干部",
            (app::domain::round::TargetKind::Body, false) => "body",
            (app::domain::round::TargetKind::Cadre, false) => "cadre",
        };
        ranking.write_string(row, 2, kind)?;
        ranking.write_string(row, 3, status_text(t.status))?;
        write_tally(ranking, row, col, &t.overall)?;
    }
    ranking.set_column_width(1, 28)?;

    let items = book.add_worksheet();
    items.set_name(if zh { "测评项目" } else { "Items" })?;
    let first = if zh { ["测评对象", "测评项目"] } else { ["target", "item"] };
    let col = head(items, &first)?;
    let mut row = 1;
    for t in &v.targets {
        for it in &v.round.spec.items {
            if let Some(x) = t.items.get(&it.key) {
                items.write_string(row, 0, &t.name)?;
                items.write_string(row, 1, &it.title)?;
                write_tally(items, row, col, x)?;
                row += 1;
            }
        }
    }
    items.set_column_width(0, 28)?;
    items.set_column_width(1, 28)?;

    let cats = book.add_worksheet();
    cats.set_name(if zh { "测评主体类别" } else { "Categories" })?;
    let first = if zh { ["测评对象", "测评主体类别"] } else { ["target", "category"] };
    let col = head(cats, &first)?;
    let mut row = 1;
    for t in &v.targets {
        for (key, c) in &t.categories {
            let name = v.round.spec.categories.iter().find(|x| &x.key == key).map_or(key.as_str(), |x| x.name.as_str());
            cats.write_string(row, 0, &t.name)?;
            cats.write_string(row, 1, name)?;
            write_tally(cats, row, col, &c.overall)?;
            row += 1;
        }
    }
    cats.set_column_width(0, 28)?;

    if v.targets.iter().any(|t| t.before.is_some()) {
        let cmp = book.add_worksheet();
        cmp.set_name(if zh { "重新测评对比" } else { "Before and after" })?;
        let names: [&str; 8] = if zh {
            ["测评对象", "原轮次", "原结论", "原满意率", "原不满意率", "本轮结论", "本轮满意率", "本轮不满意率"]
        } else {
            ["target", "parent round", "before", "satisfaction before", "dissatisfaction before", "after", "satisfaction after", "dissatisfaction after"]
        };
        for (c, h) in names.iter().enumerate() {
            cmp.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        let mut row = 1;
        for t in &v.targets {
            let Some(b) = &t.before else { continue };
            cmp.write_string(row, 0, &t.name)?;
            cmp.write_number(row, 1, f64::from(b.round_id))?;
            cmp.write_string(row, 2, status_text(b.status))?;
            for (c, x) in [(3, b.overall.satisfaction_rate), (4, b.overall.dissatisfaction_rate), (6, t.overall.satisfaction_rate), (7, t.overall.dissatisfaction_rate)] {
                if let Some(x) = x {
                    cmp.write_number_with_format(row, c, x, &pct)?;
                }
            }
            cmp.write_string(row, 5, status_text(t.status))?;
            row += 1;
        }
        cmp.set_column_width(0, 28)?;
    }
    book.save_to_buffer()
}

/// `GET /api/v1/rounds/{id}/results.xlsx`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/results.xlsx", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn xlsx(State(state): State<AppState>, admin: Member, Path(id): Path<String>) -> Result<Response, ApiError> {
    let v = load(&state, &id, &admin).await?;
    audited(&state, &admin, &id, "results.export", serde_json::json!({ "format": "xlsx" })).await?;
    let locale = admin.locale;
    let bytes = tokio::task::spawn_blocking(move || workbook(&v, locale))
        .await
        .map_err(|_| ApiError::internal(locale))?
        .map_err(|e| {
            tracing::error!(error.cause = %e, "writing XLSX failed");
            ApiError::internal(locale)
        })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"round-{id}-results.xlsx\"")),
        ],
        bytes,
    )
        .into_response())
}

/// `GET /api/v1/rounds/{id}/charts/{key}.png`: one chart of the results page as PNG
/// (`bars`, `heatmap`, `categories`, `before_after`, `turnout`), drawn from the same SVG
/// with the server's CJK font, for the same callers as the page.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/charts/{file}", tag = "results",
    params(("id" = i32, Path, description = "round id"), ("file" = String, Path, description = "bars.png, heatmap.png, categories.png, before_after.png or turnout.png")),
    responses((status = 200, content_type = "image/png", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn chart_png(
    State(state): State<AppState>,
    who: Member,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let locale = who.locale;
    let id = round_id(&id, locale)?;
    let key = file.strip_suffix(".png").ok_or_else(|| ApiError::not_found(locale))?;
    let page = app::ssr::results_page::build(&state, &who.user, id, locale).await.map_err(|e| match e {
        app::error::AppError::NotFound => round_not_found(locale),
        other => ApiError::from_app(other, locale),
    })?;
    let chart = page.charts.into_iter().find(|c| c.key == key).ok_or_else(|| ApiError::not_found(locale))?;
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
