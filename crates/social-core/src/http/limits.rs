//! What a transport knows about rate limits: the windows the server reported, the local
//! cooldowns of buckets throttled without a reset time, and which of a request's buckets holds
//! it back, and for how long.

use std::collections::HashMap;
use std::time::{Duration, SystemTime};

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

impl Limits {
    /// Whether nothing is known (then nothing can hold a request back).
    pub(super) fn is_empty(&self) -> bool {
        self.windows.is_empty() && self.cooldowns.is_empty()
    }

    /// The last window reported for `bucket`.
    pub(super) fn window(&self, bucket: &str) -> Option<RateLimit> {
        self.windows.get(bucket).cloned()
    }

    /// Until when `bucket` cools down, if it still does at `now`.
    pub(super) fn cooldown_until(&self, bucket: &str, now: SystemTime) -> Option<SystemTime> {
        self.cooldowns
            .get(bucket)
            .copied()
            .filter(|until| *until > now)
    }

    /// Leaves `bucket` alone for `cooldown` from `now` (never shortening a longer one;
    /// `Duration::ZERO` does nothing).
    pub(super) fn start_cooldown(&mut self, bucket: String, now: SystemTime, cooldown: Duration) {
        if cooldown.is_zero() {
            return;
        }
        let Some(until) = now.checked_add(cooldown) else {
            return;
        };
        tracing::debug!(bucket = %bucket, cooldown_s = cooldown.as_secs(), "throttled without a reset time; cooling the bucket down");
        let entry = self.cooldowns.entry(bucket).or_insert(until);
        *entry = (*entry).max(until);
    }

    /// Stores the windows a response reported at `now`: a reset more than a day away is made
    /// unknown (in `rate_limits` too), a spent window with no reset starts a `cooldown`, and
    /// any other answer on a bucket ends its cooldown.
    pub(super) fn store(
        &mut self,
        rate_limits: &mut [RateLimit],
        now: SystemTime,
        cooldown: Duration,
    ) {
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
        for (rl, without_reset) in rate_limits.iter().zip(without_reset) {
            self.windows.insert(rl.bucket.clone(), rl.clone());
            if without_reset {
                self.start_cooldown(rl.bucket.clone(), now, cooldown);
            } else {
                // A fresher answer on the bucket: it is the authority now.
                self.cooldowns.remove(&rl.bucket);
            }
        }
    }

    /// Of `buckets`, the one that holds a request back longest at `now` (an exhausted window
    /// until its reset, a cooldown until it ends): the wait, the bucket, and its window.
    pub(super) fn blocked(
        &self,
        buckets: Vec<String>,
        now: SystemTime,
    ) -> Option<(Duration, String, Option<RateLimit>)> {
        buckets
            .into_iter()
            .filter_map(|b| {
                let window = self.windows.get(&b);
                let by_window = window.and_then(|rl| rl.wait_needed(now));
                let by_cooldown = self
                    .cooldowns
                    .get(&b)
                    .and_then(|until| until.duration_since(now).ok())
                    .filter(|w| !w.is_zero());
                let wait = by_window.max(by_cooldown)?;
                Some((wait, b, window.cloned()))
            })
            .max_by_key(|(w, ..)| *w)
    }
}
