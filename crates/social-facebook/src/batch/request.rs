//! The requests of a batch: [`BatchRequest`] (method, relative URL, form body, name and
//! dependencies) and the [`RelativeUrl`] it goes to.

use std::fmt;

use serde_json::{Map, Value};
use social_core::http::encode_segment;
use social_core::http::mask::{REDACTED, is_sensitive_key, is_sensitive_pair};
use social_core::{PostId, Violation, ViolationKind};

use crate::models::PageId;
use crate::redact::mask_text;

social_core::wire_enum! {
    /// The method of one request in a batch.
    pub enum BatchMethod {
        /// A read.
        Get = "GET",
        /// A write (create, edit).
        Post = "POST",
        /// A deletion.
        Delete = "DELETE",
    }
}

/// A URL relative to the Graph version, for one request of a batch.
///
/// Built with [`node`](Self::node), [`edge`](Self::edge) and [`query`](Self::query), every id
/// and edge is percent-encoded as one path segment and every query value form-encoded. Made from
/// a string (`"me/accounts?limit=10"`), it is sent as is.
///
/// ```
/// use social_facebook::batch::RelativeUrl;
///
/// let url = RelativeUrl::node("200000000000001_17").edge("comments").query("filter", "stream").query("limit", 10);
/// assert_eq!(url.to_string(), "200000000000001_17/comments?filter=stream&limit=10");
/// // An id cannot change the path.
/// assert_eq!(RelativeUrl::node("1/../me").to_string(), "1%2F..%2Fme");
/// assert_eq!(RelativeUrl::from("me/accounts?limit=10").to_string(), "me/accounts?limit=10");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct RelativeUrl {
    /// The path, already encoded.
    path: String,
    /// A query given as part of a string, kept as is.
    raw_query: Option<String>,
    /// Query pairs, encoded when rendered.
    query: Vec<(String, String)>,
    /// Ids or edges that cannot be path segments (empty, `.`, `..`, control characters).
    bad_segments: Vec<String>,
    /// Made from a string.
    raw: bool,
}

impl fmt::Debug for RelativeUrl {
    // A relative URL may carry a per-request `access_token`: show the path and the keys only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RelativeUrl")
            .field("path", &self.path)
            .field(
                "query_keys",
                &self.query.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("raw_query", &self.raw_query.as_ref().map(|_| "…"))
            .finish()
    }
}

impl RelativeUrl {
    /// A node by id (a Page, a post, a comment, `me`), encoded as one path segment.
    pub fn node(id: impl AsRef<str>) -> Self {
        RelativeUrl {
            path: String::new(),
            raw_query: None,
            query: Vec::new(),
            bad_segments: Vec::new(),
            raw: false,
        }
        .segment(id.as_ref())
    }

    fn segment(mut self, s: &str) -> Self {
        if s.is_empty() || s == "." || s == ".." || s.chars().any(char::is_control) {
            self.bad_segments.push(s.chars().take(64).collect());
        }
        if !self.path.is_empty() {
            self.path.push('/');
        }
        self.path.push_str(&encode_segment(s));
        self
    }

    /// Appends an edge (`comments`, `feed`) or any path segment, encoded.
    pub fn edge(self, edge: impl AsRef<str>) -> Self {
        self.segment(edge.as_ref())
    }

    /// Appends a query parameter (form-encoded).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.query.push((key.into(), value.to_string()));
        self
    }

    /// `fields=a,b,c`.
    pub fn fields<S: AsRef<str>>(self, fields: impl IntoIterator<Item = S>) -> Self {
        let joined = fields
            .into_iter()
            .map(|f| f.as_ref().to_string())
            .collect::<Vec<_>>()
            .join(",");
        self.query("fields", joined)
    }

    /// The path, without the query.
    pub fn path(&self) -> &str {
        &self.path
    }

    fn violations(&self, field: &str, out: &mut Vec<Violation>) {
        for bad in &self.bad_segments {
            out.push(Violation::new(
                field.to_string(),
                ViolationKind::Malformed,
                format!("{bad:?} is not a valid id or path segment"),
            ));
        }
        if self.path.trim().is_empty() && self.bad_segments.is_empty() {
            out.push(Violation::new(
                field.to_string(),
                ViolationKind::Empty,
                "a request needs a relative URL (`me`, `{page-id}/feed`…)",
            ));
        }
        let lower = self.path.to_ascii_lowercase();
        if self.raw && (lower.starts_with("http://") || lower.starts_with("https://")) {
            out.push(Violation::new(
                field.to_string(),
                ViolationKind::Malformed,
                "a batch URL is relative to the version (`me/accounts`), not a full URL",
            ));
        }
    }
}

