//! Results: the running tallies read back into [`RoundCounts`], a `recount` from the
//! stored ballots that must agree with them, and the results view of API.md.

use crate::domain::ballot::decode_answers;
use crate::domain::lifecycle::Status;
use crate::domain::round::{Round, TargetKind};
use crate::domain::tally::{low_turnout, round6, tally_round, FlagStatus, RoundCounts, Tally};
use crate::ssr::ballots::RoundDef;
use crate::ssr::db::entities::{ballot, code, tally, tally_scope, turnout};
use futures_util::TryStreamExt;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect, StreamTrait};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

fn positions(ids: &[i32]) -> HashMap<i32, usize> {
    ids.iter().enumerate().map(|(p, id)| (*id, p)).collect()
}

/// The round's counts as the ballots' transactions kept them (no ballot is read).
pub async fn running_counts<C: ConnectionTrait>(db: &C, def: &RoundDef) -> Result<RoundCounts, DbErr> {
    let spec = def.spec();
    let mut counts = RoundCounts::zero(spec);
    let (t_pos, i_pos, o_pos) = (positions(&def.target_ids), positions(&def.item_ids), positions(&def.option_ids));
    let id = def.round.id;
    for r in tally::Entity::find().filter(tally::Column::RoundId.eq(id)).all(db).await? {
        let (Some(c), Some(t), Some(i), Some(o)) =
            (def.category_pos.get(&r.category_id), t_pos.get(&r.target_id), i_pos.get(&r.item_id), o_pos.get(&r.option_id))
        else {
            continue;
        };
        counts.categories[*c].answers[*t][*i][*o] += r.n as u64;
    }
    for r in tally_scope::Entity::find().filter(tally_scope::Column::RoundId.eq(id)).all(db).await? {
        if let (Some(c), Some(t)) = (def.category_pos.get(&r.category_id), t_pos.get(&r.target_id)) {
            counts.categories[*c].in_scope[*t] += r.n as u64;
        }
    }
    for r in turnout::Entity::find().filter(turnout::Column::RoundId.eq(id)).all(db).await? {
        if let Some(c) = def.category_pos.get(&r.category_id) {
            counts.categories[*c].ballots += r.n as u64;
        }
    }
    Ok(counts)
}

/// Parts the id space of ballots is split into for a recount, read concurrently.
const RECOUNT_PARTS: i64 = 4;

/// Counts the round again from its stored ballots: streamed in constant memory, the
/// (random) id space split into [`RECOUNT_PARTS`] ranges, each read and counted by its
/// own task (decoding rows is the bottleneck, so this uses every core).
pub async fn recount(db: &sea_orm::DatabaseConnection, def: &RoundDef) -> Result<RoundCounts, DbErr> {
    let step = i64::MAX / RECOUNT_PARTS;
    let shared = std::sync::Arc::new(def.clone());
    let tasks: Vec<_> = (0..RECOUNT_PARTS)
        .map(|p| {
            let lo = if p == 0 { i64::MIN } else { p * step };
            let hi = (p + 1 < RECOUNT_PARTS).then_some((p + 1) * step);
            let (db, def) = (db.clone(), shared.clone());
            tokio::spawn(async move { recount_range(&db, &def, lo, hi).await })
        })
        .collect();
    let mut total = RoundCounts::zero(def.spec());
    for task in tasks {
        let part = task.await.map_err(|e| DbErr::Custom(format!("a recount task failed: {e}")))??;
        total.merge(&part);
    }
    Ok(total)
}

async fn recount_range<C: ConnectionTrait + StreamTrait>(db: &C, def: &RoundDef, lo: i64, hi: Option<i64>) -> Result<RoundCounts, DbErr> {
    let spec = def.spec();
    let items = spec.items.len();
    let mut counts = RoundCounts::zero(spec);
    let all: Vec<usize> = (0..spec.targets.len()).collect();
    let mut scopes: HashMap<String, Vec<usize>> = HashMap::new();
    let mut query = ballot::Entity::find()
        .select_only()
        .columns([ballot::Column::CategoryId, ballot::Column::Scope, ballot::Column::Answers])
        .filter(ballot::Column::RoundId.eq(def.round.id))
        .filter(ballot::Column::Id.gte(lo));
    if let Some(hi) = hi {
        query = query.filter(ballot::Column::Id.lt(hi));
    }
    let mut rows = query.into_tuple::<(i32, Option<String>, String)>().stream(db).await?;
    while let Some((category, scope, answers)) = rows.try_next().await? {
        let Some(c) = def.category_pos.get(&category) else { continue };
        let scope_targets = match scope {
            None => &all,
            Some(s) => &*scopes.entry(s).or_insert_with_key(|s| {
                let keys: Vec<String> = serde_json::from_str(s).unwrap_or_default();
                spec.targets.iter().enumerate().filter(|(_, t)| keys.contains(&t.key)).map(|(i, _)| i).collect()
            }),
        };
        counts.add(*c, scope_targets.iter().copied(), decode_answers(items, &answers));
    }
    Ok(counts)
}

