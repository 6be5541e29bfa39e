//! What differs between networks at the HTTP level: default headers, how rate limits are read,
//! how error bodies map onto [`Error`], and which bucket a request counts against.

use std::fmt;
use std::time::{Duration, SystemTime};

use http::{HeaderMap, Method};
use serde_json::Value;

use super::request::RequestSpec;
use crate::error::{ApiError, AuthErrorKind, Error};
use crate::types::{Network, RateLimit};

/// An error response, as the dialect sees it when mapping it onto [`Error`].
///
/// Its `Debug` shows neither the body nor the request's secrets.
#[non_exhaustive]
pub struct ErrorContext<'a> {
    /// The network.
    pub network: Network,
    /// HTTP status.
    pub status: u16,
    /// Response headers.
    pub headers: &'a HeaderMap,
    /// The raw body (may be HTML, empty or garbage).
    pub body: &'a [u8],
    /// A bounded snippet of the body with the request's secrets masked, for the error.
    pub snippet: String,
    /// `Retry-After`, parsed.
    pub retry_after: Option<Duration>,
    /// Rate limits the dialect read from the headers.
    pub rate_limits: &'a [RateLimit],
    /// The endpoint (route template).
    pub endpoint: &'a str,
    /// The transport clock's current time.
    pub now: SystemTime,
    /// The request that was answered (its buckets, its ids).
    pub spec: &'a RequestSpec,
    pub(crate) sensitive: &'a [String],
}

impl std::fmt::Debug for ErrorContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ErrorContext")
            .field("network", &self.network)
            .field("status", &self.status)
            .field("endpoint", &self.endpoint)
            .field("body_len", &self.body.len())
            .field("snippet", &self.snippet)
            .field("retry_after", &self.retry_after)
            .finish_non_exhaustive()
    }
}

impl ErrorContext<'_> {
    /// The body as JSON, when it is JSON.
    pub fn json(&self) -> Option<Value> {
        serde_json::from_slice(self.body).ok()
    }

    /// `text` with the request's credentials masked: use it for any text taken from the body
    /// (a server may echo what it received).
    pub fn mask(&self, text: &str) -> String {
        super::mask::mask(text, self.sensitive)
    }

    /// A header as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// An [`ApiError`] with the status, snippet, retry-after and most constraining rate limit filled in.
    pub fn api_error(&self) -> ApiError {
        ApiError::new(self.network, self.status)
            .with_body_snippet(self.snippet.clone())
            .with_retry_after(self.retry_after)
            .with_rate_limit(most_constraining(self.rate_limits).cloned())
    }
}

/// The per-network part of the transport.
///
/// Every method has a generic default, so a dialect overrides only what its network does
/// differently. [`GenericDialect`] uses the defaults alone.
pub trait ApiDialect: Send + Sync + fmt::Debug {
    /// The network.
    fn network(&self) -> Network;

    /// Headers sent with every request (`LinkedIn-Version`, `X-Restli-Protocol-Version`…).
    fn default_headers(&self) -> HeaderMap {
        HeaderMap::new()
    }

    /// The rate-limit buckets a request counts against, checked before sending. Defaults to the
    /// request's endpoint.
    fn buckets(&self, spec: &RequestSpec) -> Vec<String> {
        vec![spec.endpoint_name().into_owned()]
    }

    /// The route template (`"GET /2/tweets/:id"`) of an untyped request to `segments` (the
    /// path given to [`Raw`](crate::http::Raw), split on `/`): its endpoint name in logs and
    /// errors, and so its rate-limit buckets. Written like the typed endpoints' names, a raw call
    /// to a typed route shares that endpoint's bucket. Defaults to [`default_route`]; a dialect
    /// whose typed endpoints name other parameters (X's `:username`) overrides it.
    ///
    /// ```
    /// use http::Method;
    /// use social_core::http::{ApiDialect, GenericDialect};
    /// use social_core::Network;
    ///
    /// let route = GenericDialect(Network::X).route(&Method::GET, &["2", "tweets", "1234"]);
    /// assert_eq!(route, "GET /2/tweets/:id");
    /// ```
    fn route(&self, method: &Method, segments: &[&str]) -> String {
        default_route(method, segments)
    }

