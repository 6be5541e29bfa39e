//! LinkedIn URNs as types.
//!
//! LinkedIn names every entity with a URN, `urn:{namespace}:{entityType}:{id}`, at most 255
//! characters long (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/urns>).
//! Each type here parses (`FromStr`) and prints (`Display`) the full `urn:li:…` form, and
//! (de)serializes as that string, so a model field typed `PersonUrn` reads and writes the JSON
//! LinkedIn sends.
//!
//! | type | form | id |
//! |---|---|---|
//! | [`PersonUrn`] | `urn:li:person:{id}` | the member id (the OpenID `sub`), e.g. `-f_Ut43FoQ` |
//! | [`OrganizationUrn`] | `urn:li:organization:{id}` | digits |
//! | [`ShareUrn`] / [`UgcPostUrn`], as one [`PostUrn`] | `urn:li:share:{id}` / `urn:li:ugcPost:{id}` | digits |
//! | [`ActivityUrn`] | `urn:li:activity:{id}` | digits |
//! | [`ImageUrn`], [`VideoUrn`], [`DocumentUrn`] | `urn:li:image:{id}`… | e.g. `C4E10AQFoyyAjHPMQuQ` |
//! | [`CommentUrn`] | `urn:li:comment:({activity or post URN},{comment id})` | digits |
//!
//! Digits-only ids are checked as digits; the other ids may hold ASCII letters, digits, `-` and
//! `_` (the alphabet of every member and media id in LinkedIn's documentation). Anything else is
//! a [`UrnError`] naming what was expected.
//!
//! **In paths**, a URN is one Rest.li key: [`Urn::restli_key`] encodes it completely through
//! [`restli::encode`], as protocol 2.0 requires (`urn:li:share:1` →
//! `urn%3Ali%3Ashare%3A1`, and the `(`, `,`, `)` of a comment URN too). A compound key of
//! several URNs is built from [`Urn::to_value`] and encoded by [`restli::encode`] as a whole:
//!
//! ```
//! use serde_json::json;
//! use social_linkedin::restli;
//! use social_linkedin::urn::{CommentUrn, PersonUrn, PostUrn, Urn};
//!
//! let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
//! assert_eq!(post.restli_key(), "urn%3Ali%3Ashare%3A6844785523593134080");
//!
//! let comment: CommentUrn = "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)".parse()?;
//! assert_eq!(comment.restli_key(),
//!     "urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A6629079374410199040%2C6629079518136799232%29");
//!
//! // The key of a reaction: `/rest/reactions/(actor:…,entity:…)`.
//! let actor = PersonUrn::new("-f_Ut43FoQ")?;
//! let key = restli::encode(&json!({"actor": actor.to_value(), "entity": post.to_value()}));
//! assert_eq!(key, "(actor:urn%3Ali%3Aperson%3A-f_Ut43FoQ,entity:urn%3Ali%3Ashare%3A6844785523593134080)");
//! # Ok::<(), social_linkedin::urn::UrnError>(())
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use social_core::http::PreEncoded;
use social_core::{Error, Network, Violation, ViolationKind};

use crate::restli;

/// The longest URN LinkedIn returns, in characters (the "URNs and IDs" page).
pub const MAX_URN_LEN: usize = 255;

/// What every URN type offers: its text as a JSON value and as a Rest.li key.
///
/// ```
/// use social_linkedin::urn::{OrganizationUrn, Urn};
///
/// let org = OrganizationUrn::new("2414183")?;
/// assert_eq!(org.to_value(), serde_json::json!("urn:li:organization:2414183"));
/// assert_eq!(org.restli_key(), "urn%3Ali%3Aorganization%3A2414183");
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
pub trait Urn: fmt::Display {
    /// The URN as a JSON string, for request bodies, query values and compound keys.
    fn to_value(&self) -> Value {
        Value::String(self.to_string())
    }

    /// The URN as one Rest.li 2.0 key, ready for a path: [`restli::encode`] of its text, so
    /// every `:`, `(`, `,` and `)` is percent-encoded and the key stays one path segment.
    fn restli_key(&self) -> String {
        restli::encode(&self.to_value())
    }

