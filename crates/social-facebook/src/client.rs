//! The Graph client: how it is built, which token it signs with, and how each request is sent.

use std::fmt;
use std::sync::Arc;

use serde::de::DeserializeOwned;
use social_core::auth::{AccessToken, AppSecret, Authenticator};
use social_core::http::{ClientOptions, Raw, RequestSpec, Response, Transport};
use social_core::{AuthErrorKind, Error, Network, RateLimit, Result};

use crate::auth::GraphAuth;
use crate::error::{APP_BUCKET, GraphDialect};
use crate::models::{PageAccount, Success, User};
use crate::version::GraphVersion;

/// The production Graph host.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";

/// A client of the Facebook Graph API, signed with one token (a user's or a Page's). Cheap to
/// clone; [`with_token`](Self::with_token) and [`for_page`](Self::for_page) make clients for
/// other tokens that share the connections.
///
/// ```no_run
/// use social_core::auth::{AccessToken, AppSecret};
/// use social_facebook::FacebookClient;
///
/// # async fn run() -> social_core::Result<()> {
/// use social_facebook::Listing;
/// let fb = FacebookClient::builder()
///     .access_token(AccessToken::new(std::env::var("FB_USER_TOKEN").unwrap_or_default()))
///     .app_secret(AppSecret::new(std::env::var("FB_APP_SECRET").unwrap_or_default()))
///     .build()?;
/// let pages = fb.pages().accounts().collect(Default::default()).await?;
/// let page = fb.for_page(&pages[0])?;
/// let posted = page.posts().create(&pages[0].id).message("Our office is closed on Friday.").send().await?;
/// println!("posted {}", posted.id);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct FacebookClient {
    transport: Transport,
    cfg: Arc<Config>,
    signed: bool,
    /// The Page this client acts for, when known: its quota is what every call counts against.
    page: Option<crate::models::PageId>,
}

struct Config {
    version: GraphVersion,
    app_id: Option<String>,
    app_secret: Option<AppSecret>,
    appsecret_time: bool,
}

impl fmt::Debug for FacebookClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FacebookClient")
            .field("transport", &self.transport)
            .field("version", &self.cfg.version)
            .field("app_id", &self.cfg.app_id)
            .field("app_secret", &self.cfg.app_secret)
            .field("signed", &self.signed)
            .field("page", &self.page)
            .finish_non_exhaustive()
    }
}

/// Builds a [`FacebookClient`].
///
/// The transport settings are core's [`ClientOptions`], taken as every adapter's builder takes
/// them: one by one (`base_url`, `http_client`, `timeout`, `connect_timeout`, `user_agent`,
/// `retry_policy`, `retry_budget`, `clock`, `max_rate_limit_wait`, `throttle_cooldown`,
/// `max_response_bytes`) or all at once with `options`. For Graph, `base_url` is the host
/// (default [`DEFAULT_BASE_URL`]): the version is added after it. A throttle cooldown applies to
/// usage headers at 100 % and to codes 4, 17, 32 and 613 without
/// `estimated_time_to_regain_access` (see [`error`](crate::error)). Graph's own settings are the
/// version, the app id and secret, and the token.
///
/// ```no_run
/// use std::time::Duration;
/// use social_core::auth::{AccessToken, AppSecret};
/// use social_core::http::ClientOptions;
/// use social_facebook::FacebookClient;
///
/// # fn run() -> social_core::Result<()> {
/// let fb = FacebookClient::builder()
///     .base_url("http://127.0.0.1:8080/facebook") // a local fake; https is required elsewhere
///     .version("v25.0")?
///     .app_id("1234567890")
///     .app_secret(AppSecret::new("app-secret"))
///     .access_token(AccessToken::new("EAAB…"))
///     .timeout(Duration::from_secs(20))
///     .build()?;
///
/// // The same transport settings for several clients.
/// let shared = ClientOptions::new()
///     .user_agent("practice-tools/1.0")
///     .throttle_cooldown(Duration::from_secs(10 * 60));
/// let page = FacebookClient::builder()
///     .options(shared.clone())
///     .access_token(AccessToken::new("EAAB…"))
///     .build()?;
/// # let _ = (fb, page); Ok(()) }
/// ```
#[must_use]
pub struct FacebookClientBuilder {
    options: ClientOptions,
    version: GraphVersion,
    app_id: Option<String>,
    app_secret: Option<AppSecret>,
    appsecret_time: bool,
    token: Option<AccessToken>,
    authenticator: Option<Arc<dyn Authenticator>>,
}

impl fmt::Debug for FacebookClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FacebookClientBuilder")
            .field("options", &self.options)
            .field("version", &self.version)
            .field("app_id", &self.app_id)
            .field("token", &self.token)
            .finish_non_exhaustive()
    }
}

impl FacebookClientBuilder {
    // The transport settings, as every adapter's builder takes them: `base_url` is the Graph
    // host (default `https://graph.facebook.com`), the version is added after it.
    social_core::client_options_setters!(options);

