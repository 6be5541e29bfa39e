//! The Graph client end to end against the stateful Graph fake (`social_testkit::facebook`), not
//! against canned wiremock answers: what one call writes, the next one reads, as a professional
//! running an official Page does it (sign in, publish, answer clients, read the audience).
//!
//! The fake speaks Graph's documented wire format with `serde_json` values only, independently of
//! this crate's models, so these tests prove the two agree. Every test checks what it did twice:
//! through the client, and in the fake's own state (`GraphState` inspection helpers), so a model
//! bug cannot hide on both sides.
//!
//! Both clocks are pinned: the fake's is frozen at the instant the test starts and the clients run
//! on a `ManualClock` reading the same second (never tokio's paused clock, which is flaky with
//! real sockets), so schedules, token lifetimes and rate-limit windows agree to the second.

use social_testkit::logs::capture_logs;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::{Duration, UNIX_EPOCH};

use bytes::Bytes;
use chrono::{DateTime, TimeDelta, Utc};
use futures_util::TryStreamExt;
use serde_json::{Value, json};
use social_core::auth::{AccessToken, AppSecret};
use social_core::clock::{Clock, ManualClock};
use social_core::http::{Jitter, RetryPolicy};
use social_core::{
    AudienceReader, AuthErrorKind, CommentId, Conversations, Error, PageLimits, Post, PostId,
    ProfileReader, Publisher, ViolationKind,
};
use social_facebook::Listing;
use social_facebook::adapter::FacebookPage;
use social_facebook::auth::permissions;
use social_facebook::batch::{BatchItem, BatchMethod, BatchRequest, RelativeUrl};
use social_facebook::comments::CommentFilter;
use social_facebook::insights::metrics;
use social_facebook::models::{
    Page, PageId, PageTask, Period, PermissionStatus, PostField, ReactionType,
};
use social_facebook::posts::PhotoSource;
use social_facebook::{FacebookClient, FacebookClientBuilder};
use social_testkit::facebook::{
    DEFAULT_PERMISSIONS, DEMO_APP_ID, DEMO_APP_SECRET, DEMO_CODE, DEMO_PAGE_ID, DEMO_PAGE_NAME,
    DEMO_PAGE_TOKEN, DEMO_POST_ID, DEMO_QUESTION_COMMENT_ID, DEMO_REDIRECT_URI, DEMO_USER_ID,
    DEMO_USER_TOKEN, GraphFake, GraphState, appsecret_proof,
};
use social_testkit::{FakeServer, Shared};
use wiremock::Request;

/// The version the clients ask for (the crate's default).
const VERSION: &str = "v26.0";

/// The demo Graph fake mounted at the root of a local server, with its clock frozen, and the
/// manual clock every client of the test runs on (retries never really sleep).
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
        let start = UNIX_EPOCH + Duration::from_secs(u64::try_from(now).unwrap());
        World {
            fake,
            server,
            clock: ManualClock::new(start),
        }
    }

    /// A builder on the fake with the app id, a fast retry policy without jitter and the manual
    /// clock; no app secret and no token.
    fn builder(&self) -> FacebookClientBuilder {
        FacebookClient::builder()
            .base_url(self.server.uri())
            .app_id(DEMO_APP_ID)
            .retry_policy(
                RetryPolicy::default()
                    .jitter(Jitter::None)
                    .max_attempts(3)
                    .base_delay(Duration::from_millis(10))
                    .max_delay(Duration::from_millis(100))
                    .max_retry_after(Duration::from_secs(30))
                    .max_total_wait(Duration::from_secs(60)),
            )
            .clock(Arc::new(self.clock.clone()))
    }

    /// The app alone (app id and secret, no token): login URL, token exchanges, `debug_token`.
    fn app(&self) -> FacebookClient {
        self.builder()
            .app_secret(AppSecret::new(DEMO_APP_SECRET))
            .build()
            .unwrap()
    }

    /// A client signed with `token` and the app secret (so every call carries the proof).
    fn signed(&self, token: &str) -> FacebookClient {
        self.builder()
            .app_secret(AppSecret::new(DEMO_APP_SECRET))
            .access_token(AccessToken::new(token))
            .build()
            .unwrap()
    }

    /// Camille acting as the demo Page (its Page token).
    fn page(&self) -> FacebookClient {
        self.signed(DEMO_PAGE_TOKEN)
    }

    /// Camille as a person (her long-lived user token).
    fn user(&self) -> FacebookClient {
        self.signed(DEMO_USER_TOKEN)
    }

    /// The fake's state, to arrange or inspect (never held across an `.await`).
    fn state(&self) -> Shared<GraphState> {
        self.fake.state()
    }

    /// How many requests reached `route` (`"POST /200000000000001/feed"`), by the fake's count.
    fn calls(&self, route: &str) -> u64 {
        self.state().lock().calls(route)
    }

    /// The client's clock as a date.
    fn now(&self) -> DateTime<Utc> {
        self.clock.now().into()
    }

    /// Every request the server received with `method` on `path` (below the version).
    async fn received(&self, method: &str, path: &str) -> Vec<Request> {
        let full = format!("/{VERSION}{path}");
        self.server
            .received_requests()
            .await
            .into_iter()
            .filter(|r| r.method.as_str() == method && r.url.path() == full)
            .collect()
    }
}

fn pid() -> PageId {
    PageId::new(DEMO_PAGE_ID)
}

/// The one value of query parameter `key` (fails the test if it is missing or repeated).
fn query_one(req: &Request, key: &str) -> String {
    let values: Vec<String> = req
        .url
        .query_pairs()
        .filter(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
        .collect();
    assert_eq!(values.len(), 1, "`{key}` sent {} times", values.len());
    values.into_iter().next().unwrap()
}

/// Midnight UTC of the day `t` falls in, in Unix seconds.
fn day_start(t: DateTime<Utc>) -> i64 {
    t.timestamp().div_euclid(86_400) * 86_400
}

// ----- 1. signing in --------------------------------------------------------------------------

// <https://developers.facebook.com/docs/facebook-login/guides/access-tokens>: login dialog → code
// → short-lived user token → long-lived user token → Page
// tokens from `/me/accounts` that never expire; `/me/permissions` checked after login.
#[tokio::test]
async fn sign_in_chain_ends_with_a_page_token_that_never_expires() {
    let w = World::new().await;
    let app = w.app();

    let login = app
        .tokens()
        .login_url(DEMO_REDIRECT_URI)
        .scopes([
            permissions::PAGES_SHOW_LIST,
            permissions::PAGES_READ_ENGAGEMENT,
            permissions::PAGES_MANAGE_POSTS,
        ])
        .build()
        .unwrap();
    assert_eq!(login.url.host_str(), Some("www.facebook.com"));
    assert_eq!(login.url.path(), format!("/{VERSION}/dialog/oauth"));
    let pairs: Vec<(String, String)> = login.url.query_pairs().into_owned().collect();
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    assert_eq!(get("client_id"), Some(DEMO_APP_ID));
    assert_eq!(get("redirect_uri"), Some(DEMO_REDIRECT_URI));
    assert_eq!(get("response_type"), Some("code"));
    assert_eq!(
        get("scope"),
        Some("pages_show_list,pages_read_engagement,pages_manage_posts")
    );
    assert_eq!(get("state"), Some(login.state.as_str()));
    assert!(
        login.state.len() >= 32,
        "a guessable state: {}",
        login.state
    );

    // The user came back with the demo code.
    let issued = w.clock.now();
    let short = app
        .tokens()
        .exchange_code(DEMO_CODE, DEMO_REDIRECT_URI)
        .await
        .unwrap();
    assert_eq!(short.expires_at, Some(issued + Duration::from_secs(5_400)));
    let long = app
        .tokens()
        .exchange_for_long_lived(&short.access_token)
        .await
        .unwrap();
    assert_ne!(long.access_token.secret(), short.access_token.secret());
    assert_eq!(
        long.expires_at,
        Some(issued + Duration::from_secs(5_183_944))
    );
    assert_eq!(w.calls("GET /oauth/access_token"), 2);

    let user = app.with_token(long.access_token.clone());
    assert_eq!(user.me().await.unwrap().id, DEMO_USER_ID);
    let user_info = app.tokens().debug_token(&long.access_token).await.unwrap();
    assert!(user_info.is_valid && !user_info.never_expires());
    assert_eq!(user_info.kind.as_deref(), Some("USER"));
    assert_eq!(user_info.expires_at, long.expires_at);

    let accounts = user
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<&str> = accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [DEMO_PAGE_ID],
        "the business's Page is not listed here"
    );
    let account = &accounts[0];
    assert_eq!(account.name.as_deref(), Some(DEMO_PAGE_NAME));
    assert!(account.can(&PageTask::CreateContent) && account.can(&PageTask::Moderate));
    let page_token = account.access_token.clone().expect("a Page token");
    // Read through a long-lived user token: the role's own token, which never expires.
    assert_eq!(
        Some(page_token.secret().to_string()),
        w.state().lock().page_token(DEMO_USER_ID, DEMO_PAGE_ID)
    );

    let info = app.tokens().debug_token(&page_token).await.unwrap();
    assert!(info.is_valid);
    assert!(info.never_expires(), "{info:?}");
    assert_eq!(info.expires_at, None);
    assert_eq!(info.kind.as_deref(), Some("PAGE"));
    assert_eq!(info.profile_id.as_deref(), Some(DEMO_PAGE_ID));
    assert_eq!(info.user_id.as_deref(), Some(DEMO_USER_ID));
    assert_eq!(info.app_id.as_deref(), Some(DEMO_APP_ID));
    assert!(info.has_scope(permissions::PAGES_MANAGE_POSTS));

    let granted = user.tokens().permissions().await.unwrap();
    let names: Vec<&str> = granted.iter().map(|p| p.permission.as_str()).collect();
    assert_eq!(names, DEFAULT_PERMISSIONS);
    assert!(granted.iter().all(PermissionStatus::is_granted));

    // The Page token works as the Page.
    let page = user.for_page(account).unwrap();
    let profile = page.pages().get(&pid()).send().await.unwrap();
    assert_eq!(profile.name.as_deref(), Some(DEMO_PAGE_NAME));
}

