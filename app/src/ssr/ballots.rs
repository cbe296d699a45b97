//! Casting ballots (RULES.md C1–C4): open a code, validate the answers against the round's
//! frozen definition, and hand the ballot to the writer. The write path is described in
//! docs/ARCHITECTURE.md ("Ballot write path"):
//! 1. the request handler reads the code's row (no lock) and the round's frozen definition
//!    (`round_def::RoundCache`), and validates the answers in memory;
//! 2. it hands the prepared ballot to the process's one [`BallotWriter`] and waits for its
//!    answer, holding no connection ([`writer`]);
//! 3. failed code attempts count against the address ([`limiter`]); valid codes never.

pub mod limiter;
pub mod writer;

use crate::domain::ballot::{validate, Answer, AnswerInput, BallotProblem, Receipt};
use crate::domain::code::{Code, CodeState};
use crate::domain::lifecycle::Status;
use crate::ssr::codes::CodeKey;
use crate::ssr::db::entities::{code, receipt, round};
use crate::ssr::round_def::{RoundCache, RoundDef};
pub use limiter::FailureLimiter;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;
pub use writer::{BallotWriter, Prepared, MAX_BATCH};

/// A code as the ballot path sees it.
#[derive(Debug, Clone)]
pub struct CodeRow {
    /// The code's HMAC.
    pub hash: String,
    /// Its round.
    pub round_id: i32,
    /// Its category.
    pub category_id: i32,
    /// Where the code stands.
    pub state: CodeState,
    /// Target keys it covers; `None` for all.
    pub scope: Option<Vec<String>>,
    /// The scope as stored, in its canonical form (`domain::scope`): what each of its
    /// ballots stores, copied as it is.
    pub stored_scope: Option<String>,
    /// The unit it was issued for, if any.
    pub unit: Option<String>,
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
    /// A paper sheet entered for one round carries a code of another.
    #[error("the code belongs to another round")]
    OtherRound,
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
            Self::OtherRound => Refusal::OtherRound,
            Self::RateLimited(wait) => Refusal::RateLimited { minutes: wait.as_secs().div_ceil(60).max(1) },
            Self::Db(e) => {
                tracing::error!(error.cause = %e, "a ballot could not be stored");
                Refusal::Unavailable
            }
        }
    }
}

impl CastError {
    /// A stable name of the refusal, for the metrics' `reason` label.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::UnknownCode => "unknown_code",
            Self::CodeUsed => "code_used",
            Self::RoundNotOpen(_) => "round_not_open",
            Self::Invalid(_) => "invalid_ballot",
            Self::BadReceipt => "bad_receipt",
            Self::OtherRound => "other_round",
            Self::RateLimited(_) => "rate_limited",
            Self::Db(_) => "unavailable",
        }
    }
}

