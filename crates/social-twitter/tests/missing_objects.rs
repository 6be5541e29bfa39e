//! X answers reads about a missing object with a `200` that has only `errors`
//! (<https://docs.x.com/x-api/fundamentals/response-codes-and-errors>), as the X fake now does:
//! the client turns that answer into `Error::NotFound`, for a lookup (through `into_data`) and
//! for a list, whose "no data, no meta" answer is not an empty page.

use std::sync::Arc;

use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::{Error, PostId, UserId};
use social_testkit::FakeServer;
use social_testkit::x::XFake;
use social_twitter::{Listing, TwitterClient};

async fn client() -> (XFake, FakeServer, TwitterClient) {
    let x = XFake::default();
    let server = FakeServer::start(()).await;
    server.mount("", &x).await;
    let client = TwitterClient::builder()
        .base_url(server.uri())
        .clock(Arc::new(ManualClock::starting_now()))
        .app_token(AccessToken::new(x.app_token()))
        .build()
        .unwrap();
    (x, server, client)
}

#[tokio::test]
async fn item1_the_followers_of_a_missing_account_are_not_found_not_an_empty_list() {
    let (_x, _server, client) = client().await;
    let missing = UserId::new("42");
    let err = client
        .follows()
        .followers(&missing)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let err = client
        .timelines()
        .user_tweets(&missing)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn item1_an_existing_account_without_followers_is_an_empty_list() {
    let (x, _server, client) = client().await;
    let alice = x.add_user("alice", "Alice");
    let page = client
        .follows()
        .followers(&UserId::new(&alice))
        .send()
        .await
        .unwrap();
    assert!(page.items.is_empty());
}

#[tokio::test]
async fn item1_a_missing_post_is_not_found() {
    let (_x, _server, client) = client().await;
    let resp = client.tweets().get(&PostId::new("7")).send().await.unwrap();
    assert!(matches!(resp.into_data(), Err(Error::NotFound { .. })));
}
