//! Batch requests: up to 50 Graph calls in one HTTP request (facebook.md §5.1).
//!
//! **On the wire.** `POST /{version}` (the client's base URL; Graph accepts it with or without
//! the final `/`) with a form body: `batch=[{"method","relative_url","body"?,"name"?,
//! "depends_on"?,"omit_response_on_success"?}, …]` and `include_headers=false` (per-item headers
//! can be larger than the bodies; turn them on with [`BatchBuilder::include_headers`]). The
//! client adds `access_token` and `appsecret_proof` to the query as for any call.
//!
//! **Relative URLs** are relative to the version (`"me/accounts"`,
//! `"200000000000001?fields=fan_count"`). A string is sent **as is**: encode it yourself. Built
//! with [`RelativeUrl::node`] / [`BatchRequest::node`], ids and edges are percent-encoded as path
//! segments and query values form-encoded, so an id can never change the path.
//!
//! **Limits.** At most [`MAX_BATCH_SIZE`] (50) requests per batch, and at least one: both checked
//! offline by [`BatchBuilder::violations`]. [`BatchBuilder::send_all`] (or
//! [`BatchBuilder::chunks`]) splits a longer list into batches of 50 sent one after the other.
//! Every request in a batch still counts against the rate limits like a separate call.
//!
//! **Retries.** A batch made only of `GET`s is a read and is retried like one (5xx, timeouts,
//! 429). A batch with any `POST` or `DELETE` is never sent again once it may have reached Graph:
//! a 5xx or a timeout gives [`Error::Unconfirmed`].
//!
//! **Answers.** Graph answers a JSON array in request order; each item is a [`BatchItem`]:
//! [`Completed`](BatchItem::Completed) with its status, headers and body (Graph sends the body as
//! a string holding JSON: it is decoded here), or [`NotCompleted`](BatchItem::NotCompleted) when
//! Graph answered `null` because it did not run the request. A `GET` that did not complete can
//! be sent again; a write must be checked first (it may or may not have happened). An item that
//! failed carries Graph's usual `{"error":{…}}` in its body, with its `code` set to the HTTP
//! status: [`BatchItem::error`] maps it onto the same [`Error`] variants as a plain call (one
//! mapping for both, in [`crate::error`]). A write (`POST`, `DELETE`) that Graph ran and that
//! failed with a 5xx or a transient error may have taken effect: its error is
//! [`Error::Unconfirmed`] (check before sending it again), never one whose
//! [`is_retryable`](Error::is_retryable) is `true`, by the rule plain calls follow
//! ([`outcome_unknown`]); a throttled write was not run and
//! stays [`Error::RateLimited`]. A throttling error that says no wait cools its quota down as
//! for a plain call (see [`crate::error`]). When the batch as a whole fails (`Too many requests in
//! batch message`, an expired token), `send` returns that error as any call does.
//!
//! **Malformed answers.** An answer that does not match the requests (not a JSON array, another
//! number of items than requests, a body that is not JSON) is never read as a silently shorter
//! list. For a batch of `GET`s only it is [`Error::Protocol`] ([`Error::Decode`] for a body that
//! is not JSON). For a batch holding a write it is [`Error::Unconfirmed`] (endpoint
//! `POST / (batch)`, the call's correlation id, that protocol or decode error as its cause):
//! Graph answered 2xx, so some writes may have been made. When only some
//! items are malformed (not an object, no numeric `code`) and the batch holds a write, the other
//! items are kept and each malformed one is a [`NotCompleted`] whose
//! [`is_unreadable`](NotCompleted::is_unreadable) is `true`: its [`error`](NotCompleted::error)
//! is [`Error::Unconfirmed`] for a write (its outcome is unknown: check before sending it again)
//! and [`Error::Protocol`] for a `GET`. A batch of `GET`s with a malformed item is
//! [`Error::Protocol`] as a whole.
//!
//! **Secrets.** A batch answer may carry credentials (`me/accounts` and `?fields=access_token`
//! return Page tokens), and a request may carry its own `access_token` or `appsecret_proof`. The
//! batch call is marked [`secret_response`](RequestSpec::secret_response) (errors keep no
//! snippet of the whole answer) and every credential found in the requests' forms and queries is
//! marked [`sensitive`](RequestSpec::sensitive). The `Debug` of [`BatchRequest`] and
//! [`BatchResult`] shows the value of no key holding a credential (a key containing `token`,
//! `secret` or `proof`, or the key `code` unless its value is a number, Graph's error code), at
//! any depth of the JSON. The errors built from an item's body ([`BatchResult::error`],
//! [`BatchResult::json`]) mask the same keys in their snippet, the requests' credentials, any
//! `access_token=…`-style or `"access_token":"…"`-style value in their messages, and any word
//! shaped like a Graph access token (`EAA…`, 32 characters or more). The client's own token is
//! masked by the transport, not here.

use std::collections::HashSet;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use social_core::error::{SNIPPET_LIMIT, snippet};
use social_core::http::{
    Failure, Idempotency, RequestSpec, encode_segment, error_for_status, find_message,
    most_constraining, outcome_unknown, parse_retry_after, rate_limited_by,
};
use social_core::{ApiError, Error, Network, PostId, RateLimit, Result, Violation, ViolationKind};

use crate::client::FacebookClient;
use crate::error::{
    APP_BUCKET, BusinessUseCaseUsage, ErrorInput, GraphError, Usage, classify, page_bucket,
    parse_business_use_case_usage, parse_usage, throttled_quota,
};
use crate::models::PageId;
use crate::redact::{
    REDACTED, hides, is_sensitive_header, is_sensitive_key, mask_text, redact_value,
};

/// The most requests Graph accepts in one batch.
pub const MAX_BATCH_SIZE: usize = 50;

/// The batch call's route template (errors, logs, rate-limit buckets).
const BATCH_ENDPOINT: &str = "POST / (batch)";

/// The method of one request in a batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum BatchMethod {
    /// A read.
    Get,
    /// A write (create, edit).
    Post,
    /// A deletion.
    Delete,
}

impl BatchMethod {
    /// The method's name on the wire.
    pub fn as_str(&self) -> &'static str {
        match self {
            BatchMethod::Get => "GET",
            BatchMethod::Post => "POST",
            BatchMethod::Delete => "DELETE",
        }
    }
}

