//! The sandbox: every network fake on one local server, each under `/{name}`.

use std::net::TcpListener;

use wiremock::ResponseTemplate;

use crate::facebook::GraphFake;
use crate::linkedin::LinkedInFake;
use crate::server::{Fake, FakeServer};
use crate::x::XFake;

/// The fakes the sandbox serves, one line each: X ([`XFake::demo`], with the fixed tokens
/// `sandbox-user-token` and `sandbox-app-token`), Facebook Graph ([`GraphFake::demo`]: the
/// user token `sandbox-fb-user-token`, the Page token `sandbox-fb-page-token`, the app
/// `sandbox-app` with the secret `sandbox-app-secret`, `appsecret_proof` required) and
/// LinkedIn ([`LinkedInFake::demo`]: the member tokens `sandbox-li-member-token`, every scope,
/// and `sandbox-li-self-serve-token`, self-serve scopes; the app `sandbox-li-client` with the
/// secret `sandbox-li-secret`).
///
/// ```
/// let names: Vec<_> = social_testkit::fakes().iter().map(|fake| fake.name()).collect();
/// assert_eq!(names, ["x", "facebook", "linkedin"]);
/// ```
pub fn fakes() -> Vec<Box<dyn Fake>> {
    vec![
        Box::new(XFake::demo()),
        Box::new(GraphFake::demo()),
        Box::new(LinkedInFake::demo()),
    ]
}

/// A [`FakeServer`] serving the given fakes, each under `/{name}` (point a client's base URL
/// at `{uri}/x`, a Graph client's at `{uri}/facebook`, a LinkedIn client's at
/// `{uri}/linkedin/rest`, `{uri}/linkedin/v2` and `{uri}/linkedin/oauth/v2`), and
/// `GET /health` → `{"status":"ok","fakes":[names]}`.
///
/// ```
/// use social_testkit::{Sandbox, fakes};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() {
/// let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
/// let sandbox = Sandbox::start(listener, fakes()).await;
/// assert_eq!(sandbox.names(), ["x", "facebook", "linkedin"]); // X under {uri}/x/2/…, Graph under {uri}/facebook/v26.0/…
/// # }
/// ```
#[derive(Debug)]
pub struct Sandbox {
    server: FakeServer<()>,
    names: Vec<&'static str>,
}

impl Sandbox {
    /// Serves `fakes` on `listener`.
    pub async fn start(listener: TcpListener, fakes: Vec<Box<dyn Fake>>) -> Self {
        let server = FakeServer::start_on(listener, ()).await;
        for fake in &fakes {
            server.mount(fake.name(), fake.as_ref()).await;
        }
        let names: Vec<_> = fakes.iter().map(|fake| fake.name()).collect();
        let health = serde_json::json!({ "status": "ok", "fakes": names });
        server
            .route(
                "GET",
                "/health",
                move |_: &mut (), _: &wiremock::Request| {
                    ResponseTemplate::new(200).set_body_json(&health)
                },
            )
            .await;
        Sandbox { server, names }
    }

    /// The base URL, `http://127.0.0.1:PORT`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// The names of the mounted fakes, each served under `/{name}`.
    pub fn names(&self) -> &[&'static str] {
        &self.names
    }

    /// The underlying server, e.g. to inject faults.
    pub fn server(&self) -> &FakeServer<()> {
        &self.server
    }
}
