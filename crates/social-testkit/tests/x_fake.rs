//! The X fake through HTTP: posts, users, follows, timelines, likes and retweets, media, the
//! OAuth 2.0 token endpoints, auth modes, rate limits, documented error bodies, faults.

use serde_json::{Value, json};
use social_testkit::x::XFake;
use social_testkit::{FakeServer, Fault};

/// A status, the headers we look at, and the JSON body (`Null` if none).
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
            .unwrap_or_else(|| panic!("no {name} header"))
    }
}

/// The X fake mounted at the root of a test server, and a client.
struct Harness {
    x: XFake,
    server: FakeServer,
    client: reqwest::Client,
}

/// An `Authorization` header value.
enum Auth<'a> {
    None,
    Bearer(&'a str),
    Raw(String),
}

impl Harness {
    async fn new() -> Self {
        Self::under("").await
    }

    async fn under(prefix: &str) -> Self {
        let x = XFake::default();
        let server = FakeServer::start(()).await;
        server.mount(prefix, &x).await;
        Harness {
            x,
            server,
            client: reqwest::Client::new(),
        }
    }

    async fn send(
        &self,
        method: &str,
        path: &str,
        auth: Auth<'_>,
        body: Option<(&str, Vec<u8>)>,
    ) -> Reply {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.server.uri()));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.bearer_auth(token),
            Auth::Raw(value) => request.header("authorization", value),
        };
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
        self.send("GET", path, Auth::Bearer(token), None).await
    }

    async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send("DELETE", path, Auth::Bearer(token), None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        let body = ("application/json", body.to_string().into_bytes());
        self.send("POST", path, Auth::Bearer(token), Some(body))
            .await
    }

    async fn form(&self, path: &str, auth: Auth<'_>, form: &str) -> Reply {
        let body = (
            "application/x-www-form-urlencoded",
            form.as_bytes().to_vec(),
        );
        self.send("POST", path, auth, Some(body)).await
    }

    /// Creates a post and returns its id.
    async fn tweet(&self, token: &str, text: &str) -> String {
        let created = self.post("/2/tweets", token, json!({ "text": text })).await;
        assert_eq!(created.status, 201, "{}", created.body);
        created.body["data"]["id"].as_str().unwrap().to_owned()
    }
}

fn texts(reply: &Reply) -> Vec<&str> {
    reply.body["data"]
        .as_array()
        .map(|data| data.iter().map(|p| p["text"].as_str().unwrap()).collect())
        .unwrap_or_default()
}

const INVALID_REQUEST: &str = "https://api.twitter.com/2/problems/invalid-request";

#[tokio::test]
async fn a_post_is_created_read_back_and_deleted() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let (token, bob_token) = (h.x.user_token(&alice), h.x.user_token(&bob));

    let created = h
        .post("/2/tweets", &token, json!({ "text": "hello" }))
        .await;
    assert_eq!(created.status, 201);
    assert_eq!(
        created.header("content-type"),
        "application/json; charset=utf-8"
    );
    let id = created.body["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(id.len(), 19);
    assert_eq!(
        created.body,
        json!({ "data": { "id": id, "text": "hello", "edit_history_tweet_ids": [id] } })
    );

    let read = h
        .get(
            &format!("/2/tweets/{id}?tweet.fields=author_id,created_at,public_metrics,conversation_id&expansions=author_id&user.fields=verified"),
            &bob_token,
        )
        .await;
    assert_eq!(read.status, 200);
    let post = &read.body["data"];
    assert_eq!(post["author_id"], alice.as_str());
    assert_eq!(post["conversation_id"], id.as_str());
    assert!(post["created_at"].as_str().unwrap().ends_with(".000Z"));
    assert_eq!(post["public_metrics"]["like_count"], 0);
    assert_eq!(
        read.body["includes"]["users"],
        json!([{ "id": alice, "name": "Alice", "username": "alice", "verified": false }])
    );

    // Only the author deletes.
    let refused = h.delete(&format!("/2/tweets/{id}"), &bob_token).await;
    assert_eq!(refused.status, 403);
    let deleted = h.delete(&format!("/2/tweets/{id}"), &token).await;
    assert_eq!(deleted.body, json!({ "data": { "deleted": true } }));
    let gone = h.get(&format!("/2/tweets/{id}"), &token).await;
    // X answers a missing post with a 200 that has only `errors`.
    assert_eq!(gone.status, 200);
    assert_eq!(
        gone.header("content-type"),
        "application/json; charset=utf-8"
    );
    assert_eq!(
        gone.body["errors"][0]["type"],
        "https://api.x.com/2/problems/resource-not-found"
    );
    assert_eq!(
        gone.body["errors"][0]["detail"],
        format!("Could not find tweet with id: [{id}].")
    );
}

