use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use bytes::{Bytes, BytesMut};
use http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use serde::de::DeserializeOwned;
use tracing::Instrument;
use url::{Host, Url};

use super::dialect::{
    ApiDialect, ErrorContext, GenericDialect, most_constraining, parse_retry_after,
};
use super::mask::masked_snippet;
use super::request::{Body, Idempotency, RequestSpec};
use super::retry::{Attempt, Decision, Failure, RetryBudget, RetryPolicy, decide, outcome_unknown};
use crate::auth::{AuthTarget, Authenticator};
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result, TransportErrorKind};
use crate::types::{Network, RateLimit};

/// The furthest in the future a rate-limit reset is believed (the longest window, a day, plus
/// an hour of clock skew).
const MAX_RESET_HORIZON: Duration = Duration::from_secs(25 * 3600);

/// Default cap on a response body: 10 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// Default local cooldown on a bucket the server reported spent or throttled without saying when
/// it resets: 5 minutes. See [`TransportBuilder::throttle_cooldown`].
pub const DEFAULT_THROTTLE_COOLDOWN: Duration = Duration::from_secs(5 * 60);

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
    inner: Arc<Inner>,
}

struct Inner {
    network: Network,
    base_url: Url,
    client: reqwest::Client,
    request_timeout: Option<Duration>,
    default_headers: HeaderMap,
    dialect: Arc<dyn ApiDialect>,
    auth: Option<Arc<dyn Authenticator>>,
    retry: RetryPolicy,
    budget: Arc<RetryBudget>,
    max_response_bytes: usize,
    max_rate_limit_wait: Duration,
    throttle_cooldown: Duration,
    clock: Arc<dyn Clock>,
    limits: Arc<Mutex<Limits>>,
}

/// What a transport knows about rate-limit buckets: the windows the server reported, and the
/// local cooldowns of buckets reported spent or throttled without a reset time.
#[derive(Debug, Default)]
struct Limits {
    windows: HashMap<String, RateLimit>,
    cooldowns: HashMap<String, SystemTime>,
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

/// Builds a [`Transport`]. See [`Transport::builder`].
///
/// ```no_run
/// use std::time::Duration;
/// use social_core::http::{RetryPolicy, Transport};
/// use social_core::Network;
///
/// # fn run() -> social_core::Result<()> {
/// let transport = Transport::builder(Network::Facebook, "https://graph.facebook.com/v25.0")
///     .timeout(Duration::from_secs(20))
///     .retry_policy(RetryPolicy::default().max_attempts(4))
///     .max_rate_limit_wait(Duration::from_secs(30))
///     .max_response_bytes(5 * 1024 * 1024)
///     .build()?;
/// # let _ = transport; Ok(()) }
/// ```
#[must_use]
pub struct TransportBuilder {
    network: Network,
    base_url: String,
    client: Option<reqwest::Client>,
    timeout: Option<Duration>,
    connect_timeout: Duration,
    user_agent: Option<String>,
    default_headers: HeaderMap,
    dialect: Option<Arc<dyn ApiDialect>>,
    auth: Option<Arc<dyn Authenticator>>,
    retry: RetryPolicy,
    budget: Option<Arc<RetryBudget>>,
    max_response_bytes: usize,
    max_rate_limit_wait: Duration,
    throttle_cooldown: Duration,
    clock: Arc<dyn Clock>,
}

impl fmt::Debug for TransportBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TransportBuilder")
            .field("network", &self.network)
            .field("base_url", &self.base_url)
            .finish_non_exhaustive()
    }
}

