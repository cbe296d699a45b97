//! Indicators of coached voting (RULES.md A10): per evaluator category and for the whole
//! round, the share of straight-lined sheets (every answer at the same position of its
//! scale) and the share of sheets identical to another sheet of the round, and how far each
//! category is from the round. For the admin only, as aggregates only: a category is broken
//! out only when it is shown for every target its sheets rate (as an opinion names its
//! category, [`crate::disclosure::opinion_names_category`]) and when it holds enough
//! sheets in the round ([`crate::disclosure::disclosed`]); an answer about a target that
//! publishes no number (rated by fewer than `disclosure_min` ballots) is left out of every
//! sheet. A flag is a prompt to look closer, never a finding.
//!
//! One pass over the stored ballots ([`Accumulator`]), with memory bounded by the distinct
//! sheets: a sheet is kept only as a 128-bit fingerprint of its answers (sorted, and of two
//! answers to the same target and item only the first, i.e. the lower option), with how
//! many sheets had it and in which categories. The fingerprint is XXH3-128 under a seed
//! drawn afresh for each computation (one pass, about ten times faster than two SipHash
//! passes on a sheet of 300 answers); two different sheets are taken as identical with a
//! probability of about 10^-27 for a million sheets (the birthday bound of 128 bits).
//! Shares and gaps are integer millionths, as thresholds are compared on integers.

use std::cmp::Reverse;
use std::collections::hash_map::RandomState;
use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::disclosure::{disclosed, published};
use crate::tally::RoundCounts;

/// One answer of a sheet: the target's index, the item's index and the option's position
/// in its kind's scale (0 = the first option). Two scales (bodies, cadres) share positions.
pub type Answer = (u32, u32, u16);

/// Gap above which a category is worth a closer look: 20 percentage points (200_000 ppm).
pub const LOOK_CLOSER_GAP_PPM: i64 = 200_000;

/// Fewest straight-lined (or identical) sheets in a category for it to be flagged for a
/// closer look.
pub const LOOK_CLOSER_MIN: u64 = 3;

/// Counts of one group of sheets (a category or the round).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Sheets (ballots) in the group.
    pub ballots: u64,
    /// Sheets of at least two answers, every answer at the same position of its scale.
    pub straight_lined: u64,
    /// Sheets whose whole set of answers equals another sheet's in the round (of any
    /// category). A sheet with no answer is never counted here.
    pub identical: u64,
}

impl Counts {
    /// `straight_lined / ballots` as millionths (integer, rounded half up); 0 when there
    /// are no ballots.
    pub fn straight_lined_ppm(&self) -> u64 {
        ppm(self.straight_lined, self.ballots)
    }

    /// `identical / ballots` as millionths (integer, rounded half up); 0 when there are no
    /// ballots.
    pub fn identical_ppm(&self) -> u64 {
        ppm(self.identical, self.ballots)
    }
}

/// `part / whole` in millionths, rounded half up; 0 when `whole` is 0.
fn ppm(part: u64, whole: u64) -> u64 {
    if whole == 0 {
        return 0;
    }
    let (part, whole) = (u128::from(part), u128::from(whole));
    // floor(part · 10^6 / whole + 1/2), exactly.
    let r = (2 * part * 1_000_000 + whole) / (2 * whole);
    u64::try_from(r).unwrap_or(u64::MAX)
}

/// A category's counts and how far they are from the round's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CategoryIndicators {
    /// The category's index in the round.
    pub category: usize,
    /// The category's counts.
    pub counts: Counts,
    /// The category's share of straight-lined sheets minus the round's, in millionths (may
    /// be negative).
    pub straight_lined_gap_ppm: i64,
    /// The category's share of identical sheets minus the round's, in millionths (may be
    /// negative).
    pub identical_gap_ppm: i64,
    /// Worth a closer look: a gap (straight-lined or identical) is at least
    /// [`LOOK_CLOSER_GAP_PPM`] and the category has at least [`LOOK_CLOSER_MIN`] sheets of
    /// that kind.
    pub look_closer: bool,
}

