//! Issue 8's bounded reliability checks that run in the integration suite (on SQLite and
//! PostgreSQL): each code accepted once under heavy racing; slow and oversized requests
//! cannot hold the server.

use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::{spawn_app, spawn_app_with, spawn_on, test_settings, Settings};
use std::collections::HashSet;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_racing_submissions_of_each_of_a_hundred_codes_store_a_hundred_ballots() {
    // Arrange
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 100).await;
    // Idle connections are let go before the server's 10-second header timeout closes them.
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).pool_idle_timeout(Duration::from_secs(5)).build().expect("client");

    // Act: 64 submissions of every code, all in flight together.
    let mut tasks = Vec::new();
    for round in 0..64 {
        for code in &codes {
            let (c, url, body) = (client.clone(), format!("{}/api/v1/ballots", app.address), ballot(code));
            tasks.push(tokio::spawn(async move {
                let res = c.post(url).json(&body).send().await.expect("request");
                let status = res.status().as_u16();
                let receipt = if status == 201 {
                    res.json::<serde_json::Value>().await.ok().and_then(|v| v["receipt"].as_str().map(str::to_owned))
                } else {
                    None
                };
                (round, status, receipt)
            }));
        }
    }
    let mut created = Vec::new();
    let mut other = Vec::new();
    for t in tasks {
        let (_, status, receipt) = t.await.expect("task");
        match status {
            201 => created.push(receipt.expect("a receipt")),
            409 => {}
            s => other.push(s),
        }
    }

    // Assert: one 201 per code, the rest 409 code_used, exactly 100 ballots and receipts.
    assert!(other.is_empty(), "unexpected statuses: {other:?}");
    assert_eq!(created.len(), 100);
    assert_eq!(created.iter().collect::<HashSet<_>>().len(), 100, "receipts are distinct");
    assert_eq!(app.count("ballots").await, 100);
    assert_eq!(app.count("receipts").await, 100);
    assert_eq!(app.count("codes WHERE state = 'used'").await, 100);
    // A single-code retry still works: it is refused, nothing more is stored.
    assert_eq!(cast(&app, &ballot(&codes[0])).await.status(), 409);
    assert_eq!(app.count("ballots").await, 100);
}

fn host_port(app: &crate::helpers::TestApp) -> String {
    app.address.trim_start_matches("http://").to_owned()
}