#[tokio::test]
async fn a_duplicate_post_gets_the_documented_403() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    h.tweet(&token, "same words").await;

    let duplicate = h
        .post("/2/tweets", &token, json!({ "text": "same words" }))
        .await;
    assert_eq!(duplicate.status, 403);
    assert_eq!(
        duplicate.body,
        json!({
            "detail": "You are not allowed to create a Tweet with duplicate content.",
            "type": "about:blank",
            "title": "Forbidden",
            "status": 403
        })
    );
    // Another text in between makes it new again.
    h.tweet(&token, "other words").await;
    h.tweet(&token, "same words").await;
}

// Links become t.co links, kept as posted in `entities.urls[].expanded_url`; a post with
// media ends with a t.co link to it, with its `media_key` (the data dictionary's example).
#[tokio::test]
async fn links_and_media_are_served_as_t_co_links() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    let text = "Read https://example.com/budget-2027, then http://example.org.";
    let created = h.post("/2/tweets", &token, json!({ "text": text })).await;
    let id = created.body["data"]["id"].as_str().unwrap().to_owned();
    let served = created.body["data"]["text"].as_str().unwrap().to_owned();
    assert!(!served.contains("example"), "{served}");
    assert_eq!(h.x.state().lock().post_text(&id), Some(text));

    let read = h
        .get(&format!("/2/tweets/{id}?tweet.fields=entities"), &token)
        .await;
    assert_eq!(read.body["data"]["text"], served.as_str());
    let urls = read.body["data"]["entities"]["urls"].as_array().unwrap();
    assert_eq!(urls.len(), 2);
    let mut rebuilt = served.clone();
    for (url, expanded) in urls
        .iter()
        .zip(["https://example.com/budget-2027", "http://example.org"])
    {
        let link = url["url"].as_str().unwrap();
        assert!(link.starts_with("https://t.co/"), "{link}");
        assert_eq!(url["expanded_url"], expanded);
        let (start, end) = (url["start"].as_u64().unwrap(), url["end"].as_u64().unwrap());
        let at: String = served
            .chars()
            .skip(start as usize)
            .take((end - start) as usize)
            .collect();
        assert_eq!(at, link);
        rebuilt = rebuilt.replace(link, expanded);
    }
    assert_eq!(rebuilt, text);

    let init = h
        .post(
            "/2/media/upload/initialize",
            &token,
            json!({ "media_type": "image/png", "total_bytes": 3 }),
        )
        .await;
    let media = init.body["data"]["id"].as_str().unwrap().to_owned();
    let path = format!("/2/media/upload/{media}/append");
    h.send("POST", &path, Auth::Bearer(&token), Some(chunk(0, b"abc")))
        .await;
    let path = format!("/2/media/upload/{media}/finalize");
    h.send("POST", &path, Auth::Bearer(&token), None).await;
    let body = json!({ "text": "Our chart", "media": { "media_ids": [media] } });
    let created = h.post("/2/tweets", &token, body).await;
    let id = created.body["data"]["id"].as_str().unwrap().to_owned();
    let read = h
        .get(&format!("/2/tweets/{id}?tweet.fields=entities"), &token)
        .await;
    let served = read.body["data"]["text"].as_str().unwrap();
    let link = &read.body["data"]["entities"]["urls"][0];
    assert_eq!(
        served,
        format!("Our chart {}", link["url"].as_str().unwrap())
    );
    assert_eq!(link["media_key"], format!("3_{media}"));
    assert_eq!(
        link["expanded_url"],
        format!("https://x.com/alice/status/{id}/photo/1")
    );
}

// A user's timeline reaches only the 3,200 most recent posts (timelines integration guide).
#[tokio::test]
async fn a_user_timeline_ends_after_3200_posts() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    {
        let state = h.x.state();
        let mut state = state.lock();
        for i in 0..3_250 {
            state.post_as(&alice, &format!("post {i}"));
        }
    }
    let mut served = 0;
    let mut next: Option<String> = None;
    loop {
        let mut path = format!("/2/users/{alice}/tweets?max_results=100");
        if let Some(token) = &next {
            path.push_str(&format!("&pagination_token={token}"));
        }
        let page = h.get(&path, &token).await;
        served += texts(&page).len();
        match page.body["meta"]["next_token"].as_str() {
            Some(token) => next = Some(token.to_owned()),
            None => break,
        }
    }
    assert_eq!(served, 3_200);
}

