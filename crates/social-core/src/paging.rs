//! Pages of results and a stream that walks them without ever looping forever.
//!
//! [`Page<T>`] holds one page's items and the opaque [`Cursor`] to the next one (Graph `after`,
//! X `next_token`, LinkedIn `start`). [`pages`] turns a "fetch one page" closure into a stream that
//! stops when there is no cursor, when a cursor repeats (an error: the server is looping), or when
//! the caller's [`PageLimits`] are reached.

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

/// Caps on a walk through pages. The default stops after 1,000 pages and has no item cap.
///
/// ```
/// use social_core::PageLimits;
/// let limits = PageLimits::default().max_pages(5).max_items(200);
/// assert_eq!(limits.pages(), Some(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageLimits {
    max_pages: Option<usize>,
    max_items: Option<usize>,
}

impl Default for PageLimits {
    fn default() -> Self {
        PageLimits {
            max_pages: Some(1000),
            max_items: None,
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

    /// The page cap.
    pub fn pages(&self) -> Option<usize> {
        self.max_pages
    }

    /// The item cap.
    pub fn items(&self) -> Option<usize> {
        self.max_items
    }
}

struct Walk<F> {
    fetch: F,
    next: Option<Option<Cursor>>,
    seen: HashSet<Cursor>,
    pages: usize,
    items: usize,
    pending: Option<Error>,
}

/// Walks a listing page by page.
///
/// `fetch` is called with `first` (usually `None`), then with each page's `next` cursor. The
/// stream ends after a page without cursor, after `limits` are reached, or after the first error.
/// A cursor seen before ends the stream with [`Error::Protocol`] (after the page that carried it).
/// An empty page that still has a cursor does not end the walk (Graph sends those); the page cap
/// bounds it.
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
    let mut seen = HashSet::new();
    if let Some(c) = &first {
        seen.insert(c.clone());
    }
    let walk = Walk {
        fetch,
        next: Some(first),
        seen,
        pages: 0,
        items: 0,
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