impl TransportBuilder {
    /// Applies every setting `options` holds (its base URL, when set, replaces the one given to
    /// [`Transport::builder`]); settings it leaves `None` keep their value. This is how an
    /// adapter's builder hands over the settings of
    /// [`client_options_setters!`](crate::client_options_setters).
    ///
    /// ```no_run
    /// use std::time::Duration;
    /// use social_core::http::{ClientOptions, Transport};
    /// use social_core::Network;
    ///
    /// # fn run() -> social_core::Result<()> {
    /// let options = ClientOptions::new().timeout(Duration::from_secs(20)).user_agent("my-app/1.0");
    /// let transport = Transport::builder(Network::X, "https://api.x.com").options(options).build()?;
    /// # let _ = transport; Ok(()) }
    /// ```
    pub fn options(mut self, options: super::ClientOptions) -> Self {
        let super::ClientOptions {
            base_url,
            http_client,
            timeout,
            connect_timeout,
            user_agent,
            retry_policy,
            retry_budget,
            clock,
            max_rate_limit_wait,
            throttle_cooldown,
            max_response_bytes,
        } = options;
        if let Some(url) = base_url {
            self.base_url = url;
        }
        if let Some(client) = http_client {
            self.client = Some(client);
        }
        if let Some(t) = timeout {
            self.timeout = Some(t);
        }
        if let Some(t) = connect_timeout {
            self.connect_timeout = t;
        }
        if let Some(ua) = user_agent {
            self.user_agent = Some(ua);
        }
        if let Some(policy) = retry_policy {
            self.retry = policy;
        }
        if let Some(budget) = retry_budget {
            self.budget = Some(budget);
        }
        if let Some(clock) = clock {
            self.clock = clock;
        }
        if let Some(d) = max_rate_limit_wait {
            self.max_rate_limit_wait = d;
        }
        if let Some(d) = throttle_cooldown {
            self.throttle_cooldown = d;
        }
        if let Some(n) = max_response_bytes {
            self.max_response_bytes = n;
        }
        self
    }

    /// Uses this `reqwest::Client` (proxies, roots, pools are yours). Its timeouts and redirect
    /// policy apply; the SDK's own client follows no redirects.
    pub fn client(mut self, client: reqwest::Client) -> Self {
        self.client = Some(client);
        self
    }

    /// Total time allowed for one attempt, body included (default 30 s).
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Time allowed to connect (default 10 s; applies to the SDK's own client).
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = t;
        self
    }

