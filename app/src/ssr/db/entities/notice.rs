//! `notices`: what is new for steering members (a round published, a target flagged, a re-evaluation decided).

use sea_orm::entity::prelude::*;

/// One row of `notices`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "notices")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: TimeDateTimeWithTimeZone,
    pub kind: String,
    pub round_id: i32,
    pub target_key: Option<String>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
