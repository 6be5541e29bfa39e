//! The client end to end against the stateful X fake (`social_testkit::x::XFake`), not against
//! canned wiremock answers: what one call writes, the next one reads. Each test names the page of
//! X's documentation (or the public report) whose behaviour it pins down.
//!
//! The fake's state is read back over its own HTTP API with `reqwest` and `serde_json::Value`
//! (never through the client's models), so a model bug cannot hide on both sides.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};
use social_core::auth::{
    AccessToken, ClientSecret, MemoryTokenStore, OAuth2Client, OAuth2Config, PkceVerifier,
    RefreshingAuth,
};
use social_core::clock::{Clock, ManualClock};
use social_core::discover::{DiscoverOptions, Weighting, who_to_follow};
use social_core::http::{Jitter, RetryPolicy, Transport};
use social_core::{
    AudienceReader, AuthErrorKind, Conversations, Error, FollowGraph, MediaId, MediaRef, Network,
    Post, PostId, ProfileReader, Publisher, UserId, ViolationKind,
};
use social_testkit::FakeServer;
use social_testkit::x::XFake;
use social_twitter::Listing;
use social_twitter::auth::{self, Scope, XOAuth2Dialect};
use social_twitter::media::UploadProgress;
use social_twitter::models::{
    Expansion, MediaField, MediaType, ProcessingState, TweetField, UserField,
};
use social_twitter::timelines::River;
use social_twitter::{TwitterClient, XAccount};

/// The X fake mounted at the root of a local server, and the virtual clock every client of the
/// test runs on (retries, rate-limit waits and media polling never really sleep).
struct World {
    x: XFake,
    server: FakeServer,
    clock: ManualClock,
}

impl World {
    async fn new() -> Self {
        let x = XFake::default();
        let server = FakeServer::start(()).await;
        server.mount("", &x).await;
        World {
            x,
            server,
            clock: ManualClock::starting_now(),
        }
    }

    fn builder(&self) -> social_twitter::TwitterClientBuilder {
        TwitterClient::builder()
            .base_url(self.server.uri())
            .retry_policy(RetryPolicy::default().jitter(Jitter::None))
            .clock(Arc::new(self.clock.clone()))
    }

    /// A client acting for `user` (OAuth 2.0 user context, a bearer token minted by the fake).
    fn user(&self, user: &str) -> TwitterClient {
        self.builder()
            .user_token(AccessToken::new(self.x.user_token(user)))
            .build()
            .unwrap()
    }

    /// An app-only client (the fake's app bearer token).
    fn app(&self) -> TwitterClient {
        self.builder()
            .app_token(AccessToken::new(self.x.app_token()))
            .build()
            .unwrap()
    }

    /// `GET {path}` on the fake with the app token, read as untyped JSON.
    async fn read(&self, path: &str) -> Value {
        let response = reqwest::Client::new()
            .get(format!("{}{path}", self.server.uri()))
            .bearer_auth(self.x.app_token())
            .send()
            .await
            .expect("the fake answers");
        assert!(response.status().is_success(), "GET {path}");
        serde_json::from_str(&response.text().await.unwrap()).unwrap()
    }

    /// How many requests with `method` whose path is `path` the fake received.
    async fn count(&self, method: &str, path: &str) -> usize {
        self.server
            .received_requests()
            .await
            .iter()
            .filter(|r| r.method.as_str() == method && r.url.path() == path)
            .count()
    }
}

fn ids(list: &[social_twitter::models::Tweet]) -> Vec<&str> {
    list.iter().map(|t| t.id.as_str()).collect()
}

fn usernames(list: &[social_twitter::models::User]) -> Vec<&str> {
    list.iter().map(|u| u.username.as_str()).collect()
}

// Create, get and delete (https://docs.x.com/x-api/posts/creation-of-a-post,
// https://docs.x.com/x-api/posts/lookup/quickstart): the envelope keeps `includes` and the partial
// errors of a 200, and a missing single resource is a 404 `resource-not-found` →
// `Error::NotFound` (https://docs.x.com/x-api/fundamentals/response-codes-and-errors).
#[tokio::test]
async fn post_read_back_with_fields_and_expansions_delete_then_not_found() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let client = w.user(&alice);

    let created = client
        .tweets()
        .create("Our office moves to 12 rue de la Paix on Monday.")
        .send()
        .await
        .unwrap();
    assert_eq!(
        created.text,
        "Our office moves to 12 rue de la Paix on Monday."
    );
    assert_eq!(created.edit_history_tweet_ids, vec![created.id.clone()]);
    assert_eq!(
        w.x.state().lock().post_text(created.id.as_str()),
        Some("Our office moves to 12 rue de la Paix on Monday.")
    );

    let resp = client
        .tweets()
        .get(&created.id)
        .tweet_fields([
            TweetField::CreatedAt,
            TweetField::AuthorId,
            TweetField::ConversationId,
            TweetField::PublicMetrics,
        ])
        .expansions([Expansion::AuthorId])
        .user_fields([UserField::PublicMetrics])
        .send()
        .await
        .unwrap();
    let post = resp.data.expect("the post");
    assert_eq!(post.id, created.id);
    assert_eq!(
        post.author_id.as_ref().map(UserId::as_str),
        Some(alice.as_str())
    );
    assert_eq!(post.conversation_id.as_ref(), Some(&created.id));
    assert!(post.created_at.is_some());
    let metrics = post.public_metrics.expect("public_metrics was asked for");
    assert_eq!((metrics.like_count, metrics.retweet_count), (0, 0));
    let author = resp.includes.user(&UserId::new(&alice)).expect("expanded");
    assert_eq!(author.username, "alice");
    assert_eq!(author.public_metrics.unwrap().tweet_count, 1);

    // Several ids at once: the missing one is a partial error, not a failure.
    let missing = PostId::new("1234567890");
    let many = client
        .tweets()
        .get_many([&created.id, &missing])
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&many.data.unwrap()), [created.id.as_str()]);
    assert_eq!(many.errors.len(), 1);
    assert_eq!(many.errors[0].resource_id.as_deref(), Some("1234567890"));

    assert!(client.tweets().delete(&created.id).await.unwrap());
    assert_eq!(w.x.state().lock().post_text(created.id.as_str()), None);
    // X answers a missing post with a 200 that has only `errors`: `send` returns it, and
    // `into_data` turns the problem into the error.
    let gone = client
        .tweets()
        .get(&created.id)
        .send()
        .await
        .unwrap()
        .into_data()
        .unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
    let twice = client.tweets().delete(&created.id).await.unwrap_err();
    assert!(matches!(twice, Error::NotFound { .. }), "{twice:?}");
}

