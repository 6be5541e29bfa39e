//! Sign-in: OAuth 2.0 with LinkedIn, on core's OAuth 2.0 client.
//!
//! - **3-legged** (a member consents): [`LinkedInOAuth::authorize_url`] sends the member to
//!   `https://www.linkedin.com/oauth/v2/authorization` with the scopes joined by `%20`, then
//!   [`LinkedInOAuth::exchange_code`] trades the code for tokens by a form `POST` to
//!   `/oauth/v2/accessToken`
//!   (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>).
//!   There is no partial consent: the member grants every scope asked for, or none.
//! - **Access tokens live 60 days.** Most apps get no refresh token, so the member must consent
//!   again every 60 days: [`TokenLifetime`] says when, so the application can warn ahead.
//! - **Refresh tokens go to approved partners only** (programmatic refresh tokens,
//!   <https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens>):
//!   a refresh token lives 365 days from the **first** consent, refreshing does not extend it,
//!   and each refresh mints a 60-day access token capped by the refresh token's remaining life
//!   ([`TokenLifetime::after_refresh`]). [`LinkedInOAuth::refresh`] refreshes once; for a
//!   client that refreshes by itself, give `RefreshingAuth` the [`LinkedInOAuth::oauth2_client`].
//! - **2-legged** (the app itself, [`LinkedInOAuth::client_credentials`]): only for apps whose
//!   products allow it; others are refused (`access_denied`).
//! - **Introspection** of any token: [`Tokens::introspect`](crate::tokens::Tokens::introspect).
//!
//! Scope names are data ([`scopes`]): LinkedIn renames them between versions (the 2026 pages
//! name `w_organization_social_feed`), so pass any string.

use std::time::{Duration, SystemTime};

use social_core::Result;
use social_core::auth::{
    AuthorizeUrlBuilder, ClientAuth, OAuth2Client, OAuth2Config, RefreshToken, TokenSet,
};

use crate::client::LinkedInClient;

/// Scope names of LinkedIn's products, as data (any other string works as well).
pub mod scopes {
    /// OpenID Connect sign-in (the ID token). Self-serve: "Sign In with LinkedIn using OpenID
    /// Connect".
    pub const OPENID: &str = "openid";
    /// The member's name and picture (`userinfo`). Self-serve.
    pub const PROFILE: &str = "profile";
    /// The member's primary email address. Self-serve.
    pub const EMAIL: &str = "email";
    /// Post, comment and react as the member. Self-serve: "Share on LinkedIn".
    pub const W_MEMBER_SOCIAL: &str = "w_member_social";
    /// Read the member's posts, comments and reactions. **Restricted** to approved apps.
    pub const R_MEMBER_SOCIAL: &str = "r_member_social";
    /// Post, comment and react as a page. Community Management API (approval needed).
    pub const W_ORGANIZATION_SOCIAL: &str = "w_organization_social";
    /// Read a page's posts, comments and reactions. Community Management API.
    pub const R_ORGANIZATION_SOCIAL: &str = "r_organization_social";
    /// Manage pages and read their statistics. Community Management API.
    pub const RW_ORGANIZATION_ADMIN: &str = "rw_organization_admin";
    /// Read pages and their statistics. Community Management API.
    pub const R_ORGANIZATION_ADMIN: &str = "r_organization_admin";

    /// What a self-serve app asks for to sign a member in and post as them.
    pub const SIGN_IN_AND_SHARE: [&str; 4] = [OPENID, PROFILE, EMAIL, W_MEMBER_SOCIAL];
}

/// How long LinkedIn's access tokens live: 60 days (5,184,000 s).
pub const ACCESS_TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 86_400);
/// How long a refresh token lives from the member's first consent: 365 days, not extended by
/// refreshing.
pub const REFRESH_TOKEN_LIFETIME: Duration = Duration::from_secs(365 * 86_400);
/// How far ahead [`TokenLifetime::warning`] warns by default: 7 days.
pub const DEFAULT_EXPIRY_WARNING: Duration = Duration::from_secs(7 * 86_400);

/// Sign-in with LinkedIn. Get it with [`LinkedInClient::oauth`].
///
/// ```no_run
/// use social_core::auth::{ClientSecret, oauth2::verify_state};
/// use social_linkedin::LinkedInClient;
/// use social_linkedin::auth::scopes;
///
/// # async fn run(code: &str, state: &str) -> social_core::Result<()> {
/// let li = LinkedInClient::builder()
///     .client_id("86abcdefg")
///     .client_secret(ClientSecret::new("app-secret"))
///     .redirect_uri("https://app.example.com/linkedin/callback")
///     .build()?;
/// let oauth = li.oauth()?;
/// let request = oauth.authorize_url().scopes(scopes::SIGN_IN_AND_SHARE).build()?;
/// println!("open {}", request.url);
/// // … on the redirect:
/// assert!(verify_state(&request.state, state));
/// let tokens = oauth.exchange_code(code).await?;
/// let member = LinkedInClient::builder().tokens(&tokens).build()?;
/// # let _ = member; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct LinkedInOAuth {
    client: OAuth2Client,
}

