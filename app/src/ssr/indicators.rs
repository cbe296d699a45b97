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

/// The indicators of round `def` from its stored ballots.
pub async fn of_round<C: ConnectionTrait + StreamTrait>(db: &C, def: &RoundDef) -> Result<Indicators, DbErr> {
    let spec = def.spec();
    let (items, targets) = (spec.items.len(), spec.targets.len());
    let all: Vec<usize> = (0..targets).collect();
    let mut scopes: HashMap<String, Vec<usize>> = HashMap::new();
    let mut acc = Accumulator::new(spec.categories.len());
    let mut sheet: Vec<Answer> = Vec::new();
    let mut rows = ballot::Entity::find()
        .select_only()
        .columns([ballot::Column::CategoryId, ballot::Column::Scope, ballot::Column::Answers])
        .filter(ballot::Column::RoundId.eq(def.round.id))
        .into_tuple::<(i32, Option<String>, String)>()
        .stream(db)
        .await?;
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
    Ok(acc.finish(spec.disclosure_min))
}
