//! The escape hatch: [`Raw`] requests to endpoints the SDK has not typed yet.

use http::{HeaderName, HeaderValue, Method};
use serde::Serialize;

use super::request::{Idempotency, RequestSpec};
use super::response::Response;
use super::transport::Transport;
use crate::error::Result;

/// Untyped requests for endpoints the SDK has not typed yet, with the client's auth, retries,
/// rate limits and error mapping. Get one from a client's `raw()`.
///
/// The path is relative to the client's base URL and written as plain text: each
/// `/`-separated part is percent-encoded as a segment (so do not pre-encode it: `%3A` would be
/// sent as `%253A`), and query parameters go in [`RawRequest::query`], not in the path.
///
/// A raw call is named by the dialect's [`route`](super::ApiDialect::route) (ids written `:id`), so
/// when it goes to a route the SDK has typed it counts against that endpoint's rate-limit
/// bucket: a raw `GET 2/tweets/1234` waits for, and updates, the window of the typed
/// `GET /2/tweets/:id`.
///
/// ```no_run
/// # async fn run(transport: social_core::http::Transport) -> social_core::Result<()> {
/// let body: serde_json::Value = transport
///     .raw()
///     .get("2/users/by/username/XDevelopers")
///     .query("user.fields", "public_metrics")
///     .send()
///     .await?
///     .json()?;
/// # let _ = body; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Raw {
    transport: Transport,
}

impl Transport {
    /// The escape hatch: untyped requests that reuse auth, retries, rate limits and error mapping.
    pub fn raw(&self) -> Raw {
        Raw {
            transport: self.clone(),
        }
    }
}

impl Raw {
    /// A request with any method.
    pub fn request(&self, method: Method, path: &str) -> RawRequest {
        let mut spec = RequestSpec::new(method.clone(), "");
        for part in path.split('/').filter(|p| !p.is_empty()) {
            spec = spec.segment(part);
        }
        let parts: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
        spec = spec.endpoint(self.transport.dialect().route(&method, &parts));
        if path.contains("//") {
            // An empty inner segment: let URL building refuse it.
            spec = spec.segment("");
        }
        RawRequest {
            transport: self.transport.clone(),
            spec,
        }
    }

    /// A `GET` (safe: retried).
    pub fn get(&self, path: &str) -> RawRequest {
        self.request(Method::GET, path)
    }

    /// A `POST` (unsafe by default: never replayed once it may have reached the server).
    pub fn post(&self, path: &str) -> RawRequest {
        self.request(Method::POST, path)
    }

    /// A `PUT`.
    pub fn put(&self, path: &str) -> RawRequest {
        self.request(Method::PUT, path)
    }

    /// A `PATCH`.
    pub fn patch(&self, path: &str) -> RawRequest {
        self.request(Method::PATCH, path)
    }

    /// A `DELETE`.
    pub fn delete(&self, path: &str) -> RawRequest {
        self.request(Method::DELETE, path)
    }
}

/// An untyped request being built. See [`Raw`].
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct RawRequest {
    transport: Transport,
    spec: RequestSpec,
}

impl RawRequest {
    /// Adds a query parameter.
    pub fn query(mut self, key: impl Into<String>, value: impl ToString) -> Self {
        self.spec = self.spec.query(key, value);
        self
    }

    /// Adds a header.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.spec = self.spec.header(name, value);
        self
    }

    /// Sets a JSON body.
    pub fn json<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        self.spec = self.spec.json(body);
        self
    }

    /// Sets a form body.
    pub fn form<K: Into<String>, V: Into<String>>(
        mut self,
        pairs: impl IntoIterator<Item = (K, V)>,
    ) -> Self {
        self.spec = self.spec.form(pairs);
        self
    }

    /// Sends to another host than the client's (an upload host, for instance).
    pub fn base_url(mut self, url: url::Url) -> Self {
        self.spec = self.spec.base_url(url);
        self
    }

    /// Sends without the client's credentials.
    pub fn unauthenticated(mut self) -> Self {
        self.spec = self.spec.unauthenticated();
        self
    }

    /// Marks a value sent in the request (in a header or the body) as secret, so error
    /// snippets mask it.
    pub fn sensitive(mut self, value: impl Into<String>) -> Self {
        self.spec = self.spec.sensitive(value);
        self
    }

    /// Marks the response as secret (it carries credentials: a token endpoint, a Graph read of
    /// `access_token`): errors then keep no snippet of its body, and
    /// [`Response::json`] failures say how many bytes were withheld instead.
    ///
    /// ```no_run
    /// # async fn run(transport: social_core::http::Transport) -> social_core::Result<()> {
    /// let page: serde_json::Value = transport
    ///     .raw()
    ///     .get("200000000000001")
    ///     .query("fields", "access_token")
    ///     .secret_response()
    ///     .send()
    ///     .await?
    ///     .json()?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn secret_response(mut self) -> Self {
        self.spec = self.spec.secret_response();
        self
    }

    /// Declares how safe the request is to repeat (e.g. a `POST` that likes a post is idempotent).
    pub fn idempotency(mut self, idempotency: Idempotency) -> Self {
        self.spec = self.spec.with_idempotency(idempotency);
        self
    }

    /// The request as data.
    pub fn spec(&self) -> &RequestSpec {
        &self.spec
    }

    /// Sends the request.
    pub async fn send(self) -> Result<Response> {
        self.transport.execute(self.spec).await
    }
}
