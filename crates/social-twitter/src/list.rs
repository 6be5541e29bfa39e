//! One builder for every paged listing (users who follow, posts of a timeline…): range-checked
//! `max_results`, typed fields, and page walks that keep each page's `includes` and `errors`.

use std::marker::PhantomData;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::{Stream, StreamExt};
use serde::de::DeserializeOwned;
use social_core::http::RequestSpec;
use social_core::{
    Cursor, Error, Network, Page, PageLimits, PostId, Result, Violation, ViolationKind, paging,
};

use crate::client::{Needs, TwitterClient};
use crate::models::{Expansion, MediaField, Tweet, TweetField, UserField, XResponse};

/// Joins typed field values with commas.
pub(crate) fn join<F: std::fmt::Display>(fields: impl IntoIterator<Item = F>) -> String {
    fields
        .into_iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join(",")
}

/// A paged listing being built. `T` is [`User`](crate::models::User) or [`Tweet`].
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use social_core::{PageLimits, UserId};
/// use social_twitter::models::UserField;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// // Up to 3 pages of 1000 accounts whom @XDevelopers follows, with their counts.
/// let pages: Vec<_> = x
///     .follows()
///     .following(&UserId::new("2244994945"))
///     .max_results(1000)
///     .user_fields([UserField::PublicMetrics, UserField::Description])
///     .pages(PageLimits::default().max_pages(3))
///     .try_collect()
///     .await?;
/// # let _ = pages; Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct ListBuilder<T> {
    client: TwitterClient,
    spec: RequestSpec,
    needs: Needs,
    range: (u32, u32),
    max_results: Option<u32>,
    token: Option<String>,
    params: Vec<(String, String)>,
    /// Whether the endpoint takes `since_id`, `until_id`, `start_time` and `end_time`.
    time_filters: bool,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListBuilder<T> {
    fn clone(&self) -> Self {
        ListBuilder {
            client: self.client.clone(),
            spec: self.spec.clone(),
            needs: self.needs,
            range: self.range,
            max_results: self.max_results,
            token: self.token.clone(),
            params: self.params.clone(),
            time_filters: self.time_filters,
            _item: PhantomData,
        }
    }
}

