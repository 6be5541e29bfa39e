//! Media uploads (issue 11, item 1) against a mock server: images, documents and videos
//! (`initializeUpload`, the `PUT` of the bytes with their content type, video parts by byte
//! range with their `ETag`s in order, `finalizeUpload`), status polling on the manual clock,
//! what an unknown outcome keeps, and posts carrying media. Fixtures follow the samples of the
//! Images, Videos and Documents API pages
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/documents-api>)
//! and the MultiImage API page.

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::reconcile::{Created, CreatedKind};
use social_core::{Error, MediaId, MediaRef, Post, Publisher, UploadProgress, ViolationKind};
use social_linkedin::adapter::LinkedInMember;
use social_linkedin::media::MediaUrn;
use social_linkedin::models::MediaStatus;
use social_linkedin::posts::{ArticleContent, MultiImageContent};
use social_linkedin::urn::{ImageUrn, PersonUrn};
use wiremock::matchers::{body_json as body_is, header, method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const IMAGE: &str = "urn:li:image:C4E10AQFoyyAjHPMQuQ";
const IMAGE_KEY: &str = "/rest/images/urn%3Ali%3Aimage%3AC4E10AQFoyyAjHPMQuQ";
const VIDEO: &str = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
const VIDEO_KEY: &str = "/rest/videos/urn%3Ali%3Avideo%3AC5F10AQGKQg_6y2a4sQ";
const DOCUMENT: &str = "urn:li:document:D4D10AQH4ZPV0-3wJxg";
const DOCUMENT_KEY: &str = "/rest/documents/urn%3Ali%3Adocument%3AD4D10AQH4ZPV0-3wJxg";

fn member() -> PersonUrn {
    MEMBER.parse().unwrap()
}

type Seen = Arc<Mutex<Vec<UploadProgress>>>;

fn recorder() -> (Seen, impl Fn(UploadProgress) + Send + Sync + 'static) {
    let seen: Seen = Arc::default();
    let s = seen.clone();
    (seen, move |p| s.lock().unwrap().push(p))
}

/// `GET` of an asset: `PROCESSING` for the first `processing` reads, then `AVAILABLE`.
async fn status_mocks(server: &MockServer, key: &str, urn: &str, processing: u64) {
    if processing > 0 {
        Mock::given(method("GET"))
            .and(path(key))
            .and(RestCall("GET"))
            .respond_with(json(
                200,
                json!({"id": urn, "owner": MEMBER, "status": "PROCESSING"}),
            ))
            .up_to_n_times(processing)
            .with_priority(1)
            .mount(server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(key))
        .and(RestCall("GET"))
        .respond_with(json(
            200,
            json!({
                "owner": MEMBER,
                "status": "AVAILABLE",
                "downloadUrlExpiresAt": 1_650_574_800_000u64,
                "downloadUrl": "https://media.licdn.com/dms/image/C4E10AQFoyyAjHPMQuQ/image-shrink_1280/0/1650488400000",
                "id": urn
            }),
        ))
        .with_priority(5)
        .mount(server)
        .await;
}

/// The Images API flow: the documented `initializeUpload` (action in the query, owner in the
/// body), the `PUT` of the bytes with their content type to the absolute upload URL, then
/// status reads on the client's clock until `AVAILABLE`, with progress.
#[tokio::test]
async fn case1_image_upload_initializes_puts_with_content_type_and_polls_until_available() {
    let server = MockServer::start().await;
    let upload_url = format!(
        "{}/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0?ca=vector_ads&cn=uploads&sync=0&v=beta&ut=2H8",
        server.uri()
    );
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .and(RawQuery(Some("action=initializeUpload")))
        .and(RestCall("ACTION"))
        .and(body_is(
            json!({"initializeUploadRequest": {"owner": MEMBER}}),
        ))
        .respond_with(json(
            200,
            json!({"value": {
                "uploadUrlExpiresAt": 1_650_567_510_704u64,
                "uploadUrl": upload_url,
                "image": IMAGE
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(path("/dms-uploads/C4E10AQFoyyAjHPMQuQ/uploaded-image/0"))
        .and(query_param("ut", "2H8"))
        .and(header("content-type", "image/png"))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    status_mocks(&server, IMAGE_KEY, IMAGE, 2).await;
    let (li, clock) = client(&server);
    let (seen, on_progress) = recorder();
    let uploaded = li
        .media()
        .image(member(), vec![7u8; 10], "image/png")
        .on_progress(on_progress)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.urn, MediaUrn::Image(IMAGE.parse().unwrap()));
    assert_eq!(uploaded.asset.status, Some(MediaStatus::Available));
    assert_eq!(clock.sleeps(), [Duration::from_secs(3); 2]);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            UploadProgress::Sending {
                sent: 10,
                total: 10
            },
            UploadProgress::Processing { percent: None },
            UploadProgress::Processing { percent: None },
            UploadProgress::Done,
        ]
    );
    let reqs = requests(&server).await;
    let put = reqs.iter().find(|r| r.method.as_str() == "PUT").unwrap();
    assert_eq!(put.body, vec![7u8; 10]);
    // The upload URL is not the versioned API: no version headers go there.
    assert_eq!(header_of(put, "linkedin-version"), None);
}

/// The Videos API flow: `fileSizeBytes` and the flags, one `PUT` per instruction with exactly
/// its byte range, the `ETag`s in order in `finalizeUpload` with the upload token.
#[tokio::test]
async fn case1_video_upload_sends_parts_by_byte_range_and_finalizes_with_etags_in_order() {
    let server = MockServer::start().await;
    let part = |i: u32| {
        format!(
            "{}/dms-uploads/C5F10AQGKQg_6y2a4sQ/uploadedVideo/{i}",
            server.uri()
        )
    };
    Mock::given(method("POST"))
        .and(path("/rest/videos"))
        .and(RawQuery(Some("action=initializeUpload")))
        .and(RestCall("ACTION"))
        .and(body_is(json!({"initializeUploadRequest": {
            "owner": MEMBER,
            "fileSizeBytes": 10,
            "uploadCaptions": false,
            "uploadThumbnail": false
        }})))
        .respond_with(json(
            200,
            json!({"value": {
                "uploadUrlsExpireAt": 1_657_053_581_000u64,
                "video": VIDEO,
                "uploadInstructions": [
                    {"uploadUrl": part(0), "lastByte": 3, "firstByte": 0},
                    {"uploadUrl": part(1), "lastByte": 7, "firstByte": 4},
                    {"uploadUrl": part(2), "lastByte": 9, "firstByte": 8}
                ],
                "uploadToken": "tok-42"
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    for (i, etag) in ["/ambry-video/a", "/ambry-video/b", "/ambry-video/c"]
        .iter()
        .enumerate()
    {
        Mock::given(method("PUT"))
            .and(path(format!(
                "/dms-uploads/C5F10AQGKQg_6y2a4sQ/uploadedVideo/{i}"
            )))
            .and(header("content-type", "application/octet-stream"))
            .respond_with(ResponseTemplate::new(200).insert_header("etag", *etag))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("POST"))
        .and(path("/rest/videos"))
        .and(RawQuery(Some("action=finalizeUpload")))
        .and(RestCall("ACTION"))
        .and(body_is(json!({"finalizeUploadRequest": {
            "video": VIDEO,
            "uploadToken": "tok-42",
            "uploadedPartIds": ["/ambry-video/a", "/ambry-video/b", "/ambry-video/c"]
        }})))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    status_mocks(&server, VIDEO_KEY, VIDEO, 0).await;
    let (li, clock) = client(&server);
    let (seen, on_progress) = recorder();
    let data: Vec<u8> = (0u8..10).collect();
    let uploaded = li
        .media()
        .video(member(), data)
        .on_progress(on_progress)
        .send()
        .await
        .unwrap();
    assert_eq!(uploaded.urn.to_string(), VIDEO);
    assert!(clock.sleeps().is_empty());
    let puts: Vec<Vec<u8>> = requests(&server)
        .await
        .into_iter()
        .filter(|r| r.method.as_str() == "PUT")
        .map(|r| r.body)
        .collect();
    assert_eq!(puts, [vec![0, 1, 2, 3], vec![4, 5, 6, 7], vec![8, 9]]);
    assert_eq!(
        *seen.lock().unwrap(),
        [
            UploadProgress::Sending { sent: 4, total: 10 },
            UploadProgress::Sending { sent: 8, total: 10 },
            UploadProgress::Sending {
                sent: 10,
                total: 10
            },
            UploadProgress::Done,
        ]
    );
}

/// Instructions that do not cover the file exactly are refused before any byte is sent; a
/// part answered without an `ETag` stops before `finalizeUpload`.
#[tokio::test]
async fn case1_bad_instructions_and_a_missing_etag_stop_before_finalize() {
    let server = MockServer::start().await;
    let url = format!("{}/dms-uploads/v/0", server.uri());
    Mock::given(method("POST"))
        .and(path("/rest/videos"))
        .and(RawQuery(Some("action=initializeUpload")))
        .respond_with(json(
            200,
            json!({"value": {"video": VIDEO, "uploadToken": "",
                "uploadInstructions": [{"uploadUrl": url, "firstByte": 0, "lastByte": 20}]}}),
        ))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/videos"))
        .and(RawQuery(Some("action=initializeUpload")))
        .respond_with(json(
            200,
            json!({"value": {"video": VIDEO, "uploadToken": "",
                "uploadInstructions": [{"uploadUrl": url, "firstByte": 0, "lastByte": 9}]}}),
        ))
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(RawQuery(Some("action=finalizeUpload")))
        .respond_with(ResponseTemplate::new(200))
        .expect(0)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .video(member(), vec![0u8; 10])
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains(VIDEO), "{err}");
    let err = li
        .media()
        .video(member(), vec![0u8; 10])
        .send()
        .await
        .unwrap_err();
    assert!(err.to_string().contains("ETag"), "{err}");
    assert!(err.to_string().contains(VIDEO), "{err}");
}

/// Documents go the images' way; `PROCESSING_FAILED` is a typed API error naming the asset.
#[tokio::test]
async fn case1_document_upload_and_processing_failed_names_the_asset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/documents"))
        .and(RawQuery(Some("action=initializeUpload")))
        .and(RestCall("ACTION"))
        .and(body_is(json!({"initializeUploadRequest": {"owner": ORG}})))
        .respond_with(json(
            200,
            json!({"value": {
                "uploadUrlExpiresAt": 1_650_567_510_704u64,
                "uploadUrl": format!("{}/dms-uploads/D4D10AQH4ZPV0-3wJxg/uploadedDocument/0", server.uri()),
                "document": DOCUMENT
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .and(header("content-type", "application/pdf"))
        .respond_with(ResponseTemplate::new(201))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(DOCUMENT_KEY))
        .respond_with(json(
            200,
            json!({"id": DOCUMENT, "owner": ORG, "status": "PROCESSING_FAILED"}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let org: social_linkedin::urn::OrganizationUrn = ORG.parse().unwrap();
    let err = li
        .media()
        .document(org, b"%PDF-1.7".to_vec(), "application/pdf")
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().expect("an API error");
    assert_eq!(api.kind.as_deref(), Some("PROCESSING_FAILED"));
    assert!(err.to_string().contains(DOCUMENT), "{err}");
}

/// Still processing after the longest wait: `Unconfirmed` with the asset URN kept
/// (`CreatedKind::Media`), measured on the manual clock only.
#[tokio::test]
async fn case1_processing_timeout_is_unconfirmed_and_keeps_the_asset_urn() {
    let server = MockServer::start().await;
    image_initialized(&server, IMAGE, "/dms-uploads/i")
        .mount(&server)
        .await;
    put_accepted().mount(&server).await;
    status_mocks(&server, IMAGE_KEY, IMAGE, 100).await;
    let (li, clock) = client(&server);
    let err = li
        .media()
        .image(member(), vec![1u8; 4], "image/jpeg")
        .poll_interval(Duration::from_secs(3))
        .max_processing_wait(Duration::from_secs(10))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(err.created(), [Created::media(IMAGE)]);
    assert_eq!(err.created()[0].kind, CreatedKind::Media);
    assert_eq!(clock.sleeps(), [Duration::from_secs(3); 3]);
    // The message itself names the asset (its Debug would show it through `created` anyway).
    assert!(err.to_string().contains(IMAGE), "{err}");
}

/// `finalizeUpload` answered a non-JSON 502 may have run: sent once, never again, and the
/// video URN is kept for reconciling.
#[tokio::test]
async fn case1_finalize_with_unknown_outcome_is_not_retried_and_keeps_the_asset() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/videos"))
        .and(RawQuery(Some("action=initializeUpload")))
        .respond_with(json(
            200,
            json!({"value": {"video": VIDEO, "uploadToken": "",
                "uploadInstructions": [{"uploadUrl": format!("{}/dms-uploads/v/0", server.uri()), "firstByte": 0, "lastByte": 3}]}}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(200).insert_header("etag", "\"e1\""))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(RawQuery(Some("action=finalizeUpload")))
        .respond_with(
            ResponseTemplate::new(502).set_body_raw("<html>Bad Gateway</html>", "text/html"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .video(member(), vec![0u8; 4])
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { endpoint, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(endpoint, "POST /videos?action=finalizeUpload");
    assert_eq!(err.created(), [Created::media(VIDEO)]);
    // The ETag is kept as sent, quotes included.
    let reqs = requests(&server).await;
    let finalize = reqs.iter().rfind(|r| r.method.as_str() == "POST").unwrap();
    assert_eq!(
        body_json(finalize)["finalizeUploadRequest"]["uploadedPartIds"],
        json!(["\"e1\""])
    );
}

/// A `PUT` of bytes to an upload URL replaces what it holds: a 503 is retried.
#[tokio::test]
async fn case1_a_failed_put_of_bytes_is_retried() {
    let server = MockServer::start().await;
    image_initialized(&server, IMAGE, "/dms-uploads/i")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    put_accepted()
        .with_priority(2)
        .expect(1)
        .mount(&server)
        .await;
    status_mocks(&server, IMAGE_KEY, IMAGE, 0).await;
    let (li, _) = client(&server);
    li.media()
        .image(member(), vec![1u8; 4], "image/jpeg")
        .send()
        .await
        .unwrap();
}

/// An upload URL that is neither https nor the configured API host gets nothing: no bytes, no
/// token.
#[tokio::test]
async fn case1_an_upload_url_off_linkedin_and_not_https_gets_nothing() {
    let server = MockServer::start().await;
    let elsewhere = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(json(
            200,
            json!({"value": {"uploadUrl": format!("{}/upload", elsewhere.uri()), "image": IMAGE}}),
        ))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .image(member(), vec![1u8; 4], "image/jpeg")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
    assert!(err.to_string().contains("https"), "{err}");
    assert!(requests(&elsewhere).await.is_empty());
}

/// `initializeUpload` errors: a JSON error body, a non-JSON 5xx (unknown outcome, not retried),
/// a 429; and bad input refused offline.
#[tokio::test]
async fn case1_initialize_errors_json_5xx_429_and_offline_checks() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(access_denied("images.ACTION.20260301"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("oops", "text/plain"))
        .up_to_n_times(1)
        .with_priority(2)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(
            li_error(429, None, None, "Too Many Requests").insert_header("retry-after", "3600"),
        )
        .with_priority(3)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let up = || li.media().image(member(), vec![1u8; 4], "image/png");
    let err = up().send().await.unwrap_err();
    assert_eq!(err.status(), Some(403), "{err:?}");
    let err = up().send().await.unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert!(err.created().is_empty());
    let err = up().send().await.unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err:?}");
    let posts_before = requests(&server).await.len();

    let err = li
        .media()
        .image(member(), Vec::<u8>::new(), "")
        .thumbnail(vec![1u8], "image/png")
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(fields, ["media", "content_type", "thumbnail"]);
    assert_eq!(requests(&server).await.len(), posts_before);
}

/// `GET /rest/videos/{urn}` reads the documented asset (unknown fields kept).
#[tokio::test]
async fn case1_status_reads_the_documented_asset() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(VIDEO_KEY))
        .and(RestCall("GET"))
        .and(RawQuery(None))
        .respond_with(json(
            200,
            json!({
                "duration": 12_000,
                "aspectRatioWidth": 16.0,
                "aspectRatioHeight": 9.0,
                "id": VIDEO,
                "status": "WAITING_UPLOAD",
                "owner": MEMBER,
                "thumbnail": "https://media.licdn.com/thumb.jpg"
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let asset = li
        .media()
        .status(&VIDEO.parse::<MediaUrn>().unwrap())
        .await
        .unwrap();
    assert_eq!(asset.status, Some(MediaStatus::WaitingUpload));
    assert_eq!(asset.extra["duration"], 12_000);
}

/// Posts: several images as `multiImage` (2 to 20, checked offline), an article whose
/// thumbnail was uploaded first, a video with its title.
#[tokio::test]
async fn case1_posts_carry_multi_image_article_thumbnail_and_video_title() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .respond_with(created("urn:li:share:6844785523593134080"))
        .expect(3)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let image = |id: &str| ImageUrn::new(id).unwrap();
    li.posts()
        .create(member())
        .text("Two days at the conference")
        .images(
            MultiImageContent::new()
                .image(image("C4E10AQFoyyAjHPMQuQ"))
                .image_with_alt(image("C4E10AQFoyyAjHPMQuR"), "The panel"),
        )
        .send()
        .await
        .unwrap();
    li.posts()
        .create(member())
        .text("Read the guide")
        .article(
            ArticleContent::new("https://example.com/guide", "The guide")
                .thumbnail(image("C4E10AQFoyyAjHPMQuQ")),
        )
        .send()
        .await
        .unwrap();
    let video: MediaUrn = VIDEO.parse().unwrap();
    li.posts()
        .create(member())
        .text("My talk")
        .media(video.to_content().title("The reform in 10 minutes"))
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    assert_eq!(
        body_json(&reqs[0])["content"],
        json!({"multiImage": {"images": [
            {"id": "urn:li:image:C4E10AQFoyyAjHPMQuQ"},
            {"id": "urn:li:image:C4E10AQFoyyAjHPMQuR", "altText": "The panel"}
        ]}})
    );
    assert_eq!(
        body_json(&reqs[1])["content"]["article"]["thumbnail"],
        IMAGE
    );
    assert_eq!(
        body_json(&reqs[2])["content"],
        json!({"media": {"id": VIDEO, "title": "The reform in 10 minutes"}})
    );

    let one = li
        .posts()
        .create(member())
        .text("x")
        .images(MultiImageContent::new().image(image("C4E10AQFoyyAjHPMQuQ")))
        .violations();
    assert_eq!(one[0].field, "content.multiImage.images");
    assert_eq!(one[0].kind, ViolationKind::Empty);
    let mut many = MultiImageContent::new();
    for i in 0..21 {
        many = many.image(image(&format!("C4E10AQFoyyAjHPM{i:03}")));
    }
    let too_many = li
        .posts()
        .create(member())
        .text("x")
        .images(many)
        .violations();
    assert_eq!(
        too_many[0].kind,
        ViolationKind::TooMany {
            limit: 20,
            actual: 21
        }
    );
}

/// The `Publisher` posts several uploaded images as `multiImage`, alt texts kept; a video
/// among several media is refused offline.
#[tokio::test]
async fn case1_publisher_posts_several_images_as_multi_image() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .respond_with(created("urn:li:share:6844785523593134080"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let account = LinkedInMember::new(li, member());
    let draft = Post::new("Album")
        .with_media(MediaRef::new(MediaId::new(IMAGE)).with_alt_text("One"))
        .with_media(MediaRef::new(MediaId::new(
            "urn:li:image:C4E10AQFoyyAjHPMQuR",
        )));
    account.publish(&draft).await.unwrap();
    let body = body_json(&requests(&server).await[0]);
    assert_eq!(
        body["content"]["multiImage"]["images"],
        json!([{"id": IMAGE, "altText": "One"}, {"id": "urn:li:image:C4E10AQFoyyAjHPMQuR"}])
    );
    let mixed = Post::new("Mixed")
        .with_media(MediaRef::new(MediaId::new(IMAGE)))
        .with_media(MediaRef::new(MediaId::new(VIDEO)));
    let err = account.validate(&mixed).unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].field, "media[1].id");
    assert_eq!(account.capabilities().max_media, 20);
}

/// Bytes that never get through (a 503 after every retry): the asset exists and its upload is
/// unknown, so `Unconfirmed` keeps its URN.
#[tokio::test]
async fn case1_a_put_that_keeps_failing_keeps_the_asset_urn() {
    let server = MockServer::start().await;
    image_initialized(&server, IMAGE, "/dms-uploads/i")
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .expect(3)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .image(member(), vec![1u8; 4], "image/jpeg")
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { endpoint, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(endpoint, "PUT {uploadUrl}");
    assert_eq!(err.created(), [Created::media(IMAGE)]);
}

/// A post carrying uploaded media whose outcome is unknown keeps the assets' URNs.
#[tokio::test]
async fn case1_an_unconfirmed_post_keeps_its_media_urns() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(ResponseTemplate::new(504))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .posts()
        .create(member())
        .text("Album")
        .images(
            MultiImageContent::new()
                .image(ImageUrn::new("C4E10AQFoyyAjHPMQuQ").unwrap())
                .image(ImageUrn::new("C4E10AQFoyyAjHPMQuR").unwrap()),
        )
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert_eq!(
        err.created(),
        [
            Created::media(IMAGE),
            Created::media("urn:li:image:C4E10AQFoyyAjHPMQuR")
        ]
    );
}
