//! Time and memory of [`social_core::discover::rank`] on 1,000 seeds × 5,000 followees, against a
//! bare hash-count loop over the same edges.
//!
//! The graph: a universe of 300,000 accounts with X-like ids (19-digit numbers) and profiles
//! (name and handle); each seed follows 5,000 distinct accounts drawn from a Zipf-like popularity
//! (`P(rank r) ∝ 1 / r^0.9`), so popular accounts are followed by most seeds and the long tail by
//! few. The random generator is seeded: every run builds the same graph.
//!
//! Measured:
//! - `rank`: the [`rank`] call on the built [`Followings`] (median of the runs);
//! - `ingest`: building the [`Followings`] from the 5 million `&UserId` edges (interning), i.e.
//!   what [`who_to_follow`](social_core::discover::who_to_follow) does while it reads pages;
//! - `bare count`: `HashMap<&str, u32>` `+= 1` over the same 5 million edges (the ids' strings),
//!   then a sort of the top 20 (median of the runs);
//! - peak RSS: `VmHWM` from `/proc/self/status`. Before timing `rank` the high-water mark is reset
//!   (writing `5` to `/proc/self/clear_refs`, Linux ≥ 4.0) so that "rank peak" is the resident
//!   size while ranking: the graph plus the ranking's own memory. The overall peak includes the
//!   generator's scratch data.
//!
//! ```text
//! cargo bench -p social-core --bench discover_rank
//! cargo bench -p social-core --bench discover_rank -- --runs 3     # fewer runs
//! ```

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use social_core::discover::{Followings, RankOptions, Weighting, rank};
use social_core::{Network, Profile, UserId};

const SEEDS: usize = 1_000;
const FOLLOWEES: usize = 5_000;
const UNIVERSE: usize = 300_000;
const ZIPF_EXPONENT: f64 = 0.9;
const TOP: usize = 20;
const TARGET: Duration = Duration::from_secs(1);
const TARGET_MB: f64 = 300.0;

fn main() {
    let runs = std::env::args()
        .skip_while(|a| a != "--runs")
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(5usize)
        .max(1);

    let t = Instant::now();
    let universe: Vec<UserId> = (0..UNIVERSE)
        .map(|i| UserId::new((1_200_000_000_000_000_000u64 + i as u64 * 7_919_003).to_string()))
        .collect();
    // Seeds are accounts of the universe too (the last 1,000 ids); none follows itself.
    let seed_account = |s: usize| UNIVERSE - 1 - s;
    let edges = generate_edges(seed_account);
    let generated = t.elapsed();

    // Ingest: what the driver does with each page (intern ids, keep one profile per account).
    let t = Instant::now();
    let mut graph = Followings::for_user(&UserId::new("1"));
    let mut profiled = vec![false; UNIVERSE];
    for (s, follows) in edges.iter().enumerate() {
        let seed = graph.add_seed(&universe[seed_account(s)]);
        for &a in follows {
            let a = a as usize;
            if profiled[a] {
                graph.add_following(seed, &universe[a]);
            } else {
                profiled[a] = true;
                graph.add_following_profile(
                    seed,
                    Profile::new(Network::X, universe[a].clone(), format!("Account {a}"))
                        .with_handle(format!("account_{a}")),
                );
            }
        }
    }
    let ingest = t.elapsed();
    let distinct = profiled.iter().filter(|p| **p).count();
    drop(profiled);
    let rss_graph = status_kb("VmRSS");

    let options = RankOptions::default().limit(TOP);
    let reset = reset_peak();
    let mut rank_times = Vec::with_capacity(runs);
    let mut top = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        top = black_box(rank(black_box(&graph), &options));
        rank_times.push(t.elapsed());
    }
    let rank_peak = status_kb("VmHWM");

    let mut bare_times = Vec::with_capacity(runs);
    let mut bare_top = Vec::new();
    for _ in 0..runs {
        let t = Instant::now();
        bare_top = black_box(bare_count(black_box(&edges), &universe));
        bare_times.push(t.elapsed());
    }
    let peak = status_kb("VmHWM");

    // Sanity check: ranked by plain count, the ranking agrees with the bare loop's counts.
    let by_count = rank(&graph, &options.weighting(Weighting::Uniform));
    let bare: HashMap<&str, u32> = bare_top.iter().copied().collect();
    let common = by_count
        .iter()
        .filter_map(|s| Some((bare.get(s.account.as_str())?, s)))
        .inspect(|(c, s)| assert_eq!(**c as usize, s.seed_count(), "{}", s.account))
        .count();
    assert!(common >= TOP / 2, "only {common} accounts in common");

    let rank_med = median(&mut rank_times);
    let bare_med = median(&mut bare_times);
    let ratio = rank_med.as_secs_f64() / bare_med.as_secs_f64();
    let peak_mb = peak.map_or(f64::NAN, |kb| kb as f64 / 1024.0);
    let rank_peak_mb = rank_peak.map_or(f64::NAN, |kb| kb as f64 / 1024.0);

    println!(
        "graph: {SEEDS} seeds x {FOLLOWEES} followees = {} edges over {distinct} distinct accounts \
         (universe {UNIVERSE}, Zipf s = {ZIPF_EXPONENT}); generated in {} ms, ingested in {} ms, \
         resident after ingest: {}",
        graph.edge_count(),
        generated.as_millis(),
        ingest.as_millis(),
        rss_graph.map_or("unknown".into(), |kb| format!("{} MB", kb / 1024)),
    );
    println!(
        "top: {} (score {:.3}): {}",
        top[0].account,
        top[0].score,
        graph.explain(&top[0])
    );
    println!(
        "runs: {runs}; rank min/median/max: {:.1}/{:.1}/{:.1} ms; bare min/median/max: {:.1}/{:.1}/{:.1} ms",
        ms(rank_times[0]),
        ms(rank_med),
        ms(rank_times[runs - 1]),
        ms(bare_times[0]),
        ms(bare_med),
        ms(bare_times[runs - 1]),
    );
    println!(
        "ingest + rank: {:.1} ms, ratio to bare count: {:.2}",
        ms(ingest + rank_med),
        (ingest + rank_med).as_secs_f64() / bare_med.as_secs_f64()
    );
    println!(
        "rank peak RSS (graph + ranking{}): {rank_peak_mb:.0} MB",
        if reset {
            ""
        } else {
            "; high-water mark not reset, includes generation"
        }
    );
    println!(
        "rank: {:.1} ms, bare count: {:.1} ms, ratio: {ratio:.2}, peak RSS: {peak_mb:.0} MB \
         (target ≤ {} s, ≤ {TARGET_MB:.0} MB){}",
        ms(rank_med),
        ms(bare_med),
        TARGET.as_secs(),
        if rank_med <= TARGET && peak_mb <= TARGET_MB {
            ""
        } else {
            "  OVER TARGET"
        }
    );
}

