//! The X fake answers as X does (issue 13): missing objects as a 200 with `errors`, the 429
//! forms and error content types, unknown parameters and values refused from the allow-lists
//! generated from X's OpenAPI file, the documented fields, and renders that do not grow with the
//! state. Each test is named after the item it pins; each cites the page it follows.

use serde_json::{Value, json};
use social_testkit::FakeServer;
use social_testkit::x::{XFake, XRateLimitBody};

/// A status, the content type and the body (JSON, or the text as a JSON string).
struct Reply {
    status: u16,
    content_type: String,
    headers: reqwest::header::HeaderMap,
    body: Value,
}

struct Harness {
    x: XFake,
    server: FakeServer,
    client: reqwest::Client,
}

impl Harness {
    async fn new() -> Self {
        let x = XFake::default();
        let server = FakeServer::start(()).await;
        server.mount("", &x).await;
        Harness {
            x,
            server,
            client: reqwest::Client::new(),
        }
    }

    async fn send(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: Option<Value>,
    ) -> Reply {
        let mut request = self
            .client
            .request(method, format!("{}{path}", self.server.uri()))
            .bearer_auth(token);
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body.to_string());
        }
        let response = request.send().await.expect("the fake answers");
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let content_type = headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Reply {
            status,
            content_type,
            headers,
            body,
        }
    }

    async fn get(&self, path: &str, token: &str) -> Reply {
        self.send(reqwest::Method::GET, path, token, None).await
    }

    async fn post(&self, path: &str, token: &str, body: Value) -> Reply {
        self.send(reqwest::Method::POST, path, token, Some(body))
            .await
    }

    async fn delete(&self, path: &str, token: &str) -> Reply {
        self.send(reqwest::Method::DELETE, path, token, None).await
    }
}

const NOT_FOUND: &str = "https://api.x.com/2/problems/resource-not-found";

// ----- item 1: not-found is not a 404 (https://docs.x.com/x-api/fundamentals/response-codes-and-errors)

#[tokio::test]
async fn item1_missing_post_is_200_with_errors() {
    let h = Harness::new().await;
    let token = h.x.app_token();
    let reply = h.get("/2/tweets/1234567890", &token).await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.body,
        json!({ "errors": [{
            "value": "1234567890",
            "detail": "Could not find tweet with id: [1234567890].",
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "id",
            "resource_id": "1234567890",
            "type": NOT_FOUND,
        }]})
    );
    let user = h.get("/2/users/42", &token).await;
    assert_eq!(user.status, 200);
    assert_eq!(user.body["errors"][0]["resource_type"], "user");
    assert!(user.body.get("data").is_none());
    // Reads about a missing user answer the same way.
    for path in [
        "/2/users/42/followers",
        "/2/users/42/tweets",
        "/2/users/by/username/nobody",
    ] {
        let reply = h.get(path, &token).await;
        assert_eq!(reply.status, 200, "{path}");
        assert_eq!(reply.body["errors"][0]["type"], NOT_FOUND, "{path}");
        assert!(reply.body.get("data").is_none(), "{path}");
    }
}

#[tokio::test]
async fn item1_batch_lookups_split_found_and_missing() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let post = h.x.post_as(&alice, "hello");
    let token = h.x.app_token();
    let reply = h.get(&format!("/2/tweets?ids={post},77,88"), &token).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"].as_array().unwrap().len(), 1);
    let missing: Vec<&str> = reply.body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["value"].as_str().unwrap())
        .collect();
    assert_eq!(missing, ["77", "88"]);
    let users = h.get(&format!("/2/users?ids={alice},99"), &token).await;
    assert_eq!(users.body["data"][0]["id"], alice.as_str());
    assert_eq!(users.body["errors"][0]["parameter"], "ids");
    assert_eq!(users.body["errors"][0]["value"], "99");
}

#[tokio::test]
async fn item1_a_quote_of_a_deleted_post_carries_a_partial_error() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let (alice_token, bob_token) = (h.x.user_token(&alice), h.x.user_token(&bob));
    let original = h.x.post_as(&alice, "original");
    let quote = h
        .post(
            "/2/tweets",
            &bob_token,
            json!({ "text": "look", "quote_tweet_id": original }),
        )
        .await;
    let quote = quote.body["data"]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        h.delete(&format!("/2/tweets/{original}"), &alice_token)
            .await
            .status,
        200
    );

    let reply = h
        .get(
            &format!(
                "/2/tweets/{quote}?tweet.fields=referenced_tweets&expansions=referenced_tweets.id"
            ),
            &bob_token,
        )
        .await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["data"]["id"], quote.as_str());
    assert_eq!(
        reply.body["data"]["referenced_tweets"],
        json!([{ "type": "quoted", "id": original }])
    );
    assert!(reply.body.get("includes").is_none());
    assert_eq!(
        reply.body["errors"],
        json!([{
            "value": original,
            "detail": format!("Could not find tweet with referenced_tweets.id: [{original}]."),
            "title": "Not Found Error",
            "resource_type": "tweet",
            "parameter": "referenced_tweets.id",
            "resource_id": original,
            "type": NOT_FOUND,
        }])
    );
}

