//! Rest.li 2.0 encoding of keys and query parameters, on [`serde_json::Value`].
//!
//! LinkedIn's versioned API speaks Rest.li protocol 2.0 (header `X-Restli-Protocol-Version:
//! 2.0.0`), which writes structured values into URLs with a small object notation
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version> and
//! <https://linkedin.github.io/rest.li/spec/protocol>):
//!
//! | value | encoded |
//! |---|---|
//! | string | percent-encoded: every UTF-8 byte outside `A–Z a–z 0–9 - . _ ~` becomes `%XX` |
//! | empty string | `''` |
//! | number, boolean | as written (`123`, `123.5`, `true`) |
//! | `null` | nothing (the empty string) |
//! | array | `List(a,b,c)` |
//! | object | `(k1:v1,k2:v2)`, keys encoded like strings and **sorted** |
//!
//! So a URN is a plain string whose `:` `(` `)` `,` are encoded (`urn:li:person:123` →
//! `urn%3Ali%3Aperson%3A123`), while the structure around the leaves (`List(`, `(`, `)`, `:`, `,`)
//! stays literal. That is what [`encode`] writes, for a path key and for a query value alike.
//!
//! **No injection.** The output of [`encode`] only ever holds RFC 3986 unreserved characters,
//! `%XX` escapes and the structural `( ) : , '`. It never holds `/`, `?`, `#`, `&`, `=`, `+` or
//! a space, whatever the input: a value can neither add a path segment, a query parameter nor
//! a fragment (a property test in this module checks it on arbitrary input). [`encode_query`]
//! keeps the same promise for a whole query string.
//!
//! Where the two official clients differ we follow the python client
//! (linkedin-developers/linkedin-api-python-client, `linkedin_api/clients/restli/utils/encoder.py`)
//! for the escaped set and the key order, and the JavaScript client
//! (linkedin-developers/linkedin-api-js-client, `lib/utils/encoder.ts`) for `''`, the Rest.li 2.0
//! spelling of an empty string (the python client writes nothing, which a reader cannot tell from
//! a missing value).
//!
//! ```
//! use serde_json::json;
//! use social_linkedin::restli;
//!
//! // A compound key, as in `/rest/reactions/(actor:…,entity:…)`.
//! let key = json!({"entity": "urn:li:share:42", "actor": "urn:li:person:abc"});
//! assert_eq!(restli::encode(&key), "(actor:urn%3Ali%3Aperson%3Aabc,entity:urn%3Ali%3Ashare%3A42)");
//!
//! // And back: Rest.li is lossy, every leaf comes back as a string.
//! let decoded = restli::decode("List(1,(k:v),'')")?;
//! assert_eq!(decoded, json!(["1", {"k": "v"}, ""]));
//! # Ok::<(), restli::DecodeError>(())
//! ```

use std::fmt;

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode, utf8_percent_encode};
use serde_json::{Map, Value};
use social_core::http::{PreEncoded, encode_segment};

/// The query parameter that carries a field projection, sent last and in its own syntax.
pub const FIELDS_PARAM: &str = "fields";

/// How deep [`decode`] follows nested lists and objects before it gives up with
/// [`DecodeErrorKind::TooDeep`] (LinkedIn's own values nest a few levels at most).
pub const MAX_DEPTH: usize = 64;

/// Encodes one value in the Rest.li 2.0 URL notation (see the [module docs](self)): a path key,
/// a query parameter value, or a part of a compound key.
///
/// ```
/// use serde_json::json;
/// use social_linkedin::restli::encode;
///
/// // The resource key of the "Protocol Versions" page: the whole URN is encoded.
/// assert_eq!(
///     encode(&json!("urn:li:endorsement:(urn:li:person:2qXA98-mVk,65761962366)")),
///     "urn%3Ali%3Aendorsement%3A%28urn%3Ali%3Aperson%3A2qXA98-mVk%2C65761962366%29",
/// );
/// assert_eq!(encode(&json!(["urn:li:organization:12345"])), "List(urn%3Ali%3Aorganization%3A12345)");
/// assert_eq!(encode(&json!("")), "''");
/// assert_eq!(encode(&json!(null)), "");
/// ```
pub fn encode(value: &Value) -> String {
    let mut out = String::new();
    encode_into(value, &mut out);
    out
}

