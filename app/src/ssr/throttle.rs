//! Slowing down password guessing without locking anyone out (DOMAIN.md "Roles", OWASP
//! ASVS 2.2.1). In memory, per process, keyed by what was typed, so that an existing and
//! an unknown name are treated alike:
//! - every address has a quota of attempts a minute, whatever the name (`per_minute`);
//! - wrong passwords for one name **from one address** are free up to [`FREE_FAILURES`],
//!   then each further failure makes that address wait for that name, doubling from
//!   [`FIRST_WAIT`] up to [`MAX_WAIT`]; a success clears it;
//! - a name that failed [`ACCOUNT_CEILING`] times within [`CEILING_WINDOW`], from anywhere,
//!   refuses the addresses that failed for it until the window has passed, and takes every
//!   address that has not: the real user signs in from their own phone or PC while
//!   someone else types wrong passwords elsewhere.
//!
//! Nothing is written to the database on a failure, so a wrong password costs the same
//! for an existing and an unknown name (the hash check runs for both). The tables are
//! bounded: past [`MAX_KEYS`] entries, those no longer waiting are dropped (and, should a
//! flood of names fill a table with live entries, it starts afresh).

use governor::{clock::DefaultClock, state::keyed::DefaultKeyedStateStore, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Wrong passwords for one name from one address before waits begin.
pub const FREE_FAILURES: u32 = 5;
/// The first wait after the free failures.
pub const FIRST_WAIT: Duration = Duration::from_secs(30);
/// The longest wait.
pub const MAX_WAIT: Duration = Duration::from_secs(15 * 60);
/// Failures of one name, from all addresses, after which addresses that failed wait out
/// the window.
pub const ACCOUNT_CEILING: u32 = 100;
/// The window of [`ACCOUNT_CEILING`].
pub const CEILING_WINDOW: Duration = Duration::from_secs(15 * 60);
/// Most entries each table keeps.
pub const MAX_KEYS: usize = 100_000;

#[derive(Debug, Clone, Copy)]
struct Pair {
    failures: u32,
    until: Option<Instant>,
}

#[derive(Debug, Clone, Copy)]
struct Name {
    since: Instant,
    failures: u32,
}

#[derive(Debug, Default)]
struct Tables {
    pairs: HashMap<(String, IpAddr), Pair>,
    names: HashMap<String, Name>,
}

/// The failure back-off per (name, address) and the ceiling per name.
#[derive(Debug, Default)]
pub struct Backoff {
    tables: Mutex<Tables>,
}

/// Longest key kept: one more than a username may have (64), so that every real name keeps
/// its own key while a 64 KiB "name" from a hostile body costs no more memory than that.
const MAX_KEY_CHARS: usize = 65;

fn key(name: &str) -> String {
    name.trim().chars().take(MAX_KEY_CHARS).collect::<String>().to_lowercase()
}

impl Backoff {
    /// Whether `addr` may try a password for `name` at `now`; if not, how long to wait.
    pub fn check(&self, name: &str, addr: IpAddr, now: Instant) -> Result<(), Duration> {
        let t = self.tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let name = key(name);
        let Some(pair) = t.pairs.get(&(name.clone(), addr)) else { return Ok(()) };
        if let Some(until) = pair.until.filter(|u| *u > now) {
            return Err(until - now);
        }
        match t.names.get(&name) {
            Some(n) if n.failures >= ACCOUNT_CEILING && now < n.since + CEILING_WINDOW => Err(n.since + CEILING_WINDOW - now),
            _ => Ok(()),
        }
    }

    /// Counts a wrong password (or an unknown name) for `name` from `addr` at `now`.
    pub fn failed(&self, name: &str, addr: IpAddr, now: Instant) {
        let mut t = self.tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let name = key(name);
        if t.pairs.len() >= MAX_KEYS {
            t.pairs.retain(|_, p| p.until.is_some_and(|u| u > now));
            if t.pairs.len() >= MAX_KEYS {
                t.pairs.clear();
            }
        }
        if t.names.len() >= MAX_KEYS {
            t.names.retain(|_, n| now < n.since + CEILING_WINDOW);
            if t.names.len() >= MAX_KEYS {
                t.names.clear();
            }
        }
        let pair = t.pairs.entry((name.clone(), addr)).or_insert(Pair { failures: 0, until: None });
        pair.failures = pair.failures.saturating_add(1);
        if pair.failures > FREE_FAILURES {
            let doublings = (pair.failures - FREE_FAILURES - 1).min(16);
            pair.until = Some(now + FIRST_WAIT.saturating_mul(1 << doublings).min(MAX_WAIT));
        }
        let n = t.names.entry(name).or_insert(Name { since: now, failures: 0 });
        if now >= n.since + CEILING_WINDOW {
            *n = Name { since: now, failures: 0 };
        }
        n.failures = n.failures.saturating_add(1);
    }

    /// A right password for `name` from `addr`: that address starts afresh.
    pub fn succeeded(&self, name: &str, addr: IpAddr) {
        let mut t = self.tables.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        t.pairs.remove(&(key(name), addr));
    }
}

/// The sign-in throttle: the per-address quota and the per-name back-off.
pub struct LoginLimiter {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>,
    /// The failures' back-off.
    pub backoff: Backoff,
}

impl LoginLimiter {
    /// Allows `per_minute` attempts a minute from one address, in a burst of as many.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self { limiter: RateLimiter::keyed(Quota::per_minute(per_minute)), backoff: Backoff::default() }
    }

    /// Takes one attempt for `name` from `addr`; on refusal, says how long to wait.
    pub fn check(&self, name: &str, addr: IpAddr) -> Result<(), Duration> {
        self.backoff.check(name, addr, Instant::now())?;
        self.limiter.check_key(&addr).map_err(|not_until| not_until.wait_time_from(governor::clock::Clock::now(&DefaultClock::default())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(last: u8) -> IpAddr {
        IpAddr::from([192, 0, 2, last])
    }

    #[test]
    fn five_typos_are_free_then_that_address_waits_for_that_name_only() {
        let (b, t0) = (Backoff::default(), Instant::now());
        for _ in 0..FREE_FAILURES {
            assert_eq!(b.check("admin", ip(1), t0), Ok(()));
            b.failed("admin", ip(1), t0);
        }
        assert_eq!(b.check("admin", ip(1), t0), Ok(()), "the free failures cost nothing");
        b.failed("admin", ip(1), t0);
        assert_eq!(b.check("admin", ip(1), t0), Err(FIRST_WAIT));
        assert_eq!(b.check("ADMIN ", ip(1), t0), Err(FIRST_WAIT), "the name as typed, in any case");
        assert_eq!(b.check("admin", ip(2), t0), Ok(()), "the real admin on another address");
        assert_eq!(b.check("zuzhibu", ip(1), t0), Ok(()), "another name from that address");
        assert_eq!(b.check("admin", ip(1), t0 + FIRST_WAIT), Ok(()), "after the wait");
    }

    #[test]
    fn waits_double_up_to_fifteen_minutes_and_a_success_clears_them() {
        let (b, t0) = (Backoff::default(), Instant::now());
        let mut waits = Vec::new();
        for _ in 0..(FREE_FAILURES + 8) {
            b.failed("admin", ip(1), t0);
            waits.push(b.check("admin", ip(1), t0).err().map(|d| d.as_secs()));
        }
        let tail: Vec<Option<u64>> = waits[FREE_FAILURES as usize..].to_vec();
        assert_eq!(tail, [Some(30), Some(60), Some(120), Some(240), Some(480), Some(900), Some(900), Some(900)]);
        b.succeeded("admin", ip(1));
        assert_eq!(b.check("admin", ip(1), t0), Ok(()));
    }

    #[test]
    fn past_the_ceiling_failing_addresses_wait_the_window_and_fresh_ones_still_get_in() {
        let (b, t0) = (Backoff::default(), Instant::now());
        for i in 0..ACCOUNT_CEILING {
            b.failed("admin", ip((i % 50) as u8), t0);
        }
        assert!(b.check("admin", ip(3), t0).is_err(), "an address that failed waits");
        assert_eq!(b.check("admin", ip(200), t0), Ok(()), "one that did not is let in");
        assert_eq!(b.check("admin", ip(3), t0 + CEILING_WINDOW), Ok(()), "the window passes");
    }

    #[test]
    fn an_unknown_name_and_an_existing_one_are_counted_alike() {
        // The back-off never asks whether a name exists: the same calls, the same answers.
        let (a, b, t0) = (Backoff::default(), Backoff::default(), Instant::now());
        for _ in 0..7 {
            a.failed("admin", ip(1), t0);
            b.failed("nobody-by-this-name", ip(1), t0);
        }
        assert_eq!(a.check("admin", ip(1), t0), b.check("nobody-by-this-name", ip(1), t0));
    }

    #[test]
    fn a_name_past_the_longest_username_is_kept_short() {
        assert_eq!(key(&"甲".repeat(30_000)).chars().count(), MAX_KEY_CHARS);
        assert_eq!(key(" Admin "), "admin");
    }

    #[test]
    fn the_tables_stay_bounded_under_a_flood_of_names() {
        let (b, t0) = (Backoff::default(), Instant::now());
        for i in 0..(MAX_KEYS + 10) {
            b.failed(&format!("n{i}"), ip(1), t0);
        }
        let t = b.tables.lock().expect("lock");
        assert!(t.pairs.len() <= MAX_KEYS && t.names.len() <= MAX_KEYS);
    }
}
