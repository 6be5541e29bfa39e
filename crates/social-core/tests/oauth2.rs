//! OAuth 2.0: the published PKCE vector (RFC 7636 Appendix B) and Basic client authentication
//! (X's application-only example), the authorization URL, the grants on the wire, and the
//! refreshing authenticator (refresh ahead of expiry, one refresh at a time, rotated tokens
//! handed to the store).
//!
//! Time runs on a `ManualClock` shared by the token and API transports: it moves only when a test
//! advances it, so expiry is exact while the mock server does real I/O (tokio's paused clock jumps
//! ahead to pending timers, such as the HTTP timeout, whenever the runtime waits on a socket).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use async_trait::async_trait;
use base64::Engine;
use futures_util::FutureExt;
use social_core::auth::oauth2::{basic_credentials, verify_state};
use social_core::auth::{
    AccessToken, ClientAuth, ClientSecret, FileTokenStore, MemoryTokenStore, OAuth2Client,
    OAuth2Config, OAuth2Dialect, PkceVerifier, RefreshToken, RefreshingAuth, StoreError, StoreLock,
    Swap, TokenSet, TokenStore,
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

// RFC 7636 Appendix B: <https://www.rfc-editor.org/rfc/rfc7636#appendix-B>.
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

// X's application-only example
// (<https://docs.x.com/fundamentals/authentication/oauth-2-0/application-only>); RFC 6749
// section 2.3.1 form-encodes id and secret first
// (<https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1>).
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
    assert_eq!(
        events(&log),
        ["lock", "load", "unlock"],
        "nothing saved or cleared"
    );
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
    let store = RecordingStore::new(tokens("only-access", None, 0, 3600), &log, 0);
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store,
        tokens("only-access", None, 0, 3600),
    ));
    let api = api_transport(&server, &clock, auth);
    clock.advance(Duration::from_secs(3590));
    me(&api).await.unwrap();
    // Inside the margin, but with nothing to refresh with: not even the store is consulted.
    assert_eq!(events(&log), ["api:Bearer only-access"]);
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
    assert!(format!("{auth:?}").contains("backoff: 10s"), "{auth:?}");
    // What a store persists does hold the secrets (that is its job).
    assert!(serde_json::to_string(&set).unwrap().contains(marker));
}

// ---------------------------------------------------------------------------------------------
// Issue 8, cases 1–4: refresh failures, shared and durable token stores.
// ---------------------------------------------------------------------------------------------

const TOKEN_ENDPOINT: &str = "POST /2/oauth2/token";

fn expired_tokens() -> TokenSet {
    tokens("old-access", Some("old-refresh"), -7200, 7200)
}

fn refreshing(
    server: &MockServer,
    clock: &ManualClock,
    store: Arc<dyn TokenStore>,
) -> RefreshingAuth {
    let tokens = expired_tokens();
    RefreshingAuth::new(oauth_client(server, config(server), clock), store, tokens)
}

fn memory_store(tokens: TokenSet) -> Arc<MemoryTokenStore> {
    Arc::new(MemoryTokenStore::with_tokens(tokens))
}

async fn create(api: &Transport) -> social_core::Result<serde_json::Value> {
    api.execute_json(RequestSpec::post("2/tweets").json(&serde_json::json!({"text": "hello"})))
        .await
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
        .mount(server)
        .await;
}

/// A token-endpoint answer for the refresh of `old_refresh`, served `times` times at most, to be
/// requested exactly `times` times.
async fn mount_refresh_times(
    server: &MockServer,
    old_refresh: &str,
    response: ResponseTemplate,
    times: u64,
) {
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .and(form_is(vec![
            ("grant_type", "refresh_token".into()),
            ("refresh_token", old_refresh.into()),
        ]))
        .respond_with(response)
        .up_to_n_times(times)
        .expect(times)
        .mount(server)
        .await;
}

async fn token_requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == "/2/oauth2/token")
        .count()
}

fn auth_kind(err: &Error) -> Option<&AuthErrorKind> {
    match err {
        Error::Auth { kind, .. } => Some(kind),
        _ => None,
    }
}

