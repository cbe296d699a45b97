//! The role table (RULES.md P1), walked: every API route and server function, for each
//! of admin, steering of the target's group, steering of another group, viewer in scope,
//! clerk and anonymous. Deny by default: a route missing from this walk is a test to add.

use crate::helpers::steering::{closed_round_with_wjw_flagged, group, member};
use crate::helpers::{client, spawn_app, TestApp};
use app::domain::account::Role;
use app::error::AppError;
use serde_json::{json, Value};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Clerk,
    Viewer,
    OtherSteering,
    Steering,
    Admin,
}

/// What a caller gets: an HTTP status (API) or the server function's outcome.
#[derive(Clone, Debug, PartialEq)]
enum Got {
    Status(u16),
    Fn(Result<(), AppError>),
}

async fn api(c: &reqwest::Client, app: &TestApp, method: &str, path: &str, body: Option<&Value>) -> Got {
    let url = format!("{}/api/v1{path}", app.address);
    let req = match method {
        "GET" => c.get(url),
        "PUT" => c.put(url),
        "DELETE" => c.delete(url),
        "PATCH" => c.patch(url),
        _ => c.post(url),
    };
    let req = match body {
        Some(b) => req.json(b),
        None => req,
    };
    Got::Status(req.send().await.expect("request").status().as_u16())
}

async fn sfn(c: &reqwest::Client, app: &TestApp, name: &str, args: &str) -> Got {
    let res = c
        .post(format!("{}/sfn/{name}", app.address))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "application/json")
        .body(args.to_owned())
        .send()
        .await
        .expect("request");
    if res.status().is_success() {
        return Got::Fn(Ok(()));
    }
    let text = res.text().await.expect("body");
    let err: AppError = serde_json::from_str(&text).unwrap_or_else(|_| panic!("{name}: not an AppError: {text}"));
    Got::Fn(Err(err))
}

fn ok() -> Got {
    Got::Fn(Ok(()))
}

