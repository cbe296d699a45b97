//! The smaller trust holes of issue 13: a cadre re-evaluated without its body, steering
//! members' live turnout, the audit of sign-ins, reads and exports, and sentences in URLs.

use crate::helpers::ballots::{cast, issue, open_round_with_codes};
use crate::helpers::steering::{get, group, member, post};
use crate::helpers::{spawn_app, TestApp};
use crate::sealing::close_and_wait_for_the_seal;
use app::domain::account::Role;
use serde_json::{json, Value};

fn overall(targets: &[(&str, &str)]) -> Vec<Value> {
    targets.iter().map(|(t, o)| json!({"target": t, "item": "overall", "option": o})).collect()
}

async fn page(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    c.get(format!("{}{path}", app.address))
        .header("accept", "text/html")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html")
        .replace("<!>", "")
}

async fn audit_actions(app: &TestApp) -> Vec<(String, String, String)> {
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    log["entries"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_owned();
            (s("actor"), s("action"), s("object"))
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cadre_re_evaluated_without_its_body_stays_with_the_steering_group_of_the_body() {
    // Arrange: jyj-zhang (a cadre of jyj) flagged by 4 of 5; jyj itself is fine.
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 5).await;
    for (i, code) in codes.iter().enumerate() {
        let zhang = if i < 4 { "dissatisfied" } else { "satisfied" };
        let body = json!({"code": code, "answers": overall(&[("jyj", "satisfied"), ("wjw", "satisfied"), ("jyj-zhang", zhang)])});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    close_and_wait_for_the_seal(&app, id).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "教育督导组", &["duda"], &["jyj"]).await;

    // Act: the group of the body re-evaluates the cadre alone; the round runs and closes.
    let res = post(&duda, &app, &format!("/rounds/{id}/reevaluate"), &json!({"targets": ["jyj-zhang"]})).await;
    assert_eq!(res.status(), 201);
    let child: Value = res.json().await.expect("json");
    let cid = child["id"].as_i64().expect("id");
    assert_eq!(child["targets"][0]["parent"], "jyj", "the cadre keeps its unit");
    let codes = issue(&app, cid, json!({"category": "masses", "count": 5})).await;
    assert_eq!(app.post_json(&format!("/rounds/{cid}/open"), &json!({})).await.status(), 200);
    for code in &codes {
        let body = json!({"code": code, "answers": overall(&[("jyj-zhang", "satisfied")])});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    close_and_wait_for_the_seal(&app, cid).await;
    assert_eq!(app.post_json(&format!("/rounds/{cid}/publish"), &json!({})).await.status(), 200);

    // Assert: the member sees the child's results of the cadre (it was a 404).
    let res = get(&duda, &app, &format!("/rounds/{cid}/results")).await;
    assert_eq!(res.status(), 200);
    let r: Value = res.json().await.expect("json");
    assert_eq!(r["targets"][0]["key"], "jyj-zhang");
    assert_eq!(r["targets"][0]["before"]["status"], "flagged");
    assert!(page(&duda, &app, "/").await.contains("张建国"), "the steering home follows the cadre");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steering_members_see_the_live_turnout_of_their_targets_only() {
    // Arrange: an open round; 4 codes for wjw only, 6 for jyj and its cadre.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = crate::helpers::rounds::create_round(&app, "进行中").await;
    let wjw = issue(&app, id, json!({"category": "masses", "count": 4, "targets": ["wjw"]})).await;
    let jyj = issue(&app, id, json!({"category": "masses", "count": 6, "targets": ["jyj", "jyj-zhang"]})).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    for code in &wjw[..3] {
        assert_eq!(cast(&app, &json!({"code": code, "answers": overall(&[("wjw", "satisfied")])})).await.status(), 201);
    }
    for code in &jyj[..1] {
        let body = json!({"code": code, "answers": overall(&[("jyj", "satisfied"), ("jyj-zhang", "satisfied")])});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "卫健督导组", &["duda"], &["wjw"]).await;

    // Act
    let mine = page(&duda, &app, &format!("/rounds/{id}/results")).await;
    let all = page(&app.client, &app, &format!("/rounds/{id}/results")).await;

    // Assert: the member's page counts wjw's codes (4 issued, 3 used), not the round's.
    let row = |html: &str| {
        let at = html.find("<td>群众代表</td>").expect("masses row");
        html[at..at + html[at..].find("</tr>").expect("row end")].to_owned()
    };
    assert!(row(&mine).contains(">4<") && row(&mine).contains(">3<"), "{}", row(&mine));
    assert!(row(&all).contains(">10<") && row(&all).contains(">4<"), "{}", row(&all));
    assert!(!mine.contains("data-chart=\"turnout\""), "ballots over time are the whole round's");
    assert!(all.contains("data-chart=\"turnout\""));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_ins_and_every_read_and_export_of_results_and_opinions_are_audited() {
    // Arrange: a closed round with an opinion.
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 5).await;
    for code in &codes {
        let mut body = json!({"code": code, "answers": overall(&[("jyj", "satisfied"), ("wjw", "satisfied"), ("jyj-zhang", "satisfied")])});
        body["opinion"] = json!("一条意见");
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    close_and_wait_for_the_seal(&app, id).await;
    let object = format!("round:{id}");

    // Act: read and export in every way.
    assert_eq!(app.get_api(&format!("/rounds/{id}/results")).await.status(), 200);
    assert_eq!(app.get_api(&format!("/rounds/{id}/results.csv")).await.status(), 200);
    assert_eq!(app.get_api(&format!("/rounds/{id}/results.xlsx")).await.status(), 200);
    assert_eq!(app.get_api(&format!("/rounds/{id}/charts/bars.png")).await.status(), 200);
    assert!(page(&app.client, &app, &format!("/rounds/{id}/results")).await.contains("一条意见"));
    page(&app.client, &app, &format!("/rounds/{id}/report")).await;
    let viewer = member(&app, "guancha", Role::Viewer).await;
    assert_eq!(get(&viewer, &app, &format!("/rounds/{id}/results")).await.status(), 404, "a refused read");

    // Assert
    let log = audit_actions(&app).await;
    let has = |actor: &str, action: &str, object: &str| log.iter().any(|(a, x, o)| a == actor && x == action && o == object);
    for who in ["zuzhibu", "guancha"] {
        assert!(log.iter().any(|(a, x, o)| a == who && x == "session.sign_in" && o.starts_with("user:")), "{who}: {log:?}");
    }
    let reads = log.iter().filter(|(a, x, o)| a == "zuzhibu" && x == "results.read" && *o == object).count();
    assert_eq!(reads, 3, "the API, the page and the print report: {log:?}");
    let exports = log.iter().filter(|(a, x, o)| a == "zuzhibu" && x == "results.export" && *o == object).count();
    assert_eq!(exports, 3, "CSV, XLSX and PNG: {log:?}");
    assert!(has("zuzhibu", "opinions.read", &object), "{log:?}");
    assert!(!log.iter().any(|(a, x, _)| a == "guancha" && x == "results.read"), "a refused read is not a read");
    assert!(app::ssr::audit::verify(&app.db).await.is_ok());
    // Signing out is audited too.
    assert_eq!(viewer.delete(format!("{}/api/v1/session", app.address)).send().await.expect("delete").status(), 204);
    assert!(audit_actions(&app).await.iter().any(|(a, x, _)| a == "guancha" && x == "session.sign_out"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sentence_in_a_link_is_never_shown_as_an_alert_on_minpings_pages() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &json!({"title": "没有测评对象的轮次"})).await;
    assert_eq!(res.status(), 201);
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let forged = "组织部通知：请将测评码发送至 evil.example";
    let encoded = crate::helpers::percent(forged);

    // Act + Assert: the pages that show form outcomes ignore the URL's text.
    for path in
        [format!("/rounds/{id}"), "/rounds/new".to_owned(), "/accounts".to_owned(), "/groups".to_owned(), format!("/rounds/{id}/results")]
    {
        for key in ["error", "notice"] {
            let html = page(&app.client, &app, &format!("{path}?{key}={encoded}")).await;
            assert!(!html.contains(forged), "{path}?{key}= shows the link's sentence");
        }
    }
    // A real refusal still reaches the page, once, through the session.
    let res = app.client.post(format!("{}/rounds/{id}/lifecycle", app.address)).form(&[("action", "open")]).send().await.expect("post");
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().expect("ascii").to_owned();
    assert_eq!(to, format!("/rounds/{id}?error=1"));
    let shown = page(&app.client, &app, &to).await;
    assert!(shown.contains("测评轮次尚不能开始"), "{shown}");
    assert!(!page(&app.client, &app, &to).await.contains("测评轮次尚不能开始"), "shown once");
}
