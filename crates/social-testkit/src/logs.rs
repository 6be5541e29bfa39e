//! Log capture for tests that check what the SDK writes to its logs (never a secret, the right
//! fields): one helper for every crate's tests.

use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

/// A `tracing` writer that keeps everything written, to look at log output.
///
/// ```
/// use social_testkit::logs::capture_logs;
///
/// let (logs, _guard) = capture_logs();
/// tracing::info!(network = "x", "hello");
/// assert!(logs.text().contains("hello"));
/// ```
#[derive(Debug, Clone, Default)]
pub struct LogBuf(Arc<Mutex<Vec<u8>>>);

impl LogBuf {
    /// Everything written so far, as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(PoisonError::into_inner)).into_owned()
    }
}

impl Write for LogBuf {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogBuf {
    type Writer = LogBuf;

    fn make_writer(&'a self) -> Self::Writer {
        self.clone()
    }
}

/// Captures every event at TRACE level on this thread until the guard drops (`#[tokio::test]`
/// runs on the current thread, so the client's events land here).
///
/// While a single dispatcher is registered, tracing-core works out whether a callsite is wanted
/// from the registering thread's dispatcher alone (`Rebuilder::JustOne` in
/// <https://github.com/tokio-rs/tracing/blob/master/tracing-core/src/callsite.rs>), so a sibling
/// test on another thread, without a subscriber, could switch this test's events off. A second
/// dispatcher kept for the whole process makes it ask every live dispatcher, this one included.
pub fn capture_logs() -> (LogBuf, tracing::subscriber::DefaultGuard) {
    static ANCHOR: OnceLock<tracing::Dispatch> = OnceLock::new();
    ANCHOR.get_or_init(|| tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()));
    let buf = LogBuf::default();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(buf.clone())
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .finish();
    (buf, tracing::subscriber::set_default(subscriber))
}
