//! Injected faults: a queue consulted before the normal handlers.

use std::collections::VecDeque;
use std::io;
use std::time::Duration;

use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

use crate::server::Endpoint;
use crate::state::Shared;

/// Priority of the mocks serving faults: wiremock's highest, before raw mocks and routes.
const FAULT_PRIORITY: u8 = 1;

/// A fault to serve instead of (or before) the normal answer; queue it with
/// [`FakeServer::inject`](crate::FakeServer::inject) or
/// [`inject_on`](crate::FakeServer::inject_on).
///
/// For a truncated body, bytes that are not HTTP, or a slow drip, use
/// [`RawServer`](crate::RawServer): wiremock cannot send those.
///
/// ```
/// use std::time::Duration;
/// use social_testkit::Fault;
///
/// let rate_limited = Fault::Status {
///     status: 429,
///     body: br#"{"title":"Too Many Requests"}"#.to_vec(),
///     headers: vec![("retry-after".into(), "2".into())],
/// };
/// let html_502 = Fault::Status {
///     status: 502,
///     body: b"<html>Bad Gateway</html>".to_vec(),
///     headers: vec![("content-type".into(), "text/html".into())],
/// };
/// let faults = [rate_limited, html_502, Fault::Delay(Duration::from_secs(5)), Fault::Drop];
/// # let _ = faults;
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answers with this status, body and headers instead of the normal answer.
    Status {
        /// The HTTP status code.
        status: u16,
        /// The body, sent as is (no content type unless in `headers`).
        body: Vec<u8>,
        /// Headers, e.g. `("retry-after", "2")`.
        headers: Vec<(String, String)>,
    },
    /// Waits this long, then gives the normal answer (for timeouts). Only requests answered by
    /// a route ([`FakeServer::route`](crate::FakeServer::route) or a mounted
    /// [`Fake`](crate::Fake)) consume it; for a raw wiremock mock use
    /// `ResponseTemplate::set_delay`. The wait is in real time: wiremock runs on its own
    /// runtime, so a paused tokio clock in the test does not shorten it.
    Delay(Duration),
    /// Closes the connection without answering, through wiremock's `respond_with_err`: the
    /// client sees the connection closed (or reset) before a response, after the request was
    /// sent. How the client's error kind reads can vary; assert on your own classification.
    Drop,
}

impl Fault {
    /// A bare status with an empty body and no headers.
    ///
    /// ```
    /// let unavailable = social_testkit::Fault::status(503);
    /// # let _ = unavailable;
    /// ```
    pub fn status(status: u16) -> Self {
        Fault::Status {
            status,
            body: Vec::new(),
            headers: Vec::new(),
        }
    }

    /// A status with a JSON body (`content-type: application/json`).
    ///
    /// ```
    /// let expired = social_testkit::Fault::json(401, &serde_json::json!({ "title": "Unauthorized" }));
    /// # let _ = expired;
    /// ```
    pub fn json(status: u16, body: &serde_json::Value) -> Self {
        Fault::Status {
            status,
            body: body.to_string().into_bytes(),
            headers: vec![("content-type".into(), "application/json".into())],
        }
    }

    fn is_status(&self) -> bool {
        matches!(self, Fault::Status { .. })
    }

    fn is_delay(&self) -> bool {
        matches!(self, Fault::Delay(_))
    }

    fn is_drop(&self) -> bool {
        matches!(self, Fault::Drop)
    }
}

/// A queued fault: how many more times it fires, and for which requests.
#[derive(Debug)]
struct Armed {
    fault: Fault,
    remaining: u64,
    scope: Option<Endpoint>,
}

impl Armed {
    fn applies_to(&self, request: &Request) -> bool {
        self.scope
            .as_ref()
            .is_none_or(|scope| scope.matches(request))
    }
}

/// The fault queue of a [`FakeServer`](crate::FakeServer). A request is concerned by the
/// first queued fault whose scope matches it; that fault fires if the mock (or route) that
/// consults the queue serves its kind.
///
/// Matching and answering run under wiremock's lock on its mock set, so the peek in the
/// matcher and the take in the responder see the same queue head.
#[derive(Debug, Clone, Default)]
pub(crate) struct Faults(Shared<VecDeque<Armed>>);

impl Faults {
    #[track_caller]
    pub(crate) fn push(&self, fault: Fault, times: u64, scope: Option<Endpoint>) {
        assert!(
            times > 0,
            "a fault must be injected at least once (times = 0)"
        );
        self.0.lock().push_back(Armed {
            fault,
            remaining: times,
            scope,
        });
    }

    pub(crate) fn pending(&self) -> u64 {
        self.0.lock().iter().map(|armed| armed.remaining).sum()
    }

    /// Whether the first fault concerning `request` is of the kind `is`.
    fn peek(&self, request: &Request, is: fn(&Fault) -> bool) -> bool {
        self.0
            .lock()
            .iter()
            .find(|armed| armed.applies_to(request))
            .is_some_and(|armed| is(&armed.fault))
    }

    /// Consumes one firing of the first fault concerning `request`, if it is of the kind `is`.
    fn take(&self, request: &Request, is: fn(&Fault) -> bool) -> Option<Fault> {
        let mut queue = self.0.lock();
        let index = queue.iter().position(|armed| armed.applies_to(request))?;
        if !is(&queue[index].fault) {
            return None;
        }
        queue[index].remaining -= 1;
        let fault = queue[index].fault.clone();
        if queue[index].remaining == 0 {
            queue.remove(index);
        }
        Some(fault)
    }

    /// Consumes a pending [`Fault::Delay`] for `request`; called by the routes.
    pub(crate) fn take_delay(&self, request: &Request) -> Option<Duration> {
        match self.take(request, Fault::is_delay)? {
            Fault::Delay(delay) => Some(delay),
            _ => None,
        }
    }

    /// Mounts the two mocks serving [`Fault::Status`] and [`Fault::Drop`] (wiremock needs one
    /// mock per kind of answer: a response or an error).
    pub(crate) async fn mount(&self, server: &MockServer) {
        let faults = self.clone();
        Mock::given(Pending {
            faults: self.clone(),
            is: Fault::is_status,
        })
        .respond_with(
            move |request: &Request| match faults.take(request, Fault::is_status) {
                Some(Fault::Status {
                    status,
                    body,
                    headers,
                }) => headers
                    .into_iter()
                    .fold(ResponseTemplate::new(status), |response, (name, value)| {
                        response.append_header(name.as_str(), value.as_str())
                    })
                    .set_body_bytes(body),
                // Unreachable: the matcher saw this fault under the same lock.
                _ => ResponseTemplate::new(500)
                    .set_body_string("social-testkit: fault queue out of sync"),
            },
        )
        .with_priority(FAULT_PRIORITY)
        .named("social-testkit: injected status")
        .mount(server)
        .await;
        let faults = self.clone();
        Mock::given(Pending {
            faults: self.clone(),
            is: Fault::is_drop,
        })
        .respond_with_err(move |request: &Request| {
            faults.take(request, Fault::is_drop);
            io::Error::new(
                io::ErrorKind::ConnectionAborted,
                "social-testkit: injected dropped connection",
            )
        })
        .with_priority(FAULT_PRIORITY)
        .named("social-testkit: injected dropped connection")
        .mount(server)
        .await;
    }
}

/// Matches a request whose first concerning fault is of the kind `is`.
struct Pending {
    faults: Faults,
    is: fn(&Fault) -> bool,
}

impl Match for Pending {
    fn matches(&self, request: &Request) -> bool {
        self.faults.peek(request, self.is)
    }
}
