//! Where each round stands in its sealing (DOMAIN.md, anonymity rule 8): once a round is
//! closed, its ballots are rewritten in one transaction and its codes, receipts, turnout
//! and tallies in another, in key order, so that no stored row joins a ballot to a code,
//! a receipt or a time by the way it was written. `seal_step`: 0 not yet (open rounds,
//! drafts, a round closed a moment ago), 1 ballots rewritten, 2 sealed. A closed round
//! with a step below 2 is finished by the next server start.

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
