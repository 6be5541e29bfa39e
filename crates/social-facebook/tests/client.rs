//! The client builder: core's transport settings (`ClientOptions`), taken as every adapter's
//! builder takes them, plus Graph's own (version, app credentials, token).

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{ClientOptions, RetryPolicy};
use social_facebook::FacebookClient;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

// Issue 9, case 3: the builder takes core's `ClientOptions` whole (`options`) or setting by
// setting, the same setters as every adapter; `base_url` is the Graph host and the version is
// added after it.
#[tokio::test]
async fn case3_the_builder_takes_cores_client_options() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v25.0/me"))
        .and(header("user-agent", "practice-tools/1.0"))
        .respond_with(ok(json!({"id": "100000000000001", "name": "Camille"})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let shared = ClientOptions::new()
        .base_url(format!("{}/", server.uri()))
        .user_agent("an-agent-replaced-below")
        .retry_policy(RetryPolicy::none())
        .clock(Arc::new(clock.clone()))
        .timeout(Duration::from_secs(5));
    let fb = FacebookClient::builder()
        .options(shared)
        .user_agent("practice-tools/1.0")
        .version("v25.0")
        .unwrap()
        .access_token(AccessToken::new(USER_TOKEN))
        .build()
        .unwrap();
    let me = fb.me().await.unwrap();
    assert_eq!(me.id, "100000000000001");
}
