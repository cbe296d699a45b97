//! The history page of a target (`/targets/:key`): its overall numbers in every closed
//! round the caller may see, and their trend.

use crate::domain::round::TargetKind;
use crate::domain::tally::FlagStatus;
use crate::views::results::Rates;
use serde::{Deserialize, Serialize};

/// One closed round of the target.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryLine {
    /// The round.
    pub round_id: i32,
    /// Its title.
    pub title: String,
    /// When it closed (Beijing time, `YYYY-MM-DD`).
    pub closed: String,
    /// The target's status there.
    pub status: FlagStatus,
    /// Its overall item there.
    pub overall: Rates,
}

/// The page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HistoryPage {
    /// The target's key.
    pub key: String,
    /// Its name in the latest round.
    pub name: String,
    /// Its kind in the latest round.
    pub kind: TargetKind,
    /// Oldest first.
    pub rows: Vec<HistoryLine>,
    /// The trend chart (SVG), empty without rounds.
    pub chart: String,
}