/// The error is an ambiguous refresh reported as such: not `Unconfirmed`, naming the token
/// endpoint, saying the request was not sent.
fn assert_refresh_outcome_unknown(err: &Error) {
    assert_eq!(
        auth_kind(err),
        Some(&AuthErrorKind::RefreshOutcomeUnknown),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(text.contains(TOKEN_ENDPOINT), "{text}");
    assert!(text.contains("the request was not sent"), "{text}");
    assert!(text.contains("may have been used up"), "{text}");
    assert!(!text.contains("old-refresh"), "{text}");
}

// Case 1: 20 concurrent calls with an expired token and a token endpoint answering 503 make one
// token request, and all 20 get the failure.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn case1_failed_refresh_is_single_flight() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(
        &server,
        "old-refresh",
        ResponseTemplate::new(503).set_delay(Duration::from_millis(100)),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "old-access", &log, 200, 0).await;
    let store = memory_store(expired_tokens());
    let auth = Arc::new(refreshing(&server, &clock, store.clone()));
    let api = api_transport(&server, &clock, auth.clone());
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let api = api.clone();
            tokio::spawn(async move { me(&api).await })
        })
        .collect();
    for call in calls {
        assert_refresh_outcome_unknown(&call.await.unwrap().unwrap_err());
    }
    assert_eq!(token_requests(&server).await, 1);
    // The grant may still be good: nothing was thrown away.
    assert_eq!(store.get(), Some(expired_tokens()));
    assert_eq!(auth.tokens().await, Some(expired_tokens()));
}

/// A store whose `lock` waits for the test to open a gate, and says when it is asked.
#[derive(Debug)]
struct GatedStore {
    inner: MemoryTokenStore,
    asked: tokio::sync::Notify,
    gate: Arc<tokio::sync::Semaphore>,
}

#[async_trait]
impl TokenStore for GatedStore {
    async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
        self.inner.load().await
    }
    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        self.inner.save(tokens).await
    }
    async fn compare_and_swap(
        &self,
        expected: &RefreshToken,
        new: &TokenSet,
    ) -> Result<Swap, StoreError> {
        self.inner.compare_and_swap(expected, new).await
    }
    async fn clear(&self) -> Result<(), StoreError> {
        self.inner.clear().await
    }
    async fn lock(&self) -> Result<StoreLock, StoreError> {
        self.asked.notify_one();
        let permit = self.gate.clone().acquire_owned().await?;
        Ok(StoreLock::new(permit))
    }
}

// Case 1, without a backoff: the callers that waited for the failed refresh share its failure
// (they are counted in before it ends), and the first caller after it tries again.
#[tokio::test]
async fn case1_waiters_share_the_failure_even_without_a_backoff() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh_times(&server, "old-refresh", ResponseTemplate::new(503), 1).await;
    mount_refresh_times(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 1).await;
    let store = Arc::new(GatedStore {
        inner: MemoryTokenStore::with_tokens(expired_tokens()),
        asked: tokio::sync::Notify::new(),
        gate: Arc::new(tokio::sync::Semaphore::new(0)),
    });
    let auth =
        Arc::new(refreshing(&server, &clock, store.clone()).with_refresh_backoff(Duration::ZERO));
    let api = api_transport(&server, &clock, auth.clone());
    let spawn = || {
        let api = api.clone();
        tokio::spawn(async move { me(&api).await })
    };

    // The first caller starts the refresh and stops at the store's lock.
    let mut first = spawn();
    tokio::select! {
        () = store.asked.notified() => {}
        done = &mut first => panic!("the first call never asked for the store's lock: {done:?}"),
    }
    // 19 more queue up behind it (this runtime has one thread: each runs until it waits).
    let waiting: Vec<_> = (0..19).map(|_| spawn()).collect();
    for _ in 0..10 {
        tokio::task::yield_now().await;
    }
    store.gate.add_permits(100);
    assert_refresh_outcome_unknown(&first.await.unwrap().unwrap_err());
    for call in waiting {
        assert_refresh_outcome_unknown(&call.await.unwrap().unwrap_err());
    }
    assert_eq!(token_requests(&server).await, 1, "one request for the wave");

    // No backoff: the next caller refreshes at once.
    me(&api).await.unwrap();
    assert_eq!(token_requests(&server).await, 2);
    assert_eq!(
        store.inner.get().unwrap().refresh_token.unwrap().secret(),
        "new-refresh"
    );
}

