//! Time as the SDK sees it: the wall clock (token expiry, rate-limit resets, signatures) and the
//! waits between attempts. Injectable, so tests run on a virtual clock: exact and instant.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use futures_util::future::BoxFuture;

/// A source of wall-clock time and of waits.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The current time.
    fn now(&self) -> SystemTime;

    /// Waits for `duration` (the default uses tokio's timer, so `tokio::time::pause` applies).
    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        Box::pin(tokio::time::sleep(duration))
    }
}

/// The operating system's clock and tokio's timer. The default.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that starts at a given time and advances with tokio's clock, so that
/// `tokio::time::pause()` and `advance()` move it too.
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

/// A virtual clock for tests: it moves only when told to or when the SDK sleeps on it, and every
/// sleep returns at once and is recorded. Unlike tokio's paused clock it does not jump ahead while
/// real sockets are in use, so tests with a local mock server stay exact.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::clock::{Clock, ManualClock};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let clock = ManualClock::new(SystemTime::UNIX_EPOCH);
/// clock.sleep(Duration::from_secs(2)).await;
/// clock.advance(Duration::from_secs(1));
/// assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
/// assert_eq!(clock.now(), SystemTime::UNIX_EPOCH + Duration::from_secs(3));
/// # }
/// ```
#[derive(Debug, Clone)]
pub struct ManualClock {
    state: Arc<Mutex<ManualState>>,
}

#[derive(Debug)]
struct ManualState {
    now: SystemTime,
    sleeps: Vec<Duration>,
}

impl ManualClock {
    /// A clock reading `start`.
    pub fn new(start: SystemTime) -> Self {
        ManualClock {
            state: Arc::new(Mutex::new(ManualState {
                now: start,
                sleeps: Vec::new(),
            })),
        }
    }

    /// A clock reading the system time now.
    pub fn starting_now() -> Self {
        Self::new(SystemTime::now())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, ManualState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Moves the clock forward.
    pub fn advance(&self, by: Duration) {
        self.lock().now += by;
    }

    /// Every sleep requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.lock().sleeps.clone()
    }

    /// The sum of the sleeps requested so far.
    pub fn slept(&self) -> Duration {
        self.lock().sleeps.iter().sum()
    }
}

impl Clock for ManualClock {
    fn now(&self) -> SystemTime {
        self.lock().now
    }

    fn sleep(&self, duration: Duration) -> BoxFuture<'static, ()> {
        let mut s = self.lock();
        s.now += duration;
        s.sleeps.push(duration);
        Box::pin(std::future::ready(()))
    }
}
