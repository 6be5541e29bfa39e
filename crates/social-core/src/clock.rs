//! Wall-clock time as the SDK sees it, injectable so tests can run on tokio's paused clock.

use std::fmt;
use std::time::SystemTime;

/// A source of the current wall-clock time (token expiry, rate-limit resets, signatures).
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The operating system's clock. The default.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that starts at a given time and advances with tokio's clock, so that
/// `tokio::time::pause()` and `advance()` move it too. For tests and simulations.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::clock::{Clock, TokioClock};
///
/// # #[tokio::main(flavor = "current_thread", start_paused = true)]
/// # async fn main() {
/// let start = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
/// let clock = TokioClock::starting_at(start);
/// tokio::time::advance(Duration::from_secs(60)).await;
/// assert_eq!(clock.now(), start + Duration::from_secs(60));
/// # }
/// ```
#[derive(Debug, Clone, Copy)]
pub struct TokioClock {
    origin: SystemTime,
    origin_instant: tokio::time::Instant,
}

impl TokioClock {
    /// A clock reading `origin` now.
    pub fn starting_at(origin: SystemTime) -> Self {
        TokioClock {
            origin,
            origin_instant: tokio::time::Instant::now(),
        }
    }
}

impl Clock for TokioClock {
    fn now(&self) -> SystemTime {
        self.origin + self.origin_instant.elapsed()
    }
}
