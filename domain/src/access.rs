//! Who may see what of a round (RULES.md P1, R3): deny by default. Pure: the caller is
//! loaded once per request by `app::ssr::access`, and every page, server function and API
//! route asks these functions.

use crate::lifecycle::Status;
use crate::round::Round;
use std::collections::BTreeSet;

/// Whether a target is covered by a set of assigned keys: its own key, or its body's key
/// for a cadre (assigning a body covers its cadres; keys are identities, R3).
pub fn covers(assigned: &BTreeSet<String>, key: &str, parent_key: Option<&str>) -> bool {
    assigned.contains(key) || parent_key.is_some_and(|p| assigned.contains(p))
}

/// Which of a round's targets a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// All of them.
    All,
    /// Those covered by these keys (a body's key covers its cadres).
    Only(BTreeSet<String>),
}

impl Targets {
    /// Whether a target (`key`, its body's key) is visible.
    pub fn shows(&self, key: &str, parent: Option<&str>) -> bool {
        match self {
            Targets::All => true,
            Targets::Only(keys) => covers(keys, key, parent),
        }
    }

    /// Whether some targets are hidden (the caller sees part of the round).
    pub fn is_partial(&self) -> bool {
        *self != Targets::All
    }
}

/// What a caller may see in general, resolved once per request: everything (admin), the
/// keys assigned to their groups (steering), or their rounds and units (viewer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The organization department.
    Admin,
    /// A steering member and the target keys assigned to their groups.
    Steering(BTreeSet<String>),
    /// A viewer, their rounds and their units (target keys).
    Viewer {
        /// Rounds granted whole.
        rounds: BTreeSet<i32>,
        /// Units granted in every round.
        keys: BTreeSet<String>,
    },
}

/// Why a caller may not see (part of) a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Nothing of it is in the caller's view: answered like an id that does not exist.
    #[error("not found")]
    NotFound,
    /// In the caller's view, but its results are not published yet.
    #[error("not published")]
    NotPublished,
}

/// What a caller may see of one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundAccess {
    /// The visible targets.
    pub targets: Targets,
    /// Tallies, charts and exports (closed for an admin, published for the others);
    /// otherwise turnout only.
    pub results: bool,
    /// Opinions of the ballots.
    pub opinions: bool,
}

impl RoundAccess {
    /// The one rule of results: a closed round's results need `results`; an open round
    /// shows turnout only, so it passes.
    pub fn require_results(&self, status: Status) -> Result<(), Denied> {
        if status.is_closed() && !self.results {
            Err(Denied::NotPublished)
        } else {
            Ok(())
        }
    }
}

/// Decides what `caller` may see of `round`: `NotFound` when nothing (ids of other
/// groups' rounds are not confirmed), `NotPublished` when it is in scope but not visible yet.
pub fn access(caller: &Caller, round: &Round) -> Result<RoundAccess, Denied> {
    let closed = round.status.is_closed();
    let published = matches!(round.status, Status::Published | Status::Archived);
    let any_shown = |t: &Targets| round.spec.targets.iter().any(|x| t.shows(&x.key, x.parent.as_deref()));
    match caller {
        Caller::Admin => Ok(RoundAccess { targets: Targets::All, results: closed, opinions: closed }),
        Caller::Steering(keys) => {
            let mine = Targets::Only(keys.clone());
            if round.status == Status::Draft || !any_shown(&mine) {
                return Err(Denied::NotFound);
            }
            Ok(RoundAccess { targets: mine, results: published, opinions: published })
        }
        Caller::Viewer { rounds, keys } => {
            let targets = if rounds.contains(&round.id) {
                Targets::All
            } else {
                let t = Targets::Only(keys.clone());
                if !any_shown(&t) {
                    return Err(Denied::NotFound);
                }
                t
            };
            if round.status == Status::Draft {
                return Err(Denied::NotFound);
            }
            if !published {
                return Err(Denied::NotPublished);
            }
            Ok(RoundAccess { targets, results: true, opinions: false })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::{RoundSpec, TargetKind, TargetSpec};

    fn round(status: Status) -> Round {
        let mut spec: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).expect("spec");
        spec.targets = vec![
            TargetSpec { key: "edu".into(), name: "教育局".into(), kind: TargetKind::Body, parent: None, position: None },
            TargetSpec { key: "edu-1".into(), name: "张".into(), kind: TargetKind::Cadre, parent: Some("edu".into()), position: None },
            TargetSpec { key: "tax".into(), name: "税务局".into(), kind: TargetKind::Body, parent: None, position: None },
        ];
        Round { id: 7, parent_id: None, status, spec }
    }

    fn keys(k: &[&str]) -> BTreeSet<String> {
        k.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_body_assignment_covers_its_cadres_and_nothing_else() {
        let assigned = keys(&["edu"]);
        assert!(covers(&assigned, "edu", None));
        assert!(covers(&assigned, "edu-1", Some("edu")));
        assert!(!covers(&assigned, "tax", None));
        assert!(!covers(&assigned, "tax-1", Some("tax")));
    }

    #[test]
    fn admins_see_everything_and_results_once_closed() {
        let open = access(&Caller::Admin, &round(Status::Open)).expect("admin");
        assert_eq!((open.targets.clone(), open.results), (Targets::All, false));
        assert_eq!(open.require_results(Status::Open), Ok(()), "turnout of an open round");
        assert!(access(&Caller::Admin, &round(Status::Closed)).expect("admin").results);
    }

    #[test]
    fn steering_sees_assigned_targets_once_published_and_nothing_of_other_rounds() {
        let me = Caller::Steering(keys(&["edu"]));
        let closed = access(&me, &round(Status::Closed)).expect("in view");
        assert_eq!(closed.require_results(Status::Closed), Err(Denied::NotPublished));
        let published = access(&me, &round(Status::Published)).expect("in view");
        assert!(published.results && published.opinions);
        assert!(published.targets.shows("edu-1", Some("edu")) && !published.targets.shows("tax", None));
        assert_eq!(access(&me, &round(Status::Draft)), Err(Denied::NotFound));
        assert_eq!(access(&Caller::Steering(keys(&["other"])), &round(Status::Published)), Err(Denied::NotFound));
    }

    #[test]
    fn viewers_see_published_rounds_in_scope_without_opinions() {
        let whole = Caller::Viewer { rounds: [7].into(), keys: BTreeSet::new() };
        let unit = Caller::Viewer { rounds: BTreeSet::new(), keys: keys(&["tax"]) };
        assert_eq!(access(&whole, &round(Status::Closed)), Err(Denied::NotPublished));
        let a = access(&whole, &round(Status::Published)).expect("in scope");
        assert_eq!((a.targets, a.opinions), (Targets::All, false));
        let u = access(&unit, &round(Status::Published)).expect("in scope");
        assert!(u.targets.shows("tax", None) && !u.targets.shows("edu", None));
        let none = Caller::Viewer { rounds: BTreeSet::new(), keys: BTreeSet::new() };
        assert_eq!(access(&none, &round(Status::Published)), Err(Denied::NotFound));
    }
}
