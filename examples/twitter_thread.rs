//! Publish a thread on X: every part is checked against X's length rules first, then each part
//! replies to the previous one. If a part fails, nothing after it is sent, and you are told
//! what was published and what was not.
//!
//! ```sh
//! printf 'First part\n\nSecond part\n\nThird part\n' | X_USER_TOKEN=… cargo run --example twitter_thread
//! printf '…' | X_USER_TOKEN=… cargo run --example twitter_thread -- --publish
//! ```
//!
//! Environment: `X_USER_TOKEN` (required to publish: an OAuth 2.0 user access token, see
//! `twitter_login`). Parts are read from standard input, separated by blank lines. Without
//! `--publish` the parts are only validated.

use std::io::Read;

use social_core::auth::AccessToken;
use social_twitter::TwitterClient;
use social_twitter::text::{TextConfig, parse};

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> AnyResult<()> {
    let mut input = String::new();
    std::io::stdin().read_to_string(&mut input)?;
    let parts: Vec<String> = input
        .split("\n\n")
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect();
    if parts.is_empty() {
        return Err("give the parts on standard input, separated by blank lines".into());
    }
    let config = TextConfig::default();
    for (i, part) in parts.iter().enumerate() {
        let parsed = parse(part, &config);
        println!(
            "part {}: {} / {} {}",
            i + 1,
            parsed.weighted_length,
            config.max_weighted_length(),
            if parsed.valid {
                "ok"
            } else {
                "TOO LONG OR INVALID"
            }
        );
    }
    if !std::env::args().any(|a| a == "--publish") {
        println!("validated only: add --publish to post");
        return Ok(());
    }
    let token = std::env::var("X_USER_TOKEN")
        .map_err(|_| "set X_USER_TOKEN to publish (see examples/twitter_login.rs)")?;
    let x = TwitterClient::builder()
        .user_token(AccessToken::new(token))
        .build()?;
    let outcome = x.tweets().thread(parts).send().await?;
    for p in &outcome.published {
        println!("published https://x.com/i/web/status/{}", p.id);
    }
    if let Some(f) = outcome.failed {
        eprintln!("part {} failed: {}", f.index + 1, f.error);
        eprintln!("not sent: {} part(s)", outcome.unsent.len());
        std::process::exit(1);
    }
    Ok(())
}
