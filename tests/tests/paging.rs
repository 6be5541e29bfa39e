//! Paging walks stop on no cursor, a repeated cursor, a cap, or a run of empty pages.

use futures_util::{StreamExt, TryStreamExt};
use social_core::{Cursor, Error, Network, Page, PageLimits, paging};
use social_tests::{TestClient, TestPost};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn page(ids: &[&str], next: Option<&str>) -> ResponseTemplate {
    let data: Vec<_> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "text": "t"}))
        .collect();
    let mut body = serde_json::json!({ "data": data, "meta": { "result_count": ids.len() } });
    if let Some(n) = next {
        body["meta"]["next_token"] = n.into();
    }
    ResponseTemplate::new(200).set_body_json(body)
}

async fn server_with(pages: &[(Option<&str>, ResponseTemplate)]) -> MockServer {
    let server = MockServer::start().await;
    for (token, template) in pages {
        let m = Mock::given(method("GET")).and(path("/2/posts"));
        let m = match token {
            Some(t) => m.and(query_param("pagination_token", *t)),
            None => m.and(query_param_is_missing("pagination_token")),
        };
        m.respond_with(template.clone())
            .expect(1)
            .mount(&server)
            .await;
    }
    server
}

#[tokio::test]
async fn walks_until_no_cursor_sending_each_token() {
    let server = server_with(&[
        (None, page(&["1", "2"], Some("a"))),
        (Some("a"), page(&[], Some("b"))),
        (Some("b"), page(&["3"], None)),
    ])
    .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let items: Vec<TestPost> = paging::items(Network::X, None, PageLimits::default(), |cur| {
        let c = c.clone();
        async move { c.list(cur).await }
    })
    .try_collect()
    .await
    .unwrap();
    let ids: Vec<_> = items.iter().map(|p| p.id.as_str()).collect();
    // The empty middle page with a cursor does not end the walk.
    assert_eq!(ids, ["1", "2", "3"]);
}

#[tokio::test]
async fn a_repeated_cursor_stops_with_an_error() {
    let server = server_with(&[
        (None, page(&["1"], Some("a"))),
        (Some("a"), page(&["2"], Some("a"))),
    ])
    .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let results: Vec<_> = paging::pages(Network::X, None, PageLimits::default(), |cur| {
        let c = c.clone();
        async move { c.list(cur).await }
    })
    .collect()
    .await;
    assert_eq!(results.len(), 3);
    assert!(results[0].is_ok() && results[1].is_ok());
    assert!(matches!(results[2], Err(Error::Protocol { .. })));
}

#[tokio::test]
async fn caps_bound_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(page(&["1", "2", "3"], Some("again")))
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let mut n = 0u32;
    // A server that always hands out a new cursor is stopped by the page cap.
    let pages: Vec<Page<u32>> = paging::pages(
        Network::X,
        None,
        PageLimits::default().max_pages(4),
        |_cur| {
            n += 1;
            let token = n;
            async move {
                Ok(Page::new(
                    vec![token],
                    Some(Cursor::new(format!("c{token}"))),
                ))
            }
        },
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(pages.len(), 4);
    // The item cap cuts the second page and stops the walk: 2 requests for 5 items.
    let mut k = 0;
    let items: Vec<TestPost> = paging::items(
        Network::X,
        None,
        PageLimits::default().max_items(5),
        |_cur| {
            k += 1;
            let (c, next) = (c.clone(), Cursor::new(format!("n{k}")));
            async move {
                let mut p = c.list(None).await?;
                p.next = Some(next);
                Ok(p)
            }
        },
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(items.len(), 5);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_walk() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(400)
                .set_body_json(serde_json::json!({"title":"Invalid Request","detail":"bad token"})),
        )
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let results: Vec<_> = paging::pages(
        Network::X,
        Some(Cursor::new("x")),
        PageLimits::default(),
        |cur| {
            let c = c.clone();
            async move { c.list(cur).await }
        },
    )
    .collect()
    .await;
    assert_eq!(results.len(), 1);
    assert!(results[0].is_err());
}

// A page cut by the item cap has no cursor: resuming from it would skip the cut items.
#[tokio::test]
async fn a_page_cut_by_the_cap_has_no_cursor() {
    let mut n = 0u32;
    let pages: Vec<Page<u32>> = paging::pages(
        Network::X,
        None,
        PageLimits::default().max_items(4),
        |_cur| {
            n += 1;
            let k = n;
            async move {
                Ok(Page::new(
                    vec![k * 10, k * 10 + 1, k * 10 + 2],
                    Some(Cursor::new(format!("c{k}"))),
                ))
            }
        },
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages[0].next,
        Some(Cursor::new("c1")),
        "a whole page keeps its cursor"
    );
    assert_eq!(pages[1].items, vec![20]);
    assert_eq!(pages[1].next, None);
}

