//! FakeServer: state across requests, fault order, delays, dropped connections, mounted fakes.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use social_testkit::{Fake, FakeServer, Fault, PathPattern, Routes, Shared};
use wiremock::{Mock, Request, ResponseTemplate, matchers::path};

/// A tiny post store: `POST /posts`, `GET /posts/{id}`, `DELETE /posts/{id}`.
#[derive(Debug, Default)]
struct Posts {
    next_id: u64,
    texts: BTreeMap<u64, String>,
}

fn id_of(request: &Request) -> u64 {
    request
        .url
        .path()
        .rsplit('/')
        .next()
        .and_then(|id| id.parse().ok())
        .unwrap_or(0)
}

fn create(posts: &mut Posts, request: &Request) -> ResponseTemplate {
    let Ok(body) = request.body_json::<Value>() else {
        return ResponseTemplate::new(400);
    };
    posts.next_id += 1;
    posts.texts.insert(
        posts.next_id,
        body["text"].as_str().unwrap_or_default().to_owned(),
    );
    ResponseTemplate::new(201).set_body_json(json!({ "id": posts.next_id.to_string() }))
}

fn read(posts: &mut Posts, request: &Request) -> ResponseTemplate {
    match posts.texts.get(&id_of(request)) {
        Some(text) => ResponseTemplate::new(200).set_body_json(json!({ "text": text })),
        None => ResponseTemplate::new(404),
    }
}

fn delete(posts: &mut Posts, request: &Request) -> ResponseTemplate {
    let deleted = posts.texts.remove(&id_of(request)).is_some();
    ResponseTemplate::new(200).set_body_json(json!({ "deleted": deleted }))
}

async fn posts_server() -> FakeServer<Posts> {
    let server = FakeServer::start(Posts::default()).await;
    server.route("POST", "/posts", create).await;
    server
        .route("GET", PathPattern::regex(r"^/posts/\d+$"), read)
        .await;
    server
        .route("DELETE", PathPattern::regex(r"^/posts/\d+$"), delete)
        .await;
    server
}

async fn json_of(response: reqwest::Response) -> Value {
    serde_json::from_slice(&response.bytes().await.expect("a body")).expect("a JSON body")
}

async fn get_status(client: &reqwest::Client, url: &str) -> u16 {
    client
        .get(url)
        .send()
        .await
        .expect("an answer")
        .status()
        .as_u16()
}

