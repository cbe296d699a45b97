//! Texts of a target's history page.

/// Every text of the history page.
pub struct HistoryTexts {
    pub trend: &'static str,
    pub round: &'static str,
    pub closed: &'static str,
    pub note: &'static str,
}

/// Simplified Chinese.
pub const ZH: HistoryTexts = HistoryTexts {
    trend: "历次测评总体评价满意率与不满意率",
    round: "测评轮次",
    closed: "结束日期",
    note: "共 {n} 次已结束的测评（只列出您有权查看的轮次）。",
};

/// English.
pub const EN: HistoryTexts = HistoryTexts {
    trend: "Overall satisfaction and dissatisfaction, round by round",
    round: "Round",
    closed: "Closed",
    note: "{n} closed rounds (only the rounds you may see are listed).",
};
