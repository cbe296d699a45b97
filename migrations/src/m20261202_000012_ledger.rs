//! The rectification ledger (整改台账, RULES.md E2): problems on a flag, measures on a
//! problem with an owner, a deadline, a status and evidence. Deleting a flag deletes its
//! ledger.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Problems::Table)
                .col(pk_auto(Problems::Id))
                .col(integer(Problems::FlagId))
                .col(string_len(Problems::Title, 200))
                .col(string_len(Problems::Source, 16))
                .col(string(Problems::Author))
                .col(timestamp_with_time_zone(Problems::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Problems::Table, Problems::FlagId)
                        .to(TargetFlags::Table, TargetFlags::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_problems_flag").table(Problems::Table).col(Problems::FlagId).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(Measures::Table)
                .col(pk_auto(Measures::Id))
                .col(integer(Measures::ProblemId))
                .col(text(Measures::Text))
                .col(string_len(Measures::Owner, 64))
                .col(string_len(Measures::Deadline, 10))
                .col(string_len(Measures::Status, 8).default("todo"))
                .col(string_len(Measures::StatusOn, 10))
                .col(text_null(Measures::Evidence))
                .col(timestamp_with_time_zone(Measures::CreatedAt))
                .col(timestamp_with_time_zone(Measures::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Measures::Table, Measures::ProblemId)
                        .to(Problems::Table, Problems::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_measures_problem").table(Measures::Table).col(Measures::ProblemId).to_owned()).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Measures::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Problems::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Problems {
    Table,
    Id,
    FlagId,
    Title,
    Source,
    Author,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Measures {
    Table,
    Id,
    ProblemId,
    Text,
    Owner,
    Deadline,
    Status,
    StatusOn,
    Evidence,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum TargetFlags {
    Table,
    Id,
}
