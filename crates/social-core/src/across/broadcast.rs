//! One draft to many targets: validate everywhere first, then publish concurrently, then a
//! report that drives the safe follow-up.
//!
//! 1. Every target validates its version of the draft (after its [`Override`](crate::Override)s).
//!    If any refuses, **nothing is sent**: each refusing target is [`Outcome::Refused`] with
//!    every problem, the others [`Outcome::Skipped`] — unless
//!    [`BroadcastOptions::send_to_those_that_accept`] is set.
//! 2. The accepted ones are published concurrently, at most
//!    [`concurrency`](BroadcastOptions::concurrency) at a time, each through its own adapter (its
//!    own retries and rate limits). Nothing is ever sent twice here.
//! 3. The [`BroadcastReport`] says per target: [`Published`](Outcome::Published),
//!    [`Refused`](Outcome::Refused) (definite: nothing was published),
//!    [`Unconfirmed`](Outcome::Unconfirmed) (it may have been published; with what the adapter
//!    created on the way and the time of the attempt), [`Duplicate`](Outcome::Duplicate) (the
//!    network already holds that content: never sent again) or [`Skipped`](Outcome::Skipped).
//! 4. [`follow_up`] settles it: reconciles each unconfirmed one (through
//!    [`Reconcile`]) and sends it again only after `NotFound`, sends the
//!    refused ones again, never the published or duplicate ones.
//!
//! ```no_run
//! use social_core::broadcast::{BroadcastOptions, broadcast, follow_up};
//! use social_core::{Post, Publisher, Reconcile};
//!
//! # async fn run(x: &(impl Publisher + Reconcile + 'static), page: &(impl Publisher + Reconcile + 'static)) {
//! let draft = Post::new("Our office moves to 12 rue de la Paix on Monday.");
//! let report = broadcast(&[x, page], &draft, &BroadcastOptions::default()).await;
//! println!("{report}");
//! if !report.settled() {
//!     let report = follow_up(&report, &[x, page], &BroadcastOptions::default()).await;
//!     println!("{report}");
//! }
//! # }
//! ```

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use futures_util::StreamExt;
use futures_util::stream;
use serde::{Deserialize, Serialize};

use super::{Problem, duplicates};
use crate::clock::{Clock, SystemClock};
use crate::error::Error;
use crate::reconcile::{Created, Reconciled};
use crate::traits::{Publisher, Reconcile};
use crate::types::{Post, PostId, Published, Target, TargetId};

/// How many targets are published at once by default.
pub const DEFAULT_CONCURRENCY: usize = 4;

/// How a broadcast runs.
///
/// ```
/// use social_core::broadcast::BroadcastOptions;
/// let options = BroadcastOptions::default().concurrency(2).send_to_those_that_accept(true);
/// # let _ = options;
/// ```
#[derive(Debug, Clone)]
pub struct BroadcastOptions {
    concurrency: usize,
    partial: bool,
    clock: Arc<dyn Clock>,
}

impl Default for BroadcastOptions {
    fn default() -> Self {
        BroadcastOptions {
            concurrency: DEFAULT_CONCURRENCY,
            partial: false,
            clock: Arc::new(SystemClock),
        }
    }
}

impl BroadcastOptions {
    /// At most `n` targets published at once (at least 1; default [`DEFAULT_CONCURRENCY`]).
    #[must_use]
    pub fn concurrency(mut self, n: usize) -> Self {
        self.concurrency = n.max(1);
        self
    }

    /// When some targets refuse the draft, still send it to those that accept (default: send
    /// to none).
    #[must_use]
    pub fn send_to_those_that_accept(mut self, yes: bool) -> Self {
        self.partial = yes;
        self
    }

    /// The clock that dates each attempt (kept in [`Outcome::Unconfirmed`] for reconciling).
    #[must_use]
    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    fn now(&self) -> DateTime<Utc> {
        self.clock.now().into()
    }
}

/// Why a target was not sent the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum SkipReason {
    /// An [`Override`](crate::Override) leaves it out.
    Override,
    /// Another target refused the draft, and the broadcast sends to all or none.
    OthersRefused,
}

