//! The Graph fake answers like Graph (issue 13, the Graph part): unknown fields and edges
//! refused with Graph's `(#100)` (item 3), the documented fields and error members present
//! (item 4), and renders whose cost does not grow with the posts, comments and reactions the
//! fake holds (item 5).

use serde_json::{Value, json};
use social_testkit::FakeServer;
use social_testkit::facebook::GraphFake;

/// A fixed clock (2026-05-28).
const NOW: i64 = 1_780_000_000;

/// A status, the headers and the JSON body.
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The `error` object, after checking the status and code.
    #[track_caller]
    fn error(&self, status: u16, code: i64) -> &Value {
        assert_eq!(
            (self.status, self.body["error"]["code"].as_i64()),
            (status, Some(code)),
            "{}",
            self.body
        );
        &self.body["error"]
    }

    #[track_caller]
    fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.body);
        &self.body
    }
}

/// The fake on a test server, with Camille (MANAGE on her Page), her tokens, and a visitor.
struct Graph {
    fake: GraphFake,
    server: FakeServer,
    user: String,
    user_token: String,
    page: String,
    page_token: String,
    visitor: String,
}

impl Graph {
    async fn start() -> Graph {
        let fake = GraphFake::new();
        let (user, user_token, page, page_token, visitor) = fake.state().with(|graph| {
            graph.set_now(NOW);
            let user = graph.add_user("Camille Martin");
            let user_token = graph.user_token(&user);
            let page = graph.add_page("Cabinet Martin", "Lawyer & Law Firm");
            let page_token = graph.grant_tasks(&user, &page, &["MANAGE"]);
            let visitor = graph.add_user("Sophie Bernard");
            (user, user_token, page, page_token, visitor)
        });
        let server = FakeServer::start(()).await;
        server.mount("", &fake).await;
        Graph {
            fake,
            server,
            user,
            user_token,
            page,
            page_token,
            visitor,
        }
    }

