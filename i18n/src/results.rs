//! Texts of the results page.

/// Every text of the results page.
pub struct ResultsTexts {
    pub title: &'static str,
    pub link: &'static str,
    pub not_closed: &'static str,
    pub turnout: &'static str,
    pub low_turnout: &'static str,
    pub ballots: &'static str,
    pub ranking: &'static str,
    pub col_rank: &'static str,
    pub col_target: &'static str,
    pub col_valid: &'static str,
    pub col_satisfaction: &'static str,
    pub col_dissatisfaction: &'static str,
    pub col_score: &'static str,
    pub col_status: &'static str,
    pub flagged: &'static str,
    pub ok: &'static str,
    pub insufficient: &'static str,
    pub rule: &'static str,
    pub details: &'static str,
    pub items: &'static str,
    pub categories: &'static str,
    pub categories_hidden: &'static str,
    pub opinions: &'static str,
    pub no_opinions: &'static str,
    pub export_csv: &'static str,
    pub export_xlsx: &'static str,
    pub export_opinions_csv: &'static str,
    pub indicators_title: &'static str,
    pub indicators_help: &'static str,
    pub indicators_show: &'static str,
    pub indicators_round: &'static str,
    pub col_group: &'static str,
    pub col_straight_lined: &'static str,
    pub col_identical: &'static str,
    pub col_gap: &'static str,
    pub look_closer: &'static str,
    pub export_opinions_xlsx: &'static str,
    pub body: &'static str,
    pub cadre: &'static str,
    pub col_category: &'static str,
    pub col_issued: &'static str,
    pub col_used: &'static str,
    pub report: &'static str,
    pub method: &'static str,
    pub printed: &'static str,
    pub chart_bars: &'static str,
    pub chart_heatmap: &'static str,
    pub chart_categories: &'static str,
    pub chart_before_after: &'static str,
    pub chart_before: &'static str,
    pub chart_after: &'static str,
    pub chart_turnout: &'static str,
    /// A chart drawn in parts (the report's pages of rows): `{i}` of `{n}`.
    pub chart_part: &'static str,
    /// The colour key of a heat map drawn without numbers (the report's tables carry them).
    pub chart_key: &'static str,
    /// Sheet names of the XLSX export.
    pub sheet_ranking: &'static str,
    pub sheet_items: &'static str,
    pub sheet_categories: &'static str,
    pub sheet_comparison: &'static str,
    /// Column heads of the XLSX export.
    pub xlsx_rank: &'static str,
    pub xlsx_kind: &'static str,
    pub xlsx_item: &'static str,
    pub xlsx_category: &'static str,
    pub xlsx_unanswered: &'static str,
    pub xlsx_parent_round: &'static str,
    pub xlsx_before_status: &'static str,
    pub xlsx_before_satisfaction: &'static str,
    pub xlsx_before_dissatisfaction: &'static str,
    pub xlsx_after_status: &'static str,
    pub xlsx_after_satisfaction: &'static str,
    pub xlsx_after_dissatisfaction: &'static str,
    pub rule_kind: &'static str,
    pub rule_min: &'static str,
    pub units: &'static str,
    pub col_unit: &'static str,
    pub col_turnout: &'static str,
    pub col_position: &'static str,
    pub low_unit: &'static str,
    pub filter: &'static str,
    pub filter_all_units: &'static str,
    pub filter_kind: &'static str,
    pub filter_all_kinds: &'static str,
    pub filter_apply: &'static str,
    pub filter_clear: &'static str,
    pub history: &'static str,
    pub sheet_units: &'static str,
    pub xlsx_unit: &'static str,
    pub xlsx_position: &'static str,
}

impl ResultsTexts {
    /// The name of a kind of target.
    pub fn kind_name(&self, kind: domain::round::TargetKind) -> &'static str {
        match kind {
            domain::round::TargetKind::Body => self.body,
            domain::round::TargetKind::Cadre => self.cadre,
        }
    }
}

/// A rate as a percentage with one decimal, or "—" when there is none: the one way the
/// results page, the print report and the Word report write a rate.
pub fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{:.1}%", v * 100.0))
}

/// A score with one decimal, or "—" when there is none.
pub fn score(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |v| format!("{v:.1}"))
}

/// A kind's flag rule in words, as the results page and the Word report state it (one
/// sentence, so that the two cannot drift): the threshold as a percentage, with its exact
/// fraction when it is not a short decimal, and the minimum satisfaction when there is
/// one. `kinds`: how many kinds the sheet rates (with two, the sentence names the kind).
/// Without a closing full stop.
pub fn rule_text(
    locale: crate::Locale,
    kind: domain::round::TargetKind,
    threshold: f64,
    fraction: Option<&str>,
    min_satisfaction: Option<f64>,
    kinds: usize,
) -> String {
    let rt = crate::texts(locale).results;
    let threshold = match fraction {
        Some(f) => format!("{}（{f}）", pct(Some(threshold))),
        None => pct(Some(threshold)),
    };
    let mut text = if kinds > 1 {
        rt.rule_kind.replace("{k}", rt.kind_name(kind)).replace("{t}", &threshold)
    } else {
        rt.rule.replace("{t}", &threshold).trim_end_matches(['。', '.']).to_owned()
    };
    if let Some(m) = min_satisfaction {
        text.push_str(&rt.rule_min.replace("{m}", &pct(Some(m))));
    }
    text
}

