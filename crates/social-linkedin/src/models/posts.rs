//! A post of the Posts API, as LinkedIn serves it
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/post-api-schema>).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use super::EpochMillis;
use crate::urn::{OrganizationUrn, PersonUrn, PostUrn};

/// Who a post is published as: the member (`urn:li:person:…`) or a page
/// (`urn:li:organization:…`). Any other author URN LinkedIn sends is kept as `Other`.
///
/// ```
/// use social_linkedin::models::Author;
/// use social_linkedin::urn::OrganizationUrn;
///
/// let author: Author = OrganizationUrn::new("2414183")?.into();
/// assert_eq!(author.to_string(), "urn:li:organization:2414183");
/// let read: Author = serde_json::from_str(r#""urn:li:person:-f_Ut43FoQ""#).unwrap();
/// assert!(matches!(read, Author::Person(_)));
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Author {
    /// A member.
    Person(PersonUrn),
    /// A company page.
    Organization(OrganizationUrn),
    /// Another author URN (an organization brand…), as sent.
    Other(String),
}

impl Author {
    /// The URN's text.
    pub fn as_urn(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Author::Person(p) => p.fmt(f),
            Author::Organization(o) => o.fmt(f),
            Author::Other(s) => f.write_str(s),
        }
    }
}

impl From<PersonUrn> for Author {
    fn from(p: PersonUrn) -> Self {
        Author::Person(p)
    }
}

impl From<OrganizationUrn> for Author {
    fn from(o: OrganizationUrn) -> Self {
        Author::Organization(o)
    }
}

impl Serialize for Author {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Author {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        if let Ok(p) = text.parse::<PersonUrn>() {
            return Ok(Author::Person(p));
        }
        if let Ok(o) = text.parse::<OrganizationUrn>() {
            return Ok(Author::Organization(o));
        }
        Ok(Author::Other(text))
    }
}

social_core::wire_enum! {
    /// Who may see a post (`visibility`, the documented `MemberNetworkVisibility` values).
    pub enum Visibility {
        /// Anyone, on or off LinkedIn.
        Public = "PUBLIC",
        /// The author's first-degree connections (member posts).
        Connections = "CONNECTIONS",
        /// Members signed in to LinkedIn.
        LoggedIn = "LOGGED_IN",
        /// The members of the post's container (a group).
        Container = "CONTAINER",
        _ => Unknown,
    }
}

social_core::wire_enum! {
    /// Where a post is in its life (`lifecycleState`).
    pub enum LifecycleState {
        /// Saved, not published (visible to its author with `viewContext=AUTHOR`).
        Draft = "DRAFT",
        /// Published.
        Published = "PUBLISHED",
        /// Asked for, and being published.
        PublishRequested = "PUBLISH_REQUESTED",
        /// Publishing failed.
        PublishFailed = "PUBLISH_FAILED",
        _ => Unknown,
    }
}

social_core::wire_enum! {
    /// Whether a post goes to the feed (`distribution.feedDistribution`).
    pub enum FeedDistribution {
        /// The main feed: an ordinary post.
        MainFeed = "MAIN_FEED",
        /// Nowhere (a "dark" post, for ads).
        None = "NONE",
        _ => Unknown,
    }
}

social_core::wire_enum! {
    /// How long a poll takes votes (the Poll API: one day, three days, one week or two weeks,
    /// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/poll-post-api>).
    pub enum PollDuration {
        /// One day.
        OneDay = "ONE_DAY",
        /// Three days.
        ThreeDays = "THREE_DAYS",
        /// One week.
        SevenDays = "SEVEN_DAYS",
        /// Two weeks.
        FourteenDays = "FOURTEEN_DAYS",
        _ => Unknown,
    }
}

