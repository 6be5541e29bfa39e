//! Paging walks (DESIGN.md contract 7): no cursor, repeated cursor, caps, empty pages.

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
