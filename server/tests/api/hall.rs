//! The hall screen (DOMAIN.md "Paper ballots and the hall"): an admin's withdrawable link
//! with an unguessable token, counts per category and unit that move only in steps of 5
//! ballots (checked against an independent count of the used codes), never an answer, no
//! account needed, and nothing of the token in the logs.

use crate::helpers::ballots::cast;
use crate::helpers::{captured_logs, client, error_of, spawn_app, TestApp};
use crate::units::{codes_of, draft, plan, sheet_of};
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

/// An open round of two units with 5 codes for 甲局's masses, 2 for its clients and 3 for
/// 乙局's masses.
async fn campaign(app: &TestApp) -> (i64, Vec<Vec<String>>) {
    let id = draft(app).await;
    let lines = json!([
        {"unit": "jia", "category": "masses", "count": 5},
        {"unit": "jia", "category": "clients", "count": 2},
        {"unit": "yi", "category": "masses", "count": 3}
    ]);
    let res = plan(app, id, lines).await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.expect("json");
    let batches = body["batches"].as_array().expect("batches").iter().map(codes_of).collect();
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    (id, batches)
}

async fn make_link(app: &TestApp, id: i64) -> String {
    let res = app.post_json(&format!("/rounds/{id}/hall-link"), &json!({})).await;
    assert_eq!(res.status(), 201);
    let url = res.json::<Value>().await.expect("json")["url"].as_str().expect("url").to_owned();
    url.rsplit('/').next().expect("token").to_owned()
}

