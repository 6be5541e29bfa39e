//! Capability traits: small, object-safe, implemented by an adapter only when its network can do
//! the thing (no method fails at run time with "not supported").
//!
//! ```
//! use social_core::{Publisher, Post};
//!
//! // Code written against the traits serves every network.
//! fn check_everywhere(targets: &[&dyn Publisher], draft: &Post) -> Vec<String> {
//!     targets
//!         .iter()
//!         .filter_map(|p| p.validate(draft).err())
//!         .map(|e| e.to_string())
//!         .collect()
//! }
//! # let _ = check_everywhere;
//! ```

use async_trait::async_trait;

use chrono::{DateTime, Utc};

use crate::across::presence::Engagement;
use crate::across::preview::Rendering;
use crate::error::Result;
use crate::paging::{Cursor, Page};
use crate::reconcile::Reconciled;
use crate::types::{
    Audience, Capabilities, Comment, CommentId, Network, Post, PostId, Profile, Published, Target,
    UserId,
};

/// Who an identity wrapper acts as: its network, a stable id and a label. Cross-network calls
/// ([`broadcast`](crate::broadcast), [`presence`](crate::presence), [`inbox`](crate::inbox))
/// key their reports, overrides and cursors by it, so a LinkedIn member and their company page
/// are two targets. Cheap and synchronous: a wrapper knows who it is from its construction.
///
/// ```
/// use social_core::{Identity, Network, Target};
///
/// struct Newsletter;
/// impl Identity for Newsletter {
///     fn target(&self) -> Target {
///         Target::new(Network::X, "newsletter", "Our newsletter")
///     }
/// }
/// assert_eq!(Newsletter.target().label, "Our newsletter");
/// ```
pub trait Identity: Send + Sync {
    /// The identity.
    fn target(&self) -> Target;
}

/// Publishes drafts on one account of one network.
#[async_trait]
pub trait Publisher: Identity {
    /// The network.
    fn network(&self) -> Network;

    /// What this account can publish, and the limits, as data.
    fn capabilities(&self) -> Capabilities;

    /// Checks a draft against the network's rules offline, returning every violation at once
    /// (as [`Error::InvalidInput`](crate::Error::InvalidInput)). Nothing is sent.
    fn validate(&self, post: &Post) -> Result<()>;

    /// Validates, then publishes. A failure after the request may have reached the network is
    /// [`Error::Unconfirmed`](crate::Error::Unconfirmed), never a silent second post.
    async fn publish(&self, post: &Post) -> Result<Published>;

    /// Deletes a published post.
    async fn delete(&self, id: &PostId) -> Result<()>;

    /// What the network would receive for `post`, without sending (see
    /// [`preview`](crate::preview)). The default shows the draft after this network's
    /// overrides; adapters add what their network counts (X's weighted length, LinkedIn's
    /// little text).
    fn render(&self, post: &Post) -> Rendering {
        Rendering::plain(self.target(), post)
    }
}

/// The identity's most recent posts with their engagement, for
/// [`presence`](crate::presence).
#[async_trait]
pub trait RecentPosts: Identity {
    /// The `limit` most recent posts, newest first, with the counts the network gives (a count
    /// it does not give is `None`, never 0).
    async fn recent_posts(&self, limit: usize) -> Result<Vec<Engagement>>;
}

/// Conversations that wait for the identity's answer, for the [`inbox`](crate::inbox).
///
/// An item is answered with [`Conversations::reply`]`(&c.post, Some(&c.id), text)`; once
/// answered (by that call or any other way), it is no longer returned.
#[async_trait]
pub trait AwaitingReplies: Conversations + Identity {
    /// Comments, mentions and replies addressed to the identity and not yet answered by it,
    /// created at or after `since` (everything the network serves when `None`), newest first.
    /// Each has its `created_at`.
    async fn awaiting(&self, since: Option<DateTime<Utc>>) -> Result<Vec<Comment>>;
}

/// Reads profiles.
#[async_trait]
pub trait ProfileReader: Send + Sync {
    /// The authenticated account (the member, the Page, the user).
    async fn me(&self) -> Result<Profile>;

    /// Another account by id.
    async fn profile(&self, id: &UserId) -> Result<Profile>;
}

/// Reads the size of an audience.
#[async_trait]
pub trait AudienceReader: Send + Sync {
    /// The authenticated account's audience.
    async fn audience(&self) -> Result<Audience>;
}

/// Reads and answers conversations around posts.
#[async_trait]
pub trait Conversations: Send + Sync {
    /// One page of comments (or replies) on a post, newest first where the network allows.
    async fn comments(&self, post: &PostId, cursor: Option<Cursor>) -> Result<Page<Comment>>;

    /// Answers a post (or a comment, when `parent` is given). Never retried blindly.
    async fn reply(&self, post: &PostId, parent: Option<&CommentId>, text: &str)
    -> Result<Comment>;
}

/// Who follows whom.
#[async_trait]
pub trait FollowGraph: Send + Sync {
    /// One page of the accounts `user` follows.
    async fn following(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>>;

    /// One page of the accounts following `user`.
    async fn followers(&self, user: &UserId, cursor: Option<Cursor>) -> Result<Page<Profile>>;
}

/// Finds out whether a post whose publishing ended in
/// [`Error::Unconfirmed`](crate::Error::Unconfirmed) exists: the one safe way to retry is to
/// reconcile first and send again only on [`Reconciled::NotFound`]. See
/// [`reconcile`](crate::reconcile) for the rule every implementation keeps.
#[async_trait]
pub trait Reconcile: Send + Sync {
    /// Looks for `draft` among the author's posts created since `attempted_at` minus
    /// [`CLOCK_SKEW`](crate::reconcile::CLOCK_SKEW). `NotFound` only after reading every one of
    /// them; anything less is `Unknown`.
    async fn reconcile(&self, draft: &Post, attempted_at: DateTime<Utc>) -> Result<Reconciled>;
}

#[cfg(test)]
mod tests {
    use super::*;

    // The traits must stay object-safe: integrators hold them as `dyn`.
    #[test]
    fn traits_are_object_safe() {
        fn takes(
            _: Option<&dyn Publisher>,
            _: Option<&dyn ProfileReader>,
            _: Option<&dyn AudienceReader>,
            _: Option<&dyn Conversations>,
            _: Option<&dyn FollowGraph>,
            _: Option<&dyn Reconcile>,
        ) {
        }
        takes(None, None, None, None, None, None);
        fn takes_across(
            _: Option<&dyn Identity>,
            _: Option<&dyn RecentPosts>,
            _: Option<&dyn AwaitingReplies>,
        ) {
        }
        takes_across(None, None, None);
    }
}
