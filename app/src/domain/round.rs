//! A round's definition — scale, evaluator categories, items, targets, thresholds — and
//! the rules a definition must meet before anything is stored.

use crate::i18n::Locale;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How an answer counts (see "Scale and tally rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum Polarity {
    /// Counts as satisfied.
    Positive,
    /// Counts as dissatisfied.
    Negative,
    /// "Don't know": excluded from the valid answers.
    Abstain,
}

/// One option of the rating scale.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ScaleOption {
    /// Stable key, e.g. `satisfied`.
    pub key: String,
    /// Label shown to evaluators, e.g. 满意.
    pub label: String,
    /// Points for the score; `null` for abstain options.
    #[serde(default)]
    pub points: Option<i32>,
    /// How the answer counts.
    pub polarity: Polarity,
}

/// An evaluator category (测评主体类别) and its weight.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategorySpec {
    /// Stable key, e.g. `masses`.
    pub key: String,
    /// Display name, e.g. 群众代表.
    pub name: String,
    /// Weight on the `weighted` basis; ≥ 0, not all zero.
    #[serde(default = "one")]
    pub weight: f64,
}

/// A question (测评项目).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ItemSpec {
    /// Stable key.
    pub key: String,
    /// The question as shown.
    pub title: String,
    /// Exactly one item per round is the overall item (总体评价).
    #[serde(default)]
    pub overall: bool,
}

/// What is rated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TargetKind {
    /// A leading body (领导班子).
    Body,
    /// A leading cadre (领导干部), who belongs to a body.
    Cadre,
}

/// A target (测评对象).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetSpec {
    /// Stable key.
    pub key: String,
    /// Display name.
    pub name: String,
    /// Body or cadre.
    pub kind: TargetKind,
    /// For a cadre: the key of the body it belongs to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
}

/// Which base flags and rates use across categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum FlagBasis {
    /// Pool every category's answers.
    #[default]
    Headcount,
    /// Weighted mean of the categories' rates.
    Weighted,
}

fn one() -> f64 {
    1.0
}
fn half() -> f64 {
    0.5
}
fn quorum_default() -> u32 {
    1
}
fn disclosure_default() -> u32 {
    5
}

/// A complete round definition, as the API receives it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct RoundSpec {
    /// Title shown everywhere.
    pub title: String,
    /// Optional longer description.
    #[serde(default)]
    pub description: String,
    /// Flag when overall dissatisfaction is strictly greater than this (0 < t < 1).
    #[serde(default = "half")]
    pub flag_threshold: f64,
    /// Headcount or weighted.
    #[serde(default)]
    pub flag_basis: FlagBasis,
    /// Fewest valid overall answers before a target can be flagged or passed.
    #[serde(default = "quorum_default")]
    pub quorum: u32,
    /// Categories with fewer ballots are never broken out.
    #[serde(default = "disclosure_default")]
    pub disclosure_min: u32,
    /// Optional: also flag a target whose satisfaction is below this.
    #[serde(default)]
    pub min_satisfaction: Option<f64>,
    /// The scale; the default scale when absent.
    #[serde(default = "default_scale")]
    pub scale: Vec<ScaleOption>,
    /// Evaluator categories.
    #[serde(default)]
    pub categories: Vec<CategorySpec>,
    /// Items; exactly one overall.
    #[serde(default)]
    pub items: Vec<ItemSpec>,
    /// Targets.
    #[serde(default)]
    pub targets: Vec<TargetSpec>,
}

fn opt(key: &str, label: &str, points: Option<i32>, polarity: Polarity) -> ScaleOption {
    ScaleOption { key: key.into(), label: label.into(), points, polarity }
}

/// The default scale: 满意 100 / 基本满意 60 / 不满意 0 / 不了解.
pub fn default_scale() -> Vec<ScaleOption> {
    vec![
        opt("satisfied", "满意", Some(100), Polarity::Positive),
        opt("basically_satisfied", "基本满意", Some(60), Polarity::Positive),
        opt("dissatisfied", "不满意", Some(0), Polarity::Negative),
        opt("dont_know", "不了解", None, Polarity::Abstain),
    ]
}