// <https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow>: a code
// exchanged with another redirect_uri than the dialog's gets the legacy
// flat error shape; it is an auth error that says what is wrong and never quotes the secret.
#[tokio::test]
async fn a_code_exchange_with_another_redirect_uri_is_an_auth_error_without_the_secret() {
    let w = World::new().await;
    let err = w
        .app()
        .tokens()
        .exchange_code(DEMO_CODE, "http://127.0.0.1:8765/other-callback")
        .await
        .unwrap_err();
    let Error::Auth {
        kind, message, api, ..
    } = &err
    else {
        panic!("expected Error::Auth, got {err:?}");
    };
    assert_eq!(*kind, AuthErrorKind::Unauthorized);
    assert!(message.contains("redirect_uri"), "{message}");
    assert_eq!(api.as_ref().map(|a| a.status), Some(400));
    assert_eq!(
        api.as_ref().and_then(|a| a.kind.as_deref()),
        Some("OAuthException")
    );
    let shown = format!("{err} / {err:?}");
    assert!(!shown.contains(DEMO_APP_SECRET), "{shown}");
    assert!(!shown.contains(DEMO_CODE), "{shown}");
    // A code is never replayed, even on a GET.
    assert_eq!(w.calls("GET /oauth/access_token"), 1);
}

// ----- 2. appsecret_proof ---------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/securing-requests>: with "Require App Secret" on
// (as in the demo), a call without the proof is
// refused with code 100; with the app secret every call — following `next` links included —
// carries the proof, which Graph's own `next` links leave out.
#[tokio::test]
async fn appsecret_proof_is_required_and_re_added_to_every_next_page() {
    let w = World::new().await;
    // On in the demo already; said again so the test does not depend on the seed.
    w.state().lock().set_require_appsecret_proof(true);

    // No app secret: Graph refuses, and says why.
    let bare = w
        .builder()
        .access_token(AccessToken::new(DEMO_PAGE_TOKEN))
        .build()
        .unwrap();
    let err = bare.pages().get(&pid()).send().await.unwrap_err();
    assert!(matches!(err, Error::Api(_)), "{err:?}");
    let api = err.api_error().unwrap();
    assert_eq!((api.status, api.code), (400, Some(100)));
    assert!(err.to_string().contains("appsecret_proof"), "{err}");
    assert!(!err.to_string().contains(DEMO_PAGE_TOKEN));
    assert!(!err.is_retryable());
    assert_eq!(w.calls(&format!("GET /{DEMO_PAGE_ID}")), 1, "not retried");

    // The wrong secret: refused too.
    let wrong = w
        .builder()
        .app_secret(AppSecret::new("not-the-app-secret"))
        .access_token(AccessToken::new(DEMO_PAGE_TOKEN))
        .build()
        .unwrap();
    let err = wrong.pages().get(&pid()).send().await.unwrap_err();
    assert_eq!(err.api_error().and_then(|a| a.code), Some(100));
    assert!(err.to_string().contains("Invalid appsecret_proof"), "{err}");

    // With the secret: it works.
    let page = w.page();
    let profile = page.pages().get(&pid()).send().await.unwrap();
    assert_eq!(profile.fan_count, Some(1_284));

    // Graph's `next` link carries the token but not the proof: followed as is, it is refused.
    let proof = appsecret_proof(DEMO_APP_SECRET, DEMO_PAGE_TOKEN);
    let http = reqwest::Client::new();
    let first_url = url::Url::parse_with_params(
        &format!("{}/{VERSION}/{DEMO_PAGE_ID}/feed", w.server.uri()),
        [
            ("limit", "1"),
            ("access_token", DEMO_PAGE_TOKEN),
            ("appsecret_proof", proof.as_str()),
        ],
    )
    .unwrap();
    let first = http.get(first_url).send().await.unwrap();
    assert_eq!(first.status(), 200);
    let first: Value = serde_json::from_str(&first.text().await.unwrap()).unwrap();
    let next = first["paging"]["next"].as_str().expect("a next link");
    assert!(next.contains("access_token=") && !next.contains("appsecret_proof"));
    let as_is = http.get(next).send().await.unwrap();
    assert_eq!(as_is.status(), 400);
    let refused: Value = serde_json::from_str(&as_is.text().await.unwrap()).unwrap();
    assert_eq!(refused["error"]["code"], 100);

    // The client walks the same pages: each request is signed again.
    let before = w
        .received("GET", &format!("/{DEMO_PAGE_ID}/feed"))
        .await
        .len();
    let posts = page
        .posts()
        .feed(&pid())
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<&str> = posts.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, w.state().lock().posts(DEMO_PAGE_ID));
    let sent = w.received("GET", &format!("/{DEMO_PAGE_ID}/feed")).await;
    let walked = &sent[before..];
    assert_eq!(walked.len(), posts.len(), "one request per one-item page");
    for (i, req) in walked.iter().enumerate() {
        assert_eq!(query_one(req, "access_token"), DEMO_PAGE_TOKEN);
        assert_eq!(query_one(req, "appsecret_proof"), proof, "request {i}");
        let has_after = req.url.query_pairs().any(|(k, _)| k == "after");
        assert_eq!(has_after, i > 0, "request {i}: {:?}", req.url.query());
    }
}

// ----- 3. publishing as the Page --------------------------------------------------------------

