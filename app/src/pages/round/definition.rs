//! Rules, scale, categories, items and targets of a round: editable forms for a draft,
//! the same forms disabled (read-only) afterwards.

use crate::domain::round::{AppliesTo, FlagBasis, Polarity, Round, ScaleOption, TargetKind};
use crate::i18n::use_texts;
use crate::views::forms::{categories, import_list, items, paths, scale, settings, targets};
use crate::views::schedule::to_field;
use leptos::prelude::*;

/// Blank rows offered after the existing ones.
const BLANK_ROWS: usize = 2;

/// A form of editable rows: the table with its head, the rows given as children, the
/// hint and the save button; disabled (read-only) when `locked`. `scale_kind` marks a
/// scale table (a hidden `kind` field and `data-scale`).
#[component]
fn RowsForm(
    action: String,
    locked: bool,
    head: Vec<&'static str>,
    hint: String,
    #[prop(optional)] scale_kind: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let save = use_texts().rounds.save;
    view! {
        <form method="post" action=action>
            {scale_kind.map(|k| view! { <input type="hidden" name=scale::kind value=k/> })}
            <fieldset disabled=locked>
                <table class="table edit" data-scale=scale_kind>
                    <thead><tr>{head.into_iter().map(|h| view! { <th>{h}</th> }).collect_view()}</tr></thead>
                    <tbody>{children()}</tbody>
                </table>
                <p class="hint">{hint}</p>
                <button type="submit" class="primary">{save}</button>
            </fieldset>
        </form>
    }
}

