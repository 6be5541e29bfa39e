//! The LinkedIn fake through raw HTTP: userinfo, posts (create, get, partial update, delete, the
//! author finder, reshares, organization posts), the OAuth 2.0 endpoints, and what the fake
//! refuses as LinkedIn does (headers, versions, tokens, unknown parameters and fields,
//! duplicates, daily quotas), little-text truncation, injected errors.

mod common;
use common::enc;
use serde_json::{Value, json};
use social_testkit::linkedin::{
    ACCESS_TOKEN_TTL, FinderTotal, LinkedInFake, Quota, REFRESH_TOKEN_TTL,
};
use social_testkit::{FakeServer, Fault};

/// 2026-03-02T09:00:00Z, where the tests freeze the fake's clock.
const NOW: i64 = 1_772_442_000;
/// The version the tests send (not retired by default).
const VERSION: &str = "202603";
const DAY: i64 = 86_400;

/// A status, the headers we look at, and the body (JSON when it parses, else `Null` with the
/// text kept).
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
    text: String,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// The LinkedIn fake mounted on a test server, and a client that does not follow redirects.
struct Harness {
    li: LinkedInFake,
    server: FakeServer,
    client: reqwest::Client,
    prefix: &'static str,
}

/// A text post by `author` in the documented shape.
fn text_post(author: &str, commentary: &str) -> Value {
    json!({
        "author": author,
        "commentary": commentary,
        "visibility": "PUBLIC",
        "distribution": {
            "feedDistribution": "MAIN_FEED",
            "targetEntities": [],
            "thirdPartyDistributionChannels": [],
        },
        "lifecycleState": "PUBLISHED",
        "isReshareDisabledByAuthor": false,
    })
}

impl Harness {
    async fn new() -> Self {
        Self::under("").await
    }

    async fn under(prefix: &'static str) -> Self {
        let li = LinkedInFake::new();
        li.state().lock().set_now(NOW);
        let server = FakeServer::start(()).await;
        server.mount(prefix, &li).await;
        Harness {
            li,
            server,
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .unwrap(),
            prefix,
        }
    }

    /// A member with a token holding `scopes`: `(sub, URN, token)`.
    fn member(&self, name: &str, scopes: &[&str]) -> (String, String, String) {
        let sub = self.li.add_member(name, "Martin");
        let token = self.li.member_token(&sub, scopes);
        let urn = format!("urn:li:person:{sub}");
        (sub, urn, token)
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let url = format!("{}{}{path}", self.server.uri(), self.prefix);
        let mut request = self.client.request(method, url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some((content_type, body)) = body {
            request = request.header("content-type", content_type).body(body);
        }
        let response = request.send().await.expect("the fake answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text,
        }
    }

    /// A `/rest` call with the token and LinkedIn's two headers, plus `extra` headers.
    async fn rest(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<&Value>,
        extra: &[(&str, &str)],
    ) -> Reply {
        let bearer = format!("Bearer {token}");
        let mut headers = vec![
            ("Authorization", bearer.as_str()),
            ("LinkedIn-Version", VERSION),
            ("X-Restli-Protocol-Version", "2.0.0"),
        ];
        headers.extend_from_slice(extra);
        let body = body.map(|b| ("application/json", b.to_string()));
        self.send(method, path, &headers, body).await
    }

    async fn create(&self, token: &str, post: &Value) -> Reply {
        self.rest("POST", "/rest/posts", token, Some(post), &[])
            .await
    }

    /// Creates a post and returns its URN.
    async fn publish(&self, token: &str, post: &Value) -> String {
        let created = self.create(token, post).await;
        assert_eq!(created.status, 201, "{}", created.text);
        created.header("x-restli-id").unwrap().to_owned()
    }

    async fn get(&self, urn: &str, token: &str) -> Reply {
        self.rest(
            "GET",
            &format!("/rest/posts/{}", enc(urn)),
            token,
            None,
            &[],
        )
        .await
    }

    async fn find(&self, author: &str, token: &str, extra_query: &str) -> Reply {
        let path = format!("/rest/posts?q=author&author={}{extra_query}", enc(author));
        self.rest("GET", &path, token, None, &[]).await
    }

    async fn patch(&self, urn: &str, token: &str, patch: &Value) -> Reply {
        self.rest(
            "POST",
            &format!("/rest/posts/{}", enc(urn)),
            token,
            Some(patch),
            &[("X-RestLi-Method", "PARTIAL_UPDATE")],
        )
        .await
    }

    async fn userinfo(&self, token: &str) -> Reply {
        let bearer = format!("Bearer {token}");
        self.send("GET", "/v2/userinfo", &[("Authorization", &bearer)], None)
            .await
    }

    async fn form(&self, path: &str, fields: &[(&str, &str)]) -> Reply {
        let body = fields
            .iter()
            .map(|(k, v)| format!("{k}={}", enc(v)))
            .collect::<Vec<_>>()
            .join("&");
        self.send(
            "POST",
            path,
            &[],
            Some(("application/x-www-form-urlencoded", body)),
        )
        .await
    }

    /// The token endpoint with the app's credentials and `fields`.
    async fn token(&self, fields: &[(&str, &str)]) -> Reply {
        let (id, secret) = {
            let state = self.li.state();
            let state = state.lock();
            (
                state.client_id().to_owned(),
                state.client_secret().to_owned(),
            )
        };
        let mut all = vec![
            ("client_id", id.as_str()),
            ("client_secret", secret.as_str()),
        ];
        all.extend_from_slice(fields);
        self.form("/oauth/v2/accessToken", &all).await
    }

    async fn introspect(&self, token: &str) -> Reply {
        self.form(
            "/oauth/v2/introspectToken",
            &[
                ("client_id", "sandbox-li-client"),
                ("client_secret", "sandbox-li-secret"),
                ("token", token),
            ],
        )
        .await
    }

    fn advance(&self, seconds: i64) {
        self.li.state().lock().advance(seconds);
    }
}

fn texts(reply: &Reply) -> Vec<&str> {
    reply.body["elements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["commentary"].as_str().unwrap())
        .collect()
}

// ----- identity ---------------------------------------------------------------------------

#[tokio::test]
async fn userinfo_answers_the_claims_the_scopes_grant() {
    let h = Harness::new().await;
    let (sub, _, full) = h.member("Camille", &["openid", "profile", "email"]);
    let info = h.userinfo(&full).await;
    assert_eq!(info.status, 200, "{}", info.text);
    assert_eq!(info.header("content-type"), Some("application/json"));
    assert_eq!(
        info.body,
        json!({
            "sub": sub,
            "name": "Camille Martin",
            "given_name": "Camille",
            "family_name": "Martin",
            "picture": format!("https://media.licdn.com/dms/image/v2/{sub}/profile-displayphoto-shrink_100_100/0/"),
            "locale": "en-US",
            "email": "camille.martin@example.com",
            "email_verified": true,
        })
    );

    // `openid` alone: the subject only. No LinkedIn-Version needed on `/v2`.
    let bare = h.li.member_token(&sub, &["openid"]);
    assert_eq!(h.userinfo(&bare).await.body, json!({ "sub": sub }));

    // Without `openid`: 403, as for any resource the token does not reach.
    let posting = h.li.member_token(&sub, &["w_member_social"]);
    let refused = h.userinfo(&posting).await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.body,
        json!({
            "status": 403,
            "serviceErrorCode": 100,
            "code": "ACCESS_DENIED",
            "message": "Not enough permissions to access: userinfo.GET.NO_VERSION",
        })
    );
}

#[tokio::test]
async fn userinfo_locale_can_be_the_object_integrators_report() {
    let h = Harness::new().await;
    let (_, _, token) = h.member("Ada", &["openid", "profile"]);
    h.li.state().lock().set_locale_as_object(true);
    let info = h.userinfo(&token).await;
    assert_eq!(
        info.body["locale"],
        json!({ "country": "US", "language": "en" })
    );
}

#[tokio::test]
async fn the_legacy_me_endpoint_is_closed_to_new_apps() {
    let h = Harness::new().await;
    let (_, _, token) = h.member("Ada", &["openid", "profile", "email"]);
    let bearer = format!("Bearer {token}");
    let me = h
        .send("GET", "/v2/me", &[("Authorization", &bearer)], None)
        .await;
    assert_eq!(me.status, 403);
    assert_eq!(
        me.body["message"],
        "Not enough permissions to access: me.GET.NO_VERSION"
    );
}

// ----- posts ------------------------------------------------------------------------------

#[tokio::test]
async fn a_created_post_answers_201_with_x_restli_id_and_reads_back_with_every_field() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    let created = h.create(&token, &text_post(&me, "Hello \\(world\\)")).await;
    assert_eq!(created.status, 201, "{}", created.text);
    assert!(created.text.is_empty(), "201 has an empty body");
    assert_eq!(created.header("x-restli-protocol-version"), Some("2.0.0"));
    let urn = created.header("x-restli-id").unwrap().to_owned();
    assert!(urn.starts_with("urn:li:share:"), "{urn}");