    async fn send(&self, method: &str, path: &str, token: &str, params: &[(&str, &str)]) -> Reply {
        let mut url = url::Url::parse(&format!("{}/v26.0{path}", self.server.uri())).unwrap();
        url.query_pairs_mut().append_pair("access_token", token);
        let client = reqwest::Client::new();
        let request = match method {
            "GET" => {
                url.query_pairs_mut().extend_pairs(params);
                client.get(url)
            }
            _ => {
                let body = url::form_urlencoded::Serializer::new(String::new())
                    .extend_pairs(params)
                    .finish();
                client
                    .post(url)
                    .header("content-type", "application/x-www-form-urlencoded")
                    .body(body)
            }
        };
        let response = request.send().await.expect("the fake answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.expect("a body");
        let body = serde_json::from_slice(&bytes).expect("a JSON body");
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str, token: &str, fields: &str) -> Reply {
        self.send("GET", path, token, &[("fields", fields)]).await
    }

    async fn publish(&self, message: &str) -> String {
        let path = format!("/{}/feed", self.page);
        let reply = self
            .send("POST", &path, &self.page_token, &[("message", message)])
            .await;
        reply.ok()["id"].as_str().unwrap().to_owned()
    }
}

// ----- item 3: unknown fields and edges ------------------------------------------------------

#[tokio::test]
async fn item3_unknown_field_is_100() {
    let graph = Graph::start().await;
    let reply = graph
        .get(
            &format!("/{}", graph.page),
            &graph.page_token,
            "id,name,from",
        )
        .await;
    let error = reply.error(400, 100);
    // The shape Graph sends: message, type, code, fbtrace_id, no subcode.
    assert_eq!(
        error["message"],
        "(#100) Tried accessing nonexisting field (from) on node type (Page)"
    );
    assert_eq!(error["type"], "OAuthException");
    assert!(error["fbtrace_id"].is_string());
    let keys: Vec<&String> = error.as_object().unwrap().keys().collect();
    assert_eq!(keys.len(), 4, "{error}");
    assert!(reply.header("content-type").starts_with("application/json"));
    assert!(
        reply
            .header("www-authenticate")
            .starts_with("OAuth \"Facebook Platform\" \"invalid_request\" \"(#100) Tried")
    );
}

#[tokio::test]
async fn item3_unknown_field_fails_a_list_even_without_items() {
    let graph = Graph::start().await;
    // No post yet: Graph checks the fields, not the items.
    let reply = graph
        .get(
            &format!("/{}/feed", graph.page),
            &graph.page_token,
            "id,messages",
        )
        .await;
    assert_eq!(
        reply.error(400, 100)["message"],
        "(#100) Tried accessing nonexisting field (messages) on node type (PagePost)"
    );
    let reply = graph
        .get(
            "/me/accounts",
            &graph.user_token,
            "id,name,fan_count,likes_count",
        )
        .await;
    assert_eq!(
        reply.error(400, 100)["message"],
        "(#100) Tried accessing nonexisting field (likes_count) on node type (Page)"
    );
}

#[tokio::test]
async fn item3_unknown_edge_is_100() {
    let graph = Graph::start().await;
    let post = graph.publish("Bonjour").await;
    // A Page id where a user id was needed (sns-sdks/python-facebook#219).
    let reply = graph
        .get(
            &format!("/{}/accounts", graph.page),
            &graph.page_token,
            "id",
        )
        .await;
    assert_eq!(
        reply.error(400, 100)["message"],
        "(#100) Tried accessing nonexisting field (accounts) on node type (Page)"
    );
    let reply = graph
        .get(&format!("/{post}/comment"), &graph.page_token, "id")
        .await;
    assert_eq!(
        reply.error(400, 100)["message"],
        "(#100) Tried accessing nonexisting field (comment) on node type (PagePost)"
    );
    // As an expansion too.
    let reply = graph
        .get(
            &format!("/{post}"),
            &graph.page_token,
            "id,comment.summary(true)",
        )
        .await;
    reply.error(400, 100);
    // A documented edge the fake does not model says so rather than pretend.
    let reply = graph
        .get(&format!("/{}/videos", graph.page), &graph.page_token, "id")
        .await;
    let message = reply.error(400, 100)["message"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        message.contains("does not model the edge (videos)"),
        "{message}"
    );
}

#[tokio::test]
async fn item3_unknown_subfields_are_refused() {
    let graph = Graph::start().await;
    let post = graph.publish("Bonjour").await;
    let reply = graph
        .get(&format!("/{post}"), &graph.page_token, "from{id,gender}")
        .await;
    assert_eq!(
        reply.error(400, 100)["message"],
        "(#100) Tried accessing nonexisting field (gender) on node type (Page)"
    );
    let reply = graph
        .get(
            &format!("/{post}"),
            &graph.page_token,
            "comments{id,message,likes_total}",
        )
        .await;
    assert_eq!(
        reply.error(400, 100)["message"],
        "(#100) Tried accessing nonexisting field (likes_total) on node type (Comment)"
    );
}

#[tokio::test]
async fn item3_post_fields_removed_in_v3_3_are_12() {
    let graph = Graph::start().await;
    let post = graph.publish("Bonjour").await;
    for field in ["link", "type", "caption", "object_id"] {
        let reply = graph
            .get(
                &format!("/{post}"),
                &graph.page_token,
                &format!("id,{field}"),
            )
            .await;
        assert_eq!(
            reply.error(400, 12)["message"],
            "(#12) deprecate_post_aggregated_fields_for_attachement is deprecated for versions v3.3 and higher"
        );
    }
}

#[tokio::test]
async fn item3_documented_fields_without_a_value_are_left_out() {
    let graph = Graph::start().await;
    let page = graph
        .get(
            &format!("/{}", graph.page),
            &graph.page_token,
            "id,name,website,phone",
        )
        .await;
    assert_eq!(
        page.ok(),
        &json!({ "id": graph.page, "name": "Cabinet Martin" })
    );
}

// ----- item 4: the documented fields -----------------------------------------------------------

#[tokio::test]
async fn item4_message_tags_come_from_mentions() {
    let graph = Graph::start().await;
    let other = graph.fake.add_page("Café Crème", "Café");
    let post = graph
        .publish(&format!(
            "Merci à @[{other}] et @[{}] ! @[nope]",
            graph.visitor
        ))
        .await;
    let reply = graph
        .get(
            &format!("/{post}"),
            &graph.page_token,
            "message,message_tags",
        )
        .await;
    let body = reply.ok();
    assert_eq!(
        body["message"],
        "Merci à Café Crème et Sophie Bernard ! @[nope]"
    );
    assert_eq!(
        body["message_tags"],
        json!([
            { "id": other, "name": "Café Crème", "type": "page", "offset": 8, "length": 10 },
            { "id": graph.visitor, "name": "Sophie Bernard", "type": "user", "offset": 22, "length": 14 },
        ])
    );
    // A message without mentions has no `message_tags`, as Graph leaves empty fields out.
    let plain = graph.publish("Sans mention").await;
    let reply = graph
        .get(&format!("/{plain}"), &graph.page_token, "message_tags")
        .await;
    assert_eq!(reply.ok(), &json!({ "id": plain }));
}

#[tokio::test]
async fn item4_from_carries_the_category_of_a_page() {
    let graph = Graph::start().await;
    let post = graph.publish("Bonjour").await;
    graph
        .fake
        .add_visitor_comment(&graph.visitor, &post, "Bonjour à vous");
    let reply = graph
        .get(
            &format!("/{post}"),
            &graph.page_token,
            "from,comments{from}",
        )
        .await;
    let body = reply.ok();
    assert_eq!(
        body["from"],
        json!({ "name": "Cabinet Martin", "category": "Lawyer & Law Firm", "id": graph.page })
    );
    assert_eq!(
        body["comments"]["data"][0]["from"],
        json!({ "name": "Sophie Bernard", "id": graph.visitor })
    );
    let reply = graph
        .get(&format!("/{post}"), &graph.page_token, "from{id,category}")
        .await;
    assert_eq!(
        reply.ok()["from"],
        json!({ "id": graph.page, "category": "Lawyer & Law Firm" })
    );
}

#[tokio::test]
async fn item4_error_bodies_carry_is_transient_and_user_texts() {
    let graph = Graph::start().await;
    graph.publish("Bonjour").await;
    let path = format!("/{}/feed", graph.page);
    let again = graph
        .send("POST", &path, &graph.page_token, &[("message", "Bonjour")])
        .await;
    let error = again.error(400, 506);
    assert_eq!(error["error_subcode"], 1_455_006);
    assert_eq!(error["is_transient"], false);
    assert_eq!(error["error_user_title"], "Duplicate Status Update");
    assert!(error["error_user_msg"].is_string());

    graph.fake.state().lock().set_app_call_limit(1);
    graph.get("/me", &graph.user_token, "id").await.ok();
    let limited = graph.get("/me", &graph.user_token, "id").await;
    assert_eq!(limited.error(400, 4)["is_transient"], true);
}

#[tokio::test]
async fn item4_expired_and_logged_out_tokens_have_their_subcodes() {
    let graph = Graph::start().await;
    let state = graph.fake.state();
    let expired = {
        let mut state = state.lock();
        let user = state.add_user("Julien Petit");
        state.user_token(&user)
    };
    state.lock().advance(5_183_944 + 1);
    let reply = graph.get("/me", &expired, "id").await;
    let error = reply.error(400, 190);
    assert_eq!(error["error_subcode"], 463);
    assert!(
        reply
            .header("www-authenticate")
            .contains("\"invalid_token\"")
    );

    let logged_out = {
        let mut state = state.lock();
        let user = state.add_user("Nadia Haddad");
        let token = state.user_token(&user);
        state.log_out_token(&token);
        token
    };
    let reply = graph.get("/me", &logged_out, "id").await;
    let error = reply.error(400, 190);
    assert_eq!(error["error_subcode"], 467);
    assert_eq!(
        error["message"],
        "Error validating access token: The session is invalid because the user logged out."
    );
    // A token Graph never issued cannot be parsed: 190 without a subcode.
    let reply = graph.get("/me", "not-a-token", "id").await;
    assert!(reply.error(400, 190).get("error_subcode").is_none());
}

#[tokio::test]
async fn item4_permission_errors_are_403() {
    let graph = Graph::start().await;
    // A user token where a Page token is needed to publish.
    let path = format!("/{}/feed", graph.page);
    let reply = graph
        .send("POST", &path, &graph.user_token, &[("message", "Bonjour")])
        .await;
    reply.error(403, 200);
    let reply = graph
        .get(&format!("/{}/insights", graph.page), &graph.user_token, "")
        .await;
    reply.error(403, 210);
}

#[tokio::test]
async fn item4_breakdown_insights_are_objects() {
    let graph = Graph::start().await;
    let reply = graph
        .send(
            "GET",
            &format!("/{}/insights", graph.page),
            &graph.page_token,
            &[
                ("metric", "page_follows_city,page_follows"),
                ("period", "day"),
            ],
        )
        .await;
    let body = reply.ok();
    let city = &body["data"][0];
    assert_eq!(city["name"], "page_follows_city");
    let value = &city["values"][0]["value"];
    assert!(value.is_object(), "{value}");
    assert!(value["Paris, Île-de-France, France"].is_i64(), "{value}");
    assert!(body["data"][1]["values"][0]["value"].is_i64());

    let total = graph
        .send(
            "GET",
            &format!("/{}/insights/page_follows_country", graph.page),
            &graph.page_token,
            &[("period", "total_over_range")],
        )
        .await;
    let value = &total.ok()["data"][0]["values"][0]["value"];
    assert!(value["FR"].as_i64().unwrap() > 2 * 1_180, "{value}");

    let post = graph.publish("Bonjour").await;
    let reply = graph
        .send(
            "GET",
            &format!("/{post}/insights"),
            &graph.page_token,
            &[("metric", "post_reactions_by_type_total")],
        )
        .await;
    let value = &reply.ok()["data"][0]["values"][0]["value"];
    assert!(value["like"].is_i64() && value["love"].is_i64(), "{value}");
}

#[tokio::test]
async fn item4_businesses_have_a_total_count() {
    let graph = Graph::start().await;
    graph.fake.state().with(|state| {
        state.add_business("Martin Holding", &graph.user);
        state.add_business("Martin Conseil", &graph.user);
    });
    let reply = graph
        .send(
            "GET",
            "/me/businesses",
            &graph.user_token,
            &[("limit", "1")],
        )
        .await;
    let body = reply.ok();
    assert_eq!(body["data"].as_array().unwrap().len(), 1);
    assert_eq!(body["summary"], json!({ "total_count": 2 }));
}

#[tokio::test]
async fn item4_debug_token_has_metadata() {
    let graph = Graph::start().await;
    let app_token = graph.fake.app_token();
    let reply = graph
        .send(
            "GET",
            "/debug_token",
            &app_token,
            &[("input_token", graph.page_token.as_str())],
        )
        .await;
    let data = &reply.ok()["data"];
    assert_eq!(data["type"], "PAGE");
    assert!(data["metadata"].is_object(), "{data}");
}

// ----- item 5: renders cost the same however much the fake holds --------------------------------

/// The records the fake visits to answer `GET path?fields=…`.
async fn scanned_by(graph: &Graph, path: &str, fields: &str) -> u64 {
    let before = graph.fake.state().lock().records_scanned();
    graph.get(path, &graph.page_token, fields).await.ok();
    graph.fake.state().lock().records_scanned() - before
}

/// Adds `n` visitors' comments (each with a reply) and `n` reactions to `post`, and `n`
/// posts to the Page.
fn grow(graph: &Graph, post: &str, n: usize) {
    graph.fake.state().with(|state| {
        for i in 0..n {
            let user = state.add_user(&format!("Visitor {i}"));
            let comment = state.add_visitor_comment(&user, post, "Merci !");
            state.add_visitor_comment(&user, &comment, "Oui, merci.");
            state.add_reaction(&user, post, if i % 2 == 0 { "LIKE" } else { "LOVE" });
            state.add_reaction(&user, &comment, "LIKE");
            state.add_post(&graph.page, &format!("Post {i}"));
        }
    });
}

#[tokio::test]
async fn item5_rendering_a_post_is_constant_in_comments_and_reactions() {
    let graph = Graph::start().await;
    let post = graph.publish("Bonjour").await;
    let fields = "id,message,from,comments.summary(true).limit(0),reactions.summary(total_count).limit(0),reactions.type(LOVE).limit(0).summary(total_count).as(love),likes.summary(true).limit(0)";
    let path = format!("/{post}");
    grow(&graph, &post, 3);
    let small = scanned_by(&graph, &path, fields).await;
    grow(&graph, &post, 300);
    let large = scanned_by(&graph, &path, fields).await;
    assert_eq!(small, large);
    let body = graph.get(&path, &graph.page_token, fields).await;
    let body = body.ok();
    assert_eq!(body["comments"]["summary"]["total_count"], 303);
    assert_eq!(body["reactions"]["summary"]["total_count"], 303);
    assert_eq!(body["love"]["summary"]["total_count"], 151);
    assert_eq!(body["likes"]["summary"]["total_count"], 152);
}

#[tokio::test]
async fn item5_rendering_a_comment_and_a_page_is_constant() {
    let graph = Graph::start().await;
    let post = graph.publish("Bonjour").await;
    grow(&graph, &post, 3);
    let comment = graph.fake.state().lock().comments(&post)[0].clone();
    let comment_path = format!("/{comment}");
    let comment_fields = "id,message,like_count,comment_count,can_hide,parent";
    let page_path = format!("/{}", graph.page);
    let page_fields = "id,name,fan_count,followers_count,category";
    let small = (
        scanned_by(&graph, &comment_path, comment_fields).await,
        scanned_by(&graph, &page_path, page_fields).await,
    );
    grow(&graph, &post, 300);
    let large = (
        scanned_by(&graph, &comment_path, comment_fields).await,
        scanned_by(&graph, &page_path, page_fields).await,
    );
    assert_eq!(small, large);
    // A page of the listing costs its items, not the whole list.
    let listing = scanned_by(
        &graph,
        &format!("/{post}/comments"),
        "id,like_count,comment_count",
    )
    .await;
    assert_eq!(listing, 25);
}
