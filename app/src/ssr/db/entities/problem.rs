//! `problems`: the problems of a flag's rectification ledger.

use sea_orm::entity::prelude::*;

/// One row of `problems`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "problems")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub flag_id: i32,
    pub title: String,
    pub source: String,
    pub author: String,
    pub created_at: TimeDateTimeWithTimeZone,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