    /// The Rest.li key as core's [`PreEncoded`], for
    /// [`RequestSpec::encoded_segment`](social_core::http::RequestSpec::encoded_segment) (and
    /// for a raw call's path).
    ///
    /// ```
    /// use social_linkedin::urn::{ShareUrn, Urn};
    ///
    /// let key = ShareUrn::new("1")?.path_key();
    /// assert_eq!(key.as_str(), "urn%3Ali%3Ashare%3A1");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    fn path_key(&self) -> PreEncoded {
        restli::key(&self.to_value())
    }
}

/// A text that is not the URN it should be.
///
/// ```
/// use social_linkedin::urn::{PersonUrn, UrnErrorKind};
///
/// let err = "urn:li:organization:1".parse::<PersonUrn>().unwrap_err();
/// assert_eq!(err.kind(), &UrnErrorKind::WrongType { found: "organization".into() });
/// assert!(err.to_string().contains("urn:li:person:"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrnError {
    kind: UrnErrorKind,
    /// The start of the refused text (URNs are not secrets), for the message.
    input: String,
    /// What was expected, for the message: `urn:li:person:{id}`…
    expected: &'static str,
    /// The id alphabet, for the message.
    id_rule: IdRule,
}

/// Why a text is not the expected URN.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum UrnErrorKind {
    /// It does not start with `urn:li:` followed by an entity type and `:`.
    NotAUrn,
    /// It is a URN of another entity type (given).
    WrongType {
        /// The entity type found (`organization`, `share`…).
        found: String,
    },
    /// The id is empty or holds characters the entity's ids never hold.
    BadId,
    /// Longer than [`MAX_URN_LEN`] characters.
    TooLong,
}

impl UrnError {
    fn new(kind: UrnErrorKind, input: &str, expected: &'static str, id_rule: IdRule) -> Self {
        UrnError {
            kind,
            input: input.chars().take(64).collect(),
            expected,
            id_rule,
        }
    }

    /// Why the text was refused.
    pub fn kind(&self) -> &UrnErrorKind {
        &self.kind
    }

    /// The sentence of the error, without the network prefix of its `Display`.
    fn message(&self) -> String {
        let why = match &self.kind {
            UrnErrorKind::NotAUrn => "it does not start with `urn:li:{type}:`".to_string(),
            UrnErrorKind::WrongType { found } => format!("it names a `{found}`"),
            UrnErrorKind::BadId => format!("its id must be {}", self.id_rule.describe()),
            UrnErrorKind::TooLong => format!("it is longer than {MAX_URN_LEN} characters"),
        };
        format!(
            "{:?} is not a URN of the form `{}`: {why}. Use the URN exactly as LinkedIn returned it",
            self.input, self.expected
        )
    }
}

impl fmt::Display for UrnError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LinkedIn: {}.", self.message())
    }
}

impl std::error::Error for UrnError {}

/// A URN given by the caller that does not parse is invalid input (nothing was sent).
///
/// ```
/// use social_linkedin::urn::PersonUrn;
///
/// let err: social_core::Error = "urn:li:person:".parse::<PersonUrn>().unwrap_err().into();
/// assert!(matches!(err, social_core::Error::InvalidInput { .. }));
/// ```
impl From<UrnError> for Error {
    fn from(err: UrnError) -> Self {
        Error::invalid(
            Network::LinkedIn,
            Violation::new("urn", ViolationKind::Malformed, err.message()),
        )
    }
}

/// The alphabet of an entity's ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum IdRule {
    /// ASCII digits.
    Digits,
    /// ASCII letters, digits, `-` and `_`.
    Opaque,
}

impl IdRule {
    fn accepts(self, id: &str) -> bool {
        !id.is_empty()
            && match self {
                IdRule::Digits => id.bytes().all(|b| b.is_ascii_digit()),
                IdRule::Opaque => id
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
            }
    }

    fn describe(self) -> &'static str {
        match self {
            IdRule::Digits => "digits",
            IdRule::Opaque => "ASCII letters, digits, `-` or `_`",
        }
    }
}

