//! `measures`: what is done about a ledger problem, by whom, by when, and how far it got.

use sea_orm::entity::prelude::*;

/// One row of `measures`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "measures")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub problem_id: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub deadline: String,
    /// `todo`, `doing` or `done`.
    pub status: String,
    /// The day the status was set, `YYYY-MM-DD` (Beijing time).
    pub status_on: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub evidence: Option<String>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
