//! The page shell, the root component and the route table.

use crate::components::header::Header;
use crate::context::{page_user, FlashResource, TEXT_COOKIE};
use crate::i18n::{detect_locale, Locale};
use crate::pages::{
    accounts::AccountsPage,
    audit::AuditPage,
    ballot::{BallotSheetPage, ReceiptPage, VoteEntryPage},
    entry::{EntryPage, EntrySheetPage},
    history::TargetHistoryPage,
    home::HomePage,
    login::LoginPage,
    not_found::NotFoundPage,
    results::{ReportPage, ResultsPage},
    round::RoundPage,
    round_import::ImportPage,
    round_new::NewRoundPage,
    rounds::RoundsPage,
    steering::{FlagPage, GroupsPage},
};
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Route, Router, Routes},
    path, SsrMode,
};

/// Whether this request's device asked for large text (the cookie; rendered into
/// `<html data-text>` so the page arrives in its size, before any script).
fn large_text() -> bool {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.headers.get(axum::http::header::COOKIE).and_then(|v| v.to_str().ok()).map(str::to_owned))
            .is_some_and(|c| c.split(';').any(|kv| kv.trim() == format!("{TEXT_COOKIE}=large")))
    }
    #[cfg(not(feature = "ssr"))]
    {
        false
    }
}

/// The large-text toggle without a reload: flips `<html data-text>` and writes the cookie
/// the server reads (the links still work without JavaScript).
const TEXT_TOGGLE: &str = "document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('[data-text-to]');\
if(!a)return;e.preventDefault();var v=a.getAttribute('data-text-to');document.documentElement.setAttribute('data-text',v);\
document.cookie='minping_text='+v+'; Path=/; Max-Age=31536000; SameSite=Lax'+(location.protocol==='https:'?'; Secure':'');\
var o=document.querySelector('[data-text-to]:not([data-text-to=\"'+v+'\"])');if(o)o.focus()});";

/// The whole HTML document; rendered on the server for every page.
/// (The server provides the response's nonce and its Content-Security-Policy for every
/// render: `ssr::csp::provide`, passed as the routes' context.)
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let locale = detect_locale();
    let text = if large_text() { "large" } else { "normal" };
    view! {
        <!DOCTYPE html>
        <html lang=locale.tag() data-text=text>
            <head>
                <meta charset="utf-8"/>
                <script nonce=leptos::nonce::use_nonce() inner_html=TEXT_TOGGLE></script>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name="theme-color" content="#a61b1b"/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options islands=true/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// The root component: locale, signed-in user, header and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let locale: Locale = detect_locale();
    provide_context(locale);
    provide_context(page_user());
    provide_context(FlashResource(Resource::new(|| (), |_| crate::server_fns::flash::take_flash())));
    let t = crate::i18n::texts(locale);

    view! {
        <Stylesheet id="leptos" href="/pkg/minping.css"/>
        <Link rel="icon" href="/favicon.ico"/>
        <Title formatter=move |page: String| {
            if page.is_empty() { t.app_name.to_owned() } else { format!("{page} · {}", t.app_name) }
        }/>
        <Router>
            <Header/>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds") view=RoundsPage ssr=SsrMode::Async/>
                    <Route path=path!("/audit") view=AuditPage ssr=SsrMode::Async/>
                    <Route path=path!("/groups") view=GroupsPage ssr=SsrMode::Async/>
                    <Route path=path!("/accounts") view=AccountsPage ssr=SsrMode::Async/>
                    <Route path=path!("/flags/:id") view=FlagPage ssr=SsrMode::Async/>
                    <Route path=path!("/v") view=VoteEntryPage ssr=SsrMode::Async/>
                    <Route path=path!("/v/:code") view=BallotSheetPage ssr=SsrMode::Async/>
                    <Route path=path!("/receipt") view=ReceiptPage ssr=SsrMode::Async/>
                    <Route path=path!("/entry") view=EntryPage ssr=SsrMode::Async/>
                    <Route path=path!("/entry/:code") view=EntrySheetPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/new") view=NewRoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/:id") view=RoundPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/:id/import") view=ImportPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/:id/results") view=ResultsPage ssr=SsrMode::Async/>
                    <Route path=path!("/rounds/:id/report") view=ReportPage ssr=SsrMode::Async/>
                    <Route path=path!("/targets/:key") view=TargetHistoryPage ssr=SsrMode::Async/>
                </Routes>
            </main>
        </Router>
    }
}
