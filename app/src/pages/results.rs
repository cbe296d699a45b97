//! `/rounds/:id/results`: ranking with the 需补课 badge, details per target, opinions,
//! turnout, exports. Raw rates always stand beside the score.

use crate::components::guard::SignedIn;
use crate::domain::reevaluation::FlagState;
use crate::domain::tally::FlagStatus;
use crate::i18n::use_texts;
use crate::server_fns::results::round_results;
use crate::views::forms::{paths, reevaluate};
use crate::views::results::{Rates, ResultsPage};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// Percent with one decimal, or "—".
fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

fn score(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

/// The print-ready A4 report (`/rounds/:id/report`): the same content, all expanded.
#[component]
pub fn ReportPage() -> impl IntoView {
    view! { <ResultsOrReport report=true/> }
}

fn flag_badge(state: FlagState, id: i32) -> impl IntoView {
    let st = use_texts().steering;
    view! {
        <a class=format!("flag flag-state flag-{}", state.as_str()) href=format!("/flags/{id}") data-flag=state.as_str()>{st.state(state)}</a>
    }
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
    let id = move || params.read().get("id").and_then(|s| s.parse::<i32>().ok()).unwrap_or(0);
    let page = Resource::new(move || (id(), report), |(id, print)| round_results(id, print));
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

fn badge(status: FlagStatus) -> impl IntoView {
    let rt = use_texts().results;
    let (class, text) = match status {
        FlagStatus::Flagged => ("flag flag-on", rt.flagged),
        FlagStatus::Ok => ("flag flag-ok", rt.ok),
        FlagStatus::InsufficientResponses => ("flag flag-none", rt.insufficient),
    };
    view! { <span class=class data-status=format!("{status:?}")>{text}</span> }
}

fn rates_cells(r: &Rates) -> impl IntoView {
    view! {
        <td class="num">{r.valid}</td>
        <td class="num">{pct(r.satisfaction)}</td>
        <td class="num">{pct(r.dissatisfaction)}</td>
        <td class="num">{score(r.score)}</td>
    }
}

#[component]
fn Results(page: ResultsPage, report: bool) -> impl IntoView {
    let t = use_texts();
    let rt = t.results;
    let st = t.steering;
    let closed =
        !page.rows.is_empty() || !matches!(page.status, crate::domain::lifecycle::Status::Draft | crate::domain::lifecycle::Status::Open);
    let head = move || {
        view! {
            <th class="num">{rt.col_valid}</th>
            <th class="num">{rt.col_satisfaction}</th>
            <th class="num">{rt.col_dissatisfaction}</th>
            <th class="num">{rt.col_score}</th>
        }
    };
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
                <p><a href=format!("/rounds/{}/report", page.id) rel="external">{rt.report}</a></p>
            })}
            <crate::components::flash::Flash/>
            {(!closed).then(|| view! { <p class="notice" role="status">{rt.not_closed}</p> })}
            {page.low_turnout.then(|| view! { <p class="alert" role="alert" data-testid="low-turnout">{rt.low_turnout}</p> })}
            <p>{rt.ballots}": "<strong>{page.ballots}</strong></p>
            <h2>{rt.turnout}</h2>
            <table class="table">
                <thead><tr><th>{rt.col_category}</th><th class="num">{rt.col_issued}</th><th class="num">{rt.col_used}</th></tr></thead>
                <tbody>
                    {page.turnout.iter().map(|c| view! {
                        <tr><td>{c.name.clone()}</td><td class="num">{c.issued}</td><td class="num">{c.used}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
            {page.charts.iter().map(|c| view! {
                <figure class="chart" data-chart=c.key.clone()>
                    <figcaption>
                        {c.title.clone()}
                        {(!report).then(|| view! {
                            " "<a class="small no-print" href=format!("/api/v1/rounds/{}/charts/{}.png", page.id, c.key) rel="external" download>{st.download_png}</a>
                        })}
                    </figcaption>
                    <div class="chart-svg" inner_html=c.svg.clone()></div>
                </figure>
            }).collect_view()}
            {closed.then(|| view! {
                <p class="actions">
                    <a class="button-link" href=format!("/api/v1/rounds/{}/results.csv", page.id) rel="external" download>{rt.export_csv}</a>
                    " · "
                    <a class="button-link" href=format!("/api/v1/rounds/{}/results.xlsx", page.id) rel="external" download>{rt.export_xlsx}</a>
                </p>
            })}
        </section>
        {closed.then(|| view! {
            <section class="card">
                <h2>{rt.ranking}</h2>
                <p class="muted">{rt.rule.replace("{t}", &pct(Some(page.threshold)))}</p>
                <div class="table-wrap">
                    <table class="table ranking" data-testid="ranking">
                        <thead><tr>
                            <th class="num">{rt.col_rank}</th><th>{rt.col_target}</th>{head()}<th>{rt.col_status}</th><th>{st.col_flag}</th>
                        </tr></thead>
                        <tbody>
                            {page.rows.iter().map(|r| view! {
                                <tr class:flagged=r.status == FlagStatus::Flagged>
                                    <td class="num">{r.rank}</td>
                                    <td>{r.name.clone()}<span class="muted small">{format!(" · {}", if r.body { rt.body } else { rt.cadre })}</span></td>
                                    {rates_cells(&r.overall)}
                                    <td>{badge(r.status)}</td>
                                    <td>
                                        {r.flag.map(|(s, id)| flag_badge(s, id))}
                                        {r.child_round_id.map(|c| view! { " "<a class="small" href=format!("/rounds/{c}/results")>{st.child_round}</a> })}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(page.admin && !report && page.rows.iter().any(|r| matches!(r.flag, Some((FlagState::Flagged, _))))).then(|| view! {
                    <form method="post" action=paths::at(paths::REEVALUATE, page.id) class="reevaluate" data-testid="reevaluate-form">
                        <fieldset>
                            <legend>{st.reevaluate}</legend>
                            <p class="muted small">{st.reevaluate_help}</p>
                            {page.rows.iter().filter(|r| matches!(r.flag, Some((FlagState::Flagged, _)))).map(|r| view! {
                                <label class="check"><input type="checkbox" name=reevaluate::target value=r.key.clone() checked/>" "{r.name.clone()}</label>
                            }).collect_view()}
                            <button type="submit" class="button primary">{st.reevaluate_chosen}</button>
                        </fieldset>
                    </form>
                })}
            </section>
            {page.rows.iter().any(|r| r.before.is_some()).then(|| view! {
                <section class="card">
                    <h2>{st.comparison}</h2>
                    <div class="table-wrap">
                        <table class="table" data-testid="comparison">
                            <thead><tr>
                                <th>{rt.col_target}</th>
                                <th>{format!("{} · {}", st.before, rt.col_satisfaction)}</th><th>{format!("{} · {}", st.before, rt.col_dissatisfaction)}</th><th>{format!("{} · {}", st.before, rt.col_status)}</th>
                                <th>{format!("{} · {}", st.after, rt.col_satisfaction)}</th><th>{format!("{} · {}", st.after, rt.col_dissatisfaction)}</th><th>{format!("{} · {}", st.after, rt.col_status)}</th>
                            </tr></thead>
                            <tbody>
                                {page.rows.iter().filter_map(|r| r.before.as_ref().map(|(bs, b)| view! {
                                    <tr>
                                        <td>{r.name.clone()}</td>
                                        <td class="num">{pct(b.satisfaction)}</td><td class="num">{pct(b.dissatisfaction)}</td><td>{badge(*bs)}</td>
                                        <td class="num">{pct(r.overall.satisfaction)}</td><td class="num">{pct(r.overall.dissatisfaction)}</td><td>{badge(r.status)}</td>
                                    </tr>
                                })).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </section>
            })}
            <section class="card">
                <h2>{rt.details}</h2>
                <p class="muted small">{rt.categories_hidden}</p>
                {page.rows.iter().map(|r| view! {
                    <details class="target-detail" open=report>
                        <summary>{r.name.clone()}" "{badge(r.status)}</summary>
                        <div class="table-wrap">
                            <table class="table">
                                <thead><tr><th>{rt.items}</th>{head()}</tr></thead>
                                <tbody>
                                    {r.items.iter().map(|(title, x)| view! { <tr><td>{title.clone()}</td>{rates_cells(x)}</tr> }).collect_view()}
                                </tbody>
                            </table>
                            <table class="table">
                                <thead><tr><th>{rt.categories}</th>{head()}</tr></thead>
                                <tbody>
                                    {r.categories.iter().map(|(name, x)| view! { <tr><td>{name.clone()}</td>{rates_cells(x)}</tr> }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    </details>
                }).collect_view()}
            </section>
            {page.opinions_shown.then(|| view! {
            <section class="card">
                <h2>{rt.opinions}</h2>
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
