//! `/hall/<token>`: the hall screen (大屏) for the projector, opened by the round's hall
//! link without an account. The round's title and status, a large QR code of the ballot
//! page, and the ballots received in all, per category and per unit — stepped by
//! `domain::hall` (every number moves in steps of 5 ballots), never an answer. A small
//! script with this response's nonce fetches `GET /api/v1/hall/<token>` every
//! [`REFRESH_SECS`] seconds and rewrites the numbers in place; without JavaScript the page
//! reloads itself on the same timer (`<noscript>` refresh), so it always shows current
//! counts. Sized for 1920 × 1080 in viewport units, white on dark blue.

use crate::error::ReqLocale;
use crate::routes::print::{base_url, esc, qr_png};
use crate::routes::HttpConfig;
use app::domain::hall::STEP;
use app::i18n::{texts, Locale};
use app::ssr::hall::{view, HallView};
use app::ssr::AppState;
use axum::{
    extract::{Path, State},
    http::{header, HeaderMap, HeaderValue, StatusCode},
    response::{Html, IntoResponse, Response},
    Extension,
};
use base64::Engine;

/// Seconds between updates of the screen.
pub const REFRESH_SECS: u32 = 10;

/// `GET /hall/{token}`.
pub async fn page(
    State(state): State<AppState>,
    ReqLocale(l): ReqLocale,
    Extension(cfg): Extension<HttpConfig>,
    headers: HeaderMap,
    Path(token): Path<String>,
) -> Response {
    let nonce = nonce();
    let (status, body) = match view(&state.db, &state.ballots.rounds, &token).await {
        Ok(Some(v)) => (StatusCode::OK, screen(l, &v, &format!("{}/v", base_url(&cfg, &headers)), &token, &nonce)),
        Ok(None) => (StatusCode::NOT_FOUND, gone(l, &nonce)),
        Err(e) => {
            tracing::error!(error.cause = %e, "reading the hall screen failed");
            (StatusCode::INTERNAL_SERVER_ERROR, gone(l, &nonce))
        }
    };
    own_page(status, body, &policy(&nonce))
}

/// A page outside Leptos with a policy of its own (`csp`), never cached.
pub(crate) fn own_page(status: StatusCode, body: String, csp: &str) -> Response {
    let mut res = (status, Html(body)).into_response();
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

pub(crate) fn nonce() -> String {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut bytes);
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Only this response's style and script, images inline, fetches to this origin.
fn policy(nonce: &str) -> String {
    format!(
        "default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; img-src data:; connect-src 'self'; \
         frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
    )
}

fn head(l: Locale, title: &str, nonce: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><noscript><meta http-equiv="refresh" content="{REFRESH_SECS}"></noscript><title>{title}</title><style nonce="{nonce}">{HALL_CSS}</style></head>"#,
        lang = l.tag(),
        title = esc(title),
    )
}

