//! Moderating a Facebook Page's comments: answer the clients who asked something and are still
//! waiting, hide the comments that break the Page's rules, and show each post's reactions.
//!
//! ```sh
//! cargo run --example facebook_moderate_comments           # offline, against the in-process Graph fake
//! FB_PAGE_TOKEN=… FB_PAGE_ID=… cargo run --example facebook_moderate_comments               # real, read-only
//! FB_PAGE_TOKEN=… FB_PAGE_ID=… cargo run --example facebook_moderate_comments -- --publish  # real, answers and hides
//! ```
//!
//! Environment: `FB_PAGE_TOKEN` (a Page token whose user holds the MODERATE task), `FB_PAGE_ID`,
//! and `FB_APP_SECRET` when the app requires `appsecret_proof`.

use social_core::PageLimits;
use social_core::auth::{AccessToken, AppSecret};
use social_facebook::models::{PageId, ReactionType};
use social_facebook::{FacebookClient, Listing};
use social_testkit::facebook::{DEMO_APP_SECRET, DEMO_PAGE_ID, DEMO_PAGE_TOKEN};

#[path = "facebook_setup.rs"]
mod facebook_setup;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Words that get a comment hidden (hidden comments stay visible to their author and friends).
const BANNED: [&str; 3] = ["scam", "arnaque", "idiot"];

#[tokio::main]
async fn main() -> AnyResult<()> {
    let publish_flag = std::env::args().any(|a| a == "--publish");
    // Keeps the fake alive while the example runs.
    let mut _fake = None;
    let (page, id, publish) = match facebook_setup::real_page(publish_flag)? {
        Some(real) => real,
        None => {
            let (server, _) = facebook_setup::demo_server().await;
            let client = FacebookClient::builder()
                .base_url(server.uri())
                .access_token(AccessToken::new(DEMO_PAGE_TOKEN))
                .app_secret(AppSecret::new(DEMO_APP_SECRET))
                .build()?;
            _fake = Some(server);
            (client, PageId::new(DEMO_PAGE_ID), true)
        }
    };

    let recent = page.posts().published(&id).page_size(5).send().await?;
    for post in &recent.items {
        println!(
            "\n== {} — {}",
            post.id,
            post.message.as_deref().unwrap_or("(no text)")
        );
        let counts = page.reactions().counts(post.id.as_str()).await?;
        println!(
            "  {} reactions ({} 👍, {} ❤️)",
            counts.total,
            counts.of(&ReactionType::Like),
            counts.of(&ReactionType::Love)
        );

        let waiting = page
            .comments()
            .awaiting_reply(&post.id, &id, PageLimits::default().max_pages(10))
            .await?;
        for c in waiting {
            let who = c
                .from
                .as_ref()
                .and_then(|f| f.name.clone())
                .unwrap_or_else(|| "someone".into());
            let text = c.message.clone().unwrap_or_default();
            let lower = text.to_lowercase();
            if BANNED.iter().any(|w| lower.contains(w)) {
                println!("  hide {who}: {text}");
                if publish {
                    page.comments().hide(&c.id).await?;
                }
            } else if text.contains('?') {
                println!("  answer {who}: {text}");
                if publish {
                    let reply = format!(
                        "Thank you {who} for your question. We will call you back today; you can also reach us at the office."
                    );
                    let id = page.comments().reply(c.id.as_str(), reply).send().await?;
                    println!("    replied ({id})");
                }
            } else {
                println!("  seen {who}: {text}");
            }
        }
    }
    Ok(())
}
