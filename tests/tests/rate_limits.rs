//! Rate limits as data (DESIGN.md contract 6; reliability-security.md §7 case 6).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use social_core::Error;
use social_core::clock::{Clock, ManualClock};
use social_tests::TestClient;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn epoch(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).unwrap().as_secs()
}

fn ok_with_limits(remaining: u64, reset: u64) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .insert_header("x-rate-limit-limit", "900")
        .insert_header("x-rate-limit-remaining", remaining.to_string().as_str())
        .insert_header("x-rate-limit-reset", reset.to_string().as_str())
        .set_body_json(serde_json::json!({"data": {"id": "1", "text": "hi"}}))
}

// X documents x-rate-limit-reset as a Unix time in seconds (twitter.md §3.3).
#[tokio::test]
async fn limits_are_read_from_every_response() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    let reset = epoch(clock.now()) + 900;
    Mock::given(method("GET"))
        .respond_with(ok_with_limits(899, reset))
        .mount(&server)
        .await;
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap(),
    );
    c.get_post("1").await.unwrap();
    let rl = c.transport.rate_limit("GET /2/tweets/:id").unwrap();
    assert_eq!(rl.limit, Some(900));
    assert_eq!(rl.remaining, Some(899));
    assert_eq!(rl.reset_at, Some(UNIX_EPOCH + Duration::from_secs(reset)));
}

// Case 6: an exhausted bucket fails fast without a request; another bucket still goes out.
#[tokio::test]
async fn exhausted_bucket_is_refused_locally_and_other_buckets_are_not() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    let reset = epoch(clock.now()) + 900;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1"))
        .respond_with(ok_with_limits(0, reset))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/5"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": {}})))
        .expect(1)
        .mount(&server)
        .await;
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap(),
    );
    c.get_post("1").await.unwrap();
    let err = c.get_post("1").await.unwrap_err();
    match &err {
        Error::RateLimited {
            bucket,
            retry_after,
            api,
            ..
        } => {
            assert_eq!(bucket.as_deref(), Some("GET /2/tweets/:id"));
            let wait = retry_after.unwrap();
            assert!(
                wait > Duration::from_secs(890) && wait <= Duration::from_secs(900),
                "{wait:?}"
            );
            assert!(api.is_none(), "refused locally: no server answer");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
    c.get_user("5").await.unwrap();
    assert!(clock.sleeps().is_empty());
}

// Within the caller's wait limit, the transport waits for the reset instead, then sends.
#[tokio::test]
async fn exhausted_bucket_within_max_wait_is_waited_for() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    Mock::given(method("GET"))
        .respond_with(ok_with_limits(0, 1_700_000_030))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok_with_limits(899, 1_700_000_900))
        .mount(&server)
        .await;
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .clock(Arc::new(clock.clone()))
            .max_rate_limit_wait(Duration::from_secs(60))
            .build()
            .unwrap(),
    );
    c.get_post("1").await.unwrap();
    c.get_post("1").await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

// A 429 carries the limits and the reset as data on the error.
#[tokio::test]
async fn rate_limited_error_carries_the_limit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-rate-limit-limit", "200")
                .insert_header("x-rate-limit-remaining", "0")
                .insert_header("x-rate-limit-reset", (epoch(SystemTime::now()) + 600).to_string().as_str())
                .set_body_json(serde_json::json!({"title": "Too Many Requests", "detail": "Too Many Requests", "type": "about:blank", "status": 429})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let err = c.create_post("hi").await.unwrap_err();
    let rl = err.rate_limit().expect("limit on the error");
    assert_eq!(rl.limit, Some(200));
    assert_eq!(rl.remaining, Some(0));
    assert!(err.is_retryable());
    assert!(err.retry_after().is_some());
    assert_eq!(err.status(), Some(429));
}

// Malformed headers are unknown values, never a panic or a zero.
#[tokio::test]
async fn malformed_limit_headers_are_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-rate-limit-limit", "lots")
                .insert_header("x-rate-limit-remaining", "-1")
                .set_body_json(serde_json::json!({"data": {"id": "1", "text": "hi"}})),
        )
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    c.get_post("1").await.unwrap();
    let rl = c.transport.rate_limit("GET /2/tweets/:id").unwrap();
    assert_eq!((rl.limit, rl.remaining, rl.reset_at), (None, None, None));
    c.get_post("1").await.unwrap();
}

// A reset further than a day away (a header in milliseconds, say) is not believed: it would block
// the bucket for good. The window is remembered without a reset, and the server stays the judge.
#[tokio::test]
async fn absurd_resets_do_not_block_forever() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_with_limits(0, 1_700_000_000_000))
        .expect(2)
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    c.get_post("1").await.unwrap();
    assert_eq!(
        c.transport
            .rate_limit("GET /2/tweets/:id")
            .unwrap()
            .reset_at,
        None
    );
    c.get_post("1").await.unwrap();
}

// A reset too large for the clock is unknown, never a panic.
#[tokio::test]
async fn overflowing_resets_are_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok_with_limits(5, u64::MAX))
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    c.get_post("1").await.unwrap();
    assert_eq!(
        c.transport
            .rate_limit("GET /2/tweets/:id")
            .unwrap()
            .reset_at,
        None
    );
}
