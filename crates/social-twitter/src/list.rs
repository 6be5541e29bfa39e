//! One builder for every paged listing (users who follow, posts of a timeline…), implementing
//! core's [`Listing`]: range-checked `page_size` (X's `max_results`), `after` a cursor (X's
//! `pagination_token`), typed fields, and pages that keep what X sends beside the items
//! (`includes`, partial `errors`, `meta`) in [`PageExtra`].

use std::marker::PhantomData;

use chrono::{DateTime, SecondsFormat, Utc};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use social_core::http::RequestSpec;
use social_core::paging::ListState;
use social_core::{
    Cursor, Error, Listing, Network, Page, PageLimits, PostId, Result, Violation, ViolationKind,
};

use crate::client::{Needs, TwitterClient};
use crate::models::{Expansion, MediaField, PageExtra, Tweet, TweetField, UserField, XResponse};

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
/// It implements core's [`Listing`] (bring it into scope: `use social_twitter::Listing;`):
/// [`page_size`](Listing::page_size), [`after`](Listing::after), [`param`](Listing::param),
/// then [`send`](Listing::send) for one page, [`pages`](Listing::pages),
/// [`items`](Listing::items) or [`collect`](Listing::collect); each page keeps X's `includes`,
/// partial `errors` and `meta` in its [`extra`](Page::extra), and
/// [`collect_with_includes`](ListBuilder::collect_with_includes) merges them across pages.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use social_core::{PageLimits, UserId};
/// use social_twitter::Listing;
/// use social_twitter::models::UserField;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// // Up to 3 pages of 1000 accounts whom @XDevelopers follows, with their counts.
/// let pages: Vec<_> = x
///     .follows()
///     .following(&UserId::new("2244994945"))
///     .page_size(1000)
///     .user_fields([UserField::PublicMetrics, UserField::Description])
///     .pages(PageLimits::default().max_pages(3))
///     .try_collect()
///     .await?;
/// for page in &pages {
///     println!("{} accounts, {} partial errors", page.items.len(), page.extra.errors.len());
/// }
/// # Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct ListBuilder<T> {
    client: TwitterClient,
    spec: RequestSpec,
    needs: Needs,
    range: (u32, u32),
    state: ListState,
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
            state: self.state.clone(),
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
            state: self.state,
            time_filters: self.time_filters,
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ListBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBuilder")
            .field("endpoint", &self.spec.endpoint_name())
            .field("page_size", &self.state.page_size)
            .field("params", &self.state.params)
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
            state: ListState::default(),
            time_filters: true,
            _item: PhantomData,
        }
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
                self.state
                    .params
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
        if let Some(n) = self.state.page_size.filter(|n| !(min..=max).contains(n)) {
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

    /// Walks the pages like [`pages`](Listing::pages) and merges them into one: every item in
    /// order, `includes` merged without duplicates, every page's partial `errors`, the last
    /// page's `meta`, and its `next` cursor (to resume from later; `None` once the listing is
    /// read to its end or an item cap cut the last page).
    ///
    /// ```no_run
    /// use social_core::{PageLimits, PostId};
    /// use social_twitter::Listing;
    /// use social_twitter::models::{Expansion, TweetField};
    ///
    /// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
    /// let replies = x
    ///     .tweets()
    ///     .search_recent("conversation_id:1228393702244134912")
    ///     .tweet_fields([TweetField::AuthorId])
    ///     .expansions([Expansion::AuthorId])
    ///     .collect_with_includes(PageLimits::default().max_items(50))
    ///     .await?;
    /// for post in &replies.items {
    ///     let author = post.author_id.as_ref().and_then(|id| replies.extra.includes.user(id));
    ///     println!("@{}: {}", author.map_or("?", |u| u.username.as_str()), post.text);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn collect_with_includes(self, limits: PageLimits) -> Result<Page<T, PageExtra>> {
        let mut all = Page::new(Vec::new(), None).with_extra(PageExtra::default());
        let pages = self.pages(limits);
        futures_util::pin_mut!(pages);
        while let Some(page) = pages.next().await {
            let page = page?;
            all.items.extend(page.items);
            all.next = page.next;
            all.extra.includes.merge(page.extra.includes);
            all.extra.errors.extend(page.extra.errors);
            all.extra.meta = page.extra.meta;
        }
        Ok(all)
    }
}

impl<T: DeserializeOwned + Send + 'static> Listing for ListBuilder<T> {
    type Item = T;
    type Extra = PageExtra;
    const NETWORK: Network = Network::X;

    /// `page_size` is X's `max_results` (its range depends on the endpoint, named on each
    /// listing, and is checked before sending); `after` takes a `next` cursor (X's `next_token`)
    /// from an earlier page, sent as `pagination_token`.
    fn state(&self) -> &ListState {
        &self.state
    }

    fn state_mut(&mut self) -> &mut ListState {
        &mut self.state
    }

    fn check(&self) -> Result<()> {
        Error::check_violations(Network::X, self.violations())
    }

    /// One page: its items (`data`, none when X sends none), X's `next_token` as the next
    /// cursor, and the rest of X's answer (`includes`, partial `errors`, `meta`). An answer
    /// with only `errors` (no `data`, no `meta`: the list of a missing account) is the error
    /// its problem stands for, [`Error::NotFound`] for `resource-not-found`.
    async fn fetch(&self, cursor: Option<Cursor>) -> Result<Page<T, PageExtra>> {
        let mut spec = self
            .spec
            .clone()
            .query_opt("max_results", self.state.page_size);
        for (k, v) in &self.state.params {
            spec = spec.query(k.clone(), v);
        }
        let spec = spec.query_opt("pagination_token", cursor.as_ref().map(Cursor::as_str));
        let resp: XResponse<Vec<T>> = self.client.send(spec, self.needs).await?;
        // A list about a missing object (the followers of an unknown account) is a 200 with
        // only `errors`, no `meta`: that problem is the answer, not an empty page
        // (https://docs.x.com/x-api/fundamentals/response-codes-and-errors).
        if let (None, None, Some(problem)) = (&resp.data, &resp.meta, resp.errors.first()) {
            return Err(crate::error::partial_error(problem));
        }
        let next = resp.next_token().map(Cursor::new);
        let extra = PageExtra {
            includes: resp.includes,
            errors: resp.errors,
            meta: resp.meta,
        };
        Ok(Page::new(resp.data.unwrap_or_default(), next).with_extra(extra))
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
