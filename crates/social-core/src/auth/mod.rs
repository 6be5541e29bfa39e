//! Authentication: secret types, the [`Authenticator`] hook the transport calls before each
//! attempt, static bearer and query-parameter tokens, OAuth 2.0 (PKCE, code exchange, refresh
//! with rotation, client credentials, revocation, token stores) and OAuth 1.0a request signing.

use std::fmt;
use std::time::SystemTime;

use async_trait::async_trait;
use http::{HeaderMap, HeaderName, HeaderValue, Method};
use url::Url;

use crate::error::{AuthErrorKind, Error, Result};
use crate::http::Body;
use crate::types::Network;

mod file_store;
pub mod oauth1;
pub mod oauth2;
mod refreshing;
mod secret;
mod store;

pub use file_store::FileTokenStore;
pub use oauth1::{OAuth1Auth, OAuth1Credentials};
pub use oauth2::{
    AuthorizationRequest, AuthorizeUrlBuilder, ClientAuth, OAuth2Client, OAuth2Config,
    OAuth2Dialect, TokenSet,
};
pub use refreshing::RefreshingAuth;
pub use secret::{AccessToken, AppSecret, ClientSecret, PkceVerifier, RefreshToken, TokenSecret};
pub use store::{MemoryTokenStore, StoreError, StoreLock, Swap, TokenStore};

/// The parts of an outgoing request an [`Authenticator`] may read and change.
///
/// Whatever it adds through [`set_header`](AuthTarget::set_header) or
/// [`append_query`](AuthTarget::append_query) is marked sensitive: the header is flagged so HTTP
/// tooling does not print it, and the value is masked in every error snippet.
pub struct AuthTarget<'a> {
    pub(crate) method: &'a Method,
    pub(crate) url: &'a mut Url,
    pub(crate) headers: &'a mut HeaderMap,
    pub(crate) body: &'a Body,
    pub(crate) sensitive: &'a mut Vec<String>,
    pub(crate) now: SystemTime,
    pub(crate) generation: u64,
}

impl fmt::Debug for AuthTarget<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuthTarget")
            .field("method", self.method)
            .field("path", &self.url.path())
            .finish_non_exhaustive()
    }
}

impl<'a> AuthTarget<'a> {
    /// The request method.
    pub fn method(&self) -> &Method {
        self.method
    }

    /// The full URL, with the query built so far.
    pub fn url(&self) -> &Url {
        self.url
    }

    /// The body (form pairs are what OAuth 1.0a signs).
    pub fn body(&self) -> &Body {
        self.body
    }

    /// The clock's current time (for signatures and expiry checks).
    pub fn now(&self) -> SystemTime {
        self.now
    }

    /// Sets a header carrying a credential; it is marked sensitive and masked in errors.
    pub fn set_header(&mut self, name: HeaderName, value: &str) -> Result<()> {
        let mut v = HeaderValue::from_str(value).map_err(|_| {
            Error::config(
                None,
                format!("the `{name}` credential has characters a header cannot carry"),
            )
        })?;
        v.set_sensitive(true);
        self.headers.insert(name, v);
        self.mark_sensitive(value);
        Ok(())
    }

    /// Appends a query parameter carrying a credential (Graph `access_token`,
    /// `appsecret_proof`); the value is masked in errors and never logged (logs carry no URLs).
    pub fn append_query(&mut self, key: &str, value: &str) {
        self.url.query_pairs_mut().append_pair(key, value);
        self.mark_sensitive(value);
    }

    /// Marks a value as secret so error snippets mask it.
    pub fn mark_sensitive(&mut self, value: &str) {
        if !value.is_empty() {
            self.sensitive.push(value.to_string());
        }
    }

    /// Records which credential generation signed this attempt; it is handed back to
    /// [`Authenticator::on_unauthorized`] if the server answers 401.
    pub fn set_generation(&mut self, generation: u64) {
        self.generation = generation;
    }
}

