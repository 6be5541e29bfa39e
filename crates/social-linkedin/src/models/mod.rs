//! The wire types of LinkedIn's API, read leniently: fields the API may leave out are
//! `Option`, lists default to empty, enums LinkedIn may extend keep an `Unknown` variant with
//! the text as sent, and fields not typed here are kept in `extra`.
//!
//! Times are LinkedIn's epoch milliseconds, typed as [`EpochMillis`].

mod media;
mod organizations;
mod posts;
mod social;
mod statistics;
mod tokens;
mod userinfo;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use media::{
    DocumentUploadTicket, ImageUploadTicket, MediaAsset, MediaStatus, UploadInstruction,
    VideoUploadTicket, url_without_query,
};
pub use organizations::{AclState, NetworkSize, Organization, OrganizationAcl, OrganizationRole};
pub use posts::{
    Article, Author, Content, Distribution, FeedDistribution, LifecycleState, Media, Paging, Poll,
    PollDuration, PollOption, PollSettings, Post, ReshareContext, Visibility,
};
pub use social::{
    AuditStamp, Comment, CommentMessage, CommentSummary, CommentsState, Reaction, ReactionSummary,
    ReactionType, SocialEntity, SocialMetadata, SocialMetadataBatch,
};
pub use statistics::{
    FollowerCounts, FollowerFacet, FollowerGains, FollowerStatistics, MemberFollowersCount,
    MemberPostAnalytic, PageStatistics, PageViews, ShareStatistics, TimeRange, TotalPageStatistics,
    TotalShareStatistics,
};
pub use tokens::{AuthType, Introspection, TokenStatus};
pub use userinfo::{Locale, UserInfo};

/// A time as LinkedIn writes it: milliseconds since the Unix epoch.
///
/// ```
/// use social_linkedin::models::EpochMillis;
///
/// let t: EpochMillis = serde_json::from_str("1640995200000").unwrap();
/// assert_eq!(t.to_utc().unwrap().to_rfc3339(), "2022-01-01T00:00:00+00:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpochMillis(pub i64);

impl EpochMillis {
    /// The time, when it is one chrono can hold.
    pub fn to_utc(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.0)
    }
}
