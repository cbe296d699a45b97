//! Rounds as the admin pages list and show them, and a target import awaiting confirmation.

use crate::domain::lifecycle::Status;
use crate::domain::round::{CategoryTurnout, Round, UnitTurnout};
use serde::{Deserialize, Serialize};

/// One line of the round list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundSummary {
    /// Round id.
    pub id: i32,
    /// Title.
    pub title: String,
    /// Lifecycle status.
    pub status: Status,
    /// The parent round of a re-evaluation.
    pub parent_id: Option<i32>,
}

/// A round with its code turnout, for the round page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoundDetail {
    /// The round.
    pub round: Round,
    /// Codes per category.
    pub turnout: Vec<CategoryTurnout>,
    /// Codes per unit (empty for a round of one unit).
    pub units: Vec<UnitTurnout>,
    /// The batches of codes issued, newest first.
    pub batches: Vec<BatchSummary>,
    /// The path of the live hall screen link (`/hall/<token>`), if one was made.
    pub hall_path: Option<String>,
    /// The path of the live 公示 page link (`/public/<token>`), if one was made.
    pub public_path: Option<String>,
}

/// One batch of codes (one issuing, or one unit × category of a plan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchSummary {
    /// The batch number.
    pub batch: i32,
    /// The category's name.
    pub category: String,
    /// The unit's name, for a batch issued for a unit.
    pub unit: Option<String>,
    /// Codes not used yet (what a revoke of the batch withdraws).
    pub unused: i64,
    /// Codes used.
    pub used: i64,
    /// Codes revoked.
    pub revoked: i64,
}

/// A target import waiting for confirmation (kept in the session between the upload and
/// the confirmation, so nothing is saved until the admin has seen the preview).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PendingImport {
    /// The round the targets are for.
    pub round_id: i32,
    /// Targets read from every good row.
    pub targets: Vec<crate::domain::round::TargetSpec>,
    /// Bad rows: row number and message (in the uploader's language).
    pub errors: Vec<(usize, String)>,
}

/// Session key of the pending import.
pub const IMPORT_KEY: &str = "import.preview";
