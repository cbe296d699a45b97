//! Re-evaluation (RULES.md E1): a child round over flagged targets, after make-up lessons.

use crate::domain::account::Role;
use crate::domain::reevaluation::{self, FlagState, Refusal};
use crate::domain::round::{Round, RoundSpec};
use crate::ssr::access::round_access;
use crate::ssr::audit;
use crate::ssr::db::entities::target_flag;
use crate::ssr::flags::flags_of;
use crate::ssr::steering_error::SteeringError;
use crate::views::auth::UserView;
use sea_orm::{ColumnTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};
use serde_json::json;
use std::collections::HashMap;
use time::OffsetDateTime;

/// Triggers re-evaluation of flagged targets of round `id`: a child draft with the
/// parent's settings and only those targets; their flags move to `rectifying`. One
/// transaction: two concurrent requests for one target create one child. While measures
/// of their ledgers are not done, only when `confirmed` (else the refusal says how many).
pub async fn reevaluate(
    db: &DatabaseConnection,
    user: &UserView,
    id: i32,
    requested: &[String],
    confirmed: bool,
    title_suffix: &str,
) -> Result<Round, SteeringError> {
    let (username, role) = (user.username.as_str(), user.role);
    let parent = crate::ssr::round_def::load(db, id).await?.ok_or(SteeringError::RoundNotFound)?;
    let access = match role {
        Role::Admin | Role::Steering => round_access(db, user, &parent).await?,
        Role::Viewer | Role::Clerk => return Err(SteeringError::RoundNotFound),
    };
    if role == Role::Steering && !access.results {
        return Err(SteeringError::NotPublished);
    }
    let all = flags_of(db, id).await?;
    let flags: HashMap<String, FlagState> = all.iter().map(|(k, f)| (k.clone(), f.status)).collect();
    let keys: Vec<&str> = parent.spec.targets.iter().map(|t| t.key.as_str()).collect();
    let parents: HashMap<&str, Option<&str>> = parent.spec.targets.iter().map(|t| (t.key.as_str(), t.parent.as_deref())).collect();
    let mine = |k: &str| access.targets.shows(k, parents.get(k).copied().flatten());
    let chosen =
        reevaluation::check(parent.status, requested, &keys, &flags, (role == Role::Steering).then_some(&mine as &dyn Fn(&str) -> bool))?;
    if !confirmed {
        let ids: Vec<i32> = chosen.iter().filter_map(|k| all.get(k)).map(|f| f.id).collect();
        let open = crate::ssr::ledger::open_measures(db, &ids).await?;
        if open > 0 {
            return Err(SteeringError::Refused(Refusal::MeasuresOpen(open)));
        }
    }
    let spec = child_spec(&parent.spec, &chosen, title_suffix);
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
    crate::ssr::round_def::load(db, child).await?.ok_or(SteeringError::NotFound)
}

/// The child round's definition: the parent's settings, categories, items and scale,
/// only the chosen targets, its title marked with `suffix`. A cadre whose body is not chosen keeps its body's key as its
/// unit, so the steering group assigned to the body still follows it.
pub fn child_spec(parent: &RoundSpec, chosen: &[String], suffix: &str) -> RoundSpec {
    let mut spec = parent.clone();
    (spec.opens_at, spec.closes_at) = (None, None);
    spec.targets.retain(|t| chosen.contains(&t.key));
    if spec.title.chars().count() + suffix.chars().count() <= crate::domain::round::MAX_TITLE {
        spec.title.push_str(suffix);
    }
    spec
}
