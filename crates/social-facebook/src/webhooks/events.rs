//! Notifications as data: [`Notification`] → [`Entry`] → [`Change`], whose value is a
//! [`PageChange`] (`feed` and `mention` typed, any other field kept raw).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use social_core::auth::AppSecret;
use social_core::{CommentId, PostId};

use super::verification::verify_signature;
use super::{WebhookError, describe_json_error};
use crate::models::ReactionType;

/// Decodes a notification body (after [`verify_signature`]; or use [`verify_and_parse`]).
///
/// Decoding reads the bytes as given and never fails on an unknown field, item or verb: those
/// become [`PageChange::Other`]. It fails only when the body is not JSON, or not an object with
/// an `object` string and an `entry` list of objects with `id`, `time` and (if any) `changes`
/// with a `field`.
///
/// ```
/// use social_facebook::webhooks::{parse_notification, PageChange, Verb};
///
/// let body = br#"{"object":"page","entry":[{"id":"1234","time":1700000000,"changes":[
///   {"field":"feed","value":{"item":"status","verb":"edited","post_id":"1234_1","published":1}}]}]}"#;
/// let notification = parse_notification(body)?;
/// let (entry, change) = notification.changes().next().unwrap();
/// assert_eq!(entry.id, "1234");
/// match &change.value {
///     PageChange::Feed(feed) => assert_eq!(feed.verb, Verb::Edited),
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn parse_notification(raw_body: &[u8]) -> Result<Notification, WebhookError> {
    serde_json::from_slice(raw_body).map_err(|e| WebhookError::MalformedBody {
        message: describe_json_error(&e),
    })
}

/// Verifies the signature of a notification ([`verify_signature`]), then decodes the same bytes
/// ([`parse_notification`]). Nothing is decoded when the signature fails.
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::verify_and_parse;
///
/// let secret = AppSecret::new("my_app_secret");
/// let body = br#"{"object":"page","entry":[]}"#;
/// let header = format!("sha256={}", social_core::webhook::sign_hex(b"my_app_secret", body));
/// let notification = verify_and_parse(&secret, body, Some(&header))?;
/// assert_eq!(notification.object, "page");
/// assert!(verify_and_parse(&AppSecret::new("other"), body, Some(&header)).is_err());
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn verify_and_parse(
    app_secret: &AppSecret,
    raw_body: &[u8],
    x_hub_signature_256: Option<&str>,
) -> Result<Notification, WebhookError> {
    verify_signature(app_secret, raw_body, x_hub_signature_256)?;
    parse_notification(raw_body)
}

/// One webhook delivery: the object type and a batch of entries (up to 1000 of them; batching is
/// not guaranteed).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Notification {
    /// The object subscribed to: `page` for Page webhooks (`user`, `instagram`, … for others).
    pub object: String,
    /// The updates, usually one per object and delivery.
    #[serde(default, deserialize_with = "null_as_default")]
    pub entry: Vec<Entry>,
}

impl Notification {
    /// Whether this is a Page notification (`object` is `page`).
    ///
    /// ```
    /// let n = social_facebook::webhooks::parse_notification(br#"{"object":"page","entry":[]}"#)?;
    /// assert!(n.is_page());
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn is_page(&self) -> bool {
        self.object == "page"
    }

    /// Every change of every entry, with its entry, in the order received.
    ///
    /// ```
    /// let body = br#"{"object":"page","entry":[
    ///   {"id":"1","time":1700000000,"changes":[{"field":"ratings","value":{}},{"field":"feed","value":{}}]},
    ///   {"id":"2","time":1700000001,"changes":[{"field":"mention","value":{}}]}]}"#;
    /// let n = social_facebook::webhooks::parse_notification(body)?;
    /// let seen: Vec<(&str, &str)> = n.changes().map(|(e, c)| (e.id.as_str(), c.field.as_str())).collect();
    /// assert_eq!(seen, [("1", "ratings"), ("1", "feed"), ("2", "mention")]);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn changes(&self) -> impl Iterator<Item = (&Entry, &Change)> {
        self.entry
            .iter()
            .flat_map(|e| e.changes.iter().map(move |c| (e, c)))
    }

    /// The `feed` changes that have the documented shape, with their entry.
    ///
    /// ```
    /// let body = br#"{"object":"page","entry":[{"id":"1","time":1700000000,"changes":[
    ///   {"field":"feed","value":{"item":"reaction","verb":"add","reaction_type":"love","post_id":"1_2"}}]}]}"#;
    /// let n = social_facebook::webhooks::parse_notification(body)?;
    /// let (_, feed) = n.feed_changes().next().unwrap();
    /// // Webhooks write `love`; the type is Graph's `LOVE`, as everywhere else in the crate.
    /// assert_eq!(feed.reaction_type, Some(social_facebook::models::ReactionType::Love));
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn feed_changes(&self) -> impl Iterator<Item = (&Entry, &FeedChange)> {
        self.changes().filter_map(|(e, c)| match &c.value {
            PageChange::Feed(f) => Some((e, f)),
            _ => None,
        })
    }
}

