//! The X API v2 wire models: lenient (fields the API may omit are `Option`, lists default to
//! empty, unknown fields ignored), ids as strings, and the response envelope that keeps
//! `includes`, partial `errors` and `meta`.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use social_core::{MediaId, PostId, UserId};

mod fields;

pub use fields::{
    Expansion, MediaField, MediaType, PollField, ProcessingState, ReferenceType, TweetField,
    UserField, VotingStatus,
};

/// The v2 envelope: `data`, the expanded objects in `includes`, partial `errors` (a 200 can
/// carry them: they are kept, never turned into a failure) and paging `meta`.
/// [`into_data`](XResponse::into_data) gives the object asked for, or the error X sent instead.
///
/// ```
/// let body = r#"{"data":[{"id":"123","text":"Hello"}],
///   "errors":[{"resource_id":"456","resource_type":"tweet","title":"Not Found Error",
///              "detail":"Could not find tweet with id: [456].",
///              "type":"https://api.x.com/2/problems/resource-not-found"}]}"#;
/// let resp: social_twitter::models::XResponse<Vec<social_twitter::models::Tweet>> = serde_json::from_str(body).unwrap();
/// assert_eq!(resp.data.unwrap().len(), 1);
/// assert_eq!(resp.errors[0].resource_id.as_deref(), Some("456"));
/// ```
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct XResponse<T> {
    /// The object or list asked for; absent when nothing matched.
    pub data: Option<T>,
    /// Objects referenced from `data`, expanded on request.
    #[serde(default)]
    pub includes: Includes,
    /// Problems with part of the request (missing ids, fields not authorised…).
    #[serde(default)]
    pub errors: Vec<Problem>,
    /// Paging and result information, on lists.
    pub meta: Option<Meta>,
}

impl<T> Default for XResponse<T> {
    fn default() -> Self {
        XResponse {
            data: None,
            includes: Includes::default(),
            errors: Vec::new(),
            meta: None,
        }
    }
}

impl<T> XResponse<T> {
    /// The cursor of the next page, if any.
    pub fn next_token(&self) -> Option<&str> {
        self.meta.as_ref().and_then(|m| m.next_token.as_deref())
    }

    // `into_data`, which turns a partial problem into the error it stands for, is in
    // `error.rs` with the rest of the error mapping.
}

/// What a page of a listing carries beside its items: the rest of X's envelope
/// ([`XResponse`] without `data`). It is the [`extra`](social_core::Page::extra) of the pages of
/// [`ListBuilder`](crate::list::ListBuilder).
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct PageExtra {
    /// Objects referenced from the page's items, expanded on request.
    pub includes: Includes,
    /// Problems with part of the request (items not authorised, missing ids…).
    pub errors: Vec<Problem>,
    /// Paging and result information (`result_count`, `next_token`, `newest_id`…).
    pub meta: Option<Meta>,
}

/// Expanded objects referenced from `data`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Includes {
    /// Users (authors, mentioned users…).
    #[serde(default)]
    pub users: Vec<User>,
    /// Posts (quoted, replied to…).
    #[serde(default)]
    pub tweets: Vec<Tweet>,
    /// Media attached to posts.
    #[serde(default)]
    pub media: Vec<Media>,
    /// Polls.
    #[serde(default)]
    pub polls: Vec<Poll>,
    /// Places, as raw JSON.
    #[serde(default)]
    pub places: Vec<serde_json::Value>,
}

impl Includes {
    /// The included user with this id.
    pub fn user(&self, id: &UserId) -> Option<&User> {
        self.users.iter().find(|u| &u.id == id)
    }

    /// The included post with this id.
    pub fn tweet(&self, id: &PostId) -> Option<&Tweet> {
        self.tweets.iter().find(|t| &t.id == id)
    }

