//! The client (issue 10, items 1 and 2): the hosts and headers of each call, query tunnelling,
//! the escape hatch, the sunset warning and the configuration checks, against a mock server.

mod common;

use std::sync::Arc;

use common::*;
use serde_json::json;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::{Error, Listing, TransportErrorKind};
use social_linkedin::urn::OrganizationUrn;
use social_linkedin::{LinkedInClient, LinkedInVersion};
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// `/rest` calls carry `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0`; `/v2/userinfo`
/// carries neither (it is unversioned).
#[tokio::test]
async fn case1_version_headers_on_rest_calls_only() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations/2414183"))
        .and(RestCall("GET"))
        .respond_with(json(
            200,
            json!({"id": 2414183, "localizedName": "Acme Legal"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json(200, json!({"sub": "-f_Ut43FoQ"})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    li.organizations()
        .get(&OrganizationUrn::new("2414183").unwrap())
        .send()
        .await
        .unwrap();
    li.userinfo().send().await.unwrap();
    let reqs = requests(&server).await;
    let userinfo = reqs
        .iter()
        .find(|r| r.url.path() == "/v2/userinfo")
        .unwrap();
    assert_eq!(header_of(userinfo, "linkedin-version"), None);
    assert_eq!(header_of(userinfo, "x-restli-protocol-version"), None);
    assert_eq!(header_of(userinfo, "x-restli-method"), None);
}

/// The version is a setting, checked offline; `YYYYMM.RR` goes out as written.
#[tokio::test]
async fn case1_the_version_is_a_setting_checked_offline() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizations/1"))
        .and(header("linkedin-version", "202508.02"))
        .respond_with(json(200, json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let li = builder(&server, &clock)
        .access_token(AccessToken::new(TOKEN))
        .version("202508.02")
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(li.version().to_string(), "202508.02");
    li.organizations()
        .get(&OrganizationUrn::new("1").unwrap())
        .send()
        .await
        .unwrap();
    for bad in ["2025-08", "202513", "202205", "", "20250801"] {
        assert!(
            matches!(
                LinkedInClient::builder().version(bad),
                Err(Error::Config { .. })
            ),
            "{bad}"
        );
    }
    assert_eq!(
        LinkedInClient::builder().build().unwrap().version(),
        &LinkedInVersion::default()
    );
}

/// The three hosts are settings; one root serves a fake.
#[tokio::test]
async fn case1_hosts_are_configurable() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/rest/organizations/1"))
        .respond_with(json(200, json!({"id": 1})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/legacy/userinfo"))
        .respond_with(json(200, json!({"sub": "x"})))
        .expect(1)
        .mount(&server)
        .await;
    let clock = ManualClock::new(start());
    let li = builder(&server, &clock)
        .access_token(AccessToken::new(TOKEN))
        .rest_url(format!("{}/api/rest", server.uri()))
        .legacy_url(format!("{}/legacy", server.uri()))
        .build()
        .unwrap();
    li.organizations()
        .get(&OrganizationUrn::new("1").unwrap())
        .send()
        .await
        .unwrap();
    li.userinfo().send().await.unwrap();
    // Plain http to a remote host would carry the token in clear.
    let err = LinkedInClient::builder()
        .base_url("http://api.example.com")
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
}

/// The token and the client secret never show in `Debug`.
#[tokio::test]
async fn case1_debug_shows_no_secret() {
    let server = MockServer::start().await;
    let clock = ManualClock::new(start());
    let b = builder(&server, &clock).access_token(AccessToken::new(TOKEN));
    let text = format!("{b:?}");
    let li = b.build().unwrap();
    let text = format!("{text} {li:?}");
    assert!(!text.contains(TOKEN), "{text}");
    assert!(!text.contains(CLIENT_SECRET), "{text}");
}

/// A finder whose encoded query is over 4,000 characters goes as a `POST` with
/// `X-HTTP-Method-Override: GET` and the query as a form body (the query tunnelling page); at
/// 4,000 it stays a `GET`.
#[tokio::test]
async fn case2_long_queries_are_tunnelled() {
    let server = MockServer::start().await;
    let base = "author=urn%3Ali%3Aorganization%3A2414183&count=10&q=author&start=0";
    // `&x=` + the value makes the query exactly `len` characters long.
    let query_of = |len: usize| format!("{base}&x={}", "a".repeat(len - base.len() - 3));
    let at_limit = query_of(4_000);
    let over = query_of(4_001);
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(RestCall("FINDER"))
        .respond_with(json(200, json!({"elements": []})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("FINDER"))
        .and(header("x-http-method-override", "GET"))
        .and(header("content-type", "application/x-www-form-urlencoded"))
        .and(body_string(over.clone()))
        .and(RawQuery(None))
        .respond_with(json(200, json!({"elements": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let org = OrganizationUrn::new("2414183").unwrap();
    for len in [4_000, 4_001] {
        li.posts()
            .by_author(org.clone())
            .param("x", "a".repeat(len - base.len() - 3))
            .send()
            .await
            .unwrap();
    }
    let get = requests(&server)
        .await
        .into_iter()
        .find(|r| r.method.as_str() == "GET")
        .unwrap();
    assert_eq!(get.url.query(), Some(at_limit.as_str()));
}

/// A tunnelled read is retried like a read after a 5xx.
#[tokio::test]
async fn case2_a_tunnelled_read_is_retried_as_a_read() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(header("x-http-method-override", "GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(header("x-http-method-override", "GET"))
        .respond_with(json(200, json!({"elements": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    li.posts()
        .by_author(OrganizationUrn::new("2414183").unwrap())
        .param("x", "b".repeat(5_000))
        .send()
        .await
        .unwrap();
    assert_eq!(clock.sleeps().len(), 1);
}

/// Rest.li values in a query keep their structure; URNs in a path are one encoded key.
#[tokio::test]
async fn case2_restli_values_in_queries_and_paths() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .and(RawQuery(Some(
            "author=urn%3Ali%3Aperson%3A-f_Ut43FoQ&count=10&q=author&start=0&tags=List(a%20b,%28c%29)&timeRange=(end:2,start:1)",
        )))
        .respond_with(json(200, json!({"elements": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    li.posts()
        .by_author(MEMBER.parse::<social_linkedin::urn::PersonUrn>().unwrap())
        .param_value("timeRange", json!({"start": 1, "end": 2}))
        .param_value("tags", json!(["a b", "(c)"]))
        .send()
        .await
        .unwrap();
}

/// The escape hatch sends to `/rest` with the version headers and the token.
#[tokio::test]
async fn case1_raw_calls_carry_the_version_headers() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/socialMetadata/urn%3Ali%3Ashare%3A1"))
        .and(header("linkedin-version", VERSION))
        .and(header("x-restli-protocol-version", "2.0.0"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(json(200, json!({"commentSummary": {"count": 3}})))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let v: serde_json::Value = li
        .raw()
        .get("socialMetadata/urn:li:share:1")
        .send()
        .await
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(v["commentSummary"]["count"], 3);
}

/// Within 60 days of the version's estimated sunset, building the client logs a warning, once;
/// further from it, nothing.
#[tokio::test(flavor = "current_thread")]
async fn case1_a_warning_once_per_client_near_the_sunset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v2/userinfo"))
        .respond_with(json(200, json!({"sub": "x"})))
        .mount(&server)
        .await;
    let (logs, _guard) = social_testkit::logs::capture_logs();
    // 2027-02-01: 202603's estimated sunset (2027-03-15) is 42 days away.
    let near = ManualClock::new(at(1_801_472_400));
    let li = builder(&server, &near)
        .access_token(AccessToken::new(TOKEN))
        .build()
        .unwrap();
    li.userinfo().send().await.unwrap();
    li.clone().userinfo().send().await.unwrap();
    let text = logs.text();
    assert_eq!(
        text.matches("reaches its estimated sunset").count(),
        1,
        "{text}"
    );
    assert!(text.contains("WARN"), "{text}");
    assert!(text.contains("202603"), "{text}");
    // 2026-12-05: 100 days away, no warning.
    let (logs, _guard) = social_testkit::logs::capture_logs();
    let far = ManualClock::new(start());
    builder(&server, &far)
        .access_token(AccessToken::new(TOKEN))
        .clock(Arc::new(far.clone()))
        .build()
        .unwrap();
    assert!(!logs.text().contains("sunset"), "{}", logs.text());
}
