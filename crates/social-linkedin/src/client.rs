//! The LinkedIn client: how it is built, the hosts and headers of its calls, and how each call
//! is sent (tunnelling of long queries, the retry of a revocation right after consent, daily
//! quotas remembered).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use http::{HeaderName, HeaderValue};
use social_core::auth::{
    AccessToken, Authenticator, BearerAuth, ClientSecret, OAuth2Dialect, TokenSet,
};
use social_core::clock::Clock;
use social_core::http::{
    ApiDialect, ClientOptions, Raw, RequestSpec, Response, RetryBudget, Transport,
};
use social_core::{AuthErrorKind, Error, Network, RateLimit, Result};
use url::Url;

use crate::error::{LinkedInDialect, METHOD_HEADER, REVOKED_TOKEN_CODE};
use crate::version::{LinkedInVersion, sunset_warning};

/// The versioned API (`LinkedIn-Version` required).
pub const DEFAULT_REST_URL: &str = "https://api.linkedin.com/rest";
/// The unversioned API: OpenID Connect's `userinfo` lives only here.
pub const DEFAULT_LEGACY_URL: &str = "https://api.linkedin.com/v2";
/// The OAuth 2.0 endpoints (`authorization`, `accessToken`, `introspectToken`).
pub const DEFAULT_OAUTH_URL: &str = "https://www.linkedin.com/oauth/v2";

/// The longest query string sent in a URL: a `GET` whose query is longer is tunnelled (sent as a
/// `POST` with `X-HTTP-Method-Override: GET` and the query as its body). LinkedIn refuses query
/// strings over 4 KB with a 414
/// (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/query-tunneling>).
pub const QUERY_TUNNEL_THRESHOLD: usize = 4_000;

/// How recent a token must be for a `401 REVOKED_ACCESS_TOKEN` to be retried: integrators report
/// this answer, intermittently, right after a successful consent
/// (jclusso/omniauth-linkedin-openid issue 6, decioferreira/omniauth-linkedin-oauth2 issue 81).
pub const FRESH_TOKEN_WINDOW: Duration = Duration::from_secs(10 * 60);

/// How long the client waits (on its clock) before sending a request refused as revoked right
/// after consent once more.
pub const REVOCATION_RETRY_DELAY: Duration = Duration::from_secs(2);

/// The Rest.li method of a call, sent as `X-RestLi-Method` (both official clients send it on
/// every call: linkedin-developers/linkedin-api-python-client,
/// `linkedin_api/clients/restli/client.py`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum RestliMethod {
    /// Read one entity.
    Get,
    /// Read several entities by key (`ids=List(…)`).
    BatchGet,
    /// A finder (`q=…`).
    Finder,
    /// Every entity of a collection, paged (`GET` on a collection without `q`, such as the
    /// comments of a post).
    GetAll,
    /// Create an entity.
    Create,
    /// Change some fields of an entity (`{"patch":{"$set":…}}`).
    PartialUpdate,
    /// Delete an entity.
    Delete,
    /// An action (`?action=…`).
    Action,
}

impl RestliMethod {
    /// As the header spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            RestliMethod::Get => "GET",
            RestliMethod::BatchGet => "BATCH_GET",
            RestliMethod::Finder => "FINDER",
            RestliMethod::GetAll => "GET_ALL",
            RestliMethod::Create => "CREATE",
            RestliMethod::PartialUpdate => "PARTIAL_UPDATE",
            RestliMethod::Delete => "DELETE",
            RestliMethod::Action => "ACTION",
        }
    }

    /// `spec` with its `X-RestLi-Method` header.
    pub fn apply(self, spec: RequestSpec) -> RequestSpec {
        spec.header(
            HeaderName::from_static(METHOD_HEADER),
            HeaderValue::from_static(self.as_str()),
        )
    }
}

