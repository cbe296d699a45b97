//! Casting ballots: code lookup, validation, the group-commit writer, receipts, and the
//! limiter of failed code attempts.
//!
//! The write path (docs/ARCHITECTURE.md, "Ballot write path"):
//! 1. the request handler reads the code's row (no lock) and the round's frozen definition
//!    (cached once the round has left draft), and validates the answers in memory;
//! 2. it hands the prepared ballot to the one [`BallotWriter`] task of the process and
//!    waits for its answer, holding no connection;
//! 3. the writer takes every ballot that queued while the previous batch was syncing and
//!    commits them in one transaction: mark the codes used (only those still unused, of
//!    open rounds), insert ballots and receipts, add the batch's counts to the running
//!    tallies with one upsert per key; then answers each waiting request.
//!
//! A 201 therefore means the ballot is committed (SQLite WAL with `synchronous=FULL`).

use crate::domain::ballot::{validate, Answer, AnswerInput, BallotProblem, Receipt};
use crate::domain::code::Code;
use crate::domain::lifecycle::Status;
use crate::domain::round::{Round, RoundSpec};
use crate::ssr::codes::CodeKey;
use crate::ssr::db::entities::{ballot, code, receipt, round, tally, tally_scope, turnout};
use rand::{rngs::OsRng, seq::SliceRandom, RngCore};
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseBackend, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter,
    QuerySelect,
};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::{mpsc, oneshot};

/// Most ballots committed in one transaction.
pub const MAX_BATCH: usize = 256;
/// Width of a turnout bucket, in seconds.
pub const BUCKET_SECONDS: i64 = 300;
/// Rows per multi-row INSERT (well under both databases' limits on bound values).
const ROWS_PER_INSERT: usize = 1_000;

/// A round's definition with the database ids of its parts, frozen once it left draft.
#[derive(Debug, Clone)]
pub struct RoundDef {
    /// The round (status as of loading; the writer re-checks it).
    pub round: Round,
    /// Ids of `spec.targets`, in order.
    pub target_ids: Vec<i32>,
    /// Ids of `spec.items`, in order.
    pub item_ids: Vec<i32>,
    /// Ids of `spec.scale`, in order.
    pub option_ids: Vec<i32>,
    /// Category id → position in `spec.categories`.
    pub category_pos: HashMap<i32, usize>,
}

impl RoundDef {
    /// The definition.
    pub fn spec(&self) -> &RoundSpec {
        &self.round.spec
    }
}

/// A code as the ballot path sees it.
#[derive(Debug, Clone)]
pub struct CodeRow {
    /// The code's HMAC.
    pub hash: String,
    /// Its round.
    pub round_id: i32,
    /// Its category.
    pub category_id: i32,
    /// `unused`, `used` or `revoked`.
    pub state: String,
    /// Target keys it covers; `None` for all.
    pub scope: Option<Vec<String>>,
}

/// Why a ballot was not taken.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CastError {
    /// Malformed, unknown or revoked code.
    #[error("unknown code")]
    UnknownCode,
    /// The code was used already.
    #[error("code already used")]
    CodeUsed,
    /// The code's round is not open.
    #[error("round not open ({0:?})")]
    RoundNotOpen(Status),
    /// Something in the sheet is wrong.
    #[error("invalid ballot: {0}")]
    Invalid(BallotProblem),
    /// The receipt the client made is taken or malformed.
    #[error("receipt unusable")]
    BadReceipt,
    /// Too many failed code attempts from this address; wait this long.
    #[error("too many attempts")]
    RateLimited(Duration),
    /// The database failed; nothing was stored.
    #[error("database: {0}")]
    Db(String),
}

