//! Signing in and out through `/api/v1/session`.

use crate::helpers::{error_of, session_cookie, spawn_app, spawn_app_with, spawn_on, test_settings, PASSWORD};
use app::domain::account::Role;
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn valid_credentials_sign_in_with_a_safe_cookie() {
    // Arrange
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;

    // Act
    let res = app.post_session("zuzhibu", PASSWORD).await;

    // Assert
    assert_eq!(res.status(), 200);
    let cookie = session_cookie(&res).expect("a session cookie");
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    assert!(!cookie.contains("Secure"), "plain http must not get Secure: {cookie}");
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body, serde_json::json!({ "username": "zuzhibu", "role": "admin" }));
    let me: serde_json::Value = app.get_session().await.json().await.expect("json");
    assert_eq!(me["username"], "zuzhibu");
    assert_eq!(app.count("sessions").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cookies_are_secure_when_served_over_https() {
    let app = spawn_app_with(|s| crate::helpers::Settings { secure_cookies: true, ..s }).await;
    app.create_account("zuzhibu", Role::Admin).await;
    let res = app.post_session("zuzhibu", PASSWORD).await;
    assert!(session_cookie(&res).expect("cookie").contains("Secure"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    // Arrange
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;

    // Act
    let wrong = app.post_session("zuzhibu", "not the password").await;
    let unknown = app.post_session("nobody", "not the password").await;

    // Assert
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert!(session_cookie(&wrong).is_none() && session_cookie(&unknown).is_none());
    let (a, b) = (error_of(wrong).await, error_of(unknown).await);
    assert_eq!(a, b);
    assert_eq!(a.0, "invalid_credentials");
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_user_costs_a_password_hash_like_a_known_one() {
    // Without the dummy hash an unknown user answers in about a millisecond while a wrong
    // password costs an argon2id verification (tens of ms); the bound is loose on purpose.
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let mut known = Duration::MAX;
    let mut unknown = Duration::MAX;
    for _ in 0..3 {
        let t = Instant::now();
        app.post_session("zuzhibu", "not the password").await;
        known = known.min(t.elapsed());
        let t = Instant::now();
        app.post_session("nobody-here", "not the password").await;
        unknown = unknown.min(t.elapsed());
    }
    assert!(unknown * 3 >= known, "unknown user {unknown:?} vs wrong password {known:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_survives_a_restart_and_is_shared_by_a_second_server() {
    // Arrange: sign in on server A.
    let a = spawn_app().await;
    a.create_account("duban", Role::Steering).await;
    assert_eq!(a.post_session("duban", PASSWORD).await.status(), 200);

    // Act: a second server process on the same database, reached with the same cookie jar.
    let b = spawn_on(a.test_db.clone(), test_settings(&a.test_db.url)).await;
    let res = a.client.get(format!("{}/api/v1/session", b.address)).send().await.expect("request");

    // Assert
    assert_eq!(res.status(), 200);
    let me: serde_json::Value = res.json().await.expect("json");
    assert_eq!(me["role"], "steering");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_out_kills_the_server_side_session() {
    // Arrange
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let res = app.post_session("zuzhibu", PASSWORD).await;
    let cookie = session_cookie(&res).expect("cookie");
    let pair = cookie.split(';').next().expect("name=value").to_owned();

    // Act
    let out = app.client.delete(format!("{}/api/v1/session", app.address)).send().await.expect("request");

    // Assert: the old cookie, replayed by another client, is worthless.
    assert_eq!(out.status(), 204);
    assert_eq!(app.count("sessions").await, 0);
    let replay =
        crate::helpers::client().get(format!("{}/api/v1/session", app.address)).header("cookie", pair).send().await.expect("request");
    assert_eq!(replay.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn signing_in_again_renews_the_session_id() {
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let first = session_cookie(&app.post_session("zuzhibu", PASSWORD).await).expect("cookie");
    let second = session_cookie(&app.post_session("zuzhibu", PASSWORD).await).expect("cookie");
    assert_ne!(first.split(';').next(), second.split(';').next());
    assert_eq!(app.count("sessions").await, 1, "the old session row is gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_address_is_throttled_after_its_quota_of_attempts() {
    let app = spawn_app_with(|s| crate::helpers::Settings { login_per_minute: 3, ..s }).await;
    for _ in 0..3 {
        assert_eq!(app.post_session("someone", "wrong password").await.status(), 401);
    }
    let res = app.post_session("someone", "wrong password").await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(error_of(res).await.0, "rate_limited");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disabled_account_cannot_sign_in() {
    use sea_orm::ConnectionTrait;
    let app = spawn_app().await;
    app.create_account("tingyong", Role::Viewer).await;
    app.db.execute_unprepared("UPDATE users SET disabled = TRUE WHERE username = 'tingyong'").await.expect("update");
    let res = app.post_session("tingyong", PASSWORD).await;
    assert_eq!(res.status(), 403);
    assert_eq!(error_of(res).await.0, "account_disabled");
    // With a wrong password it looks like any other failure.
    assert_eq!(app.post_session("tingyong", "wrong password").await.status(), 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sign_in_from_another_origin_is_refused() {
    // Arrange
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;

    // Act
    let res = app
        .client
        .post(format!("{}/api/v1/session", app.address))
        .header("origin", "http://evil.example")
        .json(&serde_json::json!({ "username": "zuzhibu", "password": PASSWORD }))
        .send()
        .await
        .expect("request");

    // Assert
    assert_eq!(res.status(), 403);
    assert_eq!(error_of(res).await.0, "cross_origin");
    assert_eq!(app.count("sessions").await, 0);
}

/// The test database's one session row.
async fn the_session_row(app: &crate::helpers::TestApp) -> app::ssr::db::entities::session::Model {
    use sea_orm::EntityTrait;
    let mut rows = app::ssr::db::entities::session::Entity::find().all(&app.db).await.expect("sessions");
    assert_eq!(rows.len(), 1, "one session");
    rows.remove(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reading_pages_leaves_the_session_row_alone() {
    // Arrange
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let before = the_session_row(&app).await;
    tokio::time::sleep(Duration::from_millis(100)).await;

    // Act: page views within the renewal interval, none with a message to show
    for path in ["/", "/rounds", "/audit", "/rounds"] {
        app.page(path).await;
    }

    // Assert: no write at all (a write would have moved the idle expiry)
    let after = the_session_row(&app).await;
    assert_eq!((after.expires_at, after.data), (before.expires_at, before.data));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_session_in_use_is_renewed_by_its_page_views() {
    use sea_orm::{ActiveModelTrait, IntoActiveModel, Set};
    use time::{Duration as Span, OffsetDateTime};
    // Arrange: a session last renewed longer ago than the renewal interval, ten minutes
    // from its idle expiry
    let app = spawn_app().await;
    app.sign_in_as("zuzhibu", Role::Admin).await;
    let now = OffsetDateTime::now_utc();
    let long_ago = now.unix_timestamp() - app::ssr::auth::RENEW_EVERY_SECS - 1;
    let row = the_session_row(&app).await;
    let mut data: serde_json::Value = serde_json::from_str(&row.data).expect("json");
    data["renewed"] = long_ago.into();
    let mut row = row.into_active_model();
    row.data = Set(data.to_string());
    row.expires_at = Set(now + Span::minutes(10));
    row.update(&app.db).await.expect("update");

    // Act
    app.page("/rounds").await;

    // Assert: the idle expiry runs from this page view again, and the next renewal is
    // an interval away
    let after = the_session_row(&app).await;
    let idle = Span::hours(server::startup::SESSION_IDLE_HOURS);
    assert!(after.expires_at > now + idle - Span::minutes(1), "expires {} (was ten minutes away)", after.expires_at);
    let data: serde_json::Value = serde_json::from_str(&after.data).expect("json");
    assert!(data["renewed"].as_i64().expect("renewed") >= now.unix_timestamp(), "{data}");
    assert_eq!(app.get_session().await.status(), 200, "still signed in");
}
