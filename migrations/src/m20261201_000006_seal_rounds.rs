//! Where each round stands in its sealing (RULES.md A8): once a round is closed, its
//! ballots, codes, receipts and counters are rewritten, each part in a transaction of its
//! own and in key order, so that no stored row joins a ballot to a code, a receipt or a
//! time by the way it was written. `seal_step` holds a bit per part done (1 ballots,
//! 2 codes, 4 receipts, 8 turnout and tallies): 0 for drafts, open rounds and a round closed
//! a moment ago, 15 once sealed. A closed round not sealed is finished by the next start.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Rounds::Table).add_column(integer(Rounds::SealStep).default(0)).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Rounds::Table).drop_column(Rounds::SealStep).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    SealStep,
}
