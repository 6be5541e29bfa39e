//! The one error type of the workspace, and the network error it wraps.
//!
//! Every message names the network, says what happened and what to do. Secrets never appear:
//! bodies are cut to a bounded snippet, values the request marked sensitive are masked, and URLs
//! (which may embed tokens) are never part of a message.

use std::borrow::Cow;
use std::fmt;
use std::time::{Duration, SystemTime};

use crate::reconcile::Created;
use crate::types::{Network, RateLimit};

/// Shorthand for results whose error is [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Longest body snippet kept in an error, in bytes.
pub const SNIPPET_LIMIT: usize = 1024;

/// Everything that can go wrong when talking to a social network.
///
/// Match on the variant to drive behaviour (`RateLimited` → wait, `Auth` → sign in again,
/// `Unconfirmed` → reconcile before posting again), or use the helpers
/// [`is_retryable`](Error::is_retryable), [`retry_after`](Error::retry_after) and
/// [`status`](Error::status).
///
/// ```
/// use social_core::{Error, Network};
///
/// fn advise(err: &Error) -> &'static str {
///     match err {
///         Error::RateLimited { .. } => "wait and try again",
///         Error::Auth { .. } => "sign in again",
///         Error::Unconfirmed { .. } => "check whether the post exists before posting again",
///         _ if err.is_retryable() => "try again later",
///         _ => "report it",
///     }
/// }
/// # let _ = advise;
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The credentials were refused or are not good enough for this call.
    #[error("{network}: authentication failed: {kind}: {}. {}", trim(message), kind.advice())]
    Auth {
        /// The network that refused.
        network: Network,
        /// Why it refused.
        kind: AuthErrorKind,
        /// What the network (or the SDK) said.
        message: String,
        /// The network's error, when it sent one.
        api: Option<Box<ApiError>>,
    },

    /// A rate limit or quota was hit, by the server's word or because the SDK knows the bucket is
    /// exhausted and did not send the request.
    #[error("{network}: rate limited{}{}. Wait until the limit resets, or lower the request rate.",
        bucket.as_deref().map(|b| format!(" on {b}")).unwrap_or_default(),
        retry_after.map(|d| format!(" (retry after {}s)", d.as_secs())).unwrap_or_default())]
    RateLimited {
        /// The network that limited.
        network: Network,
        /// How long to wait, when known.
        retry_after: Option<Duration>,
        /// When the limit resets, when known.
        reset_at: Option<SystemTime>,
        /// The bucket (endpoint or quota) that is exhausted, when known.
        bucket: Option<String>,
        /// The limit as read from the headers, when they came.
        rate_limit: Option<Box<RateLimit>>,
        /// The network's error body, when the server sent one (`None` when the SDK refused to send).
        api: Option<Box<ApiError>>,
    },

    /// A usage cap of the account's plan is spent: X's `usage-capped` problem (the monthly cap on
    /// the Posts a project may read, or a daily cap when X says so). Unlike
    /// [`RateLimited`](Error::RateLimited) it does not lift within minutes, so no request is ever
    /// sent again for it automatically and [`is_retryable`](Error::is_retryable) is `false`: wait
    /// for the next period, or raise the plan's cap.
    #[error(
        "{network}: the {period} usage cap of the plan is spent: {}. This is not a short rate limit: requests keep failing until the cap resets at the start of the next {period} period, so do not retry now; wait for the reset or raise the plan's cap.",
        trim(message)
    )]
    UsageCapped {
        /// The network that refused.
        network: Network,
        /// The period the cap covers, in lower case: `monthly` (X's cap on Posts read, and the
        /// default when the network does not say), or `daily`.
        period: String,
        /// What the network said.
        message: String,
        /// The network's error.
        api: Option<Box<ApiError>>,
    },

    /// The object does not exist, or the credentials cannot see it.
    #[error(
        "{network}: not found: {}. Check the id, and that this account can see the object.",
        trim(message)
    )]
    NotFound {
        /// The network that answered.
        network: Network,
        /// What the network said.
        message: String,
        /// The network's error.
        api: Option<Box<ApiError>>,
    },

    /// The SDK's own validation refused the input before sending anything.
    #[error("{}invalid input: {}. Fix the input; nothing was sent.",
        network.map(|n| format!("{n}: ")).unwrap_or_default(),
        violations.iter().map(|v| v.to_string()).collect::<Vec<_>>().join("; "))]
    InvalidInput {
        /// The network whose rules were broken, if the rule is a network's.
        network: Option<Network>,
        /// Every violation found (all of them, not only the first).
        violations: Vec<Violation>,
    },

    /// The network refused the content as a duplicate of something already published.
    ///
    /// When the network names the object that already holds the content (LinkedIn's
    /// `DUPLICATE_POST` names the post), `existing` is its id: see
    /// [`duplicate_of`](Error::duplicate_of).
    #[error(
        "{network}: duplicate content: {}. The same content is already published{}; change it or look for the existing post.",
        trim(message),
        existing.as_deref().map(|id| format!(" as {id}")).unwrap_or_default()
    )]
    Duplicate {
        /// The network that refused.
        network: Network,
        /// What the network said.
        message: String,
        /// The id of the object already holding the content, when the network names it.
        existing: Option<String>,
        /// The network's error.
        api: Option<Box<ApiError>>,
    },

    /// Any other error the network returned.
    #[error("{0}")]
    Api(Box<ApiError>),

    /// The request could not be carried out at the HTTP level.
    #[error("{network}: {kind}: {}. {}", trim(message), kind.advice())]
    Transport {
        /// The network the request was for.
        network: Network,
        /// What kind of failure.
        kind: TransportErrorKind,
        /// Details (never a URL, a header or a token).
        message: String,
        /// The underlying error, with any URL removed.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// A response (success or error) did not have the expected shape.
    #[error(
        "{network}: could not read the response as {type_name}: at `{path}`: {message}. This is a bug in the SDK or a change in the API; please report it with the snippet (body starts: {snippet:?})."
    )]
    Decode {
        /// The network that answered.
        network: Network,
        /// The Rust type being decoded.
        type_name: &'static str,
        /// The JSON path where decoding failed (`data.id`), `.` for the root.
        path: String,
        /// What serde said.
        message: String,
        /// The start of the body, bounded and with secrets masked.
        snippet: String,
    },

    /// A write may or may not have happened: the request may have reached the server but no
    /// answer came back (timeout, dropped connection, 5xx). It was not sent again, so no duplicate
    /// can result; look for the object before sending it again.
    ///
    /// The one safe way to retry: ask the adapter's [`Reconcile`](crate::Reconcile) whether the
    /// post exists, and send it again only when the answer is
    /// [`Reconciled::NotFound`](crate::reconcile::Reconciled::NotFound). `created` lists what the
    /// SDK had already created on the way (uploaded media, the parts of a thread already
    /// published), so nothing has to be uploaded or published twice.
    #[error(
        "{network}: outcome unknown for {endpoint}{}: {}. The request was not retried to avoid a duplicate; check whether it took effect before sending it again.{}",
        correlation_note(correlation_id),
        cause.facts(),
        created_note(created)
    )]
    Unconfirmed {
        /// The network the write was for.
        network: Network,
        /// The endpoint, as a route template (`POST /2/tweets`).
        endpoint: String,
        /// The id the SDK attached to this logical call, also in its logs.
        correlation_id: String,
        /// What happened to the one attempt.
        cause: Box<Error>,
        /// Objects created on the way before the outcome became unknown, oldest first.
        created: Vec<Created>,
    },

    /// A new token set could not be saved; it is kept in memory and saving is tried again before
    /// its next use.
    #[error(
        "{network}: the new tokens could not be saved: {}. They are kept in memory and saving will be retried; fix the token store.",
        trim(message)
    )]
    TokenPersist {
        /// The network the tokens are for.
        network: Network,
        /// What the store said.
        message: String,
        /// The store's error.
        #[source]
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    },

    /// The server broke its own protocol (a paging cursor that repeats, a created object with no id).
    #[error(
        "{network}: unexpected server behaviour: {}. Stopped to avoid a loop or a lost result; report it if it persists.",
        trim(message)
    )]
    Protocol {
        /// The network that answered.
        network: Network,
        /// What was wrong.
        message: String,
    },

    /// The client was configured in a way that cannot work (bad base URL, plain `http://` to a
    /// remote host, missing credentials).
    #[error("{}configuration error: {}. Fix the client configuration.",
        network.map(|n| format!("{n}: ")).unwrap_or_default(), trim(message))]
    Config {
        /// The network of the client, when known.
        network: Option<Network>,
        /// What is wrong.
        message: String,
    },
}

