//! Tokens: the login dialog URL, the code exchange, long-lived user tokens, Page tokens, the app
//! token, `debug_token`, and the `appsecret_proof` added to every call.
//!
//! The usual path of a professional's app (facebook.md §2):
//! 1. send the user to [`Tokens::login_url`] and check the `state` that comes back;
//! 2. [`Tokens::exchange_code`] for a short-lived user token, then
//!    [`Tokens::exchange_for_long_lived`] (about 60 days);
//! 3. read the Page tokens with [`Pages::accounts`](crate::pages::Pages::accounts): a Page token
//!    obtained from a long-lived user token does not expire (`debug_token` shows
//!    `expires_at: 0`, [`TokenInfo::expires_at`] is `None` and [`TokenInfo::never_expires`] is
//!    true), but dies when the user changes their password (190/460), loses their role on the Page
//!    (190/492) or removes the app (190/458) — all reported as `Error::Auth`.

use std::time::{Duration, SystemTime};

use async_trait::async_trait;
use serde::Deserialize;
use social_core::auth::{
    AccessToken, AppSecret, AuthTarget, Authenticator, PkceVerifier, TokenSet,
};
use social_core::http::{Idempotency, RequestSpec};
use social_core::types::ids;
use social_core::{Error, Network, Result};
use url::Url;

use crate::client::FacebookClient;

/// Where the login dialog lives.
pub const DEFAULT_DIALOG_BASE: &str = "https://www.facebook.com";

/// `appsecret_proof`: lowercase hex HMAC-SHA256 of the access token, keyed with the app secret
/// (facebook.md §2.3).
///
/// ```
/// use social_core::auth::{AccessToken, AppSecret};
/// use social_facebook::auth::appsecret_proof;
///
/// // The vector of mobolic/facebook-sdk's test_application_secret_proof.py.
/// let proof = appsecret_proof(&AccessToken::new("abc123"), &AppSecret::new("xyz789"));
/// assert_eq!(proof, "4dad02ff1693df832f9c183fe400fc4f601360be06514acb4a73edb783eec345");
/// ```
pub fn appsecret_proof(token: &AccessToken, secret: &AppSecret) -> String {
    social_core::webhook::sign_hex(secret.secret().as_bytes(), token.secret().as_bytes())
}

/// The time-bound variant: HMAC-SHA256 of `token|unix_time`, sent with `appsecret_time`
/// (restfb's scheme; opt-in with
/// [`FacebookClientBuilder::appsecret_time`](crate::FacebookClientBuilder::appsecret_time)).
///
/// ```
/// use social_core::auth::{AccessToken, AppSecret};
/// use social_facebook::auth::appsecret_proof_at;
///
/// // Computed with Python's hmac (facebook.md §5.4, T4).
/// let proof = appsecret_proof_at(&AccessToken::new("abc123"), &AppSecret::new("xyz789"), 1_700_000_000);
/// assert_eq!(proof, "4073846e9af1fd65b815551070615b9e70b0233192429e24276c54ac295706e0");
/// ```
pub fn appsecret_proof_at(token: &AccessToken, secret: &AppSecret, unix_time: u64) -> String {
    let message = format!("{}|{unix_time}", token.secret());
    social_core::webhook::sign_hex(secret.secret().as_bytes(), message.as_bytes())
}

/// Signs Graph calls: `access_token` as a query parameter and, when an app secret is known,
/// `appsecret_proof` (also a query parameter: some POST endpoints ignore it in a form body,
/// scribejava#1070). Both values are masked in errors; logs never carry URLs.
#[derive(Clone)]
pub struct GraphAuth {
    token: AccessToken,
    secret: Option<AppSecret>,
    with_time: bool,
}

impl std::fmt::Debug for GraphAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GraphAuth")
            .field("token", &self.token)
            .field("appsecret_proof", &self.secret.is_some())
            .field("appsecret_time", &self.with_time)
            .finish()
    }
}

impl GraphAuth {
    /// Signs with `token`, adding `appsecret_proof` when `secret` is given.
    pub fn new(token: AccessToken, secret: Option<AppSecret>) -> Self {
        GraphAuth {
            token,
            secret,
            with_time: false,
        }
    }

    /// Sends the time-bound proof (`appsecret_time` + [`appsecret_proof_at`]) instead.
    #[must_use]
    pub fn with_appsecret_time(mut self, on: bool) -> Self {
        self.with_time = on;
        self
    }

