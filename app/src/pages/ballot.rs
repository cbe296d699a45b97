//! The evaluator's pages: `/v` (type a code), `/v/<code>` (the sheet), `/receipt`.
//!
//! Everything works as plain HTML: the sheet is a form posting to `/v/<code>`, and the
//! server answers with this same page in its next state (review, error or receipt).
//! Once the WebAssembly has loaded, the page improves itself: the progress count and
//! the character counter follow every tap, half-filled answers are kept on the phone
//! (never sent before submit) and survive a reload, and submitting needs no reload.

use crate::domain::ballot::{AnswerInput, OPINION_MAX};
use crate::i18n::use_texts;
use crate::server_fns::ballot::{check_receipt, open_ballot, submit_ballot, BallotPage, SheetView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

/// `/v`: type the code from the slip.
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
            <form method="post" action="/v" class="form">
                <label for="code">{bt.code_label}</label>
                <input
                    id="code"
                    name="code"
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
                    Ok(p) => view! { <BallotView initial=p locale=crate::i18n::use_locale() code=code()/> }.into_any(),
                    Err(_) => view! { <p class="alert" role="alert">{t.error_body}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[cfg(feature = "hydrate")]
/// What the phone keeps between reloads (in `localStorage`, never sent unasked).
#[derive(Clone, Default, serde::Serialize, serde::Deserialize)]
struct Draft {
    answers: Vec<AnswerInput>,
    opinion: String,
    receipt: String,
}

#[cfg(feature = "hydrate")]
mod device {
    //! The phone's own storage of a half-filled sheet.
    use super::Draft;

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    fn key(code: &str) -> String {
        format!("minping-ballot:{code}")
    }

    pub fn load(code: &str) -> Option<Draft> {
        serde_json::from_str(&storage()?.get_item(&key(code)).ok()??).ok()
    }

    pub fn save(code: &str, draft: &Draft) {
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
            let _ = s.set_item(&key(code), &text);
        }
    }

    /// What the evaluator tapped and typed before the WebAssembly arrived.
    pub fn in_page() -> (Vec<crate::domain::ballot::AnswerInput>, String) {
        use wasm_bindgen::JsCast;
        let mut answers = Vec::new();
        let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return (answers, String::new()) };
        if let Ok(list) = doc.query_selector_all("#ballot-form input[type=radio]:checked") {
            for i in 0..list.length() {
                let Some(input) = list.item(i).and_then(|n| n.dyn_into::<web_sys::HtmlInputElement>().ok()) else { continue };
                if let Some((target, item)) = input.name().strip_prefix("a:").and_then(|r| r.split_once(':')) {
                    answers.push(crate::domain::ballot::AnswerInput {
                        target: target.to_owned(),
                        item: item.to_owned(),
                        option: input.value(),
                    });
                }
            }
        }
        let opinion = doc
            .get_element_by_id("opinion")
            .and_then(|e| e.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
            .map(|t| t.value())
            .unwrap_or_default();
        (answers, opinion)
    }
}

/// The page in one of its states; it moves between them without a reload once hydrated.
/// The one island of the application: the only code a phone runs.
#[island]
fn BallotView(initial: BallotPage, locale: crate::i18n::Locale, code: String) -> impl IntoView {
    provide_context(locale);
    let t = use_texts();
    let bt = t.ballot;
    let state = RwSignal::new(initial);
    let code_in_path = code;
    // A mark for tests (and curious readers) that the sheet is now interactive.
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "1");
        }
    });

    // A page that says "used" may be the retry of a ballot that was counted: ask about
    // the receipt this phone kept.
    #[cfg(feature = "hydrate")]
    {
        let code = code_in_path.clone();
        Effect::new(move |_| {
            if let BallotPage::Refused { used: true, .. } = state.get_untracked() {
                if let Some(d) = device::load(&code) {
                    leptos::task::spawn_local(async move {
                        if let Ok(Some(true)) = check_receipt(d.receipt.clone()).await {
                            state.set(BallotPage::Done { receipt: d.receipt });
                        }
                    });
                }
            }
        });
    }
    let _ = &code_in_path;

    move || match state.get() {
        BallotPage::Done { receipt } => {
            // The answers are gone from the phone; the receipt stays, so that a reload of
            // this page (which now finds the code used) shows it again.
            #[cfg(feature = "hydrate")]
            device::save(&code_in_path, &Draft { receipt: receipt.clone(), ..Draft::default() });
            view! {
                <section class="card narrow done" data-testid="receipt-card">
                    <h1>{bt.done_title}</h1>
                    <p>{bt.done_body}</p>
                    <p class="receipt" data-testid="receipt">{receipt}</p>
                    <p class="muted">{bt.done_keep}</p>
                    <p><a href="/receipt">{bt.receipt_title}</a></p>
                </section>
            }
            .into_any()
        }
        BallotPage::Refused { message, used, .. } => view! {
            <section class="card narrow">
                <h1>{bt.refused_title}</h1>
                <p class="alert" role="alert" data-testid="refusal">{message}</p>
                <p><a href="/v">{bt.other_code}</a></p>
                {used.then(|| view! { <p><a href="/receipt">{bt.check_receipt_link}</a></p> })}
            </section>
        }
        .into_any(),
        BallotPage::Sheet { sheet, answers, opinion, receipt, error, review } => {
            view! { <SheetForm sheet answers opinion receipt error review state/> }.into_any()
        }
    }
}