// The duplicate-content 403 has no specific problem type (`about:blank`, as reported in
// https://github.com/akrherz/iembot/issues/163); the client still
// reports it as `Error::Duplicate` (and it is not a permission problem).
#[tokio::test]
async fn posting_the_same_text_twice_is_a_duplicate() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let client = w.user(&alice);
    client
        .tweets()
        .create("Seminar tomorrow at 9.")
        .send()
        .await
        .unwrap();
    let err = client
        .tweets()
        .create("Seminar tomorrow at 9.")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
    assert!(err.to_string().contains("duplicate"), "{err}");
    // Sent once, not replayed: a 403 is an answer, not a doubt.
    assert_eq!(w.count("POST", "/2/tweets").await, 2);
}

// `reply.in_reply_to_tweet_id` (https://docs.x.com/x-api/posts/creation-of-a-post): a thread is
// published part by part, each
// part replying to the previous one; the fake's state shows the chain and one conversation.
#[tokio::test]
async fn a_thread_chains_each_part_as_a_reply_to_the_previous() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let client = w.user(&alice);
    let parts = [
        "1/3 Three things we learnt from the new tax law.",
        "2/3 Deductions for home offices are capped.",
        "3/3 Invoices must be electronic from 2027.",
    ];
    let outcome = client.tweets().thread(parts).send().await.unwrap();
    assert!(outcome.is_complete());
    let published: Vec<&str> = outcome.published.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(published.len(), 3);

    let body = w
        .read(&format!(
            "/2/tweets?ids={}&tweet.fields=referenced_tweets,conversation_id,in_reply_to_user_id",
            published.join(",")
        ))
        .await;
    let data = body["data"].as_array().expect("three posts");
    assert_eq!(data.len(), 3);
    for (i, post) in data.iter().enumerate() {
        assert_eq!(post["id"], published[i]);
        assert_eq!(post["text"], parts[i]);
        assert_eq!(post["conversation_id"], published[0], "one conversation");
        if i == 0 {
            assert!(
                post.get("referenced_tweets").is_none(),
                "the root replies to nothing"
            );
        } else {
            assert_eq!(
                post["referenced_tweets"],
                json!([{ "type": "replied_to", "id": published[i - 1] }])
            );
            assert_eq!(post["in_reply_to_user_id"], alice.as_str());
        }
    }
}

// Follow, unfollow, following and followers lists (the `/2/users/{id}/following` and
// `/2/users/{id}/followers` operations of https://api.x.com/2/openapi.json): the follow is visible in
// the fake's state and in both lists; a protected account answers `pending_follow`.
#[tokio::test]
async fn follow_shows_in_the_lists_then_unfollow_removes_it() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let bob = w.x.add_user("bob", "Bob");
    let private = w.x.add_user("private", "Private");
    w.x.state().lock().user_mut(&private).unwrap().protected = true;
    let client = w.user(&alice);
    let (alice_id, bob_id) = (UserId::new(&alice), UserId::new(&bob));

    let state = client.follows().follow(&bob_id).await.unwrap();
    assert!(state.following && !state.pending_follow);
    assert!(w.x.state().lock().is_following(&alice, &bob));

    let following = client
        .follows()
        .following(&alice_id)
        .user_fields([UserField::PublicMetrics])
        .send()
        .await
        .unwrap();
    let following = following.items;
    assert_eq!(usernames(&following), ["bob"]);
    assert_eq!(following[0].public_metrics.unwrap().followers_count, 1);
    let followers = client.follows().followers(&bob_id).send().await.unwrap();
    assert_eq!(usernames(&followers.items), ["alice"]);

    let pending = client
        .follows()
        .follow(&UserId::new(&private))
        .await
        .unwrap();
    assert!(!pending.following && pending.pending_follow);

    let state = client.follows().unfollow(&bob_id).await.unwrap();
    assert!(!state.following);
    assert!(!w.x.state().lock().is_following(&alice, &bob));
    let following = client.follows().following(&alice_id).send().await.unwrap();
    // An empty page has no data (https://docs.x.com/x-api/fundamentals/pagination).
    assert!(following.items.is_empty(), "an empty page has no data");
    assert_eq!(following.extra.meta.unwrap().result_count, Some(0));
    // `users/me` was read once for the three writes and cached.
    assert_eq!(w.count("GET", "/2/users/me").await, 1);
}

