//! Round lifecycle: draft → open → closed → published, and archived.

use serde::{Deserialize, Serialize};

/// Where a round is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    /// Being set up; the only editable state.
    Draft,
    /// Accepting ballots.
    Open,
    /// No more ballots; results visible to admins.
    Closed,
    /// Results visible to steering members and viewers in scope.
    Published,
    /// Kept for the record.
    Archived,
}

/// A lifecycle move.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Transition {
    /// draft → open
    Open,
    /// open → closed
    Close,
    /// closed → published
    Publish,
    /// closed or published → archived
    Archive,
}

/// A move that the current status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("a {from:?} round cannot {transition:?}")]
pub struct WrongMove {
    /// The status the round is in.
    pub from: Status,
    /// The move asked for.
    pub transition: Transition,
}

impl Status {
    /// The stable string stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Open => "open",
            Status::Closed => "closed",
            Status::Published => "published",
            Status::Archived => "archived",
        }
    }

    /// Reads a stored status.
    pub fn parse(raw: &str) -> Option<Self> {
        [Status::Draft, Status::Open, Status::Closed, Status::Published, Status::Archived].into_iter().find(|s| s.as_str() == raw)
    }

    /// The status after `t`, or why not.
    pub fn apply(self, t: Transition) -> Result<Status, WrongMove> {
        use Status::*;
        match (self, t) {
            (Draft, Transition::Open) => Ok(Open),
            (Open, Transition::Close) => Ok(Closed),
            (Closed, Transition::Publish) => Ok(Published),
            (Closed | Published, Transition::Archive) => Ok(Archived),
            (from, transition) => Err(WrongMove { from, transition }),
        }
    }

    /// Only a draft can be edited.
    pub fn is_editable(self) -> bool {
        self == Status::Draft
    }

    /// Ballots are accepted only while open.
    pub fn accepts_ballots(self) -> bool {
        self == Status::Open
    }

    /// Closed, published or archived: no ballot can be added, results may be read.
    pub fn is_closed(self) -> bool {
        !matches!(self, Status::Draft | Status::Open)
    }
}

impl Transition {
    /// The stable string used in URLs (`/rounds/{id}/open`).
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Open => "open",
            Transition::Close => "close",
            Transition::Publish => "publish",
            Transition::Archive => "archive",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{Status::*, Transition as T, *};

    #[test]
    fn the_happy_path_runs_draft_to_archived() {
        let s = Draft.apply(T::Open).and_then(|s| s.apply(T::Close));
        let s = s.and_then(|s| s.apply(T::Publish)).and_then(|s| s.apply(T::Archive));
        assert_eq!(s, Ok(Archived));
        assert_eq!(Closed.apply(T::Archive), Ok(Archived));
    }

    #[test]
    fn every_other_move_is_refused() {
        let all = [Draft, Open, Closed, Published, Archived];
        let allowed = [(Draft, T::Open), (Open, T::Close), (Closed, T::Publish), (Closed, T::Archive), (Published, T::Archive)];
        for from in all {
            for t in [T::Open, T::Close, T::Publish, T::Archive] {
                assert_eq!(from.apply(t).is_ok(), allowed.contains(&(from, t)), "{from:?} {t:?}");
            }
        }
    }

    #[test]
    fn only_drafts_edit_and_only_open_rounds_take_ballots() {
        assert!(Draft.is_editable() && !Open.is_editable());
        assert!(Open.accepts_ballots() && !Closed.accepts_ballots() && !Draft.accepts_ballots());
        for s in [Draft, Open, Closed, Published, Archived] {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}
