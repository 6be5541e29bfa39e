//! Secrets, transport security and path safety: no secret in `Debug`, logs or errors; no token
//! over plain `http://` or across a redirect; no id that changes the path.

use std::sync::Arc;

use proptest::prelude::*;
use social_core::auth::{
    AccessToken, AppSecret, BearerAuth, ClientSecret, MemoryTokenStore, OAuth1Auth,
    OAuth1Credentials, OAuth2Client, OAuth2Config, PkceVerifier, QueryTokenAuth, RefreshToken,
    RefreshingAuth, TokenSecret, TokenSet,
};
use social_core::http::{RequestSpec, RetryPolicy};
use social_core::{Error, Network, TransportErrorKind};
use social_tests::TestClient;
use url::Url;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

const MARKER: &str = "SEKRIT-123";

/// Echoes every request header and the URL back in a 500 body, as a hostile or buggy server would.
struct Echo;

impl Respond for Echo {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let headers: String = req
            .headers
            .iter()
            .map(|(k, v)| format!("{k}: {}\n", v.to_str().unwrap_or("?")))
            .collect();
        ResponseTemplate::new(500).set_body_string(format!("{headers}\nurl: {}", req.url))
    }
}

// Case 11: no secret in Debug of any secret type, client, error; none in TRACE logs.
#[tokio::test]
async fn secrets_never_appear_in_output() {
    let (capture, _guard) = social_testkit::logs::capture_logs();

    let mut out = String::new();
    out += &format!("{:?}", AccessToken::new(MARKER));
    out += &format!("{:?}", RefreshToken::new(MARKER));
    out += &format!("{:?}", ClientSecret::new(MARKER));
    out += &format!("{:?}", AppSecret::new(MARKER));
    out += &format!("{:?}", TokenSecret::new(MARKER));
    out += &format!("{:?}", PkceVerifier::new(MARKER));
    let tokens = TokenSet::new(AccessToken::new(MARKER))
        .with_refresh_token(RefreshToken::new(MARKER))
        .with_scopes(["tweet.read", "offline.access"]);
    out += &format!("{tokens:?}");
    let config = OAuth2Config::new("client-id", "https://api.x.com/2/oauth2/token")
        .with_client_secret(ClientSecret::new(MARKER))
        .with_redirect_uri("https://example.com/cb");
    out += &format!("{config:?}");
    let oauth = OAuth2Client::new(Network::X, config).unwrap();
    out += &format!("{oauth:?}");
    let refreshing = RefreshingAuth::new(
        oauth,
        Arc::new(MemoryTokenStore::with_tokens(tokens.clone())),
        tokens,
    );
    out += &format!("{refreshing:?}");
    let oauth1 = OAuth1Credentials::new("consumer-key", ClientSecret::new(MARKER))
        .with_token("token", TokenSecret::new(MARKER));
    out += &format!("{oauth1:?} {:?}", OAuth1Auth::new(oauth1.clone()));

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/1"))
        .respond_with(Echo)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/tweets/2"))
        .respond_with(ResponseTemplate::new(200).set_body_string(format!(
            "{{\"data\": {{\"id\": 5, \"echo\": \"{MARKER}\"}}}}"
        )))
        .mount(&server)
        .await;

    Mock::given(method("GET"))
        .and(path("/2/tweets/3"))
        .respond_with(ResponseTemplate::new(400).set_body_json(serde_json::json!({
            "error": "invalid_request",
            "error_description": format!("the token {MARKER} is malformed"),
        })))
        .mount(&server)
        .await;

    for auth in [
        Arc::new(BearerAuth::new(AccessToken::new(MARKER)))
            as Arc<dyn social_core::auth::Authenticator>,
        Arc::new(QueryTokenAuth::new(
            "access_token",
            AccessToken::new(MARKER),
        )),
    ] {
        let transport = TestClient::builder(&server.uri())
            .authenticator(auth.clone())
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let c = TestClient::new(transport.clone());
        out += &format!("{transport:?} {c:?} {auth:?}");
        // A 500 echoing the Authorization header and the URL with the token in its query.
        let e = c.get_post("1").await.unwrap_err();
        assert!(
            e.api_error().unwrap().body_snippet.contains("[redacted]"),
            "{e:?}"
        );
        out += &format!("{e} {e:?}");
        // A JSON error whose message echoes the secret.
        let e = c.get_post("3").await.unwrap_err();
        assert_eq!(e.status(), Some(400));
        out += &format!("{e} {e:?}");
        // A decode error whose body contains the secret.
        let e = c.get_post("2").await.unwrap_err();
        assert!(matches!(e, Error::Decode { .. }), "{e:?}");
        out += &format!("{e} {e:?}");
        // A connect error to a URL that carries the token in its query.
        let dead = TestClient::builder("http://127.0.0.1:9")
            .authenticator(auth)
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap();
        let e = TestClient::new(dead).get_post("1").await.unwrap_err();
        assert!(
            matches!(
                e,
                Error::Transport {
                    kind: TransportErrorKind::Connect,
                    ..
                }
            ),
            "{e:?}"
        );
        out += &format!("{e} {e:?}");
    }
    let logs = capture.text();
    // The logs carry what helps (network, route template, attempt, status), never URLs.
    for expected in [
        "social_request",
        "network=\"x\"",
        "endpoint=GET /2/tweets/:id",
        "attempt=1",
        "status=",
        "correlation_id=",
    ] {
        assert!(logs.contains(expected), "the logs lack {expected}:\n{logs}");
    }
    // Our own events (hyper logs host:port for its pool, never paths or queries) carry no URL.
    let leaked: Vec<_> = logs
        .lines()
        .filter(|l| {
            l.contains(" social_core::") && (l.contains("127.0.0.1") || l.contains("/2/tweets/1"))
        })
        .collect();
    assert!(leaked.is_empty(), "URLs in the logs: {leaked:#?}");
    assert!(
        logs.contains(" social_core::"),
        "the SDK's own events were captured"
    );
    assert!(
        !out.contains(MARKER),
        "a secret leaked into formatted output:\n{out}"
    );
    assert!(
        !logs.contains(MARKER),
        "a secret leaked into the logs:\n{logs}"
    );
}