/// Per seed, 5,000 distinct account indices drawn from the Zipf-like popularity, never the
/// seed's own account.
fn generate_edges(seed_account: impl Fn(usize) -> usize) -> Vec<Vec<u32>> {
    let mut rng = StdRng::seed_from_u64(0x5eed_f011);
    // Cumulative popularity; popularity rank r is shuffled onto account ids.
    let mut cdf = Vec::with_capacity(UNIVERSE);
    let mut total = 0.0;
    for r in 1..=UNIVERSE {
        total += 1.0 / (r as f64).powf(ZIPF_EXPONENT);
        cdf.push(total);
    }
    let mut account_of_rank: Vec<u32> = (0..UNIVERSE as u32).collect();
    for i in (1..UNIVERSE).rev() {
        account_of_rank.swap(i, rng.random_range(0..=i));
    }
    let mut stamp = vec![u32::MAX; UNIVERSE];
    (0..SEEDS as u32)
        .map(|s| {
            stamp[seed_account(s as usize)] = s;
            let mut follows = Vec::with_capacity(FOLLOWEES);
            while follows.len() < FOLLOWEES {
                let x = rng.random::<f64>() * total;
                let r = cdf.partition_point(|&c| c < x).min(UNIVERSE - 1);
                let a = account_of_rank[r];
                if stamp[a as usize] != s {
                    stamp[a as usize] = s;
                    follows.push(a);
                }
            }
            follows
        })
        .collect()
}

/// The simplest count: one hash-map increment per edge, then the top 20 by count.
fn bare_count<'a>(edges: &[Vec<u32>], universe: &'a [UserId]) -> Vec<(&'a str, u32)> {
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for follows in edges {
        for &a in follows {
            *counts.entry(universe[a as usize].as_str()).or_insert(0) += 1;
        }
    }
    let mut all: Vec<(&str, u32)> = counts.into_iter().collect();
    let order = |a: &(&str, u32), b: &(&str, u32)| b.1.cmp(&a.1).then(a.0.cmp(b.0));
    if all.len() > TOP {
        all.select_nth_unstable_by(TOP - 1, order);
        all.truncate(TOP);
    }
    all.sort_unstable_by(order);
    all
}

/// Sorts the times and returns the median.
fn median(times: &mut [Duration]) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

/// A `kB` field of `/proc/self/status` (Linux), if readable.
fn status_kb(field: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets the resident-set high-water mark (Linux ≥ 4.0); false when it could not.
fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
