//! The follow-up never re-sends what a network already holds, and says why a line stays
//! unconfirmed (review findings on the cross-network layer).

use std::sync::Mutex;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use social_core::broadcast::{BroadcastOptions, Outcome, broadcast, follow_up};
use social_core::reconcile::Reconciled;
use social_core::{
    Capabilities, Error, Identity, LengthCounting, Network, Post, PostId, Published, Publisher,
    Reconcile, Result, Target,
};

/// How the little adapter below answers a publish.
#[derive(Clone, Copy)]
enum Answer {
    /// LinkedIn's `DUPLICATE_POST`: the content is already there, as this post.
    Duplicate,
    /// A timeout after sending: the outcome is unknown.
    Unknown,
}

/// An adapter written for the test: it counts what it is asked to publish.
struct Counting {
    answer: Answer,
    /// What reconciling answers: `None` is an error.
    reconciled: Option<Reconciled>,
    publishes: Mutex<u32>,
}

impl Counting {
    fn new(answer: Answer, reconciled: Option<Reconciled>) -> Self {
        Counting {
            answer,
            reconciled,
            publishes: Mutex::new(0),
        }
    }

    fn publishes(&self) -> u32 {
        *self.publishes.lock().unwrap()
    }
}

impl Identity for Counting {
    fn target(&self) -> Target {
        Target::new(Network::LinkedIn, "urn:li:person:abc", "Camille")
    }
}

#[async_trait]
impl Publisher for Counting {
    fn network(&self) -> Network {
        Network::LinkedIn
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities::new(Network::LinkedIn, 3000, LengthCounting::Utf16)
    }

    fn validate(&self, _post: &Post) -> Result<()> {
        Ok(())
    }

    async fn publish(&self, _post: &Post) -> Result<Published> {
        *self.publishes.lock().unwrap() += 1;
        Err(match self.answer {
            Answer::Duplicate => Error::Duplicate {
                network: Network::LinkedIn,
                message: "Content is a duplicate of urn:li:share:1".into(),
                existing: Some("urn:li:share:1".into()),
                api: None,
            },
            Answer::Unknown => Error::unconfirmed(
                Network::LinkedIn,
                "POST /rest/posts",
                "corr-1",
                Error::Transport {
                    network: Network::LinkedIn,
                    kind: social_core::TransportErrorKind::Timeout,
                    message: "timed out".into(),
                    source: None,
                },
            ),
        })
    }

    async fn delete(&self, _id: &PostId) -> Result<()> {
        Ok(())
    }
}

#[async_trait]
impl Reconcile for Counting {
    async fn reconcile(&self, _draft: &Post, _attempted_at: DateTime<Utc>) -> Result<Reconciled> {
        self.reconciled.clone().ok_or_else(|| Error::Auth {
            network: Network::LinkedIn,
            kind: social_core::AuthErrorKind::MissingPermission {
                scope: Some("r_member_social".into()),
            },
            message: "reading the member's posts needs r_member_social".into(),
            api: None,
        })
    }
}

#[tokio::test]
async fn review2_a_duplicate_is_settled_and_never_sent_again() {
    let li = Counting::new(Answer::Duplicate, Some(Reconciled::NotFound));
    let draft = Post::new("Our Lyon office opens on 1 March");
    let options = BroadcastOptions::default();
    let report = broadcast(&[&li], &draft, &options).await;
    match &report.targets[0].outcome {
        Outcome::Duplicate { existing, .. } => {
            assert_eq!(
                existing.as_ref().map(PostId::as_str),
                Some("urn:li:share:1")
            );
        }
        other => panic!("expected a duplicate, got {other:?}"),
    }
    assert!(report.settled(), "{report}");
    assert!(
        report.to_string().contains("duplicate of urn:li:share:1"),
        "{report}"
    );

    let again = follow_up(&report, &[&li], &options).await;
    assert_eq!(li.publishes(), 1, "the follow-up sent a duplicate again");
    assert_eq!(again, report);
}

#[tokio::test]
async fn review6_a_line_reconciling_cannot_settle_says_why() {
    let options = BroadcastOptions::default();
    let draft = Post::new("Our Lyon office opens on 1 March");

    // Reconciling fails (a member without the scope to read their posts).
    let li = Counting::new(Answer::Unknown, None);
    let report = broadcast(&[&li], &draft, &options).await;
    let after = follow_up(&report, &[&li], &options).await;
    assert_eq!(li.publishes(), 1, "sent again without reconciling");
    match &after.targets[0].outcome {
        Outcome::Unconfirmed { reconcile, .. } => {
            let why = reconcile.as_deref().unwrap_or_default();
            assert!(why.contains("reconciling failed"), "{why}");
            assert!(why.contains("r_member_social"), "{why}");
        }
        other => panic!("expected unconfirmed, got {other:?}"),
    }
    assert!(after.to_string().contains("still unconfirmed"), "{after}");

    // Reconciling cannot tell.
    let li = Counting::new(
        Answer::Unknown,
        Some(Reconciled::Unknown {
            reason: "a post without a date".into(),
        }),
    );
    let report = broadcast(&[&li], &draft, &options).await;
    let after = follow_up(&report, &[&li], &options).await;
    assert_eq!(li.publishes(), 1);
    match &after.targets[0].outcome {
        Outcome::Unconfirmed { reconcile, .. } => assert_eq!(
            reconcile.as_deref(),
            Some("reconciling could not tell: a post without a date")
        ),
        other => panic!("expected unconfirmed, got {other:?}"),
    }
    // The note survives a round trip through JSON (an application keeps reports).
    let json = serde_json::to_string(&after).unwrap();
    assert_eq!(
        serde_json::from_str::<social_core::broadcast::BroadcastReport>(&json).unwrap(),
        after
    );
}

/// An adapter that does not know yet which account it is (`me`), as `XAccount::new` builds.
struct Unresolved;

impl Identity for Unresolved {
    fn target(&self) -> Target {
        Target::new(Network::X, "me", "the signed-in X account")
    }
}

/// The same account, built with its id.
struct Resolved;

impl Identity for Resolved {
    fn target(&self) -> Target {
        Target::new(Network::X, "2244994945", "@camille_avocate")
    }
}

macro_rules! sends_nothing {
    ($ty:ty) => {
        #[async_trait]
        impl Publisher for $ty {
            fn network(&self) -> Network {
                Network::X
            }
            fn capabilities(&self) -> Capabilities {
                Capabilities::new(Network::X, 280, LengthCounting::Characters)
            }
            fn validate(&self, _post: &Post) -> Result<()> {
                Ok(())
            }
            async fn publish(&self, _post: &Post) -> Result<Published> {
                panic!("a target that may be another one twice was sent the post")
            }
            async fn delete(&self, _id: &PostId) -> Result<()> {
                Ok(())
            }
        }
    };
}
sends_nothing!(Unresolved);
sends_nothing!(Resolved);

#[tokio::test]
async fn review9_an_unresolved_me_beside_another_account_of_its_network_is_refused() {
    let draft = Post::new("Our Lyon office opens on 1 March");
    let report = broadcast(
        &[&Unresolved, &Resolved],
        &draft,
        &BroadcastOptions::default(),
    )
    .await;
    for line in &report.targets {
        match &line.outcome {
            Outcome::Refused { problems, .. } => assert!(
                problems[0].message.contains("may be the same identity"),
                "{report}"
            ),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }
}
