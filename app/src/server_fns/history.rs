//! A target's history across rounds (`/targets/:key`).

use crate::error::AppError;
use crate::views::history::HistoryPage;
use leptos::prelude::*;

/// The history of target `key` over the closed rounds the caller may see (admin: all;
/// steering: assigned, once published; viewer: in scope, once published). Audited as a
/// read of results.
#[server(prefix = "/sfn", endpoint = "target_history")]
pub async fn target_history(key: String) -> Result<HistoryPage, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Admin, Role::Steering, Role::Viewer]).await?;
    let page = crate::ssr::history::page(&state.db, &user, &key, crate::i18n::detect_locale()).await?.ok_or(AppError::NotFound)?;
    let detail = serde_json::json!({ "view": "history", "rounds": page.rows.iter().map(|r| r.round_id).collect::<Vec<_>>() });
    crate::ssr::audit::record(&state.db, &user.username, "results.read", &format!("target:{key}"), detail).await?;
    Ok(page)
}
