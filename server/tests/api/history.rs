//! A target's history (DOMAIN "History"): every closed round in which its key appears and
//! that the caller may see, oldest first, with the overall rates, score, V and status — in
//! the API and on its page, with the trend chart.

use crate::helpers::ballots::cast;
use crate::helpers::steering::{get, group, member};
use crate::helpers::{spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

/// A closed round titled `title` in which `jyj` gets `dissatisfied` of 4 overall answers.
async fn year(app: &TestApp, title: &str, dissatisfied: usize) -> i64 {
    let mut body = crate::helpers::rounds::round_body(title);
    body["quorum"] = json!(1);
    // Four ballots: at the minimum for their numbers to be published (rule 5).
    body["disclosure_min"] = json!(4);
    let res = app.post_json("/rounds", &body).await;
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let codes = crate::helpers::ballots::issue(app, id, json!({"category": "masses", "count": 4})).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    for (i, code) in codes.iter().enumerate() {
        let option = if i < dissatisfied { "dissatisfied" } else { "satisfied" };
        let ballot = json!({"code": code, "answers": [
            {"target": "jyj", "item": "overall", "option": option},
            {"target": "wjw", "item": "overall", "option": "satisfied"},
            {"target": "jyj-zhang", "item": "overall", "option": "satisfied"}]});
        assert_eq!(cast(app, &ballot).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_targets_history_lists_its_closed_rounds_oldest_first_with_their_numbers() {
    // Arrange: three closed rounds (1, 3, 0 of 4 dissatisfied with jyj) and an open one.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let ids = [year(&app, "2024 年度", 1).await, year(&app, "2025 年度", 3).await, year(&app, "2026 年度", 0).await];
    let open = crate::helpers::rounds::create_round(&app, "2027 年度").await;
    assert_eq!(app.post_json(&format!("/rounds/{open}/open"), &json!({})).await.status(), 200);

    // Act
    let res = app.get_api("/targets/jyj/history").await;

    // Assert
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");
    assert_eq!((body["key"].as_str(), body["name"].as_str()), (Some("jyj"), Some("区教育局领导班子")));
    let rounds = body["rounds"].as_array().expect("rounds");
    assert_eq!(rounds.iter().map(|r| r["round_id"].as_i64().expect("id")).collect::<Vec<_>>(), ids, "closed rounds only, oldest first");
    let dis: Vec<f64> = rounds.iter().map(|r| r["overall"]["dissatisfaction_rate"].as_f64().expect("rate")).collect();
    assert_eq!(dis, [0.25, 0.75, 0.0]);
    let status: Vec<&str> = rounds.iter().map(|r| r["status"].as_str().expect("s")).collect();
    assert_eq!(status, ["ok", "flagged", "ok"]);
    assert_eq!(rounds[1]["overall"]["valid"], 4);
    assert!(rounds.iter().all(|r| r["closed_at"].as_str().is_some_and(|t| t.contains('T'))));
    // Reading a history is a read of results: audited.
    let audit: Value = app.get_api("/audit").await.json().await.expect("audit");
    assert!(audit.to_string().contains("target:jyj"), "{audit}");

    // The page: a row per round, linked, and the trend chart with every round's rates.
    let html = app.get("/targets/jyj").await.text().await.expect("html");
    let table = &html[html.find("data-testid=\"history\"").expect("table")..];
    for id in ids {
        assert!(table.contains(&format!("/rounds/{id}/results")), "round {id}");
    }
    let chart = &html[html.find("data-chart=\"trend\"").expect("chart")..];
    assert!(chart.contains("<svg") && chart.contains("75.0%") && chart.contains("25.0%"));
    // A key no round has: not found.
    assert_eq!(app.get_api("/targets/nobody/history").await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_steering_member_sees_the_history_of_assigned_targets_in_published_rounds_only() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let first = year(&app, "2025 年度", 3).await;
    let second = year(&app, "2026 年度", 0).await;
    assert_eq!(app.post_json(&format!("/rounds/{first}/publish"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["jyj"]).await;
    let body: Value = get(&duda, &app, "/targets/jyj/history").await.json().await.expect("json");
    let rounds: Vec<i64> = body["rounds"].as_array().expect("rounds").iter().map(|r| r["round_id"].as_i64().expect("id")).collect();
    assert_eq!(rounds, [first], "round {second} is closed but not published");
    assert_eq!(get(&duda, &app, "/targets/wjw/history").await.status(), 404, "wjw is not assigned");
}
