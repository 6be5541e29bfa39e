//! A firm's LinkedIn page: the pages the member administers, one page, its follower count
//! and statistics (followers by facet and over the last four weeks, posts, page views), then a
//! post as the page.
//!
//! ```sh
//! cargo run --example linkedin_company_page                    # offline, against the in-process LinkedIn fake
//! LINKEDIN_TOKEN=… cargo run --example linkedin_company_page   # real, read-only
//! LINKEDIN_TOKEN=… LINKEDIN_ORG=2414183 cargo run --example linkedin_company_page -- --publish
//! ```
//!
//! Environment: `LINKEDIN_TOKEN` is the token of a member who administers a page, with the
//! Community Management API's scopes (`rw_organization_admin` for the ACLs and statistics,
//! `w_organization_social` to post); `LINKEDIN_ORG` (optional) the page's numeric id, else the
//! first page the member administers.

use chrono::{Duration, Utc};
use social_core::AudienceReader;
use social_core::auth::AccessToken;
use social_linkedin::LinkedInClient;
use social_linkedin::adapter::LinkedInOrganization;
use social_linkedin::statistics::{Granularity, TimeIntervals};
use social_linkedin::urn::OrganizationUrn;

#[path = "linkedin_setup.rs"]
mod linkedin_setup;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    let publish_flag = std::env::args().any(|a| a == "--publish");
    let mut _fake = None;
    let (li, publish) = match var("LINKEDIN_TOKEN") {
        Some(token) => {
            println!("Using the real LinkedIn API (LINKEDIN_TOKEN is set).");
            if !publish_flag {
                println!("Read-only: add --publish to post as the page for real.");
            }
            let li = LinkedInClient::builder()
                .access_token(AccessToken::new(token))
                .user_agent("social-rs-examples/0.1")
                .build()?;
            (li, publish_flag)
        }
        None if var("LINKEDIN_ORG").is_some() => {
            return Err("LINKEDIN_ORG is set but LINKEDIN_TOKEN is missing: set LINKEDIN_TOKEN to the token of an administrator of that page, or neither to run offline".into());
        }
        None => {
            let (li, fake) = linkedin_setup::demo_client().await?;
            _fake = Some(fake);
            (li, true)
        }
    };

    println!("\n== The pages I administer");
    let pages = li.organizations().administered().send().await?;
    for p in &pages {
        println!(
            "  {} — {} (linkedin.com/company/{})",
            p.id,
            p.localized_name.as_deref().unwrap_or("?"),
            p.vanity_name.as_deref().unwrap_or("?")
        );
    }
    let page = match var("LINKEDIN_ORG") {
        Some(id) => OrganizationUrn::new(id)?,
        None => pages
            .first()
            .and_then(|p| p.urn())
            .ok_or("this member administers no page: set LINKEDIN_ORG to a page's numeric id")?,
    };

    println!("\n== {page}");
    let audience = LinkedInOrganization::new(li.clone(), page.clone())
        .audience()
        .await?;
    println!("  followers: {:?}", audience.followers);
    let stats = li.statistics();
    for s in stats.followers(&page).send().await? {
        for f in &s.follower_counts_by_association_type {
            println!(
                "  by association {:?}: organic {:?}, paid {:?}",
                f.facet().map_or("other", |(_, v)| v),
                f.follower_counts.organic_follower_count,
                f.follower_counts.paid_follower_count
            );
        }
    }
    // The client's clock is the system clock: the last four weeks, by week.
    let end = Utc::now();
    let weeks = TimeIntervals::new(Granularity::Week, end - Duration::days(28), end);
    for w in stats.followers(&page).time_intervals(weeks).send().await? {
        if let (Some(range), Some(g)) = (w.time_range, w.follower_gains) {
            println!(
                "  week from {}: +{:?} organic, +{:?} paid",
                range
                    .start
                    .to_utc()
                    .map(|t| t.date_naive().to_string())
                    .unwrap_or_default(),
                g.organic_follower_gain,
                g.paid_follower_gain
            );
        }
    }
    for s in stats.shares(&page).send().await? {
        let t = &s.total_share_statistics;
        println!(
            "  posts: {:?} impressions, {:?} clicks, engagement {:?}",
            t.impression_count, t.click_count, t.engagement
        );
    }
    for s in stats.page(&page).send().await? {
        println!(
            "  page views: {:?}",
            s.total_page_statistics.all_page_views()
        );
    }

    println!("\n== A post as the page");
    let post = li
        .posts()
        .create(page)
        .text("Our Lyon office opens on Monday (2nd floor, 12 rue de la République).");
    if publish {
        let id = post.send().await?;
        println!("  https://www.linkedin.com/feed/update/{id}/");
    } else {
        println!(
            "  {} violation(s); not sent (read-only)",
            post.violations().len()
        );
    }
    Ok(())
}