/// The cadre preset: 优秀 / 称职 / 基本称职 / 不称职 / 不了解.
pub fn cadre_scale() -> Vec<ScaleOption> {
    vec![
        opt("excellent", "优秀", Some(100), Polarity::Positive),
        opt("competent", "称职", Some(80), Polarity::Positive),
        opt("basically_competent", "基本称职", Some(60), Polarity::Positive),
        opt("incompetent", "不称职", Some(0), Polarity::Negative),
        opt("dont_know", "不了解", None, Polarity::Abstain),
    ]
}

/// The four standard evaluator categories, equal weights.
pub fn default_categories() -> Vec<CategorySpec> {
    [
        ("masses", "群众代表"),
        ("two_reps_one_member", "两代表一委员"),
        ("subordinate_heads", "下属单位负责人"),
        ("service_clients", "服务对象"),
    ]
    .into_iter()
    .map(|(k, n)| CategorySpec { key: k.into(), name: n.into(), weight: 1.0 })
    .collect()
}

/// The standard items: the overall item, the campaign's three links, the "four winds".
pub fn default_items() -> Vec<ItemSpec> {
    [
        ("overall", "总体评价", true),
        ("learning", "学习教育、听取意见", false),
        ("criticism", "查摆问题、开展批评", false),
        ("rectification", "整改落实、建章立制", false),
        ("four_winds", "反对“四风”（形式主义、官僚主义、享乐主义、奢靡之风）", false),
    ]
    .into_iter()
    .map(|(k, t, o)| ItemSpec { key: k.into(), title: t.into(), overall: o })
    .collect()
}

/// Whether a round stands on its own or re-evaluates another (its rules differ in one
/// point: see [`RoundSpec::validate_in`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lineage {
    /// An ordinary round.
    Own,
    /// A re-evaluation (child) round.
    Reevaluation,
}

impl Lineage {
    /// The lineage of a round with this parent.
    pub fn of(parent_id: Option<i32>) -> Self {
        if parent_id.is_some() { Lineage::Reevaluation } else { Lineage::Own }
    }
}

/// A stored round: its id, place in the lifecycle and definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Round {
    /// Database id.
    pub id: i32,
    /// The round this one re-evaluates, if any.
    pub parent_id: Option<i32>,
    /// Lifecycle status.
    pub status: crate::domain::lifecycle::Status,
    /// The definition.
    #[serde(flatten)]
    pub spec: RoundSpec,
}

/// Codes of one category: issued, used, revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryTurnout {
    /// Category key.
    pub category: String,
    /// Category name.
    pub name: String,
    /// Codes issued.
    pub issued: i64,
    /// Codes used (a ballot was cast).
    pub used: i64,
    /// Codes revoked.
    pub revoked: i64,
}

/// What is wrong with one field of a definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Problem {
    /// Empty where a value is needed.
    Required,
    /// Longer than the limit (characters).
    TooLong(usize),
    /// Keys use letters, digits, `_` and `-` only.
    BadKey,
    /// The key appears more than once.
    Duplicate(String),
    /// Not exactly one overall item (how many there are).
    OverallCount(usize),
    /// A weight below zero.
    NegativeWeight,
    /// Every weight is zero.
    AllWeightsZero,
    /// Outside the open interval (0, 1).
    OutsideUnitInterval,
    /// A number that must be at least this.
    AtLeast(u32),
    /// The scale needs a positive and a negative option.
    ScaleNeedsBothSides,
    /// A positive or negative option without points, or an abstain option with points.
    PointsMismatch,
    /// A cadre's parent is not a body of this round.
    UnknownParent(String),
    /// A body cannot have a parent.
    BodyWithParent,
    /// More scale options than allowed (the limit).
    TooManyOptions(usize),
}

