//! Anonymity rule 5 in the tally: hidden categories pooled on the weighted basis, and no
//! number for a target rated by fewer than `disclosure_min` ballots.

use super::tests::{cast, spec};
use super::*;
use crate::round::CategorySpec;
use proptest::prelude::*;

/// Three categories (masses 2, reps 1, heads 0 by weight) rating target 0.
fn three_categories(basis: FlagBasis) -> RoundSpec {
    let mut s = spec(basis);
    s.categories.push(CategorySpec { key: "heads".into(), name: "负责人".into(), weight: 0.0 });
    s
}

#[test]
fn on_the_weighted_basis_hidden_categories_enter_as_one_pooled_group() {
    // masses (w 2): 10 ballots, 5 satisfied, 5 dissatisfied → shown, dissat 0.5
    // reps   (w 1): 3 ballots, all dissatisfied                → hidden
    // heads  (w 0): 2 ballots, both satisfied                   → hidden
    // hidden pooled: 5 ballots (≥ 5, so masses stays shown), dissat 3/5 = 0.6, weight 1 + 0
    // weighted dissat = (2·0.5 + 1·0.6) / 3 = 1.6/3 = 0.533333
    // (each hidden category on its own weight would give (2·0.5 + 1·1 + 0·0) / 3 = 0.666667)
    let s = three_categories(FlagBasis::Weighted);
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(0), 5);
    cast(&mut c, 0, Some(2), 5);
    cast(&mut c, 1, Some(2), 3);
    cast(&mut c, 2, Some(0), 2);
    let r = tally_round(&s, &c);
    assert_eq!(r.targets[0].shown, vec![true, false, false]);
    assert_eq!(round6(r.targets[0].overall.dissatisfaction_rate.unwrap()), 0.533333);
    assert_eq!(r.targets[0].overall.counts, vec![7, 0, 8, 0], "counts stay raw headcounts");
}

#[test]
fn a_lone_representative_among_hidden_masses_cannot_be_read_off_the_weighted_rate() {
    // The case of issue 30: ten masses and one 两代表一委员, both hidden (11 ballots).
    // Two rounds differ only in whether the representative or one of the masses said
    // 不满意: the pooled counts are equal, so every number must be too.
    let s = spec(FlagBasis::Weighted);
    let round = |rep: usize, masses_dissatisfied: usize| {
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(2), masses_dissatisfied);
        cast(&mut c, 0, Some(0), 10 - masses_dissatisfied);
        cast(&mut c, 1, Some(rep), 1);
        tally_round(&s, &c)
    };
    let (a, b) = (round(2, 1), round(0, 2));
    assert_eq!(a.targets[0].shown, vec![false, false]);
    assert_eq!(a.targets, b.targets);
    assert_eq!(round6(a.targets[0].overall.dissatisfaction_rate.unwrap()), round6(2.0 / 11.0));
}

#[test]
fn a_target_rated_by_fewer_than_the_minimum_publishes_no_number() {
    // A unit whose only evaluators are two people (disclosure_min 5).
    let s = spec(FlagBasis::Headcount);
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(2), 1);
    cast(&mut c, 1, Some(2), 1);
    let r = tally_round(&s, &c);
    let t = &r.targets[0];
    assert_eq!(t.status, FlagStatus::InsufficientResponses);
    assert_eq!(t.overall, tally_of(&s.scale, &[0, 0, 0, 0], 0));
    assert!(t.items.iter().flatten().all(|i| i.counts.iter().all(|n| *n == 0) && i.valid == 0 && i.unanswered == 0));
    assert!(t.categories.is_empty() && t.shown.iter().all(|x| !x));
    // One more ballot short of five is still nothing; the fifth publishes the totals.
    cast(&mut c, 0, Some(2), 2);
    assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::InsufficientResponses);
    cast(&mut c, 0, Some(2), 1);
    let r = tally_round(&s, &c);
    assert_eq!((r.targets[0].status, r.targets[0].overall.valid), (FlagStatus::Flagged, 5));
}

proptest! {
    #[test]
    fn moving_answers_between_hidden_categories_changes_no_published_number(
        masses in prop::collection::vec(prop::option::of(0usize..4), 0..12),
        reps in prop::collection::vec(prop::option::of(0usize..4), 0..6),
        heads in prop::collection::vec(prop::option::of(0usize..4), 0..6),
        swaps in prop::collection::vec((0usize..40, 0usize..40), 0..6),
        weighted in any::<bool>(),
        k in 1u32..8,
    ) {
        // Two rounds with the same ballots per category, whose answers differ only by
        // exchanges between two categories hidden for the target: every number is equal.
        let mut s = three_categories(if weighted { FlagBasis::Weighted } else { FlagBasis::Headcount });
        s.categories[2].weight = 0.5;
        s.disclosure_min = k;
        let cats = [masses, reps, heads];
        let build = |cats: &[Vec<Option<usize>>; 3]| {
            let mut c = RoundCounts::zero(&s);
            for (cat, answers) in cats.iter().enumerate() {
                for a in answers { cast(&mut c, cat, *a, 1); }
            }
            c
        };
        let a = tally_round(&s, &build(&cats));
        let shown = a.targets[0].shown.clone();
        let hidden: Vec<usize> = (0..3).filter(|c| !shown[*c] && !cats[*c].is_empty()).collect();
        let mut other = cats.clone();
        if hidden.len() >= 2 {
            for (x, y) in swaps {
                let (c1, c2) = (hidden[x % hidden.len()], hidden[y % hidden.len()]);
                if c1 == c2 { continue; }
                let (i, j) = (x % other[c1].len(), y % other[c2].len());
                let (u, v) = (other[c1][i], other[c2][j]);
                other[c1][i] = v;
                other[c2][j] = u;
            }
        }
        let b = tally_round(&s, &build(&other));
        prop_assert_eq!(a.targets, b.targets);
    }
}