// The home timeline (the user's and followed accounts' posts, newest first) and mentions
// (https://docs.x.com/x-api/posts/timelines/integrate)
// and the sip contract of `Timelines::sip`: at most `cap` new posts, `more_available` when some
// were left out, `last_seen` = the newest post seen, kept as it was when nothing is new.
#[tokio::test]
async fn home_timeline_and_sips_from_home_and_mentions() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let bob = w.x.add_user("bob", "Bob");
    let carol = w.x.add_user("carol", "Carol");
    w.x.follow(&alice, &bob);
    let b1 = w.x.post_as(&bob, "Quarterly figures are out.");
    let c1 = w.x.post_as(&carol, "Not followed by alice.");
    let a1 = w.x.post_as(&alice, "Hello from alice.");
    let b2 = w.x.post_as(&bob, "Webinar on Thursday.");
    let client = w.user(&alice);
    let me = client.me_id().await.unwrap();
    assert_eq!(me.as_str(), alice);

    let home = client
        .timelines()
        .home(&me)
        .page_size(10)
        .tweet_fields([TweetField::AuthorId])
        .send()
        .await
        .unwrap();
    let posts = home.items;
    assert_eq!(ids(&posts), [b2.as_str(), a1.as_str(), b1.as_str()]);
    assert!(!ids(&posts).contains(&c1.as_str()));
    assert_eq!(home.extra.meta.unwrap().newest_id.unwrap().as_str(), b2);

    // First sip, cap 2 of 3: the two newest, and word that there was more.
    let sip = client.timelines().sip(River::Home, None, 2).await.unwrap();
    assert_eq!(ids(&sip.posts), [b2.as_str(), a1.as_str()]);
    assert!(sip.more_available);
    assert_eq!(
        sip.last_seen.as_ref().map(PostId::as_str),
        Some(b2.as_str())
    );
    // The sip asks for what it shows (author, time, conversation).
    assert!(
        sip.posts
            .iter()
            .all(|p| p.author_id.is_some() && p.created_at.is_some())
    );

    // Something new since: only that.
    let b3 = w.x.post_as(&bob, "Slides from the webinar.");
    let sip = client
        .timelines()
        .sip(River::Home, sip.last_seen.as_ref(), 5)
        .await
        .unwrap();
    assert_eq!(ids(&sip.posts), [b3.as_str()]);
    assert!(!sip.more_available);
    assert_eq!(
        sip.last_seen.as_ref().map(PostId::as_str),
        Some(b3.as_str())
    );

    // Nothing new: empty, and `last_seen` stays where it was.
    let again = client
        .timelines()
        .sip(River::Home, sip.last_seen.as_ref(), 5)
        .await
        .unwrap();
    assert!(again.posts.is_empty() && !again.more_available);
    assert_eq!(again.last_seen, sip.last_seen);

    // Mentions (at least 5 per page on X: the sip still cuts at the cap).
    w.x.post_as(&carol, "@alice could you review this?");
    let m2 = w.x.post_as(&bob, "Thanks @alice!");
    let m3 = w.x.post_as(&carol, "@Alice see you at 9.");
    let sip = client
        .timelines()
        .sip(River::Mentions, None, 2)
        .await
        .unwrap();
    assert_eq!(ids(&sip.posts), [m3.as_str(), m2.as_str()]);
    assert!(sip.more_available);
    assert_eq!(
        sip.last_seen.as_ref().map(PostId::as_str),
        Some(m3.as_str())
    );
    let later = client
        .timelines()
        .sip(River::Mentions, sip.last_seen.as_ref(), 20)
        .await
        .unwrap();
    assert!(later.posts.is_empty() && !later.more_available);
    assert_eq!(later.last_seen, sip.last_seen);
}

// Like, unlike, liking users, liked posts, retweet, undo, retweeted by (their operations in
// https://api.x.com/2/openapi.json): each
// write shows in the post's `public_metrics` and in the lists, and is undone.
#[tokio::test]
async fn likes_and_retweets_change_public_metrics() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let bob = w.x.add_user("bob", "Bob");
    let post = PostId::new(w.x.post_as(&bob, "New article on the 2027 budget."));
    let client = w.user(&alice);
    let metrics = async || {
        client
            .tweets()
            .get(&post)
            .tweet_fields([TweetField::PublicMetrics])
            .send()
            .await
            .unwrap()
            .data
            .unwrap()
            .public_metrics
            .unwrap()
    };

    assert!(client.likes().like(&post).await.unwrap());
    assert!(
        client.likes().like(&post).await.unwrap(),
        "liking twice changes nothing"
    );
    assert_eq!(metrics().await.like_count, 1);
    let likers = client.tweets().liking_users(&post).send().await.unwrap();
    assert_eq!(usernames(&likers.items), ["alice"]);
    let liked = client
        .likes()
        .liked_tweets(&UserId::new(&alice))
        .send()
        .await
        .unwrap();
    assert_eq!(ids(&liked.items), [post.as_str()]);

    assert!(client.retweets().retweet(&post).await.unwrap());
    assert_eq!(metrics().await.retweet_count, 1);
    let reposters = client.tweets().retweeted_by(&post).send().await.unwrap();
    assert_eq!(usernames(&reposters.items), ["alice"]);

    assert!(!client.likes().unlike(&post).await.unwrap());
    assert!(!client.retweets().unretweet(&post).await.unwrap());
    let m = metrics().await;
    assert_eq!((m.like_count, m.retweet_count), (0, 0));
}

