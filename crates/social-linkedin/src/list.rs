//! One builder for every Rest.li collection (`{"elements": […], "paging": {…}}`): page size,
//! resuming from a cursor, and walks that stop on a short page.
//!
//! LinkedIn pages by index: `start` (default 0) and `count` (default 10); the end of the data is
//! a page with fewer than `count` elements. `paging.total` is not relied on (some finders report
//! 0 whatever they hold), so a walk goes on while pages are full and stops at the first short
//! (or empty) one (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/pagination>).
//! The cursor of a page is the `start` of the next one, in decimal.

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
use social_core::http::RequestSpec;
use social_core::paging::ListState;
use social_core::{Cursor, Error, Listing, Network, Page, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::models::Paging;
use crate::restli;

/// The page size sent when none is set (LinkedIn's own default).
pub const DEFAULT_PAGE_SIZE: u32 = 10;

/// One page of a Rest.li collection: its elements, and as `extra` the paging LinkedIn sent
/// (`total` is not reliable).
pub type LinkedInPage<T> = Page<T, Option<Paging>>;

#[derive(Deserialize)]
#[serde(bound(deserialize = "T: Deserialize<'de>"))]
struct Envelope<T> {
    #[serde(default = "Vec::new")]
    elements: Vec<T>,
    #[serde(default)]
    paging: Option<Paging>,
}

/// A listing (a Rest.li finder) being built. Its methods are those of core's [`Listing`]
/// (bring it into scope: `use social_linkedin::Listing;`), plus
/// [`param_value`](Self::param_value) for Rest.li values.
///
/// ```no_run
/// use social_core::PageLimits;
/// use social_linkedin::Listing;
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
    /// Page size (`count`) and start; string parameters go to `params` as Rest.li values.
    state: ListState,
    max_count: u32,
    /// `X-RestLi-Method`: a finder unless told otherwise.
    method: RestliMethod,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListBuilder<T> {
    fn clone(&self) -> Self {
        ListBuilder {
            client: self.client.clone(),
            spec: self.spec.clone(),
            params: self.params.clone(),
            state: self.state.clone(),
            max_count: self.max_count,
            method: self.method,
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ListBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBuilder")
            .field("endpoint", &self.spec.endpoint_name())
            .field("params", &self.params.keys().collect::<Vec<_>>())
            .field("count", &self.state.page_size)
            .field("start", &self.state.start)
            .finish_non_exhaustive()
    }
}

impl<T> ListBuilder<T> {
    /// A listing of `spec` (path and endpoint), whose pages hold at most `max_count` elements.
    pub(crate) fn new(client: LinkedInClient, spec: RequestSpec, max_count: u32) -> Self {
        ListBuilder {
            client,
            spec,
            params: Map::new(),
            state: ListState::default(),
            max_count,
            method: RestliMethod::Finder,
            _item: PhantomData,
        }
    }

    /// The same listing sent as `method` (a collection read without `q` is `GET_ALL`).
    pub(crate) fn restli_method(mut self, method: RestliMethod) -> Self {
        self.method = method;
        self
    }

    /// Sets a query parameter to a value in Rest.li's terms (a string, a number, a list, a
    /// record), encoded by [`restli`]: `List(…)` and `(k:v)` stay literal, the leaves are
    /// percent-encoded. `start` and `count` are the builder's own.
    ///
    /// ```no_run
    /// use social_linkedin::Listing;
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let org = OrganizationUrn::new("2414183")?;
    /// let page = li.posts().by_author(org).param_value("viewContext", "AUTHOR").send().await?;
    /// # let _ = page; Ok(()) }
    /// ```
    pub fn param_value(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.params.insert(name.into(), value.into());
        self
    }

    fn count(&self) -> u32 {
        self.state.page_size.unwrap_or(DEFAULT_PAGE_SIZE)
    }
}

impl<T: DeserializeOwned + Send + 'static> Listing for ListBuilder<T> {
    type Item = T;
    type Extra = Option<Paging>;
    const NETWORK: Network = Network::LinkedIn;

    /// `page_size` is `count` (default [`DEFAULT_PAGE_SIZE`]; from 1 to the endpoint's maximum,
    /// checked before sending); `after` starts at the cursor of an earlier page (the `start` of
    /// the page after it).
    fn state(&self) -> &ListState {
        &self.state
    }

    fn state_mut(&mut self) -> &mut ListState {
        &mut self.state
    }

    /// Sets a query parameter to a string (see [`param_value`](ListBuilder::param_value) for
    /// lists and records).
    fn param(self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.param_value(key, Value::String(value.into()))
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
        if let Some(c) = &self.state.start {
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
        for reserved in ["start", "count"] {
            if self.params.contains_key(reserved) {
                v.push(Violation::new(
                    reserved,
                    ViolationKind::Unsupported,
                    format!("`{reserved}` is set by the listing itself: use page_size and after"),
                ));
            }
        }
        Error::check_violations(Network::LinkedIn, v)
    }

    /// One page: `start` is the cursor (0 for the first page), `count` the page size. The next
    /// cursor is set only after a full page: a short (or empty) page is the last, whatever
    /// `paging.total` says.
    async fn fetch(&self, cursor: Option<Cursor>) -> Result<LinkedInPage<T>> {
        let start = cursor.as_ref().and_then(parse_start).unwrap_or(0);
        let count = self.count();
        let mut params = self.params.clone();
        params.insert("start".into(), Value::from(start));
        params.insert("count".into(), Value::from(count));
        let spec = restli::with_query(self.spec.clone(), &params);
        let resp = self.client.send_rest(self.method, spec).await?;
        let env: Envelope<T> = resp.json()?;
        let full = !env.elements.is_empty() && env.elements.len() as u64 >= u64::from(count);
        // `start` comes from a caller's cursor: a start so far that the next would pass
        // `u64::MAX` has no next page (no listing holds that many elements).
        let next = full
            .then(|| start.checked_add(env.elements.len() as u64))
            .flatten()
            .map(|next| Cursor::new(next.to_string()));
        Ok(Page::new(env.elements, next).with_extra(env.paging))
    }
}

/// The `start` index a cursor holds.
fn parse_start(c: &Cursor) -> Option<u64> {
    let s = c.as_str();
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}
