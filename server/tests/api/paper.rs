//! Paper ballots (DOMAIN.md "Paper ballots and the hall"): a clerk enters a paper sheet on
//! the phone's single-use path, with its errors and its storage; paper is counted beside
//! the ballots, never on them; the reconciliation sheet accounts for every issued code.

use crate::helpers::ballots::cast;
use crate::helpers::{spawn_app, TestApp};
use crate::units::{codes_of, draft, plan, sheet_of};
use app::domain::account::Role;
use sea_orm::{ConnectionTrait, Statement};
use serde_json::{json, Value};

async fn enter(app: &TestApp, id: i64, sheet: &Value) -> reqwest::Response {
    app.post_json(&format!("/rounds/{id}/paper-ballots"), sheet).await
}

async fn paper_total(app: &TestApp) -> i64 {
    let backend = app.db.get_database_backend();
    let row = app
        .db
        .query_one(Statement::from_string(backend, "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS n FROM paper_counts".to_owned()))
        .await
        .expect("query")
        .expect("row");
    row.try_get("", "n").expect("n")
}

/// An open round of two units with codes for 甲局 (masses 4, clients 2) and 乙局 (masses 3).
async fn campaign(app: &TestApp) -> (i64, Vec<Vec<String>>) {
    let id = draft(app).await;
    open_with_codes(app, id).await
}