impl CategoryIndicators {
    /// A category's indicators from its counts and the round's.
    fn new(category: usize, counts: Counts, round: &Counts) -> Self {
        let gap = |c: u64, r: u64| i64::try_from(c).unwrap_or(i64::MAX) - i64::try_from(r).unwrap_or(i64::MAX);
        let straight_lined_gap_ppm = gap(counts.straight_lined_ppm(), round.straight_lined_ppm());
        let identical_gap_ppm = gap(counts.identical_ppm(), round.identical_ppm());
        let look_closer = (straight_lined_gap_ppm >= LOOK_CLOSER_GAP_PPM && counts.straight_lined >= LOOK_CLOSER_MIN)
            || (identical_gap_ppm >= LOOK_CLOSER_GAP_PPM && counts.identical >= LOOK_CLOSER_MIN);
        CategoryIndicators { category, counts, straight_lined_gap_ppm, identical_gap_ppm, look_closer }
    }
}

/// The indicators of a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Indicators {
    /// The whole round (every category, disclosed or not).
    pub round: Counts,
    /// The disclosed categories only, in the round's order.
    pub categories: Vec<CategoryIndicators>,
}

/// What the round's results show, which the indicators may not undo: per target, whether
/// it publishes numbers and which categories are broken out for it. The default shows
/// everything (a round whose results are not known: tests, small rounds).
#[derive(Debug, Clone, Default)]
pub struct Disclosure {
    /// Per target: `None` when it publishes no number, else whether each category is shown.
    targets: Vec<Option<Vec<bool>>>,
}

impl Disclosure {
    /// The disclosure of a round's results, from the same counts and rules as its tally
    /// ([`crate::tally::tally_round`]).
    pub fn of(counts: &RoundCounts, disclosure_min: u32) -> Self {
        let targets = counts.categories.first().map_or(0, |c| c.in_scope.len());
        let targets = (0..targets)
            .map(|t| {
                let rated: Vec<u64> = counts.categories.iter().map(|c| c.in_scope[t]).collect();
                published(&rated, disclosure_min).then(|| disclosed(&rated, disclosure_min))
            })
            .collect();
        Disclosure { targets }
    }

    /// Whether target `t` publishes numbers (a target it does not know of does).
    fn published(&self, t: u32) -> bool {
        self.targets.get(t as usize).is_none_or(Option::is_some)
    }

    /// Whether category `c` is shown for target `t` (everything is, for a target it does
    /// not know of).
    fn shown(&self, t: u32, c: usize) -> bool {
        match self.targets.get(t as usize) {
            None => true,
            Some(shown) => shown.as_ref().and_then(|s| s.get(c)).copied().unwrap_or(false),
        }
    }
}

/// `Seen::group` of a fingerprint that only one category has had.
const ONE_CATEGORY: u32 = u32::MAX;

/// The sheets of one fingerprint: how many, the first one's category, and once a second
/// category has had it, which group of per-category counts in `Accumulator::mixed` holds
/// them (else [`ONE_CATEGORY`]). 16 bytes, so 32 with its key.
#[derive(Debug)]
struct Seen {
    sheets: u32,
    group: u32,
    category: usize,
}

/// One pass over a round's sheets.
#[derive(Debug)]
pub struct Accumulator {
    /// Per category: ballots and straight-lined sheets (identical ones are counted at the end).
    counts: Vec<Counts>,
    /// What the round's results show (shared by siblings).
    disclosure: Arc<Disclosure>,
    /// Per category: a sheet of it rated a target for which it is hidden.
    hidden_somewhere: Vec<bool>,
    /// Every distinct non-empty sheet, by fingerprint.
    seen: HashMap<u128, Seen>,
    /// Per-category sheet counts of the fingerprints seen in more than one category,
    /// `counts.len()` numbers per group.
    mixed: Vec<u32>,
    /// Groups in `mixed`.
    groups: u32,
    /// The fingerprints' seed, random for each computation (shared by siblings).
    seed: u64,
    /// The sheet being added, sorted (reused, so that adding a sheet allocates nothing).
    sorted: Vec<Answer>,
    /// The sheet being added, as bytes to hash (reused likewise).
    bytes: Vec<u8>,
}

