//! The transport's rules for writes that may have run, deletes that find nothing, throttling
//! without a reset and the waits of one call (issue 8 cases 5, 8 and 9, and the waits it left
//! open), and the client options every adapter builder takes (issue 9 case 3), against a local
//! mock server. Time runs on a `ManualClock`: every wait is recorded and
//! returns at once, so the waits asserted are exact and nothing sleeps.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::HeaderMap;
use serde_json::json;
use social_core::clock::{Clock, ManualClock};
use social_core::http::{
    ApiDialect, ClientOptions, DEFAULT_THROTTLE_COOLDOWN, ErrorContext, Jitter, RequestSpec,
    RetryPolicy, Transport, TransportBuilder, default_error, parse_limit_headers,
};
use social_core::{ApiError, Error, Network, RateLimit, TransportErrorKind};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const T0: u64 = 1_700_000_000;

/// A dialect shaped like LinkedIn's: an error body names a status of its own
/// (`{"status":503,"serviceErrorCode":…}`) that the dialect trusts over the HTTP one, and windows
/// come as `x-rate-limit-*` headers.
#[derive(Debug)]
struct BodyStatusDialect;

impl ApiDialect for BodyStatusDialect {
    fn network(&self) -> Network {
        Network::LinkedIn
    }

    fn rate_limits(
        &self,
        spec: &RequestSpec,
        headers: &HeaderMap,
        _now: SystemTime,
    ) -> Vec<RateLimit> {
        parse_limit_headers(headers, "x-rate-limit", &spec.endpoint_name())
            .into_iter()
            .collect()
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        let body_status = ctx
            .json()
            .and_then(|j| j.get("status")?.as_u64())
            .and_then(|s| u16::try_from(s).ok());
        match body_status {
            Some(s) if s != ctx.status => Error::Api(Box::new(
                ApiError::new(ctx.network, s).with_message("the gateway gave up"),
            )),
            _ => default_error(ctx),
        }
    }
}

fn clock() -> ManualClock {
    ManualClock::new(UNIX_EPOCH + Duration::from_secs(T0))
}

fn builder(base: &str, clock: &ManualClock) -> TransportBuilder {
    Transport::builder(Network::LinkedIn, base)
        .dialect(Arc::new(BodyStatusDialect))
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
}

fn transport(server: &MockServer, clock: &ManualClock) -> Transport {
    builder(&server.uri(), clock).build().unwrap()
}

fn create() -> RequestSpec {
    RequestSpec::post("rest/posts")
        .json(&json!({"commentary": "hello"}))
        .endpoint("POST /rest/posts")
}

fn read() -> RequestSpec {
    RequestSpec::get("rest/me").endpoint("GET /rest/me")
}

fn delete() -> RequestSpec {
    RequestSpec::delete("rest/posts")
        .segment("7")
        .endpoint("DELETE /rest/posts/:id")
}

/// Answers `first` once, then `then` to every later request on `route`.
async fn once_then(
    server: &MockServer,
    verb: &str,
    route: &str,
    first: ResponseTemplate,
    then: ResponseTemplate,
) {
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(first)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method(verb))
        .and(path(route))
        .respond_with(then)
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server.received_requests().await.unwrap().len()
}

// ----- case 5: a write is never reported retryable after it may have run ------------------------

// Whatever the dialect made of the answer, an error that says "retryable" for a create that
// reached the server would invite a duplicate: it is Unconfirmed. The same answer to a read stays
// what the dialect said.
#[tokio::test]
async fn case5_a_create_answered_is_never_retryable() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(400).set_body_json(json!({"status": 503, "message": "upstream"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"status": 503})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = clock();
    let t = transport(&server, &clock);

    let err = t.execute(create()).await.unwrap_err();
    let Error::Unconfirmed {
        cause, endpoint, ..
    } = &err
    else {
        panic!("expected Unconfirmed, got {err:?}");
    };
    assert_eq!(endpoint, "POST /rest/posts");
    assert_eq!(cause.status(), Some(503));
    assert!(!err.is_retryable());

    let err = t.execute(read()).await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    assert!(err.is_retryable(), "a read may simply be sent again");
    assert!(clock.sleeps().is_empty());
}

