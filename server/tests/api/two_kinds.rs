//! One sheet, two kinds (RULES.md R4, T3): a body and its cadres on one sheet, each kind on
//! its own scale and items and flagged by its own rule, with exact fraction thresholds —
//! through the JSON API, on both databases; and stored thresholds that migrate exactly.

use crate::helpers::ballots::cast;
use crate::helpers::{error_of, spawn_app, TestApp, TestDb};
use app::domain::account::Role;
use serde_json::{json, Value};

/// The annual sheet of one unit: the body 甲局 on 好/较好/一般/差, its cadres 王伟 and 李娜
/// on 优秀/称职/基本称职/不称职, the cadres flagged above one third.
pub fn sheet_body(title: &str) -> Value {
    json!({
        "title": title,
        "scale": [
            {"key": "good", "label": "好", "points": 100, "polarity": "positive"},
            {"key": "fair", "label": "较好", "points": 80, "polarity": "positive"},
            {"key": "average", "label": "一般", "points": 60, "polarity": "positive"},
            {"key": "poor", "label": "差", "points": 0, "polarity": "negative"},
            {"key": "dont_know", "label": "不了解", "polarity": "abstain"}
        ],
        "cadre_scale": [
            {"key": "excellent", "label": "优秀", "points": 100, "polarity": "positive"},
            {"key": "competent", "label": "称职", "points": 80, "polarity": "positive"},
            {"key": "basic", "label": "基本称职", "points": 60, "polarity": "positive"},
            {"key": "incompetent", "label": "不称职", "points": 0, "polarity": "negative"},
            {"key": "dont_know", "label": "不了解", "polarity": "abstain"}
        ],
        "rules_by_kind": {"cadre": {"flag_threshold": "1/3"}},
        "categories": [{"key": "masses", "name": "群众代表", "weight": 1}],
        "items": [
            {"key": "body_overall", "title": "班子总体评价", "overall": true, "applies_to": "body"},
            {"key": "results", "title": "工作实绩", "applies_to": "body"},
            {"key": "cadre_overall", "title": "干部总体评价", "overall": true, "applies_to": "cadre"},
            {"key": "virtue", "title": "德", "applies_to": "cadre"}
        ],
        "targets": [
            {"key": "jia", "name": "甲局领导班子", "kind": "body"},
            {"key": "jia-01", "name": "王伟", "kind": "cadre", "parent": "jia", "position": "局长"},
            {"key": "jia-02", "name": "李娜", "kind": "cadre", "parent": "jia", "position": "副局长"}
        ]
    })
}

async fn open_sheet(app: &TestApp, codes: usize) -> (i64, Vec<String>) {
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let res = app.post_json("/rounds", &sheet_body("年度考核")).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let id = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let codes = crate::helpers::ballots::issue(app, id, json!({"category": "masses", "count": codes})).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    (id, codes)
}

