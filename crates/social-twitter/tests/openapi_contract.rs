//! Every request the client builds, checked against X's official OpenAPI spec (served at
//! <https://api.x.com/2/openapi.json>; the pinned copy is xdevplatform/xdk `specs/openapi.json`):
//! its method and path must be one operation of the spec, and every query parameter it sends
//! must be one that operation declares (`tweet.fields`, the name of
//! <https://docs.x.com/x-api/fundamentals/fields>, standing for the spec's `post.fields`). The app-only check compares the client's local refusals with the spec's
//! `security` (BearerToken = app-only).
//!
//! The spec is not read at test time: `scripts/extract_openapi.py` reduces it to
//! `tests/fixtures/openapi_operations.json` (method, path template, query parameter names,
//! required ones, security schemes). Re-run it when the spec changes.
//!
//! Not checked here: request bodies, parameter values (field names, expansion values), and the
//! OAuth token endpoints (`/2/oauth2/token`, `/oauth2/token`), which the v2 spec does not
//! describe.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use chrono::{TimeZone, Utc};
use futures_util::StreamExt;
use regex::Regex;
use serde::Deserialize;
use serde_json::{Value, json};
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::{
    AudienceReader, CommentId, Conversations, Cursor, Error, FollowGraph, MediaId, MediaRef,
    PageLimits, Post, PostId, ProfileReader, Publisher, UserId, ViolationKind,
};
use social_twitter::Listing;
use social_twitter::models::{Expansion, MediaField, PollField, TweetField, UserField};
use social_twitter::timelines::River;
use social_twitter::tweets::ReplySettings;
use social_twitter::{TwitterClient, XAccount};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Every endpoint the client defines, as the spec writes it. Adding an endpoint to the client
/// without adding it here (and driving it in [`drive`]) fails
/// [`every_endpoint_of_the_client_is_exercised_and_conforms`].
const CLIENT_OPERATIONS: &[&str] = &[
    "GET /2/tweets",
    "POST /2/tweets",
    "GET /2/tweets/search/recent",
    "GET /2/tweets/{id}",
    "DELETE /2/tweets/{id}",
    "GET /2/tweets/{id}/liking_users",
    "GET /2/tweets/{id}/retweeted_by",
    "GET /2/users",
    "GET /2/users/by",
    "GET /2/users/by/username/{username}",
    "GET /2/users/me",
    "GET /2/users/{id}",
    "GET /2/users/{id}/following",
    "POST /2/users/{id}/following",
    "DELETE /2/users/{source_user_id}/following/{target_user_id}",
    "GET /2/users/{id}/followers",
    "GET /2/users/{id}/tweets",
    "GET /2/users/{id}/mentions",
    "GET /2/users/{id}/timelines/reverse_chronological",
    "POST /2/users/{id}/likes",
    "DELETE /2/users/{id}/likes/{tweet_id}",
    "GET /2/users/{id}/liked_tweets",
    "POST /2/users/{id}/retweets",
    "DELETE /2/users/{id}/retweets/{source_tweet_id}",
    "POST /2/media/upload/initialize",
    "POST /2/media/upload/{id}/append",
    "POST /2/media/upload/{id}/finalize",
    "GET /2/media/upload",
    "POST /2/media/metadata",
];

// ----- the checker ---------------------------------------------------------------------------

/// One operation of the spec, as the extraction script wrote it.
#[derive(Debug, Clone, Deserialize)]
struct Operation {
    method: String,
    path: String,
    query: BTreeSet<String>,
    required_query: BTreeSet<String>,
    security: BTreeSet<String>,
}

impl Operation {
    fn key(&self) -> String {
        format!("{} {}", self.method, self.path)
    }

    fn app_only_allowed(&self) -> bool {
        self.security.contains("BearerToken")
    }
}

/// The operations with their path regexes and specificity.
struct Contract {
    operations: Vec<(Operation, Regex, Vec<bool>)>,
}

impl Contract {
    fn load() -> Self {
        #[derive(Deserialize)]
        struct Fixture {
            operations: Vec<Operation>,
        }
        let fixture: Fixture =
            serde_json::from_str(include_str!("fixtures/openapi_operations.json"))
                .expect("the fixture is the extraction script's output");
        assert!(
            fixture.operations.len() > 100,
            "the fixture holds the whole spec"
        );
        Self::new(fixture.operations)
    }

