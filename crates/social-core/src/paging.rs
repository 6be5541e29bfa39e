//! Pages of results and a stream that walks them without ever looping forever.
//!
//! [`Page<T>`] holds one page's items and the opaque [`Cursor`] to the next one (Graph `after`,
//! X `next_token`, LinkedIn `start`). [`pages`] turns a "fetch one page" closure into a stream that
//! stops when there is no cursor, when a cursor repeats (an error: the server is looping), after
//! [`DEFAULT_MAX_EMPTY_PAGES`] empty pages in a row that still carry a cursor, or when the
//! caller's [`PageLimits`] are reached.

use std::collections::HashSet;
use std::future::Future;

use futures_util::{Stream, StreamExt, stream};
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

/// One page of a listing.
///
/// ```
/// use social_core::{Cursor, Page};
/// let page = Page::new(vec![1, 2, 3], Some(Cursor::new("next")));
/// assert_eq!(page.items.len(), 3);
/// assert!(page.has_next());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
    /// The total count across pages, when the network gives it.
    pub total: Option<u64>,
}

impl<T> Page<T> {
    /// A page of items with an optional next cursor.
    pub fn new(items: Vec<T>, next: Option<Cursor>) -> Self {
        Page {
            items,
            next,
            total: None,
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

    /// Maps the items, keeping the cursor and total.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            next: self.next,
            total: self.total,
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
pub fn pages<T, F, Fut>(
    network: Network,
    first: Option<Cursor>,
    limits: PageLimits,
    fetch: F,
) -> impl Stream<Item = Result<Page<T>>> + Send
where
    T: Send,
    F: FnMut(Option<Cursor>) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
{
    pages_by(
        network,
        first,
        limits,
        |page: &Page<T>| page.items.is_empty(),
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
pub fn pages_by<T, E, F, Fut>(
    network: Network,
    first: Option<Cursor>,
    limits: PageLimits,
    is_empty: E,
    fetch: F,
) -> impl Stream<Item = Result<Page<T>>> + Send
where
    T: Send,
    E: Fn(&Page<T>) -> bool + Send,
    F: FnMut(Option<Cursor>) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
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
pub fn items<T, F, Fut>(
    network: Network,
    first: Option<Cursor>,
    limits: PageLimits,
    fetch: F,
) -> impl Stream<Item = Result<T>> + Send
where
    T: Send + 'static,
    F: FnMut(Option<Cursor>) -> Fut + Send,
    Fut: Future<Output = Result<Page<T>>> + Send,
{
    pages(network, first, limits, fetch).flat_map(|page| match page {
        Ok(page) => stream::iter(page.items.into_iter().map(Ok).collect::<Vec<_>>()),
        Err(e) => stream::iter(vec![Err(e)]),
    })
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
}
