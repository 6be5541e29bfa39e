//! A small adapter used only by the workspace's tests: an X-like API ("posts" with ids, problem
//! JSON errors, `x-rate-limit-*` headers, `next_token` paging) built on `social_core`'s transport,
//! so the core's contracts can be proven without any real network's adapter.

use std::sync::Arc;
use std::time::SystemTime;

use http::HeaderMap;
use serde::Deserialize;
use social_core::http::{
    ApiDialect, ErrorContext, RequestSpec, Transport, TransportBuilder, default_error,
    parse_limit_headers, rate_limited,
};
use social_core::{Cursor, Error, Network, Page, RateLimit, Result};

/// The dialect of the test API: X-shaped headers and errors.
#[derive(Debug, Clone, Copy, Default)]
pub struct TestDialect;

impl ApiDialect for TestDialect {
    fn network(&self) -> Network {
        Network::X
    }

    fn rate_limits(
        &self,
        spec: &RequestSpec,
        headers: &HeaderMap,
        _now: SystemTime,
    ) -> Vec<RateLimit> {
        parse_limit_headers(headers, "x-rate-limit", &spec.endpoint_name())
            .into_iter()
            .collect()
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        let json = ctx.json();
        let detail = json
            .as_ref()
            .and_then(|j| j.get("detail"))
            .and_then(|d| d.as_str())
            .unwrap_or_default()
            .to_string();
        if ctx.status == 429 {
            return rate_limited(ctx, ctx.api_error().with_message(detail));
        }
        if ctx.status == 403 && detail.contains("duplicate") {
            return Error::Duplicate {
                network: Network::X,
                message: detail,
                existing: None,
                api: Some(Box::new(ctx.api_error())),
            };
        }
        default_error(ctx)
    }
}

/// A post of the test API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TestPost {
    /// Id.
    pub id: String,
    /// Text.
    pub text: String,
}

#[derive(Deserialize)]
struct Envelope<T> {
    data: T,
    #[serde(default)]
    meta: Option<Meta>,
}

#[derive(Deserialize)]
struct Meta {
    next_token: Option<String>,
}

#[derive(Deserialize)]
struct Created {
    id: String,
}

/// A client of the test API.
#[derive(Debug, Clone)]
pub struct TestClient {
    /// The transport (public so tests can inspect rate limits and the budget).
    pub transport: Transport,
}

impl TestClient {
    /// A transport builder with the test dialect, rooted at `base`.
    pub fn builder(base: &str) -> TransportBuilder {
        Transport::builder(Network::X, base).dialect(Arc::new(TestDialect))
    }

    /// Wraps a transport.
    pub fn new(transport: Transport) -> Self {
        TestClient { transport }
    }

    /// `POST /2/tweets`: a create, never replayed once it may have reached the server.
    pub async fn create_post(&self, text: &str) -> Result<String> {
        let spec = RequestSpec::post("2/tweets")
            .json(&serde_json::json!({ "text": text }))
            .endpoint("POST /2/tweets");
        let env: Envelope<Created> = self.transport.execute_json(spec).await?;
        Ok(env.data.id)
    }

    /// `GET /2/tweets/:id`.
    pub async fn get_post(&self, id: &str) -> Result<TestPost> {
        let spec = RequestSpec::get("2/tweets")
            .segment(id)
            .endpoint("GET /2/tweets/:id");
        let env: Envelope<TestPost> = self.transport.execute_json(spec).await?;
        Ok(env.data)
    }

    /// `GET /2/users/:id`: another endpoint, another rate-limit bucket.
    pub async fn get_user(&self, id: &str) -> Result<serde_json::Value> {
        let spec = RequestSpec::get("2/users")
            .segment(id)
            .endpoint("GET /2/users/:id");
        self.transport.execute_json(spec).await
    }

    /// `DELETE /2/tweets/:id` (idempotent).
    pub async fn delete_post(&self, id: &str) -> Result<()> {
        let spec = RequestSpec::delete("2/tweets")
            .segment(id)
            .endpoint("DELETE /2/tweets/:id");
        self.transport.execute(spec).await.map(|_| ())
    }

    /// `GET /2/posts?pagination_token=…`: one page.
    pub async fn list(&self, cursor: Option<Cursor>) -> Result<Page<TestPost>> {
        let spec = RequestSpec::get("2/posts")
            .query_opt(
                "pagination_token",
                cursor.as_ref().map(|c| c.as_str().to_string()),
            )
            .endpoint("GET /2/posts");
        let env: Envelope<Vec<TestPost>> = self.transport.execute_json(spec).await?;
        let next = env.meta.and_then(|m| m.next_token).map(Cursor::new);
        Ok(Page::new(env.data, next))
    }
}

// Compile the README's examples as doctests, so they cannot drift from the API.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeDoctests;