// Case 1: during the backoff (10 s by default) callers with an expired token fail at once with
// the remembered failure; the first one after it tries once more.
#[tokio::test]
async fn case1_callers_fail_fast_during_the_default_backoff() {
    assert_eq!(RefreshingAuth::DEFAULT_BACKOFF, Duration::from_secs(10));
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh_times(&server, "old-refresh", ResponseTemplate::new(503), 1).await;
    mount_refresh_times(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 1).await;
    let auth = Arc::new(refreshing(&server, &clock, memory_store(expired_tokens())));
    let api = api_transport(&server, &clock, auth);

    assert_refresh_outcome_unknown(&me(&api).await.unwrap_err());
    clock.advance(Duration::from_secs(9));
    let remembered = me(&api).await.unwrap_err();
    assert_refresh_outcome_unknown(&remembered);
    assert_eq!(remembered.status(), Some(503), "the remembered failure");
    assert_eq!(
        token_requests(&server).await,
        1,
        "no request during the backoff"
    );
    clock.advance(Duration::from_secs(1));
    me(&api).await.unwrap();
    assert_eq!(token_requests(&server).await, 2);
}

// Case 1: the backoff is configurable.
#[tokio::test]
async fn case1_the_backoff_is_configurable() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh_times(&server, "old-refresh", ResponseTemplate::new(503), 1).await;
    mount_refresh_times(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 1).await;
    let auth = Arc::new(
        refreshing(&server, &clock, memory_store(expired_tokens()))
            .with_refresh_backoff(Duration::from_secs(30)),
    );
    let api = api_transport(&server, &clock, auth);
    assert!(me(&api).await.is_err());
    clock.advance(Duration::from_secs(29));
    assert!(me(&api).await.is_err());
    assert_eq!(token_requests(&server).await, 1);
    clock.advance(Duration::from_secs(1));
    me(&api).await.unwrap();
}

// Case 1: a failed refresh ahead of expiry keeps the still-valid token in use, and no other
// refresh is tried during the backoff.
#[tokio::test]
async fn case1_a_failed_early_refresh_keeps_the_valid_token_through_the_backoff() {
    let server = MockServer::start().await;
    let clock = clock();
    // 3600 s tokens: the margin is 360 s.
    let store = memory_store(tokens("old-access", Some("old-refresh"), 0, 3600));
    mount_refresh_times(&server, "old-refresh", ResponseTemplate::new(503), 1).await;
    mount_refresh_times(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "old-access", &log, 200, 2).await;
    mount_api(&server, "new-access", &log, 200, 1).await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store,
        tokens("old-access", Some("old-refresh"), 0, 3600),
    ));
    let api = api_transport(&server, &clock, auth);
    clock.advance(Duration::from_secs(3300)); // 300 s left
    me(&api).await.unwrap();
    clock.advance(Duration::from_secs(9));
    me(&api).await.unwrap();
    assert_eq!(token_requests(&server).await, 1);
    clock.advance(Duration::from_secs(1));
    me(&api).await.unwrap();
    assert_eq!(
        events(&log),
        [
            "api:Bearer old-access",
            "api:Bearer old-access",
            "api:Bearer new-access"
        ]
    );
}

// Case 1: a 401 during the backoff does not refresh again: the caller gets the remembered
// failure, which says the refused request was not sent again.
#[tokio::test]
async fn case1_a_401_during_the_backoff_gets_the_remembered_failure() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh_times(&server, "old-refresh", ResponseTemplate::new(503), 1).await;
    let log: Events = Events::default();
    // Twice during the backoff, once after it.
    mount_api(&server, "old-access", &log, 401, 3).await;
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        memory_store(tokens("old-access", Some("old-refresh"), 0, 7200)),
        tokens("old-access", Some("old-refresh"), 0, 7200),
    ));
    let api = api_transport(&server, &clock, auth);
    for _ in 0..2 {
        let err = me(&api).await.unwrap_err();
        assert_eq!(
            auth_kind(&err),
            Some(&AuthErrorKind::RefreshOutcomeUnknown),
            "{err:?}"
        );
        let text = err.to_string();
        assert!(
            text.contains("refused (HTTP 401) and not sent again"),
            "{text}"
        );
        assert!(text.contains(TOKEN_ENDPOINT), "{text}");
    }
    assert_eq!(token_requests(&server).await, 1);
    // After the backoff, a 401 forces a refresh again.
    clock.advance(Duration::from_secs(10));
    mount_refresh_times(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    mount_api(&server, "new-access", &log, 200, 1).await;
    me(&api).await.unwrap();
}