impl Problem {
    /// The problem in the user's language.
    pub fn message(&self, locale: Locale) -> String {
        let zh = locale == Locale::Zh;
        match self {
            Problem::Required => if zh { "不能为空".into() } else { "is required".into() },
            Problem::TooLong(n) => if zh { format!("不能超过 {n} 个字符") } else { format!("must be at most {n} characters") },
            Problem::BadKey => if zh { "只能包含字母、数字、下划线和短横线".into() } else { "may contain only letters, digits, '_' and '-'".into() },
            Problem::Duplicate(k) => if zh { format!("键“{k}”重复") } else { format!("the key '{k}' appears more than once") },
            Problem::OverallCount(n) => if zh { format!("须有且只有一个总体评价项目（现有 {n} 个）") } else { format!("exactly one item must be the overall item (found {n})") },
            Problem::NegativeWeight => if zh { "权重不能为负数".into() } else { "a weight cannot be negative".into() },
            Problem::AllWeightsZero => if zh { "权重不能全部为零".into() } else { "the weights cannot all be zero".into() },
            Problem::OutsideUnitInterval => if zh { "须大于 0 且小于 1".into() } else { "must be greater than 0 and less than 1".into() },
            Problem::AtLeast(n) => if zh { format!("不能小于 {n}") } else { format!("must be at least {n}") },
            Problem::ScaleNeedsBothSides => if zh { "评价等次须至少包含一个肯定等次和一个否定等次".into() } else { "the scale needs at least one positive and one negative option".into() },
            Problem::PointsMismatch => if zh { "肯定和否定等次须有分值，“不了解”类等次不能有分值".into() } else { "positive and negative options need points; abstain options have none".into() },
            Problem::UnknownParent(k) => if zh { format!("所属班子“{k}”不存在") } else { format!("the parent body '{k}' does not exist") },
            Problem::BodyWithParent => if zh { "领导班子不能有所属班子".into() } else { "a leading body cannot have a parent".into() },
            Problem::TooManyOptions(n) => if zh { format!("评价等次最多 {n} 个") } else { format!("a scale has at most {n} options") },
        }
    }
}

/// A problem and the field (JSON path) it is in, e.g. `targets[3].key`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Violation {
    /// JSON path of the field.
    pub field: String,
    /// What is wrong.
    pub problem: Problem,
}

/// Longest title.
pub const MAX_TITLE: usize = 200;
/// Longest name, label or item title.
pub const MAX_NAME: usize = 200;
/// Most options on a scale (a ballot stores each answer as one symbol).
pub const MAX_SCALE_OPTIONS: usize = 32;
/// Longest key.
pub const MAX_KEY: usize = 64;
/// Longest description.
pub const MAX_DESCRIPTION: usize = 4000;

fn check_text(out: &mut Vec<Violation>, field: String, value: &str, max: usize) {
    if value.trim().is_empty() {
        out.push(Violation { field, problem: Problem::Required });
    } else if value.chars().count() > max {
        out.push(Violation { field, problem: Problem::TooLong(max) });
    }
}

fn check_keys<'a>(out: &mut Vec<Violation>, list: &str, keys: impl Iterator<Item = &'a str>) {
    let mut seen = HashSet::new();
    for (i, key) in keys.enumerate() {
        let field = format!("{list}[{i}].key");
        if key.is_empty() {
            out.push(Violation { field, problem: Problem::Required });
        } else if key.chars().count() > MAX_KEY {
            out.push(Violation { field, problem: Problem::TooLong(MAX_KEY) });
        } else if !key.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '-') {
            out.push(Violation { field, problem: Problem::BadKey });
        } else if !seen.insert(key) {
            out.push(Violation { field, problem: Problem::Duplicate(key.to_owned()) });
        }
    }
}

impl RoundSpec {
    /// Every rule a stored definition meets. Targets, categories and items may be empty
    /// in a draft; [`RoundSpec::readiness`] says what opening needs.
    pub fn validate(&self) -> Result<(), Vec<Violation>> {
        self.validate_in(Lineage::Own)
    }

