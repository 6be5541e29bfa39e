//! Throughput of [`social_twitter::text::parse`] (weighted length counting, configuration v3),
//! in megabytes (10^6 bytes) of UTF-8 input per second.
//!
//! Inputs, built deterministically by repeating short passages:
//! - `mixed_post`: one round of the mixed passages below (about 470 bytes, a long post);
//! - `mixed_64k`: Latin, accented Latin, CJK, Hangul, emoji ZWJ / skin-tone / flag / keycap
//!   sequences and URLs (with and without protocol, `t.co`), repeated to 64 KiB;
//! - `latin_64k`, `cjk_64k`, `emoji_64k`, `urls_64k`: one kind of text each, 64 KiB.
//!
//! Each input is parsed in rounds of about 100 ms after a warm-up; the median round gives
//! the figure. The whole run takes about 15 s.
//!
//! ```text
//! cargo bench -p social-twitter --bench text_throughput
//! cargo bench -p social-twitter --bench text_throughput -- --quick   # smoke run, noisy
//! ```

use std::hint::black_box;
use std::time::{Duration, Instant};

use social_twitter::text::{TextConfig, parse};

const LATIN: &str = "The quick brown fox jumps over the lazy dog, again and again. ";
const ACCENTS: &str = "Café déjà vu: naïve coöperation, Ærøskøbing, São Paulo. ";
const CJK: &str = "故人西辞黄鹤楼，烟花三月下扬州。孤帆远影碧空尽，唯见长江天际流。";
const HANGUL: &str = "한국어 텍스트도 섞여 있습니다. ";
const EMOJI: &str = "👨‍👩‍👧‍👦 🙋🏽 🏳️‍🌈 🇯🇵 1️⃣ ❤️‍🔥 🧑🏽‍💻 😷 ";
const URLS: &str =
    "read https://example.com/articles/2024/11/foo_(bar)?utm=x, docs.rs/regex and t.co/abc123. ";

/// Repeats `parts` in turn until the text is at least `bytes` long.
fn build(parts: &[&str], bytes: usize) -> String {
    let mut text = String::with_capacity(bytes + 512);
    while text.len() < bytes {
        for part in parts {
            text.push_str(part);
        }
    }
    text
}

/// Median time of one `parse` of `text`.
fn measure(text: &str, config: &TextConfig, rounds: usize, round: Duration) -> Duration {
    // Warm up and calibrate the number of parses per round.
    let mut per_round = 1_u32;
    loop {
        let start = Instant::now();
        for _ in 0..per_round {
            black_box(parse(black_box(text), config));
        }
        if start.elapsed() >= round / 4 || per_round >= 1 << 24 {
            let scale = round.as_secs_f64() / start.elapsed().as_secs_f64().max(1e-9);
            per_round = ((f64::from(per_round) * scale) as u32).max(1);
            break;
        }
        per_round *= 2;
    }
    let mut times: Vec<Duration> = (0..rounds)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..per_round {
                black_box(parse(black_box(text), config));
            }
            start.elapsed() / per_round
        })
        .collect();
    times.sort_unstable();
    times[times.len() / 2]
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let (rounds, round) = if quick {
        (3, Duration::from_millis(20))
    } else {
        (15, Duration::from_millis(100))
    };
    let config = TextConfig::v3();
    let mixed = [LATIN, CJK, EMOJI, ACCENTS, URLS, HANGUL];
    let inputs = [
        ("mixed_post", build(&mixed, 1)),
        ("mixed_64k", build(&mixed, 64 * 1024)),
        ("latin_64k", build(&[LATIN, ACCENTS], 64 * 1024)),
        ("cjk_64k", build(&[CJK, HANGUL], 64 * 1024)),
        ("emoji_64k", build(&[EMOJI], 64 * 1024)),
        ("urls_64k", build(&[URLS], 64 * 1024)),
    ];
    println!(
        "{:<12} {:>8} {:>8} {:>10} {:>12} {:>9}",
        "input", "bytes", "chars", "weighted", "time/parse", "MB/s"
    );
    for (name, text) in &inputs {
        let parsed = parse(text, &config);
        let time = measure(text, &config, rounds, round);
        let mb_per_s = text.len() as f64 / time.as_secs_f64() / 1e6;
        println!(
            "{:<12} {:>8} {:>8} {:>10} {:>12.2?} {:>9.1}",
            name,
            text.len(),
            text.chars().count(),
            parsed.weighted_length,
            time,
            mb_per_s
        );
    }
}
