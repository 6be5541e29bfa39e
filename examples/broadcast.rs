//! One draft to every identity: preview it (every refusal at once, nothing sent), fix it,
//! broadcast it, and settle what stayed unconfirmed, offline against the X, Graph and LinkedIn
//! fakes.
//!
//! ```sh
//! cargo run -p social-examples --example broadcast
//! ```
//!
//! X answers the create with a 503 once (the post may exist): the report says `UNCONFIRMED`,
//! and the follow-up reconciles before deciding to send again; the published ones are never
//! sent twice.

use social_core::broadcast::Resend;
use social_core::broadcast::{BroadcastOptions, broadcast, follow_up};
use social_core::preview::preview;
use social_core::{Identity, MediaId, MediaRef, Override, Post, Publisher};
use social_testkit::Fault;

#[path = "across_world.rs"]
mod across_world;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> AnyResult<()> {
    let w = across_world::World::start().await?;
    let targets: [&dyn Publisher; 4] = [&w.x, &w.page, &w.member, &w.firm];

    // A draft scheduled for tomorrow: only the Facebook Page can schedule.
    let draft = Post::new("New: our guide to the 2027 tax changes for freelancers.")
        .with_link("https://example.com/guides/tax-2027")
        .scheduled_at(chrono::Utc::now() + chrono::Duration::days(1));
    println!(
        "== Preview (nothing is sent)\n{}",
        preview(&targets, &draft)
    );
    let refused = broadcast(&targets, &draft, &BroadcastOptions::default()).await;
    println!("== Broadcast, all or nothing\n{refused}");

    // Fixed: publish now; the X post carries a picture uploaded to X beforehand (media are per
    // network: a per-target override carries them).
    let mut draft = draft;
    draft.scheduled_at = None;
    let picture =
        MediaRef::new(MediaId::new("1880000000000000001")).with_alt_text("The guide's cover");
    let draft = draft.with_target_override(
        w.x.target().id,
        Override::default()
            .with_media([picture])
            .with_text("Our guide to the 2027 tax changes:"),
    );
    println!(
        "== The X version\n{}",
        w.x.render(&draft.for_target(&w.x.target().id).unwrap_or_default())
    );
    // Without the picture, which the X fake does not know: X's own rules still apply.
    let draft = draft.with_target_override(
        w.x.target().id,
        Override::default().with_text("Our guide to the 2027 tax changes:"),
    );

    w.server
        .inject_on("POST", "/x/2/tweets", Fault::status(503), 1);
    let report = broadcast(
        &targets,
        &draft,
        &BroadcastOptions::default().concurrency(4),
    )
    .await;
    println!("== Broadcast\n{report}");
    println!(
        "== As JSON for an application\n{}",
        serde_json::to_string_pretty(&report)?
    );

    let resend: [&dyn Resend; 4] = [&w.x, &w.page, &w.member, &w.firm];
    let settled = follow_up(&report, &resend, &BroadcastOptions::default()).await;
    println!("== Follow-up (reconciled, re-sent only after NotFound)\n{settled}");
    Ok(())
}
