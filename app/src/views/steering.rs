//! Steering groups, viewer scopes, flags, lessons and the steering home, as pages show them.

use crate::domain::ledger::{MeasureStatus, ProblemSource};
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
    /// The rectification ledger: problems with their measures.
    pub problems: Vec<ProblemView>,
    /// Texts of the target's opinions to pick a problem from (shuffled).
    pub opinions: Vec<String>,
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
    /// Measures of the member's targets past their deadline and not done.
    pub overdue: Vec<OverdueMeasure>,
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
    /// Ledger measures past their deadline, counted per group.
    pub overdue_measures: OverdueByGroup,
}

/// A flag's rectification ledger (整改台账).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct LedgerView {
    /// The flag.
    pub flag: FlagView,
    /// Its problems, oldest first.
    pub problems: Vec<ProblemView>,
}

/// A problem of a ledger with its measures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ProblemView {
    /// Problem id.
    pub id: i32,
    /// Its title.
    pub title: String,
    /// Where it came from.
    pub source: ProblemSource,
    /// Who recorded it.
    pub author: String,
    /// Its measures, oldest first.
    pub measures: Vec<MeasureView>,
}

/// A measure of a ledger problem.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct MeasureView {
    /// Measure id.
    pub id: i32,
    /// What will be done.
    pub text: String,
    /// Who answers for it.
    pub owner: String,
    /// By when (`YYYY-MM-DD`).
    pub deadline: String,
    /// Where it stands.
    pub status: MeasureStatus,
    /// The day the status was set (`YYYY-MM-DD`).
    pub status_on: String,
    /// Evidence noted with the status.
    pub evidence: Option<String>,
    /// Past its deadline and not done.
    pub overdue: bool,
}

/// A measure past its deadline and not done, as the steering home and `/groups` list it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueMeasure {
    /// The flag whose ledger holds it.
    pub flag_id: i32,
    /// The flagged target's name.
    pub target: String,
    /// The problem's title.
    pub problem: String,
    /// The measure.
    pub text: String,
    /// Who answers for it.
    pub owner: String,
    /// Its deadline (`YYYY-MM-DD`).
    pub deadline: String,
}

/// Overdue measures counted per steering group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OverdueByGroup {
    /// Every overdue measure, earliest deadline first.
    pub measures: Vec<OverdueMeasure>,
    /// (group name, how many of them are its targets'), in the order of the groups.
    pub per_group: Vec<(String, usize)>,
}
