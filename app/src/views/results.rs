//! The results page's data: ranking, per-target items and categories, opinions, turnout, charts.

use crate::domain::lifecycle::Status;
use crate::domain::reevaluation::FlagState;
use crate::domain::round::{CategoryTurnout, TargetKind, UnitTurnout};
use crate::domain::tally::FlagStatus;
use serde::{Deserialize, Serialize};

/// Rates and score of one tally, for display (`None` when nothing is valid).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Rates {
    /// Valid answers.
    pub valid: u64,
    /// Answers per option, in scale order.
    pub counts: Vec<u64>,
    /// Satisfaction rate.
    pub satisfaction: Option<f64>,
    /// Dissatisfaction rate.
    pub dissatisfaction: Option<f64>,
    /// Score (0–100).
    pub score: Option<f64>,
}

impl From<&crate::domain::tally::Tally> for Rates {
    fn from(t: &crate::domain::tally::Tally) -> Self {
        Rates {
            valid: t.valid,
            counts: t.counts.clone(),
            satisfaction: t.satisfaction_rate,
            dissatisfaction: t.dissatisfaction_rate,
            score: t.score,
        }
    }
}

/// One line of the ranking, with its detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1-based rank by score among the targets of its kind (no valid answers: last).
    pub rank: usize,
    /// Target key.
    pub key: String,
    /// Target name.
    pub name: String,
    /// Leading body (`true`) or cadre.
    pub body: bool,
    /// The unit's key (the body's).
    pub unit: String,
    /// The unit's name (the body's).
    pub unit_name: String,
    /// A cadre's post (职务).
    pub position: Option<String>,
    /// Flag status.
    pub status: FlagStatus,
    /// The overall item on the round's basis.
    pub overall: Rates,
    /// Every item: (title, rates).
    pub items: Vec<(String, Rates)>,
    /// Disclosed categories: (name, overall rates, headcount).
    pub categories: Vec<(String, Rates)>,
    /// Its flag in this round (flagged, rectifying, passed, still flagged) and the
    /// flag's id, once the round closed.
    pub flag: Option<(FlagState, i32)>,
    /// Its re-evaluation round, once triggered.
    pub child_round_id: Option<i32>,
    /// In a re-evaluation round: status and overall rates in the parent round.
    pub before: Option<(FlagStatus, Rates)>,
}

/// A chart drawn on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Chart {
    /// Stable name, for the PNG download (`bars`, `heatmap`, `categories`, `turnout`, `before_after`).
    pub key: String,
    /// Caption.
    pub title: String,
    /// The SVG.
    pub svg: String,
}

/// The results page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResultsPageView {
    /// Round id.
    pub id: i32,
    /// The round this one re-evaluates.
    pub parent_id: Option<i32>,
    /// Title.
    pub title: String,
    /// Lifecycle status.
    pub status: Status,
    /// Codes and ballots per category.
    pub turnout: Vec<CategoryTurnout>,
    /// Codes and ballots per unit (only when the round has more than one unit, or unit
    /// codes), within the filter.
    pub units: Vec<UnitTurnout>,
    /// Every unit of the round the caller may see (key, name), for the filter.
    pub unit_choices: Vec<(String, String)>,
    /// The filter the page shows.
    pub filter: Filter,
    /// The ranking groups cadres under their body, units in the order of their bodies.
    pub grouped: bool,
    /// Ballots / codes issued below one half.
    pub low_turnout: bool,
    /// Ballots cast.
    pub ballots: u64,
    /// The flag rule of each kind present: (kind, threshold, minimum satisfaction), as
    /// exact text (`0.5`, `1/3`) and as a rate.
    pub rules: Vec<RuleView>,
    /// Ranking (empty until the caller may see results).
    pub rows: Vec<RankRow>,
    /// Whether the caller sees opinions (admins; steering members of published rounds).
    pub opinions_shown: bool,
    /// Opinions in random order, with the category name when it is disclosed.
    pub opinions: Vec<(Option<String>, String)>,
    /// Charts drawn on the server.
    pub charts: Vec<Chart>,
    /// When these results were read (Beijing time, `YYYY-MM-DD HH:MM`).
    pub generated: String,
    /// The caller is an admin (round links, re-evaluation of any flagged target).
    pub admin: bool,
    /// Only some targets are shown (the caller's assigned targets or scope).
    pub partial: bool,
    /// The rectification ledgers of the shown flagged targets (this round's flags and, for
    /// a re-evaluation, the parent's), for admins and steering members.
    pub ledgers: Vec<crate::views::steering::LedgerView>,
    /// The indicators of coached voting, when an admin asked for them: the round first,
    /// then each disclosed category.
    pub indicators: Option<Vec<IndicatorRow>>,
}

/// One line of the indicators panel (RULES.md A10).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    /// The category's name, `None` for the whole round.
    pub name: Option<String>,
    /// Its sheets, straight-lined and identical counts.
    pub counts: crate::domain::indicators::Counts,
    /// Gaps to the round in millionths (straight-lined, identical); `None` for the round.
    pub gaps: Option<(i64, i64)>,
    /// Worth a closer look.
    pub look_closer: bool,
}

/// A kind's flag rule as the page states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RuleView {
    /// Bodies or cadres.
    pub kind: TargetKind,
    /// The threshold as a rate (for the percentage).
    pub threshold: f64,
    /// The threshold exactly, when it is not a short decimal (`1/3`).
    pub fraction: Option<String>,
    /// The minimum satisfaction as a rate, when set.
    pub min_satisfaction: Option<f64>,
    /// Fewest valid overall answers.
    pub quorum: u32,
}

/// Which targets a results page or export shows: one unit, one kind (`?unit=&kind=`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::IntoParams, utoipa::ToSchema))]
pub struct Filter {
    /// Only the targets of this unit (a body's key).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// Only bodies or only cadres.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TargetKind>,
}

impl Filter {
    /// Whether a target of `kind` in `unit` passes.
    pub fn passes(&self, unit: &str, kind: TargetKind) -> bool {
        self.unit.as_deref().is_none_or(|u| u == unit) && self.kind.is_none_or(|k| k == kind)
    }

    /// The query string (`?unit=…&kind=…`), empty without a filter.
    pub fn query(&self) -> String {
        let q = query_of(self);
        if q.is_empty() {
            String::new()
        } else {
            format!("?{q}")
        }
    }
}

pub use super::url::encode;

fn query_of(f: &Filter) -> String {
    let mut parts = Vec::new();
    if let Some(u) = &f.unit {
        parts.push(format!("unit={}", encode(u)));
    }
    if let Some(k) = f.kind {
        parts.push(format!("kind={}", k.as_str()));
    }
    parts.join("&")
}
