use super::*;
use crate::round::{annual_preset, default_scale, AppliesTo, CategorySpec, ItemSpec, TargetKind, TargetSpec, Threshold};
use proptest::prelude::*;

/// Two categories (masses weight 2, reps weight 1), one target, the overall item and one more.
pub(super) fn spec(basis: FlagBasis) -> RoundSpec {
    let mut s: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).unwrap();
    s.scale = default_scale(); // satisfied 100 +, basically 60 +, dissatisfied 0 −, dont_know abstain
    s.categories = vec![
        CategorySpec { key: "masses".into(), name: "群众".into(), weight: 2.0 },
        CategorySpec { key: "reps".into(), name: "代表".into(), weight: 1.0 },
    ];
    s.items = vec![item("overall", true, AppliesTo::Both), item("x", false, AppliesTo::Both)];
    s.targets = vec![target("a", TargetKind::Body, None)];
    s.flag_basis = basis;
    s
}

fn item(key: &str, overall: bool, applies_to: AppliesTo) -> ItemSpec {
    ItemSpec { key: key.into(), title: key.into(), overall, applies_to }
}

fn target(key: &str, kind: TargetKind, parent: Option<&str>) -> TargetSpec {
    TargetSpec { key: key.into(), name: key.into(), kind, parent: parent.map(Into::into), position: None }
}

fn t(raw: &str) -> Threshold {
    Threshold::parse(raw).expect("threshold")
}

/// Adds `n` ballots of `category` answering the overall item of target 0 with `option`
/// (`None`: blank).
pub(super) fn cast(c: &mut RoundCounts, category: usize, option: Option<usize>, n: usize) {
    for _ in 0..n {
        c.add(category, [0], option.map(|o| Answer { target: 0, item: 0, option: o }));
    }
}

#[test]
fn hand_worked_headcount_case() {
    // masses: 3 satisfied, 1 basically, 2 dissatisfied, 1 don't know, 1 blank (8 ballots)
    // reps:   1 satisfied, 2 dissatisfied                                    (3 ballots)
    // pooled: pos = 3+1+1 = 5, neg = 2+2 = 4, V = 9, abstain 1, unanswered 1
    // satisfaction 5/9 = 0.555556, dissatisfaction 4/9 = 0.444444
    // score = (4·100 + 1·60 + 4·0) / 9 = 460/9 = 51.111111
    let s = spec(FlagBasis::Headcount);
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(0), 3);
    cast(&mut c, 0, Some(1), 1);
    cast(&mut c, 0, Some(2), 2);
    cast(&mut c, 0, Some(3), 1);
    cast(&mut c, 0, None, 1);
    cast(&mut c, 1, Some(0), 1);
    cast(&mut c, 1, Some(2), 2);
    let r = tally_round(&s, &c);
    let o = &r.targets[0].overall;
    assert_eq!(o.counts, vec![4, 1, 4, 1]);
    assert_eq!((o.valid, o.unanswered), (9, 1));
    assert_eq!(round6(o.satisfaction_rate.unwrap()), 0.555556);
    assert_eq!(round6(o.dissatisfaction_rate.unwrap()), 0.444444);
    assert_eq!(round6(o.score.unwrap()), 51.111111);
    assert_eq!(r.targets[0].status, FlagStatus::Ok);
    // The second item was left blank by all 11 ballots.
    assert_eq!(r.targets[0].items[1].as_ref().unwrap().unanswered, 11);
    assert_eq!(r.targets[0].items[1].as_ref().unwrap().satisfaction_rate, None);
    // disclosure_min 5: masses (8) alone would be total − reps (3) = the reps' numbers,
    // so neither is broken out (rule 5, complementary suppression).
    assert_eq!(r.targets[0].shown, vec![false, false]);
    assert!(r.targets[0].categories.is_empty());
    // With two more reps ballots (5 ≥ 5) both are broken out.
    cast(&mut c, 1, Some(0), 2);
    let r = tally_round(&s, &c);
    assert_eq!(r.targets[0].shown, vec![true, true]);
    assert_eq!(r.targets[0].categories[0].1.valid, 6);
    assert_eq!(r.targets[0].categories[1].1.valid, 5);
}

