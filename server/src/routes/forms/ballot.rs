//! The evaluator's form posts, for phones without (or before) WebAssembly: `POST /v` (a
//! typed code) and `POST /v/{code}` (the sheet). The sheet's answer is the ballot page
//! itself in its next state, rendered by Leptos like any page, with the HTTP status of
//! its refusal.

use crate::error::locale_of;
use crate::middleware::BODY_LIMIT;
use crate::routes::signed::{Clerks, Signed};
use app::app::shell;
use app::domain::ballot::AnswerInput;
use app::domain::code::Code;
use app::ssr::ballot_page::{self, Ctx, Mode};
use app::ssr::{AppState, ClientAddr};
use app::views::ballot::{BallotPage, PostedBallot};
use app::views::forms::{answer_of, ballot, paths, VoteForm};
use axum::{
    body::Body,
    extract::{Path, Request, State},
    http::{Method, StatusCode},
    response::{IntoResponse, Redirect, Response},
};
use leptos::prelude::provide_context;

/// `POST /v`: to the code's sheet, or back with a hint when the code is malformed.
pub async fn enter(super::Form(f): super::Form<VoteForm>) -> Response {
    match Code::parse(&f.code) {
        Ok(code) => Redirect::to(&format!("/v/{code}")).into_response(),
        Err(_) => Redirect::to(&format!("{}?error=malformed", paths::VOTE)).into_response(),
    }
}

/// The sheet's fields: its answers (`views::forms::answer_field`), `opinion`, `receipt`, `confirm`.
fn read_sheet(fields: Vec<(String, String)>) -> (Vec<AnswerInput>, String, String, bool) {
    let (mut answers, mut opinion, mut receipt, mut confirm) = (Vec::new(), String::new(), String::new(), false);
    for (k, v) in fields {
        if let Some((target, item)) = answer_of(&k) {
            if !v.is_empty() {
                answers.push(AnswerInput { target: target.to_owned(), item: item.to_owned(), option: v });
            }
        } else if k == ballot::opinion {
            opinion = v;
        } else if k == ballot::receipt {
            receipt = v;
        } else if k == ballot::confirm {
            confirm = v == "1";
        }
    }
    (answers, opinion, receipt, confirm)
}

/// `POST /v/{code}`: review, refusal, the sheet with its error, or the receipt.
pub async fn submit(State(state): State<AppState>, Path(code): Path<String>, req: Request) -> Response {
    answer(state, code, req, Mode::Phone).await
}

/// `POST /entry` (clerk): to the code's entry sheet, or back with a hint when malformed.
pub async fn entry(_clerk: Signed<Clerks>, super::Form(f): super::Form<VoteForm>) -> Response {
    match Code::parse(&f.code) {
        Ok(code) => Redirect::to(&format!("/entry/{code}")).into_response(),
        Err(_) => Redirect::to(&format!("{}?error=malformed", paths::ENTRY)).into_response(),
    }
}

/// `POST /entry/{code}` (clerk): the paper sheet's full review, refusal, the sheet with its
/// error, or "entered" — the same path as a phone's, counted as paper.
pub async fn submit_paper(State(state): State<AppState>, _clerk: Signed<Clerks>, Path(code): Path<String>, req: Request) -> Response {
    answer(state, code, req, Mode::Paper).await
}

async fn answer(state: AppState, code: String, req: Request, mode: Mode) -> Response {
    let (mut parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes) else {
        return StatusCode::BAD_REQUEST.into_response();
    };
    let (answers, opinion, receipt, confirm) = read_sheet(fields);
    let addr = parts.extensions.get::<ClientAddr>().map_or(std::net::IpAddr::from([127, 0, 0, 1]), |a| a.0);
    let ctx = Ctx { state: state.clone(), addr, locale: locale_of(&parts.headers) };
    let filled = ballot_page::Filled { answers, opinion, receipt, confirm };
    let page = ballot_page::submit(&ctx, &code, filled, mode).await;
    let status = match &page {
        BallotPage::Refused { refusal, .. } => crate::error::map::refusal_status(refusal).0,
        BallotPage::Sheet { error: Some(_), .. } => StatusCode::UNPROCESSABLE_ENTITY,
        _ => StatusCode::OK,
    };

    // Render this same page, in its new state, as the answer to the post.
    parts.method = Method::GET;
    let options = state.leptos_options.clone();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(state.clone());
            provide_context(PostedBallot(page.clone()));
            app::ssr::csp::provide();
        },
        move || shell(options.clone()),
    );
    let mut res = render(Request::from_parts(parts, Body::empty())).await;
    *res.status_mut() = status;
    res
}
#[cfg(test)]
mod tests {
    use super::read_sheet;

    #[test]
    fn sheet_fields_become_answers_and_blank_radios_are_left_out() {
        let f = |k: &str, v: &str| (k.to_owned(), v.to_owned());
        let (answers, opinion, receipt, confirm) = read_sheet(vec![
            f("receipt", "ABCDE-FGHJK"),
            f("a:jyj:overall", "satisfied"),
            f("a:jyj-zhang:four_winds", ""),
            f("opinion", "好"),
            f("confirm", "1"),
            f("unrelated", "x"),
        ]);
        assert_eq!(answers.len(), 1);
        assert_eq!((answers[0].target.as_str(), answers[0].item.as_str()), ("jyj", "overall"));
        assert_eq!((opinion.as_str(), receipt.as_str(), confirm), ("好", "ABCDE-FGHJK", true));
    }
}
