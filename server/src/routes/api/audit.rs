//! `GET /api/v1/audit`: the newest audit entries (admin only).

use crate::error::ApiError;
use crate::routes::signed::{Admins, Signed};
use app::ssr::{audit, AppState};
use axum::{extract::State, Json};
use serde_json::{json, Value};

/// The newest 500 entries, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", responses((status = 200, description = "`{\"entries\": [...]}`"), (status = 401, body = crate::error::ErrorBody), (status = 403, body = crate::error::ErrorBody)))]
pub async fn recent(State(state): State<AppState>, admin: Signed<Admins>) -> Result<Json<Value>, ApiError> {
    let rows = audit::recent(&state.db, 500).await.map_err(|e| {
        tracing::error!(error.cause = %e, "reading the audit log failed");
        ApiError::internal(admin.locale)
    })?;
    let entries: Vec<Value> = rows
        .into_iter()
        .map(|e| {
            json!({
                "id": e.id, "at": e.at.unix_timestamp(), "actor": e.actor, "action": e.action,
                "object": e.object, "detail": serde_json::from_str::<Value>(&e.detail).unwrap_or(Value::Null),
                "hash": e.hash,
            })
        })
        .collect();
    Ok(Json(json!({ "entries": entries })))
}