    fn new(operations: Vec<Operation>) -> Self {
        let operations = operations
            .into_iter()
            .map(|op| {
                let segments: Vec<&str> = op.path.split('/').collect();
                // A template parameter (`{id}`) matches one path segment.
                let pattern: Vec<String> = segments
                    .iter()
                    .map(|s| {
                        if is_parameter(s) {
                            "[^/]+".to_string()
                        } else {
                            regex::escape(s)
                        }
                    })
                    .collect();
                let regex = Regex::new(&format!("^{}$", pattern.join("/"))).unwrap();
                let literal = segments.iter().map(|s| !is_parameter(s)).collect();
                (op, regex, literal)
            })
            .collect();
        Contract { operations }
    }

    /// The operation `method path` is, or why there is none. As OpenAPI says, a concrete path
    /// wins over a template that also matches (`/2/users/me` over `/2/users/{id}`): among the
    /// matching templates, the one whose first parameter comes latest is taken, and it must be
    /// the only one.
    fn operation(&self, method: &str, path: &str) -> Result<&Operation, String> {
        let matching: Vec<&(Operation, Regex, Vec<bool>)> = self
            .operations
            .iter()
            .filter(|(op, regex, _)| op.method == method && regex.is_match(path))
            .collect();
        let Some(best) = matching.iter().map(|(_, _, literal)| literal).max() else {
            return Err(format!("{method} {path}: no operation of the spec"));
        };
        let most_specific: Vec<&Operation> = matching
            .iter()
            .filter(|(_, _, literal)| literal == best)
            .map(|(op, _, _)| op)
            .collect();
        match most_specific.as_slice() {
            [op] => Ok(op),
            many => Err(format!(
                "{method} {path}: ambiguous, matches {:?}",
                many.iter().map(|op| op.key()).collect::<Vec<_>>()
            )),
        }
    }

    /// Checks one request: the operation, the query parameter names (each declared, none
    /// twice, every required one present). Returns the operation.
    fn check(&self, method: &str, path: &str, query: &[String]) -> Result<&Operation, String> {
        let op = self.operation(method, path)?;
        let mut problems = Vec::new();
        let mut seen = BTreeSet::new();
        for name in query {
            if !op.query.contains(name) {
                problems.push(format!(
                    "unknown query parameter `{name}` (the spec allows {:?})",
                    op.query
                ));
            }
            if !seen.insert(name) {
                problems.push(format!("query parameter `{name}` sent twice"));
            }
        }
        for name in &op.required_query {
            if !query.contains(name) {
                problems.push(format!("required query parameter `{name}` missing"));
            }
        }
        if problems.is_empty() {
            Ok(op)
        } else {
            Err(format!(
                "{method} {path} ({}): {}",
                op.key(),
                problems.join("; ")
            ))
        }
    }

    /// Checks every request; returns the operations they exercised, or every problem found.
    fn verify(&self, requests: &[Request]) -> Result<BTreeSet<String>, Vec<String>> {
        let mut exercised = BTreeSet::new();
        let mut problems = Vec::new();
        for r in requests {
            let query: Vec<String> = r.url.query_pairs().map(|(k, _)| k.into_owned()).collect();
            match self.check(r.method.as_str(), r.url.path(), &query) {
                Ok(op) => {
                    exercised.insert(op.key());
                }
                Err(problem) => problems.push(problem),
            }
        }
        if problems.is_empty() {
            Ok(exercised)
        } else {
            Err(problems)
        }
    }
}

fn is_parameter(segment: &str) -> bool {
    segment.starts_with('{') || segment.starts_with(':')
}

/// `GET /2/users/{id}/following` and `GET /2/users/:id/following` → `GET /2/users/{}/following`.
fn shape(endpoint: &str) -> String {
    endpoint
        .split('/')
        .map(|s| if is_parameter(s) { "{}" } else { s })
        .collect::<Vec<_>>()
        .join("/")
}

// ----- the server and the driver ---------------------------------------------------------------

/// A permissive X: whatever is asked, a success body every call can decode. One object serves
/// as post, user, created post, follow/like/repost state and media upload; lists get it in an
/// array, and a first page (no token) says there is a next one so page walks send their token.
struct Permissive;

