//! The reconciliation sheet (清点表) as people use it: a printable A4 page
//! (`GET /rounds/{id}/reconciliation`) and a workbook
//! (`GET /api/v1/rounds/{id}/reconciliation.xlsx`), both from the one
//! `ssr::reconciliation` sheet: per unit and category the codes issued, cast by phone,
//! entered from paper, revoked and unused, with totals, the time and the audit chain's head.

use crate::routes::print::esc;
use crate::routes::signed::{Admins, Signed};
use app::domain::round::RoundSpec;
use app::i18n::{texts, Locale};
use app::ssr::reconciliation::{reconciliation, Reconciliation, ReconciliationRow};
use app::ssr::{round_def::load_def, AppState};
use axum::{
    extract::{Path, State},
    response::{Html, IntoResponse, Redirect, Response},
};

/// The five counts of a row, in the sheet's column order.
fn counts(r: &ReconciliationRow) -> [u64; 5] {
    [r.issued, r.phone, r.paper, r.revoked, r.unused]
}

/// The totals row.
pub fn totals(sheet: &Reconciliation) -> [u64; 5] {
    let mut t = [0u64; 5];
    for r in &sheet.rows {
        for (i, n) in counts(r).into_iter().enumerate() {
            t[i] += n;
        }
    }
    t
}

/// The unit's and the category's names of a row.
pub fn names(spec: &RoundSpec, r: &ReconciliationRow, l: Locale) -> (String, String) {
    let unit = match &r.unit {
        Some(u) => spec.name_of(u).unwrap_or(u).to_owned(),
        None => texts(l).paper.rec_whole_round.to_owned(),
    };
    let category = spec.categories.iter().find(|c| c.key == r.category).map_or_else(|| r.category.clone(), |c| c.name.clone());
    (unit, category)
}

/// Now in China Standard Time, as printed.
pub fn generated_at() -> String {
    let beijing = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    beijing.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] (UTC+8)")).unwrap_or_default()
}

/// The column headings, in order.
pub fn headings(l: Locale) -> [&'static str; 7] {
    let p = texts(l).paper;
    [p.col_unit, p.col_category, p.col_issued, p.col_phone, p.col_paper, p.col_revoked, p.col_unused]
}

/// `GET /rounds/{id}/reconciliation` (admin): the printable sheet.
pub async fn page(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>) -> Response {
    let Some(id) = crate::routes::forms::id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let def = match load_def(&state.db, id).await {
        Ok(Some(d)) => d,
        _ => return Redirect::to("/rounds").into_response(),
    };
    match reconciliation(&state.db, &def).await {
        Ok(sheet) => Html(html(admin.locale, id, def.spec(), &sheet)).into_response(),
        Err(e) => crate::routes::forms::back_with_error(&format!("/rounds/{id}"), &crate::routes::forms::said(e, admin.locale)),
    }
}

