//! `minping loadtest`: submits realistic ballots to a running server with C concurrent
//! clients, shows a progress bar, and reports ballots/s, latency percentiles and errors by
//! kind. At the end it checks that the server counted exactly as many ballots as it
//! answered 201 for. Organization departments run it before a big meeting; `make test`
//! runs a short one for correctness, `make bench` the long ones for speed.

use anyhow::{bail, Context};
use indicatif::{ProgressBar, ProgressStyle};
use rand::{rngs::StdRng, Rng, SeedableRng};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

mod report;
pub use report::Report;

/// What to run.
#[derive(Debug, Clone)]
pub struct Plan {
    /// Base URLs of the servers; clients are spread over them round-robin.
    pub urls: Vec<String>,
    /// An admin account (for `--setup` and the final count).
    pub username: String,
    /// Its password.
    pub password: String,
    /// An existing open round…
    pub round: Option<i32>,
    /// …and its codes, one per line.
    pub codes_file: Option<std::path::PathBuf>,
    /// Or: create an open round with this many codes.
    pub setup: Option<usize>,
    /// Targets of the created round (bodies; each with one cadre).
    pub targets: usize,
    /// Concurrent clients.
    pub concurrency: usize,
    /// Stop after this many ballots (default: every code).
    pub count: Option<usize>,
    /// Or after this long.
    pub duration: Option<Duration>,
    /// Draw the progress bar.
    pub progress: bool,
    /// Append the receipt of every acknowledged ballot to this file.
    pub receipts: Option<std::path::PathBuf>,
    /// Retry a ballot whose request failed in transport (server down, connection reset)
    /// for up to this long, with its own receipt, so that a ballot stored just before a
    /// crash is confirmed rather than lost from the count.
    pub retry_for: Duration,
}

/// The round the load generator creates: `targets` bodies with one cadre each, the
/// standard four categories, six items.
fn round_body(targets: usize) -> Value {
    let mut t = Vec::new();
    for i in 0..targets {
        t.push(json!({"key": format!("b{i}"), "name": format!("第{}单位领导班子", i + 1), "kind": "body"}));
        t.push(json!({"key": format!("c{i}"), "name": format!("干部{:02}", i + 1), "kind": "cadre", "parent": format!("b{i}")}));
    }
    let mut items = vec![json!({"key": "overall", "title": "总体评价", "overall": true})];
    for k in 1..6 {
        items.push(json!({"key": format!("i{k}"), "title": format!("测评项目{k}")}));
    }
    let categories = json!([
        {"key": "masses", "name": "群众代表", "weight": 4},
        {"key": "two_reps_one_member", "name": "两代表一委员", "weight": 3},
        {"key": "subordinate_heads", "name": "下属单位负责人", "weight": 2},
        {"key": "service_clients", "name": "服务对象", "weight": 1}
    ]);
    json!({"title": "压力测试", "categories": categories, "targets": t, "items": items})
}

/// A realistic sheet: every target of the round, the overall item always, other items
/// four times in five; mostly satisfied; an opinion one time in ten.
fn sheet(rng: &mut StdRng, code: &str, targets: &[String], items: &[(String, bool)]) -> Value {
    const OPTIONS: [&str; 10] = [
        "satisfied",
        "satisfied",
        "satisfied",
        "satisfied",
        "basically_satisfied",
        "basically_satisfied",
        "basically_satisfied",
        "dissatisfied",
        "dissatisfied",
        "dont_know",
    ];
    let mut answers = Vec::with_capacity(targets.len() * items.len());
    for t in targets {
        for (item, overall) in items {
            if *overall || rng.gen_bool(0.8) {
                answers.push(json!({"target": t, "item": item, "option": OPTIONS[rng.gen_range(0..OPTIONS.len())]}));
            }
        }
    }
    let mut body = json!({"code": code, "answers": answers});
    if rng.gen_bool(0.1) {
        body["opinion"] = json!("希望进一步改进窗口服务，提高办事效率。");
    }
    body
}

async fn admin_client(url: &str, username: &str, password: &str) -> anyhow::Result<reqwest::Client> {
    let c = reqwest::Client::builder().cookie_store(true).build()?;
    let res = c.post(format!("{url}/api/v1/session")).json(&json!({"username": username, "password": password})).send().await?;
    if !res.status().is_success() {
        bail!("signing in as {username} at {url} failed: {} {}", res.status(), res.text().await.unwrap_or_default());
    }
    Ok(c)
}

async fn expect_json(res: reqwest::Response, what: &str) -> anyhow::Result<Value> {
    let status = res.status();
    let text = res.text().await?;
    if !status.is_success() {
        bail!("{what}: {status} {text}");
    }
    serde_json::from_str(&text).with_context(|| format!("{what}: not JSON"))
}

