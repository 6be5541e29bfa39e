//! Token introspection: what LinkedIn knows of a token (active, expired or revoked, its scopes,
//! when it expires), from `POST /oauth/v2/introspectToken` with the app's credentials
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection>).

use social_core::auth::AccessToken;
use social_core::http::{Idempotency, RequestSpec};
use social_core::{Error, Network, Result};

use crate::client::LinkedInClient;
use crate::models::Introspection;

/// Token inspection. Get it with [`LinkedInClient::tokens`].
#[derive(Debug, Clone)]
pub struct Tokens {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// Token inspection (needs the app's client id and secret).
    pub fn tokens(&self) -> Tokens {
        Tokens {
            client: self.clone(),
        }
    }
}

impl Tokens {
    /// Asks LinkedIn about `token`. An invalid token or client id is answered 400, an invalid
    /// client secret 401; the token and the secret are masked in every error.
    ///
    /// ```no_run
    /// use social_core::auth::AccessToken;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let info = li.tokens().introspect(&AccessToken::new("AQV…")).await?;
    /// if !info.active {
    ///     println!("sign in again ({:?})", info.status);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn introspect(&self, token: &AccessToken) -> Result<Introspection> {
        let (id, secret) = self.client.app_credentials("token introspection")?;
        let url = self.client.oauth_url("introspectToken");
        let url = url::Url::parse(&url).map_err(|e| {
            Error::config(
                Network::LinkedIn,
                format!(
                    "the LinkedIn OAuth URL {url:?} is not valid ({e}): give an absolute URL to `LinkedInClientBuilder::oauth_url`, or leave it unset for LinkedIn's"
                ),
            )
        })?;
        let spec = RequestSpec::post("")
            .base_url(url)
            .endpoint("POST /oauth/v2/introspectToken")
            .unauthenticated()
            .sensitive(token.secret())
            .sensitive(secret.secret())
            .form([
                ("client_id", id.to_string()),
                ("client_secret", secret.secret().to_string()),
                ("token", token.secret().to_string()),
            ])
            // A read: asking twice changes nothing.
            .with_idempotency(Idempotency::Idempotent);
        self.client.oauth_transport().execute_json(spec).await
    }
}
