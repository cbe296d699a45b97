//! Rules, scale, categories, items and targets of a round: editable forms for a draft,
//! the same forms disabled (read-only) afterwards.

use crate::domain::round::{FlagBasis, Polarity, Round, TargetKind};
use crate::i18n::use_texts;
use crate::views::forms::{categories, import_list, items, paths, scale, settings, targets};
use leptos::prelude::*;

/// Blank rows offered after the existing ones.
const BLANK_ROWS: usize = 2;

/// The definition sections of a round.
#[component]
pub fn Definition(round: Round) -> impl IntoView {
    let r = use_texts().rounds;
    let id = round.id;
    let locked = !round.status.is_editable();
    let s = round.spec;
    let weighted = s.flag_basis == FlagBasis::Weighted;
    let has_targets = !s.targets.is_empty();
    let scale_text = s.scale.iter().map(|o| o.label.clone()).collect::<Vec<_>>().join(" / ");
    let blank = |n: usize| (0..n).map(|_| ()).collect::<Vec<_>>();
    view! {
        <Show when=move || locked>
            <p class="notice">{r.read_only}</p>
        </Show>
        <section class="card">
            <h2>{r.section_settings}</h2>
            <form method="post" action=paths::at(paths::ROUND_SETTINGS, id) class="form">
                <fieldset disabled=locked>
                    <label for="s-title">{r.field_title}</label>
                    <input id="s-title" name=settings::title type="text" required maxlength="200" value=s.title.clone()/>
                    <label for="s-description">{r.field_description}</label>
                    <textarea id="s-description" name=settings::description rows="2" maxlength="4000">{s.description.clone()}</textarea>
                    <label for="s-threshold">{r.flag_threshold}</label>
                    <input id="s-threshold" name=settings::flag_threshold type="number" step="0.01" min="0.01" max="0.99" value=s.flag_threshold.to_string()/>
                    <label for="s-basis">{r.flag_basis}</label>
                    <select id="s-basis" name=settings::flag_basis>
                        <option value="headcount" selected=!weighted>{r.basis_headcount}</option>
                        <option value="weighted" selected=weighted>{r.basis_weighted}</option>
                    </select>
                    <label for="s-quorum">{r.quorum}</label>
                    <input id="s-quorum" name=settings::quorum type="number" min="1" value=s.quorum.to_string()/>
                    <label for="s-disclosure">{r.disclosure_min}</label>
                    <input id="s-disclosure" name=settings::disclosure_min type="number" min="1" value=s.disclosure_min.to_string()/>
                    <label for="s-minsat">{r.min_satisfaction}</label>
                    <input id="s-minsat" name=settings::min_satisfaction type="number" step="0.01" min="0.01" max="0.99"
                        value=s.min_satisfaction.map(|m| m.to_string()).unwrap_or_default()/>
                    <label for="s-scale">{r.section_scale}</label>
                    <select id="s-scale" name=settings::scale>
                        <option value="keep" selected=true>{scale_text}</option>
                        <option value="default">{r.scale_default}</option>
                        <option value="cadre">{r.scale_cadre}</option>
                    </select>
                    <button type="submit" class="primary">{r.save}</button>
                </fieldset>
            </form>
        </section>

        <section class="card">
            <h2>{r.section_scale}</h2>
            <form method="post" action=paths::at(paths::ROUND_SCALE, id)>
                <fieldset disabled=locked>
                    <table class="table edit">
                        <thead><tr><th>{r.col_name}</th><th>{r.col_key}</th><th>{r.col_points}</th><th>{r.col_polarity}</th></tr></thead>
                        <tbody>
                            {s.scale.iter().map(|o| Some(o.clone())).chain((0..BLANK_ROWS).map(|_| None)).map(|o| {
                                let pol = o.as_ref().map(|o| o.polarity);
                                view! {
                                    <tr>
                                        <td><input name=scale::label aria-label=r.col_name value=o.as_ref().map(|o| o.label.clone()).unwrap_or_default()/></td>
                                        <td><input name=scale::key aria-label=r.col_key value=o.as_ref().map(|o| o.key.clone()).unwrap_or_default()/></td>
                                        <td><input name=scale::points aria-label=r.col_points type="number" value=o.as_ref().and_then(|o| o.points).map(|p| p.to_string()).unwrap_or_default()/></td>
                                        <td>
                                            <select name=scale::polarity aria-label=r.col_polarity>
                                                <option value="positive" selected=pol == Some(Polarity::Positive)>{r.polarity_positive}</option>
                                                <option value="negative" selected=pol == Some(Polarity::Negative)>{r.polarity_negative}</option>
                                                <option value="abstain" selected=pol == Some(Polarity::Abstain)>{r.polarity_abstain}</option>
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="hint">{r.rows_help}</p>
                    <button type="submit" class="primary">{r.save}</button>
                </fieldset>
            </form>
        </section>

        <section class="card">
            <h2>{r.section_categories}</h2>
            <form method="post" action=paths::at(paths::ROUND_CATEGORIES, id)>
                <fieldset disabled=locked>
                    <table class="table edit">
                        <thead><tr><th>{r.col_name}</th><th>{r.col_key}</th><th>{r.col_weight}</th></tr></thead>
                        <tbody>
                            {s.categories.iter().map(|c| view! {
                                <tr>
                                    <td><input name=categories::name aria-label=r.col_name value=c.name.clone()/></td>
                                    <td><input name=categories::key aria-label=r.col_key value=c.key.clone()/></td>
                                    <td><input name=categories::weight aria-label=r.col_weight type="number" step="any" min="0" value=c.weight.to_string()/></td>
                                </tr>
                            }).collect_view()}
                            {blank(BLANK_ROWS).into_iter().map(|_| view! {
                                <tr>
                                    <td><input name=categories::name aria-label=r.col_name/></td>
                                    <td><input name=categories::key aria-label=r.col_key/></td>
                                    <td><input name=categories::weight aria-label=r.col_weight type="number" step="any" min="0" value="1"/></td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="hint">{r.rows_help}</p>
                    <button type="submit" class="primary">{r.save}</button>
                </fieldset>
            </form>
        </section>

        <section class="card">
            <h2>{r.section_items}</h2>
            <form method="post" action=paths::at(paths::ROUND_ITEMS, id)>
                <fieldset disabled=locked>
                    <table class="table edit">
                        <thead><tr><th>{r.col_title}</th><th>{r.col_key}</th><th>{r.col_overall}</th></tr></thead>
                        <tbody>
                            {s.items.iter().enumerate().map(|(i, it)| view! {
                                <tr>
                                    <td><input name=items::title aria-label=r.col_title value=it.title.clone()/></td>
                                    <td><input name=items::key aria-label=r.col_key value=it.key.clone()/></td>
                                    <td><input type="radio" name=items::overall aria-label=r.col_overall value=i.to_string() checked=it.overall/></td>
                                </tr>
                            }).collect_view()}
                            {blank(BLANK_ROWS).into_iter().enumerate().map(|(j, _)| {
                                let i = s.items.len() + j;
                                view! {
                                    <tr>
                                        <td><input name=items::title aria-label=r.col_title/></td>
                                        <td><input name=items::key aria-label=r.col_key/></td>
                                        <td><input type="radio" name=items::overall aria-label=r.col_overall value=i.to_string()/></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="hint">{r.rows_help}</p>
                    <button type="submit" class="primary">{r.save}</button>
                </fieldset>
            </form>
        </section>

        <section class="card">
            <h2>{r.section_targets}" ("{s.targets.len()}")"</h2>
            <form method="post" action=paths::at(paths::TARGETS_REMOVE, id)>
            <fieldset disabled=locked>
            <table class="table">
                <thead><tr><th>{r.col_remove}</th><th>{r.col_name}</th><th>{r.col_kind}</th><th>{r.col_parent}</th><th>{r.col_key}</th></tr></thead>
                <tbody>
                    {s.targets.iter().map(|t| view! {
                        <tr>
                            <td><input type="checkbox" name=targets::target value=t.key.clone() aria-label=format!("{} {}", r.col_remove, t.name)/></td>
                            <td>{t.name.clone()}</td>
                            <td>{match t.kind { TargetKind::Body => r.kind_body, TargetKind::Cadre => r.kind_cadre }}</td>
                            <td>{t.parent.clone().unwrap_or_default()}</td>
                            <td><code>{t.key.clone()}</code></td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            <Show when=move || !locked && has_targets>
                <button type="submit" class="button secondary">{r.remove_selected}</button>
            </Show>
            </fieldset>
            </form>
            <Show when=move || !locked>
                <form method="post" action=paths::at(paths::TARGETS_PREVIEW, id) enctype="multipart/form-data" class="form">
                    <p class="hint">{r.targets_help}</p>
                    <label for="t-text">{r.import_text}</label>
                    <textarea id="t-text" name=import_list::text rows="5" placeholder=r.import_example></textarea>
                    <label for="t-file">{r.import_file}</label>
                    <input id="t-file" name=import_list::file type="file" accept=".csv,.xlsx,text/csv"/>
                    <button type="submit" class="primary">{r.import_preview}</button>
                </form>
            </Show>
        </section>
    }
}
