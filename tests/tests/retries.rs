//! Retry behaviour of the transport: safe requests retried with backoff, `Retry-After` honoured,
//! creates never replayed once they may have reached the server. Waits run
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

// ----- issue 8: writes that may have run, deletes that already succeeded ------------------------

const PAGE: &str = "200000000000001";

fn fb_client(server: &MockServer) -> (social_facebook::FacebookClient, ManualClock) {
    let clock = ManualClock::starting_now();
    let fb = social_facebook::FacebookClient::builder()
        .base_url(server.uri())
        .access_token(social_core::auth::AccessToken::new("page-token"))
        .retry_policy(deterministic())
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (fb, clock)
}

fn x_client(server: &MockServer) -> (social_twitter::TwitterClient, ManualClock) {
    let clock = ManualClock::starting_now();
    let x = social_twitter::TwitterClient::builder()
        .base_url(server.uri())
        .user_token(social_core::auth::AccessToken::new("user-token"))
        .retry_policy(deterministic())
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (x, clock)
}

/// Graph's path for `rest` under the client's version.
fn graph(fb: &social_facebook::FacebookClient, rest: &str) -> String {
    format!("/{}{rest}", fb.version().as_str())
}

/// One batch item as Graph answers it (https://developers.facebook.com/docs/graph-api/batch-requests):
/// the status as `code`, the body as a string holding JSON.
fn item(code: u16, body: serde_json::Value) -> serde_json::Value {
    serde_json::json!({"code": code, "body": body.to_string()})
}

/// Graph's error object (https://developers.facebook.com/docs/graph-api/guides/error-handling).
fn graph_error(code: i64, message: &str, transient: Option<bool>) -> serde_json::Value {
    let mut e = serde_json::json!({"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbC"});
    if let Some(t) = transient {
        e["is_transient"] = t.into();
    }
    serde_json::json!({ "error": e })
}

// Case 5: a write of a Graph batch that Graph ran and that failed with a transient error or a
// 5xx may have taken effect: it is Unconfirmed, never retryable. A read failing the same way may
// be sent again; a throttled write was not run and stays RateLimited.
#[tokio::test]
async fn case5_graph_batch_writes_that_failed_with_a_5xx_are_unconfirmed() {
    use social_facebook::batch::{BatchRequest, RelativeUrl};
    let server = MockServer::start().await;
    let (fb, _) = fb_client(&server);
    let unknown = graph_error(1, "An unknown error has occurred.", None);
    Mock::given(method("POST"))
        .and(path(graph(&fb, "")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            item(500, unknown.clone()),
            item(500, unknown.clone()),
            item(
                400,
                graph_error(4, "(#4) Application request limit reached", Some(true))
            ),
            serde_json::json!({"code": 503, "body": "Service Unavailable"}),
            item(
                200,
                graph_error(2, "Service temporarily unavailable", Some(true))
            ),
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let items = fb
        .batch()
        .request(
            BatchRequest::post(RelativeUrl::node(PAGE).edge("feed"))
                .form([("message", "Open on Monday")]),
        )
        .request(BatchRequest::node(PAGE))
        .request(
            BatchRequest::post(RelativeUrl::node(format!("{PAGE}_17")).edge("comments"))
                .form([("message", "Thanks")]),
        )
        .request(BatchRequest::delete(RelativeUrl::node(format!(
            "{PAGE}_18"
        ))))
        .request(
            BatchRequest::post(RelativeUrl::node(format!("{PAGE}_19")).edge("comments"))
                .form([("message", "Hi")]),
        )
        .send()
        .await
        .unwrap();
    for i in [0, 3, 4] {
        let e = items[i].error().unwrap();
        match &e {
            Error::Unconfirmed {
                endpoint, cause, ..
            } => {
                assert!(endpoint.contains(&format!("batch item {i}")), "{endpoint}");
                assert!(
                    cause.is_retryable(),
                    "the cause says what happened: {cause:?}"
                );
            }
            other => panic!("item {i}: expected Unconfirmed, got {other:?}"),
        }
        assert!(!e.is_retryable(), "item {i}");
        assert!(items[i].json::<serde_json::Value>().is_err());
    }
    let read = items[1].error().unwrap();
    assert!(
        matches!(read, Error::Api(_)) && read.is_retryable(),
        "{read:?}"
    );
    let throttled = items[2].error().unwrap();
    assert!(
        matches!(throttled, Error::RateLimited { .. }),
        "{throttled:?}"
    );
}

// Case 8 on X: a delete sent again after a 5xx that X answers `deleted: false` (the first
// attempt deleted the post) is Ok; so is a "not found" then. A first attempt that finds nothing
// reports what X said.
#[tokio::test]
async fn case8_an_x_delete_retried_after_a_5xx_that_finds_the_post_gone_is_ok() {
    use social_core::PostId;
    let not_deleted = || {
        ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {"deleted": false}}))
    };
    let not_found = || {
        ResponseTemplate::new(404).set_body_json(serde_json::json!({
            "title": "Not Found Error", "detail": "Could not find tweet with id: [5].",
            "type": "https://api.twitter.com/2/problems/resource-not-found", "resource_type": "tweet"
        }))
    };
    let server = MockServer::start().await;
    for (id, first, then) in [
        ("1", ResponseTemplate::new(503), not_deleted()),
        ("2", ResponseTemplate::new(500), not_found()),
        ("3", not_deleted(), not_deleted()),
        ("4", not_found(), not_found()),
        ("5", ResponseTemplate::new(502), not_deleted()),
    ] {
        Mock::given(method("DELETE"))
            .and(path(format!("/2/tweets/{id}")))
            .respond_with(first)
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path(format!("/2/tweets/{id}")))
            .respond_with(then)
            .mount(&server)
            .await;
    }
    let (x, clock) = x_client(&server);
    assert!(x.tweets().delete(&PostId::new("1")).await.unwrap());
    assert!(x.tweets().delete(&PostId::new("2")).await.unwrap());
    assert_eq!(clock.sleeps().len(), 2, "each sent twice");
    assert!(!x.tweets().delete(&PostId::new("3")).await.unwrap());
    let err = x.tweets().delete(&PostId::new("4")).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    // Through the core trait too: the post is gone, as asked.
    let publisher: &dyn social_core::Publisher = &social_twitter::XAccount::new(x);
    publisher.delete(&PostId::new("5")).await.unwrap();
}

