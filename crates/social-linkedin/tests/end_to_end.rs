//! The whole job against the LinkedIn fake of `social-testkit` (issue 10, "done when"): sign in,
//! learn who the member is, publish as the member and as the page, read back, change, list,
//! reconcile and delete; and the fake's refusals (a retired version, a duplicate, a daily
//! quota, a missing permission, a spurious revocation) seen through the client's errors. The
//! fake speaks LinkedIn's documented wire format independently of this crate's models.

use std::sync::Arc;
use std::time::Duration;

use social_core::auth::{AccessToken, ClientSecret};
use social_core::clock::ManualClock;
use social_core::reconcile::Reconciled;
use social_core::{AuthErrorKind, Error, Listing, PageLimits, Post, Publisher, Reconcile};
use social_linkedin::adapter::{LinkedInMember, LinkedInOrganization};
use social_linkedin::auth::{TokenLifetime, scopes};
use social_linkedin::error::{is_daily_limit, is_version_retired};
use social_linkedin::models::TokenStatus;
use social_linkedin::posts::PostSort;
use social_linkedin::text::Commentary;
use social_linkedin::urn::{OrganizationUrn, PersonUrn, PostUrn};
use social_linkedin::{LinkedInClient, LinkedInClientBuilder};
use social_testkit::FakeServer;
use social_testkit::linkedin::{
    DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_MEMBER_SUB, DEMO_MEMBER_TOKEN, DEMO_ORGANIZATION_ID,
    DEMO_REDIRECT_URI, DEMO_SELF_SERVE_TOKEN, FinderTotal, LinkedInFake, Quota,
};

/// 2026-12-05T09:00:00Z, both clocks.
const NOW_UNIX: u64 = 1_796_461_200;

struct World {
    fake: LinkedInFake,
    server: FakeServer,
    clock: ManualClock,
}

async fn world() -> World {
    let fake = LinkedInFake::demo();
    fake.state().lock().set_now(NOW_UNIX as i64);
    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;
    let clock = ManualClock::new(std::time::UNIX_EPOCH + Duration::from_secs(NOW_UNIX));
    World {
        fake,
        server,
        clock,
    }
}

impl World {
    fn builder(&self) -> LinkedInClientBuilder {
        LinkedInClient::builder()
            .base_url(self.server.uri())
            .client_id(DEMO_CLIENT_ID)
            .client_secret(ClientSecret::new(DEMO_CLIENT_SECRET))
            .redirect_uri(DEMO_REDIRECT_URI)
            .clock(Arc::new(self.clock.clone()))
    }

    fn client(&self, token: &str) -> LinkedInClient {
        self.builder()
            .access_token(AccessToken::new(token))
            .build()
            .unwrap()
    }
}

fn camille() -> PersonUrn {
    PersonUrn::new(DEMO_MEMBER_SUB).unwrap()
}

fn firm() -> OrganizationUrn {
    OrganizationUrn::new(DEMO_ORGANIZATION_ID).unwrap()
}

/// Sign in through the consent page, exchange the code, and learn who the member is.
#[tokio::test]
async fn e2e_sign_in_then_userinfo() {
    let w = world().await;
    let app = w.builder().build().unwrap();
    let request = app
        .oauth()
        .unwrap()
        .authorize_url()
        .scopes(scopes::SIGN_IN_AND_SHARE)
        .build()
        .unwrap();
    // The member's browser: the consent page redirects back with a code and the state.
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let answer = browser.get(request.url.clone()).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = url::Url::parse(answer.headers()["location"].to_str().unwrap()).unwrap();
    let param = |k: &str| {
        location
            .query_pairs()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.into_owned())
    };
    assert_eq!(param("state").as_deref(), Some(request.state.as_str()));
    let code = param("code").expect("a code");
    let tokens = app.oauth().unwrap().exchange_code(&code).await.unwrap();
    assert!(
        tokens.refresh_token.is_none(),
        "a self-serve app gets no refresh token"
    );
    let life = TokenLifetime::after_consent(tokens.issued_at.unwrap(), &tokens);
    assert_eq!(
        life.reconsent_at(),
        tokens.issued_at.unwrap() + social_linkedin::auth::ACCESS_TOKEN_LIFETIME
    );
    let member = w.builder().tokens(&tokens).build().unwrap();
    let me = member.userinfo().send().await.unwrap();
    assert_eq!(me.person_urn().unwrap(), camille());
    assert_eq!(me.given_name.as_deref(), Some("Camille"));
    // Introspection says the same token is active.
    let info = app.tokens().introspect(&tokens.access_token).await.unwrap();
    assert!(info.active);
    assert_eq!(info.status, Some(TokenStatus::Active));
}

