//! A round's definition with the database ids of its parts, read in one pass, and the
//! cache of frozen definitions (a round's definition cannot change once it left draft, so
//! the ballot path never reads its scale, items or targets again).

use crate::domain::lifecycle::Status;
use crate::domain::round::{CategorySpec, FlagBasis, ItemSpec, Polarity, Round, RoundSpec, ScaleOption, TargetKind, TargetSpec};
use crate::ssr::db::entities::{category, item, round, scale_option, target};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A stored value that no version of Minping writes.
pub fn unexpected(what: &str, value: &str) -> DbErr {
    DbErr::Custom(format!("unexpected stored {what} '{value}'"))
}

/// Database ids of a round's parts, each list in the order of its `RoundSpec` list.
#[derive(Debug, Clone, Default)]
pub struct PartIds {
    /// Of `spec.scale`.
    pub options: Vec<i32>,
    /// Of `spec.categories`.
    pub categories: Vec<i32>,
    /// Of `spec.items`.
    pub items: Vec<i32>,
    /// Of `spec.targets`.
    pub targets: Vec<i32>,
}

/// A round with the database ids of its parts, read in one pass.
pub async fn load_with_ids<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<(Round, PartIds)>, DbErr> {
    let Some(r) = round::Entity::find_by_id(id).one(db).await? else { return Ok(None) };
    let mut ids = PartIds::default();
    let scale = scale_option::Entity::find()
        .filter(scale_option::Column::RoundId.eq(id))
        .order_by_asc(scale_option::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|o| {
            ids.options.push(o.id);
            let polarity = Polarity::parse(&o.polarity).ok_or_else(|| unexpected("polarity", &o.polarity))?;
            Ok(ScaleOption { key: o.key, label: o.label, points: o.points, polarity })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let categories = category::Entity::find()
        .filter(category::Column::RoundId.eq(id))
        .order_by_asc(category::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            ids.categories.push(c.id);
            CategorySpec { key: c.key, name: c.name, weight: c.weight }
        })
        .collect();
    let items = item::Entity::find()
        .filter(item::Column::RoundId.eq(id))
        .order_by_asc(item::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|i| {
            ids.items.push(i.id);
            ItemSpec { key: i.key, title: i.title, overall: i.overall }
        })
        .collect();
    let targets = target::Entity::find()
        .filter(target::Column::RoundId.eq(id))
        .order_by_asc(target::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            ids.targets.push(t.id);
            let kind = TargetKind::parse(&t.kind).ok_or_else(|| unexpected("target kind", &t.kind))?;
            Ok(TargetSpec { key: t.key, name: t.name, kind, parent: t.parent_key })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let status = Status::parse(&r.status).ok_or_else(|| unexpected("status", &r.status))?;
    let flag_basis = FlagBasis::parse(&r.flag_basis).ok_or_else(|| unexpected("flag basis", &r.flag_basis))?;
    Ok(Some((
        Round {
            id: r.id,
            parent_id: r.parent_id,
            status,
            spec: RoundSpec {
                title: r.title,
                description: r.description,
                flag_threshold: r.flag_threshold,
                flag_basis,
                quorum: u32::try_from(r.quorum).unwrap_or(1),
                disclosure_min: u32::try_from(r.disclosure_min).unwrap_or(5),
                min_satisfaction: r.min_satisfaction,
                scale,
                categories,
                items,
                targets,
            },
        },
        ids,
    )))
}

/// Reads one round with its whole definition.
pub async fn load<C: ConnectionTrait>(db: &C, id: i32) -> Result<Option<Round>, DbErr> {
    Ok(load_with_ids(db, id).await?.map(|(round, _)| round))
}

/// A round's definition with the database ids of its parts, frozen once it left draft.
#[derive(Debug, Clone)]
pub struct RoundDef {
    /// The round (status as of loading; the ballot writer re-checks it).
    pub round: Round,
    /// Ids of `spec.targets`, in order.
    pub target_ids: Vec<i32>,
    /// Ids of `spec.items`, in order.
    pub item_ids: Vec<i32>,
    /// Ids of `spec.scale`, in order.
    pub option_ids: Vec<i32>,
    /// Category id → position in `spec.categories`.
    pub category_pos: HashMap<i32, usize>,
}

impl RoundDef {
    /// The definition.
    pub fn spec(&self) -> &RoundSpec {
        &self.round.spec
    }

    /// The database ids of the categories, in the round's order.
    pub fn category_ids(&self) -> Vec<i32> {
        let mut v: Vec<(i32, usize)> = self.category_pos.iter().map(|(id, p)| (*id, *p)).collect();
        v.sort_by_key(|(_, p)| *p);
        v.into_iter().map(|(id, _)| id).collect()
    }
}

/// Loads a round's definition with ids.
pub async fn load_def<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<Option<RoundDef>, DbErr> {
    let Some((round, ids)) = load_with_ids(db, round_id).await? else { return Ok(None) };
    let category_pos = ids.categories.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    Ok(Some(RoundDef { round, target_ids: ids.targets, item_ids: ids.items, option_ids: ids.options, category_pos }))
}

/// Round definitions in memory. A round's definition cannot change once it left draft,
/// so those are kept; drafts are always read afresh.
#[derive(Default)]
pub struct RoundCache(Mutex<HashMap<i32, Arc<RoundDef>>>);

impl RoundCache {
    /// The definition of `round_id`, from memory when frozen.
    pub async fn get<C: ConnectionTrait>(&self, db: &C, round_id: i32) -> Result<Option<Arc<RoundDef>>, DbErr> {
        if let Some(d) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&round_id) {
            return Ok(Some(d.clone()));
        }
        let Some(def) = load_def(db, round_id).await? else { return Ok(None) };
        let def = Arc::new(def);
        if def.round.status != Status::Draft {
            self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(round_id, def.clone());
        }
        Ok(Some(def))
    }
}
