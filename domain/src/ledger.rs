//! The rectification ledger (整改台账) of a flag (RULES.md E2): problems, each with
//! measures that have an owner, a deadline and a status. Pure rules: what a problem and a
//! measure may hold, which statuses exist, and when a measure is overdue.

use serde::{Deserialize, Serialize};
use time::Date;

/// The longest problem title.
pub const MAX_TITLE: usize = 200;
/// The longest text of one measure.
pub const MAX_MEASURE: usize = 2000;
/// The longest owner (person or office responsible).
pub const MAX_OWNER: usize = 64;
/// The longest evidence note.
pub const MAX_EVIDENCE: usize = 4000;

/// Where a problem came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ProblemSource {
    /// Picked from the target's opinions (its title is what the department chose to write).
    Opinion,
    /// The steering group's own finding.
    Finding,
}

impl ProblemSource {
    /// The stored and API name: `opinion` or `finding`.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemSource::Opinion => "opinion",
            ProblemSource::Finding => "finding",
        }
    }

    /// Reads a stored or API name.
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "opinion" => Some(ProblemSource::Opinion),
            "finding" => Some(ProblemSource::Finding),
            _ => None,
        }
    }
}

/// Where a measure stands: 未开始 / 整改中 / 已完成.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum MeasureStatus {
    /// 未开始.
    Todo,
    /// 整改中.
    Doing,
    /// 已完成.
    Done,
}

impl MeasureStatus {
    /// Every status, in the order of the list.
    pub const ALL: [MeasureStatus; 3] = [MeasureStatus::Todo, MeasureStatus::Doing, MeasureStatus::Done];

    /// The stored and API name: `todo`, `doing` or `done`.
    pub fn as_str(self) -> &'static str {
        match self {
            MeasureStatus::Todo => "todo",
            MeasureStatus::Doing => "doing",
            MeasureStatus::Done => "done",
        }
    }

    /// Reads a stored or API name.
    pub fn parse(s: &str) -> Option<Self> {
        MeasureStatus::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Which part of a ledger entry is wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wrong {
    /// A problem title empty or over [`MAX_TITLE`] characters.
    Title,
    /// A source other than `opinion` or `finding`.
    Source,
    /// A measure's text empty or over [`MAX_MEASURE`] characters.
    Measure,
    /// An owner empty or over [`MAX_OWNER`] characters.
    Owner,
    /// A deadline not in `YYYY-MM-DD`, or before the day the target was flagged.
    Deadline,
    /// A status outside the list.
    Status,
    /// An evidence note over [`MAX_EVIDENCE`] characters.
    Evidence,
}

/// A problem as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProblem {
    /// Its title, trimmed.
    pub title: String,
    /// Where it came from.
    pub source: ProblemSource,
}

/// A measure as it will be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeasure {
    /// What will be done, trimmed.
    pub text: String,
    /// Who answers for it, trimmed.
    pub owner: String,
    /// By when.
    pub deadline: Date,
}

fn within(s: &str, max: usize) -> Option<String> {
    let t = s.trim();
    (!t.is_empty() && t.chars().count() <= max).then(|| t.to_owned())
}

/// Reads a day written `YYYY-MM-DD`.
pub fn parse_day(s: &str) -> Option<Date> {
    Date::parse(s.trim(), &time::macros::format_description!("[year]-[month]-[day]")).ok()
}

/// Checks a problem: a title of 1–[`MAX_TITLE`] characters and a known source.
pub fn problem(title: &str, source: &str) -> Result<NewProblem, Wrong> {
    let title = within(title, MAX_TITLE).ok_or(Wrong::Title)?;
    let source = ProblemSource::parse(source.trim()).ok_or(Wrong::Source)?;
    Ok(NewProblem { title, source })
}

/// Checks a measure of a target flagged on `flagged_on`: its text, an owner of
/// 1–[`MAX_OWNER`] characters, and a deadline no earlier than the flag.
pub fn measure(text: &str, owner: &str, deadline: &str, flagged_on: Date) -> Result<NewMeasure, Wrong> {
    let text = within(text, MAX_MEASURE).ok_or(Wrong::Measure)?;
    let owner = within(owner, MAX_OWNER).ok_or(Wrong::Owner)?;
    let deadline = parse_day(deadline).filter(|d| *d >= flagged_on).ok_or(Wrong::Deadline)?;
    Ok(NewMeasure { text, owner, deadline })
}

/// Checks a status change: a status of the list and an evidence note of at most
/// [`MAX_EVIDENCE`] characters (trimmed; empty means none).
pub fn status_change(status: &str, evidence: Option<&str>) -> Result<(MeasureStatus, Option<String>), Wrong> {
    let status = MeasureStatus::parse(status.trim()).ok_or(Wrong::Status)?;
    let evidence = match evidence.map(str::trim).filter(|e| !e.is_empty()) {
        Some(e) if e.chars().count() > MAX_EVIDENCE => return Err(Wrong::Evidence),
        e => e.map(str::to_owned),
    };
    Ok((status, evidence))
}

