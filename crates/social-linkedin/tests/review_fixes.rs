//! Review findings on the LinkedIn client (review 3): created comments and reactions whose
//! answer cannot be read (finding 3), signed upload URLs kept out of errors and `Debug`
//! (finding 5), a listing cursor at `u64::MAX` (finding 7), correlation ids and wording of the
//! media's unknown outcomes, and the typed image URN of an upload (finding 8). Fixtures follow
//! the Comments, Reactions and Images API pages
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/reactions-api>,
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api>).

mod common;

use std::time::Duration;

use common::*;
use serde_json::json;
use social_core::reconcile::{Created, CreatedKind};
use social_core::{Cursor, Error, Listing};
use social_linkedin::models::{
    DocumentUploadTicket, ImageUploadTicket, MediaAsset, ReactionType, UploadInstruction,
    VideoUploadTicket,
};
use social_linkedin::urn::{ImageUrn, PersonUrn, PostUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const POST: &str = "urn:li:share:6844785523593134080";
const POST_KEY: &str = "urn%3Ali%3Ashare%3A6844785523593134080";
const IMAGE: &str = "urn:li:image:C4E10AQFoyyAjHPMQuQ";
const IMAGE_KEY: &str = "/rest/images/urn%3Ali%3Aimage%3AC4E10AQFoyyAjHPMQuQ";
const VIDEO: &str = "urn:li:video:C5F10AQGKQg_6y2a4sQ";
/// The signature of a pre-signed URL: never printed.
const SIGNATURE: &str = "sig-SECRET-5f0e1d";

fn member() -> PersonUrn {
    MEMBER.parse().unwrap()
}

fn post() -> PostUrn {
    POST.parse().unwrap()
}

fn signed(base: &str, path: &str) -> String {
    format!(
        "{base}{path}?ca=vector_feedshare&cn=uploads&m=AQ&app=201094746&sync=0&v=beta&ut={SIGNATURE}"
    )
}

// ----- finding 3: a created comment or reaction with an unreadable answer -----------------

#[tokio::test]
async fn review3_a_comment_created_with_an_unreadable_answer_is_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(format!("/rest/socialActions/{POST_KEY}/comments")))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-restli-id", "6844788096353894400")
                .insert_header("content-type", "application/json")
                .set_body_string(r#"{"id": 6844788096353894400, "message": "#),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .comments()
        .create(post(), member())
        .text("Well said")
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed {
        correlation_id,
        cause,
        endpoint,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!(matches!(**cause, Error::Decode { .. }), "{cause:?}");
    assert_eq!(endpoint, "POST /socialActions/:target/comments");
    assert_eq!(correlation_id.len(), 16, "{err}");
    assert!(!err.is_retryable());
    // The comment is named by `x-restli-id`: its URN is kept for reconciling.
    assert_eq!(
        err.created(),
        [Created::new(
            CreatedKind::Other("comment".into()),
            format!("urn:li:comment:({POST},6844788096353894400)")
        )]
    );
}

#[tokio::test]
async fn review3_a_reaction_created_with_an_unreadable_answer_is_unconfirmed() {
    let server = MockServer::start().await;
    let key = format!("urn:li:reaction:({MEMBER},{POST})");
    Mock::given(method("POST"))
        .and(path("/rest/reactions"))
        .respond_with(
            ResponseTemplate::new(201)
                .insert_header("x-restli-id", key.as_str())
                .insert_header("content-type", "application/json")
                .set_body_string("<html>created</html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .reactions()
        .react(member(), post(), ReactionType::Praise)
        .await
        .unwrap_err();
    let Error::Unconfirmed {
        correlation_id,
        cause,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert!(matches!(**cause, Error::Decode { .. }), "{cause:?}");
    assert_eq!(correlation_id.len(), 16, "{err}");
    assert_eq!(
        err.created(),
        [Created::new(CreatedKind::Other("reaction".into()), key)]
    );
}

// ----- finding 5: the signed upload URL never printed ------------------------------------

#[tokio::test]
async fn review5_an_unreadable_initialize_answer_never_prints_the_upload_url() {
    let server = MockServer::start().await;
    // The image URN is not one: the ticket does not decode, the signed URL is in the body.
    Mock::given(method("POST"))
        .and(path("/rest/images"))
        .respond_with(json(
            200,
            json!({"value": {
                "uploadUrlExpiresAt": 1_650_567_510_704u64,
                "uploadUrl": signed(&server.uri(), "/dms-uploads/C4E10AQFoyyAjHPMQuQ/0"),
                "image": "not-an-urn"
            }}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .image(member(), vec![1u8; 4], "image/png")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
        assert!(!shown.contains(SIGNATURE), "{shown}");
        assert!(!shown.contains("dms-uploads"), "{shown}");
    }
}

#[test]
fn review5_tickets_and_assets_debug_without_the_query() {
    let url = signed(
        "https://www.linkedin.com",
        "/dms-uploads/C4E10AQFoyyAjHPMQuQ/0",
    );
    let image: ImageUploadTicket = serde_json::from_value(json!({
        "uploadUrlExpiresAt": 1_650_567_510_704u64,
        "uploadUrl": url,
        "image": IMAGE,
        "partnerUrl": url,
    }))
    .unwrap();
    let document: DocumentUploadTicket = serde_json::from_value(json!({
        "uploadUrl": url, "document": "urn:li:document:D4D10AQH4ZPV0-3wJxg"
    }))
    .unwrap();
    let instruction: UploadInstruction =
        serde_json::from_value(json!({"uploadUrl": url, "firstByte": 0, "lastByte": 3})).unwrap();
    let video: VideoUploadTicket = serde_json::from_value(json!({
        "video": VIDEO,
        "uploadToken": "upload-token-SECRET",
        "uploadInstructions": [{"uploadUrl": url, "firstByte": 0, "lastByte": 3}],
        "thumbnailUploadUrl": url,
        "captionsUploadUrl": url,
    }))
    .unwrap();
    let asset: MediaAsset = serde_json::from_value(json!({
        "id": IMAGE, "status": "AVAILABLE",
        "downloadUrl": signed("https://media.licdn.com", "/dms/image/C4E10AQFoyyAjHPMQuQ/image-shrink_1280/0/1"),
        "thumbnail": {"url": url}
    }))
    .unwrap();
    let shown = [
        format!("{image:?}"),
        format!("{document:?}"),
        format!("{instruction:?}"),
        format!("{video:?}"),
        format!("{asset:#?}"),
    ];
    for s in &shown {
        assert!(!s.contains(SIGNATURE), "{s}");
        assert!(!s.contains("upload-token-SECRET"), "{s}");
        // Scheme, host and path stay, to tell the URLs apart.
        assert!(
            s.contains("https://www.linkedin.com/dms-uploads/C4E10AQFoyyAjHPMQuQ/0")
                || s.contains("https://media.licdn.com/dms/image/"),
            "{s}"
        );
    }
    // The values themselves are untouched.
    assert!(image.upload_url.contains(SIGNATURE));
}

#[tokio::test]
async fn review5_an_uploaded_media_debug_never_prints_the_download_signature() {
    let server = MockServer::start().await;
    image_initialized(&server, IMAGE, "/dms-uploads/i/0")
        .mount(&server)
        .await;
    put_accepted().mount(&server).await;
    Mock::given(method("GET"))
        .and(path(IMAGE_KEY))
        .respond_with(json(
            200,
            json!({"id": IMAGE, "status": "AVAILABLE",
                "downloadUrl": signed("https://media.licdn.com", "/dms/image/C4E10AQFoyyAjHPMQuQ/0")}),
        ))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let up = li
        .media()
        .image(member(), vec![1u8; 4], "image/png")
        .send()
        .await
        .unwrap();
    let shown = format!("{up:?}");
    assert!(!shown.contains(SIGNATURE), "{shown}");
    assert!(
        shown.contains("https://media.licdn.com/dms/image/C4E10AQFoyyAjHPMQuQ/0"),
        "{shown}"
    );
    // Finding 8: the typed image URN, no `MediaUrn` dance.
    assert_eq!(up.image_urn(), Some(IMAGE.parse::<ImageUrn>().unwrap()));
}

// ----- finding 7: a cursor at u64::MAX ---------------------------------------------------

#[tokio::test]
async fn review7_a_full_page_at_the_largest_cursor_is_the_last() {
    let server = MockServer::start().await;
    let element = json!({"id": "1", "actor": MEMBER, "object": POST, "message": {"text": "x"}});
    Mock::given(method("GET"))
        .and(path(format!("/rest/socialActions/{POST_KEY}/comments")))
        .respond_with(json(
            200,
            json!({"elements": [element.clone(), element], "paging": {"start": 0, "count": 2}}),
        ))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let page = li
        .comments()
        .list(post())
        .page_size(2)
        .after(Cursor::new(u64::MAX.to_string()))
        .send()
        .await
        .unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.next.is_none(), "{:?}", page.next);
    let sent = requests(&server).await;
    assert!(
        sent[0]
            .url
            .query()
            .is_some_and(|q| q.contains("start=18446744073709551615")),
        "{:?}",
        sent[0].url
    );
}

// ----- finding 8: correlation ids and wording of the media's unknown outcomes ------------

#[tokio::test]
async fn review8_a_failed_put_after_initialize_carries_a_correlation_id() {
    let server = MockServer::start().await;
    image_initialized(&server, IMAGE, "/dms-uploads/i/0")
        .mount(&server)
        .await;
    Mock::given(method("PUT"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .image(member(), vec![1u8; 4], "image/png")
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { correlation_id, .. } = &err else {
        panic!("{err:?}");
    };
    assert_eq!(correlation_id.len(), 16, "{err}");
    assert!(!err.to_string().contains("(correlation id )"), "{err}");
    assert_eq!(err.created(), [Created::media(IMAGE)]);
}

#[tokio::test]
async fn review8_a_processing_timeout_says_the_asset_exists_and_how_to_check_it() {
    let server = MockServer::start().await;
    image_initialized(&server, IMAGE, "/dms-uploads/i/0")
        .mount(&server)
        .await;
    put_accepted().mount(&server).await;
    Mock::given(method("GET"))
        .and(path(IMAGE_KEY))
        .respond_with(json(200, json!({"id": IMAGE, "status": "PROCESSING"})))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .media()
        .image(member(), vec![1u8; 4], "image/png")
        .poll_interval(Duration::from_secs(3))
        .max_processing_wait(Duration::from_secs(6))
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed {
        correlation_id,
        endpoint,
        ..
    } = &err
    else {
        panic!("{err:?}");
    };
    let text = err.to_string();
    assert_eq!(correlation_id.len(), 16, "{text}");
    // The outcome unknown is the upload's, not that of a status read.
    assert_eq!(endpoint, "POST /images?action=initializeUpload");
    assert!(text.contains("exists"), "{text}");
    assert!(text.contains("li.media().status("), "{text}");
    assert_eq!(err.created(), [Created::media(IMAGE)]);
}

#[tokio::test]
async fn review5_an_unreadable_status_answer_never_prints_the_download_url() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(IMAGE_KEY))
        .respond_with(json(
            200,
            json!({"id": IMAGE, "status": 7,
                "downloadUrl": signed("https://media.licdn.com", "/dms/image/C4E10AQFoyyAjHPMQuQ/0")}),
        ))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let urn: social_linkedin::media::MediaUrn = IMAGE.parse().unwrap();
    let err = li.media().status(&urn).await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    for shown in [err.to_string(), format!("{err:?}")] {
        assert!(!shown.contains(SIGNATURE), "{shown}");
    }
}

// ----- review 4: an error says which network and what to do ---------------------------------

#[tokio::test]
async fn review4_an_unknown_comments_state_is_refused_offline_naming_the_states_to_use() {
    let server = MockServer::start().await;
    let (li, _clock) = client(&server);
    let err = li
        .social_metadata()
        .set_comments_state(
            &post(),
            member(),
            social_linkedin::models::CommentsState::Unknown("FROZEN".into()),
        )
        .await
        .unwrap_err();
    let shown = err.to_string();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    assert!(shown.contains("LinkedIn"), "{shown}");
    assert!(
        shown.contains("CommentsState::Open") && shown.contains("CommentsState::Closed"),
        "{shown}"
    );
    assert!(requests(&server).await.is_empty(), "nothing is sent");
}