impl CastError {
    /// What the evaluator is told. A database failure is logged here, never shown.
    pub fn refusal(&self) -> crate::domain::ballot::Refusal {
        use crate::domain::ballot::Refusal;
        match self {
            Self::UnknownCode => Refusal::UnknownCode,
            Self::CodeUsed => Refusal::CodeUsed,
            Self::RoundNotOpen(_) => Refusal::RoundNotOpen,
            Self::Invalid(p) => Refusal::Invalid(p.clone()),
            Self::BadReceipt => Refusal::BadReceipt,
            Self::RateLimited(wait) => Refusal::RateLimited { minutes: wait.as_secs().div_ceil(60).max(1) },
            Self::Db(e) => {
                tracing::error!(error.cause = %e, "a ballot could not be stored");
                Refusal::Unavailable
            }
        }
    }
}

impl From<DbErr> for CastError {
    fn from(e: DbErr) -> Self {
        CastError::Db(e.to_string())
    }
}

/// Reads a code's row by its printed form.
pub async fn find_code<C: ConnectionTrait>(db: &C, key: &CodeKey, code: &Code) -> Result<Option<CodeRow>, DbErr> {
    let hash = key.hash(code);
    Ok(code::Entity::find().filter(code::Column::Hash.eq(hash.as_str())).one(db).await?.map(|c| CodeRow {
        hash: c.hash,
        round_id: c.round_id,
        category_id: c.category_id,
        state: c.state,
        scope: c.scope.and_then(|s| serde_json::from_str(&s).ok()),
    }))
}

/// Loads a round's definition with ids.
pub async fn load_def<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<Option<RoundDef>, DbErr> {
    let Some((round, ids)) = crate::ssr::rounds::load_with_ids(db, round_id).await? else { return Ok(None) };
    let category_pos = ids.categories.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    Ok(Some(RoundDef { round, target_ids: ids.targets, item_ids: ids.items, option_ids: ids.options, category_pos }))
}

/// Round definitions in memory. A round's definition cannot change once it left draft,
/// so those are kept; drafts are always read afresh.
#[derive(Default)]
pub struct RoundCache(Mutex<HashMap<i32, Arc<RoundDef>>>);

impl RoundCache {
    /// The definition of `round_id`, from memory when frozen.
    pub async fn get<C: ConnectionTrait>(&self, db: &C, round_id: i32) -> Result<Option<Arc<RoundDef>>, DbErr> {
        if let Some(d) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&round_id) {
            return Ok(Some(d.clone()));
        }
        let Some(def) = load_def(db, round_id).await? else { return Ok(None) };
        let def = Arc::new(def);
        if def.round.status != Status::Draft {
            self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(round_id, def.clone());
        }
        Ok(Some(def))
    }
}

/// Per-address limiter of *failed* code attempts (unknown or revoked codes): a bucket
/// of `burst` failures refilled at one per `refill`. Only failures are ever slowed: a
/// valid code is looked up first and always accepted, so a meeting hall behind one NAT
/// address is never held up by its neighbours' typos (DOMAIN.md, "Casting a ballot").
///
/// That a blocked address still learns which codes are valid costs nothing: a code has
/// 60 random bits, so with even 100,000 codes outstanding a guess hits one with
/// probability 100,000 / 2^60 ≈ 8.7 · 10^-14, so a hit takes 1.2 · 10^13 guesses on
/// average: at the bucket's one guess per 30 s, about 11 million years per address; even
/// a botnet of many addresses guessing at the server's whole throughput (~3,000 a
/// second) would need about 120 years. The bucket only keeps brute-force noise off the
/// database.
///
/// `governor` cannot look at a bucket without taking from it; hence this small bucket
/// of our own.
pub struct FailureLimiter {
    burst: f64,
    refill: Duration,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl FailureLimiter {
    /// `burst` failures at once, then one per `refill`.
    pub fn new(burst: u32, refill: Duration) -> Self {
        Self { burst: f64::from(burst.max(1)), refill, buckets: Mutex::new(HashMap::new()) }
    }

    fn level(&self, tokens: f64, since: Instant, now: Instant) -> f64 {
        let gained = now.saturating_duration_since(since).as_secs_f64() / self.refill.as_secs_f64().max(1e-9);
        (tokens + gained).min(self.burst)
    }

    /// How long `addr` must wait before its next attempt, if it is blocked now.
    pub fn blocked_for(&self, addr: IpAddr) -> Option<Duration> {
        let map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, since) = *map.get(&addr)?;
        let level = self.level(tokens, since, Instant::now());
        (level < 1.0).then(|| self.refill.mul_f64(1.0 - level))
    }

