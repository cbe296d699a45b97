//! The outcome of the last form post: `?saved=1` in the URL (a fixed sentence), or a
//! message the form handler left in the session (`views::flash`). Nothing of the
//! URL's own text is ever shown.

use crate::context::FlashResource;
use crate::i18n::use_texts;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// A notice or an alert after a form post.
#[component]
pub fn Flash() -> impl IntoView {
    let t = use_texts();
    let q = use_query_map();
    let pending = expect_context::<FlashResource>().0;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match pending.await {
                    Ok(Some(f)) if f.alert => view! { <p class="alert" role="alert">{f.text}</p> }.into_any(),
                    Ok(Some(f)) => view! { <p class="notice" role="status">{f.text}</p> }.into_any(),
                    _ => q
                        .read_untracked()
                        .get("saved")
                        .map(|_| view! { <p class="notice" role="status">{t.rounds.saved}</p> })
                        .into_any(),
                }
            })}
        </Suspense>
    }
}
