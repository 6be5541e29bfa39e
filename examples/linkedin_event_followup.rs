//! "Met at an event": LinkedIn's public API cannot send connection invitations (nor
//! messages), so this example does what does work: it prints the member's public profile URL,
//! writes a QR code of it to an SVG file to show at the event, and posts a follow-up that
//! mentions the event's organizer (found by its vanity name).
//!
//! ```sh
//! cargo run --example linkedin_event_followup                    # offline, against the in-process LinkedIn fake
//! LINKEDIN_TOKEN=… LINKEDIN_VANITY=camille-martin LINKEDIN_ORGANIZER=legal-tech-lyon \
//!     cargo run --example linkedin_event_followup                # real, read-only
//! … cargo run --example linkedin_event_followup -- --publish     # real, posts the follow-up
//! … -- --out badge.svg                                           # where the QR code goes
//! ```
//!
//! Environment: `LINKEDIN_TOKEN` is the member's token (`w_member_social` to post; looking the
//! organizer up needs a Community Management scope such as `r_organization_admin`);
//! `LINKEDIN_VANITY` the member's vanity name (the part after `linkedin.com/in/`: no
//! self-serve API returns it); `LINKEDIN_ORGANIZER` the organizer page's vanity name (after
//! `linkedin.com/company/`).

use social_core::auth::AccessToken;
use social_linkedin::LinkedInClient;
use social_linkedin::event::ProfileUrl;
use social_testkit::linkedin::DEMO_EVENT_ORGANIZER_VANITY;

#[path = "linkedin_setup.rs"]
mod linkedin_setup;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

fn required(name: &str, what: &str) -> AnyResult<String> {
    var(name).ok_or_else(|| {
        format!("LINKEDIN_TOKEN is set but {name} is missing: set it to {what}").into()
    })
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    let args: Vec<String> = std::env::args().collect();
    let publish_flag = args.iter().any(|a| a == "--publish");
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("linkedin-profile-qr.svg"));
    let mut _fake = None;
    let (li, vanity, organizer, publish) = match var("LINKEDIN_TOKEN") {
        Some(token) => {
            let vanity = required(
                "LINKEDIN_VANITY",
                "your vanity name (linkedin.com/in/<this>)",
            )?;
            let organizer = required(
                "LINKEDIN_ORGANIZER",
                "the organizer page's vanity name (linkedin.com/company/<this>)",
            )?;
            println!("Using the real LinkedIn API (LINKEDIN_TOKEN is set).");
            if !publish_flag {
                println!("Read-only: add --publish to post the follow-up for real.");
            }
            let li = LinkedInClient::builder()
                .access_token(AccessToken::new(token))
                .user_agent("social-rs-examples/0.1")
                .build()?;
            (li, vanity, organizer, publish_flag)
        }
        None => {
            let (li, fake) = linkedin_setup::demo_client().await?;
            _fake = Some(fake);
            (
                li,
                "camille-martin-avocate".to_owned(),
                DEMO_EVENT_ORGANIZER_VANITY.to_owned(),
                true,
            )
        }
    };

    println!("\n== Invitations");
    println!(
        "  LinkedIn's public API cannot send connection invitations: share your profile instead."
    );

    println!("\n== My profile, as a link and a QR code");
    let profile = ProfileUrl::from_vanity_name(&vanity)?;
    println!("  {profile}");
    std::fs::write(&out, profile.qr_svg()?)?;
    println!("  QR code written to {}", out.display());

    println!("\n== A follow-up post mentioning the organizer");
    let me = li.userinfo().send().await?.person_urn()?;
    let follow_up = li
        .event_follow_up(me, &organizer)
        .text("Thank you {organizer} for a great evening (and to everyone I met)! Let's stay in touch.")
        .hashtag("networking");
    let (org, commentary) = follow_up.prepare().await?;
    println!(
        "  organizer: {} (urn:li:organization:{})",
        org.localized_name.as_deref().unwrap_or("?"),
        org.id
    );
    println!("  commentary: {}", commentary.as_str());
    if publish {
        let post = follow_up.send().await?;
        println!("  https://www.linkedin.com/feed/update/{post}/");
    } else {
        println!("  not sent (read-only)");
    }
    Ok(())
}
