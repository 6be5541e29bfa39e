use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{CommentId, MediaId, Network, PostId, TargetId, UserId};

/// A piece of media attached to a draft: an uploaded id and its alternative text.
///
/// ```
/// use social_core::{MediaId, MediaRef};
/// let m = MediaRef::new(MediaId::new("42")).with_alt_text("A chart of Q3 revenue");
/// assert_eq!(m.alt_text.as_deref(), Some("A chart of Q3 revenue"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MediaRef {
    /// The uploaded media.
    pub id: MediaId,
    /// Alternative text for people who cannot see it.
    pub alt_text: Option<String>,
}

impl MediaRef {
    /// A reference to uploaded media, without alt text.
    pub fn new(id: MediaId) -> Self {
        MediaRef { id, alt_text: None }
    }

    /// Sets the alternative text.
    #[must_use]
    pub fn with_alt_text(mut self, alt: impl Into<String>) -> Self {
        self.alt_text = Some(alt.into());
        self
    }
}

/// What changes for one target (or for every target of one network) when a draft is published
/// there. Each field left `None` falls back: a target's override to its network's, a network's
/// to the draft.
///
/// Media ids are the target network's own ([`MediaRef`] is media already uploaded there), so a
/// draft with media for several networks carries them here, one list per target.
///
/// ```
/// use social_core::{MediaId, MediaRef, Override};
/// let o = Override::default()
///     .with_text("Shorter text for X")
///     .with_media([MediaRef::new(MediaId::new("1146654567674912769"))]);
/// assert_eq!(o.text.as_deref(), Some("Shorter text for X"));
/// assert_eq!(o.media.as_ref().map(Vec::len), Some(1));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Override {
    /// Replaces the draft's text on this network.
    pub text: Option<String>,
    /// Replaces the draft's link on this network.
    pub link: Option<String>,
    /// Replaces the draft's media (an empty list sends none).
    #[serde(default)]
    pub media: Option<Vec<MediaRef>>,
    /// Leaves this network out of a broadcast.
    #[serde(default)]
    pub skip: bool,
}

impl Override {
    /// Replaces the text.
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// Replaces the link.
    #[must_use]
    pub fn with_link(mut self, link: impl Into<String>) -> Self {
        self.link = Some(link.into());
        self
    }

    /// Replaces the media.
    #[must_use]
    pub fn with_media(mut self, media: impl IntoIterator<Item = MediaRef>) -> Self {
        self.media = Some(media.into_iter().collect());
        self
    }

    /// Leaves the network out.
    #[must_use]
    pub fn skipped(mut self) -> Self {
        self.skip = true;
        self
    }
}

/// A draft: what the professional wants to say, before any network's rules are applied.
///
/// ```
/// use chrono::{Duration, Utc};
/// use social_core::{Network, Override, Post};
///
/// let draft = Post::new("Our office moves to 12 rue de la Paix on Monday.")
///     .with_link("https://example.com/news/moving")
///     .scheduled_at(Utc::now() + Duration::hours(2))
///     .with_override(Network::X, Override::default().with_text("We move on Monday!"));
/// assert_eq!(draft.text_for(Network::X), "We move on Monday!");
/// assert_eq!(draft.text_for(Network::LinkedIn), draft.text);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Post {
    /// The text.
    pub text: String,
    /// A link to share with the text.
    pub link: Option<String>,
    /// Media already uploaded to the target network.
    #[serde(default)]
    pub media: Vec<MediaRef>,
    /// The post this one answers, on networks that have replies.
    pub reply_to: Option<PostId>,
    /// When to publish, on networks that can schedule; `None` publishes now.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// Per-network changes (the fallback of [`target_overrides`](Post::target_overrides)).
    #[serde(default)]
    pub overrides: BTreeMap<Network, Override>,
    /// Per-target changes (one LinkedIn member and one LinkedIn page are two targets), before
    /// the per-network ones.
    #[serde(default)]
    pub target_overrides: BTreeMap<TargetId, Override>,
}

impl Post {
    /// A text-only draft.
    pub fn new(text: impl Into<String>) -> Self {
        Post {
            text: text.into(),
            ..Post::default()
        }
    }

    /// Adds a link.
    #[must_use]
    pub fn with_link(mut self, link: impl Into<String>) -> Self {
        self.link = Some(link.into());
        self
    }

    /// Attaches media.
    #[must_use]
    pub fn with_media(mut self, media: MediaRef) -> Self {
        self.media.push(media);
        self
    }

    /// Makes the draft a reply.
    #[must_use]
    pub fn in_reply_to(mut self, post: PostId) -> Self {
        self.reply_to = Some(post);
        self
    }

    /// Schedules the draft.
    #[must_use]
    pub fn scheduled_at(mut self, when: DateTime<Utc>) -> Self {
        self.scheduled_at = Some(when);
        self
    }

