//! The Social Metadata API (issue 11, item 2) against a mock server: one entity's counts per
//! reaction type and of comments, missing counts kept absent, the batch read with its
//! `ids=List(…)`, opening and closing comments; LinkedIn's errors. Fixtures follow the samples
//! of the Social Metadata API page
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/social-metadata-api>).

mod common;

use common::*;
use serde_json::json;
use social_core::Error;
use social_linkedin::models::{CommentsState, ReactionType, SocialEntity};
use social_linkedin::urn::{OrganizationUrn, PostUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const POST: &str = "urn:li:share:6844785523593134080";
const POST_KEY: &str = "urn%3Ali%3Ashare%3A6844785523593134080";

fn post() -> PostUrn {
    POST.parse().unwrap()
}

fn summary() -> serde_json::Value {
    json!({
        "reactionSummaries": {
            "LIKE": {"reactionType": "LIKE", "count": 12},
            "PRAISE": {"reactionType": "PRAISE", "count": 3},
            "INTEREST": {"reactionType": "INTEREST", "count": 1}
        },
        "commentsState": "OPEN",
        "commentSummary": {"count": 5, "topLevelCount": 4},
        "entity": POST
    })
}

/// "Get a Summary of Social Metadata": counts per type, comments all and top-level; a type
/// LinkedIn did not list is `None`, never 0.
#[tokio::test]
async fn case2_social_metadata_answers_how_did_my_post_do() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(format!("/rest/socialMetadata/{POST_KEY}")))
        .and(RestCall("GET"))
        .and(RawQuery(None))
        .respond_with(json(200, summary()))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/socialMetadata/urn%3Ali%3Ashare%3A1"))
        .respond_with(json(200, json!({"entity": "urn:li:share:1"})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let m = li.social_metadata().get(post()).await.unwrap();
    assert_eq!(m.reactions(&ReactionType::Like), Some(12));
    assert_eq!(m.reactions(&ReactionType::Praise), Some(3));
    assert_eq!(m.reactions(&ReactionType::Entertainment), None);
    assert_eq!(m.total_reactions(), Some(16));
    assert_eq!(m.comments(), Some(5));
    assert_eq!(m.top_level_comments(), Some(4));
    assert_eq!(m.comments_state, Some(CommentsState::Open));
    // Nothing sent: nothing known.
    let bare = li
        .social_metadata()
        .get("urn:li:share:1".parse::<PostUrn>().unwrap())
        .await
        .unwrap();
    assert_eq!(bare.total_reactions(), None);
    assert_eq!(bare.comments(), None);
    assert_eq!(bare.top_level_comments(), None);
}

/// "Batch Get": `ids=List(…)` with each URN encoded (a comment URN's parentheses and comma too),
/// `BATCH_GET`; results and per-entity errors.
#[tokio::test]
async fn case2_batch_get_encodes_ids_as_a_restli_list() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/socialMetadata"))
        .and(RestCall("BATCH_GET"))
        .and(RawQuery(Some(
            "ids=List(urn%3Ali%3Ashare%3A6844785523593134080,urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A1%2C2%29)",
        )))
        .respond_with(json(
            200,
            json!({
                "results": {POST: summary()},
                "statuses": {POST: 200, "urn:li:comment:(urn:li:share:1,2)": 404},
                "errors": {"urn:li:comment:(urn:li:share:1,2)": {"status": 404, "message": "Not Found"}}
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let ids: Vec<SocialEntity> = vec![
        POST.parse().unwrap(),
        "urn:li:comment:(urn:li:share:1,2)".parse().unwrap(),
    ];
    let batch = li.social_metadata().batch_get(&ids).await.unwrap();
    assert_eq!(batch.results[POST].comments(), Some(5));
    assert_eq!(batch.errors.len(), 1);
    // An empty batch is refused offline.
    let err = li.social_metadata().batch_get(&[]).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert_eq!(requests(&server).await.len(), 1);
}

/// "Enable or Disable Comments": `PARTIAL_UPDATE` with `?actor=` and the `$set` patch.
#[tokio::test]
async fn case2_close_comments_as_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/rest/socialMetadata/{POST_KEY}")))
        .and(RestCall("PARTIAL_UPDATE"))
        .and(RawQuery(Some("actor=urn%3Ali%3Aorganization%3A2414183")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let org: OrganizationUrn = ORG.parse().unwrap();
    li.social_metadata()
        .set_comments_state(post(), org, CommentsState::Closed)
        .await
        .unwrap();
    assert_eq!(
        body_json(&requests(&server).await[0]),
        json!({"patch": {"$set": {"commentsState": "CLOSED"}}})
    );
}

/// LinkedIn's errors: a JSON 404 is NotFound, a non-JSON 5xx is retried then typed, a 429
/// backs off and the read succeeds.
#[tokio::test]
async fn case7_social_metadata_errors_json_html_and_throttling() {
    let server = MockServer::start().await;
    let one = format!("/rest/socialMetadata/{POST_KEY}");
    mount_in_turn(
        &server,
        "GET",
        &one,
        vec![
            (li_error(404, None, None, "Not Found"), 1),
            (
                ResponseTemplate::new(500).set_body_raw("<html>oops</html>", "text/html"),
                3,
            ),
            (throttled(), 1),
        ],
        json(200, summary()),
    )
    .await;
    let (li, clock) = client(&server);
    let err = li.social_metadata().get(post()).await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let err = li.social_metadata().get(post()).await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        li.social_metadata()
            .get(post())
            .await
            .unwrap()
            .comments()
            .is_some()
    );
    assert_eq!(clock.sleeps().len(), 3);
}
