//! The tally engine (RULES.md T1–T3). Pure: counts in,
//! rates, scores and flags out; no I/O.
//!
//! Exactness: counts are integers; headcount rates are compared with the threshold in
//! integer arithmetic (the threshold read as millionths), so a rate equal to the threshold
//! is never "greater". Weighted rates are sums of ratios in `f64` and compared with a
//! tolerance of 1e-12 (far below any difference that counts of real ballots can make).

use crate::ballot::Answer;
use crate::disclosure::{disclosed, opinion_names_category};
use crate::round::{FlagBasis, Polarity, RoundSpec};
use serde::{Deserialize, Serialize};

/// The answers counted for one category: per target and item, per scale option.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CategoryCounts {
    /// Ballots cast in this category.
    pub ballots: u64,
    /// Per target: ballots whose scope includes it.
    pub in_scope: Vec<u64>,
    /// `[target][item][option]` answer counts.
    pub answers: Vec<Vec<Vec<u64>>>,
}

/// Every count of a round, per category (in the round's category order).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RoundCounts {
    /// One entry per category of the round.
    pub categories: Vec<CategoryCounts>,
}

impl RoundCounts {
    /// All zero, shaped for `spec`.
    pub fn zero(spec: &RoundSpec) -> Self {
        let (t, i, o) = (spec.targets.len(), spec.items.len(), spec.scale.len());
        let cat = CategoryCounts { ballots: 0, in_scope: vec![0; t], answers: vec![vec![vec![0; o]; i]; t] };
        Self { categories: vec![cat; spec.categories.len()] }
    }

    /// Adds one ballot: its category, the targets of its scope, its answers (positions).
    /// Out-of-range positions are ignored (they cannot come from a validated ballot).
    pub fn add(&mut self, category: usize, scope: impl IntoIterator<Item = usize>, answers: impl IntoIterator<Item = Answer>) {
        let Some(c) = self.categories.get_mut(category) else { return };
        c.ballots += 1;
        for t in scope {
            if let Some(n) = c.in_scope.get_mut(t) {
                *n += 1;
            }
        }
        for a in answers {
            if let Some(n) = c.answers.get_mut(a.target).and_then(|v| v.get_mut(a.item)).and_then(|v| v.get_mut(a.option)) {
                *n += 1;
            }
        }
    }

    /// Adds the counts of `other` (same shape) to these.
    pub fn merge(&mut self, other: &RoundCounts) {
        for (a, b) in self.categories.iter_mut().zip(&other.categories) {
            a.ballots += b.ballots;
            sum_into(&mut a.in_scope, &b.in_scope);
            for (ta, tb) in a.answers.iter_mut().zip(&b.answers) {
                for (ia, ib) in ta.iter_mut().zip(tb) {
                    sum_into(ia, ib);
                }
            }
        }
    }

    /// Ballots in all categories.
    pub fn ballots(&self) -> u64 {
        self.categories.iter().map(|c| c.ballots).sum()
    }
}

/// The tally of one (target, item) over some ballots (API.md's TALLY).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tally {
    /// Answers per option, in scale order (raw headcounts on every basis).
    pub counts: Vec<u64>,
    /// Ballots whose scope includes the target that left this item blank.
    pub unanswered: u64,
    /// Valid answers: positive or negative (abstain and blank excluded).
    pub valid: u64,
    /// Positive / valid; `None` when nothing is valid.
    pub satisfaction_rate: Option<f64>,
    /// Negative / valid; `None` when nothing is valid.
    pub dissatisfaction_rate: Option<f64>,
    /// Σ points of valid answers / valid (0–100); `None` when nothing is valid.
    pub score: Option<f64>,
}

/// A target's standing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FlagStatus {
    /// Not flagged.
    Ok,
    /// Needs make-up lessons (需补课).
    Flagged,
    /// Fewer valid overall answers than the quorum: neither flagged nor passed.
    InsufficientResponses,
}

/// One target's results.
#[derive(Debug, Clone, PartialEq)]
pub struct TargetResult {
    /// Position in `RoundSpec::targets`.
    pub target: usize,
    /// Flag status.
    pub status: FlagStatus,
    /// The overall item on the round's basis.
    pub overall: Tally,
    /// Every item on the round's basis (including the overall item), in item order.
    pub items: Vec<Tally>,
    /// Whether each category is broken out for this target ([`disclosed`]).
    pub shown: Vec<bool>,
    /// Overall tally per shown category: (category position, headcount tally).
    pub categories: Vec<(usize, Tally)>,
}

