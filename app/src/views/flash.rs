//! The outcome of the last form post, handed to the next page through the server-side session
//! (never through the URL: a link cannot make Minping's own page show a sentence of somebody
//! else's choosing).

use serde::{Deserialize, Serialize};

/// Session key of the pending flash message.
pub const FLASH_KEY: &str = "flash";

/// A message for the next page the session loads: shown once, then gone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FlashMessage {
    /// An alert (something was refused) rather than a notice (something was done).
    pub alert: bool,
    /// The sentence, already in the user's language.
    pub text: String,
}

impl FlashMessage {
    /// Something was refused.
    pub fn alert(text: impl Into<String>) -> Self {
        Self { alert: true, text: text.into() }
    }

    /// Something was done.
    pub fn notice(text: impl Into<String>) -> Self {
        Self { alert: false, text: text.into() }
    }
}
