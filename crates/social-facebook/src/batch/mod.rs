//! Batch requests: up to 50 Graph calls in one HTTP request
//! (<https://developers.facebook.com/docs/graph-api/batch-requests>).
//!
//! The requests are built in `request.rs` ([`BatchRequest`], [`RelativeUrl`]), the answers read
//! in `response.rs` ([`BatchItem`], [`BatchResult`], [`NotCompleted`], [`BatchRun`]); both are
//! re-exported here.
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
//! mapping for both: the Graph dialect's, in [`crate::error`]). A write (`POST`, `DELETE`) that Graph ran and that
//! failed with a 5xx or a transient error may have taken effect: its error is
//! [`Error::Unconfirmed`] (check before sending it again), never one whose
//! [`is_retryable`](Error::is_retryable) is `true`, by the rule plain calls follow
//! ([`outcome_unknown`](social_core::http::outcome_unknown)); a throttled write was not run and
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

mod request;
mod response;

use std::collections::HashSet;
use std::sync::Arc;

use serde_json::Value;
use social_core::http::{Idempotency, RequestSpec};
use social_core::{Error, Network, Result, Violation, ViolationKind};

use crate::client::FacebookClient;

pub use request::{BatchMethod, BatchRequest, RelativeUrl};
pub use response::{BatchItem, BatchResult, BatchRun, NotCompleted};

/// The most requests Graph accepts in one batch.
pub const MAX_BATCH_SIZE: usize = 50;

/// The batch call's route template (errors, logs, rate-limit buckets).
const BATCH_ENDPOINT: &str = "POST / (batch)";

/// Batch requests. Get it with [`FacebookClient::batch`].
#[derive(Debug, Clone)]
pub struct Batch {
    client: FacebookClient,
}

impl FacebookClient {
    /// Batch requests (up to 50 calls in one).
    pub fn batch(&self) -> Batch {
        Batch {
            client: self.clone(),
        }
    }
}

impl Batch {
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
        response::read_answer(
            &self.client,
            &resp,
            &self.requests,
            self.offset,
            idempotency == Idempotency::Unsafe,
            sensitive,
        )
    }
}
