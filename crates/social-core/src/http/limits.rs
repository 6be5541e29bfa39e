//! What a transport knows about rate limits, and what it does with it: the windows the
//! server reported, the local cooldowns of buckets throttled without a reset time, and the wait
//! (or refusal) before sending to an exhausted bucket.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

use super::request::RequestSpec;
use super::transport::Transport;
use crate::error::{Error, Result};
use crate::types::RateLimit;

/// The furthest in the future a rate-limit reset is believed (the longest window, a day, plus
/// an hour of clock skew).
const MAX_RESET_HORIZON: Duration = Duration::from_secs(25 * 3600);

/// What a transport knows about rate-limit buckets: the windows the server reported, and the
/// local cooldowns of buckets reported spent or throttled without a reset time.
#[derive(Debug, Default)]
pub(super) struct Limits {
    windows: HashMap<String, RateLimit>,
    cooldowns: HashMap<String, SystemTime>,
}

impl Transport {
    /// What the transport last learnt about a rate-limit bucket.
    pub fn rate_limit(&self, bucket: &str) -> Option<RateLimit> {
        self.lock_limits().windows.get(bucket).cloned()
    }

    /// Until when `bucket` is left alone because the server reported it spent or throttled
    /// without saying when it resets (see [`TransportBuilder::throttle_cooldown`](super::TransportBuilder::throttle_cooldown)); `None` when
    /// it is not cooling down at the transport clock's current time.
    pub fn cooldown(&self, bucket: &str) -> Option<SystemTime> {
        let now = self.inner.clock.now();
        self.lock_limits()
            .cooldowns
            .get(bucket)
            .copied()
            .filter(|until| *until > now)
    }

    /// Records that the server throttled `buckets` without saying for how long (the items of a
    /// Graph batch carry their own errors): each is left alone for the transport's
    /// [`throttle_cooldown`](super::TransportBuilder::throttle_cooldown).
    ///
    /// ```
    /// use social_core::http::Transport;
    /// use social_core::Network;
    ///
    /// # fn run() -> social_core::Result<()> {
    /// let t = Transport::builder(Network::Facebook, "https://graph.facebook.com/v26.0").build()?;
    /// t.cool_down(["facebook:app"]);
    /// assert!(t.cooldown("facebook:app").is_some());
    /// # Ok(()) }
    /// ```
    pub fn cool_down<S: Into<String>>(&self, buckets: impl IntoIterator<Item = S>) {
        let now = self.inner.clock.now();
        let mut limits = self.lock_limits();
        for b in buckets {
            self.start_cooldown(&mut limits, b.into(), now);
        }
    }

