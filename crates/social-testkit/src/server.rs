//! [`FakeServer`]: wiremock with shared state, stateful routes and injected faults.

use std::fmt;
use std::net::{SocketAddr, TcpListener};

use regex::Regex;
use wiremock::{Match, Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::fault::{Fault, Faults};
use crate::state::Shared;

/// Priority of stateful routes: below wiremock's default (5), so a raw mock mounted through
/// [`FakeServer::mock_server`] overrides a route. Faults use 1, the highest.
const ROUTE_PRIORITY: u8 = 10;

/// The paths a route or a fault applies to. A `&str` converts to [`PathPattern::Exact`].
#[derive(Debug, Clone)]
pub enum PathPattern {
    /// Exactly this path, e.g. `/2/tweets`.
    Exact(String),
    /// Any path the regular expression matches; like wiremock's `path_regex`, it is not
    /// anchored unless you anchor it (`^/2/tweets/\d+$`).
    Regex(Regex),
}

impl PathPattern {
    /// A regular-expression pattern.
    ///
    /// # Panics
    /// If `pattern` is not a valid regex (a bug in the fake, reported with the pattern).
    ///
    /// ```
    /// let by_id = social_testkit::PathPattern::regex(r"^/2/tweets/\d+$");
    /// # let _ = by_id;
    /// ```
    #[track_caller]
    pub fn regex(pattern: &str) -> Self {
        match Regex::new(pattern) {
            Ok(regex) => PathPattern::Regex(regex),
            Err(e) => panic!("invalid path regex {pattern:?}: {e}"),
        }
    }

    pub(crate) fn matches(&self, path: &str) -> bool {
        match self {
            PathPattern::Exact(exact) => exact == path,
            PathPattern::Regex(regex) => regex.is_match(path),
        }
    }
}

impl From<&str> for PathPattern {
    fn from(path: &str) -> Self {
        PathPattern::Exact(path.to_owned())
    }
}

impl From<String> for PathPattern {
    fn from(path: String) -> Self {
        PathPattern::Exact(path)
    }
}

/// Method + path (below a prefix): the wiremock matcher of routes and scoped faults.
#[derive(Debug, Clone)]
pub(crate) struct Endpoint {
    method: String,
    prefix: String,
    path: PathPattern,
}

impl Endpoint {
    pub(crate) fn new(method: &str, prefix: &str, path: PathPattern) -> Self {
        Endpoint {
            method: method.to_owned(),
            prefix: prefix.to_owned(),
            path,
        }
    }
}

impl Match for Endpoint {
    fn matches(&self, request: &Request) -> bool {
        request.method.as_str() == self.method
            && below(request.url.path(), &self.prefix).is_some_and(|rest| self.path.matches(rest))
    }
}

/// The part of `path` below `prefix` (`/x/2/tweets` below `/x` is `/2/tweets`), if under it.
fn below<'p>(path: &'p str, prefix: &str) -> Option<&'p str> {
    match path.strip_prefix(prefix)? {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// `x`, `/x/` → `/x`; empty or `/` → no prefix.
fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        String::new()
    } else {
        format!("/{trimmed}")
    }
}

/// The wiremock responder of a route: consumes a pending [`Fault::Delay`], locks the state and
/// calls the handler with the request as the network would see it (prefix removed).
struct Stateful<T, F> {
    state: Shared<T>,
    handler: F,
    faults: Faults,
    prefix: String,
}

impl<T, F> Respond for Stateful<T, F>
where
    T: Send + 'static,
    F: Fn(&mut T, &Request) -> ResponseTemplate + Send + Sync + 'static,
{
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let delay = self.faults.take_delay(request);
        let response = if self.prefix.is_empty() {
            (self.handler)(&mut self.state.lock(), request)
        } else {
            let mut inner = request.clone();
            inner
                .url
                .set_path(below(request.url.path(), &self.prefix).unwrap_or("/"));
            (self.handler)(&mut self.state.lock(), &inner)
        };
        match delay {
            Some(delay) => response.set_delay(delay),
            None => response,
        }
    }
}

/// The routes a [`Fake`] adds, collected and then mounted under a path prefix by
/// [`FakeServer::mount`]. Paths are the network's own (`/2/tweets`); the prefix is applied
/// to matching and removed from the request the handler sees.
pub struct Routes {
    prefix: String,
    faults: Faults,
    mocks: Vec<Mock>,
}

