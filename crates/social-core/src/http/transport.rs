use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::{Host, Url};

use super::dialect::{ApiDialect, ErrorContext, parse_retry_after};
use super::limits::Limits;
use super::mask::masked_snippet;
use super::request::{Body, Idempotency, RequestSpec};
use super::response::{Response, error_chain, read_capped};
use super::retry::{
    Attempt, Decision, Failure, Jitter, RetryBudget, RetryPolicy, decide, outcome_unknown,
};
use crate::auth::{AuthTarget, Authenticator};
use crate::clock::Clock;
use crate::error::{Error, Result, TransportErrorKind};
use crate::types::{Network, RateLimit};

/// The one place that sends HTTP requests: it adds the default headers and credentials, refuses
/// plain `http://` to remote hosts, waits for or refuses exhausted rate-limit buckets, sends,
/// caps the response size, reads rate limits, maps errors through the network's dialect and
/// retries within the [`RetryPolicy`], never replaying a create that may have reached the server.
///
/// Cheap to clone (an `Arc` inside); clones share the connection pool, the rate-limit state and
/// the retry budget.
///
/// ```no_run
/// use std::sync::Arc;
/// use social_core::auth::{AccessToken, BearerAuth};
/// use social_core::http::{GenericDialect, RequestSpec, Transport};
/// use social_core::Network;
///
/// # async fn run() -> social_core::Result<()> {
/// let transport = Transport::builder(Network::X, "https://api.x.com")
///     .dialect(Arc::new(GenericDialect(Network::X)))
///     .authenticator(Arc::new(BearerAuth::new(AccessToken::new("…"))))
///     .user_agent("my-app/1.0")
///     .build()?;
/// let me: serde_json::Value = transport.execute(RequestSpec::get("2/users/me")).await?.json()?;
/// # let _ = me; Ok(()) }
/// ```
#[derive(Clone)]
pub struct Transport {
    pub(super) inner: Arc<Inner>,
}

/// What clones of a transport share.
pub(super) struct Inner {
    pub(super) network: Network,
    pub(super) base_url: Url,
    pub(super) client: reqwest::Client,
    pub(super) request_timeout: Option<Duration>,
    pub(super) default_headers: HeaderMap,
    pub(super) dialect: Arc<dyn ApiDialect>,
    pub(super) auth: Option<Arc<dyn Authenticator>>,
    pub(super) retry: RetryPolicy,
    pub(super) budget: Arc<RetryBudget>,
    pub(super) max_response_bytes: usize,
    pub(super) max_rate_limit_wait: Duration,
    pub(super) throttle_cooldown: Duration,
    pub(super) clock: Arc<dyn Clock>,
    pub(super) limits: Arc<Mutex<Limits>>,
}

impl fmt::Debug for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Transport")
            .field("network", &self.inner.network)
            .field("base_url", &self.inner.base_url.as_str())
            .field("dialect", &self.inner.dialect)
            .field("authenticator", &self.inner.auth)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

pub(super) fn check_secure(network: Network, url: &Url) -> Result<()> {
    if url.scheme() == "https" || (url.scheme() == "http" && is_loopback(url)) {
        return Ok(());
    }
    Err(Error::Transport {
        network,
        kind: TransportErrorKind::InsecureTransport,
        message: format!(
            "{}:// to {} would carry credentials in clear",
            url.scheme(),
            url.host_str().unwrap_or("?")
        ),
        source: None,
    })
}

fn correlation_id() -> String {
    use rand::Rng;
    // `format!("{:016x}", n)` without the formatting machinery: 16 lowercase hex digits.
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let n = rand::rng().random::<u64>();
    (0..16)
        .rev()
        .map(|i| char::from(HEX[((n >> (i * 4)) & 0xf) as usize]))
        .collect()
}

/// A request ready to send (see [`Transport::prepare`]).
struct Prepared {
    request: reqwest::RequestBuilder,
    /// The request's secrets, its credentials included, masked in what errors quote.
    sensitive: Arc<Vec<String>>,
    /// The credential generation the request was signed with, when it was.
    generation: Option<u64>,
}