/// A client of LinkedIn's API for one member's token. Cheap to clone (clones share the
/// connections, the retry budget and what the client learnt about quotas).
///
/// Calls to the versioned API (`https://api.linkedin.com/rest`) carry `LinkedIn-Version`
/// ([`version`](LinkedInClientBuilder::version), default
/// [`DEFAULT_VERSION`](crate::version::DEFAULT_VERSION)), `X-Restli-Protocol-Version: 2.0.0` and
/// their `X-RestLi-Method`; OpenID Connect's `userinfo` goes to the unversioned
/// `https://api.linkedin.com/v2`, and sign-in to `https://www.linkedin.com/oauth/v2`. All three
/// are settings.
///
/// ```no_run
/// use social_core::auth::AccessToken;
/// use social_linkedin::LinkedInClient;
///
/// # async fn run() -> social_core::Result<()> {
/// let li = LinkedInClient::builder()
///     .access_token(AccessToken::new(std::env::var("LINKEDIN_TOKEN").unwrap_or_default()))
///     .build()?;
/// let me = li.userinfo().send().await?;
/// let post = li
///     .posts()
///     .create(me.person_urn()?)
///     .text("Our office moves to 12 rue de la Paix (2nd floor) on Monday.")
///     .send()
///     .await?;
/// println!("published {post}");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct LinkedInClient {
    /// The versioned API: base `/rest`, version headers.
    rest: Transport,
    /// The unversioned API: base `/v2`, no version headers.
    legacy: Transport,
    /// The OAuth host: no credentials of the client, no version headers.
    oauth: Transport,
    cfg: Arc<Config>,
}

struct Config {
    version: LinkedInVersion,
    oauth_url: Url,
    client_id: Option<String>,
    client_secret: Option<ClientSecret>,
    redirect_uri: Option<String>,
    signed: bool,
    token_issued_at: Option<SystemTime>,
}

impl fmt::Debug for LinkedInClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkedInClient")
            .field("rest", &self.rest)
            .field("legacy_url", &self.legacy.base_url().as_str())
            .field("oauth_url", &self.cfg.oauth_url.as_str())
            .field("version", &self.cfg.version)
            .field("client_id", &self.cfg.client_id)
            .field("client_secret", &self.cfg.client_secret)
            .field("signed", &self.cfg.signed)
            .finish_non_exhaustive()
    }
}

/// Builds a [`LinkedInClient`].
///
/// ```no_run
/// use std::time::Duration;
/// use social_core::auth::{AccessToken, ClientSecret};
/// use social_linkedin::LinkedInClient;
///
/// # fn run() -> social_core::Result<()> {
/// let li = LinkedInClient::builder()
///     .base_url("http://127.0.0.1:8080/linkedin") // a local fake: /rest, /v2 and /oauth/v2 under it
///     .version("202603")?
///     .client_id("86abcdefg")
///     .client_secret(ClientSecret::new("app-secret"))
///     .access_token(AccessToken::new("AQV…"))
///     .timeout(Duration::from_secs(20))
///     .build()?;
/// # let _ = li; Ok(()) }
/// ```
#[must_use]
pub struct LinkedInClientBuilder {
    options: ClientOptions,
    rest_url: Option<String>,
    legacy_url: Option<String>,
    oauth_url: Option<String>,
    version: LinkedInVersion,
    token: Option<AccessToken>,
    token_issued_at: Option<SystemTime>,
    authenticator: Option<Arc<dyn Authenticator>>,
    client_id: Option<String>,
    client_secret: Option<ClientSecret>,
    redirect_uri: Option<String>,
}

impl fmt::Debug for LinkedInClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LinkedInClientBuilder")
            .field("options", &self.options)
            .field("rest_url", &self.rest_url)
            .field("legacy_url", &self.legacy_url)
            .field("oauth_url", &self.oauth_url)
            .field("version", &self.version)
            .field("token", &self.token)
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .finish_non_exhaustive()
    }
}

impl LinkedInClientBuilder {
    social_core::client_options_setters!(options);

    /// The versioned API (default [`DEFAULT_REST_URL`], or `{base_url}/rest` when a
    /// [`base_url`](Self::base_url) is set: one root for the three hosts, as a local fake
    /// serves them).
    pub fn rest_url(mut self, url: impl Into<String>) -> Self {
        self.rest_url = Some(url.into());
        self
    }

    /// The unversioned API of `userinfo` (default [`DEFAULT_LEGACY_URL`], or `{base_url}/v2`).
    pub fn legacy_url(mut self, url: impl Into<String>) -> Self {
        self.legacy_url = Some(url.into());
        self
    }

