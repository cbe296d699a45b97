//! Sealing a closed round (RULES.md A8).
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
//! 2. three more rewrite its codes (by id, i.e. issue order), its receipts (random ids),
//!    and its turnout, tallies, tally scopes and paper counts (by key), so none of them shares a
//!    transaction id with a ballot and none lies in the order of use;
//! 3. PostgreSQL vacuums those tables (dead row versions gone); SQLite, whose connections
//!    run with `secure_delete` (freed content zeroed), checkpoints and truncates its WAL.
//!
//! Each part sets its bit in `rounds.seal_step` in its own transaction, so a stop in
//! between leaves parts that the next start finishes ([`sweep`]); two processes sealing
//! the same part take turns (an advisory lock) and the second finds it done. On
//! PostgreSQL the four parts run side by side; SQLite has one writer. The storage step
//! has a bit of its own ([`STORAGE`]), set only once it went through: a stop after the
//! rewrites but before it (or a log that readers kept busy) is finished by the next start.

use crate::domain::lifecycle::Status;
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, Statement};
use std::time::{Duration, Instant};

/// What is rewritten, part by part: each part in a transaction of its own (so none
/// shares a transaction id with another), its bit set in `rounds.seal_step` by the same
/// transaction. On PostgreSQL the parts run side by side on their own connections.
const PARTS: [(i32, &[Table]); 4] = [
    (1, &[Table { name: "ballots", columns: "id, round_id, category_id, scope, answers, opinion", order: "id" }]),
    (2, &[Table { name: "codes", columns: "id, round_id, category_id, hash, state, scope, batch, unit", order: "id" }]),
    (4, &[Table { name: "receipts", columns: "id, round_id", order: "id" }]),
    (
        8,
        &[
            Table { name: "turnout", columns: "round_id, category_id, bucket, n", order: "category_id, bucket" },
            Table {
                name: "tallies",
                columns: "round_id, category_id, target_id, item_id, option_id, n",
                order: "category_id, target_id, item_id, option_id",
            },
            Table { name: "tally_scopes", columns: "round_id, category_id, target_id, n", order: "category_id, target_id" },
            Table { name: "paper_counts", columns: "round_id, category_id, unit, n", order: "category_id, unit" },
        ],
    ),
];

/// `seal_step` once every part's rows are rewritten (the storage step may be left).
pub const REWRITTEN: i32 = 15;

/// `seal_step`'s bit for the storage step, set after it ran (never in the same breath
/// as the rewrites: a stop between them leaves it to the next start).
pub const STORAGE: i32 = 16;

/// `seal_step` of a sealed round: every part's bit and the storage step's.
pub const SEALED: i32 = REWRITTEN | STORAGE;

/// One table of a round to rewrite: its columns and the order to write them in.
struct Table {
    name: &'static str,
    columns: &'static str,
    order: &'static str,
}

/// How long sealing took, per part (for the benchmark and the log).
#[derive(Debug, Clone, Copy, Default)]
pub struct SealTimes {
    /// Rewriting the ballots.
    pub ballots: Duration,
    /// Rewriting codes, receipts, turnout and tallies (the longest of them, as they run
    /// side by side on PostgreSQL; their sum on SQLite).
    pub others: Duration,
    /// VACUUM (PostgreSQL) or checkpoint and WAL truncation (SQLite).
    pub storage: Duration,
    /// The whole of it.
    pub total: Duration,
}

fn stmt(db: &impl ConnectionTrait, sql: String) -> Statement {
    Statement::from_string(db.get_database_backend(), sql)
}

/// Copies the round's rows of `table` aside, deletes them and writes them back in order.
async fn rewrite<C: ConnectionTrait>(tx: &C, table: &Table, round_id: i32) -> Result<(), DbErr> {
    let Table { name, columns, order } = table;
    let scratch = format!("seal_{name}");
    tx.execute(stmt(tx, format!("DROP TABLE IF EXISTS {scratch}"))).await?;
    tx.execute(stmt(tx, format!("CREATE TEMPORARY TABLE {scratch} AS SELECT {columns} FROM {name} WHERE round_id = {round_id}"))).await?;
    tx.execute(stmt(tx, format!("DELETE FROM {name} WHERE round_id = {round_id}"))).await?;
    tx.execute(stmt(tx, format!("INSERT INTO {name} ({columns}) SELECT {columns} FROM {scratch} ORDER BY {order}"))).await?;
    tx.execute(stmt(tx, format!("DROP TABLE {scratch}"))).await?;
    Ok(())
}