async fn open_with_codes(app: &TestApp, id: i64) -> (i64, Vec<Vec<String>>) {
    let lines = json!([
        {"unit": "jia", "category": "masses", "count": 4},
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clerk_enters_a_paper_sheet_once_on_the_codes_single_use_path_and_paper_is_counted_beside_the_ballots() {
    let app = spawn_app().await;
    let (id, batches) = campaign(&app).await;
    let jia = &batches[0];
    assert_eq!(cast(&app, &sheet_of("jia", &jia[0])).await.status(), 201, "cast by phone");
    app.sign_in_as("luru", Role::Clerk).await;

    let res = enter(&app, id, &sheet_of("jia", &jia[1])).await;
    assert_eq!(res.status(), 201);
    let receipt: Value = res.json().await.expect("json");
    assert_eq!(receipt["receipt"].as_str().map(str::len), Some(11), "{receipt}");

    // A sheet already cast by phone, or entered before, is refused clearly.
    for used in [&jia[0], &jia[1]] {
        let res = enter(&app, id, &sheet_of("jia", used)).await;
        assert_eq!(res.status(), 409);
        let err: Value = res.json().await.expect("json");
        assert_eq!(err["error"]["code"], "code_used");
        assert_eq!(err["error"]["message"], "这张测评表的测评码已经使用过（已用手机提交，或已录入过），不能再录入。未保存任何内容。");
    }
    // The same checks as a phone: a wrong sheet names the problem; a wrong code is unknown.
    let res = enter(&app, id, &sheet_of("yi", &jia[2])).await;
    assert_eq!(res.status(), 422);
    assert_eq!(res.json::<Value>().await.expect("json")["error"]["code"], "invalid_ballot");
    let res = enter(&app, id, &json!({"code": "AAAA-BBBB-CCCC", "answers": []})).await;
    assert_eq!(res.status(), 404);

    // Two ballots stored alike: the rows do not say which came on paper; the counter does.
    assert_eq!(app.count("ballots").await, 2);
    assert_eq!(paper_total(&app).await, 1);
    let states: Vec<String> = {
        use sea_orm::EntityTrait;
        app::ssr::db::entities::code::Entity::find().all(&app.db).await.expect("codes").into_iter().map(|c| c.state).collect()
    };
    assert_eq!(states.iter().filter(|s| *s == "used").count(), 2, "the rejected attempts left nothing behind");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_of_another_round_is_refused_at_entry_and_nothing_is_stored() {
    let app = spawn_app().await;
    let (first, _) = campaign(&app).await;
    let res = app.post_json("/rounds", &crate::units::two_units()).await;
    let second = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let (_, other) = open_with_codes(&app, second).await;
    app.sign_in_as("luru", Role::Clerk).await;
    let res = enter(&app, first, &sheet_of("jia", &other[0][0])).await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.expect("json");
    assert_eq!(err["error"]["code"], "code_of_another_round");
    assert!(err["error"]["message"].as_str().expect("message").contains("不属于本轮测评"), "{err}");
    assert_eq!(app.count("ballots").await, 0);
    assert_eq!(paper_total(&app).await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reconciliation_sheet_accounts_for_every_issued_code_per_unit_and_category() {
    let app = spawn_app().await;
    let (id, batches) = campaign(&app).await;
    let (jia, yi) = (&batches[0], &batches[2]);
    assert_eq!(cast(&app, &sheet_of("jia", &jia[0])).await.status(), 201);
    assert_eq!(enter(&app, id, &sheet_of("jia", &jia[1])).await.status(), 201, "an admin may enter paper too");
    assert_eq!(enter(&app, id, &sheet_of("jia", &jia[2])).await.status(), 201);
    assert_eq!(cast(&app, &sheet_of("yi", &yi[0])).await.status(), 201);
    let res = app.post_json(&format!("/rounds/{id}/codes/revoke"), &json!({"codes": [yi[1].clone()]})).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());

    let res = app.get_api(&format!("/rounds/{id}/reconciliation")).await;
    assert_eq!(res.status(), 200);
    let sheet: Value = res.json().await.expect("json");
    let row = |unit: &str, category: &str| {
        sheet["rows"].as_array().expect("rows").iter().find(|r| r["unit"] == unit && r["category"] == category).cloned().expect("row")
    };
    let counts = |r: Value| (r["issued"].clone(), r["phone"].clone(), r["paper"].clone(), r["revoked"].clone(), r["unused"].clone());
    assert_eq!(counts(row("jia", "masses")), (json!(4), json!(1), json!(2), json!(0), json!(1)));
    assert_eq!(counts(row("jia", "clients")), (json!(2), json!(0), json!(0), json!(0), json!(2)));
    assert_eq!(counts(row("yi", "masses")), (json!(3), json!(1), json!(0), json!(1), json!(1)));
    let head = sheet["audit_head"].as_str().expect("head");
    assert!(head.len() == 64 && head.chars().all(|c| c.is_ascii_hexdigit()), "{head}");
    let newest: Value = app.get_api("/audit").await.json().await.expect("json");
    assert!(newest.to_string().contains(head), "the head is the newest audit entry's hash");

    // The printable sheet says the same, with the totals and the head.
    let html = app.get(&format!("/rounds/{id}/reconciliation")).await.text().await.expect("html");
    assert!(html.contains(r#"<tr data-unit="jia" data-category="masses"><td>甲局领导班子</td><td>群众代表</td><td class="n">4</td><td class="n">1</td><td class="n">2</td><td class="n">0</td><td class="n">1</td></tr>"#), "{html}");
    assert!(html.contains(r#"<tr data-total><th scope="row" colspan="2">合计</th><td class="n">9</td><td class="n">2</td><td class="n">2</td><td class="n">1</td><td class="n">4</td></tr>"#), "{html}");
    assert!(html.contains(&format!("<code data-audit-head>{head}</code>")));
    assert!(html.contains("@page { size: A4;"));

    // So does the workbook, read back.
    let res = app.get_api(&format!("/rounds/{id}/reconciliation.xlsx")).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("bytes").to_vec();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    let range = book.worksheet_range("测评票清点表").expect("the sheet");
    let rows: Vec<Vec<String>> = range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect();
    assert_eq!(rows[2], ["单位", "类别", "发放", "手机提交", "纸质录入", "已作废", "未使用"]);
    assert!(rows.contains(&["乙局领导班子", "群众代表", "3", "1", "0", "1", "1"].map(String::from).to_vec()), "{rows:?}");
    assert!(rows.contains(&["合计", "", "9", "2", "2", "1", "4"].map(String::from).to_vec()), "{rows:?}");
    assert!(rows.iter().any(|r| r[0] == "审计链头" && r[1] == head), "{rows:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_clerks_and_admins_enter_paper_and_a_clerk_sees_no_results() {
    let app = spawn_app().await;
    let (id, batches) = campaign(&app).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    for role in [Role::Steering, Role::Viewer] {
        app.sign_in_as(&format!("x-{}", role.as_str()), role).await;
        assert_eq!(enter(&app, id, &sheet_of("jia", &batches[0][0])).await.status(), 403, "{role}");
    }
    app.sign_in_as("luru", Role::Clerk).await;
    assert_eq!(app.get_api(&format!("/rounds/{id}/reconciliation")).await.status(), 403);
    assert_eq!(app.get_api(&format!("/rounds/{id}/results")).await.status(), 404);
    assert_eq!(app.get_api("/rounds").await.status(), 403, "a clerk lists no round");
    let anonymous = reqwest::Client::new().post(format!("{}/api/v1/rounds/{id}/paper-ballots", app.address)).json(&json!({})).send();
    assert_eq!(anonymous.await.expect("request").status(), 401);
}

/// The `<article>` of each paper sheet in `html`.
fn sheets(html: &str) -> Vec<&str> {
    html.split(r#"<article class="ballot""#).skip(1).map(|s| s.split("</article>").next().unwrap_or_default()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_printed_as_paper_gives_each_code_a_sheet_of_its_scope_with_a_box_per_option_of_each_kind() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let form = reqwest::multipart::Form::new().text("text", "jia,masses,2\nyi,masses,1").text("format", "paper");
    let res = app.client.post(format!("{}/rounds/{id}/codes/plan", app.address)).multipart(form).send().await.expect("request");
    assert_eq!(res.status(), 200);
    let html = res.text().await.expect("html");
    assert!(html.contains(r#"data-testid="cover""#) && html.contains("@page { size: A4;"));
    let sheets = sheets(&html);
    assert_eq!(sheets.len(), 3, "one sheet per code");
    let jia = sheets[0];
    // The code, as text and QR code of its ballot URL.
    let code = jia.split(r#"data-code=""#).nth(1).and_then(|s| s.split('"').next()).expect("code").to_owned();
    assert!(jia.contains(&format!(r#"<span class="c">{code}</span>"#)) && jia.contains("data:image/png;base64,"));
    // 甲局's body and its two cadres, each with its kind's items and a box per option.
    for key in ["jia", "jia-01", "jia-02"] {
        assert!(jia.contains(&format!(r#"data-target="{key}""#)), "{key}");
    }
    assert!(!jia.contains(r#"data-target="yi""#), "another unit's body is not on the sheet");
    assert!(jia.contains("<caption>王伟（局长）</caption>"));
    let table = |key: &str| jia.split(&format!(r#"data-target="{key}""#)).nth(1).and_then(|s| s.split("</table>").next()).expect("table");
    let (body, cadre) = (table("jia"), table("jia-01"));
    for label in ["好", "较好", "一般", "差", "不了解"] {
        assert!(body.contains(&format!(r#"class="opt">{label}</th>"#)), "{label}");
    }
    assert!(!body.contains("称职") && cadre.contains(r#"class="opt">基本称职</th>"#));
    assert!(body.contains("班子总体评价") && body.contains("工作实绩") && !body.contains(">德<"));
    assert!(cadre.contains("干部总体评价") && cadre.contains(">德<") && !cadre.contains("工作实绩"));
    assert_eq!(body.matches(r#"<span class="box"></span>"#).count(), 2 * 5, "2 items × 5 options");
    assert_eq!(cadre.matches(r#"<span class="box"></span>"#).count(), 2 * 5);
    assert!(jia.contains("必答") && jia.contains(r#"<div class="line"></div>"#), "overall marked, lines for the opinion");
    let yi = sheets[2];
    assert!(yi.contains(r#"data-target="yi-01""#) && !yi.contains(r#"data-target="jia""#));
    // The plain codes exist only here: the database keeps their hashes.
    assert_eq!(app.count("codes").await, 3);
    assert!(!html.contains("undefined"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_admin_opens_the_printable_reconciliation_sheet() {
    let app = spawn_app().await;
    let (id, _) = campaign(&app).await;
    let page = format!("/rounds/{id}/reconciliation");
    assert!(app.get(&page).await.text().await.expect("html").contains("<code data-audit-head>"));
    for role in [Role::Clerk, Role::Steering, Role::Viewer] {
        app.sign_in_as(&format!("r-{}", role.as_str()), role).await;
        let res = app.get(&page).await;
        assert_eq!(res.status(), 303, "{role}");
        assert!(res.headers()["location"].to_str().expect("location").starts_with("/login"), "{role}");
    }
    let anonymous = crate::helpers::client().get(format!("{}{page}", app.address)).send().await.expect("request");
    assert_eq!(anonymous.status(), 303);
}
