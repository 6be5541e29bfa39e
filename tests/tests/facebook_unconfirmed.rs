//! Issue 8, case 7 end to end on Facebook, through `FacebookClient` against the stateful Graph
//! fake with injected faults: a multi-photo post whose final create fails (a 5xx) or never
//! answers (a timeout) is `Unconfirmed` with the uploaded photo ids in `created`, nothing is
//! posted twice, and reconciling answers `NotFound` (nothing was published: send again, reusing
//! the photos) or `Found` (it was published: do not send again).
//!
//! The fake's clock is frozen at the instant the test starts and the clients run on a
//! `ManualClock` reading the same second, so the reconciling window (the attempt minus
//! `CLOCK_SKEW`) is the fake's own. The timeout case waits for the client's 2 s timeout in real
//! time (the fake holds its answer for two minutes; the test does not wait for it): the only way
//! to lose an answer after the fake acted. 2 s leaves the uploads before it ample time on a
//! loaded machine.

use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use serde_json::json;
use social_core::auth::{AccessToken, AppSecret};
use social_core::clock::{Clock, ManualClock};
use social_core::http::{Jitter, RetryPolicy};
use social_core::reconcile::{Created, Reconciled};
use social_core::{Error, MediaId, Post, PostId, Reconcile, TransportErrorKind};
use social_facebook::FacebookClient;
use social_facebook::adapter::FacebookPage;
use social_facebook::models::PageId;
use social_facebook::posts::PhotoSource;
use social_testkit::facebook::{
    DEMO_APP_ID, DEMO_APP_SECRET, DEMO_PAGE_ID, DEMO_PAGE_TOKEN, GraphFake,
};
use social_testkit::{FakeServer, Fault};

const MESSAGE: &str = "Nos nouveaux bureaux ouvrent lundi";
const PHOTO_A: &str = "https://example.com/office-1.jpg";
const PHOTO_B: &str = "https://example.com/office-2.jpg";

/// The demo Graph fake on a local server, its clock frozen, and a client clock on the same second.
struct World {
    fake: GraphFake,
    server: FakeServer,
    clock: ManualClock,
}

impl World {
    async fn new() -> World {
        let fake = GraphFake::demo();
        let now = fake.state().with(|s| {
            let now = s.now();
            s.set_now(now);
            now
        });
        let server = FakeServer::start(()).await;
        server.mount("", &fake).await;
        let clock = ManualClock::new(UNIX_EPOCH + Duration::from_secs(u64::try_from(now).unwrap()));
        World {
            fake,
            server,
            clock,
        }
    }

    /// The demo Page as the core traits see it, signed with its Page token and the app secret.
    fn page(&self, timeout: Option<Duration>) -> FacebookPage {
        let mut b = FacebookClient::builder()
            .base_url(self.server.uri())
            .app_id(DEMO_APP_ID)
            .app_secret(AppSecret::new(DEMO_APP_SECRET))
            .access_token(AccessToken::new(DEMO_PAGE_TOKEN))
            .retry_policy(
                RetryPolicy::default()
                    .jitter(Jitter::None)
                    .max_attempts(3)
                    .base_delay(Duration::from_millis(10)),
            )
            .clock(Arc::new(self.clock.clone()));
        if let Some(t) = timeout {
            b = b.timeout(t);
        }
        FacebookPage::new(b.build().unwrap(), PageId::new(DEMO_PAGE_ID))
    }

    fn feed_path() -> String {
        format!("/v26.0/{DEMO_PAGE_ID}/feed")
    }

    async fn creates_sent(&self) -> usize {
        self.server
            .received_requests()
            .await
            .iter()
            .filter(|r| r.method.as_str() == "POST" && r.url.path() == Self::feed_path())
            .count()
    }

    /// The Page's posts carrying `MESSAGE`, in the fake's own state.
    fn posts_with_message(&self) -> Vec<String> {
        self.fake.state().with(|s| {
            s.posts(DEMO_PAGE_ID)
                .into_iter()
                .filter(|id| s.post_message(id) == Some(MESSAGE))
                .collect()
        })
    }

    fn photos(&self) -> Vec<String> {
        self.fake.state().with(|s| s.photos(DEMO_PAGE_ID))
    }
}

/// The photo ids an `Unconfirmed` error lists, in upload order.
fn media(err: &Error) -> Vec<MediaId> {
    err.created()
        .iter()
        .map(|c| {
            assert_eq!(
                *c,
                Created::media(c.id.clone()),
                "only photos are created on the way"
            );
            MediaId::new(c.id.clone())
        })
        .collect()
}

