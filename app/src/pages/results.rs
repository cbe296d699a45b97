//! `/rounds/:id/results`: turnout per category and unit, the ranking (grouped by unit,
//! filtered by `?unit=` and `?kind=`) with the 需补课 badge, details per target, opinions,
//! exports. Raw rates always stand beside the score.

mod indicators;
mod ledgers;
mod ranking;
mod turnout;

use crate::components::guard::SignedIn;
use crate::domain::round::TargetKind;
use crate::domain::tally::FlagStatus;
use crate::i18n::use_texts;
use crate::server_fns::results::round_results;
use crate::views::results::{Filter, Rates, ResultsPageView};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

pub(crate) use crate::i18n::results::{pct, score};

/// The print-ready A4 report (`/rounds/:id/report`): the same content, all expanded.
#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <ResultsOrReport report=true/> }
}

/// The results page (admin; steering and viewers per the role table).
#[component]
pub fn ResultsPage() -> impl IntoView {
    view! { <ResultsOrReport report=false/> }
}

#[component]
fn ResultsOrReport(report: bool) -> impl IntoView {
    let t = use_texts();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let filter = move || {
        let q = query.read();
        Filter { unit: q.get("unit").filter(|u| !u.is_empty()), kind: q.get("kind").and_then(|k| TargetKind::parse(&k)) }
    };
    let indicators = move || query.read().get("indicators").is_some_and(|v| v == "1");
    let page = Resource::new(
        move || (id(), report, filter(), indicators()),
        |(id, print, filter, indicators)| round_results(id, print, filter.unit, filter.kind, indicators),
    );
    view! {
        <SignedIn>
            <Suspense fallback=move || view! { <p class="muted">{t.loading}</p> }>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(p) => view! { <Results page=p report/> }.into_any(),
                        Err(crate::error::AppError::NotFound) => view! { <crate::pages::not_found::NotFoundPage/> }.into_any(),
                        Err(crate::error::AppError::Forbidden) => view! { <p class="alert" role="alert">{t.steering.not_published}</p> }.into_any(),
                        Err(_) => view! { <p class="alert">{t.error_body}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </SignedIn>
    }
}

pub(crate) fn badge(status: FlagStatus) -> impl IntoView {
    let rt = use_texts().results;
    let (class, text) = match status {
        FlagStatus::Flagged => ("flag flag-on", rt.flagged),
        FlagStatus::Ok => ("flag flag-ok", rt.ok),
        FlagStatus::InsufficientResponses => ("flag flag-none", rt.insufficient),
    };
    view! { <span class=class data-status=format!("{status:?}")>{text}</span> }
}

pub(crate) fn rates_cells(r: &Rates) -> impl IntoView {
    view! {
        <td class="num">{r.valid}</td>
        <td class="num">{pct(r.satisfaction)}</td>
        <td class="num">{pct(r.dissatisfaction)}</td>
        <td class="num">{score(r.score)}</td>
    }
}

pub(crate) fn rates_head() -> impl IntoView {
    let rt = use_texts().results;
    view! {
        <th class="num">{rt.col_valid}</th>
        <th class="num">{rt.col_satisfaction}</th>
        <th class="num">{rt.col_dissatisfaction}</th>
        <th class="num">{rt.col_score}</th>
    }
}

#[component]
fn Results(page: ResultsPageView, report: bool) -> impl IntoView {
    let t = use_texts();
    let rt = t.results;
    let st = t.steering;
    let closed =
        !page.rows.is_empty() || !matches!(page.status, crate::domain::lifecycle::Status::Draft | crate::domain::lifecycle::Status::Open);
    let query = page.filter.query();
    view! {
        <Title text=format!("{} · {}", rt.title, page.title)/>
        <section class="card">
            {page.admin.then(|| view! { <p class="crumbs"><a href=format!("/rounds/{}", page.id)>{page.title.clone()}</a></p> })}
            {page.parent_id.map(|p| view! {
                <p class="notice" data-testid="reevaluation-of">{st.reevaluation_of}<a href=format!("/rounds/{p}/results")>{format!("#{p}")}</a></p>
            })}
            {page.partial.then(|| view! { <p class="muted small">{st.partial}</p> })}
            <h1>{if report { format!("{} · {}", page.title, rt.title) } else { rt.title.to_owned() }}</h1>
            {report.then(|| view! {
                <p class="muted small" data-testid="report-meta">{format!("{} · {} · {}", page.generated, rt.method, rt.printed)}</p>
            })}
            {(!report).then(|| view! {
                <p><a href=format!("/rounds/{}/report{}", page.id, query) rel="external">{rt.report}</a></p>
            })}
            <crate::components::flash::Flash/>
            {(!report).then(|| view! { <turnout::FilterForm page=page.clone()/> })}
            {(!closed).then(|| view! { <p class="notice" role="status">{rt.not_closed}</p> })}
            {page.low_turnout.then(|| view! { <p class="alert" role="alert" data-testid="low-turnout">{rt.low_turnout}</p> })}
            <p>{rt.ballots}": "<strong>{page.ballots}</strong></p>
            <turnout::Turnout page=page.clone()/>
            {page.charts.iter().map(|c| view! {
                <figure class="chart" data-chart=c.key.clone()>
                    <figcaption>
                        {c.title.clone()}
                        {(!report).then(|| view! {
                            " "<a class="small no-print" href=format!("/api/v1/rounds/{}/charts/{}.png{}", page.id, c.key, query) rel="external" download>{st.download_png}</a>
                        })}
                    </figcaption>
                    <div class="chart-svg" inner_html=c.svg.clone()></div>
                </figure>
            }).collect_view()}
            {closed.then(|| view! {
                <p class="actions">
                    <a class="button-link" href=format!("/api/v1/rounds/{}/results.csv{}", page.id, query) rel="external" download>{rt.export_csv}</a>
                    " · "
                    <a class="button-link" href=format!("/api/v1/rounds/{}/results.xlsx{}", page.id, query) rel="external" download>{rt.export_xlsx}</a>
                    " · "
                    <a class="button-link" href=format!("/api/v1/rounds/{}/report.docx{}", page.id, query) rel="external" download data-testid="report-docx">{t.report.button}</a>
                </p>
            })}
        </section>
        {closed.then(|| view! {
            <ranking::Ranking page=page.clone() report/>
            <ranking::Comparison page=page.clone()/>
            <ledgers::Ledgers page=page.clone() report/>
            {(page.admin && !report).then(|| view! { <indicators::Indicators page=page.clone()/> })}
            <ranking::Details page=page.clone() report/>
            {page.opinions_shown.then(|| view! {
            <section class="card">
                <h2>{rt.opinions}</h2>
                {(!report && !page.opinions.is_empty()).then(|| view! {
                    <p class="actions no-print">
                        <a class="button-link" href=format!("/api/v1/rounds/{}/opinions.csv", page.id) rel="external" download>{rt.export_opinions_csv}</a>
                        " · "
                        <a class="button-link" href=format!("/api/v1/rounds/{}/opinions.xlsx", page.id) rel="external" download>{rt.export_opinions_xlsx}</a>
                    </p>
                })}
                {if page.opinions.is_empty() {
                    view! { <p class="muted">{rt.no_opinions}</p> }.into_any()
                } else {
                    view! {
                        <ul class="opinions" data-testid="opinions">
                            {page.opinions.iter().map(|(cat, text)| view! {
                                <li>{text.clone()}{cat.clone().map(|c| view! { <span class="muted small">{format!(" — {c}")}</span> })}</li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </section>
            })}
        })}
    }
}
