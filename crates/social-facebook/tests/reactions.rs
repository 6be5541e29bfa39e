//! Reactions and likes: per-type counts in one call, the list of who reacted (open-ended
//! types), and the likes summary.

mod common;

use common::*;
use serde_json::json;
use social_core::{AuthErrorKind, Error, PageLimits};
use social_facebook::Listing;
use social_facebook::models::ReactionType;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

const POST_ID: &str = "200000000000001_17";

fn edge(total: u64) -> serde_json::Value {
    json!({"data": [], "summary": {"total_count": total, "viewer_reaction": "NONE"}})
}

// Per-type reaction counts come from field expansion
// (<https://developers.facebook.com/docs/graph-api/guides/field-expansion>):
// `reactions.type(LOVE).limit(0).summary(total_count).as(love)`.
#[tokio::test]
async fn counts_is_one_request_with_one_alias_per_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .and(page_signed())
        .respond_with(ok(json!({
            "id": POST_ID,
            "r_all": edge(21),
            "r0": edge(10),
            "r1": edge(6),
            "r2": edge(0),
            "r3": edge(2),
            "r4": {"data": [], "summary": {"total_count": "3"}},
            "r5": edge(0),
            "r6": edge(0)
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let counts = fb.reactions().counts(POST_ID).await.unwrap();
    assert_eq!(counts.total, 21);
    assert_eq!(counts.of(&ReactionType::Like), 10);
    assert_eq!(counts.of(&ReactionType::Love), 6);
    assert_eq!(counts.of(&ReactionType::Haha), 3);
    assert_eq!(counts.of(&ReactionType::Angry), 0);
    assert_eq!(counts.by_type.len(), 7);

    let reqs = all_requests(&server).await;
    assert_eq!(reqs.len(), 1);
    let fields = query_one(&reqs[0], "fields");
    for f in [
        "reactions.limit(0).summary(total_count).as(r_all)",
        "reactions.type(LIKE).limit(0).summary(total_count).as(r0)",
        "reactions.type(LOVE).limit(0).summary(total_count).as(r1)",
        "reactions.type(CARE).limit(0).summary(total_count).as(r2)",
        "reactions.type(WOW).limit(0).summary(total_count).as(r3)",
        "reactions.type(HAHA).limit(0).summary(total_count).as(r4)",
        "reactions.type(SAD).limit(0).summary(total_count).as(r5)",
        "reactions.type(ANGRY).limit(0).summary(total_count).as(r6)",
    ] {
        assert!(
            fields.split(',').any(|x| x == f),
            "{f} missing from {fields}"
        );
    }
}

#[tokio::test]
async fn counts_of_an_open_ended_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .and(query_param(
            "fields",
            "reactions.limit(0).summary(total_count).as(r_all),reactions.type(THANKFUL).limit(0).summary(total_count).as(r0),reactions.type(FIRE).limit(0).summary(total_count).as(r1)",
        ))
        .respond_with(ok(json!({"id": POST_ID, "r_all": edge(5), "r0": edge(1), "r1": edge(4)})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let counts = fb
        .reactions()
        .counts_of(
            POST_ID,
            [ReactionType::Thankful, ReactionType::from("FIRE")],
        )
        .await
        .unwrap();
    assert_eq!(counts.total, 5);
    assert_eq!(counts.of(&ReactionType::Other("FIRE".into())), 4);
    assert_eq!(counts.of(&ReactionType::Thankful), 1);
}

// A count Graph did not send is an error, never a silent 0.
#[tokio::test]
async fn a_missing_count_is_an_error_not_zero() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .respond_with(ok(json!({"id": POST_ID, "r_all": edge(3)})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .reactions()
        .counts_of(POST_ID, [ReactionType::Love])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("LOVE"), "{err}");
}

// A type is spliced into a field expression: anything but Graph's spelling is refused offline.
#[tokio::test]
async fn a_malformed_type_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ok(json!({})))
        .expect(0)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    // Known types match whatever their case (webhooks write `love`).
    assert_eq!(ReactionType::from("love"), ReactionType::Love);
    for bad in ["", "LOVE).as(x),id", "so-so", "Fire"] {
        let err = fb
            .reactions()
            .counts_of(POST_ID, [ReactionType::from(bad)])
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{bad}: {err:?}");
    }
}

// Reactions (<https://developers.facebook.com/docs/graph-api/reference/object/reactions/>):
// `{data:[{id,name,type}], paging, summary:{total_count, viewer_reaction}}`; reaction types are
// open-ended (facebook/facebook-python-business-sdk, facebook_business/adobjects/profile.py,
// lists more than the documented ones).
#[tokio::test]
async fn list_keeps_unknown_types() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{POST_ID}/reactions"))))
        .and(page_signed())
        .and(query_param("fields", "id,name,type"))
        .and(query_param("summary", "total_count"))
        .and(query_param_is_missing("type"))
        .respond_with(ok(json!({
            "data": [
                {"id": "5550001", "name": "Jean Dupont", "type": "LOVE"},
                {"id": "5550002", "name": "Ana Lima", "type": "FIRE"},
                {"id": "5550003", "name": "Li Wei", "type": "HUNDRED"}
            ],
            "paging": {"cursors": {"before": "a", "after": "b"}},
            "summary": {"total_count": 3, "viewer_reaction": "NONE"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb.reactions().list(POST_ID).summary().send().await.unwrap();
    let kinds: Vec<ReactionType> = page.items.iter().filter_map(|r| r.kind.clone()).collect();
    assert_eq!(
        kinds,
        [
            ReactionType::Love,
            ReactionType::Other("FIRE".into()),
            ReactionType::Other("HUNDRED".into())
        ]
    );
    let summary = page.extra.unwrap();
    assert_eq!(summary.total_count, Some(3));
    assert_eq!(summary.viewer_reaction, Some(ReactionType::None));
}

#[tokio::test]
async fn list_of_one_type_walks_pages() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/{VERSION}/{POST_ID}/reactions?access_token=x&type=LOVE&limit=1&after=b",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(p(&format!("{POST_ID}/reactions"))))
        .and(query_param("type", "LOVE"))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({
            "data": [{"id": "1", "type": "LOVE"}],
            "paging": {"cursors": {"before": "a", "after": "b"}, "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{POST_ID}/reactions"))))
        .and(query_param("type", "LOVE"))
        .and(query_param("after", "b"))
        .respond_with(ok(json!({"data": [{"id": "2", "type": "LOVE"}]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let all = fb
        .reactions()
        .list(POST_ID)
        .kind(ReactionType::Love)
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

// Likes (<https://developers.facebook.com/docs/graph-api/reference/object/likes/>):
// `GET /{object-id}/likes?summary=true` → summary `{total_count, can_like, has_liked}`; `limit=0`
// with `summary` returns counts only (<https://developers.facebook.com/docs/graph-api/results>).
#[tokio::test]
async fn likes_summary_asks_for_the_summary_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{POST_ID}/likes"))))
        .and(page_signed())
        .and(query_param("summary", "true"))
        .and(query_param("limit", "0"))
        .and(query_param_is_missing("fields"))
        .respond_with(ok(json!({
            "data": [],
            "summary": {"total_count": 42, "can_like": true, "has_liked": false}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let s = fb.reactions().likes_summary(POST_ID).await.unwrap();
    assert_eq!(s.total_count, Some(42));
    assert_eq!(s.can_like, Some(true));
    assert_eq!(s.has_liked, Some(false));
}

// sns-sdks/python-facebook#102: code 10 names the permission.
#[tokio::test]
async fn counts_without_permission_names_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .respond_with(graph_error(
            400,
            10,
            None,
            "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature. Refer to https://developers.facebook.com/docs/apps/review/login-permissions#manage-pages for details.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb.reactions().counts(POST_ID).await.unwrap_err();
    match err {
        Error::Auth {
            kind: AuthErrorKind::MissingPermission { scope },
            ..
        } => assert_eq!(scope.as_deref(), Some("pages_read_engagement")),
        other => panic!("{other:?}"),
    }
}

// The Pages BUC limit (80001, <https://developers.facebook.com/docs/graph-api/overview/rate-limiting>) with its header: the wait is
// Graph's estimate.
#[tokio::test]
async fn counts_when_the_page_is_throttled() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(POST_ID)))
        .respond_with(
            graph_error(
                400,
                80001,
                None,
                "(#80001) There have been too many calls to this Page account.",
            )
            .insert_header(
                "x-business-use-case-usage",
                json!({PAGE_ID: [{"type": "pages", "call_count": 100, "total_cputime": 5,
                        "total_time": 5, "estimated_time_to_regain_access": 3}]})
                .to_string()
                .as_str(),
            ),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb.reactions().counts(POST_ID).await.unwrap_err();
    assert_eq!(err.retry_after(), Some(std::time::Duration::from_secs(180)));
    // The next count for the same Page is refused without a request.
    let err = fb.reactions().counts(POST_ID).await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: None, .. }),
        "{err:?}"
    );
}
