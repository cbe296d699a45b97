//! Sealing a closed round (DOMAIN.md, anonymity rule 8).
//!
//! While a round is open, each ballot is committed in the transaction that marks its code
//! used and stores its receipt and counts (that is what makes a code single-use). The
//! database remembers that in how it stored the rows: on PostgreSQL the code, the ballot,
//! the receipt and the turnout row carry the same transaction id (`xmin`), and rows lie in
//! the heap in submission order (`ctid`); on SQLite the write-ahead log holds each commit's
//! pages in order, and a used code's cell moves within its page when its state changes.
//!
//! Once the round is closed nobody can add to it, so the order can be forgotten:
//! 1. one transaction rewrites the round's ballots, in the order of their random ids;
//! 2. another rewrites its codes (by id, i.e. issue order), receipts (random ids),
//!    turnout, tallies and tally scopes (by key), so none of them shares a transaction id
//!    with a ballot and none lies in the order of use;
//! 3. PostgreSQL vacuums those tables (dead row versions gone); SQLite, whose connections
//!    run with `secure_delete` (freed content zeroed), checkpoints and truncates its WAL.
//!
//! The steps are recorded in `rounds.seal_step` (0, 1, 2) in their own transactions, so a
//! crash in between leaves a step that the next start finishes ([`sweep`]); two processes
//! sealing the same round take turns on the round's row and the second finds it done.

use crate::domain::lifecycle::Status;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement};
use std::time::{Duration, Instant};

/// `seal_step` once the ballots are rewritten.
const BALLOTS_DONE: i32 = 1;
/// `seal_step` of a sealed round.
pub const SEALED: i32 = 2;

/// One table of a round to rewrite: its columns and the order to write them in.
struct Part {
    table: &'static str,
    columns: &'static str,
    order: &'static str,
}

const BALLOTS: Part = Part { table: "ballots", columns: "id, round_id, category_id, scope, answers, opinion", order: "id" };

/// What the second transaction rewrites.
const OTHERS: [Part; 5] = [
    Part { table: "codes", columns: "id, round_id, category_id, hash, state, scope, batch", order: "id" },
    Part { table: "receipts", columns: "id, round_id", order: "id" },
    Part { table: "turnout", columns: "round_id, category_id, bucket, n", order: "category_id, bucket" },
    Part { table: "tallies", columns: "round_id, category_id, target_id, item_id, option_id, n", order: "category_id, target_id, item_id, option_id" },
    Part { table: "tally_scopes", columns: "round_id, category_id, target_id, n", order: "category_id, target_id" },
];

/// How long sealing took, per step (for the benchmark and the log).
#[derive(Debug, Clone, Copy, Default)]
pub struct SealTimes {
    /// Rewriting the ballots.
    pub ballots: Duration,
    /// Rewriting codes, receipts, turnout and tallies.
    pub others: Duration,
    /// VACUUM (PostgreSQL) or checkpoint and WAL truncation (SQLite).
    pub storage: Duration,
}

fn stmt(db: &impl ConnectionTrait, sql: String) -> Statement {
    Statement::from_string(db.get_database_backend(), sql)
}

/// Copies the round's rows of `part` aside, deletes them and writes them back in order.
async fn rewrite<C: ConnectionTrait>(tx: &C, part: &Part, round_id: i32) -> Result<(), DbErr> {
    let Part { table, columns, order } = part;
    let scratch = format!("seal_{table}");
    tx.execute(stmt(tx, format!("DROP TABLE IF EXISTS {scratch}"))).await?;
    tx.execute(stmt(tx, format!("CREATE TEMPORARY TABLE {scratch} AS SELECT {columns} FROM {table} WHERE round_id = {round_id}")))
        .await?;
    tx.execute(stmt(tx, format!("DELETE FROM {table} WHERE round_id = {round_id}"))).await?;
    tx.execute(stmt(tx, format!("INSERT INTO {table} ({columns}) SELECT {columns} FROM {scratch} ORDER BY {order}"))).await?;
    tx.execute(stmt(tx, format!("DROP TABLE {scratch}"))).await?;
    Ok(())
}

