//! Working across the networks: one draft everywhere ([`broadcast`]), what each target would
//! receive ([`preview`]), who listens ([`presence`]) and who waits for an answer ([`inbox`]).
//!
//! The layer is written over the capability traits only, so every adapter takes part, a user's
//! own included. **Targets are identities, not networks**: each wrapper says who it is through
//! [`Identity::target`](crate::Identity::target) (a LinkedIn member and their company page are
//! two targets), and every report, per-target [`Override`](crate::Override) and inbox cursor is
//! keyed by its [`TargetId`].
//!
//! Reports are data: each implements `Display` (for a person) and `serde` (for an
//! application's UI), and keeps one entry per target in the order the targets were given.

pub mod broadcast;
pub mod inbox;
pub mod presence;
pub mod preview;

use std::collections::BTreeSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Violation};
use crate::types::{Target, TargetId};

/// One reason a target refuses a draft, as data: the field and a sentence for people (from a
/// [`Violation`], or from another error when the refusal came from the network).
///
/// ```
/// use social_core::across::Problem;
/// use social_core::{Violation, ViolationKind};
///
/// let p = Problem::from(&Violation::new("text", ViolationKind::Empty, "write something"));
/// assert_eq!(p.to_string(), "`text`: write something");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Problem {
    /// The draft's field concerned (`text`, `media[0].alt_text`…); empty when the whole draft.
    pub field: String,
    /// What is wrong and what to do.
    pub message: String,
}

impl From<&Violation> for Problem {
    fn from(v: &Violation) -> Self {
        Problem {
            field: v.field.to_string(),
            message: v.message.clone(),
        }
    }
}

impl Problem {
    /// Every violation of an [`Error::InvalidInput`], or the error's own sentence.
    pub fn all_of(error: &Error) -> Vec<Problem> {
        match error {
            Error::InvalidInput { violations, .. } if !violations.is_empty() => {
                violations.iter().map(Problem::from).collect()
            }
            other => vec![Problem {
                field: String::new(),
                message: other.to_string(),
            }],
        }
    }

    fn duplicate(target: &TargetId) -> Problem {
        Problem {
            field: String::new(),
            message: format!(
                "two targets may be the same identity ({target}): give each wrapper its own identity (an account built without one is `me`), or leave one out"
            ),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "`{}`: {}", self.field, self.message)
        }
    }
}

/// The ids that may stand for one identity twice among `targets` (each is refused: a report
/// keyed by identity cannot hold two entries for one, and one account must not get the post
/// twice): an id that appears more than once, and an unresolved `me` (an adapter that does not
/// know yet which account it signs in as) beside another target of the same network, which may
/// well be the same account.
fn duplicates(targets: &[Target]) -> BTreeSet<TargetId> {
    let mut seen = BTreeSet::new();
    let mut out: BTreeSet<TargetId> = targets
        .iter()
        .filter(|t| !seen.insert(t.id.clone()))
        .map(|t| t.id.clone())
        .collect();
    for t in targets.iter().filter(|t| t.id.id == UNRESOLVED) {
        let network = t.id.network;
        let others: Vec<&Target> = targets
            .iter()
            .filter(|o| o.id.network == network && o.id != t.id)
            .collect();
        if !others.is_empty() {
            out.insert(t.id.clone());
            out.extend(others.into_iter().map(|o| o.id.clone()));
        }
    }
    out
}

/// The id of an identity not resolved yet (the signed-in account, whoever it is).
const UNRESOLVED: &str = "me";

/// The text of a possibly failed reading in a report: `Ok` data, or the error as a sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Reading<T> {
    /// Read.
    Read {
        /// What was read.
        value: T,
    },
    /// The network failed; the others are unaffected.
    Failed {
        /// What happened and what to do.
        error: String,
    },
}

impl<T> Reading<T> {
    fn of(result: crate::Result<T>) -> Self {
        match result {
            Ok(value) => Reading::Read { value },
            Err(e) => Reading::Failed {
                error: e.to_string(),
            },
        }
    }

    /// The value, when read.
    pub fn value(&self) -> Option<&T> {
        match self {
            Reading::Read { value } => Some(value),
            Reading::Failed { .. } => None,
        }
    }
}
