//! Reading steering groups, flags and a steering member's home (changes go through form
//! posts and the JSON API). Every function checks the caller's role on the server.

use crate::error::AppError;
#[cfg(feature = "ssr")]
use crate::ssr::steering::SteeringError;
use crate::domain::reevaluation::FlagState;
use serde::{Deserialize, Serialize};
use leptos::prelude::*;

/// A steering member's home page: groups, targets with their latest status, published
/// rounds, notices (marked seen by this visit).
#[server(prefix = "/sfn", endpoint = "steering_home")]
pub async fn load_steering_home() -> Result<SteeringHome, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Steering]).await?;
    crate::ssr::steering::home(&state.db, &user.username).await.map_err(map)
}

/// A viewer's home page: the published rounds in scope.
#[server(prefix = "/sfn", endpoint = "viewer_rounds")]
pub async fn viewer_rounds() -> Result<Vec<(i32, String)>, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Viewer]).await?;
    let list = crate::ssr::steering::visible_rounds(&state.db, &user.username, user.role).await.map_err(map)?;
    Ok(list.into_iter().map(|(id, title, _)| (id, title)).collect())
}

/// One flag with its lessons (admin; steering members of the target).
#[server(prefix = "/sfn", endpoint = "get_flag")]
pub async fn get_flag(id: i32) -> Result<FlagDetail, AppError> {
    use crate::domain::account::Role;
    let (state, user) = crate::ssr::auth::require_role(&[Role::Admin, Role::Steering]).await?;
    crate::ssr::steering::flag_detail(&state.db, &user.username, user.role, id).await.map_err(map)
}

/// The admin's page of groups, viewer scopes, flags and overdue re-evaluations.
#[server(prefix = "/sfn", endpoint = "groups_admin")]
pub async fn load_groups_admin() -> Result<GroupsAdmin, AppError> {
    use crate::domain::account::Role;
    let (state, _) = crate::ssr::auth::require_role(&[Role::Admin]).await?;
    let days = crate::ssr::steering::overdue_days();
    Ok(GroupsAdmin {
        groups: crate::ssr::steering::groups(&state.db).await?,
        scopes: crate::ssr::steering::scopes(&state.db).await?,
        flags: crate::ssr::steering::all_flags(&state.db).await?,
        overdue: crate::ssr::steering::overdue(&state.db, days).await?,
        overdue_days: days,
    })
}

#[cfg(feature = "ssr")]
fn map(e: SteeringError) -> AppError {
    crate::ssr::results_page::page_error(e)
}

/// A steering group with its members and targets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct GroupView {
    /// Group id.
    pub id: i32,
    /// Name.
    pub name: String,
    /// Usernames of its members.
    pub members: Vec<String>,
    /// Assigned targets.
    pub targets: Vec<AssignedTarget>,
}

/// A target key assigned to a group, with its newest name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct AssignedTarget {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
}

/// A viewer's scope entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScopeView {
    /// Entry id.
    pub id: i32,
    /// The viewer.
    pub username: String,
    /// A round, or
    pub round_id: Option<i32>,
    /// a unit (target key) in every round.
    pub target_key: Option<String>,
}

/// A flag as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct FlagView {
    /// Flag id.
    pub id: i32,
    /// The round that flagged the target.
    pub round_id: i32,
    /// Target key.
    pub key: String,
    /// Target name.
    pub name: String,
    /// Where it stands.
    pub status: FlagState,
    /// The re-evaluation round, once triggered.
    pub child_round_id: Option<i32>,
    /// When the lessons were marked done (`YYYY-MM-DD`).
    pub lessons_done: Option<String>,
    /// When the target was flagged (`YYYY-MM-DD`).
    pub flagged_on: String,
}

/// A make-up lesson step.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LessonView {
    /// Who recorded it.
    pub author: String,
    /// When the step was taken (`YYYY-MM-DD`).
    pub taken_on: String,
    /// What was done.
    pub text: String,
}

/// A flag with its round's title and its lessons.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FlagDetail {
    /// The flag.
    pub flag: FlagView,
    /// The title of the round that flagged it.
    pub round_title: String,
    /// Steps recorded, oldest first.
    pub lessons: Vec<LessonView>,
    /// Whether the caller may record lessons and trigger re-evaluation.
    pub can_act: bool,
}

/// A target followed by a steering member, with its latest flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FollowedTarget {
    /// Key.
    pub key: String,
    /// Name.
    pub name: String,
    /// The newest flag of this target (or of one of its cadres), if any.
    pub latest: Option<FlagView>,
}

/// One notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NoticeView {
    /// When (`YYYY-MM-DD HH:MM`, Beijing time).
    pub at: String,
    /// `published`, `flagged`, `passed`, `still_flagged`.
    pub kind: String,
    /// The round concerned.
    pub round_id: i32,
    /// What happened.
    pub text: String,
    /// Not seen before this visit.
    pub new: bool,
}

/// A steering member's home page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SteeringHome {
    /// The member's groups.
    pub groups: Vec<String>,
    /// Assigned targets with their latest status.
    pub targets: Vec<FollowedTarget>,
    /// Published rounds with assigned targets: (id, title).
    pub rounds: Vec<(i32, String)>,
    /// Newest first.
    pub notices: Vec<NoticeView>,
}

/// The admin's page of steering groups.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupsAdmin {
    /// Every group.
    pub groups: Vec<GroupView>,
    /// Every viewer scope entry.
    pub scopes: Vec<ScopeView>,
    /// Every flag, newest first.
    pub flags: Vec<FlagView>,
    /// Flags with no re-evaluation after `overdue_days`.
    pub overdue: Vec<FlagView>,
    /// The setting `MINPING_REEVAL_DAYS`.
    pub overdue_days: i64,
}
