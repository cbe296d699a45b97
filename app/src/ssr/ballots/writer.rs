//! The process's one ballot writer (group commit; docs/ARCHITECTURE.md, "Ballot write
//! path"). Every ballot that queued while the previous batch was committing goes into one
//! transaction: mark the codes used (only those still unused, of open rounds — single use
//! is decided here, RULES.md C1), insert ballots and receipts in an order unrelated to
//! arrival (A2), add the batch's counts to the running tallies with one upsert per key.
//! A 201 therefore means the ballot is committed (SQLite WAL with `synchronous=FULL`).

use super::{CastError, CodeRow};
use crate::domain::ballot::{Answer, Receipt};
use crate::domain::code::CodeState;
use crate::domain::lifecycle::Status;
use crate::ssr::db::entities::{ballot, code, paper_count, receipt, round, tally, tally_scope, turnout};
use crate::ssr::round_def::RoundDef;
use crate::ssr::tallies::BUCKET_SECONDS;
use rand::{rngs::OsRng, seq::SliceRandom, RngCore};
use sea_orm::sea_query::{Alias, Expr, IntoIden, OnConflict, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DatabaseBackend, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult};
use std::collections::{BTreeMap, HashMap, HashSet};
use tokio::sync::{mpsc, oneshot};

/// Most ballots committed in one transaction.
pub const MAX_BATCH: usize = 256;
/// Rows per multi-row INSERT (well under both databases' limits on bound values).
const ROWS_PER_INSERT: usize = 1_000;

/// A ballot ready to be committed: validated, with database ids.
#[derive(Debug, Clone)]
pub struct Prepared {
    code_hash: String,
    round_id: i32,
    category_id: i32,
    /// The code's scope as stored, copied: canonical since the code was issued
    /// (`domain::scope`), so nothing is worked out per ballot.
    scope: Option<String>,
    scope_targets: Vec<i32>,
    /// (target_id, item_id, option_id), sorted.
    answers: Vec<(i32, i32, i32)>,
    /// The answers as stored (`domain::ballot::encode_answers`).
    stored: String,
    opinion: Option<String>,
    receipt: Option<Receipt>,
    /// Entered from paper (counted in `paper_counts` under `unit`).
    paper: bool,
    /// The code's unit (empty for the whole round).
    unit: String,
}

impl Prepared {
    /// Builds the ballot from validated answers.
    pub fn new(def: &RoundDef, code: &CodeRow, answers: &[Answer], opinion: Option<String>, receipt: Option<Receipt>) -> Self {
        let in_scope: Vec<usize> =
            crate::domain::ballot::targets_in_scope(def.spec(), code.scope.as_deref()).into_iter().map(|(i, _)| i).collect();
        let scope_targets = in_scope.iter().map(|i| def.target_ids[*i]).collect();
        Prepared {
            code_hash: code.hash.clone(),
            round_id: code.round_id,
            category_id: code.category_id,
            scope: code.stored_scope.clone(),
            scope_targets,
            answers: answers.iter().map(|a| (def.target_ids[a.target], def.item_ids[a.item], def.option_id(a.target, a.option))).collect(),
            stored: crate::domain::ballot::encode_answers(def.spec(), &in_scope, answers),
            opinion: opinion.filter(|o| !o.trim().is_empty()),
            receipt,
            paper: false,
            unit: code.unit.clone().unwrap_or_default(),
        }
    }

    /// The same ballot, entered by a clerk from a paper sheet.
    pub fn from_paper(self) -> Self {
        Prepared { paper: true, ..self }
    }
}

type Reply = oneshot::Sender<Result<Receipt, CastError>>;

/// The handle of the process's one ballot writer task.
#[derive(Clone)]
pub struct BallotWriter {
    tx: mpsc::Sender<(Prepared, Reply)>,
}

impl BallotWriter {
    /// Starts the writer task on `db` (its own connections: see `db::connect_writer`).
    pub fn spawn(db: DatabaseConnection) -> Self {
        let (tx, rx) = mpsc::channel(8 * MAX_BATCH);
        tokio::spawn(run(db, rx));
        Self { tx }
    }

    /// Queues a ballot and waits until it is committed (or refused).
    pub async fn submit(&self, ballot: Prepared) -> Result<Receipt, CastError> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((ballot, reply)).await.map_err(|_| CastError::Db("the ballot writer stopped".into()))?;
        answer.await.map_err(|_| CastError::Db("the ballot writer dropped a ballot".into()))?
    }
}

