#![recursion_limit = "512"]
//! Minping's web application: pages and components (compiled for the browser and the
//! server), shared domain types, server functions, and — behind the `ssr` feature —
//! persistence and the services the HTTP layer calls.

pub mod app;
pub mod components;
pub mod domain;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;

/// Browser entry point: hydrates the server-rendered page.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_body(app::App);
    // A mark for tests (and curious readers) that the page is now interactive.
    if let Some(root) = leptos::prelude::document().document_element() {
        let _ = root.set_attribute("data-hydrated", "1");
    }
}