    /// Reads rate-limit windows from a response's headers. Each returned [`RateLimit`]'s bucket
    /// is where it is remembered. Must never panic on malformed headers.
    fn rate_limits(
        &self,
        spec: &RequestSpec,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Vec<RateLimit> {
        let _ = (spec, headers, now);
        Vec::new()
    }

    /// Looks at every response (success or error) before it is read: Graph warns here when the
    /// API version that answered is not the one requested. Must never panic. Defaults to nothing.
    fn inspect_response(&self, spec: &RequestSpec, status: u16, headers: &HeaderMap) {
        let _ = (spec, status, headers);
    }

    /// Maps an error response onto [`Error`]. Must never panic, whatever the body.
    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        default_error(ctx)
    }

    /// Whether this network refuses rate-limited requests before acting on them, so an unsafe
    /// write refused with a rate limit may be sent again. Defaults to `false` (not documented).
    fn rate_limit_before_processing(&self) -> bool {
        false
    }
}

/// A dialect with the generic behaviour only: no default headers, no rate-limit headers, errors
/// mapped by status with a message found in common JSON shapes.
#[derive(Debug, Clone, Copy)]
pub struct GenericDialect(pub Network);

impl ApiDialect for GenericDialect {
    fn network(&self) -> Network {
        self.0
    }
}

/// The route template of a request: the method and the path, with every segment after the first
/// made of ASCII digits only (an id, as X's are) written `:id`, as the typed endpoints are named.
/// The first segment is kept as it is: it is an API version as often as an id (X's `2`).
///
/// ```
/// use http::Method;
/// use social_core::http::default_route;
///
/// assert_eq!(default_route(&Method::GET, &["2", "tweets", "1460323737035677698"]), "GET /2/tweets/:id");
/// assert_eq!(default_route(&Method::DELETE, &["2", "users", "12", "likes", "34"]), "DELETE /2/users/:id/likes/:id");
/// assert_eq!(default_route(&Method::GET, &["2", "users", "me"]), "GET /2/users/me");
/// assert_eq!(default_route(&Method::GET, &[]), "GET /");
/// ```
pub fn default_route(method: &Method, segments: &[&str]) -> String {
    let path: Vec<&str> = segments
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if i > 0 && !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
                ":id"
            } else {
                s
            }
        })
        .collect();
    format!("{method} /{}", path.join("/"))
}

/// Maps an error by HTTP status, taking the message from common JSON shapes (`message`,
/// `error.message`, `detail`, `title`, `error_description`, `error`); a non-JSON body keeps the
/// status text and the snippet.
///
/// 401 → [`Error::Auth`], 403 → [`Error::Auth`] (missing permission), 404 → [`Error::NotFound`],
/// 429 → [`Error::RateLimited`], anything else → [`Error::Api`].
pub fn default_error(ctx: &ErrorContext<'_>) -> Error {
    let mut api = ctx.api_error();
    if let Some(json) = ctx.json() {
        if let Some(msg) = find_message(&json) {
            api = api.with_message(ctx.mask(&msg));
        }
        if let Some(kind) = json.get("error").and_then(Value::as_str) {
            api = api.with_kind(kind);
        }
    }
    error_for_status(ctx.network, ctx.status, api, |api| rate_limited(ctx, api))
}