async fn run(db: DatabaseConnection, mut rx: mpsc::Receiver<(Prepared, Reply)>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (ballots, replies): (Vec<Prepared>, Vec<Reply>) = batch.drain(..).unzip();
        let started = std::time::Instant::now();
        let mut outcome = commit_batch(&db, &ballots).await;
        // A deadlock or serialization failure between processes (PostgreSQL), or a busy
        // SQLite: try again.
        for _ in 0..2 {
            match &outcome {
                Err(e) if crate::ssr::db::is_retryable(e) => outcome = commit_batch(&db, &ballots).await,
                _ => break,
            }
        }
        metrics::histogram!("minping_writer_batch_size").record(ballots.len() as f64);
        metrics::histogram!("minping_writer_commit_seconds").record(started.elapsed().as_secs_f64());
        match outcome {
            Ok(results) => {
                for (reply, r) in replies.into_iter().zip(results) {
                    let _ = reply.send(r);
                }
            }
            Err(e) => {
                tracing::error!(error.cause = %e, ballots = ballots.len(), "a ballot batch failed; nothing of it was stored");
                for reply in replies {
                    let _ = reply.send(Err(CastError::Db(e.to_string())));
                }
            }
        }
    }
}

#[derive(Debug, FromQueryResult)]
struct HashRow {
    hash: String,
}

#[derive(Debug, FromQueryResult)]
struct IdRow {
    id: i64,
}

/// One result per ballot of a batch, filled step by step (`None`: still going).
type Results = Vec<Option<Result<Receipt, CastError>>>;

/// Commits one batch in one transaction; one result per ballot, in order.
async fn commit_batch(db: &DatabaseConnection, ballots: &[Prepared]) -> Result<Vec<Result<Receipt, CastError>>, DbErr> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let open = open_rounds(&tx, ballots).await?;
    let marked = mark_codes_used(&tx, ballots, &open).await?;
    let mut results = refuse_unmarked(&tx, ballots, &marked).await?;
    let receipts = draw_receipts(&tx, ballots, &mut results).await?;
    store(&tx, ballots, &receipts, &mut results).await?;
    tx.commit().await?;
    Ok(results.into_iter().map(|r| r.unwrap_or(Err(CastError::Db("unanswered".into())))).collect())
}

/// Which of the batch's rounds take ballots. On PostgreSQL the rows are read `FOR SHARE`,
/// which holds off a concurrent close until this batch is committed; on SQLite the
/// transaction already holds the write lock.
async fn open_rounds(tx: &DatabaseTransaction, ballots: &[Prepared]) -> Result<HashSet<i32>, DbErr> {
    #[derive(FromQueryResult)]
    struct StatusRow {
        id: i32,
        status: String,
    }
    let backend = tx.get_database_backend();
    let ids: Vec<i32> = ballots.iter().map(|b| b.round_id).collect::<HashSet<_>>().into_iter().collect();
    let mut q = Query::select();
    q.column(round::Column::Id).column(round::Column::Status).from(round::Entity).and_where(Expr::col(round::Column::Id).is_in(ids));
    if backend == DatabaseBackend::Postgres {
        q.lock_shared();
    }
    let rows = StatusRow::find_by_statement(backend.build(&q)).all(tx).await?;
    Ok(rows.into_iter().filter(|r| r.status == Status::Open.as_str()).map(|r| r.id).collect())
}

/// Marks the codes of ballots of open rounds used — only those still unused — and returns
/// their hashes. The statement looks codes up by hash alone: a condition on their round
/// here let PostgreSQL's planner, with a round's codes freshly issued and not yet counted
/// in its statistics, read every code of each open round through the round's index for
/// every batch (docs/BENCHMARKS.md, "Ballot throughput before and after issue 15").
async fn mark_codes_used(tx: &DatabaseTransaction, ballots: &[Prepared], open: &HashSet<i32>) -> Result<HashSet<String>, DbErr> {
    let backend = tx.get_database_backend();
    let hashes: Vec<String> =
        ballots.iter().filter(|b| open.contains(&b.round_id)).map(|b| b.code_hash.clone()).collect::<HashSet<_>>().into_iter().collect();
    if hashes.is_empty() {
        return Ok(HashSet::new());
    }
    let update = Query::update()
        .table(code::Entity)
        .value(code::Column::State, CodeState::Used.as_str())
        .and_where(Expr::col(code::Column::Hash).is_in(hashes))
        .and_where(Expr::col(code::Column::State).eq(CodeState::Unused.as_str()))
        .returning_col(code::Column::Hash)
        .to_owned();
    Ok(HashRow::find_by_statement(backend.build(&update)).all(tx).await?.into_iter().map(|r| r.hash).collect())
}

