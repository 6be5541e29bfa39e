//! When to send a request again, as a pure function ([`decide`]), plus the backoff schedule and
//! the retry budget shared by a client.
//!
//! The rules:
//! - a request that provably never reached the server (connection refused, DNS, TLS handshake)
//!   may be sent again whatever it does;
//! - reads and idempotent writes are retried on 5xx, 429, timeouts and broken connections, with
//!   exponential backoff and full jitter, honouring `Retry-After` and reset times within a cap;
//! - an unsafe write (a create) that may have reached the server is never sent again: the caller
//!   gets [`Error::Unconfirmed`](crate::Error::Unconfirmed), never an error that says
//!   "retryable" ([`outcome_unknown`]);
//! - attempts, single waits and the total wait are bounded.

use std::sync::Mutex;
use std::time::Duration;

use super::request::Idempotency;
use crate::error::{Error, TransportErrorKind};

/// How the random part of the backoff is drawn.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Jitter {
    /// Full jitter: uniform in `[0, backoff]` (AWS, Google). The default.
    Full,
    /// No randomness: always the upper bound (deterministic tests).
    None,
}

/// Bounds of the retry loop.
///
/// ```
/// use std::time::Duration;
/// use social_core::http::{Jitter, RetryPolicy};
///
/// let policy = RetryPolicy::default()
///     .max_attempts(4)
///     .base_delay(Duration::from_millis(200))
///     .max_retry_after(Duration::from_secs(30))
///     .jitter(Jitter::None);
/// // The bound doubles per attempt: 200 ms before the 2nd, 400 ms before the 3rd, 800 ms before the 4th.
/// assert_eq!(policy.backoff(4, 1.0), Duration::from_millis(800));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) base_delay: Duration,
    pub(crate) max_delay: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) max_total_wait: Duration,
    pub(crate) jitter: Jitter,
}

impl Default for RetryPolicy {
    /// 3 attempts, 500 ms base, 20 s per backoff, server-requested waits up to 60 s, 120 s of
    /// waiting in all, full jitter.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            max_total_wait: Duration::from_secs(120),
            jitter: Jitter::Full,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> Self {
        RetryPolicy::default().max_attempts(1)
    }

    /// Attempts in all, the first included (at least 1).
    #[must_use]
    pub fn max_attempts(mut self, n: u32) -> Self {
        self.max_attempts = n.max(1);
        self
    }

    /// The first backoff's upper bound; it doubles with each attempt.
    #[must_use]
    pub fn base_delay(mut self, d: Duration) -> Self {
        self.base_delay = d;
        self
    }

    /// The largest backoff.
    #[must_use]
    pub fn max_delay(mut self, d: Duration) -> Self {
        self.max_delay = d;
        self
    }

    /// The longest server-requested wait (`Retry-After`, reset time) honoured; longer ones are
    /// returned to the caller as [`Error::RateLimited`](crate::Error::RateLimited) at once.
    #[must_use]
    pub fn max_retry_after(mut self, d: Duration) -> Self {
        self.max_retry_after = d;
        self
    }

    /// The most time spent waiting across all retries of one call.
    #[must_use]
    pub fn max_total_wait(mut self, d: Duration) -> Self {
        self.max_total_wait = d;
        self
    }

    /// How the random part is drawn.
    #[must_use]
    pub fn jitter(mut self, j: Jitter) -> Self {
        self.jitter = j;
        self
    }

    /// The backoff before attempt `next_attempt` (2 for the first retry), given a sample in
    /// `[0, 1]`: `sample × min(max_delay, base × 2^(next_attempt − 2))`. With [`Jitter::None`]
    /// the sample is ignored and the bound is used.
    pub fn backoff(&self, next_attempt: u32, sample: f64) -> Duration {
        let exp = next_attempt.saturating_sub(2).min(30);
        let bound = self
            .base_delay
            .saturating_mul(1u32 << exp)
            .min(self.max_delay);
        match self.jitter {
            Jitter::None => bound,
            Jitter::Full => bound.mul_f64(sample.clamp(0.0, 1.0)),
        }
    }
}

