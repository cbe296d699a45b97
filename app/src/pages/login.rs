//! `/login`: a plain HTML form posting to `/login`, so it works before (and without)
//! WebAssembly; the server answers with a redirect.

use crate::i18n::use_texts;
use crate::views::forms::{login, paths};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// The sign-in page; `?error=` and `?minutes=` carry the outcome of a failed attempt.
#[component]
pub fn LoginPage() -> impl IntoView {
    let t = use_texts();
    let query = use_query_map();
    let message = move || {
        let q = query.read();
        // A number only: no text of the URL goes into the sentence.
        let minutes = q.get("minutes").and_then(|m| m.parse::<u32>().ok()).unwrap_or(15).to_string();
        let text = match q.get("error").as_deref() {
            Some("invalid") => t.login_error_invalid,
            Some("empty") => t.login_error_empty,
            Some("throttled") => t.login_error_throttled,
            Some("disabled") => t.login_error_disabled,
            Some("cross_origin") => t.login_error_cross_origin,
            Some(_) => t.error_body,
            None => return None,
        };
        Some(text.replace("{minutes}", &minutes))
    };
    let signed_out = move || query.read().get("signed_out").is_some();
    let username = move || query.read().get("username").unwrap_or_default();

    view! {
        <Title text=t.login_title/>
        <section class="card narrow">
            <h1>{t.login_title}</h1>
            <p class="muted">{t.login_intro}</p>
            <Show when=signed_out>
                <p class="notice" role="status">{t.signed_out}</p>
            </Show>
            {move || message().map(|m| view! { <p class="alert" role="alert">{m}</p> })}
            <form method="post" action=paths::LOGIN class="form">
                <label for="username">{t.username}</label>
                <input
                    id="username"
                    name=login::username
                    type="text"
                    autocomplete="username"
                    autocapitalize="off"
                    required
                    maxlength="64"
                    value=username
                />
                <label for="password">{t.password}</label>
                <input
                    id="password"
                    name=login::password
                    type="password"
                    autocomplete="current-password"
                    required
                    maxlength="256"
                />
                <button type="submit" class="primary">{t.sign_in}</button>
            </form>
            <p class="hint">{t.login_evaluator_hint}</p>
        </section>
    }
}
