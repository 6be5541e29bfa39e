//! The Graph fake through HTTP: posts, photos, scheduling, comments, reactions, insights,
//! paging, batches, tokens (OAuth, debug_token, appsecret_proof, dead tokens), usage headers
//! and limits, versions, injected errors, and malformed requests.

use serde_json::{Value, json};
use social_testkit::facebook::{
    DEMO_BUSINESS_ID, DEMO_BUSINESS_PAGE_ID, DEMO_BUSINESS_PAGE_TOKEN, DEMO_PAGE_ID,
    DEMO_PAGE_TOKEN, DEMO_USER_ID, DEMO_USER_TOKEN, GraphFake, appsecret_proof,
};
use social_testkit::{FakeServer, PathPattern};

/// The fake's clock in these tests: 2026-05-28T20:26:40Z.
const NOW: i64 = 1_780_000_000;
const DAY: i64 = 86_400;

/// A status, the headers, and the JSON body (`Null` if empty).
struct Reply {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The header's value parsed as JSON (usage headers).
    #[track_caller]
    fn json_header(&self, name: &str) -> Value {
        let raw = self
            .header(name)
            .unwrap_or_else(|| panic!("no {name} header"));
        serde_json::from_str(raw).expect("a JSON header")
    }

    /// The Graph error code (0 if the body is no error).
    fn code(&self) -> i64 {
        self.body["error"]["code"].as_i64().unwrap_or(0)
    }

    fn message(&self) -> &str {
        self.body["error"]["message"].as_str().unwrap_or("")
    }

    /// The body of a 200.
    #[track_caller]
    fn ok(&self) -> &Value {
        assert_eq!(self.status, 200, "{}", self.body);
        &self.body
    }

    /// Asserts a Graph error with this HTTP status and code, and its `fbtrace_id`.
    #[track_caller]
    fn fails(&self, status: u16, code: i64) -> &str {
        assert_eq!((self.status, self.code()), (status, code), "{}", self.body);
        assert!(
            self.body["error"]["fbtrace_id"].is_string(),
            "{}",
            self.body
        );
        self.message()
    }
}

/// The ids and tokens of the standard fixture.
struct Ids {
    user: String,
    user_token: String,
    page: String,
    page_token: String,
    visitor: String,
}

/// A Graph fake mounted at the root of a test server, and a client.
struct Graph {
    fake: GraphFake,
    server: FakeServer,
    client: reqwest::Client,
}

impl Graph {
    async fn start(fake: GraphFake) -> Self {
        let server = FakeServer::start(()).await;
        server.mount("", &fake).await;
        Graph {
            fake,
            server,
            client: reqwest::Client::new(),
        }
    }

    /// An empty fake with the clock at [`NOW`], Camille with every task on her Page, and a
    /// visitor.
    async fn new() -> (Self, Ids) {
        let fake = GraphFake::new();
        let ids = fake.state().with(|graph| {
            graph.set_now(NOW);
            let user = graph.add_user("Camille Martin");
            let user_token = graph.user_token(&user);
            let page = graph.add_page("Cabinet Martin", "Lawyer & Law Firm");
            let page_token = graph.grant_tasks(&user, &page, &["MANAGE"]);
            let visitor = graph.add_user("Sophie Bernard");
            Ids {
                user,
                user_token,
                page,
                page_token,
                visitor,
            }
        });
        (Self::start(fake).await, ids)
    }

    /// `{uri}/v26.0{path}` with `extra` query pairs, and `access_token` plus
    /// `appsecret_proof` when `token` is given.
    fn url(&self, path: &str, token: Option<&str>, extra: &[(&str, &str)]) -> String {
        let mut url = url::Url::parse(&format!("{}/v26.0{path}", self.server.uri())).unwrap();
        {
            let mut query = url.query_pairs_mut();
            for (key, value) in extra {
                query.append_pair(key, value);
            }
            if let Some(token) = token {
                query.append_pair("access_token", token);
                query.append_pair(
                    "appsecret_proof",
                    &appsecret_proof(&self.fake.app_secret(), token),
                );
            }
        }
        url.to_string()
    }

    async fn send(
        &self,
        method: &str,
        url: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, Vec<u8>)>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, url);
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some((content_type, bytes)) = body {
            request = request.header("content-type", content_type).body(bytes);
        }
        let response = request.send().await.expect("the fake answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let bytes = response.bytes().await.unwrap();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes).expect("a JSON body")
        };
        Reply {
            status,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str, token: &str) -> Reply {
        self.send("GET", &self.url(path, Some(token), &[]), &[], None)
            .await
    }

    async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send("DELETE", &self.url(path, Some(token), &[]), &[], None)
            .await
    }

    /// A form-encoded POST; the token and its proof go in the query.
    async fn post(&self, path: &str, token: &str, form: &[(&str, &str)]) -> Reply {
        let mut body = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in form {
            body.append_pair(key, value);
        }
        let body = (
            "application/x-www-form-urlencoded",
            body.finish().into_bytes(),
        );
        self.send("POST", &self.url(path, Some(token), &[]), &[], Some(body))
            .await
    }

    /// Publishes `message` on `page` and returns the post id.
    async fn publish(&self, page: &str, token: &str, message: &str) -> String {
        let created = self
            .post(&format!("/{page}/feed"), token, &[("message", message)])
            .await;
        created.ok()["id"].as_str().unwrap().to_owned()
    }
}

/// Whether `text` is a Graph timestamp such as `2021-08-10T18:45:03+0000`.
fn is_graph_time(text: &str) -> bool {
    text.ends_with("+0000") && chrono::DateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S%z").is_ok()
}

/// The ids of a list answer's `data`.
fn ids_of(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .unwrap_or_else(|| panic!("no data in {body}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// The value of query parameter `name` in `link`.
fn query_param(link: &str, name: &str) -> Option<String> {
    url::Url::parse(link)
        .unwrap()
        .query_pairs()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.into_owned())
}

/// A multipart body with these `(name, filename, bytes)` parts.
fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "graph-fake-boundary";
    let mut body = Vec::new();
    for (name, filename, bytes) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        let disposition = match filename {
            Some(file) => format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{file}\"\r\nContent-Type: image/jpeg\r\n\r\n"
            ),
            None => format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"),
        };
        body.extend_from_slice(disposition.as_bytes());
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn a_post_is_created_read_back_and_deleted() {
    let (graph, ids) = Graph::new().await;
    let id = graph
        .publish(&ids.page, &ids.page_token, "Bonjour & bienvenue")
        .await;
    assert!(id.starts_with(&format!("{}_", ids.page)), "{id}");

    let read = graph
        .get(
            &format!("/{id}?fields=id,message,created_time,is_published,from{{id,name}},permalink_url,status_type"),
            &ids.page_token,
        )
        .await;
    let post = read.ok();
    assert_eq!(post["message"], "Bonjour & bienvenue");
    assert!(
        is_graph_time(post["created_time"].as_str().unwrap()),
        "{post}"
    );
    assert_eq!(post["is_published"], true);
    assert_eq!(
        post["from"],
        json!({ "id": ids.page, "name": "Cabinet Martin" })
    );
    assert_eq!(post["status_type"], "mobile_status_update");
    assert!(post["permalink_url"].as_str().unwrap().contains(&ids.page));
    assert_eq!(read.header("facebook-api-version"), Some("v26.0"));
    assert!(
        read.header("x-fb-trace-id")
            .is_some_and(|id| !id.is_empty())
    );

    // Without `fields`: id, message, created_time.
    let default = graph.get(&format!("/{id}"), &ids.user_token).await;
    let mut keys: Vec<&str> = default
        .ok()
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, ["created_time", "id", "message"]);

    // An edit, then the deletion.
    let edited = graph
        .post(
            &format!("/{id}"),
            &ids.page_token,
            &[("message", "Bonjour !")],
        )
        .await;
    assert_eq!(edited.ok(), &json!({ "success": true }));
    assert_eq!(
        graph.fake.state().lock().post_message(&id),
        Some("Bonjour !")
    );
    let deleted = graph.delete(&format!("/{id}"), &ids.page_token).await;
    assert_eq!(deleted.ok(), &json!({ "success": true }));
    let gone = graph.get(&format!("/{id}"), &ids.page_token).await;
    let message = gone.fails(400, 100);
    assert_eq!(gone.body["error"]["error_subcode"], 33);
    assert_eq!(
        message,
        format!(
            "Unsupported get request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation."
        )
    );
    assert!(graph.fake.state().lock().posts(&ids.page).is_empty());
}