/// Splits `urn:li:{type}:{rest}` into its type and rest, checking the overall length.
fn split_urn<'a>(
    s: &'a str,
    expected: &'static str,
    rule: IdRule,
) -> Result<(&'a str, &'a str), UrnError> {
    if s.chars().count() > MAX_URN_LEN {
        return Err(UrnError::new(UrnErrorKind::TooLong, s, expected, rule));
    }
    s.strip_prefix("urn:li:")
        .and_then(|rest| rest.split_once(':'))
        .filter(|(entity, _)| !entity.is_empty())
        .ok_or_else(|| UrnError::new(UrnErrorKind::NotAUrn, s, expected, rule))
}

/// Parses `urn:li:{entity}:{id}` with the id checked by `rule`; returns the id.
fn parse_simple<'a>(
    s: &'a str,
    entity: &str,
    expected: &'static str,
    rule: IdRule,
) -> Result<&'a str, UrnError> {
    let (found, id) = split_urn(s, expected, rule)?;
    if found != entity {
        let kind = UrnErrorKind::WrongType {
            found: found.to_string(),
        };
        return Err(UrnError::new(kind, s, expected, rule));
    }
    if !rule.accepts(id) {
        return Err(UrnError::new(UrnErrorKind::BadId, s, expected, rule));
    }
    Ok(id)
}

/// Serde as the URN's text, for every type of this module.
macro_rules! serde_as_text {
    ($name:ident) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.collect_str(self)
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                text.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A URN of one entity type whose key is a single id.
macro_rules! simple_urn {
    ($(#[$doc:meta])* $name:ident, $entity:literal, $rule:expr, $example:literal) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name {
            id: String,
        }

        impl $name {
            /// The entity type in the URN.
            pub const ENTITY_TYPE: &'static str = $entity;

            const FORM: &'static str = concat!("urn:li:", $entity, ":{id}");

            #[doc = concat!("Builds the URN from its id (`", $example, "`), checked like a parsed one.")]
            ///
            /// ```
            #[doc = concat!("use social_linkedin::urn::", stringify!($name), ";")]
            ///
            #[doc = concat!("let urn = ", stringify!($name), "::new(\"", $example, "\")?;")]
            #[doc = concat!("assert_eq!(urn.to_string(), \"urn:li:", $entity, ":", $example, "\");")]
            #[doc = concat!("assert_eq!(urn.id(), \"", $example, "\");")]
            #[doc = concat!("assert!(", stringify!($name), "::new(\"\").is_err());")]
            /// # Ok::<(), social_linkedin::urn::UrnError>(())
            /// ```
            pub fn new(id: impl Into<String>) -> Result<Self, UrnError> {
                let id = id.into();
                let urn = format!("urn:li:{}:{id}", $entity);
                parse_simple(&urn, $entity, Self::FORM, $rule)?;
                Ok($name { id })
            }

            /// The id, without the `urn:li:…:` prefix.
            pub fn id(&self) -> &str {
                &self.id
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "urn:li:{}:{}", $entity, self.id)
            }
        }

        impl FromStr for $name {
            type Err = UrnError;

            fn from_str(s: &str) -> Result<Self, UrnError> {
                let id = parse_simple(s, $entity, Self::FORM, $rule)?;
                Ok($name { id: id.to_string() })
            }
        }

        impl Urn for $name {}

        serde_as_text!($name);
    };
}

simple_urn!(
    /// A member: `urn:li:person:{id}`, where the id is the `sub` of the OpenID userinfo.
    ///
    /// ```
    /// use social_linkedin::urn::PersonUrn;
    ///
    /// // The example of LinkedIn's "URNs and IDs" page.
    /// let me: PersonUrn = "urn:li:person:-f_Ut43FoQ".parse()?;
    /// assert_eq!(me.id(), "-f_Ut43FoQ");
    /// assert!("urn:li:person:a b".parse::<PersonUrn>().is_err());
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    PersonUrn,
    "person",
    IdRule::Opaque,
    "-f_Ut43FoQ"
);