    /// Counts one failed attempt of `addr`.
    pub fn record_failure(&self, addr: IpAddr) {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            // Forget full buckets so that a flood of addresses cannot grow the map forever.
            let burst = self.burst;
            map.retain(|_, (t, s)| self.level(*t, *s, now) < burst);
        }
        let (tokens, since) = map.get(&addr).copied().unwrap_or((self.burst, now));
        let level = self.level(tokens, since, now);
        map.insert(addr, ((level - 1.0).max(0.0), now));
    }
}

/// A ballot ready to be committed: validated, with database ids.
#[derive(Debug, Clone)]
pub struct Prepared {
    code_hash: String,
    round_id: i32,
    category_id: i32,
    scope: Option<String>,
    scope_targets: Vec<i32>,
    /// (target_id, item_id, option_id), sorted.
    answers: Vec<(i32, i32, i32)>,
    /// The answers as stored (`domain::ballot::encode_answers`).
    stored: String,
    opinion: Option<String>,
    receipt: Option<Receipt>,
}

impl Prepared {
    /// Builds the ballot from validated answers.
    pub fn new(def: &RoundDef, code: &CodeRow, answers: &[Answer], opinion: Option<String>, receipt: Option<Receipt>) -> Self {
        let scope_targets = crate::domain::ballot::targets_in_scope(def.spec(), code.scope.as_deref())
            .into_iter()
            .map(|(i, _)| def.target_ids[i])
            .collect();
        Prepared {
            code_hash: code.hash.clone(),
            round_id: code.round_id,
            category_id: code.category_id,
            scope: code.scope.as_ref().and_then(|s| serde_json::to_string(s).ok()),
            scope_targets,
            answers: answers.iter().map(|a| (def.target_ids[a.target], def.item_ids[a.item], def.option_ids[a.option])).collect(),
            stored: crate::domain::ballot::encode_answers(def.spec(), answers),
            opinion: opinion.filter(|o| !o.trim().is_empty()),
            receipt,
        }
    }
}

type Reply = oneshot::Sender<Result<Receipt, CastError>>;

/// The handle of the process's one ballot writer task (group commit).
#[derive(Clone)]
pub struct BallotWriter {
    tx: mpsc::Sender<(Prepared, Reply)>,
}

impl BallotWriter {
    /// Starts the writer task on `db`.
    pub fn spawn(db: DatabaseConnection) -> Self {
        let (tx, rx) = mpsc::channel(8 * MAX_BATCH);
        tokio::spawn(run_writer(db, rx));
        Self { tx }
    }

    /// Queues a ballot and waits until it is committed (or refused).
    pub async fn submit(&self, ballot: Prepared) -> Result<Receipt, CastError> {
        let (reply, answer) = oneshot::channel();
        self.tx.send((ballot, reply)).await.map_err(|_| CastError::Db("the ballot writer stopped".into()))?;
        answer.await.map_err(|_| CastError::Db("the ballot writer dropped a ballot".into()))?
    }
}