/// Simplified Chinese.
pub const ZH: ResultsTexts = ResultsTexts {
    title: "测评结果",
    link: "查看结果",
    not_closed: "测评进行中：结束后才显示统计结果，现在只显示参与情况。",
    turnout: "参与情况",
    low_turnout: "参与率不足一半（已投票数 / 已发放测评码），结果代表性有限。",
    ballots: "有效测评票",
    ranking: "排名",
    col_rank: "名次",
    col_target: "测评对象",
    col_valid: "有效票",
    col_satisfaction: "满意率",
    col_dissatisfaction: "不满意率",
    col_score: "得分",
    col_status: "结论",
    flagged: "需补课",
    ok: "正常",
    insufficient: "有效票不足",
    rule: "总体评价不满意率超过 {t} 的测评对象需补课。",
    details: "分项结果",
    items: "测评项目",
    categories: "测评主体类别",
    categories_hidden: "人数少于公开下限的类别不单独列出（其票数已计入总数）。",
    opinions: "意见建议",
    no_opinions: "没有意见建议。",
    export_csv: "导出 CSV",
    export_xlsx: "导出 Excel",
    export_opinions_csv: "导出意见 CSV（随机顺序）",
    indicators_title: "答卷一致性提示（仅供参考）",
    indicators_help: "统计每类测评主体中“全部选同一档”的答卷和与其他答卷完全相同的答卷所占比例，并与全轮相比。比例明显偏高可能是统一口径、打招呼的迹象，也可能只是评价一致：请结合实际进一步了解，不能据此认定。只列出达到公开人数的类别，不涉及任何一张答卷。",
    indicators_show: "计算答卷一致性指标",
    indicators_round: "全轮",
    col_group: "范围",
    col_straight_lined: "全部选同一档",
    col_identical: "与其他答卷完全相同",
    col_gap: "与全轮相比",
    look_closer: "值得进一步了解",
    export_opinions_xlsx: "导出意见 Excel（随机顺序）",
    body: "领导班子",
    cadre: "领导干部",
    col_category: "类别",
    col_issued: "已发放",
    col_used: "已投票",
    report: "打印报告（A4）",
    method: "匿名测评；满意率 = 满意与基本满意票数 / 有效票数，不满意率 = 不满意票数 / 有效票数，“不了解”不计入有效票",
    printed: "结果由民评系统生成",
    chart_bars: "总体评价构成（按得分排序）",
    chart_heatmap: "各项目满意率",
    chart_categories: "各类别总体满意率（人数达到公开下限的类别）",
    chart_before_after: "重新测评前后对比（满意率 / 不满意率）",
    chart_before: "重新测评前",
    chart_after: "重新测评后",
    chart_turnout: "累计投票（北京时间）",
    chart_part: "（{i}/{n}）",
    chart_key: "满意率：",
    sheet_ranking: "排名",
    sheet_items: "测评项目",
    sheet_categories: "测评主体类别",
    sheet_comparison: "重新测评对比",
    xlsx_rank: "名次",
    xlsx_kind: "类型",
    xlsx_item: "测评项目",
    xlsx_category: "测评主体类别",
    xlsx_unanswered: "未作答",
    xlsx_parent_round: "原轮次",
    xlsx_before_status: "原结论",
    xlsx_before_satisfaction: "原满意率",
    xlsx_before_dissatisfaction: "原不满意率",
    xlsx_after_status: "本轮结论",
    xlsx_after_satisfaction: "本轮满意率",
    xlsx_after_dissatisfaction: "本轮不满意率",
    rule_kind: "{k}：总体评价不满意率超过 {t} 的需补课",
    rule_min: "，满意率低于 {m} 的也需补课",
    units: "各单位参与情况",
    col_unit: "单位",
    col_turnout: "参与率",
    col_position: "职务",
    low_unit: "不足一半",
    filter: "筛选",
    filter_all_units: "全部单位",
    filter_kind: "类型",
    filter_all_kinds: "班子和干部",
    filter_apply: "筛选",
    filter_clear: "清除筛选",
    history: "历次测评",
    sheet_units: "各单位参与情况",
    xlsx_unit: "单位",
    xlsx_position: "职务",
};

