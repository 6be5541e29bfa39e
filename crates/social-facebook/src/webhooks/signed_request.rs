//! `signed_request`: the signed payload of the deauthorize and data-deletion callbacks and of
//! page tabs (<https://developers.facebook.com/docs/development/create-an-app/app-dashboard/data-deletion-callback>).

use std::fmt;

use base64::Engine;
use base64::alphabet;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, Utc};
use serde_json::Value;
use social_core::auth::{AccessToken, AppSecret};
use social_core::webhook as core_webhook;

use super::events::{opt_id, opt_str, time_value};
use super::{SIGNED_REQUEST_ALGORITHM, WebhookError, bounded};

/// A verified `signed_request` payload (deauthorize and data-deletion callbacks, page tabs).
///
/// Its `Debug` hides the `oauth_token` and any `code` or token in [`raw`](SignedRequest::raw);
/// printing `raw` yourself shows them.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The signing algorithm, as sent (always `HMAC-SHA256`, in some casing, once verified).
    pub algorithm: String,
    /// When Facebook issued it, Unix seconds.
    pub issued_at: Option<i64>,
    /// The app-scoped user id (sent as a string, sometimes as a number).
    pub user_id: Option<String>,
    /// The user's access token, when the request carries one (page tabs, canvas).
    pub oauth_token: Option<AccessToken>,
    /// When `oauth_token` expires, Unix seconds (`0` means it does not).
    pub expires: Option<i64>,
    /// The whole decoded payload, other keys included (`page`, `user`, `code`, …). It holds the
    /// token in clear: do not log it.
    pub raw: Value,
}

impl SignedRequest {
    /// [`issued_at`](SignedRequest::issued_at) as a UTC date-time.
    ///
    /// ```
    /// use social_core::auth::AppSecret;
    /// use social_facebook::webhooks::{parse_signed_request, sign_signed_request};
    ///
    /// let secret = AppSecret::new("s");
    /// let signed = sign_signed_request(
    ///     &serde_json::json!({"algorithm": "HMAC-SHA256", "issued_at": 1700000000}), &secret);
    /// let request = parse_signed_request(&signed, &secret)?;
    /// assert_eq!(request.issued_at_utc().unwrap().timestamp(), 1_700_000_000);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn issued_at_utc(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.issued_at?, 0)
    }

    /// [`expires`](SignedRequest::expires) as a UTC date-time (`None` when absent or `0`).
    ///
    /// ```
    /// use social_core::auth::AppSecret;
    /// use social_facebook::webhooks::{parse_signed_request, sign_signed_request};
    ///
    /// let secret = AppSecret::new("s");
    /// let signed = sign_signed_request(
    ///     &serde_json::json!({"algorithm": "HMAC-SHA256", "expires": 0}), &secret);
    /// assert_eq!(parse_signed_request(&signed, &secret)?.expires_utc(), None);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn expires_utc(&self) -> Option<DateTime<Utc>> {
        match self.expires? {
            0 => None,
            t => DateTime::from_timestamp(t, 0),
        }
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = crate::redact::redact_value(&self.raw, &[]);
        f.debug_struct("SignedRequest")
            .field("algorithm", &self.algorithm)
            .field("issued_at", &self.issued_at)
            .field("user_id", &self.user_id)
            .field("oauth_token", &self.oauth_token)
            .field("expires", &self.expires)
            .field("raw", &raw)
            .finish()
    }
}

/// base64url, padded or not. Standard base64 (`+`, `/`) is mapped to it first.
const LENIENT_BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn decode_base64_lenient(text: &str) -> Option<Vec<u8>> {
    let url_safe: String = text
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    LENIENT_BASE64URL.decode(url_safe).ok()
}

