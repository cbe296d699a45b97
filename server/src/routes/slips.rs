//! The only page that will ever show plain codes: the answer to issuing them (one batch,
//! a plan per unit × category, or a reissued batch). A cover page states what was issued
//! (unit, category, count, batch); then each batch prints on pages of its own, headed by
//! its unit and category, as A4 sheets of 24 cut-out slips (QR code of the ballot URL, the
//! code in large type, round, unit, category, a one-line instruction); a CSV download made
//! in the page itself, and a print button. The server keeps no plain code.

use crate::routes::forms::{back_with_error, back_with_notice, id_of, said, Form};
use crate::routes::print::{base_url, esc, qr_png, SheetBatch};
use crate::routes::signed::{Admins, Signed};
use crate::routes::HttpConfig;
use app::i18n::{texts, use_texts_for, Locale};
use app::ssr::{codes, codes::IssueRequest, rounds, AppState};
use app::views::forms::{BatchForm, IssueForm};
use axum::{
    extract::{Path, State},
    http::HeaderMap,
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use base64::Engine;

/// The CSV of issued codes: batch, unit, category, code, ballot URL (a cell never starts
/// a formula).
pub fn codes_csv(base: &str, batches: &[SheetBatch<'_>]) -> String {
    let safe = |s: &str| if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    let quote = |s: String| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("batch,unit,category,code,url\n");
    for b in batches {
        for c in b.codes {
            out.push_str(&format!(
                "{},{},{},{},{}\n",
                b.batch,
                quote(safe(b.unit.unwrap_or_default())),
                quote(safe(b.category)),
                c,
                quote(format!("{base}/v/{}", c.canonical()))
            ));
        }
    }
    out
}

/// The page of slips for `batches` of round `id`.
pub fn sheet(locale: Locale, id: i32, title: &str, base: &str, batches: &[SheetBatch<'_>]) -> String {
    let (r, c) = (use_texts_for(locale).rounds, texts(locale).codes);
    let b64 = base64::engine::general_purpose::STANDARD;
    let csv = b64.encode(format!("\u{feff}{}", codes_csv(base, batches)));
    let mut pages = String::new();
    for b in batches {
        let unit = b.unit.unwrap_or(c.unit_all);
        let heading = c
            .unit_heading
            .replace("{unit}", unit)
            .replace("{category}", b.category)
            .replace("{n}", &b.codes.len().to_string())
            .replace("{batch}", &b.batch.to_string());
        let mut slips = String::with_capacity(b.codes.len() * 900);
        for code in b.codes {
            let url = format!("{base}/v/{}", code.canonical());
            let qr = qr_png(&url).map(|png| b64.encode(png)).unwrap_or_default();
            slips.push_str(&format!(
                r#"<div class="slip"><img class="qr" alt="" src="data:image/png;base64,{qr}"><div class="text"><p class="t">{title}</p><p class="c">{unit} · {category}</p><p class="code" data-code>{code}</p><p class="i">{instr}</p><p class="u">{url}</p></div></div>"#,
                title = esc(title),
                unit = esc(unit),
                category = esc(b.category),
                instr = esc(r.slip_instruction),
                url = esc(&format!("{base}/v")),
            ));
        }
        pages.push_str(&format!(
            r#"<section class="unit-sheet" data-batch="{batch}"><h2 class="unit-head">{heading}</h2><div class="sheet">{slips}</div></section>"#,
            batch = b.batch,
            heading = esc(&heading),
        ));
    }
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{heading} · {title}</title><style>{css}</style></head><body>
<div class="bar"><p class="warn" role="alert">{once}</p><p><a class="btn" download="codes-round-{id}.csv" href="data:text/csv;charset=utf-8;base64,{csv}">{download}</a> <button class="btn" onclick="window.print()">{print}</button> <a href="/rounds/{id}">{back}</a></p><p>{reprint}</p></div>
{cover}
<main>{pages}</main></body></html>"#,
        lang = locale.tag(),
        heading = esc(r.section_codes),
        title = esc(title),
        css = SHEET_CSS,
        once = esc(r.codes_once),
        download = esc(r.download_csv),
        print = esc(r.print),
        back = esc(r.back_to_round),
        reprint = esc(c.reprint_note),
        cover = cover(locale, title, batches),
    )
}

/// The cover page: what was issued (batch, unit, category, count), the total, the time.
pub fn cover(locale: Locale, title: &str, batches: &[SheetBatch<'_>]) -> String {
    let (r, c) = (use_texts_for(locale).rounds, texts(locale).codes);
    let total: usize = batches.iter().map(|b| b.codes.len()).sum();
    let beijing = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let generated = beijing.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default();
    let rows: String = batches
        .iter()
        .map(|b| {
            format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td></tr>",
                b.batch,
                esc(b.unit.unwrap_or(c.unit_all)),
                esc(b.category),
                b.codes.len()
            )
        })
        .collect();
    format!(
        r#"<section class="cover" data-testid="cover"><h1>{cover} · {title}</h1><p>{generated_label}: {generated}</p><table><thead><tr><th>{col_batch}</th><th>{col_unit}</th><th>{col_category}</th><th class="n">{col_count}</th></tr></thead><tbody>{rows}</tbody><tfoot><tr><th colspan="3">{total_label}</th><th class="n" data-total>{total}</th></tr></tfoot></table><p>{note}</p></section>"#,
        cover = esc(c.cover_title),
        title = esc(title),
        generated_label = esc(c.cover_generated),
        col_batch = esc(c.col_batch),
        col_unit = esc(c.col_unit),
        col_category = esc(r.category),
        col_count = esc(r.count),
        total_label = esc(r.total),
        note = esc(c.cover_note),
    )
}

/// The answer to an issuing: the slips, or (`paper`) a paper 测评表 per code.
fn answer(locale: Locale, id: i32, spec: &app::domain::round::RoundSpec, base: &str, batches: &[SheetBatch<'_>], paper: bool) -> Response {
    if paper {
        let cover = cover(locale, &spec.title, batches);
        Html(crate::routes::paper_sheet::paper_sheet(locale, id, spec, base, batches, &cover)).into_response()
    } else {
        Html(sheet(locale, id, &spec.title, base, batches)).into_response()
    }
}

/// `POST /rounds/{id}/codes` (`IssueForm`: `category`, `count`, `unit`, repeated `target`).
pub async fn issue(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<IssueForm>,
) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let page = format!("/rounds/{id}");
    let req = IssueRequest {
        category: f.category.trim().to_owned(),
        count: f.count.trim().parse().unwrap_or(0),
        targets: (!f.target.is_empty()).then_some(f.target),
        unit: Some(f.unit.trim().to_owned()).filter(|u| !u.is_empty()),
    };
    let round = match rounds::load(&state.db, id).await {
        Ok(Some(r)) => r,
        _ => return Redirect::to("/rounds").into_response(),
    };
    let (batch, issued) = match codes::issue_numbered(&state.db, &state.code_key, &admin.user.username, id, &req).await {
        Ok(c) => c,
        Err(e) => return back_with_error(&page, &said(e, admin.locale)),
    };
    let category = round.spec.categories.iter().find(|c| c.key == req.category).map_or(req.category.clone(), |c| c.name.clone());
    let unit = req.unit.as_deref().and_then(|u| round.spec.name_of(u));
    let base = base_url(&cfg, &headers);
    let scope = req.targets.clone().or_else(|| req.unit.as_deref().map(|u| round.spec.unit_keys(u)));
    let batches = [SheetBatch { batch, unit, category: &category, codes: &issued, scope }];
    answer(admin.locale, id, &round.spec, &base, &batches, f.format == "paper")
}

/// `POST /rounds/{id}/codes/batch` (`BatchForm`): revokes a batch's unused codes; with
/// `reissue`, issues as many again and answers with their sheet.
pub async fn batch(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<BatchForm>,
) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let page = format!("/rounds/{id}");
    let Ok(batch) = f.batch.trim().parse::<i32>() else { return Redirect::to(&page).into_response() };
    let l = admin.locale;
    if f.reissue.is_empty() {
        return match codes::revoke_batch(&state.db, &admin.user.username, id, batch).await {
            Ok(n) => {
                back_with_notice(&page, &texts(l).codes.revoked_batch.replace("{b}", &batch.to_string()).replace("{n}", &n.to_string()))
            }
            Err(e) => back_with_error(&page, &said(e, l)),
        };
    }
    let spec = match rounds::load(&state.db, id).await {
        Ok(Some(r)) => r.spec,
        _ => return Redirect::to("/rounds").into_response(),
    };
    match codes::reissue(&state.db, &state.code_key, &admin.user.username, id, batch).await {
        Ok(b) => {
            let unit = Some(b.unit_name.as_str()).filter(|u| !u.is_empty());
            let sheet_batches = [SheetBatch { batch: b.batch, unit, category: &b.category_name, codes: &b.codes, scope: b.scope.clone() }];
            answer(l, id, &spec, &base_url(&cfg, &headers), &sheet_batches, f.format == "paper" || f.reissue == "paper")
        }
        Err(e) => back_with_error(&page, &said(e, l)),
    }
}

/// `POST /rounds/{id}/codes/plan` (multipart `PlanForm`): the grid of counts, a pasted or
/// an uploaded table; issues every line in one transaction and answers with the sheets,
/// or goes back naming every wrong line (nothing issued).
pub async fn plan(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(id): Path<String>,
    form: axum::extract::Multipart,
) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let l = admin.locale;
    let page = format!("/rounds/{id}");
    let (rows, paper) = match crate::routes::forms::plan::rows_of(form, l).await {
        Ok(read) => read,
        Err(message) => return back_with_error(&page, &message),
    };
    let spec = match rounds::load(&state.db, id).await {
        Ok(Some(r)) => r.spec,
        _ => return Redirect::to("/rounds").into_response(),
    };
    let issued = codes::plan(&state.db, &state.code_key, &admin.user.username, id, |spec| app::domain::plan::from_rows(spec, &rows)).await;
    match issued {
        Ok(batches) => {
            let sheet_batches: Vec<SheetBatch<'_>> = batches
                .iter()
                .map(|b| SheetBatch {
                    batch: b.batch,
                    unit: Some(b.unit_name.as_str()),
                    category: &b.category_name,
                    codes: &b.codes,
                    scope: b.scope.clone(),
                })
                .collect();
            answer(l, id, &spec, &base_url(&cfg, &headers), &sheet_batches, paper)
        }
        Err(codes::PlanRefusal::Lines(errors)) => back_with_error(&page, &crate::routes::forms::plan::said(&errors, l)),
        Err(codes::PlanRefusal::Service(e)) => back_with_error(&page, &said(e, l)),
    }
}

