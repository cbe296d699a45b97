//! Turning rows of a target list (名称, 类型, 所属班子, 职务, 编码) into targets, with an
//! error per bad row and nothing accepted until every row is good (RULES.md R5: a key is
//! the 编码, else derived from the name and the body's key, never from the row order).

pub mod columns;
#[cfg(feature = "import")]
pub mod file;

/// Most rows a target list or a plan of codes may have (a campaign of 60 units with their
/// cadres is about 500).
pub const MAX_ROWS: u32 = 10_000;
/// Most columns.
pub const MAX_COLUMNS: u32 = 64;
/// Most non-empty cells of a spreadsheet.
pub const MAX_CELLS: usize = 100_000;
/// Most bytes an XLSX file may unpack to, all its parts together (a zip bomb is refused
/// before any part is parsed).
pub const MAX_UNPACKED: u64 = 32 * 1024 * 1024;

/// Which bound of an uploaded list a file went past (DOMAIN.md "Hostile input").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bound {
    /// More rows than [`MAX_ROWS`].
    Rows,
    /// More columns than [`MAX_COLUMNS`].
    Columns,
    /// More non-empty cells than [`MAX_CELLS`].
    Cells,
    /// More unpacked bytes than [`MAX_UNPACKED`].
    Unpacked,
}
pub mod keys;

use crate::round::{TargetKind, TargetSpec, MAX_NAME};
use columns::{Field, Header, Layout};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};

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
    /// The name is already a target of the round (a body's name, or a cadre's within the
    /// same unit) or appears twice in the list.
    DuplicateName(String),
    /// The first row is neither data nor the expected header.
    BadHeader,
    /// A header names a column that is not known.
    UnknownColumn(String),
    /// The 编码 is not a usable key (letters, digits, `_`, `-`; at most 64).
    BadKey(String),
    /// The 编码 is already a target's key, in the round or earlier in the list.
    DuplicateKey(String),
    /// A 职务 that is too long, or given to a body.
    BadPosition,
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

/// What the list knows so far: taken keys, bodies by key and name, names per unit.
struct Known {
    keys: HashSet<String>,
    body_by_name: HashMap<String, String>,
    bodies: HashSet<String>,
    names: HashSet<(Option<String>, String)>,
}

impl Known {
    fn of(existing: &[TargetSpec]) -> Self {
        let mut k = Known { keys: HashSet::new(), body_by_name: HashMap::new(), bodies: HashSet::new(), names: HashSet::new() };
        for t in existing {
            k.add(t);
        }
        k
    }

    fn add(&mut self, t: &TargetSpec) {
        self.keys.insert(t.key.clone());
        if t.kind == TargetKind::Body {
            self.body_by_name.insert(t.name.clone(), t.key.clone());
            self.bodies.insert(t.key.clone());
        }
        self.names.insert((t.parent.clone(), t.name.clone()));
    }

    /// A body named by its key or its name.
    fn body(&self, raw: &str) -> Option<String> {
        if self.bodies.contains(raw) {
            return Some(raw.to_owned());
        }
        self.body_by_name.get(raw).cloned()
    }
}

/// One row read into a target, or what is wrong with it.
fn target_of(row: &[String], layout: &Layout, known: &Known, first: bool) -> Result<TargetSpec, RowProblem> {
    let name = layout.cell(row, Field::Name);
    if name.is_empty() {
        return Err(RowProblem::NoName);
    }
    if name.chars().count() > MAX_NAME {
        return Err(RowProblem::NameTooLong);
    }
    let kind_raw = layout.cell(row, Field::Kind);
    // A first row that is not data is a header with the wrong names.
    let kind = kind_of(&kind_raw).ok_or(if first { RowProblem::BadHeader } else { RowProblem::UnknownKind(kind_raw) })?;
    let parent = match kind {
        TargetKind::Body => None,
        TargetKind::Cadre => {
            let raw = layout.cell(row, Field::Parent);
            if raw.is_empty() {
                return Err(RowProblem::NoParent);
            }
            Some(known.body(&raw).ok_or(RowProblem::UnknownParent(raw))?)
        }
    };
    let position = Some(layout.cell(row, Field::Position)).filter(|p| !p.is_empty());
    if position.as_ref().is_some_and(|p| kind == TargetKind::Body || p.chars().count() > MAX_NAME) {
        return Err(RowProblem::BadPosition);
    }
    if known.names.contains(&(parent.clone(), name.clone())) && layout.cell(row, Field::Key).is_empty() {
        return Err(RowProblem::DuplicateName(name));
    }
    if kind == TargetKind::Body && known.body_by_name.contains_key(&name) {
        return Err(RowProblem::DuplicateName(name));
    }
    let key = match layout.cell(row, Field::Key) {
        k if k.is_empty() => keys::derived(&name, parent.as_deref()),
        k if !keys::is_key(&k) => return Err(RowProblem::BadKey(k)),
        k => k,
    };
    if known.keys.contains(&key) {
        return Err(RowProblem::DuplicateKey(key));
    }
    Ok(TargetSpec { key, name, kind, parent, position })
}

/// Reads rows into new targets, after `existing` ones. Columns are named by a header row
/// in any order, or come as 名称, 类型, 所属班子, 职务, 编码. A parent is named by its 编码
/// or its name, among existing bodies or bodies earlier in the list. Two cadres of one
/// name are two targets in different units, or in one unit when their 编码 differ.
pub fn targets_from_rows(rows: &[Vec<String>], existing: &[TargetSpec]) -> Result<Vec<TargetSpec>, Vec<RowError>> {
    let (layout, skip) = match rows.first().map(|r| columns::header(r)) {
        Some(Header::Named(layout)) => (layout, true),
        Some(Header::Bad(column)) => {
            let problem = column.map_or(RowProblem::BadHeader, RowProblem::UnknownColumn);
            return Err(vec![RowError { row: 1, problem }]);
        }
        Some(Header::None) | None => (Layout::positional(), false),
    };
    let mut known = Known::of(existing);
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate().skip(usize::from(skip)) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match target_of(row, &layout, &known, i == 0) {
            Ok(t) => {
                known.add(&t);
                out.push(t);
            }
            Err(problem) => errors.push(RowError { row: i + 1, problem }),
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
