//! Sign-in (issue 10, item 5): the authorization URL, the code exchange, refresh, client
//! credentials and token introspection, against a mock server of the OAuth host. Shapes follow
//! LinkedIn's "Authorization Code Flow"
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>),
//! "Refresh Tokens with OAuth 2.0"
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens>)
//! and "Token Introspection"
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection>).

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::auth::{AccessToken, RefreshToken};
use social_core::{AuthErrorKind, Error};
use social_linkedin::LinkedInClient;
use social_linkedin::auth::{ACCESS_TOKEN_LIFETIME, TokenLifetime, scopes};
use social_linkedin::models::{AuthType, TokenStatus};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn field<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.as_str())
}

/// Scopes joined by `%20`, no PKCE, a random state, the registered redirect URL.
#[tokio::test]
async fn case5_the_authorization_url_joins_scopes_with_percent_20() {
    let server = MockServer::start().await;
    let (li, _) = client(&server);
    let request = li
        .oauth()
        .unwrap()
        .authorize_url()
        .scopes(scopes::SIGN_IN_AND_SHARE)
        .scope("w_organization_social_feed")
        .build()
        .unwrap();
    let url = request.url.as_str();
    assert!(
        url.starts_with(&format!("{}/oauth/v2/authorization?", server.uri())),
        "{url}"
    );
    assert!(
        url.contains(
            "scope=openid%20profile%20email%20w_member_social%20w_organization_social_feed"
        ),
        "{url}"
    );
    assert!(!url.contains('+'), "{url}");
    let pairs: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
    assert_eq!(field(&pairs, "response_type"), Some("code"));
    assert_eq!(field(&pairs, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&pairs, "redirect_uri"), Some(REDIRECT_URI));
    assert_eq!(field(&pairs, "state"), Some(request.state.as_str()));
    assert_eq!(field(&pairs, "code_challenge"), None);
    assert!(request.pkce_verifier.is_none());
    // Without app credentials there is no sign-in, and it says what is missing.
    let bare = LinkedInClient::builder().build().unwrap();
    let err = bare.oauth().unwrap_err();
    assert!(
        matches!(err, Error::Config { .. }) && err.to_string().contains("client_id"),
        "{err}"
    );
}

