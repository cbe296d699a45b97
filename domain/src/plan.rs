//! A plan of codes (发放计划): how many codes each unit × evaluator category gets, issued in
//! one step (RULES.md C5). Read from JSON lines or from a table (pasted, CSV or XLSX:
//! 单位编码, 类别, 份数), where a unit is named by its key or its name and a category by its
//! key or its name. Every bad line is reported; nothing is issued until all are good.

use crate::round::{RoundSpec, TargetKind};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Most codes one plan may issue.
pub const MAX_PLAN_CODES: u64 = 100_000;

/// One line of a plan, as the API takes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct PlanLine {
    /// The unit: a body's key.
    pub unit: String,
    /// The evaluator category's key.
    pub category: String,
    /// How many codes, at least 1.
    pub count: i64,
}

/// What is wrong with one line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum PlanProblem {
    /// The unit is not a body of the round.
    UnknownUnit(String),
    /// The category is not one of the round's.
    UnknownCategory(String),
    /// The count is not a whole number of at least 1.
    BadCount(String),
    /// The same unit and category appear on an earlier line.
    Duplicate,
    /// The whole plan is empty.
    Empty,
    /// The whole plan asks for more than [`MAX_PLAN_CODES`] codes.
    TooMany,
    /// A table's first row names a column that is not known.
    UnknownColumn(String),
}

/// A bad line: its number (1-based, as the user sees it; 0 for the whole plan) and problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanError {
    /// Line number (for a table: the row, header included).
    pub line: usize,
    /// What is wrong.
    pub problem: PlanProblem,
}

/// A checked line: positions of its body (among the targets) and category, and the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checked {
    /// Position of the unit's body in `RoundSpec::targets`.
    pub body: usize,
    /// Position in `RoundSpec::categories`.
    pub category: usize,
    /// How many codes.
    pub count: u32,
}

fn body_of(spec: &RoundSpec, raw: &str) -> Option<usize> {
    let is_body = |t: &&crate::round::TargetSpec| t.kind == TargetKind::Body;
    spec.targets.iter().position(|t| is_body(&t) && t.key == raw).or_else(|| spec.targets.iter().position(|t| is_body(&t) && t.name == raw))
}

fn category_of(spec: &RoundSpec, raw: &str) -> Option<usize> {
    spec.categories.iter().position(|c| c.key == raw).or_else(|| spec.categories.iter().position(|c| c.name == raw))
}