// https://docs.x.com/x-api/media/quickstart/media-upload-chunked: INIT → APPEND per chunk →
// FINALIZE, then STATUS polls while
// `processing_info` says so, waiting `check_after_secs` (on the virtual clock), then the media id
// is attached to a post (`media.media_ids`) and expands to `includes.media`.
#[tokio::test]
async fn chunked_video_upload_polls_its_status_then_is_posted() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let client = w.user(&alice);
    let video: Vec<u8> = (0..2500u32).map(|i| (i % 251) as u8).collect();
    let events = Arc::new(Mutex::new(Vec::new()));
    let seen = events.clone();

    let media = client
        .media()
        .upload(video, "video/mp4")
        .chunk_size(1024)
        .alt_text("Our team at the seminar")
        .on_progress(move |p| seen.lock().unwrap().push(p))
        .send()
        .await
        .unwrap();

    assert_eq!(w.count("POST", "/2/media/upload/initialize").await, 1);
    let append = format!("/2/media/upload/{}/append", media.id);
    assert_eq!(
        w.count("POST", &append).await,
        3,
        "2500 bytes in 1 KiB chunks"
    );
    // The fake reports `pending`, then `in_progress`, then `succeeded` on the second STATUS.
    assert_eq!(w.count("GET", "/2/media/upload").await, 2);
    assert_eq!(w.clock.sleeps(), [Duration::from_secs(1); 2]);
    assert_eq!(
        media.processing_info.map(|i| i.state),
        Some(ProcessingState::Succeeded)
    );
    let events = events.lock().unwrap().clone();
    assert_eq!(
        events,
        [
            UploadProgress::Sending {
                sent: 1024,
                total: 2500
            },
            UploadProgress::Sending {
                sent: 2048,
                total: 2500
            },
            UploadProgress::Sending {
                sent: 2500,
                total: 2500
            },
            UploadProgress::Processing { percent: None },
            UploadProgress::Processing { percent: Some(50) },
            UploadProgress::Done,
        ]
    );
    assert_eq!(
        w.x.state().lock().media_alt_text(media.id.as_str()),
        Some("Our team at the seminar")
    );

    let created = client
        .tweets()
        .create("Highlights of the seminar")
        .media([media.id.clone()])
        .send()
        .await
        .unwrap();
    let resp = client
        .tweets()
        .get(&created.id)
        .tweet_fields([TweetField::Attachments])
        .expansions([Expansion::AttachmentsMediaKeys])
        .media_fields([MediaField::Type, MediaField::AltText])
        .send()
        .await
        .unwrap();
    let keys = resp.data.unwrap().attachments.unwrap().media_keys;
    assert_eq!(keys, [media.media_key.clone().unwrap()]);
    let included = &resp.includes.media[0];
    assert_eq!(included.kind, Some(MediaType::Video));
    assert_eq!(
        included.alt_text.as_deref(),
        Some("Our team at the seminar")
    );
}

