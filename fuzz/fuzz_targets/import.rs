//! A target list as uploaded (CSV in UTF-8 or GBK, or an XLSX workbook) or pasted, read
//! into rows and then into targets: no panic, and every accepted list is consistent (keys
//! unique and usable, bodies of distinct names, every cadre in a known body).
#![no_main]

use domain::import::{file, targets_from_rows};
use domain::round::{TargetKind, TargetSpec};
use i18n::Locale;
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fn check(rows: &[Vec<String>]) {
    let existing = [TargetSpec { key: "t1".into(), name: "区教育局领导班子".into(), kind: TargetKind::Body, parent: None, position: None }];
    match targets_from_rows(rows, &existing) {
        Ok(targets) => {
            let mut keys: HashSet<&str> = existing.iter().map(|t| t.key.as_str()).collect();
            let mut body_names: HashSet<&str> = existing.iter().map(|t| t.name.as_str()).collect();
            let mut bodies: HashSet<&str> = HashSet::from(["t1"]);
            for t in &targets {
                assert!(keys.insert(&t.key), "duplicate key {}", t.key);
                assert!(domain::import::keys::is_key(&t.key), "unusable key {}", t.key);
                assert!(!t.name.trim().is_empty());
                match t.kind {
                    TargetKind::Body => {
                        assert!(t.parent.is_none() && t.position.is_none());
                        assert!(body_names.insert(&t.name), "two bodies of one name");
                        bodies.insert(&t.key);
                    }
                    TargetKind::Cadre => assert!(t.parent.as_deref().is_some_and(|p| bodies.contains(p)), "cadre without a known body"),
                }
            }
        }
        Err(errors) => {
            assert!(!errors.is_empty());
            for e in errors {
                assert!(e.row >= 1 && e.row <= rows.len());
                assert!(!i18n::problems::row_problem(&e.problem, Locale::Zh).is_empty() && !i18n::problems::row_problem(&e.problem, Locale::En).is_empty());
            }
        }
    }
}

fuzz_target!(|data: &[u8]| {
    if let Ok(rows) = file::rows_from_file(data) {
        check(&rows);
    }
    if let Ok(rows) = file::rows_from_text(&String::from_utf8_lossy(data)) {
        check(&rows);
    }
});