/// The printable sheet of round `id`.
pub fn html(l: Locale, id: i32, spec: &RoundSpec, sheet: &Reconciliation) -> String {
    let p = texts(l).paper;
    let cells = |ns: [u64; 5]| ns.iter().map(|n| format!(r#"<td class="n">{n}</td>"#)).collect::<String>();
    let rows: String = sheet
        .rows
        .iter()
        .map(|r| {
            let (unit, category) = names(spec, r, l);
            format!(
                r#"<tr data-unit="{key}" data-category="{cat}"><td>{unit}</td><td>{category}</td>{cells}</tr>"#,
                key = esc(r.unit.as_deref().unwrap_or("")),
                cat = esc(&r.category),
                unit = esc(&unit),
                category = esc(&category),
                cells = cells(counts(r)),
            )
        })
        .collect();
    let head: String = headings(l).iter().map(|h| format!("<th scope=\"col\">{}</th>", esc(h))).collect();
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} · {round}</title><style>{css}</style></head><body>
<nav class="bar" aria-label="{title}"><button class="btn" onclick="window.print()">{print}</button> <a class="btn" href="/api/v1/rounds/{id}/reconciliation.xlsx">{xlsx}</a> <a href="/rounds/{id}">{back}</a></nav>
<main><h1>{title}</h1><p>{round_label}：{round}</p><p>{generated_label}：{generated}</p><p class="muted">{intro}</p>
<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody><tfoot><tr data-total><th scope="row" colspan="2">{total}</th>{totals}</tr></tfoot></table>
<p class="head">{head_label}：<code data-audit-head>{audit_head}</code></p><p class="muted">{check}</p>
<p class="sign">{counter}<span></span>{supervisor}<span></span></p></main></body></html>"#,
        lang = l.tag(),
        title = esc(p.rec_title),
        round = esc(&spec.title),
        css = CSS,
        print = esc(p.print),
        xlsx = esc(p.rec_xlsx),
        back = esc(p.back),
        round_label = esc(p.rec_round),
        generated_label = esc(p.rec_generated),
        generated = generated_at(),
        intro = esc(p.rec_intro),
        total = esc(p.total),
        totals = cells(totals(sheet)),
        head_label = esc(p.rec_head),
        audit_head = esc(&sheet.audit_head),
        check = esc(p.rec_check),
        counter = esc(p.rec_signed_counter),
        supervisor = esc(p.rec_signed_supervisor),
    )
}

/// The workbook: one sheet, the same rows and totals, counts as numbers; the time and the
/// audit chain's head under the table.
pub fn workbook(l: Locale, spec: &RoundSpec, sheet: &Reconciliation) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let p = texts(l).paper;
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let ws = book.add_worksheet();
    ws.set_name(p.rec_title)?;
    ws.write_string_with_format(0, 0, format!("{} · {}", p.rec_title, spec.title), &bold)?;
    for (c, h) in headings(l).iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *h, &bold)?;
    }
    let mut row = 3u32;
    for r in &sheet.rows {
        let (unit, category) = names(spec, r, l);
        ws.write_string(row, 0, unit)?;
        ws.write_string(row, 1, category)?;
        for (c, n) in counts(r).into_iter().enumerate() {
            ws.write_number(row, 2 + c as u16, n as f64)?;
        }
        row += 1;
    }
    ws.write_string_with_format(row, 0, p.total, &bold)?;
    for (c, n) in totals(sheet).into_iter().enumerate() {
        ws.write_number_with_format(row, 2 + c as u16, n as f64, &bold)?;
    }
    ws.write_string(row + 2, 0, p.rec_generated)?;
    ws.write_string(row + 2, 1, generated_at())?;
    ws.write_string(row + 3, 0, p.rec_head)?;
    ws.write_string(row + 3, 1, &sheet.audit_head)?;
    ws.set_column_width(0, 24)?;
    ws.set_column_width(1, 14)?;
    book.save_to_buffer()
}

/// A4 portrait; the buttons do not print.
const CSS: &str = r#"
@page { size: A4; margin: 15mm; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; }
.bar { padding: 12px 16px; background: #fff7e6; border-bottom: 1px solid #f0c36d; }
.btn { display: inline-block; padding: 8px 14px; border: 1px solid #a61b1b; border-radius: 6px; color: #a61b1b; background: #fff; text-decoration: none; font: inherit; cursor: pointer; }
main { max-width: 180mm; margin: 0 auto; padding: 6mm 0; }
h1 { font-size: 7mm; text-align: center; margin: 0 0 4mm; }
p { margin: 1.5mm 0; }
.muted { color: #444; font-size: 3.2mm; }
table { border-collapse: collapse; width: 100%; margin: 4mm 0; font-size: 3.6mm; }
th, td { border: 0.3mm solid #555; padding: 1.5mm 2mm; text-align: left; }
.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 700; }
tr { break-inside: avoid; }
code { font-size: 3.2mm; word-break: break-all; }
.sign { margin-top: 12mm; display: flex; gap: 4mm; }
.sign span { flex: 1; border-bottom: 0.3mm solid #111; }
@media print { .bar { display: none; } }
"#;
