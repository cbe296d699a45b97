//! Who is signed in.

use crate::domain::account::Role;
use crate::error::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// What pages may know about the signed-in account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct UserView {
    /// The account's username.
    pub username: String,
    /// The account's role.
    pub role: Role,
}

/// The signed-in account, or `None` for a visitor.
#[server(prefix = "/sfn", endpoint = "current_user")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    use crate::ssr::{auth, state};
    let state = state()?;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|e| {
        tracing::error!(error.cause = %e, "session layer missing");
        AppError::Internal
    })?;
    Ok(auth::current_user(&state.db, &session).await?)
}
