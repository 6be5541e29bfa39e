//! The X client: how it is built, authenticated, and how each request is checked and sent.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use social_core::auth::{
    AccessToken, Authenticator, BearerAuth, OAuth1Auth, OAuth1Credentials, RefreshingAuth,
};
use social_core::http::{ClientOptions, Raw, RequestSpec, Response, Transport};
use social_core::{AuthErrorKind, Error, Network, RateLimit, Result, UserId};
use tokio::sync::OnceCell;

use crate::error::XDialect;
use crate::models::{User, XResponse};

/// The production API host.
pub const DEFAULT_BASE_URL: &str = "https://api.x.com";

/// How the client is authenticated, which decides the endpoints it may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AuthMode {
    /// No credentials (only useful against a fake).
    None,
    /// App-only bearer token: public reads only.
    AppOnly,
    /// OAuth 2.0 user context (authorization code with PKCE).
    OAuth2User,
    /// OAuth 1.0a user context.
    OAuth1User,
}

impl AuthMode {
    /// Whether this mode acts as a user (needed by writes, `users/me`, the home timeline, media).
    pub fn is_user_context(self) -> bool {
        matches!(self, AuthMode::OAuth2User | AuthMode::OAuth1User)
    }
}

/// A client of the X API v2. Cheap to clone; clones share connections, rate-limit state and
/// the cached id of the authenticated user.
///
/// ```no_run
/// use social_core::auth::AccessToken;
/// use social_twitter::TwitterClient;
///
/// # async fn run() -> social_core::Result<()> {
/// let x = TwitterClient::builder()
///     .user_token(AccessToken::new(std::env::var("X_USER_TOKEN").unwrap_or_default()))
///     .build()?;
/// let posted = x.tweets().create("Our office moves to 12 rue de la Paix on Monday.").send().await?;
/// println!("posted {}", posted.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TwitterClient {
    pub(crate) transport: Transport,
    mode: AuthMode,
    me: Arc<OnceCell<UserId>>,
}

impl fmt::Debug for TwitterClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TwitterClient")
            .field("transport", &self.transport)
            .field("mode", &self.mode)
            .finish_non_exhaustive()
    }
}

/// Builds a [`TwitterClient`]: its credentials, and the transport settings every client of the
/// workspace takes the same way ([`ClientOptions`]: base URL, `reqwest::Client`, timeouts,
/// `User-Agent`, retry policy, clock, rate-limit waits), one by one or at once with
/// [`options`](Self::options).
///
/// ```no_run
/// use std::time::Duration;
/// use social_core::auth::AccessToken;
/// use social_twitter::TwitterClient;
///
/// # fn run() -> social_core::Result<()> {
/// let x = TwitterClient::builder()
///     .base_url("http://127.0.0.1:8080") // a local fake; https is required for other hosts
///     .app_token(AccessToken::new("AAAA…"))
///     .timeout(Duration::from_secs(20))
///     .user_agent("my-practice/1.0")
///     .build()?;
/// # let _ = x; Ok(()) }
/// ```
#[must_use]
pub struct TwitterClientBuilder {
    auth: Option<(Arc<dyn Authenticator>, AuthMode)>,
    options: ClientOptions,
}

impl fmt::Debug for TwitterClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TwitterClientBuilder")
            .field("auth", &self.auth.as_ref().map(|(_, m)| m))
            .field("options", &self.options)
            .finish()
    }
}

impl TwitterClientBuilder {
    social_core::client_options_setters!(options);

    /// An app-only bearer token (public reads; see [`crate::auth::app_only_token`]).
    pub fn app_token(mut self, token: AccessToken) -> Self {
        self.auth = Some((Arc::new(BearerAuth::new(token)), AuthMode::AppOnly));
        self
    }

    /// A fixed OAuth 2.0 user access token (it expires after two hours; prefer
    /// [`oauth2`](Self::oauth2) to keep it alive).
    pub fn user_token(mut self, token: AccessToken) -> Self {
        self.auth = Some((Arc::new(BearerAuth::new(token)), AuthMode::OAuth2User));
        self
    }

