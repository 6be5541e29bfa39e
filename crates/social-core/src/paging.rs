//! Pages of results and a stream that walks them without ever looping forever.
//!
//! [`Page<T>`] holds one page's items and the opaque [`Cursor`] to the next one (Graph `after`,
//! X `next_token`, LinkedIn `start`). [`pages`] turns a "fetch one page" closure into a stream that
//! stops when there is no cursor, when a cursor repeats (an error: the server is looping), after
//! [`DEFAULT_MAX_EMPTY_PAGES`] empty pages in a row that still carry a cursor, or when the
//! caller's [`PageLimits`] are reached.
//!
//! Every adapter's `ListBuilder<T>` implements [`Listing`], so all listings of all networks have
//! one surface (`page_size`, `after`, `param`, `send`, `pages`, `items`, `collect`) and walk
//! through this module's one loop, with its caps and guards.

use std::collections::HashSet;
use std::future::Future;
use std::sync::Arc;

use futures_util::future::Either;
use futures_util::{Stream, StreamExt, TryStreamExt, stream};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::types::Network;

/// An opaque position in a listing, handed back to fetch the next page.
///
/// ```
/// let c = social_core::Cursor::new("QVFIU...");
/// assert_eq!(c.as_str(), "QVFIU...");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Cursor(String);

impl Cursor {
    /// Wraps a network's cursor (a token, an offset…).
    pub fn new(cursor: impl Into<String>) -> Self {
        Cursor(cursor.into())
    }

    /// The cursor as the network spells it.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One page of a listing: its items, the cursor to the next page, and `extra`, what the network
/// sends beside the items (X's `includes`, partial `errors` and `meta`; Graph's `summary`), `()`
/// when nothing.
///
/// ```
/// use social_core::{Cursor, Page};
/// let page = Page::new(vec![1, 2, 3], Some(Cursor::new("next")));
/// assert_eq!(page.items.len(), 3);
/// assert!(page.has_next());
///
/// // A page that keeps what the network sent beside the items.
/// let page: Page<u32, Vec<String>> = page.with_extra(vec!["user 12 suspended".to_string()]);
/// assert_eq!(page.extra.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T, E = ()> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
    /// The total count across pages, when the network gives it.
    pub total: Option<u64>,
    /// What the network sent beside the items (`()` when nothing is kept).
    #[serde(default)]
    pub extra: E,
}

impl<T> Page<T> {
    /// A page of items with an optional next cursor (and no extra; see
    /// [`with_extra`](Page::with_extra)).
    pub fn new(items: Vec<T>, next: Option<Cursor>) -> Self {
        Page {
            items,
            next,
            total: None,
            extra: (),
        }
    }
}

impl<T, E> Page<T, E> {
    /// The page with `extra` as what the network sent beside the items.
    pub fn with_extra<F>(self, extra: F) -> Page<T, F> {
        Page {
            items: self.items,
            next: self.next,
            total: self.total,
            extra,
        }
    }

    /// Sets the total count.
    #[must_use]
    pub fn with_total(mut self, total: Option<u64>) -> Self {
        self.total = total;
        self
    }

    /// Whether a next page exists.
    pub fn has_next(&self) -> bool {
        self.next.is_some()
    }

    /// Maps the items, keeping the cursor, total and extra.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U, E> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            total: self.total,
            extra: self.extra,
        }
    }
}

/// How many empty pages in a row that still carry a cursor a walk reads before it stops, by
/// default: 5.
///
/// Graph documents that a page may come back empty, or with fewer items than asked, while more
/// follow (items the token may not see are filtered out after the page is cut:
/// <https://developers.facebook.com/docs/graph-api/results>), and X's search and timelines can
/// answer `result_count: 0` with a `next_token`. One such page is normal; a run of them is a
/// listing that has nothing more to give, and following it would spend a call of the quota per
/// page up to the page cap. The walk stops after the run (the last page keeps its cursor, so a
/// caller can resume later); raise the limit with [`PageLimits::max_empty_pages`].
pub const DEFAULT_MAX_EMPTY_PAGES: usize = 5;

