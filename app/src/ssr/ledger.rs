//! The rectification ledger of a flag (整改台账, RULES.md E2): problems and their measures,
//! kept by admins and the target's steering members (the same view as the flag's, see
//! [`flags::visible_flag`]); every change audited in the same transaction.

use crate::domain::access::Targets;
use crate::domain::ledger::{self, MeasureStatus, ProblemSource, Wrong};
use crate::ssr::audit;
use crate::ssr::db::entities::{group_target, measure, problem, steering_group, target, target_flag};
use crate::ssr::flags::{self, day};
use crate::ssr::steering_error::{InvalidInput, SteeringError};
use crate::views::auth::UserView;
use crate::views::steering::{FlagView, LedgerView, MeasureView, OverdueByGroup, OverdueMeasure, ProblemView};
use sea_orm::{ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set};
use serde_json::json;
use std::collections::HashMap;
use time::{Date, OffsetDateTime};

impl From<Wrong> for SteeringError {
    fn from(w: Wrong) -> Self {
        SteeringError::Invalid(InvalidInput::Ledger(w))
    }
}

/// Today in Beijing, the day deadlines are read against.
pub fn today() -> Date {
    OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8)).date()
}

fn flagged_on(f: &target_flag::Model) -> Date {
    f.created_at.to_offset(time::macros::offset!(+8)).date()
}

/// A measure row as the ledger shows it on `today`.
pub fn measure_view(m: measure::Model, today: Date) -> MeasureView {
    let status = MeasureStatus::parse(&m.status).unwrap_or(MeasureStatus::Todo);
    let overdue = ledger::parse_day(&m.deadline).is_some_and(|d| ledger::overdue(d, status, today));
    MeasureView {
        id: m.id,
        text: m.text,
        owner: m.owner,
        deadline: m.deadline,
        status,
        status_on: m.status_on,
        evidence: m.evidence,
        overdue,
    }
}

/// The problems (with their measures) of a flag, oldest first, as of `today`.
pub async fn problems_of<C: sea_orm::ConnectionTrait>(db: &C, flag_id: i32, today: Date) -> Result<Vec<ProblemView>, sea_orm::DbErr> {
    Ok(problems_by_flag(db, &[flag_id], today).await?.remove(&flag_id).unwrap_or_default())
}