/// A measure is overdue on `today` when its deadline has passed and it is not done.
pub fn overdue(deadline: Date, status: MeasureStatus, today: Date) -> bool {
    status != MeasureStatus::Done && deadline < today
}

/// A problem's title as the flag page's form gives it → (title, source): the typed text,
/// else the picked opinion (cut to [`MAX_TITLE`] characters, the cut marked with `…`)
/// with the source `opinion`; an empty source is `finding`. The result is then checked
/// by [`problem`] like any other.
pub fn title_from_form(typed: &str, picked: &str, source: &str) -> (String, String) {
    let picked = picked.trim();
    if typed.trim().is_empty() && !picked.is_empty() {
        let mut t: String = picked.chars().take(MAX_TITLE).collect();
        if picked.chars().count() > MAX_TITLE {
            t.pop();
            t.push('…');
        }
        return (t, ProblemSource::Opinion.as_str().to_owned());
    }
    (typed.to_owned(), if source.is_empty() { ProblemSource::Finding.as_str().to_owned() } else { source.to_owned() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_problem_needs_a_title_of_at_most_200_characters_and_a_known_source() {
        assert_eq!(problem("  ", "finding"), Err(Wrong::Title));
        assert_eq!(problem(&"问".repeat(201), "finding"), Err(Wrong::Title));
        assert_eq!(problem("群众反映办事慢", "rumour"), Err(Wrong::Source));
        let p = problem(&format!(" {} ", "问".repeat(200)), "opinion").expect("200 characters fit");
        assert_eq!((p.title.chars().count(), p.source), (200, ProblemSource::Opinion));
    }

    #[test]
    fn a_measure_needs_an_owner_of_at_most_64_characters_and_a_deadline_not_before_the_flag() {
        let flagged = date!(2026 - 12 - 02);
        assert_eq!(measure("", "张三", "2027-01-31", flagged), Err(Wrong::Measure));
        assert_eq!(measure("建立台账", &"张".repeat(65), "2027-01-31", flagged), Err(Wrong::Owner));
        assert_eq!(measure("建立台账", " ", "2027-01-31", flagged), Err(Wrong::Owner));
        assert_eq!(measure("建立台账", "张三", "2026-12-01", flagged), Err(Wrong::Deadline));
        assert_eq!(measure("建立台账", "张三", "31/01/2027", flagged), Err(Wrong::Deadline));
        let m = measure("建立台账", &"张".repeat(64), "2026-12-02", flagged).expect("the flag's own day is allowed");
        assert_eq!(m.deadline, flagged);
    }

    #[test]
    fn a_status_outside_the_list_is_refused_and_empty_evidence_is_none() {
        assert_eq!(status_change("finished", None), Err(Wrong::Status));
        assert_eq!(status_change("done", Some(&"证".repeat(4001))), Err(Wrong::Evidence));
        assert_eq!(status_change(" doing ", Some("  ")), Ok((MeasureStatus::Doing, None)));
        assert_eq!(status_change("done", Some(" 已整改 ")), Ok((MeasureStatus::Done, Some("已整改".to_owned()))));
        for s in MeasureStatus::ALL {
            assert_eq!(MeasureStatus::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn a_measure_is_overdue_the_day_after_its_deadline_unless_it_is_done() {
        let deadline = date!(2027 - 01 - 31);
        assert!(!overdue(deadline, MeasureStatus::Todo, deadline));
        assert!(overdue(deadline, MeasureStatus::Todo, date!(2027 - 02 - 01)));
        assert!(overdue(deadline, MeasureStatus::Doing, date!(2027 - 02 - 01)));
        assert!(!overdue(deadline, MeasureStatus::Done, date!(2027 - 02 - 01)));
    }

    #[test]
    fn a_picked_opinion_becomes_the_title_only_when_none_was_typed_and_is_cut_to_the_longest_title() {
        assert_eq!(title_from_form("", " 排队太久 ", "finding"), ("排队太久".to_owned(), "opinion".to_owned()));
        assert_eq!(title_from_form("窗口慢", "排队太久", "finding"), ("窗口慢".to_owned(), "finding".to_owned()));
        assert_eq!(title_from_form("窗口慢", "", ""), ("窗口慢".to_owned(), "finding".to_owned()));
        let long = "长".repeat(MAX_TITLE + 5);
        let (t, _) = title_from_form("", &long, "");
        assert_eq!(t.chars().count(), MAX_TITLE);
        assert!(t.ends_with('…'));
        assert!(problem(&t, "opinion").is_ok(), "a cut opinion is a valid title");
        assert_eq!(title_from_form("", &"长".repeat(MAX_TITLE), "").0.chars().count(), MAX_TITLE, "exactly the longest is kept whole");
    }
}
