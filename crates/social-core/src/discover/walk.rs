//! Reading the graph through a [`FollowGraph`]: the user's followings, then each seed's, page
//! by page within a request budget.

use std::collections::HashSet;

use super::followings::{Followings, SeedKey};
use super::rank::{RankOptions, Suggestion};
use crate::error::{Error, Result, TransportErrorKind, Violation, ViolationKind};
use crate::paging::Cursor;
use crate::traits::FollowGraph;
use crate::types::{Profile, UserId};

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