// <https://developers.facebook.com/docs/pages-api/posts>: a text post with a link, read back; the listings see it;
// edited, hidden,
// deleted.
#[tokio::test]
async fn a_link_post_is_published_read_back_listed_edited_and_deleted() {
    let w = World::new().await;
    let page = w.page();
    let message = "Nouvel article : la réforme du bail commercial expliquée.";
    let link = "https://www.example.com/blog/bail-commercial";
    let created = page
        .posts()
        .create(&pid())
        .message(message)
        .link(link)
        .send()
        .await
        .unwrap();
    assert!(created.id.as_str().starts_with(&format!("{DEMO_PAGE_ID}_")));
    assert!(created.photos.is_empty());
    {
        let state = w.state();
        let state = state.lock();
        assert_eq!(state.post_message(created.id.as_str()), Some(message));
        assert_eq!(state.is_published(created.id.as_str()), Some(true));
        assert_eq!(state.posts(DEMO_PAGE_ID)[0], created.id.as_str());
    }

    let post = page
        .posts()
        .get(&created.id)
        // A post's `link` field is gone since v3.3 (Graph answers code 12): the shared link
        // is the post's attachment
        // (https://developers.facebook.com/docs/graph-api/changelog/version3.3).
        .field_raw("attachments{type,url}")
        .send()
        .await
        .unwrap();
    assert_eq!(post.id, created.id);
    assert_eq!(post.message.as_deref(), Some(message));
    assert_eq!(post.is_published, Some(true));
    assert_eq!(post.status_type.as_deref(), Some("shared_story"));
    assert_eq!(
        post.from.as_ref().and_then(|f| f.id.as_deref()),
        Some(DEMO_PAGE_ID)
    );
    assert_eq!(
        post.created_time.map(|t| t.timestamp()),
        Some(w.now().timestamp())
    );
    assert_eq!(post.extra["attachments"]["data"][0]["url"], json!(link));
    assert_eq!(post.extra["attachments"]["data"][0]["type"], json!("share"));
    assert_eq!(post.comments.as_ref().and_then(|c| c.total()), Some(0));
    assert_eq!(post.reactions.as_ref().and_then(|r| r.total()), Some(0));

    // The demo's post carries its comments and reactions counts.
    let demo = page
        .posts()
        .get(&PostId::new(DEMO_POST_ID))
        .send()
        .await
        .unwrap();
    let (comments, reactions) = {
        let state = w.state();
        let state = state.lock();
        (
            state.comments(DEMO_POST_ID).len() as u64,
            state.reactions(DEMO_POST_ID).len() as u64,
        )
    };
    assert_eq!(
        demo.comments.as_ref().and_then(|c| c.total()),
        Some(comments)
    );
    assert_eq!(
        demo.reactions.as_ref().and_then(|r| r.total()),
        Some(reactions)
    );

    let all = PageLimits::default();
    let feed = page.posts().feed(&pid()).collect(all).await.unwrap();
    let feed_ids: Vec<&str> = feed.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(feed_ids, w.state().lock().posts(DEMO_PAGE_ID));
    let published = page.posts().published(&pid()).collect(all).await.unwrap();
    assert_eq!(published[0].id, created.id);
    assert!(
        published
            .iter()
            .all(|p| p.from.as_ref().and_then(|f| f.id.as_deref()) == Some(DEMO_PAGE_ID))
    );
    let visitors = page
        .posts()
        .visitor_posts(&pid())
        .collect(all)
        .await
        .unwrap();
    assert_eq!(visitors.len(), 1);
    assert_ne!(
        visitors[0].from.as_ref().and_then(|f| f.id.as_deref()),
        Some(DEMO_PAGE_ID)
    );
    assert_eq!(visitors[0].status_type.as_deref(), Some("wall_post"));
    assert_eq!(
        feed.len(),
        published.len() + visitors.len(),
        "the feed is the Page's posts plus the visitors'"
    );

    let corrected = "Nouvel article (corrigé) : la réforme du bail commercial expliquée.";
    page.posts()
        .edit(&created.id)
        .message(corrected)
        .send()
        .await
        .unwrap();
    assert_eq!(
        w.state().lock().post_message(created.id.as_str()),
        Some(corrected)
    );
    let read = page.posts().get(&created.id).send().await.unwrap();
    assert_eq!(read.message.as_deref(), Some(corrected));

    page.posts()
        .edit(&created.id)
        .hidden(true)
        .send()
        .await
        .unwrap();
    assert_eq!(w.state().lock().is_hidden(created.id.as_str()), Some(true));
    let feed = page.posts().feed(&pid()).collect(all).await.unwrap();
    assert!(
        feed.iter().all(|p| p.id != created.id),
        "hidden from the feed"
    );

    page.posts().delete(&created.id).await.unwrap();
    assert!(
        !w.state()
            .lock()
            .posts(DEMO_PAGE_ID)
            .contains(&created.id.as_str().to_string())
    );
    let gone = page.posts().get(&created.id).send().await.unwrap_err();
    assert!(matches!(gone, Error::NotFound { .. }), "{gone:?}");
}

// <https://developers.facebook.com/docs/pages-api/posts>: a post scheduled at least 10 minutes ahead waits in
// `scheduled_posts` and goes
// live at its time; an earlier schedule is refused before anything is sent.
#[tokio::test]
async fn a_scheduled_post_waits_then_goes_live_and_a_too_early_one_is_never_sent() {
    let w = World::new().await;
    let page = w.page();
    let route = format!("POST /{DEMO_PAGE_ID}/feed");

    let too_soon = page
        .posts()
        .create(&pid())
        .message("Le cabinet ferme à 16 h aujourd'hui.")
        .scheduled_at(w.now() + TimeDelta::minutes(5));
    let Err(Error::InvalidInput { violations, .. }) = too_soon.send().await else {
        panic!("a 5-minute schedule must be refused offline");
    };
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].field, "scheduled_publish_time");
    assert_eq!(violations[0].kind, ViolationKind::OutOfRange);
    assert_eq!(w.calls(&route), 0, "nothing reached the fake");
    assert!(
        w.received("POST", &format!("/{DEMO_PAGE_ID}/feed"))
            .await
            .is_empty()
    );

    let at = w.now() + TimeDelta::hours(2);
    let message = "Rappel : le cabinet est fermé vendredi.";
    let created = page
        .posts()
        .create(&pid())
        .message(message)
        .scheduled_at(at)
        .send()
        .await
        .unwrap();
    assert_eq!(w.calls(&route), 1);
    let sent = w.received("POST", &format!("/{DEMO_PAGE_ID}/feed")).await;
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&sent[0].body)
        .into_owned()
        .collect();
    assert!(form.contains(&("published".into(), "false".into())));
    assert!(form.contains(&("scheduled_publish_time".into(), at.timestamp().to_string())));
    {
        let state = w.state();
        let state = state.lock();
        assert_eq!(
            state.scheduled_time(created.id.as_str()),
            Some(at.timestamp())
        );
        assert_eq!(state.is_published(created.id.as_str()), Some(false));
    }

    let all = PageLimits::default();
    let scheduled = page.posts().scheduled(&pid()).collect(all).await.unwrap();
    assert_eq!(scheduled.len(), 1);
    assert_eq!(scheduled[0].id, created.id);
    assert_eq!(scheduled[0].scheduled_publish_time, Some(at));
    assert_eq!(scheduled[0].is_published, Some(false));
    let published = page.posts().published(&pid()).collect(all).await.unwrap();
    assert!(published.iter().all(|p| p.id != created.id));

    // Time passes on both clocks: the post goes live.
    w.clock.advance(Duration::from_secs(3 * 3_600));
    w.state().lock().advance(3 * 3_600);
    assert_eq!(
        w.state().lock().is_published(created.id.as_str()),
        Some(true)
    );
    let scheduled = page.posts().scheduled(&pid()).collect(all).await.unwrap();
    assert!(scheduled.is_empty());
    let published = page.posts().published(&pid()).collect(all).await.unwrap();
    assert_eq!(published[0].id, created.id);
    assert_eq!(published[0].message.as_deref(), Some(message));
}

