//! Building the client: credentials, and the transport settings every adapter's builder takes
//! from core's `ClientOptions`, one by one or at once.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{ClientOptions, Jitter, RetryPolicy};
use social_core::{Error, TransportErrorKind};
use social_twitter::TwitterClient;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

// Issue 9 case 3: the X builder takes core's `ClientOptions` the way every adapter does, whole
// (`options`) or setter by setter, settings the old builder lacked included (the response cap).
#[tokio::test]
async fn case3_client_options_configure_the_x_client() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .and(header("user-agent", "my-practice/1.0"))
        .respond_with(ok(json!({
            "data": {"id": ME, "name": "X Dev", "username": "XDevelopers",
                     "description": "The voice of the X Dev team and your official source for updates."}
        })))
        .expect(2)
        .mount(&server)
        .await;
    let clock = ManualClock::starting_now();
    let options = ClientOptions::new()
        .base_url(server.uri())
        .user_agent("my-practice/1.0")
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .max_response_bytes(64);
    let capped = TwitterClient::builder()
        .options(options.clone())
        .user_token(AccessToken::new(USER_TOKEN))
        .build()
        .unwrap();
    let err = capped.users().me().send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::ResponseTooLarge,
                ..
            }
        ),
        "{err:?}"
    );
    // A setter after `options` changes that one setting.
    let x = TwitterClient::builder()
        .options(options)
        .max_response_bytes(64 * 1024)
        .timeout(Duration::from_secs(5))
        .user_token(AccessToken::new(USER_TOKEN))
        .build()
        .unwrap();
    let me = x.users().me().send().await.unwrap().into_data().unwrap();
    assert_eq!(me.username, "XDevelopers");
    assert!(!format!("{x:?}").contains(USER_TOKEN));
}
