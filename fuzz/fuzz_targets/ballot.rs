//! A ballot body as `POST /api/v1/ballots` decodes it, then validated against a round of
//! bodies and cadres on one sheet with two scales and items per kind (the preset "年度考核"),
//! stored and read back: no panic, every accepted answer is on its target's scale and item,
//! and what validation accepts is exactly what the stored form gives back.
#![no_main]

use domain::ballot::{blanks, decode_answers, encode_answers, targets_in_scope, validate, BallotRequest, Receipt};
use domain::code::Code;
use domain::round::{annual_preset, RoundSpec, TargetKind, TargetSpec};
use i18n::Locale;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn spec() -> &'static RoundSpec {
    static SPEC: OnceLock<RoundSpec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let mut s = annual_preset("fuzz", "");
        let body = |k: &str, n: &str| TargetSpec { key: k.into(), name: n.into(), kind: TargetKind::Body, parent: None, position: None };
        let cadre = |k: &str, n: &str, p: &str| TargetSpec {
            key: k.into(),
            name: n.into(),
            kind: TargetKind::Cadre,
            parent: Some(p.into()),
            position: Some("局长".into()),
        };
        s.targets = vec![body("a", "甲局领导班子"), body("b", "乙局领导班子"), cadre("c", "张三", "a"), cadre("d", "李四", "b")];
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let spec = spec();
    let (items, targets) = (spec.items.len(), spec.targets.len());
    // The stored answer string of a ballot, read back whatever it holds.
    if let Ok(text) = std::str::from_utf8(data) {
        for scope in [&[0usize, 1, 2, 3][..], &[0, 2][..]] {
            for a in decode_answers(items, targets, scope, text) {
                assert!(a.item < items && a.target < targets);
            }
        }
    }
    let Ok(req) = serde_json::from_slice::<BallotRequest>(data) else { return };
    if let Ok(code) = Code::parse(&req.code) {
        assert_eq!(Code::parse(&code.to_string()).as_ref(), Ok(&code));
    }
    if let Some(r) = req.receipt.as_deref().and_then(Receipt::parse) {
        assert_eq!(Receipt::parse(&r.to_string()), Some(r));
    }
    let scopes: [Option<Vec<String>>; 3] = [None, Some(vec!["a".into(), "c".into()]), Some(vec![])];
    for scope in &scopes {
        let scope = scope.as_deref();
        match validate(spec, scope, &req.answers, req.opinion.as_deref()) {
            Ok(answers) => {
                let in_scope: Vec<usize> = targets_in_scope(spec, scope).into_iter().map(|(i, _)| i).collect();
                for a in &answers {
                    let kind = spec.targets[a.target].kind;
                    assert!(in_scope.contains(&a.target), "an answer outside the scope");
                    assert!(a.option < spec.scale_of(kind).len(), "an option off the target's scale");
                    assert!(spec.applies(a.item, kind), "an item of the other kind");
                }
                let stored = encode_answers(spec, &in_scope, &answers);
                assert_eq!(stored.len(), in_scope.len() * items);
                let back: Vec<_> = decode_answers(items, targets, &in_scope, &stored).collect();
                assert_eq!(back, answers, "stored answers read back differently");
                let applicable: usize = in_scope.iter().map(|t| (0..items).filter(|i| spec.applies(*i, spec.targets[*t].kind)).count()).sum();
                assert_eq!(blanks(spec, scope, &answers).len() + answers.len(), applicable);
            }
            Err(problem) => {
                for locale in [Locale::Zh, Locale::En] {
                    assert!(!i18n::problems::ballot_problem(&problem, locale, spec).is_empty());
                }
            }
        }
    }
});
