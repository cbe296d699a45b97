//! Steering groups (督导组), their members and assigned targets, and viewer scopes. Every
//! change is audited in its own transaction (RULES.md U1).

use crate::domain::account::Role;
use crate::ssr::access::account;
use crate::ssr::audit;
use crate::ssr::db::entities::{group_member, group_target, round, steering_group, target, user, viewer_scope};
use crate::ssr::steering_error::{InvalidInput, SteeringError, MAX_NAME};
use crate::views::steering::{AssignedTarget, GroupView, ScopeView};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Set, SqlErr,
};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;

/// Every steering group, by name, with its members and targets (three queries in all).
pub async fn groups<C: ConnectionTrait>(db: &C) -> Result<Vec<GroupView>, DbErr> {
    let users: HashMap<i32, String> = user::Entity::find().all(db).await?.into_iter().map(|u| (u.id, u.username)).collect();
    let mut members: HashMap<i32, Vec<String>> = HashMap::new();
    for m in group_member::Entity::find().all(db).await? {
        if let Some(name) = users.get(&m.user_id) {
            members.entry(m.group_id).or_default().push(name.clone());
        }
    }
    let mut targets: HashMap<i32, Vec<AssignedTarget>> = HashMap::new();
    for t in group_target::Entity::find().order_by_asc(group_target::Column::TargetKey).all(db).await? {
        targets.entry(t.group_id).or_default().push(AssignedTarget { key: t.target_key, name: t.name });
    }
    Ok(steering_group::Entity::find()
        .order_by_asc(steering_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| GroupView {
            id: g.id,
            name: g.name,
            members: members.remove(&g.id).unwrap_or_default(),
            targets: targets.remove(&g.id).unwrap_or_default(),
        })
        .collect())
}

/// Creates a steering group.
pub async fn create_group(db: &DatabaseConnection, actor: &str, name: &str) -> Result<i32, SteeringError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(SteeringError::Invalid(InvalidInput::GroupName));
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let saved =
        steering_group::ActiveModel { name: Set(name.to_owned()), created_at: Set(OffsetDateTime::now_utc()), ..Default::default() }
            .insert(&tx)
            .await
            .map_err(|e| match e.sql_err() {
                Some(SqlErr::UniqueConstraintViolation(_)) => SteeringError::Duplicate,
                _ => SteeringError::Db(e),
            })?;
    audit::append(&tx, actor, "group.create", &format!("group:{}", saved.id), json!({ "name": name })).await?;
    tx.commit().await?;
    Ok(saved.id)
}

async fn group_exists<C: ConnectionTrait>(db: &C, id: i32) -> Result<(), SteeringError> {
    steering_group::Entity::find_by_id(id).one(db).await?.map(|_| ()).ok_or(SteeringError::NotFound)
}

/// Adds (or with `add == false` removes) a steering account to a group.
pub async fn set_member(db: &DatabaseConnection, actor: &str, group: i32, username: &str, add: bool) -> Result<(), SteeringError> {
    group_exists(db, group).await?;
    let who = account(db, username.trim())
        .await?
        .filter(|u| u.role == Role::Steering.as_str())
        .ok_or(SteeringError::Invalid(InvalidInput::SteeringAccount))?;
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    group_member::Entity::delete_many()
        .filter(group_member::Column::GroupId.eq(group))
        .filter(group_member::Column::UserId.eq(who.id))
        .exec(&tx)
        .await?;
    if add {
        group_member::ActiveModel { group_id: Set(group), user_id: Set(who.id), seen_at: Set(None) }.insert(&tx).await?;
    }
    let action = if add { "group.member_add" } else { "group.member_remove" };
    audit::append(&tx, actor, action, &format!("group:{group}"), json!({ "username": who.username })).await?;
    tx.commit().await?;
    Ok(())
}

/// The newest name of a target key in any round.
pub async fn target_name<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<String>, DbErr> {
    Ok(target::Entity::find().filter(target::Column::Key.eq(key)).order_by_desc(target::Column::RoundId).one(db).await?.map(|t| t.name))
}

/// Assigns (or unassigns) a target key to a group; the key must exist in some round.
pub async fn set_target(db: &DatabaseConnection, actor: &str, group: i32, key: &str, add: bool) -> Result<(), SteeringError> {
    group_exists(db, group).await?;
    let key = key.trim();
    let name = target_name(db, key).await?;
    if add && name.is_none() {
        return Err(SteeringError::Invalid(InvalidInput::TargetKey));
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    group_target::Entity::delete_many()
        .filter(group_target::Column::GroupId.eq(group))
        .filter(group_target::Column::TargetKey.eq(key))
        .exec(&tx)
        .await?;
    if let (true, Some(name)) = (add, name) {
        group_target::ActiveModel { group_id: Set(group), target_key: Set(key.to_owned()), name: Set(name) }.insert(&tx).await?;
    }
    let action = if add { "group.target_assign" } else { "group.target_unassign" };
    audit::append(&tx, actor, action, &format!("group:{group}"), json!({ "target": key })).await?;
    tx.commit().await?;
    Ok(())
}

/// Every viewer scope entry.
pub async fn scopes<C: ConnectionTrait>(db: &C) -> Result<Vec<ScopeView>, DbErr> {
    let users: HashMap<i32, String> = user::Entity::find().all(db).await?.into_iter().map(|u| (u.id, u.username)).collect();
    Ok(viewer_scope::Entity::find()
        .order_by_asc(viewer_scope::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|s| ScopeView {
            id: s.id,
            username: users.get(&s.user_id).cloned().unwrap_or_default(),
            round_id: s.round_id,
            target_key: s.target_key,
        })
        .collect())
}

/// Grants a viewer a round or a unit.
pub async fn add_scope(
    db: &DatabaseConnection,
    actor: &str,
    username: &str,
    round_id: Option<i32>,
    key: Option<&str>,
) -> Result<(), SteeringError> {
    let who = account(db, username.trim())
        .await?
        .filter(|u| u.role == Role::Viewer.as_str())
        .ok_or(SteeringError::Invalid(InvalidInput::ViewerAccount))?;
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    match (round_id, key) {
        (Some(id), None) => {
            round::Entity::find_by_id(id).one(db).await?.ok_or(SteeringError::Invalid(InvalidInput::Round))?;
        }
        (None, Some(k)) => {
            target_name(db, k).await?.ok_or(SteeringError::Invalid(InvalidInput::TargetKey))?;
        }
        _ => return Err(SteeringError::Invalid(InvalidInput::Scope)),
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    viewer_scope::ActiveModel {
        user_id: Set(who.id),
        round_id: Set(round_id),
        target_key: Set(key.map(str::to_owned)),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(&tx, actor, "viewer.scope_add", &format!("user:{}", who.id), json!({ "round": round_id, "target": key })).await?;
    tx.commit().await?;
    Ok(())
}

/// Removes a viewer scope entry.
pub async fn remove_scope(db: &DatabaseConnection, actor: &str, id: i32) -> Result<(), SteeringError> {
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let res = viewer_scope::Entity::delete_by_id(id).exec(&tx).await?;
    if res.rows_affected == 0 {
        return Err(SteeringError::NotFound);
    }
    audit::append(&tx, actor, "viewer.scope_remove", &format!("scope:{id}"), json!({})).await?;
    tx.commit().await?;
    Ok(())
}
