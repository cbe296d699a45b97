//! Codes issued, used and revoked per category and per unit (DOMAIN "Results people look
//! at": turnout per unit as well as per category), for the whole round or for the codes
//! that cover what a steering member may see.

use super::{CategoryTurnout, UnitTurnout};
use crate::domain::access::Targets;
use crate::domain::code::CodeState;
use crate::domain::round::RoundSpec;
use crate::ssr::db::entities::{category, code};
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect};

/// Turnout per category (in the round's order) and per unit (in target order).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Turnout {
    /// Per category.
    pub categories: Vec<CategoryTurnout>,
    /// Per unit.
    pub units: Vec<UnitTurnout>,
}

impl Turnout {
    /// Codes issued and not revoked, and codes used, over all categories.
    pub fn totals(&self) -> (u64, u64) {
        let issued = self.categories.iter().map(|c| c.issued - c.revoked).sum::<i64>();
        let used = self.categories.iter().map(|c| c.used).sum::<i64>();
        (u64::try_from(issued).unwrap_or(0), u64::try_from(used).unwrap_or(0))
    }
}

#[derive(FromQueryResult)]
struct Group {
    category_id: i32,
    state: String,
    scope: Option<String>,
    unit: Option<String>,
    n: i64,
}

/// The units a group of codes covers: its unit, else the units of its scope, else all.
fn units_of(g: &Group, spec: &RoundSpec, all: &[(String, String)]) -> Vec<String> {
    if let Some(u) = &g.unit {
        return vec![u.clone()];
    }
    match g.scope.as_deref().map(|s| serde_json::from_str::<Vec<String>>(s).unwrap_or_default()) {
        None => all.iter().map(|(k, _)| k.clone()).collect(),
        Some(keys) => {
            let mut units: Vec<String> = Vec::new();
            for k in keys {
                if let Some(t) = spec.targets.iter().find(|t| t.key == k) {
                    if !units.iter().any(|u| u == t.unit()) {
                        units.push(t.unit().to_owned());
                    }
                }
            }
            units
        }
    }
}

/// Turnout of every code of the round.
pub async fn summary(db: &DatabaseConnection, round_id: i32, spec: &RoundSpec) -> Result<Turnout, DbErr> {
    summary_where(db, round_id, spec, |_| true).await
}

/// [`summary`] of the codes that cover a target `targets` shows: what a steering member
/// may see of a round's turnout (RULES.md P1: live turnout of assigned targets), with only
/// the units that hold such a target. A code without a scope covers every target.
pub async fn summary_for(db: &DatabaseConnection, round_id: i32, spec: &RoundSpec, targets: &Targets) -> Result<Turnout, DbErr> {
    if !targets.is_partial() {
        return summary(db, round_id, spec).await;
    }
    let shows = |k: &str| spec.targets.iter().find(|t| t.key == k).is_some_and(|t| targets.shows(&t.key, t.parent.as_deref()));
    let mut t = summary_where(db, round_id, spec, |scope| match scope {
        Some(s) => serde_json::from_str::<Vec<String>>(s).unwrap_or_default().iter().any(|k| shows(k)),
        None => spec.targets.iter().any(|t| shows(&t.key)),
    })
    .await?;
    t.units.retain(|u| spec.unit_keys(&u.unit).iter().any(|k| shows(k)));
    Ok(t)
}

async fn summary_where(
    db: &DatabaseConnection,
    round_id: i32,
    spec: &RoundSpec,
    covers: impl Fn(Option<&str>) -> bool,
) -> Result<Turnout, DbErr> {
    let groups: Vec<Group> = code::Entity::find()
        .select_only()
        .column(code::Column::CategoryId)
        .column(code::Column::State)
        .column(code::Column::Scope)
        .column(code::Column::Unit)
        .column_as(code::Column::Id.count(), "n")
        .filter(code::Column::RoundId.eq(round_id))
        .group_by(code::Column::CategoryId)
        .group_by(code::Column::State)
        .group_by(code::Column::Scope)
        .group_by(code::Column::Unit)
        .into_model::<Group>()
        .all(db)
        .await?
        .into_iter()
        .filter(|g| covers(g.scope.as_deref()))
        .collect();
    let cats =
        category::Entity::find().filter(category::Column::RoundId.eq(round_id)).order_by_asc(category::Column::Position).all(db).await?;
    let count = |of: &dyn Fn(&Group) -> bool| {
        let n = |state: CodeState| groups.iter().filter(|g| of(g) && g.state == state.as_str()).map(|g| g.n).sum::<i64>();
        let (unused, used, revoked) = (n(CodeState::Unused), n(CodeState::Used), n(CodeState::Revoked));
        (unused + used + revoked, used, revoked)
    };
    let categories = cats
        .into_iter()
        .map(|c| {
            let (issued, used, revoked) = count(&|g: &Group| g.category_id == c.id);
            CategoryTurnout { category: c.key, name: c.name, issued, used, revoked }
        })
        .collect();
    let all = spec.units();
    let covered: Vec<Vec<String>> = groups.iter().map(|g| units_of(g, spec, &all)).collect();
    let units = all
        .iter()
        .map(|(unit, name)| {
            let n = |state: CodeState| {
                groups.iter().zip(&covered).filter(|(g, u)| g.state == state.as_str() && u.contains(unit)).map(|(g, _)| g.n).sum::<i64>()
            };
            let (unused, used, revoked) = (n(CodeState::Unused), n(CodeState::Used), n(CodeState::Revoked));
            UnitTurnout { unit: unit.clone(), name: name.clone(), issued: unused + used + revoked, used, revoked }
        })
        .collect();
    Ok(Turnout { categories, units })
}

/// The batches of a round's codes, newest first: what a lost sheet is revoked by.
pub async fn batches(db: &DatabaseConnection, round_id: i32, spec: &RoundSpec) -> Result<Vec<BatchSummary>, DbErr> {
    #[derive(FromQueryResult)]
    struct Row {
        batch: i32,
        category_id: i32,
        unit: Option<String>,
        state: String,
        n: i64,
    }
    let rows: Vec<Row> = code::Entity::find()
        .select_only()
        .column(code::Column::Batch)
        .column(code::Column::CategoryId)
        .column(code::Column::Unit)
        .column(code::Column::State)
        .column_as(code::Column::Id.count(), "n")
        .filter(code::Column::RoundId.eq(round_id))
        .group_by(code::Column::Batch)
        .group_by(code::Column::CategoryId)
        .group_by(code::Column::Unit)
        .group_by(code::Column::State)
        .into_model::<Row>()
        .all(db)
        .await?;
    let cats =
        category::Entity::find().filter(category::Column::RoundId.eq(round_id)).order_by_asc(category::Column::Position).all(db).await?;
    let mut out: Vec<BatchSummary> = Vec::new();
    for r in rows {
        let at = match out.iter().position(|b| b.batch == r.batch) {
            Some(i) => i,
            None => {
                let category = cats.iter().find(|c| c.id == r.category_id).map_or_else(String::new, |c| c.name.clone());
                let unit = r.unit.as_deref().map(|u| spec.name_of(u).unwrap_or(u).to_owned());
                out.push(BatchSummary { batch: r.batch, category, unit, unused: 0, used: 0, revoked: 0 });
                out.len() - 1
            }
        };
        let b = &mut out[at];
        match CodeState::parse(&r.state) {
            Some(CodeState::Unused) => b.unused += r.n,
            Some(CodeState::Used) => b.used += r.n,
            Some(CodeState::Revoked) => b.revoked += r.n,
            None => {}
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.batch));
    Ok(out)
}

pub use crate::views::rounds::BatchSummary;
