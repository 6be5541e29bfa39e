//! The LinkedIn fake answers like LinkedIn (issue 13, "The LinkedIn fake gets the same
//! review"): field projections on every Rest.li read as the "Field Projections" page
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/projections>)
//! describes them, paging links as the "Pagination" page
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination>) shows
//! them, Rest.li's error marker, and reads whose cost does not grow with the state the fake
//! holds (counted by `records_scanned`, never timed).

mod common;
use common::enc;
use serde_json::{Value, json};
use social_testkit::FakeServer;
use social_testkit::linkedin::{ALL_SCOPES, LinkedInFake};

/// 2026-03-02T09:00:00Z, where the tests freeze the fake's clock.
const NOW: i64 = 1_772_442_000;
const VERSION: &str = "202603";

struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The fake on a server, a member with every scope, and the organization she administers.
struct Li {
    fake: LinkedInFake,
    server: FakeServer,
    client: reqwest::Client,
    token: String,
    me: String,
    org: String,
}

impl Li {
    async fn start() -> Self {
        let fake = LinkedInFake::new();
        fake.state().lock().set_now(NOW);
        let sub = fake.add_member("Camille", "Martin");
        let org = fake.add_organization("Martin Avocats");
        fake.set_role(&sub, &org, "ADMINISTRATOR");
        let token = fake.member_token(&sub, ALL_SCOPES);
        let server = FakeServer::start(()).await;
        server.mount("", &fake).await;
        Li {
            fake,
            server,
            client: reqwest::Client::new(),
            token,
            me: format!("urn:li:person:{sub}"),
            org,
        }
    }

    async fn call(&self, method: &str, path: &str, body: Option<Value>, token: &str) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.server.uri()))
            .bearer_auth(token)
            .header("LinkedIn-Version", VERSION)
            .header("X-Restli-Protocol-Version", "2.0.0");
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the fake answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        Reply {
            status,
            headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
        }
    }

    async fn get(&self, path: &str) -> Reply {
        self.call("GET", path, None, &self.token).await
    }

    async fn comment(&self, post: &str, text: &str) -> Reply {
        let body = json!({ "actor": self.me, "object": post, "message": { "text": text } });
        let path = format!("/rest/socialActions/{}/comments", enc(post));
        self.call("POST", &path, Some(body), &self.token).await
    }

    fn scanned(&self) -> u64 {
        self.fake.state().lock().records_scanned()
    }
}

// ----- projections --------------------------------------------------------------------------

#[tokio::test]
async fn rule_fields_projection_applies_to_every_read() {
    let li = Li::start().await;
    let post = li.fake.post_as(&li.me, "Bonjour");
    assert_eq!(li.comment(&post, "Premier").await.status, 201);
    let path = format!(
        "/rest/socialActions/{}/comments?fields=id,message:(text)",
        enc(&post)
    );
    let listed = li.get(&path).await;
    assert_eq!(listed.status, 200, "{}", listed.body);
    let element = &listed.body["elements"][0];
    let keys: Vec<&String> = element.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id", "message"]);
    assert_eq!(element["message"], json!({ "text": "Premier" }));
    // The paging is not projected away.
    assert_eq!(listed.body["paging"]["total"], 1);

    let org = li
        .get(&format!("/rest/organizations/{}?fields=id", li.org))
        .await;
    assert_eq!(org.status, 200, "{}", org.body);
    let keys: Vec<&String> = org.body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["id"]);
}

#[tokio::test]
async fn rule_nested_projection_keeps_the_named_subfields() {
    let li = Li::start().await;
    let post = li.fake.post_as(&li.me, "Bonjour");
    let path = format!(
        "/rest/posts/{}?fields=id,distribution:(feedDistribution)",
        enc(&post)
    );
    let got = li.get(&path).await;
    assert_eq!(got.status, 200, "{}", got.body);
    assert_eq!(
        got.body,
        json!({ "id": post, "distribution": { "feedDistribution": "MAIN_FEED" } })
    );
    let found = li
        .get(&format!(
            "/rest/posts?q=author&author={}&fields=id,commentary",
            enc(&li.me)
        ))
        .await;
    assert_eq!(
        found.body["elements"],
        json!([{ "id": post, "commentary": "Bonjour" }])
    );
    // The protocol 1.0 form the official Python client writes names the envelope itself.
    let legacy = li
        .get(&format!(
            "/rest/posts?q=author&author={}&fields=elements*(id)",
            enc(&li.me)
        ))
        .await;
    assert_eq!(legacy.status, 200, "{}", legacy.body);
    assert_eq!(legacy.body, json!({ "elements": [{ "id": post }] }));
}

