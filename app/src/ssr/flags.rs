//! Flags (需补课): written by the closing transaction from the final tallies (RULES.md
//! T3, E1), read by pages and the API, and the make-up lessons recorded on them.

use crate::domain::account::Role;
use crate::domain::notice::NoticeKind;
use crate::domain::reevaluation::{self, FlagState, Refusal};
use crate::domain::round::Round;
use crate::domain::tally::{tally_round, FlagStatus};
use crate::ssr::access::round_access;
use crate::ssr::audit;
use crate::ssr::db::entities::{lesson, target_flag};
use crate::ssr::notices::notify;
use crate::ssr::round_def::RoundDef;
use crate::ssr::steering_error::{InvalidInput, SteeringError, MAX_LESSON};
use crate::views::auth::UserView;
use crate::views::steering::{FlagDetail, FlagView, LessonView};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;

/// Records the flags of a round that just closed (inside the closing transaction): one
/// `flagged` row per target the flag rule flags; for a re-evaluation round, the parent's
/// `rectifying` flags move to `passed` or `still_flagged`.
pub async fn on_closed<C: ConnectionTrait>(db: &C, def: &RoundDef) -> Result<(), DbErr> {
    let spec = def.spec();
    let counts = crate::ssr::tallies::running_counts(db, def).await?;
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
            notify(db, NoticeKind::Flagged, id, Some(&t.key)).await?;
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
                let kind = if outcome == FlagState::Passed { NoticeKind::Passed } else { NoticeKind::StillFlagged };
                notify(db, kind, id, Some(&t.key)).await?;
            }
        }
    }
    Ok(())
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

/// A day as pages show it (`YYYY-MM-DD`, Beijing time).
pub fn day(t: OffsetDateTime) -> String {
    let b = t.to_offset(time::macros::offset!(+8));
    format!("{:04}-{:02}-{:02}", b.year(), u8::from(b.month()), b.day())
}

/// A flag row as pages and the API show it.
pub fn flag_view(f: target_flag::Model) -> FlagView {
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
pub(crate) async fn visible_flag(db: &DatabaseConnection, user: &UserView, id: i32) -> Result<(target_flag::Model, Round), SteeringError> {
    let f = target_flag::Entity::find_by_id(id).one(db).await?.ok_or(SteeringError::NotFound)?;
    let r = crate::ssr::round_def::load(db, f.round_id).await?.ok_or(SteeringError::NotFound)?;
    match user.role {
        Role::Admin => {}
        Role::Steering => {
            // A round out of view hides its flags as if they did not exist.
            let a = round_access(db, user, &r).await.map_err(|e| match e {
                SteeringError::RoundNotFound => SteeringError::NotFound,
                e => e,
            })?;
            let parent = r.spec.targets.iter().find(|t| t.key == f.target_key).and_then(|t| t.parent.clone());
            if !a.results || !a.targets.shows(&f.target_key, parent.as_deref()) {
                return Err(SteeringError::NotFound);
            }
        }
        Role::Viewer | Role::Clerk => return Err(SteeringError::NotFound),
    }
    Ok((f, r))
}

/// One flag with its lessons (the ledger is added by `ledger::flag_ledger`).
pub async fn flag_detail(db: &DatabaseConnection, user: &UserView, id: i32) -> Result<FlagDetail, SteeringError> {
    let (f, r) = visible_flag(db, user, id).await?;
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
    Ok(FlagDetail { flag, round_title: r.spec.title, lessons, can_act, problems: Vec::new(), opinions: Vec::new() })
}

fn valid_date(s: &str) -> bool {
    let f = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(s, &f).is_ok()
}

/// Records a make-up lesson step on a flag that is still `flagged`.
pub async fn add_lesson(db: &DatabaseConnection, user: &UserView, id: i32, taken_on: &str, text: &str) -> Result<(), SteeringError> {
    let (f, _) = visible_flag(db, user, id).await?;
    let username = user.username.as_str();
    let text = text.trim();
    if text.is_empty() || text.chars().count() > MAX_LESSON {
        return Err(SteeringError::Invalid(InvalidInput::LessonText));
    }
    let taken_on = taken_on.trim();
    if !valid_date(taken_on) {
        return Err(SteeringError::Invalid(InvalidInput::Date));
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
pub async fn lessons_done(db: &DatabaseConnection, user: &UserView, id: i32) -> Result<(), SteeringError> {
    let (f, _) = visible_flag(db, user, id).await?;
    if f.status != FlagState::Flagged.as_str() {
        return Err(SteeringError::Refused(Refusal::NotFlagged(f.target_key)));
    }
    let n = lesson::Entity::find().filter(lesson::Column::FlagId.eq(id)).count(db).await?;
    if n == 0 {
        return Err(SteeringError::Invalid(InvalidInput::NoLessons));
    }
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let mut row: target_flag::ActiveModel = f.into();
    row.lessons_done_at = Set(Some(OffsetDateTime::now_utc()));
    row.updated_at = Set(OffsetDateTime::now_utc());
    row.update(&tx).await?;
    audit::append(&tx, &user.username, "flag.lessons_done", &format!("flag:{id}"), json!({})).await?;
    tx.commit().await?;
    Ok(())
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
