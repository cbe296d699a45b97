//! `/metrics` on its own address (`MINPING_METRICS_ADDR`): Prometheus text that a
//! Prometheus parser reads, counting ballots accepted and refused by reason, the writer's
//! batches, request latency by route template and the pool — and holding no code.

use crate::helpers::ballots::{ballot, cast, open_round_with_codes};
use crate::helpers::{client, spawn_app_with, Settings};
use prometheus_parse::{Scrape, Value};

async fn scrape(url: &str) -> (String, Scrape) {
    let res = client().get(url).send().await.expect("scrape");
    assert_eq!(res.status(), 200);
    assert!(res.headers()["content-type"].to_str().unwrap_or_default().starts_with("text/plain"));
    let text = res.text().await.expect("text");
    let parsed = Scrape::parse(text.lines().map(|l| Ok(l.to_owned()))).expect("Prometheus text format");
    (text, parsed)
}

/// The value of a counter or gauge, summed over the samples whose labels include `label`.
fn value(s: &Scrape, metric: &str, label: Option<(&str, &str)>) -> f64 {
    s.samples
        .iter()
        .filter(|x| x.metric == metric && label.is_none_or(|(k, v)| x.labels.get(k) == Some(v)))
        .map(|x| match &x.value {
            Value::Counter(v) | Value::Gauge(v) | Value::Untyped(v) => *v,
            _ => 0.0,
        })
        .sum()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_count_ballots_by_outcome_and_requests_by_route_and_hold_no_code() {
    // Arrange
    let app = spawn_app_with(|s| Settings { metrics_addr: Some("127.0.0.1:0".parse().expect("addr")), ..s }).await;
    let url = app.metrics.clone().expect("metrics are on");
    let (_, codes) = open_round_with_codes(&app, 2).await;
    let (_, before) = scrape(&url).await;

    // Act: one accepted, one second use, one unknown code; a sheet opened by its code.
    assert_eq!(cast(&app, &ballot(&codes[0])).await.status(), 201);
    assert_eq!(cast(&app, &ballot(&codes[0])).await.status(), 409);
    assert_eq!(cast(&app, &ballot("ABCD-EFGH-JKMN")).await.status(), 404);
    assert_eq!(app.get(&format!("/v/{}", codes[1])).await.status(), 200);
    let (text, after) = scrape(&url).await;

    // Assert (the recorder is the process's: other tests count too, so at least one more)
    let grew = |metric: &str, label: Option<(&str, &str)>| value(&after, metric, label) - value(&before, metric, label);
    assert!(grew("minping_ballots_accepted_total", None) >= 1.0, "{text}");
    assert!(grew("minping_ballots_refused_total", Some(("reason", "code_used"))) >= 1.0, "{text}");
    assert!(grew("minping_ballots_refused_total", Some(("reason", "unknown_code"))) >= 1.0, "{text}");
    assert!(after
        .samples
        .iter()
        .any(|x| x.metric == "minping_writer_batch_size" && matches!(&x.value, Value::Histogram(b) if !b.is_empty())));
    assert!(after.samples.iter().any(|x| x.metric == "minping_writer_commit_seconds"));
    assert!(text.contains(r#"route="/v/{code}""#), "requests are labelled by their route template: {text}");
    assert!(text.contains(r#"route="/api/v1/ballots""#));
    assert!(value(&after, "minping_db_pool_connections", Some(("state", "max"))) >= 1.0);
    for code in &codes {
        assert!(!text.contains(code.as_str()), "a code is in the metrics");
    }
    assert!(!text.contains("ABCD-EFGH-JKMN") && !text.contains("/v/ABCD"));
    // The site itself serves no metrics.
    let site = app.get("/metrics").await.text().await.unwrap_or_default();
    assert!(!site.contains("minping_ballots_accepted_total"));
}