    let read = h.get(&urn, &token).await;
    assert_eq!(read.status, 200, "{}", read.text);
    assert_eq!(
        read.body,
        json!({
            "id": urn,
            "author": me,
            "commentary": "Hello \\(world\\)",
            "visibility": "PUBLIC",
            "distribution": {
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            },
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false,
            "createdAt": NOW * 1_000,
            "lastModifiedAt": NOW * 1_000,
            "publishedAt": NOW * 1_000,
            "lifecycleStateInfo": { "isEditedByAuthor": false },
        })
    );

    // A projection keeps the fields asked for.
    let projected = h
        .rest(
            "GET",
            &format!("/rest/posts/{}?fields=id,commentary", enc(&urn)),
            &token,
            None,
            &[],
        )
        .await;
    assert_eq!(
        projected.body,
        json!({ "id": urn, "commentary": "Hello \\(world\\)" })
    );
}

#[tokio::test]
async fn a_post_is_read_by_its_percent_encoded_urn_and_a_missing_one_is_404() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    let urn = h.publish(&token, &text_post(&me, "first")).await;

    // The URN must travel percent-encoded in the path.
    let raw = h
        .rest("GET", &format!("/rest/posts/{urn}"), &token, None, &[])
        .await;
    assert_eq!(raw.status, 400, "{}", raw.text);
    assert_eq!(raw.body["code"], "ILLEGAL_ARGUMENT");

    let missing = h.get("urn:li:share:1", &token).await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.body,
        json!({ "status": 404, "message": "Not Found" })
    );

    let not_a_post = h.get("urn:li:person:abc", &token).await;
    assert_eq!(not_a_post.status, 400);
}

#[tokio::test]
async fn reads_need_the_restricted_scopes_that_self_serve_apps_lack() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["openid", "profile", "w_member_social"]);
    let urn = h
        .publish(&token, &text_post(&me, "posted, not readable"))
        .await;

    let read = h.get(&urn, &token).await;
    assert_eq!(read.status, 403);
    assert_eq!(
        read.body,
        json!({
            "status": 403,
            "serviceErrorCode": 100,
            "code": "ACCESS_DENIED",
            "message": "Not enough permissions to access: partnerApiPostsExternal.GET.20260301",
        })
    );
    let listed = h.find(&me, &token, "").await;
    assert_eq!(listed.status, 403);
    assert_eq!(
        listed.body["message"],
        "Not enough permissions to access: partnerApiPostsExternal.FINDER-author.20260301"
    );

    // `r_member_social` reads one's own posts, not another member's.
    let (_, _, reader) = h.member("Other", &["r_member_social"]);
    assert_eq!(h.get(&urn, &reader).await.status, 403);
}

#[tokio::test]
async fn drafts_read_back_with_view_context_author_and_publish_by_partial_update() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    let mut draft = text_post(&me, "draft");
    draft["lifecycleState"] = json!("DRAFT");
    let urn = h.publish(&token, &draft).await;

    assert_eq!(h.get(&urn, &token).await.status, 404);
    let as_author = h
        .rest(
            "GET",
            &format!("/rest/posts/{}?viewContext=AUTHOR", enc(&urn)),
            &token,
            None,
            &[],
        )
        .await;
    assert_eq!(as_author.status, 200);
    assert_eq!(as_author.body["lifecycleState"], "DRAFT");
    assert!(as_author.body.get("publishedAt").is_none());
    assert!(texts(&h.find(&me, &token, "").await).is_empty());

    h.advance(60);
    let published = h
        .patch(
            &urn,
            &token,
            &json!({ "patch": { "$set": { "lifecycleState": "PUBLISHED" } } }),
        )
        .await;
    assert_eq!(published.status, 204, "{}", published.text);
    let read = h.get(&urn, &token).await;
    assert_eq!(read.body["lifecycleState"], "PUBLISHED");
    assert_eq!(read.body["publishedAt"], (NOW + 60) * 1_000);

    let back = h
        .patch(
            &urn,
            &token,
            &json!({ "patch": { "$set": { "lifecycleState": "DRAFT" } } }),
        )
        .await;
    assert_eq!(back.status, 422);
}