    /// Adds another page's includes, skipping objects already present.
    pub fn merge(&mut self, other: Includes) {
        for u in other.users {
            if self.user(&u.id).is_none() {
                self.users.push(u);
            }
        }
        for t in other.tweets {
            if self.tweet(&t.id).is_none() {
                self.tweets.push(t);
            }
        }
        for m in other.media {
            if !self.media.iter().any(|x| x.media_key == m.media_key) {
                self.media.push(m);
            }
        }
        for p in other.polls {
            if !self.polls.iter().any(|x| x.id == p.id) {
                self.polls.push(p);
            }
        }
        self.places.extend(other.places);
    }
}

/// Paging and result information.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Meta {
    /// Items in this page.
    pub result_count: Option<u64>,
    /// Cursor of the next page (send it back as `pagination_token`).
    pub next_token: Option<String>,
    /// Cursor of the previous page.
    pub previous_token: Option<String>,
    /// Newest post id in the page (timelines, search).
    pub newest_id: Option<PostId>,
    /// Oldest post id in the page (timelines, search).
    pub oldest_id: Option<PostId>,
}

/// A problem (RFC 7807), in an error response or as a partial error of a 200.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Problem {
    /// The problem type URI (`https://api.x.com/2/problems/resource-not-found`, `about:blank`).
    #[serde(rename = "type")]
    pub kind: Option<String>,
    /// Short title.
    pub title: Option<String>,
    /// Details.
    pub detail: Option<String>,
    /// HTTP status, when given.
    pub status: Option<u16>,
    /// The resource concerned (partial errors).
    pub resource_id: Option<String>,
    /// Its type (`tweet`, `user`…).
    pub resource_type: Option<String>,
    /// The parameter concerned.
    pub parameter: Option<String>,
    /// The value concerned.
    pub value: Option<serde_json::Value>,
    /// v1.1-style message (`{"errors":[{"code":88,"message":"…"}]}`).
    pub message: Option<String>,
    /// v1.1-style code.
    pub code: Option<i64>,
}

impl Problem {
    /// The last path segment of the type URI (`resource-not-found`), whatever the host.
    pub fn type_suffix(&self) -> Option<&str> {
        self.kind
            .as_deref()
            .map(|k| k.rsplit('/').next().unwrap_or(k))
    }
}

/// A post (formerly "tweet").
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Tweet {
    /// Id.
    pub id: PostId,
    /// Text.
    #[serde(default)]
    pub text: String,
    /// Creation time (`tweet.fields=created_at`).
    pub created_at: Option<DateTime<Utc>>,
    /// Author (`author_id`).
    pub author_id: Option<UserId>,
    /// The conversation (thread root) id.
    pub conversation_id: Option<PostId>,
    /// The user replied to.
    pub in_reply_to_user_id: Option<UserId>,
    /// Posts this one replies to, quotes or reposts.
    #[serde(default)]
    pub referenced_tweets: Vec<ReferencedTweet>,
    /// Counts.
    pub public_metrics: Option<TweetMetrics>,
    /// Attached media keys and poll ids.
    pub attachments: Option<Attachments>,
    /// Language (BCP 47).
    pub lang: Option<String>,
    /// Who may reply.
    pub reply_settings: Option<String>,
    /// The ids of every version of the post.
    #[serde(default)]
    pub edit_history_tweet_ids: Vec<PostId>,
    /// Entities (mentions, hashtags, URLs) as raw JSON.
    pub entities: Option<serde_json::Value>,
}

/// A reference from a post to another one.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ReferencedTweet {
    /// `replied_to`, `quoted` or `retweeted`.
    #[serde(rename = "type")]
    pub kind: ReferenceType,
    /// The referenced post.
    pub id: PostId,
}

/// A post's public counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct TweetMetrics {
    /// Reposts.
    #[serde(default)]
    pub retweet_count: u64,
    /// Replies.
    #[serde(default)]
    pub reply_count: u64,
    /// Likes.
    #[serde(default)]
    pub like_count: u64,
    /// Quotes.
    #[serde(default)]
    pub quote_count: u64,
    /// Bookmarks, when given.
    pub bookmark_count: Option<u64>,
    /// Impressions, when given.
    pub impression_count: Option<u64>,
}