    /// Sets the changes for one network.
    #[must_use]
    pub fn with_override(mut self, network: Network, o: Override) -> Self {
        self.overrides.insert(network, o);
        self
    }

    /// Sets the changes for one target; a field left `None` falls back to the target's
    /// network's override, then to the draft.
    ///
    /// ```
    /// use social_core::{Network, Override, Post, TargetId};
    ///
    /// let page = TargetId::new(Network::LinkedIn, "urn:li:organization:2414183");
    /// let member = TargetId::new(Network::LinkedIn, "urn:li:person:abc");
    /// let draft = Post::new("We are hiring.")
    ///     .with_override(Network::LinkedIn, Override::default().with_text("We are hiring (LinkedIn)."))
    ///     .with_target_override(page.clone(), Override::default().with_text("Acme is hiring."));
    /// assert_eq!(draft.for_target(&page).unwrap().text, "Acme is hiring.");
    /// assert_eq!(draft.for_target(&member).unwrap().text, "We are hiring (LinkedIn).");
    /// ```
    #[must_use]
    pub fn with_target_override(mut self, target: TargetId, o: Override) -> Self {
        self.target_overrides.insert(target, o);
        self
    }

    /// The draft as `target` receives it: text, link and media after the target's override,
    /// then its network's, with no override left (so an adapter reading
    /// [`text_for`](Post::text_for) gets the same text). `None` when either override skips it.
    pub fn for_target(&self, target: &TargetId) -> Option<Post> {
        let by_target = self.target_overrides.get(target);
        let by_network = self.overrides.get(&target.network);
        let layers = [by_target, by_network];
        if layers.iter().flatten().any(|o| o.skip) {
            return None;
        }
        let text = layers.iter().flatten().find_map(|o| o.text.clone());
        let link = layers.iter().flatten().find_map(|o| o.link.clone());
        let media = layers.iter().flatten().find_map(|o| o.media.clone());
        Some(Post {
            text: text.unwrap_or_else(|| self.text.clone()),
            link: link.or_else(|| self.link.clone()),
            media: media.unwrap_or_else(|| self.media.clone()),
            reply_to: self.reply_to.clone(),
            scheduled_at: self.scheduled_at,
            overrides: BTreeMap::new(),
            target_overrides: BTreeMap::new(),
        })
    }

    /// The text to send to `network`, after its override.
    pub fn text_for(&self, network: Network) -> &str {
        self.overrides
            .get(&network)
            .and_then(|o| o.text.as_deref())
            .unwrap_or(&self.text)
    }

    /// The link to send to `network`, after its override.
    pub fn link_for(&self, network: Network) -> Option<&str> {
        self.overrides
            .get(&network)
            .and_then(|o| o.link.as_deref())
            .or(self.link.as_deref())
    }

    /// The media to send to `network`, after its override.
    ///
    /// ```
    /// use social_core::{MediaId, MediaRef, Network, Override, Post};
    ///
    /// let draft = Post::new("New office")
    ///     .with_override(Network::X, Override::default().with_media([MediaRef::new(MediaId::new("1"))]));
    /// assert_eq!(draft.media_for(Network::X).len(), 1);
    /// assert!(draft.media_for(Network::Facebook).is_empty());
    /// ```
    pub fn media_for(&self, network: Network) -> &[MediaRef] {
        self.overrides
            .get(&network)
            .and_then(|o| o.media.as_deref())
            .unwrap_or(&self.media)
    }

    /// Whether the draft is to be left out on `network`.
    pub fn skips(&self, network: Network) -> bool {
        self.overrides.get(&network).is_some_and(|o| o.skip)
    }
}

/// A post that a network accepted.
///
/// ```
/// use social_core::{Network, PostId, Published};
/// let p = Published::new(Network::X, PostId::new("1"), Some("https://x.com/i/web/status/1".into()));
/// assert_eq!(p.network, Network::X);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Published {
    /// Where it was published.
    pub network: Network,
    /// Its id there.
    pub id: PostId,
    /// Its public address, when the network gives one or it can be derived.
    pub url: Option<String>,
    /// When it will go live, for a scheduled post.
    pub scheduled_at: Option<DateTime<Utc>>,
}

impl Published {
    /// A post published now.
    pub fn new(network: Network, id: PostId, url: Option<String>) -> Self {
        Published {
            network,
            id,
            url,
            scheduled_at: None,
        }
    }

    /// Marks it scheduled.
    #[must_use]
    pub fn with_scheduled_at(mut self, when: Option<DateTime<Utc>>) -> Self {
        self.scheduled_at = when;
        self
    }
}

