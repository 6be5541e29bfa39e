//! The cross-network capabilities of the LinkedIn identities (issue 12) against a mock server:
//! the exact requests of `RecentPosts` (one page of the author's posts, ONE batch read of
//! their social metadata) and of `AwaitingReplies` (posts, their metadata, the newest comments
//! of the posts that have some, the comments' metadata, the replies of those answered). Shapes
//! follow the Posts API, Social Metadata API and Comments API pages
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/social-metadata-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>).

mod common;

use common::*;
use serde_json::{Value, json};
use social_core::presence::PresenceSource;
use social_core::{AwaitingReplies, Identity, PostId, RecentPosts};
use social_linkedin::adapter::{INBOX_COMMENTS, INBOX_POSTS, LinkedInMember, LinkedInOrganization};
use social_linkedin::urn::{OrganizationUrn, PersonUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

/// 2026-12-05T09:00:00Z in milliseconds, and `minutes` before it.
fn ms_before(minutes: i64) -> i64 {
    NOW_UNIX as i64 * 1_000 - minutes * 60_000
}

fn post(n: u64, text: &str, minutes_ago: i64) -> Value {
    json!({
        "id": format!("urn:li:share:{n}"),
        "author": ORG,
        "commentary": text,
        "visibility": "PUBLIC",
        "lifecycleState": "PUBLISHED",
        "createdAt": ms_before(minutes_ago),
        "lastModifiedAt": ms_before(minutes_ago),
        "publishedAt": ms_before(minutes_ago),
    })
}

fn metadata(entity: &str, likes: Option<u64>, comments: u64, top_level: u64) -> Value {
    let mut m = json!({
        "commentsState": "OPEN",
        "commentSummary": {"count": comments, "topLevelCount": top_level},
        "entity": entity,
    });
    if let Some(n) = likes {
        m["reactionSummaries"] = json!({"LIKE": {"reactionType": "LIKE", "count": n}});
    }
    m
}

fn comment(post: &str, id: u64, actor: &str, text: &str, minutes_ago: i64) -> Value {
    json!({
        "actor": actor,
        "commentUrn": format!("urn:li:comment:({post},{id})"),
        "created": {"actor": actor, "time": ms_before(minutes_ago)},
        "lastModified": {"actor": actor, "time": ms_before(minutes_ago)},
        "id": id.to_string(),
        "message": {"attributes": [], "text": text},
        "object": post,
    })
}

fn page(elements: Vec<Value>) -> Value {
    json!({"paging": {"start": 0, "count": 100, "links": []}, "elements": elements})
}

async fn mount_posts(server: &MockServer, query: &'static str, posts: Vec<Value>) {
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(query)))
        .respond_with(json(200, page(posts)))
        .expect(1)
        .mount(server)
        .await;
}

fn firm(server: &MockServer) -> LinkedInOrganization {
    let (li, _) = client(server);
    LinkedInOrganization::new(li, OrganizationUrn::new("2414183").unwrap())
}