/// Says why each ballot whose code was not marked is refused (and refuses a second use of
/// one code within the batch).
async fn refuse_unmarked(tx: &DatabaseTransaction, ballots: &[Prepared], marked: &HashSet<String>) -> Result<Results, DbErr> {
    #[derive(FromQueryResult)]
    struct StateRow {
        hash: String,
        state: String,
        status: String,
    }
    let backend = tx.get_database_backend();
    let unmarked: Vec<String> = ballots.iter().map(|b| b.code_hash.clone()).filter(|h| !marked.contains(h)).collect();
    let states: HashMap<String, (String, String)> = if unmarked.is_empty() {
        HashMap::new()
    } else {
        let q = Query::select()
            .column((code::Entity, code::Column::Hash))
            .column((code::Entity, code::Column::State))
            .column((round::Entity, round::Column::Status))
            .from(code::Entity)
            .inner_join(round::Entity, Expr::col((round::Entity, round::Column::Id)).equals((code::Entity, code::Column::RoundId)))
            .and_where(Expr::col((code::Entity, code::Column::Hash)).is_in(unmarked))
            .to_owned();
        StateRow::find_by_statement(backend.build(&q)).all(tx).await?.into_iter().map(|r| (r.hash, (r.state, r.status))).collect()
    };
    let mut taken: HashSet<&str> = HashSet::new();
    Ok(ballots
        .iter()
        .map(|b| {
            if marked.contains(&b.code_hash) {
                // The same code twice in this batch: the second is a second use.
                return (!taken.insert(&b.code_hash)).then_some(Err(CastError::CodeUsed));
            }
            Some(Err(match states.get(&b.code_hash).map(|(s, r)| (CodeState::parse(s), r)) {
                None | Some((Some(CodeState::Revoked), _)) => CastError::UnknownCode,
                Some((Some(CodeState::Used), _)) => CastError::CodeUsed,
                Some((_, status)) => CastError::RoundNotOpen(Status::parse(status).unwrap_or(Status::Closed)),
            }))
        })
        .collect())
}

/// Receipts of the accepted ballots: a client's receipt must be free (else its ballot is
/// refused and its code put back), the server's are drawn until free.
async fn draw_receipts(tx: &DatabaseTransaction, ballots: &[Prepared], results: &mut Results) -> Result<Vec<Option<Receipt>>, DbErr> {
    let backend = tx.get_database_backend();
    let mut rng = OsRng;
    let mut receipts: Vec<Option<Receipt>> = ballots.iter().map(|b| b.receipt).collect();
    let mut undo: Vec<String> = Vec::new();
    loop {
        let wanted: Vec<i64> =
            (0..ballots.len()).filter(|i| results[*i].is_none()).filter_map(|i| receipts[i].map(Receipt::value)).collect();
        let existing: HashSet<i64> = if wanted.is_empty() {
            HashSet::new()
        } else {
            let q = Query::select()
                .column(receipt::Column::Id)
                .from(receipt::Entity)
                .and_where(Expr::col(receipt::Column::Id).is_in(wanted))
                .to_owned();
            IdRow::find_by_statement(backend.build(&q)).all(tx).await?.into_iter().map(|r| r.id).collect()
        };
        let mut in_batch = HashSet::new();
        let mut redraw = false;
        for i in 0..ballots.len() {
            if results[i].is_some() {
                continue;
            }
            match receipts[i] {
                Some(r) if !existing.contains(&r.value()) && in_batch.insert(r.value()) => {}
                Some(_) if ballots[i].receipt.is_some() => {
                    results[i] = Some(Err(CastError::BadReceipt));
                    undo.push(ballots[i].code_hash.clone());
                }
                _ => {
                    receipts[i] = Some(Receipt::from_bits(rng.next_u64()));
                    redraw = true;
                }
            }
        }
        if !redraw {
            break;
        }
    }
    if !undo.is_empty() {
        let q = Query::update()
            .table(code::Entity)
            .value(code::Column::State, CodeState::Unused.as_str())
            .and_where(Expr::col(code::Column::Hash).is_in(undo))
            .to_owned();
        tx.execute(backend.build(&q)).await?;
    }
    Ok(receipts)
}

