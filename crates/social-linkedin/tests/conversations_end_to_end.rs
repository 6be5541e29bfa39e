//! Conversations end to end against the LinkedIn fake of `social-testkit` (issue 11, item 2):
//! a member posts; the member comments through `Conversations`, the page answers the comment;
//! both react, one reaction is replaced; "how did my post do" from the social metadata; a
//! comment edited, then deleted (a delete retried after a 5xx that finds it gone succeeds);
//! comments closed; and the fake's refusals seen through the client's errors.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::{AuthErrorKind, CommentId, Conversations, Error, Listing, PageLimits, PostId};
use social_linkedin::LinkedInClient;
use social_linkedin::adapter::{LinkedInMember, LinkedInOrganization};
use social_linkedin::models::{CommentsState, ReactionType, SocialEntity};
use social_linkedin::text::Commentary;
use social_linkedin::urn::{CommentUrn, OrganizationUrn, PersonUrn, PostUrn, Urn};
use social_testkit::FakeServer;
use social_testkit::linkedin::{
    DEMO_MEMBER_SUB, DEMO_MEMBER_TOKEN, DEMO_ORGANIZATION_ID, DEMO_SELF_SERVE_TOKEN, LinkedInFake,
};

/// 2026-12-05T09:00:00Z, both clocks.
const NOW_UNIX: u64 = 1_796_461_200;

async fn world() -> (LinkedInFake, FakeServer, ManualClock) {
    let fake = LinkedInFake::demo();
    fake.state().lock().set_now(NOW_UNIX as i64);
    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;
    let clock = ManualClock::new(std::time::UNIX_EPOCH + Duration::from_secs(NOW_UNIX));
    (fake, server, clock)
}

fn client(server: &FakeServer, clock: &ManualClock, token: &str) -> LinkedInClient {
    LinkedInClient::builder()
        .base_url(server.uri())
        .clock(Arc::new(clock.clone()))
        .access_token(AccessToken::new(token))
        .build()
        .unwrap()
}

fn camille() -> PersonUrn {
    PersonUrn::new(DEMO_MEMBER_SUB).unwrap()
}

fn firm() -> OrganizationUrn {
    OrganizationUrn::new(DEMO_ORGANIZATION_ID).unwrap()
}

