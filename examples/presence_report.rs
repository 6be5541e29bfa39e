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
//! The chart is drawn with `plotters` and its SVG backend only (no font or bitmap
//! dependencies: `plotters`, `plotters-backend`, `plotters-svg`, `num-traits`, a few seconds of
//! build).

use plotters::prelude::*;
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
    std::fs::write(&path, chart(&report)?)?;
    println!("== Chart written to {}", path.display());
    Ok(())
}

/// One bar chart per figure, side by side: the audience of each target (followers, or fans when
/// that is all the network gives) and the engagement of its recent posts added up. A figure that
/// could not be read has no bar and says so: a missing figure is never drawn as a zero.
fn chart(report: &PresenceReport) -> AnyResult<String> {
    let rows: Vec<(String, Option<u64>, Option<u64>)> = report
        .targets
        .iter()
        .map(|t| {
            let audience = t.audience.value().and_then(|a| a.followers.or(a.fans));
            let engagement = t
                .recent
                .value()
                .map(|posts| posts.iter().map(|p| p.total()).fold(0, u64::saturating_add));
            (t.target.to_string(), audience, engagement)
        })
        .collect();
    let mut svg = String::new();
    {
        let width = 200 + 340 * rows.len().max(1) as u32;
        let root = SVGBackend::with_string(&mut svg, (width, 420)).into_drawing_area();
        root.fill(&WHITE)?;
        let halves = root.split_evenly((1, 2));
        for (area, (title, pick, colour)) in halves.iter().zip([
            (
                "Audience (followers or fans)",
                1usize,
                RGBColor(59, 130, 246),
            ),
            ("Engagement of recent posts", 2, RGBColor(245, 158, 11)),
        ]) {
            let values: Vec<Option<u64>> = rows
                .iter()
                .map(|r| if pick == 1 { r.1 } else { r.2 })
                .collect();
            let top = values.iter().flatten().copied().max().unwrap_or(0).max(1);
            let top = top + top / 5 + 1;
            let mut c = ChartBuilder::on(area)
                .caption(title, ("sans-serif", 18))
                .margin(12)
                .x_label_area_size(70)
                .y_label_area_size(50)
                .build_cartesian_2d((0..rows.len() as u32).into_segmented(), 0..top)?;
            c.configure_mesh()
                .disable_x_mesh()
                .x_labels(rows.len())
                .x_label_style(("sans-serif", 11))
                .x_label_formatter(&|v| match v {
                    SegmentValue::CenterOf(i) => rows
                        .get(*i as usize)
                        .map(|r| r.0.clone())
                        .unwrap_or_default(),
                    _ => String::new(),
                })
                .draw()?;
            c.draw_series(
                Histogram::vertical(&c)
                    .style(colour.filled())
                    .margin(18)
                    .data(
                        values
                            .iter()
                            .enumerate()
                            .filter_map(|(i, v)| v.map(|v| (i as u32, v))),
                    ),
            )?;
            // The figure above each bar, or "not read" where there is none.
            c.draw_series(values.iter().enumerate().map(|(i, v)| {
                let label = v.map_or_else(|| "not read".to_owned(), |v| v.to_string());
                Text::new(
                    label,
                    (SegmentValue::CenterOf(i as u32), v.unwrap_or(0) + top / 40),
                    ("sans-serif", 12),
                )
            }))?;
        }
        root.present()?;
    }
    Ok(svg)
}
