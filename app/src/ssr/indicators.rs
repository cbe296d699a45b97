//! The indicators of coached voting of a closed round (RULES.md A10; admin only): one
//! streamed pass over its stored ballots into `domain::indicators`, aggregates only —
//! nothing of any one ballot leaves this function.

use crate::domain::ballot::decode_answers;
use crate::domain::indicators::{Accumulator, Answer, Indicators};
use crate::ssr::db::entities::ballot;
use crate::ssr::round_def::RoundDef;
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, StreamTrait};
use std::collections::HashMap;

/// Parts the id space of ballots is split into, read concurrently (as the recount does:
/// handing rows over and decoding them is the bottleneck, so this uses every core).
const PARTS: i64 = 4;

/// The indicators of round `def` from its stored ballots: the (random) id space split into
/// [`PARTS`] ranges, each streamed into its own sibling accumulator, merged at the end.
pub async fn of_round(db: &sea_orm::DatabaseConnection, def: &RoundDef) -> Result<Indicators, DbErr> {
    let step = i64::MAX / PARTS;
    let shared = std::sync::Arc::new(def.clone());
    let mut total = Accumulator::new(def.spec().categories.len());
    let tasks: Vec<_> = (0..PARTS)
        .map(|p| {
            let lo = if p == 0 { i64::MIN } else { p * step };
            let hi = (p + 1 < PARTS).then_some((p + 1) * step);
            let (db, def, acc) = (db.clone(), shared.clone(), total.sibling());
            tokio::spawn(async move { of_range(&db, &def, acc, lo, hi).await })
        })
        .collect();
    for task in tasks {
        total.merge(task.await.map_err(|e| DbErr::Custom(format!("an indicators task failed: {e}")))??);
    }
    Ok(total.finish(def.spec().disclosure_min))
}

/// Adds the ballots of round `def` with ids in `lo..hi` (no upper bound when `None`) to `acc`.
async fn of_range<C: ConnectionTrait + StreamTrait>(
    db: &C,
    def: &RoundDef,
    mut acc: Accumulator,
    lo: i64,
    hi: Option<i64>,
) -> Result<Accumulator, DbErr> {
    let spec = def.spec();
    let (items, targets) = (spec.items.len(), spec.targets.len());
    let all: Vec<usize> = (0..targets).collect();
    let mut scopes: HashMap<String, Vec<usize>> = HashMap::new();
    let mut sheet: Vec<Answer> = Vec::new();
    let mut query = ballot::Entity::find()
        .select_only()
        .columns([ballot::Column::CategoryId, ballot::Column::Scope, ballot::Column::Answers])
        .filter(ballot::Column::RoundId.eq(def.round.id))
        .filter(ballot::Column::Id.gte(lo));
    if let Some(hi) = hi {
        query = query.filter(ballot::Column::Id.lt(hi));
    }
    let mut rows = query.into_tuple::<(i32, Option<String>, String)>().stream(db).await?;
    while let Some((category, scope, answers)) = rows.try_next().await? {
        let Some(c) = def.category_pos.get(&category) else { continue };
        let in_scope = match scope {
            None => &all,
            Some(s) => &*scopes.entry(s).or_insert_with_key(|s| {
                let keys: Vec<String> = serde_json::from_str(s).unwrap_or_default();
                spec.targets.iter().enumerate().filter(|(_, t)| keys.contains(&t.key)).map(|(i, _)| i).collect()
            }),
        };
        sheet.clear();
        sheet.extend(decode_answers(items, targets, in_scope, &answers).map(|a| (a.target as u32, a.item as u32, a.option as u16)));
        acc.add(*c, &sheet);
    }
    Ok(acc)
}