#[tokio::test]
async fn item1_every_partial_error_has_parameter_and_value() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    h.x.state().lock().user_mut(&alice).unwrap().pinned_tweet_id = Some("5".into());
    let token = h.x.user_token(&alice);
    for path in [
        "/2/tweets?ids=5,6".to_owned(),
        "/2/users/by?usernames=nobody".to_owned(),
        format!("/2/users/{alice}?expansions=pinned_tweet_id"),
        "/2/tweets/9/liking_users".to_owned(),
    ] {
        let reply = h.get(&path, &token).await;
        let errors = reply.body["errors"]
            .as_array()
            .unwrap_or_else(|| panic!("{path}"));
        assert!(!errors.is_empty(), "{path}");
        for error in errors {
            assert!(error["parameter"].is_string(), "{path}: {error}");
            assert!(error["value"].is_string(), "{path}: {error}");
        }
    }
}

// ----- item 2: 429 and content types (https://docs.x.com/x-api/fundamentals/rate-limits)

#[tokio::test]
async fn item2_429_is_the_documented_problem_by_default_or_plain_text() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    h.x.set_rate_limit("GET /2/users/:id", 1);
    let token = h.x.user_token(&alice);
    let path = format!("/2/users/{alice}");
    assert_eq!(h.get(&path, &token).await.status, 200);

    let json = h.get(&path, &token).await;
    assert_eq!(json.status, 429);
    assert_eq!(json.content_type, "application/json; charset=utf-8");
    assert_eq!(
        json.body,
        json!({ "title": "Too Many Requests", "type": "about:blank", "status": 429, "detail": "Too Many Requests" })
    );
    assert_eq!(json.headers["x-rate-limit-remaining"], "0");

    h.x.state()
        .lock()
        .set_rate_limit_body(XRateLimitBody::PlainText);
    let text = h.get(&path, &token).await;
    assert_eq!(text.status, 429);
    assert_eq!(text.content_type, "text/plain");
    assert_eq!(text.body, json!("Rate limit exceeded\n"));
    for header in [
        "x-rate-limit-limit",
        "x-rate-limit-remaining",
        "x-rate-limit-reset",
    ] {
        assert!(text.headers.contains_key(header), "{header}");
    }
}

#[tokio::test]
async fn item2_400_401_403_are_json_utf8() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let app = h.x.app_token();
    let bad = h
        .get("/2/tweets/search/recent?query=a&max_results=3", &app)
        .await;
    let unauthorized = h.get("/2/users/me", "nobody's token").await;
    let forbidden = h.get("/2/users/me", &app).await;
    for (reply, status) in [(bad, 400), (unauthorized, 401), (forbidden, 403)] {
        assert_eq!(reply.status, status);
        assert_eq!(reply.content_type, "application/json; charset=utf-8");
        assert!(reply.body.is_object());
    }
    let _ = alice;
}

// ----- item 3: unknown fields, expansions and parameters refused