/// Inserts the accepted ballots and their receipts in an order unrelated to arrival, and
/// adds their counts to the running tallies, one upsert per key of the batch, keys sorted
/// (no deadlock between processes).
async fn store(tx: &DatabaseTransaction, ballots: &[Prepared], receipts: &[Option<Receipt>], results: &mut Results) -> Result<(), DbErr> {
    let mut rng = OsRng;
    let mut accepted: Vec<usize> = (0..ballots.len()).filter(|i| results[*i].is_none()).collect();
    accepted.shuffle(&mut rng);
    let mut tallies: BTreeMap<(i32, i32, i32, i32, i32), i64> = BTreeMap::new();
    let mut scopes: BTreeMap<(i32, i32, i32), i64> = BTreeMap::new();
    let mut turnouts: BTreeMap<(i32, i32, i64), i64> = BTreeMap::new();
    let mut papers: BTreeMap<(i32, i32, &str), i64> = BTreeMap::new();
    let bucket = now_unix() / BUCKET_SECONDS * BUCKET_SECONDS;
    let mut ballot_rows = Vec::with_capacity(accepted.len());
    let mut receipt_rows = Vec::with_capacity(accepted.len());
    for &i in &accepted {
        let b = &ballots[i];
        for &(t, it, o) in &b.answers {
            *tallies.entry((b.round_id, b.category_id, t, it, o)).or_default() += 1;
        }
        for &t in &b.scope_targets {
            *scopes.entry((b.round_id, b.category_id, t)).or_default() += 1;
        }
        *turnouts.entry((b.round_id, b.category_id, bucket)).or_default() += 1;
        if b.paper {
            *papers.entry((b.round_id, b.category_id, b.unit.as_str())).or_default() += 1;
        }
        let id = (rng.next_u64() >> 1) as i64; // a random positive 63-bit id
        ballot_rows.push(vec![
            id.into(),
            b.round_id.into(),
            b.category_id.into(),
            b.scope.clone().into(),
            b.stored.clone().into(),
            b.opinion.clone().into(),
        ]);
        let r = receipts[i].unwrap_or_else(|| Receipt::from_bits(rng.next_u64()));
        receipt_rows.push(vec![r.value().into(), b.round_id.into()]);
        results[i] = Some(Ok(r));
    }
    use ballot::Column as B;
    insert(tx, ballot::Entity, &[B::Id, B::RoundId, B::CategoryId, B::Scope, B::Answers, B::Opinion], ballot_rows, None).await?;
    insert(tx, receipt::Entity, &[receipt::Column::Id, receipt::Column::RoundId], receipt_rows, None).await?;
    use tally::Column as T;
    let rows = tallies.into_iter().map(|((r, c, t, i, o), n)| vec![r.into(), c.into(), t.into(), i.into(), o.into(), n.into()]).collect();
    let cols = [T::RoundId, T::CategoryId, T::TargetId, T::ItemId, T::OptionId, T::N];
    insert(tx, tally::Entity, &cols, rows, Some((&cols[..5], T::N))).await?;
    use tally_scope::Column as S;
    let rows = scopes.into_iter().map(|((r, c, t), n)| vec![r.into(), c.into(), t.into(), n.into()]).collect();
    let cols = [S::RoundId, S::CategoryId, S::TargetId, S::N];
    insert(tx, tally_scope::Entity, &cols, rows, Some((&cols[..3], S::N))).await?;
    use turnout::Column as U;
    let rows = turnouts.into_iter().map(|((r, c, b), n)| vec![r.into(), c.into(), b.into(), n.into()]).collect();
    let cols = [U::RoundId, U::CategoryId, U::Bucket, U::N];
    insert(tx, turnout::Entity, &cols, rows, Some((&cols[..3], U::N))).await?;
    use paper_count::Column as P;
    let rows = papers.into_iter().map(|((r, c, u), n)| vec![r.into(), c.into(), u.into(), n.into()]).collect();
    let cols = [P::RoundId, P::CategoryId, P::Unit, P::N];
    insert(tx, paper_count::Entity, &cols, rows, Some((&cols[..3], P::N))).await
}

/// A multi-row INSERT of `rows` into `table`, in chunks; with `add`, an upsert that adds the
/// new count to the stored one on a conflict of the key columns.
async fn insert<E, C>(
    tx: &DatabaseTransaction,
    table: E,
    cols: &[C],
    rows: Vec<Vec<SimpleExpr>>,
    add: Option<(&[C], C)>,
) -> Result<(), DbErr>
where
    E: sea_orm::Iden + Copy + 'static,
    C: sea_orm::Iden + IntoIden + Copy + 'static,
{
    let backend = tx.get_database_backend();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut q = Query::insert();
        q.into_table(table).columns(cols.iter().copied());
        for row in chunk {
            q.values_panic(row.iter().cloned());
        }
        if let Some((key, n)) = add {
            let sum = Expr::col((table, n)).add(Expr::col((Alias::new("excluded"), n)));
            q.on_conflict(OnConflict::columns(key.iter().copied()).value(n, sum).to_owned());
        }
        tx.execute(backend.build(&q)).await?;
    }
    Ok(())
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}