/// The problems of each of these flags, as [`problems_of`] gives them, in two queries.
pub async fn problems_by_flag<C: sea_orm::ConnectionTrait>(
    db: &C,
    flag_ids: &[i32],
    today: Date,
) -> Result<HashMap<i32, Vec<ProblemView>>, sea_orm::DbErr> {
    let problems = problem::Entity::find()
        .filter(problem::Column::FlagId.is_in(flag_ids.iter().copied()))
        .order_by_asc(problem::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i32> = problems.iter().map(|p| p.id).collect();
    let mut by_problem: HashMap<i32, Vec<MeasureView>> = HashMap::new();
    for m in measure::Entity::find().filter(measure::Column::ProblemId.is_in(ids)).order_by_asc(measure::Column::Id).all(db).await? {
        by_problem.entry(m.problem_id).or_default().push(measure_view(m, today));
    }
    let mut out: HashMap<i32, Vec<ProblemView>> = HashMap::new();
    for p in problems {
        out.entry(p.flag_id).or_default().push(ProblemView {
            measures: by_problem.remove(&p.id).unwrap_or_default(),
            id: p.id,
            title: p.title,
            source: ProblemSource::parse(&p.source).unwrap_or(ProblemSource::Finding),
            author: p.author,
        });
    }
    Ok(out)
}

/// A flag's ledger, for a caller who may see the flag.
pub async fn ledger_of(db: &DatabaseConnection, user: &UserView, flag_id: i32) -> Result<LedgerView, SteeringError> {
    let (f, _) = flags::visible_flag(db, user, flag_id).await?;
    let problems = problems_of(db, flag_id, today()).await?;
    Ok(LedgerView { flag: flags::flag_view(f), problems })
}

/// The most opinions the flag page's picker offers.
pub const PICKER_MAX: usize = 500;

/// What the flag page's ledger needs, for a flag the caller may see (as
/// `flags::flag_detail` has checked): its problems and, to pick a problem from, the texts
/// of the target's opinions — shuffled, no category, at most [`PICKER_MAX`]: no more than
/// the results page's opinions show.
pub async fn flag_ledger(db: &DatabaseConnection, flag: &FlagView) -> Result<(Vec<ProblemView>, Vec<String>), SteeringError> {
    use rand::seq::SliceRandom;
    let problems = problems_of(db, flag.id, today()).await?;
    let def = crate::ssr::round_def::load_def(db, flag.round_id).await?.ok_or(SteeringError::NotFound)?;
    let only = Targets::Only([flag.key.clone()].into_iter().collect());
    let mut opinions = crate::ssr::results::opinion_texts(db, &def, &only).await?;
    opinions.shuffle(&mut rand::thread_rng());
    opinions.truncate(PICKER_MAX);
    Ok((problems, opinions))
}

/// Records a problem on a flag → its id.
pub async fn add_problem(db: &DatabaseConnection, user: &UserView, flag_id: i32, title: &str, source: &str) -> Result<i32, SteeringError> {
    let (_, _) = flags::visible_flag(db, user, flag_id).await?;
    let new = ledger::problem(title, source)?;
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let row = problem::ActiveModel {
        flag_id: Set(flag_id),
        title: Set(new.title.clone()),
        source: Set(new.source.as_str().to_owned()),
        author: Set(user.username.clone()),
        created_at: Set(OffsetDateTime::now_utc()),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(
        &tx,
        &user.username,
        "ledger.problem",
        &format!("flag:{flag_id}"),
        json!({ "problem": row.id, "source": new.source.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// The problem of that id and its flag, for a caller who may see the flag.
async fn visible_problem(db: &DatabaseConnection, user: &UserView, id: i32) -> Result<(problem::Model, target_flag::Model), SteeringError> {
    let p = problem::Entity::find_by_id(id).one(db).await?.ok_or(SteeringError::NotFound)?;
    let (f, _) = flags::visible_flag(db, user, p.flag_id).await?;
    Ok((p, f))
}

/// Records a measure on a problem → the flag's id.
pub async fn add_measure(
    db: &DatabaseConnection,
    user: &UserView,
    problem_id: i32,
    text: &str,
    owner: &str,
    deadline: &str,
) -> Result<i32, SteeringError> {
    let (p, f) = visible_problem(db, user, problem_id).await?;
    let new = ledger::measure(text, owner, deadline, flagged_on(&f))?;
    let now = OffsetDateTime::now_utc();
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let row = measure::ActiveModel {
        problem_id: Set(p.id),
        text: Set(new.text),
        owner: Set(new.owner),
        deadline: Set(new.deadline.to_string()),
        status: Set(MeasureStatus::Todo.as_str().to_owned()),
        status_on: Set(day(now)),
        evidence: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&tx)
    .await?;
    audit::append(
        &tx,
        &user.username,
        "ledger.measure",
        &format!("flag:{}", f.id),
        json!({ "problem": p.id, "measure": row.id, "deadline": row.deadline }),
    )
    .await?;
    tx.commit().await?;
    Ok(f.id)
}

/// Sets a measure's status (and evidence, when given) → the flag's id.
pub async fn set_status(
    db: &DatabaseConnection,
    user: &UserView,
    measure_id: i32,
    status: &str,
    evidence: Option<&str>,
) -> Result<i32, SteeringError> {
    let m = measure::Entity::find_by_id(measure_id).one(db).await?.ok_or(SteeringError::NotFound)?;
    let (_, f) = visible_problem(db, user, m.problem_id).await?;
    let (status, evidence) = ledger::status_change(status, evidence)?;
    let now = OffsetDateTime::now_utc();
    let (_turn, tx) = crate::ssr::db::begin_write(db).await?;
    let mut row: measure::ActiveModel = m.into();
    row.status = Set(status.as_str().to_owned());
    row.status_on = Set(day(now));
    if evidence.is_some() {
        row.evidence = Set(evidence);
    }
    row.updated_at = Set(now);
    row.update(&tx).await?;
    audit::append(
        &tx,
        &user.username,
        "ledger.status",
        &format!("flag:{}", f.id),
        json!({ "measure": measure_id, "status": status.as_str() }),
    )
    .await?;
    tx.commit().await?;
    Ok(f.id)
}

/// The ledgers a results page shows beside round `round_id`'s numbers: of its own flags
/// and, for a re-evaluation, of the parent's flags it re-evaluates — those of targets
/// the caller sees (`shows(key)`), in the round's target order.
pub async fn ledgers_for<C: sea_orm::ConnectionTrait>(
    db: &C,
    round_id: i32,
    order: &[&str],
    shows: impl Fn(&str) -> bool,
) -> Result<Vec<LedgerView>, sea_orm::DbErr> {
    use sea_orm::Condition;
    let mut flags: Vec<target_flag::Model> = target_flag::Entity::find()
        .filter(Condition::any().add(target_flag::Column::RoundId.eq(round_id)).add(target_flag::Column::ChildRoundId.eq(round_id)))
        .all(db)
        .await?
        .into_iter()
        .filter(|f| shows(&f.target_key))
        .collect();
    flags.sort_by_key(|f| (order.iter().position(|k| *k == f.target_key).unwrap_or(usize::MAX), f.round_id != round_id, f.id));
    let ids: Vec<i32> = flags.iter().map(|f| f.id).collect();
    let mut problems = problems_by_flag(db, &ids, today()).await?;
    Ok(flags.into_iter().map(|f| LedgerView { problems: problems.remove(&f.id).unwrap_or_default(), flag: flags::flag_view(f) }).collect())
}

/// The ledger of round `id` for its XLSX export: the title and the ledgers of its own
/// flags that the caller may keep (admins all; steering members their targets', once
/// published; anyone else none: 404), the export audited as `ledger.export`.
pub async fn round_ledger(db: &DatabaseConnection, user: &UserView, id: i32) -> Result<(String, Vec<LedgerView>), SteeringError> {
    use crate::domain::account::Role;
    let r = crate::ssr::round_def::load(db, id).await?.ok_or(SteeringError::RoundNotFound)?;
    let access = match user.role {
        Role::Admin | Role::Steering => crate::ssr::access::round_access(db, user, &r).await?,
        Role::Viewer | Role::Clerk => return Err(SteeringError::RoundNotFound),
    };
    if user.role == Role::Steering && !access.results {
        return Err(SteeringError::NotPublished);
    }
    let order: Vec<&str> = r.spec.targets.iter().map(|t| t.key.as_str()).collect();
    let parent = |k: &str| r.spec.targets.iter().find(|t| t.key == k).and_then(|t| t.parent.as_deref());
    let all = ledgers_for(db, id, &order, |k| access.targets.shows(k, parent(k))).await?;
    let own: Vec<LedgerView> = all.into_iter().filter(|l| l.flag.round_id == id).collect();
    audit::record(db, &user.username, "ledger.export", &format!("round:{id}"), json!({ "format": "xlsx" })).await?;
    Ok((r.spec.title, own))
}

/// How many measures of these flags' ledgers are not done.
pub async fn open_measures<C: sea_orm::ConnectionTrait>(db: &C, flag_ids: &[i32]) -> Result<u64, sea_orm::DbErr> {
    use sea_orm::PaginatorTrait;
    if flag_ids.is_empty() {
        return Ok(0);
    }
    let problems: Vec<i32> = problem::Entity::find()
        .filter(problem::Column::FlagId.is_in(flag_ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    if problems.is_empty() {
        return Ok(0);
    }
    measure::Entity::find()
        .filter(measure::Column::ProblemId.is_in(problems))
        .filter(measure::Column::Status.ne(MeasureStatus::Done.as_str()))
        .count(db)
        .await
}

/// The measures of these flags past their deadline on `today` and not done, earliest
/// deadline first.
pub async fn overdue_of<C: sea_orm::ConnectionTrait>(
    db: &C,
    flags: &[target_flag::Model],
    today: Date,
) -> Result<Vec<OverdueMeasure>, sea_orm::DbErr> {
    let names: HashMap<i32, &str> = flags.iter().map(|f| (f.id, f.name.as_str())).collect();
    let problems: HashMap<i32, problem::Model> = problem::Entity::find()
        .filter(problem::Column::FlagId.is_in(names.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p))
        .collect();
    let mut out: Vec<OverdueMeasure> = measure::Entity::find()
        .filter(measure::Column::ProblemId.is_in(problems.keys().copied()))
        .filter(measure::Column::Status.ne(MeasureStatus::Done.as_str()))
        .order_by_asc(measure::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter(|m| ledger::parse_day(&m.deadline).is_some_and(|d| ledger::overdue(d, MeasureStatus::Todo, today)))
        .filter_map(|m| {
            let p = problems.get(&m.problem_id)?;
            Some(OverdueMeasure {
                flag_id: p.flag_id,
                target: names.get(&p.flag_id).copied().unwrap_or_default().to_owned(),
                problem: p.title.clone(),
                text: m.text,
                owner: m.owner,
                deadline: m.deadline,
            })
        })
        .collect();
    out.sort_by(|a, b| a.deadline.cmp(&b.deadline));
    Ok(out)
}

/// Every overdue measure on `today` (for admins), and how many belong to each group's
/// targets (a body's key covers its cadres).
pub async fn overdue_by_group<C: sea_orm::ConnectionTrait>(db: &C, today: Date) -> Result<OverdueByGroup, sea_orm::DbErr> {
    let flags = target_flag::Entity::find().all(db).await?;
    let measures = overdue_of(db, &flags, today).await?;
    let flagged: HashMap<i32, &target_flag::Model> = flags.iter().map(|f| (f.id, f)).collect();
    let rounds: Vec<i32> = flags.iter().map(|f| f.round_id).collect();
    let parents: HashMap<(i32, String), Option<String>> = target::Entity::find()
        .filter(target::Column::RoundId.is_in(rounds))
        .all(db)
        .await?
        .into_iter()
        .map(|t| ((t.round_id, t.key), t.parent_key))
        .collect();
    let assigned = group_target::Entity::find().all(db).await?;
    let per_group = steering_group::Entity::find()
        .order_by_asc(steering_group::Column::Name)
        .all(db)
        .await?
        .into_iter()
        .map(|g| {
            let keys = Targets::Only(assigned.iter().filter(|a| a.group_id == g.id).map(|a| a.target_key.clone()).collect());
            let n = measures
                .iter()
                .filter_map(|m| flagged.get(&m.flag_id))
                .filter(|f| keys.shows(&f.target_key, parents.get(&(f.round_id, f.target_key.clone())).cloned().flatten().as_deref()))
                .count();
            (g.name, n)
        })
        .collect();
    Ok(OverdueByGroup { measures, per_group })
}
