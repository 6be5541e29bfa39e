//! Comments, reactions and social metadata as LinkedIn serves them: the Comments API
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api>),
//! the Reactions API
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/reactions-api>)
//! and the Social Metadata API
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/social-metadata-api>).
//!
//! Counts LinkedIn leaves out stay `None`: "no figure" is never read as zero.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::{Author, EpochMillis};
use crate::urn::{ActivityUrn, CommentParent, CommentUrn, PostUrn, ShareUrn, UgcPostUrn, Urn};

/// What comments, reactions and social metadata are about: a post (share or UGC post), its
/// activity, or a comment (the target of replies and of reactions on a comment).
///
/// ```
/// use social_linkedin::models::SocialEntity;
/// use social_linkedin::urn::{PostUrn, Urn};
///
/// let post: SocialEntity = "urn:li:share:6844785523593134080".parse()?;
/// assert_eq!(post.restli_key(), "urn%3Ali%3Ashare%3A6844785523593134080");
/// let comment: SocialEntity =
///     "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)".parse()?;
/// assert!(matches!(comment, SocialEntity::Comment(_)));
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum SocialEntity {
    /// `urn:li:share:…` or `urn:li:ugcPost:…`.
    Post(PostUrn),
    /// `urn:li:activity:…`.
    Activity(ActivityUrn),
    /// `urn:li:comment:(…,…)`.
    Comment(CommentUrn),
}

impl fmt::Display for SocialEntity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SocialEntity::Post(u) => u.fmt(f),
            SocialEntity::Activity(u) => u.fmt(f),
            SocialEntity::Comment(u) => u.fmt(f),
        }
    }
}

impl std::str::FromStr for SocialEntity {
    type Err = crate::urn::UrnError;

    /// A post, an activity or a comment URN; the error names the post forms.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if let Ok(c) = s.parse::<CommentUrn>() {
            return Ok(SocialEntity::Comment(c));
        }
        if let Ok(a) = s.parse::<ActivityUrn>() {
            return Ok(SocialEntity::Activity(a));
        }
        s.parse::<PostUrn>().map(SocialEntity::Post)
    }
}

impl Urn for SocialEntity {}

impl From<PostUrn> for SocialEntity {
    fn from(u: PostUrn) -> Self {
        SocialEntity::Post(u)
    }
}

impl From<ShareUrn> for SocialEntity {
    fn from(u: ShareUrn) -> Self {
        SocialEntity::Post(u.into())
    }
}

impl From<UgcPostUrn> for SocialEntity {
    fn from(u: UgcPostUrn) -> Self {
        SocialEntity::Post(u.into())
    }
}

impl From<ActivityUrn> for SocialEntity {
    fn from(u: ActivityUrn) -> Self {
        SocialEntity::Activity(u)
    }
}

impl From<CommentUrn> for SocialEntity {
    fn from(u: CommentUrn) -> Self {
        SocialEntity::Comment(u)
    }
}

impl From<CommentParent> for SocialEntity {
    fn from(p: CommentParent) -> Self {
        match p {
            CommentParent::Activity(a) => SocialEntity::Activity(a),
            CommentParent::Post(p) => SocialEntity::Post(p),
        }
    }
}

impl From<&PostUrn> for SocialEntity {
    fn from(u: &PostUrn) -> Self {
        SocialEntity::Post(u.clone())
    }
}

impl From<&CommentUrn> for SocialEntity {
    fn from(u: &CommentUrn) -> Self {
        SocialEntity::Comment(u.clone())
    }
}

impl Serialize for SocialEntity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for SocialEntity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// Who did something and when (`created`, `lastModified`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct AuditStamp {
    /// The member or page that acted.
    #[serde(default)]
    pub actor: Option<String>,
    /// The member who acted for a page (`impersonator`).
    #[serde(default)]
    pub impersonator: Option<String>,
    /// When.
    #[serde(default)]
    pub time: Option<EpochMillis>,
}

/// The text of a comment (`message`): little text, with the mentions LinkedIn resolved in
/// `attributes`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CommentMessage {
    /// The text.
    #[serde(default)]
    pub text: String,
    /// The mentions and links LinkedIn found in it, untyped.
    #[serde(default)]
    pub attributes: Vec<Value>,
}

