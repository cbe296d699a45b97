//! The results of a round in the shape of the JSON API (API.md's TALLY), built from the
//! running tallies; and the opinions a caller may read (RULES.md A6).

use crate::domain::access::Targets;
use crate::domain::lifecycle::Status;
use crate::domain::round::{Round, TargetKind};
use crate::domain::tally::{low_turnout, round6, tally_round, FlagStatus, RoundCounts, RoundResult, Tally};
use crate::ssr::codes::Turnout;
use crate::ssr::db::entities::ballot;
use crate::ssr::round_def::{load_def, RoundDef};
use crate::ssr::tallies::running_counts;
use crate::views::results::Filter;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// API.md's TALLY: counts by option key.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CategoryView {
    /// The overall item in this category (headcount).
    pub overall: TallyView,
}

/// One target's results.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TargetView {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// `body` or `cadre`.
    pub kind: TargetKind,
    /// Its unit: its own key for a body, its body's key for a cadre.
    pub unit: String,
    /// A cadre's post (职务).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<String>,
    /// `ok`, `flagged` or `insufficient_responses`.
    pub status: FlagStatus,
    /// The overall item on the round's basis.
    pub overall: TallyView,
    /// Every item of its kind by key, on the round's basis.
    pub items: BTreeMap<String, TallyView>,
    /// Categories at or over `disclosure_min`, by key.
    pub categories: BTreeMap<String, CategoryView>,
    /// Its flag in this round once closed (`flagged`, `rectifying`, `passed`,
    /// `still_flagged`), absent when not flagged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag: Option<crate::domain::reevaluation::FlagState>,
    /// The flag's id (its ledger is `GET /api/v1/flags/{flag_id}/problems`), beside `flag`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flag_id: Option<i32>,
    /// The re-evaluation round of this target, once triggered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub child_round_id: Option<i32>,
    /// In a re-evaluation round: the same target in the parent round (before).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub before: Option<BeforeView>,
}

/// A target's results in the parent round, beside the re-evaluation's.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BeforeView {
    /// The parent round.
    pub round_id: i32,
    /// Its status there.
    pub status: FlagStatus,
    /// Its overall item there.
    pub overall: TallyView,
}

/// Turnout of the round: in total, per category and per unit.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TurnoutView {
    /// Codes issued (not revoked).
    pub issued: u64,
    /// Ballots cast.
    pub ballots: u64,
    /// Ballots / issued below one half.
    pub low: bool,
    /// Per category key.
    pub categories: BTreeMap<String, TurnoutCell>,
    /// Per unit (a body's key); a code for the whole round counts in every unit.
    pub units: BTreeMap<String, TurnoutCell>,
}

/// Codes issued (not revoked), used, and whether that is below one half.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct TurnoutCell {
    /// Codes issued, not revoked.
    pub issued: u64,
    /// Codes used.
    pub ballots: u64,
    /// Below one half.
    pub low: bool,
}

impl TurnoutCell {
    fn of(issued: i64, used: i64, revoked: i64) -> Self {
        let (issued, ballots) = (u64::try_from(issued - revoked).unwrap_or(0), u64::try_from(used).unwrap_or(0));
        TurnoutCell { issued, ballots, low: low_turnout(ballots, issued) }
    }
}

impl TurnoutView {
    /// The turnout of `t`, with `ballots` as the total (the round's count of ballots).
    pub fn of(t: &Turnout, ballots: u64) -> Self {
        let (issued, _) = t.totals();
        TurnoutView {
            issued,
            ballots,
            low: low_turnout(ballots, issued),
            categories: t.categories.iter().map(|c| (c.category.clone(), TurnoutCell::of(c.issued, c.used, c.revoked))).collect(),
            units: t.units.iter().map(|u| (u.unit.clone(), TurnoutCell::of(u.issued, u.used, u.revoked))).collect(),
        }
    }
}

/// `GET /api/v1/rounds/{id}/results`.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
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

fn view_of(def: &RoundDef, kind: TargetKind, t: &Tally) -> TallyView {
    tally_view(def.spec().scale_of(kind), t)
}

/// API.md's TALLY of `t`, counted on `scale`.
pub fn tally_view(scale: &[crate::domain::round::ScaleOption], t: &Tally) -> TallyView {
    TallyView {
        counts: scale.iter().zip(&t.counts).map(|(o, n)| (o.key.clone(), *n)).collect(),
        unanswered: t.unanswered,
        valid: t.valid,
        satisfaction_rate: t.satisfaction_rate.map(round6),
        dissatisfaction_rate: t.dissatisfaction_rate.map(round6),
        score: t.score.map(round6),
    }
}