// Case 2: when getting a token fails before a create is sent, the create is not sent and the
// caller gets an error about the refresh that names the token endpoint, never `Unconfirmed`.
#[tokio::test]
async fn case2_a_refresh_failure_is_not_a_post_failure() {
    type Check = fn(&Error);
    let unknown: Check = assert_refresh_outcome_unknown;
    let refused: Check = |err| {
        assert_eq!(
            auth_kind(err),
            Some(&AuthErrorKind::RefreshRefused),
            "{err:?}"
        );
        assert_eq!(err.status(), Some(400));
    };
    let revoked: Check = |err| {
        assert_eq!(
            auth_kind(err),
            Some(&AuthErrorKind::ReauthorizationRequired),
            "{err:?}"
        );
    };
    let limited: Check = |err| match err {
        Error::RateLimited { bucket, .. } => {
            assert_eq!(bucket.as_deref(), Some(TOKEN_ENDPOINT));
        }
        _ => panic!("{err:?}"),
    };
    let client: Check = |err| assert!(matches!(err, Error::Config { .. }), "{err:?}");
    let oauth_error = |code: &str| {
        ResponseTemplate::new(400).set_body_json(
            serde_json::json!({"error": code, "error_description": format!("described-{code}")}),
        )
    };
    // Each name but the last two is part of what the token endpoint said, kept in the message.
    let cases: Vec<(&str, ResponseTemplate, Check)> = vec![
        ("HTTP 503", ResponseTemplate::new(503), unknown),
        (
            "unreadable 200",
            ResponseTemplate::new(200).set_body_string("<html>"),
            unknown,
        ),
        (
            "described-invalid_request",
            oauth_error("invalid_request"),
            refused,
        ),
        (
            "described-invalid_grant",
            oauth_error("invalid_grant"),
            revoked,
        ),
        (
            "described-invalid_client",
            oauth_error("invalid_client"),
            client,
        ),
        ("429", ResponseTemplate::new(429), limited),
    ];
    for (name, response, check) in cases {
        let server = MockServer::start().await;
        let clock = clock();
        mount_refresh(&server, "old-refresh", response, 1).await;
        mount_create(&server, 0).await;
        let auth = Arc::new(refreshing(&server, &clock, memory_store(expired_tokens())));
        let err = create(&api_transport(&server, &clock, auth))
            .await
            .unwrap_err();
        assert!(!matches!(err, Error::Unconfirmed { .. }), "{name}: {err:?}");
        let text = err.to_string();
        // A rate limit names the token endpoint as its bucket; its kind says nothing was done.
        if !matches!(err, Error::RateLimited { .. }) {
            assert!(text.contains("the request was not sent"), "{name}: {text}");
        }
        if name.starts_with("described-") || name.starts_with("HTTP") {
            assert!(text.contains(name), "{text}");
        }
        assert!(
            text.contains(TOKEN_ENDPOINT) || matches!(err, Error::Config { .. }),
            "{name}: {text}"
        );
        check(&err);
    }
}

// Case 2: a token endpoint that cannot be reached is a `Transport` error (the refresh was never
// sent, so it may be retried) that names the token endpoint and says the create was not sent.
#[tokio::test]
async fn case2_an_unreachable_token_endpoint_is_a_transport_error() {
    let server = MockServer::start().await;
    mount_create(&server, 0).await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let clock = clock();
    let config = OAuth2Config::new(
        "client-id",
        format!("http://127.0.0.1:{closed}/2/oauth2/token"),
    )
    .with_client_secret(ClientSecret::new(CLIENT_SECRET));
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config, &clock),
        memory_store(expired_tokens()),
        expired_tokens(),
    ));
    let err = create(&api_transport(&server, &clock, auth))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: social_core::TransportErrorKind::Connect,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.is_retryable());
    let text = err.to_string();
    assert!(text.contains(TOKEN_ENDPOINT), "{text}");
    assert!(text.contains("the request was not sent"), "{text}");
}

/// An authenticator of the application's own whose refresh had no clear answer.
#[derive(Debug)]
struct AmbiguousAuth {
    on_401_only: bool,
}

