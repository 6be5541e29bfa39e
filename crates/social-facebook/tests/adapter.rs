//! The core traits on a Facebook Page (`adapter.rs`): `Publisher`, `ProfileReader`,
//! `AudienceReader` and `Conversations`, against the same documented wire shapes.

mod common;

use chrono::Duration as ChronoDuration;
use common::*;
use serde_json::json;
use social_core::reconcile::Reconciled;
use social_core::{
    AudienceReader, CommentId, Conversations, Error, MediaId, MediaRef, Network, Override, Post,
    PostId, ProfileReader, Publisher, Reconcile, UserId,
};
use social_facebook::Listing;
use social_facebook::adapter::FacebookPage;
use social_facebook::models::PageId;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

const POST_ID: &str = "200000000000001_17";

fn page(server: &MockServer) -> (FacebookPage, social_core::clock::ManualClock) {
    let (fb, clock) = client(server);
    (FacebookPage::new(fb, PageId::new(PAGE_ID)), clock)
}

fn feed() -> String {
    p(&format!("{PAGE_ID}/feed"))
}

// Publish text or link with a schedule (<https://developers.facebook.com/docs/pages-api/posts>: `published=false` +
// `scheduled_publish_time`).
#[tokio::test]
async fn publish_a_scheduled_link_post() {
    let server = MockServer::start().await;
    let at = start_utc() + ChronoDuration::days(1);
    Mock::given(method("POST"))
        .and(path(feed()))
        .and(page_signed())
        .and(form_field("message", "New article on the 2027 tax reform"))
        .and(form_field("link", "https://example.com/tax-2027"))
        .and(form_field("published", "false"))
        .and(form_field(
            "scheduled_publish_time",
            &(NOW_UNIX + 86_400).to_string(),
        ))
        .respond_with(ok(json!({"id": POST_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let draft = Post::new("New article on the 2027 tax reform")
        .with_link("https://example.com/tax-2027")
        .scheduled_at(at);
    fb_page.validate(&draft).unwrap();
    let published = fb_page.publish(&draft).await.unwrap();
    assert_eq!(published.network, Network::Facebook);
    assert_eq!(published.id.as_str(), POST_ID);
    assert_eq!(
        published.url.as_deref(),
        Some("https://www.facebook.com/200000000000001_17")
    );
    assert_eq!(published.scheduled_at, Some(at));
}

#[tokio::test]
async fn publish_uses_the_facebook_override_and_attaches_media() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .and(form_field("message", "Texte pour Facebook"))
        .and(form_field("attached_media[0]", r#"{"media_fbid":"555"}"#))
        .respond_with(ok(json!({"id": POST_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let draft = Post::new("Generic text")
        .with_media(MediaRef::new(MediaId::new("555")))
        .with_override(
            Network::Facebook,
            Override::default().with_text("Texte pour Facebook"),
        );
    fb_page.publish(&draft).await.unwrap();
    let req = &requests(&server, "POST", &feed()).await[0];
    assert_eq!(form_value(req, "link"), None);
}

#[tokio::test]
async fn validate_refuses_reply_to_and_alt_text_and_sends_nothing() {
    let server = MockServer::start().await;
    let (fb_page, _) = page(&server);
    let draft = Post::new("hello")
        .in_reply_to(PostId::new("1_2"))
        .with_media(MediaRef::new(MediaId::new("555")).with_alt_text("Our office"));
    let err = fb_page.publish(&draft).await.unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_ref()).collect();
    assert!(fields.contains(&"reply_to"), "{fields:?}");
    assert!(fields.contains(&"media[0].alt_text"), "{fields:?}");
    assert!(all_requests(&server).await.is_empty());
}

#[tokio::test]
async fn validate_refuses_a_schedule_too_close_and_an_empty_post() {
    let server = MockServer::start().await;
    let (fb_page, _) = page(&server);
    let err = fb_page
        .validate(&Post::new("x").scheduled_at(start_utc() + ChronoDuration::minutes(2)))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(fb_page.validate(&Post::new("   ")).is_err());
    let caps = fb_page.capabilities();
    assert_eq!(caps.network, Network::Facebook);
    assert_eq!(Publisher::network(&fb_page), Network::Facebook);
}

#[tokio::test]
async fn delete_through_the_trait() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(p(POST_ID)))
        .and(page_signed())
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    Publisher::delete(&fb_page, &PostId::new(POST_ID))
        .await
        .unwrap();
}

// Page profile and audience (<https://developers.facebook.com/docs/graph-api/reference/page/>):
// `fan_count` = people who like the Page,
// `followers_count` = followers.
#[tokio::test]
async fn audience_maps_fans_and_followers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(page_signed())
        .respond_with(ok(json!({
            "id": PAGE_ID, "name": "Cabinet Martin", "fan_count": 1520, "followers_count": 1634
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let a = fb_page.audience().await.unwrap();
    assert_eq!(a.network, Network::Facebook);
    assert_eq!(a.account, UserId::new(PAGE_ID));
    assert_eq!(a.fans, Some(1520));
    assert_eq!(a.followers, Some(1634));
    assert_eq!(a.following, None);
}

#[tokio::test]
async fn profile_of_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(ok(json!({
            "id": PAGE_ID,
            "name": "Cabinet Martin",
            "username": "cabinetmartin",
            "link": "https://www.facebook.com/cabinetmartin",
            "about": "Tax and business law in Lyon.",
            "verification_status": "blue_verified",
            "picture": {"data": {"url": "https://scontent.example/p.jpg"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let me = fb_page.me().await.unwrap();
    assert_eq!(me.id, UserId::new(PAGE_ID));
    assert_eq!(me.name, "Cabinet Martin");
    assert_eq!(me.handle.as_deref(), Some("cabinetmartin"));
    assert_eq!(
        me.description.as_deref(),
        Some("Tax and business law in Lyon.")
    );
    assert_eq!(
        me.url.as_deref(),
        Some("https://www.facebook.com/cabinetmartin")
    );
    assert_eq!(
        me.picture_url.as_deref(),
        Some("https://scontent.example/p.jpg")
    );
    assert_eq!(me.verified, Some(true));
}

// Read comments with `filter=stream`, every level
// (<https://developers.facebook.com/docs/graph-api/reference/object/comments/>).
#[tokio::test]
async fn comments_map_hidden_state_parent_and_author() {
    let server = MockServer::start().await;
    let next = format!(
        "https://graph.facebook.com/{VERSION}/{POST_ID}/comments?access_token=SEKRIT-123&filter=stream&order=reverse_chronological&limit=100&after=Mg"
    );
    Mock::given(method("GET"))
        .and(path(p(&format!("{POST_ID}/comments"))))
        .and(page_signed())
        .and(query_param("filter", "stream"))
        .and(query_param("order", "reverse_chronological"))
        .and(query_param("limit", "100"))
        .and(query_param("summary", "true"))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({
            "data": [
                {"id": "17_43", "message": "Yes, call us.", "created_time": "2026-11-24T18:00:00+0000",
                 "from": {"name": "Cabinet Martin", "id": PAGE_ID}, "parent": {"id": "17_42"}},
                {"id": "17_42", "message": "spam spam", "is_hidden": true,
                 "from": {"name": "Jean Dupont", "id": "5550001"}}
            ],
            "paging": {"cursors": {"after": "Mg"}, "next": next},
            "summary": {"order": "reverse_chronological", "total_count": 3, "can_comment": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{POST_ID}/comments"))))
        .and(query_param("after", "Mg"))
        .and(query_param("filter", "stream"))
        .and(page_signed())
        .respond_with(ok(json!({"data": [{"id": "17_41", "message": "first"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let post = PostId::new(POST_ID);
    let first = fb_page.comments(&post, None).await.unwrap();
    assert_eq!(first.items.len(), 2);
    assert_eq!(first.total, Some(3), "Graph's total count is kept");
    let reply = &first.items[0];
    assert_eq!(reply.network, Network::Facebook);
    assert_eq!(reply.post, post);
    assert_eq!(reply.parent, Some(CommentId::new("17_42")));
    assert!(!reply.hidden);
    assert_eq!(
        reply.author.as_ref().map(|a| a.id.clone()),
        Some(UserId::new(PAGE_ID))
    );
    assert!(reply.created_at.is_some());
    let hidden = &first.items[1];
    assert!(hidden.hidden);
    assert_eq!(hidden.parent, None);
    assert_eq!(hidden.text, "spam spam");
    let cursor = first.next.clone().unwrap();
    assert!(!format!("{cursor:?}").contains("SEKRIT-123"));
    let second = fb_page.comments(&post, Some(cursor)).await.unwrap();
    assert_eq!(second.items[0].id, CommentId::new("17_41"));
    assert!(second.next.is_none());
}

// Reply (<https://developers.facebook.com/docs/graph-api/reference/object/comments/>):
// POST /{post-id-or-comment-id}/comments.
#[tokio::test]
async fn reply_to_a_comment_and_to_the_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p("17_42/comments")))
        .and(page_signed())
        .and(form_field("message", "Thank you!"))
        .respond_with(ok(json!({"id": "17_44"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p(&format!("{POST_ID}/comments"))))
        .and(form_field("message", "Welcome all"))
        .respond_with(ok(json!({"id": "17_45"})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let post = PostId::new(POST_ID);
    let parent = CommentId::new("17_42");
    let c = fb_page
        .reply(&post, Some(&parent), "Thank you!")
        .await
        .unwrap();
    assert_eq!(c.id, CommentId::new("17_44"));
    assert_eq!(c.parent, Some(parent));
    assert_eq!(c.post, post);
    assert_eq!(c.text, "Thank you!");
    let top = fb_page.reply(&post, None, "Welcome all").await.unwrap();
    assert_eq!(top.parent, None);
}

#[tokio::test]
async fn from_account_signs_with_the_page_token() {
    let server = MockServer::start().await;
    // python3 -c "import hmac,hashlib;print(hmac.new(b'app-secret',b'page-token-2',hashlib.sha256).hexdigest())"
    let proof = "75bda0ca761d6f8a2ee3f5d0fa62a642baa9ccb5a3f6217d769287bc818d24a0";
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({"data": [
            {"id": PAGE_ID, "name": "Cabinet Martin", "access_token": "page-token-2", "tasks": ["CREATE_CONTENT"]}
        ]})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(signed_with("page-token-2", proof))
        .respond_with(ok(json!({"id": PAGE_ID, "fan_count": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let accounts = user
        .pages()
        .accounts()
        .collect(Default::default())
        .await
        .unwrap();
    let fb_page = FacebookPage::from_account(&user, &accounts[0]).unwrap();
    assert_eq!(fb_page.page_id().as_str(), PAGE_ID);
    assert_eq!(fb_page.audience().await.unwrap().fans, Some(1));
}

fn published_posts() -> String {
    p(&format!("{PAGE_ID}/published_posts"))
}

/// A post of a listing as Graph writes it (`created_time` in Graph's own format).
fn listed(id: &str, message: &str, created_unix: u64) -> serde_json::Value {
    let at = chrono::DateTime::from_timestamp(created_unix as i64, 0).unwrap();
    json!({
        "id": id,
        "message": message,
        "created_time": at.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
    })
}

/// The window start of a search for an attempt at the clock's start: five minutes before.
const SINCE_UNIX: u64 = NOW_UNIX - 300;

// Issue 8, case 7: the post was published after all; it is found among the Page's posts since
// the attempt (minus the skew margin), read with `since`, `message,created_time`, 100 a page.
#[tokio::test]
async fn case7_reconcile_finds_the_post_among_the_pages_posts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .and(page_signed())
        .and(query_param("since", SINCE_UNIX.to_string().as_str()))
        .and(query_param("fields", "id,message,created_time"))
        .and(query_param("limit", "100"))
        .respond_with(ok(json!({"data": [
            listed("200000000000001_31", "Another post", NOW_UNIX + 20),
            // Graph stores what it received: the decomposed é matches the composed one.
            listed("200000000000001_30", "Cafe\u{301} closed on Friday", NOW_UNIX + 2),
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let found = fb_page
        .reconcile(&Post::new("Café closed on Friday"), start_utc())
        .await
        .unwrap();
    assert_eq!(found, Reconciled::Found(PostId::new("200000000000001_30")));
}

// Issue 8, case 7: NotFound only once every page since the window start was read (the last
// page has no `next`).
#[tokio::test]
async fn case7_reconcile_not_found_after_a_complete_walk() {
    let server = MockServer::start().await;
    let next = format!(
        "https://graph.facebook.com/{VERSION}/{PAGE_ID}/published_posts?access_token=SEKRIT-123&fields=id%2Cmessage%2Ccreated_time&since={SINCE_UNIX}&limit=100&after=QVFI"
    );
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({
            "data": [listed("200000000000001_33", "Not this one", NOW_UNIX + 60)],
            "paging": {"cursors": {"after": "QVFI"}, "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .and(query_param("after", "QVFI"))
        .and(query_param("since", SINCE_UNIX.to_string().as_str()))
        .respond_with(ok(json!({
            "data": [listed("200000000000001_32", "Nor this one", NOW_UNIX - 100)],
            "paging": {"cursors": {"after": "QVFJ"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let answer = fb_page
        .reconcile(&Post::new("Closed on Friday"), start_utc())
        .await
        .unwrap();
    assert_eq!(answer, Reconciled::NotFound);
}

// Issue 8, case 7: a walk that stops before the end of the listing (here the page cap) is
// Unknown, never NotFound, even when the posts read are all older than the post could be.
#[tokio::test]
async fn case7_reconcile_unknown_when_the_walk_stops_early() {
    let server = MockServer::start().await;
    let next = format!(
        "https://graph.facebook.com/{VERSION}/{PAGE_ID}/published_posts?fields=id%2Cmessage%2Ccreated_time&since={SINCE_UNIX}&limit=100&after=QVFI"
    );
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .respond_with(ok(json!({
            "data": [
                listed("200000000000001_33", "Not this one", NOW_UNIX + 60),
                // Older than the window (Graph documents no order): not the end of the search.
                listed("200000000000001_12", "Old news", NOW_UNIX - 86_400),
            ],
            "paging": {"cursors": {"after": "QVFI"}, "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let fb_page = fb_page.reconcile_max_pages(1);
    let answer = fb_page
        .reconcile(&Post::new("Closed on Friday"), start_utc())
        .await
        .unwrap();
    let Reconciled::Unknown { reason } = answer else {
        panic!("a cut walk cannot rule the post out: {answer:?}");
    };
    assert!(reason.contains("stopped"), "{reason}");
}

// Issue 8, case 7: a scheduled draft is looked for among the scheduled posts first, then among
// the published ones (a scheduled post whose time came); both read to the end for NotFound.
#[tokio::test]
async fn case7_reconcile_a_scheduled_draft_reads_the_scheduled_posts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{PAGE_ID}/scheduled_posts"))))
        .and(query_param("fields", "id,message,created_time"))
        .and(query_param("since", SINCE_UNIX.to_string().as_str()))
        .respond_with(ok(json!({"data": [
            listed("200000000000001_40", "Closed on Friday", NOW_UNIX + 1),
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let draft = Post::new("Closed on Friday").scheduled_at(start_utc() + ChronoDuration::days(1));
    assert_eq!(
        fb_page.reconcile(&draft, start_utc()).await.unwrap(),
        Reconciled::Found(PostId::new("200000000000001_40"))
    );
    // Not there at all: both listings were read to their end.
    let other = Post::new("Open on Monday").scheduled_at(start_utc() + ChronoDuration::days(1));
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{PAGE_ID}/scheduled_posts"))))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        fb_page.reconcile(&other, start_utc()).await.unwrap(),
        Reconciled::NotFound
    );
}

// Issue 8, case 7: a post without `created_time` cannot be placed in the window, and a draft
// without text cannot be told apart from the Page's other posts: both are Unknown.
#[tokio::test]
async fn case7_reconcile_undated_posts_and_textless_drafts_are_unknown() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(published_posts()))
        .respond_with(ok(
            json!({"data": [{"id": "200000000000001_50", "message": "x"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb_page, _) = page(&server);
    let answer = fb_page
        .reconcile(&Post::new("Closed on Friday"), start_utc())
        .await
        .unwrap();
    assert!(matches!(answer, Reconciled::Unknown { .. }), "{answer:?}");
    let photos_only = Post::new("").with_media(MediaRef::new(MediaId::new("555")));
    let answer = fb_page.reconcile(&photos_only, start_utc()).await.unwrap();
    assert!(matches!(answer, Reconciled::Unknown { .. }), "{answer:?}");
}
