//! Tokens: the login dialog URL, the code exchange, the long-lived exchange, the app token,
//! `debug_token` and `/me/permissions` — with the app secret kept out of every message.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::{AuthErrorKind, Error};
use social_facebook::FacebookClient;
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const SECRET: &str = "SEKRIT-APP-456";

/// A client whose app secret is a marker, to look for it in messages.
fn marked_client(server: &MockServer) -> (FacebookClient, ManualClock) {
    let clock = ManualClock::new(start());
    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .app_id(APP_ID)
        .app_secret(social_core::auth::AppSecret::new(SECRET))
        .access_token(AccessToken::new(USER_TOKEN))
        .retry_policy(fast_retry())
        .clock(std::sync::Arc::new(clock.clone()))
        .build()
        .unwrap();
    (fb, clock)
}

fn token_path() -> String {
    p("oauth/access_token")
}

// <https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow>:
// `https://www.facebook.com/{version}/dialog/oauth?client_id&redirect_uri&state&scope`.
#[tokio::test]
async fn login_url_carries_the_documented_parameters() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let login = fb
        .tokens()
        .login_url("https://practice.example/facebook/callback")
        .scopes(["pages_show_list", "pages_read_engagement"])
        .scopes(["pages_manage_posts"])
        .state("csrf-state-1")
        .build()
        .unwrap();
    let url = &login.url;
    assert_eq!(url.scheme(), "https");
    assert_eq!(url.host_str(), Some("www.facebook.com"));
    assert_eq!(url.path(), "/v26.0/dialog/oauth");
    let q: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let get = |k: &str| q.iter().find(|(key, _)| key == k).map(|(_, v)| v.as_str());
    assert_eq!(get("client_id"), Some(APP_ID));
    assert_eq!(
        get("redirect_uri"),
        Some("https://practice.example/facebook/callback")
    );
    assert_eq!(get("state"), Some("csrf-state-1"));
    assert_eq!(
        get("scope"),
        Some("pages_show_list,pages_read_engagement,pages_manage_posts")
    );
    assert_eq!(get("response_type"), Some("code"));
    assert_eq!(get("auth_type"), None);
    assert_eq!(login.state, "csrf-state-1");
    assert!(!url.as_str().contains(APP_SECRET));
    assert!(all_requests(&server).await.is_empty());
}

// Facebook Login for Business replaces `scope` with `config_id`
// (<https://developers.facebook.com/docs/facebook-login/facebook-login-for-business>).
#[tokio::test]
async fn login_url_with_config_id_has_no_scope() {
    let server = MockServer::start().await;
    let fb = builder(&server, &ManualClock::new(start()))
        .version("v25.0")
        .unwrap()
        .build()
        .unwrap();
    let login = fb
        .tokens()
        .login_url("https://practice.example/cb")
        .scopes(["pages_show_list"])
        .config_id("987654321")
        .rerequest()
        .dialog_base("http://127.0.0.1:9/fb/")
        .build()
        .unwrap();
    let url = &login.url;
    assert_eq!(url.path(), "/fb/v25.0/dialog/oauth");
    let keys: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
    assert!(keys.contains(&"config_id".to_string()));
    assert!(!keys.contains(&"scope".to_string()), "{keys:?}");
    assert!(
        url.query_pairs()
            .any(|(k, v)| k == "auth_type" && v == "rerequest")
    );
    // A random state when none is given, different each time.
    assert!(login.state.len() >= 32, "{}", login.state);
    let again = fb
        .tokens()
        .login_url("https://practice.example/cb")
        .build()
        .unwrap();
    assert_ne!(again.state, login.state);
}