/// Codes issued for the round (not revoked).
pub async fn codes_issued<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<u64, DbErr> {
    let n = code::Entity::find()
        .filter(code::Column::RoundId.eq(round_id))
        .filter(code::Column::State.ne("revoked"))
        .count(db)
        .await?;
    Ok(n)
}

use sea_orm::PaginatorTrait;

/// API.md's TALLY: counts by option key.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TallyView {
    /// Answers per option key.
    pub counts: BTreeMap<String, u64>,
    /// Blank answers of ballots whose scope includes the target.
    pub unanswered: u64,
    /// Positive + negative answers.
    pub valid: u64,
    /// Positive / valid (6 decimals), `null` when valid is 0.
    pub satisfaction_rate: Option<f64>,
    /// Negative / valid (6 decimals), `null` when valid is 0.
    pub dissatisfaction_rate: Option<f64>,
    /// Mean points of valid answers (6 decimals), `null` when valid is 0.
    pub score: Option<f64>,
}

/// One category's breakdown of a target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct CategoryView {
    /// The overall item in this category (headcount).
    pub overall: TallyView,
}

/// One target's results.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TargetView {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// `body` or `cadre`.
    pub kind: TargetKind,
    /// `ok`, `flagged` or `insufficient_responses`.
    pub status: FlagStatus,
    /// The overall item on the round's basis.
    pub overall: TallyView,
    /// Every item by key, on the round's basis.
    pub items: BTreeMap<String, TallyView>,
    /// Categories at or over `disclosure_min`, by key.
    pub categories: BTreeMap<String, CategoryView>,
    /// Its flag in this round once closed (`flagged`, `rectifying`, `passed`,
    /// `still_flagged`), absent when not flagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<crate::domain::reevaluation::FlagState>,
    /// The re-evaluation round of this target, once triggered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_round_id: Option<i32>,
    /// In a re-evaluation round: the same target in the parent round (before).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<BeforeView>,
}

/// A target's results in the parent round, beside the re-evaluation's.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct BeforeView {
    /// The parent round.
    pub round_id: i32,
    /// Its status there.
    pub status: FlagStatus,
    /// Its overall item there.
    pub overall: TallyView,
}

/// Turnout of the round.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct TurnoutView {
    /// Codes issued (not revoked).
    pub issued: u64,
    /// Ballots cast.
    pub ballots: u64,
    /// Ballots / issued below one half.
    pub low: bool,
}

/// `GET /api/v1/rounds/{id}/results`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ResultsView {
    /// The round.
    pub round: Round,
    /// Ballots cast.
    pub ballots: u64,
    /// Turnout and its warning.
    pub turnout: TurnoutView,
    /// Targets in the round's order.
    pub targets: Vec<TargetView>,
}

fn view_of(def: &RoundDef, t: &Tally) -> TallyView {
    TallyView {
        counts: def.spec().scale.iter().zip(&t.counts).map(|(o, n)| (o.key.clone(), *n)).collect(),
        unanswered: t.unanswered,
        valid: t.valid,
        satisfaction_rate: t.satisfaction_rate.map(round6),
        dissatisfaction_rate: t.dissatisfaction_rate.map(round6),
        score: t.score.map(round6),
    }
}

/// The results of a round from its counts.
pub fn results_view(def: &RoundDef, counts: &RoundCounts, issued: u64) -> ResultsView {
    let spec = def.spec();
    let r = tally_round(spec, counts);
    let targets = r
        .targets
        .iter()
        .map(|tr| {
            let t = &spec.targets[tr.target];
            TargetView {
                key: t.key.clone(),
                name: t.name.clone(),
                kind: t.kind,
                status: tr.status,
                overall: view_of(def, &tr.overall),
                items: spec.items.iter().zip(&tr.items).map(|(i, tally)| (i.key.clone(), view_of(def, tally))).collect(),
                categories: tr
                    .categories
                    .iter()
                    .map(|(c, tally)| (spec.categories[*c].key.clone(), CategoryView { overall: view_of(def, tally) }))
                    .collect(),
                flag: None,
                child_round_id: None,
                before: None,
            }
        })
        .collect();
    ResultsView {
        round: def.round.clone(),
        ballots: r.ballots,
        turnout: TurnoutView { issued, ballots: r.ballots, low: low_turnout(r.ballots, issued) },
        targets,
    }
}