/// The error an HTTP status means when the body says nothing more precise: 401 →
/// [`Error::Auth`], 403 → [`Error::Auth`] (missing permission), 404 → [`Error::NotFound`], 429 →
/// `rate_limited(api)`, anything else → [`Error::Api`]. [`default_error`] uses it, and so can a
/// dialect for errors that do not come as a response of their own (the items of a Graph batch).
///
/// ```
/// use social_core::http::error_for_status;
/// use social_core::{ApiError, Error, Network};
///
/// let api = ApiError::new(Network::Facebook, 404).with_message("no such post");
/// let e = error_for_status(Network::Facebook, 404, api, |api| Error::Api(Box::new(api)));
/// assert!(matches!(e, Error::NotFound { .. }));
/// ```
pub fn error_for_status(
    network: Network,
    status: u16,
    api: ApiError,
    rate_limited: impl FnOnce(ApiError) -> Error,
) -> Error {
    let message = api.message.clone();
    match status {
        401 => Error::Auth {
            network,
            kind: AuthErrorKind::Unauthorized,
            message,
            api: Some(Box::new(api)),
        },
        403 => Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission { scope: None },
            message,
            api: Some(Box::new(api)),
        },
        404 => Error::NotFound {
            network,
            message,
            api: Some(Box::new(api)),
        },
        429 => rate_limited(api),
        _ => Error::Api(Box::new(api)),
    }
}

/// A [`Error::RateLimited`] from an error context and its [`ApiError`]: the wait is the
/// `Retry-After`, or else the time until the most constraining window resets.
pub fn rate_limited(ctx: &ErrorContext<'_>, api: ApiError) -> Error {
    rate_limited_by(
        ctx.network,
        ctx.rate_limits,
        ctx.retry_after,
        ctx.now,
        ctx.endpoint,
        api,
    )
}

/// [`rate_limited`] from its parts, for errors that do not come as a response of their own (the
/// items of a Graph batch): the wait is `retry_after`, or else the time from `now` until the most
/// constraining of `limits` resets; the bucket is that window's, or else `endpoint`.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::http::rate_limited_by;
/// use social_core::{ApiError, Error, Network, RateLimit};
///
/// let now = SystemTime::now();
/// let spent = RateLimit::new("facebook:app").with_used_percent(100.0).with_reset_at(now + Duration::from_secs(60));
/// let e = rate_limited_by(Network::Facebook, &[spent], None, now, "POST /", ApiError::new(Network::Facebook, 400));
/// let Error::RateLimited { retry_after, bucket, .. } = e else { panic!() };
/// assert_eq!(retry_after, Some(Duration::from_secs(60)));
/// assert_eq!(bucket.as_deref(), Some("facebook:app"));
/// ```
pub fn rate_limited_by(
    network: Network,
    limits: &[RateLimit],
    retry_after: Option<Duration>,
    now: SystemTime,
    endpoint: &str,
    api: ApiError,
) -> Error {
    let limit = most_constraining(limits).cloned();
    let reset_at = limit.as_ref().and_then(|l| l.reset_at);
    let retry_after = retry_after.or_else(|| reset_at.and_then(|r| r.duration_since(now).ok()));
    Error::RateLimited {
        network,
        retry_after,
        reset_at,
        bucket: limit
            .as_ref()
            .map(|l| l.bucket.clone())
            .or_else(|| Some(endpoint.to_string())),
        rate_limit: limit.map(Box::new),
        api: Some(Box::new(api)),
    }
}

/// The window with the fewest requests left (an exhausted one first), if any. Between windows
/// equally spent, the one whose reset is known and furthest away wins: it says how long to wait.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::RateLimit;
/// use social_core::http::most_constraining;
///
/// let reset = SystemTime::now() + Duration::from_secs(300);
/// let app = RateLimit::new("app").with_used_percent(100.0);
/// let page = RateLimit::new("page").with_used_percent(100.0).with_reset_at(reset);
/// assert_eq!(most_constraining(&[app, page]).unwrap().bucket, "page");
/// ```
pub fn most_constraining(limits: &[RateLimit]) -> Option<&RateLimit> {
    limits.iter().min_by(|a, b| {
        let key = |l: &RateLimit| match (l.remaining, l.used_percent) {
            (Some(r), _) => r as f64,
            (None, Some(p)) => (100.0 - p).max(0.0),
            (None, None) => f64::MAX,
        };
        // `reset_at` reversed: a later (known) reset sorts first among equals.
        key(a)
            .total_cmp(&key(b))
            .then_with(|| b.reset_at.cmp(&a.reset_at))
    })
}

