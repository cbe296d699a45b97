//! `GET /api/v1/rounds/{id}/ledger.xlsx`: the rectification ledger of a round as XLSX
//! (rust_xlsxwriter), one row per measure — a problem without measures on a row of its
//! own — headed in the reader's language, for admins and the targets' steering members.

use super::rounds::round_id;
use crate::error::map::OrApi;
use crate::error::{ApiError, ErrorBody};
use crate::routes::signed::Signed;
use app::domain::ledger::ProblemSource;
use app::i18n::{texts, Locale};
use app::ssr::{ledger, AppState};
use app::views::steering::LedgerView;
use axum::{
    extract::{Path, State},
    response::Response,
};

/// The workbook of `ledgers`: one sheet, one row per measure.
pub fn workbook(title: &str, ledgers: &[LedgerView], locale: Locale) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let (t, st, rt) = (texts(locale).ledger, texts(locale).steering, texts(locale).results);
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name(t.ledger_title)?;
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let heads = [
        rt.col_target,
        st.flagged_on,
        t.flag_state,
        t.problem,
        t.source,
        t.measure,
        t.owner,
        t.deadline,
        t.status,
        t.status_on,
        t.overdue,
        t.evidence,
    ];
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string_with_format(1, c as u16, *h, &bold)?;
    }
    let widths = [24.0, 12.0, 10.0, 30.0, 12.0, 40.0, 16.0, 12.0, 10.0, 12.0, 8.0, 30.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w)?;
    }
    let mut row = 2u32;
    for l in ledgers {
        for p in &l.problems {
            let source = match p.source {
                ProblemSource::Opinion => t.source_opinion,
                ProblemSource::Finding => t.source_finding,
            };
            let mut put = |sheet: &mut rust_xlsxwriter::Worksheet, m: Option<&app::views::steering::MeasureView>| {
                sheet.write_string(row, 0, &l.flag.name)?;
                sheet.write_string(row, 1, &l.flag.flagged_on)?;
                sheet.write_string(row, 2, st.state(l.flag.status))?;
                sheet.write_string_with_format(row, 3, &p.title, &wrap)?;
                sheet.write_string(row, 4, source)?;
                if let Some(m) = m {
                    sheet.write_string_with_format(row, 5, &m.text, &wrap)?;
                    sheet.write_string(row, 6, &m.owner)?;
                    sheet.write_string(row, 7, &m.deadline)?;
                    sheet.write_string(row, 8, t.measure_status(m.status))?;
                    sheet.write_string(row, 9, &m.status_on)?;
                    if m.overdue {
                        sheet.write_string(row, 10, t.overdue)?;
                    }
                    if let Some(e) = &m.evidence {
                        sheet.write_string_with_format(row, 11, e, &wrap)?;
                    }
                }
                row += 1;
                Ok::<(), rust_xlsxwriter::XlsxError>(())
            };
            if p.measures.is_empty() {
                put(sheet, None)?;
            }
            for m in &p.measures {
                put(sheet, Some(m))?;
            }
        }
    }
    sheet.autofilter(1, 0, row.saturating_sub(1).max(1), heads.len() as u16 - 1)?;
    sheet.set_freeze_panes(2, 0)?;
    book.save_to_buffer()
}

/// `GET /api/v1/rounds/{id}/ledger.xlsx` (admin; steering on assigned targets, once published).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/ledger.xlsx", tag = "rectification", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "not published yet (steering)"), (status = 404, body = ErrorBody)))]
pub async fn xlsx(State(state): State<AppState>, who: Signed, Path(id): Path<String>) -> Result<Response, ApiError> {
    let l = who.locale;
    let id = round_id(&id, l)?;
    let (title, ledgers) = ledger::round_ledger(&state.db, &who.user, id).await.or_api(l)?;
    super::workbook::download(l, format!("round-{id}-ledger.xlsx"), move || workbook(&title, &ledgers, l)).await
}
