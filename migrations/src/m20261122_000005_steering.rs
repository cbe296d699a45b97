//! Steering groups (督导组), their members and assigned targets, viewer scopes, and the
//! flag of each flagged target with its make-up lessons and re-evaluation.
//!
//! Targets are assigned by their *key* (the identifier of the personnel system), not by
//! the id of one round's row: a body keeps its key from round to round and through every
//! re-evaluation, so an assignment follows it. Assigning a body covers its cadres
//! (targets whose `parent_key` is the body's key).

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SteeringGroups::Table)
                .if_not_exists()
                .col(pk_auto(SteeringGroups::Id))
                .col(string_uniq(SteeringGroups::Name))
                .col(timestamp_with_time_zone(SteeringGroups::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(GroupMembers::Table)
                .if_not_exists()
                .col(integer(GroupMembers::GroupId))
                .col(integer(GroupMembers::UserId))
                .col(timestamp_with_time_zone_null(GroupMembers::SeenAt))
                .primary_key(Index::create().col(GroupMembers::GroupId).col(GroupMembers::UserId))
                .foreign_key(
                    ForeignKey::create()
                        .from(GroupMembers::Table, GroupMembers::GroupId)
                        .to(SteeringGroups::Table, SteeringGroups::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .foreign_key(
                    ForeignKey::create()
                        .from(GroupMembers::Table, GroupMembers::UserId)
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(GroupTargets::Table)
                .if_not_exists()
                .col(integer(GroupTargets::GroupId))
                .col(string(GroupTargets::TargetKey))
                .col(string(GroupTargets::Name))
                .primary_key(Index::create().col(GroupTargets::GroupId).col(GroupTargets::TargetKey))
                .foreign_key(
                    ForeignKey::create()
                        .from(GroupTargets::Table, GroupTargets::GroupId)
                        .to(SteeringGroups::Table, SteeringGroups::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(ViewerScopes::Table)
                .if_not_exists()
                .col(pk_auto(ViewerScopes::Id))
                .col(integer(ViewerScopes::UserId))
                .col(integer_null(ViewerScopes::RoundId))
                .col(string_null(ViewerScopes::TargetKey))
                .foreign_key(
                    ForeignKey::create()
                        .from(ViewerScopes::Table, ViewerScopes::UserId)
                        .to(Alias::new("users"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(TargetFlags::Table)
                .if_not_exists()
                .col(pk_auto(TargetFlags::Id))
                .col(integer(TargetFlags::RoundId))
                .col(string(TargetFlags::TargetKey))
                .col(string(TargetFlags::Name))
                .col(string(TargetFlags::Status))
                .col(integer_null(TargetFlags::ChildRoundId))
                .col(timestamp_with_time_zone_null(TargetFlags::LessonsDoneAt))
                .col(timestamp_with_time_zone(TargetFlags::CreatedAt))
                .col(timestamp_with_time_zone(TargetFlags::UpdatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(TargetFlags::Table, TargetFlags::RoundId)
                        .to(Alias::new("rounds"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("uq_target_flags_round_key")
                .table(TargetFlags::Table)
                .col(TargetFlags::RoundId)
                .col(TargetFlags::TargetKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("idx_target_flags_key").table(TargetFlags::Table).col(TargetFlags::TargetKey).to_owned())
            .await?;
        m.create_table(
            Table::create()
                .table(Lessons::Table)
                .if_not_exists()
                .col(pk_auto(Lessons::Id))
                .col(integer(Lessons::FlagId))
                .col(string(Lessons::Author))
                .col(string(Lessons::TakenOn))
                .col(text(Lessons::Text))
                .col(timestamp_with_time_zone(Lessons::CreatedAt))
                .foreign_key(
                    ForeignKey::create()
                        .from(Lessons::Table, Lessons::FlagId)
                        .to(TargetFlags::Table, TargetFlags::Id)
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Notices::Table)
                .if_not_exists()
                .col(pk_auto(Notices::Id))
                .col(timestamp_with_time_zone(Notices::At))
                .col(string(Notices::Kind))
                .col(integer(Notices::RoundId))
                .col(string_null(Notices::TargetKey))
                .col(string(Notices::Text))
                .foreign_key(
                    ForeignKey::create()
                        .from(Notices::Table, Notices::RoundId)
                        .to(Alias::new("rounds"), Alias::new("id"))
                        .on_delete(ForeignKeyAction::Cascade),
                )
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Notices::Table.into_iden(),
            Lessons::Table.into_iden(),
            TargetFlags::Table.into_iden(),
            ViewerScopes::Table.into_iden(),
            GroupTargets::Table.into_iden(),
            GroupMembers::Table.into_iden(),
            SteeringGroups::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SteeringGroups {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum GroupMembers {
    Table,
    GroupId,
    UserId,
    SeenAt,
}

#[derive(DeriveIden)]
enum GroupTargets {
    Table,
    GroupId,
    TargetKey,
    Name,
}

#[derive(DeriveIden)]
enum ViewerScopes {
    Table,
    Id,
    UserId,
    RoundId,
    TargetKey,
}

#[derive(DeriveIden)]
enum TargetFlags {
    Table,
    Id,
    RoundId,
    TargetKey,
    Name,
    Status,
    ChildRoundId,
    LessonsDoneAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Lessons {
    Table,
    Id,
    FlagId,
    Author,
    TakenOn,
    Text,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Notices {
    Table,
    Id,
    At,
    Kind,
    RoundId,
    TargetKey,
    Text,
}
