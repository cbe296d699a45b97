//! A steering member's home page: their groups, their targets with the latest status, the
//! published rounds with those targets, what is new since the last visit, and the
//! measures of their targets' ledgers that are overdue.

use crate::domain::access::Targets;
use crate::domain::lifecycle::Status;
use crate::domain::notice::NoticeKind;
use crate::i18n::Locale;
use crate::ssr::access::account;
use crate::ssr::db::entities::{group_member, group_target, round, steering_group, target, target_flag};
use crate::ssr::flags::{day, flag_view};
use crate::ssr::steering_error::SteeringError;
use crate::views::steering::{FollowedTarget, NoticeView, SteeringHome};
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};
use std::collections::{BTreeSet, HashMap};
use time::OffsetDateTime;

/// How many notices the home page shows.
const NOTICES: usize = 30;

/// A published round with an assigned target: its title and each target's name and body.
struct Followed {
    title: String,
    targets: HashMap<String, (String, Option<String>)>,
}

/// Builds a steering member's home page in `locale` and marks its notices seen.
pub async fn home(db: &DatabaseConnection, username: &str, locale: Locale) -> Result<SteeringHome, SteeringError> {
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
    let mine = Targets::Only(assigned.iter().map(|t| t.target_key.clone()).collect());
    let followed = published_rounds(db, &mine).await?;
    let rounds: Vec<(i32, String)> = {
        let mut ids: Vec<&i32> = followed.keys().collect();
        ids.sort_unstable_by(|a, b| b.cmp(a));
        ids.into_iter().map(|id| (*id, followed[id].title.clone())).collect()
    };
    let published: Vec<i32> = followed.keys().copied().collect();
    let body_of = |round: i32, key: &str| followed.get(&round).and_then(|f| f.targets.get(key)).and_then(|(_, p)| p.clone());
    let flags = target_flag::Entity::find()
        .filter(target_flag::Column::RoundId.is_in(published.clone()))
        .order_by_desc(target_flag::Column::UpdatedAt)
        .order_by_desc(target_flag::Column::Id)
        .all(db)
        .await?;
    let targets = assigned
        .iter()
        .map(|a| {
            let latest = flags
                .iter()
                .find(|f| f.target_key == a.target_key || body_of(f.round_id, &f.target_key).as_deref() == Some(a.target_key.as_str()))
                .cloned()
                .map(flag_view);
            FollowedTarget { key: a.target_key.clone(), name: a.name.clone(), latest }
        })
        .collect();
    let visible: Vec<target_flag::Model> =
        flags.iter().filter(|f| mine.shows(&f.target_key, body_of(f.round_id, &f.target_key).as_deref())).cloned().collect();
    let overdue = crate::ssr::ledger::overdue_of(db, &visible, crate::ssr::ledger::today()).await?;
    let mut notices = Vec::new();
    for n in crate::ssr::notices::newest(db, 200).await? {
        let Some(round) = followed.get(&n.round_id) else { continue };
        let Some(kind) = NoticeKind::parse(&n.kind) else { continue };
        let name = match &n.target_key {
            Some(k) if !mine.shows(k, body_of(n.round_id, k).as_deref()) => continue,
            Some(k) => Some(round.targets.get(k).map_or(k.as_str(), |(name, _)| name.as_str())),
            None => None,
        };
        let b = n.at.to_offset(time::macros::offset!(+8));
        notices.push(NoticeView {
            at: format!("{} {:02}:{:02}", day(n.at), b.hour(), b.minute()),
            kind: n.kind.clone(),
            round_id: n.round_id,
            text: crate::i18n::notices::text(kind, locale, &round.title, name),
            new: seen.is_none_or(|s| n.at > s),
        });
        if notices.len() >= NOTICES {
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
    Ok(SteeringHome { groups, targets, rounds, notices, overdue })
}

/// The published (or archived) rounds with a target that `mine` shows, by id; every
/// round's targets are read in one query.
async fn published_rounds(db: &DatabaseConnection, mine: &Targets) -> Result<HashMap<i32, Followed>, SteeringError> {
    let published: HashMap<i32, String> = round::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .filter(|r| matches!(Status::parse(&r.status), Some(Status::Published | Status::Archived)))
        .map(|r| (r.id, r.title))
        .collect();
    let ids: Vec<i32> = published.keys().copied().collect();
    let mut targets: HashMap<i32, HashMap<String, (String, Option<String>)>> = HashMap::new();
    for t in target::Entity::find().filter(target::Column::RoundId.is_in(ids)).all(db).await? {
        targets.entry(t.round_id).or_default().insert(t.key, (t.name, t.parent_key));
    }
    let shown: BTreeSet<i32> =
        targets.iter().filter(|(_, ts)| ts.iter().any(|(k, (_, p))| mine.shows(k, p.as_deref()))).map(|(id, _)| *id).collect();
    Ok(published
        .into_iter()
        .filter(|(id, _)| shown.contains(id))
        .map(|(id, title)| (id, Followed { title, targets: targets.remove(&id).unwrap_or_default() }))
        .collect())
}
