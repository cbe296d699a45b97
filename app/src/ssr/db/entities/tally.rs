//! `tallies`: running count of answers per (round, category, target, item, option),
//! kept up to date by every ballot's transaction.

use sea_orm::entity::prelude::*;

/// One row of `tallies`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tallies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub item_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub option_id: i32,
    pub n: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
