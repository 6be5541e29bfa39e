//! Who-to-follow: the ranking (weights, exclusions, explanations, ties) and the driver over an
//! in-memory `FollowGraph` (budget, rate limit, failing seeds, looping cursors).

use std::collections::{HashMap, HashSet};
use std::sync::Mutex;
use std::time::Duration;

use async_trait::async_trait;
use social_core::discover::{
    DiscoverOptions, Followings, RankOptions, ReadOutcome, Suggestion, Weighting, rank,
    who_to_follow,
};
use social_core::{Cursor, Error, FollowGraph, Network, Page, Profile, Result, UserId};

fn id(s: &str) -> UserId {
    UserId::new(s)
}

fn ids(v: &[Suggestion]) -> Vec<&str> {
    v.iter().map(|s| s.account.as_str()).collect()
}

/// `seed → followees`, in order.
fn graph(me: Option<&str>, lists: &[(&str, Vec<String>)]) -> Followings {
    let mut g = match me {
        Some(me) => Followings::for_user(&id(me)),
        None => Followings::new(),
    };
    for (seed, follows) in lists {
        let s = g.add_seed(&id(seed));
        for f in follows {
            g.add_following(s, &id(f));
        }
    }
    g
}

fn list(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

/// `prefix-0 … prefix-(n-1)` plus the given accounts.
fn padded(prefix: &str, n: usize, extra: &[&str]) -> Vec<String> {
    let mut v = list(extra);
    v.extend((0..n).map(|i| format!("{prefix}-{i}")));
    v
}

// ---------------------------------------------------------------------------------------------
// Ranking
// ---------------------------------------------------------------------------------------------

#[test]
fn two_selective_seeds_beat_three_promiscuous_ones() {
    let g = graph(
        None,
        &[
            ("sel1", padded("s1", 9, &["niche"])),
            ("sel2", padded("s2", 9, &["niche"])),
            ("pro1", padded("p1", 999, &["popular"])),
            ("pro2", padded("p2", 999, &["popular"])),
            ("pro3", padded("p3", 999, &["popular"])),
        ],
    );
    let top = rank(&g, &RankOptions::default().limit(2));
    assert_eq!(ids(&top), ["niche", "popular"]);
    assert_eq!(top[0].seed_count(), 2);
    assert_eq!(top[1].seed_count(), 3);
    let w = Weighting::LogDamped;
    assert!((top[0].score - 2.0 * w.weight(10)).abs() < 1e-12);
    assert!((top[1].score - 3.0 * w.weight(1000)).abs() < 1e-12);

    // Adamic–Adar agrees; plain counting does not.
    let aa = rank(
        &g,
        &RankOptions::default()
            .limit(2)
            .weighting(Weighting::AdamicAdar),
    );
    assert_eq!(ids(&aa), ["niche", "popular"]);
    let count = rank(
        &g,
        &RankOptions::default()
            .limit(2)
            .weighting(Weighting::Uniform),
    );
    assert_eq!(ids(&count), ["popular", "niche"]);
}

#[test]
fn weights_fall_with_degree_and_stay_bounded() {
    for w in [Weighting::LogDamped, Weighting::AdamicAdar] {
        let mut last = f64::INFINITY;
        for d in [1, 2, 3, 10, 100, 1_000, 5_000, 1_000_000] {
            let x = w.weight(d);
            assert!(x.is_finite() && x > 0.0 && x < last, "{w:?} {d}");
            last = x;
        }
        assert_eq!(w.weight(0), 0.0);
    }
    assert!(Weighting::LogDamped.weight(1) < 1.0);
    assert!(Weighting::AdamicAdar.weight(1) > 1.4);
}

#[test]
fn the_user_followed_accounts_and_seeds_are_never_suggested() {
    let mut g = graph(
        Some("me"),
        &[
            (
                "ana",
                list(&["me", "ben", "known", "ana", "fresh", "other"]),
            ),
            ("ben", list(&["me", "ana", "known", "fresh"])),
        ],
    );
    g.add_already_followed(&id("known"));
    let top = g.rank(&RankOptions::default());
    assert_eq!(ids(&top), ["fresh", "other"]);
    // A seed following itself is not an edge: ana follows 5 accounts.
    assert_eq!(g.edge_count(), 5 + 4);
}

#[test]
fn explanations_for_one_two_three_and_five_seeds() {
    let seeds = ["ana", "ben", "cy", "dee", "eve"];
    let mut lists: Vec<(&str, Vec<String>)> = Vec::new();
    for (i, s) in seeds.iter().enumerate() {
        // `c1` is followed by the first seed, `c2` by two, `c3` by three, `c5` by all five. Every
        // seed follows as many accounts, so the order of `followed_by` is the seeds' order.
        let mut follows = Vec::new();
        for (c, n) in [("c1", 1), ("c2", 2), ("c3", 3), ("c5", 5)] {
            if i < n {
                follows.push(c.to_string());
            } else {
                follows.push(format!("{s}-{c}-filler"));
            }
        }
        lists.push((s, follows));
    }
    let g = graph(None, &lists);
    let top = g.rank(&RankOptions::default().min_seeds(1).limit(100));
    let find = |c: &str| top.iter().find(|s| s.account.as_str() == c).unwrap();
    assert_eq!(find("c1").explanation(), "followed by ana");
    assert_eq!(find("c2").explanation(), "followed by ana and ben");
    assert_eq!(find("c3").explanation(), "followed by ana, ben and cy");
    assert_eq!(
        find("c5").explanation(),
        "followed by ana, ben and 3 others"
    );
    assert_eq!(
        find("c5").explain(|id| id.as_str().to_uppercase()),
        "followed by ANA, BEN and 3 others"
    );
    assert_eq!(
        find("c5").to_string(),
        "c5: followed by ana, ben and 3 others"
    );
}

#[test]
fn names_come_from_profiles_when_known() {
    let mut g = Followings::new();
    g.add_profile(Profile::new(Network::X, id("1"), "Ana").with_handle("ana"));
    g.add_profile(Profile::new(Network::X, id("2"), "Ben Bee"));
    let a = g.add_seed(&id("1"));
    let b = g.add_seed(&id("2"));
    let c = g.add_seed(&id("3"));
    for s in [a, b, c] {
        g.add_following_profile(
            s,
            Profile::new(Network::X, id("42"), "Rust").with_handle("rustlang"),
        );
    }
    let top = g.rank(&RankOptions::default());
    assert_eq!(g.explain(&top[0]), "followed by @ana, Ben Bee and 3");
    assert_eq!(top[0].profile.as_ref().unwrap().name, "Rust");
    assert_eq!(top[0].to_string(), "@rustlang: followed by 1, 2 and 3");
}

#[test]
fn most_selective_seeds_are_named_first() {
    let g = graph(
        None,
        &[
            ("big", padded("b", 500, &["x"])),
            ("small", padded("s", 5, &["x"])),
            ("mid", padded("m", 50, &["x"])),
        ],
    );
    let top = g.rank(&RankOptions::default().limit(1));
    assert_eq!(top[0].account.as_str(), "x");
    let by: Vec<&str> = top[0].followed_by.iter().map(UserId::as_str).collect();
    assert_eq!(by, ["small", "mid", "big"]);
}

#[test]
fn ties_are_broken_by_id_whatever_the_insertion_order() {
    let forward = graph(
        None,
        &[
            ("s1", list(&["b", "a", "c", "d"])),
            ("s2", list(&["c", "a", "b", "e"])),
        ],
    );
    let backward = graph(
        None,
        &[
            ("s1", list(&["d", "c", "a", "b"])),
            ("s2", list(&["e", "b", "a", "c"])),
        ],
    );
    let options = RankOptions::default();
    let a = forward.rank(&options);
    let b = backward.rank(&options);
    assert_eq!(ids(&a), ["a", "b", "c", "d", "e"]);
    assert_eq!(a, b);
    for _ in 0..5 {
        assert_eq!(forward.rank(&options), a, "same input, same output");
    }
    // A partial sort at every cut keeps the same prefix.
    for k in 1..=5 {
        assert_eq!(ids(&forward.rank(&options.limit(k))), ids(&a)[..k]);
    }
}

#[test]
fn duplicate_edges_count_once_and_limits_apply() {
    let mut g = graph(
        None,
        &[("s1", list(&["a", "a", "b"])), ("s2", list(&["a", "c"]))],
    );
    let s1 = g.add_seed(&id("s1"));
    g.add_following(s1, &id("b")); // the same seed again, the same edge again
    let top = g.rank(&RankOptions::default().weighting(Weighting::Uniform));
    assert_eq!(ids(&top), ["a", "b", "c"]);
    assert_eq!(top[0].score, 2.0);
    assert_eq!(top[0].followed_by, [id("s1"), id("s2")]);
    assert_eq!(top[1].score, 1.0);
    assert_eq!(g.seed_count(), 2);

    assert_eq!(ids(&g.rank(&RankOptions::default().min_seeds(2))), ["a"]);
    assert!(g.rank(&RankOptions::default().limit(0)).is_empty());
    assert!(Followings::new().rank(&RankOptions::default()).is_empty());
}

#[test]
fn a_declared_degree_lowers_a_partly_read_seed() {
    let mut g = graph(None, &[("s1", list(&["a"])), ("s2", list(&["b"]))]);
    let s2 = g.add_seed(&id("s2"));
    g.set_declared_degree(s2, 5_000);
    let top = g.rank(&RankOptions::default());
    assert_eq!(ids(&top), ["a", "b"]);
    assert!((top[1].score - Weighting::LogDamped.weight(5_000)).abs() < 1e-12);
}

// ---------------------------------------------------------------------------------------------
// The driver, over an in-memory FollowGraph
// ---------------------------------------------------------------------------------------------

/// An in-memory follow graph serving `page_size` accounts per page, with scripted failures.
#[derive(Default)]
struct Memory {
    follows: HashMap<String, Vec<String>>,
    page_size: usize,
    /// Requests after this many answer `RateLimited`.
    rate_limit_after: Option<usize>,
    /// Users whose listing always answers the same cursor.
    looping: HashSet<String>,
    /// Users that do not exist.
    missing: HashSet<String>,
    /// Every request, in order: (user, cursor).
    log: Mutex<Vec<(String, Option<String>)>>,
}

impl Memory {
    fn new(page_size: usize, lists: &[(&str, Vec<String>)]) -> Self {
        Memory {
            follows: lists
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
            page_size,
            ..Memory::default()
        }
    }

    fn calls(&self) -> usize {
        self.log.lock().unwrap().len()
    }

    fn calls_for(&self, user: &str) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|(u, _)| u == user)
            .count()
    }
}

