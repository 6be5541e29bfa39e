//! The tour's LinkedIn leg: the member and their firm's page, end to end.
//!
//! Offline by default against the in-process LinkedIn fake (the demo member, Camille Martin, who
//! administers her firm's page; a client of the firm has asked a question under the page's
//! post). Real with `LINKEDIN_TOKEN` (the member), `LINKEDIN_ORG` (the page's numeric id, for
//! the page part), `LINKEDIN_VANITY` (the member's vanity name, for the QR code) and
//! `LINKEDIN_IMAGE` (optional: a JPG or PNG to post as the page instead of the tour's banner);
//! writes only with `--publish`.

use std::time::Duration;

use social_core::auth::AccessToken;
use social_core::{PageLimits, UploadProgress};
use social_linkedin::event::ProfileUrl;
use social_linkedin::models::{Author, ReactionType};
use social_linkedin::text::Commentary;
use social_linkedin::urn::{CommentUrn, OrganizationUrn, PersonUrn, PostUrn};
use social_linkedin::{LinkedInClient, Listing};
use social_testkit::FakeServer;
use social_testkit::linkedin::{DEMO_MEMBER_TOKEN, DEMO_ORGANIZATION_ID, LinkedInFake};

use crate::{AnyResult, count, step};

/// The image the page posts when `LINKEDIN_IMAGE` is not set: a 120×60 PNG banner (blue, with a
/// gold band), small enough to live here.
const BANNER_PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x78, 0x00, 0x00, 0x00, 0x3c, 0x08, 0x02, 0x00, 0x00, 0x00, 0x22, 0xcf, 0xe9,
    0xff, 0x00, 0x00, 0x00, 0x7e, 0x49, 0x44, 0x41, 0x54, 0x78, 0xda, 0xed, 0xd8, 0x31, 0x0d, 0x00,
    0x20, 0x10, 0x04, 0xc1, 0xaf, 0x31, 0x82, 0x33, 0x84, 0x21, 0x85, 0x0e, 0x57, 0xaf, 0x81, 0xe6,
    0x42, 0x31, 0xc9, 0x2a, 0x98, 0x72, 0x6b, 0xac, 0xa3, 0x40, 0x85, 0x00, 0x34, 0x68, 0x81, 0x06,
    0x0d, 0x9a, 0x02, 0x68, 0xd0, 0x02, 0x0d, 0x1a, 0x34, 0x05, 0xd0, 0xa0, 0x05, 0x1a, 0x34, 0x68,
    0x81, 0x06, 0x2d, 0xd0, 0xa0, 0x41, 0x0b, 0x34, 0x68, 0x3d, 0x42, 0xdf, 0x3d, 0x15, 0x08, 0x34,
    0x68, 0xd0, 0x02, 0x0d, 0x1a, 0x34, 0x02, 0xd0, 0xa0, 0x05, 0x1a, 0x34, 0x68, 0x0a, 0x19, 0x68,
    0xbb, 0xc7, 0xbd, 0x03, 0x2d, 0xd0, 0xa0, 0x41, 0x53, 0x00, 0x0d, 0x5a, 0xa0, 0x41, 0x83, 0xa6,
    0x00, 0x1a, 0xb4, 0x40, 0x83, 0x06, 0x2d, 0xd0, 0xa0, 0x05, 0x1a, 0x34, 0x68, 0x81, 0x06, 0x2d,
    0xd0, 0x5f, 0xd6, 0x8b, 0x6f, 0xbc, 0x4e, 0x52, 0x12, 0x16, 0x17, 0x00, 0x00, 0x00, 0x00, 0x49,
    0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82,
];

/// The demo member's vanity name offline (no self-serve API returns it: the member gives it).
const DEMO_VANITY: &str = "camille-martin-avocate";

