//! `round_targets`: a round's leading bodies and cadres.

use sea_orm::entity::prelude::*;

/// One row of `round_targets`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "round_targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub position: i32,
    pub key: String,
    pub name: String,
    pub kind: String,
    pub parent_key: Option<String>,
    /// A cadre's post (职务).
    pub post: Option<String>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