/// The code goes by form `POST` with the client id and secret in the body; a 60-day token comes
/// back, with no refresh token for a self-serve app: the member must consent again in 60 days.
#[tokio::test]
async fn case5_the_code_exchange_is_a_form_post() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(json(
            200,
            json!({
                "access_token": "AQUvlL_DYEzvT2wz1QJiEPeLioeA",
                "expires_in": 5184000,
                "scope": "email,openid,profile,w_member_social",
                "token_type": "Bearer",
                "id_token": "eyJz93a...k4laUWw"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let tokens = li.oauth().unwrap().exchange_code("AQTQmah11lalyH65DAIivsjsAQV5P-1VTVVebnLl_SCiyMXoIjDmJ4s6rO1VBGP5Hx2542KaR_eNawkrWiCiAGxIaV-TCK-mkxDISDak08tdaBzgUYfnTJL1fHRoDWCcC2L6LXBCR_z2XHzeWSuqTkR1_jO8CeV9E_WshsJBgE-PWElyvsmfuEXLQbCLfj8CHasuLafFpGb0glO4d7M").await.unwrap();
    let form = form(&requests(&server).await[0]);
    assert_eq!(field(&form, "grant_type"), Some("authorization_code"));
    assert!(field(&form, "code").unwrap().starts_with("AQTQmah11"));
    assert_eq!(field(&form, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&form, "client_secret"), Some(CLIENT_SECRET));
    assert_eq!(field(&form, "redirect_uri"), Some(REDIRECT_URI));
    assert_eq!(field(&form, "code_verifier"), None);
    assert_eq!(
        tokens.scopes,
        ["email", "openid", "profile", "w_member_social"]
    );
    assert!(tokens.refresh_token.is_none());
    let life = TokenLifetime::after_consent(clock_now(&clock), &tokens);
    assert_eq!(life.reconsent_at(), start() + ACCESS_TOKEN_LIFETIME);
    assert_eq!(life.warning(start(), Duration::from_secs(7 * 86_400)), None);
    assert!(!format!("{tokens:?}").contains("AQUvlL"));
}

fn clock_now(clock: &social_core::clock::ManualClock) -> std::time::SystemTime {
    use social_core::clock::Clock;
    clock.now()
}

/// A used or expired code is `ReauthorizationRequired`; the secret is never in the error.
#[tokio::test]
async fn case5_a_used_code_asks_for_a_new_sign_in() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .respond_with(json(400, json!({
            "error": "invalid_grant",
            "error_description": format!("The provided authorization grant or refresh token is invalid, expired or revoked (client_secret {CLIENT_SECRET})")
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .oauth()
        .unwrap()
        .exchange_code("used-code")
        .await
        .unwrap_err();
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
    assert!(!format!("{err} {err:?}").contains(CLIENT_SECRET));
}

/// Partner apps refresh with a form `POST`; the new access token's life is capped by the
/// refresh token's, which runs from the first consent.
#[tokio::test]
async fn case5_refresh_for_partner_apps() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .respond_with(json(
            200,
            json!({
                "access_token": "AQWnew",
                "expires_in": 5184000,
                "refresh_token": "AQXrefresh",
                "refresh_token_expires_in": 26438400,
                "scope": "r_organization_social,w_organization_social"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let tokens = li
        .oauth()
        .unwrap()
        .refresh(&RefreshToken::new("AQXrefresh"))
        .await
        .unwrap();
    let form = form(&requests(&server).await[0]);
    assert_eq!(field(&form, "grant_type"), Some("refresh_token"));
    assert_eq!(field(&form, "refresh_token"), Some("AQXrefresh"));
    assert_eq!(field(&form, "client_secret"), Some(CLIENT_SECRET));
    // Consent 360 days ago: 5 days left for both tokens.
    let consented = clock_now(&clock) - Duration::from_secs(360 * 86_400);
    let life = TokenLifetime::after_refresh(consented, &tokens);
    assert_eq!(
        life.refresh_left(clock_now(&clock)),
        Some(Duration::from_secs(5 * 86_400))
    );
    assert_eq!(
        life.access_expires_at,
        start() + Duration::from_secs(5 * 86_400)
    );
}

/// Client credentials: the grant in a form body; refused for apps whose products do not allow
/// it, with LinkedIn's reason.
#[tokio::test]
async fn case5_client_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .respond_with(json(
            200,
            json!({"access_token": "AQVapp", "expires_in": 1799}),
        ))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/accessToken"))
        .respond_with(json(401, json!({"error": "access_denied", "error_description": "This application is not allowed to create application tokens"})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let oauth = li.oauth().unwrap();
    let tokens = oauth.client_credentials().await.unwrap();
    assert_eq!(tokens.access_token.secret(), "AQVapp");
    let form = form(&requests(&server).await[0]);
    assert_eq!(field(&form, "grant_type"), Some("client_credentials"));
    let err = oauth.client_credentials().await.unwrap_err();
    assert!(
        err.to_string()
            .contains("not allowed to create application tokens"),
        "{err}"
    );
}

/// Introspection: a form with the client credentials and the token; the documented answer.
#[tokio::test]
async fn case5_token_introspection() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/introspectToken"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .respond_with(json(
            200,
            json!({
                "active": true,
                "client_id": CLIENT_ID,
                "authorized_at": 1634163225,
                "created_at": 1634163225,
                "status": "active",
                "expires_at": 1639347225,
                "scope": "r_emailaddress,w_member_social,r_liteprofile",
                "auth_type": "3L"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let info = li
        .tokens()
        .introspect(&AccessToken::new(TOKEN))
        .await
        .unwrap();
    assert!(info.active);
    assert_eq!(info.status, Some(TokenStatus::Active));
    assert_eq!(info.auth_type, Some(AuthType::ThreeLegged));
    assert_eq!(info.scopes().len(), 3);
    let req = &requests(&server).await[0];
    let form = form(req);
    assert_eq!(field(&form, "token"), Some(TOKEN));
    assert_eq!(field(&form, "client_id"), Some(CLIENT_ID));
    assert_eq!(field(&form, "client_secret"), Some(CLIENT_SECRET));
    assert_eq!(
        header_of(req, "authorization"),
        None,
        "the member's token is not the credential here"
    );
}

/// An invalid client secret is 401; neither the token nor the secret shows in the error.
#[tokio::test]
async fn case5_introspection_errors_mask_the_secrets() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/oauth/v2/introspectToken"))
        .respond_with(ResponseTemplate::new(401).set_body_string(format!(
            "invalid client secret {CLIENT_SECRET} for token {TOKEN}"
        )))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .tokens()
        .introspect(&AccessToken::new(TOKEN))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(401));
    let text = format!("{err} {err:?}");
    assert!(
        !text.contains(CLIENT_SECRET) && !text.contains(TOKEN),
        "{text}"
    );
}
