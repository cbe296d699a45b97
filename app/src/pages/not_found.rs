//! The 404 page (also the router's fallback).

use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_meta::Title;

/// Tells the visitor that the page does not exist, with status 404.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let t = use_texts();
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <Title text=t.not_found_title/>
        <section class="card narrow">
            <h1>{t.not_found_title}</h1>
            <p>{t.not_found_body}</p>
            <p><a href="/">{t.back_home}</a></p>
        </section>
    }
}
