//! Form posts of the round pages (admin): a new draft, its settings, categories, items,
//! scale and targets, the lifecycle, copies and revoked codes.

use super::{back_with_error, back_with_notice, id_of, said, saved, Form};
use crate::routes::signed::{Admins, Signed};
use app::domain::code::Code;
use app::domain::lifecycle::Transition;
use app::domain::round::{
    annual_preset, body_scale, cadre_scale, default_scale, AppliesTo, CategorySpec, FlagBasis, ItemSpec, KindRules, Polarity, RoundSpec,
    ScaleOption, Threshold,
};
use app::i18n::errors as m;
use app::i18n::{problems, texts, Locale};
use app::ssr::{codes, rounds, AppState};
use app::views::forms::{paths, CategoriesForm, ItemsForm, LifecycleForm, NewRoundForm, RevokeForm, ScaleForm, SettingsForm, TargetsForm};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

type Admin = Signed<Admins>;

fn round_page(id: i32) -> String {
    format!("/rounds/{id}")
}

/// Loads a round for editing, or answers with the redirect that explains why not.
pub async fn load(state: &AppState, admin: &Admin, id: &str) -> Result<(i32, RoundSpec), Response> {
    let Some(id) = id_of(id) else { return Err(Redirect::to("/rounds").into_response()) };
    match rounds::load(&state.db, id).await {
        Ok(Some(r)) => Ok((id, r.spec)),
        Ok(None) => Err(Redirect::to("/rounds").into_response()),
        Err(e) => Err(back_with_error(&round_page(id), &said(e, admin.locale))),
    }
}

/// Loads a draft's definition, lets `change` edit it (or refuse with a message), saves it,
/// and answers with the redirect back to the round page.
async fn edit(state: &AppState, admin: &Admin, id: &str, change: impl FnOnce(&mut RoundSpec) -> Result<(), String>) -> Response {
    let (id, mut spec) = match load(state, admin, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match change(&mut spec) {
        Ok(()) => save(state, admin, id, spec).await,
        Err(message) => back_with_error(&round_page(id), &message),
    }
}

/// Saves a draft's definition and goes back to its page.
pub async fn save(state: &AppState, admin: &Admin, id: i32, spec: RoundSpec) -> Response {
    match rounds::update(&state.db, &admin.user.username, id, &spec).await {
        Ok(_) => saved(&round_page(id)),
        Err(e) => back_with_error(&round_page(id), &said(e, admin.locale)),
    }
}

fn number<T: std::str::FromStr>(locale: Locale, label: &str, value: &str) -> Result<T, String> {
    value.trim().parse::<T>().map_err(|_| m::NOT_A_NUMBER.fill(locale, &[("label", label), ("value", value.trim())]))
}

/// A time as a `datetime-local` field gives it (China Standard Time); empty is `None`.
fn time_field(locale: Locale, label: &str, value: &str) -> Result<Option<time::OffsetDateTime>, String> {
    app::views::schedule::from_field(value).map_err(|_| m::BAD_TIME.fill(locale, &[("label", label), ("value", value.trim())]))
}

/// A threshold as typed: a decimal (`0.5`) or a fraction (`1/3`); empty is `None`.
fn threshold(locale: Locale, label: &str, value: &str) -> Result<Option<Threshold>, String> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    Threshold::parse(v).map(Some).map_err(|_| m::BAD_THRESHOLD.fill(locale, &[("label", label), ("value", v)]))
}

fn scale_preset(name: &str) -> Option<Vec<ScaleOption>> {
    match name {
        "default" => Some(default_scale()),
        "body" => Some(body_scale()),
        "cadre" => Some(cadre_scale()),
        _ => None,
    }
}