// A create whose connection was never made did not reach the server: sent again within the
// policy, then the connection error itself, retryable (nothing can be duplicated).
#[tokio::test]
async fn case5_a_create_that_never_connected_stays_retryable() {
    let clock = clock();
    // Port 1 on the loopback: nothing listens there, the connection is refused.
    let t = builder("http://127.0.0.1:1", &clock)
        .retry_policy(RetryPolicy::default().jitter(Jitter::None).max_attempts(2))
        .build()
        .unwrap();
    let err = t.execute(create()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);
}

// ----- case 8: a DELETE that already succeeded is success ---------------------------------------

#[tokio::test]
async fn case8_a_delete_that_finds_nothing_after_a_5xx_succeeds() {
    let server = MockServer::start().await;
    once_then(
        &server,
        "DELETE",
        "/rest/posts/7",
        ResponseTemplate::new(503),
        ResponseTemplate::new(404).set_body_json(json!({"message": "no such post"})),
    )
    .await;
    let clock = clock();
    let t = transport(&server, &clock);
    let resp = t.execute(delete().gone_is_success()).await.unwrap();
    assert!(resp.gone());
    assert!(resp.earlier_attempt_may_have_run());
    assert_eq!(resp.status().as_u16(), 404);
    assert_eq!(requests(&server).await, 2);
    assert_eq!(resp.correlation_id().len(), 16);
}

// "Not found" on the first attempt: the object was never there.
#[tokio::test]
async fn case8_a_first_attempt_not_found_stays_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(404))
        .expect(1)
        .mount(&server)
        .await;
    let clock = clock();
    let err = transport(&server, &clock)
        .execute(delete().gone_is_success())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

// A rate-limit refusal did not run the delete: a "not found" after it is the object's own state.
#[tokio::test]
async fn case8_not_found_after_a_rate_limit_refusal_stays_not_found() {
    let server = MockServer::start().await;
    once_then(
        &server,
        "DELETE",
        "/rest/posts/7",
        ResponseTemplate::new(429).insert_header("retry-after", "2"),
        ResponseTemplate::new(404),
    )
    .await;
    let clock = clock();
    let err = transport(&server, &clock)
        .execute(delete().gone_is_success())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(2)]);
    assert_eq!(requests(&server).await, 2);
}

// Only a request that declares it: a plain delete (or a read) keeps Graph's or X's "not found".
#[tokio::test]
async fn case8_not_found_is_success_only_when_declared() {
    let server = MockServer::start().await;
    once_then(
        &server,
        "DELETE",
        "/rest/posts/7",
        ResponseTemplate::new(503),
        ResponseTemplate::new(404),
    )
    .await;
    let clock = clock();
    let err = transport(&server, &clock)
        .execute(delete())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn a_first_answer_says_no_earlier_attempt_ran() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"deleted": true})))
        .mount(&server)
        .await;
    let clock = clock();
    let resp = transport(&server, &clock)
        .execute(delete().gone_is_success())
        .await
        .unwrap();
    assert!(!resp.gone());
    assert!(!resp.earlier_attempt_may_have_run());
}

// ----- case 9: throttling without a reset still stops the sending ------------------------------

