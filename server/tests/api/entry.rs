//! The clerk's entry of paper sheets as a browser without JavaScript sees it (DOMAIN.md
//! "Paper ballots and the hall"): `/entry` takes the code, `/entry/<code>` is the sheet,
//! every submission is reviewed in full, the confirmed one is stored like a phone's and
//! counted as paper, and a sheet already cast (by phone or before) is refused clearly.

use crate::helpers::ballots::cast;
use crate::helpers::{client, spawn_app, TestApp};
use crate::units::{codes_of, draft, plan, sheet_of};
use app::domain::account::Role;
use serde_json::{json, Value};

async fn post_form(app: &TestApp, path: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.client.post(format!("{}{path}", app.address)).header("accept", "text/html").form(fields).send().await.expect("request")
}

/// An open two-unit round with three codes of 甲局's masses.
async fn round(app: &TestApp) -> (i64, Vec<String>) {
    let id = draft(app).await;
    let res = plan(app, id, json!([{"unit": "jia", "category": "masses", "count": 3}])).await;
    assert_eq!(res.status(), 201);
    let codes = codes_of(&res.json::<Value>().await.expect("json")["batches"][0]);
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    (id, codes)
}

async fn paper_counted(app: &TestApp) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let sql = "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM paper_counts";
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql.to_owned())).await.expect("query").expect("row");
    row.try_get("", "n").expect("n")
}

const SHEET: [(&str, &str); 4] = [
    ("a:jia:body_overall", "good"),
    ("a:jia-01:cadre_overall", "competent"),
    ("a:jia-02:cadre_overall", "incompetent"),
    ("a:jia-02:virtue", "basic"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_enters_a_paper_sheet_without_javascript_through_a_full_review_and_only_once() {
    let app = spawn_app().await;
    let (_, codes) = round(&app).await;
    app.sign_in_as("luru", Role::Clerk).await;
    let home = app.get("/").await.text().await.expect("html");
    assert!(home.contains(r#"href="/entry""#), "the clerk's home leads to entry");
    let page = app.get("/entry").await.text().await.expect("html");
    assert!(page.contains(r#"action="/entry""#) && page.contains("录入纸质测评表"));

    // The typed code, in any case and spacing, opens its sheet.
    let res = post_form(&app, "/entry", &[("code", &codes[0].to_lowercase().replace('-', " "))]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/entry/{}", codes[0]).as_str());
    assert_eq!(post_form(&app, "/entry", &[("code", "abc")]).await.headers()["location"], "/entry?error=malformed");
    let path = format!("/entry/{}", codes[0]);
    let html = app.get(&path).await.text().await.expect("html");
    assert!(html.contains(&format!(r#"action="{path}""#)), "the sheet posts to the entry path");
    assert!(html.contains(r#"data-testid="keys-help""#) && html.contains(r#"data-row="0""#));
    assert!(html.contains(r#"<span class="sr-only">王伟：</span>"#), "each item's radio group is named with its target");

    // Complete and valid, but not confirmed: the whole sheet to check against the paper.
    let res = post_form(&app, &path, &SHEET).await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains("请与纸质表逐项核对") && html.contains(r#"data-testid="full-review""#), "{html}");
    assert!(html.contains(r#"data-answer="jia-02:cadre_overall"><strong>不称职</strong>"#), "{html}");
    assert!(html.contains(r#"data-answer="jia-01:virtue"><span class="muted">（未填）</span>"#), "{html}");
    assert_eq!(app.count("ballots").await, 0, "nothing before the confirmation");

    // Confirmed: entered, stored like a phone's ballot, counted as paper.
    let mut confirmed = SHEET.to_vec();
    confirmed.push(("confirm", "1"));
    let html = post_form(&app, &path, &confirmed).await.text().await.expect("html");
    assert!(html.contains(r#"data-testid="entered-card""#) && html.contains("录入下一张"), "{html}");
    assert_eq!((app.count("ballots").await, paper_counted(&app).await), (1, 1));

    // The same sheet again, and a sheet already cast by phone: refused, nothing stored.
    assert_eq!(cast(&app, &sheet_of("jia", &codes[1])).await.status(), 201);
    for code in [&codes[0], &codes[1]] {
        let res = post_form(&app, &format!("/entry/{code}"), &confirmed).await;
        assert_eq!(res.status(), 409, "{code}");
        assert!(res.text().await.expect("html").contains("这张测评表的测评码已经使用过（已用手机提交，或已录入过），不能再录入。"));
    }
    assert_eq!((app.count("ballots").await, paper_counted(&app).await), (2, 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_clerks_and_admins_may_enter_paper_sheets_and_a_refused_post_stores_nothing() {
    let app = spawn_app().await;
    let (_, codes) = round(&app).await;
    let path = format!("/entry/{}", codes[0]);
    let mut confirmed = SHEET.to_vec();
    confirmed.push(("confirm", "1"));
    let anonymous = client();
    let res = anonymous.post(format!("{}{path}", app.address)).form(&confirmed).send().await.expect("request");
    assert_eq!(res.status(), 303);
    assert!(res.headers()["location"].to_str().expect("location").starts_with("/login"));
    let page = anonymous.get(format!("{}/entry", app.address)).send().await.expect("request").text().await.expect("html");
    assert!(!page.contains(r#"action="/entry""#), "a visitor gets no entry form");
    app.sign_in_as("duda", Role::Steering).await;
    let res = post_form(&app, &path, &confirmed).await;
    assert_eq!(res.status(), 303, "a steering member is not a clerk");
    let page = app.get(&path).await.text().await.expect("html");
    assert!(!page.contains(r#"name="a:jia:body_overall""#), "nor does a steering member see the sheet");
    assert_eq!(app.count("ballots").await, 0);
    assert_eq!(paper_counted(&app).await, 0);
}