    /// The OAuth 2.0 endpoints (default [`DEFAULT_OAUTH_URL`], or `{base_url}/oauth/v2`).
    pub fn oauth_url(mut self, url: impl Into<String>) -> Self {
        self.oauth_url = Some(url.into());
        self
    }

    /// The `LinkedIn-Version` (`YYYYMM` or `YYYYMM.RR`, checked offline; default
    /// [`DEFAULT_VERSION`](crate::version::DEFAULT_VERSION)). LinkedIn retires versions about a
    /// year after their release and then answers `426 NONEXISTENT_VERSION`
    /// ([`is_version_retired`](crate::error::is_version_retired)): keep it current.
    pub fn version(mut self, version: impl AsRef<str>) -> Result<Self> {
        self.version = LinkedInVersion::new(version.as_ref())?;
        Ok(self)
    }

    /// The `LinkedIn-Version`, already checked.
    pub fn linkedin_version(mut self, version: LinkedInVersion) -> Self {
        self.version = version;
        self
    }

    /// The member's access token, sent as `Authorization: Bearer …`.
    pub fn access_token(mut self, token: AccessToken) -> Self {
        self.token = Some(token);
        self
    }

    /// The token set of a sign-in ([`LinkedInOAuth::exchange_code`](crate::auth::LinkedInOAuth::exchange_code)):
    /// its access token, and when it was issued (see
    /// [`token_issued_at`](Self::token_issued_at)). To refresh it (partner apps), use
    /// [`authenticator`](Self::authenticator) with a `RefreshingAuth` instead.
    pub fn tokens(mut self, tokens: &TokenSet) -> Self {
        self.token = Some(tokens.access_token.clone());
        self.token_issued_at = tokens.issued_at;
        self
    }

    /// When the member consented to the token. A call refused `401 REVOKED_ACCESS_TOKEN` within
    /// [`FRESH_TOKEN_WINDOW`] of it is sent once more after [`REVOCATION_RETRY_DELAY`] on the
    /// client's clock: LinkedIn sometimes answers so right after a consent. Without this time
    /// (nor [`tokens`](Self::tokens)), a revocation is never retried.
    pub fn token_issued_at(mut self, at: SystemTime) -> Self {
        self.token_issued_at = Some(at);
        self
    }

    /// Any authenticator instead of a fixed token (a `RefreshingAuth` for partner apps that get
    /// refresh tokens); it must add the `Authorization` header itself.
    pub fn authenticator(mut self, auth: Arc<dyn Authenticator>) -> Self {
        self.authenticator = Some(auth);
        self
    }

    /// The app's client id (sign-in, token introspection).
    pub fn client_id(mut self, id: impl Into<String>) -> Self {
        self.client_id = Some(id.into());
        self
    }

    /// The app's client secret (code exchange, refresh, client credentials, introspection).
    pub fn client_secret(mut self, secret: ClientSecret) -> Self {
        self.client_secret = Some(secret);
        self
    }

    /// The redirect URL registered with the app (absolute, without `#`).
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// A transport to `base` with the client's options (their base URL aside: each host has
    /// its own), `dialect`, `auth` and the shared retry budget.
    fn transport(
        &self,
        base: &str,
        dialect: Arc<dyn ApiDialect>,
        auth: Option<Arc<dyn Authenticator>>,
        budget: &Arc<RetryBudget>,
    ) -> Result<Transport> {
        let mut options = self.options.clone();
        options.base_url = None;
        options.retry_budget = Some(budget.clone());
        let mut b = Transport::builder(Network::LinkedIn, base)
            .options(options)
            .dialect(dialect);
        if let Some(a) = auth {
            b = b.authenticator(a);
        }
        b.build()
    }

    /// The URL of one host: set alone, else under the root [`base_url`](Self::base_url), else
    /// LinkedIn's.
    fn host(&self, set: &Option<String>, under_root: &str, default: &str) -> String {
        match (set, &self.options.base_url) {
            (Some(url), _) => url.clone(),
            (None, Some(root)) => format!("{}/{under_root}", root.trim_end_matches('/')),
            (None, None) => default.to_string(),
        }
    }

