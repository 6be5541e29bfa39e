//! Webhook signature vectors: published examples, checked in constant time, every malformed
//! header refused.

use social_core::webhook::{
    SignatureError, sign_base64, sign_hex, verify_base64, verify_hex, verify_prefixed_base64,
    verify_prefixed_hex, verify_prefixed_hex_any,
};

// GitHub's published vector; Meta's X-Hub-Signature-256 uses the same `sha256=<hex>` scheme.
const GH_SECRET: &[u8] = b"It's a Secret to Everybody";
const GH_BODY: &[u8] = b"Hello, World!";
const GH_SIG: &str = "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

#[test]
fn published_hex_vector_passes() {
    assert_eq!(sign_hex(GH_SECRET, GH_BODY), GH_SIG);
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, &format!("sha256={GH_SIG}")),
        Ok(())
    );
    assert_eq!(
        verify_hex(GH_SECRET, GH_BODY, &GH_SIG.to_uppercase()),
        Ok(())
    );
}

#[test]
fn any_change_fails() {
    let header = format!("sha256={GH_SIG}");
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, b"Hello, World?", &header),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_prefixed_hex(b"another secret", GH_BODY, &header),
        Err(SignatureError::Mismatch)
    );
    let flipped = format!("sha256={}0", &GH_SIG[..GH_SIG.len() - 1]);
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, &flipped),
        Err(SignatureError::Mismatch)
    );
    // The same JSON re-serialised (other bytes) fails: verify the raw body.
    let raw = br#"{"object": "page", "entry": []}"#;
    let sig = format!("sha256={}", sign_hex(b"s", raw));
    assert!(verify_prefixed_hex(b"s", br#"{"object":"page","entry":[]}"#, &sig).is_err());
}

#[test]
fn malformed_and_missing_headers_are_typed() {
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, ""),
        Err(SignatureError::Missing)
    );
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, GH_SIG),
        Err(SignatureError::Malformed)
    );
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, "sha256=zz"),
        Err(SignatureError::Malformed)
    );
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, "sha1=abcd"),
        Err(SignatureError::Malformed)
    );
    assert_eq!(
        verify_prefixed_hex(GH_SECRET, GH_BODY, "sha256="),
        Err(SignatureError::Mismatch)
    );
}

// Computed with a second implementation (Python 3: hmac + hashlib.sha256 + base64), not with this
// crate: base64.b64encode(hmac.new(b"consumer-secret-for-tests", b"crc-token-0123", sha256).digest()).
const X_SECRET: &[u8] = b"consumer-secret-for-tests";
const X_BODY: &[u8] = b"crc-token-0123";
const X_SIG: &str = "xal6Nt3qBo3DCHHzcwdmQdqq/UJwVZy1sjo+fqkIrNw=";

#[test]
fn base64_vector_passes() {
    assert_eq!(sign_base64(X_SECRET, X_BODY), X_SIG);
    assert_eq!(verify_base64(X_SECRET, X_BODY, X_SIG), Ok(()));
    assert_eq!(
        verify_prefixed_base64(X_SECRET, X_BODY, &format!("sha256={X_SIG}")),
        Ok(())
    );
    assert_eq!(
        verify_prefixed_base64(X_SECRET, b"crc-token-0124", &format!("sha256={X_SIG}")),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_prefixed_base64(X_SECRET, X_BODY, "sha256=***"),
        Err(SignatureError::Malformed)
    );
}

// Python 3: hmac.new(b"app-secret", b'{"object":"page","entry":[]}', sha256).hexdigest().
#[test]
fn rotation_accepts_any_configured_secret() {
    let body = br#"{"object":"page","entry":[]}"#;
    let header = "sha256=e6e9d7a842a48e17f43a34d6125d0d933e2aab92ee37f0993a4d493b50e3d438";
    let both = [b"old-secret".as_slice(), b"app-secret".as_slice()];
    assert_eq!(verify_prefixed_hex_any(&both, body, header), Ok(()));
    assert_eq!(
        verify_prefixed_hex_any(&both[..1], body, header),
        Err(SignatureError::Mismatch)
    );
    assert_eq!(
        verify_prefixed_hex_any(&[], body, header),
        Err(SignatureError::Mismatch)
    );
}

#[test]
fn errors_never_show_the_expected_signature() {
    let e = verify_prefixed_hex(GH_SECRET, b"x", &format!("sha256={GH_SIG}")).unwrap_err();
    let text = format!("{e} {e:?}");
    assert!(!text.contains(&sign_hex(GH_SECRET, b"x")));
}
