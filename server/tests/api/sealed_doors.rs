//! Smaller holes closed on the way (issue 30): opinions shown on a flag's page are audited
//! like every other read of opinions; sealing's storage step has a bit of its own, so a
//! stop just before it is finished by the next start; and a session ended at sign-out or
//! by a password reset stays ended when a request that loaded it before saves it.

use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::{client, session_cookie, spawn_app, spawn_on, test_settings, TestApp, PASSWORD};
use app::domain::account::Role;
use app::ssr::session_store::DbSessionStore;
use sea_orm::{ConnectionTrait, DatabaseBackend, Statement};
use serde_json::{json, Value};
use std::time::Duration;
use tower_sessions::{session::Id, SessionStore};

/// The `opinions.read` entries of the audit log: (actor, object, detail).
async fn opinion_reads(app: &TestApp) -> Vec<(String, String, Value)> {
    use app::ssr::db::entities::audit_entry;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("opinions.read"))
        .order_by_asc(audit_entry::Column::Id)
        .all(&app.db)
        .await
        .expect("audit log")
        .into_iter()
        .map(|e| (e.actor, e.object, serde_json::from_str(&e.detail).expect("detail is JSON")))
        .collect()
}

/// A page through `c`, which must answer 200.
async fn page_of(c: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let res = c.get(format!("{}{path}", app.address)).header("accept", "text/html").send().await.expect("request");
    assert_eq!(res.status(), 200, "GET {path}");
    res.text().await.expect("body").replace("<!>", "")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn opinions_offered_on_a_flags_page_are_audited_as_read_by_whoever_opened_it() {
    // Arrange: six ballots with opinions, every one finding wjw unsatisfactory (flagged);
    // wjw's steering group; the round published.
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 6).await;
    for (i, code) in codes.iter().enumerate() {
        let mut b = ballot(code);
        b["opinion"] = Value::from(format!("窗口办事慢第{i}条"));
        assert_eq!(cast(&app, &b).await.status(), 201);
    }
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let duda = crate::helpers::steering::member(&app, "duda", Role::Steering).await;
    crate::helpers::steering::group(&app, "第一督导组", &["duda"], &["wjw"]).await;
    assert_eq!(app.post_json(&format!("/rounds/{id}/publish"), &json!({})).await.status(), 200);
    let (flag, _) = crate::helpers::steering::flag_of(&app, id, "wjw").await;
    let before = opinion_reads(&app).await.len();

    // Act: the admin and the group's member open the flag's page.
    let admin_sees = app.page(&format!("/flags/{flag}")).await;
    let member_sees = page_of(&duda, &app, &format!("/flags/{flag}")).await;

    // Assert: both were shown the opinions, and both reads are in the audit log.
    assert!(admin_sees.contains("窗口办事慢第0条"), "the admin's picker offers the opinions");
    assert!(member_sees.contains("窗口办事慢第0条"), "the member's picker offers the opinions");
    let reads = opinion_reads(&app).await;
    let new: Vec<_> = reads[before..].iter().filter(|(_, _, d)| d["view"] == "flag").collect();
    let actors: Vec<&str> = new.iter().map(|(a, _, _)| a.as_str()).collect();
    assert_eq!(actors, ["zuzhibu", "duda"], "one opinions.read per opening of the flag's page: {reads:?}");
    for (_, object, detail) in new {
        assert_eq!(object, &format!("round:{id}"));
        assert_eq!(detail["flag"], flag);
        assert_eq!(detail["count"], 6);
    }
}

fn marker(i: usize) -> String {
    format!("DOORMARK{i:04}X")
}

/// The round's `seal_step`.
async fn seal_step(app: &TestApp, id: i64) -> i32 {
    let sql = format!("SELECT seal_step FROM rounds WHERE id = {id}");
    let row = app.db.query_one(Statement::from_string(app.db.get_database_backend(), sql)).await.expect("query").expect("row");
    row.try_get("", "seal_step").expect("seal_step")
}