/// A comment, as the Comments API serves it.
///
/// ```
/// use social_linkedin::models::Comment;
///
/// // The shape of the Comments API page's example.
/// let c: Comment = serde_json::from_str(r#"{
///   "actor": "urn:li:person:Hd7uO4cTUm",
///   "commentUrn": "urn:li:comment:(urn:li:activity:6631349431612559360,6636062862760562688)",
///   "created": {"actor": "urn:li:person:Hd7uO4cTUm", "time": 1581982580829},
///   "id": "6636062862760562688",
///   "lastModified": {"actor": "urn:li:person:Hd7uO4cTUm", "time": 1581982580829},
///   "message": {"attributes": [], "text": "Nice post!"},
///   "object": "urn:li:activity:6631349431612559360"
/// }"#).unwrap();
/// assert_eq!(c.text(), "Nice post!");
/// assert_eq!(c.urn().unwrap().id(), "6636062862760562688");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Comment {
    /// The comment's own id (the second part of its URN).
    #[serde(default)]
    pub id: Option<String>,
    /// The comment's URN, as sent (see [`urn`](Self::urn)).
    #[serde(default)]
    pub comment_urn: Option<String>,
    /// Who wrote it: a member or a page.
    #[serde(default)]
    pub actor: Option<Author>,
    /// The member who wrote it for a page.
    #[serde(default)]
    pub agent: Option<String>,
    /// What it is about: the post or activity.
    #[serde(default)]
    pub object: Option<String>,
    /// The comment it answers, for a reply.
    #[serde(default)]
    pub parent_comment: Option<String>,
    /// Its text.
    #[serde(default)]
    pub message: Option<CommentMessage>,
    /// Images attached, untyped.
    #[serde(default)]
    pub content: Vec<Value>,
    /// When and by whom it was written.
    #[serde(default)]
    pub created: Option<AuditStamp>,
    /// When and by whom it was last changed.
    #[serde(default)]
    pub last_modified: Option<AuditStamp>,
    /// Fields not typed here (`likesSummary`, `commentsSummary`, `$URN`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Comment {
    /// The comment's URN: `commentUrn`, else `$URN`, else built from `object` and `id`.
    pub fn urn(&self) -> Option<CommentUrn> {
        let sent = self
            .comment_urn
            .as_deref()
            .or_else(|| self.extra.get("$URN").and_then(Value::as_str));
        if let Some(urn) = sent.and_then(|s| s.parse().ok()) {
            return Some(urn);
        }
        let object = self.object.as_deref()?;
        let parent = match object.parse::<ActivityUrn>() {
            Ok(a) => CommentParent::Activity(a),
            Err(_) => CommentParent::Post(object.parse().ok()?),
        };
        CommentUrn::new(parent, self.id.clone()?).ok()
    }

    /// Its text (empty when LinkedIn sent none).
    pub fn text(&self) -> &str {
        self.message.as_ref().map_or("", |m| m.text.as_str())
    }
}

social_core::wire_enum! {
    /// The six reactions of the Reactions API (`reactionType`); the names the LinkedIn
    /// interface shows are in each variant's docs.
    pub enum ReactionType {
        /// "Like".
        Like = "LIKE",
        /// "Celebrate".
        Praise = "PRAISE",
        /// "Love".
        Empathy = "EMPATHY",
        /// "Insightful".
        Interest = "INTEREST",
        /// "Support".
        Appreciation = "APPRECIATION",
        /// "Funny".
        Entertainment = "ENTERTAINMENT",
        _ => Unknown,
    }
}

/// A reaction, as the Reactions API serves it.
///
/// ```
/// use social_linkedin::models::{Reaction, ReactionType};
///
/// let r: Reaction = serde_json::from_str(r#"{
///   "id": "urn:li:reaction:(urn:li:person:Hd7uO4cTUm,urn:li:activity:6631349431612559360)",
///   "reactionType": "PRAISE",
///   "created": {"actor": "urn:li:person:Hd7uO4cTUm", "time": 1581982580829},
///   "root": "urn:li:activity:6631349431612559360"
/// }"#).unwrap();
/// assert_eq!(r.reaction_type, Some(ReactionType::Praise));
/// assert_eq!(r.actor(), Some("urn:li:person:Hd7uO4cTUm"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Reaction {
    /// `urn:li:reaction:({actor},{entity})`.
    #[serde(default)]
    pub id: Option<String>,
    /// The reaction.
    #[serde(default)]
    pub reaction_type: Option<ReactionType>,
    /// What was reacted to.
    #[serde(default)]
    pub root: Option<String>,
    /// When and by whom.
    #[serde(default)]
    pub created: Option<AuditStamp>,
    /// When it last changed.
    #[serde(default)]
    pub last_modified: Option<AuditStamp>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Reaction {
    /// Who reacted (`created.actor`).
    pub fn actor(&self) -> Option<&str> {
        self.created.as_ref().and_then(|c| c.actor.as_deref())
    }
}