fn err(e: AppError) -> Got {
    Got::Fn(Err(e))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_and_server_function_answers_each_role_as_the_role_table_says() {
    // Arrange: round 1 (wjw flagged, published); duda's group follows wjw; dudx's group
    // follows a body of another round only; the viewer's scope is round 1.
    let app = spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let mut other = crate::helpers::rounds::round_body("另一轮");
    other["targets"] = json!([{"key": "swj", "name": "区税务局领导班子", "kind": "body"}]);
    let res = app.post_json("/rounds", &other).await;
    assert_eq!(res.status(), 201);
    let draft = res.json::<Value>().await.expect("json")["id"].as_i64().expect("id");
    let steering = member(&app, "duda", Role::Steering).await;
    let other_steering = member(&app, "dudx", Role::Steering).await;
    let viewer = member(&app, "guancha", Role::Viewer).await;
    let clerk = member(&app, "luru", Role::Clerk).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    group(&app, "第九督导组", &["dudx"], &["swj"]).await;
    assert_eq!(app.post_json("/viewer-scopes", &json!({"username": "guancha", "round_id": id})).await.status(), 204);
    let flag = {
        use app::ssr::db::entities::target_flag;
        use sea_orm::EntityTrait;
        target_flag::Entity::find().all(&app.db).await.expect("flags")[0].id
    };
    // One problem with one measure on the flag, made by the admin before the walk.
    let res = app.post_json(&format!("/flags/{flag}/problems"), &json!({"title": "办事慢", "source": "finding"})).await;
    let problem = res.json::<Value>().await.expect("json")["problems"][0]["id"].as_i64().expect("problem");
    let deadline = (app::ssr::ledger::today() + time::Duration::days(30)).to_string();
    let measure_body = json!({"text": "一窗通办", "owner": "王主任", "deadline": deadline});
    let res = app.post_json(&format!("/problems/{problem}/measures"), &measure_body).await;
    let measure = res.json::<Value>().await.expect("json")["problems"][0]["measures"][0]["id"].as_i64().expect("measure");
    let anonymous = client();
    let clients = [
        (Who::Anonymous, &anonymous),
        (Who::Clerk, &clerk),
        (Who::Viewer, &viewer),
        (Who::OtherSteering, &other_steering),
        (Who::Steering, &steering),
        (Who::Admin, &app.client),
    ];
    let round = crate::helpers::rounds::round_body("新一轮");
    let lesson = json!({"date": "2026-11-20", "text": "整改"});
    // (description, expected per role in the order of `clients`)
    type Row = (&'static str, [Got; 6]);
    let s = Got::Status;
    let deny = |admin: u16| [s(401), s(403), s(403), s(403), s(403), s(admin)];
    // A clerk is like a steering member of another group: no round is in view.
    let by_target = |admin: u16, steering: u16, viewer: u16| [s(401), s(404), s(viewer), s(404), s(steering), s(admin)];
    let paper = json!({"code": "AAAA-BBBB-CCCC", "answers": []});

    // Act + Assert, in role order (admin last, so state changes come after the refusals).
    let mut failures = Vec::new();
    for (i, (who, c)) in clients.iter().enumerate() {
        let rows: Vec<(Row, Got)> = vec![
            (("GET /rounds", deny(200)), api(c, &app, "GET", "/rounds", None).await),
            (("POST /rounds", deny(201)), api(c, &app, "POST", "/rounds", Some(&round)).await),
            (("GET /rounds/{id}", deny(200)), api(c, &app, "GET", &format!("/rounds/{id}"), None).await),
            (("PUT /rounds/{id}", deny(409)), api(c, &app, "PUT", &format!("/rounds/{id}"), Some(&round)).await),
            (("POST /rounds/{id}/copy", deny(201)), api(c, &app, "POST", &format!("/rounds/{id}/copy"), None).await),
            (
                ("POST /rounds/{id}/codes", deny(409)),
                api(c, &app, "POST", &format!("/rounds/{id}/codes"), Some(&json!({"category": "masses", "count": 1}))).await,
            ),
            (
                ("POST /rounds/{id}/codes/revoke", deny(422)),
                api(c, &app, "POST", &format!("/rounds/{id}/codes/revoke"), Some(&json!({}))).await,
            ),
            (
                ("POST /rounds/{id}/codes/plan", deny(409)),
                api(
                    c,
                    &app,
                    "POST",
                    &format!("/rounds/{id}/codes/plan"),
                    Some(&json!({"plan": [{"unit": "wjw", "category": "masses", "count": 1}]})),
                )
                .await,
            ),
            (("GET /targets/wjw/history", by_target(200, 200, 200)), api(c, &app, "GET", "/targets/wjw/history", None).await),
            (("GET /rounds/{id}/codes/summary", deny(200)), api(c, &app, "GET", &format!("/rounds/{id}/codes/summary"), None).await),
            (("POST /rounds/{draft}/open", deny(200)), api(c, &app, "POST", &format!("/rounds/{draft}/open"), None).await),
            (("GET /audit", deny(200)), api(c, &app, "GET", "/audit", None).await),
            (("GET /rounds/{id}/reconciliation", deny(200)), api(c, &app, "GET", &format!("/rounds/{id}/reconciliation"), None).await),
            (
                ("GET /rounds/{id}/reconciliation.xlsx", deny(200)),
                api(c, &app, "GET", &format!("/rounds/{id}/reconciliation.xlsx"), None).await,
            ),
            (
                ("POST /rounds/{id}/paper-ballots (an unknown code)", [s(401), s(404), s(403), s(403), s(403), s(404)]),
                api(c, &app, "POST", &format!("/rounds/{id}/paper-ballots"), Some(&paper)).await,
            ),
            (("POST /rounds/{id}/hall-link", deny(201)), api(c, &app, "POST", &format!("/rounds/{id}/hall-link"), None).await),
            (("DELETE /rounds/{id}/hall-link", deny(204)), api(c, &app, "DELETE", &format!("/rounds/{id}/hall-link"), None).await),
            (("POST /rounds/{id}/public-link", deny(201)), api(c, &app, "POST", &format!("/rounds/{id}/public-link"), None).await),
            (("DELETE /rounds/{id}/public-link", deny(204)), api(c, &app, "DELETE", &format!("/rounds/{id}/public-link"), None).await),
            (
                ("GET /hall/{token} (withdrawn: the same for everyone)", [s(404), s(404), s(404), s(404), s(404), s(404)]),
                api(c, &app, "GET", "/hall/abcdefghjkmnpqrstuvwxyzABCDEFGH", None).await,
            ),
            (("GET /groups", deny(200)), api(c, &app, "GET", "/groups", None).await),
            (("POST /groups", deny(201)), api(c, &app, "POST", "/groups", Some(&json!({"name": "新督导组"}))).await),
            (("POST /groups/1/members", deny(204)), api(c, &app, "POST", "/groups/1/members", Some(&json!({"username": "duda"}))).await),
            (
                ("POST /viewer-scopes", deny(204)),
                api(c, &app, "POST", "/viewer-scopes", Some(&json!({"username": "guancha", "target_key": "wjw"}))).await,
            ),
            (("GET /rounds/{id}/results", by_target(200, 200, 200)), api(c, &app, "GET", &format!("/rounds/{id}/results"), None).await),
            (
                ("GET /rounds/{id}/results.csv", by_target(200, 200, 200)),
                api(c, &app, "GET", &format!("/rounds/{id}/results.csv"), None).await,
            ),
            (
                ("GET /rounds/{id}/results.xlsx", by_target(200, 200, 200)),
                api(c, &app, "GET", &format!("/rounds/{id}/results.xlsx"), None).await,
            ),
            (
                ("GET /rounds/{id}/charts/bars.png", by_target(200, 200, 200)),
                api(c, &app, "GET", &format!("/rounds/{id}/charts/bars.png"), None).await,
            ),
            (
                ("GET /rounds/{id}/report.docx", by_target(200, 200, 200)),
                api(c, &app, "GET", &format!("/rounds/{id}/report.docx"), None).await,
            ),
            (
                ("GET /rounds/{draft}/results (a draft of another group's body)", [s(401), s(404), s(404), s(404), s(404), s(409)]),
                api(c, &app, "GET", &format!("/rounds/{draft}/results"), None).await,
            ),
            (("GET /flags/{flag}", by_target(200, 200, 404)), api(c, &app, "GET", &format!("/flags/{flag}"), None).await),
            (
                ("POST /flags/{flag}/lessons", by_target(409, 201, 404)),
                api(c, &app, "POST", &format!("/flags/{flag}/lessons"), Some(&lesson)).await,
            ),
            (("GET /flags/{flag}/problems", by_target(200, 200, 404)), api(c, &app, "GET", &format!("/flags/{flag}/problems"), None).await),
            (
                ("GET /rounds/{id}/ledger.xlsx", by_target(200, 200, 404)),
                api(c, &app, "GET", &format!("/rounds/{id}/ledger.xlsx"), None).await,
            ),
            (
                ("GET /rounds/{id}/opinions.csv", by_target(200, 200, 404)),
                api(c, &app, "GET", &format!("/rounds/{id}/opinions.csv"), None).await,
            ),
            (
                ("GET /rounds/{id}/opinions.xlsx", by_target(200, 200, 404)),
                api(c, &app, "GET", &format!("/rounds/{id}/opinions.xlsx"), None).await,
            ),
            (("GET /rounds/{id}/indicators", deny(200)), api(c, &app, "GET", &format!("/rounds/{id}/indicators"), None).await),
            (
                ("POST /flags/{flag}/problems", by_target(201, 201, 404)),
                api(c, &app, "POST", &format!("/flags/{flag}/problems"), Some(&json!({"title": "作风漂浮", "source": "opinion"}))).await,
            ),
            (
                ("POST /problems/{problem}/measures", by_target(201, 201, 404)),
                api(c, &app, "POST", &format!("/problems/{problem}/measures"), Some(&measure_body)).await,
            ),
            (
                ("PATCH /measures/{measure}", by_target(200, 200, 404)),
                api(c, &app, "PATCH", &format!("/measures/{measure}"), Some(&json!({"status": "doing"}))).await,
            ),
            (
                ("POST /rounds/{id}/reevaluate", by_target(409, 201, 404)),
                api(c, &app, "POST", &format!("/rounds/{id}/reevaluate"), Some(&json!({"targets": ["wjw"], "confirm": true}))).await,
            ),
            (
                (
                    "sfn list_rounds",
                    [
                        err(AppError::Unauthorized),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "list_rounds", "").await,
            ),
            (
                (
                    "sfn get_round",
                    [
                        err(AppError::Unauthorized),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "get_round", &format!("id={id}")).await,
            ),
            (
                (
                    "sfn open_paper (an unknown code)",
                    [
                        err(AppError::Unauthorized),
                        ok(),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "open_paper", "code=AAAA-BBBB-CCCC").await,
            ),
            (
                (
                    "sfn submit_paper (an unknown code)",
                    [
                        err(AppError::Unauthorized),
                        ok(),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "submit_paper", "code=AAAA-BBBB-CCCC&answers[0][target]=wjw&answers[0][item]=overall&answers[0][option]=satisfied&opinion=&receipt=&confirm=false").await,
            ),
            (
                (
                    "sfn audit_log",
                    [
                        err(AppError::Unauthorized),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "audit_log", "").await,
            ),
            (
                (
                    "sfn accounts_admin",
                    [
                        err(AppError::Unauthorized),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "accounts_admin", "").await,
            ),
            (
                (
                    "sfn groups_admin",
                    [
                        err(AppError::Unauthorized),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        ok(),
                    ],
                ),
                sfn(c, &app, "groups_admin", "").await,
            ),
            (
                ("sfn round_results", [err(AppError::Unauthorized), err(AppError::Forbidden), ok(), err(AppError::NotFound), ok(), ok()]),
                sfn(c, &app, "round_results", &format!("id={id}&print=false&indicators=true")).await,
            ),
            (
                ("sfn target_history", [err(AppError::Unauthorized), err(AppError::Forbidden), ok(), err(AppError::NotFound), ok(), ok()]),
                sfn(c, &app, "target_history", "key=wjw").await,
            ),
            (
                (
                    "sfn get_flag",
                    [err(AppError::Unauthorized), err(AppError::Forbidden), err(AppError::Forbidden), err(AppError::NotFound), ok(), ok()],
                ),
                sfn(c, &app, "get_flag", &format!("id={flag}")).await,
            ),
            (
                (
                    "sfn steering_home",
                    [err(AppError::Unauthorized), err(AppError::Forbidden), err(AppError::Forbidden), ok(), ok(), err(AppError::Forbidden)],
                ),
                sfn(c, &app, "steering_home", "").await,
            ),
            (
                (
                    "sfn viewer_rounds",
                    [
                        err(AppError::Unauthorized),
                        err(AppError::Forbidden),
                        ok(),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                        err(AppError::Forbidden),
                    ],
                ),
                sfn(c, &app, "viewer_rounds", "").await,
            ),
        ];
        for ((what, expected), got) in rows {
            if expected[i] != got {
                failures.push(format!("{who:?} {what}: expected {:?}, got {got:?}", expected[i]));
            }
        }
    }
    assert!(failures.is_empty(), "{} refusals differ from the role table:\n{}", failures.len(), failures.join("\n"));

    // Pages: the other group's member sees none of round 1's targets; the steering
    // member only wjw; an anonymous visitor is sent to sign in.
    let page = |c: &reqwest::Client, path: String| {
        let c = c.clone();
        async move { c.get(path).header("accept", "text/html").send().await.expect("page").text().await.expect("html") }
    };
    let url = format!("{}/rounds/{id}/results", app.address);
    let html = page(&other_steering, url.clone()).await;
    assert!(!html.contains("区卫生健康局领导班子") && !html.contains("区教育局领导班子"));
    let html = page(&steering, url.clone()).await;
    assert!(html.contains("区卫生健康局领导班子") && !html.contains("区教育局领导班子"));
    let res = anonymous.get(url).header("accept", "text/html").send().await.expect("page");
    assert!(res.status().is_redirection() || res.text().await.expect("html").contains("/login"));
}

/// A response as text: a ZIP package (XLSX, DOCX) as the text of its parts, a PNG as
/// nothing (its labels are pixels, drawn from the SVG of the page, which is read).
fn as_text(bytes: &[u8]) -> String {
    if bytes.starts_with(b"\x89PNG") {
        return String::new();
    }
    if !bytes.starts_with(b"PK") {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a ZIP package");
    let mut text = String::new();
    for i in 0..zip.len() {
        let mut part = zip.by_index(i).expect("a part");
        let _ = std::io::Read::read_to_string(&mut part, &mut text);
    }
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_results_shaped_route_names_only_targets_in_a_steering_members_scope() {
    // Arrange: round (jyj, wjw, jyj-zhang) published, wjw flagged; duda's group follows wjw.
    let app = spawn_app().await;
    let id = closed_round_with_wjw_flagged(&app).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let duda = member(&app, "duda", Role::Steering).await;
    group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    let flag = {
        use app::ssr::db::entities::target_flag;
        use sea_orm::EntityTrait;
        target_flag::Entity::find().all(&app.db).await.expect("flags")[0].id
    };
    // Every GET route the API document lists (the next one added is walked too), with
    // each chart, and every page of the round.
    let doc: Value = app.get_api("/openapi.json").await.json().await.expect("the API document");
    let mut paths: Vec<String> = Vec::new();
    for (path, methods) in doc["paths"].as_object().expect("paths") {
        if methods.get("get").is_none() {
            continue;
        }
        let path = path.replace("{id}", &id.to_string()).replace("{key}", "wjw");
        let path = if path.starts_with("/api/v1/flags/") { path.replacen(&id.to_string(), &flag.to_string(), 1) } else { path };
        if path.contains("{file}") {
            paths.extend(
                ["bars", "bars_cadre", "categories", "heatmap", "heatmap_cadre"].map(|c| path.replace("{file}", &format!("{c}.png"))),
            );
        } else if !path.contains('{') {
            paths.push(path);
        }
    }
    paths.extend(["results", "report", "ledger"].map(|p| format!("/rounds/{id}/{p}")));
    paths.extend([format!("/flags/{flag}"), "/targets/wjw/history".into(), "/steering".into()]);
    assert!(paths.len() >= 20, "the API document lists the routes: {paths:?}");

    // Act + Assert: whatever the member may read names nothing outside wjw.
    let mut read = 0;
    for path in &paths {
        let res = duda.get(format!("{}{path}", app.address)).header("accept", "text/html").send().await.expect("request");
        if res.status() != 200 {
            continue;
        }
        read += 1;
        let text = as_text(&res.bytes().await.expect("body"));
        for word in ["jyj", "区教育局", "张建国"] {
            assert!(!text.contains(word), "{path} names {word}, outside the member's scope");
        }
    }
    assert!(read >= 12, "the member reads the results-shaped routes ({read} read)");
}