// <https://developers.facebook.com/docs/pages-api/posts>: photos by URL and by upload (multipart `source`), and a
// multi-photo post
// whose photos are uploaded unpublished then attached with `attached_media`.
#[tokio::test]
async fn photos_by_url_by_upload_and_a_multi_photo_post() {
    let w = World::new().await;
    let page = w.page();
    let photos_route = format!("POST /{DEMO_PAGE_ID}/photos");

    let url = "https://www.example.com/photos/equipe.jpg";
    let by_url = page
        .posts()
        .photo(&pid())
        .url(url)
        .caption("L'équipe au congrès du barreau")
        .send()
        .await
        .unwrap();
    let story = by_url
        .post_id
        .clone()
        .expect("a published photo has a post");
    {
        let state = w.state();
        let state = state.lock();
        assert_eq!(state.photo_url(by_url.id.as_str()), Some(url));
        assert_eq!(state.is_photo_published(by_url.id.as_str()), Some(true));
        assert_eq!(state.post_photos(story.as_str()), [by_url.id.as_str()]);
        assert_eq!(
            state.post_message(story.as_str()),
            Some("L'équipe au congrès du barreau")
        );
    }

    let png: Vec<u8> = (0..=255u8).cycle().take(3_000).collect();
    let uploaded = page
        .posts()
        .photo(&pid())
        .bytes("bureau.png", "image/png", png.clone())
        .send()
        .await
        .unwrap();
    {
        let state = w.state();
        let state = state.lock();
        assert_eq!(state.photo_size(uploaded.id.as_str()), Some(png.len()));
        assert_eq!(state.photo_url(uploaded.id.as_str()), None);
        assert!(uploaded.post_id.is_some());
    }
    let sent = w.received("POST", &format!("/{DEMO_PAGE_ID}/photos")).await;
    let content_type = sent[1]
        .headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("multipart/form-data"),
        "{content_type}"
    );
    assert_eq!(w.calls(&photos_route), 2);

    let album = page
        .posts()
        .create(&pid())
        .message("Nos nouveaux locaux, rue de la Paix")
        .photo(PhotoSource::Url(
            "https://www.example.com/photos/accueil.jpg".into(),
        ))
        .photo(PhotoSource::Bytes {
            file_name: "salle.jpg".into(),
            content_type: "image/jpeg".into(),
            data: Bytes::from(vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(album.photos.len(), 2);
    assert_eq!(w.calls(&photos_route), 4, "two unpublished uploads");
    {
        let state = w.state();
        let state = state.lock();
        let attached = state.post_photos(album.id.as_str());
        let expected: Vec<&str> = album.photos.iter().map(|p| p.as_str()).collect();
        assert_eq!(attached, expected);
        for photo in &album.photos {
            assert_eq!(state.is_photo_published(photo.as_str()), Some(true));
        }
        assert_eq!(
            state.photo_url(album.photos[0].as_str()),
            Some("https://www.example.com/photos/accueil.jpg")
        );
        assert_eq!(state.photo_size(album.photos[1].as_str()), Some(8));
    }
    let read = page
        .posts()
        .get(&album.id)
        .field_raw("attachments")
        .send()
        .await
        .unwrap();
    assert_eq!(read.status_type.as_deref(), Some("added_photos"));
    assert_eq!(read.extra["attachments"]["data"][0]["type"], "album");
    assert!(read.full_picture.is_some());
}

// <https://developers.facebook.com/docs/graph-api/guides/error-handling>: the same message twice in a row is a duplicate
// (506); a user token cannot post
// as the Page (200); 368 is a plain API error, never retried.
#[tokio::test]
async fn duplicates_wrong_tokens_and_policy_blocks_are_refused_without_retry() {
    let w = World::new().await;
    let page = w.page();
    let route = format!("POST /{DEMO_PAGE_ID}/feed");
    let message = "Permanence juridique gratuite ce samedi de 9 h à 12 h.";

    let first = page
        .posts()
        .create(&pid())
        .message(message)
        .send()
        .await
        .unwrap();
    let err = page
        .posts()
        .create(&pid())
        .message(message)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
    assert_eq!(err.api_error().and_then(|a| a.code), Some(506));
    assert_eq!(w.calls(&route), 2);
    let same: Vec<String> = {
        let state = w.state();
        let state = state.lock();
        state
            .posts(DEMO_PAGE_ID)
            .into_iter()
            .filter(|id| state.post_message(id) == Some(message))
            .collect()
    };
    assert_eq!(same, [first.id.as_str()]);

    // Camille's user token is not the Page's.
    let err = w
        .user()
        .posts()
        .create(&pid())
        .message("Publié avec le mauvais jeton")
        .send()
        .await
        .unwrap_err();
    let Error::Auth { kind, .. } = &err else {
        panic!("expected Error::Auth, got {err:?}");
    };
    let AuthErrorKind::MissingPermission { scope } = kind else {
        panic!("expected MissingPermission, got {kind:?}");
    };
    assert_eq!(scope.as_deref(), Some("pages_read_engagement"));
    assert_eq!(err.api_error().and_then(|a| a.code), Some(200));
    assert_eq!(w.calls(&route), 3);

    // (#368) the action is deemed abusive: reported as is, not retried.
    let posts_before = w.state().lock().posts(DEMO_PAGE_ID).len();
    w.fake.inject_error(
        "POST",
        format!("/{DEMO_PAGE_ID}/feed"),
        json!({
            "message": "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
            "type": "OAuthException",
            "code": 368,
            "error_subcode": 1_390_008,
        }),
        400,
        1,
    );
    let err = page
        .posts()
        .create(&pid())
        .message("Un message bloqué")
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(
        (api.status, api.code, api.subcode),
        (400, Some(368), Some(1_390_008))
    );
    assert!(!api.transient && !err.is_retryable());
    assert!(api.request_id.is_some(), "the fbtrace_id is kept");
    assert_eq!(w.calls(&route), 4, "sent once");
    assert_eq!(w.state().lock().posts(DEMO_PAGE_ID).len(), posts_before);
    assert!(w.clock.sleeps().is_empty(), "no retry waited");
}

// <https://developers.facebook.com/docs/graph-api/guides/error-handling>: code 2 (service temporarily unavailable) with a 500
// is retried on a read and succeeds; on a create it is `Unconfirmed` after exactly one attempt.
#[tokio::test]
async fn a_transient_outage_is_retried_on_a_read_and_unconfirmed_on_a_post() {
    let w = World::new().await;
    let page = w.page();
    let outage = json!({
        "message": "An unexpected error has occurred. Please retry your request later.",
        "type": "OAuthException",
        "code": 2,
        "is_transient": true,
    });

    w.fake
        .inject_error("GET", format!("/{DEMO_POST_ID}"), outage.clone(), 500, 1);
    let post = page
        .posts()
        .get(&PostId::new(DEMO_POST_ID))
        .send()
        .await
        .unwrap();
    assert_eq!(
        post.message.as_deref(),
        w.state().lock().post_message(DEMO_POST_ID)
    );
    assert_eq!(w.calls(&format!("GET /{DEMO_POST_ID}")), 2, "retried once");
    assert_eq!(w.clock.sleeps(), [Duration::from_millis(10)]);

    let route = format!("POST /{DEMO_PAGE_ID}/feed");
    let posts_before = w.state().lock().posts(DEMO_PAGE_ID);
    w.fake
        .inject_error("POST", format!("/{DEMO_PAGE_ID}/feed"), outage, 500, 1);
    let err = page
        .posts()
        .create(&pid())
        .message("Nos horaires d'été")
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed {
        endpoint, cause, ..
    } = &err
    else {
        panic!("expected Error::Unconfirmed, got {err:?}");
    };
    assert_eq!(endpoint, "POST /:page/feed");
    assert_eq!(cause.api_error().and_then(|a| a.code), Some(2));
    assert_eq!(cause.status(), Some(500));
    assert!(!err.is_retryable());
    assert_eq!(w.calls(&route), 1, "exactly one attempt");
    assert_eq!(w.state().lock().posts(DEMO_PAGE_ID), posts_before);
    assert_eq!(w.clock.sleeps().len(), 1, "no wait for the post");
}

// ----- 4. conversations -----------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/reference/object/comments/>: the client's question
// waits for the Page's answer; once answered it no
// longer waits; a visitor's comment is hidden, shown again, deleted; counts come from `summary`.
#[tokio::test]
async fn the_page_answers_the_waiting_question_and_moderates_comments() {
    let w = World::new().await;
    let page = w.page();
    let post = PostId::new(DEMO_POST_ID);
    let all = PageLimits::default();

    let waiting = page
        .comments()
        .awaiting_reply(&post, &pid(), all)
        .await
        .unwrap();
    let question = waiting
        .iter()
        .find(|c| c.id.as_str() == DEMO_QUESTION_COMMENT_ID)
        .expect("the demo's question waits for an answer");
    assert_eq!(
        question.from.as_ref().and_then(|f| f.name.as_deref()),
        Some("Sophie Bernard")
    );
    assert_eq!(
        question.from.as_ref().and_then(|f| f.id.as_deref()),
        w.state().lock().comment_author(DEMO_QUESTION_COMMENT_ID)
    );
    assert_eq!(question.can_hide, Some(true));
    let thanks = w.state().lock().comments(DEMO_POST_ID)[0].clone();
    let waiting_ids: Vec<&str> = waiting.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(waiting_ids, [thanks.as_str(), DEMO_QUESTION_COMMENT_ID]);

    let answer = "Bonjour, oui : la permanence couvre aussi le droit du travail. Venez samedi !";
    let reply = page
        .comments()
        .reply(DEMO_QUESTION_COMMENT_ID, answer)
        .send()
        .await
        .unwrap();
    {
        let state = w.state();
        let state = state.lock();
        assert_eq!(state.comments(DEMO_QUESTION_COMMENT_ID), [reply.as_str()]);
        assert_eq!(state.comment_author(reply.as_str()), Some(DEMO_PAGE_ID));
        assert_eq!(state.comment_message(reply.as_str()), Some(answer));
    }
    let waiting = page
        .comments()
        .awaiting_reply(&post, &pid(), all)
        .await
        .unwrap();
    let waiting_ids: Vec<&str> = waiting.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(waiting_ids, [thanks.as_str()], "the question is answered");

    let top = page
        .comments()
        .list(DEMO_POST_ID)
        .summary()
        .send()
        .await
        .unwrap();
    assert_eq!(top.extra.and_then(|s| s.total_count), Some(2));
    assert_eq!(
        top.items.len(),
        w.state().lock().comments(DEMO_POST_ID).len()
    );
    let stream = page
        .comments()
        .list(DEMO_POST_ID)
        .filter(CommentFilter::Stream)
        .summary()
        .send()
        .await
        .unwrap();
    assert_eq!(stream.extra.and_then(|s| s.total_count), Some(3));
    let answered = stream
        .items
        .iter()
        .find(|c| c.id == reply)
        .expect("the answer is in the stream");
    assert_eq!(
        answered.parent.as_ref().map(|p| p.id.as_str()),
        Some(DEMO_QUESTION_COMMENT_ID)
    );

    let thanks_id = CommentId::new(thanks.as_str());
    page.comments().hide(&thanks_id).await.unwrap();
    assert_eq!(w.state().lock().is_hidden(&thanks), Some(true));
    let listed = page.comments().list(DEMO_POST_ID).send().await.unwrap();
    let hidden = listed.items.iter().find(|c| c.id == thanks_id).unwrap();
    assert_eq!(hidden.is_hidden, Some(true));
    let waiting = page
        .comments()
        .awaiting_reply(&post, &pid(), all)
        .await
        .unwrap();
    assert!(waiting.is_empty(), "a hidden comment needs no answer");

    page.comments().unhide(&thanks_id).await.unwrap();
    assert_eq!(w.state().lock().is_hidden(&thanks), Some(false));

    page.comments().delete(&thanks_id).await.unwrap();
    assert_eq!(
        w.state().lock().comments(DEMO_POST_ID),
        [DEMO_QUESTION_COMMENT_ID]
    );
    let top = page
        .comments()
        .list(DEMO_POST_ID)
        .summary()
        .send()
        .await
        .unwrap();
    assert_eq!(top.extra.and_then(|s| s.total_count), Some(1));
}

// The core `Conversations` trait on a Page: the comments of a post (newest first) and a reply.
#[tokio::test]
async fn conversations_through_the_core_trait() {
    let w = World::new().await;
    let facebook = FacebookPage::new(w.page(), pid());
    let conversations: &dyn Conversations = &facebook;
    let post = PostId::new(DEMO_POST_ID);

    let page = conversations.comments(&post, None).await.unwrap();
    assert_eq!(
        page.items.len(),
        w.state().lock().comments(DEMO_POST_ID).len()
    );
    let question = page
        .items
        .iter()
        .find(|c| c.id.as_str() == DEMO_QUESTION_COMMENT_ID)
        .expect("the question");
    assert_eq!(question.post, post);
    assert_eq!(
        question.author.as_ref().map(|a| a.name.as_str()),
        Some("Sophie Bernard")
    );
    assert!(!question.hidden && question.parent.is_none());

    let parent = CommentId::new(DEMO_QUESTION_COMMENT_ID);
    let reply = conversations
        .reply(&post, Some(&parent), "Oui, et sans rendez-vous.")
        .await
        .unwrap();
    assert_eq!(reply.parent.as_ref(), Some(&parent));
    assert_eq!(
        w.state().lock().comment_author(reply.id.as_str()),
        Some(DEMO_PAGE_ID)
    );

    let page = conversations.comments(&post, None).await.unwrap();
    assert_eq!(page.items[0].id, reply.id, "newest first");
    assert_eq!(page.items[0].parent.as_ref(), Some(&parent));
    assert_eq!(
        page.items[0].author.as_ref().map(|a| a.id.as_str()),
        Some(DEMO_PAGE_ID)
    );

    // A comment on the post itself.
    let top = conversations
        .reply(&post, None, "Merci à tous pour vos messages !")
        .await
        .unwrap();
    assert!(top.parent.is_none());
    assert!(
        w.state()
            .lock()
            .comments(DEMO_POST_ID)
            .contains(&top.id.as_str().to_string())
    );
}

// ----- 5. reactions ---------------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/reference/object/reactions/>: per-type counts in
// one call equal what was seeded, a type Graph added later
// (FIRE) is counted and listed as `ReactionType::Other`, and the likes summary.
#[tokio::test]
async fn reaction_counts_and_lists_match_the_seeded_reactions_unknown_types_included() {
    let w = World::new().await;
    let page = w.page();
    let post = w.fake.add_post(
        DEMO_PAGE_ID,
        "Bienvenue à Maître Durand, qui rejoint le cabinet.",
    );
    for (name, kind) in [
        ("Ana Lopes", "LIKE"),
        ("Bruno Marchal", "LOVE"),
        ("Chloé Roux", "LOVE"),
        ("David Morel", "FIRE"),
    ] {
        let user = w.fake.add_user(name);
        w.fake.add_reaction(&user, &post, kind);
    }
    w.fake.add_reaction(DEMO_PAGE_ID, &post, "WOW");
    let seeded = w.state().lock().reactions(&post);
    assert_eq!(seeded.len(), 5);

    let counts = page.reactions().counts(&post).await.unwrap();
    assert_eq!(counts.total, 5);
    for kind in ReactionType::COMMON {
        let expected = seeded.iter().filter(|(_, k)| k == kind.as_str()).count() as u64;
        assert_eq!(counts.of(&kind), expected, "{kind}");
    }
    assert_eq!(counts.of(&ReactionType::Love), 2);
    assert_eq!(counts.by_type.len(), ReactionType::COMMON.len());

    let fire = ReactionType::from("FIRE");
    assert_eq!(fire, ReactionType::Other("FIRE".into()));
    let some = page
        .reactions()
        .counts_of(&post, [fire.clone(), ReactionType::Wow])
        .await
        .unwrap();
    assert_eq!(some.total, 5);
    assert_eq!(some.of(&fire), 1);
    assert_eq!(some.of(&ReactionType::Wow), 1);
    assert_eq!(some.by_type.len(), 2);

    let listed = page
        .reactions()
        .list(&post)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let mut got: Vec<(String, String)> = listed
        .iter()
        .map(|r| {
            (
                r.id.clone().unwrap_or_default(),
                r.kind
                    .as_ref()
                    .map(|k| k.as_str().to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let mut expected = seeded.clone();
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    assert!(listed.iter().any(|r| r.kind == Some(fire.clone())));

    let fires = page
        .reactions()
        .list(&post)
        .kind(fire.clone())
        .summary()
        .send()
        .await
        .unwrap();
    assert_eq!(fires.items.len(), 1);
    assert_eq!(
        fires.items[0].kind,
        Some(ReactionType::Other("FIRE".into()))
    );
    assert_eq!(fires.extra.as_ref().and_then(|s| s.total_count), Some(1));
    assert_eq!(
        fires.extra.and_then(|s| s.viewer_reaction),
        Some(ReactionType::Wow),
        "the viewer's own reaction, whatever the type filter"
    );

    let likes = page.reactions().likes_summary(&post).await.unwrap();
    assert_eq!(likes.total_count, Some(1));
    assert_eq!(likes.can_like, Some(true));
    assert_eq!(likes.has_liked, Some(false));
}

// ----- 6. insights ----------------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/reference/insights/>: 200 days of a daily metric
// are asked as three windows of at most 90 days and
// merged into 200 values, each equal to what the fake computes for its day.
#[tokio::test]
async fn page_insights_over_200_days_come_in_three_windows_merged_day_by_day() {
    let w = World::new().await;
    let page = w.page();
    let until = w.now();
    let since = until - TimeDelta::days(200);
    let name = metrics::PAGE_MEDIA_VIEW;

    let report = page
        .insights()
        .page(&pid())
        .metric(name)
        .period(Period::Day)
        .since(since)
        .until(until)
        .send()
        .await
        .unwrap();
    let route = format!("GET /{DEMO_PAGE_ID}/insights");
    assert_eq!(w.calls(&route), 3);
    assert_eq!(report.metrics.len(), 1);
    let metric = report.metric(name).unwrap();
    assert_eq!(metric.period, Some(Period::Day));
    assert_eq!(metric.values.len(), 200);
    let ends: Vec<i64> = metric
        .values
        .iter()
        .map(|v| v.end_time.expect("a daily value has an end").timestamp())
        .collect();
    let expected_ends: Vec<i64> = (1..=200).map(|k| day_start(since) + k * 86_400).collect();
    assert_eq!(
        ends, expected_ends,
        "one value per day, in order, none twice"
    );
    assert_eq!(*ends.last().unwrap(), day_start(until));
    {
        let state = w.state();
        let state = state.lock();
        for v in &metric.values {
            let end = v.end_time.unwrap().timestamp();
            let expected = state.metric_value(name, end).unwrap() as f64;
            assert_eq!(v.as_f64(), Some(expected), "day ending {end}");
        }
    }

    // The windows are contiguous and each within Graph's 90 days.
    let sent = w
        .received("GET", &format!("/{DEMO_PAGE_ID}/insights"))
        .await;
    let windows: Vec<(i64, i64)> = sent
        .iter()
        .map(|r| {
            (
                query_one(r, "since").parse().unwrap(),
                query_one(r, "until").parse().unwrap(),
            )
        })
        .collect();
    assert_eq!(windows[0].0, since.timestamp());
    assert_eq!(windows[2].1, until.timestamp());
    for pair in windows.windows(2) {
        assert_eq!(pair[0].1, pair[1].0);
    }
    assert!(windows.iter().all(|(s, u)| u - s <= 90 * 86_400));
}

// One metric Graph does not know fails the whole call (facebook/facebook-python-business-sdk#656)
// with a message naming the
// metrics; `send_lenient` isolates it and keeps the others.
#[tokio::test]
async fn an_unknown_metric_fails_send_and_is_isolated_by_send_lenient() {
    let w = World::new().await;
    let page = w.page();
    let until = w.now();
    let since = until - TimeDelta::days(7);
    let builder = page
        .insights()
        .page(&pid())
        .metrics([metrics::PAGE_MEDIA_VIEW, "page_fans"])
        .period(Period::Day)
        .since(since)
        .until(until);

    let err = builder.clone().send().await.unwrap_err();
    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(api.code, Some(100));
    assert!(
        api.message.contains("valid insights metric"),
        "{}",
        api.message
    );
    assert!(api.message.contains("page_fans"), "{}", api.message);
    assert!(api.message.contains("send_lenient"), "{}", api.message);

    let lenient = builder.send_lenient().await.unwrap();
    assert_eq!(lenient.rejected.len(), 1);
    assert_eq!(lenient.rejected[0].name, "page_fans");
    assert_eq!(lenient.rejected[0].code, Some(100));
    assert_eq!(lenient.report.metrics.len(), 1);
    let kept = lenient.report.metric(metrics::PAGE_MEDIA_VIEW).unwrap();
    assert_eq!(kept.values.len(), 7);
    let state = w.state();
    let state = state.lock();
    for v in &kept.values {
        let end = v.end_time.unwrap().timestamp();
        assert_eq!(
            v.as_f64(),
            state
                .metric_value(metrics::PAGE_MEDIA_VIEW, end)
                .map(|n| n as f64)
        );
    }
}

// ----- 7. batch -------------------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/batch-requests>: three reads and a post in one
// call, answered in order; an item Graph did not
// run is `NotCompleted`; more than 50 requests are refused before sending.
#[tokio::test]
async fn a_batch_of_reads_and_a_post_and_an_item_that_did_not_complete() {
    let w = World::new().await;
    let page = w.page();
    let requests = |message: &str| {
        vec![
            BatchRequest::node(DEMO_PAGE_ID).fields(["name", "fan_count", "followers_count"]),
            BatchRequest::node(DEMO_POST_ID).fields(["message"]),
            BatchRequest::get(
                RelativeUrl::node(DEMO_PAGE_ID)
                    .edge("posts")
                    .query("limit", 2),
            ),
            BatchRequest::post(RelativeUrl::node(DEMO_PAGE_ID).edge("feed"))
                .form([("message", message)]),
        ]
    };

    let items = page
        .batch()
        .requests(requests("Publié par lot"))
        .send()
        .await
        .unwrap();
    assert_eq!(w.calls("POST /"), 1);
    assert_eq!(items.len(), 4);
    assert!(items.iter().all(BatchItem::is_success), "{items:?}");
    let profile: Page = items[0].json().unwrap();
    assert_eq!(profile.fan_count, Some(1_284));
    assert_eq!(profile.followers_count, Some(1_342));
    assert_eq!(
        items[1].body().and_then(|b| b["message"].as_str()),
        w.state().lock().post_message(DEMO_POST_ID)
    );
    let listed = items[2].body().unwrap()["data"].as_array().unwrap().len();
    assert_eq!(listed, 2);
    assert_eq!(items[3].method(), BatchMethod::Post);
    let created = items[3].body().unwrap()["id"].as_str().unwrap().to_string();
    assert_eq!(
        w.state().lock().post_message(&created),
        Some("Publié par lot")
    );
    assert_eq!(w.calls(&format!("POST /{DEMO_PAGE_ID}/feed")), 1);

    // Graph answers `null` for item 1: it was not run.
    w.state().lock().fail_batch_items(&[1]);
    let items = page
        .batch()
        .requests(requests("Publié par lot, encore"))
        .send()
        .await
        .unwrap();
    assert_eq!(items.len(), 4);
    let BatchItem::NotCompleted(skipped) = &items[1] else {
        panic!("item 1 should not be completed: {:?}", items[1]);
    };
    assert_eq!((skipped.index, skipped.method), (1, BatchMethod::Get));
    let cause = items[1].error().unwrap();
    assert!(
        cause.is_retryable(),
        "a GET not run can be sent again: {cause:?}"
    );
    assert!(items[1].json::<Value>().is_err());
    for i in [0, 2, 3] {
        assert!(items[i].is_success(), "item {i}: {:?}", items[i]);
    }
    assert_eq!(
        w.calls(&format!("GET /{DEMO_POST_ID}")),
        1,
        "item 1 never ran"
    );
    assert_eq!(w.calls(&format!("POST /{DEMO_PAGE_ID}/feed")), 2);

    // 51 requests: refused offline.
    let too_many = page
        .batch()
        .requests((0..51).map(|_| BatchRequest::node(DEMO_PAGE_ID)));
    let Err(Error::InvalidInput { violations, .. }) = too_many.send().await else {
        panic!("51 requests must be refused before sending");
    };
    assert!(violations.iter().any(|v| v.kind
        == ViolationKind::TooMany {
            limit: 50,
            actual: 51
        }));
    assert_eq!(w.calls("POST /"), 2, "nothing sent");
}

// ----- 8. paging ------------------------------------------------------------------------------

/// A new Page of the demo user with `n` posts a minute apart (newest first: "Post 0", "Post 1"…),
/// and a client signed with its Page token.
fn page_with_posts(w: &World, n: usize) -> (PageId, String, FacebookClient) {
    let (page, token) = w.state().with(|s| {
        let page = s.add_page("Cabinet Durand", "Lawyer & Law Firm");
        let token = s.grant_tasks(DEMO_USER_ID, &page, &["CREATE_CONTENT", "MODERATE"]);
        let now = s.now();
        for i in 0..n {
            s.add_post_at(&page, &format!("Post {i}"), now - 60 * i as i64);
        }
        (page, token)
    });
    let client = w.signed(&token);
    (PageId::new(page), token, client)
}

// <https://developers.facebook.com/docs/graph-api/results>: 120 posts walked 25 at a time: every post once, in order;
// the cursors never
// keep the token.
#[tokio::test]
async fn a_walk_over_120_posts_sees_each_once_in_order_without_the_token_in_cursors() {
    let w = World::new().await;
    let (page_id, token, client) = page_with_posts(&w, 120);
    let pages: Vec<social_facebook::list::GraphPage<social_facebook::models::Post>> = client
        .posts()
        .page_posts(&page_id)
        .fields([PostField::Id, PostField::Message])
        .page_size(25)
        .pages(PageLimits::default())
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [25, 25, 25, 25, 20]);
    assert!(pages.last().unwrap().next.is_none());
    let proof = appsecret_proof(DEMO_APP_SECRET, &token);
    for cursor in pages.iter().filter_map(|p| p.next.as_ref()) {
        let text = cursor.as_str();
        assert!(!text.contains(&token) && !text.contains(&proof), "{text}");
        assert!(
            !text.contains("access_token") && !text.contains("appsecret"),
            "{text}"
        );
        assert!(!format!("{cursor:?}").contains(&token));
    }
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|post| post.id.as_str().to_string()))
        .collect();
    assert_eq!(ids, w.state().lock().posts(page_id.as_str()));
    assert_eq!(ids.iter().collect::<BTreeSet<_>>().len(), 120);
    let messages: Vec<String> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|post| post.message.clone().unwrap()))
        .collect();
    let expected: Vec<String> = (0..120).map(|i| format!("Post {i}")).collect();
    assert_eq!(messages, expected);
    assert_eq!(w.calls(&format!("GET /{}/posts", page_id.as_str())), 5);
}

// Graph sometimes sends empty pages that still have `next` (<https://developers.facebook.com/docs/graph-api/results>):
// the walk goes on.
#[tokio::test]
async fn empty_pages_with_a_next_link_do_not_end_the_walk() {
    let w = World::new().await;
    let (page_id, _, client) = page_with_posts(&w, 120);
    w.state().lock().serve_empty_pages(2);
    let pages: Vec<social_facebook::list::GraphPage<social_facebook::models::Post>> = client
        .posts()
        .page_posts(&page_id)
        .page_size(25)
        .pages(PageLimits::default())
        .try_collect()
        .await
        .unwrap();
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [0, 0, 25, 25, 25, 25, 20]);
    let ids: Vec<String> = pages
        .iter()
        .flat_map(|p| p.items.iter().map(|post| post.id.as_str().to_string()))
        .collect();
    assert_eq!(ids, w.state().lock().posts(page_id.as_str()));
    assert_eq!(w.calls(&format!("GET /{}/posts", page_id.as_str())), 7);
}