#[tokio::test]
async fn rule_malformed_projection_is_400() {
    let li = Li::start().await;
    let post = li.fake.post_as(&li.me, "Bonjour");
    for fields in ["id,", "distribution:(feedDistribution", "a:b"] {
        let got = li
            .get(&format!(
                "/rest/posts/{}?fields={}",
                enc(&post),
                enc(fields)
            ))
            .await;
        assert_eq!(got.status, 400, "{fields}: {}", got.body);
        assert_eq!(got.body["code"], "ILLEGAL_ARGUMENT");
        assert_eq!(got.body["status"], 400);
    }
    // A projection is for reads: a create with `fields` is still an unknown parameter.
    let body = json!({
        "author": li.me, "commentary": "x", "visibility": "PUBLIC",
        "distribution": { "feedDistribution": "MAIN_FEED" }, "lifecycleState": "PUBLISHED",
    });
    let created = li
        .call("POST", "/rest/posts?fields=id", Some(body), &li.token)
        .await;
    assert_eq!(created.status, 400);
    assert_eq!(
        created.body["message"],
        "Invalid query parameters passed to request"
    );
}

// ----- errors and paging --------------------------------------------------------------------

#[tokio::test]
async fn rule_restli_errors_carry_the_error_response_header() {
    let li = Li::start().await;
    let missing = li
        .get(&format!("/rest/posts/{}", enc("urn:li:share:1")))
        .await;
    assert_eq!(missing.status, 404);
    assert_eq!(missing.header("x-restli-error-response"), Some("true"));
    assert_eq!(missing.header("content-type"), Some("application/json"));
    assert_eq!(missing.body["status"], 404);
    let denied = li
        .call(
            "GET",
            &format!("/rest/organizations/{}", li.org),
            None,
            &li.fake
                .member_token(li.me.rsplit(':').next().unwrap(), &["openid"]),
        )
        .await;
    assert_eq!(denied.status, 403);
    assert_eq!(denied.header("x-restli-error-response"), Some("true"));
    assert_eq!(denied.body["code"], "ACCESS_DENIED");
    assert_eq!(
        denied.body["message"],
        "Not enough permissions to access: organizations.GET.20260301"
    );
    let ok = li.get(&format!("/rest/organizations/{}", li.org)).await;
    assert_eq!(ok.status, 200);
    assert_eq!(ok.header("x-restli-error-response"), None);
}

