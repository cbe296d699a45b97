//! The rectification notice (公示, DOMAIN.md "Rectification"; RULES.md E3): what the round
//! that the live public link opens shows to anyone who holds the link — once the round's
//! results are published, its flagged targets with their problems and measures (owner,
//! deadline, status). Built from the ledger and the flag rows only: no opinion beyond the
//! title the department gave a problem, no ballot, no score, no evidence note, no author,
//! and nothing of a target that was not flagged.

use crate::domain::ledger::MeasureStatus;
use crate::domain::lifecycle::Status;
use crate::domain::reevaluation::FlagState;
use crate::ssr::db::entities::{round, target, target_flag};
use crate::ssr::flags::day;
use crate::ssr::ledger::problems_by_flag;
use crate::ssr::links::{self, LinkKind};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use time::Date;

/// What the 公示 page shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicNotice {
    /// The round's title.
    pub title: String,
    /// Whether the results are published: before that the page lists nothing.
    pub published: bool,
    /// The flagged targets, in the round's order (empty before publication).
    pub targets: Vec<NoticeTarget>,
}

/// A flagged target as the notice lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeTarget {
    /// Its name.
    pub name: String,
    /// A cadre's post, if known.
    pub post: Option<String>,
    /// A cadre's unit (its body's name).
    pub unit: Option<String>,
    /// Where the flag stands.
    pub state: FlagState,
    /// The day it was flagged (`YYYY-MM-DD`).
    pub flagged_on: String,
    /// Its problems, oldest first.
    pub problems: Vec<NoticeProblem>,
}

/// A problem of the ledger: its title and measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeProblem {
    /// The title the department wrote.
    pub title: String,
    /// Its measures, oldest first.
    pub measures: Vec<NoticeMeasure>,
}

/// A measure as the public reads it (no evidence note).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeMeasure {
    pub text: String,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    pub status: MeasureStatus,
    /// The day the status was set.
    pub status_on: String,
    /// Past its deadline and not done.
    pub overdue: bool,
}

/// The notice of the round that the live public link `token` opens, as of `today`;
/// `None` for an unknown or withdrawn link.
pub async fn view<C: ConnectionTrait>(db: &C, token: &str, today: Date) -> Result<Option<PublicNotice>, DbErr> {
    let Some(id) = links::round_of(db, token, LinkKind::Public).await? else { return Ok(None) };
    let Some(r) = round::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let published = matches!(Status::parse(&r.status), Some(Status::Published | Status::Archived));
    let targets = if published { flagged(db, id, today).await? } else { Vec::new() };
    Ok(Some(PublicNotice { title: r.title, published, targets }))
}

async fn flagged<C: ConnectionTrait>(db: &C, round_id: i32, today: Date) -> Result<Vec<NoticeTarget>, DbErr> {
    let rows = target::Entity::find().filter(target::Column::RoundId.eq(round_id)).order_by_asc(target::Column::Position).all(db).await?;
    let names: HashMap<&str, &str> = rows.iter().map(|t| (t.key.as_str(), t.name.as_str())).collect();
    let order: HashMap<&str, (usize, &target::Model)> = rows.iter().enumerate().map(|(i, t)| (t.key.as_str(), (i, t))).collect();
    let mut flags = target_flag::Entity::find().filter(target_flag::Column::RoundId.eq(round_id)).all(db).await?;
    flags.sort_by_key(|f| (order.get(f.target_key.as_str()).map_or(usize::MAX, |(i, _)| *i), f.id));
    let ids: Vec<i32> = flags.iter().map(|f| f.id).collect();
    let mut ledgers = problems_by_flag(db, &ids, today).await?;
    let mut out = Vec::with_capacity(flags.len());
    for f in flags {
        let t = order.get(f.target_key.as_str()).map(|(_, t)| *t);
        let problems = ledgers
            .remove(&f.id)
            .unwrap_or_default()
            .into_iter()
            .map(|p| NoticeProblem {
                title: p.title,
                measures: p
                    .measures
                    .into_iter()
                    .map(|m| NoticeMeasure {
                        text: m.text,
                        owner: m.owner,
                        deadline: m.deadline,
                        status: m.status,
                        status_on: m.status_on,
                        overdue: m.overdue,
                    })
                    .collect(),
            })
            .collect();
        out.push(NoticeTarget {
            name: f.name,
            post: t.and_then(|t| t.post.clone()),
            unit: t.and_then(|t| t.parent_key.as_deref()).and_then(|k| names.get(k)).map(|n| (*n).to_owned()),
            state: FlagState::parse(&f.status).unwrap_or(FlagState::Flagged),
            flagged_on: day(f.created_at),
            problems,
        });
    }
    Ok(out)
}
