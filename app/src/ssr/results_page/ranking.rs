//! The ranking of a results page: one row per visible target with its flag and, for a
//! re-evaluation, the parent's numbers; filtered by unit and kind; ranked by score within
//! each kind; and, unless one kind is chosen, grouped by unit (units in the order of their
//! bodies' scores, each body followed by its cadres).

use super::rates;
use crate::domain::access::RoundAccess;
use crate::domain::round::TargetKind;
use crate::domain::tally::{tally_round, RoundResult};
use crate::error::AppError;
use crate::ssr::round_def::{load_def, RoundDef};
use crate::ssr::tallies::running_counts;
use crate::ssr::AppState;
use crate::views::results::{Filter, RankRow};
use std::collections::HashMap;

fn by_score(a: &RankRow, b: &RankRow) -> std::cmp::Ordering {
    b.overall.score.unwrap_or(-1.0).total_cmp(&a.overall.score.unwrap_or(-1.0))
}

/// Ranks `rows` by score within each kind (1 = best), in place; returns them sorted so.
fn rank(mut rows: Vec<RankRow>) -> Vec<RankRow> {
    rows.sort_by(by_score);
    let (mut bodies, mut cadres) = (0, 0);
    for r in &mut rows {
        let n = if r.body { &mut bodies } else { &mut cadres };
        *n += 1;
        r.rank = *n;
    }
    rows
}

/// Ranked rows grouped by unit: units ordered by their body's place (units without a body
/// row after them, in round order), each body first and then its cadres by score.
pub fn grouped(rows: Vec<RankRow>, unit_order: &[String]) -> Vec<RankRow> {
    let rows = rank(rows);
    let mut units: Vec<&str> = rows.iter().filter(|r| r.body).map(|r| r.unit.as_str()).collect();
    for u in unit_order {
        if !units.contains(&u.as_str()) && rows.iter().any(|r| r.unit == *u) {
            units.push(u);
        }
    }
    let units: Vec<String> = units.into_iter().map(str::to_owned).collect();
    let mut out = Vec::with_capacity(rows.len());
    for u in &units {
        out.extend(rows.iter().filter(|r| r.unit == *u && r.body).cloned());
        out.extend(rows.iter().filter(|r| r.unit == *u && !r.body).cloned());
    }
    out
}

/// The ranking rows of a closed round that `access` and `filter` let through.
pub async fn rows(
    state: &AppState,
    def: &RoundDef,
    access: &RoundAccess,
    r: &RoundResult,
    filter: &Filter,
) -> Result<Vec<RankRow>, AppError> {
    let spec = def.spec();
    let flags = crate::ssr::flags::flags_of(&state.db, def.round.id).await?;
    let mut before = HashMap::new();
    if let Some(pdef) = match def.round.parent_id {
        Some(p) => load_def(&state.db, p).await?,
        None => None,
    } {
        let pr = tally_round(pdef.spec(), &running_counts(&state.db, &pdef).await?);
        for tr in &pr.targets {
            before.insert(pdef.spec().targets[tr.target].key.clone(), (tr.status, rates(&tr.overall)));
        }
    }
    let rows: Vec<RankRow> = r
        .targets
        .iter()
        .filter(|tr| {
            let t = &spec.targets[tr.target];
            access.targets.shows(&t.key, t.parent.as_deref()) && filter.passes(t.unit(), t.kind)
        })
        .map(|tr| {
            let t = &spec.targets[tr.target];
            let flag = flags.get(&t.key);
            RankRow {
                rank: 0,
                key: t.key.clone(),
                name: t.name.clone(),
                body: t.kind == TargetKind::Body,
                unit: t.unit().to_owned(),
                unit_name: spec.name_of(t.unit()).unwrap_or(t.unit()).to_owned(),
                position: t.position.clone(),
                status: tr.status,
                overall: rates(&tr.overall),
                items: spec.items.iter().zip(&tr.items).filter_map(|(i, x)| Some((i.title.clone(), rates(x.as_ref()?)))).collect(),
                categories: tr.categories.iter().map(|(c, t)| (spec.categories[*c].name.clone(), rates(t))).collect(),
                flag: flag.map(|f| (f.status, f.id)),
                child_round_id: flag.and_then(|f| f.child_round_id),
                before: before.get(&t.key).cloned(),
            }
        })
        .collect();
    Ok(rows)
}

/// Orders the rows as the page shows them: grouped by unit when both kinds are shown and
/// the round has cadres, else one ranking.
pub fn order(rows: Vec<RankRow>, def: &RoundDef, filter: &Filter) -> (Vec<RankRow>, bool) {
    let spec = def.spec();
    let grouped_view = filter.kind.is_none() && spec.targets.iter().any(|t| t.kind == TargetKind::Cadre);
    if grouped_view {
        let order: Vec<String> = spec.units().into_iter().map(|(k, _)| k).collect();
        (grouped(rows, &order), true)
    } else {
        (rank(rows), false)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::tally::FlagStatus;
    use crate::views::results::Rates;

    fn row(key: &str, unit: &str, body: bool, score: Option<f64>) -> RankRow {
        RankRow {
            rank: 0,
            key: key.into(),
            name: key.into(),
            body,
            unit: unit.into(),
            unit_name: unit.into(),
            position: None,
            status: FlagStatus::Ok,
            overall: Rates { valid: 1, counts: vec![], satisfaction: None, dissatisfaction: None, score },
            items: vec![],
            categories: vec![],
            flag: None,
            child_round_id: None,
            before: None,
        }
    }

    #[test]
    fn units_follow_their_bodies_scores_and_cadres_stand_under_their_body() {
        let rows = vec![
            row("a", "a", true, Some(70.0)),
            row("a1", "a", false, Some(90.0)),
            row("b", "b", true, Some(80.0)),
            row("b1", "b", false, Some(60.0)),
            row("b2", "b", false, Some(95.0)),
            row("c1", "c", false, None),
        ];
        let got = grouped(rows, &["a".into(), "b".into(), "c".into()]);
        let keys: Vec<(&str, usize)> = got.iter().map(|r| (r.key.as_str(), r.rank)).collect();
        assert_eq!(keys, [("b", 1), ("b2", 1), ("b1", 3), ("a", 2), ("a1", 2), ("c1", 4)]);
    }
}