    /// The token this authenticator sends.
    pub fn token(&self) -> &AccessToken {
        &self.token
    }
}

#[async_trait]
impl Authenticator for GraphAuth {
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()> {
        target.append_query("access_token", self.token.secret());
        if let Some(secret) = &self.secret {
            if self.with_time {
                let now = target
                    .now()
                    .duration_since(SystemTime::UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_secs();
                let proof = appsecret_proof_at(&self.token, secret, now);
                target.append_query("appsecret_proof", &proof);
                target.append_query("appsecret_time", &now.to_string());
            } else {
                let proof = appsecret_proof(&self.token, secret);
                target.append_query("appsecret_proof", &proof);
            }
        }
        Ok(())
    }
}

/// Adds `appsecret_proof` to the requests of another authenticator (one that sets
/// `access_token` itself, such as a token read from a store): the proof is computed from the
/// `access_token` the inner authenticator put in the query.
pub(crate) struct WithProof {
    pub(crate) inner: std::sync::Arc<dyn Authenticator>,
    pub(crate) secret: AppSecret,
}

impl std::fmt::Debug for WithProof {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WithProof")
            .field("inner", &self.inner)
            .finish_non_exhaustive()
    }
}

#[async_trait]
impl Authenticator for WithProof {
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()> {
        self.inner.authenticate(target).await?;
        let token = target
            .url()
            .query_pairs()
            .find(|(k, _)| k == "access_token")
            .map(|(_, v)| AccessToken::new(v.into_owned()));
        if let Some(token) = token {
            target.append_query("appsecret_proof", &appsecret_proof(&token, &self.secret));
        }
        Ok(())
    }

    async fn on_unauthorized(&self, generation: u64) -> Result<bool> {
        self.inner.on_unauthorized(generation).await
    }
}

/// A login dialog URL being built. See [`Tokens::login_url`].
///
/// ```no_run
/// # fn run(fb: social_facebook::FacebookClient) -> social_core::Result<()> {
/// let login = fb
///     .tokens()
///     .login_url("https://practice.example/facebook/callback")
///     .scopes(["pages_show_list", "pages_read_engagement", "pages_manage_posts"])
///     .build()?;
/// // Keep `login.state` in the user's session, then redirect them to `login.url`.
/// println!("{}", login.url);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "build the URL with `.build()`"]
pub struct LoginUrlBuilder {
    app_id: Option<String>,
    version: String,
    dialog_base: String,
    redirect_uri: String,
    scopes: Vec<String>,
    state: Option<String>,
    config_id: Option<String>,
    rerequest: bool,
}

/// Where to send the user, and the `state` to compare with the redirect's (with
/// [`social_core::auth::oauth2::verify_state`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoginRequest {
    /// The login dialog URL.
    pub url: Url,
    /// The CSRF `state` sent.
    pub state: String,
}

impl LoginUrlBuilder {
    /// Permissions to ask for (`pages_show_list`, `pages_manage_posts`… see [`permissions`]).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// Your own `state` (default: 43 random URL-safe characters).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Facebook Login for Business: a configuration id replaces the scopes.
    pub fn config_id(mut self, id: impl Into<String>) -> Self {
        self.config_id = Some(id.into());
        self
    }

    /// Asks again for permissions the user declined before (`auth_type=rerequest`).
    pub fn rerequest(mut self) -> Self {
        self.rerequest = true;
        self
    }

    /// The dialog host (default `https://www.facebook.com`; tests use a local one).
    pub fn dialog_base(mut self, base: impl Into<String>) -> Self {
        self.dialog_base = base.into();
        self
    }

    /// Builds the URL. Fails when the client has no app id or the base URL is not a URL.
    pub fn build(self) -> Result<LoginRequest> {
        let app_id = self.app_id.ok_or_else(|| {
            Error::config(
                Network::Facebook,
                "the login URL needs the app id (set `app_id` on the client builder)",
            )
        })?;
        let mut url = Url::parse(&self.dialog_base).map_err(|e| {
            Error::config(
                Network::Facebook,
                format!("the dialog base is not a URL ({e})"),
            )
        })?;
        if url.cannot_be_a_base() {
            return Err(Error::config(
                Network::Facebook,
                "the dialog base must be an http(s) URL",
            ));
        }
        let path = format!(
            "{}/{}/dialog/oauth",
            url.path().trim_end_matches('/'),
            self.version
        );
        url.set_path(&path);
        let state = self
            .state
            .unwrap_or_else(|| PkceVerifier::generate().secret().to_string());
        {
            let mut q = url.query_pairs_mut();
            q.append_pair("client_id", &app_id)
                .append_pair("redirect_uri", &self.redirect_uri)
                .append_pair("state", &state)
                .append_pair("response_type", "code");
            match &self.config_id {
                Some(id) => {
                    q.append_pair("config_id", id);
                }
                None if !self.scopes.is_empty() => {
                    q.append_pair("scope", &self.scopes.join(","));
                }
                None => {}
            }
            if self.rerequest {
                q.append_pair("auth_type", "rerequest");
            }
        }
        Ok(LoginRequest { url, state })
    }
}

