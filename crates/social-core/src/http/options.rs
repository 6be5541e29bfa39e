//! The transport settings every client builder takes, in one place: [`ClientOptions`], and the
//! [`client_options_setters!`](crate::client_options_setters) macro that gives an adapter's
//! builder the same documented setters.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::retry::{RetryBudget, RetryPolicy};
use crate::clock::Clock;

/// The transport settings of a client: base URL, `reqwest::Client`, timeouts, `User-Agent`,
/// retry policy and budget, clock, rate-limit waits and the response cap. Every field left
/// `None` keeps the [`TransportBuilder`](super::TransportBuilder)'s default (the base URL: the
/// network's production host, chosen by the adapter).
///
/// Adapters' builders take these settings one way: the setters of
/// [`client_options_setters!`](crate::client_options_setters) (`.timeout(…)`, `.user_agent(…)`…)
/// or a whole `ClientOptions` at once with `.options(…)`, to configure several clients alike.
/// [`TransportBuilder::options`](super::TransportBuilder::options) applies them.
///
/// ```
/// use std::time::Duration;
/// use social_core::http::{ClientOptions, RetryPolicy};
///
/// let options = ClientOptions::new()
///     .timeout(Duration::from_secs(20))
///     .user_agent("my-practice/1.0")
///     .retry_policy(RetryPolicy::default().max_attempts(4));
/// assert_eq!(options.timeout, Some(Duration::from_secs(20)));
/// assert!(options.base_url.is_none());
/// ```
#[derive(Clone, Default)]
#[non_exhaustive]
pub struct ClientOptions {
    /// The API root instead of the production host (tests and the sandbox use a loopback URL;
    /// plain `http://` is refused for any other host).
    pub base_url: Option<String>,
    /// Your own `reqwest::Client` (proxies, roots, pools). Its own timeouts and redirect policy
    /// apply; the SDK's client follows no redirects.
    pub http_client: Option<reqwest::Client>,
    /// Time allowed for one attempt, body included (transport default 30 s).
    pub timeout: Option<Duration>,
    /// Time allowed to connect (transport default 10 s; applies to the SDK's own client, not to
    /// one given in `http_client`).
    pub connect_timeout: Option<Duration>,
    /// The `User-Agent` (default `social-rs/<version>`).
    pub user_agent: Option<String>,
    /// The retry policy (default [`RetryPolicy::default`]).
    pub retry_policy: Option<RetryPolicy>,
    /// A retry budget shared with other clients (default: one per client).
    pub retry_budget: Option<Arc<RetryBudget>>,
    /// The wall clock (default the system's; tests use
    /// [`ManualClock`](crate::clock::ManualClock)).
    pub clock: Option<Arc<dyn Clock>>,
    /// The longest wait for an exhausted rate-limit bucket before sending (default 0: fail fast
    /// with [`Error::RateLimited`](crate::Error::RateLimited)).
    pub max_rate_limit_wait: Option<Duration>,
    /// How long a bucket reported spent or throttled without a reset time is left alone
    /// (default [`DEFAULT_THROTTLE_COOLDOWN`](super::DEFAULT_THROTTLE_COOLDOWN)).
    pub throttle_cooldown: Option<Duration>,
    /// The largest response body read (default
    /// [`DEFAULT_MAX_RESPONSE_BYTES`](super::DEFAULT_MAX_RESPONSE_BYTES)).
    pub max_response_bytes: Option<usize>,
}

impl fmt::Debug for ClientOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientOptions")
            .field("base_url", &self.base_url)
            .field("http_client", &self.http_client.as_ref().map(|_| "custom"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("user_agent", &self.user_agent)
            .field("retry_policy", &self.retry_policy)
            .field(
                "retry_budget",
                &self.retry_budget.as_ref().map(|_| "shared"),
            )
            .field("clock", &self.clock.as_ref().map(|_| "custom"))
            .field("max_rate_limit_wait", &self.max_rate_limit_wait)
            .field("throttle_cooldown", &self.throttle_cooldown)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl ClientOptions {
    /// Options that keep every default.
    pub fn new() -> Self {
        ClientOptions::default()
    }

    /// Sets [`base_url`](Self::base_url).
    #[must_use]
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Sets [`http_client`](Self::http_client).
    #[must_use]
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Sets [`timeout`](Self::timeout).
    #[must_use]
    pub fn timeout(mut self, t: Duration) -> Self {
        self.timeout = Some(t);
        self
    }

    /// Sets [`connect_timeout`](Self::connect_timeout).
    #[must_use]
    pub fn connect_timeout(mut self, t: Duration) -> Self {
        self.connect_timeout = Some(t);
        self
    }

    /// Sets [`user_agent`](Self::user_agent).
    #[must_use]
    pub fn user_agent(mut self, ua: impl Into<String>) -> Self {
        self.user_agent = Some(ua.into());
        self
    }

    /// Sets [`retry_policy`](Self::retry_policy).
    #[must_use]
    pub fn retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.retry_policy = Some(policy);
        self
    }

    /// Sets [`retry_budget`](Self::retry_budget).
    #[must_use]
    pub fn retry_budget(mut self, budget: Arc<RetryBudget>) -> Self {
        self.retry_budget = Some(budget);
        self
    }

    /// Sets [`clock`](Self::clock).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = Some(clock);
        self
    }

    /// Sets [`max_rate_limit_wait`](Self::max_rate_limit_wait).
    #[must_use]
    pub fn max_rate_limit_wait(mut self, d: Duration) -> Self {
        self.max_rate_limit_wait = Some(d);
        self
    }

    /// Sets [`throttle_cooldown`](Self::throttle_cooldown).
    #[must_use]
    pub fn throttle_cooldown(mut self, d: Duration) -> Self {
        self.throttle_cooldown = Some(d);
        self
    }

    /// Sets [`max_response_bytes`](Self::max_response_bytes).
    #[must_use]
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = Some(n);
        self
    }
}