#[test]
fn hand_worked_weighted_case() {
    // masses (w 2): 1 satisfied, 3 dissatisfied → dissat 3/4 = 0.75, score 25
    // reps   (w 1): 3 satisfied, 1 dissatisfied → dissat 1/4 = 0.25, score 75
    // weighted dissat = (2·0.75 + 1·0.25) / 3 = 1.75/3 = 0.583333 → flagged (> 0.5)
    // headcount would be 4/8 = 0.5 → not flagged (not strictly greater)
    // weighted score = (2·25 + 75) / 3 = 41.666667
    // (disclosure_min 4: both categories are broken out, so each has its own weight)
    let mut s = spec(FlagBasis::Weighted);
    s.disclosure_min = 4;
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(0), 1);
    cast(&mut c, 0, Some(2), 3);
    cast(&mut c, 1, Some(0), 3);
    cast(&mut c, 1, Some(2), 1);
    let r = tally_round(&s, &c);
    let o = &r.targets[0].overall;
    assert_eq!(o.counts, vec![4, 0, 4, 0], "counts stay raw headcounts");
    assert_eq!(round6(o.dissatisfaction_rate.unwrap()), 0.583333);
    assert_eq!(round6(o.satisfaction_rate.unwrap()), 0.416667);
    assert_eq!(round6(o.score.unwrap()), 41.666667);
    assert_eq!(r.targets[0].status, FlagStatus::Flagged);
    s.flag_basis = FlagBasis::Headcount;
    let r = tally_round(&s, &c);
    assert_eq!(r.targets[0].overall.dissatisfaction_rate, Some(0.5));
    assert_eq!(r.targets[0].status, FlagStatus::Ok, "0.5 is not strictly greater than 0.5");
}

#[test]
fn weights_renormalize_when_a_category_has_no_valid_answers() {
    // reps answered only "don't know": V = 0 there, so the masses' rate alone counts.
    let mut s = spec(FlagBasis::Weighted);
    s.disclosure_min = 1;
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(0), 1);
    cast(&mut c, 0, Some(2), 1);
    cast(&mut c, 1, Some(3), 5);
    let o = &tally_round(&s, &c).targets[0].overall;
    assert_eq!(o.dissatisfaction_rate, Some(0.5));
}

#[test]
fn no_valid_answers_give_null_never_zero_and_no_flag() {
    let s = spec(FlagBasis::Headcount);
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(3), 2);
    let r = tally_round(&s, &c);
    let o = &r.targets[0].overall;
    assert_eq!((o.valid, o.satisfaction_rate, o.dissatisfaction_rate, o.score), (0, None, None, None));
    assert_eq!(r.targets[0].status, FlagStatus::InsufficientResponses);
    let empty = tally_round(&s, &RoundCounts::zero(&s));
    assert_eq!(empty.ballots, 0);
    assert_eq!(empty.targets[0].status, FlagStatus::InsufficientResponses);
}

#[test]
fn quorum_and_min_satisfaction() {
    // 2 satisfied, 1 basically, 1 dissatisfied: dissat 0.25, sat 0.75, V = 4
    let mut s = spec(FlagBasis::Headcount);
    s.disclosure_min = 1;
    let mut c = RoundCounts::zero(&s);
    cast(&mut c, 0, Some(0), 2);
    cast(&mut c, 0, Some(1), 1);
    cast(&mut c, 0, Some(2), 1);
    assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok);
    s.quorum = 5;
    assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::InsufficientResponses);
    s.quorum = 4;
    assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok);
    s.min_satisfaction = Some(t("0.9"));
    assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Flagged, "0.75 < 0.9");
    s.min_satisfaction = Some(t("0.75"));
    assert_eq!(tally_round(&s, &c).targets[0].status, FlagStatus::Ok, "0.75 is not below 0.75");
}

