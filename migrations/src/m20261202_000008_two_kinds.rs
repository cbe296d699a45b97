//! One sheet, two kinds, units (RULES.md R4–R5, T3): a scale option belongs to the bodies'
//! scale or the cadres' own; an item applies to bodies, cadres or both; a cadre carries its
//! post (职务); thresholds are held exactly, as text (`0.5`, `1/3`) instead of a float;
//! cadres may have their own flag rule (`rules_by_kind`, JSON); a round remembers when it
//! closed (for a target's history); a code remembers the unit it was issued for.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // SQLite alters one column per statement.
        let add =
            |table: TableRef, col: ColumnDef| async move { m.alter_table(Table::alter().table(table).add_column(col).to_owned()).await };
        add(ScaleOptions::Table.into_table_ref(), string(ScaleOptions::Kind).default("body").to_owned()).await?;
        m.drop_index(Index::drop().name("uq_round_scale_options_key").table(ScaleOptions::Table).to_owned()).await?;
        m.create_index(
            Index::create()
                .name("uq_round_scale_options_kind_key")
                .table(ScaleOptions::Table)
                .col(ScaleOptions::RoundId)
                .col(ScaleOptions::Kind)
                .col(ScaleOptions::Key)
                .unique()
                .to_owned(),
        )
        .await?;
        add(Items::Table.into_table_ref(), string(Items::AppliesTo).default("both").to_owned()).await?;
        add(Targets::Table.into_table_ref(), string_null(Targets::Post).to_owned()).await?;
        add(Codes::Table.into_table_ref(), string_null(Codes::Unit).to_owned()).await?;
        m.create_index(Index::create().name("idx_codes_round_unit").table(Codes::Table).col(Codes::RoundId).col(Codes::Unit).to_owned())
            .await?;
        add(Rounds::Table.into_table_ref(), text_null(Rounds::RulesByKind).to_owned()).await?;
        add(Rounds::Table.into_table_ref(), timestamp_with_time_zone_null(Rounds::ClosedAt).to_owned()).await?;
        // Exact thresholds: the stored floats become their shortest decimal text.
        add(Rounds::Table.into_table_ref(), string(Rounds::FlagThresholdExact).default("0.5").to_owned()).await?;
        add(Rounds::Table.into_table_ref(), string_null(Rounds::MinSatisfactionExact).to_owned()).await?;
        let db = m.get_connection();
        db.execute_unprepared(
            "UPDATE rounds SET flag_threshold_exact = CAST(flag_threshold AS TEXT), \
             min_satisfaction_exact = CAST(min_satisfaction AS TEXT)",
        )
        .await?;
        db.execute_unprepared("UPDATE rounds SET closed_at = updated_at WHERE status IN ('closed', 'published', 'archived')").await?;
        for col in [Rounds::FlagThreshold, Rounds::MinSatisfaction] {
            m.alter_table(Table::alter().table(Rounds::Table).drop_column(col).to_owned()).await?;
        }
        m.alter_table(Table::alter().table(Rounds::Table).rename_column(Rounds::FlagThresholdExact, Rounds::FlagThreshold).to_owned())
            .await?;
        m.alter_table(Table::alter().table(Rounds::Table).rename_column(Rounds::MinSatisfactionExact, Rounds::MinSatisfaction).to_owned())
            .await
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // Going back would round exact thresholds to floats and merge the two scales.
        Err(DbErr::Migration("migration 000008 (two kinds on one sheet) cannot be reverted; restore a backup instead".into()))
    }
}

#[derive(DeriveIden)]
enum ScaleOptions {
    #[sea_orm(iden = "round_scale_options")]
    Table,
    RoundId,
    Kind,
    Key,
}

#[derive(DeriveIden)]
enum Items {
    #[sea_orm(iden = "round_items")]
    Table,
    AppliesTo,
}

#[derive(DeriveIden)]
enum Targets {
    #[sea_orm(iden = "round_targets")]
    Table,
    Post,
}

#[derive(DeriveIden)]
enum Codes {
    Table,
    RoundId,
    Unit,
}

#[derive(DeriveIden)]
enum Rounds {
    Table,
    FlagThreshold,
    MinSatisfaction,
    FlagThresholdExact,
    MinSatisfactionExact,
    RulesByKind,
    ClosedAt,
}
