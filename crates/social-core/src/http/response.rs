//! What comes back: [`Response`], the capped body reader, and JSON decoding that names the
//! failing path.

use std::fmt;
use std::sync::Arc;

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, StatusCode};
use serde::de::DeserializeOwned;

use super::dialect::most_constraining;
use super::mask::masked_snippet;
use super::retry::Failure;
use crate::error::{Error, Result, TransportErrorKind};
use crate::types::{Network, RateLimit};

/// A response that came back with a success status, or, for a request declared
/// [`gone_is_success`](super::RequestSpec::gone_is_success), the "not found" that completed it (see
/// [`gone`](Response::gone)).
#[derive(Clone)]
pub struct Response {
    pub(super) status: StatusCode,
    pub(super) headers: HeaderMap,
    pub(super) body: Bytes,
    pub(super) rate_limits: Vec<RateLimit>,
    pub(super) network: Network,
    pub(super) correlation_id: String,
    pub(super) sensitive: Arc<Vec<String>>,
    pub(super) secret_body: bool,
    pub(super) gone: bool,
    pub(super) earlier_attempt_may_have_run: bool,
}

impl fmt::Debug for Response {
    // The body may hold tokens (token endpoints): only its length is shown.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("network", &self.network)
            .field("status", &self.status)
            .field("body_len", &self.body.len())
            .field("rate_limits", &self.rate_limits)
            .field("correlation_id", &self.correlation_id)
            .field("gone", &self.gone)
            .field(
                "earlier_attempt_may_have_run",
                &self.earlier_attempt_may_have_run,
            )
            .finish_non_exhaustive()
    }
}

impl Response {
    /// HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// Response headers.
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The raw body.
    pub fn body(&self) -> &Bytes {
        &self.body
    }

    /// Every rate-limit window the response reported.
    pub fn rate_limits(&self) -> &[RateLimit] {
        &self.rate_limits
    }

    /// The window with the fewest requests left, if the response reported any.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        most_constraining(&self.rate_limits)
    }

    /// The id the SDK gave this logical call (in its logs too).
    pub fn correlation_id(&self) -> &str {
        &self.correlation_id
    }

    /// Whether this answer is the "not found" that completed a request declared
    /// [`gone_is_success`](super::RequestSpec::gone_is_success): an earlier attempt of the call may have
    /// deleted the object, and the retry found it gone. The status and body are that answer's
    /// (read `gone()` before decoding the body as a success).
    pub fn gone(&self) -> bool {
        self.gone
    }

    /// Whether an earlier attempt of this call may have been carried out before this answer came:
    /// it timed out, its connection broke or it got a 5xx, and the request was sent again. The
    /// answer then describes the state after that attempt; X, for one, answers
    /// `{"data":{"deleted":false}}` to a delete whose earlier attempt deleted the post.
    pub fn earlier_attempt_may_have_run(&self) -> bool {
        self.earlier_attempt_may_have_run
    }

    /// Decodes the body as JSON into `T`; a mismatch names the JSON path that failed.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        decode(self.network, &self.body, &self.sensitive, self.secret_body)
    }
}

/// Decodes JSON, naming the failing path and keeping a masked, bounded snippet.
pub(crate) fn decode<T: DeserializeOwned>(
    network: Network,
    body: &[u8],
    sensitive: &[String],
    secret_body: bool,
) -> Result<T> {
    // Fast path: plain serde_json. Tracking the path costs about as much as the decode itself
    // (serde_path_to_error records every map key), and is only needed to describe a failure.
    // Like the tracked decode below, this does not check for trailing characters.
    if let Ok(value) = T::deserialize(&mut serde_json::Deserializer::from_slice(body)) {
        return Ok(value);
    }
    // Failure: decode again with path tracking, for the same error plus the failing path.
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        Error::Decode {
            network,
            type_name: std::any::type_name::<T>(),
            path,
            message: e.into_inner().to_string(),
            snippet: masked_snippet(body, sensitive, secret_body),
        }
    })
}

/// The error and its causes, joined (reqwest's top-level message alone says little).
pub(super) fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

pub(super) async fn read_capped(
    network: Network,
    mut resp: reqwest::Response,
    cap: usize,
) -> std::result::Result<Bytes, (Failure, Error)> {
    let too_large = |seen: String| {
        (
            // The server answered: whatever it did, it did.
            Failure::Status {
                status: 200,
                retry_after: None,
                rate_limited: false,
                transient: false,
            },
            Error::Transport {
                network,
                kind: TransportErrorKind::ResponseTooLarge,
                message: format!("the response ({seen}) is over the {cap}-byte cap"),
                source: None,
            },
        )
    };
    if let Some(len) = resp.content_length() {
        if len > cap as u64 {
            return Err(too_large(format!("{len} bytes announced")));
        }
    }
    // The usual body arrives in one chunk: keep it as it is; copy only when a second comes.
    let mut first: Option<Bytes> = None;
    let mut buf = BytesMut::new();
    loop {
        match resp.chunk().await {
            Ok(Some(chunk)) => {
                let seen = first.as_ref().map_or(0, Bytes::len) + buf.len();
                if seen + chunk.len() > cap {
                    return Err(too_large(format!("more than {cap} bytes streamed")));
                }
                if buf.is_empty() && first.is_none() {
                    first = Some(chunk);
                } else {
                    if let Some(f) = first.take() {
                        buf.reserve(f.len() + chunk.len());
                        buf.extend_from_slice(&f);
                    }
                    buf.extend_from_slice(&chunk);
                }
            }
            Ok(None) => return Ok(first.unwrap_or_else(|| buf.freeze())),
            Err(e) => {
                let (failure, kind) = if e.is_timeout() {
                    (Failure::Timeout, TransportErrorKind::Timeout)
                } else {
                    (Failure::Broken, TransportErrorKind::Body)
                };
                let e = e.without_url();
                return Err((
                    failure,
                    Error::Transport {
                        network,
                        kind,
                        message: format!("reading the response body failed: {}", error_chain(&e)),
                        source: Some(Box::new(e)),
                    },
                ));
            }
        }
    }
}