/// An answer as read (see [`Transport::send`]).
struct Received {
    status: StatusCode,
    headers: HeaderMap,
    /// The limits the headers reported (already stored).
    rate_limits: Vec<RateLimit>,
    body: Bytes,
    /// The clock's time when the headers came.
    now: SystemTime,
}

enum AttemptError {
    /// Returned to the caller as it is, no retry (an authenticator or body error).
    Fatal(Error),
    /// A failure the retry decision looks at.
    Failed(Failure, Error),
}

impl Transport {
    /// The network.
    pub fn network(&self) -> Network {
        self.inner.network
    }

    /// The base URL.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// The clock.
    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// The retry budget.
    pub fn retry_budget(&self) -> &Arc<RetryBudget> {
        &self.inner.budget
    }

    /// The network's dialect.
    pub(crate) fn dialect(&self) -> &Arc<dyn ApiDialect> {
        &self.inner.dialect
    }

    /// What the transport last learnt about a rate-limit bucket.
    pub fn rate_limit(&self, bucket: &str) -> Option<RateLimit> {
        self.lock_limits().window(bucket)
    }

    /// Until when `bucket` is left alone because the server reported it spent or throttled
    /// without saying when it resets (see
    /// [`TransportBuilder::throttle_cooldown`](super::TransportBuilder::throttle_cooldown));
    /// `None` when it is not cooling down at the transport clock's current time.
    pub fn cooldown(&self, bucket: &str) -> Option<SystemTime> {
        let now = self.inner.clock.now();
        self.lock_limits().cooldown_until(bucket, now)
    }

    /// Records that the server throttled `buckets` without saying for how long (the items of a
    /// Graph batch carry their own errors): each is left alone for the transport's
    /// [`throttle_cooldown`](super::TransportBuilder::throttle_cooldown).
    ///
    /// ```
    /// use social_core::http::Transport;
    /// use social_core::Network;
    ///
    /// # fn run() -> social_core::Result<()> {
    /// let t = Transport::builder(Network::Facebook, "https://graph.facebook.com/v26.0").build()?;
    /// t.cool_down(["facebook:app"]);
    /// assert!(t.cooldown("facebook:app").is_some());
    /// # Ok(()) }
    /// ```
    pub fn cool_down<S: Into<String>>(&self, buckets: impl IntoIterator<Item = S>) {
        let now = self.inner.clock.now();
        let mut limits = self.lock_limits();
        for b in buckets {
            limits.start_cooldown(b.into(), now, self.inner.throttle_cooldown);
        }
    }

    /// Records limits learnt elsewhere than in a response's own headers (the items of a Graph
    /// batch carry their own usage headers), so the next request is checked against them.
    /// Resets more than a day away are dropped as unknown, as for headers.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use social_core::http::Transport;
    /// use social_core::{Network, RateLimit};
    ///
    /// # fn run() -> social_core::Result<()> {
    /// let t = Transport::builder(Network::Facebook, "https://graph.facebook.com/v26.0").build()?;
    /// t.remember_rate_limits(vec![RateLimit::new("facebook:app").with_used_percent(42.0)]);
    /// assert_eq!(t.rate_limit("facebook:app").unwrap().used_percent, Some(42.0));
    /// # Ok(()) }
    /// ```
    pub fn remember_rate_limits(&self, limits: Vec<RateLimit>) {
        let mut limits = limits;
        let now = self.inner.clock.now();
        self.store_limits(&mut limits, now);
    }

    fn store_limits(&self, rate_limits: &mut [RateLimit], now: SystemTime) {
        if rate_limits.is_empty() {
            return;
        }
        self.lock_limits()
            .store(rate_limits, now, self.inner.throttle_cooldown);
    }