#[tokio::test]
async fn rule_comment_pages_link_to_the_next_and_previous_pages() {
    let li = Li::start().await;
    let post = li.fake.post_as(&li.me, "Bonjour");
    for i in 0..5 {
        assert_eq!(li.comment(&post, &format!("n{i}")).await.status, 201);
    }
    let base = format!("/rest/socialActions/{}/comments", enc(&post));
    let middle = li
        .get(&format!("{base}?start=2&fields=id,message&count=2"))
        .await;
    assert_eq!(middle.status, 200, "{}", middle.body);
    assert_eq!(middle.body["paging"]["total"], 5);
    let links = middle.body["paging"]["links"].as_array().unwrap();
    let rels: Vec<&str> = links.iter().map(|l| l["rel"].as_str().unwrap()).collect();
    assert_eq!(rels, ["prev", "next"]);
    assert_eq!(
        links[1]["href"],
        format!("{base}?count=2&fields=id%2Cmessage&start=4")
    );
    assert_eq!(links[0]["type"], "application/json");
    // Following the link gives the last page, which links back only.
    let href = links[1]["href"].as_str().unwrap();
    let last = li.get(href).await;
    assert_eq!(last.body["elements"].as_array().unwrap().len(), 1);
    assert_eq!(last.body["elements"][0]["message"]["text"], "n4");
    let rels: Vec<&str> = last.body["paging"]["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["rel"].as_str().unwrap())
        .collect();
    assert_eq!(rels, ["prev"]);
}

#[tokio::test]
async fn rule_missing_permission_is_403_before_any_lookup() {
    let li = Li::start().await;
    let sub = li.me.rsplit(':').next().unwrap().to_owned();
    let writer = li.fake.member_token(&sub, &["w_member_social"]);
    let missing = enc("urn:li:share:1");
    for (path, resource) in [
        (
            format!("/rest/socialActions/{missing}/comments"),
            "comments.GET_ALL",
        ),
        (
            format!("/rest/socialActions/{missing}/comments/1"),
            "comments.GET",
        ),
        (
            format!("/rest/posts/{missing}"),
            "partnerApiPostsExternal.GET",
        ),
        (
            format!("/rest/socialMetadata/{missing}"),
            "socialMetadata.GET",
        ),
    ] {
        let got = li.call("GET", &path, None, &writer).await;
        assert_eq!(got.status, 403, "{path}: {}", got.body);
        assert_eq!(got.body["code"], "ACCESS_DENIED");
        assert_eq!(
            got.body["message"],
            format!("Not enough permissions to access: {resource}.20260301")
        );
    }
    // With the scope, the same reads find nothing: 404.
    let got = li
        .get(&format!("/rest/socialActions/{missing}/comments"))
        .await;
    assert_eq!(got.status, 404);
    assert_eq!(got.body["status"], 404);
}

#[tokio::test]
async fn rule_unreadable_organization_keys_are_400() {
    let li = Li::start().await;
    for path in [
        "/rest/organizations/acme".to_owned(),
        "/rest/organizations?ids=List(90000001,acme)".to_owned(),
    ] {
        let got = li.get(&path).await;
        assert_eq!(got.status, 400, "{path}: {}", got.body);
        assert_eq!(got.body["code"], "ILLEGAL_ARGUMENT");
    }
    // A well-formed id that names nothing is 404, alone or in a batch.
    assert_eq!(li.get("/rest/organizations/1").await.status, 404);
    let batch = li
        .get(&format!("/rest/organizations?ids=List({},1)", li.org))
        .await;
    assert_eq!(batch.status, 200, "{}", batch.body);
    assert_eq!(batch.body["statuses"]["1"], 404);
    assert_eq!(batch.body["statuses"][li.org.as_str()], 200);
}

// ----- scale --------------------------------------------------------------------------------

/// The reads measured: an author's posts, the page's follower, share and page statistics
/// (lifetime and by day), the page by vanity name, the caller's page roles, a post's comments
/// and reactions, the member's post analytics; and a create (its duplicate check).
async fn scanned_by_reads(li: &Li, post: &str, creator: &(String, String)) -> u64 {
    let org = format!("urn:li:organization:{}", li.org);
    let day = format!(
        "(timeRange:(start:{},end:{}),timeGranularityType:DAY)",
        (NOW - 86_400) * 1_000,
        (NOW + 86_400) * 1_000
    );
    let paths = [
        format!("/rest/posts?q=author&author={}", enc(&li.me)),
        format!(
            "/rest/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={}",
            enc(&org)
        ),
        format!(
            "/rest/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={}&timeIntervals={}",
            enc(&org),
            enc(&day)
        ),
        format!(
            "/rest/organizationalEntityShareStatistics?q=organizationalEntity&organizationalEntity={}",
            enc(&org)
        ),
        format!(
            "/rest/organizationPageStatistics?q=organization&organization={}&timeIntervals={}",
            enc(&org),
            enc(&day)
        ),
        "/rest/organizations?q=vanityName&vanityName=martin-avocats".to_owned(),
        "/rest/organizationAcls?q=roleAssignee".to_owned(),
        format!("/rest/socialActions/{}/comments", enc(post)),
        format!("/rest/reactions/(entity:{})?q=entity", enc(post)),
        "/rest/memberCreatorPostAnalytics?q=me&queryType=IMPRESSION&aggregation=TOTAL".to_owned(),
    ];
    let before = li.scanned();
    for path in &paths {
        let reply = li.get(path).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    }
    let (urn, token) = creator;
    let body = json!({
        "author": urn, "commentary": "Nouveau", "visibility": "PUBLIC",
        "distribution": { "feedDistribution": "MAIN_FEED" }, "lifecycleState": "PUBLISHED",
    });
    let created = li.call("POST", "/rest/posts", Some(body), token).await;
    assert_eq!(created.status, 201);
    li.scanned() - before
}

/// A fresh member who can post: `(URN, token)`.
fn creator(li: &Li) -> (String, String) {
    let sub = li.fake.add_member("Nouveau", "Membre");
    let token = li.fake.member_token(&sub, &["w_member_social"]);
    (format!("urn:li:person:{sub}"), token)
}

#[tokio::test]
async fn rule_reads_cost_the_same_in_a_small_and_a_large_fake() {
    let li = Li::start().await;
    let post = li.fake.post_as(&li.me, "Bonjour");
    li.fake
        .post_as(&format!("urn:li:organization:{}", li.org), "Le cabinet");
    assert_eq!(li.comment(&post, "Premier").await.status, 201);
    let like = json!({ "root": post, "reactionType": "LIKE" });
    let path = format!("/rest/reactions?actor={}", enc(&li.me));
    assert_eq!(
        li.call("POST", &path, Some(like), &li.token).await.status,
        201
    );
    li.fake.state().with(|s| {
        s.add_followers(&li.org, 10, false);
        s.add_page_views(&li.org, 10);
    });
    let small = scanned_by_reads(&li, &post, &creator(&li)).await;

    // Grow everything but what the reads serve: other authors' posts, other pages, other
    // members' roles, and 100,000 followers and views of the page itself.
    li.fake.state().with(|s| {
        for i in 0..2_000 {
            let member = s.add_member("Autre", &format!("Membre {i}"));
            let organization = s.add_organization(&format!("Autre cabinet {i}"));
            s.set_role(&member, &organization, "ADMINISTRATOR");
            s.post_as(&format!("urn:li:person:{member}"), "Ailleurs");
            s.post_as(&format!("urn:li:organization:{organization}"), "Ailleurs");
        }
        s.add_followers(&li.org, 90_000, false);
        s.add_followers(&li.org, 10_000, true);
        s.add_page_views(&li.org, 100_000);
    });
    // Another member's post, whose thread grows.
    let stranger = li.fake.add_member("Autre", "Auteur");
    let other = li
        .fake
        .post_as(&format!("urn:li:person:{stranger}"), "Autre");
    for i in 0..20 {
        assert_eq!(li.comment(&other, &format!("c{i}")).await.status, 201);
    }
    let large = scanned_by_reads(&li, &post, &creator(&li)).await;
    assert_eq!(
        small, large,
        "records visited: small {small}, large {large}"
    );

    // The counts are still right.
    let org = format!("urn:li:organization:{}", li.org);
    let lifetime = li
        .get(&format!(
            "/rest/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={}",
            enc(&org)
        ))
        .await;
    let counts =
        &lifetime.body["elements"][0]["followerCountsByAssociationType"][0]["followerCounts"];
    assert_eq!(counts["organicFollowerCount"], 90_010);
    assert_eq!(counts["paidFollowerCount"], 10_000);
    let by_vanity = li
        .get("/rest/organizations?q=vanityName&vanityName=Martin-Avocats")
        .await;
    assert_eq!(by_vanity.body["elements"].as_array().unwrap().len(), 1);
    let acls = li.get("/rest/organizationAcls?q=roleAssignee").await;
    assert_eq!(acls.body["paging"]["total"], 1);
}

#[tokio::test]
async fn rule_time_bound_follower_gains_count_follows_added_out_of_order() {
    let li = Li::start().await;
    let org = format!("urn:li:organization:{}", li.org);
    li.fake.state().with(|s| {
        s.set_now(NOW + 3 * 86_400);
        s.add_followers(&li.org, 3, false);
        s.set_now(NOW);
        s.add_followers(&li.org, 2, false);
        s.add_followers(&li.org, 1, true);
    });
    let days = format!(
        "(timeRange:(start:{},end:{}),timeGranularityType:DAY)",
        NOW * 1_000,
        (NOW + 4 * 86_400) * 1_000
    );
    let got = li
        .get(&format!(
            "/rest/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={}&timeIntervals={}",
            enc(&org),
            enc(&days)
        ))
        .await;
    assert_eq!(got.status, 200, "{}", got.body);
    let gains: Vec<(u64, u64)> = got.body["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            let g = &e["followerGains"];
            (
                g["organicFollowerGain"].as_u64().unwrap(),
                g["paidFollowerGain"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(gains, [(2, 1), (0, 0), (0, 0), (3, 0)]);
}

/// The reactions finder reads `sort` as the Rest.li record `(value:…)` its documentation
/// writes (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/reactions-api>):
/// a known order is taken, an unknown one or a bare name is a 400.
#[tokio::test]
async fn rule_reactions_sort_is_a_restli_record() {
    let li = Li::start().await;
    let post = li.fake.post_as(&li.me, "Bonjour");
    let path = |sort: &str| {
        format!(
            "/rest/reactions/(entity:{})?q=entity&sort={}",
            enc(&post),
            enc(sort)
        )
    };
    for (sort, status) in [
        ("(value:CHRONOLOGICAL)", 200),
        ("(value:RELEVANCE)", 200),
        ("(value:NEWEST)", 400),
        ("CHRONOLOGICAL", 400),
        ("(value:CHRONOLOGICAL,extra:1)", 400),
        ("(value:CHRONOLOGICAL", 400),
    ] {
        let reply = li.get(&path(sort)).await;
        assert_eq!(reply.status, status, "sort={sort}: {}", reply.body);
    }
}
