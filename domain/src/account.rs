//! Accounts: roles, usernames and the password policy.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What an account may do; see the role table of the domain reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Organization department: sets up rounds, reads results, manages accounts.
    Admin,
    /// Steering group member: follows assigned targets, triggers re-evaluation.
    Steering,
    /// Observer: reads published results in scope.
    Viewer,
    /// Clerk (录入员): enters paper ballots, and does nothing else.
    Clerk,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 4] = [Role::Admin, Role::Steering, Role::Viewer, Role::Clerk];

    /// The stable string stored in the database and used in the API.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Steering => "steering",
            Role::Viewer => "viewer",
            Role::Clerk => "clerk",
        }
    }

    /// Reads a role from its stable string.
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        Role::ALL.into_iter().find(|r| r.as_str() == raw.trim()).ok_or_else(|| AccountError::UnknownRole(raw.to_owned()))
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Why an account field was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// The username is empty, too long, or has characters other than letters, digits, `.`, `_`, `-`.
    #[error("a username has 3 to 64 letters, digits, '.', '_' or '-'")]
    InvalidUsername,
    /// The password is shorter than [`Password::MIN_CHARS`] or longer than [`Password::MAX_CHARS`].
    #[error("a password has 10 to 256 characters")]
    InvalidPassword,
    /// The role is not one of `admin`, `steering`, `viewer`.
    #[error("unknown role '{0}': use admin, steering or viewer")]
    UnknownRole(String),
}

/// A valid username: 3 to 64 letters (any script), digits, `.`, `_` or `-`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Username(String);

impl Username {
    /// Checks and trims a raw username.
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let s = raw.trim();
        let len = s.chars().count();
        let ok_chars = s.chars().all(|c| c.is_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if (3..=64).contains(&len) && ok_chars {
            Ok(Self(s.to_owned()))
        } else {
            Err(AccountError::InvalidUsername)
        }
    }

    /// The username as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A password that meets the policy for new accounts (login accepts any input).
#[derive(Clone)]
pub struct Password(String);

impl Password {
    /// Fewest characters a new password may have.
    pub const MIN_CHARS: usize = 10;
    /// Most characters a password may have (bounds the hashing work).
    pub const MAX_CHARS: usize = 256;

    /// Checks a new password against the policy. Surrounding newlines (from stdin) are dropped.
    pub fn parse(raw: &str) -> Result<Self, AccountError> {
        let s = raw.trim_end_matches(['\r', '\n']);
        let len = s.chars().count();
        if (Self::MIN_CHARS..=Self::MAX_CHARS).contains(&len) {
            Ok(Self(s.to_owned()))
        } else {
            Err(AccountError::InvalidPassword)
        }
    }

    /// The password text, for hashing.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_strings() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Ok(role));
        }
        assert_eq!(Role::parse("root"), Err(AccountError::UnknownRole("root".into())));
    }

    #[test]
    fn usernames_accept_chinese_letters_and_reject_spaces_and_short_names() {
        assert!(Username::parse("组织部张三").is_ok());
        assert_eq!(Username::parse("  admin ").map(|u| u.0), Ok("admin".to_owned()));
        assert_eq!(Username::parse("ab"), Err(AccountError::InvalidUsername));
        assert_eq!(Username::parse("a b c"), Err(AccountError::InvalidUsername));
        assert_eq!(Username::parse(&"x".repeat(65)), Err(AccountError::InvalidUsername));
        assert_eq!(Username::parse("<script>"), Err(AccountError::InvalidUsername));
    }

    #[test]
    fn passwords_need_ten_characters_and_lose_a_trailing_newline() {
        assert_eq!(Password::parse("short\n").err(), Some(AccountError::InvalidPassword));
        let p = Password::parse("correct horse battery\n").map(|p| p.expose().to_owned());
        assert_eq!(p, Ok("correct horse battery".to_owned()));
        assert_eq!(format!("{:?}", Password::parse("0123456789")), "Ok(Password(***))");
    }
}
