//! The tally engine (RULES.md T1–T3). Pure: counts in,
//! rates, scores and flags out; no I/O.
//!
//! Every target is counted on its kind's scale, items and flag rule (R4: one sheet, two
//! kinds).
//!
//! Exactness: counts are integers; thresholds are exact fractions and headcount rates are
//! compared with them in integer arithmetic (`3·negative > V` for one third), so a rate
//! equal to the threshold is never "greater". Weighted rates are sums of ratios in `f64`
//! and compared with a tolerance of 1e-12 (far below any difference that counts of real
//! ballots can make).

use crate::ballot::Answer;
use crate::disclosure::{disclosed, opinion_names_category, published};
use crate::round::{FlagBasis, Polarity, RoundSpec, Rules, ScaleOption};
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
        let (t, i) = (spec.targets.len(), spec.items.len());
        let answers = spec.targets.iter().map(|x| vec![vec![0; spec.scale_of(x.kind).len()]; i]).collect();
        let cat = CategoryCounts { ballots: 0, in_scope: vec![0; t], answers };
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
    /// Every item on the round's basis (including the overall item), in item order;
    /// `None` for an item that does not rate this target's kind.
    pub items: Vec<Option<Tally>>,
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

/// The tally of one cell: `n` answers per option of `scale`, of `in_scope` ballots.
pub fn tally_of(scale: &[ScaleOption], n: &[u64], in_scope: u64) -> Tally {
    let (pos, neg, points) = sums(scale, n);
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
/// the three rates and the score replaced by Σ w_g·x_g / Σ w_g over the groups with
/// V_g > 0. The groups are the categories `shown` for this target, each on its own, and
/// the hidden ones pooled as **one** group whose weight is the sum of theirs (anonymity
/// rule 5): with a weight per hidden category, the published weights and rates would
/// solve for a hidden category's answers.
fn on_basis(spec: &RoundSpec, counts: &RoundCounts, t: usize, i: usize, shown: &[bool]) -> Tally {
    let scale = spec.scale_of(spec.targets[t].kind);
    let mut pooled = vec![0u64; scale.len()];
    let mut in_scope = 0;
    for c in &counts.categories {
        sum_into(&mut pooled, &c.answers[t][i]);
        in_scope += c.in_scope[t];
    }
    let mut tally = tally_of(scale, &pooled, in_scope);
    if spec.flag_basis == FlagBasis::Weighted {
        // Σ w·(satisfaction, dissatisfaction, score) and Σ w over the groups with V > 0.
        let (mut sums, mut den) = ([0.0f64; 3], 0.0);
        let mut add = |w: f64, n: &[u64]| {
            if let Some(r) = rates(scale, n) {
                for (s, x) in sums.iter_mut().zip(r) {
                    *s += w * x;
                }
                den += w;
            }
        };
        let mut hidden = vec![0u64; scale.len()];
        let mut hidden_weight = 0.0;
        for ((c, cc), &show) in spec.categories.iter().zip(&counts.categories).zip(shown) {
            if show {
                add(c.weight, &cc.answers[t][i]);
            } else {
                sum_into(&mut hidden, &cc.answers[t][i]);
                hidden_weight += c.weight;
            }
        }
        add(hidden_weight, &hidden);
        let weighted = |k: usize| (den > 0.0).then(|| sums[k] / den);
        (tally.satisfaction_rate, tally.dissatisfaction_rate, tally.score) = (weighted(0), weighted(1), weighted(2));
    }
    tally
}

/// (satisfaction, dissatisfaction, score) of the answers `n` on `scale`; `None` when none
/// is valid. The rates of [`tally_of`], without building a tally.
fn rates(scale: &[ScaleOption], n: &[u64]) -> Option<[f64; 3]> {
    let (pos, neg, points) = sums(scale, n);
    let valid = pos + neg;
    (valid > 0).then(|| [pos as f64 / valid as f64, neg as f64 / valid as f64, points as f64 / valid as f64])
}

/// (positive answers, negative answers, Σ points of the valid ones) of `n` on `scale`.
fn sums(scale: &[ScaleOption], n: &[u64]) -> (u64, u64, i128) {
    let (mut pos, mut neg, mut points) = (0u64, 0u64, 0i128);
    for (o, &k) in scale.iter().zip(n) {
        match o.polarity {
            Polarity::Positive => pos += k,
            Polarity::Negative => neg += k,
            Polarity::Abstain => continue,
        }
        points += i128::from(o.points.unwrap_or(0)) * i128::from(k);
    }
    (pos, neg, points)
}

/// The flag rule (RULES.md T3) on a target's overall tally, with its kind's `rules` and
/// `scale`. On headcount the comparisons are made on integers (`neg·den > num·V`); on the
/// weighted basis the rates are weighted means of ratios, compared with a tolerance of
/// 1e-12 (far below any difference real counts can make).
pub fn flag(basis: FlagBasis, rules: Rules, scale: &[ScaleOption], overall: &Tally) -> FlagStatus {
    if overall.valid < u64::from(rules.quorum.max(1)) {
        return FlagStatus::InsufficientResponses;
    }
    let (pos, neg, _) = sums(scale, &overall.counts);
    let (dissatisfied, unsatisfying) = match basis {
        FlagBasis::Headcount => {
            (rules.flag_threshold.exceeded_by(neg, overall.valid), rules.min_satisfaction.is_some_and(|m| m.above(pos, overall.valid)))
        }
        FlagBasis::Weighted => (
            overall.dissatisfaction_rate.is_some_and(|r| r > rules.flag_threshold.as_f64() + 1e-12),
            rules.min_satisfaction.is_some_and(|m| overall.satisfaction_rate.is_some_and(|r| r < m.as_f64() - 1e-12)),
        ),
    };
    if dissatisfied || unsatisfying {
        FlagStatus::Flagged
    } else {
        FlagStatus::Ok
    }
}

/// Every number of a round's results: each target on its kind's scale, items and rules,
/// under one disclosure decision (anonymity rule 5). A target rated by fewer than
/// `disclosure_min` ballots in all publishes no number: its tallies are blank (no count,
/// no rate, no score), no category is shown and its status is `insufficient_responses`.
pub fn tally_round(spec: &RoundSpec, counts: &RoundCounts) -> RoundResult {
    let ballots_per_category: Vec<u64> = counts.categories.iter().map(|c| c.ballots).collect();
    let targets = spec
        .targets
        .iter()
        .enumerate()
        .map(|(t, target)| {
            let scale = spec.scale_of(target.kind);
            let rated: Vec<u64> = counts.categories.iter().map(|c| c.in_scope[t]).collect();
            let applies = |i: usize| spec.applies(i, target.kind);
            let overall_item = spec.overall_of(target.kind);
            if !published(&rated, spec.disclosure_min) {
                let blank = tally_of(scale, &vec![0; scale.len()], 0);
                let items = (0..spec.items.len()).map(|i| applies(i).then(|| blank.clone())).collect();
                let shown = vec![false; rated.len()];
                let status = FlagStatus::InsufficientResponses;
                return TargetResult { target: t, status, overall: blank, items, shown, categories: Vec::new() };
            }
            let shown = disclosed(&rated, spec.disclosure_min);
            let items: Vec<Option<Tally>> =
                (0..spec.items.len()).map(|i| applies(i).then(|| on_basis(spec, counts, t, i, &shown))).collect();
            let overall = overall_item.and_then(|i| items[i].clone()).unwrap_or_else(|| tally_of(scale, &vec![0; scale.len()], 0));
            let categories = match overall_item {
                Some(oi) => counts
                    .categories
                    .iter()
                    .enumerate()
                    .filter(|(c, _)| shown[*c])
                    .map(|(c, cc)| (c, tally_of(scale, &cc.answers[t][oi], cc.in_scope[t])))
                    .collect(),
                None => Vec::new(),
            };
            let status = flag(spec.flag_basis, spec.rules_of(target.kind), scale, &overall);
            TargetResult { target: t, status, overall, items, shown, categories }
        })
        .collect();
    RoundResult { ballots: counts.ballots(), ballots_per_category, targets }
}

/// Whether turnout (ballots / codes issued) is below one half: results carry a warning.
pub fn low_turnout(ballots: u64, issued: u64) -> bool {
    issued > 0 && ballots * 2 < issued
}

#[cfg(test)]
mod disclosure_tests;
#[cfg(test)]
mod tests;
