//! The admin's accounts page: every account, and a one-time password handed over once.
//! Changes go through the form posts of `server/src/routes/account_forms.rs` (and the
//! JSON API); both call the account services of `ssr/accounts.rs`.

use crate::error::AppError;
use crate::views::accounts::AccountsAdmin;
use leptos::prelude::*;

/// The accounts page's data (admin). Takes the waiting one-time password out of the
/// session: a second load no longer has it.
#[server(prefix = "/sfn", endpoint = "accounts_admin")]
pub async fn load_accounts_admin() -> Result<AccountsAdmin, AppError> {
    use crate::domain::account::Role;
    use crate::views::accounts::{AccountRow, OneTimePassword, ONE_TIME_KEY};
    let (state, user) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let accounts = crate::ssr::accounts::list(&state.db)
        .await?
        .into_iter()
        .map(|a| Ok(AccountRow { role: Role::parse(&a.role)?, username: a.username, disabled: a.disabled, locked_until: a.locked_until }))
        .collect::<Result<Vec<_>, crate::domain::account::AccountError>>()
        .map_err(|e| anyhow::anyhow!("reading the accounts: {e}"))?;
    // Only once the list is read, so that a failure does not lose the password.
    let session: tower_sessions::Session = leptos_axum::extract().await.map_err(|_| AppError::Internal)?;
    let one_time: Option<OneTimePassword> = session.remove(ONE_TIME_KEY).await.map_err(|e| anyhow::anyhow!("reading the session: {e}"))?;
    Ok(AccountsAdmin { me: user.username, accounts, one_time })
}
