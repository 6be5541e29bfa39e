//! Ranking the accounts the seeds follow, and explaining each suggestion.

use std::fmt;

use super::followings::{Followings, NONE};
use crate::types::{Profile, UserId};

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
    /// default; the [module documentation](super) says why).
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

impl Followings {
    /// The suggestion's explanation with the seeds named by
    /// [`display_name`](Followings::display_name).
    pub fn explain(&self, suggestion: &Suggestion) -> String {
        suggestion.explain(|id| self.display_name(id))
    }

    /// Ranks the candidates: see [`rank`].
    pub fn rank(&self, options: &RankOptions) -> Vec<Suggestion> {
        rank(self, options)
    }
}
