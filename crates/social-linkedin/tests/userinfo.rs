//! Identity (issue 10, item 5): OpenID Connect's userinfo, its claims, `locale` as a string or
//! an object, and the member URN. The fixture is the sample answer of "Sign In with LinkedIn
//! using OpenID Connect"
//! (<https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2>).

mod common;

use common::*;
use serde_json::json;
use social_core::{Error, Network};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn case5_userinfo_gives_the_profile_and_the_member_urn() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(RawQuery(None))
        .respond_with(json(200, json!({
            "sub": "782bbtaQ",
            "name": "John Doe",
            "given_name": "John",
            "family_name": "Doe",
            "picture": "https://media.licdn-ei.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/",
            "locale": "en-US",
            "email": "doe@email.com",
            "email_verified": true
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let me = li.userinfo().send().await.unwrap();
    assert_eq!(
        me.person_urn().unwrap().to_string(),
        "urn:li:person:782bbtaQ"
    );
    assert_eq!(me.email.as_deref(), Some("doe@email.com"));
    assert_eq!(me.email_verified, Some(true));
    let locale = me.locale.as_ref().unwrap();
    assert_eq!(
        (locale.language.as_deref(), locale.country.as_deref()),
        (Some("en"), Some("US"))
    );
    let profile = me.to_profile();
    assert_eq!(profile.network, Network::LinkedIn);
    assert_eq!(profile.id.as_str(), "urn:li:person:782bbtaQ");
    assert_eq!(profile.name, "John Doe");
    assert!(
        profile
            .picture_url
            .unwrap()
            .starts_with("https://media.licdn-ei.com/")
    );
}

/// `locale` as the object integrators report, fields missing (scope `profile` only), a name
/// made of its parts.
#[tokio::test]
async fn case5_locale_as_an_object_and_missing_claims() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(
            200,
            json!({
                "sub": "-f_Ut43FoQ",
                "given_name": "Jane",
                "family_name": "Doe",
                "locale": {"country": "FR", "language": "fr"}
            }),
        ))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let me = li.userinfo().send().await.unwrap();
    assert_eq!(me.locale.as_ref().unwrap().to_string(), "fr-FR");
    assert_eq!(me.email, None);
    assert_eq!(me.to_profile().name, "Jane Doe");
}

/// A `sub` that cannot form a URN is an error, not a guess; a body without `sub` is a decode
/// error naming the field.
#[tokio::test]
async fn case5_bad_claims_are_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(200, json!({"sub": "a b"})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(200, json!({"name": "No Sub"})))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let me = li.userinfo().send().await.unwrap();
    assert!(me.person_urn().is_err());
    let err = li.userinfo().send().await.unwrap_err();
    assert!(
        matches!(&err, Error::Decode { message, .. } if message.contains("sub")),
        "{err:?}"
    );
}
