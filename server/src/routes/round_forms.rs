//! Form posts of the round pages. Each answers with a redirect (303) back to a page,
//! carrying `?saved=1`, or a notice or an error in the session (in the admin's language).

use crate::error::locale_of;
use crate::routes::api::rounds::round_error;
use app::domain::account::Role;
use app::domain::code::Code;
use app::domain::import::{file as import, targets_from_rows};
use app::domain::lifecycle::Transition;
use app::domain::round::{
    cadre_scale, default_categories, default_items, default_scale, CategorySpec, FlagBasis, ItemSpec, Polarity, RoundSpec,
    ScaleOption,
};
use app::i18n::Locale;
use app::server_fns::flash::FlashMessage;
use app::server_fns::rounds::{PendingImport, IMPORT_KEY};
use app::ssr::{auth, codes, rounds, AppState};
use axum::{
    extract::{FromRequestParts, Multipart, Path, State},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use serde::Deserialize;
use tower_sessions::Session;

/// A signed-in admin posting a form; anyone else is sent to the sign-in page.
pub struct FormAdmin {
    /// The admin's username (for the audit log).
    pub username: String,
    /// The admin's language.
    pub locale: Locale,
    /// The session (for pending imports).
    pub session: Session,
}

impl FromRequestParts<AppState> for FormAdmin {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let locale = locale_of(&parts.headers);
        let session =
            Session::from_request_parts(parts, state).await.map_err(|_| Redirect::to("/login").into_response())?;
        match auth::current_user(&state.db, &session).await {
            Ok(Some(u)) if u.role == Role::Admin => Ok(FormAdmin { username: u.username, locale, session }),
            _ => Err(Redirect::to("/login").into_response()),
        }
    }
}

/// Back to `path` with an error message, kept in the session for that page (the URL
/// says only `?error=1`: no text of a URL is ever shown).
pub fn back_with_error(path: &str, message: &str) -> Response {
    with_flash(&format!("{path}?error=1"), FlashMessage::alert(message))
}

/// Back to `path` with a notice, kept in the session for that page.
pub fn back_with_notice(path: &str, message: &str) -> Response {
    with_flash(&format!("{path}?notice=1"), FlashMessage::notice(message))
}

fn with_flash(to: &str, message: FlashMessage) -> Response {
    let mut res = Redirect::to(to).into_response();
    res.extensions_mut().insert(message);
    res
}

fn saved(path: &str) -> Response {
    Redirect::to(&format!("{path}?saved=1")).into_response()
}

fn parse_id(raw: &str) -> Option<i32> {
    raw.parse().ok().filter(|id| *id > 0)
}

/// Loads a round for editing, or answers with the redirect that explains why not.
async fn load(state: &AppState, admin: &FormAdmin, id: &str) -> Result<(i32, RoundSpec), Response> {
    let Some(id) = parse_id(id) else { return Err(Redirect::to("/rounds").into_response()) };
    match rounds::load(&state.db, id).await {
        Ok(Some(r)) => Ok((id, r.spec)),
        Ok(None) => Err(Redirect::to("/rounds").into_response()),
        Err(e) => Err(back_with_error(&format!("/rounds/{id}"), &round_error(e.into(), admin.locale).message)),
    }
}

/// Loads a draft's definition, lets `change` edit it (or refuse with a message), saves it,
/// and answers with the redirect back to the round page.
async fn edit(
    state: &AppState,
    admin: &FormAdmin,
    id: &str,
    change: impl FnOnce(&mut RoundSpec, i32) -> Result<(), String>,
) -> Response {
    let (id, mut spec) = match load(state, admin, id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    match change(&mut spec, id) {
        Ok(()) => save(state, admin, id, spec).await,
        Err(message) => back_with_error(&format!("/rounds/{id}"), &message),
    }
}

async fn save(state: &AppState, admin: &FormAdmin, id: i32, spec: RoundSpec) -> Response {
    let page = format!("/rounds/{id}");
    match rounds::update(&state.db, &admin.username, id, &spec).await {
        Ok(_) => saved(&page),
        Err(e) => back_with_error(&page, &round_error(e, admin.locale).message),
    }
}

/// Fields of the new-round form.
#[derive(Debug, Deserialize)]
pub struct NewRound {
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    scale: String,
}

/// `POST /rounds/new`: a draft with the standard categories and items.
pub async fn create(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<NewRound>) -> Response {
    let spec = RoundSpec {
        title: f.title,
        description: f.description,
        flag_threshold: 0.5,
        flag_basis: FlagBasis::Headcount,
        quorum: 1,
        disclosure_min: 5,
        min_satisfaction: None,
        scale: if f.scale == "cadre" { cadre_scale() } else { default_scale() },
        categories: default_categories(),
        items: default_items(),
        targets: Vec::new(),
    };
    match rounds::create(&state.db, &admin.username, &spec, None).await {
        Ok(r) => saved(&format!("/rounds/{}", r.id)),
        Err(e) => back_with_error("/rounds/new", &round_error(e, admin.locale).message),
    }
}

/// A form field's trimmed value (`""` when absent), shared by every form handler.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> &'a str {
    pairs.iter().find(|(k, _)| k == name).map_or("", |(_, v)| v.trim())
}