// Case 12a: credentials never travel over plain http to a non-loopback host; nothing is sent.
#[tokio::test]
async fn plain_http_to_remote_host_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let err = TestClient::builder("http://api.example.com")
        .build()
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::InsecureTransport,
                ..
            }
        ),
        "{err:?}"
    );

    // Even a spec that overrides the base URL, with a client that would resolve the host to the mock.
    let addr = server.address();
    let client = reqwest::Client::builder()
        .resolve("api.example.com", *addr)
        .build()
        .unwrap();
    let transport = TestClient::builder(&server.uri())
        .client(client)
        .build()
        .unwrap();
    let spec = RequestSpec::get("x")
        .base_url(Url::parse(&format!("http://api.example.com:{}/", addr.port())).unwrap());
    let err = transport.execute(spec).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::InsecureTransport,
                ..
            }
        ),
        "{err:?}"
    );
    // Loopback over http is allowed (tests, the sandbox).
    assert!(TestClient::builder("http://localhost:1").build().is_ok());
    assert!(TestClient::builder("http://[::1]:1").build().is_ok());
}

// Case 12b: the SDK's client follows no redirect, so credentials cannot follow one: the caller
// gets a Redirect error and the other origin receives nothing.
#[tokio::test]
async fn redirects_are_not_followed() {
    let a = MockServer::start().await;
    let b = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(302).insert_header("location", format!("{}/x", b.uri()).as_str()),
        )
        .expect(1)
        .mount(&a)
        .await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&b)
        .await;
    let c = TestClient::new(
        TestClient::builder(&a.uri())
            .authenticator(Arc::new(BearerAuth::new(AccessToken::new(MARKER))))
            .build()
            .unwrap(),
    );
    let err = c.get_post("1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::Redirect,
                ..
            }
        ),
        "{err:?}"
    );
}

// Case 13: ids cannot change the path; they reach the server intact.
#[tokio::test]
async fn hostile_ids_stay_one_segment_and_arrive_intact() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"data": {"id": "1", "text": ""}})),
        )
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let ids = [
        "../admin",
        "a/b",
        "x?y#z",
        "%2e%2e",
        "été 😀",
        "urn:li:share:(1,2)",
        "a b+c&d=e",
    ];
    for id in ids {
        c.get_post(id).await.unwrap();
    }
    let received = server.received_requests().await.unwrap();
    for (req, id) in received.iter().zip(ids) {
        let segs: Vec<_> = req.url.path_segments().unwrap().collect();
        assert_eq!(segs.len(), 3, "{id} -> {}", req.url.path());
        assert_eq!(segs[..2], ["2", "tweets"]);
        let decoded = percent_encoding::percent_decode_str(segs[2])
            .decode_utf8()
            .unwrap();
        assert_eq!(decoded, id);
        assert!(req.url.query().is_none());
    }
}

// LinkedIn wants whole URNs encoded, parentheses and commas included (Rest.li protocol 2.0:
// <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>).
#[test]
fn urns_are_encoded_as_linkedin_requires() {
    let base = Url::parse("https://api.linkedin.com/rest").unwrap();
    let url = RequestSpec::get("posts")
        .segment("urn:li:share:(1,2)")
        .url(Network::LinkedIn, &base)
        .unwrap();
    assert_eq!(
        url.as_str(),
        "https://api.linkedin.com/rest/posts/urn%3Ali%3Ashare%3A%281%2C2%29"
    );
}

