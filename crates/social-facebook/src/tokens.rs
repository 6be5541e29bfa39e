//! Token calls (`GET /oauth/access_token`, `GET /debug_token`, `GET /me/permissions`): the code
//! exchange, long-lived user tokens, the app token, and what Graph knows of a token.
//!
//! Graph's documentation: <https://developers.facebook.com/docs/facebook-login/guides/access-tokens>,
//! <https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived> and
//! <https://developers.facebook.com/docs/graph-api/reference/debug_token/>.

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use social_core::auth::{AccessToken, AppSecret, TokenSet};
use social_core::http::{Idempotency, RequestSpec};
use social_core::{Error, Network, Result};

use crate::auth::LoginUrlBuilder;
use crate::client::FacebookClient;
use crate::models::{PermissionStatus, TokenInfo};

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

impl FacebookClient {
    /// Login, token exchanges, `debug_token`.
    pub fn tokens(&self) -> Tokens {
        Tokens {
            client: self.clone(),
        }
    }
}

impl Tokens {
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
        LoginUrlBuilder::new(
            self.client.app_id().map(str::to_string),
            self.client.version().as_str(),
            redirect_uri.into(),
        )
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
            // A code works once, and reusing one may revoke what it gave (RFC 6749, section
            // 4.1.2, <https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2>): never replayed,
            // even though it is a GET.
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
