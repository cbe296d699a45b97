//! `round_links`: a round's links that need no account (the hall screen), by kind.

use sea_orm::entity::prelude::*;

/// One live link; withdrawing it deletes the row.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "round_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub round_id: i32,
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    #[sea_orm(unique)]
    pub token: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
