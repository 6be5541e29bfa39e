//! The error table of `error.rs` (the codes of
//! <https://developers.facebook.com/docs/graph-api/guides/error-handling>): Graph errors are
//! classified by `code`, then
//! `error_subcode`, whatever the HTTP status; transient errors are retried for reads only; the
//! legacy flat shape, non-JSON bodies, `fbtrace_id`, and secrets that never reach a message.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::auth::{AccessToken, AppSecret};
use social_core::clock::ManualClock;
use social_core::{AuthErrorKind, Error, PostId};
use social_facebook::FacebookClient;
use social_facebook::error::buc_bucket;
use social_facebook::models::PageId;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page_path() -> String {
    p(PAGE_ID)
}

/// `GET /{page-id}` answering `template`, expected `n` times; returns the error.
async fn get_error(template: ResponseTemplate, n: u64) -> Error {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(page_path()))
        .respond_with(template)
        .expect(n)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.pages()
        .get(&PageId::new(PAGE_ID))
        .send()
        .await
        .unwrap_err()
}

/// The BUC header for the Page, at 100 % with `minutes` to wait
/// (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>).
fn buc_full(minutes: u64) -> String {
    json!({PAGE_ID: [{
        "type": "pages", "call_count": 100, "total_cputime": 12, "total_time": 20,
        "estimated_time_to_regain_access": minutes
    }]})
    .to_string()
}

// Code 190 and its subcodes (<https://developers.facebook.com/docs/graph-api/guides/error-handling>); bodies shaped like that page's documented
// example and real bodies (blynkkk/blynk-server#435 for 463, roughike/flutter_facebook_login#151
// for 460).
#[tokio::test]
async fn code_190_subcodes_are_auth_errors_saying_why() {
    let cases: [(Option<i64>, AuthErrorKind, &str); 8] = [
        (Some(463), AuthErrorKind::Expired, "expired"),
        (Some(458), AuthErrorKind::Invalid, "removed the app"),
        (Some(460), AuthErrorKind::Invalid, "password"),
        (Some(467), AuthErrorKind::Invalid, "no longer valid"),
        (Some(492), AuthErrorKind::Invalid, "role on the Page"),
        (None, AuthErrorKind::Invalid, "invalid"),
        (
            Some(459),
            AuthErrorKind::ReauthorizationRequired,
            "checkpoint",
        ),
        (Some(464), AuthErrorKind::ReauthorizationRequired, "confirm"),
    ];
    for (sub, kind, why) in cases {
        let err = get_error(
            graph_error(
                400,
                190,
                sub,
                "Error validating access token: Session has expired on Sunday, 25-Dec-16 04:45:57 PST.",
            ),
            1,
        )
        .await;
        match &err {
            Error::Auth {
                kind: k,
                message,
                api,
                ..
            } => {
                assert_eq!(*k, kind, "{sub:?}");
                assert!(message.contains(why), "{sub:?}: {message}");
                let api = api.as_ref().unwrap();
                assert_eq!((api.code, api.subcode), (Some(190), sub));
                assert_eq!(api.request_id.as_deref(), Some("AbCdEfGh123"));
            }
            other => panic!("{sub:?}: {other:?}"),
        }
        assert!(!err.is_retryable());
    }
}

#[tokio::test]
async fn code_102_is_an_invalid_session() {
    let err = get_error(
        graph_error(400, 102, None, "Session key invalid or no longer valid"),
        1,
    )
    .await;
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::Invalid,
                ..
            }
        ),
        "{err:?}"
    );
}

// 4, 17, 32, 613 and 80001 are rate limits (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>); the wait comes from
// `estimated_time_to_regain_access` (minutes) of X-Business-Use-Case-Usage. Messages as Graph
// writes them (<https://developers.facebook.com/docs/graph-api/guides/error-handling>).
#[tokio::test]
async fn rate_limit_codes_wait_for_the_business_use_case_estimate() {
    for (code, message) in [
        (4, "(#4) Application request limit reached"),
        (17, "(#17) User request limit reached"),
        (32, "(#32) Page request limit reached"),
        (
            613,
            "(#613) Calls to this api have exceeded the rate limit.",
        ),
        (
            80001,
            "(#80001) There have been too many calls to this Page account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting.",
        ),
    ] {
        let err = get_error(
            graph_error(400, code, None, message)
                .insert_header("x-business-use-case-usage", buc_full(5).as_str()),
            // 5 minutes is over the policy's 30 s: not retried.
            1,
        )
        .await;
        match &err {
            Error::RateLimited {
                retry_after,
                bucket,
                api,
                ..
            } => {
                assert_eq!(*retry_after, Some(Duration::from_secs(300)), "{code}");
                assert_eq!(
                    bucket.as_deref(),
                    Some(buc_bucket(PAGE_ID, "pages").as_str())
                );
                assert_eq!(api.as_ref().and_then(|a| a.code), Some(code));
            }
            other => panic!("{code}: {other:?}"),
        }
        assert!(err.is_retryable());
    }
}

