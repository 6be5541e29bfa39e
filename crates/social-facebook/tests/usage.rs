//! Usage headers (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>): `X-App-Usage`, `X-Page-Usage` and
//! `X-Business-Use-Case-Usage` read into the client's rate limits; a missing or malformed header
//! is unknown (never 0 %, never a panic); a Page whose business-use-case quota is spent is not
//! called again before Graph's estimate; and the `facebook-api-version` check.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::{Error, PostId};
use social_facebook::error::{APP_BUCKET, buc_bucket, page_bucket};
use social_facebook::models::PageId;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const OTHER_PAGE: &str = "200000000000002";

async fn get_page(fb: &social_facebook::FacebookClient, id: &str) -> social_core::Result<()> {
    fb.pages().get(&PageId::new(id)).send().await.map(|_| ())
}

fn page_ok(id: &str) -> ResponseTemplate {
    ok(json!({"id": id, "name": "Cabinet Martin"}))
}

/// The Page, answered with its business-use-case quota spent for 7 minutes
/// (`estimated_time_to_regain_access` is in minutes, <https://developers.facebook.com/docs/graph-api/overview/rate-limiting>).
fn page_spent_for_7_minutes() -> ResponseTemplate {
    page_ok(PAGE_ID).insert_header(
        "x-business-use-case-usage",
        json!({PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 30,
            "total_time": 40, "estimated_time_to_regain_access": 7}]})
        .to_string()
        .as_str(),
    )
}

// `X-App-Usage: {"call_count":28,"total_time":25,"total_cputime":25}` (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>);
// `X-Page-Usage` in the single-quoted form of facebookarchive/php-graph-sdk#634; the BUC header's documented
// shape (an id mapped to an array of entries).
#[tokio::test]
async fn usage_headers_become_rate_limits() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(
            page_ok(PAGE_ID)
                .insert_header(
                    "x-app-usage",
                    r#"{"call_count":28,"total_time":25,"total_cputime":25}"#,
                )
                .insert_header(
                    "x-page-usage",
                    "{'call_count' : 85, 'total_cputime' : 56, 'total_time' : 60}",
                )
                .insert_header(
                    "x-business-use-case-usage",
                    json!({PAGE_ID: [{"type": "pages", "call_count": 97, "total_cputime": 23,
                        "total_time": 23, "estimated_time_to_regain_access": 0}]})
                    .to_string()
                    .as_str(),
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    assert!(fb.app_usage().is_none(), "nothing learnt yet");
    get_page(&fb, PAGE_ID).await.unwrap();
    let app = fb.app_usage().unwrap();
    assert_eq!(app.bucket, APP_BUCKET);
    assert_eq!(app.used_percent, Some(28.0));
    assert_eq!(fb.rate_limit(APP_BUCKET), Some(app));
    let page = fb.rate_limit(&page_bucket(PAGE_ID)).unwrap();
    assert_eq!(page.used_percent, Some(85.0));
    let buc = fb.rate_limit(&buc_bucket(PAGE_ID, "pages")).unwrap();
    assert_eq!(buc.used_percent, Some(97.0));
    assert_eq!(buc.reset_at, None, "no wait announced");
    // The Page's usage is the more constraining of the two (97 % over 85 %).
    assert_eq!(fb.page_usage(&PageId::new(PAGE_ID)), Some(buc));
    assert_eq!(fb.page_usage(&PageId::new("999")), None);
}

// The headers are missing when usage is about 0 % (restfb/restfb#548): unknown, not 0 %.
#[tokio::test]
async fn missing_headers_leave_usage_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page_ok(PAGE_ID))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    get_page(&fb, PAGE_ID).await.unwrap();
    assert_eq!(fb.app_usage(), None);
    assert_eq!(fb.rate_limit(&page_bucket(PAGE_ID)), None);
    assert_eq!(fb.rate_limit(&buc_bucket(PAGE_ID, "pages")), None);
}

