//! The Content-Security-Policy of every server-rendered page: scripts only with this
//! response's nonce (the hydration script; what it loads is trusted by 'strict-dynamic'),
//! WebAssembly compiled by that script, styles and everything else from this origin, no
//! framing. Plain handlers (API, assets) keep the server's default policy.

use axum::http::{header::CONTENT_SECURITY_POLICY, HeaderValue};
use leptos::prelude::*;

/// The policy for a page with `nonce`.
pub fn policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; \
         form-action 'self'; object-src 'none'"
    )
}

/// Generates this response's nonce (the hydration scripts pick it up) and sets the
/// page's policy header: the context of every page render (`server/src/startup.rs`).
pub fn provide() {
    leptos::nonce::provide_nonce();
    let (Some(nonce), Some(res)) = (leptos::nonce::use_nonce(), use_context::<leptos_axum::ResponseOptions>()) else {
        return;
    };
    if let Ok(value) = HeaderValue::from_str(&policy(&nonce.to_string())) {
        res.insert_header(CONTENT_SECURITY_POLICY, value);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_policy_allows_only_the_nonce_and_forbids_framing() {
        let p = super::policy("abc123");
        assert!(p.contains("script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval';"));
        assert!(!p.contains("unsafe-inline"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(p.contains("object-src 'none'"));
    }
}