// Paging never loops: a cursor that comes back forever ends the walk with `Error::Protocol`,
// never an endless loop.
#[tokio::test]
async fn a_repeated_cursor_ends_the_walk_with_a_protocol_error() {
    let w = World::new().await;
    let (page_id, _, client) = page_with_posts(&w, 120);
    w.state().lock().set_repeat_cursor(true);
    let err = client
        .posts()
        .page_posts(&page_id)
        .page_size(25)
        .collect(PageLimits::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("cursor"), "{err}");
    assert_eq!(w.calls(&format!("GET /{}/posts", page_id.as_str())), 2);
}

// ----- 9. rate limits -------------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/overview/rate-limiting>: once the Page's budget is spent Graph answers
// (#80001) with
// `estimated_time_to_regain_access`; the next call on that Page is refused without being sent,
// until the window is over. App usage is read from `X-App-Usage`.
#[tokio::test]
async fn a_spent_page_budget_is_rate_limited_then_refused_locally_until_it_resets() {
    let w = World::new().await;
    let page = w.page();
    let route = format!("GET /{DEMO_PAGE_ID}");
    w.state().lock().set_page_call_limit(DEMO_PAGE_ID, 3);

    for _ in 0..3 {
        page.pages().get(&pid()).send().await.unwrap();
    }
    assert_eq!(w.calls(&route), 3);

    // The third answer said the Page's quota is at 100 % without a time to regain access: the
    // client leaves the quota alone for its cooldown rather than add to the count.
    let err = page.pages().get(&pid()).send().await.unwrap_err();
    assert!(
        matches!(err, Error::RateLimited { api: None, retry_after: Some(d), .. } if d == social_core::http::DEFAULT_THROTTLE_COOLDOWN),
        "{err:?}"
    );
    assert_eq!(w.calls(&route), 3);
    w.clock
        .advance(social_core::http::DEFAULT_THROTTLE_COOLDOWN);

    let err = page.pages().get(&pid()).send().await.unwrap_err();
    let Error::RateLimited {
        retry_after,
        bucket,
        api,
        ..
    } = &err
    else {
        panic!("expected Error::RateLimited, got {err:?}");
    };
    // The fake's window is one hour from the first call, its clock frozen: 60 minutes to wait.
    assert_eq!(*retry_after, Some(Duration::from_secs(3_600)));
    assert_eq!(
        bucket.as_deref(),
        Some(format!("facebook:buc:{DEMO_PAGE_ID}:pages").as_str())
    );
    assert_eq!(api.as_ref().and_then(|a| a.code), Some(80001));
    assert_eq!(w.calls(&route), 4, "not retried: the wait is too long");

    // The next call on this Page (another endpoint) is refused before sending.
    let err = page
        .posts()
        .get(&PostId::new(DEMO_POST_ID))
        .send()
        .await
        .unwrap_err();
    let Error::RateLimited {
        retry_after, api, ..
    } = &err
    else {
        panic!("expected Error::RateLimited, got {err:?}");
    };
    assert!(api.is_none(), "refused locally: {err:?}");
    assert_eq!(*retry_after, Some(Duration::from_secs(3_600)));
    assert_eq!(w.calls(&format!("GET /{DEMO_POST_ID}")), 0);
    assert_eq!(w.calls(&route), 4);

    // An hour later on both clocks, the Page answers again.
    w.clock.advance(Duration::from_secs(3_601));
    w.state().lock().advance(3_601);
    page.pages().get(&pid()).send().await.unwrap();
    assert_eq!(w.calls(&route), 5);

    // App usage comes with user-token calls.
    w.state().lock().set_app_call_limit(10);
    let user = w.user();
    assert!(user.app_usage().is_none(), "nothing learnt before a call");
    for _ in 0..3 {
        user.me().await.unwrap();
    }
    let usage = user.app_usage().expect("X-App-Usage was read");
    assert_eq!(usage.used_percent, Some(30.0));
}