// Issue 9, case 5: the login URL is core's authorization URL with Graph's settings (comma-joined
// permissions, no PKCE: <https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow>),
// byte for byte what `AuthorizeUrlBuilder` builds, so the query is encoded one way (a space as
// `%20`) on every network; the token calls are the `Tokens` handler of `tokens.rs`.
#[tokio::test]
async fn case5_login_url_is_cores_authorize_url_with_commas_and_no_pkce() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let tokens: social_facebook::tokens::Tokens = fb.tokens();
    let login = tokens
        .login_url("https://practice.example/facebook/callback?from=login page")
        .scopes(["pages_show_list", "pages_manage_posts"])
        .state("csrf state")
        .rerequest()
        .build()
        .unwrap();
    let expected = social_core::auth::AuthorizeUrlBuilder::new(
        social_core::Network::Facebook,
        format!("https://www.facebook.com/{VERSION}/dialog/oauth"),
        APP_ID,
    )
    .redirect_uri("https://practice.example/facebook/callback?from=login page")
    .scopes(["pages_show_list", "pages_manage_posts"])
    .scope_separator(",")
    .without_pkce()
    .state("csrf state")
    .param("auth_type", "rerequest")
    .build()
    .unwrap();
    assert_eq!(login.url.as_str(), expected.url.as_str());
    let query = login.url.query().unwrap();
    assert!(
        query.contains("scope=pages_show_list%2Cpages_manage_posts"),
        "{query}"
    );
    assert!(query.contains("state=csrf%20state"), "{query}");
    assert!(!query.contains("code_challenge"), "{query}");
    assert_eq!(login.state, "csrf state");
}

#[tokio::test]
async fn login_url_needs_the_app_id() {
    let server = MockServer::start().await;
    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let err = fb
        .tokens()
        .login_url("https://practice.example/cb")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
}