social_core::wire_enum! {
    /// Whether a post takes comments (`commentsState`).
    pub enum CommentsState {
        /// Open to comments.
        Open = "OPEN",
        /// Closed: no new comments.
        Closed = "CLOSED",
        _ => Unknown,
    }
}

/// One entry of `reactionSummaries`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReactionSummary {
    /// The reaction.
    #[serde(default)]
    pub reaction_type: Option<ReactionType>,
    /// How many.
    #[serde(default)]
    pub count: Option<u64>,
}

/// `commentSummary`: every comment (replies included) and the top-level ones.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CommentSummary {
    /// Every comment, replies included.
    #[serde(default)]
    pub count: Option<u64>,
    /// Comments on the post itself, replies left out.
    #[serde(default)]
    pub top_level_count: Option<u64>,
}

/// What the Social Metadata API says about a post or comment: how it did.
///
/// ```
/// use social_linkedin::models::{ReactionType, SocialMetadata};
///
/// let m: SocialMetadata = serde_json::from_str(r#"{
///   "reactionSummaries": {
///     "LIKE": {"reactionType": "LIKE", "count": 12},
///     "PRAISE": {"reactionType": "PRAISE", "count": 3}
///   },
///   "commentsState": "OPEN",
///   "commentSummary": {"count": 5, "topLevelCount": 4},
///   "entity": "urn:li:share:6844785523593134080"
/// }"#).unwrap();
/// assert_eq!(m.reactions(&ReactionType::Like), Some(12));
/// assert_eq!(m.reactions(&ReactionType::Empathy), None); // not sent: no figure, not zero
/// assert_eq!(m.total_reactions(), Some(15));
/// assert_eq!(m.comments(), Some(5));
/// assert_eq!(m.top_level_comments(), Some(4));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SocialMetadata {
    /// The post or comment.
    #[serde(default)]
    pub entity: Option<String>,
    /// Per reaction type (the map's key is the type as sent).
    #[serde(default)]
    pub reaction_summaries: Option<BTreeMap<String, ReactionSummary>>,
    /// The comment counts.
    #[serde(default)]
    pub comment_summary: Option<CommentSummary>,
    /// Whether it takes comments.
    #[serde(default)]
    pub comments_state: Option<CommentsState>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl SocialMetadata {
    /// The count of one reaction type, when LinkedIn gave one.
    pub fn reactions(&self, kind: &ReactionType) -> Option<u64> {
        self.reaction_summaries.as_ref()?.get(kind.as_str())?.count
    }

    /// Every reaction: the sum of the counts LinkedIn sent; `None` without
    /// `reactionSummaries` or when one of its entries has no count.
    pub fn total_reactions(&self) -> Option<u64> {
        self.reaction_summaries
            .as_ref()?
            .values()
            .try_fold(0u64, |sum, s| s.count.map(|c| sum.saturating_add(c)))
    }

    /// Every comment, replies included (`commentSummary.count`).
    pub fn comments(&self) -> Option<u64> {
        self.comment_summary.as_ref()?.count
    }

    /// Top-level comments (`commentSummary.topLevelCount`).
    pub fn top_level_comments(&self) -> Option<u64> {
        self.comment_summary.as_ref()?.top_level_count
    }
}

/// The answer of a batch read of social metadata: per entity URN, its metadata, or the error
/// LinkedIn gave for it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SocialMetadataBatch {
    /// The metadata read, by entity URN.
    #[serde(default)]
    pub results: BTreeMap<String, SocialMetadata>,
    /// The entities LinkedIn could not read, with its error, untyped.
    #[serde(default)]
    pub errors: BTreeMap<String, Value>,
}