/// The updates of one object (a Page) in a notification.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// The object's id (the Page id), as a string even when sent as a number.
    #[serde(deserialize_with = "social_core::types::ids::string_or_integer")]
    pub id: String,
    /// When Facebook **sent** the notification (not when the change happened), as received:
    /// Unix seconds for Page webhooks (Messenger sends milliseconds). See
    /// [`time_utc`](Entry::time_utc).
    #[serde(deserialize_with = "required_i64")]
    pub time: i64,
    /// The changes, when the subscription has "Include Values" on.
    #[serde(default, deserialize_with = "null_as_default")]
    pub changes: Vec<Change>,
    /// The names of the changed fields, when "Include Values" is off (then `changes` is empty).
    #[serde(default, deserialize_with = "null_as_default")]
    pub changed_fields: Vec<String>,
    /// Messenger events (`messaging`), kept as raw JSON.
    #[serde(default, deserialize_with = "null_as_default")]
    pub messaging: Vec<Value>,
    /// Any other key of the entry (`uid`, `standby`, …), kept as raw JSON.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Entry {
    /// [`time`](Entry::time) as a UTC date-time. A value of 10¹¹ or more (which would be after
    /// the year 5000 in seconds) is read as milliseconds, as Messenger sends them.
    ///
    /// ```
    /// let n = social_facebook::webhooks::parse_notification(
    ///     br#"{"object":"page","entry":[{"id":"1","time":1700000000}]}"#)?;
    /// assert_eq!(n.entry[0].time_utc().unwrap().to_rfc3339(), "2023-11-14T22:13:20+00:00");
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn time_utc(&self) -> Option<DateTime<Utc>> {
        if self.time.abs() >= 100_000_000_000 {
            DateTime::from_timestamp_millis(self.time)
        } else {
            DateTime::from_timestamp(self.time, 0)
        }
    }

    /// [`time`](Entry::time) as a [`SystemTime`] (read as [`time_utc`](Entry::time_utc) does).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let n = social_facebook::webhooks::parse_notification(
    ///     br#"{"object":"page","entry":[{"id":"1","time":1700000000}]}"#)?;
    /// assert_eq!(n.entry[0].system_time(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn system_time(&self) -> Option<SystemTime> {
        let t = self.time_utc()?;
        let millis = u64::try_from(t.timestamp_millis()).ok()?;
        UNIX_EPOCH.checked_add(Duration::from_millis(millis))
    }
}

/// One change in an [`Entry`]: the subscribed field and its decoded value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Change {
    /// The subscribed field (`feed`, `mention`, `ratings`, …), as sent.
    pub field: String,
    /// The value, decoded according to the field.
    pub value: PageChange,
}

impl Change {
    /// The value exactly as received (a JSON `null` when there was none).
    ///
    /// ```
    /// let n = social_facebook::webhooks::parse_notification(br#"{"object":"page","entry":[
    ///   {"id":"1","time":1,"changes":[{"field":"ratings","value":{"rating":5}}]}]}"#)?;
    /// let (_, change) = n.changes().next().unwrap();
    /// assert_eq!(change.raw_value()["rating"], 5);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn raw_value(&self) -> &Value {
        self.value.raw()
    }
}

impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            field: String,
            #[serde(default)]
            value: Value,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Change {
            value: PageChange::from_raw(wire.field.clone(), wire.value),
            field: wire.field,
        })
    }
}

/// The value of a [`Change`], by field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PageChange {
    /// A change of the Page's `feed`: a post, comment, reaction, … added, edited or removed.
    Feed(FeedChange),
    /// The Page was mentioned (`mention` field).
    Mention(MentionChange),
    /// Any other field, or a `feed`/`mention` value without the documented shape, kept raw.
    Other {
        /// The field, as sent.
        field: String,
        /// The value, as sent.
        value: Value,
    },
}

