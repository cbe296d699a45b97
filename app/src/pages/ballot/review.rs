//! The clerk's full review of a paper sheet before it is entered: every target and item
//! with the option chosen (or "blank") and the opinion, to be checked against the paper.

use crate::domain::ballot::AnswerInput;
use crate::i18n::use_texts;
use crate::views::ballot::{SheetItem, SheetTarget};
use leptos::prelude::*;

/// A target, its items and its scale's options (key, label), as the sheet shows them.
pub type Card = (SheetTarget, Vec<SheetItem>, Vec<(String, String)>);

/// The whole sheet as it will be entered.
#[component]
pub fn FullReview(cards: Vec<Card>, given: RwSignal<Vec<AnswerInput>>, opinion: RwSignal<String>) -> impl IntoView {
    let p = use_texts().paper;
    let chosen = move |target: &str, item: &str, options: &[(String, String)]| {
        given.with(|v| {
            v.iter()
                .find(|a| a.target == target && a.item == item)
                .and_then(|a| options.iter().find(|(k, _)| *k == a.option))
                .map(|(_, label)| label.clone())
        })
    };
    view! {
        <div class="table-wrap">
            <table class="table full-review" data-testid="full-review">
                <tbody>
                    {cards.into_iter().map(|(target, items, options)| {
                        let rows = items.len().max(1);
                        items.into_iter().enumerate().map(|(i, item)| {
                            let (tk, ik, opts) = (target.key.clone(), item.key.clone(), options.clone());
                            let answer = move || chosen(&tk, &ik, &opts);
                            view! {
                                <tr>
                                    {(i == 0).then(|| view! { <th scope="rowgroup" rowspan=rows.to_string()>{target.name.clone()}</th> })}
                                    <td>{item.title.clone()}</td>
                                    <td data-answer=format!("{}:{}", target.key, item.key)>
                                        {move || answer().map_or_else(|| view! { <span class="muted">{p.entry_blank}</span> }.into_any(), |l| view! { <strong>{l}</strong> }.into_any())}
                                    </td>
                                </tr>
                            }
                        }).collect_view()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || (!opinion.with(String::is_empty)).then(|| view! { <p class="review-opinion">{opinion.get()}</p> })}
    }
}
