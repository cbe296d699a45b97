//! Texts of the DOCX report (测评报告). `{x}` placeholders are filled by the writer.

/// Every text of the DOCX report.
pub struct ReportTexts {
    pub button: &'static str,
    pub title: &'static str,
    /// `{title}`: the round's title; `{id}`: its number.
    pub round: &'static str,
    /// `{o}`: the organizer (`MINPING_ORGANIZER`).
    pub organizer: &'static str,
    /// `{t}`: Beijing time.
    pub generated: &'static str,
    /// `{n}`: characters; `{list}`: where they occur.
    pub unrenderable: &'static str,
    pub h_method: &'static str,
    /// `{n}`: categories; `{names}`: their names; `{issued}`, `{ballots}`.
    pub method_who: &'static str,
    pub method_anonymous: &'static str,
    /// `{k}`: the kind; `{options}`: each option with its points; `{pos}`, `{neg}`, `{abs}`.
    pub method_scale: &'static str,
    pub method_rates: &'static str,
    pub basis_headcount: &'static str,
    /// `{weights}`: each category with its weight.
    pub basis_weighted: &'static str,
    /// `{q}`: the quorum.
    pub quorum: &'static str,
    /// `{n}`: the disclosure minimum.
    pub disclosure: &'static str,
    pub none: &'static str,
    pub h_turnout: &'static str,
    pub h_ranking: &'static str,
    pub h_charts: &'static str,
    pub h_targets: &'static str,
    pub h_flags: &'static str,
    pub no_flags: &'static str,
    /// `{p}` problems, `{m}` measures, `{d}` of them done, `{o}` overdue.
    pub ledger_line: &'static str,
    pub no_ledger: &'static str,
    pub col_state: &'static str,
    pub col_follow_up: &'static str,
    pub h_opinions: &'static str,
    /// `{head}`: the audit chain's head; `{t}`: the generation time.
    pub footer: &'static str,
    pub page: &'static str,
}

/// Simplified Chinese.
pub const ZH: ReportTexts = ReportTexts {
    button: "下载测评报告（Word）",
    title: "民主测评报告",
    round: "测评轮次：{title}（第 {id} 轮）",
    organizer: "组织单位：{o}",
    generated: "生成时间：{t}（北京时间）",
    unrenderable: "注意：以下 {n} 个字符在宋体中无法显示，打印前请核对：{list}",
    h_method: "一、测评方法",
    method_who: "参加测评的测评主体共 {n} 类：{names}。共发放测评码 {issued} 个，收回测评票 {ballots} 张。",
    method_anonymous: "测评以一次性测评码匿名进行：测评票不与测评码、人员或投票时间关联，任何人都无法据此查出某一张票是谁投的。",
    method_scale: "{k}的评价档次（分值）：{options}。计为满意的：{pos}；计为不满意的：{neg}；不计入有效票的：{abs}。",
    method_rates: "满意率 = 计为满意的票数 ÷ 有效票数；不满意率 = 计为不满意的票数 ÷ 有效票数；得分 = 各档分值之和 ÷ 有效票数。",
    basis_headcount: "按人头计票：每张测评票同等计算。",
    basis_weighted: "按类别加权计票：各类别先分别计算，再按权重合计（{weights}）。",
    quorum: "有效票少于 {q} 张的测评对象不作结论。",
    disclosure: "人数少于 {n} 人的测评主体类别不单独列出，其票数计入总数。",
    none: "无",
    h_turnout: "二、参与情况",
    h_ranking: "三、测评结果排名",
    h_charts: "四、统计图",
    h_targets: "五、各测评对象分项结果",
    h_flags: "六、需补课的测评对象及整改情况",
    no_flags: "本轮没有需补课的测评对象。",
    ledger_line: "整改台账：问题 {p} 个，措施 {m} 项，已完成 {d} 项，逾期 {o} 项。",
    no_ledger: "尚未建立整改台账。",
    col_state: "进展",
    col_follow_up: "整改情况",
    h_opinions: "七、意见建议（随机顺序）",
    footer: "审计链末端 {head} · 生成于 {t}",
    page: "第 {p} 页",
};

/// English.
pub const EN: ReportTexts = ReportTexts {
    button: "Download the report (Word)",
    title: "Appraisal report",
    round: "Round: {title} (no. {id})",
    organizer: "Organized by {o}",
    generated: "Generated {t} (Beijing time)",
    unrenderable: "Note: {n} characters cannot be shown in SimSun; check them before printing: {list}",
    h_method: "1. Method",
    method_who: "{n} evaluator categories took part: {names}. {issued} codes were issued and {ballots} ballots cast.",
    method_anonymous: "The round was anonymous, by one-time codes: no ballot is linked to a code, a person or the time it was cast, so nobody can tell who cast which ballot.",
    method_scale: "Options for {k} (points): {options}. Counted as satisfied: {pos}; as dissatisfied: {neg}; not counted as valid: {abs}.",
    method_rates: "Satisfaction = satisfied answers ÷ valid answers; dissatisfaction = dissatisfied answers ÷ valid answers; score = the sum of the options' points ÷ valid answers.",
    basis_headcount: "Counted by headcount: every ballot counts the same.",
    basis_weighted: "Weighted by category: each category is counted on its own, then combined by weight ({weights}).",
    quorum: "No conclusion is drawn for a target with fewer than {q} valid answers.",
    disclosure: "Evaluator categories of fewer than {n} people are not broken out; their ballots count in the totals.",
    none: "none",
    h_turnout: "2. Turnout",
    h_ranking: "3. Ranking",
    h_charts: "4. Charts",
    h_targets: "5. Each target in detail",
    h_flags: "6. Targets that need make-up lessons, and the follow-up",
    no_flags: "No target of this round needs make-up lessons.",
    ledger_line: "Rectification ledger: {p} problems, {m} measures, {d} done, {o} overdue.",
    no_ledger: "No rectification ledger yet.",
    col_state: "Progress",
    col_follow_up: "Follow-up",
    h_opinions: "7. Opinions (in random order)",
    footer: "Audit chain head {head} · generated {t}",
    page: "Page {p}",
};
