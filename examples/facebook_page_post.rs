//! Publishing on a Facebook Page: a post with a link, a photo, a multi-photo post, a scheduled
//! post (and one refused before sending because it is scheduled too soon), then the scheduled
//! queue.
//!
//! ```sh
//! cargo run --example facebook_page_post            # offline, against the in-process Graph fake
//! FB_PAGE_TOKEN=… FB_PAGE_ID=… cargo run --example facebook_page_post               # real, read-only
//! FB_PAGE_TOKEN=… FB_PAGE_ID=… FB_APP_SECRET=… cargo run --example facebook_page_post -- --publish
//! ```
//!
//! Environment: `FB_PAGE_TOKEN` is a Page access token (from `/me/accounts`), `FB_PAGE_ID` the
//! Page's id, `FB_APP_SECRET` (optional) the app secret, needed when the app requires
//! `appsecret_proof`.

use chrono::{Duration, Utc};
use social_core::auth::{AccessToken, AppSecret};
use social_facebook::models::PageId;
use social_facebook::posts::PhotoSource;
use social_facebook::{FacebookClient, Listing};
use social_testkit::facebook::{DEMO_APP_SECRET, DEMO_PAGE_ID, DEMO_PAGE_TOKEN};

#[path = "facebook_setup.rs"]
mod facebook_setup;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

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
    let posts = page.posts();

    println!("\n== Checked before sending");
    let too_soon = posts
        .create(&id)
        .message("Closed this afternoon.")
        .scheduled_at(Utc::now() + Duration::minutes(5));
    for v in too_soon.violations() {
        println!("  refused: {v}");
    }

    println!("\n== Publish");
    let news = posts
        .create(&id)
        .message("New article: what the 2027 tax reform changes for freelancers.")
        .link("https://example.com/articles/tax-2027");
    let photo = posts
        .photo(&id)
        .url("https://example.com/images/team-2026.jpg")
        .caption("The team at the 2026 bar conference.");
    let album = posts
        .create(&id)
        .message("Our new offices, open on Monday.")
        .photo(PhotoSource::Url(
            "https://example.com/images/office-1.jpg".into(),
        ))
        .photo(PhotoSource::Url(
            "https://example.com/images/office-2.jpg".into(),
        ));
    let later = posts
        .create(&id)
        .message("Reminder: the office is closed on Friday for the holiday.")
        .scheduled_at(Utc::now() + Duration::days(2));
    if publish {
        let n = news.send().await?;
        println!("  post with a link: {}", n.id);
        let p = photo.send().await?;
        println!("  photo {} in post {:?}", p.id, p.post_id);
        let a = album.send().await?;
        println!("  multi-photo post {} ({} photos)", a.id, a.photos.len());
        let s = later.send().await?;
        println!("  scheduled post {}", s.id);
    } else {
        for (name, v) in [
            ("link post", news.violations()),
            ("multi-photo post", album.violations()),
            ("scheduled post", later.violations()),
        ] {
            println!("  {name}: {} violation(s); not sent (read-only)", v.len());
        }
        println!(
            "  photo: {} violation(s); not sent (read-only)",
            photo.violations().len()
        );
    }

    println!("\n== The scheduled queue");
    let queue = posts.scheduled(&id).page_size(10).send().await?;
    for post in &queue.items {
        println!(
            "  {} at {:?}: {}",
            post.id,
            post.scheduled_publish_time,
            post.message.as_deref().unwrap_or("")
        );
    }
    if queue.items.is_empty() {
        println!("  (empty)");
    }
    Ok(())
}
