//! The XLSX export of a round's results (rust_xlsxwriter): one sheet per view — ranking
//! (bodies, then cadres, each ranked by score, with unit and position), items, categories,
//! turnout by unit with the under-half warning, and for a re-evaluation the comparison —
//! with numbers as numbers and rates as percentages, headed in the reader's language. The
//! count columns are the options of both scales (by key), each target filling its own.

use app::domain::round::TargetKind;
use app::domain::tally::FlagStatus;
use app::i18n::{texts, Locale};
use app::ssr::results::{ResultsView, TallyView, TargetView};

/// An XLSX download named `filename`: the workbook written by `build` off the async
/// threads; a failure to write is logged and answered 500 in `locale`.
pub async fn download(
    locale: Locale,
    filename: String,
    build: impl FnOnce() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> + Send + 'static,
) -> Result<axum::response::Response, crate::error::ApiError> {
    use axum::{http::header, response::IntoResponse};
    let internal = || crate::error::ApiError::internal(locale);
    let bytes = tokio::task::spawn_blocking(build).await.map_err(|_| internal())?.map_err(|e| {
        tracing::error!(error.cause = %e, file = %filename, "writing XLSX failed");
        internal()
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
        ],
        bytes,
    )
        .into_response())
}

/// The workbook of a round's results: one sheet per view — ranking, items, categories —
/// numbers as numbers, rates as percentages.
pub fn workbook(v: &ResultsView, locale: Locale) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let rt = texts(locale).results;
    let (t_body, t_cadre) = (texts(locale).rounds.kind_body, texts(locale).rounds.kind_cadre);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let pct = Format::new().set_num_format("0.0%");
    let num = Format::new().set_num_format("0.00");
    let status_text = |s: FlagStatus| match s {
        FlagStatus::Flagged => rt.flagged,
        FlagStatus::Ok => rt.ok,
        FlagStatus::InsufficientResponses => rt.insufficient,
    };
    let tally_cols: Vec<String> =
        [rt.col_valid, rt.xlsx_unanswered, rt.col_satisfaction, rt.col_dissatisfaction, rt.col_score].map(String::from).to_vec();
    let spec = &v.round.spec;
    let mut scale: Vec<&app::domain::round::ScaleOption> = Vec::new();
    for o in spec.scale.iter().chain(spec.cadre_scale.iter().flatten()) {
        if !scale.iter().any(|x| x.key == o.key) {
            scale.push(o);
        }
    }
    let scale = &scale;
    let unit_name = |key: &str| spec.name_of(key).unwrap_or(key).to_owned();
    let write_tally =
        |sheet: &mut rust_xlsxwriter::Worksheet, row: u32, col: u16, t: &TallyView| -> Result<(), rust_xlsxwriter::XlsxError> {
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
    ranking.set_name(rt.sheet_ranking)?;
    let first = [rt.xlsx_rank, rt.col_target, rt.xlsx_kind, rt.xlsx_unit, rt.xlsx_position, rt.col_status];
    let col = head(ranking, &first)?;
    let mut order: Vec<&TargetView> = v.targets.iter().collect();
    order.sort_by(|a, b| {
        (a.kind == TargetKind::Cadre)
            .cmp(&(b.kind == TargetKind::Cadre))
            .then(b.overall.score.unwrap_or(-1.0).total_cmp(&a.overall.score.unwrap_or(-1.0)))
    });
    let (mut rank, mut kind_before) = (0, None);
    for (i, t) in order.iter().enumerate() {
        let row = i as u32 + 1;
        rank = if kind_before == Some(t.kind) { rank + 1 } else { 1 };
        kind_before = Some(t.kind);
        ranking.write_number(row, 0, f64::from(rank))?;
        ranking.write_string(row, 1, &t.name)?;
        let kind = match t.kind {
            TargetKind::Body => t_body,
            TargetKind::Cadre => t_cadre,
        };
        ranking.write_string(row, 2, kind)?;
        ranking.write_string(row, 3, unit_name(&t.unit))?;
        ranking.write_string(row, 4, t.position.as_deref().unwrap_or_default())?;
        ranking.write_string(row, 5, status_text(t.status))?;
        write_tally(ranking, row, col, &t.overall)?;
    }
    ranking.set_column_width(1, 28)?;
    ranking.set_column_width(3, 28)?;

    let items = book.add_worksheet();
    items.set_name(rt.sheet_items)?;
    let first = [rt.col_target, rt.xlsx_unit, rt.xlsx_item];
    let col = head(items, &first)?;
    let mut row = 1;
    for t in &v.targets {
        for it in &v.round.spec.items {
            if let Some(x) = t.items.get(&it.key) {
                items.write_string(row, 0, &t.name)?;
                items.write_string(row, 1, unit_name(&t.unit))?;
                items.write_string(row, 2, &it.title)?;
                write_tally(items, row, col, x)?;
                row += 1;
            }
        }
    }
    items.set_column_width(0, 28)?;
    items.set_column_width(1, 28)?;
    items.set_column_width(2, 28)?;

    let cats = book.add_worksheet();
    cats.set_name(rt.sheet_categories)?;
    let first = [rt.col_target, rt.xlsx_category];
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

    if !v.turnout.units.is_empty() {
        let units = book.add_worksheet();
        units.set_name(rt.sheet_units)?;
        for (c, h) in [rt.xlsx_unit, rt.col_issued, rt.col_used, rt.col_turnout, rt.col_status].iter().enumerate() {
            units.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        for (i, (unit, u)) in spec.units().iter().filter_map(|(k, _)| v.turnout.units.get(k).map(|u| (k, u))).enumerate() {
            let row = i as u32 + 1;
            units.write_string(row, 0, unit_name(unit))?;
            units.write_number(row, 1, u.issued as f64)?;
            units.write_number(row, 2, u.ballots as f64)?;
            if u.issued > 0 {
                units.write_number_with_format(row, 3, u.ballots as f64 / u.issued as f64, &pct)?;
            }
            if u.low {
                units.write_string(row, 4, rt.low_unit)?;
            }
        }
        units.set_column_width(0, 28)?;
    }

    if v.targets.iter().any(|t| t.before.is_some()) {
        let cmp = book.add_worksheet();
        cmp.set_name(rt.sheet_comparison)?;
        let names: [&str; 8] = [
            rt.col_target,
            rt.xlsx_parent_round,
            rt.xlsx_before_status,
            rt.xlsx_before_satisfaction,
            rt.xlsx_before_dissatisfaction,
            rt.xlsx_after_status,
            rt.xlsx_after_satisfaction,
            rt.xlsx_after_dissatisfaction,
        ];
        for (c, h) in names.iter().enumerate() {
            cmp.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        let mut row = 1;
        for t in &v.targets {
            let Some(b) = &t.before else { continue };
            cmp.write_string(row, 0, &t.name)?;
            cmp.write_number(row, 1, f64::from(b.round_id))?;
            cmp.write_string(row, 2, status_text(b.status))?;
            for (c, x) in [
                (3, b.overall.satisfaction_rate),
                (4, b.overall.dissatisfaction_rate),
                (6, t.overall.satisfaction_rate),
                (7, t.overall.dissatisfaction_rate),
            ] {
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