// The app-limit body (nygardk/react-share#70) carries `is_transient: true`; still a rate
// limit, and without any usage header there is no known wait: fail at once.
#[tokio::test]
async fn app_limit_without_headers_is_rate_limited_at_once() {
    let err = get_error(
        ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": "(#4) Application request limit reached",
            "type": "OAuthException", "is_transient": true, "code": 4, "fbtrace_id": "E+h93KlSgIM"
        }})),
        1,
    )
    .await;
    let Error::RateLimited {
        retry_after, api, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, None);
    assert_eq!(
        api.as_ref().and_then(|a| a.request_id.as_deref()),
        Some("E+h93KlSgIM")
    );
}

#[tokio::test]
async fn short_business_use_case_wait_is_retried_on_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(page_path()))
        .respond_with(
            graph_error(400, 80001, None, "(#80001) There have been too many calls").insert_header(
                "x-business-use-case-usage",
                json!({PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 1,
                        "total_time": 1, "estimated_time_to_regain_access": 0.25}]})
                .to_string()
                .as_str(),
            ),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(page_path()))
        .respond_with(ok(json!({"id": PAGE_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    fb.pages().get(&PageId::new(PAGE_ID)).send().await.unwrap();
    assert_eq!(clock.slept(), Duration::from_secs(15));
}

// When two quotas are exhausted at once, the error must still carry the wait Graph announced.
#[tokio::test]
async fn rate_limit_keeps_the_known_wait_when_another_quota_is_also_full() {
    let err = get_error(
        graph_error(400, 80001, None, "(#80001) There have been too many calls")
            .insert_header(
                "x-app-usage",
                r#"{"call_count":100,"total_time":40,"total_cputime":40}"#,
            )
            .insert_header("x-business-use-case-usage", buc_full(5).as_str()),
        1,
    )
    .await;
    let Error::RateLimited { retry_after, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(300)), "{err:?}");
}

#[tokio::test]
async fn http_429_with_a_long_retry_after_fails_at_once() {
    let err = get_error(
        ResponseTemplate::new(429)
            .insert_header("retry-after", "3600")
            .set_body_string("Too Many Requests"),
        1,
    )
    .await;
    let Error::RateLimited { retry_after, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Some(Duration::from_secs(3600)));
}

// sns-sdks/python-facebook#102 and PipedreamHQ/pipedream#7581: 10 and 200–299
// are permission errors, naming the permission when the message does.
#[tokio::test]
async fn permission_codes_name_the_permission() {
    for (code, message, scope) in [
        (
            10,
            "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature. Refer to https://developers.facebook.com/docs/apps/review/login-permissions#manage-pages for details.",
            Some("pages_read_engagement"),
        ),
        (
            283,
            "(#283) Requires pages_read_engagement permission to manage the object",
            Some("pages_read_engagement"),
        ),
        (
            200,
            "(#200) Requires read_insights permission",
            Some("read_insights"),
        ),
        (200, "(#200) Permissions error", None),
    ] {
        let err = get_error(graph_error(403, code, None, message), 1).await;
        match &err {
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { scope: s },
                ..
            } => assert_eq!(s.as_deref(), scope, "{code}"),
            other => panic!("{code}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn code_100_subcode_33_is_not_found_and_plain_100_is_an_api_error() {
    let err = get_error(
        graph_error(
            400,
            100,
            Some(33),
            "Unsupported get request. Object with ID '200000000000001' does not exist",
        ),
        1,
    )
    .await;
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let err = get_error(
        graph_error(
            400,
            100,
            None,
            "(#100) Tried accessing nonexisting field (accounts) on node type (Page)",
        ),
        1,
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.code, Some(100));
    assert!(api.message.contains("nonexisting field"));
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn code_506_is_a_duplicate() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(
            400,
            506,
            None,
            "(#506) Duplicate status message",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&PageId::new(PAGE_ID))
        .message("Same again")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
    assert_eq!(err.status(), Some(400));
}

// 368 "deemed abusive" (<https://developers.facebook.com/docs/graph-api/guides/error-handling>): not retried automatically.
#[tokio::test]
async fn code_368_is_an_api_error_not_retried() {
    let err = get_error(
        graph_error(
            400,
            368,
            Some(1_390_008),
            "The action attempted has been deemed abusive or is otherwise disallowed",
        ),
        1,
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!((api.code, api.subcode), (Some(368), Some(1_390_008)));
    assert!(!api.transient);
    assert!(!err.is_retryable());
}

// 1 and 2 ("API Unknown", "API Service", <https://developers.facebook.com/docs/graph-api/guides/error-handling>) are transient:
// retried with backoff for reads.
#[tokio::test]
async fn codes_1_and_2_are_retried_on_get() {
    for code in [1, 2] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path(page_path()))
            .respond_with(graph_error(
                500,
                code,
                Some(99),
                "An unknown error occurred",
            ))
            .up_to_n_times(2)
            .expect(2)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(page_path()))
            .respond_with(ok(json!({"id": PAGE_ID})))
            .expect(1)
            .mount(&server)
            .await;
        let (fb, clock) = client(&server);
        fb.pages().get(&PageId::new(PAGE_ID)).send().await.unwrap();
        // Backoff without jitter: 10 ms then 20 ms.
        assert_eq!(
            clock.sleeps(),
            [Duration::from_millis(10), Duration::from_millis(20)]
        );
    }
}

#[tokio::test]
async fn is_transient_on_a_400_is_retried_on_get_and_gives_up_after_three() {
    let err = get_error(
        ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": "Please reduce the amount of data you're asking for, then retry your request",
            "type": "OAuthException", "code": 9007, "is_transient": true, "fbtrace_id": "T1"
        }})),
        3,
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(api.transient);
    assert!(err.is_retryable());
}

