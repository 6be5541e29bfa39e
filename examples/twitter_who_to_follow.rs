//! Whom to follow on X, from the accounts you admire.
//!
//! ```sh
//! X_USER_TOKEN=… cargo run --example twitter_who_to_follow -- XDevelopers another_account
//! ```
//!
//! Environment: `X_USER_TOKEN` (required: an OAuth 2.0 user access token, see `twitter_login`).
//! It reads whom each seed follows (within X's rate limits: 15 requests by default, so 15 pages
//! of up to 1,000 accounts), ranks the accounts followed by several selective seeds first, and
//! explains each suggestion. Nothing is followed: it only reads.

use social_core::UserId;
use social_core::auth::AccessToken;
use social_core::discover::{DiscoverOptions, who_to_follow};
use social_twitter::{TwitterClient, XAccount};

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> AnyResult<()> {
    let token = std::env::var("X_USER_TOKEN")
        .map_err(|_| "set X_USER_TOKEN (see examples/twitter_login.rs)")?;
    let seeds: Vec<String> = std::env::args().skip(1).collect();
    if seeds.is_empty() {
        return Err("name one or more usernames you admire: cargo run --example twitter_who_to_follow -- XDevelopers".into());
    }
    let x = TwitterClient::builder()
        .user_token(AccessToken::new(token))
        .build()?;
    let me = x.me_id().await?;
    let users = x
        .users()
        .by_usernames(seeds.iter().map(String::as_str))
        .send()
        .await?;
    for e in &users.errors {
        eprintln!("skipped: {}", e.detail.as_deref().unwrap_or("unknown user"));
    }
    let users = users.data.unwrap_or_default();
    let ids: Vec<UserId> = users.iter().map(|u| u.id.clone()).collect();
    let found = who_to_follow(&XAccount::new(x), &me, &ids, &DiscoverOptions::default()).await?;
    let name = |id: &UserId| match users.iter().find(|u| &u.id == id) {
        Some(u) => format!("@{}", u.username),
        None => found.graph.display_name(id),
    };
    for (i, s) in found.suggestions.iter().enumerate() {
        println!("{:>2}. {} ({})", i + 1, name(&s.account), s.explain(name));
    }
    println!(
        "\n{} request(s); seeds read fully: {}",
        found.requests_made,
        found.seeds_read().len()
    );
    if let Some(stop) = &found.stopped_by {
        println!("stopped early, partial results: {stop}");
    }
    Ok(())
}