/// What happened for one target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Outcome {
    /// Published.
    Published {
        /// The post.
        published: Published,
    },
    /// Definitely not published: the draft broke a rule, or the network refused it before
    /// anything was created.
    Refused {
        /// Every problem.
        problems: Vec<Problem>,
        /// Whether the same draft may succeed later unchanged (a rate limit, an outage before
        /// sending), as opposed to a rule it breaks.
        retryable: bool,
    },
    /// May have been published: reconcile before sending again ([`follow_up`] does).
    Unconfirmed {
        /// What happened.
        error: String,
        /// What the adapter created on the way (uploaded media, earlier parts).
        created: Vec<Created>,
        /// When the attempt started (reconciling searches from there).
        attempted_at: DateTime<Utc>,
        /// Why the last [`follow_up`] could not settle it (reconciling answered
        /// [`Unknown`](Reconciled::Unknown) or failed); `None` before any follow-up.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reconcile: Option<String>,
    },
    /// The network refused the draft as a duplicate of content it already holds (an earlier
    /// attempt, or an earlier post with the same text): nothing new was published, and
    /// [`follow_up`] never sends it again.
    Duplicate {
        /// The post already holding the content, when the network names it.
        existing: Option<PostId>,
        /// What the network said.
        message: String,
    },
    /// Not sent.
    Skipped {
        /// Why.
        reason: SkipReason,
    },
}

/// One target's line of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TargetReport {
    /// Who.
    pub target: Target,
    /// What happened.
    pub outcome: Outcome,
}

/// The result of a broadcast, one entry per target in the order given. Keeps the draft, so
/// that [`follow_up`] reconciles and re-sends the same one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct BroadcastReport {
    /// The draft broadcast.
    pub draft: Post,
    /// One line per target.
    pub targets: Vec<TargetReport>,
}

impl BroadcastReport {
    /// The line of `target`.
    pub fn get(&self, target: &TargetId) -> Option<&TargetReport> {
        self.targets.iter().find(|t| &t.target.id == target)
    }

    /// The posts published.
    pub fn published(&self) -> impl Iterator<Item = (&Target, &Published)> {
        self.targets.iter().filter_map(|t| match &t.outcome {
            Outcome::Published { published } => Some((&t.target, published)),
            _ => None,
        })
    }

    /// Whether nothing is left to follow up: no target unconfirmed or refused (a duplicate is
    /// settled: the content is already there).
    pub fn settled(&self) -> bool {
        self.targets.iter().all(|t| {
            matches!(
                t.outcome,
                Outcome::Published { .. }
                    | Outcome::Duplicate { .. }
                    | Outcome::Skipped {
                        reason: SkipReason::Override
                    }
            )
        })
    }

    /// Whether nothing was sent because a target refused the draft.
    pub fn refused_by_some(&self) -> bool {
        self.targets.iter().any(|t| {
            matches!(
                t.outcome,
                Outcome::Skipped {
                    reason: SkipReason::OthersRefused
                }
            )
        })
    }
}

impl fmt::Display for BroadcastReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for t in &self.targets {
            write!(f, "{}: ", t.target)?;
            match &t.outcome {
                Outcome::Published { published } => match &published.url {
                    Some(url) => writeln!(f, "published {} ({url})", published.id)?,
                    None => writeln!(f, "published {}", published.id)?,
                },
                Outcome::Refused {
                    problems,
                    retryable,
                } => {
                    let what = if *retryable {
                        "failed, may be sent again"
                    } else {
                        "refused"
                    };
                    writeln!(f, "{what}")?;
                    for p in problems {
                        writeln!(f, "  - {p}")?;
                    }
                }
                Outcome::Unconfirmed {
                    error,
                    created,
                    reconcile,
                    ..
                } => {
                    writeln!(f, "UNCONFIRMED (reconcile before sending again): {error}")?;
                    for c in created {
                        writeln!(f, "  created on the way: {c}")?;
                    }
                    if let Some(why) = reconcile {
                        writeln!(f, "  still unconfirmed: {why}")?;
                    }
                }
                Outcome::Duplicate { existing, message } => match existing {
                    Some(id) => writeln!(f, "duplicate of {id}, not sent again: {message}")?,
                    None => writeln!(f, "duplicate, not sent again: {message}")?,
                },
                Outcome::Skipped {
                    reason: SkipReason::Override,
                } => writeln!(f, "skipped (override)")?,
                Outcome::Skipped {
                    reason: SkipReason::OthersRefused,
                } => writeln!(f, "not sent (another target refused the draft)")?,
            }
        }
        Ok(())
    }
}

