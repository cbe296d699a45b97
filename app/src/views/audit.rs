//! The audit log as its page shows it.

use serde::{Deserialize, Serialize};

/// One audit entry as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRow {
    /// Entry id.
    pub id: i32,
    /// When, `YYYY-MM-DD HH:MM:SS` UTC.
    pub at: String,
    /// Who.
    pub actor: String,
    /// What.
    pub action: String,
    /// On which object.
    pub object: String,
    /// Details (JSON).
    pub detail: String,
}

/// The newest entries and whether the whole chain verifies (`None`) or where it breaks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditView {
    /// Newest first.
    pub rows: Vec<AuditRow>,
    /// The first broken entry, if any.
    pub broken_at: Option<i32>,
}
