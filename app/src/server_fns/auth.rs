//! Who is signed in.

use crate::error::AppError;
use crate::views::auth::UserView;
use leptos::prelude::*;

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
