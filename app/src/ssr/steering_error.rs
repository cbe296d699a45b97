//! Why a steering operation (groups, viewer scopes, flags, lessons, re-evaluation) was
//! refused. What each says is in `i18n::errors`; its HTTP status and API code are decided
//! in `server/src/error/map.rs`.

use crate::domain::access::Denied;
use crate::domain::ledger::Wrong;
use crate::domain::reevaluation::Refusal;
use sea_orm::DbErr;

/// The longest group name.
pub const MAX_NAME: usize = 100;
/// The longest text of one make-up lesson step.
pub const MAX_LESSON: usize = 4000;

/// Which input of a steering form or request is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InvalidInput {
    /// A group name empty or over [`MAX_NAME`] characters.
    GroupName,
    /// No enabled steering account of that username.
    SteeringAccount,
    /// No enabled viewer account of that username.
    ViewerAccount,
    /// No round has a target with that key.
    TargetKey,
    /// No round with that id.
    Round,
    /// A viewer scope needs a round or a unit key, not both or neither.
    Scope,
    /// A lesson step's text empty or over [`MAX_LESSON`] characters.
    LessonText,
    /// A date not in `YYYY-MM-DD`.
    Date,
    /// Lessons marked done before any step was recorded.
    NoLessons,
    /// A ledger problem or measure that breaks a rule of `domain::ledger`.
    Ledger(Wrong),
}

/// Why a steering operation was refused.
#[derive(Debug, thiserror::Error)]
pub enum SteeringError {
    /// Nothing with that id, or nothing the caller may know exists.
    #[error("not found")]
    NotFound,
    /// No round with that id, or none in the caller's view.
    #[error("round not found")]
    RoundNotFound,
    /// In the caller's view, but not published yet.
    #[error("not published")]
    NotPublished,
    /// Bad input.
    #[error("invalid input: {0:?}")]
    Invalid(InvalidInput),
    /// The group name is taken.
    #[error("duplicate")]
    Duplicate,
    /// A re-evaluation request that the rules refuse.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl From<Denied> for SteeringError {
    fn from(d: Denied) -> Self {
        match d {
            Denied::NotFound => SteeringError::RoundNotFound,
            Denied::NotPublished => SteeringError::NotPublished,
        }
    }
}
