//! Paper ballots (DOMAIN.md "Paper ballots and the hall"): how many ballots of a round
//! were entered from paper, per category and unit — a counter beside the ballots, never a
//! mark on a ballot row (anonymity rule 8). Phone ballots are the used codes less these.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(PaperCounts::Table)
                .col(integer(PaperCounts::RoundId))
                .col(integer(PaperCounts::CategoryId))
                // The code's unit, empty for a code of the whole round.
                .col(string(PaperCounts::Unit).default(""))
                .col(big_integer(PaperCounts::N).default(0))
                .primary_key(Index::create().col(PaperCounts::RoundId).col(PaperCounts::CategoryId).col(PaperCounts::Unit))
                .foreign_key(
                    ForeignKey::create()
                        .from(PaperCounts::Table, PaperCounts::RoundId)
                        .to(Rounds::Table, Rounds::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(PaperCounts::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum PaperCounts {
    Table,
    RoundId,
    CategoryId,
    Unit,
    N,
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
}
