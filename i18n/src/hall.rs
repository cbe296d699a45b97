//! Texts of the hall screen (大屏) and of its link on the round page.

/// Every text of the hall screen.
pub struct HallTexts {
    /// The round page's section.
    pub section: &'static str,
    pub intro: &'static str,
    pub make: &'static str,
    pub remake: &'static str,
    pub withdraw: &'static str,
    pub none_yet: &'static str,
    pub made: &'static str,
    pub withdrawn: &'static str,
    /// The screen itself.
    pub screen_title: &'static str,
    pub scan: &'static str,
    pub ballots: &'static str,
    pub by_category: &'static str,
    pub by_unit: &'static str,
    /// `{step}`: ballots per step; `{secs}`: seconds between updates.
    pub step_note: &'static str,
    pub gone_title: &'static str,
    pub gone_body: &'static str,
}

/// Simplified Chinese.
pub const ZH: HallTexts = HallTexts {
    section: "现场大屏",
    intro: "为会场投影生成一个无需登录的大屏链接：显示本轮标题、测评页二维码和各类别、各单位已收票数（不显示任何答案）。可随时撤回，撤回后链接立即失效；重新生成会使旧链接失效。",
    make: "生成大屏链接",
    remake: "重新生成（旧链接失效）",
    withdraw: "撤回大屏链接",
    none_yet: "尚无大屏链接。",
    made: "大屏链接已生成。",
    withdrawn: "大屏链接已撤回。",
    screen_title: "现场测评",
    scan: "请用手机扫码，输入测评码后作答",
    ballots: "已收票数",
    by_category: "各类别",
    by_unit: "各单位",
    step_note: "票数每满 {step} 张更新一次，每 {secs} 秒刷新，不显示任何个人的投票时间和内容。",
    gone_title: "大屏链接无效",
    gone_body: "此大屏链接不存在或已被撤回。请向组织部门索取新的链接。",
};

/// English.
pub const EN: HallTexts = HallTexts {
    section: "Hall screen",
    intro: "Make a link for the hall's projector that needs no sign-in: it shows the round's title, a QR code of the ballot page and the ballots received per category and unit (never an answer). Withdraw it at any time and it stops working at once; making a new one ends the old.",
    make: "Make a hall link",
    remake: "Make a new one (the old stops working)",
    withdraw: "Withdraw the hall link",
    none_yet: "No hall link yet.",
    made: "The hall link was made.",
    withdrawn: "The hall link was withdrawn.",
    screen_title: "Appraisal in the hall",
    scan: "Scan with your phone, then enter your code",
    ballots: "Ballots received",
    by_category: "By category",
    by_unit: "By unit",
    step_note: "Counts move in steps of {step} ballots and refresh every {secs} seconds; nobody's vote or its time can be read here.",
    gone_title: "This hall link does not work",
    gone_body: "The hall link does not exist or has been withdrawn. Ask the organization department for a new one.",
};