fn ambiguous() -> Error {
    Error::unconfirmed(
        Network::X,
        "POST /oauth/token",
        "c0ffee",
        Error::Api(Box::new(social_core::ApiError::new(Network::X, 504))),
    )
}

#[async_trait]
impl social_core::auth::Authenticator for AmbiguousAuth {
    async fn authenticate(
        &self,
        target: &mut social_core::auth::AuthTarget<'_>,
    ) -> social_core::Result<()> {
        if self.on_401_only {
            target.set_header(http::header::AUTHORIZATION, "Bearer refused")
        } else {
            Err(ambiguous())
        }
    }

    async fn on_unauthorized(&self, _generation: u64) -> social_core::Result<bool> {
        Err(ambiguous())
    }
}

// Case 2: the transport turns an `Unconfirmed` out of any authenticator into
// `RefreshOutcomeUnknown`: it never describes the caller's request.
#[tokio::test]
async fn case2_an_authenticators_unconfirmed_never_escapes() {
    for on_401_only in [false, true] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/2/tweets"))
            .respond_with(ResponseTemplate::new(401))
            .expect(u64::from(on_401_only))
            .mount(&server)
            .await;
        let api = Transport::builder(Network::X, server.uri())
            .authenticator(Arc::new(AmbiguousAuth { on_401_only }))
            .clock(Arc::new(clock()))
            .build()
            .unwrap();
        let err = create(&api).await.unwrap_err();
        assert_eq!(
            auth_kind(&err),
            Some(&AuthErrorKind::RefreshOutcomeUnknown),
            "{err:?}"
        );
        assert_eq!(err.status(), Some(504), "the cause's answer is kept");
        let text = err.to_string();
        assert!(text.contains("POST /oauth/token"), "{text}");
        let outcome = if on_401_only {
            "the request was refused (HTTP 401) and not sent again"
        } else {
            "the request was not sent"
        };
        assert!(text.contains(outcome), "{text}");
    }
}

/// Answers the refresh of `old-refresh` as `response`, after a sibling client stored `sibling`
/// (it rotated the same refresh token an instant earlier, without the store's lock).
struct SiblingRotates {
    store: MemoryTokenStore,
    sibling: TokenSet,
    response: ResponseTemplate,
}

impl Respond for SiblingRotates {
    fn respond(&self, _req: &Request) -> ResponseTemplate {
        // The memory store never waits.
        self.store
            .save(&self.sibling)
            .now_or_never()
            .unwrap()
            .unwrap();
        self.response.clone()
    }
}

fn invalid_grant() -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": "invalid_grant"}))
}

// Case 3: `invalid_grant` after a sibling rotated the refresh token: the store is re-read, the
// sibling's (valid) tokens adopted and used; nothing is cleared.
#[tokio::test]
async fn case3_invalid_grant_never_logs_out_a_sibling() {
    let server = MockServer::start().await;
    let clock = clock();
    let store = MemoryTokenStore::with_tokens(expired_tokens());
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(SiblingRotates {
            store: store.clone(),
            sibling: tokens("sibling-access", Some("sibling-refresh"), 0, 7200),
            response: invalid_grant(),
        })
        .expect(1)
        .mount(&server)
        .await;
    let log: Events = Events::default();
    mount_api(&server, "sibling-access", &log, 200, 1).await;
    let auth = Arc::new(refreshing(&server, &clock, Arc::new(store.clone())));
    me(&api_transport(&server, &clock, auth.clone()))
        .await
        .unwrap();
    assert_eq!(
        store.get().unwrap().refresh_token.unwrap().secret(),
        "sibling-refresh",
        "not cleared"
    );
    assert_eq!(
        auth.tokens().await.unwrap().access_token.secret(),
        "sibling-access"
    );
}

