//! Reading rounds for the admin pages (changes go through form posts and the JSON API).

use crate::domain::lifecycle::Status;
use crate::domain::round::{CategoryTurnout, Round};
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// One line of the round list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    /// Round id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Lifecycle status.
    pub status: Status,
    /// The parent round of a re-evaluation.
    pub parent_id: Option<i32>,
}

/// A round with its code turnout, for the round page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundDetail {
    /// The round.
    pub round: Round,
    /// Codes per category.
    pub turnout: Vec<CategoryTurnout>,
}

/// Every round, newest first (admin).
#[server(prefix = "/sfn", endpoint = "list_rounds")]
pub async fn list_rounds() -> Result<Vec<RoundSummary>, AppError> {
    use crate::domain::account::Role;
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
    let turnout = crate::ssr::codes::summary(&state.db, id).await?;
    Ok(RoundDetail { round, turnout })
}

/// A target import waiting for confirmation (kept in the session between the upload and
/// the confirmation, so nothing is saved until the admin has seen the preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingImport {
    /// The round the targets are for.
    pub round_id: i32,
    /// Targets read from every good row.
    pub targets: Vec<crate::domain::round::TargetSpec>,
    /// Bad rows: row number and message (in the uploader's language).
    pub errors: Vec<(usize, String)>,
}

/// Session key of the pending import.
pub const IMPORT_KEY: &str = "import.preview";

/// The pending import of round `id`, if any (admin).
#[server(prefix = "/sfn", endpoint = "import_preview")]
pub async fn import_preview(id: i32) -> Result<Option<PendingImport>, AppError> {
    use crate::domain::account::Role;
    crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let preview: Option<PendingImport> =
        session.get(IMPORT_KEY).await.map_err(|e| anyhow::anyhow!("reading the session: {e}"))?;
    Ok(preview.filter(|p| p.round_id == id))
}
