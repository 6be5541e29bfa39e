//! The core traits (issue 10, item 8): `Publisher` (capabilities as data, offline validation,
//! publish, delete), `ProfileReader` and `Reconcile` for a member and a page, against a mock
//! server.

mod common;

use chrono::{DateTime, Utc};
use common::*;
use serde_json::json;
use social_core::reconcile::Reconciled;
use social_core::{
    AuthErrorKind, Error, LengthCounting, MediaId, MediaRef, Network, Post, PostId, ProfileReader,
    Publisher, Reconcile, UserId, ViolationKind,
};
use social_linkedin::adapter::{LinkedInMember, LinkedInOrganization};
use social_linkedin::urn::{OrganizationUrn, PersonUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn member(server: &MockServer) -> LinkedInMember {
    let (li, _) = client(server);
    LinkedInMember::new(li, MEMBER.parse::<PersonUrn>().unwrap())
}

fn firm(server: &MockServer) -> LinkedInOrganization {
    let (li, _) = client(server);
    LinkedInOrganization::new(li, ORG.parse::<OrganizationUrn>().unwrap())
}

fn now() -> DateTime<Utc> {
    DateTime::from_timestamp(NOW_UNIX as i64, 0).unwrap()
}

#[tokio::test]
async fn case8_capabilities_are_data() {
    let server = MockServer::start().await;
    let caps = member(&server).capabilities();
    assert_eq!(caps.network, Network::LinkedIn);
    assert_eq!(caps.max_text_length, 3_000);
    assert_eq!(caps.counting, LengthCounting::Utf16);
    assert_eq!(caps.max_media, 20);
    assert!(!caps.scheduling && !caps.replies && !caps.threads);
    assert_eq!(firm(&server).capabilities(), caps);
}

/// Every violation at once: too long (escapes counted), scheduled, a reply, 21 media (20 images
/// at most), a media id that is no LinkedIn media URN.
#[tokio::test]
async fn case8_validation_reports_every_rule_at_once() {
    let server = MockServer::start().await;
    let mut draft = Post::new("(x)".repeat(1_000))
        .scheduled_at(now() + chrono::Duration::days(1))
        .in_reply_to(PostId::new("urn:li:share:1"));
    for i in 0..20 {
        draft = draft.with_media(MediaRef::new(MediaId::new(format!(
            "urn:li:image:C4E10AQFoyyAjHPMQ{i:02}"
        ))));
    }
    let draft = draft.with_media(MediaRef::new(MediaId::new("1146654567674912769")));
    let err = member(&server).validate(&draft).unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(
        fields,
        [
            "commentary",
            "scheduled_at",
            "reply_to",
            "media",
            "media[20].id"
        ],
        "{violations:?}"
    );
    assert_eq!(
        violations[0].kind,
        ViolationKind::TooLong {
            limit: 3_000,
            actual: 5_000
        }
    );
    assert!(
        member(&server)
            .validate(&Post::new("Fine (really)."))
            .is_ok()
    );
    assert!(requests(&server).await.is_empty());
}

/// Publishing escapes the text, appends the link, carries the media, and gives the post's feed
/// address.
#[tokio::test]
async fn case8_publish_as_the_member_and_as_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .respond_with(created("urn:li:share:6844785523593134080"))
        .expect(2)
        .mount(&server)
        .await;
    let draft = Post::new("New article (2027 reform):")
        .with_link("https://example.com/tax-2027")
        .with_media(
            MediaRef::new(MediaId::new("urn:li:image:C4E10AQFoyyAjHPMQuQ"))
                .with_alt_text("A chart"),
        );
    let published = member(&server).publish(&draft).await.unwrap();
    assert_eq!(published.network, Network::LinkedIn);
    assert_eq!(published.id.as_str(), "urn:li:share:6844785523593134080");
    assert_eq!(
        published.url.as_deref(),
        Some("https://www.linkedin.com/feed/update/urn:li:share:6844785523593134080/")
    );
    firm(&server)
        .publish(&Post::new("We are hiring."))
        .await
        .unwrap();
    let reqs = requests(&server).await;
    let body = body_json(&reqs[0]);
    assert_eq!(body["author"], MEMBER);
    assert_eq!(
        body["commentary"],
        "New article \\(2027 reform\\): https://example.com/tax-2027"
    );
    assert_eq!(body["content"]["media"]["altText"], "A chart");
    assert_eq!(body_json(&reqs[1])["author"], ORG);
}

