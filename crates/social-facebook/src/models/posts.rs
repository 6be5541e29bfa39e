//! Page posts (<https://developers.facebook.com/docs/graph-api/reference/post/>).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use social_core::PostId;

use super::{Actor, Comment, Edge, Extra, Reaction, graph_time, lenient_bool, lenient_u64};

/// The share count of a post.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Shares {
    /// How many times the post was shared.
    #[serde(default, deserialize_with = "lenient_u64")]
    pub count: Option<u64>,
}

/// A Page post (`/{page-id}/feed`, `GET /{post-id}`).
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct Post {
    /// `{page-id}_{post-id}`.
    pub id: PostId,
    /// The text.
    #[serde(default)]
    pub message: Option<String>,
    /// When it was created.
    #[serde(default, deserialize_with = "graph_time")]
    pub created_time: Option<DateTime<Utc>>,
    /// When it was last changed.
    #[serde(default, deserialize_with = "graph_time")]
    pub updated_time: Option<DateTime<Utc>>,
    /// Its URL on Facebook.
    #[serde(default)]
    pub permalink_url: Option<String>,
    /// The full-size picture, if any.
    #[serde(default)]
    pub full_picture: Option<String>,
    /// `mobile_status_update`, `added_photos`, `shared_story`… (open-ended).
    #[serde(default)]
    pub status_type: Option<String>,
    /// Whether it is published (false for scheduled and draft posts).
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_published: Option<bool>,
    /// Whether the Page hid it from its timeline.
    #[serde(default, deserialize_with = "lenient_bool")]
    pub is_hidden: Option<bool>,
    /// When a scheduled post goes out.
    #[serde(default, deserialize_with = "graph_time")]
    pub scheduled_publish_time: Option<DateTime<Utc>>,
    /// Who posted it (the Page, or a visitor).
    #[serde(default)]
    pub from: Option<Actor>,
    /// Shares.
    #[serde(default)]
    pub shares: Option<Shares>,
    /// Comments, when expanded (`comments.summary(true).limit(0)`).
    #[serde(default)]
    pub comments: Option<Edge<Comment>>,
    /// Reactions, when expanded (`reactions.summary(total_count).limit(0)`).
    #[serde(default)]
    pub reactions: Option<Edge<Reaction>>,
    /// Fields not typed here (aliases made with `.as(…)` land here).
    #[serde(flatten)]
    pub extra: Extra,
}

impl Post {
    /// The `summary.total_count` of an edge expanded under an alias
    /// (`reactions.type(LOVE).limit(0).summary(total_count).as(love)` → `alias_total("love")`).
    pub fn alias_total(&self, alias: &str) -> Option<u64> {
        let v = self.extra.get(alias)?.pointer("/summary/total_count")?;
        v.as_u64().or_else(|| v.as_str()?.trim().parse().ok())
    }
}
