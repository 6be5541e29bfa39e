//! RawServer: the faults wiremock cannot send, seen through reqwest.

use std::time::Duration;

use social_testkit::{RawServer, Step};

#[tokio::test]
async fn truncated_body_fails_the_body_read_and_counts_hits() {
    let server = RawServer::truncated_body(1000, "0123456789").await;
    let client = reqwest::Client::new();

    for attempt in 1..=2 {
        let response = client
            .get(server.uri())
            .send()
            .await
            .expect("the head arrives whole");
        assert_eq!(response.status(), 200);
        assert_eq!(response.content_length(), Some(1000));
        assert!(
            response.bytes().await.is_err(),
            "a 10-byte body announced as 1000 must not read"
        );
        assert_eq!(server.hits(), attempt);
    }
}

#[tokio::test]
async fn close_after_request_yields_a_send_error() {
    let server = RawServer::close_after_request().await;
    let error = reqwest::Client::new()
        .post(server.uri())
        .body("a body the server reads first")
        .send()
        .await
        .unwrap_err();
    assert!(!error.is_timeout(), "{error:?}");
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn garbage_is_not_a_response() {
    let server = RawServer::respond(&b"\x00\xff\x13 definitely not HTTP\r\n\r\n"[..]).await;
    assert!(reqwest::get(server.uri()).await.is_err());
    assert_eq!(server.hits(), 1);
}

#[tokio::test]
async fn a_whole_scripted_response_reads_fine() {
    let server = RawServer::respond("HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").await;
    let body = reqwest::get(server.uri())
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(body, "ok");
}

#[tokio::test]
async fn hold_open_and_slow_body_trip_client_timeouts() {
    let client = reqwest::Client::builder()
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();

    let silent = RawServer::hold_open(Duration::from_secs(5)).await;
    assert!(
        client
            .get(silent.uri())
            .send()
            .await
            .unwrap_err()
            .is_timeout()
    );
    assert_eq!(silent.hits(), 1);

    let slow = RawServer::slow_body("{\"a\":1}", Duration::from_millis(100)).await;
    let response = client
        .get(slow.uri())
        .send()
        .await
        .expect("the head comes at once");
    assert!(response.bytes().await.unwrap_err().is_timeout());
}

#[tokio::test]
async fn scripts_can_hold_the_connection_after_writing() {
    let server = RawServer::start([
        Step::Write(b"HTTP/1.1 200 OK\r\ncontent-length: 4\r\n\r\nab".to_vec()),
        Step::Sleep(Duration::from_millis(100)),
        Step::Write(b"cd".to_vec()),
    ])
    .await;
    assert_eq!(
        reqwest::get(server.uri())
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "abcd"
    );
}
