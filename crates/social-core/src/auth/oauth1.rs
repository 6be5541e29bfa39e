//! OAuth 1.0a request signing (RFC 5849, `HMAC-SHA1`), as X's user-context endpoints accept it.
//!
//! The pure functions ([`percent_encode`], [`signature_base_string`], [`hmac_sha1_signature`],
//! [`sign`], [`authorization_header`]) take the nonce and timestamp as arguments, so they are
//! checked against published vectors; [`OAuth1Auth`] draws a fresh nonce for every attempt and
//! reads the time from the transport's clock.

use std::fmt;
use std::time::SystemTime;

use async_trait::async_trait;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use hmac::{Hmac, Mac};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use rand::Rng;
use sha1::Sha1;
use url::Url;

use super::{AuthTarget, Authenticator, ClientSecret, TokenSecret};
use crate::error::Result;
use crate::http::Body;

/// RFC 3986 unreserved characters, the only ones OAuth 1.0a leaves unencoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The credentials of an OAuth 1.0a request: the consumer (app) key and secret, and the user's
/// token and token secret (absent while requesting a temporary token).
///
/// ```
/// use social_core::auth::{ClientSecret, OAuth1Credentials, TokenSecret};
///
/// let creds = OAuth1Credentials::new("consumer-key", ClientSecret::new("SEKRIT-1"))
///     .with_token("token", TokenSecret::new("SEKRIT-2"));
/// assert!(!format!("{creds:?}").contains("SEKRIT"));
/// ```
#[derive(Clone)]
#[non_exhaustive]
pub struct OAuth1Credentials {
    /// The consumer (API) key.
    pub consumer_key: String,
    /// The consumer (API) secret.
    pub consumer_secret: ClientSecret,
    /// The access (or temporary) token.
    pub token: Option<String>,
    /// The token secret.
    pub token_secret: Option<TokenSecret>,
}

impl fmt::Debug for OAuth1Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OAuth1Credentials")
            .field("consumer_key", &self.consumer_key)
            .field("consumer_secret", &self.consumer_secret)
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .field("token_secret", &self.token_secret)
            .finish()
    }
}

impl OAuth1Credentials {
    /// Consumer credentials alone (to request a temporary token).
    pub fn new(consumer_key: impl Into<String>, consumer_secret: ClientSecret) -> Self {
        OAuth1Credentials {
            consumer_key: consumer_key.into(),
            consumer_secret,
            token: None,
            token_secret: None,
        }
    }

    /// Adds the user's token and token secret.
    #[must_use]
    pub fn with_token(mut self, token: impl Into<String>, secret: TokenSecret) -> Self {
        self.token = Some(token.into());
        self.token_secret = Some(secret);
        self
    }
}

/// Percent-encodes as RFC 5849 section 3.6 requires: UTF-8, everything but `A-Z a-z 0-9 - . _ ~`
/// becomes `%XX` with uppercase hex (a space is `%20`, never `+`).
///
/// ```
/// use social_core::auth::oauth1::percent_encode;
/// assert_eq!(percent_encode("Ladies + Gentlemen"), "Ladies%20%2B%20Gentlemen");
/// ```
pub fn percent_encode(s: &str) -> String {
    utf8_percent_encode(s, UNRESERVED).to_string()
}

/// The signature base string (RFC 5849 section 3.4.1): `METHOD&enc(base URI)&enc(normalised params)`.
///
/// The parameters signed are the URL's query (decoded as a form) plus `params`: the form-body
/// parameters (only for an `application/x-www-form-urlencoded` body) and the `oauth_*` protocol
/// parameters, without `oauth_signature` and `realm`. Values are given decoded. The base URI has
/// a lowercase scheme and host, no default port, no query and no fragment.
///
/// ```
/// use social_core::auth::oauth1::signature_base_string;
/// let url = url::Url::parse("HTTP://Example.COM:80/r%20v?b=2&a=1").unwrap();
/// assert_eq!(
///     signature_base_string("get", &url, &[("c".into(), "x y".into())]),
///     "GET&http%3A%2F%2Fexample.com%2Fr%2520v&a%3D1%26b%3D2%26c%3Dx%2520y"
/// );
/// ```
pub fn signature_base_string(method: &str, url: &Url, params: &[(String, String)]) -> String {
    let mut pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (percent_encode(&k), percent_encode(&v)))
        .chain(
            params
                .iter()
                .map(|(k, v)| (percent_encode(k), percent_encode(v))),
        )
        .collect();
    pairs.sort();
    let normalized = pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    let mut base_uri = format!("{}://{}", url.scheme(), url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        base_uri.push_str(&format!(":{port}"));
    }
    base_uri.push_str(url.path());
    format!(
        "{}&{}&{}",
        method.to_ascii_uppercase(),
        percent_encode(&base_uri),
        percent_encode(&normalized)
    )
}

