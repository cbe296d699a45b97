//! The hash-chained audit log and `minping audit verify`.

use crate::helpers::rounds::create_round;
use crate::helpers::spawn_app;
use app::domain::account::Role;
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_actions_are_chained_and_a_tampered_row_is_detected() {
    // Arrange: a few admin actions.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "audited").await;
    app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "masses", "count": 2})).await;
    app.post_json(&format!("/rounds/{id}/open"), &json!({})).await;

    // Act + Assert: the log names who did what, and holds no code.
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    let actions: Vec<&str> = log["entries"].as_array().expect("entries").iter().filter_map(|e| e["action"].as_str()).collect();
    assert_eq!(actions, ["round.open", "codes.issue", "round.create", "session.sign_in"]);
    assert!(log["entries"].as_array().expect("entries").iter().all(|e| e["actor"] == "zuzhibu"));
    assert_eq!(app::ssr::audit::verify(&app.db).await.expect("intact"), 4);

    app.db.execute_unprepared("UPDATE audit_log SET actor = 'someone-else' WHERE action = 'codes.issue'").await.expect("tamper");
    match app::ssr::audit::verify(&app.db).await {
        Err(app::ssr::audit::ChainError::Broken(_)) => {}
        other => panic!("tampering went unnoticed: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_action_leaves_no_audit_entry() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let signed_in = app.count("audit_log").await;
    app.post_json("/rounds", &json!({"title": ""})).await;
    assert_eq!(app.count("audit_log").await, signed_in, "nothing but the sign-in");
}