#[tokio::test]
async fn state_persists_across_requests() {
    let server = posts_server().await;
    let client = reqwest::Client::new();

    let created = client
        .post(format!("{}/posts", server.uri()))
        .body(json!({ "text": "hello" }).to_string())
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let id = json_of(created).await["id"].as_str().unwrap().to_owned();

    let read = client
        .get(format!("{}/posts/{id}", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(json_of(read).await["text"], "hello");
    assert_eq!(server.state().with(|posts| posts.texts.len()), 1);

    let deleted = client
        .delete(format!("{}/posts/{id}", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(deleted).await["deleted"], true);
    assert_eq!(
        get_status(&client, &format!("{}/posts/{id}", server.uri())).await,
        404
    );

    // The test can arrange state directly, too.
    server.state().lock().texts.insert(42, "seeded".into());
    let seeded = client
        .get(format!("{}/posts/42", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(seeded).await["text"], "seeded");
    assert_eq!(server.received_requests().await.len(), 5);
}

#[tokio::test]
async fn faults_fire_in_order_then_normal_handling_resumes() {
    let server = posts_server().await;
    server.state().lock().texts.insert(1, "one".into());
    let client = reqwest::Client::new();
    let url = format!("{}/posts/1", server.uri());

    server.inject(Fault::status(503), 2);
    server.inject(
        Fault::Status {
            status: 429,
            body: br#"{"title":"Too Many Requests"}"#.to_vec(),
            headers: vec![("retry-after".into(), "7".into())],
        },
        1,
    );
    assert_eq!(server.pending_faults(), 3);

    assert_eq!(get_status(&client, &url).await, 503);
    assert_eq!(get_status(&client, &url).await, 503);
    let limited = client.get(&url).send().await.unwrap();
    assert_eq!(limited.status(), 429);
    assert_eq!(limited.headers()["retry-after"], "7");
    assert_eq!(json_of(limited).await["title"], "Too Many Requests");
    assert_eq!(server.pending_faults(), 0);

    assert_eq!(get_status(&client, &url).await, 200);
}

#[tokio::test]
async fn scoped_faults_only_hit_their_endpoint() {
    let server = posts_server().await;
    server.state().lock().texts.insert(1, "one".into());
    let client = reqwest::Client::new();
    server.inject_on(
        "POST",
        "/posts",
        Fault::json(500, &json!({ "error": "boom" })),
        1,
    );

    // A GET passes the POST-only fault by.
    assert_eq!(
        get_status(&client, &format!("{}/posts/1", server.uri())).await,
        200
    );
    assert_eq!(server.pending_faults(), 1);

    let post = || {
        client
            .post(format!("{}/posts", server.uri()))
            .body(r#"{"text":"x"}"#)
            .send()
    };
    let failed = post().await.unwrap();
    assert_eq!(failed.status(), 500);
    assert_eq!(failed.headers()["content-type"], "application/json");
    assert_eq!(post().await.unwrap().status(), 201);
    // Only the second create reached the handler.
    assert_eq!(server.state().with(|posts| posts.next_id), 1);
}

#[tokio::test]
async fn delay_postpones_the_normal_answer() {
    let server = posts_server().await;
    server.state().lock().texts.insert(1, "one".into());
    let url = format!("{}/posts/1", server.uri());

    server.inject(Fault::Delay(Duration::from_millis(300)), 1);
    let started = Instant::now();
    let slow = reqwest::get(&url).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "answered after {:?}",
        started.elapsed()
    );
    assert_eq!(json_of(slow).await["text"], "one");

    // A client timeout shorter than the delay fires; then the server answers normally.
    server.inject(Fault::Delay(Duration::from_secs(5)), 1);
    let impatient = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let timed_out = impatient.get(&url).send().await.unwrap_err();
    assert!(timed_out.is_timeout(), "{timed_out:?}");
    // The next request is answered normally. A patient client asks it: on a loaded machine a
    // normal answer can take longer than the impatient client's 200 ms, and this checks the
    // fault was used up, not the machine's speed.
    assert_eq!(get_status(&reqwest::Client::new(), &url).await, 200);
}

#[tokio::test]
async fn drop_closes_the_connection_without_an_answer() {
    let server = posts_server().await;
    server.state().lock().texts.insert(1, "one".into());
    let url = format!("{}/posts/1", server.uri());
    let client = reqwest::Client::new();

    server.inject_on("GET", PathPattern::regex("^/posts/"), Fault::Drop, 1);
    let dropped = client.get(&url).send().await.unwrap_err();
    assert!(!dropped.is_timeout() && !dropped.is_status(), "{dropped:?}");
    assert_eq!(get_status(&client, &url).await, 200);
    // The server did receive the request it dropped.
    assert_eq!(server.received_requests().await.len(), 2);
}

#[tokio::test]
async fn faults_and_raw_mocks_come_before_routes() {
    let server = posts_server().await;
    let client = reqwest::Client::new();
    let url = format!("{}/posts/9", server.uri());
    Mock::given(path("/posts/9"))
        .respond_with(ResponseTemplate::new(418))
        .mount(server.mock_server())
        .await;

    assert_eq!(get_status(&client, &url).await, 418);
    server.inject(Fault::status(502), 1);
    assert_eq!(get_status(&client, &url).await, 502);
    assert_eq!(get_status(&client, &url).await, 418);
}

/// A fake with its own state, mounted under a prefix.
#[derive(Default)]
struct Counter {
    hits: Shared<Vec<String>>,
}

impl Fake for Counter {
    fn name(&self) -> &'static str {
        "counter"
    }

    fn routes(&self, routes: &mut Routes) {
        routes.add(
            &self.hits,
            "GET",
            PathPattern::regex("^/count/"),
            |hits: &mut Vec<String>, request: &Request| {
                hits.push(request.url.path().to_owned());
                ResponseTemplate::new(200).set_body_json(json!({ "count": hits.len() }))
            },
        );
    }
}

#[tokio::test]
async fn a_fake_mounted_under_a_prefix_sees_its_own_paths() {
    let server = FakeServer::start(()).await;
    let fake = Counter::default();
    server.mount("/counter", &fake).await;
    let client = reqwest::Client::new();

    let first = client
        .get(format!("{}/counter/count/a", server.uri()))
        .send()
        .await
        .unwrap();
    assert_eq!(json_of(first).await["count"], 1);
    assert_eq!(
        get_status(&client, &format!("{}/count/a", server.uri())).await,
        404
    );
    assert_eq!(
        get_status(&client, &format!("{}/counterfeit/count/a", server.uri())).await,
        404
    );

    // A delay is consumed by the mounted fake's route too.
    server.inject(Fault::Delay(Duration::from_millis(100)), 1);
    let started = Instant::now();
    assert_eq!(
        get_status(&client, &format!("{}/counter/count/b", server.uri())).await,
        200
    );
    assert!(started.elapsed() >= Duration::from_millis(100));

    assert_eq!(*fake.hits.lock(), ["/count/a", "/count/b"]);
}

#[tokio::test]
#[should_panic(expected = "at least once")]
async fn injecting_zero_times_is_a_bug() {
    FakeServer::start(()).await.inject(Fault::Drop, 0);
}
