//! The conversations that wait for an answer, across every target, newest first, with a cursor
//! per target so that the next read gives only what is new.
//!
//! Each item is a [`Comment`] (a Facebook comment awaiting the Page's reply, an X mention or
//! reply not yet answered, a LinkedIn comment on the member's or page's posts) with the target it
//! waits on. [`Inbox::answer`] replies through the target's
//! [`Conversations::reply`](crate::Conversations::reply); an answered item is not read again.
//! The cursors are data ([`InboxCursors`], `serde`): keep them between runs to read only what is
//! new since last time.
//!
//! ```no_run
//! use social_core::inbox::{Inbox, InboxCursors};
//! use social_core::AwaitingReplies;
//!
//! # async fn run(sources: &[&dyn AwaitingReplies], saved: InboxCursors) -> social_core::Result<()> {
//! let mut inbox = Inbox::new(sources).with_cursors(saved);
//! let read = inbox.read().await;
//! println!("{read}");
//! if let Some(first) = read.items.first() {
//!     inbox.answer(first, "Thank you, we will call you today.").await?;
//! }
//! let to_save = serde_json::to_string(inbox.cursors()).unwrap();
//! # let _ = to_save; Ok(()) }
//! ```

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use chrono::{DateTime, Utc};
use futures_util::future::join_all;
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::traits::AwaitingReplies;
use crate::types::{Comment, CommentId, Target, TargetId};

/// How far one target was read: the newest item's time and the ids read at exactly that time
/// (so that items sharing a second are neither lost nor read twice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InboxMark {
    /// The newest item read.
    pub at: DateTime<Utc>,
    /// The items read created at `at`.
    pub ids: BTreeSet<CommentId>,
}

/// The cursor of each target, keyed by its [`TargetId`] (serialised as a JSON object whose keys
/// are `network:id`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct InboxCursors(pub BTreeMap<TargetId, InboxMark>);

impl InboxCursors {
    /// How far `target` was read.
    pub fn get(&self, target: &TargetId) -> Option<&InboxMark> {
        self.0.get(target)
    }

    /// Whether `c` is newer than what `target` read.
    fn is_new(&self, target: &TargetId, c: &Comment) -> bool {
        match (self.0.get(target), c.created_at) {
            (None, _) => true,
            // Not dated: cannot be placed after the cursor, so shown (adapters date every item).
            (Some(_), None) => true,
            (Some(mark), Some(at)) => at > mark.at || (at == mark.at && !mark.ids.contains(&c.id)),
        }
    }

    /// Moves `target`'s cursor past `items`.
    fn advance(&mut self, target: &TargetId, items: &[Comment]) {
        for c in items {
            let Some(at) = c.created_at else { continue };
            match self.0.get_mut(target) {
                Some(mark) if mark.at > at => {}
                Some(mark) if mark.at == at => {
                    mark.ids.insert(c.id.clone());
                }
                _ => {
                    self.0.insert(
                        target.clone(),
                        InboxMark {
                            at,
                            ids: BTreeSet::from([c.id.clone()]),
                        },
                    );
                }
            }
        }
    }
}

/// One conversation waiting for an answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InboxItem {
    /// The target it waits on.
    pub target: Target,
    /// The comment, mention or reply: network, author, text, time; answered with
    /// `reply(&comment.post, Some(&comment.id), …)`.
    pub comment: Comment,
}

/// A target the inbox could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InboxFailure {
    /// Who.
    pub target: Target,
    /// What happened and what to do.
    pub error: String,
}

/// One read of the inbox: the new items of every target, newest first, and the targets that
/// failed (their cursors do not move).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct InboxRead {
    /// The items, newest first.
    pub items: Vec<InboxItem>,
    /// The targets that could not be read.
    pub failed: Vec<InboxFailure>,
}

