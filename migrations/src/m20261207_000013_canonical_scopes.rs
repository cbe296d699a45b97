//! Canonical scopes (DOMAIN.md, Anonymity rule 9): a code's scope, which every ballot cast
//! with it copies, is stored in one form, so that no ballot is singled out by how its
//! code's scope was typed. Before, `["a","b"]`, `["b","a"]` and `["a","b","a"]` were
//! stored as typed (a unit's codes in the round's order of its targets), and a ballot
//! could be joined to its codes by that string even after sealing.
//!
//! This rewrites the stored scopes of every round, sealed ones included, on codes and
//! ballots alike: the JSON array read, sorted, without duplicates, and `NULL` (the whole
//! round) when it names every target of its round. It is the rule of
//! `domain::scope::canonical`, written out here so that this migration keeps doing what it
//! did when it was released (migrations depend on no crate of the workspace).
//!
//! The rewrite itself is written in one go (on PostgreSQL, in the migration's transaction
//! and in the order the database finds the rows), so a closed round whose rows changed is
//! marked unsealed (`seal_step = 0`, before its rows change, so that a stop in between
//! leaves it marked): the next start seals it again (`ssr/seal.rs`, `sweep`).
//!
//! Each distinct stored string is rewritten by one `UPDATE … WHERE round_id = ? AND
//! scope = ?`; a string already canonical, or not a JSON array of strings, is left as it
//! is. Running it again changes nothing.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, Statement};
use std::collections::{BTreeMap, BTreeSet};

/// The tables whose rows carry a scope.
const TABLES: [&str; 2] = ["codes", "ballots"];

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The canonical form of a stored scope in a round of `targets`: `None` to leave the string
/// as it is (not a JSON array of strings), `Some(None)` for the whole round.
fn canonical(targets: Option<&BTreeSet<String>>, stored: &str) -> Option<Option<String>> {
    let keys: BTreeSet<String> = serde_json::from_str::<Vec<String>>(stored).ok()?.into_iter().collect();
    if targets.into_iter().flatten().all(|k| keys.contains(k)) {
        return Some(None);
    }
    serde_json::to_string(&keys.into_iter().collect::<Vec<_>>()).ok().map(Some)
}

/// One stored scope to rewrite: in which table and round, from what, to what.
struct Change {
    table: &'static str,
    round_id: i32,
    old: String,
    new: Option<String>,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        let backend = db.get_database_backend();
        let mut targets: BTreeMap<i32, BTreeSet<String>> = BTreeMap::new();
        for row in db.query_all(Statement::from_string(backend, "SELECT round_id, key FROM round_targets")).await? {
            targets.entry(row.try_get("", "round_id")?).or_default().insert(row.try_get("", "key")?);
        }
        let mut changes = Vec::new();
        for table in TABLES {
            let sql = format!("SELECT DISTINCT round_id, scope FROM {table} WHERE scope IS NOT NULL");
            for row in db.query_all(Statement::from_string(backend, sql)).await? {
                let (round_id, old): (i32, String) = (row.try_get("", "round_id")?, row.try_get("", "scope")?);
                match canonical(targets.get(&round_id), &old) {
                    Some(new) if new.as_deref() != Some(old.as_str()) => changes.push(Change { table, round_id, old, new }),
                    _ => {}
                }
            }
        }
        let rounds: BTreeSet<i32> = changes.iter().map(|c| c.round_id).collect();
        for round_id in rounds {
            let unseal = Query::update()
                .table(Alias::new("rounds"))
                .value(Alias::new("seal_step"), 0)
                .and_where(Expr::col(Alias::new("id")).eq(round_id))
                .and_where(Expr::col(Alias::new("status")).is_not_in(["draft", "open"]))
                .to_owned();
            db.execute(backend.build(&unseal)).await?;
        }
        for Change { table, round_id, old, new } in changes {
            let rewrite = Query::update()
                .table(Alias::new(table))
                .value(Alias::new("scope"), new)
                .and_where(Expr::col(Alias::new("round_id")).eq(round_id))
                .and_where(Expr::col(Alias::new("scope")).eq(old))
                .to_owned();
            db.execute(backend.build(&rewrite)).await?;
        }
        Ok(())
    }

    async fn down(&self, _m: &SchemaManager) -> Result<(), DbErr> {
        // The canonical form is one the earlier code reads as well: nothing to undo.
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::canonical;
    use std::collections::BTreeSet;

    fn round(keys: &[&str]) -> BTreeSet<String> {
        keys.iter().map(|k| (*k).to_owned()).collect()
    }

    #[test]
    fn a_stored_scope_is_sorted_without_duplicates_and_the_whole_round_becomes_null() {
        let r = round(&["a", "b", "c"]);
        assert_eq!(canonical(Some(&r), r#"["b","a","b"]"#), Some(Some(r#"["a","b"]"#.to_owned())));
        assert_eq!(canonical(Some(&r), r#"[ "a", "b" ]"#), Some(Some(r#"["a","b"]"#.to_owned())));
        assert_eq!(canonical(Some(&r), r#"["c","a","b","a"]"#), Some(None));
        assert_eq!(canonical(Some(&r), "not json"), None);
    }
}
