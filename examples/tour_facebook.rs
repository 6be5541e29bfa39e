//! The tour's Facebook leg: the professional's Page, end to end.

use chrono::{Duration, Utc};
use social_core::auth::{AccessToken, AppSecret};
use social_core::{AudienceReader, PageLimits};
use social_facebook::adapter::FacebookPage;
use social_facebook::models::{PageTask, ReactionType};
use social_facebook::{FacebookClient, Listing};
use social_testkit::facebook::{DEMO_APP_ID, DEMO_APP_SECRET, DEMO_USER_TOKEN};

use crate::{AnyResult, count, step};

/// Runs the leg: offline against the Graph fake, or on a real Page with `FB_PAGE_TOKEN` and
/// `FB_PAGE_ID` (writes only with `publish`).
pub async fn run(publish_flag: bool) -> AnyResult<()> {
    println!("\n#### Facebook: the professional's Page");
    let mut _fake = None;
    let (page, id, publish) = match crate::facebook_setup::real_page(publish_flag)? {
        Some(real) => real,
        None => {
            let (server, _) = crate::facebook_setup::demo_server().await;
            // The manager signs in with a user token; the Page token comes from /me/accounts.
            let user = FacebookClient::builder()
                .base_url(server.uri())
                .app_id(DEMO_APP_ID)
                .app_secret(AppSecret::new(DEMO_APP_SECRET))
                .access_token(AccessToken::new(DEMO_USER_TOKEN))
                .build()?;
            step("The Pages you manage, and their Page tokens");
            let accounts = user
                .pages()
                .accounts()
                .collect(PageLimits::default())
                .await?;
            for a in &accounts {
                println!(
                    "  {} {:?} tasks {:?}",
                    a.id,
                    a.name.as_deref().unwrap_or(""),
                    a.tasks.iter().map(|t| t.as_str()).collect::<Vec<_>>()
                );
            }
            let account = accounts
                .iter()
                .find(|a| a.can(&PageTask::CreateContent))
                .ok_or("the sandbox user manages no Page")?;
            let info = user
                .tokens()
                .debug_token(account.access_token.as_ref().ok_or("no Page token")?)
                .await?;
            println!(
                "  Page token valid: {}, never expires: {}, scopes: {}",
                info.is_valid,
                info.never_expires(),
                info.scopes.join(",")
            );
            let page = user.for_page(account)?;
            _fake = Some(server);
            (page, account.id.clone(), true)
        }
    };

    step("Check a post before sending it");
    let too_soon = page
        .posts()
        .create(&id)
        .message("Closed this afternoon.")
        .scheduled_at(Utc::now() + Duration::minutes(5));
    for v in too_soon.violations() {
        println!("  refused before sending: {v}");
    }

    step("Post news, and schedule one");
    let news = page
        .posts()
        .create(&id)
        .message("New article: what the 2027 tax reform changes for freelancers.")
        .link("https://example.com/articles/tax-2027");
    let later = page
        .posts()
        .create(&id)
        .message("Reminder: the office is closed on Friday.")
        .scheduled_at(Utc::now() + Duration::days(2));
    if publish {
        println!("  posted {}", news.send().await?.id);
        println!("  scheduled {}", later.send().await?.id);
    } else {
        println!(
            "  dry run: {} + {} violation(s), nothing sent",
            news.violations().len(),
            later.violations().len()
        );
    }

    step("Reactions and comments on the latest posts; answer the clients who wait");
    let recent = page.posts().published(&id).page_size(3).send().await?;
    for post in &recent.items {
        let counts = page.reactions().counts(post.id.as_str()).await?;
        println!(
            "  {}: {} reactions ({} ❤️) — {}",
            post.id,
            counts.total,
            counts.of(&ReactionType::Love),
            post.message.as_deref().unwrap_or("")
        );
        let waiting = page
            .comments()
            .awaiting_reply(&post.id, &id, PageLimits::default().max_pages(5))
            .await?;
        for c in waiting {
            let who = c
                .from
                .as_ref()
                .and_then(|f| f.name.clone())
                .unwrap_or_else(|| "someone".into());
            let text = c.message.clone().unwrap_or_default();
            if text.to_lowercase().contains("arnaque") || text.to_lowercase().contains("scam") {
                println!("    hide {who}: {text}");
                if publish {
                    page.comments().hide(&c.id).await?;
                }
            } else if text.contains('?') {
                println!("    {who} asks: {text}");
                if publish {
                    let reply = page
                        .comments()
                        .reply(
                            c.id.as_str(),
                            format!("Thank you {who}, we will call you back today."),
                        )
                        .send()
                        .await?;
                    println!("    answered ({reply})");
                }
            }
        }
    }

    step("The Page's audience");
    let audience = FacebookPage::new(page.clone(), id.clone())
        .audience()
        .await?;
    println!(
        "  likes (fans): {}, followers: {}",
        count(audience.fans),
        count(audience.followers)
    );
    Ok(())
}