#[test]
fn low_turnout_is_below_one_half() {
    assert!(low_turnout(49, 100));
    assert!(!low_turnout(50, 100));
    assert!(!low_turnout(0, 0));
}

/// The preset "年度考核：班子 + 干部" with one body (target 0) and one of its cadres
/// (target 1): body items 0–4 on 好/较好/一般/差/不了解 (threshold 1/2), cadre items 5–10
/// on 优秀/称职/基本称职/不称职/不了解 (threshold 1/3).
fn two_kinds() -> RoundSpec {
    let mut s = annual_preset("年度考核", "");
    s.targets = vec![target("jyj", TargetKind::Body, None), target("jyj-wang", TargetKind::Cadre, Some("jyj"))];
    s
}

/// One ballot of the masses rating the body's overall item with `body` and the cadre's with `cadre`.
fn rate(c: &mut RoundCounts, body: Option<usize>, cadre: Option<usize>) {
    let answers = [body.map(|o| Answer { target: 0, item: 0, option: o }), cadre.map(|o| Answer { target: 1, item: 5, option: o })];
    c.add(0, [0, 1], answers.into_iter().flatten());
}

fn rate_cadre(c: &mut RoundCounts, option: usize) {
    rate(c, None, Some(option));
}

#[test]
fn hand_worked_sheet_of_a_body_and_a_cadre_on_two_scales() {
    // Five ballots. Body: 好 1, 较好 1, 一般 1, 差 2 → V 5, dissatisfaction 2/5 = 0.4,
    // score (100 + 80 + 60 + 0 + 0) / 5 = 48; 0.4 is not above the round's 1/2: ok.
    // Cadre: 优秀 1, 称职 1, 基本称职 1, 不称职 2 → the same 0.4 and 48, but the cadres'
    // rule is 1/3 (2·3 = 6 > 1·5): flagged. A sixth ballot says 不了解 for both.
    let s = two_kinds();
    let mut c = RoundCounts::zero(&s);
    for (b, k) in [(0, 0), (1, 1), (2, 2), (3, 3), (3, 3), (4, 4)] {
        rate(&mut c, Some(b), Some(k));
    }
    let r = tally_round(&s, &c);
    let (body, cadre) = (&r.targets[0], &r.targets[1]);
    assert_eq!(body.overall.counts, vec![1, 1, 1, 2, 1]);
    assert_eq!(cadre.overall.counts, vec![1, 1, 1, 2, 1]);
    for x in [body, cadre] {
        assert_eq!(x.overall.valid, 5);
        assert_eq!(round6(x.overall.dissatisfaction_rate.unwrap()), 0.4);
        assert_eq!(round6(x.overall.score.unwrap()), 48.0);
    }
    assert_eq!(body.status, FlagStatus::Ok);
    assert_eq!(cadre.status, FlagStatus::Flagged);
    // Each kind has only its own items: the body none of 德能勤绩廉, the cadre none of the body's.
    assert!(body.items[..5].iter().all(Option::is_some) && body.items[5..].iter().all(Option::is_none));
    assert!(cadre.items[..5].iter().all(Option::is_none) && cadre.items[5..].iter().all(Option::is_some));
    // The cadre's 德 was left blank by all six ballots of its scope.
    assert_eq!(cadre.items[6].as_ref().unwrap().unanswered, 6);
}

#[test]
fn a_cadre_rule_falls_back_to_the_round_field_by_field() {
    let mut s = two_kinds();
    s.quorum = 3;
    s.min_satisfaction = Some(t("0.6"));
    let rules = s.rules_of(TargetKind::Cadre);
    assert_eq!((rules.flag_threshold, rules.quorum, rules.min_satisfaction), (t("1/3"), 3, Some(t("0.6"))));
    assert_eq!(s.rules_of(TargetKind::Body).flag_threshold, Threshold::HALF);
    // Two cadre answers are below the round's quorum of 3, whatever they say.
    let mut c = RoundCounts::zero(&s);
    rate_cadre(&mut c, 3);
    rate_cadre(&mut c, 3);
    assert_eq!(tally_round(&s, &c).targets[1].status, FlagStatus::InsufficientResponses);
}

