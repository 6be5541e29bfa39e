//! [`PreEncoded`]: text already percent-encoded by an encoder that cannot change a URL's shape.

use std::fmt;

use super::request::encode_segment;
use crate::error::{Error, Result, Violation, ViolationKind};

/// One path key, query name or query value **already percent-encoded** by an encoder that
/// guarantees it cannot change the shape of the URL: LinkedIn's Rest.li 2.0 notation
/// (`social_linkedin::restli`), which must send `List(…)`, `(k:v)`, `:` and `,` literally where
/// [`RequestSpec::segment`](super::RequestSpec::segment) and [`RequestSpec::query`](super::RequestSpec::query) would (rightly) encode them.
///
/// The type holds its promise itself: [`PreEncoded::new`] accepts only RFC 3986 unreserved
/// characters (`A–Z a–z 0–9 - . _ ~`), well-formed `%XX` escapes and the delimiters
/// `( ) : , ' * $`. Whatever produced it, a `PreEncoded` never holds `/`, `?`, `#`, `&`, `=`,
/// `+`, a space or a bare `%`, so it can add neither a path segment, a query parameter nor a
/// fragment (a property test in this module checks it on arbitrary input). Send one with
/// [`RequestSpec::encoded_segment`](super::RequestSpec::encoded_segment) and [`RequestSpec::encoded_query`](super::RequestSpec::encoded_query).
///
/// In a query, the URL standard escapes `'` as `%27` for http(s) URLs (WHATWG URL, "special-query
/// percent-encode set"), so a Rest.li empty string `''` reaches the server as `%27%27` there; it
/// stays literal in a path and in a [tunnelled](super::RequestSpec::tunnelled) query.
///
/// ```
/// use social_core::http::PreEncoded;
///
/// let key = PreEncoded::new("(actor:urn%3Ali%3Aperson%3A1,entity:urn%3Ali%3Ashare%3A2)")?;
/// assert_eq!(key.as_str(), "(actor:urn%3Ali%3Aperson%3A1,entity:urn%3Ali%3Ashare%3A2)");
/// assert!(PreEncoded::new("a/b").is_err());
/// assert!(PreEncoded::new("x&admin=true").is_err());
/// assert!(PreEncoded::new("100%").is_err());
/// # Ok::<(), social_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct PreEncoded(pub(super) String);

impl PreEncoded {
    /// Checks that `encoded` is made only of the characters listed on [`PreEncoded`]; anything
    /// else is [`Error::InvalidInput`] naming the first offending character. The empty string is
    /// accepted (a `null` query value); as a path segment it is refused when the URL is built.
    pub fn new(encoded: impl Into<String>) -> Result<Self> {
        let encoded = encoded.into();
        match first_unencoded(&encoded) {
            None => Ok(PreEncoded(encoded)),
            Some((at, c)) => Err(Error::invalid(
                None,
                Violation::new(
                    "pre_encoded",
                    ViolationKind::Malformed,
                    format!(
                        "{:?} is not pre-encoded: {c:?} at byte {at} must be percent-encoded; this is a bug in the encoder that produced it",
                        encoded.chars().take(64).collect::<String>()
                    ),
                ),
            )),
        }
    }

    /// `text` percent-encoded as one component: every byte outside RFC 3986 unreserved becomes
    /// `%XX` (what [`encode_segment`] writes), so the result is always a valid `PreEncoded`.
    ///
    /// ```
    /// use social_core::http::PreEncoded;
    ///
    /// assert_eq!(PreEncoded::escaping("a/b (c)").as_str(), "a%2Fb%20%28c%29");
    /// ```
    pub fn escaping(text: &str) -> Self {
        PreEncoded(encode_segment(text))
    }

    /// The encoded text, as it goes on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for PreEncoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PreEncoded").field(&self.0).finish()
    }
}

impl fmt::Display for PreEncoded {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The first byte of `s` that a [`PreEncoded`] may not hold, with its offset: anything outside
/// unreserved, the delimiters `( ) : , ' * $`, and `%` followed by two hex digits.
fn first_unencoded(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let ok = b.is_ascii_alphanumeric() || b"-._~():,'*$".contains(&b);
        if ok {
            i += 1;
        } else if b == b'%'
            && bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
            && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        {
            i += 3;
        } else {
            // `i` is a character boundary: every byte before it was ASCII.
            return s[i..].chars().next().map(|c| (i, c));
        }
    }
    None
}
