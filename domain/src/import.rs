//! Turning rows of a target list (name, kind, parent body) into targets, with an error
//! per bad row and nothing accepted until every row is good.

#[cfg(feature = "import")]
pub mod file;

use crate::round::{TargetKind, TargetSpec, MAX_NAME};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// What is wrong with one row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RowProblem {
    /// The name cell is empty.
    NoName,
    /// The name is too long.
    NameTooLong,
    /// The kind is not 班子/领导班子/body or 干部/领导干部/cadre.
    UnknownKind(String),
    /// A cadre without a parent body.
    NoParent,
    /// The parent is not a body of the round or of this list.
    UnknownParent(String),
    /// The name is already a target of the round or appears twice in the list.
    DuplicateName(String),
    /// The first row is neither data nor the expected header.
    BadHeader,
}

/// A bad row: its number as the user sees it (1-based, header included) and the problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowError {
    /// Row number in the file.
    pub row: usize,
    /// What is wrong.
    pub problem: RowProblem,
}

fn kind_of(raw: &str) -> Option<TargetKind> {
    match raw.trim().to_lowercase().as_str() {
        "" | "班子" | "领导班子" | "body" => Some(TargetKind::Body),
        "干部" | "领导干部" | "cadre" => Some(TargetKind::Cadre),
        _ => None,
    }
}

fn is_header(row: &[String]) -> bool {
    row.first().is_some_and(|c| matches!(c.trim().to_lowercase().as_str(), "名称" | "name" | "测评对象"))
}

/// Reads rows (name, kind, parent) into new targets, after `existing` ones. A parent is
/// named by its name or key, among existing bodies or bodies earlier in the list.
/// Keys are generated (`t1`, `t2`, … skipping taken ones).
pub fn targets_from_rows(rows: &[Vec<String>], existing: &[TargetSpec]) -> Result<Vec<TargetSpec>, Vec<RowError>> {
    let mut taken_keys: HashSet<String> = existing.iter().map(|t| t.key.clone()).collect();
    let mut names: HashSet<String> = existing.iter().map(|t| t.name.clone()).collect();
    let mut bodies: Vec<(String, String)> =
        existing.iter().filter(|t| t.kind == TargetKind::Body).map(|t| (t.name.clone(), t.key.clone())).collect();
    let mut next = existing.len() + 1;
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let number = i + 1;
        if (i == 0 && is_header(row)) || row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |n: usize| row.get(n).map(|c| c.trim().to_owned()).unwrap_or_default();
        let (name, kind_raw, parent_raw) = (cell(0), cell(1), cell(2));
        let mut fail = |problem| errors.push(RowError { row: number, problem });
        if name.is_empty() {
            fail(RowProblem::NoName);
            continue;
        }
        if name.chars().count() > MAX_NAME {
            fail(RowProblem::NameTooLong);
            continue;
        }
        let Some(kind) = kind_of(&kind_raw) else {
            // A first row that is not data is a header with the wrong names.
            fail(if i == 0 { RowProblem::BadHeader } else { RowProblem::UnknownKind(kind_raw) });
            continue;
        };
        if !names.insert(name.clone()) {
            fail(RowProblem::DuplicateName(name));
            continue;
        }
        let parent = match (kind, parent_raw.is_empty()) {
            (TargetKind::Body, _) => None,
            (TargetKind::Cadre, true) => {
                fail(RowProblem::NoParent);
                continue;
            }
            (TargetKind::Cadre, false) => match bodies.iter().find(|(n, k)| *n == parent_raw || *k == parent_raw) {
                Some((_, key)) => Some(key.clone()),
                None => {
                    fail(RowProblem::UnknownParent(parent_raw));
                    continue;
                }
            },
        };
        let key = loop {
            let k = format!("t{next}");
            next += 1;
            if taken_keys.insert(k.clone()) {
                break k;
            }
        };
        if kind == TargetKind::Body {
            bodies.push((name.clone(), key.clone()));
        }
        out.push(TargetSpec { key, name, kind, parent });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
    }

    #[test]
    fn bodies_and_their_cadres_are_read_with_generated_keys() {
        let got = targets_from_rows(&rows("名称,类型,所属班子\n区教育局领导班子,班子\n张建国,干部,区教育局领导班子"), &[]);
        let got = got.expect("valid");
        assert_eq!(got.len(), 2);
        assert_eq!((got[0].key.as_str(), got[0].kind), ("t1", TargetKind::Body));
        assert_eq!(got[1].parent.as_deref(), Some("t1"));
    }

    #[test]
    fn every_bad_row_is_reported_with_its_number() {
        let existing = [TargetSpec { key: "t1".into(), name: "区民政局领导班子".into(), kind: TargetKind::Body, parent: None }];
        let input = rows("区民政局领导班子,班子\n,班子\n李四,部门\n王五,干部\n赵六,干部,不存在的班子\n钱七,干部,t1");
        let errs = targets_from_rows(&input, &existing).expect_err("bad rows");
        let got: Vec<(usize, RowProblem)> = errs.into_iter().map(|e| (e.row, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (1, RowProblem::DuplicateName("区民政局领导班子".into())),
                (2, RowProblem::NoName),
                (3, RowProblem::UnknownKind("部门".into())),
                (4, RowProblem::NoParent),
                (5, RowProblem::UnknownParent("不存在的班子".into())),
            ]
        );
    }

    #[test]
    fn a_wrong_header_is_named_as_such() {
        let errs = targets_from_rows(&rows("姓名,种类,上级\n甲,班子"), &[]).expect_err("bad header");
        assert_eq!(errs, vec![RowError { row: 1, problem: RowProblem::BadHeader }]);
    }

    #[test]
    fn generated_keys_skip_taken_ones_and_blank_rows_are_ignored() {
        let existing = [TargetSpec { key: "t2".into(), name: "甲".into(), kind: TargetKind::Body, parent: None }];
        let got = targets_from_rows(&rows("乙,body\n,\n丙,cadre,甲"), &existing).expect("valid");
        assert_eq!(got.iter().map(|t| t.key.as_str()).collect::<Vec<_>>(), ["t3", "t4"]);
        assert_eq!(got[1].parent.as_deref(), Some("t2"));
    }
}
