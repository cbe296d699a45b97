//! Cross-cutting HTTP rules: same-origin writes, security headers, client addresses,
//! and a panic answer that leaks nothing.

use crate::error::{locale_of, ApiError};
use app::i18n::errors as messages;
use app::views::flash::{FlashMessage, FLASH_KEY};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{header, HeaderMap, HeaderValue, Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Redirect, Response},
};
use std::{
    net::{IpAddr, SocketAddr},
    sync::Arc,
};

/// Largest request body accepted anywhere (a ballot is far smaller).
pub const BODY_LIMIT: usize = 64 * 1024;
/// Largest request head (request line and headers) a connection may send.
pub const HEAD_LIMIT: usize = 64 * 1024;

/// What the origin check needs to know.
#[derive(Clone, Debug, Default)]
pub struct OriginPolicy {
    /// An extra accepted origin (`MINPING_PUBLIC_URL`), for deployments behind a proxy.
    pub public_origin: Option<String>,
}

/// Whether a request may change state: safe methods always; others only when the browser
/// says it comes from this site (`Origin` matches `Host`, or `Sec-Fetch-Site` is
/// same-origin/none). Clients that send neither header (scripts) are not browsers and
/// carry no ambient cookie risk, so they pass.
pub fn same_origin_ok(method: &Method, headers: &HeaderMap, policy: &OriginPolicy) -> bool {
    if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
        return true;
    }
    let get = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    // Under `Referrer-Policy: no-referrer` browsers send `Origin: null` on form posts,
    // so a "null" origin defers to the fetch metadata.
    if let Some(origin) = get(header::ORIGIN).filter(|o| *o != "null") {
        let origin = origin.trim_end_matches('/');
        let host_matches = origin.split_once("://").map(|(_, authority)| Some(authority) == get(header::HOST)).unwrap_or(false);
        return host_matches || policy.public_origin.as_deref() == Some(origin);
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => matches!(site, "same-origin" | "none"),
        None => get(header::ORIGIN).is_none(),
    }
}

/// Refuses cross-origin state-changing requests: JSON 403 on the API, a page redirect for forms.
pub async fn refuse_cross_origin(State(policy): State<Arc<OriginPolicy>>, req: Request, next: Next) -> Response {
    if same_origin_ok(req.method(), req.headers(), &policy) {
        return next.run(req).await;
    }
    tracing::warn!(http.method = %req.method(), "refused a cross-origin state-changing request");
    if req.uri().path().starts_with("/api/") {
        let locale = locale_of(req.headers());
        ApiError::new(StatusCode::FORBIDDEN, "cross_origin", messages::CROSS_ORIGIN, locale).into_response()
    } else {
        (StatusCode::FORBIDDEN, Redirect::to("/login?error=cross_origin")).into_response()
    }
}

/// Every request body is bounded before anything reads it (DOMAIN.md "Hostile input"):
/// a declared length past [`BODY_LIMIT`] is refused at once, and a body
/// sent without one (chunked) is read up to the bound and refused past it. Extractors
/// keep `DefaultBodyLimit`; this also covers what reads its body itself — the server
/// functions — which answered a 2 MB body with a 500 after reading all of it.
pub async fn bound_body(req: Request, next: Next) -> Response {
    let limit = BODY_LIMIT;
    let declared = req.headers().get(axum::http::header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.trim().parse::<u64>().ok());
    let refuse = |headers: &HeaderMap, path: &str| {
        let locale = locale_of(headers);
        if path.starts_with("/api/") || path.starts_with("/sfn/") {
            ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", messages::PAYLOAD_TOO_LARGE, locale).into_response()
        } else {
            let text = messages::PAYLOAD_TOO_LARGE.text(locale);
            (StatusCode::PAYLOAD_TOO_LARGE, [(axum::http::header::CONTENT_TYPE, "text/plain; charset=utf-8")], text).into_response()
        }
    };
    match declared {
        Some(n) if n > limit as u64 => refuse(req.headers(), req.uri().path()),
        Some(_) => next.run(req).await,
        None if req.headers().contains_key(axum::http::header::TRANSFER_ENCODING) => {
            let (parts, body) = req.into_parts();
            match axum::body::to_bytes(body, limit).await {
                Ok(bytes) => next.run(Request::from_parts(parts, axum::body::Body::from(bytes))).await,
                Err(_) => refuse(&parts.headers, parts.uri.path()),
            }
        }
        None => next.run(req).await,
    }
}