/// An account as the networks show it: a member, a Page or an organization.
///
/// ```
/// use social_core::{Network, Profile, UserId};
/// let p = Profile::new(Network::X, UserId::new("2244994945"), "X Developers").with_handle("XDevelopers");
/// assert_eq!(p.handle.as_deref(), Some("XDevelopers"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Profile {
    /// The network.
    pub network: Network,
    /// The account id.
    pub id: UserId,
    /// Display name.
    pub name: String,
    /// The handle (`@username`, Page username, LinkedIn vanity name), without `@`.
    pub handle: Option<String>,
    /// Short description.
    pub description: Option<String>,
    /// Public profile address.
    pub url: Option<String>,
    /// Picture address.
    pub picture_url: Option<String>,
    /// Verified badge, when the network says.
    pub verified: Option<bool>,
}

impl Profile {
    /// A profile with only id and name known.
    pub fn new(network: Network, id: UserId, name: impl Into<String>) -> Self {
        Profile {
            network,
            id,
            name: name.into(),
            handle: None,
            description: None,
            url: None,
            picture_url: None,
            verified: None,
        }
    }

    /// Sets the handle.
    #[must_use]
    pub fn with_handle(mut self, handle: impl Into<String>) -> Self {
        self.handle = Some(handle.into());
        self
    }

    /// Sets the description.
    #[must_use]
    pub fn with_description(mut self, d: impl Into<String>) -> Self {
        self.description = Some(d.into());
        self
    }

    /// Sets the public address.
    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}

/// The size of an account's audience. A count the network does not give is `None`, never 0.
///
/// ```
/// use social_core::{Audience, Network, UserId};
/// let a = Audience::new(Network::Facebook, UserId::new("123")).with_followers(1200).with_fans(1100);
/// assert_eq!(a.followers, Some(1200));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Audience {
    /// The network.
    pub network: Network,
    /// The account.
    pub account: UserId,
    /// Followers (X followers, Page followers, LinkedIn followers).
    pub followers: Option<u64>,
    /// Accounts followed (X).
    pub following: Option<u64>,
    /// Page likes ("fans", Facebook).
    pub fans: Option<u64>,
    /// Posts published, when the network counts them.
    pub posts: Option<u64>,
}

impl Audience {
    /// An audience with nothing counted yet.
    pub fn new(network: Network, account: UserId) -> Self {
        Audience {
            network,
            account,
            followers: None,
            following: None,
            fans: None,
            posts: None,
        }
    }

    /// Sets the followers count.
    #[must_use]
    pub fn with_followers(mut self, n: u64) -> Self {
        self.followers = Some(n);
        self
    }

    /// Sets the following count.
    #[must_use]
    pub fn with_following(mut self, n: u64) -> Self {
        self.following = Some(n);
        self
    }

    /// Sets the fans count.
    #[must_use]
    pub fn with_fans(mut self, n: u64) -> Self {
        self.fans = Some(n);
        self
    }

    /// Sets the posts count.
    #[must_use]
    pub fn with_posts(mut self, n: u64) -> Self {
        self.posts = Some(n);
        self
    }
}

/// A comment on a post (a reply or mention on X).
///
/// ```
/// use social_core::{Comment, CommentId, Network, PostId};
/// let c = Comment::new(Network::Facebook, CommentId::new("1_2"), PostId::new("1"), "Thank you!");
/// assert!(!c.hidden);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Comment {
    /// The network.
    pub network: Network,
    /// The comment id.
    pub id: CommentId,
    /// The post commented on.
    pub post: PostId,
    /// The comment this one answers, for nested replies.
    pub parent: Option<CommentId>,
    /// The author, when the network shows it.
    pub author: Option<Profile>,
    /// The text.
    pub text: String,
    /// When it was written.
    pub created_at: Option<DateTime<Utc>>,
    /// Hidden from the public (Facebook moderation).
    pub hidden: bool,
}

impl Comment {
    /// A comment with the essentials.
    pub fn new(network: Network, id: CommentId, post: PostId, text: impl Into<String>) -> Self {
        Comment {
            network,
            id,
            post,
            parent: None,
            author: None,
            text: text.into(),
            created_at: None,
            hidden: false,
        }
    }

    /// Sets the author.
    #[must_use]
    pub fn with_author(mut self, author: Profile) -> Self {
        self.author = Some(author);
        self
    }

    /// Sets the creation time.
    #[must_use]
    pub fn with_created_at(mut self, at: DateTime<Utc>) -> Self {
        self.created_at = Some(at);
        self
    }

    /// Sets the parent comment.
    #[must_use]
    pub fn with_parent(mut self, parent: CommentId) -> Self {
        self.parent = Some(parent);
        self
    }

    /// Sets the hidden flag.
    #[must_use]
    pub fn with_hidden(mut self, hidden: bool) -> Self {
        self.hidden = hidden;
        self
    }
}
