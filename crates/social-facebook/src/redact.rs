//! Hiding credentials in what the crate prints: `Debug` of bodies and forms, and error text
//! built from bodies (batch items, `signed_request` payloads).

use serde_json::Value;
use social_core::http::encode_segment;

/// What replaces a credential in `Debug` output and error text.
pub(crate) const REDACTED: &str = "[redacted]";

/// Whether a JSON key, form field or query parameter holds a credential: a key containing
/// `token`, `secret` or `proof` (`access_token`, `client_secret`, `appsecret_proof`), or the
/// whole key `code` (an OAuth code), ASCII case-insensitively.
pub(crate) fn is_sensitive_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.contains("token") || k.contains("secret") || k.contains("proof") || k == "code"
}

/// Whether the value of `key` must be hidden. A `code` made of digits only is Graph's error code
/// (`{"error":{"code":190}}`), never an OAuth code: it is kept.
pub(crate) fn hides(key: &str, value: &str) -> bool {
    is_sensitive_key(key)
        && !(key.eq_ignore_ascii_case("code")
            && !value.is_empty()
            && value.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a header may carry a credential.
pub(crate) fn is_sensitive_header(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    is_sensitive_key(&n) || n.contains("cookie") || n.contains("authorization")
}

/// `v` with the value of every credential key replaced (at any depth), and every string masked
/// with [`mask_text`].
pub(crate) fn redact_value(v: &Value, known: &[String]) -> Value {
    match v {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| {
                    let hidden = match v {
                        Value::Number(n) => hides(k, &n.to_string()),
                        Value::Bool(_) | Value::Null => false,
                        _ => is_sensitive_key(k),
                    };
                    let v = if hidden {
                        Value::String(REDACTED.into())
                    } else {
                        redact_value(v, known)
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(|i| redact_value(i, known)).collect()),
        Value::String(s) => Value::String(mask_text(s, known)),
        other => other.clone(),
    }
}

/// Every byte but ASCII letters and digits percent-encoded.
fn percent_encode_all(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `text` with credentials masked: every `known` value (raw, form-encoded or percent-encoded;
/// values shorter than 4 bytes are left alone, as the transport does), the value of every
/// `key=value` or `"key": "value"` whose key holds a credential, and every word shaped like a
/// Graph access token.
pub(crate) fn mask_text(text: &str, known: &[String]) -> String {
    let mut out = text.to_string();
    for s in known.iter().filter(|s| s.len() >= 4) {
        let form = url::form_urlencoded::byte_serialize(s.as_bytes()).collect::<String>();
        for variant in [s.clone(), form, encode_segment(s), percent_encode_all(s)] {
            if out.contains(&variant) {
                out = out.replace(&variant, REDACTED);
            }
        }
    }
    mask_pairs(&out)
}

/// A Graph user or Page access token: `EAA` then letters and digits, 32 characters or more.
fn looks_like_access_token(word: &str) -> bool {
    word.len() >= 32 && word.starts_with("EAA") && word.bytes().all(|b| b.is_ascii_alphanumeric())
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
    let mut j = end + usize::from(quoted_key);
    let skip_spaces = |mut j: usize| {
        while b.get(j) == Some(&b' ') {
            j += 1;
        }
        j
    };
    j = skip_spaces(j);
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

/// The credential-looking values of `text` masked (see [`mask_text`]).
fn mask_pairs(text: &str) -> String {
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
        if looks_like_access_token(word) {
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
        if value.is_empty() || !hides(word, value) {
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
    fn credentials_are_masked_in_text() {
        let known = ["a b+c/d".to_string(), "per-item-secret".to_string()];
        let token = format!("EAAB{}", "x1".repeat(20));
        for (text, want) in [
            (
                "bad access_token=abc123&limit=5".to_string(),
                "bad access_token=[redacted]&limit=5".to_string(),
            ),
            (
                r#"{"access_token": "abc", "code": 190}"#.to_string(),
                r#"{"access_token": "[redacted]", "code": 190}"#.to_string(),
            ),
            (
                "code=AQDabc, code=190".to_string(),
                "code=[redacted], code=190".to_string(),
            ),
            (
                "appsecret_proof = 'f00d' and client_secret=s3".to_string(),
                "appsecret_proof = '[redacted]' and client_secret=[redacted]".to_string(),
            ),
            // Prose is left alone: an unquoted key before `:` is not a pair.
            (
                "Error validating access token: Session has expired".to_string(),
                "Error validating access token: Session has expired".to_string(),
            ),
            (
                "echo a+b%2Bc%2Fd and a%20b%2Bc%2Fd and per-item-secret".to_string(),
                "echo [redacted] and [redacted] and [redacted]".to_string(),
            ),
            (format!("token {token}."), "token [redacted].".to_string()),
            (
                "access_token=[redacted]&é token=é".to_string(),
                "access_token=[redacted]&é token=[redacted]".to_string(),
            ),
            (
                r#"{"token":"a\"b","x":1}"#.to_string(),
                r#"{"token":"[redacted]","x":1}"#.to_string(),
            ),
            ("token=".to_string(), "token=".to_string()),
        ] {
            assert_eq!(mask_text(&text, &known), want, "{text}");
        }
    }

    #[test]
    fn credentials_are_redacted_at_any_depth() {
        let v = serde_json::json!({
            "data": [{"id": "1", "access_token": "EAAPage", "tasks": ["MANAGE"]}],
            "nested": {"appsecret_proof": "p", "Client_Secret": {"x": 1}, "code": "AQD", "n": [{"refresh_token": 5}]},
            "error": {"code": 190, "message": "see access_token=leak"},
            "text": "per-item-secret"
        });
        assert_eq!(
            redact_value(&v, &["per-item-secret".to_string()]),
            serde_json::json!({
                "data": [{"id": "1", "access_token": "[redacted]", "tasks": ["MANAGE"]}],
                "nested": {"appsecret_proof": "[redacted]", "Client_Secret": "[redacted]", "code": "[redacted]", "n": [{"refresh_token": "[redacted]"}]},
                "error": {"code": 190, "message": "see access_token=[redacted]"},
                "text": "[redacted]"
            })
        );
    }
}