// A create answered with a transient error may have happened; it is
// reported Unconfirmed and never sent twice.
#[tokio::test]
async fn transient_error_on_a_create_is_unconfirmed_and_sent_once() {
    for (status, code) in [(500, 1), (400, 2)] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(p(&format!("{PAGE_ID}/feed"))))
            .respond_with(graph_error(
                status,
                code,
                None,
                "An unexpected error has occurred. Please retry your request later.",
            ))
            .expect(1)
            .mount(&server)
            .await;
        let (fb, clock) = client(&server);
        let err = fb
            .posts()
            .create(&PageId::new(PAGE_ID))
            .message("Once only")
            .send()
            .await
            .unwrap_err();
        let Error::Unconfirmed {
            endpoint,
            correlation_id,
            cause,
            ..
        } = &err
        else {
            panic!("{err:?}")
        };
        assert_eq!(endpoint, "POST /:page/feed");
        assert!(!correlation_id.is_empty());
        assert_eq!(cause.api_error().and_then(|a| a.code), Some(code));
        assert!(!err.is_retryable());
        assert!(clock.sleeps().is_empty());
    }
}

// restfb's src/test/resources/json/oauthExampleError.json: code 1 with an explicit `is_transient: false`
// and a user-facing message is a refusal, not an outage. Graph's own flag must win over the
// code's default: a read is not retried, and a create is refused (not "outcome unknown").
#[tokio::test]
async fn explicit_is_transient_false_is_not_retried() {
    let body = json!({"error": {
        "message": "An unknown error occurred",
        "type": "OAuthException",
        "code": 1,
        "error_subcode": 1965014,
        "is_transient": false,
        "error_user_title": "Fundraisers Have a 90 Day Limit",
        "error_user_msg": "Please choose another end date.",
        "fbtrace_id": "EmOAvxDPlF2"
    }});
    let err = get_error(ResponseTemplate::new(400).set_body_json(body.clone()), 1).await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert!(!api.transient, "{api:?}");
    assert!(api.message.contains("Please choose another end date"));
    assert!(api.message.contains("Fundraisers Have a 90 Day Limit"));

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(400).set_body_json(body))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&PageId::new(PAGE_ID))
        .message("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
}

// Graph's HTTP status is usually 400, sometimes 403 or 500 (<https://developers.facebook.com/docs/graph-api/guides/error-handling>): classify
// by `code`. A token, a missing object or a duplicate answered with a 500 is as final
// as with a 400: a read is not retried, and a create that Graph refused is not "unknown".
#[tokio::test]
async fn a_classified_error_on_http_500_is_not_retried() {
    for (code, sub, msg) in [
        (
            190,
            Some(463),
            "Error validating access token: Session has expired",
        ),
        (
            100,
            Some(33),
            "Unsupported get request. Object with ID '1' does not exist",
        ),
        (
            10,
            None,
            "(#10) This endpoint requires the 'pages_read_engagement' permission",
        ),
    ] {
        let err = get_error(graph_error(500, code, sub, msg), 1).await;
        assert!(
            matches!(err, Error::Auth { .. } | Error::NotFound { .. }),
            "{code}: {err:?}"
        );
    }
}

