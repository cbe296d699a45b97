//! RULES.md A8: once a round is closed, nothing stored joins a ballot to
//! its code, receipt or time by the way it was written — read off the real databases:
//! PostgreSQL's transaction ids (`xmin`) and physical row order (`ctid`), SQLite's file
//! and write-ahead log, byte by byte.

use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::{spawn_app, TestApp};
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{json, Value};
use std::collections::HashSet;

/// How many ballots each test casts, one commit each (a quiet afternoon: the worst case).
const N: usize = 100;

fn marker(i: usize) -> String {
    format!("SEALMARK{i:04}X")
}

/// Spearman's rank correlation of two equally long lists without ties.
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    fn ranks(v: &[f64]) -> Vec<f64> {
        let mut idx: Vec<usize> = (0..v.len()).collect();
        idx.sort_by(|x, y| v[*x].total_cmp(&v[*y]));
        let mut r = vec![0.0; v.len()];
        for (rank, i) in idx.into_iter().enumerate() {
            r[i] = rank as f64;
        }
        r
    }
    let (ra, rb) = (ranks(a), ranks(b));
    let n = a.len() as f64;
    let d2: f64 = ra.iter().zip(&rb).map(|(x, y)| (x - y) * (x - y)).sum();
    1.0 - 6.0 * d2 / (n * (n * n - 1.0))
}

/// Casts `N` ballots one after the other, each with an opinion that can be found in the
/// database's bytes, every third entered from paper (by the admin); returns the round id.
async fn ballots_in_submission_order(app: &TestApp) -> i64 {
    let (id, codes) = open_round_with_codes(app, N).await;
    for (i, code) in codes.iter().enumerate() {
        let mut b = ballot(code);
        b["opinion"] = Value::from(marker(i));
        let res = if i % 3 == 0 { app.post_json(&format!("/rounds/{id}/paper-ballots"), &b).await } else { cast(app, &b).await };
        assert_eq!(res.status(), 201);
    }
    id
}

/// Closes round `id` and waits until the background seal is done.
pub async fn close_and_wait_for_the_seal(app: &TestApp, id: i64) {
    close_and_wait_for_step(app, id, app::ssr::seal::SEALED).await;
}

