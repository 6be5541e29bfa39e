//! What Graph returns, read leniently: fields Graph may omit are `Option`, lists default to
//! empty, open sets (reaction types, Page tasks) keep unknown values, and every node keeps the
//! fields it did not type in `extra` (so a field asked for with `field_raw` is not lost). The
//! typed names of `fields=` ([`PageField`], [`PostField`], [`CommentField`]) are here too.
//!
//! One file per API area, as the handlers: [`Page`] and
//! [`PageAccount`] in `pages.rs`, [`Post`] in `posts.rs`, [`Comment`] in `comments.rs`,
//! [`Reaction`] in `reactions.rs`, [`Metric`] in `insights.rs`, [`TokenInfo`] in `tokens.rs`;
//! all are re-exported here.

use std::collections::BTreeMap;
use std::fmt;

use chrono::{DateTime, NaiveDateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use serde_json::Value;
use social_core::types::ids;
use social_core::{CommentId, PostId};

mod comments;
mod fields;
mod insights;
mod pages;
mod posts;
mod reactions;
mod tokens;

pub use comments::Comment;
pub use fields::{CommentField, PageField, PostField};
pub(crate) use fields::{asks_for_credentials, names};
pub use insights::{Metric, MetricValue, Period};
pub use pages::{
    Business, Category, Page, PageAccount, PageTask, Picture, PictureData, SubscribedApp, User,
};
pub use posts::{Post, Shares};
pub use reactions::{Reaction, ReactionType};
pub use tokens::{GranularScope, PermissionStatus, TokenInfo, TokenInfoError};

social_core::id_type!(
    /// A Facebook Page id (`200000000000001`). Kept as a string: Graph ids do not fit every
    /// integer type and are opaque; read from a JSON string or an integer (older Graph answers
    /// and some webhooks send numbers).
    ///
    /// ```
    /// use social_facebook::models::PageId;
    ///
    /// let id: PageId = serde_json::from_str("200000000000001").unwrap();
    /// assert_eq!(id, PageId::new("200000000000001"));
    /// ```
    PageId
);

/// The fields of a node that no model types (asked for with `field_raw`, aliases made with
/// `.as(…)`), as Graph sent them. Read it like the map it derefs to; its `Debug` redacts every
/// value whose key names a credential (`access_token`, `*_secret`, `*_proof`, at any depth) and
/// every string shaped like a Graph access token, so printing a node never shows a token.
///
/// ```
/// use social_facebook::models::Page;
///
/// let page: Page = serde_json::from_value(serde_json::json!({
///     "id": "200000000000001",
///     "rating_count": 42,
///     "connected_app": {"id": "77", "access_token": "SEKRIT-PAGE-TOKEN"}
/// }))
/// .unwrap();
/// assert_eq!(page.extra["rating_count"], 42);
/// assert_eq!(page.extra["connected_app"]["access_token"], "SEKRIT-PAGE-TOKEN");
/// assert!(!format!("{page:?}").contains("SEKRIT"));
/// ```
#[derive(Clone, Default, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct Extra(BTreeMap<String, Value>);

impl Extra {
    /// The map itself.
    pub fn into_inner(self) -> BTreeMap<String, Value> {
        self.0
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let all = Value::Object(self.0.iter().map(|(k, v)| (k.clone(), v.clone())).collect());
        match crate::redact::redact_value(&all, &[]) {
            Value::Object(shown) => f.debug_map().entries(shown.iter()).finish(),
            _ => f.write_str("{..}"),
        }
    }
}

impl std::ops::Deref for Extra {
    type Target = BTreeMap<String, Value>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl From<BTreeMap<String, Value>> for Extra {
    fn from(map: BTreeMap<String, Value>) -> Self {
        Extra(map)
    }
}

impl IntoIterator for Extra {
    type Item = (String, Value);
    type IntoIter = std::collections::btree_map::IntoIter<String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Extra {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::collections::btree_map::Iter<'a, String, Value>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

/// Anything that names a Graph object (a post, a comment, a photo, a Page): the id types and
/// plain strings. Comments and reactions live on several kinds of object, so their calls take
/// any of them.
///
/// ```
/// use social_core::{CommentId, PostId};
/// use social_facebook::models::ObjectId;
///
/// fn path_of(o: &(impl ObjectId + ?Sized)) -> String { format!("/{}/comments", o.object_id()) }
/// assert_eq!(path_of(&PostId::new("1_2")), "/1_2/comments");
/// assert_eq!(path_of(&CommentId::new("2_3")), "/2_3/comments");
/// assert_eq!(path_of("2_3"), "/2_3/comments");
/// ```
pub trait ObjectId {
    /// The id as Graph writes it.
    fn object_id(&self) -> &str;
}

macro_rules! object_id {
    ($($t:ty),*) => {$(
        impl ObjectId for $t {
            fn object_id(&self) -> &str {
                self.as_str()
            }
        }
    )*};
}
object_id!(PostId, CommentId, social_core::MediaId, PageId, String);

impl ObjectId for str {
    fn object_id(&self) -> &str {
        self
    }
}

/// Reads Graph's timestamps: `2021-08-10T18:45:03+0000` (no colon in the offset, so not RFC
/// 3339), RFC 3339 itself, or Unix seconds. Anything else is `None`, not an error.
///
/// ```
/// use social_facebook::models::parse_graph_time;
///
/// let t = parse_graph_time("2021-08-10T18:45:03+0000").unwrap();
/// assert_eq!(t.to_rfc3339(), "2021-08-10T18:45:03+00:00");
/// assert_eq!(parse_graph_time("1628621103"), Some(t));
/// assert_eq!(parse_graph_time("last tuesday"), None);
/// ```
pub fn parse_graph_time(s: &str) -> Option<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z") {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.with_timezone(&Utc));
    }
    if let Ok(t) = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S") {
        return Some(t.and_utc());
    }
    s.parse::<i64>()
        .ok()
        .and_then(|secs| DateTime::from_timestamp(secs, 0))
}

pub(crate) fn graph_time<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => parse_graph_time(&s),
        Value::Number(n) => n.as_i64().and_then(|s| DateTime::from_timestamp(s, 0)),
        _ => None,
    })
}