fn column<'a>(pairs: &'a [(String, String)], name: &str) -> Vec<&'a str> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.trim()).collect()
}

fn number_error(locale: Locale, label: &str, value: &str) -> String {
    match locale {
        Locale::Zh => format!("{label}：“{value}”不是有效的数字"),
        Locale::En => format!("{label}: '{value}' is not a number"),
    }
}

/// `POST /rounds/{id}/settings`: title, description, thresholds, basis, scale preset.
pub async fn settings(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let locale = admin.locale;
    edit(&state, &admin, &id, |spec, _| {
        let number = |name: &str| {
            let v = field(&pairs, name);
            v.parse::<f64>().map_err(|_| number_error(locale, name, v))
        };
        let whole = |name: &str| {
            let v = field(&pairs, name);
            v.parse::<u32>().map_err(|_| number_error(locale, name, v))
        };
        spec.title = field(&pairs, "title").to_owned();
        spec.description = field(&pairs, "description").to_owned();
        spec.flag_threshold = number("flag_threshold")?;
        spec.flag_basis =
            if field(&pairs, "flag_basis") == "weighted" { FlagBasis::Weighted } else { FlagBasis::Headcount };
        spec.quorum = whole("quorum")?;
        spec.disclosure_min = whole("disclosure_min")?;
        spec.min_satisfaction =
            if field(&pairs, "min_satisfaction").is_empty() { None } else { Some(number("min_satisfaction")?) };
        match field(&pairs, "scale") {
            "default" => spec.scale = default_scale(),
            "cadre" => spec.scale = cadre_scale(),
            _ => {}
        }
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/categories`: the rows of the categories table.
pub async fn categories(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let locale = admin.locale;
    edit(&state, &admin, &id, |spec, _| {
        let (names, keys, weights) = (column(&pairs, "name"), column(&pairs, "key"), column(&pairs, "weight"));
        let mut rows = Vec::new();
        for (i, name) in names.iter().enumerate() {
            let key = keys.get(i).copied().unwrap_or_default();
            if name.is_empty() && key.is_empty() {
                continue;
            }
            let w = weights.get(i).copied().unwrap_or("1");
            let weight = w.parse::<f64>().map_err(|_| number_error(locale, &format!("categories[{i}].weight"), w))?;
            let key = if key.is_empty() { format!("c{}", i + 1) } else { key.to_owned() };
            rows.push(CategorySpec { key, name: (*name).to_owned(), weight });
        }
        spec.categories = rows;
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/scale`: the rows of the scale table (label, key, points, polarity).
pub async fn scale(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let locale = admin.locale;
    edit(&state, &admin, &id, |spec, _| {
        let (labels, keys, points, polarities) =
            (column(&pairs, "label"), column(&pairs, "key"), column(&pairs, "points"), column(&pairs, "polarity"));
        let mut options = Vec::new();
        for (i, label) in labels.iter().enumerate() {
            let key = keys.get(i).copied().unwrap_or_default();
            if label.is_empty() && key.is_empty() {
                continue;
            }
            let polarity = match polarities.get(i).copied().unwrap_or_default() {
                "negative" => Polarity::Negative,
                "abstain" => Polarity::Abstain,
                _ => Polarity::Positive,
            };
            let p = points.get(i).copied().unwrap_or_default();
            let points = if p.is_empty() {
                None
            } else {
                Some(p.parse::<i32>().map_err(|_| number_error(locale, &format!("scale[{i}].points"), p))?)
            };
            let key = if key.is_empty() { format!("o{}", i + 1) } else { key.to_owned() };
            options.push(ScaleOption { key, label: (*label).to_owned(), points, polarity });
        }
        spec.scale = options;
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/targets/remove`: removes the checked targets (and cadres of a removed body).
pub async fn remove_targets(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    edit(&state, &admin, &id, |spec, _| {
        let gone = column(&pairs, "target");
        spec.targets
            .retain(|t| !gone.contains(&t.key.as_str()) && !t.parent.as_deref().is_some_and(|p| gone.contains(&p)));
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/items`: the rows of the items table and which one is overall.
pub async fn items(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    edit(&state, &admin, &id, |spec, _| {
        let overall: Option<usize> = field(&pairs, "overall").parse().ok();
        let (titles, keys) = (column(&pairs, "title"), column(&pairs, "key"));
        spec.items = titles
            .iter()
            .enumerate()
            .filter(|(i, t)| !t.is_empty() || !keys.get(*i).copied().unwrap_or_default().is_empty())
            .map(|(i, t)| {
                let key =
                    keys.get(i).copied().filter(|k| !k.is_empty()).map_or_else(|| format!("i{}", i + 1), str::to_owned);
                ItemSpec { key, title: (*t).to_owned(), overall: overall == Some(i) }
            })
            .collect();
        Ok(())
    })
    .await
}

/// `POST /rounds/{id}/targets/preview` (multipart: `text` and/or `file`): reads the list,
/// keeps the result in the session and shows the preview page. Nothing is saved yet.
pub async fn preview_targets(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    mut form: Multipart,
) -> Response {
    let (id, spec) = match load(&state, &admin, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let page = format!("/rounds/{id}");
    let mut rows = Vec::new();
    loop {
        let field = match form.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return back_with_error(&page, &e.body_text()),
        };
        let name = field.name().unwrap_or_default().to_owned();
        let Ok(bytes) = field.bytes().await else { return back_with_error(&page, "upload failed") };
        let parsed = match name.as_str() {
            "text" => import::rows_from_text(&String::from_utf8_lossy(&bytes)),
            "file" if !bytes.is_empty() => import::rows_from_file(&bytes),
            _ => Ok(Vec::new()),
        };
        match parsed {
            Ok(r) => rows.extend(r),
            Err(e) => return back_with_error(&page, &e.to_string()),
        }
    }
    let pending = match targets_from_rows(&rows, &spec.targets) {
        Ok(targets) => PendingImport { round_id: id, targets, errors: Vec::new() },
        Err(errors) => PendingImport {
            round_id: id,
            targets: Vec::new(),
            errors: errors.into_iter().map(|e| (e.row, e.problem.message(admin.locale))).collect(),
        },
    };
    if let Err(e) = admin.session.insert(IMPORT_KEY, pending).await {
        tracing::error!(error.cause = %e, "storing the import preview failed");
        return back_with_error(&page, app::i18n::use_texts_for(admin.locale).error_body);
    }
    Redirect::to(&format!("/rounds/{id}/import")).into_response()
}

/// `POST /rounds/{id}/targets/import`: appends the previewed targets.
pub async fn import_targets(State(state): State<AppState>, admin: FormAdmin, Path(id): Path<String>) -> Response {
    let (id, mut spec) = match load(&state, &admin, &id).await {
        Ok(x) => x,
        Err(r) => return r,
    };
    let pending: Option<PendingImport> = admin.session.remove(IMPORT_KEY).await.ok().flatten();
    match pending.filter(|p| p.round_id == id && p.errors.is_empty()) {
        Some(p) => {
            spec.targets.extend(p.targets);
            save(&state, &admin, id, spec).await
        }
        None => Redirect::to(&format!("/rounds/{id}")).into_response(),
    }
}

/// The lifecycle form's field.
#[derive(Debug, Deserialize)]
pub struct LifecycleForm {
    action: String,
}

/// `POST /rounds/{id}/lifecycle`: open, close, publish or archive.
pub async fn lifecycle(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(f): Form<LifecycleForm>,
) -> Response {
    let Some(id) = parse_id(&id) else { return Redirect::to("/rounds").into_response() };
    let page = format!("/rounds/{id}");
    let t = match f.action.as_str() {
        "open" => Transition::Open,
        "close" => Transition::Close,
        "publish" => Transition::Publish,
        "archive" => Transition::Archive,
        _ => return Redirect::to(&page).into_response(),
    };
    match rounds::transition(&state.db, &admin.username, id, t).await {
        Ok(_) => saved(&page),
        Err(e) => back_with_error(&page, &round_error(e, admin.locale).message),
    }
}

/// `POST /rounds/{id}/copy`: a new draft with the same definition.
pub async fn copy(State(state): State<AppState>, admin: FormAdmin, Path(id): Path<String>) -> Response {
    let Some(id) = parse_id(&id) else { return Redirect::to("/rounds").into_response() };
    match rounds::copy(&state.db, &admin.username, id).await {
        Ok(r) => saved(&format!("/rounds/{}", r.id)),
        Err(e) => back_with_error(&format!("/rounds/{id}"), &round_error(e, admin.locale).message),
    }
}

/// The revoke form's field.
#[derive(Debug, Deserialize)]
pub struct RevokeForm {
    #[serde(default)]
    codes: String,
}

/// `POST /rounds/{id}/codes/revoke`: one code per line.
pub async fn revoke(
    State(state): State<AppState>,
    admin: FormAdmin,
    Path(id): Path<String>,
    Form(f): Form<RevokeForm>,
) -> Response {
    let Some(id) = parse_id(&id) else { return Redirect::to("/rounds").into_response() };
    let page = format!("/rounds/{id}");
    let mut parsed = Vec::new();
    for line in f.codes.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match Code::parse(line) {
            Ok(c) => parsed.push(c),
            Err(e) => return back_with_error(&page, &format!("{line}: {e}")),
        }
    }
    match codes::revoke(&state.db, &state.code_key, &admin.username, id, &parsed).await {
        Ok(n) => {
            let text = app::i18n::use_texts_for(admin.locale).rounds.revoked_n.replace("{n}", &n.to_string());
            back_with_notice(&page, &text)
        }
        Err(e) => back_with_error(&page, &crate::routes::api::codes::code_error(e, admin.locale).message),
    }
}