#[tokio::test]
async fn posting_needs_a_page_token_and_content() {
    let (graph, ids) = Graph::new().await;
    let feed = format!("/{}/feed", ids.page);
    let as_user = graph
        .post(&feed, &ids.user_token, &[("message", "hi")])
        .await;
    assert_eq!(
        as_user.fails(403, 200),
        "(#200) If posting to a page, requires both pages_read_engagement and pages_manage_posts as an admin with sufficient administrative permission"
    );
    let empty = graph
        .post(&feed, &ids.page_token, &[("published", "true")])
        .await;
    empty.fails(400, 100);
    let bad_link = graph
        .post(&feed, &ids.page_token, &[("link", "not a url")])
        .await;
    bad_link.fails(400, 100);

    // A Page token whose user lacks `pages_manage_posts`.
    graph
        .fake
        .state()
        .lock()
        .set_permission(&ids.user, "pages_manage_posts", false);
    let declined = graph
        .post(&feed, &ids.page_token, &[("message", "hi")])
        .await;
    declined.fails(403, 200);
    assert!(graph.fake.state().lock().posts(&ids.page).is_empty());
}

#[tokio::test]
async fn scheduled_posts_respect_the_window_then_go_live() {
    let (graph, ids) = Graph::new().await;
    let feed = format!("/{}/feed", ids.page);
    let at = |offset: i64| (NOW + offset).to_string();
    let published = graph
        .post(
            &feed,
            &ids.page_token,
            &[("message", "Soon"), ("scheduled_publish_time", &at(3_600))],
        )
        .await;
    published.fails(400, 100);
    for too_early_or_late in [300, 76 * DAY] {
        let refused = graph
            .post(
                &feed,
                &ids.page_token,
                &[
                    ("message", "Soon"),
                    ("published", "false"),
                    ("scheduled_publish_time", &at(too_early_or_late)),
                ],
            )
            .await;
        let message = refused.fails(400, 100);
        assert!(
            message.contains("between 10 minutes and 75 days"),
            "{message}"
        );
    }
    let scheduled = graph
        .post(
            &feed,
            &ids.page_token,
            &[
                ("message", "Soon"),
                ("published", "false"),
                ("scheduled_publish_time", &at(3_600)),
            ],
        )
        .await;
    let id = scheduled.ok()["id"].as_str().unwrap().to_owned();

    let fields = "?fields=id,is_published,scheduled_publish_time";
    let queue = graph
        .get(
            &format!("/{}/scheduled_posts{fields}", ids.page),
            &ids.page_token,
        )
        .await;
    assert_eq!(queue.ok()["data"][0]["id"], id.as_str());
    assert_eq!(queue.ok()["data"][0]["scheduled_publish_time"], NOW + 3_600);
    assert_eq!(queue.ok()["data"][0]["is_published"], false);
    let feed_now = graph.get(&feed, &ids.page_token).await;
    assert!(ids_of(feed_now.ok()).is_empty());
    // Only a Page token may read the queue.
    graph
        .get(&format!("/{}/scheduled_posts", ids.page), &ids.user_token)
        .await
        .fails(403, 210);

    graph.fake.state().lock().advance(3_601);
    let live = graph
        .get(&format!("/{id}{fields},created_time"), &ids.page_token)
        .await;
    assert_eq!(live.ok()["is_published"], true);
    assert!(live.ok().get("scheduled_publish_time").is_none());
    let feed_later = graph.get(&feed, &ids.page_token).await;
    assert_eq!(ids_of(feed_later.ok()), [id]);
}

#[tokio::test]
async fn the_same_message_twice_in_a_row_is_a_506() {
    let (graph, ids) = Graph::new().await;
    graph.publish(&ids.page, &ids.page_token, "Hello").await;
    let again = graph
        .post(
            &format!("/{}/feed", ids.page),
            &ids.page_token,
            &[("message", "Hello")],
        )
        .await;
    assert_eq!(again.fails(400, 506), "Duplicate status message");
    assert_eq!(again.body["error"]["error_subcode"], 1_455_006);
    assert_eq!(
        again.body["error"]["error_user_title"],
        "Duplicate Status Update"
    );
    graph
        .publish(&ids.page, &ids.page_token, "Something else")
        .await;
    graph.publish(&ids.page, &ids.page_token, "Hello").await;
    assert_eq!(graph.fake.state().lock().posts(&ids.page).len(), 3);
}