impl PageChange {
    /// Decodes the value of a change of `field`. Never fails: what does not have the documented
    /// shape of its field becomes [`PageChange::Other`].
    ///
    /// ```
    /// use serde_json::json;
    /// use social_facebook::webhooks::{FeedItem, PageChange};
    ///
    /// let c = PageChange::from_raw("feed", json!({"item": "fundraiser", "verb": "add"}));
    /// assert!(matches!(&c, PageChange::Feed(f) if f.item == FeedItem::Other("fundraiser".into())));
    /// let c = PageChange::from_raw("feed", json!("not an object"));
    /// assert!(matches!(c, PageChange::Other { .. }));
    /// ```
    pub fn from_raw(field: impl Into<String>, value: Value) -> PageChange {
        let field = field.into();
        let decoded = match field.as_str() {
            "feed" => FeedChange::decode(&value).map(PageChange::Feed),
            "mention" => MentionChange::decode(&value).map(PageChange::Mention),
            _ => None,
        };
        match decoded {
            Some(change) => change,
            None => PageChange::Other { field, value },
        }
    }

    /// The field this value belongs to.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw("ratings", serde_json::json!({}));
    /// assert_eq!(c.field(), "ratings");
    /// ```
    pub fn field(&self) -> &str {
        match self {
            PageChange::Feed(_) => "feed",
            PageChange::Mention(_) => "mention",
            PageChange::Other { field, .. } => field,
        }
    }

    /// The value exactly as received.
    ///
    /// ```
    /// let v = serde_json::json!({"item": "post", "verb": "add", "extra": true});
    /// let c = social_facebook::webhooks::PageChange::from_raw("feed", v.clone());
    /// assert_eq!(c.raw(), &v);
    /// ```
    pub fn raw(&self) -> &Value {
        match self {
            PageChange::Feed(f) => &f.raw,
            PageChange::Mention(m) => &m.raw,
            PageChange::Other { value, .. } => value,
        }
    }
}

/// Who did something: `from` in current payloads, `sender_id`/`sender_name` in payloads before
/// Graph v2.11 and in `mention`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sender {
    /// The user's (or Page's) id, as a string.
    pub id: String,
    /// The display name, when Facebook sent it (not for users who have not granted the app
    /// access, in some cases).
    pub name: Option<String>,
}

/// A change of the Page's `feed` field.
///
/// Keys the API did not send are `None`; every key, known or not, stays in [`raw`](FeedChange::raw).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FeedChange {
    /// What changed (`item`).
    pub item: FeedItem,
    /// What happened to it (`verb`).
    pub verb: Verb,
    /// The post concerned (`{page-id}_{post-id}`).
    pub post_id: Option<PostId>,
    /// The comment concerned, for comments (and reactions on comments).
    pub comment_id: Option<CommentId>,
    /// The post or comment a comment answers.
    pub parent_id: Option<String>,
    /// Who did it: `from`, or the older `sender_id`/`sender_name`.
    pub from: Option<Sender>,
    /// When it happened, as Unix seconds (sent as a number, or as a Graph time string such as
    /// `2024-01-31T12:00:00+0000`).
    pub created_time: Option<i64>,
    /// The text of the post or comment.
    pub message: Option<String>,
    /// The reaction: webhooks write it in lower case (`love`), read here as Graph's type
    /// ([`ReactionType::Love`]), open to new values.
    pub reaction_type: Option<ReactionType>,
    /// Whether the post is published (`published`, sent as `0`/`1`).
    pub published: Option<bool>,
    /// The value exactly as received.
    pub raw: Value,
}

impl FeedChange {
    fn decode(value: &Value) -> Option<FeedChange> {
        let map = value.as_object()?;
        Some(FeedChange {
            item: FeedItem::from(req_str(map, "item")?),
            verb: Verb::from(req_str(map, "verb")?),
            post_id: opt_id(map, "post_id").ok()?.map(PostId::new),
            comment_id: opt_id(map, "comment_id").ok()?.map(CommentId::new),
            parent_id: opt_id(map, "parent_id").ok()?,
            from: sender(map).ok()?,
            created_time: opt_time(map, "created_time").ok()?,
            message: opt_str(map, "message").ok()?,
            // Webhooks write reactions in lower case (`love`); Graph's reads in capitals.
            reaction_type: opt_str(map, "reaction_type")
                .ok()?
                .map(|r| ReactionType::from(r.to_ascii_uppercase().as_str())),
            published: opt_flag(map, "published").ok()?,
            raw: value.clone(),
        })
    }

