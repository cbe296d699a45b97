//! The definitions a department starts from: the scales, the standard categories and
//! items, and the preset "年度考核：班子 + 干部" (a body and its cadres on one sheet).

use super::{AppliesTo, CategorySpec, ItemSpec, KindRules, Polarity, RoundSpec, RulesByKind, ScaleOption, Threshold};

fn opt(key: &str, label: &str, points: Option<i32>, polarity: Polarity) -> ScaleOption {
    ScaleOption { key: key.into(), label: label.into(), points, polarity }
}

/// The default scale: 满意 100 / 基本满意 60 / 不满意 0 / 不了解.
pub fn default_scale() -> Vec<ScaleOption> {
    vec![
        opt("satisfied", "满意", Some(100), Polarity::Positive),
        opt("basically_satisfied", "基本满意", Some(60), Polarity::Positive),
        opt("dissatisfied", "不满意", Some(0), Polarity::Negative),
        opt("dont_know", "不了解", None, Polarity::Abstain),
    ]
}

/// The cadre preset: 优秀 / 称职 / 基本称职 / 不称职 / 不了解.
pub fn cadre_scale() -> Vec<ScaleOption> {
    vec![
        opt("excellent", "优秀", Some(100), Polarity::Positive),
        opt("competent", "称职", Some(80), Polarity::Positive),
        opt("basically_competent", "基本称职", Some(60), Polarity::Positive),
        opt("incompetent", "不称职", Some(0), Polarity::Negative),
        opt("dont_know", "不了解", None, Polarity::Abstain),
    ]
}

/// The four standard evaluator categories, equal weights.
pub fn default_categories() -> Vec<CategorySpec> {
    [
        ("masses", "群众代表"),
        ("two_reps_one_member", "两代表一委员"),
        ("subordinate_heads", "下属单位负责人"),
        ("service_clients", "服务对象"),
    ]
    .into_iter()
    .map(|(k, n)| CategorySpec { key: k.into(), name: n.into(), weight: 1.0 })
    .collect()
}

/// The standard items: the overall item, the campaign's three links, the "four winds".
pub fn default_items() -> Vec<ItemSpec> {
    [
        ("overall", "总体评价", true),
        ("learning", "学习教育、听取意见", false),
        ("criticism", "查摆问题、开展批评", false),
        ("rectification", "整改落实、建章立制", false),
        ("four_winds", "反对“四风”（形式主义、官僚主义、享乐主义、奢靡之风）", false),
    ]
    .into_iter()
    .map(|(k, t, o)| ItemSpec { key: k.into(), title: t.into(), overall: o, applies_to: AppliesTo::Both })
    .collect()
}

/// The body scale of an annual appraisal: 好 / 较好 / 一般 / 差 / 不了解.
pub fn body_scale() -> Vec<ScaleOption> {
    vec![
        opt("good", "好", Some(100), Polarity::Positive),
        opt("fairly_good", "较好", Some(80), Polarity::Positive),
        opt("average", "一般", Some(60), Polarity::Positive),
        opt("poor", "差", Some(0), Polarity::Negative),
        opt("dont_know", "不了解", None, Polarity::Abstain),
    ]
}

fn items(kind: AppliesTo, list: &[(&str, &str, bool)]) -> Vec<ItemSpec> {
    list.iter().map(|(k, t, o)| ItemSpec { key: (*k).into(), title: (*t).into(), overall: *o, applies_to: kind }).collect()
}

/// The items of a leading body in an annual appraisal.
pub fn body_items() -> Vec<ItemSpec> {
    items(
        AppliesTo::Body,
        &[
            ("body_overall", "班子总体评价", true),
            ("political", "思想政治建设", false),
            ("leadership", "领导能力", false),
            ("results", "工作实绩", false),
            ("integrity", "党风廉政建设", false),
        ],
    )
}

/// The items of a leading cadre in an annual appraisal: 德、能、勤、绩、廉.
pub fn cadre_items() -> Vec<ItemSpec> {
    items(
        AppliesTo::Cadre,
        &[
            ("cadre_overall", "干部总体评价", true),
            ("virtue", "德", false),
            ("ability", "能", false),
            ("diligence", "勤", false),
            ("achievement", "绩", false),
            ("honesty", "廉", false),
        ],
    )
}

/// "年度考核：班子 + 干部": a body and its cadres on one sheet, each with its scale and
/// items; a cadre is flagged when 不称职 is strictly more than one third.
pub fn annual_preset(title: &str, description: &str) -> RoundSpec {
    let third = Threshold::fraction(1, 3);
    RoundSpec {
        description: description.to_owned(),
        scale: body_scale(),
        cadre_scale: Some(cadre_scale()),
        rules_by_kind: RulesByKind { cadre: Some(KindRules { flag_threshold: third, quorum: None, min_satisfaction: None }) },
        categories: default_categories(),
        items: body_items().into_iter().chain(cadre_items()).collect(),
        ..RoundSpec::titled(title)
    }
}