impl Accumulator {
    /// An accumulator for a round of `categories` evaluator categories whose results show
    /// everything.
    pub fn new(categories: usize) -> Self {
        Accumulator::disclosing(categories, Disclosure::default())
    }

    /// An accumulator for a round of `categories` evaluator categories whose results show
    /// what `disclosure` says.
    pub fn disclosing(categories: usize, disclosure: Disclosure) -> Self {
        Accumulator {
            counts: vec![Counts::default(); categories],
            disclosure: Arc::new(disclosure),
            hidden_somewhere: vec![false; categories],
            seen: HashMap::new(),
            mixed: Vec::new(),
            groups: 0,
            // A random number without a random-number crate: std's per-process random keys.
            seed: RandomState::new().build_hasher().finish(),
            sorted: Vec::new(),
            bytes: Vec::new(),
        }
    }

    /// Adds one sheet of category `category` (an index below the round's categories; a
    /// sheet of any other is ignored) with its answers in any order. Answers about a
    /// target that publishes no number are left out.
    pub fn add(&mut self, category: usize, answers: &[Answer]) {
        let Some(counts) = self.counts.get_mut(category) else {
            return;
        };
        counts.ballots += 1;
        let disclosure = &self.disclosure;
        self.sorted.clear();
        self.sorted.extend(answers.iter().filter(|a| disclosure.published(a.0)));
        if !self.hidden_somewhere[category] && self.sorted.iter().any(|a| !disclosure.shown(a.0, category)) {
            self.hidden_somewhere[category] = true;
        }
        self.sorted.sort_unstable();
        self.sorted.dedup_by_key(|a| (a.0, a.1));
        let Some(&(_, _, first)) = self.sorted.first() else {
            return;
        };
        if self.sorted.len() >= 2 && self.sorted.iter().all(|a| a.2 == first) {
            counts.straight_lined += 1;
        }

        self.bytes.clear();
        for &(target, item, option) in &self.sorted {
            self.bytes.extend_from_slice(&target.to_le_bytes());
            self.bytes.extend_from_slice(&item.to_le_bytes());
            self.bytes.extend_from_slice(&option.to_le_bytes());
        }
        let fingerprint = xxhash_rust::xxh3::xxh3_128_with_seed(&self.bytes, self.seed);

        let n = self.counts.len();
        let seen = self.seen.entry(fingerprint).or_insert(Seen { sheets: 0, group: ONE_CATEGORY, category });
        if seen.group == ONE_CATEGORY && seen.category != category {
            // A second category has this sheet: from now on count it per category.
            seen.group = self.groups;
            self.groups += 1;
            let start = self.mixed.len();
            self.mixed.resize(start + n, 0);
            self.mixed[start + seen.category] = seen.sheets;
        }
        seen.sheets += 1;
        if seen.group != ONE_CATEGORY {
            self.mixed[seen.group as usize * n + category] += 1;
        }
    }

    /// An empty accumulator for the same round that fingerprints sheets with the same
    /// keys, so that it can count a part of the round's sheets on its own (another thread,
    /// another range of ballots) and be [`merge`](Self::merge)d back.
    pub fn sibling(&self) -> Self {
        let disclosure = Arc::clone(&self.disclosure);
        Accumulator { seed: self.seed, disclosure, ..Accumulator::new(self.counts.len()) }
    }

