//! The compiled site (WebAssembly, JavaScript, CSS, favicon) carried inside the release
//! binary, with the `.br` and `.gz` copies `cargo leptos build --release --precompress`
//! writes beside each file, so that `minping serve` runs from any directory. A site root on
//! disk (`LEPTOS_SITE_ROOT`, default `target/site`) that holds `pkg/` still wins, for
//! development. In a debug build rust-embed reads the same folder at run time instead.

use axum::extract::Path;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// `target/site` as it was when the binary was built (empty if it was not built yet).
#[derive(rust_embed::Embed)]
#[folder = "../target/site/"]
#[allow_missing = true]
struct Site;

/// Whether the binary carries a site (the WebAssembly of the phone ballot at least).
pub fn embedded() -> bool {
    Site::get("pkg/minping.wasm").is_some()
}

/// Whether `encoding` is acceptable to the client (a listed token without `q=0`).
fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    headers.get_all(header::ACCEPT_ENCODING).iter().filter_map(|v| v.to_str().ok()).flat_map(|v| v.split(',')).any(|part| {
        let mut bits = part.split(';').map(str::trim);
        bits.next() == Some(encoding) && !bits.any(|p| p.replace(' ', "") == "q=0")
    })
}

/// The embedded file at `path` (`pkg/minping.wasm`), in the best encoding the client
/// accepts, with an `ETag` from its hash; `None` if there is no such file.
pub fn respond(path: &str, headers: &HeaderMap) -> Option<Response> {
    if path.ends_with(".br") || path.ends_with(".gz") {
        return None;
    }
    let file = Site::get(path)?;
    let hash = file.metadata.sha256_hash();
    let etag = format!("\"{}\"", hash[..12].iter().map(|b| format!("{b:02x}")).collect::<String>());
    let mime = file.metadata.mimetype().to_owned();
    let mut out = HeaderMap::new();
    let set = |out: &mut HeaderMap, name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            out.insert(name, v);
        }
    };
    set(&mut out, header::ETAG, &etag);
    set(&mut out, header::CACHE_CONTROL, "no-cache");
    set(&mut out, header::VARY, "accept-encoding");
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()).is_some_and(|v| v.split(',').any(|t| t.trim() == etag)) {
        return Some((StatusCode::NOT_MODIFIED, out).into_response());
    }
    set(&mut out, header::CONTENT_TYPE, &mime);
    for (encoding, suffix) in [("br", "br"), ("gzip", "gz")] {
        if accepts(headers, encoding) {
            if let Some(copy) = Site::get(&format!("{path}.{suffix}")) {
                set(&mut out, header::CONTENT_ENCODING, encoding);
                return Some((out, copy.data.into_owned()).into_response());
            }
        }
    }
    Some((out, file.data.into_owned()).into_response())
}

/// `GET /pkg/{*file}` from the binary.
pub async fn pkg(Path(file): Path<String>, headers: HeaderMap) -> Response {
    respond(&format!("pkg/{file}"), &headers).unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}

/// `GET /favicon.ico` from the binary.
pub async fn favicon(headers: HeaderMap) -> Response {
    respond("favicon.ico", &headers).unwrap_or_else(|| StatusCode::NOT_FOUND.into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(accept: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(accept).expect("value"));
        h
    }

    #[test]
    fn an_encoding_is_accepted_only_when_listed_without_q_zero() {
        assert!(accepts(&with("gzip, deflate, br"), "br"));
        assert!(accepts(&with("br;q=0.9"), "br"));
        assert!(!accepts(&with("br;q=0, gzip"), "br"));
        assert!(accepts(&with("br;q=0, gzip"), "gzip"));
        assert!(!accepts(&with("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "br"));
    }
}