async fn run_writer(db: DatabaseConnection, mut rx: mpsc::Receiver<(Prepared, Reply)>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let (ballots, replies): (Vec<Prepared>, Vec<Reply>) = batch.drain(..).unzip();
        let mut outcome = commit_batch(&db, &ballots).await;
        // A deadlock or serialization failure between processes (PostgreSQL): try again.
        for _ in 0..2 {
            match &outcome {
                Err(e) if is_retryable(e) => outcome = commit_batch(&db, &ballots).await,
                _ => break,
            }
        }
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

fn is_retryable(e: &DbErr) -> bool {
    let s = e.to_string();
    s.contains("deadlock") || s.contains("could not serialize") || s.contains("database is locked")
}

#[derive(Debug, FromQueryResult)]
struct HashRow {
    hash: String,
}

#[derive(Debug, FromQueryResult)]
struct IdRow {
    id: i64,
}

/// Commits one batch in one transaction; one result per ballot, in order.
async fn commit_batch(db: &DatabaseConnection, ballots: &[Prepared]) -> Result<Vec<Result<Receipt, CastError>>, DbErr> {
    let backend = db.get_database_backend();
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let round_ids: Vec<i32> = ballots.iter().map(|b| b.round_id).collect::<HashSet<_>>().into_iter().collect();
    if backend == DatabaseBackend::Postgres {
        // Holds off a concurrent close of these rounds until this batch is committed.
        let lock = Query::select()
            .column(round::Column::Id)
            .from(round::Entity)
            .and_where(Expr::col(round::Column::Id).is_in(round_ids.clone()))
            .lock_shared()
            .to_owned();
        tx.query_all(backend.build(&lock)).await?;
    }
    // 1. Mark the codes used: only those still unused and of an open round. The first
    //    statement writes, so SQLite takes its write lock at once.
    let hashes: Vec<String> = ballots.iter().map(|b| b.code_hash.clone()).collect::<HashSet<_>>().into_iter().collect();
    let open_rounds = Query::select()
        .column(round::Column::Id)
        .from(round::Entity)
        .and_where(Expr::col(round::Column::Status).eq("open"))
        .to_owned();
    let update = Query::update()
        .table(code::Entity)
        .value(code::Column::State, "used")
        .and_where(Expr::col(code::Column::Hash).is_in(hashes.clone()))
        .and_where(Expr::col(code::Column::State).eq("unused"))
        .and_where(Expr::col(code::Column::RoundId).in_subquery(open_rounds))
        .returning_col(code::Column::Hash)
        .to_owned();
    let marked: HashSet<String> =
        HashRow::find_by_statement(backend.build(&update)).all(&tx).await?.into_iter().map(|r| r.hash).collect();

    // 2. Why the others were refused.
    let mut results: Vec<Option<Result<Receipt, CastError>>> = vec![None; ballots.len()];
    let mut taken: HashSet<&str> = HashSet::new();
    let unmarked: Vec<String> = hashes.iter().filter(|h| !marked.contains(*h)).cloned().collect();
    let states: HashMap<String, (String, String)> = if unmarked.is_empty() {
        HashMap::new()
    } else {
        #[derive(FromQueryResult)]
        struct StateRow {
            hash: String,
            state: String,
            status: String,
        }
        let q = Query::select()
            .column((code::Entity, code::Column::Hash))
            .column((code::Entity, code::Column::State))
            .column((round::Entity, round::Column::Status))
            .from(code::Entity)
            .inner_join(round::Entity, Expr::col((round::Entity, round::Column::Id)).equals((code::Entity, code::Column::RoundId)))
            .and_where(Expr::col((code::Entity, code::Column::Hash)).is_in(unmarked))
            .to_owned();
        StateRow::find_by_statement(backend.build(&q))
            .all(&tx)
            .await?
            .into_iter()
            .map(|r| (r.hash, (r.state, r.status)))
            .collect()
    };
    for (i, b) in ballots.iter().enumerate() {
        if marked.contains(&b.code_hash) {
            if !taken.insert(&b.code_hash) {
                results[i] = Some(Err(CastError::CodeUsed)); // the same code twice in this batch
            }
            continue;
        }
        results[i] = Some(Err(match states.get(&b.code_hash) {
            None => CastError::UnknownCode,
            Some((state, _)) if state == "revoked" => CastError::UnknownCode,
            Some((state, _)) if state == "used" => CastError::CodeUsed,
            Some((_, status)) => CastError::RoundNotOpen(Status::parse(status).unwrap_or(Status::Closed)),
        }));
    }

    // 3. Receipts: a client's receipt must be free; the server's are drawn until free.
    let mut rng = OsRng;
    let mut receipts: Vec<Option<Receipt>> = ballots.iter().map(|b| b.receipt).collect();
    let mut undo: Vec<String> = Vec::new();
    loop {
        let wanted: Vec<i64> = (0..ballots.len())
            .filter(|i| results[*i].is_none())
            .filter_map(|i| receipts[i].map(Receipt::value))
            .collect();
        let existing: HashSet<i64> = if wanted.is_empty() {
            HashSet::new()
        } else {
            let q = Query::select()
                .column(receipt::Column::Id)
                .from(receipt::Entity)
                .and_where(Expr::col(receipt::Column::Id).is_in(wanted))
                .to_owned();
            IdRow::find_by_statement(backend.build(&q)).all(&tx).await?.into_iter().map(|r| r.id).collect()
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
            .value(code::Column::State, "unused")
            .and_where(Expr::col(code::Column::Hash).is_in(undo))
            .to_owned();
        tx.execute(backend.build(&q)).await?;
    }

    // 4. Ballots, receipts and counts, in an order unrelated to arrival.
    let mut accepted: Vec<usize> = (0..ballots.len()).filter(|i| results[*i].is_none()).collect();
    accepted.shuffle(&mut rng);
    let mut tallies: BTreeMap<(i32, i32, i32, i32, i32), i64> = BTreeMap::new();
    let mut scopes: BTreeMap<(i32, i32, i32), i64> = BTreeMap::new();
    let mut turnouts: BTreeMap<(i32, i32), i64> = BTreeMap::new();
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
        *turnouts.entry((b.round_id, b.category_id)).or_default() += 1;
        ballot_rows.push((random_id(&mut rng), b.round_id, b.category_id, b.scope.clone(), b.stored.clone(), b.opinion.clone()));
        let r = receipts[i].unwrap_or_else(|| Receipt::from_bits(rng.next_u64()));
        receipt_rows.push((r.value(), b.round_id));
        results[i] = Some(Ok(r));
    }
    for chunk in ballot_rows.chunks(ROWS_PER_INSERT) {
        let mut q = Query::insert();
        q.into_table(ballot::Entity).columns([
            ballot::Column::Id,
            ballot::Column::RoundId,
            ballot::Column::CategoryId,
            ballot::Column::Scope,
            ballot::Column::Answers,
            ballot::Column::Opinion,
        ]);
        for (id, r, c, s, a, o) in chunk {
            q.values_panic([(*id).into(), (*r).into(), (*c).into(), s.clone().into(), a.clone().into(), o.clone().into()]);
        }
        tx.execute(backend.build(&q)).await?;
    }
    for chunk in receipt_rows.chunks(ROWS_PER_INSERT) {
        let mut q = Query::insert();
        q.into_table(receipt::Entity).columns([receipt::Column::Id, receipt::Column::RoundId]);
        for (id, r) in chunk {
            q.values_panic([(*id).into(), (*r).into()]);
        }
        tx.execute(backend.build(&q)).await?;
    }
    let rows: Vec<_> = tallies.into_iter().collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut q = Query::insert();
        q.into_table(tally::Entity).columns([
            tally::Column::RoundId,
            tally::Column::CategoryId,
            tally::Column::TargetId,
            tally::Column::ItemId,
            tally::Column::OptionId,
            tally::Column::N,
        ]);
        for ((r, c, t, i, o), n) in chunk {
            q.values_panic([(*r).into(), (*c).into(), (*t).into(), (*i).into(), (*o).into(), (*n).into()]);
        }
        q.on_conflict(
            OnConflict::columns([
                tally::Column::RoundId,
                tally::Column::CategoryId,
                tally::Column::TargetId,
                tally::Column::ItemId,
                tally::Column::OptionId,
            ])
            .value(tally::Column::N, add_excluded(tally::Entity, tally::Column::N))
            .to_owned(),
        );
        tx.execute(backend.build(&q)).await?;
    }
    let rows: Vec<_> = scopes.into_iter().collect();
    for chunk in rows.chunks(ROWS_PER_INSERT) {
        let mut q = Query::insert();
        q.into_table(tally_scope::Entity).columns([
            tally_scope::Column::RoundId,
            tally_scope::Column::CategoryId,
            tally_scope::Column::TargetId,
            tally_scope::Column::N,
        ]);
        for ((r, c, t), n) in chunk {
            q.values_panic([(*r).into(), (*c).into(), (*t).into(), (*n).into()]);
        }
        q.on_conflict(
            OnConflict::columns([tally_scope::Column::RoundId, tally_scope::Column::CategoryId, tally_scope::Column::TargetId])
                .value(tally_scope::Column::N, add_excluded(tally_scope::Entity, tally_scope::Column::N))
                .to_owned(),
        );
        tx.execute(backend.build(&q)).await?;
    }
    if !turnouts.is_empty() {
        let mut q = Query::insert();
        q.into_table(turnout::Entity).columns([
            turnout::Column::RoundId,
            turnout::Column::CategoryId,
            turnout::Column::Bucket,
            turnout::Column::N,
        ]);
        for ((r, c), n) in &turnouts {
            q.values_panic([(*r).into(), (*c).into(), bucket.into(), (*n).into()]);
        }
        q.on_conflict(
            OnConflict::columns([turnout::Column::RoundId, turnout::Column::CategoryId, turnout::Column::Bucket])
                .value(turnout::Column::N, add_excluded(turnout::Entity, turnout::Column::N))
                .to_owned(),
        );
        tx.execute(backend.build(&q)).await?;
    }
    tx.commit().await?;
    Ok(results.into_iter().map(|r| r.unwrap_or(Err(CastError::Db("unanswered".into())))).collect())
}

