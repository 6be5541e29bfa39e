//! CPU cost of one `GET` + JSON decode through [`Transport`] versus bare `reqwest` + `serde_json`,
//! against the same local HTTP/1.1 keep-alive server, in the same run.
//!
//! The server runs on its own OS threads (plain blocking `std::net`, one thread per connection),
//! so its CPU is not counted. The client runs on the main thread inside a `current_thread` tokio
//! runtime, and only that thread's CPU time ([`cpu_time::ThreadTime`]) is measured: everything the
//! client does (hyper's connection task, body reading, decoding, the transport's bookkeeping)
//! happens on it.
//!
//! Both sides reuse one connection pool, send the same `GET`, read the whole body and decode it
//! into the same typed struct. The bare client is configured like the transport's own client
//! (no redirects, 10 s connect timeout, 30 s total timeout, the same `User-Agent`), so the
//! difference is the transport layer itself, not reqwest configuration.
//!
//! ```text
//! cargo bench -p social-core --bench transport_overhead
//! cargo bench -p social-core --bench transport_overhead -- --quick   # CI smoke
//! TRANSPORT_OVERHEAD_QUICK=1 cargo bench -p social-core --bench transport_overhead
//! ```
//!
//! Options (arguments after `--`, or environment variables):
//! - `--quick` / `TRANSPORT_OVERHEAD_QUICK=1`: a few requests only (smoke test, noisy numbers);
//! - `--rounds N` / `TRANSPORT_OVERHEAD_ROUNDS`: measured rounds per side (default 40);
//! - `--requests N` / `TRANSPORT_OVERHEAD_REQUESTS`: requests per round and side (default 1000);
//! - `--enforce` / `TRANSPORT_OVERHEAD_ENFORCE=1`: exit with an error when the ratio is over
//!   the target;
//! - `--only bare|transport`: run one side only, `--requests` times, no rounds (for profilers,
//!   e.g. `valgrind --tool=callgrind target/release/deps/transport_overhead-* --only transport`).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use cpu_time::ThreadTime;
use serde::Deserialize;
use social_core::Network;
use social_core::http::{RequestSpec, Transport};

/// The ratio the transport should stay under.
const TARGET_RATIO: f64 = 1.10;

/// The path both sides request.
const PATH: &str = "2/users/2244994945/followers";

/// A realistic X API v2 answer (`GET /2/users/:id/followers` with expansions): ~1.6 KB.
const BODY: &str = r#"{"data":[{"id":"2244994945","name":"Developers","username":"XDevelopers","created_at":"2013-12-14T04:35:55.000Z","description":"The voice of the X Developer Platform. Updates, tips and news for people building on X.","location":"127.0.0.1","url":"https://t.co/3ZX3TNiZCY","verified":true,"protected":false,"profile_image_url":"https://pbs.twimg.com/profile_images/1683501992314798080/xl1POYLw_normal.jpg","pinned_tweet_id":"1800000000000000001","public_metrics":{"followers_count":670823,"following_count":2003,"tweet_count":4016,"listed_count":1879,"like_count":2182}},{"id":"783214","name":"X","username":"X","created_at":"2007-02-20T14:35:54.000Z","description":"what's happening?!","location":"everywhere","url":"https://t.co/bGyDsSKrOy","verified":true,"protected":false,"profile_image_url":"https://pbs.twimg.com/profile_images/1683899100922511378/5lY42eHs_normal.jpg","pinned_tweet_id":null,"public_metrics":{"followers_count":68124512,"following_count":0,"tweet_count":15207,"listed_count":87210,"like_count":6073}},{"id":"1234567890123456789","name":"Jane Doe \u00e9\u00e8","username":"janedoe_dev","created_at":"2020-06-01T09:00:00.000Z","description":"Rust, APIs and coffee. \"Opinions\" are mine.","location":"Lyon, France","url":"","verified":false,"protected":false,"profile_image_url":"https://pbs.twimg.com/profile_images/1500000000000000000/abcdEFGH_normal.jpg","pinned_tweet_id":null,"public_metrics":{"followers_count":1203,"following_count":512,"tweet_count":8741,"listed_count":17,"like_count":20511}}],"includes":{"tweets":[{"id":"1800000000000000001","text":"The X API v2 now returns pinned posts in user lookups. Docs: https://t.co/abcdefghij","created_at":"2024-06-10T16:00:00.000Z","author_id":"2244994945","lang":"en","edit_history_tweet_ids":["1800000000000000001"],"public_metrics":{"retweet_count":120,"reply_count":45,"like_count":980,"quote_count":12,"bookmark_count":33,"impression_count":250311}}]},"meta":{"result_count":3,"next_token":"DFEDBNRFT3MHCZZZ"}}"#;