// A 429 that says nothing of when it ends cools its bucket down: the next calls fail without
// being sent until the cooldown is over, on the transport's clock.
#[tokio::test]
async fn case9_a_throttle_without_reset_cools_the_bucket_down() {
    let server = MockServer::start().await;
    once_then(
        &server,
        "GET",
        "/rest/me",
        ResponseTemplate::new(429),
        ResponseTemplate::new(200).set_body_json(json!({"id": "me"})),
    )
    .await;
    let clock = clock();
    let t = transport(&server, &clock);
    let first = t.execute(read()).await.unwrap_err();
    assert!(
        matches!(
            first,
            Error::RateLimited {
                api: Some(_),
                retry_after: None,
                ..
            }
        ),
        "{first:?}"
    );
    assert_eq!(
        t.cooldown("GET /rest/me"),
        Some(clock.now() + DEFAULT_THROTTLE_COOLDOWN)
    );

    clock.advance(Duration::from_secs(60));
    let second = t.execute(read()).await.unwrap_err();
    match &second {
        Error::RateLimited {
            api,
            retry_after,
            bucket,
            ..
        } => {
            assert!(api.is_none(), "refused locally");
            assert_eq!(
                *retry_after,
                Some(DEFAULT_THROTTLE_COOLDOWN - Duration::from_secs(60))
            );
            assert_eq!(bucket.as_deref(), Some("GET /rest/me"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&server).await, 1);

    clock.advance(DEFAULT_THROTTLE_COOLDOWN);
    t.execute(read()).await.unwrap();
    assert_eq!(requests(&server).await, 2);
    assert!(clock.sleeps().is_empty(), "nothing slept");
}

// A window reported spent with no reset time cools down too; a fresher answer that reports room
// ends the cooldown.
#[tokio::test]
async fn case9_a_window_spent_without_reset_cools_down_until_a_fresher_answer() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-rate-limit-remaining", "0")
                .set_body_json(json!({"id": "me"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let clock = clock();
    let t = transport(&server, &clock);
    t.execute(read()).await.unwrap();
    let err = t.execute(read()).await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: None, retry_after: Some(d), .. } if d == DEFAULT_THROTTLE_COOLDOWN),
        "{err:?}"
    );
    // The window keeps what the server said: spent, reset unknown.
    let window = t.rate_limit("GET /rest/me").unwrap();
    assert_eq!((window.remaining, window.reset_at), (Some(0), None));

    t.remember_rate_limits(vec![RateLimit::new("GET /rest/me").with_remaining(10)]);
    assert_eq!(t.cooldown("GET /rest/me"), None);
}

// The cooldown is the builder's: waited for within `max_rate_limit_wait`, or off at zero.
#[tokio::test]
async fn case9_the_cooldown_is_configurable() {
    let server = MockServer::start().await;
    once_then(
        &server,
        "GET",
        "/rest/me",
        ResponseTemplate::new(429),
        ResponseTemplate::new(200).set_body_json(json!({"id": "me"})),
    )
    .await;
    let clock = clock();
    let t = builder(&server.uri(), &clock)
        .throttle_cooldown(Duration::from_secs(30))
        .max_rate_limit_wait(Duration::from_secs(60))
        .build()
        .unwrap();
    t.execute(read()).await.unwrap_err();
    t.execute(read()).await.unwrap();
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(30)]);

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429))
        .expect(2)
        .mount(&server)
        .await;
    let off = builder(&server.uri(), &clock)
        .throttle_cooldown(Duration::ZERO)
        .build()
        .unwrap();
    for _ in 0..2 {
        let err = off.execute(read()).await.unwrap_err();
        assert!(
            matches!(err, Error::RateLimited { api: Some(_), .. }),
            "{err:?}"
        );
    }
    assert_eq!(off.cooldown("GET /rest/me"), None);
}

// ----- the waits the issue left open ------------------------------------------------------------