#[tokio::test]
async fn photos_publish_alone_or_together_through_attached_media() {
    let (graph, ids) = Graph::new().await;
    let photos = format!("/{}/photos", ids.page);
    let single = graph
        .post(
            &photos,
            &ids.page_token,
            &[
                ("url", "https://example.com/office.jpg"),
                ("caption", "Le cabinet"),
            ],
        )
        .await;
    let post_id = single.ok()["post_id"].as_str().unwrap().to_owned();
    assert!(single.ok()["id"].is_string());
    let post = graph
        .get(
            &format!("/{post_id}?fields=message,full_picture,status_type"),
            &ids.page_token,
        )
        .await;
    assert_eq!(
        post.ok(),
        &json!({
            "id": post_id,
            "message": "Le cabinet",
            "full_picture": "https://example.com/office.jpg",
            "status_type": "added_photos",
        })
    );

    // Two unpublished photos (one uploaded as multipart bytes), then one post with both.
    let jpeg: &[u8] = b"\xff\xd8\xff\xe0 fake jpeg";
    let (content_type, body) = multipart(&[
        ("published", None, b"false".as_slice()),
        ("source", Some("a.jpg"), jpeg),
    ]);
    let first = graph
        .send(
            "POST",
            &graph.url(&photos, Some(&ids.page_token), &[]),
            &[],
            Some((&content_type, body)),
        )
        .await;
    assert!(first.ok().get("post_id").is_none(), "{}", first.body);
    let first = first.ok()["id"].as_str().unwrap().to_owned();
    let second = graph
        .post(
            &photos,
            &ids.page_token,
            &[("url", "https://example.com/b.jpg"), ("published", "false")],
        )
        .await;
    let second = second.ok()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        graph.fake.state().lock().photo_size(&first),
        Some(jpeg.len())
    );

    let media = |id: &str| json!({ "media_fbid": id }).to_string();
    let album = graph
        .post(
            &format!("/{}/feed", ids.page),
            &ids.page_token,
            &[
                ("message", "Nos locaux"),
                ("attached_media[0]", &media(&first)),
                ("attached_media[1]", &media(&second)),
            ],
        )
        .await;
    let album = album.ok()["id"].as_str().unwrap().to_owned();
    let read = graph
        .get(
            &format!("/{album}?fields=attachments,full_picture"),
            &ids.page_token,
        )
        .await;
    let attachment = &read.ok()["attachments"]["data"][0];
    assert_eq!(attachment["type"], "album");
    assert_eq!(
        attachment["subattachments"]["data"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    {
        let state = graph.fake.state();
        let state = state.lock();
        assert_eq!(state.post_photos(&album), [first.clone(), second.clone()]);
        assert_eq!(state.is_photo_published(&first), Some(true));
    }

    // A photo can only be attached once, and must exist.
    let reused = graph
        .post(
            &format!("/{}/feed", ids.page),
            &ids.page_token,
            &[("message", "Encore"), ("attached_media[0]", &media(&first))],
        )
        .await;
    reused.fails(400, 100);
    let unknown = graph
        .post(
            &format!("/{}/feed", ids.page),
            &ids.page_token,
            &[("attached_media[0]", &media("999"))],
        )
        .await;
    unknown.fails(400, 100);
    let nothing = graph
        .post(&photos, &ids.page_token, &[("caption", "x")])
        .await;
    assert_eq!(nothing.fails(400, 324), "(#324) Requires upload file");
}

#[tokio::test]
async fn comments_are_listed_hidden_unhidden_replied_to_and_deleted() {
    let (graph, ids) = Graph::new().await;
    let post = graph.fake.add_post(&ids.page, "Permanence le samedi");
    let question =
        graph
            .fake
            .add_visitor_comment(&ids.visitor, &post, "Vous traitez le droit du travail ?");

    // The Page answers the client's question.
    let reply = graph
        .post(
            &format!("/{question}/comments"),
            &ids.page_token,
            &[("message", "Oui, prenez rendez-vous.")],
        )
        .await;
    let reply = reply.ok()["id"].as_str().unwrap().to_owned();
    let suffix = post.rsplit('_').next().unwrap();
    assert!(reply.starts_with(&format!("{suffix}_")), "{reply}");
    assert_eq!(
        graph.fake.state().lock().comment_author(&reply),
        Some(ids.page.as_str())
    );

    let fields = "fields=id,message,from,is_hidden,can_hide,comment_count,parent";
    let top = graph
        .get(
            &format!("/{post}/comments?summary=true&{fields}"),
            &ids.page_token,
        )
        .await;
    let body = top.ok();
    assert_eq!(ids_of(body), [question.as_str()]);
    assert_eq!(body["data"][0]["from"]["id"], ids.visitor.as_str());
    assert_eq!(body["data"][0]["comment_count"], 1);
    assert_eq!(body["data"][0]["can_hide"], true);
    assert_eq!(
        body["summary"],
        json!({ "order": "chronological", "total_count": 1, "can_comment": true })
    );
    let stream = graph
        .get(
            &format!("/{post}/comments?filter=stream&order=reverse_chronological&{fields}"),
            &ids.page_token,
        )
        .await;
    assert_eq!(ids_of(stream.ok()), [reply.clone(), question.clone()]);
    assert_eq!(stream.ok()["data"][0]["parent"]["id"], question.as_str());
    // Commenters are shown to the Page's token only.
    let as_user = graph
        .get(&format!("/{post}/comments?{fields}"), &ids.user_token)
        .await;
    assert!(as_user.ok()["data"][0].get("from").is_none());

    // Hide, see it listed as hidden, unhide.
    let hide = graph
        .post(
            &format!("/{question}"),
            &ids.page_token,
            &[("is_hidden", "true")],
        )
        .await;
    assert_eq!(hide.ok(), &json!({ "success": true }));
    assert_eq!(graph.fake.state().lock().is_hidden(&question), Some(true));
    let listed = graph
        .get(&format!("/{post}/comments?{fields}"), &ids.page_token)
        .await;
    assert_eq!(listed.ok()["data"][0]["is_hidden"], true);
    graph
        .post(
            &format!("/{question}"),
            &ids.page_token,
            &[("is_hidden", "false")],
        )
        .await
        .ok();
    assert_eq!(graph.fake.state().lock().is_hidden(&question), Some(false));

    // The Page cannot hide its own comment; users cannot comment through the API.
    let own = graph
        .post(
            &format!("/{reply}"),
            &ids.page_token,
            &[("is_hidden", "true")],
        )
        .await;
    let message = own.fails(400, 100);
    assert!(message.contains("own comment"), "{message}");
    graph
        .post(
            &format!("/{post}/comments"),
            &ids.user_token,
            &[("message", "moi")],
        )
        .await
        .fails(403, 200);
    graph
        .post(
            &format!("/{post}/comments"),
            &ids.page_token,
            &[("message", " ")],
        )
        .await
        .fails(400, 100);

    let deleted = graph.delete(&format!("/{reply}"), &ids.page_token).await;
    assert_eq!(deleted.ok(), &json!({ "success": true }));
    assert!(graph.fake.state().lock().comments(&question).is_empty());
}

#[tokio::test]
async fn reactions_count_by_type_with_limit_zero_and_aliases() {
    let (graph, ids) = Graph::new().await;
    let post = graph.fake.add_post(&ids.page, "Merci à tous");
    for (name, kind) in [
        ("A", "LIKE"),
        ("B", "like"),
        ("C", "LOVE"),
        ("D", "CARE"),
        ("E", "FIRE"),
    ] {
        let user = graph.fake.add_user(name);
        graph.fake.add_reaction(&user, &post, kind);
    }

    let counts = graph
        .get(
            &format!("/{post}/reactions?summary=total_count&limit=0"),
            &ids.page_token,
        )
        .await;
    assert_eq!(
        counts.ok(),
        &json!({ "data": [], "summary": { "total_count": 5, "viewer_reaction": "NONE" } })
    );
    let loves = graph
        .get(
            &format!("/{post}/reactions?type=LOVE&summary=true"),
            &ids.page_token,
        )
        .await;
    assert_eq!(loves.ok()["summary"]["total_count"], 1);
    assert_eq!(loves.ok()["data"][0]["type"], "LOVE");
    assert_eq!(loves.ok()["data"][0]["name"], "C");

    let fields = "reactions.summary(total_count).limit(0),reactions.type(LOVE).limit(0).summary(total_count).as(love),reactions.type(FIRE).limit(0).summary(true).as(fire),comments.summary(true).limit(0)";
    let post_counts = graph
        .get(&format!("/{post}?fields={fields}"), &ids.page_token)
        .await;
    let body = post_counts.ok();
    assert_eq!(body["reactions"]["summary"]["total_count"], 5);
    assert_eq!(body["love"]["summary"]["total_count"], 1);
    assert_eq!(body["love"]["data"], json!([]));
    assert_eq!(body["fire"]["summary"]["total_count"], 1);
    assert_eq!(body["comments"]["summary"]["total_count"], 0);

    let likes = graph
        .get(&format!("/{post}/likes?summary=true"), &ids.page_token)
        .await;
    assert_eq!(
        likes.ok()["summary"],
        json!({ "total_count": 2, "can_like": true, "has_liked": false })
    );

    // The Page's own reaction is the viewer's; lists page with cursors.
    graph.fake.add_reaction(&ids.page, &post, "LOVE");
    let mine = graph
        .get(
            &format!("/{post}/reactions?summary=viewer_reaction&limit=2"),
            &ids.page_token,
        )
        .await;
    assert_eq!(mine.ok()["summary"]["viewer_reaction"], "LOVE");
    assert_eq!(mine.ok()["data"].as_array().unwrap().len(), 2);
    assert!(mine.ok()["paging"]["next"].is_string());
}

#[tokio::test]
async fn insights_fail_whole_on_one_bad_metric_and_bound_the_window() {
    let (graph, ids) = Graph::new().await;
    let insights = format!("/{}/insights", ids.page);
    let read = graph
        .send(
            "GET",
            &graph.url(
                &insights,
                Some(&ids.page_token),
                &[
                    ("metric", "page_follows,page_media_view"),
                    ("period", "day"),
                    ("since", "2026-05-01"),
                    ("until", "2026-05-04"),
                ],
            ),
            &[],
            None,
        )
        .await;
    let body = read.ok();
    assert_eq!(body["data"].as_array().unwrap().len(), 2);
    let follows = &body["data"][0];
    assert_eq!(follows["name"], "page_follows");
    assert_eq!(follows["period"], "day");
    assert_eq!(
        follows["id"],
        format!("{}/insights/page_follows/day", ids.page)
    );
    let values = follows["values"].as_array().unwrap();
    assert_eq!(values.len(), 3);
    assert_eq!(values[0]["end_time"], "2026-05-02T00:00:00+0000");
    assert_eq!(values[2]["end_time"], "2026-05-04T00:00:00+0000");
    let may_2 = chrono::DateTime::parse_from_rfc3339("2026-05-02T00:00:00Z")
        .unwrap()
        .timestamp();
    let expected = graph
        .fake
        .state()
        .lock()
        .metric_value("page_follows", may_2);
    assert_eq!(values[0]["value"].as_i64(), expected);
    assert!(follows["title"].as_str().is_some_and(|t| !t.is_empty()));
    let next = body["paging"]["next"].as_str().unwrap();
    // The next window starts where this one ended (2026-05-04) and is as long (3 days).
    assert_eq!(query_param(next, "since").as_deref(), Some("1777852800"));
    assert_eq!(query_param(next, "until").as_deref(), Some("1778112000"));
    assert_eq!(
        query_param(next, "metric").as_deref(),
        Some("page_follows,page_media_view")
    );

    let query =
        |pairs: &[(&'static str, &'static str)]| graph.url(&insights, Some(&ids.page_token), pairs);
    let one_bad = graph
        .send(
            "GET",
            &query(&[("metric", "page_follows,page_fans")]),
            &[],
            None,
        )
        .await;
    assert_eq!(
        one_bad.fails(400, 100),
        "(#100) The value must be a valid insights metric"
    );
    let none = graph.send("GET", &query(&[]), &[], None).await;
    none.fails(400, 3001);
    assert_eq!(none.body["error"]["error_subcode"], 1_504_028);
    let too_long = graph
        .send(
            "GET",
            &query(&[
                ("metric", "page_follows"),
                ("since", "2026-01-01"),
                ("until", "2026-05-01"),
            ]),
            &[],
            None,
        )
        .await;
    assert_eq!(
        too_long.fails(400, 100),
        "(#100) There cannot be more than 90 days (7776000 s) between since and until"
    );

    // A metric deprecated under the client's feet; the path form; post metrics.
    graph.fake.state().lock().remove_metric("page_views_total");
    graph
        .get(&format!("{insights}/page_views_total"), &ids.page_token)
        .await
        .fails(400, 100);
    let single = graph
        .get(
            &format!("{insights}/page_media_view?period=total_over_range"),
            &ids.page_token,
        )
        .await;
    assert_eq!(
        single.ok()["data"][0]["values"].as_array().unwrap().len(),
        1
    );
    let post = graph.fake.add_post(&ids.page, "Article");
    let reach = graph
        .get(
            &format!("/{post}/insights?metric=post_total_media_view_unique"),
            &ids.page_token,
        )
        .await;
    assert_eq!(reach.ok()["data"][0]["period"], "lifetime");
    assert!(reach.ok()["data"][0]["values"][0]["value"].is_i64());
    graph
        .get(
            &format!("/{post}/insights?metric=page_follows"),
            &ids.page_token,
        )
        .await
        .fails(400, 100);
    graph
        .get(&format!("{insights}?metric=page_follows"), &ids.user_token)
        .await
        .fails(403, 210);
}

#[tokio::test]
async fn paging_links_carry_the_query_and_the_token_but_not_the_proof() {
    let (graph, ids) = Graph::new().await;
    {
        let state = graph.fake.state();
        let mut state = state.lock();
        for i in 0..5 {
            state.add_post_at(&ids.page, &format!("post {i}"), NOW - (5 - i) * 60);
        }
        state.set_require_appsecret_proof(true);
    }
    let first = graph
        .get(
            &format!("/{}/posts?fields=id,message&limit=2", ids.page),
            &ids.page_token,
        )
        .await;
    let body = first.ok();
    let messages: Vec<&str> = body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert_eq!(messages, ["post 4", "post 3"]);
    let next = body["paging"]["next"].as_str().unwrap().to_owned();
    assert!(
        next.starts_with(&format!("{}/v26.0/{}/posts?", graph.server.uri(), ids.page)),
        "{next}"
    );
    assert_eq!(
        query_param(&next, "access_token"),
        Some(ids.page_token.clone())
    );
    assert_eq!(query_param(&next, "fields").as_deref(), Some("id,message"));
    assert_eq!(query_param(&next, "limit").as_deref(), Some("2"));
    assert_eq!(
        query_param(&next, "after"),
        body["paging"]["cursors"]["after"]
            .as_str()
            .map(String::from)
    );
    assert_eq!(query_param(&next, "appsecret_proof"), None);

    // Followed verbatim, the proof is missing; re-added, the walk goes on to the end.
    let verbatim = graph.send("GET", &next, &[], None).await;
    assert_eq!(
        verbatim.fails(400, 100),
        "API calls from the server require an appsecret_proof argument"
    );
    let proof = appsecret_proof(&graph.fake.app_secret(), &ids.page_token);
    let mut seen = ids_of(body);
    let mut link = Some(next);
    let mut pages = 1;
    while let Some(next) = link.take() {
        let page = graph
            .send("GET", &format!("{next}&appsecret_proof={proof}"), &[], None)
            .await;
        seen.extend(ids_of(page.ok()));
        if pages == 1 {
            assert!(page.ok()["paging"]["previous"].is_string());
        }
        link = page.ok()["paging"]["next"].as_str().map(String::from);
        pages += 1;
        assert!(pages <= 3, "three pages at most");
    }
    assert_eq!(seen, graph.fake.state().lock().posts(&ids.page));

    // A token sent in a header still travels in the links.
    let url = graph.url(
        &format!("/{}/posts", ids.page),
        None,
        &[("limit", "1"), ("appsecret_proof", &proof)],
    );
    let bearer = graph
        .send(
            "GET",
            &url,
            &[("authorization", &format!("Bearer {}", ids.page_token))],
            None,
        )
        .await;
    let next = bearer.ok()["paging"]["next"].as_str().unwrap();
    assert_eq!(
        query_param(next, "access_token"),
        Some(ids.page_token.clone())
    );
}

#[tokio::test]
async fn an_empty_page_can_have_next_and_a_cursor_can_repeat_forever() {
    let (graph, ids) = Graph::new().await;
    for i in 0..5 {
        graph.fake.add_post(&ids.page, &format!("post {i}"));
    }
    graph.fake.state().lock().serve_empty_pages(1);
    let path = format!("/{}/feed?limit=2", ids.page);
    let empty = graph.get(&path, &ids.page_token).await;
    assert_eq!(empty.ok()["data"], json!([]));
    let next = empty.ok()["paging"]["next"].as_str().unwrap();
    let full = graph.send("GET", next, &[], None).await;
    assert_eq!(ids_of(full.ok()).len(), 2);

    graph.fake.state().lock().set_repeat_cursor(true);
    let first = graph.get(&path, &ids.page_token).await;
    let next = first.ok()["paging"]["next"].as_str().unwrap().to_owned();
    let after = query_param(&next, "after").unwrap();
    let second = graph.send("GET", &next, &[], None).await;
    let again = second.ok()["paging"]["next"].as_str().unwrap();
    assert_eq!(query_param(again, "after"), Some(after.clone()));
    assert_eq!(second.ok()["paging"]["cursors"]["after"], after.as_str());
    let third = graph.send("GET", again, &[], None).await;
    assert_eq!(ids_of(third.ok()), ids_of(second.ok()));
}

#[tokio::test]
async fn batches_run_in_order_with_null_items_and_a_cap_of_fifty() {
    let (graph, ids) = Graph::new().await;
    let secret = graph.fake.app_secret();
    let page_auth = format!(
        "access_token={}&appsecret_proof={}",
        ids.page_token,
        appsecret_proof(&secret, &ids.page_token)
    );
    let batch = |message: &str| {
        json!([
            { "method": "GET", "relative_url": "me?fields=id,name" },
            {
                "method": "POST",
                "relative_url": format!("{}/feed", ids.page),
                "body": format!("message={message}&{page_auth}"),
            },
            { "method": "GET", "relative_url": "v25.0/123456789" },
        ])
        .to_string()
    };
    let sent = graph
        .post(
            "/",
            &ids.user_token,
            &[
                ("batch", &batch("Depuis un batch")),
                ("include_headers", "true"),
            ],
        )
        .await;
    let answers = sent.ok().as_array().unwrap().clone();
    let codes: Vec<i64> = answers
        .iter()
        .map(|a| a["code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [200, 200, 400]);
    let me: Value = serde_json::from_str(answers[0]["body"].as_str().unwrap()).unwrap();
    assert_eq!(me, json!({ "id": ids.user, "name": "Camille Martin" }));
    assert!(
        answers[0]["headers"]
            .as_array()
            .unwrap()
            .contains(&json!({ "name": "Content-Type", "value": "application/json" }))
    );
    // Each item carries its own usage header (Page-token items, the Page's).
    let names: Vec<&str> = answers[1]["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|h| h["name"].as_str())
        .collect();
    assert_eq!(names, ["Content-Type", "X-Business-Use-Case-Usage"]);
    let created: Value = serde_json::from_str(answers[1]["body"].as_str().unwrap()).unwrap();
    assert!(created["id"].as_str().unwrap().starts_with(&ids.page));
    let missing: Value = serde_json::from_str(answers[2]["body"].as_str().unwrap()).unwrap();
    assert_eq!(missing["error"]["error_subcode"], 33);
    assert!(missing["error"]["fbtrace_id"].is_string());
    let feed_route = format!("POST /{}/feed", ids.page);
    assert_eq!(graph.fake.state().lock().calls(&feed_route), 1);

    // Item 1 does not complete: `null`, and nothing was posted.
    graph.fake.state().lock().fail_batch_items(&[1]);
    let partial = graph
        .post(
            "/",
            &ids.user_token,
            &[("batch", &batch("Jamais")), ("include_headers", "false")],
        )
        .await;
    let answers = partial.ok().as_array().unwrap().clone();
    assert!(answers[1].is_null());
    assert_eq!(answers[0]["code"], 200);
    assert!(answers[0].get("headers").is_none());
    assert_eq!(graph.fake.state().lock().calls(&feed_route), 1);
    assert_eq!(graph.fake.state().lock().posts(&ids.page).len(), 1);

    let items: Vec<Value> = (0..51)
        .map(|_| json!({ "method": "GET", "relative_url": "me" }))
        .collect();
    let too_many = graph
        .post(
            "/",
            &ids.user_token,
            &[("batch", &Value::Array(items).to_string())],
        )
        .await;
    assert_eq!(
        too_many.fails(400, 100),
        "Too many requests in batch message. Maximum batch size is 50"
    );
    assert_eq!(too_many.body["error"]["type"], "GraphBatchException");
    graph
        .post("/", &ids.user_token, &[("batch", "not json")])
        .await
        .fails(400, 100);
}

#[tokio::test]
async fn debug_token_describes_user_page_app_and_dead_tokens() {
    let (graph, ids) = Graph::new().await;
    let app = graph.fake.app_token();
    let harness = &graph;
    let debug = |input: &str| {
        let url = harness.url("/debug_token", Some(&app), &[("input_token", input)]);
        async move { harness.send("GET", &url, &[], None).await }
    };
    let user = debug(&ids.user_token).await;
    let data = &user.ok()["data"];
    assert_eq!(data["type"], "USER");
    assert_eq!(data["user_id"], ids.user.as_str());
    assert_eq!(data["is_valid"], true);
    assert_eq!(data["expires_at"], NOW + 5_183_944);
    assert!(
        data["scopes"]
            .as_array()
            .unwrap()
            .contains(&json!("pages_manage_posts"))
    );
    assert!(
        data["granular_scopes"]
            .as_array()
            .unwrap()
            .contains(&json!({ "scope": "pages_manage_posts", "target_ids": [ids.page] }))
    );

    let page = debug(&ids.page_token).await;
    let data = &page.ok()["data"];
    assert_eq!(data["type"], "PAGE");
    assert_eq!(data["profile_id"], ids.page.as_str());
    assert_eq!(data["expires_at"], 0);
    assert_eq!(debug(&app).await.ok()["data"]["type"], "APP");

    let unknown = debug("garbage").await;
    assert_eq!(unknown.ok()["data"]["is_valid"], false);
    assert_eq!(unknown.ok()["data"]["error"]["code"], 190);
    graph.fake.state().lock().expire_token(&ids.user_token);
    let expired = debug(&ids.user_token).await;
    assert_eq!(expired.ok()["data"]["is_valid"], false);
    assert_eq!(expired.ok()["data"]["error"]["subcode"], 463);

    let with_page_token = graph
        .get(
            &format!("/debug_token?input_token={}", ids.page_token),
            &ids.page_token,
        )
        .await;
    with_page_token.fails(400, 100);
}

#[tokio::test]
async fn oauth_exchanges_codes_and_tokens_and_keeps_the_legacy_error() {
    let (graph, ids) = Graph::new().await;
    let redirect = "http://127.0.0.1:8765/callback";
    let code = graph.fake.issue_code(&ids.user, redirect);
    let harness = &graph;
    let exchange = |pairs: Vec<(&'static str, String)>| {
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let url = harness.url("/oauth/access_token", None, &pairs);
        async move { harness.send("GET", &url, &[], None).await }
    };
    let client = || {
        vec![
            ("client_id", "sandbox-app".to_owned()),
            ("client_secret", "sandbox-app-secret".to_owned()),
        ]
    };
    let mut wrong = client();
    wrong.push(("redirect_uri", "http://127.0.0.1:8765/other".into()));
    wrong.push(("code", code.clone()));
    let legacy = exchange(wrong).await;
    assert_eq!(legacy.status, 400);
    assert_eq!(
        legacy.body,
        json!({
            "error_type": "OAuthException",
            "code": 400,
            "error_message": "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request",
        })
    );

    let mut right = client();
    right.push(("redirect_uri", redirect.into()));
    right.push(("code", code.clone()));
    let short = exchange(right.clone()).await;
    assert_eq!(short.ok()["token_type"], "bearer");
    assert_eq!(short.ok()["expires_in"], 5_400);
    let short = short.ok()["access_token"].as_str().unwrap().to_owned();
    let reused = exchange(right).await;
    reused.fails(400, 100);
    assert_eq!(reused.body["error"]["error_subcode"], 36_009);

    // A short-lived user token gives Page tokens that die with it; a long-lived one, the
    // never-expiring Page token.
    let accounts = graph
        .get("/me/accounts?fields=id,access_token", &short)
        .await;
    let derived = accounts.ok()["data"][0]["access_token"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(derived, ids.page_token);
    let mut long = client();
    long.push(("grant_type", "fb_exchange_token".into()));
    long.push(("fb_exchange_token", short.clone()));
    let long = exchange(long).await;
    assert_eq!(long.ok()["expires_in"], 5_183_944);
    let long = long.ok()["access_token"].as_str().unwrap().to_owned();
    let accounts = graph
        .get("/me/accounts?fields=id,access_token", &long)
        .await;
    assert_eq!(
        accounts.ok()["data"][0]["access_token"],
        ids.page_token.as_str()
    );
    let app = graph.fake.app_token();
    let info = graph
        .send(
            "GET",
            &graph.url("/debug_token", Some(&app), &[("input_token", &derived)]),
            &[],
            None,
        )
        .await;
    assert_eq!(info.ok()["data"]["expires_at"], NOW + 5_400);

    let mut bad_secret = client();
    bad_secret[1].1 = "nope".into();
    bad_secret.push(("grant_type", "client_credentials".into()));
    let refused = exchange(bad_secret).await;
    assert_eq!(refused.fails(400, 1), "Error validating client secret.");
    assert!(refused.body["error"].get("error_subcode").is_none());
    let mut credentials = client();
    credentials.push(("grant_type", "client_credentials".into()));
    let app_token = exchange(credentials).await;
    assert_eq!(
        app_token.ok(),
        &json!({ "access_token": "sandbox-app|sandbox-app-secret", "token_type": "bearer" })
    );
}

#[tokio::test]
async fn appsecret_proof_is_required_by_the_demo() {
    let graph = Graph::start(GraphFake::demo()).await;
    let bare = format!(
        "{}/v26.0/me?access_token={DEMO_USER_TOKEN}",
        graph.server.uri()
    );
    let missing = graph.send("GET", &bare, &[], None).await;
    assert_eq!(
        missing.fails(400, 100),
        "API calls from the server require an appsecret_proof argument"
    );
    let wrong = graph
        .send("GET", &format!("{bare}&appsecret_proof=00ff"), &[], None)
        .await;
    assert_eq!(
        wrong.fails(400, 100),
        "Invalid appsecret_proof provided in the API argument"
    );
    // The proof of another token does not do either.
    let other = appsecret_proof(&graph.fake.app_secret(), DEMO_PAGE_TOKEN);
    graph
        .send("GET", &format!("{bare}&appsecret_proof={other}"), &[], None)
        .await
        .fails(400, 100);
    let right = graph.get("/me", DEMO_USER_TOKEN).await;
    assert_eq!(right.ok()["id"], DEMO_USER_ID);
    // App-token calls need no proof.
    let app = format!(
        "{}/v26.0/debug_token?input_token={DEMO_PAGE_TOKEN}&access_token={}",
        graph.server.uri(),
        graph.fake.app_token()
    );
    assert_eq!(
        graph.send("GET", &app, &[], None).await.ok()["data"]["is_valid"],
        true
    );
}

#[tokio::test]
async fn usage_headers_and_the_page_and_app_limits() {
    let (graph, ids) = Graph::new().await;
    let as_user = graph.get("/me", &ids.user_token).await;
    let usage = as_user.json_header("x-app-usage");
    assert!(usage["call_count"].as_u64().unwrap() >= 1, "{usage}");
    assert!(usage.get("total_cputime").is_some() && usage.get("total_time").is_some());
    assert!(as_user.header("x-business-use-case-usage").is_none());

    graph.fake.state().lock().set_page_call_limit(&ids.page, 2);
    let page_path = format!("/{}", ids.page);
    for _ in 0..2 {
        let fine = graph.get(&page_path, &ids.page_token).await;
        let buc = fine.json_header("x-business-use-case-usage");
        assert_eq!(buc[&ids.page][0]["type"], "pages");
        assert_eq!(buc[&ids.page][0]["estimated_time_to_regain_access"], 0);
    }
    let throttled = graph.get(&page_path, &ids.page_token).await;
    assert!(throttled.fails(400, 80001).starts_with(
        "(#80001) There have been too many calls to this Page account. Wait a bit and try again."
    ));
    let buc = throttled.json_header("x-business-use-case-usage");
    assert_eq!(buc[&ids.page][0]["call_count"], 100);
    assert!(
        buc[&ids.page][0]["estimated_time_to_regain_access"]
            .as_i64()
            .unwrap()
            > 0
    );
    // The window rolls after an hour.
    graph.fake.state().lock().advance(3_600);
    graph.get(&page_path, &ids.page_token).await.ok();

    graph.fake.state().lock().set_app_call_limit(1);
    graph.get("/me", &ids.user_token).await.ok();
    let app_limited = graph.get("/me", &ids.user_token).await;
    assert_eq!(
        app_limited.fails(400, 4),
        "(#4) Application request limit reached"
    );
    assert_eq!(app_limited.body["error"]["is_transient"], true);
    assert_eq!(app_limited.json_header("x-app-usage")["call_count"], 100);

    // Graph omits the headers near 0 %.
    graph.fake.state().lock().set_app_call_limit(1_000);
    graph.fake.state().lock().set_usage_threshold(50);
    let quiet = graph.get("/me", &ids.user_token).await;
    quiet.ok();
    assert!(quiet.header("x-app-usage").is_none());
}

#[tokio::test]
async fn tokens_are_missing_unknown_expired_invalidated_or_role_lost() {
    let (graph, ids) = Graph::new().await;
    let none = graph
        .send(
            "GET",
            &format!("{}/v26.0/me", graph.server.uri()),
            &[],
            None,
        )
        .await;
    assert_eq!(
        none.fails(400, 2500),
        "An active access token must be used to query information about the current user."
    );
    let unknown = graph.get("/me", "garbage").await;
    assert_eq!(
        unknown.fails(400, 190),
        "Invalid OAuth access token - Cannot parse access token"
    );
    assert!(unknown.body["error"].get("error_subcode").is_none());
    assert!(
        unknown
            .header("www-authenticate")
            .is_some_and(|h| h.starts_with("OAuth "))
    );

    graph.fake.state().lock().expire_token(&ids.user_token);
    let expired = graph.get("/me", &ids.user_token).await;
    assert!(
        expired
            .fails(400, 190)
            .starts_with("Error validating access token: Session has expired")
    );
    assert_eq!(expired.body["error"]["error_subcode"], 463);

    let fresh = graph.fake.user_token(&ids.user);
    graph.fake.state().lock().invalidate_token(&fresh);
    let invalidated = graph.get("/me", &fresh).await;
    invalidated.fails(400, 190);
    assert_eq!(invalidated.body["error"]["error_subcode"], 460);

    // Time passes: a long-lived token expires after about 60 days.
    let later = graph.fake.user_token(&ids.user);
    graph.fake.state().lock().advance(5_183_944);
    let aged = graph.get("/me", &later).await;
    assert_eq!(aged.body["error"]["error_subcode"], 463, "{}", aged.body);

    let current = graph.fake.user_token(&ids.user);
    graph.fake.state().lock().remove_role(&ids.user, &ids.page);
    let role_lost = graph.get(&format!("/{}", ids.page), &ids.page_token).await;
    role_lost.fails(400, 190);
    assert_eq!(role_lost.body["error"]["error_subcode"], 492);
    let accounts = graph.get("/me/accounts", &current).await;
    assert_eq!(accounts.ok()["data"], json!([]));
}

#[tokio::test]
async fn versions_are_required_and_echoed() {
    let (graph, ids) = Graph::new().await;
    let unversioned = graph
        .send(
            "GET",
            &format!("{}/me?access_token={}", graph.server.uri(), ids.user_token),
            &[],
            None,
        )
        .await;
    assert_eq!(unversioned.fails(400, 2500), "Unknown path components: /me");
    let malformed = graph
        .send(
            "GET",
            &format!(
                "{}/v26/me?access_token={}",
                graph.server.uri(),
                ids.user_token
            ),
            &[],
            None,
        )
        .await;
    malformed.fails(400, 2500);
    let older = graph
        .send(
            "GET",
            &format!(
                "{}/v25.0/me?access_token={}",
                graph.server.uri(),
                ids.user_token
            ),
            &[],
            None,
        )
        .await;
    older.ok();
    assert_eq!(older.header("facebook-api-version"), Some("v25.0"));
    graph.fake.state().lock().set_served_version(Some("v25.0"));
    let served = graph.get("/me", &ids.user_token).await;
    served.ok();
    assert_eq!(served.header("facebook-api-version"), Some("v25.0"));
}

#[tokio::test]
async fn injected_errors_answer_first_also_in_batches() {
    let (graph, ids) = Graph::new().await;
    let feed = format!("/{}/feed", ids.page);
    graph.fake.inject_error(
        "POST",
        feed.as_str(),
        json!({
            "message": "(#368) The action attempted has been deemed abusive or is otherwise disallowed",
            "type": "OAuthException",
            "code": 368,
        }),
        400,
        1,
    );
    let blocked = graph
        .post(&feed, &ids.page_token, &[("message", "Promo")])
        .await;
    blocked.fails(400, 368);
    graph.publish(&ids.page, &ids.page_token, "Promo").await;

    graph.fake.inject_error(
        "GET",
        PathPattern::regex(r"^/\d+/feed$"),
        json!({ "message": "An unknown error occurred", "type": "OAuthException", "code": 1, "is_transient": true }),
        500,
        2,
    );
    let transient = graph.get(&feed, &ids.page_token).await;
    transient.fails(500, 1);
    assert_eq!(transient.body["error"]["is_transient"], true);
    let batch =
        json!([{ "method": "GET", "relative_url": format!("{}/feed", ids.page) }]).to_string();
    let in_batch = graph.post("/", &ids.page_token, &[("batch", &batch)]).await;
    assert_eq!(in_batch.ok()[0]["code"], 500);
    assert_eq!(
        ids_of(graph.get(&feed, &ids.page_token).await.ok()).len(),
        1
    );
}

#[tokio::test]
async fn the_demo_lists_accounts_businesses_and_page_tokens() {
    let graph = Graph::start(GraphFake::demo()).await;
    let accounts = graph.get("/me/accounts", DEMO_USER_TOKEN).await;
    let page = &accounts.ok()["data"][0];
    assert_eq!(accounts.ok()["data"].as_array().unwrap().len(), 1);
    assert_eq!(page["id"], DEMO_PAGE_ID);
    assert_eq!(page["access_token"], DEMO_PAGE_TOKEN);
    assert_eq!(page["category"], "Lawyer & Law Firm");
    assert_eq!(page["category_list"][0]["name"], "Lawyer & Law Firm");
    assert_eq!(
        page["tasks"],
        json!([
            "ANALYZE",
            "ADVERTISE",
            "MODERATE",
            "CREATE_CONTENT",
            "MANAGE"
        ])
    );

    let businesses = graph.get("/me/businesses", DEMO_USER_TOKEN).await;
    assert_eq!(ids_of(businesses.ok()), [DEMO_BUSINESS_ID]);
    let owned = graph
        .get(
            &format!("/{DEMO_BUSINESS_ID}/owned_pages?fields=id,name,access_token"),
            DEMO_USER_TOKEN,
        )
        .await;
    assert_eq!(owned.ok()["data"][0]["id"], DEMO_BUSINESS_PAGE_ID);
    assert_eq!(
        owned.ok()["data"][0]["access_token"],
        DEMO_BUSINESS_PAGE_TOKEN
    );

    let profile = graph
        .get(
            &format!("/{DEMO_PAGE_ID}?fields=name,fan_count,followers_count,access_token,picture"),
            DEMO_USER_TOKEN,
        )
        .await;
    assert_eq!(profile.ok()["fan_count"], 1_284);
    assert_eq!(profile.ok()["followers_count"], 1_342);
    assert_eq!(profile.ok()["access_token"], DEMO_PAGE_TOKEN);
    assert!(profile.ok()["picture"]["data"]["url"].is_string());
    let me_page = graph.get("/me", DEMO_PAGE_TOKEN).await;
    assert_eq!(me_page.ok()["id"], DEMO_PAGE_ID);
    let confused = graph.get("/me/accounts", DEMO_PAGE_TOKEN).await;
    assert_eq!(
        confused.fails(400, 100),
        "(#100) Tried accessing nonexisting field (accounts) on node type (Page)"
    );

    graph
        .fake
        .state()
        .lock()
        .set_permission(DEMO_USER_ID, "read_insights", false);
    let permissions = graph.get("/me/permissions", DEMO_USER_TOKEN).await;
    assert!(
        permissions.ok()["data"]
            .as_array()
            .unwrap()
            .contains(&json!({ "permission": "read_insights", "status": "declined" }))
    );

    // The demo's visitors: a question waiting for an answer, a visitor post.
    let question = graph
        .get(
            &format!(
                "/{}?fields=message,from",
                social_testkit::facebook::DEMO_QUESTION_COMMENT_ID
            ),
            DEMO_PAGE_TOKEN,
        )
        .await;
    assert!(question.ok()["message"].as_str().unwrap().contains('?'));
    let visitors = graph
        .get(
            &format!("/{DEMO_PAGE_ID}/visitor_posts?fields=from,status_type"),
            DEMO_PAGE_TOKEN,
        )
        .await;
    assert_eq!(visitors.ok()["data"][0]["status_type"], "wall_post");
}

#[tokio::test]
async fn timelines_split_own_visitor_and_hidden_posts() {
    let (graph, ids) = Graph::new().await;
    let own = graph.fake.add_post(&ids.page, "Le cabinet déménage");
    let visit = graph
        .fake
        .state()
        .lock()
        .add_visitor_post(&ids.visitor, &ids.page, "Merci !");
    let list = |edge: &str| format!("/{}/{edge}", ids.page);
    let feed = graph.get(&list("feed"), &ids.page_token).await;
    let mut feed_ids = ids_of(feed.ok());
    feed_ids.sort();
    let mut both = vec![own.clone(), visit.clone()];
    both.sort();
    assert_eq!(feed_ids, both);
    assert_eq!(
        ids_of(graph.get(&list("posts"), &ids.page_token).await.ok()),
        [own.as_str()]
    );
    assert_eq!(
        ids_of(
            graph
                .get(&list("visitor_posts"), &ids.page_token)
                .await
                .ok()
        ),
        [visit.as_str()]
    );
    // The Page cannot rewrite a visitor's words, but can hide the post.
    graph
        .post(
            &format!("/{visit}"),
            &ids.page_token,
            &[("message", "Autre chose")],
        )
        .await
        .fails(403, 200);
    graph
        .post(
            &format!("/{visit}"),
            &ids.page_token,
            &[("is_hidden", "true")],
        )
        .await
        .ok();
    assert_eq!(
        ids_of(graph.get(&list("feed"), &ids.page_token).await.ok()),
        [own.as_str()]
    );
    let with_hidden = graph
        .get(
            &format!("{}?include_hidden=true", list("feed")),
            &ids.page_token,
        )
        .await;
    assert_eq!(ids_of(with_hidden.ok()).len(), 2);
    let since = graph
        .get(
            &format!("{}?since={}", list("feed"), NOW + 1),
            &ids.page_token,
        )
        .await;
    assert!(ids_of(since.ok()).is_empty());
}

#[tokio::test]
async fn subscribed_apps_round_trip_with_a_page_token() {
    let (graph, ids) = Graph::new().await;
    let path = format!("/{}/subscribed_apps", ids.page);
    let subscribed = graph
        .post(
            &path,
            &ids.page_token,
            &[("subscribed_fields", "feed,mention")],
        )
        .await;
    assert_eq!(subscribed.ok(), &json!({ "success": true }));
    let listed = graph.get(&path, &ids.page_token).await;
    assert_eq!(listed.ok()["data"][0]["id"], "sandbox-app");
    assert_eq!(
        listed.ok()["data"][0]["subscribed_fields"],
        json!(["feed", "mention"])
    );
    graph.get(&path, &ids.user_token).await.fails(403, 210);
    graph
        .post(&path, &ids.page_token, &[])
        .await
        .fails(400, 100);
    graph.delete(&path, &ids.page_token).await.ok();
    assert_eq!(
        graph.get(&path, &ids.page_token).await.ok()["data"],
        json!([])
    );
    assert_eq!(graph.fake.state().lock().subscribed_fields(&ids.page), None);
}

#[tokio::test]
async fn malformed_requests_get_graph_errors_not_panics() {
    let (graph, ids) = Graph::new().await;
    let post = graph.fake.add_post(&ids.page, "x");
    let cases = [
        (format!("/{post}?fields=id,from{{id"), 2500),
        (format!("/{post}?fields=comments.limit(2"), 2500),
        (format!("/{}/feed?limit=-3", ids.page), 100),
        (format!("/{}/feed?after=%%%", ids.page), 100),
        (format!("/{}/feed?since=yesterday-ish", ids.page), 100),
        (format!("/{}/feed?include_hidden=maybe", ids.page), 100),
        (format!("/{post}/comments?filter=everything"), 100),
        (format!("/{}/friends", ids.page), 100),
        (format!("/{}/feed/extra/segments", ids.page), 2500),
        ("/999999".to_owned(), 100),
    ];
    for (path, code) in cases {
        let reply = graph.get(&path, &ids.page_token).await;
        assert_eq!(
            (reply.status, reply.code()),
            (400, code),
            "{path}: {}",
            reply.body
        );
    }
    // Methods Graph does not answer.
    let put = graph
        .send(
            "PUT",
            &graph.url("/me", Some(&ids.user_token), &[]),
            &[],
            None,
        )
        .await;
    put.fails(400, 100);
    // A broken multipart body, a JSON body that is no object, a bad boolean.
    let url = graph.url(&format!("/{}/photos", ids.page), Some(&ids.page_token), &[]);
    let broken = graph
        .send(
            "POST",
            &url,
            &[],
            Some((
                "multipart/form-data; boundary=zzz",
                b"--zzz\r\nno end".to_vec(),
            )),
        )
        .await;
    broken.fails(400, 324);
    let feed = graph.url(&format!("/{}/feed", ids.page), Some(&ids.page_token), &[]);
    let json_array = graph
        .send(
            "POST",
            &feed,
            &[],
            Some(("application/json", b"[1,2]".to_vec())),
        )
        .await;
    json_array.fails(400, 100);
    let json_object = graph
        .send(
            "POST",
            &feed,
            &[],
            Some((
                "application/json",
                br#"{"message":"JSON body","published":true}"#.to_vec(),
            )),
        )
        .await;
    assert!(json_object.ok()["id"].is_string());
    graph
        .post(
            &format!("/{}/feed", ids.page),
            &ids.page_token,
            &[("message", "y"), ("published", "maybe")],
        )
        .await
        .fails(400, 100);
    let weird_method = graph
        .send(
            "POST",
            &graph.url(
                "/",
                Some(&ids.page_token),
                &[(
                    "batch",
                    r#"[{"method":"PATCH","relative_url":"me"},{"relative_url":7}]"#,
                )],
            ),
            &[],
            None,
        )
        .await;
    let answers = weird_method.ok();
    assert_eq!(answers[0]["code"], 400);
    assert_eq!(answers[1]["code"], 400);
}
