//! What each target would receive for a draft, and every violation, without sending.
//!
//! ```
//! use social_core::preview::preview;
//! use social_core::{Post, Publisher};
//!
//! fn show(targets: &[&dyn Publisher]) {
//!     let report = preview(targets, &Post::new("We move on Monday."));
//!     println!("{report}");
//!     let json = serde_json::to_string(&report).unwrap();
//!     # let _ = json;
//! }
//! # let _ = show;
//! ```

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::{Problem, duplicates};
use crate::traits::Publisher;
use crate::types::{MediaRef, Post, Target};

/// A length counted the network's way, with its limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Length {
    /// The length of what is sent.
    pub counted: u64,
    /// The most the network takes.
    pub limit: u64,
    /// How it is counted (`weighted, URLs count 23`, `UTF-16 code units`…).
    pub counting: String,
}

/// What one target's network would receive for a draft: given by
/// [`Publisher::render`].
///
/// ```
/// use social_core::preview::Rendering;
/// use social_core::{Network, Post, Target};
///
/// let target = Target::new(Network::Facebook, "1", "Acme");
/// let r = Rendering::plain(target, &Post::new("Hello").with_link("https://example.com"))
///     .with_length(5, 63_206, "characters")
///     .with_note("the link gets a preview card");
/// assert_eq!(r.link.as_deref(), Some("https://example.com"));
/// assert!(r.to_string().contains("5/63206"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Rendering {
    /// Who receives it.
    pub target: Target,
    /// The text as sent (after overrides, escaping, the link appended where the network has no
    /// link field).
    pub text: String,
    /// Its length the network's way, when the network counts one.
    pub length: Option<Length>,
    /// The link sent in its own field (a preview card), when the network has one.
    pub link: Option<String>,
    /// Media already uploaded to the network.
    pub media: Vec<MediaRef>,
    /// When it goes live, for a scheduled post.
    pub scheduled_at: Option<DateTime<Utc>>,
    /// What a person should know (links counted 23 on X, hashtags found…).
    pub notes: Vec<String>,
}

impl Rendering {
    /// The draft as is after `target`'s network's overrides: text, link, media, schedule.
    pub fn plain(target: Target, post: &Post) -> Self {
        let network = target.network();
        Rendering {
            text: post.text_for(network).to_string(),
            link: post.link_for(network).map(str::to_string),
            media: post.media_for(network).to_vec(),
            scheduled_at: post.scheduled_at,
            length: None,
            notes: Vec::new(),
            target,
        }
    }

    /// Replaces the text sent.
    #[must_use]
    pub fn with_text(mut self, text: impl Into<String>) -> Self {
        self.text = text.into();
        self
    }

    /// Sets the link sent in its own field (`None` when it went into the text).
    #[must_use]
    pub fn with_link(mut self, link: Option<String>) -> Self {
        self.link = link;
        self
    }

    /// Sets the length, counted the network's way.
    #[must_use]
    pub fn with_length(mut self, counted: u64, limit: u64, counting: impl Into<String>) -> Self {
        self.length = Some(Length {
            counted,
            limit,
            counting: counting.into(),
        });
        self
    }

    /// Adds a note for people.
    #[must_use]
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.notes.push(note.into());
        self
    }
}

impl fmt::Display for Rendering {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "  text: {:?}", self.text)?;
        if let Some(l) = &self.length {
            writeln!(f, "  length: {}/{} ({})", l.counted, l.limit, l.counting)?;
        }
        if let Some(link) = &self.link {
            writeln!(f, "  link: {link}")?;
        }
        for m in &self.media {
            match &m.alt_text {
                Some(alt) => writeln!(f, "  media: {} (alt: {alt:?})", m.id)?,
                None => writeln!(f, "  media: {}", m.id)?,
            }
        }
        if let Some(at) = self.scheduled_at {
            writeln!(f, "  scheduled at: {}", at.to_rfc3339())?;
        }
        for n in &self.notes {
            writeln!(f, "  note: {n}")?;
        }
        Ok(())
    }
}

/// One target's preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PreviewEntry {
    /// Who.
    pub target: Target,
    /// What it would receive; `None` when an override leaves it out.
    pub rendering: Option<Rendering>,
    /// Every rule the draft breaks there (empty: it would be accepted offline).
    pub problems: Vec<Problem>,
}

impl PreviewEntry {
    /// Whether the target would be sent the draft and accept it offline.
    pub fn accepted(&self) -> bool {
        self.rendering.is_some() && self.problems.is_empty()
    }
}

/// The preview of a draft for every target, in the order given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PreviewReport {
    /// One entry per target.
    pub entries: Vec<PreviewEntry>,
}

impl PreviewReport {
    /// Whether no target refuses the draft (a broadcast would send it).
    pub fn all_accepted(&self) -> bool {
        self.entries.iter().all(|e| e.problems.is_empty())
    }

    /// The entries of the targets that refuse it.
    pub fn refusals(&self) -> impl Iterator<Item = &PreviewEntry> {
        self.entries.iter().filter(|e| !e.problems.is_empty())
    }
}

impl fmt::Display for PreviewReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for e in &self.entries {
            match (&e.rendering, e.problems.is_empty()) {
                (None, _) => writeln!(f, "{}: skipped (override)", e.target)?,
                (Some(r), true) => write!(f, "{}: accepted\n{r}", e.target)?,
                (Some(r), false) => {
                    write!(f, "{}: REFUSED\n{r}", e.target)?;
                    for p in &e.problems {
                        writeln!(f, "  problem: {p}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

/// Previews `draft` for every target: what each would receive (after its overrides) and every
/// violation of every target at once. Nothing is sent. Two targets with the same
/// [`TargetId`](crate::TargetId) are both refused.
pub fn preview(targets: &[&dyn Publisher], draft: &Post) -> PreviewReport {
    let ids: Vec<Target> = targets.iter().map(|t| t.target()).collect();
    let dup = duplicates(&ids);
    let entries = targets
        .iter()
        .zip(ids)
        .map(|(publisher, target)| {
            let Some(resolved) = draft.for_target(&target.id) else {
                return PreviewEntry {
                    target,
                    rendering: None,
                    problems: Vec::new(),
                };
            };
            let mut problems = match publisher.validate(&resolved) {
                Ok(()) => Vec::new(),
                Err(e) => Problem::all_of(&e),
            };
            if dup.contains(&target.id) {
                problems.push(Problem::duplicate(&target.id));
            }
            PreviewEntry {
                rendering: Some(publisher.render(&resolved)),
                target,
                problems,
            }
        })
        .collect();
    PreviewReport { entries }
}
