//! Rate limits as data: read from the headers, kept per bucket, exposed on responses and on
//! `RateLimited` errors, and waited for (or refused) before sending.

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

// X documents x-rate-limit-reset as a Unix time in seconds
// (<https://docs.x.com/x-api/fundamentals/rate-limits>).
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

// ----- issue 8 case 9: throttling without a reset still stops the sending ----------------------

const PAGE: &str = "200000000000001";
const OTHER_PAGE: &str = "200000000000002";

fn fb_client(server: &MockServer, clock: &ManualClock) -> social_facebook::FacebookClient {
    social_facebook::FacebookClient::builder()
        .base_url(server.uri())
        .access_token(social_core::auth::AccessToken::new("page-token"))
        .retry_policy(
            social_core::http::RetryPolicy::default().jitter(social_core::http::Jitter::None),
        )
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

fn page_ok(id: &str) -> ResponseTemplate {
    ResponseTemplate::new(200)
        .set_body_json(serde_json::json!({"id": id, "name": "Cabinet Martin"}))
}

async fn get_page(fb: &social_facebook::FacebookClient, id: &str) -> social_core::Result<()> {
    fb.pages()
        .get(&social_facebook::models::PageId::new(id))
        .send()
        .await
        .map(|_| ())
}

/// The "(#4) Application request limit reached" body quoted in nygardk/react-share#70,
/// or another throttling code, without `estimated_time_to_regain_access`.
fn throttled(code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
        "message": message, "type": "OAuthException", "is_transient": true, "code": code,
        "fbtrace_id": "E+h93KlSgIM"
    }}))
}

fn refused_locally(err: &Error, bucket: &str, wait: Duration) {
    match err {
        Error::RateLimited {
            api,
            retry_after,
            bucket: b,
            ..
        } => {
            assert!(api.is_none(), "refused locally, nothing sent: {err:?}");
            assert_eq!(*retry_after, Some(wait), "{err:?}");
            assert_eq!(b.as_deref(), Some(bucket), "{err:?}");
        }
        other => panic!("expected RateLimited, got {other:?}"),
    }
}

// `X-App-Usage` at 100 % means throttled
// (https://developers.facebook.com/docs/graph-api/overview/rate-limiting) and says nothing of when
// it ends: the app's quota cools down for the documented default, then calls go out again.
#[tokio::test]
async fn case9_graph_usage_at_100_percent_without_reset_stops_the_sending() {
    use social_core::http::DEFAULT_THROTTLE_COOLDOWN;
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    let fb = fb_client(&server, &clock);
    let v = fb.version().as_str().to_string();
    Mock::given(method("GET"))
        .and(path(format!("/{v}/{PAGE}")))
        .respond_with(page_ok(PAGE).insert_header(
            "x-app-usage",
            r#"{"call_count":100,"total_time":25,"total_cputime":25}"#,
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/{v}/{OTHER_PAGE}")))
        .respond_with(page_ok(OTHER_PAGE))
        .expect(1)
        .mount(&server)
        .await;
    get_page(&fb, PAGE).await.unwrap();
    // Every call counts against the app's quota: another Page waits too.
    let err = get_page(&fb, OTHER_PAGE).await.unwrap_err();
    refused_locally(&err, "facebook:app", DEFAULT_THROTTLE_COOLDOWN);
    assert!(err.is_retryable());
    clock.advance(DEFAULT_THROTTLE_COOLDOWN);
    get_page(&fb, OTHER_PAGE).await.unwrap();
    assert!(clock.sleeps().is_empty(), "nothing slept");
}

// Codes 4, 17, 32 and 613 without `estimated_time_to_regain_access`: the quota the code names
// cools down (4: the app's, every call; 32: the Page's, other Pages still answer), for the
// cooldown set on the builder.
#[tokio::test]
async fn case9_graph_throttling_codes_without_estimate_cool_their_quota_down() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    let cooldown = Duration::from_secs(10 * 60);
    let fb = social_facebook::FacebookClient::builder()
        .base_url(server.uri())
        .access_token(social_core::auth::AccessToken::new("page-token"))
        .clock(Arc::new(clock.clone()))
        .throttle_cooldown(cooldown)
        .build()
        .unwrap();
    let v = fb.version().as_str().to_string();
    Mock::given(method("GET"))
        .and(path(format!("/{v}/{PAGE}")))
        .respond_with(throttled(32, "(#32) Page request limit reached"))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(format!("/{v}/{OTHER_PAGE}")))
        .respond_with(page_ok(OTHER_PAGE))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    let first = get_page(&fb, PAGE).await.unwrap_err();
    assert!(
        matches!(first, Error::RateLimited { api: Some(_), .. }),
        "{first:?}"
    );
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        1,
        "not retried"
    );
    let err = get_page(&fb, PAGE).await.unwrap_err();
    refused_locally(&err, &format!("facebook:page:{PAGE}"), cooldown);
    get_page(&fb, OTHER_PAGE).await.unwrap();

    // Code 4 is the app's: every call waits.
    Mock::given(method("GET"))
        .and(path(format!("/{v}/{OTHER_PAGE}")))
        .respond_with(throttled(4, "(#4) Application request limit reached"))
        .expect(1)
        .mount(&server)
        .await;
    get_page(&fb, OTHER_PAGE).await.unwrap_err();
    clock.advance(Duration::from_secs(60));
    let err = fb
        .posts()
        .get(&social_core::PostId::new("300000000000003_1"))
        .send()
        .await
        .unwrap_err();
    refused_locally(&err, "facebook:app", cooldown - Duration::from_secs(60));
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

