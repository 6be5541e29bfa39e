//! OAuth 2.0: PKCE and Basic vectors (twitter.md §2.4 V5, V6), the authorization URL, the grants
//! on the wire, and the refreshing authenticator (reliability-security.md §7 cases 8, 9, 10).
//!
//! Time runs on a `ManualClock` shared by the token and API transports: it moves only when a test
//! advances it, so expiry is exact while the mock server does real I/O (tokio's paused clock jumps
//! ahead to pending timers, such as the HTTP timeout, whenever the runtime waits on a socket).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use base64::Engine;
use social_core::auth::oauth2::{basic_credentials, verify_state};
use social_core::auth::{
    AccessToken, ClientAuth, ClientSecret, MemoryTokenStore, OAuth2Client, OAuth2Config,
    OAuth2Dialect, PkceVerifier, RefreshToken, RefreshingAuth, StoreError, StoreLock, Swap,
    TokenSet, TokenStore,
};
use social_core::clock::{Clock, ManualClock};
use social_core::http::{RequestSpec, Transport};
use social_core::{AuthErrorKind, Error, Network};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const T0: u64 = 1_700_000_000;
const CLIENT_SECRET: &str = "SEKRIT-123-client";

fn clock() -> ManualClock {
    ManualClock::new(UNIX_EPOCH + Duration::from_secs(T0))
}

fn at(secs_after_t0: i64) -> SystemTime {
    UNIX_EPOCH + Duration::from_secs((T0 as i64 + secs_after_t0) as u64)
}

fn config(server: &MockServer) -> OAuth2Config {
    OAuth2Config::new("client-id", format!("{}/2/oauth2/token", server.uri()))
        .with_client_secret(ClientSecret::new(CLIENT_SECRET))
        .with_authorize_url("https://x.com/i/oauth2/authorize")
        .with_revoke_url(format!("{}/2/oauth2/revoke", server.uri()))
        .with_redirect_uri("https://app.example.com/callback")
}

fn oauth_client(server: &MockServer, config: OAuth2Config, clock: &ManualClock) -> OAuth2Client {
    let transport = Transport::builder(Network::X, server.uri())
        .dialect(Arc::new(OAuth2Dialect(Network::X)))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    OAuth2Client::with_transport(config, transport).unwrap()
}

fn basic_header() -> String {
    format!(
        "Basic {}",
        basic_credentials("client-id", &ClientSecret::new(CLIENT_SECRET))
    )
}

/// Matches a form body holding exactly these pairs, in any order.
fn form_is(expected: Vec<(&str, String)>) -> impl Fn(&Request) -> bool + Send + Sync + 'static {
    let mut expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    expected.sort();
    move |req: &Request| {
        let mut got: Vec<(String, String)> = url::form_urlencoded::parse(&req.body)
            .into_owned()
            .collect();
        got.sort();
        got == expected
    }
}

fn token_response(access: &str, refresh: Option<&str>) -> ResponseTemplate {
    let mut body = serde_json::json!({
        "token_type": "bearer",
        "expires_in": 7200,
        "access_token": access,
        "scope": "tweet.read users.read offline.access",
    });
    if let Some(r) = refresh {
        body["refresh_token"] = r.into();
    }
    ResponseTemplate::new(200).set_body_json(body)
}

/// Tokens issued at `issued` (seconds after T0) that live `lifetime` seconds.
fn tokens(access: &str, refresh: Option<&str>, issued: i64, lifetime: u64) -> TokenSet {
    let t = TokenSet::new(AccessToken::new(access))
        .with_lifetime(at(issued), Duration::from_secs(lifetime))
        .with_scopes(["tweet.read", "users.read", "offline.access"]);
    match refresh {
        Some(r) => t.with_refresh_token(RefreshToken::new(r)),
        None => t,
    }
}

type Events = Arc<Mutex<Vec<String>>>;

fn events(e: &Events) -> Vec<String> {
    e.lock().unwrap().clone()
}

/// A token store that records what it is asked, in one log shared with the API mock.
#[derive(Debug)]
struct RecordingStore {
    tokens: Mutex<Option<TokenSet>>,
    events: Events,
    failing_saves: AtomicUsize,
}

