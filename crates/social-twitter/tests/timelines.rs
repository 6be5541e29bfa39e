//! Timelines, search, and the sip from the river.

mod common;

use chrono::{TimeZone, Utc};
use common::*;
use serde_json::json;
use social_core::{PageLimits, PostId, UserId};
use social_twitter::Listing;
use social_twitter::timelines::River;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn timeline_bounds_are_sent_as_documented() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/42/tweets"))
        .and(query_param("max_results", "5"))
        .and(query_param("since_id", "100"))
        .and(query_param("until_id", "900"))
        .and(query_param("start_time", "2026-01-01T00:00:00Z"))
        .and(query_param("end_time", "2026-02-01T00:00:00Z"))
        .respond_with(ok(json!({"meta": {"result_count": 0}})))
        .expect(1)
        .mount(&server)
        .await;
    let x = app_client(&server);
    let page = x
        .timelines()
        .user_tweets(&UserId::new("42"))
        .page_size(5)
        .since_id(&PostId::new("100"))
        .until_id(&PostId::new("900"))
        .start_time(Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap())
        .end_time(Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap())
        .send()
        .await
        .unwrap();
    // An empty page has no `data`: not an error (https://docs.x.com/x-api/fundamentals/pagination).
    assert!(page.items.is_empty());
    assert_eq!(page.extra.meta.unwrap().result_count, Some(0));
}

#[tokio::test]
async fn search_and_home_use_their_own_ranges() {
    let server = MockServer::start().await;
    let x = app_client(&server);
    assert!(
        x.tweets()
            .search_recent("from:XDevelopers")
            .page_size(9)
            .send()
            .await
            .is_err()
    );
    let (user, _) = user_client(&server);
    assert!(
        user.timelines()
            .home(&UserId::new(ME))
            .page_size(101)
            .send()
            .await
            .is_err()
    );
    // The home timeline acts as the user: an app-only client is refused locally.
    assert!(x.timelines().home(&UserId::new(ME)).send().await.is_err());
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_sip_reads_what_is_new_up_to_a_cap() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("GET"))
        .and(path(format!("/2/users/{ME}/mentions")))
        .and(query_param("since_id", "500"))
        .and(query_param("max_results", "5"))
        .respond_with(ok(json!({
            "data": [tweet("905", "@XDevelopers e"), tweet("904", "@XDevelopers d"), tweet("903", "@XDevelopers c"), tweet("902", "@XDevelopers b"), tweet("901", "@XDevelopers a")],
            "meta": {"result_count": 5, "newest_id": "905", "oldest_id": "901", "next_token": "N"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let sip = x
        .timelines()
        .sip(River::Mentions, Some(&PostId::new("500")), 3)
        .await
        .unwrap();
    let ids: Vec<_> = sip.posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["905", "904", "903"]);
    assert!(sip.more_available);
    assert_eq!(sip.last_seen, Some(PostId::new("905")));
}

#[tokio::test]
async fn an_empty_sip_keeps_the_last_seen_id() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("GET"))
        .and(path(format!(
            "/2/users/{ME}/timelines/reverse_chronological"
        )))
        .respond_with(ok(json!({"meta": {"result_count": 0}})))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let sip = x
        .timelines()
        .sip(River::Home, Some(&PostId::new("777")), 10)
        .await
        .unwrap();
    assert!(sip.posts.is_empty() && !sip.more_available);
    assert_eq!(sip.last_seen, Some(PostId::new("777")));
}

// A JSON problem, an HTML 5xx and a 429 with its headers, as X answers them.
#[tokio::test]
async fn a_timeline_reads_x_s_error_answers() {
    check_error_answers(
        "GET",
        "/2/users/42/tweets",
        "GET /2/users/:id/tweets",
        |x| async move { x.timelines().user_tweets(&UserId::new("42")).send().await },
    )
    .await;
}

// Pages are walked with X's `next_token` sent back as `pagination_token`
// (https://docs.x.com/x-api/fundamentals/pagination), each request exactly once.
#[tokio::test]
async fn a_timeline_is_walked_page_by_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945/mentions"))
        .and(query_param("max_results", "5"))
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ok(json!({
            "data": [tweet("1880000000000000005", "@XDevelopers hi"), tweet("1880000000000000004", "@XDevelopers hey")],
            "meta": {"result_count": 2, "newest_id": "1880000000000000005", "oldest_id": "1880000000000000004",
                     "next_token": "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/2244994945/mentions"))
        .and(query_param("pagination_token", "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"))
        .respond_with(ok(json!({
            "data": [tweet("1880000000000000003", "@XDevelopers hello")],
            "meta": {"result_count": 1, "newest_id": "1880000000000000003", "oldest_id": "1880000000000000003"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let x = app_client(&server);
    let posts = x
        .timelines()
        .mentions(&UserId::new(ME))
        .page_size(5)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "1880000000000000005",
            "1880000000000000004",
            "1880000000000000003"
        ]
    );
}