    fn lock_limits(&self) -> std::sync::MutexGuard<'_, Limits> {
        self.inner.limits.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Waits for the buckets `spec` counts against: an exhausted window until its reset, a
    /// cooling-down bucket until its cooldown ends. A wait beyond `max_rate_limit_wait`, or one
    /// that would take the call's waits (`waited`, which it adds to) beyond the policy's total,
    /// fails with [`Error::RateLimited`] without sending.
    async fn wait_for_buckets(&self, spec: &RequestSpec, waited: &mut Duration) -> Result<()> {
        let inner = &*self.inner;
        loop {
            let now = inner.clock.now();
            let blocked = {
                let limits = self.lock_limits();
                if limits.is_empty() {
                    // Nothing learnt yet (or a dialect that reads no limits): nothing can block.
                    return Ok(());
                }
                limits.blocked(inner.dialect.buckets(spec), now)
            };
            let Some((wait, bucket, window)) = blocked else {
                return Ok(());
            };
            let over_total = waited.saturating_add(wait) > inner.retry.max_total_wait;
            if wait > inner.max_rate_limit_wait || over_total {
                tracing::debug!(bucket = %bucket, wait_s = wait.as_secs(), over_total, "bucket exhausted; not sending");
                return Err(Error::RateLimited {
                    network: inner.network,
                    retry_after: Some(wait),
                    reset_at: window.as_ref().and_then(|rl| rl.reset_at),
                    bucket: Some(bucket),
                    rate_limit: window.map(Box::new),
                    api: None,
                });
            }
            tracing::debug!(bucket = %bucket, wait_ms = wait.as_millis() as u64, "bucket exhausted; waiting for its reset");
            inner.clock.sleep(wait).await;
            *waited = waited.saturating_add(wait);
        }
    }

    /// A transport like this one (same HTTP client and connection pool, base URL, dialect, retry
    /// policy, retry budget and clock) that signs requests with `auth` instead: Graph calls for
    /// a Page use the Page's token, the user's calls the user's.
    ///
    /// With `share_limits`, both transports read and update one store of rate-limit knowledge:
    /// right when the dialect's buckets name what they limit whatever the token (Graph's app and
    /// per-Page usage), so a client made for a Page knows a cooldown another one learnt. Without
    /// it, the new transport starts knowing nothing (per-user limits, as X's).
    ///
    /// ```no_run
    /// use std::sync::Arc;
    /// use social_core::auth::{AccessToken, QueryTokenAuth};
    /// use social_core::http::Transport;
    /// use social_core::Network;
    ///
    /// # fn run(user: Transport) {
    /// let page = user.with_authenticator(
    ///     Some(Arc::new(QueryTokenAuth::new("access_token", AccessToken::new("page-token")))),
    ///     true,
    /// );
    /// # let _ = page; }
    /// ```
    pub fn with_authenticator(
        &self,
        auth: Option<Arc<dyn Authenticator>>,
        share_limits: bool,
    ) -> Transport {
        let i = &*self.inner;
        Transport {
            inner: Arc::new(Inner {
                network: i.network,
                base_url: i.base_url.clone(),
                client: i.client.clone(),
                request_timeout: i.request_timeout,
                default_headers: i.default_headers.clone(),
                dialect: i.dialect.clone(),
                auth,
                retry: i.retry.clone(),
                budget: i.budget.clone(),
                max_response_bytes: i.max_response_bytes,
                max_rate_limit_wait: i.max_rate_limit_wait,
                throttle_cooldown: i.throttle_cooldown,
                clock: i.clock.clone(),
                limits: if share_limits {
                    i.limits.clone()
                } else {
                    Arc::new(Mutex::new(Limits::default()))
                },
            }),
        }
    }

    /// Sends `spec` and decodes the JSON body into `T`.
    pub async fn execute_json<T: DeserializeOwned>(&self, spec: RequestSpec) -> Result<T> {
        // A create answered 2xx did happen: if its body cannot be read, the caller must not
        // take it for a failure and send it again.
        let created = (spec.idempotency == Idempotency::Unsafe).then(|| spec.endpoint_name());
        let resp = self.execute(spec).await?;
        resp.json().map_err(|e| match created {
            Some(endpoint) => self.unconfirmed(&endpoint, &resp.correlation_id, e),
            None => e,
        })
    }

