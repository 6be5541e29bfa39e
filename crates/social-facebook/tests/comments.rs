//! Comments: list (filter, order, summary), reply, hide and unhide, edit, delete.

mod common;

use common::*;
use serde_json::json;
use social_core::{CommentId, Error, PageLimits, ViolationKind};
use social_facebook::Listing;
use social_facebook::comments::{CommentFilter, CommentOrder};
use social_facebook::models::CommentField;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const POST_ID: &str = "200000000000001_17";
const COMMENT_ID: &str = "17_42";
const COMMENT_FIELDS: &str = "id,message,from,created_time,like_count,comment_count,is_hidden,can_hide,can_remove,parent,permalink_url";

fn comments_path(object: &str) -> String {
    p(&format!("{object}/comments"))
}

// Read comments (<https://developers.facebook.com/docs/graph-api/reference/object/comments/>):
// `{data:[Comment], paging, summary:{order,total_count,can_comment}}`.
#[tokio::test]
async fn list_sends_filter_order_summary_and_decodes_the_summary() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .and(page_signed())
        .and(query_param("filter", "stream"))
        .and(query_param("order", "reverse_chronological"))
        .and(query_param("summary", "true"))
        .and(query_param("fields", COMMENT_FIELDS))
        .and(query_param("limit", "50"))
        .respond_with(ok(json!({
            "data": [
                {
                    "id": "17_42",
                    "message": "Do you handle inheritance cases?",
                    "from": {"name": "Jean Dupont", "id": "5550001"},
                    "created_time": "2026-11-24T17:02:11+0000",
                    "like_count": 2,
                    "comment_count": 1,
                    "is_hidden": false,
                    "can_hide": true,
                    "can_remove": true,
                    "permalink_url": "https://www.facebook.com/200000000000001/posts/17?comment_id=42"
                },
                {
                    "id": "17_43",
                    "message": "Yes, call us.",
                    "from": {"name": "Cabinet Martin", "id": "200000000000001"},
                    "created_time": "2026-11-24T18:00:00+0000",
                    "like_count": 0,
                    "comment_count": 0,
                    "is_hidden": true,
                    "parent": {"id": "17_42"}
                }
            ],
            "paging": {"cursors": {"before": "MQZDZD", "after": "MgZDZD"}},
            "summary": {"order": "reverse_chronological", "total_count": 2, "can_comment": true}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb
        .comments()
        .list(POST_ID)
        .filter(CommentFilter::Stream)
        .order(CommentOrder::ReverseChronological)
        .summary()
        .page_size(50)
        .send()
        .await
        .unwrap();
    let summary = page.extra.clone().unwrap();
    assert_eq!(summary.total_count, Some(2));
    assert_eq!(summary.order.as_deref(), Some("reverse_chronological"));
    assert_eq!(summary.can_comment, Some(true));
    assert!(page.next.is_none(), "no `next`: the last page");
    let c = &page.items[0];
    assert_eq!(c.id.as_str(), "17_42");
    assert_eq!(
        c.from.as_ref().and_then(|f| f.name.as_deref()),
        Some("Jean Dupont")
    );
    assert_eq!(c.like_count, Some(2));
    assert_eq!(c.can_hide, Some(true));
    assert!(c.created_time.is_some());
    let reply = &page.items[1];
    assert_eq!(reply.is_hidden, Some(true));
    assert_eq!(reply.parent.as_ref().map(|p| p.id.as_str()), Some("17_42"));
    let total = page.total;
    assert_eq!(total, Some(2));
}

#[tokio::test]
async fn list_toplevel_chronological_with_chosen_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .and(query_param("filter", "toplevel"))
        .and(query_param("order", "chronological"))
        .and(query_param("fields", "id,message,attachment"))
        .and(query_param_is_missing("summary"))
        .respond_with(ok(
            json!({"data": [{"id": "17_1", "message": "a", "attachment": {"type": "photo"}}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb
        .comments()
        .list(POST_ID)
        .filter(CommentFilter::TopLevel)
        .order(CommentOrder::Chronological)
        .fields([
            CommentField::Id,
            CommentField::Message,
            CommentField::Attachment,
        ])
        .send()
        .await
        .unwrap();
    assert!(page.items[0].extra.contains_key("attachment"));
    assert!(page.extra.is_none());
}

#[tokio::test]
async fn list_walks_pages() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/{VERSION}/{POST_ID}/comments?access_token=SEKRIT-123&filter=stream&limit=1&after=MgZDZD",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({
            "data": [{"id": "17_1"}],
            "paging": {"cursors": {"before": "MQZDZD", "after": "MgZDZD"}, "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .and(query_param("after", "MgZDZD"))
        .and(query_param("filter", "stream"))
        .and(page_signed())
        .respond_with(ok(json!({"data": [{"id": "17_2"}], "paging": {"cursors": {"before": "MgZDZD", "after": "MwZDZD"}}})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let all = fb
        .comments()
        .list(POST_ID)
        .filter(CommentFilter::Stream)
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["17_1", "17_2"]);
}

// Reply (<https://developers.facebook.com/docs/graph-api/reference/object/comments/>):
// POST /{post-id-or-comment-id}/comments with `message` → `{id}`.
#[tokio::test]
async fn reply_posts_the_message() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(comments_path(COMMENT_ID)))
        .and(page_signed())
        .and(form_field(
            "message",
            "Thank you! Call us at the office and we will set up a meeting.",
        ))
        .respond_with(ok(json!({"id": "17_44"})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let id = fb
        .comments()
        .reply(
            COMMENT_ID,
            "Thank you! Call us at the office and we will set up a meeting.",
        )
        .send()
        .await
        .unwrap();
    assert_eq!(id.as_str(), "17_44");
}

#[tokio::test]
async fn reply_with_a_picture() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(comments_path(POST_ID)))
        .and(form_field("attachment_url", "https://example.com/map.png"))
        .respond_with(ok(json!({"id": "17_45"})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.comments()
        .reply(POST_ID, "")
        .attachment_url("https://example.com/map.png")
        .send()
        .await
        .unwrap();
}

// A reply is a create; a 500 must not produce two replies.
#[tokio::test]
async fn reply_on_500_is_unconfirmed_and_sent_once() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(comments_path(POST_ID)))
        .respond_with(ResponseTemplate::new(500).set_body_string("Internal Server Error"))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let err = fb
        .comments()
        .reply(POST_ID, "Thanks!")
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { endpoint, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(endpoint, "POST /:object/comments");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn empty_or_too_long_reply_is_refused() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let err = fb.comments().reply(POST_ID, "  ").send().await.unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].kind, ViolationKind::Empty);
    let v = fb.comments().reply(POST_ID, "x".repeat(8_001)).violations();
    assert!(matches!(
        v[0].kind,
        ViolationKind::TooLong {
            limit: 8_000,
            actual: 8_001
        }
    ));
    assert!(all_requests(&server).await.is_empty());
}

// Hide / unhide a comment (<https://developers.facebook.com/docs/graph-api/reference/comment/>):
// POST /{comment-id} with `is_hidden=true|false`.
#[tokio::test]
async fn hide_and_unhide_send_is_hidden() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(COMMENT_ID)))
        .and(page_signed())
        .and(form_field("is_hidden", "true"))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p(COMMENT_ID)))
        .and(page_signed())
        .and(form_field("is_hidden", "false"))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let id = CommentId::new(COMMENT_ID);
    fb.comments().hide(&id).await.unwrap();
    fb.comments().unhide(&id).await.unwrap();
    for r in requests(&server, "POST", &p(COMMENT_ID)).await {
        assert_eq!(form(&r).len(), 1, "only is_hidden in the body");
    }
}