// An app-only token reads but cannot act as a user
// (https://docs.x.com/fundamentals/authentication/oauth-2-0/application-only). The client refuses
// every user-context call itself (`WrongAuthMode`) without sending anything, and still reads.
#[tokio::test]
async fn app_only_client_is_refused_locally_for_user_context_calls() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let post = PostId::new(w.x.post_as(&alice, "Public post."));
    let (alice_id, app) = (UserId::new(&alice), w.app());

    let refused: Vec<(&str, Error)> = vec![
        (
            "create",
            app.tweets().create("Hi").send().await.unwrap_err(),
        ),
        ("delete", app.tweets().delete(&post).await.unwrap_err()),
        ("me", app.users().me().send().await.unwrap_err()),
        ("me_id", app.me_id().await.unwrap_err()),
        ("follow", app.follows().follow(&alice_id).await.unwrap_err()),
        (
            "unfollow",
            app.follows().unfollow(&alice_id).await.unwrap_err(),
        ),
        ("like", app.likes().like(&post).await.unwrap_err()),
        ("unlike", app.likes().unlike(&post).await.unwrap_err()),
        (
            "liked",
            app.likes()
                .liked_tweets(&alice_id)
                .send()
                .await
                .unwrap_err(),
        ),
        (
            "liking",
            app.tweets().liking_users(&post).send().await.unwrap_err(),
        ),
        ("retweet", app.retweets().retweet(&post).await.unwrap_err()),
        (
            "unretweet",
            app.retweets().unretweet(&post).await.unwrap_err(),
        ),
        (
            "home",
            app.timelines().home(&alice_id).send().await.unwrap_err(),
        ),
        (
            "sip",
            app.timelines().sip(River::Home, None, 5).await.unwrap_err(),
        ),
        (
            "upload",
            app.media()
                .upload(vec![1u8; 10], "image/png")
                .send()
                .await
                .unwrap_err(),
        ),
        (
            "status",
            app.media().status(&MediaId::new("1")).await.unwrap_err(),
        ),
        (
            "alt",
            app.media()
                .set_alt_text(&MediaId::new("1"), "alt")
                .await
                .unwrap_err(),
        ),
    ];
    for (call, err) in &refused {
        assert!(
            matches!(
                err,
                Error::Auth {
                    kind: AuthErrorKind::WrongAuthMode { .. },
                    api: None,
                    ..
                }
            ),
            "{call}: {err:?}"
        );
    }
    // A thread reports its first part as failed, nothing published, the rest unsent.
    let thread = app.tweets().thread(["1/2", "2/2"]).send().await.unwrap();
    let failure = thread.failed.as_ref().expect("refused");
    assert!(thread.published.is_empty() && thread.unsent == ["2/2"]);
    assert!(matches!(
        failure.error,
        Error::Auth {
            kind: AuthErrorKind::WrongAuthMode { .. },
            ..
        }
    ));
    assert!(
        w.server.received_requests().await.is_empty(),
        "nothing was sent"
    );

    // Public reads go through.
    let read = app.tweets().get(&post).send().await.unwrap();
    assert_eq!(read.data.unwrap().text, "Public post.");
    let user = app.users().by_username("@alice").send().await.unwrap();
    assert_eq!(user.data.unwrap().id, alice_id);
    app.follows().following(&alice_id).send().await.unwrap();
    app.timelines().mentions(&alice_id).send().await.unwrap();
}

// 403 `unsupported-authentication` (the body reported in
// https://github.com/plhery/node-twitter-api-v2/issues/475): the client allows no user-context
// endpoint to an app-only token (liking users was the last one to be closed), so the fake's
// refusal is reached through the raw escape hatch, which does not check the auth mode: the
// documented body maps to `WrongAuthMode` naming the accepted kinds.
#[tokio::test]
async fn the_fakes_403_for_app_only_maps_to_wrong_auth_mode() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let post = w.x.post_as(&alice, "Public post.");
    let app = w.app();
    let err = app
        .raw()
        .get(&format!("2/tweets/{post}/liking_users"))
        .send()
        .await
        .unwrap_err();
    let Error::Auth {
        kind: AuthErrorKind::WrongAuthMode { needed },
        api: Some(api),
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(needed, "OAuth 1.0a User Context, OAuth 2.0 User Context");
    assert_eq!(api.status, 403);
    let err = app
        .raw()
        .post("2/tweets")
        .json(&json!({ "text": "app-only" }))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::WrongAuthMode { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        w.count("POST", "/2/tweets").await,
        1,
        "a refused write is not replayed"
    );
}

/// X's OAuth 2.0 client for the fake's token endpoint, built like `auth::oauth2_client` (X's
/// authorize page, X's token-endpoint dialect) but with the fake's URLs and the test's clock.
fn oauth_client(w: &World) -> OAuth2Client {
    let token_url = format!("{}/2/oauth2/token", w.server.uri());
    let config = OAuth2Config::new("my-client-id", &token_url)
        .with_authorize_url(auth::AUTHORIZE_URL)
        .with_revoke_url(format!("{}/2/oauth2/revoke", w.server.uri()))
        .with_redirect_uri("https://app.example.com/callback");
    let transport = Transport::builder(Network::X, token_url)
        .dialect(Arc::new(XOAuth2Dialect))
        .clock(Arc::new(w.clock.clone()))
        .build()
        .unwrap();
    OAuth2Client::with_transport(config, transport).unwrap()
}