impl fmt::Display for BatchMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A URL relative to the Graph version, for one request of a batch.
///
/// Built with [`node`](Self::node), [`edge`](Self::edge) and [`query`](Self::query), every id
/// and edge is percent-encoded as one path segment and every query value form-encoded. Made from
/// a string (`"me/accounts?limit=10"`), it is sent as is.
///
/// ```
/// use social_facebook::batch::RelativeUrl;
///
/// let url = RelativeUrl::node("200000000000001_17").edge("comments").query("filter", "stream").query("limit", 10);
/// assert_eq!(url.to_string(), "200000000000001_17/comments?filter=stream&limit=10");
/// // An id cannot change the path.
/// assert_eq!(RelativeUrl::node("1/../me").to_string(), "1%2F..%2Fme");
/// assert_eq!(RelativeUrl::from("me/accounts?limit=10").to_string(), "me/accounts?limit=10");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RelativeUrl {
    /// The path, already encoded.
    path: String,
    /// A query given as part of a string, kept as is.
    raw_query: Option<String>,
    /// Query pairs, encoded when rendered.
    query: Vec<(String, String)>,
    /// Ids or edges that cannot be path segments (empty, `.`, `..`, control characters).
    bad_segments: Vec<String>,
    /// Made from a string.
    raw: bool,
}

impl fmt::Debug for RelativeUrl {
    // A relative URL may carry a per-request `access_token`: show the path and the keys only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelativeUrl")
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("raw_query", &self.raw_query.as_ref().map(|_| "…"))
            .finish()
    }
}

impl RelativeUrl {
    /// A node by id (a Page, a post, a comment, `me`), encoded as one path segment.
    pub fn node(id: impl AsRef<str>) -> Self {
        RelativeUrl {
            path: String::new(),
            raw_query: None,
            query: Vec::new(),
            bad_segments: Vec::new(),
            raw: false,
        }
        .segment(id.as_ref())
    }

    fn segment(mut self, s: &str) -> Self {
        if s.is_empty() || s == "." || s == ".." || s.chars().any(char::is_control) {
            self.bad_segments.push(s.chars().take(64).collect());
        }
        if !self.path.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(&encode_segment(s));
        self
    }

    /// Appends an edge (`comments`, `feed`) or any path segment, encoded.
    pub fn edge(self, edge: impl AsRef<str>) -> Self {
        self.segment(edge.as_ref())
    }

    /// Appends a query parameter (form-encoded).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// `fields=a,b,c`.
    pub fn fields<S: AsRef<str>>(self, fields: impl IntoIterator<Item = S>) -> Self {
        let joined = fields
            .into_iter()
            .map(|f| f.as_ref().to_string())
            .collect::<Vec<_>>()
            .join(",");
        self.query("fields", joined)
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn violations(&self, field: &str, out: &mut Vec<Violation>) {
        for bad in &self.bad_segments {
            out.push(Violation::new(
                field.to_string(),
                ViolationKind::Malformed,
                format!("{bad:?} is not a valid id or path segment"),
            ));
        }
        if self.path.trim().is_empty() && self.bad_segments.is_empty() {
            out.push(Violation::new(
                field.to_string(),
                ViolationKind::Empty,
                "a request needs a relative URL (`me`, `{page-id}/feed`…)",
            ));
        }
        let lower = self.path.to_ascii_lowercase();
        if self.raw && (lower.starts_with("http://") || lower.starts_with("https://")) {
            out.push(Violation::new(
                field.to_string(),
                ViolationKind::Malformed,
                "a batch URL is relative to the version (`me/accounts`), not a full URL",
            ));
        }
    }
}

impl fmt::Display for RelativeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.query)
            .finish();
        let parts: Vec<&str> = self
            .raw_query
            .as_deref()
            .into_iter()
            .chain((!encoded.is_empty()).then_some(encoded.as_str()))
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            write!(f, "?{}", parts.join("&"))?;
        }
        Ok(())
    }
}

impl From<&str> for RelativeUrl {
    /// A URL sent as is (encode it yourself).
    fn from(s: &str) -> Self {
        let (path, query) = match s.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (s, None),
        };
        RelativeUrl {
            path: path.to_string(),
            raw_query: query,
            query: Vec::new(),
            bad_segments: Vec::new(),
            raw: true,
        }
    }
}

impl From<String> for RelativeUrl {
    /// A URL sent as is (encode it yourself).
    fn from(s: String) -> Self {
        RelativeUrl::from(s.as_str())
    }
}

impl From<&PageId> for RelativeUrl {
    fn from(id: &PageId) -> Self {
        RelativeUrl::node(id.as_str())
    }
}

impl From<&PostId> for RelativeUrl {
    fn from(id: &PostId) -> Self {
        RelativeUrl::node(id.as_str())
    }
}

/// One request of a batch.
///
/// ```
/// use social_facebook::batch::{BatchRequest, RelativeUrl};
///
/// let read = BatchRequest::node("200000000000001").fields(["fan_count", "followers_count"]);
/// assert_eq!(read.relative_url(), "200000000000001?fields=fan_count%2Cfollowers_count");
/// let post = BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
///     .form([("message", "Closed on Friday")])
///     .name("post");
/// let comments = BatchRequest::get("{result=post:$.id}/comments").depends_on("post");
/// # let _ = (post, comments);
/// ```
#[derive(Clone, PartialEq)]
pub struct BatchRequest {
    method: BatchMethod,
    url: RelativeUrl,
    body: Option<Vec<(String, String)>>,
    name: Option<String>,
    depends_on: Option<String>,
    omit_response_on_success: Option<bool>,
}

impl fmt::Debug for BatchRequest {
    // A request may carry its own `access_token` or `appsecret_proof` in its form: the values of
    // credential keys are hidden (the URL shows its query keys only).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_ref().map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| {
                    let v = if is_sensitive_key(k) {
                        REDACTED.to_string()
                    } else {
                        mask_text(v, &[])
                    };
                    (k.as_str(), v)
                })
                .collect::<Vec<_>>()
        });
        f.debug_struct("BatchRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &body)
            .field("name", &self.name)
            .field("depends_on", &self.depends_on)
            .field("omit_response_on_success", &self.omit_response_on_success)
            .finish()
    }
}

impl BatchRequest {
    fn new(method: BatchMethod, url: RelativeUrl) -> Self {
        BatchRequest {
            method,
            url,
            body: None,
            name: None,
            depends_on: None,
            omit_response_on_success: None,
        }
    }

    /// A `GET` of `url` (a string is sent as is; see [`RelativeUrl`]).
    pub fn get(url: impl Into<RelativeUrl>) -> Self {
        Self::new(BatchMethod::Get, url.into())
    }

    /// A `POST` to `url`; its fields go in [`form`](Self::form).
    pub fn post(url: impl Into<RelativeUrl>) -> Self {
        Self::new(BatchMethod::Post, url.into())
    }

    /// A `DELETE` of `url`.
    pub fn delete(url: impl Into<RelativeUrl>) -> Self {
        Self::new(BatchMethod::Delete, url.into())
    }

    /// A `GET` of a node by id (encoded); add [`edge`](Self::edge) and [`query`](Self::query).
    pub fn node(id: impl AsRef<str>) -> Self {
        Self::get(RelativeUrl::node(id))
    }

    /// Appends an edge to the URL (encoded).
    pub fn edge(mut self, edge: impl AsRef<str>) -> Self {
        self.url = self.url.edge(edge);
        self
    }