impl RecordingStore {
    fn new(tokens: TokenSet, events: &Events, failing_saves: usize) -> Arc<Self> {
        Arc::new(RecordingStore {
            tokens: Mutex::new(Some(tokens)),
            events: events.clone(),
            failing_saves: AtomicUsize::new(failing_saves),
        })
    }

    fn get(&self) -> Option<TokenSet> {
        self.tokens.lock().unwrap().clone()
    }
}

#[async_trait]
impl TokenStore for RecordingStore {
    async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
        self.events.lock().unwrap().push("load".into());
        Ok(self.get())
    }

    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        self.events.lock().unwrap().push("blind-save".into());
        *self.tokens.lock().unwrap() = Some(tokens.clone());
        Ok(())
    }

    async fn compare_and_swap(
        &self,
        expected: &RefreshToken,
        tokens: &TokenSet,
    ) -> Result<Swap, StoreError> {
        if let Some(stored) = self
            .get()
            .filter(|s| s.refresh_token.as_ref() != Some(expected))
        {
            self.events.lock().unwrap().push("conflict".into());
            return Ok(Swap::Conflict(stored));
        }
        if self
            .failing_saves
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            self.events.lock().unwrap().push("save-failed".into());
            return Err("disk full".into());
        }
        let refresh = tokens.refresh_token.as_ref().map_or("-", |r| r.secret());
        self.events.lock().unwrap().push(format!("save:{refresh}"));
        *self.tokens.lock().unwrap() = Some(tokens.clone());
        Ok(Swap::Saved)
    }

    async fn clear(&self) -> Result<(), StoreError> {
        self.events.lock().unwrap().push("clear".into());
        *self.tokens.lock().unwrap() = None;
        Ok(())
    }

    async fn lock(&self) -> Result<StoreLock, StoreError> {
        self.events.lock().unwrap().push("lock".into());
        Ok(StoreLock::new(Unlock(self.events.clone())))
    }
}

/// Logs "unlock" when the store's lock guard is dropped.
struct Unlock(Events);

impl Drop for Unlock {
    fn drop(&mut self) {
        self.0.lock().unwrap().push("unlock".into());
    }
}

/// An API responder that logs the bearer it received into the shared log.
struct LoggedApi {
    events: Events,
    status: u16,
}

impl Respond for LoggedApi {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let auth = req.headers["authorization"].to_str().unwrap();
        self.events.lock().unwrap().push(format!("api:{auth}"));
        ResponseTemplate::new(self.status)
            .set_body_json(serde_json::json!({"data": {"id": "2244994945"}}))
    }
}

fn api_transport(server: &MockServer, clock: &ManualClock, auth: Arc<RefreshingAuth>) -> Transport {
    Transport::builder(Network::X, server.uri())
        .authenticator(auth)
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap()
}

async fn mount_refresh(server: &MockServer, old_refresh: &str, response: ResponseTemplate, n: u64) {
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(header("authorization", basic_header().as_str()))
        .and(form_is(vec![
            ("grant_type", "refresh_token".into()),
            ("refresh_token", old_refresh.into()),
        ]))
        .respond_with(response)
        .expect(n)
        .mount(server)
        .await;
}

async fn mount_api(server: &MockServer, bearer: &str, events: &Events, status: u16, n: u64) {
    Mock::given(method("GET"))
        .and(path("/2/users/me"))
        .and(header("authorization", format!("Bearer {bearer}").as_str()))
        .respond_with(LoggedApi {
            events: events.clone(),
            status,
        })
        .expect(n)
        .mount(server)
        .await;
}

async fn me(api: &Transport) -> social_core::Result<serde_json::Value> {
    api.execute_json(RequestSpec::get("2/users/me")).await
}