// https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code: authorization code
// with PKCE S256 (the fake checks the verifier against the
// challenge of the authorize URL), tokens that expire after 7200 s, and refresh tokens that
// rotate: one refresh once expired, the new pair saved before use, the old refresh token dead
// (and, as X does, reusing it revokes the whole chain). Dead grants are
// `ReauthorizationRequired` although X says `invalid_request`, not `invalid_grant`.
#[tokio::test]
async fn oauth2_pkce_then_a_single_refresh_with_rotation() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let oauth = oauth_client(&w);
    // The production configuration points at X; this one differs only by the fake's URLs.
    let production = format!(
        "{:?}",
        auth::oauth2_config("id", None, "https://a.example/cb")
    );
    assert!(production.contains(auth::TOKEN_URL) && production.contains(auth::AUTHORIZE_URL));

    let request = oauth
        .authorize_url()
        .scopes(Scope::RECOMMENDED.iter().map(|s| s.as_str()))
        .build()
        .unwrap();
    assert_eq!(request.url.host_str(), Some("x.com"));
    let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    let param = |k: &str| {
        query
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(param("code_challenge_method").as_deref(), Some("S256"));
    let scope = param("scope").unwrap();
    assert!(scope.split(' ').any(|s| s == "offline.access"));

    // The consent screen: a code bound to the URL's challenge. A wrong verifier is refused.
    let challenge = param("code_challenge").unwrap();
    let code = w.x.authorization_code(&alice, &challenge, &scope);
    let wrong = oauth
        .exchange_code(&code, Some(PkceVerifier::generate()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            wrong,
            Error::Auth {
                kind: AuthErrorKind::ReauthorizationRequired,
                ..
            }
        ),
        "{wrong:?}"
    );
    let code = w.x.authorization_code(&alice, &challenge, &scope);
    let tokens = oauth
        .exchange_code(&code, request.pkce_verifier)
        .await
        .unwrap();
    let first_refresh = tokens.refresh_token.clone().expect("offline.access");
    assert_eq!(
        tokens.expires_at,
        Some(w.clock.now() + Duration::from_secs(7200))
    );
    assert_eq!(w.x.token_requests(), 2);

    let store = Arc::new(MemoryTokenStore::with_tokens(tokens.clone()));
    let auth = RefreshingAuth::new(oauth.clone(), store.clone(), tokens.clone());
    let client = w.builder().oauth2(auth).build().unwrap();
    let me = client.users().me().send().await.unwrap().data.unwrap();
    assert_eq!(me.username, "alice");
    assert_eq!(w.x.token_requests(), 2, "a fresh token is not refreshed");

    // Two hours later: exactly one refresh, saved before use, then used.
    w.clock.advance(Duration::from_secs(7200 + 1));
    client.users().me().send().await.unwrap();
    client.users().get(&me.id).send().await.unwrap();
    assert_eq!(w.x.token_requests(), 3, "one refresh");
    let saved = store.get().unwrap();
    let second_refresh = saved.refresh_token.clone().unwrap();
    assert_ne!(second_refresh.secret(), first_refresh.secret(), "rotated");
    assert_ne!(saved.access_token.secret(), tokens.access_token.secret());
    let requests = w.server.received_requests().await;
    let last = requests.last().unwrap();
    assert_eq!(
        last.headers["authorization"].to_str().unwrap(),
        format!("Bearer {}", saved.access_token.secret()),
        "the new access token is the one used"
    );

    // The old refresh token is dead at the fake.
    let dead = oauth.refresh(&first_refresh).await.unwrap_err();
    assert!(
        matches!(
            dead,
            Error::Auth {
                kind: AuthErrorKind::ReauthorizationRequired,
                ..
            }
        ),
        "{dead:?}"
    );
    // Reusing it revoked the chain: the client's token is refused (401), its one forced refresh
    // fails too, the grant is dropped and the store cleared: the user must sign in again.
    let err = client.users().me().send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::ReauthorizationRequired,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(store.get().is_none());
    let requests_before = w.server.received_requests().await.len();
    let again = client.users().me().send().await.unwrap_err();
    assert!(matches!(
        again,
        Error::Auth {
            kind: AuthErrorKind::ReauthorizationRequired,
            ..
        }
    ));
    assert_eq!(
        w.server.received_requests().await.len(),
        requests_before,
        "nothing sent"
    );
}

// https://docs.x.com/fundamentals/authentication/oauth-2-0/bearer-tokens: the app-only bearer token
// comes from the client-credentials grant with Basic
// credentials, and is the same on every call.
#[tokio::test]
async fn app_only_token_from_client_credentials() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let url = format!("{}/oauth2/token", w.server.uri());
    let token = auth::app_only_token(
        "consumer-key",
        ClientSecret::new("consumer-secret"),
        Some(&url),
    )
    .await
    .unwrap();
    assert_eq!(token.secret(), w.x.app_token());
    let again = auth::app_only_token(
        "consumer-key",
        ClientSecret::new("consumer-secret"),
        Some(&url),
    )
    .await
    .unwrap();
    assert_eq!(again.secret(), token.secret());
    let app = w.builder().app_token(token).build().unwrap();
    let user = app.users().get(&UserId::new(&alice)).send().await.unwrap();
    assert_eq!(user.data.unwrap().username, "alice");
}