#[tokio::test]
async fn item3_unknown_field_is_refused_naming_the_allowed_values() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.app_token();
    let reply = h
        .get(
            &format!("/2/users/{alice}?user.fields=id,wrong_field"),
            &token,
        )
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(reply.body["title"], "Invalid Request");
    assert_eq!(
        reply.body["type"],
        "https://api.twitter.com/2/problems/invalid-request"
    );
    assert_eq!(
        reply.body["detail"],
        "One or more parameters to your request was invalid."
    );
    assert_eq!(
        reply.body["errors"][0]["parameters"],
        json!({ "user.fields": ["id,wrong_field"] })
    );
    let message = reply.body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("The `user.fields` query parameter value [wrong_field] is not one of [affiliation,confirmed_email,connection_status,created_at,description,entities,id,"),
        "{message}"
    );
    assert!(message.contains(",pinned_tweet_id,"), "{message}");

    let tweet = h.x.post_as(&alice, "hi");
    let field = h
        .get(&format!("/2/tweets/{tweet}?tweet.fields=user"), &token)
        .await;
    let message = field.body["errors"][0]["message"].as_str().unwrap();
    assert!(
        message
            .starts_with("The `tweet.fields` query parameter value [user] is not one of [article,"),
        "{message}"
    );
    let expansion = h
        .get(&format!("/2/tweets/{tweet}?expansions=bogus"), &token)
        .await;
    assert_eq!(expansion.status, 400);
    assert!(
        expansion.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with(
                "The `expansions` query parameter value [bogus] is not one of [article.cover_media,"
            )
    );
    // The documented names and the spec's newer ones are both accepted.
    let ok = h
        .get(&format!("/2/tweets/{tweet}?tweet.fields=author_id,lang&post.fields=note_tweet&expansions=referenced_tweets.id,edit_history_tweet_ids"), &token)
        .await;
    assert_eq!(ok.status, 200, "{}", ok.body);
}

#[tokio::test]
async fn item3_unknown_parameter_is_refused_naming_the_allowed_ones() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let tweet = h.x.post_as(&alice, "hi");
    let token = h.x.app_token();
    let reply = h
        .get(&format!("/2/tweets/{tweet}?dummy=value"), &token)
        .await;
    assert_eq!(reply.status, 400);
    assert_eq!(
        reply.body["errors"],
        json!([{
            "parameters": { "dummy": ["value"] },
            "message": "The query parameter [dummy] is not one of [id,post.fields,expansions,user.fields,media.fields,poll.fields,place.fields]",
        }])
    );
    // A parameter of another endpoint: `since_id` is not one of the followers list's.
    let list = h
        .get(&format!("/2/users/{alice}/followers?since_id=1"), &token)
        .await;
    assert_eq!(list.status, 400);
    assert!(
        list.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .starts_with(
                "The query parameter [since_id] is not one of [id,max_results,pagination_token,"
            )
    );
}

#[tokio::test]
async fn item3_unknown_body_fields_are_refused_where_the_schema_forbids_them() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let post = h.x.post_as(&alice, "hi");
    let token = h.x.user_token(&alice);
    let like = h
        .post(
            &format!("/2/users/{alice}/likes"),
            &token,
            json!({ "tweet_id": post, "note": "x" }),
        )
        .await;
    assert_eq!(like.status, 400);
    assert_eq!(
        like.body["errors"][0]["message"],
        "$.note: is not defined in the schema and the schema does not allow additional properties"
    );
    assert_eq!(
        h.x.state().lock().render_reads(),
        0,
        "nothing was liked, nothing rendered"
    );
    let fine = h
        .post(
            &format!("/2/users/{alice}/likes"),
            &token,
            json!({ "tweet_id": post }),
        )
        .await;
    assert_eq!(fine.status, 200);
}

// ----- item 4: the documented fields (https://docs.x.com/x-api/fundamentals/data-dictionary)

#[tokio::test]
async fn item4_posts_carry_the_documented_fields() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let bob = h.x.add_user("bob", "Bob");
    let token = h.x.user_token(&bob);
    let created = h
        .post(
            "/2/tweets",
            &token,
            json!({ "text": "#Rust and $TSLA with @alice https://example.com/a", "reply_settings": "following" }),
        )
        .await;
    let id = created.body["data"]["id"].as_str().unwrap().to_owned();
    h.x.state().lock().set_post_withheld(&id, &["DE", "FR"]);
    h.x.state().lock().set_post_possibly_sensitive(&id, true);
    let reply = h
        .get(
            &format!("/2/tweets/{id}?tweet.fields=lang,source,conversation_id,entities,edit_controls,possibly_sensitive,reply_settings,withheld,referenced_tweets,attachments"),
            &token,
        )
        .await;
    let post = &reply.body["data"];
    assert_eq!(post["lang"], "en");
    assert_eq!(post["source"], "social-testkit");
    assert_eq!(post["conversation_id"], id.as_str());
    assert_eq!(post["possibly_sensitive"], true);
    assert_eq!(post["reply_settings"], "following");
    assert_eq!(
        post["withheld"],
        json!({ "copyright": false, "country_codes": ["DE", "FR"] })
    );
    assert_eq!(post["edit_controls"]["edits_remaining"], 5);
    assert_eq!(post["edit_controls"]["is_edit_eligible"], true);
    assert!(
        post["edit_controls"]["editable_until"]
            .as_str()
            .unwrap()
            .ends_with(".000Z")
    );
    let entities = &post["entities"];
    assert_eq!(
        entities["hashtags"],
        json!([{ "start": 0, "end": 5, "tag": "Rust" }])
    );
    assert_eq!(
        entities["cashtags"],
        json!([{ "start": 10, "end": 15, "tag": "TSLA" }])
    );
    assert_eq!(
        entities["mentions"],
        json!([{ "start": 21, "end": 27, "username": "alice", "id": alice }])
    );
    assert_eq!(entities["urls"][0]["expanded_url"], "https://example.com/a");
    assert_eq!(entities["urls"][0]["display_url"], "example.com/a");
    // No references, no media: the fields are absent, as X leaves them out.
    assert!(post.get("referenced_tweets").is_none());
    assert!(post.get("attachments").is_none());
}

