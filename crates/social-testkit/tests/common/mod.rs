//! What the testkit's own test files share.

/// Percent-encodes everything but `A-Z a-z 0-9 - . _ ~`: a Rest.li 2.0 key or query value, as a
/// client sends it to the LinkedIn fake.
pub fn enc(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
