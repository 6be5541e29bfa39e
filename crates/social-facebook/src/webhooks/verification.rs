//! The checks that a request came from Facebook: the subscription `GET` (`hub.verify_token`,
//! `hub.challenge`) and the `X-Hub-Signature-256` of a notification.

use social_core::auth::AppSecret;
use social_core::webhook::{self as core_webhook, SignatureError};

use super::{WebhookError, bounded};

/// Answers Facebook's verification request from its query pairs: checks that `hub.mode` is
/// `subscribe` and that `hub.verify_token` equals `expected_verify_token` (in constant time), and
/// returns `hub.challenge`, to send back as the plain body of a `200` answer.
///
/// The pairs must already be percent-decoded (as web frameworks hand them over); for a raw query
/// string use [`verify_subscription_query`]. When a key appears twice, the first value counts. An
/// empty `expected_verify_token` never matches. On an error, answer
/// [`http_status`](WebhookError::http_status) (`403` or `400`).
///
/// ```
/// use std::collections::HashMap;
/// use social_facebook::webhooks::verify_subscription;
///
/// let query: HashMap<String, String> = [
///     ("hub.mode", "subscribe"),
///     ("hub.challenge", "1158201444"),
///     ("hub.verify_token", "meatyhamhock"),
/// ]
/// .into_iter()
/// .map(|(k, v)| (k.to_string(), v.to_string()))
/// .collect();
/// assert_eq!(verify_subscription(&query, "meatyhamhock").unwrap(), "1158201444");
/// assert!(verify_subscription(&query, "another-token").is_err());
/// ```
pub fn verify_subscription<I, K, V>(
    query: I,
    expected_verify_token: &str,
) -> Result<String, WebhookError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut mode: Option<String> = None;
    let mut token: Option<String> = None;
    let mut challenge: Option<String> = None;
    for (key, value) in query {
        let slot = match key.as_ref() {
            "hub.mode" => &mut mode,
            "hub.verify_token" => &mut token,
            "hub.challenge" => &mut challenge,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.as_ref().to_string());
        }
    }

    if mode.as_deref() != Some("subscribe") {
        return Err(WebhookError::BadMode {
            mode: mode.as_deref().map(bounded),
        });
    }
    let token_ok = match token {
        Some(token) => social_core::auth::oauth2::verify_state(expected_verify_token, &token),
        None => false,
    };
    if !token_ok {
        return Err(WebhookError::WrongVerifyToken);
    }
    match challenge {
        Some(c) if !c.is_empty() => Ok(c),
        _ => Err(WebhookError::MissingChallenge),
    }
}

/// Like [`verify_subscription`], from the raw query string of the request (with or without its
/// leading `?`), percent-decoded the `application/x-www-form-urlencoded` way.
///
/// ```
/// use social_facebook::webhooks::verify_subscription_query;
///
/// // The example of Facebook's "Getting started" page.
/// let challenge = verify_subscription_query(
///     "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
///     "meatyhamhock",
/// )?;
/// assert_eq!(challenge, "1158201444"); // answer 200 with this as a text/plain body
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn verify_subscription_query(
    query: &str,
    expected_verify_token: &str,
) -> Result<String, WebhookError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    verify_subscription(
        url::form_urlencoded::parse(query.as_bytes()),
        expected_verify_token,
    )
}

// ---------------------------------------------------------------------------------------------
// Notification signature
// ---------------------------------------------------------------------------------------------

/// Checks the `X-Hub-Signature-256` header of a notification (`sha256=` + hex HMAC-SHA256 of the
/// raw body, keyed with the app secret), in constant time.
///
/// Give the body **exactly as received**, before any parsing. Only `sha256=` is accepted: the
/// legacy `X-Hub-Signature: sha1=…` header is refused as
/// [`Malformed`](SignatureError::Malformed), so pass `X-Hub-Signature-256` only. An empty app
/// secret never verifies (a missing configuration must not let anyone sign).
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::{verify_signature, WebhookError};
/// use social_core::webhook::SignatureError;
///
/// let secret = AppSecret::new("my_app_secret");
/// let body = br#"{"object":"page","entry":[]}"#;
/// let header = "sha256=f373092cfe9f34e1e016a6b15554116814589f121d055510f67b1f54e51b9eae";
/// assert!(verify_signature(&secret, body, Some(header)).is_ok());
/// assert_eq!(
///     verify_signature(&secret, body, None),
///     Err(WebhookError::Signature(SignatureError::Missing))
/// );
/// ```
pub fn verify_signature(
    app_secret: &AppSecret,
    raw_body: &[u8],
    x_hub_signature_256: Option<&str>,
) -> Result<(), WebhookError> {
    verify_signature_any(&[app_secret], raw_body, x_hub_signature_256)
}

/// Like [`verify_signature`], passing if the signature matches any of the app secrets: use it
/// while you rotate the app secret (keep the old one until the new one is in place). Every secret
/// is tried, so the time taken does not tell which one matched.
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::verify_signature_any;
///
/// let (old, new) = (AppSecret::new("old"), AppSecret::new("new"));
/// let body = b"{}";
/// let header = format!("sha256={}", social_core::webhook::sign_hex(b"new", body));
/// assert!(verify_signature_any(&[&old, &new], body, Some(&header)).is_ok());
/// assert!(verify_signature_any(&[&old], body, Some(&header)).is_err());
/// ```
pub fn verify_signature_any(
    app_secrets: &[&AppSecret],
    raw_body: &[u8],
    x_hub_signature_256: Option<&str>,
) -> Result<(), WebhookError> {
    let header = x_hub_signature_256.ok_or(SignatureError::Missing)?;
    let keys: Vec<&[u8]> = app_secrets
        .iter()
        .map(|s| s.secret().as_bytes())
        .filter(|k| !k.is_empty())
        .collect();
    // Check the header's form even with no usable secret, so the error says what is wrong.
    core_webhook::verify_prefixed_hex_any(&keys, raw_body, header)?;
    Ok(())
}
