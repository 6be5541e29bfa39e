//! Presence across the networks: the audience of every identity and the engagement of its
//! recent posts, printed, as JSON, and as an SVG chart, offline against the X, Graph and
//! LinkedIn fakes (the partner on X, the firm's Facebook Page, the partner on LinkedIn and the
//! firm's LinkedIn page).
//! One network is down on purpose for the first read: it is reported as failed, the others are
//! read.
//!
//! ```sh
//! cargo run -p social-examples --example presence_report               # writes presence.svg in the temp dir
//! cargo run -p social-examples --example presence_report -- out.svg
//! ```
//!
//! The chart is written by hand (a few dozen lines of SVG): two bar groups need no plotting
//! crate, and one would add its whole dependency tree to the examples' build.

use std::fmt::Write as _;

use social_core::clock::SystemClock;
use social_core::presence::{PresenceReport, PresenceSource, presence};
use social_testkit::{Fault, PathPattern};

#[path = "across_world.rs"]
mod across_world;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> AnyResult<()> {
    let w = across_world::World::start().await?;
    let fan = w.x_fake.add_user("reader", "A reader");
    w.x_fake.follow(&fan, &w.partner);
    w.x_fake
        .post_as(&w.partner, "Three things to know about the 2027 budget");
    w.linkedin_visitor_comments("Congratulations on the new office!")
        .await?;
    let sources: [&dyn PresenceSource; 4] = [&w.x, &w.page, &w.member, &w.firm];

    // The Page is down for this read.
    w.server.inject_on(
        "GET",
        PathPattern::regex(r"^/facebook/"),
        Fault::status(503),
        20,
    );
    println!(
        "== With Facebook down\n{}",
        presence(&sources, 5, &SystemClock).await
    );
    w.server.mock_server().reset().await;
    w.server.mount("/x", &w.x_fake).await;
    w.server.mount("/facebook", &w.graph).await;
    w.server.mount("/linkedin", &w.linkedin).await;

    let report = presence(&sources, 5, &SystemClock).await;
    println!("== Presence\n{report}");
    println!("== As JSON\n{}", serde_json::to_string_pretty(&report)?);

    let path = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("presence.svg"));
    std::fs::write(&path, chart(&report))?;
    println!("== Chart written to {}", path.display());
    Ok(())
}

/// Escapes text for SVG.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Two bar charts side by side: the audience of each target (followers, or fans when that is
/// all the network gives), and the engagement of its recent posts added up. A reading that
/// failed (or a count the network does not give) is written "n/a", never drawn as zero.
fn chart(report: &PresenceReport) -> String {
    let rows: Vec<(String, Option<u64>, Option<u64>)> = report
        .targets
        .iter()
        .map(|t| {
            let audience = t.audience.value().and_then(|a| a.followers.or(a.fans));
            let engagement = t
                .recent
                .value()
                .map(|posts| posts.iter().map(|p| p.total()).sum());
            (t.target.to_string(), audience, engagement)
        })
        .collect();
    let (bar_h, gap, left, width) = (28u64, 16u64, 260u64, 300u64);
    let height = 60 + rows.len() as u64 * (bar_h + gap) * 2 + 40;
    let max_a = rows.iter().filter_map(|r| r.1).max().unwrap_or(0).max(1);
    let max_e = rows.iter().filter_map(|r| r.2).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{height}" font-family="sans-serif" font-size="13">"#,
        left + width + 120
    );
    let mut y = 30;
    for (title, pick, max, colour) in [
        ("Audience (followers or fans)", 1usize, max_a, "#3b82f6"),
        ("Engagement of recent posts", 2, max_e, "#f59e0b"),
    ] {
        let _ = writeln!(
            svg,
            r#"<text x="10" y="{y}" font-weight="bold">{title}</text>"#
        );
        y += 12;
        for row in &rows {
            let value = if pick == 1 { row.1 } else { row.2 };
            let w = value.unwrap_or(0) * width / max;
            let value = value.map_or_else(|| "n/a".to_string(), |v| v.to_string());
            let _ = writeln!(
                svg,
                r#"<text x="10" y="{}">{}</text><rect x="{left}" y="{y}" width="{w}" height="{bar_h}" fill="{colour}"/><text x="{}" y="{}">{value}</text>"#,
                y + bar_h / 2 + 5,
                esc(&row.0),
                left + w + 6,
                y + bar_h / 2 + 5
            );
            y += bar_h + gap;
        }
        y += 20;
    }
    svg.push_str("</svg>\n");
    svg
}