/// Partner apps get a refresh token, and refreshing works.
#[tokio::test]
async fn e2e_partner_refresh() {
    let w = world().await;
    w.fake.state().lock().set_partner(true);
    let app = w.builder().build().unwrap();
    let oauth = app.oauth().unwrap();
    let tokens = oauth
        .exchange_code(social_testkit::linkedin::DEMO_CODE)
        .await
        .unwrap();
    let refresh = tokens
        .refresh_token
        .clone()
        .expect("a partner gets a refresh token");
    let again = oauth.refresh(&refresh).await.unwrap();
    assert_ne!(again.access_token.secret(), tokens.access_token.secret());
    let life = TokenLifetime::after_refresh(tokens.issued_at.unwrap(), &again);
    assert!(life.refresh_expires_at.is_some());
}

/// Publish, read back, change, list, delete: the text LinkedIn keeps is the escaped little text.
#[tokio::test]
async fn e2e_post_lifecycle_as_the_member() {
    let w = world().await;
    w.fake.state().lock().set_finder_total(FinderTotal::Zero);
    let li = w.client(DEMO_MEMBER_TOKEN);
    let text = "Closed on Friday (bank holiday) — see #office_hours @reception";
    let urn = li
        .posts()
        .create(camille())
        .text(text)
        .send()
        .await
        .unwrap();
    let kept = w
        .fake
        .state()
        .lock()
        .post_commentary(&urn.to_string())
        .map(str::to_owned);
    assert_eq!(kept.as_deref(), Some(Commentary::plain(text).as_str()));
    let post = li.posts().get(&urn).send().await.unwrap();
    assert_eq!(
        post.commentary.as_deref(),
        Some(Commentary::plain(text).as_str())
    );
    li.posts()
        .update(&urn)
        .text("Open on Friday after all!")
        .send()
        .await
        .unwrap();
    let post = li.posts().get(&urn).send().await.unwrap();
    assert_eq!(
        post.commentary.as_deref(),
        Some("Open on Friday after all!")
    );
    // The finder reports total 0; the walk still reads every post, stopping on a short page.
    let mine = li
        .posts()
        .by_author(camille())
        .sort_by(PostSort::Created)
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(mine.len(), 2, "the demo post and this one");
    assert!(mine.iter().any(|p| p.id.as_ref() == Some(&urn)));
    li.posts().delete(&urn).await.unwrap();
    let err = li.posts().get(&urn).send().await.unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

/// Why escaping matters: the same text sent unescaped (through the escape hatch) is cut at the
/// first reserved character, with a 201 all the same; through `text` it is kept whole.
#[tokio::test]
async fn e2e_unescaped_text_is_silently_cut_and_escaped_text_is_not() {
    let w = world().await;
    let li = w.client(DEMO_MEMBER_TOKEN);
    let text = "Results (Q3) are out";
    let raw = li
        .raw()
        .post("posts")
        .json(&serde_json::json!({
            "author": camille().to_string(),
            "commentary": text,
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(raw.status(), 201);
    let cut: PostUrn = raw.header("x-restli-id").unwrap().parse().unwrap();
    let state = w.fake.state();
    assert_eq!(
        state.lock().post_commentary(&cut.to_string()),
        Some("Results ")
    );
    // The typed path refuses the same text as raw little text, and escapes it as plain text.
    assert!(matches!(
        li.posts().create(camille()).little_text(text).send().await,
        Err(Error::InvalidInput { .. })
    ));
    li.posts().delete(&cut).await.unwrap();
    let whole = li.posts().create(firm()).text(text).send().await.unwrap();
    assert_eq!(
        state.lock().post_commentary(&whole.to_string()),
        Some("Results \\(Q3\\) are out")
    );
}

/// The same commentary twice: `Duplicate`, naming the first post.
#[tokio::test]
async fn e2e_a_duplicate_names_the_first_post() {
    let w = world().await;
    let li = w.client(DEMO_MEMBER_TOKEN);
    let first = li
        .posts()
        .create(camille())
        .text("Same words")
        .send()
        .await
        .unwrap();
    let err = li
        .posts()
        .create(camille())
        .text("Same words")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Duplicate { .. }), "{err:?}");
    assert_eq!(err.duplicate_of(), Some(first.to_string().as_str()));
}

/// A retired version is 426, distinct and matchable.
#[tokio::test]
async fn e2e_a_retired_version_is_said_so() {
    let w = world().await;
    w.fake.state().lock().retire_version("202603");
    let li = w.client(DEMO_MEMBER_TOKEN);
    let err = li
        .posts()
        .create(camille())
        .text("Hello")
        .send()
        .await
        .unwrap_err();
    assert!(is_version_retired(&err), "{err:?}");
    assert!(err.to_string().contains("LinkedIn-Version 202603"), "{err}");
}

/// A spent daily quota: not retried, reset at midnight UTC, nothing sent again before then.
#[tokio::test]
async fn e2e_a_daily_quota_is_not_retried() {
    let w = world().await;
    w.fake
        .state()
        .lock()
        .set_daily_limit("GET /v2/userinfo", Quota::Member, 1);
    let li = w.client(DEMO_MEMBER_TOKEN);
    li.userinfo().send().await.unwrap();
    let err = li.userinfo().send().await.unwrap_err();
    assert!(is_daily_limit(&err), "{err:?}");
    let midnight = std::time::UNIX_EPOCH + Duration::from_secs(1_796_515_200);
    assert!(matches!(err, Error::RateLimited { reset_at: Some(t), .. } if t == midnight));
    // The next call is refused locally until midnight, without reaching the fake.
    let again = li.userinfo().send().await.unwrap_err();
    assert!(
        matches!(again, Error::RateLimited { reset_at: Some(t), .. } if t == midnight),
        "{again:?}"
    );
    assert_eq!(w.fake.state().lock().requests("GET /v2/userinfo"), 2);
    assert!(w.clock.sleeps().is_empty());
}

/// A self-serve token posts, but cannot read posts back (`r_member_social` is restricted); the
/// error names what was refused. Reconciling as the member is refused the same way.
#[tokio::test]
async fn e2e_restricted_reads_are_missing_permissions() {
    let w = world().await;
    let li = w.client(DEMO_SELF_SERVE_TOKEN);
    let urn = li
        .posts()
        .create(camille())
        .text("Self-serve post")
        .send()
        .await
        .unwrap();
    let err = li.posts().get(&urn).send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { .. },
                ..
            }
        ),
        "{err:?}"
    );
    let member = LinkedInMember::new(li, camille());
    let err = member
        .reconcile(&Post::new("Self-serve post"), chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
}

