//! Posts: publish text and links (now or scheduled), photos by URL and by upload, multi-photo
//! posts, edit, delete, one post with its counts, and the feed listings.

mod common;

use bytes::Bytes;
use chrono::Duration as ChronoDuration;
use common::*;
use serde_json::json;
use social_core::reconcile::Created;
use social_core::{Error, MediaId, PageLimits, PostId, ViolationKind};
use social_facebook::Listing;
use social_facebook::models::{PageId, PostField};
use social_facebook::posts::PhotoSource;
use wiremock::matchers::{header, method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page() -> PageId {
    PageId::new(PAGE_ID)
}

fn feed() -> String {
    p(&format!("{PAGE_ID}/feed"))
}

fn photos() -> String {
    p(&format!("{PAGE_ID}/photos"))
}

const POST_ID: &str = "200000000000001_17";

// Publish text or link (<https://developers.facebook.com/docs/pages-api/posts>): POST /{page-id}/feed with `message`, `link` →
// `{id:"{page-id}_{post-id}"}`.
#[tokio::test]
async fn create_posts_message_and_link_as_a_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .and(page_signed())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(form_field("message", "New article on the 2027 tax reform"))
        .and(form_field("link", "https://example.com/tax-2027"))
        .respond_with(ok(json!({"id": POST_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let created = fb
        .posts()
        .create(&page())
        .message("New article on the 2027 tax reform")
        .link("https://example.com/tax-2027")
        .send()
        .await
        .unwrap();
    assert_eq!(created.id.as_str(), POST_ID);
    assert!(created.photos.is_empty());
    let req = &requests(&server, "POST", &feed()).await[0];
    // Only the post's fields in the body; the credentials travel in the query string.
    let keys: Vec<String> = form(req).into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["message", "link"]);
}

// `scheduled_publish_time` in unix seconds, only with `published=false` (<https://developers.facebook.com/docs/pages-api/posts>).
#[tokio::test]
async fn scheduled_post_sends_published_false_and_unix_seconds() {
    let server = MockServer::start().await;
    let at = start_utc() + ChronoDuration::days(2);
    Mock::given(method("POST"))
        .and(path(feed()))
        .and(form_field(
            "message",
            "Reminder: our office is closed on Friday.",
        ))
        .and(form_field("published", "false"))
        .and(form_field(
            "scheduled_publish_time",
            &(NOW_UNIX + 2 * 86_400).to_string(),
        ))
        .respond_with(ok(json!({"id": POST_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.posts()
        .create(&page())
        .message("Reminder: our office is closed on Friday.")
        .scheduled_at(at)
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn schedule_follows_the_client_clock() {
    let server = MockServer::start().await;
    let (fb, clock) = client(&server);
    let at = start_utc() + ChronoDuration::minutes(15);
    let draft = fb.posts().create(&page()).message("hi").scheduled_at(at);
    assert!(draft.violations().is_empty());
    // Ten minutes later on the client's clock, the same schedule is too close.
    clock.advance(std::time::Duration::from_secs(10 * 60));
    let v = draft.violations();
    assert_eq!(v.len(), 1, "{v:?}");
    assert_eq!(v[0].field, "scheduled_publish_time");
    assert!(all_requests(&server).await.is_empty());
}

#[tokio::test]
async fn every_violation_is_listed_and_nothing_is_sent() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("   ")
        .published(true)
        .scheduled_at(start_utc() + ChronoDuration::minutes(9))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_ref()).collect();
    assert!(fields.contains(&"message"), "{fields:?}");
    assert!(fields.contains(&"published"), "{fields:?}");
    assert!(fields.contains(&"scheduled_publish_time"), "{fields:?}");
    assert!(
        violations
            .iter()
            .any(|v| v.field == "scheduled_publish_time" && v.kind == ViolationKind::OutOfRange)
    );
    assert!(all_requests(&server).await.is_empty());
}

#[tokio::test]
async fn empty_post_and_bad_link_are_refused() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let err = fb.posts().create(&page()).send().await.unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].kind, ViolationKind::Empty);
    let v = fb
        .posts()
        .create(&page())
        .link("javascript:alert(1)")
        .violations();
    assert!(
        v.iter()
            .any(|v| v.field == "link" && v.kind == ViolationKind::Malformed),
        "{v:?}"
    );
    let v = fb
        .posts()
        .create(&page())
        .message("x".repeat(63_207))
        .violations();
    assert!(v.iter().any(|v| matches!(
        v.kind,
        ViolationKind::TooLong {
            limit: 63_206,
            actual: 63_207
        }
    )));
    assert!(all_requests(&server).await.is_empty());
}

// Publish a photo (<https://developers.facebook.com/docs/graph-api/reference/page/photos/>): `url`
// (public image URL) → `{id, post_id}`.
#[tokio::test]
async fn photo_by_url_is_a_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(page_signed())
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(form_field("url", "https://example.com/team.jpg"))
        .and(form_field("caption", "The team at the 2026 bar conference"))
        .respond_with(ok(
            json!({"id": "300000000000009", "post_id": "200000000000001_18"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let photo = fb
        .posts()
        .photo(&page())
        .url("https://example.com/team.jpg")
        .caption("The team at the 2026 bar conference")
        .send()
        .await
        .unwrap();
    assert_eq!(photo.id.as_str(), "300000000000009");
    assert_eq!(
        photo.post_id.as_ref().map(PostId::as_str),
        Some("200000000000001_18")
    );
}

// Uploads use multipart with a `source` field
// (<https://developers.facebook.com/docs/graph-api/reference/page/photos/>).
#[tokio::test]
async fn photo_by_bytes_is_multipart_with_a_source_part() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(page_signed())
        .respond_with(ok(
            json!({"id": "300000000000010", "post_id": "200000000000001_19"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let bytes: &[u8] = b"\x89PNG\r\n\x1a\nFAKE-IMAGE-BYTES";
    fb.posts()
        .photo(&page())
        .bytes("office.png", "image/png", Bytes::from_static(bytes))
        .caption("Our new office")
        .send()
        .await
        .unwrap();
    let req = &requests(&server, "POST", &photos()).await[0];
    let ct = header_value(req, "content-type").unwrap();
    assert!(ct.starts_with("multipart/form-data"), "{ct}");
    let body = String::from_utf8_lossy(&req.body);
    assert!(body.contains("name=\"source\""), "{body}");
    assert!(body.contains("filename=\"office.png\""), "{body}");
    assert!(body.contains("Content-Type: image/png") || body.contains("content-type: image/png"));
    assert!(body.contains("name=\"caption\""));
    assert!(body.contains("Our new office"));
    assert!(
        req.body.windows(bytes.len()).any(|w| w == bytes),
        "the image bytes are in the body"
    );
    assert!(!body.contains(PAGE_TOKEN), "the token is not in the body");
}

#[tokio::test]
async fn photo_without_source_or_with_empty_bytes_is_refused() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let err = fb.posts().photo(&page()).send().await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let err = fb
        .posts()
        .photo(&page())
        .bytes("a.png", "image/png", Bytes::new())
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(all_requests(&server).await.is_empty());
}

// For multi-photo posts (<https://developers.facebook.com/docs/pages-api/posts>), upload each photo with `published=false`, then
// `POST /feed` with `attached_media[i]={"media_fbid":"…"}`.
#[tokio::test]
async fn multi_photo_uploads_unpublished_then_attaches() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("url", "https://example.com/a.jpg"))
        .and(form_field("published", "false"))
        .respond_with(ok(json!({"id": "111"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("url", "https://example.com/b.jpg"))
        .and(form_field("published", "false"))
        .respond_with(ok(json!({"id": "222"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .and(page_signed())
        .and(form_field("message", "Two photos"))
        .and(form_field("attached_media[0]", r#"{"media_fbid":"111"}"#))
        .and(form_field("attached_media[1]", r#"{"media_fbid":"222"}"#))
        .respond_with(ok(json!({"id": POST_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let created = fb
        .posts()
        .create(&page())
        .message("Two photos")
        .photo(PhotoSource::Url("https://example.com/a.jpg".into()))
        .photo(PhotoSource::Url("https://example.com/b.jpg".into()))
        .send()
        .await
        .unwrap();
    assert_eq!(created.photos, [MediaId::new("111"), MediaId::new("222")]);
    let uploads = requests(&server, "POST", &photos()).await;
    assert_eq!(uploads.len(), 2);
    for u in &uploads {
        assert_eq!(
            form_value(u, "temporary"),
            None,
            "not scheduled: not temporary"
        );
    }
    // The uploads happen before the post.
    let order: Vec<String> = all_requests(&server)
        .await
        .iter()
        .map(|r| r.url.path().to_string())
        .collect();
    assert_eq!(order, [photos(), photos(), feed()]);
}

#[tokio::test]
async fn scheduled_multi_photo_uploads_temporary_photos() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("published", "false"))
        .and(form_field("temporary", "true"))
        .respond_with(ok(json!({"id": "111"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .and(form_field("attached_media[0]", r#"{"media_fbid":"111"}"#))
        .and(form_field("published", "false"))
        .respond_with(ok(json!({"id": POST_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.posts()
        .create(&page())
        .photo(PhotoSource::Url("https://example.com/a.jpg".into()))
        .scheduled_at(start_utc() + ChronoDuration::hours(3))
        .send()
        .await
        .unwrap();
}

#[tokio::test]
async fn link_and_photos_together_are_refused() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let v = fb
        .posts()
        .create(&page())
        .link("https://example.com")
        .attach(MediaId::new("111"))
        .violations();
    assert!(
        v.iter()
            .any(|v| v.field == "link" && v.kind == ViolationKind::Unsupported)
    );
}

// A create that gets a 5xx is not sent again: Graph may have made the post.
#[tokio::test]
async fn create_on_500_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .respond_with(graph_error(
            500,
            2,
            None,
            "An unexpected error has occurred. Please retry your request later.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("hello")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn photo_upload_on_503_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .photo(&page())
        .url("https://example.com/a.jpg")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
}

// "(#506) Duplicate status message" (<https://developers.facebook.com/docs/graph-api/guides/error-handling>).
#[tokio::test]
async fn duplicate_is_typed_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .respond_with(graph_error(
            400,
            506,
            None,
            "(#506) Duplicate status message",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("hello")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
}

#[tokio::test]
async fn create_answered_200_without_an_id_is_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .respond_with(ok(json!({"unexpected": true})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("hello")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
}

// Edit a post (<https://developers.facebook.com/docs/graph-api/reference/post/>): POST /{post-id}
// → `{success:true}`. The change is idempotent.
#[tokio::test]
async fn edit_is_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(POST_ID)))
        .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p(POST_ID)))
        .and(page_signed())
        .and(form_field(
            "message",
            "Corrected: the office opens at 9:00.",
        ))
        .and(form_field("is_hidden", "false"))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    fb.posts()
        .edit(&PostId::new(POST_ID))
        .message("Corrected: the office opens at 9:00.")
        .hidden(false)
        .send()
        .await
        .unwrap();
    assert_eq!(clock.sleeps().len(), 1);
}

#[tokio::test]
async fn edit_scheduled_time_and_empty_edit() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(POST_ID)))
        .and(form_field(
            "scheduled_publish_time",
            &(NOW_UNIX + 3600).to_string(),
        ))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.posts()
        .edit(&PostId::new(POST_ID))
        .scheduled_at(start_utc() + ChronoDuration::hours(1))
        .send()
        .await
        .unwrap();
    let err = fb
        .posts()
        .edit(&PostId::new(POST_ID))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let err = fb
        .posts()
        .edit(&PostId::new(POST_ID))
        .scheduled_at(start_utc() + ChronoDuration::minutes(5))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
}

// Delete a post (<https://developers.facebook.com/docs/graph-api/reference/post/>):
// DELETE /{post-id} → `{success:true}`.
#[tokio::test]
async fn delete_sends_delete_and_checks_success() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(p(POST_ID)))
        .and(page_signed())
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(p("200000000000001_99")))
        .respond_with(ok(json!({"success": false})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.posts().delete(&PostId::new(POST_ID)).await.unwrap();
    let err = fb
        .posts()
        .delete(&PostId::new("200000000000001_99"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
}

// Field expansion with summaries (<https://developers.facebook.com/docs/graph-api/guides/field-expansion>)
// and Graph's timestamps (`+0000`).
#[tokio::test]
async fn get_reads_the_post_with_its_counts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .and(page_signed())
        .and(query_param(
            "fields",
            "id,message,created_time,permalink_url,full_picture,status_type,is_published,from,comments.summary(true).limit(0),reactions.summary(total_count).limit(0)",
        ))
        .respond_with(ok(json!({
            "id": POST_ID,
            "message": "Our office is closed on Friday.",
            "created_time": "2026-11-20T08:30:00+0000",
            "permalink_url": "https://www.facebook.com/200000000000001/posts/17",
            "status_type": "mobile_status_update",
            "is_published": true,
            "from": {"name": "Cabinet Martin", "id": PAGE_ID},
            "comments": {"data": [], "summary": {"order": "ranked", "total_count": 4, "can_comment": true}},
            "reactions": {"data": [], "summary": {"total_count": 12, "viewer_reaction": "NONE"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let post = fb.posts().get(&PostId::new(POST_ID)).send().await.unwrap();
    assert_eq!(post.comments.as_ref().and_then(|c| c.total()), Some(4));
    assert_eq!(post.reactions.as_ref().and_then(|r| r.total()), Some(12));
    assert_eq!(
        post.created_time.unwrap().to_rfc3339(),
        "2026-11-20T08:30:00+00:00"
    );
    assert_eq!(post.from.and_then(|f| f.id).as_deref(), Some(PAGE_ID));
    assert_eq!(post.is_published, Some(true));
}

#[tokio::test]
async fn get_with_chosen_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .and(query_param(
            "fields",
            "message,shares,attachments{media_type}",
        ))
        .respond_with(ok(json!({
            "id": POST_ID, "message": "m", "shares": {"count": 3},
            "attachments": {"data": [{"media_type": "photo"}]}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let post = fb
        .posts()
        .get(&PostId::new(POST_ID))
        .fields([PostField::Message, PostField::Shares])
        .field_raw("attachments{media_type}")
        .send()
        .await
        .unwrap();
    assert_eq!(post.shares.and_then(|s| s.count), Some(3));
    assert!(post.extra.contains_key("attachments"));
}

// Read the timeline (<https://developers.facebook.com/docs/graph-api/reference/page/feed/>): feed,
// published_posts, scheduled_posts, visitor_posts; `since`/`until` are unix timestamps
// (<https://developers.facebook.com/docs/graph-api/results>).
#[tokio::test]
async fn listings_hit_their_edges_with_since_and_until() {
    let server = MockServer::start().await;
    for edge in ["feed", "posts", "published_posts", "visitor_posts"] {
        Mock::given(method("GET"))
            .and(path(p(&format!("{PAGE_ID}/{edge}"))))
            .and(page_signed())
            .and(query_param(
                "fields",
                "id,message,created_time,permalink_url,full_picture,status_type,is_published,from",
            ))
            .and(query_param("since", NOW_UNIX.to_string().as_str()))
            .and(query_param("until", (NOW_UNIX + 60).to_string().as_str()))
            .and(query_param("limit", "25"))
            .respond_with(ok(json!({"data": [{"id": POST_ID, "message": edge}]})))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(p(&format!("{PAGE_ID}/scheduled_posts"))))
        .and(query_param(
            "fields",
            "id,message,created_time,permalink_url,full_picture,status_type,is_published,from,scheduled_publish_time",
        ))
        .respond_with(ok(json!({"data": [
            {"id": POST_ID, "message": "later", "is_published": false, "scheduled_publish_time": 1795683600}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let since = start_utc();
    let until = start_utc() + ChronoDuration::seconds(60);
    let posts = fb.posts();
    for (list, edge) in [
        (posts.feed(&page()), "feed"),
        (posts.page_posts(&page()), "posts"),
        (posts.published(&page()), "published_posts"),
        (posts.visitor_posts(&page()), "visitor_posts"),
    ] {
        let got = list
            .since(since)
            .until(until)
            .page_size(25)
            .send()
            .await
            .unwrap();
        assert_eq!(got.items[0].message.as_deref(), Some(edge));
        assert!(got.next.is_none());
    }
    let scheduled = posts.scheduled(&page()).send().await.unwrap();
    assert_eq!(
        scheduled.items[0]
            .scheduled_publish_time
            .map(|t| t.timestamp()),
        Some(1_795_683_600)
    );
    assert_eq!(scheduled.items[0].is_published, Some(false));
}

#[tokio::test]
async fn feed_walks_pages_until_next_is_gone() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/{VERSION}/{PAGE_ID}/feed?access_token=leaked&fields=id&limit=2&until=1795000000&__paging_token=enc_AdA",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("__paging_token"))
        .respond_with(ok(json!({
            "data": [{"id": "1_1"}, {"id": "1_2"}],
            "paging": {"previous": "https://graph.facebook.com/prev", "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("__paging_token", "enc_AdA"))
        .and(query_param("until", "1795000000"))
        .and(page_signed())
        .respond_with(ok(json!({"data": [{"id": "1_3"}], "paging": {"previous": "https://graph.facebook.com/prev"}})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let all = fb
        .posts()
        .feed(&page())
        .page_size(2)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1_1", "1_2", "1_3"]);
}

#[tokio::test]
async fn listing_permission_error_names_the_permission() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{PAGE_ID}/visitor_posts"))))
        .respond_with(graph_error(
            403,
            10,
            None,
            "(#10) This endpoint requires the 'pages_read_user_content' permission.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb.posts().visitor_posts(&page()).send().await.unwrap_err();
    match err {
        Error::Auth {
            kind: social_core::AuthErrorKind::MissingPermission { scope },
            ..
        } => assert_eq!(scope.as_deref(), Some("pages_read_user_content")),
        other => panic!("{other:?}"),
    }
}

// "(#32) Page request limit reached" (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>) at HTTP 429 with
// `Retry-After`: Graph did
// not act, so the create is rate limited (not "unknown") and not sent again by the SDK.
#[tokio::test]
async fn rate_limited_create_is_reported_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .respond_with(
            graph_error(429, 32, None, "(#32) Page request limit reached")
                .insert_header("retry-after", "120")
                .insert_header(
                    "x-page-usage",
                    r#"{"call_count":100,"total_cputime":10,"total_time":12}"#,
                ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("hello")
        .send()
        .await
        .unwrap_err();
    let Error::RateLimited { retry_after, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(*retry_after, Some(std::time::Duration::from_secs(120)));
}

// The conservative bound of attached photos (MAX_ATTACHED_PHOTOS), checked offline with the rest.
#[tokio::test]
async fn more_than_ten_photos_are_refused_before_sending() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let mut draft = fb.posts().create(&page()).message("Our offices");
    for i in 0..8 {
        draft = draft.attach(MediaId::new(format!("9{i}")));
    }
    for i in 0..3 {
        draft = draft.photo(PhotoSource::Url(format!("https://example.com/{i}.jpg")));
    }
    let v = draft.violations();
    assert!(
        v.iter().any(|v| v.field == "photos"
            && v.kind
                == ViolationKind::TooMany {
                    limit: 10,
                    actual: 11
                }),
        "{v:?}"
    );
    assert!(draft.send().await.is_err());
    assert!(all_requests(&server).await.is_empty());
}

// A schedule exactly ten minutes ahead would be under ten minutes when Graph reads it: the
// client keeps a one-minute margin (posts::SCHEDULE_MARGIN).
#[tokio::test]
async fn a_schedule_at_exactly_ten_minutes_is_refused() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let exact = fb
        .posts()
        .create(&page())
        .message("hi")
        .scheduled_at(start_utc() + ChronoDuration::minutes(10));
    assert_eq!(exact.violations().len(), 1);
    let later = fb
        .posts()
        .create(&page())
        .message("hi")
        .scheduled_at(start_utc() + ChronoDuration::minutes(11));
    assert!(later.violations().is_empty());
}

// Issue 8, case 7: the post carrying two uploaded photos times out with a 500: the
// `Unconfirmed` error keeps both photo ids (in upload order), so a second try after
// reconciling attaches them instead of uploading them again.
#[tokio::test]
async fn case7_unconfirmed_multi_photo_post_keeps_the_uploaded_photo_ids() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("url", "https://example.com/a.jpg"))
        .respond_with(ok(json!({"id": "111"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("url", "https://example.com/b.jpg"))
        // Older answers send the new id as a number (case 13).
        .respond_with(ok(json!({"id": 222})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(feed()))
        .respond_with(graph_error(
            500,
            2,
            None,
            "An unexpected error has occurred. Please retry your request later.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("Two photos")
        .attach(MediaId::new("100"))
        .photo(PhotoSource::Url("https://example.com/a.jpg".into()))
        .photo(PhotoSource::Url("https://example.com/b.jpg".into()))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    // Only what the SDK uploaded: the photo attached by the caller is the caller's.
    assert_eq!(
        err.created(),
        [Created::media("111"), Created::media("222")]
    );
    assert!(
        err.to_string()
            .contains("Already created on the way: media 111, media 222."),
        "{err}"
    );
}

// Issue 8, case 7: the second upload's outcome is unknown: the error keeps the first photo's id.
#[tokio::test]
async fn case7_unconfirmed_second_upload_keeps_the_first_photo_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("url", "https://example.com/a.jpg"))
        .respond_with(ok(json!({"id": "111"})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(photos()))
        .and(form_field("url", "https://example.com/b.jpg"))
        .respond_with(ResponseTemplate::new(503).set_body_string("upstream unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .posts()
        .create(&page())
        .message("Two photos")
        .photo(PhotoSource::Url("https://example.com/a.jpg".into()))
        .photo(PhotoSource::Url("https://example.com/b.jpg".into()))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(err.created(), [Created::media("111")]);
    assert!(requests(&server, "POST", &feed()).await.is_empty());
}