impl Error {
    /// The network the error concerns, when there is one.
    pub fn network(&self) -> Option<Network> {
        match self {
            Error::Auth { network, .. }
            | Error::RateLimited { network, .. }
            | Error::UsageCapped { network, .. }
            | Error::NotFound { network, .. }
            | Error::Duplicate { network, .. }
            | Error::Transport { network, .. }
            | Error::Decode { network, .. }
            | Error::Unconfirmed { network, .. }
            | Error::TokenPersist { network, .. }
            | Error::Protocol { network, .. } => Some(*network),
            Error::Api(api) => Some(api.network),
            Error::InvalidInput { network, .. } | Error::Config { network, .. } => *network,
        }
    }

    /// The network's error object, when the server sent one.
    pub fn api_error(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            Error::Auth { api, .. }
            | Error::RateLimited { api, .. }
            | Error::UsageCapped { api, .. }
            | Error::NotFound { api, .. }
            | Error::Duplicate { api, .. } => api.as_deref(),
            Error::Unconfirmed { cause, .. } => cause.api_error(),
            _ => None,
        }
    }

    /// The HTTP status of the response that caused the error, when there was one.
    pub fn status(&self) -> Option<u16> {
        self.api_error().map(|a| a.status)
    }

    /// Whether sending the same request again later may succeed: rate limits, 5xx, transient
    /// network errors, connection failures and timeouts. `Unconfirmed` is **not** retryable: the
    /// write may have happened, reconcile first. Nor is `UsageCapped` (a cap that lifts with
    /// the next period, not within minutes).
    ///
    /// The error of a write (a create) never says "retryable" once the write may have reached
    /// the server: the transport reports those as [`Unconfirmed`](Error::Unconfirmed), and so
    /// does a Graph batch for its write items.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::RateLimited { .. } => true,
            Error::Transport { kind, .. } => matches!(
                kind,
                TransportErrorKind::Connect
                    | TransportErrorKind::Timeout
                    | TransportErrorKind::Body
                    | TransportErrorKind::RetryBudgetExhausted
            ),
            Error::Api(api) => api.transient || api.status >= 500,
            _ => false,
        }
    }

    /// How long to wait before trying again, when the server (or a known exhausted bucket) said.
    ///
    /// The wait is computed when the error is made, on the transport's [`Clock`](crate::clock::Clock)
    /// (a reset time is turned into a wait then), never on the system clock when this is
    /// called: it is the wait as of the failed call, and `None` when the reset had already
    /// passed. [`Error::RateLimited`]'s `reset_at` keeps the absolute time.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::RateLimited { retry_after, .. } => *retry_after,
            Error::Api(api) => api.retry_after,
            _ => None,
        }
    }

    /// The id of the object a [`Duplicate`](Error::Duplicate) duplicates, when the network named
    /// it (LinkedIn's `DUPLICATE_POST`: the existing post's URN); `None` for any other error.
    ///
    /// ```
    /// use social_core::{Error, Network};
    ///
    /// let err = Error::Duplicate {
    ///     network: Network::LinkedIn,
    ///     message: "Content is a duplicate of urn:li:share:7141138937766391808".into(),
    ///     existing: Some("urn:li:share:7141138937766391808".into()),
    ///     api: None,
    /// };
    /// assert_eq!(err.duplicate_of(), Some("urn:li:share:7141138937766391808"));
    /// assert!(err.to_string().contains("already published as urn:li:share:7141138937766391808"));
    /// ```
    pub fn duplicate_of(&self) -> Option<&str> {
        match self {
            Error::Duplicate { existing, .. } => existing.as_deref(),
            _ => None,
        }
    }

    /// Rate-limit information that came with the error, when any.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        match self {
            Error::RateLimited { rate_limit, .. } => rate_limit.as_deref(),
            _ => self.api_error().and_then(|a| a.rate_limit.as_ref()),
        }
    }

    /// A `Config` error.
    pub fn config(network: impl Into<Option<Network>>, message: impl Into<String>) -> Self {
        Error::Config {
            network: network.into(),
            message: message.into(),
        }
    }

    /// `Ok` when `violations` is empty, else an `InvalidInput` error carrying all of them: the
    /// last line of a builder's offline check.
    ///
    /// ```
    /// use social_core::{Error, Network, Violation, ViolationKind};
    ///
    /// assert!(Error::check_violations(Network::Facebook, Vec::new()).is_ok());
    /// let v = vec![Violation::new("message", ViolationKind::Empty, "write something")];
    /// let err = Error::check_violations(Network::Facebook, v).unwrap_err();
    /// assert!(matches!(err, Error::InvalidInput { .. }));
    /// ```
    pub fn check_violations(
        network: impl Into<Option<Network>>,
        violations: Vec<Violation>,
    ) -> Result<()> {
        if violations.is_empty() {
            Ok(())
        } else {
            Err(Error::InvalidInput {
                network: network.into(),
                violations,
            })
        }
    }

    /// An `Unconfirmed` error for the call to `endpoint`, with nothing created on the way yet.
    pub fn unconfirmed(
        network: Network,
        endpoint: impl Into<String>,
        correlation_id: impl Into<String>,
        cause: Error,
    ) -> Self {
        Error::Unconfirmed {
            network,
            endpoint: endpoint.into(),
            correlation_id: correlation_id.into(),
            cause: Box::new(cause),
            created: Vec::new(),
        }
    }

    /// Records objects created before this error (uploaded media, the published parts of a
    /// thread) on an [`Error::Unconfirmed`], after those it holds; any other error is returned
    /// unchanged (its request did not happen, so there is nothing to reconcile).
    ///
    /// ```
    /// use social_core::reconcile::Created;
    /// use social_core::{ApiError, Error, Network};
    ///
    /// let err = Error::unconfirmed(Network::X, "POST /2/tweets", "c1",
    ///     Error::Api(Box::new(ApiError::new(Network::X, 503))))
    ///     .with_created([Created::media("1146654567674912769")]);
    /// assert_eq!(err.created()[0].id, "1146654567674912769");
    /// ```
    #[must_use]
    pub fn with_created(mut self, objects: impl IntoIterator<Item = Created>) -> Self {
        if let Error::Unconfirmed { created, .. } = &mut self {
            created.extend(objects);
        }
        self
    }

    /// What was created on the way before an [`Error::Unconfirmed`] (empty for other errors).
    pub fn created(&self) -> &[Created] {
        match self {
            Error::Unconfirmed { created, .. } => created,
            _ => &[],
        }
    }

    /// An `InvalidInput` error with one violation.
    pub fn invalid(network: impl Into<Option<Network>>, violation: Violation) -> Self {
        Error::InvalidInput {
            network: network.into(),
            violations: vec![violation],
        }
    }
}

