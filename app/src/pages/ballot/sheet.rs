//! The ballot sheet itself: the one island of the application (the only code a phone
//! downloads). It renders every state of [`BallotPage`] and, once hydrated, counts
//! progress, keeps a half-filled sheet on the phone and submits without a reload.

use crate::domain::ballot::{AnswerInput, OPINION_MAX};
use crate::i18n::use_texts;
#[cfg(feature = "hydrate")]
use crate::server_fns::ballot::check_receipt;
use crate::server_fns::ballot::{submit_ballot, submit_paper};
use crate::views::ballot::{BallotPage, SheetView};
use crate::views::forms::{answer_field, ballot, paths};
use leptos::prelude::*;

#[cfg(feature = "hydrate")]
use super::device::{self, Draft};

/// The page in one of its states; it moves between them without a reload once hydrated.
/// The one island of the application: the only code a phone runs. `paper`: a clerk enters
/// a paper sheet (`/entry/<code>`): keyboard-first, reviewed in full, nothing kept on the device.
#[island]
pub fn BallotView(initial: BallotPage, locale: crate::i18n::Locale, code: String, paper: bool) -> impl IntoView {
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
    if !paper {
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

    let p = t.paper;
    let again = if paper { "/entry" } else { "/v" };
    move || match state.get() {
        BallotPage::Done { .. } if paper => view! {
            <section class="card narrow done" data-testid="entered-card">
                <h1>{p.entry_done_title}</h1>
                <p>{p.entry_done_body}</p>
                <p><a href="/entry" class="button primary big" autofocus data-testid="entry-next">{p.entry_next}</a></p>
            </section>
        }
        .into_any(),
        BallotPage::Done { receipt } => {
            // The answers are gone from the phone; the receipt stays, so that a reload of
            // this page (which now finds the code used) shows it again.
            #[cfg(feature = "hydrate")]
            if !paper {
                device::save(&code_in_path, &Draft { receipt: receipt.clone(), ..Draft::default() });
            }
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
                <p><a href=again>{if paper { p.entry_next } else { bt.other_code }}</a></p>
                {used.then(|| view! { <p><a href="/receipt">{bt.check_receipt_link}</a></p> })}
            </section>
        }
        .into_any(),
        BallotPage::Sheet { sheet, answers, opinion, receipt, error, review } => {
            view! { <SheetForm sheet answers opinion receipt error review state paper/> }.into_any()
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
    paper: bool,
) -> impl IntoView {
    let t = use_texts();
    let bt = t.ballot;
    let total = sheet.total();
    let given = RwSignal::new(answers.clone());
    let opinion_text = RwSignal::new(opinion.clone());
    let receipt_sig = RwSignal::new(receipt.clone());
    let error_sig = RwSignal::new(error);
    let restored = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let confirm = RwSignal::new(false);
    let code = sheet.code.clone();
    let action = if paper { paths::ENTRY_SHEET } else { paths::BALLOT }.replace("{code}", &sheet.code);
    let p = t.paper;

    // Restore a half-filled sheet kept on this phone, then keep every change there. What
    // the page holds is read now, while hydrating (before any binding touches the DOM);
    // the signals change only after hydration, in an effect, so that the hydrated view
    // matches the server's HTML exactly.
    #[cfg(feature = "hydrate")]
    if !paper {
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

    let progress = move || bt.progress.replace("{n}", &given.with(Vec::len).to_string()).replace("{total}", &total.to_string());
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
                let next = if paper {
                    submit_paper(code, answers, opinion, receipt, confirmed).await
                } else {
                    submit_ballot(code, answers, opinion, receipt, confirmed).await
                };
                match next {
                    Ok(next) => state.set(next),
                    Err(_) => {
                        error_sig.set(Some(bt.network_error.to_owned()));
                        busy.set(false);
                    }
                }
            });
        }
    };

    let cards: Vec<super::review::Card> =
        sheet.targets.iter().map(|t| (t.clone(), sheet.items_of(t).cloned().collect::<Vec<_>>(), sheet.options_of(t).to_vec())).collect();
    let rows: Vec<super::keys::Row> = cards
        .iter()
        .flat_map(|(t, items, options)| {
            items.iter().map(|i| super::keys::Row {
                target: t.key.clone(),
                item: i.key.clone(),
                options: options.iter().map(|(k, _)| k.clone()).collect(),
            })
        })
        .collect();
    let cursor = RwSignal::new(0usize);
    let on_key = {
        let rows = rows.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if !paper || ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
                return;
            }
            let typing = ev.target().and_then(|t| leptos::wasm_bindgen::JsCast::dyn_into::<leptos::web_sys::HtmlTextAreaElement>(t).ok());
            if typing.is_some() {
                return;
            }
            match super::keys::on_key(&rows, cursor.get_untracked(), &ev.key()) {
                super::keys::Move::Answer { row, option, next } => {
                    ev.prevent_default();
                    set_answer(rows[row].target.clone(), rows[row].item.clone(), option);
                    cursor.set(next);
                    super::keys::focus_row(next);
                }
                super::keys::Move::Go(n) => {
                    ev.prevent_default();
                    cursor.set(n);
                    super::keys::focus_row(n);
                }
                super::keys::Move::Pass => {}
            }
        }
    };
    let offsets: Vec<usize> = cards.iter().scan(0, |n, (_, items, _)| Some(std::mem::replace(n, *n + items.len()))).collect();
    let review_cards = cards.clone();
    // A clerk types at once: the cursor's row has the focus (and so the keys).
    #[cfg(feature = "hydrate")]
    if paper {
        let reviewing = review.is_some();
        Effect::new(move |_| {
            if reviewing {
                super::keys::focus_selector("#confirm-entry");
            } else {
                super::keys::focus_row(0);
            }
        });
    }
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
        {review.clone().filter(|_| paper).map(|_| view! {
            <section class="card review" data-testid="review" aria-labelledby="full-review-title">
                <h2 id="full-review-title">{p.entry_review_title}</h2>
                <p>{p.entry_review_intro}</p>
                <super::review::FullReview cards=review_cards given opinion=opinion_text/>
                <div class="actions">
                    <button type="submit" id="confirm-entry" form="ballot-form" name=ballot::confirm value="1" class="primary big"
                        on:click=move |_| confirm.set(true)>{p.entry_confirm}</button>
                    <a href="#ballot-form" class="button-link">{bt.back_edit}</a>
                </div>
            </section>
        })}
        {paper.then(|| view! { <p class="notice keys-help" data-testid="keys-help">{p.entry_keys}</p> })}
        {review.filter(|_| !paper).map(|blanks| view! {
            <section class="card review" data-testid="review" role="status">
                <h2>{bt.review_title}</h2>
                <p>{bt.blanks_intro}</p>
                <ul>
                    {blanks.into_iter().map(|(target, item)| view! { <li>{format!("{target} — {item}")}</li> }).collect_view()}
                </ul>
                <div class="actions">
                    <button type="submit" form="ballot-form" name=ballot::confirm value="1" class="primary big"
                        on:click=move |_| confirm.set(true)>{bt.submit}</button>
                    <a href="#ballot-form" class="button-link">{bt.back_edit}</a>
                </div>
            </section>
        })}
        <form id="ballot-form" method="post" action=action class="ballot" class:paper=paper on:submit=on_submit on:keydown=on_key>
            <input type="hidden" name=ballot::receipt value=receipt prop:value=move || receipt_sig.get()/>
            {cards.into_iter().zip(offsets).map(|((target, items, options), first_row)| {
                let kind = if target.body { t.results.body } else { t.results.cadre };
                view! {
                    <fieldset class="target-card" class:cadre=!target.body>
                        <legend>
                            <span class="target-name">{target.name.clone()}</span>
                            {target.position.clone().map(|p| view! { <span class="target-post">{p}</span> })}
                            <span class="target-kind">{kind}</span>
                        </legend>
                        {items.into_iter().enumerate().map(|(i, item)| {
                            let name = answer_field(&target.key, &item.key);
                            let required = item.overall;
                            let row = first_row + i;
                            view! {
                                <fieldset class="item" class:required=required data-row=row.to_string()
                                    class:current=move || paper && cursor.get() == row on:focusin=move |_| cursor.set(row)>
                                    <legend>
                                        <span class="sr-only">{bt.group_of.replace("{target}", &target.name)}</span>
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
                    name=ballot::opinion
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