/// Whether byte `b` of UTF-8 text is a control character HTML cannot carry: the C0
/// controls other than tab, line feed, form feed and carriage return, and DEL (a parse
/// error in HTML, and NUL becomes U+FFFD). Such a byte never occurs inside a multi-byte
/// character, so a body can be filtered chunk by chunk as it streams.
fn html_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\x0c' | b'\r')) || b == 0x7f
}

/// `chunk` without the control characters HTML cannot carry.
fn strip_html_controls(chunk: axum::body::Bytes) -> axum::body::Bytes {
    if chunk.iter().any(|&b| html_control(b)) {
        chunk.iter().copied().filter(|&b| !html_control(b)).collect::<Vec<u8>>().into()
    } else {
        chunk
    }
}

/// Every HTML page without the control characters HTML cannot carry (DOMAIN.md "Hostile
/// input"): an opinion, a name or a ledger entry may hold anything a phone or a paste can
/// type, and every page shows such text, so the one door is the page's bytes on their way
/// out (the DOCX report strips XML's set in `report::xml_safe`; XLSX cells are escaped by
/// rust_xlsxwriter).
pub async fn html_without_controls(req: Request, next: Next) -> Response {
    use futures_util::StreamExt;
    let res = next.run(req).await;
    let html = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    parts.headers.remove(header::CONTENT_LENGTH);
    let stream = body.into_data_stream().map(|chunk| chunk.map(strip_html_controls));
    Response::from_parts(parts, Body::from_stream(stream))
}

/// Adds the security headers to every response that lacks them.
pub async fn security_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let mut set = |name: &'static str, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set("x-content-type-options", "nosniff");
    set("referrer-policy", "no-referrer");
    set("x-frame-options", "DENY");
    set("content-security-policy", "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'");
    res
}

/// The client's address: the socket peer, or — when the server is told to trust its
/// proxy — the last `X-Forwarded-For` entry, the one that proxy appended (earlier entries
/// are whatever the client chose to send).
pub fn client_ip(headers: &HeaderMap, peer: Option<&ConnectInfo<SocketAddr>>, trust_proxy: bool) -> IpAddr {
    let forwarded = trust_proxy.then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next()?.trim().parse().ok()).flatten();
    forwarded.or_else(|| peer.map(|ConnectInfo(addr)| addr.ip())).unwrap_or(IpAddr::from([127, 0, 0, 1]))
}

/// Puts the client's address ([`ClientAddr`]) into the request for handlers and server
/// functions.
pub async fn remember_client_addr(State(trust_proxy): State<bool>, mut req: Request, next: Next) -> Response {
    let ip = client_ip(req.headers(), req.extensions().get::<ConnectInfo<SocketAddr>>(), trust_proxy);
    req.extensions_mut().insert(app::ssr::ClientAddr(ip));
    next.run(req).await
}

/// The answer to a panic inside a handler: a bare 500 with no internals.
pub fn panic_response(_err: Box<dyn std::any::Any + Send + 'static>) -> Response<Body> {
    tracing::error!("a request handler panicked");
    let body = app::i18n::errors::PANIC_BODY;
    Response::builder()
        .status(StatusCode::INTERNAL_SERVER_ERROR)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body))
        .unwrap_or_default()
}

/// Keeps a form handler's message for the next page: a response that carries a
/// [`FlashMessage`] extension leaves it in the server-side session (the page's `Flash`
/// takes it out), so no sentence ever travels in a URL.
pub async fn keep_flash(session: tower_sessions::Session, req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    if let Some(message) = res.extensions_mut().remove::<FlashMessage>() {
        if let Err(e) = session.insert(FLASH_KEY, message).await {
            tracing::error!(error.cause = %e, "could not keep a flash message in the session");
        }
    }
    res
}

