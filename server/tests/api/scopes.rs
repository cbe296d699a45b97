//! Canonical scopes (DOMAIN.md, Anonymity rule 9): a scope is stored in one form on codes
//! and ballots alike — `NULL` for the whole round, else the sorted distinct target keys —
//! however it was typed, and migration 000013 brings the scopes stored before to that form
//! without changing any result.

use crate::helpers::ballots::{cast, issue};
use crate::helpers::rounds::create_round;
use crate::helpers::{spawn_app, spawn_on, test_settings, TestApp, TestDb, PASSWORD};
use app::domain::account::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

/// `jyj` and `wjw` of `round_body`, however typed.
const TWO: &str = r#"["jyj","wjw"]"#;
/// The unit `jyj`: its body and its cadre.
const UNIT: &str = r#"["jyj","jyj-zhang"]"#;

/// The scope of each batch of codes of round `id`, by batch number (read from the table).
async fn code_scopes(app: &TestApp, id: i64) -> BTreeMap<i32, Option<String>> {
    let sql = format!("SELECT DISTINCT batch, scope FROM codes WHERE round_id = {id}");
    let rows = app.db.query_all(Statement::from_string(app.db.get_database_backend(), sql)).await.expect("codes");
    let mut out = BTreeMap::new();
    for row in rows {
        let batch: i32 = row.try_get("", "batch").expect("batch");
        let scope: Option<String> = row.try_get("", "scope").expect("scope");
        assert!(out.insert(batch, scope).is_none(), "batch {batch} holds one scope");
    }
    out
}

/// How many ballots of round `id` the table holds under each stored scope.
async fn ballot_scopes(app: &TestApp, id: i64) -> BTreeMap<Option<String>, i64> {
    let sql = format!("SELECT scope, COUNT(*) AS n FROM ballots WHERE round_id = {id} GROUP BY scope");
    let rows = app.db.query_all(Statement::from_string(app.db.get_database_backend(), sql)).await.expect("ballots");
    rows.iter().map(|r| (r.try_get("", "scope").expect("scope"), r.try_get("", "n").expect("n"))).collect()
}

/// A complete sheet for `code` rating each of `targets` (its scope), with an opinion.
fn sheet(code: &str, targets: &[&str], opinion: &str) -> Value {
    let answers: Vec<Value> = targets.iter().map(|t| json!({"target": t, "item": "overall", "option": "satisfied"})).collect();
    json!({"code": code, "answers": answers, "opinion": opinion})
}

