//! Webhook signature checks: HMAC-SHA256 over the raw body bytes, compared in constant time.
//!
//! Verify the bytes exactly as received, before parsing: re-serialised JSON has other bytes.
//! Meta (Facebook) sends `X-Hub-Signature-256: sha256=<hex>` keyed with the app secret; X sends
//! `x-twitter-webhooks-signature: sha256=<base64>` keyed with the consumer secret.
//!
//! ```
//! use social_core::webhook::{verify_prefixed_hex, sign_hex};
//!
//! // The vector GitHub publishes for the same scheme Meta uses.
//! let secret = b"It's a Secret to Everybody";
//! let body = b"Hello, World!";
//! assert_eq!(sign_hex(secret, body), "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
//! assert!(verify_prefixed_hex(secret, body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17").is_ok());
//! ```

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

type HmacSha256 = Hmac<Sha256>;

/// Why a signature was refused. Never carries the expected signature.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SignatureError {
    /// No signature header was given.
    #[error("webhook signature missing: refuse the request")]
    Missing,
    /// The header is not `sha256=` followed by hex (or base64).
    #[error("webhook signature malformed: refuse the request")]
    Malformed,
    /// The signature does not match the body and secret.
    #[error("webhook signature does not match: refuse the request (or check the secret)")]
    Mismatch,
}

fn mac(secret: &[u8], body: &[u8]) -> HmacSha256 {
    let mut m = HmacSha256::new_from_slice(secret).expect("HMAC accepts keys of any length");
    m.update(body);
    m
}

/// HMAC-SHA256 of `body` keyed with `secret`, as bytes (for encodings other than hex and
/// standard base64, such as the base64url of Facebook's `signed_request`).
///
/// ```
/// let raw = social_core::webhook::sign_raw(b"secret", b"test");
/// assert_eq!(hex::encode(raw), social_core::webhook::sign_hex(b"secret", b"test"));
/// ```
pub fn sign_raw(secret: &[u8], body: &[u8]) -> [u8; 32] {
    mac(secret, body).finalize().into_bytes().into()
}

/// HMAC-SHA256 of `body` keyed with `secret`, as lowercase hex.
pub fn sign_hex(secret: &[u8], body: &[u8]) -> String {
    hex::encode(sign_raw(secret, body))
}

/// HMAC-SHA256 of `body` keyed with `secret`, as standard base64.
///
/// ```
/// // X's CRC answer is `sha256=` + this, computed over the `crc_token`.
/// let token = social_core::webhook::sign_base64(b"consumer-secret", b"crc-token");
/// assert_eq!(token.len(), 44);
/// ```
pub fn sign_base64(secret: &[u8], body: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(sign_raw(secret, body))
}

/// Checks a signature already decoded to bytes (from hex, base64, base64url…) against the
/// HMAC-SHA256 of `body` keyed with `secret`, in constant time.
///
/// Use it for encodings the other helpers do not read, such as the unpadded base64url of
/// Facebook's `signed_request`. A signature of the wrong length is a
/// [`Mismatch`](SignatureError::Mismatch).
///
/// ```
/// use social_core::webhook::{verify_raw, SignatureError};
///
/// // HMAC-SHA256(key = "secret", message = "test"), recomputed with Python's `hmac`.
/// let sig = hex::decode("0329a06b62cd16b33eb6792be8c60b158d89a2ee3a876fce9a881ebb488c0914").unwrap();
/// assert!(verify_raw(b"secret", b"test", &sig).is_ok());
/// assert_eq!(verify_raw(b"secret", b"test!", &sig), Err(SignatureError::Mismatch));
/// assert_eq!(verify_raw(b"secret", b"test", &sig[..16]), Err(SignatureError::Mismatch));
/// ```
pub fn verify_raw(secret: &[u8], body: &[u8], signature: &[u8]) -> Result<(), SignatureError> {
    mac(secret, body)
        .verify_slice(signature)
        .map_err(|_| SignatureError::Mismatch)
}

/// Checks a hex signature (no prefix), in constant time.
pub fn verify_hex(secret: &[u8], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    let sig = hex::decode(signature.trim()).map_err(|_| SignatureError::Malformed)?;
    verify_raw(secret, body, &sig)
}

/// Checks a base64 signature (no prefix), in constant time.
pub fn verify_base64(secret: &[u8], body: &[u8], signature: &str) -> Result<(), SignatureError> {
    let sig = base64::engine::general_purpose::STANDARD
        .decode(signature.trim())
        .map_err(|_| SignatureError::Malformed)?;
    verify_raw(secret, body, &sig)
}

fn strip_prefix(header: &str) -> Result<&str, SignatureError> {
    let header = header.trim();
    if header.is_empty() {
        return Err(SignatureError::Missing);
    }
    header
        .strip_prefix("sha256=")
        .ok_or(SignatureError::Malformed)
}

/// Checks a `sha256=<hex>` header (Meta `X-Hub-Signature-256`).
pub fn verify_prefixed_hex(secret: &[u8], body: &[u8], header: &str) -> Result<(), SignatureError> {
    verify_hex(secret, body, strip_prefix(header)?)
}

/// Checks a `sha256=<base64>` header (X `x-twitter-webhooks-signature`).
pub fn verify_prefixed_base64(
    secret: &[u8],
    body: &[u8],
    header: &str,
) -> Result<(), SignatureError> {
    verify_base64(secret, body, strip_prefix(header)?)
}

/// Checks a header against several secrets (during a secret rotation): passes if any matches.
///
/// ```
/// use social_core::webhook::{sign_hex, verify_prefixed_hex_any};
/// let header = format!("sha256={}", sign_hex(b"new", b"{}"));
/// assert!(verify_prefixed_hex_any(&[b"old".as_slice(), b"new".as_slice()], b"{}", &header).is_ok());
/// ```
pub fn verify_prefixed_hex_any(
    secrets: &[&[u8]],
    body: &[u8],
    header: &str,
) -> Result<(), SignatureError> {
    let sig = hex::decode(strip_prefix(header)?.trim()).map_err(|_| SignatureError::Malformed)?;
    let mut result = Err(SignatureError::Mismatch);
    // Check every secret, so the time taken does not tell which one matched.
    for secret in secrets {
        if verify_raw(secret, body, &sig).is_ok() {
            result = Ok(());
        }
    }
    result
}