    /// [`RoundSpec::validate`] for a round of the given lineage: a re-evaluation round may
    /// rate a cadre without its body, and the cadre keeps its body's key as its unit (so
    /// that the steering group of the body still sees it).
    pub fn validate_in(&self, lineage: Lineage) -> Result<(), Vec<Violation>> {
        let mut out = Vec::new();
        check_text(&mut out, "title".into(), &self.title, MAX_TITLE);
        if self.description.chars().count() > MAX_DESCRIPTION {
            out.push(Violation { field: "description".into(), problem: Problem::TooLong(MAX_DESCRIPTION) });
        }
        let unit = |x: f64| x > 0.0 && x < 1.0;
        if !unit(self.flag_threshold) {
            out.push(Violation { field: "flag_threshold".into(), problem: Problem::OutsideUnitInterval });
        }
        if self.min_satisfaction.is_some_and(|m| !unit(m)) {
            out.push(Violation { field: "min_satisfaction".into(), problem: Problem::OutsideUnitInterval });
        }
        if self.scale.len() > MAX_SCALE_OPTIONS {
            out.push(Violation { field: "scale".into(), problem: Problem::TooManyOptions(MAX_SCALE_OPTIONS) });
        }
        if self.quorum < 1 {
            out.push(Violation { field: "quorum".into(), problem: Problem::AtLeast(1) });
        }
        if self.disclosure_min < 1 {
            out.push(Violation { field: "disclosure_min".into(), problem: Problem::AtLeast(1) });
        }
        self.validate_scale(&mut out);
        check_keys(&mut out, "categories", self.categories.iter().map(|c| c.key.as_str()));
        for (i, c) in self.categories.iter().enumerate() {
            check_text(&mut out, format!("categories[{i}].name"), &c.name, MAX_NAME);
            if c.weight < 0.0 || !c.weight.is_finite() {
                out.push(Violation { field: format!("categories[{i}].weight"), problem: Problem::NegativeWeight });
            }
        }
        if !self.categories.is_empty() && self.categories.iter().all(|c| c.weight == 0.0) {
            out.push(Violation { field: "categories".into(), problem: Problem::AllWeightsZero });
        }
        check_keys(&mut out, "items", self.items.iter().map(|c| c.key.as_str()));
        for (i, item) in self.items.iter().enumerate() {
            check_text(&mut out, format!("items[{i}].title"), &item.title, MAX_NAME);
        }
        let overall = self.items.iter().filter(|i| i.overall).count();
        if !self.items.is_empty() && overall != 1 {
            out.push(Violation { field: "items".into(), problem: Problem::OverallCount(overall) });
        }
        self.validate_targets(&mut out, lineage);
        if out.is_empty() { Ok(()) } else { Err(out) }
    }

    fn validate_scale(&self, out: &mut Vec<Violation>) {
        check_keys(out, "scale", self.scale.iter().map(|o| o.key.as_str()));
        for (i, o) in self.scale.iter().enumerate() {
            check_text(out, format!("scale[{i}].label"), &o.label, MAX_NAME);
            if o.points.is_some() == (o.polarity == Polarity::Abstain) {
                out.push(Violation { field: format!("scale[{i}].points"), problem: Problem::PointsMismatch });
            }
        }
        let has = |p| self.scale.iter().any(|o| o.polarity == p);
        if !(has(Polarity::Positive) && has(Polarity::Negative)) {
            out.push(Violation { field: "scale".into(), problem: Problem::ScaleNeedsBothSides });
        }
    }

    fn validate_targets(&self, out: &mut Vec<Violation>, lineage: Lineage) {
        check_keys(out, "targets", self.targets.iter().map(|t| t.key.as_str()));
        let bodies: HashSet<&str> =
            self.targets.iter().filter(|t| t.kind == TargetKind::Body).map(|t| t.key.as_str()).collect();
        let keys: HashSet<&str> = self.targets.iter().map(|t| t.key.as_str()).collect();
        // In a re-evaluation round a cadre's body may be absent (not re-evaluated), never
        // another cadre.
        let absent_body_allowed = |p: &str| lineage == Lineage::Reevaluation && !keys.contains(p);
        for (i, t) in self.targets.iter().enumerate() {
            check_text(out, format!("targets[{i}].name"), &t.name, MAX_NAME);
            match (t.kind, t.parent.as_deref().filter(|p| !p.is_empty())) {
                (TargetKind::Body, Some(_)) => {
                    out.push(Violation { field: format!("targets[{i}].parent"), problem: Problem::BodyWithParent })
                }
                (TargetKind::Cadre, Some(p)) if !bodies.contains(p) && !absent_body_allowed(p) => out.push(Violation {
                    field: format!("targets[{i}].parent"),
                    problem: Problem::UnknownParent(p.to_owned()),
                }),
                _ => {}
            }
        }
    }

