//! `codes`: invitation codes, stored only as HMAC-SHA256; no time of use.

use sea_orm::entity::prelude::*;

/// One row of `codes`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "codes")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub round_id: i32,
    pub category_id: i32,
    #[sea_orm(unique)]
    pub hash: String,
    pub state: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub scope: Option<String>,
    pub batch: i32,
    /// The unit (a body's key) the code was issued for, if any.
    pub unit: Option<String>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