/// Permission names of the Pages use case (facebook.md §2.4). Graph may add more: they are plain
/// strings wherever the SDK takes or returns them.
pub mod permissions {
    /// List the Pages a person manages.
    pub const PAGES_SHOW_LIST: &str = "pages_show_list";
    /// Read Page content, comments and reactions.
    pub const PAGES_READ_ENGAGEMENT: &str = "pages_read_engagement";
    /// Read content posted on the Page by others.
    pub const PAGES_READ_USER_CONTENT: &str = "pages_read_user_content";
    /// Publish, edit and delete Page posts.
    pub const PAGES_MANAGE_POSTS: &str = "pages_manage_posts";
    /// Reply to, hide and delete comments.
    pub const PAGES_MANAGE_ENGAGEMENT: &str = "pages_manage_engagement";
    /// Subscribe the app to Page webhooks, change Page settings.
    pub const PAGES_MANAGE_METADATA: &str = "pages_manage_metadata";
    /// Read insights.
    pub const READ_INSIGHTS: &str = "read_insights";
    /// Reach Pages held through a business portfolio.
    pub const BUSINESS_MANAGEMENT: &str = "business_management";
}

#[derive(Deserialize)]
struct TokenResponse {
    access_token: AccessToken,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<serde_json::Value>,
}

impl TokenResponse {
    fn into_set(self, now: SystemTime) -> TokenSet {
        let lifetime = match &self.expires_in {
            Some(serde_json::Value::Number(n)) => n.as_u64(),
            Some(serde_json::Value::String(s)) => s.trim().parse().ok(),
            _ => None,
        };
        let mut set = TokenSet::new(self.access_token);
        if let Some(t) = self.token_type {
            set.token_type = t;
        }
        match lifetime {
            // 0 is "never expires" in Graph's vocabulary.
            Some(secs) if secs > 0 => set.with_lifetime(now, Duration::from_secs(secs)),
            _ => {
                set.issued_at = Some(now);
                set
            }
        }
    }
}

/// What `debug_token` says about a token.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenInfo {
    /// The app the token belongs to (read from a string or a number).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub app_id: Option<String>,
    /// `USER`, `PAGE`, `APP`, `SYSTEM_USER`… (open-ended).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The app's name.
    #[serde(default)]
    pub application: Option<String>,
    /// Whether the token can be used now.
    #[serde(default)]
    pub is_valid: bool,
    /// When the token was issued.
    #[serde(default, deserialize_with = "unix_time")]
    pub issued_at: Option<SystemTime>,
    /// When the token expires; `None` for "never" (Graph's `0`) or unknown.
    #[serde(default, deserialize_with = "unix_time")]
    pub expires_at: Option<SystemTime>,
    /// When the access to the user's data ends (90 days after the last login).
    #[serde(default, deserialize_with = "unix_time")]
    pub data_access_expires_at: Option<SystemTime>,
    /// The granted permissions.
    #[serde(default, deserialize_with = "crate::models::null_as_empty")]
    pub scopes: Vec<String>,
    /// The permissions limited to given objects (Pages, businesses).
    #[serde(default, deserialize_with = "crate::models::null_as_empty")]
    pub granular_scopes: Vec<GranularScope>,
    /// The user the token acts for (read from a string or a number).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub user_id: Option<String>,
    /// The Page, for a Page token (read from a string or a number).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub profile_id: Option<String>,
    /// Why the token is invalid, when it is.
    #[serde(default)]
    pub error: Option<TokenInfoError>,
    #[serde(skip)]
    raw_expires_zero: bool,
}

impl TokenInfo {
    /// Whether the token never expires: a valid token whose `expires_at` is `0` (a Page token
    /// obtained from a long-lived user token, a non-expiring system-user token).
    pub fn never_expires(&self) -> bool {
        self.is_valid && self.expires_at.is_none() && self.raw_expires_zero
    }

