//! Hostile and odd bodies give typed errors, bounded memory and no panic.

use social_core::http::{RequestSpec, RetryPolicy};
use social_core::{Error, TransportErrorKind};
use social_tests::TestClient;
use wiremock::matchers::method;
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn client_for(template: ResponseTemplate) -> (MockServer, TestClient) {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(template)
        .mount(&server)
        .await;
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .retry_policy(RetryPolicy::none())
            .max_response_bytes(1024)
            .build()
            .unwrap(),
    );
    (server, c)
}

// 14d: wrong types name the JSON path that failed.
#[tokio::test]
async fn decode_errors_name_the_json_path() {
    let (_s, c) =
        client_for(ResponseTemplate::new(200).set_body_string(r#"{"data":{"id":12,"text":"x"}}"#))
            .await;
    match c.get_post("1").await.unwrap_err() {
        Error::Decode {
            path,
            snippet,
            type_name,
            ..
        } => {
            assert_eq!(path, "data.id");
            assert!(snippet.contains(r#""id":12"#));
            assert!(type_name.contains("Envelope"));
        }
        other => panic!("expected Decode, got {other:?}"),
    }
}

#[tokio::test]
async fn malformed_json_is_a_decode_error() {
    let (_s, c) =
        client_for(ResponseTemplate::new(200).set_body_string(r#"{"data":{"id":"1","te"#)).await;
    let err = c.get_post("1").await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    assert!(err.to_string().contains("X:"), "names the network: {err}");
}

// A non-JSON error body (an HTML 502 page) still yields the status and a snippet, never a decode error.
#[tokio::test]
async fn html_5xx_keeps_status_and_snippet() {
    let html = "<html><body><h1>502 Bad Gateway</h1></body></html>";
    let (_s, c) = client_for(ResponseTemplate::new(502).set_body_string(html)).await;
    let err = c.get_post("1").await.unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.status, 502);
    assert_eq!(api.body_snippet, html);
    assert_eq!(api.message, "Bad Gateway");
    assert!(err.is_retryable());
}

// Snippets are bounded, whatever the body size.
#[tokio::test]
async fn error_snippets_are_bounded() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(500).set_body_string("x".repeat(100_000)))
        .mount(&server)
        .await;
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .retry_policy(RetryPolicy::none())
            .build()
            .unwrap(),
    );
    let api = c
        .get_post("1")
        .await
        .unwrap_err()
        .api_error()
        .cloned()
        .unwrap();
    assert!(api.body_snippet.len() < 1100, "{}", api.body_snippet.len());
    assert!(api.body_snippet.ends_with("(100000 bytes in all)"));
}

// 14a: an announced length over the cap is refused before reading.
#[tokio::test]
async fn announced_length_over_the_cap_is_refused() {
    let (_s, c) = client_for(ResponseTemplate::new(200).set_body_string("y".repeat(4096))).await;
    let err = c.get_post("1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::ResponseTooLarge,
                ..
            }
        ),
        "{err:?}"
    );
}

// A per-request cap overrides the client's.
#[tokio::test]
async fn per_request_cap_applies() {
    let (_s, c) = client_for(ResponseTemplate::new(200).set_body_string("z".repeat(512))).await;
    let spec = RequestSpec::get("anything").max_response_bytes(100);
    let err = c.transport.execute(spec).await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::ResponseTooLarge,
                ..
            }
        ),
        "{err:?}"
    );
}

// Problem-JSON duplicates map onto Error::Duplicate through the dialect.
#[tokio::test]
async fn duplicate_content_is_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(403).set_body_json(serde_json::json!({
            "detail": "You are not allowed to create a Tweet with duplicate content.",
            "type": "about:blank", "title": "Forbidden", "status": 403
        })))
        .expect(1)
        .mount(&server)
        .await;
    let c = TestClient::new(TestClient::builder(&server.uri()).build().unwrap());
    let err = c.create_post("same").await.unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
    assert_eq!(err.status(), Some(403));
}
