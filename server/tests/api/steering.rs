//! Steering groups, flags, make-up lessons and re-evaluation through the API: who sees
//! which targets, the refusals of API.md, and the flag moving
//! `flagged → rectifying → passed | still_flagged` when the child round closes.

use crate::helpers::ballots::{cast, issue, open_round_with_codes};
use crate::helpers::error_of;
use crate::helpers::steering::{closed_round_with_wjw_flagged, flag_of, get, group, member, post, sheet};
use app::domain::account::Role;
use serde_json::{json, Value};

fn keys_of(results: &Value) -> Vec<String> {
    results["targets"].as_array().expect("targets").iter().map(|t| t["key"].as_str().expect("key").to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steering_members_see_their_targets_once_published_and_nothing_else() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    let a = member(&app, "duda", Role::Steering).await;
    let b = member(&app, "dudb", Role::Steering).await;
    let c = member(&app, "dudc", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    group(&app, "第二督导组", &["dudb"], &["jyj"]).await;
    group(&app, "第三督导组", &["dudc"], &[]).await;
    let path = format!("/rounds/{id}/results");

    // Act + Assert: closed, not published: in scope → 403, out of scope → 404.
    let res = get(&a, &app, &path).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_of(res).await.0, "forbidden");
    assert_eq!(get(&c, &app, &path).await.status(), 404, "no assigned target: the round is not confirmed");

    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let ra: Value = get(&a, &app, &path).await.json().await.expect("json");
    assert_eq!(keys_of(&ra), ["wjw"]);
    assert_eq!(ra["targets"][0]["status"], "flagged");
    assert_eq!(ra["targets"][0]["flag"], "flagged");
    let rb: Value = get(&b, &app, &path).await.json().await.expect("json");
    assert_eq!(keys_of(&rb), ["jyj", "jyj-zhang"], "a body's assignment covers its cadres");
    let res = get(&c, &app, &path).await;
    assert_eq!(res.status(), 404);
    assert_eq!(error_of(res).await.0, "round_not_found");
    assert_eq!(get(&c, &app, &format!("/rounds/{}/results", id + 100)).await.status(), 404, "unknown and foreign ids look alike");

    // Exports and charts follow the same rule.
    let csv = a.get(format!("{}/api/v1{path}.csv", app.address)).send().await.expect("csv").text().await.expect("text");
    assert!(csv.contains("wjw") && !csv.contains("jyj"), "{csv}");
    assert_eq!(c.get(format!("{}/api/v1{path}.xlsx", app.address)).send().await.expect("xlsx").status(), 404);
    let png = a.get(format!("{}/api/v1/rounds/{id}/charts/bars.png", app.address)).send().await.expect("png");
    assert_eq!(png.status(), 200);
    assert_eq!(png.headers()["content-type"], "image/png");
    assert_eq!(&png.bytes().await.expect("bytes")[..4], b"\x89PNG");
    assert_eq!(c.get(format!("{}/api/v1/rounds/{id}/charts/bars.png", app.address)).send().await.expect("png").status(), 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn viewers_read_published_results_in_their_scope_without_opinions() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    let whole = member(&app, "guanchaA", Role::Viewer).await;
    let unit = member(&app, "guanchaB", Role::Viewer).await;
    let none = member(&app, "guanchaC", Role::Viewer).await;
    assert_eq!(app.post_json("/viewer-scopes", &json!({"username": "guanchaA", "round_id": id})).await.status(), 204);
    assert_eq!(app.post_json("/viewer-scopes", &json!({"username": "guanchaB", "target_key": "wjw"})).await.status(), 204);
    let path = format!("/rounds/{id}/results");

    // Act + Assert
    assert_eq!(get(&whole, &app, &path).await.status(), 403, "in scope but not published");
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let all: Value = get(&whole, &app, &path).await.json().await.expect("json");
    assert_eq!(keys_of(&all), ["jyj", "wjw", "jyj-zhang"]);
    let one: Value = get(&unit, &app, &path).await.json().await.expect("json");
    assert_eq!(keys_of(&one), ["wjw"]);
    assert_eq!(get(&none, &app, &path).await.status(), 404);
    // A viewer cannot re-evaluate, see flags or groups.
    assert_eq!(post(&whole, &app, &format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await.status(), 404);
    assert_eq!(get(&whole, &app, "/groups").await.status(), 403);
    // Bad scope input is refused with a reason, nothing stored.
    let res = app.post_json("/viewer-scopes", &json!({"username": "guanchaA"})).await;
    assert_eq!(res.status(), 422);
    let res = app.post_json("/viewer-scopes", &json!({"username": "duda-nobody", "round_id": id})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("viewer_scopes").await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flagged_body_does_lessons_is_re_evaluated_and_passes() {
    // Arrange: wjw flagged in a published round; duda follows wjw, dudb follows jyj.
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    let a = member(&app, "duda", Role::Steering).await;
    let b = member(&app, "dudb", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    group(&app, "第二督导组", &["dudb"], &["jyj"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let (flag, status) = flag_of(&app, id, "wjw").await;
    assert_eq!(status, "flagged");

    // Lessons: done needs a step first; a bad date is refused; then recorded.
    let res = post(&a, &app, &format!("/flags/{flag}/lessons-done"), &json!({})).await;
    assert_eq!(res.status(), 422);
    let res = post(&a, &app, &format!("/flags/{flag}/lessons"), &json!({"date": "2026-13-01", "text": "召开专题民主生活会"})).await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("lessons").await, 0);
    let res = post(&a, &app, &format!("/flags/{flag}/lessons"), &json!({"date": "2026-11-20", "text": "召开专题民主生活会"})).await;
    assert_eq!(res.status(), 201);
    assert_eq!(post(&a, &app, &format!("/flags/{flag}/lessons-done"), &json!({})).await.status(), 200);
    assert_eq!(get(&b, &app, &format!("/flags/{flag}")).await.status(), 404, "another group's flag is not confirmed");
    let f: Value = get(&a, &app, &format!("/flags/{flag}")).await.json().await.expect("json");
    assert_eq!(f["lessons"][0]["text"], "召开专题民主生活会");
    assert!(f["flag"]["lessons_done"].is_string());

    // Refusals: another group's target, a target not flagged, nothing chosen.
    let res = post(&b, &app, &format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_of(res).await.0, "not_assigned");
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": ["jyj"]})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.0, "not_flagged");
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": []})).await;
    assert_eq!(res.status(), 422);
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": ["nope"]})).await;
    assert_eq!(res.status(), 422);
    let rounds_before = app.count("rounds").await;

    // Act: the steering member triggers re-evaluation.
    let res = post(&a, &app, &format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await;

    // Assert: a draft child with only wjw and the parent's settings.
    assert_eq!(res.status(), 201);
    let child: Value = res.json().await.expect("json");
    assert_eq!(child["parent_id"], id);
    assert_eq!(child["status"], "draft");
    let keys: Vec<&str> = child["targets"].as_array().expect("targets").iter().map(|t| t["key"].as_str().expect("key")).collect();
    assert_eq!(keys, ["wjw"]);
    assert_eq!(child["items"], app.get_api(&format!("/rounds/{id}")).await.json::<Value>().await.expect("json")["items"]);
    assert_eq!(app.count("rounds").await, rounds_before + 1);
    assert_eq!(flag_of(&app, id, "wjw").await.1, "rectifying");
    // Twice at once is refused; so is re-evaluating the (draft, then open) child.
    let res = post(&a, &app, &format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.0, "reevaluation_pending");
    let cid = child["id"].as_i64().expect("id");
    let codes = issue(&app, cid, json!({"category": "masses", "count": 5})).await;
    assert_eq!(app.post_json(&format!("/rounds/{cid}/open"), &json!({})).await.status(), 200);
    let res = app.post_json(&format!("/rounds/{cid}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 409);
    assert_eq!(error_of(res).await.0, "round_not_closed");

    // The child round: 4 of 5 satisfied with wjw → passed.
    for (i, code) in codes.iter().enumerate() {
        let opt = if i == 0 { "dissatisfied" } else { "satisfied" };
        let body = json!({"code": code, "answers": [{"target": "wjw", "item": "overall", "option": opt}]});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{cid}/close"), &json!({})).await.status(), 200);
    assert_eq!(flag_of(&app, id, "wjw").await.1, "passed");
    let r: Value = app.get_api(&format!("/rounds/{cid}/results")).await.json().await.expect("json");
    assert_eq!(r["targets"][0]["status"], "ok");
    assert_eq!(r["targets"][0]["before"]["round_id"], id);
    assert_eq!(r["targets"][0]["before"]["status"], "flagged");
    assert_eq!(r["targets"][0]["before"]["overall"]["dissatisfaction_rate"], json!(0.666667));
    assert_eq!(r["targets"][0]["overall"]["satisfaction_rate"], json!(0.8));
    let parent: Value = app.get_api(&format!("/rounds/{id}/results")).await.json().await.expect("json");
    let wjw = parent["targets"].as_array().expect("targets").iter().find(|t| t["key"] == "wjw").expect("wjw").clone();
    assert_eq!(wjw["flag"], "passed");
    assert_eq!(wjw["child_round_id"], cid);
    // The CSV of the child carries the parent's numbers beside the overall row.
    let csv =
        app.client.get(format!("{}/api/v1/rounds/{cid}/results.csv", app.address)).send().await.expect("csv").text().await.expect("text");
    let mut lines = csv.trim_start_matches('\u{feff}').lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let at = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let overall = lines
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|r| r[0] == "wjw" && r[at("item")] == "overall" && r[at("category")] == "*")
        .expect("overall row");
    assert_eq!(overall[at("before_status")], "flagged");
    assert_eq!(overall[at("before_dissatisfaction_rate")], "0.666667");
    assert_eq!(overall[at("satisfaction_rate")], "0.800000");
    // The comparison sheet is in the child's workbook.
    let bytes = app
        .client
        .get(format!("{}/api/v1/rounds/{cid}/results.xlsx", app.address))
        .send()
        .await
        .expect("xlsx")
        .bytes()
        .await
        .expect("bytes");
    let book: calamine::Xlsx<_> = calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).expect("xlsx");
    use calamine::Reader;
    assert!(book.sheet_names().iter().any(|n| n == "重新测评对比"), "{:?}", book.sheet_names());
    // The before/after chart is drawn.
    let png = app.client.get(format!("{}/api/v1/rounds/{cid}/charts/before_after.png", app.address)).send().await.expect("png");
    assert_eq!(png.status(), 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_still_flagged_after_re_evaluation_can_be_re_evaluated_again() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;

    // Act: the admin re-evaluates; the child flags wjw again (5 of 5 dissatisfied).
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 201);
    let cid = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let codes = issue(&app, cid, json!({"category": "masses", "count": 5})).await;
    assert_eq!(app.post_json(&format!("/rounds/{cid}/open"), &json!({})).await.status(), 200);
    for code in &codes {
        let body = json!({"code": code, "answers": [{"target": "wjw", "item": "overall", "option": "dissatisfied"}]});
        assert_eq!(cast(&app, &body).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{cid}/close"), &json!({})).await.status(), 200);

    // Assert: the parent's flag is still_flagged; the child's own flag starts the chain.
    assert_eq!(flag_of(&app, id, "wjw").await.1, "still_flagged");
    assert_eq!(flag_of(&app, cid, "wjw").await.1, "flagged");
    let res = app.post_json(&format!("/rounds/{id}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 409, "the settled parent flag is not re-evaluated twice");
    let res = app.post_json(&format!("/rounds/{cid}/reevaluate"), &json!({"targets": ["wjw"]})).await;
    assert_eq!(res.status(), 201);
    let grandchild: Value = res.json().await.expect("json");
    assert_eq!(grandchild["parent_id"], cid);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_re_evaluations_of_one_target_create_one_child() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    let before = app.count("rounds").await;

    // Act: 8 requests at once.
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (c, url) = (app.client.clone(), format!("{}/api/v1/rounds/{id}/reevaluate", app.address));
        tasks.push(tokio::spawn(
            async move { c.post(url).json(&json!({"targets": ["wjw"]})).send().await.expect("request").status().as_u16() },
        ));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }

    // Assert
    statuses.sort_unstable();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert_eq!(app.count("rounds").await, before + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn steering_home_lists_targets_status_and_whats_new() {
    // Arrange
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    let a = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);

    // Act
    let page = a.get(format!("{}/", app.address)).header("accept", "text/html").send().await.expect("page").text().await.expect("html");

    // Assert
    assert!(page.contains("第一督导组"), "group name");
    assert!(page.contains("区卫生健康局领导班子"), "assigned target");
    assert!(page.contains("data-flag=\"flagged\""), "latest status badge");
    assert!(page.contains("结果已发布") && page.contains("需补课"), "notices: published and flagged");
    assert!(page.contains(">新<"), "new notices marked");
    let again = a.get(format!("{}/", app.address)).header("accept", "text/html").send().await.expect("page").text().await.expect("html");
    assert!(!again.contains(">新<"), "seen on the second visit");
    // Group admin page refuses steering; the admin sees the overdue list with N = 0 days.
    let groups = a.get(format!("{}/groups", app.address)).send().await.expect("page").text().await.expect("html");
    assert!(!groups.contains("第一督导组"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opinions_reach_steering_members_of_a_rated_target_only_and_never_viewers() {
    // Arrange: a ballot from a code scoped to jyj carries an opinion: jyj's group may read
    // it once published, wjw's group may not; a viewer of the whole round sees no opinions.
    let app = crate::helpers::spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 5).await;
    for code in &codes {
        assert_eq!(cast(&app, &sheet(code, "satisfied", "satisfied")).await.status(), 201);
    }
    let scoped = issue(&app, id, json!({"category": "masses", "count": 1, "targets": ["jyj"]})).await;
    let body = json!({"code": scoped[0], "opinion": "只对教育局的意见",
        "answers": [{"target": "jyj", "item": "overall", "option": "satisfied"}]});
    assert_eq!(cast(&app, &body).await.status(), 201);
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let a = member(&app, "duda", Role::Steering).await;
    let b = member(&app, "dudb", Role::Steering).await;
    let v = member(&app, "guancha", Role::Viewer).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    group(&app, "第二督导组", &["dudb"], &["jyj"]).await;
    assert_eq!(app.post_json("/viewer-scopes", &json!({"username": "guancha", "round_id": id})).await.status(), 204);
    let page = |c: reqwest::Client| {
        let url = format!("{}/rounds/{id}/results", app.address);
        async move { c.get(url).header("accept", "text/html").send().await.expect("page").text().await.expect("html") }
    };

    // Act + Assert: before publication nobody but the admin reads opinions.
    assert!(!page(b.clone()).await.contains("只对教育局的意见"));
    assert!(page(app.client.clone()).await.contains("只对教育局的意见"));
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    assert!(page(b).await.contains("只对教育局的意见"), "jyj's group reads opinions of ballots that rated jyj");
    assert!(!page(a).await.contains("只对教育局的意见"), "wjw's group does not: that ballot never rated wjw");
    let viewer = page(v).await;
    assert!(viewer.contains("区教育局领导班子") && !viewer.contains("只对教育局的意见"), "viewers see results, no opinions");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn notices_speak_the_readers_language_whatever_language_wrote_them() {
    // Arrange: the notices were written by a Chinese admin's actions.
    let app = crate::helpers::spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    let a = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);

    // Act: the member reads the home page in English.
    let page = a
        .get(format!("{}/", app.address))
        .header("accept", "text/html")
        .header("accept-language", "en")
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");

    // Assert: the same notices, in English; no Chinese sentence of them.
    assert!(page.contains("results published") && page.contains("flagged for make-up lessons"), "{page}");
    assert!(!page.contains("结果已发布") && !page.contains("：需补课"), "{page}");
}