// ----- issue 8 case 12: a run of empty pages does not burn the quota ----------------------------

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Answers every request with `body(n)`, n counting from 1.
fn counting(
    body: impl Fn(usize) -> serde_json::Value + Send + Sync + 'static,
) -> impl wiremock::Respond {
    let n = Arc::new(AtomicUsize::new(0));
    move |_: &wiremock::Request| {
        let k = n.fetch_add(1, Ordering::SeqCst) + 1;
        ResponseTemplate::new(200).set_body_json(body(k))
    }
}

// A server that keeps sending empty pages with a fresh cursor (today's code would follow it to the
// 1,000-page cap): the walk stops after `DEFAULT_MAX_EMPTY_PAGES` of them, the last one keeping
// its cursor to resume from.
#[tokio::test]
async fn case12_a_run_of_empty_pages_with_cursors_stops_the_walk() {
    use social_core::paging::DEFAULT_MAX_EMPTY_PAGES;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/posts"))
        .respond_with(counting(|k| {
            serde_json::json!({"data": [], "meta": {"result_count": 0, "next_token": format!("t{k}")}})
        }))
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let pages: Vec<Page<TestPost>> =
        paging::pages(Network::X, None, PageLimits::default(), |cur| {
            let c = c.clone();
            async move { c.list(cur).await }
        })
        .try_collect()
        .await
        .unwrap();
    assert_eq!(pages.len(), DEFAULT_MAX_EMPTY_PAGES);
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        DEFAULT_MAX_EMPTY_PAGES
    );
    assert_eq!(
        pages.last().unwrap().next,
        Some(Cursor::new(format!("t{DEFAULT_MAX_EMPTY_PAGES}")))
    );
}

// The run must be unbroken: a page with items starts the count again; the limit is the caller's.
#[tokio::test]
async fn case12_only_empty_pages_in_a_row_count() {
    let mut n = 0u32;
    let pages: Vec<Page<u32>> = paging::pages(
        Network::X,
        None,
        PageLimits::default().max_empty_pages(2),
        |_cur| {
            n += 1;
            let k = n;
            // Pages 1, 3 and 4 are empty; 2 is not: the walk stops after 4.
            let items = if k == 2 { vec![k] } else { vec![] };
            async move { Ok(Page::new(items, Some(Cursor::new(format!("c{k}"))))) }
        },
    )
    .try_collect()
    .await
    .unwrap();
    assert_eq!(pages.len(), 4);
}

// Graph's listings (`/{page-id}/feed`) go through the guard: empty pages whose `paging.next`
// keeps moving stop after the default run.
#[tokio::test]
async fn case12_a_graph_walk_stops_after_a_run_of_empty_pages() {
    use social_core::paging::DEFAULT_MAX_EMPTY_PAGES;
    let server = MockServer::start().await;
    let fb = social_facebook::FacebookClient::builder()
        .base_url(server.uri())
        .access_token(social_core::auth::AccessToken::new("page-token"))
        .build()
        .unwrap();
    let v = fb.version().as_str().to_string();
    let base = server.uri();
    let feed = format!("/{v}/200000000000001/feed");
    let next_base = format!("{base}{feed}");
    Mock::given(method("GET"))
        .and(path(feed.clone()))
        .respond_with(counting(move |k| {
            // Cursor-based paging, `next` a full URL with `after`
            // (https://developers.facebook.com/docs/graph-api/results).
            serde_json::json!({"data": [], "paging": {
                "cursors": {"before": format!("b{k}"), "after": format!("a{k}")},
                "next": format!("{next_base}?limit=25&after=a{k}")
            }})
        }))
        .mount(&server)
        .await;
    use social_facebook::Listing;
    let posts = fb
        .posts()
        .feed(&social_facebook::models::PageId::new("200000000000001"))
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert!(posts.is_empty());
    assert_eq!(
        server.received_requests().await.unwrap().len(),
        DEFAULT_MAX_EMPTY_PAGES
    );
}

// X's listings (recent search here) go through the guard: X answers `result_count: 0` with a
// `next_token` when a window of the search holds nothing.
#[tokio::test]
async fn case12_an_x_walk_stops_after_a_run_of_empty_pages() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/search/recent"))
        .respond_with(counting(
            |k| serde_json::json!({"meta": {"result_count": 0, "next_token": format!("n{k}")}}),
        ))
        .mount(&server)
        .await;
    let x = social_twitter::TwitterClient::builder()
        .base_url(server.uri())
        .app_token(social_core::auth::AccessToken::new("app-token"))
        .build()
        .unwrap();
    let all = x
        .tweets()
        .search_recent("from:XDevelopers")
        .collect_with_includes(PageLimits::default().max_empty_pages(3))
        .await
        .unwrap();
    assert!(all.items.is_empty());
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(all.next, Some(Cursor::new("n3")));
    assert_eq!(
        all.extra.meta.and_then(|m| m.next_token).as_deref(),
        Some("n3")
    );
}
