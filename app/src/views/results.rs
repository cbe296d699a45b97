//! The results page's data: ranking, per-target items and categories, opinions, turnout, charts.

use crate::domain::lifecycle::Status;
use crate::domain::reevaluation::FlagState;
use crate::domain::round::CategoryTurnout;
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

/// One line of the ranking, with its detail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RankRow {
    /// 1-based rank by score (targets without valid answers last).
    pub rank: usize,
    /// Target key.
    pub key: String,
    /// Target name.
    pub name: String,
    /// Leading body (`true`) or cadre.
    pub body: bool,
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
pub struct ResultsPage {
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
    /// Ballots / codes issued below one half.
    pub low_turnout: bool,
    /// Ballots cast.
    pub ballots: u64,
    /// Scale labels, in order.
    pub options: Vec<String>,
    /// The flag rule in words' numbers: threshold, optional minimum satisfaction.
    pub threshold: f64,
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
}