// ----- 10. version ----------------------------------------------------------------------------

// Graph serves an expired version with the oldest available one
// (<https://developers.facebook.com/docs/graph-api/guides/versioning>) and says so in
// `facebook-api-version`: the call succeeds and a warning names both versions.
#[tokio::test]
async fn another_served_version_succeeds_with_a_warning_naming_both() {
    let w = World::new().await;
    let page = w.page();
    let (logs, guard) = capture_logs();
    page.pages().get(&pid()).send().await.unwrap();
    let before = logs.text();
    w.state().lock().set_served_version(Some("v25.0"));
    let profile = page.pages().get(&pid()).send().await.unwrap();
    drop(guard);
    assert_eq!(profile.name.as_deref(), Some(DEMO_PAGE_NAME));
    assert!(
        !before.contains("WARN"),
        "no warning when versions agree: {before}"
    );
    let all = logs.text();
    let warning = all
        .lines()
        .find(|l| l.contains("WARN"))
        .unwrap_or_else(|| panic!("no warning in: {all}"));
    assert!(warning.contains("v25.0"), "{warning}");
    assert!(warning.contains(VERSION), "{warning}");
    assert!(!all.contains(DEMO_PAGE_TOKEN), "{all}");
}

// ----- 11. tokens that die --------------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/guides/error-handling>: a Page token expires (190/463), is invalidated by a
// password change
// (190/460) or dies with its user's role on the Page (190/492); each is an auth error saying why.
#[tokio::test]
async fn a_dead_page_token_is_an_auth_error_that_says_why() {
    type Kill = fn(&mut GraphState, &str);
    let cases: [(Kill, AuthErrorKind, i64, &str); 3] = [
        (
            GraphState::expire_token,
            AuthErrorKind::Expired,
            463,
            "expired",
        ),
        (
            GraphState::invalidate_token,
            AuthErrorKind::Invalid,
            460,
            "password changed",
        ),
        (
            GraphState::mark_role_lost,
            AuthErrorKind::Invalid,
            492,
            "role on the Page",
        ),
    ];
    for (kill, expected_kind, subcode, why) in cases {
        let w = World::new().await;
        kill(&mut w.state().lock(), DEMO_PAGE_TOKEN);
        let err = w.page().pages().get(&pid()).send().await.unwrap_err();
        let Error::Auth {
            kind, message, api, ..
        } = &err
        else {
            panic!("{why}: expected Error::Auth, got {err:?}");
        };
        assert_eq!(*kind, expected_kind, "{why}");
        assert!(message.contains(why), "{why}: {message}");
        assert_eq!(api.as_ref().and_then(|a| a.code), Some(190));
        assert_eq!(api.as_ref().and_then(|a| a.subcode), Some(subcode));
        assert!(!format!("{err} {err:?}").contains(DEMO_PAGE_TOKEN));
        assert_eq!(
            w.calls(&format!("GET /{DEMO_PAGE_ID}")),
            1,
            "{why}: not retried"
        );

        let info = w
            .app()
            .tokens()
            .debug_token(&AccessToken::new(DEMO_PAGE_TOKEN))
            .await
            .unwrap();
        assert!(!info.is_valid && !info.never_expires(), "{why}");
        assert_eq!(info.error.and_then(|e| e.subcode), Some(subcode));
    }
}