/// The outcome of one publishing attempt.
fn outcome_of(result: crate::Result<Published>, attempted_at: DateTime<Utc>) -> Outcome {
    match result {
        Ok(published) => Outcome::Published { published },
        Err(e @ Error::Unconfirmed { .. }) => Outcome::Unconfirmed {
            created: e.created().to_vec(),
            error: e.to_string(),
            attempted_at,
            reconcile: None,
        },
        Err(Error::Duplicate {
            existing, message, ..
        }) => Outcome::Duplicate {
            existing: existing.map(PostId::new),
            message,
        },
        Err(e) => Outcome::Refused {
            retryable: e.is_retryable(),
            problems: Problem::all_of(&e),
        },
    }
}

/// Publishes `jobs` (index, publisher, draft) at most `concurrency` at a time.
async fn publish_all(
    jobs: Vec<(usize, &dyn Publisher, Post)>,
    options: &BroadcastOptions,
) -> Vec<(usize, Outcome)> {
    stream::iter(jobs)
        .map(|(i, publisher, post)| async move {
            let attempted_at = options.now();
            (i, outcome_of(publisher.publish(&post).await, attempted_at))
        })
        .buffer_unordered(options.concurrency)
        .collect()
        .await
}

/// Broadcasts `draft` to `targets`: see the [module](self) for the rules. Two targets with the
/// same [`TargetId`] are both refused (offline, so nothing is sent unless
/// [`send_to_those_that_accept`](BroadcastOptions::send_to_those_that_accept)).
pub async fn broadcast(
    targets: &[&dyn Publisher],
    draft: &Post,
    options: &BroadcastOptions,
) -> BroadcastReport {
    let ids: Vec<Target> = targets.iter().map(|t| t.target()).collect();
    let dup = duplicates(&ids);
    // 1. Validate everything, offline.
    let mut outcomes: Vec<Option<Outcome>> = Vec::with_capacity(targets.len());
    let mut jobs = Vec::new();
    for (i, (publisher, target)) in targets.iter().zip(&ids).enumerate() {
        let Some(resolved) = draft.for_target(&target.id) else {
            outcomes.push(Some(Outcome::Skipped {
                reason: SkipReason::Override,
            }));
            continue;
        };
        let mut problems = match publisher.validate(&resolved) {
            Ok(()) => Vec::new(),
            Err(e) => Problem::all_of(&e),
        };
        if dup.contains(&target.id) {
            problems.push(Problem::duplicate(&target.id));
        }
        if problems.is_empty() {
            outcomes.push(None);
            jobs.push((i, *publisher, resolved));
        } else {
            outcomes.push(Some(Outcome::Refused {
                problems,
                retryable: false,
            }));
        }
    }
    let any_refused = outcomes
        .iter()
        .any(|o| matches!(o, Some(Outcome::Refused { .. })));
    if any_refused && !options.partial {
        for o in outcomes.iter_mut().filter(|o| o.is_none()) {
            *o = Some(Outcome::Skipped {
                reason: SkipReason::OthersRefused,
            });
        }
        jobs.clear();
    }
    // 2. Publish the accepted ones, bounded.
    for (i, outcome) in publish_all(jobs, options).await {
        outcomes[i] = Some(outcome);
    }
    BroadcastReport {
        draft: draft.clone(),
        targets: ids
            .into_iter()
            .zip(outcomes)
            .map(|(target, outcome)| TargetReport {
                target,
                // Every index was filled above: skipped, refused, or published.
                outcome: outcome.unwrap_or(Outcome::Skipped {
                    reason: SkipReason::OthersRefused,
                }),
            })
            .collect(),
    }
}