    /// OAuth 2.0 user context that refreshes itself and hands rotated tokens to its store.
    pub fn oauth2(mut self, auth: RefreshingAuth) -> Self {
        self.auth = Some((Arc::new(auth), AuthMode::OAuth2User));
        self
    }

    /// OAuth 1.0a user context (consumer key/secret plus access token/secret).
    pub fn oauth1(mut self, credentials: OAuth1Credentials) -> Self {
        self.auth = Some((Arc::new(OAuth1Auth::new(credentials)), AuthMode::OAuth1User));
        self
    }

    /// Any authenticator, with the mode it provides.
    pub fn authenticator(mut self, auth: Arc<dyn Authenticator>, mode: AuthMode) -> Self {
        self.auth = Some((auth, mode));
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<TwitterClient> {
        let mut b = Transport::builder(Network::X, DEFAULT_BASE_URL)
            .options(self.options)
            .dialect(Arc::new(XDialect));
        let mode = match self.auth {
            Some((auth, mode)) => {
                b = b.authenticator(auth);
                mode
            }
            None => AuthMode::None,
        };
        Ok(TwitterClient {
            transport: b.build()?,
            mode,
            me: Arc::new(OnceCell::new()),
        })
    }
}

impl TwitterClient {
    /// Starts building a client.
    pub fn builder() -> TwitterClientBuilder {
        TwitterClientBuilder {
            auth: None,
            options: ClientOptions::new(),
        }
    }

    /// How the client is authenticated.
    pub fn auth_mode(&self) -> AuthMode {
        self.mode
    }

    /// The underlying transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Untyped calls to endpoints not typed here, with this client's auth, retries and errors.
    pub fn raw(&self) -> Raw {
        self.transport.raw()
    }

    /// What the client last learnt about an endpoint's rate limit (e.g. `"POST /2/tweets"`).
    pub fn rate_limit(&self, endpoint: &str) -> Option<RateLimit> {
        self.transport.rate_limit(endpoint)
    }

    /// The id of the authenticated user, read once from `GET /2/users/me` and cached.
    pub async fn me_id(&self) -> Result<UserId> {
        self.me
            .get_or_try_init(|| async {
                let user: XResponse<User> = self
                    .send(
                        RequestSpec::get("2/users/me").endpoint("GET /2/users/me"),
                        Needs::User,
                    )
                    .await?;
                user.into_data().map(|u| u.id)
            })
            .await
            .cloned()
    }

    /// Checks that the client may call an endpoint needing `needs`, before sending anything.
    pub(crate) fn check(&self, needs: Needs, endpoint: &str) -> Result<()> {
        let ok = match needs {
            Needs::Any => self.mode != AuthMode::None,
            Needs::User => self.mode.is_user_context(),
        };
        if ok {
            return Ok(());
        }
        let (kind, message) = match (needs, self.mode) {
            (_, AuthMode::None) => (
                AuthErrorKind::Missing,
                format!("{endpoint} needs credentials and the client has none"),
            ),
            _ => (
                AuthErrorKind::WrongAuthMode {
                    needed: "OAuth 2.0 user context or OAuth 1.0a user context".into(),
                },
                format!("{endpoint} acts as a user; an app-only token cannot call it"),
            ),
        };
        Err(Error::Auth {
            network: Network::X,
            kind,
            message,
            api: None,
        })
    }

    /// Checks the auth mode, sends, decodes.
    pub(crate) async fn send<T: DeserializeOwned>(
        &self,
        spec: RequestSpec,
        needs: Needs,
    ) -> Result<T> {
        self.check(needs, &spec.endpoint_name())?;
        self.transport.execute_json(spec).await
    }

    /// Checks the auth mode and sends; returns the response as it came, for callers that read
    /// more than the body (a delete reads whether an earlier attempt may have done the work).
    pub(crate) async fn send_response(&self, spec: RequestSpec, needs: Needs) -> Result<Response> {
        self.check(needs, &spec.endpoint_name())?;
        self.transport.execute(spec).await
    }
}

/// The kind of authentication an endpoint needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Needs {
    /// Any credentials (app-only or user).
    Any,
    /// User context (OAuth 2.0 user or OAuth 1.0a).
    User,
}
