//! A round's definition — scale, evaluator categories, items, targets, thresholds — and
//! the rules a definition must meet before anything is stored.

mod rules;

use serde::{Deserialize, Serialize};

/// How an answer counts (see "Scale and tally rules").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum TargetKind {
    /// A leading body (领导班子).
    Body,
    /// A leading cadre (领导干部), who belongs to a body.
    Cadre,
}

/// A target (测评对象).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum FlagBasis {
    /// Pool every category's answers.
    #[default]
    Headcount,
    /// Weighted mean of the categories' rates.
    Weighted,
}

/// The stable keys of [`Polarity`], [`TargetKind`] and [`FlagBasis`], as stored and sent.
macro_rules! keyed {
    ($t:ident { $($v:ident => $k:literal),* $(,)? }) => {
        impl $t {
            /// The stable key stored and sent.
            pub fn as_str(self) -> &'static str {
                match self { $($t::$v => $k),* }
            }

            /// Reads a stored key.
            pub fn parse(raw: &str) -> Option<Self> {
                match raw { $($k => Some($t::$v),)* _ => None }
            }
        }
    };
}

keyed!(Polarity { Positive => "positive", Negative => "negative", Abstain => "abstain" });
keyed!(TargetKind { Body => "body", Cadre => "cadre" });
keyed!(FlagBasis { Headcount => "headcount", Weighted => "weighted" });

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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
        if parent_id.is_some() {
            Lineage::Reevaluation
        } else {
            Lineage::Own
        }
    }
}

/// A stored round: its id, place in the lifecycle and definition.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    /// Database id.
    pub id: i32,
    /// The round this one re-evaluates, if any.
    pub parent_id: Option<i32>,
    /// Lifecycle status.
    pub status: crate::lifecycle::Status,
    /// The definition.
    #[serde(flatten)]
    pub spec: RoundSpec,
}

/// Codes of one category: issued, used, revoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

impl RoundSpec {
    /// A definition with only a title: the defaults of RULES.md (threshold 0.5, headcount,
    /// quorum 1, disclosure minimum 5, no minimum satisfaction, the default scale) and no
    /// categories, items or targets yet.
    pub fn titled(title: &str) -> Self {
        RoundSpec {
            title: title.to_owned(),
            description: String::new(),
            flag_threshold: half(),
            flag_basis: FlagBasis::default(),
            quorum: quorum_default(),
            disclosure_min: disclosure_default(),
            min_satisfaction: None,
            scale: default_scale(),
            categories: Vec::new(),
            items: Vec::new(),
            targets: Vec::new(),
        }
    }

    /// A new draft as the round page makes it: the defaults, the four standard evaluator
    /// categories and the standard items, on `scale`.
    pub fn standard(title: &str, description: &str, scale: Vec<ScaleOption>) -> Self {
        RoundSpec {
            description: description.to_owned(),
            scale,
            categories: default_categories(),
            items: default_items(),
            ..RoundSpec::titled(title)
        }
    }
}

pub use rules::{Problem, Violation, MAX_DESCRIPTION, MAX_KEY, MAX_NAME, MAX_SCALE_OPTIONS, MAX_TITLE};

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
}