/// `base64(HMAC-SHA1(enc(consumer_secret) "&" enc(token_secret), base_string))` (RFC 5849
/// section 3.4.2); without a token secret the key ends in `&`.
///
/// ```
/// use social_core::auth::{ClientSecret, oauth1::hmac_sha1_signature};
/// let sig = hmac_sha1_signature("GET&x&y", &ClientSecret::new("secret"), None);
/// assert_eq!(sig.len(), 28);
/// ```
pub fn hmac_sha1_signature(
    base_string: &str,
    consumer_secret: &ClientSecret,
    token_secret: Option<&TokenSecret>,
) -> String {
    let key = format!(
        "{}&{}",
        percent_encode(consumer_secret.secret()),
        percent_encode(token_secret.map_or("", TokenSecret::secret))
    );
    let mut mac =
        Hmac::<Sha1>::new_from_slice(key.as_bytes()).expect("HMAC accepts keys of any length");
    mac.update(base_string.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// The protocol parameters this crate sends (`oauth_version="1.0"`, as X documents).
fn protocol_params(
    creds: &OAuth1Credentials,
    nonce: &str,
    timestamp: u64,
) -> Vec<(String, String)> {
    let mut p = vec![
        ("oauth_consumer_key".to_string(), creds.consumer_key.clone()),
        ("oauth_nonce".to_string(), nonce.to_string()),
        (
            "oauth_signature_method".to_string(),
            "HMAC-SHA1".to_string(),
        ),
        ("oauth_timestamp".to_string(), timestamp.to_string()),
    ];
    if let Some(token) = &creds.token {
        p.push(("oauth_token".to_string(), token.clone()));
    }
    p.push(("oauth_version".to_string(), "1.0".to_string()));
    p
}

/// The `oauth_signature` of a request: `params` are the form-body parameters (and any extra
/// protocol parameters sent in the query or body, such as `oauth_callback` or `oauth_verifier`);
/// the URL's query is read from `url`; `oauth_consumer_key`, `oauth_nonce`,
/// `oauth_signature_method`, `oauth_timestamp`, `oauth_token` and `oauth_version` are added.
///
/// ```
/// use social_core::auth::{ClientSecret, OAuth1Credentials, oauth1::sign};
/// let creds = OAuth1Credentials::new("key", ClientSecret::new("secret"));
/// let url = url::Url::parse("https://api.x.com/oauth/request_token").unwrap();
/// let params = [("oauth_callback".to_string(), "oob".to_string())];
/// let sig = sign(&creds, "POST", &url, &params, "nonce", 1_700_000_000);
/// assert_eq!(sig.len(), 28);
/// ```
pub fn sign(
    creds: &OAuth1Credentials,
    method: &str,
    url: &Url,
    params: &[(String, String)],
    nonce: &str,
    timestamp: u64,
) -> String {
    let mut all = protocol_params(creds, nonce, timestamp);
    all.extend_from_slice(params);
    let base = signature_base_string(method, url, &all);
    hmac_sha1_signature(&base, &creds.consumer_secret, creds.token_secret.as_ref())
}

/// The `Authorization` header value, `OAuth k="enc(v)", …`, with the protocol parameters of
/// [`sign`] and the signature, sorted by name. Parameters in `params` are signed but stay where
/// the caller sends them (query or body).
///
/// ```
/// use social_core::auth::{ClientSecret, OAuth1Credentials, oauth1::authorization_header};
/// let creds = OAuth1Credentials::new("key", ClientSecret::new("secret"));
/// let url = url::Url::parse("https://api.x.com/2/tweets").unwrap();
/// let header = authorization_header(&creds, "POST", &url, &[], "nonce", 1_700_000_000);
/// assert!(header.starts_with(r#"OAuth oauth_consumer_key="key", oauth_nonce="nonce""#));
/// ```
pub fn authorization_header(
    creds: &OAuth1Credentials,
    method: &str,
    url: &Url,
    params: &[(String, String)],
    nonce: &str,
    timestamp: u64,
) -> String {
    let mut header = protocol_params(creds, nonce, timestamp);
    header.push((
        "oauth_signature".to_string(),
        sign(creds, method, url, params, nonce, timestamp),
    ));
    header.sort();
    let fields = header
        .iter()
        .map(|(k, v)| format!("{}=\"{}\"", percent_encode(k), percent_encode(v)))
        .collect::<Vec<_>>()
        .join(", ");
    format!("OAuth {fields}")
}

/// Signs every attempt with OAuth 1.0a (`HMAC-SHA1`): the query and, for a form body, its
/// parameters (never a JSON or multipart body); a fresh nonce per attempt, the timestamp from the
/// transport's clock.
///
/// ```no_run
/// use std::sync::Arc;
/// use social_core::auth::{ClientSecret, OAuth1Auth, OAuth1Credentials, TokenSecret};
/// use social_core::http::Transport;
/// use social_core::Network;
///
/// # fn run() -> social_core::Result<()> {
/// let creds = OAuth1Credentials::new("consumer-key", ClientSecret::new("consumer-secret"))
///     .with_token("access-token", TokenSecret::new("token-secret"));
/// let api = Transport::builder(Network::X, "https://api.x.com")
///     .authenticator(Arc::new(OAuth1Auth::new(creds)))
///     .build()?;
/// # let _ = api; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct OAuth1Auth {
    credentials: OAuth1Credentials,
}

impl OAuth1Auth {
    /// Signs with `credentials`.
    pub fn new(credentials: OAuth1Credentials) -> Self {
        OAuth1Auth { credentials }
    }
}

#[async_trait]
impl Authenticator for OAuth1Auth {
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()> {
        let params = match target.body() {
            Body::Form(pairs) => pairs.clone(),
            _ => Vec::new(),
        };
        let nonce: String = rand::rng()
            .sample_iter(rand::distr::Alphanumeric)
            .take(32)
            .map(char::from)
            .collect();
        let timestamp = target
            .now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let header = authorization_header(
            &self.credentials,
            target.method().as_str(),
            target.url(),
            &params,
            &nonce,
            timestamp,
        );
        target.set_header(http::header::AUTHORIZATION, &header)
    }
}
