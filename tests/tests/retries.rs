//! Retry behaviour of the transport (reliability-security.md §7 cases 1, 3, 4, 5, 7). Waits run
//! on a virtual clock (`ManualClock`): every sleep is recorded and returns at once, so the
//! asserted waits are exact and the tests fast. (tokio's paused clock is not used: it jumps ahead
//! to pending timers while real sockets are busy, which made timeouts fire at random.)

use std::sync::Arc;
use std::time::Duration;

use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryBudget, RetryPolicy};
use social_core::{Error, TransportErrorKind};
use social_tests::TestClient;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn post_ok() -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"id": "1", "text": "hi"}}))
}

fn client(server: &MockServer, policy: RetryPolicy) -> (TestClient, ManualClock) {
    let clock = ManualClock::starting_now();
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .retry_policy(policy)
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap(),
    );
    (c, clock)
}

/// A server whose first GET gets `first`, and every later one a post.
async fn once_then_ok(first: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(post_ok())
        .mount(&server)
        .await;
    server
}

fn deterministic() -> RetryPolicy {
    RetryPolicy::default()
        .jitter(Jitter::None)
        .base_delay(Duration::from_millis(500))
}

// Case 1: a create that gets a 503 is not sent again: the caller learns the outcome is unknown.
#[tokio::test]
async fn create_with_503_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>busy</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let (c, clock) = client(&server, deterministic());
    let err = c.create_post("hello").await.unwrap_err();
    assert!(clock.sleeps().is_empty(), "no sleep before giving up");
    match &err {
        Error::Unconfirmed {
            cause,
            endpoint,
            correlation_id,
            ..
        } => {
            assert_eq!(endpoint, "POST /2/tweets");
            assert_eq!(correlation_id.len(), 16);
            assert_eq!(cause.status(), Some(503));
        }
        other => panic!("expected Unconfirmed, got {other:?}"),
    }
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("not retried"));
}

// Case 3: a create that times out is unconfirmed, and the late success does not double-post.
#[tokio::test]
async fn create_timeout_is_unconfirmed_and_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(post_ok().set_delay(Duration::from_millis(600)))
        .mount(&server)
        .await;
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .retry_policy(deterministic())
            .timeout(Duration::from_millis(200))
            .build()
            .unwrap(),
    );
    let err = c.create_post("hello").await.unwrap_err();
    match &err {
        Error::Unconfirmed { cause, .. } => assert!(matches!(
            **cause,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        )),
        other => panic!("expected Unconfirmed timeout, got {other:?}"),
    }
    // Let the late response complete: still one request.
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

// Case 4: a read is retried with the documented backoff: 500 ms then 1 s (no jitter).
#[tokio::test]
async fn get_is_retried_with_bounded_backoff() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/7"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .with_priority(1)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/7"))
        .respond_with(post_ok())
        .expect(1)
        .mount(&server)
        .await;
    let (c, clock) = client(&server, deterministic());
    let post = c.get_post("7").await.unwrap();
    assert_eq!(post.id, "1");
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_millis(500), Duration::from_millis(1000)]
    );
}

// Case 4 with full jitter: each wait is within [0, base·2^i], so the total is at most 1.5 s.
#[tokio::test]
async fn jittered_backoff_stays_within_bounds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500))
        .expect(3)
        .mount(&server)
        .await;
    let (c, clock) = client(
        &server,
        RetryPolicy::default().base_delay(Duration::from_millis(500)),
    );
    let err = c.get_post("7").await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(err.is_retryable());
    let sleeps = clock.sleeps();
    assert_eq!(sleeps.len(), 2);
    assert!(sleeps[0] <= Duration::from_millis(500), "{sleeps:?}");
    assert!(sleeps[1] <= Duration::from_millis(1000), "{sleeps:?}");
}

