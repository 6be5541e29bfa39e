//! Who to follow: accounts that the people you admire follow, ranked by co-follow.
//!
//! Give a few *seed* accounts; [`who_to_follow`] reads whom each one follows through any
//! [`FollowGraph`] (page by page, within a request budget, stopping at the first rate limit),
//! then [`rank`] scores every account the seeds follow and explains each suggestion:
//! "followed by @ana, @ben and 3 others".
//!
//! # Scoring
//!
//! A candidate's score is the sum, over the seeds that follow it, of the seed's weight. The weight
//! falls with the seed's out-degree `d` (how many accounts it follows), because a seed that follows
//! 40 accounts vouches for each of them far more than one that follows 5,000 (the insight of the
//! Adamic–Adar index). The default, [`Weighting::LogDamped`], is
//!
//! ```text
//! w(d) = 1 / ln(e + d)        d = 10 → 0.39   d = 100 → 0.22   d = 1,000 → 0.14   d = 5,000 → 0.12
//! ```
//!
//! rather than Adamic–Adar's `1 / ln d` or `1 / ln(1 + d)` ([`Weighting::AdamicAdar`]):
//! - it is finite and at most 1 for every degree (`1 / ln d` is infinite at `d = 1`), so a score
//!   reads as "this many seeds' worth of endorsement" and is never more than the number of seeds;
//! - it is gentle at tiny degrees, where `1 / ln(1 + d)` gives 1.44 to a seed that follows a single
//!   account. Tiny lists are common here (a new account, a listing cut by the budget), and one of
//!   them should not outweigh two real endorsements;
//! - for the degrees that matter (tens to thousands) it orders seeds exactly as Adamic–Adar does and
//!   tends to the same values (`ln(e + d) ≈ ln d`).
//!
//! [`Weighting::Uniform`] counts seeds (plain co-follow), for comparison.
//!
//! The degree of a seed is the number of distinct accounts read from its listing, or the total the
//! network declared ([`Page::total`](crate::Page)) when that is larger. A listing cut short by the
//! budget therefore under-states the degree of a promiscuous seed (its first 1,000 of 5,000
//! followees weigh 0.14 each instead of 0.12); selective seeds, read in full, are exact.
//!
//! Ties are broken by the number of seeds, then by account id, so the order never depends on hash
//! order or on the platform. The user, the accounts the user already follows and the seeds
//! themselves are never suggested.
//!
//! # Performance
//!
//! [`Followings`] interns the graph as it is built: each account's id (and profile, when known) is
//! stored once and each edge is a `u32`. 1,000 seeds × 5,000 followees are 5 million edges: 20 MB
//! as indices, where the same edges as owned strings would take about 280 MB before ranking even
//! started. [`rank`] then works on integers only: a distinct-degree pass, a scoring pass into a
//! `Vec<f64>`, a partial sort for the top `limit`, and one pass to list the seeds behind those few.
//! See `benches/discover_rank.rs` for figures.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::error::{Error, Result, TransportErrorKind, Violation, ViolationKind};
use crate::paging::Cursor;
use crate::traits::FollowGraph;
use crate::types::{Profile, UserId};

/// Flag: the user asking for suggestions.
const FLAG_ME: u8 = 1;
/// Flag: an account the user already follows.
const FLAG_FOLLOWED: u8 = 2;
/// Flag: a seed.
const FLAG_SEED: u8 = 4;

/// "No account" in the per-account scratch arrays.
const NONE: u32 = u32::MAX;

/// A seed registered in a [`Followings`], returned by [`Followings::add_seed`].
///
/// Only meaningful for the [`Followings`] that returned it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeedKey(u32);

/// The input of [`rank`]: per seed, the accounts it follows, plus whom to leave out.
///
/// Ids are interned as they are added (each account's id and profile stored once, each edge a
/// `u32`), so a large graph stays small and ranking never hashes a string. Adding the same account
/// twice to a seed's list is harmless: ranking counts distinct accounts.
///
/// ```
/// use social_core::UserId;
/// use social_core::discover::{Followings, RankOptions};
///
/// let mut graph = Followings::for_user(&UserId::new("me"));
/// graph.add_already_followed(&UserId::new("known"));
/// let ana = graph.add_seed(&UserId::new("ana"));
/// let ben = graph.add_seed(&UserId::new("ben"));
/// for account in ["rust-lang", "known", "tokio"] {
///     graph.add_following(ana, &UserId::new(account));
/// }
/// graph.add_following(ben, &UserId::new("rust-lang"));
///
/// let top = graph.rank(&RankOptions::default());
/// assert_eq!(top[0].account.as_str(), "rust-lang");
/// assert_eq!(top[0].explanation(), "followed by ben and ana"); // the more selective seed first
/// assert!(top.iter().all(|s| s.account.as_str() != "known"));
/// ```
#[derive(Clone, Default)]
pub struct Followings {
    /// Account id → index into `ids`.
    index: HashMap<Box<str>, u32>,
    /// Index → account id.
    ids: Vec<UserId>,
    /// Index → profile, when one was seen (boxed: 8 bytes for an account known by id only).
    profiles: Vec<Option<Box<Profile>>>,
    /// Index → `FLAG_*` bits.
    flags: Vec<u8>,
    /// The seeds, in the order they were added.
    seeds: Vec<SeedList>,
    /// Account index of a seed → its position in `seeds`.
    seed_of: HashMap<u32, u32>,
}