    /// Whether the token has `permission`.
    pub fn has_scope(&self, permission: &str) -> bool {
        self.scopes.iter().any(|s| s == permission)
    }
}

/// One granular permission of [`TokenInfo`].
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct GranularScope {
    /// The permission.
    pub scope: String,
    /// The objects it is limited to (empty: all).
    #[serde(default, deserialize_with = "ids::vec_string_or_integer")]
    pub target_ids: Vec<String>,
}

/// Why `debug_token` found a token invalid.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenInfoError {
    /// Graph's code (190 for tokens).
    #[serde(default)]
    pub code: Option<i64>,
    /// The subcode (463 expired, 460 password changed…).
    #[serde(default)]
    pub subcode: Option<i64>,
    /// Graph's message.
    #[serde(default)]
    pub message: Option<String>,
}

fn unix_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<SystemTime>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    let secs = match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(secs
        .filter(|s| *s > 0)
        .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s))))
}

#[derive(Deserialize)]
struct DebugEnvelope<T> {
    data: T,
}

/// `expires_at` as sent, to tell Graph's "never" (`0`) from a missing value.
#[derive(Deserialize)]
struct ExpiresAt {
    #[serde(default)]
    expires_at: Option<serde_json::Value>,
}

/// Token flows. Get it with [`FacebookClient::tokens`].
#[derive(Debug, Clone)]
pub struct Tokens {
    client: FacebookClient,
}

impl Tokens {
    pub(crate) fn new(client: FacebookClient) -> Self {
        Tokens { client }
    }

    fn app(&self) -> Result<(&str, &AppSecret)> {
        match (self.client.app_id(), self.client.app_secret()) {
            (Some(id), Some(secret)) => Ok((id, secret)),
            _ => Err(Error::config(
                Network::Facebook,
                "this call needs the app id and app secret (set `app_id` and `app_secret` on the client builder)",
            )),
        }
    }

    /// The login dialog URL for `redirect_uri` (which must match the code exchange's byte for byte).
    pub fn login_url(&self, redirect_uri: impl Into<String>) -> LoginUrlBuilder {
        LoginUrlBuilder {
            app_id: self.client.app_id().map(str::to_string),
            version: self.client.version().as_str().to_string(),
            dialog_base: DEFAULT_DIALOG_BASE.to_string(),
            redirect_uri: redirect_uri.into(),
            scopes: Vec::new(),
            state: None,
            config_id: None,
            rerequest: false,
        }
    }

    async fn token_call(&self, spec: RequestSpec) -> Result<TokenSet> {
        let now = self.client.transport().clock().now();
        let resp: TokenResponse = self
            .client
            .transport()
            .execute_json(spec.unauthenticated().secret_response())
            .await?;
        Ok(resp.into_set(now))
    }

    /// Exchanges the `code` of the login redirect for a short-lived user token.
    ///
    /// ```no_run
    /// # async fn run(fb: social_facebook::FacebookClient, code: &str) -> social_core::Result<()> {
    /// let short = fb.tokens().exchange_code(code, "https://practice.example/facebook/callback").await?;
    /// let long = fb.tokens().exchange_for_long_lived(&short.access_token).await?;
    /// # let _ = long; Ok(()) }
    /// ```
    pub async fn exchange_code(&self, code: &str, redirect_uri: &str) -> Result<TokenSet> {
        let (id, secret) = self.app()?;
        let spec = RequestSpec::get("oauth/access_token")
            .query("client_id", id)
            .query("redirect_uri", redirect_uri)
            .query("client_secret", secret.secret())
            .query("code", code)
            .sensitive(secret.secret())
            .sensitive(code)
            // A code works once, and reusing one may revoke what it gave (RFC 6749 §4.1.2):
            // never replayed, even though it is a GET.
            .with_idempotency(Idempotency::Unsafe)
            .endpoint("GET /oauth/access_token (code)");
        self.token_call(spec).await
    }

    /// Exchanges a user token (short- or long-lived, not expired) for a long-lived one (about 60
    /// days). Page tokens read with a long-lived user token never expire.
    pub async fn exchange_for_long_lived(&self, user_token: &AccessToken) -> Result<TokenSet> {
        let (id, secret) = self.app()?;
        let spec = RequestSpec::get("oauth/access_token")
            .query("grant_type", "fb_exchange_token")
            .query("client_id", id)
            .query("client_secret", secret.secret())
            .query("fb_exchange_token", user_token.secret())
            .sensitive(secret.secret())
            .sensitive(user_token.secret())
            .endpoint("GET /oauth/access_token (fb_exchange_token)");
        self.token_call(spec).await
    }