/// Reads what the server sends until it closes the connection (or `limit` passes).
async fn read_until_closed(stream: &mut TcpStream, limit: Duration) -> Option<String> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let deadline = tokio::time::Instant::now() + limit;
    loop {
        match tokio::time::timeout_at(deadline, stream.read(&mut buf)).await {
            Err(_) => return None,
            Ok(Ok(0) | Err(_)) => return Some(String::from_utf8_lossy(&out).into_owned()),
            Ok(Ok(n)) => out.extend_from_slice(&buf[..n]),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn slow_loris_connections_are_cut_off_and_never_hold_the_server() {
    // Arrange: a 2-second header timeout (10 s in production).
    let app = spawn_app_with(|s| Settings { header_timeout: Duration::from_secs(2), ..s }).await;
    let addr = host_port(&app);

    // Act: 200 connections each trickle a request head, one header line every 300 ms.
    let started = Instant::now();
    let mut lorises = Vec::new();
    for i in 0..200 {
        let addr = addr.clone();
        lorises.push(tokio::spawn(async move {
            let mut s = TcpStream::connect(&addr).await.expect("connect");
            s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n").await.expect("write");
            for n in 0..100 {
                tokio::time::sleep(Duration::from_millis(300)).await;
                if s.write_all(format!("X-Slow-{i}-{n}: a\r\n").as_bytes()).await.is_err() {
                    return Some(n); // the server closed the connection
                }
                // A closed socket may take one more write to notice: look for EOF too.
                let mut probe = [0u8; 256];
                if let Ok(Ok(0)) = tokio::time::timeout(Duration::from_millis(1), s.read(&mut probe)).await {
                    return Some(n);
                }
            }
            None // still open after 30 s of trickling
        }));
    }
    // Meanwhile ordinary requests are answered.
    tokio::time::sleep(Duration::from_millis(500)).await;
    for _ in 0..5 {
        let res = app.client.get(format!("{}/healthz", app.address)).send().await.expect("healthz");
        assert_eq!(res.status(), 200);
    }
    let mut cut = Vec::new();
    for l in lorises {
        cut.push(l.await.expect("loris task"));
    }

    // Assert: every trickling connection was closed by the server, long before 30 s.
    assert!(cut.iter().all(Option::is_some), "a slow-loris connection stayed open: {cut:?}");
    assert!(started.elapsed() < Duration::from_secs(25), "connections were held {:?}", started.elapsed());
}

#[tokio::test]
async fn request_heads_over_64_kib_are_refused_with_431() {
    // Arrange
    let app = spawn_app().await;
    let mut s = TcpStream::connect(host_port(&app)).await.expect("connect");

    // Act: one header of 80 KiB.
    let head = format!("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: {}\r\n\r\n", "a".repeat(80 * 1024));
    let _ = s.write_all(head.as_bytes()).await;
    let answer = read_until_closed(&mut s, Duration::from_secs(10)).await.expect("the server answers and closes");

    // Assert
    assert!(answer.starts_with("HTTP/1.1 431"), "got {:?}", answer.lines().next());
}

#[tokio::test]
async fn a_body_that_trickles_in_past_the_request_timeout_gets_408_and_stores_nothing() {
    // Arrange: a round set up through a server with the usual limits, then a second
    // server on the same database with a 2-second request timeout (30 s in production).
    let setup = spawn_app().await;
    let (_, codes) = open_round_with_codes(&setup, 1).await;
    let settings = Settings { request_timeout: Duration::from_secs(2), ..test_settings(&setup.test_db.url) };
    let app = spawn_on(setup.test_db.clone(), settings).await;
    let body = serde_json::to_vec(&ballot(&codes[0])).expect("json");
    let mut s = TcpStream::connect(host_port(&app)).await.expect("connect");

    // Act: the head, then half the body, then nothing.
    let head =
        format!("POST /api/v1/ballots HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len());
    s.write_all(head.as_bytes()).await.expect("head");
    s.write_all(&body[..body.len() / 2]).await.expect("half a body");
    let mut buf = vec![0u8; 4096];
    let n = tokio::time::timeout(Duration::from_secs(10), s.read(&mut buf)).await.expect("an answer within 10 s").expect("read");

    // Assert: 408, and the code is still unused (the whole ballot goes through afterwards).
    let answer = String::from_utf8_lossy(&buf[..n]);
    assert!(answer.starts_with("HTTP/1.1 408"), "got {:?}", answer.lines().next());
    let res = cast(&app, &ballot(&codes[0])).await;
    assert_eq!(res.status(), 201);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sqlite_connection_left_inside_a_transaction_is_never_handed_out_again() {
    // Arrange: the ballot writer's pool (one connection). A transaction whose end SQLite
    // and sqlx disagree on, as after a full disk: SQLite has ended it, so sqlx's rollback
    // on drop fails and sqlx still counts it open.
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let dir = tempfile::tempdir().expect("dir");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("w.db").display());
    let db = app::ssr::db::connect_writer(&url).await.expect("the writer's pool");
    let tx = db.begin().await.expect("begin");
    tx.execute_unprepared("CREATE TABLE t (x INTEGER)").await.expect("create");
    tx.execute_unprepared("COMMIT").await.expect("SQLite ends the transaction");
    drop(tx);

    // Act: the next connection the pool hands out.
    let pool = db.get_sqlite_connection_pool();
    let mut conn = pool.acquire().await.expect("a connection");

    // Assert: outside any transaction, so that its next commit is a real COMMIT (a
    // `RELEASE` inside a transaction that never commits would acknowledge a ballot that
    // is not stored: scripts/fault-test.sh, SQLite on a full disk).
    assert!(!sqlx::Connection::is_in_transaction(&*conn), "the pool handed out a connection still counted inside a transaction");
    let _ = sqlx::Executor::execute(&mut *conn, "INSERT INTO t VALUES (1)").await.expect("insert");
    drop(conn);
    let other = app::ssr::db::connect(&url, None).await.expect("another pool");
    let n = other.query_one(sea_orm::Statement::from_string(other.get_database_backend(), "SELECT COUNT(*) AS n FROM t")).await;
    assert_eq!(n.expect("query").expect("row").try_get::<i64>("", "n").expect("n"), 1, "the insert is stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_ballot_door_waits_for_a_turn_of_the_one_shared_limit() {
    // Arrange: an open round with three codes; every turn of the ballot path held.
    use crate::helpers::ballots::{ballot, open_round_with_codes};
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 3).await;
    let turns = app.ballots.turns();
    let held = turns.clone().acquire_many_owned(app::ssr::ballots::BALLOTS_IN_FLIGHT as u32).await.expect("every turn");
    let phone = reqwest::Client::new();
    let answers = [("jyj", "overall", "satisfied"), ("wjw", "overall", "satisfied"), ("jyj-zhang", "overall", "satisfied")];

    // Act: a ballot through each door — the API, the phone's form post (no JavaScript)
    // and the hydrated sheet's server function.
    let api = tokio::spawn(phone.post(format!("{}/api/v1/ballots", app.address)).json(&ballot(&codes[0])).send());
    let mut form: Vec<(String, String)> = answers.iter().map(|(t, i, o)| (format!("a:{t}:{i}"), (*o).to_owned())).collect();
    form.extend([("confirm".to_owned(), "1".to_owned()), ("receipt".to_owned(), String::new())]);
    let post = tokio::spawn(phone.post(format!("{}/v/{}", app.address, codes[1])).form(&form).send());
    let mut sfn: Vec<(String, String)> = vec![("code".into(), codes[2].clone()), ("opinion".into(), String::new())];
    sfn.extend([("receipt".into(), String::new()), ("confirm".into(), "true".into())]);
    for (n, (t, i, o)) in answers.iter().enumerate() {
        sfn.extend([(format!("answers[{n}][target]"), (*t).to_owned()), (format!("answers[{n}][item]"), (*i).to_owned())]);
        sfn.push((format!("answers[{n}][option]"), (*o).to_owned()));
    }
    let server_fn =
        tokio::spawn(phone.post(format!("{}/sfn/submit_ballot", app.address)).header("accept", "application/json").form(&sfn).send());

    // Assert: while every turn is held, no door stores its ballot; once they are
    // released, all three are stored.
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert!(!api.is_finished() && !post.is_finished() && !server_fn.is_finished(), "a door went past the limit");
    assert_eq!(app.count("ballots").await, 0, "no ballot went past the limit");
    drop(held);
    for (door, res) in [("api", api), ("form", post), ("server function", server_fn)] {
        let res = res.await.expect("task").expect("response");
        let status = res.status();
        assert!(status.is_success(), "{door}: {status} {}", res.text().await.unwrap_or_default());
    }
    assert_eq!(app.count("ballots").await, 3, "each door stored its ballot");
}