// Code exchange (<https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow>):
// GET /oauth/access_token?client_id&redirect_uri&client_secret&code
// → `{access_token,token_type,expires_in}`.
#[tokio::test]
async fn exchange_code_sends_the_documented_query_and_sets_expiry_from_the_clock() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .and(query_param("client_id", APP_ID))
        .and(query_param("redirect_uri", "https://practice.example/cb"))
        .and(query_param("client_secret", SECRET))
        .and(query_param("code", "AQDcode123"))
        .and(query_param_is_missing("access_token"))
        .and(query_param_is_missing("appsecret_proof"))
        .respond_with(ok(json!({
            "access_token": "EAAshort",
            "token_type": "bearer",
            "expires_in": 5183944
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let set = fb
        .tokens()
        .exchange_code("AQDcode123", "https://practice.example/cb")
        .await
        .unwrap();
    assert_eq!(set.access_token.secret(), "EAAshort");
    assert_eq!(set.token_type, "bearer");
    assert_eq!(set.issued_at, Some(start()));
    assert_eq!(
        set.expires_at,
        Some(start() + Duration::from_secs(5_183_944))
    );
    assert!(!format!("{set:?}").contains("EAAshort"));
}

// An authorization code is single-use (RFC 6749, section 4.1.2,
// <https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2>: a code used twice is refused, and the
// server SHOULD revoke the tokens already issued for it). A code exchange whose answer was lost
// must not be replayed — as social-core's own OAuth 2.0 client marks every grant `Unsafe`.
#[tokio::test]
async fn exchange_code_is_never_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .respond_with(ResponseTemplate::new(503).set_body_string("Service Unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let err = fb
        .tokens()
        .exchange_code("AQDcode123", "https://practice.example/cb")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains(SECRET) && !text.contains("AQDcode123"),
        "{text}"
    );
}

#[tokio::test]
async fn long_lived_exchange_is_retried_on_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .respond_with(ok(
            json!({"access_token": "EAAlong", "token_type": "bearer", "expires_in": 5183944}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let set = fb
        .tokens()
        .exchange_for_long_lived(&AccessToken::new("EAAshort"))
        .await
        .unwrap();
    assert_eq!(set.access_token.secret(), "EAAlong");
}

// <https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived>:
// `grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`.
#[tokio::test]
async fn long_lived_exchange() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .and(query_param("grant_type", "fb_exchange_token"))
        .and(query_param("client_id", APP_ID))
        .and(query_param("client_secret", SECRET))
        .and(query_param("fb_exchange_token", "EAAshort"))
        .and(query_param_is_missing("access_token"))
        .respond_with(ok(json!({
            "access_token": "EAAlong",
            "token_type": "bearer",
            "expires_in": "5183944"
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = marked_client(&server);
    clock.advance(Duration::from_secs(100));
    let set = fb
        .tokens()
        .exchange_for_long_lived(&AccessToken::new("EAAshort"))
        .await
        .unwrap();
    assert_eq!(set.access_token.secret(), "EAAlong");
    assert_eq!(
        set.expires_at,
        Some(start() + Duration::from_secs(100 + 5_183_944))
    );
}

#[tokio::test]
async fn expires_in_zero_or_missing_means_no_expiry() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .respond_with(ok(
            json!({"access_token": "EAAforever", "token_type": "bearer", "expires_in": 0}),
        ))
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let set = fb
        .tokens()
        .exchange_for_long_lived(&AccessToken::new("EAAshort"))
        .await
        .unwrap();
    assert_eq!(set.expires_at, None);
    assert_eq!(set.issued_at, Some(start()));
}

// App token (<https://developers.facebook.com/docs/facebook-login/guides/access-tokens>):
// `GET /oauth/access_token?grant_type=client_credentials&client_id&client_secret`.
#[tokio::test]
async fn app_token_uses_client_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .and(query_param("grant_type", "client_credentials"))
        .and(query_param("client_id", APP_ID))
        .and(query_param("client_secret", SECRET))
        .and(query_param_is_missing("access_token"))
        .respond_with(ok(
            json!({"access_token": "1234567890|abcdef", "token_type": "bearer"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let t = fb.tokens().app_token().await.unwrap();
    assert_eq!(t.secret(), "1234567890|abcdef");
}

// The old flat shape (restfb's src/test/resources/json/exampleOauthError.json)
// `{"error_type":"OAuthException","code":400,"error_message":"Error validating verification code…"}`.
#[tokio::test]
async fn exchange_error_in_the_flat_shape_never_shows_the_secret_or_code() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error_type": "OAuthException",
            "code": 400,
            "error_message": format!(
                "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request (client_secret={SECRET}, code=AQDcode123)"
            )
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let err = fb
        .tokens()
        .exchange_code("AQDcode123", "https://practice.example/cb")
        .await
        .unwrap_err();
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
    let text = format!("{err} {err:?}");
    assert!(
        text.contains("Error validating verification code"),
        "{text}"
    );
    assert!(!text.contains(SECRET), "{text}");
    assert!(!text.contains("AQDcode123"), "{text}");
}

#[tokio::test]
async fn exchange_error_in_the_nested_shape_never_shows_the_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(token_path()))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": format!("Error validating client secret {SECRET}."),
            "type": "OAuthException",
            "code": 1,
            "error_subcode": 0,
            "error_user_msg": format!("secret was {SECRET}"),
            "fbtrace_id": "Aq1"
        }})))
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let err = fb.tokens().app_token().await.unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET), "{text}");
}

#[tokio::test]
async fn token_calls_need_app_credentials_and_send_nothing_without() {
    let server = MockServer::start().await;
    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .app_id(APP_ID)
        .access_token(AccessToken::new(USER_TOKEN))
        .build()
        .unwrap();
    for err in [
        fb.tokens()
            .exchange_code("c", "https://x.example/")
            .await
            .unwrap_err(),
        fb.tokens()
            .exchange_for_long_lived(&AccessToken::new("t"))
            .await
            .unwrap_err(),
        fb.tokens().app_token().await.map(|_| ()).unwrap_err(),
        fb.tokens()
            .debug_token(&AccessToken::new("t"))
            .await
            .map(|_| ())
            .unwrap_err(),
    ] {
        assert!(matches!(err, Error::Config { .. }), "{err:?}");
    }
    assert!(all_requests(&server).await.is_empty());
}

