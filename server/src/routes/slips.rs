//! `POST /rounds/{id}/codes` from the round page: issues codes and answers with the only
//! page that will ever show them — an A4 sheet of 24 cut-out slips (QR code of the ballot
//! URL, the code in large type, round, category, a one-line instruction), a CSV download
//! made in the page itself, and a print button. The server keeps no plain code.

use crate::routes::forms::{back_with_error, said, Form};
use crate::routes::signed::{Admins, Signed};
use crate::routes::HttpConfig;
use app::domain::code::Code;
use app::i18n::{use_texts_for, Locale};
use app::ssr::{codes, codes::IssueRequest, rounds, AppState};
use app::views::forms::IssueForm;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap},
    response::{Html, IntoResponse, Redirect, Response},
    Extension,
};
use qrcode::{render::svg, EcLevel, QrCode};

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A QR code of `url` as an inline SVG.
pub fn qr_svg(url: &str) -> String {
    match QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M) {
        Ok(qr) => {
            let doc = qr.render::<svg::Color<'_>>().min_dimensions(120, 120).quiet_zone(true).build();
            // Inline in HTML: drop the XML declaration.
            doc.find("<svg").map_or(doc.clone(), |i| doc[i..].to_owned())
        }
        Err(_) => String::new(),
    }
}

/// The CSV of issued codes: category, code, ballot URL (a cell never starts a formula).
pub fn codes_csv(category: &str, base: &str, codes: &[Code]) -> String {
    let safe = |s: &str| if s.starts_with(['=', '+', '-', '@']) { format!("'{s}") } else { s.to_owned() };
    let quote = |s: String| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("category,code,url\n");
    for c in codes {
        out.push_str(&format!("{},{},{}\n", quote(safe(category)), c, quote(format!("{base}/v/{}", c.canonical()))));
    }
    out
}

fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' | b'/' | b':' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The public base URL for ballot links: `MINPING_PUBLIC_URL`, else this request's host.
fn base_url(cfg: &HttpConfig, headers: &HeaderMap) -> String {
    cfg.public_url.clone().unwrap_or_else(|| {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:3000");
        let scheme = if cfg.secure_cookies { "https" } else { "http" };
        format!("{scheme}://{host}")
    })
}

/// `POST /rounds/{id}/codes` (`IssueForm`: `category`, `count`, repeated `target`).
pub async fn issue(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Form(f): Form<IssueForm>,
) -> Response {
    let Some(id) = id.parse::<i32>().ok().filter(|i| *i > 0) else { return Redirect::to("/rounds").into_response() };
    let page = format!("/rounds/{id}");
    let req = IssueRequest {
        category: f.category.trim().to_owned(),
        count: f.count.trim().parse().unwrap_or(0),
        targets: (!f.target.is_empty()).then_some(f.target),
    };
    let round = match rounds::load(&state.db, id).await {
        Ok(Some(r)) => r,
        _ => return Redirect::to("/rounds").into_response(),
    };
    let issued = match codes::issue(&state.db, &state.code_key, &admin.user.username, id, &req).await {
        Ok(c) => c,
        Err(e) => return back_with_error(&page, &said(e, admin.locale)),
    };
    let category = round.spec.categories.iter().find(|c| c.key == req.category).map_or(req.category.clone(), |c| c.name.clone());
    let base = base_url(&cfg, &headers);
    Html(sheet(admin.locale, id, &round.spec.title, &category, &base, &issued)).into_response()
}

fn sheet(locale: Locale, id: i32, title: &str, category: &str, base: &str, codes: &[Code]) -> String {
    let r = use_texts_for(locale).rounds;
    let csv = codes_csv(category, base, codes);
    let mut slips = String::new();
    for c in codes {
        let url = format!("{base}/v/{}", c.canonical());
        slips.push_str(&format!(
            r#"<div class="slip"><div class="qr">{qr}</div><div class="text"><p class="t">{title}</p><p class="c">{category}</p><p class="code" data-code>{code}</p><p class="i">{instr}</p><p class="u">{url}</p></div></div>"#,
            qr = qr_svg(&url),
            title = esc(title),
            category = esc(category),
            code = c,
            instr = esc(r.slip_instruction),
            url = esc(&format!("{base}/v")),
        ));
    }
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{heading} · {title}</title><style>{css}</style></head><body>
<div class="bar"><p class="warn" role="alert">{once}</p><p><a class="btn" download="codes-round-{id}.csv" href="data:text/csv;charset=utf-8,%EF%BB%BF{csv}">{download}</a> <button class="btn" onclick="window.print()">{print}</button> <a href="/rounds/{id}">{back}</a></p><p>{count} · {category}</p></div>
<main class="sheet">{slips}</main></body></html>"#,
        lang = locale.tag(),
        heading = esc(r.section_codes),
        title = esc(title),
        css = SHEET_CSS,
        once = esc(r.codes_once),
        csv = percent(&csv),
        download = esc(r.download_csv),
        print = esc(r.print),
        back = esc(r.back_to_round),
        count = codes.len(),
        category = esc(category),
    )
}

/// A4 portrait, 3 × 8 = 24 slips a page, cut lines dashed.
const SHEET_CSS: &str = r#"
@page { size: A4; margin: 8mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; }
.bar { padding: 12px 16px; background: #fff7e6; border-bottom: 1px solid #f0c36d; }
.warn { font-weight: 700; color: #8a4b00; margin: 0 0 8px; }
.btn { display: inline-block; padding: 8px 14px; border: 1px solid #a61b1b; border-radius: 6px; color: #a61b1b; background: #fff; text-decoration: none; font: inherit; cursor: pointer; }
.sheet { display: grid; grid-template-columns: repeat(3, 1fr); grid-auto-rows: 34.5mm; width: 194mm; margin: 0 auto; }
.slip { display: flex; gap: 2mm; align-items: center; padding: 1.5mm 2mm; border: 0.3mm dashed #999; overflow: hidden; break-inside: avoid; }
.qr svg { width: 24mm; height: 24mm; display: block; }
.text p { margin: 0; line-height: 1.25; }
.t { font-size: 2.6mm; font-weight: 700; }
.c, .i, .u { font-size: 2.3mm; color: #333; }
.code { font: 700 4.6mm/1.3 "DejaVu Sans Mono", monospace; letter-spacing: 0.2mm; }
@media print { .bar { display: none; } .sheet { margin: 0; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_for_html() {
        assert_eq!(esc(r#"<script>alert("x")</script>&'"#), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;");
    }

    #[test]
    fn csv_cells_cannot_start_a_formula() {
        let csv = codes_csv("=HYPERLINK(\"x\")", "http://h", &[Code::from_bits(1)]);
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
        assert!(csv.contains("0000-0000-0001,\"http://h/v/000000000001\""));
    }

    #[test]
    fn a_qr_code_is_an_svg() {
        assert!(qr_svg("http://127.0.0.1:3000/v/ABCDEFGHJKMN").starts_with("<svg"));
    }

    #[test]
    fn a_sheet_holds_every_code_once_with_its_qr() {
        let codes: Vec<Code> = (0..30).map(Code::from_bits).collect();
        let html = sheet(Locale::Zh, 1, "测评<x>", "群众代表", "http://h", &codes);
        assert_eq!(html.matches("data-code").count(), 30);
        assert_eq!(html.matches("<svg").count(), 30);
        assert!(html.contains("测评&lt;x&gt;") && !html.contains("测评<x>"));
    }
}
