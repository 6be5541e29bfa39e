//! X's 429 in both forms it takes on the wire, against the X fake: the JSON problem of the
//! docs (<https://docs.x.com/x-api/fundamentals/rate-limits>) and the `text/plain` "Rate limit
//! exceeded" of recorded answers (2020–2023). Either way the client reads the
//! `x-rate-limit-*` headers and answers `Error::RateLimited` with the reset.

use std::sync::Arc;
use std::time::Duration;

use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::{Error, UserId};
use social_testkit::FakeServer;
use social_testkit::x::{XFake, XRateLimitBody};
use social_twitter::{Listing, TwitterClient};

/// Spends the one-call window of `GET /2/users/:id/followers` for a token with a first
/// client, then asks again with a second client that does not know the window is spent, so
/// the request reaches the fake and its 429 is what the client reads.
async fn rate_limited(body: XRateLimitBody) -> Error {
    let x = XFake::default();
    let server = FakeServer::start(()).await;
    server.mount("", &x).await;
    let alice = x.add_user("alice", "Alice");
    x.set_rate_limit("GET /2/users/:id/followers", 1);
    x.state().lock().set_rate_limit_body(body);
    let token = x.user_token(&alice);
    let client = || {
        TwitterClient::builder()
            .base_url(server.uri())
            .retry_policy(RetryPolicy::default().jitter(Jitter::None))
            .clock(Arc::new(ManualClock::starting_now()))
            .user_token(AccessToken::new(token.clone()))
            .build()
            .unwrap()
    };
    let id = UserId::new(&alice);
    client().follows().followers(&id).send().await.unwrap();
    let err = client().follows().followers(&id).send().await.unwrap_err();
    let sent = server.received_requests().await.len();
    assert_eq!(sent, 2, "the second call reached the fake and got its 429");
    err
}

fn assert_waits_for_the_window(err: &Error) {
    let Error::RateLimited {
        retry_after: Some(wait),
        ..
    } = err
    else {
        panic!("{err:?}")
    };
    assert!(
        *wait > Duration::from_secs(800) && *wait <= Duration::from_secs(901),
        "{wait:?}"
    );
}

#[tokio::test]
async fn item2_a_json_429_is_rate_limited_until_the_reset() {
    let err = rate_limited(XRateLimitBody::Problem).await;
    assert_waits_for_the_window(&err);
}

#[tokio::test]
async fn item2_a_plain_text_429_is_rate_limited_until_the_reset() {
    let err = rate_limited(XRateLimitBody::PlainText).await;
    assert_waits_for_the_window(&err);
}