/// English.
pub const EN: ResultsTexts = ResultsTexts {
    title: "Results",
    link: "Results",
    not_closed: "The round is open: results are shown once it is closed; for now, turnout only.",
    turnout: "Turnout",
    low_turnout: "Turnout is below one half (ballots / codes issued): read these results with care.",
    ballots: "Ballots",
    ranking: "Ranking",
    col_rank: "Rank",
    col_target: "Target",
    col_valid: "Valid",
    col_satisfaction: "Satisfied",
    col_dissatisfaction: "Dissatisfied",
    col_score: "Score",
    col_status: "Status",
    flagged: "Make-up lessons",
    ok: "OK",
    insufficient: "Too few answers",
    rule: "Targets whose overall dissatisfaction exceeds {t} need make-up lessons.",
    details: "Details",
    items: "Items",
    categories: "Evaluator categories",
    categories_hidden: "Categories under the disclosure minimum are not broken out (their ballots count in the totals).",
    opinions: "Opinions",
    no_opinions: "No opinions.",
    export_csv: "Export CSV",
    export_xlsx: "Export Excel",
    export_opinions_csv: "Export opinions as CSV (random order)",
    indicators_title: "Consistency of the sheets (a prompt, not a finding)",
    indicators_help: "The share of sheets in each evaluator category that give every answer the same option, and of sheets identical to another, against the whole round. A much higher share may be a sign of coached voting — or of plain agreement: look closer before drawing any conclusion. Only categories large enough to be shown are listed; no single sheet is involved.",
    indicators_show: "Compute the consistency indicators",
    indicators_round: "Whole round",
    col_group: "Group",
    col_straight_lined: "Same option throughout",
    col_identical: "Identical to another",
    col_gap: "Against the round",
    look_closer: "Worth a closer look",
    export_opinions_xlsx: "Export opinions as Excel (random order)",
    body: "Leading body",
    cadre: "Cadre",
    col_category: "Category",
    col_issued: "Issued",
    col_used: "Voted",
    report: "Print report (A4)",
    method: "Anonymous appraisal; satisfaction = positive answers / valid answers, dissatisfaction = negative answers / valid answers; \"don't know\" is not a valid answer",
    printed: "produced by Minping",
    chart_bars: "Overall rating by target (ranked)",
    chart_heatmap: "Satisfaction by item",
    chart_categories: "Overall satisfaction by category (categories at or over the disclosure minimum)",
    chart_before_after: "Before and after re-evaluation (satisfaction / dissatisfaction)",
    chart_before: "before",
    chart_after: "after",
    chart_turnout: "Ballots over time (Beijing time)",
    chart_part: " ({i}/{n})",
    chart_key: "Satisfaction:",
    sheet_ranking: "Ranking",
    sheet_items: "Items",
    sheet_categories: "Categories",
    sheet_comparison: "Before and after",
    xlsx_rank: "rank",
    xlsx_kind: "kind",
    xlsx_item: "item",
    xlsx_category: "category",
    xlsx_unanswered: "unanswered",
    xlsx_parent_round: "parent round",
    xlsx_before_status: "before",
    xlsx_before_satisfaction: "satisfaction before",
    xlsx_before_dissatisfaction: "dissatisfaction before",
    xlsx_after_status: "after",
    xlsx_after_satisfaction: "satisfaction after",
    xlsx_after_dissatisfaction: "dissatisfaction after",
    rule_kind: "{k}: make-up lessons when overall dissatisfaction exceeds {t}",
    rule_min: ", or when satisfaction is below {m}",
    units: "Turnout by unit",
    col_unit: "Unit",
    col_turnout: "Turnout",
    col_position: "Position",
    low_unit: "below one half",
    filter: "Filter",
    filter_all_units: "All units",
    filter_kind: "Kind",
    filter_all_kinds: "Bodies and cadres",
    filter_apply: "Filter",
    filter_clear: "Clear filter",
    history: "History",
    sheet_units: "Turnout by unit",
    xlsx_unit: "unit",
    xlsx_position: "position",
};

#[cfg(test)]
mod tests {
    use super::{pct, rule_text, score, ZH};
    use crate::Locale;
    use domain::round::TargetKind;

    #[test]
    fn rates_and_scores_have_one_decimal_and_a_dash_for_none() {
        assert_eq!((pct(Some(0.5)), pct(Some(1.0 / 3.0)), pct(None)), ("50.0%".into(), "33.3%".into(), "—".into()));
        assert_eq!((score(Some(87.26)), score(None)), ("87.3".into(), "—".into()));
    }

    #[test]
    fn a_rule_names_its_kind_only_on_a_sheet_of_two_kinds_and_its_fraction_when_it_has_one() {
        assert_eq!(rule_text(Locale::Zh, TargetKind::Body, 0.5, None, None, 1), "总体评价不满意率超过 50.0% 的测评对象需补课");
        assert_eq!(
            rule_text(Locale::Zh, TargetKind::Cadre, 1.0 / 3.0, Some("1/3"), Some(0.6), 2),
            format!("{}：总体评价不满意率超过 33.3%（1/3） 的需补课，满意率低于 60.0% 的也需补课", ZH.cadre)
        );
        assert_eq!(
            rule_text(Locale::En, TargetKind::Body, 0.5, None, None, 1),
            "Targets whose overall dissatisfaction exceeds 50.0% need make-up lessons"
        );
    }
}
