//! Cursor paging (<https://developers.facebook.com/docs/graph-api/results>): `paging.next` is followed through the
//! client's own request
//! path (its token and a fresh `appsecret_proof`, never the credentials embedded in the URL), an
//! empty page with `next` does not end the walk, a repeated cursor does (with `Error::Protocol`),
//! `limit` is checked before sending, and `PageLimits` caps the walk.

mod common;

use common::*;
use futures_util::{StreamExt, TryStreamExt};
use serde_json::{Value, json};
use social_core::{Cursor, Error, PageLimits, ViolationKind};
use social_facebook::Listing;
use social_facebook::models::PageId;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const LEAKED: &str = "SEKRIT-123";

fn feed() -> String {
    p(&format!("{PAGE_ID}/feed"))
}

/// A Graph `next` URL as real responses carry it (sns-sdks/python-facebook comments_p1.json):
/// the full URL with the token, a stale proof and the original query.
/// The host is Graph's, not the mock's: the SDK must not call the URL as is.
fn next_url(after: &str) -> String {
    format!(
        "https://graph.facebook.com/{VERSION}/{PAGE_ID}/feed?access_token={LEAKED}&appsecret_proof=0000stale&fields=id%2Cmessage&limit=2&after={after}"
    )
}

fn posts(ids: &[&str]) -> Value {
    Value::Array(ids.iter().map(|id| json!({"id": id})).collect())
}