    /// Appends a query parameter to the URL (encoded).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.url = self.url.query(key, value);
        self
    }

    /// `fields=a,b,c` on the URL.
    pub fn fields<S: AsRef<str>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.url = self.url.fields(fields);
        self
    }

    /// The form fields of a `POST` (sent form-encoded in the item's `body`).
    pub fn form<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.body = Some(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Names the request, so a later one can [`depends_on`](Self::depends_on) it or use its
    /// result with a JSONPath reference (`{result=name:$.id}`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Runs this request after the earlier request named `name` (in the same batch).
    pub fn depends_on(mut self, name: impl Into<String>) -> Self {
        self.depends_on = Some(name.into());
        self
    }

    /// Whether Graph leaves out the answer when the request succeeds (Graph's default is `true`
    /// for requests another depends on).
    pub fn omit_response_on_success(mut self, omit: bool) -> Self {
        self.omit_response_on_success = Some(omit);
        self
    }

    /// The method.
    pub fn method(&self) -> BatchMethod {
        self.method
    }

    /// The relative URL as sent.
    pub fn relative_url(&self) -> String {
        self.url.to_string()
    }

    fn violations(&self, i: usize, out: &mut Vec<Violation>) {
        self.url
            .violations(&format!("requests[{i}].relative_url"), out);
        if self.body.is_some() && self.method != BatchMethod::Post {
            out.push(Violation::new(
                format!("requests[{i}].body"),
                ViolationKind::Unsupported,
                format!(
                    "a {} carries no body: put its parameters in the query",
                    self.method
                ),
            ));
        }
        for (field, v) in [("name", &self.name), ("depends_on", &self.depends_on)] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                out.push(Violation::new(
                    format!("requests[{i}].{field}"),
                    ViolationKind::Empty,
                    "a request name cannot be empty",
                ));
            }
        }
    }

    fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("method".into(), self.method.as_str().into());
        o.insert("relative_url".into(), self.url.to_string().into());
        if let Some(body) = &self.body {
            let encoded = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(body)
                .finish();
            o.insert("body".into(), encoded.into());
        }
        if let Some(n) = &self.name {
            o.insert("name".into(), n.clone().into());
        }
        if let Some(d) = &self.depends_on {
            o.insert("depends_on".into(), d.clone().into());
        }
        if let Some(omit) = self.omit_response_on_success {
            o.insert("omit_response_on_success".into(), omit.into());
        }
        Value::Object(o)
    }

    /// Adds the values of the request's credentials (a per-request `access_token`, an
    /// `appsecret_proof`…) found in its form and query to `out`.
    fn secrets(&self, out: &mut Vec<String>) {
        let raw_query = self
            .url
            .raw_query
            .iter()
            .flat_map(|q| url::form_urlencoded::parse(q.as_bytes()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()));
        let pairs = self
            .body
            .iter()
            .flatten()
            .chain(&self.url.query)
            .cloned()
            .chain(raw_query);
        for (k, v) in pairs {
            if hides(&k, &v) && !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
    }

    /// The item's endpoint for errors and logs: method and path, never the query (which may
    /// carry a token).
    fn endpoint(&self, index: usize) -> String {
        format!("{} /{} (batch item {index})", self.method, self.url.path)
    }

    /// The Page a request's usage counts against: the owner of the first path segment when it
    /// is a numeric id (`{page-id}_{post-id}` → `page-id`).
    fn page(&self) -> Option<String> {
        let first = self.url.path.split('/').next()?;
        let owner = first.split('_').next()?;
        (!owner.is_empty() && owner.bytes().all(|b| b.is_ascii_digit())).then(|| owner.to_string())
    }
}

/// A request Graph did not run (its answer was `null`), or, in a batch holding a write, one whose
/// answer could not be read ([`is_unreadable`](Self::is_unreadable)): either way its outcome is
/// not in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotCompleted {
    /// The request's position in the list given (across chunks for
    /// [`send_all`](BatchBuilder::send_all)).
    pub index: usize,
    /// The request's method: a `GET` can be sent again, a write must be checked first.
    pub method: BatchMethod,
    /// The SDK's id of the batch call (in its logs too).
    pub correlation_id: String,
    endpoint: String,
    /// Why Graph's item could not be read, when it was not `null` but malformed (written by
    /// this module, never taken from the answer).
    unreadable: Option<String>,
}

impl NotCompleted {
    /// Whether Graph answered something for this request that could not be read (not an
    /// object, no numeric `code`) rather than `null`: Graph may have run it.
    pub fn is_unreadable(&self) -> bool {
        self.unreadable.is_some()
    }

    /// The error this stands for. For an item answered `null`: for a `GET`, a transient
    /// [`Error::Api`] (retryable: send it again); for a write, [`Error::Unconfirmed`] (check
    /// whether it took effect first). For an [unreadable](Self::is_unreadable) item: for a
    /// `GET`, [`Error::Protocol`] (sending a read again is harmless); for a write,
    /// [`Error::Unconfirmed`] with that protocol error as its cause.
    pub fn error(&self) -> Error {
        if let Some(why) = &self.unreadable {
            let e = Error::Protocol {
                network: Network::Facebook,
                message: format!("item {} of the batch answer {why}", self.index),
            };
            if self.method == BatchMethod::Get {
                return e;
            }
            return Error::Unconfirmed {
                network: Network::Facebook,
                endpoint: self.endpoint.clone(),
                correlation_id: self.correlation_id.clone(),
                cause: Box::new(e),
                created: Vec::new(),
            };
        }
        let api = ApiError::new(Network::Facebook, 200)
            .with_message(format!(
                "Graph did not complete request {} of the batch (its answer was null)",
                self.index
            ))
            .with_transient(self.method == BatchMethod::Get);
        let e = Error::Api(Box::new(api));
        if self.method == BatchMethod::Get {
            e
        } else {
            Error::Unconfirmed {
                network: Network::Facebook,
                endpoint: self.endpoint.clone(),
                correlation_id: self.correlation_id.clone(),
                cause: Box::new(e),
                created: Vec::new(),
            }
        }
    }
}

/// The answer to one request of a batch that Graph ran.
///
/// Its `Debug` hides credentials in the body and headers (see the [module](self) docs); read
/// [`body`](Self::body) for the real values.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchResult {
    /// The request's position in the list given (across chunks for
    /// [`send_all`](BatchBuilder::send_all)).
    pub index: usize,
    /// The request's method.
    pub method: BatchMethod,
    /// The HTTP status Graph gave this request (`code`).
    pub status: u16,
    /// The item's headers (only with [`include_headers`](BatchBuilder::include_headers)).
    pub headers: Vec<(String, String)>,
    /// The body, decoded from the JSON string Graph sends; a body that is not JSON is kept as a
    /// string, and a missing one (`omit_response_on_success`) is `null`.
    pub body: Value,
    /// `X-App-Usage` of this request, when its headers carry it.
    pub app_usage: Option<Usage>,
    /// `X-Page-Usage` of this request, when its headers carry it.
    pub page_usage: Option<Usage>,
    /// `X-Business-Use-Case-Usage` of this request, when its headers carry it.
    pub business_use_case_usage: Vec<BusinessUseCaseUsage>,
    /// The usages above as rate-limit windows (buckets as in [`crate::error`]).
    pub rate_limits: Vec<RateLimit>,
    /// When the batch answer came, by the client's clock.
    pub received_at: SystemTime,
    /// The SDK's id of the batch call (in its logs too).
    pub correlation_id: String,
    endpoint: String,
    /// The Page the request counts against, when its path names one.
    page: Option<String>,
    /// The credentials the batch's requests carried, masked in errors built from the body.
    sensitive: Arc<[String]>,
}

