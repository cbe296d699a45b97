//! The round page's links that need no account: the hall screen (for the projector) and
//! the 公示 page (for the notice board). Each shows the live link (opens in a new tab) with
//! "make anew" and "withdraw", or a button to make one. Plain form posts.

use crate::i18n::use_texts;
use crate::views::forms::{link, paths};
use leptos::prelude::*;

/// The words of one link's section.
struct Words {
    section: &'static str,
    intro: &'static str,
    make: &'static str,
    remake: &'static str,
    withdraw: &'static str,
    none_yet: &'static str,
}

/// The hall link of round `id`; `path` is `/hall/<token>` while one is live.
#[component]
pub fn HallLink(id: i32, path: Option<String>) -> impl IntoView {
    let h = use_texts().hall;
    let words = Words { section: h.section, intro: h.intro, make: h.make, remake: h.remake, withdraw: h.withdraw, none_yet: h.none_yet };
    round_link(id, path, paths::HALL_LINK, "hall", words)
}

/// The 公示 link of round `id`; `path` is `/public/<token>` while one is live (the page
/// carries its own QR code, so printing it makes the notice-board copy).
#[component]
pub fn PublicLink(id: i32, path: Option<String>) -> impl IntoView {
    let t = use_texts().ledger;
    let words = Words {
        section: t.link_section,
        intro: t.link_intro,
        make: t.link_make,
        remake: t.link_remake,
        withdraw: t.link_withdraw,
        none_yet: t.link_none_yet,
    };
    round_link(id, path, paths::PUBLIC_LINK, "public", words)
}

fn round_link(id: i32, path: Option<String>, form: &'static str, name: &'static str, w: Words) -> impl IntoView {
    let action = paths::at(form, id);
    let button = |value: &'static str, label: &'static str, class: &'static str| {
        view! {
            <form method="post" action=action.clone() class="inline">
                <input type="hidden" name=link::action value=value/>
                <button type="submit" class=class>{label}</button>
            </form>
        }
    };
    let live = path.is_some();
    let heading = format!("{name}-link");
    let labelled = heading.clone();
    view! {
        <section class="card" aria-labelledby=labelled>
            <h2 id=heading>{w.section}</h2>
            <p class="muted">{w.intro}</p>
            {match path {
                Some(p) => {
                    let href = p.clone();
                    view! { <p><a href=href target="_blank" rel="noopener" data-testid=format!("{name}-link")>{p}</a></p> }.into_any()
                }
                None => view! { <p class="muted">{w.none_yet}</p> }.into_any(),
            }}
            <div class="actions">
                {if live { button("make", w.remake, "button secondary") } else { button("make", w.make, "primary") }}
                {live.then(|| button("withdraw", w.withdraw, "button secondary"))}
            </div>
        </section>
    }
}
