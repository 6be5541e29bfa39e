//! [`RawServer`]: scripted bytes over raw TCP, for the faults wiremock cannot produce.

use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Requests larger than this are not read further (the script runs anyway).
const MAX_REQUEST_BYTES: usize = 1 << 20;

/// One step of a [`RawServer`] script, run after the request has been read.
///
/// ```
/// use std::time::Duration;
/// use social_testkit::Step;
///
/// // Headers, then hold the connection open for a second, then close it.
/// let script = [
///     Step::Write(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n".to_vec()),
///     Step::Sleep(Duration::from_secs(1)),
/// ];
/// # let _ = script;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Step {
    /// Writes these bytes and flushes them.
    Write(Vec<u8>),
    /// Waits this long, holding the connection open.
    Sleep(Duration),
}

/// A raw TCP server on `127.0.0.1:0` that answers every connection the same way: it reads
/// one request (head, and a body of `content-length` bytes), runs its script of [`Step`]s,
/// then closes the connection. It counts the requests it read ([`hits`](Self::hits)).
///
/// It runs as a task of the current tokio runtime and stops when dropped.
///
/// ```
/// use social_testkit::RawServer;
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// // `content-length: 1000`, then 10 bytes, then close.
/// let server = RawServer::truncated_body(1000, "0123456789").await;
/// // … point a client at `server.uri()`: its body read must fail.
/// assert_eq!(server.hits(), 0);
/// # }
/// ```
#[derive(Debug)]
pub struct RawServer {
    address: SocketAddr,
    hits: Arc<AtomicUsize>,
    task: JoinHandle<()>,
}

impl RawServer {
    /// Answers every request with `script`.
    ///
    /// # Panics
    /// If no port of 127.0.0.1 can be bound, or outside a tokio runtime.
    ///
    /// ```
    /// use social_testkit::{RawServer, Step};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = RawServer::start([Step::Write(b"HTTP/1.1 204 No Content\r\n\r\n".to_vec())]).await;
    /// # let _ = server;
    /// # }
    /// ```
    pub async fn start(script: impl IntoIterator<Item = Step>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind a port of 127.0.0.1");
        let address = listener
            .local_addr()
            .expect("a bound listener has an address");
        let script: Arc<[Step]> = script.into_iter().collect();
        let hits = Arc::new(AtomicUsize::new(0));
        let counter = Arc::clone(&hits);
        let task = tokio::spawn(async move {
            // Dropping the set (when the server is dropped) aborts the open connections.
            let mut connections = JoinSet::new();
            loop {
                tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => {
                            connections.spawn(serve(stream, Arc::clone(&script), Arc::clone(&counter)));
                        }
                        Err(_) => break,
                    },
                    Some(_) = connections.join_next() => {}
                }
            }
        });
        RawServer {
            address,
            hits,
            task,
        }
    }

    /// Answers every request with exactly `bytes` (a whole response, garbage, half a status
    /// line…), then closes.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let garbage = social_testkit::RawServer::respond(&b"\x00\xffnot http at all"[..]).await;
    /// # let _ = garbage;
    /// # }
    /// ```
    pub async fn respond(bytes: impl Into<Vec<u8>>) -> Self {
        Self::start([Step::Write(bytes.into())]).await
    }

    /// Answers `200 OK` with `content-length: declared` but sends only `sent`, then closes.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let short = social_testkit::RawServer::truncated_body(1000, r#"{"data":"#).await;
    /// # let _ = short;
    /// # }
    /// ```
    pub async fn truncated_body(declared: usize, sent: impl Into<Vec<u8>>) -> Self {
        Self::start([Step::Write(head(declared)), Step::Write(sent.into())]).await
    }

    /// Reads the request, then closes the connection without a byte of response.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = social_testkit::RawServer::close_after_request().await;
    /// # let _ = server;
    /// # }
    /// ```
    pub async fn close_after_request() -> Self {
        Self::start([]).await
    }

    /// Reads the request, sends nothing for `delay`, then closes: for client timeouts.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let silent = social_testkit::RawServer::hold_open(std::time::Duration::from_secs(30)).await;
    /// # let _ = silent;
    /// # }
    /// ```
    pub async fn hold_open(delay: Duration) -> Self {
        Self::start([Step::Sleep(delay)]).await
    }

    /// Answers `200 OK` with a correct `content-length`, then drips `body` one byte every
    /// `every`: for read timeouts that must fire mid-body.
    ///
    /// ```
    /// use std::time::Duration;
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let slow = social_testkit::RawServer::slow_body("{}", Duration::from_millis(200)).await;
    /// # let _ = slow;
    /// # }
    /// ```
    pub async fn slow_body(body: impl Into<Vec<u8>>, every: Duration) -> Self {
        let body = body.into();
        let mut script = vec![Step::Write(head(body.len()))];
        for byte in body {
            script.extend([Step::Sleep(every), Step::Write(vec![byte])]);
        }
        Self::start(script).await
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        format!("http://{}", self.address)
    }

    /// The socket address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// How many requests the server has read so far (one per connection).
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

impl Drop for RawServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// A `200 OK` JSON response head announcing `content_length` bytes.
fn head(content_length: usize) -> Vec<u8> {
    format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {content_length}\r\n\r\n")
        .into_bytes()
}

/// Reads one request, counts it, runs the script, and closes the connection.
async fn serve(
    mut stream: TcpStream,
    script: Arc<[Step]>,
    hits: Arc<AtomicUsize>,
) -> io::Result<()> {
    if !read_request(&mut stream).await? {
        return Ok(()); // closed before a whole request: not a hit
    }
    hits.fetch_add(1, Ordering::SeqCst);
    for step in script.iter() {
        match step {
            Step::Write(bytes) => {
                stream.write_all(bytes).await?;
                stream.flush().await?;
            }
            Step::Sleep(delay) => tokio::time::sleep(*delay).await,
        }
    }
    stream.shutdown().await
}

/// Reads a request head and its `content-length` body; `false` if the peer closed first.
async fn read_request(stream: &mut TcpStream) -> io::Result<bool> {
    let mut buffer = Vec::new();
    let mut chunk = [0_u8; 4096];
    let mut expected = None;
    loop {
        if expected.is_none() {
            if let Some(end) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
                expected = Some(end + 4 + content_length(&buffer[..end]));
            }
        }
        if expected.is_some_and(|total| buffer.len() >= total) || buffer.len() > MAX_REQUEST_BYTES {
            return Ok(true);
        }
        let read = stream.read(&mut chunk).await?;
        if read == 0 {
            return Ok(false);
        }
        buffer.extend_from_slice(&chunk[..read]);
    }
}

/// The `content-length` of a request head, 0 if absent or unreadable.
fn content_length(head: &[u8]) -> usize {
    String::from_utf8_lossy(head)
        .lines()
        .filter_map(|line| line.split_once(':'))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
        .and_then(|(_, value)| value.trim().parse().ok())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::content_length;

    #[test]
    fn reads_content_length_case_insensitively() {
        assert_eq!(
            content_length(b"POST / HTTP/1.1\r\nContent-Length: 12\r\nhost: x"),
            12
        );
        assert_eq!(content_length(b"GET / HTTP/1.1\r\nhost: x"), 0);
    }
}