#[tokio::test]
async fn create_validates_the_body() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    let original = h.tweet(&token, "original").await;

    let reply = h
        .post(
            "/2/tweets",
            &token,
            json!({ "text": "re", "reply": { "in_reply_to_tweet_id": original } }),
        )
        .await;
    assert_eq!(reply.status, 201);
    let reply_id = reply.body["data"]["id"].as_str().unwrap();
    let read = h
        .get(
            &format!("/2/tweets/{reply_id}?tweet.fields=in_reply_to_user_id,referenced_tweets,conversation_id"),
            &token,
        )
        .await;
    assert_eq!(read.body["data"]["in_reply_to_user_id"], alice.as_str());
    assert_eq!(read.body["data"]["conversation_id"], original.as_str());
    assert_eq!(
        read.body["data"]["referenced_tweets"],
        json!([{ "type": "replied_to", "id": original }])
    );

    for body in [
        json!({ "text": "x", "reply": { "in_reply_to_tweet_id": "1" } }),
        json!({ "text": "x", "quote_tweet_id": original, "poll": { "options": ["a", "b"], "duration_minutes": 60 } }),
        json!({ "text": "x", "poll": { "options": ["only one"], "duration_minutes": 60 } }),
        json!({ "text": "x", "media": { "media_ids": ["1880000000000000999"] } }),
        json!({ "text": "x", "reply_settings": "everyone" }),
        json!({ "text": "x", "tweet.fields": "id" }),
        json!({}),
    ] {
        let refused = h.post("/2/tweets", &token, body.clone()).await;
        assert_eq!(refused.status, 400, "{body}");
        assert_eq!(refused.body["type"], INVALID_REQUEST, "{body}");
        assert!(refused.body["errors"][0]["message"].is_string());
    }
}

#[tokio::test]
async fn follows_page_with_next_token() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    let mut targets = Vec::new();
    for i in 0..5 {
        let user = h.x.add_user(&format!("user{i}"), &format!("User {i}"));
        let followed = h
            .post(
                &format!("/2/users/{alice}/following"),
                &token,
                json!({ "target_user_id": user }),
            )
            .await;
        assert_eq!(
            followed.body,
            json!({ "data": { "following": true, "pending_follow": false } })
        );
        targets.push(user);
    }
    // Acting for someone else is refused.
    let other = h
        .post(
            &format!("/2/users/{}/following", targets[0]),
            &token,
            json!({ "target_user_id": alice }),
        )
        .await;
    assert_eq!(other.status, 403);

    let mut seen = Vec::new();
    let mut query = String::from("max_results=2");
    for expected in [2, 2, 1] {
        let page = h
            .get(
                &format!("/2/users/{alice}/following?{query}&user.fields=public_metrics"),
                &token,
            )
            .await;
        assert_eq!(page.status, 200);
        assert_eq!(page.body["meta"]["result_count"], expected);
        for user in page.body["data"].as_array().unwrap() {
            assert_eq!(user["public_metrics"]["followers_count"], 1);
            seen.push(user["id"].as_str().unwrap().to_owned());
        }
        match page.body["meta"]["next_token"].as_str() {
            Some(next) => query = format!("max_results=2&pagination_token={next}"),
            None => assert_eq!(expected, 1),
        }
    }
    // Newest follow first.
    targets.reverse();
    assert_eq!(seen, targets);

    let followers = h
        .get(&format!("/2/users/{}/followers", targets[0]), &token)
        .await;
    assert_eq!(followers.body["data"][0]["username"], "alice");
    let me = h
        .get("/2/users/me?user.fields=public_metrics", &token)
        .await;
    assert_eq!(me.body["data"]["public_metrics"]["following_count"], 5);

    let unfollowed = h
        .delete(
            &format!("/2/users/{alice}/following/{}", targets[0]),
            &token,
        )
        .await;
    assert_eq!(unfollowed.body, json!({ "data": { "following": false } }));
    assert!(!h.x.state().lock().is_following(&alice, &targets[0]));
}

#[tokio::test]
async fn max_results_out_of_range_is_the_documented_400() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);

    let refused = h
        .get(&format!("/2/users/{alice}/tweets?max_results=3"), &token)
        .await;
    assert_eq!(refused.status, 400);
    assert_eq!(
        refused.body,
        json!({
            "errors": [{
                "parameters": { "max_results": ["3"] },
                "message": "The `max_results` query parameter value [3] is not between 5 and 100"
            }],
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": INVALID_REQUEST
        })
    );
    for path in [
        format!("/2/users/{alice}/following?max_results=1001"),
        format!("/2/users/{alice}/following?max_results=0"),
        "/2/tweets/search/recent?query=a&max_results=9".to_owned(),
        format!("/2/users/{alice}/timelines/reverse_chronological?max_results=101"),
    ] {
        assert_eq!(h.get(&path, &token).await.status, 400, "{path}");
    }
    let bad_id = h.get("/2/users/abc", &token).await;
    assert_eq!(bad_id.status, 400);
    assert_eq!(bad_id.body["errors"][0]["parameters"]["id"], json!(["abc"]));
}