/// Caps on a walk through pages. The default stops after 1,000 pages or
/// [`DEFAULT_MAX_EMPTY_PAGES`] empty pages in a row, and has no item cap.
///
/// ```
/// use social_core::PageLimits;
/// let limits = PageLimits::default().max_pages(5).max_items(200).max_empty_pages(2);
/// assert_eq!(limits.pages(), Some(5));
/// assert_eq!(limits.empty_pages(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    max_pages: Option<usize>,
    max_items: Option<usize>,
    max_empty_pages: usize,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits {
            max_pages: Some(1000),
            max_items: None,
            max_empty_pages: DEFAULT_MAX_EMPTY_PAGES,
        }
    }
}

impl PageLimits {
    /// Stops after `n` pages.
    #[must_use]
    pub fn max_pages(mut self, n: usize) -> Self {
        self.max_pages = Some(n);
        self
    }

    /// Stops after `n` items (the last page is cut).
    #[must_use]
    pub fn max_items(mut self, n: usize) -> Self {
        self.max_items = Some(n);
        self
    }

    /// Stops after `n` empty pages in a row that still carry a cursor (at least 1; default
    /// [`DEFAULT_MAX_EMPTY_PAGES`]). The `n`-th is returned, with its cursor.
    #[must_use]
    pub fn max_empty_pages(mut self, n: usize) -> Self {
        self.max_empty_pages = n.max(1);
        self
    }

    /// The page cap.
    pub fn pages(&self) -> Option<usize> {
        self.max_pages
    }

    /// The item cap.
    pub fn items(&self) -> Option<usize> {
        self.max_items
    }

    /// The cap on empty pages in a row.
    pub fn empty_pages(&self) -> usize {
        self.max_empty_pages
    }
}

struct Walk<F, E> {
    fetch: F,
    is_empty: E,
    next: Option<Option<Cursor>>,
    seen: HashSet<Cursor>,
    pages: usize,
    items: usize,
    /// Empty pages in a row so far.
    empty_run: usize,
    pending: Option<Error>,
}

/// Walks a listing page by page.
///
/// `fetch` is called with `first` (usually `None`), then with each page's `next` cursor. The
/// stream ends after a page without cursor, after `limits` are reached, or after the first error.
/// A cursor seen before ends the stream with [`Error::Protocol`] (after the page that carried it).
/// An empty page that still has a cursor does not end the walk (Graph sends those), but
/// [`PageLimits::max_empty_pages`] of them in a row do (default [`DEFAULT_MAX_EMPTY_PAGES`]):
/// the stream ends after the last of them, which keeps its cursor.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use social_core::{Cursor, Network, Page, PageLimits, paging};
///
/// # async fn run() -> social_core::Result<()> {
/// let all: Vec<Page<u32>> = paging::pages(Network::X, None, PageLimits::default().max_pages(3), |cursor: Option<Cursor>| async move {
///     // Fetch the page at `cursor` from the network here.
///     let _ = cursor;
///     Ok(Page::new(vec![1, 2], None))
/// })
/// .try_collect()
/// .await?;
/// # Ok(()) }
/// ```
pub fn pages<T, X, F, Fut>(
    network: Network,
    first: Option<Cursor>,
    limits: PageLimits,
    fetch: F,
) -> impl Stream<Item = Result<Page<T, X>>> + Send
where
    T: Send,
    X: Send,
    F: FnMut(Option<Cursor>) -> Fut + Send,
    Fut: Future<Output = Result<Page<T, X>>> + Send,
{
    pages_by(
        network,
        first,
        limits,
        |page: &Page<T, X>| page.items.is_empty(),
        fetch,
    )
}