/// Encodes a map of query parameters as a query string (without the leading `?`): each
/// `name=value` with both sides encoded by [`encode`], sorted by name and joined by `&`.
///
/// The [`fields`](FIELDS_PARAM) parameter is the exception LinkedIn keeps from protocol 1.0 (see
/// `encode_query_params_for_get_requests` in linkedin-developers/linkedin-api-python-client,
/// `linkedin_api/clients/restli/utils/restli.py`): when it is a string it
/// is a field projection such as `id,firstName` or `elements*(id)`, sent as written and placed
/// last. Its projection characters (letters, digits, `- . _ ~ , ( ) : * $`) stay literal and any
/// other byte is percent-encoded, so it cannot add a parameter either; an empty or `null`
/// projection is left out. A `fields` value that is not a string is encoded like any other
/// value, and still placed last.
///
/// ```
/// use serde_json::json;
/// use social_linkedin::restli::encode_query;
///
/// let params = json!({
///     "q": "authors",
///     "authors": ["urn:li:organization:12345"],
///     "fields": "id,commentary",
/// });
/// assert_eq!(
///     encode_query(params.as_object().unwrap()),
///     "authors=List(urn%3Ali%3Aorganization%3A12345)&q=authors&fields=id,commentary",
/// );
/// ```
pub fn encode_query(params: &Map<String, Value>) -> String {
    query_parts(params)
        .into_iter()
        .map(|(name, value)| format!("{name}={value}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// [`encode`] of one value as a [`PreEncoded`] path key or query value, for
/// [`RequestSpec::encoded_segment`](social_core::http::RequestSpec::encoded_segment) and
/// [`RequestSpec::encoded_query`](social_core::http::RequestSpec::encoded_query): the only way
/// this crate puts Rest.li syntax into a URL.
///
/// ```
/// use serde_json::json;
/// use social_linkedin::restli;
///
/// let key = restli::key(&json!({"actor": "urn:li:person:abc", "entity": "urn:li:share:42"}));
/// assert_eq!(key.as_str(), "(actor:urn%3Ali%3Aperson%3Aabc,entity:urn%3Ali%3Ashare%3A42)");
/// ```
pub fn key(value: &Value) -> PreEncoded {
    pre_encoded(encode(value))
}

/// The parameters of [`encode_query`], each name and value as a [`PreEncoded`], in the order
/// `encode_query` writes them (sorted, the [`fields`](FIELDS_PARAM) projection last), for
/// [`RequestSpec::encoded_query`](social_core::http::RequestSpec::encoded_query).
///
/// ```
/// use serde_json::json;
/// use social_linkedin::restli;
///
/// let params = json!({"q": "author", "author": "urn:li:organization:2414183", "count": 10});
/// let pairs = restli::query(params.as_object().unwrap());
/// let written: Vec<String> = pairs.iter().map(|(k, v)| format!("{k}={v}")).collect();
/// assert_eq!(written, ["author=urn%3Ali%3Aorganization%3A2414183", "count=10", "q=author"]);
/// ```
pub fn query(params: &Map<String, Value>) -> Vec<(PreEncoded, PreEncoded)> {
    query_parts(params)
        .into_iter()
        .map(|(name, value)| (pre_encoded(name), pre_encoded(value)))
        .collect()
}

/// `spec` with `params` added as a Rest.li 2.0 query ([`query`]: sorted, leaves
/// percent-encoded, the projection last): how every call of this crate writes its query.
pub(crate) fn with_query(
    mut spec: social_core::http::RequestSpec,
    params: &Map<String, Value>,
) -> social_core::http::RequestSpec {
    for (name, value) in query(params) {
        spec = spec.encoded_query(name, value);
    }
    spec
}

/// The output of this module's encoders as a [`PreEncoded`]. They write only unreserved
/// characters, `%XX` escapes and `( ) : , ' * $` (the property tests of this module check it),
/// which is what `PreEncoded` accepts; should that ever fail, the text is escaped once more
/// rather than sent as it is.
fn pre_encoded(encoded: String) -> PreEncoded {
    match PreEncoded::new(encoded.as_str()) {
        Ok(p) => p,
        Err(_) => PreEncoded::escaping(&encoded),
    }
}

/// `(name, value)` of each parameter, encoded, sorted by name, the projection last.
fn query_parts(params: &Map<String, Value>) -> Vec<(String, String)> {
    let mut names: Vec<&String> = params.keys().filter(|k| *k != FIELDS_PARAM).collect();
    names.sort();
    let mut parts: Vec<(String, String)> = names
        .into_iter()
        .map(|name| {
            let mut encoded_name = String::new();
            encode_str(name, &mut encoded_name);
            (encoded_name, encode(&params[name]))
        })
        .collect();
    match params.get(FIELDS_PARAM) {
        None | Some(Value::Null) => {}
        Some(Value::String(projection)) if projection.is_empty() => {}
        Some(Value::String(projection)) => parts.push((
            FIELDS_PARAM.to_string(),
            utf8_percent_encode(projection, PROJECTION_ESCAPED).to_string(),
        )),
        Some(other) => parts.push((FIELDS_PARAM.to_string(), encode(other))),
    }
    parts
}

/// Decodes a value written in the Rest.li 2.0 URL notation, as [`encode`] writes it.
///
/// Rest.li is lossy: every leaf comes back as a string (`List(1,2)` gives `["1", "2"]`), `''`
/// and an empty leaf give `""`. The input is checked completely (balanced brackets, a `:` after
/// every key, well-formed `%XX` escapes that spell UTF-8, nothing after the value, at most
/// [`MAX_DEPTH`] levels): anything else is a [`DecodeError`] saying where, never a panic.
///
/// ```
/// use serde_json::json;
/// use social_linkedin::restli::{DecodeErrorKind, decode};
///
/// assert_eq!(
///     decode("(key1:urn%3Ali%3Aapp%3A%281%2C2%29,key%3A2:foobar)")?,
///     json!({"key1": "urn:li:app:(1,2)", "key:2": "foobar"}),
/// );
/// let err = decode("List((k1:v1)").unwrap_err();
/// assert_eq!(err.kind, DecodeErrorKind::UnexpectedEnd);
/// # Ok::<(), social_linkedin::restli::DecodeError>(())
/// ```
pub fn decode(input: &str) -> Result<Value, DecodeError> {
    let mut parser = Parser { input, pos: 0 };
    let value = parser.value(0)?;
    match parser.peek() {
        None => Ok(value),
        Some(_) => Err(parser.unexpected()),
    }
}

/// Undoes Rest.li's *reduced* encoding of a header or body value, such as the id LinkedIn
/// returns in the `x-restli-id` header of a create.
///
/// Reduced encoding escapes only Rest.li's own delimiters, so only `%28 %29 %2C %3A %27`
/// (`( ) , : '`, in either case of hex digits) are decoded; every other character, `%XX`
/// sequences included, is kept as it is. `''` alone is the empty string. The function never
/// fails: an id of the Posts API (a plain URN such as `urn:li:share:6844785523593134080`) comes
/// back unchanged, ready for [`PostUrn::from_str`](crate::urn::PostUrn).
///
/// ```
/// use social_linkedin::restli::reduced_decode;
///
/// // The official JavaScript client's `getCreatedEntityId` test.
/// assert_eq!(reduced_decode("urn%3Ali%3Atest%3Afoo bar"), "urn:li:test:foo bar");
/// assert_eq!(reduced_decode("urn:li:share:6844785523593134080"), "urn:li:share:6844785523593134080");
/// ```
pub fn reduced_decode(input: &str) -> String {
    if input == "''" {
        return String::new();
    }
    let bytes = input.as_bytes();
    let mut out = String::with_capacity(input.len());
    let mut copied = 0;
    let mut i = 0;
    while i + 2 < bytes.len() {
        if bytes[i] == b'%' {
            let decoded = match (bytes[i + 1], bytes[i + 2].to_ascii_uppercase()) {
                (b'2', b'8') => Some('('),
                (b'2', b'9') => Some(')'),
                (b'2', b'C') => Some(','),
                (b'3', b'A') => Some(':'),
                (b'2', b'7') => Some('\''),
                _ => None,
            };
            if let Some(c) = decoded {
                // `%` and the two hex digits are ASCII, so `copied..i` and `i + 3` are
                // character boundaries.
                out.push_str(&input[copied..i]);
                out.push(c);
                i += 3;
                copied = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&input[copied..]);
    out
}

/// Why [`decode`] refused its input, and where.
///
/// ```
/// use social_linkedin::restli::{DecodeErrorKind, decode};
///
/// let err = decode("(k1:v1").unwrap_err();
/// assert_eq!(err.kind, DecodeErrorKind::UnexpectedEnd);
/// assert_eq!(err.offset, 6);
/// assert!(err.to_string().contains("byte 6"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct DecodeError {
    /// What is wrong.
    pub kind: DecodeErrorKind,
    /// The byte offset in the input where it was found.
    pub offset: usize,
}

/// What is wrong with a Rest.li value (see [`DecodeError`]).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeErrorKind {
    /// A delimiter where the notation has none: a `)` with no `(` before it, a key without `:`,
    /// text after the end of the value…
    Unexpected(char),
    /// The input ends inside a list or an object (a `)` is missing).
    UnexpectedEnd,
    /// A `%` not followed by two hexadecimal digits.
    BadEscape,
    /// The `%XX` escapes of a leaf do not spell UTF-8 text.
    InvalidUtf8,
    /// Lists and objects nest deeper than [`MAX_DEPTH`].
    TooDeep,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "LinkedIn: malformed Rest.li value at byte {}: ",
            self.offset
        )?;
        match &self.kind {
            DecodeErrorKind::Unexpected(c) => write!(f, "unexpected {c:?}"),
            DecodeErrorKind::UnexpectedEnd => f.write_str("it ends before its closing `)`"),
            DecodeErrorKind::BadEscape => f.write_str("`%` is not followed by two hex digits"),
            DecodeErrorKind::InvalidUtf8 => f.write_str("the escapes do not spell UTF-8 text"),
            DecodeErrorKind::TooDeep => write!(f, "nested deeper than {MAX_DEPTH} levels"),
        }?;
        f.write_str(". The value is not Rest.li 2.0 encoded; check where it came from.")
    }
}

impl std::error::Error for DecodeError {}

/// Bytes a projection keeps literal: RFC 3986 unreserved plus the projection syntax
/// (`a,b:(c,d)`, `elements*(id)`, `$start:0`). Everything else (`& = # / ? + %` and spaces
/// included) is escaped.
const PROJECTION_ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b',')
    .remove(b'(')
    .remove(b')')
    .remove(b':')
    .remove(b'*')
    .remove(b'$');

