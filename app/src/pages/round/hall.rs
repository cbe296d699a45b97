//! The round page's hall screen section: the live link (opens in a new tab, for the
//! projector) with "make anew" and "withdraw", or a button to make one. Plain form posts.

use crate::i18n::use_texts;
use crate::views::forms::{hall_link, paths};
use leptos::prelude::*;

/// The hall link of round `id`; `path` is `/hall/<token>` while one is live.
#[component]
pub fn HallLink(id: i32, path: Option<String>) -> impl IntoView {
    let h = use_texts().hall;
    let action = paths::at(paths::HALL_LINK, id);
    let button = |value: &'static str, label: &'static str, class: &'static str| {
        view! {
            <form method="post" action=action.clone() class="inline">
                <input type="hidden" name=hall_link::action value=value/>
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    let live = path.is_some();
    view! {
        <section class="card" aria-labelledby="hall-link">
            <h2 id="hall-link">{h.section}</h2>
            <p class="muted">{h.intro}</p>
            {match path {
                Some(p) => {
                    let href = p.clone();
                    view! { <p><a href=href target="_blank" rel="noopener" data-testid="hall-link">{p}</a></p> }.into_any()
                }
                None => view! { <p class="muted">{h.none_yet}</p> }.into_any(),
            }}
            <div class="actions">
                {if live { button("make", h.remake, "button secondary") } else { button("make", h.make, "primary") }}
                {live.then(|| button("withdraw", h.withdraw, "button secondary"))}
            </div>
        </section>
    }
}
