//! Reading every stored ballot of a round — for the recount (RULES.md T5) and the
//! indicators (A10) — as fast as the database hands them over: the random id space is cut
//! into ranges, each range comes back as one row with its ballots packed into one text
//! (`group_concat` / `string_agg`), and [`PARTS`] tasks read their ranges side by side.
//! A driver hands rows over one by one (on SQLite, from its worker thread over a channel),
//! and that hand-over, not the counting, was most of a million-ballot read
//! (docs/BENCHMARKS.md, "Indicators of coached voting").
//!
//! A packed ballot is `category:length:scope answers`, ballots separated by U+001E: the
//! scope (a JSON list of target keys, or none: length -1) is cut by its length in
//! characters, so no character of a key can break the packing; the answers are symbols of
//! `0-9a-v.` only.

use crate::domain::ballot::{decode_answers, Answer};
use crate::domain::round::RoundSpec;
use crate::ssr::round_def::RoundDef;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};
use std::collections::HashMap;
use std::sync::Arc;

/// Tasks reading side by side (the recount and the indicators are bound by decoding).
pub const PARTS: usize = 4;
/// About this many ballots a packed row (a few hundred kilobytes of text).
const PER_ROW: i64 = 1_024;
/// Separator between packed ballots.
const RS: char = '\u{1e}';

/// One stored ballot, read back and placed in its round.
pub struct Ballot<'a> {
    /// Its category's position in the round's categories.
    pub category: usize,
    /// The positions of the targets its code covered, in the round's order.
    pub in_scope: &'a [usize],
    spec: &'a RoundSpec,
    stored: &'a str,
}

impl<'a> Ballot<'a> {
    /// Its answers (`domain::ballot::decode_answers`).
    pub fn answers(&self) -> impl Iterator<Item = Answer> + 'a {
        decode_answers(self.spec.items.len(), self.spec.targets.len(), self.in_scope, self.stored)
    }
}

/// One packed ballot as the database gave it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Packed<'a> {
    category_id: i32,
    /// The target keys its code covered (JSON), `None` for the whole round.
    scope: Option<&'a str>,
    /// Its answers as stored.
    answers: &'a str,
}

/// The target positions that ballots' scopes cover, each distinct scope parsed once.
struct Scopes {
    all: Vec<usize>,
    parsed: HashMap<String, Vec<usize>>,
}

impl Scopes {
    fn new(spec: &RoundSpec) -> Self {
        Self { all: (0..spec.targets.len()).collect(), parsed: HashMap::new() }
    }

    /// The positions `scope` covers: every target for none, else the targets whose keys it
    /// lists (an unreadable scope covers none).
    fn of(&mut self, spec: &RoundSpec, scope: Option<&str>) -> &[usize] {
        let Some(s) = scope else { return &self.all };
        if !self.parsed.contains_key(s) {
            let keys: Vec<String> = serde_json::from_str(s).unwrap_or_default();
            let positions = spec.targets.iter().enumerate().filter(|(_, t)| keys.contains(&t.key)).map(|(i, _)| i).collect();
            self.parsed.insert(s.to_owned(), positions);
        }
        &self.parsed[s]
    }
}