/// [`pages`], with `is_empty` saying which pages count as empty for
/// [`PageLimits::max_empty_pages`]: for an adapter whose page item is a whole response (X's
/// envelope, with its `includes` and `meta`) rather than the listed items.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use social_core::{Cursor, Network, Page, PageLimits, paging};
///
/// # async fn run() -> social_core::Result<()> {
/// // Each page holds one envelope; it is empty when the envelope lists nothing.
/// let envelopes: Vec<Page<Vec<u32>>> = paging::pages_by(
///     Network::X,
///     None,
///     PageLimits::default(),
///     |page: &Page<Vec<u32>>| page.items.iter().all(Vec::is_empty),
///     |_cursor: Option<Cursor>| async { Ok(Page::new(vec![vec![1, 2]], None)) },
/// )
/// .try_collect()
/// .await?;
/// # let _ = envelopes; Ok(()) }
/// ```
pub fn pages_by<T, X, E, F, Fut>(
    network: Network,
    first: Option<Cursor>,
    limits: PageLimits,
    is_empty: E,
    fetch: F,
) -> impl Stream<Item = Result<Page<T, X>>> + Send
where
    T: Send,
    X: Send,
    E: Fn(&Page<T, X>) -> bool + Send,
    F: FnMut(Option<Cursor>) -> Fut + Send,
    Fut: Future<Output = Result<Page<T, X>>> + Send,
{
    let mut seen = HashSet::new();
    if let Some(c) = &first {
        seen.insert(c.clone());
    }
    let walk = Walk {
        fetch,
        is_empty,
        next: Some(first),
        seen,
        pages: 0,
        items: 0,
        empty_run: 0,
        pending: None,
    };
    stream::unfold(walk, move |mut walk| async move {
        if let Some(err) = walk.pending.take() {
            return Some((Err(err), walk));
        }
        let cursor = walk.next.take()?;
        if limits.max_pages.is_some_and(|max| walk.pages >= max)
            || limits.max_items.is_some_and(|max| walk.items >= max)
        {
            return None;
        }
        match (walk.fetch)(cursor).await {
            Err(e) => Some((Err(e), walk)),
            Ok(mut page) => {
                walk.pages += 1;
                if let Some(max) = limits.max_items {
                    let keep = max.saturating_sub(walk.items);
                    if page.items.len() > keep {
                        page.items.truncate(keep);
                        // Resuming from this page's cursor would skip the items just cut:
                        // the cut page has no cursor, and the walk ends here.
                        page.next = None;
                    }
                }
                walk.items += page.items.len();
                if (walk.is_empty)(&page) {
                    walk.empty_run += 1;
                } else {
                    walk.empty_run = 0;
                }
                match page.next.clone() {
                    None => {}
                    Some(next) if !walk.seen.insert(next.clone()) => {
                        walk.pending = Some(Error::Protocol {
                            network,
                            message: format!(
                                "the server returned an already-seen paging cursor after {} pages",
                                walk.pages
                            ),
                        });
                    }
                    Some(_) if walk.empty_run >= limits.max_empty_pages => {
                        tracing::debug!(
                            network = network.slug(),
                            pages = walk.pages,
                            empty_in_a_row = walk.empty_run,
                            "paging stopped: empty pages in a row still carrying a cursor"
                        );
                    }
                    Some(next) => walk.next = Some(Some(next)),
                }
                Some((Ok(page), walk))
            }
        }
    })
}