/// Closes round `id` and waits until its `seal_step` is `step`.
async fn close_and_wait_for_step(app: &TestApp, id: i64, step: i32) {
    let res = app.post_json(&format!("/rounds/{id}/close"), &json!({})).await;
    assert_eq!(res.status(), 200);
    for _ in 0..600 {
        let row = app
            .db
            .query_one(Statement::from_string(app.db.get_database_backend(), format!("SELECT seal_step FROM rounds WHERE id = {id}")))
            .await
            .expect("query")
            .expect("row");
        if row.try_get::<i32>("", "seal_step").expect("step") == step {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the closed round was not sealed within a minute");
}

async fn texts(app: &TestApp, sql: &str) -> Vec<String> {
    let backend = app.db.get_database_backend();
    let rows = app.db.query_all(Statement::from_string(backend, sql.to_owned())).await.expect("query");
    rows.iter().map(|r| r.try_get::<String>("", "v").expect("text column v")).collect()
}

/// Transaction ids of a table's rows of round `id` (PostgreSQL).
async fn xmins(app: &TestApp, table: &str, id: i64) -> HashSet<String> {
    texts(app, &format!("SELECT xmin::text AS v FROM {table} WHERE round_id = {id}")).await.into_iter().collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_close_no_ballot_shares_a_transaction_id_or_a_physical_order_with_its_code_receipt_or_time() {
    // Arrange
    let app = spawn_app().await;
    if app.db.get_database_backend() != DatabaseBackend::Postgres {
        return; // the SQLite file is read by the next test
    }
    let id = ballots_in_submission_order(&app).await;
    // While open, the hole is real (the live observer of docs/RELIABILITY.md): each
    // ballot's transaction id is also its code's.
    let open_ballots = xmins(&app, "ballots", id).await;
    assert!(!open_ballots.is_disjoint(&xmins(&app, "codes", id).await), "the test can see the link it looks for");
    assert!(!open_ballots.is_disjoint(&xmins(&app, "paper_counts", id).await), "paper is counted in a ballot's transaction");

    // Act
    close_and_wait_for_the_seal(&app, id).await;

    // Assert: no ballot's xmin on any code, receipt, turnout or tally row of the round.
    let ballots = xmins(&app, "ballots", id).await;
    for table in ["codes", "receipts", "turnout", "tallies", "tally_scopes", "paper_counts"] {
        let other = xmins(&app, table, id).await;
        assert!(ballots.is_disjoint(&other), "{table} shares a transaction id with a ballot");
    }
    assert!(ballots.is_disjoint(&open_ballots), "every ballot was rewritten");
    // …and their physical order is not the order they were cast in.
    let rows = app
        .db
        .query_all(Statement::from_string(
            DatabaseBackend::Postgres,
            format!("SELECT ctid::text AS c, opinion AS o FROM ballots WHERE round_id = {id}"),
        ))
        .await
        .expect("ctid");
    let (mut order, mut place) = (Vec::new(), Vec::new());
    for r in rows {
        let ctid: String = r.try_get("", "c").expect("ctid");
        let opinion: String = r.try_get("", "o").expect("opinion");
        let (block, offset) = ctid.trim_matches(['(', ')']).split_once(',').expect("(block,offset)");
        let cast_as: usize = opinion[8..12].parse().expect("marker number");
        order.push(cast_as as f64);
        place.push(block.parse::<f64>().expect("block") * 1000.0 + offset.parse::<f64>().expect("offset"));
    }
    assert_eq!(order.len(), N);
    let rho = spearman(&order, &place);
    assert!(rho.abs() < 0.5, "ctid follows submission order: ρ = {rho:.3}");
}

/// The test database's SQLite file.
fn sqlite_file(app: &crate::helpers::TestApp) -> String {
    app.test_db.url.trim_start_matches("sqlite://").split('?').next().expect("path").to_owned()
}

/// Every offset at which `needle` occurs in `hay`.
fn offsets(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len()).enumerate().filter(|(_, w)| *w == needle).map(|(i, _)| i).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_close_the_sqlite_file_holds_each_ballot_once_out_of_submission_order_and_the_wal_holds_none() {
    // Arrange
    let app = spawn_app().await;
    if app.db.get_database_backend() != DatabaseBackend::Sqlite {
        return; // PostgreSQL is read by the previous test
    }
    let path = sqlite_file(&app);
    let wal = format!("{path}-wal");
    let id = ballots_in_submission_order(&app).await;
    // While open, the write-ahead log holds the ballots' pages commit by commit.
    let log = std::fs::read(&wal).expect("the WAL exists while the round is open");
    assert!((0..N).any(|i| !offsets(&log, marker(i).as_bytes()).is_empty()), "the test can see the ballots in the WAL");

    // Act
    close_and_wait_for_the_seal(&app, id).await;

    // Assert: the log is cut to nothing; the file holds each ballot exactly once (freed
    // copies are zeroed), and where it holds it says nothing of when it was cast.
    let log = std::fs::read(&wal).unwrap_or_default();
    let in_log: usize = (0..N).map(|i| offsets(&log, marker(i).as_bytes()).len()).sum();
    assert_eq!(in_log, 0, "the WAL still holds ballots ({} bytes)", log.len());
    let file = std::fs::read(&path).expect("database file");
    let mut place = Vec::new();
    for i in 0..N {
        let at = offsets(&file, marker(i).as_bytes());
        assert_eq!(at.len(), 1, "ballot {i} is in the file {} times", at.len());
        place.push(at[0] as f64);
    }
    let order: Vec<f64> = (0..N).map(|i| i as f64).collect();
    let rho = spearman(&order, &place);
    assert!(rho.abs() < 0.5, "the file's byte order follows submission order: ρ = {rho:.3}");
    // The round's results did not change by being sealed.
    let results: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    assert_eq!(results["ballots"], N);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sealed_round_keeps_its_receipts_codes_and_numbers() {
    // Arrange
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 12).await;
    let mut receipts = Vec::new();
    for code in &codes[..9] {
        let body: Value = cast(&app, &ballot(code)).await.json().await.expect("json");
        receipts.push(body["receipt"].as_str().expect("receipt").to_owned());
    }

    // Act
    close_and_wait_for_the_seal(&app, id).await;

    // Assert: the nine sheets are all there, exactly as cast.
    let results: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    let target = |key: &str| results["targets"].as_array().expect("targets").iter().find(|t| t["key"] == key).cloned().expect("target");
    assert_eq!(target("jyj")["overall"]["counts"]["satisfied"], 9);
    assert_eq!(target("wjw")["overall"]["counts"]["dissatisfied"], 9);
    assert_eq!(target("jyj")["items"]["four_winds"]["counts"]["basically_satisfied"], 9);
    for r in &receipts {
        let checked: Value = app.get_api(&format!("/receipts/{r}")).await.json().await.expect("json");
        assert_eq!(checked, json!({"counted": true}));
    }
    let summary: Value = app.get_api(&format!("/rounds/{id}/codes/summary")).await.json().await.expect("json");
    assert_eq!((summary["issued"].as_i64(), summary["used"].as_i64()), (Some(12), Some(9)), "{summary}");
    let def = app::ssr::round_def::load_def(&app.db, id as i32).await.expect("db").expect("round");
    let recount = app::ssr::tallies::recount(&app.db, &def).await.expect("recount");
    assert_eq!(recount, app::ssr::tallies::running_counts(&app.db, &def).await.expect("running"));
    assert_eq!(recount.ballots(), 9);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sealing_beside_a_lingering_reader_holds_up_no_ballot_of_another_round() {
    use sea_orm::TransactionTrait;
    // Arrange: round A with ballots, round B open; a reader keeps an old snapshot open,
    // so SQLite's checkpoint after sealing A has to wait for it
    let app = spawn_app().await;
    if app.db.get_database_backend() != DatabaseBackend::Sqlite {
        return; // PostgreSQL's VACUUM takes no write lock
    }
    let (a, codes_a) = open_round_with_codes(&app, 3).await;
    for code in &codes_a {
        assert_eq!(cast(&app, &ballot(code)).await.status(), 201);
    }
    let b = crate::helpers::rounds::create_round(&app, "另一轮").await;
    let codes_b = crate::helpers::ballots::issue(&app, b, json!({"category": "masses", "count": 3})).await;
    assert_eq!(app.post_json(&format!("/rounds/{b}/open"), &json!({})).await.status(), 200);
    let reader_db = sea_orm::Database::connect(&app.test_db.url).await.expect("a second connection");
    let reader = reader_db.begin().await.expect("begin");
    reader.query_one(Statement::from_string(DatabaseBackend::Sqlite, "SELECT COUNT(*) FROM ballots".to_owned())).await.expect("read");

    // Act: close A (sealed in the background, its checkpoint then waits for the reader)
    // and cast a ballot of B meanwhile
    close_and_wait_for_step(&app, a, app::ssr::seal::REWRITTEN).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let res = cast(&app, &ballot(&codes_b[0])).await;
    let took = started.elapsed();

    // Assert: taken at once (the checkpoint holds the write lock only briefly, not for
    // the pool's 10 s busy timeout), and the log is cut once the reader is gone
    assert_eq!(res.status(), 201);
    assert!(took < std::time::Duration::from_secs(3), "the ballot waited {took:?} for the checkpoint");
    let step = |db: &sea_orm::DatabaseConnection| {
        let sql = format!("SELECT seal_step FROM rounds WHERE id = {a}");
        let db = db.clone();
        async move {
            db.query_one(Statement::from_string(DatabaseBackend::Sqlite, sql))
                .await
                .expect("q")
                .expect("row")
                .try_get::<i32>("", "seal_step")
                .expect("step")
        }
    };
    assert_eq!(step(&app.db).await, app::ssr::seal::REWRITTEN, "the storage step is not marked done while the reader holds the log");
    reader.commit().await.expect("end the read");
    let wal = format!("{}-wal", sqlite_file(&app));
    for _ in 0..100 {
        if std::fs::metadata(&wal).map_or(0, |m| m.len()) == 0 && step(&app.db).await == app::ssr::seal::SEALED {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    panic!("the write-ahead log was not truncated after the reader went");
}