/// Locks the round's row for this transaction (PostgreSQL; SQLite's write transaction
/// holds the whole database) and reads its status and step.
async fn step_of<C: ConnectionTrait>(tx: &C, round_id: i32) -> Result<Option<(Status, i32)>, DbErr> {
    let lock = if tx.get_database_backend() == DatabaseBackend::Postgres { " FOR UPDATE" } else { "" };
    let row = tx.query_one(stmt(tx, format!("SELECT status, seal_step FROM rounds WHERE id = {round_id}{lock}"))).await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get("", "status")?;
    let step: i32 = row.try_get("", "seal_step")?;
    Ok(Status::parse(&status).map(|s| (s, step)))
}

async fn set_step<C: ConnectionTrait>(tx: &C, round_id: i32, step: i32) -> Result<(), DbErr> {
    tx.execute(stmt(tx, format!("UPDATE rounds SET seal_step = {step} WHERE id = {round_id}"))).await?;
    Ok(())
}

/// Seals a closed round; `None` when there was nothing to do (no such round, a draft or
/// an open round, or one sealed already).
pub async fn seal(db: &DatabaseConnection, round_id: i32) -> Result<Option<SealTimes>, DbErr> {
    let mut times = SealTimes::default();
    let mut worked = false;
    for step in [0, BALLOTS_DONE] {
        let started = Instant::now();
        let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
        let Some((status, at)) = step_of(&tx, round_id).await? else { return Ok(None) };
        if matches!(status, Status::Draft | Status::Open) {
            return Ok(None);
        }
        if at == step {
            worked = true;
            if step == 0 {
                rewrite(&tx, &BALLOTS, round_id).await?;
                times.ballots = started.elapsed();
            } else {
                for part in &OTHERS {
                    rewrite(&tx, part, round_id).await?;
                }
                times.others = started.elapsed();
            }
            set_step(&tx, round_id, step + 1).await?;
        }
        tx.commit().await?;
    }
    if !worked {
        return Ok(None);
    }
    let started = Instant::now();
    forget_storage_order(db).await?;
    times.storage = started.elapsed();
    tracing::info!(
        round.id = round_id,
        seal.ballots_ms = times.ballots.as_millis() as u64,
        seal.others_ms = times.others.as_millis() as u64,
        seal.storage_ms = times.storage.as_millis() as u64,
        "round sealed"
    );
    Ok(Some(times))
}

/// The storage-level step: dead row versions (PostgreSQL) or the write-ahead log (SQLite).
async fn forget_storage_order(db: &DatabaseConnection) -> Result<(), DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            // Outside any transaction (VACUUM cannot run in one): dead versions, with the
            // transaction ids of the ballots' original commits, are removed.
            let tables = std::iter::once(BALLOTS.table).chain(OTHERS.iter().map(|p| p.table)).collect::<Vec<_>>().join(", ");
            db.execute_unprepared(&format!("VACUUM {tables}")).await?;
        }
        _ => {
            // Copy the log into the database and cut it to nothing. A reader holding an old
            // snapshot makes SQLite stop short ("busy"): wait for it a little and try again.
            for attempt in 0..50 {
                let row = db.query_one(stmt(db, "PRAGMA wal_checkpoint(TRUNCATE)".to_owned())).await?;
                let busy = row.and_then(|r| r.try_get_by_index::<i64>(0).ok()).unwrap_or(0);
                if busy == 0 {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(20 * (attempt + 1).min(10))).await;
            }
            tracing::warn!("the write-ahead log could not be truncated after sealing (readers kept it busy); the next seal or checkpoint will");
        }
    }
    Ok(())
}

/// Seals every closed round that is not sealed yet (after an upgrade, or a crash between
/// closing and sealing). Returns how many it sealed.
pub async fn sweep(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let rows = db
        .query_all(stmt(
            db,
            format!(
                "SELECT id FROM rounds WHERE seal_step < {SEALED} AND status NOT IN ('{}', '{}') ORDER BY id",
                Status::Draft.as_str(),
                Status::Open.as_str()
            ),
        ))
        .await?;
    let mut n = 0;
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        if seal(db, id).await?.is_some() {
            n += 1;
        }
    }
    Ok(n)
}

/// Seals `round_id` in the background (after the closing transaction committed); a failure
/// is logged and left to the next start's [`sweep`].
pub fn seal_in_background(db: DatabaseConnection, round_id: i32) {
    tokio::spawn(async move {
        if let Err(e) = seal(&db, round_id).await {
            tracing::error!(round.id = round_id, error.cause = %e, "sealing a closed round failed; the next start finishes it");
        }
    });
}