// x-rate-limit-* headers, 15-minute windows (https://docs.x.com/x-api/fundamentals/rate-limits):
// once a window is spent
// the client refuses the next call itself (`RateLimited` with no API body, nothing sent); with
// an opt-in wait it sleeps until the reset and sends; a client that knew nothing learns it from
// X's 429.
#[tokio::test]
async fn a_spent_rate_limit_window_fails_fast_without_sending() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let bob = w.x.add_user("bob", "Bob");
    w.x.set_rate_limit("GET /2/users/:id/following", 2);
    let token = w.x.user_token(&alice);
    let client = w
        .builder()
        .user_token(AccessToken::new(token.clone()))
        .build()
        .unwrap();
    let bob_id = UserId::new(&bob);
    let path = format!("/2/users/{bob}/following");

    client.follows().following(&bob_id).send().await.unwrap();
    client.follows().following(&bob_id).send().await.unwrap();
    let limit = client.rate_limit("GET /2/users/:id/following").unwrap();
    assert_eq!((limit.limit, limit.remaining), (Some(2), Some(0)));
    let err = client
        .follows()
        .following(&bob_id)
        .send()
        .await
        .unwrap_err();
    let Error::RateLimited {
        retry_after: Some(wait),
        bucket: Some(bucket),
        api: None,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(bucket, "GET /2/users/:id/following");
    assert!(
        *wait > Duration::from_secs(800) && *wait <= Duration::from_secs(901),
        "{wait:?}"
    );
    assert_eq!(
        w.count("GET", &path).await,
        2,
        "the third call was not sent"
    );
    // Other endpoints are not blocked.
    client.follows().followers(&bob_id).send().await.unwrap();

    // A second client with the same token knows nothing yet: X's 429 tells it.
    let fresh = w
        .builder()
        .user_token(AccessToken::new(token.clone()))
        .build()
        .unwrap();
    let err = fresh.follows().following(&bob_id).send().await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: Some(_), .. }),
        "{err:?}"
    );
    assert_eq!(w.count("GET", &path).await, 3);

    // Opt-in waiting: the window resets at the fake (its clock moved on); the client sleeps on
    // its own clock until the reset it was told, then sends. The wait counts in the call's total
    // wait, raised to match.
    let patient = w
        .builder()
        .user_token(AccessToken::new(token))
        .max_rate_limit_wait(Duration::from_secs(16 * 60))
        .retry_policy(
            RetryPolicy::default()
                .jitter(Jitter::None)
                .max_total_wait(Duration::from_secs(16 * 60)),
        )
        .build()
        .unwrap();
    let err = patient
        .follows()
        .following(&bob_id)
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: Some(_), .. }),
        "{err:?}"
    );
    w.x.state().lock().advance(15 * 60 + 1);
    let slept = w.clock.slept();
    patient.follows().following(&bob_id).send().await.unwrap();
    assert!(w.clock.slept() > slept, "it waited for the reset");
    assert_eq!(w.count("GET", &path).await, 5);
}

// The core traits through trait objects (lib.rs: "code written against social_core's traits
// serves X", through `XAccount`): Publisher validates offline with every violation at once (X's
// weighted length, https://docs.x.com/fundamentals/counting-characters; 4 media; no
// scheduling in X's API) and publishes; ProfileReader and AudienceReader read `public_metrics`;
// Conversations replies (and searches `conversation_id:`, which the fake does not implement).
#[tokio::test]
async fn the_core_traits_through_trait_objects() {
    let w = World::new().await;
    let alice = w.x.add_user("alice", "Alice");
    let bob = w.x.add_user("bob", "Bob");
    let carol = w.x.add_user("carol", "Carol");
    w.x.follow(&alice, &bob);
    w.x.follow(&carol, &alice);
    w.x.follow(&bob, &alice);
    w.x.post_as(&alice, "An older post.");
    let client = XAccount::new(w.user(&alice));

    let publisher: &dyn Publisher = &client;
    assert_eq!(publisher.network(), Network::X);
    let too_much = (0..5).fold(Post::new("a".repeat(300)), |p, i| {
        p.with_media(MediaRef::new(MediaId::new(format!("{i}"))))
    });
    let too_much = too_much.scheduled_at(chrono::Utc::now() + chrono::Duration::hours(1));
    let err = publisher.validate(&too_much).unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    let found: Vec<(&str, &ViolationKind)> = violations
        .iter()
        .map(|v| (v.field.as_ref(), &v.kind))
        .collect();
    assert_eq!(
        found,
        [
            (
                "text",
                &ViolationKind::TooLong {
                    limit: 280,
                    actual: 300
                }
            ),
            (
                "media",
                &ViolationKind::TooMany {
                    limit: 4,
                    actual: 5
                }
            ),
            ("scheduled_at", &ViolationKind::Unsupported),
        ]
    );
    let err = publisher.publish(&too_much).await.unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert!(
        w.server.received_requests().await.is_empty(),
        "validated offline"
    );

    let draft = Post::new("New article on the 2027 budget").with_link("https://example.com/budget");
    publisher.validate(&draft).unwrap();
    let published = publisher.publish(&draft).await.unwrap();
    assert_eq!(
        w.x.state().lock().post_text(published.id.as_str()),
        Some("New article on the 2027 budget https://example.com/budget")
    );
    assert_eq!(
        published.url.as_deref(),
        Some(format!("https://x.com/i/web/status/{}", published.id).as_str())
    );

    let profiles: &dyn ProfileReader = &client;
    let me = profiles.me().await.unwrap();
    assert_eq!(
        (me.id.as_str(), me.handle.as_deref()),
        (alice.as_str(), Some("alice"))
    );
    assert_eq!(me.url.as_deref(), Some("https://x.com/alice"));
    let other = profiles.profile(&UserId::new(&bob)).await.unwrap();
    assert_eq!(other.name, "Bob");
    let missing = profiles.profile(&UserId::new("42")).await.unwrap_err();
    assert!(matches!(missing, Error::NotFound { .. }), "{missing:?}");

    let audience: &dyn AudienceReader = &client;
    let counts = audience.audience().await.unwrap();
    assert_eq!(counts.account.as_str(), alice);
    assert_eq!(
        (counts.followers, counts.following, counts.posts),
        (Some(2), Some(1), Some(2))
    );

    let conversations: &dyn Conversations = &client;
    let root = published.id.clone();
    let first = conversations
        .reply(&root, None, "First comment")
        .await
        .unwrap();
    assert_eq!(
        (first.post.clone(), first.parent.clone()),
        (root.clone(), None)
    );
    let nested = conversations
        .reply(&root, Some(&first.id), "A reply to the comment")
        .await
        .unwrap();
    assert_eq!(nested.parent, Some(first.id.clone()));
    let body = w
        .read(&format!(
            "/2/tweets?ids={},{}&tweet.fields=referenced_tweets,conversation_id",
            first.id, nested.id
        ))
        .await;
    assert_eq!(body["data"][0]["referenced_tweets"][0]["id"], root.as_str());
    assert_eq!(
        body["data"][1]["referenced_tweets"][0]["id"],
        first.id.as_str()
    );
    assert!(
        body["data"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["conversation_id"] == root.as_str())
    );

    // Comments are a recent search on `conversation_id:` (X's documented way to find the
    // replies of a post); the post itself also matches and is left out.
    let page = conversations.comments(&root, None).await.unwrap();
    assert!(page.items.iter().all(|c| c.post == root));
    let mut ids: Vec<_> = page
        .items
        .iter()
        .map(|c| c.id.as_str().to_string())
        .collect();
    ids.sort();
    let mut expected = vec![
        first.id.as_str().to_string(),
        nested.id.as_str().to_string(),
    ];
    expected.sort();
    assert_eq!(ids, expected);
    let nested_comment = page.items.iter().find(|c| c.id == nested.id).unwrap();
    assert_eq!(nested_comment.parent, Some(first.id.clone()));
    assert!(
        nested_comment.author.is_some(),
        "authors come from the expansion"
    );
    let searches: Vec<String> = w
        .server
        .received_requests()
        .await
        .iter()
        .filter(|r| r.url.path() == "/2/tweets/search/recent")
        .filter_map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "query")
                .map(|(_, v)| v.into_owned())
        })
        .collect();
    assert_eq!(searches, [format!("conversation_id:{root}")]);

    publisher.delete(&published.id).await.unwrap();
    assert_eq!(w.x.state().lock().post_text(published.id.as_str()), None);
}

