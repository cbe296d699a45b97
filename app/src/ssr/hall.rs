//! The hall screen's data (DOMAIN.md "Paper ballots and the hall"): for the round a live
//! hall link opens, its title and status and the ballots received per category and unit,
//! stepped by `domain::hall` — read from the codes' states only (a used code is a ballot
//! received), never from a ballot.

use crate::domain::code::CodeState;
use crate::domain::hall::{hall_counts, HallCounts};
use crate::domain::lifecycle::Status;
use crate::ssr::db::entities::{code, round};
use crate::ssr::links::{self, LinkKind};
use crate::ssr::round_def::RoundCache;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};

/// What the hall screen shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HallView {
    /// The round's title.
    pub title: String,
    /// Its status now.
    pub status: Status,
    /// The counts, stepped.
    pub counts: HallCounts,
}

/// The hall screen of the round that the live hall link `token` opens; `None` for an
/// unknown or withdrawn link.
pub async fn view<C: ConnectionTrait>(db: &C, cache: &RoundCache, token: &str) -> Result<Option<HallView>, DbErr> {
    let Some(id) = links::round_of(db, token, LinkKind::Hall).await? else { return Ok(None) };
    let (Some(def), Some(now)) = (cache.get(db, id).await?, round::Entity::find_by_id(id).one(db).await?) else { return Ok(None) };
    let status = Status::parse(&now.status).unwrap_or(def.round.status);
    let spec = def.spec();
    let used: Vec<(Option<String>, i32, i64)> = code::Entity::find()
        .select_only()
        .column(code::Column::Unit)
        .column(code::Column::CategoryId)
        .column_as(code::Column::Id.count(), "n")
        .filter(code::Column::RoundId.eq(id))
        .filter(code::Column::State.eq(CodeState::Used.as_str()))
        .group_by(code::Column::Unit)
        .group_by(code::Column::CategoryId)
        .into_tuple()
        .all(db)
        .await?;
    let used: Vec<(String, String, u64)> = used
        .into_iter()
        .filter_map(|(unit, category, n)| {
            let c = def.category_pos.get(&category)?;
            Some((unit.unwrap_or_default(), spec.categories[*c].key.clone(), u64::try_from(n).unwrap_or(0)))
        })
        .collect();
    Ok(Some(HallView { title: spec.title.clone(), status, counts: hall_counts(spec, &used) }))
}