// Case 3: the adopted set needs a refresh too: it is refreshed once, with its own token. A second
// `invalid_grant` clears the store if it still holds the refused token, and otherwise keeps what
// it holds (never a third attempt, never a loop).
#[tokio::test]
async fn case3_an_adopted_expired_set_is_refreshed_once_then_the_grant_is_dropped() {
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Second {
        Refreshed,
        Refused,
        RefusedAfterAnotherRotation,
    }
    for second in [
        Second::Refreshed,
        Second::Refused,
        Second::RefusedAfterAnotherRotation,
    ] {
        let server = MockServer::start().await;
        let clock = clock();
        let store = MemoryTokenStore::with_tokens(expired_tokens());
        let rotation = |refresh: &str, sibling: TokenSet, response: ResponseTemplate| {
            Mock::given(method("POST"))
                .and(path("/2/oauth2/token"))
                .and(form_is(vec![
                    ("grant_type", "refresh_token".into()),
                    ("refresh_token", refresh.into()),
                ]))
                .respond_with(SiblingRotates {
                    store: store.clone(),
                    sibling,
                    response,
                })
        };
        rotation(
            "old-refresh",
            tokens("sibling-access", Some("sibling-refresh"), -7200, 7200),
            invalid_grant(),
        )
        .expect(1)
        .mount(&server)
        .await;
        let third = tokens("third-access", Some("third-refresh"), -7200, 7200);
        match second {
            Second::Refreshed => {
                let ok = token_response("new-access", Some("new-refresh"));
                mount_refresh(&server, "sibling-refresh", ok, 1).await;
            }
            Second::Refused => mount_refresh(&server, "sibling-refresh", invalid_grant(), 1).await,
            Second::RefusedAfterAnotherRotation => {
                rotation("sibling-refresh", third.clone(), invalid_grant())
                    .expect(1)
                    .mount(&server)
                    .await;
            }
        }
        mount_refresh(&server, "third-refresh", token_response("x", None), 0).await;
        let log: Events = Events::default();
        let used = u64::from(second == Second::Refreshed);
        mount_api(&server, "new-access", &log, 200, used).await;
        let auth = Arc::new(refreshing(&server, &clock, Arc::new(store.clone())));
        let result = me(&api_transport(&server, &clock, auth.clone())).await;
        if second == Second::Refreshed {
            result.unwrap();
            let stored = store.get().unwrap().refresh_token.unwrap();
            assert_eq!(stored.secret(), "new-refresh");
            continue;
        }
        let err = result.unwrap_err();
        assert_eq!(
            auth_kind(&err),
            Some(&AuthErrorKind::ReauthorizationRequired),
            "{second:?}: {err:?}"
        );
        if second == Second::Refused {
            assert!(store.get().is_none());
            assert!(auth.tokens().await.is_none());
        } else {
            assert_eq!(
                store.get(),
                Some(third.clone()),
                "another client's tokens are kept"
            );
            assert_eq!(auth.tokens().await, Some(third));
        }
    }
}

// Case 3: for a server that does not rotate refresh tokens, a stored set with the same refresh
// token but a newer access token is adopted too.
#[tokio::test]
async fn case3_a_stored_set_with_a_newer_access_token_is_adopted() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(&server, "old-refresh", token_response("x", None), 0).await;
    let log: Events = Events::default();
    mount_api(&server, "newer-access", &log, 200, 1).await;
    let store = memory_store(tokens("newer-access", Some("old-refresh"), 0, 7200));
    let auth = Arc::new(refreshing(&server, &clock, store));
    me(&api_transport(&server, &clock, auth)).await.unwrap();
}

// The refresh margin (default max(60 s, 10 % of the lifetime), or the one set) is capped at
// half the token's lifetime.
#[tokio::test]
async fn the_refresh_margin_is_capped_at_half_the_lifetime() {
    for margin in [None, Some(Duration::from_secs(3600))] {
        let server = MockServer::start().await;
        let clock = clock();
        mount_refresh(
            &server,
            "old-refresh",
            token_response("new-access", Some("new-refresh")),
            1,
        )
        .await;
        let log: Events = Events::default();
        mount_api(&server, "old-access", &log, 200, 1).await;
        mount_api(&server, "new-access", &log, 200, 1).await;
        // 100 s tokens: the margin is 50 s either way.
        let short = tokens("old-access", Some("old-refresh"), 0, 100);
        let mut auth = RefreshingAuth::new(
            oauth_client(&server, config(&server), &clock),
            memory_store(short.clone()),
            short,
        );
        if let Some(margin) = margin {
            auth = auth.with_refresh_margin(margin);
        }
        let api = api_transport(&server, &clock, Arc::new(auth));
        clock.advance(Duration::from_secs(49));
        me(&api).await.unwrap();
        clock.advance(Duration::from_secs(1));
        me(&api).await.unwrap();
        assert_eq!(
            events(&log),
            ["api:Bearer old-access", "api:Bearer new-access"],
            "{margin:?}"
        );
    }
}

