//! The company page (issue 11, item 3, with its share of 7): the member's page roles
//! (`organizationAcls`, "Organization Access Control by Role",
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role>),
//! "the pages I administer", lookup by ids and by vanity name, and the follower count
//! (`networkSizes`), from "Organization Lookup API"
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>).
//! Fixtures are shaped like those pages' examples.

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::{AuthErrorKind, Error, Listing, PageLimits};
use social_linkedin::models::{AclState, OrganizationRole};
use social_linkedin::urn::OrganizationUrn;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn org() -> OrganizationUrn {
    ORG.parse().unwrap()
}

fn acl(org: &str, key: &str) -> serde_json::Value {
    let mut v = json!({
        "roleAssignee": MEMBER,
        "state": "APPROVED",
        "role": "ADMINISTRATOR",
        "lastModified": { "actor": MEMBER, "time": 1_634_018_799_000_i64 },
    });
    v[key] = json!(org);
    v
}

#[tokio::test]
async fn case3_acls_send_role_and_state_and_walk_every_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(
            "count=2&q=roleAssignee&role=ADMINISTRATOR&start=0&state=APPROVED",
        )))
        .respond_with(json(
            200,
            json!({
                "elements": [
                    acl("urn:li:organization:2414183", "organization"),
                    acl("urn:li:organization:1337", "organizationTarget"),
                ],
                "paging": { "count": 2, "start": 0, "links": [] }
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .and(RawQuery(Some(
            "count=2&q=roleAssignee&role=ADMINISTRATOR&start=2&state=APPROVED",
        )))
        .respond_with(json(
            200,
            json!({
                "elements": [acl("urn:li:organization:42", "organizationalTarget")],
                "paging": { "count": 2, "start": 2, "links": [] }
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let acls = li
        .organizations()
        .acls(OrganizationRole::Administrator, AclState::Approved)
        .page_size(2)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<String> = acls
        .iter()
        .map(|a| a.organization_urn().unwrap().id().to_owned())
        .collect();
    assert_eq!(ids, ["2414183", "1337", "42"]);
    assert_eq!(acls[0].role, Some(OrganizationRole::Administrator));
    assert_eq!(acls[0].state, Some(AclState::Approved));
}

#[tokio::test]
async fn case3_acls_without_filters_send_only_the_finder() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .and(RawQuery(Some("count=10&q=roleAssignee&start=0")))
        .respond_with(json(200, json!({ "elements": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let page = li.organizations().acls(None, None).send().await.unwrap();
    assert!(page.items.is_empty());
    assert!(page.next.is_none());
}

#[tokio::test]
async fn case3_administered_resolves_the_roles_with_one_batch_get() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .and(RawQuery(Some(
            "count=100&q=roleAssignee&role=ADMINISTRATOR&start=0&state=APPROVED",
        )))
        .respond_with(json(
            200,
            json!({ "elements": [
                acl("urn:li:organization:2414183", "organization"),
                acl("urn:li:organization:1337", "organizationTarget"),
                acl("urn:li:organization:2414183", "organization"),
            ]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .and(RestCall("BATCH_GET"))
        .and(RawQuery(Some("ids=List(2414183,1337)")))
        .respond_with(json(
            200,
            json!({
                "results": {
                    "2414183": { "id": 2414183, "localizedName": "Acme Legal", "vanityName": "acme-legal" },
                },
                "statuses": { "2414183": 200, "1337": 403 },
                "errors": { "1337": { "status": 403, "message": "Not enough permissions" } }
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let pages = li.organizations().administered().send().await.unwrap();
    assert_eq!(pages.len(), 1);
    assert_eq!(pages[0].localized_name.as_deref(), Some("Acme Legal"));
    assert_eq!(pages[0].urn().unwrap(), org());
}

#[tokio::test]
async fn case3_an_empty_batch_sends_nothing() {
    let server = MockServer::start().await;
    let (li, _) = client(&server);
    assert!(
        li.organizations()
            .batch_get(&[])
            .send()
            .await
            .unwrap()
            .is_empty()
    );
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn case3_vanity_name_lookup_uses_the_finder() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some("q=vanityName&vanityName=linkedin")))
        .respond_with(json(
            200,
            json!({
                "elements": [{
                    "vanityName": "linkedin",
                    "localizedName": "LinkedIn",
                    "id": 1337,
                    "localizedWebsite": "https://www.linkedin.com",
                    "primaryOrganizationType": "NONE",
                    "locations": []
                }],
                "paging": { "count": 10, "start": 0, "links": [] }
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .and(RawQuery(Some("q=vanityName&vanityName=nobody-here")))
        .respond_with(json(200, json!({ "elements": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let found = li
        .organizations()
        .by_vanity_name("linkedin")
        .send()
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, "1337");
    assert_eq!(found.localized_name.as_deref(), Some("LinkedIn"));
    let none = li
        .organizations()
        .by_vanity_name("nobody-here")
        .send()
        .await
        .unwrap();
    assert!(none.is_none());
}

#[tokio::test]
async fn case3_a_bad_vanity_name_is_refused_offline() {
    let server = MockServer::start().await;
    let (li, _) = client(&server);
    for bad in ["", "two words", "a/b", "x&q=me", &"a".repeat(101)] {
        let err = li
            .organizations()
            .by_vanity_name(bad)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::InvalidInput { .. }),
            "{bad:?}: {err:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn case3_follower_count_reads_network_sizes_with_the_current_edge_type() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/networkSizes/urn%3Ali%3Aorganization%3A2414183"))
        .and(RestCall("GET"))
        .and(RawQuery(Some("edgeType=COMPANY_FOLLOWED_BY_MEMBER")))
        .respond_with(json(200, json!({ "firstDegreeSize": 27_153 })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let n = li
        .organizations()
        .follower_count(&org())
        .send()
        .await
        .unwrap();
    assert_eq!(n, 27_153);
}

#[tokio::test]
async fn case7_a_403_on_the_acls_is_a_missing_permission() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationAcls"))
        .respond_with(access_denied(
            "organizationAcls.FINDER-roleAssignee.20260301",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li.organizations().administered().send().await.unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("organizationAcls"), "{err}");
}

#[tokio::test]
async fn case7_a_non_json_5xx_on_the_follower_count_is_retried_then_typed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/networkSizes/urn%3Ali%3Aorganization%3A2414183"))
        .respond_with(
            ResponseTemplate::new(503)
                .set_body_raw("<html>Service Unavailable</html>", "text/html"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let err = li
        .organizations()
        .follower_count(&org())
        .send()
        .await
        .unwrap_err();
    let Error::Api(api) = &err else {
        panic!("{err:?}")
    };
    assert_eq!(api.status, 503);
    assert!(api.body_snippet.contains("Service Unavailable"));
    assert_eq!(clock.sleeps().len(), 2);
}

#[tokio::test]
async fn case7_a_429_on_the_vanity_finder_backs_off_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .respond_with(throttled())
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations"))
        .respond_with(json(
            200,
            json!({ "elements": [{ "id": 1337, "localizedName": "LinkedIn" }] }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let found = li
        .organizations()
        .by_vanity_name("linkedin")
        .send()
        .await
        .unwrap();
    assert!(found.is_some());
    assert_eq!(clock.sleeps(), [Duration::from_secs(2)]);
}
