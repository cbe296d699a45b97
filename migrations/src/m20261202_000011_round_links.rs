//! A round's links that need no account (DOMAIN.md "Paper ballots and the hall",
//! "Rectification"): the hall screen (`hall`) and, later, the public notice (`public`).
//! One live link per round and kind; withdrawing deletes the row, so the token stops working.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RoundLinks::Table)
                .col(integer(RoundLinks::RoundId))
                .col(string_len(RoundLinks::Kind, 16))
                .col(string_len_uniq(RoundLinks::Token, 64))
                .col(timestamp_with_time_zone(RoundLinks::CreatedAt))
                .primary_key(Index::create().col(RoundLinks::RoundId).col(RoundLinks::Kind))
                .foreign_key(
                    ForeignKey::create()
                        .from(RoundLinks::Table, RoundLinks::RoundId)
                        .to(Rounds::Table, Rounds::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RoundLinks::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum RoundLinks {
    Table,
    RoundId,
    Kind,
    Token,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    Id,
}
