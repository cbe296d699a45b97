//! The outcome of the last form post, handed from the form handler to the next page
//! through the server-side session (never through the URL: a link cannot make Minping's
//! own page show a sentence of somebody else's choosing).

use crate::error::AppError;
use crate::views::flash::FlashMessage;
use leptos::prelude::*;

/// Takes the session's pending message, if any (it is shown once).
#[server(prefix = "/sfn", endpoint = "take_flash")]
pub async fn take_flash() -> Result<Option<FlashMessage>, AppError> {
    use crate::views::flash::FLASH_KEY;
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|e| {
        tracing::error!(error.cause = %e, "session layer missing");
        AppError::Internal
    })?;
    let failed = |e| {
        tracing::error!(error.cause = %e, "reading the flash message from the session failed");
        AppError::Internal
    };
    // Removed only when there is one: a removal marks the session changed, and the session
    // layer then writes it to the database, which a page without a message need not do.
    if session.get::<FlashMessage>(FLASH_KEY).await.map_err(failed)?.is_none() {
        return Ok(None);
    }
    session.remove::<FlashMessage>(FLASH_KEY).await.map_err(failed)
}
