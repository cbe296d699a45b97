//! `viewer_scopes`: what a viewer may read: a round, or a unit (target key) in every round.

use sea_orm::entity::prelude::*;

/// One row of `viewer_scopes`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "viewer_scopes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub round_id: Option<i32>,
    pub target_key: Option<String>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
