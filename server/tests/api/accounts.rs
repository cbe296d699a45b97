//! Account safety through the API: an admin creates, disables and resets accounts; a
//! disabled account's session ends at once; the last admin cannot be disabled.

use crate::helpers::{client, error_of, spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

async fn sign_in(app: &TestApp, c: &reqwest::Client, username: &str, password: &str) -> u16 {
    c.post(format!("{}/api/v1/session", app.address))
        .json(&json!({"username": username, "password": password}))
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_resets_and_disables_accounts_but_never_the_last_admin() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;

    // Create: a random password, shown once.
    let res = app.post_json("/accounts", &json!({"username": "duban7", "role": "steering"})).await;
    assert_eq!(res.status(), 201);
    let first = res.json::<Value>().await.expect("json")["password"].as_str().expect("password").to_owned();
    let member = client();
    assert_eq!(sign_in(&app, &member, "duban7", &first).await, 200);
    let res = app.post_json("/accounts", &json!({"username": "duban7", "role": "steering"})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(app.post_json("/accounts", &json!({"username": "x", "role": "steering"})).await.status(), 422);
    assert_eq!(app.post_json("/accounts", &json!({"username": "someone", "role": "root"})).await.status(), 422);
    // The creation is in the audit log (once: refusals leave no entry), without the password.
    let audit: Value = app.get_api("/audit").await.json().await.expect("json");
    let created: Vec<&Value> = audit["entries"].as_array().expect("entries").iter().filter(|e| e["action"] == "account.create").collect();
    assert_eq!(created.len(), 1, "{audit}");
    assert!(!created[0].to_string().contains(&first));

    // Reset: the old password and the open session stop working.
    let res = app.post_json("/accounts/duban7/reset-password", &json!({})).await;
    assert_eq!(res.status(), 200);
    let second = res.json::<Value>().await.expect("json")["password"].as_str().expect("password").to_owned();
    assert_ne!(first, second);
    assert_eq!(member.get(format!("{}/api/v1/session", app.address)).send().await.expect("request").status(), 401);
    assert_eq!(sign_in(&app, &client(), "duban7", &first).await, 401);
    assert_eq!(sign_in(&app, &member, "duban7", &second).await, 200);

    // Disable: the session ends at once and signing in is refused; enable again.
    assert_eq!(app.post_json("/accounts/duban7/disable", &json!({})).await.status(), 204);
    assert_eq!(member.get(format!("{}/api/v1/session", app.address)).send().await.expect("request").status(), 401);
    assert_ne!(sign_in(&app, &client(), "duban7", &second).await, 200);
    assert_eq!(app.post_json("/accounts/duban7/enable", &json!({})).await.status(), 204);
    assert_eq!(sign_in(&app, &client(), "duban7", &second).await, 200);
    let list: Value = app.get_api("/accounts").await.json().await.expect("json");
    assert!(list.as_array().expect("list").iter().all(|a| a.get("password_hash").is_none()));

    // The last admin cannot be disabled; with a second admin it can.
    let res = app.post_json("/accounts/zuzhibu/disable", &json!({})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.0, "last_admin");
    assert_eq!(app.post_json("/accounts/nobody/disable", &json!({})).await.status(), 404);
    assert_eq!(app.post_json("/accounts", &json!({"username": "zuzhibu2", "role": "admin"})).await.status(), 201);
    assert_eq!(app.post_json("/accounts/zuzhibu/disable", &json!({})).await.status(), 204);
    // Nobody but an admin may manage accounts.
    assert_eq!(member.get(format!("{}/api/v1/accounts", app.address)).send().await.expect("request").status(), 403);
}