fn encode_into(value: &Value, out: &mut String) {
    match value {
        Value::Null => {}
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        // Digits, `-`, `.` and `e` pass through unchanged; the escaping only guarantees the
        // no-injection promise for any number formatting.
        Value::Number(n) => out.push_str(&encode_segment(&n.to_string())),
        Value::String(s) => encode_str(s, out),
        Value::Array(items) => {
            out.push_str("List(");
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                encode_into(item, out);
            }
            out.push(')');
        }
        Value::Object(map) => {
            // Sorted whatever the map's own order (serde_json's `preserve_order` feature may be
            // on in a dependent crate), as the python client does.
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            out.push('(');
            for (i, (key, value)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                encode_str(key, out);
                out.push(':');
                encode_into(value, out);
            }
            out.push(')');
        }
    }
}

/// A string leaf: core's segment encoding (every byte outside RFC 3986 unreserved), or `''`.
fn encode_str(s: &str, out: &mut String) {
    if s.is_empty() {
        out.push_str("''");
    } else {
        out.push_str(&encode_segment(s));
    }
}

/// A recursive-descent reader. `pos` only ever moves past ASCII delimiters or stops at one, so
/// it is always a character boundary of `input`.
struct Parser<'a> {
    input: &'a str,
    pos: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.pos).copied()
    }

    fn error_at(&self, offset: usize, kind: DecodeErrorKind) -> DecodeError {
        DecodeError { kind, offset }
    }

    /// The character at `pos` is not allowed there (or the input ends).
    fn unexpected(&self) -> DecodeError {
        match self.input[self.pos..].chars().next() {
            Some(c) => self.error_at(self.pos, DecodeErrorKind::Unexpected(c)),
            None => self.error_at(self.pos, DecodeErrorKind::UnexpectedEnd),
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, DecodeError> {
        if self.input[self.pos..].starts_with("List(") {
            self.enter(depth)?;
            self.pos += "List(".len();
            self.list(depth + 1)
        } else if self.peek() == Some(b'(') {
            self.enter(depth)?;
            self.pos += 1;
            self.object(depth + 1)
        } else {
            self.leaf().map(Value::String)
        }
    }

    fn enter(&self, depth: usize) -> Result<(), DecodeError> {
        if depth >= MAX_DEPTH {
            Err(self.error_at(self.pos, DecodeErrorKind::TooDeep))
        } else {
            Ok(())
        }
    }

    /// After `List(`: items up to the matching `)`.
    fn list(&mut self, depth: usize) -> Result<Value, DecodeError> {
        let mut items = Vec::new();
        if self.peek() == Some(b')') {
            self.pos += 1;
            return Ok(Value::Array(items));
        }
        loop {
            items.push(self.value(depth)?);
            if self.close_or_next()? {
                return Ok(Value::Array(items));
            }
        }
    }

    /// After `(`: `key:value` pairs up to the matching `)`.
    fn object(&mut self, depth: usize) -> Result<Value, DecodeError> {
        let mut map = Map::new();
        if self.peek() == Some(b')') {
            self.pos += 1;
            return Ok(Value::Object(map));
        }
        loop {
            let key = self.leaf()?;
            if self.peek() != Some(b':') {
                return Err(self.unexpected());
            }
            self.pos += 1;
            let value = self.value(depth)?;
            map.insert(key, value);
            if self.close_or_next()? {
                return Ok(Value::Object(map));
            }
        }
    }

    /// After an item: `,` (more follow: `false`) or `)` (the end: `true`).
    fn close_or_next(&mut self) -> Result<bool, DecodeError> {
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(b')') => {
                self.pos += 1;
                Ok(true)
            }
            _ => Err(self.unexpected()),
        }
    }

    /// A string leaf: everything up to the next delimiter, percent-decoded.
    fn leaf(&mut self) -> Result<String, DecodeError> {
        let start = self.pos;
        while let Some(b) = self.peek() {
            if matches!(b, b'(' | b')' | b',' | b':') {
                break;
            }
            self.pos += 1;
        }
        let raw = &self.input.as_bytes()[start..self.pos];
        if raw == b"''" {
            return Ok(String::new());
        }
        // Check the escapes first: `percent_decode` passes a malformed `%` through silently.
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'%' {
                let hex = |j: usize| raw.get(j).is_some_and(u8::is_ascii_hexdigit);
                if !(hex(i + 1) && hex(i + 2)) {
                    return Err(self.error_at(start + i, DecodeErrorKind::BadEscape));
                }
                i += 3;
            } else {
                i += 1;
            }
        }
        percent_decode(raw)
            .decode_utf8()
            .map(|s| s.into_owned())
            .map_err(|_| self.error_at(start, DecodeErrorKind::InvalidUtf8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn query(v: Value) -> String {
        encode_query(v.as_object().expect("an object"))
    }

    /// The examples of LinkedIn's "Protocol Versions" page,
    /// https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version
    #[test]
    fn case2_protocol_versions_page_vectors() {
        // "you must URL encode the entire resource key"
        assert_eq!(
            encode(&json!(
                "urn:li:endorsement:(urn:li:person:2qXA98-mVk,65761962366)"
            )),
            "urn%3Ali%3Aendorsement%3A%28urn%3Ali%3Aperson%3A2qXA98-mVk%2C65761962366%29"
        );
        // "?q=authors&authors=List(urn%3Ali%3Aorganization%3A12345)": the same parameters, in
        // our sorted order.
        let q = query(json!({"q": "authors", "authors": ["urn:li:organization:12345"]}));
        assert_eq!(q, "authors=List(urn%3Ali%3Aorganization%3A12345)&q=authors");
        let mut doc_params: Vec<&str> = "q=authors&authors=List(urn%3Ali%3Aorganization%3A12345)"
            .split('&')
            .collect();
        let mut ours: Vec<&str> = q.split('&').collect();
        doc_params.sort();
        ours.sort();
        assert_eq!(ours, doc_params);
        // A numeric key is unchanged.
        assert_eq!(encode(&json!(123)), "123");
    }

    /// linkedin-developers/linkedin-api-python-client, tests/clients/restli/utils/encoder_test.py
    /// (`test_encode`, `test_param_encode`). The one difference is the empty string, which the
    /// python client writes as nothing and we as `''`, like the JavaScript client.
    #[test]
    fn case2_official_python_client_encoder_vectors() {
        assert_eq!(encode(&Value::Null), "");
        assert_eq!(encode(&json!("")), "''");
        assert_eq!(encode(&json!("abc123")), "abc123");
        assert_eq!(encode(&json!(123)), "123");
        assert_eq!(encode(&json!(123.5)), "123.5");
        assert_eq!(encode(&json!(true)), "true");
        assert_eq!(encode(&json!(false)), "false");
        assert_eq!(encode(&json!([1, 2, "foobar"])), "List(1,2,foobar)");
        assert_eq!(
            encode(
                &json!({"k1": "v1", "k2": "urn:li:app:123", "k3": [1, 2], "k4": {"k41": "foobar"}})
            ),
            "(k1:v1,k2:urn%3Ali%3Aapp%3A123,k3:List(1,2),k4:(k41:foobar))"
        );
        assert_eq!(
            encode(&json!([{"k1": "v1"}, ["v2", " t?':,*!"]])),
            "List((k1:v1),List(v2,%20t%3F%27%3A%2C%2A%21))"
        );

        assert_eq!(query(json!({})), "");
        assert_eq!(query(json!({"param1": "foobar"})), "param1=foobar");
        assert_eq!(
            query(json!({"param1": "v1", "param2": "v2"})),
            "param1=v1&param2=v2"
        );
        assert_eq!(
            query(json!({"pr op:1": " t?':,*!&+"})),
            "pr%20op%3A1=%20t%3F%27%3A%2C%2A%21%26%2B"
        );
        assert_eq!(
            query(json!({
                "param1": [{"k1": "v1"}, ["e1", "e2"]],
                "param2": {"k2": {"k21": "v21"}, "k3": ["v3"]},
            })),
            "param1=List((k1:v1),List(e1,e2))&param2=(k2:(k21:v21),k3:List(v3))"
        );
    }

    /// The request paths of linkedin-developers/linkedin-api-python-client,
    /// tests/clients/restli/client_test.py (GET with query and projection, BATCH_GET with
    /// compound ids, FINDER, UPDATE with a compound path key).
    #[test]
    fn case2_official_python_client_request_vectors() {
        assert_eq!(
            query(json!({"param1": "foobar", "param2": 123})),
            "param1=foobar&param2=123"
        );
        assert_eq!(
            query(json!({"param1": [1, 2, 3], "fields": "id,firstName"})),
            "param1=List(1,2,3)&fields=id,firstName"
        );
        assert_eq!(
            query(json!({"ids": [123, 456, 789]})),
            "ids=List(123,456,789)"
        );
        assert_eq!(
            query(json!({
                "ids": [
                    {"member": "urn:li:person:123", "account": "urn:li:account:234"},
                    {"member": "urn:li:person:234", "account": "urn:li:account:345"},
                    {"member": "urn:li:person:345", "account": "urn:li:account:456"},
                ],
                "param1": "foobar",
                "param2": {"prop1": "abc", "prop2": "def"},
            })),
            "ids=List((account:urn%3Ali%3Aaccount%3A234,member:urn%3Ali%3Aperson%3A123),\
             (account:urn%3Ali%3Aaccount%3A345,member:urn%3Ali%3Aperson%3A234),\
             (account:urn%3Ali%3Aaccount%3A456,member:urn%3Ali%3Aperson%3A345))\
             &param1=foobar&param2=(prop1:abc,prop2:def)"
        );
        assert_eq!(
            query(json!({
                "q": "search",
                "search": {"ids": {"values": ["urn:li:entity:123", "urn:li:entity:456"]}},
            })),
            "q=search&search=(ids:(values:List(urn%3Ali%3Aentity%3A123,urn%3Ali%3Aentity%3A456)))"
        );
        assert_eq!(
            encode(&json!({
                "application": "urn:li:developerApplication:123",
                "member": "urn:li:member:456",
            })),
            "(application:urn%3Ali%3AdeveloperApplication%3A123,member:urn%3Ali%3Amember%3A456)"
        );
    }

    /// Parts of the example of linkedin-developers/linkedin-api-js-client,
    /// tests/utils/encoder.test.ts, whose expected output does not depend on the two points
    /// where that client differs from us (insertion order of keys, `null` written `null`). The
    /// whole example, re-encoded with sorted keys and `null` left out, is computed by the python
    /// client's algorithm (`quote(s, safe="")`, sorted items) with `''` for empty strings.
    #[test]
    fn case2_official_js_client_encoder_vectors() {
        let cases = [
            (json!("value with spaces"), "value%20with%20spaces"),
            (json!([1, 2, 3]), "List(1,2,3)"),
            (
                json!("List(value:with%reserved,chars,'')"),
                "List%28value%3Awith%25reserved%2Cchars%2C%27%27%29",
            ),
            (json!({"k51": "v51", "k52": "v52"}), "(k51:v51,k52:v52)"),
            (
                json!(["(v1,2)", "(v2,2)"]),
                "List(%28v1%2C2%29,%28v2%2C2%29)",
            ),
            (
                json!({"dangerous('),:key:": "value"}),
                "(dangerous%28%27%29%2C%3Akey%3A:value)",
            ),
            (json!(""), "''"),
            (json!("?key=value"), "%3Fkey%3Dvalue"),
            (json!("&key=value&"), "%26key%3Dvalue%26"),
            (json!("株式会社"), "%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE"),
            (
                json!({"株式会社": "multibytekey"}),
                "(%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE:multibytekey)",
            ),
            (json!({"": "emptystringkey"}), "('':emptystringkey)"),
            (json!([]), "List()"),
            (json!([""]), "List('')"),
        ];
        for (value, expected) in cases {
            assert_eq!(encode(&value), expected, "{value}");
        }
        let whole = json!({
            "k1": "v1",
            "k2": "value with spaces",
            "k3": [1, 2, 3],
            "k4": "List(value:with%reserved,chars,'')",
            "k5": {"k51": "v51", "k52": "v52"},
            "k6": ["(v1,2)", "(v2,2)"],
            "dangerous('),:key:": "value",
            "emptystring": "",
            "querystringbreaker1": "?key=value",
            "querystringbreaker2": "&key=value&",
            "true": true,
            "false": false,
            "multibyte": "株式会社",
            "株式会社": "multibytekey",
            "": "emptystringkey",
            "emptyList": [],
            "emptyListString": [""],
        });
        assert_eq!(
            encode(&whole),
            "('':emptystringkey,dangerous%28%27%29%2C%3Akey%3A:value,emptyList:List(),\
             emptyListString:List(''),emptystring:'',false:false,k1:v1,k2:value%20with%20spaces,\
             k3:List(1,2,3),k4:List%28value%3Awith%25reserved%2Cchars%2C%27%27%29,\
             k5:(k51:v51,k52:v52),k6:List(%28v1%2C2%29,%28v2%2C2%29),\
             multibyte:%E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE,querystringbreaker1:%3Fkey%3Dvalue,\
             querystringbreaker2:%26key%3Dvalue%26,true:true,\
             %E6%A0%AA%E5%BC%8F%E4%BC%9A%E7%A4%BE:multibytekey)"
        );
    }

    #[test]
    fn case2_query_sorted_projection_last_and_escaped() {
        // `null` is an empty value; the projection goes last, even when alone; an empty or
        // null projection is left out; a projection cannot smuggle a parameter in.
        assert_eq!(query(json!({"a": null})), "a=");
        assert_eq!(query(json!({"fields": "id"})), "fields=id");
        assert_eq!(query(json!({"fields": "", "b": 1})), "b=1");
        assert_eq!(query(json!({"fields": null, "b": 1})), "b=1");
        assert_eq!(
            query(json!({"fields": "elements*(organization~(id,localizedName)),$start:0"})),
            "fields=elements*(organization~(id,localizedName)),$start:0"
        );
        assert_eq!(
            query(json!({"fields": "id&admin=true#x/y?z=1+2 %"})),
            "fields=id%26admin%3Dtrue%23x%2Fy%3Fz%3D1%2B2%20%25"
        );
        assert_eq!(
            query(json!({"z": 1, "fields": ["id", "name"]})),
            "z=1&fields=List(id,name)"
        );
        // Keys sorted by their text, not by insertion.
        assert_eq!(
            query(json!({"start": 0, "count": 10, "q": "author"})),
            "count=10&q=author&start=0"
        );
    }

    /// linkedin-developers/linkedin-api-python-client, tests/clients/restli/utils/decoder_test.py
    /// (`test_decode`), and linkedin-developers/linkedin-api-js-client, tests/utils/decoder.test.ts.
    #[test]
    fn case2_official_client_decoder_vectors() {
        let cases = [
            ("", json!("")),
            ("abc123", json!("abc123")),
            ("urn%3Ali%20app%3F", json!("urn:li app?")),
            ("List(1,2,3)", json!(["1", "2", "3"])),
            (
                "(key1:val1,key2:val2)",
                json!({"key1": "val1", "key2": "val2"}),
            ),
            (
                "(key1:urn%3Ali%3Aapp%3A%281%2C2%29,key%3A2:foobar)",
                json!({"key1": "urn:li:app:(1,2)", "key:2": "foobar"}),
            ),
            (
                "List(abc,def,(key1:val1))",
                json!(["abc", "def", {"key1": "val1"}]),
            ),
            ("List(List(abc,def),ghi)", json!([["abc", "def"], "ghi"])),
            (
                "(key1:urn%3Ali%3Adevapp%3A123,key2:List(123%3A456,(key22:abc)))",
                json!({"key1": "urn:li:devapp:123", "key2": ["123:456", {"key22": "abc"}]}),
            ),
            // JavaScript client
            ("List(1,2,(k:v),3)", json!(["1", "2", {"k": "v"}, "3"])),
            ("List(List(1))", json!([["1"]])),
            ("List((k:List(1)))", json!([{"k": ["1"]}])),
            (
                "List(%28v1%2C2%29,%28v2%2C2%29)",
                json!(["(v1,2)", "(v2,2)"]),
            ),
            ("List('')", json!([""])),
            ("List()", json!([])),
            (
                "(k1:v1,k2:List(1,2,3),k3:v3)",
                json!({"k1": "v1", "k2": ["1", "2", "3"], "k3": "v3"}),
            ),
            ("(k1:List())", json!({"k1": []})),
        ];
        for (input, expected) in cases {
            assert_eq!(decode(input), Ok(expected), "{input}");
        }
    }

    /// The JavaScript client's `decodePrefixSuffixValidation` inputs, and other malformed
    /// values: each is refused with the right kind and offset.
    #[test]
    fn case2_malformed_values_are_typed_errors_never_panics() {
        let cases = [
            ("List((k1:v1)", DecodeErrorKind::UnexpectedEnd, 12),
            ("List((k1:List(v1))", DecodeErrorKind::UnexpectedEnd, 18),
            (
                "(k1:List((k2:(k3:v1,k4:List((string:v2)))))",
                DecodeErrorKind::UnexpectedEnd,
                43,
            ),
            ("(k1)", DecodeErrorKind::Unexpected(')'), 3),
            ("(k1:v1))", DecodeErrorKind::Unexpected(')'), 7),
            ("a)b", DecodeErrorKind::Unexpected(')'), 1),
            ("urn:li:share:1", DecodeErrorKind::Unexpected(':'), 3),
            ("List(a)b", DecodeErrorKind::Unexpected('b'), 7),
            ("List(a)é", DecodeErrorKind::Unexpected('é'), 7),
            ("x(", DecodeErrorKind::Unexpected('('), 1),
            ("(k:v(", DecodeErrorKind::Unexpected('('), 4),
            ("%", DecodeErrorKind::BadEscape, 0),
            ("ab%4", DecodeErrorKind::BadEscape, 2),
            ("List(%zz)", DecodeErrorKind::BadEscape, 5),
            ("%FF%FE", DecodeErrorKind::InvalidUtf8, 0),
        ];
        for (input, kind, offset) in cases {
            let err = decode(input).unwrap_err();
            assert_eq!((err.kind.clone(), err.offset), (kind, offset), "{input}");
            assert!(
                err.to_string()
                    .starts_with("LinkedIn: malformed Rest.li value")
            );
        }
        let deep = format!(
            "{}{}",
            "List(".repeat(MAX_DEPTH + 1),
            ")".repeat(MAX_DEPTH + 1)
        );
        assert_eq!(decode(&deep).unwrap_err().kind, DecodeErrorKind::TooDeep);
        let ok = format!("{}{}", "List(".repeat(MAX_DEPTH), ")".repeat(MAX_DEPTH));
        assert!(decode(&ok).is_ok());
        // A million open lists or objects: an error, not a stack overflow.
        for open in ["List(", "(k:"] {
            let err = decode(&open.repeat(1_000_000)).unwrap_err();
            assert_eq!(err.kind, DecodeErrorKind::TooDeep);
        }
        assert_eq!(
            decode("((").unwrap_err().kind,
            DecodeErrorKind::Unexpected('(')
        );
    }

    /// linkedin-developers/linkedin-api-python-client, tests/clients/restli/utils/decoder_test.py
    /// (`test_reduced_decode`, its primitive cases), and the JavaScript client's
    /// tests/utils/restli-utils.test.ts (`x-restli-id`).
    #[test]
    fn case2_reduced_decode_vectors_for_x_restli_id() {
        assert_eq!(reduced_decode(""), "");
        assert_eq!(reduced_decode("''"), "");
        assert_eq!(reduced_decode("abc123"), "abc123");
        assert_eq!(
            reduced_decode("%28urn%29%3Ali%2C_ %3A%27app%3F?"),
            "(urn):li,_ :'app%3F?"
        );
        assert_eq!(reduced_decode("foobar"), "foobar");
        assert_eq!(
            reduced_decode("urn%3Ali%3Atest%3Afoo bar"),
            "urn:li:test:foo bar"
        );
        // Lower-case hex, escapes at both ends, a `%` that starts nothing, multibyte text.
        assert_eq!(reduced_decode("%3a%28é%29%2c"), ":(é),");
        assert_eq!(reduced_decode("100%"), "100%");
        assert_eq!(reduced_decode("%2"), "%2");
        assert_eq!(reduced_decode("%25%3A"), "%25:");
        assert_eq!(
            reduced_decode("urn:li:ugcPost:68447855235931240"),
            "urn:li:ugcPost:68447855235931240"
        );
    }

    /// Leaves as Rest.li gives them back: strings.
    fn stringified(v: &Value) -> Value {
        match v {
            Value::Null => Value::String(String::new()),
            Value::Bool(b) => Value::String(b.to_string()),
            Value::Number(n) => Value::String(n.to_string()),
            Value::String(_) => v.clone(),
            Value::Array(a) => Value::Array(a.iter().map(stringified).collect()),
            Value::Object(o) => {
                Value::Object(o.iter().map(|(k, v)| (k.clone(), stringified(v))).collect())
            }
        }
    }

    /// Any text, with Rest.li's delimiters, `%`, `'` and non-ASCII over-represented.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[(),:'%&=#/?+ a-z\\\\é株~_.\\-]{0,12}",
            Just(String::new()),
            Just("''".to_string()),
            Just("List(".to_string()),
        ]
    }

    /// Values without `null` (which Rest.li cannot tell from an empty string in a list), empty
    /// strings, lists and objects included.
    fn value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            text().prop_map(Value::String),
            any::<i64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            any::<bool>().prop_map(Value::Bool),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::btree_map(text(), inner, 0..6)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn has_no_separator(s: &str) -> bool {
        !s.contains(['&', '=', '/', '#', '?', '+', ' '])
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn case2_decode_inverts_encode(v in value()) {
            prop_assert_eq!(decode(&encode(&v)), Ok(stringified(&v)));
        }

        /// No input string, encoded as a value (a path key or a query value), can add a query
        /// parameter (`&`, `=`), a path segment (`/`), a query (`?`) or a fragment (`#`).
        #[test]
        fn case2_encoded_values_cannot_inject(s in text(), v in value()) {
            let one = encode(&Value::String(s));
            prop_assert!(has_no_separator(&one), "{}", one);
            let nested = encode(&v);
            prop_assert!(has_no_separator(&nested), "{}", nested);
            let allowed = |c: char| c.is_ascii_alphanumeric() || "-._~%():,'".contains(c);
            prop_assert!(nested.chars().all(allowed), "{}", nested);
        }

        /// A query string keeps exactly one `name=value` pair per parameter, whatever the
        /// names, the values and the projection.
        #[test]
        fn case2_encoded_queries_keep_their_shape(
            params in prop::collection::btree_map(text(), value(), 0..6),
            projection in text(),
        ) {
            let mut map: Map<String, Value> = params.into_iter().collect();
            map.insert(FIELDS_PARAM.to_string(), Value::String(projection.clone()));
            let q = encode_query(&map);
            let expected = map.len() - usize::from(projection.is_empty());
            let parts: Vec<&str> = if q.is_empty() { Vec::new() } else { q.split('&').collect() };
            prop_assert_eq!(parts.len(), expected, "{}", q);
            for part in parts {
                prop_assert_eq!(part.matches('=').count(), 1, "{}", part);
            }
            prop_assert!(!q.contains(['#', '/', '?', '+', ' ']), "{}", q);
        }

        /// Everything this module writes is accepted as core's `PreEncoded` as it is (never
        /// escaped a second time), and a request built from it keeps its shape: one path key,
        /// one query parameter per name, no fragment.
        #[test]
        fn core_a_restli_output_is_pre_encoded_and_keeps_the_url_shape(
            v in value(),
            params in prop::collection::btree_map(text(), value(), 1..6),
            projection in text(),
        ) {
            use social_core::http::RequestSpec;
            prop_assert!(PreEncoded::new(encode(&v)).is_ok(), "{}", encode(&v));
            let k = key(&v);
            prop_assert_eq!(k.as_str(), encode(&v));
            let mut map: Map<String, Value> = params.into_iter().collect();
            map.insert(FIELDS_PARAM.to_string(), Value::String(projection));
            let pairs = super::query(&map);
            for (name, value) in query_parts(&map) {
                prop_assert!(PreEncoded::new(name.as_str()).is_ok(), "{}", name);
                prop_assert!(PreEncoded::new(value.as_str()).is_ok(), "{}", value);
            }
            prop_assume!(!matches!(k.as_str(), "" | "." | ".."));
            let n = pairs.len();
            let mut spec = RequestSpec::get("posts").encoded_segment(k);
            for (name, value) in pairs {
                spec = spec.encoded_query(name, value);
            }
            let base = "https://api.linkedin.com/rest".parse().unwrap();
            let url = spec.url(social_core::Network::LinkedIn, &base).unwrap();
            prop_assert_eq!(url.path_segments().unwrap().count(), 3, "{}", url);
            prop_assert_eq!(url.query_pairs().count(), n, "{}", url);
            prop_assert_eq!(url.fragment(), None);
        }

        #[test]
        fn case2_decode_never_panics(s in text(), t in "[(),:'%0-9A-Fa-fLista]{0,40}") {
            let _ = decode(&s);
            let _ = decode(&t);
            let _ = reduced_decode(&s);
            let _ = reduced_decode(&t);
        }
    }
}
