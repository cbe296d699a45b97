//! Who is asking, loaded once per request: the caller's assigned keys or viewer scopes,
//! then the pure policy of `domain::access` for each round (RULES.md P1).

use crate::domain::access::{access, Caller, RoundAccess};
use crate::domain::account::Role;
use crate::domain::lifecycle::Status;
use crate::domain::round::{Round, TargetKind, TargetSpec};
use crate::ssr::db::entities::{group_member, group_target, round, target, user, viewer_scope};
use crate::ssr::steering_error::SteeringError;
use crate::views::auth::UserView;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};

/// The account by username (`None` if gone or disabled).
pub async fn account<C: ConnectionTrait>(db: &C, username: &str) -> Result<Option<user::Model>, DbErr> {
    Ok(user::Entity::find().filter(user::Column::Username.eq(username)).one(db).await?.filter(|u| !u.disabled))
}

/// Target keys assigned to the steering groups of `user_id`.
pub async fn assigned_keys<C: ConnectionTrait>(db: &C, user_id: i32) -> Result<BTreeSet<String>, DbErr> {
    let groups: Vec<i32> = group_member::Entity::find()
        .filter(group_member::Column::UserId.eq(user_id))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.group_id)
        .collect();
    if groups.is_empty() {
        return Ok(BTreeSet::new());
    }
    Ok(group_target::Entity::find()
        .filter(group_target::Column::GroupId.is_in(groups))
        .all(db)
        .await?
        .into_iter()
        .map(|t| t.target_key)
        .collect())
}

/// Resolves the signed-in account into a [`Caller`]; a gone or disabled account sees nothing.
pub async fn caller<C: ConnectionTrait>(db: &C, user: &UserView) -> Result<Caller, SteeringError> {
    if user.role == Role::Admin {
        return Ok(Caller::Admin);
    }
    if user.role == Role::Clerk {
        // A clerk enters paper ballots and sees no round's results, whatever was granted.
        return Ok(Caller::Viewer { rounds: BTreeSet::new(), keys: BTreeSet::new() });
    }
    let me = account(db, &user.username).await?.ok_or(SteeringError::NotFound)?;
    if user.role == Role::Steering {
        return Ok(Caller::Steering(assigned_keys(db, me.id).await?));
    }
    let scopes = viewer_scope::Entity::find().filter(viewer_scope::Column::UserId.eq(me.id)).all(db).await?;
    Ok(Caller::Viewer {
        rounds: scopes.iter().filter_map(|s| s.round_id).collect(),
        keys: scopes.into_iter().filter_map(|s| s.target_key).collect(),
    })
}

/// [`caller`] and [`access`] for one round.
pub async fn round_access<C: ConnectionTrait>(db: &C, user: &UserView, round: &Round) -> Result<RoundAccess, SteeringError> {
    Ok(access(&caller(db, user).await?, round)?)
}

/// Rounds a non-admin may list: those with a visible target (steering: not drafts;
/// viewer: published or archived only). The caller and every round's targets are read
/// once (no query per round).
pub async fn visible_rounds<C: ConnectionTrait>(db: &C, user: &UserView) -> Result<Vec<(i32, String, Status)>, SteeringError> {
    let who = caller(db, user).await?;
    let mut targets: HashMap<i32, Vec<TargetSpec>> = HashMap::new();
    for t in target::Entity::find().order_by_asc(target::Column::Position).all(db).await? {
        let kind = TargetKind::parse(&t.kind).unwrap_or(TargetKind::Body);
        targets.entry(t.round_id).or_default().push(TargetSpec { key: t.key, name: t.name, kind, parent: t.parent_key, position: None });
    }
    let mut out = Vec::new();
    for r in round::Entity::find().order_by_desc(round::Column::Id).all(db).await? {
        let Some(status) = Status::parse(&r.status) else { continue };
        let mut spec = crate::domain::round::RoundSpec::titled(&r.title);
        spec.targets = targets.remove(&r.id).unwrap_or_default();
        let round = Round { id: r.id, parent_id: r.parent_id, status, spec };
        if let Ok(a) = access(&who, &round) {
            if user.role != Role::Viewer || a.results {
                out.push((r.id, r.title, status));
            }
        }
    }
    Ok(out)
}
