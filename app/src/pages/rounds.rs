//! `/rounds`: the organization department's list of rounds.

use crate::components::guard::AdminOnly;
use crate::i18n::use_texts;
use crate::server_fns::rounds::list_rounds;
use leptos::prelude::*;
use leptos_meta::Title;

/// Every round, newest first, with a link to create one.
#[component]
pub fn RoundsPage() -> impl IntoView {
    let t = use_texts();
    let r = t.rounds;
    let rounds = Resource::new(|| (), |_| list_rounds());
    view! {
        <Title text=r.list_title/>
        <AdminOnly>
            <section class="card">
                <div class="card-head">
                    <h1>{r.list_title}</h1>
                    <a class="button primary" href="/rounds/new">{r.new_round}</a>
                </div>
                <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                    {move || Suspend::new(async move {
                        match rounds.await {
                            Ok(list) if list.is_empty() => view! { <p class="muted">{r.empty}</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="table">
                                    <thead><tr><th>{r.col_title}</th><th>{r.col_status}</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|x| view! {
                                            <tr>
                                                <td><a href=format!("/rounds/{}", x.id)>{x.title}</a></td>
                                                <td><span class=format!("status status-{}", x.status.as_str())>{r.status(x.status)}</span></td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </AdminOnly>
    }
}