    /// Sends `spec`: one logical call, possibly several attempts (see [`RetryPolicy`]).
    pub async fn execute(&self, spec: RequestSpec) -> Result<Response> {
        let cid = correlation_id();
        // The endpoint name is built only where it is used (a span that is enabled, an error):
        // deriving it formats the whole path.
        let span = tracing::debug_span!(
            "social_request",
            network = self.inner.network.slug(),
            endpoint = %spec.endpoint_name(),
            correlation_id = %cid,
        );
        self.execute_inner(spec, cid).instrument(span).await
    }

    async fn execute_inner(&self, spec: RequestSpec, cid: String) -> Result<Response> {
        let inner = &*self.inner;
        let network = inner.network;
        if let Some(e) = &spec.body_error {
            return Err(Error::config(
                network,
                format!("the request body could not be serialised: {e}"),
            ));
        }
        let url = spec.url(network, &inner.base_url)?;
        check_secure(network, &url)?;

        let mut attempts: u32 = 0;
        // Waits between attempts and for exhausted buckets, against the policy's total cap.
        let mut waited = Duration::ZERO;
        let mut reauthenticated = false;
        // An earlier attempt of this call may have been carried out (it timed out, broke or got
        // a 5xx) before it was sent again.
        let mut earlier_may_have_run = false;
        loop {
            self.wait_for_buckets(&spec, &mut waited).await?;
            attempts += 1;
            let started = tokio::time::Instant::now();
            let result = self.attempt(&spec, &url, earlier_may_have_run).await;
            let elapsed = started.elapsed();
            let (failure, error) = match result {
                Ok(mut resp) => {
                    resp.correlation_id = cid;
                    resp.earlier_attempt_may_have_run = earlier_may_have_run;
                    inner.budget.on_success(attempts.saturating_sub(1));
                    tracing::debug!(
                        attempt = attempts,
                        status = resp.status.as_u16(),
                        elapsed_ms = elapsed.as_millis() as u64,
                        "response"
                    );
                    return Ok(resp);
                }
                Err((AttemptError::Fatal(e), _)) => return Err(e),
                Err((AttemptError::Failed(_, e), Some(generation))) if !reauthenticated => {
                    // A 401: let the authenticator refresh once, then replay once. The server
                    // refused the request, so replaying cannot duplicate anything.
                    reauthenticated = true;
                    let Some(auth) = inner.auth.as_ref() else {
                        return Err(e);
                    };
                    let refreshed = auth.on_unauthorized(generation).await.map_err(|e| {
                        crate::auth::authenticator_error(
                            e,
                            "the request was refused (HTTP 401) and not sent again",
                        )
                    })?;
                    if refreshed {
                        tracing::debug!(
                            attempt = attempts,
                            "credentials refreshed after 401; replaying once"
                        );
                        attempts -= 1;
                        continue;
                    }
                    return Err(e);
                }
                Err((AttemptError::Failed(f, e), _)) => (f, e),
            };
            tracing::debug!(attempt = attempts, failure = ?failure, elapsed_ms = elapsed.as_millis() as u64, "attempt failed");
            let sample = match inner.retry.jitter {
                Jitter::None => 1.0,
                _ => {
                    use rand::Rng;
                    rand::rng().random::<f64>()
                }
            };
            let decision = decide(
                &inner.retry,
                &Attempt {
                    idempotency: spec.idempotency,
                    attempts,
                    waited,
                    sample,
                    rate_limit_before_processing: inner.dialect.rate_limit_before_processing(),
                },
                &failure,
            );
            match decision {
                Decision::Retry(wait) => {
                    if !inner.budget.try_take() {
                        tracing::warn!(attempt = attempts, "retry budget exhausted; not retrying");
                        return Err(self.conclude(
                            &spec,
                            &cid,
                            &failure,
                            Error::Transport {
                                network,
                                kind: TransportErrorKind::RetryBudgetExhausted,
                                message: format!("too many recent failures; last one: {error}"),
                                source: Some(Box::new(error)),
                            },
                        ));
                    }
                    earlier_may_have_run |= failure.may_have_reached_server();
                    tracing::debug!(
                        attempt = attempts,
                        wait_ms = wait.as_millis() as u64,
                        "retrying"
                    );
                    inner.clock.sleep(wait).await;
                    waited = waited.saturating_add(wait);
                }
                Decision::GiveUp => return Err(self.conclude(&spec, &cid, &failure, error)),
                Decision::Unconfirmed => {
                    return Err(self.unconfirmed(&spec.endpoint_name(), &cid, error));
                }
            }
        }
    }