/// The round's status and seal step, read inside the part's transaction.
async fn step_of<C: ConnectionTrait>(tx: &C, round_id: i32) -> Result<Option<(Status, i32)>, DbErr> {
    let row = tx.query_one(stmt(tx, format!("SELECT status, seal_step FROM rounds WHERE id = {round_id}"))).await?;
    let Some(row) = row else { return Ok(None) };
    let status: String = row.try_get("", "status")?;
    let step: i32 = row.try_get("", "seal_step")?;
    Ok(Status::parse(&status).map(|s| (s, step)))
}

/// Rewrites one part of a closed round unless it is done already; returns whether it did
/// and how long it took.
async fn seal_part(db: &DatabaseConnection, round_id: i32, bit: i32, tables: &[Table]) -> Result<Option<Duration>, DbErr> {
    let started = Instant::now();
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    if tx.get_database_backend() == DatabaseBackend::Postgres {
        // Two processes sealing the same part of the same round take turns (the second
        // then finds it done); different parts go side by side.
        tx.execute(stmt(&tx, format!("SELECT pg_advisory_xact_lock({round_id}, {bit})"))).await?;
    }
    let Some((status, step)) = step_of(&tx, round_id).await? else { return Ok(None) };
    if !status.is_closed() || step & bit != 0 {
        return Ok(None);
    }
    for t in tables {
        rewrite(&tx, t, round_id).await?;
    }
    tx.execute(stmt(&tx, format!("UPDATE rounds SET seal_step = seal_step | {bit} WHERE id = {round_id}"))).await?;
    tx.commit().await?;
    Ok(Some(started.elapsed()))
}

/// Seals a closed round; `None` when there was nothing to do (no such round, a draft or
/// an open round, or one sealed already).
pub async fn seal(db: &DatabaseConnection, round_id: i32) -> Result<Option<SealTimes>, DbErr> {
    let started = Instant::now();
    let (ballots, others) = rewrite_parts(db, round_id).await?;
    let storage = finish_storage(db, &[round_id]).await?;
    if ballots.is_none() && others.is_none() && storage.is_none() {
        return Ok(None);
    }
    let times = SealTimes {
        ballots: ballots.unwrap_or_default(),
        others: others.unwrap_or_default(),
        storage: storage.flatten().unwrap_or_default(),
        total: started.elapsed(),
    };
    tracing::info!(
        round.id = round_id,
        seal.ballots_ms = times.ballots.as_millis() as u64,
        seal.others_ms = times.others.as_millis() as u64,
        seal.storage_ms = times.storage.as_millis() as u64,
        seal.storage_done = !matches!(storage, Some(None)),
        "round sealed"
    );
    Ok(Some(times))
}

/// The four parts of a closed round, each unless done already: how long the ballots
/// and the others took (`None`: nothing to do).
async fn rewrite_parts(db: &DatabaseConnection, round_id: i32) -> Result<(Option<Duration>, Option<Duration>), DbErr> {
    let ballots = seal_part(db, round_id, PARTS[0].0, PARTS[0].1);
    let others = async {
        let mut longest: Option<Duration> = None;
        if db.get_database_backend() == DatabaseBackend::Postgres {
            let done =
                futures_util::future::try_join_all(PARTS[1..].iter().map(|(bit, tables)| seal_part(db, round_id, *bit, tables))).await?;
            for d in done.into_iter().flatten() {
                longest = Some(longest.map_or(d, |l| l.max(d)));
            }
        } else {
            for (bit, tables) in &PARTS[1..] {
                if let Some(d) = seal_part(db, round_id, *bit, tables).await? {
                    longest = Some(longest.unwrap_or_default() + d);
                }
            }
        }
        Ok::<_, DbErr>(longest)
    };
    if db.get_database_backend() == DatabaseBackend::Postgres {
        futures_util::try_join!(ballots, others)
    } else {
        Ok((ballots.await?, others.await?))
    }
}

