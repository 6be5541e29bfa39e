//! Building a [`Transport`]: [`TransportBuilder`] and its defaults.

use std::fmt;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue};
use url::Url;

use super::dialect::{ApiDialect, GenericDialect};
use super::limits::Limits;
use super::options::ClientOptions;
use super::retry::{RetryBudget, RetryPolicy};
use super::transport::{Inner, Transport, check_secure};
use crate::auth::Authenticator;
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::types::Network;

/// Default cap on a response body: 10 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10 * 1024 * 1024;

/// Default local cooldown on a bucket the server reported spent or throttled without saying when
/// it resets: 5 minutes. See [`TransportBuilder::throttle_cooldown`].
pub const DEFAULT_THROTTLE_COOLDOWN: Duration = Duration::from_secs(5 * 60);

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
    pub fn options(mut self, options: ClientOptions) -> Self {
        let ClientOptions {
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
}