impl Routes {
    /// The prefix these routes are mounted under (`""` or e.g. `/x`). Handlers see paths
    /// without it; use it to build absolute links (e.g. a `next` page URL).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// Adds a route answering `method` on `path` with `handler`, called with `state` locked.
    /// An example is on [`Fake`].
    pub fn add<T, F>(
        &mut self,
        state: &Shared<T>,
        method: &str,
        path: impl Into<PathPattern>,
        handler: F,
    ) -> &mut Self
    where
        T: Send + 'static,
        F: Fn(&mut T, &Request) -> ResponseTemplate + Send + Sync + 'static,
    {
        let path = path.into();
        let name = format!("{method} {}{path:?}", self.prefix);
        let responder = Stateful {
            state: state.clone(),
            handler,
            faults: self.faults.clone(),
            prefix: self.prefix.clone(),
        };
        let mock = Mock::given(Endpoint::new(method, &self.prefix, path))
            .respond_with(responder)
            .with_priority(ROUTE_PRIORITY)
            .named(name);
        self.mocks.push(mock);
        self
    }
}

impl fmt::Debug for Routes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Routes")
            .field("prefix", &self.prefix)
            .field("routes", &self.mocks.len())
            .finish()
    }
}

/// A network fake: its state and the routes that speak the network's wire format. It can be
/// mounted alone on a test's [`FakeServer`] or under `/{name}` in the [`Sandbox`](crate::Sandbox).
///
/// ```
/// use social_testkit::{Fake, FakeServer, Routes, Shared};
/// use wiremock::ResponseTemplate;
///
/// #[derive(Default)]
/// struct Echo {
///     calls: Shared<u32>,
/// }
///
/// impl Fake for Echo {
///     fn name(&self) -> &'static str {
///         "echo"
///     }
///     fn routes(&self, routes: &mut Routes) {
///         routes.add(&self.calls, "GET", "/echo", |calls: &mut u32, _: &wiremock::Request| {
///             *calls += 1;
///             ResponseTemplate::new(200).set_body_json(serde_json::json!({ "calls": *calls }))
///         });
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = FakeServer::start(()).await;
/// server.mount("/echo-api", &Echo::default()).await; // answers GET {uri}/echo-api/echo
/// # }
/// ```
pub trait Fake: Send + Sync {
    /// A short lowercase name (`x`, `facebook`, `linkedin`); the sandbox mounts the fake
    /// under `/{name}` and lists it on `GET /health`.
    fn name(&self) -> &'static str;

    /// Adds this fake's routes.
    fn routes(&self, routes: &mut Routes);
}

/// A local HTTP server for tests: a [`wiremock::MockServer`], shared state `S`, stateful
/// routes and a queue of injected [`Fault`]s.
///
/// Matching order: injected faults first, then raw mocks added through
/// [`mock_server`](Self::mock_server) (wiremock's default priority), then routes; anything
/// else gets wiremock's empty 404.
///
/// ```
/// use std::collections::BTreeMap;
/// use social_testkit::{FakeServer, PathPattern};
/// use wiremock::{Request, ResponseTemplate};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let server = FakeServer::start(BTreeMap::<u64, String>::new()).await;
/// server
///     .route("POST", "/posts", |posts: &mut BTreeMap<u64, String>, req: &Request| {
///         let id = posts.len() as u64 + 1;
///         posts.insert(id, String::from_utf8_lossy(&req.body).into_owned());
///         ResponseTemplate::new(201).set_body_json(serde_json::json!({ "id": id }))
///     })
///     .await;
/// server
///     .route("GET", PathPattern::regex(r"^/posts/\d+$"), |posts: &mut BTreeMap<u64, String>, req: &Request| {
///         let id: u64 = req.url.path().rsplit('/').next().unwrap_or("").parse().unwrap_or(0);
///         match posts.get(&id) {
///             Some(text) => ResponseTemplate::new(200).set_body_json(serde_json::json!({ "text": text })),
///             None => ResponseTemplate::new(404),
///         }
///     })
///     .await;
/// // A client pointed at `server.uri()` can now create a post and read it back.
/// # }
/// ```
pub struct FakeServer<S = ()> {
    server: MockServer,
    state: Shared<S>,
    faults: Faults,
}