/// Where the leg runs.
struct Leg {
    li: LinkedInClient,
    /// The page, when there is one to run the page part on.
    page: Option<OrganizationUrn>,
    /// The member's vanity name, for the QR code.
    vanity: Option<String>,
    /// The image the page posts, and its content type.
    image: (Vec<u8>, &'static str),
    publish: bool,
    /// Keeps the fake alive for the leg's duration.
    _fake: Option<(FakeServer, LinkedInFake)>,
}

fn var(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Runs the leg: offline against the LinkedIn fake, or as the real member of `LINKEDIN_TOKEN`
/// (writes only with `publish_flag`).
pub async fn run(publish_flag: bool) -> AnyResult<()> {
    println!("\n#### LinkedIn: the member and their firm's page");
    let leg = match real(publish_flag)? {
        Some(leg) => leg,
        None => sandbox().await?,
    };
    let li = &leg.li;

    step("Who is signed in (OpenID Connect userinfo)");
    let info = li.userinfo().send().await?;
    let me = info.person_urn()?;
    let my_name = info.name.clone().unwrap_or_else(|| "me".into());
    println!("  {my_name} ({me}), LinkedIn-Version {}", li.version());
    let page = match &leg.page {
        Some(urn) => {
            let org = li.organizations().get(urn).send().await?;
            let name = org.localized_name.unwrap_or_else(|| urn.to_string());
            println!("  administers the page {name} ({urn})");
            Some((urn.clone(), name))
        }
        None => {
            println!(
                "  LINKEDIN_ORG is not set: the page part is skipped (set it to the numeric id of a page you administer)"
            );
            None
        }
    };

    step("Post as yourself, with a mention and a hashtag");
    let commentary = Commentary::builder().text(
        "Our Lyon office opens on Monday (2nd floor, 12 rue de la République): come and meet ",
    );
    let commentary = match &page {
        Some((urn, name)) => commentary.mention(name, urn),
        None => commentary.mention(&my_name, &me),
    };
    let commentary = commentary.text("! ").hashtag("lyon").build();
    println!("  little text: {}", commentary.as_str());
    let post = li.posts().create(me.clone()).commentary(commentary);
    if leg.publish {
        let id = post.send().await?;
        println!("  https://www.linkedin.com/feed/update/{id}/");
    } else {
        println!(
            "  {} violation(s); not sent (read-only)",
            post.violations().len()
        );
    }

    let Some((page, page_name)) = page else {
        return event_qr(&leg);
    };

    step("Post as the page, with an image uploaded first");
    let (bytes, content_type) = leg.image.clone();
    let upload = li
        .media()
        .image(page.clone(), bytes, content_type)
        .poll_interval(Duration::from_secs(1))
        .on_progress(|p| match p {
            UploadProgress::Sending { sent, total } => println!("  sent {sent} of {total} bytes"),
            UploadProgress::Processing { .. } => println!("  LinkedIn is processing the image…"),
            UploadProgress::Done => println!("  the image is AVAILABLE"),
            _ => {}
        });
    let text = "Our new Lyon office opens on Monday: we are ready to welcome you.";
    if leg.publish {
        let image = upload.send().await?;
        println!("  uploaded {}", image.urn);
        let id = li
            .posts()
            .create(page.clone())
            .text(text)
            .media(
                image
                    .to_content()
                    .alt_text("A blue banner with a gold band"),
            )
            .send()
            .await?;
        println!("  https://www.linkedin.com/feed/update/{id}/");
    } else {
        let draft = li.posts().create(page.clone()).text(text);
        println!(
            "  image: {} violation(s), post: {} violation(s); nothing uploaded or sent (read-only)",
            upload.violations().len(),
            draft.violations().len()
        );
    }

    step(&format!(
        "How did the posts of {page_name} do: reactions and comments"
    ));
    let recent = li
        .posts()
        .by_author(page.clone())
        .page_size(3)
        .send()
        .await?;
    let mut to_answer: Option<(CommentUrn, String)> = None;
    for post in &recent.items {
        let Some(urn) = &post.id else { continue };
        let m = li.social_metadata().get(urn).await?;
        // Per reaction type, as LinkedIn sent them (a type nobody used is not listed).
        let by_type: Vec<String> = m
            .reaction_summaries
            .iter()
            .flatten()
            .map(|(kind, s)| format!("{} {kind}", count(s.count)))
            .collect();
        let by_type = if by_type.is_empty() {
            String::new()
        } else {
            format!(" ({})", by_type.join(", "))
        };
        println!(
            "  {urn}: {} reaction(s){by_type}, {} comment(s) — {}",
            count(m.total_reactions()),
            count(m.comments()),
            post.commentary.as_deref().unwrap_or("")
        );
        let reactions = li.reactions().list(urn).page_size(10).send().await?;
        for r in &reactions.items {
            println!(
                "    {} reacted {}",
                r.actor().unwrap_or("someone"),
                r.reaction_type.as_ref().map_or("?", |t| t.as_str())
            );
        }
        let comments = li
            .comments()
            .list(urn)
            .page_size(20)
            .collect(PageLimits::default().max_items(20))
            .await?;
        for c in &comments {
            let who = c
                .actor
                .as_ref()
                .map_or_else(|| "someone".into(), Author::as_urn);
            println!("    {who} commented: {}", c.text());
            let from_page = c.actor == Some(Author::Organization(page.clone()));
            if to_answer.is_none() && !from_page && c.text().contains('?') {
                to_answer = c.urn().map(|urn| (urn, who));
            }
        }
    }

    step("Answer a question as the page");
    match to_answer {
        Some((comment, who)) => {
            let reply = li.comments().reply(&comment, page.clone()).text(
                "Thank you for your question: yes, our Lyon office handles it. We will call you back today.",
            );
            if leg.publish {
                let answer = reply.send().await?;
                let answer = answer.urn().map_or_else(|| "?".into(), |u| u.to_string());
                println!("  answered {who}: {answer}");
            } else {
                println!(
                    "  to {who}: {} violation(s); not sent (read-only)",
                    reply.violations().len()
                );
            }
        }
        None => println!("  no question waiting under the page's latest posts"),
    }

    step(&format!("The statistics of {page_name}"));
    let followers = li.organizations().follower_count(&page).send().await?;
    println!("  followers: {followers}");
    for s in li.statistics().shares(&page).send().await? {
        let t = &s.total_share_statistics;
        println!(
            "  posts (12 months): {} impressions, {} clicks, {} likes, {} comments, {} shares, engagement {}",
            count(t.impression_count),
            count(t.click_count),
            count(t.like_count),
            count(t.comment_count),
            count(t.share_count),
            t.engagement
                .map_or_else(|| "unknown".into(), |e| format!("{:.1}%", e * 100.0))
        );
    }

    event_qr(&leg)
}

/// Met at an event: the member's public profile as a QR code in an SVG file.
fn event_qr(leg: &Leg) -> AnyResult<()> {
    step("Met at an event: your profile as a QR code");
    println!("  LinkedIn's API cannot send invitations: show this code to the people you meet.");
    let Some(vanity) = &leg.vanity else {
        println!(
            "  LINKEDIN_VANITY is not set: no QR code (set it to your vanity name, the part after linkedin.com/in/)"
        );
        return Ok(());
    };
    let profile = ProfileUrl::from_vanity_name(vanity)?;
    let out = std::env::temp_dir().join("tour-linkedin-profile-qr.svg");
    std::fs::write(&out, profile.qr_svg()?)?;
    println!("  {profile}: QR code written to {}", out.display());
    Ok(())
}

/// The real member when `LINKEDIN_TOKEN` is set; `None` when no `LINKEDIN_*` variable is set;
/// an error naming `LINKEDIN_TOKEN` when another one is set without it.
fn real(publish_flag: bool) -> AnyResult<Option<Leg>> {
    let Some(token) = var("LINKEDIN_TOKEN") else {
        for name in ["LINKEDIN_ORG", "LINKEDIN_VANITY", "LINKEDIN_IMAGE"] {
            if var(name).is_some() {
                return Err(format!(
                    "{name} is set but LINKEDIN_TOKEN is missing: set LINKEDIN_TOKEN to a member's token, or unset {name} to run offline"
                )
                .into());
            }
        }
        return Ok(None);
    };
    println!("Using the real LinkedIn API (LINKEDIN_TOKEN is set).");
    if !publish_flag {
        println!("Read-only: add --publish to write for real.");
    }
    let page = var("LINKEDIN_ORG")
        .map(OrganizationUrn::new)
        .transpose()
        .map_err(|e| format!("LINKEDIN_ORG must be the numeric id of a page: {e}"))?;
    let image = match var("LINKEDIN_IMAGE") {
        Some(path) => {
            let bytes = std::fs::read(&path)
                .map_err(|e| format!("LINKEDIN_IMAGE: cannot read {path}: {e}"))?;
            let lower = path.to_ascii_lowercase();
            let content_type = if lower.ends_with(".png") {
                "image/png"
            } else if lower.ends_with(".gif") {
                "image/gif"
            } else if lower.ends_with(".jpg") || lower.ends_with(".jpeg") {
                "image/jpeg"
            } else {
                return Err(format!(
                    "LINKEDIN_IMAGE: {path} is not a .jpg, .jpeg, .png or .gif file (the Images API takes those)"
                )
                .into());
            };
            (bytes, content_type)
        }
        None => (BANNER_PNG.to_vec(), "image/png"),
    };
    let li = LinkedInClient::builder()
        .access_token(AccessToken::new(token))
        .user_agent("social-rs-tour/0.1")
        .build()?;
    Ok(Some(Leg {
        li,
        page,
        vanity: var("LINKEDIN_VANITY"),
        image,
        publish: publish_flag,
        _fake: None,
    }))
}

/// The in-process LinkedIn fake's demo, where a client of the firm has asked a question under
/// the page's post and reacted to it (through the API, with their own token).
async fn sandbox() -> AnyResult<Leg> {
    println!("No LINKEDIN_TOKEN: running offline against the in-process LinkedIn fake.");
    let fake = LinkedInFake::demo();
    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;
    let page = OrganizationUrn::new(DEMO_ORGANIZATION_ID)?;

    let julien = fake.add_member("Julien", "Moreau");
    let token = fake.member_token(&julien, &["openid", "profile", "w_member_social"]);
    let visitor = LinkedInClient::builder()
        .base_url(server.uri())
        .access_token(AccessToken::new(token))
        .build()?;
    let julien = PersonUrn::new(julien)?;
    let firm_posts = fake.state().lock().posts_by(&page.to_string());
    let firm_post = firm_posts.first().ok_or("the demo page has no post")?;
    let firm_post: PostUrn = firm_post.parse()?;
    visitor
        .comments()
        .create(&firm_post, julien.clone())
        .text("Great news! Do you also advise on cross-border inheritance?")
        .send()
        .await?;
    visitor
        .reactions()
        .react(julien, &firm_post, ReactionType::Praise)
        .await?;

    step("Sign in (the fake's demo member token)");
    let li = LinkedInClient::builder()
        .base_url(server.uri())
        .access_token(AccessToken::new(DEMO_MEMBER_TOKEN))
        .build()?;
    println!("  signed in as the demo member, who administers the demo page {page}");
    Ok(Leg {
        li,
        page: Some(page),
        vanity: Some(DEMO_VANITY.to_owned()),
        image: (BANNER_PNG.to_vec(), "image/png"),
        publish: true,
        _fake: Some((server, fake)),
    })
}
