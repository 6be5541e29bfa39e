//! Signing in to X: OAuth 2.0 authorization code with PKCE (typed scopes, `offline.access` for
//! refresh tokens that rotate), app-only bearer tokens, and OAuth 1.0a user context.
//!
//! ```no_run
//! use std::sync::Arc;
//! use social_core::auth::{MemoryTokenStore, RefreshingAuth};
//! use social_twitter::auth::{Scope, oauth2_client};
//! use social_twitter::TwitterClient;
//!
//! # async fn run(code_from_redirect: String) -> social_core::Result<()> {
//! let oauth = oauth2_client("my-client-id", None, "https://example.com/callback")?;
//! let request = oauth.authorize_url().scopes(Scope::RECOMMENDED.iter().map(|s| s.as_str())).build()?;
//! println!("open {}", request.url); // then read `code` and check `state` on the redirect
//! let tokens = oauth.exchange_code(&code_from_redirect, request.pkce_verifier).await?;
//! let store = Arc::new(MemoryTokenStore::with_tokens(tokens.clone()));
//! let x = TwitterClient::builder().oauth2(RefreshingAuth::new(oauth, store, tokens)).build()?;
//! # let _ = x; Ok(()) }
//! ```

use std::sync::Arc;

use social_core::auth::{
    AccessToken, ClientSecret, OAuth2Client, OAuth2Config, OAuth2Dialect, TokenSet,
};
use social_core::http::{ApiDialect, ErrorContext, Transport};
use social_core::{AuthErrorKind, Error, Network, Result};

/// X's authorization page.
pub const AUTHORIZE_URL: &str = "https://x.com/i/oauth2/authorize";
/// X's OAuth 2.0 token endpoint (user context).
pub const TOKEN_URL: &str = "https://api.x.com/2/oauth2/token";
/// X's OAuth 2.0 revocation endpoint.
pub const REVOKE_URL: &str = "https://api.x.com/2/oauth2/revoke";
/// X's app-only token endpoint (client credentials with the consumer key and secret).
pub const APP_TOKEN_URL: &str = "https://api.x.com/oauth2/token";

social_core::wire_enum! {
    /// An OAuth 2.0 scope of the X API
    /// (<https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code>).
    pub enum Scope {
        /// Read posts.
        TweetRead = "tweet.read",
        /// Publish and delete posts.
        TweetWrite = "tweet.write",
        /// Hide replies.
        TweetModerateWrite = "tweet.moderate.write",
        /// Read the user's email.
        UsersEmail = "users.email",
        /// Read users.
        UsersRead = "users.read",
        /// Read follows.
        FollowsRead = "follows.read",
        /// Follow and unfollow.
        FollowsWrite = "follows.write",
        /// Get a refresh token (rotating, single use).
        OfflineAccess = "offline.access",
        /// Read likes.
        LikeRead = "like.read",
        /// Like and unlike.
        LikeWrite = "like.write",
        /// Read lists.
        ListRead = "list.read",
        /// Manage lists.
        ListWrite = "list.write",
        /// Read mutes.
        MuteRead = "mute.read",
        /// Mute and unmute.
        MuteWrite = "mute.write",
        /// Read blocks.
        BlockRead = "block.read",
        /// Block and unblock.
        BlockWrite = "block.write",
        /// Read bookmarks.
        BookmarkRead = "bookmark.read",
        /// Manage bookmarks.
        BookmarkWrite = "bookmark.write",
        /// Read direct messages.
        DmRead = "dm.read",
        /// Send direct messages.
        DmWrite = "dm.write",
        /// Read Spaces.
        SpaceRead = "space.read",
        /// Upload media.
        MediaWrite = "media.write",
    }
}

impl Scope {
    /// What a professional's client needs: posts, users, follows, likes, media, and a refresh
    /// token (`offline.access`; the scopes are listed in
    /// <https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code>).
    pub const RECOMMENDED: &'static [Scope] = &[
        Scope::TweetRead,
        Scope::TweetWrite,
        Scope::UsersRead,
        Scope::FollowsRead,
        Scope::FollowsWrite,
        Scope::LikeRead,
        Scope::LikeWrite,
        Scope::MediaWrite,
        Scope::OfflineAccess,
    ];
}