simple_urn!(
    /// A company page (organization): `urn:li:organization:{digits}`.
    ///
    /// ```
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// let org: OrganizationUrn = "urn:li:organization:2414183".parse()?;
    /// assert_eq!(org.id(), "2414183");
    /// assert!("urn:li:organization:acme".parse::<OrganizationUrn>().is_err());
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    OrganizationUrn,
    "organization",
    IdRule::Digits,
    "2414183"
);

simple_urn!(
    /// A post created as a share: `urn:li:share:{digits}` (one of the two ids of
    /// [`PostUrn`]).
    ///
    /// ```
    /// use social_linkedin::urn::ShareUrn;
    ///
    /// let share: ShareUrn = "urn:li:share:6844785523593134080".parse()?;
    /// assert_eq!(share.id(), "6844785523593134080");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    ShareUrn,
    "share",
    IdRule::Digits,
    "6844785523593134080"
);

simple_urn!(
    /// A post created as a UGC post: `urn:li:ugcPost:{digits}` (one of the two ids of
    /// [`PostUrn`]).
    ///
    /// ```
    /// use social_linkedin::urn::UgcPostUrn;
    ///
    /// let post: UgcPostUrn = "urn:li:ugcPost:68447855235931240".parse()?;
    /// assert_eq!(post.id(), "68447855235931240");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    UgcPostUrn,
    "ugcPost",
    IdRule::Digits,
    "68447855235931240"
);

simple_urn!(
    /// An activity (the feed update of a post): `urn:li:activity:{digits}`, the first part of
    /// a [`CommentUrn`].
    ///
    /// ```
    /// use social_linkedin::urn::ActivityUrn;
    ///
    /// let activity: ActivityUrn = "urn:li:activity:6629079374410199040".parse()?;
    /// assert_eq!(activity.id(), "6629079374410199040");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    ActivityUrn,
    "activity",
    IdRule::Digits,
    "6629079374410199040"
);

simple_urn!(
    /// An uploaded image (Images API): `urn:li:image:{id}`.
    ///
    /// ```
    /// use social_linkedin::urn::ImageUrn;
    ///
    /// let image: ImageUrn = "urn:li:image:C4E10AQFoyyAjHPMQuQ".parse()?;
    /// assert_eq!(image.id(), "C4E10AQFoyyAjHPMQuQ");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    ImageUrn,
    "image",
    IdRule::Opaque,
    "C4E10AQFoyyAjHPMQuQ"
);

simple_urn!(
    /// An uploaded video (Videos API): `urn:li:video:{id}`.
    ///
    /// ```
    /// use social_linkedin::urn::VideoUrn;
    ///
    /// let video: VideoUrn = "urn:li:video:C5F10AQGKQg_6y2a4sQ".parse()?;
    /// assert_eq!(video.id(), "C5F10AQGKQg_6y2a4sQ");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    VideoUrn,
    "video",
    IdRule::Opaque,
    "C5F10AQGKQg_6y2a4sQ"
);

simple_urn!(
    /// An uploaded document (Documents API): `urn:li:document:{id}`.
    ///
    /// ```
    /// use social_linkedin::urn::DocumentUrn;
    ///
    /// let doc: DocumentUrn = "urn:li:document:D4D10AQH4ZPV0-3wJxg".parse()?;
    /// assert_eq!(doc.id(), "D4D10AQH4ZPV0-3wJxg");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    DocumentUrn,
    "document",
    IdRule::Opaque,
    "D4D10AQH4ZPV0-3wJxg"
);

/// A post of the Posts API, which names it either way: `urn:li:share:…` or `urn:li:ugcPost:…`
/// (the `x-restli-id` of a create holds one or the other).
///
/// ```
/// use social_linkedin::urn::{PostUrn, UgcPostUrn};
///
/// let post: PostUrn = "urn:li:ugcPost:68447855235931240".parse()?;
/// assert_eq!(post, PostUrn::UgcPost(UgcPostUrn::new("68447855235931240")?));
/// assert_eq!(post.to_string(), "urn:li:ugcPost:68447855235931240");
/// assert!("urn:li:image:C4E10AQFoyyAjHPMQuQ".parse::<PostUrn>().is_err());
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PostUrn {
    /// `urn:li:share:{id}`.
    Share(ShareUrn),
    /// `urn:li:ugcPost:{id}`.
    UgcPost(UgcPostUrn),
}