impl Error {
    /// What happened, without the advice the error's own message ends with: the words of an
    /// [`Error::Unconfirmed`]'s cause, whose advice ("try again") would contradict the
    /// unconfirmed outcome's own ("check before sending again").
    fn facts(&self) -> String {
        match self {
            Error::Transport {
                network,
                kind,
                message,
                ..
            } => format!("{network}: {kind}: {}", trim(message)),
            Error::Api(api) => api.facts(),
            other => other.to_string().trim_end_matches('.').to_owned(),
        }
    }
}

fn correlation_note(correlation_id: &str) -> String {
    if correlation_id.is_empty() {
        String::new()
    } else {
        format!(" (correlation id {correlation_id})")
    }
}

fn created_note(created: &[Created]) -> String {
    if created.is_empty() {
        return String::new();
    }
    let list: Vec<String> = created.iter().map(ToString::to_string).collect();
    format!(" Already created on the way: {}.", list.join(", "))
}

/// Why the network refused the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthErrorKind {
    /// The access token expired.
    Expired,
    /// The token was revoked or is otherwise invalid (password changed, app removed…).
    Invalid,
    /// The token lacks a permission or scope the call needs.
    MissingPermission {
        /// The scope or permission needed, when the network says.
        scope: Option<String>,
    },
    /// The endpoint needs another kind of authentication (user context instead of app-only…).
    WrongAuthMode {
        /// The kinds the endpoint accepts, as the network names them.
        needed: String,
    },
    /// The refresh token or grant is no longer valid; the user must authorise the app again.
    ReauthorizationRequired,
    /// A token refresh may have reached the token endpoint but no clear answer came back (a
    /// timeout, a dropped connection, a 5xx, an unreadable answer): a rotating refresh token may
    /// have been used up. The request that needed the token was not sent. The next call tries
    /// again once; if it fails too, the user must sign in again.
    RefreshOutcomeUnknown,
    /// The token endpoint refused the refresh for a reason other than a revoked grant (an OAuth
    /// error such as `invalid_request` or `invalid_scope`, or a definite refusal): the refresh
    /// token was not used up. The request that needed the token was not sent.
    RefreshRefused,
    /// No credentials were configured for a call that needs them.
    Missing,
    /// The network refused the credentials for a reason it did not detail.
    Unauthorized,
}