/// Counts a submission's outcome (`minping_ballots_accepted_total`,
/// `minping_ballots_refused_total{reason}`): numbers only, nothing of the ballot or code.
fn count(result: &Result<Receipt, CastError>) {
    match result {
        Ok(_) => metrics::counter!("minping_ballots_accepted_total").increment(1),
        Err(e) => metrics::counter!("minping_ballots_refused_total", "reason" => e.reason()).increment(1),
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
    Ok(code::Entity::find().filter(code::Column::Hash.eq(hash.as_str())).one(db).await?.map(|c| {
        let scope: Option<Vec<String>> = c.scope.as_deref().and_then(|s| serde_json::from_str(s).ok());
        CodeRow {
            hash: c.hash,
            round_id: c.round_id,
            category_id: c.category_id,
            state: CodeState::parse(&c.state).unwrap_or(CodeState::Revoked),
            stored_scope: c.scope.filter(|_| scope.is_some()),
            scope,
            unit: c.unit,
        }
    }))
}

/// Ballots of one process in the lookup-validate-commit path at once, whichever door they
/// came through (the API, the phone's form post, the hydrated sheet's server function,
/// a clerk's paper entry); the rest wait for a turn, which costs nothing, instead of in
/// the database pool's queue (measured effect: docs/ARCHITECTURE.md, "Ballot write path").
pub const BALLOTS_IN_FLIGHT: usize = 64;

/// Everything the ballot path needs, shared by the API, the form posts and server functions.
pub struct BallotService {
    /// The turns of [`BALLOTS_IN_FLIGHT`], one per ballot being handled: every door takes
    /// one ([`BallotService::turn`]) before it looks the code up.
    in_flight: Arc<tokio::sync::Semaphore>,
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
        Self {
            in_flight: Arc::new(tokio::sync::Semaphore::new(BALLOTS_IN_FLIGHT)),
            rounds: RoundCache::default(),
            writer: BallotWriter::spawn(db),
            failures: FailureLimiter::new(burst, refill),
        }
    }

    /// A turn in the ballot path, waited for when [`BALLOTS_IN_FLIGHT`] ballots are being
    /// handled; held until dropped. Every door takes one before it reads the code.
    pub async fn turn(&self) -> tokio::sync::OwnedSemaphorePermit {
        match Arc::clone(&self.in_flight).acquire_owned().await {
            Ok(permit) => permit,
            // The semaphore is never closed; were it, a ballot would go without a turn.
            Err(_) => unreachable!("the ballot path's semaphore is never closed"),
        }
    }

    /// The turns themselves, for a test that holds them all to see every door wait.
    pub fn turns(&self) -> Arc<tokio::sync::Semaphore> {
        Arc::clone(&self.in_flight)
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
        let Some(row) = row.filter(|r| r.state != CodeState::Revoked) else {
            if let Some(wait) = self.failures.blocked_for(addr) {
                return Err(CastError::RateLimited(wait));
            }
            self.failures.record_failure(addr);
            return Err(CastError::UnknownCode);
        };
        if row.state == CodeState::Used {
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
        self.cast_as(db, key, addr, s, None).await
    }

    /// [`BallotService::cast`], and for a paper sheet of round `paper` (a clerk at the
    /// keyboard) also refused when the code is of another round, and counted as paper.
    async fn cast_as(
        &self,
        db: &DatabaseConnection,
        key: &CodeKey,
        addr: IpAddr,
        s: Submission<'_>,
        paper: Option<i32>,
    ) -> Result<Receipt, CastError> {
        let _turn = self.turn().await;
        let result = async {
            let Submission { code: raw_code, answers, opinion, receipt } = s;
            let sheet = self.open(db, key, addr, raw_code).await?;
            if paper.is_some_and(|round_id| round_id != sheet.code.round_id) {
                return Err(CastError::OtherRound);
            }
            // No separate status read here: the writer refuses a round that is not open in
            // the ballot's own transaction (one read less per ballot on the hot path).
            let valid = validate(sheet.def.spec(), sheet.code.scope.as_deref(), answers, opinion.as_deref()).map_err(CastError::Invalid)?;
            let ballot = Prepared::new(&sheet.def, &sheet.code, &valid, opinion, receipt);
            self.submit(addr, if paper.is_some() { ballot.from_paper() } else { ballot }).await
        }
        .await;
        count(&result);
        result
    }

    /// Enters a paper sheet of round `round_id` (a clerk at the keyboard): the same code
    /// path, checks and storage as [`BallotService::cast`], refused when the code is of
    /// another round; counted as paper in `paper_counts`, never on the ballot row.
    pub async fn cast_paper(
        &self,
        db: &DatabaseConnection,
        key: &CodeKey,
        addr: IpAddr,
        round_id: i32,
        s: Submission<'_>,
    ) -> Result<Receipt, CastError> {
        self.cast_as(db, key, addr, s, Some(round_id)).await
    }

    /// Casts answers already validated against an opened sheet (see [`BallotService::open`]
    /// and [`validate`]) through the writer; `paper`: entered by a clerk, counted as paper.
    pub async fn cast_opened(
        &self,
        addr: IpAddr,
        sheet: &Sheet,
        valid: &[Answer],
        opinion: Option<String>,
        receipt: Option<Receipt>,
        paper: bool,
    ) -> Result<Receipt, CastError> {
        let ballot = Prepared::new(&sheet.def, &sheet.code, valid, opinion, receipt);
        let result = self.submit(addr, if paper { ballot.from_paper() } else { ballot }).await;
        count(&result);
        result
    }

    /// Commits through the writer; a code found unknown there counts as a failed attempt.
    async fn submit(&self, addr: IpAddr, ballot: Prepared) -> Result<Receipt, CastError> {
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