// V5: RFC 7636 Appendix B.
#[test]
fn pkce_s256_vector_and_generated_verifiers() {
    let octets: [u8; 32] = [
        116, 24, 223, 180, 151, 153, 224, 37, 79, 250, 96, 125, 216, 173, 187, 186, 22, 212, 37,
        77, 105, 214, 191, 240, 91, 88, 5, 88, 83, 132, 141, 121,
    ];
    let encoded = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(octets);
    assert_eq!(encoded, "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    let verifier = PkceVerifier::new(encoded);
    assert_eq!(
        verifier.s256_challenge(),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
    for _ in 0..16 {
        let v = PkceVerifier::generate();
        assert!((43..=128).contains(&v.secret().len()));
        assert!(
            v.secret()
                .bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"-._~".contains(&c))
        );
        assert_eq!(v.s256_challenge().len(), 43);
    }
}

// V6: X application-only example; RFC 6749 §2.3.1 form-encodes id and secret first.
#[test]
fn basic_credentials_vectors() {
    assert_eq!(
        basic_credentials(
            "xvz1evFS4wEEPTGEFPHBog",
            &ClientSecret::new("L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg")
        ),
        "eHZ6MWV2RlM0d0VFUFRHRUZQSEJvZzpMOHFxOVBaeVJnNmllS0dFS2hab2xHQzB2SldMdzhpRUo4OERSZHlPZw=="
    );
    // RFC 2617's `Aladdin:open sesame` (QWxhZGRpbjpvcGVuIHNlc2FtZQ==) encodes the raw space;
    // OAuth 2.0 client credentials form-encode it to `+` first.
    let b = basic_credentials("Aladdin", &ClientSecret::new("open sesame"));
    assert_ne!(b, "QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
    assert_eq!(
        b,
        base64::engine::general_purpose::STANDARD.encode("Aladdin:open+sesame")
    );
}

#[tokio::test]
async fn authorize_url_then_code_exchange_on_the_wire() {
    let server = MockServer::start().await;
    let clock = clock();
    let client = oauth_client(&server, config(&server), &clock);

    let request = client
        .authorize_url()
        .scopes(["tweet.read", "users.read"])
        .scope("offline.access")
        .param("prompt", "consent")
        .build()
        .unwrap();
    let url = url::Url::parse(request.url.as_str()).unwrap();
    assert_eq!(url.host_str(), Some("x.com"));
    assert_eq!(url.path(), "/i/oauth2/authorize");
    let verifier = request.pkce_verifier.unwrap();
    let query: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let expected: Vec<(String, String)> = [
        ("response_type", "code"),
        ("client_id", "client-id"),
        ("redirect_uri", "https://app.example.com/callback"),
        ("scope", "tweet.read users.read offline.access"),
        ("state", request.state.as_str()),
        ("code_challenge", verifier.s256_challenge().as_str()),
        ("code_challenge_method", "S256"),
        ("prompt", "consent"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    assert_eq!(query, expected);
    assert!(request.state.len() >= 32);
    assert!(verify_state(&request.state, &request.state.clone()));
    assert!(!verify_state(&request.state, "forged"));
    assert!(!request.url.as_str().contains(verifier.secret()));

    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(header("authorization", basic_header().as_str()))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(form_is(vec![
            ("grant_type", "authorization_code".into()),
            ("code", "the-code".into()),
            ("redirect_uri", "https://app.example.com/callback".into()),
            ("code_verifier", verifier.secret().to_string()),
        ]))
        .respond_with(token_response("new-access", Some("new-refresh")))
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client
        .exchange_code("the-code", Some(verifier))
        .await
        .unwrap();
    assert_eq!(tokens.access_token.secret(), "new-access");
    assert_eq!(tokens.refresh_token.unwrap().secret(), "new-refresh");
    assert_eq!(tokens.issued_at, Some(at(0)));
    assert_eq!(tokens.expires_at, Some(at(7200)));
    assert_eq!(
        tokens.scopes,
        ["tweet.read", "users.read", "offline.access"]
    );
    assert_eq!(tokens.token_type, "bearer");
}

#[tokio::test]
async fn public_client_sends_its_id_in_the_body_and_no_basic_header() {
    let server = MockServer::start().await;
    let config = OAuth2Config::new("public-id", format!("{}/2/oauth2/token", server.uri()));
    assert_eq!(config.client_auth(), ClientAuth::RequestBody);
    let client = oauth_client(&server, config, &clock());
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(|req: &Request| !req.headers.contains_key("authorization"))
        .and(form_is(vec![
            ("grant_type", "authorization_code".into()),
            ("code", "c".into()),
            ("client_id", "public-id".into()),
        ]))
        .respond_with(token_response("a", None))
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client.exchange_code("c", None).await.unwrap();
    assert!(tokens.refresh_token.is_none());

    let no_secret =
        OAuth2Config::new("id", "https://example.com/token").with_client_auth(ClientAuth::Basic);
    let err = OAuth2Client::new(Network::X, no_secret).unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn app_only_bearer_is_a_client_credentials_grant() {
    let server = MockServer::start().await;
    let config = OAuth2Config::new(
        "xvz1evFS4wEEPTGEFPHBog",
        format!("{}/oauth2/token", server.uri()),
    )
    .with_client_secret(ClientSecret::new(
        "L8qq9PZyRg6ieKGEKhZolGC0vJWLw8iEJ88DRdyOg",
    ));
    let client = oauth_client(&server, config, &clock());
    Mock::given(method("POST"))
        .and(path("/oauth2/token"))
        .and(header(
            "authorization",
            "Basic eHZ6MWV2RlM0d0VFUFRHRUZQSEJvZzpMOHFxOVBaeVJnNmllS0dFS2hab2xHQzB2SldMdzhpRUo4OERSZHlPZw==",
        ))
        .and(form_is(vec![("grant_type", "client_credentials".into())]))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"token_type": "bearer", "access_token": "AAAA%2FAAA"})),
        )
        .expect(1)
        .mount(&server)
        .await;
    let tokens = client.client_credentials::<&str>([]).await.unwrap();
    assert_eq!(tokens.access_token.secret(), "AAAA%2FAAA");
    assert_eq!(tokens.expires_at, None);
}

#[tokio::test]
async fn revoke_sends_the_token_and_its_hint() {
    let server = MockServer::start().await;
    let client = oauth_client(&server, config(&server), &clock());
    Mock::given(method("POST"))
        .and(path("/2/oauth2/revoke"))
        .and(header("authorization", basic_header().as_str()))
        .and(form_is(vec![
            ("token", "the-refresh".into()),
            ("token_type_hint", "refresh_token".into()),
        ]))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    client
        .revoke_refresh_token(&RefreshToken::new("the-refresh"))
        .await
        .unwrap();

    let no_revoke = oauth_client(
        &server,
        OAuth2Config::new("id", format!("{}/t", server.uri())),
        &clock(),
    );
    let err = no_revoke
        .revoke_access_token(&AccessToken::new("a"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

#[tokio::test]
async fn a_refresh_without_a_new_refresh_token_keeps_the_old_one() {
    let server = MockServer::start().await;
    let client = oauth_client(&server, config(&server), &clock());
    mount_refresh(&server, "kept", token_response("a2", None), 1).await;
    let tokens = client.refresh(&RefreshToken::new("kept")).await.unwrap();
    assert_eq!(tokens.access_token.secret(), "a2");
    assert_eq!(tokens.refresh_token.unwrap().secret(), "kept");
}

// Case 8: 20 concurrent calls with an expired token → one refresh, saved before first use.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_calls_share_one_refresh_saved_before_use() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    let store = RecordingStore::new(
        tokens("old-access", Some("old-refresh"), -7200, 7200),
        &log,
        0,
    );
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")).set_delay(Duration::from_millis(200)),
        1,
    )
    .await;
    mount_api(&server, "new-access", &log, 200, 20).await;

    let auth = Arc::new(
        RefreshingAuth::from_store(
            oauth_client(&server, config(&server), &clock),
            store.clone(),
        )
        .await
        .unwrap(),
    );
    log.lock().unwrap().clear(); // forget the initial load
    let api = api_transport(&server, &clock, auth.clone());
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move { me(&api).await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }

    let log = events(&log);
    assert_eq!(log.len(), 24, "{log:?}");
    assert_eq!(
        log[..4],
        ["lock", "load", "save:new-refresh", "unlock"],
        "re-read and saved under the store's lock, before any use: {log:?}"
    );
    assert!(
        log[4..].iter().all(|e| e == "api:Bearer new-access"),
        "{log:?}"
    );
    assert_eq!(
        store.get().unwrap().refresh_token.unwrap().secret(),
        "new-refresh"
    );
    let current = auth.tokens().await.unwrap();
    assert_eq!(current.access_token.secret(), "new-access");
    assert_eq!(current.expires_at, Some(at(7200)));
}

// Case 9: the save fails → TokenPersist, new pair kept in memory, saved before the next use.
#[tokio::test]
async fn a_failed_save_keeps_the_new_pair_and_retries_the_save_first() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    let store = RecordingStore::new(
        tokens("old-access", Some("old-refresh"), -7200, 7200),
        &log,
        1,
    );
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    mount_api(&server, "new-access", &log, 200, 1).await;
    let seen = Arc::new(AtomicUsize::new(0));
    let seen_in_callback = seen.clone();
    let auth = Arc::new(
        RefreshingAuth::new(
            oauth_client(&server, config(&server), &clock),
            store.clone(),
            tokens("old-access", Some("old-refresh"), -7200, 7200),
        )
        .with_token_callback(move |t| {
            assert_eq!(t.refresh_token.as_ref().unwrap().secret(), "new-refresh");
            seen_in_callback.fetch_add(1, Ordering::SeqCst);
        }),
    );
    let api = api_transport(&server, &clock, auth.clone());

    let err = me(&api).await.unwrap_err();
    assert!(matches!(err, Error::TokenPersist { .. }), "{err:?}");
    assert!(err.to_string().contains("disk full"));
    let in_memory = auth.tokens().await.unwrap();
    assert_eq!(in_memory.access_token.secret(), "new-access");
    assert_eq!(in_memory.refresh_token.unwrap().secret(), "new-refresh");
    assert_eq!(
        store.get().unwrap().refresh_token.unwrap().secret(),
        "old-refresh"
    );

    me(&api).await.unwrap();
    assert_eq!(
        events(&log),
        [
            "lock",
            "load",
            "save-failed",
            "unlock",
            "lock",
            "save:new-refresh",
            "unlock",
            "api:Bearer new-access"
        ]
    );
    assert_eq!(
        seen.load(Ordering::SeqCst),
        1,
        "one new token set, one callback"
    );
}