#[tokio::test]
async fn a_partial_update_sets_the_commentary_and_needs_its_method_header() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    let urn = h.publish(&token, &text_post(&me, "before")).await;
    h.advance(30);

    let set = json!({ "patch": { "$set": { "commentary": "after \\#1" } } });
    let updated = h.patch(&urn, &token, &set).await;
    assert_eq!(updated.status, 204, "{}", updated.text);
    assert!(updated.text.is_empty());
    let read = h.get(&urn, &token).await;
    assert_eq!(read.body["commentary"], "after \\#1");
    assert_eq!(read.body["lifecycleStateInfo"]["isEditedByAuthor"], true);
    assert_eq!(read.body["lastModifiedAt"], (NOW + 30) * 1_000);
    assert_eq!(read.body["createdAt"], NOW * 1_000);

    // Without `X-RestLi-Method: PARTIAL_UPDATE` the POST resolves to no method.
    let bare = h
        .rest(
            "POST",
            &format!("/rest/posts/{}", enc(&urn)),
            &token,
            Some(&set),
            &[],
        )
        .await;
    assert_eq!(bare.status, 400);
    assert_eq!(
        bare.body["message"],
        "Resource method could not be resolved from request parameters."
    );

    // Create-only and unknown fields are refused, one line each.
    let refused = h
        .patch(
            &urn,
            &token,
            &json!({ "patch": { "$set": { "author": me, "mood": "happy" } } }),
        )
        .await;
    assert_eq!(refused.status, 422);
    let message = refused.body["message"].as_str().unwrap();
    assert!(
        message
            .contains("ERROR :: /author :: CreateOnly field present in a partial_update request\n"),
        "{message}"
    );
    assert!(
        message.contains("ERROR :: /mood :: unrecognized field found but not allowed\n"),
        "{message}"
    );

    // Someone else cannot edit it.
    let (_, _, other) = h.member("Other", &["w_member_social"]);
    assert_eq!(h.patch(&urn, &other, &set).await.status, 403);
}

#[tokio::test]
async fn a_delete_answers_204_twice_and_hides_the_post() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    let urn = h.publish(&token, &text_post(&me, "to delete")).await;
    let path = format!("/rest/posts/{}", enc(&urn));

    let (_, _, other) = h.member("Other", &["w_member_social"]);
    assert_eq!(h.rest("DELETE", &path, &other, None, &[]).await.status, 403);

    let first = h
        .rest(
            "DELETE",
            &path,
            &token,
            None,
            &[("X-RestLi-Method", "DELETE")],
        )
        .await;
    assert_eq!(first.status, 204, "{}", first.text);
    assert_eq!(h.rest("DELETE", &path, &token, None, &[]).await.status, 204);
    assert_eq!(h.get(&urn, &token).await.status, 404);
    assert!(texts(&h.find(&me, &token, "").await).is_empty());
    let never = format!("/rest/posts/{}", enc("urn:li:share:1"));
    assert_eq!(
        h.rest("DELETE", &never, &token, None, &[]).await.status,
        404
    );
}

#[tokio::test]
async fn the_author_finder_pages_by_start_and_count_with_total() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    for n in 1..=5 {
        h.publish(&token, &text_post(&me, &format!("post {n}")))
            .await;
        h.advance(60);
    }
    let first = h.find(&me, &token, "&start=0&count=2").await;
    assert_eq!(first.status, 200, "{}", first.text);
    assert_eq!(texts(&first), ["post 5", "post 4"]);
    assert_eq!(first.body["paging"]["start"], 0);
    assert_eq!(first.body["paging"]["count"], 2);
    assert_eq!(first.body["paging"]["total"], 5);
    assert_eq!(
        first.body["paging"]["links"],
        json!([{
            "type": "application/json",
            "rel": "next",
            "href": format!("/rest/posts?author={}&count=2&q=author&sortBy=LAST_MODIFIED&start=2", enc(&me)),
        }])
    );
    let second = h.find(&me, &token, "&start=2&count=2").await;
    assert_eq!(texts(&second), ["post 3", "post 2"]);
    assert_eq!(second.body["paging"]["links"].as_array().unwrap().len(), 2);
    let last = h.find(&me, &token, "&start=4&count=2").await;
    assert_eq!(texts(&last), ["post 1"]);
    assert_eq!(last.body["paging"]["links"][0]["rel"], "prev");

    // Sorted by creation, and with the default page of 10.
    let created = h.find(&me, &token, "&sortBy=CREATED").await;
    assert_eq!(created.body["paging"]["count"], 10);
    assert_eq!(texts(&created).len(), 5);

    // Some finders report a total of 0: a client must stop on a short page instead.
    h.li.state().lock().set_finder_total(FinderTotal::Zero);
    let zero = h.find(&me, &token, "&start=0&count=2").await;
    assert_eq!(zero.body["paging"]["total"], 0);
    assert_eq!(texts(&zero).len(), 2);
    h.li.state().lock().set_finder_total(FinderTotal::Absent);
    assert!(
        h.find(&me, &token, "").await.body["paging"]
            .get("total")
            .is_none()
    );

    // Bad paging values and a missing or unknown finder are 400s.
    assert_eq!(h.find(&me, &token, "&count=101").await.status, 400);
    assert_eq!(h.find(&me, &token, "&start=-1").await.status, 400);
    assert_eq!(h.find(&me, &token, "&sortBy=POPULAR").await.status, 400);
    let no_finder = h
        .rest(
            "GET",
            &format!("/rest/posts?author={}", enc(&me)),
            &token,
            None,
            &[],
        )
        .await;
    assert_eq!(no_finder.status, 400);
    assert_eq!(
        no_finder.body["message"],
        "Resource method could not be resolved from request parameters."
    );
    let other_finder = h
        .rest("GET", "/rest/posts?q=authors", &token, None, &[])
        .await;
    assert_eq!(other_finder.status, 400);
    let no_author = h
        .rest("GET", "/rest/posts?q=author", &token, None, &[])
        .await;
    assert_eq!(no_author.status, 400);
}