impl fmt::Debug for BatchResult {
    // The body may hold Page tokens (`me/accounts`, `?fields=access_token`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if is_sensitive_header(k) {
                    REDACTED.to_string()
                } else {
                    mask_text(v, &self.sensitive)
                };
                (k.as_str(), v)
            })
            .collect::<Vec<_>>();
        f.debug_struct("BatchResult")
            .field("index", &self.index)
            .field("method", &self.method)
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body", &self.redacted_body())
            .field("app_usage", &self.app_usage)
            .field("page_usage", &self.page_usage)
            .field("business_use_case_usage", &self.business_use_case_usage)
            .field("rate_limits", &self.rate_limits)
            .field("received_at", &self.received_at)
            .field("correlation_id", &self.correlation_id)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

impl BatchResult {
    /// A header of the item (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the request succeeded: a 2xx without an error object.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status) && GraphError::from_json(&self.body).is_none()
    }

    fn header_map(&self) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in &self.headers {
            if let (Ok(k), Ok(v)) = (
                HeaderName::from_bytes(k.as_bytes()),
                HeaderValue::from_str(v),
            ) {
                map.append(k, v);
            }
        }
        map
    }

    /// The body with its credentials hidden, for `Debug` and errors.
    fn redacted_body(&self) -> Value {
        redact_value(&self.body, &self.sensitive)
    }

    /// A bounded snippet of the redacted body, for errors.
    fn body_snippet(&self) -> String {
        let text = match self.redacted_body() {
            Value::String(s) => s,
            other => other.to_string(),
        };
        snippet(text.as_bytes(), SNIPPET_LIMIT)
    }

    /// `text` taken from the body, with credentials masked.
    fn mask(&self, text: &str) -> String {
        mask_text(text, &self.sensitive)
    }

    /// The request's failure, when it failed: the `{"error":{…}}` in its body (or an error
    /// status without one), mapped onto [`Error`] exactly as a plain call's (code 190/463 is
    /// `Auth { kind: Expired }`, code 4/17/32/80001… `RateLimited`, 506 `Duplicate`…). Its
    /// message and body snippet have credentials masked (see the [module](self) docs).
    ///
    /// A write (`POST`, `DELETE`) that failed with a 5xx or a transient error may have taken
    /// effect: its error is [`Error::Unconfirmed`], with the mapped error as its cause.
    pub fn error(&self) -> Option<Error> {
        let e = self.mapped_error()?;
        let failure = Failure::Status {
            status: self.status,
            retry_after: e.retry_after(),
            rate_limited: matches!(e, Error::RateLimited { .. }),
            transient: e.api_error().is_some_and(|a| a.transient),
        };
        let idempotency = match self.method {
            BatchMethod::Get => Idempotency::Safe,
            BatchMethod::Post | BatchMethod::Delete => Idempotency::Unsafe,
        };
        if outcome_unknown(idempotency, &failure, &e) {
            return Some(Error::unconfirmed(
                Network::Facebook,
                self.endpoint.clone(),
                self.correlation_id.clone(),
                e,
            ));
        }
        Some(e)
    }

    /// The item's error as Graph's answer says it, before the rule for writes.
    fn mapped_error(&self) -> Option<Error> {
        let graph = GraphError::from_json(&self.body);
        if graph.is_none() && self.status < 400 {
            return None;
        }
        let network = Network::Facebook;
        let headers = self.header_map();
        let retry_after = parse_retry_after(&headers, self.received_at);
        let base = ApiError::new(network, self.status)
            .with_body_snippet(self.body_snippet())
            .with_retry_after(retry_after)
            .with_rate_limit(most_constraining(&self.rate_limits).cloned());
        let limited = |api: ApiError| {
            rate_limited_by(
                network,
                &self.rate_limits,
                retry_after,
                self.received_at,
                &self.endpoint,
                api,
            )
        };
        let Some(graph) = graph else {
            // No Graph error object: the status says it, as for a plain call.
            let base = match find_message(&self.redacted_body()) {
                Some(msg) => base.with_message(msg),
                None => base,
            };
            return Some(error_for_status(network, self.status, base, limited));
        };
        let mask = |s: &str| self.mask(s);
        Some(classify(
            &ErrorInput {
                status: self.status,
                json: Some(&self.body),
                base,
                trace_header: headers.get("x-fb-trace-id").and_then(|v| v.to_str().ok()),
                mask: &mask,
            },
            &graph,
            |api| throttled_quota(limited(api), graph.code, self.page.as_deref()),
        ))
    }

    /// Decodes the body into `T`; an item that failed gives its [`error`](Self::error).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        if let Some(e) = self.error() {
            return Err(e);
        }
        serde_json::from_value(self.body.clone()).map_err(|e| Error::Decode {
            network: Network::Facebook,
            type_name: std::any::type_name::<T>(),
            path: ".".into(),
            // serde quotes the value it refused: it may be a token.
            message: format!(
                "{} (in the body of batch item {})",
                self.mask(&e.to_string()),
                self.index
            ),
            snippet: self.body_snippet(),
        })
    }
}

/// The answer to one request of a batch, in request order.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BatchItem {
    /// Graph ran the request (successfully or not: see [`BatchResult::error`]).
    Completed(Box<BatchResult>),
    /// Graph did not run it (`null`). A `GET` can be sent again; a write may or may not have
    /// happened: check before sending it again.
    NotCompleted(NotCompleted),
}

impl BatchItem {
    /// The request's position in the list given.
    pub fn index(&self) -> usize {
        match self {
            BatchItem::Completed(r) => r.index,
            BatchItem::NotCompleted(n) => n.index,
        }
    }

    /// The request's method.
    pub fn method(&self) -> BatchMethod {
        match self {
            BatchItem::Completed(r) => r.method,
            BatchItem::NotCompleted(n) => n.method,
        }
    }

    /// The item's HTTP status, when Graph ran it.
    pub fn status(&self) -> Option<u16> {
        self.as_completed().map(|r| r.status)
    }

    /// The decoded body, when Graph ran it.
    pub fn body(&self) -> Option<&Value> {
        self.as_completed().map(|r| &r.body)
    }

