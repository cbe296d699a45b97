//! The turnout of a results page (per category and per unit, each with the under-half
//! warning) and its filter by unit and kind (a GET form: works without JavaScript).

use super::pct;
use crate::domain::round::TargetKind;
use crate::domain::tally::low_turnout;
use crate::i18n::use_texts;
use crate::views::results::ResultsPageView;
use leptos::prelude::*;

fn rate(used: i64, issued: i64) -> Option<f64> {
    (issued > 0).then(|| used as f64 / issued as f64)
}

fn low(used: i64, issued: i64) -> bool {
    low_turnout(u64::try_from(used).unwrap_or(0), u64::try_from(issued).unwrap_or(0))
}

/// Turnout per category and, for a round of several units, per unit.
#[component]
pub fn Turnout(page: ResultsPageView) -> impl IntoView {
    let rt = use_texts().results;
    let warn = move |l: bool| l.then(|| view! { " "<span class="flag flag-on" data-low="true">{rt.low_unit}</span> });
    view! {
        <h2>{rt.turnout}</h2>
        <table class="table" data-testid="turnout-categories">
            <thead><tr><th>{rt.col_category}</th><th class="num">{rt.col_issued}</th><th class="num">{rt.col_used}</th><th class="num">{rt.col_turnout}</th></tr></thead>
            <tbody>
                {page.turnout.iter().map(|c| {
                    let issued = c.issued - c.revoked;
                    view! {
                        <tr><td>{c.name.clone()}</td><td class="num">{issued}</td><td class="num">{c.used}</td>
                        <td class="num">{pct(rate(c.used, issued))}{warn(low(c.used, issued))}</td></tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        {(!page.units.is_empty()).then(|| view! {
            <h2>{rt.units}</h2>
            <div class="table-wrap">
                <table class="table" data-testid="turnout-units">
                    <thead><tr><th>{rt.col_unit}</th><th class="num">{rt.col_issued}</th><th class="num">{rt.col_used}</th><th class="num">{rt.col_turnout}</th></tr></thead>
                    <tbody>
                        {page.units.iter().map(|u| {
                            let issued = u.issued - u.revoked;
                            view! {
                                <tr data-unit=u.unit.clone() class:low=low(u.used, issued)>
                                    <td>{u.name.clone()}</td><td class="num">{issued}</td><td class="num">{u.used}</td>
                                    <td class="num">{pct(rate(u.used, issued))}{warn(low(u.used, issued))}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

/// `?unit=&kind=`: which unit and which kind the page shows.
#[component]
pub fn FilterForm(page: ResultsPageView) -> impl IntoView {
    let rt = use_texts().results;
    let show = !page.unit_choices.is_empty() || page.rules.len() > 1;
    let kind = page.filter.kind;
    let unit = page.filter.unit.clone();
    show.then(|| {
        view! {
            <form method="get" class="filter no-print" data-testid="results-filter">
                {(!page.unit_choices.is_empty()).then(|| view! {
                    <label for="filter-unit">{rt.col_unit}</label>
                    <select id="filter-unit" name="unit">
                        <option value="">{rt.filter_all_units}</option>
                        {page.unit_choices.iter().map(|(k, n)| view! {
                            <option value=k.clone() selected=unit.as_deref() == Some(k.as_str())>{n.clone()}</option>
                        }).collect_view()}
                    </select>
                })}
                <label for="filter-kind">{rt.filter_kind}</label>
                <select id="filter-kind" name="kind">
                    <option value="">{rt.filter_all_kinds}</option>
                    {[TargetKind::Body, TargetKind::Cadre].into_iter().map(|k| view! {
                        <option value=k.as_str() selected=kind == Some(k)>{rt.kind_name(k)}</option>
                    }).collect_view()}
                </select>
                <button type="submit" class="button secondary">{rt.filter_apply}</button>
                {(page.filter != Default::default()).then(|| view! {
                    " "<a href=format!("/rounds/{}/results", page.id)>{rt.filter_clear}</a>
                })}
            </form>
        }
    })
}