impl AuthErrorKind {
    fn advice(&self) -> &'static str {
        match self {
            AuthErrorKind::Expired => "Refresh the token or sign in again.",
            AuthErrorKind::Invalid => "The token is no longer valid; sign in again.",
            AuthErrorKind::MissingPermission { .. } => {
                "Ask the user to grant the missing permission, then sign in again."
            }
            AuthErrorKind::WrongAuthMode { .. } => {
                "Use a client authenticated the way this endpoint needs."
            }
            AuthErrorKind::ReauthorizationRequired => {
                "Send the user through the authorisation flow again."
            }
            AuthErrorKind::RefreshOutcomeUnknown => {
                "Try again later; if the next call fails too, the refresh token was used up: sign in again."
            }
            AuthErrorKind::RefreshRefused => {
                "Try again later; if it keeps failing, check the client registration or sign in again."
            }
            AuthErrorKind::Missing => "Configure credentials on the client.",
            AuthErrorKind::Unauthorized => "Check the credentials, or sign in again.",
        }
    }
}

impl fmt::Display for AuthErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthErrorKind::Expired => f.write_str("token expired"),
            AuthErrorKind::Invalid => f.write_str("token invalid or revoked"),
            AuthErrorKind::MissingPermission { scope: Some(s) } => {
                write!(f, "missing permission `{s}`")
            }
            AuthErrorKind::MissingPermission { scope: None } => f.write_str("missing permission"),
            AuthErrorKind::WrongAuthMode { needed } => {
                write!(f, "wrong kind of authentication (needs {needed})")
            }
            AuthErrorKind::ReauthorizationRequired => f.write_str("re-authorisation required"),
            AuthErrorKind::RefreshOutcomeUnknown => f.write_str("token refresh outcome unknown"),
            AuthErrorKind::RefreshRefused => f.write_str("token refresh refused"),
            AuthErrorKind::Missing => f.write_str("no credentials configured"),
            AuthErrorKind::Unauthorized => f.write_str("unauthorized"),
        }
    }
}