    /// A new comment (or reply): item `comment`, verb `add`.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "comment", "verb": "add", "comment_id": "1_2"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_comment_added()));
    /// ```
    pub fn is_comment_added(&self) -> bool {
        self.item == FeedItem::Comment && self.verb == Verb::Add
    }

    /// A reply to a comment: a comment added whose `parent_id` is not the post.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw("feed", serde_json::json!({
    ///     "item": "comment", "verb": "add", "post_id": "1_2", "parent_id": "2_3", "comment_id": "2_4"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_reply_added()));
    /// ```
    pub fn is_reply_added(&self) -> bool {
        self.is_comment_added()
            && self.parent_id.is_some()
            && self.parent_id.as_deref() != self.post_id.as_ref().map(PostId::as_str)
    }

    /// A new reaction: item `reaction` (or the older `like`), verb `add`.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "reaction", "verb": "add", "reaction_type": "love"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_reaction_added()));
    /// ```
    pub fn is_reaction_added(&self) -> bool {
        matches!(self.item, FeedItem::Reaction | FeedItem::Like) && self.verb == Verb::Add
    }

    /// A new post on the Page (item `status`, `post`, `photo`, `video` or `share`, verb `add`).
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "photo", "verb": "add", "post_id": "1_2"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_post_added()));
    /// ```
    pub fn is_post_added(&self) -> bool {
        self.verb == Verb::Add
            && matches!(
                self.item,
                FeedItem::Status
                    | FeedItem::Post
                    | FeedItem::Photo
                    | FeedItem::Video
                    | FeedItem::Share
            )
    }

    /// Something edited (verb `edited` or `edit`).
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "status", "verb": "edited"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_edited()));
    /// ```
    pub fn is_edited(&self) -> bool {
        matches!(self.verb, Verb::Edited | Verb::Edit)
    }

    /// Something removed (verb `remove`).
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "comment", "verb": "remove"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_removed()));
    /// ```
    pub fn is_removed(&self) -> bool {
        self.verb == Verb::Remove
    }

    /// [`created_time`](FeedChange::created_time) as a UTC date-time.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw("feed", serde_json::json!({
    ///     "item": "post", "verb": "add", "created_time": "2024-01-31T12:00:00+0000"}));
    /// let social_facebook::webhooks::PageChange::Feed(f) = c else { unreachable!() };
    /// assert_eq!(f.created_at().unwrap().to_rfc3339(), "2024-01-31T12:00:00+00:00");
    /// ```
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.created_time?, 0)
    }
}

/// The Page was mentioned in a post or comment (the `mention` field).
///
/// Every key, known or not, stays in [`raw`](MentionChange::raw).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MentionChange {
    /// Where the mention is: `post` or `comment`.
    pub item: FeedItem,
    /// What happened: `add`, `edited`, `remove`.
    pub verb: Verb,
    /// The post with the mention.
    pub post_id: Option<PostId>,
    /// The comment with the mention, when `item` is `comment`.
    pub comment_id: Option<CommentId>,
    /// Who mentioned the Page (`sender_id`/`sender_name`, or `from`).
    pub sender: Option<Sender>,
    /// When, as Unix seconds, if sent.
    pub created_time: Option<i64>,
    /// The text, if sent.
    pub message: Option<String>,
    /// The value exactly as received.
    pub raw: Value,
}

impl MentionChange {
    fn decode(value: &Value) -> Option<MentionChange> {
        let map = value.as_object()?;
        Some(MentionChange {
            item: FeedItem::from(req_str(map, "item")?),
            verb: Verb::from(req_str(map, "verb")?),
            post_id: opt_id(map, "post_id").ok()?.map(PostId::new),
            comment_id: opt_id(map, "comment_id").ok()?.map(CommentId::new),
            sender: sender(map).ok()?,
            created_time: opt_time(map, "created_time").ok()?,
            message: opt_str(map, "message").ok()?,
            raw: value.clone(),
        })
    }
}

