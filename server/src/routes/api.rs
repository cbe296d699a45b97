//! The JSON API under `/api/v1` (see API.md).

pub mod accounts;
pub mod audit;
pub mod ballots;
pub mod codes;
pub mod hall;
pub mod history;
pub mod indicators;
pub mod ledger;
pub mod ledger_xlsx;
pub mod openapi;
pub mod opinions;
pub mod paper;
pub mod public_link;
pub mod report;
pub mod results;
pub mod rounds;
pub mod session;
pub mod steering;
pub mod workbook;

use crate::error::{ApiError, ReqLocale};
use app::i18n::errors as messages;
use app::ssr::AppState;
use axum::{
    http::StatusCode,
    routing::{get, post},
    Router,
};

/// The `/api/v1` router; unknown paths and methods answer in the API error shape.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/session", post(session::create).get(session::show).delete(session::destroy))
        .route("/rounds", post(rounds::create).get(rounds::list))
        .route("/rounds/{id}", get(rounds::show).put(rounds::update))
        .route("/rounds/{id}/copy", post(rounds::copy))
        .route("/rounds/{id}/codes", post(codes::issue))
        .route("/rounds/{id}/codes/revoke", post(codes::revoke))
        .route("/rounds/{id}/codes/plan", post(codes::plan))
        .route("/rounds/{id}/codes/summary", get(codes::summary))
        .route("/rounds/{id}/results", get(results::show))
        .route("/rounds/{id}/results.csv", get(results::csv))
        .route("/rounds/{id}/results.xlsx", get(results::xlsx))
        .route("/rounds/{id}/opinions.csv", get(opinions::csv))
        .route("/rounds/{id}/indicators", get(indicators::show))
        .route("/rounds/{id}/opinions.xlsx", get(opinions::xlsx))
        .route("/rounds/{id}/charts/{file}", get(results::chart_png))
        .route("/rounds/{id}/report.docx", get(report::docx))
        .route("/rounds/{id}/reevaluate", post(steering::reevaluate))
        .route("/rounds/{id}/paper-ballots", post(paper::cast))
        .route("/rounds/{id}/reconciliation", get(paper::reconciliation))
        .route("/rounds/{id}/reconciliation.xlsx", get(paper::reconciliation_xlsx))
        .route("/rounds/{id}/hall-link", post(hall::make).delete(hall::withdraw))
        .route("/hall/{token}", get(hall::counts))
        .route("/rounds/{id}/public-link", post(public_link::make).delete(public_link::withdraw))
        .route("/rounds/{id}/ledger.xlsx", get(ledger_xlsx::xlsx))
        .route("/rounds/{id}/{action}", post(rounds::transition))
        .route("/flags/{id}", get(steering::flag))
        .route("/flags/{id}/lessons", post(steering::add_lesson))
        .route("/flags/{id}/lessons-done", post(steering::lessons_done))
        .route("/flags/{id}/problems", get(ledger::problems).post(ledger::add_problem))
        .route("/problems/{id}/measures", post(ledger::add_measure))
        .route("/measures/{id}", axum::routing::patch(ledger::set_status))
        .route("/groups", get(steering::groups).post(steering::create_group))
        .route("/groups/{id}/members", post(steering::add_member))
        .route("/groups/{id}/members/{username}", axum::routing::delete(steering::remove_member))
        .route("/groups/{id}/targets", post(steering::add_target))
        .route("/groups/{id}/targets/{key}", axum::routing::delete(steering::remove_target))
        .route("/viewer-scopes", post(steering::add_scope))
        .route("/targets/{key}/history", get(history::history))
        .route("/audit", get(audit::recent))
        .route("/accounts", get(accounts::list).post(accounts::create))
        .route("/accounts/{username}/reset-password", post(accounts::reset_password))
        .route("/accounts/{username}/{action}", post(accounts::set_state))
        // Every ballot door takes a turn of `ssr::ballots::BALLOTS_IN_FLIGHT` in the service.
        .route("/ballots", post(ballots::cast))
        .route("/receipts/{receipt}", get(ballots::receipt))
        .route("/openapi.json", get(openapi::document))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
}

async fn not_found(ReqLocale(locale): ReqLocale) -> ApiError {
    ApiError::not_found(locale)
}

async fn method_not_allowed(ReqLocale(locale): ReqLocale) -> ApiError {
    ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", messages::METHOD_NOT_ALLOWED, locale)
}