    /// The error the caller gets once a failed attempt is not retried: [`Error::Unconfirmed`]
    /// when [`outcome_unknown`] says so (a write that may have run), else the error as it is.
    fn conclude(&self, spec: &RequestSpec, cid: &str, failure: &Failure, error: Error) -> Error {
        if outcome_unknown(spec.idempotency, failure, &error) {
            self.unconfirmed(&spec.endpoint_name(), cid, error)
        } else {
            error
        }
    }

    /// An [`Error::Unconfirmed`] for this call.
    fn unconfirmed(&self, endpoint: &str, cid: &str, cause: Error) -> Error {
        Error::unconfirmed(self.inner.network, endpoint, cid, cause)
    }

    /// One attempt: [`prepare`](Self::prepare), [`send`](Self::send),
    /// [`classify`](Self::classify). On a 401 with an authenticator, the error comes with the
    /// credential generation the request was signed with. `earlier_may_have_run`: an earlier
    /// attempt of the call may have been carried out (so a "not found" may mean it did the
    /// work).
    async fn attempt(
        &self,
        spec: &RequestSpec,
        url: &Url,
        earlier_may_have_run: bool,
    ) -> std::result::Result<Response, (AttemptError, Option<u64>)> {
        let prepared = self.prepare(spec, url).await.map_err(|e| (e, None))?;
        let received = self
            .send(spec, prepared.request)
            .await
            .map_err(|e| (e, None))?;
        self.classify(
            spec,
            received,
            prepared.sensitive,
            prepared.generation,
            earlier_may_have_run,
        )
    }