fn profile(id: &str) -> Profile {
    Profile::new(Network::X, UserId::new(id), id.to_uppercase()).with_handle(id)
}

#[async_trait]
impl FollowGraph for Memory {
    async fn following(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>> {
        let n = {
            let mut log = self.log.lock().unwrap();
            log.push((
                user.to_string(),
                cursor.as_ref().map(|c| c.as_str().to_string()),
            ));
            log.len()
        };
        if self.rate_limit_after.is_some_and(|max| n > max) {
            return Err(Error::RateLimited {
                network: Network::X,
                retry_after: Some(Duration::from_secs(900)),
                reset_at: None,
                bucket: Some("GET /2/users/:id/following".into()),
                rate_limit: None,
                api: None,
            });
        }
        if self.missing.contains(user.as_str()) {
            return Err(Error::NotFound {
                network: Network::X,
                message: format!("user {user} not found"),
                api: None,
            });
        }
        let all = self
            .follows
            .get(user.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        if self.looping.contains(user.as_str()) {
            let items = all
                .iter()
                .take(self.page_size)
                .map(|s| profile(s))
                .collect();
            return Ok(Page::new(items, Some(Cursor::new("again"))));
        }
        let start: usize = cursor.map_or(0, |c| c.as_str().parse().unwrap());
        let end = (start + self.page_size).min(all.len());
        let items = all[start..end].iter().map(|s| profile(s)).collect();
        let next = (end < all.len()).then(|| Cursor::new(end.to_string()));
        Ok(Page::new(items, next))
    }

    async fn followers(&self, _user: &UserId, _cursor: Option<Cursor>) -> Result<Page<Profile>> {
        Ok(Page::new(Vec::new(), None))
    }
}

/// Three seeds of 6 followees each (2 pages of 3), all following `star`, and the user.
fn small_world() -> Memory {
    Memory::new(
        3,
        &[
            ("me", list(&["ana", "known"])),
            ("ana", list(&["star", "known", "a1", "a2", "a3", "shared"])),
            ("ben", list(&["star", "b1", "known", "shared", "b2", "b3"])),
            ("cy", list(&["star", "c1", "c2", "c3", "c4", "c5"])),
        ],
    )
}

fn seeds(names: &[&str]) -> Vec<UserId> {
    names.iter().map(|s| id(s)).collect()
}

fn unlimited() -> DiscoverOptions {
    DiscoverOptions::default()
        .max_requests(1_000)
        .rank(RankOptions::default().limit(100))
}

#[tokio::test]
async fn reads_everything_within_a_large_budget() {
    let g = small_world();
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ben", "cy"]), &unlimited())
        .await
        .unwrap();
    assert!(found.is_complete());
    assert_eq!(found.requests_made, 1 + 3 * 2);
    assert_eq!(g.calls(), 7);
    assert_eq!(found.seeds_read().len(), 3);
    assert!(found.following.is_complete());
    let top = &found.suggestions;
    assert_eq!(top[0].account.as_str(), "star");
    assert_eq!(top[1].account.as_str(), "shared");
    assert!(
        !ids(top)
            .iter()
            .any(|a| ["me", "known", "ana", "ben", "cy"].contains(a)),
        "{:?}",
        ids(top)
    );
    // ana's name comes from the user's own following.
    assert_eq!(found.explain(&top[0]), "followed by @ana, ben and cy");
    assert_eq!(found.suggestions[0].profile.as_ref().unwrap().name, "STAR");
}

#[tokio::test]
async fn reads_breadth_first_so_a_tight_budget_hears_every_seed() {
    let g = small_world();
    let options = unlimited().max_requests(4);
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ben", "cy"]), &options)
        .await
        .unwrap();
    assert_eq!(found.requests_made, 4);
    assert_eq!(g.calls(), 4, "the budget is never exceeded");
    assert!(found.stopped_by.is_none());
    assert!(!found.is_complete());
    assert_eq!(found.seeds_partial(), [&id("ana"), &id("ben"), &id("cy")]);
    assert!(
        found
            .seeds
            .iter()
            .all(|r| matches!(r.outcome, ReadOutcome::Budget))
    );
    assert_eq!(found.suggestions[0].account.as_str(), "star");
    assert_eq!(found.suggestions[0].seed_count(), 3);
}

#[tokio::test]
async fn budget_exhaustion_gives_partial_results() {
    let g = small_world();
    let options = unlimited().max_requests(5);
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ben", "cy"]), &options)
        .await
        .unwrap();
    assert_eq!(found.requests_made, 5);
    assert_eq!(found.seeds_read(), [&id("ana")]);
    assert_eq!(found.seeds_partial(), [&id("ben"), &id("cy")]);
    assert!(found.seeds_skipped().is_empty());
    assert!(!found.suggestions.is_empty());

    // A budget that only covers the user's following: nothing to rank, no error.
    let g = small_world();
    let found = who_to_follow(
        &g,
        &id("me"),
        &seeds(&["ana", "ben"]),
        &unlimited().max_requests(1),
    )
    .await
    .unwrap();
    assert_eq!(found.requests_made, 1);
    assert_eq!(found.seeds_skipped(), [&id("ana"), &id("ben")]);
    assert!(found.suggestions.is_empty());
}

#[tokio::test]
async fn the_page_cap_stops_one_seed() {
    let g = small_world();
    let options = unlimited().max_pages_per_seed(1);
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ben"]), &options)
        .await
        .unwrap();
    assert_eq!(found.requests_made, 3);
    assert!(
        found
            .seeds
            .iter()
            .all(|r| matches!(r.outcome, ReadOutcome::PageCap))
    );
    assert_eq!(found.seeds_partial().len(), 2);
}

#[tokio::test]
async fn a_rate_limit_midway_gives_partial_results_and_says_why() {
    let mut g = small_world();
    g.rate_limit_after = Some(3); // me, ana p1, ben p1 — then 429
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ben", "cy"]), &unlimited())
        .await
        .unwrap();
    assert_eq!(g.calls(), 4, "stops at the first rate limit");
    assert_eq!(found.requests_made, 4);
    let stop = found.stopped_by.as_ref().expect("stopped_by");
    assert!(matches!(stop, Error::RateLimited { .. }));
    assert_eq!(stop.retry_after(), Some(Duration::from_secs(900)));
    assert_eq!(found.seeds_partial(), [&id("ana"), &id("ben")]);
    assert_eq!(found.seeds_skipped(), [&id("cy")]);
    assert!(
        found
            .seeds
            .iter()
            .all(|r| matches!(r.outcome, ReadOutcome::Stopped))
    );
    assert_eq!(found.suggestions[0].account.as_str(), "star");
    assert_eq!(found.suggestions[0].seed_count(), 2);
}

#[tokio::test]
async fn a_rate_limit_before_any_seed_is_an_error() {
    let mut g = small_world();
    g.rate_limit_after = Some(1);
    let err = who_to_follow(&g, &id("me"), &seeds(&["ana"]), &unlimited())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::RateLimited { .. }), "{err}");
    assert_eq!(g.calls(), 2);
}

