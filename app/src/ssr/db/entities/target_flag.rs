//! `target_flags`: the flag of a target flagged in a round: status, lessons, re-evaluation.

use sea_orm::entity::prelude::*;

/// One row of `target_flags`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "target_flags")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub target_key: String,
    pub name: String,
    pub status: String,
    pub child_round_id: Option<i32>,
    pub lessons_done_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
