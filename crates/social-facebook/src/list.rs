//! One builder for every Graph listing (`data` + `paging` + `summary`): field selection, and
//! core's [`Listing`] surface (page size, resuming from a cursor, any parameter, one page, page
//! and item walks with core's caps and loop guards) over Graph's `paging.next`.
//!
//! Graph's `next` is a full URL that embeds the access token. The SDK never calls it as is and
//! never keeps the token: the cursor of a [`GraphPage`] is the `next` URL's query **without**
//! `access_token`, `appsecret_proof` and `appsecret_time`, and the following page is asked for
//! through the client's own request path (which adds the token and a fresh proof again). A page
//! with no `next` is the last, even when it carries `cursors.after`
//! (<https://developers.facebook.com/docs/graph-api/results>); an empty page that still has a
//! `next` does not end the walk (a run of them does, as core's paging decides); a cursor seen
//! twice ends it with `Error::Protocol`.

use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use social_core::http::RequestSpec;
use social_core::paging::ListState;
use social_core::{Cursor, Error, Listing, Network, Page, Result, Violation, ViolationKind};
use url::Url;

use crate::client::FacebookClient;
use crate::models::Summary;

/// Query parameters that carry credentials and never go into a cursor.
const SECRET_PARAMS: [&str; 3] = ["access_token", "appsecret_proof", "appsecret_time"];

/// One page of a Graph listing: core's [`Page`] with the edge's `summary` (when asked for) as
/// its [`extra`](Page::extra), and the summary's `total_count` as its
/// [`total`](Page::total).
pub type GraphPage<T> = Page<T, Option<Summary>>;

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

/// A listing being built: core's [`Listing`] surface (bring the trait into scope, as
/// `social_facebook::Listing`, to call `page_size`, `after`, `param`, `send`, `pages`, `items`
/// and `collect`), plus the fields to read.
///
/// ```no_run
/// use social_core::PageLimits;
/// use social_facebook::Listing;
/// use social_facebook::models::{PageId, PostField};
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// // The Page's 50 latest posts, 25 per call, with their comment and reaction counts.
/// let posts = page
///     .posts()
///     .feed(&PageId::new("200000000000001"))
///     .fields([PostField::Message, PostField::CreatedTime, PostField::CommentCount, PostField::ReactionCount])
///     .page_size(25)
///     .collect(PageLimits::default().max_items(50))
///     .await?;
/// # let _ = posts; Ok(()) }
/// ```
#[must_use = "a request does nothing until `.send().await`"]
pub struct ListBuilder<T> {
    client: FacebookClient,
    spec: RequestSpec,
    state: ListState,
    fields: Vec<String>,
    max_limit: u32,
    _item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListBuilder<T> {
    fn clone(&self) -> Self {
        ListBuilder {
            client: self.client.clone(),
            spec: self.spec.clone(),
            state: self.state.clone(),
            fields: self.fields.clone(),
            max_limit: self.max_limit,
            _item: PhantomData,
        }
    }
}

impl<T> std::fmt::Debug for ListBuilder<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ListBuilder")
            .field("endpoint", &self.spec.endpoint_name())
            .field("fields", &self.fields)
            .field("page_size", &self.state.page_size)
            .finish_non_exhaustive()
    }
}

impl<T: DeserializeOwned + Send + 'static> ListBuilder<T> {
    /// A listing of `spec` (path and endpoint only; parameters come from the builder).
    pub(crate) fn new(client: FacebookClient, spec: RequestSpec, default_fields: &[&str]) -> Self {
        ListBuilder {
            client,
            spec,
            state: ListState::default(),
            fields: default_fields.iter().map(|f| f.to_string()).collect(),
            max_limit: 100,
            _item: PhantomData,
        }
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

    /// Any field name, sent as is (nested expansions such as
    /// `attachments{media_type,url}` included); typed models keep unknown fields in `extra`.
    pub fn field_raw(self, field: impl Into<String>) -> Self {
        self.add_field(field.into())
    }

    fn first_params(&self) -> Vec<(String, String)> {
        let mut p = self.state.params.clone();
        if !self.fields.is_empty() {
            p.push(("fields".into(), self.fields.join(",")));
        }
        if let Some(n) = self.state.page_size {
            p.push(("limit".into(), n.to_string()));
        }
        p
    }
}

/// Graph's listings as core's one listing surface: `page_size` is Graph's `limit` (at most 100
/// on Page edges, checked before sending; `0` asks for the summary alone), `param` any query
/// parameter not typed here (`date_preset`, `include_hidden`…), `after` a cursor from an earlier
/// page (cursors go stale: use them soon); each page keeps the edge's summary.
impl<T: DeserializeOwned + Send + 'static> Listing for ListBuilder<T> {
    type Item = T;
    type Extra = Option<Summary>;
    const NETWORK: Network = Network::Facebook;

    fn state(&self) -> &ListState {
        &self.state
    }

    fn state_mut(&mut self) -> &mut ListState {
        &mut self.state
    }

    fn check(&self) -> Result<()> {
        let too_many = self
            .state
            .page_size
            .filter(|n| *n > self.max_limit)
            .map(|n| {
                Violation::new(
                    "limit",
                    ViolationKind::OutOfRange,
                    format!(
                        "{n} is above the {} items per page Graph allows here",
                        self.max_limit
                    ),
                )
            });
        Error::check_violations(Network::Facebook, too_many.into_iter().collect())
    }

    async fn fetch(&self, cursor: Option<Cursor>) -> Result<GraphPage<T>> {
        let params: Vec<(String, String)> = match &cursor {
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
        let total = env.summary.as_ref().and_then(|s| s.total_count);
        Ok(Page::new(env.data, next)
            .with_total(total)
            .with_extra(env.summary))
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
