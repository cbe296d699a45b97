//! What the steering home page tells its members about (RULES.md E1): a kind, stored as
//! its key; the sentence is made at read time in the reader's language (`i18n::notices`).

/// Something that happened to a round or a target that steering members follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoticeKind {
    /// A round's results were published.
    Published,
    /// A target was flagged when its round closed.
    Flagged,
    /// A re-evaluation passed the target.
    Passed,
    /// A re-evaluation flagged the target again.
    StillFlagged,
}

impl NoticeKind {
    /// Every kind.
    pub const ALL: [NoticeKind; 4] = [NoticeKind::Published, NoticeKind::Flagged, NoticeKind::Passed, NoticeKind::StillFlagged];

    /// The stable key stored.
    pub fn as_str(self) -> &'static str {
        match self {
            NoticeKind::Published => "published",
            NoticeKind::Flagged => "flagged",
            NoticeKind::Passed => "passed",
            NoticeKind::StillFlagged => "still_flagged",
        }
    }

    /// Reads a stored key.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == raw)
    }
}
