//! Reposts: repost and undo as the authenticated user.

mod common;

use common::*;
use serde_json::json;
use social_core::{Error, PostId};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn retweet_and_undo_act_as_the_authenticated_user() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    // The current spec answers `rest_id`, older captures `id`: both are tolerated (the
    // `data` of `POST /2/users/{id}/retweets` in https://api.x.com/2/openapi.json).
    mount_act_and_undo(
        &server,
        "retweets",
        "1228393702244134912",
        json!({"data": {"retweeted": true, "rest_id": "1999"}}),
        json!({"data": {"retweeted": false}}),
    )
    .await;
    let (x, _) = user_client(&server);
    let post = PostId::new("1228393702244134912");
    assert!(x.retweets().retweet(&post).await.unwrap());
    assert!(!x.retweets().unretweet(&post).await.unwrap());
}

// Issue 9 case 6: a 200 with only `errors` is the error it carries (read through
// `XResponse::into_data`), never a `false` that reads as "not reposted (any more)".
#[tokio::test]
async fn case6_a_retweet_answered_without_data_is_the_error_x_gave() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let missing = post_not_found("tweet_id", "404");
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/retweets")))
        .respond_with(missing.clone())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/2/users/{ME}/retweets/404")))
        .respond_with(missing)
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let post = PostId::new("404");
    let retweet = x.retweets().retweet(&post).await;
    assert!(
        matches!(retweet, Err(Error::NotFound { .. })),
        "{retweet:?}"
    );
    let undo = x.retweets().unretweet(&post).await;
    assert!(matches!(undo, Err(Error::NotFound { .. })), "{undo:?}");
}

// A JSON problem, an HTML 5xx and a 429 with its headers, as X answers them (a repost is
// repeatable, so retried like a read).
#[tokio::test]
async fn a_retweet_reads_x_s_error_answers() {
    check_error_answers(
        "POST",
        &format!("/2/users/{ME}/retweets"),
        "POST /2/users/:id/retweets",
        |x| async move { x.retweets().retweet(&PostId::new("7")).await },
    )
    .await;
}