// A batch item throttled without an estimate cools its quota down as a plain call would.
#[tokio::test]
async fn case9_a_throttled_batch_item_cools_its_quota_down() {
    use social_core::http::DEFAULT_THROTTLE_COOLDOWN;
    use social_facebook::batch::BatchRequest;
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    let fb = fb_client(&server, &clock);
    let v = fb.version().as_str().to_string();
    let body = serde_json::json!({"error": {"message": "(#4) Application request limit reached",
        "type": "OAuthException", "is_transient": true, "code": 4}});
    Mock::given(method("POST"))
        .and(path(format!("/{v}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!([
            {"code": 400, "body": body.to_string()}
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let items = fb
        .batch()
        .request(BatchRequest::node(PAGE))
        .send()
        .await
        .unwrap();
    assert!(matches!(items[0].error(), Some(Error::RateLimited { .. })));
    let err = get_page(&fb, OTHER_PAGE).await.unwrap_err();
    refused_locally(&err, "facebook:app", DEFAULT_THROTTLE_COOLDOWN);
}

// X's `usage-capped` (the project's monthly cap; `UsageCapExceededProblem` in X's OpenAPI, as in
// xdevplatform/twitter-api-typescript-sdk src/gen/openapi-types.ts, with `period` and `scope`)
// is not a short rate limit: no read or write is sent again for it, even with a Retry-After, and
// the error says the cap is monthly.
#[tokio::test]
async fn case9_x_usage_capped_is_never_retried_and_says_the_cap_is_monthly() {
    let server = MockServer::start().await;
    let capped = ResponseTemplate::new(429)
        .insert_header("retry-after", "1")
        .insert_header("x-rate-limit-remaining", "10")
        .set_body_json(serde_json::json!({
            "title": "UsageCapExceeded", "detail": "Usage cap exceeded: Monthly product cap",
            "period": "Monthly", "scope": "Product",
            "type": "https://api.twitter.com/2/problems/usage-capped"
        }));
    Mock::given(wiremock::matchers::any())
        .respond_with(capped)
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_now();
    let x = social_twitter::TwitterClient::builder()
        .base_url(server.uri())
        .user_token(social_core::auth::AccessToken::new("user-token"))
        .retry_policy(
            social_core::http::RetryPolicy::default().jitter(social_core::http::Jitter::None),
        )
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    let read = x
        .tweets()
        .get(&social_core::PostId::new("1460323737035677698"))
        .send()
        .await
        .unwrap_err();
    let write = x.tweets().create("hello").send().await.unwrap_err();
    for err in [&read, &write] {
        match err {
            Error::UsageCapped { period, .. } => assert_eq!(period, "monthly"),
            other => panic!("expected UsageCapped, got {other:?}"),
        }
        assert!(!err.is_retryable());
        assert_eq!(err.retry_after(), None);
        let text = err.to_string();
        assert!(text.contains("monthly usage cap"), "{text}");
        assert!(text.contains("Monthly product cap"), "{text}");
    }
    assert!(clock.sleeps().is_empty(), "never waited to send again");
}