/// A round's results.
#[derive(Debug, Clone, PartialEq)]
pub struct RoundResult {
    /// Ballots cast.
    pub ballots: u64,
    /// Ballots per category (in category order).
    pub ballots_per_category: Vec<u64>,
    /// Per target, in target order.
    pub targets: Vec<TargetResult>,
}

impl RoundResult {
    /// Whether an opinion of a ballot of `category` that rated the targets `rated` may
    /// name its category (anonymity rule 6).
    pub fn opinion_names_category(&self, category: usize, rated: impl IntoIterator<Item = usize>) -> bool {
        let shown: Vec<Vec<bool>> = self.targets.iter().map(|t| t.shown.clone()).collect();
        opinion_names_category(&shown, category, rated)
    }
}

/// Rounds a rate for output: 6 decimal places (API.md asks for at least 4).
pub fn round6(x: f64) -> f64 {
    (x * 1e6).round() / 1e6
}

/// The headcount tally of counts `n` (per option) with `in_scope` ballots covering the target.
pub fn tally_of(spec: &RoundSpec, n: &[u64], in_scope: u64) -> Tally {
    let (mut pos, mut neg, mut points) = (0u64, 0u64, 0i128);
    for (o, &k) in spec.scale.iter().zip(n) {
        match o.polarity {
            Polarity::Positive => pos += k,
            Polarity::Negative => neg += k,
            Polarity::Abstain => continue,
        }
        points += i128::from(o.points.unwrap_or(0)) * i128::from(k);
    }
    let valid = pos + neg;
    let answered: u64 = n.iter().sum();
    let ratio = |a: u64| (valid > 0).then(|| a as f64 / valid as f64);
    Tally {
        counts: n.to_vec(),
        unanswered: in_scope.saturating_sub(answered),
        valid,
        satisfaction_rate: ratio(pos),
        dissatisfaction_rate: ratio(neg),
        score: (valid > 0).then(|| points as f64 / valid as f64),
    }
}

fn sum_into(acc: &mut [u64], add: &[u64]) {
    for (a, b) in acc.iter_mut().zip(add) {
        *a += b;
    }
}

/// The tally of (target, item) on the round's basis: pooled counts, and for `weighted`
/// the three rates and the score replaced by Σ w_c·x_c / Σ w_c over categories with V_c > 0.
fn on_basis(spec: &RoundSpec, counts: &RoundCounts, t: usize, i: usize) -> Tally {
    let mut pooled = vec![0u64; spec.scale.len()];
    let mut in_scope = 0;
    let per_cat: Vec<Tally> = counts
        .categories
        .iter()
        .map(|c| {
            sum_into(&mut pooled, &c.answers[t][i]);
            in_scope += c.in_scope[t];
            tally_of(spec, &c.answers[t][i], c.in_scope[t])
        })
        .collect();
    let mut tally = tally_of(spec, &pooled, in_scope);
    if spec.flag_basis == FlagBasis::Weighted {
        let weighted = |f: fn(&Tally) -> Option<f64>| {
            let (mut num, mut den) = (0.0, 0.0);
            for (c, t) in spec.categories.iter().zip(&per_cat) {
                if let (Some(x), true) = (f(t), t.valid > 0) {
                    num += c.weight * x;
                    den += c.weight;
                }
            }
            (den > 0.0).then(|| num / den)
        };
        tally.satisfaction_rate = weighted(|t| t.satisfaction_rate);
        tally.dissatisfaction_rate = weighted(|t| t.dissatisfaction_rate);
        tally.score = weighted(|t| t.score);
    }
    tally
}

/// Whether `rate` (of `neg` out of `valid` on headcount) is strictly greater than `limit`.
fn exceeds(spec: &RoundSpec, tally: &Tally, negative: bool, limit: f64) -> bool {
    let rate = if negative { tally.dissatisfaction_rate } else { tally.satisfaction_rate };
    let Some(rate) = rate else { return false };
    match spec.flag_basis {
        FlagBasis::Headcount => {
            let (pos, neg) = split(spec, &tally.counts);
            let part = if negative { neg } else { pos };
            let limit_ppm = (limit * 1e6).round() as u128;
            u128::from(part) * 1_000_000 > limit_ppm * u128::from(tally.valid)
        }
        FlagBasis::Weighted => rate > limit + 1e-12,
    }
}

