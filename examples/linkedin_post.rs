//! Publishing on LinkedIn as a member and as their firm's page: who the member is, drafts
//! refused before sending (an unescaped reserved character, a text too long), a post whose
//! commentary is built from text, a mention and a hashtag, an article, a poll, a post as the
//! page, then reading back, correcting and deleting.
//!
//! ```sh
//! cargo run --example linkedin_post                      # offline, against the in-process LinkedIn fake
//! LINKEDIN_TOKEN=… cargo run --example linkedin_post     # real, read-only
//! LINKEDIN_TOKEN=… LINKEDIN_ORG=2414183 cargo run --example linkedin_post -- --publish
//! ```
//!
//! Environment: `LINKEDIN_TOKEN` is a member's access token (scopes `openid profile
//! w_member_social`; `r_member_social` to read posts back, which LinkedIn grants to approved
//! apps only); `LINKEDIN_ORG` (optional) the numeric id of a page the member
//! administers (`w_organization_social`); `LINKEDIN_VERSION` (optional) the `LinkedIn-Version`
//! to use instead of the crate's default.

use social_core::auth::AccessToken;
use social_linkedin::posts::{ArticleContent, PollContent};
use social_linkedin::text::Commentary;
use social_linkedin::urn::OrganizationUrn;
use social_linkedin::version::estimated_sunset;
use social_linkedin::{LinkedInClient, LinkedInClientBuilder};
use social_testkit::linkedin::DEMO_ORGANIZATION_ID;

#[path = "linkedin_setup.rs"]
mod linkedin_setup;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// The real member named by the environment: the client builder, the page (if any), and
/// whether writes are allowed. `None` when nothing is set; an error naming the missing variable
/// when only the page is.
fn real_member(
    publish_flag: bool,
) -> AnyResult<Option<(LinkedInClientBuilder, Option<String>, bool)>> {
    let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (token, organization) = match (var("LINKEDIN_TOKEN"), var("LINKEDIN_ORG")) {
        (Some(token), organization) => (token, organization),
        (None, None) => return Ok(None),
        (None, Some(_)) => {
            return Err(
                "LINKEDIN_ORG is set but LINKEDIN_TOKEN is missing: set LINKEDIN_TOKEN to a token of a member of that page, or neither to run offline"
                    .into(),
            );
        }
    };
    println!("Using the real LinkedIn API (LINKEDIN_TOKEN is set).");
    if !publish_flag {
        println!("Read-only: add --publish to write for real.");
    }
    let mut b = LinkedInClient::builder()
        .access_token(AccessToken::new(token))
        .user_agent("social-rs-examples/0.1");
    if let Some(v) = var("LINKEDIN_VERSION") {
        b = b.version(v)?;
    }
    Ok(Some((b, organization, publish_flag)))
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    let publish_flag = std::env::args().any(|a| a == "--publish");
    // Keeps the fake alive while the example runs.
    let mut _fake = None;
    let (li, organization, publish) = match real_member(publish_flag)? {
        Some((b, organization, publish)) => (b.build()?, organization, publish),
        None => {
            let (client, fake) = linkedin_setup::demo_client().await?;
            _fake = Some(fake);
            (client, Some(DEMO_ORGANIZATION_ID.to_string()), true)
        }
    };
    println!(
        "LinkedIn-Version {} (estimated sunset {}).",
        li.version(),
        estimated_sunset(li.version())
    );

    println!("\n== Who is signed in");
    let me = li.userinfo().send().await?;
    let urn = me.person_urn()?;
    println!("  {} ({urn})", me.name.as_deref().unwrap_or("?"));

    println!("\n== Checked before sending");
    let posts = li.posts();
    let unescaped = posts
        .create(urn.clone())
        .little_text("Results (Q3) are out");
    for v in unescaped.violations() {
        println!("  refused: {v}");
    }
    let too_long = posts.create(urn.clone()).text(&"Long read. ".repeat(300));
    for v in too_long.violations() {
        println!("  refused: {v}");
    }

    println!("\n== Publish as the member");
    let commentary = Commentary::builder()
        .text("Our office moves to 12 rue de la Paix (2nd floor) on Monday — thanks to ")
        .mention(me.name.as_deref().unwrap_or("our team"), &urn)
        .text(" for organising it! ")
        .hashtag("office")
        .build();
    let news = posts.create(urn.clone()).commentary(commentary);
    let article = posts
        .create(urn.clone())
        .text("New article on the 2027 tax reform:")
        .article(
            ArticleContent::new(
                "https://example.com/articles/tax-2027",
                "What the 2027 tax reform changes",
            )
            .description("For freelancers and small firms"),
        );
    let poll = posts
        .create(urn.clone())
        .text("Help us choose our next webinar:")
        .poll(
            PollContent::new("Which topic?")
                .option("Tax")
                .option("Estate planning"),
        );
    let mut created = Vec::new();
    if publish {
        for (name, post) in [("post", news), ("article", article), ("poll", poll)] {
            let id = post.send().await?;
            println!("  {name}: https://www.linkedin.com/feed/update/{id}/");
            created.push(id);
        }
    } else {
        for (name, post) in [("post", news), ("article", article), ("poll", poll)] {
            println!(
                "  {name}: {} violation(s); not sent (read-only)",
                post.violations().len()
            );
        }
    }

    if let Some(org) = organization {
        println!("\n== Publish as the page {org}");
        let page = OrganizationUrn::new(org)?;
        let hiring = posts
            .create(page)
            .text("We are hiring a tax associate (m/f/x). Apply before 31 January.");
        if publish {
            let id = hiring.send().await?;
            println!("  https://www.linkedin.com/feed/update/{id}/");
            created.push(id);
        } else {
            println!(
                "  {} violation(s); not sent (read-only)",
                hiring.violations().len()
            );
        }
    }

    if let Some(first) = created.first() {
        println!("\n== Read back, correct, delete");
        match posts.get(first).send().await {
            Ok(post) => println!("  read back: {:?}", post.commentary),
            // A self-serve app cannot read posts back (r_member_social is restricted).
            Err(e) => println!("  not readable with this token: {e}"),
        }
        posts
            .update(first)
            .text("Our office moves to 12 rue de la Paix (2nd floor) on Monday 6 January.")
            .send()
            .await?;
        println!("  corrected {first}");
        for id in &created[1..] {
            posts.delete(id).await?;
            println!("  deleted {id}");
        }
    }
    Ok(())
}