/// The results of a round from its counts and the turnout of its codes.
pub fn results_view(def: &RoundDef, counts: &RoundCounts, turnout: &Turnout) -> ResultsView {
    let spec = def.spec();
    let r = tally_round(spec, counts);
    let targets = r
        .targets
        .iter()
        .map(|tr| {
            let t = &spec.targets[tr.target];
            let view = |tally: &Tally| view_of(def, t.kind, tally);
            TargetView {
                key: t.key.clone(),
                name: t.name.clone(),
                kind: t.kind,
                unit: t.unit().to_owned(),
                position: t.position.clone(),
                status: tr.status,
                overall: view(&tr.overall),
                items: spec.items.iter().zip(&tr.items).filter_map(|(i, tally)| Some((i.key.clone(), view(tally.as_ref()?)))).collect(),
                categories: tr
                    .categories
                    .iter()
                    .map(|(c, tally)| (spec.categories[*c].key.clone(), CategoryView { overall: view(tally) }))
                    .collect(),
                flag: None,
                flag_id: None,
                child_round_id: None,
                before: None,
            }
        })
        .collect();
    ResultsView { round: def.round.clone(), ballots: r.ballots, turnout: TurnoutView::of(turnout, r.ballots), targets }
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
pub async fn results(db: &sea_orm::DatabaseConnection, def: &RoundDef) -> Result<ResultsView, ResultsError> {
    if !def.round.status.is_closed() {
        return Err(ResultsError::NotClosed(def.round.status));
    }
    let counts = running_counts(db, def).await?;
    let turnout = crate::ssr::codes::summary(db, def.round.id, def.spec()).await?;
    let mut view = results_view(def, &counts, &turnout);
    attach_history(db, def, &mut view).await?;
    Ok(view)
}

/// The results of a closed round as `access` lets its caller see them, within `filter`:
/// only the visible targets and, for a caller who sees part of the round, only the turnout
/// of the codes that cover them; with a unit filter, only that unit's turnout.
pub async fn results_for(
    db: &sea_orm::DatabaseConnection,
    def: &RoundDef,
    access: &crate::domain::access::RoundAccess,
    filter: &Filter,
) -> Result<ResultsView, ResultsError> {
    let mut view = results(db, def).await?;
    if access.targets.is_partial() {
        restrict(def, &mut view, &access.targets);
        let turnout = crate::ssr::codes::summary_for(db, def.round.id, def.spec(), &access.targets).await?;
        let (_, used) = turnout.totals();
        view.ballots = used;
        view.turnout = TurnoutView::of(&turnout, used);
    }
    view.targets.retain(|t| filter.passes(&t.unit, t.kind));
    if let Some(u) = &filter.unit {
        view.turnout.units.retain(|k, _| k == u);
    }
    Ok(view)
}

/// Adds each target's flag in this round and, for a re-evaluation round, its results in
/// the parent round.
pub async fn attach_history<C: ConnectionTrait>(db: &C, def: &RoundDef, view: &mut ResultsView) -> Result<(), DbErr> {
    let flags = crate::ssr::flags::flags_of(db, def.round.id).await?;
    for t in &mut view.targets {
        if let Some(f) = flags.get(&t.key) {
            t.flag = Some(f.status);
            t.flag_id = Some(f.id);
            t.child_round_id = f.child_round_id;
        }
    }
    if let Some(parent) = def.round.parent_id {
        if let Some(pdef) = load_def(db, parent).await? {
            let pcounts = running_counts(db, &pdef).await?;
            let pview = results_view(&pdef, &pcounts, &Turnout::default());
            for t in &mut view.targets {
                if let Some(p) = pview.targets.iter().find(|p| p.key == t.key) {
                    t.before = Some(BeforeView { round_id: parent, status: p.status, overall: p.overall.clone() });
                }
            }
        }
    }
    Ok(())
}

/// Keeps only the targets `access` shows, in the results and in the round definition
/// they carry: a scoped account's view is whole (DOMAIN.md "Roles"), it names no target
/// outside its scope.
pub fn restrict(def: &RoundDef, view: &mut ResultsView, access: &Targets) {
    let parents: std::collections::HashMap<&str, Option<&str>> =
        def.spec().targets.iter().map(|t| (t.key.as_str(), t.parent.as_deref())).collect();
    view.targets.retain(|t| access.shows(&t.key, parents.get(t.key.as_str()).copied().flatten()));
    view.round.spec.targets.retain(|t| access.shows(&t.key, t.parent.as_deref()));
}

/// The opinions of the ballots whose scope includes a target that `access` shows (a
/// ballot's opinion is one text about its whole sheet), each with its category's name
/// only where `result` breaks that category out for every target the ballot rated
/// (anonymity rule 6). In storage order; the caller shuffles.
pub async fn opinions_for<C: ConnectionTrait>(
    db: &C,
    def: &RoundDef,
    result: &RoundResult,
    access: &Targets,
) -> Result<Vec<(Option<String>, String)>, DbErr> {
    let spec = def.spec();
    Ok(visible_opinions(db, def, access)
        .await?
        .into_iter()
        .map(|(c, rated, o)| {
            let pos = def.category_pos.get(&c).copied();
            let name = pos.filter(|p| result.opinion_names_category(*p, rated.iter().copied())).map(|p| spec.categories[p].name.clone());
            (name, o)
        })
        .collect())
}

/// The texts only of the opinions [`opinions_for`] gives (no category at all), for the
/// ledger's picker; in storage order, the caller shuffles.
pub async fn opinion_texts<C: ConnectionTrait>(db: &C, def: &RoundDef, access: &Targets) -> Result<Vec<String>, DbErr> {
    Ok(visible_opinions(db, def, access).await?.into_iter().map(|(_, _, o)| o).collect())
}

/// (category id, positions of the targets rated, text) of each opinion `access` may read.
async fn visible_opinions<C: ConnectionTrait>(db: &C, def: &RoundDef, access: &Targets) -> Result<Vec<(i32, Vec<usize>, String)>, DbErr> {
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
            o.map(|o| (c, rated, o))
        })
        .collect())
}