impl fmt::Display for RelativeUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path)?;
        let encoded = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.query)
            .finish();
        let parts: Vec<&str> = self
            .raw_query
            .as_deref()
            .into_iter()
            .chain((!encoded.is_empty()).then_some(encoded.as_str()))
            .filter(|p| !p.is_empty())
            .collect();
        if !parts.is_empty() {
            write!(f, "?{}", parts.join("&"))?;
        }
        Ok(())
    }
}

impl From<&str> for RelativeUrl {
    /// A URL sent as is (encode it yourself).
    fn from(s: &str) -> Self {
        let (path, query) = match s.split_once('?') {
            Some((p, q)) => (p, Some(q.to_string())),
            None => (s, None),
        };
        RelativeUrl {
            path: path.to_string(),
            raw_query: query,
            query: Vec::new(),
            bad_segments: Vec::new(),
            raw: true,
        }
    }
}

impl From<String> for RelativeUrl {
    /// A URL sent as is (encode it yourself).
    fn from(s: String) -> Self {
        RelativeUrl::from(s.as_str())
    }
}

impl From<&PageId> for RelativeUrl {
    fn from(id: &PageId) -> Self {
        RelativeUrl::node(id.as_str())
    }
}

impl From<&PostId> for RelativeUrl {
    fn from(id: &PostId) -> Self {
        RelativeUrl::node(id.as_str())
    }
}

/// One request of a batch.
///
/// ```
/// use social_facebook::batch::{BatchRequest, RelativeUrl};
///
/// let read = BatchRequest::node("200000000000001").fields(["fan_count", "followers_count"]);
/// assert_eq!(read.relative_url(), "200000000000001?fields=fan_count%2Cfollowers_count");
/// let post = BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
///     .form([("message", "Closed on Friday")])
///     .name("post");
/// let comments = BatchRequest::get("{result=post:$.id}/comments").depends_on("post");
/// # let _ = (post, comments);
/// ```
#[derive(Clone, PartialEq)]
pub struct BatchRequest {
    pub(super) method: BatchMethod,
    url: RelativeUrl,
    body: Option<Vec<(String, String)>>,
    pub(super) name: Option<String>,
    pub(super) depends_on: Option<String>,
    omit_response_on_success: Option<bool>,
}

impl fmt::Debug for BatchRequest {
    // A request may carry its own `access_token` or `appsecret_proof` in its form: the values of
    // credential keys are hidden (the URL shows its query keys only).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.body.as_ref().map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| {
                    let v = if is_sensitive_key(k) {
                        REDACTED.to_string()
                    } else {
                        mask_text(v, &[])
                    };
                    (k.as_str(), v)
                })
                .collect::<Vec<_>>()
        });
        f.debug_struct("BatchRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("body", &body)
            .field("name", &self.name)
            .field("depends_on", &self.depends_on)
            .field("omit_response_on_success", &self.omit_response_on_success)
            .finish()
    }
}

impl BatchRequest {
    fn new(method: BatchMethod, url: RelativeUrl) -> Self {
        BatchRequest {
            method,
            url,
            body: None,
            name: None,
            depends_on: None,
            omit_response_on_success: None,
        }
    }

    /// A `GET` of `url` (a string is sent as is; see [`RelativeUrl`]).
    pub fn get(url: impl Into<RelativeUrl>) -> Self {
        Self::new(BatchMethod::Get, url.into())
    }

    /// A `POST` to `url`; its fields go in [`form`](Self::form).
    pub fn post(url: impl Into<RelativeUrl>) -> Self {
        Self::new(BatchMethod::Post, url.into())
    }

    /// A `DELETE` of `url`.
    pub fn delete(url: impl Into<RelativeUrl>) -> Self {
        Self::new(BatchMethod::Delete, url.into())
    }

    /// A `GET` of a node by id (encoded); add [`edge`](Self::edge) and [`query`](Self::query).
    pub fn node(id: impl AsRef<str>) -> Self {
        Self::get(RelativeUrl::node(id))
    }

    /// Appends an edge to the URL (encoded).
    pub fn edge(mut self, edge: impl AsRef<str>) -> Self {
        self.url = self.url.edge(edge);
        self
    }

