//! Who to follow: accounts that the people you admire follow, ranked by co-follow.
//!
//! Give a few *seed* accounts; [`who_to_follow`] reads whom each one follows through any
//! [`FollowGraph`](crate::traits::FollowGraph) (page by page, within a request budget, stopping at the first rate limit),
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

mod followings;
mod rank;
mod walk;

pub use followings::{Followings, SeedKey};
pub use rank::{RankOptions, Suggestion, Weighting, rank};
pub use walk::{DiscoverOptions, Discovery, ReadOutcome, ReadReport, who_to_follow};