#[tokio::test]
async fn the_home_timeline_shows_followed_users_newest_first() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let carol = h.x.add_user("carol", "Carol");
    h.x.follow(&alice, &bob);
    let token = h.x.user_token(&alice);
    h.x.post_as(&bob, "bob 1");
    h.x.post_as(&carol, "carol 1");
    h.x.post_as(&alice, "alice 1");
    let newest = h.x.post_as(&bob, "bob 2");

    let path = format!("/2/users/{alice}/timelines/reverse_chronological");
    let home = h.get(&path, &token).await;
    assert_eq!(texts(&home), ["bob 2", "alice 1", "bob 1"]);
    assert_eq!(home.body["meta"]["result_count"], 3);
    assert_eq!(home.body["meta"]["newest_id"], newest.as_str());
    assert!(home.body["meta"].get("next_token").is_none());

    // Paging, then since_id.
    let first = h.get(&format!("{path}?max_results=2"), &token).await;
    assert_eq!(texts(&first), ["bob 2", "alice 1"]);
    let next = first.body["meta"]["next_token"].as_str().unwrap();
    let second = h
        .get(
            &format!("{path}?max_results=2&pagination_token={next}"),
            &token,
        )
        .await;
    assert_eq!(texts(&second), ["bob 1"]);
    let empty = h.get(&format!("{path}?since_id={newest}"), &token).await;
    assert_eq!(empty.body, json!({ "meta": { "result_count": 0 } }));

    // Someone else's home timeline, or with an app token: refused.
    let bob_token = h.x.user_token(&bob);
    assert_eq!(h.get(&path, &bob_token).await.status, 403);
    let app = h.get(&path, &h.x.app_token()).await;
    assert_eq!(app.status, 403);
    assert_eq!(
        app.body["type"],
        "https://api.twitter.com/2/problems/unsupported-authentication"
    );

    // The user timeline and its time filter.
    let bobs = h.get(&format!("/2/users/{bob}/tweets"), &token).await;
    assert_eq!(texts(&bobs), ["bob 2", "bob 1"]);
    let future = h
        .get(
            &format!("/2/users/{bob}/tweets?start_time=2999-01-01T00:00:00Z"),
            &token,
        )
        .await;
    assert_eq!(future.body["meta"]["result_count"], 0);
}

#[tokio::test]
async fn mentions_match_the_username_case_insensitively() {
    let h = Harness::new().await;
    let alice = h.x.add_user("Alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let token = h.x.user_token(&alice);
    h.x.post_as(&bob, "hi @alice!");
    h.x.post_as(&bob, "hi @alicex, not you");
    h.x.post_as(&bob, "email alice@example.com");
    h.x.post_as(&bob, "cc @ALICE and @bob");

    let mentions = h
        .get(
            &format!("/2/users/{alice}/mentions?tweet.fields=entities&expansions=author_id"),
            &token,
        )
        .await;
    assert_eq!(texts(&mentions), ["cc @ALICE and @bob", "hi @alice!"]);
    assert_eq!(
        mentions.body["data"][0]["entities"]["mentions"][0],
        json!({ "start": 3, "end": 9, "username": "Alice", "id": alice })
    );
    assert_eq!(mentions.body["includes"]["users"][0]["username"], "bob");
}

#[tokio::test]
async fn recent_search_matches_terms_and_pages_with_next_token() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let token = h.x.app_token();
    for i in 0..12 {
        h.x.post_as(&alice, &format!("Rust news {i}"));
    }
    h.x.post_as(&bob, "rust from bob");

    let first = h
        .get("/2/tweets/search/recent?query=rust%20from:alice", &token)
        .await;
    assert_eq!(first.body["meta"]["result_count"], 10);
    assert_eq!(texts(&first)[0], "Rust news 11");
    let next = first.body["meta"]["next_token"].as_str().unwrap();
    let second = h
        .get(
            &format!("/2/tweets/search/recent?query=rust%20from:alice&next_token={next}"),
            &token,
        )
        .await;
    assert_eq!(texts(&second), ["Rust news 1", "Rust news 0"]);
    let missing = h.get("/2/tweets/search/recent", &token).await;
    assert_eq!(missing.status, 400);
}

