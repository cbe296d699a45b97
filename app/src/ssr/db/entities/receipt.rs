//! `receipts`: the random receipts handed to evaluators. A receipt names its round and
//! nothing else: no ballot, no code.

use sea_orm::entity::prelude::*;

/// One row of `receipts`; `id` is the receipt's value.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "receipts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub round_id: i32,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