/// How a post is distributed.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Distribution {
    /// The feed it goes to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub feed_distribution: Option<FeedDistribution>,
    /// Targeting (organization posts), as sent.
    #[serde(default)]
    pub target_entities: Vec<Value>,
    /// Channels outside LinkedIn, as sent.
    #[serde(default)]
    pub third_party_distribution_channels: Vec<Value>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a post reshares.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ReshareContext {
    /// The post reshared.
    #[serde(default)]
    pub parent: Option<PostUrn>,
    /// The first post of the reshare chain, when LinkedIn says.
    #[serde(default)]
    pub root: Option<PostUrn>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// An article (a link with the preview given by the author: the versioned API does not scrape
/// link previews).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Article {
    /// The address.
    #[serde(default)]
    pub source: Option<String>,
    /// The title.
    #[serde(default)]
    pub title: Option<String>,
    /// The description.
    #[serde(default)]
    pub description: Option<String>,
    /// The thumbnail (an uploaded image's URN, as sent).
    #[serde(default)]
    pub thumbnail: Option<String>,
    /// The thumbnail's alternative text.
    #[serde(default)]
    pub thumbnail_alt_text: Option<String>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One image, video or document of a post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Media {
    /// Its URN (`urn:li:image:…`, `urn:li:video:…`, `urn:li:document:…`), as sent.
    #[serde(default)]
    pub id: Option<String>,
    /// Its title (videos, documents).
    #[serde(default)]
    pub title: Option<String>,
    /// Its alternative text (images).
    #[serde(default)]
    pub alt_text: Option<String>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One answer of a poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PollOption {
    /// The text.
    #[serde(default)]
    pub text: Option<String>,
    /// Votes so far, when LinkedIn says.
    #[serde(default)]
    pub vote_count: Option<u64>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A poll's settings.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PollSettings {
    /// How long it takes votes.
    #[serde(default)]
    pub duration: Option<PollDuration>,
    /// Fields not typed here (`voteSelectionType`, `isVoterVisibleToAuthor`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A poll.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Poll {
    /// The question.
    #[serde(default)]
    pub question: Option<String>,
    /// The answers (2 to 4).
    #[serde(default)]
    pub options: Vec<PollOption>,
    /// Its settings.
    #[serde(default)]
    pub settings: Option<PollSettings>,
    /// Members who voted, when LinkedIn says.
    #[serde(default)]
    pub unique_voters_count: Option<u64>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// What a post carries besides its commentary: one of these is set.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Content {
    /// An image, a video or a document.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media: Option<Media>,
    /// An article (a link).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub article: Option<Article>,
    /// A poll.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub poll: Option<Poll>,
    /// Several images (`multiImage`), as sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multi_image: Option<Value>,
    /// Other content (`celebration`, `carousel`…), as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A post.
///
/// ```
/// use social_linkedin::models::{LifecycleState, Post, Visibility};
///
/// // The shape of the Posts API's "Get Posts" sample answer.
/// let post: Post = serde_json::from_value(serde_json::json!({
///     "id": "urn:li:share:6844785523593134080",
///     "author": "urn:li:organization:2414183",
///     "commentary": "Sample text Post",
///     "visibility": "PUBLIC",
///     "lifecycleState": "PUBLISHED",
///     "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
///     "isReshareDisabledByAuthor": false,
///     "createdAt": 1631742093000u64,
///     "lastModifiedAt": 1631742093000u64,
///     "publishedAt": 1631742093000u64,
///     "lifecycleStateInfo": {"isEditedByAuthor": false}
/// })).unwrap();
/// assert_eq!(post.visibility, Some(Visibility::Public));
/// assert_eq!(post.lifecycle_state, Some(LifecycleState::Published));
/// assert!(post.extra.contains_key("lifecycleStateInfo"));
/// ```
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Post {
    /// Its URN.
    #[serde(default)]
    pub id: Option<PostUrn>,
    /// Who published it.
    #[serde(default)]
    pub author: Option<Author>,
    /// Its text, in little text (see [`crate::text`]).
    #[serde(default)]
    pub commentary: Option<String>,
    /// Who may see it.
    #[serde(default)]
    pub visibility: Option<Visibility>,
    /// Where it is in its life.
    #[serde(default)]
    pub lifecycle_state: Option<LifecycleState>,
    /// How it is distributed.
    #[serde(default)]
    pub distribution: Option<Distribution>,
    /// What it carries.
    #[serde(default)]
    pub content: Option<Content>,
    /// What it reshares.
    #[serde(default)]
    pub reshare_context: Option<ReshareContext>,
    /// Whether others may reshare it.
    #[serde(default)]
    pub is_reshare_disabled_by_author: Option<bool>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<EpochMillis>,
    /// When it was last changed.
    #[serde(default)]
    pub last_modified_at: Option<EpochMillis>,
    /// When it was published.
    #[serde(default)]
    pub published_at: Option<EpochMillis>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The paging of a Rest.li collection (`start`, `count`, `total`, `links`). `total` is not to
/// be relied on: some finders report 0.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Paging {
    /// The index of the first element.
    #[serde(default)]
    pub start: Option<u64>,
    /// The page size asked for.
    #[serde(default)]
    pub count: Option<u64>,
    /// The total, when the finder gives one.
    #[serde(default)]
    pub total: Option<u64>,
    /// Links to other pages, as sent.
    #[serde(default)]
    pub links: Vec<Value>,
}