/// Verifies and decodes a `signed_request`: `base64url(signature) + "." + base64url(payload)`.
///
/// The signature is the HMAC-SHA256 of the payload **as encoded in the request** (including any
/// `=` padding), keyed with the app secret, compared in constant time before the payload is
/// decoded. Both parts may be base64url without padding (what Facebook sends) or padded standard
/// base64 (`+ / =`). Surrounding whitespace is ignored. The payload's `algorithm` must be
/// `HMAC-SHA256`, compared ASCII case-insensitively (as Facebook's own SDKs do). An empty app
/// secret never verifies.
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::parse_signed_request;
///
/// // A request signed with the secret "my_app_secret": the signature is
/// // base64url(hmac.new(b"my_app_secret", payload, hashlib.sha256).digest()) in Python.
/// let signed = "1PcBaxFTVHV2dQhnG-wZ7NKNqJzKWNkfV8SimmG92d0.eyJhbGdvcml0aG0iOiJITUFDLVNIQTI1NiIsImlzc3VlZF9hdCI6MTcwMDAwMDAwMCwidXNlcl9pZCI6IjIxODQ3MSJ9";
/// let request = parse_signed_request(signed, &AppSecret::new("my_app_secret"))?;
/// assert_eq!(request.user_id.as_deref(), Some("218471"));
/// assert_eq!(request.issued_at, Some(1_700_000_000));
/// assert!(parse_signed_request(signed, &AppSecret::new("wrong")).is_err());
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn parse_signed_request(
    signed_request: &str,
    app_secret: &AppSecret,
) -> Result<SignedRequest, WebhookError> {
    let malformed = |reason| WebhookError::SignedRequestMalformed { reason };
    let signed_request = signed_request.trim();
    let (signature, payload) = signed_request.split_once('.').ok_or(malformed(
        "there is no `.` between the signature and the payload",
    ))?;
    if signature.is_empty() {
        return Err(malformed("the signature is empty"));
    }
    if payload.is_empty() {
        return Err(malformed("the payload is empty"));
    }
    let signature =
        decode_base64_lenient(signature).ok_or(malformed("the signature is not base64url"))?;

    let key = app_secret.secret().as_bytes();
    if key.is_empty() || core_webhook::verify_raw(key, payload.as_bytes(), &signature).is_err() {
        return Err(WebhookError::SignedRequestSignatureMismatch);
    }

    let payload =
        decode_base64_lenient(payload).ok_or(malformed("the payload is not base64url"))?;
    let raw: Value =
        serde_json::from_slice(&payload).map_err(|_| malformed("the payload is not JSON"))?;
    let map = raw
        .as_object()
        .ok_or(malformed("the payload is not a JSON object"))?;

    let algorithm = match map.get("algorithm") {
        None | Some(Value::Null) => {
            return Err(WebhookError::UnsupportedAlgorithm { algorithm: None });
        }
        Some(Value::String(a)) => a.clone(),
        Some(_) => return Err(malformed("`algorithm` is not a string")),
    };
    if !algorithm.eq_ignore_ascii_case(SIGNED_REQUEST_ALGORITHM) {
        return Err(WebhookError::UnsupportedAlgorithm {
            algorithm: Some(bounded(&algorithm)),
        });
    }
    let time = |key: &str, reason| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ (Value::Number(_) | Value::String(_))) => {
            time_value(v).map(Some).ok_or(malformed(reason))
        }
        Some(_) => Err(malformed(reason)),
    };
    let issued_at = time("issued_at", "`issued_at` is not a Unix time")?;
    let expires = time("expires", "`expires` is not a Unix time")?;
    let user_id = opt_id(map, "user_id")
        .map_err(|_| malformed("`user_id` is neither a string nor an integer"))?;
    let oauth_token = opt_str(map, "oauth_token")
        .map_err(|_| malformed("`oauth_token` is not a string"))?
        .map(AccessToken::new);

    Ok(SignedRequest {
        algorithm,
        issued_at,
        user_id,
        oauth_token,
        expires,
        raw,
    })
}

/// Builds a `signed_request` the way Facebook does: the compact JSON of `payload_json` in
/// base64url without padding, signed with HMAC-SHA256 keyed with the app secret, the signature in
/// base64url without padding, joined by a `.`.
///
/// For tests and fakes of the deauthorize and data-deletion callbacks. Include
/// `"algorithm": "HMAC-SHA256"` in the payload, or [`parse_signed_request`] refuses it.
///
/// ```
/// use serde_json::json;
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::{parse_signed_request, sign_signed_request};
///
/// let secret = AppSecret::new("my_app_secret");
/// let signed = sign_signed_request(&json!({"algorithm": "HMAC-SHA256", "user_id": "218471"}), &secret);
/// assert!(!signed.contains('='));
/// assert_eq!(parse_signed_request(&signed, &secret)?.user_id.as_deref(), Some("218471"));
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn sign_signed_request(payload_json: &Value, app_secret: &AppSecret) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload_json.to_string());
    let signature = URL_SAFE_NO_PAD.encode(core_webhook::sign_raw(
        app_secret.secret().as_bytes(),
        payload.as_bytes(),
    ));
    format!("{signature}.{payload}")
}
