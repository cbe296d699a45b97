//! Lifecycle buttons; each asks for confirmation in a `<details>` (no JavaScript needed).

use crate::domain::lifecycle::{Status, Transition};
use crate::i18n::use_texts;
use crate::views::forms::{lifecycle, paths};
use leptos::prelude::*;

/// The moves the round's status allows, and "copy as a new draft".
#[component]
pub fn Lifecycle(id: i32, status: Status) -> impl IntoView {
    let r = use_texts().rounds;
    let moves =
        [Transition::Open, Transition::Close, Transition::Publish, Transition::Archive].into_iter().filter(|t| status.apply(*t).is_ok());
    view! {
        <div class="actions">
            {moves
                .map(|t| {
                    let (label, question) = r.transition(t);
                    view! {
                        <details class="confirm">
                            <summary class="button">{label}</summary>
                            <form method="post" action=paths::at(paths::ROUND_LIFECYCLE, id)>
                                <p>{question}</p>
                                <input type="hidden" name=lifecycle::action value=t.as_str()/>
                                <button type="submit" class="primary">{r.confirm}" · "{label}</button>
                            </form>
                        </details>
                    }
                })
                .collect_view()}
            <form method="post" action=paths::at(paths::ROUND_COPY, id) class="inline">
                <button type="submit" class="button secondary">{r.copy_round}</button>
            </form>
        </div>
    }
}