/// How often PostgreSQL has vacuumed the ballots table.
async fn ballot_vacuums(app: &TestApp) -> i64 {
    let sql = "SELECT vacuum_count AS n FROM pg_stat_user_tables WHERE relname = 'ballots'";
    let row = app.db.query_one(Statement::from_string(DatabaseBackend::Postgres, sql.to_owned())).await.expect("query").expect("row");
    row.try_get("", "n").expect("vacuum_count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stop_between_the_rewrites_and_the_storage_step_is_finished_by_the_next_start() {
    // Arrange: ballots cast one commit each (on SQLite their pages sit in the write-ahead
    // log); then the state a stop leaves after the four rewrites, before the storage step:
    // the round closed, every rewrite's bit set, the storage step's not.
    let app = spawn_app().await;
    let sqlite = app.db.get_database_backend() == DatabaseBackend::Sqlite;
    let wal = format!("{}-wal", app.test_db.url.trim_start_matches("sqlite://").split('?').next().expect("path"));
    let in_log = |wal: &str| {
        let log = std::fs::read(wal).unwrap_or_default();
        (0..20).filter(|i| log.windows(marker(*i).len()).any(|w| w == marker(*i).as_bytes())).count()
    };
    let (id, codes) = open_round_with_codes(&app, 20).await;
    for (i, code) in codes.iter().enumerate() {
        let mut b = ballot(code);
        b["opinion"] = Value::from(marker(i));
        assert_eq!(cast(&app, &b).await.status(), 201);
    }
    let sql = format!("UPDATE rounds SET status = 'closed', seal_step = {} WHERE id = {id}", app::ssr::seal::REWRITTEN);
    app.db.execute(Statement::from_string(app.db.get_database_backend(), sql)).await.expect("the stopped state");
    if sqlite {
        assert!(in_log(&wal) > 0, "the test can see the ballots in the write-ahead log");
    }
    let vacuums = if sqlite { 0 } else { ballot_vacuums(&app).await };

    // Act: the next start (another process on the same database) resumes sealing.
    let _next = spawn_on(app.test_db.clone(), test_settings(&app.test_db.url)).await;
    let mut step = seal_step(&app, id).await;
    for _ in 0..300 {
        if step == app::ssr::seal::SEALED {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        step = seal_step(&app, id).await;
    }

    // Assert: the storage step ran, and only then was its bit set.
    assert_eq!(step, app::ssr::seal::SEALED, "the storage step's bit is set by the next start");
    if sqlite {
        assert_eq!(in_log(&wal), 0, "the write-ahead log no longer holds the ballots");
    } else {
        let mut now = ballot_vacuums(&app).await;
        for _ in 0..50 {
            if now > vacuums {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            now = ballot_vacuums(&app).await;
        }
        assert!(now > vacuums, "the ballots table was vacuumed ({vacuums} → {now})");
    }
    assert_eq!(app::ssr::seal::sweep(&app.db).await.expect("sweep"), 0, "nothing is left for a later start");
}

/// Signs `username` in on a client of its own → the session's id and its cookie pair.
async fn signed_in(app: &TestApp, username: &str) -> (Id, String) {
    let res = client()
        .post(format!("{}/api/v1/session", app.address))
        .json(&json!({ "username": username, "password": PASSWORD }))
        .send()
        .await
        .expect("request");
    assert_eq!(res.status(), 200);
    let pair = session_cookie(&res).expect("cookie").split(';').next().expect("name=value").to_owned();
    let id = pair.trim_start_matches("minping_session=").parse().expect("a session id");
    (id, pair)
}

/// `GET /api/v1/session` with only this cookie.
async fn who_with(app: &TestApp, pair: &str) -> reqwest::StatusCode {
    client().get(format!("{}/api/v1/session", app.address)).header("cookie", pair).send().await.expect("request").status()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_that_loaded_the_session_before_sign_out_cannot_write_it_back() {
    // Arrange: signed in; a request (its session layer, standing still) loaded the session.
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let (id, pair) = signed_in(&app, "zuzhibu").await;
    let store = DbSessionStore::new(app.db.clone());
    let mut held = store.load(&id).await.expect("load").expect("the signed-in session");
    assert_eq!(who_with(&app, &pair).await, 200);

    // Act: sign-out ends the session; then the earlier request ends and saves what it holds
    // (renewed, as a page view after a while does).
    let out = client().delete(format!("{}/api/v1/session", app.address)).header("cookie", &pair).send().await.expect("request");
    assert_eq!(out.status(), 204);
    held.data.insert("renewed".to_owned(), json!(time::OffsetDateTime::now_utc().unix_timestamp()));
    store.save(&held).await.expect("the late save answers as usual");

    // Assert: the signed-out session did not come back.
    assert_eq!(app.count("sessions").await, 0, "no session row");
    assert_eq!(who_with(&app, &pair).await, 401, "the cookie no longer authenticates");
    assert!(store.load(&id).await.expect("load").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_ended_by_a_password_reset_stay_ended_while_live_ones_still_save() {
    // Arrange: duban signed in twice; requests loaded both sessions.
    let app = spawn_app().await;
    app.create_account("zuzhibu", Role::Admin).await;
    let res = app.post_session("zuzhibu", PASSWORD).await;
    assert_eq!(res.status(), 200);
    let admin_pair = session_cookie(&res).expect("cookie").split(';').next().expect("name=value").to_owned();
    let admin: Id = admin_pair.trim_start_matches("minping_session=").parse().expect("a session id");
    app.create_account("duban", Role::Steering).await;
    let (first, first_pair) = signed_in(&app, "duban").await;
    let (second, _) = signed_in(&app, "duban").await;
    let store = DbSessionStore::new(app.db.clone());
    let admins = store.load(&admin).await.expect("load").expect("the admin's session");
    let held = [store.load(&first).await.expect("load").expect("first"), store.load(&second).await.expect("load").expect("second")];

    // Act: the admin resets duban's password (ending their sessions); the requests save.
    let res = app.post_json("/accounts/duban/reset-password", &json!({})).await;
    assert_eq!(res.status(), 200);
    for record in &held {
        store.save(record).await.expect("save");
    }
    let mut renewed = admins.clone();
    renewed.data.insert("marker".to_owned(), json!("still here"));
    store.save(&renewed).await.expect("save");

    // Assert: duban's sessions stay gone; the admin's live session took its save.
    assert_eq!(who_with(&app, &first_pair).await, 401);
    assert!(store.load(&first).await.expect("load").is_none() && store.load(&second).await.expect("load").is_none());
    let kept = store.load(&admins.id).await.expect("load").expect("the admin's session is kept");
    assert_eq!(kept.data.get("marker"), Some(&json!("still here")));
    assert_eq!(app.count("sessions").await, 1);
}
