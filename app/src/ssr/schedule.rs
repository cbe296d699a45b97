//! The scheduler (RULES.md R6): rounds whose opening or closing time has come are moved
//! by the system, once. Every server process runs it; the move itself takes turns per
//! round (`rounds::transition`), so the first process makes it and the others find it made.

use crate::domain::lifecycle::{Status, Transition};
use crate::domain::schedule::{due, stored};
use crate::ssr::db::entities::round;
use crate::ssr::rounds::{transition, RoundError};
use sea_orm::{ColumnTrait, Condition, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use std::time::Duration;
use time::OffsetDateTime;

/// The actor the audit log shows for a scheduled move: not a possible username (those
/// have no parentheses), so no account can pass for the system.
pub const SYSTEM: &str = "(system)";

/// How often each process looks for rounds whose time has come.
pub const TICK: Duration = Duration::from_secs(5);

/// Makes every move that is due at `now`; returns the moves this call made. A round that
/// another process moved first, or that is not ready to open, is left as it is (the round
/// page says why a scheduled opening did not happen).
pub async fn tick(db: &DatabaseConnection, now: OffsetDateTime) -> Result<Vec<(i32, Transition)>, DbErr> {
    let now = stored(now);
    let rows = round::Entity::find()
        .filter(
            Condition::any()
                .add(Condition::all().add(round::Column::Status.eq(Status::Draft.as_str())).add(round::Column::OpensAt.lte(now)))
                .add(Condition::all().add(round::Column::Status.eq(Status::Open.as_str())).add(round::Column::ClosesAt.lte(now))),
        )
        .all(db)
        .await?;
    let mut made = Vec::new();
    for r in rows {
        let Some(status) = Status::parse(&r.status) else { continue };
        let Some(t) = due(status, r.opens_at, r.closes_at, now) else { continue };
        match transition(db, SYSTEM, r.id, t).await {
            Ok(_) => {
                tracing::info!(round = r.id, action = t.as_str(), "scheduled move made");
                made.push((r.id, t));
            }
            Err(RoundError::WrongState(_) | RoundError::NotFound) => {} // another process was first
            Err(RoundError::NotReady(_)) => tracing::debug!(round = r.id, "scheduled opening skipped: the round is not ready"),
            Err(RoundError::Db(e)) => return Err(e),
            Err(e) => tracing::warn!(round = r.id, error.cause = %e, "scheduled move refused"),
        }
    }
    Ok(made)
}

/// Runs [`tick`] every [`TICK`] for as long as the process lives.
pub fn run_in_background(db: DatabaseConnection) {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(TICK);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            if let Err(e) = tick(&db, OffsetDateTime::now_utc()).await {
                tracing::warn!(error.cause = %e, "the scheduler could not look for rounds due");
            }
        }
    });
}
