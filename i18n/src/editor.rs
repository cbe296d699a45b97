//! Texts of the round editor for a sheet of two kinds: the preset, the cadres' scale and
//! rule, items per kind, positions.

/// Every text of the two-kind parts of the round editor.
pub struct EditorTexts {
    pub scale_annual: &'static str,
    pub scale_body: &'static str,
    pub threshold_hint: &'static str,
    pub cadre_rules: &'static str,
    pub cadre_threshold: &'static str,
    pub cadre_quorum: &'static str,
    pub cadre_min_satisfaction: &'static str,
    pub cadre_scale_field: &'static str,
    pub cadre_scale_keep: &'static str,
    pub cadre_scale_same: &'static str,
    pub section_cadre_scale: &'static str,
    pub cadre_scale_none: &'static str,
    pub col_applies: &'static str,
    pub applies_both: &'static str,
    pub applies_body: &'static str,
    pub applies_cadre: &'static str,
    pub overall_help: &'static str,
    pub col_position: &'static str,
}

/// Simplified Chinese.
pub const ZH: EditorTexts = EditorTexts {
    scale_annual: "年度考核：班子 + 干部（一张测评表：班子按 好/较好/一般/差，干部按 优秀/称职/基本称职/不称职，各有测评项目；干部不称职超过三分之一需补课）",
    scale_body: "好 / 较好 / 一般 / 差 / 不了解（班子）",
    threshold_hint: "可填小数（如 0.5）或分数（如 1/3），按精确值比较",
    cadre_rules: "领导干部的补课规则（留空则与上面相同）",
    cadre_threshold: "领导干部补课阈值：不称职等否定评价的比例高于此值即需补课",
    cadre_quorum: "领导干部最少有效票数",
    cadre_min_satisfaction: "领导干部最低满意率（可选）",
    cadre_scale_field: "领导干部的评价等次",
    cadre_scale_keep: "保持不变",
    cadre_scale_same: "与班子相同",
    section_cadre_scale: "领导干部评价等次",
    cadre_scale_none: "目前领导干部与班子使用同一评价等次；在下表填写并保存，即为干部单设等次。",
    col_applies: "适用于",
    applies_both: "班子和干部",
    applies_body: "领导班子",
    applies_cadre: "领导干部",
    overall_help: "每类测评对象须有且只有一个总体评价项目（必答）：勾选“总体评价”并选择其适用对象。",
    col_position: "职务",
};

/// English.
pub const EN: EditorTexts = EditorTexts {
    scale_annual: "Annual appraisal: bodies + cadres (one sheet: bodies rated good/fairly good/average/poor, cadres excellent/competent/basically competent/incompetent, each with its own items; a cadre is flagged when incompetent is more than one third)",
    scale_body: "Good / Fairly good / Average / Poor / Don't know (bodies)",
    threshold_hint: "A decimal (such as 0.5) or a fraction (such as 1/3), compared exactly",
    cadre_rules: "The cadres' rule (empty fields: as above)",
    cadre_threshold: "Cadres' threshold: flag when the negative share is above this",
    cadre_quorum: "Cadres' quorum",
    cadre_min_satisfaction: "Cadres' minimum satisfaction (optional)",
    cadre_scale_field: "The cadres' scale",
    cadre_scale_keep: "Keep",
    cadre_scale_same: "Same as the bodies'",
    section_cadre_scale: "The cadres' scale",
    cadre_scale_none: "Cadres are rated on the bodies' scale for now; fill in and save this table to give them their own.",
    col_applies: "Rates",
    applies_both: "Bodies and cadres",
    applies_body: "Leading bodies",
    applies_cadre: "Leading cadres",
    overall_help: "Each kind of target needs exactly one overall item (required): tick \"Overall\" and choose what it rates.",
    col_position: "Position",
};