    /// The Graph version (default [`DEFAULT_VERSION`](crate::version::DEFAULT_VERSION)); any
    /// `vNN.N` is accepted.
    pub fn version(mut self, version: impl AsRef<str>) -> Result<Self> {
        self.version = GraphVersion::new(version.as_ref())?;
        Ok(self)
    }

    /// The Graph version, already checked.
    pub fn graph_version(mut self, version: GraphVersion) -> Self {
        self.version = version;
        self
    }

    /// The app id (login URL, token exchanges, `debug_token`).
    pub fn app_id(mut self, id: impl Into<String>) -> Self {
        self.app_id = Some(id.into());
        self
    }

    /// The app secret: every call then carries `appsecret_proof`, and the token exchanges and
    /// `debug_token` become possible.
    pub fn app_secret(mut self, secret: AppSecret) -> Self {
        self.app_secret = Some(secret);
        self
    }

    /// Sends the time-bound proof (`appsecret_time` and an HMAC of `token|time`) instead of
    /// the plain one.
    pub fn appsecret_time(mut self, on: bool) -> Self {
        self.appsecret_time = on;
        self
    }

    /// The token calls are signed with: a user token (Pages listing, token exchanges) or a Page
    /// token (everything done as the Page).
    pub fn access_token(mut self, token: AccessToken) -> Self {
        self.token = Some(token);
        self
    }

    /// Any authenticator instead of a fixed token (it must add `access_token` itself, as a
    /// query parameter); with an [`app_secret`](Self::app_secret), `appsecret_proof` is added
    /// after it from that token.
    pub fn authenticator(mut self, auth: Arc<dyn Authenticator>) -> Self {
        self.authenticator = Some(auth);
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<FacebookClient> {
        let mut options = self.options;
        let host = options
            .base_url
            .take()
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        let base = format!("{}/{}", host.trim_end_matches('/'), self.version.as_str());
        let mut b = Transport::builder(Network::Facebook, base)
            .options(options)
            .dialect(Arc::new(GraphDialect::new(self.version.clone())));
        let auth: Option<Arc<dyn Authenticator>> = match (self.authenticator, self.token) {
            (Some(a), _) => match self.app_secret.clone() {
                Some(secret) => Some(Arc::new(crate::auth::WithProof { inner: a, secret })),
                None => Some(a),
            },
            (None, Some(t)) => Some(Arc::new(
                GraphAuth::new(t, self.app_secret.clone()).with_appsecret_time(self.appsecret_time),
            )),
            (None, None) => None,
        };
        let signed = auth.is_some();
        if let Some(a) = auth {
            b = b.authenticator(a);
        }
        Ok(FacebookClient {
            transport: b.build()?,
            cfg: Arc::new(Config {
                version: self.version,
                app_id: self.app_id,
                app_secret: self.app_secret,
                appsecret_time: self.appsecret_time,
            }),
            signed,
            page: None,
        })
    }
}

impl FacebookClient {
    /// Starts building a client.
    pub fn builder() -> FacebookClientBuilder {
        FacebookClientBuilder {
            options: ClientOptions::new(),
            version: GraphVersion::default(),
            app_id: None,
            app_secret: None,
            appsecret_time: false,
            token: None,
            authenticator: None,
        }
    }

    /// A client like this one signed with `token` (same connections, version, app credentials,
    /// and rate-limit knowledge: Graph's quotas are the app's and each Page's, so a cooldown one
    /// client learnt holds for the other).
    pub fn with_token(&self, token: AccessToken) -> FacebookClient {
        let auth = GraphAuth::new(token, self.cfg.app_secret.clone())
            .with_appsecret_time(self.cfg.appsecret_time);
        FacebookClient {
            // Graph's buckets are the app's and each Page's, whatever the token: shared.
            transport: self
                .transport
                .with_authenticator(Some(Arc::new(auth)), true),
            cfg: self.cfg.clone(),
            signed: true,
            page: None,
        }
    }

    /// This client, known to act for `page`: every call then counts against that Page's quota
    /// in the rate-limit checks, including calls on a comment, whose id does not name the Page.
    /// [`for_page`](Self::for_page) and [`FacebookPage`](crate::adapter::FacebookPage) do it for
    /// you.
    ///
    /// ```no_run
    /// use social_core::auth::AccessToken;
    /// use social_facebook::models::PageId;
    ///
    /// # fn run(user: social_facebook::FacebookClient) {
    /// let page = user
    ///     .with_token(AccessToken::new("page-token"))
    ///     .acting_for(PageId::new("200000000000001"));
    /// # let _ = page; }
    /// ```
    pub fn acting_for(&self, page: crate::models::PageId) -> FacebookClient {
        FacebookClient {
            page: Some(page),
            ..self.clone()
        }
    }

    /// A client acting as the Page of `account` (from
    /// [`Pages::accounts`](crate::pages::Pages::accounts)), signed with its Page
    /// token. Fails when the account carries no token (the person holds no task on the Page, or
    /// `access_token` was not among the fields asked for).
    pub fn for_page(&self, account: &PageAccount) -> Result<FacebookClient> {
        let token = account.access_token.clone().ok_or_else(|| {
            Error::config(
                Network::Facebook,
                format!(
                    "the Page {} came without a Page token: ask for the `access_token` field with a user token that holds a task on the Page",
                    account.id
                ),
            )
        })?;
        Ok(self.with_token(token).acting_for(account.id.clone()))
    }

