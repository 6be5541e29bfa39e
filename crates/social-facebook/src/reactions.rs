//! Reactions and likes: counts by type in one call (`summary(total_count)` with `limit(0)`),
//! and the lists of who reacted. Reaction types are open-ended: a type Graph adds later is kept.

use std::collections::BTreeMap;

use serde_json::Value;
use social_core::http::RequestSpec;
use social_core::{Error, Listing, Network, Result, Violation, ViolationKind};

use crate::client::FacebookClient;
use crate::list::ListBuilder;
use crate::models::{ObjectId, Reaction, ReactionType, Summary};

/// Reactions. Get it with [`FacebookClient::reactions`].
#[derive(Debug, Clone)]
pub struct Reactions {
    client: FacebookClient,
}

impl FacebookClient {
    /// Reactions and likes.
    pub fn reactions(&self) -> Reactions {
        Reactions {
            client: self.clone(),
        }
    }
}

/// Reaction counts of one object.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReactionCounts {
    /// All reactions.
    pub total: u64,
    /// Per type, for the types asked for (a type with no reaction is 0).
    pub by_type: BTreeMap<String, u64>,
}

impl ReactionCounts {
    /// The count of one type (0 when it was not asked for).
    pub fn of(&self, kind: &ReactionType) -> u64 {
        self.by_type.get(kind.as_str()).copied().unwrap_or(0)
    }
}

/// The alias of the `i`-th type in the request (indices cannot collide, whatever the types).
fn alias(i: usize) -> String {
    format!("r{i}")
}

/// The alias of the total.
const TOTAL_ALIAS: &str = "r_all";

/// A reaction type goes inside `reactions.type(…)`: only Graph's spelling (capitals, digits,
/// `_`) is sent, so a type cannot alter the field expression.
fn kind_violation(kind: &ReactionType) -> Option<Violation> {
    let k = kind.as_str();
    let ok = !k.is_empty()
        && k.len() <= 32
        && k.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
    (!ok).then(|| {
        Violation::new(
            "type",
            ViolationKind::Malformed,
            format!(
                "{:?} is not a reaction type (Graph writes them in capitals, like LOVE)",
                k.chars().take(32).collect::<String>()
            ),
        )
    })
}

impl Reactions {
    /// Counts of the [common types](ReactionType::COMMON) and the total, in one call.
    ///
    /// ```no_run
    /// use social_facebook::models::ReactionType;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let counts = page.reactions().counts("200000000000001_17").await?;
    /// println!("{} reactions, {} ❤️", counts.total, counts.of(&ReactionType::Love));
    /// # Ok(()) }
    /// ```
    pub async fn counts<O: ObjectId + ?Sized>(&self, object: &O) -> Result<ReactionCounts> {
        self.counts_of(object, ReactionType::COMMON).await
    }

    /// Counts of the given types (open-ended: any type Graph knows) and the total, in one call:
    /// `reactions.type(T).limit(0).summary(total_count).as(alias)` per type.
    pub async fn counts_of<O: ObjectId + ?Sized>(
        &self,
        object: &O,
        kinds: impl IntoIterator<Item = ReactionType>,
    ) -> Result<ReactionCounts> {
        let kinds: Vec<ReactionType> = kinds.into_iter().collect();
        Error::check_violations(
            Network::Facebook,
            kinds.iter().filter_map(kind_violation).collect(),
        )?;
        let mut fields = vec![format!(
            "reactions.limit(0).summary(total_count).as({TOTAL_ALIAS})"
        )];
        for (i, k) in kinds.iter().enumerate() {
            fields.push(format!(
                "reactions.type({}).limit(0).summary(total_count).as({})",
                k.as_str(),
                alias(i)
            ));
        }
        let node: Value = self
            .client
            .send(
                RequestSpec::get("")
                    .segment(object.object_id())
                    .query("fields", fields.join(","))
                    .endpoint("GET /:object?fields=reactions"),
            )
            .await?;
        // A count Graph did not send is an error, never a silent 0.
        let count = |key: &str, what: &str| -> Result<u64> {
            node.get(key)
                .and_then(|e| e.pointer("/summary/total_count"))
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                })
                .ok_or_else(|| Error::Protocol {
                    network: Network::Facebook,
                    message: format!("Graph answered without the {what} reaction count"),
                })
        };
        let mut out = ReactionCounts {
            total: count(TOTAL_ALIAS, "total")?,
            by_type: BTreeMap::new(),
        };
        for (i, k) in kinds.iter().enumerate() {
            out.by_type
                .insert(k.as_str().to_string(), count(&alias(i), k.as_str())?);
        }
        Ok(out)
    }

    /// Who reacted (`GET /{object-id}/reactions`), optionally of one type.
    ///
    /// ```no_run
    /// use social_facebook::Listing;
    /// use social_facebook::models::ReactionType;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let loves = page.reactions().list("200000000000001_17").kind(ReactionType::Love).summary().send().await?;
    /// for r in loves.items { println!("{:?}", r.name); }
    /// # Ok(()) }
    /// ```
    pub fn list<O: ObjectId + ?Sized>(&self, object: &O) -> ListBuilder<Reaction> {
        ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(object.object_id())
                .path("reactions")
                .endpoint("GET /:object/reactions"),
            &["id", "name", "type"],
        )
    }

    /// The likes summary (`total_count`, `can_like`, `has_liked`) without the list
    /// (`GET /{object-id}/likes?summary=true&limit=0`).
    pub async fn likes_summary<O: ObjectId + ?Sized>(&self, object: &O) -> Result<Summary> {
        let page = ListBuilder::<Value>::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(object.object_id())
                .path("likes")
                .endpoint("GET /:object/likes"),
            &[],
        )
        .param("summary", "true")
        .page_size(0)
        .send()
        .await?;
        Ok(page.extra.unwrap_or_default())
    }
}

impl ListBuilder<Reaction> {
    /// Only reactions of this type.
    pub fn kind(self, kind: ReactionType) -> Self {
        self.param("type", kind.as_str())
    }

    /// Adds the summary (`total_count`, `viewer_reaction`) to each page.
    pub fn summary(self) -> Self {
        self.param("summary", "total_count")
    }
}
