//! The per-address throttle of sign-in attempts (in memory, per process: it only slows
//! guessing; the per-account lockout lives in the database).

use governor::{clock::DefaultClock, state::keyed::DefaultKeyedStateStore, Quota, RateLimiter};
use std::{net::IpAddr, num::NonZeroU32, time::Duration};

/// Throttle of sign-in attempts, keyed by client address.
pub struct LoginLimiter {
    limiter: RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>,
}

impl LoginLimiter {
    /// Allows `per_minute` attempts a minute from one address, in a burst of as many.
    pub fn new(per_minute: u32) -> Self {
        let per_minute = NonZeroU32::new(per_minute.max(1)).unwrap_or(NonZeroU32::MIN);
        Self { limiter: RateLimiter::keyed(Quota::per_minute(per_minute)) }
    }

    /// Takes one attempt for `addr`; on refusal, says how long to wait.
    pub fn check(&self, addr: IpAddr) -> Result<(), Duration> {
        self.limiter.check_key(&addr).map_err(|not_until| not_until.wait_time_from(governor::clock::Clock::now(&DefaultClock::default())))
    }
}