    /// An app access token (client credentials): for `debug_token` and app-level settings.
    pub async fn app_token(&self) -> Result<AccessToken> {
        let (id, secret) = self.app()?;
        let spec = RequestSpec::get("oauth/access_token")
            .query("grant_type", "client_credentials")
            .query("client_id", id)
            .query("client_secret", secret.secret())
            .sensitive(secret.secret())
            .endpoint("GET /oauth/access_token (client_credentials)");
        Ok(self.token_call(spec).await?.access_token)
    }

    /// What Graph knows of `input_token` (validity, expiry, scopes, Page), asked with an app
    /// token (`app_id|app_secret`, built locally from the client's app credentials).
    ///
    /// ```no_run
    /// # async fn run(fb: social_facebook::FacebookClient, page_token: social_core::auth::AccessToken) -> social_core::Result<()> {
    /// let info = fb.tokens().debug_token(&page_token).await?;
    /// if !info.is_valid {
    ///     println!("sign in again: {:?}", info.error.and_then(|e| e.message));
    /// } else if info.never_expires() {
    ///     println!("this Page token does not expire");
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn debug_token(&self, input_token: &AccessToken) -> Result<TokenInfo> {
        let (id, secret) = self.app()?;
        let app_token = AccessToken::new(format!("{id}|{}", secret.secret()));
        self.debug_token_with(&app_token, input_token).await
    }

    /// [`debug_token`](Self::debug_token) asked with a token you already hold (an app token
    /// from [`app_token`](Self::app_token), or a developer's user token of the app), without
    /// the app secret.
    ///
    /// ```no_run
    /// use social_core::auth::AccessToken;
    ///
    /// # async fn run(fb: social_facebook::FacebookClient, app_token: AccessToken, page_token: AccessToken) -> social_core::Result<()> {
    /// let info = fb.tokens().debug_token_with(&app_token, &page_token).await?;
    /// println!("valid: {}, scopes: {:?}", info.is_valid, info.scopes);
    /// # Ok(()) }
    /// ```
    pub async fn debug_token_with(
        &self,
        asking: &AccessToken,
        input_token: &AccessToken,
    ) -> Result<TokenInfo> {
        let app_token = asking.secret().to_string();
        let mut spec = RequestSpec::get("debug_token")
            .query("input_token", input_token.secret())
            .query("access_token", &app_token)
            .sensitive(input_token.secret())
            .sensitive(app_token.clone())
            .endpoint("GET /debug_token");
        // An app token is `app-id|app-secret`: the secret alone is masked too.
        if let Some((_, secret)) = app_token.split_once('|') {
            spec = spec.sensitive(secret);
        }
        // One decode path for the answer: core's, which names the failing field
        // (`data.app_id`) and keeps a masked snippet. (Decoding `data` into a `Value` first
        // and then into `TokenInfo` outside it lost the path: errors said `.`.)
        let resp = self
            .client
            .transport()
            .execute(spec.unauthenticated())
            .await?;
        let mut info = resp.json::<DebugEnvelope<TokenInfo>>()?.data;
        let zero = resp
            .json::<DebugEnvelope<ExpiresAt>>()?
            .data
            .expires_at
            .is_some_and(|v| v.as_u64() == Some(0) || v.as_str() == Some("0"));
        info.raw_expires_zero = zero;
        Ok(info)
    }

    /// The permissions the user granted or declined (`GET /me/permissions`): check after login
    /// that every permission you need is `granted`.
    pub async fn permissions(&self) -> Result<Vec<PermissionStatus>> {
        #[derive(Deserialize)]
        struct Data {
            #[serde(default)]
            data: Vec<PermissionStatus>,
        }
        let d: Data = self
            .client
            .send(RequestSpec::get("me/permissions").endpoint("GET /me/permissions"))
            .await?;
        Ok(d.data)
    }
}

/// One line of `GET /me/permissions`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PermissionStatus {
    /// The permission.
    pub permission: String,
    /// `granted`, `declined` or `expired` (open-ended).
    pub status: String,
}

impl PermissionStatus {
    /// Whether it is granted.
    pub fn is_granted(&self) -> bool {
        self.status == "granted"
    }
}
