//! Reading rounds for the admin pages (changes go through form posts and the JSON API).

use crate::error::AppError;
use crate::views::rounds::{PendingImport, RoundDetail, RoundSummary};
use leptos::prelude::*;

/// Every round, newest first (admin).
#[server(prefix = "/sfn", endpoint = "list_rounds")]
pub async fn list_rounds() -> Result<Vec<RoundSummary>, AppError> {
    use crate::domain::account::Role;
    use crate::domain::lifecycle::Status;
    let (state, _) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let rows = crate::ssr::rounds::list(&state.db).await?;
    Ok(rows
        .into_iter()
        .map(|r| RoundSummary {
            id: r.id,
            status: Status::parse(&r.status).unwrap_or(Status::Archived),
            title: r.title,
            parent_id: r.parent_id,
        })
        .collect())
}

/// One round and its turnout (admin).
#[server(prefix = "/sfn", endpoint = "get_round")]
pub async fn get_round(id: i32) -> Result<RoundDetail, AppError> {
    use crate::domain::account::Role;
    let (state, _) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let round = crate::ssr::rounds::load(&state.db, id).await?.ok_or(AppError::NotFound)?;
    let turnout = crate::ssr::codes::summary(&state.db, id, &round.spec).await?;
    let batches = crate::ssr::codes::batches(&state.db, id, &round.spec).await?;
    let units = if turnout.units.len() > 1 { turnout.units } else { Vec::new() };
    use crate::ssr::links::{token_of, LinkKind};
    let hall = token_of(&state.db, id, LinkKind::Hall).await?;
    let public = token_of(&state.db, id, LinkKind::Public).await?;
    Ok(RoundDetail {
        round,
        turnout: turnout.categories,
        units,
        batches,
        hall_path: hall.map(|t| format!("/hall/{t}")),
        public_path: public.map(|t| format!("/public/{t}")),
    })
}

/// The pending import of round `id`, if any (admin).
#[server(prefix = "/sfn", endpoint = "import_preview")]
pub async fn import_preview(id: i32) -> Result<Option<PendingImport>, AppError> {
    use crate::domain::account::Role;
    use crate::views::rounds::IMPORT_KEY;
    crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let preview: Option<PendingImport> = session.get(IMPORT_KEY).await.map_err(|e| anyhow::anyhow!("reading the session: {e}"))?;
    Ok(preview.filter(|p| p.round_id == id))
}
