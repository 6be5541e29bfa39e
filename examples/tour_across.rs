//! The tour's last leg: across the networks. One announcement previewed for every identity (one
//! refusal shown and fixed), broadcast, its report; then presence and the inbox, and one answer.

use social_core::broadcast::{BroadcastOptions, broadcast};
use social_core::clock::SystemClock;
use social_core::inbox::Inbox;
use social_core::presence::{PresenceSource, presence};
use social_core::preview::preview;
use social_core::{AwaitingReplies, Identity, Network, Override, Post, Publisher};

use crate::across_world::World;
use crate::{AnyResult, step};

/// Runs the leg offline, against the X, Graph and LinkedIn fakes.
pub async fn run() -> AnyResult<()> {
    println!("\n#### Across the networks: one announcement everywhere, one view of who listens");
    let w = World::start().await?;
    let targets: [&dyn Publisher; 4] = [&w.x, &w.page, &w.member, &w.firm];

    step("Preview one announcement for every identity");
    let mut draft = Post::new(format!(
        "Martin & Associés opens its Lyon office on 1 March (2027). {} #droit",
        "Tax, labour and company law for freelancers and small firms, with the same team and the same fees. "
            .repeat(2)
            .trim_end()
    ))
    .with_link("https://example.com/news/lyon");
    let report = preview(&targets, &draft);
    print!("{report}");

    step("Fix the refusal: a shorter text for X only");
    draft = draft.with_target_override(
        w.x.target().id,
        Override::default().with_text("Our Lyon office opens on 1 March #droit"),
    );
    let report = preview(&targets, &draft);
    println!("  every target accepts: {}", report.all_accepted());

    step("Broadcast it: all identities at once, each with its own retries");
    let report = broadcast(&targets, &draft, &BroadcastOptions::default()).await;
    print!("{report}");

    step("Presence: audience and recent engagement of every identity");
    let sources: [&dyn PresenceSource; 4] = [&w.x, &w.page, &w.member, &w.firm];
    print!("{}", presence(&sources, 3, &SystemClock).await);

    step("The inbox: who waits for an answer, newest first");
    let visitor = w.x_fake.add_user("client_lyon", "A client in Lyon");
    w.x_fake.post_as(
        &visitor,
        "@camille_avocate do you take appointments in Lyon already?",
    );
    w.linkedin_visitor_comments("Will the Lyon office take labour-law cases?")
        .await?;
    let sources: [&dyn AwaitingReplies; 4] = [&w.x, &w.page, &w.member, &w.firm];
    let mut inbox = Inbox::new(&sources);
    let read = inbox.read().await;
    print!("{read}");
    if let Some(item) = read.items.iter().find(|i| i.comment.network == Network::X) {
        step("Answer one through the inbox");
        let answer = inbox
            .answer(item, "Yes, from 1 March: book on example.com/rdv")
            .await?;
        println!("  answered with {}", answer.id);
    }
    if let Some(item) = read
        .items
        .iter()
        .find(|i| i.comment.network == Network::LinkedIn)
    {
        step("Answer the LinkedIn comment as the page");
        let answer = inbox
            .answer(
                item,
                "Yes: labour law is one of the office's three practices.",
            )
            .await?;
        println!("  answered with {}", answer.id);
    }
    let again = inbox.read().await;
    println!(
        "  next read, only what is new: {} item(s)",
        again.items.len()
    );
    Ok(())
}
