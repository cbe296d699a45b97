//! Form posts of the steering pages: groups, members, targets, viewer scopes (admin);
//! make-up lessons and re-evaluation (admin, or steering on assigned targets). Each
//! answers with a redirect (303) back to a page with `?saved=1` or `?error=…`.

use crate::error::locale_of;
use crate::routes::round_forms::{back_with_error, field, FormAdmin};
use app::domain::account::Role;
use app::i18n::Locale;
use app::ssr::steering::{self, SteeringError};
use app::ssr::{auth, AppState};
use axum::{
    extract::{FromRequestParts, Path, State},
    http::request::Parts,
    response::{IntoResponse, Redirect, Response},
    Form,
};
use tower_sessions::Session;

/// A signed-in admin or steering member posting a form; others go to the sign-in page.
pub struct FormMember {
    username: String,
    role: Role,
    locale: Locale,
}

impl FromRequestParts<AppState> for FormMember {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let locale = locale_of(&parts.headers);
        let session = Session::from_request_parts(parts, state).await.map_err(|_| Redirect::to("/login").into_response())?;
        match auth::current_user(&state.db, &session).await {
            Ok(Some(u)) if matches!(u.role, Role::Admin | Role::Steering) => Ok(FormMember { username: u.username, role: u.role, locale }),
            _ => Err(Redirect::to("/login").into_response()),
        }
    }
}

fn outcome(page: &str, r: Result<(), SteeringError>, locale: Locale) -> Response {
    match r {
        Ok(()) => Redirect::to(&format!("{page}?saved=1")).into_response(),
        Err(e) => {
            if let SteeringError::Db(cause) = &e {
                tracing::error!(error.cause = %cause, "steering form failed");
            }
            back_with_error(page, &e.describe(locale).2)
        }
    }
}

fn id_of(raw: &str) -> Option<i32> {
    raw.parse().ok().filter(|id| *id > 0)
}

/// `POST /groups`: a new steering group.
pub async fn create_group(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<Vec<(String, String)>>) -> Response {
    let r = steering::create_group(&state.db, &admin.username, field(&f, "name")).await.map(|_| ());
    outcome("/groups", r, admin.locale)
}

async fn member(state: AppState, admin: FormAdmin, id: String, f: Vec<(String, String)>, add: bool) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/groups").into_response() };
    let r = steering::set_member(&state.db, &admin.username, id, field(&f, "username"), add).await;
    outcome("/groups", r, admin.locale)
}

async fn target(state: AppState, admin: FormAdmin, id: String, f: Vec<(String, String)>, add: bool) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/groups").into_response() };
    let r = steering::set_target(&state.db, &admin.username, id, field(&f, "key"), add).await;
    outcome("/groups", r, admin.locale)
}

/// `POST /groups/{id}/members`: adds a steering account.
pub async fn member_add(State(s): State<AppState>, a: FormAdmin, Path(id): Path<String>, Form(f): Form<Vec<(String, String)>>) -> Response {
    member(s, a, id, f, true).await
}

/// `POST /groups/{id}/members/remove`.
pub async fn member_remove(State(s): State<AppState>, a: FormAdmin, Path(id): Path<String>, Form(f): Form<Vec<(String, String)>>) -> Response {
    member(s, a, id, f, false).await
}

/// `POST /groups/{id}/targets`: assigns a target key.
pub async fn target_add(State(s): State<AppState>, a: FormAdmin, Path(id): Path<String>, Form(f): Form<Vec<(String, String)>>) -> Response {
    target(s, a, id, f, true).await
}

/// `POST /groups/{id}/targets/remove`.
pub async fn target_remove(State(s): State<AppState>, a: FormAdmin, Path(id): Path<String>, Form(f): Form<Vec<(String, String)>>) -> Response {
    target(s, a, id, f, false).await
}

/// `POST /scopes`: grants a viewer a round or a unit.
pub async fn add_scope(State(state): State<AppState>, admin: FormAdmin, Form(f): Form<Vec<(String, String)>>) -> Response {
    let raw_round = field(&f, "round_id");
    let round = if raw_round.is_empty() {
        None
    } else {
        match raw_round.trim_start_matches('#').parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => return outcome("/groups", Err(SteeringError::Invalid("round")), admin.locale),
        }
    };
    let key = Some(field(&f, "target_key")).filter(|k| !k.is_empty());
    let r = steering::add_scope(&state.db, &admin.username, field(&f, "username"), round, key).await;
    outcome("/groups", r, admin.locale)
}

/// `POST /scopes/{id}/remove`.
pub async fn remove_scope(State(state): State<AppState>, admin: FormAdmin, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/groups").into_response() };
    let r = steering::remove_scope(&state.db, &admin.username, id).await;
    outcome("/groups", r, admin.locale)
}

/// `POST /flags/{id}/lessons`: records a make-up lesson step.
pub async fn lesson(State(state): State<AppState>, who: FormMember, Path(id): Path<String>, Form(f): Form<Vec<(String, String)>>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let r = steering::add_lesson(&state.db, &who.username, who.role, id, field(&f, "date"), field(&f, "text")).await;
    outcome(&format!("/flags/{id}"), r, who.locale)
}

/// `POST /flags/{id}/done`: the lessons are done.
pub async fn lessons_done(State(state): State<AppState>, who: FormMember, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let r = steering::lessons_done(&state.db, &who.username, who.role, id).await;
    outcome(&format!("/flags/{id}"), r, who.locale)
}

/// `POST /rounds/{id}/reevaluate`: a child round over the posted `target` keys. Admins
/// land on the new draft; steering members back where they came from (`from`).
pub async fn reevaluate(State(state): State<AppState>, who: FormMember, Path(id): Path<String>, Form(f): Form<Vec<(String, String)>>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let keys: Vec<String> = f.iter().filter(|(k, _)| k == "target").map(|(_, v)| v.clone()).collect();
    let from = Some(field(&f, "from")).filter(|p| p.starts_with("/flags/")).map_or_else(|| format!("/rounds/{id}/results"), str::to_owned);
    match steering::reevaluate(&state.db, &who.username, who.role, id, &keys).await {
        Ok(child) if who.role == Role::Admin => Redirect::to(&format!("/rounds/{}?saved=1", child.id)).into_response(),
        Ok(_) => Redirect::to(&format!("{from}?saved=1")).into_response(),
        Err(e) => {
            if let SteeringError::Db(cause) = &e {
                tracing::error!(error.cause = %cause, "re-evaluation failed");
            }
            back_with_error(&from, &e.describe(who.locale).2)
        }
    }
}
