//! `tally_scopes`: ballots per (round, category, target) whose scope includes the target;
//! with `tallies` it gives the unanswered count of every (target, item).

use sea_orm::entity::prelude::*;

/// One row of `tally_scopes`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "tally_scopes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub target_id: i32,
    pub n: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
