//! Hiding credentials in what the SDK prints: error snippets of response bodies, `Debug` output,
//! and text taken from bodies.
//!
//! Two ways to find a secret, used together where text may hold any:
//! - by value: [`mask`] replaces every value the request marked sensitive (a token, a client
//!   secret), raw or in any of the encodings it may have travelled in;
//! - by shape: [`mask_pairs`] replaces the value of every `key=value` or `"key": "value"` whose
//!   key names a credential ([`is_sensitive_key`]: `access_token`, `client_secret`,
//!   `appsecret_proof`, an OAuth `code`…), and every word a network-specific test says is a
//!   token.
//!
//! [`mask_text`] does both; [`redact_json`] does it through a JSON value; [`masked_snippet`] is
//! what errors keep of a body.

use serde_json::Value;

use super::request::encode_segment;
use crate::error::{SNIPPET_LIMIT, snippet};

/// What replaces a secret.
pub const REDACTED: &str = "[redacted]";

/// `text` with every `sensitive` value (raw, form-encoded, percent-encoded, or encoded as a path
/// segment) replaced by [`REDACTED`]. Values shorter than 4 bytes are left alone: masking them
/// would garble the text and they protect nothing.
///
/// ```
/// use social_core::http::mask::mask;
/// let secret = "s3cr3t/+value".to_string();
/// let text = "sent s3cr3t/+value, echoed s3cr3t%2F%2Bvalue";
/// assert_eq!(mask(text, &[secret]), "sent [redacted], echoed [redacted]");
/// ```
pub fn mask(text: &str, sensitive: &[String]) -> String {
    let mut text = text.to_string();
    for s in sensitive.iter().filter(|s| s.len() >= 4) {
        text = text.replace(s.as_str(), REDACTED);
        let form = url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        let pct = percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
            .to_string();
        for encoded in [form, pct, encode_segment(s)] {
            if encoded != *s && text.contains(&encoded) {
                text = text.replace(&encoded, REDACTED);
            }
        }
    }
    text
}

/// A bounded snippet of `body` (at most [`SNIPPET_LIMIT`] bytes, then the total size) with
/// every `sensitive` value masked as [`mask`] does; with `secret_body` (a response that carries
/// credentials), only the body's size.
///
/// ```
/// use social_core::http::mask::masked_snippet;
/// let body = br#"{"error":"invalid token ya29.SECRET-TOKEN"}"#;
/// let s = masked_snippet(body, &["ya29.SECRET-TOKEN".to_string()], false);
/// assert_eq!(s, r#"{"error":"invalid token [redacted]"}"#);
/// assert!(masked_snippet(body, &[], true).contains("withheld"));
/// ```
pub fn masked_snippet(body: &[u8], sensitive: &[String], secret_body: bool) -> String {
    if secret_body {
        return format!(
            "[{} bytes withheld: the response may carry credentials]",
            body.len()
        );
    }
    // Mask over a little more than the limit, so a secret across the cut is masked too.
    let longest = sensitive.iter().map(|s| s.len() * 3).max().unwrap_or(0);
    let head = &body[..body.len().min(SNIPPET_LIMIT + longest)];
    let text = mask(&String::from_utf8_lossy(head), sensitive);
    let mut out = snippet(text.as_bytes(), SNIPPET_LIMIT);
    if body.len() > head.len() && !out.ends_with("in all)") {
        out.push_str(&format!("… ({} bytes in all)", body.len()));
    }
    out
}

/// Whether a JSON key, form field or query parameter holds a credential: a key containing
/// `token`, `secret` or `proof` (`access_token`, `client_secret`, `appsecret_proof`), or the
/// whole key `code` (an OAuth authorization code, RFC 6749 section 4.1.2:
/// <https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2>), ASCII case-insensitively.
///
/// ```
/// use social_core::http::mask::is_sensitive_key;
/// assert!(is_sensitive_key("access_token") && is_sensitive_key("Client_Secret"));
/// assert!(is_sensitive_key("code") && !is_sensitive_key("error_code"));
/// ```
pub fn is_sensitive_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("token") || k.contains("secret") || k.contains("proof") || k == "code"
}