/// A target [`follow_up`] can settle: it publishes and reconciles. Every type implementing
/// both is one.
pub trait Resend: Publisher + Reconcile {}

impl<T: Publisher + Reconcile + ?Sized> Resend for T {}

/// What the follow-up does for one line.
enum Step<'a> {
    Keep(Outcome),
    Send(&'a dyn Resend, Post),
    Reconcile(&'a dyn Resend, Post, Outcome),
}

/// Settles a report: each [`Unconfirmed`](Outcome::Unconfirmed) target is reconciled and sent
/// again only when reconciling answers [`NotFound`](Reconciled::NotFound) (`Found` becomes
/// `Published`; `Unknown` or an error leaves it unconfirmed, saying why); each
/// [`Refused`](Outcome::Refused) one is sent again (validated first, as every publish is);
/// published, duplicate and skipped ones are left as they are. `targets` are matched to the report's
/// lines by [`TargetId`]; a line without its target is left as it is.
///
/// A broadcast that sent nothing because a target refused is not sent by a follow-up: fix the
/// draft and broadcast again.
pub async fn follow_up(
    report: &BroadcastReport,
    targets: &[&dyn Resend],
    options: &BroadcastOptions,
) -> BroadcastReport {
    let find = |id: &TargetId| targets.iter().copied().find(|t| &t.target().id == id);
    let steps: Vec<Step<'_>> = report
        .targets
        .iter()
        .map(|line| {
            let resolved = report.draft.for_target(&line.target.id);
            match (&line.outcome, find(&line.target.id), resolved) {
                (Outcome::Refused { .. }, Some(t), Some(post)) => Step::Send(t, post),
                (Outcome::Unconfirmed { .. }, Some(t), Some(post)) => {
                    Step::Reconcile(t, post, line.outcome.clone())
                }
                _ => Step::Keep(line.outcome.clone()),
            }
        })
        .collect();
    let outcomes: Vec<(usize, Outcome)> = stream::iter(steps.into_iter().enumerate())
        .map(|(i, step)| async move {
            let outcome = match step {
                Step::Keep(o) => o,
                Step::Send(t, post) => {
                    let at = options.now();
                    outcome_of(t.publish(&post).await, at)
                }
                Step::Reconcile(t, post, before) => {
                    let Outcome::Unconfirmed { attempted_at, .. } = &before else {
                        return (i, before);
                    };
                    match t.reconcile(&post, *attempted_at).await {
                        Ok(Reconciled::Found(id)) => Outcome::Published {
                            published: found(t, id),
                        },
                        Ok(Reconciled::NotFound) => {
                            let at = options.now();
                            outcome_of(t.publish(&post).await, at)
                        }
                        Ok(Reconciled::Unknown { reason }) => still_unconfirmed(
                            before,
                            format!("reconciling could not tell: {reason}"),
                        ),
                        Err(e) => still_unconfirmed(before, format!("reconciling failed: {e}")),
                    }
                }
            };
            (i, outcome)
        })
        .buffer_unordered(options.concurrency)
        .collect()
        .await;
    let mut lines = report.targets.clone();
    for (i, outcome) in outcomes {
        lines[i].outcome = outcome;
    }
    BroadcastReport {
        draft: report.draft.clone(),
        targets: lines,
    }
}

/// An unconfirmed line kept as it was, with why the follow-up could not settle it.
fn still_unconfirmed(before: Outcome, why: String) -> Outcome {
    match before {
        Outcome::Unconfirmed {
            error,
            created,
            attempted_at,
            ..
        } => Outcome::Unconfirmed {
            error,
            created,
            attempted_at,
            reconcile: Some(why),
        },
        other => other,
    }
}

/// A post reconciling found: its id, no address (the network gave none on this path).
fn found(target: &dyn Resend, id: PostId) -> Published {
    Published::new(target.target().network(), id, None)
}
