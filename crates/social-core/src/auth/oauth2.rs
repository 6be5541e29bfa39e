//! OAuth 2.0 for any RFC 6749 server (X, LinkedIn, …): the client configuration, PKCE
//! (RFC 7636, `S256`), the authorization URL, the token-endpoint grants (authorization code,
//! refresh, client credentials), revocation (RFC 7009), and the dialect that maps token-endpoint
//! errors.
//!
//! Every token-endpoint call goes through a [`Transport`]: form body, no client authenticator,
//! every secret in the body marked sensitive, the response withheld from error snippets, and the
//! grant marked [`Idempotency::Unsafe`] so a refresh is never replayed (rotating refresh tokens
//! are single-use).

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use http::HeaderValue;
use rand::Rng;
use serde::{Deserialize, Deserializer, Serialize};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use url::Url;

use super::{AccessToken, ClientSecret, PkceVerifier, RefreshToken};
use crate::clock::Clock;
use crate::error::{AuthErrorKind, Error, Result};
use crate::http::{ApiDialect, ErrorContext, Idempotency, RequestSpec, Transport, default_error};
use crate::types::Network;

mod authorize;

pub use authorize::{AuthorizationRequest, AuthorizeUrlBuilder};

impl PkceVerifier {
    /// A fresh verifier: 32 bytes from the thread's CSPRNG, base64url without padding
    /// (43 characters of the unreserved set, as RFC 7636 section 4.1 recommends).
    ///
    /// ```
    /// let v = social_core::auth::PkceVerifier::generate();
    /// assert_eq!(v.secret().len(), 43);
    /// ```
    pub fn generate() -> Self {
        let bytes: [u8; 32] = rand::rng().random();
        PkceVerifier::new(URL_SAFE_NO_PAD.encode(bytes))
    }

    /// The `S256` code challenge: `BASE64URL(SHA256(verifier))` without padding.
    ///
    /// ```
    /// // RFC 7636 Appendix B.
    /// let v = social_core::auth::PkceVerifier::new("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    /// assert_eq!(v.s256_challenge(), "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
    /// ```
    pub fn s256_challenge(&self) -> String {
        URL_SAFE_NO_PAD.encode(Sha256::digest(self.secret().as_bytes()))
    }
}

/// How the client authenticates itself to the token endpoint (RFC 6749 section 2.3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientAuth {
    /// `Authorization: Basic base64(urlencode(client_id):urlencode(client_secret))`: confidential
    /// clients (X). The default when a client secret is set.
    Basic,
    /// `client_id` (and `client_secret`, when set) in the form body: public clients, and servers
    /// that want the secret in the body (LinkedIn). The default without a client secret.
    RequestBody,
}

/// The registration of an OAuth 2.0 client: its id and secret, the server's endpoints, the
/// redirect URI and how the client authenticates. Plain data; [`OAuth2Client`] checks it.
///
/// ```no_run
/// use social_core::auth::{ClientSecret, OAuth2Config};
///
/// let config = OAuth2Config::new("my-client-id", "https://api.x.com/2/oauth2/token")
///     .with_client_secret(ClientSecret::new("my-client-secret"))
///     .with_authorize_url("https://x.com/i/oauth2/authorize")
///     .with_revoke_url("https://api.x.com/2/oauth2/revoke")
///     .with_redirect_uri("https://app.example.com/callback");
/// # let _ = config;
/// ```
#[derive(Clone)]
#[must_use]
pub struct OAuth2Config {
    client_id: String,
    client_secret: Option<ClientSecret>,
    token_url: String,
    authorize_url: Option<String>,
    revoke_url: Option<String>,
    redirect_uri: Option<String>,
    client_auth: Option<ClientAuth>,
}