    /// The answer, when Graph ran the request.
    pub fn as_completed(&self) -> Option<&BatchResult> {
        match self {
            BatchItem::Completed(r) => Some(r),
            BatchItem::NotCompleted(_) => None,
        }
    }

    /// Whether Graph ran the request and it succeeded.
    pub fn is_success(&self) -> bool {
        self.as_completed().is_some_and(BatchResult::is_success)
    }

    /// Why the request failed, if it did: [`BatchResult::error`] for a completed item,
    /// [`NotCompleted::error`] for one Graph did not run.
    ///
    /// ```no_run
    /// use social_core::{AuthErrorKind, Error};
    /// use social_facebook::batch::BatchRequest;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let items = page.batch().request(BatchRequest::get("me")).send().await?;
    /// if let Some(Error::Auth { kind: AuthErrorKind::Expired, .. }) = items[0].error() {
    ///     println!("the token expired: sign in again");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn error(&self) -> Option<Error> {
        match self {
            BatchItem::Completed(r) => r.error(),
            BatchItem::NotCompleted(n) => Some(n.error()),
        }
    }

    /// Decodes the body into `T`; a failed or not completed item gives its
    /// [`error`](Self::error).
    ///
    /// ```no_run
    /// use social_facebook::batch::BatchRequest;
    /// use social_facebook::models::Page;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let items = page
    ///     .batch()
    ///     .request(BatchRequest::node("200000000000001").fields(["name", "fan_count"]))
    ///     .send()
    ///     .await?;
    /// let profile: Page = items[0].json()?;
    /// # let _ = profile; Ok(()) }
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        match self {
            BatchItem::Completed(r) => r.json(),
            BatchItem::NotCompleted(n) => Err(n.error()),
        }
    }
}

/// What [`BatchBuilder::send_all`] did: the answers of every batch sent, in request order, and
/// the error that stopped it, if one did.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchRun {
    /// The answers of the batches that were answered: requests `0..items.len()`.
    pub items: Vec<BatchItem>,
    /// The error that stopped the run, if one did; the requests from `items.len()` on were not
    /// answered. It is offline validation (nothing sent), the error of the batch holding
    /// request `items.len()` (after an [`Error::Unconfirmed`] the writes of that batch may or
    /// may not have happened), or an [`Error::Unconfirmed`] for an answered batch with
    /// [unreadable](NotCompleted::is_unreadable) items: that batch's items are in
    /// [`items`](Self::items) and the batches after it were not sent.
    pub error: Option<Error>,
}

impl BatchRun {
    /// The items, or the error that stopped the run (dropping the items of the batches that
    /// were answered: read [`items`](Self::items) first when some were writes).
    pub fn into_result(self) -> Result<Vec<BatchItem>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.items),
        }
    }
}

/// Batch requests. Get it with [`FacebookClient::batch`].
#[derive(Debug, Clone)]
pub struct Batch {
    client: FacebookClient,
}

impl Batch {
    pub(crate) fn new(client: FacebookClient) -> Self {
        Batch { client }
    }

    /// An empty batch; add requests with [`BatchBuilder::request`].
    ///
    /// ```no_run
    /// use social_facebook::batch::BatchRequest;
    ///
    /// # async fn run(page: social_facebook::FacebookClient, post_ids: Vec<String>) -> social_core::Result<()> {
    /// let mut batch = page.batch().builder();
    /// for id in &post_ids {
    ///     batch = batch.request(BatchRequest::node(id).fields(["message", "created_time"]));
    /// }
    /// let items = batch.send().await?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn builder(&self) -> BatchBuilder {
        BatchBuilder {
            client: self.client.clone(),
            requests: Vec::new(),
            include_headers: false,
            offset: 0,
        }
    }

    /// A batch starting with `request`.
    ///
    /// ```no_run
    /// use social_facebook::batch::{BatchRequest, RelativeUrl};
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let items = page
    ///     .batch()
    ///     .request(BatchRequest::node("200000000000001").fields(["fan_count", "followers_count"]))
    ///     .request(BatchRequest::get(RelativeUrl::node("200000000000001").edge("posts").query("limit", 5)))
    ///     .request(BatchRequest::delete(RelativeUrl::node("200000000000001_17")))
    ///     .send()
    ///     .await?;
    /// for item in &items {
    ///     match item.error() {
    ///         None => println!("{}: {:?}", item.index(), item.body()),
    ///         Some(e) => eprintln!("{}: {e}", item.index()),
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub fn request(&self, request: BatchRequest) -> BatchBuilder {
        self.builder().request(request)
    }

    /// A batch of `requests`.
    ///
    /// ```no_run
    /// use social_facebook::batch::BatchRequest;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let reads = (1..=120).map(|i| BatchRequest::node(format!("200000000000001_{i}")));
    /// // 120 reads: three batches (50, 50, 20), sent one after the other.
    /// let items = page.batch().requests(reads).send_all().await.into_result()?;
    /// # let _ = items; Ok(()) }
    /// ```
    pub fn requests(&self, requests: impl IntoIterator<Item = BatchRequest>) -> BatchBuilder {
        self.builder().requests(requests)
    }
}

/// `POST /{version}` with `batch=[…]` being built. See [`Batch`].
///
/// ```no_run
/// use social_facebook::batch::{BatchItem, BatchRequest};
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let batch = page
///     .batch()
///     .request(BatchRequest::node("200000000000001").fields(["fan_count", "followers_count"]))
///     .request(BatchRequest::get("200000000000001/published_posts?limit=5"));
/// assert!(batch.violations().is_empty());
/// for item in batch.send().await? {
///     match item {
///         BatchItem::Completed(r) if r.is_success() => println!("{}: {}", r.index, r.body),
///         other => println!("{:?}", other.error()),
///     }
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct BatchBuilder {
    client: FacebookClient,
    requests: Vec<BatchRequest>,
    include_headers: bool,
    /// The index of the first request in the caller's list (chunks of `send_all`).
    offset: usize,
}

impl BatchBuilder {
    /// Adds a request.
    pub fn request(mut self, request: BatchRequest) -> Self {
        self.requests.push(request);
        self
    }

    /// Adds requests.
    pub fn requests(mut self, requests: impl IntoIterator<Item = BatchRequest>) -> Self {
        self.requests.extend(requests);
        self
    }

    /// Asks Graph for each item's headers (off by default: they can outweigh the bodies). The
    /// per-item usage ([`BatchResult::app_usage`]…) is read from them.
    pub fn include_headers(mut self, on: bool) -> Self {
        self.include_headers = on;
        self
    }

    /// The number of requests.
    pub fn len(&self) -> usize {
        self.requests.len()
    }

    /// Whether there is no request yet.
    pub fn is_empty(&self) -> bool {
        self.requests.is_empty()
    }