impl PostUrn {
    const FORM: &'static str = "urn:li:share:{id}` or `urn:li:ugcPost:{id}";

    /// The numeric id, without the prefix.
    ///
    /// ```
    /// use social_linkedin::urn::PostUrn;
    ///
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// assert_eq!(post.id(), "6844785523593134080");
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    pub fn id(&self) -> &str {
        match self {
            PostUrn::Share(urn) => urn.id(),
            PostUrn::UgcPost(urn) => urn.id(),
        }
    }
}

impl fmt::Display for PostUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PostUrn::Share(urn) => urn.fmt(f),
            PostUrn::UgcPost(urn) => urn.fmt(f),
        }
    }
}

impl FromStr for PostUrn {
    type Err = UrnError;

    fn from_str(s: &str) -> Result<Self, UrnError> {
        let (entity, _) = split_urn(s, Self::FORM, IdRule::Digits)?;
        let parsed = match entity {
            ShareUrn::ENTITY_TYPE => s.parse().map(PostUrn::Share),
            UgcPostUrn::ENTITY_TYPE => s.parse().map(PostUrn::UgcPost),
            other => Err(UrnError::new(
                UrnErrorKind::WrongType {
                    found: other.to_string(),
                },
                s,
                Self::FORM,
                IdRule::Digits,
            )),
        };
        // Name both forms in the message, whichever one failed.
        parsed.map_err(|mut err| {
            err.expected = Self::FORM;
            err
        })
    }
}

impl From<ShareUrn> for PostUrn {
    fn from(urn: ShareUrn) -> Self {
        PostUrn::Share(urn)
    }
}

impl From<UgcPostUrn> for PostUrn {
    fn from(urn: UgcPostUrn) -> Self {
        PostUrn::UgcPost(urn)
    }
}

impl Urn for PostUrn {}

serde_as_text!(PostUrn);

/// What a comment belongs to: the activity of a post (the only form LinkedIn's URN reference
/// shows, `urn:li:comment:({activityURN},{commentId})`,
/// <https://learn.microsoft.com/en-us/linkedin/shared/references/v2/urn-namespace>), or the post
/// itself (`urn:li:comment:(urn:li:ugcPost:…,…)`, which integrators' code reads back from the
/// Comments API for posts made with the Posts API; accepted so that such a URN parses).
///
/// ```
/// use social_linkedin::urn::{CommentParent, CommentUrn};
///
/// let c: CommentUrn = "urn:li:comment:(urn:li:ugcPost:7114728520143159296,7114730066012532736)".parse()?;
/// assert!(matches!(c.parent(), CommentParent::Post(_)));
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CommentParent {
    /// `urn:li:activity:{id}`.
    Activity(ActivityUrn),
    /// `urn:li:share:{id}` or `urn:li:ugcPost:{id}`.
    Post(PostUrn),
}

impl fmt::Display for CommentParent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CommentParent::Activity(urn) => urn.fmt(f),
            CommentParent::Post(urn) => urn.fmt(f),
        }
    }
}

/// A comment: the compound URN `urn:li:comment:({parent},{comment id})`, e.g.
/// `urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)`.
///
/// Its `(`, `,` and `)` make it the URN that most needs [`Urn::restli_key`] in a path.
///
/// ```
/// use social_linkedin::urn::{ActivityUrn, CommentParent, CommentUrn, Urn};
///
/// let activity = ActivityUrn::new("6629079374410199040")?;
/// let comment = CommentUrn::new(activity.clone(), "6629079518136799232")?;
/// assert_eq!(comment.to_string(),
///     "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)");
/// assert_eq!(comment.parent(), &CommentParent::Activity(activity));
/// assert_eq!(comment.id(), "6629079518136799232");
/// assert_eq!(comment.to_string().parse::<CommentUrn>()?, comment);
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CommentUrn {
    parent: CommentParent,
    id: String,
}

impl CommentUrn {
    /// The entity type in the URN.
    pub const ENTITY_TYPE: &'static str = "comment";

