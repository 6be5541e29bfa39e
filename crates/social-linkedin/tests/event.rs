//! "Met at an event" (issue 11, item 4): the public profile URL from a vanity name (checked
//! offline), its QR code (feature `qr`), and a follow-up post mentioning the organizer found by
//! vanity name ("Organization Lookup API",
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>;
//! the mention as the little text format writes it,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format>).

mod common;

use common::*;
use serde_json::json;
use social_core::Error;
use social_linkedin::event::ProfileUrl;
use social_linkedin::urn::PersonUrn;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer};

#[test]
fn case4_profile_urls_from_vanity_names() {
    for (given, url) in [
        (
            "camille-martin",
            "https://www.linkedin.com/in/camille-martin/",
        ),
        ("jdoe_42", "https://www.linkedin.com/in/jdoe_42/"),
        (
            " Camille-Martin ",
            "https://www.linkedin.com/in/Camille-Martin/",
        ),
        (
            "https://www.linkedin.com/in/camille-martin/",
            "https://www.linkedin.com/in/camille-martin/",
        ),
        (
            "linkedin.com/in/camille-martin",
            "https://www.linkedin.com/in/camille-martin/",
        ),
    ] {
        let p = ProfileUrl::from_vanity_name(given).unwrap();
        assert_eq!(p.as_str(), url, "{given:?}");
        assert_eq!(p.to_string(), url);
    }
    for bad in [
        "",
        "ab",
        "camille martin",
        "a/b",
        "x?y=1",
        "é-accent",
        "https://evil.example/in/x",
        &"a".repeat(101),
    ] {
        let err = ProfileUrl::from_vanity_name(bad).unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad:?}: {err:?}"
        );
    }
}

#[cfg(feature = "qr")]
#[test]
fn case4_the_qr_code_is_an_svg_document() {
    let svg = ProfileUrl::from_vanity_name("camille-martin")
        .unwrap()
        .qr_svg()
        .unwrap();
    assert!(svg.starts_with("<?xml"), "{}", &svg[..40]);
    assert!(svg.contains("<svg") && svg.trim_end().ends_with("</svg>"));
    assert!(svg.contains("fill=\"#000000\"") || svg.contains("#000000"));
    // Width at least 240 pixels.
    let width: u32 = svg
        .split("width=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap();
    assert!(width >= 240, "{width}");
}

fn organizer_found() -> Mock {
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some("q=vanityName&vanityName=acme-events")))
        .respond_with(json(
            200,
            json!({ "elements": [{ "id": 1234, "localizedName": "Acme [Events]", "vanityName": "acme-events" }] }),
        ))
}

#[tokio::test]
async fn case4_the_follow_up_post_mentions_the_organizer_by_its_name() {
    let server = MockServer::start().await;
    organizer_found().expect(2).mount(&server).await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .respond_with(created("urn:li:share:7100000000000000000"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let me: PersonUrn = MEMBER.parse().unwrap();
    let builder = li
        .event_follow_up(me, "acme-events")
        .text("Thanks {organizer} (and everyone)!")
        .hashtag("networking");
    let (org, commentary) = builder.prepare().await.unwrap();
    assert_eq!(org.id, "1234");
    let expected = "Thanks @[Acme \\[Events\\]](urn:li:organization:1234) \\(and everyone\\)! {hashtag|#|networking}";
    assert_eq!(commentary.as_str(), expected);
    let post = builder.send().await.unwrap();
    assert_eq!(post.to_string(), "urn:li:share:7100000000000000000");
    let sent = requests(&server).await;
    let create = sent.iter().find(|r| r.method.as_str() == "POST").unwrap();
    let body = body_json(create);
    assert_eq!(body["commentary"], expected);
    assert_eq!(body["author"], MEMBER);
}

#[tokio::test]
async fn case4_without_a_placeholder_the_mention_ends_the_text() {
    let server = MockServer::start().await;
    organizer_found().expect(1).mount(&server).await;
    let (li, _) = client(&server);
    let (_, c) = li
        .event_follow_up(PersonUrn::new("-f_Ut43FoQ").unwrap(), "acme-events")
        .text("Great evening with")
        .prepare()
        .await
        .unwrap();
    assert_eq!(
        c.as_str(),
        "Great evening with @[Acme \\[Events\\]](urn:li:organization:1234)"
    );
}

#[tokio::test]
async fn case4_an_unknown_organizer_is_not_found_and_nothing_is_posted() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .respond_with(json(200, json!({ "elements": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .event_follow_up(PersonUrn::new("-f_Ut43FoQ").unwrap(), "no-such-org")
        .text("Thanks {organizer}")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
    assert!(err.to_string().contains("no-such-org"), "{err}");
    assert!(
        requests(&server)
            .await
            .iter()
            .all(|r| r.method.as_str() == "GET")
    );
}