    /// The violations of the list as a whole; `chunk` is the size of the batches it is sent in
    /// (`None`: one batch).
    fn check(&self, chunk: Option<usize>) -> Vec<Violation> {
        let mut v = Vec::new();
        let n = self.requests.len();
        if n == 0 {
            v.push(Violation::new(
                "requests",
                ViolationKind::Empty,
                "a batch needs at least one request",
            ));
        }
        if chunk.is_none() && n > MAX_BATCH_SIZE {
            v.push(Violation::new(
                "requests",
                ViolationKind::TooMany {
                    limit: MAX_BATCH_SIZE as u64,
                    actual: n as u64,
                },
                "Graph runs at most 50 requests per batch: use `send_all` (or `chunks`) to send them in batches of 50",
            ));
        }
        let mut names: HashSet<&str> = HashSet::new();
        for (i, r) in self.requests.iter().enumerate() {
            let at = self.offset + i;
            r.violations(at, &mut v);
            if let Some(name) = r.name.as_deref() {
                if !names.insert(name) {
                    v.push(Violation::new(
                        format!("requests[{at}].name"),
                        ViolationKind::Malformed,
                        format!("the name {name:?} is used twice"),
                    ));
                }
            }
            let Some(dep) = r.depends_on.as_deref() else {
                continue;
            };
            let earlier = self.requests[..i]
                .iter()
                .position(|e| e.name.as_deref() == Some(dep));
            match (earlier, chunk) {
                (None, _) => v.push(Violation::new(
                    format!("requests[{at}].depends_on"),
                    ViolationKind::Malformed,
                    format!("no earlier request of the batch is named {dep:?}"),
                )),
                (Some(j), Some(size)) if j / size != i / size => v.push(Violation::new(
                    format!("requests[{at}].depends_on"),
                    ViolationKind::Unsupported,
                    format!(
                        "{dep:?} falls in another batch of {size}: a request can only depend on one in the same batch"
                    ),
                )),
                _ => {}
            }
        }
        v
    }

    /// Every rule the batch breaks, checked offline: no request, more than 50, a relative URL
    /// that is empty, absolute or holds an invalid id, a body on a `GET`/`DELETE`, an empty or
    /// repeated name, a `depends_on` naming no earlier request.
    pub fn violations(&self) -> Vec<Violation> {
        self.check(None)
    }

    /// The list cut into batches of at most 50, in order, to send one by one (each keeps the
    /// requests' positions in the whole list as [`BatchItem::index`]).
    pub fn chunks(self) -> Vec<BatchBuilder> {
        self.requests
            .chunks(MAX_BATCH_SIZE)
            .enumerate()
            .map(|(i, c)| BatchBuilder {
                client: self.client.clone(),
                requests: c.to_vec(),
                include_headers: self.include_headers,
                offset: self.offset + i * MAX_BATCH_SIZE,
            })
            .collect()
    }

    fn idempotency(&self) -> Idempotency {
        if self.requests.iter().all(|r| r.method == BatchMethod::Get) {
            Idempotency::Safe
        } else {
            Idempotency::Unsafe
        }
    }

    /// Validates and sends the batch; returns one [`BatchItem`] per request, in order.
    ///
    /// ```no_run
    /// use social_facebook::batch::{BatchItem, BatchRequest, RelativeUrl};
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let items = page
    ///     .batch()
    ///     .request(BatchRequest::post(RelativeUrl::node("200000000000001_17_42").edge("comments")).form([("message", "Thank you!")]))
    ///     .request(BatchRequest::post(RelativeUrl::node("200000000000001_17_43")).form([("is_hidden", "true")]))
    ///     .send()
    ///     .await?;
    /// for item in &items {
    ///     if let BatchItem::NotCompleted(n) = item {
    ///         eprintln!("request {} was not run: check it before sending it again", n.index);
    ///     }
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<Vec<BatchItem>> {
        Error::check_violations(Network::Facebook, self.violations())?;
        self.send_checked().await
    }