/// `POST /rounds/new`: a draft with the standard categories and items, or the preset
/// "年度考核：班子 + 干部" (two scales, items per kind, the cadres' one-third rule).
pub async fn create(State(state): State<AppState>, admin: Admin, Form(f): Form<NewRoundForm>) -> Response {
    let spec = if f.scale == "annual" {
        annual_preset(f.title.trim(), &f.description)
    } else {
        RoundSpec::standard(f.title.trim(), &f.description, scale_preset(&f.scale).unwrap_or_else(default_scale))
    };
    match rounds::create(&state.db, &admin.user.username, &spec, None).await {
        Ok(r) => saved(&round_page(r.id)),
        Err(e) => back_with_error(paths::ROUND_NEW, &said(e, admin.locale)),
    }
}

/// `POST /rounds/{id}/settings`: title, description, thresholds, basis, scale preset.
pub async fn settings(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<SettingsForm>) -> Response {
    let l = admin.locale;
    edit(&state, &admin, &id, |spec| {
        spec.title = f.title.trim().to_owned();
        spec.description = f.description.clone();
        let (labels, editor) = (texts(l).rounds, texts(l).editor);
        spec.flag_threshold = threshold(l, labels.flag_threshold, &f.flag_threshold)?.unwrap_or(Threshold::HALF);
        spec.flag_basis = if f.flag_basis == FlagBasis::Weighted.as_str() { FlagBasis::Weighted } else { FlagBasis::Headcount };
        spec.quorum = number(l, "quorum", &f.quorum)?;
        spec.disclosure_min = number(l, "disclosure_min", &f.disclosure_min)?;
        spec.min_satisfaction = threshold(l, labels.min_satisfaction, &f.min_satisfaction)?;
        if let Some(scale) = scale_preset(&f.scale) {
            spec.scale = scale;
        }
        let quorum = f.cadre_quorum.trim();
        let cadre = KindRules {
            flag_threshold: threshold(l, editor.cadre_threshold, &f.cadre_flag_threshold)?,
            quorum: if quorum.is_empty() { None } else { Some(number(l, editor.cadre_quorum, quorum)?) },
            min_satisfaction: threshold(l, editor.cadre_min_satisfaction, &f.cadre_min_satisfaction)?,
        };
        spec.rules_by_kind.cadre = (cadre != KindRules::default()).then_some(cadre);
        match f.cadre_scale.as_str() {
            "same" => spec.cadre_scale = None,
            "cadre" => spec.cadre_scale = Some(cadre_scale()),
            _ => {}
        }
        let schedule = texts(l).schedule;
        spec.opens_at = time_field(l, schedule.opens_at, &f.opens_at)?;
        spec.closes_at = time_field(l, schedule.closes_at, &f.closes_at)?;
        Ok(())
    })
    .await
}

/// Cell `i` of a table column, trimmed (`""` past its end).
fn cell(column: &[String], i: usize) -> &str {
    column.get(i).map_or("", |s| s.trim())
}