#[derive(Debug, Clone)]
struct SeedList {
    /// The seed's own account index.
    account: u32,
    /// The accounts it follows, as read (duplicates possible).
    follows: Vec<u32>,
    /// The out-degree the network declared, 0 when unknown.
    declared: u64,
}

impl fmt::Debug for Followings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Followings")
            .field("seeds", &self.seeds.len())
            .field("accounts", &self.ids.len())
            .field("edges", &self.edge_count())
            .finish()
    }
}

impl Followings {
    /// An empty graph, with no user to leave out.
    pub fn new() -> Self {
        Followings::default()
    }

    /// An empty graph for `me`: `me` is never suggested.
    pub fn for_user(me: &UserId) -> Self {
        let mut graph = Followings::new();
        graph.set_user(me);
        graph
    }

    /// Marks `me` as the user asking: never suggested.
    pub fn set_user(&mut self, me: &UserId) {
        let i = self.intern(me.as_str());
        self.flags[i as usize] |= FLAG_ME;
    }

    /// Marks an account the user already follows: never suggested.
    pub fn add_already_followed(&mut self, account: &UserId) {
        let i = self.intern(account.as_str());
        self.flags[i as usize] |= FLAG_FOLLOWED;
    }

    /// Marks an account the user already follows and keeps its profile (used to name seeds the
    /// user follows in explanations).
    pub fn add_already_followed_profile(&mut self, profile: Profile) {
        let i = self.intern_profile(profile);
        self.flags[i as usize] |= FLAG_FOLLOWED;
    }

    /// Registers a seed (never suggested itself) and returns its key. Adding the same seed again
    /// returns the same key.
    pub fn add_seed(&mut self, seed: &UserId) -> SeedKey {
        let account = self.intern(seed.as_str());
        self.flags[account as usize] |= FLAG_SEED;
        if let Some(&s) = self.seed_of.get(&account) {
            return SeedKey(s);
        }
        let s = to_u32(self.seeds.len());
        self.seeds.push(SeedList {
            account,
            follows: Vec::new(),
            declared: 0,
        });
        self.seed_of.insert(account, s);
        SeedKey(s)
    }

    /// Records that `seed` follows `account`. A seed following itself is ignored.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn add_following(&mut self, seed: SeedKey, account: &UserId) {
        let i = self.intern(account.as_str());
        self.push_edge(seed, i);
    }

    /// Records that `seed` follows the account of `profile`, keeping the profile (the first one
    /// seen for an account is kept) for the suggestion.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn add_following_profile(&mut self, seed: SeedKey, profile: Profile) {
        let i = self.intern_profile(profile);
        self.push_edge(seed, i);
    }

    /// Records how many accounts `seed` follows in all, as the network declared it. Ranking uses
    /// it as the seed's degree when it is larger than the number of accounts read.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn set_declared_degree(&mut self, seed: SeedKey, total: u64) {
        self.seeds[seed.0 as usize].declared = total;
    }

    /// Keeps a profile (the first one seen per account) without adding any edge, to name an
    /// account in explanations.
    pub fn add_profile(&mut self, profile: Profile) {
        self.intern_profile(profile);
    }

    /// Number of seeds.
    pub fn seed_count(&self) -> usize {
        self.seeds.len()
    }

    /// Number of distinct accounts known (seeds, followees, exclusions).
    pub fn account_count(&self) -> usize {
        self.ids.len()
    }

    /// Number of edges recorded (duplicates included).
    pub fn edge_count(&self) -> usize {
        self.seeds.iter().map(|s| s.follows.len()).sum()
    }

    /// The id of a seed.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn seed_id(&self, seed: SeedKey) -> &UserId {
        &self.ids[self.seeds[seed.0 as usize].account as usize]
    }

    /// The profile kept for an account, if any.
    pub fn profile(&self, id: &UserId) -> Option<&Profile> {
        let i = *self.index.get(id.as_str())?;
        self.profiles[i as usize].as_deref()
    }

    /// A name for people: `@handle` when known, else the display name, else the id.
    ///
    /// ```
    /// use social_core::{Network, Profile, UserId};
    /// use social_core::discover::Followings;
    ///
    /// let mut graph = Followings::new();
    /// graph.add_profile(Profile::new(Network::X, UserId::new("1"), "Ana").with_handle("ana"));
    /// assert_eq!(graph.display_name(&UserId::new("1")), "@ana");
    /// assert_eq!(graph.display_name(&UserId::new("2")), "2");
    /// ```
    pub fn display_name(&self, id: &UserId) -> String {
        match self.profile(id) {
            Some(Profile {
                handle: Some(h), ..
            }) if !h.is_empty() => format!("@{h}"),
            Some(p) if !p.name.trim().is_empty() => p.name.clone(),
            _ => id.to_string(),
        }
    }

    /// The suggestion's explanation with the seeds named by [`display_name`](Self::display_name).
    pub fn explain(&self, suggestion: &Suggestion) -> String {
        suggestion.explain(|id| self.display_name(id))
    }

    /// Ranks the candidates: see [`rank`].
    pub fn rank(&self, options: &RankOptions) -> Vec<Suggestion> {
        rank(self, options)
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = to_u32(self.ids.len());
        self.index.insert(id.into(), i);
        self.ids.push(UserId::new(id));
        self.profiles.push(None);
        self.flags.push(0);
        i
    }

    fn intern_profile(&mut self, profile: Profile) -> u32 {
        let i = self.intern(profile.id.as_str());
        let slot = &mut self.profiles[i as usize];
        if slot.is_none() {
            *slot = Some(Box::new(profile));
        }
        i
    }

    fn push_edge(&mut self, seed: SeedKey, account: u32) {
        let list = &mut self.seeds[seed.0 as usize];
        if list.account != account {
            list.follows.push(account);
        }
    }
}

