//! Steering groups, viewer scopes, flags, lessons and the steering home, as pages show them.

use crate::domain::reevaluation::FlagState;
use serde::{Deserialize, Serialize};

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
