//! Paper ballots and the reconciliation sheet (API.md, "Paper ballots, reconciliation,
//! hall"): a clerk (or an admin) enters a paper sheet by its code, on the same single-use
//! path and with the same errors as a phone; the reconciliation sheet counts per unit and
//! category how the issued codes ended.

use super::ballots::BallotReceipt;
use super::rounds::round_id;
use crate::error::map::{refusal, round_not_found, OrApi};
use crate::error::{ApiError, ApiJson, ErrorBody};
use crate::routes::signed::{Admins, Clerks, Signed};
use app::domain::ballot::{BallotRequest, Receipt, Refusal};
use app::i18n::errors as messages;
use app::ssr::ballots::{CastError, Submission};
use app::ssr::reconciliation::{reconciliation as sheet, Reconciliation};
use app::ssr::{round_def::load_def, AppState, ClientAddr};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Extension, Json,
};

/// `POST /api/v1/rounds/{id}/paper-ballots` → 201 `{"receipt"}`; nothing is stored on any error.
#[utoipa::path(post, path = "/api/v1/rounds/{id}/paper-ballots", tag = "ballots", params(("id" = i32, Path, description = "round id")),
    request_body = BallotRequest,
    responses((status = 201, body = BallotReceipt), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "unknown_code"),
        (status = 409, body = ErrorBody, description = "code_used (cast by phone or entered before) or round_not_open"),
        (status = 422, body = ErrorBody, description = "invalid_ballot, or code_of_another_round"),
        (status = 429, body = ErrorBody, description = "rate_limited")))]
pub async fn cast(
    State(state): State<AppState>,
    clerk: Signed<Clerks>,
    Extension(ClientAddr(addr)): Extension<ClientAddr>,
    Path(id): Path<String>,
    ApiJson(req): ApiJson<BallotRequest>,
) -> Result<(StatusCode, Json<BallotReceipt>), ApiError> {
    let locale = clerk.locale;
    let id = round_id(&id, locale)?;
    let receipt = match req.receipt.as_deref() {
        None => None,
        Some(raw) => Some(Receipt::parse(raw).ok_or_else(|| refusal(&Refusal::BadReceipt, locale, None))?),
    };
    let svc = &state.ballots;
    let submission = Submission { code: &req.code, answers: &req.answers, opinion: req.opinion, receipt };
    match svc.cast_paper(&state.db, &state.code_key, addr, id, submission).await {
        Ok(r) => Ok((StatusCode::CREATED, Json(BallotReceipt::of(r)))),
        Err(CastError::CodeUsed) => Err(ApiError::new(StatusCode::CONFLICT, "code_used", messages::PAPER_CODE_USED, locale)),
        Err(e) => {
            let spec = state.ballots.rounds.get(&state.db, id).await.ok().flatten().map(|d| d.spec().clone());
            Err(refusal(&e.refusal(), locale, spec.as_ref()))
        }
    }
}

/// `GET /api/v1/rounds/{id}/reconciliation` (admin).
#[utoipa::path(get, path = "/api/v1/rounds/{id}/reconciliation", tag = "codes", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, body = Reconciliation), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reconciliation(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path(id): Path<String>,
) -> Result<Json<Reconciliation>, ApiError> {
    let locale = admin.locale;
    let id = round_id(&id, locale)?;
    let def = load_def(&state.db, id).await.or_api(locale)?.ok_or_else(|| round_not_found(locale))?;
    Ok(Json(sheet(&state.db, &def).await.or_api(locale)?))
}

/// `GET /api/v1/rounds/{id}/reconciliation.xlsx` (admin): the same sheet as a workbook.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/reconciliation.xlsx", tag = "codes", params(("id" = i32, Path, description = "round id")),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", description = "the workbook"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reconciliation_xlsx(
    State(state): State<AppState>,
    admin: Signed<Admins>,
    Path(id): Path<String>,
) -> Result<axum::response::Response, ApiError> {
    let locale = admin.locale;
    let id = round_id(&id, locale)?;
    let def = load_def(&state.db, id).await.or_api(locale)?.ok_or_else(|| round_not_found(locale))?;
    let rec = sheet(&state.db, &def).await.or_api(locale)?;
    let spec = def.spec().clone();
    let build = move || crate::routes::reconciliation::workbook(locale, &spec, &rec);
    super::workbook::download(locale, format!("round-{id}-reconciliation.xlsx"), build).await
}
