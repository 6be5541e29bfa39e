//! The Reactions API (issue 11, item 2) against a mock server: react with each of the six
//! types, replace (delete then create), remove and read by the compound key
//! `(actor:…,entity:…)` written by the Rest.li encoder, the `entity` finder with paging;
//! LinkedIn's errors. Fixtures follow the samples of the Reactions API page
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/reactions-api>).

mod common;

use common::*;
use serde_json::{Value, json};
use social_core::{Error, Listing, PageLimits};
use social_linkedin::models::ReactionType;
use social_linkedin::reactions::ReactionSort;
use social_linkedin::urn::{CommentUrn, OrganizationUrn, PersonUrn, PostUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const POST: &str = "urn:li:share:6844785523593134080";
/// The compound key of the member's reaction on the post, as the encoder writes it.
const KEY: &str =
    "(actor:urn%3Ali%3Aperson%3A-f_Ut43FoQ,entity:urn%3Ali%3Ashare%3A6844785523593134080)";

fn member() -> PersonUrn {
    MEMBER.parse().unwrap()
}

fn post() -> PostUrn {
    POST.parse().unwrap()
}

/// A reaction shaped like the page's "Get a Reaction" sample.
fn reaction(actor: &str, kind: &str) -> Value {
    json!({
        "id": format!("urn:li:reaction:({actor},{POST})"),
        "reactionType": kind,
        "root": POST,
        "created": {"actor": actor, "time": 1_764_918_000_000u64},
        "lastModified": {"actor": actor, "time": 1_764_918_000_000u64},
    })
}

/// "Create a Reaction on a Share": `?actor=` encoded, the documented body; every one of the six
/// types goes out as LinkedIn spells it.
#[tokio::test]
async fn case2_react_with_each_of_the_six_types() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/reactions"))
        .and(RestCall("CREATE"))
        .and(RawQuery(Some("actor=urn%3Ali%3Aperson%3A-f_Ut43FoQ")))
        .respond_with(json(201, reaction(MEMBER, "LIKE")))
        .expect(6)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    for kind in ReactionType::ALL {
        let r = li
            .reactions()
            .react(member(), post(), kind.clone())
            .await
            .unwrap();
        assert_eq!(r.actor(), Some(MEMBER));
    }
    let sent: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| body_json(r)["reactionType"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        sent,
        [
            "LIKE",
            "PRAISE",
            "EMPATHY",
            "INTEREST",
            "APPRECIATION",
            "ENTERTAINMENT"
        ]
    );
    assert_eq!(
        body_json(&requests(&server).await[0]),
        json!({"root": POST, "reactionType": "LIKE"})
    );
    // An unknown type is refused offline.
    let err = li
        .reactions()
        .react(member(), post(), ReactionType::from("MAYBE"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert_eq!(requests(&server).await.len(), 6);
}

/// A reaction on a comment: `root` is the comment URN; an empty 201 keeps `x-restli-id`.
#[tokio::test]
async fn case2_react_to_a_comment_as_a_page() {
    let server = MockServer::start().await;
    let comment: CommentUrn =
        "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)"
            .parse()
            .unwrap();
    Mock::given(method("POST"))
        .and(path("/rest/reactions"))
        .and(RawQuery(Some("actor=urn%3Ali%3Aorganization%3A2414183")))
        .respond_with(created("urn:li:reaction:(urn:li:organization:2414183,urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232))"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let org: OrganizationUrn = ORG.parse().unwrap();
    let r = li
        .reactions()
        .react(org, &comment, ReactionType::Appreciation)
        .await
        .unwrap();
    assert_eq!(r.root.as_deref(), Some(comment.to_string().as_str()));
    assert!(
        r.id.unwrap()
            .starts_with("urn:li:reaction:(urn:li:organization:2414183,")
    );
    assert_eq!(
        body_json(&requests(&server).await[0])["root"],
        json!(comment.to_string())
    );
}

/// Get and remove use the compound key, encoded by Rest.li (`(` `:` `,` `)` literal, the URNs
/// percent-encoded); a remove that finds nothing after a 5xx succeeds.
#[tokio::test]
async fn case2_get_and_remove_by_the_encoded_compound_key() {
    let server = MockServer::start().await;
    let key_path = format!("/rest/reactions/{KEY}");
    Mock::given(method("GET"))
        .and(path(key_path.clone()))
        .and(RestCall("GET"))
        .respond_with(json(200, reaction(MEMBER, "EMPATHY")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(key_path.clone()))
        .and(RestCall("DELETE"))
        .and(RawQuery(None))
        .respond_with(li_error(504, None, None, "Gateway Timeout"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(key_path))
        .respond_with(li_error(404, None, None, "Not Found"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let r = li.reactions().get(member(), post()).await.unwrap();
    assert_eq!(r.reaction_type, Some(ReactionType::Empathy));
    li.reactions().remove(member(), post()).await.unwrap();
    let raw_path: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_owned())
        .collect();
    assert!(raw_path.iter().all(|p| p.ends_with(KEY)), "{raw_path:?}");
}

/// Replace is the documented way: delete (nothing there is fine, where a plain remove says
/// NotFound), then create.
#[tokio::test]
async fn case2_replace_deletes_then_creates() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(format!("/rest/reactions/{KEY}")))
        .respond_with(li_error(404, None, None, "Not Found"))
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/reactions"))
        .respond_with(json(201, reaction(MEMBER, "INTEREST")))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li.reactions().remove(member(), post()).await.unwrap_err();
    // A first attempt answered 404 is NotFound for a remove…
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    let r = li
        .reactions()
        .replace(member(), post(), ReactionType::Interest)
        .await
        .unwrap();
    assert_eq!(r.reaction_type, Some(ReactionType::Interest));
    let methods: Vec<String> = requests(&server)
        .await
        .iter()
        .map(|r| r.method.to_string())
        .collect();
    assert_eq!(methods, ["DELETE", "DELETE", "POST"]);
}

/// "Get Reactions on Shares": the `entity` finder, its key `(entity:…)`, the sort record, full
/// pages walked, a short one ends the walk.
#[tokio::test]
async fn case2_list_walks_the_entity_finder() {
    let server = MockServer::start().await;
    for (start, actors) in [
        (0u64, vec!["urn:li:person:a1", "urn:li:person:a2"]),
        (2, vec!["urn:li:person:a3"]),
    ] {
        let q: &'static str = if start == 0 {
            "count=2&q=entity&sort=(value:CHRONOLOGICAL)&start=0"
        } else {
            "count=2&q=entity&sort=(value:CHRONOLOGICAL)&start=2"
        };
        Mock::given(method("GET"))
            .and(path(
                "/rest/reactions/(entity:urn%3Ali%3Ashare%3A6844785523593134080)",
            ))
            .and(RestCall("FINDER"))
            .and(RawQuery(Some(q)))
            .respond_with(json(
                200,
                json!({
                    "paging": {"start": start, "count": 2, "total": 3, "links": []},
                    "elements": actors.iter().map(|a| reaction(a, "LIKE")).collect::<Vec<_>>(),
                }),
            ))
            .expect(1)
            .mount(&server)
            .await;
    }
    let (li, _) = client(&server);
    let all = li
        .reactions()
        .list(post())
        .sort(ReactionSort::Chronological)
        .page_size(2)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let actors: Vec<&str> = all.iter().filter_map(|r| r.actor()).collect();
    assert_eq!(
        actors,
        ["urn:li:person:a1", "urn:li:person:a2", "urn:li:person:a3"]
    );
}

/// LinkedIn's errors here: a JSON 403, a non-JSON 5xx on a read (retried, then typed), a 429 on
/// the finder backed off; a create that fails after sending is never replayed.
#[tokio::test]
async fn case7_reactions_errors_json_html_throttling_and_no_replay() {
    let server = MockServer::start().await;
    let finder = "/rest/reactions/(entity:urn%3Ali%3Ashare%3A6844785523593134080)";
    mount_in_turn(
        &server,
        "GET",
        finder,
        vec![
            (access_denied("reactions.FINDER-entity.20260301"), 1),
            (throttled(), 1),
        ],
        json(
            200,
            json!({"elements": [], "paging": {"start": 0, "count": 10}}),
        ),
    )
    .await;
    Mock::given(method("GET"))
        .and(path(format!("/rest/reactions/{KEY}")))
        .respond_with(
            ResponseTemplate::new(503).set_body_raw("upstream connect error", "text/plain"),
        )
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/reactions"))
        .respond_with(li_error(500, None, None, "Internal Server Error"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li.reactions().list(post()).send().await.unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    assert!(
        li.reactions()
            .list(post())
            .send()
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let err = li.reactions().get(member(), post()).await.unwrap_err();
    assert_eq!(err.status(), Some(503));
    let err = li
        .reactions()
        .react(member(), post(), ReactionType::Like)
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
}