/// `table.col + excluded.col`, the increment of an upsert.
fn add_excluded<T: sea_orm::Iden + 'static, C: sea_orm::Iden + Copy + 'static>(table: T, col: C) -> sea_orm::sea_query::SimpleExpr {
    Expr::col((table, col)).add(Expr::col((Alias::new("excluded"), col)))
}

/// A random positive 63-bit id.
fn random_id(rng: &mut OsRng) -> i64 {
    (rng.next_u64() >> 1) as i64
}

fn now_unix() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64)
}

/// Everything the ballot path needs, shared by the API, the form posts and server functions.
pub struct BallotService {
    /// Round definitions.
    pub rounds: RoundCache,
    /// The group-commit writer.
    pub writer: BallotWriter,
    /// Failed code attempts per address.
    pub failures: FailureLimiter,
}

/// A code's sheet: the round definition, the code's category and scope.
#[derive(Clone)]
pub struct Sheet {
    /// The round.
    pub def: Arc<RoundDef>,
    /// The code.
    pub code: CodeRow,
}

impl BallotService {
    /// A service writing through `db`; `burst` failed attempts per address, then one per `refill`.
    pub fn new(db: DatabaseConnection, burst: u32, refill: Duration) -> Self {
        Self { rounds: RoundCache::default(), writer: BallotWriter::spawn(db), failures: FailureLimiter::new(burst, refill) }
    }