/// What kind of HTTP-level failure happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The connection could not be made (DNS, refused, TLS handshake): the request was not sent.
    Connect,
    /// No complete answer came in time.
    Timeout,
    /// The connection broke while sending the request or reading the body (reset, truncated body).
    Body,
    /// A credential would have travelled over plain `http://` to a non-loopback host; nothing was sent.
    InsecureTransport,
    /// The response was larger than the configured cap; reading stopped.
    ResponseTooLarge,
    /// The server redirected where the SDK does not follow.
    Redirect,
    /// The retry budget shared by the client is spent (many failures in a row); not retried.
    RetryBudgetExhausted,
    /// Any other HTTP-level failure.
    Other,
}

impl TransportErrorKind {
    fn advice(&self) -> &'static str {
        match self {
            TransportErrorKind::Connect => "Check the network connection and the base URL.",
            TransportErrorKind::Timeout => "Try again later, or raise the timeout.",
            TransportErrorKind::Body => "Try again later.",
            TransportErrorKind::InsecureTransport => {
                "Use an https:// base URL (plain http is allowed only for loopback)."
            }
            TransportErrorKind::ResponseTooLarge => {
                "Request fewer items per page, or raise the response size cap."
            }
            TransportErrorKind::Redirect => "Check the base URL.",
            TransportErrorKind::RetryBudgetExhausted => {
                "The service looks unavailable; try again later."
            }
            TransportErrorKind::Other => "Try again later.",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connection failed",
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::Body => "connection broken mid-exchange",
            TransportErrorKind::InsecureTransport => "refused to send credentials over plain http",
            TransportErrorKind::ResponseTooLarge => "response too large",
            TransportErrorKind::Redirect => "unexpected redirect",
            TransportErrorKind::RetryBudgetExhausted => "retry budget exhausted",
            TransportErrorKind::Other => "HTTP error",
        })
    }
}

