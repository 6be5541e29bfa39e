//! The clock every fake keeps: the system time until a test freezes or moves it.

use std::time::{SystemTime, UNIX_EPOCH};

/// A fake's clock, in Unix seconds: the system time unless [`set`](FakeClock::set) or
/// [`advance`](FakeClock::advance) froze it. Each fake's state keeps one and exposes it as
/// `now`, `set_now` and `advance`.
///
/// ```
/// use social_testkit::FakeClock;
///
/// let mut clock = FakeClock::default();
/// clock.set(1_700_000_000);
/// clock.advance(60);
/// assert_eq!(clock.now(), 1_700_000_060);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FakeClock(Option<i64>);

impl FakeClock {
    /// The time, Unix seconds.
    pub fn now(&self) -> i64 {
        self.0.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        })
    }

    /// Freezes the clock at `unix_seconds`.
    pub fn set(&mut self, unix_seconds: i64) {
        self.0 = Some(unix_seconds);
    }

    /// Moves the clock `seconds` forward (and freezes it there).
    pub fn advance(&mut self, seconds: i64) {
        self.0 = Some(self.now().saturating_add(seconds));
    }
}