    /// Appends a query parameter to the URL (encoded).
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.url = self.url.query(key, value);
        self
    }

    /// `fields=a,b,c` on the URL.
    pub fn fields<S: AsRef<str>>(mut self, fields: impl IntoIterator<Item = S>) -> Self {
        self.url = self.url.fields(fields);
        self
    }

    /// The form fields of a `POST` (sent form-encoded in the item's `body`).
    pub fn form<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.body = Some(
            pairs
                .into_iter()
                .map(|(k, v)| (k.into(), v.into()))
                .collect(),
        );
        self
    }

    /// Names the request, so a later one can [`depends_on`](Self::depends_on) it or use its
    /// result with a JSONPath reference (`{result=name:$.id}`).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// Runs this request after the earlier request named `name` (in the same batch).
    pub fn depends_on(mut self, name: impl Into<String>) -> Self {
        self.depends_on = Some(name.into());
        self
    }

    /// Whether Graph leaves out the answer when the request succeeds (Graph's default is `true`
    /// for requests another depends on).
    pub fn omit_response_on_success(mut self, omit: bool) -> Self {
        self.omit_response_on_success = Some(omit);
        self
    }

    /// The method.
    pub fn method(&self) -> BatchMethod {
        self.method
    }

    /// The relative URL as sent.
    pub fn relative_url(&self) -> String {
        self.url.to_string()
    }

    pub(super) fn violations(&self, i: usize, out: &mut Vec<Violation>) {
        self.url
            .violations(&format!("requests[{i}].relative_url"), out);
        if self.body.is_some() && self.method != BatchMethod::Post {
            out.push(Violation::new(
                format!("requests[{i}].body"),
                ViolationKind::Unsupported,
                format!(
                    "a {} carries no body: put its parameters in the query",
                    self.method
                ),
            ));
        }
        for (field, v) in [("name", &self.name), ("depends_on", &self.depends_on)] {
            if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
                out.push(Violation::new(
                    format!("requests[{i}].{field}"),
                    ViolationKind::Empty,
                    "a request name cannot be empty",
                ));
            }
        }
    }

    pub(super) fn to_json(&self) -> Value {
        let mut o = Map::new();
        o.insert("method".into(), self.method.as_str().into());
        o.insert("relative_url".into(), self.url.to_string().into());
        if let Some(body) = &self.body {
            let encoded = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(body)
                .finish();
            o.insert("body".into(), encoded.into());
        }
        if let Some(n) = &self.name {
            o.insert("name".into(), n.clone().into());
        }
        if let Some(d) = &self.depends_on {
            o.insert("depends_on".into(), d.clone().into());
        }
        if let Some(omit) = self.omit_response_on_success {
            o.insert("omit_response_on_success".into(), omit.into());
        }
        Value::Object(o)
    }

    /// Adds the values of the request's credentials (a per-request `access_token`, an
    /// `appsecret_proof`…) found in its form and query to `out`.
    pub(super) fn secrets(&self, out: &mut Vec<String>) {
        let raw_query = self
            .url
            .raw_query
            .iter()
            .flat_map(|q| url::form_urlencoded::parse(q.as_bytes()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()));
        let pairs = self
            .body
            .iter()
            .flatten()
            .chain(&self.url.query)
            .cloned()
            .chain(raw_query);
        for (k, v) in pairs {
            if is_sensitive_pair(&k, &v) && !v.is_empty() && !out.contains(&v) {
                out.push(v);
            }
        }
    }

    /// The item's endpoint for errors and logs: method and path, never the query (which may
    /// carry a token).
    pub(super) fn endpoint(&self, index: usize) -> String {
        format!("{} /{} (batch item {index})", self.method, self.url.path)
    }

    /// The Page a request's usage counts against: the owner of the first path segment when it
    /// is a numeric id (`{page-id}_{post-id}` → `page-id`).
    pub(super) fn page(&self) -> Option<String> {
        let first = self.url.path.split('/').next()?;
        let owner = first.split('_').next()?;
        (!owner.is_empty() && owner.bytes().all(|b| b.is_ascii_digit())).then(|| owner.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_encoded() {
        assert_eq!(encode_segment("a b/é?"), "a%20b%2F%C3%A9%3F");
        let url = RelativeUrl::node("..");
        let mut v = Vec::new();
        url.violations("u", &mut v);
        assert_eq!(v.len(), 1);
    }
}