#[tokio::test]
async fn malformed_headers_are_ignored_without_panic() {
    for (app, page, buc) in [
        ("not json", "{", "["),
        ("{}", "{\"call_count\":\"lots\"}", "{\"1\":5}"),
        ("[]", "null", "{\"1\":[{\"type\":5}]}"),
        (
            "{\"call_count\":1e999}",
            "\"85\"",
            "{\"200000000000001\":{\"type\":\"pages\"}}",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(
                page_ok(PAGE_ID)
                    .insert_header("x-app-usage", app)
                    .insert_header("x-page-usage", page)
                    .insert_header("x-business-use-case-usage", buc),
            )
            .mount(&server)
            .await;
        let (fb, _) = client(&server);
        get_page(&fb, PAGE_ID).await.unwrap();
        assert_eq!(fb.app_usage(), None, "{app}");
        assert_eq!(fb.rate_limit(&page_bucket(PAGE_ID)), None, "{page}");
        assert_eq!(fb.rate_limit(&buc_bucket(PAGE_ID, "pages")), None, "{buc}");
    }
}

// The rate-limiting page's own sample (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>) repeats an id; last
// wins, no panic.
#[tokio::test]
async fn repeated_ids_in_the_business_header_do_not_panic() {
    let server = MockServer::start().await;
    let raw = r#"{"10153848260347724":[{"type":"ads_insights","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":0}],"10153848260347724":[{"type":"pages","call_count":97,"total_cputime":23,"total_time":23,"estimated_time_to_regain_access":0}]}"#;
    Mock::given(method("GET"))
        .respond_with(page_ok(PAGE_ID).insert_header("x-business-use-case-usage", raw))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    get_page(&fb, PAGE_ID).await.unwrap();
    let pages = fb
        .rate_limit(&buc_bucket("10153848260347724", "pages"))
        .unwrap();
    assert_eq!(pages.used_percent, Some(97.0));
}

// "Stop calling once throttled" (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>);
// `estimated_time_to_regain_access` is in minutes: the next call to the same bucket is not sent.
#[tokio::test]
async fn a_spent_page_quota_fails_the_next_call_without_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_spent_for_7_minutes())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(OTHER_PAGE)))
        .respond_with(page_ok(OTHER_PAGE))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    get_page(&fb, PAGE_ID).await.unwrap();
    let buc = fb.rate_limit(&buc_bucket(PAGE_ID, "pages")).unwrap();
    assert_eq!(buc.reset_at, Some(start() + Duration::from_secs(7 * 60)));

    let err = get_page(&fb, PAGE_ID).await.unwrap_err();
    match &err {
        Error::RateLimited {
            retry_after,
            bucket,
            api,
            ..
        } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(7 * 60)));
            assert_eq!(
                bucket.as_deref(),
                Some(buc_bucket(PAGE_ID, "pages").as_str())
            );
            assert!(api.is_none(), "refused locally, nothing sent");
        }
        other => panic!("{other:?}"),
    }
    // A post of the same Page (`{page-id}_{post-id}`) counts against the same quota.
    let err = fb
        .posts()
        .get(&PostId::new(format!("{PAGE_ID}_17")))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    // Another Page is not affected.
    get_page(&fb, OTHER_PAGE).await.unwrap();
    // A client made for another token of the same app knows the cooldown too: Graph's quotas
    // are the app's and the Page's, whatever the token (the mock expects one call in all).
    let other_client = fb.with_token(social_core::auth::AccessToken::new("another-page-token"));
    let err = get_page(&other_client, PAGE_ID).await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: None, .. }),
        "{err:?}"
    );
}

// The 80001 error comes with the BUC header (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>); the Page is
// then left alone
// until Graph's estimate instead of adding to the count.
#[tokio::test]
async fn after_an_80001_error_the_page_is_not_called_again_before_the_estimate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(
            graph_error(
                400,
                80001,
                None,
                "(#80001) There have been too many calls to this Page account. Wait a bit and try again.",
            )
            .insert_header(
                "x-business-use-case-usage",
                json!({PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 30,
                    "total_time": 40, "estimated_time_to_regain_access": 10}]})
                .to_string()
                .as_str(),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let first = get_page(&fb, PAGE_ID).await.unwrap_err();
    assert!(first.api_error().is_some(), "{first:?}");
    clock.advance(Duration::from_secs(60));
    let second = get_page(&fb, PAGE_ID).await.unwrap_err();
    match second {
        Error::RateLimited {
            retry_after, api, ..
        } => {
            assert_eq!(retry_after, Some(Duration::from_secs(9 * 60)));
            assert!(api.is_none());
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn the_page_is_called_again_once_the_estimate_has_passed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_spent_for_7_minutes())
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_ok(PAGE_ID))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    get_page(&fb, PAGE_ID).await.unwrap();
    clock.advance(Duration::from_secs(7 * 60));
    get_page(&fb, PAGE_ID).await.unwrap();
}