    const FORM: &'static str = "urn:li:comment:({activity or post URN},{digits})";

    /// Builds the URN from what the comment belongs to (an [`ActivityUrn`], a [`PostUrn`], a
    /// [`ShareUrn`]…) and its numeric id.
    ///
    /// ```
    /// use social_linkedin::urn::{CommentUrn, ShareUrn};
    ///
    /// let share = ShareUrn::new("1")?;
    /// assert_eq!(CommentUrn::new(share.clone(), "2")?.to_string(), "urn:li:comment:(urn:li:share:1,2)");
    /// assert!(CommentUrn::new(share, "two").is_err());
    /// # Ok::<(), social_linkedin::urn::UrnError>(())
    /// ```
    pub fn new(parent: impl Into<CommentParent>, id: impl Into<String>) -> Result<Self, UrnError> {
        let parent = parent.into();
        let id = id.into();
        if !IdRule::Digits.accepts(&id) {
            let text = format!("urn:li:comment:({parent},{id})");
            return Err(UrnError::new(
                UrnErrorKind::BadId,
                &text,
                Self::FORM,
                IdRule::Digits,
            ));
        }
        Ok(CommentUrn { parent, id })
    }

    /// What the comment belongs to.
    pub fn parent(&self) -> &CommentParent {
        &self.parent
    }

    /// The comment's own numeric id (the second part of the key).
    pub fn id(&self) -> &str {
        &self.id
    }
}

impl fmt::Display for CommentUrn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "urn:li:comment:({},{})", self.parent, self.id)
    }
}

impl FromStr for CommentUrn {
    type Err = UrnError;

    fn from_str(s: &str) -> Result<Self, UrnError> {
        let err = |kind| UrnError::new(kind, s, Self::FORM, IdRule::Digits);
        let (entity, key) = split_urn(s, Self::FORM, IdRule::Digits)?;
        if entity != Self::ENTITY_TYPE {
            return Err(err(UrnErrorKind::WrongType {
                found: entity.to_string(),
            }));
        }
        let (parent, id) = key
            .strip_prefix('(')
            .and_then(|k| k.strip_suffix(')'))
            .and_then(|k| k.rsplit_once(','))
            .ok_or_else(|| err(UrnErrorKind::BadId))?;
        let parent = match parent.parse::<ActivityUrn>() {
            Ok(activity) => CommentParent::Activity(activity),
            Err(_) => CommentParent::Post(
                parent
                    .parse::<PostUrn>()
                    .map_err(|_| err(UrnErrorKind::BadId))?,
            ),
        };
        CommentUrn::new(parent, id).map_err(|_| err(UrnErrorKind::BadId))
    }
}

impl From<ActivityUrn> for CommentParent {
    fn from(urn: ActivityUrn) -> Self {
        CommentParent::Activity(urn)
    }
}

impl From<PostUrn> for CommentParent {
    fn from(urn: PostUrn) -> Self {
        CommentParent::Post(urn)
    }
}

impl From<ShareUrn> for CommentParent {
    fn from(urn: ShareUrn) -> Self {
        CommentParent::Post(urn.into())
    }
}

impl From<UgcPostUrn> for CommentParent {
    fn from(urn: UgcPostUrn) -> Self {
        CommentParent::Post(urn.into())
    }
}

impl Urn for CommentUrn {}