// Token introspection (<https://developers.facebook.com/docs/graph-api/reference/debug_token/>): a
// Page token from a long-lived user token
// shows `expires_at: 0`.
#[tokio::test]
async fn debug_token_reads_a_never_expiring_page_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .and(query_param("input_token", "page-token-1"))
        .and(query_param(
            "access_token",
            format!("{APP_ID}|{SECRET}").as_str(),
        ))
        .and(query_param_is_missing("appsecret_proof"))
        .respond_with(ok(json!({"data": {
            "app_id": APP_ID,
            "type": "PAGE",
            "application": "Practice App",
            "data_access_expires_at": 1802000000,
            "expires_at": 0,
            "is_valid": true,
            "issued_at": 1795000000,
            "profile_id": PAGE_ID,
            "scopes": ["pages_show_list", "pages_read_engagement", "pages_manage_posts"],
            "granular_scopes": [
                {"scope": "pages_show_list", "target_ids": [PAGE_ID]},
                {"scope": "pages_manage_posts"}
            ],
            "user_id": "10000001"
        }})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let info = fb
        .tokens()
        .debug_token(&AccessToken::new("page-token-1"))
        .await
        .unwrap();
    assert!(info.is_valid);
    assert!(info.never_expires());
    assert_eq!(info.expires_at, None);
    assert_eq!(info.kind.as_deref(), Some("PAGE"));
    assert_eq!(info.profile_id.as_deref(), Some(PAGE_ID));
    assert_eq!(
        info.issued_at,
        Some(std::time::UNIX_EPOCH + Duration::from_secs(1_795_000_000))
    );
    assert!(info.data_access_expires_at.is_some());
    assert!(info.has_scope("pages_manage_posts"));
    assert!(!info.has_scope("read_insights"));
    assert_eq!(info.granular_scopes[0].target_ids, [PAGE_ID]);
    assert!(info.granular_scopes[1].target_ids.is_empty());
    assert!(!format!("{info:?}").contains(SECRET));
}

#[tokio::test]
async fn debug_token_of_an_expiring_user_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .respond_with(ok(json!({"data": {
            "app_id": APP_ID, "type": "USER", "is_valid": true,
            "expires_at": 1800781144, "issued_at": "1795597200", "scopes": ["pages_show_list"]
        }})))
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let info = fb
        .tokens()
        .debug_token(&AccessToken::new("u"))
        .await
        .unwrap();
    assert!(!info.never_expires());
    assert_eq!(
        info.expires_at,
        Some(std::time::UNIX_EPOCH + Duration::from_secs(1_800_781_144))
    );
    assert_eq!(info.issued_at, Some(start()));
}

// A token invalidated by a password change (190/460, <https://developers.facebook.com/docs/graph-api/guides/error-handling>), as
// debug_token reports it.
#[tokio::test]
async fn debug_token_of_an_invalid_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .respond_with(ok(json!({"data": {
            "app_id": APP_ID,
            "type": "USER",
            "application": "Practice App",
            "error": {
                "code": 190,
                "message": "Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.",
                "subcode": 460
            },
            "expires_at": 0,
            "is_valid": false,
            "scopes": [],
            "user_id": "10000001"
        }})))
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let info = fb
        .tokens()
        .debug_token(&AccessToken::new("dead"))
        .await
        .unwrap();
    assert!(!info.is_valid);
    assert!(
        !info.never_expires(),
        "an invalid token does not 'never expire'"
    );
    let e = info.error.unwrap();
    assert_eq!((e.code, e.subcode), (Some(190), Some(460)));
    assert!(e.message.unwrap().contains("changed their password"));
}

#[tokio::test]
async fn debug_token_error_never_shows_the_app_token() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({"error": {
            "message": format!("Invalid OAuth access token {APP_ID}|{SECRET} for input_token page-token-1"),
            "type": "OAuthException",
            "code": 190,
            "fbtrace_id": "A1"
        }})))
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let err = fb
        .tokens()
        .debug_token(&AccessToken::new("page-token-1"))
        .await
        .unwrap_err();
    let text = format!("{err} {err:?}");
    assert!(!text.contains(SECRET), "{text}");
    assert!(!text.contains("page-token-1"), "{text}");
}

