//! The indicators of coached voting of a closed round (RULES.md A10; admin only): one
//! streamed pass over its stored ballots into `domain::indicators`, aggregates only —
//! nothing of any one ballot leaves this function — under the disclosure of the round's
//! results (its running counts), so that the indicators undo nothing they hide.

use crate::domain::indicators::{Accumulator, Answer, Disclosure, Indicators};
use crate::ssr::round_def::RoundDef;
use crate::ssr::stored_ballots::fold;
use crate::ssr::tallies::running_counts;
use sea_orm::DbErr;

/// The indicators of round `def` from its stored ballots (`stored_ballots`: packed ranges
/// read side by side, each into its own sibling accumulator, merged at the end).
pub async fn of_round(db: &sea_orm::DatabaseConnection, def: &RoundDef) -> Result<Indicators, DbErr> {
    let spec = def.spec();
    let disclosure = Disclosure::of(&running_counts(db, def).await?, spec.disclosure_min);
    let mut total = Accumulator::disclosing(spec.categories.len(), disclosure);
    let parts = fold(
        db,
        def,
        || (total.sibling(), Vec::new()),
        |(acc, sheet): &mut (Accumulator, Vec<Answer>), b| {
            sheet.clear();
            sheet.extend(b.answers().map(|a| (a.target as u32, a.item as u32, a.option as u16)));
            acc.add(b.category, sheet);
        },
    )
    .await?;
    for (part, _) in parts {
        total.merge(part);
    }
    Ok(total.finish(spec.disclosure_min))
}