impl fmt::Debug for OAuth2Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Config")
            .field("client_id", &self.client_id)
            .field("client_secret", &self.client_secret)
            .field("token_url", &self.token_url)
            .field("authorize_url", &self.authorize_url)
            .field("revoke_url", &self.revoke_url)
            .field("redirect_uri", &self.redirect_uri)
            .field("client_auth", &self.client_auth())
            .finish()
    }
}

impl OAuth2Config {
    /// A client `client_id` of the server whose token endpoint is `token_url`.
    pub fn new(client_id: impl Into<String>, token_url: impl Into<String>) -> Self {
        OAuth2Config {
            client_id: client_id.into(),
            client_secret: None,
            token_url: token_url.into(),
            authorize_url: None,
            revoke_url: None,
            redirect_uri: None,
            client_auth: None,
        }
    }

    /// The client secret (confidential clients).
    pub fn with_client_secret(mut self, secret: ClientSecret) -> Self {
        self.client_secret = Some(secret);
        self
    }

    /// The authorization endpoint users are sent to (needed for the authorization-code flow).
    pub fn with_authorize_url(mut self, url: impl Into<String>) -> Self {
        self.authorize_url = Some(url.into());
        self
    }

    /// The revocation endpoint (RFC 7009).
    pub fn with_revoke_url(mut self, url: impl Into<String>) -> Self {
        self.revoke_url = Some(url.into());
        self
    }

    /// The redirect URI registered with the server; sent in the authorization request and the
    /// code exchange.
    pub fn with_redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// How the client authenticates to the token endpoint (default: [`ClientAuth::Basic`] with a
    /// secret, [`ClientAuth::RequestBody`] without).
    pub fn with_client_auth(mut self, auth: ClientAuth) -> Self {
        self.client_auth = Some(auth);
        self
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// How the client authenticates to the token endpoint.
    pub fn client_auth(&self) -> ClientAuth {
        self.client_auth.unwrap_or(match self.client_secret {
            Some(_) => ClientAuth::Basic,
            None => ClientAuth::RequestBody,
        })
    }
}

/// The HTTP Basic credentials of a client, `base64(urlencode(id) ":" urlencode(secret))`, as
/// RFC 6749 section 2.3.1 requires (the id and secret are form-urlencoded first, so a space becomes `+`).
///
/// ```
/// use social_core::auth::{ClientSecret, oauth2::basic_credentials};
/// // X's application-only example.
/// let secret = ClientSecret::new("L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg");
/// assert_eq!(
///     basic_credentials("xvz1evFS4wEEPTGEFPHBog", &secret),
///     "eHZ6MWV2RlM0d0VFUFRHRUZQSEJvZzpMOHFxOVBaeVJnNmllS0dFS2hab2xHQzB2SldMdzhpRUo4OERSZHlPZw=="
/// );
/// ```
pub fn basic_credentials(client_id: &str, client_secret: &ClientSecret) -> String {
    let enc = |s: &str| url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
    STANDARD.encode(format!(
        "{}:{}",
        enc(client_id),
        enc(client_secret.secret())
    ))
}

/// Compares the `state` returned to the redirect URI with the one sent (or any shared value a
/// caller sends back, such as a webhook's verify token), in constant time whatever the lengths:
/// the SHA-256 digests are compared, so the time does not tell how long the expected value is.
/// An empty expected value never matches.
///
/// ```
/// use social_core::auth::oauth2::verify_state;
/// assert!(verify_state("xyz", "xyz"));
/// assert!(!verify_state("xyz", "xyw"));
/// assert!(!verify_state("", ""));
/// ```
pub fn verify_state(expected: &str, received: &str) -> bool {
    let (e, r) = (
        Sha256::digest(expected.as_bytes()),
        Sha256::digest(received.as_bytes()),
    );
    !expected.is_empty() && bool::from(e.as_slice().ct_eq(r.as_slice()))
}

/// A set of OAuth 2.0 tokens, as the token endpoint issued them.
///
/// `expires_at` is computed at receipt from `expires_in` with the transport's clock. Serialisable
/// (times as Unix seconds) so a [`TokenStore`](super::TokenStore) can persist it; its `Debug`
/// redacts the tokens.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::auth::{AccessToken, RefreshToken, TokenSet};
///
/// let now = SystemTime::now();
/// let tokens = TokenSet::new(AccessToken::new("SEKRIT"))
///     .with_refresh_token(RefreshToken::new("SEKRIT-too"))
///     .with_lifetime(now, Duration::from_secs(7200));
/// assert!(!format!("{tokens:?}").contains("SEKRIT"));
/// assert_eq!(tokens.expires_at, Some(now + Duration::from_secs(7200)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TokenSet {
    /// The access token.
    pub access_token: AccessToken,
    /// The refresh token, when the server issued one (X: only with `offline.access`).
    #[serde(default)]
    pub refresh_token: Option<RefreshToken>,
    /// When the access token was issued (read from the clock at receipt).
    #[serde(default, with = "unix_seconds")]
    pub issued_at: Option<SystemTime>,
    /// When the access token expires, when the server said (`expires_in`).
    #[serde(default, with = "unix_seconds")]
    pub expires_at: Option<SystemTime>,
    /// The granted scopes (the response's `scope`, split on spaces or commas).
    #[serde(default)]
    pub scopes: Vec<String>,
    /// The token type (`bearer`).
    #[serde(default = "bearer")]
    pub token_type: String,
}

