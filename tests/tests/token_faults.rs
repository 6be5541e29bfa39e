//! Token refresh under failure, end to end through a public client (`TwitterClient` with a
//! `RefreshingAuth`): issue 8 cases 1 to 4. Broken token endpoints are wiremock answers; the
//! sibling cases run against the stateful X fake, whose refresh tokens rotate and whose reuse of
//! a rotated refresh token revokes the whole grant, as X reportedly does.
//!
//! Time runs on a `ManualClock` shared by the token and API transports: it moves only when a test
//! advances it, so expiry is exact while the servers do real I/O.

use std::sync::Arc;
use std::time::Duration;

use social_core::auth::{
    AccessToken, ClientSecret, FileTokenStore, MemoryTokenStore, OAuth2Client, OAuth2Config,
    PkceVerifier, RefreshToken, RefreshingAuth, TokenSet, TokenStore,
};
use social_core::clock::{Clock, ManualClock};
use social_core::http::{Jitter, RetryPolicy, Transport};
use social_core::{AuthErrorKind, Error, Network, TransportErrorKind};
use social_testkit::FakeServer;
use social_testkit::x::XFake;
use social_twitter::TwitterClient;
use social_twitter::auth::XOAuth2Dialect;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN_ENDPOINT: &str = "POST /2/oauth2/token";

/// An OAuth 2.0 client whose token endpoint is `{base}/2/oauth2/token`, on `clock`.
fn oauth_client(base: &str, clock: &ManualClock) -> OAuth2Client {
    let token_url = format!("{base}/2/oauth2/token");
    let config = OAuth2Config::new("my-client-id", &token_url)
        .with_client_secret(ClientSecret::new("my-client-secret"));
    let transport = Transport::builder(Network::X, token_url)
        .dialect(Arc::new(XOAuth2Dialect))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    OAuth2Client::with_transport(config, transport).unwrap()
}

fn x_client(base: &str, clock: &ManualClock, auth: RefreshingAuth) -> TwitterClient {
    TwitterClient::builder()
        .base_url(base)
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .oauth2(auth)
        .build()
        .unwrap()
}

/// Tokens that expired an hour ago.
fn expired(clock: &ManualClock) -> TokenSet {
    TokenSet::new(AccessToken::new("old-access"))
        .with_refresh_token(RefreshToken::new("old-refresh"))
        .with_lifetime(
            clock.now() - Duration::from_secs(7200 + 3600),
            Duration::from_secs(7200),
        )
}

/// A client whose token expired, for a server at `base` whose token endpoint answers as the
/// test mounted.
fn expired_client(base: &str, token_base: &str, clock: &ManualClock) -> TwitterClient {
    let store = Arc::new(MemoryTokenStore::with_tokens(expired(clock)));
    let auth = RefreshingAuth::new(oauth_client(token_base, clock), store, expired(clock));
    x_client(base, clock, auth)
}

/// The create route, which must see `n` requests.
async fn mount_create(server: &MockServer, n: u64) {
    Mock::given(method("POST"))
        .and(path("/2/tweets"))
        .respond_with(
            ResponseTemplate::new(201)
                .set_body_json(serde_json::json!({"data": {"id": "1", "text": "hello"}})),
        )
        .expect(n)
        .named("create")
        .mount(server)
        .await;
}

async fn mount_token(server: &MockServer, response: ResponseTemplate, n: u64) {
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(response)
        .expect(n)
        .named("token endpoint")
        .mount(server)
        .await;
}

fn assert_not_sent(err: &Error) {
    assert!(!matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains(TOKEN_ENDPOINT), "{text}");
    assert!(text.contains("the request was not sent"), "{text}");
}

fn assert_outcome_unknown(err: &Error) {
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::RefreshOutcomeUnknown,
                ..
            }
        ),
        "{err:?}"
    );
    assert_not_sent(err);
}

// Case 1: 20 concurrent creates with an expired token and a token endpoint answering 503: one
// token request, no create sent, and every caller gets the refresh's failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn case1_failed_refresh_is_single_flight() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    mount_token(
        &server,
        ResponseTemplate::new(503).set_delay(Duration::from_millis(100)),
        1,
    )
    .await;
    mount_create(&server, 0).await;
    let x = expired_client(&server.uri(), &server.uri(), &clock);
    let calls: Vec<_> = (0..20)
        .map(|i| {
            let x = x.clone();
            tokio::spawn(async move { x.tweets().create(format!("post {i}")).send().await })
        })
        .collect();
    for call in calls {
        assert_outcome_unknown(&call.await.unwrap().unwrap_err());
    }
}

