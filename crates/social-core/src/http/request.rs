use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use serde::Serialize;
use url::Url;

use crate::error::{Error, Result, Violation, ViolationKind};
use crate::types::Network;

pub use super::pre_encoded::PreEncoded;

/// How safe it is to send a request again.
///
/// The retry loop reads this class, not the HTTP method alone: a `POST` that likes a post is
/// [`Idempotent`](Idempotency::Idempotent), a `POST` that creates one is
/// [`Unsafe`](Idempotency::Unsafe).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Idempotency {
    /// Reads: retried on 5xx, 429, timeouts and broken connections.
    Safe,
    /// Writes whose repetition changes nothing (delete of a known id, follow, like): retried like reads.
    Idempotent,
    /// Creates: sent again only when the request provably never reached the server. Otherwise a
    /// failure becomes [`Error::Unconfirmed`].
    Unsafe,
}

impl Idempotency {
    /// The default class of a method: `GET`/`HEAD`/`OPTIONS` are safe, `PUT`/`DELETE` idempotent,
    /// everything else unsafe.
    pub fn of_method(method: &Method) -> Self {
        match *method {
            Method::GET | Method::HEAD | Method::OPTIONS => Idempotency::Safe,
            Method::PUT | Method::DELETE => Idempotency::Idempotent,
            _ => Idempotency::Unsafe,
        }
    }
}

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Literal(Cow<'static, str>),
    User(String),
    /// Already encoded by an encoder that guarantees no injection (see [`PreEncoded`]).
    Encoded(String),
}

/// One part of a multipart body.
///
/// ```
/// let part = social_core::http::Part::bytes("source", vec![0xFF, 0xD8], "image/jpeg").with_file_name("photo.jpg");
/// assert_eq!(part.name(), "source");
/// ```
#[derive(Clone)]
pub struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    data: Bytes,
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Part {
            name: name.into(),
            file_name: None,
            content_type: None,
            data: Bytes::from(value.into()),
        }
    }

    /// A binary field with its content type.
    pub fn bytes(
        name: impl Into<String>,
        data: impl Into<Bytes>,
        content_type: impl Into<String>,
    ) -> Self {
        Part {
            name: name.into(),
            file_name: None,
            content_type: Some(content_type.into()),
            data: data.into(),
        }
    }

    /// Sets the file name sent with the part.
    #[must_use]
    pub fn with_file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The field name.
    pub fn name(&self) -> &str {
        &self.name
    }

    pub(crate) fn to_reqwest(&self) -> Result<reqwest::multipart::Part> {
        let mut part = reqwest::multipart::Part::bytes(self.data.to_vec());
        if let Some(f) = &self.file_name {
            part = part.file_name(f.clone());
        }
        if let Some(ct) = &self.content_type {
            part = part.mime_str(ct).map_err(|_| {
                Error::invalid(
                    None,
                    Violation::new(
                        "content_type",
                        ViolationKind::Malformed,
                        format!("`{ct}` is not a valid content type"),
                    ),
                )
            })?;
        }
        Ok(part)
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("name", &self.name)
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.data.len())
            .finish()
    }
}

/// A request body.
#[derive(Clone, Default)]
#[non_exhaustive]
pub enum Body {
    /// No body.
    #[default]
    Empty,
    /// JSON, already serialised.
    Json(Bytes),
    /// `application/x-www-form-urlencoded` pairs (visible to OAuth 1.0a signing).
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts.
    Multipart(Vec<Part>),
    /// Raw bytes with a content type.
    Bytes {
        /// The `Content-Type`.
        content_type: String,
        /// The bytes.
        data: Bytes,
    },
}

