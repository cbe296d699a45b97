//! Issuing, revoking and counting invitation codes (anonymity rule 1).

use crate::helpers::rounds::create_round;
use crate::helpers::{error_of, spawn_app};
use app::domain::account::Role;
use app::domain::code::Code;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issued_codes_are_shown_once_and_stored_only_as_keyed_hashes() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "codes").await;

    // Act
    let res = app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "masses", "count": 50})).await;

    // Assert
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.expect("json");
    let codes: Vec<String> = body["codes"].as_array().expect("codes").iter().map(|c| c.as_str().expect("str").to_owned()).collect();
    assert_eq!(codes.len(), 50);
    let re = |c: &str| c.len() == 14 && c.chars().nth(4) == Some('-') && c.chars().nth(9) == Some('-');
    assert!(codes.iter().all(|c| re(c)), "{codes:?}");
    assert_eq!(codes.iter().collect::<std::collections::HashSet<_>>().len(), 50, "all distinct");
    use sea_orm::EntityTrait;
    let rows = app::ssr::db::entities::code::Entity::find().all(&app.db).await.expect("rows");
    assert_eq!(rows.len(), 50);
    let key = app::ssr::codes::CodeKey::new(&[7; 32]);
    for code in &codes {
        let canonical = Code::parse(code).expect("parses");
        assert!(rows.iter().any(|r| r.hash == key.hash(&canonical)));
        assert!(rows.iter().all(|r| !r.hash.contains(canonical.canonical()) && r.hash.len() == 64));
    }
    assert!(rows.iter().all(|r| r.state == "unused" && r.scope.is_none()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn codes_can_be_scoped_to_some_targets_and_summarized() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "scope").await;
    let res =
        app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "two_reps_one_member", "count": 3, "targets": ["jyj"]})).await;
    assert_eq!(res.status(), 201);
    app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "masses", "count": 4})).await;
    let summary: Value = app.get_api(&format!("/rounds/{id}/codes/summary")).await.json().await.expect("json");
    assert_eq!(summary["issued"], 7);
    assert_eq!(summary["categories"][0], json!({"category": "masses", "name": "群众代表", "issued": 4, "used": 0, "revoked": 0}));
    assert_eq!(summary["categories"][1]["issued"], 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unused_codes_can_be_revoked_once() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "revoke").await;
    let body: Value =
        app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "masses", "count": 3})).await.json().await.expect("json");
    let first = body["codes"][0].as_str().expect("code").to_lowercase().replace('-', "");
    let res = app.post_json(&format!("/rounds/{id}/codes/revoke"), &json!({"codes": [first.clone()]})).await;
    assert_eq!(res.json::<Value>().await.expect("json"), json!({"revoked": 1}));
    let again: Value = app.post_json(&format!("/rounds/{id}/codes/revoke"), &json!({"codes": [first]})).await.json().await.expect("json");
    assert_eq!(again, json!({"revoked": 0}));
    let summary: Value = app.get_api(&format!("/rounds/{id}/codes/summary")).await.json().await.expect("json");
    assert_eq!((summary["issued"].as_i64(), summary["revoked"].as_i64()), (Some(3), Some(1)));
    let res = app.post_json(&format!("/rounds/{id}/codes/revoke"), &json!({"codes": ["nope"]})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(error_of(res).await.0, "invalid_code");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_code_requests_name_the_problem_and_store_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "bad").await;
    let cases = [
        (json!({"category": "masses", "count": 0}), 422, "invalid_count"),
        (json!({"category": "masses", "count": 100_001}), 422, "invalid_count"),
        (json!({"category": "nobody", "count": 1}), 422, "unknown_category"),
        (json!({"category": "masses", "count": 1, "targets": ["nope"]}), 422, "unknown_target"),
    ];
    for (body, status, code) in cases {
        let res = app.post_json(&format!("/rounds/{id}/codes"), &body).await;
        assert_eq!(res.status(), status, "{body}");
        assert_eq!(error_of(res).await.0, code);
    }
    for action in ["open", "close"] {
        app.post_json(&format!("/rounds/{id}/{action}"), &json!({})).await;
    }
    let res = app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "masses", "count": 1})).await;
    assert_eq!(res.status(), 409);
    let (code, message) = error_of(res).await;
    assert_eq!(code, "wrong_state");
    assert!(message.contains("closed"), "{message}");
    assert_eq!(app.count("codes").await, 0);
}
