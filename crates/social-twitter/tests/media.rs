//! The v2 chunked media upload (https://docs.x.com/x-api/media/quickstart/media-upload-chunked):
//! initialize, append, finalize, status polling.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::reconcile::Created;
use social_core::{Error, MediaId};
use social_twitter::media::UploadProgress;
use wiremock::matchers::{body_json, body_string_contains, method, path, query_param};
use wiremock::{Mock, MockServer};

const ID: &str = "1880028106020515840";

// Issue 9 case 11: the media handler is named like every other area's handler (`Tweets`,
// `Users`), not `MediaApi`.
#[test]
fn case11_the_media_handler_is_named_after_its_area() {
    let x = social_twitter::TwitterClient::builder().build().unwrap();
    let media: social_twitter::media::Media = x.media();
    assert!(format!("{media:?}").starts_with("Media {"), "{media:?}");
}

#[tokio::test]
async fn a_video_is_uploaded_in_chunks_and_waited_for() {
    let server = MockServer::start().await;
    // The INIT example of the media-upload-chunked quickstart.
    Mock::given(method("POST"))
        .and(path("/2/media/upload/initialize"))
        .and(body_json(json!({"media_type": "video/mp4", "total_bytes": 2500, "media_category": "tweet_video"})))
        .respond_with(ok(json!({"data": {"id": ID, "media_key": "13_1880028106020515840", "expires_after_secs": 1295999}})))
        .expect(1)
        .mount(&server)
        .await;
    for i in 0..3 {
        Mock::given(method("POST"))
            .and(path(format!("/2/media/upload/{ID}/append")))
            .and(body_string_contains(
                format!("name=\"segment_index\"\r\n\r\n{i}\r\n").as_str(),
            ))
            .respond_with(ok(json!({"data": {"expires_at": 1_900_000_000}})))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path(format!("/2/media/upload/{ID}/finalize")))
        .respond_with(ok(json!({"data": {"id": ID, "media_key": "13_1880028106020515840", "size": 2500, "expires_after_secs": 86400, "processing_info": {"state": "pending", "check_after_secs": 1}}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/media/upload"))
        .and(query_param("command", "STATUS"))
        .and(query_param("media_id", ID))
        .respond_with(ok(json!({"data": {"id": ID, "processing_info": {"state": "in_progress", "check_after_secs": 3, "progress_percent": 40}}})))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/2/media/upload"))
        .respond_with(ok(json!({"data": {"id": ID, "processing_info": {"state": "succeeded", "progress_percent": 100}}})))
        .mount(&server)
        .await;
    let (x, clock) = user_client(&server);
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let media = x
        .media()
        .upload(vec![7u8; 2500], "video/mp4")
        .chunk_size(1024)
        .on_progress(move |p| log.lock().unwrap().push(p))
        .send()
        .await
        .unwrap();
    assert_eq!(media.id, MediaId::new(ID));
    assert_eq!(
        clock.sleeps(),
        vec![Duration::from_secs(1), Duration::from_secs(3)]
    );
    let seen = seen.lock().unwrap().clone();
    assert_eq!(
        seen[0],
        UploadProgress::Sending {
            sent: 1024,
            total: 2500
        }
    );
    assert_eq!(
        seen[2],
        UploadProgress::Sending {
            sent: 2500,
            total: 2500
        }
    );
    assert_eq!(seen.last(), Some(&UploadProgress::Done));
}

#[tokio::test]
async fn an_image_needs_no_processing_and_gets_its_alt_text() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/initialize"))
        .respond_with(ok(json!({"data": {"id": "9", "media_key": "3_9"}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/9/append"))
        .respond_with(ok(json!({"data": {}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/9/finalize"))
        .respond_with(ok(
            json!({"data": {"id": "9", "media_key": "3_9", "size": 10}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/metadata"))
        .and(body_json(
            json!({"id": "9", "metadata": {"alt_text": {"text": "A chart"}}}),
        ))
        .respond_with(ok(json!({"data": {"associated_metadata": true}})))
        .expect(1)
        .mount(&server)
        .await;
    let (x, clock) = user_client(&server);
    let media = x
        .media()
        .upload(vec![1u8; 10], "image/png")
        .alt_text("A chart")
        .send()
        .await
        .unwrap();
    assert_eq!(media.id.as_str(), "9");
    assert!(clock.sleeps().is_empty());
}

#[tokio::test]
async fn failed_processing_and_bad_input_are_typed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/initialize"))
        .respond_with(ok(json!({"data": {"id": "5"}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/5/append"))
        .respond_with(ok(json!({"data": {}})))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/5/finalize"))
        .respond_with(ok(json!({"data": {"id": "5", "processing_info": {"state": "failed", "error": {"message": "InvalidMedia"}}}})))
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x
        .media()
        .upload(vec![1u8; 10], "video/mp4")
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("could not process"), "{err}");

    let before = server.received_requests().await.unwrap().len();
    let err = x
        .media()
        .upload(Vec::<u8>::new(), "image/png")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    let err = x
        .media()
        .upload(vec![0u8; 6 * 1024 * 1024], "image/png")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert_eq!(server.received_requests().await.unwrap().len(), before);
    let app = app_client(&server);
    assert!(matches!(
        app.media().upload(vec![1u8], "image/png").send().await,
        Err(Error::Auth { .. })
    ));
}

// Validation before sending (DESIGN.md contract 11): a bad alt text stops the upload before INIT.
#[tokio::test]
async fn a_bad_alt_text_is_refused_before_uploading() {
    let server = MockServer::start().await;
    let (x, _) = user_client(&server);
    let err = x
        .media()
        .upload(vec![1u8; 10], "image/png")
        .alt_text("a".repeat(1001))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(server.received_requests().await.unwrap().is_empty());
}

// Issue 8 case 7: once INITIALIZE gave the media id, a later step whose outcome is unknown
// keeps it, so the upload can be checked and attached rather than uploaded again.
#[tokio::test]
async fn case7_finalize_with_unknown_outcome_keeps_the_media_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/initialize"))
        .respond_with(ok(
            json!({"data": {"id": ID, "media_key": format!("3_{ID}")}}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/2/media/upload/{ID}/append")))
        .respond_with(ok(json!({"data": {"expires_at": 1_900_000_000}})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(format!("/2/media/upload/{ID}/finalize")))
        .respond_with(
            wiremock::ResponseTemplate::new(503).set_body_string("<html>Over capacity</html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x
        .media()
        .upload(vec![1u8; 10], "image/png")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(err.created(), [Created::media(ID)]);
}

// Issue 8 case 6 for uploads: INITIALIZE answered 2xx without the upload (no `data`) may have
// created it; the outcome is unknown, not a failure to repeat blindly.
#[tokio::test]
async fn case6_initialize_answered_without_data_is_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/2/media/upload/initialize"))
        .respond_with(ok(json!({})))
        .expect(1)
        .mount(&server)
        .await;
    let (x, _) = user_client(&server);
    let err = x
        .media()
        .upload(vec![1u8; 10], "image/png")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert!(err.created().is_empty());
}

// A JSON problem, an HTML 5xx and a 429 with its headers, as X answers them.
#[tokio::test]
async fn a_status_check_reads_x_s_error_answers() {
    check_error_answers(
        "GET",
        "/2/media/upload",
        "GET /2/media/upload",
        |x| async move { x.media().status(&MediaId::new(ID)).await },
    )
    .await;
}