/// What happened to one attempt, as the retry decision sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The request never reached the server (connect, DNS, TLS handshake failed).
    NotSent,
    /// No complete answer in time; the server may have acted.
    Timeout,
    /// The connection broke mid-exchange (reset, truncated body); the server may have acted.
    Broken,
    /// The server answered with an error.
    Status {
        /// HTTP status.
        status: u16,
        /// The server asked for a wait (`Retry-After` or an exhausted bucket's reset).
        retry_after: Option<Duration>,
        /// The error is a rate limit (429 or the network's throttling codes).
        rate_limited: bool,
        /// The network flagged the error transient.
        transient: bool,
    },
}

impl Failure {
    /// Whether the server may have carried out the request. A rate-limit refusal did not.
    pub fn may_have_reached_server(&self) -> bool {
        match self {
            Failure::NotSent => false,
            Failure::Status {
                status,
                rate_limited,
                ..
            } => !(*rate_limited || *status == 429),
            _ => true,
        }
    }
}

/// The decision after a failed attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Decision {
    /// Send again after this wait.
    Retry(Duration),
    /// Give the error to the caller.
    GiveUp,
    /// Give the error to the caller as [`Error::Unconfirmed`](crate::Error::Unconfirmed): an unsafe
    /// write may have taken effect.
    Unconfirmed,
}

/// Inputs of [`decide`] besides the failure itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Attempt {
    /// How safe the request is to repeat.
    pub idempotency: Idempotency,
    /// Attempts made so far (1 after the first).
    pub attempts: u32,
    /// Time already spent waiting between attempts of this call.
    pub waited: Duration,
    /// A uniform sample in `[0, 1]` for the jitter.
    pub sample: f64,
    /// The network documents that a rate-limit refusal happens before any processing, so an
    /// unsafe write refused with a rate limit may be sent again.
    pub rate_limit_before_processing: bool,
}

/// The retry decision, a pure function of the policy, the attempt and its failure.
///
/// ```
/// use std::time::Duration;
/// use social_core::http::{Attempt, Decision, Failure, Idempotency, Jitter, RetryPolicy, decide};
///
/// let policy = RetryPolicy::default().jitter(Jitter::None);
/// let attempt = Attempt { idempotency: Idempotency::Unsafe, attempts: 1, waited: Duration::ZERO, sample: 1.0, rate_limit_before_processing: false };
/// let server_error = Failure::Status { status: 503, retry_after: None, rate_limited: false, transient: false };
/// // A create that got a 503 is never replayed.
/// assert_eq!(decide(&policy, &attempt, &server_error), Decision::Unconfirmed);
/// // A read is.
/// let read = Attempt { idempotency: Idempotency::Safe, ..attempt };
/// assert_eq!(decide(&policy, &read, &server_error), Decision::Retry(Duration::from_millis(500)));
/// ```
pub fn decide(policy: &RetryPolicy, attempt: &Attempt, failure: &Failure) -> Decision {
    let replayable = !matches!(attempt.idempotency, Idempotency::Unsafe);
    let give_up = |reached: bool| {
        if !replayable && reached {
            Decision::Unconfirmed
        } else {
            Decision::GiveUp
        }
    };

    let wait = match *failure {
        Failure::NotSent => Some(None),
        Failure::Timeout | Failure::Broken => {
            if replayable {
                Some(None)
            } else {
                return Decision::Unconfirmed;
            }
        }
        Failure::Status {
            status,
            retry_after,
            rate_limited,
            transient,
        } => {
            if rate_limited || status == 429 {
                if !replayable && !attempt.rate_limit_before_processing {
                    // Refused, so not carried out: the caller gets the rate-limit error.
                    return Decision::GiveUp;
                }
                match retry_after {
                    Some(wait) if wait <= policy.max_retry_after => Some(Some(wait)),
                    // Too long to wait, or no idea how long: the caller decides.
                    _ => return Decision::GiveUp,
                }
            } else if status >= 500 || transient || status == 408 {
                if !replayable {
                    return Decision::Unconfirmed;
                }
                match retry_after {
                    Some(wait) if wait > policy.max_retry_after => return Decision::GiveUp,
                    other => Some(other),
                }
            } else {
                None
            }
        }
    };

    let Some(server_wait) = wait else {
        return Decision::GiveUp;
    };
    if attempt.attempts >= policy.max_attempts {
        return give_up(failure.may_have_reached_server());
    }
    let backoff = policy.backoff(attempt.attempts + 1, attempt.sample);
    let wait = server_wait.unwrap_or(backoff);
    if attempt.waited.saturating_add(wait) > policy.max_total_wait {
        return give_up(failure.may_have_reached_server());
    }
    Decision::Retry(wait)
}

