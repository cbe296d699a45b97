//! RULES.md A2, A3, A4 and A7, checked on the real schema and the real log output.

use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::{captured_logs, spawn_app, TestApp};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::Value;

/// The column names of a table, on either database.
async fn columns(app: &TestApp, table: &str) -> Vec<String> {
    let backend = app.db.get_database_backend();
    let sql = match backend {
        DatabaseBackend::Sqlite => format!("SELECT name AS c FROM pragma_table_info('{table}') ORDER BY cid"),
        _ => format!(
            "SELECT column_name AS c FROM information_schema.columns WHERE table_name = '{table}' \
             AND table_schema = current_schema() ORDER BY ordinal_position"
        ),
    };
    let rows = app.db.query_all(Statement::from_string(backend, sql)).await.expect("columns");
    rows.iter().map(|r| r.try_get::<String>("", "c").expect("name")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_in_the_schema_links_a_ballot_to_its_code_or_its_time() {
    let app = spawn_app().await;
    // The ballot row: no code id, no address, no user agent, no time.
    assert_eq!(columns(&app, "ballots").await, ["id", "round_id", "category_id", "scope", "answers", "opinion"]);
    // A receipt names its round only: no ballot, no code.
    assert_eq!(columns(&app, "receipts").await, ["id", "round_id"]);
    // The code row says that it was used (state), not when; its batch and unit say which
    // sheet it was printed on (what its scope says anyway), never who holds it.
    assert_eq!(columns(&app, "codes").await, ["id", "round_id", "category_id", "hash", "state", "scope", "batch", "unit"]);
    // Turnout is counted per category and bucket and names no code.
    assert_eq!(columns(&app, "turnout").await, ["round_id", "category_id", "bucket", "n"]);
    // Paper is a counter per category and unit, never a mark on a ballot row (rule 8).
    assert_eq!(columns(&app, "paper_counts").await, ["round_id", "category_id", "unit", "n"]);
    for table in ["tallies", "tally_scopes"] {
        let cols = columns(&app, table).await;
        assert!(cols.iter().all(|c| !c.contains("code") && !c.ends_with("_at")), "{table}: {cols:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ballot_ids_and_receipts_are_random_and_sqlite_keeps_no_hidden_row_order() {
    // Arrange + Act
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 30).await;
    for code in &codes {
        assert_eq!(cast(&app, &ballot(code)).await.status(), 201);
    }

    // Assert: ids spread over the 63-bit range, nothing like a sequence.
    let backend = app.db.get_database_backend();
    let ids: Vec<i64> = app
        .db
        .query_all(Statement::from_string(backend, "SELECT id FROM ballots".to_owned()))
        .await
        .expect("ids")
        .iter()
        .map(|r| r.try_get::<i64>("", "id").expect("id"))
        .collect();
    assert_eq!(ids.len(), 30);
    let (min, max) = (ids.iter().min().copied().unwrap_or(0), ids.iter().max().copied().unwrap_or(0));
    assert!(max - min > 1 << 50, "ids look sequential: {ids:?}");
    if backend == DatabaseBackend::Sqlite {
        // The key is the rowid itself: SQLite keeps no insertion counter beside it.
        for table in ["ballots", "receipts"] {
            let row = app
                .db
                .query_one(Statement::from_string(backend, format!("SELECT COUNT(*) AS n FROM {table} WHERE rowid <> id")))
                .await
                .expect("query")
                .expect("row");
            assert_eq!(row.try_get::<i64>("", "n").expect("n"), 0, "{table}");
        }
    }
    // Turnout adds up without naming a code.
    let row = app
        .db
        .query_one(Statement::from_string(backend, "SELECT CAST(SUM(n) AS BIGINT) AS n FROM turnout".to_owned()))
        .await
        .expect("query")
        .expect("row");
    assert_eq!(row.try_get::<i64>("", "n").expect("n"), 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_receipt_answers_counted_and_nothing_else() {
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 1).await;
    let receipt =
        cast(&app, &ballot(&codes[0])).await.json::<Value>().await.expect("json")["receipt"].as_str().expect("receipt").to_owned();
    let body: Value = app.get_api(&format!("/receipts/{receipt}")).await.json().await.expect("json");
    assert_eq!(body, serde_json::json!({"counted": true}), "exactly one field");
}
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_and_answers_never_reach_the_log() {
    // Arrange
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 3).await;
    let opinion = "日志里不应出现的意见-7Q2W";

    // Act: a ballot page, a ballot, a used code, an unknown code
    let page = app.get(&format!("/v/{}", codes[0])).await;
    assert!(page.status().is_success() || page.status().is_redirection(), "{}", page.status());
    let mut b = ballot(&codes[0]);
    b["opinion"] = Value::from(opinion);
    assert_eq!(cast(&app, &b).await.status(), 201);
    assert_eq!(cast(&app, &b).await.status(), 409);
    assert_eq!(cast(&app, &ballot("QQQQ-RRRR-SSSS")).await.status(), 404);
    let _ = app.get("/v/QQQQ-RRRR-SSSS").await;

    // Assert
    let logs = captured_logs();
    assert!(logs.contains("/v/<redacted>"), "the log is being captured");
    for code in codes.iter().map(String::as_str).chain(["QQQQ-RRRR-SSSS"]) {
        let canonical = code.replace('-', "");
        assert!(!logs.contains(code) && !logs.contains(&canonical), "a code reached the log");
    }
    assert!(!logs.contains(opinion), "an opinion reached the log");
    assert!(!logs.contains("basically_satisfied"), "an answer reached the log");
}