impl fmt::Debug for Body {
    // Bodies may carry secrets (token requests): show only their shape.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Body::Empty => f.write_str("Empty"),
            Body::Json(b) => write!(f, "Json({} bytes)", b.len()),
            Body::Form(p) => write!(f, "Form({} fields)", p.len()),
            Body::Multipart(p) => write!(f, "Multipart({} parts)", p.len()),
            Body::Bytes { content_type, data } => {
                write!(f, "Bytes({content_type}, {} bytes)", data.len())
            }
        }
    }
}

/// A request as data, before it is sent: method, path, query, headers, body, and how safe it is
/// to repeat. Adapters' builders lower to this; [`Transport::execute`](crate::http::Transport::execute)
/// sends it.
///
/// Literal path parts (`"2/users"`) come from the adapter's code; ids and URNs supplied by users go
/// through [`segment`](RequestSpec::segment), which percent-encodes them and refuses empty, `.`
/// and `..` values, so an id can never change the path.
///
/// ```
/// use social_core::http::{Idempotency, RequestSpec};
///
/// let spec = RequestSpec::get("2/users")
///     .segment("2244994945")
///     .path("following")
///     .query("max_results", 100)
///     .endpoint("GET /2/users/:id/following");
/// assert_eq!(spec.idempotency(), Idempotency::Safe);
/// assert_eq!(spec.endpoint_name(), "GET /2/users/:id/following");
/// ```
#[derive(Clone)]
pub struct RequestSpec {
    pub(crate) method: Method,
    pub(crate) segments: Vec<Segment>,
    pub(crate) query: Vec<(String, String)>,
    /// Pre-encoded `name=value` pairs, sent after `query` as they are.
    pub(crate) encoded_query: Vec<(PreEncoded, PreEncoded)>,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Body,
    pub(crate) body_error: Option<String>,
    pub(crate) idempotency: Idempotency,
    pub(crate) endpoint: Option<Cow<'static, str>>,
    pub(crate) base_url: Option<Url>,
    pub(crate) authenticated: bool,
    pub(crate) sensitive: Vec<String>,
    pub(crate) secret_response: bool,
    pub(crate) max_response_bytes: Option<usize>,
    pub(crate) bucket_key: Option<String>,
    pub(crate) gone_is_success: bool,
}

impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("endpoint", &self.endpoint_name())
            .field(
                "query_keys",
                &self
                    .query
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .chain(self.encoded_query.iter().map(|(k, _)| k.as_str()))
                    .collect::<Vec<_>>(),
            )
            .field("body", &self.body)
            .field("idempotency", &self.idempotency)
            .finish_non_exhaustive()
    }
}

impl RequestSpec {
    /// A request with `method` to the literal `path` (split on `/`, relative to the base URL).
    pub fn new(method: Method, path: &'static str) -> Self {
        let idempotency = Idempotency::of_method(&method);
        RequestSpec {
            method,
            segments: Vec::new(),
            query: Vec::new(),
            encoded_query: Vec::new(),
            headers: Vec::new(),
            body: Body::Empty,
            body_error: None,
            idempotency,
            endpoint: None,
            base_url: None,
            authenticated: true,
            sensitive: Vec::new(),
            secret_response: false,
            max_response_bytes: None,
            bucket_key: None,
            gone_is_success: false,
        }
        .path(path)
    }

    /// A `GET`.
    pub fn get(path: &'static str) -> Self {
        Self::new(Method::GET, path)
    }

    /// A `POST` (unsafe by default: creates are never replayed blindly).
    pub fn post(path: &'static str) -> Self {
        Self::new(Method::POST, path)
    }

    /// A `PUT`.
    pub fn put(path: &'static str) -> Self {
        Self::new(Method::PUT, path)
    }

    /// A `PATCH`.
    pub fn patch(path: &'static str) -> Self {
        Self::new(Method::PATCH, path)
    }

    /// A `DELETE`.
    pub fn delete(path: &'static str) -> Self {
        Self::new(Method::DELETE, path)
    }