/// Whether the error a request ends with must reach the caller as
/// [`Error::Unconfirmed`] rather than as it is: the request is an unsafe write (a create), the
/// failed attempt may have reached the server, and the error would invite sending it again
/// ([`Error::is_retryable`]: a 5xx, a transient error, a timeout, a broken connection) or hides
/// a write that did happen (a 2xx answer too large to read). Definite refusals (a 4xx: invalid
/// input, a duplicate, a missing permission) and rate-limit refusals stay as they are: the server
/// did not act on them.
///
/// The transport applies it to every error that follows a failed attempt, and a Graph batch to
/// its write items, so `is_retryable()` is never `true` for a write that may have run.
///
/// ```
/// use social_core::http::{Failure, Idempotency, outcome_unknown};
/// use social_core::{ApiError, Error, Network};
///
/// let overloaded = Error::Api(Box::new(ApiError::new(Network::Facebook, 503)));
/// let answered = Failure::Status { status: 503, retry_after: None, rate_limited: false, transient: false };
/// assert!(outcome_unknown(Idempotency::Unsafe, &answered, &overloaded));
/// // A read can simply be sent again.
/// assert!(!outcome_unknown(Idempotency::Safe, &answered, &overloaded));
/// ```
pub fn outcome_unknown(idempotency: Idempotency, failure: &Failure, error: &Error) -> bool {
    let invites_a_retry = error.is_retryable()
        || matches!(
            error,
            Error::Transport {
                kind: TransportErrorKind::ResponseTooLarge,
                ..
            }
        );
    idempotency == Idempotency::Unsafe && failure.may_have_reached_server() && invites_a_retry
}

/// A retry budget shared by every request of a client (AWS's retry quota): each retry takes
/// tokens, each success gives some back, so an outage does not turn into a retry storm.
///
/// ```
/// use social_core::http::RetryBudget;
/// let budget = RetryBudget::new(10, 5, 1);
/// assert!(budget.try_take());
/// assert!(budget.try_take());
/// assert!(!budget.try_take());
/// budget.refund(5);
/// assert!(budget.try_take());
/// ```
#[derive(Debug)]
pub struct RetryBudget {
    capacity: u32,
    cost: u32,
    success_refill: u32,
    tokens: Mutex<u32>,
}

impl Default for RetryBudget {
    /// 500 tokens, 5 per retry, 1 back per success.
    fn default() -> Self {
        RetryBudget::new(500, 5, 1)
    }
}

impl RetryBudget {
    /// A budget of `capacity` tokens, `cost` per retry, `success_refill` back per success.
    pub fn new(capacity: u32, cost: u32, success_refill: u32) -> Self {
        RetryBudget {
            capacity,
            cost,
            success_refill,
            tokens: Mutex::new(capacity),
        }
    }

    /// Takes the cost of one retry; `false` when the budget is spent.
    pub fn try_take(&self) -> bool {
        let mut t = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        if *t >= self.cost {
            *t -= self.cost;
            true
        } else {
            false
        }
    }