/// Whether `rate` is strictly below `limit` (for `min_satisfaction`).
fn below(spec: &RoundSpec, tally: &Tally, limit: f64) -> bool {
    let Some(rate) = tally.satisfaction_rate else { return false };
    match spec.flag_basis {
        FlagBasis::Headcount => {
            let (pos, _) = split(spec, &tally.counts);
            let limit_ppm = (limit * 1e6).round() as u128;
            u128::from(pos) * 1_000_000 < limit_ppm * u128::from(tally.valid)
        }
        FlagBasis::Weighted => rate < limit - 1e-12,
    }
}

fn split(spec: &RoundSpec, counts: &[u64]) -> (u64, u64) {
    let (mut pos, mut neg) = (0, 0);
    for (o, &k) in spec.scale.iter().zip(counts) {
        match o.polarity {
            Polarity::Positive => pos += k,
            Polarity::Negative => neg += k,
            Polarity::Abstain => {}
        }
    }
    (pos, neg)
}

/// The flag rule on a target's overall tally.
pub fn flag(spec: &RoundSpec, overall: &Tally) -> FlagStatus {
    if overall.valid < u64::from(spec.quorum.max(1)) {
        return FlagStatus::InsufficientResponses;
    }
    let dissatisfied = exceeds(spec, overall, true, spec.flag_threshold);
    let unsatisfying = spec.min_satisfaction.is_some_and(|m| below(spec, overall, m));
    if dissatisfied || unsatisfying {
        FlagStatus::Flagged
    } else {
        FlagStatus::Ok
    }
}

/// Every number of a round's results.
pub fn tally_round(spec: &RoundSpec, counts: &RoundCounts) -> RoundResult {
    let overall_item = spec.items.iter().position(|i| i.overall).unwrap_or(0);
    let ballots_per_category: Vec<u64> = counts.categories.iter().map(|c| c.ballots).collect();
    let targets = (0..spec.targets.len())
        .map(|t| {
            let items: Vec<Tally> = (0..spec.items.len()).map(|i| on_basis(spec, counts, t, i)).collect();
            let overall = items.get(overall_item).cloned().unwrap_or_else(|| tally_of(spec, &vec![0; spec.scale.len()], 0));
            let rated: Vec<u64> = counts.categories.iter().map(|c| c.in_scope[t]).collect();
            let shown = disclosed(&rated, spec.disclosure_min);
            let categories = counts
                .categories
                .iter()
                .enumerate()
                .filter(|(c, _)| shown[*c])
                .map(|(c, cc)| (c, tally_of(spec, &cc.answers[t][overall_item], cc.in_scope[t])))
                .collect();
            TargetResult { target: t, status: flag(spec, &overall), overall, items, shown, categories }
        })
        .collect();
    RoundResult { ballots: counts.ballots(), ballots_per_category, targets }
}

