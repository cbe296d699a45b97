//! The admin's accounts page, and the one-time password it hands over once.

use crate::domain::account::Role;
use serde::{Deserialize, Serialize};

/// Session key of the one-time password waiting to be shown: the form post that made it
/// stores it, the page's server function takes it out, so it is shown once and never
/// travels in a URL.
pub const ONE_TIME_KEY: &str = "accounts.one_time";

/// A new password to hand over once (created account or reset).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneTimePassword {
    /// The account.
    pub username: String,
    /// Its new password (never stored in clear).
    pub password: String,
    /// `true` after a reset, `false` for a new account.
    pub reset: bool,
}

impl std::fmt::Debug for OneTimePassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OneTimePassword")
            .field("username", &self.username)
            .field("password", &"<redacted>")
            .field("reset", &self.reset)
            .finish()
    }
}

/// An account as the page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountRow {
    /// Username.
    pub username: String,
    /// Role.
    pub role: Role,
    /// Disabled accounts cannot sign in.
    pub disabled: bool,
    /// Locked after failed sign-ins until this time (RFC 3339, UTC), if locked now.
    pub locked_until: Option<String>,
}

/// What the accounts page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountsAdmin {
    /// The signed-in admin.
    pub me: String,
    /// Every account, by username.
    pub accounts: Vec<AccountRow>,
    /// The password made by the last form post, shown this once.
    pub one_time: Option<OneTimePassword>,
}
