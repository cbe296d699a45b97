//! RULES.md A5 and A6 on every surface: a category is broken out for a
//! target only when enough of its ballots rated that target, with complementary
//! suppression, and an opinion names its category only where that category is broken out
//! for every target its ballot rated — the same cells in the API, the page, its charts
//! (SVG and PNG), CSV, XLSX, the print report and the opinions.
//!
//! The round: masses rate every target (8 ballots); 6 reps ballots rate jyj and its cadre
//! jyj-zhang; 3 reps ballots rate wjw only. In the whole round the reps have 9 ballots,
//! but wjw was rated by only 3 of them: wjw's reps cell is hidden, and so is its masses
//! cell (otherwise total − masses = reps).

use crate::helpers::ballots::{cast, issue, open_round_with_codes};
use crate::helpers::steering::{group, member};
use crate::helpers::{spawn_app, TestApp};
use app::domain::account::Role;
use serde_json::{json, Value};

const REPS: &str = "两代表一委员";
const MASSES: &str = "群众代表";

fn answers(targets: &[&str], option: &str) -> Vec<Value> {
    targets.iter().map(|t| json!({"target": t, "item": "overall", "option": option})).collect()
}

/// The round above, closed; returns its id.
async fn small_group_round(app: &TestApp) -> i64 {
    let (id, masses) = open_round_with_codes(app, 8).await;
    let reps_jyj = issue(app, id, json!({"category": "two_reps_one_member", "count": 6, "targets": ["jyj", "jyj-zhang"]})).await;
    let reps_wjw = issue(app, id, json!({"category": "two_reps_one_member", "count": 3, "targets": ["wjw"]})).await;
    for (i, code) in masses.iter().enumerate() {
        let mut b = json!({"code": code, "answers": answers(&["jyj", "wjw", "jyj-zhang"], "satisfied")});
        if i == 0 {
            b["opinion"] = json!("MASSES-OPINION");
        }
        assert_eq!(cast(app, &b).await.status(), 201);
    }
    for (i, code) in reps_jyj.iter().enumerate() {
        let mut b = json!({"code": code, "answers": answers(&["jyj", "jyj-zhang"], "basically_satisfied")});
        if i == 0 {
            b["opinion"] = json!("JYJ-REPS-OPINION");
        }
        assert_eq!(cast(app, &b).await.status(), 201);
    }
    for (i, code) in reps_wjw.iter().enumerate() {
        let mut b = json!({"code": code, "answers": answers(&["wjw"], "dissatisfied")});
        if i == 0 {
            b["opinion"] = json!("WJW-REPS-OPINION");
        }
        assert_eq!(cast(app, &b).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    id
}

async fn html(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let res = c.get(format!("{}{path}", app.address)).header("accept", "text/html").send().await.expect("page");
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.expect("html").replace("<!>", "")
}

/// The detail section of one target on the results page or the report.
fn detail<'a>(page: &'a str, name: &str) -> &'a str {
    let start = page.find(&format!("<summary>{name}")).unwrap_or_else(|| panic!("no detail of {name}"));
    let end = page[start..].find("</details>").expect("end of detail");
    &page[start..start + end]
}

/// The inline SVG of a chart of the page.
fn chart<'a>(page: &'a str, key: &str) -> Option<&'a str> {
    let start = page.find(&format!("data-chart=\"{key}\""))?;
    let end = page[start..].find("</figure>").expect("end of chart");
    Some(&page[start..start + end])
}

