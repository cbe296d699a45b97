//! The audit log page's data.

use crate::error::AppError;
use crate::views::audit::AuditView;
use leptos::prelude::*;

/// The audit log (admin).
#[server(prefix = "/sfn", endpoint = "audit_log")]
pub async fn audit_log() -> Result<AuditView, AppError> {
    use crate::domain::account::Role;
    use crate::ssr::audit;
    use crate::views::audit::AuditRow;
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
