//! Texts of a round's schedule: the editor's fields and what the round page says of it.

/// Every text of the schedule.
pub struct ScheduleTexts {
    pub legend: &'static str,
    pub opens_at: &'static str,
    pub closes_at: &'static str,
    pub hint: &'static str,
    /// `{at}`: the time.
    pub opens_on: &'static str,
    /// `{at}`: the time.
    pub closes_on: &'static str,
    /// `{at}`: the time.
    pub missed: &'static str,
}

/// Simplified Chinese.
pub const ZH: ScheduleTexts = ScheduleTexts {
    legend: "定时开始和结束",
    opens_at: "开始时间",
    closes_at: "结束时间",
    hint: "北京时间（UTC+8）。留空则由管理员手动开始或结束；到时由系统自动完成，并记入审计日志。",
    opens_on: "将于 {at} 自动开始。",
    closes_on: "将于 {at} 自动结束。",
    missed: "定时开始时间 {at} 已过，但本轮尚不具备开始条件，未能开始。请补全后手动开始，或改定开始时间。",
};

/// English.
pub const EN: ScheduleTexts = ScheduleTexts {
    legend: "Opening and closing on a schedule",
    opens_at: "Opens at",
    closes_at: "Closes at",
    hint: "China Standard Time (UTC+8). Leave empty to open or close by hand; at the time the system does it and the audit log records it.",
    opens_on: "Opens by itself at {at}.",
    closes_on: "Closes by itself at {at}.",
    missed: "The scheduled opening at {at} has passed, but the round was not ready and did not open. Complete it and open it by hand, or set a new time.",
};
