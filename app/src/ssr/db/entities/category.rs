//! `round_categories`: a round's evaluator categories and weights.

use sea_orm::entity::prelude::*;

/// One row of `round_categories`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "round_categories")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub position: i32,
    pub key: String,
    pub name: String,
    pub weight: f64,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
