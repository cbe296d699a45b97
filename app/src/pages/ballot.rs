//! The evaluator's pages: `/v` (type a code), `/v/<code>` (the sheet), `/receipt`.
//!
//! Everything works as plain HTML: the sheet is a form posting to `/v/<code>`, and the
//! server answers with this same page in its next state (review, error or receipt).
//! Once the WebAssembly has loaded, the page improves itself: the progress count and
//! the character counter follow every tap, half-filled answers are kept on the phone
//! (never sent before submit) and survive a reload, and submitting needs no reload.

use crate::i18n::use_texts;
use crate::server_fns::ballot::{check_receipt, open_ballot};
use crate::views::forms::{paths, vote};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[cfg(feature = "hydrate")]
mod device;
mod keys;
mod review;
mod sheet;
pub use sheet::BallotView;

/// Run by the sheet page as soon as it is parsed (before any WebAssembly): the code leaves
/// the address bar and the history entry (`/v/CODE` becomes `/v`), so that it is not left
/// in the browser's history, on a screenshot or in a link copied from the address bar.
/// The tab keeps it in `sessionStorage` for a reload (see [`RESUME_ON_RELOAD`]).
const HIDE_CODE: &str = "try{var m=location.pathname.match(/^[/]v[/]([^/?#]+)$/);\
if(m){sessionStorage.setItem('minping-resume',decodeURIComponent(m[1]));\
history.replaceState(history.state,'','/v'+location.search)}}catch(e){}";

/// Run by the entry page `/v`: a *reload* of a sheet whose address became `/v` returns to
/// that sheet (and hides the code again); any other arrival at `/v` forgets it, so that
/// "use another code" shows the entry form.
const RESUME_ON_RELOAD: &str = "try{var n=performance.getEntriesByType('navigation')[0];\
var c=sessionStorage.getItem('minping-resume');\
if(c&&n&&n.type==='reload'&&!location.search){location.replace('/v/'+encodeURIComponent(c))}\
else{sessionStorage.removeItem('minping-resume')}}catch(e){}";

/// `/v`: type the code from the slip.
#[component]
pub fn VoteEntryPage() -> impl IntoView {
    let t = use_texts();
    let bt = t.ballot;
    let q = use_query_map();
    let malformed = move || q.read().get("error").is_some();
    view! {
        <script nonce=leptos::nonce::use_nonce() inner_html=RESUME_ON_RELOAD></script>
        <Title text=bt.enter_title/>
        <section class="card narrow">
            <h1>{bt.enter_title}</h1>
            <p class="muted">{bt.enter_intro}</p>
            <Show when=malformed>
                <p class="alert" role="alert">{bt.code_malformed}</p>
            </Show>
            <form method="post" action=paths::VOTE class="form">
                <label for="code">{bt.code_label}</label>
                <input
                    id="code"
                    name=vote::code
                    type="text"
                    class="code-input"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    placeholder="XXXX-XXXX-XXXX"
                    maxlength="32"
                    required
                />
                <button type="submit" class="primary big">{bt.start}</button>
            </form>
            <p class="hint"><a href="/receipt">{bt.check_receipt_link}</a></p>
        </section>
    }
}

/// `/v/<code>`: the sheet of a code, or its receipt once counted.
#[component]
pub fn BallotSheetPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    let page = Resource::new(code, open_ballot);
    view! {
        <script nonce=leptos::nonce::use_nonce() inner_html=HIDE_CODE></script>
        <Title text=t.ballot.sheet_title/>
        <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <BallotView initial=p locale=crate::i18n::use_locale() code=code() paper=false/> }.into_any(),
                    Err(_) => view! { <p class="alert" role="alert">{t.error_body}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// `/receipt?r=XXXXX-XXXXX`: anyone may check that a receipt's ballot was counted.
#[component]
pub fn ReceiptPage() -> impl IntoView {
    let t = use_texts();
    let bt = t.ballot;
    let q = use_query_map();
    let typed = move || q.read().get("r").unwrap_or_default();
    let result = Resource::new(typed, |r| async move {
        if r.trim().is_empty() {
            Ok(None)
        } else {
            check_receipt(r).await.map(Some)
        }
    });
    view! {
        <Title text=bt.receipt_title/>
        <section class="card narrow">
            <h1>{bt.receipt_title}</h1>
            <p class="muted">{bt.receipt_intro}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match result.await {
                        Ok(Some(Some(true))) => view! { <p class="notice" role="status" data-testid="receipt-result">{bt.receipt_counted}</p> }.into_any(),
                        Ok(Some(Some(false))) => view! { <p class="alert" role="alert" data-testid="receipt-result">{bt.receipt_unknown}</p> }.into_any(),
                        Ok(Some(None)) => view! { <p class="alert" role="alert" data-testid="receipt-result">{bt.receipt_malformed}</p> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(_) => view! { <p class="alert" role="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
            <form method="get" action="/receipt" class="form">
                <label for="r">{bt.receipt_label}</label>
                <input id="r" name="r" type="text" class="code-input" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" placeholder="XXXXX-XXXXX" maxlength="24" required value=typed/>
                <button type="submit" class="primary big">{bt.receipt_check}</button>
            </form>
        </section>
    }
}
