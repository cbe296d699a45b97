//! Upgrading from the previous release (0.0, commit 40080fe: migrations 1–5): a database
//! that release's own binary filled (`tests/fixtures/release-0.0/`, README.md there says
//! how) is migrated by today's code, which must then show the results that release showed
//! and an audit chain that still verifies with the same head.

use crate::helpers::{spawn_on, test_settings, TestDb, PASSWORD};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement, TransactionTrait};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::sync::Arc;

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/release-0.0");

/// The rounds whose results the old release recorded: the demo round (4 ballots, nothing
/// broken out), a headcount round (237 ballots, flagged targets, a code scoped to one
/// unit), a weighted round on the cadre scale, and the re-evaluation of round 2.
const ROUNDS: [i32; 4] = [1, 2, 3, 4];

fn fixture(path: &str) -> String {
    std::fs::read_to_string(format!("{FIXTURE}/{path}")).unwrap_or_else(|e| panic!("{FIXTURE}/{path}: {e}"))
}

/// Inserts the old release's rows (every table but `seaql_migrations`, one multi-row
/// INSERT a line, parents first) and moves PostgreSQL's sequences past the explicit ids.
async fn load_rows(db: &TestDb, sql: &str) {
    let tx = db.db.begin().await.expect("begin");
    for statement in sql.lines().filter(|l| !l.trim().is_empty()) {
        tx.execute_unprepared(statement).await.unwrap_or_else(|e| panic!("{e}: {}", &statement[..statement.len().min(200)]));
    }
    tx.commit().await.expect("commit");
    if db.db.get_database_backend() == DatabaseBackend::Postgres {
        let serials = db
            .db
            .query_all(Statement::from_string(
                DatabaseBackend::Postgres,
                "SELECT table_name::text AS t, column_name::text AS c FROM information_schema.columns \
                 WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
            ))
            .await
            .expect("serial columns");
        for row in serials {
            let (t, c): (String, String) = (row.try_get("", "t").expect("t"), row.try_get("", "c").expect("c"));
            let sql = format!("SELECT setval(pg_get_serial_sequence('\"{t}\"', '{c}'), COALESCE(MAX(\"{c}\"), 0) + 1, false) FROM \"{t}\"");
            db.db.execute_unprepared(&sql).await.expect("setval");
        }
    }
}

async fn applied_migrations(db: &TestDb) -> i64 {
    let row = db
        .db
        .query_one(Statement::from_string(db.db.get_database_backend(), "SELECT COUNT(*) AS n FROM seaql_migrations"))
        .await
        .expect("count")
        .expect("a row");
    row.try_get("", "n").expect("n")
}

/// The numbers of a TALLY (counts by option, blanks, valid, both rates, score).
fn tally(v: &Value) -> Value {
    let mut t = serde_json::Map::new();
    for field in ["counts", "unanswered", "valid", "satisfaction_rate", "dissatisfaction_rate", "score"] {
        t.insert(field.to_owned(), v[field].clone());
    }
    Value::Object(t)
}

