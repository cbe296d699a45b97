//! Issuing a whole plan of codes in one transaction (RULES.md C5): one batch per unit ×
//! category, each scoped to the unit's body and cadres and remembering its unit, so that a
//! lost sheet can be revoked as a batch and turnout is counted per unit.

use super::{insert_batch, issuable, next_batch, scope_of, CodeKey, CodeServiceError, NewBatch};
use crate::domain::code::Code;
pub use crate::domain::plan::PlanLine;
use crate::domain::plan::{Checked, PlanError};
use crate::domain::round::RoundSpec;
use crate::ssr::audit;
use sea_orm::DatabaseConnection;
use serde::Deserialize;
use serde_json::json;

/// `POST /api/v1/rounds/{id}/codes/plan`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRequest {
    /// One line per unit × category.
    pub plan: Vec<PlanLine>,
}

/// One issued batch: its number, unit, category and the plain codes (shown this once).
#[derive(Debug, Clone)]
pub struct Batch {
    /// The batch number (what a batch revoke names).
    pub batch: i32,
    /// The unit's key.
    pub unit: String,
    /// The unit's name.
    pub unit_name: String,
    /// The category's key.
    pub category: String,
    /// The category's name.
    pub category_name: String,
    /// The target keys the codes rate (`None`: every target of the round).
    pub scope: Option<Vec<String>>,
    /// The codes.
    pub codes: Vec<Code>,
}

/// Why a plan was not issued.
#[derive(Debug, thiserror::Error)]
pub enum PlanRefusal {
    /// Lines of the plan are wrong (every one named).
    #[error("the plan has wrong lines")]
    Lines(Vec<PlanError>),
    /// The round refuses codes (missing, or neither draft nor open).
    #[error(transparent)]
    Service(#[from] CodeServiceError),
}

impl From<sea_orm::DbErr> for PlanRefusal {
    fn from(e: sea_orm::DbErr) -> Self {
        PlanRefusal::Service(e.into())
    }
}

/// Checks a plan against the round's definition and issues every line in one transaction;
/// nothing is stored on error. `check` reads the plan (JSON lines or a table) against the
/// definition as it stands inside the transaction.
pub async fn plan(
    db: &DatabaseConnection,
    key: &CodeKey,
    actor: &str,
    round_id: i32,
    check: impl FnOnce(&RoundSpec) -> Result<Vec<Checked>, Vec<PlanError>>,
) -> Result<Vec<Batch>, PlanRefusal> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let def = issuable(&tx, round_id).await?;
    let spec = def.spec();
    let lines = check(spec).map_err(PlanRefusal::Lines)?;
    let category_ids = def.category_ids();
    let mut next = next_batch(&tx, round_id).await?;
    let mut out = Vec::with_capacity(lines.len());
    for line in &lines {
        let (Some(body), Some(cat)) = (spec.targets.get(line.body), spec.categories.get(line.category)) else {
            return Err(CodeServiceError::UnknownUnit(String::new()).into());
        };
        let scope = scope_of(spec, Some(&body.key), None)?;
        let keys = scope.as_deref().and_then(|s| serde_json::from_str(s).ok());
        let new = NewBatch { category_id: category_ids[line.category], scope, unit: Some(&body.key), count: line.count };
        let codes = insert_batch(&tx, key, round_id, next, &new).await?;
        out.push(Batch {
            batch: next,
            unit: body.key.clone(),
            unit_name: body.name.clone(),
            category: cat.key.clone(),
            category_name: cat.name.clone(),
            scope: keys,
            codes,
        });
        next += 1;
    }
    let lines_json: Vec<_> =
        out.iter().map(|b| json!({ "batch": b.batch, "unit": b.unit, "category": b.category, "count": b.codes.len() })).collect();
    audit::append(&tx, actor, "codes.plan", &format!("round:{round_id}"), json!({ "batches": lines_json })).await?;
    tx.commit().await?;
    Ok(out)
}

/// Revokes the unused codes of batch `batch` (a lost or exposed sheet) and issues as many
/// fresh ones with the same category, unit and scope, in one transaction; the new batch
/// is returned for printing. A batch without unused codes is refused.
pub async fn reissue(db: &DatabaseConnection, key: &CodeKey, actor: &str, round_id: i32, batch: i32) -> Result<Batch, CodeServiceError> {
    use crate::domain::code::CodeState;
    use crate::ssr::db::entities::code;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let def = issuable(&tx, round_id).await?;
    let spec = def.spec();
    let unused: Vec<code::Model> = code::Entity::find()
        .filter(code::Column::RoundId.eq(round_id))
        .filter(code::Column::Batch.eq(batch))
        .filter(code::Column::State.eq(CodeState::Unused.as_str()))
        .all(&tx)
        .await?;
    let Some(first) = unused.first() else { return Err(CodeServiceError::NothingToReissue(batch)) };
    let count = u32::try_from(unused.len()).map_err(|_| CodeServiceError::BadCount)?;
    super::revoke_unused_of_batch(&tx, round_id, batch).await?;
    let next = next_batch(&tx, round_id).await?;
    let new = NewBatch { category_id: first.category_id, scope: first.scope.clone(), unit: first.unit.as_deref(), count };
    let codes = insert_batch(&tx, key, round_id, next, &new).await?;
    let cat = def.category_pos.get(&first.category_id).and_then(|p| spec.categories.get(*p));
    let unit = first.unit.clone().unwrap_or_default();
    let detail = json!({ "revoked_batch": batch, "batch": next, "count": count, "unit": first.unit });
    audit::append(&tx, actor, "codes.reissue", &format!("round:{round_id}"), detail).await?;
    tx.commit().await?;
    Ok(Batch {
        batch: next,
        unit_name: spec.name_of(&unit).unwrap_or_default().to_owned(),
        unit,
        category: cat.map(|c| c.key.clone()).unwrap_or_default(),
        category_name: cat.map(|c| c.name.clone()).unwrap_or_default(),
        scope: first.scope.as_deref().and_then(|s| serde_json::from_str(s).ok()),
        codes,
    })
}
