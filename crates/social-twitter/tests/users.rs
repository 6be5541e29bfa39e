//! Users: lookups by id and username, the authenticated user, and who liked or reposted a post.

mod common;

use common::*;
use serde_json::json;
use social_core::{Error, PostId, UserId};
use social_twitter::Listing;
use social_twitter::models::UserField;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer};

// Usernames match ^[A-Za-z0-9_]{1,15}$ (the `username` parameter in https://api.x.com/2/openapi.json); a leading @ is
// dropped for convenience.
#[tokio::test]
async fn lookups_by_username_and_ids() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/by/username/XDevelopers"))
        .and(query_param("user.fields", "public_metrics,verified"))
        .respond_with(ok(json!({"data": {"id": "2244994945", "username": "XDevelopers", "name": "Developers",
            "verified": true, "public_metrics": {"followers_count": 583423, "following_count": 2048, "tweet_count": 14052, "listed_count": 1672}}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users/by"))
        .and(query_param("usernames", "a,b"))
        .respond_with(ok(json!({"data": [{"id": "1", "username": "a", "name": "A"}],
            "errors": [{"value": "b", "detail": "Could not find user with usernames: [b].", "title": "Not Found Error", "resource_type": "user", "parameter": "usernames", "resource_id": "b", "type": "https://api.twitter.com/2/problems/resource-not-found"}]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/users"))
        .and(query_param("ids", "1,2"))
        .respond_with(ok(json!({"data": [{"id": "1", "username": "a", "name": "A"}, {"id": "2", "username": "b", "name": "B"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let x = app_client(&server);
    let me = x
        .users()
        .by_username("@XDevelopers")
        .user_fields([UserField::PublicMetrics, UserField::Verified])
        .send()
        .await
        .unwrap()
        .data
        .unwrap();
    assert_eq!(me.public_metrics.unwrap().followers_count, 583423);
    let some = x.users().by_usernames(["a", "@b"]).send().await.unwrap();
    assert_eq!(some.data.unwrap().len(), 1);
    assert_eq!(some.errors[0].resource_id.as_deref(), Some("b"));
    let ids = [UserId::new("1"), UserId::new("2")];
    assert_eq!(
        x.users()
            .get_many(&ids)
            .send()
            .await
            .unwrap()
            .data
            .unwrap()
            .len(),
        2
    );
}

#[tokio::test]
async fn me_needs_user_context() {
    let server = MockServer::start().await;
    let x = app_client(&server);
    let err = x.users().me().send().await.unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn who_liked_and_reposted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/7/liking_users"))
        .and(query_param("max_results", "100"))
        .respond_with(ok(json!({"data": [{"id": "1", "username": "a", "name": "A"}], "meta": {"result_count": 1}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/7/retweeted_by"))
        .respond_with(ok(json!({"meta": {"result_count": 0}})))
        .expect(1)
        .mount(&server)
        .await;
    // Liking users is user context only (the operation's `security` in https://api.x.com/2/openapi.json);
    // reposters are public.
    let (x, _) = user_client(&server);
    let post = PostId::new("7");
    assert_eq!(
        x.tweets()
            .liking_users(&post)
            .page_size(100)
            .send()
            .await
            .unwrap()
            .items
            .len(),
        1
    );
    assert!(
        app_client(&server)
            .tweets()
            .retweeted_by(&post)
            .send()
            .await
            .unwrap()
            .items
            .is_empty()
    );
    assert!(
        x.tweets()
            .liking_users(&post)
            .page_size(101)
            .send()
            .await
            .is_err()
    );
}

// OAuth 1.0a user context (https://docs.x.com/fundamentals/authentication/oauth-1-0a/creating-a-signature)
// signs each request in an `Authorization: OAuth`
// header (HMAC-SHA1), and counts as user context for endpoints that need it.
#[tokio::test]
async fn an_oauth1_client_signs_and_acts_as_the_user() {
    use social_core::auth::{ClientSecret, OAuth1Credentials, TokenSecret};
    use wiremock::matchers::header_regex;

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .and(header_regex(
            "authorization",
            r#"^OAuth .*oauth_consumer_key="ck".*oauth_signature="[^"]+".*oauth_signature_method="HMAC-SHA1".*oauth_token="at""#,
        ))
        .respond_with(ok(json!({"data": {"id": "42", "username": "me", "name": "Me"}})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = social_core::clock::ManualClock::starting_now();
    let x = builder(&server, &clock)
        .oauth1(
            OAuth1Credentials::new("ck", ClientSecret::new("cs"))
                .with_token("at", TokenSecret::new("ts")),
        )
        .build()
        .unwrap();
    assert_eq!(x.auth_mode(), social_twitter::AuthMode::OAuth1User);
    assert_eq!(x.me_id().await.unwrap(), UserId::new("42"));
}

// A lookup of more than 100 usernames is refused before sending, on the field X's own 400
// names: `usernames`, not `ids`.
#[tokio::test]
async fn more_than_100_usernames_are_reported_on_usernames() {
    let server = MockServer::start().await;
    let x = app_client(&server);
    let names: Vec<String> = (0..101).map(|i| format!("user{i}")).collect();
    let err = x
        .users()
        .by_usernames(names.iter().map(String::as_str))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(violations[0].field, "usernames");
    assert!(err.to_string().contains("1 to 100 usernames"), "{err}");
    let ids: Vec<UserId> = (0..101).map(|i| UserId::new(i.to_string())).collect();
    let err = x.users().get_many(&ids).send().await.unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(violations[0].field, "ids");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// A JSON problem, an HTML 5xx and a 429 with its headers, as X answers them.
#[tokio::test]
async fn a_lookup_reads_x_s_error_answers() {
    check_error_answers(
        "GET",
        "/2/users/2244994945",
        "GET /2/users/:id",
        |x| async move { x.users().get(&UserId::new("2244994945")).send().await },
    )
    .await;
}
