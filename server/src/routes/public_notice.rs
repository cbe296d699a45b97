//! `/public/<token>`: the rectification notice (公示, RULES.md E3), opened by the round's
//! public link without an account — plain HTML with no script, phone first, printable for
//! a notice board (the page carries a QR code of its own address, so a printed copy leads
//! to the current state). An unknown or withdrawn link answers 404 with a page saying so.

use crate::error::ReqLocale;
use crate::routes::hall::{nonce, own_page};
use crate::routes::print::{base_url, esc, qr_png};
use crate::routes::HttpConfig;
use app::i18n::{texts, Locale};
use app::ssr::ledger::today;
use app::ssr::public_notice::{view, NoticeMeasure, NoticeTarget, PublicNotice};
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
    Extension,
};
use base64::Engine;

/// `GET /public/{token}`.
pub async fn page(
    State(state): State<AppState>,
    ReqLocale(l): ReqLocale,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let nonce = nonce();
    let (status, body) = match view(&state.db, &token, today()).await {
        Ok(Some(n)) => (StatusCode::OK, notice(l, &n, &public_url(&cfg, &headers, &token), &nonce)),
        Ok(None) => (StatusCode::NOT_FOUND, gone(l, &nonce)),
        Err(e) => {
            tracing::error!(error.cause = %e, "reading the public notice failed");
            (StatusCode::INTERNAL_SERVER_ERROR, gone(l, &nonce))
        }
    };
    own_page(status, body, &policy(&nonce))
}

/// The 公示 page's address for `token`.
pub fn public_url(cfg: &HttpConfig, headers: &HeaderMap, token: &str) -> String {
    format!("{}/public/{token}", base_url(cfg, headers))
}

/// Only this response's style, images inline; no script at all.
fn policy(nonce: &str) -> String {
    format!("default-src 'none'; style-src 'nonce-{nonce}'; img-src data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
}

fn head(l: Locale, title: &str, nonce: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>{title}</title><style nonce="{nonce}">{NOTICE_CSS}</style></head>"#,
        lang = l.tag(),
        title = esc(title),
    )
}

