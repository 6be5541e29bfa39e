//! Hiding credentials in what the crate prints: `Debug` of bodies and forms, and error text
//! built from bodies (batch items, `signed_request` payloads). The masking is core's
//! ([`social_core::http::mask`]); Graph adds what its access tokens look like, so a token is
//! hidden wherever it appears, known to the request or not.

use serde_json::Value;
use social_core::http::mask;

/// A Graph user or Page access token: `EAA` then letters and digits, 32 characters or more.
fn looks_like_access_token(word: &str) -> bool {
    word.len() >= 32 && word.starts_with("EAA") && word.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// `text` with credentials masked: every `known` value (raw, form-encoded or percent-encoded;
/// values shorter than 4 bytes are left alone), the value of every `key=value` or
/// `"key": "value"` whose key holds a credential, and every word shaped like a Graph access
/// token.
pub(crate) fn mask_text(text: &str, known: &[String]) -> String {
    mask::mask_text(text, known, &looks_like_access_token)
}

/// `v` with the value of every credential key replaced (at any depth), and every string masked
/// with [`mask_text`].
pub(crate) fn redact_value(v: &Value, known: &[String]) -> Value {
    mask::redact_json(v, known, &looks_like_access_token)
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