/// An index as `u32`; a graph never holds 4 billion accounts or seeds (it would not fit in memory).
fn to_u32(n: usize) -> u32 {
    match u32::try_from(n) {
        Ok(i) if i != NONE => i,
        _ => panic!("a discovery graph holds fewer than 2^32 - 1 accounts"),
    }
}

/// How much one seed's follow counts, as a function of how many accounts the seed follows.
///
/// ```
/// use social_core::discover::Weighting;
///
/// let w = Weighting::LogDamped;
/// assert!(w.weight(10) > w.weight(5_000)); // selective seeds count more
/// assert!(w.weight(1) <= 1.0);
/// assert_eq!(Weighting::Uniform.weight(5_000), 1.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Weighting {
    /// `1 / ln(e + d)`: Adamic–Adar's decay, bounded by 1 and gentle at tiny degrees (the
    /// default; the [module documentation](self) says why).
    #[default]
    LogDamped,
    /// `1 / ln(1 + d)`: the Adamic–Adar index, shifted by one so that a seed following a single
    /// account has a finite weight (1.44).
    AdamicAdar,
    /// 1 for every seed: plain co-follow counting.
    Uniform,
}

impl Weighting {
    /// The weight of a seed that follows `out_degree` accounts (0 for a seed that follows none).
    pub fn weight(self, out_degree: u64) -> f64 {
        if out_degree == 0 {
            return 0.0;
        }
        let d = out_degree as f64;
        match self {
            Weighting::LogDamped => 1.0 / (std::f64::consts::E + d).ln(),
            Weighting::AdamicAdar => 1.0 / d.ln_1p(),
            Weighting::Uniform => 1.0,
        }
    }
}

/// Knobs of [`rank`]. The default keeps the top 20 candidates followed by at least one seed,
/// weighted by [`Weighting::LogDamped`].
///
/// ```
/// use social_core::discover::{RankOptions, Weighting};
/// let options = RankOptions::default().limit(10).min_seeds(2).weighting(Weighting::AdamicAdar);
/// assert_eq!(options.limit, 10);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RankOptions {
    /// How many suggestions to return at most.
    pub limit: usize,
    /// Leave out candidates followed by fewer seeds than this (1 keeps everyone).
    pub min_seeds: usize,
    /// How a seed's out-degree sets its weight.
    pub weighting: Weighting,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            limit: 20,
            min_seeds: 1,
            weighting: Weighting::default(),
        }
    }
}

impl RankOptions {
    /// Sets the number of suggestions.
    #[must_use]
    pub fn limit(mut self, n: usize) -> Self {
        self.limit = n;
        self
    }

    /// Sets the minimum number of seeds following a candidate.
    #[must_use]
    pub fn min_seeds(mut self, n: usize) -> Self {
        self.min_seeds = n;
        self
    }

    /// Sets the weighting.
    #[must_use]
    pub fn weighting(mut self, w: Weighting) -> Self {
        self.weighting = w;
        self
    }
}

/// One account to follow, with why.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Suggestion {
    /// The account suggested.
    pub account: UserId,
    /// Its profile, when one was read.
    pub profile: Option<Profile>,
    /// The sum of the weights of the seeds that follow it.
    pub score: f64,
    /// The seeds that follow it, most selective (highest weight) first, then in the order the
    /// seeds were given.
    pub followed_by: Vec<UserId>,
}

