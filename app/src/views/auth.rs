//! Who is signed in, as pages see it.

use crate::domain::account::Role;
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