    /// Builds the client. Fails when a URL is not a valid `https://` URL (or `http://` to a
    /// loopback host). Logs a warning (once, here) when the version is within 60 days of its
    /// estimated sunset, or past it.
    pub fn build(self) -> Result<LinkedInClient> {
        let auth: Option<Arc<dyn Authenticator>> = match (&self.authenticator, &self.token) {
            (Some(a), _) => Some(a.clone()),
            (None, Some(t)) => Some(Arc::new(BearerAuth::new(t.clone()))),
            (None, None) => None,
        };
        let budget = self.options.retry_budget.clone().unwrap_or_default();
        let rest_url = self.host(&self.rest_url, "rest", DEFAULT_REST_URL);
        let legacy_url = self.host(&self.legacy_url, "v2", DEFAULT_LEGACY_URL);
        let oauth_url = self.host(&self.oauth_url, "oauth/v2", DEFAULT_OAUTH_URL);
        let rest = self.transport(
            &rest_url,
            Arc::new(LinkedInDialect::versioned(self.version)),
            auth.clone(),
            &budget,
        )?;
        let legacy = self.transport(
            &legacy_url,
            Arc::new(LinkedInDialect::unversioned()),
            auth.clone(),
            &budget,
        )?;
        // The OAuth endpoints answer RFC 6749 errors (`invalid_grant`…).
        let oauth = self.transport(
            &oauth_url,
            Arc::new(OAuth2Dialect(Network::LinkedIn)),
            None,
            &budget,
        )?;
        let oauth_url = oauth.base_url().clone();
        warn_if_near_sunset(&self.version, rest.clock().now());
        Ok(LinkedInClient {
            rest,
            legacy,
            oauth,
            cfg: Arc::new(Config {
                version: self.version,
                oauth_url,
                client_id: self.client_id,
                client_secret: self.client_secret,
                redirect_uri: self.redirect_uri,
                signed: auth.is_some(),
                token_issued_at: self.token_issued_at,
            }),
        })
    }
}

/// The sunset warning of [`LinkedInClientBuilder::build`].
fn warn_if_near_sunset(version: &LinkedInVersion, now: SystemTime) {
    let today = chrono::DateTime::<chrono::Utc>::from(now).date_naive();
    if let Some(warning) = sunset_warning(version, today) {
        tracing::warn!(
            version = %version,
            days_left = warning.days_left,
            "{warning}"
        );
    }
}

impl LinkedInClient {
    /// Starts building a client.
    pub fn builder() -> LinkedInClientBuilder {
        LinkedInClientBuilder {
            options: ClientOptions::new(),
            rest_url: None,
            legacy_url: None,
            oauth_url: None,
            version: LinkedInVersion::default(),
            token: None,
            token_issued_at: None,
            authenticator: None,
            client_id: None,
            client_secret: None,
            redirect_uri: None,
        }
    }

    /// The `LinkedIn-Version` asked for.
    pub fn version(&self) -> &LinkedInVersion {
        &self.cfg.version
    }

    /// The transport of the versioned API (`/rest`).
    pub fn transport(&self) -> &Transport {
        &self.rest
    }

    /// Untyped calls to the versioned API, for endpoints not typed here, with the version
    /// headers, this client's token, retries and error mapping. Paths are relative to `/rest`
    /// and written plainly: each `/`-separated part is percent-encoded as one segment, so a URN
    /// given as is (`"socialMetadata/urn:li:share:1"`) becomes the Rest.li key
    /// `urn%3Ali%3Ashare%3A1`. Add the `X-RestLi-Method` header when the endpoint wants it.
    ///
    /// ```no_run
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let counts: serde_json::Value = li
    ///     .raw()
    ///     .get("socialMetadata/urn:li:share:6844785523593134080")
    ///     .send()
    ///     .await?
    ///     .json()?;
    /// # let _ = counts; Ok(()) }
    /// ```
    pub fn raw(&self) -> Raw {
        self.rest.raw()
    }

    /// Untyped calls to the unversioned API (`/v2`), without version headers.
    pub fn raw_legacy(&self) -> Raw {
        self.legacy.raw()
    }

