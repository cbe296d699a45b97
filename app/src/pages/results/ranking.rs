//! The ranking of a results page (grouped by unit, cadres under their body, or one kind
//! ranked), the before/after comparison of a re-evaluation, and the details per target.

use super::{badge, pct, rates_cells, rates_head};
use crate::domain::reevaluation::FlagState;
use crate::domain::tally::FlagStatus;
use crate::i18n::{use_locale, use_texts};
use crate::views::forms::{paths, reevaluate};
use crate::views::results::{encode, RankRow, ResultsPageView, RuleView};
use leptos::prelude::*;

fn flag_badge(state: FlagState, id: i32) -> impl IntoView {
    let st = use_texts().steering;
    view! {
        <a class=format!("flag flag-state flag-{}", state.as_str()) href=format!("/flags/{id}") data-flag=state.as_str()>{st.state(state)}</a>
    }
}

/// The flag rule of one kind, in words (`i18n::results::rule_text`, as the report says it).
fn rule_text(r: &RuleView, kinds: usize) -> String {
    crate::i18n::results::rule_text(use_locale(), r.kind, r.threshold, r.fraction.as_deref(), r.min_satisfaction, kinds)
}

fn target_cell(r: &RankRow) -> impl IntoView {
    let rt = use_texts().results;
    let kind = if r.body { rt.body } else { rt.cadre };
    let post = r.position.clone().map(|p| format!(" · {p}")).unwrap_or_default();
    view! {
        <td class:cadre-row=!r.body>
            <a href=format!("/targets/{}", encode(&r.key)) title=rt.history>{r.name.clone()}</a>
            <span class="muted small">{format!("{post} · {kind}")}</span>
        </td>
    }
}

/// The ranking table with the rule it applies and, for admins, the re-evaluation form.
#[component]
pub fn Ranking(page: ResultsPageView, report: bool) -> impl IntoView {
    let t = use_texts();
    let (rt, st) = (t.results, t.steering);
    let kinds = page.rules.len();
    let mut last_unit: Option<String> = None;
    let body_rows: Vec<AnyView> = page
        .rows
        .iter()
        .map(|r| {
            let header = (page.grouped && last_unit.as_deref() != Some(r.unit.as_str())).then(|| {
                view! { <tr class="unit-row" data-unit=r.unit.clone()><th colspan="9" scope="colgroup">{r.unit_name.clone()}</th></tr> }
            });
            last_unit = Some(r.unit.clone());
            view! {
                {header}
                <tr class:flagged=r.status == FlagStatus::Flagged data-target=r.key.clone()>
                    <td class="num">{r.rank}</td>
                    {target_cell(r)}
                    {(!page.grouped).then(|| view! { <td>{r.unit_name.clone()}</td> })}
                    {rates_cells(&r.overall)}
                    <td>{badge(r.status)}</td>
                    <td>
                        {r.flag.map(|(s, id)| flag_badge(s, id))}
                        {r.child_round_id.map(|c| view! { " "<a class="small" href=format!("/rounds/{c}/results")>{st.child_round}</a> })}
                    </td>
                </tr>
            }
            .into_any()
        })
        .collect();
    let flagged: Vec<RankRow> = page.rows.iter().filter(|r| matches!(r.flag, Some((FlagState::Flagged, _)))).cloned().collect();
    view! {
        <section class="card">
            <h2>{rt.ranking}</h2>
            {page.rules.iter().map(|r| view! { <p class="muted" data-rule=r.kind.as_str()>{rule_text(r, kinds)}</p> }).collect_view()}
            <div class="table-wrap">
                <table class="table ranking" data-testid="ranking" data-grouped=page.grouped.to_string()>
                    <thead><tr>
                        <th class="num">{rt.col_rank}</th><th>{rt.col_target}</th>
                        {(!page.grouped).then(|| view! { <th>{rt.col_unit}</th> })}
                        {rates_head()}<th>{rt.col_status}</th><th>{st.col_flag}</th>
                    </tr></thead>
                    <tbody>{body_rows}</tbody>
                </table>
            </div>
            {(page.admin && !report && !flagged.is_empty()).then(|| view! {
                <form method="post" action=paths::at(paths::REEVALUATE, page.id) class="reevaluate" data-testid="reevaluate-form">
                    <fieldset>
                        <legend>{st.reevaluate}</legend>
                        <p class="muted small">{st.reevaluate_help}</p>
                        {flagged.iter().map(|r| view! {
                            <label class="check"><input type="checkbox" name=reevaluate::target value=r.key.clone() checked/>" "{r.name.clone()}</label>
                        }).collect_view()}
                        {open_measures(&page)}
                        <button type="submit" class="button primary">{st.reevaluate_chosen}</button>
                    </fieldset>
                </form>
            })}
        </section>
    }
}

/// The measures of this round's ledgers not done yet, and the box that confirms
/// re-evaluation anyway (the server refuses without it and says how many).
fn open_measures(page: &ResultsPageView) -> Option<impl IntoView> {
    let own = page.ledgers.iter().filter(|l| l.flag.round_id == page.id);
    let n: usize = own.map(|l| crate::components::ledger::open_count(&l.problems)).sum();
    crate::components::ledger::confirm_box(n)
}

/// Parent and child side by side for each re-evaluated target.
#[component]
pub fn Comparison(page: ResultsPageView) -> impl IntoView {
    let t = use_texts();
    let (rt, st) = (t.results, t.steering);
    page.rows.iter().any(|r| r.before.is_some()).then(|| view! {
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
    })
}

/// Items and disclosed categories of each target.
#[component]
pub fn Details(page: ResultsPageView, report: bool) -> impl IntoView {
    let rt = use_texts().results;
    view! {
        <section class="card">
            <h2>{rt.details}</h2>
            <p class="muted small">{rt.categories_hidden}</p>
            {page.rows.iter().map(|r| view! {
                <details class="target-detail" open=report>
                    <summary>{r.name.clone()}{r.position.clone().map(|p| format!(" · {p}"))}" "{badge(r.status)}</summary>
                    <div class="table-wrap">
                        <table class="table">
                            <thead><tr><th>{rt.items}</th>{rates_head()}</tr></thead>
                            <tbody>
                                {r.items.iter().map(|(title, x)| view! { <tr><td>{title.clone()}</td>{rates_cells(x)}</tr> }).collect_view()}
                            </tbody>
                        </table>
                        <table class="table">
                            <thead><tr><th>{rt.categories}</th>{rates_head()}</tr></thead>
                            <tbody>
                                {r.categories.iter().map(|(name, x)| view! { <tr><td>{name.clone()}</td>{rates_cells(x)}</tr> }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                </details>
            }).collect_view()}
        </section>
    }
}
