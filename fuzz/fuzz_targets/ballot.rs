//! A ballot body as `POST /api/v1/ballots` decodes it, then validated against a round of
//! bodies and cadres, stored and read back: no panic, and what validation accepts is
//! exactly what the stored form gives back.
#![no_main]

use domain::ballot::{blanks, decode_answers, encode_answers, targets_in_scope, validate, BallotRequest, Receipt};
use domain::code::Code;
use domain::round::{cadre_scale, default_categories, default_items, RoundSpec, TargetKind, TargetSpec};
use i18n::Locale;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

fn spec() -> &'static RoundSpec {
    static SPEC: OnceLock<RoundSpec> = OnceLock::new();
    SPEC.get_or_init(|| {
        let mut s: RoundSpec = serde_json::from_str(r#"{"title":"fuzz"}"#).expect("minimal spec");
        s.categories = default_categories();
        s.items = default_items();
        let extra: Vec<_> = cadre_scale().into_iter().filter(|o| !s.scale.iter().any(|d| d.key == o.key)).collect();
        s.scale.extend(extra);
        let body = |k: &str, n: &str| TargetSpec { key: k.into(), name: n.into(), kind: TargetKind::Body, parent: None };
        let cadre = |k: &str, n: &str, p: &str| TargetSpec { key: k.into(), name: n.into(), kind: TargetKind::Cadre, parent: Some(p.into()) };
        s.targets = vec![body("a", "甲局领导班子"), body("b", "乙局领导班子"), cadre("c", "张三", "a"), cadre("d", "李四", "b")];
        s
    })
}

fuzz_target!(|data: &[u8]| {
    let spec = spec();
    // The stored answer string of a ballot, read back whatever it holds.
    if let Ok(text) = std::str::from_utf8(data) {
        for a in decode_answers(spec.items.len(), text) {
            assert!(a.item < spec.items.len());
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
                assert!(answers.iter().all(|a| in_scope.contains(&a.target) && a.option < spec.scale.len()));
                let stored = encode_answers(spec, &answers);
                assert_eq!(stored.len(), spec.targets.len() * spec.items.len());
                let back: Vec<_> = decode_answers(spec.items.len(), &stored).collect();
                assert_eq!(back, answers, "stored answers read back differently");
                let blank = blanks(spec, scope, &answers);
                assert_eq!(blank.len() + answers.len(), in_scope.len() * spec.items.len());
            }
            Err(problem) => {
                for locale in [Locale::Zh, Locale::En] {
                    assert!(!i18n::problems::ballot_problem(&problem, locale, spec).is_empty());
                }
            }
        }
    }
});