impl Suggestion {
    /// How many seeds follow the account.
    pub fn seed_count(&self) -> usize {
        self.followed_by.len()
    }

    /// "followed by A", "followed by A and B", "followed by A, B and C", then
    /// "followed by A, B and 3 others", the seeds named by `names` (called for at most three).
    ///
    /// ```
    /// use social_core::UserId;
    /// use social_core::discover::Followings;
    ///
    /// let mut graph = Followings::new();
    /// for seed in ["ana", "ben", "cy", "dee", "eve"] {
    ///     let s = graph.add_seed(&UserId::new(seed));
    ///     graph.add_following(s, &UserId::new("rust-lang"));
    /// }
    /// let top = graph.rank(&Default::default());
    /// assert_eq!(
    ///     top[0].explain(|id| format!("@{id}")),
    ///     "followed by @ana, @ben and 3 others"
    /// );
    /// ```
    pub fn explain(&self, names: impl Fn(&UserId) -> String) -> String {
        let n = self.followed_by.len();
        let name = |i: usize| names(&self.followed_by[i]);
        match n {
            0 => "followed by none of the seeds".to_string(),
            1 => format!("followed by {}", name(0)),
            2 => format!("followed by {} and {}", name(0), name(1)),
            3 => format!("followed by {}, {} and {}", name(0), name(1), name(2)),
            _ => format!("followed by {}, {} and {} others", name(0), name(1), n - 2),
        }
    }

    /// [`explain`](Self::explain) with the seeds' ids as names.
    pub fn explanation(&self) -> String {
        self.explain(|id| id.to_string())
    }
}

impl fmt::Display for Suggestion {
    /// `<account>: followed by …`, naming the account by its handle or name when known.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.profile {
            Some(Profile {
                handle: Some(h), ..
            }) if !h.is_empty() => write!(f, "@{h}")?,
            Some(p) if !p.name.trim().is_empty() => f.write_str(&p.name)?,
            _ => write!(f, "{}", self.account)?,
        }
        write!(f, ": {}", self.explanation())
    }
}