fn bearer() -> String {
    "bearer".to_string()
}

impl TokenSet {
    /// An access token with no refresh token, no known expiry and no scopes.
    pub fn new(access_token: AccessToken) -> Self {
        TokenSet {
            access_token,
            refresh_token: None,
            issued_at: None,
            expires_at: None,
            scopes: Vec::new(),
            token_type: bearer(),
        }
    }

    /// Sets the refresh token.
    #[must_use]
    pub fn with_refresh_token(mut self, token: RefreshToken) -> Self {
        self.refresh_token = Some(token);
        self
    }

    /// Sets when the token was issued and how long it lives.
    #[must_use]
    pub fn with_lifetime(mut self, issued_at: SystemTime, lifetime: Duration) -> Self {
        self.issued_at = Some(issued_at);
        self.expires_at = Some(issued_at + lifetime);
        self
    }

    /// Sets the granted scopes.
    #[must_use]
    pub fn with_scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes = scopes.into_iter().map(Into::into).collect();
        self
    }

    /// Whether the access token has expired at `now` (never, when the expiry is unknown).
    pub fn is_expired(&self, now: SystemTime) -> bool {
        self.expires_at.is_some_and(|at| now >= at)
    }

    fn from_response(resp: TokenResponse, now: SystemTime) -> Self {
        TokenSet {
            access_token: resp.access_token,
            refresh_token: resp.refresh_token,
            issued_at: Some(now),
            expires_at: resp
                .expires_in
                .and_then(|s| now.checked_add(Duration::from_secs(s))),
            scopes: resp
                .scope
                .unwrap_or_default()
                .split([' ', ','])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            token_type: resp.token_type.unwrap_or_else(bearer),
        }
    }
}

mod unix_seconds {
    use std::time::{Duration, SystemTime};

    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(
        t: &Option<SystemTime>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match t.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok()) {
            Some(d) => s.serialize_some(&d.as_secs()),
            None => s.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        Ok(Option::<u64>::deserialize(d)?
            .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s))))
    }
}

/// A token-endpoint success body (RFC 6749 section 5.1), read leniently.
#[derive(Deserialize)]
struct TokenResponse {
    access_token: AccessToken,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_seconds")]
    expires_in: Option<u64>,
    #[serde(default)]
    refresh_token: Option<RefreshToken>,
    #[serde(default)]
    scope: Option<String>,
}