#[tokio::test]
async fn a_duplicate_answered_with_http_500_is_a_duplicate_not_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(graph_error(
            500,
            506,
            None,
            "(#506) Duplicate status message",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&PageId::new(PAGE_ID))
        .message("Same again")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
}

// The flat `{"error_type","code","error_message"}` shape of the OAuth endpoints (restfb's
// src/test/resources/json/exampleOauthError.json).
#[tokio::test]
async fn legacy_flat_shape_is_read() {
    let err = get_error(
        ResponseTemplate::new(400).set_body_json(json!({
            "error_type": "OAuthException",
            "code": 400,
            "error_message": "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request"
        })),
        1,
    )
    .await;
    match &err {
        Error::Auth {
            kind: AuthErrorKind::Unauthorized,
            message,
            api,
            ..
        } => {
            assert!(message.contains("Error validating verification code"));
            assert_eq!(
                api.as_ref().and_then(|a| a.kind.as_deref()),
                Some("OAuthException")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn html_502_is_retried_on_get_then_kept_with_its_status() {
    let err = get_error(
        ResponseTemplate::new(502)
            .insert_header("content-type", "text/html")
            .set_body_string("<html><body><h1>502 Bad Gateway</h1></body></html>"),
        3,
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.body_snippet.contains("502 Bad Gateway"));
    assert!(err.is_retryable());
}

#[tokio::test]
async fn html_502_on_a_create_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string("<html>502</html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&PageId::new(PAGE_ID))
        .message("x")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(err.status(), Some(502));
}

// A create that times out may have happened; it is not sent again,
// and the late answer does not create a second post.
#[tokio::test]
async fn create_timing_out_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(json!({"id": "1_2"})).set_delay(Duration::from_millis(800)))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let fb = builder(&server, &clock)
        .access_token(AccessToken::new(PAGE_TOKEN))
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = fb
        .posts()
        .create(&PageId::new(PAGE_ID))
        .message("x")
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { cause, .. } = &err else {
        panic!("{err:?}")
    };
    assert!(
        matches!(
            **cause,
            Error::Transport {
                kind: social_core::TransportErrorKind::Timeout,
                ..
            }
        ),
        "{cause:?}"
    );
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(all_requests(&server).await.len(), 1);
}

#[tokio::test]
async fn read_timing_out_is_retried_then_reported() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({"id": PAGE_ID})).set_delay(Duration::from_millis(500)))
        .expect(3)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let fb = builder(&server, &clock)
        .access_token(AccessToken::new(PAGE_TOKEN))
        .timeout(Duration::from_millis(100))
        .build()
        .unwrap();
    let err = fb
        .pages()
        .get(&PageId::new(PAGE_ID))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: social_core::TransportErrorKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
}

// `fbtrace_id` is the support id (<https://developers.facebook.com/docs/graph-api/guides/error-handling>); always keep it. Without it,
// the `x-fb-trace-id` response header.
#[tokio::test]
async fn fbtrace_id_is_the_request_id() {
    let err = get_error(graph_error(400, 100, None, "(#100) Invalid parameter"), 1).await;
    assert_eq!(
        err.api_error().and_then(|a| a.request_id.as_deref()),
        Some("AbCdEfGh123")
    );
    assert!(err.to_string().contains("AbCdEfGh123"), "{err}");
    let err = get_error(
        ResponseTemplate::new(400)
            .insert_header("x-fb-trace-id", "HdrTrace9")
            .set_body_json(
                json!({"error": {"message": "(#100) x", "type": "OAuthException", "code": 100}}),
            ),
        1,
    )
    .await;
    assert_eq!(
        err.api_error().and_then(|a| a.request_id.as_deref()),
        Some("HdrTrace9")
    );
}

// Secrets never appear in output.
mod secrets {
    use super::*;

    const TOKEN: &str = "SEKRIT-123";
    const SECRET: &str = "SEKRIT-APP-456";
    // python3 -c "import hmac,hashlib;print(hmac.new(b'SEKRIT-APP-456',b'SEKRIT-123',hashlib.sha256).hexdigest())"
    const PROOF: &str = "afe70527d60c1b71f73e19d3184bdbf9d5de743a844729994014c6100695051b";