impl Respond for Permissive {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let path = request.url.path();
        let mut item = json!({
            "id": "1234567890", "text": "hello", "username": "someone", "name": "Someone",
            "deleted": true, "following": true, "liked": true, "retweeted": true,
            "media_key": "7_1234567890", "edit_history_tweet_ids": ["1234567890"],
        });
        if path.ends_with("/finalize") {
            item["processing_info"] = json!({ "state": "in_progress", "check_after_secs": 1 });
        } else if path == "/2/media/upload" {
            item["processing_info"] = json!({ "state": "succeeded", "progress_percent": 100 });
        }
        let last = path.rsplit('/').next().unwrap_or_default();
        let list = request.method.as_str() == "GET"
            && (["/2/tweets", "/2/users", "/2/users/by"].contains(&path)
                || [
                    "following",
                    "followers",
                    "tweets",
                    "mentions",
                    "reverse_chronological",
                    "liked_tweets",
                    "liking_users",
                    "retweeted_by",
                    "recent",
                ]
                .contains(&last));
        let body = if list {
            let first_page = !request
                .url
                .query_pairs()
                .any(|(k, _)| k == "pagination_token" || k == "next_token");
            let mut meta = json!({ "result_count": 1 });
            if first_page {
                meta["next_token"] = json!("page2");
            }
            json!({ "data": [item], "meta": meta })
        } else {
            json!({ "data": item })
        };
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn permissive_server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(Permissive)
        .mount(&server)
        .await;
    server
}

fn client(server: &MockServer, user: bool) -> TwitterClient {
    let builder = TwitterClient::builder()
        .base_url(server.uri())
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(ManualClock::starting_now()));
    let builder = if user {
        builder.user_token(AccessToken::new("user-token"))
    } else {
        builder.app_token(AccessToken::new("app-token"))
    };
    builder.build().unwrap()
}

fn all<T: Copy>(values: &'static [T]) -> impl Iterator<Item = T> {
    values.iter().copied()
}