/// `expires_in` as a number or a numeric string (some servers quote it).
fn lenient_seconds<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Seconds {
        Number(u64),
        Text(String),
    }
    Ok(match Option::<Seconds>::deserialize(d)? {
        Some(Seconds::Number(n)) => Some(n),
        Some(Seconds::Text(s)) => s.trim().parse().ok(),
        None => None,
    })
}

/// Maps token-endpoint errors (RFC 6749 section 5.2, `{"error":"invalid_grant",
/// "error_description":…}`) onto [`Error`]:
///
/// - `invalid_grant` (code used or expired, refresh token revoked, rotated or expired) →
///   [`Error::Auth`] with [`AuthErrorKind::ReauthorizationRequired`]: only the user can fix it;
/// - `invalid_client`, `unauthorized_client` → [`Error::Config`]: the client id, secret or
///   authentication style is wrong, and sending the user through the flow again would not help
///   (nor should stored tokens be thrown away for it);
/// - anything else → [`default_error`].
///
/// ```
/// use std::sync::Arc;
/// use social_core::auth::OAuth2Dialect;
/// use social_core::http::Transport;
/// use social_core::Network;
///
/// let token_transport = Transport::builder(Network::X, "https://api.x.com")
///     .dialect(Arc::new(OAuth2Dialect(Network::X)))
///     .build()
///     .unwrap();
/// # let _ = token_transport;
/// ```
#[derive(Debug, Clone, Copy)]
pub struct OAuth2Dialect(pub Network);

impl ApiDialect for OAuth2Dialect {
    fn network(&self) -> Network {
        self.0
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        let json = ctx.json();
        let field = |name: &str| json.as_ref()?.get(name)?.as_str().map(str::to_string);
        // The description may echo what was sent (a refresh token, a client secret): mask it.
        let (code, description) = (
            field("error"),
            field("error_description").map(|d| ctx.mask(&d)),
        );
        match code.as_deref() {
            Some("invalid_grant") => {
                let message = description.unwrap_or_else(|| {
                    "the authorization grant or refresh token is invalid, expired or revoked".into()
                });
                let api = ctx
                    .api_error()
                    .with_kind("invalid_grant")
                    .with_message(message.clone());
                Error::Auth {
                    network: ctx.network,
                    kind: AuthErrorKind::ReauthorizationRequired,
                    message,
                    api: Some(Box::new(api)),
                }
            }
            Some(code @ ("invalid_client" | "unauthorized_client")) => Error::config(
                ctx.network,
                format!(
                    "the token endpoint refused the client (HTTP {}, {code}{}); check the client id, \
                     the client secret and the client authentication style",
                    ctx.status,
                    description.map(|d| format!(": {d}")).unwrap_or_default()
                ),
            ),
            _ => default_error(ctx),
        }
    }
}

/// An OAuth 2.0 client: a checked [`OAuth2Config`] and the [`Transport`] its token-endpoint
/// calls go through. Cheap to clone.
///
/// ```no_run
/// use social_core::auth::{ClientSecret, OAuth2Client, OAuth2Config, oauth2::verify_state};
/// use social_core::Network;
///
/// # async fn run(code_from_redirect: &str, state_from_redirect: &str) -> social_core::Result<()> {
/// let config = OAuth2Config::new("my-client-id", "https://api.x.com/2/oauth2/token")
///     .with_client_secret(ClientSecret::new("my-client-secret"))
///     .with_authorize_url("https://x.com/i/oauth2/authorize")
///     .with_redirect_uri("https://app.example.com/callback");
/// let client = OAuth2Client::new(Network::X, config)?;
///
/// // 1. Send the user to the authorization URL; keep `state` and the verifier in the session.
/// let request = client
///     .authorize_url()
///     .scopes(["tweet.read", "tweet.write", "users.read", "offline.access"])
///     .build()?;
/// println!("open {}", request.url);
///
/// // 2. On the redirect: check the state, then exchange the code (it lives 30 s on X).
/// assert!(verify_state(&request.state, state_from_redirect));
/// let tokens = client.exchange_code(code_from_redirect, request.pkce_verifier).await?;
/// # let _ = tokens; Ok(()) }
/// ```
#[derive(Clone)]
pub struct OAuth2Client {
    config: Arc<OAuth2Config>,
    token_url: Url,
    authorize_url: Option<Url>,
    revoke_url: Option<Url>,
    transport: Transport,
}

