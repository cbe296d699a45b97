//! `rounds`: one appraisal exercise.

use sea_orm::entity::prelude::*;

/// A round's own settings; its scale, categories, items and targets are child tables.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rounds")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub parent_id: Option<i32>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub description: String,
    pub status: String,
    /// Exact: a decimal (`0.5`) or a fraction (`1/3`).
    pub flag_threshold: String,
    pub flag_basis: String,
    pub quorum: i32,
    pub disclosure_min: i32,
    pub min_satisfaction: Option<String>,
    /// The cadres' own flag rule, as the JSON of `RulesByKind`.
    #[sea_orm(column_type = "Text", nullable)]
    pub rules_by_kind: Option<String>,
    /// When the round closed (the history of a target is ordered by it).
    pub closed_at: Option<TimeDateTimeWithTimeZone>,
    pub created_at: TimeDateTimeWithTimeZone,
    pub updated_at: TimeDateTimeWithTimeZone,
    /// Sealing of a closed round (anonymity rule 8): 0 not yet, 1 ballots rewritten, 2 sealed.
    pub seal_step: i32,
    /// When the round opens by itself, if scheduled (RULES.md R6).
    pub opens_at: Option<TimeDateTimeWithTimeZone>,
    /// When the round closes by itself, if scheduled.
    pub closes_at: Option<TimeDateTimeWithTimeZone>,
}

/// Child tables are loaded by `round_id` queries.
#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
