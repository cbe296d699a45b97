#![recursion_limit = "512"]
//! Minping's web application: pages and components (compiled for the browser and the
//! server), shared domain types, server functions, and — behind the `ssr` feature —
//! persistence and the services the HTTP layer calls.

pub mod app;
pub mod components;
pub mod context;
pub use domain;
pub mod error;
pub mod i18n;
pub mod pages;
pub mod server_fns;
#[cfg(feature = "ssr")]
pub mod ssr;
pub mod views;

/// Browser entry point. Minping runs in Leptos' islands mode: every page is complete
/// server-rendered HTML (the admin pages are plain forms), and only the islands — the
/// evaluator's ballot sheet — load code in the browser. That keeps the WebAssembly that a
/// phone downloads to the ballot page's own needs.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
