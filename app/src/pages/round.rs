//! `/rounds/:id`: one round — lifecycle, codes, rules, categories, items, targets.
//! Every change is a plain form post, so the page works without JavaScript.

mod codes;
mod definition;
mod hall;
mod lifecycle;

use crate::components::{flash::Flash, guard::AdminOnly};
use crate::i18n::use_texts;
use crate::server_fns::rounds::get_round;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The round page.
#[component]
pub fn RoundPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let detail = Resource::new(id, get_round);
    view! {
        <AdminOnly>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match detail.await {
                        Ok(d) => {
                            let r = t.rounds;
                            let round = d.round;
                            view! {
                                <Title text=round.spec.title.clone()/>
                                <section class="card">
                                    <p class="crumbs"><a href="/rounds">{r.list_title}</a></p>
                                    <h1>
                                        {round.spec.title.clone()}" "
                                        <span class=format!("status status-{}", round.status.as_str())>{r.status(round.status)}</span>
                                    </h1>
                                    <p class="muted">{round.spec.description.clone()}</p>
                                    {round.parent_id.map(|p| view! {
                                        <p class="notice" data-testid="parent-round">{t.steering.reevaluation_of}<a href=format!("/rounds/{p}")>{format!("#{p}")}</a></p>
                                    })}
                                    <p><a href=format!("/rounds/{}/results", round.id)>{t.results.link}</a></p>
                                    <lifecycle::Schedule round=round.clone()/>
                                    <Flash/>
                                    <lifecycle::Lifecycle id=round.id status=round.status/>
                                </section>
                                <codes::Codes round=round.clone() turnout=d.turnout units=d.units batches=d.batches/>
                                <hall::HallLink id=round.id path=d.hall_path/>
                                <hall::PublicLink id=round.id path=d.public_path/>
                                <definition::Definition round=round/>
                            }
                                .into_any()
                        }
                        Err(crate::error::AppError::NotFound) => view! {
                            <crate::pages::not_found::NotFoundPage/>
                        }
                            .into_any(),
                        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </AdminOnly>
    }
}