/// The screen of `v`; `vote_url` is the ballot page the QR code opens.
pub fn screen(l: Locale, v: &HallView, vote_url: &str, token: &str, nonce: &str) -> String {
    let (h, status) = (texts(l).hall, texts(l).rounds.status(v.status));
    let qr = qr_png(vote_url).map(|png| base64::engine::general_purpose::STANDARD.encode(png)).unwrap_or_default();
    let line = |attr: &str, line: &app::domain::hall::HallLine| {
        format!(
            r#"<li><span class="name">{name}</span> <span class="n" {attr}="{key}">{n}</span></li>"#,
            name = esc(&line.name),
            key = esc(&line.key),
            n = line.n
        )
    };
    let categories: String = v.counts.categories.iter().map(|c| line("data-cat", c)).collect();
    let units: String = v.counts.units.iter().map(|u| line("data-unit", u)).collect();
    let units_section = if v.counts.units.len() > 1 {
        format!(r#"<section class="units" aria-labelledby="by-unit"><h2 id="by-unit">{}</h2><ul>{units}</ul></section>"#, esc(h.by_unit))
    } else {
        String::new()
    };
    let note = h.step_note.replace("{step}", &STEP.to_string()).replace("{secs}", &REFRESH_SECS.to_string());
    format!(
        r#"{head}<body><main class="hall">
<header><h1>{title}</h1><p class="status" data-status>{status}</p></header>
<section class="join" aria-labelledby="scan"><img class="qr" alt="{scan}" src="data:image/png;base64,{qr}"><p id="scan" class="scan">{scan}</p><p class="url">{vote_url}</p></section>
<section class="counts"><p class="total-label">{ballots}</p><p class="total" data-total>{total}</p>
<h2>{by_category}</h2><ul class="cats">{categories}</ul>{units_section}</section>
<footer><p>{note}</p><p class="gone-note" hidden data-gone>{gone}</p></footer></main>
<script nonce="{nonce}">{script}</script></body></html>"#,
        head = head(l, &format!("{} · {}", v.title, h.screen_title), nonce),
        title = esc(&v.title),
        status = esc(status),
        scan = esc(h.scan),
        vote_url = esc(vote_url),
        ballots = esc(h.ballots),
        total = v.counts.ballots,
        by_category = esc(h.by_category),
        note = esc(&note),
        gone = esc(h.gone_body),
        script = HALL_JS.replace("{token}", token).replace("{ms}", &(REFRESH_SECS * 1000).to_string()),
    )
}

/// The page of an unknown or withdrawn link.
fn gone(l: Locale, nonce: &str) -> String {
    let h = texts(l).hall;
    format!(
        r#"{head}<body><main class="hall gone"><h1>{title}</h1><p>{body}</p></main></body></html>"#,
        head = head(l, h.gone_title, nonce),
        title = esc(h.gone_title),
        body = esc(h.gone_body),
    )
}

/// Fetches the counts and writes each into the element that names its key; a withdrawn
/// link (404) stops the updates and says so. Only tokens of the link alphabet reach here.
const HALL_JS: &str = r#"(function () {
  var url = '/api/v1/hall/{token}';
  var timer;
  function put(sel, attr, values) {
    document.querySelectorAll(sel).forEach(function (el) {
      var n = values[el.getAttribute(attr)];
      if (n !== undefined) el.textContent = String(n);
    });
  }
  function tick() {
    fetch(url, { cache: 'no-store', credentials: 'omit' }).then(function (r) {
      if (r.status === 404) {
        clearInterval(timer);
        document.querySelector('[data-gone]').hidden = false;
        document.body.classList.add('withdrawn');
        return null;
      }
      return r.ok ? r.json() : null;
    }).then(function (d) {
      if (!d) return;
      document.querySelector('[data-total]').textContent = String(d.ballots);
      put('[data-cat]', 'data-cat', d.categories);
      put('[data-unit]', 'data-unit', d.units);
      document.body.setAttribute('data-updated', String(Date.now()));
    }).catch(function () {});
  }
  timer = setInterval(tick, {ms});
})();"#;

/// 1920 × 1080 first: the QR code a third of the width, numbers readable from the back.
const HALL_CSS: &str = r#"
* { box-sizing: border-box; }
html, body { margin: 0; height: 100%; background: #0b1f3a; color: #fff; font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; }
.hall { display: grid; grid-template-columns: 34vw 1fr; grid-template-rows: auto 1fr auto; gap: 1.5vh 3vw; min-height: 100vh; padding: 3vh 3vw; }
.hall header, .hall footer { grid-column: 1 / -1; }
h1 { font-size: clamp(28px, 4.2vw, 96px); margin: 0; line-height: 1.15; }
.status { font-size: clamp(18px, 2vw, 44px); margin: 0.5vh 0 0; color: #ffd166; }
.join { text-align: center; }
.qr { width: min(30vw, 56vh); height: min(30vw, 56vh); image-rendering: pixelated; image-rendering: crisp-edges; background: #fff; padding: 1vw; border-radius: 8px; }
.scan { font-size: clamp(18px, 2.2vw, 48px); margin: 1.5vh 0 0.5vh; }
.url { font-size: clamp(14px, 1.5vw, 32px); margin: 0; color: #dbe7ff; word-break: break-all; }
.total-label { font-size: clamp(18px, 2vw, 44px); margin: 0; }
.total { font-size: clamp(64px, 11vw, 240px); font-weight: 700; line-height: 1; margin: 0 0 2vh; color: #ffd166; font-variant-numeric: tabular-nums; }
h2 { font-size: clamp(16px, 1.8vw, 40px); margin: 1vh 0; color: #dbe7ff; }
ul { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.8vh 1.5vw; }
.cats { grid-template-columns: repeat(auto-fill, minmax(16vw, 1fr)); font-size: clamp(18px, 2vw, 44px); }
.units ul { grid-template-columns: repeat(auto-fill, minmax(14vw, 1fr)); font-size: clamp(14px, 1.35vw, 30px); }
li { display: flex; justify-content: space-between; gap: 1vw; border-bottom: 1px solid #3a5683; padding: 0.3vh 0; }
.n { font-weight: 700; font-variant-numeric: tabular-nums; }
footer p { margin: 0; font-size: clamp(14px, 1.2vw, 26px); color: #dbe7ff; }
.gone-note { color: #ffd166; font-weight: 700; }
.gone { display: block; max-width: 60rem; margin: 10vh auto; }
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_screens_policy_allows_only_its_own_nonce() {
        let p = policy("n0nce");
        assert!(p.contains("script-src 'nonce-n0nce';") && p.contains("style-src 'nonce-n0nce';"));
        assert!(p.starts_with("default-src 'none'") && !p.contains("unsafe"));
    }
}