/// Whether turnout (ballots / codes issued) is below one half: results carry a warning.
pub fn low_turnout(ballots: u64, issued: u64) -> bool {
    issued > 0 && ballots * 2 < issued
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::{default_scale, CategorySpec, ItemSpec, TargetKind, TargetSpec};
    use proptest::prelude::*;

    /// Two categories (masses weight 2, reps weight 1), one target, the overall item and one more.
    fn spec(basis: FlagBasis) -> RoundSpec {
        let mut s: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).unwrap();
        s.scale = default_scale(); // satisfied 100 +, basically 60 +, dissatisfied 0 −, dont_know abstain
        s.categories = vec![
            CategorySpec { key: "masses".into(), name: "群众".into(), weight: 2.0 },
            CategorySpec { key: "reps".into(), name: "代表".into(), weight: 1.0 },
        ];
        s.items = vec![
            ItemSpec { key: "overall".into(), title: "总体".into(), overall: true },
            ItemSpec { key: "x".into(), title: "其他".into(), overall: false },
        ];
        s.targets = vec![TargetSpec { key: "a".into(), name: "甲".into(), kind: TargetKind::Body, parent: None }];
        s.flag_basis = basis;
        s
    }

    /// Adds `n` ballots of `category` answering the overall item of target 0 with `option`
    /// (`None`: blank).
    fn cast(c: &mut RoundCounts, category: usize, option: Option<usize>, n: usize) {
        for _ in 0..n {
            c.add(category, [0], option.map(|o| Answer { target: 0, item: 0, option: o }));
        }
    }

    #[test]
    fn hand_worked_headcount_case() {
        // masses: 3 satisfied, 1 basically, 2 dissatisfied, 1 don't know, 1 blank (8 ballots)
        // reps:   1 satisfied, 2 dissatisfied                                    (3 ballots)
        // pooled: pos = 3+1+1 = 5, neg = 2+2 = 4, V = 9, abstain 1, unanswered 1
        // satisfaction 5/9 = 0.555556, dissatisfaction 4/9 = 0.444444
        // score = (4·100 + 1·60 + 4·0) / 9 = 460/9 = 51.111111
        let s = spec(FlagBasis::Headcount);
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(0), 3);
        cast(&mut c, 0, Some(1), 1);
        cast(&mut c, 0, Some(2), 2);
        cast(&mut c, 0, Some(3), 1);
        cast(&mut c, 0, None, 1);
        cast(&mut c, 1, Some(0), 1);
        cast(&mut c, 1, Some(2), 2);
        let r = tally_round(&s, &c);
        let o = &r.targets[0].overall;
        assert_eq!(o.counts, vec![4, 1, 4, 1]);
        assert_eq!((o.valid, o.unanswered), (9, 1));
        assert_eq!(round6(o.satisfaction_rate.unwrap()), 0.555556);
        assert_eq!(round6(o.dissatisfaction_rate.unwrap()), 0.444444);
        assert_eq!(round6(o.score.unwrap()), 51.111111);
        assert_eq!(r.targets[0].status, FlagStatus::Ok);
        // The second item was left blank by all 11 ballots.
        assert_eq!(r.targets[0].items[1].unanswered, 11);
        assert_eq!(r.targets[0].items[1].satisfaction_rate, None);
        // disclosure_min 5: masses (8) alone would be total − reps (3) = the reps' numbers,
        // so neither is broken out (rule 5, complementary suppression).
        assert_eq!(r.targets[0].shown, vec![false, false]);
        assert!(r.targets[0].categories.is_empty());
        // With two more reps ballots (5 ≥ 5) both are broken out.
        cast(&mut c, 1, Some(0), 2);
        let r = tally_round(&s, &c);
        assert_eq!(r.targets[0].shown, vec![true, true]);
        assert_eq!(r.targets[0].categories[0].1.valid, 6);
        assert_eq!(r.targets[0].categories[1].1.valid, 5);
    }

    #[test]
    fn hand_worked_weighted_case() {
        // masses (w 2): 1 satisfied, 3 dissatisfied → dissat 3/4 = 0.75, score 25
        // reps   (w 1): 3 satisfied, 1 dissatisfied → dissat 1/4 = 0.25, score 75
        // weighted dissat = (2·0.75 + 1·0.25) / 3 = 1.75/3 = 0.583333 → flagged (> 0.5)
        // headcount would be 4/8 = 0.5 → not flagged (not strictly greater)
        // weighted score = (2·25 + 75) / 3 = 41.666667
        let mut s = spec(FlagBasis::Weighted);
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(0), 1);
        cast(&mut c, 0, Some(2), 3);
        cast(&mut c, 1, Some(0), 3);
        cast(&mut c, 1, Some(2), 1);
        let r = tally_round(&s, &c);
        let o = &r.targets[0].overall;
        assert_eq!(o.counts, vec![4, 0, 4, 0], "counts stay raw headcounts");
        assert_eq!(round6(o.dissatisfaction_rate.unwrap()), 0.583333);
        assert_eq!(round6(o.satisfaction_rate.unwrap()), 0.416667);
        assert_eq!(round6(o.score.unwrap()), 41.666667);
        assert_eq!(r.targets[0].status, FlagStatus::Flagged);
        s.flag_basis = FlagBasis::Headcount;
        let r = tally_round(&s, &c);
        assert_eq!(r.targets[0].overall.dissatisfaction_rate, Some(0.5));
        assert_eq!(r.targets[0].status, FlagStatus::Ok, "0.5 is not strictly greater than 0.5");
    }

    #[test]
    fn weights_renormalize_when_a_category_has_no_valid_answers() {
        // reps answered only "don't know": V = 0 there, so the masses' rate alone counts.
        let s = spec(FlagBasis::Weighted);
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(0), 1);
        cast(&mut c, 0, Some(2), 1);
        cast(&mut c, 1, Some(3), 5);
        let o = &tally_round(&s, &c).targets[0].overall;
        assert_eq!(o.dissatisfaction_rate, Some(0.5));
    }

    #[test]
    fn no_valid_answers_give_null_never_zero_and_no_flag() {
        let s = spec(FlagBasis::Headcount);
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(3), 2);
        let r = tally_round(&s, &c);
        let o = &r.targets[0].overall;
        assert_eq!((o.valid, o.satisfaction_rate, o.dissatisfaction_rate, o.score), (0, None, None, None));
        assert_eq!(r.targets[0].status, FlagStatus::InsufficientResponses);
        let empty = tally_round(&s, &RoundCounts::zero(&s));
        assert_eq!(empty.ballots, 0);
        assert_eq!(empty.targets[0].status, FlagStatus::InsufficientResponses);
    }

    #[test]
    fn quorum_and_min_satisfaction() {
        // 2 satisfied, 1 basically, 1 dissatisfied: dissat 0.25, sat 0.75, V = 4
        let mut s = spec(FlagBasis::Headcount);
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(0), 2);
        cast(&mut c, 0, Some(1), 1);
        cast(&mut c, 0, Some(2), 1);
        assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok);
        s.quorum = 5;
        assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::InsufficientResponses);
        s.quorum = 4;
        assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok);
        s.min_satisfaction = Some(0.9);
        assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Flagged, "0.75 < 0.9");
        s.min_satisfaction = Some(0.75);
        assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok, "0.75 is not below 0.75");
    }

    #[test]
    fn low_turnout_is_below_one_half() {
        assert!(low_turnout(49, 100));
        assert!(!low_turnout(50, 100));
        assert!(!low_turnout(0, 0));
    }

    fn counts_strategy() -> impl Strategy<Value = Vec<(usize, Option<usize>)>> {
        prop::collection::vec((0usize..2, prop::option::of(0usize..4)), 0..80)
    }

    fn build(s: &RoundSpec, ballots: &[(usize, Option<usize>)]) -> RoundCounts {
        let mut c = RoundCounts::zero(s);
        for (cat, opt) in ballots {
            cast(&mut c, *cat, *opt, 1);
        }
        c
    }

    proptest! {
        #[test]
        fn rates_are_in_the_unit_interval_and_complementary(ballots in counts_strategy(), weighted in any::<bool>()) {
            let s = spec(if weighted { FlagBasis::Weighted } else { FlagBasis::Headcount });
            let r = tally_round(&s, &build(&s, &ballots));
            let o = &r.targets[0].overall;
            match (o.satisfaction_rate, o.dissatisfaction_rate) {
                (Some(a), Some(b)) => {
                    prop_assert!((0.0..=1.0).contains(&a) && (0.0..=1.0).contains(&b));
                    prop_assert!((a + b - 1.0).abs() < 1e-9);
                    prop_assert!(o.valid > 0);
                }
                (None, None) => prop_assert_eq!(o.valid, 0),
                _ => prop_assert!(false, "one rate null and not the other"),
            }
            if let Some(score) = o.score { prop_assert!((0.0..=100.0).contains(&score)); }
            prop_assert_eq!(o.counts.iter().sum::<u64>() + o.unanswered, r.ballots);
        }

        #[test]
        fn random_rounds_show_no_cell_under_the_minimum_and_keep_hidden_answers_in_the_totals(
            ballots in prop::collection::vec((0usize..2, any::<bool>(), prop::option::of(0usize..4)), 0..90),
            k in 1u32..9,
        ) {
            // Two targets; each ballot rates target 0 and, if `both`, target 1 (scoped codes).
            let mut s = spec(FlagBasis::Headcount);
            s.targets.push(TargetSpec { key: "b".into(), name: "乙".into(), kind: TargetKind::Body, parent: None });
            s.disclosure_min = k;
            let mut c = RoundCounts::zero(&s);
            for (cat, both, opt) in &ballots {
                let scope: Vec<usize> = if *both { vec![0, 1] } else { vec![0] };
                let answers: Vec<Answer> = scope.iter().filter_map(|t| opt.map(|o| Answer { target: *t, item: 0, option: o })).collect();
                c.add(*cat, scope, answers);
            }
            let r = tally_round(&s, &c);
            for (t, tr) in r.targets.iter().enumerate() {
                let rated: Vec<u64> = c.categories.iter().map(|cc| cc.in_scope[t]).collect();
                for (cat, shown) in tr.shown.iter().enumerate() {
                    if *shown { prop_assert!(rated[cat] >= u64::from(k), "target {} category {}: {:?}", t, cat, rated); }
                }
                let hidden: u64 = rated.iter().zip(&tr.shown).filter(|(_, s)| !**s).map(|(n, _)| n).sum();
                prop_assert!(hidden == 0 || hidden >= u64::from(k) || tr.categories.is_empty());
                prop_assert_eq!(tr.categories.len(), tr.shown.iter().filter(|s| **s).count());
                // Totals keep every ballot, shown or not.
                let in_scope: u64 = rated.iter().sum();
                prop_assert_eq!(tr.overall.counts.iter().sum::<u64>() + tr.overall.unanswered, in_scope);
            }
        }

        #[test]
        fn counting_in_parts_and_merging_equals_counting_at_once(ballots in counts_strategy(), cut in 0usize..80) {
            let s = spec(FlagBasis::Headcount);
            let cut = cut.min(ballots.len());
            let mut merged = build(&s, &ballots[..cut]);
            merged.merge(&build(&s, &ballots[cut..]));
            prop_assert_eq!(merged, build(&s, &ballots));
        }

        #[test]
        fn permuting_ballots_changes_nothing(mut ballots in counts_strategy(), seed in any::<u64>()) {
            let s = spec(FlagBasis::Weighted);
            let before = tally_round(&s, &build(&s, &ballots));
            // A deterministic shuffle from the seed.
            let n = ballots.len();
            let mut x = seed | 1;
            for i in (1..n).rev() {
                x ^= x << 13; x ^= x >> 7; x ^= x << 17;
                ballots.swap(i, (x % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(tally_round(&s, &build(&s, &ballots)), before);
        }

        #[test]
        fn weighted_equals_headcount_for_equal_weights_and_equal_sized_categories(answers in prop::collection::vec((prop::option::of(0usize..4), prop::option::of(0usize..4)), 1..40)) {
            let mut s = spec(FlagBasis::Weighted);
            for c in &mut s.categories { c.weight = 3.0; }
            // Equal-sized categories: each pair gives one ballot to each category.
            let ballots: Vec<(usize, Option<usize>)> = answers.iter().flat_map(|(a, b)| [(0, *a), (1, *b)]).collect();
            // Equal valid counts too: only pairs where both are valid or both are not.
            let valid = |o: &Option<usize>| matches!(o, Some(0..=2));
            let ballots: Vec<_> = ballots.chunks(2).filter(|p| valid(&p[0].1) == valid(&p[1].1)).flatten().copied().collect();
            let c = build(&s, &ballots);
            let w = tally_round(&s, &c).targets[0].overall.clone();
            s.flag_basis = FlagBasis::Headcount;
            let h = tally_round(&s, &c).targets[0].overall.clone();
            match (w.dissatisfaction_rate, h.dissatisfaction_rate) {
                (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12, "{} vs {}", a, b),
                (a, b) => prop_assert_eq!(a, b),
            }
        }

        #[test]
        fn the_flag_flips_exactly_at_the_threshold(valid in 1u64..200, neg_frac in 0.0f64..=1.0) {
            // neg out of `valid` dissatisfied, the rest satisfied; threshold = neg/valid exactly
            // (rounded to millionths as a round stores it): not flagged at it, flagged above it.
            let neg = ((valid as f64) * neg_frac).round() as u64;
            let mut s = spec(FlagBasis::Headcount);
            let mut c = RoundCounts::zero(&s);
            cast(&mut c, 0, Some(2), neg as usize);
            cast(&mut c, 0, Some(0), (valid - neg) as usize);
            let rate = neg as f64 / valid as f64;
            let exact = (rate * 1e6).round() / 1e6;
            if exact > 0.0 && exact < 1.0 && (exact * valid as f64 - neg as f64).abs() < 1e-9 {
                s.flag_threshold = exact;
                prop_assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok);
            }
            if rate > 0.0 {
                s.flag_threshold = (rate - 1e-6).max(1e-6);
                if s.flag_threshold < rate { prop_assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Flagged); }
            }
        }
    }
}