/// The opinion item that holds `text`.
fn opinion<'a>(page: &'a str, text: &str) -> &'a str {
    let at = page.find(text).unwrap_or_else(|| panic!("opinion {text} not shown"));
    let end = page[at..].find("</li>").expect("end of opinion");
    &page[at..at + end]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_few_ballots_rated_a_target_is_hidden_for_that_target_on_every_surface() {
    // Arrange
    let app = spawn_app().await;
    let id = small_group_round(&app).await;

    // API: wjw breaks out no category; jyj and its cadre both.
    let body: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    let cats = |key: &str| -> Vec<String> {
        let t = body["targets"].as_array().expect("targets").iter().find(|t| t["key"] == key).expect("target");
        t["categories"].as_object().expect("categories").keys().cloned().collect()
    };
    assert_eq!(cats("wjw"), Vec::<String>::new());
    assert_eq!(cats("jyj"), ["masses", "two_reps_one_member"]);
    assert_eq!(cats("jyj-zhang"), ["masses", "two_reps_one_member"]);
    // …and the hidden answers still count in wjw's totals.
    let wjw = body["targets"].as_array().expect("targets").iter().find(|t| t["key"] == "wjw").expect("wjw");
    assert_eq!(wjw["overall"]["counts"]["dissatisfied"], 3);
    assert_eq!(wjw["overall"]["counts"]["satisfied"], 8);

    // CSV: category lines only for jyj and jyj-zhang.
    let csv = app.get_api(&format!("/rounds/{id}/results.csv")).await.text().await.expect("csv");
    let cat_lines: Vec<Vec<&str>> =
        csv.trim_start_matches('\u{feff}').lines().skip(1).map(|l| l.split(',').collect::<Vec<_>>()).filter(|r| r[8] != "*").collect();
    assert_eq!(cat_lines.len(), 4, "{csv}");
    assert!(cat_lines.iter().all(|r| r[0] != "wjw"), "{csv}");

    // XLSX: the categories sheet holds no line of wjw.
    let bytes = app.get_api(&format!("/rounds/{id}/results.xlsx")).await.bytes().await.expect("xlsx");
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let sheet = book.worksheet_range("测评主体类别").expect("categories sheet");
    let names: Vec<String> = sheet.rows().skip(1).map(|r| r[0].to_string()).collect();
    assert_eq!(names.len(), 4, "{names:?}");
    assert!(!names.iter().any(|n| n == "区卫生健康局领导班子"), "{names:?}");

    // The page and the print report: wjw's detail lists no category.
    for path in [format!("/rounds/{id}/results"), format!("/rounds/{id}/report")] {
        let page = html(&app.client, &app, &path).await;
        let w = detail(&page, "区卫生健康局领导班子");
        assert!(!w.contains(REPS) && !w.contains(MASSES), "{path}: {w}");
        let j = detail(&page, "区教育局领导班子");
        assert!(j.contains(REPS) && j.contains(MASSES), "{path}: {j}");
        // The category chart draws a bar (and its label) per shown cell only: 2 + 2.
        let svg = chart(&page, "categories").expect("category chart");
        let labels = svg.lines().filter(|l| l.trim_end().ends_with('%')).count();
        assert_eq!(labels, 4, "{path}: {svg}");
    }

    // Opinions: the category is named only where it is broken out for every rated target.
    let page = html(&app.client, &app, &format!("/rounds/{id}/results")).await;
    assert!(opinion(&page, "JYJ-REPS-OPINION").contains(REPS), "reps shown for jyj and jyj-zhang");
    assert!(!opinion(&page, "WJW-REPS-OPINION").contains(REPS), "reps hidden for wjw");
    assert!(!opinion(&page, "MASSES-OPINION").contains(MASSES), "masses hidden for wjw, which this ballot rated");

    // PNG: drawn from the same cells; a caller who sees only wjw has no category chart.
    let png = app.get_api(&format!("/rounds/{id}/charts/categories.png")).await;
    assert_eq!(png.status(), 200);
    assert_eq!(&png.bytes().await.expect("png")[..4], b"\x89PNG");
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    let page = html(&duda, &app, &format!("/rounds/{id}/results")).await;
    assert!(chart(&page, "categories").is_none(), "nothing of wjw is broken out");
    let res = duda.get(format!("{}/api/v1/rounds/{id}/charts/categories.png", app.address)).send().await.expect("png");
    assert_eq!(res.status(), 404);
}