// Case 3: before refreshing, the store is re-read: a newer, valid set there is adopted with no
// token request.
#[tokio::test]
async fn case3_a_newer_stored_set_is_adopted_without_a_token_call() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(&server, "old-refresh", token_response("x", None), 0).await;
    let log: Events = Events::default();
    mount_api(&server, "newer-access", &log, 200, 1).await;
    let store = memory_store(tokens("newer-access", Some("newer-refresh"), 0, 7200));
    let auth = Arc::new(refreshing(&server, &clock, store));
    me(&api_transport(&server, &clock, auth)).await.unwrap();
}

// Case 3: a newer stored set that is due too is refreshed with its own refresh token.
#[tokio::test]
async fn case3_a_newer_stored_set_that_is_due_is_refreshed_with_its_own_token() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(&server, "old-refresh", token_response("x", None), 0).await;
    mount_refresh(
        &server,
        "newer-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 1).await;
    let store = memory_store(tokens("newer-access", Some("newer-refresh"), -7200, 7200));
    let auth = Arc::new(refreshing(&server, &clock, store.clone()));
    me(&api_transport(&server, &clock, auth)).await.unwrap();
    assert_eq!(
        store.get().unwrap().refresh_token.unwrap().secret(),
        "new-refresh"
    );
}

// Case 3: a 401 with newer tokens in the store adopts them and replays, with no token request.
#[tokio::test]
async fn case3_a_401_adopts_newer_stored_tokens() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(&server, "old-refresh", token_response("x", None), 0).await;
    let log: Events = Events::default();
    mount_api(&server, "old-access", &log, 401, 1).await;
    mount_api(&server, "newer-access", &log, 200, 1).await;
    let store = memory_store(tokens("old-access", Some("old-refresh"), 0, 7200));
    let auth = Arc::new(RefreshingAuth::new(
        oauth_client(&server, config(&server), &clock),
        store.clone(),
        tokens("old-access", Some("old-refresh"), 0, 7200),
    ));
    let api = api_transport(&server, &clock, auth);
    store
        .save(&tokens("newer-access", Some("newer-refresh"), 0, 7200))
        .await
        .unwrap();
    me(&api).await.unwrap();
    assert_eq!(
        events(&log),
        ["api:Bearer old-access", "api:Bearer newer-access"]
    );
}

// Case 3: the rotation is saved with a compare-and-swap: when another client stored its own
// rotation while ours was in flight, the stored set wins and is used (ours is dropped, and the
// callback does not see it).
#[tokio::test]
async fn case3_a_lost_compare_and_swap_adopts_the_stored_set() {
    let server = MockServer::start().await;
    let clock = clock();
    let store = MemoryTokenStore::with_tokens(expired_tokens());
    Mock::given(method("POST"))
        .and(path("/2/oauth2/token"))
        .respond_with(SiblingRotates {
            store: store.clone(),
            sibling: tokens("sibling-access", Some("sibling-refresh"), 0, 7200),
            response: token_response("our-access", Some("our-refresh")),
        })
        .expect(1)
        .mount(&server)
        .await;
    let log: Events = Events::default();
    mount_api(&server, "sibling-access", &log, 200, 1).await;
    let seen = Arc::new(AtomicUsize::new(0));
    let seen_in_callback = seen.clone();
    let auth = Arc::new(
        refreshing(&server, &clock, Arc::new(store.clone())).with_token_callback(move |_| {
            seen_in_callback.fetch_add(1, Ordering::SeqCst);
        }),
    );
    me(&api_transport(&server, &clock, auth)).await.unwrap();
    assert_eq!(
        store.get().unwrap().refresh_token.unwrap().secret(),
        "sibling-refresh"
    );
    assert_eq!(seen.load(Ordering::SeqCst), 0);
}

// Case 3: a store that was emptied takes the new rotation (the refresh proved the grant alive).
#[tokio::test]
async fn case3_an_emptied_store_takes_the_new_set() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 1).await;
    let store = Arc::new(MemoryTokenStore::new());
    let auth = Arc::new(refreshing(&server, &clock, store.clone()));
    me(&api_transport(&server, &clock, auth)).await.unwrap();
    assert_eq!(store.get().unwrap().access_token.secret(), "new-access");
}