#[tokio::test]
async fn case8_delete_by_post_id() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A42"))
        .and(RestCall("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let m = member(&server);
    m.delete(&PostId::new("urn:li:share:42")).await.unwrap();
    assert!(matches!(
        m.delete(&PostId::new("42")).await,
        Err(Error::InvalidInput { .. })
    ));
}

#[tokio::test]
async fn case8_profiles_of_the_member_and_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(200, json!({"sub": "-f_Ut43FoQ", "name": "Jane Doe"})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations/2414183"))
        .and(RestCall("GET"))
        .respond_with(json(
            200,
            json!({"id": 2414183, "localizedName": "Acme Legal", "vanityName": "acme-legal"}),
        ))
        .mount(&server)
        .await;
    let m = member(&server);
    assert_eq!(m.me().await.unwrap().id.as_str(), MEMBER);
    assert_eq!(
        m.profile(&UserId::new(MEMBER)).await.unwrap().name,
        "Jane Doe"
    );
    assert_eq!(
        m.profile(&UserId::new(ORG)).await.unwrap().name,
        "Acme Legal"
    );
    let err = m
        .profile(&UserId::new("urn:li:person:someoneElse"))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { .. },
                ..
            }
        ) && err.to_string().contains("partner"),
        "{err}"
    );
    let page = firm(&server).me().await.unwrap();
    assert_eq!(page.handle.as_deref(), Some("acme-legal"));
    assert_eq!(page.id.as_str(), ORG);
    let signed_in = LinkedInMember::signed_in(client(&server).0).await.unwrap();
    assert_eq!(signed_in.urn().to_string(), MEMBER);
}

fn post(n: u64, commentary: &str, minutes_before_now: i64) -> serde_json::Value {
    let created = (now() - chrono::Duration::minutes(minutes_before_now)).timestamp_millis();
    json!({"id": format!("urn:li:share:{n}"), "author": ORG, "commentary": commentary, "createdAt": created})
}

/// Found when a post of the window has the draft's little text; `NotFound` once a post older
/// than the window was read; newest first by creation.
#[tokio::test]
async fn case8_reconcile_finds_or_rules_out_the_post() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(
            "author=urn%3Ali%3Aorganization%3A2414183&count=100&q=author&sortBy=CREATED&start=0",
        )))
        .respond_with(json(
            200,
            json!({"paging": {"start": 0, "count": 100}, "elements": [
                post(3, "Other news", 1),
                post(2, "Closed on Friday \\(bank holiday\\)", 2),
                post(1, "Old", 60),
            ]}),
        ))
        .expect(2)
        .mount(&server)
        .await;
    let f = firm(&server);
    let attempted = now() - chrono::Duration::minutes(3);
    let found = f
        .reconcile(&Post::new("Closed on Friday (bank holiday)"), attempted)
        .await
        .unwrap();
    assert_eq!(found, Reconciled::Found(PostId::new("urn:li:share:2")));
    let missing = f
        .reconcile(&Post::new("Never posted"), attempted)
        .await
        .unwrap();
    assert_eq!(missing, Reconciled::NotFound);
}

/// A cap reached before the window start is `Unknown`; a 403 (reading a member's own posts is
/// restricted) is returned as it is; a 5xx is `Unknown` with its reason.
#[tokio::test]
async fn case8_reconcile_never_guesses() {
    let server = MockServer::start().await;
    let full: Vec<serde_json::Value> = (0..100).map(|n| post(1000 + n, "x", 1)).collect();
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(RawQuery(Some(
            "author=urn%3Ali%3Aorganization%3A2414183&count=100&q=author&sortBy=CREATED&start=0",
        )))
        .respond_with(json(200, json!({"elements": full})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(RawQuery(Some(
            "author=urn%3Ali%3Aperson%3A-f_Ut43FoQ&count=100&q=author&sortBy=CREATED&start=0",
        )))
        .respond_with(access_denied("posts.FINDER-author.20260301"))
        .mount(&server)
        .await;
    let attempted = now() - chrono::Duration::minutes(3);
    let capped = firm(&server)
        .reconcile_max_pages(1)
        .reconcile(&Post::new("y"), attempted)
        .await
        .unwrap();
    assert!(matches!(capped, Reconciled::Unknown { .. }), "{capped:?}");
    let err = member(&server)
        .reconcile(&Post::new("y"), attempted)
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { .. },
                ..
            }
        ),
        "{err:?}"
    );

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .respond_with(li_error(503, None, None, "Service Unavailable"))
        .mount(&server)
        .await;
    let unknown = firm(&server)
        .reconcile(&Post::new("y"), attempted)
        .await
        .unwrap();
    let Reconciled::Unknown { reason } = unknown else {
        panic!("{unknown:?}")
    };
    assert!(reason.contains("503"), "{reason}");
}
