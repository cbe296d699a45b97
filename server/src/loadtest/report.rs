//! What a load test measured, and how it is printed.

use std::collections::BTreeMap;
use std::time::Duration;

/// What a run measured.
#[derive(Debug, Clone)]
pub struct Report {
    /// Ballots answered 201.
    pub created: u64,
    /// Other answers and failures, by kind (`409 code_used`, `connect`, …).
    pub errors: BTreeMap<String, u64>,
    /// Wall time of the submissions.
    pub elapsed: Duration,
    /// Latencies of every request, sorted.
    pub latencies: Vec<Duration>,
    /// Ballots the server counted for the round (codes used) after the run.
    pub server_count: u64,
    /// The server's count before the run.
    pub server_before: u64,
    /// The round.
    pub round: i32,
    /// Transport failures that a retry got past.
    pub retried: u64,
    /// Ballots confirmed by their receipt after a retry found the code used.
    pub confirmed: u64,
}

impl Report {
    /// The latency at quantile `q` (0–1).
    pub fn quantile(&self, q: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * q).round() as usize;
        self.latencies[i.min(self.latencies.len() - 1)]
    }

    /// Ballots per second.
    pub fn rate(&self) -> f64 {
        self.created as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// Whether the server counted exactly the ballots acknowledged during the run.
    pub fn count_matches(&self) -> bool {
        self.server_count - self.server_before == self.created
    }

    /// The report as printed.
    pub fn render(&self, concurrency: usize) -> String {
        let ms = |d: Duration| format!("{:.1} ms", d.as_secs_f64() * 1000.0);
        let mut out = format!(
            "round {}: {} ballots in {:.1} s with {} clients = {:.0} ballots/s\nlatency p50 {} · p95 {} · p99 {} · max {}\n",
            self.round,
            self.created,
            self.elapsed.as_secs_f64(),
            concurrency,
            self.rate(),
            ms(self.quantile(0.50)),
            ms(self.quantile(0.95)),
            ms(self.quantile(0.99)),
            ms(self.latencies.last().copied().unwrap_or_default()),
        );
        if self.retried > 0 {
            out.push_str(&format!(
                "retried after transport failures: {} requests; {} ballots confirmed by their receipt\n",
                self.retried, self.confirmed
            ));
        }
        if self.errors.is_empty() {
            out.push_str("errors: none\n");
        } else {
            for (kind, n) in &self.errors {
                out.push_str(&format!("errors: {n} × {kind}\n"));
            }
        }
        out.push_str(&format!(
            "server count: {} ballots for this run ({} before, {} after): {}\n",
            self.server_count - self.server_before,
            self.server_before,
            self.server_count,
            if self.count_matches() { "equals the 201s received" } else { "DIFFERS from the 201s received" }
        ));
        out
    }
}
