//! Review finding: `Conversations::reply` whose comment LinkedIn created (201) but did not name
//! is `Error::Unconfirmed` (do not send again), never an error that reads as a failure to retry.

use social_core::auth::AccessToken;
use social_core::{Conversations, Error, PostId};
use social_linkedin::LinkedInClient;
use social_linkedin::adapter::LinkedInMember;
use social_linkedin::urn::PersonUrn;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, ResponseTemplate};

#[tokio::test]
async fn review4_a_reply_created_without_a_name_is_unconfirmed() {
    let server = MockServer::start().await;
    // A 201 whose comment carries no URN (`$URN`/`id` missing).
    Mock::given(method("POST"))
        .and(path_regex(r"^/rest/socialActions/.+/comments$"))
        .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!({
            "actor": "urn:li:person:abc",
            "message": { "text": "Thank you!" }
        })))
        .expect(1)
        .mount(&server)
        .await;
    let li = LinkedInClient::builder()
        .base_url(server.uri())
        .access_token(AccessToken::new("t"))
        .build()
        .unwrap();
    let me = LinkedInMember::new(li, PersonUrn::new("abc").unwrap());
    let post = PostId::new("urn:li:share:6844785523593134080");
    let err = me.reply(&post, None, "Thank you!").await.unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("do not send it again"), "{text}");
    assert!(!text.contains("correlation id )"), "{text}");
}
