//! Listings: X's `ListBuilder` is core's `Listing`, so every listing of every network has one
//! surface, and X's pages keep what X sends beside the items.

mod common;

use common::*;
use futures_util::TryStreamExt;
use serde_json::json;
use social_core::{Cursor, Listing, PageLimits, PostId};
use social_twitter::models::{Expansion, PageExtra, Tweet};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer};

/// Written against core's trait only, as code serving several networks is.
async fn first_two_pages<L: Listing>(listing: L) -> Vec<social_core::Page<L::Item, L::Extra>> {
    listing
        .page_size(10)
        .param("tweet.fields", "lang")
        .param("tweet.fields", "author_id")
        .pages(PageLimits::default().max_pages(2))
        .try_collect()
        .await
        .unwrap()
}

fn author(id: &str, name: &str) -> serde_json::Value {
    json!({"id": id, "username": name, "name": name})
}

// Issue 9 case 2: X's listing implements core's `Listing` (`page_size` for `max_results`,
// `after(Cursor)` for `pagination_token`, `param` replacing a key), its pages keep `includes`,
// partial errors and `meta` beside the items, `collect_with_includes` merges them, and the item
// cap is core's (the cut page has no cursor left to resume from).
#[tokio::test]
async fn case2_x_listings_are_core_listings_and_keep_their_includes() {
    let server = MockServer::start().await;
    let search = "/2/tweets/search/recent";
    Mock::given(method("GET"))
        .and(path(search))
        .and(query_param_is_missing("pagination_token"))
        .respond_with(ok(json!({
            "data": [
                {"id": "3", "text": "c", "author_id": "10"},
                {"id": "2", "text": "b", "author_id": "11"}
            ],
            "includes": {"users": [author("10", "ana"), author("11", "ben")]},
            "meta": {"result_count": 2, "newest_id": "3", "oldest_id": "2", "next_token": "b26v89c19zqg8o3fpzbkk0ldaxqn7vpv"}
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(search))
        .and(query_param(
            "pagination_token",
            "b26v89c19zqg8o3fpzbkk0ldaxqn7vpv",
        ))
        .respond_with(ok(json!({
            "data": [{"id": "1", "text": "a", "author_id": "10"}],
            "includes": {"users": [author("10", "ana")]},
            "errors": [{"resource_id": "12", "resource_type": "user", "title": "Not Found Error",
                        "detail": "Could not find user with id: [12].",
                        "type": "https://api.x.com/2/problems/resource-not-found"}],
            "meta": {"result_count": 1, "newest_id": "1", "oldest_id": "1"}
        })))
        .mount(&server)
        .await;
    let x = app_client(&server);
    let listing = || {
        x.tweets()
            .search_recent("budget")
            .expansions([Expansion::AuthorId])
    };

    let pages = first_two_pages(listing()).await;
    assert_eq!(pages.len(), 2);
    let sent = requests(&server, "GET", search).await;
    let query: Vec<(String, String)> = sent[0].url.query_pairs().into_owned().collect();
    let value = |key: &str| -> Vec<&str> {
        query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    };
    assert_eq!(value("max_results"), ["10"]);
    assert_eq!(value("tweet.fields"), ["author_id"], "param replaces a key");
    assert_eq!(value("expansions"), ["author_id"]);
    assert_eq!(
        pages[0].next,
        Some(Cursor::new("b26v89c19zqg8o3fpzbkk0ldaxqn7vpv"))
    );
    let first: &social_core::Page<Tweet, PageExtra> = &pages[0];
    assert_eq!(first.extra.includes.users.len(), 2);
    assert_eq!(pages[1].extra.errors.len(), 1);

    // From a cursor: the second page alone.
    let second = listing()
        .after(Cursor::new("b26v89c19zqg8o3fpzbkk0ldaxqn7vpv"))
        .send()
        .await
        .unwrap();
    assert_eq!(second.items[0].id, PostId::new("1"));
    assert_eq!(second.next, None);

    // Merged: every item, includes without duplicates, every partial error, the last meta.
    let all = listing()
        .collect_with_includes(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<&str> = all.items.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["3", "2", "1"]);
    assert_eq!(all.extra.includes.users.len(), 2);
    assert_eq!(all.extra.errors.len(), 1);
    assert_eq!(
        all.extra.meta.and_then(|m| m.oldest_id),
        Some(PostId::new("1"))
    );

    // The item cap cuts the first page: nothing more is fetched, and no cursor is left.
    let before = requests(&server, "GET", search).await.len();
    let capped = listing()
        .collect_with_includes(PageLimits::default().max_items(1))
        .await
        .unwrap();
    assert_eq!(capped.items.len(), 1);
    assert_eq!(capped.next, None);
    assert_eq!(requests(&server, "GET", search).await.len(), before + 1);
    let items: Vec<Tweet> = listing()
        .items(PageLimits::default().max_items(3))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
}
