//! Rounds as a script of the organization department sets them up.

use crate::helpers::TestApp;
use serde_json::{json, Value};

/// A complete round body in API.md's shape.
pub fn round_body(title: &str) -> Value {
    json!({
        "title": title,
        "categories": [
            {"key": "masses", "name": "群众代表", "weight": 2},
            {"key": "two_reps_one_member", "name": "两代表一委员", "weight": 1}
        ],
        "items": [
            {"key": "overall", "title": "总体评价", "overall": true},
            {"key": "four_winds", "title": "反对“四风”"}
        ],
        "targets": [
            {"key": "jyj", "name": "区教育局领导班子", "kind": "body"},
            {"key": "wjw", "name": "区卫生健康局领导班子", "kind": "body"},
            {"key": "jyj-zhang", "name": "张建国", "kind": "cadre", "parent": "jyj"}
        ]
    })
}

/// Creates a round as the signed-in admin and returns its id.
pub async fn create_round(app: &TestApp, title: &str) -> i64 {
    let res = app.post_json("/rounds", &round_body(title)).await;
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}
