//! Shared set-up of the Graph client tests: a wiremock server, a client on a manual clock (never
//! tokio's paused clock: it is flaky with real sockets), a fast retry policy without jitter, and
//! helpers to read what the client sent (form bodies, query parameters).
//!
//! Fixtures are written inline next to each test, shaped like the examples of the Graph
//! documentation (<https://developers.facebook.com/docs/graph-api>); each test names the page.
#![allow(dead_code)]

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use serde_json::{Value, json};
use social_core::auth::{AccessToken, AppSecret};
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_facebook::{FacebookClient, FacebookClientBuilder};
use wiremock::{Match, MockServer, Request, ResponseTemplate};

/// The token of the default test client (a Page token).
pub const PAGE_TOKEN: &str = "page-token";
/// A user token, for the calls made as a person (`/me/accounts`, `/me/permissions`).
pub const USER_TOKEN: &str = "user-token";
pub const APP_ID: &str = "1234567890";
pub const APP_SECRET: &str = "app-secret";
pub const PAGE_ID: &str = "200000000000001";
/// The version the clients ask for (the crate's default).
pub const VERSION: &str = "v26.0";

// python3 -c "import hmac,hashlib;print(hmac.new(b'app-secret',b'page-token',hashlib.sha256).hexdigest())"
pub const PAGE_PROOF: &str = "d8b448b9cc7d64c51098271805b3cc20b5b715e52bd587eb71b610259587c856";
// python3 -c "import hmac,hashlib;print(hmac.new(b'app-secret',b'user-token',hashlib.sha256).hexdigest())"
pub const USER_PROOF: &str = "b5a94d985eb7b68467d28ca5375162d12b9ca8fe238615acc927c8a9c08d2e95";

/// 2026-11-25T09:00:00Z, the manual clock's start
/// (`python3 -c "import datetime;print(int(datetime.datetime(2026,11,25,9,0,tzinfo=datetime.timezone.utc).timestamp()))"`).
pub const NOW_UNIX: u64 = 1_795_597_200;

pub fn start() -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_secs(NOW_UNIX)
}

pub fn start_utc() -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_timestamp(NOW_UNIX as i64, 0).unwrap()
}

/// Three attempts, short virtual delays, no jitter.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(Jitter::None)
        .max_attempts(3)
        .base_delay(Duration::from_millis(10))
        .max_delay(Duration::from_millis(100))
        .max_retry_after(Duration::from_secs(30))
        .max_total_wait(Duration::from_secs(60))
}

/// A builder on the mock server with the app credentials, the fast policy and `clock`, but no
/// token.
pub fn builder(server: &MockServer, clock: &ManualClock) -> FacebookClientBuilder {
    FacebookClient::builder()
        .base_url(server.uri())
        .app_id(APP_ID)
        .app_secret(AppSecret::new(APP_SECRET))
        .retry_policy(fast_retry())
        .clock(Arc::new(clock.clone()))
}

/// The default client: signed with [`PAGE_TOKEN`] and [`APP_SECRET`].
pub fn client(server: &MockServer) -> (FacebookClient, ManualClock) {
    client_with_token(server, PAGE_TOKEN)
}

/// A client signed with `token` (and the app secret).
pub fn client_with_token(server: &MockServer, token: &str) -> (FacebookClient, ManualClock) {
    let clock = ManualClock::new(start());
    let c = builder(server, &clock)
        .access_token(AccessToken::new(token))
        .build()
        .unwrap();
    (c, clock)
}

/// The Graph path of `rest` under the client's version: `p("me/accounts")` → `/v26.0/me/accounts`.
pub fn p(rest: &str) -> String {
    format!("/{VERSION}/{rest}")
}

pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub fn success() -> ResponseTemplate {
    ok(json!({"success": true}))
}

/// An error in the documented shape (<https://developers.facebook.com/docs/graph-api/guides/error-handling>).
pub fn graph_error(
    status: u16,
    code: i64,
    subcode: Option<i64>,
    message: &str,
) -> ResponseTemplate {
    let mut e = json!({
        "message": message,
        "type": "OAuthException",
        "code": code,
        "fbtrace_id": "AbCdEfGh123"
    });
    if let Some(s) = subcode {
        e["error_subcode"] = json!(s);
    }
    ResponseTemplate::new(status).set_body_json(json!({ "error": e }))
}

/// Every request received with this method and path.
pub async fn requests(server: &MockServer, method: &str, path: &str) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == method && r.url.path() == path)
        .collect()
}

/// Every request received.
pub async fn all_requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.unwrap()
}

/// The pairs of a form-encoded body.
pub fn form(req: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&req.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The value of one form field (the first).
pub fn form_value(req: &Request, key: &str) -> Option<String> {
    form(req)
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Every query pair of the request, decoded.
pub fn query(req: &Request) -> Vec<(String, String)> {
    req.url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// Every value of one query parameter.
pub fn query_values(req: &Request, key: &str) -> Vec<String> {
    query(req)
        .into_iter()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v)
        .collect()
}

/// The one value of a query parameter; fails the test if it is missing or repeated.
pub fn query_one(req: &Request, key: &str) -> String {
    let v = query_values(req, key);
    assert_eq!(v.len(), 1, "`{key}` sent {} times in {}", v.len(), req.url);
    v.into_iter().next().unwrap()
}

pub fn header_value(req: &Request, name: &str) -> Option<String> {
    req.headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
}

/// Matches a form-encoded body holding `key=value` (compared after decoding).
pub struct FormField(String, String);

impl Match for FormField {
    fn matches(&self, req: &Request) -> bool {
        form(req).iter().any(|(k, v)| *k == self.0 && *v == self.1)
    }
}

pub fn form_field(key: &str, value: &str) -> FormField {
    FormField(key.to_string(), value.to_string())
}

/// Matches a request signed with `token` and its `appsecret_proof`, both in the query string,
/// each exactly once.
pub struct SignedWith(String, String);

impl Match for SignedWith {
    fn matches(&self, req: &Request) -> bool {
        query_values(req, "access_token") == [self.0.clone()]
            && query_values(req, "appsecret_proof") == [self.1.clone()]
    }
}

/// Signed with the default client's Page token.
pub fn page_signed() -> SignedWith {
    SignedWith(PAGE_TOKEN.into(), PAGE_PROOF.into())
}

/// Signed with [`USER_TOKEN`].
pub fn user_signed() -> SignedWith {
    SignedWith(USER_TOKEN.into(), USER_PROOF.into())
}

pub fn signed_with(token: &str, proof: &str) -> SignedWith {
    SignedWith(token.into(), proof.into())
}
