//! The sentences of the steering home's notices, made when they are read.

use crate::{pick, Locale};
use domain::notice::NoticeKind;

/// A notice about round `title` (and target `name`, for a target's notice).
pub fn text(kind: NoticeKind, locale: Locale, title: &str, name: Option<&str>) -> String {
    let about = match name {
        Some(n) => pick(locale, format!("{title}｜{n}"), format!("{title} | {n}")),
        None => title.to_owned(),
    };
    let what = match kind {
        NoticeKind::Published => pick(locale, "结果已发布", "results published"),
        NoticeKind::Flagged => pick(locale, "需补课", "flagged for make-up lessons"),
        NoticeKind::Passed => pick(locale, "重新测评通过", "passed its re-evaluation"),
        NoticeKind::StillFlagged => pick(locale, "重新测评仍需补课", "still flagged after re-evaluation"),
    };
    pick(locale, format!("{about}：{what}"), format!("{about}: {what}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_notice_reads_in_the_readers_language() {
        assert_eq!(text(NoticeKind::Flagged, Locale::Zh, "2026 年度测评", Some("区卫健局")), "2026 年度测评｜区卫健局：需补课");
        assert_eq!(text(NoticeKind::Published, Locale::En, "Round 1", None), "Round 1: results published");
    }
}