// Case 5a: Retry-After in seconds is honoured.
#[tokio::test]
async fn retry_after_seconds_is_honoured() {
    let server = once_then_ok(ResponseTemplate::new(429).insert_header("retry-after", "2")).await;
    let (c, clock) = client(&server, deterministic());
    c.get_post("1").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// Case 5b: a wait longer than the cap is returned at once, without sleeping or sending again.
#[tokio::test]
async fn retry_after_beyond_cap_fails_fast() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "3600"))
        .expect(1)
        .mount(&server)
        .await;
    let (c, clock) = client(
        &server,
        deterministic().max_retry_after(Duration::from_secs(60)),
    );
    let err = c.get_post("1").await.unwrap_err();
    assert!(clock.sleeps().is_empty());
    match err {
        Error::RateLimited { retry_after, .. } => {
            assert_eq!(retry_after, Some(Duration::from_secs(3600)))
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

// Case 5c: an HTTP-date Retry-After is read against the server's Date header.
#[tokio::test]
async fn retry_after_http_date_is_relative_to_server_date() {
    let server = once_then_ok(
        ResponseTemplate::new(503)
            .insert_header("date", "Wed, 21 Oct 2015 07:28:00 GMT")
            .insert_header("retry-after", "Wed, 21 Oct 2015 07:28:03 GMT"),
    )
    .await;
    let (c, clock) = client(&server, deterministic());
    c.get_post("1").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);
}

// Case 5d: a malformed Retry-After is ignored: normal backoff, no panic.
#[tokio::test]
async fn malformed_retry_after_falls_back_to_backoff() {
    let server =
        once_then_ok(ResponseTemplate::new(503).insert_header("retry-after", "soon")).await;
    let (c, clock) = client(&server, deterministic());
    c.get_post("1").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);
}

// A 429 on a create: refused before processing, so the caller gets RateLimited (not
// Unconfirmed) and nothing is sent again (the generic dialect does not claim otherwise).
#[tokio::test]
async fn create_with_429_is_rate_limited_not_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
        .expect(1)
        .mount(&server)
        .await;
    let (c, clock) = client(&server, deterministic());
    let err = c.create_post("hi").await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    assert!(clock.sleeps().is_empty());
}

// A 4xx is final: not retried, whatever the method.
#[tokio::test]
async fn client_errors_are_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(serde_json::json!({"title": "Not Found Error", "detail": "Could not find tweet with id: [1]."})))
        .expect(1)
        .mount(&server)
        .await;
    let (c, clock) = client(&server, deterministic());
    let err = c.get_post("1").await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(clock.sleeps().is_empty());
    assert!(err.to_string().contains("Could not find tweet"));
}

// Case 7: a shared retry budget stops a retry storm, and successes refill it.
#[tokio::test]
async fn retry_budget_prevents_a_storm() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1"))
        .respond_with(ResponseTemplate::new(500))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/2"))
        .respond_with(post_ok())
        .mount(&server)
        .await;
    let budget = std::sync::Arc::new(RetryBudget::new(500, 14, 1));
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .retry_policy(deterministic().max_attempts(3))
            .retry_budget(budget.clone())
            .clock(Arc::new(ManualClock::starting_now()))
            .build()
            .unwrap(),
    );
    let calls = (0..100).map(|_| {
        let c = c.clone();
        tokio::spawn(async move { c.get_post("1").await })
    });
    let results = futures_util::future::join_all(calls).await;
    let exhausted = results
        .iter()
        .filter(|r| {
            matches!(
                r.as_ref().unwrap(),
                Err(Error::Transport {
                    kind: TransportErrorKind::RetryBudgetExhausted,
                    ..
                })
            )
        })
        .count();
    assert!(results.iter().all(|r| r.as_ref().unwrap().is_err()));
    let sent = server.received_requests().await.unwrap().len();
    // 500 tokens at 14 per retry: 35 retries at most, on top of the 100 first attempts.
    assert!(sent <= 135, "sent {sent}");
    assert!(exhausted > 0, "later errors say the budget is exhausted");
    assert_eq!(budget.available(), 500 % 14);
    for _ in 0..10 {
        c.get_post("2").await.unwrap();
    }
    assert_eq!(budget.available(), 500 % 14 + 10);
}
