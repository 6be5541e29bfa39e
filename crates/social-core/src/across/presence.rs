//! Who listens, everywhere at once: the audience of every target and the engagement of its
//! most recent posts. A target that fails is reported as failed; the others are read anyway.
//!
//! ```no_run
//! use social_core::clock::SystemClock;
//! use social_core::presence::{PresenceSource, presence};
//!
//! # async fn run(targets: &[&dyn PresenceSource]) {
//! let report = presence(targets, 5, &SystemClock).await;
//! println!("{report}");
//! # }
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use serde::{Deserialize, Serialize};

use super::Reading;
use crate::clock::Clock;
use crate::traits::{AudienceReader, RecentPosts};
use crate::types::{Audience, PostId, Target};

/// One recent post and its engagement. A count the network does not give is `None`, never 0.
///
/// ```
/// use social_core::presence::Engagement;
/// use social_core::PostId;
///
/// let e = Engagement::new(PostId::new("1")).with_reactions(12).with_comments(3);
/// assert_eq!(e.total(), 15);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Engagement {
    /// The post.
    pub post: PostId,
    /// Its public address.
    pub url: Option<String>,
    /// The start of its text.
    pub text: String,
    /// When it was published.
    pub created_at: Option<DateTime<Utc>>,
    /// Reactions or likes.
    pub reactions: Option<u64>,
    /// Comments or replies.
    pub comments: Option<u64>,
    /// Reposts, shares, retweets (and quotes, on X).
    pub reposts: Option<u64>,
}

impl Engagement {
    /// A post with nothing counted yet.
    pub fn new(post: PostId) -> Self {
        Engagement {
            post,
            url: None,
            text: String::new(),
            created_at: None,
            reactions: None,
            comments: None,
            reposts: None,
        }
    }

    /// Sets the address.
    #[must_use]
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }

    /// Sets the text (its first 80 characters are kept).
    #[must_use]
    pub fn with_text(mut self, text: &str) -> Self {
        self.text = text.chars().take(80).collect();
        self
    }

    /// Sets the time of publishing.
    #[must_use]
    pub fn with_created_at(mut self, at: Option<DateTime<Utc>>) -> Self {
        self.created_at = at;
        self
    }

    /// Sets the reactions (likes).
    #[must_use]
    pub fn with_reactions(mut self, n: u64) -> Self {
        self.reactions = Some(n);
        self
    }

    /// Sets the comments (replies).
    #[must_use]
    pub fn with_comments(mut self, n: u64) -> Self {
        self.comments = Some(n);
        self
    }

    /// Sets the reposts (shares).
    #[must_use]
    pub fn with_reposts(mut self, n: u64) -> Self {
        self.reposts = Some(n);
        self
    }

    /// Reactions, comments and reposts added up (the counts not given count nothing).
    pub fn total(&self) -> u64 {
        [self.reactions, self.comments, self.reposts]
            .into_iter()
            .flatten()
            .fold(0, u64::saturating_add)
    }
}

/// A target [`presence`] reads: its audience and its recent posts. Every type implementing
/// both is one.
pub trait PresenceSource: AudienceReader + RecentPosts {}

impl<T: AudienceReader + RecentPosts + ?Sized> PresenceSource for T {}

/// One target's presence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TargetPresence {
    /// Who.
    pub target: Target,
    /// When it was read (on the clock given to [`presence`]).
    pub read_at: DateTime<Utc>,
    /// The audience, or why it could not be read.
    pub audience: Reading<Audience>,
    /// The most recent posts with their engagement, newest first, or why they could not be read.
    pub recent: Reading<Vec<Engagement>>,
}

impl TargetPresence {
    /// Whether both readings failed.
    pub fn failed(&self) -> bool {
        self.audience.value().is_none() && self.recent.value().is_none()
    }
}

/// Presence on every target, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PresenceReport {
    /// One entry per target.
    pub targets: Vec<TargetPresence>,
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "-".to_string(), |n| n.to_string())
}

impl fmt::Display for PresenceReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.targets {
            writeln!(f, "{} (read {}):", t.target, t.read_at.to_rfc3339())?;
            match &t.audience {
                Reading::Read { value: a } => writeln!(
                    f,
                    "  audience: followers {}, fans {}, following {}, posts {}",
                    count(a.followers),
                    count(a.fans),
                    count(a.following),
                    count(a.posts)
                )?,
                Reading::Failed { error } => writeln!(f, "  audience: FAILED: {error}")?,
            }
            match &t.recent {
                Reading::Read { value } => {
                    for e in value {
                        writeln!(
                            f,
                            "  {}: reactions {}, comments {}, reposts {}: {:?}",
                            e.post,
                            count(e.reactions),
                            count(e.comments),
                            count(e.reposts),
                            e.text
                        )?;
                    }
                }
                Reading::Failed { error } => writeln!(f, "  recent posts: FAILED: {error}")?,
            }
        }
        Ok(())
    }
}

/// Reads every target's audience and its `recent` most recent posts, all targets at once. A
/// failing target (or one of its two readings) is reported as failed; it never fails the
/// others.
pub async fn presence(
    targets: &[&dyn PresenceSource],
    recent: usize,
    clock: &dyn Clock,
) -> PresenceReport {
    let reads = targets.iter().map(|t| async move {
        let (audience, posts) =
            futures_util::future::join(t.audience(), t.recent_posts(recent)).await;
        TargetPresence {
            target: t.target(),
            read_at: clock.now().into(),
            audience: Reading::of(audience),
            recent: Reading::of(posts.map(|mut p| {
                p.truncate(recent);
                p
            })),
        }
    });
    PresenceReport {
        targets: join_all(reads).await,
    }
}