#[tokio::test]
async fn a_reshare_with_commentary_keeps_its_parent_and_root() {
    let h = Harness::new().await;
    let (_, ada, ada_token) = h.member("Ada", &["w_member_social", "r_member_social"]);
    let (_, bob, bob_token) = h.member("Bob", &["w_member_social", "r_member_social"]);
    let original = h.publish(&ada_token, &text_post(&ada, "original")).await;

    let mut reshare = text_post(&bob, "Worth reading");
    reshare["reshareContext"] = json!({ "parent": original });
    let first = h.publish(&bob_token, &reshare).await;
    let read = h.get(&first, &bob_token).await;
    assert_eq!(
        read.body["reshareContext"],
        json!({ "parent": original, "root": original })
    );

    let mut again = text_post(&ada, "Reshare of the reshare");
    again["reshareContext"] = json!({ "parent": first });
    let second = h.publish(&ada_token, &again).await;
    assert_eq!(
        h.get(&second, &ada_token).await.body["reshareContext"],
        json!({ "parent": first, "root": original })
    );

    // The root is LinkedIn's to set; a missing parent and a parent closed to reshares fail.
    let mut with_root = text_post(&bob, "x");
    with_root["reshareContext"] = json!({ "parent": original, "root": original });
    assert_eq!(h.create(&bob_token, &with_root).await.status, 422);
    let mut orphan = text_post(&bob, "y");
    orphan["reshareContext"] = json!({ "parent": "urn:li:share:1" });
    assert_eq!(h.create(&bob_token, &orphan).await.status, 422);
    let mut closed = text_post(&ada, "closed");
    closed["isReshareDisabledByAuthor"] = json!(true);
    let closed = h.publish(&ada_token, &closed).await;
    let mut refused = text_post(&bob, "z");
    refused["reshareContext"] = json!({ "parent": closed });
    assert_eq!(h.create(&bob_token, &refused).await.status, 422);
}

#[tokio::test]
async fn organization_posts_need_a_posting_role_and_the_organization_scope() {
    let h = Harness::new().await;
    let (sub, _, token) = h.member(
        "Camille",
        &["w_organization_social", "r_organization_social"],
    );
    let firm = h.li.add_organization("Cabinet Martin");
    let page = format!("urn:li:organization:{firm}");

    let refused = h.create(&token, &text_post(&page, "news")).await;
    assert_eq!(refused.status, 403);
    assert_eq!(
        refused.body["message"],
        "Not enough permissions to access: partnerApiPostsExternal.CREATE.20260301"
    );
    h.li.set_role(&sub, &firm, "ANALYST");
    assert_eq!(
        h.create(&token, &text_post(&page, "news")).await.status,
        403
    );

    h.li.set_role(&sub, &firm, "ADMINISTRATOR");
    let urn = h.publish(&token, &text_post(&page, "news")).await;
    assert_eq!(h.get(&urn, &token).await.body["author"], page.as_str());
    assert_eq!(texts(&h.find(&page, &token, "").await), ["news"]);

    // A member token without the organization scope cannot post as the page.
    let member_only = h.li.member_token(&sub, &["w_member_social"]);
    assert_eq!(
        h.create(&member_only, &text_post(&page, "more"))
            .await
            .status,
        403
    );

    // Nor can anyone once the role is gone.
    h.li.state().lock().remove_role(&sub, &firm);
    assert_eq!(
        h.create(&token, &text_post(&page, "later")).await.status,
        403
    );
    assert_eq!(h.get(&urn, &token).await.status, 403);
}

#[tokio::test]
async fn article_media_and_poll_posts_follow_the_content_schema() {
    let h = Harness::new().await;
    let (sub, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    let image = h.li.state().lock().add_media("image", &me, &sub);
    let video_urn = h.li.state().lock().add_media("video", &me, &sub);

    let mut article = text_post(&me, "Our new guide");
    article["content"] = json!({ "article": {
        "source": "https://example.com/guide",
        "title": "The guide",
        "description": "Everything about it",
        "thumbnail": image,
    } });
    let urn = h.publish(&token, &article).await;
    assert!(urn.starts_with("urn:li:share:"));
    assert_eq!(
        h.get(&urn, &token).await.body["content"]["article"]["title"],
        "The guide"
    );

    let mut poll = text_post(&me, "Your view?");
    poll["content"] = json!({ "poll": {
        "question": "Remote or office?",
        "options": [{ "text": "Remote" }, { "text": "Office" }],
        "settings": { "duration": "THREE_DAYS" },
    } });
    let poll_urn = h.publish(&token, &poll).await;
    assert!(poll_urn.starts_with("urn:li:ugcPost:"), "{poll_urn}");

    let mut video = text_post(&me, "Watch");
    video["content"] = json!({ "media": { "id": video_urn, "title": "Clip" } });
    assert!(
        h.publish(&token, &video)
            .await
            .starts_with("urn:li:ugcPost:")
    );

    let mut too_many = poll.clone();
    too_many["commentary"] = json!("Five options");
    too_many["content"]["poll"]["options"] = json!([
        { "text": "a" }, { "text": "b" }, { "text": "c" }, { "text": "d" }, { "text": "e" }
    ]);
    assert_eq!(h.create(&token, &too_many).await.status, 422);

    let mut two = text_post(&me, "Two kinds of content");
    two["content"] =
        json!({ "article": { "source": "https://example.com" }, "poll": poll["content"]["poll"] });
    let refused = h.create(&token, &two).await;
    assert_eq!(refused.status, 422);
    assert_eq!(
        refused.body["message"],
        "ERROR :: /content :: DataMap should have exactly one entry for a union type\n"
    );

    let mut no_source = text_post(&me, "No source");
    no_source["content"] = json!({ "article": { "title": "t" } });
    let refused = h.create(&token, &no_source).await;
    assert_eq!(
        refused.body["message"],
        "ERROR :: /content/article/source :: field is required but not found and has no default value\n"
    );
}

// ----- what the fake refuses, as LinkedIn does --------------------------------------------

#[tokio::test]
async fn a_rest_call_without_linkedin_version_is_400() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social"]);
    let bearer = format!("Bearer {token}");
    let body = text_post(&me, "no version").to_string();
    let refused = h
        .send(
            "POST",
            "/rest/posts",
            &[
                ("Authorization", &bearer),
                ("X-Restli-Protocol-Version", "2.0.0"),
            ],
            Some(("application/json", body)),
        )
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.body["status"], 400);
    assert_eq!(refused.body["code"], "VERSION_MISSING");
    assert!(h.li.state().lock().posts_by(&me).is_empty());
}