    /// The request as it goes on the wire: default and request headers, credentials (which
    /// may change the URL and headers, and add values to mask), the per-attempt timeout and the
    /// body. Fails, never to be retried, when the authenticator or the body fails.
    async fn prepare(
        &self,
        spec: &RequestSpec,
        url: &Url,
    ) -> std::result::Result<Prepared, AttemptError> {
        let inner = &*self.inner;
        let network = inner.network;
        let mut url = url.clone();
        let mut headers = inner.default_headers.clone();
        for (k, v) in &spec.headers {
            headers.insert(k.clone(), v.clone());
        }
        let mut sensitive = spec.sensitive.clone();
        let mut generation = None;
        if spec.authenticated {
            if let Some(auth) = &inner.auth {
                let mut target = AuthTarget {
                    method: &spec.method,
                    url: &mut url,
                    headers: &mut headers,
                    body: &spec.body,
                    sensitive: &mut sensitive,
                    now: inner.clock.now(),
                    generation: 0,
                };
                auth.authenticate(&mut target).await.map_err(|e| {
                    AttemptError::Fatal(crate::auth::authenticator_error(
                        e,
                        "the request was not sent",
                    ))
                })?;
                generation = Some(target.generation);
            }
        }

        let mut req = inner.client.request(spec.method.clone(), url);
        if let Some(t) = inner.request_timeout {
            req = req.timeout(t);
        }
        req = match &spec.body {
            Body::Empty => req,
            Body::Json(b) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/json"),
                );
                req.body(b.clone())
            }
            Body::Form(pairs) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    HeaderValue::from_static("application/x-www-form-urlencoded"),
                );
                let encoded = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(pairs)
                    .finish();
                req.body(encoded)
            }
            Body::Multipart(parts) => {
                let mut form = reqwest::multipart::Form::new();
                for p in parts {
                    let part = p.to_reqwest().map_err(AttemptError::Fatal)?;
                    form = form.part(p.name().to_string(), part);
                }
                req.multipart(form)
            }
            Body::Bytes { content_type, data } => {
                let ct = HeaderValue::from_str(content_type).map_err(|_| {
                    AttemptError::Fatal(Error::config(
                        network,
                        "the body's content type has characters a header cannot carry",
                    ))
                })?;
                headers.insert(http::header::CONTENT_TYPE, ct);
                req.body(data.clone())
            }
        };
        Ok(Prepared {
            request: req.headers(headers),
            sensitive: Arc::new(sensitive),
            generation,
        })
    }

    /// Sends the request and reads the answer: status, headers (shown to the dialect), the rate
    /// limits they report (stored at once, whatever the status), and the body within the size
    /// cap.
    async fn send(
        &self,
        spec: &RequestSpec,
        request: reqwest::RequestBuilder,
    ) -> std::result::Result<Received, AttemptError> {
        let inner = &*self.inner;
        let mut resp = request.send().await.map_err(|e| self.transport_error(e))?;
        let status = resp.status();
        // Moved out, not cloned: the body is read through `content_length` (the body's size
        // hint) and `chunk`, neither of which looks at the headers.
        let headers = std::mem::take(resp.headers_mut());
        let now = inner.clock.now();
        inner
            .dialect
            .inspect_response(spec, status.as_u16(), &headers);
        let mut rate_limits = inner.dialect.rate_limits(spec, &headers, now);
        self.store_limits(&mut rate_limits, now);
        let cap = spec.max_response_bytes.unwrap_or(inner.max_response_bytes);
        let body = read_capped(inner.network, resp, cap)
            .await
            .map_err(|(failure, e)| AttemptError::Failed(failure, e))?;
        Ok(Received {
            status,
            headers,
            rate_limits,
            body,
            now,
        })
    }

    /// What the answer means: a success (or the "not found" that completes a
    /// [`gone_is_success`](RequestSpec::gone_is_success) request an earlier attempt may have
    /// done), a redirect refused, or the dialect's error with what the retry decision needs
    /// (and a cooldown for a throttle with no end given). A 401 comes back with `generation`.
    // The result of `attempt`, consumed at once by `execute_inner`: boxing the error would
    // allocate on every failed attempt for nothing.
    #[allow(clippy::result_large_err)]
    fn classify(
        &self,
        spec: &RequestSpec,
        received: Received,
        sensitive: Arc<Vec<String>>,
        generation: Option<u64>,
        earlier_may_have_run: bool,
    ) -> std::result::Result<Response, (AttemptError, Option<u64>)> {
        let inner = &*self.inner;
        let network = inner.network;
        let Received {
            status,
            headers,
            rate_limits,
            body,
            now,
        } = received;
        let response = |gone: bool,
                        headers: HeaderMap,
                        body: Bytes,
                        rate_limits: Vec<RateLimit>,
                        sensitive: Arc<Vec<String>>| Response {
            status,
            headers,
            body,
            rate_limits,
            network,
            // Set by `execute_inner`, which owns the id.
            correlation_id: String::new(),
            sensitive,
            secret_body: spec.secret_response,
            gone,
            // Set by `execute_inner`, which knows the earlier attempts.
            earlier_attempt_may_have_run: false,
        };
        if status.is_success() {
            return Ok(response(false, headers, body, rate_limits, sensitive));
        }
        let endpoint = spec.endpoint_name();
        if status.is_redirection() {
            let e = Error::Transport {
                network,
                kind: TransportErrorKind::Redirect,
                message: format!(
                    "HTTP {} redirect from {endpoint} not followed (credentials never follow redirects)",
                    status.as_u16()
                ),
                source: None,
            };
            return Err((AttemptError::Fatal(e), None));
        }
        let retry_after = parse_retry_after(&headers, now);
        let ctx = ErrorContext {
            network,
            status: status.as_u16(),
            headers: &headers,
            body: &body,
            snippet: masked_snippet(&body, &sensitive, spec.secret_response),
            retry_after,
            rate_limits: &rate_limits,
            endpoint: &endpoint,
            now,
            spec,
            sensitive: &sensitive,
        };
        let error = inner.dialect.map_error(&ctx);
        if spec.gone_is_success && earlier_may_have_run && matches!(error, Error::NotFound { .. }) {
            // An earlier attempt may have deleted the object: it is gone, as asked.
            tracing::debug!(
                status = status.as_u16(),
                "not found after an attempt that may have done the work: done"
            );
            return Ok(response(true, headers, body, rate_limits, sensitive));
        }
        if matches!(error, Error::UsageCapped { .. }) {
            // A spent usage cap lifts with the next period, not within minutes: never sent
            // again, whatever the request.
            return Err((AttemptError::Fatal(error), None));
        }
        if let Error::RateLimited {
            retry_after: None,
            bucket,
            ..
        } = &error
        {
            // Throttled with no word on when it ends: stop sending for a while rather than
            // extend the throttle.
            let buckets = match bucket {
                Some(b) => vec![b.clone()],
                None => inner.dialect.buckets(spec),
            };
            let mut limits = self.lock_limits();
            for b in buckets {
                limits.start_cooldown(b, now, inner.throttle_cooldown);
            }
        }
        // A 5xx whose body the dialect read as a definite refusal (an invalid token, a missing
        // object, a duplicate) is that refusal, not an outage: Graph sends some of those with a
        // 500. It is neither retried nor reported as an unknown outcome.
        let definite_refusal = matches!(
            error,
            Error::Auth { .. }
                | Error::NotFound { .. }
                | Error::Duplicate { .. }
                | Error::InvalidInput { .. }
        );
        let retry_status = if status.is_server_error() && definite_refusal {
            StatusCode::BAD_REQUEST
        } else {
            status
        };
        let failure = Failure::Status {
            status: retry_status.as_u16(),
            retry_after: error.retry_after().or(retry_after),
            rate_limited: matches!(error, Error::RateLimited { .. }),
            transient: error.api_error().is_some_and(|a| a.transient),
        };
        let gen_on_401 = if status == StatusCode::UNAUTHORIZED {
            generation
        } else {
            None
        };
        Err((AttemptError::Failed(failure, error), gen_on_401))
    }

    fn transport_error(&self, e: reqwest::Error) -> AttemptError {
        let network = self.inner.network;
        if e.is_builder() {
            // The request could not even be built: sending it again would fail the same way.
            return AttemptError::Fatal(Error::Transport {
                network,
                kind: TransportErrorKind::Other,
                message: format!(
                    "the request could not be built: {}",
                    error_chain(&e.without_url())
                ),
                source: None,
            });
        }
        let (failure, kind) = if e.is_connect() {
            (Failure::NotSent, TransportErrorKind::Connect)
        } else if e.is_timeout() {
            (Failure::Timeout, TransportErrorKind::Timeout)
        } else {
            (Failure::Broken, TransportErrorKind::Body)
        };
        let e = e.without_url();
        AttemptError::Failed(
            failure,
            Error::Transport {
                network,
                kind,
                message: error_chain(&e),
                source: Some(Box::new(e)),
            },
        )
    }
}

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Transport>();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{AccessToken, BearerAuth};

    #[test]
    fn a_transport_for_another_token_shares_limits_only_when_asked() {
        let user = Transport::builder(Network::Facebook, "https://graph.facebook.com/v26.0")
            .build()
            .unwrap();
        let auth = || -> Option<Arc<dyn Authenticator>> {
            Some(Arc::new(BearerAuth::new(AccessToken::new("t"))))
        };
        let shared = user.with_authenticator(auth(), true);
        let fresh = user.with_authenticator(auth(), false);
        shared.remember_rate_limits(vec![RateLimit::new("app").with_used_percent(90.0)]);
        assert_eq!(user.rate_limit("app").unwrap().used_percent, Some(90.0));
        assert!(fresh.rate_limit("app").is_none());
        fresh.remember_rate_limits(vec![RateLimit::new("page").with_remaining(0)]);
        assert!(user.rate_limit("page").is_none());
        assert!(shared.rate_limit("page").is_none());
    }

    #[test]
    fn remembered_resets_beyond_a_day_are_unknown() {
        let t = Transport::builder(Network::X, "https://api.x.com")
            .build()
            .unwrap();
        let far = SystemTime::now() + Duration::from_secs(3 * 24 * 3600);
        t.remember_rate_limits(vec![
            RateLimit::new("b").with_remaining(0).with_reset_at(far),
        ]);
        assert_eq!(t.rate_limit("b").unwrap().reset_at, None);
    }
}