// After login (<https://developers.facebook.com/docs/graph-api/reference/user/permissions/>):
// GET /me/permissions → `{data:[{permission,status}]}`.
#[tokio::test]
async fn permissions_lists_granted_and_declined() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/permissions")))
        .and(user_signed())
        .respond_with(ok(json!({"data": [
            {"permission": "pages_show_list", "status": "granted"},
            {"permission": "pages_manage_posts", "status": "declined"},
            {"permission": "public_profile", "status": "granted"}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client_with_token(&server, USER_TOKEN);
    let perms = fb.tokens().permissions().await.unwrap();
    assert_eq!(perms.len(), 3);
    assert!(perms[0].is_granted());
    assert!(!perms[1].is_granted());
    assert_eq!(perms[1].permission, "pages_manage_posts");
}

#[tokio::test]
async fn a_client_without_token_refuses_signed_calls_before_sending() {
    let server = MockServer::start().await;
    let fb = builder(&server, &ManualClock::new(start()))
        .build()
        .unwrap();
    let err = fb.tokens().permissions().await.unwrap_err();
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
    assert!(all_requests(&server).await.is_empty());
}

// `debug_token` asked with a token already held (here an app token from elsewhere), with a
// client that has no app secret; an error never shows the asking token.
#[tokio::test]
async fn debug_token_with_an_app_token_needs_no_secret() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .and(query_param("input_token", "page-token-1"))
        .and(query_param("access_token", "other-app|SEKRIT-APP"))
        .respond_with(graph_error(
            400,
            190,
            None,
            "Invalid OAuth access token other-app|SEKRIT-APP",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .build()
        .unwrap();
    let err = fb
        .tokens()
        .debug_token_with(
            &AccessToken::new("other-app|SEKRIT-APP"),
            &AccessToken::new("page-token-1"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("SEKRIT-APP"), "{text}");
}

// Issue 8, case 13: older `debug_token` answers (and some still) send `app_id`, `user_id`,
// `profile_id` and granular `target_ids` as JSON numbers; the answer must not fail as a whole.
#[tokio::test]
async fn case13_debug_token_with_numeric_ids_decodes_them_as_strings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .respond_with(ok(json!({"data": {
            "app_id": 1234567890,
            "type": "PAGE",
            "application": "Practice App",
            "expires_at": 0,
            "is_valid": true,
            "profile_id": 200000000000001_u64,
            "scopes": ["pages_show_list"],
            "granular_scopes": [{"scope": "pages_show_list", "target_ids": [200000000000001_u64]}],
            "user_id": 10000001
        }})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let info = fb
        .tokens()
        .debug_token(&AccessToken::new("page-token-1"))
        .await
        .unwrap();
    assert_eq!(info.app_id.as_deref(), Some(APP_ID));
    assert_eq!(info.user_id.as_deref(), Some("10000001"));
    assert_eq!(info.profile_id.as_deref(), Some(PAGE_ID));
    assert_eq!(info.granular_scopes[0].target_ids, [PAGE_ID]);
    assert!(info.never_expires());
}

// Issue 8, case 13: a `debug_token` answer that cannot be read names the failing field
// (`data.app_id`), not the root `.`, and keeps a snippet of the body with the tokens masked.
#[tokio::test]
async fn case13_token_decode_error_names_the_field_path() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("debug_token")))
        .respond_with(ok(json!({"data": {
            "app_id": 12.5,
            "type": "USER",
            "is_valid": true,
            "note": "checked page-token-1"
        }})))
        .mount(&server)
        .await;
    let (fb, _) = marked_client(&server);
    let err = fb
        .tokens()
        .debug_token(&AccessToken::new("page-token-1"))
        .await
        .unwrap_err();
    let Error::Decode {
        path,
        message,
        snippet,
        ..
    } = &err
    else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(path, "data.app_id");
    assert!(message.contains("expected an id"), "{message}");
    assert!(snippet.contains("\"type\":\"USER\""), "{snippet}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("page-token-1"), "{text}");
    assert!(!text.contains(SECRET), "{text}");
}
