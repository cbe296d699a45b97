//! Issue 8's bounded reliability checks that run in the integration suite (on SQLite and
//! PostgreSQL): each code accepted once under heavy racing.

use crate::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::spawn_app;
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sixty_four_racing_submissions_of_each_of_a_hundred_codes_store_a_hundred_ballots() {
    // Arrange
    let app = spawn_app().await;
    let (_, codes) = open_round_with_codes(&app, 100).await;
    let client = reqwest::Client::builder().pool_max_idle_per_host(64).build().expect("client");

    // Act: 64 submissions of every code, all in flight together.
    let mut tasks = Vec::new();
    for round in 0..64 {
        for code in &codes {
            let (c, url, body) = (client.clone(), format!("{}/api/v1/ballots", app.address), ballot(code));
            tasks.push(tokio::spawn(async move {
                let res = c.post(url).json(&body).send().await.expect("request");
                let status = res.status().as_u16();
                let receipt = if status == 201 { res.json::<serde_json::Value>().await.ok().and_then(|v| v["receipt"].as_str().map(str::to_owned)) } else { None };
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
