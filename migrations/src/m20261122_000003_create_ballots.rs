//! Ballots, receipts and the running tallies.
//!
//! Anonymity shapes these tables (RULES.md A2, A3, A7):
//! - `ballots` has no code id, no address, no user agent and no time; its id is random.
//! - `receipts` holds only the random receipt and its round: it points at no ballot.
//! - `turnout` counts ballots per category and five-minute bucket; it names no code.
//!
//! Random ids are the primary key itself. On SQLite the key column is declared exactly
//! `integer primary key`, so it *is* the rowid and no hidden insertion counter exists.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A random 63-bit primary key that is the row id on SQLite and a bigint on PostgreSQL.
fn random_pk(m: &SchemaManager, col: impl IntoIden) -> ColumnDef {
    let mut c = ColumnDef::new(col);
    match m.get_database_backend() {
        sea_orm_migration::sea_orm::DatabaseBackend::Sqlite => c.integer(),
        _ => c.big_integer(),
    };
    c.not_null().primary_key().to_owned()
}

fn round_fk(table: impl IntoIden + 'static) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(table, Alias::new("round_id"))
        .to(Alias::new("rounds"), Alias::new("id"))
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Ballots::Table)
                .if_not_exists()
                .col(random_pk(m, Ballots::Id))
                .col(integer(Ballots::RoundId))
                .col(integer(Ballots::CategoryId))
                .col(text_null(Ballots::Scope))
                .col(text(Ballots::Answers))
                .col(text_null(Ballots::Opinion))
                .foreign_key(&mut round_fk(Ballots::Table))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ballots_round").table(Ballots::Table).col(Ballots::RoundId).to_owned()).await?;
        m.create_table(
            Table::create()
                .table(Receipts::Table)
                .if_not_exists()
                .col(random_pk(m, Receipts::Id))
                .col(integer(Receipts::RoundId))
                .foreign_key(&mut round_fk(Receipts::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Tallies::Table)
                .if_not_exists()
                .col(integer(Tallies::RoundId))
                .col(integer(Tallies::CategoryId))
                .col(integer(Tallies::TargetId))
                .col(integer(Tallies::ItemId))
                .col(integer(Tallies::OptionId))
                .col(big_integer(Tallies::N))
                .primary_key(
                    Index::create()
                        .col(Tallies::RoundId)
                        .col(Tallies::CategoryId)
                        .col(Tallies::TargetId)
                        .col(Tallies::ItemId)
                        .col(Tallies::OptionId),
                )
                .foreign_key(&mut round_fk(Tallies::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TallyScopes::Table)
                .if_not_exists()
                .col(integer(TallyScopes::RoundId))
                .col(integer(TallyScopes::CategoryId))
                .col(integer(TallyScopes::TargetId))
                .col(big_integer(TallyScopes::N))
                .primary_key(Index::create().col(TallyScopes::RoundId).col(TallyScopes::CategoryId).col(TallyScopes::TargetId))
                .foreign_key(&mut round_fk(TallyScopes::Table))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Turnout::Table)
                .if_not_exists()
                .col(integer(Turnout::RoundId))
                .col(integer(Turnout::CategoryId))
                .col(big_integer(Turnout::Bucket))
                .col(big_integer(Turnout::N))
                .primary_key(Index::create().col(Turnout::RoundId).col(Turnout::CategoryId).col(Turnout::Bucket))
                .foreign_key(&mut round_fk(Turnout::Table))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [Turnout::Table.into_iden(), TallyScopes::Table.into_iden(), Tallies::Table.into_iden()] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(Receipts::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Ballots::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Ballots {
    Table,
    Id,
    RoundId,
    CategoryId,
    Scope,
    Answers,
    Opinion,
}

#[derive(DeriveIden)]
enum Receipts {
    Table,
    Id,
    RoundId,
}

#[derive(DeriveIden)]
enum Tallies {
    Table,
    RoundId,
    CategoryId,
    TargetId,
    ItemId,
    OptionId,
    N,
}

#[derive(DeriveIden)]
enum TallyScopes {
    Table,
    RoundId,
    CategoryId,
    TargetId,
    N,
}

#[derive(DeriveIden)]
enum Turnout {
    Table,
    RoundId,
    CategoryId,
    Bucket,
    N,
}