    /// Gives back `n` tokens, up to the capacity.
    pub fn refund(&self, n: u32) {
        let mut t = self.tokens.lock().unwrap_or_else(|e| e.into_inner());
        *t = (*t + n).min(self.capacity);
    }

    /// Records a success: a call that needed `retries` retries gets their cost back, a call that
    /// needed none adds the refill.
    pub fn on_success(&self, retries: u32) {
        if retries == 0 {
            self.refund(self.success_refill);
        } else {
            self.refund(self.cost.saturating_mul(retries));
        }
    }

    /// Tokens left.
    pub fn available(&self) -> u32 {
        *self.tokens.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const S: Duration = Duration::from_secs(1);

    fn policy() -> RetryPolicy {
        RetryPolicy::default()
            .jitter(Jitter::None)
            .base_delay(Duration::from_millis(100))
            .max_delay(Duration::from_millis(1000))
            .max_retry_after(Duration::from_secs(60))
            .max_total_wait(Duration::from_secs(90))
            .max_attempts(4)
    }

    fn at(idempotency: Idempotency, attempts: u32) -> Attempt {
        Attempt {
            idempotency,
            attempts,
            waited: Duration::ZERO,
            sample: 1.0,
            rate_limit_before_processing: false,
        }
    }

    fn flagged(status: u16, rate_limited: bool, transient: bool) -> Failure {
        Failure::Status {
            status,
            retry_after: None,
            rate_limited,
            transient,
        }
    }

    fn status(status: u16, retry_after: Option<Duration>) -> Failure {
        Failure::Status {
            status,
            retry_after,
            rate_limited: status == 429,
            transient: false,
        }
    }

    #[test]
    fn decision_table() {
        use Decision::*;
        use Idempotency::*;
        let ms = Duration::from_millis;
        let cases: Vec<(Idempotency, u32, Failure, Decision)> = vec![
            // Never sent: any request may go again.
            (Unsafe, 1, Failure::NotSent, Retry(ms(100))),
            (Safe, 1, Failure::NotSent, Retry(ms(100))),
            // Maybe reached the server: only replayable requests go again.
            (Unsafe, 1, Failure::Timeout, Unconfirmed),
            (Unsafe, 1, Failure::Broken, Unconfirmed),
            (Safe, 1, Failure::Timeout, Retry(ms(100))),
            (Idempotent, 2, Failure::Broken, Retry(ms(200))),
            // 5xx.
            (Unsafe, 1, status(503, None), Unconfirmed),
            (Safe, 1, status(503, None), Retry(ms(100))),
            (Safe, 3, status(500, None), Retry(ms(400))),
            (Safe, 4, status(500, None), GiveUp),
            (Safe, 1, status(503, Some(S * 5)), Retry(S * 5)),
            (Safe, 1, status(503, Some(S * 500)), GiveUp),
            // 429: honoured within the cap, refused beyond, never replayed for creates by default.
            (Safe, 1, status(429, Some(S * 2)), Retry(S * 2)),
            (Safe, 1, status(429, Some(S * 3600)), GiveUp),
            (Safe, 1, status(429, None), GiveUp),
            (Unsafe, 1, status(429, Some(S)), GiveUp),
            // Other 4xx are final.
            (Safe, 1, status(400, None), GiveUp),
            (Unsafe, 1, status(404, None), GiveUp),
            (Safe, 1, status(401, None), GiveUp),
            // 408 is a timeout the server admits.
            (Safe, 1, status(408, None), Retry(ms(100))),
            (Unsafe, 1, status(408, None), Unconfirmed),
            // 5xx starts at 500.
            (Safe, 1, status(499, None), GiveUp),
            (Safe, 1, status(500, None), Retry(ms(100))),
            // A server-requested wait exactly at the cap is honoured; a second more is not.
            (Safe, 1, status(429, Some(S * 60)), Retry(S * 60)),
            (Safe, 1, status(429, Some(S * 61)), GiveUp),
            (Safe, 1, status(503, Some(S * 60)), Retry(S * 60)),
            (Safe, 1, status(503, Some(S * 61)), GiveUp),
            // The network's flags count as much as the status.
            (Safe, 1, flagged(400, false, true), Retry(ms(100))),
            (Unsafe, 1, flagged(400, false, true), Unconfirmed),
            (Safe, 1, flagged(400, true, false), GiveUp),
            (Unsafe, 1, flagged(400, true, false), GiveUp),
        ];
        for (idem, attempts, failure, expected) in cases {
            assert_eq!(
                decide(&policy(), &at(idem, attempts), &failure),
                expected,
                "{idem:?} after {attempts} attempts, {failure:?}"
            );
        }
    }

    #[test]
    fn last_attempt_of_a_create_that_was_never_sent_gives_up_plainly() {
        assert_eq!(
            decide(&policy(), &at(Idempotency::Unsafe, 4), &Failure::NotSent),
            Decision::GiveUp
        );
    }

    #[test]
    fn rate_limit_before_processing_lets_creates_wait() {
        let a = Attempt {
            rate_limit_before_processing: true,
            ..at(Idempotency::Unsafe, 1)
        };
        assert_eq!(
            decide(&policy(), &a, &status(429, Some(S))),
            Decision::Retry(S)
        );
        // Told by the network's flag, not the status.
        let throttled = Failure::Status {
            status: 400,
            retry_after: Some(S),
            rate_limited: true,
            transient: false,
        };
        assert_eq!(decide(&policy(), &a, &throttled), Decision::Retry(S));
        // No idea how long: the caller decides.
        assert_eq!(decide(&policy(), &a, &status(429, None)), Decision::GiveUp);
        // Out of attempts: the refusal, not an unknown outcome (nothing was carried out).
        let last = Attempt { attempts: 4, ..a };
        assert_eq!(
            decide(&policy(), &last, &status(429, Some(S))),
            Decision::GiveUp
        );
    }

    #[test]
    fn what_may_have_reached_the_server() {
        let cases = [
            (Failure::NotSent, false),
            (Failure::Timeout, true),
            (Failure::Broken, true),
            (status(503, None), true),
            (status(200, None), true),
            (status(400, None), true),
            (status(429, Some(S)), false),
            (flagged(429, false, false), false),
            (flagged(400, true, false), false),
        ];
        for (failure, reached) in cases {
            assert_eq!(failure.may_have_reached_server(), reached, "{failure:?}");
        }
    }

    #[test]
    fn outcome_unknown_only_for_writes_that_may_have_run_and_would_invite_a_retry() {
        use crate::error::ApiError;
        use crate::types::Network;
        let api = |status| Error::Api(Box::new(ApiError::new(Network::X, status)));
        let transport = |kind| Error::Transport {
            network: Network::X,
            kind,
            message: "m".into(),
            source: None,
        };
        let limited = Error::RateLimited {
            network: Network::X,
            retry_after: None,
            reset_at: None,
            bucket: None,
            rate_limit: None,
            api: None,
        };
        use Idempotency::*;
        let cases = [
            (Unsafe, status(503, None), api(503), true),
            (
                Unsafe,
                Failure::Timeout,
                transport(TransportErrorKind::Timeout),
                true,
            ),
            (
                Unsafe,
                status(200, None),
                transport(TransportErrorKind::ResponseTooLarge),
                true,
            ),
            // Not a write.
            (Safe, status(503, None), api(503), false),
            (
                Idempotent,
                Failure::Broken,
                transport(TransportErrorKind::Body),
                false,
            ),
            // Never reached the server.
            (
                Unsafe,
                Failure::NotSent,
                transport(TransportErrorKind::Connect),
                false,
            ),
            (Unsafe, status(429, None), limited, false),
            // A definite refusal.
            (Unsafe, status(400, None), api(400), false),
            (
                Unsafe,
                status(200, None),
                transport(TransportErrorKind::Redirect),
                false,
            ),
        ];
        for (idem, failure, error, unknown) in cases {
            assert_eq!(
                outcome_unknown(idem, &failure, &error),
                unknown,
                "{idem:?} {failure:?} {error:?}"
            );
        }
    }

    #[test]
    fn policy_setters_hold_their_bounds() {
        assert_eq!(RetryPolicy::none().max_attempts, 1);
        assert_eq!(RetryPolicy::default().max_attempts(0).max_attempts, 1);
        let p = RetryPolicy::default()
            .max_delay(Duration::from_millis(700))
            .base_delay(Duration::from_millis(300))
            .jitter(Jitter::None);
        assert_eq!(p.backoff(2, 0.0), Duration::from_millis(300));
        assert_eq!(p.backoff(3, 0.0), Duration::from_millis(600));
        assert_eq!(p.backoff(4, 0.0), Duration::from_millis(700));
        let d = RetryPolicy::default();
        assert_eq!(
            (
                d.max_attempts,
                d.base_delay,
                d.max_delay,
                d.max_retry_after,
                d.max_total_wait
            ),
            (3, Duration::from_millis(500), S * 20, S * 60, S * 120)
        );
        assert_eq!(d.jitter, Jitter::Full);
    }

    #[test]
    fn total_wait_is_bounded() {
        let a = Attempt {
            waited: Duration::from_secs(89),
            ..at(Idempotency::Safe, 1)
        };
        assert_eq!(
            decide(&policy(), &a, &status(503, Some(S * 2))),
            Decision::GiveUp
        );
        // Exactly the total allowed is still allowed.
        assert_eq!(
            decide(&policy(), &a, &status(503, Some(S))),
            Decision::Retry(S)
        );
        let create = Attempt {
            waited: Duration::from_secs(89),
            ..at(Idempotency::Unsafe, 1)
        };
        assert_eq!(
            decide(&policy(), &create, &Failure::NotSent),
            Decision::Retry(Duration::from_millis(100))
        );
    }

    #[test]
    fn backoff_doubles_to_the_cap_and_jitter_stays_within() {
        let p = policy();
        let bounds: Vec<_> = (2..8).map(|n| p.backoff(n, 1.0).as_millis()).collect();
        assert_eq!(bounds, [100, 200, 400, 800, 1000, 1000]);
        let full = p.clone().jitter(Jitter::Full);
        for n in 2..8 {
            for sample in [0.0, 0.25, 0.5, 0.999, 1.0, 7.0, -1.0] {
                assert!(full.backoff(n, sample) <= p.backoff(n, 1.0));
            }
        }
        assert_eq!(full.backoff(3, 0.5), Duration::from_millis(100));
        assert_eq!(p.backoff(u32::MAX, 1.0), Duration::from_millis(1000));
    }

    #[test]
    fn budget_gives_back_what_retries_took() {
        let b = RetryBudget::new(100, 10, 1);
        for _ in 0..3 {
            assert!(b.try_take());
        }
        assert_eq!(b.available(), 70);
        b.on_success(2);
        assert_eq!(b.available(), 90);
        b.on_success(0);
        assert_eq!(b.available(), 91);
        assert_eq!(RetryBudget::default().available(), 500);
        let d = RetryBudget::default();
        assert!(d.try_take());
        assert_eq!(d.available(), 495);
        d.on_success(0);
        assert_eq!(d.available(), 496);
    }

    #[test]
    fn budget_never_exceeds_capacity() {
        let b = RetryBudget::new(10, 4, 1);
        b.on_success(0);
        assert_eq!(b.available(), 10);
        assert!(b.try_take());
        b.on_success(1);
        assert_eq!(b.available(), 10);
    }
}
