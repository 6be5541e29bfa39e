//! The core traits on [`XAccount`], the account a client signs in as.
//!
//! Reconciling a post whose publishing ended `Unconfirmed` (issue 8 case 7): the author's
//! timeline since the attempt (minus the clock-skew margin) is read in full, and each post's
//! text is compared after undoing X's rewriting (`t.co` links, the media link, HTML escapes).
//! Timeline answers follow the user-posts timeline of X's docs (data dictionary example for
//! `entities.urls`).

mod common;

use chrono::{DateTime, Duration, SecondsFormat, Utc};
use common::*;
use serde_json::{Value, json};
use social_core::reconcile::Reconciled;
use social_core::{
    AudienceReader, Conversations, FollowGraph, MediaId, MediaRef, Post, PostId, ProfileReader,
    Publisher, Reconcile,
};
use social_twitter::XAccount;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const TIMELINE: &str = "/2/users/2244994945/tweets";

fn at(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn post(id: &str, text: &str, created: DateTime<Utc>) -> Value {
    json!({"id": id, "text": text, "created_at": at(created), "edit_history_tweet_ids": [id]})
}

/// The first page of the walk, checked for the documented parameters.
fn first_page(attempted_at: DateTime<Utc>) -> wiremock::MockBuilder {
    let since = (attempted_at - Duration::minutes(5)).to_rfc3339_opts(SecondsFormat::Secs, true);
    Mock::given(method("GET"))
        .and(path(TIMELINE))
        .and(query_param("start_time", since.as_str()))
        .and(query_param("max_results", "100"))
        .and(query_param(
            "tweet.fields",
            "created_at,text,entities,note_tweet",
        ))
        .and(query_param_is_missing("pagination_token"))
}

/// A client signed in as [`ME`], as the account the core traits see.
fn user_account(server: &MockServer) -> XAccount {
    XAccount::new(user_client(server).0)
}

// Issue 9 case 10: the core traits live on one identity wrapper, the account the client signs
// in as, like the Facebook Page's `FacebookPage`; the client itself is the typed API only.
#[tokio::test]
async fn case10_the_core_traits_are_implemented_by_the_account() {
    fn every_core_trait<
        T: Publisher + Reconcile + ProfileReader + AudienceReader + Conversations + FollowGraph,
    >(
        account: &T,
    ) -> &T {
        account
    }
    let server = MockServer::start().await;
    mount_me(&server).await;
    let account = every_core_trait(&user_account(&server)).clone();
    // Its profile is the signed-in user's (`GET /2/users/me`, read through the client).
    let me = ProfileReader::me(&account).await.unwrap();
    assert_eq!(me.id.as_str(), ME);
    assert_eq!(account.client().me_id().await.unwrap().as_str(), ME);
}

#[tokio::test]
async fn case7_reconcile_finds_the_post_behind_its_t_co_links() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let attempted_at = Utc::now();
    let mut published = post(
        "1880000000000000002",
        "Closed Friday &amp; Monday, see https://t.co/yvxdK6aOo1 https://t.co/yvxdK6aOo2",
        attempted_at + Duration::seconds(1),
    );
    published["entities"] = json!({"urls": [
        {"start": 32, "end": 55, "url": "https://t.co/yvxdK6aOo1",
         "expanded_url": "http://example.com", "display_url": "example.com"},
        {"start": 56, "end": 79, "url": "https://t.co/yvxdK6aOo2",
         "expanded_url": "https://x.com/XDevelopers/status/1880000000000000002/photo/1",
         "display_url": "pic.x.com/yvxdK6aOo2", "media_key": "3_1146654567674912769"}
    ]});
    first_page(attempted_at)
        .respond_with(ok(json!({
            "data": [post("1880000000000000003", "Something else", attempted_at + Duration::seconds(5)), published],
            "meta": {"result_count": 2, "next_token": "7140dibdnow9c7btw3w29grvxfcgvpb9n9coehpk7xz5i"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let x = user_account(&server);
    let draft = Post::new("Closed Friday & Monday, see example.com")
        .with_media(MediaRef::new(MediaId::new("1146654567674912769")));
    let found = x.reconcile(&draft, attempted_at).await.unwrap();
    assert_eq!(found, Reconciled::Found(PostId::new("1880000000000000002")));
}

#[tokio::test]
async fn case7_reconcile_not_found_only_after_reading_every_page() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let attempted_at = Utc::now();
    let mut same_words_other_link = post(
        "1880000000000000004",
        "New article: https://t.co/aaaaaaaaaa",
        attempted_at,
    );
    same_words_other_link["entities"] = json!({"urls": [
        {"start": 13, "end": 36, "url": "https://t.co/aaaaaaaaaa", "expanded_url": "https://example.com/older"}
    ]});
    first_page(attempted_at)
        .respond_with(ok(json!({
            "data": [same_words_other_link],
            "meta": {"result_count": 1, "next_token": "page2"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(TIMELINE))
        .and(query_param("pagination_token", "page2"))
        .respond_with(ok(json!({
            "data": [post("1880000000000000001", "New article: soon", attempted_at - Duration::minutes(4))],
            "meta": {"result_count": 1}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let x = user_account(&server);
    let draft = Post::new("New article:").with_link("https://example.com/budget");
    assert_eq!(
        x.reconcile(&draft, attempted_at).await.unwrap(),
        Reconciled::NotFound
    );
}

// X's user timeline reaches only the 3,200 most recent posts (timelines integration guide,
// "Volume limits"): when that many were posted since the attempt, the draft may be beyond them.
#[tokio::test]
async fn case7_reconcile_is_unknown_at_the_timeline_cap() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let attempted_at = Utc::now();
    Mock::given(method("GET"))
        .and(path(TIMELINE))
        .respond_with(move |request: &Request| {
            let page: u64 = request
                .url
                .query_pairs()
                .find(|(k, _)| k == "pagination_token")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(0);
            let posts: Vec<Value> = (0..100)
                .map(|i| {
                    post(
                        &format!("{}", 1_900_000_000_000_000_000 - page * 100 - i),
                        "busy day",
                        attempted_at,
                    )
                })
                .collect();
            // X ends the timeline at its depth: no token after the last page it serves.
            let meta = if page < 31 {
                json!({"result_count": 100, "next_token": (page + 1).to_string()})
            } else {
                json!({"result_count": 100})
            };
            ResponseTemplate::new(200).set_body_json(json!({"data": posts, "meta": meta}))
        })
        .expect(32)
        .mount(&server)
        .await;
    let x = user_account(&server);
    let answer = x
        .reconcile(&Post::new("Closed on Friday"), attempted_at)
        .await
        .unwrap();
    let Reconciled::Unknown { reason } = answer else {
        panic!("a capped timeline cannot rule the draft out: {answer:?}");
    };
    assert!(reason.contains("3200"), "{reason}");
}

#[tokio::test]
async fn case7_reconcile_is_unknown_when_the_walk_stops() {
    // A page that fails after the retries, then a page token that comes back.
    for second_page in [
        ResponseTemplate::new(503).set_body_string("<html>Over capacity</html>"),
        ok(
            json!({"data": [post("3", "b", Utc::now())], "meta": {"result_count": 1, "next_token": "page2"}}),
        ),
    ] {
        let server = MockServer::start().await;
        mount_me(&server).await;
        let attempted_at = Utc::now();
        first_page(attempted_at)
            .respond_with(ok(json!({
                "data": [post("4", "a", attempted_at)],
                "meta": {"result_count": 1, "next_token": "page2"}
            })))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path(TIMELINE))
            .and(query_param("pagination_token", "page2"))
            .respond_with(second_page)
            .mount(&server)
            .await;
        let x = user_account(&server);
        let answer = x.reconcile(&Post::new("c"), attempted_at).await.unwrap();
        assert!(
            matches!(answer, Reconciled::Unknown { .. }),
            "a walk that stopped cannot say NotFound: {answer:?}"
        );
    }
}

// A post over 280 characters: `text` is only its start, `note_tweet.text` the whole of it
// (data dictionary, `note_tweet`). A reply starts with the @mentions X puts in front.
#[tokio::test]
async fn case7_reconcile_reads_long_posts_whole_and_replies_without_their_mentions() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let attempted_at = Utc::now();
    let long = "A long announcement. ".repeat(20);
    let mut long_post = post("10", &long[..280], attempted_at);
    long_post["note_tweet"] = json!({"text": long});
    first_page(attempted_at)
        .respond_with(ok(json!({
            "data": [long_post, post("11", "@bob @carol Thanks &lt;3", attempted_at)],
            "meta": {"result_count": 2}
        })))
        .expect(2)
        .mount(&server)
        .await;
    let x = user_account(&server);
    assert_eq!(
        x.reconcile(&Post::new(long.trim()), attempted_at)
            .await
            .unwrap(),
        Reconciled::Found(PostId::new("10"))
    );
    let reply = Post::new("Thanks <3").in_reply_to(PostId::new("9"));
    assert_eq!(
        x.reconcile(&reply, attempted_at).await.unwrap(),
        Reconciled::Found(PostId::new("11"))
    );
}

// A t.co link that X did not expand (no entity for it) leaves a post that cannot be compared:
// the answer is Unknown, not NotFound.
#[tokio::test]
async fn case7_reconcile_is_unknown_with_a_link_it_cannot_expand() {
    let server = MockServer::start().await;
    mount_me(&server).await;
    let attempted_at = Utc::now();
    first_page(attempted_at)
        .respond_with(ok(json!({
            "data": [post("12", "Read https://t.co/zzzzzzzzzz", attempted_at)],
            "meta": {"result_count": 1}
        })))
        .mount(&server)
        .await;
    let x = user_account(&server);
    let answer = x
        .reconcile(&Post::new("Read https://example.com/a"), attempted_at)
        .await
        .unwrap();
    assert!(matches!(answer, Reconciled::Unknown { .. }), "{answer:?}");
}
