//! How the Facebook examples find their Page: the real one named by the environment, or the
//! in-process Graph fake.

use social_core::auth::{AccessToken, AppSecret};
use social_facebook::FacebookClient;
use social_facebook::models::PageId;
use social_testkit::FakeServer;
use social_testkit::facebook::{DEMO_POST_ID, GraphFake};

use crate::AnyResult;

/// The real Page when `FB_PAGE_TOKEN` and `FB_PAGE_ID` are set (with `FB_APP_SECRET` for the
/// proof when given): the client, the Page id, and whether writes are allowed (`--publish`).
/// `None` when neither is set; an error naming the missing one when only one is.
pub fn real_page(publish_flag: bool) -> AnyResult<Option<(FacebookClient, PageId, bool)>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (token, id) = match (var("FB_PAGE_TOKEN"), var("FB_PAGE_ID")) {
        (Some(token), Some(id)) => (token, id),
        (None, None) => return Ok(None),
        (Some(_), None) => return Err(
            "FB_PAGE_TOKEN is set but FB_PAGE_ID is missing: set both, or neither to run offline"
                .into(),
        ),
        (None, Some(_)) => return Err(
            "FB_PAGE_ID is set but FB_PAGE_TOKEN is missing: set both, or neither to run offline"
                .into(),
        ),
    };
    println!("Using the real Graph API (FB_PAGE_TOKEN and FB_PAGE_ID are set).");
    if !publish_flag {
        println!("Read-only: add --publish to write for real.");
    }
    let mut b = FacebookClient::builder()
        .access_token(AccessToken::new(token))
        .user_agent("social-rs-examples/0.1");
    if let Some(secret) = var("FB_APP_SECRET") {
        b = b.app_secret(AppSecret::new(secret));
    }
    Ok(Some((b.build()?, PageId::new(id), publish_flag)))
}

/// The Graph fake's demo (a law firm's Page with posts, visitors' comments and reactions), plus
/// a troll's comment under the latest news, served on a local port.
pub async fn demo_server() -> (FakeServer<()>, GraphFake) {
    println!("No FB_PAGE_TOKEN/FB_PAGE_ID: running offline against the in-process Graph fake.");
    let fake = GraphFake::demo();
    let troll = fake.add_user("Marc Durand");
    fake.add_visitor_comment(&troll, DEMO_POST_ID, "Ce cabinet est une arnaque, fuyez !");
    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;
    (server, fake)
}