#[tokio::test]
async fn lookups_by_ids_carry_partial_errors() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.app_token();
    let post = h.x.post_as(&alice, "Hello");

    let found = h.get(&format!("/2/tweets?ids={post},456"), &token).await;
    assert_eq!(found.status, 200);
    assert_eq!(
        found.body,
        json!({
            "data": [{ "id": post, "text": "Hello", "edit_history_tweet_ids": [post] }],
            "errors": [{
                "value": "456",
                "parameter": "id",
                "resource_id": "456",
                "resource_type": "tweet",
                "title": "Not Found Error",
                "detail": "Could not find tweet with id: [456].",
                "type": "https://api.x.com/2/problems/resource-not-found"
            }]
        })
    );
    let users = h.get("/2/users/by?usernames=ALICE,nobody", &token).await;
    assert_eq!(users.body["data"][0]["id"], alice.as_str());
    assert_eq!(users.body["errors"][0]["resource_id"], "nobody");
    let by_name = h.get("/2/users/by/username/alice", &token).await;
    assert_eq!(
        by_name.body,
        json!({ "data": { "id": alice, "name": "Alice", "username": "alice" } })
    );
    let by_ids = h.get(&format!("/2/users?ids={alice}"), &token).await;
    assert_eq!(by_ids.body["data"][0]["username"], "alice");
    let missing = h.get("/2/users/1", &token).await;
    assert_eq!(missing.status, 200);
    assert_eq!(missing.body["errors"][0]["resource_id"], "1");
}

#[tokio::test]
async fn likes_and_retweets_update_the_metrics() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let token = h.x.user_token(&bob);
    let post = h.x.post_as(&alice, "like me");

    let liked = h
        .post(
            &format!("/2/users/{bob}/likes"),
            &token,
            json!({ "tweet_id": post }),
        )
        .await;
    assert_eq!(liked.body, json!({ "data": { "liked": true } }));
    let retweeted = h
        .post(
            &format!("/2/users/{bob}/retweets"),
            &token,
            json!({ "tweet_id": post }),
        )
        .await;
    assert_eq!(retweeted.body["data"]["retweeted"], true);
    let rest_id = retweeted.body["data"]["rest_id"].as_str().unwrap();
    assert_eq!(
        h.x.state().lock().post_text(rest_id),
        Some("RT @alice: like me")
    );

    let read = h
        .get(
            &format!("/2/tweets/{post}?tweet.fields=public_metrics"),
            &token,
        )
        .await;
    assert_eq!(read.body["data"]["public_metrics"]["like_count"], 1);
    assert_eq!(read.body["data"]["public_metrics"]["retweet_count"], 1);
    let liking = h
        .get(&format!("/2/tweets/{post}/liking_users"), &token)
        .await;
    assert_eq!(liking.body["data"][0]["username"], "bob");
    let by = h
        .get(&format!("/2/tweets/{post}/retweeted_by"), &token)
        .await;
    assert_eq!(by.body["data"][0]["username"], "bob");
    let liked_tweets = h.get(&format!("/2/users/{bob}/liked_tweets"), &token).await;
    assert_eq!(texts(&liked_tweets), ["like me"]);

    let unliked = h
        .delete(&format!("/2/users/{bob}/likes/{post}"), &token)
        .await;
    assert_eq!(unliked.body, json!({ "data": { "liked": false } }));
    let unretweeted = h
        .delete(&format!("/2/users/{bob}/retweets/{post}"), &token)
        .await;
    assert_eq!(unretweeted.body, json!({ "data": { "retweeted": false } }));
    let read = h
        .get(
            &format!("/2/tweets/{post}?tweet.fields=public_metrics"),
            &token,
        )
        .await;
    assert_eq!(read.body["data"]["public_metrics"]["like_count"], 0);
    assert_eq!(read.body["data"]["public_metrics"]["retweet_count"], 0);
}

