//! Writes whose outcome is unknown on X, end to end through `TwitterClient` and `XAccount` against the
//! stateful X fake (issue 8 cases 6 and 7): a create answered 2xx without the new post, a thread
//! whose second part times out, a post with media whose create times out; each ends
//! `Error::Unconfirmed` with what was created on the way, and reconciling then says whether
//! the post exists (`Found`) or may be sent again (`NotFound`).
//!
//! Timeouts are real (a client timeout of 1 s against an answer delayed 3 s): reqwest's timer
//! cannot run on the injected clock. Retry waits do run on it (`ManualClock`).

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::json;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::reconcile::{Created, Reconciled};
use social_core::{Error, MediaRef, Post, PostId, Publisher, Reconcile, TransportErrorKind};
use social_testkit::x::XFake;
use social_testkit::{FakeServer, Fault};
use social_twitter::{Listing, TwitterClient, XAccount};
use wiremock::matchers::{body_string_contains, method, path};
use wiremock::{Mock, ResponseTemplate};

/// The client timeout of the tests whose answer comes too late.
const TIMEOUT: Duration = Duration::from_secs(1);
/// How late that answer comes.
const LATE: Duration = Duration::from_secs(3);

/// The X fake with one user, Alice, and her token.
struct World {
    x: XFake,
    alice: String,
    server: FakeServer,
    token: String,
}

impl World {
    async fn new() -> Self {
        let x = XFake::default();
        let server = FakeServer::start(()).await;
        server.mount("", &x).await;
        let alice = x.add_user("alice", "Alice");
        let token = x.user_token(&alice);
        World {
            x,
            alice,
            server,
            token,
        }
    }

    fn client(&self, timeout: Option<Duration>) -> TwitterClient {
        let mut builder = TwitterClient::builder()
            .base_url(self.server.uri())
            .retry_policy(RetryPolicy::default().jitter(Jitter::None))
            .clock(Arc::new(ManualClock::starting_now()))
            .user_token(AccessToken::new(self.token.clone()));
        if let Some(t) = timeout {
            builder = builder.timeout(t);
        }
        builder.build().unwrap()
    }
}

fn unconfirmed(err: &Error) -> &Error {
    match err {
        Error::Unconfirmed { cause, .. } => cause,
        other => panic!("expected Unconfirmed, got {other:?}"),
    }
}

// Case 6: X answers the create with a 2xx that has no `data` (only `errors`). It may have
// published the post: the outcome is unknown. Reconciling reads the whole timeline, finds
// nothing, and only then is the post sent again, once.
#[tokio::test]
async fn case6_create_answered_2xx_without_data_is_unconfirmed_then_not_found() {
    let w = World::new().await;
    let x = w.client(None);
    let account = XAccount::new(x.clone());
    w.server.inject_on(
        "POST",
        "/2/tweets",
        Fault::json(
            200,
            &json!({"errors": [{"title": "Service Unavailable", "detail": "Something went wrong.", "type": "about:blank"}]}),
        ),
        1,
    );
    let draft = Post::new("Our office is closed on Friday.");
    let attempted_at = Utc::now();
    let err = account.publish(&draft).await.unwrap_err();
    assert!(matches!(unconfirmed(&err), Error::Decode { .. }), "{err:?}");
    assert!(!err.is_retryable());

    assert_eq!(
        account.reconcile(&draft, attempted_at).await.unwrap(),
        Reconciled::NotFound
    );
    let published = account.publish(&draft).await.unwrap();
    assert_eq!(
        account.reconcile(&draft, attempted_at).await.unwrap(),
        Reconciled::Found(published.id)
    );
}