/// The response head the server sends before [`BODY`].
fn response_bytes() -> Vec<u8> {
    let head = format!(
        "HTTP/1.1 200 OK\r\n\
         content-type: application/json; charset=utf-8\r\n\
         content-length: {}\r\n\
         cache-control: no-cache, no-store, max-age=0\r\n\
         x-rate-limit-limit: 15\r\n\
         x-rate-limit-remaining: 14\r\n\
         x-rate-limit-reset: 4102444800\r\n\
         x-response-time: 42\r\n\
         x-transaction-id: 3f2a1b0c9d8e7f60\r\n\
         \r\n",
        BODY.len()
    );
    let mut out = head.into_bytes();
    out.extend_from_slice(BODY.as_bytes());
    out
}

#[derive(Debug, Deserialize, PartialEq)]
struct Page {
    data: Vec<User>,
    includes: Includes,
    meta: Meta,
}

#[derive(Debug, Deserialize, PartialEq)]
struct User {
    id: String,
    name: String,
    username: String,
    created_at: String,
    description: String,
    location: Option<String>,
    url: Option<String>,
    verified: bool,
    protected: bool,
    profile_image_url: String,
    pinned_tweet_id: Option<String>,
    public_metrics: UserMetrics,
}

#[derive(Debug, Deserialize, PartialEq)]
struct UserMetrics {
    followers_count: u64,
    following_count: u64,
    tweet_count: u64,
    listed_count: u64,
    like_count: u64,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Includes {
    tweets: Vec<Tweet>,
}

#[derive(Debug, Deserialize, PartialEq)]
struct Tweet {
    id: String,
    text: String,
    created_at: String,
    author_id: String,
    lang: String,
    edit_history_tweet_ids: Vec<String>,
    public_metrics: TweetMetrics,
}

#[derive(Debug, Deserialize, PartialEq)]
struct TweetMetrics {
    retweet_count: u64,
    reply_count: u64,
    like_count: u64,
    quote_count: u64,
    bookmark_count: u64,
    impression_count: u64,
}

impl Page {
    /// Touches every field (so the decode cannot be skipped, and as a sanity check).
    fn digest(&self) -> u64 {
        let len = |s: &str| s.len() as u64;
        let opt = |s: &Option<String>| s.as_deref().map_or(1, len);
        let mut sum = self.meta.result_count + len(&self.meta.next_token);
        for u in &self.data {
            let m = &u.public_metrics;
            sum += len(&u.id)
                + len(&u.name)
                + len(&u.username)
                + len(&u.created_at)
                + len(&u.description)
                + opt(&u.location)
                + opt(&u.url)
                + u64::from(u.verified)
                + u64::from(u.protected)
                + len(&u.profile_image_url)
                + opt(&u.pinned_tweet_id)
                + m.followers_count
                + m.following_count
                + m.tweet_count
                + m.listed_count
                + m.like_count;
        }
        for t in &self.includes.tweets {
            let m = &t.public_metrics;
            sum += len(&t.id)
                + len(&t.text)
                + len(&t.created_at)
                + len(&t.author_id)
                + len(&t.lang)
                + t.edit_history_tweet_ids.iter().map(|s| len(s)).sum::<u64>()
                + m.retweet_count
                + m.reply_count
                + m.like_count
                + m.quote_count
                + m.bookmark_count
                + m.impression_count;
        }
        sum
    }
}

#[derive(Debug, Deserialize, PartialEq)]
struct Meta {
    result_count: u64,
    next_token: String,
}

/// Starts the server on its own threads; returns its address.
fn start_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind the bench server");
    let addr = listener.local_addr().expect("the bench server's address");
    let response: &'static [u8] = Vec::leak(response_bytes());
    std::thread::Builder::new()
        .name("bench-server".into())
        .spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                std::thread::Builder::new()
                    .name("bench-conn".into())
                    .spawn(move || serve(stream, response))
                    .expect("spawn a connection thread");
            }
        })
        .expect("spawn the bench server");
    addr
}

