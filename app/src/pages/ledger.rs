//! The flag page's rectification ledger (RULES.md E2): the table, and plain forms to
//! record a problem (typed, or picked from the target's opinions), add a measure to a
//! problem, and set a measure's status with evidence. Works without JavaScript.

use crate::components::ledger::LedgerTable;
use crate::domain::ledger::{MeasureStatus, MAX_EVIDENCE, MAX_MEASURE, MAX_OWNER, MAX_TITLE};
use crate::i18n::use_texts;
use crate::views::forms::{measure, measure_status, paths, problem};
use crate::views::steering::ProblemView;
use leptos::prelude::*;

/// The ledger of flag `flag_id`, with its forms.
#[component]
pub fn LedgerSection(flag_id: i32, problems: Vec<ProblemView>, opinions: Vec<String>) -> impl IntoView {
    let t = use_texts().ledger;
    let from = format!("/flags/{flag_id}");
    let measure_forms = problems.iter().map(|p| measure_form(p, &from)).collect_view();
    let status_forms = problems.iter().flat_map(|p| p.measures.iter().map(move |m| (p.title.clone(), m))).map(|(title, m)| {
        let label = format!("{} · {}", title, m.text);
        view! {
            <form method="post" action=paths::at(paths::MEASURE_STATUS, m.id) class="stack ledger-status" data-testid="status-form">
                <input type="hidden" name=measure_status::from value=from.clone()/>
                <fieldset>
                    <legend>{format!("{}：{label}", t.update_status)}</legend>
                    <div class="choices">
                        {MeasureStatus::ALL.into_iter().map(|s| {
                            let now = s == m.status;
                            view! {
                                <label class="check"><input type="radio" name=measure_status::status value=s.as_str() checked=now required/>" "{t.measure_status(s)}</label>
                            }
                        }).collect_view()}
                    </div>
                    <label>{t.evidence_optional}<textarea name=measure_status::evidence rows="2" maxlength=MAX_EVIDENCE.to_string()>{m.evidence.clone().unwrap_or_default()}</textarea></label>
                    <button type="submit" class="button">{t.update_status}</button>
                </fieldset>
            </form>
        }
    }).collect_view();
    view! {
        <section class="card" aria-labelledby="ledger" data-testid="ledger-section">
            <h2 id="ledger">{t.ledger_title}</h2>
            <p class="muted">{t.ledger_help}</p>
            <LedgerTable problems=problems/>
            <form method="post" action=paths::at(paths::FLAG_PROBLEM, flag_id) class="stack" data-testid="problem-form">
                <fieldset>
                    <legend>{t.add_problem}</legend>
                    <label>{t.problem_title}<input type="text" name=problem::title maxlength=MAX_TITLE.to_string()/></label>
                    {(!opinions.is_empty()).then(|| view! {
                        <label>{t.pick_opinion}
                            <select name=problem::opinion>
                                <option value="">{t.pick_none}</option>
                                {opinions.into_iter().map(|o| {
                                    let shown: String = o.chars().take(80).collect();
                                    view! { <option value=o>{shown}</option> }
                                }).collect_view()}
                            </select>
                        </label>
                        <p class="muted small">{t.pick_help}</p>
                    })}
                    <div class="choices" role="radiogroup" aria-label=t.source>
                        <label class="check"><input type="radio" name=problem::source value="finding" checked/>" "{t.source_finding}</label>
                        <label class="check"><input type="radio" name=problem::source value="opinion"/>" "{t.source_opinion}</label>
                    </div>
                    <button type="submit" class="button">{t.add_problem}</button>
                </fieldset>
            </form>
            {measure_forms}
            {status_forms}
        </section>
    }
}

fn measure_form(p: &ProblemView, from: &str) -> impl IntoView {
    let t = use_texts().ledger;
    view! {
        <form method="post" action=paths::at(paths::PROBLEM_MEASURE, p.id) class="stack" data-testid="measure-form">
            <input type="hidden" name=measure::from value=from.to_owned()/>
            <fieldset>
                <legend>{format!("{}：{}", t.add_measure, p.title)}</legend>
                <label>{t.measure}<textarea name=measure::text rows="2" maxlength=MAX_MEASURE.to_string() required></textarea></label>
                <label>{t.owner}<input type="text" name=measure::owner maxlength=MAX_OWNER.to_string() required/></label>
                <label>{t.deadline}<input type="date" name=measure::deadline required/></label>
                <button type="submit" class="button">{t.add_measure}</button>
            </fieldset>
        </form>
    }
}