#[tokio::test]
async fn with_max_rate_limit_wait_the_client_waits_for_the_estimate() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(
            page_ok(PAGE_ID).insert_header(
                "x-business-use-case-usage",
                json!({PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 30,
                    "total_time": 40, "estimated_time_to_regain_access": 2}]})
                .to_string()
                .as_str(),
            ),
        )
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_ok(PAGE_ID))
        .expect(1)
        .mount(&server)
        .await;
    let clock = social_core::clock::ManualClock::new(start());
    let fb = builder(&server, &clock)
        .access_token(social_core::auth::AccessToken::new(PAGE_TOKEN))
        .max_rate_limit_wait(Duration::from_secs(5 * 60))
        // The wait counts in the call's total wait: raised to match.
        .retry_policy(fast_retry().max_total_wait(Duration::from_secs(5 * 60)))
        .build()
        .unwrap();
    get_page(&fb, PAGE_ID).await.unwrap();
    get_page(&fb, PAGE_ID).await.unwrap();
    assert_eq!(clock.sleeps(), [Duration::from_secs(120)]);
}

// Usage headers on an error answer count too (the headers come with every call, <https://developers.facebook.com/docs/graph-api/overview/rate-limiting>).
#[tokio::test]
async fn usage_on_an_error_answer_is_recorded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            graph_error(400, 100, None, "(#100) Invalid parameter").insert_header(
                "x-app-usage",
                r#"{"call_count":61,"total_time":5,"total_cputime":5}"#,
            ),
        )
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = get_page(&fb, PAGE_ID).await.unwrap_err();
    assert_eq!(
        err.rate_limit().and_then(|r| r.used_percent),
        Some(61.0),
        "{err:?}"
    );
    assert_eq!(fb.app_usage().and_then(|u| u.used_percent), Some(61.0));
}

// Graph serves an expired version with the oldest available one
// (<https://developers.facebook.com/docs/graph-api/guides/versioning>) and says so in
// `facebook-api-version`; log a warning when it differs.
#[tokio::test]
async fn another_served_version_is_logged_as_a_warning() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_ok(PAGE_ID).insert_header("facebook-api-version", "v21.0"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(OTHER_PAGE)))
        .respond_with(page_ok(OTHER_PAGE).insert_header("facebook-api-version", VERSION))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let (logs, guard) = social_testkit::logs::capture_logs();
    get_page(&fb, OTHER_PAGE).await.unwrap();
    let same = logs.text();
    get_page(&fb, PAGE_ID).await.unwrap();
    drop(guard);
    let all = logs.text();
    assert!(
        !same.contains("WARN"),
        "no warning when versions match: {same}"
    );
    let warning = all
        .lines()
        .find(|l| l.contains("WARN"))
        .unwrap_or_else(|| panic!("no warning in: {all}"));
    assert!(warning.contains("v21.0"), "{warning}");
    assert!(warning.contains(VERSION), "{warning}");
    assert!(!all.contains(PAGE_TOKEN) && !all.contains(PAGE_PROOF));
}

// The mismatch is said once per client, not on every response of a long-running service.
#[tokio::test]
async fn the_version_warning_is_logged_once() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_ok(PAGE_ID).insert_header("facebook-api-version", "v21.0"))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let (logs, guard) = social_testkit::logs::capture_logs();
    for _ in 0..3 {
        get_page(&fb, PAGE_ID).await.unwrap();
    }
    // A client made from this one shares the dialect: no new warning either.
    get_page(
        &fb.with_token(social_core::auth::AccessToken::new("other")),
        PAGE_ID,
    )
    .await
    .unwrap();
    drop(guard);
    let warnings = logs.text().lines().filter(|l| l.contains("WARN")).count();
    assert_eq!(warnings, 1, "{}", logs.text());
}

// A comment id (`{post-id}_{comment-id}`) does not name its Page; a client acting for the Page
// still counts the call against the Page's quota, so moderation waits like the rest.
#[tokio::test]
async fn a_page_client_holds_comment_calls_during_the_page_cooldown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(page_spent_for_7_minutes())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p("17_42")))
        .respond_with(success())
        .expect(0)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb.acting_for(PageId::new(PAGE_ID));
    get_page(&page, PAGE_ID).await.unwrap();
    let err = page
        .comments()
        .hide(&social_core::CommentId::new("17_42"))
        .await
        .unwrap_err();
    match &err {
        Error::RateLimited {
            retry_after, api, ..
        } => {
            assert_eq!(*retry_after, Some(Duration::from_secs(7 * 60)));
            assert!(api.is_none(), "refused locally, nothing sent");
        }
        other => panic!("{other:?}"),
    }
}