#[tokio::test]
async fn tokens_decide_the_auth_mode() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    let app = h.x.app_token();

    let anonymous = h.send("GET", "/2/users/me", Auth::None, None).await;
    assert_eq!(anonymous.status, 401);
    assert_eq!(
        anonymous.body,
        json!({ "title": "Unauthorized", "type": "about:blank", "status": 401, "detail": "Unauthorized" })
    );
    assert_eq!(h.get("/2/users/me", "not-a-token").await.status, 401);

    let write = h
        .post("/2/tweets", &app, json!({ "text": "as the app" }))
        .await;
    assert_eq!(write.status, 403);
    assert_eq!(
        write.body,
        json!({
            "title": "Unsupported Authentication",
            "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
            "type": "https://api.twitter.com/2/problems/unsupported-authentication",
            "status": 403
        })
    );
    assert_eq!(h.get("/2/users/me", &app).await.status, 403);
    assert_eq!(h.get(&format!("/2/users/{alice}"), &app).await.status, 200);

    // OAuth 1.0a: the oauth_token is the user's token; the signature is not checked.
    let oauth1 = format!(
        r#"OAuth oauth_consumer_key="ck", oauth_nonce="n", oauth_signature="sig%3D", oauth_signature_method="HMAC-SHA1", oauth_timestamp="1", oauth_token="{token}", oauth_version="1.0""#
    );
    let body = ("application/json", br#"{"text":"signed"}"#.to_vec());
    let created = h
        .send("POST", "/2/tweets", Auth::Raw(oauth1), Some(body))
        .await;
    assert_eq!(created.status, 201);
    let app_oauth1 = format!(r#"OAuth oauth_token="{app}""#);
    assert_eq!(
        h.send("GET", "/2/users/me", Auth::Raw(app_oauth1), None)
            .await
            .status,
        401
    );
}

/// RFC 7636 appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[tokio::test]
async fn refresh_tokens_rotate_and_reuse_kills_the_family() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let code =
        h.x.authorization_code(&alice, CHALLENGE, "tweet.read users.read offline.access");

    let exchanged = h
        .form(
            "/2/oauth2/token",
            Auth::None,
            &format!("grant_type=authorization_code&code={code}&redirect_uri=http%3A%2F%2F127.0.0.1%2Fcb&code_verifier={VERIFIER}&client_id=app"),
        )
        .await;
    assert_eq!(exchanged.status, 200, "{}", exchanged.body);
    assert_eq!(exchanged.body["token_type"], "bearer");
    assert_eq!(exchanged.body["expires_in"], 7200);
    assert_eq!(
        exchanged.body["scope"],
        "tweet.read users.read offline.access"
    );
    let access = exchanged.body["access_token"].as_str().unwrap().to_owned();
    let old_refresh = exchanged.body["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        h.get("/2/users/me", &access).await.body["data"]["id"],
        alice.as_str()
    );

    // Confidential clients authenticate with Basic.
    let basic = Auth::Raw("Basic YXBwOnNlY3JldA==".into());
    let refresh = |token: &str| format!("grant_type=refresh_token&refresh_token={token}");
    let rotated = h
        .form("/2/oauth2/token", basic, &refresh(&old_refresh))
        .await;
    assert_eq!(rotated.status, 200);
    let new_access = rotated.body["access_token"].as_str().unwrap().to_owned();
    let new_refresh = rotated.body["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, old_refresh);
    assert_eq!(h.get("/2/users/me", &new_access).await.status, 200);

    let invalid = json!({
        "error": "invalid_request",
        "error_description": "Value passed for the token was invalid."
    });
    let form = refresh(&old_refresh) + "&client_id=app";
    let reused = h.form("/2/oauth2/token", Auth::None, &form).await;
    assert_eq!(reused.status, 400);
    assert_eq!(reused.body, invalid);
    // The whole family is gone: the newest refresh token and every access token.
    let form = refresh(&new_refresh) + "&client_id=app";
    let after = h.form("/2/oauth2/token", Auth::None, &form).await;
    assert_eq!(after.body, invalid);
    assert_eq!(h.get("/2/users/me", &new_access).await.status, 401);
    assert_eq!(h.get("/2/users/me", &access).await.status, 401);
    assert_eq!(h.x.token_requests(), 4);
}

#[tokio::test]
async fn code_exchange_checks_pkce_and_expiry() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let exchange = |code: String, verifier: &str| {
        format!("grant_type=authorization_code&code={code}&code_verifier={verifier}&client_id=app")
    };
    let invalid_code = json!({
        "error": "invalid_request",
        "error_description": "Value passed for the authorization code was invalid."
    });

    let code = h.x.authorization_code(&alice, CHALLENGE, "tweet.read");
    let mismatch = h
        .form(
            "/2/oauth2/token",
            Auth::None,
            &exchange(code.clone(), "wrong-verifier"),
        )
        .await;
    assert_eq!(mismatch.status, 400);
    assert_eq!(mismatch.body, invalid_code);
    // A code is single use, even after a failed attempt.
    let again = h
        .form("/2/oauth2/token", Auth::None, &exchange(code, VERIFIER))
        .await;
    assert_eq!(again.body, invalid_code);

    // Without offline.access there is no refresh token; an access token expires in 2 h.
    let code = h.x.authorization_code(&alice, CHALLENGE, "tweet.read");
    let ok = h
        .form("/2/oauth2/token", Auth::None, &exchange(code, VERIFIER))
        .await;
    assert!(ok.body.get("refresh_token").is_none());
    let access = ok.body["access_token"].as_str().unwrap();
    h.x.state().lock().advance(7200);
    assert_eq!(h.get("/2/users/me", access).await.status, 401);

    // No client identification at all.
    let code = h.x.authorization_code(&alice, CHALLENGE, "tweet.read");
    let form = format!("grant_type=authorization_code&code={code}&code_verifier={VERIFIER}");
    assert_eq!(
        h.form("/2/oauth2/token", Auth::None, &form).await.status,
        401
    );
}

#[tokio::test]
async fn app_only_tokens_come_from_client_credentials_and_revoke_works() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let basic = || Auth::Raw("Basic a2V5OnNlY3JldA==".into());
    let issued = h
        .form("/oauth2/token", basic(), "grant_type=client_credentials")
        .await;
    assert_eq!(
        issued.body,
        json!({ "token_type": "bearer", "access_token": h.x.app_token() })
    );
    let refused = h
        .form("/oauth2/token", Auth::None, "grant_type=client_credentials")
        .await;
    assert_eq!(refused.status, 403);

    let token = h.x.user_token(&alice);
    let revoked = h
        .form("/2/oauth2/revoke", basic(), &format!("token={token}"))
        .await;
    assert_eq!(revoked.body, json!({ "revoked": true }));
    assert_eq!(h.get("/2/users/me", &token).await.status, 401);
}

