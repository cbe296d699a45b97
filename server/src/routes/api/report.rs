//! `GET /api/v1/rounds/{id}/report.docx`: the 测评报告 of a closed round as a Word
//! document (`crate::report`), for the callers of the results page and with what they
//! may see there. Audited (`report.export`) before it is written, so that the audit head
//! in its footer includes the export itself.

use super::results::{filter_of, FilterQuery};
use super::rounds::round_id;
use crate::error::map::{round_not_found, In, OrApi};
use crate::error::{ApiError, ErrorBody};
use crate::routes::signed::Signed;
use app::i18n::errors as messages;
use app::ssr::results::ResultsError;
use app::ssr::AppState;
use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};

/// The DOCX media type.
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

/// `GET /api/v1/rounds/{id}/report.docx`.
#[utoipa::path(get, path = "/api/v1/rounds/{id}/report.docx", tag = "results", params(("id" = i32, Path, description = "round id"), FilterQuery),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", body = Vec<u8>,
        description = "the report; header X-Minping-Unrenderable lists the code points SimSun cannot show (empty when none)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody, description = "not published yet (steering)"), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "round_not_closed"), (status = 422, body = ErrorBody, description = "invalid_filter or unknown_unit")))]
pub async fn docx(
    State(state): State<AppState>,
    who: Signed,
    Path(id): Path<String>,
    Query(q): Query<FilterQuery>,
) -> Result<Response, ApiError> {
    let l = who.locale;
    let filter = filter_of(&q, l)?;
    let id = round_id(&id, l)?;
    let def = app::ssr::round_def::load_def(&state.db, id).await.or_api(l)?.ok_or_else(|| round_not_found(l))?;
    if let Some(u) = &filter.unit {
        if !def.spec().units().iter().any(|(k, _)| k == u) {
            let text = messages::UNKNOWN_UNIT.fill(l, &[("key", u)]);
            return Err(ApiError::validation("unknown_unit", "", vec![("unit".into(), text)]));
        }
    }
    let page = app::ssr::results_page::build(&state, &who.user, id, &filter, l).await.map_err(|e| match e {
        app::error::AppError::NotFound => round_not_found(l),
        other => ApiError::from(In(other, l)),
    })?;
    if !page.status.is_closed() {
        return Err(ApiError::from(In(ResultsError::NotClosed(page.status), l)));
    }
    let detail = serde_json::json!({ "format": "docx" });
    app::ssr::audit::record(&state.db, &who.user.username, "report.export", &format!("round:{id}"), detail).await.map_err(|e| {
        tracing::error!(error.cause = %e, "auditing a report export failed");
        ApiError::internal(l)
    })?;
    let audit_head = app::ssr::audit::head(&state.db).await.or_api(l)?;
    // A caller who sees part of the round gets a definition that names only its targets.
    let mut spec = def.spec().clone();
    if page.partial {
        spec.targets.retain(|t| page.rows.iter().any(|r| r.key == t.key));
    }
    let input = crate::report::Input { page, spec, organizer: std::env::var("MINPING_ORGANIZER").ok(), audit_head, locale: l };
    let out = tokio::task::spawn_blocking(move || crate::report::write(&input)).await.map_err(|_| ApiError::internal(l))?.map_err(|e| {
        tracing::error!(error.cause = %e, "writing a report failed");
        ApiError::internal(l)
    })?;
    let missing: Vec<String> = out.unrenderable.iter().map(|u| format!("U+{:04X}", u.ch as u32)).collect();
    if !missing.is_empty() {
        tracing::warn!(round = id, characters = %missing.join(","), "the report holds characters SimSun cannot show");
    }
    Ok((
        [
            (header::CONTENT_TYPE, DOCX.to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"round-{id}-report.docx\"")),
            (header::HeaderName::from_static("x-minping-unrenderable"), missing.join(",")),
        ],
        out.docx,
    )
        .into_response())
}