#[tokio::test]
async fn item4_users_carry_the_documented_fields_and_the_pinned_post() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let pinned = h.x.post_as(&alice, "pinned #hello");
    {
        let state = h.x.state();
        let mut state = state.lock();
        let user = state.user_mut(&alice).unwrap();
        user.location = "Berlin".into();
        user.url = "https://example.com".into();
        user.description = "I like #rust".into();
        user.verified_type = "blue".into();
        user.pinned_tweet_id = Some(pinned.clone());
    }
    let token = h.x.app_token();
    let reply = h
        .get(
            &format!("/2/users/{alice}?user.fields=entities,location,url,profile_image_url,verified_type,pinned_tweet_id,description&expansions=pinned_tweet_id&tweet.fields=entities"),
            &token,
        )
        .await;
    let user = &reply.body["data"];
    assert_eq!(user["location"], "Berlin");
    assert!(user["url"].as_str().unwrap().starts_with("https://t.co/"));
    assert_eq!(
        user["entities"]["url"]["urls"][0]["expanded_url"],
        "https://example.com"
    );
    assert_eq!(
        user["entities"]["description"]["hashtags"][0]["tag"],
        "rust"
    );
    assert!(
        user["profile_image_url"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert_eq!(user["verified_type"], "blue");
    assert_eq!(user["pinned_tweet_id"], pinned.as_str());
    assert_eq!(reply.body["includes"]["tweets"][0]["id"], pinned.as_str());
    assert_eq!(
        reply.body["includes"]["tweets"][0]["entities"]["hashtags"][0]["tag"],
        "hello"
    );
}

#[tokio::test]
async fn item4_media_carry_url_size_and_video_variants() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    let token = h.x.user_token(&alice);
    let mut keys = Vec::new();
    for (media_type, bytes) in [("image/png", 4), ("video/mp4", 4)] {
        let init = h
            .post(
                "/2/media/upload/initialize",
                &token,
                json!({ "media_type": media_type, "total_bytes": bytes }),
            )
            .await;
        let id = init.body["data"]["id"].as_str().unwrap().to_owned();
        let append = h
            .post(
                &format!("/2/media/upload/{id}/append"),
                &token,
                json!({ "segment_index": 0, "media": "AAAAAA==" }),
            )
            .await;
        assert_eq!(append.status, 200, "{}", append.body);
        h.post(&format!("/2/media/upload/{id}/finalize"), &token, json!({}))
            .await;
        for _ in 0..2 {
            h.get(
                &format!("/2/media/upload?command=STATUS&media_id={id}"),
                &token,
            )
            .await;
        }
        keys.push(id);
    }
    let mut includes = Vec::new();
    for id in &keys {
        let created = h
            .post(
                "/2/tweets",
                &token,
                json!({ "media": { "media_ids": [id] } }),
            )
            .await;
        assert_eq!(created.status, 201, "{}", created.body);
        let post = created.body["data"]["id"].as_str().unwrap().to_owned();
        let reply = h
            .get(
                &format!("/2/tweets/{post}?expansions=attachments.media_keys&media.fields=url,width,height,variants,preview_image_url"),
                &token,
            )
            .await;
        includes.push(reply.body["includes"]["media"][0].clone());
    }
    let (photo, video) = (&includes[0], &includes[1]);
    assert_eq!(photo["type"], "photo");
    assert!(
        photo["url"]
            .as_str()
            .unwrap()
            .starts_with("https://pbs.twimg.com/media/")
    );
    assert_eq!(
        (photo["width"].as_u64(), photo["height"].as_u64()),
        (Some(1280), Some(720))
    );
    assert!(photo.get("variants").is_none());
    assert_eq!(video["type"], "video");
    assert!(
        video.get("url").is_none(),
        "videos have no url, only variants"
    );
    let variants = video["variants"].as_array().unwrap();
    assert!(
        variants
            .iter()
            .any(|v| v["content_type"] == "video/mp4" && v["bit_rate"].is_u64())
    );
    assert!(
        variants
            .iter()
            .any(|v| v["content_type"] == "application/x-mpegURL")
    );
    assert!(video["preview_image_url"].is_string());
}

