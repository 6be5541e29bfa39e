//! Likes: like and unlike as the authenticated user.

mod common;

use common::*;
use futures_util::TryStreamExt;
use serde_json::json;
use social_core::{Error, PageLimits, PostId, UserId};
use social_twitter::Listing;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn like_and_unlike_act_as_the_authenticated_user() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    mount_act_and_undo(
        &server,
        "likes",
        "1228393702244134912",
        json!({"data": {"liked": true}}),
        json!({"data": {"liked": false}}),
    )
    .await;
    let (x, _) = user_client(&server);
    let post = PostId::new("1228393702244134912");
    assert!(x.likes().like(&post).await.unwrap());
    assert!(!x.likes().unlike(&post).await.unwrap());
}

// A like is idempotent: a 503 is retried (a create would not be).
#[tokio::test]
async fn a_like_is_retried_after_a_503() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/likes")))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/likes")))
        .respond_with(ok(json!({"data": {"liked": true}})))
        .mount(&server)
        .await;
    let (x, clock) = user_client(&server);
    assert!(x.likes().like(&PostId::new("5")).await.unwrap());
    assert_eq!(clock.sleeps().len(), 1);
}

// Issue 9 case 6: a 200 with only `errors` (the partial error of
// https://docs.x.com/x-api/fundamentals/response-codes-and-errors) is the error it carries, read
// through `XResponse::into_data`, never a `false` that reads as "not liked (any more)".
#[tokio::test]
async fn case6_a_like_answered_without_data_is_the_error_x_gave() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let missing = post_not_found("tweet_id", "404");
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/likes")))
        .respond_with(missing.clone())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/2/users/{ME}/likes/404")))
        .respond_with(missing)
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let post = PostId::new("404");
    let like = x.likes().like(&post).await;
    assert!(matches!(like, Err(Error::NotFound { .. })), "{like:?}");
    let unlike = x.likes().unlike(&post).await;
    assert!(matches!(unlike, Err(Error::NotFound { .. })), "{unlike:?}");
}

// A JSON problem, an HTML 5xx and a 429 with its headers, as X answers them, on a like
// (repeatable, so retried like a read) and on the liked posts.
#[tokio::test]
async fn likes_read_x_s_error_answers() {
    check_error_answers(
        "POST",
        &format!("/2/users/{ME}/likes"),
        "POST /2/users/:id/likes",
        |x| async move { x.likes().like(&PostId::new("7")).await },
    )
    .await;
    check_error_answers(
        "GET",
        "/2/users/42/liked_tweets",
        "GET /2/users/:id/liked_tweets",
        |x| async move { x.likes().liked_tweets(&UserId::new("42")).send().await },
    )
    .await;
}

// The liked posts are walked with X's `next_token` (https://docs.x.com/x-api/fundamentals/pagination).
#[tokio::test]
async fn liked_posts_are_walked_page_by_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/42/liked_tweets"))
        .and(query_param("max_results", "5"))
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ok(json!({
            "data": [tweet("3", "c"), tweet("2", "b")],
            "meta": {"result_count": 2, "next_token": "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/42/liked_tweets"))
        .and(query_param(
            "pagination_token",
            "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i",
        ))
        .respond_with(ok(
            json!({"data": [tweet("1", "a")], "meta": {"result_count": 1}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let pages: Vec<_> = x
        .likes()
        .liked_tweets(&UserId::new("42"))
        .page_size(5)
        .pages(PageLimits::default())
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [2, 1]);
    assert_eq!(pages[1].next, None);
}
