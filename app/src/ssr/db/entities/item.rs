//! `round_items`: a round's questions; exactly one is the overall item.

use sea_orm::entity::prelude::*;

/// One row of `round_items`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "round_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub position: i32,
    pub key: String,
    pub title: String,
    pub overall: bool,
    /// `body`, `cadre` or `both`.
    pub applies_to: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
