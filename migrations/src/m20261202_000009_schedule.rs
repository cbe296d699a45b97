//! A round's schedule (RULES.md R6): the times it opens and closes by itself, when set.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        for col in [Rounds::OpensAt, Rounds::ClosesAt] {
            m.alter_table(Table::alter().table(Rounds::Table).add_column(timestamp_with_time_zone_null(col)).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [Rounds::OpensAt, Rounds::ClosesAt] {
            m.alter_table(Table::alter().table(Rounds::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    OpensAt,
    ClosesAt,
}