impl<S: Send + 'static> FakeServer<S> {
    /// Starts a server on a random free port of 127.0.0.1.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = social_testkit::FakeServer::start(()).await;
    /// assert!(server.uri().starts_with("http://127.0.0.1:"));
    /// # }
    /// ```
    pub async fn start(state: S) -> Self {
        Self::with(MockServer::start().await, state).await
    }

    /// Starts a server on `listener`, e.g. bound to a fixed port.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    /// let address = listener.local_addr().unwrap();
    /// let server = social_testkit::FakeServer::start_on(listener, ()).await;
    /// assert_eq!(server.address(), address);
    /// # }
    /// ```
    pub async fn start_on(listener: TcpListener, state: S) -> Self {
        Self::with(
            MockServer::builder().listener(listener).start().await,
            state,
        )
        .await
    }

    async fn with(server: MockServer, state: S) -> Self {
        let faults = Faults::default();
        faults.mount(&server).await;
        FakeServer {
            server,
            state: Shared::new(state),
            faults,
        }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The socket address the server listens on.
    pub fn address(&self) -> SocketAddr {
        *self.server.address()
    }

    /// A handle on the state, to arrange it before requests or inspect it after.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = social_testkit::FakeServer::start(vec![1, 2]).await;
    /// server.state().lock().push(3);
    /// assert_eq!(server.state().with(|v| v.len()), 3);
    /// # }
    /// ```
    pub fn state(&self) -> Shared<S> {
        self.state.clone()
    }

    /// The underlying wiremock server, to mount raw mocks. A raw mock with wiremock's default
    /// priority answers before the routes; injected faults still come first.
    ///
    /// ```
    /// use wiremock::{matchers::path, Mock, ResponseTemplate};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = social_testkit::FakeServer::start(()).await;
    /// Mock::given(path("/teapot"))
    ///     .respond_with(ResponseTemplate::new(418))
    ///     .mount(server.mock_server())
    ///     .await;
    /// # }
    /// ```
    pub fn mock_server(&self) -> &MockServer {
        &self.server
    }

    /// Every request received so far, in order (faults and unmatched requests included).
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = social_testkit::FakeServer::start(()).await;
    /// assert!(server.received_requests().await.is_empty());
    /// # }
    /// ```
    pub async fn received_requests(&self) -> Vec<Request> {
        self.server.received_requests().await.unwrap_or_default()
    }

    /// Answers `method` on `path` with `handler`, called with the state locked. The example is
    /// on [`FakeServer`].
    pub async fn route<F>(&self, method: &str, path: impl Into<PathPattern>, handler: F)
    where
        F: Fn(&mut S, &Request) -> ResponseTemplate + Send + Sync + 'static,
    {
        let mut routes = self.routes("");
        routes.add(&self.state, method, path, handler);
        self.register(routes).await;
    }

    /// Mounts `fake`'s routes under `prefix` (`""` for the server's root). The example is on
    /// [`Fake`].
    pub async fn mount(&self, prefix: &str, fake: &dyn Fake) {
        let mut routes = self.routes(prefix);
        fake.routes(&mut routes);
        self.register(routes).await;
    }

    fn routes(&self, prefix: &str) -> Routes {
        Routes {
            prefix: normalize_prefix(prefix),
            faults: self.faults.clone(),
            mocks: Vec::new(),
        }
    }

    async fn register(&self, routes: Routes) {
        for mock in routes.mocks {
            self.server.register(mock).await;
        }
    }

    /// Queues `fault` for the next `times` requests, whatever their method and path. Faults
    /// fire in the order they were queued; normal handling resumes when none is left. See
    /// [`Fault`] for what each one does.
    ///
    /// # Panics
    /// If `times` is 0.
    ///
    /// ```
    /// use social_testkit::{Fault, FakeServer};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = FakeServer::start(()).await;
    /// server.inject(Fault::status(503), 2); // two 503s, then the normal answers
    /// assert_eq!(server.pending_faults(), 2);
    /// # }
    /// ```
    #[track_caller]
    pub fn inject(&self, fault: Fault, times: u64) {
        self.faults.push(fault, times, None);
    }

    /// Like [`inject`](Self::inject), for requests with `method` on `path` only.
    ///
    /// # Panics
    /// If `times` is 0.
    ///
    /// ```
    /// use social_testkit::{Fault, FakeServer};
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = FakeServer::start(()).await;
    /// server.inject_on("POST", "/2/tweets", Fault::Drop, 1);
    /// # }
    /// ```
    #[track_caller]
    pub fn inject_on(&self, method: &str, path: impl Into<PathPattern>, fault: Fault, times: u64) {
        self.faults
            .push(fault, times, Some(Endpoint::new(method, "", path.into())));
    }

    /// How many injected fault responses are still to be served.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// let server = social_testkit::FakeServer::start(()).await;
    /// assert_eq!(server.pending_faults(), 0);
    /// # }
    /// ```
    pub fn pending_faults(&self) -> u64 {
        self.faults.pending()
    }
}

impl<S> fmt::Debug for FakeServer<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer")
            .field("uri", &self.server.uri())
            .field("faults", &self.faults)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_strip_on_segment_boundaries() {
        assert_eq!(below("/x/2/tweets", "/x"), Some("/2/tweets"));
        assert_eq!(below("/x", "/x"), Some("/"));
        assert_eq!(below("/xyz/2", "/x"), None);
        assert_eq!(below("/2/tweets", ""), Some("/2/tweets"));
        assert_eq!(normalize_prefix("x/"), "/x");
        assert_eq!(normalize_prefix("/"), "");
    }
}
