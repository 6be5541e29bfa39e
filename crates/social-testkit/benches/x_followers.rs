//! How fast the X fake serves a page of 1,000 followers of an account that has 100,000: the
//! seeding time, then the time of one `GET /2/users/:id/followers?max_results=1000` with
//! `user.fields=public_metrics,created_at` over HTTP (median and worst of the runs), and the
//! state entries the fake read to render the page (its `render_reads` counter: a fixed number per
//! user, whatever the number of follows).
//!
//! ```text
//! cargo bench -p social-testkit --bench x_followers
//! cargo bench -p social-testkit --bench x_followers -- --quick   # CI smoke: 10,000 followers, 3 runs
//! ```

use std::time::{Duration, Instant};

use social_testkit::FakeServer;
use social_testkit::x::XFake;

fn main() {
    let quick =
        std::env::args().any(|a| a == "--quick") || std::env::var_os("X_FOLLOWERS_QUICK").is_some();
    let (followers, runs) = if quick { (10_000, 3) } else { (100_000, 20) };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run(followers, runs));
}

async fn run(followers: usize, runs: usize) {
    let x = XFake::default();
    let started = Instant::now();
    let (star, token) = {
        let state = x.state();
        let mut state = state.lock();
        let star = state.add_user("star", "Star");
        for i in 0..followers {
            let fan = state.add_user(&format!("fan{i}"), "Fan");
            state.follow(&fan, &star);
        }
        (star, state.app_token())
    };
    let seeding = started.elapsed();
    let server = FakeServer::start(()).await;
    server.mount("", &x).await;
    let client = reqwest::Client::new();
    let url = format!(
        "{}/2/users/{star}/followers?max_results=1000&user.fields=public_metrics,created_at",
        server.uri()
    );
    let mut times: Vec<Duration> = Vec::with_capacity(runs);
    let mut reads = 0;
    for _ in 0..runs {
        let before = x.state().lock().render_reads();
        let started = Instant::now();
        let response = client.get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), 200);
        let bytes = response.bytes().await.unwrap();
        let body: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        times.push(started.elapsed());
        assert_eq!(body["data"].as_array().map(Vec::len), Some(1000));
        reads = x.state().lock().render_reads() - before;
    }
    times.sort();
    let median = times[times.len() / 2];
    let worst = times[times.len() - 1];
    println!("x_followers: {followers} followers seeded in {seeding:.2?}");
    println!(
        "x_followers: a page of 1,000 served in {median:.2?} (median of {runs}), worst {worst:.2?}; {reads} state reads to render it"
    );
}
