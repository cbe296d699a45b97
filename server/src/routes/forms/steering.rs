//! Form posts of the steering pages: groups, members, targets, viewer scopes (admin);
//! make-up lessons and re-evaluation (admin, or steering on assigned targets).

use super::{back_with_error, id_of, outcome, said, saved, Form};
use crate::routes::signed::{Admins, Signed, Stewards};
use app::domain::account::Role;
use app::i18n::texts;
use app::ssr::steering_error::{InvalidInput, SteeringError};
use app::ssr::{flags, groups, reevaluation, AppState};
use app::views::forms::{paths, GroupForm, KeyForm, LessonForm, ReevaluateForm, ScopeForm, UsernameForm};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

const GROUPS: &str = paths::GROUPS;

/// `POST /groups`: a new steering group.
pub async fn create_group(State(state): State<AppState>, admin: Signed<Admins>, Form(f): Form<GroupForm>) -> Response {
    outcome(GROUPS, groups::create_group(&state.db, &admin.user.username, &f.name).await, admin.locale)
}

async fn member(state: AppState, admin: Signed<Admins>, id: String, username: &str, add: bool) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to(GROUPS).into_response() };
    outcome(GROUPS, groups::set_member(&state.db, &admin.user.username, id, username, add).await, admin.locale)
}

async fn target(state: AppState, admin: Signed<Admins>, id: String, key: &str, add: bool) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to(GROUPS).into_response() };
    outcome(GROUPS, groups::set_target(&state.db, &admin.user.username, id, key, add).await, admin.locale)
}

/// `POST /groups/{id}/members`: adds a steering account.
pub async fn member_add(State(s): State<AppState>, a: Signed<Admins>, Path(id): Path<String>, Form(f): Form<UsernameForm>) -> Response {
    member(s, a, id, &f.username, true).await
}

/// `POST /groups/{id}/members/remove`.
pub async fn member_remove(State(s): State<AppState>, a: Signed<Admins>, Path(id): Path<String>, Form(f): Form<UsernameForm>) -> Response {
    member(s, a, id, &f.username, false).await
}

/// `POST /groups/{id}/targets`: assigns a target key.
pub async fn target_add(State(s): State<AppState>, a: Signed<Admins>, Path(id): Path<String>, Form(f): Form<KeyForm>) -> Response {
    target(s, a, id, &f.key, true).await
}

/// `POST /groups/{id}/targets/remove`.
pub async fn target_remove(State(s): State<AppState>, a: Signed<Admins>, Path(id): Path<String>, Form(f): Form<KeyForm>) -> Response {
    target(s, a, id, &f.key, false).await
}

/// `POST /scopes`: grants a viewer a round or a unit.
pub async fn add_scope(State(state): State<AppState>, admin: Signed<Admins>, Form(f): Form<ScopeForm>) -> Response {
    let raw = f.round_id.trim();
    let round = if raw.is_empty() {
        None
    } else {
        match raw.trim_start_matches('#').parse::<i32>() {
            Ok(id) => Some(id),
            Err(_) => return back_with_error(GROUPS, &said(SteeringError::Invalid(InvalidInput::Round), admin.locale)),
        }
    };
    let key = Some(f.target_key.trim()).filter(|k| !k.is_empty());
    outcome(GROUPS, groups::add_scope(&state.db, &admin.user.username, &f.username, round, key).await, admin.locale)
}

/// `POST /scopes/{id}/remove`.
pub async fn remove_scope(State(state): State<AppState>, admin: Signed<Admins>, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to(GROUPS).into_response() };
    outcome(GROUPS, groups::remove_scope(&state.db, &admin.user.username, id).await, admin.locale)
}

/// `POST /flags/{id}/lessons`: records a make-up lesson step.
pub async fn lesson(State(state): State<AppState>, who: Signed<Stewards>, Path(id): Path<String>, Form(f): Form<LessonForm>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    outcome(&format!("/flags/{id}"), flags::add_lesson(&state.db, &who.user, id, &f.date, &f.text).await, who.locale)
}

/// `POST /flags/{id}/done`: the lessons are done.
pub async fn lessons_done(State(state): State<AppState>, who: Signed<Stewards>, Path(id): Path<String>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    outcome(&format!("/flags/{id}"), flags::lessons_done(&state.db, &who.user, id).await, who.locale)
}

/// `POST /rounds/{id}/reevaluate`: a child round over the posted `target` keys. Admins
/// land on the new draft; steering members back where they came from (`from`).
pub async fn reevaluate(
    State(state): State<AppState>,
    who: Signed<Stewards>,
    Path(id): Path<String>,
    Form(f): Form<ReevaluateForm>,
) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let from = Some(f.from.as_str()).filter(|p| p.starts_with("/flags/")).map_or_else(|| format!("/rounds/{id}/results"), str::to_owned);
    let suffix = texts(who.locale).rounds.reevaluation_suffix;
    match reevaluation::reevaluate(&state.db, &who.user, id, &f.target, f.confirm == "yes", suffix).await {
        Ok(child) if who.user.role == Role::Admin => saved(&format!("/rounds/{}", child.id)),
        Ok(_) => saved(&from),
        Err(e) => back_with_error(&from, &said(e, who.locale)),
    }
}