    /// Validates the whole list, then sends it in batches of 50, one after the other, stopping
    /// at the first batch that fails. Each request still counts against the rate limits.
    ///
    /// The run also stops, without sending the batches after it, at a batch whose outcome is
    /// partly unknown: one that failed with [`Error::Unconfirmed`] (it held writes) and one
    /// answered with [unreadable](NotCompleted::is_unreadable) items (its items are kept, the
    /// error is [`Error::Unconfirmed`]). A later request may rely on a write of that batch
    /// (sending it could duplicate or misapply it): check those writes, then send the rest
    /// (`items.len()..`) again.
    ///
    /// ```no_run
    /// use social_facebook::batch::BatchRequest;
    ///
    /// # async fn run(page: social_facebook::FacebookClient, comment_ids: Vec<String>) -> social_core::Result<()> {
    /// let hides = comment_ids.iter().map(|id| BatchRequest::post(id.as_str()).form([("is_hidden", "true")]));
    /// let run = page.batch().requests(hides).send_all().await;
    /// println!("{} answered", run.items.len());
    /// if let Some(e) = run.error {
    ///     eprintln!("stopped at request {}: {e}", run.items.len());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_all(self) -> BatchRun {
        let violations = self.check(Some(MAX_BATCH_SIZE));
        if !violations.is_empty() {
            return BatchRun {
                items: Vec::new(),
                error: Some(Error::InvalidInput {
                    network: Some(Network::Facebook),
                    violations,
                }),
            };
        }
        let total = self.requests.len();
        let mut items = Vec::with_capacity(total);
        for chunk in self.chunks() {
            let mut got = match chunk.send_checked().await {
                Ok(got) => got,
                Err(e) => {
                    return BatchRun {
                        items,
                        error: Some(e),
                    };
                }
            };
            let unreadable = got.iter().find_map(|item| match item {
                BatchItem::NotCompleted(n) if n.is_unreadable() => {
                    Some((n.index, n.correlation_id.clone()))
                }
                _ => None,
            });
            items.append(&mut got);
            if let Some((index, correlation_id)) = unreadable.filter(|_| items.len() < total) {
                return BatchRun {
                    error: Some(Error::Unconfirmed {
                        network: Network::Facebook,
                        endpoint: BATCH_ENDPOINT.into(),
                        correlation_id,
                        cause: Box::new(Error::Protocol {
                            network: Network::Facebook,
                            message: format!(
                                "item {index} of the batch answer could not be read; requests {}.. were not sent",
                                items.len()
                            ),
                        }),
                        created: Vec::new(),
                    }),
                    items,
                };
            }
        }
        BatchRun { items, error: None }
    }

    async fn send_checked(self) -> Result<Vec<BatchItem>> {
        let batch = Value::Array(self.requests.iter().map(BatchRequest::to_json).collect());
        let idempotency = self.idempotency();
        let mut secrets = Vec::new();
        for r in &self.requests {
            r.secrets(&mut secrets);
        }
        let sensitive: Arc<[String]> = secrets.into();
        let mut spec = RequestSpec::post("")
            .form([
                ("batch", batch.to_string()),
                ("include_headers", self.include_headers.to_string()),
            ])
            .with_idempotency(idempotency)
            .endpoint(BATCH_ENDPOINT)
            // The answer may hold Page tokens: errors never quote it.
            .secret_response();
        for s in sensitive.iter() {
            spec = spec.sensitive(s.clone());
        }
        let resp = self.client.send_response(spec).await?;
        let cid = resp.correlation_id().to_string();
        let writes = idempotency == Idempotency::Unsafe;
        // Graph answered 2xx: a batch with writes ran, so an answer that cannot be matched to
        // the requests leaves their outcome unknown.
        let unconfirmed = |cause: Error| Error::Unconfirmed {
            network: Network::Facebook,
            endpoint: BATCH_ENDPOINT.into(),
            correlation_id: cid.clone(),
            cause: Box::new(cause),
            created: Vec::new(),
        };
        let malformed = |what: String| {
            let e = Error::Protocol {
                network: Network::Facebook,
                message: format!("the batch answer {what}"),
            };
            if writes { unconfirmed(e) } else { e }
        };
        let answer: Value = match resp.json() {
            Ok(v) => v,
            Err(e) if writes => return Err(unconfirmed(e)),
            Err(e) => return Err(e),
        };
        let raw_items = match answer {
            Value::Array(items) => items,
            other => {
                // An error object with a success status: mapped as if it came with an error one.
                if let Some(graph) = GraphError::from_json(&other) {
                    let mask = |s: &str| mask_text(s, &sensitive);
                    let now = self.client.transport().clock().now();
                    let retry_after = parse_retry_after(resp.headers(), now);
                    let base = ApiError::new(Network::Facebook, resp.status().as_u16())
                        .with_body_snippet(format!(
                            "[{} bytes withheld: the response may carry credentials]",
                            resp.body().len()
                        ))
                        .with_retry_after(retry_after)
                        .with_rate_limit(resp.rate_limit().cloned());
                    return Err(classify(
                        &ErrorInput {
                            status: resp.status().as_u16(),
                            json: Some(&other),
                            base,
                            trace_header: resp.header("x-fb-trace-id"),
                            mask: &mask,
                        },
                        &graph,
                        |api| {
                            let e = rate_limited_by(
                                Network::Facebook,
                                resp.rate_limits(),
                                retry_after,
                                now,
                                BATCH_ENDPOINT,
                                api,
                            );
                            let e = throttled_quota(e, graph.code, None);
                            if let Error::RateLimited {
                                retry_after: None,
                                bucket: Some(b),
                                ..
                            } = &e
                            {
                                self.client.transport().cool_down([b.clone()]);
                            }
                            e
                        },
                    ));
                }
                return Err(malformed("is not a JSON array".into()));
            }
        };
        if raw_items.len() != self.requests.len() {
            return Err(malformed(format!(
                "has {} items for {} requests",
                raw_items.len(),
                self.requests.len()
            )));
        }
        let now = self.client.transport().clock().now();
        let mut out = Vec::with_capacity(raw_items.len());
        for (i, (raw, req)) in raw_items.into_iter().zip(&self.requests).enumerate() {
            let index = self.offset + i;
            let endpoint = req.endpoint(index);
            let not_completed = |unreadable: Option<&str>| {
                BatchItem::NotCompleted(NotCompleted {
                    index,
                    method: req.method,
                    correlation_id: cid.clone(),
                    endpoint: endpoint.clone(),
                    unreadable: unreadable.map(str::to_string),
                })
            };
            // A malformed item: the whole batch fails when it holds reads only; with writes, the
            // other items are kept and this one's outcome is unknown.
            let unreadable = |why: &str| {
                if writes {
                    Ok(not_completed(Some(why)))
                } else {
                    Err(Error::Protocol {
                        network: Network::Facebook,
                        message: format!("item {index} of the batch answer {why}"),
                    })
                }
            };
            let item = match raw {
                Value::Null => not_completed(None),
                Value::Object(obj) => {
                    let Some(status) = obj
                        .get("code")
                        .and_then(Value::as_u64)
                        .and_then(|c| u16::try_from(c).ok())
                    else {
                        out.push(unreadable("has no status code")?);
                        continue;
                    };
                    let headers = read_headers(obj.get("headers"));
                    let body = match obj.get("body") {
                        Some(Value::String(s)) => {
                            serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
                        }
                        Some(other) => other.clone(),
                        None => Value::Null,
                    };
                    let page = req.page();
                    let usage = ItemUsage::read(&headers, page.as_deref(), now);
                    BatchItem::Completed(Box::new(BatchResult {
                        index,
                        method: req.method,
                        status,
                        headers,
                        body,
                        app_usage: usage.app,
                        page_usage: usage.page,
                        business_use_case_usage: usage.buc,
                        rate_limits: usage.limits,
                        received_at: now,
                        correlation_id: cid.clone(),
                        endpoint,
                        page,
                        sensitive: sensitive.clone(),
                    }))
                }
                _ => unreadable("is neither an object nor null")?,
            };
            out.push(item);
        }
        // Each item counted against the quotas like a call of its own and carries its own
        // usage headers: the client's store learns them, in order, so the next call is checked.
        let learnt: Vec<RateLimit> = out
            .iter()
            .filter_map(BatchItem::as_completed)
            .flat_map(|r| r.rate_limits.iter().cloned())
            .collect();
        self.client.transport().remember_rate_limits(learnt);
        // Items throttled without a word on when it ends cool their quota down, as a plain
        // call's answer would.
        let throttled: Vec<String> = out
            .iter()
            .filter_map(BatchItem::as_completed)
            .filter_map(|r| match r.mapped_error() {
                Some(Error::RateLimited {
                    retry_after: None,
                    bucket,
                    ..
                }) => bucket,
                _ => None,
            })
            .collect();
        if !throttled.is_empty() {
            self.client.transport().cool_down(throttled);
        }
        Ok(out)
    }
}

/// `[{"name":…,"value":…}]` → pairs; entries without a name are skipped.
fn read_headers(v: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Array(list)) = v else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|h| {
            let name = h.get("name")?.as_str()?.to_string();
            let value = match h.get("value")? {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some((name, value))
        })
        .collect()
}

/// The usage headers of one item.
struct ItemUsage {
    app: Option<Usage>,
    page: Option<Usage>,
    buc: Vec<BusinessUseCaseUsage>,
    limits: Vec<RateLimit>,
}