#[tokio::test]
async fn a_retired_version_is_426_nonexistent_version_whatever_the_clock() {
    let h = Harness::new().await;
    let (sub, me, token) = h.member("Camille", &["w_member_social"]);
    let post = text_post(&me, "versioned");
    let with_version = |version: &'static str, token: &str| {
        let bearer = format!("Bearer {token}");
        let body = post.to_string();
        let h = &h;
        async move {
            h.send(
                "POST",
                "/rest/posts",
                &[
                    ("Authorization", &bearer),
                    ("LinkedIn-Version", version),
                    ("X-Restli-Protocol-Version", "2.0.0"),
                ],
                Some(("application/json", body)),
            )
            .await
        }
    };

    // 202409 is in the default retired set (sunset by LinkedIn's migrations page).
    let retired = with_version("202409", &token).await;
    assert_eq!(retired.status, 426);
    assert_eq!(
        retired.body,
        json!({
            "status": 426,
            "code": "NONEXISTENT_VERSION",
            "message": "Requested version 20240901 is not active",
        })
    );
    assert_eq!(with_version("202409.02", &token).await.status, 426);
    assert_eq!(with_version("2026-03", &token).await.status, 426);

    // Retirement is a setting, not the clock: ten years on, 202603 still answers.
    h.li.state().lock().advance(3_650 * DAY);
    let token = h.li.member_token(&sub, &["w_member_social"]);
    assert_eq!(with_version("202603", &token).await.status, 201);
    h.li.state().lock().retire_version("202603");
    let now_retired = with_version("202603.01", &token).await;
    assert_eq!(now_retired.status, 426);
    assert_eq!(
        now_retired.body["message"],
        "Requested version 20260301 is not active"
    );

    // A version LinkedIn has not released does not exist either, once the latest is set.
    h.li.state().lock().set_latest_version(Some("202604"));
    assert_eq!(with_version("202605", &token).await.status, 426);
}

#[tokio::test]
async fn a_rest_call_without_the_restli_protocol_header_is_refused() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social"]);
    let bearer = format!("Bearer {token}");
    for protocol in [None, Some("1.0.0")] {
        let mut headers = vec![
            ("Authorization", bearer.as_str()),
            ("LinkedIn-Version", VERSION),
        ];
        if let Some(protocol) = protocol {
            headers.push(("X-Restli-Protocol-Version", protocol));
        }
        let refused = h
            .send(
                "POST",
                "/rest/posts",
                &headers,
                Some(("application/json", text_post(&me, "p").to_string())),
            )
            .await;
        assert_eq!(refused.status, 400, "{protocol:?}");
        assert_eq!(refused.body["code"], "ILLEGAL_ARGUMENT");
    }
    // An X-RestLi-Method that does not fit the request is refused too.
    let wrong = h
        .rest(
            "POST",
            "/rest/posts",
            &token,
            Some(&text_post(&me, "p")),
            &[("X-RestLi-Method", "FINDER")],
        )
        .await;
    assert_eq!(wrong.status, 400);
    let right = h
        .rest(
            "POST",
            "/rest/posts",
            &token,
            Some(&text_post(&me, "p")),
            &[("X-RestLi-Method", "create")],
        )
        .await;
    assert_eq!(right.status, 201);
}

#[tokio::test]
async fn unknown_query_parameters_are_refused() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["openid", "w_member_social", "r_member_social"]);
    let expected = json!({
        "status": 400,
        "code": "ILLEGAL_ARGUMENT",
        "message": "Invalid query parameters passed to request",
    });
    let create = h
        .rest(
            "POST",
            "/rest/posts?dryRun=true",
            &token,
            Some(&text_post(&me, "p")),
            &[],
        )
        .await;
    assert_eq!(create.status, 400);
    assert_eq!(create.body, expected);
    let find = h.find(&me, &token, "&pageSize=5").await;
    assert_eq!(find.body, expected);
    let bearer = format!("Bearer {token}");
    let userinfo = h
        .send(
            "GET",
            "/v2/userinfo?fields=sub",
            &[("Authorization", &bearer)],
            None,
        )
        .await;
    assert_eq!(userinfo.body, expected);
    assert!(h.li.state().lock().posts_by(&me).is_empty());
}

#[tokio::test]
async fn unknown_and_missing_body_fields_are_refused_with_one_line_each() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social"]);

    let refused = h
        .create(&token, &json!({ "author": me, "text": "wrong field name" }))
        .await;
    assert_eq!(refused.status, 422);
    let message = refused.body["message"].as_str().unwrap();
    let mut lines: Vec<&str> = message.lines().collect();
    lines.sort_unstable();
    assert_eq!(
        lines,
        [
            "ERROR :: /commentary :: field is required but not found and has no default value",
            "ERROR :: /distribution :: field is required but not found and has no default value",
            "ERROR :: /lifecycleState :: field is required but not found and has no default value",
            "ERROR :: /text :: unrecognized field found but not allowed",
            "ERROR :: /visibility :: field is required but not found and has no default value",
        ]
    );
    assert_eq!(refused.body["status"], 422);

    let mut typed = text_post(&me, "typed");
    typed["visibility"] = json!("EVERYONE");
    typed["id"] = json!("urn:li:share:1");
    typed["distribution"]["feedDistribution"] = json!(1);
    let refused = h.create(&token, &typed).await;
    let message = refused.body["message"].as_str().unwrap();
    assert!(
        message.contains("ERROR :: /visibility :: \"EVERYONE\" is not an enum symbol\n"),
        "{message}"
    );
    assert!(
        message.contains("ERROR :: /id :: ReadOnly field present in a create request\n"),
        "{message}"
    );
    assert!(
        message
            .contains("ERROR :: /distribution/feedDistribution :: 1 is not backed by a String\n"),
        "{message}"
    );

    let mut bad_author = text_post("urn:li:share:1", "who?");
    bad_author["author"] = json!("urn:li:share:1");
    assert_eq!(h.create(&token, &bad_author).await.status, 422);

    let not_json = h
        .send(
            "POST",
            "/rest/posts",
            &[
                ("Authorization", &format!("Bearer {token}")),
                ("LinkedIn-Version", VERSION),
                ("X-Restli-Protocol-Version", "2.0.0"),
            ],
            Some(("application/json", "{not json".into())),
        )
        .await;
    assert_eq!(not_json.status, 400);
    assert_eq!(
        not_json.body,
        json!({
            "status": 400,
            "code": "ILLEGAL_ARGUMENT",
            "message": "Request body could not be converted to data map",
        })
    );
    assert!(h.li.state().lock().posts_by(&me).is_empty());
}