impl fmt::Debug for OAuth2Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth2Client")
            .field("network", &self.transport.network())
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

impl OAuth2Client {
    /// A client for `network` whose token-endpoint calls go through a transport of its own
    /// (the SDK's HTTP client, [`OAuth2Dialect`], the system clock).
    pub fn new(network: Network, config: OAuth2Config) -> Result<Self> {
        let transport = Transport::builder(network, config.token_url.clone())
            .dialect(Arc::new(OAuth2Dialect(network)))
            .build()?;
        Self::with_transport(config, transport)
    }

    /// A client whose token-endpoint calls go through `transport` (your `reqwest::Client`,
    /// timeouts, clock). Build it with [`OAuth2Dialect`] so that `invalid_grant` maps to
    /// [`AuthErrorKind::ReauthorizationRequired`]; its base URL does not matter (each call names
    /// its endpoint), and it should have no authenticator.
    ///
    /// Fails when an endpoint URL is not valid, or Basic authentication has no secret.
    pub fn with_transport(config: OAuth2Config, transport: Transport) -> Result<Self> {
        let network = transport.network();
        let parse = |what: &str, url: &str| {
            Url::parse(url)
                .ok()
                .filter(|u| !u.cannot_be_a_base() && matches!(u.scheme(), "http" | "https"))
                .ok_or_else(|| {
                    Error::config(
                        network,
                        format!("the OAuth 2.0 {what} URL is not a valid http(s) URL"),
                    )
                })
        };
        let token_url = parse("token", &config.token_url)?;
        let authorize_url = config
            .authorize_url
            .as_deref()
            .map(|u| parse("authorize", u))
            .transpose()?;
        let revoke_url = config
            .revoke_url
            .as_deref()
            .map(|u| parse("revoke", u))
            .transpose()?;
        if config.client_auth() == ClientAuth::Basic && config.client_secret.is_none() {
            return Err(Error::config(
                network,
                "HTTP Basic client authentication needs a client secret",
            ));
        }
        Ok(OAuth2Client {
            config: Arc::new(config),
            token_url,
            authorize_url,
            revoke_url,
            transport,
        })
    }

    /// The network.
    pub fn network(&self) -> Network {
        self.transport.network()
    }

    /// The configuration.
    pub fn config(&self) -> &OAuth2Config {
        &self.config
    }

    /// The token endpoint as errors name it (`POST /2/oauth2/token`).
    pub(crate) fn token_endpoint(&self) -> String {
        endpoint_name(&self.token_url)
    }

