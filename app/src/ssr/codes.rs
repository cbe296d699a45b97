//! Invitation codes: issued in bulk, stored only as HMAC-SHA256 under the server secret,
//! revoked while unused, summarized per category. The plain codes exist only in the
//! answer to the issuing request.

use crate::domain::code::{Code, CodeState};
use crate::domain::lifecycle::Status;
pub use crate::domain::round::{CategoryTurnout, UnitTurnout};
pub use summary::{batches, summary, summary_for, Turnout};

mod plan;
mod summary;
use crate::domain::round::{RoundSpec, TargetKind};
use crate::ssr::audit;
use crate::ssr::db::entities::{code, round};
use hmac::{Hmac, Mac};
pub use plan::{plan, reissue, Batch, PlanLine, PlanRefusal, PlanRequest};
use rand::{rngs::OsRng, RngCore};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;

/// Most codes one request may issue.
pub const MAX_PER_REQUEST: u32 = 100_000;
/// Rows per INSERT statement (well under SQLite's variable limit).
const CHUNK: usize = 1_000;

/// The keyed hash under which codes are stored.
#[derive(Clone)]
pub struct CodeKey(Vec<u8>);

impl CodeKey {
    /// A key from the server secret's bytes.
    pub fn new(secret: &[u8]) -> Self {
        Self(secret.to_vec())
    }

    /// HMAC-SHA256 of the code's canonical form, as 64 hex digits.
    pub fn hash(&self, code: &Code) -> String {
        let mut mac = match <Hmac<Sha256> as Mac>::new_from_slice(&self.0) {
            Ok(mac) => mac,
            Err(_) => unreachable!("HMAC accepts keys of any length"),
        };
        mac.update(code.canonical().as_bytes());
        mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect()
    }
}

impl std::fmt::Debug for CodeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CodeKey(***)")
    }
}

/// A request to issue codes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct IssueRequest {
    /// Category key.
    pub category: String,
    /// How many, 1 to 100,000.
    pub count: i64,
    /// Optional scope: target keys (default: every target of the round, or of `unit`).
    #[serde(default)]
    pub targets: Option<Vec<String>>,
    /// Optional unit (a body's key): the codes cover that body and its cadres.
    #[serde(default)]
    pub unit: Option<String>,
}

/// Why codes could not be issued or revoked.
#[derive(Debug, thiserror::Error)]
pub enum CodeServiceError {
    /// No such round.
    #[error("no such round")]
    RoundNotFound,
    /// Codes are issued for draft and open rounds only.
    #[error("codes cannot be issued for a {0:?} round")]
    WrongState(Status),
    /// The category key is not one of the round's.
    #[error("unknown category '{0}'")]
    UnknownCategory(String),
    /// A scope target is not one of the round's.
    #[error("unknown target '{0}'")]
    UnknownTarget(String),
    /// The unit is not a body of the round.
    #[error("unknown unit '{0}'")]
    UnknownUnit(String),
    /// A batch to reissue has no unused code left.
    #[error("batch {0} has no unused code")]
    NothingToReissue(i32),
    /// A scope target outside the unit named with it.
    #[error("target '{0}' is not in the unit")]
    OutsideUnit(String),
    /// Count outside 1..=100,000.
    #[error("count must be between 1 and 100000")]
    BadCount,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The round of a request to issue codes, if codes may be issued for it now.
pub(crate) async fn issuable<C: ConnectionTrait>(tx: &C, round_id: i32) -> Result<crate::ssr::round_def::RoundDef, CodeServiceError> {
    let def = crate::ssr::round_def::load_def(tx, round_id).await?.ok_or(CodeServiceError::RoundNotFound)?;
    if !matches!(def.round.status, Status::Draft | Status::Open) {
        return Err(CodeServiceError::WrongState(def.round.status));
    }
    Ok(def)
}

/// The scope stored with codes for `unit` and/or `targets`, in its one canonical form
/// (`domain::scope::canonical`: the sorted distinct target keys as JSON, `None` when they
/// are every target of the round), which every ballot of these codes copies as it is.
pub(crate) fn scope_of(spec: &RoundSpec, unit: Option<&str>, targets: Option<&[String]>) -> Result<Option<String>, CodeServiceError> {
    if let Some(u) = unit {
        if !spec.targets.iter().any(|t| t.key == u && t.kind == TargetKind::Body) {
            return Err(CodeServiceError::UnknownUnit(u.to_owned()));
        }
    }
    let round = spec.targets.iter().map(|t| t.key.as_str());
    match (unit, targets) {
        (_, Some(keys)) => {
            for k in keys {
                let t = spec.targets.iter().find(|t| t.key == *k).ok_or_else(|| CodeServiceError::UnknownTarget(k.clone()))?;
                if unit.is_some_and(|u| t.unit() != u) {
                    return Err(CodeServiceError::OutsideUnit(k.clone()));
                }
            }
            Ok(crate::domain::scope::canonical(round, keys.iter().map(String::as_str)))
        }
        (Some(u), None) => {
            Ok(crate::domain::scope::canonical(round, spec.targets.iter().filter(|t| t.unit() == u).map(|t| t.key.as_str())))
        }
        (None, None) => Ok(None),
    }
}

/// One batch of new codes to insert: of which category, scope and unit, how many.
pub(crate) struct NewBatch<'a> {
    pub category_id: i32,
    pub scope: Option<String>,
    pub unit: Option<&'a str>,
    pub count: u32,
}