fn counts_strategy() -> impl Strategy<Value = Vec<(usize, Option<usize>)>> {
    prop::collection::vec((0usize..2, prop::option::of(0usize..4)), 0..80)
}

fn build(s: &RoundSpec, ballots: &[(usize, Option<usize>)]) -> RoundCounts {
    let mut c = RoundCounts::zero(s);
    for (cat, opt) in ballots {
        cast(&mut c, *cat, *opt, 1);
    }
    c
}

proptest! {
    #[test]
    fn rates_are_in_the_unit_interval_and_complementary(ballots in counts_strategy(), weighted in any::<bool>()) {
        let s = spec(if weighted { FlagBasis::Weighted } else { FlagBasis::Headcount });
        let r = tally_round(&s, &build(&s, &ballots));
        let o = &r.targets[0].overall;
        match (o.satisfaction_rate, o.dissatisfaction_rate) {
            (Some(a), Some(b)) => {
                prop_assert!((0.0..=1.0).contains(&a) && (0.0..=1.0).contains(&b));
                prop_assert!((a + b - 1.0).abs() < 1e-9);
                prop_assert!(o.valid > 0);
            }
            (None, None) => prop_assert_eq!(o.valid, 0),
            _ => prop_assert!(false, "one rate null and not the other"),
        }
        if let Some(score) = o.score { prop_assert!((0.0..=100.0).contains(&score)); }
        let published = if r.ballots >= u64::from(s.disclosure_min) { r.ballots } else { 0 };
        prop_assert_eq!(o.counts.iter().sum::<u64>() + o.unanswered, published);
    }

    #[test]
    fn random_rounds_show_no_cell_under_the_minimum_and_keep_hidden_answers_in_the_totals(
        ballots in prop::collection::vec((0usize..2, any::<bool>(), prop::option::of(0usize..4)), 0..90),
        k in 1u32..9,
    ) {
        // Two targets; each ballot rates target 0 and, if `both`, target 1 (scoped codes).
        let mut s = spec(FlagBasis::Headcount);
        s.targets.push(target("b", TargetKind::Body, None));
        s.disclosure_min = k;
        let mut c = RoundCounts::zero(&s);
        for (cat, both, opt) in &ballots {
            let scope: Vec<usize> = if *both { vec![0, 1] } else { vec![0] };
            let answers: Vec<Answer> = scope.iter().filter_map(|t| opt.map(|o| Answer { target: *t, item: 0, option: o })).collect();
            c.add(*cat, scope, answers);
        }
        let r = tally_round(&s, &c);
        for (t, tr) in r.targets.iter().enumerate() {
            let rated: Vec<u64> = c.categories.iter().map(|cc| cc.in_scope[t]).collect();
            for (cat, shown) in tr.shown.iter().enumerate() {
                if *shown { prop_assert!(rated[cat] >= u64::from(k), "target {} category {}: {:?}", t, cat, rated); }
            }
            let hidden: u64 = rated.iter().zip(&tr.shown).filter(|(_, s)| !**s).map(|(n, _)| n).sum();
            prop_assert!(hidden == 0 || hidden >= u64::from(k) || tr.categories.is_empty());
            prop_assert_eq!(tr.categories.len(), tr.shown.iter().filter(|s| **s).count());
            // Totals keep every ballot, shown or not, once the target reaches the minimum;
            // under it, nothing at all is published.
            let in_scope: u64 = rated.iter().sum();
            let published = if in_scope >= u64::from(k) { in_scope } else { 0 };
            prop_assert_eq!(tr.overall.counts.iter().sum::<u64>() + tr.overall.unanswered, published);
        }
    }

    #[test]
    fn counting_in_parts_and_merging_equals_counting_at_once(ballots in counts_strategy(), cut in 0usize..80) {
        let s = spec(FlagBasis::Headcount);
        let cut = cut.min(ballots.len());
        let mut merged = build(&s, &ballots[..cut]);
        merged.merge(&build(&s, &ballots[cut..]));
        prop_assert_eq!(merged, build(&s, &ballots));
    }

    #[test]
    fn permuting_ballots_changes_nothing(mut ballots in counts_strategy(), seed in any::<u64>()) {
        let s = spec(FlagBasis::Weighted);
        let before = tally_round(&s, &build(&s, &ballots));
        // A deterministic shuffle from the seed.
        let n = ballots.len();
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            ballots.swap(i, (x % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(tally_round(&s, &build(&s, &ballots)), before);
    }

    #[test]
    fn weighted_equals_headcount_for_equal_weights_and_equal_sized_categories(answers in prop::collection::vec((prop::option::of(0usize..4), prop::option::of(0usize..4)), 1..40)) {
        let mut s = spec(FlagBasis::Weighted);
        for c in &mut s.categories { c.weight = 3.0; }
        // Equal-sized categories: each pair gives one ballot to each category.
        let ballots: Vec<(usize, Option<usize>)> = answers.iter().flat_map(|(a, b)| [(0, *a), (1, *b)]).collect();
        // Equal valid counts too: only pairs where both are valid or both are not.
        let valid = |o: &Option<usize>| matches!(o, Some(0..=2));
        let ballots: Vec<_> = ballots.chunks(2).filter(|p| valid(&p[0].1) == valid(&p[1].1)).flatten().copied().collect();
        let c = build(&s, &ballots);
        let w = tally_round(&s, &c).targets[0].overall.clone();
        s.flag_basis = FlagBasis::Headcount;
        let h = tally_round(&s, &c).targets[0].overall.clone();
        match (w.dissatisfaction_rate, h.dissatisfaction_rate) {
            (Some(a), Some(b)) => prop_assert!((a - b).abs() < 1e-12, "{} vs {}", a, b),
            (a, b) => prop_assert_eq!(a, b),
        }
    }

    #[test]
    fn the_flag_flips_exactly_at_a_fraction_threshold(valid in 1u64..300, neg in 0u64..300, num in 1u64..20, den in 2u64..21) {
        // neg of `valid` dissatisfied, the rest satisfied, threshold num/den (a proper
        // fraction): flagged exactly when neg·den > num·valid — one more than the threshold
        // flags, the threshold itself does not.
        prop_assume!(num < den && neg <= valid);
        let mut s = spec(FlagBasis::Headcount);
        s.flag_threshold = Threshold::fraction(num, den).unwrap();
        let mut c = RoundCounts::zero(&s);
        cast(&mut c, 0, Some(2), neg as usize);
        cast(&mut c, 0, Some(0), (valid - neg) as usize);
        let want = if neg * den > num * valid { FlagStatus::Flagged } else { FlagStatus::Ok };
        prop_assert_eq!(tally_round(&s, &c).targets[0].status, want);
    }

    #[test]
    fn a_third_exactly_is_not_flagged_and_one_more_incompetent_is(thirds in 1u64..200) {
        // 3k cadre answers, k of them 不称职: exactly one third, not flagged; k+1 of 3k+1... is.
        let mut s = two_kinds();
        s.disclosure_min = 1;
        let mut c = RoundCounts::zero(&s);
        for _ in 0..thirds { rate_cadre(&mut c, 3); rate_cadre(&mut c, 1); rate_cadre(&mut c, 1); }
        prop_assert_eq!(tally_round(&s, &c).targets[1].status, FlagStatus::Ok);
        rate_cadre(&mut c, 3);
        prop_assert_eq!(tally_round(&s, &c).targets[1].status, FlagStatus::Flagged);
    }
}
