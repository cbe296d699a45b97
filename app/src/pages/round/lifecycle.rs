//! Lifecycle buttons; each asks for confirmation in a `<details>` (no JavaScript needed).

use crate::domain::lifecycle::{Status, Transition};
use crate::i18n::use_texts;
use crate::views::forms::{lifecycle, paths};
use crate::views::schedule::shown;
use leptos::prelude::*;

/// What the round's schedule will do, or that a scheduled opening did not happen because
/// the round was not ready (rendered on the server only, like every page outside islands).
#[component]
pub fn Schedule(round: crate::domain::round::Round) -> impl IntoView {
    let sc = use_texts().schedule;
    let now = time::OffsetDateTime::now_utc();
    let (spec, status) = (&round.spec, round.status);
    let line = |text: &str, at: time::OffsetDateTime| text.replace("{at}", &shown(at));
    let mut lines: Vec<(&'static str, String)> = Vec::new();
    if let (Status::Draft, Some(at)) = (status, spec.opens_at) {
        if at <= now && !spec.readiness().is_empty() {
            lines.push(("alert", line(sc.missed, at)));
        } else {
            lines.push(("notice", line(sc.opens_on, at)));
        }
    }
    if let (Status::Draft | Status::Open, Some(at)) = (status, spec.closes_at) {
        lines.push(("notice", line(sc.closes_on, at)));
    }
    lines.into_iter().map(|(class, text)| view! { <p class=class data-testid="schedule">{text}</p> }).collect_view()
}

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
