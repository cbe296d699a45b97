//! The evaluator's sheet: what `/v/<code>` shows, and casting from the hydrated page.
//! The same [`BallotPage`] comes from a plain form post (no JavaScript) and from these
//! server functions, so both paths show exactly the same states.

use crate::domain::ballot::AnswerInput;
use crate::error::AppError;
use crate::views::ballot::BallotPage;
use leptos::prelude::*;

/// The sheet of a code (`/v/<code>`), or why it cannot be used.
#[server(prefix = "/sfn", endpoint = "open_ballot")]
pub async fn open_ballot(code: String) -> Result<BallotPage, AppError> {
    use crate::views::ballot::PostedBallot;
    if let Some(PostedBallot(page)) = use_context::<PostedBallot>() {
        return Ok(page);
    }
    let ctx = crate::ssr::ballot_page::Ctx::get().await?;
    Ok(crate::ssr::ballot_page::open(&ctx, &code, crate::ssr::ballot_page::Mode::Phone).await)
}

/// Casts (or, with blanks and `confirm == false`, reviews) a ballot from the hydrated page.
#[server(prefix = "/sfn", endpoint = "submit_ballot")]
pub async fn submit_ballot(
    code: String,
    answers: Vec<AnswerInput>,
    opinion: String,
    receipt: String,
    confirm: bool,
) -> Result<BallotPage, AppError> {
    use crate::ssr::ballot_page::{submit, Ctx, Filled, Mode};
    let ctx = Ctx::get().await?;
    Ok(submit(&ctx, &code, Filled { answers, opinion, receipt, confirm }, Mode::Phone).await)
}

/// The sheet of a paper ballot's code for a clerk (`/entry/<code>`), or why it cannot be entered.
#[server(prefix = "/sfn", endpoint = "open_paper")]
pub async fn open_paper(code: String) -> Result<BallotPage, AppError> {
    use crate::domain::account::Role;
    use crate::views::ballot::PostedBallot;
    crate::ssr::auth::require_role(&[Role::Clerk, Role::Admin]).await?;
    if let Some(PostedBallot(page)) = use_context::<PostedBallot>() {
        return Ok(page);
    }
    let ctx = crate::ssr::ballot_page::Ctx::get().await?;
    Ok(crate::ssr::ballot_page::open(&ctx, &code, crate::ssr::ballot_page::Mode::Paper).await)
}

/// Enters (or, unconfirmed, reviews in full) a paper sheet from the clerk's hydrated page.
#[server(prefix = "/sfn", endpoint = "submit_paper")]
pub async fn submit_paper(
    code: String,
    answers: Vec<AnswerInput>,
    opinion: String,
    receipt: String,
    confirm: bool,
) -> Result<BallotPage, AppError> {
    use crate::domain::account::Role;
    use crate::ssr::ballot_page::{submit, Ctx, Filled, Mode};
    crate::ssr::auth::require_role(&[Role::Clerk, Role::Admin]).await?;
    let ctx = Ctx::get().await?;
    Ok(submit(&ctx, &code, Filled { answers, opinion, receipt, confirm }, Mode::Paper).await)
}

/// Whether a receipt was counted: `None` when malformed.
#[server(prefix = "/sfn", endpoint = "check_receipt")]
pub async fn check_receipt(receipt: String) -> Result<Option<bool>, AppError> {
    use crate::domain::ballot::Receipt;
    let Some(r) = Receipt::parse(&receipt) else { return Ok(None) };
    let state = crate::ssr::state()?;
    Ok(Some(crate::ssr::ballots::receipt_counted(&state.db, r).await.map_err(|e| {
        tracing::error!(error.cause = %e, "receipt check failed");
        AppError::Internal
    })?))
}
