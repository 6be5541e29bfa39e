//! Finding out whether a write whose outcome is unknown took effect: the one safe way to retry.
//!
//! A create that timed out, or was answered with a 5xx, may have been published. The SDK never
//! sends it again by itself; it returns [`Error::Unconfirmed`](crate::Error::Unconfirmed) with
//! what it had already created on the way ([`Created`]). The application then asks the adapter's
//! [`Reconcile`](crate::Reconcile) implementation, and acts on the answer:
//!
//! | answer | what it means | what to do |
//! |---|---|---|
//! | [`Reconciled::Found`] | the post exists | nothing: it was published once |
//! | [`Reconciled::NotFound`] | every post of the author since the attempt was read, none matches | send it again |
//! | [`Reconciled::Unknown`] | the search could not be complete | wait and reconcile later, or ask a person |
//!
//! `NotFound` is only ever given after reading *every* post of the author created since the
//! attempt minus [`CLOCK_SKEW`], comparing texts after the network's own rewriting (see
//! [`same_text`]); a partial read is `Unknown`. [`Scan`] holds that rule once for every adapter.
//!
//! ```no_run
//! use chrono::Utc;
//! use social_core::reconcile::Reconciled;
//! use social_core::{Error, Post, Publisher, Reconcile};
//!
//! # async fn run(account: &(impl Publisher + Reconcile)) -> social_core::Result<()> {
//! let draft = Post::new("Our office is closed on Friday.");
//! let attempted_at = Utc::now();
//! match account.publish(&draft).await {
//!     Err(Error::Unconfirmed { .. }) => match account.reconcile(&draft, attempted_at).await? {
//!         Reconciled::Found(id) => println!("published after all: {id}"),
//!         Reconciled::NotFound => {
//!             account.publish(&draft).await?;
//!         }
//!         other => println!("still unknown, ask again later: {other:?}"),
//!     },
//!     other => {
//!         other?;
//!     }
//! }
//! # Ok(()) }
//! ```

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::types::PostId;

/// How far before the attempt a reconciling search starts: the server's clock and ours may
/// disagree by this much.
pub const CLOCK_SKEW: Duration = Duration::from_secs(5 * 60);

/// What kind of object was created on the way to a write whose outcome is unknown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum CreatedKind {
    /// Uploaded media (an X media id, a Graph photo uploaded unpublished, a LinkedIn asset URN).
    Media,
    /// A post already published (an earlier part of a thread).
    Post,
    /// Anything else, as the adapter names it.
    Other(String),
}

impl fmt::Display for CreatedKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CreatedKind::Media => f.write_str("media"),
            CreatedKind::Post => f.write_str("post"),
            CreatedKind::Other(kind) => f.write_str(kind),
        }
    }
}

/// One object the SDK created before a write's outcome became unknown, kept so that reconciling
/// (or sending again) reuses it instead of creating it twice.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Created {
    /// What it is.
    pub kind: CreatedKind,
    /// Its id on the network.
    pub id: String,
}

impl Created {
    /// An object of `kind` with `id`.
    pub fn new(kind: CreatedKind, id: impl Into<String>) -> Self {
        Created {
            kind,
            id: id.into(),
        }
    }

    /// Uploaded media.
    pub fn media(id: impl Into<String>) -> Self {
        Self::new(CreatedKind::Media, id)
    }

    /// A published post.
    pub fn post(id: impl Into<String>) -> Self {
        Self::new(CreatedKind::Post, id)
    }
}

impl fmt::Display for Created {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.kind, self.id)
    }
}

/// The answer of a [`Reconcile`](crate::Reconcile) search.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Reconciled {
    /// The post exists, with this id: do not send it again.
    Found(PostId),
    /// Every post of the author since the attempt (minus [`CLOCK_SKEW`]) was read and none
    /// matches: sending again cannot make a duplicate.
    NotFound,
    /// The search could not read everything (a cap, a post without a date, a listing that
    /// stopped early): do not send again yet.
    Unknown {
        /// Why the answer is not definite.
        reason: String,
    },
}

/// Normalises a post's text for comparison: Unicode NFC, `\r\n` as `\n`, and no leading or
/// trailing white space (networks trim both).
///
/// ```
/// use social_core::reconcile::normalize_text;
///
/// assert_eq!(normalize_text("  Cafe\u{301}\r\nOpen "), "Café\nOpen");
/// ```
pub fn normalize_text(text: &str) -> String {
    text.replace("\r\n", "\n").trim().nfc().collect()
}

/// Whether a published text is the draft's, once both are normalised with [`normalize_text`].
/// Adapters undo their network's own rewriting first (X's `t.co` links replaced by their
/// `expanded_url`).
///
/// ```
/// use social_core::reconcile::same_text;
///
/// assert!(same_text("Cafe\u{301} open", "Café open\n"));
/// assert!(!same_text("Café open", "Café open!"));
/// ```
pub fn same_text(draft: &str, published: &str) -> bool {
    normalize_text(draft) == normalize_text(published)
}

/// The rule of a reconciling search, kept once for every adapter: feed it the author's posts as
/// they are read (newest first), then ask for the answer.
///
/// - a candidate whose text matches gives [`Reconciled::Found`] at once;
/// - the search is complete when a post older than the window start was seen (the listing is
///   newest first) or the listing said it has nothing more;
/// - [`Reconciled::NotFound`] only when complete, else [`Reconciled::Unknown`].
///
/// ```
/// use chrono::{Duration, Utc};
/// use social_core::reconcile::{Reconciled, Scan};
/// use social_core::PostId;
///
/// let attempted_at = Utc::now();
/// let mut scan = Scan::new("Closed on Friday", attempted_at);
/// let older = attempted_at - Duration::hours(2);
/// assert_eq!(scan.offer(&PostId::new("1"), Some(older), "Open on Monday"), None);
/// assert_eq!(scan.finish(false), Reconciled::NotFound);
/// ```
#[derive(Debug, Clone)]
pub struct Scan {
    expected: String,
    since: DateTime<Utc>,
    complete: bool,
    undated: usize,
    seen: usize,
}