    pub(super) fn start_cooldown(&self, limits: &mut Limits, bucket: String, now: SystemTime) {
        let cooldown = self.inner.throttle_cooldown;
        if cooldown.is_zero() {
            return;
        }
        let Some(until) = now.checked_add(cooldown) else {
            return;
        };
        tracing::debug!(bucket = %bucket, cooldown_s = cooldown.as_secs(), "throttled without a reset time; cooling the bucket down");
        let entry = limits.cooldowns.entry(bucket).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Records limits learnt elsewhere than in a response's own headers (the items of a Graph
    /// batch carry their own usage headers), so the next request is checked against them.
    /// Resets more than a day away are dropped as unknown, as for headers.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use social_core::http::Transport;
    /// use social_core::{Network, RateLimit};
    ///
    /// # fn run() -> social_core::Result<()> {
    /// let t = Transport::builder(Network::Facebook, "https://graph.facebook.com/v26.0").build()?;
    /// t.remember_rate_limits(vec![RateLimit::new("facebook:app").with_used_percent(42.0)]);
    /// assert_eq!(t.rate_limit("facebook:app").unwrap().used_percent, Some(42.0));
    /// # Ok(()) }
    /// ```
    pub fn remember_rate_limits(&self, limits: Vec<RateLimit>) {
        let mut limits = limits;
        let now = self.inner.clock.now();
        self.store_limits(&mut limits, now);
    }

    pub(super) fn store_limits(&self, rate_limits: &mut [RateLimit], now: SystemTime) {
        if rate_limits.is_empty() {
            return;
        }
        // Spent, and no word on when it resets (Graph's usage at 100 %): sending more would
        // only extend the throttle. (A reset given but not believed, below, is not "no word":
        // the server stays the judge of that window.)
        let without_reset: Vec<bool> = rate_limits
            .iter()
            .map(|rl| rl.reset_at.is_none() && rl.is_exhausted(now))
            .collect();
        // No network's window is longer than a day: a reset further away (a header in
        // milliseconds, a skewed clock) is unknown, so it cannot block a bucket for good.
        let horizon = now.checked_add(MAX_RESET_HORIZON);
        for rl in rate_limits.iter_mut() {
            if rl.reset_at.is_some_and(|r| horizon.is_none_or(|h| r > h)) {
                rl.reset_at = None;
            }
        }
        let mut limits = self.lock_limits();
        for (rl, without_reset) in rate_limits.iter().zip(without_reset) {
            limits.windows.insert(rl.bucket.clone(), rl.clone());
            if without_reset {
                self.start_cooldown(&mut limits, rl.bucket.clone(), now);
            } else {
                // A fresher answer on the bucket: it is the authority now.
                limits.cooldowns.remove(&rl.bucket);
            }
        }
    }

    pub(super) fn lock_limits(&self) -> std::sync::MutexGuard<'_, Limits> {
        self.inner.limits.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the buckets `spec` counts against: an exhausted window until its reset, a
    /// cooling-down bucket until its cooldown ends. A wait beyond `max_rate_limit_wait`, or one
    /// that would take the call's waits (`waited`, which it adds to) beyond the policy's total,
    /// fails with [`Error::RateLimited`] without sending.
    pub(super) async fn wait_for_buckets(
        &self,
        spec: &RequestSpec,
        waited: &mut Duration,
    ) -> Result<()> {
        let inner = &*self.inner;
        loop {
            let now = inner.clock.now();
            let blocked = {
                let limits = self.lock_limits();
                if limits.windows.is_empty() && limits.cooldowns.is_empty() {
                    // Nothing learnt yet (or a dialect that reads no limits): nothing can block.
                    return Ok(());
                }
                inner
                    .dialect
                    .buckets(spec)
                    .into_iter()
                    .filter_map(|b| {
                        let window = limits.windows.get(&b);
                        let by_window = window.and_then(|rl| rl.wait_needed(now));
                        let by_cooldown = limits
                            .cooldowns
                            .get(&b)
                            .and_then(|until| until.duration_since(now).ok())
                            .filter(|w| !w.is_zero());
                        let wait = by_window.max(by_cooldown)?;
                        Some((wait, b, window.cloned()))
                    })
                    .max_by_key(|(w, ..)| *w)
            };
            let Some((wait, bucket, window)) = blocked else {
                return Ok(());
            };
            let over_total = waited.saturating_add(wait) > inner.retry.max_total_wait;
            if wait > inner.max_rate_limit_wait || over_total {
                tracing::debug!(bucket = %bucket, wait_s = wait.as_secs(), over_total, "bucket exhausted; not sending");
                return Err(Error::RateLimited {
                    network: inner.network,
                    retry_after: Some(wait),
                    reset_at: window.as_ref().and_then(|rl| rl.reset_at),
                    bucket: Some(bucket),
                    rate_limit: window.map(Box::new),
                    api: None,
                });
            }
            tracing::debug!(bucket = %bucket, wait_ms = wait.as_millis() as u64, "bucket exhausted; waiting for its reset");
            inner.clock.sleep(wait).await;
            *waited = waited.saturating_add(wait);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::auth::Authenticator;
    use crate::auth::{AccessToken, BearerAuth};
    use crate::types::Network;

    #[test]
    fn a_transport_for_another_token_shares_limits_only_when_asked() {
        let user = Transport::builder(Network::Facebook, "https://graph.facebook.com/v26.0")
            .build()
            .unwrap();
        let auth = || -> Option<Arc<dyn Authenticator>> {
            Some(Arc::new(BearerAuth::new(AccessToken::new("t"))))
        };
        let shared = user.with_authenticator(auth(), true);
        let fresh = user.with_authenticator(auth(), false);
        shared.remember_rate_limits(vec![RateLimit::new("app").with_used_percent(90.0)]);
        assert_eq!(user.rate_limit("app").unwrap().used_percent, Some(90.0));
        assert!(fresh.rate_limit("app").is_none());
        fresh.remember_rate_limits(vec![RateLimit::new("page").with_remaining(0)]);
        assert!(user.rate_limit("page").is_none());
        assert!(shared.rate_limit("page").is_none());
    }

    #[test]
    fn remembered_resets_beyond_a_day_are_unknown() {
        let t = Transport::builder(Network::X, "https://api.x.com")
            .build()
            .unwrap();
        let far = SystemTime::now() + Duration::from_secs(3 * 24 * 3600);
        t.remember_rate_limits(vec![
            RateLimit::new("b").with_remaining(0).with_reset_at(far),
        ]);
        assert_eq!(t.rate_limit("b").unwrap().reset_at, None);
    }
}
