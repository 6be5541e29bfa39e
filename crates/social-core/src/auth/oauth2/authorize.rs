//! The authorization request (RFC 6749 section 4.1.1): where to send the user, with the `state` and
//! PKCE challenge to check when the redirect comes back.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::Rng;
use url::Url;

use crate::auth::PkceVerifier;
use crate::error::{Error, Result};
use crate::types::Network;

/// Builds an authorization URL (RFC 6749 section 4.1.1:
/// <https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1>). Get one from
/// [`OAuth2Client::authorize_url`](super::OAuth2Client::authorize_url), or with [`new`](Self::new) for a server whose token calls
/// are not RFC 6749's (Graph's login dialog).
///
/// Every query value is percent-encoded, a space as `%20` (RFC 3986), the form X and LinkedIn
/// document for the space-separated `scope`
/// (<https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token>,
/// <https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>).
///
/// ```no_run
/// # fn run(client: social_core::auth::OAuth2Client) -> social_core::Result<()> {
/// let request = client
///     .authorize_url()
///     .scopes(["tweet.read", "users.read", "offline.access"])
///     .param("prompt", "consent")
///     .build()?;
/// // Redirect the user to `request.url`; keep `request.state` and `request.pkce_verifier`.
/// # let _ = request; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "the URL is made by `.build()`"]
pub struct AuthorizeUrlBuilder {
    network: Network,
    /// The endpoint, or why there is none.
    authorize_url: std::result::Result<Url, String>,
    client_id: String,
    redirect_uri: Option<String>,
    scopes: Vec<String>,
    scope_separator: String,
    state: Option<String>,
    pkce: bool,
    params: Vec<(String, String)>,
}

/// The bytes a query key or value keeps as they are: those of
/// `application/x-www-form-urlencoded` (letters, digits, `*-._`); any other byte, a space
/// included, is percent-encoded (<https://url.spec.whatwg.org/#application-x-www-form-urlencoded-percent-encode-set>).
const QUERY_VALUE: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'*')
    .remove(b'-')
    .remove(b'.')
    .remove(b'_');

impl AuthorizeUrlBuilder {
    /// An authorization request to `authorize_url` for `client_id`, with PKCE and a space
    /// between scopes (change them with [`without_pkce`](Self::without_pkce) and
    /// [`scope_separator`](Self::scope_separator)). An invalid URL fails at
    /// [`build`](Self::build).
    ///
    /// ```
    /// use social_core::auth::AuthorizeUrlBuilder;
    /// use social_core::Network;
    ///
    /// # fn run() -> social_core::Result<()> {
    /// // Graph's login dialog: comma-separated permissions, no PKCE.
    /// let request = AuthorizeUrlBuilder::new(Network::Facebook, "https://www.facebook.com/v25.0/dialog/oauth", "1234")
    ///     .redirect_uri("https://app.example/callback")
    ///     .scopes(["pages_show_list", "pages_manage_posts"])
    ///     .scope_separator(",")
    ///     .without_pkce()
    ///     .build()?;
    /// assert!(request.url.as_str().contains("scope=pages_show_list%2Cpages_manage_posts"));
    /// assert!(request.pkce_verifier.is_none());
    /// # Ok(()) }
    /// ```
    pub fn new(
        network: Network,
        authorize_url: impl AsRef<str>,
        client_id: impl Into<String>,
    ) -> Self {
        let authorize_url = Url::parse(authorize_url.as_ref())
            .ok()
            .filter(|u| !u.cannot_be_a_base() && matches!(u.scheme(), "http" | "https"))
            .ok_or_else(|| "the OAuth 2.0 authorize URL is not a valid http(s) URL".to_string());
        AuthorizeUrlBuilder::from_parts(network, authorize_url, client_id.into(), None)
    }

    pub(super) fn from_parts(
        network: Network,
        authorize_url: std::result::Result<Url, String>,
        client_id: String,
        redirect_uri: Option<String>,
    ) -> Self {
        AuthorizeUrlBuilder {
            network,
            authorize_url,
            client_id,
            redirect_uri,
            scopes: Vec::new(),
            scope_separator: " ".to_string(),
            state: None,
            pkce: true,
            params: Vec::new(),
        }
    }

    /// The `redirect_uri` (default: the configuration's, if any).
    pub fn redirect_uri(mut self, uri: impl Into<String>) -> Self {
        self.redirect_uri = Some(uri.into());
        self
    }

    /// Adds a scope.
    pub fn scope(mut self, scope: impl Into<String>) -> Self {
        self.scopes.push(scope.into());
        self
    }

    /// Adds scopes (joined with the [`scope_separator`](Self::scope_separator)).
    pub fn scopes<S: Into<String>>(mut self, scopes: impl IntoIterator<Item = S>) -> Self {
        self.scopes.extend(scopes.into_iter().map(Into::into));
        self
    }

    /// What joins the scopes: a space by default, as RFC 6749 section 3.3 says
    /// (<https://www.rfc-editor.org/rfc/rfc6749#section-3.3>); `","` for Graph's login dialog
    /// (<https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow>).
    pub fn scope_separator(mut self, separator: impl Into<String>) -> Self {
        self.scope_separator = separator.into();
        self
    }

    /// Uses this `state` instead of a random one (it must be unguessable: it is the CSRF check).
    pub fn state(mut self, state: impl Into<String>) -> Self {
        self.state = Some(state.into());
        self
    }