// The final create answers a Graph 500: nothing was published. The error keeps both photos;
// reconciling reads every post since the attempt and answers NotFound; the second try attaches
// the same photos (no new upload) and is then found, once.
#[tokio::test]
async fn case7_a_multi_photo_post_failing_with_a_5xx_is_reconciled_not_found_then_sent_once() {
    let world = World::new().await;
    let page = world.page(None);
    let photos_before = world.photos().len();
    world.server.inject_on(
        "POST",
        World::feed_path(),
        Fault::json(
            500,
            &json!({"error": {
                "message": "An unexpected error has occurred. Please retry your request later.",
                "type": "OAuthException",
                "code": 2,
                "is_transient": true,
                "fbtrace_id": "AbCdEf"
            }}),
        ),
        1,
    );
    let attempted_at = world.clock.now().into();
    let err = page
        .client()
        .posts()
        .create(page.page_id())
        .message(MESSAGE)
        .photo(PhotoSource::Url(PHOTO_A.into()))
        .photo(PhotoSource::Url(PHOTO_B.into()))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert!(!err.is_retryable(), "reconcile first: {err:?}");
    let photos = media(&err);
    assert_eq!(photos.len(), 2);
    let uploaded = world.photos();
    assert_eq!(uploaded.len(), photos_before + 2);
    for p in &photos {
        assert!(
            uploaded.contains(&p.as_str().to_string()),
            "{p} is the fake's"
        );
        let published = world
            .fake
            .state()
            .with(|s| s.is_photo_published(p.as_str()));
        assert_eq!(published, Some(false), "uploaded unpublished");
    }
    assert_eq!(
        world.creates_sent().await,
        1,
        "the create is never sent twice"
    );
    assert!(world.posts_with_message().is_empty());

    let draft = Post::new(MESSAGE);
    assert_eq!(
        page.reconcile(&draft, attempted_at).await.unwrap(),
        Reconciled::NotFound
    );

    // The one safe retry: NotFound, so send again, attaching the photos already uploaded.
    let mut again = page
        .client()
        .posts()
        .create(page.page_id())
        .message(MESSAGE);
    for p in photos.clone() {
        again = again.attach(p);
    }
    let posted = again.send().await.unwrap();
    assert_eq!(
        world.photos().len(),
        photos_before + 2,
        "no photo uploaded twice"
    );
    let ours = world.posts_with_message();
    assert_eq!(
        ours,
        [posted.id.as_str().to_string()],
        "published exactly once"
    );
    let attached = world
        .fake
        .state()
        .with(|s| s.post_photos(posted.id.as_str()));
    assert_eq!(
        attached,
        photos
            .iter()
            .map(|p| p.as_str().to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        page.reconcile(&draft, attempted_at).await.unwrap(),
        Reconciled::Found(posted.id)
    );
}

// The final create reaches the fake, which publishes the post, but the answer never comes back
// in time: Unconfirmed (a timeout, not retried) with both photos; reconciling finds the post,
// so it is not sent again.
#[tokio::test]
async fn case7_a_multi_photo_post_timing_out_is_reconciled_found() {
    let world = World::new().await;
    let page = world.page(Some(Duration::from_secs(2)));
    world.server.inject_on(
        "POST",
        World::feed_path(),
        Fault::Delay(Duration::from_secs(120)),
        1,
    );
    let attempted_at = world.clock.now().into();
    let err = page
        .client()
        .posts()
        .create(page.page_id())
        .message(MESSAGE)
        .photo(PhotoSource::Url(PHOTO_A.into()))
        .photo(PhotoSource::Url(PHOTO_B.into()))
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { cause, .. } = &err else {
        panic!("expected Unconfirmed, got {err:?}");
    };
    assert!(
        matches!(
            **cause,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{cause:?}"
    );
    let photos = media(&err);
    assert_eq!(photos.len(), 2);
    assert_eq!(
        world.creates_sent().await,
        1,
        "a timed-out create is not replayed"
    );
    let ours = world.posts_with_message();
    assert_eq!(
        ours.len(),
        1,
        "the fake published it before the answer was lost"
    );
    let attached = world.fake.state().with(|s| s.post_photos(&ours[0]));
    assert_eq!(
        attached,
        photos
            .iter()
            .map(|p| p.as_str().to_string())
            .collect::<Vec<_>>()
    );

    assert_eq!(
        page.reconcile(&Post::new(MESSAGE), attempted_at)
            .await
            .unwrap(),
        Reconciled::Found(PostId::new(ours[0].clone()))
    );
    assert_eq!(world.creates_sent().await, 1);
}
