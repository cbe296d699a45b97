//! A target's history (DOMAIN "History"): for every closed round in which its key appears
//! and that the caller may see, the overall rates, score, V and status, oldest first. Each
//! round's counts are read for that one target only.

use crate::domain::access::{access, Caller};
use crate::domain::round::{ScaleOption, TargetKind};
use crate::domain::tally::{tally_round, FlagStatus, RoundCounts, Tally};
use crate::ssr::db::entities::{round, tally, tally_scope, target};
use crate::ssr::round_def::load_def;
use crate::ssr::steering_error::SteeringError;
use crate::views::auth::UserView;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};
use time::OffsetDateTime;

/// The target in one closed round.
#[derive(Debug, Clone)]
pub struct HistoryRound {
    /// The round.
    pub round_id: i32,
    /// Its title.
    pub title: String,
    /// When it closed.
    pub closed_at: Option<OffsetDateTime>,
    /// The target's name there.
    pub name: String,
    /// Its kind there.
    pub kind: TargetKind,
    /// Its status there.
    pub status: FlagStatus,
    /// Its overall item there, on the round's basis.
    pub overall: Tally,
    /// The scale it was rated on there.
    pub scale: Vec<ScaleOption>,
}

/// Every closed round of target `key` that `user` may see, oldest first.
pub async fn history(db: &DatabaseConnection, user: &UserView, key: &str) -> Result<Vec<HistoryRound>, SteeringError> {
    let caller = crate::ssr::access::caller(db, user).await?;
    let rounds: Vec<i32> =
        target::Entity::find().filter(target::Column::Key.eq(key)).all(db).await?.into_iter().map(|t| t.round_id).collect();
    let closed_at: std::collections::HashMap<i32, Option<OffsetDateTime>> = round::Entity::find()
        .filter(round::Column::Id.is_in(rounds.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r.closed_at))
        .collect();
    let mut out = Vec::new();
    for id in rounds {
        let Some(def) = load_def(db, id).await? else { continue };
        if !def.round.status.is_closed() || !visible(&caller, &def.round, key) {
            continue;
        }
        let spec = def.spec();
        let Some(t) = spec.targets.iter().position(|x| x.key == key) else { continue };
        let target_id = def.target_ids[t];
        let mut counts = RoundCounts::zero(spec);
        let (item_pos, option_pos) =
            (def.item_ids.iter().enumerate().map(|(p, id)| (*id, p)).collect::<std::collections::HashMap<_, _>>(), def.option_positions());
        for r in tally::Entity::find().filter(tally::Column::RoundId.eq(id)).filter(tally::Column::TargetId.eq(target_id)).all(db).await? {
            if let (Some(c), Some(i), Some(o)) =
                (def.category_pos.get(&r.category_id), item_pos.get(&r.item_id), option_pos.get(&r.option_id))
            {
                counts.categories[*c].answers[t][*i][*o] += u64::try_from(r.n).unwrap_or(0);
            }
        }
        for r in tally_scope::Entity::find()
            .filter(tally_scope::Column::RoundId.eq(id))
            .filter(tally_scope::Column::TargetId.eq(target_id))
            .all(db)
            .await?
        {
            if let Some(c) = def.category_pos.get(&r.category_id) {
                counts.categories[*c].in_scope[t] += u64::try_from(r.n).unwrap_or(0);
            }
        }
        let result = tally_round(spec, &counts);
        let x = &spec.targets[t];
        out.push(HistoryRound {
            round_id: id,
            title: spec.title.clone(),
            closed_at: closed_at.get(&id).copied().flatten(),
            name: x.name.clone(),
            kind: x.kind,
            status: result.targets[t].status,
            overall: result.targets[t].overall.clone(),
            scale: spec.scale_of(x.kind).to_vec(),
        });
    }
    out.sort_by_key(|h| (h.closed_at.is_none(), h.closed_at, h.round_id));
    Ok(out)
}

fn visible(caller: &Caller, round: &crate::domain::round::Round, key: &str) -> bool {
    let parent = round.spec.targets.iter().find(|t| t.key == key).and_then(|t| t.parent.clone());
    access(caller, round).is_ok_and(|a| a.results && a.targets.shows(key, parent.as_deref()))
}

/// The history page of `key` for `user`, in `locale`; `None` when no round the caller may
/// see has it.
pub async fn page(
    db: &DatabaseConnection,
    user: &UserView,
    key: &str,
    locale: crate::i18n::Locale,
) -> Result<Option<crate::views::history::HistoryPage>, SteeringError> {
    use crate::views::history::{HistoryLine, HistoryPage};
    let rounds = history(db, user, key).await?;
    let Some(last) = rounds.last() else { return Ok(None) };
    let day = |t: Option<OffsetDateTime>, f: &[time::format_description::FormatItem<'_>]| {
        t.map(|t| t.to_offset(time::macros::offset!(+8)).format(f).unwrap_or_default()).unwrap_or_default()
    };
    let date = time::macros::format_description!("[year]-[month]-[day]");
    let month = time::macros::format_description!("[year]-[month]");
    let rt = crate::i18n::texts(locale).results;
    let points: Vec<crate::ssr::charts::TrendPoint> = rounds
        .iter()
        .map(|h| crate::ssr::charts::TrendPoint {
            label: day(h.closed_at, month),
            satisfaction: h.overall.satisfaction_rate,
            dissatisfaction: h.overall.dissatisfaction_rate,
        })
        .collect();
    Ok(Some(HistoryPage {
        key: key.to_owned(),
        name: last.name.clone(),
        kind: last.kind,
        chart: crate::ssr::charts::trend(&points, rt.col_satisfaction, rt.col_dissatisfaction),
        rows: rounds
            .iter()
            .map(|h| HistoryLine {
                round_id: h.round_id,
                title: h.title.clone(),
                closed: day(h.closed_at, date),
                status: h.status,
                overall: (&h.overall).into(),
            })
            .collect(),
    }))
}
