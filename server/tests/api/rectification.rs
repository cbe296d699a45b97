//! Rectification beyond the ledger's API (RULES.md E2, E1): the flag page's ledger forms
//! for admins and steering members, the round's ledger as XLSX read back, re-evaluation
//! that asks for confirmation while measures are open, the child round's results showing
//! the ledger beside the before/after numbers, and the opinions export.

use crate::helpers::ballots::{cast, issue};
use crate::helpers::steering::{closed_round_with_wjw_flagged, flag_of, get, group, member, post};
use crate::helpers::{error_of, spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

fn in_days(days: i64) -> String {
    (app::ssr::ledger::today() + time::Duration::days(days)).to_string()
}

/// A published round with wjw flagged, followed by `duda` (jyj by `dudb`), and wjw's
/// ledger: 窗口办事慢 with two measures (the first done with evidence) and 作风漂浮 with
/// none. Returns (round, flag, duda, dudb).
async fn with_ledger(app: &TestApp) -> (i64, i64, reqwest::Client, reqwest::Client) {
    let id = closed_round_with_wjw_flagged(app).await;
    let duda = member(app, "duda", Role::Steering).await;
    let dudb = member(app, "dudb", Role::Steering).await;
    group(app, "第一督导组", &["duda"], &["wjw"]).await;
    group(app, "第二督导组", &["dudb"], &["jyj"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let (flag, _) = flag_of(app, id, "wjw").await;
    let res = post(&duda, app, &format!("/flags/{flag}/problems"), &json!({"title": "窗口办事慢", "source": "opinion"})).await;
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("id");
    for (text, owner) in [("推行一窗通办", "局办公室 王主任"), ("公开办事指南", "政务科 李科长")] {
        let body = json!({"text": text, "owner": owner, "deadline": in_days(20)});
        assert_eq!(post(&duda, app, &format!("/problems/{problem}/measures"), &body).await.status(), 201);
    }
    assert_eq!(
        post(&duda, app, &format!("/flags/{flag}/problems"), &json!({"title": "作风漂浮", "source": "finding"})).await.status(),
        201
    );
    let ledger: Value = get(&duda, app, &format!("/flags/{flag}/problems")).await.json().await.expect("json");
    let first = ledger["problems"][0]["measures"][0]["id"].as_i64().expect("id");
    let res = duda
        .patch(format!("{}/api/v1/measures/{first}", app.address))
        .json(&json!({"status": "done", "evidence": "办结时限由5天缩短为2天"}))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    (id, flag, duda, dudb)
}

/// The rows of the ledger workbook's sheet, as text.
async fn ledger_rows(c: &reqwest::Client, app: &TestApp, id: i64) -> Vec<Vec<String>> {
    let res = get(c, app, &format!("/rounds/{id}/ledger.xlsx")).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("bytes").to_vec();
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
    let range = book.worksheet_range("整改台账").expect("the sheet");
    range.rows().map(|r| r.iter().map(ToString::to_string).collect()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_rounds_ledger_exports_to_xlsx_one_row_per_measure_for_the_admin_and_the_targets_members() {
    // Arrange
    let app = spawn_app().await;
    let (id, flag, duda, dudb) = with_ledger(&app).await;
    let flagged_on = app::ssr::ledger::today().to_string();
    let results: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    let wjw = results["targets"].as_array().expect("targets").iter().find(|t| t["key"] == "wjw").expect("wjw").clone();
    assert_eq!((wjw["flag"].as_str(), wjw["flag_id"].as_i64()), (Some("flagged"), Some(flag)), "results name the flag's id");

    // Act
    let rows = ledger_rows(&app.client, &app, id).await;

    // Assert: a title, the headings, one row per measure and one for the bare problem.
    assert!(!rows[0][0].is_empty(), "the round's title heads the sheet");
    assert_eq!(
        rows[1],
        ["测评对象", "标记日期", "状态", "问题", "来源", "整改措施", "责任人", "完成时限", "进展", "更新日期", "已超期", "佐证材料"]
    );
    let name = "区卫生健康局领导班子";
    let expect = |cells: [&str; 12]| cells.map(String::from).to_vec();
    assert_eq!(rows.len(), 5, "{rows:?}");
    let (on, due) = (flagged_on.as_str(), in_days(20));
    assert_eq!(
        rows[2],
        expect([
            name,
            on,
            "需补课",
            "窗口办事慢",
            "群众意见",
            "推行一窗通办",
            "局办公室 王主任",
            &due,
            "已完成",
            on,
            "",
            "办结时限由5天缩短为2天"
        ])
    );
    assert_eq!(
        rows[3],
        expect([name, on, "需补课", "窗口办事慢", "群众意见", "公开办事指南", "政务科 李科长", &due, "未开始", on, "", ""])
    );
    assert_eq!(rows[4], expect([name, on, "需补课", "作风漂浮", "督导组发现", "", "", "", "", "", "", ""]));
    assert_eq!(ledger_rows(&duda, &app, id).await, rows, "the target's steering member gets the same");
    assert_eq!(ledger_rows(&dudb, &app, id).await.len(), 2, "another group's member gets none of it");
    let viewer = member(&app, "guancha", Role::Viewer).await;
    assert_eq!(get(&viewer, &app, &format!("/rounds/{id}/ledger.xlsx")).await.status(), 404);
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    let exports = log["entries"].as_array().expect("entries").iter().filter(|e| e["action"] == "ledger.export").count();
    assert_eq!(exports, 3, "every export is audited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn re_evaluating_a_target_whose_measures_are_open_asks_for_confirmation_and_says_how_many() {
    // Arrange: one of wjw's two measures is not done.
    let app = spawn_app().await;
    let (id, flag, duda, _) = with_ledger(&app).await;
    let rounds_before = app.count("rounds").await;

    // Act / Assert: refused without confirmation, saying how many; nothing created.
    let res = post(&duda, &app, &format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 409);
    let (code, message) = error_of(res).await;
    assert_eq!(code, "measures_open");
    assert!(message.contains("尚有 1 项措施未完成"), "{message}");
    assert_eq!(app.count("rounds").await, rounds_before, "nothing was created");
    assert_eq!(flag_of(&app, id, "wjw").await.1, "flagged");
    // The flag page says it too, with the box that confirms.
    let html = page(&duda, &app, &format!("/flags/{flag}")).await;
    assert!(html.contains("整改台账中尚有 1 项措施未完成。") && html.contains(r#"name="confirm""#), "{html}");
    // The form without the box goes back with the sentence; with it, the child is made.
    let form = |confirm: &'static str| {
        let c = duda.clone();
        let url = format!("{}/rounds/{id}/reevaluate", app.address);
        let from = format!("/flags/{flag}");
        async move {
            c.post(url)
                .header("accept", "text/html")
                .form(&[("target", "wjw"), ("from", from.as_str()), ("confirm", confirm)])
                .send()
                .await
                .expect("request")
        }
    };
    let res = form("").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/flags/{flag}?error=1"));
    assert_eq!(app.count("rounds").await, rounds_before);
    assert_eq!(form("yes").await.status(), 303);
    assert_eq!(app.count("rounds").await, rounds_before + 1, "confirmed: the child round");
    assert_eq!(flag_of(&app, id, "wjw").await.1, "rectifying");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_child_rounds_results_show_each_reevaluated_targets_ledger_beside_before_and_after() {
    // Arrange: re-evaluated (confirmed) and the child closed, 4 of 5 satisfied.
    let app = spawn_app().await;
    let (id, _, duda, _) = with_ledger(&app).await;
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"], "confirm": true})).await;
    assert_eq!(res.status(), 201);
    let cid = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let codes = issue(&app, cid, json!({"category": "masses", "count": 5})).await;
    assert_eq!(app.post_json(&format!("/rounds/{cid}/open"), &json!({})).await.status(), 200);
    for (i, code) in codes.iter().enumerate() {
        let opt = if i == 0 { "dissatisfied" } else { "satisfied" };
        assert_eq!(
            cast(&app, &json!({"code": code, "answers": [{"target": "wjw", "item": "overall", "option": opt}]})).await.status(),
            201
        );
    }
    assert_eq!(app.post_json(&format!("/rounds/{cid}/close"), &json!({})).await.status(), 200);
    assert_eq!(app.post_json(&format!("/rounds/{cid}/publish"), &json!({})).await.status(), 200);

    // Act
    let admin = page(&app.client, &app, &format!("/rounds/{cid}/results")).await;
    let steering = page(&duda, &app, &format!("/rounds/{cid}/results")).await;
    let report = page(&app.client, &app, &format!("/rounds/{cid}/report")).await;

    // Assert: the comparison, then the parent's ledger with measures and status.
    for html in [&admin, &steering, &report] {
        let comparison = html.find(r#"data-testid="comparison""#).expect("the before/after comparison");
        let ledgers = html.find(r#"data-testid="ledgers""#).expect("the ledgers");
        assert!(comparison < ledgers, "the ledger stands beside the numbers");
        let section = &html[ledgers..];
        for shown in ["整改台账", "推行一窗通办", "已完成", "公开办事指南", "未开始", "作风漂浮", "已通过"] {
            assert!(section.contains(shown), "{shown:?} in {section}");
        }
    }
    assert!(admin.contains(&format!("/api/v1/rounds/{cid}/ledger.xlsx")), "the page offers the export");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_flag_pages_ledger_forms_record_a_picked_opinion_a_measure_and_a_status_for_admin_and_steering() {
    // Arrange: a round whose ballots carry opinions; wjw flagged and followed by duda.
    let app = spawn_app().await;
    let (id, codes) = crate::helpers::ballots::open_round_with_codes(&app, 6).await;
    for (i, code) in codes.iter().enumerate() {
        let wjw = if i < 4 { "dissatisfied" } else { "satisfied" };
        let body = json!({"code": code, "opinion": format!("挂号窗口排队太久{i}"), "answers": [
            {"target": "jyj", "item": "overall", "option": "satisfied"},
            {"target": "wjw", "item": "overall", "option": wjw},
            {"target": "jyj-zhang", "item": "overall", "option": "satisfied"}
        ]});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    let dudb = member(&app, "dudb", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    group(&app, "第二督导组", &["dudb"], &["jyj"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let (flag, _) = flag_of(&app, id, "wjw").await;
    let form = |c: &reqwest::Client, path: String, fields: Vec<(&'static str, String)>| {
        let (c, url) = (c.clone(), format!("{}{path}", app.address));
        async move { c.post(url).header("accept", "text/html").form(&fields).send().await.expect("request") }
    };

    // Act: the page offers the opinions to pick from; the admin picks one.
    let html = page(&app.client, &app, &format!("/flags/{flag}")).await;
    assert!(html.contains(r#"data-testid="problem-form""#) && html.contains("挂号窗口排队太久3"), "the picker lists the opinions");
    let fields = vec![("title", String::new()), ("opinion", "挂号窗口排队太久3".to_owned()), ("source", "finding".to_owned())];
    let res = form(&app.client, format!("/flags/{flag}/problems"), fields).await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], format!("/flags/{flag}?saved=1"));
    let ledger: Value = app.get_api(&format!("/flags/{flag}/problems")).await.json().await.expect("json");
    assert_eq!(
        (ledger["problems"][0]["title"].as_str(), ledger["problems"][0]["source"].as_str()),
        (Some("挂号窗口排队太久3"), Some("opinion"))
    );
    let problem = ledger["problems"][0]["id"].as_i64().expect("id");

    // duda adds a measure and sets it in progress through the page's forms.
    let back = format!("/flags/{flag}");
    let fields =
        vec![("text", "推行分时段预约".to_owned()), ("owner", "医政科".to_owned()), ("deadline", in_days(30)), ("from", back.clone())];
    let res = form(&duda, format!("/problems/{problem}/measures"), fields).await;
    assert_eq!(res.headers()["location"], format!("/flags/{flag}?saved=1"));
    let ledger: Value = app.get_api(&format!("/flags/{flag}/problems")).await.json().await.expect("json");
    let measure = ledger["problems"][0]["measures"][0]["id"].as_i64().expect("id");
    let fields = vec![("status", "doing".to_owned()), ("evidence", "已开通线上预约".to_owned()), ("from", back.clone())];
    assert_eq!(form(&duda, format!("/measures/{measure}/status"), fields).await.headers()["location"], format!("/flags/{flag}?saved=1"));
    // A bad deadline goes back with the sentence and stores nothing.
    let fields = vec![("text", "x".to_owned()), ("owner", "y".to_owned()), ("deadline", in_days(-1)), ("from", back.clone())];
    assert_eq!(form(&duda, format!("/problems/{problem}/measures"), fields).await.headers()["location"], format!("/flags/{flag}?error=1"));

    // Assert: the page shows the ledger to both; another group's member sees no flag.
    let mine = page(&duda, &app, &format!("/flags/{flag}")).await;
    let section = &mine[mine.find(r#"data-testid="ledger""#).expect("the ledger table")..];
    assert!(section.contains("推行分时段预约") && section.contains("整改中") && section.contains("已开通线上预约"), "{section}");
    let ledger: Value = app.get_api(&format!("/flags/{flag}/problems")).await.json().await.expect("json");
    assert_eq!(ledger["problems"][0]["measures"].as_array().map(Vec::len), Some(1), "the refused measure was not stored");
    let other = page(&dudb, &app, &format!("/flags/{flag}")).await;
    assert!(!other.contains("推行分时段预约") && !other.contains("挂号窗口排队太久"), "another group's member sees nothing of it");
    assert!(other.contains("页面不存在"), "{other}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opinions_export_shuffled_as_csv_and_xlsx_for_the_admin_and_per_assigned_target_for_steering() {
    // Arrange: 6 opinions on a round of jyj, wjw and jyj's cadre — the last two on codes
    // that cover jyj only, so they are not about wjw, which duda follows.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = crate::helpers::rounds::create_round(&app, "意见导出").await;
    let mut codes = issue(&app, id, json!({"category": "masses", "count": 4})).await;
    codes.extend(issue(&app, id, json!({"category": "masses", "count": 2, "targets": ["jyj"]})).await);
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    let opinions: Vec<String> = (0..6).map(|i| format!("意见第{i}条")).collect();
    for (i, code) in codes.iter().enumerate() {
        let answers = if i < 4 {
            json!([
                {"target": "jyj", "item": "overall", "option": "satisfied"},
                {"target": "wjw", "item": "overall", "option": "satisfied"},
                {"target": "jyj-zhang", "item": "overall", "option": "satisfied"}
            ])
        } else {
            json!([{"target": "jyj", "item": "overall", "option": "satisfied"}])
        };
        let body = json!({"code": code, "opinion": opinions[i], "answers": answers});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    let res = get(&app.client, &app, &format!("/rounds/{id}/opinions.csv")).await;
    assert_eq!(res.status(), 409, "not before the round is closed");
    assert_eq!(error_of(res).await.0, "round_not_closed");
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    assert_eq!(get(&duda, &app, &format!("/rounds/{id}/opinions.csv")).await.status(), 403, "steering: once published");

    // Act
    let res = get(&app.client, &app, &format!("/rounds/{id}/opinions.csv")).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("bytes");
    let text = String::from_utf8(bytes.to_vec()).expect("UTF-8");

    // Assert: every opinion once, under a heading, with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark for Excel");
    let mut lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.remove(0), "意见建议,类别");
    let mut got: Vec<String> = lines.iter().map(|l| l.split(',').next().unwrap_or_default().to_owned()).collect();
    got.sort();
    assert_eq!(got, opinions, "each opinion exactly once");
    // The XLSX holds the same; the order differs between exports (shuffled): over 8
    // exports of 6 opinions, all in storage order has odds of (1/720)^8.
    let xlsx = |c: reqwest::Client| {
        let url = format!("{}/api/v1/rounds/{id}/opinions.xlsx", app.address);
        async move {
            let bytes = c.get(url).send().await.expect("request").bytes().await.expect("bytes").to_vec();
            use calamine::Reader;
            let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).expect("an XLSX file");
            let range = book.worksheet_range("意见建议").expect("the sheet");
            range.rows().skip(1).map(|r| r[0].to_string()).collect::<Vec<String>>()
        }
    };
    let mut orders = Vec::new();
    for _ in 0..8 {
        orders.push(xlsx(app.client.clone()).await);
    }
    assert!(orders.iter().any(|o| *o != opinions), "shuffled");
    let mut sorted = orders[0].clone();
    sorted.sort();
    assert_eq!(sorted, opinions);
    // Published: duda gets the opinions of ballots that rated wjw only.
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let mut mine = xlsx(duda.clone()).await;
    mine.sort();
    assert_eq!(mine, opinions[..4].to_vec(), "the opinions about the assigned target");
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    let exports = log["entries"].as_array().expect("entries").iter().filter(|e| e["action"] == "opinions.export").count();
    assert_eq!(exports, 10, "every export is audited");
}

async fn page(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    c.get(format!("{}{path}", app.address)).header("accept", "text/html").send().await.expect("page").text().await.expect("html")
}
