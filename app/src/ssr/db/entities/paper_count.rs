//! `paper_counts`: ballots entered from paper per (round, category, unit). It names no
//! code and no ballot; phone ballots are the used codes less these.

use sea_orm::entity::prelude::*;

/// One row of `paper_counts`; `unit` is empty for codes of the whole round.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "paper_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub category_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub unit: String,
    pub n: i64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