/// A post's attachments.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Attachments {
    /// Media keys (see `includes.media`).
    #[serde(default)]
    pub media_keys: Vec<String>,
    /// Poll ids (see `includes.polls`).
    #[serde(default)]
    pub poll_ids: Vec<String>,
}

/// A user.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct User {
    /// Id.
    pub id: UserId,
    /// Handle, without `@`.
    pub username: String,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// Bio.
    pub description: Option<String>,
    /// Account creation time.
    pub created_at: Option<DateTime<Utc>>,
    /// Verified badge.
    pub verified: Option<bool>,
    /// Protected (followers must be approved).
    pub protected: Option<bool>,
    /// Avatar URL.
    pub profile_image_url: Option<String>,
    /// Website.
    pub url: Option<String>,
    /// Location, as the user wrote it.
    pub location: Option<String>,
    /// Pinned post.
    pub pinned_tweet_id: Option<PostId>,
    /// Counts.
    pub public_metrics: Option<UserMetrics>,
}

/// A user's public counts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct UserMetrics {
    /// Followers.
    #[serde(default)]
    pub followers_count: u64,
    /// Accounts followed.
    #[serde(default)]
    pub following_count: u64,
    /// Posts.
    #[serde(default)]
    pub tweet_count: u64,
    /// Lists the user is on.
    #[serde(default)]
    pub listed_count: u64,
    /// Likes given, when given.
    pub like_count: Option<u64>,
}

/// Media attached to a post.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Media {
    /// The media key.
    pub media_key: String,
    /// `photo`, `video` or `animated_gif`.
    #[serde(rename = "type")]
    pub kind: Option<MediaType>,
    /// URL (photos).
    pub url: Option<String>,
    /// Preview image (videos).
    pub preview_image_url: Option<String>,
    /// Alternative text.
    pub alt_text: Option<String>,
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
}

/// A poll.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct Poll {
    /// Id.
    pub id: String,
    /// Options and their votes.
    #[serde(default)]
    pub options: Vec<PollOption>,
    /// Duration.
    pub duration_minutes: Option<u32>,
    /// End time.
    pub end_datetime: Option<DateTime<Utc>>,
    /// `open` or `closed`.
    pub voting_status: Option<VotingStatus>,
}

/// A poll option.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct PollOption {
    /// 1-based position.
    pub position: u32,
    /// Label.
    pub label: String,
    /// Votes.
    #[serde(default)]
    pub votes: u64,
}

/// The answer to a create-post request.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct CreatedTweet {
    /// The new post's id.
    pub id: PostId,
    /// Its text, as X stored it.
    #[serde(default)]
    pub text: String,
    /// Version ids.
    #[serde(default)]
    pub edit_history_tweet_ids: Vec<PostId>,
}

/// The answer to follow/unfollow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct FollowState {
    /// Following now.
    #[serde(default)]
    pub following: bool,
    /// Waiting for a protected account's approval.
    #[serde(default)]
    pub pending_follow: bool,
}

/// An uploaded media's state.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct MediaUpload {
    /// The media id to attach to a post.
    pub id: MediaId,
    /// The media key.
    pub media_key: Option<String>,
    /// Seconds before the upload expires.
    pub expires_after_secs: Option<u64>,
    /// Size in bytes.
    pub size: Option<u64>,
    /// Server-side processing (videos, GIFs).
    pub processing_info: Option<ProcessingInfo>,
}

/// Server-side processing of an upload.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[non_exhaustive]
pub struct ProcessingInfo {
    /// `pending`, `in_progress`, `succeeded` or `failed`.
    pub state: ProcessingState,
    /// When to ask again.
    pub check_after_secs: Option<u64>,
    /// Progress.
    pub progress_percent: Option<u32>,
    /// Why it failed.
    pub error: Option<serde_json::Value>,
}
