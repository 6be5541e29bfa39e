//! One builder for every Rest.li collection (`{"elements": […], "paging": {…}}`): page size,
//! resuming from a cursor, and walks that stop on a short page.
//!
//! LinkedIn pages by index: `start` (default 0) and `count` (default 10); the end of the data is
//! a page with fewer than `count` elements. `paging.total` is not relied on (some finders report
//! 0 whatever they hold), so a walk goes on while pages are full and stops at the first short
//! (or empty) one (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination>).
//! The cursor of a page is the `start` of the next one, in decimal.

use std::marker::PhantomData;
use std::sync::Arc;

use futures_util::future::Either;
use futures_util::{Stream, TryStreamExt};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use social_core::http::RequestSpec;
use social_core::{
    Cursor, Error, Network, Page, PageLimits, Result, Violation, ViolationKind, paging,
};

use crate::client::{LinkedInClient, RestliMethod};
use crate::models::Paging;
use crate::restli;

/// The page size sent when none is set (LinkedIn's own default).
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// One page of a Rest.li collection.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LinkedInPage<T> {
    /// The elements.
    pub items: Vec<T>,
    /// The paging LinkedIn sent (`total` is not reliable).
    pub paging: Option<Paging>,
    /// Where the next page starts: `Some` only after a full page.
    pub next: Option<Cursor>,
}

impl<T> LinkedInPage<T> {
    /// As a core [`Page`] (without `total`, which LinkedIn does not report reliably).
    pub fn into_page(self) -> Page<T> {
        Page::new(self.items, self.next)
    }
}

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Envelope<T> {
    #[serde(default = "Vec::new")]
    elements: Vec<T>,
    #[serde(default)]
    paging: Option<Paging>,
}

/// A listing (a Rest.li finder) being built.
///
/// ```no_run
/// use social_core::PageLimits;
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// // The page's 50 latest posts, 25 per call.
/// let org = OrganizationUrn::new("2414183")?;
/// let posts = li.posts().by_author(org).page_size(25).collect(PageLimits::default().max_items(50)).await?;
/// # let _ = posts; Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct ListBuilder<T> {
    client: LinkedInClient,
    spec: RequestSpec,
    params: Map<String, Value>,
    count: Option<u32>,
    max_count: u32,
    start: Option<Cursor>,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListBuilder<T> {
    fn clone(&self) -> Self {
        ListBuilder {
            client: self.client.clone(),
            spec: self.spec.clone(),
            params: self.params.clone(),
            count: self.count,
            max_count: self.max_count,
            start: self.start.clone(),
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ListBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBuilder")
            .field("endpoint", &self.spec.endpoint_name())
            .field("params", &self.params.keys().collect::<Vec<_>>())
            .field("count", &self.count)
            .field("start", &self.start)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> ListBuilder<T> {
    /// A listing of `spec` (path and endpoint), whose pages hold at most `max_count` elements.
    pub(crate) fn new(client: LinkedInClient, spec: RequestSpec, max_count: u32) -> Self {
        ListBuilder {
            client,
            spec,
            params: Map::new(),
            count: None,
            max_count,
            start: None,
            _item: PhantomData,
        }
    }

    /// Sets a query parameter, a value in the Rest.li notation's terms (strings, numbers,
    /// lists, records): `restli` encodes it. `start` and `count` are the builder's own.
    pub fn param(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(name.into(), value.into());
        self
    }

    /// Elements per page (`count`, default [`DEFAULT_PAGE_SIZE`]; at most the endpoint's maximum,
    /// checked before sending).
    pub fn page_size(mut self, n: u32) -> Self {
        self.count = Some(n);
        self
    }

    /// Starts at a cursor from an earlier page (the `start` of that page's next one).
    pub fn after(mut self, cursor: Cursor) -> Self {
        self.start = Some(cursor);
        self
    }

    fn count(&self) -> u32 {
        self.count.unwrap_or(DEFAULT_PAGE_SIZE)
    }

    fn check(&self) -> Result<()> {
        let mut v = Vec::new();
        let count = self.count();
        if count == 0 || count > self.max_count {
            v.push(Violation::new(
                "count",
                ViolationKind::OutOfRange,
                format!(
                    "{count} elements per page: LinkedIn serves from 1 to {} here",
                    self.max_count
                ),
            ));
        }
        if let Some(c) = &self.start {
            if parse_start(c).is_none() {
                v.push(Violation::new(
                    "start",
                    ViolationKind::Malformed,
                    format!(
                        "{:?} is not a cursor of this listing (a start index)",
                        c.as_str()
                    ),
                ));
            }
        }
        Error::check_violations(Network::LinkedIn, v)
    }

    async fn fetch(&self, cursor: Option<&Cursor>) -> Result<LinkedInPage<T>> {
        let start = cursor.and_then(parse_start).unwrap_or(0);
        let count = self.count();
        let mut params = self.params.clone();
        params.insert("start".into(), Value::from(start));
        params.insert("count".into(), Value::from(count));
        let mut spec = self.spec.clone();
        for (name, value) in restli::query(&params) {
            spec = spec.encoded_query(name, value);
        }
        let resp = self.client.send_rest(RestliMethod::Finder, spec).await?;
        let env: Envelope<T> = resp.json()?;
        let full = !env.elements.is_empty() && env.elements.len() as u64 >= u64::from(count);
        let next = full.then(|| Cursor::new((start + env.elements.len() as u64).to_string()));
        Ok(LinkedInPage {
            items: env.elements,
            paging: env.paging,
            next,
        })
    }

    /// The first page (or the page at [`after`](Self::after)).
    pub async fn send(self) -> Result<LinkedInPage<T>> {
        self.check()?;
        self.fetch(self.start.as_ref()).await
    }

    /// Walks the pages within `limits`, stopping after the first short page.
    pub fn pages(self, limits: PageLimits) -> impl Stream<Item = Result<Page<T>>> + Send {
        if let Err(e) = self.check() {
            return Either::Left(futures_util::stream::iter([Err(e)]));
        }
        let start = self.start.clone();
        let this = Arc::new(self);
        Either::Right(paging::pages(
            Network::LinkedIn,
            start,
            limits,
            move |cursor| {
                let this = this.clone();
                async move {
                    this.fetch(cursor.as_ref())
                        .await
                        .map(LinkedInPage::into_page)
                }
            },
        ))
    }

    /// Walks the elements within `limits`.
    pub fn items(self, limits: PageLimits) -> impl Stream<Item = Result<T>> + Send {
        self.pages(limits)
            .map_ok(|p| futures_util::stream::iter(p.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Collects the elements within `limits`.
    pub async fn collect(self, limits: PageLimits) -> Result<Vec<T>> {
        self.items(limits).try_collect().await
    }
}

/// The `start` index a cursor holds.
fn parse_start(c: &Cursor) -> Option<u64> {
    let s = c.as_str();
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}