/// Why results cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum ResultsError {
    /// No such round.
    #[error("not found")]
    NotFound,
    /// Still a draft or open: turnout only.
    #[error("not closed ({0:?})")]
    NotClosed(Status),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// The results of a closed (or published, archived) round.
pub async fn results<C: ConnectionTrait>(db: &C, def: &RoundDef) -> Result<ResultsView, ResultsError> {
    if matches!(def.round.status, Status::Draft | Status::Open) {
        return Err(ResultsError::NotClosed(def.round.status));
    }
    let counts = running_counts(db, def).await?;
    let issued = codes_issued(db, def.round.id).await?;
    let mut view = results_view(def, &counts, issued);
    attach_history(db, def, &mut view).await?;
    Ok(view)
}

/// Adds each target's flag in this round and, for a re-evaluation round, its results in
/// the parent round.
pub async fn attach_history<C: ConnectionTrait>(db: &C, def: &RoundDef, view: &mut ResultsView) -> Result<(), DbErr> {
    let flags = crate::ssr::steering::flags_of(db, def.round.id).await?;
    for t in &mut view.targets {
        if let Some(f) = flags.get(&t.key) {
            t.flag = Some(f.status);
            t.child_round_id = f.child_round_id;
        }
    }
    if let Some(parent) = def.round.parent_id {
        if let Some(pdef) = crate::ssr::ballots::load_def(db, parent).await? {
            let pcounts = running_counts(db, &pdef).await?;
            let pview = results_view(&pdef, &pcounts, 0);
            for t in &mut view.targets {
                if let Some(p) = pview.targets.iter().find(|p| p.key == t.key) {
                    t.before = Some(BeforeView { round_id: parent, status: p.status, overall: p.overall.clone() });
                }
            }
        }
    }
    Ok(())
}

/// Keeps only the targets `access` shows.
pub fn restrict(def: &RoundDef, view: &mut ResultsView, access: &crate::ssr::steering::Targets) {
    let parents: std::collections::HashMap<&str, Option<&str>> =
        def.spec().targets.iter().map(|t| (t.key.as_str(), t.parent.as_deref())).collect();
    view.targets.retain(|t| access.shows(&t.key, parents.get(t.key.as_str()).copied().flatten()));
}

/// The opinions of the ballots whose scope includes a target that `access` shows (a
/// ballot's opinion is one text about its whole sheet), each with its category's name
/// only where `result` breaks that category out for every target the ballot rated
/// (anonymity rule 6). In storage order; the caller shuffles.
pub async fn opinions_for<C: ConnectionTrait>(
    db: &C,
    def: &RoundDef,
    result: &crate::domain::tally::RoundResult,
    access: &crate::ssr::steering::Targets,
) -> Result<Vec<(Option<String>, String)>, DbErr> {
    let spec = def.spec();
    let position: HashMap<&str, usize> = spec.targets.iter().enumerate().map(|(i, t)| (t.key.as_str(), i)).collect();
    let all: Vec<usize> = (0..spec.targets.len()).collect();
    let rows = ballot::Entity::find()
        .select_only()
        .columns([ballot::Column::CategoryId, ballot::Column::Scope, ballot::Column::Opinion])
        .filter(ballot::Column::RoundId.eq(def.round.id))
        .filter(ballot::Column::Opinion.is_not_null())
        .into_tuple::<(i32, Option<String>, Option<String>)>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(c, scope, o)| {
            let rated: Vec<usize> = match scope.as_deref().and_then(|s| serde_json::from_str::<Vec<String>>(s).ok()) {
                Some(keys) => keys.iter().filter_map(|k| position.get(k.as_str()).copied()).collect(),
                None => all.clone(),
            };
            let visible = rated.iter().any(|&t| {
                let x = &spec.targets[t];
                access.shows(&x.key, x.parent.as_deref())
            });
            if !visible {
                return None;
            }
            let pos = def.category_pos.get(&c).copied();
            let name = pos.filter(|p| result.opinion_names_category(*p, rated.iter().copied())).map(|p| spec.categories[p].name.clone());
            o.map(|o| (name, o))
        })
        .collect())
}