/// Reads a list Graph may send as `null` (or omit) as empty.
pub(crate) fn null_as_empty<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

fn lenient_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_u64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// Graph booleans come as `true`, `1` or `"true"` depending on the edge.
fn lenient_bool<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Bool(b) => Some(b),
        Value::Number(n) => n.as_i64().map(|n| n != 0),
        Value::String(s) => match s.as_str() {
            "true" | "1" => Some(true),
            "false" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    })
}

/// Someone (a person or a Page) as Graph names them in `from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Actor {
    /// Their id (may be missing without the MODERATE task).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub id: Option<String>,
    /// Their name.
    #[serde(default)]
    pub name: Option<String>,
}

/// The `summary` of an edge: comments (`total_count`, `order`, `can_comment`), reactions
/// (`total_count`, `viewer_reaction`), likes (`total_count`, `can_like`, `has_liked`).
#[derive(Debug, Clone, Default, Deserialize)]
#[non_exhaustive]
pub struct Summary {
    /// How many there are.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub total_count: Option<u64>,
    /// The order of a comment listing.
    #[serde(default)]
    pub order: Option<String>,
    /// Whether the token may comment.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub can_comment: Option<bool>,
    /// The token's own reaction.
    #[serde(default)]
    pub viewer_reaction: Option<ReactionType>,
    /// Whether the token may like.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub can_like: Option<bool>,
    /// Whether the token liked.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub has_liked: Option<bool>,
}

/// An edge inlined by field expansion (`comments.summary(true).limit(0)`): its items and summary.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Edge<T> {
    /// The items (empty with `limit(0)`).
    #[serde(
        default = "Vec::new",
        deserialize_with = "null_as_empty",
        bound(deserialize = "T: Deserialize<'de>")
    )]
    pub data: Vec<T>,
    /// The summary, when asked for.
    #[serde(default)]
    pub summary: Option<Summary>,
}

impl<T> Edge<T> {
    /// The summary's `total_count`.
    pub fn total(&self) -> Option<u64> {
        self.summary.as_ref().and_then(|s| s.total_count)
    }
}

/// A reference to another node (`{"id": …}`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct NodeRef {
    /// The node id.
    #[serde(deserialize_with = "ids::string_or_integer")]
    pub id: String,
}

/// The answer to a create: the new object's id.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Created {
    /// The new id.
    #[serde(deserialize_with = "ids::string_or_integer")]
    pub id: String,
    /// For a published photo, the feed post that carries it.
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub post_id: Option<String>,
}