/// Used codes per (unit, category key), counted straight from the table.
async fn used(app: &TestApp, unit: &str, category: &str) -> u64 {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM codes JOIN round_categories ON round_categories.id = codes.category_id \
         WHERE codes.state = 'used' AND codes.unit = '{unit}' AND round_categories.key = '{category}'"
    );
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql)).await.expect("query").expect("row");
    u64::try_from(row.try_get::<i64>("", "n").expect("n")).expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hall_screen_shows_counts_per_category_and_unit_only_in_steps_of_five_without_an_account() {
    let app = spawn_app().await;
    let (id, batches) = campaign(&app).await;
    let token = make_link(&app, id).await;
    assert_eq!(token.len(), 32, "an unguessable token: {token}");
    let (jia_masses, jia_clients, yi_masses) = (&batches[0], &batches[1], &batches[2]);
    for code in jia_masses.iter().take(4).chain(jia_clients).chain(yi_masses.iter().take(1)) {
        assert_eq!(cast(&app, &sheet_of(if yi_masses.contains(code) { "yi" } else { "jia" }, code)).await.status(), 201);
    }
    let step = |n: u64| n - n % 5;
    let hall = client(); // no session at all
    let res = hall.get(format!("{}/api/v1/hall/{token}", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 200);
    let got: Value = res.json().await.expect("json");
    let (jm, jc, ym) = (used(&app, "jia", "masses").await, used(&app, "jia", "clients").await, used(&app, "yi", "masses").await);
    assert_eq!((jm, jc, ym), (4, 2, 1), "the independent count");
    assert_eq!(got["title"], "两个单位");
    assert_eq!(got["status"], "open");
    assert_eq!(got["ballots"], step(jm + jc + ym), "7 ballots show as 5: {got}");
    assert_eq!(got["categories"], json!({"masses": step(jm + ym), "clients": step(jc)}));
    assert_eq!(got["units"], json!({"jia": step(jm + jc), "yi": step(ym)}));

    // One more ballot of 甲局's masses completes a step of the masses (4 + 1 = 5) and of
    // 甲局 (6 + 1 = 7: still 5), and nothing else moves.
    assert_eq!(cast(&app, &sheet_of("jia", &jia_masses[4])).await.status(), 201);
    let got: Value = hall.get(format!("{}/api/v1/hall/{token}", app.address)).send().await.expect("request").json().await.expect("json");
    assert_eq!(got["categories"], json!({"masses": 5, "clients": 0}));
    assert_eq!(got["units"], json!({"jia": 5, "yi": 0}));

    // The page: the round, a QR code of /v, the numbers; no option of any scale.
    let res = hall.get(format!("{}/hall/{token}", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 200);
    let csp = res.headers()["content-security-policy"].to_str().expect("csp").to_owned();
    assert!(csp.starts_with("default-src 'none'; script-src 'nonce-"), "{csp}");
    let html = res.text().await.expect("html");
    assert!(html.contains("两个单位") && html.contains("data:image/png;base64,"));
    assert!(html.contains(r#"data-total>5</p>"#), "{html}");
    assert!(html.contains(r#"data-unit="jia">5<"#) && html.contains(r#"data-unit="yi">0<"#));
    assert!(html.contains(&format!("{}/v</p>", app.address)), "the QR code's address is printed under it");
    assert!(html.contains(r#"<noscript><meta http-equiv="refresh""#), "without JavaScript it reloads on a timer");
    for answer in ["不称职", "称职", "较好", "一般"] {
        assert!(!html.contains(answer), "no answer on the screen: {answer}");
    }
    assert!(!captured_logs().contains(&token), "the token never reaches the log");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_or_replaced_hall_link_stops_working_at_once_and_says_so() {
    let app = spawn_app().await;
    let (id, _) = campaign(&app).await;
    let first = make_link(&app, id).await;
    let second = make_link(&app, id).await;
    assert_ne!(first, second);
    let hall = client();
    let get = |token: String| {
        let hall = hall.clone();
        let url = format!("{}/api/v1/hall/{token}", app.address);
        async move { hall.get(url).header("accept-language", "zh-CN").send().await.expect("request") }
    };
    let res = get(first.clone()).await;
    assert_eq!(res.status(), 404, "making a new link ends the old one");
    assert_eq!(error_of(res).await, ("hall_link_gone".to_owned(), "此大屏链接不存在或已被撤回。".to_owned()));
    assert_eq!(get(second.clone()).await.status(), 200);

    let res = app.client.delete(format!("{}/api/v1/rounds/{id}/hall-link", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 204);
    assert_eq!(get(second.clone()).await.status(), 404);
    let page = hall.get(format!("{}/hall/{second}", app.address)).header("accept-language", "en").send().await.expect("request");
    assert_eq!(page.status(), 404);
    assert!(page.text().await.expect("html").contains("The hall link does not exist or has been withdrawn."));

    let actions: Vec<String> = {
        use app::ssr::db::entities::audit_entry;
        use sea_orm::EntityTrait;
        audit_entry::Entity::find().all(&app.db).await.expect("audit").into_iter().map(|e| e.action).collect()
    };
    assert_eq!(actions.iter().filter(|a| *a == "hall_link.create").count(), 2);
    assert_eq!(actions.iter().filter(|a| *a == "hall_link.withdraw").count(), 1);
    assert_eq!(app.count("round_links").await, 0, "nothing of the link is kept");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_round_page_makes_shows_and_withdraws_the_hall_link_with_plain_forms() {
    let app = spawn_app().await;
    let (id, _) = campaign(&app).await;
    let post = |action: &'static str| {
        let c = app.client.clone();
        let url = format!("{}/rounds/{id}/hall-link", app.address);
        async move { c.post(url).header("accept", "text/html").form(&[("action", action)]).send().await.expect("request") }
    };
    let res = post("make").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/rounds/{id}?notice=1"));
    let html = app.get(&format!("/rounds/{id}?notice=1")).await.text().await.expect("html");
    assert!(html.contains("大屏链接已生成。"), "the notice");
    let token = {
        use app::ssr::db::entities::round_link;
        use sea_orm::EntityTrait;
        round_link::Entity::find().one(&app.db).await.expect("query").expect("a link").token
    };
    assert!(html.contains(&format!(r#"href="/hall/{token}""#)), "the page links the screen");
    assert_eq!(post("withdraw").await.status(), 303);
    let html = app.get(&format!("/rounds/{id}?notice=1")).await.text().await.expect("html");
    assert!(html.contains("大屏链接已撤回。") && html.contains("尚无大屏链接。"));
    assert_eq!(app.count("round_links").await, 0);
}
