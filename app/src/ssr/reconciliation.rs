//! The reconciliation sheet (清点表) of a round: per unit and category, the codes issued and
//! how each ended — cast by phone, entered from paper, revoked, still unused — so that the
//! slips handed out can be checked against the ballots received. Read from the codes and
//! the paper counters only (no ballot is read); `issued = phone + paper + revoked + unused`.

use crate::domain::code::CodeState;
use crate::ssr::db::entities::{code, paper_count};
use crate::ssr::round_def::RoundDef;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::BTreeMap;

/// One unit × category of the sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ReconciliationRow {
    /// The unit (a body's key); `null` for codes of the whole round.
    pub unit: Option<String>,
    /// The category's key.
    pub category: String,
    /// Codes printed (whatever became of them).
    pub issued: u64,
    /// Cast by phone (or at `/v` on any device).
    pub phone: u64,
    /// Entered by a clerk from a paper sheet.
    pub paper: u64,
    /// Revoked before use.
    pub revoked: u64,
    /// Neither used nor revoked.
    pub unused: u64,
}

/// `GET /api/v1/rounds/{id}/reconciliation`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Reconciliation {
    /// The audit chain's head when the sheet was made (printed on it).
    pub audit_head: String,
    /// Units in the round's order (codes of the whole round first), categories in theirs.
    pub rows: Vec<ReconciliationRow>,
}

/// The row of `unit` (empty: the whole round) × the category `category_id`, made on first use.
fn row<'a>(
    rows: &'a mut BTreeMap<(usize, usize), ReconciliationRow>,
    def: &RoundDef,
    unit_pos: &impl Fn(&str) -> Option<usize>,
    unit: &str,
    category_id: i32,
) -> Option<&'a mut ReconciliationRow> {
    let (u, c) = (unit_pos(unit)?, *def.category_pos.get(&category_id)?);
    Some(rows.entry((u, c)).or_insert_with(|| ReconciliationRow {
        unit: Some(unit.to_owned()).filter(|u| !u.is_empty()),
        category: def.spec().categories[c].key.clone(),
        issued: 0,
        phone: 0,
        paper: 0,
        revoked: 0,
        unused: 0,
    }))
}

/// The reconciliation sheet of the round `def`.
pub async fn reconciliation<C: ConnectionTrait>(db: &C, def: &RoundDef) -> Result<Reconciliation, DbErr> {
    let id = def.round.id;
    // (unit, category position) → row
    let mut rows: BTreeMap<(usize, usize), ReconciliationRow> = BTreeMap::new();
    let units = def.spec().units();
    let unit_pos = |u: &str| if u.is_empty() { Some(0) } else { units.iter().position(|(k, _)| k == u).map(|p| p + 1) };
    let counts: Vec<(Option<String>, i32, String, i64)> = code::Entity::find()
        .select_only()
        .column(code::Column::Unit)
        .column(code::Column::CategoryId)
        .column(code::Column::State)
        .column_as(code::Column::Id.count(), "n")
        .filter(code::Column::RoundId.eq(id))
        .group_by(code::Column::Unit)
        .group_by(code::Column::CategoryId)
        .group_by(code::Column::State)
        .into_tuple()
        .all(db)
        .await?;
    for (unit, category, state, n) in counts {
        let Some(r) = row(&mut rows, def, &unit_pos, unit.as_deref().unwrap_or(""), category) else { continue };
        let n = u64::try_from(n).unwrap_or(0);
        r.issued += n;
        match CodeState::parse(&state) {
            Some(CodeState::Used) => r.phone += n,
            Some(CodeState::Revoked) => r.revoked += n,
            _ => r.unused += n,
        }
    }
    for p in paper_count::Entity::find().filter(paper_count::Column::RoundId.eq(id)).all(db).await? {
        if let Some(r) = row(&mut rows, def, &unit_pos, &p.unit, p.category_id) {
            let n = u64::try_from(p.n).unwrap_or(0);
            r.paper += n;
            r.phone = r.phone.saturating_sub(n);
        }
    }
    Ok(Reconciliation { audit_head: crate::ssr::audit::head(db).await?, rows: rows.into_values().collect() })
}