/// The OAuth 2.0 configuration of an X app: public client (no secret, `client_id` in the body)
/// or confidential (Basic authentication with the secret).
pub fn oauth2_config(
    client_id: &str,
    client_secret: Option<ClientSecret>,
    redirect_uri: &str,
) -> OAuth2Config {
    let mut config = OAuth2Config::new(client_id, TOKEN_URL)
        .with_authorize_url(AUTHORIZE_URL)
        .with_revoke_url(REVOKE_URL)
        .with_redirect_uri(redirect_uri);
    if let Some(secret) = client_secret {
        config = config.with_client_secret(secret);
    }
    config
}

/// An OAuth 2.0 client for X's endpoints, its token-endpoint errors read by [`XOAuth2Dialect`].
pub fn oauth2_client(
    client_id: &str,
    client_secret: Option<ClientSecret>,
    redirect_uri: &str,
) -> Result<OAuth2Client> {
    let transport = Transport::builder(Network::X, TOKEN_URL)
        .dialect(Arc::new(XOAuth2Dialect))
        .build()?;
    OAuth2Client::with_transport(
        oauth2_config(client_id, client_secret, redirect_uri),
        transport,
    )
}

/// How X's token endpoint fails. A used, expired or revoked authorization code or refresh token
/// is answered with `invalid_request` ("Value passed for the token was invalid.", "Value passed
/// for the authorization code was invalid."; reported in
/// <https://github.com/plhery/node-twitter-api-v2/issues/496>), not RFC 6749's `invalid_grant`:
/// those become [`AuthErrorKind::ReauthorizationRequired`], so that
/// [`RefreshingAuth`](social_core::auth::RefreshingAuth) drops a dead grant and the user is
/// sent through the flow again. Everything else is read as [`OAuth2Dialect`] does.
#[derive(Debug, Clone, Copy, Default)]
pub struct XOAuth2Dialect;

impl ApiDialect for XOAuth2Dialect {
    fn network(&self) -> Network {
        Network::X
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        let json = ctx.json();
        let field = |name: &str| json.as_ref()?.get(name)?.as_str().map(str::to_string);
        let description = field("error_description").unwrap_or_default();
        let dead = description.to_ascii_lowercase();
        if field("error").as_deref() == Some("invalid_request")
            && (dead.contains("passed for the token was invalid")
                || dead.contains("passed for the authorization code was invalid"))
        {
            let message = ctx.mask(&description);
            let api = ctx
                .api_error()
                .with_kind("invalid_request")
                .with_message(message.clone());
            return Error::Auth {
                network: Network::X,
                kind: AuthErrorKind::ReauthorizationRequired,
                message,
                api: Some(Box::new(api)),
            };
        }
        OAuth2Dialect(Network::X).map_error(ctx)
    }
}

/// An app-only bearer token from the app's consumer key and secret (client credentials grant at
/// `https://api.x.com/oauth2/token`). The same token comes back until it is invalidated.
///
/// ```no_run
/// use social_core::auth::ClientSecret;
/// use social_twitter::{auth, TwitterClient};
///
/// # async fn run() -> social_core::Result<()> {
/// let token = auth::app_only_token("consumer-key", ClientSecret::new("consumer-secret"), None).await?;
/// let x = TwitterClient::builder().app_token(token).build()?;
/// # let _ = x; Ok(()) }
/// ```
pub async fn app_only_token(
    consumer_key: &str,
    consumer_secret: ClientSecret,
    token_url: Option<&str>,
) -> Result<AccessToken> {
    let config = OAuth2Config::new(consumer_key, token_url.unwrap_or(APP_TOKEN_URL))
        .with_client_secret(consumer_secret);
    let tokens: TokenSet = OAuth2Client::new(Network::X, config)?
        .client_credentials(Vec::<String>::new())
        .await?;
    Ok(tokens.access_token)
}