/// Ranks the accounts the seeds follow, best first: at most `options.limit` of them, followed by
/// at least `options.min_seeds` seeds, never the user, an account the user already follows or a
/// seed.
///
/// Pure and synchronous; the cost is a few passes over the edges (as `u32`) and a partial sort,
/// with memory proportional to the number of accounts. Ties are broken by the number of seeds
/// (more first), then by account id (ascending), so the result is the same on every run.
///
/// ```
/// use social_core::UserId;
/// use social_core::discover::{Followings, RankOptions, rank};
///
/// let mut graph = Followings::new();
/// // Two selective seeds, following 3 accounts each…
/// for seed in ["ana", "ben"] {
///     let s = graph.add_seed(&UserId::new(seed));
///     graph.add_following(s, &UserId::new("niche"));
///     for i in 0..2 {
///         graph.add_following(s, &UserId::new(format!("{seed}-{i}")));
///     }
/// }
/// // …against three who follow a thousand accounts each.
/// for seed in ["p1", "p2", "p3"] {
///     let s = graph.add_seed(&UserId::new(seed));
///     graph.add_following(s, &UserId::new("mainstream"));
///     for i in 0..999 {
///         graph.add_following(s, &UserId::new(format!("{seed}-{i}")));
///     }
/// }
/// let top = rank(&graph, &RankOptions::default().limit(10));
/// let mainstream = top.iter().find(|s| s.account.as_str() == "mainstream").unwrap();
/// assert_eq!(top[0].account.as_str(), "niche");
/// assert_eq!((top[0].seed_count(), mainstream.seed_count()), (2, 3));
/// assert!(top[0].score > 2.0 * mainstream.score);
/// ```
pub fn rank(input: &Followings, options: &RankOptions) -> Vec<Suggestion> {
    let n = input.ids.len();
    if options.limit == 0 || n == 0 || input.seeds.is_empty() {
        return Vec::new();
    }

    // Pass 1: each seed's distinct out-degree. `stamp[a]` holds the last seed that reached `a`.
    let mut stamp = vec![NONE; n];
    let mut observed = Vec::with_capacity(input.seeds.len());
    for (s, seed) in input.seeds.iter().enumerate() {
        let s = s as u32;
        let mut distinct = 0u64;
        for &a in &seed.follows {
            let st = &mut stamp[a as usize];
            if *st != s {
                *st = s;
                distinct += 1;
            }
        }
        observed.push(distinct);
    }
    let degree: Vec<u64> = input
        .seeds
        .iter()
        .zip(&observed)
        .map(|(seed, &d)| d.max(seed.declared))
        .collect();

    // Pass 2: scores and seed counts, seed by seed (so equal seed sets give bit-equal scores).
    let mut score = vec![0.0f64; n];
    let mut count = vec![0u32; n];
    stamp.fill(NONE);
    for (s, seed) in input.seeds.iter().enumerate() {
        let w = options.weighting.weight(degree[s]);
        if observed[s] == seed.follows.len() as u64 {
            // No duplicates in this list: no need to check.
            for &a in &seed.follows {
                score[a as usize] += w;
                count[a as usize] += 1;
            }
        } else {
            let s = s as u32;
            for &a in &seed.follows {
                let st = &mut stamp[a as usize];
                if *st != s {
                    *st = s;
                    score[a as usize] += w;
                    count[a as usize] += 1;
                }
            }
        }
    }

    // Top `limit` candidates: a partial sort, then a full sort of those few.
    let min = u32::try_from(options.min_seeds.max(1)).unwrap_or(u32::MAX);
    let mut top: Vec<u32> = (0..n)
        .filter(|&a| count[a] >= min && input.flags[a] == 0)
        .map(|a| a as u32)
        .collect();
    let order = |a: &u32, b: &u32| {
        let (a, b) = (*a as usize, *b as usize);
        score[b]
            .total_cmp(&score[a])
            .then(count[b].cmp(&count[a]))
            .then_with(|| input.ids[a].as_str().cmp(input.ids[b].as_str()))
    };
    if top.len() > options.limit {
        top.select_nth_unstable_by(options.limit - 1, order);
        top.truncate(options.limit);
    }
    top.sort_unstable_by(order);
    if top.is_empty() {
        return Vec::new();
    }

    // Pass 3: the seeds behind each suggestion, most selective first. Walking the seeds in that
    // order leaves every list sorted. `stamp` now maps an account to its place in `top`.
    let mut seed_order: Vec<usize> = (0..input.seeds.len()).collect();
    seed_order.sort_by_key(|&s| (degree[s], s));
    stamp.fill(NONE);
    for (slot, &a) in top.iter().enumerate() {
        stamp[a as usize] = slot as u32;
    }
    let mut followed_by: Vec<Vec<u32>> = top
        .iter()
        .map(|&a| Vec::with_capacity(count[a as usize] as usize))
        .collect();
    for &s in &seed_order {
        let seed_account = input.seeds[s].account;
        for &a in &input.seeds[s].follows {
            let slot = stamp[a as usize];
            if slot != NONE {
                let list = &mut followed_by[slot as usize];
                if list.last() != Some(&seed_account) {
                    list.push(seed_account);
                }
            }
        }
    }

    top.iter()
        .zip(followed_by)
        .map(|(&a, seeds)| {
            let a = a as usize;
            Suggestion {
                account: input.ids[a].clone(),
                profile: input.profiles[a].as_deref().cloned(),
                score: score[a],
                followed_by: seeds
                    .iter()
                    .map(|&s| input.ids[s as usize].clone())
                    .collect(),
            }
        })
        .collect()
}

/// Budget and knobs of [`who_to_follow`].
///
/// The default spends at most 15 requests (X allows 15 requests per 15 minutes on
/// `GET /2/users/:id/following`, so one call never needs more than one window), reads up to 5
/// pages of the user's own following (to leave those accounts out) and up to 5 pages per seed
/// (5,000 accounts at X's 1,000 per page), and ranks with [`RankOptions::default`].
///
/// ```
/// use social_core::discover::{DiscoverOptions, RankOptions};
/// let options = DiscoverOptions::default()
///     .max_requests(40)
///     .max_pages_per_seed(2)
///     .rank(RankOptions::default().limit(10));
/// assert_eq!(options.max_requests, 40);
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DiscoverOptions {
    /// Requests to spend in all (the user's following and every seed's), failed ones included.
    pub max_requests: usize,
    /// Pages to read at most from one seed's following.
    pub max_pages_per_seed: usize,
    /// Pages to read at most from the user's own following (0 skips it: accounts the user already
    /// follows may then be suggested).
    pub max_pages_following: usize,
    /// How to rank what was read.
    pub rank: RankOptions,
}

impl Default for DiscoverOptions {
    fn default() -> Self {
        DiscoverOptions {
            max_requests: 15,
            max_pages_per_seed: 5,
            max_pages_following: 5,
            rank: RankOptions::default(),
        }
    }
}

impl DiscoverOptions {
    /// Sets the request budget.
    #[must_use]
    pub fn max_requests(mut self, n: usize) -> Self {
        self.max_requests = n;
        self
    }

    /// Sets the page cap per seed.
    #[must_use]
    pub fn max_pages_per_seed(mut self, n: usize) -> Self {
        self.max_pages_per_seed = n;
        self
    }

    /// Sets the page cap on the user's own following.
    #[must_use]
    pub fn max_pages_following(mut self, n: usize) -> Self {
        self.max_pages_following = n;
        self
    }