/// Inserts a batch of fresh codes inside the caller's transaction; returns its number and
/// the codes in printed form.
pub(crate) async fn insert_batch<C: ConnectionTrait>(
    tx: &C,
    key: &CodeKey,
    round_id: i32,
    batch: i32,
    new: &NewBatch<'_>,
) -> Result<Vec<Code>, DbErr> {
    let mut rng = OsRng;
    let codes: Vec<Code> = (0..new.count).map(|_| Code::from_bits(rng.next_u64() >> 4)).collect();
    for chunk in codes.chunks(CHUNK) {
        code::Entity::insert_many(chunk.iter().map(|c| code::ActiveModel {
            round_id: Set(round_id),
            category_id: Set(new.category_id),
            hash: Set(key.hash(c)),
            state: Set(CodeState::Unused.as_str().to_owned()),
            scope: Set(new.scope.clone()),
            batch: Set(batch),
            unit: Set(new.unit.map(str::to_owned)),
            ..Default::default()
        }))
        .exec_without_returning(tx)
        .await?;
    }
    Ok(codes)
}

/// Issues `count` new codes; returns them in printed form. Nothing is stored on error.
pub async fn issue(
    db: &DatabaseConnection,
    key: &CodeKey,
    actor: &str,
    round_id: i32,
    req: &IssueRequest,
) -> Result<Vec<Code>, CodeServiceError> {
    Ok(issue_numbered(db, key, actor, round_id, req).await?.1)
}

/// [`issue`], also returning the batch number the codes were issued as.
pub async fn issue_numbered(
    db: &DatabaseConnection,
    key: &CodeKey,
    actor: &str,
    round_id: i32,
    req: &IssueRequest,
) -> Result<(i32, Vec<Code>), CodeServiceError> {
    let count = u32::try_from(req.count).ok().filter(|c| (1..=MAX_PER_REQUEST).contains(c)).ok_or(CodeServiceError::BadCount)?;
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let def = issuable(&tx, round_id).await?;
    let spec = def.spec();
    let cat = spec
        .categories
        .iter()
        .position(|c| c.key == req.category)
        .ok_or_else(|| CodeServiceError::UnknownCategory(req.category.clone()))?;
    let scope = scope_of(spec, req.unit.as_deref(), req.targets.as_deref())?;
    let batch = next_batch(&tx, round_id).await?;
    let new = NewBatch { category_id: def.category_ids()[cat], scope, unit: req.unit.as_deref(), count };
    let codes = insert_batch(&tx, key, round_id, batch, &new).await?;
    audit::append(
        &tx,
        actor,
        "codes.issue",
        &format!("round:{round_id}"),
        json!({ "category": req.category, "count": count, "batch": batch, "targets": req.targets, "unit": req.unit }),
    )
    .await?;
    tx.commit().await?;
    Ok((batch, codes))
}