/// Checks plan lines against the round, numbering them from `first` (1 for JSON lines, the
/// row of the first line for a table).
fn check_numbered(spec: &RoundSpec, lines: &[(usize, String, String, String)]) -> Result<Vec<Checked>, Vec<PlanError>> {
    let mut errors = Vec::new();
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    let mut total: u64 = 0;
    for (line, unit, category, count) in lines {
        let fail = |problem| PlanError { line: *line, problem };
        let Some(body) = body_of(spec, unit.trim()) else {
            errors.push(fail(PlanProblem::UnknownUnit(unit.trim().to_owned())));
            continue;
        };
        let Some(cat) = category_of(spec, category.trim()) else {
            errors.push(fail(PlanProblem::UnknownCategory(category.trim().to_owned())));
            continue;
        };
        let Some(n) = count.trim().parse::<u32>().ok().filter(|n| *n >= 1 && u64::from(*n) <= MAX_PLAN_CODES) else {
            errors.push(fail(PlanProblem::BadCount(count.trim().to_owned())));
            continue;
        };
        if !seen.insert((body, cat)) {
            errors.push(fail(PlanProblem::Duplicate));
            continue;
        }
        total += u64::from(n);
        out.push(Checked { body, category: cat, count: n });
    }
    if errors.is_empty() && out.is_empty() {
        errors.push(PlanError { line: 0, problem: PlanProblem::Empty });
    }
    if total > MAX_PLAN_CODES {
        errors.push(PlanError { line: 0, problem: PlanProblem::TooMany });
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Checks the lines of an API plan (line numbers from 1, in the order given).
pub fn check(spec: &RoundSpec, lines: &[PlanLine]) -> Result<Vec<Checked>, Vec<PlanError>> {
    let numbered: Vec<_> =
        lines.iter().enumerate().map(|(i, l)| (i + 1, l.unit.clone(), l.category.clone(), l.count.to_string())).collect();
    check_numbered(spec, &numbered)
}

/// Reads and checks a plan table: rows of 单位编码 (or the unit's name), 类别 (key or
/// name), 份数, with or without a header row naming them in any order; blank rows skipped.
pub fn from_rows(spec: &RoundSpec, rows: &[Vec<String>]) -> Result<Vec<Checked>, Vec<PlanError>> {
    let field = |h: &str| match h.trim().trim_start_matches('\u{feff}').to_lowercase().as_str() {
        "单位编码" | "单位" | "编码" | "unit" => Some(0),
        "类别" | "测评主体类别" | "测评主体" | "category" => Some(1),
        "份数" | "数量" | "count" => Some(2),
        _ => None,
    };
    let mut columns = [0, 1, 2];
    let mut skip = 0;
    if let Some(first) = rows.first() {
        let named: Vec<Option<usize>> = first.iter().map(|c| field(c)).collect();
        if named.iter().any(Option::is_some) {
            if let Some((c, _)) = first.iter().zip(&named).find(|(c, f)| f.is_none() && !c.trim().is_empty()) {
                return Err(vec![PlanError { line: 1, problem: PlanProblem::UnknownColumn(c.trim().to_owned()) }]);
            }
            for (i, f) in named.iter().enumerate() {
                if let Some(f) = f {
                    columns[*f] = i;
                }
            }
            skip = 1;
        }
    }
    let cell = |row: &[String], f: usize| row.get(columns[f]).cloned().unwrap_or_default();
    let lines: Vec<_> = rows
        .iter()
        .enumerate()
        .skip(skip)
        .filter(|(_, r)| r.iter().any(|c| !c.trim().is_empty()))
        .map(|(i, r)| (i + 1, cell(r, 0), cell(r, 1), cell(r, 2)))
        .collect();
    check_numbered(spec, &lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::TargetSpec;

    fn spec() -> RoundSpec {
        let mut s = crate::round::annual_preset("年度考核", "");
        for (k, n) in [("jyj", "区教育局领导班子"), ("mzj", "区民政局领导班子")] {
            s.targets.push(TargetSpec { key: k.into(), name: n.into(), kind: TargetKind::Body, parent: None, position: None });
        }
        s.targets.push(TargetSpec {
            key: "jyj-wang".into(),
            name: "王伟".into(),
            kind: TargetKind::Cadre,
            parent: Some("jyj".into()),
            position: None,
        });
        s
    }

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines().map(|l| l.split(',').map(str::to_owned).collect()).collect()
    }

    #[test]
    fn a_table_names_units_and_categories_by_key_or_name_in_any_column_order() {
        let got = from_rows(&spec(), &rows("份数,单位编码,类别\n30,jyj,masses\n\n10,区民政局领导班子,两代表一委员")).expect("valid");
        assert_eq!(got, vec![Checked { body: 0, category: 0, count: 30 }, Checked { body: 1, category: 1, count: 10 }]);
        let plain = from_rows(&spec(), &rows("jyj,masses,5")).expect("no header");
        assert_eq!(plain, vec![Checked { body: 0, category: 0, count: 5 }]);
    }

    #[test]
    fn every_bad_line_is_named_and_a_cadre_is_not_a_unit() {
        let errs =
            from_rows(&spec(), &rows("单位编码,类别,份数\njyj-wang,masses,5\njyj,nobody,5\njyj,masses,0\njyj,masses,2\njyj,masses,3"))
                .expect_err("bad");
        let got: Vec<(usize, PlanProblem)> = errs.into_iter().map(|e| (e.line, e.problem)).collect();
        assert_eq!(
            got,
            vec![
                (2, PlanProblem::UnknownUnit("jyj-wang".into())),
                (3, PlanProblem::UnknownCategory("nobody".into())),
                (4, PlanProblem::BadCount("0".into())),
                (6, PlanProblem::Duplicate),
            ]
        );
    }

    #[test]
    fn an_empty_or_oversized_plan_is_refused_as_a_whole() {
        assert_eq!(check(&spec(), &[]), Err(vec![PlanError { line: 0, problem: PlanProblem::Empty }]));
        let big = |unit: &str| PlanLine { unit: unit.into(), category: "masses".into(), count: 60_000 };
        assert_eq!(check(&spec(), &[big("jyj"), big("mzj")]), Err(vec![PlanError { line: 0, problem: PlanProblem::TooMany }]));
        assert!(check(&spec(), &[PlanLine { unit: "jyj".into(), category: "masses".into(), count: -1 }]).is_err());
    }
}
