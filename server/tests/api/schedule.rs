//! A round's schedule (RULES.md R6): it opens and closes by itself, once, whichever server
//! process gets there first, audited as the system; a schedule that cannot be kept is
//! refused by field and nothing is stored.

use crate::helpers::rounds::round_body;
use crate::helpers::{spawn_app, TestApp};
use app::domain::account::Role;
use app::domain::lifecycle::{Status, Transition};
use app::ssr::db::entities::audit_entry;
use app::ssr::schedule::{tick, SYSTEM};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use time::{format_description::well_known::Rfc3339, Duration, OffsetDateTime};

fn at(from_now: Duration) -> String {
    (OffsetDateTime::now_utc() + from_now).format(&Rfc3339).expect("rfc 3339")
}

async fn scheduled(app: &TestApp, title: &str, opens: Option<String>, closes: Option<String>) -> reqwest::Response {
    let mut body = round_body(title);
    body["opens_at"] = json!(opens);
    body["closes_at"] = json!(closes);
    app.post_json("/rounds", &body).await
}

async fn moves_by_the_system(app: &TestApp, id: i64, action: &str) -> usize {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .filter(audit_entry::Column::Object.eq(format!("round:{id}")))
        .filter(audit_entry::Column::Actor.eq(SYSTEM))
        .all(&app.db)
        .await
        .expect("audit")
        .len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_in_the_past_or_closing_before_opening_is_refused_by_field_and_nothing_is_stored() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let cases = [
        (Some(at(-Duration::minutes(5))), None, "opens_at", "该时间已经过去，请填写以后的时间"),
        (None, Some(at(-Duration::seconds(1))), "closes_at", "该时间已经过去，请填写以后的时间"),
        (Some(at(Duration::hours(2))), Some(at(Duration::hours(1))), "closes_at", "结束时间须晚于开始时间"),
    ];
    for (opens, closes, field, message) in cases {
        let res = scheduled(&app, "定时测评", opens, closes).await;
        assert_eq!(res.status(), 422);
        let err: Value = res.json().await.expect("json");
        assert_eq!(err["error"]["code"], "invalid_round", "{err}");
        assert_eq!(err["error"]["fields"][0]["field"], field, "{err}");
        assert_eq!(err["error"]["fields"][0]["message"], message, "{err}");
    }
    let res = app.post_json("/rounds", &json!({"title": "x", "opens_at": "明天上午"})).await;
    assert_eq!(res.status(), 400, "a time that is not RFC 3339 is unreadable JSON");
    let (code, message) = crate::helpers::error_of(res).await;
    assert!(code == "invalid_json" && message.contains("opens_at"), "{code}: {message}");
    assert_eq!(app.count("rounds").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_rounds_open_and_close_once_audited_as_the_system_when_two_processes_race() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let mut ids = Vec::new();
    for n in 0..4 {
        let res = scheduled(&app, &format!("定时测评 {n}"), Some(at(Duration::hours(1))), Some(at(Duration::hours(3)))).await;
        assert_eq!(res.status(), 201);
        let round: Value = res.json().await.expect("json");
        assert_eq!(round["opens_at"].as_str().map(str::len), Some(20), "RFC 3339 in UTC: {round}");
        ids.push(round["id"].as_i64().expect("id"));
    }
    // A second server process: its own connections to the same database.
    let other = app::ssr::db::connect(&app.test_db.url, None).await.expect("second connection");
    let (before, opening, closing) = (
        OffsetDateTime::now_utc() + Duration::minutes(59),
        OffsetDateTime::now_utc() + Duration::hours(2),
        OffsetDateTime::now_utc() + Duration::hours(4),
    );

    assert!(tick(&app.db, before).await.expect("tick").is_empty(), "nothing moves before its time");
    let (a, b) = tokio::join!(tick(&app.db, opening), tick(&other, opening));
    let (a, b) = (a.expect("tick"), b.expect("tick"));
    assert_eq!(a.len() + b.len(), ids.len(), "each round opened by exactly one process: {a:?} {b:?}");
    assert!(a.iter().chain(&b).all(|(_, t)| *t == Transition::Open));
    let (a, b) = tokio::join!(tick(&app.db, closing), tick(&other, closing));
    assert_eq!(a.expect("tick").len() + b.expect("tick").len(), ids.len());

    for id in ids {
        let round: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
        assert_eq!(round["status"], "closed");
        assert_eq!(moves_by_the_system(&app, id, "round.open").await, 1, "opened once");
        assert_eq!(moves_by_the_system(&app, id, "round.close").await, 1, "closed once");
    }
    let res = app.get_api("/audit").await;
    assert!(res.text().await.expect("body").contains(SYSTEM), "the audit log names the system");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scheduled_opening_of_a_round_that_is_not_ready_leaves_it_a_draft_and_the_page_says_why() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &json!({"title": "未完成的测评", "opens_at": at(Duration::minutes(30))})).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let html = app.get(&format!("/rounds/{id}")).await.text().await.expect("page");
    assert!(html.contains("自动开始"), "the page announces the opening: {html}");

    // The clock passes the time (the database's row is set back instead of waiting).
    let past = OffsetDateTime::now_utc() - Duration::minutes(1);
    app::ssr::db::entities::round::Entity::update_many()
        .col_expr(app::ssr::db::entities::round::Column::OpensAt, sea_orm::sea_query::Expr::value(past))
        .exec(&app.db)
        .await
        .expect("set back");
    assert!(tick(&app.db, OffsetDateTime::now_utc()).await.expect("tick").is_empty());
    let round = app::ssr::rounds::load(&app.db, i32::try_from(id).expect("id")).await.expect("load").expect("round");
    assert_eq!(round.status, Status::Draft);
    let html = app.get(&format!("/rounds/{id}")).await.text().await.expect("page");
    assert!(html.contains("尚不具备开始条件"), "{html}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_settings_form_takes_china_standard_time_and_refuses_a_time_it_cannot_read() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = crate::helpers::rounds::create_round(&app, "表单定时").await;
    let post = |opens: &'static str| {
        let form = [("title", "表单定时"), ("flag_threshold", "0.5"), ("quorum", "1"), ("disclosure_min", "5"), ("opens_at", opens)];
        app.client.post(format!("{}/rounds/{id}/settings", app.address)).form(&form).send()
    };
    let res = post("2099-01-01T08:30").await.expect("request");
    assert_eq!(res.status(), 303);
    let round: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
    assert_eq!(round["opens_at"], "2099-01-01T00:30:00Z");
    let html = app.get(&format!("/rounds/{id}")).await.text().await.expect("page");
    assert!(html.contains(r#"value="2099-01-01T08:30""#), "the field shows the time as typed");

    let res = post("下周一").await.expect("request");
    let to = res.headers()["location"].to_str().expect("ascii").to_owned();
    let html = app.get(&to).await.text().await.expect("page");
    assert!(html.contains("开始时间：“下周一”不是有效的日期和时间"), "{html}");
    let round: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
    assert_eq!(round["opens_at"], "2099-01-01T00:30:00Z", "nothing changed");
}