    /// Sets the ranking options.
    #[must_use]
    pub fn rank(mut self, rank: RankOptions) -> Self {
        self.rank = rank;
        self
    }
}

/// How the reading of one listing (a seed's following, or the user's) ended.
#[derive(Debug)]
#[non_exhaustive]
pub enum ReadOutcome {
    /// Read to the last page.
    Complete,
    /// Stopped at the page cap with more pages left.
    PageCap,
    /// The request budget ran out before the listing was finished (or started).
    Budget,
    /// Everything stopped ([`Discovery::stopped_by`]) before the listing was finished (or started).
    Stopped,
    /// The server handed back a cursor it had already given for this listing; reading stopped
    /// there to avoid a loop. The pages before it are kept.
    RepeatedCursor,
    /// This listing failed with an error that does not concern the others (not found, private,
    /// a server error the transport's retries did not overcome…). The pages before it are kept.
    Failed(Error),
}

/// What was read from one listing.
#[derive(Debug)]
#[non_exhaustive]
pub struct ReadReport {
    /// Whose following this is.
    pub account: UserId,
    /// Pages read successfully.
    pub pages: usize,
    /// Accounts received over those pages (duplicates included).
    pub accounts: usize,
    /// How reading ended.
    pub outcome: ReadOutcome,
}

impl ReadReport {
    fn new(account: UserId) -> Self {
        ReadReport {
            account,
            pages: 0,
            accounts: 0,
            outcome: ReadOutcome::Budget,
        }
    }

    /// Read to the end.
    pub fn is_complete(&self) -> bool {
        matches!(self.outcome, ReadOutcome::Complete)
    }

    /// Some pages read, not all.
    pub fn is_partial(&self) -> bool {
        self.pages > 0 && !self.is_complete()
    }

    /// Nothing read.
    pub fn is_skipped(&self) -> bool {
        self.pages == 0 && !self.is_complete()
    }

    /// Moves the error out of a failed report.
    fn take_error(&mut self) -> Option<Error> {
        if !matches!(self.outcome, ReadOutcome::Failed(_)) {
            return None;
        }
        match std::mem::replace(&mut self.outcome, ReadOutcome::Stopped) {
            ReadOutcome::Failed(e) => Some(e),
            _ => None,
        }
    }

    /// The error that ended this listing, if it failed on its own.
    pub fn error(&self) -> Option<&Error> {
        match &self.outcome {
            ReadOutcome::Failed(e) => Some(e),
            _ => None,
        }
    }
}

/// The result of [`who_to_follow`]: the suggestions, and how much of the graph they rest on.
#[derive(Debug)]
#[non_exhaustive]
pub struct Discovery {
    /// The ranked suggestions.
    pub suggestions: Vec<Suggestion>,
    /// How the user's own following was read. When it is not complete, some suggestions may be
    /// accounts the user already follows.
    pub following: ReadReport,
    /// How each seed was read, in the order given (duplicates removed).
    pub seeds: Vec<ReadReport>,
    /// Requests sent, failed ones included.
    pub requests_made: usize,
    /// The error that stopped all reading: a rate limit ([`Error::RateLimited`], see
    /// [`Error::retry_after`]), refused credentials ([`Error::Auth`]) or a client that cannot
    /// work ([`Error::Config`]).
    pub stopped_by: Option<Error>,
    /// Everything read, to re-rank with other options or to name accounts.
    pub graph: Followings,
}

impl Discovery {
    /// Seeds read to the end.
    pub fn seeds_read(&self) -> Vec<&UserId> {
        self.seeds_where(ReadReport::is_complete)
    }

    /// Seeds of which some pages, not all, were read.
    pub fn seeds_partial(&self) -> Vec<&UserId> {
        self.seeds_where(ReadReport::is_partial)
    }

    /// Seeds of which nothing was read.
    pub fn seeds_skipped(&self) -> Vec<&UserId> {
        self.seeds_where(ReadReport::is_skipped)
    }

    /// Whether everything was read: the user's following and every seed, to the end.
    pub fn is_complete(&self) -> bool {
        self.stopped_by.is_none()
            && self.following.is_complete()
            && self.seeds.iter().all(ReadReport::is_complete)
    }

    /// The suggestion's explanation, naming the seeds by handle or name when a profile of theirs
    /// was read (the user's following usually has them), else by id.
    pub fn explain(&self, suggestion: &Suggestion) -> String {
        self.graph.explain(suggestion)
    }

    fn seeds_where(&self, keep: impl Fn(&ReadReport) -> bool) -> Vec<&UserId> {
        self.seeds
            .iter()
            .filter(|r| keep(r))
            .map(|r| &r.account)
            .collect()
    }
}

