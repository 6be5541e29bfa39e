//! What `social-core` promises, shown offline against an in-process fake server.
//!
//! ```sh
//! cargo run --example core_guarantees
//! ```
//!
//! No credentials and no network: the fake runs on loopback inside this process and is told to
//! misbehave (503s, a dropped connection) so you can watch the transport's decisions:
//! reads are retried, a create that may have reached the server is never sent twice, and a
//! rate-limited bucket is refused without a request.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use social_core::http::{GenericDialect, RequestSpec, RetryPolicy, Transport};
use social_core::{Error, Network};
use social_testkit::{FakeServer, Fault};
use wiremock::ResponseTemplate;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("Running offline against an in-process fake server (no credentials needed).\n");

    // A tiny stateful API: POST /posts stores a text, GET /posts lists them.
    let server = FakeServer::start(Vec::<String>::new()).await;
    server
        .route(
            "POST",
            "/posts",
            |posts: &mut Vec<String>, req: &wiremock::Request| {
                let body: serde_json::Value = serde_json::from_slice(&req.body).unwrap_or_default();
                posts.push(body["text"].as_str().unwrap_or_default().to_string());
                ResponseTemplate::new(201)
                    .set_body_json(serde_json::json!({"id": posts.len().to_string()}))
            },
        )
        .await;
    server
        .route(
            "GET",
            "/posts",
            |posts: &mut Vec<String>, _req: &wiremock::Request| {
                let in_15_min = SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .unwrap_or_default()
                    .as_secs()
                    + 900;
                ResponseTemplate::new(200)
                    .insert_header("x-rate-limit-remaining", "0")
                    .insert_header("x-rate-limit-reset", in_15_min.to_string().as_str())
                    .set_body_json(serde_json::json!({"data": posts}))
            },
        )
        .await;

    let transport = Transport::builder(Network::X, server.uri())
        .dialect(Arc::new(Dialect))
        .retry_policy(RetryPolicy::default().base_delay(Duration::from_millis(50)))
        .build()?;

    // 1. A create that gets a 503 may have been processed: it is not sent again.
    server.inject_on("POST", "/posts", Fault::status(503), 1);
    let create = || {
        RequestSpec::post("posts").json(&serde_json::json!({"text": "Our office moves on Monday"}))
    };
    match transport.execute(create()).await {
        Err(e @ Error::Unconfirmed { .. }) => println!("1. create after a 503 → {e}\n"),
        other => println!("1. unexpected: {other:?}\n"),
    }

    // 2. The caller checked that nothing was published, and sends it again: it succeeds.
    let created: serde_json::Value = transport.execute_json(create()).await?;
    println!("2. create → id {}\n", created["id"]);

    // 3. A read that gets two 503s is retried with backoff and succeeds.
    server.inject_on("GET", "/posts", Fault::status(503), 2);
    let posts: serde_json::Value = transport.execute_json(RequestSpec::get("posts")).await?;
    println!(
        "3. read after two 503s → {} (the server saw {} requests)\n",
        posts["data"],
        server.received_requests().await.len()
    );

    // 4. That read said the bucket is exhausted until 2100: the next read is refused locally.
    match transport.execute(RequestSpec::get("posts")).await {
        Err(e @ Error::RateLimited { .. }) => println!("4. next read → {e}"),
        other => println!("4. unexpected: {other:?}"),
    }
    println!(
        "   requests the server saw in all: {}",
        server.received_requests().await.len()
    );
    Ok(())
}

/// The generic dialect plus X-style `x-rate-limit-*` headers.
#[derive(Debug)]
struct Dialect;

impl social_core::http::ApiDialect for Dialect {
    fn network(&self) -> Network {
        GenericDialect(Network::X).network()
    }

    fn rate_limits(
        &self,
        spec: &RequestSpec,
        headers: &http::HeaderMap,
        _now: SystemTime,
    ) -> Vec<social_core::RateLimit> {
        social_core::http::parse_limit_headers(headers, "x-rate-limit", &spec.endpoint_name())
            .into_iter()
            .collect()
    }
}
