//! # social-testkit
//!
//! The machinery the offline fakes of X, Facebook Graph and LinkedIn share, so tests (and the
//! `social-sandbox` binary) can exercise the clients without a network or credentials:
//!
//! - [`FakeServer`]: a [`wiremock::MockServer`] plus shared mutable state ([`Shared`]) and
//!   stateful routes, so a post created by one request can be read back by the next;
//! - [`Fault`]: scripted faults (an error status, a delay, a dropped connection) consumed in
//!   order before the normal handlers answer;
//! - [`RawServer`]: a raw TCP server for what wiremock cannot send (a truncated body, garbage,
//!   a connection closed after the request, a slow drip);
//! - [`Fixtures`]: JSON and byte fixtures read from a crate's `tests/fixtures/`;
//! - [`Fake`] and [`Sandbox`]: a network fake describes its routes once and can be mounted
//!   alone in a test or under a path prefix in the sandbox.
//!
//! The network fakes: [`x::XFake`] (X API v2), [`facebook::GraphFake`] (the Facebook Graph
//! API for Pages) and [`linkedin::LinkedInFake`] (LinkedIn's sign-in, OAuth and Posts APIs);
//! each fake is one line in [`fakes`].
//!
//! ```
//! use social_testkit::FakeServer;
//! use wiremock::ResponseTemplate;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! // The state: the texts of the posts created so far.
//! let server = FakeServer::start(Vec::<String>::new()).await;
//! server
//!     .route("POST", "/posts", |posts: &mut Vec<String>, request: &wiremock::Request| {
//!         posts.push(String::from_utf8_lossy(&request.body).into_owned());
//!         ResponseTemplate::new(201)
//!     })
//!     .await;
//! // … point a client at `server.uri()`, then:
//! assert!(server.state().lock().is_empty());
//! # }
//! ```

mod clock;
pub mod facebook;
mod fault;
mod fixtures;
mod injected;
pub mod linkedin;
pub mod logs;
mod multipart;
mod raw;
mod sandbox;
mod server;
mod state;
pub mod x;

pub use clock::FakeClock;
pub use fault::Fault;
pub use fixtures::Fixtures;
pub use raw::{RawServer, Step};
pub use sandbox::{Sandbox, fakes};
pub use server::{Fake, FakeServer, PathPattern, Routes};
pub use state::Shared;
