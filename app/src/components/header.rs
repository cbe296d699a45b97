//! The header: brand, role-aware navigation, signed-in user, sign-out, language switcher.

use crate::context::use_user;
use crate::i18n::{use_locale, use_texts, Locale};
use crate::views::forms::paths;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The top bar shown on every page.
#[component]
pub fn Header() -> impl IntoView {
    let t = use_texts();
    let user = use_user();
    view! {
        <header class="topbar">
            <a class="brand" href="/">
                <span class="brand-mark" aria-hidden="true">{crate::i18n::BRAND_MARK}</span>
                <span class="brand-name">{t.app_name}</span>
            </a>
            {
                    match user {
                        Ok(Some(u)) => {
                            view! {
                                <nav class="nav" aria-label=t.nav_main>
                                    <a href="/">{t.nav_home}</a>
                                    {(u.role == crate::domain::account::Role::Admin).then(|| view! {
                                        <a href="/rounds">{t.rounds.nav_rounds}</a>
                                        <a href="/groups">{t.steering.nav_groups}</a>
                                        <a href="/accounts">{t.accounts.nav_accounts}</a>
                                        <a href="/audit">{t.rounds.nav_audit}</a>
                                    })}
                                    {matches!(u.role, crate::domain::account::Role::Admin | crate::domain::account::Role::Clerk).then(|| view! {
                                        <a href="/entry">{t.paper.entry_nav}</a>
                                    })}
                                </nav>
                                <div class="who">
                                    <span class="sr-only">{t.signed_in_as}</span>
                                    <span class="who-name" data-testid="current-user">{u.username}</span>
                                    <span class="badge">{t.role(u.role)}</span>
                                    <form method="post" action=paths::LOGOUT class="inline">
                                        <button type="submit" class="link-button">{t.sign_out}</button>
                                    </form>
                                </div>
                            }
                                .into_any()
                        }
                        _ => ().into_any(),
                    }
            }
            <TextSize/>
            <LanguageSwitcher/>
        </header>
    }
}

/// The large-text toggle: one link to switch on, one to switch off, the page's
/// `<html data-text>` shows the one that applies; they work without JavaScript.
#[component]
fn TextSize() -> impl IntoView {
    let bt = use_texts().ballot;
    let location = use_location();
    let href = move |size: &str| format!("/text/{size}?next={}", location.pathname.get());
    view! {
        <p class="text-size">
            <a class="to-large" href=move || href("large") rel="external" data-text-to="large" data-testid="text-large">{bt.text_large}</a>
            <a class="to-normal" href=move || href("normal") rel="external" data-text-to="normal" data-testid="text-normal">{bt.text_normal}</a>
        </p>
    }
}

/// Links that switch the interface language; they work without JavaScript.
#[component]
fn LanguageSwitcher() -> impl IntoView {
    let t = use_texts();
    let current = use_locale();
    let location = use_location();
    let next = move || location.pathname.get();
    view! {
        <nav class="lang" aria-label=t.language>
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    let label = crate::i18n::native_name(l);
                    view! {
                        <a
                            href=move || format!("/lang/{}?next={}", l.code(), next())
                            rel="external"
                            hreflang=l.tag()
                            lang=l.tag()
                            aria-current=(l == current).then_some("true")
                        >
                            {label}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
