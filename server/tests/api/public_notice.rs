//! The 公示 page (RULES.md E3): a withdrawable link that needs no account; once the round
//! is published it lists the flagged targets with their problems and measures — and
//! nothing of opinions, evidence, authors, scores or unflagged targets.

use crate::helpers::ballots::{cast, open_round_with_codes};
use crate::helpers::steering::{flag_of, member, post};
use crate::helpers::{captured_logs, client, spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

/// Opinions written on the ballots: none may reach the notice.
const OPINIONS: [&str; 2] = ["卫健局门诊排队太久私下议论", "教育局某某收礼传闻"];

/// The admin's round (jyj, wjw, jyj-zhang) closed after 6 ballots with opinions, wjw
/// flagged (4 of 6 dissatisfied); `duda` follows wjw. Returns the round id.
async fn closed_with_opinions(app: &TestApp) -> i64 {
    let (id, codes) = open_round_with_codes(app, 6).await;
    for (i, code) in codes.iter().enumerate() {
        let wjw = if i < 4 { "dissatisfied" } else { "satisfied" };
        let ballot = json!({"code": code, "opinion": OPINIONS[i % 2], "answers": [
            {"target": "jyj", "item": "overall", "option": "satisfied"},
            {"target": "wjw", "item": "overall", "option": wjw},
            {"target": "jyj-zhang", "item": "overall", "option": "satisfied"}
        ]});
        assert_eq!(cast(app, &ballot).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    id
}

async fn make_link(app: &TestApp, id: i64) -> String {
    let res = app.post_json(&format!("/rounds/{id}/public-link"), &json!({})).await;
    assert_eq!(res.status(), 201);
    let url = res.json::<Value>().await.expect("json")["url"].as_str().expect("url").to_owned();
    assert!(url.starts_with(&format!("{}/public/", app.address)), "{url}");
    url.rsplit('/').next().expect("token").to_owned()
}

/// The page as someone without an account reads it: (status, CSP, HTML).
async fn read(token: &str, app: &TestApp, lang: &str) -> (u16, String, String) {
    let res = client().get(format!("{}/public/{token}", app.address)).header("accept-language", lang).send().await.expect("request");
    let status = res.status().as_u16();
    let csp = res.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    (status, csp, res.text().await.expect("html"))
}

/// The part of the page after its style sheet, without the QR code's image data (random
/// letters that could hold any short word).
fn body(html: &str) -> String {
    let page = &html[html.find("<body").expect("a body")..];
    let Some(start) = page.find("base64,") else { return page.to_owned() };
    let end = start + page[start..].find('"').expect("the end of the image");
    format!("{}{}", &page[..start], &page[end..])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_notice_lists_the_flagged_targets_measures_once_published_and_nothing_else() {
    // Arrange: a closed round, a link made before publication, a ledger on wjw's flag.
    let app = spawn_app().await;
    let id = closed_with_opinions(&app).await;
    let token = make_link(&app, id).await;
    assert_eq!(token.len(), 32, "an unguessable token: {token}");
    let duda = member(&app, "duda", Role::Steering).await;
    crate::helpers::steering::group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    let (flag, _) = flag_of(&app, id, "wjw").await;

    // Before publication the page is there but lists nothing.
    let (status, _, html) = read(&token, &app, "zh-CN").await;
    assert_eq!(status, 200);
    assert!(html.contains(r#"data-testid="not-published""#) && html.contains("本轮测评结果尚未发布"), "{html}");
    assert!(!html.contains("区卫生健康局领导班子"), "no flagged target before publication");

    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let res = post(&duda, &app, &format!("/flags/{flag}/problems"), &json!({"title": "门诊排队时间长", "source": "opinion"})).await;
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("problem id");
    let deadline = (app::ssr::ledger::today() + time::Duration::days(30)).to_string();
    let res = post(
        &duda,
        &app,
        &format!("/problems/{problem}/measures"),
        &json!({"text": "推行分时段预约就诊", "owner": "医政科 李科长", "deadline": deadline}),
    )
    .await;
    let measure = res.json::<Value>().await.expect("json")["problems"][0]["measures"][0]["id"].as_i64().expect("measure id");
    let res = duda
        .patch(format!("{}/api/v1/measures/{measure}", app.address))
        .json(&json!({"status": "doing", "evidence": "内部会议纪要第七号"}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);

    // Act
    let (status, csp, html) = read(&token, &app, "zh-CN").await;

    // Assert: the flagged target, its problem and measure with owner, deadline, status.
    assert_eq!(status, 200);
    assert!(csp.starts_with("default-src 'none'") && !csp.contains("script-src"), "no script at all: {csp}");
    let page = body(&html);
    assert_eq!(page.matches(r#"data-testid="notice-target""#).count(), 1, "one flagged target: {page}");
    for shown in
        ["整改情况公示", "区卫生健康局领导班子", "门诊排队时间长", "推行分时段预约就诊", "医政科 李科长", deadline.as_str(), "整改中"]
    {
        assert!(page.contains(shown), "the notice shows {shown:?}: {page}");
    }
    assert!(html.contains("data:image/png;base64,iVBOR"), "a QR code of the page for the notice board");
    assert!(!page.contains("<script"), "works without JavaScript because it has none");
    // And nothing else: no unflagged target, opinion, evidence, author or number.
    for hidden in ["区教育局领导班子", "张建国", OPINIONS[0], OPINIONS[1], "内部会议纪要第七号", "duda", "zuzhibu", "%"]
    {
        assert!(!page.contains(hidden), "the notice must not show {hidden:?}");
    }
    let (_, _, en) = read(&token, &app, "en").await;
    assert!(en.contains("Public notice of rectification") && en.contains("In progress"), "English too");
    assert!(!captured_logs().contains(&token), "the token never reaches the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_or_replaced_public_link_answers_404_and_says_so_and_both_moves_are_audited() {
    let app = spawn_app().await;
    let id = closed_with_opinions(&app).await;
    let first = make_link(&app, id).await;
    let second = make_link(&app, id).await;
    assert_ne!(first, second);
    let (status, _, html) = read(&first, &app, "zh-CN").await;
    assert_eq!(status, 404, "making a new link ends the old one");
    assert!(html.contains("此公示链接不存在或已被撤回。"), "{html}");
    assert_eq!(read(&second, &app, "zh-CN").await.0, 200);

    let res = app.client.delete(format!("{}/api/v1/rounds/{id}/public-link", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 204);
    let (status, _, html) = read(&second, &app, "en").await;
    assert_eq!(status, 404);
    assert!(html.contains("The public link does not exist or has been withdrawn."));
    assert_eq!(read("not-a-token", &app, "zh-CN").await.0, 404);
    let res = app.client.post(format!("{}/api/v1/rounds/999999/public-link", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 404, "no such round");

    let actions: Vec<String> = {
        use app::ssr::db::entities::audit_entry;
        use sea_orm::EntityTrait;
        audit_entry::Entity::find().all(&app.db).await.expect("audit").into_iter().map(|e| e.action).collect()
    };
    assert_eq!(actions.iter().filter(|a| *a == "public_link.create").count(), 2);
    assert_eq!(actions.iter().filter(|a| *a == "public_link.withdraw").count(), 1);
    assert_eq!(app.count("round_links").await, 0, "nothing of the link is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_round_page_makes_shows_and_withdraws_the_public_link_with_plain_forms() {
    let app = spawn_app().await;
    let id = closed_with_opinions(&app).await;
    let post = |action: &'static str| {
        let c = app.client.clone();
        let url = format!("{}/rounds/{id}/public-link", app.address);
        async move { c.post(url).header("accept", "text/html").form(&[("action", action)]).send().await.expect("request") }
    };
    let res = post("make").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/rounds/{id}?notice=1"));
    let html = app.get(&format!("/rounds/{id}?notice=1")).await.text().await.expect("html");
    assert!(html.contains("公示链接已生成。"), "the notice");
    let token = {
        use app::ssr::db::entities::round_link;
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        round_link::Entity::find().filter(round_link::Column::Kind.eq("public")).one(&app.db).await.expect("query").expect("a link").token
    };
    assert!(html.contains(&format!(r#"href="/public/{token}""#)), "the page links the notice");
    assert_eq!(post("withdraw").await.status(), 303);
    let html = app.get(&format!("/rounds/{id}?notice=1")).await.text().await.expect("html");
    assert!(html.contains("公示链接已撤回。") && html.contains("尚无公示链接。"));
    assert_eq!(app.count("round_links").await, 0);
}
