//! Bad input gets the API error shape, in the caller's language, and stores nothing.

use crate::helpers::{error_of, spawn_app};

async fn post_raw(app: &crate::helpers::TestApp, body: Vec<u8>, content_type: &str, lang: &str) -> reqwest::Response {
    app.client
        .post(format!("{}/api/v1/session", app.address))
        .header("content-type", content_type)
        .header("accept-language", lang)
        .body(body)
        .send()
        .await
        .expect("request")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_json_is_a_400_with_the_error_shape() {
    let app = spawn_app().await;
    let res = post_raw(&app, b"{\"username\": ".to_vec(), "application/json", "en").await;
    assert_eq!(res.status(), 400);
    let (code, message) = error_of(res).await;
    assert_eq!(code, "invalid_json");
    assert!(message.starts_with("The request body is not valid JSON"), "{message}");
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_are_chinese_by_default_and_english_on_request() {
    let app = spawn_app().await;
    let zh = post_raw(&app, b"{}".to_vec(), "application/json", "zh-CN").await;
    assert_eq!(zh.status(), 422);
    assert_eq!(error_of(zh).await, ("missing_credentials".into(), "请输入用户名和密码。".into()));
    let en = post_raw(&app, b"{}".to_vec(), "application/json", "en-US,en;q=0.9").await;
    assert_eq!(error_of(en).await.1, "Please give a username and a password.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_oversized_body_is_refused_with_413() {
    let app = spawn_app().await;
    let big = format!("{{\"username\":\"{}\",\"password\":\"x\"}}", "a".repeat(70 * 1024));
    let res = post_raw(&app, big.into_bytes(), "application/json", "en").await;
    assert_eq!(res.status(), 413);
    assert_eq!(error_of(res).await.0, "payload_too_large");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_body_that_is_not_json_is_refused_with_415() {
    let app = spawn_app().await;
    let res = post_raw(&app, b"username=a".to_vec(), "application/x-www-form-urlencoded", "en").await;
    assert_eq!(res.status(), 415);
    assert_eq!(error_of(res).await.0, "unsupported_media_type");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_endpoints_and_methods_answer_in_the_error_shape() {
    let app = spawn_app().await;
    let res = app.get("/api/v1/nothing-here").await;
    assert_eq!(res.status(), 404);
    assert_eq!(error_of(res).await.0, "not_found");
    let res = app.client.put(format!("{}/api/v1/session", app.address)).send().await.expect("request");
    assert_eq!(res.status(), 405);
    assert_eq!(error_of(res).await.0, "method_not_allowed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn session_without_sign_in_is_401() {
    let app = spawn_app().await;
    let res = app.get_session().await;
    assert_eq!(res.status(), 401);
    assert_eq!(error_of(res).await.0, "unauthorized");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn healthz_reports_ok_when_the_database_answers() {
    let app = spawn_app().await;
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["status"], "ok");
}