/// A4 portrait, 3 × 8 = 24 slips a page under the batch's heading (8 × 33.5 mm + 5 mm fits
/// the 281 mm between the margins), cut lines dashed; the cover and each batch begin a page.
const SHEET_CSS: &str = r#"
@page { size: A4; margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; }
.bar { padding: 12px 16px; background: #fff7e6; border-bottom: 1px solid #f0c36d; }
.warn { font-weight: 700; color: #8a4b00; margin: 0 0 8px; }
.btn { display: inline-block; padding: 8px 14px; border: 1px solid #a61b1b; border-radius: 6px; color: #a61b1b; background: #fff; text-decoration: none; font: inherit; cursor: pointer; }
.cover { width: 194mm; margin: 0 auto; padding: 8mm 0; }
.cover table { border-collapse: collapse; width: 100%; }
.cover th, .cover td { border: 0.3mm solid #999; padding: 1.5mm 2mm; text-align: left; }
.cover .n { text-align: right; }
.unit-sheet { break-before: page; width: 194mm; margin: 0 auto; }
.unit-head { font-size: 3.5mm; line-height: 1.2; margin: 0 0 1mm; }
.sheet { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 33.5mm; }
.slip { display: flex; gap: 2mm; align-items: center; padding: 1.5mm 2mm; border: 0.3mm dashed #999; overflow: hidden; break-inside: avoid; }
.qr { width: 24mm; height: 24mm; display: block; image-rendering: pixelated; image-rendering: crisp-edges; }
.text p { margin: 0; line-height: 1.25; }
.t { font-size: 2.6mm; font-weight: 700; }
.c, .i, .u { font-size: 2.3mm; color: #333; }
.code { font: 700 4.6mm/1.3 "DejaVu Sans Mono", monospace; letter-spacing: 0.2mm; }
@media print { .bar { display: none; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use app::domain::code::Code;

    #[test]
    fn csv_cells_cannot_start_a_formula() {
        let codes = [Code::from_bits(1)];
        let csv = codes_csv(
            "http://h",
            &[SheetBatch { batch: 3, unit: Some("甲局"), category: "=HYPERLINK(\"x\")", codes: &codes, scope: None }],
        );
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(csv.contains("3,\"甲局\","), "{csv}");
        assert!(csv.contains("0000-0000-0001,\"http://h/v/000000000001\""));
    }

    #[test]
    fn a_sheet_has_a_cover_with_the_counts_and_a_page_per_batch_headed_by_its_unit() {
        let a: Vec<Code> = (0..30).map(Code::from_bits).collect();
        let b: Vec<Code> = (30..42).map(Code::from_bits).collect();
        let batches = [
            SheetBatch { batch: 1, unit: Some("区教育局领导班子"), category: "群众代表", codes: &a, scope: None },
            SheetBatch { batch: 2, unit: Some("区民政局<领导班子>"), category: "服务对象", codes: &b, scope: None },
        ];
        let html = sheet(Locale::Zh, 1, "测评<x>", "http://h", &batches);
        assert_eq!(html.matches("data-code").count(), 42);
        assert_eq!(html.matches("data:image/png;base64,").count(), 42);
        assert_eq!(html.matches("class=\"unit-sheet\"").count(), 2);
        assert!(html.contains("data-total>42<"));
        assert!(html.contains("区教育局领导班子 · 群众代表 · 共 30 张 · 第 1 批"));
        assert!(html.contains("测评&lt;x&gt;") && !html.contains("测评<x>"));
        assert!(html.contains("区民政局&lt;领导班子&gt;"));
    }
}
