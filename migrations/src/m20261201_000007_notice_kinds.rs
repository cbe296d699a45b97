//! Notices keep what happened (a kind, a round, a target key), not a sentence: the steering
//! home makes the sentence when it is read, in the reader's language. The pre-rendered
//! Chinese `text` column goes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Notices::Table).drop_column(Notices::Text).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter().table(Notices::Table).add_column(ColumnDef::new(Notices::Text).string().not_null().default("")).to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    Text,
}