    /// The clock of the token-endpoint transport (token times are read from it).
    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        self.transport.clock()
    }

    /// Starts the authorization request (RFC 6749 section 4.1.1): PKCE `S256`, a random `state` and
    /// space-separated scopes by default.
    pub fn authorize_url(&self) -> AuthorizeUrlBuilder {
        AuthorizeUrlBuilder::from_parts(
            self.network(),
            self.authorize_url
                .clone()
                .ok_or_else(|| "no OAuth 2.0 authorize URL is configured".to_string()),
            self.config.client_id.clone(),
            self.config.redirect_uri.clone(),
        )
    }

    /// Exchanges an authorization code for tokens (RFC 6749 section 4.1.3), with the PKCE verifier
    /// the authorization request was made with.
    ///
    /// An `invalid_grant` (code used or older than its short lifetime) is
    /// [`AuthErrorKind::ReauthorizationRequired`].
    pub async fn exchange_code(
        &self,
        code: &str,
        pkce_verifier: Option<PkceVerifier>,
    ) -> Result<TokenSet> {
        let mut form = vec![
            ("grant_type", "authorization_code".to_string()),
            ("code", code.to_string()),
        ];
        if let Some(uri) = &self.config.redirect_uri {
            form.push(("redirect_uri", uri.clone()));
        }
        if let Some(v) = &pkce_verifier {
            form.push(("code_verifier", v.secret().to_string()));
        }
        let mut spec = self.token_spec(&self.token_url, form)?.sensitive(code);
        if let Some(v) = &pkce_verifier {
            spec = spec.sensitive(v.secret());
        }
        self.request_tokens(spec).await
    }

    /// Uses a refresh token (RFC 6749 section 6). When the response carries no new refresh token, the
    /// one given is kept in the returned set. Sent once, never replayed: a rotating refresh token
    /// is single-use, so an ambiguous failure gives [`Error::Unconfirmed`] (for this refresh).
    ///
    /// [`RefreshingAuth`](super::RefreshingAuth) calls this for you, one refresh at a time, and
    /// persists the result before using it; it reports an ambiguous refresh to the caller of the
    /// request that needed the token as [`AuthErrorKind::RefreshOutcomeUnknown`], never as
    /// `Unconfirmed`, which describes only a caller's own request.
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<TokenSet> {
        let form = vec![
            ("grant_type", "refresh_token".to_string()),
            ("refresh_token", refresh_token.secret().to_string()),
        ];
        let spec = self
            .token_spec(&self.token_url, form)?
            .sensitive(refresh_token.secret());
        let mut tokens = self.request_tokens(spec).await?;
        if tokens.refresh_token.is_none() {
            tokens.refresh_token = Some(refresh_token.clone());
        }
        Ok(tokens)
    }

    /// The client-credentials grant (RFC 6749 section 4.4): a token for the app itself. X's app-only
    /// bearer token is this grant with Basic authentication against
    /// `https://api.x.com/oauth2/token`.
    ///
    /// ```no_run
    /// use social_core::auth::{ClientSecret, OAuth2Client, OAuth2Config};
    /// use social_core::Network;
    ///
    /// # async fn run() -> social_core::Result<()> {
    /// let config = OAuth2Config::new("consumer-key", "https://api.x.com/oauth2/token")
    ///     .with_client_secret(ClientSecret::new("consumer-secret"));
    /// let app_only = OAuth2Client::new(Network::X, config)?
    ///     .client_credentials::<&str>([])
    ///     .await?;
    /// # let _ = app_only; Ok(()) }
    /// ```
    pub async fn client_credentials<S: Into<String>>(
        &self,
        scopes: impl IntoIterator<Item = S>,
    ) -> Result<TokenSet> {
        let scope = join_scopes(scopes);
        let mut form = vec![("grant_type", "client_credentials".to_string())];
        if !scope.is_empty() {
            form.push(("scope", scope));
        }
        let spec = self.token_spec(&self.token_url, form)?;
        self.request_tokens(spec).await
    }

    /// Revokes an access token (RFC 7009, `token_type_hint=access_token`).
    pub async fn revoke_access_token(&self, token: &AccessToken) -> Result<()> {
        self.revoke(token.secret(), "access_token").await
    }

    /// Revokes a refresh token (RFC 7009, `token_type_hint=refresh_token`); servers then revoke
    /// the access tokens issued with it too.
    pub async fn revoke_refresh_token(&self, token: &RefreshToken) -> Result<()> {
        self.revoke(token.secret(), "refresh_token").await
    }

    async fn revoke(&self, token: &str, hint: &str) -> Result<()> {
        let url = self.revoke_url.as_ref().ok_or_else(|| {
            Error::config(self.network(), "no OAuth 2.0 revoke URL is configured")
        })?;
        let form = vec![
            ("token", token.to_string()),
            ("token_type_hint", hint.to_string()),
        ];
        // Revoking twice is harmless (RFC 7009 section 2.2: an invalid token still gets a 200).
        let spec = self
            .token_spec(url, form)?
            .sensitive(token)
            .with_idempotency(Idempotency::Idempotent);
        self.transport.execute(spec).await.map(drop)
    }

    /// A form POST to a token endpoint, with the client's authentication and secrets marked.
    fn token_spec(&self, url: &Url, mut form: Vec<(&'static str, String)>) -> Result<RequestSpec> {
        let mut spec = RequestSpec::post("")
            .base_url(url.clone())
            .endpoint(endpoint_name(url))
            .unauthenticated()
            .secret_response()
            .with_idempotency(Idempotency::Unsafe);
        let secret = self.config.client_secret.as_ref();
        match (self.config.client_auth(), secret) {
            (ClientAuth::Basic, Some(secret)) => {
                let value = format!(
                    "Basic {}",
                    basic_credentials(&self.config.client_id, secret)
                );
                let mut header = HeaderValue::from_str(&value).map_err(|_| {
                    Error::config(
                        self.network(),
                        "the client credentials cannot be sent in a header",
                    )
                })?;
                header.set_sensitive(true);
                spec = spec
                    .header(http::header::AUTHORIZATION, header)
                    .sensitive(value);
            }
            _ => {
                form.push(("client_id", self.config.client_id.clone()));
                if let Some(secret) = secret {
                    form.push(("client_secret", secret.secret().to_string()));
                }
            }
        }
        if let Some(secret) = secret {
            spec = spec.sensitive(secret.secret());
        }
        Ok(spec.form(form))
    }

    async fn request_tokens(&self, spec: RequestSpec) -> Result<TokenSet> {
        let response: TokenResponse = self.transport.execute_json(spec).await?;
        Ok(TokenSet::from_response(
            response,
            self.transport.clock().now(),
        ))
    }
}