pub(crate) async fn next_batch<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<i32, DbErr> {
    #[derive(FromQueryResult)]
    struct Max {
        max: Option<i32>,
    }
    let max = code::Entity::find()
        .select_only()
        .column_as(code::Column::Batch.max(), "max")
        .filter(code::Column::RoundId.eq(round_id))
        .into_model::<Max>()
        .one(db)
        .await?
        .and_then(|m| m.max);
    Ok(max.unwrap_or(0) + 1)
}

/// Revokes the still unused codes of batch `batch` (a lost sheet); returns how many.
pub async fn revoke_batch(db: &DatabaseConnection, actor: &str, round_id: i32, batch: i32) -> Result<u64, CodeServiceError> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    round::Entity::find_by_id(round_id).one(&tx).await?.ok_or(CodeServiceError::RoundNotFound)?;
    let revoked = revoke_unused_of_batch(&tx, round_id, batch).await?;
    audit::append(&tx, actor, "codes.revoke", &format!("round:{round_id}"), json!({ "batch": batch, "revoked": revoked })).await?;
    tx.commit().await?;
    Ok(revoked)
}

/// Marks the still unused codes of batch `batch` revoked (inside the caller's write
/// transaction); returns how many. Used and already revoked codes are left as they are.
pub(crate) async fn revoke_unused_of_batch<C: ConnectionTrait>(tx: &C, round_id: i32, batch: i32) -> Result<u64, DbErr> {
    let res = code::Entity::update_many()
        .col_expr(code::Column::State, sea_orm::sea_query::Expr::value(CodeState::Revoked.as_str()))
        .filter(code::Column::RoundId.eq(round_id))
        .filter(code::Column::Batch.eq(batch))
        .filter(code::Column::State.eq(CodeState::Unused.as_str()))
        .exec(tx)
        .await?;
    Ok(res.rows_affected)
}

/// Revokes the given codes of a round that are still unused; returns how many were revoked.
/// Unknown, used or already revoked codes are skipped (and not named back).
pub async fn revoke(db: &DatabaseConnection, key: &CodeKey, actor: &str, round_id: i32, codes: &[Code]) -> Result<u64, CodeServiceError> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    round::Entity::find_by_id(round_id).one(&tx).await?.ok_or(CodeServiceError::RoundNotFound)?;
    let hashes: Vec<String> = codes.iter().map(|c| key.hash(c)).collect();
    let mut revoked = 0;
    for chunk in hashes.chunks(CHUNK) {
        let res = code::Entity::update_many()
            .col_expr(code::Column::State, sea_orm::sea_query::Expr::value(CodeState::Revoked.as_str()))
            .filter(code::Column::RoundId.eq(round_id))
            .filter(code::Column::State.eq(CodeState::Unused.as_str()))
            .filter(code::Column::Hash.is_in(chunk.iter().cloned()))
            .exec(&tx)
            .await?;
        revoked += res.rows_affected;
    }
    audit::append(&tx, actor, "codes.revoke", &format!("round:{round_id}"), json!({ "revoked": revoked })).await?;
    tx.commit().await?;
    Ok(revoked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_hash_depends_on_the_key_and_not_on_how_the_code_was_typed() {
        let code = Code::from_bits(0x0123_4567_89AB_CDEF);
        let k1 = CodeKey::new(b"secret one, at least thirty-two bytes");
        let k2 = CodeKey::new(b"secret two, at least thirty-two bytes");
        let typed = Code::parse(&code.to_string().to_lowercase().replace('-', " ")).expect("parses");
        assert_eq!(k1.hash(&code), k1.hash(&typed));
        assert_ne!(k1.hash(&code), k2.hash(&code));
        assert_eq!(k1.hash(&code).len(), 64);
        assert!(!k1.hash(&code).contains(code.canonical()));
    }
}