/// Suggests accounts for `me` to follow, from whom the `seeds` follow.
///
/// Reads `me`'s own following first (to leave those accounts out), then the seeds' followings
/// breadth-first (the first page of every seed, then the second pages…), so that a tight budget
/// still hears from every seed. Requests are sent one at a time. Reading never loops: it is bounded
/// by [`DiscoverOptions::max_requests`] in all and by the page caps per listing, and a listing
/// whose server repeats a cursor stops there ([`ReadOutcome::RepeatedCursor`]).
///
/// Errors:
/// - a rate limit ([`Error::RateLimited`]), refused credentials ([`Error::Auth`]) or a
///   configuration error stop all reading at once: they would fail every following request too.
///   The error is kept in [`Discovery::stopped_by`] and the results so far are ranked.
/// - any other error concerns one listing only (a seed that does not exist or is private, a server
///   error that outlived the transport's retries): it is recorded in that listing's
///   [`ReadReport`] ([`ReadOutcome::Failed`]) and reading goes on with the others.
/// - `Err` is returned only when not a single page of any seed could be read and an error was met
///   (the stopping error first, else the first seed's error, else the error on `me`'s following);
///   [`Error::InvalidInput`] when `seeds` is empty. A budget too small to read anything gives
///   `Ok` with every seed skipped.
///
/// It never waits for a rate limit to reset: call again after
/// [`stopped_by`](Discovery::stopped_by)'s [`retry_after`](Error::retry_after), with the seeds
/// that were not read in full ([`Discovery::seeds_partial`], [`Discovery::seeds_skipped`]).
///
/// ```
/// use std::collections::HashMap;
/// use async_trait::async_trait;
/// use social_core::{Cursor, FollowGraph, Network, Page, Profile, Result, UserId};
/// use social_core::discover::{DiscoverOptions, who_to_follow};
///
/// /// A tiny in-memory graph: whom each account follows, one page each.
/// struct Memory(HashMap<&'static str, Vec<&'static str>>);
///
/// #[async_trait]
/// impl FollowGraph for Memory {
///     async fn following(&self, user: &UserId, _cursor: Option<Cursor>) -> Result<Page<Profile>> {
///         let ids = self.0.get(user.as_str()).cloned().unwrap_or_default();
///         let items = ids
///             .into_iter()
///             .map(|id| Profile::new(Network::X, UserId::new(id), id.to_uppercase()).with_handle(id))
///             .collect();
///         Ok(Page::new(items, None))
///     }
///
///     async fn followers(&self, _user: &UserId, _cursor: Option<Cursor>) -> Result<Page<Profile>> {
///         Ok(Page::new(Vec::new(), None))
///     }
/// }
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<()> {
/// let graph = Memory(HashMap::from([
///     ("me", vec!["ana", "ben", "tokio"]),
///     ("ana", vec!["tokio", "serde", "rust-lang"]),
///     ("ben", vec!["serde", "rust-lang", "hyper"]),
/// ]));
/// let seeds = [UserId::new("ana"), UserId::new("ben")];
/// let found = who_to_follow(&graph, &UserId::new("me"), &seeds, &DiscoverOptions::default()).await?;
///
/// assert!(found.is_complete());
/// assert_eq!(found.requests_made, 3);
/// let top = &found.suggestions[0];
/// assert_eq!(top.account.as_str(), "rust-lang"); // ties broken by id: "rust-lang" < "serde"
/// assert_eq!(found.explain(top), "followed by @ana and @ben");
/// // "tokio" is already followed; the seeds themselves are never suggested.
/// assert!(found.suggestions.iter().all(|s| !["tokio", "ana", "ben"].contains(&s.account.as_str())));
/// # Ok(()) }
/// ```
pub async fn who_to_follow(
    graph: &dyn FollowGraph,
    me: &UserId,
    seeds: &[UserId],
    options: &DiscoverOptions,
) -> Result<Discovery> {
    if seeds.is_empty() {
        return Err(Error::invalid(
            None,
            Violation::new(
                "seeds",
                ViolationKind::Empty,
                "give at least one seed account to discover from",
            ),
        ));
    }

    let mut data = Followings::for_user(me);
    let mut budget = Budget {
        used: 0,
        max: options.max_requests,
    };
    let mut stopped_by = None;

    let mut walks: Vec<(SeedKey, Walk)> = Vec::with_capacity(seeds.len());
    for seed in seeds {
        let key = data.add_seed(seed);
        if walks.iter().all(|(k, _)| *k != key) {
            walks.push((key, Walk::new(seed.clone())));
        }
    }

    // The user's own following: whom to leave out (and, usually, the seeds' names).
    let mut following = Walk::new(me.clone());
    loop {
        match following
            .step(graph, options.max_pages_following, &mut budget)
            .await
        {
            Step::Page(page) => {
                for profile in page.items {
                    data.add_already_followed_profile(profile);
                }
            }
            Step::Done => break,
            Step::Stop(e) => {
                stopped_by = Some(e);
                break;
            }
        }
    }

    // The seeds, breadth-first.
    if stopped_by.is_none() {
        'rounds: loop {
            let mut progressed = false;
            for (key, walk) in &mut walks {
                match walk
                    .step(graph, options.max_pages_per_seed, &mut budget)
                    .await
                {
                    Step::Page(page) => {
                        progressed = true;
                        if let Some(total) = page.total {
                            data.set_declared_degree(*key, total);
                        }
                        for profile in page.items {
                            data.add_following_profile(*key, profile);
                        }
                    }
                    Step::Done => {}
                    Step::Stop(e) => {
                        stopped_by = Some(e);
                        break 'rounds;
                    }
                }
            }
            // A walk still open after its step has just read a page; no progress means every
            // walk has an outcome.
            if !progressed {
                break;
            }
        }
    }

    let unfinished = || {
        if stopped_by.is_some() {
            ReadOutcome::Stopped
        } else {
            ReadOutcome::Budget
        }
    };
    let mut following = following.finish(unfinished());
    let mut reports: Vec<ReadReport> = walks
        .into_iter()
        .map(|(_, w)| w.finish(unfinished()))
        .collect();

    if let Some(e) = &stopped_by {
        tracing::debug!(
            requests = budget.used,
            error = %e,
            "who-to-follow stopped early"
        );
    }

    // Nothing read from any seed: an error, if one was met, says more than an empty result.
    if reports.iter().all(|r| r.pages == 0) {
        let error = stopped_by.take().or_else(|| {
            reports
                .iter_mut()
                .chain(std::iter::once(&mut following))
                .find_map(ReadReport::take_error)
        });
        if let Some(e) = error {
            return Err(e);
        }
    }

    Ok(Discovery {
        suggestions: data.rank(&options.rank),
        following,
        seeds: reports,
        requests_made: budget.used,
        stopped_by,
        graph: data,
    })
}