#[tokio::test]
async fn next_is_followed_with_the_clients_own_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("after"))
        .and(page_signed())
        .respond_with(ok(json!({
            "data": posts(&["1_1", "1_2"]),
            "paging": {"cursors": {"before": "QVFIa", "after": "QVFIb"}, "next": next_url("QVFIb")}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "QVFIb"))
        .respond_with(ok(json!({
            "data": posts(&["1_3"]),
            "paging": {"cursors": {"before": "QVFIb", "after": "QVFIc"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let pages: Vec<_> = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .pages(PageLimits::default())
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), 2);
    let cursor = pages[0].next.clone().unwrap();
    assert!(!cursor.as_str().contains(LEAKED), "{cursor:?}");
    assert!(!cursor.as_str().contains("0000stale"), "{cursor:?}");
    assert!(!format!("{pages:?}").contains(LEAKED));
    assert!(pages[1].next.is_none());

    let second = &requests(&server, "GET", &feed()).await[1];
    // The client's token and proof, once each; nothing from the URL's credentials.
    assert_eq!(query_values(second, "access_token"), [PAGE_TOKEN]);
    assert_eq!(query_values(second, "appsecret_proof"), [PAGE_PROOF]);
    assert!(!second.url.as_str().contains(LEAKED));
    // The rest of Graph's query is kept.
    assert_eq!(query_one(second, "fields"), "id,message");
    assert_eq!(query_one(second, "limit"), "2");
    assert_eq!(query_one(second, "after"), "QVFIb");
}

#[tokio::test]
async fn a_cursor_resumes_a_listing_later() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({
            "data": posts(&["1_1"]),
            "paging": {"cursors": {"after": "QVFIb"}, "next": next_url("QVFIb")}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "QVFIb"))
        .and(page_signed())
        .respond_with(ok(json!({"data": posts(&["1_2"])})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let first = fb.posts().feed(&PageId::new(PAGE_ID)).send().await.unwrap();
    let cursor: Cursor = first.next.unwrap();
    // A cursor survives serialisation (it holds no secret to lose or leak).
    let stored = serde_json::to_string(&cursor).unwrap();
    assert!(!stored.contains(LEAKED));
    let cursor: Cursor = serde_json::from_str(&stored).unwrap();
    let second = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .after(cursor)
        .send()
        .await
        .unwrap();
    assert_eq!(second.items[0].id.as_str(), "1_2");
}

// A page can hold zero items and still have a `next`: keep going until `next` is gone
// (<https://developers.facebook.com/docs/graph-api/results>; restfb/restfb#916).
#[tokio::test]
async fn an_empty_page_with_next_does_not_end_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({"data": [], "paging": {"next": next_url("A")}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "A"))
        .respond_with(ok(json!({"data": [], "paging": {"next": next_url("B")}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "B"))
        .respond_with(ok(
            json!({"data": posts(&["1_9"]), "paging": {"cursors": {"after": "C"}}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let all = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id.as_str(), "1_9");
}

#[tokio::test]
async fn cursors_after_without_next_is_the_last_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .respond_with(ok(json!({
            "data": posts(&["1_1"]),
            "paging": {"cursors": {"before": "QVFIa", "after": "QVFIb"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let all = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 1);
}

// Graph looping on the same cursor (restfb/restfb#966, #1059).
#[tokio::test]
async fn a_repeated_cursor_ends_the_walk_with_a_protocol_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .respond_with(ok(
            json!({"data": posts(&["1_1"]), "paging": {"next": next_url("SAME")}}),
        ))
        // Two walks of two requests each.
        .expect(4)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let results: Vec<_> = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .pages(PageLimits::default())
        .collect()
        .await;
    assert_eq!(results.len(), 3, "{results:?}");
    assert!(results[0].is_ok() && results[1].is_ok());
    let Err(err) = &results[2] else {
        panic!("{results:?}")
    };
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    let err = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .collect(PageLimits::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
}

// 100 is typical for Page edges (<https://developers.facebook.com/docs/graph-api/results>); checked before sending.
#[tokio::test]
async fn limit_above_100_is_refused_before_sending() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let list = fb.posts().feed(&PageId::new(PAGE_ID)).page_size(101);
    let err = list.clone().send().await.unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].field, "limit");
    assert_eq!(violations[0].kind, ViolationKind::OutOfRange);
    let err = list
        .clone()
        .collect(PageLimits::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    let mut walk = std::pin::pin!(list.pages(PageLimits::default()));
    let first = walk.next().await.unwrap();
    assert!(matches!(first, Err(Error::InvalidInput { .. })));
    let err = fb
        .comments()
        .list("1_2")
        .page_size(500)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(all_requests(&server).await.is_empty());
}

#[tokio::test]
async fn limit_of_100_is_sent() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("limit", "100"))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.posts()
        .feed(&PageId::new(PAGE_ID))
        .page_size(100)
        .send()
        .await
        .unwrap();
}

/// Answers every call with two posts and a `next` to a fresh cursor: an endless listing.
struct Endless;

impl Respond for Endless {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let n: u32 = query_values(req, "after")
            .first()
            .and_then(|a| a.parse().ok())
            .unwrap_or(0);
        let next = format!(
            "https://graph.facebook.com/{VERSION}/{PAGE_ID}/feed?access_token={LEAKED}&after={}",
            n + 1
        );
        ok(json!({
            "data": [{"id": format!("1_{}a", n)}, {"id": format!("1_{}b", n)}],
            "paging": {"next": next}
        }))
    }
}

#[tokio::test]
async fn page_limits_cap_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .respond_with(Endless)
        .expect(5)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let list = fb.posts().feed(&PageId::new(PAGE_ID));
    // Two pages at most: two requests.
    let by_pages = list
        .clone()
        .collect(PageLimits::default().max_pages(2))
        .await
        .unwrap();
    assert_eq!(by_pages.len(), 4);
    // Three items at most: two requests, the second page cut to one item.
    let by_items = list
        .clone()
        .collect(PageLimits::default().max_items(3))
        .await
        .unwrap();
    let ids: Vec<&str> = by_items.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["1_0a", "1_0b", "1_1a"]);
    // The first page alone.
    let first = list.send().await.unwrap();
    assert_eq!(first.items.len(), 2);
    assert!(first.next.is_some());
}

#[tokio::test]
async fn an_error_mid_walk_is_yielded_after_the_good_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("after"))
        .respond_with(ok(
            json!({"data": posts(&["1_1"]), "paging": {"next": next_url("X")}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "X"))
        .respond_with(graph_error(
            400,
            100,
            None,
            "(#100) The after cursor is invalid",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let results: Vec<_> = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .items(PageLimits::default())
        .collect()
        .await;
    assert_eq!(results.len(), 2);
    assert_eq!(results[0].as_ref().unwrap().id.as_str(), "1_1");
    let err = results[1].as_ref().unwrap_err();
    assert!(!format!("{err:?} {err}").contains(LEAKED));
}

#[tokio::test]
async fn an_unreadable_next_falls_back_to_the_after_cursor() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("after"))
        .respond_with(ok(json!({
            "data": posts(&["1_1"]),
            "paging": {"cursors": {"after": "QVFIb"}, "next": "::not a url::"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "QVFIb"))
        .and(query_param("limit", "1"))
        .and(page_signed())
        .respond_with(ok(json!({"data": posts(&["1_2"])})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let all = fb
        .posts()
        .feed(&PageId::new(PAGE_ID))
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

/// What code written against core's listing surface does, whatever the network.
async fn first_two_pages<L: Listing>(
    list: L,
) -> social_core::Result<Vec<social_core::Page<L::Item, L::Extra>>> {
    list.page_size(2)
        .param("include_hidden", "false")
        .param("include_hidden", "true")
        .pages(PageLimits::default().max_pages(2))
        .try_collect()
        .await
}

// Issue 9, case 2: Graph's listings have core's one listing surface (`page_size` is Graph's
// `limit`, `param` any other parameter, the last value of a key wins), walked by core's paging;
// each page keeps the edge's `summary` beside its items, and its `total_count` as the total.
#[tokio::test]
async fn case2_graph_listings_are_cores_listing_surface() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "2"))
        .and(query_param("include_hidden", "true"))
        .respond_with(ok(json!({
            "data": posts(&["1_1", "1_2"]),
            "paging": {"cursors": {"after": "QVFIb"}, "next": next_url("QVFIb")},
            "summary": {"total_count": 3}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(feed()))
        .and(query_param("after", "QVFIb"))
        .respond_with(ok(
            json!({"data": posts(&["1_3"]), "summary": {"total_count": 3}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let pages = first_two_pages(fb.posts().feed(&PageId::new(PAGE_ID)))
        .await
        .unwrap();
    let ids: Vec<&str> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|post| post.id.as_str()))
        .collect();
    assert_eq!(ids, ["1_1", "1_2", "1_3"]);
    assert_eq!(pages[0].total, Some(3));
    assert_eq!(pages[0].extra.as_ref().and_then(|s| s.total_count), Some(3));
    let first = &requests(&server, "GET", &feed()).await[0];
    assert_eq!(query_values(first, "include_hidden"), ["true"]);
}