#[tokio::test]
async fn rate_limits_count_down_to_429_and_reset() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    h.x.set_rate_limit("GET /2/users/:id/following", 3);
    h.x.state().lock().set_now(1_705_420_000);
    let path = format!("/2/users/{alice}/following");

    for remaining in ["2", "1", "0"] {
        let reply = h.get(&path, &token).await;
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("x-rate-limit-limit"), "3");
        assert_eq!(reply.header("x-rate-limit-remaining"), remaining);
        assert_eq!(reply.header("x-rate-limit-reset"), "1705420900");
    }
    let limited = h.get(&path, &token).await;
    assert_eq!(limited.status, 429);
    assert_eq!(limited.header("x-rate-limit-remaining"), "0");
    assert_eq!(
        limited.body,
        json!({ "title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests" })
    );
    // Per token and per route.
    let other = h.x.user_token(&alice);
    assert_eq!(h.get(&path, &other).await.status, 200);
    let followers = h.get(&format!("/2/users/{alice}/followers"), &token).await;
    assert_eq!(followers.header("x-rate-limit-limit"), "300");

    h.x.state().lock().advance(15 * 60);
    let reset = h.get(&path, &token).await;
    assert_eq!(reset.status, 200);
    assert_eq!(reset.header("x-rate-limit-remaining"), "2");

    // Posting also reports the 24-hour windows.
    let created = h.post("/2/tweets", &token, json!({ "text": "hi" })).await;
    assert_eq!(created.header("x-rate-limit-limit"), "100");
    assert_eq!(created.header("x-user-limit-24hour-remaining"), "2399");
    assert_eq!(created.header("x-app-limit-24hour-limit"), "10000");
    h.x.state().lock().set_daily_post_limits(10_000, 1);
    let one = h.post("/2/tweets", &token, json!({ "text": "one" })).await;
    assert_eq!(one.status, 201, "the one post the 24-hour window allows");
    let capped = h.post("/2/tweets", &token, json!({ "text": "two" })).await;
    assert_eq!(capped.status, 429);
    assert_eq!(capped.header("x-user-limit-24hour-remaining"), "0");
}

/// A multipart body with `segment_index` and `media`.
fn chunk(index: u32, bytes: &[u8]) -> (&'static str, Vec<u8>) {
    let mut body = format!(
        "--BOUNDARY\r\nContent-Disposition: form-data; name=\"segment_index\"\r\n\r\n{index}\r\n--BOUNDARY\r\nContent-Disposition: form-data; name=\"media\"; filename=\"blob\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(b"\r\n--BOUNDARY--\r\n");
    ("multipart/form-data; boundary=BOUNDARY", body)
}

#[tokio::test]
async fn chunked_video_upload_with_status_polling() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);

    let init = h
        .post(
            "/2/media/upload/initialize",
            &token,
            json!({ "media_type": "video/mp4", "total_bytes": 10, "media_category": "tweet_video" }),
        )
        .await;
    assert_eq!(init.status, 200);
    let id = init.body["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(init.body["data"]["media_key"], format!("7_{id}"));
    assert!(init.body["data"]["expires_after_secs"].is_u64());

    let append = |index, bytes: &'static [u8]| {
        let path = format!("/2/media/upload/{id}/append");
        let token = token.clone();
        let h = &h;
        async move {
            h.send(
                "POST",
                &path,
                Auth::Bearer(&token),
                Some(chunk(index, bytes)),
            )
            .await
        }
    };
    let first = append(0, b"\x00\x01\r\n\x04\x05").await;
    assert_eq!(first.status, 200);
    assert!(first.body["data"]["expires_at"].is_u64());
    // Too few bytes yet.
    let early = h
        .send(
            "POST",
            &format!("/2/media/upload/{id}/finalize"),
            Auth::Bearer(&token),
            None,
        )
        .await;
    assert_eq!(early.status, 400);
    append(1, b"6789").await;

    let finalized = h
        .send(
            "POST",
            &format!("/2/media/upload/{id}/finalize"),
            Auth::Bearer(&token),
            None,
        )
        .await;
    assert_eq!(finalized.body["data"]["size"], 10);
    assert_eq!(
        finalized.body["data"]["processing_info"],
        json!({ "state": "pending", "check_after_secs": 1 })
    );
    // Not processed yet: not attachable.
    let body = json!({ "text": "video", "media": { "media_ids": [id] } });
    assert_eq!(h.post("/2/tweets", &token, body.clone()).await.status, 400);

    let status_path = format!("/2/media/upload?command=STATUS&media_id={id}");
    let polled = h.get(&status_path, &token).await;
    assert_eq!(
        polled.body["data"]["processing_info"]["state"],
        "in_progress"
    );
    assert_eq!(
        polled.body["data"]["processing_info"]["progress_percent"],
        50
    );
    let done = h.get(&status_path, &token).await;
    assert_eq!(
        done.body["data"]["processing_info"],
        json!({ "state": "succeeded", "progress_percent": 100 })
    );

    let alt = h
        .post(
            "/2/media/metadata",
            &token,
            json!({ "id": id, "metadata": { "alt_text": { "text": "a cat" } } }),
        )
        .await;
    assert_eq!(alt.status, 200);
    assert_eq!(h.x.state().lock().media_alt_text(&id), Some("a cat"));

    let created = h.post("/2/tweets", &token, body).await;
    assert_eq!(created.status, 201);
    let post = created.body["data"]["id"].as_str().unwrap();
    let read = h
        .get(
            &format!("/2/tweets/{post}?tweet.fields=attachments&expansions=attachments.media_keys&media.fields=alt_text"),
            &token,
        )
        .await;
    assert_eq!(
        read.body["data"]["attachments"]["media_keys"],
        json!([format!("7_{id}")])
    );
    assert_eq!(
        read.body["includes"]["media"],
        json!([{ "media_key": format!("7_{id}"), "type": "video", "alt_text": "a cat" }])
    );
    // The app cannot upload.
    let app = h
        .post(
            "/2/media/upload/initialize",
            &h.x.app_token(),
            json!({ "media_type": "image/png", "total_bytes": 1 }),
        )
        .await;
    assert_eq!(app.status, 403);
}

