//! Reactions and likes: counts by type in one call (`summary(total_count)` with `limit(0)`),
//! and the lists of who reacted. Reaction types are open-ended: a type Graph adds later is kept.

use std::collections::BTreeMap;

use serde_json::Value;
use social_core::Result;
use social_core::http::RequestSpec;

use crate::client::FacebookClient;
use crate::list::GraphList;
use crate::models::{Reaction, ReactionType, Summary};

/// Reactions. Get it with [`FacebookClient::reactions`].
#[derive(Debug, Clone)]
pub struct Reactions {
    client: FacebookClient,
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

fn alias(kind: &ReactionType) -> String {
    // Aliases must be plain identifiers; an unknown type's text is reduced to its letters.
    let letters: String = kind
        .as_str()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    format!("r_{letters}")
}

impl Reactions {
    pub(crate) fn new(client: FacebookClient) -> Self {
        Reactions { client }
    }

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
    pub async fn counts(&self, object: &str) -> Result<ReactionCounts> {
        self.counts_of(object, ReactionType::COMMON).await
    }

    /// Counts of the given types (open-ended: any type Graph knows) and the total, in one call:
    /// `reactions.type(T).limit(0).summary(total_count).as(alias)` per type.
    pub async fn counts_of(
        &self,
        object: &str,
        kinds: impl IntoIterator<Item = ReactionType>,
    ) -> Result<ReactionCounts> {
        let kinds: Vec<ReactionType> = kinds.into_iter().collect();
        let mut fields = vec!["reactions.limit(0).summary(total_count).as(r_total)".to_string()];
        for k in &kinds {
            fields.push(format!(
                "reactions.type({}).limit(0).summary(total_count).as({})",
                k.as_str(),
                alias(k)
            ));
        }
        let node: Value = self
            .client
            .send(
                RequestSpec::get("")
                    .segment(object)
                    .query("fields", fields.join(","))
                    .endpoint("GET /:object?fields=reactions"),
            )
            .await?;
        let count = |key: &str| {
            node.get(key)
                .and_then(|e| e.pointer("/summary/total_count"))
                .and_then(|v| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                })
                .unwrap_or(0)
        };
        let mut out = ReactionCounts {
            total: count("r_total"),
            by_type: BTreeMap::new(),
        };
        for k in &kinds {
            out.by_type.insert(k.as_str().to_string(), count(&alias(k)));
        }
        Ok(out)
    }

    /// Who reacted (`GET /{object-id}/reactions`), optionally of one type.
    ///
    /// ```no_run
    /// use social_facebook::models::ReactionType;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let loves = page.reactions().list("200000000000001_17").kind(ReactionType::Love).summary().send().await?;
    /// for r in loves.items { println!("{:?}", r.name); }
    /// # Ok(()) }
    /// ```
    pub fn list(&self, object: &str) -> GraphList<Reaction> {
        GraphList::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(object)
                .path("reactions")
                .endpoint("GET /:object/reactions"),
            &["id", "name", "type"],
        )
    }

    /// The likes summary (`total_count`, `can_like`, `has_liked`) without the list
    /// (`GET /{object-id}/likes?summary=true&limit=0`).
    pub async fn likes_summary(&self, object: &str) -> Result<Summary> {
        let page = GraphList::<Value>::new(
            self.client.clone(),
            RequestSpec::get("")
                .segment(object)
                .path("likes")
                .endpoint("GET /:object/likes"),
            &[],
        )
        .param("summary", "true")
        .limit(0)
        .send()
        .await?;
        Ok(page.summary.unwrap_or_default())
    }
}

impl GraphList<Reaction> {
    /// Only reactions of this type.
    pub fn kind(self, kind: ReactionType) -> Self {
        self.param("type", kind.as_str())
    }

    /// Adds the summary (`total_count`, `viewer_reaction`) to each page.
    pub fn summary(self) -> Self {
        self.param("summary", "total_count")
    }
}
