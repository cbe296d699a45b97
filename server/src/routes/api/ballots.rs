//! `POST /api/v1/ballots` and `GET /api/v1/receipts/{receipt}`: no session, the code is
//! the credential (API.md, "Ballots").

use crate::error::map::refusal;
use crate::error::{ApiError, ApiJson, ErrorBody, ReqLocale};
use app::domain::ballot::{BallotRequest, Receipt};
use app::ssr::{
    ballots::{receipt_counted, Submission},
    AppState, ClientAddr,
};
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Extension, Json,
};
use serde::Serialize;

/// The receipt of a counted ballot.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct BallotReceipt {
    receipt: String,
}

impl BallotReceipt {
    /// The receipt as the API writes it (`XXXXX-XXXXX`).
    pub fn of(r: Receipt) -> Self {
        BallotReceipt { receipt: r.to_string() }
    }
}

/// Whether a receipt's ballot was counted.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ReceiptStatus {
    counted: bool,
}

/// `POST /api/v1/ballots` → 201 `{"receipt"}`; nothing is stored on any error.
#[utoipa::path(post, path = "/api/v1/ballots", tag = "ballots", request_body = BallotRequest,
    responses((status = 201, body = BallotReceipt), (status = 404, body = ErrorBody, description = "unknown_code"),
        (status = 409, body = ErrorBody, description = "code_used or round_not_open"), (status = 422, body = ErrorBody, description = "invalid_ballot"),
        (status = 429, body = ErrorBody, description = "rate_limited")))]
pub async fn cast(
    State(state): State<AppState>,
    ReqLocale(locale): ReqLocale,
    Extension(ClientAddr(addr)): Extension<ClientAddr>,
    ApiJson(req): ApiJson<BallotRequest>,
) -> Result<(StatusCode, Json<BallotReceipt>), ApiError> {
    let receipt = match req.receipt.as_deref() {
        None => None,
        Some(raw) => Some(Receipt::parse(raw).ok_or_else(|| refusal(&app::domain::ballot::Refusal::BadReceipt, locale, None))?),
    };
    let svc = &state.ballots;
    match svc
        .cast(&state.db, &state.code_key, addr, Submission { code: &req.code, answers: &req.answers, opinion: req.opinion, receipt })
        .await
    {
        Ok(r) => Ok((StatusCode::CREATED, Json(BallotReceipt { receipt: r.to_string() }))),
        Err(e) => {
            let spec = spec_of(&state, &req.code).await;
            Err(refusal(&e.refusal(), locale, spec.as_ref()))
        }
    }
}

/// The round definition behind a code, to name targets in messages (no failure counted).
async fn spec_of(state: &AppState, raw: &str) -> Option<app::domain::round::RoundSpec> {
    let code = app::domain::code::Code::parse(raw).ok()?;
    let row = app::ssr::ballots::find_code(&state.db, &state.code_key, &code).await.ok()??;
    let def = state.ballots.rounds.get(&state.db, row.round_id).await.ok()??;
    Some(def.spec().clone())
}

/// `GET /api/v1/receipts/{receipt}` → `{"counted": true|false}`.
#[utoipa::path(get, path = "/api/v1/receipts/{receipt}", tag = "ballots", params(("receipt" = String, Path, description = "XXXXX-XXXXX")),
    responses((status = 200, body = ReceiptStatus)))]
pub async fn receipt(
    State(state): State<AppState>,
    ReqLocale(locale): ReqLocale,
    Path(raw): Path<String>,
) -> Result<Json<ReceiptStatus>, ApiError> {
    let Some(r) = Receipt::parse(&raw) else { return Ok(Json(ReceiptStatus { counted: false })) };
    match receipt_counted(&state.db, r).await {
        Ok(counted) => Ok(Json(ReceiptStatus { counted })),
        Err(e) => {
            tracing::error!(error.cause = %e, "receipt check failed");
            Err(ApiError::internal(locale))
        }
    }
}
