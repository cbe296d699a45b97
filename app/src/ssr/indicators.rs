//! The indicators of coached voting of a closed round (RULES.md A10; admin only): one
//! streamed pass over its stored ballots into `domain::indicators`, aggregates only —
//! nothing of any one ballot leaves this function.

use crate::domain::ballot::decode_answers;
use crate::domain::indicators::{Accumulator, Answer, Indicators};
use crate::ssr::round_def::RoundDef;
use crate::ssr::stored_ballots::{fold, Scopes};
use sea_orm::DbErr;

/// The indicators of round `def` from its stored ballots (`stored_ballots`: packed ranges
/// read side by side, each into its own sibling accumulator, merged at the end).
pub async fn of_round(db: &sea_orm::DatabaseConnection, def: &RoundDef) -> Result<Indicators, DbErr> {
    let spec = def.spec();
    let mut total = Accumulator::new(spec.categories.len());
    let shared = std::sync::Arc::new(def.clone());
    let parts = fold(
        db,
        def.round.id,
        || (total.sibling(), Scopes::new(spec), Vec::new()),
        move |(acc, scopes, sheet): &mut (Accumulator, Scopes, Vec<Answer>), b| {
            let spec = shared.spec();
            let Some(c) = shared.category_pos.get(&b.category_id) else { return };
            let in_scope = scopes.of(spec, b.scope);
            sheet.clear();
            sheet.extend(
                decode_answers(spec.items.len(), spec.targets.len(), in_scope, b.answers)
                    .map(|a| (a.target as u32, a.item as u32, a.option as u16)),
            );
            acc.add(*c, sheet);
        },
    )
    .await?;
    for (part, _, _) in parts {
        total.merge(part);
    }
    Ok(total.finish(spec.disclosure_min))
}