/// A token-endpoint call as errors and logs name it: no host, no query.
fn endpoint_name(url: &Url) -> String {
    format!("POST {}", url.path())
}

fn join_scopes<S: Into<String>>(scopes: impl IntoIterator<Item = S>) -> String {
    scopes
        .into_iter()
        .map(Into::into)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_response_is_read_leniently() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000);
        let resp: TokenResponse = serde_json::from_value(serde_json::json!({
            "access_token": "a", "expires_in": "60", "scope": "r_basicprofile,w_member_social"
        }))
        .unwrap();
        let t = TokenSet::from_response(resp, now);
        assert_eq!(t.expires_at, Some(now + Duration::from_secs(60)));
        assert_eq!(t.scopes, ["r_basicprofile", "w_member_social"]);
        assert_eq!(t.token_type, "bearer");
        assert!(t.refresh_token.is_none());
    }

    #[test]
    fn token_set_round_trips_with_unix_seconds() {
        let t = TokenSet::new(AccessToken::new("a"))
            .with_refresh_token(RefreshToken::new("r"))
            .with_lifetime(
                SystemTime::UNIX_EPOCH + Duration::from_secs(10),
                Duration::from_secs(5),
            );
        let json = serde_json::to_value(&t).unwrap();
        assert_eq!(json["expires_at"], 15);
        assert_eq!(serde_json::from_value::<TokenSet>(json).unwrap(), t);
        let minimal: TokenSet = serde_json::from_str(r#"{"access_token":"a"}"#).unwrap();
        assert_eq!(minimal, TokenSet::new(AccessToken::new("a")));
    }

    #[test]
    fn generated_values_are_unreserved_and_distinct() {
        let (a, b) = (PkceVerifier::generate(), PkceVerifier::generate());
        assert_ne!(a.secret(), b.secret());
        assert!(
            a.secret()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"-._~".contains(&c))
        );
    }
}
