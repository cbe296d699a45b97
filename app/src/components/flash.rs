//! The outcome of the last form post, carried in the query string (`?saved=1`, `?error=…`).

use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A notice or an alert from the query string.
#[component]
pub fn Flash() -> impl IntoView {
    let t = use_texts();
    let q = use_query_map();
    move || {
        let q = q.read();
        if let Some(err) = q.get("error") {
            Some(view! { <p class="alert" role="alert">{err}</p> }.into_any())
        } else if let Some(msg) = q.get("notice") {
            Some(view! { <p class="notice" role="status">{msg}</p> }.into_any())
        } else {
            q.get("saved").map(|_| view! { <p class="notice" role="status">{t.rounds.saved}</p> }.into_any())
        }
    }
}
