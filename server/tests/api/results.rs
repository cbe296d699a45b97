//! Results through the API: every number checked against an independent count made here,
//! and the running tallies against a full recount.

use crate::helpers::ballots::{cast, issue, open_round_with_codes};
use crate::helpers::{error_of, spawn_app};
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::HashMap;

const OPTIONS: [&str; 4] = ["satisfied", "basically_satisfied", "dissatisfied", "dont_know"];
const POINTS: [Option<f64>; 4] = [Some(100.0), Some(60.0), Some(0.0), None];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_match_an_independent_count_of_random_ballots() {
    // Arrange: 240 masses codes, 6 reps codes (over disclosure_min 5), random sheets.
    let app = spawn_app().await;
    let (id, masses) = open_round_with_codes(&app, 240).await;
    let reps = issue(&app, id, json!({"category": "two_reps_one_member", "count": 6})).await;
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261122);
    let targets = ["jyj", "wjw", "jyj-zhang"];
    let items = ["overall", "four_winds"];
    // expected[(target, item)] = counts per option; blanks per (target, item)
    let mut counts: HashMap<(&str, &str), [u64; 4]> = HashMap::new();
    let mut blanks: HashMap<(&str, &str), u64> = HashMap::new();
    let mut reps_overall: [u64; 4] = [0; 4];
    let mut cast_n = 0;
    for (i, code) in masses.iter().take(200).chain(reps.iter()).enumerate() {
        let is_rep = i >= 200;
        let mut answers = Vec::new();
        for t in targets {
            for it in items {
                let blank = it != "overall" && rng.gen_bool(0.3);
                if blank {
                    *blanks.entry((t, it)).or_default() += 1;
                    continue;
                }
                let o = rng.gen_range(0..4);
                counts.entry((t, it)).or_default()[o] += 1;
                if is_rep && t == "jyj" && it == "overall" {
                    reps_overall[o] += 1;
                }
                answers.push(json!({"target": t, "item": it, "option": OPTIONS[o]}));
            }
        }
        let res = cast(&app, &json!({"code": code, "answers": answers})).await;
        assert_eq!(res.status(), 201);
        cast_n += 1;
    }

    // Results of an open round: refused, turnout only.
    let (c, _) = error_of(app.get_api(&format!("/rounds/{id}/results")).await).await;
    assert_eq!(c, "round_not_closed");
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);

    // Act
    let res = app.get_api(&format!("/rounds/{id}/results")).await;
    assert_eq!(res.status(), 200);
    let body: Value = res.json().await.expect("json");

    // Assert: every number of every target and item
    assert_eq!(body["ballots"], cast_n);
    let whole = json!({"issued": 246, "ballots": 206, "low": false});
    assert_eq!(
        body["turnout"],
        json!({"issued": 246, "ballots": 206, "low": false,
            "categories": {"masses": {"issued": 240, "ballots": 200, "low": false}, "two_reps_one_member": {"issued": 6, "ballots": 6, "low": false}},
            "units": {"jyj": whole, "wjw": whole}}),
        "codes for the whole round count in every unit"
    );
    for (ti, t) in targets.iter().enumerate() {
        let target = &body["targets"][ti];
        assert_eq!(target["key"], *t);
        for it in items {
            let n = counts.get(&(*t, it)).copied().unwrap_or_default();
            let got = &target["items"][it];
            for (o, key) in OPTIONS.iter().enumerate() {
                assert_eq!(got["counts"][key], n[o], "{t}/{it}/{key}");
            }
            let valid = n[0] + n[1] + n[2];
            assert_eq!(got["valid"], valid);
            assert_eq!(got["unanswered"], blanks.get(&(*t, it)).copied().unwrap_or(0));
            let r = |x: f64| (x * 1e6).round() / 1e6;
            assert_eq!(got["satisfaction_rate"].as_f64(), Some(r((n[0] + n[1]) as f64 / valid as f64)));
            assert_eq!(got["dissatisfaction_rate"].as_f64(), Some(r(n[2] as f64 / valid as f64)));
            let points: f64 = (0..3).map(|o| POINTS[o].unwrap_or(0.0) * n[o] as f64).sum();
            assert_eq!(got["score"].as_f64(), Some(r(points / valid as f64)));
        }
        let overall = &target["overall"];
        assert_eq!(overall, &target["items"]["overall"]);
        let d = overall["dissatisfaction_rate"].as_f64().expect("rate");
        let expected = if d > 0.5 { "flagged" } else { "ok" };
        assert_eq!(target["status"], expected);
        // Both categories rated every target at least disclosure_min (5) times: both are
        // broken out (the small-group cases are in disclosure.rs).
        let cats: Vec<&String> = target["categories"].as_object().expect("categories").keys().collect();
        assert_eq!(cats, ["masses", "two_reps_one_member"]);
    }
    let masses_jyj = &body["targets"][0]["categories"]["masses"]["overall"]["counts"];
    let all = counts[&("jyj", "overall")];
    for (o, key) in OPTIONS.iter().enumerate() {
        assert_eq!(masses_jyj[key], all[o] - reps_overall[o], "masses alone: {key}");
    }

    // The running tallies equal a recount from the stored ballots.
    let def = app::ssr::round_def::load_def(&app.db, id as i32).await.expect("load").expect("round");
    let running = app::ssr::tallies::running_counts(&app.db, &def).await.expect("running");
    let recounted = app::ssr::tallies::recount(&app.db, &def).await.expect("recount");
    assert_eq!(running, recounted);
    assert_eq!(recounted.ballots(), 206);

    // CSV: the same numbers, one line per (target, item) plus the two category lines.
    let csv = app.get_api(&format!("/rounds/{id}/results.csv")).await.text().await.expect("csv");
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].starts_with("target,target_name,kind,unit,position,status,item,item_title,category,n_satisfied"));
    assert_eq!(lines.len(), 1 + targets.len() * items.len() + 2 * targets.len());

    // XLSX: one sheet per view, counts as numbers, rates as numbers formatted as percentages.
    let res = app.get_api(&format!("/rounds/{id}/results.xlsx")).await;
    assert_eq!(res.status(), 200);
    let bytes = res.bytes().await.expect("xlsx");
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    assert_eq!(book.sheet_names(), ["排名", "测评项目", "测评主体类别", "各单位参与情况"]);
    let items_sheet = book.worksheet_range("测评项目").expect("items sheet");
    let jyj_overall = items_sheet.rows().nth(1).expect("first row").to_vec();
    assert_eq!(jyj_overall[0], calamine::Data::String("区教育局领导班子".into()));
    let n = counts[&("jyj", "overall")];
    assert_eq!(jyj_overall[1], calamine::Data::String("区教育局领导班子".into()), "its unit");
    assert_eq!(jyj_overall[3], calamine::Data::Float(n[0] as f64), "满意 as a number");
    let sat = body["targets"][0]["overall"]["satisfaction_rate"].as_f64().expect("rate");
    match &jyj_overall[3 + 4 + 2] {
        calamine::Data::Float(x) => assert!((x - sat).abs() < 1e-6),
        other => panic!("satisfaction rate is {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_round_without_ballots_has_null_rates_and_flags_nothing() {
    let app = spawn_app().await;
    let (id, _) = open_round_with_codes(&app, 1).await;
    app.post_json(&format!("/rounds/{id}/close"), &json!({})).await;
    let body: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    assert_eq!(body["ballots"], 0);
    assert_eq!(body["turnout"]["low"], true);
    for t in body["targets"].as_array().expect("targets") {
        assert_eq!(t["status"], "insufficient_responses");
        assert_eq!(t["overall"]["satisfaction_rate"], Value::Null);
        assert_eq!(t["overall"]["score"], Value::Null);
    }
    assert_eq!(app.get_api("/rounds/999/results").await.status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_results_page_ranks_targets_and_badges_the_flagged_ones() {
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 6).await;
    let page = format!("/rounds/{id}/results");
    let html = app.get(&page).await.text().await.expect("html");
    assert!(html.contains("测评进行中"), "open: turnout only");
    // jyj: all satisfied; wjw: 4 of 6 dissatisfied → flagged; the cadre: don't know → too few answers.
    for (i, code) in codes.iter().enumerate() {
        let wjw = if i < 4 { "dissatisfied" } else { "satisfied" };
        let body = json!({"code": code, "opinion": format!("意见{i}"), "answers": [
            {"target": "jyj", "item": "overall", "option": "satisfied"},
            {"target": "wjw", "item": "overall", "option": wjw},
            {"target": "jyj-zhang", "item": "overall", "option": "dont_know"}]});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    app.post_json(&format!("/rounds/{id}/close"), &json!({})).await;

    let html = app.get(&page).await.text().await.expect("html");
    let ranking = &html[html.find("data-testid=\"ranking\"").unwrap_or_else(|| {
        panic!(
            "no ranking in {html}\n{}",
            crate::helpers::captured_logs().lines().filter(|l| l.contains("ERROR") || l.contains("WARN")).collect::<Vec<_>>().join("\n")
        )
    })..];
    let jyj = ranking.find("data-target=\"jyj\"").expect("jyj");
    let wjw = ranking.find("data-target=\"wjw\"").expect("wjw");
    assert!(jyj < wjw, "ranked by score");
    let wjw_row = &ranking[wjw..wjw + ranking[wjw..].find("</tr>").expect("row end")];
    assert!(wjw_row.contains("需补课") && wjw_row.contains("66.7%"), "{wjw_row}");
    assert!(ranking.contains("有效票不足"));
    for i in 0..6 {
        assert!(html.contains(&format!("意见{i}")));
    }
    assert!(html.contains("群众代表"), "masses (6 ballots) are broken out");
    assert!(html.contains(&format!("/api/v1/rounds/{id}/results.xlsx")));
    // Charts drawn on the server, inline, with the Chinese labels in the SVG.
    let svg = &html[html.find("<svg").expect("an inline chart")..];
    let svg = &svg[..svg.find("</svg>").expect("svg end")];
    assert!(svg.contains("区卫生健康局领导班子") && svg.contains("不满意"), "{svg}");
    assert!(html.matches("<svg").count() >= 4, "stacked bars, heat map, categories, turnout over time");

    // The print report: the same numbers, every detail open, with date and method.
    let report = app.get(&format!("/rounds/{id}/report")).await.text().await.expect("html");
    let tail: String = report.chars().rev().take(3000).collect::<Vec<_>>().into_iter().rev().collect();
    assert!(report.contains("data-testid=\"report-meta\"") && report.contains("有效票数"), "the report page ends: {tail}");
    let details = report.split("<details").nth(1).and_then(|d| d.split('>').next()).expect("a details element");
    assert!(details.contains("open"), "details are open for printing: <details{details}>");
    assert!(report.contains("需补课"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn results_are_denied_to_other_roles_and_small_categories_stay_unnamed_in_opinions() {
    use app::domain::account::Role;
    // Arrange: 5 masses ballots (disclosed) and 1 reps ballot (under disclosure_min 5).
    let app = spawn_app().await;
    let (id, masses) = open_round_with_codes(&app, 5).await;
    let reps = issue(&app, id, json!({"category": "two_reps_one_member", "count": 1})).await;
    let sheet = |code: &str, opinion: &str| {
        json!({"code": code, "opinion": opinion, "answers": [
        {"target": "jyj", "item": "overall", "option": "satisfied"},
        {"target": "wjw", "item": "overall", "option": "satisfied"},
        {"target": "jyj-zhang", "item": "overall", "option": "satisfied"}]})
    };
    for code in &masses {
        assert_eq!(cast(&app, &sheet(code, "群众的意见")).await.status(), 201);
    }
    assert_eq!(cast(&app, &sheet(&reps[0], "代表的意见")).await.status(), 201);
    app.post_json(&format!("/rounds/{id}/close"), &json!({})).await;

    // Assert: steering members and viewers with nothing assigned get nothing (deny by
    // default), not even the confirmation that the round exists.
    for (name, role) in [("duban", Role::Steering), ("guancha", Role::Viewer)] {
        app.create_account(name, role).await;
        let other = crate::helpers::client();
        let res = other
            .post(format!("{}/api/v1/session", app.address))
            .json(&json!({"username": name, "password": crate::helpers::PASSWORD}))
            .send()
            .await
            .expect("sign in");
        assert_eq!(res.status(), 200);
        for path in ["results", "results.csv", "results.xlsx"] {
            let res = other.get(format!("{}/api/v1/rounds/{id}/{path}", app.address)).send().await.expect("request");
            assert_eq!(res.status(), 404, "{name}: {path}");
        }
        let page = other.get(format!("{}/rounds/{id}/results", app.address)).send().await.expect("page");
        assert!(!page.text().await.expect("html").contains("群众的意见"), "{name} sees no opinions");
    }

    // The opinion of the one reps ballot is shown, but never with its category's name; and
    // as naming the masses would give away the one reps ballot (total − masses), the masses'
    // opinions are shown without their category too (rules 5 and 6).
    let html = app.get(&format!("/rounds/{id}/results")).await.text().await.expect("html");
    let opinions = &html[html.find("data-testid=\"opinions\"").expect("opinions")..];
    assert!(opinions.contains("代表的意见") && opinions.contains("群众的意见"), "{opinions}");
    assert!(!opinions.contains("两代表一委员"), "a category under disclosure_min is never named");
    assert!(!opinions.contains(" — 群众代表"), "nor the category that would give it away");
}