    /// Appends literal path parts from the adapter's code (split on `/`; empty parts ignored).
    #[must_use]
    pub fn path(mut self, path: &'static str) -> Self {
        self.segments.extend(
            path.split('/')
                .filter(|s| !s.is_empty())
                .map(|s| Segment::Literal(Cow::Borrowed(s))),
        );
        self
    }

    /// Appends one user-supplied path segment (an id, a URN), percent-encoded as a whole.
    /// Empty, `.` and `..` values make [`Transport::execute`](crate::http::Transport::execute)
    /// fail with [`Error::InvalidInput`] before sending.
    #[must_use]
    pub fn segment(mut self, value: impl Into<String>) -> Self {
        self.segments.push(Segment::User(value.into()));
        self
    }

    /// Appends one path key already encoded by a no-injection encoder (a Rest.li key such as
    /// `urn%3Ali%3Ashare%3A1` or `(actor:…,entity:…)`), sent as it is. An empty, `.` or `..` key
    /// makes [`Transport::execute`](crate::http::Transport::execute) fail with
    /// [`Error::InvalidInput`] before sending, as for [`segment`](Self::segment).
    ///
    /// ```
    /// use social_core::http::{PreEncoded, RequestSpec};
    /// use social_core::Network;
    ///
    /// let spec = RequestSpec::get("rest/reactions")
    ///     .encoded_segment(PreEncoded::new("(actor:urn%3Ali%3Aperson%3A1,entity:urn%3Ali%3Ashare%3A2)")?);
    /// let url = spec.url(Network::LinkedIn, &"https://api.linkedin.com".parse().unwrap())?;
    /// assert_eq!(url.path(), "/rest/reactions/(actor:urn%3Ali%3Aperson%3A1,entity:urn%3Ali%3Ashare%3A2)");
    /// # Ok::<(), social_core::Error>(())
    /// ```
    #[must_use]
    pub fn encoded_segment(mut self, key: PreEncoded) -> Self {
        self.segments.push(Segment::Encoded(key.0));
        self
    }

    /// Appends one query parameter whose name and value are already encoded by a no-injection
    /// encoder (Rest.li's `List(…)`, `(k:v)`), sent as they are, after the parameters of
    /// [`query`](Self::query). An empty name makes
    /// [`Transport::execute`](crate::http::Transport::execute) fail with [`Error::InvalidInput`].
    ///
    /// ```
    /// use social_core::http::{PreEncoded, RequestSpec};
    /// use social_core::Network;
    ///
    /// let spec = RequestSpec::get("rest/posts")
    ///     .query("q", "author")
    ///     .encoded_query(PreEncoded::new("ids")?, PreEncoded::new("List(urn%3Ali%3Ashare%3A1)")?);
    /// let url = spec.url(Network::LinkedIn, &"https://api.linkedin.com".parse().unwrap())?;
    /// assert_eq!(url.query(), Some("q=author&ids=List(urn%3Ali%3Ashare%3A1)"));
    /// # Ok::<(), social_core::Error>(())
    /// ```
    #[must_use]
    pub fn encoded_query(mut self, name: PreEncoded, value: PreEncoded) -> Self {
        self.encoded_query.push((name, value));
        self
    }