// Case 8 after a timeout: the first attempt's answer never came (it may have deleted the post).
#[tokio::test]
async fn case8_an_x_delete_retried_after_a_timeout_that_finds_the_post_gone_is_ok() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": {"deleted": true}}))
                .set_delay(Duration::from_millis(600)),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": {"deleted": false}})),
        )
        .mount(&server)
        .await;
    let x = social_twitter::TwitterClient::builder()
        .base_url(server.uri())
        .user_token(social_core::auth::AccessToken::new("user-token"))
        .retry_policy(deterministic())
        .timeout(Duration::from_millis(200))
        .clock(Arc::new(ManualClock::starting_now()))
        .build()
        .unwrap();
    assert!(
        x.tweets()
            .delete(&social_core::PostId::new("9"))
            .await
            .unwrap()
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// Case 8 on Graph: a delete sent again after a 5xx that Graph answers "does not exist" (code 100,
// subcode 33) is Ok; a first attempt answered so is NotFound.
#[tokio::test]
async fn case8_a_graph_delete_retried_after_a_5xx_that_finds_the_post_gone_is_ok() {
    use social_core::{CommentId, PostId};
    let server = MockServer::start().await;
    let (fb, clock) = fb_client(&server);
    let missing = |id: &str| {
        let mut body = graph_error(
            100,
            &format!(
                "Unsupported delete request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
            ),
            None,
        );
        body["error"]["error_subcode"] = 33.into();
        body["error"]["type"] = "GraphMethodException".into();
        ResponseTemplate::new(400).set_body_json(body)
    };
    let post = format!("{PAGE}_17");
    let comment = format!("{PAGE}_17_42");
    let first_time = format!("{PAGE}_18");
    for (id, first) in [
        (&post, ResponseTemplate::new(503)),
        (
            &comment,
            ResponseTemplate::new(500).set_body_json(graph_error(
                2,
                "Service temporarily unavailable",
                Some(true),
            )),
        ),
        (&first_time, missing(&first_time)),
    ] {
        Mock::given(method("DELETE"))
            .and(path(graph(&fb, &format!("/{id}"))))
            .respond_with(first)
            .up_to_n_times(1)
            .with_priority(1)
            .mount(&server)
            .await;
        Mock::given(method("DELETE"))
            .and(path(graph(&fb, &format!("/{id}"))))
            .respond_with(missing(id))
            .mount(&server)
            .await;
    }
    fb.posts().delete(&PostId::new(&post)).await.unwrap();
    fb.comments()
        .delete(&CommentId::new(&comment))
        .await
        .unwrap();
    assert_eq!(clock.sleeps().len(), 2, "each sent twice");
    let err = fb
        .posts()
        .delete(&PostId::new(&first_time))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(server.received_requests().await.unwrap().len(), 5);
}
