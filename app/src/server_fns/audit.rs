//! The audit log page's data.

use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One audit entry as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Entry id.
    pub id: i32,
    /// When, `YYYY-MM-DD HH:MM:SS` UTC.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On which object.
    pub object: String,
    /// Details (JSON).
    pub detail: String,
}

/// The newest entries and whether the whole chain verifies (`None`) or where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// Newest first.
    pub rows: Vec<AuditRow>,
    /// The first broken entry, if any.
    pub broken_at: Option<i32>,
}

/// The audit log (admin).
#[server(prefix = "/sfn", endpoint = "audit_log")]
pub async fn audit_log() -> Result<AuditView, AppError> {
    use crate::domain::account::Role;
    use crate::ssr::audit;
    let (state, _) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let broken_at = match audit::verify(&state.db).await {
        Ok(_) => None,
        Err(audit::ChainError::Broken(id)) => Some(id),
        Err(audit::ChainError::Db(e)) => return Err(e.into()),
    };
    let fmt = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
    let rows = audit::recent(&state.db, 500)
        .await?
        .into_iter()
        .map(|e| AuditRow {
            id: e.id,
            at: e.at.format(&fmt).unwrap_or_default(),
            actor: e.actor,
            action: e.action,
            object: e.object,
            detail: e.detail,
        })
        .collect();
    Ok(AuditView { rows, broken_at })
}
