//! `ballots`: one submitted sheet. No code id, no address, no time; the id is random.

use sea_orm::entity::prelude::*;

/// One row of `ballots`.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "ballots")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub round_id: i32,
    pub category_id: i32,
    /// The code's target scope (JSON list of keys), `None` for every target.
    #[sea_orm(column_type = "Text", nullable)]
    pub scope: Option<String>,
    /// One symbol per (target, item) slot in the round's order: the option's position on
    /// the scale, `.` when blank (`domain::ballot::encode_answers`).
    #[sea_orm(column_type = "Text")]
    pub answers: String,
    #[sea_orm(column_type = "Text", nullable)]
    pub opinion: Option<String>,
}

/// No relations are navigated.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