impl LinkedInClient {
    /// Sign-in with the app's credentials ([`client_id`](crate::LinkedInClientBuilder::client_id),
    /// [`client_secret`](crate::LinkedInClientBuilder::client_secret) and, for the 3-legged
    /// flow, [`redirect_uri`](crate::LinkedInClientBuilder::redirect_uri)). Fails when the
    /// client id or secret is missing.
    pub fn oauth(&self) -> Result<LinkedInOAuth> {
        let (id, secret) = self.app_credentials("signing in")?;
        // LinkedIn wants the client credentials in the form body.
        let mut config = OAuth2Config::new(id, self.oauth_url("accessToken"))
            .with_client_secret(secret.clone())
            .with_client_auth(ClientAuth::RequestBody)
            .with_authorize_url(self.oauth_url("authorization"));
        if let Some(uri) = self.redirect_uri() {
            config = config.with_redirect_uri(uri);
        }
        let client = OAuth2Client::with_transport(config, self.oauth_transport().clone())?;
        Ok(LinkedInOAuth { client })
    }
}

impl LinkedInOAuth {
    /// The authorization URL of the 3-legged flow: `response_type=code`, the client id, the
    /// redirect URI, the scopes (add them with `.scope(…)`/`.scopes(…)`, joined by `%20`) and a
    /// random `state` to check on the redirect. LinkedIn's standard flow takes no PKCE, so none
    /// is sent.
    pub fn authorize_url(&self) -> AuthorizeUrlBuilder {
        self.client.authorize_url().without_pkce()
    }

    /// Exchanges the code of the redirect for tokens (form `POST` to `/oauth/v2/accessToken`).
    /// A code used already or too old is `Auth { kind: ReauthorizationRequired }`.
    pub async fn exchange_code(&self, code: &str) -> Result<TokenSet> {
        self.client.exchange_code(code, None).await
    }

    /// Refreshes with a refresh token (approved partners only). Sent once, never replayed.
    /// The new access token's life is capped by the refresh token's: see
    /// [`TokenLifetime::after_refresh`].
    pub async fn refresh(&self, refresh_token: &RefreshToken) -> Result<TokenSet> {
        self.client.refresh(refresh_token).await
    }

    /// A token for the app itself (client credentials). Only apps whose products allow it get
    /// one; LinkedIn refuses the others with `access_denied`.
    pub async fn client_credentials(&self) -> Result<TokenSet> {
        self.client.client_credentials::<&str>([]).await
    }

    /// The core OAuth 2.0 client behind this (for `social_core::auth::RefreshingAuth`).
    pub fn oauth2_client(&self) -> &OAuth2Client {
        &self.client
    }
}

/// When a LinkedIn grant runs out, from the member's consent: the access token (60 days, or
/// what `expires_in` said) and, for partner apps with refresh tokens, the refresh token (365 days
/// from the first consent, whatever the refreshes). After [`reconsent_at`](Self::reconsent_at)
/// the member must sign in again.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_core::auth::{AccessToken, RefreshToken, TokenSet};
/// use social_linkedin::auth::{ACCESS_TOKEN_LIFETIME, TokenLifetime};
///
/// let day = |n: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + n * 86_400);
/// // A self-serve app: no refresh token, so sign in again after 60 days.
/// let tokens = TokenSet::new(AccessToken::new("AQV…")).with_lifetime(day(0), ACCESS_TOKEN_LIFETIME);
/// let life = TokenLifetime::after_consent(day(0), &tokens);
/// assert_eq!(life.reconsent_at(), day(60));
/// assert_eq!(life.warning(day(55), Duration::from_secs(7 * 86_400)), Some(Duration::from_secs(5 * 86_400)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct TokenLifetime {
    /// When the member consented (the start of a refresh token's 365 days).
    pub consented_at: SystemTime,
    /// When the access token expires.
    pub access_expires_at: SystemTime,
    /// When the refresh token expires, when there is one.
    pub refresh_expires_at: Option<SystemTime>,
}

impl TokenLifetime {
    /// The lifetime of the tokens of a consent at `consented_at` (the code exchange).
    pub fn after_consent(consented_at: SystemTime, tokens: &TokenSet) -> Self {
        Self::after_refresh(consented_at, tokens)
    }