    /// What the client last learnt about a quota (a daily limit LinkedIn reported spent, by
    /// endpoint: `"GET /posts"`, `"GET /v2/userinfo"`…).
    pub fn rate_limit(&self, bucket: &str) -> Option<RateLimit> {
        self.rest
            .rate_limit(bucket)
            .or_else(|| self.legacy.rate_limit(bucket))
    }

    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        self.rest.clock()
    }

    pub(crate) fn oauth_transport(&self) -> &Transport {
        &self.oauth
    }

    pub(crate) fn oauth_url(&self, endpoint: &str) -> String {
        format!(
            "{}/{endpoint}",
            self.cfg.oauth_url.as_str().trim_end_matches('/')
        )
    }

    pub(crate) fn client_id(&self) -> Option<&str> {
        self.cfg.client_id.as_deref()
    }

    pub(crate) fn client_secret(&self) -> Option<&ClientSecret> {
        self.cfg.client_secret.as_ref()
    }

    pub(crate) fn redirect_uri(&self) -> Option<&str> {
        self.cfg.redirect_uri.as_deref()
    }

    /// The app credentials an OAuth call needs, or a configuration error naming what is missing.
    pub(crate) fn app_credentials(&self, what: &str) -> Result<(&str, &ClientSecret)> {
        match (self.client_id(), self.client_secret()) {
            (Some(id), Some(secret)) => Ok((id, secret)),
            _ => Err(Error::config(
                Network::LinkedIn,
                format!(
                    "{what} needs the app's client id and client secret: set them with `LinkedInClientBuilder::client_id` and `client_secret`"
                ),
            )),
        }
    }

    fn check_signed(&self, spec: &RequestSpec) -> Result<()> {
        if self.cfg.signed {
            return Ok(());
        }
        Err(Error::Auth {
            network: Network::LinkedIn,
            kind: AuthErrorKind::Missing,
            message: format!(
                "{} needs a member's access token and the client has none",
                spec.endpoint_name()
            ),
            api: None,
        })
    }

    /// Sends a call of the versioned API with its Rest.li method.
    pub(crate) async fn send_rest(
        &self,
        method: RestliMethod,
        spec: RequestSpec,
    ) -> Result<Response> {
        self.send_on(&self.rest, method.apply(spec)).await
    }

    /// Sends bytes to an upload URL LinkedIn gave (absolute, set with `base_url`): without the
    /// versioned API's headers, with this client's retries and error mapping (see
    /// [`crate::media`] for when the token goes along).
    pub(crate) async fn send_upload(&self, spec: RequestSpec) -> Result<Response> {
        self.send_on(&self.legacy, spec).await
    }

    /// Sends a call of the unversioned API.
    pub(crate) async fn send_legacy(&self, spec: RequestSpec) -> Result<Response> {
        self.send_on(&self.legacy, spec).await
    }

    /// One call: a long query tunnelled, a revocation right after consent retried once, a
    /// spent daily quota remembered until it resets.
    async fn send_on(&self, transport: &Transport, spec: RequestSpec) -> Result<Response> {
        self.check_signed(&spec)?;
        let spec = if spec.method() == http::Method::GET
            && spec.query_string().len() > QUERY_TUNNEL_THRESHOLD
        {
            spec.tunnelled()
        } else {
            spec
        };
        let first = transport.execute(spec.clone()).await;
        let result = match first {
            Err(e) if self.retry_revocation(&e) => {
                tracing::debug!(
                    delay_ms = REVOCATION_RETRY_DELAY.as_millis() as u64,
                    "token refused as revoked right after consent; sending once more"
                );
                self.clock().sleep(REVOCATION_RETRY_DELAY).await;
                transport.execute(spec).await
            }
            other => other,
        };
        if let Err(Error::RateLimited {
            rate_limit: Some(window),
            retry_after: None,
            ..
        }) = &result
        {
            if window.reset_at.is_some() {
                // A daily quota: nothing to this endpoint before it resets.
                transport.remember_rate_limits(vec![(**window).clone()]);
            }
        }
        result
    }

    /// Whether `err` is a revocation worth one more try: the token is fresh.
    fn retry_revocation(&self, err: &Error) -> bool {
        let revoked = matches!(err, Error::Auth { api: Some(api), .. }
            if api.code == Some(REVOKED_TOKEN_CODE)
                || api.kind.as_deref() == Some("REVOKED_ACCESS_TOKEN"));
        let fresh = self.cfg.token_issued_at.is_some_and(|at| {
            self.clock()
                .now()
                .duration_since(at)
                .is_ok_and(|age| age <= FRESH_TOKEN_WINDOW)
        });
        revoked && fresh
    }
}
