//! Broadcast latency: one draft to three networks (X, a Facebook Page, a LinkedIn member), each
//! fake answering its create with an injected latency, through `social_core::broadcast` (the
//! targets published concurrently) versus the same three publishes one after the other. Prints
//! both wall times and their ratio: with a 200 ms latency the broadcast takes about 200 ms, not
//! 600 (ratio ≈ 1/3).
//!
//! ```text
//! cargo bench -p social-tests --bench broadcast_latency              # 200 ms, 5 rounds
//! cargo bench -p social-tests --bench broadcast_latency -- --quick   # CI smoke: 20 ms, 1 round
//! ```
//!
//! Wall time is the point here (waiting, not CPU), so it is measured with `Instant` in a bench,
//! never in a test.

use std::time::{Duration, Instant};

use social_core::Publisher;
use social_core::broadcast::{BroadcastOptions, broadcast};
use social_core::{Post, Published};

#[path = "../../examples/across_world.rs"]
#[allow(dead_code)]
mod across_world;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

#[tokio::main]
async fn main() -> AnyResult<()> {
    let quick = std::env::args().any(|a| a == "--quick")
        || std::env::var("BROADCAST_LATENCY_QUICK").is_ok_and(|v| v == "1");
    let (latency, rounds) = if quick {
        (Duration::from_millis(20), 1)
    } else {
        (Duration::from_millis(200), 5)
    };
    let w = across_world::World::start().await?;
    let targets: [&dyn Publisher; 3] = [&w.x, &w.page, &w.member];

    let mut concurrent = Duration::ZERO;
    let mut sequential = Duration::ZERO;
    for round in 0..rounds {
        // Concurrent: one broadcast.
        w.delay_creates(latency, 1);
        let draft = Post::new(format!("Broadcast latency, round {round} (together)"));
        let start = Instant::now();
        let report = broadcast(&targets, &draft, &BroadcastOptions::default()).await;
        concurrent += start.elapsed();
        if !report.settled() {
            return Err(format!("the broadcast did not publish everywhere:\n{report}").into());
        }

        // Sequential: the same three publishes, one after the other.
        w.delay_creates(latency, 1);
        let draft = Post::new(format!("Broadcast latency, round {round} (one by one)"));
        let start = Instant::now();
        for t in targets {
            let _: Published = t.publish(&draft).await?;
        }
        sequential += start.elapsed();
    }
    let per = |d: Duration| d.as_secs_f64() * 1000.0 / f64::from(rounds);
    let ratio = concurrent.as_secs_f64() / sequential.as_secs_f64();
    println!(
        "broadcast_latency: {} targets, {} ms injected latency each, {rounds} round(s){}",
        targets.len(),
        latency.as_millis(),
        if quick { " (quick: smoke only)" } else { "" }
    );
    println!(
        "  broadcast (concurrent): {:.1} ms\n  one after the other:    {:.1} ms\n  ratio: {ratio:.2} (ideal 1/{} = {:.2})",
        per(concurrent),
        per(sequential),
        targets.len(),
        1.0 / targets.len() as f64
    );
    Ok(())
}
