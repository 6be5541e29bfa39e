//! Shared set-up of the X client tests: a wiremock server, a client on a virtual clock, and
//! fixtures shaped like the examples of X's documentation.
#![allow(dead_code)]

use std::sync::Arc;

use serde_json::{Value, json};
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