// Case 6 and 7: the second part of a thread times out. The thread stops there; the part is
// reported unconfirmed (not as safe to send again), with the first part, already published, in
// the error's `created`. X never got to store it, so reconciling says NotFound.
#[tokio::test]
async fn case6_thread_whose_second_part_times_out_is_unconfirmed_with_the_first_part() {
    let w = World::new().await;
    // Answered too late, before the fake's route stores anything.
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .and(body_string_contains("2/3"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(
                    json!({"data": {"id": "1", "text": "2/3", "edit_history_tweet_ids": ["1"]}}),
                )
                .set_delay(LATE),
        )
        .mount(w.server.mock_server())
        .await;
    let x = w.client(Some(TIMEOUT));
    let attempted_at = Utc::now();
    let outcome = x
        .tweets()
        .thread([
            "1/3 What changes in 2027.",
            "2/3 Forms go online.",
            "3/3 Ask us anything.",
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(outcome.published.len(), 1);
    let first = outcome.published[0].id.clone();
    let failed = outcome.failed.as_ref().expect("the second part failed");
    assert_eq!(failed.index, 1);
    assert!(failed.outcome_unknown());
    assert!(
        matches!(
            unconfirmed(&failed.error),
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{:?}",
        failed.error
    );
    assert_eq!(failed.error.created(), [Created::post(first.as_str())]);
    assert_eq!(outcome.unsent, ["3/3 Ask us anything."]);

    let part = Post::new("2/3 Forms go online.").in_reply_to(first);
    assert_eq!(
        XAccount::new(x)
            .reconcile(&part, attempted_at)
            .await
            .unwrap(),
        Reconciled::NotFound
    );
}

// Case 7: a post with media (and a link) whose create times out after X stored it. The error
// keeps the media id, and reconciling finds the post although X serves its text with `t.co`
// links (one for the link, one appended for the media).
#[tokio::test]
async fn case7_post_with_media_whose_create_times_out_keeps_the_media_and_is_found() {
    let w = World::new().await;
    let x = w.client(None);
    let account = XAccount::new(x.clone());
    let png = vec![0x89u8, b'P', b'N', b'G', 13, 10, 26, 10];
    let media = x.media().upload(png, "image/png").send().await.unwrap();

    w.server
        .inject_on("POST", "/2/tweets", Fault::Delay(LATE), 1);
    let slow = w.client(Some(TIMEOUT));
    let draft = Post::new("Our year in one chart: https://example.com/report-2026")
        .with_media(MediaRef::new(media.id.clone()));
    let attempted_at = Utc::now();
    let err = XAccount::new(slow).publish(&draft).await.unwrap_err();
    assert!(
        matches!(
            unconfirmed(&err),
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.created(), [Created::media(media.id.as_str())]);

    // X stored it: its text as served has no trace of the link as written.
    let me = x.me_id().await.unwrap();
    let timeline = x.timelines().user_tweets(&me).send().await.unwrap();
    let stored = &timeline.items[0];
    assert!(!stored.text.contains("example.com"), "{}", stored.text);
    assert_eq!(
        stored.text.matches("https://t.co/").count(),
        2,
        "{}",
        stored.text
    );

    assert_eq!(
        account.reconcile(&draft, attempted_at).await.unwrap(),
        Reconciled::Found(PostId::new(stored.id.as_str()))
    );
    // Another text (the same words, another link) is not taken for it.
    let other = Post::new("Our year in one chart: https://example.com/report-2025")
        .with_media(MediaRef::new(media.id));
    assert_eq!(
        account.reconcile(&other, attempted_at).await.unwrap(),
        Reconciled::NotFound
    );
}

// Case 7: X's user timeline reaches only the 3,200 most recent posts. With more than that
// posted since the attempt, the walk ends without reaching the window's start: the answer is
// Unknown, never NotFound.
#[tokio::test]
async fn case7_reconcile_is_unknown_beyond_the_timelines_3200_posts() {
    let w = World::new().await;
    {
        let state = w.x.state();
        let mut state = state.lock();
        for i in 0..3_250 {
            state.post_as(&w.alice, &format!("Update {i}"));
        }
    }
    let x = w.client(None);
    let account = XAccount::new(x.clone());
    let answer = account
        .reconcile(&Post::new("Update 0"), Utc::now())
        .await
        .unwrap();
    let Reconciled::Unknown { reason } = answer else {
        panic!("the oldest posts are out of reach: {answer:?}");
    };
    assert!(reason.contains("3200"), "{reason}");
    // The same draft among the reachable posts is found.
    assert_eq!(
        account
            .reconcile(&Post::new("Update 3249"), Utc::now())
            .await
            .unwrap(),
        Reconciled::Found(PostId::new(
            x.timelines()
                .user_tweets(&x.me_id().await.unwrap())
                .page_size(5)
                .send()
                .await
                .unwrap()
                .items[0]
                .id
                .as_str()
        ))
    );
}