    /// Adds the sheets that `other`, a [`sibling`](Self::sibling), has counted: the result
    /// is as if every sheet had been added to `self`, in any order.
    pub fn merge(&mut self, other: Accumulator) {
        assert_eq!(self.counts.len(), other.counts.len(), "a sibling counts the same categories");
        for (mine, theirs) in self.counts.iter_mut().zip(&other.counts) {
            mine.ballots += theirs.ballots;
            mine.straight_lined += theirs.straight_lined;
        }
        for (mine, theirs) in self.hidden_somewhere.iter_mut().zip(&other.hidden_somewhere) {
            *mine |= theirs;
        }
        let n = self.counts.len();
        let Accumulator { seen, mixed, groups, .. } = self;
        for (fingerprint, theirs) in other.seen {
            let row = |s: &Seen| (s.group != ONE_CATEGORY).then(|| &other.mixed[s.group as usize * n..(s.group as usize + 1) * n]);
            let mine = match seen.entry(fingerprint) {
                std::collections::hash_map::Entry::Vacant(v) => {
                    let mut fresh = Seen { sheets: theirs.sheets, group: ONE_CATEGORY, category: theirs.category };
                    if let Some(r) = row(&theirs) {
                        fresh.group = *groups;
                        *groups += 1;
                        mixed.extend_from_slice(r);
                    }
                    v.insert(fresh);
                    continue;
                }
                std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
            };
            if mine.group == ONE_CATEGORY && theirs.group == ONE_CATEGORY && mine.category == theirs.category {
                mine.sheets += theirs.sheets;
                continue;
            }
            if mine.group == ONE_CATEGORY {
                mine.group = *groups;
                *groups += 1;
                let start = mixed.len();
                mixed.resize(start + n, 0);
                mixed[start + mine.category] = mine.sheets;
            }
            let start = mine.group as usize * n;
            match row(&theirs) {
                Some(r) => mixed[start..start + n].iter_mut().zip(r).for_each(|(m, t)| *m += t),
                None => mixed[start + theirs.category] += theirs.sheets,
            }
            mine.sheets += theirs.sheets;
        }
    }

    /// The indicators; `disclosure_min` as in [`crate::disclosure::disclosed`], applied to
    /// the categories' ballots in the round (with the same complementary suppression), so
    /// that a small category is never broken out; nor is one hidden for a target its
    /// sheets rate, and then never alone (the round minus the rest would give it).
    pub fn finish(self, disclosure_min: u32) -> Indicators {
        let mut counts = self.counts;
        let n = counts.len();
        let mut round = Counts::default();
        for seen in self.seen.values().filter(|s| s.sheets >= 2) {
            round.identical += u64::from(seen.sheets);
            if seen.group == ONE_CATEGORY {
                counts[seen.category].identical += u64::from(seen.sheets);
            } else {
                let start = seen.group as usize * n;
                for (c, &sheets) in counts.iter_mut().zip(&self.mixed[start..start + n]) {
                    c.identical += u64::from(sheets);
                }
            }
        }
        round.ballots = counts.iter().map(|c| c.ballots).sum();
        round.straight_lined = counts.iter().map(|c| c.straight_lined).sum();

        let ballots: Vec<u64> = counts.iter().map(|c| c.ballots).collect();
        let mut shown = disclosed(&ballots, disclosure_min);
        for (s, hidden) in shown.iter_mut().zip(&self.hidden_somewhere) {
            *s &= !hidden;
        }
        let k = u64::from(disclosure_min.max(1));
        loop {
            let out: Vec<u64> = (0..n).filter(|&c| !shown[c] && ballots[c] > 0).map(|c| ballots[c]).collect();
            let pooled: u64 = out.iter().sum();
            if out.len() != 1 && !(pooled > 0 && pooled < k) {
                break;
            }
            let Some(c) = (0..n).filter(|&c| shown[c] && ballots[c] > 0).min_by_key(|&c| (ballots[c], Reverse(c))) else {
                break;
            };
            shown[c] = false;
        }
        let categories = counts
            .into_iter()
            .enumerate()
            .zip(shown)
            .filter(|(_, shown)| *shown)
            .map(|((category, c), _)| CategoryIndicators::new(category, c, &round))
            .collect();
        Indicators { round, categories }
    }
}