/// Walks a listing item by item: [`pages`] flattened, cut at the item cap.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use social_core::{Network, Page, PageLimits, paging};
///
/// # async fn run() -> social_core::Result<()> {
/// let first_50: Vec<u32> = paging::items(Network::LinkedIn, None, PageLimits::default().max_items(50), |_cursor| async {
///     Ok(Page::new(vec![1, 2, 3], None))
/// })
/// .try_collect()
/// .await?;
/// # Ok(()) }
/// ```
pub fn items<T, X, F, Fut>(
    network: Network,
    first: Option<Cursor>,
    limits: PageLimits,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send
where
    T: Send + 'static,
    X: Send,
    F: FnMut(Option<Cursor>) -> Fut + Send,
    Fut: Future<Output = Result<Page<T, X>>> + Send,
{
    pages(network, first, limits, fetch).flat_map(|page| match page {
        Ok(page) => stream::iter(page.items.into_iter().map(Ok).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    })
}

/// The settings every [`Listing`] keeps: the page size, the cursor to start at, and the query
/// parameters the builder does not type, each key once.
///
/// ```
/// use social_core::paging::ListState;
///
/// let mut state = ListState::default();
/// state.set_param("exclude", "replies");
/// state.set_param("exclude", "retweets");
/// assert_eq!(state.params, [("exclude".to_string(), "retweets".to_string())]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListState {
    /// Items per page, when set.
    pub page_size: Option<u32>,
    /// The cursor of the first page, when set.
    pub start: Option<Cursor>,
    /// Extra query parameters, in the order first set.
    pub params: Vec<(String, String)>,
}

impl ListState {
    /// Sets a parameter, replacing an earlier value of the same key.
    pub fn set_param(&mut self, key: impl Into<String>, value: impl Into<String>) {
        let key = key.into();
        let value = value.into();
        match self.params.iter_mut().find(|(k, _)| *k == key) {
            Some((_, v)) => *v = value,
            None => self.params.push((key, value)),
        }
    }
}

/// The one surface of a paged listing, implemented by every adapter's `ListBuilder<T>` so that
/// the compiler keeps them equal: set the page size, a starting cursor and any query parameter,
/// then fetch one page ([`send`](Listing::send)), walk the pages ([`pages`](Listing::pages)) or
/// the items ([`items`](Listing::items)), or gather them ([`collect`](Listing::collect)).
///
/// An adapter keeps its settings in a [`ListState`] (reached through [`state`](Listing::state)
/// and [`state_mut`](Listing::state_mut)) and implements two hooks: [`check`](Listing::check)
/// (offline validation, through [`Error::check_violations`]) and [`fetch`](Listing::fetch) (one
/// page at a cursor). The setters (`page_size`, `after`, `param`) and `send`, `pages`, `items`
/// and `collect` come with the trait: the caps of [`PageLimits`] and the loop guards (a repeated
/// cursor, a run of empty pages) live only in [`pages_by`]'s one loop. Bring the trait into scope
/// to call them (`use social_core::Listing;`, which each adapter re-exports).
///
/// ```no_run
/// use social_core::paging::ListState;
/// use social_core::{Cursor, Listing, Network, Page, PageLimits, Result};
///
/// /// A listing of numbers, 10 per page by default.
/// #[derive(Default)]
/// struct Numbers {
///     state: ListState,
/// }
///
/// impl Listing for Numbers {
///     type Item = u32;
///     type Extra = ();
///     const NETWORK: Network = Network::X;
///
///     fn state(&self) -> &ListState {
///         &self.state
///     }
///     fn state_mut(&mut self) -> &mut ListState {
///         &mut self.state
///     }
///     async fn fetch(&self, cursor: Option<Cursor>) -> Result<Page<u32>> {
///         // Ask the network for the page at `cursor` here.
///         let per_page = self.state.page_size.unwrap_or(10);
///         let from: u32 = cursor.map_or(0, |c| c.as_str().parse().unwrap_or(0));
///         let next = (from < 30).then(|| Cursor::new((from + per_page).to_string()));
///         Ok(Page::new((from..from + per_page).collect(), next))
///     }
/// }
///
/// # async fn run() -> Result<()> {
/// let first_25 = Numbers::default()
///     .page_size(5)
///     .collect(PageLimits::default().max_items(25))
///     .await?;
/// assert_eq!(first_25.len(), 25);
/// # Ok(()) }
/// ```
pub trait Listing: Sized + Send + Sync + 'static {
    /// The listed item.
    type Item: Send + 'static;
    /// What each page keeps beside its items ([`Page::extra`]): `()` when nothing.
    type Extra: Send + 'static;
    /// The network, named in the errors of the walk.
    const NETWORK: Network;

    /// The listing's settings: page size, start cursor, extra parameters.
    fn state(&self) -> &ListState;

    /// The listing's settings, to change them.
    fn state_mut(&mut self) -> &mut ListState;

    /// Items per page (X `max_results`, Graph `limit`, LinkedIn `count`); the range the network
    /// allows is checked before sending.
    #[must_use]
    fn page_size(mut self, n: u32) -> Self {
        self.state_mut().page_size = Some(n);
        self
    }

    /// Starts at this cursor, from an earlier page's [`Page::next`] (cursors may go stale: use
    /// them soon).
    #[must_use]
    fn after(mut self, cursor: Cursor) -> Self {
        self.state_mut().start = Some(cursor);
        self
    }

    /// Sets any query parameter not typed by the builder, replacing an earlier value of the
    /// same key.
    #[must_use]
    fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.state_mut().set_param(key, value);
        self
    }

    /// The cursor of the first page: the one given to [`after`](Listing::after), if any.
    fn start(&self) -> Option<Cursor> {
        self.state().start.clone()
    }

    /// Checks the request offline (page size in range, parameters the endpoint takes), before
    /// anything is sent; the default accepts everything.
    fn check(&self) -> Result<()> {
        Ok(())
    }

    /// Fetches the page at `cursor` (`None`: the first page) as the network answers it, its
    /// `next` cursor read from the answer. Called by the provided methods, after
    /// [`check`](Listing::check).
    fn fetch(
        &self,
        cursor: Option<Cursor>,
    ) -> impl Future<Output = Result<Page<Self::Item, Self::Extra>>> + Send;

    /// Fetches one page: the first, or the one at [`after`](Listing::after).
    fn send(self) -> impl Future<Output = Result<Page<Self::Item, Self::Extra>>> + Send {
        async move {
            self.check()?;
            let start = self.start();
            self.fetch(start).await
        }
    }

    /// Walks the pages within `limits` (see [`pages()`](pages)): it stops on the
    /// last page, a repeated cursor (with [`Error::Protocol`]), a run of empty pages, a cap of
    /// `limits` or the first error. A request that fails [`check`](Listing::check) yields that
    /// error alone, without sending.
    fn pages(
        self,
        limits: PageLimits,
    ) -> impl Stream<Item = Result<Page<Self::Item, Self::Extra>>> + Send {
        if let Err(e) = self.check() {
            return Either::Left(stream::iter([Err(e)]));
        }
        let start = self.start();
        let this = Arc::new(self);
        Either::Right(pages(Self::NETWORK, start, limits, move |cursor| {
            let this = Arc::clone(&this);
            async move { this.fetch(cursor).await }
        }))
    }

    /// Walks the items of [`pages`](Listing::pages), within `limits`.
    fn items(self, limits: PageLimits) -> impl Stream<Item = Result<Self::Item>> + Send {
        self.pages(limits)
            .map_ok(|page| stream::iter(page.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Gathers the items of [`pages`](Listing::pages), within `limits`; the first error ends
    /// it.
    fn collect(self, limits: PageLimits) -> impl Future<Output = Result<Vec<Self::Item>>> + Send {
        self.items(limits).try_collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::TryStreamExt;

    /// Walks pages whose items `items(k)` (k from 1) gives, each with a fresh cursor.
    async fn walk(limits: PageLimits, items: fn(u32) -> Vec<u32>) -> Vec<Page<u32>> {
        let mut n = 0u32;
        pages(Network::X, None, limits, |_cur| {
            n += 1;
            let k = n;
            async move { Ok(Page::new(items(k), Some(Cursor::new(format!("c{k}"))))) }
        })
        .try_collect()
        .await
        .unwrap()
    }

    #[tokio::test]
    async fn case12_empty_pages_in_a_row_end_the_walk() {
        let all = walk(PageLimits::default(), |_| Vec::new()).await;
        assert_eq!(all.len(), DEFAULT_MAX_EMPTY_PAGES);
        assert_eq!(
            all.last().unwrap().next,
            Some(Cursor::new(format!("c{DEFAULT_MAX_EMPTY_PAGES}"))),
            "the last page keeps its cursor"
        );
        let all = walk(PageLimits::default().max_empty_pages(1), |_| Vec::new()).await;
        assert_eq!(all.len(), 1);
        assert_eq!(PageLimits::default().max_empty_pages(0).empty_pages(), 1);
        // Items break the run: pages 2 and 4 hold one, so 5 and 6 are the run of two.
        let all = walk(PageLimits::default().max_empty_pages(2), |k| {
            if k % 2 == 0 && k < 5 {
                vec![k]
            } else {
                Vec::new()
            }
        })
        .await;
        assert_eq!(all.len(), 6);
        // A page cap smaller than the run still wins.
        let all = walk(PageLimits::default().max_pages(3), |_| Vec::new()).await;
        assert_eq!(all.len(), 3);
    }

    /// A tiny lister serving numbered pages from memory: page `k` (cursor `p{k}`) holds what
    /// `content(k)` gives, and `last` is the last page. It records the parameters and cursors
    /// each fetch saw.
    struct Numbers {
        state: ListState,
        last: u32,
        content: fn(u32) -> Vec<u32>,
        fetched: Arc<std::sync::Mutex<Vec<Option<Cursor>>>>,
    }

    fn numbers(last: u32, content: fn(u32) -> Vec<u32>) -> Numbers {
        Numbers {
            state: ListState::default(),
            last,
            content,
            fetched: Arc::default(),
        }
    }

    impl Listing for Numbers {
        type Item = u32;
        type Extra = Vec<(String, String)>;
        const NETWORK: Network = Network::LinkedIn;

        fn state(&self) -> &ListState {
            &self.state
        }

        fn state_mut(&mut self) -> &mut ListState {
            &mut self.state
        }

        fn check(&self) -> Result<()> {
            Error::check_violations(
                Some(Self::NETWORK),
                self.state
                    .page_size
                    .filter(|n| !(1..=100).contains(n))
                    .map(|n| {
                        crate::Violation::new(
                            "count",
                            crate::ViolationKind::OutOfRange,
                            format!("{n} is outside 1..=100"),
                        )
                    })
                    .into_iter()
                    .collect(),
            )
        }

        async fn fetch(&self, cursor: Option<Cursor>) -> Result<Page<u32, Vec<(String, String)>>> {
            self.fetched.lock().unwrap().push(cursor.clone());
            let k: u32 = match &cursor {
                None => 1,
                Some(c) => c.as_str().trim_start_matches('p').parse().unwrap(),
            };
            let next = (k < self.last).then(|| Cursor::new(format!("p{}", k + 1)));
            let mut extra = self.state.params.clone();
            if let Some(n) = self.state.page_size {
                extra.push(("count".into(), n.to_string()));
            }
            Ok(Page::new((self.content)(k), next).with_extra(extra))
        }
    }

    #[tokio::test]
    async fn case2_a_listing_has_one_surface_on_top_of_core_paging() {
        // `send`: one page, the first or the one at `after`, with the parameters set.
        let list = numbers(3, |k| vec![k * 10, k * 10 + 1]);
        let fetched = list.fetched.clone();
        let page = list
            .page_size(2)
            .param("q", "old")
            .param("q", "rust")
            .after(Cursor::new("p2"))
            .send()
            .await
            .unwrap();
        assert_eq!(page.items, [20, 21]);
        assert_eq!(page.next, Some(Cursor::new("p3")));
        assert_eq!(
            page.extra,
            [
                ("q".to_string(), "rust".to_string()),
                ("count".to_string(), "2".to_string())
            ]
        );
        assert_eq!(*fetched.lock().unwrap(), [Some(Cursor::new("p2"))]);

        // `pages`, `items`, `collect`: the walk of core's paging, caps included.
        let pages: Vec<_> = numbers(3, |k| vec![k])
            .pages(PageLimits::default())
            .try_collect()
            .await
            .unwrap();
        assert_eq!(pages.len(), 3);
        let items: Vec<u32> = numbers(3, |k| vec![k, k])
            .items(PageLimits::default().max_pages(2))
            .try_collect()
            .await
            .unwrap();
        assert_eq!(items, [1, 1, 2, 2]);
        let list = numbers(100, |k| vec![k, k, k]);
        let fetched = list.fetched.clone();
        let items = list
            .collect(PageLimits::default().max_items(4))
            .await
            .unwrap();
        assert_eq!(items, [1, 1, 1, 2]);
        assert_eq!(fetched.lock().unwrap().len(), 2, "no page after the cap");
    }

    #[tokio::test]
    async fn case2_listing_guards_live_in_core_paging() {
        // The empty-page guard applies to every lister without its own code.
        let list = numbers(1_000, |_| Vec::new());
        let fetched = list.fetched.clone();
        let items = list.collect(PageLimits::default()).await.unwrap();
        assert!(items.is_empty());
        assert_eq!(fetched.lock().unwrap().len(), DEFAULT_MAX_EMPTY_PAGES);

        // A request that fails its offline check is never sent, whichever method walks it.
        let list = numbers(3, |k| vec![k]).page_size(0);
        let fetched = list.fetched.clone();
        let err = list.collect(PageLimits::default()).await.unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        let err = numbers(3, |k| vec![k])
            .page_size(101)
            .send()
            .await
            .unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(fetched.lock().unwrap().is_empty());
    }
}