impl<T> ListBuilder<T> {
    /// The same listing, its items decoded as `U` (a crate-internal view of the same objects).
    pub(crate) fn decode_as<U>(self) -> ListBuilder<U> {
        ListBuilder {
            client: self.client,
            spec: self.spec,
            needs: self.needs,
            range: self.range,
            max_results: self.max_results,
            token: self.token,
            params: self.params,
            time_filters: self.time_filters,
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ListBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBuilder")
            .field("endpoint", &self.spec.endpoint_name())
            .field("max_results", &self.max_results)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> ListBuilder<T> {
    pub(crate) fn new(
        client: TwitterClient,
        spec: RequestSpec,
        needs: Needs,
        range: (u32, u32),
    ) -> Self {
        ListBuilder {
            client,
            spec,
            needs,
            range,
            max_results: None,
            token: None,
            params: Vec::new(),
            time_filters: true,
            _item: PhantomData,
        }
    }

    /// Items per page; the allowed range depends on the endpoint and is checked before sending.
    pub fn max_results(mut self, n: u32) -> Self {
        self.max_results = Some(n);
        self
    }

    /// Starts at this page (a `next_token` from an earlier page).
    pub fn pagination_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// `user.fields`.
    pub fn user_fields(self, fields: impl IntoIterator<Item = UserField>) -> Self {
        self.param("user.fields", join(fields))
    }

    /// `tweet.fields`.
    pub fn tweet_fields(self, fields: impl IntoIterator<Item = TweetField>) -> Self {
        self.param("tweet.fields", join(fields))
    }

    /// `expansions`.
    pub fn expansions(self, expansions: impl IntoIterator<Item = Expansion>) -> Self {
        self.param("expansions", join(expansions))
    }

    /// Any other query parameter (a field this crate does not type yet, for instance).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((key.into(), value.into()));
        self
    }

    /// For endpoints that refuse `since_id`, `until_id`, `start_time` and `end_time` (X answers
    /// them with a 400): setting one then fails before sending.
    pub(crate) fn without_time_filters(mut self) -> Self {
        self.time_filters = false;
        self
    }

    /// Every rule the listing breaks, found offline; empty when it can be sent.
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if !self.time_filters {
            let filters = ["since_id", "until_id", "start_time", "end_time"];
            v.extend(
                self.params
                    .iter()
                    .filter(|(k, _)| filters.contains(&k.as_str()))
                    .map(|(k, _)| {
                        Violation::new(
                            k.clone(),
                            ViolationKind::Unsupported,
                            format!("{} takes no {k}", self.spec.endpoint_name()),
                        )
                    }),
            );
        }
        let (min, max) = self.range;
        if let Some(n) = self.max_results.filter(|n| !(min..=max).contains(n)) {
            v.push(Violation::new(
                "max_results",
                ViolationKind::OutOfRange,
                format!(
                    "{} takes max_results from {min} to {max}, not {n}",
                    self.spec.endpoint_name()
                ),
            ));
        }
        v
    }

    fn spec(&self) -> Result<RequestSpec> {
        Error::check_violations(Network::X, self.violations())?;
        let mut spec = self.spec.clone().query_opt("max_results", self.max_results);
        for (k, v) in &self.params {
            spec = spec.query(k.clone(), v);
        }
        Ok(spec.query_opt("pagination_token", self.token.as_deref()))
    }

    /// Fetches one page.
    pub async fn send(self) -> Result<XResponse<Vec<T>>> {
        let spec = self.spec()?;
        self.client.send(spec, self.needs).await
    }

    /// Walks the pages from this one on, each page whole (items, `includes`, partial `errors`,
    /// `meta`), within `limits` (the item cap cuts the last page and ends the walk without
    /// fetching more). Stops on the last page, a repeated token, the first error, or after
    /// [`limits.empty_pages()`](PageLimits::empty_pages) pages in a row that list nothing but
    /// still carry a `next_token` (X's search can answer `result_count: 0` with one).
    pub fn pages(self, limits: PageLimits) -> impl Stream<Item = Result<XResponse<Vec<T>>>> + Send {
        let first = self.token.clone().map(Cursor::new);
        let page_limits = PageLimits::default()
            .max_pages(limits.pages().unwrap_or(usize::MAX))
            .max_empty_pages(limits.empty_pages());
        let cap = limits.items();
        let seen = Arc::new(AtomicUsize::new(0));
        paging::pages_by(
            Network::X,
            first,
            page_limits,
            // Each page holds one envelope: it is empty when the envelope lists nothing.
            |page: &Page<XResponse<Vec<T>>>| {
                page.items
                    .iter()
                    .all(|r| r.data.as_ref().is_none_or(Vec::is_empty))
            },
            move |cursor: Option<Cursor>| {
                let mut page = self.clone();
                page.token = cursor.map(|c| c.as_str().to_string());
                let seen = seen.clone();
                async move {
                    let mut resp = page.send().await?;
                    let mut next = resp.next_token().map(Cursor::new);
                    if let Some(max) = cap {
                        let before = seen.load(Ordering::Relaxed);
                        if let Some(data) = resp.data.as_mut() {
                            data.truncate(max.saturating_sub(before));
                            seen.fetch_add(data.len(), Ordering::Relaxed);
                        }
                        if seen.load(Ordering::Relaxed) >= max {
                            next = None;
                        }
                    }
                    Ok(Page::new(vec![resp], next))
                }
            },
        )
        .map(|page| page.map(|mut p| p.items.pop().unwrap_or_default()))
    }

    /// Walks the pages and merges them: all items in order, `includes` merged without
    /// duplicates, every page's partial `errors`, and the last page's `meta`. `limits`'s item
    /// cap cuts the items.
    pub async fn collect(self, limits: PageLimits) -> Result<XResponse<Vec<T>>> {
        let mut all = XResponse::<Vec<T>>::default();
        let mut items = Vec::new();
        let pages = self.pages(limits);
        futures_util::pin_mut!(pages);
        while let Some(page) = pages.next().await {
            let page = page?;
            items.extend(page.data.unwrap_or_default());
            all.includes.merge(page.includes);
            all.errors.extend(page.errors);
            all.meta = page.meta;
        }
        all.data = Some(items);
        Ok(all)
    }
}

fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

impl ListBuilder<Tweet> {
    /// `media.fields` (post listings only: X's user listings refuse it).
    pub fn media_fields(self, fields: impl IntoIterator<Item = MediaField>) -> Self {
        self.param("media.fields", join(fields))
    }

    /// Only posts newer than this id.
    pub fn since_id(self, id: &PostId) -> Self {
        self.param("since_id", id.as_str())
    }

    /// Only posts older than this id.
    pub fn until_id(self, id: &PostId) -> Self {
        self.param("until_id", id.as_str())
    }

    /// Only posts created at or after this time.
    pub fn start_time(self, t: DateTime<Utc>) -> Self {
        self.param("start_time", rfc3339(t))
    }

    /// Only posts created before this time.
    pub fn end_time(self, t: DateTime<Utc>) -> Self {
        self.param("end_time", rfc3339(t))
    }
}
