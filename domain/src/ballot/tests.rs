use super::*;
use crate::round::{default_categories, default_items, default_scale, TargetKind};

fn spec() -> RoundSpec {
    let mut s: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).unwrap();
    s.scale = default_scale();
    s.categories = default_categories();
    s.items = default_items();
    for (k, n) in [("a", "甲局"), ("b", "乙局")] {
        s.targets.push(TargetSpec { key: k.into(), name: n.into(), kind: TargetKind::Body, parent: None, position: None });
    }
    s
}

fn ans(t: &str, i: &str, o: &str) -> AnswerInput {
    AnswerInput { target: t.into(), item: i.into(), option: o.into() }
}

fn overall_key(s: &RoundSpec) -> String {
    s.items.iter().find(|i| i.overall).unwrap().key.clone()
}

#[test]
fn receipts_print_in_two_groups_and_read_back_forgivingly() {
    let r = Receipt::from_bits(0x3_FFFF_FFFF_FFFF);
    assert_eq!(r.to_string(), "ZZZZZ-ZZZZZ");
    let r = Receipt::from_bits(0x1234_5678_9ABC);
    let printed = r.to_string();
    assert_eq!(printed.len(), 11);
    assert_eq!(Receipt::parse(&printed), Some(r));
    assert_eq!(Receipt::parse(&printed.to_lowercase().replace('-', "")), Some(r));
    assert_eq!(Receipt::parse("ABCDE-FGH"), None);
    assert_eq!(Receipt::parse("ABCDE-FGHJKM"), None);
    assert_eq!(Receipt::parse("ABCDE-FGHJ!"), None);
    assert_eq!(format!("{r:?}"), "Receipt(***)");
    assert!(Receipt::from_bits(u64::MAX).value() < 1 << RECEIPT_BITS);
}

#[test]
fn a_complete_sheet_is_accepted_and_sorted() {
    let s = spec();
    let o = overall_key(&s);
    let got = validate(&s, None, &[ans("b", &o, "dissatisfied"), ans("a", &o, "satisfied")], Some("好")).unwrap();
    let oi = s.items.iter().position(|i| i.overall).unwrap();
    assert_eq!(got, vec![Answer { target: 0, item: oi, option: 0 }, Answer { target: 1, item: oi, option: 2 }]);
}

#[test]
fn each_kind_of_bad_answer_is_named() {
    let s = spec();
    let o = overall_key(&s);
    let ok = || vec![ans("a", &o, "satisfied"), ans("b", &o, "satisfied")];
    let with = |extra: AnswerInput| {
        let mut v = ok();
        v.push(extra);
        validate(&s, None, &v, None)
    };
    assert_eq!(with(ans("zz", &o, "satisfied")), Err(BallotProblem::UnknownTarget("zz".into())));
    assert_eq!(with(ans("a", "nope", "satisfied")), Err(BallotProblem::UnknownItem("nope".into())));
    assert!(matches!(with(ans("a", &o, "great")), Err(BallotProblem::UnknownOption { .. })));
    assert!(matches!(with(ans("a", &o, "satisfied")), Err(BallotProblem::Duplicate { .. })));
    assert_eq!(validate(&s, None, &ok()[..1], None), Err(BallotProblem::MissingOverall("b".into())));
    let scope = vec!["a".to_owned()];
    assert_eq!(validate(&s, Some(&scope), &ok(), None), Err(BallotProblem::OutOfScope("b".into())));
    assert!(validate(&s, Some(&scope), &ok()[..1], None).is_ok());
    let long = "意".repeat(OPINION_MAX + 1);
    assert_eq!(validate(&s, None, &ok(), Some(&long)), Err(BallotProblem::OpinionTooLong(OPINION_MAX + 1)));
    assert!(validate(&s, None, &ok(), Some(&"意".repeat(OPINION_MAX))).is_ok());
}

