//! Shared set-up of the LinkedIn client tests: a wiremock server standing for the three hosts
//! (`/rest`, `/v2`, `/oauth/v2` under its root), a client on a manual clock (every wait is
//! recorded and returns at once), a fast retry policy without jitter, and helpers to read what
//! the client sent.
//!
//! Fixtures are written inline next to each test, shaped like the examples of LinkedIn's pages
//! on learn.microsoft.com; each test says which page.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::Value;
use social_core::auth::{AccessToken, ClientSecret};
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_linkedin::{LinkedInClient, LinkedInClientBuilder};
use wiremock::matchers::{method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

pub const TOKEN: &str = "AQVmember-token";
pub const CLIENT_ID: &str = "86abcdefg";
pub const CLIENT_SECRET: &str = "app-secret-xyz";
pub const REDIRECT_URI: &str = "https://app.example.com/linkedin/callback";
/// The member of the "URNs and IDs" page's example.
pub const MEMBER: &str = "urn:li:person:-f_Ut43FoQ";
pub const ORG: &str = "urn:li:organization:2414183";
/// The version the clients ask for (the crate's default).
pub const VERSION: &str = "202603";

/// 2026-12-05T09:00:00Z, the manual clock's start
/// (`python3 -c "import datetime as d;print(int(d.datetime(2026,12,5,9,0,tzinfo=d.timezone.utc).timestamp()))"`).
pub const NOW_UNIX: u64 = 1_796_461_200;
/// 2026-12-06T00:00:00Z, the next midnight UTC.
pub const MIDNIGHT_UNIX: u64 = 1_796_515_200;

pub fn at(unix: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(unix)
}

pub fn start() -> SystemTime {
    at(NOW_UNIX)
}

/// Three attempts, short virtual delays, no jitter.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(Jitter::None)
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(100))
        .max_retry_after(Duration::from_secs(60))
        .max_total_wait(Duration::from_secs(120))
}

/// A builder on the mock server (its root serves the three hosts) with the app credentials,
/// the fast policy and `clock`, but no token.
pub fn builder(server: &MockServer, clock: &ManualClock) -> LinkedInClientBuilder {
    LinkedInClient::builder()
        .base_url(server.uri())
        .client_id(CLIENT_ID)
        .client_secret(ClientSecret::new(CLIENT_SECRET))
        .redirect_uri(REDIRECT_URI)
        .retry_policy(fast_retry())
        .clock(Arc::new(clock.clone()))
}

/// The default client: the member's token, the clock at [`start`].
pub fn client(server: &MockServer) -> (LinkedInClient, ManualClock) {
    let clock = ManualClock::new(start());
    let c = builder(server, &clock)
        .access_token(AccessToken::new(TOKEN))
        .build()
        .unwrap();
    (c, clock)
}

pub fn json(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// LinkedIn's error envelope.
pub fn li_error(
    status: u16,
    service_code: Option<i64>,
    code: Option<&str>,
    message: &str,
) -> ResponseTemplate {
    let mut e = serde_json::json!({"status": status, "message": message});
    if let Some(c) = service_code {
        e["serviceErrorCode"] = c.into();
    }
    if let Some(c) = code {
        e["code"] = c.into();
    }
    json(status, e)
}

/// LinkedIn's `403 ACCESS_DENIED` for a token without the permission `resource` needs (the
/// message names the resource, method and version, e.g. `comments.GET_ALL.20260301`).
pub fn access_denied(resource: &str) -> ResponseTemplate {
    li_error(
        403,
        Some(100),
        Some("ACCESS_DENIED"),
        &format!("Not enough permissions to access: {resource}"),
    )
}

/// LinkedIn's throttle answer, a 429 with the message of the Rate Limiting page
/// (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits>).
pub fn throttled() -> ResponseTemplate {
    li_error(
        429,
        None,
        None,
        "Throttle limit for calls to this resource is reached.",
    )
}

/// `POST /rest/images?action=initializeUpload` answering `image` and an upload URL at `slot`
/// on the mock server (the sample of the Images API page,
/// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>);
/// not mounted, so a test can add `.expect(..)`.
pub fn image_initialized(server: &MockServer, image: &str, slot: &str) -> Mock {
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(json(
            200,
            serde_json::json!({"value": {"uploadUrl": format!("{}{slot}", server.uri()), "image": image}}),
        ))
}

/// Mounts `answers` on `verb` `route` in turn, each for its number of calls, then `after`
/// for every later call (wiremock tries mocks of one priority in mounting order).
pub async fn mount_in_turn(
    server: &MockServer,
    verb: &str,
    route: &str,
    answers: Vec<(ResponseTemplate, u64)>,
    after: ResponseTemplate,
) {
    for (answer, times) in answers {
        Mock::given(method(verb))
            .and(path(route))
            .respond_with(answer)
            .up_to_n_times(times)
            .mount(server)
            .await;
    }
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(after)
        .mount(server)
        .await;
}

/// Every `PUT` of bytes accepted with a `201`; not mounted.
pub fn put_accepted() -> Mock {
    Mock::given(method("PUT")).respond_with(ResponseTemplate::new(201))
}

/// A `201 Created` with an empty body and the new entity in `x-restli-id`.
pub fn created(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(201).insert_header("x-restli-id", id)
}

/// Every request received.
pub async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

pub fn header_of(req: &Request, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// The body as JSON.
pub fn body_json(req: &Request) -> Value {
    serde_json::from_slice(&req.body).unwrap()
}

/// The pairs of a form-encoded body.
pub fn form(req: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&req.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Matches a `/rest` call: the version, the protocol and the given Rest.li method, and the
/// member's token.
pub struct RestCall(pub &'static str);

impl Match for RestCall {
    fn matches(&self, req: &Request) -> bool {
        header_of(req, "linkedin-version").as_deref() == Some(VERSION)
            && header_of(req, "x-restli-protocol-version").as_deref() == Some("2.0.0")
            && header_of(req, "x-restli-method").as_deref() == Some(self.0)
            && header_of(req, "authorization").as_deref() == Some(&format!("Bearer {TOKEN}"))
    }
}

/// Matches the exact raw query string (`None`: no query).
pub struct RawQuery(pub Option<&'static str>);

impl Match for RawQuery {
    fn matches(&self, req: &Request) -> bool {
        req.url.query() == self.0
    }
}