    /// The Graph version asked for.
    pub fn version(&self) -> &GraphVersion {
        &self.cfg.version
    }

    /// The app id, when configured.
    pub fn app_id(&self) -> Option<&str> {
        self.cfg.app_id.as_deref()
    }

    pub(crate) fn app_secret(&self) -> Option<&AppSecret> {
        self.cfg.app_secret.as_ref()
    }

    /// The underlying transport.
    pub fn transport(&self) -> &Transport {
        &self.transport
    }

    /// Untyped calls to endpoints not typed here (paths relative to the version, e.g.
    /// `"me/feed"`), with this client's token, proof, retries and errors.
    pub fn raw(&self) -> Raw {
        self.transport.raw()
    }

    /// What the client last learnt about a quota: [`APP_BUCKET`] for `X-App-Usage`,
    /// [`page_bucket`](crate::error::page_bucket) and [`buc_bucket`](crate::error::buc_bucket)
    /// for a Page. `None` when Graph sent no usage header yet (it omits them near 0 %).
    pub fn rate_limit(&self, bucket: &str) -> Option<RateLimit> {
        self.transport.rate_limit(bucket)
    }

    /// The app-level usage (`X-App-Usage`) last seen.
    pub fn app_usage(&self) -> Option<RateLimit> {
        self.rate_limit(APP_BUCKET)
    }

    /// A Page's usage last seen: the more constraining of its `X-Page-Usage` and the `pages`
    /// entry of `X-Business-Use-Case-Usage` (with the time to regain access when throttled).
    /// `None` when Graph sent neither yet (it omits them near 0 %).
    ///
    /// ```no_run
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let id = PageId::new("200000000000001");
    /// page.pages().get(&id).send().await?;
    /// if let Some(usage) = page.page_usage(&id) {
    ///     println!("{:?} % used, back at {:?}", usage.used_percent, usage.reset_at);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn page_usage(&self, page: &crate::models::PageId) -> Option<RateLimit> {
        let limits: Vec<RateLimit> = [
            self.rate_limit(&crate::error::page_bucket(page.as_str())),
            self.rate_limit(&crate::error::buc_bucket(page.as_str(), "pages")),
        ]
        .into_iter()
        .flatten()
        .collect();
        social_core::http::most_constraining(&limits).cloned()
    }

    /// The person behind the token (`GET /me?fields=id,name`).
    pub async fn me(&self) -> Result<User> {
        self.send(
            RequestSpec::get("me")
                .query("fields", "id,name")
                .endpoint("GET /me"),
        )
        .await
    }

    fn check_signed(&self, spec: &RequestSpec) -> Result<()> {
        if self.signed {
            return Ok(());
        }
        Err(Error::Auth {
            network: Network::Facebook,
            kind: AuthErrorKind::Missing,
            message: format!(
                "{} needs an access token and the client has none",
                spec.endpoint_name()
            ),
            api: None,
        })
    }

    /// Sends a signed request and decodes the JSON answer.
    pub(crate) async fn send<T: DeserializeOwned>(&self, spec: RequestSpec) -> Result<T> {
        self.check_signed(&spec)?;
        self.transport.execute_json(self.keyed(spec)).await
    }

    /// The request, counted against this client's Page when it has one.
    fn keyed(&self, spec: RequestSpec) -> RequestSpec {
        match (&self.page, spec.bucket_key()) {
            (Some(page), None) => spec.with_bucket_key(page.as_str()),
            _ => spec,
        }
    }

    /// Sends a signed request and returns the response as it came (status, headers, correlation
    /// id), for callers that read more than the JSON body (the batch).
    pub(crate) async fn send_response(&self, spec: RequestSpec) -> Result<Response> {
        self.check_signed(&spec)?;
        self.transport.execute(self.keyed(spec)).await
    }

    /// Sends an idempotent write answered `{"success":true}`; `false` is an error, not a silent
    /// success. A request declared [`gone_is_success`](RequestSpec::gone_is_success) (a delete)
    /// whose retry found the object gone, after an attempt that may have deleted it, succeeds.
    pub(crate) async fn send_success(&self, spec: RequestSpec) -> Result<()> {
        let endpoint = spec.endpoint_name();
        // Idempotent writes only: a create's unreadable answer would need `send`'s Unconfirmed.
        debug_assert_ne!(spec.idempotency(), social_core::http::Idempotency::Unsafe);
        let resp = self.send_response(spec).await?;
        if resp.gone() {
            return Ok(());
        }
        let s: Success = resp.json()?;
        match s.success {
            Some(true) => Ok(()),
            _ => Err(Error::Protocol {
                network: Network::Facebook,
                message: format!(
                    "{endpoint} did not answer success: true; the change may not have been made"
                ),
            }),
        }
    }
}