    /// Sends no PKCE challenge (for servers that take none, such as Graph's login dialog; PKCE
    /// is on by default).
    pub fn without_pkce(mut self) -> Self {
        self.pkce = false;
        self
    }

    /// Adds another query parameter (`prompt`, `access_type`, …).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    /// Builds the URL, a random `state` (unless one was given) and a fresh PKCE verifier
    /// (unless [`without_pkce`](Self::without_pkce)). Fails when there is no valid authorize
    /// URL.
    pub fn build(self) -> Result<AuthorizationRequest> {
        let network = self.network;
        let mut url = self
            .authorize_url
            .map_err(|message| Error::config(network, message))?;
        let state = self.state.unwrap_or_else(|| {
            let bytes: [u8; 32] = rand::rng().random();
            URL_SAFE_NO_PAD.encode(bytes)
        });
        let verifier = self.pkce.then(PkceVerifier::generate);
        let mut pairs: Vec<(&str, String)> = vec![
            ("response_type", "code".to_string()),
            ("client_id", self.client_id.clone()),
        ];
        if let Some(uri) = &self.redirect_uri {
            pairs.push(("redirect_uri", uri.clone()));
        }
        if !self.scopes.is_empty() {
            pairs.push(("scope", self.scopes.join(&self.scope_separator)));
        }
        pairs.push(("state", state.clone()));
        if let Some(v) = &verifier {
            pairs.push(("code_challenge", v.s256_challenge()));
            pairs.push(("code_challenge_method", "S256".to_string()));
        }
        pairs.extend(self.params.iter().map(|(k, v)| (k.as_str(), v.clone())));
        // `url`'s query serializer writes a space as `+` (form encoding); the documented form
        // is `%20`, so the pairs are encoded here, each key and value with the same set.
        let mut query = url.query().unwrap_or_default().to_string();
        for (k, v) in &pairs {
            if !query.is_empty() {
                query.push('&');
            }
            query.extend(percent_encoding::utf8_percent_encode(k, QUERY_VALUE));
            query.push('=');
            query.extend(percent_encoding::utf8_percent_encode(v, QUERY_VALUE));
        }
        url.set_query(Some(&query));
        Ok(AuthorizationRequest {
            url,
            state,
            pkce_verifier: verifier,
        })
    }
}

/// An authorization request: where to send the user, and what to keep until the redirect comes
/// back (the `state` to check with [`verify_state`](super::verify_state), the verifier for
/// [`OAuth2Client::exchange_code`](super::OAuth2Client::exchange_code)).
#[derive(Debug)]
#[non_exhaustive]
pub struct AuthorizationRequest {
    /// The URL to send the user to.
    pub url: Url,
    /// The CSRF `state` sent; compare it with the redirect's.
    pub state: String,
    /// The PKCE verifier (secret; keep it server-side), when PKCE is used.
    pub pkce_verifier: Option<PkceVerifier>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case5_a_space_between_scopes_is_sent_as_percent_20() {
        let request = AuthorizeUrlBuilder::new(
            Network::X,
            "https://x.com/i/oauth2/authorize?tenant=a+b",
            "client id",
        )
        .redirect_uri("https://app.example/cb?x=1")
        .scopes(["tweet.read", "users.read"])
        .scope("offline.access")
        .state("st")
        .param("prompt", "consent")
        .build()
        .unwrap();
        let challenge = request.pkce_verifier.as_ref().unwrap().s256_challenge();
        assert_eq!(
            request.url.query().unwrap(),
            format!(
                "tenant=a+b&response_type=code&client_id=client%20id\
                 &redirect_uri=https%3A%2F%2Fapp.example%2Fcb%3Fx%3D1\
                 &scope=tweet.read%20users.read%20offline.access&state=st\
                 &code_challenge={challenge}&code_challenge_method=S256&prompt=consent"
            )
        );
        // Decoded, it is the same request as before.
        let scope = request
            .url
            .query_pairs()
            .find(|(k, _)| k == "scope")
            .unwrap()
            .1;
        assert_eq!(scope, "tweet.read users.read offline.access");
    }

    #[test]
    fn case5_graph_scopes_are_comma_joined_without_pkce() {
        let request = AuthorizeUrlBuilder::new(
            Network::Facebook,
            "https://www.facebook.com/v25.0/dialog/oauth",
            "1234",
        )
        .redirect_uri("https://app.example/cb")
        .scopes(["pages_show_list", "pages_manage_posts"])
        .scope_separator(",")
        .without_pkce()
        .build()
        .unwrap();
        let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
        let get = |k: &str| {
            pairs
                .iter()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.as_str())
        };
        assert_eq!(get("scope"), Some("pages_show_list,pages_manage_posts"));
        assert_eq!(get("code_challenge"), None);
        assert!(request.pkce_verifier.is_none());
        assert_eq!(get("state"), Some(request.state.as_str()));
        assert_eq!(request.state.len(), 43);

        for url in ["not a url", "mailto:a@b.c", "ftp://x.example/auth"] {
            let err = AuthorizeUrlBuilder::new(Network::Facebook, url, "1")
                .build()
                .unwrap_err();
            assert!(matches!(err, Error::Config { .. }), "{url}: {err:?}");
        }
    }
}