social_core::wire_enum! {
    /// What a `feed` change is about (`item`). Open: new values land in `Other`.
    ///
    /// ```
    /// use social_facebook::webhooks::FeedItem;
    /// assert_eq!(FeedItem::from("comment"), FeedItem::Comment);
    /// assert_eq!(FeedItem::from("fundraiser"), FeedItem::Other("fundraiser".into()));
    /// assert_eq!(FeedItem::Photo.to_string(), "photo");
    /// ```
    ///
    /// Open-ended: a value this SDK does not know is kept in `Other`, never an error.
    pub enum FeedItem {
        /// A text post (`status`).
        Status = "status",
        /// A post (`post`).
        Post = "post",
        /// A photo (`photo`).
        Photo = "photo",
        /// A video (`video`).
        Video = "video",
        /// A share of a link or post (`share`).
        Share = "share",
        /// A comment or reply (`comment`).
        Comment = "comment",
        /// A reaction (`reaction`); see `reaction_type`.
        Reaction = "reaction",
        /// A like (`like`), in older payloads and for Page likes.
        Like = "like",
        /// An event (`event`).
        Event = "event",
        /// An album (`album`).
        Album = "album",
        _ => Other,
    }
}

social_core::wire_enum! {
    /// What happened in a `feed` change (`verb`). Open: new values land in `Other`.
    ///
    /// ```
    /// use social_facebook::webhooks::Verb;
    /// assert_eq!(Verb::from("add"), Verb::Add);
    /// assert_eq!(Verb::from("pin"), Verb::Other("pin".into()));
    /// assert_eq!(Verb::Unhide.as_str(), "unhide");
    /// ```
    ///
    /// Open-ended: a value this SDK does not know is kept in `Other`, never an error.
    pub enum Verb {
        /// Created (`add`).
        Add = "add",
        /// Edited (`edited`).
        Edited = "edited",
        /// Edited (`edit`, in some payloads).
        Edit = "edit",
        /// Deleted (`remove`).
        Remove = "remove",
        /// Hidden by the Page (`hide`).
        Hide = "hide",
        /// Shown again (`unhide`).
        Unhide = "unhide",
        /// Its author was blocked (`block`).
        Block = "block",
        /// Its author was muted (`mute`).
        Mute = "mute",
        _ => Other,
    }
}

// Decoding helpers for change values: `Err(Undecodable)` means "present with the wrong type".

pub(super) struct Undecodable;

fn req_str<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)?.as_str()
}

pub(super) fn opt_str(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Undecodable),
    }
}

pub(super) fn opt_id(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => value_id(v).map(Some),
    }
}

fn value_id(v: &Value) -> Result<String, Undecodable> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        _ => Err(Undecodable),
    }
}

fn opt_time(map: &Map<String, Value>, key: &str) -> Result<Option<i64>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => time_value(v).map(Some).ok_or(Undecodable),
    }
}

/// Unix seconds from a number (an integer, or a float truncated), a numeric string, or a Graph
/// time string (`2024-01-31T12:00:00+0000`, or RFC 3339).
pub(super) fn time_value(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| {
                    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z")
                        .ok()
                        .map(|t| t.timestamp())
                })
                .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|t| t.timestamp()))
        }
        _ => None,
    }
}

fn opt_flag(map: &Map<String, Value>, key: &str) -> Result<Option<bool>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err(Undecodable),
        },
        Some(Value::String(s)) => match s.as_str() {
            "0" | "false" => Ok(Some(false)),
            "1" | "true" => Ok(Some(true)),
            _ => Err(Undecodable),
        },
        Some(_) => Err(Undecodable),
    }
}

/// `from: {id, name}`, else the older `sender_id`/`sender_name`. A `from` without an id is
/// treated as absent.
fn sender(map: &Map<String, Value>) -> Result<Option<Sender>, Undecodable> {
    match map.get("from") {
        None | Some(Value::Null) => {}
        Some(Value::Object(from)) => {
            let Some(id) = opt_id(from, "id")? else {
                return Ok(None);
            };
            return Ok(Some(Sender {
                id,
                name: opt_str(from, "name")?,
            }));
        }
        Some(_) => return Err(Undecodable),
    }
    let name = opt_str(map, "sender_name")?;
    Ok(opt_id(map, "sender_id")?.map(|id| Sender { id, name }))
}

// serde helpers for the envelope.

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn required_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(deserializer)?;
    match &v {
        Value::Number(_) | Value::String(_) => time_value(&v),
        _ => None,
    }
    .ok_or_else(|| serde::de::Error::custom("`time` is not a Unix time"))
}