    /// Opens a code for `addr`: its sheet, or why not. The code is looked up first: a
    /// valid one is always opened, whatever the address did before. Unknown and revoked
    /// codes count as failed attempts of the address; once its bucket is empty they are
    /// answered with "wait" instead (and no longer counted, so a block cannot grow).
    pub async fn open(&self, db: &DatabaseConnection, key: &CodeKey, addr: IpAddr, raw: &str) -> Result<Sheet, CastError> {
        let row = match Code::parse(raw) {
            Ok(code) => find_code(db, key, &code).await?,
            Err(_) => None,
        };
        let Some(row) = row.filter(|r| r.state != "revoked") else {
            if let Some(wait) = self.failures.blocked_for(addr) {
                return Err(CastError::RateLimited(wait));
            }
            self.failures.record_failure(addr);
            return Err(CastError::UnknownCode);
        };
        if row.state == "used" {
            return Err(CastError::CodeUsed);
        }
        let def = self.rounds.get(db, row.round_id).await?.ok_or(CastError::UnknownCode)?;
        Ok(Sheet { def, code: row })
    }

    /// Whether the code's round takes ballots now (the writer checks again at commit).
    pub async fn ensure_open(&self, db: &DatabaseConnection, sheet: &Sheet) -> Result<(), CastError> {
        let status = round::Entity::find_by_id(sheet.code.round_id)
            .select_only()
            .column(round::Column::Status)
            .into_tuple::<String>()
            .one(db)
            .await?
            .and_then(|s| Status::parse(&s))
            .unwrap_or(Status::Archived);
        if status == Status::Open {
            Ok(())
        } else {
            Err(CastError::RoundNotOpen(status))
        }
    }