#[tokio::test]
async fn missing_unknown_expired_and_revoked_tokens_are_401() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["openid", "w_member_social"]);

    let none = h.send("GET", "/v2/userinfo", &[], None).await;
    assert_eq!(none.status, 401);
    assert_eq!(
        none.body,
        json!({ "status": 401, "serviceErrorCode": 401, "message": "Empty oauth2_access_token" })
    );
    let unknown = h.userinfo("AQV-forged").await;
    assert_eq!(unknown.status, 401);
    assert_eq!(
        unknown.body,
        json!({ "status": 401, "serviceErrorCode": 65600, "message": "Invalid access token" })
    );
    let unknown_rest = h.create("AQV-forged", &text_post(&me, "p")).await;
    assert_eq!(unknown_rest.body["serviceErrorCode"], 65600);

    // Revoked by the member.
    let revoked =
        h.li.member_token(&h.li.add_member("Rev", "Oked"), &["openid"]);
    h.li.state().lock().revoke_token(&revoked);
    let refused = h.userinfo(&revoked).await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.body["serviceErrorCode"], 65601);
    assert_eq!(refused.body["code"], "REVOKED_ACCESS_TOKEN");

    // Spurious revocations right after consent: the next call fails, the one after works.
    h.li.state().lock().revoke_spuriously(1);
    assert_eq!(
        h.userinfo(&token).await.body["code"],
        "REVOKED_ACCESS_TOKEN"
    );
    assert_eq!(h.userinfo(&token).await.status, 200);

    // 60 days later the token has expired.
    h.advance(ACCESS_TOKEN_TTL);
    let expired = h.userinfo(&token).await;
    assert_eq!(expired.status, 401);
    assert_eq!(expired.body["serviceErrorCode"], 65601);
    assert_eq!(expired.body["code"], "EXPIRED_ACCESS_TOKEN");
}

#[tokio::test]
async fn a_spent_daily_quota_answers_the_day_limit_429_until_midnight_utc() {
    let h = Harness::new().await;
    // 2026-03-10T23:00:00Z: an hour before the quota resets.
    h.li.state().lock().set_now(1_773_183_600);
    let (_, ada, ada_token) = h.member("Ada", &["w_member_social"]);
    let (_, bob, bob_token) = h.member("Bob", &["w_member_social"]);
    h.li.state()
        .lock()
        .set_daily_limit("POST /rest/posts", Quota::Member, 1);

    assert_eq!(
        h.create(&ada_token, &text_post(&ada, "one")).await.status,
        201
    );
    let limited = h.create(&ada_token, &text_post(&ada, "two")).await;
    assert_eq!(limited.status, 429);
    assert_eq!(
        limited.body,
        json!({
            "status": 429,
            "serviceErrorCode": 101,
            "code": "TOO_MANY_REQUESTS",
            "message": "Resource level throttle APPLICATION_AND_MEMBER DAY limit for calls to this resource is reached.",
        })
    );
    assert_eq!(limited.header("retry-after"), None);
    // Another member has their own quota; the refused post was not stored.
    assert_eq!(
        h.create(&bob_token, &text_post(&bob, "one")).await.status,
        201
    );
    assert_eq!(h.li.state().lock().posts_by(&ada).len(), 1);

    // 59 minutes later: still the same UTC day.
    h.advance(59 * 60);
    assert_eq!(
        h.create(&ada_token, &text_post(&ada, "two")).await.status,
        429
    );
    // Midnight UTC: a new day, a new quota.
    h.li.state().lock().set_now(1_773_187_200);
    assert_eq!(
        h.create(&ada_token, &text_post(&ada, "two")).await.status,
        201
    );

    // An application-wide quota spent at once (limit 0).
    h.li.state()
        .lock()
        .set_daily_limit("GET /v2/userinfo", Quota::Application, 0);
    let (_, _, openid) = h.member("Cy", &["openid"]);
    let limited = h.userinfo(&openid).await;
    assert_eq!(limited.status, 429);
    assert_eq!(
        limited.body["message"],
        "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
    );
}

#[tokio::test]
async fn the_same_commentary_twice_is_a_duplicate_naming_the_first_post_even_deleted() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social"]);
    let first = h.publish(&token, &text_post(&me, "Same words")).await;

    h.advance(3_600);
    let again = h.create(&token, &text_post(&me, "Same words")).await;
    assert_eq!(again.status, 422);
    assert_eq!(
        again.body,
        json!({
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": format!("com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of {first}"),
            "errorDetails": { "inputErrors": [{
                "description": "Duplicate post is detected",
                "input": {},
                "code": "DUPLICATE_POST",
            }] },
            "status": 422,
        })
    );
    assert!(again.header("x-restli-id").is_none());

    // Deleting the first post does not clear the duplicate.
    let path = format!("/rest/posts/{}", enc(&first));
    assert_eq!(h.rest("DELETE", &path, &token, None, &[]).await.status, 204);
    assert_eq!(
        h.create(&token, &text_post(&me, "Same words")).await.status,
        422
    );

    // Another author, or the same author once the window has passed, may post it.
    let (_, other, other_token) = h.member("Other", &["w_member_social"]);
    assert_eq!(
        h.create(&other_token, &text_post(&other, "Same words"))
            .await
            .status,
        201
    );
    h.advance(DAY);
    assert_eq!(
        h.create(&token, &text_post(&me, "Same words")).await.status,
        201
    );
}

#[tokio::test]
async fn unescaped_little_text_is_cut_short_which_is_why_escaping_matters() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);

    // Unescaped: LinkedIn answers 201 and keeps the text up to the parenthesis.
    let careless = h
        .publish(&token, &text_post(&me, "We're hiring (remote OK) in Lyon"))
        .await;
    assert_eq!(
        h.get(&careless, &token).await.body["commentary"],
        "We're hiring "
    );

    // Escaped: the whole text is kept, and mentions and hashtags stay elements.
    let careful = "We're hiring \\(remote OK\\) with @[Acme Corp](urn:li:organization:1234) {hashtag|#|jobs} #lyon";
    let urn = h.publish(&token, &text_post(&me, careful)).await;
    assert_eq!(h.get(&urn, &token).await.body["commentary"], careful);

    // An underscore, a stray `@`: cut at the first one.
    let snake = h
        .publish(&token, &text_post(&me, "Use snake_case, mail a@b.c"))
        .await;
    assert_eq!(h.get(&snake, &token).await.body["commentary"], "Use snake");

    // A partial update is cut the same way.
    let set = json!({ "patch": { "$set": { "commentary": "Now 50% off *today*" } } });
    assert_eq!(h.patch(&urn, &token, &set).await.status, 204);
    assert_eq!(h.get(&urn, &token).await.body["commentary"], "Now 50% off ");
}

