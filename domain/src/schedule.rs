//! A round's schedule (RULES.md R6): it may open and close by itself at set times. What a
//! schedule may say, and which move is due at a given moment; the server's scheduler makes
//! the move (once, whichever process gets there first).

use crate::lifecycle::{Status, Transition};
use crate::round::{Problem, RoundSpec, Violation};
use time::OffsetDateTime;

impl RoundSpec {
    /// What is wrong with the schedule of a round in `status`, saved at `now`: a time to
    /// come that has already passed, or a closing time not after the opening time. A time
    /// that is no longer to come (the opening of a round already open) is not checked.
    pub fn schedule_problems(&self, status: Status, now: OffsetDateTime) -> Vec<Violation> {
        let mut out = Vec::new();
        let mut past = |field: &str, at: Option<OffsetDateTime>| {
            if at.is_some_and(|at| at <= now) {
                out.push(Violation { field: field.into(), problem: Problem::InThePast });
            }
        };
        if status == Status::Draft {
            past("opens_at", self.opens_at);
        }
        if matches!(status, Status::Draft | Status::Open) {
            past("closes_at", self.closes_at);
        }
        if let (Some(o), Some(c)) = (self.opens_at, self.closes_at) {
            if c <= o {
                out.push(Violation { field: "closes_at".into(), problem: Problem::ClosesBeforeOpens });
            }
        }
        out
    }
}

/// A time as it is stored and compared: in UTC, to the second (SQLite compares the RFC
/// 3339 text it keeps, which orders correctly only in one offset and without fractions).
pub fn stored(at: OffsetDateTime) -> OffsetDateTime {
    let utc = at.to_offset(time::UtcOffset::UTC);
    utc.replace_nanosecond(0).unwrap_or(utc)
}

/// The move a round's schedule asks for at `now`, if any: a draft whose opening time has
/// come opens; an open round whose closing time has come closes.
pub fn due(status: Status, opens_at: Option<OffsetDateTime>, closes_at: Option<OffsetDateTime>, now: OffsetDateTime) -> Option<Transition> {
    match status {
        Status::Draft if opens_at.is_some_and(|t| t <= now) => Some(Transition::Open),
        Status::Open if closes_at.is_some_and(|t| t <= now) => Some(Transition::Close),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-02 09:00 +8);

    fn scheduled(opens: Option<OffsetDateTime>, closes: Option<OffsetDateTime>) -> RoundSpec {
        RoundSpec { opens_at: opens, closes_at: closes, ..RoundSpec::titled("年度测评") }
    }

    fn problems(spec: &RoundSpec, status: Status) -> Vec<(String, Problem)> {
        spec.schedule_problems(status, NOW).into_iter().map(|v| (v.field, v.problem)).collect()
    }

    #[test]
    fn a_schedule_to_come_in_the_right_order_is_accepted() {
        let spec = scheduled(Some(datetime!(2026-12-03 08:30 +8)), Some(datetime!(2026-12-03 11:00 +8)));
        assert!(problems(&spec, Status::Draft).is_empty());
        assert!(problems(&scheduled(None, Some(datetime!(2026-12-03 11:00 +8))), Status::Open).is_empty());
    }

    #[test]
    fn an_opening_time_that_has_passed_is_refused_for_a_draft() {
        let spec = scheduled(Some(datetime!(2026-12-02 08:59 +8)), None);
        assert_eq!(problems(&spec, Status::Draft), [("opens_at".to_owned(), Problem::InThePast)]);
        // The same instant written in UTC is the same time.
        let utc = scheduled(Some(datetime!(2026-12-02 01:00 UTC)), None);
        assert_eq!(problems(&utc, Status::Draft), [("opens_at".to_owned(), Problem::InThePast)]);
    }

    #[test]
    fn a_closing_time_at_or_before_the_opening_time_is_refused() {
        let at = datetime!(2026-12-03 08:30 +8);
        assert_eq!(problems(&scheduled(Some(at), Some(at)), Status::Draft), [("closes_at".to_owned(), Problem::ClosesBeforeOpens)]);
        let before = scheduled(Some(at), Some(datetime!(2026-12-03 08:00 +8)));
        assert_eq!(problems(&before, Status::Draft), [("closes_at".to_owned(), Problem::ClosesBeforeOpens)]);
    }

    #[test]
    fn a_closing_time_that_has_passed_is_refused_while_the_round_can_still_close() {
        let spec = scheduled(None, Some(datetime!(2026-12-01 17:00 +8)));
        assert_eq!(problems(&spec, Status::Open), [("closes_at".to_owned(), Problem::InThePast)]);
        assert!(problems(&spec, Status::Closed).is_empty(), "a closed round's times are history");
    }

    #[test]
    fn a_draft_opens_and_an_open_round_closes_when_their_time_comes_and_not_before() {
        let (opens, closes) = (Some(datetime!(2026-12-02 09:00 +8)), Some(datetime!(2026-12-02 11:00 +8)));
        assert_eq!(due(Status::Draft, opens, closes, NOW), Some(Transition::Open));
        assert_eq!(due(Status::Draft, opens, closes, datetime!(2026-12-02 08:59:59 +8)), None);
        assert_eq!(due(Status::Open, opens, closes, NOW), None);
        assert_eq!(due(Status::Open, opens, closes, datetime!(2026-12-02 11:00 +8)), Some(Transition::Close));
        assert_eq!(due(Status::Closed, opens, closes, datetime!(2027-01-01 00:00 +8)), None);
        assert_eq!(due(Status::Draft, None, closes, datetime!(2027-01-01 00:00 +8)), None, "no opening time: opened by hand");
    }
}