/// Generates, inside an adapter builder's `impl` block, the documented setters of
/// [`ClientOptions`] delegating to the builder's `ClientOptions` field (named in the call), plus
/// `options(ClientOptions)` to set them all at once. Every adapter builder uses it, so the
/// transport settings are spelled, documented and defaulted the same on every network:
/// `base_url`, `http_client`, `timeout`, `connect_timeout`, `user_agent`, `retry_policy`,
/// `retry_budget`, `clock`, `max_rate_limit_wait`, `throttle_cooldown`, `max_response_bytes`.
///
/// The builder then hands the field to
/// [`TransportBuilder::options`](crate::http::TransportBuilder::options) in `build()`.
///
/// ```
/// use std::time::Duration;
/// use social_core::http::{ClientOptions, Transport};
/// use social_core::Network;
///
/// /// Builds a client of the example network.
/// #[must_use]
/// pub struct ExampleClientBuilder {
///     options: ClientOptions,
/// }
///
/// impl ExampleClientBuilder {
///     social_core::client_options_setters!(options);
///
///     /// Builds the transport.
///     pub fn build(self) -> social_core::Result<Transport> {
///         Transport::builder(Network::LinkedIn, "https://api.linkedin.com/rest")
///             .options(self.options)
///             .build()
///     }
/// }
///
/// let transport = ExampleClientBuilder { options: ClientOptions::new() }
///     .base_url("http://127.0.0.1:8080")
///     .timeout(Duration::from_secs(5))
///     .build()
///     .unwrap();
/// assert_eq!(transport.base_url().as_str(), "http://127.0.0.1:8080/");
/// ```
#[macro_export]
macro_rules! client_options_setters {
    ($field:ident) => {
        /// Sets every transport setting at once (replacing those set before), to configure
        /// several clients alike.
        pub fn options(mut self, options: $crate::http::ClientOptions) -> Self {
            self.$field = options;
            self
        }

        /// The API root instead of the production host (tests and the sandbox use a loopback
        /// URL; plain `http://` is refused for any other host).
        pub fn base_url(mut self, url: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.$field = self.$field.base_url(url);
            self
        }

        /// Your own `reqwest::Client` (proxies, roots, pools). Its own timeouts and redirect
        /// policy apply; the SDK's client follows no redirects.
        pub fn http_client(mut self, client: $crate::__private::reqwest::Client) -> Self {
            self.$field = self.$field.http_client(client);
            self
        }

        /// Time allowed for one attempt, body included (default 30 s).
        pub fn timeout(mut self, t: ::std::time::Duration) -> Self {
            self.$field = self.$field.timeout(t);
            self
        }

        /// Time allowed to connect (default 10 s; applies to the SDK's own client, not to one
        /// given with `http_client`).
        pub fn connect_timeout(mut self, t: ::std::time::Duration) -> Self {
            self.$field = self.$field.connect_timeout(t);
            self
        }

        /// The `User-Agent` (default `social-rs/<version>`).
        pub fn user_agent(mut self, ua: impl ::std::convert::Into<::std::string::String>) -> Self {
            self.$field = self.$field.user_agent(ua);
            self
        }

        /// The retry policy (default `RetryPolicy::default()`: safe requests retried with
        /// backoff, a create never replayed once it may have reached the server).
        pub fn retry_policy(mut self, policy: $crate::http::RetryPolicy) -> Self {
            self.$field = self.$field.retry_policy(policy);
            self
        }

        /// A retry budget shared with other clients (default: one per client).
        pub fn retry_budget(mut self, budget: ::std::sync::Arc<$crate::http::RetryBudget>) -> Self {
            self.$field = self.$field.retry_budget(budget);
            self
        }

        /// The wall clock (default the system's; tests use
        /// `social_core::clock::ManualClock`).
        pub fn clock(mut self, clock: ::std::sync::Arc<dyn $crate::clock::Clock>) -> Self {
            self.$field = self.$field.clock(clock);
            self
        }

        /// How long to wait for an exhausted rate-limit window before sending (default 0: fail
        /// fast with `Error::RateLimited`). The wait counts in the call's total wait, bounded by
        /// the retry policy's `max_total_wait` (120 s by default): raise both to wait longer.
        pub fn max_rate_limit_wait(mut self, d: ::std::time::Duration) -> Self {
            self.$field = self.$field.max_rate_limit_wait(d);
            self
        }

        /// How long a quota the server reported spent or throttled without saying when it
        /// resets is left alone (default 5 minutes; `Duration::ZERO` turns it off). Calls made
        /// while throttled may still count, so the client stops sending instead of extending
        /// the throttle.
        pub fn throttle_cooldown(mut self, d: ::std::time::Duration) -> Self {
            self.$field = self.$field.throttle_cooldown(d);
            self
        }

        /// The largest response body read (default 10 MiB).
        pub fn max_response_bytes(mut self, n: usize) -> Self {
            self.$field = self.$field.max_response_bytes(n);
            self
        }
    };
}