    /// Casts a ballot: opens the code, validates, and commits through the writer.
    pub async fn cast(&self, db: &DatabaseConnection, key: &CodeKey, addr: IpAddr, s: Submission<'_>) -> Result<Receipt, CastError> {
        let Submission { code: raw_code, answers, opinion, receipt } = s;
        let sheet = self.open(db, key, addr, raw_code).await?;
        // No separate status read here: the writer refuses a round that is not open in
        // the ballot's own transaction (one read less per ballot on the hot path).
        let valid = validate(sheet.def.spec(), sheet.code.scope.as_deref(), answers, opinion.as_deref())
            .map_err(CastError::Invalid)?;
        self.cast_opened(addr, &sheet, &valid, opinion, receipt).await
    }

    /// Casts answers already validated against an opened sheet (see [`BallotService::open`]
    /// and [`validate`]) through the writer.
    pub async fn cast_opened(
        &self,
        addr: IpAddr,
        sheet: &Sheet,
        valid: &[Answer],
        opinion: Option<String>,
        receipt: Option<Receipt>,
    ) -> Result<Receipt, CastError> {
        let ballot = Prepared::new(&sheet.def, &sheet.code, valid, opinion, receipt);
        let result = self.writer.submit(ballot).await;
        if matches!(result, Err(CastError::UnknownCode)) {
            self.failures.record_failure(addr);
        }
        result
    }
}

/// A ballot as submitted, before validation.
pub struct Submission<'a> {
    /// The code as typed.
    pub code: &'a str,
    /// The answers given.
    pub answers: &'a [AnswerInput],
    /// The opinion, if any.
    pub opinion: Option<String>,
    /// The client's receipt, if it made one.
    pub receipt: Option<Receipt>,
}

/// Whether a receipt was counted.
pub async fn receipt_counted<C: ConnectionTrait>(db: &C, r: Receipt) -> Result<bool, DbErr> {
    Ok(receipt::Entity::find_by_id(r.value()).one(db).await?.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_block_an_address_only_after_the_burst_and_only_that_address() {
        let l = FailureLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(l.blocked_for(a), None);
            l.record_failure(a);
        }
        let wait = l.blocked_for(a).expect("blocked after three failures");
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60), "{wait:?}");
        assert_eq!(l.blocked_for(b), None);
    }

    #[test]
    fn a_blocked_address_is_let_in_again_as_the_bucket_refills() {
        let l = FailureLimiter::new(1, Duration::from_millis(20));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        l.record_failure(a);
        assert!(l.blocked_for(a).is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(l.blocked_for(a), None);
    }
}