#[tokio::test]
async fn a_repeated_cursor_stops_that_seed_only() {
    let mut g = small_world();
    g.looping.insert("ben".into());
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ben"]), &unlimited())
        .await
        .unwrap();
    // ben: the first page hands "again", the second hands "again" again: stop.
    assert_eq!(g.calls_for("ben"), 2);
    let ben = &found.seeds[1];
    assert!(matches!(ben.outcome, ReadOutcome::RepeatedCursor));
    assert_eq!(ben.pages, 2);
    assert!(found.seeds[0].is_complete());
    assert!(found.stopped_by.is_none());
    assert_eq!(found.suggestions[0].account.as_str(), "star");
}

#[tokio::test]
async fn a_missing_seed_is_recorded_and_the_others_go_on() {
    let mut g = small_world();
    g.missing.insert("ghost".into());
    let found = who_to_follow(&g, &id("me"), &seeds(&["ghost", "ana"]), &unlimited())
        .await
        .unwrap();
    assert_eq!(found.seeds_skipped(), [&id("ghost")]);
    assert!(matches!(
        found.seeds[0].error(),
        Some(Error::NotFound { .. })
    ));
    assert_eq!(found.seeds_read(), [&id("ana")]);
    assert!(found.stopped_by.is_none());

    // Only missing seeds: the error itself.
    let err = who_to_follow(&g, &id("me"), &seeds(&["ghost"]), &unlimited())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err}");
}

