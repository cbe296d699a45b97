//! A round's times on the pages: China Standard Time (UTC+8, no daylight saving), which is
//! what an organization department means by a time; the API takes any offset (RFC 3339).

use time::macros::{format_description, offset};
use time::{OffsetDateTime, PrimitiveDateTime, UtcOffset};

/// The offset of the times on the pages.
pub const LOCAL: UtcOffset = offset!(+8);

/// A time as a `datetime-local` field holds it (`2026-12-03T08:30`), in [`LOCAL`] time.
pub fn to_field(at: OffsetDateTime) -> String {
    at.to_offset(LOCAL).format(format_description!("[year]-[month]-[day]T[hour]:[minute]")).unwrap_or_default()
}

/// A time as a sentence shows it (`2026-12-03 08:30`), in [`LOCAL`] time.
pub fn shown(at: OffsetDateTime) -> String {
    at.to_offset(LOCAL).format(format_description!("[year]-[month]-[day] [hour]:[minute]")).unwrap_or_default()
}

/// A field's value that is not a date and time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotATime;

/// A `datetime-local` field's value (with or without seconds) read as [`LOCAL`] time;
/// empty is `None`; anything else is [`NotATime`].
pub fn from_field(value: &str) -> Result<Option<OffsetDateTime>, NotATime> {
    let v = value.trim();
    if v.is_empty() {
        return Ok(None);
    }
    let minutes = format_description!("[year]-[month]-[day]T[hour]:[minute]");
    let seconds = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    PrimitiveDateTime::parse(v, minutes)
        .or_else(|_| PrimitiveDateTime::parse(v, seconds))
        .map(|t| Some(t.assume_offset(LOCAL)))
        .map_err(|_| NotATime)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn a_field_value_is_read_as_china_standard_time_and_shown_back_the_same() {
        let at = from_field("2026-12-03T08:30").expect("valid").expect("set");
        assert_eq!(at, datetime!(2026-12-03 00:30 UTC));
        assert_eq!(to_field(at.to_offset(UtcOffset::UTC)), "2026-12-03T08:30");
        assert_eq!(shown(at), "2026-12-03 08:30");
        assert_eq!(from_field("2026-12-03T08:30:15"), Ok(Some(datetime!(2026-12-03 08:30:15 +8))));
    }

    #[test]
    fn an_empty_field_is_no_time_and_a_wrong_one_is_refused() {
        assert_eq!(from_field("  "), Ok(None));
        assert_eq!(from_field("明天上午"), Err(NotATime));
        assert_eq!(from_field("2026-13-03T08:30"), Err(NotATime));
    }
}
