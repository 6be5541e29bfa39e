//! One builder for every Graph listing (`data` + `paging` + `summary`): field selection, page
//! size, resuming from a cursor, and page walks that follow `paging.next` safely.
//!
//! Graph's `next` is a full URL that embeds the access token. The SDK never calls it as is and
//! never keeps the token: the cursor of a [`GraphPage`] is the `next` URL's query **without**
//! `access_token`, `appsecret_proof` and `appsecret_time`, and the following page is asked for
//! through the client's own request path (which adds the token and a fresh proof again). A page
//! with no `next` is the last, even when it carries `cursors.after`
//! (<https://developers.facebook.com/docs/graph-api/results>); an empty
//! page that still has a `next` does not end the walk; a cursor seen twice ends it with
//! `Error::Protocol`.

use std::marker::PhantomData;

use futures_util::future::Either;
use futures_util::{Stream, TryStreamExt};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use social_core::http::RequestSpec;
use social_core::{
    Cursor, Error, Network, Page, PageLimits, Result, Violation, ViolationKind, paging,
};
use url::Url;

use crate::client::FacebookClient;
use crate::models::Summary;

/// Query parameters that carry credentials and never go into a cursor.
const SECRET_PARAMS: [&str; 3] = ["access_token", "appsecret_proof", "appsecret_time"];

/// One page of a Graph listing.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GraphPage<T> {
    /// The items.
    pub items: Vec<T>,
    /// The edge's summary, when asked for (`total_count`…).
    pub summary: Option<Summary>,
    /// Where the next page starts; `None` on the last page.
    pub next: Option<Cursor>,
}

impl<T> GraphPage<T> {
    /// As a core [`Page`] (the summary's `total_count` becomes its total).
    pub fn into_page(self) -> Page<T> {
        let total = self.summary.as_ref().and_then(|s| s.total_count);
        Page::new(self.items, self.next).with_total(total)
    }
}

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(
        default = "Vec::new",
        deserialize_with = "crate::models::null_as_empty",
        bound(deserialize = "T: Deserialize<'de>")
    )]
    data: Vec<T>,
    #[serde(default)]
    paging: Option<Paging>,
    #[serde(default)]
    summary: Option<Summary>,
}

#[derive(Deserialize)]
struct Paging {
    #[serde(default)]
    next: Option<String>,
    #[serde(default)]
    cursors: Option<Cursors>,
}

#[derive(Deserialize)]
struct Cursors {
    #[serde(default)]
    after: Option<String>,
}

/// The cursor of Graph's `next` URL: its query without credentials. Falls back to the request's
/// own parameters plus `after` when `next` cannot be read.
fn cursor_from(next: &str, params: &[(String, String)], after: Option<&str>) -> Option<Cursor> {
    let pairs: Vec<(String, String)> = match Url::parse(next) {
        Ok(url) => url
            .query_pairs()
            .filter(|(k, _)| !SECRET_PARAMS.contains(&k.as_ref()))
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
        Err(_) => {
            let after = after?;
            params
                .iter()
                .filter(|(k, _)| k != "after" && k != "before")
                .cloned()
                .chain([("after".to_string(), after.to_string())])
                .collect()
        }
    };
    let encoded = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(&pairs)
        .finish();
    Some(Cursor::new(encoded))
}