#[tokio::test]
async fn a_failing_own_following_is_reported_not_fatal() {
    let mut g = small_world();
    g.missing.insert("me".into());
    let found = who_to_follow(&g, &id("me"), &seeds(&["ana"]), &unlimited())
        .await
        .unwrap();
    assert!(found.following.error().is_some());
    assert!(!found.is_complete());
    // "known" could not be excluded.
    assert!(ids(&found.suggestions).contains(&"known"));
}

#[tokio::test]
async fn no_seeds_is_invalid_input_and_duplicates_are_read_once() {
    let g = small_world();
    let err = who_to_follow(&g, &id("me"), &[], &unlimited())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }));
    assert_eq!(g.calls(), 0);

    let found = who_to_follow(&g, &id("me"), &seeds(&["ana", "ana"]), &unlimited())
        .await
        .unwrap();
    assert_eq!(found.seeds.len(), 1);
    assert_eq!(found.requests_made, 3);
}

#[test]
fn the_driver_future_is_send() {
    fn assert_send<T: Send>(_: &T) {}
    let g = small_world();
    let me = id("me");
    let s = seeds(&["ana"]);
    let options = DiscoverOptions::default();
    let dyn_graph: &dyn FollowGraph = &g;
    let fut = who_to_follow(dyn_graph, &me, &s, &options);
    assert_send(&fut);
}