#[test]
fn stored_answers_decode_to_what_was_encoded() {
    let s = spec();
    let o = overall_key(&s);
    let answers =
        validate(&s, None, &[ans("b", &o, "dont_know"), ans("a", "four_winds", "dissatisfied"), ans("a", &o, "satisfied")], None).unwrap();
    let all = [0, 1];
    let stored = encode_answers(&s, &all, &answers);
    assert_eq!(stored.len(), s.targets.len() * s.items.len());
    assert_eq!(stored.matches('.').count(), stored.len() - 3);
    let mut back: Vec<Answer> = decode_answers(s.items.len(), s.targets.len(), &all, &stored).collect();
    back.sort_unstable();
    assert_eq!(back, answers);
}

#[test]
fn a_scoped_ballot_stores_only_the_slots_of_its_scope_and_an_old_full_string_still_reads() {
    let s = sheet();
    let mut s = s;
    s.targets.insert(0, TargetSpec { key: "yi".into(), name: "乙局领导班子".into(), kind: TargetKind::Body, parent: None, position: None });
    let scope = vec!["jyj".to_owned(), "jyj-wang".to_owned()];
    let answers =
        validate(&s, Some(&scope), &[ans("jyj", "body_overall", "poor"), ans("jyj-wang", "cadre_overall", "competent")], None).unwrap();
    let positions = [1, 2];
    let stored = encode_answers(&s, &positions, &answers);
    assert_eq!(stored.len(), 2 * s.items.len(), "two targets' slots, not three");
    let back: Vec<Answer> = decode_answers(s.items.len(), s.targets.len(), &positions, &stored).collect();
    assert_eq!(back, answers);
    // The same ballot as a release before units stored it: every target's slots.
    let old = encode_answers(&s, &[0, 1, 2], &answers);
    let back: Vec<Answer> = decode_answers(s.items.len(), s.targets.len(), &positions, &old).collect();
    assert_eq!(back, answers);
}

#[test]
fn blanks_list_the_unanswered_pairs_in_scope() {
    let s = spec();
    let o = overall_key(&s);
    let got = validate(&s, None, &[ans("a", &o, "satisfied"), ans("b", &o, "satisfied")], None).unwrap();
    assert_eq!(blanks(&s, None, &got).len(), 2 * s.items.len() - 2);
    let scope = vec!["b".to_owned()];
    let got = validate(&s, Some(&scope), &[ans("b", &o, "satisfied")], None).unwrap();
    assert!(blanks(&s, Some(&scope), &got).iter().all(|(t, _)| *t == 1));
}

/// The preset sheet: body `jyj` and its cadre `jyj-wang`, each on its scale and items.
fn sheet() -> RoundSpec {
    let mut s = crate::round::annual_preset("年度考核", "");
    s.targets = vec![
        TargetSpec { key: "jyj".into(), name: "区教育局领导班子".into(), kind: TargetKind::Body, parent: None, position: None },
        TargetSpec {
            key: "jyj-wang".into(),
            name: "王伟".into(),
            kind: TargetKind::Cadre,
            parent: Some("jyj".into()),
            position: Some("局长".into()),
        },
    ];
    s
}

#[test]
fn each_target_is_answered_on_its_kinds_scale_and_items() {
    let s = sheet();
    let ok = [ans("jyj", "body_overall", "good"), ans("jyj-wang", "cadre_overall", "competent"), ans("jyj-wang", "virtue", "excellent")];
    let got = validate(&s, None, &ok, None).expect("valid");
    assert_eq!(got[1], Answer { target: 1, item: 5, option: 1 });
    // A body option for a cadre, and a cadre item for a body, are refused by name.
    let mut wrong_scale = ok.to_vec();
    wrong_scale[1] = ans("jyj-wang", "cadre_overall", "good");
    assert!(matches!(validate(&s, None, &wrong_scale, None), Err(BallotProblem::UnknownOption { .. })));
    let mut wrong_item = ok.to_vec();
    wrong_item.push(ans("jyj", "virtue", "good"));
    assert_eq!(validate(&s, None, &wrong_item, None), Err(BallotProblem::NotApplicable { target: "jyj".into(), item: "virtue".into() }));
    // Each kind's overall item is required of its targets.
    assert_eq!(validate(&s, None, &ok[..1], None), Err(BallotProblem::MissingOverall("jyj-wang".into())));
    // Blanks are the applicable items only: 4 of the body's, 4 of the cadre's.
    assert_eq!(blanks(&s, None, &got).len(), 4 + 4);
}
