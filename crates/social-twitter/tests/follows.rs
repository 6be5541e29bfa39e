//! Follows and the lists of followers / following: paging, ranges, the authenticated user's id.

mod common;

use common::*;
use futures_util::TryStreamExt;
use serde_json::json;
use social_core::{Cursor, Error, PageLimits, UserId};
use social_twitter::Listing;
use social_twitter::models::UserField;
use wiremock::matchers::{body_json, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

fn user(id: &str, name: &str) -> serde_json::Value {
    json!({"id": id, "username": name, "name": name})
}

#[tokio::test]
async fn follow_posts_the_target_as_the_authenticated_user() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/following")))
        .and(body_json(json!({"target_user_id": "783214"})))
        .respond_with(ok(
            json!({"data": {"following": true, "pending_follow": false}}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let state = x.follows().follow(&UserId::new("783214")).await.unwrap();
    assert!(state.following && !state.pending_follow);
    x.follows().follow(&UserId::new("783214")).await.unwrap();
    assert_eq!(
        requests(&server, "GET", "/2/users/me").await.len(),
        1,
        "the user's id is cached"
    );
}

#[tokio::test]
async fn unfollow_deletes_the_edge() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("DELETE"))
        .and(path(format!("/2/users/{ME}/following/783214")))
        .respond_with(ok(json!({"data": {"following": false}})))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    assert!(
        !x.follows()
            .unfollow(&UserId::new("783214"))
            .await
            .unwrap()
            .following
    );
}

#[tokio::test]
async fn following_pages_are_walked_with_their_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/42/following"))
        .and(query_param("max_results", "2"))
        .and(query_param("user.fields", "public_metrics"))
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ok(json!({"data": [user("1", "a"), user("2", "b")], "meta": {"result_count": 2, "next_token": "T1"}})))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/42/following"))
        .and(query_param("pagination_token", "T1"))
        .respond_with(ok(
            json!({"data": [user("3", "c")], "meta": {"result_count": 1}}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let x = app_client(&server);
    let pages: Vec<_> = x
        .follows()
        .following(&UserId::new("42"))
        .page_size(2)
        .user_fields([UserField::PublicMetrics])
        .pages(PageLimits::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(pages[0].next, Some(Cursor::new("T1")));
    let all = x
        .follows()
        .following(&UserId::new("42"))
        .page_size(2)
        .user_fields([UserField::PublicMetrics])
        .collect(PageLimits::default())
        .await
        .unwrap();
    let names: Vec<_> = all.into_iter().map(|u| u.username).collect();
    assert_eq!(names, ["a", "b", "c"]);
}

#[tokio::test]
async fn an_item_cap_stops_fetching() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/42/followers"))
        .respond_with(ok(json!({"data": [user("1", "a"), user("2", "b")], "meta": {"result_count": 2, "next_token": "more"}})))
        .mount(&server)
        .await;
    let x = app_client(&server);
    let followers = || x.follows().followers(&UserId::new("42"));
    let sent = || requests(&server, "GET", "/2/users/42/followers");
    // Without a cap, the server handing out the same cursor again ends the walk with an error.
    let looping = followers().collect(PageLimits::default()).await;
    assert!(
        matches!(looping, Err(Error::Protocol { .. })),
        "{looping:?}"
    );
    assert_eq!(sent().await.len(), 2);
    // With a cap of 3, the second page is cut and nothing more is fetched.
    let capped = followers()
        .collect(PageLimits::default().max_items(3))
        .await
        .unwrap();
    assert_eq!(capped.len(), 3);
    assert_eq!(sent().await.len(), 4);
    // With a cap of 2, one page suffices.
    let capped = followers()
        .collect(PageLimits::default().max_items(2))
        .await
        .unwrap();
    assert_eq!(capped.len(), 2);
    assert_eq!(sent().await.len(), 5);
}

// Page sizes (`max_results`) differ per endpoint (each operation's `max_results` in
// https://api.x.com/2/openapi.json; users hit raw 400s otherwise,
// https://github.com/plhery/node-twitter-api-v2/issues/401): checked before sending.
#[tokio::test]
async fn max_results_out_of_range_is_refused_before_sending() {
    let server = MockServer::start().await;
    let x = app_client(&server);
    for n in [0, 1001] {
        let err = x
            .follows()
            .following(&UserId::new("42"))
            .page_size(n)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(err.to_string().contains("from 1 to 1000"));
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

// A 400 invalid-request carries the parameter messages (https://docs.x.com/x-api/fundamentals/response-codes-and-errors).
#[tokio::test]
async fn invalid_request_messages_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(problem(400, json!({
            "errors": [{"parameters": {"max_results": ["3"]}, "message": "The `max_results` query parameter value [3] is not between 5 and 100"}],
            "title": "Invalid Request", "detail": "One or more parameters to your request was invalid.",
            "type": "https://api.twitter.com/2/problems/invalid-request"
        })))
        .mount(&server)
        .await;
    let x = app_client(&server);
    let err = x
        .follows()
        .following(&UserId::new("42"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(400));
    assert!(
        err.to_string().contains("is not between 5 and 100"),
        "{err}"
    );
}

// A 200 that carries only partial errors is not reported as a successful follow.
#[tokio::test]
async fn a_follow_answered_without_data_is_an_error() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/following")))
        .respond_with(ok(json!({"errors": [{"title": "Not Found Error", "detail": "Could not find user with target_user_id: [9].", "type": "https://api.x.com/2/problems/resource-not-found"}]})))
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x.follows().follow(&UserId::new("9")).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

// A JSON problem, an HTML 5xx and a 429 with its headers, as X answers them, on a list and on a
// follow (repeatable, so retried like a read).
#[tokio::test]
async fn lists_and_follows_read_x_s_error_answers() {
    check_error_answers(
        "GET",
        "/2/users/42/following",
        "GET /2/users/:id/following",
        |x| async move { x.follows().following(&UserId::new("42")).send().await },
    )
    .await;
    check_error_answers(
        "POST",
        &format!("/2/users/{ME}/following"),
        "POST /2/users/:id/following",
        |x| async move { x.follows().follow(&UserId::new("42")).await },
    )
    .await;
}