/// Calls every request-building method of the client, with every optional parameter set, and
/// returns what each call gave (`Err` is expected for an app-only client).
async fn drive(x: &TwitterClient) -> Vec<(&'static str, Result<(), Error>)> {
    let post = PostId::new("1234567890");
    let user = UserId::new("2244994945");
    let media = MediaId::new("1146654567674912769");
    let start = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
    let mut results: Vec<(&'static str, Result<(), Error>)> = Vec::new();
    macro_rules! call {
        ($name:literal, $e:expr) => {
            results.push(($name, $e.await.map(drop)));
        };
    }

    // Posts.
    call!("create reply with media", {
        x.tweets()
            .create("Thank you for coming!")
            .in_reply_to(&post)
            .exclude_reply_users([user.clone()])
            .media([media.clone()])
            .tag_users([user.clone()])
            .reply_settings(ReplySettings::MentionedUsers)
            .send()
    });
    call!(
        "create quote",
        x.tweets().create("Worth a read").quote(&post).send()
    );
    call!(
        "create poll",
        x.tweets()
            .create("Which day?")
            .poll(["Mon", "Tue"], 60)
            .send()
    );
    call!(
        "thread",
        x.tweets()
            .thread(["1/2 First", "2/2 Second"])
            .in_reply_to(&post)
            .send()
    );
    call!("delete", x.tweets().delete(&post));
    call!("get", {
        x.tweets()
            .get(&post)
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .poll_fields(all(PollField::ALL))
            .expansions(all(Expansion::ALL))
            .send()
    });
    call!("get_many", {
        x.tweets()
            .get_many([&post, &PostId::new("1")])
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .poll_fields(all(PollField::ALL))
            .expansions(all(Expansion::ALL))
            .send()
    });
    call!("search_recent", {
        x.tweets()
            .search_recent("from:XDevelopers budget")
            .page_size(100)
            .after(Cursor::new("next"))
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .expansions(all(Expansion::ALL))
            .since_id(&post)
            .until_id(&post)
            .start_time(start)
            .end_time(end)
            .send()
    });
    call!("search_recent pages", {
        x.tweets()
            .search_recent("budget")
            .collect(PageLimits::default().max_pages(2))
    });
    call!("liking_users", {
        x.tweets()
            .liking_users(&post)
            .page_size(100)
            .after(Cursor::new("next"))
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("retweeted_by", {
        x.tweets()
            .retweeted_by(&post)
            .page_size(100)
            .after(Cursor::new("next"))
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });

    // Users.
    call!("me", {
        x.users()
            .me()
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("me_id", x.me_id());
    call!("user", {
        x.users()
            .get(&user)
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("users", {
        x.users()
            .get_many([&user, &UserId::new("1")])
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("by_username", {
        x.users()
            .by_username("@XDevelopers")
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("by_usernames", {
        x.users()
            .by_usernames(["XDevelopers", "@X"])
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });

    // Follows.
    call!("follow", x.follows().follow(&user));
    call!("unfollow", x.follows().unfollow(&user));
    call!("following", {
        x.follows()
            .following(&user)
            .page_size(1000)
            .after(Cursor::new("next"))
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("followers", {
        x.follows()
            .followers(&user)
            .page_size(1000)
            .after(Cursor::new("next"))
            .user_fields(all(UserField::ALL))
            .tweet_fields(all(TweetField::ALL))
            .expansions([Expansion::PinnedTweetId])
            .send()
    });
    call!("following pages", async {
        let pages: Vec<_> = x
            .follows()
            .following(&user)
            .pages(PageLimits::default().max_pages(2))
            .collect()
            .await;
        pages.into_iter().collect::<Result<Vec<_>, _>>()
    });

    // Timelines and the sip.
    call!("user_tweets", {
        x.timelines()
            .user_tweets(&user)
            .page_size(100)
            .after(Cursor::new("next"))
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .expansions(all(Expansion::ALL))
            .since_id(&post)
            .until_id(&post)
            .start_time(start)
            .end_time(end)
            .send()
    });
    call!("mentions", {
        x.timelines()
            .mentions(&user)
            .page_size(100)
            .after(Cursor::new("next"))
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .expansions(all(Expansion::ALL))
            .since_id(&post)
            .until_id(&post)
            .start_time(start)
            .end_time(end)
            .send()
    });
    call!("home", {
        x.timelines()
            .home(&user)
            .page_size(100)
            .after(Cursor::new("next"))
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .expansions(all(Expansion::ALL))
            .since_id(&post)
            .until_id(&post)
            .start_time(start)
            .end_time(end)
            .send()
    });
    call!("sip home", x.timelines().sip(River::Home, Some(&post), 3));
    call!("sip mentions", x.timelines().sip(River::Mentions, None, 3));

    // Likes and reposts.
    call!("like", x.likes().like(&post));
    call!("unlike", x.likes().unlike(&post));
    call!("liked_tweets", {
        x.likes()
            .liked_tweets(&user)
            .page_size(100)
            .after(Cursor::new("next"))
            .tweet_fields(all(TweetField::ALL))
            .user_fields(all(UserField::ALL))
            .media_fields(all(MediaField::ALL))
            .expansions(all(Expansion::ALL))
            .send()
    });
    call!("retweet", x.retweets().retweet(&post));
    call!("unretweet", x.retweets().unretweet(&post));

    // Media: every step of a chunked upload with processing and alt text.
    call!("upload", {
        x.media()
            .upload(vec![7u8; 3000], "video/mp4")
            .chunk_size(1024)
            .alt_text("A chart")
            .on_progress(|_| {})
            .send()
    });
    call!("status", x.media().status(&media));
    call!("set_alt_text", x.media().set_alt_text(&media, "A chart"));

    // The core traits (adapter.rs), on the account the client signs in as.
    let account = XAccount::new(x.clone());
    let x = &account;
    let draft = Post::new("New article")
        .with_link("https://example.com/a")
        .with_media(MediaRef::new(media.clone()).with_alt_text("A chart"))
        .in_reply_to(post.clone());
    call!("Publisher::publish", Publisher::publish(x, &draft));
    call!("Publisher::delete", Publisher::delete(x, &post));
    call!("ProfileReader::me", ProfileReader::me(x));
    call!("ProfileReader::profile", ProfileReader::profile(x, &user));
    call!("AudienceReader::audience", AudienceReader::audience(x));
    call!("Conversations::comments", {
        Conversations::comments(x, &post, Some(Cursor::new("next")))
    });
    let comment = CommentId::new("1");
    call!("Conversations::reply", {
        Conversations::reply(x, &post, Some(&comment), "Thanks!")
    });
    call!("FollowGraph::following", {
        FollowGraph::following(x, &user, Some(Cursor::new("next")))
    });
    call!("FollowGraph::followers", {
        FollowGraph::followers(x, &user, Some(Cursor::new("next")))
    });
    results
}

// ----- the tests -------------------------------------------------------------------------------

// Every endpoint the client defines is driven with every optional
// parameter, every request conforms to the spec, and the endpoints exercised are exactly the
// ones listed in CLIENT_OPERATIONS and the ones declared in the client's source.
#[tokio::test]
async fn every_endpoint_of_the_client_is_exercised_and_conforms() {
    let contract = Contract::load();
    let server = permissive_server().await;
    let x = client(&server, true);
    for (call, result) in drive(&x).await {
        if let Err(e) = result {
            panic!("{call} failed against the permissive server: {e}");
        }
    }
    let requests = server.received_requests().await.unwrap();
    let exercised = contract
        .verify(&requests)
        .unwrap_or_else(|problems| panic!("requests outside the spec:\n{}", problems.join("\n")));

    let listed: BTreeSet<String> = CLIENT_OPERATIONS.iter().map(|s| s.to_string()).collect();
    assert_eq!(
        exercised, listed,
        "the operations exercised differ from CLIENT_OPERATIONS"
    );
    for op in &listed {
        let (method, path) = op.split_once(' ').unwrap();
        let found = contract.operation(method, path).map(Operation::key);
        assert_eq!(found.as_deref(), Ok(op.as_str()), "{op} is in the spec");
    }
    let declared: BTreeSet<String> = declared_endpoints().iter().map(|e| shape(e)).collect();
    let listed_shapes: BTreeSet<String> = listed.iter().map(|e| shape(e)).collect();
    assert_eq!(
        declared, listed_shapes,
        "the endpoints named in src/ (`.endpoint(\"…\")`) differ from CLIENT_OPERATIONS"
    );
}

/// The endpoint names the client's source declares with `.endpoint("METHOD /path")`.
fn declared_endpoints() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(std::fs::read_to_string(path).unwrap());
            }
        }
    }
    let mut sources = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut sources,
    );
    let endpoint = Regex::new(r#"\.endpoint\(\s*"([A-Z]+ /[^"]*)"\s*\)"#).unwrap();
    let declared: BTreeSet<String> = sources
        .iter()
        .flat_map(|s| endpoint.captures_iter(s).map(|c| c[1].to_string()))
        .collect();
    assert!(declared.len() > 20, "the scan found the client's endpoints");
    declared
}

// An app-only client (https://docs.x.com/fundamentals/authentication/oauth-2-0/application-only)
// sends exactly the requests whose operation the spec
// lets a BearerToken call, and refuses the others itself.
#[tokio::test]
async fn app_only_client_sends_exactly_what_the_spec_allows_app_only() {
    let contract = Contract::load();
    let server = permissive_server().await;
    let app = client(&server, false);
    let _ = drive(&app).await;
    let requests = server.received_requests().await.unwrap();
    let sent = contract
        .verify(&requests)
        .unwrap_or_else(|problems| panic!("requests outside the spec:\n{}", problems.join("\n")));
    let app_only: BTreeSet<String> = CLIENT_OPERATIONS
        .iter()
        .map(|op| {
            let (method, path) = op.split_once(' ').unwrap();
            contract.operation(method, path).unwrap()
        })
        .filter(|op| op.app_only_allowed())
        .map(Operation::key)
        .collect();
    assert_eq!(sent, app_only);
}

// The builders cannot send what an endpoint refuses (the contract test found these): time
// filters on liked posts fail before sending, with the field named.
#[tokio::test]
async fn liked_posts_refuse_time_filters_before_sending() {
    let server = permissive_server().await;
    let x = client(&server, true);
    let err = x
        .likes()
        .liked_tweets(&UserId::new("1"))
        .since_id(&PostId::new("5"))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].field, "since_id");
    assert_eq!(violations[0].kind, ViolationKind::Unsupported);
    assert!(server.received_requests().await.unwrap().is_empty());
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

// Negative control: the checker is not vacuous. It refuses an unknown path, an unknown method,
// an unknown query parameter, a parameter sent twice and a missing required one, resolves
// concrete paths before templates, and refuses an ambiguous match.
#[test]
fn the_checker_refuses_what_the_spec_does_not_define() {
    let contract = Contract::load();
    assert!(
        contract
            .check("GET", "/2/tweets/123/nonexistent", &[])
            .is_err()
    );
    assert!(contract.check("PATCH", "/2/tweets", &[]).is_err());
    assert!(contract.check("GET", "/3/tweets/123", &[]).is_err());
    let unknown = contract
        .check("GET", "/2/tweets/123", &names(&["tweet.fields", "colour"]))
        .unwrap_err();
    assert!(unknown.contains("`colour`"), "{unknown}");
    let wrong_endpoint = contract
        .check("GET", "/2/users/me", &names(&["media.fields"]))
        .unwrap_err();
    assert!(
        wrong_endpoint.contains("`media.fields`"),
        "{wrong_endpoint}"
    );
    let twice = contract
        .check(
            "GET",
            "/2/users/me",
            &names(&["user.fields", "user.fields"]),
        )
        .unwrap_err();
    assert!(twice.contains("twice"), "{twice}");
    let missing = contract
        .check("GET", "/2/tweets/search/recent", &names(&["max_results"]))
        .unwrap_err();
    assert!(missing.contains("`query`"), "{missing}");

    // Both spellings of the post fields are accepted (the docs' `tweet.fields`, the spec's
    // `post.fields`).
    for fields in ["tweet.fields", "post.fields"] {
        assert!(
            contract
                .check("GET", "/2/tweets/1", &names(&[fields]))
                .is_ok()
        );
    }
    // Concrete paths before templates.
    let me = contract.check("GET", "/2/users/me", &[]).unwrap();
    assert_eq!(me.path, "/2/users/me");
    let upload = contract
        .check("GET", "/2/media/upload", &names(&["command", "media_id"]))
        .unwrap();
    assert_eq!(upload.path, "/2/media/upload");
    assert_eq!(
        contract.check("GET", "/2/users/42", &[]).unwrap().path,
        "/2/users/{id}"
    );

    // Two templates equally specific: ambiguous, not a pick.
    let op = |path: &str| Operation {
        method: "GET".into(),
        path: path.into(),
        query: BTreeSet::new(),
        required_query: BTreeSet::new(),
        security: BTreeSet::new(),
    };
    let twins = Contract::new(vec![op("/2/a/{id}"), op("/2/a/{name}")]);
    assert!(
        twins
            .operation("GET", "/2/a/1")
            .unwrap_err()
            .contains("ambiguous")
    );
}

// Negative control through the whole pipeline: requests really sent and received by the server
// are refused when they break the spec.
#[tokio::test]
async fn the_checker_refuses_bad_requests_received_by_the_server() {
    let contract = Contract::load();
    let server = permissive_server().await;
    let x = client(&server, true);
    x.raw().get("2/tweets/1/nonexistent").send().await.unwrap();
    x.users()
        .get(&UserId::new("1"))
        .param("media.fields", "url")
        .send()
        .await
        .unwrap();
    x.tweets().get(&PostId::new("1")).send().await.unwrap();
    let requests = server.received_requests().await.unwrap();
    let problems = contract.verify(&requests).unwrap_err();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("no operation"), "{problems:?}");
    assert!(problems[1].contains("`media.fields`"), "{problems:?}");
    assert!(contract.verify(&requests[2..]).is_ok());
}

// The fixture is the extraction script's output for the spec it names, and keeps the facts the
// checks rely on.
#[test]
fn the_fixture_holds_the_facts_the_checks_rely_on() {
    let contract = Contract::load();
    let by_key: BTreeMap<String, &Operation> = contract
        .operations
        .iter()
        .map(|(op, _, _)| (op.key(), op))
        .collect();
    let search = by_key["GET /2/tweets/search/recent"];
    assert!(search.query.contains("post.fields") && search.query.contains("tweet.fields"));
    assert!(search.required_query.contains("query"));
    assert!(!by_key["GET /2/users/me"].app_only_allowed());
    assert!(by_key["GET /2/users/{id}/following"].app_only_allowed());
    assert!(by_key["POST /2/tweets"].query.is_empty());
    let source: Value =
        serde_json::from_str(include_str!("fixtures/openapi_operations.json")).unwrap();
    assert!(
        source["source"]
            .as_str()
            .unwrap()
            .contains("extract_openapi.py")
    );
}