/// Ballots per five-minute bucket over all categories, oldest first.
pub async fn turnout_series<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<Vec<(i64, u64)>, DbErr> {
    let mut by_bucket: BTreeMap<i64, u64> = BTreeMap::new();
    for r in turnout::Entity::find().filter(turnout::Column::RoundId.eq(round_id)).all(db).await? {
        *by_bucket.entry(r.bucket).or_default() += r.n as u64;
    }
    Ok(by_bucket.into_iter().collect())
}

/// Rewrites the running tallies of a round from `counts` (a recount): `tallies` and
/// `tally_scopes` are replaced; `turnout` keeps its buckets, and a category whose total
/// differs gets the difference in its latest bucket (the time of those ballots is unknown).
/// The repair is audited as `actor`'s, in the same transaction.
pub async fn replace_running(db: &sea_orm::DatabaseConnection, actor: &str, def: &RoundDef, counts: &RoundCounts) -> Result<(), DbErr> {
    use sea_orm::{ActiveValue::Set, QueryOrder};
    let id = def.round.id;
    let cat_ids: Vec<i32> = {
        let mut v: Vec<(i32, usize)> = def.category_pos.iter().map(|(id, p)| (*id, *p)).collect();
        v.sort_by_key(|(_, p)| *p);
        v.into_iter().map(|(id, _)| id).collect()
    };
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    tally::Entity::delete_many().filter(tally::Column::RoundId.eq(id)).exec(&tx).await?;
    tally_scope::Entity::delete_many().filter(tally_scope::Column::RoundId.eq(id)).exec(&tx).await?;
    let mut rows = Vec::new();
    let mut scopes = Vec::new();
    for (c, cc) in counts.categories.iter().enumerate() {
        for (t, per_item) in cc.answers.iter().enumerate() {
            if cc.in_scope[t] > 0 {
                scopes.push(tally_scope::ActiveModel {
                    round_id: Set(id),
                    category_id: Set(cat_ids[c]),
                    target_id: Set(def.target_ids[t]),
                    n: Set(cc.in_scope[t] as i64),
                });
            }
            for (i, per_option) in per_item.iter().enumerate() {
                for (o, n) in per_option.iter().enumerate() {
                    if *n > 0 {
                        rows.push(tally::ActiveModel {
                            round_id: Set(id),
                            category_id: Set(cat_ids[c]),
                            target_id: Set(def.target_ids[t]),
                            item_id: Set(def.item_ids[i]),
                            option_id: Set(def.option_ids[o]),
                            n: Set(*n as i64),
                        });
                    }
                }
            }
        }
    }
    for chunk in rows.chunks(1000) {
        tally::Entity::insert_many(chunk.to_vec()).exec_without_returning(&tx).await?;
    }
    for chunk in scopes.chunks(1000) {
        tally_scope::Entity::insert_many(chunk.to_vec()).exec_without_returning(&tx).await?;
    }
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() as i64);
    for (c, cc) in counts.categories.iter().enumerate() {
        let buckets = turnout::Entity::find()
            .filter(turnout::Column::RoundId.eq(id))
            .filter(turnout::Column::CategoryId.eq(cat_ids[c]))
            .order_by_desc(turnout::Column::Bucket)
            .all(&tx)
            .await?;
        let have: i64 = buckets.iter().map(|b| b.n).sum();
        let diff = cc.ballots as i64 - have;
        if diff == 0 {
            continue;
        }
        match buckets.first() {
            Some(latest) => {
                let mut m: turnout::ActiveModel = latest.clone().into();
                m.n = Set((latest.n + diff).max(0));
                sea_orm::ActiveModelTrait::update(m, &tx).await?;
            }
            None => {
                turnout::Entity::insert(turnout::ActiveModel {
                    round_id: Set(id),
                    category_id: Set(cat_ids[c]),
                    bucket: Set(now / crate::ssr::ballots::BUCKET_SECONDS * crate::ssr::ballots::BUCKET_SECONDS),
                    n: Set(diff.max(0)),
                })
                .exec_without_returning(&tx)
                .await?;
            }
        }
    }
    let detail = serde_json::json!({ "ballots": counts.ballots() });
    crate::ssr::audit::append(&tx, actor, "round.recount_repair", &format!("round:{id}"), detail).await?;
    tx.commit().await
}
