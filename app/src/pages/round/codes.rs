//! Codes: turnout per category and unit; issuing by plan (units × categories in one step)
//! or one batch at a time (each answered by the printable slip sheet); the batches issued,
//! each revocable (and reissuable) as a whole; revoking single codes.

use crate::domain::lifecycle::Status;
use crate::domain::round::{CategoryTurnout, Round, TargetKind, UnitTurnout};
use crate::domain::tally::low_turnout;
use crate::i18n::use_texts;
use crate::views::forms::{batch, issue, paths, plan, revoke};
use crate::views::rounds::BatchSummary;
use leptos::prelude::*;

fn pct(used: i64, issued: i64) -> String {
    if issued == 0 {
        "—".into()
    } else {
        format!("{:.1}%", used as f64 * 100.0 / issued as f64)
    }
}

fn low(used: i64, issued: i64) -> bool {
    low_turnout(u64::try_from(used).unwrap_or(0), u64::try_from(issued).unwrap_or(0))
}

/// The codes section of a round.
#[component]
pub fn Codes(round: Round, turnout: Vec<CategoryTurnout>, units: Vec<UnitTurnout>, batches: Vec<BatchSummary>) -> impl IntoView {
    let t = use_texts();
    let (r, c, rt, p) = (t.rounds, t.codes, t.results, t.paper);
    let id = round.id;
    let (issued, used, revoked) = turnout.iter().fold((0, 0, 0), |(a, b, c), x| (a + x.issued, b + x.used, c + x.revoked));
    let can_issue = matches!(round.status, Status::Draft | Status::Open);
    let categories = round.spec.categories.clone();
    let targets = round.spec.targets.clone();
    let bodies: Vec<(String, String)> =
        round.spec.targets.iter().filter(|t| t.kind == TargetKind::Body).map(|t| (t.key.clone(), t.name.clone())).collect();
    let has_units = !bodies.is_empty();
    view! {
        <section class="card">
            <h2>{r.section_codes}</h2>
            <table class="table numbers" aria-label=r.section_codes>
                <thead>
                    <tr><th>{r.category}</th><th>{r.col_issued}</th><th>{r.col_used}</th><th>{r.col_revoked}</th><th>{r.col_used_pct}</th></tr>
                </thead>
                <tbody>
                    {turnout.into_iter().map(|c| view! {
                        <tr><td>{c.name}</td><td>{c.issued}</td><td>{c.used}</td><td>{c.revoked}</td><td>{pct(c.used, c.issued - c.revoked)}</td></tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th>{r.total}</th><th>{issued}</th><th>{used}</th><th>{revoked}</th><th>{pct(used, issued - revoked)}</th></tr></tfoot>
            </table>
            <p class="actions">
                <a href=paths::at(paths::RECONCILIATION, id) data-testid="reconciliation-link">{p.rec_print}</a>" · "
                <a href=format!("/api/v1/rounds/{id}/reconciliation.xlsx")>{p.rec_xlsx}</a>
            </p>
            {(!units.is_empty()).then(|| view! {
                <h3>{rt.units}</h3>
                <div class="table-wrap">
                    <table class="table numbers" data-testid="unit-turnout">
                        <thead><tr><th>{c.col_unit}</th><th>{r.col_issued}</th><th>{r.col_used}</th><th>{r.col_revoked}</th><th>{r.col_used_pct}</th></tr></thead>
                        <tbody>
                            {units.iter().map(|u| {
                                let live = u.issued - u.revoked;
                                view! {
                                    <tr data-unit=u.unit.clone()>
                                        <td>{u.name.clone()}</td><td>{u.issued}</td><td>{u.used}</td><td>{u.revoked}</td>
                                        <td>{pct(u.used, live)}{(live > 0 && low(u.used, live)).then(|| view! { " "<span class="flag flag-on">{rt.low_unit}</span> })}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            {(can_issue && has_units).then(|| view! { <PlanForm id categories=categories.clone() bodies=bodies.clone()/> })}
            {can_issue.then(|| view! {
                <form method="post" action=paths::at(paths::CODES_ISSUE, id) class="form">
                    <h3>{r.issue_codes}</h3>
                    <label for="code-category">{r.category}</label>
                    <select id="code-category" name=issue::category>
                        {categories.iter().map(|c| view! { <option value=c.key.clone()>{c.name.clone()}</option> }).collect_view()}
                    </select>
                    <label for="code-count">{r.count}</label>
                    <input id="code-count" name=issue::count type="number" min="1" max="100000" value="50" required/>
                    {has_units.then(|| view! {
                        <label for="code-unit">{c.unit_optional}</label>
                        <select id="code-unit" name=issue::unit>
                            <option value="">{c.unit_all}</option>
                            {bodies.iter().map(|(k, n)| view! { <option value=k.clone()>{n.clone()}</option> }).collect_view()}
                        </select>
                    })}
                    <details>
                        <summary>{r.scope}</summary>
                        {targets.iter().map(|t| view! {
                            <label class="choice"><input type="checkbox" name=issue::target value=t.key.clone()/>{t.name.clone()}</label>
                        }).collect_view()}
                    </details>
                    <Format name=issue::format idp="issue"/>
                    <button type="submit" class="primary">{r.issue_codes}</button>
                </form>
                <form method="post" action=paths::at(paths::CODES_REVOKE, id) class="form">
                    <h3>{r.revoke_codes}</h3>
                    <label for="revoke-codes">{r.revoke_help}</label>
                    <textarea id="revoke-codes" name=revoke::codes rows="3" autocapitalize="characters"></textarea>
                    <button type="submit" class="button secondary">{r.revoke_codes}</button>
                </form>
            })}
            <Batches id can_issue batches/>
        </section>
    }
}

/// Issue codes for every unit × category in one post: a grid of counts, or a pasted or
/// uploaded table (单位编码, 类别, 份数).
#[component]
fn PlanForm(id: i32, categories: Vec<crate::domain::round::CategorySpec>, bodies: Vec<(String, String)>) -> impl IntoView {
    let t = use_texts();
    let (r, c) = (t.rounds, t.codes);
    let example = bodies
        .iter()
        .take(2)
        .flat_map(|(k, _)| categories.iter().take(2).map(move |cat| format!("{k},{},30", cat.key)))
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        <form method="post" action=paths::at(paths::CODES_PLAN, id) enctype="multipart/form-data" class="form plan" data-testid="plan-form">
            <h3>{c.plan_title}</h3>
            <p class="hint">{c.plan_help}</p>
            <p>{c.plan_grid}</p>
            <div class="table-wrap">
                <table class="table edit numbers">
                    <thead><tr><th>{c.col_unit}</th>{categories.iter().map(|x| view! { <th>{x.name.clone()}</th> }).collect_view()}</tr></thead>
                    <tbody>
                        {bodies.iter().map(|(key, name)| view! {
                            <tr>
                                <th scope="row">{name.clone()}</th>
                                {categories.iter().map(|cat| view! {
                                    <td>
                                        <input type="hidden" name=plan::unit value=key.clone()/>
                                        <input type="hidden" name=plan::category value=cat.key.clone()/>
                                        <input name=plan::count type="number" min="0" max="100000" inputmode="numeric"
                                            aria-label=format!("{name} · {}", cat.name)/>
                                    </td>
                                }).collect_view()}
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
            <label for="plan-text">{c.plan_text}</label>
            <textarea id="plan-text" name=plan::text rows="3" placeholder=example></textarea>
            <label for="plan-file">{c.plan_file}</label>
            <input id="plan-file" name=plan::file type="file" accept=".csv,.xlsx,text/csv"/>
            <Format name=plan::format idp="plan"/>
            <button type="submit" class="primary">{c.plan_issue}</button>
            <p class="muted small">{r.codes_once}</p>
        </form>
    }
}

/// How the issued codes print: slips (the default) or a paper 测评表 per code.
#[component]
fn Format(name: &'static str, idp: &'static str) -> impl IntoView {
    let p = use_texts().paper;
    view! {
        <fieldset class="choices">
            <legend>{p.format_label}</legend>
            <label class="choice" for=format!("{idp}-slips")>
                <input type="radio" id=format!("{idp}-slips") name=name value="slips" checked/>{p.format_slips}
            </label>
            <label class="choice" for=format!("{idp}-paper")>
                <input type="radio" id=format!("{idp}-paper") name=name value="paper"/>{p.format_paper}
            </label>
        </fieldset>
    }
}

/// The batches issued, newest first; each can be revoked, or revoked and issued again.
#[component]
fn Batches(id: i32, can_issue: bool, batches: Vec<BatchSummary>) -> impl IntoView {
    let t = use_texts();
    let (r, c) = (t.rounds, t.codes);
    (!batches.is_empty()).then(|| view! {
        <h3>{c.batches_title}</h3>
        <p class="notice" data-testid="reprint-note">{c.reprint_note}</p>
        <div class="table-wrap">
            <table class="table numbers" data-testid="batches">
                <thead><tr>
                    <th>{c.col_batch}</th><th>{c.col_unit}</th><th>{r.category}</th><th>{c.col_unused}</th><th>{r.col_used}</th><th>{r.col_revoked}</th>
                    {can_issue.then(|| view! { <th></th> })}
                </tr></thead>
                <tbody>
                    {batches.into_iter().map(|b| view! {
                        <tr data-batch=b.batch.to_string()>
                            <td>{b.batch}</td><td>{b.unit.clone().unwrap_or_else(|| c.unit_all.to_owned())}</td><td>{b.category.clone()}</td>
                            <td>{b.unused}</td><td>{b.used}</td><td>{b.revoked}</td>
                            {can_issue.then(|| view! {
                                <td>
                                    {(b.unused > 0).then(|| view! {
                                        <form method="post" action=paths::at(paths::CODES_BATCH, id) class="inline">
                                            <input type="hidden" name=batch::batch value=b.batch.to_string()/>
                                            <button type="submit" class="button secondary small" name=batch::reissue value="">{c.revoke_batch}</button>
                                            " "
                                            <button type="submit" class="button secondary small" name=batch::reissue value="1">{c.reissue}</button>
                                            " "
                                            <button type="submit" class="button secondary small" name=batch::reissue value="paper">{c.reissue}" · "{t.paper.sheet_title}</button>
                                        </form>
                                    })}
                                </td>
                            })}
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    })
}