#[tokio::test]
async fn injected_errors_answer_first_then_the_fake_resumes() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social"]);
    h.li.inject_error(
        "POST",
        "/rest/posts",
        429,
        json!({ "status": 429, "message": "Too many requests" }),
        1,
    );
    let throttled = h.create(&token, &text_post(&me, "first try")).await;
    assert_eq!(throttled.status, 429);
    assert_eq!(throttled.body["message"], "Too many requests");
    assert!(h.li.state().lock().posts_by(&me).is_empty());
    assert_eq!(
        h.create(&token, &text_post(&me, "first try")).await.status,
        201
    );

    // Server-wide faults work too, an HTML 502 from a proxy for instance.
    h.server.inject(
        Fault::Status {
            status: 502,
            body: b"<html><body>Bad Gateway</body></html>".to_vec(),
            headers: vec![("content-type".into(), "text/html".into())],
        },
        1,
    );
    let proxy = h.create(&token, &text_post(&me, "second")).await;
    assert_eq!(proxy.status, 502);
    assert!(proxy.text.contains("Bad Gateway"));
    assert_eq!(h.li.state().lock().requests("POST /rest/posts"), 2);
}

#[tokio::test]
async fn a_tunnelled_query_reads_like_the_get_it_stands_for() {
    let h = Harness::new().await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    h.publish(&token, &text_post(&me, "tunnelled")).await;
    let bearer = format!("Bearer {token}");
    let tunnelled = h
        .send(
            "POST",
            "/rest/posts",
            &[
                ("Authorization", &bearer),
                ("LinkedIn-Version", VERSION),
                ("X-Restli-Protocol-Version", "2.0.0"),
                ("X-HTTP-Method-Override", "GET"),
                ("X-RestLi-Method", "FINDER"),
            ],
            Some((
                "application/x-www-form-urlencoded",
                format!("q=author&author={}&count=5", enc(&me)),
            )),
        )
        .await;
    assert_eq!(tunnelled.status, 200, "{}", tunnelled.text);
    assert_eq!(texts(&tunnelled), ["tunnelled"]);
    assert_eq!(h.li.state().lock().requests("GET /rest/posts"), 1);
}

#[tokio::test]
async fn under_a_prefix_the_finder_links_keep_it() {
    let h = Harness::under("/linkedin").await;
    let (_, me, token) = h.member("Camille", &["w_member_social", "r_member_social"]);
    for n in 0..3 {
        h.publish(&token, &text_post(&me, &format!("n{n}"))).await;
    }
    let page = h.find(&me, &token, "&count=2").await;
    let href = page.body["paging"]["links"][0]["href"].as_str().unwrap();
    assert!(href.starts_with("/linkedin/rest/posts?"), "{href}");
}

// ----- OAuth 2.0 --------------------------------------------------------------------------

#[tokio::test]
async fn an_authorization_code_is_exchanged_for_a_60_day_token() {
    let h = Harness::new().await;
    let sub = h.li.add_member("Camille", "Martin");
    let redirect = "https://app.example.com/callback";
    let code =
        h.li.authorization_code(&sub, redirect, &["openid", "profile", "w_member_social"]);

    let granted = h
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
        ])
        .await;
    assert_eq!(granted.status, 200, "{}", granted.text);
    assert_eq!(granted.body["expires_in"], 5_184_000);
    assert_eq!(granted.body["scope"], "openid,profile,w_member_social");
    assert_eq!(granted.body["token_type"], "Bearer");
    assert!(
        granted.body.get("refresh_token").is_none(),
        "not a partner app"
    );
    let id_token = granted.body["id_token"].as_str().unwrap();
    assert_eq!(id_token.split('.').count(), 3);

    let token = granted.body["access_token"].as_str().unwrap();
    assert_eq!(h.userinfo(token).await.body["sub"], sub.as_str());

    // A code is single use, bound to its redirect URL, and valid 30 minutes.
    let reused = h
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &code),
            ("redirect_uri", redirect),
        ])
        .await;
    assert_eq!(reused.status, 400);
    assert_eq!(reused.body["error"], "invalid_request");
    assert!(
        reused.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("Unable to retrieve access token")
    );
    let other = h.li.authorization_code(&sub, redirect, &["openid"]);
    let wrong_redirect = h
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &other),
            ("redirect_uri", "https://evil.example.com/"),
        ])
        .await;
    assert_eq!(wrong_redirect.status, 400);
    h.advance(31 * 60);
    let late = h
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", &other),
            ("redirect_uri", redirect),
        ])
        .await;
    assert_eq!(late.status, 400);

    // The client must authenticate, with a form body.
    let wrong_secret = h
        .form(
            "/oauth/v2/accessToken",
            &[
                ("grant_type", "authorization_code"),
                ("client_id", "sandbox-li-client"),
                ("client_secret", "wrong"),
                ("code", &code),
                ("redirect_uri", redirect),
            ],
        )
        .await;
    assert_eq!(wrong_secret.status, 401);
    assert_eq!(
        wrong_secret.body,
        json!({ "error": "invalid_client", "error_description": "Client authentication failed" })
    );
    let as_json = h
        .send(
            "POST",
            "/oauth/v2/accessToken",
            &[],
            Some((
                "application/json",
                json!({ "grant_type": "authorization_code" }).to_string(),
            )),
        )
        .await;
    assert_eq!(as_json.status, 400);
    assert_eq!(
        as_json.body["error_description"],
        "A required parameter \"grant_type\" is missing"
    );
    assert_eq!(
        h.send(
            "GET",
            "/oauth/v2/accessToken?grant_type=client_credentials",
            &[],
            None
        )
        .await
        .status,
        400
    );
}

#[tokio::test]
async fn the_authorization_page_redirects_with_a_code_or_an_error() {
    let h = Harness::new().await;
    let sub = h.li.add_member("Camille", "Martin");
    let redirect = "https://app.example.com/callback";
    {
        let state = h.li.state();
        let mut li = state.lock();
        li.register_redirect_uri(redirect);
        li.set_consenting_member(Some(&sub));
    }
    let authorize = |scope: &str, redirect_uri: &str| {
        format!(
            "/oauth/v2/authorization?response_type=code&client_id=sandbox-li-client&redirect_uri={}&scope={}&state=xyz",
            enc(redirect_uri),
            scope.replace(' ', "%20")
        )
    };

    let consent = h
        .send("GET", &authorize("openid profile", redirect), &[], None)
        .await;
    assert_eq!(consent.status, 302);
    let location = url::Url::parse(consent.header("location").unwrap()).unwrap();
    assert!(location.as_str().starts_with(redirect));
    let params: Vec<(String, String)> = location.query_pairs().into_owned().collect();
    assert_eq!(params[1], ("state".into(), "xyz".into()));
    let code = &params[0].1;
    let granted = h
        .token(&[
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", redirect),
        ])
        .await;
    assert_eq!(granted.status, 200);
    assert_eq!(granted.body["scope"], "openid,profile");

    // A scope the app's products do not grant.
    let scope_error = h
        .send(
            "GET",
            &authorize("openid r_member_social", redirect),
            &[],
            None,
        )
        .await;
    let location = scope_error.header("location").unwrap();
    assert!(
        location.contains("error=unauthorized_scope_error"),
        "{location}"
    );
    // Scopes are joined with spaces; a comma-joined list is one unknown scope.
    let commas = h
        .send("GET", &authorize("openid,profile", redirect), &[], None)
        .await;
    let location = commas.header("location").unwrap();
    assert!(
        location.contains("error=unauthorized_scope_error"),
        "{location}"
    );

    // A redirect URL that was not registered: an error page, no redirect.
    let unregistered = h
        .send(
            "GET",
            &authorize("openid", "https://evil.example.com/"),
            &[],
            None,
        )
        .await;
    assert_eq!(unregistered.status, 400);
    assert!(unregistered.header("location").is_none());
    assert!(
        unregistered
            .header("content-type")
            .unwrap()
            .starts_with("text/html")
    );

    // The member cancels.
    h.li.state().lock().set_consenting_member(None);
    let cancelled = h
        .send("GET", &authorize("openid", redirect), &[], None)
        .await;
    assert!(
        cancelled
            .header("location")
            .unwrap()
            .contains("error=user_cancelled_login")
    );
}