// ----- 12. webhooks subscription --------------------------------------------------------------

// <https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/>: the app
// subscribes to the Page's `feed` and `mention` webhooks, sees
// the subscription, and removes it.
#[tokio::test]
async fn the_app_subscribes_to_the_page_webhooks_and_unsubscribes() {
    let w = World::new().await;
    let page = w.page();
    assert!(
        page.pages()
            .subscribed_apps(&pid())
            .await
            .unwrap()
            .is_empty()
    );

    page.pages()
        .subscribe_app(&pid(), ["feed", "mention"])
        .await
        .unwrap();
    assert_eq!(
        w.state().lock().subscribed_fields(DEMO_PAGE_ID),
        Some(vec!["feed".to_string(), "mention".to_string()])
    );
    let apps = page.pages().subscribed_apps(&pid()).await.unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].id, DEMO_APP_ID);
    assert_eq!(apps[0].subscribed_fields, ["feed", "mention"]);

    let err = page
        .pages()
        .subscribe_app(&pid(), Vec::<String>::new())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert_eq!(w.calls(&format!("POST /{DEMO_PAGE_ID}/subscribed_apps")), 1);

    page.pages().unsubscribe_app(&pid()).await.unwrap();
    assert_eq!(w.state().lock().subscribed_fields(DEMO_PAGE_ID), None);
    assert!(
        page.pages()
            .subscribed_apps(&pid())
            .await
            .unwrap()
            .is_empty()
    );
}