/// The headcounts of a TALLY (counts by option, blanks, valid).
fn headcounts(v: &Value) -> Value {
    json!({"counts": v["counts"], "unanswered": v["unanswered"], "valid": v["valid"]})
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

/// Asserts that today's results of a round carry the numbers the old release showed:
/// fields today's JSON added are not looked at. `hidden_today` are the categories today's
/// per-cell rule hides that the old round-wide rule showed (for every target).
fn assert_same_numbers(round: i32, old: &Value, new: &Value, hidden_today: &[&str]) {
    let repooled = old["round"]["flag_basis"] == "weighted" && !hidden_today.is_empty();
    assert_eq!(new["ballots"], old["ballots"], "round {round}: ballots");
    for field in ["issued", "ballots", "low"] {
        assert_eq!(new["turnout"][field], old["turnout"][field], "round {round}: turnout.{field}");
    }
    let target_keys = |v: &Value| v["targets"].as_array().expect("targets").iter().map(|t| t["key"].clone()).collect::<Vec<_>>();
    assert_eq!(target_keys(new), target_keys(old), "round {round}: targets");
    for (o, n) in old["targets"].as_array().expect("targets").iter().zip(new["targets"].as_array().expect("targets")) {
        let at = format!("round {round}, target {}", o["key"]);
        // Rated by fewer than `disclosure_min` ballots in all: today it publishes no number
        // (anonymity rule 5), where the old release showed its few answers.
        let rated = o["overall"]["counts"].as_object().expect("counts").values().filter_map(Value::as_u64).sum::<u64>()
            + o["overall"]["unanswered"].as_u64().expect("unanswered");
        if rated < old["round"]["disclosure_min"].as_u64().unwrap_or(5) {
            assert_eq!(n["status"], "insufficient_responses", "{at}: status under the minimum");
            assert_eq!((&n["overall"]["valid"], &n["overall"]["score"]), (&json!(0), &Value::Null), "{at}: no number");
            assert!(n["categories"].as_object().is_some_and(serde_json::Map::is_empty), "{at}: no category");
            continue;
        }
        // Flagged or not, the flag's follow-up state, and its re-evaluation round.
        for field in ["status", "flag", "child_round_id"] {
            assert_eq!(n[field], o[field], "{at}: {field}");
        }
        // On the weighted basis today's hidden categories enter as one pooled group (rule
        // 5): the headcounts stay, the weighted rates and score are those of the pooling.
        let numbers = |v: &Value| if repooled { headcounts(v) } else { tally(v) };
        assert_eq!(numbers(&n["overall"]), numbers(&o["overall"]), "{at}: overall");
        assert_eq!(keys(&n["items"]), keys(&o["items"]), "{at}: items");
        for item in keys(&o["items"]) {
            assert_eq!(numbers(&n["items"][&item]), numbers(&o["items"][&item]), "{at}: item {item}");
        }
        // Categories: today hides a category per cell (fewer than `disclosure_min` ballots
        // that rated this target, and the smallest other one when the hidden ones would
        // add up to fewer): compare every category shown today, and which are shown.
        let expected: BTreeSet<String> = keys(&o["categories"]).into_iter().filter(|c| !hidden_today.contains(&c.as_str())).collect();
        assert_eq!(keys(&n["categories"]), expected, "{at}: categories shown");
        for c in &expected {
            assert_eq!(tally(&n["categories"][c]["overall"]), tally(&o["categories"][c]["overall"]), "{at}: category {c}");
        }
        // A re-evaluation round: the target in the parent round, beside it.
        assert_eq!(n["before"].is_null(), o["before"].is_null(), "{at}: before");
        if !o["before"].is_null() {
            assert_eq!(
                (&n["before"]["round_id"], &n["before"]["status"]),
                (&o["before"]["round_id"], &o["before"]["status"]),
                "{at}: before"
            );
            assert_eq!(tally(&n["before"]["overall"]), tally(&o["before"]["overall"]), "{at}: before.overall");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_database_of_the_previous_release_upgrades_with_its_results_and_audit_chain_unchanged() {
    // Arrange: the previous release's schema (migrations 1–5) with the rows its binary
    // wrote on this backend (the two backends' dumps differ in codes, hashes and times;
    // their recorded results were identical, so one copy of those serves both).
    let db = TestDb::new_at(5).await;
    let backend = if db.db.get_database_backend() == DatabaseBackend::Postgres { "postgres" } else { "sqlite" };
    load_rows(&db, &fixture(&format!("{backend}/data.sql"))).await;
    let recorded_head = fixture(&format!("{backend}/audit-head.txt")).trim().to_owned();
    let verified = fixture(&format!("{backend}/audit-verify.txt"));
    let recorded_entries: u64 =
        verified.split_whitespace().find_map(|w| w.parse().ok()).unwrap_or_else(|| panic!("a count in {verified:?}"));

    // Act: upgrade, then once more.
    server::startup::migrate(&db.url, None, None).await.expect("the migrations apply to the old release's database");
    let applied = applied_migrations(&db).await;
    server::startup::migrate(&db.url, None, None).await.expect("migrating again");

    // Assert: every migration applied once; the second run had nothing to do.
    assert_eq!(applied, i64::try_from(Migrator::migrations().len()).expect("count"));
    assert_eq!(applied_migrations(&db).await, applied);
    assert!(Migrator::get_pending_migrations(&db.db).await.expect("pending").is_empty());

    // The audit chain verifies with today's code and ends where the old release left it
    // (before anything below appends: sign-ins and results reads are audited today).
    let checked = app::ssr::audit::verify(&db.db).await.expect("the upgraded audit chain verifies");
    assert_eq!(checked, recorded_entries);
    assert_eq!(app::ssr::audit::head(&db.db).await.expect("head"), recorded_head);

    // Closed rounds of the old release are not sealed yet: `minping serve` seals them at
    // start. Done here first, so that the results below are read from sealed rounds.
    assert_eq!(app::ssr::seal::sweep(&db.db).await.expect("sealing"), ROUNDS.len());

    // Results, through today's API as the old release's admin (its password still works).
    let settings = test_settings(&db.url);
    let app = spawn_on(Arc::new(db), settings).await;
    assert_eq!(app.post_session("zuzhibu", PASSWORD).await.status(), 200);
    for round in ROUNDS {
        let old: Value = serde_json::from_str(&fixture(&format!("results-round-{round}.json"))).expect("recorded JSON");
        let res = app.get_api(&format!("/rounds/{round}/results")).await;
        assert_eq!(res.status(), 200, "round {round}");
        let new: Value = res.json().await.expect("results JSON");
        // Round 3 is the one where per-cell disclosure differs: two_reps_one_member has 3
        // ballots (hidden then and now), so today also hides the smallest shown category,
        // service_clients (12), lest "total minus shown" give the 3 away. The other rounds
        // show what 0.0 showed: round 1 nothing (1 ballot a category), rounds 2 and 4 every
        // category with ballots (at least 8 a target; 0 in the rest).
        let hidden_today: &[&str] = if round == 3 { &["service_clients"] } else { &[] };
        assert_same_numbers(round, &old, &new, hidden_today);
    }

    // The chain, the old entries and those appended since, still verifies.
    let after = app::ssr::audit::verify(&app.db).await.expect("the chain still verifies");
    assert!(after > recorded_entries, "today's sign-in and reads are audited after the old entries");
}
