//! LinkedIn's errors as `social_core::Error` (issue 10, items 1, 6 and 7), against a mock
//! server: the envelope of the "Error Handling" page
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling>), the
//! token errors, missing permissions, 422 field lines, `DUPLICATE_POST`, `426
//! NONEXISTENT_VERSION`, daily and short 429s (the "Rate Limits" page:
//! <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits>) and
//! pages that are not JSON. The bodies are the ones integrators captured from the real API.

mod common;

use std::time::Duration;

use common::*;
use social_core::auth::{AccessToken, TokenSet};
use social_core::clock::ManualClock;
use social_core::{AuthErrorKind, Error, ViolationKind};
use social_linkedin::error::{is_daily_limit, is_version_retired};
use social_linkedin::urn::PersonUrn;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn me() -> PersonUrn {
    MEMBER.parse().unwrap()
}

async fn userinfo_answering(
    template: ResponseTemplate,
    times: u64,
) -> (MockServer, Error, ManualClock) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(template)
        .expect(times)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let err = li.userinfo().send().await.unwrap_err();
    (server, err, clock)
}

#[tokio::test]
async fn case7_401_65600_is_an_expired_token() {
    let (_s, err, _) =
        userinfo_answering(li_error(401, Some(65600), None, "Invalid access token"), 1).await;
    let Error::Auth { kind, api, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(kind, &AuthErrorKind::Expired);
    assert_eq!(api.as_ref().unwrap().code, Some(65600));
    assert!(
        err.to_string()
            .starts_with("LinkedIn: authentication failed: token expired"),
        "{err}"
    );
}

#[tokio::test]
async fn case7_401_65601_is_a_revoked_token_not_retried_when_the_token_is_old() {
    let (_s, err, clock) = userinfo_answering(
        li_error(
            401,
            Some(65601),
            Some("REVOKED_ACCESS_TOKEN"),
            "The token used in the request has been revoked by the user",
        ),
        1,
    )
    .await;
    let Error::Auth { kind, message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(kind, &AuthErrorKind::Invalid);
    assert!(message.contains("revoked"), "{message}");
    // The client does not know when the token was issued: no retry, no wait.
    assert!(clock.sleeps().is_empty());
}

/// A revocation right after consent (reported intermittently by integrators) is sent once more
/// after a short wait on the client's clock, and succeeds; one that persists is returned after
/// that single retry.
#[tokio::test]
async fn case7_a_revocation_right_after_consent_is_retried_once_after_a_short_delay() {
    let server = MockServer::start().await;
    let revoked = li_error(
        401,
        Some(65601),
        Some("REVOKED_ACCESS_TOKEN"),
        "The token used in the request has been revoked by the user",
    );
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(revoked.clone())
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(
            200,
            serde_json::json!({"sub": "-f_Ut43FoQ", "name": "Jane Doe"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    // Tokens issued a minute ago.
    let tokens = TokenSet::new(AccessToken::new(TOKEN)).with_lifetime(
        start() - Duration::from_secs(60),
        Duration::from_secs(5_184_000),
    );
    let li = builder(&server, &clock).tokens(&tokens).build().unwrap();
    let me = li.userinfo().send().await.unwrap();
    assert_eq!(me.sub, "-f_Ut43FoQ");
    assert_eq!(
        clock.sleeps(),
        [social_linkedin::client::REVOCATION_RETRY_DELAY]
    );

    // Persistent: one retry only.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(revoked)
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let li = builder(&server, &clock)
        .access_token(AccessToken::new(TOKEN))
        .token_issued_at(start())
        .build()
        .unwrap();
    let err = li.userinfo().send().await.unwrap_err();
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
    assert_eq!(clock.sleeps().len(), 1);
}

#[tokio::test]
async fn case7_a_missing_token_is_said_so() {
    let (_s, err, _) = userinfo_answering(
        li_error(401, Some(401), None, "Empty oauth2_access_token"),
        1,
    )
    .await;
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::Missing,
                ..
            }
        ),
        "{err:?}"
    );
    // And a client without any token does not send at all.
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let li = builder(&server, &clock).build().unwrap();
    let err = li.userinfo().send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::Missing,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(requests(&server).await.is_empty());
}

/// The documented 403 for `/v2/me` names the resource.
#[tokio::test]
async fn case7_403_access_denied_is_a_missing_permission_naming_the_resource() {
    let (_s, err, _) = userinfo_answering(access_denied("me.GET.NO_VERSION"), 1).await;
    let Error::Auth {
        kind, message, api, ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(kind, &AuthErrorKind::MissingPermission { scope: None });
    assert!(message.contains("`me.GET.NO_VERSION`"), "{message}");
    assert_eq!(api.as_ref().unwrap().kind.as_deref(), Some("ACCESS_DENIED"));
}

#[tokio::test]
async fn case7_404_is_not_found_with_the_request_id() {
    let (_s, err, _) = userinfo_answering(
        li_error(404, None, None, "Not Found").insert_header("x-li-uuid", "AAXyZ123=="),
        1,
    )
    .await;
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert_eq!(
        err.api_error().unwrap().request_id.as_deref(),
        Some("AAXyZ123==")
    );
}

/// 422 field lines become violations, one per line.
#[tokio::test]
async fn case7_422_field_lines_are_violations() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(json(422, serde_json::json!({
            "message": "ERROR :: /author :: field is required but not found and has no default value\nERROR :: /contentX :: unrecognized field found but not allowed",
            "status": 422
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li.posts().create(me()).text("Hi").send().await.unwrap_err();
    let Error::InvalidInput {
        violations,
        network,
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*network, Some(social_core::Network::LinkedIn));
    assert_eq!(violations.len(), 2);
    assert_eq!(violations[0].field, "author");
    assert_eq!(violations[0].kind, ViolationKind::Empty);
    assert_eq!(violations[1].field, "contentX");
    assert_eq!(violations[1].kind, ViolationKind::Unsupported);
    assert!(violations[0].message.contains("HTTP 422"));
}

/// `DUPLICATE_POST` names the post it duplicates.
#[tokio::test]
async fn case6_duplicate_post_names_the_existing_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(json(422, serde_json::json!({
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": "Unable to create a new post. Content is a duplicate of urn:li:share:7141138937766391808",
            "errorDetails": {"inputErrors": [{"description": "Duplicate post is detected", "input": {}, "code": "DUPLICATE_POST"}]},
            "status": 422
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .posts()
        .create(me())
        .text("Hello again")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
    assert_eq!(err.duplicate_of(), Some("urn:li:share:7141138937766391808"));
    assert!(!err.is_retryable());
}

/// 426 `NONEXISTENT_VERSION` is distinct and matchable, names the version asked for and how to
/// set a newer one.
#[tokio::test]
async fn case1_426_nonexistent_version_names_the_version_and_the_fix() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A1"))
        .respond_with(li_error(
            426,
            None,
            Some("NONEXISTENT_VERSION"),
            "Requested version 20241101 is not active",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let li = builder(&server, &clock)
        .access_token(AccessToken::new(TOKEN))
        .version("202411")
        .unwrap()
        .build()
        .unwrap();
    let err = li
        .posts()
        .get(&"urn:li:share:1".parse().unwrap())
        .send()
        .await
        .unwrap_err();
    assert!(is_version_retired(&err), "{err:?}");
    assert_eq!(err.status(), Some(426));
    let text = err.to_string();
    assert!(
        text.contains("LinkedIn-Version 202411 is not served"),
        "{text}"
    );
    assert!(
        text.contains("Requested version 20241101 is not active"),
        "{text}"
    );
    assert!(text.contains("LinkedInClientBuilder::version"), "{text}");
    assert!(!err.is_retryable());
}

/// A "DAY limit" 429 is not retried, carries the next midnight UTC as its reset, and the
/// endpoint is not called again before then.
#[tokio::test]
async fn case7_a_daily_limit_is_not_retried_and_resets_at_midnight_utc() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(li_error(
            429,
            None,
            None,
            "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let err = li.userinfo().send().await.unwrap_err();
    let Error::RateLimited {
        retry_after,
        reset_at,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, None);
    assert_eq!(*reset_at, Some(at(MIDNIGHT_UNIX)));
    assert!(is_daily_limit(&err));
    assert!(
        clock.sleeps().is_empty(),
        "not retried: {:?}",
        clock.sleeps()
    );
    // The next call is refused here, without a request, until midnight.
    let again = li.userinfo().send().await.unwrap_err();
    let Error::RateLimited { api, reset_at, .. } = &again else {
        panic!("{again:?}")
    };
    assert!(api.is_none(), "refused locally");
    assert_eq!(*reset_at, Some(at(MIDNIGHT_UNIX)));
    assert_eq!(
        li.rate_limit("GET /v2/userinfo").and_then(|r| r.reset_at),
        Some(at(MIDNIGHT_UNIX))
    );
}

/// A short throttle backs off (2 s, then 4 s) and a read is retried until it succeeds.
#[tokio::test]
async fn case7_short_throttles_back_off() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(throttled())
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(200, serde_json::json!({"sub": "-f_Ut43FoQ"})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    li.userinfo().send().await.unwrap();
    assert_eq!(
        clock.sleeps(),
        [Duration::from_secs(2), Duration::from_secs(4)]
    );
}

/// An HTML error page from an edge server keeps the status and a snippet; a 502 read is
/// retried, then given to the caller.
#[tokio::test]
async fn case7_an_html_error_page_is_typed_with_status_and_snippet() {
    let page =
        "<!DOCTYPE html><html><head><title>LinkedIn</title></head><body>Bad Gateway</body></html>";
    let (_s, err, clock) = userinfo_answering(
        ResponseTemplate::new(502).set_body_raw(page, "text/html; charset=utf-8"),
        3,
    )
    .await;
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 502);
    assert!(
        api.body_snippet.contains("Bad Gateway"),
        "{}",
        api.body_snippet
    );
    assert!(
        api.message.contains("non-JSON page (text/html"),
        "{}",
        api.message
    );
    assert!(err.is_retryable());
    assert_eq!(clock.sleeps().len(), 2);
    // A 400 page is the caller's error at once.
    let (_s, err, _) = userinfo_answering(
        ResponseTemplate::new(400).set_body_raw("<html>Bad request</html>", "text/html"),
        1,
    )
    .await;
    assert_eq!(err.status(), Some(400));
    assert!(!err.is_retryable());
}

/// Secrets the server echoes are masked in errors.
#[tokio::test]
async fn case7_an_echoed_token_is_masked() {
    let (_s, err, _) = userinfo_answering(
        li_error(
            400,
            None,
            Some("ILLEGAL_ARGUMENT"),
            &format!("bad token {TOKEN}"),
        ),
        1,
    )
    .await;
    let text = format!("{err} {err:?}");
    assert!(!text.contains(TOKEN), "{text}");
}
