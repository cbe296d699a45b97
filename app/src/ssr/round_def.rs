//! A round's definition with the database ids of its parts, read in one pass, and the
//! cache of frozen definitions (a round's definition cannot change once it left draft, so
//! the ballot path never reads its scale, items or targets again).

use crate::domain::lifecycle::Status;
use crate::domain::round::{
    AppliesTo, CategorySpec, FlagBasis, ItemSpec, Polarity, Round, RoundSpec, RulesByKind, ScaleOption, TargetKind, TargetSpec, Threshold,
};
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
    /// Of `spec.cadre_scale` (empty without one).
    pub cadre_options: Vec<i32>,
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
    let (mut scale, mut cadre_scale) = (Vec::new(), Vec::new());
    for o in scale_option::Entity::find()
        .filter(scale_option::Column::RoundId.eq(id))
        .order_by_asc(scale_option::Column::Position)
        .all(db)
        .await?
    {
        let polarity = Polarity::parse(&o.polarity).ok_or_else(|| unexpected("polarity", &o.polarity))?;
        let (list, ids) = match TargetKind::parse(&o.kind).ok_or_else(|| unexpected("scale kind", &o.kind))? {
            TargetKind::Body => (&mut scale, &mut ids.options),
            TargetKind::Cadre => (&mut cadre_scale, &mut ids.cadre_options),
        };
        ids.push(o.id);
        list.push(ScaleOption { key: o.key, label: o.label, points: o.points, polarity });
    }
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
            let applies_to = AppliesTo::parse(&i.applies_to).ok_or_else(|| unexpected("item kind", &i.applies_to))?;
            Ok(ItemSpec { key: i.key, title: i.title, overall: i.overall, applies_to })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let targets = target::Entity::find()
        .filter(target::Column::RoundId.eq(id))
        .order_by_asc(target::Column::Position)
        .all(db)
        .await?
        .into_iter()
        .map(|t| {
            ids.targets.push(t.id);
            let kind = TargetKind::parse(&t.kind).ok_or_else(|| unexpected("target kind", &t.kind))?;
            Ok(TargetSpec { key: t.key, name: t.name, kind, parent: t.parent_key, position: t.post })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let status = Status::parse(&r.status).ok_or_else(|| unexpected("status", &r.status))?;
    let flag_basis = FlagBasis::parse(&r.flag_basis).ok_or_else(|| unexpected("flag basis", &r.flag_basis))?;
    let threshold = |raw: &str| Threshold::parse(raw).map_err(|_| unexpected("threshold", raw));
    let rules_by_kind: RulesByKind = match &r.rules_by_kind {
        Some(json) => serde_json::from_str(json).map_err(|_| unexpected("rules by kind", json))?,
        None => RulesByKind::default(),
    };
    Ok(Some((
        Round {
            id: r.id,
            parent_id: r.parent_id,
            status,
            spec: RoundSpec {
                title: r.title,
                description: r.description,
                flag_threshold: threshold(&r.flag_threshold)?,
                flag_basis,
                quorum: u32::try_from(r.quorum).unwrap_or(1),
                disclosure_min: u32::try_from(r.disclosure_min).unwrap_or(5),
                min_satisfaction: r.min_satisfaction.as_deref().map(threshold).transpose()?,
                scale,
                cadre_scale: (!cadre_scale.is_empty()).then_some(cadre_scale),
                rules_by_kind,
                categories,
                items,
                targets,
                opens_at: r.opens_at,
                closes_at: r.closes_at,
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
    /// Ids of `spec.cadre_scale`, in order (empty without one).
    pub cadre_option_ids: Vec<i32>,
    /// Category id → position in `spec.categories`.
    pub category_pos: HashMap<i32, usize>,
}

impl RoundDef {
    /// The definition.
    pub fn spec(&self) -> &RoundSpec {
        &self.round.spec
    }

    /// The database id of option `option` of the scale target `target` is rated on.
    pub fn option_id(&self, target: usize, option: usize) -> i32 {
        match self.round.spec.targets[target].kind {
            TargetKind::Cadre if !self.cadre_option_ids.is_empty() => self.cadre_option_ids[option],
            _ => self.option_ids[option],
        }
    }

    /// Option id → its position on its own scale (ids of both scales).
    pub fn option_positions(&self) -> HashMap<i32, usize> {
        let on = |ids: &[i32]| ids.iter().enumerate().map(|(p, id)| (*id, p)).collect::<Vec<_>>();
        on(&self.option_ids).into_iter().chain(on(&self.cadre_option_ids)).collect()
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
    Ok(Some(RoundDef {
        round,
        target_ids: ids.targets,
        item_ids: ids.items,
        option_ids: ids.options,
        cadre_option_ids: ids.cadre_options,
        category_pos,
    }))
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