// Case 3: after the grant was dropped, a new sign-in stored by the application is picked up.
#[tokio::test]
async fn case3_a_new_sign_in_in_the_store_is_picked_up_after_revocation() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(&server, "old-refresh", invalid_grant(), 1).await;
    let log: Events = Events::default();
    mount_api(&server, "signed-in-again", &log, 200, 1).await;
    let store = memory_store(expired_tokens());
    let auth = Arc::new(refreshing(&server, &clock, store.clone()));
    let api = api_transport(&server, &clock, auth);
    let err = me(&api).await.unwrap_err();
    assert_eq!(
        auth_kind(&err),
        Some(&AuthErrorKind::ReauthorizationRequired)
    );
    assert!(err.to_string().contains(TOKEN_ENDPOINT), "{err}");
    store
        .save(&tokens("signed-in-again", Some("r2"), 0, 7200))
        .await
        .unwrap();
    me(&api).await.unwrap();
}

// Case 3: two clients on clones of one memory store (its lock is shared): both expired, one token
// request, and both end with the new tokens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case3_clients_sharing_a_memory_store_refresh_once() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")).set_delay(Duration::from_millis(50)),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 2).await;
    let store = MemoryTokenStore::with_tokens(expired_tokens());
    let a = Arc::new(refreshing(&server, &clock, Arc::new(store.clone())));
    let b = Arc::new(refreshing(&server, &clock, Arc::new(store.clone())));
    let (api_a, api_b) = (
        api_transport(&server, &clock, a.clone()),
        api_transport(&server, &clock, b.clone()),
    );
    let (ra, rb) = tokio::join!(me(&api_a), me(&api_b));
    ra.unwrap();
    rb.unwrap();
    for auth in [a, b] {
        assert_eq!(
            auth.tokens().await.unwrap().access_token.secret(),
            "new-access"
        );
    }
}

#[tokio::test]
async fn case3_memory_store_compare_and_swap() {
    let old = expired_tokens();
    let new = tokens("new-access", Some("new-refresh"), 0, 7200);
    let store = MemoryTokenStore::with_tokens(old.clone());
    let other = RefreshToken::new("other");
    assert_eq!(
        store.compare_and_swap(&other, &new).await.unwrap(),
        Swap::Conflict(old.clone())
    );
    assert_eq!(
        store.get(),
        Some(old.clone()),
        "nothing written on a conflict"
    );
    let from = RefreshToken::new("old-refresh");
    assert_eq!(
        store.compare_and_swap(&from, &new).await.unwrap(),
        Swap::Saved
    );
    assert_eq!(store.get(), Some(new.clone()));
    store.clear().await.unwrap();
    assert_eq!(
        store.compare_and_swap(&other, &old).await.unwrap(),
        Swap::Saved
    );
    assert_eq!(store.get(), Some(old));
}

// Case 4: two clients on two `FileTokenStore`s of one path, both with the same expired token:
// exactly one token request (the file lock serialises them; the second adopts), both end with
// the new token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn case4_two_file_stores_of_one_path_make_one_token_call() {
    let server = MockServer::start().await;
    let clock = clock();
    mount_refresh(
        &server,
        "old-refresh",
        token_response("new-access", Some("new-refresh")).set_delay(Duration::from_millis(50)),
        1,
    )
    .await;
    let log: Events = Events::default();
    mount_api(&server, "new-access", &log, 200, 2).await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("tokens.json");
    FileTokenStore::new(&path)
        .save(&expired_tokens())
        .await
        .unwrap();
    let a = Arc::new(refreshing(
        &server,
        &clock,
        Arc::new(FileTokenStore::new(&path)),
    ));
    let b = Arc::new(refreshing(
        &server,
        &clock,
        Arc::new(FileTokenStore::new(&path)),
    ));
    let (api_a, api_b) = (
        api_transport(&server, &clock, a.clone()),
        api_transport(&server, &clock, b.clone()),
    );
    let (ra, rb) = tokio::join!(me(&api_a), me(&api_b));
    ra.unwrap();
    rb.unwrap();
    for auth in [a, b] {
        assert_eq!(
            auth.tokens().await.unwrap().access_token.secret(),
            "new-access"
        );
    }
    let stored = FileTokenStore::new(&path).load().await.unwrap().unwrap();
    assert_eq!(stored.refresh_token.unwrap().secret(), "new-refresh");
}