/// Looks up the signed-in account of a page request once, before the page renders, and
/// leaves it in the request's extensions (`app::context::PageUser`); renews the session now
/// and then (`auth::keep_alive`). The JSON API, the assets and the server functions find
/// their caller themselves and skip it.
pub async fn page_user(
    State(db): State<sea_orm::DatabaseConnection>,
    session: tower_sessions::Session,
    mut req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path();
    if !["/api/", "/pkg/", "/sfn/"].iter().any(|p| path.starts_with(p)) {
        let user = app::ssr::auth::current_user(&db, &session).await.map_err(|e| {
            tracing::error!(error.cause = %e, "could not look up the signed-in account of a page");
            app::error::AppError::Internal
        });
        if let Err(e) = app::ssr::auth::keep_alive(&session).await {
            tracing::warn!(error.cause = %e, "could not renew a session");
        }
        req.extensions_mut().insert(app::context::PageUser(user));
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_loses_its_forbidden_controls_and_keeps_every_other_character() {
        let text = "窗口\u{b}办事\u{0}慢\u{7f}\t\n\u{c}\r é — 😀\u{1f}";
        let out = strip_html_controls(axum::body::Bytes::from(text.as_bytes().to_vec()));
        assert_eq!(std::str::from_utf8(&out).expect("still UTF-8"), "窗口办事慢\t\n\u{c}\r é — 😀");
        // Every byte of a multi-byte character is 0x80 or above: none is ever taken.
        let all: String = ('\u{80}'..='\u{10ffff}').step_by(97).collect();
        assert_eq!(strip_html_controls(axum::body::Bytes::from(all.clone().into_bytes())), all.as_bytes());
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn writes_from_this_site_pass_and_from_others_fail() {
        let p = OriginPolicy::default();
        let same = headers(&[("host", "127.0.0.1:3000"), ("origin", "http://127.0.0.1:3000")]);
        let other = headers(&[("host", "127.0.0.1:3000"), ("origin", "http://evil.example")]);
        assert!(same_origin_ok(&Method::POST, &same, &p));
        assert!(!same_origin_ok(&Method::POST, &other, &p));
        assert!(same_origin_ok(&Method::GET, &other, &p));
        assert!(!same_origin_ok(&Method::DELETE, &headers(&[("origin", "null")]), &p));
        let null_same = headers(&[("origin", "null"), ("sec-fetch-site", "same-origin")]);
        assert!(same_origin_ok(&Method::POST, &null_same, &p));
        let null_cross = headers(&[("origin", "null"), ("sec-fetch-site", "cross-site")]);
        assert!(!same_origin_ok(&Method::POST, &null_cross, &p));
    }

    #[test]
    fn fetch_metadata_decides_when_origin_is_missing() {
        let p = OriginPolicy::default();
        assert!(!same_origin_ok(&Method::POST, &headers(&[("sec-fetch-site", "cross-site")]), &p));
        assert!(same_origin_ok(&Method::POST, &headers(&[("sec-fetch-site", "same-origin")]), &p));
        assert!(same_origin_ok(&Method::POST, &HeaderMap::new(), &p));
    }

    #[test]
    fn the_public_url_is_an_accepted_origin() {
        let p = OriginPolicy { public_origin: Some("https://minping.example.gov".into()) };
        let h = headers(&[("host", "10.0.0.5:3000"), ("origin", "https://minping.example.gov")]);
        assert!(same_origin_ok(&Method::POST, &h, &p));
    }

    #[test]
    fn forwarded_addresses_count_only_behind_a_trusted_proxy() {
        // The client claimed 198.51.100.9; the proxy appended the address it saw.
        let h = headers(&[("x-forwarded-for", "198.51.100.9, 203.0.113.7")]);
        let peer = ConnectInfo(SocketAddr::from(([10, 0, 0, 1], 5555)));
        assert_eq!(client_ip(&h, Some(&peer), true), IpAddr::from([203, 0, 113, 7]));
        assert_eq!(client_ip(&h, Some(&peer), false), IpAddr::from([10, 0, 0, 1]));
    }
}