/// Runs the storage step for those of `rounds` whose rows are rewritten and whose storage
/// step is not done, then sets their [`STORAGE`] bit. `None`: none of them waited for it;
/// `Some(None)`: it did not go through (SQLite's log kept busy), left to the next start;
/// `Some(Some(t))`: done, in `t`. One step serves every round: it is the whole database's.
async fn finish_storage(db: &DatabaseConnection, rounds: &[i32]) -> Result<Option<Option<Duration>>, DbErr> {
    let waiting = waiting_for_storage(db, rounds).await?;
    if waiting.is_empty() {
        return Ok(None);
    }
    let at = Instant::now();
    if !forget_storage_order(db).await? {
        return Ok(Some(None));
    }
    let took = at.elapsed();
    let ids = waiting.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    let (turn, tx) = crate::ssr::db::begin_write(db).await?;
    tx.execute(stmt(&tx, format!("UPDATE rounds SET seal_step = seal_step | {STORAGE} WHERE id IN ({ids})"))).await?;
    tx.commit().await?;
    drop(turn);
    if db.get_database_backend() == DatabaseBackend::Sqlite {
        // The bit itself went through the log: cut it again (it holds nothing of a ballot,
        // so a busy log is simply left to SQLite's own checkpoints).
        for _ in 0..4 {
            if truncate_wal(db).await? {
                break;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }
    Ok(Some(Some(took)))
}

/// Those of `rounds` whose rows are all rewritten and whose storage step is not done.
async fn waiting_for_storage(db: &DatabaseConnection, rounds: &[i32]) -> Result<Vec<i32>, DbErr> {
    if rounds.is_empty() {
        return Ok(Vec::new());
    }
    let ids = rounds.iter().map(i32::to_string).collect::<Vec<_>>().join(", ");
    let sql = format!("SELECT id FROM rounds WHERE id IN ({ids}) AND seal_step & {SEALED} = {REWRITTEN} ORDER BY id");
    db.query_all(stmt(db, sql)).await?.iter().map(|r| r.try_get::<i32>("", "id")).collect()
}

/// The storage-level step: dead row versions (PostgreSQL) or the write-ahead log (SQLite);
/// whether it went through.
async fn forget_storage_order(db: &DatabaseConnection) -> Result<bool, DbErr> {
    match db.get_database_backend() {
        DatabaseBackend::Postgres => {
            // Outside any transaction (VACUUM cannot run in one): dead versions, with the
            // transaction ids of the ballots' original commits, are removed.
            let vacuums: Vec<String> = PARTS.iter().flat_map(|(_, ts)| ts.iter().map(|t| format!("VACUUM {}", t.name))).collect();
            futures_util::future::try_join_all(vacuums.iter().map(|v| db.execute_unprepared(v))).await?;
        }
        _ => {
            // Copy the log into the database and cut it to nothing. A reader holding an old
            // snapshot makes SQLite stop short ("busy"): wait for it a little and try again.
            for attempt in 0..CHECKPOINT_ATTEMPTS {
                if truncate_wal(db).await? {
                    return Ok(true);
                }
                tokio::time::sleep(Duration::from_millis(25 * (attempt + 1).min(10))).await;
            }
            tracing::warn!("the write-ahead log could not be truncated after sealing (readers kept it busy); the next start will");
            return Ok(false);
        }
    }
    Ok(true)
}

/// Tries of the SQLite checkpoint, about a minute in all.
const CHECKPOINT_ATTEMPTS: u64 = 250;

/// One `wal_checkpoint(TRUNCATE)`; whether it went through. While it waits for readers
/// it holds SQLite's write lock, so it runs on a connection of its own that waits at most
/// 25 ms: every other writer (ballots of other rounds, sign-ins) is held up that long at
/// most, instead of the pool's 10 s busy timeout.
async fn truncate_wal(db: &DatabaseConnection) -> Result<bool, DbErr> {
    use sqlx::{ConnectOptions, Connection};
    let options = (*db.get_sqlite_connection_pool().connect_options()).clone().busy_timeout(Duration::from_millis(25));
    let mut conn = options.connect().await.map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
    let row = sqlx::query_as::<_, (i64, i64, i64)>("PRAGMA wal_checkpoint(TRUNCATE)").fetch_one(&mut conn).await;
    let _ = conn.close().await;
    match row.map_err(|e| DbErr::Query(sea_orm::RuntimeErr::SqlxError(e))) {
        Ok((busy, _, _)) => Ok(busy == 0),
        // The write lock not had within the wait: another try.
        Err(e) if crate::ssr::db::is_retryable(&e) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Seals every closed round that is not sealed yet (after an upgrade, or a stop between
/// closing and sealing or before the storage step), with one storage step for them all.
/// Returns how many it sealed.
pub async fn sweep(db: &DatabaseConnection) -> Result<usize, DbErr> {
    let rows = db
        .query_all(stmt(
            db,
            format!(
                "SELECT id FROM rounds WHERE seal_step & {SEALED} <> {SEALED} AND status NOT IN ('{}', '{}') ORDER BY id",
                Status::Draft.as_str(),
                Status::Open.as_str()
            ),
        ))
        .await?;
    let mut ids = Vec::with_capacity(rows.len());
    let mut rewritten = Vec::new();
    for row in rows {
        let id: i32 = row.try_get("", "id")?;
        let (ballots, others) = rewrite_parts(db, id).await?;
        if ballots.is_some() || others.is_some() {
            rewritten.push(id);
        }
        ids.push(id);
    }
    let waiting = waiting_for_storage(db, &ids).await?;
    let stored = finish_storage(db, &waiting).await?.is_some_and(|t| t.is_some());
    Ok(ids.iter().filter(|id| rewritten.contains(id) || (stored && waiting.contains(id))).count())
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