/// Whether the `value` of `key` must be hidden: the key holds a credential
/// ([`is_sensitive_key`]), except a `code` made of digits only, which is an error code
/// (`{"error":{"code":190}}`), never an OAuth code.
///
/// ```
/// use social_core::http::mask::is_sensitive_pair;
/// assert!(is_sensitive_pair("code", "AQD8x-secret"));
/// assert!(!is_sensitive_pair("code", "190"));
/// ```
pub fn is_sensitive_pair(key: &str, value: &str) -> bool {
    is_sensitive_key(key)
        && !(key.eq_ignore_ascii_case("code")
            && !value.is_empty()
            && value.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a header may carry a credential (`Authorization`, `Cookie`, a `*-Token` header…).
///
/// ```
/// use social_core::http::mask::is_sensitive_header;
/// assert!(is_sensitive_header("Authorization") && is_sensitive_header("set-cookie"));
/// assert!(!is_sensitive_header("content-type"));
/// ```
pub fn is_sensitive_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    is_sensitive_key(&n) || n.contains("cookie") || n.contains("authorization")
}

/// `text` with credentials masked both ways: every `sensitive` value ([`mask`]), then every
/// credential-looking value ([`mask_pairs`], with `is_token` saying which words are tokens).
///
/// ```
/// use social_core::http::mask::mask_text;
/// let text = "redirect to https://a.example/cb?code=AQD8x&state=1 with key abcd1234";
/// let masked = mask_text(text, &["abcd1234".to_string()], &|_| false);
/// assert_eq!(masked, "redirect to https://a.example/cb?code=[redacted]&state=1 with key [redacted]");
/// ```
pub fn mask_text(text: &str, sensitive: &[String], is_token: &dyn Fn(&str) -> bool) -> String {
    mask_pairs(&mask(text, sensitive), is_token)
}

/// `v` with the value of every credential key replaced by [`REDACTED`] at any depth (a number
/// only when [`is_sensitive_pair`] says so, so error codes stay), and every string masked with
/// [`mask_text`].
///
/// ```
/// use serde_json::json;
/// use social_core::http::mask::redact_json;
/// let v = json!({"access_token": "EAAB", "error": {"code": 190, "message": "token=abc"}});
/// assert_eq!(
///     redact_json(&v, &[], &|_| false),
///     json!({"access_token": "[redacted]", "error": {"code": 190, "message": "token=[redacted]"}})
/// );
/// ```
pub fn redact_json(v: &Value, sensitive: &[String], is_token: &dyn Fn(&str) -> bool) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let hidden = match v {
                        Value::Number(n) => is_sensitive_pair(k, &n.to_string()),
                        Value::Bool(_) | Value::Null => false,
                        _ => is_sensitive_key(k),
                    };
                    let v = if hidden {
                        Value::String(REDACTED.into())
                    } else {
                        redact_json(v, sensitive, is_token)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|i| redact_json(i, sensitive, is_token))
                .collect(),
        ),
        Value::String(s) => Value::String(mask_text(s, sensitive, is_token)),
        other => other.clone(),
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Where the value after the key at `start..end` lies: `key=value`, `key = "value"`, and, when
/// the key is quoted, `"key": value` (an unquoted `token:` is prose: "access token: Session
/// has expired").
fn value_after(b: &[u8], start: usize, end: usize) -> Option<(usize, usize)> {
    let quote = start.checked_sub(1).map(|i| b[i]);
    let quoted_key = matches!(quote, Some(b'"' | b'\'')) && b.get(end) == quote.as_ref();
    let skip_spaces = |mut j: usize| {
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        j
    };
    let mut j = skip_spaces(end + usize::from(quoted_key));
    match b.get(j) {
        Some(b'=') => {}
        Some(b':') if quoted_key => {}
        _ => return None,
    }
    j = skip_spaces(j + 1);
    if let Some(&q @ (b'"' | b'\'')) = b.get(j) {
        let mut k = j + 1;
        while k < b.len() && b[k] != q {
            k += if b[k] == b'\\' { 2 } else { 1 };
        }
        return Some((j + 1, k.min(b.len())));
    }
    let mut k = j;
    while k < b.len()
        && !matches!(
            b[k],
            b'&' | b' '
                | b'\t'
                | b'\n'
                | b'\r'
                | b'"'
                | b'\''
                | b','
                | b';'
                | b')'
                | b']'
                | b'}'
                | b'<'
                | b'>'
                | b'#'
        )
    {
        k += 1;
    }
    Some((j, k))
}

