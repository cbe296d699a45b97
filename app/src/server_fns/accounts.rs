//! The admin's accounts page: every account, and a one-time password handed over once.
//! Changes go through the form posts of `server/src/routes/account_forms.rs` (and the
//! JSON API); both call the account services of `ssr/accounts.rs`.

use crate::domain::account::Role;
use crate::error::AppError;
use leptos::prelude::*;
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
        f.debug_struct("OneTimePassword").field("username", &self.username).field("password", &"<redacted>").field("reset", &self.reset).finish()
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

/// The accounts page's data (admin). Takes the waiting one-time password out of the
/// session: a second load no longer has it.
#[server(prefix = "/sfn", endpoint = "accounts_admin")]
pub async fn load_accounts_admin() -> Result<AccountsAdmin, AppError> {
    let (state, user) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let accounts = crate::ssr::accounts::list(&state.db)
        .await?
        .into_iter()
        .map(|a| {
            Ok(AccountRow { role: Role::parse(&a.role)?, username: a.username, disabled: a.disabled, locked_until: a.locked_until })
        })
        .collect::<Result<Vec<_>, crate::domain::account::AccountError>>()
        .map_err(|e| anyhow::anyhow!("reading the accounts: {e}"))?;
    // Only once the list is read, so that a failure does not lose the password.
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let one_time: Option<OneTimePassword> =
        session.remove(ONE_TIME_KEY).await.map_err(|e| anyhow::anyhow!("reading the session: {e}"))?;
    Ok(AccountsAdmin { me: user.username, accounts, one_time })
}
