//! The offline world of the "across the networks" examples: the X, Graph and LinkedIn fakes on
//! one local server (`/x`, `/facebook`, `/linkedin`), and the four identities of a small law
//! firm built on them: the partner on X, the firm's Facebook Page, the partner on LinkedIn and
//! the firm's LinkedIn page. Nothing leaves the machine.

use std::time::Duration;

use social_core::UserId;
use social_core::auth::{AccessToken, AppSecret, ClientSecret};
use social_facebook::FacebookClient;
use social_facebook::adapter::FacebookPage;
use social_facebook::models::PageId;
use social_linkedin::LinkedInClient;
use social_linkedin::adapter::{LinkedInMember, LinkedInOrganization};
use social_linkedin::urn::{OrganizationUrn, PersonUrn, PostUrn};
use social_testkit::facebook::{
    DEMO_APP_ID, DEMO_APP_SECRET, DEMO_PAGE_ID, DEMO_PAGE_TOKEN, GraphFake,
};
use social_testkit::linkedin::{
    DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_MEMBER_TOKEN, DEMO_ORGANIZATION_ID, DEMO_REDIRECT_URI,
    LinkedInFake,
};
use social_testkit::x::XFake;
use social_testkit::{FakeServer, Fault, PathPattern};
use social_twitter::{TwitterClient, XAccount};

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The fakes, their server and the four identities (each example uses some of them).
#[allow(dead_code)]
pub struct World {
    pub x_fake: XFake,
    pub graph: GraphFake,
    pub linkedin: LinkedInFake,
    pub server: FakeServer,
    pub partner: String,
    pub x: XAccount,
    pub page: FacebookPage,
    pub member: LinkedInMember,
    pub firm: LinkedInOrganization,
}

impl World {
    /// Starts the fakes and signs the four identities in.
    pub async fn start() -> AnyResult<World> {
        let x_fake = XFake::default();
        let partner = x_fake.add_user("camille_avocate", "Camille Martin");
        let graph = GraphFake::demo();
        let linkedin = LinkedInFake::demo();
        let server = FakeServer::start(()).await;
        server.mount("/x", &x_fake).await;
        server.mount("/facebook", &graph).await;
        server.mount("/linkedin", &linkedin).await;
        let uri = server.uri();

        let x = XAccount::new(
            TwitterClient::builder()
                .base_url(format!("{uri}/x"))
                .user_token(AccessToken::new(x_fake.user_token(&partner)))
                .build()?,
        )
        .with_identity(UserId::new(partner.clone()), "camille_avocate");
        let page = FacebookPage::new(
            FacebookClient::builder()
                .base_url(format!("{uri}/facebook"))
                .app_id(DEMO_APP_ID)
                .app_secret(AppSecret::new(DEMO_APP_SECRET))
                .access_token(AccessToken::new(DEMO_PAGE_TOKEN))
                .build()?,
            PageId::new(DEMO_PAGE_ID),
        )
        .with_label("Martin & Associés");
        let li = LinkedInClient::builder()
            .base_url(format!("{uri}/linkedin"))
            .client_id(DEMO_CLIENT_ID)
            .client_secret(ClientSecret::new(DEMO_CLIENT_SECRET))
            .redirect_uri(DEMO_REDIRECT_URI)
            .access_token(AccessToken::new(DEMO_MEMBER_TOKEN))
            .build()?;
        let member = LinkedInMember::signed_in(li.clone()).await?;
        let firm = LinkedInOrganization::new(li, OrganizationUrn::new(DEMO_ORGANIZATION_ID)?)
            .with_label("Martin & Associés page");
        Ok(World {
            x_fake,
            graph,
            linkedin,
            server,
            partner,
            x,
            page,
            member,
            firm,
        })
    }

    /// A new LinkedIn member comments `text` on the firm page's latest post (as a visitor
    /// does, through the Comments API with their own token); the comment's URN.
    #[allow(dead_code)]
    pub async fn linkedin_visitor_comments(&self, text: &str) -> AnyResult<String> {
        let visitor = self.linkedin.add_member("Jean", "Dupont");
        let token = self
            .linkedin
            .member_token(&visitor, &["openid", "profile", "w_member_social"]);
        let li = LinkedInClient::builder()
            .base_url(format!("{}/linkedin", self.server.uri()))
            .access_token(AccessToken::new(token))
            .build()?;
        let post: PostUrn = self
            .linkedin
            .state()
            .lock()
            .posts_by(&self.firm.urn().to_string())
            .pop()
            .ok_or("the firm has no post")?
            .parse()?;
        let created = li
            .comments()
            .create(&post, PersonUrn::new(&visitor)?)
            .text(text)
            .send()
            .await?;
        Ok(created.urn().map(|u| u.to_string()).unwrap_or_default())
    }

    /// Every create answers `delay` late on each network (the benchmark's latency).
    #[allow(dead_code)]
    pub fn delay_creates(&self, delay: Duration, times: u64) {
        for (method, path) in [
            ("POST", r"^/x/2/tweets$"),
            ("POST", r"^/facebook/.*/feed$"),
            ("POST", r"^/linkedin/rest/posts$"),
        ] {
            self.server
                .inject_on(method, PathPattern::regex(path), Fault::Delay(delay), times);
        }
    }
}