serde_as_text!(CommentUrn);

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every type parses its own examples (those of LinkedIn's documentation where it gives
    /// one) and prints them back unchanged.
    #[test]
    fn case3_valid_urns_round_trip() {
        fn check<T: FromStr<Err = UrnError> + fmt::Display>(text: &str) {
            let parsed: T = text.parse().unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(parsed.to_string(), text);
        }
        check::<PersonUrn>("urn:li:person:-f_Ut43FoQ");
        check::<PersonUrn>("urn:li:person:2qXA98-mVk");
        check::<PersonUrn>("urn:li:person:123");
        check::<OrganizationUrn>("urn:li:organization:2414183");
        check::<ShareUrn>("urn:li:share:6844785523593134080");
        check::<UgcPostUrn>("urn:li:ugcPost:68447855235931240");
        check::<PostUrn>("urn:li:share:6844785523593134080");
        check::<PostUrn>("urn:li:ugcPost:68447855235931240");
        check::<ActivityUrn>("urn:li:activity:6629079374410199040");
        check::<ImageUrn>("urn:li:image:C4E10AQFoyyAjHPMQuQ");
        check::<VideoUrn>("urn:li:video:C5F10AQGKQg_6y2a4sQ");
        check::<DocumentUrn>("urn:li:document:D4D10AQH4ZPV0-3wJxg");
        check::<CommentUrn>(
            "urn:li:comment:(urn:li:activity:6629079374410199040,6629079518136799232)",
        );
        check::<CommentUrn>(
            "urn:li:comment:(urn:li:ugcPost:7114728520143159296,7114730066012532736)",
        );
        check::<CommentUrn>("urn:li:comment:(urn:li:share:1,2)");
    }

    #[test]
    fn case3_invalid_urns_are_typed_errors() {
        let wrong_type = |found: &str| UrnErrorKind::WrongType {
            found: found.to_string(),
        };
        let person = [
            ("", UrnErrorKind::NotAUrn),
            ("-f_Ut43FoQ", UrnErrorKind::NotAUrn),
            ("urn:li:person", UrnErrorKind::NotAUrn),
            ("urn:li::123", UrnErrorKind::NotAUrn),
            ("URN:li:person:1", UrnErrorKind::NotAUrn),
            ("urn:xx:person:1", UrnErrorKind::NotAUrn),
            ("urn:li:member:1", wrong_type("member")),
            ("urn:li:organization:1", wrong_type("organization")),
            ("urn:li:person:", UrnErrorKind::BadId),
            ("urn:li:person:a b", UrnErrorKind::BadId),
            ("urn:li:person:a/b", UrnErrorKind::BadId),
            ("urn:li:person:a:b", UrnErrorKind::BadId),
            ("urn:li:person:a?b", UrnErrorKind::BadId),
            ("urn:li:person:é", UrnErrorKind::BadId),
            ("urn:li:person:1\n", UrnErrorKind::BadId),
            ("urn:li:person:(1,2)", UrnErrorKind::BadId),
        ];
        for (text, kind) in person {
            let err = text.parse::<PersonUrn>().unwrap_err();
            assert_eq!(err.kind(), &kind, "{text:?}");
            assert!(err.to_string().contains("urn:li:person:{id}"), "{err}");
        }
        let long = format!("urn:li:person:{}", "a".repeat(MAX_URN_LEN));
        assert_eq!(
            long.parse::<PersonUrn>().unwrap_err().kind(),
            &UrnErrorKind::TooLong
        );
        let longest = format!("urn:li:person:{}", "a".repeat(MAX_URN_LEN - 14));
        assert!(longest.parse::<PersonUrn>().is_ok());

        for text in [
            "urn:li:organization:acme",
            "urn:li:organization:-1",
            "urn:li:organization:1.5",
        ] {
            let err = text.parse::<OrganizationUrn>().unwrap_err();
            assert_eq!(err.kind(), &UrnErrorKind::BadId, "{text}");
            assert!(err.to_string().contains("digits"), "{err}");
        }
        assert_eq!(
            "urn:li:image:C4E1".parse::<PostUrn>().unwrap_err().kind(),
            &wrong_type("image")
        );
        let err = "urn:li:share:x".parse::<PostUrn>().unwrap_err();
        assert_eq!(err.kind(), &UrnErrorKind::BadId);
        assert!(err.to_string().contains("urn:li:ugcPost:{id}"), "{err}");

        for text in [
            "urn:li:comment:",
            "urn:li:comment:(urn:li:activity:1)",
            "urn:li:comment:(urn:li:activity:1,)",
            "urn:li:comment:(,2)",
            "urn:li:comment:urn:li:activity:1,2",
            "urn:li:comment:(urn:li:activity:1,2",
            "urn:li:comment:(urn:li:person:1,2)",
            "urn:li:comment:(urn:li:activity:x,2)",
            "urn:li:comment:(urn:li:activity:1,2,3)",
            "urn:li:comment:(urn:li:comment:(urn:li:activity:1,2),3)",
        ] {
            let err = text.parse::<CommentUrn>().unwrap_err();
            assert_eq!(err.kind(), &UrnErrorKind::BadId, "{text}");
        }
        assert_eq!(
            "urn:li:share:1".parse::<CommentUrn>().unwrap_err().kind(),
            &wrong_type("share")
        );
    }

    #[test]
    fn case3_a_bad_urn_is_invalid_input_naming_linkedin() {
        let err: Error = "urn:li:person:a b".parse::<PersonUrn>().unwrap_err().into();
        match &err {
            Error::InvalidInput {
                network,
                violations,
            } => {
                assert_eq!(*network, Some(Network::LinkedIn));
                assert_eq!(violations[0].kind, ViolationKind::Malformed);
            }
            other => panic!("{other:?}"),
        }
        // The network prefix comes once, from the core error, not again from the URN error.
        let message = err.to_string();
        assert!(
            message.starts_with("LinkedIn: invalid input: `urn`: \"urn:li:person:a b\""),
            "{message}"
        );
        assert!(!message.contains("LinkedIn: LinkedIn"), "{message}");
    }

    #[test]
    fn case3_serde_uses_the_urn_text() {
        let post: PostUrn = serde_json::from_str("\"urn:li:share:42\"").unwrap();
        assert_eq!(post, PostUrn::Share(ShareUrn::new("42").unwrap()));
        assert_eq!(serde_json::to_string(&post).unwrap(), "\"urn:li:share:42\"");
        let comment: CommentUrn =
            serde_json::from_str("\"urn:li:comment:(urn:li:activity:1,2)\"").unwrap();
        assert_eq!(
            serde_json::to_value(&comment).unwrap(),
            serde_json::json!("urn:li:comment:(urn:li:activity:1,2)")
        );
        let err = serde_json::from_str::<PersonUrn>("\"urn:li:organization:1\"").unwrap_err();
        assert!(err.to_string().contains("urn:li:person:{id}"), "{err}");
        assert!(serde_json::from_str::<PersonUrn>("12").is_err());
    }

    /// The Rest.li keys of the official clients' tests and of LinkedIn's "Protocol Versions"
    /// page: the whole URN is percent-encoded.
    #[test]
    fn case3_restli_keys_encode_the_whole_urn() {
        let person = PersonUrn::new("2qXA98-mVk").unwrap();
        assert_eq!(person.restli_key(), "urn%3Ali%3Aperson%3A2qXA98-mVk");
        let comment: CommentUrn = "urn:li:comment:(urn:li:activity:123,456)".parse().unwrap();
        assert_eq!(
            comment.restli_key(),
            "urn%3Ali%3Acomment%3A%28urn%3Ali%3Aactivity%3A123%2C456%29"
        );
        assert_eq!(
            restli::decode(&comment.restli_key()).unwrap(),
            comment.to_value()
        );
    }

    fn opaque_id() -> impl Strategy<Value = String> {
        "[A-Za-z0-9_-]{1,40}"
    }

    proptest! {
        #[test]
        fn case3_parsing_never_panics(s in any::<String>(), t in "urn:li:(comment|share|person):[(),:a-z0-9]{0,20}") {
            for text in [&s, &t] {
                let _ = text.parse::<PersonUrn>();
                let _ = text.parse::<PostUrn>();
                let _ = text.parse::<CommentUrn>();
            }
        }

        #[test]
        fn case3_generated_urns_round_trip(id in opaque_id(), a in "[0-9]{1,19}", b in "[0-9]{1,19}") {
            let person = PersonUrn::new(id).unwrap();
            prop_assert_eq!(person.to_string().parse::<PersonUrn>().unwrap(), person);
            let comment = CommentUrn::new(ActivityUrn::new(a).unwrap(), b).unwrap();
            prop_assert_eq!(comment.to_string().parse::<CommentUrn>().unwrap(), comment.clone());
            let key = comment.restli_key();
            prop_assert!(!key.contains(['/', '?', '#', '&', '=', '(', ')', ',', ':']), "{}", key);
        }
    }
}