impl ItemUsage {
    fn read(headers: &[(String, String)], page: Option<&str>, now: SystemTime) -> Self {
        let header = |name: &str| {
            headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str())
        };
        let as_limit = |u: &Usage, bucket: String| {
            let mut rl = RateLimit::new(bucket);
            rl.used_percent = u.max_percent();
            rl
        };
        let app = header("x-app-usage").and_then(parse_usage);
        let page_usage = header("x-page-usage").and_then(parse_usage);
        let buc = header("x-business-use-case-usage")
            .map(parse_business_use_case_usage)
            .unwrap_or_default();
        let mut limits = Vec::new();
        if let Some(u) = &app {
            limits.push(as_limit(u, APP_BUCKET.to_string()));
        }
        if let Some(u) = &page_usage {
            let bucket = page.map_or_else(|| "facebook:page".to_string(), page_bucket);
            limits.push(as_limit(u, bucket));
        }
        limits.extend(buc.iter().map(|b| b.to_rate_limit(now)));
        ItemUsage {
            app,
            page: page_usage,
            buc,
            limits,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// How long an item's `Retry-After` asks to wait.
    fn item_retry_after(r: &BatchResult) -> Option<Duration> {
        parse_retry_after(&r.header_map(), r.received_at)
    }

    fn result(status: u16, body: Value, headers: Vec<(&str, &str)>) -> BatchResult {
        let headers: Vec<(String, String)> = headers
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let usage = ItemUsage::read(&headers, Some("1"), now);
        BatchResult {
            index: 0,
            method: BatchMethod::Get,
            status,
            headers,
            body,
            app_usage: usage.app,
            page_usage: usage.page,
            business_use_case_usage: usage.buc,
            rate_limits: usage.limits,
            received_at: now,
            correlation_id: "c".into(),
            endpoint: "GET /1 (batch item 0)".into(),
            page: Some("1".into()),
            sensitive: Arc::from(vec!["per-item-secret".to_string()]),
        }
    }

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b/é?"), "a%20b%2F%C3%A9%3F");
        let url = RelativeUrl::node("..");
        let mut v = Vec::new();
        url.violations("u", &mut v);
        assert_eq!(v.len(), 1);
    }

    #[test]
    fn item_rate_limit_uses_the_item_headers() {
        let body = serde_json::json!({"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"E+h93KlSgIM"}});
        let r = result(
            403,
            body,
            vec![
                (
                    "X-App-Usage",
                    r#"{"call_count":100,"total_time":25,"total_cputime":25}"#,
                ),
                ("Retry-After", "30"),
            ],
        );
        assert_eq!(
            r.app_usage.as_ref().and_then(Usage::max_percent),
            Some(100.0)
        );
        assert_eq!(item_retry_after(&r), Some(Duration::from_secs(30)));
        match r.error() {
            Some(Error::RateLimited {
                retry_after,
                bucket,
                api,
                ..
            }) => {
                assert_eq!(retry_after, Some(Duration::from_secs(30)));
                assert_eq!(bucket.as_deref(), Some(APP_BUCKET));
                assert_eq!(api.unwrap().request_id.as_deref(), Some("E+h93KlSgIM"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn credentials_are_masked_in_text() {
        let known = ["a b+c/d".to_string(), "per-item-secret".to_string()];
        let token = format!("EAAB{}", "x1".repeat(20));
        for (text, want) in [
            (
                "bad access_token=abc123&limit=5".to_string(),
                "bad access_token=[redacted]&limit=5".to_string(),
            ),
            (
                r#"{"access_token": "abc", "code": 190}"#.to_string(),
                r#"{"access_token": "[redacted]", "code": 190}"#.to_string(),
            ),
            (
                "code=AQDabc, code=190".to_string(),
                "code=[redacted], code=190".to_string(),
            ),
            (
                "appsecret_proof = 'f00d' and client_secret=s3".to_string(),
                "appsecret_proof = '[redacted]' and client_secret=[redacted]".to_string(),
            ),
            // Prose is left alone: an unquoted key before `:` is not a pair.
            (
                "Error validating access token: Session has expired".to_string(),
                "Error validating access token: Session has expired".to_string(),
            ),
            (
                "echo a+b%2Bc%2Fd and a%20b%2Bc%2Fd and per-item-secret".to_string(),
                "echo [redacted] and [redacted] and [redacted]".to_string(),
            ),
            (format!("token {token}."), "token [redacted].".to_string()),
            (
                "access_token=[redacted]&é token=é".to_string(),
                "access_token=[redacted]&é token=[redacted]".to_string(),
            ),
            (
                r#"{"token":"a\"b","x":1}"#.to_string(),
                r#"{"token":"[redacted]","x":1}"#.to_string(),
            ),
            ("token=".to_string(), "token=".to_string()),
        ] {
            assert_eq!(mask_text(&text, &known), want, "{text}");
        }
    }

    #[test]
    fn credentials_are_redacted_at_any_depth() {
        let v = serde_json::json!({
            "data": [{"id": "1", "access_token": "EAAPage", "tasks": ["MANAGE"]}],
            "nested": {"appsecret_proof": "p", "Client_Secret": {"x": 1}, "code": "AQD", "n": [{"refresh_token": 5}]},
            "error": {"code": 190, "message": "see access_token=leak"},
            "text": "per-item-secret"
        });
        assert_eq!(
            redact_value(&v, &["per-item-secret".to_string()]),
            serde_json::json!({
                "data": [{"id": "1", "access_token": "[redacted]", "tasks": ["MANAGE"]}],
                "nested": {"appsecret_proof": "[redacted]", "Client_Secret": "[redacted]", "code": "[redacted]", "n": [{"refresh_token": "[redacted]"}]},
                "error": {"code": 190, "message": "see access_token=[redacted]"},
                "text": "[redacted]"
            })
        );
    }

    #[test]
    fn item_errors_and_debug_mask_the_requests_credentials() {
        let r = result(
            400,
            serde_json::json!({"error": {"message": "(#100) per-item-secret is not valid for access_token=other-one", "type": "OAuthException", "code": 100}}),
            vec![("Set-Cookie", "datr=cookie-value")],
        );
        let e = r.error().unwrap();
        for shown in [e.to_string(), format!("{e:?}"), format!("{r:?}")] {
            assert!(!shown.contains("per-item-secret"), "{shown}");
            assert!(!shown.contains("other-one"), "{shown}");
            assert!(!shown.contains("cookie-value"), "{shown}");
        }
        assert_eq!(e.api_error().unwrap().code, Some(100));

        let r = result(200, serde_json::json!({"id": "per-item-secret"}), vec![]);
        // serde quotes the string it refused.
        let e = r
            .json::<std::collections::HashMap<String, u64>>()
            .unwrap_err();
        let Error::Decode { message, .. } = &e else {
            panic!("{e:?}")
        };
        assert!(message.contains("invalid type: string"), "{message}");
        assert!(!format!("{e:?}").contains("per-item-secret"), "{e:?}");
    }

    #[test]
    fn an_error_status_without_an_error_object_maps_by_status() {
        let r = result(404, Value::String("Not Found".into()), vec![]);
        assert!(matches!(r.error(), Some(Error::NotFound { .. })));
        let ok = result(200, serde_json::json!({"id":"1"}), vec![]);
        assert!(ok.error().is_none());
        assert!(ok.is_success());
    }
}