fn answers(body: &str, wang: &str, li: &str) -> Value {
    json!([
        {"target": "jia", "item": "body_overall", "option": body},
        {"target": "jia-01", "item": "cadre_overall", "option": wang},
        {"target": "jia-02", "item": "cadre_overall", "option": li}
    ])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_keeps_two_scales_items_per_kind_positions_and_a_fraction_threshold_exactly() {
    let app = spawn_app().await;
    let (id, _) = open_sheet(&app, 1).await;
    let round: Value = app.get_api(&format!("/rounds/{id}")).await.json().await.expect("json");
    assert_eq!(round["rules_by_kind"]["cadre"]["flag_threshold"], "1/3", "a fraction comes back as it went in");
    assert_eq!(round["flag_threshold"], 0.5);
    assert_eq!(round["cadre_scale"][3]["label"], "不称职");
    assert_eq!(round["items"][2]["applies_to"], "cadre");
    assert_eq!(round["targets"][1]["position"], "局长");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_target_is_answered_on_its_kinds_scale_and_a_wrong_answer_is_named() {
    let app = spawn_app().await;
    let (_, codes) = open_sheet(&app, 1).await;
    // A body option for a cadre, a cadre item for the body: refused, nothing stored.
    let wrong = json!({"code": codes[0], "answers": answers("good", "good", "competent")});
    let res = cast(&app, &wrong).await;
    assert_eq!(res.status(), 422);
    let (code, message) = error_of(res).await;
    assert_eq!(code, "invalid_ballot");
    assert!(message.contains("王伟") && message.contains("good"), "{message}");
    let mut cross = answers("good", "competent", "competent");
    cross.as_array_mut().expect("list").push(json!({"target": "jia", "item": "virtue", "option": "good"}));
    let (code, message) = error_of(cast(&app, &json!({"code": codes[0], "answers": cross})).await).await;
    assert_eq!(code, "invalid_ballot");
    assert!(message.contains("甲局领导班子") && message.contains("德"), "{message}");
    assert_eq!(app.count("ballots").await, 0);
    // The cadres' overall item is required of each cadre.
    let missing = json!({"code": codes[0], "answers": [{"target": "jia", "item": "body_overall", "option": "good"}]});
    let (_, message) = error_of(cast(&app, &missing).await).await;
    assert!(message.contains("王伟"), "{message}");
    assert_eq!(cast(&app, &json!({"code": codes[0], "answers": answers("good", "competent", "excellent")})).await.status(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cadre_at_exactly_one_third_incompetent_is_not_flagged_and_one_more_is() {
    // Six ballots. 王伟: 不称职 2 of 6 = 1/3 exactly → not flagged (2·3 = 6 is not > 6).
    // 李娜: 不称职 3, one 不了解 excluded: V = 5, 3·3 = 9 > 5 → flagged.
    // The body: 差 2 of 6 = 1/3 → its rule is 1/2 → not flagged.
    let app = spawn_app().await;
    let (id, codes) = open_sheet(&app, 6).await;
    let sheets = [
        ("poor", "incompetent", "incompetent"),
        ("poor", "incompetent", "incompetent"),
        ("good", "competent", "incompetent"),
        ("fair", "excellent", "competent"),
        ("average", "basic", "dont_know"),
        ("good", "competent", "excellent"),
    ];
    for (code, (b, w, l)) in codes.iter().zip(sheets) {
        assert_eq!(cast(&app, &json!({"code": code, "answers": answers(b, w, l)})).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let body: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    let t = |key: &str| body["targets"].as_array().expect("targets").iter().find(|t| t["key"] == key).expect("target").clone();
    let (jia, wang, li) = (t("jia"), t("jia-01"), t("jia-02"));
    assert_eq!(wang["overall"]["counts"], json!({"excellent": 1, "competent": 2, "basic": 1, "incompetent": 2, "dont_know": 0}));
    assert_eq!(wang["overall"]["dissatisfaction_rate"], 0.333333);
    assert_eq!(wang["status"], "ok", "one third is not more than one third");
    assert_eq!(li["overall"]["valid"], 5);
    assert_eq!(li["status"], "flagged");
    assert_eq!(jia["status"], "ok");
    assert_eq!(jia["overall"]["counts"]["poor"], 2);
    // Each target has only its kind's items; a cadre names its unit and post.
    assert_eq!(jia["items"].as_object().expect("items").keys().collect::<Vec<_>>(), ["body_overall", "results"]);
    assert_eq!(wang["items"].as_object().expect("items").keys().collect::<Vec<_>>(), ["cadre_overall", "virtue"]);
    assert_eq!((wang["unit"].as_str(), wang["position"].as_str()), (Some("jia"), Some("局长")));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_re_evaluation_child_keeps_both_scales_and_the_cadres_rule() {
    let app = spawn_app().await;
    let (id, codes) = open_sheet(&app, 5).await;
    for code in &codes {
        let res = cast(&app, &json!({"code": code, "answers": answers("good", "competent", "incompetent")})).await;
        assert_eq!(res.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": ["jia-02"]})).await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    let child: Value = res.json().await.expect("json");
    assert_eq!(child["cadre_scale"][0]["label"], "优秀");
    assert_eq!(child["rules_by_kind"]["cadre"]["flag_threshold"], "1/3");
    assert_eq!(child["targets"].as_array().expect("targets").len(), 1);
    assert_eq!(child["targets"][0]["parent"], "jia", "the cadre keeps its unit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_threshold_that_is_not_a_decimal_or_a_fraction_is_refused_with_nothing_stored() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    for bad in [json!("one third"), json!("1/0"), json!(-0.5)] {
        let mut body = sheet_body("坏阈值");
        body["rules_by_kind"]["cadre"]["flag_threshold"] = bad.clone();
        let res = app.post_json("/rounds", &body).await;
        assert_eq!(res.status(), 400, "{bad}");
    }
    let mut body = sheet_body("坏阈值");
    body["flag_threshold"] = json!("3/2");
    let res = app.post_json("/rounds", &body).await;
    assert_eq!(res.status(), 422);
    let (code, message) = error_of(res).await;
    assert_eq!(code, "invalid_round");
    assert!(message.contains("flag_threshold"), "{message}");
    assert_eq!(app.count("rounds").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrating_an_older_database_keeps_every_threshold_and_dates_closed_rounds() {
    use sea_orm::{ConnectionTrait, Statement};
    // A database as version 7 left it: thresholds as floats, no closing date.
    let db = TestDb::new_at(7).await;
    let backend = db.db.get_database_backend();
    for (id, status, t, m) in [(1, "closed", "0.333333", "0.6"), (2, "draft", "0.5", "NULL")] {
        let sql = format!(
            "INSERT INTO rounds (id, parent_id, title, description, status, flag_threshold, flag_basis, quorum, disclosure_min, \
             min_satisfaction, created_at, updated_at, seal_step) VALUES ({id}, NULL, 't{id}', '', '{status}', {t}, 'headcount', 1, 5, \
             {m}, '2025-12-20T09:00:00+00:00', '2025-12-20T09:00:00+00:00', 15)"
        );
        db.db.execute(Statement::from_string(backend, sql)).await.expect("insert");
    }
    // Act
    server::startup::migrate(&db.url, None, None).await.expect("migrate");
    // Assert: the exact decimals the floats printed as, and a closing date for the closed round.
    let closed = app::ssr::rounds::load(&db.db, 1).await.expect("load").expect("round");
    assert_eq!(closed.spec.flag_threshold.parts(), (333_333, 1_000_000));
    assert_eq!(closed.spec.min_satisfaction.map(|m| m.parts()), Some((3, 5)));
    let draft = app::ssr::rounds::load(&db.db, 2).await.expect("load").expect("round");
    assert_eq!((draft.spec.flag_threshold.parts(), draft.spec.min_satisfaction), ((1, 2), None));
    use app::ssr::db::entities::round;
    use sea_orm::{EntityTrait, QueryOrder};
    let rows = round::Entity::find().order_by_asc(round::Column::Id).all(&db.db).await.expect("rows");
    assert!(rows[0].closed_at.is_some() && rows[1].closed_at.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_round_pages_set_up_the_annual_sheet_and_the_cadres_rule_as_typed() {
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let post = |path: String, form: Vec<(&'static str, String)>| {
        let c = app.client.clone();
        let url = format!("{}{path}", app.address);
        async move { c.post(url).form(&form).send().await.expect("post") }
    };
    // The preset makes both scales, both item lists and the one-third rule.
    let res =
        post("/rounds/new".into(), vec![("title", "年度考核".into()), ("description", String::new()), ("scale", "annual".into())]).await;
    let page = res.headers()["location"].to_str().expect("loc").trim_end_matches("?saved=1").to_owned();
    let id: i32 = page.trim_start_matches("/rounds/").parse().expect("id");
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    assert_eq!(round.spec.cadre_scale.as_ref().map(|s| s[3].label.as_str()), Some("不称职"));
    assert_eq!(round.spec.rules_of(app::domain::round::TargetKind::Cadre).flag_threshold.to_string(), "1/3");
    let html = app.get(&page).await.text().await.expect("html");
    assert!(html.contains("data-scale=\"cadre\"") && html.contains("德") && html.contains("value=\"1/3\""));

    // Settings: thresholds typed as a fraction and a decimal; a cadre quorum of its own.
    let settings = |t: &str, cadre_t: &str| {
        vec![
            ("title", "年度考核".to_owned()),
            ("description", String::new()),
            ("flag_threshold", t.to_owned()),
            ("flag_basis", "headcount".to_owned()),
            ("quorum", "3".to_owned()),
            ("disclosure_min", "5".to_owned()),
            ("min_satisfaction", String::new()),
            ("scale", "keep".to_owned()),
            ("cadre_flag_threshold", cadre_t.to_owned()),
            ("cadre_quorum", "5".to_owned()),
            ("cadre_min_satisfaction", "0.6".to_owned()),
            ("cadre_scale", "keep".to_owned()),
        ]
    };
    let res = post(format!("{page}/settings"), settings("2/3", "0.25")).await;
    assert!(res.headers()["location"].to_str().expect("loc").ends_with("?saved=1"));
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    let cadre = round.spec.rules_of(app::domain::round::TargetKind::Cadre);
    assert_eq!((round.spec.flag_threshold.parts(), cadre.flag_threshold.parts(), cadre.quorum), ((2, 3), (1, 4), 5));
    assert_eq!(cadre.min_satisfaction.map(|m| m.parts()), Some((3, 5)));
    // A threshold that is not a number says so, names the field, and saves nothing.
    let res = post(format!("{page}/settings"), settings("三分之一", "0.25")).await;
    let html = app.get(res.headers()["location"].to_str().expect("loc")).await.text().await.expect("html");
    assert!(html.contains("应为小数（如 0.5）或分数（如 1/3）") && html.contains("三分之一"), "{html}");
    assert_eq!(app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round").spec.flag_threshold.parts(), (2, 3));

    // Items: which kind each rates, and one overall per kind (two ticked); one overall for
    // both kinds while each has its own is refused by kind.
    let items = |overall: &[&str]| {
        let mut f: Vec<(&'static str, String)> = Vec::new();
        for (t, k, a) in [("班子总体", "bo", "body"), ("干部总体", "co", "cadre"), ("实绩", "r", "both")] {
            f.extend([("title", t.to_owned()), ("key", k.to_owned()), ("applies_to", a.to_owned())]);
        }
        f.extend(overall.iter().map(|o| ("overall", (*o).to_owned())));
        f
    };
    let res = post(format!("{page}/items"), items(&["0", "1"])).await;
    assert!(res.headers()["location"].to_str().expect("loc").ends_with("?saved=1"));
    let round = app::ssr::rounds::load(&app.db, id).await.expect("load").expect("round");
    let applies: Vec<&str> = round.spec.items.iter().map(|i| i.applies_to.as_str()).collect();
    assert_eq!(applies, ["body", "cadre", "both"]);
    let res = post(format!("{page}/items"), items(&["0", "2"])).await;
    let html = app.get(res.headers()["location"].to_str().expect("loc")).await.text().await.expect("html");
    assert!(html.contains("适用于领导班子的总体评价项目须有且只有一个"), "{html}");
}