// Case 2: a create whose token cannot be refreshed is not sent, and its error is about the
// refresh (naming the token endpoint), never `Unconfirmed`: an ambiguous refresh (503) says the
// refresh token may be used up; an unreachable token endpoint is a connection error.
#[tokio::test]
async fn case2_a_create_with_a_broken_token_endpoint_is_not_sent() {
    let server = MockServer::start().await;
    let clock = ManualClock::starting_now();
    mount_token(&server, ResponseTemplate::new(503), 1).await;
    mount_create(&server, 0).await;
    let x = expired_client(&server.uri(), &server.uri(), &clock);
    let err = x.tweets().create("hello").send().await.unwrap_err();
    assert_outcome_unknown(&err);
    assert!(!err.is_retryable(), "{err:?}");

    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let x = expired_client(&server.uri(), &closed, &clock);
    let err = x.tweets().create("hello").send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert_not_sent(&err);
}

/// The X fake, one user signed in (tokens from a real code exchange with PKCE), and the clock.
struct World {
    x: XFake,
    server: FakeServer,
    clock: ManualClock,
    tokens: TokenSet,
}

impl World {
    async fn signed_in() -> Self {
        let x = XFake::default();
        let server = FakeServer::start(()).await;
        server.mount("", &x).await;
        let clock = ManualClock::starting_now();
        let alice = x.add_user("alice", "Alice");
        let verifier = PkceVerifier::generate();
        let code = x.authorization_code(
            &alice,
            &verifier.s256_challenge(),
            "tweet.read tweet.write users.read offline.access",
        );
        let tokens = oauth_client(&server.uri(), &clock)
            .exchange_code(&code, Some(verifier))
            .await
            .unwrap();
        World {
            x,
            server,
            clock,
            tokens,
        }
    }

    fn client(&self, store: Arc<dyn TokenStore>) -> TwitterClient {
        let auth = RefreshingAuth::new(
            oauth_client(&self.server.uri(), &self.clock),
            store,
            self.tokens.clone(),
        );
        x_client(&self.server.uri(), &self.clock, auth)
    }

    async fn creates(&self) -> usize {
        self.server
            .received_requests()
            .await
            .iter()
            .filter(|r| r.method.as_str() == "POST" && r.url.path() == "/2/tweets")
            .count()
    }
}

/// Two clients of one user, sharing `stores` (one store, or two views of one file), both past
/// expiry, post at once: one token request, both posts published, and the grant is alive.
async fn two_siblings_post_at_once(w: &World, a: Arc<dyn TokenStore>, b: Arc<dyn TokenStore>) {
    let (x_a, x_b) = (w.client(a), w.client(b));
    w.clock.advance(Duration::from_secs(7200 + 1));
    let before = w.x.token_requests();
    let (ra, rb) = tokio::join!(
        x_a.tweets().create("from worker a").send(),
        x_b.tweets().create("from worker b").send()
    );
    ra.unwrap();
    rb.unwrap();
    assert_eq!(w.x.token_requests(), before + 1, "one refresh for both");
    assert_eq!(w.creates().await, 2);
    // Neither was logged out: both still post, with no other refresh.
    x_a.tweets().create("a again").send().await.unwrap();
    x_b.tweets().create("b again").send().await.unwrap();
    assert_eq!(w.x.token_requests(), before + 1);
}

// Case 3: two clients sharing a store, both past expiry: the second waits for the first's
// refresh and adopts its tokens instead of replaying the spent refresh token (which X answers
// with `invalid_grant`, revoking the grant and logging both out).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case3_invalid_grant_never_logs_out_a_sibling() {
    let w = World::signed_in().await;
    let store = MemoryTokenStore::with_tokens(w.tokens.clone());
    two_siblings_post_at_once(&w, Arc::new(store.clone()), Arc::new(store.clone())).await;
    assert_ne!(
        store.get().unwrap().refresh_token,
        w.tokens.refresh_token,
        "the rotation is stored"
    );
}

// Case 4: the same with two `FileTokenStore`s of one path (two processes on one machine): the
// file lock serialises the refreshes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case4_two_file_stores_of_one_path_make_one_token_call() {
    let w = World::signed_in().await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x-tokens.json");
    FileTokenStore::new(&file).save(&w.tokens).await.unwrap();
    two_siblings_post_at_once(
        &w,
        Arc::new(FileTokenStore::new(&file)),
        Arc::new(FileTokenStore::new(&file)),
    )
    .await;
    let stored = FileTokenStore::new(&file).load().await.unwrap().unwrap();
    assert_ne!(stored.refresh_token, w.tokens.refresh_token);
}