    /// The lifetime of `tokens` obtained (by a consent or a refresh) under the consent given at
    /// `consented_at`: the access token expires when `expires_in` said (60 days from issue when
    /// unknown), but never after the refresh token, which expires 365 days after the consent.
    ///
    /// The documented example (programmatic refresh tokens): a refresh on day 59 leaves the
    /// refresh token 306 days; on day 360 both tokens expire 5 days later.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use social_core::auth::{AccessToken, RefreshToken, TokenSet};
    /// use social_linkedin::auth::{ACCESS_TOKEN_LIFETIME, TokenLifetime};
    ///
    /// let day = |n: u64| SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + n * 86_400);
    /// let refreshed = |on| TokenSet::new(AccessToken::new("a"))
    ///     .with_refresh_token(RefreshToken::new("r"))
    ///     .with_lifetime(day(on), ACCESS_TOKEN_LIFETIME);
    /// let on_59 = TokenLifetime::after_refresh(day(0), &refreshed(59));
    /// assert_eq!(on_59.refresh_expires_at, Some(day(365)));
    /// assert_eq!(on_59.access_expires_at, day(119));
    /// let on_360 = TokenLifetime::after_refresh(day(0), &refreshed(360));
    /// assert_eq!(on_360.access_expires_at, day(365));
    /// ```
    pub fn after_refresh(consented_at: SystemTime, tokens: &TokenSet) -> Self {
        let refresh_expires_at = tokens
            .refresh_token
            .as_ref()
            .and_then(|_| consented_at.checked_add(REFRESH_TOKEN_LIFETIME));
        let issued = tokens.issued_at.unwrap_or(consented_at);
        let access = tokens
            .expires_at
            .or_else(|| issued.checked_add(ACCESS_TOKEN_LIFETIME))
            .unwrap_or(issued);
        let access_expires_at = match refresh_expires_at {
            Some(r) => access.min(r),
            None => access,
        };
        TokenLifetime {
            consented_at,
            access_expires_at,
            refresh_expires_at,
        }
    }

    /// When the member must consent again: when the refresh token expires, or the access token
    /// when there is no refresh token.
    pub fn reconsent_at(&self) -> SystemTime {
        self.refresh_expires_at.unwrap_or(self.access_expires_at)
    }

    /// The time left before [`reconsent_at`](Self::reconsent_at) when it is less than `within`
    /// at `now` (zero when already past), `None` while there is more. Warn the member then (see
    /// [`DEFAULT_EXPIRY_WARNING`]).
    pub fn warning(&self, now: SystemTime, within: Duration) -> Option<Duration> {
        let left = self
            .reconsent_at()
            .duration_since(now)
            .unwrap_or(Duration::ZERO);
        (left <= within).then_some(left)
    }

    /// The time left on the refresh token at `now` (zero when expired), when there is one.
    pub fn refresh_left(&self, now: SystemTime) -> Option<Duration> {
        self.refresh_expires_at
            .map(|at| at.duration_since(now).unwrap_or(Duration::ZERO))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use social_core::auth::{AccessToken, RefreshToken};

    fn day(n: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000 + n * 86_400)
    }

    fn days(n: u64) -> Duration {
        Duration::from_secs(n * 86_400)
    }

    fn refreshed(on: u64) -> TokenSet {
        TokenSet::new(AccessToken::new("a"))
            .with_refresh_token(RefreshToken::new("r"))
            .with_lifetime(day(on), ACCESS_TOKEN_LIFETIME)
    }

    /// The worked example of the programmatic refresh tokens page: refreshing on day 59 leaves
    /// the refresh token 306 days; on day 360 both expire in 5 days.
    #[test]
    fn case5_refresh_ttl_arithmetic_follows_the_documented_example() {
        let on_59 = TokenLifetime::after_refresh(day(0), &refreshed(59));
        assert_eq!(on_59.refresh_left(day(59)), Some(days(306)));
        assert_eq!(on_59.access_expires_at, day(119));
        let on_360 = TokenLifetime::after_refresh(day(0), &refreshed(360));
        assert_eq!(on_360.refresh_left(day(360)), Some(days(5)));
        assert_eq!(
            on_360.access_expires_at.duration_since(day(360)).unwrap(),
            days(5)
        );
        assert_eq!(on_360.reconsent_at(), day(365));
        // Past the end: nothing left, and the warning says so.
        assert_eq!(on_360.refresh_left(day(400)), Some(Duration::ZERO));
        assert_eq!(on_360.warning(day(400), days(7)), Some(Duration::ZERO));
    }

    #[test]
    fn case5_sixty_day_tokens_warn_ahead_of_reconsent() {
        let tokens = TokenSet::new(AccessToken::new("a")).with_lifetime(day(0), days(60));
        let life = TokenLifetime::after_consent(day(0), &tokens);
        assert_eq!(life.refresh_expires_at, None);
        assert_eq!(life.reconsent_at(), day(60));
        assert_eq!(life.warning(day(52), DEFAULT_EXPIRY_WARNING), None);
        assert_eq!(life.warning(day(53), DEFAULT_EXPIRY_WARNING), Some(days(7)));
        // Without `expires_in`, the documented 60 days.
        let unknown = TokenSet::new(AccessToken::new("a"));
        assert_eq!(
            TokenLifetime::after_consent(day(0), &unknown).access_expires_at,
            day(60)
        );
    }
}