/// Adds credentials to each attempt of a request: a header, a query parameter or a signature.
///
/// The transport calls [`authenticate`](Authenticator::authenticate) before every attempt (so a
/// signature gets a fresh nonce and a refreshed token is picked up), and
/// [`on_unauthorized`](Authenticator::on_unauthorized) once when the server answers 401.
///
/// An error from either method is the caller's error, and the request is not sent (again). An
/// [`Error::Unconfirmed`] from them (a token refresh with no clear answer) is reported as
/// [`AuthErrorKind::RefreshOutcomeUnknown`]: `Unconfirmed` only ever describes the caller's own
/// request.
///
/// ```
/// use async_trait::async_trait;
/// use social_core::auth::{AuthTarget, Authenticator};
///
/// #[derive(Debug)]
/// struct ApiKey;
///
/// #[async_trait]
/// impl Authenticator for ApiKey {
///     async fn authenticate(&self, target: &mut AuthTarget<'_>) -> social_core::Result<()> {
///         target.set_header(http::header::HeaderName::from_static("x-api-key"), "not-a-real-key")
///     }
/// }
/// ```
#[async_trait]
pub trait Authenticator: Send + Sync + fmt::Debug {
    /// Adds credentials to the attempt.
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()>;

    /// Called once when an attempt signed with credential `generation` got a 401. Return `true`
    /// if new credentials are now available (the request is then sent once more), `false` to
    /// give the 401 to the caller. The default gives up.
    async fn on_unauthorized(&self, generation: u64) -> Result<bool> {
        let _ = generation;
        Ok(false)
    }
}

/// The error for a token refresh at `endpoint` that may have reached the server without a clear
/// answer (`cause`): [`AuthErrorKind::RefreshOutcomeUnknown`], saying what became of the caller's
/// request (`outcome`).
pub(crate) fn refresh_outcome_unknown(
    network: Network,
    endpoint: &str,
    cause: &Error,
    outcome: &str,
) -> Error {
    let cause_text = cause.to_string();
    Error::Auth {
        network,
        kind: AuthErrorKind::RefreshOutcomeUnknown,
        message: format!(
            "the token refresh at {endpoint} got no clear answer ({}); the refresh token may \
             have been used up; {outcome}",
            cause_text.trim_end().trim_end_matches('.')
        ),
        api: cause.api_error().cloned().map(Box::new),
    }
}

/// What the transport makes of an [`Authenticator`]'s error: an [`Error::Unconfirmed`] there is
/// about getting credentials (a refresh), never about the caller's request, which was not sent
/// (`outcome` says so): it becomes [`AuthErrorKind::RefreshOutcomeUnknown`]. Other errors pass.
pub(crate) fn authenticator_error(e: Error, outcome: &str) -> Error {
    match e {
        Error::Unconfirmed {
            network,
            endpoint,
            cause,
            ..
        } => refresh_outcome_unknown(network, &endpoint, &cause, outcome),
        e => e,
    }
}

/// A fixed bearer token in the `Authorization` header (X app-only or user tokens, LinkedIn).
///
/// ```
/// use social_core::auth::{AccessToken, BearerAuth};
/// let auth = BearerAuth::new(AccessToken::new("token"));
/// assert!(!format!("{auth:?}").contains("token\""));
/// ```
#[derive(Debug, Clone)]
pub struct BearerAuth {
    token: AccessToken,
}

impl BearerAuth {
    /// Uses `token` for every request.
    pub fn new(token: AccessToken) -> Self {
        BearerAuth { token }
    }
}

#[async_trait]
impl Authenticator for BearerAuth {
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()> {
        target.set_header(
            http::header::AUTHORIZATION,
            &format!("Bearer {}", self.token.secret()),
        )?;
        target.mark_sensitive(self.token.secret());
        Ok(())
    }
}

/// A fixed token sent as a query parameter (the Graph API's `access_token`).
///
/// ```
/// use social_core::auth::{AccessToken, QueryTokenAuth};
/// let auth = QueryTokenAuth::new("access_token", AccessToken::new("EAAB..."));
/// # let _ = auth;
/// ```
#[derive(Debug, Clone)]
pub struct QueryTokenAuth {
    param: String,
    token: AccessToken,
}

impl QueryTokenAuth {
    /// Sends `token` as the query parameter `param`.
    pub fn new(param: impl Into<String>, token: AccessToken) -> Self {
        QueryTokenAuth {
            param: param.into(),
            token,
        }
    }
}

#[async_trait]
impl Authenticator for QueryTokenAuth {
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()> {
        target.append_query(&self.param, self.token.secret());
        Ok(())
    }
}