fn scope(s: &str) -> Option<String> {
    Some(s.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_is_stored_alike_on_codes_and_ballots_however_it_was_typed() {
    // Arrange: one set of targets typed three ways, a unit and its set typed out (also as
    // a plan), and every target of the round typed out beside a whole-round code.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "scopes").await;
    let masses = |extra: Value| {
        let mut body = json!({"category": "masses", "count": 1});
        body.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        body
    };
    let mut codes = Vec::new();
    for extra in [
        json!({"targets": ["jyj", "wjw"]}),
        json!({"targets": ["wjw", "jyj"]}),
        json!({"targets": ["jyj", "wjw", "jyj"]}),
        json!({"unit": "jyj"}),
        json!({"targets": ["jyj-zhang", "jyj"]}),
        json!({"unit": "jyj", "targets": ["jyj-zhang", "jyj", "jyj-zhang"]}),
        json!({"targets": ["wjw", "jyj-zhang", "jyj"]}),
        json!({}),
    ] {
        codes.extend(issue(&app, id, masses(extra)).await);
    }
    let res =
        app.post_json(&format!("/rounds/{id}/codes/plan"), &json!({"plan": [{"unit": "jyj", "category": "masses", "count": 1}]})).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let plan: Value = res.json().await.expect("json");
    codes.push(plan["batches"][0]["codes"][0].as_str().expect("a code").to_owned());
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);

    // Act: every code casts a ballot rating its scope.
    let all = ["jyj", "wjw", "jyj-zhang"];
    let rated: [&[&str]; 9] = [
        &["jyj", "wjw"],
        &["jyj", "wjw"],
        &["jyj", "wjw"],
        &["jyj", "jyj-zhang"],
        &["jyj", "jyj-zhang"],
        &["jyj", "jyj-zhang"],
        &all,
        &all,
        &["jyj", "jyj-zhang"],
    ];
    for (i, (code, targets)) in codes.iter().zip(rated).enumerate() {
        let res = cast(&app, &sheet(code, targets, &format!("意见 {i}"))).await;
        assert_eq!(res.status(), 201, "code {i}: {}", res.text().await.unwrap_or_default());
    }

    // Assert: one stored string per set, on the codes and on their ballots.
    let by_batch: Vec<Option<String>> = code_scopes(&app, id).await.into_values().collect();
    assert_eq!(by_batch, [scope(TWO), scope(TWO), scope(TWO), scope(UNIT), scope(UNIT), scope(UNIT), None, None, scope(UNIT)]);
    let expected = BTreeMap::from([(None, 2), (scope(TWO), 3), (scope(UNIT), 4)]);
    assert_eq!(ballot_scopes(&app, id).await, expected);
}

/// The round's `seal_step` once it stops changing toward sealed (at most 20 s).
async fn sealed(app: &TestApp, id: i64) -> i32 {
    let sql = format!("SELECT seal_step FROM rounds WHERE id = {id}");
    let mut step = 0;
    for _ in 0..200 {
        let row =
            app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql.clone())).await.expect("round").expect("a row");
        step = row.try_get("", "seal_step").expect("seal_step");
        if step == app::ssr::seal::SEALED {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    step
}

/// What the round publishes: its results, and its opinions (shuffled on each read: sorted).
async fn published(app: &TestApp, id: i64) -> (Value, Vec<String>) {
    let res = app.get_api(&format!("/rounds/{id}/results")).await;
    assert_eq!(res.status(), 200);
    let results: Value = res.json().await.expect("json");
    let res = app.get_api(&format!("/rounds/{id}/opinions.csv")).await;
    assert_eq!(res.status(), 200);
    let mut opinions: Vec<String> = res.text().await.expect("csv").lines().map(str::to_owned).collect();
    opinions.sort();
    (results, opinions)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upgrade_stores_earlier_scopes_canonically_reseals_and_changes_no_result() {
    // Arrange: the previous release's schema (migrations 1–12), a round whose codes hold
    // scopes as that release stored them (as typed: written here by SQL), so that its
    // ballots copied them; one ballot's scope also spaced out by SQL. Then closed, sealed.
    let db = Arc::new(TestDb::new_at(12).await);
    let app = spawn_on(db.clone(), test_settings(&db.url)).await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "before").await;
    let mut codes = Vec::new();
    for (extra, count) in [
        (json!({"targets": ["jyj", "wjw"]}), 2),
        (json!({"targets": ["jyj", "wjw"]}), 2),
        (json!({"targets": ["jyj", "wjw"], "category": "two_reps_one_member"}), 1),
        (json!({"unit": "jyj"}), 2),
        (json!({"targets": ["jyj", "wjw", "jyj-zhang"]}), 2),
        (json!({}), 2),
    ] {
        let mut body = json!({"category": "masses", "count": count});
        body.as_object_mut().expect("object").extend(extra.as_object().expect("object").clone());
        codes.push(issue(&app, id, body).await);
    }
    let backend = app.db.get_database_backend();
    for (batch, typed) in
        [(1, r#"["wjw","jyj"]"#), (2, r#"["jyj","wjw","jyj"]"#), (4, r#"["jyj-zhang","jyj"]"#), (5, r#"["jyj","wjw","jyj-zhang"]"#)]
    {
        let sql = format!("UPDATE codes SET scope = '{typed}' WHERE round_id = {id} AND batch = {batch}");
        app.db.execute(Statement::from_string(backend, sql)).await.expect("an earlier scope");
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    let all = ["jyj", "wjw", "jyj-zhang"];
    let rated: [&[&str]; 6] = [&["jyj", "wjw"], &["jyj", "wjw"], &["jyj", "wjw"], &["jyj", "jyj-zhang"], &all, &all];
    for (b, (batch, targets)) in codes.iter().zip(rated).enumerate() {
        for (i, code) in batch.iter().enumerate().skip(usize::from(b == 5)) {
            let res = cast(&app, &sheet(code, targets, &format!("批次 {b} 第 {i} 份"))).await;
            assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
        }
    }
    let sql = format!(r#"UPDATE ballots SET scope = '["wjw", "jyj"]' WHERE round_id = {id} AND scope = '["wjw","jyj"]'"#);
    assert_eq!(app.db.execute(Statement::from_string(backend, sql)).await.expect("spaced").rows_affected(), 2);
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    assert_eq!(sealed(&app, id).await, app::ssr::seal::SEALED);
    let before = published(&app, id).await;
    assert_eq!(ballot_scopes(&app, id).await.len(), 6, "ballots stored as their codes were typed");

    // Act: upgrade; then a process starts on the upgraded database.
    server::startup::migrate(&db.url, None, None).await.expect("the migrations apply");
    let step = sealed_now(&app, id).await;
    let after_app = spawn_on(db.clone(), test_settings(&db.url)).await;
    assert_eq!(after_app.post_session("zuzhibu", PASSWORD).await.status(), 200);

    // Assert: canonical scopes on codes and ballots, sealed again, the same results.
    assert_eq!(step, 0, "a sealed round whose rows changed is sealed again at the next start");
    let by_batch: Vec<Option<String>> = code_scopes(&after_app, id).await.into_values().collect();
    assert_eq!(by_batch, [scope(TWO), scope(TWO), scope(TWO), scope(UNIT), None, None]);
    let expected = BTreeMap::from([(None, 3), (scope(TWO), 5), (scope(UNIT), 2)]);
    assert_eq!(ballot_scopes(&after_app, id).await, expected);
    assert_eq!(sealed(&after_app, id).await, app::ssr::seal::SEALED);
    assert_eq!(published(&after_app, id).await, before);
}

/// The round's `seal_step` now.
async fn sealed_now(app: &TestApp, id: i64) -> i32 {
    let sql = format!("SELECT seal_step FROM rounds WHERE id = {id}");
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql)).await.expect("round").expect("a row");
    row.try_get("", "seal_step").expect("seal_step")
}
