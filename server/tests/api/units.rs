//! Units (RULES.md C5, R5; DOMAIN "Results people look at"): codes issued per unit ×
//! category in one step and scoped to the unit, a lost sheet revoked (and reissued) as a
//! batch, turnout and its warning per unit, results filtered by unit and kind, and import
//! keys that follow the department's codes, not the row order.

use crate::helpers::ballots::cast;
use crate::helpers::{error_of, spawn_app, TestApp};
use crate::two_kinds::sheet_body;
use app::domain::account::Role;
use serde_json::{json, Value};

/// The sheet of `two_kinds` with a second unit, 乙局 and its cadre.
pub fn two_units() -> Value {
    let mut body = sheet_body("两个单位");
    let targets = body["targets"].as_array_mut().expect("targets");
    targets.push(json!({"key": "yi", "name": "乙局领导班子", "kind": "body"}));
    targets.push(json!({"key": "yi-01", "name": "王伟", "kind": "cadre", "parent": "yi", "position": "局长"}));
    body["categories"] = json!([{"key": "masses", "name": "群众代表", "weight": 1}, {"key": "clients", "name": "服务对象", "weight": 1}]);
    body
}

pub async fn draft(app: &TestApp) -> i64 {
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &two_units()).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    res.json::<Value>().await.expect("json")["id"].as_i64().expect("id")
}

pub async fn plan(app: &TestApp, id: i64, lines: Value) -> reqwest::Response {
    app.post_json(&format!("/rounds/{id}/codes/plan"), &json!({ "plan": lines })).await
}

pub fn codes_of(batch: &Value) -> Vec<String> {
    batch["codes"].as_array().expect("codes").iter().map(|c| c.as_str().expect("code").to_owned()).collect()
}