/// Ballots the server counted for the round: codes used.
async fn server_count(admin: &reqwest::Client, url: &str, round: i32) -> anyhow::Result<u64> {
    let v = expect_json(admin.get(format!("{url}/api/v1/rounds/{round}/codes/summary")).send().await?, "reading the code summary").await?;
    v["used"].as_u64().context("the code summary has no 'used'")
}

/// Runs the plan and returns its report.
pub async fn run(plan: Plan) -> anyhow::Result<Report> {
    let url = plan.urls.first().context("no server URL")?.trim_end_matches('/').to_owned();
    let admin = admin_client(&url, &plan.username, &plan.password).await?;
    let (round, codes) = match (plan.setup, plan.round) {
        (Some(n), _) => {
            let r =
                expect_json(admin.post(format!("{url}/api/v1/rounds")).json(&round_body(plan.targets)).send().await?, "creating a round")
                    .await?;
            let id = r["id"].as_i64().context("round id")? as i32;
            let mut codes = Vec::with_capacity(n);
            while codes.len() < n {
                let k = (n - codes.len()).min(100_000);
                let v = expect_json(
                    admin.post(format!("{url}/api/v1/rounds/{id}/codes")).json(&json!({"category": "masses", "count": k})).send().await?,
                    "issuing codes",
                )
                .await?;
                codes.extend(v["codes"].as_array().context("codes")?.iter().filter_map(|c| c.as_str().map(str::to_owned)));
            }
            expect_json(admin.post(format!("{url}/api/v1/rounds/{id}/open")).send().await?, "opening the round").await?;
            (id, codes)
        }
        (None, Some(id)) => {
            let path = plan.codes_file.as_ref().context("--round needs --codes FILE (one code per line)")?;
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let codes: Vec<String> = text.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_owned).collect();
            (id, codes)
        }
        (None, None) => bail!("give --setup N, or --round ID with --codes FILE"),
    };
    let r = expect_json(admin.get(format!("{url}/api/v1/rounds/{round}")).send().await?, "reading the round").await?;
    let targets: Vec<String> =
        r["targets"].as_array().context("targets")?.iter().filter_map(|t| t["key"].as_str().map(str::to_owned)).collect();
    let items: Vec<(String, bool)> = r["items"]
        .as_array()
        .context("items")?
        .iter()
        .filter_map(|i| Some((i["key"].as_str()?.to_owned(), i["overall"].as_bool().unwrap_or(false))))
        .collect();
    let total = plan.count.unwrap_or(codes.len()).min(codes.len());
    let before = server_count(&admin, &url, round).await?;

    let codes = Arc::new(codes);
    let next = Arc::new(AtomicUsize::new(0));
    let created = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let errors: Arc<Mutex<BTreeMap<String, u64>>> = Arc::default();
    let bar = if plan.progress { ProgressBar::new(total as u64) } else { ProgressBar::hidden() };
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} ballots · {per_sec} · {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(plan.concurrency.max(1))
        .timeout(Duration::from_secs(30))
        // Let idle connections go before the server's header timeout (10 s) closes them.
        .pool_idle_timeout(Duration::from_secs(5))
        .build()?;
    let deadline = plan.duration.map(|d| Instant::now() + d);
    let retry_for = plan.retry_for;
    let retried = Arc::new(AtomicU64::new(0));
    let confirmed = Arc::new(AtomicU64::new(0));
    let receipts = match &plan.receipts {
        Some(path) => Some(Arc::new(Mutex::new(
            std::fs::OpenOptions::new().create(true).append(true).open(path).with_context(|| format!("opening {}", path.display()))?,
        ))),
        None => None,
    };
    let started = Instant::now();
    let mut tasks = Vec::new();
    for worker in 0..plan.concurrency.max(1) {
        let (codes, next, created, failed, errors, bar, client) =
            (codes.clone(), next.clone(), created.clone(), failed.clone(), errors.clone(), bar.clone(), client.clone());
        let (targets, items) = (targets.clone(), items.clone());
        let (retried, confirmed, receipts) = (retried.clone(), confirmed.clone(), receipts.clone());
        let base = plan.urls[worker % plan.urls.len()].trim_end_matches('/').to_owned();
        tasks.push(tokio::spawn(async move {
            // Fresh randomness per run: receipts must not repeat those of an earlier run.
            let mut rng = StdRng::from_entropy();
            let mut latencies = Vec::new();
            loop {
                if deadline.is_some_and(|d| Instant::now() >= d) {
                    break;
                }
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= total {
                    break;
                }
                let receipt = app::domain::ballot::Receipt::from_bits(rng.gen()).to_string();
                let mut body = sheet(&mut rng, &codes[i], &targets, &items);
                body["receipt"] = json!(receipt);
                let t0 = Instant::now();
                let mut attempt = 0;
                let kind = loop {
                    attempt += 1;
                    let res = client.post(format!("{base}/api/v1/ballots")).json(&body).send().await;
                    let kind = match res {
                        Ok(r) if r.status().as_u16() == 201 => None,
                        Ok(r) => {
                            let status = r.status().as_u16();
                            let code = r
                                .json::<Value>()
                                .await
                                .ok()
                                .and_then(|v| v["error"]["code"].as_str().map(str::to_owned))
                                .unwrap_or_default();
                            if attempt > 1 && code == "code_used" && counted(&client, &base, &receipt).await {
                                confirmed.fetch_add(1, Ordering::Relaxed);
                                None
                            } else {
                                Some(format!("{status} {code}"))
                            }
                        }
                        Err(e) => {
                            let kind = if e.is_timeout() {
                                "timeout"
                            } else if e.is_connect() {
                                "connect"
                            } else {
                                "transport"
                            };
                            if t0.elapsed() < retry_for {
                                retried.fetch_add(1, Ordering::Relaxed);
                                tokio::time::sleep(Duration::from_millis(100)).await;
                                continue;
                            }
                            Some(kind.to_owned())
                        }
                    };
                    break kind;
                };
                latencies.push(t0.elapsed());
                match kind {
                    None => {
                        created.fetch_add(1, Ordering::Relaxed);
                        if let Some(f) = &receipts {
                            use std::io::Write;
                            let mut f = f.lock().unwrap_or_else(|p| p.into_inner());
                            let _ = writeln!(f, "{receipt}");
                            let _ = f.flush();
                        }
                    }
                    Some(k) => {
                        failed.fetch_add(1, Ordering::Relaxed);
                        *errors.lock().unwrap_or_else(|p| p.into_inner()).entry(k).or_default() += 1;
                    }
                }
                bar.inc(1);
                let f = failed.load(Ordering::Relaxed);
                if f > 0 {
                    bar.set_message(format!("{f} errors"));
                }
            }
            latencies
        }));
    }
    let mut latencies = Vec::new();
    for t in tasks {
        latencies.extend(t.await?);
    }
    let elapsed = started.elapsed();
    bar.finish_and_clear();
    latencies.sort_unstable();
    // After a crash the server may still be starting: wait for it to answer.
    let mut after = server_count(&admin, &url, round).await;
    for _ in 0..100 {
        if after.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        after = server_count(&admin, &url, round).await;
    }
    let after = after?;
    let errors = errors.lock().unwrap_or_else(|p| p.into_inner()).clone();
    Ok(Report {
        created: created.load(Ordering::Relaxed),
        errors,
        elapsed,
        latencies,
        server_count: after,
        server_before: before,
        round,
        retried: retried.load(Ordering::Relaxed),
        confirmed: confirmed.load(Ordering::Relaxed),
    })
}

