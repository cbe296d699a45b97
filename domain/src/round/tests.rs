use super::*;

fn spec() -> RoundSpec {
    RoundSpec {
        title: "2026 年度民主测评".into(),
        description: String::new(),
        flag_threshold: Threshold::HALF,
        flag_basis: FlagBasis::Headcount,
        quorum: 1,
        disclosure_min: 5,
        min_satisfaction: None,
        scale: default_scale(),
        cadre_scale: None,
        rules_by_kind: RulesByKind::default(),
        categories: default_categories(),
        items: default_items(),
        targets: vec![
            TargetSpec { key: "jyj".into(), name: "区教育局领导班子".into(), kind: TargetKind::Body, parent: None, position: None },
            TargetSpec {
                key: "jyj-wang".into(),
                name: "王局长".into(),
                kind: TargetKind::Cadre,
                parent: Some("jyj".into()),
                position: None,
            },
        ],
        opens_at: None,
        closes_at: None,
    }
}

fn problems(s: &RoundSpec) -> Vec<(String, Problem)> {
    s.validate().err().unwrap_or_default().into_iter().map(|v| (v.field, v.problem)).collect()
}

#[test]
fn the_defaults_make_a_valid_round_that_can_open() {
    assert_eq!(spec().validate(), Ok(()));
    assert!(spec().readiness().is_empty());
    let parsed: RoundSpec = serde_json::from_str(r#"{"title":"t"}"#).expect("minimal JSON");
    assert_eq!(parsed.flag_threshold, Threshold::HALF);
    assert_eq!((parsed.quorum, parsed.disclosure_min), (1, 5));
    assert_eq!(parsed.scale, default_scale());
    assert_eq!(parsed.readiness().len(), 3);
}

#[test]
fn duplicate_keys_are_named() {
    let mut s = spec();
    s.categories[1].key = "masses".into();
    assert_eq!(problems(&s), vec![("categories[1].key".into(), Problem::Duplicate("masses".into()))]);
}

#[test]
fn two_overall_items_are_refused() {
    let mut s = spec();
    s.items[2].overall = true;
    assert_eq!(problems(&s), vec![("items".into(), Problem::OverallCount(2))]);
}

#[test]
fn weights_must_be_non_negative_and_not_all_zero() {
    let mut s = spec();
    s.categories[0].weight = -1.0;
    assert_eq!(problems(&s), vec![("categories[0].weight".into(), Problem::NegativeWeight)]);
    for c in &mut s.categories {
        c.weight = 0.0;
    }
    assert_eq!(problems(&s), vec![("categories".into(), Problem::AllWeightsZero)]);
}

#[test]
fn thresholds_must_lie_strictly_between_zero_and_one() {
    for bad in ["0", "1", "3/2", "2/2", "0.0"] {
        let mut s = spec();
        s.flag_threshold = Threshold::parse(bad).expect("readable");
        assert_eq!(problems(&s), vec![("flag_threshold".into(), Problem::OutsideUnitInterval)], "{bad}");
    }
    let mut s = spec();
    s.min_satisfaction = Threshold::fraction(1, 1);
    assert_eq!(problems(&s), vec![("min_satisfaction".into(), Problem::OutsideUnitInterval)]);
}

#[test]
fn cadres_need_an_existing_body_and_bodies_have_no_parent() {
    let mut s = spec();
    s.targets[1].parent = Some("nope".into());
    s.targets[0].parent = Some("x".into());
    assert_eq!(
        problems(&s),
        vec![("targets[0].parent".into(), Problem::BodyWithParent), ("targets[1].parent".into(), Problem::UnknownParent("nope".into())),]
    );
}

#[test]
fn a_scale_needs_both_sides_and_consistent_points() {
    let mut s = spec();
    s.scale.retain(|o| o.polarity != Polarity::Negative);
    assert_eq!(problems(&s), vec![("scale".into(), Problem::ScaleNeedsBothSides)]);
    let mut s = spec();
    s.scale[3].points = Some(10);
    assert_eq!(problems(&s), vec![("scale[3].points".into(), Problem::PointsMismatch)]);
}

#[test]
fn json_thresholds_that_are_not_numbers_or_fractions_are_refused_before_validation() {
    for bad in
        [r#"{"title":"t","flag_threshold":-0.2}"#, r#"{"title":"t","flag_threshold":"half"}"#, r#"{"title":"t","flag_threshold":"1/0"}"#]
    {
        assert!(serde_json::from_str::<RoundSpec>(bad).is_err(), "{bad}");
    }
    let ok: RoundSpec = serde_json::from_str(r#"{"title":"t","rules_by_kind":{"cadre":{"flag_threshold":"1/3"}}}"#).expect("fraction");
    assert_eq!(ok.rules_of(TargetKind::Cadre).flag_threshold, Threshold::fraction(1, 3).unwrap());
}

#[test]
fn each_kind_present_needs_exactly_one_overall_item_that_applies_to_it() {
    let mut s = annual_preset("年度考核", "");
    s.targets = spec().targets;
    assert_eq!(s.validate(), Ok(()));
    s.items.retain(|i| i.key != "cadre_overall");
    assert_eq!(problems(&s), vec![("items".into(), Problem::OverallForKind(TargetKind::Cadre, 0))]);
    // Without cadres in the round, the cadre items need no overall item.
    s.targets.truncate(1);
    assert_eq!(s.validate(), Ok(()));
}

#[test]
fn a_cadre_scale_is_held_to_the_rules_of_a_scale_and_a_body_has_no_position() {
    let mut s = annual_preset("年度考核", "");
    s.targets = spec().targets;
    s.cadre_scale.as_mut().unwrap().retain(|o| o.polarity != Polarity::Negative);
    s.targets[0].position = Some("局长".into());
    assert_eq!(
        problems(&s),
        vec![("cadre_scale".into(), Problem::ScaleNeedsBothSides), ("targets[0].position".into(), Problem::BadPosition)]
    );
}
