//! The rectification ledger through the API (RULES.md E2): problems and measures kept by
//! the target's steering members and admins, every change audited, bad input refused with
//! nothing stored, and overdue measures read against a fixed day.

use crate::helpers::steering::{closed_round_with_wjw_flagged, flag_of, get, group, member, post};
use crate::helpers::{error_of, spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

async fn patch(c: &reqwest::Client, app: &TestApp, path: &str, body: &Value) -> reqwest::Response {
    c.patch(format!("{}/api/v1{path}", app.address)).json(body).send().await.expect("request")
}

fn day_after(days: i64) -> String {
    (app::ssr::ledger::today() + time::Duration::days(days)).to_string()
}

/// A published round with `wjw` flagged, followed by `duda`'s group (and `jyj` by
/// `dudb`'s). Returns the flag id and the two members' clients.
async fn flagged_and_followed(app: &TestApp) -> (i64, reqwest::Client, reqwest::Client) {
    let id = closed_round_with_wjw_flagged(app).await;
    let a = member(app, "duda", Role::Steering).await;
    let b = member(app, "dudb", Role::Steering).await;
    group(app, "第一督导组", &["duda"], &["wjw"]).await;
    group(app, "第二督导组", &["dudb"], &["jyj"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    (flag_of(app, id, "wjw").await.0, a, b)
}

fn ledger_actions(log: &Value) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"].as_str().is_some_and(|a| a.starts_with("ledger.")))
        .map(|e| (e["action"].as_str().unwrap_or_default().to_owned(), e["actor"].as_str().unwrap_or_default().to_owned()))
        .collect();
    out.reverse();
    out
}

#[tokio::test]
async fn the_targets_steering_members_and_admins_keep_its_ledger_and_every_change_is_audited() {
    // Arrange
    let app = spawn_app().await;
    let (flag, duda, dudb) = flagged_and_followed(&app).await;

    // Act: duda records a problem, the admin a measure, duda marks it done.
    let res = post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": " 群众反映窗口办事慢 ", "source": "opinion"})).await;
    assert_eq!(res.status(), 201);
    let ledger: Value = res.json().await.expect("json");
    assert_eq!(ledger["flag"]["key"], "wjw");
    assert_eq!(ledger["problems"][0]["title"], "群众反映窗口办事慢");
    assert_eq!(ledger["problems"][0]["source"], "opinion");
    let problem = ledger["problems"][0]["id"].as_i64().expect("problem id");
    let deadline = day_after(30);
    let res = app
        .post_json(
            &format!("/problems/{problem}/measures"),
            &json!({"text": "推行一窗通办", "owner": "局办公室 王主任", "deadline": deadline}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let ledger: Value = res.json().await.expect("json");
    let m = &ledger["problems"][0]["measures"][0];
    assert_eq!(
        (m["status"].as_str(), m["deadline"].as_str(), m["overdue"].as_bool()),
        (Some("todo"), Some(deadline.as_str()), Some(false))
    );
    assert_eq!(m["status_on"], day_after(0));
    let measure = m["id"].as_i64().expect("measure id");
    let res =
        patch(&duda, &app, &format!("/measures/{measure}"), &json!({"status": "done", "evidence": "窗口办结时限由5天缩短为2天"})).await;
    assert_eq!(res.status(), 200);
    let ledger: Value = res.json().await.expect("json");
    assert_eq!(ledger["problems"][0]["measures"][0]["status"], "done");
    assert_eq!(ledger["problems"][0]["measures"][0]["evidence"], "窗口办结时限由5天缩短为2天");

    // Assert: another group's member, a viewer and a clerk learn nothing of it.
    let viewer = member(&app, "guancha", Role::Viewer).await;
    let clerk = member(&app, "luru", Role::Clerk).await;
    for c in [&dudb, &viewer, &clerk] {
        assert_eq!(get(c, &app, &format!("/flags/{flag}/problems")).await.status(), 404);
        assert_eq!(post(c, &app, &format!("/flags/{flag}/problems"), &json!({"title": "x", "source": "finding"})).await.status(), 404);
        assert_eq!(
            post(c, &app, &format!("/problems/{problem}/measures"), &json!({"text": "x", "owner": "y", "deadline": deadline}))
                .await
                .status(),
            404
        );
        assert_eq!(patch(c, &app, &format!("/measures/{measure}"), &json!({"status": "todo"})).await.status(), 404);
    }
    let read: Value = get(&duda, &app, &format!("/flags/{flag}/problems")).await.json().await.expect("json");
    assert_eq!(read["problems"].as_array().map(Vec::len), Some(1), "the refused requests stored nothing");
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    let expected: Vec<(String, String)> = [("ledger.problem", "duda"), ("ledger.measure", "zuzhibu"), ("ledger.status", "duda")]
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(ledger_actions(&log), expected);
}

#[tokio::test]
async fn bad_ledger_input_gets_a_clear_message_and_stores_nothing() {
    // Arrange
    let app = spawn_app().await;
    let (flag, duda, _) = flagged_and_followed(&app).await;
    let res = post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": "班子议事不民主", "source": "finding"})).await;
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("id");
    let res = post(
        &duda,
        &app,
        &format!("/problems/{problem}/measures"),
        &json!({"text": "修订议事规则", "owner": "张书记", "deadline": day_after(10)}),
    )
    .await;
    let measure = res.json::<Value>().await.expect("json")["problems"][0]["measures"][0]["id"].as_i64().expect("id");
    let before: Value = get(&duda, &app, &format!("/flags/{flag}/problems")).await.json().await.expect("json");

    // Act / Assert: each wrong field has its own sentence.
    let cases = [
        (post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": "  ", "source": "finding"})).await, "请填写问题"),
        (post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": "传言", "source": "rumour"})).await, "问题来源"),
        (
            post(
                &duda,
                &app,
                &format!("/problems/{problem}/measures"),
                &json!({"text": "x", "owner": "张".repeat(65), "deadline": day_after(10)}),
            )
            .await,
            "责任人",
        ),
        (
            post(
                &duda,
                &app,
                &format!("/problems/{problem}/measures"),
                &json!({"text": "x", "owner": "张书记", "deadline": day_after(-1)}),
            )
            .await,
            "不早于标记需补课的日期",
        ),
        (
            post(&duda, &app, &format!("/problems/{problem}/measures"), &json!({"text": " ", "owner": "张书记", "deadline": day_after(3)}))
                .await,
            "整改措施",
        ),
        (patch(&duda, &app, &format!("/measures/{measure}"), &json!({"status": "finished"})).await, "未开始、整改中或已完成"),
    ];
    for (res, words) in cases {
        assert_eq!(res.status(), 422);
        let (code, message) = error_of(res).await;
        assert_eq!(code, "validation_failed");
        assert!(message.contains(words), "{message:?} should say {words:?}");
    }
    assert_eq!(
        post(&duda, &app, "/problems/999999/measures", &json!({"text": "x", "owner": "y", "deadline": day_after(1)})).await.status(),
        404
    );
    assert_eq!(patch(&duda, &app, "/measures/999999", &json!({"status": "done"})).await.status(), 404);
    let after: Value = get(&duda, &app, &format!("/flags/{flag}/problems")).await.json().await.expect("json");
    assert_eq!(after, before, "nothing was stored");
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    assert_eq!(ledger_actions(&log).len(), 2, "only the two accepted changes are audited");
}

#[tokio::test]
async fn a_measure_past_its_deadline_and_not_done_is_overdue_from_the_next_day() {
    // Arrange: a measure due in 5 days.
    let app = spawn_app().await;
    let (flag, duda, _) = flagged_and_followed(&app).await;
    let res = post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": "办事慢", "source": "opinion"})).await;
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("id");
    let res = post(
        &duda,
        &app,
        &format!("/problems/{problem}/measures"),
        &json!({"text": "一窗通办", "owner": "王主任", "deadline": day_after(5)}),
    )
    .await;
    let measure = res.json::<Value>().await.expect("json")["problems"][0]["measures"][0]["id"].as_i64().expect("id");
    let today = app::ssr::ledger::today();
    let overdue_on = |problems: &[app::views::steering::ProblemView]| problems[0].measures[0].overdue;

    // Act / Assert: read on fixed days.
    let on = |d: i64| app::ssr::ledger::problems_of(&app.db, flag as i32, today + time::Duration::days(d));
    assert!(!overdue_on(&on(5).await.expect("ledger")), "due today is not overdue");
    assert!(overdue_on(&on(6).await.expect("ledger")), "the day after its deadline it is");
    assert_eq!(patch(&duda, &app, &format!("/measures/{measure}"), &json!({"status": "doing"})).await.status(), 200);
    assert!(overdue_on(&on(6).await.expect("ledger")), "in progress is still overdue");
    assert_eq!(patch(&duda, &app, &format!("/measures/{measure}"), &json!({"status": "done"})).await.status(), 200);
    assert!(!overdue_on(&on(60).await.expect("ledger")), "done is never overdue");
}

async fn page(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    c.get(format!("{}{path}", app.address)).header("accept", "text/html").send().await.expect("page").text().await.expect("html")
}

#[tokio::test]
async fn overdue_measures_are_listed_on_the_steering_home_and_counted_per_group_on_the_groups_page() {
    // Arrange: two measures on wjw's flag, one overdue (its deadline moved into the past,
    // as a clock a month on would see it) and one done after its deadline.
    let app = spawn_app().await;
    let (flag, duda, dudb) = flagged_and_followed(&app).await;
    let res = post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": "窗口办事慢", "source": "opinion"})).await;
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("id");
    for text in ["推行一窗通办", "公开办事指南"] {
        let body = json!({"text": text, "owner": "王主任", "deadline": day_after(1)});
        assert_eq!(post(&duda, &app, &format!("/problems/{problem}/measures"), &body).await.status(), 201);
    }
    let ledger: Value = get(&duda, &app, &format!("/flags/{flag}/problems")).await.json().await.expect("json");
    let done = ledger["problems"][0]["measures"][1]["id"].as_i64().expect("id");
    assert_eq!(patch(&duda, &app, &format!("/measures/{done}"), &json!({"status": "done"})).await.status(), 200);
    use sea_orm::ConnectionTrait;
    app.db.execute_unprepared("UPDATE measures SET deadline = '2026-01-05'").await.expect("backdate");

    // Act
    let home = page(&duda, &app, "/").await;
    let other_home = page(&dudb, &app, "/").await;
    let groups = page(&app.client, &app, "/groups").await;

    // Assert
    assert!(home.contains("超期未完成的整改措施") && home.contains("推行一窗通办") && home.contains("2026-01-05"), "{home}");
    assert!(!home.contains("公开办事指南"), "a done measure is not overdue");
    assert!(!other_home.contains("推行一窗通办") && other_home.contains("没有超期的整改措施"), "another group sees none of it");
    assert!(groups.contains("推行一窗通办"), "the groups page lists the overdue measure: {groups}");
    assert_eq!(group_count(&groups, "第一督导组").as_deref(), Some("第一督导组 1"), "{groups}");
    assert_eq!(group_count(&groups, "第二督导组").as_deref(), Some("第二督导组 0"), "{groups}");
}

/// The text of a group's line in the overdue count (tags and hydration markers dropped).
fn group_count(html: &str, group: &str) -> Option<String> {
    let list = &html[html.find(r#"data-testid="overdue-per-group""#)?..];
    let start = list.find(&format!(r#"<li data-group="{group}">"#))?;
    let line = &list[start..start + list[start..].find("</li>")?];
    let mut text = String::new();
    let mut in_tag = false;
    for c in line.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    Some(text.trim().to_owned())
}
