//! Codes and ballots through the API.

use crate::helpers::rounds::create_round;
use crate::helpers::TestApp;
use app::domain::account::Role;
use serde_json::{json, Value};

/// An open round (from `round_body`) with `n` codes of the masses; returns (id, codes).
pub async fn open_round_with_codes(app: &TestApp, n: usize) -> (i64, Vec<String>) {
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = create_round(app, "ballots").await;
    let codes = issue(app, id, json!({"category": "masses", "count": n})).await;
    let res = app.post_json(&format!("/rounds/{id}/open"), &json!({})).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    (id, codes)
}

/// Issues codes and returns them.
pub async fn issue(app: &TestApp, id: i64, body: Value) -> Vec<String> {
    let res = app.post_json(&format!("/rounds/{id}/codes"), &body).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.expect("json");
    body["codes"].as_array().expect("codes").iter().map(|c| c.as_str().expect("str").to_owned()).collect()
}

/// A complete, valid ballot of `round_body` for `code`.
pub fn ballot(code: &str) -> Value {
    json!({
        "code": code,
        "answers": [
            {"target": "jyj", "item": "overall", "option": "satisfied"},
            {"target": "jyj", "item": "four_winds", "option": "basically_satisfied"},
            {"target": "wjw", "item": "overall", "option": "dissatisfied"},
            {"target": "jyj-zhang", "item": "overall", "option": "dont_know"}
        ],
        "opinion": "希望进一步改进窗口服务。"
    })
}

/// `POST /api/v1/ballots` from a fresh client (evaluators have no session).
pub async fn cast(app: &TestApp, body: &Value) -> reqwest::Response {
    reqwest::Client::new().post(format!("{}/api/v1/ballots", app.address)).json(body).send().await.expect("request")
}
