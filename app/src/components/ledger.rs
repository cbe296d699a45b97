//! A flag's rectification ledger as a table (read only): one row per measure, a problem
//! without measures on a row of its own. The flag page adds its forms around it; the
//! results page and the print report show it beside the numbers.

use crate::domain::ledger::{MeasureStatus, ProblemSource};
use crate::i18n::use_texts;
use crate::views::steering::ProblemView;
use leptos::prelude::*;

/// How many measures of `problems` are not done.
pub fn open_count(problems: &[ProblemView]) -> usize {
    problems.iter().flat_map(|p| &p.measures).filter(|m| m.status != MeasureStatus::Done).count()
}

/// "N measures are not done" and the box of a re-evaluation form that confirms it anyway
/// (the server refuses without it and says how many), when `n` > 0.
pub fn confirm_box(n: usize) -> Option<impl IntoView> {
    let t = use_texts().ledger;
    (n > 0).then(|| view! {
        <p class="notice" data-testid="open-measures">{t.open_count.replace("{n}", &n.to_string())}</p>
        <label class="check"><input type="checkbox" name=crate::views::forms::reevaluate::confirm value="yes"/>" "{t.confirm_reevaluate}</label>
    })
}

/// The ledger's table, evidence notes included (for admins and steering members only).
#[component]
pub fn LedgerTable(problems: Vec<ProblemView>) -> impl IntoView {
    let t = use_texts().ledger;
    if problems.is_empty() {
        return view! { <p class="muted">{t.no_ledger}</p> }.into_any();
    }
    let source = move |s: ProblemSource| match s {
        ProblemSource::Opinion => t.source_opinion,
        ProblemSource::Finding => t.source_finding,
    };
    view! {
        <div class="table-wrap">
            <table class="table ledger" data-testid="ledger">
                <thead><tr>
                    <th scope="col">{t.problem}</th><th scope="col">{t.measure}</th><th scope="col">{t.owner}</th>
                    <th scope="col">{t.deadline}</th><th scope="col">{t.status}</th>
                </tr></thead>
                <tbody>
                    {problems.into_iter().map(|p| {
                        let rows = p.measures.len().max(1).to_string();
                        let (title, from) = (p.title.clone(), source(p.source));
                        let head = move || view! {
                            <th scope="row" rowspan=rows.clone()>{title.clone()}<br/><span class="muted small">{from}</span></th>
                        };
                        if p.measures.is_empty() {
                            return view! { <tr>{head()}<td colspan="4" class="muted">{t.no_measures}</td></tr> }.into_any();
                        }
                        p.measures.into_iter().enumerate().map(|(i, m)| view! {
                            <tr data-measure=m.id.to_string()>
                                {(i == 0).then(&head)}
                                <td>{m.text.clone()}</td>
                                <td>{m.owner.clone()}</td>
                                <td>{m.deadline.clone()}{m.overdue.then(|| view! { " "<span class="flag flag-on">{t.overdue}</span> })}</td>
                                <td>
                                    <span class=format!("measure-status {}", m.status.as_str())>{t.measure_status(m.status)}</span>
                                    <span class="muted small">{format!(" ({} {})", t.status_on, m.status_on)}</span>
                                    {m.evidence.clone().map(|e| view! { <br/><span class="small">{format!("{}：{e}", t.evidence)}</span> })}
                                </td>
                            </tr>
                        }).collect_view().into_any()
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
