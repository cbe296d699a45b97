//! `audit_log`: the hash-chained record of every account action.

use sea_orm::entity::prelude::*;

/// One row of `audit_log`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub at: TimeDateTimeWithTimeZone,
    pub actor: String,
    pub action: String,
    pub object: String,
    #[sea_orm(column_type = "Text")]
    pub detail: String,
    #[sea_orm(unique)]
    pub prev_hash: String,
    pub hash: String,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
