//! The Comments API (issue 11, item 2) against a mock server: create as a member or a page,
//! reply, list with paging, read, edit and delete with `?actor=`; exact method, path, query,
//! headers and bodies; LinkedIn's errors. Fixtures follow the samples of the Comments API page
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>).

mod common;

use common::*;
use serde_json::{Value, json};
use social_core::{AuthErrorKind, Error, Listing, PageLimits, ViolationKind};
use social_linkedin::comments::MAX_COMMENT_LENGTH;
use social_linkedin::text::Commentary;
use social_linkedin::urn::{CommentUrn, OrganizationUrn, PersonUrn, PostUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const POST: &str = "urn:li:share:6844785523593134080";
const POST_KEY: &str = "urn%3Ali%3Ashare%3A6844785523593134080";
const COMMENT: &str = "urn:li:comment:(urn:li:share:6844785523593134080,6844788096353894400)";
const COMMENT_KEY: &str =
    "urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A6844785523593134080%2C6844788096353894400%29";

fn member() -> PersonUrn {
    MEMBER.parse().unwrap()
}

fn org() -> OrganizationUrn {
    ORG.parse().unwrap()
}

fn post() -> PostUrn {
    POST.parse().unwrap()
}

fn comment_urn() -> CommentUrn {
    COMMENT.parse().unwrap()
}

/// A comment shaped like the page's "Get Comments on Shares" sample.
fn comment(id: u64, text: &str) -> Value {
    json!({
        "actor": MEMBER,
        "commentUrn": format!("urn:li:comment:({POST},{id})"),
        "$URN": format!("urn:li:comment:({POST},{id})"),
        "created": {"actor": MEMBER, "time": 1_764_918_000_000u64},
        "id": id.to_string(),
        "lastModified": {"actor": MEMBER, "time": 1_764_918_000_000u64},
        "message": {"attributes": [], "text": text},
        "object": POST,
        "likesSummary": {"totalLikes": 0, "likedByCurrentUser": false, "aggregatedTotalLikes": 0, "selectedLikes": []}
    })
}

/// "Create a Comment": the documented body, 201 with the comment.
#[tokio::test]
async fn case2_create_sends_the_documented_body_and_reads_the_comment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/rest/socialActions/{POST_KEY}/comments")))
        .and(RestCall("CREATE"))
        .and(RawQuery(None))
        .respond_with(
            json(
                201,
                comment(6844788096353894400, "Congrats \\(well deserved\\)!"),
            )
            .insert_header("x-restli-id", "6844788096353894400"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let c = li
        .comments()
        .create(post(), member())
        .text("Congrats (well deserved)!")
        .send()
        .await
        .unwrap();
    assert_eq!(c.urn(), Some(comment_urn()));
    assert_eq!(c.text(), "Congrats \\(well deserved\\)!");
    assert_eq!(c.extra["likesSummary"]["totalLikes"], 0);
    let req = &requests(&server).await[0];
    assert_eq!(
        header_of(req, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        body_json(req),
        json!({
            "actor": MEMBER,
            "object": POST,
            "message": {"text": "Congrats \\(well deserved\\)!"},
        })
    );
}

/// "Create a nested comment": sent to the parent comment's key (fully encoded, parentheses and
/// comma included) with `parentComment`, as the page; an empty 201 is rebuilt from
/// `x-restli-id` and what was sent, mentions kept.
#[tokio::test]
async fn case2_reply_as_a_page_goes_to_the_encoded_comment_key_with_parent_comment() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/rest/socialActions/{COMMENT_KEY}/comments")))
        .and(RestCall("CREATE"))
        .respond_with(created("6844790000000000000"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let text = Commentary::builder()
        .text("Thank you ")
        .mention("Jane Doe", &member())
        .text("!")
        .build();
    let reply = li
        .comments()
        .reply(&comment_urn(), org())
        .commentary(text)
        .send()
        .await
        .unwrap();
    assert_eq!(
        reply.urn().unwrap().to_string(),
        format!("urn:li:comment:({POST},6844790000000000000)")
    );
    assert_eq!(reply.parent_comment.as_deref(), Some(COMMENT));
    let req = &requests(&server).await[0];
    assert_eq!(
        body_json(req),
        json!({
            "actor": ORG,
            "object": POST,
            "parentComment": COMMENT,
            "message": {"text": "Thank you @[Jane Doe](urn:li:person:-f_Ut43FoQ)!"},
        })
    );
}

/// A 201 with neither the comment nor its id may have created it: `Unconfirmed`, and a 5xx
/// after sending is never replayed.
#[tokio::test]
async fn case2_a_comment_that_may_exist_is_unconfirmed_and_never_resent() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(201))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .respond_with(li_error(500, None, None, "Internal Server Error"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .comments()
        .create(post(), member())
        .text("hello")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    let err = li
        .comments()
        .create(post(), member())
        .text("hello")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
}

/// Every problem of a comment is found offline, at once, and nothing is sent.
#[tokio::test]
async fn case2_bad_comments_are_refused_offline_with_every_violation() {
    let server = MockServer::start().await;
    let (li, _) = client(&server);
    let err = li
        .comments()
        .create(post(), member())
        .little_text(format!(
            "oops (unescaped) {}",
            "a".repeat(MAX_COMMENT_LENGTH as usize)
        ))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    let kinds: Vec<_> = violations.iter().map(|v| &v.kind).collect();
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(violations.iter().all(|v| v.field == "message.text"));
    assert!(
        kinds
            .iter()
            .any(|k| matches!(k, ViolationKind::TooLong { limit: 1_250, .. }))
    );
    let err = li
        .comments()
        .create(post(), member())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert!(requests(&server).await.is_empty());
}

/// "Get Comments on Shares": `GET_ALL` with `start`/`count`, walked until a short page,
/// whatever `total` says.
#[tokio::test]
async fn case2_list_walks_full_pages_and_stops_on_a_short_one() {
    let server = MockServer::start().await;
    for (start, ids) in [(0u64, vec![1u64, 2]), (2, vec![3])] {
        let q: &'static str = if start == 0 {
            "count=2&start=0"
        } else {
            "count=2&start=2"
        };
        Mock::given(method("GET"))
            .and(path(format!("/rest/socialActions/{POST_KEY}/comments")))
            .and(RestCall("GET_ALL"))
            .and(RawQuery(Some(q)))
            .respond_with(json(
                200,
                json!({
                    "paging": {"start": start, "count": 2, "total": 99, "links": []},
                    "elements": ids.iter().map(|i| comment(*i, &format!("c{i}"))).collect::<Vec<_>>(),
                }),
            ))
            .expect(1)
            .mount(&server)
            .await;
    }
    let (li, _) = client(&server);
    let all = li
        .comments()
        .list(post())
        .page_size(2)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let texts: Vec<&str> = all.iter().map(|c| c.text()).collect();
    assert_eq!(texts, ["c1", "c2", "c3"]);
    assert_eq!(
        all[2].created.as_ref().unwrap().actor.as_deref(),
        Some(MEMBER)
    );
}

/// Read one comment, edit it (`PARTIAL_UPDATE`, the patch of the page, `?actor=` encoded) and
/// delete it (`?actor=`); a delete retried after a 5xx that finds it gone succeeds.
#[tokio::test]
async fn case2_get_edit_and_delete_name_the_comment_and_the_actor() {
    let server = MockServer::start().await;
    let one = format!("/rest/socialActions/{POST_KEY}/comments/6844788096353894400");
    Mock::given(method("GET"))
        .and(path(one.clone()))
        .and(RestCall("GET"))
        .and(RawQuery(None))
        .respond_with(json(200, comment(6844788096353894400, "hi")))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(one.clone()))
        .and(RestCall("PARTIAL_UPDATE"))
        .and(RawQuery(Some("actor=urn%3Ali%3Aorganization%3A2414183")))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(one.clone()))
        .and(RestCall("DELETE"))
        .and(RawQuery(Some("actor=urn%3Ali%3Aperson%3A-f_Ut43FoQ")))
        .respond_with(li_error(503, None, None, "Service Unavailable"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(one))
        .respond_with(li_error(404, None, None, "Not Found"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    assert_eq!(
        li.comments().get(&comment_urn()).await.unwrap().text(),
        "hi"
    );
    li.comments()
        .edit(&comment_urn(), org(), Commentary::plain("Edited (typo)"))
        .await
        .unwrap();
    li.comments()
        .delete(&comment_urn(), member())
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(
        body_json(&reqs[1]),
        json!({"patch": {"message": {"$set": {"text": "Edited \\(typo\\)"}}}})
    );
}

/// LinkedIn's errors on this resource: a JSON 403 is a missing permission naming the resource,
/// a non-JSON 502 is retried then typed with its snippet, a short 429 on a read backs off.
#[tokio::test]
async fn case7_comments_errors_json_html_and_throttling() {
    let server = MockServer::start().await;
    let list = format!("/rest/socialActions/{POST_KEY}/comments");
    mount_in_turn(
        &server,
        "GET",
        &list,
        vec![
            (access_denied("comments.GET_ALL.20260301"), 1),
            (
                ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
                3,
            ),
            (throttled(), 1),
        ],
        json(
            200,
            json!({"elements": [comment(5, "ok")], "paging": {"start": 0, "count": 10}}),
        ),
    )
    .await;
    let (li, clock) = client(&server);
    let err = li.comments().list(post()).send().await.unwrap_err();
    let Error::Auth { kind, message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(kind, &AuthErrorKind::MissingPermission { scope: None });
    assert!(message.contains("comments.GET_ALL"), "{message}");
    let err = li.comments().list(post()).send().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 502);
    assert!(api.body_snippet.contains("Bad Gateway"));
    let page = li.comments().list(post()).send().await.unwrap();
    assert_eq!(page.items[0].text(), "ok");
    assert!(page.next.is_none());
    assert_eq!(clock.sleeps().len(), 3);
}