    /// The query string as it will be sent (without `?`): the parameters of
    /// [`query`](Self::query), form-encoded, then the pre-encoded ones as they are. A network
    /// that tunnels long queries (LinkedIn, over 4,000 characters) measures this.
    ///
    /// ```
    /// use social_core::http::{PreEncoded, RequestSpec};
    ///
    /// let spec = RequestSpec::get("rest/posts")
    ///     .query("q", "a b")
    ///     .encoded_query(PreEncoded::new("count")?, PreEncoded::new("10")?);
    /// assert_eq!(spec.query_string(), "q=a+b&count=10");
    /// # Ok::<(), social_core::Error>(())
    /// ```
    pub fn query_string(&self) -> String {
        let mut q = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.query)
            .finish();
        for (name, value) in &self.encoded_query {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(name.as_str());
            q.push('=');
            q.push_str(value.as_str());
        }
        q
    }

    /// This `GET` sent as a `POST` with `X-HTTP-Method-Override: GET` and its query string (as
    /// [`query_string`](Self::query_string) writes it) as an `application/x-www-form-urlencoded`
    /// body: "query tunnelling", for queries too long for a URL
    /// (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/query-tunneling>).
    ///
    /// It stays the read it is: its [`idempotency`](Self::idempotency) is kept (a `GET` is
    /// [`Idempotency::Safe`], so a tunnelled read is retried like any read, never reported
    /// [`Error::Unconfirmed`]), and so is its endpoint name (`GET /…`), hence its rate-limit
    /// buckets. A request other than a `GET` is returned unchanged.
    ///
    /// ```
    /// use http::Method;
    /// use social_core::http::{Body, Idempotency, RequestSpec};
    ///
    /// let spec = RequestSpec::get("rest/posts").query("q", "author").tunnelled();
    /// assert_eq!(spec.method(), &Method::POST);
    /// assert_eq!(spec.idempotency(), Idempotency::Safe);
    /// assert_eq!(spec.endpoint_name(), "GET /rest/posts");
    /// assert!(spec.query_pairs().is_empty());
    /// assert!(matches!(spec.body(), Body::Bytes { content_type, .. } if content_type == "application/x-www-form-urlencoded"));
    /// ```
    #[must_use]
    pub fn tunnelled(mut self) -> Self {
        if self.method != Method::GET {
            return self;
        }
        let endpoint = self.endpoint_name();
        let query = self.query_string();
        self.endpoint = Some(endpoint);
        self.query.clear();
        self.encoded_query.clear();
        self.method = Method::POST;
        self.headers.push((
            HeaderName::from_static("x-http-method-override"),
            HeaderValue::from_static("GET"),
        ));
        self.body = Body::Bytes {
            content_type: "application/x-www-form-urlencoded".to_string(),
            data: Bytes::from(query),
        };
        self
    }

    /// Whether this request is a `GET` sent as a `POST` by [`tunnelled`](Self::tunnelled).
    pub fn is_tunnelled(&self) -> bool {
        self.method == Method::POST
            && self
                .headers
                .iter()
                .any(|(k, v)| k == "x-http-method-override" && v == "GET")
    }

    /// Appends a query parameter (encoded by the URL builder, never by string concatenation).
    #[must_use]
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// Appends a query parameter when `value` is `Some`.
    #[must_use]
    pub fn query_opt(self, key: impl Into<String>, value: Option<impl ToString>) -> Self {
        match value {
            Some(v) => self.query(key, v),
            None => self,
        }
    }

    /// Adds a header.
    #[must_use]
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.push((name, value));
        self
    }

    /// Sets a JSON body.
    #[must_use]
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Body::Json(Bytes::from(bytes)),
            Err(e) => self.body_error = Some(e.to_string()),
        }
        self
    }

    /// Sets a form body.
    #[must_use]
    pub fn form<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.body = Body::Form(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Sets a multipart body.
    #[must_use]
    pub fn multipart(mut self, parts: Vec<Part>) -> Self {
        self.body = Body::Multipart(parts);
        self
    }

    /// Sets a raw body.
    #[must_use]
    pub fn bytes(mut self, content_type: impl Into<String>, data: impl Into<Bytes>) -> Self {
        self.body = Body::Bytes {
            content_type: content_type.into(),
            data: data.into(),
        };
        self
    }

    /// Overrides how safe the request is to repeat.
    #[must_use]
    pub fn with_idempotency(mut self, idempotency: Idempotency) -> Self {
        self.idempotency = idempotency;
        self
    }

    /// Names the endpoint as a route template (`"POST /2/tweets"`) for logs, errors and rate-limit
    /// buckets. Defaults to the method and the literal path with `:id` for user segments.
    #[must_use]
    pub fn endpoint(mut self, name: impl Into<Cow<'static, str>>) -> Self {
        self.endpoint = Some(name.into());
        self
    }

    /// Sends to another base URL than the client's (a token endpoint, an upload host).
    #[must_use]
    pub fn base_url(mut self, url: Url) -> Self {
        self.base_url = Some(url);
        self
    }

    /// Sends without the client's authenticator (token endpoints carry their own credentials).
    #[must_use]
    pub fn unauthenticated(mut self) -> Self {
        self.authenticated = false;
        self
    }

    /// Marks a value sent in this request as secret: it is masked in any body snippet kept in an
    /// error, should the server echo it.
    #[must_use]
    pub fn sensitive(mut self, value: impl Into<String>) -> Self {
        self.sensitive.push(value.into());
        self
    }

    /// Marks the response as secret (token endpoints): errors keep no body snippet of it.
    #[must_use]
    pub fn secret_response(mut self) -> Self {
        self.secret_response = true;
        self
    }

    /// Caps the response size for this request (overrides the client's cap).
    #[must_use]
    pub fn max_response_bytes(mut self, n: usize) -> Self {
        self.max_response_bytes = Some(n);
        self
    }

    /// Declares that "not found" completes this request when an earlier attempt of the same call
    /// may have done the work: a `DELETE` retried after a timeout, a broken connection or a 5xx
    /// (the first attempt may have deleted the object) whose retry is answered "not found" (the
    /// dialect maps it to [`Error::NotFound`]) succeeds, with a
    /// [`Response`](crate::http::Response) whose [`gone`](crate::http::Response::gone) is `true`:
    /// the object is gone, which is what was asked. A first attempt answered "not found" stays
    /// [`Error::NotFound`] (the object was never there), and so does one after a rate-limit
    /// refusal or a connection that was never made.
    ///
    /// ```
    /// use social_core::http::RequestSpec;
    ///
    /// let spec = RequestSpec::delete("2/tweets").segment("1").gone_is_success();
    /// assert!(spec.is_gone_success());
    /// ```
    #[must_use]
    pub fn gone_is_success(mut self) -> Self {
        self.gone_is_success = true;
        self
    }

    /// Whether [`gone_is_success`](Self::gone_is_success) was declared.
    pub fn is_gone_success(&self) -> bool {
        self.gone_is_success
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// How safe the request is to repeat.
    pub fn idempotency(&self) -> Idempotency {
        self.idempotency
    }

    /// The body.
    pub fn body(&self) -> &Body {
        &self.body
    }

    /// The query parameters.
    pub fn query_pairs(&self) -> &[(String, String)] {
        &self.query
    }

    /// Names what the request counts against when the path alone does not say it (a Graph call
    /// on a comment counts against its Page's quota, and a comment id does not name the Page).
    /// A dialect reads it with [`bucket_key`](Self::bucket_key).
    ///
    /// ```
    /// use social_core::http::RequestSpec;
    ///
    /// let spec = RequestSpec::post("").segment("17_42").with_bucket_key("200000000000001");
    /// assert_eq!(spec.bucket_key(), Some("200000000000001"));
    /// ```
    #[must_use]
    pub fn with_bucket_key(mut self, key: impl Into<String>) -> Self {
        self.bucket_key = Some(key.into());
        self
    }

    /// The key set with [`with_bucket_key`](Self::with_bucket_key), if any.
    pub fn bucket_key(&self) -> Option<&str> {
        self.bucket_key.as_deref()
    }

    /// The user-supplied path segments (ids), in order, as given (not encoded; a
    /// [pre-encoded](Self::encoded_segment) key as given, encoded). A dialect uses them to name
    /// per-object rate-limit buckets.
    ///
    /// ```
    /// use social_core::http::RequestSpec;
    ///
    /// let spec = RequestSpec::get("").segment("1234_5678").path("comments");
    /// assert_eq!(spec.user_segments().collect::<Vec<_>>(), ["1234_5678"]);
    /// ```
    pub fn user_segments(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::User(v) | Segment::Encoded(v) => Some(v.as_str()),
            Segment::Literal(_) => None,
        })
    }

    /// The endpoint name (route template).
    pub fn endpoint_name(&self) -> Cow<'static, str> {
        if let Some(e) = &self.endpoint {
            return e.clone();
        }
        let mut s = format!("{} ", self.method);
        for seg in &self.segments {
            s.push('/');
            match seg {
                Segment::Literal(l) => s.push_str(l),
                Segment::User(_) | Segment::Encoded(_) => s.push_str(":id"),
            }
        }
        if self.segments.is_empty() {
            s.push('/');
        }
        Cow::Owned(s)
    }

    /// The full URL this request goes to, relative to `base` unless the spec overrides it.
    /// Fails with [`Error::InvalidInput`] on an empty, `.`, `..` or control-character segment.
    pub fn url(&self, network: Network, base: &Url) -> Result<Url> {
        let mut url = self.base_url.clone().unwrap_or_else(|| base.clone());
        let mut violations = Vec::new();
        for seg in &self.segments {
            if let Segment::User(v) | Segment::Encoded(v) = seg {
                if v.is_empty() || v == "." || v == ".." || v.chars().any(char::is_control) {
                    violations.push(Violation::new(
                        "id",
                        ViolationKind::Malformed,
                        format!(
                            "{:?} is not a valid id or path segment",
                            v.chars().take(64).collect::<String>()
                        ),
                    ));
                }
            }
        }
        if self.encoded_query.iter().any(|(name, _)| name.0.is_empty()) {
            violations.push(Violation::new(
                "query",
                ViolationKind::Malformed,
                "a pre-encoded query parameter has an empty name",
            ));
        }
        if !violations.is_empty() {
            return Err(Error::InvalidInput {
                network: Some(network),
                violations,
            });
        }
        if url.cannot_be_a_base() {
            return Err(Error::config(
                network,
                "the base URL cannot carry a path (it must be http(s)://host/...)",
            ));
        }
        let mut path = url.path().trim_end_matches('/').to_string();
        for seg in &self.segments {
            path.push('/');
            match seg {
                Segment::Literal(l) => path.push_str(l),
                Segment::User(v) => path.push_str(&encode_segment(v)),
                Segment::Encoded(v) => path.push_str(v),
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        // `set_path` keeps existing `%XX` escapes as they are, so user segments are encoded once.
        url.set_path(&path);
        if !self.query.is_empty() || !self.encoded_query.is_empty() {
            // The base URL's own query (rare) stays first.
            let query = match url.query().filter(|q| !q.is_empty()) {
                Some(base) => format!("{base}&{}", self.query_string()),
                None => self.query_string(),
            };
            url.set_query(Some(&query));
        }
        Ok(url)
    }
}

/// Characters left alone in a user-supplied segment: RFC 3986 unreserved. Everything else is
/// percent-encoded, so `urn:li:share:(1,2)` becomes `urn%3Ali%3Ashare%3A%281%2C2%29` as LinkedIn
/// requires, and `.`/`..` cannot appear alone (refused above).
const SEGMENT_SET: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Percent-encodes `v` as one path segment: RFC 3986 unreserved characters stay, every other
/// byte is encoded (what [`RequestSpec::segment`] does; for paths built outside a spec, such as
/// the relative URLs of a Graph batch).
///
/// ```
/// assert_eq!(social_core::http::encode_segment("a/b c"), "a%2Fb%20c");
/// ```
pub fn encode_segment(v: &str) -> String {
    percent_encoding::utf8_percent_encode(v, SEGMENT_SET).to_string()
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, UNIX_EPOCH};

    use proptest::prelude::*;
    use wiremock::matchers::{body_string, header, method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    use super::*;
    use crate::clock::ManualClock;
    use crate::http::{Jitter, RetryPolicy, Transport};

    fn base() -> Url {
        Url::parse("https://api.linkedin.com/rest").unwrap()
    }

    #[test]
    fn core_a_pre_encoded_keys_and_queries_go_out_as_written() {
        let spec = RequestSpec::get("posts")
            .encoded_segment(PreEncoded::new("urn%3Ali%3Ashare%3A1").unwrap())
            .query("viewContext", "AUTHOR")
            .encoded_query(
                PreEncoded::new("ids").unwrap(),
                PreEncoded::new("List((a:b),urn%3Ali%3Ax%3A1,'')").unwrap(),
            );
        let url = spec.url(Network::LinkedIn, &base()).unwrap();
        assert_eq!(url.path(), "/rest/posts/urn%3Ali%3Ashare%3A1");
        // The URL standard escapes `'` in the query of an http(s) URL; everything else stays.
        assert_eq!(
            url.query(),
            Some("viewContext=AUTHOR&ids=List((a:b),urn%3Ali%3Ax%3A1,%27%27)")
        );
        assert_eq!(spec.endpoint_name(), "GET /posts/:id");
        assert_eq!(
            spec.user_segments().collect::<Vec<_>>(),
            ["urn%3Ali%3Ashare%3A1"]
        );
        // An empty or dot key is refused like a user segment; so is an empty parameter name.
        for bad in ["", ".", ".."] {
            let spec = RequestSpec::get("posts").encoded_segment(PreEncoded::new(bad).unwrap());
            assert!(matches!(
                spec.url(Network::LinkedIn, &base()),
                Err(Error::InvalidInput { .. })
            ));
        }
        let spec = RequestSpec::get("posts")
            .encoded_query(PreEncoded::new("").unwrap(), PreEncoded::new("x").unwrap());
        assert!(matches!(
            spec.url(Network::LinkedIn, &base()),
            Err(Error::InvalidInput { .. })
        ));
    }

    #[test]
    fn core_a_pre_encoded_refuses_every_separator() {
        for bad in [
            "a/b", "a?b", "a#b", "a&b", "a=b", "a+b", "a b", "100%", "%zz", "%4", "é", "a\nb",
            "a\\b", "a\"b", "<a>", "a;b", "a@b", "[a]", "{a}", "a|b", "a^b", "a`b", "a!b",
        ] {
            let err = PreEncoded::new(bad).unwrap_err();
            assert!(
                err.to_string().contains("is not pre-encoded"),
                "{bad}: {err}"
            );
        }
        for good in [
            "",
            "''",
            "List()",
            "(k:v,k2:List(1,2))",
            "%2F%3f",
            "a-b.c_d~e*f$g",
        ] {
            assert!(PreEncoded::new(good).is_ok(), "{good}");
        }
        assert!(format!("{:?}", PreEncoded::escaping("a b")).contains("a%20b"));
    }

    #[test]
    fn core_b_a_tunnelled_get_keeps_its_read_identity() {
        let spec = RequestSpec::get("posts")
            .query("q", "author")
            .encoded_query(
                PreEncoded::new("author").unwrap(),
                PreEncoded::new("urn%3Ali%3Aperson%3A1").unwrap(),
            )
            .tunnelled();
        assert_eq!(spec.method(), &Method::POST);
        assert!(spec.is_tunnelled());
        assert_eq!(spec.idempotency(), Idempotency::Safe);
        assert_eq!(spec.endpoint_name(), "GET /posts");
        assert_eq!(spec.query_string(), "");
        let Body::Bytes { content_type, data } = spec.body() else {
            panic!("a tunnelled GET carries its query as a form body");
        };
        assert_eq!(content_type, "application/x-www-form-urlencoded");
        assert_eq!(&data[..], b"q=author&author=urn%3Ali%3Aperson%3A1");
        let url = spec.url(Network::LinkedIn, &base()).unwrap();
        assert_eq!(url.query(), None);
        // Anything but a GET is left alone.
        let post = RequestSpec::post("posts").tunnelled();
        assert!(!post.is_tunnelled());
        assert_eq!(post.idempotency(), Idempotency::Unsafe);
    }

    /// A tunnelled GET is a POST on the wire, yet a 503 on it is retried as a read, never
    /// reported as a write whose outcome is unknown.
    #[tokio::test]
    async fn core_b_a_tunnelled_get_is_retried_as_a_read() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/rest/posts"))
            .and(header("x-http-method-override", "GET"))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(body_string("q=author"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .expect(1)
            .mount(&server)
            .await;
        Mock::given(method("POST"))
            .and(path("/rest/posts"))
            .and(header("x-http-method-override", "GET"))
            .and(body_string("q=author"))
            .respond_with(
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"elements": []})),
            )
            .expect(1)
            .mount(&server)
            .await;
        let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
        let transport = Transport::builder(Network::LinkedIn, format!("{}/rest", server.uri()))
            .retry_policy(RetryPolicy::default().jitter(Jitter::None))
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap();
        let spec = RequestSpec::get("posts").query("q", "author").tunnelled();
        let resp = transport.execute(spec).await.unwrap();
        assert_eq!(resp.status(), 200);
        assert!(resp.earlier_attempt_may_have_run());
        assert_eq!(clock.sleeps(), [Duration::from_millis(500)]);
    }

    /// Any text, with URL separators, `%`, Rest.li's delimiters and non-ASCII over-represented.
    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "[/?#&=+ %()':,*$a-zA-Z0-9\\-._~é]{0,16}",
            "(%[0-9A-Fa-f]{2}|[a-z(),:])*",
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1024))]

        /// No input string, once accepted as pre-encoded, can add a path segment, a query
        /// parameter or a fragment: the URL keeps exactly the segments and parameters it was
        /// built with.
        #[test]
        fn core_a_no_pre_encoded_input_changes_the_url_shape(key in text(), name in text(), value in text()) {
            let (Ok(key), Ok(name), Ok(value)) =
                (PreEncoded::new(&key), PreEncoded::new(&name), PreEncoded::new(&value))
            else {
                // Refused: nothing can be sent with it.
                return Ok(());
            };
            prop_assume!(!name.as_str().is_empty());
            prop_assume!(!matches!(key.as_str(), "" | "." | ".."));
            let spec = RequestSpec::get("posts")
                .encoded_segment(key.clone())
                .query("q", "author")
                .encoded_query(name.clone(), value.clone());
            let url = spec.url(Network::LinkedIn, &base()).unwrap();
            let segments: Vec<&str> = url.path_segments().unwrap().collect();
            prop_assert_eq!(segments.len(), 3, "{}", url);
            prop_assert_eq!(segments[2], key.as_str());
            prop_assert_eq!(url.fragment(), None);
            let pairs: Vec<(String, String)> = url.query_pairs().into_owned().collect();
            prop_assert_eq!(pairs.len(), 2, "{}", url);
            prop_assert_eq!(&pairs[0], &("q".to_string(), "author".to_string()));
            // The name and value come back as sent, once the URL's own decoding is applied.
            let decode = |s: &str| url::form_urlencoded::parse(format!("k={s}").as_bytes()).next().unwrap().1.into_owned();
            prop_assert_eq!(&pairs[1], &(decode(name.as_str()), decode(value.as_str())));
        }

        /// Whatever the text, `escaping` gives a valid pre-encoded value.
        #[test]
        fn core_a_escaping_is_always_pre_encoded(s in text()) {
            prop_assert!(PreEncoded::new(PreEncoded::escaping(&s).as_str()).is_ok());
        }
    }
}
