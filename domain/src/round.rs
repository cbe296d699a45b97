//! A round's definition — scale, evaluator categories, items, targets, thresholds — and
//! the rules a definition must meet before anything is stored.

mod kinds;
mod presets;
mod rules;
mod threshold;

pub use kinds::Rules;
pub use presets::{annual_preset, body_items, body_scale, cadre_items, cadre_scale, default_categories, default_items, default_scale};
use serde::{Deserialize, Serialize};
pub use threshold::{BadThreshold, Threshold};

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
    /// The overall item (总体评价): exactly one per kind of target present applies to it.
    #[serde(default)]
    pub overall: bool,
    /// Which kind of target the item rates (default: both).
    #[serde(default, skip_serializing_if = "AppliesTo::is_both")]
    pub applies_to: AppliesTo,
}

/// Which kind of target an item rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum AppliesTo {
    /// Leading bodies only.
    Body,
    /// Leading cadres only.
    Cadre,
    /// Both.
    #[default]
    Both,
}

impl AppliesTo {
    /// Whether an item of this kind rates a target of `kind`.
    pub fn covers(self, kind: TargetKind) -> bool {
        matches!((self, kind), (AppliesTo::Both, _) | (AppliesTo::Body, TargetKind::Body) | (AppliesTo::Cadre, TargetKind::Cadre))
    }

    fn is_both(&self) -> bool {
        *self == AppliesTo::Both
    }
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
    /// For a cadre: the key of the body it belongs to (its unit).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// For a cadre: the post held (职务), as shown beside the name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
}

impl TargetSpec {
    /// The unit the target belongs to: its own key for a body, its body's for a cadre.
    pub fn unit(&self) -> &str {
        self.parent.as_deref().filter(|p| !p.is_empty()).unwrap_or(&self.key)
    }
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
keyed!(AppliesTo { Body => "body", Cadre => "cadre", Both => "both" });

fn one() -> f64 {
    1.0
}
fn half() -> Threshold {
    Threshold::HALF
}
fn quorum_default() -> u32 {
    1
}
fn disclosure_default() -> u32 {
    5
}

/// Flag-rule fields of one kind of target; each absent one falls back to the round's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct KindRules {
    /// Flag when dissatisfaction is strictly greater than this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub flag_threshold: Option<Threshold>,
    /// Fewest valid overall answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quorum: Option<u32>,
    /// Also flag below this satisfaction.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_satisfaction: Option<Threshold>,
}

/// The flag rules of a kind that has its own (API.md: `"rules_by_kind": {"cadre": …}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RulesByKind {
    /// The cadres' rules.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadre: Option<KindRules>,
}

impl RulesByKind {
    /// No kind has rules of its own.
    pub fn is_empty(&self) -> bool {
        self.cadre.as_ref().is_none_or(|c| *c == KindRules::default())
    }
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
    /// Flag when overall dissatisfaction is strictly greater than this (0 < t < 1): a
    /// decimal or a fraction such as `"1/3"`, compared exactly.
    #[serde(default = "half")]
    pub flag_threshold: Threshold,
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
    pub min_satisfaction: Option<Threshold>,
    /// The scale (of bodies, and of cadres when there is no `cadre_scale`); the default
    /// scale when absent.
    #[serde(default = "default_scale")]
    pub scale: Vec<ScaleOption>,
    /// The cadres' own scale, when they have one (e.g. 优秀 / 称职 / 基本称职 / 不称职).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cadre_scale: Option<Vec<ScaleOption>>,
    /// The cadres' own flag rule, each field falling back to the round's.
    #[serde(default, skip_serializing_if = "RulesByKind::is_empty")]
    pub rules_by_kind: RulesByKind,
    /// Evaluator categories.
    #[serde(default)]
    pub categories: Vec<CategorySpec>,
    /// Items; exactly one overall.
    #[serde(default)]
    pub items: Vec<ItemSpec>,
    /// Targets.
    #[serde(default)]
    pub targets: Vec<TargetSpec>,
    /// When the round opens by itself (RFC 3339), if scheduled.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub opens_at: Option<time::OffsetDateTime>,
    /// When the round closes by itself (RFC 3339), if scheduled.
    #[serde(default, with = "time::serde::rfc3339::option", skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = DateTime))]
    pub closes_at: Option<time::OffsetDateTime>,
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

/// Codes of one unit (a body and its cadres): issued, used, revoked. A code for the whole
/// round counts in every unit, a code for some targets in the units of those targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitTurnout {
    /// The body's key.
    pub unit: String,
    /// The body's name.
    pub name: String,
    /// Codes issued.
    pub issued: i64,
    /// Codes used.
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
            cadre_scale: None,
            rules_by_kind: RulesByKind::default(),
            categories: Vec::new(),
            items: Vec::new(),
            targets: Vec::new(),
            opens_at: None,
            closes_at: None,
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
mod tests;