/// The indicators of `sheets` (category, answers) in one call, for tests and small rounds.
pub fn indicators<'a>(categories: usize, sheets: impl IntoIterator<Item = (usize, &'a [Answer])>, disclosure_min: u32) -> Indicators {
    let mut acc = Accumulator::new(categories);
    for (category, answers) in sheets {
        acc.add(category, answers);
    }
    acc.finish(disclosure_min)
}

#[cfg(test)]
mod disclosure_tests;
#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The indicators of owned sheets.
    fn of(categories: usize, sheets: &[(usize, Vec<Answer>)], disclosure_min: u32) -> Indicators {
        indicators(categories, sheets.iter().map(|(c, a)| (*c, a.as_slice())), disclosure_min)
    }

    fn counts(ballots: u64, straight_lined: u64, identical: u64) -> Counts {
        Counts { ballots, straight_lined, identical }
    }

    /// Sheets from small domains, so that identical and straight-lined ones happen.
    fn sheets(max: usize) -> impl Strategy<Value = Vec<(usize, Vec<Answer>)>> {
        prop::collection::vec((0usize..3, prop::collection::vec((0u32..2, 0u32..2, 0u16..3), 0..6)), 0..max)
    }

    #[test]
    fn shares_are_millionths_rounded_half_up() {
        assert_eq!(counts(3, 1, 2).straight_lined_ppm(), 333_333);
        assert_eq!(counts(3, 1, 2).identical_ppm(), 666_667);
        assert_eq!(counts(8, 3, 4).straight_lined_ppm(), 375_000);
        assert_eq!(counts(2_000_000, 1, 3).straight_lined_ppm(), 1, "0.5 rounds up");
        assert_eq!(counts(2_000_000, 1, 3).identical_ppm(), 2, "1.5 rounds up");
        assert_eq!(counts(0, 0, 0).straight_lined_ppm(), 0);
        assert_eq!(counts(0, 0, 0).identical_ppm(), 0);
        assert_eq!(counts(7, 7, 7).identical_ppm(), 1_000_000);
    }

    #[test]
    fn a_category_of_identical_sheets_stands_out_from_the_round() {
        let sheets: Vec<(usize, Vec<Answer>)> = vec![
            (0, vec![(0, 0, 0), (0, 1, 0), (1, 0, 0)]), // straight-lined
            (0, vec![(0, 0, 1), (0, 1, 2)]),
            (0, vec![(1, 0, 0), (0, 0, 0), (0, 1, 0)]), // the first, reordered: straight-lined, identical
            (1, vec![(0, 0, 2), (0, 1, 2)]),            // straight-lined at another position
            (1, vec![(0, 1, 2), (0, 0, 1)]),            // the second, from another category: identical
            (1, vec![(0, 0, 3)]),                       // one answer: not straight-lined
            (2, vec![]),
            (2, vec![(0, 0, 0), (0, 1, 1)]),
        ];
        let ind = of(3, &sheets, 1);
        assert_eq!(ind.round, counts(8, 3, 4));
        assert_eq!((ind.round.straight_lined_ppm(), ind.round.identical_ppm()), (375_000, 500_000));

        let got: Vec<_> = ind.categories.iter().map(|c| (c.category, c.counts)).collect();
        assert_eq!(got, [(0, counts(3, 2, 3)), (1, counts(3, 1, 1)), (2, counts(2, 0, 0))]);
        let ppm: Vec<_> = ind.categories.iter().map(|c| (c.counts.straight_lined_ppm(), c.counts.identical_ppm())).collect();
        assert_eq!(ppm, [(666_667, 1_000_000), (333_333, 333_333), (0, 0)]);
        let gaps: Vec<_> = ind.categories.iter().map(|c| (c.straight_lined_gap_ppm, c.identical_gap_ppm)).collect();
        assert_eq!(gaps, [(291_667, 500_000), (-41_667, -166_667), (-375_000, -500_000)]);
        // Category 0: its straight-lined gap is wide but holds only 2 sheets; its identical
        // gap is wide and holds 3.
        let look: Vec<_> = ind.categories.iter().map(|c| c.look_closer).collect();
        assert_eq!(look, [true, false, false]);
    }

    #[test]
    fn one_answer_is_not_straight_lined_and_an_empty_sheet_is_neither() {
        let sheets: Vec<(usize, Vec<Answer>)> = vec![(0, vec![(0, 0, 1)]), (0, vec![]), (1, vec![])];
        assert_eq!(of(2, &sheets, 1).round, counts(3, 0, 0), "two empty sheets are not identical");
        // An answer given twice counts once: one answer, not straight-lined, and the same
        // sheet as the first.
        let twice: Vec<(usize, Vec<Answer>)> = vec![(0, vec![(0, 0, 1)]), (1, vec![(0, 0, 1), (0, 0, 1)])];
        assert_eq!(of(2, &twice, 1).round, counts(2, 0, 2));
        // A sheet of a category outside the round is ignored.
        assert_eq!(of(2, &[(2, vec![(0, 0, 1), (0, 1, 1)])], 1).round, counts(0, 0, 0));
    }

    #[test]
    fn answer_order_does_not_matter_for_identity_but_one_other_option_does() {
        let a: Vec<Answer> = vec![(0, 0, 1), (0, 1, 2), (3, 0, 0)];
        let reordered: Vec<Answer> = vec![(3, 0, 0), (0, 1, 2), (0, 0, 1)];
        let other: Vec<Answer> = vec![(0, 0, 1), (0, 1, 1), (3, 0, 0)];
        assert_eq!(of(1, &[(0, a.clone()), (0, reordered)], 1).round.identical, 2);
        assert_eq!(of(1, &[(0, a.clone()), (0, other.clone())], 1).round.identical, 0);
        assert_eq!(of(1, &[(0, a.clone()), (0, other), (0, a)], 1).round.identical, 2);
    }

    #[test]
    fn a_small_category_is_never_broken_out_but_counts_in_the_round() {
        let sheet: Vec<Answer> = vec![(0, 0, 0), (0, 1, 1)];
        let round = |ballots: &[usize]| -> Vec<(usize, Vec<Answer>)> {
            ballots.iter().enumerate().flat_map(|(c, &n)| std::iter::repeat_n((c, sheet.clone()), n)).collect()
        };
        for (ballots, expected) in [([10, 4, 0], vec![]), ([10, 6, 4], vec![0]), ([10, 6, 0], vec![0, 1])] {
            let ind = of(3, &round(&ballots), 5);
            let shown = disclosed(&ballots.map(|n| n as u64), 5);
            let got: Vec<usize> = ind.categories.iter().map(|c| c.category).collect();
            assert_eq!(got, (0..3).filter(|&c| shown[c]).collect::<Vec<_>>(), "{ballots:?}");
            assert_eq!(got, expected, "{ballots:?}");
            let all = ballots.iter().sum::<usize>() as u64;
            assert_eq!(ind.round, counts(all, 0, all), "{ballots:?}");
        }
    }

    proptest! {
        #[test]
        fn the_order_of_the_sheets_changes_nothing(
            (sheets, shuffled) in sheets(60).prop_flat_map(|s| (Just(s.clone()), Just(s).prop_shuffle())),
            disclosure_min in 1u32..6,
        ) {
            prop_assert_eq!(of(3, &sheets, disclosure_min), of(3, &shuffled, disclosure_min));
        }

        #[test]
        fn a_category_of_one_coached_sheet_is_worth_a_closer_look(
            coached in 0usize..3,
            n in 10usize..30,
            answers in 5u32..12,
            others in prop::collection::vec((0usize..2, prop::collection::vec((0u32..2, 0u32..2, 0u16..3), 0..4)), 30..60),
        ) {
            let sheet: Vec<Answer> = (0..answers).map(|i| (0, i, 0)).collect();
            let mut sheets: Vec<(usize, Vec<Answer>)> = vec![(coached, sheet); n];
            // Others answer two options on a target of their own: never straight-lined, and
            // never the coached sheet.
            sheets.extend(others.into_iter().map(|(r, mut a)| {
                a.extend([(9, 0, 0), (9, 1, 1)]);
                ((coached + 1 + r) % 3, a)
            }));
            let ind = of(3, &sheets, 1);
            let c = ind.categories.iter().find(|c| c.category == coached).expect("the coached category is shown");
            prop_assert!(c.look_closer);
            prop_assert!(c.straight_lined_gap_ppm > 0);
            prop_assert_eq!(c.counts, counts(n as u64, n as u64, n as u64));
            prop_assert_eq!(ind.round.straight_lined, n as u64);
        }

        #[test]
        fn counting_the_sheets_in_parts_and_merging_changes_nothing(
            sheets in sheets(80),
            parts in prop::collection::vec(0usize..4, 80),
            disclosure_min in 1u32..6,
        ) {
            let whole = of(3, &sheets, disclosure_min);
            let first = Accumulator::new(3);
            let mut accs: Vec<Accumulator> = (1..4).map(|_| first.sibling()).collect();
            accs.insert(0, first);
            for ((c, a), p) in sheets.iter().zip(&parts) {
                accs[*p].add(*c, a);
            }
            let mut merged = accs.remove(0);
            for acc in accs {
                merged.merge(acc);
            }
            prop_assert_eq!(merged.finish(disclosure_min), whole);
        }

        #[test]
        fn counts_are_consistent(sheets in sheets(60), disclosure_min in 1u32..8) {
            let ind = of(3, &sheets, disclosure_min);
            let all = of(3, &sheets, 1);
            prop_assert_eq!(ind.round, all.round, "disclosure does not change the round");
            prop_assert_eq!(ind.round.ballots, sheets.len() as u64);
            for c in std::iter::once(&ind.round).chain(ind.categories.iter().map(|c| &c.counts)) {
                prop_assert!(c.straight_lined <= c.ballots && c.identical <= c.ballots, "{:?}", c);
                prop_assert!(c.straight_lined_ppm() <= 1_000_000 && c.identical_ppm() <= 1_000_000);
            }
            prop_assert!(ind.categories.windows(2).all(|w| w[0].category < w[1].category));
            prop_assert!(ind.categories.iter().map(|c| c.counts.ballots).sum::<u64>() <= ind.round.ballots);
            // With every category disclosed, the categories add up to the round.
            let sum = |f: fn(&Counts) -> u64| all.categories.iter().map(|c| f(&c.counts)).sum::<u64>();
            prop_assert_eq!(sum(|c| c.ballots), all.round.ballots);
            prop_assert_eq!(sum(|c| c.straight_lined), all.round.straight_lined);
            prop_assert_eq!(sum(|c| c.identical), all.round.identical);
        }

        #[test]
        fn the_counts_agree_with_a_slow_count(sheets in sheets(60)) {
            // Each sheet as the set of its answers, the lower option of a repeated (target, item) first.
            let norm: Vec<(usize, Vec<Answer>)> = sheets
                .iter()
                .map(|(c, a)| {
                    let mut a = a.clone();
                    a.sort();
                    a.dedup_by_key(|x| (x.0, x.1));
                    (*c, a)
                })
                .collect();
            let ind = of(3, &sheets, 1);
            for c in 0..3 {
                let mine: Vec<&Vec<Answer>> = norm.iter().filter(|s| s.0 == c).map(|s| &s.1).collect();
                let straight = mine.iter().filter(|a| a.len() >= 2 && a.iter().all(|x| x.2 == a[0].2)).count() as u64;
                let identical = mine.iter().filter(|a| !a.is_empty() && norm.iter().filter(|s| s.1 == ***a).count() >= 2).count() as u64;
                let got = ind.categories.iter().find(|x| x.category == c).map(|x| x.counts).unwrap_or_default();
                prop_assert_eq!(got, counts(mine.len() as u64, straight, identical), "category {}", c);
            }
        }
    }
}