// Case 10a: invalid_grant → one request, ReauthorizationRequired, store cleared, no retry.
#[tokio::test]
async fn invalid_grant_requires_reauthorization_and_clears_the_store() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    let store = RecordingStore::new(
        tokens("old-access", Some("old-refresh"), -7200, 7200),
        &log,
        0,
    );
    mount_refresh(
        &server,
        "old-refresh",
        ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_grant",
            "error_description": "Value passed for the token was invalid."
        })),
        1,
    )
    .await;
    mount_api(&server, "old-access", &log, 200, 0).await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store.clone(),
        tokens("old-access", Some("old-refresh"), -7200, 7200),
    ));
    let api = api_transport(&server, &clock, auth.clone());

    for _ in 0..2 {
        let err = me(&api).await.unwrap_err();
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
        assert!(!format!("{err} {err:?}").contains("old-refresh"));
    }
    // The store is re-read before the refresh, and again after `invalid_grant` (it still holds
    // the refused token: no sibling rotated it), then cleared; the second call only re-reads.
    assert_eq!(
        events(&log),
        ["lock", "load", "load", "clear", "unlock", "load"]
    );
    assert!(store.get().is_none());
    assert!(auth.tokens().await.is_none());
}

// A rejected client is a configuration problem: the stored grant is kept.
#[tokio::test]
async fn invalid_client_is_a_config_error_and_keeps_the_tokens() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    let store = RecordingStore::new(
        tokens("old-access", Some("old-refresh"), -7200, 7200),
        &log,
        0,
    );
    mount_refresh(
        &server,
        "old-refresh",
        ResponseTemplate::new(401).set_body_json(serde_json::json!({"error": "invalid_client"})),
        1,
    )
    .await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store.clone(),
        tokens("old-access", Some("old-refresh"), -7200, 7200),
    ));
    let err = me(&api_transport(&server, &clock, auth.clone()))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(!err.to_string().contains(CLIENT_SECRET));
    assert_eq!(events(&log), ["lock", "load", "unlock"], "nothing saved or cleared");
    assert!(store.get().is_some() && auth.tokens().await.is_some());
}