/// `RecentPosts`: one page of the author's posts, newest first by creation, then ONE batch
/// read of their social metadata (`ids=List(…)`, `BATCH_GET`); reactions and comments from it,
/// `None` where LinkedIn gave no figure (an entity in `errors`, a summary without reactions),
/// reposts always `None`.
#[tokio::test]
async fn case3_recent_posts_join_one_batch_metadata_read() {
    let server = MockServer::start().await;
    mount_posts(
        &server,
        "author=urn%3Ali%3Aorganization%3A2414183&count=3&q=author&sortBy=CREATED&start=0",
        vec![
            post(3, "Hiring", 1),
            post(2, "Closed on Friday", 60),
            post(1, "Welcome", 600),
        ],
    )
    .await;
    Mock::given(method("GET"))
        .and(path("/rest/socialMetadata"))
        .and(RestCall("BATCH_GET"))
        .and(RawQuery(Some(
            "ids=List(urn%3Ali%3Ashare%3A3,urn%3Ali%3Ashare%3A2,urn%3Ali%3Ashare%3A1)",
        )))
        .respond_with(json(
            200,
            json!({
                "results": {
                    "urn:li:share:3": metadata("urn:li:share:3", Some(12), 4, 3),
                    "urn:li:share:2": metadata("urn:li:share:2", None, 0, 0),
                },
                "statuses": {"urn:li:share:3": 200, "urn:li:share:2": 200, "urn:li:share:1": 404},
                "errors": {"urn:li:share:1": {"status": 404, "message": "Not Found"}}
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let f = firm(&server);
    let recent = f.recent_posts(3).await.unwrap();
    let ids: Vec<&str> = recent.iter().map(|e| e.post.as_str()).collect();
    assert_eq!(ids, ["urn:li:share:3", "urn:li:share:2", "urn:li:share:1"]);
    assert_eq!(
        (recent[0].reactions, recent[0].comments, recent[0].reposts),
        (Some(12), Some(4), None)
    );
    assert_eq!(
        recent[0].url.as_deref(),
        Some("https://www.linkedin.com/feed/update/urn:li:share:3/")
    );
    assert_eq!(recent[0].text, "Hiring");
    assert_eq!(
        recent[0].created_at.map(|t| t.timestamp_millis()),
        Some(ms_before(1))
    );
    // No `reactionSummaries`: no figure, not zero; comments given as 0 stay 0.
    assert_eq!((recent[1].reactions, recent[1].comments), (None, Some(0)));
    // Not read by LinkedIn: nothing known.
    assert_eq!((recent[2].reactions, recent[2].comments), (None, None));
    assert_eq!(requests(&server).await.len(), 2);
    // Zero posts asked: nothing sent.
    assert!(f.recent_posts(0).await.unwrap().is_empty());
    assert_eq!(requests(&server).await.len(), 2);
    // Both wrappers are presence sources.
    let (li, _) = client(&server);
    let member = LinkedInMember::new(li, PersonUrn::new("-f_Ut43FoQ").unwrap());
    let _sources: [&dyn PresenceSource; 2] = [&f, &member];
}

/// An author without posts: one read, no metadata batch (an empty batch is refused).
#[tokio::test]
async fn case3_recent_posts_without_posts_read_no_metadata() {
    let server = MockServer::start().await;
    mount_posts(
        &server,
        "author=urn%3Ali%3Aperson%3A-f_Ut43FoQ&count=5&q=author&sortBy=CREATED&start=0",
        vec![],
    )
    .await;
    let (li, _) = client(&server);
    let member = LinkedInMember::new(li, PersonUrn::new("-f_Ut43FoQ").unwrap());
    assert!(member.recent_posts(5).await.unwrap().is_empty());
    assert_eq!(requests(&server).await.len(), 1);
}

/// `AwaitingReplies`: the latest posts, one metadata batch for them (a post without comments is
/// not read further), the newest page of each other post's top-level comments (placed with
/// `topLevelCount`), one metadata batch for the visitors' comments, and the replies of the
/// one with replies; the page's own comment, the comment it answered and the one older than
/// `since` are left out.
#[tokio::test]
async fn case4_awaiting_reads_posts_metadata_comments_and_replies_in_bounded_calls() {
    let server = MockServer::start().await;
    let visitor = "urn:li:person:Hd7uO4cTUm";
    mount_posts(
        &server,
        "author=urn%3Ali%3Aorganization%3A2414183&count=25&q=author&sortBy=CREATED&start=0",
        vec![post(3, "Hiring", 30), post(2, "Closed on Friday", 600)],
    )
    .await;
    assert_eq!(INBOX_POSTS, 25);
    Mock::given(method("GET"))
        .and(path("/rest/socialMetadata"))
        .and(RestCall("BATCH_GET"))
        .and(RawQuery(Some(
            "ids=List(urn%3Ali%3Ashare%3A3,urn%3Ali%3Ashare%3A2)",
        )))
        .respond_with(json(
            200,
            json!({"results": {
                "urn:li:share:3": metadata("urn:li:share:3", Some(1), 105, 104),
                "urn:li:share:2": metadata("urn:li:share:2", Some(1), 0, 0),
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    // 104 top-level comments: the newest 100 start at 4.
    assert_eq!(INBOX_COMMENTS, 100);
    let p3 = "urn:li:share:3";
    Mock::given(method("GET"))
        .and(path("/rest/socialActions/urn%3Ali%3Ashare%3A3/comments"))
        .and(RestCall("GET_ALL"))
        .and(RawQuery(Some("count=100&start=4")))
        .respond_with(json(
            200,
            page(vec![
                comment(p3, 10, visitor, "Old question", 120),
                comment(p3, 11, visitor, "Answered question", 20),
                comment(p3, 12, ORG, "Our own note", 15),
                comment(p3, 13, visitor, "Do you hire interns?", 10),
            ]),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/socialMetadata"))
        .and(RestCall("BATCH_GET"))
        .and(RawQuery(Some(
            "ids=List(urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A3%2C11%29,urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A3%2C13%29)",
        )))
        .respond_with(json(
            200,
            json!({"results": {
                "urn:li:comment:(urn:li:share:3,11)": metadata("urn:li:comment:(urn:li:share:3,11)", None, 1, 1),
                "urn:li:comment:(urn:li:share:3,13)": metadata("urn:li:comment:(urn:li:share:3,13)", None, 0, 0),
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let c11 = "urn:li:comment:(urn:li:share:3,11)";
    let mut reply = comment(c11, 20, ORG, "Yes, Monday.", 5);
    reply["object"] = json!(p3);
    reply["parentComment"] = json!(c11);
    reply["commentUrn"] = json!("urn:li:comment:(urn:li:share:3,20)");
    Mock::given(method("GET"))
        .and(path(
            "/rest/socialActions/urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A3%2C11%29/comments",
        ))
        .and(RestCall("GET_ALL"))
        .and(RawQuery(Some("count=100&start=0")))
        .respond_with(json(200, page(vec![reply])))
        .expect(1)
        .mount(&server)
        .await;

    let f = firm(&server);
    let since = chrono::DateTime::from_timestamp_millis(ms_before(60)).unwrap();
    let waiting = f.awaiting(Some(since)).await.unwrap();
    let ids: Vec<&str> = waiting.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["urn:li:comment:(urn:li:share:3,13)"]);
    let c = &waiting[0];
    assert_eq!(c.post, PostId::new(p3));
    assert_eq!(c.text, "Do you hire interns?");
    assert_eq!(c.author.as_ref().unwrap().id.as_str(), visitor);
    assert_eq!(
        c.created_at.map(|t| t.timestamp_millis()),
        Some(ms_before(10))
    );
    // Posts, their metadata, one comment page, the comments' metadata, one reply listing:
    // the post without comments and the comment without replies cost nothing more.
    assert_eq!(requests(&server).await.len(), 5);
    assert_eq!(
        f.target().id.to_string(),
        "linkedin:urn:li:organization:2414183"
    );
}
