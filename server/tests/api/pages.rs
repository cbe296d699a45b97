//! Server-rendered pages and their form posts, as a browser without JavaScript sees them.

use crate::helpers::{spawn_app, PASSWORD};
use app::domain::account::Role;

/// Page text without Leptos's hydration markers.
async fn text(res: reqwest::Response) -> String {
    res.text().await.expect("body").replace("<!>", "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_page_is_chinese_by_default_and_english_on_request() {
    let app = spawn_app().await;
    let zh = text(app.get("/login").await).await;
    assert!(zh.contains(r#"<html lang="zh-CN""#), "{zh}");
    assert!(zh.contains("用户名") && zh.contains(r#"action="/login""#));
    let en = app.client.get(format!("{}/login", app.address)).header("accept-language", "en-GB,en;q=0.8").send().await.expect("request");
    let en = text(en).await;
    assert!(en.contains(r#"<html lang="en""#) && en.contains("Username"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_language_switcher_remembers_the_choice_and_returns() {
    let app = spawn_app().await;
    let res = app.get("/lang/en?next=/login").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/login");
    let cookie = res.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.starts_with("lang=en;") && cookie.contains("Max-Age=31536000"), "{cookie}");
    let page = text(app.get("/login").await).await;
    assert!(page.contains("Sign in"));
    // Only local paths are followed.
    let res = app.get("/lang/zh?next=//evil.example").await;
    assert_eq!(res.headers()["location"], "/");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn home_sends_visitors_to_the_login_page() {
    let app = spawn_app().await;
    let res = app.get("/").await;
    assert!(res.status().is_redirection(), "{}", res.status());
    assert_eq!(res.headers()["location"], "/login");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_form_signs_in_and_home_shows_the_user() {
    // Arrange
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;

    // Act
    let res = app
        .client
        .post(format!("{}/login", app.address))
        .form(&[("username", "zuzhibu"), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");

    // Assert
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/");
    let home = text(app.get("/").await).await;
    assert!(home.contains("zuzhibu") && home.contains("组织部管理员"), "{home}");
    assert!(home.contains(r#"action="/logout""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_wrong_password_on_the_form_returns_to_it_with_the_reason() {
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let res = app
        .client
        .post(format!("{}/login", app.address))
        .form(&[("username", "zuzhibu"), ("password", "wrong one")])
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().expect("ascii").to_owned();
    assert_eq!(to, "/login?error=invalid&username=zuzhibu");
    let page = text(app.get(&to).await).await;
    assert!(page.contains("用户名或密码不正确"), "{page}");
    assert!(page.contains(r#"value="zuzhibu""#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_login_form_says_what_is_missing() {
    let app = spawn_app().await;
    let res = app.client.post(format!("{}/login", app.address)).form(&[("username", "")]).send().await.expect("request");
    let to = res.headers()["location"].to_str().expect("ascii").to_owned();
    assert!(to.starts_with("/login?error=empty"));
    assert!(text(app.get(&to).await).await.contains("请输入用户名和密码"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_logout_form_ends_the_session() {
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    app.post_session("zuzhibu", PASSWORD).await;
    let res = app.client.post(format!("{}/logout", app.address)).send().await.expect("request");
    assert_eq!(res.headers()["location"], "/login?signed_out=1");
    assert_eq!(app.get_session().await.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_pages_get_a_404_page_without_internals() {
    let app = spawn_app().await;
    let res = app.get("/no/such/page").await;
    assert_eq!(res.status(), 404);
    let page = text(res).await;
    assert!(page.contains("页面不存在"));
    assert!(!page.contains("panicked") && !page.contains("src/"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn responses_carry_the_security_headers() {
    let app = spawn_app().await;
    let res = app.get("/login").await;
    let h = res.headers();
    assert_eq!(h["x-content-type-options"], "nosniff");
    assert_eq!(h["referrer-policy"], "no-referrer");
    assert_eq!(h["x-frame-options"], "DENY");
    assert!(h["content-security-policy"].to_str().expect("ascii").contains("frame-ancestors 'none'"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_post_from_another_origin_is_refused() {
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let res = app
        .client
        .post(format!("{}/login", app.address))
        .header("origin", "http://evil.example")
        .form(&[("username", "zuzhibu"), ("password", PASSWORD)])
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("sessions").await, 0);
}
