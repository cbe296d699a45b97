//! The admin's panel of indicators of coached voting (RULES.md A10): a link that computes
//! them (a pass over every ballot, so only when asked), then a table of the round and each
//! disclosed category — shares, the gap to the round, and a "worth a closer look" mark —
//! worded as a prompt, never as a finding.

use crate::i18n::use_texts;
use crate::views::results::{IndicatorRow, ResultsPageView};
use leptos::prelude::*;

/// Millionths as a percentage with one decimal.
fn pct(ppm: u64) -> String {
    format!("{:.1}%", ppm as f64 / 10_000.0)
}

/// A gap in millionths as signed percentage points.
fn points(ppm: i64) -> String {
    format!("{:+.1}", ppm as f64 / 10_000.0)
}

fn row(r: IndicatorRow) -> impl IntoView {
    let rt = use_texts().results;
    let c = r.counts;
    let gaps = r.gaps.map(|(s, i)| format!("{} / {}", points(s), points(i))).unwrap_or_else(|| "—".to_owned());
    view! {
        <tr data-look-closer=r.look_closer.to_string()>
            <th scope="row">{r.name.unwrap_or_else(|| rt.indicators_round.to_owned())}</th>
            <td class="num">{c.ballots}</td>
            <td class="num">{format!("{} ({})", c.straight_lined, pct(c.straight_lined_ppm()))}</td>
            <td class="num">{format!("{} ({})", c.identical, pct(c.identical_ppm()))}</td>
            <td class="num">{gaps}</td>
            <td>{r.look_closer.then(|| view! { <span class="flag flag-on">{rt.look_closer}</span> })}</td>
        </tr>
    }
}

/// The panel of a closed round's results page (admins).
#[component]
pub fn Indicators(page: ResultsPageView) -> impl IntoView {
    let rt = use_texts().results;
    let closed = page.status.is_closed();
    closed.then(|| {
        view! {
            <section class="card no-print" aria-labelledby="indicators" data-testid="indicators">
                <h2 id="indicators">{rt.indicators_title}</h2>
                <p class="muted">{rt.indicators_help}</p>
                {match page.indicators {
                    None => view! {
                        <p><a class="button-link" href=format!("/rounds/{}/results?indicators=1#indicators", page.id)>{rt.indicators_show}</a></p>
                    }.into_any(),
                    Some(rows) => view! {
                        <div class="table-wrap">
                            <table class="table" data-testid="indicators-table">
                                <thead><tr>
                                    <th scope="col">{rt.col_group}</th><th scope="col" class="num">{rt.ballots}</th>
                                    <th scope="col" class="num">{rt.col_straight_lined}</th><th scope="col" class="num">{rt.col_identical}</th>
                                    <th scope="col" class="num">{rt.col_gap}</th><th scope="col"></th>
                                </tr></thead>
                                <tbody>{rows.into_iter().map(row).collect_view()}</tbody>
                            </table>
                        </div>
                    }.into_any(),
                }}
            </section>
        }
    })
}
