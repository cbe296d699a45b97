//! Steering groups, viewer scopes, flags and re-evaluation (DOMAIN.md, "Re-evaluation",
//! "Roles"). Who may see what of a round is decided here, once, for pages, server
//! functions and the API alike: deny by default.

use crate::domain::account::Role;
use crate::domain::lifecycle::Status;
use crate::domain::reevaluation::{self, covers, FlagState, Refusal};
use crate::domain::round::{Round, RoundSpec};
use crate::domain::tally::{tally_round, FlagStatus};
use crate::i18n::Locale;
use crate::ssr::audit;
use crate::ssr::ballots::RoundDef;
use crate::ssr::db::entities::{
    group_member, group_target, lesson, notice, round, steering_group, target, target_flag, user, viewer_scope,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    PaginatorTrait, QuerySelect, Set, SqlErr,
};
pub use crate::server_fns::steering::{
    AssignedTarget, FlagDetail, FlagView, FollowedTarget, GroupView, LessonView, NoticeView, ScopeView, SteeringHome,
};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};
use time::OffsetDateTime;

/// The longest group name, lesson text and date field.
pub const MAX_NAME: usize = 100;
/// The longest text of one make-up lesson step.
pub const MAX_LESSON: usize = 4000;

/// Why a steering operation was refused; each says it in the user's language.
#[derive(Debug, thiserror::Error)]
pub enum SteeringError {
    /// Nothing with that id, or nothing the caller may know exists.
    #[error("not found")]
    NotFound,
    /// In the caller's view, but not allowed (yet): the reason is given.
    #[error("forbidden: {0}")]
    Forbidden(&'static str),
    /// Bad input: the reason is given.
    #[error("invalid: {0}")]
    Invalid(&'static str),
    /// The name is taken.
    #[error("duplicate")]
    Duplicate,
    /// A re-evaluation request that the rules refuse.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The database failed.
    #[error(transparent)]
    Db(#[from] DbErr),
}

impl SteeringError {
    /// HTTP status, API error code and the message in `locale`.
    pub fn describe(&self, locale: Locale) -> (u16, &'static str, String) {
        let zh = locale == Locale::Zh;
        let s = |z: &str, e: &str| if zh { z.to_owned() } else { e.to_owned() };
        match self {
            SteeringError::NotFound => (404, "not_found", s("找不到该对象。", "Not found.")),
            SteeringError::Forbidden(why) => (403, "forbidden", forbidden_text(why, zh)),
            SteeringError::Invalid(why) => (422, "validation_failed", invalid_text(why, zh)),
            SteeringError::Duplicate => (409, "duplicate", s("已有同名的督导组。", "A steering group of that name exists.")),
            SteeringError::Refused(r) => match r {
                Refusal::NotClosed(st) => (
                    409,
                    "round_not_closed",
                    if zh {
                        format!("只有已结束的测评轮次才能重新测评（当前为 {}）。", st.as_str())
                    } else {
                        format!("Only a closed round can be re-evaluated (this one is '{}').", st.as_str())
                    },
                ),
                Refusal::NoTargets => (422, "validation_failed", s("请至少选择一个需补课的测评对象。", "Choose at least one flagged target.")),
                Refusal::Unknown(k) => (
                    422,
                    "validation_failed",
                    if zh { format!("本轮没有代码为“{k}”的测评对象。") } else { format!("This round has no target '{k}'.") },
                ),
                Refusal::NotAssigned(k) => (
                    403,
                    "not_assigned",
                    if zh { format!("测评对象“{k}”不由您所在的督导组负责。") } else { format!("Target '{k}' is not assigned to your steering group.") },
                ),
                Refusal::NotFlagged(k) => (
                    409,
                    "not_flagged",
                    if zh { format!("测评对象“{k}”在本轮未被标记为需补课，无需重新测评。") } else { format!("Target '{k}' is not flagged in this round.") },
                ),
                Refusal::Pending(k) => (
                    409,
                    "reevaluation_pending",
                    if zh { format!("测评对象“{k}”已在重新测评中。") } else { format!("Target '{k}' is already being re-evaluated.") },
                ),
            },
            SteeringError::Db(_) => (500, "internal", s("服务器出错，请稍后再试。", "Something went wrong on the server. Please try again.")),
        }
    }
}

fn forbidden_text(why: &str, zh: bool) -> String {
    match (why, zh) {
        ("not_published", true) => "结果发布后才能查看。".to_owned(),
        ("not_published", false) => "Results can be read once they are published.".to_owned(),
        ("role", true) => "您的角色无权进行此操作。".to_owned(),
        (_, true) => "无权访问。".to_owned(),
        (_, false) => "You may not do that.".to_owned(),
    }
}

fn invalid_text(why: &str, zh: bool) -> String {
    let (z, e) = match why {
        "name" => ("督导组名称不能为空，且不超过 100 个字。", "The group name must be 1 to 100 characters."),
        "account" => ("没有该用户名的督导账号。", "There is no steering account with that username."),
        "viewer" => ("没有该用户名的观察员账号。", "There is no viewer account with that username."),
        "target" => ("任何测评轮次中都没有该代码的测评对象。", "No round has a target with that key."),
        "round" => ("没有该编号的测评轮次。", "There is no round with that number."),
        "scope" => ("请填写测评轮次编号或单位代码（二选一）。", "Give either a round number or a unit key."),
        "lesson" => ("请填写整改措施（不超过 4000 字）。", "Describe the step taken (up to 4,000 characters)."),
        "date" => ("日期格式应为 YYYY-MM-DD。", "The date must be YYYY-MM-DD."),
        "no_lessons" => ("请先记录至少一项整改措施。", "Record at least one step first."),
        _ => ("输入有误。", "Invalid input."),
    };
    if zh { z.to_owned() } else { e.to_owned() }
}

/// Which of a round's targets a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Targets {
    /// All of them.
    All,
    /// Those covered by these keys (a body's key covers its cadres).
    Only(BTreeSet<String>),
}

impl Targets {
    /// Whether a target (`key`, its body's key) is visible.
    pub fn shows(&self, key: &str, parent: Option<&str>) -> bool {
        match self {
            Targets::All => true,
            Targets::Only(keys) => covers(keys, key, parent),
        }
    }
}

/// What a caller may see of one round.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundAccess {
    /// The visible targets.
    pub targets: Targets,
    /// Tallies, charts and exports (closed for an admin, published for the others);
    /// otherwise turnout only.
    pub results: bool,
    /// Opinions of the ballots.
    pub opinions: bool,
}

/// The account's id and role by username (`None` if gone or disabled).
async fn account<C: ConnectionTrait>(db: &C, username: &str) -> Result<Option<user::Model>, DbErr> {
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

/// What a caller may see in general, resolved once per request: everything (admin), the
/// keys assigned to their groups (steering), or their rounds and units (viewer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Caller {
    /// The organization department.
    Admin,
    /// A steering member and the target keys assigned to their groups.
    Steering(BTreeSet<String>),
    /// A viewer, their rounds and their units (target keys).
    Viewer {
        /// Rounds granted whole.
        rounds: BTreeSet<i32>,
        /// Units granted in every round.
        keys: BTreeSet<String>,
    },
}

/// Resolves `username` (with `role`) into a [`Caller`]; a gone or disabled account sees nothing.
pub async fn caller<C: ConnectionTrait>(db: &C, username: &str, role: Role) -> Result<Caller, SteeringError> {
    if role == Role::Admin {
        return Ok(Caller::Admin);
    }
    let me = account(db, username).await?.ok_or(SteeringError::NotFound)?;
    if role == Role::Steering {
        return Ok(Caller::Steering(assigned_keys(db, me.id).await?));
    }
    let scopes = viewer_scope::Entity::find().filter(viewer_scope::Column::UserId.eq(me.id)).all(db).await?;
    Ok(Caller::Viewer {
        rounds: scopes.iter().filter_map(|s| s.round_id).collect(),
        keys: scopes.into_iter().filter_map(|s| s.target_key).collect(),
    })
}

/// Decides what `caller` may see of `round`: `NotFound` when nothing (ids of other
/// groups' rounds are not confirmed), `Forbidden` when it is in scope but not yet visible.
pub fn access(caller: &Caller, round: &Round) -> Result<RoundAccess, SteeringError> {
    let closed = !matches!(round.status, Status::Draft | Status::Open);
    let published = matches!(round.status, Status::Published | Status::Archived);
    let any_shown = |t: &Targets| round.spec.targets.iter().any(|x| t.shows(&x.key, x.parent.as_deref()));
    match caller {
        Caller::Admin => Ok(RoundAccess { targets: Targets::All, results: closed, opinions: closed }),
        Caller::Steering(keys) => {
            let mine = Targets::Only(keys.clone());
            if round.status == Status::Draft || !any_shown(&mine) {
                return Err(SteeringError::NotFound);
            }
            Ok(RoundAccess { targets: mine, results: published, opinions: published })
        }
        Caller::Viewer { rounds, keys } => {
            let targets = if rounds.contains(&round.id) {
                Targets::All
            } else {
                let t = Targets::Only(keys.clone());
                if !any_shown(&t) {
                    return Err(SteeringError::NotFound);
                }
                t
            };
            if round.status == Status::Draft {
                return Err(SteeringError::NotFound);
            }
            if !published {
                return Err(SteeringError::Forbidden("not_published"));
            }
            Ok(RoundAccess { targets, results: true, opinions: false })
        }
    }
}

/// [`caller`] and [`access`] for one round.
pub async fn round_access<C: ConnectionTrait>(db: &C, username: &str, role: Role, round: &Round) -> Result<RoundAccess, SteeringError> {
    access(&caller(db, username, role).await?, round)
}

/// Rounds a non-admin may list: those with a visible target (steering: not drafts;
/// viewer: published or archived only). The caller is resolved once, not per round.
pub async fn visible_rounds(db: &DatabaseConnection, username: &str, role: Role) -> Result<Vec<(i32, String, Status)>, SteeringError> {
    let who = caller(db, username, role).await?;
    let mut out = Vec::new();
    for r in round::Entity::find().order_by_desc(round::Column::Id).all(db).await? {
        let Some(full) = crate::ssr::rounds::load(db, r.id).await? else { continue };
        if let Ok(a) = access(&who, &full) {
            if role != Role::Viewer || a.results {
                out.push((r.id, r.title, full.status));
            }
        }
    }
    Ok(out)
}

/// Every steering group, by name.
pub async fn groups<C: ConnectionTrait>(db: &C) -> Result<Vec<GroupView>, DbErr> {
    let users: HashMap<i32, String> = user::Entity::find().all(db).await?.into_iter().map(|u| (u.id, u.username)).collect();
    let mut out = Vec::new();
    for g in steering_group::Entity::find().order_by_asc(steering_group::Column::Name).all(db).await? {
        let members = group_member::Entity::find()
            .filter(group_member::Column::GroupId.eq(g.id))
            .all(db)
            .await?
            .into_iter()
            .filter_map(|m| users.get(&m.user_id).cloned())
            .collect();
        let targets = group_target::Entity::find()
            .filter(group_target::Column::GroupId.eq(g.id))
            .order_by_asc(group_target::Column::TargetKey)
            .all(db)
            .await?
            .into_iter()
            .map(|t| AssignedTarget { key: t.target_key, name: t.name })
            .collect();
        out.push(GroupView { id: g.id, name: g.name, members, targets });
    }
    Ok(out)
}

/// Creates a steering group.
pub async fn create_group(db: &DatabaseConnection, actor: &str, name: &str) -> Result<i32, SteeringError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > MAX_NAME {
        return Err(SteeringError::Invalid("name"));
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let saved = steering_group::ActiveModel { name: Set(name.to_owned()), created_at: Set(OffsetDateTime::now_utc()), ..Default::default() }
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
    let who = account(db, username.trim()).await?.filter(|u| u.role == Role::Steering.as_str()).ok_or(SteeringError::Invalid("account"))?;
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
async fn target_name<C: ConnectionTrait>(db: &C, key: &str) -> Result<Option<String>, DbErr> {
    Ok(target::Entity::find()
        .filter(target::Column::Key.eq(key))
        .order_by_desc(target::Column::RoundId)
        .one(db)
        .await?
        .map(|t| t.name))
}

/// Assigns (or unassigns) a target key to a group; the key must exist in some round.
pub async fn set_target(db: &DatabaseConnection, actor: &str, group: i32, key: &str, add: bool) -> Result<(), SteeringError> {
    group_exists(db, group).await?;
    let key = key.trim();
    let name = target_name(db, key).await?;
    if add && name.is_none() {
        return Err(SteeringError::Invalid("target"));
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
        .map(|s| ScopeView { id: s.id, username: users.get(&s.user_id).cloned().unwrap_or_default(), round_id: s.round_id, target_key: s.target_key })
        .collect())
}

/// Grants a viewer a round or a unit.
pub async fn add_scope(db: &DatabaseConnection, actor: &str, username: &str, round_id: Option<i32>, key: Option<&str>) -> Result<(), SteeringError> {
    let who = account(db, username.trim()).await?.filter(|u| u.role == Role::Viewer.as_str()).ok_or(SteeringError::Invalid("viewer"))?;
    let key = key.map(str::trim).filter(|k| !k.is_empty());
    match (round_id, key) {
        (Some(id), None) => {
            round::Entity::find_by_id(id).one(db).await?.ok_or(SteeringError::Invalid("round"))?;
        }
        (None, Some(k)) => {
            target_name(db, k).await?.ok_or(SteeringError::Invalid("target"))?;
        }
        _ => return Err(SteeringError::Invalid("scope")),
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    viewer_scope::ActiveModel { user_id: Set(who.id), round_id: Set(round_id), target_key: Set(key.map(str::to_owned)), ..Default::default() }
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

async fn notify<C: ConnectionTrait>(db: &C, kind: &str, round_id: i32, key: Option<&str>, text: String) -> Result<(), DbErr> {
    notice::ActiveModel {
        at: Set(OffsetDateTime::now_utc()),
        kind: Set(kind.to_owned()),
        round_id: Set(round_id),
        target_key: Set(key.map(str::to_owned)),
        text: Set(text),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Records the flags of a round that just closed (inside the closing transaction): one
/// `flagged` row per target the flag rule flags; for a re-evaluation round, the parent's
/// `rectifying` flags move to `passed` or `still_flagged`.
pub async fn on_closed<C: ConnectionTrait>(db: &C, def: &RoundDef) -> Result<(), DbErr> {
    let spec = def.spec();
    let counts = crate::ssr::results::running_counts(db, def).await?;
    let tally = tally_round(spec, &counts);
    let now = OffsetDateTime::now_utc();
    let id = def.round.id;
    for tr in &tally.targets {
        let t = &spec.targets[tr.target];
        if tr.status == FlagStatus::Flagged {
            target_flag::ActiveModel {
                round_id: Set(id),
                target_key: Set(t.key.clone()),
                name: Set(t.name.clone()),
                status: Set(FlagState::Flagged.as_str().to_owned()),
                child_round_id: Set(None),
                lessons_done_at: Set(None),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?;
            notify(db, "flagged", id, Some(&t.key), format!("{}｜{}：需补课", spec.title, t.name)).await?;
        }
        if let Some(parent) = def.round.parent_id {
            let outcome = reevaluation::outcome(tr.status);
            let res = target_flag::Entity::update_many()
                .col_expr(target_flag::Column::Status, sea_orm::sea_query::Expr::value(outcome.as_str()))
                .col_expr(target_flag::Column::UpdatedAt, sea_orm::sea_query::Expr::value(now))
                .filter(target_flag::Column::RoundId.eq(parent))
                .filter(target_flag::Column::TargetKey.eq(t.key.clone()))
                .filter(target_flag::Column::ChildRoundId.eq(id))
                .exec(db)
                .await?;
            if res.rows_affected > 0 {
                let word = if outcome == FlagState::Passed { "重新测评通过" } else { "重新测评仍需补课" };
                notify(db, outcome.as_str(), id, Some(&t.key), format!("{}｜{}：{word}", spec.title, t.name)).await?;
            }
        }
    }
    Ok(())
}

/// Notes a round's publication for the steering members.
pub async fn on_published<C: ConnectionTrait>(db: &C, round: &Round) -> Result<(), DbErr> {
    notify(db, "published", round.id, None, format!("{}：结果已发布", round.spec.title)).await
}

/// The flag of each flagged target of a round, by key.
pub async fn flags_of<C: ConnectionTrait>(db: &C, round_id: i32) -> Result<HashMap<String, FlagView>, DbErr> {
    Ok(target_flag::Entity::find()
        .filter(target_flag::Column::RoundId.eq(round_id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| (f.target_key.clone(), flag_view(f)))
        .collect())
}


fn day(t: OffsetDateTime) -> String {
    let b = t.to_offset(time::macros::offset!(+8));
    format!("{:04}-{:02}-{:02}", b.year(), u8::from(b.month()), b.day())
}

fn flag_view(f: target_flag::Model) -> FlagView {
    FlagView {
        id: f.id,
        round_id: f.round_id,
        key: f.target_key,
        name: f.name,
        status: FlagState::parse(&f.status).unwrap_or(FlagState::Flagged),
        child_round_id: f.child_round_id,
        lessons_done: f.lessons_done_at.map(day),
        flagged_on: day(f.created_at),
    }
}



/// A flag the caller may see: admins see all; steering members those of their targets
/// in published rounds; nobody else any.
async fn visible_flag(db: &DatabaseConnection, username: &str, role: Role, id: i32) -> Result<(target_flag::Model, Round), SteeringError> {
    let f = target_flag::Entity::find_by_id(id).one(db).await?.ok_or(SteeringError::NotFound)?;
    let r = crate::ssr::rounds::load(db, f.round_id).await?.ok_or(SteeringError::NotFound)?;
    match role {
        Role::Admin => {}
        Role::Steering => {
            let a = round_access(db, username, role, &r).await?;
            let parent = r.spec.targets.iter().find(|t| t.key == f.target_key).and_then(|t| t.parent.clone());
            if !a.results || !a.targets.shows(&f.target_key, parent.as_deref()) {
                return Err(SteeringError::NotFound);
            }
        }
        Role::Viewer => return Err(SteeringError::NotFound),
    }
    Ok((f, r))
}

/// One flag with its lessons.
pub async fn flag_detail(db: &DatabaseConnection, username: &str, role: Role, id: i32) -> Result<FlagDetail, SteeringError> {
    let (f, r) = visible_flag(db, username, role, id).await?;
    let lessons = lesson::Entity::find()
        .filter(lesson::Column::FlagId.eq(id))
        .order_by_asc(lesson::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|l| LessonView { author: l.author, taken_on: l.taken_on, text: l.text })
        .collect();
    let flag = flag_view(f);
    let can_act = flag.status == FlagState::Flagged;
    Ok(FlagDetail { flag, round_title: r.spec.title, lessons, can_act })
}

fn valid_date(s: &str) -> bool {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &f).is_ok()
}

/// Records a make-up lesson step on a flag that is still `flagged`.
pub async fn add_lesson(db: &DatabaseConnection, username: &str, role: Role, id: i32, taken_on: &str, text: &str) -> Result<(), SteeringError> {
    let (f, _) = visible_flag(db, username, role, id).await?;
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_LESSON {
        return Err(SteeringError::Invalid("lesson"));
    }
    let taken_on = taken_on.trim();
    if !valid_date(taken_on) {
        return Err(SteeringError::Invalid("date"));
    }
    if f.status != FlagState::Flagged.as_str() {
        return Err(SteeringError::Refused(Refusal::NotFlagged(f.target_key)));
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    lesson::ActiveModel {
        flag_id: Set(id),
        author: Set(username.to_owned()),
        taken_on: Set(taken_on.to_owned()),
        text: Set(text.to_owned()),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(&tx, username, "flag.lesson", &format!("flag:{id}"), json!({ "taken_on": taken_on })).await?;
    tx.commit().await?;
    Ok(())
}

/// Marks the make-up lessons of a flag done (at least one step must be recorded).
pub async fn lessons_done(db: &DatabaseConnection, username: &str, role: Role, id: i32) -> Result<(), SteeringError> {
    let (f, _) = visible_flag(db, username, role, id).await?;
    if f.status != FlagState::Flagged.as_str() {
        return Err(SteeringError::Refused(Refusal::NotFlagged(f.target_key)));
    }
    let n = lesson::Entity::find().filter(lesson::Column::FlagId.eq(id)).count(db).await?;
    if n == 0 {
        return Err(SteeringError::Invalid("no_lessons"));
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let mut row: target_flag::ActiveModel = f.into();
    row.lessons_done_at = Set(Some(OffsetDateTime::now_utc()));
    row.updated_at = Set(OffsetDateTime::now_utc());
    row.update(&tx).await?;
    audit::append(&tx, username, "flag.lessons_done", &format!("flag:{id}"), json!({})).await?;
    tx.commit().await?;
    Ok(())
}

/// Triggers re-evaluation of flagged targets of round `id`: a child draft with the
/// parent's settings and only those targets; their flags move to `rectifying`. One
/// transaction: two concurrent requests for one target create one child.
pub async fn reevaluate(db: &DatabaseConnection, username: &str, role: Role, id: i32, requested: &[String]) -> Result<Round, SteeringError> {
    let parent = crate::ssr::rounds::load(db, id).await?.ok_or(SteeringError::NotFound)?;
    let access = match role {
        Role::Admin | Role::Steering => round_access(db, username, role, &parent).await?,
        Role::Viewer => return Err(SteeringError::NotFound),
    };
    if role == Role::Steering && !access.results {
        return Err(SteeringError::Forbidden("not_published"));
    }
    let flags: HashMap<String, FlagState> = flags_of(db, id).await?.into_iter().map(|(k, f)| (k, f.status)).collect();
    let keys: Vec<&str> = parent.spec.targets.iter().map(|t| t.key.as_str()).collect();
    let parents: HashMap<&str, Option<&str>> = parent.spec.targets.iter().map(|t| (t.key.as_str(), t.parent.as_deref())).collect();
    let mine = |k: &str| access.targets.shows(k, parents.get(k).copied().flatten());
    let chosen = reevaluation::check(parent.status, requested, &keys, &flags, (role == Role::Steering).then_some(&mine as &dyn Fn(&str) -> bool))?;
    let spec = child_spec(&parent.spec, &chosen);
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let child = crate::ssr::rounds::create_in(&tx, username, &spec, Some(id)).await.map_err(|e| match e {
        crate::ssr::rounds::RoundError::Db(e) => SteeringError::Db(e),
        other => SteeringError::Db(DbErr::Custom(format!("child round: {other}"))),
    })?;
    for key in &chosen {
        let res = target_flag::Entity::update_many()
            .col_expr(target_flag::Column::Status, sea_orm::sea_query::Expr::value(FlagState::Rectifying.as_str()))
            .col_expr(target_flag::Column::ChildRoundId, sea_orm::sea_query::Expr::value(child))
            .col_expr(target_flag::Column::UpdatedAt, sea_orm::sea_query::Expr::value(OffsetDateTime::now_utc()))
            .filter(target_flag::Column::RoundId.eq(id))
            .filter(target_flag::Column::TargetKey.eq(key.clone()))
            .filter(target_flag::Column::Status.eq(FlagState::Flagged.as_str()))
            .exec(&tx)
            .await?;
        if res.rows_affected != 1 {
            // Another request took it between the check and this transaction.
            return Err(SteeringError::Refused(Refusal::Pending(key.clone())));
        }
    }
    audit::append(&tx, username, "round.reevaluate", &format!("round:{id}"), json!({ "child": child, "targets": chosen })).await?;
    tx.commit().await?;
    crate::ssr::rounds::load(db, child).await?.ok_or(SteeringError::NotFound)
}

/// The child round's definition: the parent's settings, categories, items and scale,
/// only the chosen targets. A cadre whose body is not chosen keeps its body's key as its
/// unit, so the steering group assigned to the body still follows it.
pub fn child_spec(parent: &RoundSpec, chosen: &[String]) -> RoundSpec {
    let mut spec = parent.clone();
    spec.targets.retain(|t| chosen.contains(&t.key));
    let suffix = "（重新测评）";
    if spec.title.chars().count() + suffix.chars().count() <= crate::domain::round::MAX_TITLE {
        spec.title.push_str(suffix);
    }
    spec
}




/// Builds a steering member's home page and marks its notices seen.
pub async fn home(db: &DatabaseConnection, username: &str) -> Result<SteeringHome, SteeringError> {
    let me = account(db, username).await?.ok_or(SteeringError::NotFound)?;
    let memberships = group_member::Entity::find().filter(group_member::Column::UserId.eq(me.id)).all(db).await?;
    let group_ids: Vec<i32> = memberships.iter().map(|m| m.group_id).collect();
    let seen = memberships.iter().filter_map(|m| m.seen_at).max();
    let groups = steering_group::Entity::find()
        .filter(steering_group::Column::Id.is_in(group_ids.clone()))
        .order_by_asc(steering_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| g.name)
        .collect();
    let assigned = group_target::Entity::find()
        .filter(group_target::Column::GroupId.is_in(group_ids.clone()))
        .order_by_asc(group_target::Column::TargetKey)
        .all(db)
        .await?;
    let keys: BTreeSet<String> = assigned.iter().map(|t| t.target_key.clone()).collect();
    let mine = Targets::Only(keys.clone());
    // Rounds with an assigned target; flags only of published ones.
    let mut rounds = Vec::new();
    let mut published: BTreeSet<i32> = BTreeSet::new();
    let mut parent_of: HashMap<(i32, String), Option<String>> = HashMap::new();
    for r in round::Entity::find().order_by_desc(round::Column::Id).all(db).await? {
        let st = Status::parse(&r.status).unwrap_or(Status::Archived);
        if !matches!(st, Status::Published | Status::Archived) {
            continue;
        }
        let ts = target::Entity::find().filter(target::Column::RoundId.eq(r.id)).all(db).await?;
        let shown: Vec<&target::Model> = ts.iter().filter(|t| mine.shows(&t.key, t.parent_key.as_deref())).collect();
        if shown.is_empty() {
            continue;
        }
        for t in &ts {
            parent_of.insert((r.id, t.key.clone()), t.parent_key.clone());
        }
        published.insert(r.id);
        rounds.push((r.id, r.title));
    }
    let flags = target_flag::Entity::find()
        .filter(target_flag::Column::RoundId.is_in(published.iter().copied().collect::<Vec<_>>()))
        .order_by_desc(target_flag::Column::UpdatedAt)
        .order_by_desc(target_flag::Column::Id)
        .all(db)
        .await?;
    let targets = assigned
        .iter()
        .map(|a| {
            let latest = flags
                .iter()
                .find(|f| {
                    let parent = parent_of.get(&(f.round_id, f.target_key.clone())).cloned().flatten();
                    f.target_key == a.target_key || parent.as_deref() == Some(a.target_key.as_str())
                })
                .cloned()
                .map(flag_view);
            FollowedTarget { key: a.target_key.clone(), name: a.name.clone(), latest }
        })
        .collect();
    let mut notices = Vec::new();
    for n in notice::Entity::find().order_by_desc(notice::Column::Id).limit(200).all(db).await? {
        let relevant = published.contains(&n.round_id)
            && match &n.target_key {
                Some(k) => {
                    let parent = parent_of.get(&(n.round_id, k.clone())).cloned().flatten();
                    mine.shows(k, parent.as_deref())
                }
                None => true,
            };
        if relevant {
            let b = n.at.to_offset(time::macros::offset!(+8));
            notices.push(NoticeView {
                at: format!("{} {:02}:{:02}", day(n.at), b.hour(), b.minute()),
                kind: n.kind,
                round_id: n.round_id,
                text: n.text,
                new: seen.is_none_or(|s| n.at > s),
            });
        }
        if notices.len() >= 30 {
            break;
        }
    }
    if !group_ids.is_empty() {
        let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
        group_member::Entity::update_many()
            .col_expr(group_member::Column::SeenAt, sea_orm::sea_query::Expr::value(OffsetDateTime::now_utc()))
            .filter(group_member::Column::UserId.eq(me.id))
            .exec(&tx)
            .await?;
        tx.commit().await?;
    }
    Ok(SteeringHome { groups, targets, rounds, notices })
}

/// Flagged targets with no re-evaluation after `days` days, oldest first (for admins).
pub async fn overdue<C: ConnectionTrait>(db: &C, days: i64) -> Result<Vec<FlagView>, DbErr> {
    let before = OffsetDateTime::now_utc() - time::Duration::days(days);
    Ok(target_flag::Entity::find()
        .filter(target_flag::Column::Status.eq(FlagState::Flagged.as_str()))
        .filter(target_flag::Column::CreatedAt.lte(before))
        .order_by_asc(target_flag::Column::CreatedAt)
        .all(db)
        .await?
        .into_iter()
        .map(flag_view)
        .collect())
}

/// Every flag (for the admin's overview), newest first.
pub async fn all_flags<C: ConnectionTrait>(db: &C) -> Result<Vec<FlagView>, DbErr> {
    Ok(target_flag::Entity::find().order_by_desc(target_flag::Column::Id).all(db).await?.into_iter().map(flag_view).collect())
}

/// Days after which a flagged target without re-evaluation is listed as overdue
/// (`MINPING_REEVAL_DAYS`, default 30).
pub fn overdue_days() -> i64 {
    std::env::var("MINPING_REEVAL_DAYS").ok().and_then(|v| v.trim().parse().ok()).filter(|d: &i64| *d >= 0).unwrap_or(30)
}