/// The page of notice `n`; `url` is its own address (for the QR code).
pub fn notice(l: Locale, n: &PublicNotice, url: &str, nonce: &str) -> String {
    let t = texts(l).ledger;
    let body = if !n.published {
        format!(r#"<p class="empty" data-testid="not-published">{}</p>"#, esc(t.not_published))
    } else if n.targets.is_empty() {
        format!(r#"<p class="empty" data-testid="no-flags">{}</p>"#, esc(t.no_flags))
    } else {
        n.targets.iter().enumerate().map(|(i, x)| target(l, i, x)).collect()
    };
    let qr = qr_png(url).map(|png| base64::engine::general_purpose::STANDARD.encode(png)).unwrap_or_default();
    format!(
        r#"{head}<body><header><p class="kicker">{kicker}</p><h1>{title}</h1><p class="intro">{intro}</p></header>
<main>{body}</main>
<footer><img class="qr" alt="{qr_alt}" src="data:image/png;base64,{qr}"><p class="url">{url}</p><p>{supervision}</p></footer></body></html>"#,
        head = head(l, &format!("{} · {}", n.title, t.notice_title), nonce),
        kicker = esc(t.notice_title),
        title = esc(&n.title),
        intro = esc(t.notice_intro),
        qr_alt = esc(t.link_qr_alt),
        url = esc(url),
        supervision = esc(t.supervision),
    )
}

fn target(l: Locale, i: usize, x: &NoticeTarget) -> String {
    let (t, s) = (texts(l).ledger, texts(l).steering);
    let who: Vec<&str> = [x.unit.as_deref(), x.post.as_deref()].into_iter().flatten().collect();
    let who = if who.is_empty() { String::new() } else { format!(r#"<p class="who">{}</p>"#, esc(&who.join(" · "))) };
    let problems: String = if x.problems.is_empty() {
        format!(r#"<p class="empty">{}</p>"#, esc(t.no_problems))
    } else {
        x.problems
            .iter()
            .enumerate()
            .map(|(j, p)| {
                let measures: String = if p.measures.is_empty() {
                    format!(r#"<p class="empty">{}</p>"#, esc(t.no_measures))
                } else {
                    format!(r#"<ol class="measures">{}</ol>"#, p.measures.iter().map(|m| measure(l, m)).collect::<String>())
                };
                format!(
                    r#"<section class="problem" aria-labelledby="p{i}-{j}"><h3 id="p{i}-{j}"><span class="label">{label} {n}</span> {title}</h3>{measures}</section>"#,
                    label = esc(t.problem),
                    n = j + 1,
                    title = esc(&p.title),
                )
            })
            .collect()
    };
    format!(
        r#"<article class="target" aria-labelledby="t{i}" data-testid="notice-target"><h2 id="t{i}">{name}</h2>{who}<p class="meta">{state_label}：<strong>{state}</strong> · {on_label} {on}</p>{problems}</article>"#,
        name = esc(&x.name),
        state_label = esc(t.flag_state),
        state = esc(s.state(x.state)),
        on_label = esc(t.flagged_on),
        on = esc(&x.flagged_on),
    )
}

fn measure(l: Locale, m: &NoticeMeasure) -> String {
    let t = texts(l).ledger;
    let overdue = if m.overdue { format!(r#" <span class="overdue">{}</span>"#, esc(t.overdue)) } else { String::new() };
    format!(
        r#"<li><p class="text">{text}</p><dl><div><dt>{owner_l}</dt><dd>{owner}</dd></div><div><dt>{deadline_l}</dt><dd>{deadline}</dd></div><div><dt>{status_l}</dt><dd><span class="status {key}">{status}</span>{overdue} <span class="on">({on_l} {on})</span></dd></div></dl></li>"#,
        text = esc(&m.text),
        owner_l = esc(t.owner),
        owner = esc(&m.owner),
        deadline_l = esc(t.deadline),
        deadline = esc(&m.deadline),
        status_l = esc(t.status),
        key = m.status.as_str(),
        status = esc(t.measure_status(m.status)),
        on_l = esc(t.status_on),
        on = esc(&m.status_on),
    )
}

/// The page of an unknown or withdrawn link.
fn gone(l: Locale, nonce: &str) -> String {
    let t = texts(l).ledger;
    format!(
        r#"{head}<body><main class="gone"><h1>{title}</h1><p>{body}</p></main></body></html>"#,
        head = head(l, t.gone_title, nonce),
        title = esc(t.gone_title),
        body = esc(t.gone_body),
    )
}

/// A phone first (one column, 18 px text), A4 when printed; contrast above 7:1.
const NOTICE_CSS: &str = r#"
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 48rem; padding: 1rem; font: 18px/1.6 "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111; background: #fff; }
header { border-bottom: 3px solid #b0201b; margin-bottom: 1rem; }
.kicker { margin: 0; color: #8a1812; font-weight: 700; letter-spacing: 0.1em; }
h1 { font-size: 1.5rem; margin: 0.25rem 0 0.5rem; line-height: 1.3; }
.intro { margin: 0 0 1rem; }
.target { border: 1px solid #666; border-radius: 6px; padding: 0.75rem 1rem; margin: 0 0 1rem; break-inside: avoid; }
h2 { font-size: 1.25rem; margin: 0; }
.who, .meta { margin: 0.25rem 0; color: #333; }
h3 { font-size: 1.05rem; margin: 0.75rem 0 0.25rem; }
.label { color: #8a1812; }
.measures { margin: 0; padding-left: 1.5rem; }
.measures li { margin: 0.5rem 0; }
.text { margin: 0; }
dl { margin: 0.25rem 0 0; display: flex; flex-wrap: wrap; gap: 0 1.25rem; }
dl div { display: flex; gap: 0.35rem; }
dt { color: #333; }
dd { margin: 0; font-weight: 700; }
.status.done { color: #0b5d1e; }
.status.doing { color: #0a3d91; }
.overdue { color: #fff; background: #8a1812; padding: 0 0.35rem; border-radius: 3px; }
.on { font-weight: 400; color: #333; }
.empty { color: #333; font-style: italic; }
footer { border-top: 1px solid #666; margin-top: 1.5rem; padding-top: 1rem; text-align: center; }
.qr { width: 10rem; height: 10rem; image-rendering: pixelated; image-rendering: crisp-edges; }
.url { word-break: break-all; font-size: 0.85rem; margin: 0.25rem 0; }
.gone { padding: 2rem 0; }
@media print { @page { size: A4; margin: 15mm; } body { max-width: none; padding: 0; font-size: 12pt; } .qr { width: 35mm; height: 35mm; } }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_notices_policy_allows_no_script() {
        let p = policy("n0nce");
        assert!(p.contains("style-src 'nonce-n0nce';") && !p.contains("script-src"));
        assert!(p.starts_with("default-src 'none'") && !p.contains("unsafe"));
    }
}