/// Looks for a human-readable message in common error shapes.
pub fn find_message(json: &Value) -> Option<String> {
    let candidates = [
        json.pointer("/error/message"),
        json.get("message"),
        json.get("detail"),
        json.get("error_description"),
        json.get("title"),
        json.pointer("/errors/0/message"),
        json.get("error"),
    ];
    candidates
        .into_iter()
        .flatten()
        .find_map(|v| v.as_str().map(str::to_string))
}

/// Parses `Retry-After` (RFC 9110 section 10.2.3): delta-seconds, or an HTTP date taken relative to the
/// response's `Date` header when present (so a skewed local clock does no harm), else to `now`.
/// Malformed or past values give `None`.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use http::{HeaderMap, HeaderValue};
/// use social_core::http::parse_retry_after;
///
/// let mut h = HeaderMap::new();
/// h.insert("retry-after", HeaderValue::from_static("120"));
/// assert_eq!(parse_retry_after(&h, SystemTime::now()), Some(Duration::from_secs(120)));
/// h.insert("retry-after", HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT"));
/// h.insert("date", HeaderValue::from_static("Wed, 21 Oct 2015 07:27:00 GMT"));
/// assert_eq!(parse_retry_after(&h, SystemTime::now()), Some(Duration::from_secs(60)));
/// h.insert("retry-after", HeaderValue::from_static("soon"));
/// assert_eq!(parse_retry_after(&h, SystemTime::now()), None);
/// ```
pub fn parse_retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let raw = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = raw.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(raw).ok()?;
    let reference = headers
        .get(http::header::DATE)
        .and_then(|v| v.to_str().ok())
        .and_then(|d| httpdate::parse_http_date(d).ok())
        .unwrap_or(now);
    at.duration_since(reference).ok()
}

/// Reads one window from headers named `{prefix}-limit`, `{prefix}-remaining` and
/// `{prefix}-reset` (a Unix time in seconds), as X sends them (`x-rate-limit`,
/// `x-app-limit-24hour`, `x-user-limit-24hour`). `None` when none of the three is present;
/// malformed values are left unknown.
///
/// ```
/// use http::{HeaderMap, HeaderValue};
/// use social_core::http::parse_limit_headers;
///
/// let mut h = HeaderMap::new();
/// h.insert("x-rate-limit-limit", HeaderValue::from_static("900"));
/// h.insert("x-rate-limit-remaining", HeaderValue::from_static("899"));
/// h.insert("x-rate-limit-reset", HeaderValue::from_static("1700000900"));
/// let rl = parse_limit_headers(&h, "x-rate-limit", "GET /2/tweets/:id").unwrap();
/// assert_eq!((rl.limit, rl.remaining), (Some(900), Some(899)));
/// ```
pub fn parse_limit_headers(headers: &HeaderMap, prefix: &str, bucket: &str) -> Option<RateLimit> {
    let num = |suffix: &str| -> Option<u64> {
        headers
            .get(format!("{prefix}-{suffix}"))
            .and_then(|v| v.to_str().ok())
            .and_then(|s| s.trim().parse::<u64>().ok())
    };
    let present = ["limit", "remaining", "reset"]
        .iter()
        .any(|s| headers.contains_key(format!("{prefix}-{s}")));
    if !present {
        return None;
    }
    let mut rl = RateLimit::new(bucket);
    rl.limit = num("limit");
    rl.remaining = num("remaining");
    // A value too large for the clock (a garbled header) is unknown, not a panic.
    rl.reset_at =
        num("reset").and_then(|secs| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(secs)));
    Some(rl)
}