pub fn sheet_of(unit: &str, code: &str) -> Value {
    let (body, cadres): (&str, &[&str]) = if unit == "jia" { ("jia", &["jia-01", "jia-02"]) } else { ("yi", &["yi-01"]) };
    let mut answers = vec![json!({"target": body, "item": "body_overall", "option": "good"})];
    answers.extend(cadres.iter().map(|c| json!({"target": c, "item": "cadre_overall", "option": "competent"})));
    json!({"code": code, "answers": answers})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_issues_a_batch_per_unit_and_category_in_one_call_each_scoped_to_its_unit() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let res = plan(
        &app,
        id,
        json!([
            {"unit": "jia", "category": "masses", "count": 4},
            {"unit": "jia", "category": "clients", "count": 2},
            {"unit": "yi", "category": "masses", "count": 3}
        ]),
    )
    .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let body: Value = res.json().await.expect("json");
    let batches = body["batches"].as_array().expect("batches");
    let sizes: Vec<(&str, &str, usize)> =
        batches.iter().map(|b| (b["unit"].as_str().expect("u"), b["category"].as_str().expect("c"), codes_of(b).len())).collect();
    assert_eq!(sizes, [("jia", "masses", 4), ("jia", "clients", 2), ("yi", "masses", 3)]);
    let numbers: Vec<i64> = batches.iter().map(|b| b["batch"].as_i64().expect("n")).collect();
    assert_eq!(numbers.windows(2).filter(|w| w[0] < w[1]).count(), 2, "distinct, increasing batch numbers");
    assert_eq!(app.count("codes").await, 9);
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);

    // A code of 甲局 rates 甲局's body and cadres, and nothing of 乙局.
    let jia = codes_of(&batches[0]);
    let res = cast(&app, &sheet_of("yi", &jia[0])).await;
    assert_eq!(res.status(), 422);
    assert_eq!(cast(&app, &sheet_of("jia", &jia[0])).await.status(), 201);
    assert_eq!(cast(&app, &sheet_of("yi", &codes_of(&batches[2])[0])).await.status(), 201);

    // The summary counts per unit.
    let summary: Value = app.get_api(&format!("/rounds/{id}/codes/summary")).await.json().await.expect("json");
    assert_eq!(summary["units"]["jia"], json!({"issued": 6, "used": 1, "revoked": 0}));
    assert_eq!(summary["units"]["yi"], json!({"issued": 3, "used": 1, "revoked": 0}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_plan_names_every_wrong_line_and_issues_nothing() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let res = plan(
        &app,
        id,
        json!([
            {"unit": "jia-01", "category": "masses", "count": 4},
            {"unit": "jia", "category": "masses", "count": 2},
            {"unit": "jia", "category": "nobody", "count": 2},
            {"unit": "yi", "category": "masses", "count": 0},
            {"unit": "jia", "category": "masses", "count": 1}
        ]),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["error"]["code"], "invalid_plan");
    let fields: Vec<&str> = body["error"]["fields"].as_array().expect("fields").iter().map(|f| f["field"].as_str().expect("f")).collect();
    assert_eq!(fields, ["plan[0]", "plan[2]", "plan[3]", "plan[4]"]);
    assert!(body["error"]["message"].as_str().expect("m").contains("不是本轮的领导班子"));
    assert_eq!(app.count("codes").await, 0);
    let (code, _) = error_of(plan(&app, id, json!([])).await).await;
    assert_eq!(code, "invalid_plan");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_lost_sheet_is_revoked_as_a_batch_and_its_unused_codes_no_longer_open() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let body: Value =
        plan(&app, id, json!([{"unit": "jia", "category": "masses", "count": 3}, {"unit": "yi", "category": "masses", "count": 2}]))
            .await
            .json()
            .await
            .expect("json");
    let (lost, kept) = (&body["batches"][0], &body["batches"][1]);
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    let lost_codes = codes_of(lost);
    assert_eq!(cast(&app, &sheet_of("jia", &lost_codes[0])).await.status(), 201, "one was used before the loss");
    let res = app.post_json(&format!("/rounds/{id}/codes/revoke"), &json!({"batch": lost["batch"]})).await;
    assert_eq!(res.json::<Value>().await.expect("json")["revoked"], 2);
    let (code, _) = error_of(cast(&app, &sheet_of("jia", &lost_codes[1])).await).await;
    assert_eq!(code, "unknown_code");
    assert_eq!(cast(&app, &sheet_of("yi", &codes_of(kept)[0])).await.status(), 201, "the other batch still works");
    let summary: Value = app.get_api(&format!("/rounds/{id}/codes/summary")).await.json().await.expect("json");
    assert_eq!(summary["units"]["jia"], json!({"issued": 3, "used": 1, "revoked": 2}));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn turnout_and_its_warning_are_given_per_unit_and_results_filter_by_unit_and_kind() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let body: Value =
        plan(&app, id, json!([{"unit": "jia", "category": "masses", "count": 4}, {"unit": "yi", "category": "masses", "count": 4}]))
            .await
            .json()
            .await
            .expect("json");
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    // 甲局: 3 of 4 voted; 乙局: 1 of 4 (below one half).
    for code in &codes_of(&body["batches"][0])[..3] {
        assert_eq!(cast(&app, &sheet_of("jia", code)).await.status(), 201);
    }
    assert_eq!(cast(&app, &sheet_of("yi", &codes_of(&body["batches"][1])[0])).await.status(), 201);
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);

    let all: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    assert_eq!(all["turnout"]["units"]["jia"], json!({"issued": 4, "ballots": 3, "low": false}));
    assert_eq!(all["turnout"]["units"]["yi"], json!({"issued": 4, "ballots": 1, "low": true}));
    assert_eq!(all["turnout"]["low"], false, "4 of 8 is not below one half");

    let keys = |v: &Value| -> Vec<String> {
        v["targets"].as_array().expect("t").iter().map(|t| t["key"].as_str().expect("k").to_owned()).collect()
    };
    let yi: Value = app.get_api(&format!("/rounds/{id}/results?unit=yi")).await.json().await.expect("json");
    assert_eq!(keys(&yi), ["yi", "yi-01"]);
    assert_eq!(yi["turnout"]["units"].as_object().expect("units").keys().collect::<Vec<_>>(), ["yi"]);
    let cadres: Value = app.get_api(&format!("/rounds/{id}/results?kind=cadre")).await.json().await.expect("json");
    assert_eq!(keys(&cadres), ["jia-01", "jia-02", "yi-01"]);
    let (code, _) = error_of(app.get_api(&format!("/rounds/{id}/results?kind=leader")).await).await;
    assert_eq!(code, "invalid_filter");
    let (code, _) = error_of(app.get_api(&format!("/rounds/{id}/results?unit=nowhere")).await).await;
    assert_eq!(code, "unknown_unit");

    // The page: per-unit turnout with the warning, the ranking grouped by unit, the filter.
    let html = app.get(&format!("/rounds/{id}/results")).await.text().await.expect("html");
    let units = &html[html.find("data-testid=\"turnout-units\"").expect("unit table")..];
    let yi_row = &units[units.find("data-unit=\"yi\"").expect("yi row")..];
    assert!(yi_row[..yi_row.find("</tr>").expect("end")].contains("不足一半"), "{yi_row}");
    assert!(html.contains("data-grouped=\"true\"") && html.contains("class=\"unit-row\""));
    let page = app.get(&format!("/rounds/{id}/results?unit=yi&kind=cadre")).await.text().await.expect("html");
    let ranking = &page[page.find("data-testid=\"ranking\"").expect("ranking")..];
    assert!(
        ranking.contains("data-target=\"yi-01\"") && !ranking.contains("data-target=\"jia-01\"") && !ranking.contains("data-target=\"yi\"")
    );
    // The exports follow the filter and carry the unit's turnout.
    let csv = app.get_api(&format!("/rounds/{id}/results.csv?unit=yi")).await.text().await.expect("csv");
    assert!(csv.lines().skip(1).all(|l| l.contains(",yi,")), "{csv}");
    assert!(csv.contains(",4,1,true"), "{csv}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_form_takes_a_pasted_table_and_answers_with_a_cover_and_a_sheet_per_unit() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let post = |text: &str| {
        let form = reqwest::multipart::Form::new().text("text", text.to_owned());
        app.client.post(format!("{}/rounds/{id}/codes/plan", app.address)).multipart(form).send()
    };
    // A wrong table: every wrong line named, nothing issued.
    let res = post("单位编码,类别,份数\njia,masses,3\n丙局,masses,2\nyi,群众代表,两").await.expect("post");
    assert_eq!(res.status(), 303);
    let html = app.get(res.headers()["location"].to_str().expect("loc")).await.text().await.expect("html");
    assert!(html.contains("第 3 行") && html.contains("丙局") && html.contains("第 4 行"), "{html}");
    assert_eq!(app.count("codes").await, 0);
    // A good one, units and categories by name or key, in any column order.
    let res = post("份数,单位编码,类别\n3,jia,masses\n2,乙局领导班子,服务对象").await.expect("post");
    assert_eq!(res.status(), 200);
    let sheet = res.text().await.expect("html");
    assert!(sheet.contains("data-testid=\"cover\"") && sheet.contains("data-total>5<"));
    assert_eq!(sheet.matches("class=\"unit-sheet\"").count(), 2);
    assert!(sheet.contains("甲局领导班子 · 群众代表 · 共 3 张") && sheet.contains("乙局领导班子 · 服务对象 · 共 2 张"));
    assert_eq!(sheet.matches("data-code").count(), 5);
    assert_eq!(app.count("codes").await, 5);
    // The round page lists the batches, says why a sheet cannot be printed again, and
    // offers to revoke and reissue.
    let page = app.get(&format!("/rounds/{id}")).await.text().await.expect("html");
    assert!(page.contains("data-testid=\"batches\"") && page.contains("不能重印") && page.contains("作废并重新发放"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reissuing_a_batch_revokes_its_unused_codes_and_prints_as_many_new_ones_for_the_same_unit() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let body: Value = plan(&app, id, json!([{"unit": "yi", "category": "clients", "count": 3}])).await.json().await.expect("json");
    let old = codes_of(&body["batches"][0]);
    let batch = body["batches"][0]["batch"].as_i64().expect("batch").to_string();
    let res = app
        .client
        .post(format!("{}/rounds/{id}/codes/batch", app.address))
        .form(&[("batch", batch.as_str()), ("reissue", "1")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 200);
    let sheet = res.text().await.expect("html");
    assert_eq!(sheet.matches("data-code").count(), 3);
    assert!(sheet.contains("乙局领导班子 · 服务对象"));
    assert!(old.iter().all(|c| !sheet.contains(c.as_str())), "new codes, not the old ones");
    let summary: Value = app.get_api(&format!("/rounds/{id}/codes/summary")).await.json().await.expect("json");
    assert_eq!(summary["units"]["yi"], json!({"issued": 6, "used": 0, "revoked": 3}));
    // Nothing left to reissue in the old batch: said so, nothing issued.
    let res = app
        .client
        .post(format!("{}/rounds/{id}/codes/batch", app.address))
        .form(&[("batch", batch.as_str()), ("reissue", "1")])
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("codes").await, 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn next_years_list_in_another_order_keeps_every_key_so_assignments_follow_the_unit() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let import = |id: i64, rows: &'static str| {
        let form = reqwest::multipart::Form::new().text("text", rows.to_owned());
        let c = app.client.clone();
        let address = app.address.clone();
        async move {
            let res = c.post(format!("{address}/rounds/{id}/targets/preview")).multipart(form).send().await.expect("preview");
            assert_eq!(res.status(), 303);
            let res = c.post(format!("{address}/rounds/{id}/targets/import")).send().await.expect("confirm");
            assert_eq!(res.status(), 303);
        }
    };
    let mut ids = Vec::new();
    for title in ["2025", "2026"] {
        let res = app.post_json("/rounds", &json!({"title": title})).await;
        ids.push(res.json::<Value>().await.expect("json")["id"].as_i64().expect("id"));
    }
    import(
        ids[0],
        "名称,类型,所属班子,职务\n甲局领导班子,班子\n王伟,干部,甲局领导班子,局长\n乙局领导班子,班子\n王伟,干部,乙局领导班子,副局长",
    )
    .await;
    import(
        ids[1],
        "职务,所属班子,类型,名称\n,,班子,乙局领导班子\n副局长,乙局领导班子,干部,王伟\n,,班子,甲局领导班子\n局长,甲局领导班子,干部,王伟",
    )
    .await;
    let keys = |round: &app::domain::round::Round| -> Vec<(String, String, Option<String>)> {
        let mut v: Vec<_> = round.spec.targets.iter().map(|t| (t.key.clone(), t.unit().to_owned(), t.position.clone())).collect();
        v.sort();
        v
    };
    let a = app::ssr::rounds::load(&app.db, ids[0] as i32).await.expect("load").expect("round");
    let b = app::ssr::rounds::load(&app.db, ids[1] as i32).await.expect("load").expect("round");
    assert_eq!(a.spec.targets.len(), 4, "two 王伟 in two units are two targets");
    assert_eq!(keys(&a), keys(&b));
    let wang_of_yi = b.spec.targets.iter().find(|t| t.name == "王伟" && t.unit() == "乙局领导班子").expect("wang of yi");
    assert_eq!(wang_of_yi.position.as_deref(), Some("副局长"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_an_admin_may_post_a_plan_or_revoke_a_batch_from_the_pages() {
    let app = spawn_app().await;
    let id = draft(&app).await;
    let duda = crate::helpers::steering::member(&app, "duda", Role::Steering).await;
    let form = reqwest::multipart::Form::new().text("text", "jia,masses,3".to_owned());
    let res = duda.post(format!("{}/rounds/{id}/codes/plan", app.address)).multipart(form).send().await.expect("post");
    assert_eq!(res.headers()["location"], "/login");
    let res =
        duda.post(format!("{}/rounds/{id}/codes/batch", app.address)).form(&[("batch", "1"), ("reissue", "1")]).send().await.expect("post");
    assert_eq!(res.headers()["location"], "/login");
    assert_eq!(app.count("codes").await, 0);
    let res = crate::helpers::steering::post(
        &duda,
        &app,
        &format!("/rounds/{id}/codes/plan"),
        &json!({"plan": [{"unit": "jia", "category": "masses", "count": 1}]}),
    )
    .await;
    assert_eq!(res.status(), 403);
}
