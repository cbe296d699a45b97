//! Round services: create, read, edit (drafts only), copy and move through the lifecycle.
//! Every change is recorded in the audit log in the same transaction.

use crate::domain::lifecycle::{Status, Transition, WrongMove};
use crate::domain::round::{Lineage, Round, RoundSpec, TargetKind, Violation};
use crate::ssr::audit;
use crate::ssr::db::entities::{category, item, round, scale_option, target};
pub use crate::ssr::round_def::load;
use crate::ssr::round_def::unexpected;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use time::OffsetDateTime;

/// Why a round operation failed.
#[derive(Debug, thiserror::Error)]
pub enum RoundError {
    /// The definition breaks the rules.
    #[error("invalid round definition")]
    Invalid(Vec<Violation>),
    /// No round with that id.
    #[error("no such round")]
    NotFound,
    /// The lifecycle does not allow this now.
    #[error(transparent)]
    WrongState(#[from] WrongMove),
    /// Only drafts can be edited.
    #[error("only a draft can be edited")]
    NotEditable(Status),
    /// The round lacks what opening needs.
    #[error("the round is not ready to open")]
    NotReady(Vec<Violation>),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

async fn insert_children<C: ConnectionTrait>(db: &C, round_id: i32, spec: &RoundSpec) -> Result<(), DbErr> {
    let pos = |i: usize| i32::try_from(i).unwrap_or(i32::MAX);
    let scales = [(TargetKind::Body, spec.scale.as_slice()), (TargetKind::Cadre, spec.cadre_scale.as_deref().unwrap_or_default())];
    let options: Vec<scale_option::ActiveModel> = scales
        .iter()
        .flat_map(|(kind, scale)| {
            scale.iter().enumerate().map(move |(i, o)| scale_option::ActiveModel {
                round_id: Set(round_id),
                position: Set(pos(i)),
                key: Set(o.key.clone()),
                label: Set(o.label.clone()),
                points: Set(o.points),
                polarity: Set(o.polarity.as_str().to_owned()),
                kind: Set(kind.as_str().to_owned()),
                ..Default::default()
            })
        })
        .collect();
    if !options.is_empty() {
        scale_option::Entity::insert_many(options).exec_without_returning(db).await?;
    }
    if !spec.categories.is_empty() {
        category::Entity::insert_many(spec.categories.iter().enumerate().map(|(i, c)| category::ActiveModel {
            round_id: Set(round_id),
            position: Set(pos(i)),
            key: Set(c.key.clone()),
            name: Set(c.name.clone()),
            weight: Set(c.weight),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    if !spec.items.is_empty() {
        item::Entity::insert_many(spec.items.iter().enumerate().map(|(i, it)| item::ActiveModel {
            round_id: Set(round_id),
            position: Set(pos(i)),
            key: Set(it.key.clone()),
            title: Set(it.title.clone()),
            overall: Set(it.overall),
            applies_to: Set(it.applies_to.as_str().to_owned()),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    for chunk in spec.targets.chunks(500).enumerate() {
        let (c, targets) = chunk;
        target::Entity::insert_many(targets.iter().enumerate().map(|(i, t)| target::ActiveModel {
            round_id: Set(round_id),
            position: Set(pos(c * 500 + i)),
            key: Set(t.key.clone()),
            name: Set(t.name.clone()),
            kind: Set(t.kind.as_str().to_owned()),
            parent_key: Set(t.parent.clone().filter(|p| !p.is_empty())),
            post: Set(t.position.clone().filter(|p| !p.trim().is_empty())),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(())
}

async fn delete_children<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<(), DbErr> {
    scale_option::Entity::delete_many().filter(scale_option::Column::RoundId.eq(round_id)).exec(db).await?;
    category::Entity::delete_many().filter(category::Column::RoundId.eq(round_id)).exec(db).await?;
    item::Entity::delete_many().filter(item::Column::RoundId.eq(round_id)).exec(db).await?;
    target::Entity::delete_many().filter(target::Column::RoundId.eq(round_id)).exec(db).await?;
    Ok(())
}

fn settings_of(row: &mut round::ActiveModel, spec: &RoundSpec) {
    row.title = Set(spec.title.trim().to_owned());
    row.description = Set(spec.description.clone());
    row.flag_threshold = Set(spec.flag_threshold.to_string());
    row.flag_basis = Set(spec.flag_basis.as_str().to_owned());
    row.quorum = Set(i32::try_from(spec.quorum).unwrap_or(i32::MAX));
    row.disclosure_min = Set(i32::try_from(spec.disclosure_min).unwrap_or(i32::MAX));
    row.min_satisfaction = Set(spec.min_satisfaction.map(|t| t.to_string()));
    row.rules_by_kind = Set((!spec.rules_by_kind.is_empty()).then(|| serde_json::to_string(&spec.rules_by_kind).unwrap_or_default()));
    row.opens_at = Set(spec.opens_at.map(crate::domain::schedule::stored));
    row.closes_at = Set(spec.closes_at.map(crate::domain::schedule::stored));
}

/// The rules of a definition (R2) and of its schedule (R6), saved now by a round in `status`.
fn check(spec: &RoundSpec, lineage: Lineage, status: Status) -> Result<(), RoundError> {
    let mut problems = spec.validate_in(lineage).err().unwrap_or_default();
    problems.extend(spec.schedule_problems(status, OffsetDateTime::now_utc()));
    if problems.is_empty() {
        Ok(())
    } else {
        Err(RoundError::Invalid(problems))
    }
}

/// Creates a draft round (optionally the child of `parent_id`).
pub async fn create(db: &DatabaseConnection, actor: &str, spec: &RoundSpec, parent_id: Option<i32>) -> Result<Round, RoundError> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let id = create_in(&tx, actor, spec, parent_id).await?;
    tx.commit().await?;
    load(db, id).await?.ok_or(RoundError::NotFound)
}

/// Creates a draft round inside the caller's write transaction; returns its id.
pub async fn create_in<C: ConnectionTrait>(tx: &C, actor: &str, spec: &RoundSpec, parent_id: Option<i32>) -> Result<i32, RoundError> {
    check(spec, Lineage::of(parent_id), Status::Draft)?;
    let now = OffsetDateTime::now_utc();
    let mut row = round::ActiveModel {
        parent_id: Set(parent_id),
        status: Set(Status::Draft.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    settings_of(&mut row, spec);
    let saved = row.insert(tx).await?;
    insert_children(tx, saved.id, spec).await?;
    let detail = json!({ "title": spec.title, "parent": parent_id });
    audit::append(tx, actor, "round.create", &format!("round:{}", saved.id), detail).await?;
    Ok(saved.id)
}

/// Replaces a draft's definition.
pub async fn update(db: &DatabaseConnection, actor: &str, id: i32, spec: &RoundSpec) -> Result<Round, RoundError> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let existing = round::Entity::find_by_id(id).one(&tx).await?.ok_or(RoundError::NotFound)?;
    let status = Status::parse(&existing.status).ok_or_else(|| unexpected("status", &existing.status))?;
    if !status.is_editable() {
        return Err(RoundError::NotEditable(status));
    }
    check(spec, Lineage::of(existing.parent_id), status)?;
    let mut row = existing.into_active_model();
    settings_of(&mut row, spec);
    row.updated_at = Set(OffsetDateTime::now_utc());
    row.update(&tx).await?;
    delete_children(&tx, id).await?;
    insert_children(&tx, id, spec).await?;
    audit::append(&tx, actor, "round.update", &format!("round:{id}"), json!({ "title": spec.title })).await?;
    tx.commit().await?;
    load(db, id).await?.ok_or(RoundError::NotFound)
}

/// Every round, newest first (settings only).
pub async fn list(db: &DatabaseConnection) -> Result<Vec<round::Model>, DbErr> {
    round::Entity::find().order_by_desc(round::Column::Id).all(db).await
}

/// Moves a round through its lifecycle. Opening needs targets, categories and one overall item.
pub async fn transition(db: &DatabaseConnection, actor: &str, id: i32, t: Transition) -> Result<Round, RoundError> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    if tx.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        // Moves of one round take turns across server processes (the scheduler of each
        // may reach a round's time at once): the second reads the first's status.
        tx.execute(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT id FROM rounds WHERE id = $1 FOR UPDATE",
            [id.into()],
        ))
        .await?;
    }
    let current = load(&tx, id).await?.ok_or(RoundError::NotFound)?;
    let next = current.status.apply(t)?;
    if t == Transition::Open {
        let missing = current.spec.readiness();
        if !missing.is_empty() {
            return Err(RoundError::NotReady(missing));
        }
    }
    let now = OffsetDateTime::now_utc();
    round::ActiveModel {
        id: Set(id),
        status: Set(next.as_str().to_owned()),
        updated_at: Set(now),
        closed_at: if t == Transition::Close { Set(Some(now)) } else { sea_orm::ActiveValue::NotSet },
        ..Default::default()
    }
    .update(&tx)
    .await?;
    let action = format!("round.{}", t.as_str());
    audit::append(&tx, actor, &action, &format!("round:{id}"), json!({ "from": current.status, "to": next })).await?;
    // Flags are decided once, by the closing transaction, from the final tallies.
    match t {
        Transition::Close => {
            let def = crate::ssr::round_def::load_def(&tx, id).await?.ok_or(RoundError::NotFound)?;
            crate::ssr::flags::on_closed(&tx, &def).await?;
        }
        Transition::Publish => crate::ssr::notices::on_published(&tx, &current).await?,
        _ => {}
    }
    tx.commit().await?;
    if t == Transition::Close {
        // Nothing more can be cast: forget the order the ballots were written in.
        crate::ssr::seal::seal_in_background(db.clone(), id);
    }
    Ok(Round { status: next, ..current })
}

/// Copies a round's definition into a new draft, its title marked with `suffix`.
pub async fn copy(db: &DatabaseConnection, actor: &str, id: i32, suffix: &str) -> Result<Round, RoundError> {
    let source = load(db, id).await?.ok_or(RoundError::NotFound)?;
    let mut spec = source.spec;
    // A copy is a new draft: its times are set anew.
    (spec.opens_at, spec.closes_at) = (None, None);
    if spec.title.chars().count() + suffix.chars().count() <= crate::domain::round::MAX_TITLE {
        spec.title.push_str(suffix);
    }
    create(db, actor, &spec, None).await
}