#[tokio::test]
async fn refresh_tokens_are_for_partner_apps_with_a_365_day_life_from_consent() {
    let h = Harness::new().await;
    let sub = h.li.add_member("Camille", "Martin");
    let redirect = "https://app.example.com/callback";
    let exchange = |code: String| {
        let h = &h;
        async move {
            h.token(&[
                ("grant_type", "authorization_code"),
                ("code", &code),
                ("redirect_uri", redirect),
            ])
            .await
        }
    };

    // Most apps: no refresh token, and the refresh grant is refused.
    let plain = exchange(h.li.authorization_code(&sub, redirect, &["openid"])).await;
    assert!(plain.body.get("refresh_token").is_none());
    let refused = h
        .token(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", "AQX-any"),
        ])
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.body["error"], "unauthorized_client");

    // A partner app gets one, valid 365 days from the consent.
    h.li.state().lock().set_partner(true);
    let granted = exchange(h.li.authorization_code(&sub, redirect, &["openid"])).await;
    let refresh = granted.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(granted.body["refresh_token_expires_in"], REFRESH_TOKEN_TTL);

    // Day 59: a new 60-day token; the refresh token has 306 days left.
    h.advance(59 * DAY);
    let day59 = h
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
        .await;
    assert_eq!(day59.status, 200, "{}", day59.text);
    assert_eq!(day59.body["expires_in"], ACCESS_TOKEN_TTL);
    assert_eq!(day59.body["refresh_token"], refresh.as_str());
    assert_eq!(day59.body["refresh_token_expires_in"], 306 * DAY);
    let fresh = day59.body["access_token"].as_str().unwrap();
    assert_eq!(h.userinfo(fresh).await.status, 200);

    // Day 360: both expire in 5 days.
    h.advance(301 * DAY);
    let day360 = h
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
        .await;
    assert_eq!(day360.body["expires_in"], 5 * DAY);
    assert_eq!(day360.body["refresh_token_expires_in"], 5 * DAY);

    // Day 365: re-consent is the only way.
    h.advance(5 * DAY);
    let expired = h
        .token(&[("grant_type", "refresh_token"), ("refresh_token", &refresh)])
        .await;
    assert_eq!(expired.status, 400);
    assert_eq!(expired.body["error"], "invalid_grant");
}

#[tokio::test]
async fn client_credentials_are_refused_unless_the_app_may_create_application_tokens() {
    let h = Harness::new().await;
    let refused = h.token(&[("grant_type", "client_credentials")]).await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.body,
        json!({
            "error": "access_denied",
            "error_description": "This application is not allowed to create application tokens",
        })
    );

    h.li.state().lock().set_client_credentials(true);
    let granted = h.token(&[("grant_type", "client_credentials")]).await;
    assert_eq!(granted.status, 200);
    assert_eq!(granted.body["expires_in"], 1_799);
    let app = granted.body["access_token"].as_str().unwrap();
    // A 2-legged token acts for no member: no userinfo, no member post.
    assert_eq!(h.userinfo(app).await.status, 403);
    let (_, me, _) = h.member("Camille", &[]);
    assert_eq!(
        h.create(app, &text_post(&me, "as the app")).await.status,
        403
    );
}

#[tokio::test]
async fn introspection_reports_active_expired_and_revoked_tokens() {
    let h = Harness::new().await;
    let (_, _, token) = h.member("Camille", &["openid", "w_member_social"]);
    let active = h.introspect(&token).await;
    assert_eq!(active.status, 200, "{}", active.text);
    assert_eq!(
        active.body,
        json!({
            "active": true,
            "status": "active",
            "client_id": "sandbox-li-client",
            "created_at": NOW,
            "authorized_at": NOW,
            "expires_at": NOW + ACCESS_TOKEN_TTL,
            "scope": "openid,w_member_social",
            "auth_type": "3L",
        })
    );

    h.li.state().lock().set_client_credentials(true);
    let app = h.token(&[("grant_type", "client_credentials")]).await;
    let app = app.body["access_token"].as_str().unwrap().to_owned();
    let two_legged = h.introspect(&app).await;
    assert_eq!(two_legged.body["auth_type"], "2L");
    assert!(two_legged.body.get("scope").is_none());

    let (_, _, revoked) = h.member("Rev", &["openid"]);
    h.li.state().lock().revoke_token(&revoked);
    let revoked = h.introspect(&revoked).await;
    assert_eq!(revoked.body["active"], false);
    assert_eq!(revoked.body["status"], "revoked");

    h.advance(ACCESS_TOKEN_TTL);
    let expired = h.introspect(&token).await;
    assert_eq!(expired.body["active"], false);
    assert_eq!(expired.body["status"], "expired");

    assert_eq!(h.introspect("AQV-forged").await.status, 400);
    let wrong_secret = h
        .form(
            "/oauth/v2/introspectToken",
            &[
                ("client_id", "sandbox-li-client"),
                ("client_secret", "wrong"),
                ("token", &token),
            ],
        )
        .await;
    assert_eq!(wrong_secret.status, 401);
    let wrong_client = h
        .form(
            "/oauth/v2/introspectToken",
            &[
                ("client_id", "someone-else"),
                ("client_secret", "sandbox-li-secret"),
                ("token", &token),
            ],
        )
        .await;
    assert_eq!(wrong_client.status, 400);
}