/// Answers every request on `stream` (bodiless requests only) with `response`, until EOF.
fn serve(mut stream: TcpStream, response: &[u8]) {
    let _ = stream.set_nodelay(true);
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    loop {
        while let Some(end) = find_head_end(&buf) {
            if stream.write_all(response).is_err() {
                return;
            }
            buf.drain(..end);
        }
        match stream.read(&mut chunk) {
            Ok(0) | Err(_) => return,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
}

fn find_head_end(buf: &[u8]) -> Option<usize> {
    buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4)
}

struct Config {
    quick: bool,
    rounds: usize,
    requests: usize,
    warmup: usize,
    enforce: bool,
    only: Option<Side>,
}

impl Config {
    fn from_env_and_args() -> Self {
        let args: Vec<String> = std::env::args().skip(1).collect();
        let flag = |name: &str, var: &str| {
            args.iter().any(|a| a == name)
                || std::env::var(var).is_ok_and(|v| !v.is_empty() && v != "0")
        };
        let number = |name: &str, var: &str| -> Option<usize> {
            let from_args = args
                .iter()
                .position(|a| a == name)
                .and_then(|i| args.get(i + 1))
                .cloned();
            from_args
                .or_else(|| std::env::var(var).ok())
                .and_then(|v| v.parse().ok())
                .filter(|&n| n > 0)
        };
        let quick = flag("--quick", "TRANSPORT_OVERHEAD_QUICK");
        let (rounds, requests, warmup) = if quick { (3, 50, 50) } else { (40, 1000, 2000) };
        Config {
            quick,
            rounds: number("--rounds", "TRANSPORT_OVERHEAD_ROUNDS").unwrap_or(rounds),
            requests: number("--requests", "TRANSPORT_OVERHEAD_REQUESTS").unwrap_or(requests),
            warmup,
            enforce: flag("--enforce", "TRANSPORT_OVERHEAD_ENFORCE"),
            only: args
                .iter()
                .position(|a| a == "--only")
                .and_then(|i| args.get(i + 1))
                .map(|side| match side.as_str() {
                    "bare" => Side::Bare,
                    "transport" => Side::Transport,
                    other => panic!("--only takes `bare` or `transport`, not `{other}`"),
                }),
        }
    }
}

struct Clients {
    bare: reqwest::Client,
    bare_url: reqwest::Url,
    transport: Transport,
}

impl Clients {
    fn new(addr: SocketAddr) -> Self {
        let base = format!("http://{addr}");
        // Configured like the transport's own client (see `TransportBuilder::build`).
        let bare = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(30))
            .user_agent(format!("social-rs/{}", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("build the bare client");
        let bare_url = reqwest::Url::parse(&format!("{base}/{PATH}")).expect("the bench URL");
        let transport = Transport::builder(Network::X, base)
            .build()
            .expect("build the transport");
        Clients {
            bare,
            bare_url,
            transport,
        }
    }

    async fn bare_once(&self) -> Page {
        let resp = self
            .bare
            .get(self.bare_url.clone())
            .send()
            .await
            .expect("bare GET");
        assert!(resp.status().is_success(), "bare GET: {}", resp.status());
        let body = resp.bytes().await.expect("bare body");
        serde_json::from_slice(&body).expect("bare decode")
    }

    async fn transport_once(&self) -> Page {
        self.transport
            .execute_json(RequestSpec::get(PATH))
            .await
            .expect("transport GET")
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Side {
    Bare,
    Transport,
}

/// Runs `n` requests on `side`; returns (CPU per request, wall per request) in µs.
async fn run(clients: &Clients, side: Side, n: usize) -> (f64, f64) {
    let mut digest = 0u64;
    let wall = Instant::now();
    let cpu = ThreadTime::now();
    for _ in 0..n {
        let page = match side {
            Side::Bare => clients.bare_once().await,
            Side::Transport => clients.transport_once().await,
        };
        digest = digest.wrapping_add(std::hint::black_box(&page).digest());
    }
    let cpu = cpu.elapsed();
    let wall = wall.elapsed();
    std::hint::black_box(digest);
    let per = |d: Duration| d.as_secs_f64() * 1e6 / n as f64;
    (per(cpu), per(wall))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn main() {
    let config = Config::from_env_and_args();
    let addr = start_server();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("build the client runtime");

    let ok = rt.block_on(async {
        let clients = Clients::new(addr);

        // Both sides decode the same thing.
        let (a, b) = (clients.bare_once().await, clients.transport_once().await);
        assert_eq!(a, b, "both sides must decode the same page");
        assert!(a.digest() > 0);
        let resp = clients
            .transport
            .execute(RequestSpec::get(PATH))
            .await
            .expect("transport GET");
        let cid = resp.correlation_id();
        assert!(cid.len() == 16 && cid.bytes().all(|c| c.is_ascii_hexdigit()), "{cid}");

        if let Some(side) = config.only {
            let (cpu, wall) = run(&clients, side, config.requests).await;
            println!(
                "{side:?} only: {cpu:.1} µs/req CPU, {wall:.1} µs/req wall over {} requests",
                config.requests
            );
            return true;
        }

        // Warm up: connections, pools, allocator, caches.
        for side in [Side::Bare, Side::Transport] {
            run(&clients, side, config.warmup).await;
        }

        let mut bare = Vec::with_capacity(config.rounds);
        let mut transport = Vec::with_capacity(config.rounds);
        let mut ratios = Vec::with_capacity(config.rounds);
        let mut walls = (Vec::new(), Vec::new());
        for round in 0..config.rounds {
            let order = if round % 2 == 0 {
                [Side::Bare, Side::Transport]
            } else {
                [Side::Transport, Side::Bare]
            };
            let (mut b, mut t) = ((0.0, 0.0), (0.0, 0.0));
            for side in order {
                let r = run(&clients, side, config.requests).await;
                match side {
                    Side::Bare => b = r,
                    Side::Transport => t = r,
                }
            }
            bare.push(b.0);
            transport.push(t.0);
            ratios.push(t.0 / b.0);
            walls.0.push(b.1);
            walls.1.push(t.1);
        }

        let total = config.rounds * config.requests;
        let (b, t) = (median(&mut bare), median(&mut transport));
        let ratio = t / b;
        println!(
            "transport_overhead: {} rounds × {} requests per side ({total} measured requests each, \
             {} warm-up){}",
            config.rounds,
            config.requests,
            config.warmup,
            if config.quick {
                " [quick mode: numbers are indicative only]"
            } else {
                ""
            }
        );
        println!("bare: {b:.1} µs/req (CPU, median of rounds)");
        println!("transport: {t:.1} µs/req (CPU, median of rounds)");
        println!("ratio: {ratio:.2} (target ≤ {TARGET_RATIO:.2})");
        println!(
            "  paired-round ratio median: {:.2}; min/max bare {:.1}/{:.1}, transport {:.1}/{:.1} µs",
            median(&mut ratios),
            bare[0],
            bare[bare.len() - 1],
            transport[0],
            transport[transport.len() - 1],
        );
        println!(
            "  wall per request (median): bare {:.1} µs, transport {:.1} µs",
            median(&mut walls.0),
            median(&mut walls.1)
        );
        ratio <= TARGET_RATIO
    });

    if config.enforce && !ok {
        eprintln!("transport_overhead: the ratio is over the {TARGET_RATIO:.2} target");
        std::process::exit(1);
    }
}