impl fmt::Display for InboxRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.items.is_empty() {
            writeln!(f, "nothing waits for an answer")?;
        }
        for item in &self.items {
            let c = &item.comment;
            let author = c
                .author
                .as_ref()
                .map(|a| match &a.handle {
                    Some(h) => format!("@{h}"),
                    None => a.name.clone(),
                })
                .unwrap_or_else(|| "someone".to_string());
            let at = c
                .created_at
                .map(|t| t.to_rfc3339())
                .unwrap_or_else(|| "(undated)".to_string());
            writeln!(f, "{at} {} · {author}: {:?}", item.target, c.text)?;
        }
        for failure in &self.failed {
            writeln!(f, "{}: FAILED: {}", failure.target, failure.error)?;
        }
        Ok(())
    }
}

/// The conversations awaiting an answer across `sources`.
pub struct Inbox<'a> {
    sources: Vec<&'a dyn AwaitingReplies>,
    cursors: InboxCursors,
    answered: BTreeSet<(TargetId, CommentId)>,
}

impl fmt::Debug for Inbox<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Inbox")
            .field(
                "sources",
                &self.sources.iter().map(|s| s.target()).collect::<Vec<_>>(),
            )
            .field("cursors", &self.cursors)
            .finish()
    }
}

impl<'a> Inbox<'a> {
    /// An inbox over `sources`, reading everything they serve the first time.
    pub fn new(sources: &[&'a dyn AwaitingReplies]) -> Self {
        Inbox {
            sources: sources.to_vec(),
            cursors: InboxCursors::default(),
            answered: BTreeSet::new(),
        }
    }

    /// Starts from saved cursors (read only what is newer).
    #[must_use]
    pub fn with_cursors(mut self, cursors: InboxCursors) -> Self {
        self.cursors = cursors;
        self
    }

    /// The cursors, to save between runs.
    pub fn cursors(&self) -> &InboxCursors {
        &self.cursors
    }

    /// Reads every target at once: what waits for an answer and is newer than its cursor,
    /// newest first; then moves each cursor read past what it returned. A target that fails is
    /// in [`InboxRead::failed`] and keeps its cursor.
    pub async fn read(&mut self) -> InboxRead {
        let cursors = &self.cursors;
        let reads = self.sources.iter().map(|s| async move {
            let target = s.target();
            let since = cursors.get(&target.id).map(|m| m.at);
            (target, s.awaiting(since).await)
        });
        let results = join_all(reads).await;
        let mut items = Vec::new();
        let mut failed = Vec::new();
        for (target, result) in results {
            match result {
                Ok(comments) => {
                    let new: Vec<Comment> = comments
                        .into_iter()
                        .filter(|c| self.cursors.is_new(&target.id, c))
                        .filter(|c| !self.answered.contains(&(target.id.clone(), c.id.clone())))
                        .collect();
                    self.cursors.advance(&target.id, &new);
                    items.extend(new.into_iter().map(|comment| InboxItem {
                        target: target.clone(),
                        comment,
                    }));
                }
                Err(e) => failed.push(InboxFailure {
                    target,
                    error: e.to_string(),
                }),
            }
        }
        // Newest first; undated items last.
        items.sort_by_key(|i| std::cmp::Reverse(i.comment.created_at));
        InboxRead { items, failed }
    }

    /// Answers `item` with `text` through its target's
    /// [`Conversations::reply`](crate::Conversations::reply) (never retried blindly); the item
    /// is not read again.
    pub async fn answer(&mut self, item: &InboxItem, text: &str) -> Result<Comment> {
        let source = self
            .sources
            .iter()
            .find(|s| s.target().id == item.target.id)
            .ok_or_else(|| {
                Error::config(
                    item.target.network(),
                    format!(
                        "the inbox has no target {}: answer with the inbox that read the item",
                        item.target.id
                    ),
                )
            })?;
        let c = &item.comment;
        let answer = source.reply(&c.post, Some(&c.id), text).await?;
        self.answered
            .insert((item.target.id.clone(), item.comment.id.clone()));
        Ok(answer)
    }
}
