//! The audit log: every account action, each entry carrying the SHA-256 of the previous
//! one. Ballots and codes never enter it.

use crate::ssr::db::entities::audit_entry;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

/// `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn entry_hash(prev: &str, at: i64, actor: &str, action: &str, object: &str, detail: &str) -> String {
    let mut h = Sha256::new();
    for part in [prev, &at.to_string(), actor, action, object, detail] {
        h.update(part.as_bytes());
        h.update([0x1f]); // unit separator: fields cannot run into each other
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends one entry; run it inside the transaction of the action it records, so that
/// both or neither are stored. Concurrent appends take turns (a process mutex on SQLite, a
/// transaction-scoped advisory lock on PostgreSQL); `prev_hash` is unique besides, so the
/// chain cannot fork.
pub async fn append<C: ConnectionTrait>(db: &C, actor: &str, action: &str, object: &str, detail: serde_json::Value) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // Appends take turns across processes until their transaction ends, so that two
        // concurrent actions chain one after the other instead of one failing on the
        // unique `prev_hash` (SQLite's writers already take turns: `db::begin_write`).
        db.execute_unprepared("SELECT pg_advisory_xact_lock(7215004)").await?;
    }
    let prev = head(db).await?;
    let at = OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc());
    let detail = detail.to_string();
    let hash = entry_hash(&prev, at.unix_timestamp(), actor, action, object, &detail);
    audit_entry::Entity::insert(audit_entry::ActiveModel {
        at: Set(at),
        actor: Set(actor.to_owned()),
        action: Set(action.to_owned()),
        object: Set(object.to_owned()),
        detail: Set(detail),
        prev_hash: Set(prev),
        hash: Set(hash),
        ..Default::default()
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// The hash of the newest entry (the chain's head), or the genesis value of an empty log.
pub async fn head<C: ConnectionTrait>(db: &C) -> Result<String, DbErr> {
    Ok(audit_entry::Entity::find()
        .order_by_desc(audit_entry::Column::Id)
        .limit(1)
        .one(db)
        .await?
        .map_or_else(|| GENESIS.to_owned(), |e| e.hash))
}

/// Records an action that changes nothing else — a sign-in, a read or an export of
/// results or opinions — in a write transaction of its own.
pub async fn record(db: &DatabaseConnection, actor: &str, action: &str, object: &str, detail: serde_json::Value) -> Result<(), DbErr> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    append(&tx, actor, action, object, detail).await?;
    tx.commit().await
}

/// Why the chain does not verify.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// Entry `id` does not match its own hash or does not follow the previous entry.
    #[error("the audit chain is broken at entry {0}")]
    Broken(i32),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Checks every entry in order; returns how many entries were checked.
pub async fn verify(db: &DatabaseConnection) -> Result<u64, ChainError> {
    let mut prev = GENESIS.to_owned();
    let mut last_id = 0;
    let mut checked = 0;
    loop {
        let page = audit_entry::Entity::find()
            .filter(audit_entry::Column::Id.gt(last_id))
            .order_by_asc(audit_entry::Column::Id)
            .limit(1000)
            .all(db)
            .await?;
        if page.is_empty() {
            return Ok(checked);
        }
        for e in page {
            let expect = entry_hash(&prev, e.at.unix_timestamp(), &e.actor, &e.action, &e.object, &e.detail);
            if e.prev_hash != prev || e.hash != expect {
                return Err(ChainError::Broken(e.id));
            }
            prev = e.hash;
            last_id = e.id;
            checked += 1;
        }
    }
}

/// The newest entries first, for the audit page.
pub async fn recent(db: &DatabaseConnection, limit: u64) -> Result<Vec<audit_entry::Model>, DbErr> {
    audit_entry::Entity::find().order_by_desc(audit_entry::Column::Id).limit(limit).all(db).await
}
