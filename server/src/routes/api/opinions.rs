//! The opinions of a closed round as CSV or XLSX (RULES.md A6): in random order, each
//! with its category's name only where the results disclose it, for the admin, and for
//! a steering member those about the assigned targets once published; anyone else 404.
//! Every export is audited (`opinions.export`).

use super::results::neutralize;
use super::rounds::round_id;
use crate::error::map::{round_not_found, In, OrApi};
use crate::error::{ApiError, ErrorBody};
use crate::routes::signed::Signed;
use app::i18n::{texts, Locale};
use app::ssr::results::{opinions_for, ResultsError};
use app::ssr::{results_page, AppState};
use app::views::results::Filter;
use axum::{
    extract::{Path, State},
    http::header,
    response::{IntoResponse, Response},
};
use rand::seq::SliceRandom;

/// (category name where disclosed, text), shuffled, of round `raw`'s opinions for `who`.
async fn opinions(state: &AppState, who: &Signed, raw: &str, format: &str) -> Result<(i32, Vec<(Option<String>, String)>), ApiError> {
    let l = who.locale;
    let id = round_id(raw, l)?;
    let loaded = results_page::load(state, &who.user, id, &Filter::default()).await.or_api(l)?;
    let status = loaded.def.round.status;
    let Some(result) = loaded.result.as_ref().filter(|_| status.is_closed()) else {
        return Err(ApiError::from(In(ResultsError::NotClosed(status), l)));
    };
    if !loaded.access.opinions {
        return Err(round_not_found(l));
    }
    let mut list = opinions_for(&state.db, &loaded.def, result, &loaded.access.targets).await.or_api(l)?;
    list.shuffle(&mut rand::thread_rng());
    app::ssr::audit::record(
        &state.db,
        &who.user.username,
        "opinions.export",
        &format!("round:{id}"),
        serde_json::json!({ "format": format }),
    )
    .await
    .or_api(l)?;
    Ok((id, list))
}

fn heads(l: Locale) -> [&'static str; 2] {
    let rt = texts(l).results;
    [rt.opinions, rt.col_category]
}

/// `GET /api/v1/rounds/{id}/opinions.csv` (UTF-8 with a byte-order mark, for Excel).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/opinions.csv", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, content_type = "text/csv", body = String, description = "UTF-8 with BOM; one opinion per row, shuffled"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "not published yet (steering)"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn csv(State(state): State<AppState>, who: Signed, Path(id): Path<String>) -> Result<Response, ApiError> {
    let (id, list) = opinions(&state, &who, &id, "csv").await?;
    let write = || -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(vec![0xEF, 0xBB, 0xBF]);
        w.write_record(heads(who.locale))?;
        for (cat, text) in &list {
            w.write_record([neutralize(text).into_owned(), cat.clone().unwrap_or_default()])?;
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    };
    let body = write().map_err(|e| {
        tracing::error!(error.cause = %e, "writing the opinions CSV failed");
        ApiError::internal(who.locale)
    })?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"round-{id}-opinions.csv\"")),
        ],
        body,
    )
        .into_response())
}

/// `GET /api/v1/rounds/{id}/opinions.xlsx`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/opinions.xlsx", tag = "results", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "not published yet (steering)"), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody, description = "round_not_closed")))]
pub async fn xlsx(State(state): State<AppState>, who: Signed, Path(id): Path<String>) -> Result<Response, ApiError> {
    let l = who.locale;
    let (id, list) = opinions(&state, &who, &id, "xlsx").await?;
    let book = move || -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
        use rust_xlsxwriter::{Format, Workbook};
        let mut book = Workbook::new();
        let (bold, wrap) = (Format::new().set_bold(), Format::new().set_text_wrap());
        let sheet = book.add_worksheet();
        sheet.set_name(texts(l).results.opinions)?;
        for (c, h) in heads(l).iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
        }
        sheet.set_column_width(0, 80)?;
        sheet.set_column_width(1, 16)?;
        for (r, (cat, text)) in list.iter().enumerate() {
            let row = r as u32 + 1;
            sheet.write_string_with_format(row, 0, text, &wrap)?;
            if let Some(c) = cat {
                sheet.write_string(row, 1, c)?;
            }
        }
        book.save_to_buffer()
    };
    super::workbook::download(l, format!("round-{id}-opinions.xlsx"), book).await
}
