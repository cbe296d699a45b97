//! The hall screen's counts (DOMAIN.md "Paper ballots and the hall"): ballots received per
//! category and per unit, as the projector shows them. Every number moves only in steps of
//! [`STEP`] ballots, so that nobody in the hall can tell from the screen when one person
//! voted; the screen never shows an answer.

use crate::round::RoundSpec;

/// Counts on the hall screen move in steps of this many ballots.
pub const STEP: u64 = 5;

/// `n` rounded down to a multiple of [`STEP`].
pub fn stepped(n: u64) -> u64 {
    n - n % STEP
}

/// One line of the screen: a category or a unit, with its stepped count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallLine {
    /// The category's or unit's key.
    pub key: String,
    /// Its name.
    pub name: String,
    /// Ballots received, rounded down to a multiple of [`STEP`].
    pub n: u64,
}

/// What the hall screen shows of a round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallCounts {
    /// Every ballot of the round, rounded down to a multiple of [`STEP`].
    pub ballots: u64,
    /// Per category, in the round's order.
    pub categories: Vec<HallLine>,
    /// Per unit, in the round's order (codes of the whole round count only in the total
    /// and in their category).
    pub units: Vec<HallLine>,
}

/// The screen's counts from the exact ones: `used` holds (unit key or "" for a code of the
/// whole round, category key, ballots). Each number is the exact sum, then stepped.
pub fn hall_counts(spec: &RoundSpec, used: &[(String, String, u64)]) -> HallCounts {
    let sum = |pick: &dyn Fn(&(String, String, u64)) -> bool| used.iter().filter(|r| pick(r)).map(|r| r.2).sum::<u64>();
    let categories =
        spec.categories.iter().map(|c| HallLine { key: c.key.clone(), name: c.name.clone(), n: stepped(sum(&|r| r.1 == c.key)) }).collect();
    let units = spec.units().into_iter().map(|(key, name)| HallLine { n: stepped(sum(&|r| r.0 == key)), key, name }).collect();
    HallCounts { ballots: stepped(sum(&|_| true)), categories, units }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::{annual_preset, TargetKind, TargetSpec};

    fn two_units() -> RoundSpec {
        let t = |key: &str, kind, parent: Option<&str>| TargetSpec {
            key: key.into(),
            name: format!("{key} name"),
            kind,
            parent: parent.map(Into::into),
            position: None,
        };
        let mut spec = annual_preset("hall", "");
        spec.targets = vec![t("u1", TargetKind::Body, None), t("u1-a", TargetKind::Cadre, Some("u1")), t("u2", TargetKind::Body, None)];
        spec
    }

    #[test]
    fn a_count_moves_only_in_steps_of_five() {
        assert_eq!((0..=11).map(stepped).collect::<Vec<_>>(), [0, 0, 0, 0, 0, 5, 5, 5, 5, 5, 10, 10]);
    }

    #[test]
    fn totals_are_stepped_after_summing_not_summed_after_stepping() {
        let spec = two_units();
        let (u1, u2) = (spec.units()[0].0.clone(), spec.units()[1].0.clone());
        let cat = spec.categories[0].key.clone();
        let used = vec![(u1.clone(), cat.clone(), 3), (u2.clone(), cat.clone(), 4), (String::new(), cat.clone(), 1)];
        let c = hall_counts(&spec, &used);
        assert_eq!(c.ballots, 5, "3 + 4 + 1 = 8 shows as 5");
        assert_eq!(c.categories[0].n, 5);
        assert_eq!(c.units.iter().find(|u| u.key == u1).map(|u| u.n), Some(0), "3 shows as 0");
        assert_eq!(c.units.iter().find(|u| u.key == u2).map(|u| u.n), Some(0));
        assert_eq!(c.units.len(), spec.units().len(), "every unit has a line, voted or not");
    }

    #[test]
    fn one_more_ballot_changes_a_number_only_when_it_completes_a_step() {
        let spec = two_units();
        let (unit, cat) = (spec.units()[0].0.clone(), spec.categories[0].key.clone());
        for n in 0..40u64 {
            let before = hall_counts(&spec, &[(unit.clone(), cat.clone(), n)]);
            let after = hall_counts(&spec, &[(unit.clone(), cat.clone(), n + 1)]);
            assert_eq!(before != after, (n + 1).is_multiple_of(STEP), "at {n}");
            assert!(after.ballots <= n + 1 && after.ballots.is_multiple_of(STEP));
        }
    }
}
