//! Casting ballots through the API: single use, exact storage, clear refusals, racing
//! submissions, retries with a client receipt, and the limiter of failed code attempts.

use crate::helpers::ballots::{ballot, cast, issue, open_round_with_codes};
use crate::helpers::{error_of, spawn_app, spawn_app_with, TestApp};
use serde_json::{json, Value};

async fn code_states(app: &TestApp) -> Vec<String> {
    use sea_orm::EntityTrait;
    app::ssr::db::entities::code::Entity::find().all(&app.db).await.expect("codes").into_iter().map(|c| c.state).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ballot_is_counted_once_and_its_receipt_says_so() {
    // Arrange
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 2).await;

    // Act: the code as typed on a phone — lower case, no dashes
    let res = cast(&app, &ballot(&codes[0].to_lowercase().replace('-', ""))).await;

    // Assert
    assert_eq!(res.status(), 201);
    let receipt = res.json::<Value>().await.expect("json")["receipt"].as_str().expect("receipt").to_owned();
    assert_eq!(receipt.len(), 11, "{receipt}");
    assert_eq!(&receipt[5..6], "-");
    assert_eq!(app.count("ballots").await, 1);
    assert_eq!(app.count("receipts").await, 1);
    assert_eq!(app.count("tallies").await, 4, "one counter per answer given");
    assert_eq!(app.count("tally_scopes").await, 3, "the three targets in scope");
    let mut states = code_states(&app).await;
    states.sort();
    assert_eq!(states, ["unused", "used"]);
    let checked: Value = app.get_api(&format!("/receipts/{receipt}")).await.json().await.expect("json");
    assert_eq!(checked, json!({"counted": true}));
    let other: Value = app.get_api("/receipts/ABCDE-FGHJK").await.json().await.expect("json");
    assert_eq!(other, json!({"counted": false}));
    let again = cast(&app, &ballot(&codes[0])).await;
    assert_eq!(error_of(again).await.0, "code_used");
    assert_eq!(app.count("ballots").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn racing_submissions_of_one_code_store_exactly_one_ballot() {
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 1).await;
    let tasks: Vec<_> = (0..12)
        .map(|_| {
            let (address, body) = (app.address.clone(), ballot(&codes[0]));
            tokio::spawn(async move {
                reqwest::Client::new()
                    .post(format!("{address}/api/v1/ballots"))
                    .json(&body)
                    .send()
                    .await
                    .expect("request")
                    .status()
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.expect("task"));
    }
    statuses.sort_unstable();
    assert_eq!(statuses.iter().filter(|s| **s == 201).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 201 || *s == 409), "{statuses:?}");
    assert_eq!(app.count("ballots").await, 1);
    assert_eq!(app.count("receipts").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_a_lost_answer_confirms_itself_with_the_clients_receipt() {
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 2).await;
    let mut body = ballot(&codes[0]);
    body["receipt"] = json!("7a7a7-b8b8b");

    let first = cast(&app, &body).await;
    assert_eq!(first.status(), 201);
    assert_eq!(first.json::<Value>().await.expect("json")["receipt"], "7A7A7-B8B8B");
    // The answer was "lost": the page sends the same ballot again and is told the code is used…
    assert_eq!(error_of(cast(&app, &body).await).await.0, "code_used");
    // …and asks whether its own receipt was counted.
    let checked: Value = app.get_api("/receipts/7A7A7-B8B8B").await.json().await.expect("json");
    assert_eq!(checked["counted"], true);
    assert_eq!(app.count("ballots").await, 1);

    // Someone else's receipt cannot be reused, and the code stays unused.
    let mut other = ballot(&codes[1]);
    other["receipt"] = json!("7A7A7-B8B8B");
    assert_eq!(error_of(cast(&app, &other).await).await.0, "invalid_ballot");
    assert_eq!(app.count("ballots").await, 1);
    assert_eq!(code_states(&app).await.iter().filter(|s| *s == "unused").count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_bad_ballot_is_refused_with_its_code_and_nothing_is_stored() {
    // Arrange
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 1).await;
    let scoped = issue(&app, id, json!({"category": "masses", "count": 1, "targets": ["jyj"]})).await;
    let code = &codes[0];
    let with = |f: &dyn Fn(&mut Value)| {
        let mut b = ballot(code);
        f(&mut b);
        b
    };
    let cases: Vec<(Value, u16, &str, &str)> = vec![
        (ballot("ZZZZ-ZZZZ-ZZZZ"), 404, "unknown_code", "测评码无效"),
        (ballot("not a code"), 404, "unknown_code", "测评码无效"),
        (with(&|b| b["answers"][0]["option"] = json!("great")), 422, "invalid_ballot", "不存在的等次"),
        (with(&|b| b["answers"][0]["target"] = json!("nobody")), 422, "invalid_ballot", "nobody"),
        (with(&|b| b["answers"][1]["item"] = json!("nothing")), 422, "invalid_ballot", "nothing"),
        (
            with(&|b| {
                b["answers"].as_array_mut().expect("answers").remove(2);
            }),
            422,
            "invalid_ballot",
            "区卫生健康局领导班子",
        ),
        (
            with(&|b| {
                let first = b["answers"][0].clone();
                b["answers"].as_array_mut().expect("answers").push(first);
            }),
            422,
            "invalid_ballot",
            "两个答案",
        ),
        (with(&|b| b["opinion"] = json!("意".repeat(2001))), 422, "invalid_ballot", "2000"),
        (with(&|b| b["receipt"] = json!("nope")), 422, "invalid_ballot", "回执"),
        (ballot(&scoped[0]), 422, "invalid_ballot", "不在本测评码的测评范围内"),
    ];

    // Act + Assert
    for (body, status, code_name, words) in cases {
        let res = cast(&app, &body).await;
        assert_eq!(res.status().as_u16(), status, "{body}");
        let (c, message) = error_of(res).await;
        assert_eq!(c, code_name, "{body}");
        assert!(message.contains(words), "{message} should contain {words}");
    }
    let huge = json!({"code": code, "answers": [], "opinion": "x".repeat(70_000)});
    assert_eq!(cast(&app, &huge).await.status(), 413);
    assert_eq!(app.count("ballots").await, 0);
    assert_eq!(app.count("receipts").await, 0);
    assert_eq!(app.count("tallies").await, 0);
    assert!(code_states(&app).await.iter().all(|s| s == "unused"));

    // A closed round takes nothing either.
    assert_eq!(app.post_json(&format!("/rounds/{id}/close"), &json!({})).await.status(), 200);
    let (c, _) = error_of(cast(&app, &ballot(code)).await).await;
    assert_eq!(c, "round_not_open");
    assert_eq!(app.count("ballots").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_follow_the_phones_language() {
    let app = spawn_app().await;
    let (_, _) = open_round_with_codes(&app, 1).await;
    let res = reqwest::Client::new()
        .post(format!("{}/api/v1/ballots", app.address))
        .header("accept-language", "en-US,en;q=0.9")
        .json(&ballot("ZZZZ-ZZZZ-ZZZZ"))
        .send()
        .await
        .expect("request");
    let (_, message) = error_of(res).await;
    assert!(message.contains("not valid"), "{message}");
}

/// A client whose requests seem to come from `ip` (the server trusts its proxy here).
fn from(ip: &str) -> reqwest::Client {
    let mut h = reqwest::header::HeaderMap::new();
    h.insert("x-forwarded-for", ip.parse().expect("header"));
    reqwest::Client::builder().default_headers(h).build().expect("client")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guessing_codes_is_slowed_per_address_but_a_valid_code_is_always_accepted() {
    // Arrange: 3 failures allowed; every request comes through the trusted proxy.
    let app = spawn_app_with(|mut s| {
        s.code_failures = 3;
        s.trust_proxy = true;
        s
    })
    .await;
    let (_, codes) = open_round_with_codes(&app, 501).await;
    let url = format!("{}/api/v1/ballots", app.address);
    let guesser = from("198.51.100.7");

    // Act + Assert: three wrong guesses are answered, the fourth is refused with 429…
    for _ in 0..3 {
        let res = guesser.post(&url).json(&ballot("ZZZZ-ZZZZ-ZZZZ")).send().await.expect("request");
        assert_eq!(res.status(), 404);
    }
    let res = guesser.post(&url).json(&ballot("ZZZZ-ZZZZ-ZZZZ")).send().await.expect("request");
    assert_eq!(res.status(), 429);
    let (c, message) = error_of(res).await;
    assert_eq!(c, "rate_limited");
    assert!(message.contains("分钟"), "{message}");
    // …but a valid code from the same address is accepted: only failures are slowed.
    let res = guesser.post(&url).json(&ballot(&codes[500])).send().await.expect("request");
    assert_eq!(res.status(), 201);
    let res = guesser.post(&url).json(&ballot("ZZZZ-ZZZZ-ZZZY")).send().await.expect("request");
    assert_eq!(res.status(), 429, "and the next wrong one still waits");

    // A meeting hall of 500 phones behind one NAT address: every valid ballot gets through.
    let hall = from("203.0.113.50");
    let mut tasks = tokio::task::JoinSet::new();
    for chunk in codes[..500].chunks(10) {
        let (hall, url, chunk) = (hall.clone(), url.clone(), chunk.to_vec());
        tasks.spawn(async move {
            let mut ok = 0;
            for code in chunk {
                let res = hall.post(&url).json(&ballot(&code)).send().await.expect("request");
                ok += u32::from(res.status() == 201);
            }
            ok
        });
    }
    let mut accepted = 0;
    while let Some(n) = tasks.join_next().await {
        accepted += n.expect("task");
    }
    assert_eq!(accepted, 500);
    assert_eq!(app.count("ballots").await, 501);
    // And the guesser's block never touched the hall.
    assert_eq!(app.count("receipts").await, 501);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn thirty_typos_in_a_hall_do_not_hold_up_the_two_hundred_valid_ballots_behind_the_same_address() {
    // Arrange: the default bucket (20 failures); every phone of the hall is one address.
    let app = spawn_app_with(|mut s| {
        s.trust_proxy = true;
        s
    })
    .await;
    let (_, codes) = open_round_with_codes(&app, 200).await;
    let url = format!("{}/api/v1/ballots", app.address);
    let hall = from("203.0.113.80");

    // Act: 30 mistyped codes, then every valid one.
    let mut typos = Vec::new();
    for i in 0..30 {
        let res = hall.post(&url).json(&ballot(&format!("ZZZZ-ZZZZ-{i:04}"))).send().await.expect("request");
        typos.push(res.status().as_u16());
    }
    let mut valid = Vec::new();
    for code in &codes {
        valid.push(hall.post(&url).json(&ballot(code)).send().await.expect("request").status().as_u16());
    }

    // Assert: the typos were slowed after 20; not one valid ballot was.
    assert_eq!(typos.iter().filter(|s| **s == 404).count(), 20, "{typos:?}");
    assert_eq!(typos.iter().filter(|s| **s == 429).count(), 10, "{typos:?}");
    assert!(valid.iter().all(|s| *s == 201), "{valid:?}");
    assert_eq!(app.count("ballots").await, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn issuing_codes_while_ballots_pour_in_never_meets_a_locked_database() {
    // SQLite answers a read-then-write transaction that meets another writer with an
    // immediate "database is locked"; write transactions therefore take turns.
    let app = spawn_app().await;
    let (id, codes) = open_round_with_codes(&app, 60).await;
    let mut ballots = tokio::task::JoinSet::new();
    for code in codes {
        let address = app.address.clone();
        ballots.spawn(async move {
            reqwest::Client::new()
                .post(format!("{address}/api/v1/ballots"))
                .json(&ballot(&code))
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        });
    }
    let mut issued = Vec::new();
    for _ in 0..10 {
        issued.push(
            app.post_json(&format!("/rounds/{id}/codes"), &json!({"category": "two_reps_one_member", "count": 5})).await.status().as_u16(),
        );
    }
    let mut cast = Vec::new();
    while let Some(s) = ballots.join_next().await {
        cast.push(s.expect("task"));
    }
    assert!(issued.iter().all(|s| *s == 201), "{issued:?}");
    assert!(cast.iter().all(|s| *s == 201), "{cast:?}");
    assert_eq!(app.count("ballots").await, 60);
}