/// One scale table: the round's (`cadre` false) or the cadres' own.
#[component]
fn ScaleTable(id: i32, locked: bool, cadre: bool, options: Vec<ScaleOption>) -> impl IntoView {
    let r = use_texts().rounds;
    let head = vec![r.col_name, r.col_key, r.col_points, r.col_polarity];
    let kind = if cadre { "cadre" } else { "body" };
    view! {
        <RowsForm action=paths::at(paths::ROUND_SCALE, id) locked head hint=r.rows_help.to_owned() scale_kind=kind>
            {options.iter().map(|o| Some(o.clone())).chain((0..BLANK_ROWS).map(|_| None)).map(|o| {
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
        </RowsForm>
    }
}

/// The definition sections of a round.
#[component]
pub fn Definition(round: Round) -> impl IntoView {
    let t = use_texts();
    let (r, e, sc) = (t.rounds, t.editor, t.schedule);
    let id = round.id;
    let locked = !round.status.is_editable();
    let s = round.spec;
    let weighted = s.flag_basis == FlagBasis::Weighted;
    let has_targets = !s.targets.is_empty();
    let scale_text = s.scale.iter().map(|o| o.label.clone()).collect::<Vec<_>>().join(" / ");
    let cadre_rules = s.rules_by_kind.cadre.clone().unwrap_or_default();
    let text_of = |t: Option<crate::domain::round::Threshold>| t.map(|t| t.to_string()).unwrap_or_default();
    let cadre_scale = s.cadre_scale.clone();
    let unit_name = |key: &str| s.targets.iter().find(|t| t.key == key).map_or_else(|| key.to_owned(), |t| t.name.clone());
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
                    <input id="s-threshold" name=settings::flag_threshold type="text" inputmode="decimal" required value=s.flag_threshold.to_string()
                        aria-describedby="threshold-hint"/>
                    <p class="hint" id="threshold-hint">{e.threshold_hint}</p>
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
                    <input id="s-minsat" name=settings::min_satisfaction type="text" inputmode="decimal"
                        value=text_of(s.min_satisfaction)/>
                    <label for="s-scale">{r.section_scale}</label>
                    <select id="s-scale" name=settings::scale>
                        <option value="keep" selected=true>{scale_text}</option>
                        <option value="default">{r.scale_default}</option>
                        <option value="body">{e.scale_body}</option>
                        <option value="cadre">{r.scale_cadre}</option>
                    </select>
                    <fieldset class="cadre-rules">
                        <legend>{e.cadre_rules}</legend>
                        <label for="s-cadre-scale">{e.cadre_scale_field}</label>
                        <select id="s-cadre-scale" name=settings::cadre_scale>
                            <option value="keep" selected=true>{e.cadre_scale_keep}</option>
                            <option value="same">{e.cadre_scale_same}</option>
                            <option value="cadre">{r.scale_cadre}</option>
                        </select>
                        <label for="s-cadre-threshold">{e.cadre_threshold}</label>
                        <input id="s-cadre-threshold" name=settings::cadre_flag_threshold type="text" inputmode="decimal" value=text_of(cadre_rules.flag_threshold)/>
                        <label for="s-cadre-quorum">{e.cadre_quorum}</label>
                        <input id="s-cadre-quorum" name=settings::cadre_quorum type="number" min="1" value=cadre_rules.quorum.map(|q| q.to_string()).unwrap_or_default()/>
                        <label for="s-cadre-minsat">{e.cadre_min_satisfaction}</label>
                        <input id="s-cadre-minsat" name=settings::cadre_min_satisfaction type="text" inputmode="decimal" value=text_of(cadre_rules.min_satisfaction)/>
                    </fieldset>
                    <fieldset class="schedule">
                        <legend>{sc.legend}</legend>
                        <label for="s-opens">{sc.opens_at}</label>
                        <input id="s-opens" name=settings::opens_at type="datetime-local" aria-describedby="schedule-hint" value=s.opens_at.map(to_field)/>
                        <label for="s-closes">{sc.closes_at}</label>
                        <input id="s-closes" name=settings::closes_at type="datetime-local" aria-describedby="schedule-hint" value=s.closes_at.map(to_field)/>
                        <p class="hint" id="schedule-hint">{sc.hint}</p>
                    </fieldset>
                    <button type="submit" class="primary">{r.save}</button>
                </fieldset>
            </form>
        </section>

        <section class="card">
            <h2>{r.section_scale}</h2>
            <ScaleTable id locked cadre=false options=s.scale.clone()/>
        </section>

        <section class="card">
            <h2>{e.section_cadre_scale}</h2>
            {cadre_scale.is_none().then(|| view! { <p class="hint">{e.cadre_scale_none}</p> })}
            <ScaleTable id locked cadre=true options=cadre_scale.clone().unwrap_or_default()/>
        </section>

        <section class="card">
            <h2>{r.section_categories}</h2>
            <RowsForm action=paths::at(paths::ROUND_CATEGORIES, id) locked head=vec![r.col_name, r.col_key, r.col_weight] hint=r.rows_help.to_owned()>
                {s.categories.iter().map(Some).chain((0..BLANK_ROWS).map(|_| None)).map(|c| view! {
                    <tr>
                        <td><input name=categories::name aria-label=r.col_name value=c.map(|c| c.name.clone()).unwrap_or_default()/></td>
                        <td><input name=categories::key aria-label=r.col_key value=c.map(|c| c.key.clone()).unwrap_or_default()/></td>
                        <td><input name=categories::weight aria-label=r.col_weight type="number" step="any" min="0"
                            value=c.map_or_else(|| "1".to_owned(), |c| c.weight.to_string())/></td>
                    </tr>
                }).collect_view()}
            </RowsForm>
        </section>

        <section class="card">
            <h2>{r.section_items}</h2>
            <RowsForm action=paths::at(paths::ROUND_ITEMS, id) locked head=vec![r.col_title, r.col_key, e.col_applies, r.col_overall]
                hint=format!("{} {}", e.overall_help, r.rows_help)>
                {s.items.iter().map(Some).chain((0..BLANK_ROWS).map(|_| None)).enumerate().map(|(i, it)| {
                    let applies = it.map(|x| x.applies_to).unwrap_or_default();
                    view! {
                        <tr>
                            <td><input name=items::title aria-label=r.col_title value=it.map(|x| x.title.clone()).unwrap_or_default()/></td>
                            <td><input name=items::key aria-label=r.col_key value=it.map(|x| x.key.clone()).unwrap_or_default()/></td>
                            <td>
                                <select name=items::applies_to aria-label=e.col_applies>
                                    <option value="both" selected=applies == AppliesTo::Both>{e.applies_both}</option>
                                    <option value="body" selected=applies == AppliesTo::Body>{e.applies_body}</option>
                                    <option value="cadre" selected=applies == AppliesTo::Cadre>{e.applies_cadre}</option>
                                </select>
                            </td>
                            <td><input type="checkbox" name=items::overall aria-label=r.col_overall value=i.to_string() checked=it.is_some_and(|x| x.overall)/></td>
                        </tr>
                    }
                }).collect_view()}
            </RowsForm>
        </section>

        <section class="card">
            <h2>{r.section_targets}" ("{s.targets.len()}")"</h2>
            <form method="post" action=paths::at(paths::TARGETS_REMOVE, id)>
            <fieldset disabled=locked>
            <table class="table">
                <thead><tr><th>{r.col_remove}</th><th>{r.col_name}</th><th>{r.col_kind}</th><th>{e.col_position}</th><th>{r.col_parent}</th><th>{r.col_key}</th></tr></thead>
                <tbody>
                    {s.targets.iter().map(|t| view! {
                        <tr>
                            <td><input type="checkbox" name=targets::target value=t.key.clone() aria-label=format!("{} {}", r.col_remove, t.name)/></td>
                            <td>{t.name.clone()}</td>
                            <td>{match t.kind { TargetKind::Body => r.kind_body, TargetKind::Cadre => r.kind_cadre }}</td>
                            <td>{t.position.clone().unwrap_or_default()}</td>
                            <td>{t.parent.as_deref().map(unit_name).unwrap_or_default()}</td>
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