/// The request budget of one [`who_to_follow`] call.
struct Budget {
    used: usize,
    max: usize,
}

/// What one step of a [`Walk`] gave.
enum Step {
    /// A page was read.
    Page(crate::paging::Page<Profile>),
    /// The walk is over (its outcome is set), or the step failed on its own (ditto).
    Done,
    /// An error that stops every walk.
    Stop(Error),
}

/// Reading one listing, page by page.
struct Walk {
    report: ReadReport,
    /// The cursor of the next page (`None` before the first page).
    cursor: Option<Cursor>,
    /// Cursors already received, to stop a looping server.
    seen: HashSet<Cursor>,
    /// Set when the walk is over.
    outcome: Option<ReadOutcome>,
}

impl Walk {
    fn new(account: UserId) -> Self {
        Walk {
            report: ReadReport::new(account),
            cursor: None,
            seen: HashSet::new(),
            outcome: None,
        }
    }

    async fn step(
        &mut self,
        graph: &dyn FollowGraph,
        max_pages: usize,
        budget: &mut Budget,
    ) -> Step {
        if self.outcome.is_some() {
            return Step::Done;
        }
        if self.report.pages >= max_pages {
            self.outcome = Some(ReadOutcome::PageCap);
            return Step::Done;
        }
        if budget.used >= budget.max {
            self.outcome = Some(ReadOutcome::Budget);
            return Step::Done;
        }
        budget.used += 1;
        match graph
            .following(&self.report.account, self.cursor.take())
            .await
        {
            Err(e) if stops_everything(&e) => {
                self.outcome = Some(ReadOutcome::Stopped);
                Step::Stop(e)
            }
            Err(e) => {
                self.outcome = Some(ReadOutcome::Failed(e));
                Step::Done
            }
            Ok(mut page) => {
                self.report.pages += 1;
                self.report.accounts += page.items.len();
                match page.next.take() {
                    None => self.outcome = Some(ReadOutcome::Complete),
                    Some(next) if !self.seen.insert(next.clone()) => {
                        self.outcome = Some(ReadOutcome::RepeatedCursor);
                    }
                    Some(next) => {
                        self.cursor = Some(next);
                        if self.report.pages >= max_pages {
                            self.outcome = Some(ReadOutcome::PageCap);
                        }
                    }
                }
                Step::Page(page)
            }
        }
    }

    fn finish(self, unfinished: ReadOutcome) -> ReadReport {
        ReadReport {
            outcome: self.outcome.unwrap_or(unfinished),
            ..self.report
        }
    }
}

/// Errors that would fail every other following request too: stop reading at once.
fn stops_everything(e: &Error) -> bool {
    matches!(
        e,
        Error::RateLimited { .. }
            | Error::Auth { .. }
            | Error::Config { .. }
            | Error::Transport {
                kind: TransportErrorKind::InsecureTransport
                    | TransportErrorKind::RetryBudgetExhausted,
                ..
            }
    )
}
