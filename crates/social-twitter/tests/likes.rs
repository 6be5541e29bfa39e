//! Likes: like and unlike as the authenticated user.

mod common;

use common::*;
use serde_json::json;
use social_core::{Error, PostId};
use wiremock::matchers::{body_json, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn like_and_unlike_act_as_the_authenticated_user() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    Mock::given(method("POST"))
        .and(path(format!("/2/users/{ME}/likes")))
        .and(body_json(json!({"tweet_id": "1228393702244134912"})))
        .respond_with(ok(json!({"data": {"liked": true}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(format!("/2/users/{ME}/likes/1228393702244134912")))
        .respond_with(ok(json!({"data": {"liked": false}})))
        .expect(1)
        .mount(&server)
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
