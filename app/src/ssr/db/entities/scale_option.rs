//! `round_scale_options`: a round's rating scale, in display order.

use sea_orm::entity::prelude::*;

/// One row of `round_scale_options`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "round_scale_options")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub position: i32,
    pub key: String,
    pub label: String,
    pub points: Option<i32>,
    pub polarity: String,
    /// `body` (the round's scale) or `cadre` (the cadres' own scale).
    pub kind: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