/// A revocation right after consent: the client waits a little and sends once more.
#[tokio::test]
async fn e2e_a_spurious_revocation_after_consent_is_retried() {
    let w = world().await;
    let li = w
        .builder()
        .access_token(AccessToken::new(DEMO_MEMBER_TOKEN))
        .token_issued_at(std::time::UNIX_EPOCH + Duration::from_secs(NOW_UNIX - 30))
        .build()
        .unwrap();
    w.fake.state().lock().revoke_spuriously(1);
    let me = li.userinfo().send().await.unwrap();
    assert_eq!(me.sub, DEMO_MEMBER_SUB);
    assert_eq!(
        w.clock.sleeps(),
        [social_linkedin::client::REVOCATION_RETRY_DELAY]
    );
}

/// The core traits end to end: publish as the member and as the page, reconcile, delete.
#[tokio::test]
async fn e2e_publisher_and_reconcile() {
    let w = world().await;
    let li = w.client(DEMO_MEMBER_TOKEN);
    let member = LinkedInMember::signed_in(li.clone()).await.unwrap();
    let attempted = chrono::DateTime::from_timestamp(NOW_UNIX as i64, 0).unwrap();
    let draft =
        Post::new("Our office moves (2nd floor) on Monday.").with_link("https://example.com/move");
    let published = member.publish(&draft).await.unwrap();
    assert_eq!(
        member.reconcile(&draft, attempted).await.unwrap(),
        Reconciled::Found(published.id.clone())
    );
    assert_eq!(
        member
            .reconcile(&Post::new("Never sent"), attempted)
            .await
            .unwrap(),
        Reconciled::NotFound
    );
    member.delete(&published.id).await.unwrap();
    let page = LinkedInOrganization::new(li, firm());
    let posted = page
        .publish(&Post::new("The firm is hiring."))
        .await
        .unwrap();
    assert!(
        posted
            .url
            .unwrap()
            .starts_with("https://www.linkedin.com/feed/update/urn:li:")
    );
    assert_eq!(
        page.reconcile(&Post::new("The firm is hiring."), attempted)
            .await
            .unwrap(),
        Reconciled::Found(posted.id)
    );
}