#[tokio::test]
async fn empty_dot_and_dotdot_ids_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    for id in ["", ".", "..", "a\nb"] {
        let err = c.get_post(id).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{id:?}: {err:?}");
    }
}

proptest! {
    #[test]
    fn any_id_builds_a_one_segment_url(id in any::<String>()) {
        let base = Url::parse("https://api.x.com/").unwrap();
        let spec = RequestSpec::get("2/tweets").segment(id.clone());
        match spec.url(Network::X, &base) {
            Ok(url) => {
                prop_assert_eq!(url.host_str(), Some("api.x.com"));
                let segs: Vec<_> = url.path_segments().unwrap().collect();
                prop_assert_eq!(segs.len(), 3);
                let decoded = percent_encoding::percent_decode_str(segs[2]).decode_utf8().unwrap();
                prop_assert_eq!(decoded, id.as_str());
                prop_assert!(url.query().is_none() && url.fragment().is_none());
            }
            Err(Error::InvalidInput { .. }) => {
                prop_assert!(id.is_empty() || id == "." || id == ".." || id.chars().any(char::is_control));
            }
            Err(e) => prop_assert!(false, "unexpected error {e:?}"),
        }
    }
}

// Case 11 for the Graph client: the token, the app secret and the appsecret_proof (derived from
// both) never appear in Debug, errors or logs, even when Graph echoes the URL back, and a `next`
// link that embeds the token leaves no trace in the cursor.
#[tokio::test]
async fn facebook_secrets_never_appear_in_output() {
    use social_core::PageLimits;
    use social_facebook::FacebookClient;
    use social_facebook::Listing;
    use social_facebook::auth::{GraphAuth, appsecret_proof};
    use social_facebook::models::PageId;

    let (capture, _guard) = social_testkit::logs::capture_logs();

    let token = AccessToken::new(MARKER);
    let secret = AppSecret::new(format!("{MARKER}-app"));
    let proof = appsecret_proof(&token, &secret);

    let server = MockServer::start().await;
    // An error echoing the whole URL (token and proof in its query) in Graph's error shape.
    Mock::given(method("GET"))
        .and(path("/v26.0/1"))
        .respond_with(|req: &Request| {
            ResponseTemplate::new(400).set_body_json(serde_json::json!({"error": {
                "message": format!("(#100) bad request {}", req.url),
                "type": "OAuthException", "code": 100, "fbtrace_id": "T1"}}))
        })
        .mount(&server)
        .await;
    // A 500 echoing the URL as plain text.
    Mock::given(method("GET"))
        .and(path("/v26.0/2"))
        .respond_with(Echo)
        .mount(&server)
        .await;
    // A listing whose `next` link embeds the token, as Graph's do.
    let next = format!(
        "{}/v26.0/3/feed?access_token={MARKER}&limit=1&after=QVFI",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path("/v26.0/3/feed"))
        .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!({
            "data": [{"id": "3_1"}],
            "paging": {"cursors": {"after": "QVFI"}, "next": next}
        })))
        .mount(&server)
        .await;

    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .app_id("app")
        .app_secret(secret.clone())
        .access_token(token.clone())
        .retry_policy(RetryPolicy::none())
        .build()
        .unwrap();
    let mut out = format!(
        "{fb:?} {:?} {:?}",
        GraphAuth::new(token.clone(), Some(secret.clone())),
        FacebookClient::builder().access_token(token.clone())
    );
    let e = fb.pages().get(&PageId::new("1")).send().await.unwrap_err();
    // The echoed URL is in the message, with the token and the proof masked.
    assert!(e.to_string().contains("bad request http"), "{e}");
    assert!(e.to_string().contains("[redacted]"), "{e}");
    out += &format!("{e} {e:?}");
    let e = fb.pages().get(&PageId::new("2")).send().await.unwrap_err();
    out += &format!("{e} {e:?}");
    let page = fb
        .posts()
        .feed(&PageId::new("3"))
        .page_size(1)
        .send()
        .await
        .unwrap();
    let cursor = page.next.clone().expect("a next page");
    out += &format!("{cursor:?} {} {page:?}", cursor.as_str());
    let e = fb
        .tokens()
        .exchange_code("code", "https://example.com/cb")
        .await;
    out += &format!("{e:?}");
    let _ = fb
        .posts()
        .feed(&PageId::new("3"))
        .page_size(1)
        .collect(PageLimits::default().max_pages(2))
        .await;

    let logs = capture.text();
    assert!(logs.contains("network=\"facebook\""), "{logs}");
    for secret_text in [MARKER, proof.as_str()] {
        assert!(
            !out.contains(secret_text),
            "a secret leaked into formatted output:\n{out}"
        );
        assert!(
            !logs.contains(secret_text),
            "a secret leaked into the logs:\n{logs}"
        );
    }
}
