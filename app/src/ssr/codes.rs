//! Invitation codes: issued in bulk, stored only as HMAC-SHA256 under the server secret,
//! revoked while unused, summarized per category. The plain codes exist only in the
//! answer to the issuing request.

use crate::domain::code::{Code, CodeState};
use crate::domain::lifecycle::Status;
pub use crate::domain::round::CategoryTurnout;
use crate::ssr::audit;
use crate::ssr::db::entities::{category, code, round, target};
use hmac::{Hmac, Mac};
use rand::{rngs::OsRng, RngCore};
use sea_orm::QueryOrder;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QuerySelect, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::Sha256;
use std::collections::HashSet;

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
    /// Optional scope: target keys (default: every target of the round).
    #[serde(default)]
    pub targets: Option<Vec<String>>,
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
    /// Count outside 1..=100,000.
    #[error("count must be between 1 and 100000")]
    BadCount,
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Issues `count` new codes; returns them in printed form. Nothing is stored on error.
pub async fn issue(
    db: &DatabaseConnection,
    key: &CodeKey,
    actor: &str,
    round_id: i32,
    req: &IssueRequest,
) -> Result<Vec<Code>, CodeServiceError> {
    let count = u32::try_from(req.count).ok().filter(|c| (1..=MAX_PER_REQUEST).contains(c)).ok_or(CodeServiceError::BadCount)?;
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let r = round::Entity::find_by_id(round_id).one(&tx).await?.ok_or(CodeServiceError::RoundNotFound)?;
    let status = Status::parse(&r.status).unwrap_or(Status::Archived);
    if !matches!(status, Status::Draft | Status::Open) {
        return Err(CodeServiceError::WrongState(status));
    }
    let cat = category::Entity::find()
        .filter(category::Column::RoundId.eq(round_id))
        .filter(category::Column::Key.eq(req.category.as_str()))
        .one(&tx)
        .await?
        .ok_or_else(|| CodeServiceError::UnknownCategory(req.category.clone()))?;
    let scope = match &req.targets {
        None => None,
        Some(keys) => {
            let known: HashSet<String> =
                target::Entity::find().filter(target::Column::RoundId.eq(round_id)).all(&tx).await?.into_iter().map(|t| t.key).collect();
            if let Some(bad) = keys.iter().find(|k| !known.contains(*k)) {
                return Err(CodeServiceError::UnknownTarget(bad.clone()));
            }
            Some(serde_json::to_string(keys).unwrap_or_default())
        }
    };
    let batch = next_batch(&tx, round_id).await?;
    let mut rng = OsRng;
    let codes: Vec<Code> = (0..count).map(|_| Code::from_bits(rng.next_u64() >> 4)).collect();
    for chunk in codes.chunks(CHUNK) {
        code::Entity::insert_many(chunk.iter().map(|c| code::ActiveModel {
            round_id: Set(round_id),
            category_id: Set(cat.id),
            hash: Set(key.hash(c)),
            state: Set(CodeState::Unused.as_str().to_owned()),
            scope: Set(scope.clone()),
            batch: Set(batch),
            ..Default::default()
        }))
        .exec_without_returning(&tx)
        .await?;
    }
    audit::append(
        &tx,
        actor,
        "codes.issue",
        &format!("round:{round_id}"),
        json!({ "category": req.category, "count": count, "batch": batch, "targets": req.targets }),
    )
    .await?;
    tx.commit().await?;
    Ok(codes)
}

async fn next_batch<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<i32, DbErr> {
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

/// Issued, used and revoked codes per category, in the round's category order.
pub async fn summary(db: &DatabaseConnection, round_id: i32) -> Result<Vec<CategoryTurnout>, DbErr> {
    summary_where(db, round_id, |_| true).await
}

/// [`summary`] of the codes that cover a target `targets` shows: what a steering member
/// may see of a round's turnout (RULES.md P1: live turnout of assigned targets).
/// A code without a scope covers every target of `spec`.
pub async fn summary_for(
    db: &DatabaseConnection,
    round_id: i32,
    spec: &crate::domain::round::RoundSpec,
    targets: &crate::domain::access::Targets,
) -> Result<Vec<CategoryTurnout>, DbErr> {
    if !targets.is_partial() {
        return summary(db, round_id).await;
    }
    let parent = |k: &str| spec.targets.iter().find(|t| t.key == k).and_then(|t| t.parent.as_deref());
    let every: Vec<&str> = spec.targets.iter().map(|t| t.key.as_str()).collect();
    summary_where(db, round_id, |scope| {
        let keys: Vec<String> = match scope {
            Some(s) => serde_json::from_str(s).unwrap_or_default(),
            None => every.iter().map(|k| (*k).to_owned()).collect(),
        };
        keys.iter().any(|k| targets.shows(k, parent(k)))
    })
    .await
}

async fn summary_where(
    db: &DatabaseConnection,
    round_id: i32,
    covers: impl Fn(Option<&str>) -> bool,
) -> Result<Vec<CategoryTurnout>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        category_id: i32,
        state: String,
        scope: Option<String>,
        n: i64,
    }
    let rows: Vec<Row> = code::Entity::find()
        .select_only()
        .column(code::Column::CategoryId)
        .column(code::Column::State)
        .column(code::Column::Scope)
        .column_as(code::Column::Id.count(), "n")
        .filter(code::Column::RoundId.eq(round_id))
        .group_by(code::Column::CategoryId)
        .group_by(code::Column::State)
        .group_by(code::Column::Scope)
        .into_model::<Row>()
        .all(db)
        .await?
        .into_iter()
        .filter(|r| covers(r.scope.as_deref()))
        .collect();
    let cats =
        category::Entity::find().filter(category::Column::RoundId.eq(round_id)).order_by_asc(category::Column::Position).all(db).await?;
    Ok(cats
        .into_iter()
        .map(|c| {
            let n = |state: CodeState| rows.iter().filter(|r| r.category_id == c.id && r.state == state.as_str()).map(|r| r.n).sum::<i64>();
            let (unused, used, revoked) = (n(CodeState::Unused), n(CodeState::Used), n(CodeState::Revoked));
            CategoryTurnout { category: c.key, name: c.name, issued: unused + used + revoked, used, revoked }
        })
        .collect())
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