#[tokio::test]
async fn case2_conversations_reactions_and_metadata_end_to_end() {
    let (fake, server, clock) = world().await;
    let li = client(&server, &clock, DEMO_MEMBER_TOKEN);
    let post: PostUrn = li
        .posts()
        .create(camille())
        .text("We moved to Lyon (3rd floor)!")
        .send()
        .await
        .unwrap();
    let post_id = PostId::new(post.to_string());
    let member = LinkedInMember::new(li.clone(), camille());
    let page = LinkedInOrganization::new(li.clone(), firm());

    // The member comments through the core trait; the text is escaped little text.
    let top = member
        .reply(&post_id, None, "Congrats (finally)!")
        .await
        .unwrap();
    let top_urn: CommentUrn = top.id.as_str().parse().unwrap();
    assert_eq!(
        fake.state().lock().comment_text(top.id.as_str()),
        Some("Congrats \\(finally\\)!")
    );
    // The page answers it.
    let answer = page
        .reply(&post_id, Some(&top.id), "Thank you_!")
        .await
        .unwrap();
    assert_eq!(answer.parent.as_ref(), Some(&top.id));
    // Top-level comments on the post, replies on the comment.
    let on_post = member.comments(&post_id, None).await.unwrap();
    assert_eq!(on_post.items.len(), 1);
    assert_eq!(on_post.items[0].id, top.id);
    assert!(on_post.next.is_none());
    let replies = page
        .comments(&PostId::new(top.id.to_string()), None)
        .await
        .unwrap();
    assert_eq!(replies.items.len(), 1);
    // Sent escaped as little text (`Thank you\\_!`), read back as the reader sees it.
    assert_eq!(replies.items[0].text, "Thank you_!");
    assert_eq!(
        fake.state()
            .lock()
            .comment_text(replies.items[0].id.as_str())
            .map(str::to_owned),
        Some("Thank you\\_!".to_owned())
    );
    assert_eq!(replies.items[0].parent.as_ref(), Some(&top.id));

    // Reactions: one per actor and entity; a second create is refused, a replace works.
    li.reactions()
        .react(camille(), &post, ReactionType::Like)
        .await
        .unwrap();
    li.reactions()
        .react(firm(), &post, ReactionType::Praise)
        .await
        .unwrap();
    li.reactions()
        .react(camille(), &top_urn, ReactionType::Entertainment)
        .await
        .unwrap();
    let err = li
        .reactions()
        .react(camille(), &post, ReactionType::Empathy)
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(409), "{err:?}");
    li.reactions()
        .replace(camille(), &post, ReactionType::Empathy)
        .await
        .unwrap();
    assert_eq!(
        fake.state()
            .lock()
            .reaction(&camille().to_string(), &post.to_string()),
        Some("EMPATHY")
    );
    let on_post = li
        .reactions()
        .list(&post)
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(on_post.len(), 2);
    // Newest first: the replaced reaction is the latest.
    assert_eq!(on_post[0].reaction_type, Some(ReactionType::Empathy));

    // How did my post do.
    let m = li.social_metadata().get(&post).await.unwrap();
    assert_eq!(m.reactions(&ReactionType::Empathy), Some(1));
    assert_eq!(m.reactions(&ReactionType::Praise), Some(1));
    assert_eq!(m.reactions(&ReactionType::Like), None);
    assert_eq!(m.total_reactions(), Some(2));
    assert_eq!(m.comments(), Some(2));
    assert_eq!(m.top_level_comments(), Some(1));
    let on_comment = li.social_metadata().get(&top_urn).await.unwrap();
    assert_eq!(on_comment.reactions(&ReactionType::Entertainment), Some(1));
    assert_eq!(on_comment.comments(), Some(1));

    // Edit: only the author may; the text is cut as LinkedIn cuts it only when raw (never here).
    let err = li
        .comments()
        .edit(&top_urn, firm(), Commentary::plain("hijack"))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    li.comments()
        .edit(
            &top_urn,
            camille(),
            Commentary::plain("Congrats (at last)!"),
        )
        .await
        .unwrap();
    assert_eq!(
        li.comments().get(&top_urn).await.unwrap().text(),
        "Congrats \\(at last\\)!"
    );

    // Delete: the first attempt dies with a 503 after LinkedIn deleted it (injected), the
    // retry finds it gone, and that is success; replies go with it.
    let one = format!(
        "/rest/socialActions/{}/comments/{}",
        post.restli_key(),
        top_urn.id()
    );
    li.comments().delete(&top_urn, camille()).await.unwrap();
    fake.inject_error(
        "DELETE",
        one.as_str(),
        503,
        json!({"status": 503, "message": "Service Unavailable"}),
        1,
    );
    li.comments().delete(&top_urn, camille()).await.unwrap();
    assert!(
        member
            .comments(&post_id, None)
            .await
            .unwrap()
            .items
            .is_empty()
    );
    let m = li.social_metadata().get(&post).await.unwrap();
    assert_eq!(m.comments(), Some(0));
    assert_eq!(m.top_level_comments(), Some(0));
    let batch = li
        .social_metadata()
        .batch_get(&[
            SocialEntity::from(post.clone()),
            SocialEntity::from(top_urn.clone()),
        ])
        .await
        .unwrap();
    assert_eq!(batch.results.len(), 1);
    assert_eq!(batch.errors.len(), 1);

    // Closed comments take no more.
    li.social_metadata()
        .set_comments_state(&post, camille(), CommentsState::Closed)
        .await
        .unwrap();
    assert_eq!(
        li.social_metadata()
            .get(&post)
            .await
            .unwrap()
            .comments_state,
        Some(CommentsState::Closed)
    );
    let err = member.reply(&post_id, None, "late").await.unwrap_err();
    assert_eq!(err.status(), Some(400), "{err:?}");
}

/// Without a read scope (a self-serve app), listing comments is the 403 LinkedIn gives; a
/// parent that is not a comment URN is refused before sending.
#[tokio::test]
async fn case2_conversations_refusals() {
    let (_fake, server, clock) = world().await;
    let li = client(&server, &clock, DEMO_SELF_SERVE_TOKEN);
    let post = li
        .posts()
        .create(camille())
        .text("Hello")
        .send()
        .await
        .unwrap();
    let member = LinkedInMember::new(li, camille());
    let post_id = PostId::new(post.to_string());
    let err = member.comments(&post_id, None).await.unwrap_err();
    let Error::Auth { kind, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(kind, &AuthErrorKind::MissingPermission { scope: None });
    let err = member
        .reply(&post_id, Some(&CommentId::new("12345")), "hi")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    // Writing works with the self-serve scope.
    member.reply(&post_id, None, "First!").await.unwrap();
}