/// A listing being built.
///
/// ```no_run
/// use futures_util::TryStreamExt;
/// use social_core::PageLimits;
/// use social_facebook::models::PageId;
/// use social_facebook::models::PostField;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// // The Page's 50 latest posts, 25 per call, with their comment and reaction counts.
/// let posts = page
///     .posts()
///     .feed(&PageId::new("200000000000001"))
///     .fields([PostField::Message, PostField::CreatedTime, PostField::CommentCount, PostField::ReactionCount])
///     .limit(25)
///     .collect(PageLimits::default().max_items(50))
///     .await?;
/// # let _ = posts; Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct ListBuilder<T> {
    client: FacebookClient,
    spec: RequestSpec,
    params: Vec<(String, String)>,
    fields: Vec<String>,
    limit: Option<u32>,
    max_limit: u32,
    start: Option<Cursor>,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListBuilder<T> {
    fn clone(&self) -> Self {
        ListBuilder {
            client: self.client.clone(),
            spec: self.spec.clone(),
            params: self.params.clone(),
            fields: self.fields.clone(),
            limit: self.limit,
            max_limit: self.max_limit,
            start: self.start.clone(),
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ListBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBuilder")
            .field("endpoint", &self.spec.endpoint_name())
            .field("fields", &self.fields)
            .field("limit", &self.limit)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> ListBuilder<T> {
    /// A listing of `spec` (path and endpoint only; parameters come from the builder).
    pub(crate) fn new(client: FacebookClient, spec: RequestSpec, default_fields: &[&str]) -> Self {
        ListBuilder {
            client,
            spec,
            params: Vec::new(),
            fields: default_fields.iter().map(|f| f.to_string()).collect(),
            limit: None,
            max_limit: 100,
            start: None,
            _item: PhantomData,
        }
    }

    pub(crate) fn param(mut self, key: &str, value: impl ToString) -> Self {
        self.params.retain(|(k, _)| k != key);
        self.params.push((key.to_string(), value.to_string()));
        self
    }

    pub(crate) fn set_fields(mut self, fields: Vec<String>) -> Self {
        self.fields = fields;
        self
    }

    pub(crate) fn add_field(mut self, field: String) -> Self {
        if !self.fields.contains(&field) {
            self.fields.push(field);
        }
        self
    }

    /// Items per page (Graph's `limit`, at most 100 on Page edges; checked before sending).
    /// `0` asks for the summary alone.
    pub fn limit(mut self, n: u32) -> Self {
        self.limit = Some(n);
        self
    }

    /// Any field name, sent as is (nested expansions such as
    /// `attachments{media_type,url}` included); typed models keep unknown fields in `extra`.
    pub fn field_raw(self, field: impl Into<String>) -> Self {
        self.add_field(field.into())
    }

    /// Any query parameter not typed here (`date_preset`, `include_hidden`…).
    pub fn param_raw(self, key: impl AsRef<str>, value: impl ToString) -> Self {
        self.param(key.as_ref(), value)
    }

    /// Starts at a cursor from an earlier page (cursors go stale: use them soon).
    pub fn after(mut self, cursor: Cursor) -> Self {
        self.start = Some(cursor);
        self
    }

    fn check(&self) -> Result<()> {
        match self.limit {
            Some(n) if n > self.max_limit => Err(Error::invalid(
                Network::Facebook,
                Violation::new(
                    "limit",
                    ViolationKind::OutOfRange,
                    format!(
                        "{n} is above the {} items per page Graph allows here",
                        self.max_limit
                    ),
                ),
            )),
            _ => Ok(()),
        }
    }

    fn first_params(&self) -> Vec<(String, String)> {
        let mut p = self.params.clone();
        if !self.fields.is_empty() {
            p.push(("fields".into(), self.fields.join(",")));
        }
        if let Some(n) = self.limit {
            p.push(("limit".into(), n.to_string()));
        }
        p
    }

    async fn fetch(&self, cursor: Option<&Cursor>) -> Result<GraphPage<T>> {
        let params: Vec<(String, String)> = match cursor {
            None => self.first_params(),
            Some(c) => url::form_urlencoded::parse(c.as_str().as_bytes())
                .filter(|(k, _)| !SECRET_PARAMS.contains(&k.as_ref()))
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        };
        let mut spec = self.spec.clone();
        for (k, v) in &params {
            spec = spec.query(k, v);
        }
        // Listings of Page tokens (`/me/accounts`…): the body is secret, so an error never
        // quotes it.
        if params
            .iter()
            .any(|(k, v)| k == "fields" && crate::models::asks_for_credentials(&[v]))
        {
            spec = spec.secret_response();
        }
        let env: Envelope<T> = self.client.send(spec).await?;
        let next = env.paging.as_ref().and_then(|p| {
            let next = p.next.as_deref()?;
            let after = p.cursors.as_ref().and_then(|c| c.after.as_deref());
            cursor_from(next, &params, after)
        });
        Ok(GraphPage {
            items: env.data,
            summary: env.summary,
            next,
        })
    }

    /// The first page (or the page at [`after`](Self::after)).
    pub async fn send(self) -> Result<GraphPage<T>> {
        self.check()?;
        self.fetch(self.start.as_ref()).await
    }

    /// Walks the pages within `limits` (a page cap is wise: Graph can keep sending empty pages).
    pub fn pages(self, limits: PageLimits) -> impl Stream<Item = Result<Page<T>>> + Send {
        if let Err(e) = self.check() {
            return Either::Left(futures_util::stream::iter([Err(e)]));
        }
        let start = self.start.clone();
        let this = std::sync::Arc::new(self);
        Either::Right(paging::pages(
            Network::Facebook,
            start,
            limits,
            move |cursor| {
                let this = this.clone();
                async move { this.fetch(cursor.as_ref()).await.map(GraphPage::into_page) }
            },
        ))
    }

    /// Walks the items within `limits`.
    pub fn items(self, limits: PageLimits) -> impl Stream<Item = Result<T>> + Send {
        self.pages(limits)
            .map_ok(|p| futures_util::stream::iter(p.items.into_iter().map(Ok)))
            .try_flatten()
    }

    /// Collects the items within `limits` (default limits: every page, which Graph bounds).
    pub async fn collect(self, limits: PageLimits) -> Result<Vec<T>> {
        self.items(limits).try_collect().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_never_keep_credentials() {
        let next = "https://graph.facebook.com/v26.0/1/feed?access_token=SEKRIT&appsecret_proof=abc&fields=message&limit=25&after=QVFI";
        let c = cursor_from(next, &[], None).unwrap();
        assert_eq!(c.as_str(), "fields=message&limit=25&after=QVFI");
        assert!(!format!("{c:?}").contains("SEKRIT"));
    }

    #[test]
    fn unreadable_next_falls_back_to_after() {
        let params = vec![
            ("fields".to_string(), "id".to_string()),
            ("after".to_string(), "old".to_string()),
        ];
        let c = cursor_from("not a url", &params, Some("new")).unwrap();
        assert_eq!(c.as_str(), "fields=id&after=new");
        assert!(cursor_from("not a url", &params, None).is_none());
    }
}
