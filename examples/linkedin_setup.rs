//! How the LinkedIn examples run without a token: the in-process LinkedIn fake's demo (Camille
//! Martin, the firm's page she administers, an event organizer), and a client of it.

use social_core::auth::AccessToken;
use social_linkedin::LinkedInClient;
use social_testkit::FakeServer;
use social_testkit::linkedin::{DEMO_MEMBER_TOKEN, LinkedInFake};

use crate::AnyResult;

/// The LinkedIn fake's demo served on a local port, and a client signed in as its demo member.
/// Keep the server and the fake alive while the client is used.
pub async fn demo_client() -> AnyResult<(LinkedInClient, (FakeServer<()>, LinkedInFake))> {
    println!("No LINKEDIN_TOKEN: running offline against the in-process LinkedIn fake.");
    let fake = LinkedInFake::demo();
    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;
    let client = LinkedInClient::builder()
        .base_url(server.uri())
        .access_token(AccessToken::new(DEMO_MEMBER_TOKEN))
        .build()?;
    Ok((client, (server, fake)))
}