/// `text` with the credential-looking values masked: the value of every `key=value`,
/// `key = "value"` or `"key": "value"` whose key holds a credential ([`is_sensitive_pair`]),
/// and every word (ASCII letters, digits, `_`) for which `is_token` is true (a network's token
/// shape, e.g. Graph's `EAA…` access tokens).
///
/// ```
/// use social_core::http::mask::mask_pairs;
/// let text = r#"{"refresh_token": "r-123", "error_code": 4} access_token=abc&x=1 (token: expired)"#;
/// assert_eq!(
///     mask_pairs(text, &|_| false),
///     r#"{"refresh_token": "[redacted]", "error_code": 4} access_token=[redacted]&x=1 (token: expired)"#
/// );
/// assert_eq!(mask_pairs("seen EAAB1234 here", &|w| w.starts_with("EAA")), "seen [redacted] here");
/// ```
pub fn mask_pairs(text: &str, is_token: &dyn Fn(&str) -> bool) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    let mut i = 0;
    while i < b.len() {
        if !is_word_byte(b[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && is_word_byte(b[i]) {
            i += 1;
        }
        let word = &text[start..i];
        if is_token(word) {
            out.push_str(&text[copied..start]);
            out.push_str(REDACTED);
            copied = i;
            continue;
        }
        if !is_sensitive_key(word) {
            continue;
        }
        let Some((from, to)) = value_after(b, start, i) else {
            continue;
        };
        let value = &text[from..to];
        if text[from..].starts_with(REDACTED) {
            i = from + REDACTED.len();
            continue;
        }
        if value.is_empty() || !is_sensitive_pair(word, value) {
            continue;
        }
        out.push_str(&text[copied..from]);
        out.push_str(REDACTED);
        copied = to;
        i = to;
    }
    out.push_str(&text[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case7_every_encoding_of_a_secret_is_masked() {
        let secret = "a b/c~d".to_string();
        for variant in ["a b/c~d", "a+b%2Fc%7Ed", "a%20b%2Fc%7Ed", "a%20b%2Fc~d"] {
            let text = format!("before {variant} after");
            assert_eq!(
                mask(&text, std::slice::from_ref(&secret)),
                "before [redacted] after",
                "{variant}"
            );
        }
        // Too short to protect anything: left alone.
        assert_eq!(mask("id=abc", &["abc".to_string()]), "id=abc");
    }

    #[test]
    fn case7_pairs_are_masked_whatever_their_quoting() {
        let is_token = |w: &str| w.len() >= 32 && w.starts_with("EAA");
        let token = format!("EAA{}", "b".repeat(40));
        let cases = [
            ("a?access_token=xyz&b=1", "a?access_token=[redacted]&b=1"),
            (
                r#"{"client_secret":"s\"x", "n": 1}"#,
                r#"{"client_secret":"[redacted]", "n": 1}"#,
            ),
            ("secret = 'abc def'", "secret = '[redacted]'"),
            (r#"{"code": 190}"#, r#"{"code": 190}"#),
            ("token: Session has expired", "token: Session has expired"),
            (
                "already access_token=[redacted]",
                "already access_token=[redacted]",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(mask_pairs(text, &is_token), want, "{text}");
        }
        assert_eq!(
            mask_pairs(&format!("bearer {token}."), &is_token),
            "bearer [redacted]."
        );
        // Never a panic on any byte string, cut anywhere.
        let text = r#"{"access_token": "unterminated \"#;
        for end in 0..=text.len() {
            let _ = mask_pairs(&text[..end], &is_token);
        }
    }
}