/// The sheet itself: a plain form, improved once hydrated.
#[component]
fn SheetForm(
    sheet: SheetView,
    answers: Vec<AnswerInput>,
    opinion: String,
    receipt: String,
    error: Option<String>,
    review: Option<Vec<(String, String)>>,
    state: RwSignal<BallotPage>,
) -> impl IntoView {
    let t = use_texts();
    let bt = t.ballot;
    let total = sheet.targets.len() * sheet.items.len();
    let given = RwSignal::new(answers.clone());
    let opinion_text = RwSignal::new(opinion.clone());
    let receipt_sig = RwSignal::new(receipt.clone());
    let error_sig = RwSignal::new(error);
    let restored = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let code = sheet.code.clone();
    let action = format!("/v/{}", sheet.code);

    // Restore a half-filled sheet kept on this phone, then keep every change there. What
    // the page holds is read now, while hydrating (before any binding touches the DOM);
    // the signals change only after hydration, in an effect, so that the hydrated view
    // matches the server's HTML exactly.
    #[cfg(feature = "hydrate")]
    {
        let (tapped, typed) = device::in_page();
        let stored = device::load(&code);
        let server_answers = answers.len();
        let server_opinion = opinion.clone();
        let mut pending = Some((tapped, typed, stored));
        Effect::new(move |_| {
            let Some((tapped, typed, stored)) = pending.take() else { return };
            if tapped.len() > server_answers || typed != server_opinion {
                // Taps made before hydration win: they are what the evaluator sees.
                given.set(tapped);
                opinion_text.set(typed);
            } else if server_answers == 0 && server_opinion.is_empty() {
                if let Some(d) = stored {
                    if !d.answers.is_empty() || !d.opinion.is_empty() {
                        given.set(d.answers);
                        opinion_text.set(d.opinion);
                        restored.set(true);
                    }
                    if crate::domain::ballot::Receipt::parse(&d.receipt).is_some() {
                        receipt_sig.set(d.receipt);
                    }
                }
            }
        });
        let code = code.clone();
        Effect::new(move |first: Option<()>| {
            let draft = Draft { answers: given.get(), opinion: opinion_text.get(), receipt: receipt_sig.get() };
            // The first run sees the server's state: saving it would erase a kept draft.
            if first.is_some() {
                device::save(&code, &draft);
            }
        });
    }

    let progress = move || {
        bt.progress.replace("{n}", &given.with(Vec::len).to_string()).replace("{total}", &total.to_string())
    };
    let chars = move || bt.chars.replace("{n}", &opinion_text.with(|o| o.chars().count()).to_string());
    let set_answer = move |target: String, item: String, option: String| {
        given.update(|v| {
            v.retain(|a| !(a.target == target && a.item == item));
            v.push(AnswerInput { target, item, option });
        });
    };
    let is_given = move |target: &str, item: &str, option: &str| {
        given.with(|v| v.iter().any(|a| a.target == target && a.item == item && a.option == option))
    };

    let on_submit = {
        let code = code.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let (code, answers, opinion, receipt) =
                (code.clone(), given.get_untracked(), opinion_text.get_untracked(), receipt_sig.get_untracked());
            let confirmed = confirm.get_untracked();
            confirm.set(false);
            leptos::task::spawn_local(async move {
                match submit_ballot(code, answers, opinion, receipt, confirmed).await {
                    Ok(next) => state.set(next),
                    Err(_) => {
                        error_sig.set(Some(bt.network_error.to_owned()));
                        busy.set(false);
                    }
                }
            });
        }
    };

    let items = sheet.items.clone();
    let options = sheet.options.clone();
    view! {
        <section class="card sheet-head">
            <h1>{sheet.title.clone()}</h1>
            <p class="muted">{bt.category}": "<strong>{sheet.category.clone()}</strong></p>
            <p>{bt.sheet_intro}</p>
            <p class="muted small">{bt.anonymous_note}</p>
        </section>
        <Show when=move || restored.get()>
            <p class="notice" role="status">{bt.restored}</p>
        </Show>
        {move || error_sig.get().map(|e| view! { <p class="alert" role="alert" data-testid="sheet-error">{e}</p> })}
        {review.map(|blanks| view! {
            <section class="card review" data-testid="review" role="status">
                <h2>{bt.review_title}</h2>
                <p>{bt.blanks_intro}</p>
                <ul>
                    {blanks.into_iter().map(|(target, item)| view! { <li>{format!("{target} — {item}")}</li> }).collect_view()}
                </ul>
                <div class="actions">
                    <button type="submit" form="ballot-form" name="confirm" value="1" class="primary big"
                        on:click=move |_| confirm.set(true)>{bt.submit}</button>
                    <a href="#ballot-form" class="button-link">{bt.back_edit}</a>
                </div>
            </section>
        })}
        <form id="ballot-form" method="post" action=action class="ballot" on:submit=on_submit>
            <input type="hidden" name="receipt" value=receipt prop:value=move || receipt_sig.get()/>
            {sheet.targets.into_iter().map(|target| {
                let items = items.clone();
                let options = options.clone();
                view! {
                    <fieldset class="target-card">
                        <legend>
                            <span class="target-name">{target.name.clone()}</span>
                        </legend>
                        {items.into_iter().map(|item| {
                            let name = format!("a:{}:{}", target.key, item.key);
                            let required = item.overall;
                            view! {
                                <fieldset class="item" class:required=required>
                                    <legend>
                                        {item.title.clone()}
                                        {required.then(|| view! { <span class="req">"* "{bt.required}</span> })}
                                    </legend>
                                    <div class="options">
                                        {options.iter().map(|(okey, label)| {
                                            let (tk, ik, ok) = (target.key.clone(), item.key.clone(), okey.clone());
                                            let initially = is_given(&tk, &ik, &ok);
                                            let (tk2, ik2, ok2) = (tk.clone(), ik.clone(), ok.clone());
                                            view! {
                                                <label class="opt">
                                                    <input
                                                        type="radio"
                                                        name=name.clone()
                                                        value=okey.clone()
                                                        checked=initially
                                                        required=required
                                                        prop:checked=move || is_given(&tk2, &ik2, &ok2)
                                                        on:change=move |_| set_answer(tk.clone(), ik.clone(), ok.clone())
                                                    />
                                                    <span>{label.clone()}</span>
                                                </label>
                                            }
                                        }).collect_view()}
                                    </div>
                                </fieldset>
                            }
                        }).collect_view()}
                    </fieldset>
                }
            }).collect_view()}
            <div class="card opinion">
                <label for="opinion">{bt.opinion_label}</label>
                <textarea
                    id="opinion"
                    name="opinion"
                    rows="4"
                    maxlength=OPINION_MAX.to_string()
                    prop:value=move || opinion_text.get()
                    on:input=move |ev| opinion_text.set(event_target_value(&ev))
                >
                    {opinion}
                </textarea>
                <p class="muted small" aria-live="polite">{chars}" · "{bt.opinion_hint}</p>
            </div>
            <div class="submit-bar">
                <span class="progress" aria-live="polite" data-testid="progress">{progress}</span>
                <button type="submit" class="primary big" disabled=move || busy.get()>
                    {move || if busy.get() { bt.submitting } else { bt.review }}
                </button>
            </div>
        </form>
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