// Case 10b: two 401s → one forced refresh, one replay, then the 401 is the caller's.
#[tokio::test]
async fn a_401_forces_one_refresh_and_one_replay_only() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    let store = RecordingStore::new(tokens("old-access", Some("old-refresh"), 0, 7200), &log, 0);
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    mount_api(&server, "old-access", &log, 401, 1).await;
    mount_api(&server, "new-access", &log, 401, 1).await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store.clone(),
        tokens("old-access", Some("old-refresh"), 0, 7200),
    ));
    let err = me(&api_transport(&server, &clock, auth)).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::Unauthorized,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        events(&log),
        [
            "api:Bearer old-access",
            "lock",
            "load",
            "save:new-refresh",
            "unlock",
            "api:Bearer new-access"
        ]
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

// A 401 for a token generation that was already replaced does not refresh again.
#[tokio::test]
async fn a_stale_401_does_not_refresh_again() {
    use social_core::auth::Authenticator;
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let auth = RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        Arc::new(MemoryTokenStore::new()),
        tokens("old-access", Some("old-refresh"), 0, 7200),
    );
    // Two requests signed with generation 1 both get a 401: only the first refreshes.
    assert!(auth.on_unauthorized(1).await.unwrap());
    assert!(auth.on_unauthorized(1).await.unwrap());
}