#[tokio::test]
async fn images_are_ready_at_finalize_and_processing_can_fail() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    h.x.state().lock().set_media_processing(1, false);
    let upload = |media_type: &'static str| {
        let h = &h;
        let token = token.clone();
        async move {
            let init = h
                .post(
                    "/2/media/upload/initialize",
                    &token,
                    json!({ "media_type": media_type, "total_bytes": 3 }),
                )
                .await;
            let id = init.body["data"]["id"].as_str().unwrap().to_owned();
            let path = format!("/2/media/upload/{id}/append");
            h.send("POST", &path, Auth::Bearer(&token), Some(chunk(0, b"abc")))
                .await;
            let path = format!("/2/media/upload/{id}/finalize");
            (id, h.send("POST", &path, Auth::Bearer(&token), None).await)
        }
    };
    let (image, finalized) = upload("image/png").await;
    assert!(finalized.body["data"].get("processing_info").is_none());
    assert_eq!(finalized.body["data"]["media_key"], format!("3_{image}"));
    let body = json!({ "media": { "media_ids": [image] } });
    assert_eq!(h.post("/2/tweets", &token, body).await.status, 201);

    let (gif, _) = upload("image/gif").await;
    let failed = h
        .get(
            &format!("/2/media/upload?command=STATUS&media_id={gif}"),
            &token,
        )
        .await;
    assert_eq!(failed.body["data"]["processing_info"]["state"], "failed");
    let body = json!({ "media": { "media_ids": [gif] } });
    assert_eq!(h.post("/2/tweets", &token, body).await.status, 400);
}

#[tokio::test]
async fn injected_faults_come_first_and_the_sandbox_prefix_is_stripped() {
    let h = Harness::under("/x").await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);

    h.server.inject_on(
        "GET",
        "/x/2/users/me",
        Fault::json(503, &json!({ "title": "Service Unavailable" })),
        1,
    );
    assert_eq!(h.get("/x/2/users/me", &token).await.status, 503);
    let me = h.get("/x/2/users/me", &token).await;
    assert_eq!(me.body["data"]["username"], "alice");
    assert_eq!(h.get("/2/users/me", &token).await.status, 404);
}

// Issue 9 case 9: the fake's comments cite X's documentation or public reports, never private
// notes by section number nor a folder of the machine they were written on (the patterns are
// spelled in pieces, so that this file would not match itself).
#[test]
fn case9_the_fakes_comments_cite_public_sources() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/x");
    let mut found = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        for (i, line) in text.lines().enumerate() {
            let section = line.char_indices().any(|(j, c)| {
                c == '\u{a7}' && line[j + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
            });
            let machine = [
                ["/wo", "rk/"],
                ["/sha", "red/"],
                ["../sha", "red"],
                ["of our ", "notes"],
            ]
            .iter()
            .any(|p| line.contains(&p.concat()));
            if section || machine {
                found.push(format!("{}:{}: {}", path.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(found.is_empty(), "private citations:\n{}", found.join("\n"));
}