// `retry_after()` is the wait on the transport's clock when the error was made: a reset that has
// passed by that clock is no wait, whatever the system clock says (and the call is not retried
// on the system clock's idea of the wait).
#[tokio::test]
async fn retry_after_is_on_the_transport_clock() {
    let server = MockServer::start().await;
    let real_now = SystemTime::now();
    let reset = real_now + Duration::from_secs(30);
    let reset_secs = reset.duration_since(UNIX_EPOCH).unwrap().as_secs();
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("x-rate-limit-remaining", "0")
                .insert_header("x-rate-limit-reset", reset_secs.to_string().as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    // The transport's clock is an hour ahead of the system's: the reset is past by it.
    let clock = ManualClock::new(real_now + Duration::from_secs(3600));
    let t = transport(&server, &clock);
    let err = t.execute(read()).await.unwrap_err();
    let Error::RateLimited { reset_at, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(
        reset_at.is_some(),
        "the reset is kept as the server said it"
    );
    assert_eq!(err.retry_after(), None);
    assert!(clock.sleeps().is_empty(), "not retried on the system clock");
}

// A wait for an exhausted bucket counts in the call's total wait: the call stops rather than go
// beyond it.
#[tokio::test]
async fn bucket_waits_count_in_the_total_wait() {
    let server = MockServer::start().await;
    let clock = clock();
    let reset = T0 + 70;
    once_then(
        &server,
        "GET",
        "/rest/me",
        ResponseTemplate::new(503)
            .insert_header("retry-after", "40")
            .insert_header("x-rate-limit-remaining", "0")
            .insert_header("x-rate-limit-reset", reset.to_string().as_str()),
        ResponseTemplate::new(200).set_body_json(json!({"id": "me"})),
    )
    .await;
    let t = builder(&server.uri(), &clock)
        .retry_policy(
            RetryPolicy::default()
                .jitter(Jitter::None)
                .max_total_wait(Duration::from_secs(60)),
        )
        .max_rate_limit_wait(Duration::from_secs(60))
        .build()
        .unwrap();
    let err = t.execute(read()).await.unwrap_err();
    // 40 s for the 503, then 30 s more for the window: 70 s, over the 60 s allowed.
    assert!(
        matches!(err, Error::RateLimited { api: None, retry_after: Some(d), .. } if d == Duration::from_secs(30)),
        "{err:?}"
    );
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(40)]);
    assert_eq!(requests(&server).await, 1);
}

/// An adapter builder as every adapter writes it: its transport settings come from
/// `client_options_setters!`, and `build` hands them to the transport in one call.
struct ExampleClientBuilder {
    options: ClientOptions,
}

impl ExampleClientBuilder {
    social_core::client_options_setters!(options);

    fn new() -> Self {
        ExampleClientBuilder {
            options: ClientOptions::new(),
        }
    }

    fn build(self) -> social_core::Result<Transport> {
        Transport::builder(Network::LinkedIn, "https://api.linkedin.com")
            .dialect(Arc::new(BodyStatusDialect))
            .options(self.options)
            .build()
    }
}

#[tokio::test]
async fn case3_client_options_reach_the_transport() {
    let server = MockServer::start().await;
    let clock = clock();
    Mock::given(method("GET"))
        .and(path("/rest/me"))
        .and(header("user-agent", "practice/2.0"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "3"))
        .expect(2)
        .mount(&server)
        .await;
    let t = ExampleClientBuilder::new()
        .base_url(server.uri())
        .user_agent("practice/2.0")
        .timeout(Duration::from_secs(5))
        .retry_policy(RetryPolicy::default().max_attempts(2).jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .throttle_cooldown(Duration::ZERO)
        .build()
        .unwrap();
    assert_eq!(t.base_url().as_str(), format!("{}/", server.uri()));
    let err = t.execute(read()).await.unwrap_err();
    assert_eq!(err.status(), Some(503), "{err:?}");
    // The policy's two attempts, the wait on the given clock.
    assert_eq!(clock.sleeps(), vec![Duration::from_secs(3)]);

    // `options` replaces every setting made before it (the user agent falls back to the
    // default); setters after it apply on top (the response cap).
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/me"))
        .and(header(
            "user-agent",
            concat!("social-rs/", env!("CARGO_PKG_VERSION")),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_string("0123456789abcdefXYZ"))
        .expect(1)
        .mount(&server)
        .await;
    let t = ExampleClientBuilder::new()
        .user_agent("lost/1.0")
        .base_url("https://lost.example")
        .options(ClientOptions::new().base_url(server.uri()))
        .max_response_bytes(16)
        .build()
        .unwrap();
    let err = t.execute(read()).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::ResponseTooLarge,
                ..
            }
        ),
        "{err:?}"
    );
    // Options left unset keep the transport's defaults; a remote `http://` is still refused.
    let err = ExampleClientBuilder::new()
        .base_url("http://api.example.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::InsecureTransport,
                ..
            }
        ),
        "{err:?}"
    );
}