    fn marked(server: &MockServer) -> FacebookClient {
        let builder = FacebookClient::builder()
            .base_url(server.uri())
            .app_id(APP_ID)
            .app_secret(AppSecret::new(SECRET))
            .access_token(AccessToken::new(TOKEN))
            .retry_policy(fast_retry())
            .clock(Arc::new(ManualClock::new(start())));
        assert_clean("Debug of the builder", &format!("{builder:?}"));
        builder.build().unwrap()
    }

    fn assert_clean(what: &str, text: &str) {
        for s in [TOKEN, SECRET, PROOF] {
            assert!(!text.contains(s), "{what} leaks {s}: {text}");
        }
    }

    fn echo(server_uri: &str) -> String {
        format!("{server_uri}/{VERSION}/{PAGE_ID}?access_token={TOKEN}&appsecret_proof={PROOF}")
    }

    #[tokio::test]
    async fn errors_echoing_the_request_are_masked() {
        let server = MockServer::start().await;
        let uri = echo(&server.uri());
        // A JSON error quoting the URL in every text field.
        Mock::given(method("GET"))
            .and(path(page_path()))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
                "message": format!("Invalid OAuth access token {TOKEN} for {uri}"),
                "type": "OAuthException",
                "code": 190,
                "error_subcode": 467,
                "error_user_title": format!("token {TOKEN}"),
                "error_user_msg": format!("proof {PROOF}"),
                "fbtrace_id": "Z1"
            }})))
            .mount(&server)
            .await;
        // A proxy's HTML page echoing the request line.
        Mock::given(method("GET"))
            .and(path(p("html")))
            .respond_with(
                ResponseTemplate::new(500).set_body_string(format!("<pre>GET {uri} failed</pre>")),
            )
            .mount(&server)
            .await;
        // A 200 that is not what was asked for, echoing the token.
        Mock::given(method("GET"))
            .and(path(p("odd")))
            .respond_with(ok(json!({"echo": uri, "token": TOKEN})))
            .mount(&server)
            .await;
        // A create answered 503 echoing the URL (Unconfirmed wraps the cause).
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(503).set_body_string(uri.clone()))
            .mount(&server)
            .await;

        let fb = marked(&server);
        let (logs, _guard) = social_testkit::logs::capture_logs();
        let e1 = fb
            .pages()
            .get(&PageId::new(PAGE_ID))
            .send()
            .await
            .unwrap_err();
        let e2 = fb
            .pages()
            .get(&PageId::new("html"))
            .send()
            .await
            .unwrap_err();
        let e3 = fb
            .posts()
            .get(&PostId::new("odd"))
            .send()
            .await
            .unwrap_err();
        let e4 = fb
            .posts()
            .create(&PageId::new(PAGE_ID))
            .message("x")
            .send()
            .await
            .unwrap_err();
        assert!(matches!(e1, Error::Auth { .. }), "{e1:?}");
        assert!(matches!(e2, Error::Api(_)), "{e2:?}");
        assert!(matches!(e3, Error::Decode { .. }), "{e3:?}");
        assert!(matches!(e4, Error::Unconfirmed { .. }), "{e4:?}");
        for (i, e) in [e1, e2, e3, e4].iter().enumerate() {
            assert_clean(&format!("Display of error {i}"), &e.to_string());
            assert_clean(&format!("Debug of error {i}"), &format!("{e:?}"));
        }
        assert_clean("Debug of the client", &format!("{fb:?}"));
        assert_clean("TRACE logs", &logs.text());
        // The requests did carry them (in the query string).
        let sent = all_requests(&server).await;
        assert!(
            sent.iter()
                .all(|r| query_values(r, "access_token") == [TOKEN]
                    && query_values(r, "appsecret_proof") == [PROOF])
        );
    }

    #[tokio::test]
    async fn a_connection_error_does_not_show_the_url() {
        // Nothing listens on this port: connect error, with a URL carrying the token.
        let fb = FacebookClient::builder()
            .base_url("http://127.0.0.1:9")
            .app_secret(AppSecret::new(SECRET))
            .access_token(AccessToken::new(TOKEN))
            .retry_policy(fast_retry())
            .clock(Arc::new(ManualClock::new(start())))
            .build()
            .unwrap();
        let err = fb
            .pages()
            .get(&PageId::new(PAGE_ID))
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::Transport { .. }), "{err:?}");
        assert_clean("Display", &err.to_string());
        assert_clean("Debug", &format!("{err:?}"));
    }
}
