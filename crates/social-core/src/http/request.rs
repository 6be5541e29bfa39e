use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use http::{HeaderName, HeaderValue, Method};
use serde::Serialize;
use url::Url;

use crate::error::{Error, Result, Violation, ViolationKind};
use crate::types::Network;

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
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
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

    /// The user-supplied path segments (ids), in order, as given (not encoded). A dialect uses
    /// them to name per-object rate-limit buckets.
    ///
    /// ```
    /// use social_core::http::RequestSpec;
    ///
    /// let spec = RequestSpec::get("").segment("1234_5678").path("comments");
    /// assert_eq!(spec.user_segments().collect::<Vec<_>>(), ["1234_5678"]);
    /// ```
    pub fn user_segments(&self) -> impl Iterator<Item = &str> {
        self.segments.iter().filter_map(|s| match s {
            Segment::User(v) => Some(v.as_str()),
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
                Segment::User(_) => s.push_str(":id"),
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
            if let Segment::User(v) = seg {
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
            }
        }
        if path.is_empty() {
            path.push('/');
        }
        // `set_path` keeps existing `%XX` escapes as they are, so user segments are encoded once.
        url.set_path(&path);
        if !self.query.is_empty() {
            let mut q = url.query_pairs_mut();
            for (k, v) in &self.query {
                q.append_pair(k, v);
            }
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