/// `{"success": true}`.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct Success {
    #[serde(default, deserialize_with = "lenient_bool")]
    pub(crate) success: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    // Issue 9, case 4: every enum of wire values comes from core's one macro: open ones keep
    // what they do not know and match the known ones in any case, field names keep an escape for
    // any expansion, and request-only values are closed.
    #[test]
    fn case4_graph_enums_are_cores_wire_enums() {
        assert_eq!(ReactionType::from_known("love"), Some(ReactionType::Love));
        assert_eq!(ReactionType::ALL.len(), 10);
        assert_eq!(
            PageTask::from("MANAGE_JOBS"),
            PageTask::Other("MANAGE_JOBS".into())
        );
        assert_eq!(Period::from("DAY"), Period::Day);
        assert_eq!(Period::from("quarter").as_str(), "quarter");
        assert_eq!(PageField::from("fan_count"), PageField::FanCount);
        assert_eq!(
            PostField::from("attachments{media_type,url}").as_str(),
            "attachments{media_type,url}"
        );
        assert_eq!(CommentField::ALL.len(), 12);
        assert_eq!(crate::comments::CommentFilter::Stream.as_str(), "stream");
        assert_eq!(
            crate::comments::CommentOrder::from_known("REVERSE_CHRONOLOGICAL"),
            Some(crate::comments::CommentOrder::ReverseChronological)
        );
        assert_eq!(
            crate::batch::BatchMethod::from_known("delete"),
            Some(crate::batch::BatchMethod::Delete)
        );
        assert_eq!(
            crate::webhooks::FeedItem::from_known("Comment"),
            Some(crate::webhooks::FeedItem::Comment)
        );
        let read: Vec<crate::webhooks::Verb> = serde_json::from_str(r#"["add","pin"]"#).unwrap();
        assert_eq!(
            read,
            [
                crate::webhooks::Verb::Add,
                crate::webhooks::Verb::Other("pin".into())
            ]
        );
    }

    #[test]
    fn unknown_reactions_and_tasks_are_kept() {
        let r: Reaction = serde_json::from_str(r#"{"id":"1","type":"FIRE"}"#).unwrap();
        assert_eq!(r.kind, Some(ReactionType::Other("FIRE".into())));
        let t: PageTask = serde_json::from_str(r#""MANAGE_JOBS""#).unwrap();
        assert_eq!(t.as_str(), "MANAGE_JOBS");
        assert_eq!(ReactionType::from("LOVE"), ReactionType::Love);
    }

    #[test]
    fn post_reads_summaries_aliases_and_graph_times() {
        let p: Post = serde_json::from_value(serde_json::json!({
            "id": "1_2",
            "created_time": "2021-08-10T18:45:03+0000",
            "is_published": 1,
            "comments": {"data": [], "summary": {"total_count": 3, "order": "ranked", "can_comment": true}},
            "reactions": {"data": [], "summary": {"total_count": "7", "viewer_reaction": "NONE"}},
            "love": {"data": [], "summary": {"total_count": 2}},
            "custom_field": "kept"
        }))
        .unwrap();
        assert_eq!(p.comments.as_ref().and_then(Edge::total), Some(3));
        assert_eq!(p.reactions.as_ref().and_then(Edge::total), Some(7));
        assert_eq!(p.alias_total("love"), Some(2));
        assert_eq!(p.is_published, Some(true));
        assert_eq!(p.extra["custom_field"], "kept");
        assert!(p.created_time.is_some());
    }

    #[test]
    fn null_lists_read_as_empty() {
        let a: PageAccount =
            serde_json::from_str(r#"{"id":"1","category_list":null,"tasks":null}"#).unwrap();
        assert!(a.category_list.is_empty() && a.tasks.is_empty());
        let e: Edge<Comment> = serde_json::from_str(r#"{"data":null}"#).unwrap();
        assert!(e.data.is_empty());
    }

    #[test]
    fn page_account_debug_hides_the_token() {
        let a: PageAccount = serde_json::from_str(
            r#"{"id":"1","name":"P","access_token":"SEKRIT-123","tasks":["MODERATE"]}"#,
        )
        .unwrap();
        assert!(!format!("{a:?}").contains("SEKRIT"));
        assert!(a.can(&PageTask::Moderate));
    }
}