/// An error the network returned, with everything it said that helps to act on it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// The network that answered.
    pub network: Network,
    /// HTTP status.
    pub status: u16,
    /// The network's numeric error code (Graph `code`, X v1.1 `code`, LinkedIn `serviceErrorCode`).
    pub code: Option<i64>,
    /// The network's sub-code (Graph `error_subcode`).
    pub subcode: Option<i64>,
    /// The network's error type (X problem `type` URI, Graph `type`, OAuth `error`).
    pub kind: Option<String>,
    /// The human-readable message (or the status text when the body had none).
    pub message: String,
    /// The request id for support (Graph `fbtrace_id`, LinkedIn `x-li-uuid`, …).
    pub request_id: Option<String>,
    /// The network flagged the error as transient (Graph `is_transient`).
    pub transient: bool,
    /// How long the server asked to wait (`Retry-After`), when it did.
    pub retry_after: Option<Duration>,
    /// Rate-limit headers that came with the error.
    pub rate_limit: Option<RateLimit>,
    /// The start of the raw body (bounded, secrets masked), useful when the body was not JSON.
    pub body_snippet: String,
}

impl ApiError {
    /// An error with only the network and status known; the message is the status text.
    pub fn new(network: Network, status: u16) -> Self {
        let message = http::StatusCode::from_u16(status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("error")
            .to_string();
        ApiError {
            network,
            status,
            code: None,
            subcode: None,
            kind: None,
            message,
            request_id: None,
            transient: false,
            retry_after: None,
            rate_limit: None,
            body_snippet: String::new(),
        }
    }

    /// Sets the message.
    #[must_use]
    pub fn with_message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Sets the numeric code.
    #[must_use]
    pub fn with_code(mut self, code: i64) -> Self {
        self.code = Some(code);
        self
    }

    /// Sets the sub-code.
    #[must_use]
    pub fn with_subcode(mut self, subcode: i64) -> Self {
        self.subcode = Some(subcode);
        self
    }

    /// Sets the error type.
    #[must_use]
    pub fn with_kind(mut self, kind: impl Into<String>) -> Self {
        self.kind = Some(kind.into());
        self
    }

    /// Sets the request id.
    #[must_use]
    pub fn with_request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// Marks the error as transient.
    #[must_use]
    pub fn with_transient(mut self, transient: bool) -> Self {
        self.transient = transient;
        self
    }

    /// Sets the server's requested wait.
    #[must_use]
    pub fn with_retry_after(mut self, wait: Option<Duration>) -> Self {
        self.retry_after = wait;
        self
    }

    /// Sets the rate-limit information.
    #[must_use]
    pub fn with_rate_limit(mut self, rl: Option<RateLimit>) -> Self {
        self.rate_limit = rl;
        self
    }

    /// Sets the body snippet (already bounded and masked by the caller).
    #[must_use]
    pub fn with_body_snippet(mut self, snippet: impl Into<String>) -> Self {
        self.body_snippet = snippet.into();
        self
    }
}

impl ApiError {
    /// The error's facts (network, status, codes, message, request id), without advice.
    fn facts(&self) -> String {
        let mut f = format!("{}: HTTP {}", self.network, self.status);
        if let Some(code) = self.code {
            f.push_str(&format!(", code {code}"));
            if let Some(sub) = self.subcode {
                f.push_str(&format!("/{sub}"));
            }
        }
        if let Some(kind) = &self.kind {
            f.push_str(&format!(" ({kind})"));
        }
        f.push_str(&format!(": {}", trim(&self.message)));
        if let Some(id) = &self.request_id {
            f.push_str(&format!(" [request id {id}]"));
        }
        f
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.facts())?;
        let advice = if self.transient || self.status >= 500 {
            "The service had a problem; try again later."
        } else {
            "Check the request against the network's documentation."
        };
        write!(f, ". {advice}")
    }
}

