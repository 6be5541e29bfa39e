//! The escape hatch: untyped calls reuse auth, retries and error mapping.

use std::sync::Arc;
use std::time::Duration;

use social_core::Error;
use social_core::auth::{AccessToken, BearerAuth};
use social_core::clock::ManualClock;
use social_core::http::{Idempotency, Jitter, RetryPolicy};
use social_tests::TestClient;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn transport(server: &MockServer, clock: &ManualClock) -> social_core::http::Transport {
    TestClient::builder(&server.uri())
        .authenticator(Arc::new(BearerAuth::new(AccessToken::new("tok"))))
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

#[tokio::test]
async fn raw_get_reuses_auth_retries_and_query_building() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/by/username/Jane%20Doe"))
        .and(query_param("user.fields", "public_metrics,created_at"))
        .and(header("authorization", "Bearer tok"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/by/username/Jane%20Doe"))
        .and(header("authorization", "Bearer tok"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"id": "9"}})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_now();
    let t = transport(&server, &clock).await;
    let v: serde_json::Value = t
        .raw()
        .get("/2/users/by/username/Jane Doe")
        .query("user.fields", "public_metrics,created_at")
        .send()
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(v["data"]["id"], "9");
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);
}

#[tokio::test]
async fn raw_post_is_unsafe_unless_declared_idempotent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/users/1/likes"))
        .and(body_json(serde_json::json!({"tweet_id": "5"})))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    let clock = ManualClock::starting_now();
    let t = transport(&server, &clock).await;
    let body = serde_json::json!({"tweet_id": "5"});
    let err = t
        .raw()
        .post("2/users/1/likes")
        .json(&body)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 1);

    // Liking twice changes nothing: declared idempotent, it is retried like a read.
    let err = t
        .raw()
        .post("2/users/1/likes")
        .json(&body)
        .idempotency(Idempotency::Idempotent)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert_eq!(server.received_requests().await.unwrap().len(), 4);
}

#[tokio::test]
async fn raw_paths_cannot_escape() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_now();
    let t = transport(&server, &clock).await;
    for p in ["2/../admin", "2/./x", "a//b"] {
        let err = t.raw().get(p).send().await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{p}: {err:?}");
    }
}

// ----- raw calls share the typed endpoint's rate-limit bucket -----------------------------------

fn spent_window(clock: &ManualClock) -> ResponseTemplate {
    use social_core::clock::Clock;
    let reset = clock
        .now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs()
        + 900;
    ResponseTemplate::new(200)
        .insert_header("x-rate-limit-limit", "900")
        .insert_header("x-rate-limit-remaining", "0")
        .insert_header("x-rate-limit-reset", reset.to_string().as_str())
        .set_body_json(serde_json::json!({"data": {"id": "1", "text": "hi", "username": "XDevelopers", "name": "Developers"}}))
}

fn refused_on(err: &Error, bucket: &str) {
    match err {
        Error::RateLimited { api, bucket: b, .. } => {
            assert!(api.is_none(), "refused locally: {err:?}");
            assert_eq!(b.as_deref(), Some(bucket));
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

// A raw call to a typed route (ids as `:id`) counts against the typed endpoint's window: once
// the typed call spent it, the raw one is not sent, and the other way round.
#[tokio::test]
async fn raw_calls_share_the_typed_endpoints_bucket() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    Mock::given(method("GET"))
        .and(path("/2/tweets/1"))
        .respond_with(spent_window(&clock))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/5"))
        .respond_with(spent_window(&clock))
        .expect(1)
        .mount(&server)
        .await;
    let c = social_tests::TestClient::new(transport(&server, &clock).await);
    c.get_post("1").await.unwrap();
    let err = c
        .transport
        .raw()
        .get("2/tweets/1")
        .send()
        .await
        .unwrap_err();
    refused_on(&err, "GET /2/tweets/:id");
    c.transport.raw().get("/2/users/5/").send().await.unwrap();
    let err = c.get_user("5").await.unwrap_err();
    refused_on(&err, "GET /2/users/:id");
}

// On X, a raw lookup by username shares the typed `GET /2/users/by/username/:username` window.
#[tokio::test]
async fn raw_x_calls_by_username_share_the_typed_bucket() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    Mock::given(method("GET"))
        .and(path("/2/users/by/username/XDevelopers"))
        .respond_with(spent_window(&clock))
        .expect(1)
        .mount(&server)
        .await;
    let x = social_twitter::TwitterClient::builder()
        .base_url(server.uri())
        .app_token(AccessToken::new("app-token"))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    x.users().by_username("XDevelopers").send().await.unwrap();
    let err = x
        .raw()
        .get("2/users/by/username/XDevelopers")
        .send()
        .await
        .unwrap_err();
    refused_on(&err, "GET /2/users/by/username/:username");
}
