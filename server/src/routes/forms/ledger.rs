//! Form posts of the flag page's rectification ledger (admin, or steering on the target):
//! a problem, a measure, a measure's status — each back to the flag page, saved or with
//! the same sentence the API gives.

use super::{id_of, outcome, Form};
use crate::routes::signed::{Signed, Stewards};
use app::ssr::{ledger, AppState};
use app::views::forms::{MeasureForm, ProblemForm, StatusForm};
use axum::{
    extract::{Path, State},
    response::{IntoResponse, Redirect, Response},
};

/// The flag page to go back to: `from` when it is one, else the home page.
fn back(from: &str) -> String {
    let flag = from.strip_prefix("/flags/").and_then(id_of);
    flag.map_or_else(|| "/".to_owned(), |id| format!("/flags/{id}"))
}

/// `POST /flags/{id}/problems`: a problem, typed or picked from the opinions.
pub async fn problem(State(state): State<AppState>, who: Signed<Stewards>, Path(id): Path<String>, Form(f): Form<ProblemForm>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let (title, source) = app::domain::ledger::title_from_form(&f.title, &f.opinion, &f.source);
    outcome(&format!("/flags/{id}"), ledger::add_problem(&state.db, &who.user, id, &title, &source).await, who.locale)
}

/// `POST /problems/{id}/measures`: a measure with its owner and deadline.
pub async fn measure(State(state): State<AppState>, who: Signed<Stewards>, Path(id): Path<String>, Form(f): Form<MeasureForm>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let r = ledger::add_measure(&state.db, &who.user, id, &f.text, &f.owner, &f.deadline).await;
    outcome(&back(&f.from), r, who.locale)
}

/// `POST /measures/{id}/status`: a measure's status and evidence.
pub async fn status(State(state): State<AppState>, who: Signed<Stewards>, Path(id): Path<String>, Form(f): Form<StatusForm>) -> Response {
    let Some(id) = id_of(&id) else { return Redirect::to("/").into_response() };
    let evidence = Some(f.evidence.as_str()).filter(|e| !e.trim().is_empty());
    outcome(&back(&f.from), ledger::set_status(&state.db, &who.user, id, &f.status, evidence).await, who.locale)
}

#[cfg(test)]
mod tests {
    use super::back;

    #[test]
    fn a_ledger_form_goes_back_only_to_a_flag_page() {
        assert_eq!(back("/flags/12"), "/flags/12");
        assert_eq!(back("https://evil.example/flags/12"), "/");
        assert_eq!(back("/flags/12/../../admin"), "/");
        assert_eq!(back(""), "/");
    }
}
