//! Faults below HTTP, from a raw TCP server:
//! dropped connections, truncated and oversized bodies.

use std::sync::Arc;
use std::time::Duration;

use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::{Error, TransportErrorKind};
use social_testkit::{RawServer, Step};
use social_tests::TestClient;

fn client(uri: &str, cap: usize) -> (TestClient, ManualClock) {
    let clock = ManualClock::starting_now();
    let c = TestClient::new(
        TestClient::builder(uri)
            .retry_policy(RetryPolicy::default().jitter(Jitter::None))
            .max_response_bytes(cap)
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap(),
    );
    (c, clock)
}

fn is_body_error(e: &Error) -> bool {
    matches!(
        e,
        Error::Transport {
            kind: TransportErrorKind::Body,
            ..
        }
    )
}

// Case 2: the server reads the create, then drops the connection: outcome unknown, sent once.
#[tokio::test]
async fn dropped_create_is_unconfirmed_and_sent_once() {
    let server = RawServer::close_after_request().await;
    let (c, clock) = client(&server.uri(), 1 << 20);
    let err = c.create_post("hello").await.unwrap_err();
    match &err {
        Error::Unconfirmed {
            cause,
            correlation_id,
            ..
        } => {
            assert!(is_body_error(cause), "{cause:?}");
            assert!(err.to_string().contains(correlation_id.as_str()));
        }
        other => panic!("expected Unconfirmed, got {other:?}"),
    }
    assert_eq!(server.hits(), 1);
    assert!(clock.sleeps().is_empty());
}

// The same drop on a read is retried, within the attempt bound.
#[tokio::test]
async fn dropped_read_is_retried() {
    let server = RawServer::close_after_request().await;
    let (c, clock) = client(&server.uri(), 1 << 20);
    let err = c.get_post("1").await.unwrap_err();
    assert!(is_body_error(&err), "{err:?}");
    assert!(err.is_retryable());
    assert_eq!(server.hits(), 3);
    assert_eq!(clock.sleeps().len(), 2);
}

// Case 14c: `Content-Length: 1000`, 10 bytes, close: a Body error, retried for GET, unconfirmed for POST.
#[tokio::test]
async fn truncated_bodies_are_typed_and_classified() {
    let server = RawServer::truncated_body(1000, b"{\"data\":{".to_vec()).await;
    let (c, _) = client(&server.uri(), 1 << 20);
    let err = c.get_post("1").await.unwrap_err();
    assert!(is_body_error(&err), "{err:?}");
    assert_eq!(server.hits(), 3);

    let server = RawServer::truncated_body(1000, b"{\"data\":{".to_vec()).await;
    let (c, _) = client(&server.uri(), 1 << 20);
    let err = c.create_post("x").await.unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(server.hits(), 1);
}

// Case 14a: an announced 10 GiB body is refused before reading it.
#[tokio::test]
async fn announced_huge_body_is_refused_before_reading() {
    let server = RawServer::respond(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 10737418240\r\n\r\n{}".to_vec(),
    )
    .await;
    let (c, _) = client(&server.uri(), 10 << 20);
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
    assert_eq!(server.hits(), 1, "a too-large answer is not retried");
}

// Case 14b: a chunked body (no length announced) is cut off once it passes the cap.
#[tokio::test]
async fn streamed_body_over_the_cap_is_stopped() {
    let chunk = vec![b'a'; 64 * 1024];
    let mut frame = format!("{:x}\r\n", chunk.len()).into_bytes();
    frame.extend_from_slice(&chunk);
    frame.extend_from_slice(b"\r\n");
    let mut script = vec![Step::Write(
        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec(),
    )];
    // 320 chunks of 64 KiB: 20 MiB, against a 1 MiB cap.
    script.extend((0..320).map(|_| Step::Write(frame.clone())));
    script.push(Step::Write(b"0\r\n\r\n".to_vec()));
    let server = RawServer::start(script).await;
    let (c, _) = client(&server.uri(), 1 << 20);
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

// Garbage instead of HTTP: a typed error, no panic.
#[tokio::test]
async fn garbage_is_a_typed_error() {
    let server = RawServer::respond(b"\x00\xffnot http at all\r\n\r\n".to_vec()).await;
    let (c, _) = client(&server.uri(), 1 << 20);
    let err = c.get_post("1").await.unwrap_err();
    assert!(matches!(err, Error::Transport { .. }), "{err:?}");
}

// A server that accepts and never answers hits the timeout, which is retried for a read.
#[tokio::test]
async fn silent_server_times_out() {
    let server = RawServer::hold_open(Duration::from_secs(5)).await;
    let clock = ManualClock::starting_now();
    let c = TestClient::new(
        TestClient::builder(&server.uri())
            .retry_policy(RetryPolicy::default().jitter(Jitter::None).max_attempts(2))
            .timeout(Duration::from_millis(150))
            .clock(Arc::new(clock.clone()))
            .build()
            .unwrap(),
    );
    let err = c.get_post("1").await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Transport {
                kind: TransportErrorKind::Timeout,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(clock.sleeps().len(), 1);
}