/// `POST /rounds/{id}/categories`: the rows of the categories table.
pub async fn categories(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<CategoriesForm>) -> Response {
    let l = admin.locale;
    edit(&state, &admin, &id, |spec| {
        let mut rows = Vec::new();
        for i in 0..f.name.len() {
            let (name, key) = (cell(&f.name, i), cell(&f.key, i));
            if name.is_empty() && key.is_empty() {
                continue;
            }
            let w = Some(cell(&f.weight, i)).filter(|w| !w.is_empty()).unwrap_or("1");
            let weight = number(l, &format!("categories[{i}].weight"), w)?;
            let key = if key.is_empty() { format!("c{}", i + 1) } else { key.to_owned() };
            rows.push(CategorySpec { key, name: name.to_owned(), weight });
        }
        spec.categories = rows;
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/scale`: the rows of a scale table (label, key, points, polarity), of
/// the round's scale or (`kind=cadre`) of the cadres' own; an empty cadre table removes it.
pub async fn scale(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<ScaleForm>) -> Response {
    let l = admin.locale;
    edit(&state, &admin, &id, |spec| {
        let mut options = Vec::new();
        for i in 0..f.label.len() {
            let (label, key) = (cell(&f.label, i), cell(&f.key, i));
            if label.is_empty() && key.is_empty() {
                continue;
            }
            let polarity = Polarity::parse(cell(&f.polarity, i)).unwrap_or(Polarity::Positive);
            let p = cell(&f.points, i);
            let points = if p.is_empty() { None } else { Some(number(l, &format!("scale[{i}].points"), p)?) };
            let key = if key.is_empty() { format!("o{}", i + 1) } else { key.to_owned() };
            options.push(ScaleOption { key, label: label.to_owned(), points, polarity });
        }
        if f.kind == "cadre" {
            spec.cadre_scale = (!options.is_empty()).then_some(options);
        } else {
            spec.scale = options;
        }
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/items`: the rows of the items table, the kind each rates and which
/// are overall (one per kind).
pub async fn items(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<ItemsForm>) -> Response {
    edit(&state, &admin, &id, |spec| {
        let overall: Vec<usize> = f.overall.iter().filter_map(|o| o.trim().parse().ok()).collect();
        spec.items = (0..f.title.len())
            .filter(|i| !cell(&f.title, *i).is_empty() || !cell(&f.key, *i).is_empty())
            .map(|i| {
                let key = Some(cell(&f.key, i)).filter(|k| !k.is_empty()).map_or_else(|| format!("i{}", i + 1), str::to_owned);
                let applies_to = AppliesTo::parse(cell(&f.applies_to, i)).unwrap_or_default();
                ItemSpec { key, title: cell(&f.title, i).to_owned(), overall: overall.contains(&i), applies_to }
            })
            .collect();
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/targets/remove`: removes the checked targets (and cadres of a removed body).
pub async fn remove_targets(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<TargetsForm>) -> Response {
    edit(&state, &admin, &id, |spec| {
        let gone = &f.target;
        spec.targets.retain(|t| !gone.contains(&t.key) && !t.parent.as_ref().is_some_and(|p| gone.contains(p)));
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/lifecycle`: open, close, publish or archive.
pub async fn lifecycle(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<LifecycleForm>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let Some(t) =
        [Transition::Open, Transition::Close, Transition::Publish, Transition::Archive].into_iter().find(|t| t.as_str() == f.action)
    else {
        return Redirect::to(&round_page(id)).into_response();
    };
    match rounds::transition(&state.db, &admin.user.username, id, t).await {
        Ok(_) => saved(&round_page(id)),
        Err(e) => back_with_error(&round_page(id), &said(e, admin.locale)),
    }
}

/// `POST /rounds/{id}/copy`: a new draft with the same definition.
pub async fn copy(State(state): State<AppState>, admin: Admin, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    match rounds::copy(&state.db, &admin.user.username, id, texts(admin.locale).rounds.copy_suffix).await {
        Ok(r) => saved(&round_page(r.id)),
        Err(e) => back_with_error(&round_page(id), &said(e, admin.locale)),
    }
}

/// `POST /rounds/{id}/codes/revoke`: one code per line.
pub async fn revoke(State(state): State<AppState>, admin: Admin, Path(id): Path<String>, Form(f): Form<RevokeForm>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/rounds").into_response() };
    let page = round_page(id);
    let mut parsed = Vec::new();
    for line in f.codes.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match Code::parse(line) {
            Ok(c) => parsed.push(c),
            Err(e) => return back_with_error(&page, &format!("{line}: {}", problems::code_error(&e, admin.locale))),
        }
    }
    match codes::revoke(&state.db, &state.code_key, &admin.user.username, id, &parsed).await {
        Ok(n) => back_with_notice(&page, &texts(admin.locale).rounds.revoked_n.replace("{n}", &n.to_string())),
        Err(e) => back_with_error(&page, &said(e, admin.locale)),
    }
}