    /// The `User-Agent` (default `social-rs/<version>`).
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// A header sent with every request, after the dialect's.
    pub fn default_header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.default_headers.insert(name, value);
        self
    }

    /// The network's dialect (default: [`GenericDialect`]).
    pub fn dialect(mut self, dialect: Arc<dyn ApiDialect>) -> Self {
        self.dialect = Some(dialect);
        self
    }

    /// The authenticator for requests not marked unauthenticated.
    pub fn authenticator(mut self, auth: Arc<dyn Authenticator>) -> Self {
        self.auth = Some(auth);
        self
    }

    /// The retry policy (default [`RetryPolicy::default`]).
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// The retry budget, to share one between clients (default: one per transport).
    pub fn retry_budget(mut self, budget: Arc<RetryBudget>) -> Self {
        self.budget = Some(budget);
        self
    }

    /// The largest response body read (default 10 MiB).
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = n;
        self
    }

    /// The longest wait for an exhausted rate-limit bucket before sending (default 0: fail fast
    /// with [`Error::RateLimited`] without sending). Bucket waits count in the call's total
    /// wait, bounded by the retry policy's
    /// [`max_total_wait`](RetryPolicy::max_total_wait) (default 120 s): raise both to wait
    /// longer.
    pub fn max_rate_limit_wait(mut self, d: Duration) -> Self {
        self.max_rate_limit_wait = d;
        self
    }

    /// How long a bucket is left alone when the server reported it spent or throttled without
    /// saying when it resets (default [`DEFAULT_THROTTLE_COOLDOWN`], 5 minutes; `Duration::ZERO`
    /// turns it off). Graph reports usage as percentages (`X-App-Usage` and `X-Page-Usage` at
    /// 100 %) and throttles with error codes (4, 17, 32, 613) that often come without
    /// `estimated_time_to_regain_access`; Meta's advice is to stop calling once throttled, since
    /// the calls made while throttled still count
    /// (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>). During the
    /// cooldown a request counting against the bucket fails with [`Error::RateLimited`] without
    /// being sent (or waits, within [`max_rate_limit_wait`](Self::max_rate_limit_wait)); any later
    /// answer that reports the bucket not spent ends it.
    pub fn throttle_cooldown(mut self, d: Duration) -> Self {
        self.throttle_cooldown = d;
        self
    }

    /// The wall clock (default the system's; [`TokioClock`](crate::clock::TokioClock) in tests).
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    /// Builds the transport. Fails when the base URL is not a valid `https://` URL (or `http://`
    /// to a loopback host).
    pub fn build(self) -> Result<Transport> {
        let network = self.network;
        let base_url = Url::parse(&self.base_url).map_err(|e| {
            Error::config(network, format!("the base URL is not a valid URL ({e})"))
        })?;
        if base_url.cannot_be_a_base() || !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::config(
                network,
                "the base URL must be an http(s):// URL",
            ));
        }
        check_secure(network, &base_url)?;
        let ua = self
            .user_agent
            .unwrap_or_else(|| format!("social-rs/{}", env!("CARGO_PKG_VERSION")));
        let dialect = self
            .dialect
            .unwrap_or_else(|| Arc::new(GenericDialect(network)));
        let mut default_headers = dialect.default_headers();
        default_headers.insert(
            http::header::USER_AGENT,
            HeaderValue::from_str(&ua).map_err(|_| {
                Error::config(
                    network,
                    "the User-Agent has characters a header cannot carry",
                )
            })?,
        );
        default_headers.extend(self.default_headers);
        let (client, request_timeout) = match self.client {
            Some(c) => (c, self.timeout),
            None => {
                let timeout = self.timeout.unwrap_or(Duration::from_secs(30));
                let client = reqwest::Client::builder()
                    .redirect(reqwest::redirect::Policy::none())
                    .connect_timeout(self.connect_timeout)
                    .timeout(timeout)
                    .build()
                    .map_err(|e| {
                        Error::config(
                            network,
                            format!("the HTTP client could not be built ({})", e.without_url()),
                        )
                    })?;
                (client, None)
            }
        };
        Ok(Transport {
            inner: Arc::new(Inner {
                network,
                base_url,
                client,
                request_timeout,
                default_headers,
                dialect,
                auth: self.auth,
                retry: self.retry,
                budget: self.budget.unwrap_or_default(),
                max_response_bytes: self.max_response_bytes,
                max_rate_limit_wait: self.max_rate_limit_wait,
                throttle_cooldown: self.throttle_cooldown,
                clock: self.clock,
                limits: Arc::new(Mutex::new(Limits::default())),
            }),
        })
    }
}

/// A response that came back with a success status, or, for a request declared
/// [`gone_is_success`](RequestSpec::gone_is_success), the "not found" that completed it (see
/// [`gone`](Response::gone)).
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
    rate_limits: Vec<RateLimit>,
    network: Network,
    correlation_id: String,
    sensitive: Arc<Vec<String>>,
    secret_body: bool,
    gone: bool,
    earlier_attempt_may_have_run: bool,
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
    /// [`gone_is_success`](RequestSpec::gone_is_success): an earlier attempt of the call may have
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

fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn check_secure(network: Network, url: &Url) -> Result<()> {
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

enum AttemptError {
    /// Returned to the caller as it is, no retry (an authenticator or body error).
    Fatal(Error),
    /// A failure the retry decision looks at.
    Failed(Failure, Error),
}

impl Transport {
    /// Starts building a transport for `network` rooted at `base_url` (which may carry a path
    /// prefix, e.g. `https://graph.facebook.com/v25.0`).
    pub fn builder(network: Network, base_url: impl Into<String>) -> TransportBuilder {
        TransportBuilder {
            network,
            base_url: base_url.into(),
            client: None,
            timeout: None,
            connect_timeout: Duration::from_secs(10),
            user_agent: None,
            default_headers: HeaderMap::new(),
            dialect: None,
            auth: None,
            retry: RetryPolicy::default(),
            budget: None,
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            max_rate_limit_wait: Duration::ZERO,
            throttle_cooldown: DEFAULT_THROTTLE_COOLDOWN,
            clock: Arc::new(SystemClock),
        }
    }

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
        self.lock_limits().windows.get(bucket).cloned()
    }

    /// Until when `bucket` is left alone because the server reported it spent or throttled
    /// without saying when it resets (see [`TransportBuilder::throttle_cooldown`]); `None` when
    /// it is not cooling down at the transport clock's current time.
    pub fn cooldown(&self, bucket: &str) -> Option<SystemTime> {
        let now = self.inner.clock.now();
        self.lock_limits()
            .cooldowns
            .get(bucket)
            .copied()
            .filter(|until| *until > now)
    }

    /// Records that the server throttled `buckets` without saying for how long (the items of a
    /// Graph batch carry their own errors): each is left alone for the transport's
    /// [`throttle_cooldown`](TransportBuilder::throttle_cooldown).
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
            self.start_cooldown(&mut limits, b.into(), now);
        }
    }

    fn start_cooldown(&self, limits: &mut Limits, bucket: String, now: SystemTime) {
        let cooldown = self.inner.throttle_cooldown;
        if cooldown.is_zero() {
            return;
        }
        let Some(until) = now.checked_add(cooldown) else {
            return;
        };
        tracing::debug!(bucket = %bucket, cooldown_s = cooldown.as_secs(), "throttled without a reset time; cooling the bucket down");
        let entry = limits.cooldowns.entry(bucket).or_insert(until);
        *entry = (*entry).max(until);
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
        // Spent, and no word on when it resets (Graph's usage at 100 %): sending more would
        // only extend the throttle. (A reset given but not believed, below, is not "no word":
        // the server stays the judge of that window.)
        let without_reset: Vec<bool> = rate_limits
            .iter()
            .map(|rl| rl.reset_at.is_none() && rl.is_exhausted(now))
            .collect();
        // No network's window is longer than a day: a reset further away (a header in
        // milliseconds, a skewed clock) is unknown, so it cannot block a bucket for good.
        let horizon = now.checked_add(MAX_RESET_HORIZON);
        for rl in rate_limits.iter_mut() {
            if rl.reset_at.is_some_and(|r| horizon.is_none_or(|h| r > h)) {
                rl.reset_at = None;
            }
        }
        let mut limits = self.lock_limits();
        for (rl, without_reset) in rate_limits.iter().zip(without_reset) {
            limits.windows.insert(rl.bucket.clone(), rl.clone());
            if without_reset {
                self.start_cooldown(&mut limits, rl.bucket.clone(), now);
            } else {
                // A fresher answer on the bucket: it is the authority now.
                limits.cooldowns.remove(&rl.bucket);
            }
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

    /// The escape hatch: untyped requests that reuse auth, retries, rate limits and error mapping.
    pub fn raw(&self) -> super::Raw {
        super::Raw::new(self.clone())
    }

    fn lock_limits(&self) -> std::sync::MutexGuard<'_, Limits> {
        self.inner.limits.lock().unwrap_or_else(|e| e.into_inner())
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
                super::Jitter::None => 1.0,
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
                if limits.windows.is_empty() && limits.cooldowns.is_empty() {
                    // Nothing learnt yet (or a dialect that reads no limits): nothing can block.
                    return Ok(());
                }
                inner
                    .dialect
                    .buckets(spec)
                    .into_iter()
                    .filter_map(|b| {
                        let window = limits.windows.get(&b);
                        let by_window = window.and_then(|rl| rl.wait_needed(now));
                        let by_cooldown = limits
                            .cooldowns
                            .get(&b)
                            .and_then(|until| until.duration_since(now).ok())
                            .filter(|w| !w.is_zero());
                        let wait = by_window.max(by_cooldown)?;
                        Some((wait, b, window.cloned()))
                    })
                    .max_by_key(|(w, ..)| *w)
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

    /// One attempt. On a 401 with an authenticator, also returns the credential generation.
    /// `earlier_may_have_run`: an earlier attempt of the call may have been carried out (so a
    /// "not found" may mean it did the work).
    async fn attempt(
        &self,
        spec: &RequestSpec,
        url: &Url,
        earlier_may_have_run: bool,
    ) -> std::result::Result<Response, (AttemptError, Option<u64>)> {
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
                    let e = crate::auth::authenticator_error(e, "the request was not sent");
                    (AttemptError::Fatal(e), None)
                })?;
                generation = Some(target.generation);
            }
        }
        let sensitive = Arc::new(sensitive);

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
                    let part = p.to_reqwest().map_err(|e| (AttemptError::Fatal(e), None))?;
                    form = form.part(p.name().to_string(), part);
                }
                req.multipart(form)
            }
            Body::Bytes { content_type, data } => {
                let ct = HeaderValue::from_str(content_type).map_err(|_| {
                    (
                        AttemptError::Fatal(Error::config(
                            network,
                            "the body's content type has characters a header cannot carry",
                        )),
                        None,
                    )
                })?;
                headers.insert(http::header::CONTENT_TYPE, ct);
                req.body(data.clone())
            }
        };
        req = req.headers(headers);

        let mut resp = match req.send().await {
            Ok(r) => r,
            Err(e) => return Err((self.transport_error(e), None)),
        };
        let status = resp.status();
        // Moved out, not cloned: the body is read through `content_length` (the body's size
        // hint) and `chunk`, neither of which looks at the headers.
        let resp_headers = std::mem::take(resp.headers_mut());
        let now = inner.clock.now();
        inner
            .dialect
            .inspect_response(spec, status.as_u16(), &resp_headers);
        let mut rate_limits = inner.dialect.rate_limits(spec, &resp_headers, now);
        self.store_limits(&mut rate_limits, now);
        let cap = spec.max_response_bytes.unwrap_or(inner.max_response_bytes);
        let body = match read_capped(network, resp, cap).await {
            Ok(b) => b,
            Err((failure, e)) => return Err((AttemptError::Failed(failure, e), None)),
        };

        if status.is_success() {
            return Ok(Response {
                status,
                headers: resp_headers,
                body,
                rate_limits,
                network,
                // Set by `execute_inner`, which owns the id.
                correlation_id: String::new(),
                sensitive,
                secret_body: spec.secret_response,
                gone: false,
                // Set by `execute_inner`, which knows the earlier attempts.
                earlier_attempt_may_have_run: false,
            });
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
        let retry_after = parse_retry_after(&resp_headers, now);
        let ctx = ErrorContext {
            network,
            status: status.as_u16(),
            headers: &resp_headers,
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
            return Ok(Response {
                status,
                headers: resp_headers,
                body,
                rate_limits,
                network,
                correlation_id: String::new(),
                sensitive,
                secret_body: spec.secret_response,
                gone: true,
                earlier_attempt_may_have_run: false,
            });
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
                self.start_cooldown(&mut limits, b, now);
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

/// The error and its causes, joined (reqwest's top-level message alone says little).
fn error_chain(e: &(dyn std::error::Error + 'static)) -> String {
    let mut s = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        s.push_str(": ");
        s.push_str(&c.to_string());
        cur = c.source();
    }
    s
}

async fn read_capped(
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

#[allow(dead_code)]
fn _assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Transport>();
    let _ = Method::GET;
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
