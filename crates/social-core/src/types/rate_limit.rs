use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// What the network said about one rate-limit window, read from response headers or an error.
///
/// Each network reports limits differently; its dialect fills the fields it knows and leaves the
/// others `None` (unknown, never "zero"):
/// - X: `x-rate-limit-limit/-remaining/-reset` (15-minute windows per endpoint) plus the 24-hour
///   `x-app-limit-24hour-*` and `x-user-limit-24hour-*` headers, each its own [`RateLimit`].
/// - Facebook Graph: usage percentages from `X-App-Usage`, `X-Page-Usage` and
///   `X-Business-Use-Case-Usage`, with the time to regain access when the server gives it.
/// - LinkedIn: daily quotas, reported only through a 429.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::RateLimit;
///
/// let now = SystemTime::now();
/// let rl = RateLimit::new("GET /2/users/:id/following")
///     .with_limit(15)
///     .with_remaining(0)
///     .with_reset_at(now + Duration::from_secs(600));
/// assert!(rl.is_exhausted(now));
/// assert_eq!(rl.wait_needed(now), Some(Duration::from_secs(600)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RateLimit {
    /// The bucket this window belongs to (an endpoint, `"x:app-24h:POST /2/tweets"`, `"facebook:app"`…).
    pub bucket: String,
    /// Requests allowed in the window, when the network says.
    pub limit: Option<u64>,
    /// Requests left in the window, when the network says.
    pub remaining: Option<u64>,
    /// When the window resets, when the network says.
    pub reset_at: Option<SystemTime>,
    /// Share of the quota used, in percent (Graph usage headers), when the network says.
    pub used_percent: Option<f64>,
}

impl RateLimit {
    /// A window of the given bucket with nothing known yet.
    pub fn new(bucket: impl Into<String>) -> Self {
        RateLimit {
            bucket: bucket.into(),
            limit: None,
            remaining: None,
            reset_at: None,
            used_percent: None,
        }
    }

    /// Sets the number of requests allowed in the window.
    #[must_use]
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Sets the number of requests left in the window.
    #[must_use]
    pub fn with_remaining(mut self, remaining: u64) -> Self {
        self.remaining = Some(remaining);
        self
    }

    /// Sets when the window resets (or when access is regained).
    #[must_use]
    pub fn with_reset_at(mut self, reset_at: SystemTime) -> Self {
        self.reset_at = Some(reset_at);
        self
    }

    /// Sets the share of the quota used, in percent.
    #[must_use]
    pub fn with_used_percent(mut self, used: f64) -> Self {
        self.used_percent = Some(used);
        self
    }

    /// True when the network said no request is left (remaining 0, or 100 % used) and the window
    /// has not reset yet at `now`. An unknown reset time counts as exhausted only while it is
    /// unknown when it ends, so callers should use [`RateLimit::wait_needed`] to decide.
    pub fn is_exhausted(&self, now: SystemTime) -> bool {
        let spent = self.remaining == Some(0) || self.used_percent.is_some_and(|p| p >= 100.0);
        spent && self.reset_at.is_none_or(|reset| reset > now)
    }

    /// How long to wait before this bucket accepts requests again; `None` when it is not known to
    /// be exhausted or when the reset time is unknown (the server stays the authority then).
    pub fn wait_needed(&self, now: SystemTime) -> Option<Duration> {
        if !self.is_exhausted(now) {
            return None;
        }
        self.reset_at
            .and_then(|reset| reset.duration_since(now).ok())
    }
}
