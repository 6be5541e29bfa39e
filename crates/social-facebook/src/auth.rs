//! Signing in and signing calls: the login dialog URL, the `appsecret_proof` added to every
//! call, and the authenticators that add the token. The token calls themselves (code exchange,
//! long-lived tokens, app token, `debug_token`) are in [`tokens`](crate::tokens).
//!
//! The usual path of a professional's app
//! (<https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow> and
//! <https://developers.facebook.com/docs/facebook-login/guides/access-tokens>):
//! 1. send the user to [`Tokens::login_url`](crate::tokens::Tokens::login_url) and check the
//!    `state` that comes back;
//! 2. [`Tokens::exchange_code`](crate::tokens::Tokens::exchange_code) for a short-lived user
//!    token, then
//!    [`Tokens::exchange_for_long_lived`](crate::tokens::Tokens::exchange_for_long_lived) (about
//!    60 days);
//! 3. read the Page tokens with [`Pages::accounts`](crate::pages::Pages::accounts): a Page token
//!    obtained from a long-lived user token does not expire (`debug_token` shows
//!    `expires_at: 0`, [`TokenInfo::expires_at`](crate::models::TokenInfo::expires_at) is `None`
//!    and [`TokenInfo::never_expires`](crate::models::TokenInfo::never_expires) is true), but
//!    dies when the user changes their password (190/460), loses their role on the Page
//!    (190/492) or removes the app (190/458) — all reported as `Error::Auth`.

use std::time::SystemTime;

use async_trait::async_trait;
use social_core::auth::{AccessToken, AppSecret, AuthTarget, Authenticator, AuthorizeUrlBuilder};
use social_core::{Error, Network, Result};
use url::Url;

/// Where the login dialog lives.
pub const DEFAULT_DIALOG_BASE: &str = "https://www.facebook.com";

/// `appsecret_proof`: lowercase hex HMAC-SHA256 of the access token, keyed with the app secret
/// (<https://developers.facebook.com/docs/graph-api/securing-requests>).
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
/// // hmac.new(b"xyz789", b"abc123|1700000000", hashlib.sha256).hexdigest() in Python.
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

/// A login dialog URL being built
/// (<https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow>), on core's
/// [`AuthorizeUrlBuilder`] with Graph's settings: permissions joined by commas, no PKCE, the app
/// id as `client_id`, and the dialog at `/{version}/dialog/oauth`. See
/// [`Tokens::login_url`](crate::tokens::Tokens::login_url).
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
    /// A login URL for `redirect_uri`, with the client's app id and Graph version.
    pub(crate) fn new(app_id: Option<String>, version: &str, redirect_uri: String) -> Self {
        LoginUrlBuilder {
            app_id,
            version: version.to_string(),
            dialog_base: DEFAULT_DIALOG_BASE.to_string(),
            redirect_uri,
            scopes: Vec::new(),
            state: None,
            config_id: None,
            rerequest: false,
        }
    }

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

    /// Builds the URL with core's [`AuthorizeUrlBuilder`]: the permissions comma-separated,
    /// no PKCE (the dialog takes none), a random `state` unless one was given. Fails when the
    /// client has no app id or the dialog base is not an http(s) URL.
    pub fn build(self) -> Result<LoginRequest> {
        let app_id = self.app_id.ok_or_else(|| {
            Error::config(
                Network::Facebook,
                "the login URL needs the app id (set `app_id` on the client builder)",
            )
        })?;
        let mut dialog = Url::parse(&self.dialog_base).map_err(|e| {
            Error::config(
                Network::Facebook,
                format!("the dialog base is not a URL ({e})"),
            )
        })?;
        if dialog.cannot_be_a_base() {
            return Err(Error::config(
                Network::Facebook,
                "the dialog base must be an http(s) URL",
            ));
        }
        let path = format!(
            "{}/{}/dialog/oauth",
            dialog.path().trim_end_matches('/'),
            self.version
        );
        dialog.set_path(&path);
        let mut request = AuthorizeUrlBuilder::new(Network::Facebook, dialog.as_str(), app_id)
            .redirect_uri(self.redirect_uri)
            .scope_separator(",")
            .without_pkce();
        request = match self.config_id {
            // Facebook Login for Business: the configuration replaces the scopes.
            Some(id) => request.param("config_id", id),
            None => request.scopes(self.scopes),
        };
        if let Some(state) = self.state {
            request = request.state(state);
        }
        if self.rerequest {
            request = request.param("auth_type", "rerequest");
        }
        let built = request.build()?;
        Ok(LoginRequest {
            url: built.url,
            state: built.state,
        })
    }
}

/// Permission names of the Pages use case (<https://developers.facebook.com/docs/permissions>).
/// Graph may add more: they are plain strings wherever the SDK takes or returns them.
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