/// One rule an input breaks, found before anything was sent.
///
/// ```
/// use social_core::{Violation, ViolationKind};
/// let v = Violation::new("text", ViolationKind::TooLong { limit: 280, actual: 301 }, "the post is 21 characters too long");
/// assert!(v.to_string().contains("text"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Violation {
    /// The input field concerned (`text`, `media[1].alt_text`, `scheduled_at`…).
    pub field: Cow<'static, str>,
    /// The rule broken, as data.
    pub kind: ViolationKind,
    /// A sentence for people.
    pub message: String,
}

impl Violation {
    /// A violation of `kind` on `field`.
    pub fn new(
        field: impl Into<Cow<'static, str>>,
        kind: ViolationKind,
        message: impl Into<String>,
    ) -> Self {
        Violation {
            field: field.into(),
            kind,
            message: message.into(),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}`: {}", self.field, self.message)
    }
}

/// The rule an input breaks.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationKind {
    /// Nothing to send where something is needed.
    Empty,
    /// Longer than allowed, counted the network's way.
    TooLong {
        /// The maximum.
        limit: u64,
        /// The length found.
        actual: u64,
    },
    /// More items than allowed (media, thread parts, ids in one call…).
    TooMany {
        /// The maximum.
        limit: u64,
        /// The number found.
        actual: u64,
    },
    /// A number or time outside the allowed range.
    OutOfRange,
    /// Malformed (an id, a URL, a character the network refuses…).
    Malformed,
    /// The network does not support this (a feature of the draft it cannot carry).
    Unsupported,
}

/// A message without its final full stops, so sentences can follow it.
fn trim(message: &str) -> &str {
    message.trim_end().trim_end_matches('.')
}

/// Turns a body into a bounded, printable snippet: lossy UTF-8, cut at a character boundary
/// after at most `limit` bytes, with a note of how much was cut.
///
/// ```
/// let s = social_core::error::snippet(&[b'a'; 2000], 10);
/// assert!(s.starts_with("aaaaaaaaaa"));
/// assert!(s.ends_with("(2000 bytes in all)"));
/// ```
pub fn snippet(body: &[u8], limit: usize) -> String {
    let head = &body[..body.len().min(limit)];
    let mut text = String::from_utf8_lossy(head).into_owned();
    if body.len() > limit {
        // A cut in the middle of a multi-byte character shows as U+FFFD; drop it.
        while text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push_str(&format!("… ({} bytes in all)", body.len()));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    // An unconfirmed write must not tell the caller to try again: its cause's advice is left
    // out, its facts kept.
    #[test]
    fn review8_unconfirmed_keeps_the_facts_of_its_cause_without_its_advice() {
        let timeout = Error::Transport {
            network: Network::LinkedIn,
            kind: TransportErrorKind::Timeout,
            message: "no answer in 30 s".into(),
            source: None,
        };
        let e = Error::unconfirmed(Network::LinkedIn, "POST /rest/posts", "", timeout);
        let text = e.to_string();
        assert!(text.contains("timed out: no answer in 30 s"), "{text}");
        assert!(!text.contains("Try again"), "{text}");
        assert!(!text.contains("correlation id"), "{text}");
        assert!(text.contains("check whether it took effect"), "{text}");
    }

    fn every_variant() -> Vec<Error> {
        let api = || {
            Some(Box::new(
                ApiError::new(Network::Facebook, 400).with_code(100),
            ))
        };
        vec![
            Error::Auth {
                network: Network::X,
                kind: AuthErrorKind::Expired,
                message: "m".into(),
                api: None,
            },
            Error::RateLimited {
                network: Network::X,
                retry_after: Some(Duration::from_secs(9)),
                reset_at: None,
                bucket: Some("GET /2/users/me".into()),
                rate_limit: None,
                api: None,
            },
            Error::NotFound {
                network: Network::LinkedIn,
                message: "m".into(),
                api: api(),
            },
            Error::InvalidInput {
                network: Some(Network::X),
                violations: vec![Violation::new(
                    "text",
                    ViolationKind::Empty,
                    "the text is empty",
                )],
            },
            Error::Duplicate {
                network: Network::X,
                message: "m".into(),
                existing: None,
                api: None,
            },
            Error::Api(Box::new(
                ApiError::new(Network::Facebook, 500).with_request_id("AbC"),
            )),
            Error::Transport {
                network: Network::LinkedIn,
                kind: TransportErrorKind::Timeout,
                message: "m".into(),
                source: None,
            },
            Error::Decode {
                network: Network::X,
                type_name: "T",
                path: "data.id".into(),
                message: "m".into(),
                snippet: "{}".into(),
            },
            Error::Unconfirmed {
                network: Network::X,
                endpoint: "POST /2/tweets".into(),
                correlation_id: "c".into(),
                cause: Box::new(Error::Api(Box::new(ApiError::new(Network::X, 503)))),
                created: Vec::new(),
            },
            Error::TokenPersist {
                network: Network::X,
                message: "disk full".into(),
                source: None,
            },
            Error::Protocol {
                network: Network::Facebook,
                message: "m".into(),
            },
            Error::Config {
                network: Some(Network::LinkedIn),
                message: "m".into(),
            },
            Error::UsageCapped {
                network: Network::X,
                period: "monthly".into(),
                message: "Usage cap exceeded: Monthly product cap".into(),
                api: None,
            },
        ]
    }

    #[test]
    fn every_message_names_the_network_and_what_to_do() {
        for e in every_variant() {
            let text = e.to_string();
            let network = e.network().unwrap().to_string();
            assert!(text.starts_with(&format!("{network}: ")), "{text}");
            let advice = [
                "Wait",
                "wait",
                "Fix",
                "fix",
                "Check",
                "check",
                "Try again",
                "try again",
                "Refresh",
                "change it",
                "report",
            ];
            assert!(
                advice.iter().any(|a| text.contains(a)),
                "no advice in: {text}"
            );
        }
    }

    #[test]
    fn helpers_classify() {
        let v = every_variant();
        let retryable: Vec<bool> = v.iter().map(Error::is_retryable).collect();
        assert_eq!(
            retryable,
            [
                false, true, false, false, false, true, true, false, false, false, false, false,
                false
            ]
        );
        assert_eq!(v[1].retry_after(), Some(Duration::from_secs(9)));
        assert_eq!(v[2].status(), Some(400));
        assert_eq!(v[8].status(), Some(503), "the cause's status shows through");
        assert!(v[12].to_string().contains("monthly usage cap"), "{}", v[12]);
        assert_eq!(v[12].network(), Some(Network::X));
        assert_eq!(v[12].retry_after(), None);
        assert!(v[5].to_string().contains("[request id AbC]"));
    }

    #[test]
    fn core_c_a_duplicate_names_the_existing_object_when_known() {
        let named = Error::Duplicate {
            network: Network::LinkedIn,
            message: "Content is a duplicate of urn:li:share:7141138937766391808".into(),
            existing: Some("urn:li:share:7141138937766391808".into()),
            api: None,
        };
        assert_eq!(
            named.duplicate_of(),
            Some("urn:li:share:7141138937766391808")
        );
        assert!(
            named
                .to_string()
                .contains("already published as urn:li:share:7141138937766391808; change it"),
            "{named}"
        );
        let unnamed = &every_variant()[4];
        assert_eq!(unnamed.duplicate_of(), None);
        assert!(unnamed.to_string().contains("already published; change it"));
        assert_eq!(every_variant()[0].duplicate_of(), None);
    }

    #[test]
    fn snippets_cut_at_char_boundaries() {
        let body = "é".repeat(10);
        let s = snippet(body.as_bytes(), 5);
        assert!(s.starts_with("éé"));
        assert!(!s.contains('\u{FFFD}'));
        assert_eq!(snippet(b"short", 10), "short");
    }

    #[test]
    fn error_stays_small() {
        assert!(
            std::mem::size_of::<Error>() <= 128,
            "{}",
            std::mem::size_of::<Error>()
        );
    }
}
