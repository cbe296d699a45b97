//! The header: brand, role-aware navigation, signed-in user, sign-out, language switcher.

use crate::app::use_user;
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
            <LanguageSwitcher/>
        </header>
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