    /// What is still missing before the round can open (empty when it can).
    pub fn readiness(&self) -> Vec<Violation> {
        let mut out = Vec::new();
        for (field, empty) in
            [("targets", self.targets.is_empty()), ("categories", self.categories.is_empty()), ("items", self.items.is_empty())]
        {
            if empty {
                out.push(Violation { field: field.into(), problem: Problem::Required });
            }
        }
        if !self.items.is_empty() && self.items.iter().filter(|i| i.overall).count() != 1 {
            out.push(Violation { field: "items".into(), problem: Problem::OverallCount(0) });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec() -> RoundSpec {
        RoundSpec {
            title: "2026 年度民主测评".into(),
            description: String::new(),
            flag_threshold: 0.5,
            flag_basis: FlagBasis::Headcount,
            quorum: 1,
            disclosure_min: 5,
            min_satisfaction: None,
            scale: default_scale(),
            categories: default_categories(),
            items: default_items(),
            targets: vec![
                TargetSpec { key: "jyj".into(), name: "区教育局领导班子".into(), kind: TargetKind::Body, parent: None },
                TargetSpec { key: "jyj-wang".into(), name: "王局长".into(), kind: TargetKind::Cadre, parent: Some("jyj".into()) },
            ],
        }
    }

    fn problems(s: &RoundSpec) -> Vec<(String, Problem)> {
        s.validate().err().unwrap_or_default().into_iter().map(|v| (v.field, v.problem)).collect()
    }

    #[test]
    fn the_defaults_make_a_valid_round_that_can_open() {
        assert_eq!(spec().validate(), Ok(()));
        assert!(spec().readiness().is_empty());
        let parsed: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).expect("minimal JSON");
        assert_eq!(parsed.flag_threshold, 0.5);
        assert_eq!((parsed.quorum, parsed.disclosure_min), (1, 5));
        assert_eq!(parsed.scale, default_scale());
        assert_eq!(parsed.readiness().len(), 3);
    }

    #[test]
    fn duplicate_keys_are_named() {
        let mut s = spec();
        s.categories[1].key = "masses".into();
        assert_eq!(problems(&s), vec![("categories[1].key".into(), Problem::Duplicate("masses".into()))]);
    }

    #[test]
    fn two_overall_items_are_refused() {
        let mut s = spec();
        s.items[2].overall = true;
        assert_eq!(problems(&s), vec![("items".into(), Problem::OverallCount(2))]);
    }

    #[test]
    fn weights_must_be_non_negative_and_not_all_zero() {
        let mut s = spec();
        s.categories[0].weight = -1.0;
        assert_eq!(problems(&s), vec![("categories[0].weight".into(), Problem::NegativeWeight)]);
        for c in &mut s.categories {
            c.weight = 0.0;
        }
        assert_eq!(problems(&s), vec![("categories".into(), Problem::AllWeightsZero)]);
    }

    #[test]
    fn thresholds_must_lie_strictly_between_zero_and_one() {
        for bad in [0.0, 1.0, -0.2, 1.5, f64::NAN] {
            let mut s = spec();
            s.flag_threshold = bad;
            assert_eq!(problems(&s), vec![("flag_threshold".into(), Problem::OutsideUnitInterval)], "{bad}");
        }
        let mut s = spec();
        s.min_satisfaction = Some(1.0);
        assert_eq!(problems(&s), vec![("min_satisfaction".into(), Problem::OutsideUnitInterval)]);
    }

    #[test]
    fn cadres_need_an_existing_body_and_bodies_have_no_parent() {
        let mut s = spec();
        s.targets[1].parent = Some("nope".into());
        s.targets[0].parent = Some("x".into());
        assert_eq!(
            problems(&s),
            vec![
                ("targets[0].parent".into(), Problem::BodyWithParent),
                ("targets[1].parent".into(), Problem::UnknownParent("nope".into())),
            ]
        );
    }

    #[test]
    fn a_scale_needs_both_sides_and_consistent_points() {
        let mut s = spec();
        s.scale.retain(|o| o.polarity != Polarity::Negative);
        assert_eq!(problems(&s), vec![("scale".into(), Problem::ScaleNeedsBothSides)]);
        let mut s = spec();
        s.scale[3].points = Some(10);
        assert_eq!(problems(&s), vec![("scale[3].points".into(), Problem::PointsMismatch)]);
    }

    #[test]
    fn messages_exist_in_both_languages() {
        let p = Problem::Duplicate("k".into());
        assert_eq!(p.message(Locale::Zh), "键“k”重复");
        assert_eq!(p.message(Locale::En), "the key 'k' appears more than once");
    }
}
