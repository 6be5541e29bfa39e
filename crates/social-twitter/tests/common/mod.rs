//! Shared set-up of the X client tests: a wiremock server, a client on a virtual clock, and
//! fixtures shaped like the examples of X's documentation.
#![allow(dead_code)]

use std::fmt::Debug;
use std::future::Future;
use std::sync::Arc;

use serde_json::{Value, json};
use social_core::Error;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_twitter::TwitterClient;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const USER_TOKEN: &str = "user-token";
pub const ME: &str = "2244994945";

pub fn builder(server: &MockServer, clock: &ManualClock) -> social_twitter::TwitterClientBuilder {
    TwitterClient::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
}

/// A user-context client.
pub fn user_client(server: &MockServer) -> (TwitterClient, ManualClock) {
    let clock = ManualClock::starting_now();
    let c = builder(server, &clock)
        .user_token(AccessToken::new(USER_TOKEN))
        .build()
        .unwrap();
    (c, clock)
}

/// An app-only client.
pub fn app_client(server: &MockServer) -> TwitterClient {
    let clock = ManualClock::starting_now();
    builder(server, &clock)
        .app_token(AccessToken::new("app-token"))
        .build()
        .unwrap()
}

/// `GET /2/users/me`, as the docs show it.
pub async fn mount_me(server: &MockServer) {
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .and(header(
            "authorization",
            format!("Bearer {USER_TOKEN}").as_str(),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": {"id": ME, "name": "X Dev", "username": "XDevelopers"}
        })))
        .mount(server)
        .await;
}

/// An act-and-undo pair on the authenticated user (`ME`), each expected once:
/// `POST /2/users/{ME}/{collection}` with `{"tweet_id": post}` answering `done`, and
/// `DELETE /2/users/{ME}/{collection}/{post}` answering `undone` (the likes and retweets pairs
/// of <https://api.x.com/2/openapi.json>).
pub async fn mount_act_and_undo(
    server: &MockServer,
    collection: &str,
    post: &str,
    done: Value,
    undone: Value,
) {
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/{collection}")))
        .and(wiremock::matchers::body_json(json!({"tweet_id": post})))
        .respond_with(ok(done))
        .expect(1)
        .mount(server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/2/users/{ME}/{collection}/{post}")))
        .respond_with(ok(undone))
        .expect(1)
        .mount(server)
        .await;
}

pub fn ok(body: Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

pub fn problem(status: u16, body: Value) -> ResponseTemplate {
    ResponseTemplate::new(status)
        .insert_header("content-type", "application/problem+json")
        .set_body_json(body)
}

/// A 200 with only the partial error of a post X does not find, as
/// https://docs.x.com/x-api/fundamentals/response-codes-and-errors shows it.
pub fn post_not_found(parameter: &str, id: &str) -> ResponseTemplate {
    ok(json!({"errors": [{
        "value": id, "detail": format!("Could not find tweet with {parameter}: [{id}]."),
        "title": "Not Found Error", "resource_type": "tweet", "parameter": parameter,
        "resource_id": id, "type": "https://api.x.com/2/problems/resource-not-found"
    }]}))
}

pub fn tweet(id: &str, text: &str) -> Value {
    json!({"id": id, "text": text, "edit_history_tweet_ids": [id]})
}

pub async fn requests(server: &MockServer, m: &str, p: &str) -> Vec<wiremock::Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.method.as_str() == m && r.url.path() == p)
        .collect()
}

/// The error answers every area's endpoints are checked against (DESIGN.md, "Testing"), each on a
/// fresh server with `call` made by a user-context client on `method` `path` (the rate-limit
/// bucket `endpoint`):
/// - a JSON `invalid-request` problem (a 400 whose parameter messages X puts in `errors`,
///   <https://docs.x.com/x-api/fundamentals/response-codes-and-errors>): `Error::Api` with the
///   status and X's message;
/// - an HTML 503 page: retried (every endpoint checked here is safe to repeat), then the status and
///   a snippet of the page;
/// - a 429 with X's `x-rate-limit-*` headers
///   (<https://docs.x.com/x-api/fundamentals/rate-limits>): `Error::RateLimited` with the window,
///   and the next call refused without sending.
pub async fn check_error_answers<T: Debug, Fut: Future<Output = social_core::Result<T>>>(
    m: &str,
    p: &str,
    endpoint: &str,
    call: impl Fn(TwitterClient) -> Fut,
) {
    let answers = [
        problem(
            400,
            json!({
                "errors": [{"parameters": {"id": ["x"]}, "message": "The `id` query parameter value [x] is not valid"}],
                "title": "Invalid Request",
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request"
            }),
        ),
        ResponseTemplate::new(503).set_body_string("<html><h1>503 Service Unavailable</h1></html>"),
        problem(429, json!({"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"}))
            .insert_header("x-rate-limit-limit", "75")
            .insert_header("x-rate-limit-remaining", "0")
            .insert_header("x-rate-limit-reset", in_ten_minutes().as_str()),
    ];
    for (case, answer) in answers.into_iter().enumerate() {
        let server = MockServer::start().await;
        mount_me(&server).await;
        Mock::given(method(m))
            .and(path(p))
            .respond_with(answer)
            .mount(&server)
            .await;
        let (x, _) = user_client(&server);
        let err = call(x.clone()).await.unwrap_err();
        let sent = requests(&server, m, p).await.len();
        match case {
            0 => {
                assert_eq!(err.status(), Some(400), "{endpoint}: {err:?}");
                assert!(
                    err.to_string().contains("is not valid"),
                    "{endpoint}: {err}"
                );
                assert_eq!(sent, 1, "{endpoint}: a 400 is not retried");
            }
            1 => {
                assert_eq!(err.status(), Some(503), "{endpoint}: {err:?}");
                let snippet = &err.api_error().unwrap().body_snippet;
                assert!(
                    snippet.contains("Service Unavailable"),
                    "{endpoint}: {snippet}"
                );
                assert_eq!(sent, 3, "{endpoint}: retried");
            }
            _ => {
                let Error::RateLimited { rate_limit, .. } = &err else {
                    panic!("{endpoint}: {err:?}")
                };
                let window = rate_limit.as_ref().unwrap();
                assert_eq!(
                    (window.bucket.as_str(), window.remaining),
                    (endpoint, Some(0))
                );
                let again = call(x).await.unwrap_err();
                assert!(
                    matches!(again, Error::RateLimited { api: None, .. }),
                    "{again:?}"
                );
                assert_eq!(
                    requests(&server, m, p).await.len(),
                    1,
                    "{endpoint}: refused locally"
                );
            }
        }
    }
}

/// A Unix time ten minutes from now, as X's `x-rate-limit-reset` writes it.
pub fn in_ten_minutes() -> String {
    (std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 600)
        .to_string()
}