// Refresh ahead of expiry: inside max(60 s, 10 % of the lifetime) the refresh comes first.
#[tokio::test]
async fn refreshes_ahead_of_expiry() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    let store = RecordingStore::new(tokens("old-access", Some("old-refresh"), 0, 3600), &log, 0);
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    mount_api(&server, "old-access", &log, 200, 1).await;
    mount_api(&server, "new-access", &log, 200, 1).await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store,
        tokens("old-access", Some("old-refresh"), 0, 3600),
    ));
    let api = api_transport(&server, &clock, auth.clone());

    clock.advance(Duration::from_secs(3000)); // 600 s left: more than the 360 s margin
    me(&api).await.unwrap();
    clock.advance(Duration::from_secs(300)); // 300 s left: inside the margin, not yet expired
    assert!(!auth.tokens().await.unwrap().is_expired(clock.now()));
    me(&api).await.unwrap();
    assert_eq!(
        events(&log),
        [
            "api:Bearer old-access",
            "lock",
            "load",
            "save:new-refresh",
            "unlock",
            "api:Bearer new-access"
        ]
    );
    assert_eq!(
        auth.tokens().await.unwrap().expires_at,
        Some(at(3300 + 7200))
    );
}

// Without a refresh token an expired token is an error before anything is sent; inside the
// margin it is still used.
#[tokio::test]
async fn without_a_refresh_token_an_expired_token_is_expired() {
    let server = MockServer::start().await;
    let clock = clock();
    let log: Events = Events::default();
    mount_api(&server, "only-access", &log, 200, 1).await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        Arc::new(MemoryTokenStore::new()),
        tokens("only-access", None, 0, 3600),
    ));
    let api = api_transport(&server, &clock, auth);
    clock.advance(Duration::from_secs(3590));
    me(&api).await.unwrap();
    clock.advance(Duration::from_secs(10));
    let err = me(&api).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::Expired,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn from_store_needs_stored_tokens() {
    let server = MockServer::start().await;
    let client = oauth_client(&server, config(&server), &clock());
    let err = RefreshingAuth::from_store(client, Arc::new(MemoryTokenStore::new()))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::Missing,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn debug_output_has_no_secret() {
    let server = MockServer::start().await;
    let marker = "SEKRIT-123";
    let set = TokenSet::new(AccessToken::new(format!("{marker}-access")))
        .with_refresh_token(RefreshToken::new(format!("{marker}-refresh")));
    let config = config(&server);
    let client = oauth_client(&server, config.clone(), &clock());
    let request = client.authorize_url().build().unwrap();
    let auth = RefreshingAuth::new(
        client.clone(),
        Arc::new(MemoryTokenStore::with_tokens(set.clone())),
        set.clone(),
    );
    for text in [
        format!("{set:?}"),
        format!("{config:?}"),
        format!("{client:?}"),
        format!("{auth:?}"),
        format!("{request:?}"),
        format!("{:?}", MemoryTokenStore::with_tokens(set.clone())),
    ] {
        assert!(!text.contains(marker), "{text}");
    }
    // What a store persists does hold the secrets (that is its job).
    assert!(serde_json::to_string(&set).unwrap().contains(marker));
}
