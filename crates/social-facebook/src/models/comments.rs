//! Comments (<https://developers.facebook.com/docs/graph-api/reference/comment/>).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use social_core::CommentId;

use super::{Actor, Extra, NodeRef, graph_time, lenient_bool, lenient_u64};

/// A comment (`/{object-id}/comments`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Comment {
    /// `{post-id}_{comment-id}`.
    pub id: CommentId,
    /// The text.
    #[serde(default)]
    pub message: Option<String>,
    /// The author (needs a Page token with the MODERATE task).
    #[serde(default)]
    pub from: Option<Actor>,
    /// When it was written.
    #[serde(default, deserialize_with = "graph_time")]
    pub created_time: Option<DateTime<Utc>>,
    /// Likes on the comment.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub like_count: Option<u64>,
    /// Replies to the comment.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub comment_count: Option<u64>,
    /// Whether the Page hid it.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_hidden: Option<bool>,
    /// Whether the token may hide it.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub can_hide: Option<bool>,
    /// Whether the token may delete it.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub can_remove: Option<bool>,
    /// The comment it answers (replies only).
    #[serde(default)]
    pub parent: Option<NodeRef>,
    /// Its URL.
    #[serde(default)]
    pub permalink_url: Option<String>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Extra,
}