/// Whether the server counted the ballot of `receipt`.
async fn counted(client: &reqwest::Client, base: &str, receipt: &str) -> bool {
    match client.get(format!("{base}/api/v1/receipts/{receipt}")).send().await {
        Ok(r) => r.json::<Value>().await.ok().and_then(|v| v["counted"].as_bool()).unwrap_or(false),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(latencies_ms: &[u64], created: u64, before: u64, after: u64) -> Report {
        Report {
            created,
            errors: BTreeMap::new(),
            elapsed: Duration::from_secs(2),
            latencies: latencies_ms.iter().map(|m| Duration::from_millis(*m)).collect(),
            server_count: after,
            server_before: before,
            round: 1,
            retried: 0,
            confirmed: 0,
        }
    }

    #[test]
    fn percentiles_come_from_the_sorted_latencies() {
        let r = report(&(1..=100).collect::<Vec<_>>(), 100, 0, 100);
        assert_eq!(r.quantile(0.5), Duration::from_millis(51));
        assert_eq!(r.quantile(0.99), Duration::from_millis(99));
        assert_eq!(r.quantile(1.0), Duration::from_millis(100));
        assert_eq!(r.rate(), 50.0);
        assert_eq!(report(&[], 0, 0, 0).quantile(0.99), Duration::ZERO);
    }

    #[test]
    fn the_count_check_compares_the_runs_ballots_with_the_201s() {
        assert!(report(&[1], 10, 5, 15).count_matches());
        let off = report(&[1], 10, 5, 16);
        assert!(!off.count_matches());
        assert!(off.render(4).contains("DIFFERS"));
    }

    #[test]
    fn a_sheet_answers_the_overall_item_of_every_target() {
        let mut rng = StdRng::seed_from_u64(7);
        let targets = vec!["b0".to_owned(), "c0".to_owned()];
        let items = vec![("overall".to_owned(), true), ("i1".to_owned(), false)];
        for _ in 0..50 {
            let s = sheet(&mut rng, "X", &targets, &items);
            let answers = s["answers"].as_array().expect("answers");
            for t in &targets {
                assert!(answers.iter().any(|a| a["target"] == t.as_str() && a["item"] == "overall"));
            }
        }
    }
}
