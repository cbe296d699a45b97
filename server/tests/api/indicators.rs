//! The indicators of coached voting through the API and the admin's results page
//! (RULES.md A10): a category whose sheets are all the same stands out from the round,
//! small categories are not broken out, admins only, closed rounds only, audited.

use crate::helpers::ballots::{cast, issue};
use crate::helpers::{error_of, spawn_app};
use app::domain::account::Role;
use serde_json::{json, Value};

fn sheet(code: &str, options: [&str; 3]) -> Value {
    json!({"code": code, "answers": [
        {"target": "jyj", "item": "overall", "option": options[0]},
        {"target": "wjw", "item": "overall", "option": options[1]},
        {"target": "jyj-zhang", "item": "overall", "option": options[2]}
    ]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_whose_sheets_are_all_alike_stands_out_and_only_the_admin_sees_it() {
    // Arrange: 8 masses, each sheet the same (all 满意, straight-lined); 6 of the two reps
    // with varied sheets; 2 more of the masses' codes in a third group would be too small.
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = crate::helpers::rounds::create_round(&app, "一致性").await;
    let masses = issue(&app, id, json!({"category": "masses", "count": 8})).await;
    let reps = issue(&app, id, json!({"category": "two_reps_one_member", "count": 6})).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    for code in &masses {
        assert_eq!(cast(&app, &sheet(code, ["satisfied", "satisfied", "satisfied"])).await.status(), 201);
    }
    let varied = [
        ["satisfied", "dissatisfied", "satisfied"],
        ["dissatisfied", "satisfied", "satisfied"],
        ["satisfied", "dissatisfied", "dissatisfied"],
        ["dissatisfied", "dissatisfied", "satisfied"],
        ["satisfied", "satisfied", "dissatisfied"],
        ["dissatisfied", "satisfied", "dissatisfied"],
    ];
    for (code, options) in reps.iter().zip(varied) {
        assert_eq!(cast(&app, &sheet(code, options)).await.status(), 201);
    }
    let res = app.get_api(&format!("/rounds/{id}/indicators")).await;
    assert_eq!(res.status(), 409, "not while the round is open");
    assert_eq!(error_of(res).await.0, "round_not_closed");
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);

    // Act
    let res = app.get_api(&format!("/rounds/{id}/indicators")).await;

    // Assert: the masses stand out; the reps do not; the round counts all 14.
    assert_eq!(res.status(), 200);
    let got: Value = res.json().await.expect("json");
    assert_eq!(got["round"]["ballots"], 14);
    assert_eq!(got["round"]["straight_lined"], 8);
    assert_eq!(got["round"]["identical"], 8, "the 8 alike; the 6 varied sheets are all different");
    let m = &got["categories"]["masses"];
    assert_eq!((m["ballots"].as_u64(), m["straight_lined"].as_u64(), m["identical"].as_u64()), (Some(8), Some(8), Some(8)));
    assert_eq!(m["straight_lined_rate"], json!(1.0));
    assert_eq!(m["look_closer"], true);
    let r = &got["categories"]["two_reps_one_member"];
    assert_eq!((r["straight_lined"].as_u64(), r["identical"].as_u64(), r["look_closer"].as_bool()), (Some(0), Some(0), Some(false)));
    assert!(r["straight_lined_gap"].as_f64().expect("gap") < 0.0, "below the round");

    // The admin's results page computes them when asked, and only then.
    let page = app.get(&format!("/rounds/{id}/results")).await.text().await.expect("html");
    assert!(page.contains(r#"data-testid="indicators""#) && !page.contains(r#"data-testid="indicators-table""#));
    let page = app.get(&format!("/rounds/{id}/results?indicators=1")).await.text().await.expect("html");
    let table = &page[page.find(r#"data-testid="indicators-table""#).expect("the table")..];
    assert!(table.contains("群众代表") && table.contains("值得进一步了解"), "{table}");

    // Steering and viewers never get them; every read is audited.
    for (name, role) in [("duban", Role::Steering), ("guancha", Role::Viewer)] {
        let c = crate::helpers::steering::member(&app, name, role).await;
        assert_eq!(crate::helpers::steering::get(&c, &app, &format!("/rounds/{id}/indicators")).await.status(), 403, "{name}");
    }
    let log: Value = app.get_api("/audit").await.json().await.expect("json");
    let reads = log["entries"].as_array().expect("entries").iter().filter(|e| e["action"] == "indicators.read").count();
    assert_eq!(reads, 2, "the API read and the page read");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_below_the_disclosure_minimum_is_not_broken_out() {
    // Arrange: 6 masses and 2 of the two reps (below the default minimum of 5).
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let id = crate::helpers::rounds::create_round(&app, "小类别").await;
    let masses = issue(&app, id, json!({"category": "masses", "count": 6})).await;
    let reps = issue(&app, id, json!({"category": "two_reps_one_member", "count": 2})).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/open"), &json!({})).await.status(), 200);
    for code in masses.iter().chain(&reps) {
        assert_eq!(cast(&app, &sheet(code, ["satisfied", "dissatisfied", "satisfied"])).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);

    // Act
    let got: Value = app.get_api(&format!("/rounds/{id}/indicators")).await.json().await.expect("json");

    // Assert: the round counts all 8; no category is broken out (the 2 would be given
    // away by the round minus the masses, so the masses are hidden too).
    assert_eq!(got["round"]["ballots"], 8);
    assert_eq!(got["round"]["identical"], 8);
    assert_eq!(got["categories"], json!({}), "{got}");
}
