//! `/targets/:key`: a target's history — its overall numbers in every closed round the
//! caller may see (a table) and their trend (a chart drawn by the server).

use crate::components::guard::SignedIn;
use crate::i18n::use_texts;
use crate::pages::results::{badge, rates_cells, rates_head};
use crate::server_fns::history::target_history;
use crate::views::history::HistoryPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// The history page.
#[component]
pub fn TargetHistoryPage() -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let page = Resource::new(key, target_history);
    view! {
        <SignedIn>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <History page=p/> }.into_any(),
                        Err(crate::error::AppError::NotFound) => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
                        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

#[component]
fn History(page: HistoryPage) -> impl IntoView {
    let t = use_texts();
    let rt = t.results;
    view! {
        <Title text=format!("{} · {}", rt.history, page.name)/>
        <section class="card">
            <h1>{format!("{} · {}", page.name, rt.history)}</h1>
            <p class="muted">{format!("{} · {}", rt.kind_name(page.kind), page.key)}</p>
            <figure class="chart" data-chart="trend">
                <figcaption>{t.history.trend}</figcaption>
                <div class="chart-svg" inner_html=page.chart.clone()></div>
            </figure>
            <div class="table-wrap">
                <table class="table" data-testid="history">
                    <thead><tr><th>{t.history.round}</th><th>{t.history.closed}</th>{rates_head()}<th>{rt.col_status}</th></tr></thead>
                    <tbody>
                        {page.rows.iter().map(|r| view! {
                            <tr data-round=r.round_id.to_string()>
                                <td><a href=format!("/rounds/{}/results", r.round_id)>{r.title.clone()}</a></td>
                                <td>{r.closed.clone()}</td>
                                {rates_cells(&r.overall)}
                                <td>{badge(r.status)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <p class="muted small">{t.history.note.replace("{n}", &page.rows.len().to_string())}</p>
        </section>
    }
}
