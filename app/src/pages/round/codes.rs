//! Codes: turnout per category, issuing (answered by the printable slip sheet) and revoking.

use crate::domain::lifecycle::Status;
use crate::domain::round::{CategoryTurnout, Round};
use crate::i18n::use_texts;
use crate::views::forms::{issue, paths, revoke};
use leptos::prelude::*;

fn pct(used: i64, issued: i64) -> String {
    if issued == 0 {
        "—".into()
    } else {
        format!("{:.1}%", used as f64 * 100.0 / issued as f64)
    }
}

/// The codes section of a round.
#[component]
pub fn Codes(round: Round, turnout: Vec<CategoryTurnout>) -> impl IntoView {
    let r = use_texts().rounds;
    let id = round.id;
    let (issued, used, revoked) = turnout.iter().fold((0, 0, 0), |(a, b, c), x| (a + x.issued, b + x.used, c + x.revoked));
    let can_issue = matches!(round.status, Status::Draft | Status::Open);
    let categories = round.spec.categories.clone();
    let targets = round.spec.targets.clone();
    view! {
        <section class="card">
            <h2>{r.section_codes}</h2>
            <table class="table numbers" aria-label=r.section_codes>
                <thead>
                    <tr><th>{r.category}</th><th>{r.col_issued}</th><th>{r.col_used}</th><th>{r.col_revoked}</th><th>{r.col_used_pct}</th></tr>
                </thead>
                <tbody>
                    {turnout.into_iter().map(|c| view! {
                        <tr><td>{c.name}</td><td>{c.issued}</td><td>{c.used}</td><td>{c.revoked}</td><td>{pct(c.used, c.issued)}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th>{r.total}</th><th>{issued}</th><th>{used}</th><th>{revoked}</th><th>{pct(used, issued)}</th></tr></tfoot>
            </table>
            <Show when=move || can_issue>
                <form method="post" action=paths::at(paths::CODES_ISSUE, id) class="form">
                    <h3>{r.issue_codes}</h3>
                    <label for="code-category">{r.category}</label>
                    <select id="code-category" name=issue::category>
                        {categories.iter().map(|c| view! { <option value=c.key.clone()>{c.name.clone()}</option> }).collect_view()}
                    </select>
                    <label for="code-count">{r.count}</label>
                    <input id="code-count" name=issue::count type="number" min="1" max="100000" value="50" required/>
                    <details>
                        <summary>{r.scope}</summary>
                        {targets.iter().map(|t| view! {
                            <label class="choice"><input type="checkbox" name=issue::target value=t.key.clone()/>{t.name.clone()}</label>
                        }).collect_view()}
                    </details>
                    <button type="submit" class="primary">{r.issue_codes}</button>
                </form>
                <form method="post" action=paths::at(paths::CODES_REVOKE, id) class="form">
                    <h3>{r.revoke_codes}</h3>
                    <label for="revoke-codes">{r.revoke_help}</label>
                    <textarea id="revoke-codes" name=revoke::codes rows="3" autocapitalize="characters"></textarea>
                    <button type="submit" class="button secondary">{r.revoke_codes}</button>
                </form>
            </Show>
        </section>
    }
}