/// Folds every stored ballot of round `def` into [`PARTS`] states made by `init`, each read
/// by its own task from its share of the id ranges; returns the states to be merged. A
/// ballot of a category the round no longer has is skipped.
pub async fn fold<S, F>(db: &DatabaseConnection, def: &RoundDef, init: impl Fn() -> S, each: F) -> Result<Vec<S>, DbErr>
where
    S: Send + 'static,
    F: Fn(&mut S, Ballot<'_>) + Send + Sync + 'static,
{
    let backend = db.get_database_backend();
    let round_id = def.round.id;
    // The count sizes the ranges only; a wrong one costs time, never a ballot.
    let count = db
        .query_one(Statement::from_sql_and_values(backend, sql(backend, "count(*)"), [round_id.into(), i64::MIN.into(), i64::MAX.into()]))
        .await?
        .and_then(|r| r.try_get_by_index::<i64>(0).ok())
        .unwrap_or(0);
    // Ids are random positive 63-bit numbers; older rows may be anywhere in i64.
    let ranges = ((count / PER_ROW) as u64 + 1).next_power_of_two().clamp(PARTS as u64, 1 << 16);
    let bounds: Arc<Vec<(i64, i64)>> = Arc::new(split(ranges));
    let (def, each) = (Arc::new(def.clone()), Arc::new(each));
    let tasks: Vec<_> = (0..PARTS)
        .map(|p| {
            let (db, bounds, def, each, mut state) = (db.clone(), bounds.clone(), def.clone(), each.clone(), init());
            tokio::spawn(async move {
                let query = sql(backend, &packed(backend));
                let spec = def.spec();
                let mut scopes = Scopes::new(spec);
                for (lo, hi) in bounds.iter().skip(p).step_by(PARTS) {
                    let values = [round_id.into(), (*lo).into(), (*hi).into()];
                    let Some(row) = db.query_one(Statement::from_sql_and_values(backend, query.as_str(), values)).await? else { continue };
                    let Some(text) = row.try_get_by_index::<Option<String>>(0)? else { continue };
                    unpack(&text, |b| {
                        let Some(&category) = def.category_pos.get(&b.category_id) else { return };
                        let in_scope = scopes.of(spec, b.scope);
                        each(&mut state, Ballot { category, in_scope, spec, stored: b.answers });
                    })?;
                }
                Ok::<S, DbErr>(state)
            })
        })
        .collect();
    let mut states = Vec::with_capacity(PARTS);
    for task in tasks {
        states.push(task.await.map_err(|e| DbErr::Custom(format!("a task reading ballots failed: {e}")))??);
    }
    Ok(states)
}

/// `n` ranges `[lo, hi]` (inclusive) covering every i64, in order.
fn split(n: u64) -> Vec<(i64, i64)> {
    let n = n.max(1);
    let width = u64::MAX / n;
    (0..n)
        .map(|k| {
            let hi = if k + 1 == n { u64::MAX } else { (k + 1) * width - 1 };
            ((k * width) as i64 ^ i64::MIN, hi as i64 ^ i64::MIN)
        })
        .collect()
}

/// `SELECT what FROM ballots` of one round within an inclusive id range.
fn sql(backend: sea_orm::DatabaseBackend, what: &str) -> String {
    let (a, b, c) = if backend == sea_orm::DatabaseBackend::Postgres { ("$1", "$2", "$3") } else { ("?", "?", "?") };
    format!("SELECT {what} FROM ballots WHERE round_id = {a} AND id >= {b} AND id <= {c}")
}

/// The packing expression of the backend.
fn packed(backend: sea_orm::DatabaseBackend) -> String {
    let ballot = "category_id || ':' || COALESCE(length(scope), -1) || ':' || COALESCE(scope, '') || answers";
    if backend == sea_orm::DatabaseBackend::Postgres {
        format!("string_agg({ballot}, chr(30))")
    } else {
        format!("group_concat({ballot}, char(30))")
    }
}

/// Calls `each` for every ballot packed in `text`.
fn unpack(text: &str, mut each: impl FnMut(Packed<'_>)) -> Result<(), DbErr> {
    let bad = || DbErr::Custom(format!("packed ballots read '{}'", text.chars().take(80).collect::<String>()));
    let mut rest = text;
    while !rest.is_empty() {
        let (category, r) = rest.split_once(':').ok_or_else(bad)?;
        let (length, r) = r.split_once(':').ok_or_else(bad)?;
        let category_id: i32 = category.parse().map_err(|_| bad())?;
        let length: i64 = length.parse().map_err(|_| bad())?;
        let (scope, r) = match usize::try_from(length) {
            Err(_) => (None, r),
            Ok(n) => {
                let end = r.char_indices().nth(n).map_or(r.len(), |(i, _)| i);
                (Some(&r[..end]), &r[end..])
            }
        };
        let end = r.find(RS).unwrap_or(r.len());
        each(Packed { category_id, scope, answers: &r[..end] });
        rest = r.get(end + RS.len_utf8()..).unwrap_or("");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_cover_every_id_once_in_order() {
        for n in [1, 4, 1024] {
            let r = split(n);
            assert_eq!((r.len() as u64, r[0].0, r[r.len() - 1].1), (n, i64::MIN, i64::MAX));
            assert!(r.windows(2).all(|w| w[0].1.checked_add(1) == Some(w[1].0)), "no gap, no overlap");
        }
    }

    #[test]
    fn a_packed_text_gives_back_each_ballot_whatever_its_scope_holds() {
        // A key with the separators in it, a key with a CJK character, and no scope.
        let tricky = "[\"a:1\u{1e}b\",\"区\"]";
        let text = format!("3:{}:{tricky}01.2\u{1e}12:-1:0\u{1e}4:2:[]", tricky.chars().count());
        let mut seen = Vec::new();
        unpack(&text, |b| seen.push((b.category_id, b.scope.map(str::to_owned), b.answers.to_owned()))).expect("unpacks");
        assert_eq!(
            seen,
            [(3, Some(tricky.to_owned()), "01.2".to_owned()), (12, None, "0".to_owned()), (4, Some("[]".to_owned()), String::new())]
        );
        assert!(unpack("x:1:", |_| ()).is_err(), "a broken packing is an error, not a silent skip");
    }
}
