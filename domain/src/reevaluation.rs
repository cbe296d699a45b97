//! Flags and re-evaluation (RULES.md E1): the state of a flagged target,
//! `flagged → rectifying → passed | still_flagged`, and the checks a re-evaluation
//! request must pass. Pure: the persistence lives in `app::ssr::reevaluation`.

use crate::lifecycle::Status;
use crate::tally::FlagStatus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};

/// Where a flagged target of a round stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FlagState {
    /// A majority was dissatisfied: make-up lessons are due (需补课).
    Flagged,
    /// Lessons done or a re-evaluation under way (整改中).
    Rectifying,
    /// The re-evaluation passed (已通过).
    Passed,
    /// The re-evaluation flagged it again (仍需补课).
    StillFlagged,
}

impl FlagState {
    /// Every state, in lifecycle order.
    pub const ALL: [FlagState; 4] = [FlagState::Flagged, FlagState::Rectifying, FlagState::Passed, FlagState::StillFlagged];

    /// The stable string stored and sent.
    pub fn as_str(self) -> &'static str {
        match self {
            FlagState::Flagged => "flagged",
            FlagState::Rectifying => "rectifying",
            FlagState::Passed => "passed",
            FlagState::StillFlagged => "still_flagged",
        }
    }

    /// Reads a stored state.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    /// Whether a re-evaluation is still to come or under way (the flag is not settled).
    pub fn is_open(self) -> bool {
        matches!(self, FlagState::Flagged | FlagState::Rectifying)
    }
}

/// The parent's flag once its re-evaluation round closed, by the same flag rule: passed
/// only when the child round does not flag the target. A target without enough answers
/// in the child round has not shown that it passes: it stays flagged.
pub fn outcome(child: FlagStatus) -> FlagState {
    match child {
        FlagStatus::Ok => FlagState::Passed,
        FlagStatus::Flagged | FlagStatus::InsufficientResponses => FlagState::StillFlagged,
    }
}

/// Why a re-evaluation request is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    /// Only a closed (or published) round can be re-evaluated.
    #[error("the round is {0:?}, not closed")]
    NotClosed(Status),
    /// No target was chosen.
    #[error("no target chosen")]
    NoTargets,
    /// The round has no target with this key.
    #[error("unknown target {0}")]
    Unknown(String),
    /// The caller's group is not assigned this target.
    #[error("target {0} is not assigned to the caller's group")]
    NotAssigned(String),
    /// The target is not flagged in this round (or its flag is settled).
    #[error("target {0} is not flagged")]
    NotFlagged(String),
    /// A re-evaluation of the target is already under way.
    #[error("target {0} is already being re-evaluated")]
    Pending(String),
    /// Measures of the chosen targets' ledgers are not done, and the caller did not confirm.
    #[error("{0} measures are not done")]
    MeasuresOpen(u64),
}

/// Checks a re-evaluation request and returns the chosen keys, deduplicated, in the
/// round's target order. `keys` are the round's target keys in order; `flags` the
/// round's flag states by key; `assigned` is `None` for an admin, or the caller's
/// predicate "this key is assigned to my group".
pub fn check(
    status: Status,
    requested: &[String],
    keys: &[&str],
    flags: &HashMap<String, FlagState>,
    assigned: Option<&dyn Fn(&str) -> bool>,
) -> Result<Vec<String>, Refusal> {
    if !matches!(status, Status::Closed | Status::Published) {
        return Err(Refusal::NotClosed(status));
    }
    let wanted: BTreeSet<&str> = requested.iter().map(|k| k.trim()).filter(|k| !k.is_empty()).collect();
    if wanted.is_empty() {
        return Err(Refusal::NoTargets);
    }
    for key in &wanted {
        if !keys.contains(key) {
            return Err(Refusal::Unknown((*key).to_owned()));
        }
        if let Some(ok) = assigned {
            if !ok(key) {
                return Err(Refusal::NotAssigned((*key).to_owned()));
            }
        }
        match flags.get(*key) {
            Some(FlagState::Flagged) => {}
            Some(FlagState::Rectifying) => return Err(Refusal::Pending((*key).to_owned())),
            _ => return Err(Refusal::NotFlagged((*key).to_owned())),
        }
    }
    Ok(keys.iter().filter(|k| wanted.contains(*k)).map(|k| (*k).to_owned()).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flags(pairs: &[(&str, FlagState)]) -> HashMap<String, FlagState> {
        pairs.iter().map(|(k, s)| ((*k).to_owned(), *s)).collect()
    }

    fn keys(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn states_round_trip_through_their_strings() {
        for s in FlagState::ALL {
            assert_eq!(FlagState::parse(s.as_str()), Some(s));
        }
        assert_eq!(FlagState::parse("ok"), None);
    }

    #[test]
    fn the_child_round_decides_passed_or_still_flagged_by_the_flag_rule() {
        assert_eq!(outcome(FlagStatus::Ok), FlagState::Passed);
        assert_eq!(outcome(FlagStatus::Flagged), FlagState::StillFlagged);
        assert_eq!(outcome(FlagStatus::InsufficientResponses), FlagState::StillFlagged);
    }

    #[test]
    fn only_flagged_targets_of_a_closed_round_can_be_re_evaluated() {
        let round = ["a", "b", "c", "d"];
        let f = flags(&[("a", FlagState::Flagged), ("b", FlagState::Rectifying), ("c", FlagState::Passed)]);
        assert_eq!(check(Status::Closed, &keys(&["a"]), &round, &f, None), Ok(keys(&["a"])));
        assert_eq!(check(Status::Published, &keys(&[" a ", "a"]), &round, &f, None), Ok(keys(&["a"])));
        assert_eq!(check(Status::Open, &keys(&["a"]), &round, &f, None), Err(Refusal::NotClosed(Status::Open)));
        assert_eq!(check(Status::Draft, &keys(&["a"]), &round, &f, None), Err(Refusal::NotClosed(Status::Draft)));
        assert_eq!(check(Status::Closed, &keys(&[]), &round, &f, None), Err(Refusal::NoTargets));
        assert_eq!(check(Status::Closed, &keys(&["  "]), &round, &f, None), Err(Refusal::NoTargets));
        assert_eq!(check(Status::Closed, &keys(&["zz"]), &round, &f, None), Err(Refusal::Unknown("zz".into())));
        assert_eq!(check(Status::Closed, &keys(&["b"]), &round, &f, None), Err(Refusal::Pending("b".into())));
        assert_eq!(check(Status::Closed, &keys(&["c"]), &round, &f, None), Err(Refusal::NotFlagged("c".into())));
        assert_eq!(check(Status::Closed, &keys(&["d"]), &round, &f, None), Err(Refusal::NotFlagged("d".into())));
    }

    #[test]
    fn a_steering_member_may_only_choose_assigned_targets() {
        let round = ["a", "b"];
        let f = flags(&[("a", FlagState::Flagged), ("b", FlagState::Flagged)]);
        let mine = |k: &str| k == "a";
        assert_eq!(check(Status::Closed, &keys(&["a"]), &round, &f, Some(&mine)), Ok(keys(&["a"])));
        assert_eq!(check(Status::Closed, &keys(&["a", "b"]), &round, &f, Some(&mine)), Err(Refusal::NotAssigned("b".into())));
    }

    #[test]
    fn chosen_keys_come_back_in_the_rounds_order() {
        let round = ["a", "b", "c"];
        let f = flags(&[("a", FlagState::Flagged), ("c", FlagState::Flagged)]);
        assert_eq!(check(Status::Closed, &keys(&["c", "a"]), &round, &f, None), Ok(keys(&["a", "c"])));
    }
}