#[tokio::test]
async fn item4_paged_lists_carry_previous_token() {
    let h = Harness::new().await;
    let alice = h.x.add_user("alice", "Alice");
    for i in 0..12 {
        h.x.post_as(&alice, &format!("post {i}"));
        let follower = h.x.add_user(&format!("f{i}"), "F");
        h.x.follow(&follower, &alice);
    }
    let token = h.x.app_token();
    let first = h
        .get(&format!("/2/users/{alice}/tweets?max_results=5"), &token)
        .await;
    assert!(first.body["meta"].get("previous_token").is_none());
    let next = first.body["meta"]["next_token"].as_str().unwrap();
    let second = h
        .get(
            &format!("/2/users/{alice}/tweets?max_results=5&pagination_token={next}"),
            &token,
        )
        .await;
    let previous = second.body["meta"]["previous_token"].as_str().unwrap();
    let back = h
        .get(
            &format!("/2/users/{alice}/tweets?max_results=5&pagination_token={previous}"),
            &token,
        )
        .await;
    assert_eq!(back.body["data"], first.body["data"]);
    assert!(back.body["meta"].get("previous_token").is_none());

    let followers = h
        .get(&format!("/2/users/{alice}/followers?max_results=5"), &token)
        .await;
    let next = followers.body["meta"]["next_token"].as_str().unwrap();
    let page2 = h
        .get(
            &format!("/2/users/{alice}/followers?max_results=5&pagination_token={next}"),
            &token,
        )
        .await;
    assert!(page2.body["meta"]["previous_token"].is_string());
}

// ----- item 5: rendering is O(1) in follows, posts and likes

/// The fake's count of state entries read to render, around one request.
async fn reads_for(h: &Harness, path: &str, token: &str) -> u64 {
    let before = h.x.state().lock().render_reads();
    let reply = h.get(path, token).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    h.x.state().lock().render_reads() - before
}

#[tokio::test]
async fn item5_rendering_reads_do_not_grow_with_the_state() {
    let h = Harness::new().await;
    let small = h.x.add_user("small", "Small");
    let big = h.x.add_user("big", "Big");
    let small_post = h.x.post_as(&small, "one");
    let big_post = h.x.post_as(&big, "one");
    {
        let state = h.x.state();
        let mut state = state.lock();
        for i in 0..3_000 {
            let fan = state.add_user(&format!("fan{i}"), "Fan");
            state.follow(&fan, &big);
            state.follow(&big, &fan);
            state.post_as(&big, &format!("post {i}"));
        }
    }
    let token = h.x.app_token();
    let user = "?user.fields=public_metrics,most_recent_tweet_id";
    let user_reads = reads_for(&h, &format!("/2/users/{small}{user}"), &token).await;
    let big_reads = reads_for(&h, &format!("/2/users/{big}{user}"), &token).await;
    assert!(user_reads > 0);
    assert_eq!(
        user_reads, big_reads,
        "a user's render reads as much with 3,000 followers"
    );

    let post = "?tweet.fields=public_metrics";
    let small_reads = reads_for(&h, &format!("/2/tweets/{small_post}{post}"), &token).await;
    let big_reads = reads_for(&h, &format!("/2/tweets/{big_post}{post}"), &token).await;
    assert_eq!(
        small_reads, big_reads,
        "a post's render reads as much with 3,000 posts around"
    );

    // A page of followers reads its page, not the list.
    let fields = "&user.fields=public_metrics,most_recent_tweet_id";
    let page = reads_for(
        &h,
        &format!("/2/users/{big}/followers?max_results=10{fields}"),
        &token,
    )
    .await;
    assert_eq!(page, 10 * user_reads);
}

// ----- the fake rules (ARCHITECTURE.md): every X fake file cites the page its shapes follow

#[test]
fn fake_rules_every_x_fake_file_cites_its_documentation() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/x");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("https://docs.x.com/")
                || text.contains("https://github.com/xdevplatform/"),
            "{} cites no X documentation page",
            path.display()
        );
    }
}
