//! Accounts of other roles, steering groups and a flagged round.

use crate::helpers::ballots::{cast, open_round_with_codes};
use crate::helpers::{client, TestApp, PASSWORD};
use app::domain::account::Role;
use serde_json::{json, Value};

/// A signed-in client of a new account (cookies of its own).
pub async fn member(app: &TestApp, username: &str, role: Role) -> reqwest::Client {
    app.create_account(username, role).await;
    let c = client();
    let res = c
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    c
}

pub async fn get(c: &reqwest::Client, app: &TestApp, path: &str) -> reqwest::Response {
    c.get(format!("{}/api/v1{path}", app.address)).send().await.expect("request")
}

pub async fn post(c: &reqwest::Client, app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    c.post(format!("{}/api/v1{path}", app.address)).json(body).send().await.expect("request")
}

/// A ballot rating `wjw` with `wjw` and `jyj` with `jyj` (overall only).
pub fn sheet(code: &str, jyj: &str, wjw: &str) -> Value {
    json!({"code": code, "answers": [
        {"target": "jyj", "item": "overall", "option": jyj},
        {"target": "wjw", "item": "overall", "option": wjw},
        {"target": "jyj-zhang", "item": "overall", "option": "satisfied"}
    ]})
}

/// The admin's round (jyj, wjw, jyj-zhang) closed after 6 ballots: jyj satisfied, wjw
/// dissatisfied by 4 of 6 — flagged. Returns the round id.
pub async fn closed_round_with_wjw_flagged(app: &TestApp) -> i64 {
    let (id, codes) = open_round_with_codes(app, 6).await;
    for (i, code) in codes.iter().enumerate() {
        let wjw = if i < 4 { "dissatisfied" } else { "satisfied" };
        assert_eq!(cast(app, &sheet(code, "satisfied", wjw)).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    id
}

/// Creates a group named `name`, adds `members` and assigns `keys` (as the admin).
pub async fn group(app: &TestApp, name: &str, members: &[&str], keys: &[&str]) -> i64 {
    let res = app.post_json("/groups", &json!({ "name": name })).await;
    assert_eq!(res.status(), 201);
    let gid = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    for m in members {
        assert_eq!(app.post_json(&format!("/groups/{gid}/members"), &json!({ "username": m })).await.status(), 204);
    }
    for k in keys {
        assert_eq!(app.post_json(&format!("/groups/{gid}/targets"), &json!({ "key": k })).await.status(), 204);
    }
    gid
}

/// The flag of target `key` in round `round`: (id, status).
pub async fn flag_of(app: &TestApp, round: i64, key: &str) -> (i64, String) {
    use app::ssr::db::entities::target_flag;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let f = target_flag::Entity::find()
        .filter(target_flag::Column::RoundId.eq(round as i32))
        .filter(target_flag::Column::TargetKey.eq(key))
        .one(&app.db)
        .await
        .expect("query")
        .expect("a flag");
    (i64::from(f.id), f.status)
}
