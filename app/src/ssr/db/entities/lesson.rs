//! `lessons`: make-up lesson steps recorded on a flag.

use sea_orm::entity::prelude::*;

/// One row of `lessons`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "lessons")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub flag_id: i32,
    pub author: String,
    pub taken_on: String,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