// ----- 13. the core traits --------------------------------------------------------------------

// The core traits: code written against `dyn Publisher`, `dyn AudienceReader` and
// `dyn ProfileReader` serves the Page.
#[tokio::test]
async fn the_page_through_the_core_traits_as_dyn() {
    let w = World::new().await;
    let accounts = w
        .user()
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    let facebook = FacebookPage::from_account(&w.user(), &accounts[0]).unwrap();
    assert_eq!(facebook.page_id().as_str(), DEMO_PAGE_ID);
    let publisher: &dyn Publisher = &facebook;
    let audience: &dyn AudienceReader = &facebook;
    let profiles: &dyn ProfileReader = &facebook;
    let route = format!("POST /{DEMO_PAGE_ID}/feed");

    let too_soon = Post::new("Ouvert ce soir").scheduled_at(w.now() + TimeDelta::minutes(5));
    let err = publisher.validate(&too_soon).unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(publisher.publish(&too_soon).await.is_err());
    assert_eq!(w.calls(&route), 0);

    let at = w.now() + TimeDelta::days(1);
    let draft = Post::new("Conférence gratuite : divorce et patrimoine, jeudi 18 h.")
        .with_link("https://www.example.com/conference-divorce")
        .scheduled_at(at);
    publisher.validate(&draft).unwrap();
    let published = publisher.publish(&draft).await.unwrap();
    assert_eq!(published.scheduled_at, Some(at));
    assert_eq!(
        published.url,
        Some(format!("https://www.facebook.com/{}", published.id))
    );
    {
        let state = w.state();
        let state = state.lock();
        assert_eq!(
            state.scheduled_time(published.id.as_str()),
            Some(at.timestamp())
        );
        assert_eq!(state.is_published(published.id.as_str()), Some(false));
        assert_eq!(
            state.post_message(published.id.as_str()),
            Some("Conférence gratuite : divorce et patrimoine, jeudi 18 h.")
        );
    }
    assert_eq!(w.calls(&route), 1);

    let reach = audience.audience().await.unwrap();
    assert_eq!(reach.account.as_str(), DEMO_PAGE_ID);
    assert_eq!(reach.fans, Some(1_284));
    assert_eq!(reach.followers, Some(1_342));

    let me = profiles.me().await.unwrap();
    assert_eq!(me.id.as_str(), DEMO_PAGE_ID);
    assert_eq!(me.name, DEMO_PAGE_NAME);
    assert_eq!(me.handle.as_deref(), Some("martin.associes.avocats"));
    assert_eq!(me.verified, Some(false));

    publisher.delete(&published.id).await.unwrap();
    assert!(
        !w.state()
            .lock()
            .posts(DEMO_PAGE_ID)
            .contains(&published.id.as_str().to_string())
    );
}

// <https://developers.facebook.com/docs/graph-api/reference/business/owned_pages/>: Pages held
// through a business portfolio may not appear in `/me/accounts`;
// `all_managed` adds them (each Page once), with their Page tokens.
#[tokio::test]
async fn all_managed_adds_the_pages_of_business_portfolios() {
    let w = World::new().await;
    let user = w.user();
    let direct = user
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    let all = user.pages().all_managed().await.unwrap();
    let ids: BTreeSet<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids.len(), all.len(), "each Page once: {ids:?}");
    assert!(ids.contains(DEMO_PAGE_ID));
    assert!(
        ids.contains(social_testkit::facebook::DEMO_BUSINESS_PAGE_ID),
        "{ids:?}"
    );
    assert!(all.len() > direct.len());
    let business_page = all
        .iter()
        .find(|a| a.id.as_str() == social_testkit::facebook::DEMO_BUSINESS_PAGE_ID)
        .unwrap();
    // Its Page token works as the Page.
    let page = user.for_page(business_page).unwrap();
    let profile = page.pages().get(&business_page.id).send().await.unwrap();
    assert_eq!(profile.id, business_page.id);
}
