//! Setting up rounds through the API, as a script of the organization department would.

use crate::helpers::rounds::{create_round, round_body};
use crate::helpers::{error_of, spawn_app};
use app::domain::account::Role;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_creates_a_draft_with_the_defaults_of_the_domain() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;

    // Act
    let res = app.post_json("/rounds", &round_body("2026 年度民主测评")).await;

    // Assert
    assert_eq!(res.status(), 201);
    let round: Value = res.json().await.expect("json");
    assert_eq!(round["status"], "draft");
    assert_eq!(round["flag_threshold"], 0.5);
    assert_eq!(round["flag_basis"], "headcount");
    assert_eq!(round["quorum"], 1);
    assert_eq!(round["disclosure_min"], 5);
    assert_eq!(round["min_satisfaction"], Value::Null);
    assert_eq!(round["scale"][0], json!({"key": "satisfied", "label": "满意", "points": 100, "polarity": "positive"}));
    assert_eq!(round["scale"][3]["polarity"], "abstain");
    assert_eq!(round["targets"][2]["parent"], "jyj");
    let id = round["id"].as_i64().expect("id");
    let again: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
    assert_eq!(again, round);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_definitions_name_the_field_and_store_nothing() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let cases = [
        ("/categories/1/key", json!("masses"), "categories[1].key"),
        ("/items/1/overall", json!(true), "items"),
        ("/categories/0/weight", json!(-1), "categories[0].weight"),
        ("/flag_threshold", json!(1.2), "flag_threshold"),
        ("/title", json!(""), "title"),
    ];
    for (pointer, value, field) in cases {
        let mut body = round_body("t");
        let (parent, leaf) = pointer.rsplit_once('/').expect("pointer");
        body.pointer_mut(parent).expect("parent")[leaf] = value;
        let res = app.post_json("/rounds", &body).await;
        assert_eq!(res.status(), 422, "{pointer}");
        let err: Value = res.json().await.expect("json");
        assert_eq!(err["error"]["code"], "invalid_round");
        assert_eq!(err["error"]["fields"][0]["field"], field, "{err}");
        assert!(err["error"]["message"].as_str().expect("message").starts_with("测评轮次设置有误"));
    }
    let mut zero = round_body("t");
    zero["categories"][0]["weight"] = json!(0);
    zero["categories"][1]["weight"] = json!(0);
    let err: Value = app.post_json("/rounds", &zero).await.json().await.expect("json");
    assert_eq!(err["error"]["fields"][0]["message"], "权重不能全部为零");
    assert_eq!(app.count("rounds").await, 0);
    assert_eq!(app.count("round_targets").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_lifecycle_moves_forward_only_and_only_drafts_are_edited() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "lifecycle").await;

    // Act + Assert: a draft can be edited, then opened; an open round cannot be edited or reopened.
    let mut edited = round_body("lifecycle, edited");
    edited["targets"].as_array_mut().expect("array").pop();
    let res = app.client.put(format!("{}/api/v1/rounds/{id}", app.address)).json(&edited).send().await.expect("req");
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.expect("json")["targets"].as_array().map(Vec::len), Some(2));

    let open: Value = app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.json().await.expect("json");
    assert_eq!(open["status"], "open");
    let res = app.client.put(format!("{}/api/v1/rounds/{id}", app.address)).json(&edited).send().await.expect("req");
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.0, "not_editable");
    let res = app.post_json(&format!("/rounds/{id}/open"), &json!({})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.0, "wrong_state");
    let res = app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await;
    assert_eq!(res.status(), 409);

    for (action, status) in [("close", "closed"), ("publish", "published"), ("archive", "archived")] {
        let r: Value = app.post_json(&format!("/rounds/{id}/{action}"), &json!({})).await.json().await.expect("json");
        assert_eq!(r["status"], status);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_without_targets_categories_or_overall_item_cannot_open() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &json!({ "title": "empty" })).await;
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let res = app.post_json(&format!("/rounds/{id}/open"), &json!({})).await;
    assert_eq!(res.status(), 409);
    let err: Value = res.json().await.expect("json");
    assert_eq!(err["error"]["code"], "round_not_ready");
    let fields: Vec<&str> = err["error"]["fields"].as_array().expect("fields").iter().filter_map(|f| f["field"].as_str()).collect();
    assert_eq!(fields, ["targets", "categories", "items"]);
    let r: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
    assert_eq!(r["status"], "draft");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copying_a_round_makes_a_new_draft_with_the_same_definition() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(&app, "原轮次").await;
    app.post_json(&format!("/rounds/{id}/open"), &json!({})).await;
    let res = app.post_json(&format!("/rounds/{id}/copy"), &json!({})).await;
    assert_eq!(res.status(), 201);
    let copy: Value = res.json().await.expect("json");
    assert_eq!(copy["status"], "draft");
    assert_eq!(copy["title"], "原轮次（副本）");
    assert_ne!(copy["id"].as_i64(), Some(id));
    let original: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
    assert_eq!(copy["targets"], original["targets"]);
    assert_eq!(copy["categories"], original["categories"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rounds_are_for_admins_only() {
    let app = spawn_app().await;
    let res = app.post_json("/rounds", &round_body("t")).await;
    assert_eq!(res.status(), 401);
    app.sign_in_as("duban", Role::Steering).await;
    let res = app.post_json("/rounds", &round_body("t")).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_of(res).await.0, "forbidden");
    assert_eq!(app.get_api("/rounds").await.status(), 403);
    assert_eq!(app.count("rounds").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_rounds_are_404() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    for path in ["/rounds/999", "/rounds/abc", "/rounds/-1"] {
        let res = app.get_api(path).await;
        assert_eq!(res.status(), 404, "{path}");
        assert_eq!(error_of(res).await.0, "round_not_found");
    }
}