// social_core::discover over X's `FollowGraph` (following lists, up to 1,000 per page:
// `max_results` of `/2/users/{id}/following` in https://api.x.com/2/openapi.json): three seeds following overlapping accounts; the user, the accounts already followed and
// the seeds are left out; candidates are ranked by degree-damped co-follow and explained with the
// seeds' handles (read from the user's own following).
#[tokio::test]
async fn who_to_follow_ranks_and_explains_on_a_small_graph() {
    let w = World::new().await;
    let me = w.x.add_user("me", "Me");
    let [ana, ben, cy] = ["ana", "ben", "cy"].map(|name| w.x.add_user(name, &name.to_uppercase()));
    let [rust, serde, tokio, hyper, axum, clippy] =
        ["rustlang", "serde", "tokio", "hyper", "axum", "clippy"]
            .map(|name| w.x.add_user(name, name));
    for followed in [&ana, &ben, &cy, &clippy] {
        w.x.follow(&me, followed);
    }
    // ana follows 5 accounts (one a seed, one already followed), ben 3, cy 2.
    for target in [&rust, &serde, &tokio, &clippy, &ben] {
        w.x.follow(&ana, target);
    }
    for target in [&rust, &serde, &hyper] {
        w.x.follow(&ben, target);
    }
    for target in [&rust, &axum] {
        w.x.follow(&cy, target);
    }
    let client = XAccount::new(w.user(&me));
    let graph: &dyn FollowGraph = &client;
    let seeds = [ana.as_str(), ben.as_str(), cy.as_str()].map(UserId::new);

    let found = who_to_follow(
        graph,
        &UserId::new(&me),
        &seeds,
        &DiscoverOptions::default(),
    )
    .await
    .unwrap();

    assert!(found.is_complete());
    assert_eq!(found.requests_made, 4, "one page for me, one per seed");
    let ranked: Vec<&str> = found
        .suggestions
        .iter()
        .map(|s| s.account.as_str())
        .collect();
    assert_eq!(
        ranked,
        [&rust, &serde, &axum, &hyper, &tokio].map(String::as_str)
    );
    let w_of = |d| Weighting::LogDamped.weight(d);
    let scores: Vec<f64> = found.suggestions.iter().map(|s| s.score).collect();
    let expected = [
        w_of(5) + w_of(3) + w_of(2),
        w_of(5) + w_of(3),
        w_of(2),
        w_of(3),
        w_of(5),
    ];
    for (got, want) in scores.iter().zip(expected) {
        assert!((got - want).abs() < 1e-12, "{scores:?} vs {expected:?}");
    }
    let explained: Vec<String> = found.suggestions.iter().map(|s| found.explain(s)).collect();
    assert_eq!(
        explained,
        [
            "followed by @cy, @ben and @ana",
            "followed by @ben and @ana",
            "followed by @cy",
            "followed by @ben",
            "followed by @ana",
        ]
    );
    // Without the graph, a suggestion names the seeds by id.
    assert_eq!(
        found.suggestions[0].to_string(),
        format!("@rustlang: followed by {cy}, {ben} and {ana}")
    );
    // Every listing asked for 1,000 accounts per page, the most X gives.
    let requests = w.server.received_requests().await;
    assert!(
        requests
            .iter()
            .filter(|r| r.url.path().ends_with("/following"))
            .all(|r| r
                .url
                .query_pairs()
                .any(|(k, v)| k == "max_results" && v == "1000"))
    );
}
