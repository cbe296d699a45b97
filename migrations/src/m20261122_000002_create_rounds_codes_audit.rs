//! Rounds with their scale, categories, items and targets; invitation codes; the audit log.
//! Codes carry no time of use and nothing that a ballot could point back to.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

fn child(table: impl IntoIden + Clone + 'static, cols: Vec<ColumnDef>) -> TableCreateStatement {
    let mut t = Table::create();
    t.table(table.clone()).if_not_exists().col(pk_auto(Alias::new("id"))).col(integer(Alias::new("round_id")));
    t.col(integer(Alias::new("position")));
    for mut c in cols {
        t.col(&mut c);
    }
    t.foreign_key(
        ForeignKey::create().from(table, Alias::new("round_id")).to(Rounds::Table, Rounds::Id).on_delete(ForeignKeyAction::Cascade),
    );
    t.to_owned()
}

fn unique_key(name: &str, table: impl IntoIden + 'static) -> IndexCreateStatement {
    Index::create().name(name).table(table).col(Alias::new("round_id")).col(Alias::new("key")).unique().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Rounds::Table)
                .if_not_exists()
                .col(pk_auto(Rounds::Id))
                .col(integer_null(Rounds::ParentId))
                .col(string(Rounds::Title))
                .col(text(Rounds::Description))
                .col(string(Rounds::Status))
                .col(double(Rounds::FlagThreshold))
                .col(string(Rounds::FlagBasis))
                .col(integer(Rounds::Quorum))
                .col(integer(Rounds::DisclosureMin))
                .col(double_null(Rounds::MinSatisfaction))
                .col(timestamp_with_time_zone(Rounds::CreatedAt))
                .col(timestamp_with_time_zone(Rounds::UpdatedAt))
                .foreign_key(ForeignKey::create().from(Rounds::Table, Rounds::ParentId).to(Rounds::Table, Rounds::Id))
                .to_owned(),
        )
        .await?;
        m.create_table(child(
            ScaleOptions::Table,
            vec![
                string(Alias::new("key")),
                string(Alias::new("label")),
                integer_null(Alias::new("points")),
                string(Alias::new("polarity")),
            ],
        ))
        .await?;
        m.create_table(child(Categories::Table, vec![string(Alias::new("key")), string(Alias::new("name")), double(Alias::new("weight"))]))
            .await?;
        m.create_table(child(Items::Table, vec![string(Alias::new("key")), string(Alias::new("title")), boolean(Alias::new("overall"))]))
            .await?;
        m.create_table(child(
            Targets::Table,
            vec![string(Alias::new("key")), string(Alias::new("name")), string(Alias::new("kind")), string_null(Alias::new("parent_key"))],
        ))
        .await?;
        m.create_index(unique_key("uq_round_scale_options_key", ScaleOptions::Table)).await?;
        m.create_index(unique_key("uq_round_categories_key", Categories::Table)).await?;
        m.create_index(unique_key("uq_round_items_key", Items::Table)).await?;
        m.create_index(unique_key("uq_round_targets_key", Targets::Table)).await?;

        m.create_table(
            Table::create()
                .table(Codes::Table)
                .if_not_exists()
                .col(pk_auto(Codes::Id))
                .col(integer(Codes::RoundId))
                .col(integer(Codes::CategoryId))
                .col(string_uniq(Codes::Hash))
                .col(string(Codes::State))
                .col(text_null(Codes::Scope))
                .col(integer(Codes::Batch))
                .foreign_key(
                    ForeignKey::create()
                        .from(Codes::Table, Codes::RoundId)
                        .to(Rounds::Table, Rounds::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(ForeignKey::create().from(Codes::Table, Codes::CategoryId).to(Categories::Table, Alias::new("id")))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("idx_codes_round_category").table(Codes::Table).col(Codes::RoundId).col(Codes::CategoryId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(AuditLog::Table)
                .if_not_exists()
                .col(pk_auto(AuditLog::Id))
                .col(timestamp_with_time_zone(AuditLog::At))
                .col(string(AuditLog::Actor))
                .col(string(AuditLog::Action))
                .col(string(AuditLog::Object))
                .col(text(AuditLog::Detail))
                // Unique: two writers that read the same tail cannot both append (no fork).
                .col(string_uniq(AuditLog::PrevHash))
                .col(string(AuditLog::Hash))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            AuditLog::Table.into_iden(),
            Codes::Table.into_iden(),
            Targets::Table.into_iden(),
            Items::Table.into_iden(),
            Categories::Table.into_iden(),
            ScaleOptions::Table.into_iden(),
            Rounds::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone)]
enum Rounds {
    Table,
    Id,
    ParentId,
    Title,
    Description,
    Status,
    FlagThreshold,
    FlagBasis,
    Quorum,
    DisclosureMin,
    MinSatisfaction,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden, Clone)]
enum ScaleOptions {
    #[sea_orm(iden = "round_scale_options")]
    Table,
}

#[derive(DeriveIden, Clone)]
enum Categories {
    #[sea_orm(iden = "round_categories")]
    Table,
}

#[derive(DeriveIden, Clone)]
enum Items {
    #[sea_orm(iden = "round_items")]
    Table,
}

#[derive(DeriveIden, Clone)]
enum Targets {
    #[sea_orm(iden = "round_targets")]
    Table,
}

#[derive(DeriveIden, Clone)]
enum Codes {
    Table,
    Id,
    RoundId,
    CategoryId,
    Hash,
    State,
    Scope,
    Batch,
}

#[derive(DeriveIden, Clone)]
enum AuditLog {
    #[sea_orm(iden = "audit_log")]
    Table,
    Id,
    At,
    Actor,
    Action,
    Object,
    Detail,
    PrevHash,
    Hash,
}
