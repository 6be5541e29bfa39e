//! Posts: create, validate, delete, look up, threads, and the errors X answers with.

mod common;

use common::*;
use serde_json::json;
use social_core::reconcile::Created;
use social_core::{AuthErrorKind, Error, MediaId, PostId, ViolationKind};
use social_twitter::models::{Expansion, TweetField, UserField};
use social_twitter::tweets::ReplySettings;
use wiremock::matchers::{body_json, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

// The create body and answer follow https://docs.x.com/x-api/posts/creation-of-a-post (its 201)
// and `TweetCreateRequest` in https://api.x.com/2/openapi.json.
#[tokio::test]
async fn create_sends_the_documented_body() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(header("authorization", "Bearer user-token"))
        .and(header("content-type", "application/json"))
        .and(body_json(json!({
            "text": "Thank you for coming!",
            "reply": {"in_reply_to_tweet_id": "1228393702244134912"},
            "media": {"media_ids": ["1146654567674912769"]},
            "reply_settings": "following"
        })))
        .respond_with(ResponseTemplate::new(201).set_body_json(json!({
            "data": tweet("1445880548472328192", "Thank you for coming!")
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let created = x
        .tweets()
        .create("Thank you for coming!")
        .in_reply_to(&PostId::new("1228393702244134912"))
        .media([MediaId::new("1146654567674912769")])
        .reply_settings(ReplySettings::Following)
        .send()
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), "1445880548472328192");
    assert_eq!(created.edit_history_tweet_ids, vec![created.id.clone()]);
}

#[tokio::test]
async fn every_violation_is_reported_before_sending() {
    let server = MockServer::start().await;
    let (x, _) = user_client(&server);
    let err = x
        .tweets()
        .create("a".repeat(281))
        .media((0..5).map(|i| MediaId::new(i.to_string())))
        .poll(["Yes"], 3)
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    let fields: Vec<_> = violations.iter().map(|v| v.field.to_string()).collect();
    assert!(fields.contains(&"text".to_string()), "{fields:?}");
    assert!(fields.contains(&"media".to_string()));
    assert!(fields.contains(&"poll.options".to_string()));
    assert!(fields.contains(&"poll.duration_minutes".to_string()));
    assert!(violations.iter().any(|v| matches!(
        v.kind,
        ViolationKind::TooLong {
            limit: 280,
            actual: 281
        }
    )));
    assert!(
        violations
            .iter()
            .any(|v| v.message.contains("cannot be combined"))
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}

// URLs count 23 whatever their length (twitter-text config v3): a 300-character text made
// mostly of one long URL is valid.
#[tokio::test]
async fn urls_count_as_23() {
    let server = MockServer::start().await;
    let (x, _) = user_client(&server);
    let text = format!("Read this: https://example.com/{}", "a".repeat(250));
    assert!(x.tweets().create(text).violations().is_empty());
}

#[tokio::test]
async fn app_only_client_cannot_write_and_says_what_it_needs() {
    let server = MockServer::start().await;
    let x = app_client(&server);
    let err = x.tweets().create("hello").send().await.unwrap_err();
    match err {
        Error::Auth {
            kind: AuthErrorKind::WrongAuthMode { needed },
            ..
        } => {
            assert!(needed.contains("user context"), "{needed}");
        }
        other => panic!("{other:?}"),
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

// The 403 X sends when a bearer token writes (the body reported in
// https://github.com/plhery/node-twitter-api-v2/issues/475).
#[tokio::test]
async fn unsupported_authentication_problem_names_the_needed_auth() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(problem(403, json!({
            "title": "Unsupported Authentication",
            "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
            "type": "https://api.twitter.com/2/problems/unsupported-authentication",
            "status": 403
        })))
        .mount(&server)
        .await;
    let x = app_client(&server);
    let err = x.tweets().get(&PostId::new("1")).send().await.unwrap_err();
    match err {
        Error::Auth {
            kind: AuthErrorKind::WrongAuthMode { needed },
            ..
        } => {
            assert_eq!(needed, "OAuth 1.0a User Context, OAuth 2.0 User Context");
        }
        other => panic!("{other:?}"),
    }
}

// The duplicate-content 403 has no specific type (`about:blank`, as reported in
// https://github.com/akrherz/iembot/issues/163).
#[tokio::test]
async fn duplicate_content_is_typed_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(problem(
            403,
            json!({
                "detail": "You are not allowed to create a Tweet with duplicate content.",
                "type": "about:blank", "title": "Forbidden", "status": 403
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x.tweets().create("same again").send().await.unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
}

#[tokio::test]
async fn a_create_that_gets_a_503_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>Over capacity</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let (x, clock) = user_client(&server);
    let err = x.tweets().create("hello").send().await.unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert!(clock.sleeps().is_empty());
}

// The lookup example of https://docs.x.com/x-api/posts/lookup/quickstart.
#[tokio::test]
async fn lookup_sends_typed_fields_and_keeps_includes() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1228393702244134912"))
        .and(query_param("tweet.fields", "created_at,author_id,public_metrics"))
        .and(query_param("expansions", "author_id"))
        .and(query_param("user.fields", "verified"))
        .respond_with(ok(json!({
            "data": {"id": "1228393702244134912", "text": "What did the developer write in their Valentine’s card?", "created_at": "2020-02-14T19:00:55.000Z", "author_id": "2244994945", "public_metrics": {"retweet_count": 156, "reply_count": 23, "like_count": 892, "quote_count": 12}, "edit_history_tweet_ids": ["1228393702244134912"]},
            "includes": {"users": [{"id": "2244994945", "username": "XDevelopers", "name": "X Developers", "verified": true}]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let x = app_client(&server);
    let resp = x
        .tweets()
        .get(&PostId::new("1228393702244134912"))
        .tweet_fields([
            TweetField::CreatedAt,
            TweetField::AuthorId,
            TweetField::PublicMetrics,
        ])
        .expansions([Expansion::AuthorId])
        .user_fields([UserField::Verified])
        .send()
        .await
        .unwrap();
    let post = resp.data.unwrap();
    assert_eq!(post.public_metrics.unwrap().like_count, 892);
    let author = resp
        .includes
        .user(post.author_id.as_ref().unwrap())
        .unwrap();
    assert_eq!(author.username, "XDevelopers");
    assert_eq!(author.verified, Some(true));
}

// Partial errors on a 200 (https://docs.x.com/x-api/fundamentals/response-codes-and-errors) are kept, not turned into a
// failure.
#[tokio::test]
async fn partial_errors_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets"))
        .and(query_param("ids", "123,456"))
        .respond_with(ok(json!({
            "data": [{"id": "123", "text": "Hello"}],
            "errors": [{"resource_id": "456", "resource_type": "tweet", "title": "Not Found Error",
                        "detail": "Could not find tweet with id: [456].",
                        "type": "https://api.x.com/2/problems/resource-not-found"}]
        })))
        .mount(&server)
        .await;
    let x = app_client(&server);
    let ids = [PostId::new("123"), PostId::new("456")];
    let resp = x.tweets().get_many(&ids).send().await.unwrap();
    assert_eq!(resp.data.unwrap().len(), 1);
    assert_eq!(resp.errors[0].type_suffix(), Some("resource-not-found"));
    let too_many: Vec<PostId> = (0..101).map(|i| PostId::new(i.to_string())).collect();
    let err = x.tweets().get_many(&too_many).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
}

#[tokio::test]
async fn not_found_and_html_errors_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/404"))
        .respond_with(problem(404, json!({"title": "Not Found Error", "detail": "Could not find tweet with id: [404].", "type": "https://api.twitter.com/2/problems/resource-not-found"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/502"))
        .respond_with(
            ResponseTemplate::new(502).set_body_string("<html><h1>502 Bad Gateway</h1></html>"),
        )
        .mount(&server)
        .await;
    let x = app_client(&server);
    let err = x
        .tweets()
        .get(&PostId::new("404"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("Could not find tweet"));
    let err = x
        .tweets()
        .get(&PostId::new("502"))
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(502));
    assert!(
        err.api_error()
            .unwrap()
            .body_snippet
            .contains("Bad Gateway")
    );
    assert_eq!(
        requests(&server, "GET", "/2/tweets/502").await.len(),
        3,
        "a read is retried"
    );
}

// The 15-minute and 24-hour headers (https://docs.x.com/x-api/fundamentals/rate-limits), on a 429.
#[tokio::test]
async fn rate_limits_are_read_on_errors_and_successes() {
    let server = MockServer::start().await;
    let in_ten_minutes = in_ten_minutes();
    Mock::given(method("POST"))
        .respond_with(
            problem(429, json!({"title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests"}))
                .insert_header("x-rate-limit-limit", "200")
                .insert_header("x-rate-limit-remaining", "150")
                .insert_header("x-rate-limit-reset", in_ten_minutes.as_str())
                .insert_header("x-user-limit-24hour-limit", "100")
                .insert_header("x-user-limit-24hour-remaining", "0")
                .insert_header("x-user-limit-24hour-reset", in_ten_minutes.as_str()),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x.tweets().create("hi").send().await.unwrap_err();
    let Error::RateLimited { rate_limit, .. } = &err else {
        panic!("{err:?}")
    };
    let rl = rate_limit.as_ref().unwrap();
    assert_eq!(rl.bucket, "24h-user:POST /2/tweets");
    assert_eq!(rl.remaining, Some(0));
    let day = x.rate_limit("24h-user:POST /2/tweets").unwrap();
    assert_eq!(day.limit, Some(100));
    // The exhausted 24-hour window refuses the next create locally.
    let err = x.tweets().create("again").send().await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: None, .. }),
        "{err:?}"
    );
}

#[tokio::test]
async fn delete_reports_the_outcome() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/2/tweets/1445880548472328192"))
        .respond_with(ok(json!({"data": {"deleted": true}})))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    assert!(
        x.tweets()
            .delete(&PostId::new("1445880548472328192"))
            .await
            .unwrap()
    );
}

// Issue 9 case 6: a first delete answered with only `errors` is the error they carry (read
// through `XResponse::into_data`), not a `false` that hides X's reason.
#[tokio::test]
async fn case6_a_delete_answered_without_data_is_the_error_x_gave() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/2/tweets/404"))
        .respond_with(post_not_found("id", "404"))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let deleted = x.tweets().delete(&PostId::new("404")).await;
    assert!(
        matches!(deleted, Err(Error::NotFound { .. })),
        "{deleted:?}"
    );
}

// A thread stops at the first failure; published parts are never sent again.
#[tokio::test]
async fn a_thread_chains_replies_and_stops_at_the_first_failure() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(body_json(json!({"text": "1/3 first"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": tweet("100", "1/3 first")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(body_json(
            json!({"text": "2/3 second", "reply": {"in_reply_to_tweet_id": "100"}}),
        ))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let outcome = x
        .tweets()
        .thread(["1/3 first", "2/3 second", "3/3 third"])
        .send()
        .await
        .unwrap();
    assert_eq!(outcome.published.len(), 1);
    let failed = outcome.failed.as_ref().unwrap();
    assert_eq!((failed.index, failed.text.as_str()), (1, "2/3 second"));
    assert!(matches!(failed.error, Error::Unconfirmed { .. }));
    assert_eq!(outcome.unsent, vec!["3/3 third".to_string()]);
    assert!(!outcome.is_complete());
    assert_eq!(requests(&server, "POST", "/2/tweets").await.len(), 2);
}

#[tokio::test]
async fn an_invalid_part_stops_the_thread_before_anything_is_sent() {
    let server = MockServer::start().await;
    let (x, _) = user_client(&server);
    let err = x
        .tweets()
        .thread(["fine", "", "also fine"])
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!()
    };
    assert!(violations[0].field.starts_with("parts[1]"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

// The 1–100 ids cap counts the ids actually sent, even when one "id" holds commas.
#[tokio::test]
async fn the_ids_cap_cannot_be_bypassed_with_commas() {
    let server = MockServer::start().await;
    let x = app_client(&server);
    let sneaky = PostId::new(
        (0..150)
            .map(|i| i.to_string())
            .collect::<Vec<_>>()
            .join(","),
    );
    let err = x.tweets().get_many([&sneaky]).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// Issue 8 case 6: X answering a create with a 2xx but without the new post may still have
// published it: the outcome is unknown (Unconfirmed), never a failure to send again.
#[tokio::test]
async fn case6_create_answered_2xx_without_data_is_unconfirmed() {
    for answer in [
        json!({}),
        json!({"errors": [{"title": "Service Unavailable", "detail": "Something went wrong.", "type": "about:blank"}]}),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/2/tweets"))
            .respond_with(ResponseTemplate::new(201).set_body_json(&answer))
            .expect(1)
            .mount(&server)
            .await;
        let (x, clock) = user_client(&server);
        let err = x.tweets().create("hello").send().await.unwrap_err();
        match &err {
            Error::Unconfirmed {
                endpoint, cause, ..
            } => {
                assert_eq!(endpoint, "POST /2/tweets");
                assert!(matches!(**cause, Error::Decode { .. }), "{cause:?}");
            }
            other => panic!("expected Unconfirmed for {answer}, got {other:?}"),
        }
        assert!(!err.is_retryable());
        assert!(err.created().is_empty());
        assert!(clock.sleeps().is_empty());
    }
}

// Issue 8 case 6: in a thread, a part whose outcome is unknown stops the thread; it is reported
// as unconfirmed (the error keeps the parts already published), not as safe to send again.
#[tokio::test]
async fn case6_thread_part_without_data_stops_the_thread_as_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_json(json!({"text": "1/3 first"})))
        .respond_with(
            ResponseTemplate::new(201).set_body_json(json!({"data": tweet("100", "1/3 first")})),
        )
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_json(
            json!({"text": "2/3 second", "reply": {"in_reply_to_tweet_id": "100"}}),
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let outcome = x
        .tweets()
        .thread(["1/3 first", "2/3 second", "3/3 third"])
        .send()
        .await
        .unwrap();
    assert_eq!(outcome.published.len(), 1);
    let failed = outcome.failed.as_ref().expect("the second part failed");
    assert_eq!(failed.index, 1);
    assert!(failed.outcome_unknown());
    assert!(
        matches!(failed.error, Error::Unconfirmed { .. }),
        "{:?}",
        failed.error
    );
    assert_eq!(failed.error.created(), [Created::post("100")]);
    assert_eq!(outcome.unsent, ["3/3 third"]);
}

// Issue 8 case 7: a create whose outcome is unknown keeps the media it attached, so they are
// reused (not uploaded again) when it is sent again after reconciling.
#[tokio::test]
async fn case7_unconfirmed_create_keeps_its_media_ids() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>Over capacity</html>"))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x
        .tweets()
        .create("Our chart")
        .media([
            MediaId::new("1146654567674912769"),
            MediaId::new("1146654567674912770"),
        ])
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(
        err.created(),
        [
            Created::media("1146654567674912769"),
            Created::media("1146654567674912770")
        ]
    );
    assert!(
        err.to_string().contains("media 1146654567674912769"),
        "{err}"
    );
}

// Issue 8 case 10: a 403 that is not about the credentials (a reply restriction, a protected or
// blocking account, content this account may not see) is not "missing permission: sign in
// again"; it keeps X's words and says what the refusal means.
#[tokio::test]
async fn case10_a_403_without_a_known_type_is_not_missing_permission() {
    let cases = [
        // A reply that X's reply policy refuses.
        json!({"title": "Forbidden", "type": "about:blank", "status": 403,
               "detail": "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to."}),
        json!({"title": "Forbidden", "type": "about:blank", "status": 403,
               "detail": "You are not permitted to perform this action."}),
        json!({"title": "Not Authorized", "type": "https://api.twitter.com/2/problems/not-authorized-for-resource",
               "detail": "Sorry, you are not authorized to see the Tweet with id: [20].", "resource_type": "tweet", "status": 403}),
        json!({"title": "Forbidden", "type": "about:blank", "status": 403, "detail": "Forbidden"}),
    ];
    for body in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(problem(403, body.clone()))
            .expect(1)
            .mount(&server)
            .await;
        let (x, _) = user_client(&server);
        let err = x
            .tweets()
            .create("@someone thanks!")
            .in_reply_to(&PostId::new("20"))
            .send()
            .await
            .unwrap_err();
        let Error::Api(api) = &err else {
            panic!("expected Error::Api for {body}, got {err:?}");
        };
        assert_eq!(api.status, 403);
        assert_eq!(api.kind.as_deref(), body["type"].as_str());
        let text = err.to_string();
        assert!(
            !text.contains("sign in again,") && !text.contains("then sign in again"),
            "{text}"
        );
        let said = body["detail"].as_str().unwrap().trim_end_matches('.');
        if said == "Forbidden" {
            assert!(text.contains("lacks a scope"), "{text}");
        } else {
            assert!(text.contains(said), "{text}");
            assert!(
                text.contains("signing in again will not change it"),
                "{text}"
            );
        }
        assert!(!err.is_retryable());
    }
}

// Issue 8 case 10: the app's access level (`client-forbidden`, code 453) and its OAuth 1.0a
// permission (`oauth1-permissions`) stay MissingPermission, naming what is missing.
#[tokio::test]
async fn case10_access_level_and_app_permission_stay_missing_permission() {
    let cases = [
        (
            json!({"client_id": "27988566", "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.", "registration_url": "https://developer.twitter.com/en/docs/projects/overview", "title": "Client Forbidden", "required_enrollment": "Appropriate Level of API Access", "reason": "client-not-enrolled", "type": "https://api.twitter.com/2/problems/client-forbidden"}),
            "Appropriate Level of API Access",
        ),
        (
            json!({"title": "Forbidden", "detail": "You currently have access to a subset of X API V2 endpoints and limited v1.1 endpoints only.", "type": "about:blank", "status": 403,
                   "errors": [{"message": "You currently have access to a subset of X API V2 endpoints and limited v1.1 endpoints only.", "code": 453}]}),
            "a higher API access level",
        ),
        (
            json!({"title": "Forbidden", "status": 403, "detail": "Your client app is not configured with the appropriate oauth1 app permissions for this endpoint.", "type": "https://api.twitter.com/2/problems/oauth1-permissions"}),
            "\"Read and write\" (the app's permission in the developer portal)",
        ),
    ];
    for (body, needed) in cases {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .respond_with(problem(403, body.clone()))
            .mount(&server)
            .await;
        let (x, _) = user_client(&server);
        let err = x.tweets().create("hello").send().await.unwrap_err();
        match &err {
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { scope: Some(scope) },
                ..
            } => assert_eq!(scope, needed),
            other => panic!("expected MissingPermission for {body}, got {other:?}"),
        }
    }
}

// Issue 8 case 14: `into_data` gives the object, or the error X put in `errors` instead
// (resource-not-found → NotFound), or a protocol error when X sent neither.
#[tokio::test]
async fn case14_into_data_maps_the_partial_error_or_says_nothing_came() {
    let server = MockServer::start().await;
    // A missing post looked up by id: a 200 with only `errors` (response codes and errors page).
    Mock::given(method("GET"))
        .and(path("/2/tweets/456"))
        .respond_with(ok(json!({"errors": [{"value": "456", "detail": "Could not find tweet with id: [456].",
            "title": "Not Found Error", "resource_type": "tweet", "parameter": "id", "resource_id": "456",
            "type": "https://api.x.com/2/problems/resource-not-found"}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/20"))
        .respond_with(ok(json!({"errors": [{"detail": "Sorry, you are not authorized to see the Tweet with id: [20].",
            "title": "Authorization Error", "resource_type": "tweet", "resource_id": "20",
            "type": "https://api.x.com/2/problems/not-authorized-for-resource"}]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/789"))
        .respond_with(ok(json!({})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/123"))
        .respond_with(ok(json!({"data": tweet("123", "Hello")})))
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let get = |id: &'static str| {
        let x = x.clone();
        async move {
            x.tweets()
                .get(&PostId::new(id))
                .send()
                .await
                .unwrap()
                .into_data()
        }
    };
    assert_eq!(get("123").await.unwrap().text, "Hello");
    let missing = get("456").await.unwrap_err();
    match &missing {
        Error::NotFound { message, api, .. } => {
            assert_eq!(message, "Could not find tweet with id: [456].");
            assert_eq!(
                api.as_ref().and_then(|a| a.kind.as_deref()),
                Some("https://api.x.com/2/problems/resource-not-found")
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let hidden = get("20").await.unwrap_err();
    assert!(matches!(hidden, Error::Api(_)), "{hidden:?}");
    assert!(
        hidden.to_string().contains("protected or private"),
        "{hidden}"
    );
    let nothing = get("789").await.unwrap_err();
    assert!(matches!(nothing, Error::Protocol { .. }), "{nothing:?}");
}

// Issue 8 case 13 (X side): a decode error names the JSON path that failed and a snippet.
#[tokio::test]
async fn case13_x_decode_errors_name_the_path_and_a_snippet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets"))
        .respond_with(ok(
            json!({"data": [tweet("1", "ok"), {"id": "2", "text": ["not", "a", "string"]}]}),
        ))
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x
        .tweets()
        .get_many([&PostId::new("1"), &PostId::new("2")])
        .send()
        .await
        .unwrap_err();
    match err {
        Error::Decode { path, snippet, .. } => {
            assert_eq!(path, "data[1].text");
            assert!(snippet.contains(r#"["not","a","string"]"#), "{snippet}");
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

// Issue 9 case 4: X's field enums and the values X sends are core's `wire_enum!`s: closed for
// request fields (serialized as X spells them, read back case-insensitively), open for answers
// (a reference, media or state type X adds later is kept, never an error).
#[test]
fn case4_fields_and_served_values_are_core_wire_enums() {
    use social_twitter::models::{MediaType, ProcessingState, ReferenceType, Tweet};

    assert_eq!(
        serde_json::to_string(&[TweetField::CreatedAt, TweetField::AuthorId]).unwrap(),
        r#"["created_at","author_id"]"#
    );
    assert_eq!(
        TweetField::from_known("PUBLIC_METRICS"),
        Some(TweetField::PublicMetrics)
    );
    let post: Tweet = serde_json::from_value(json!({
        "id": "1", "text": "hi", "edit_history_tweet_ids": ["1"],
        "referenced_tweets": [{"type": "replied_to", "id": "2"}, {"type": "pinned_reply", "id": "3"}]
    }))
    .unwrap();
    let kinds: Vec<&ReferenceType> = post.referenced_tweets.iter().map(|r| &r.kind).collect();
    assert_eq!(
        kinds,
        [
            &ReferenceType::RepliedTo,
            &ReferenceType::Other("pinned_reply".into())
        ]
    );
    assert_eq!(MediaType::from("animated_gif"), MediaType::AnimatedGif);
    assert_eq!(
        ProcessingState::from("queued"),
        ProcessingState::Other("queued".into())
    );
}