impl Scan {
    /// A search for `draft_text`, attempted at `attempted_at`.
    pub fn new(draft_text: &str, attempted_at: DateTime<Utc>) -> Self {
        let skew = chrono::Duration::from_std(CLOCK_SKEW).unwrap_or(chrono::Duration::zero());
        Scan {
            expected: normalize_text(draft_text),
            since: attempted_at - skew,
            complete: false,
            undated: 0,
            seen: 0,
        }
    }

    /// The start of the window: the attempt minus [`CLOCK_SKEW`]. Adapters ask the network for
    /// posts created since then.
    pub fn since(&self) -> DateTime<Utc> {
        self.since
    }

    /// Whether a post older than the window start was seen (nothing older needs reading).
    pub fn reached_start(&self) -> bool {
        self.complete
    }

    /// Offers one post of the author (in the listing's newest-first order). Returns
    /// `Some(Found)` when its text matches, `None` otherwise.
    pub fn offer(
        &mut self,
        id: &PostId,
        created_at: Option<DateTime<Utc>>,
        text: &str,
    ) -> Option<Reconciled> {
        self.seen += 1;
        match created_at {
            Some(at) if at < self.since => {
                self.complete = true;
                return None;
            }
            Some(_) => {}
            None => self.undated += 1,
        }
        (normalize_text(text) == self.expected).then(|| Reconciled::Found(id.clone()))
    }

    /// The answer once the walk stopped; `listing_exhausted` is true when the network said there
    /// are no more posts (no next cursor), false when the walk stopped for any other reason (a
    /// cap, an error).
    pub fn finish(self, listing_exhausted: bool) -> Reconciled {
        if self.undated > 0 {
            return Reconciled::Unknown {
                reason: format!(
                    "{} of the {} posts read had no creation time",
                    self.undated, self.seen
                ),
            };
        }
        if self.complete || listing_exhausted {
            Reconciled::NotFound
        } else {
            Reconciled::Unknown {
                reason: format!(
                    "the walk stopped after {} posts before reaching {}",
                    self.seen,
                    self.since.to_rfc3339()
                ),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration as D;

    fn id(s: &str) -> PostId {
        PostId::new(s)
    }

    #[test]
    fn a_match_is_found_whatever_the_normal_form() {
        let at = Utc::now();
        let mut scan = Scan::new("Cafe\u{301} ouvert", at);
        assert_eq!(scan.offer(&id("1"), Some(at), "Autre"), None);
        assert_eq!(
            scan.offer(&id("2"), Some(at + D::seconds(1)), "Café ouvert\n"),
            Some(Reconciled::Found(id("2")))
        );
    }

    #[test]
    fn not_found_only_after_reaching_the_window_start() {
        let at = Utc::now();
        let mut scan = Scan::new("x", at);
        scan.offer(&id("1"), Some(at), "y");
        // Within the skew margin: still inside the window, not complete.
        scan.offer(&id("2"), Some(at - D::minutes(4)), "z");
        assert!(!scan.reached_start());
        assert!(matches!(
            scan.clone().finish(false),
            Reconciled::Unknown { .. }
        ));
        scan.offer(&id("3"), Some(at - D::minutes(6)), "w");
        assert!(scan.reached_start());
        assert_eq!(scan.finish(false), Reconciled::NotFound);
    }

    #[test]
    fn an_exhausted_listing_is_complete() {
        let scan = Scan::new("x", Utc::now());
        assert_eq!(scan.finish(true), Reconciled::NotFound);
    }

    #[test]
    fn an_undated_post_makes_the_answer_unknown() {
        let at = Utc::now();
        let mut scan = Scan::new("x", at);
        scan.offer(&id("1"), None, "y");
        scan.offer(&id("2"), Some(at - D::hours(1)), "z");
        let Reconciled::Unknown { reason } = scan.finish(true) else {
            panic!("an undated post cannot be ruled out");
        };
        assert!(reason.contains("1 of the 2"), "{reason}");
    }

    #[test]
    fn the_window_starts_one_skew_before_the_attempt() {
        let at = Utc::now();
        assert_eq!(Scan::new("x", at).since(), at - D::minutes(5));
    }

    #[test]
    fn texts_differing_inside_are_not_the_same() {
        assert!(!same_text("a  b", "a b"));
        assert!(same_text(" a b ", "a b"));
        assert!(same_text("a\r\nb", "a\nb"));
    }

    #[test]
    fn created_objects_show_in_the_error() {
        let err = crate::Error::unconfirmed(
            crate::Network::X,
            "POST /2/tweets",
            "c",
            crate::Error::Api(Box::new(crate::ApiError::new(crate::Network::X, 503))),
        )
        .with_created([Created::post("1"), Created::media("2")]);
        let text = err.to_string();
        assert!(
            text.contains("Already created on the way: post 1, media 2."),
            "{text}"
        );
        assert_eq!(err.created().len(), 2);
        let other = crate::Error::config(crate::Network::X, "x").with_created([Created::post("1")]);
        assert!(other.created().is_empty());
    }
}