#[tokio::test]
async fn hide_is_idempotent_and_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(COMMENT_ID)))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(p(COMMENT_ID)))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.comments()
        .hide(&CommentId::new(COMMENT_ID))
        .await
        .unwrap();
}

// Hiding needs `pages_manage_engagement`
// (<https://developers.facebook.com/docs/graph-api/reference/comment/>).
#[tokio::test]
async fn hide_without_permission_names_it() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(COMMENT_ID)))
        .respond_with(graph_error(
            403,
            200,
            None,
            "(#200) Requires pages_manage_engagement permission to manage the object",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .comments()
        .hide(&CommentId::new(COMMENT_ID))
        .await
        .unwrap_err();
    match err {
        Error::Auth {
            kind: social_core::AuthErrorKind::MissingPermission { scope },
            ..
        } => assert_eq!(scope.as_deref(), Some("pages_manage_engagement")),
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn edit_and_delete() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(COMMENT_ID)))
        .and(form_field("message", "Edited text"))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(p(COMMENT_ID)))
        .and(page_signed())
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let id = CommentId::new(COMMENT_ID);
    fb.comments().edit(&id, "Edited text").await.unwrap();
    fb.comments().delete(&id).await.unwrap();
    let err = fb.comments().edit(&id, "").await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
}

#[tokio::test]
async fn delete_of_a_missing_comment_is_not_found() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path(p(COMMENT_ID)))
        .respond_with(graph_error(
            400,
            100,
            Some(33),
            "Unsupported delete request. Object with ID '17_42' does not exist",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .comments()
        .delete(&CommentId::new(COMMENT_ID))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn list_is_retried_after_html_502() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html; charset=utf-8")
                .set_body_string("<html><head><title>502 Bad Gateway</title></head></html>"),
        )
        .up_to_n_times(2)
        .expect(2)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let page = fb.comments().list(POST_ID).send().await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!(clock.sleeps().len(), 2);
}

// The user request limit (#17, <https://developers.facebook.com/docs/graph-api/overview/rate-limiting>) at HTTP 429 with
// `Retry-After`: a read waits and
// tries again.
#[tokio::test]
async fn list_waits_for_retry_after_on_429() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .respond_with(
            graph_error(429, 17, None, "(#17) User request limit reached")
                .insert_header("retry-after", "5"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(comments_path(POST_ID)))
        .respond_with(ok(json!({"data": [{"id": "17_1"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let page = fb.comments().list(POST_ID).send().await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(clock.sleeps(), [std::time::Duration::from_secs(5)]);
}
