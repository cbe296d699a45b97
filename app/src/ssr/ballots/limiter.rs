//! The per-address limiter of *failed* code attempts (RULES.md C3).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Per-address limiter of *failed* code attempts (unknown or revoked codes): a bucket
/// of `burst` failures refilled at one per `refill`. Only failures are ever slowed: a
/// valid code is looked up first and always accepted, so a meeting hall behind one NAT
/// address is never held up by its neighbours' typos (RULES.md C3).
///
/// That a blocked address still learns which codes are valid costs nothing: a code has
/// 60 random bits, so with even 100,000 codes outstanding a guess hits one with
/// probability 100,000 / 2^60 ≈ 8.7 · 10^-14, so a hit takes 1.2 · 10^13 guesses on
/// average: at the bucket's one guess per 30 s, about 11 million years per address; even
/// a botnet of many addresses guessing at the server's whole throughput (~3,000 a
/// second) would need about 120 years. The bucket only keeps brute-force noise off the
/// database.
///
/// `governor` cannot look at a bucket without taking from it; hence this small bucket
/// of our own.
pub struct FailureLimiter {
    burst: f64,
    refill: Duration,
    buckets: Mutex<HashMap<IpAddr, (f64, Instant)>>,
}

impl FailureLimiter {
    /// `burst` failures at once, then one per `refill`.
    pub fn new(burst: u32, refill: Duration) -> Self {
        Self { burst: f64::from(burst.max(1)), refill, buckets: Mutex::new(HashMap::new()) }
    }

    fn level(&self, tokens: f64, since: Instant, now: Instant) -> f64 {
        let gained = now.saturating_duration_since(since).as_secs_f64() / self.refill.as_secs_f64().max(1e-9);
        (tokens + gained).min(self.burst)
    }

    /// How long `addr` must wait before its next attempt, if it is blocked now.
    pub fn blocked_for(&self, addr: IpAddr) -> Option<Duration> {
        let map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (tokens, since) = *map.get(&addr)?;
        let level = self.level(tokens, since, Instant::now());
        (level < 1.0).then(|| self.refill.mul_f64(1.0 - level))
    }

    /// Counts one failed attempt of `addr`.
    pub fn record_failure(&self, addr: IpAddr) {
        let now = Instant::now();
        let mut map = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if map.len() > 100_000 {
            // Forget full buckets so that a flood of addresses cannot grow the map forever.
            let burst = self.burst;
            map.retain(|_, (t, s)| self.level(*t, *s, now) < burst);
        }
        let (tokens, since) = map.get(&addr).copied().unwrap_or((self.burst, now));
        let level = self.level(tokens, since, now);
        map.insert(addr, ((level - 1.0).max(0.0), now));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_block_an_address_only_after_the_burst_and_only_that_address() {
        let l = FailureLimiter::new(3, Duration::from_secs(60));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        for _ in 0..3 {
            assert_eq!(l.blocked_for(a), None);
            l.record_failure(a);
        }
        let wait = l.blocked_for(a).expect("blocked after three failures");
        assert!(wait > Duration::from_secs(50) && wait <= Duration::from_secs(60), "{wait:?}");
        assert_eq!(l.blocked_for(b), None);
    }

    #[test]
    fn a_blocked_address_is_let_in_again_as_the_bucket_refills() {
        let l = FailureLimiter::new(1, Duration::from_millis(20));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        l.record_failure(a);
        assert!(l.blocked_for(a).is_some());
        std::thread::sleep(Duration::from_millis(30));
        assert_eq!(l.blocked_for(a), None);
    }
}
