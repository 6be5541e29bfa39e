//! The Social Metadata API, `/rest/socialMetadata`
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/social-metadata-api>):
//! get one entity's summary, the batch get (`ids=List(…)`, answered with `results`,
//! `statuses` and `errors`), and opening or closing comments (`PARTIAL_UPDATE` with
//! `?actor=`).
//!
//! The summary is rendered from counters kept as comments and reactions come and go, so a read
//! costs the same however many comments a post has: `reactionSummaries` holds the types with at
//! least one reaction, `commentSummary` every comment (`count`) and the top-level ones
//! (`topLevelCount`).

use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};

use super::Ctx;
use super::comments::{denied, entity_exists, may_act, urn_key};
use super::restli::restli_value;
use super::state::LinkedInState;
use super::wire::{Answer, Reply, illegal_argument, not_found, validation};

/// The counters of one entity.
#[derive(Debug, Default, Clone)]
pub(crate) struct Counter {
    reactions: BTreeMap<String, u64>,
    comments: u64,
    top_level: u64,
    closed: bool,
}

/// The counters of every entity that has any.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    by_entity: HashMap<String, Counter>,
}

impl Counters {
    fn entry(&mut self, entity: &str) -> &mut Counter {
        self.by_entity.entry(entity.to_owned()).or_default()
    }

    pub(crate) fn closed(&self, entity: &str) -> bool {
        self.by_entity.get(entity).is_some_and(|c| c.closed)
    }

    /// A comment on `object`, answering `parent` when it is a reply.
    pub(crate) fn comment_added(&mut self, object: &str, parent: Option<&str>) {
        let post = self.entry(object);
        post.comments += 1;
        match parent {
            None => post.top_level += 1,
            Some(p) => {
                let c = self.entry(p);
                c.comments += 1;
                c.top_level += 1;
            }
        }
    }

    /// The comment `urn` (with its `replies` live replies) deleted.
    pub(crate) fn comment_removed(
        &mut self,
        object: &str,
        parent: Option<&str>,
        urn: &str,
        replies: u64,
    ) {
        let post = self.entry(object);
        post.comments = post.comments.saturating_sub(1 + replies);
        match parent {
            None => post.top_level = post.top_level.saturating_sub(1),
            Some(p) => {
                let c = self.entry(p);
                c.comments = c.comments.saturating_sub(1);
                c.top_level = c.top_level.saturating_sub(1);
            }
        }
        self.by_entity.remove(urn);
    }

    pub(crate) fn reaction_added(&mut self, entity: &str, kind: &str) {
        *self
            .entry(entity)
            .reactions
            .entry(kind.to_owned())
            .or_default() += 1;
    }

    pub(crate) fn reaction_removed(&mut self, entity: &str, kind: &str) {
        let c = self.entry(entity);
        if let Some(n) = c.reactions.get_mut(kind) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                c.reactions.remove(kind);
            }
        }
    }

    /// The summary of `entity`, as the API serves it.
    fn wire(&self, entity: &str) -> Value {
        let c = self.by_entity.get(entity).cloned().unwrap_or_default();
        let summaries: serde_json::Map<String, Value> = c
            .reactions
            .iter()
            .map(|(kind, n)| (kind.clone(), json!({ "reactionType": kind, "count": n })))
            .collect();
        json!({
            "reactionSummaries": summaries,
            "commentsState": if c.closed { "CLOSED" } else { "OPEN" },
            "commentSummary": { "count": c.comments, "topLevelCount": c.top_level },
            "entity": entity,
        })
    }
}

fn may_read(ctx: &Ctx<'_>) -> bool {
    ctx.has("r_member_social") || ctx.has("r_organization_social")
}

/// `GET /rest/socialMetadata/{encoded URN}`.
pub(super) fn get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let raw = ctx.call.segments.get(2).map(String::as_str).unwrap_or("");
    let urn = urn_key(raw)?;
    if !may_read(ctx) {
        return Err(denied(ctx, "socialMetadata", "GET"));
    }
    if !entity_exists(state, &urn) {
        return Err(not_found());
    }
    Ok(Reply::json(200, state.social.wire(&urn)))
}

/// The URNs of `List(a,b,…)` (already percent-decoded by the query parser), read by the
/// fake's one Rest.li reader, which keeps comment URNs whole.
fn list_items(raw: &str) -> Option<Vec<String>> {
    let Some(Value::Array(items)) = restli_value(raw) else {
        return None;
    };
    items
        .into_iter()
        .map(|item| match item {
            Value::String(urn) if urn.starts_with("urn:li:") => Some(urn),
            _ => None,
        })
        .collect::<Option<Vec<_>>>()
        .filter(|urns| !urns.is_empty())
}

/// `GET /rest/socialMetadata?ids=List(…)`.
pub(super) fn batch_get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let ids = ctx
        .call
        .param("ids")
        .and_then(list_items)
        .ok_or_else(|| illegal_argument("Invalid value for parameter 'ids'"))?;
    if !may_read(ctx) {
        return Err(denied(ctx, "socialMetadata", "BATCH_GET"));
    }
    let (mut results, mut statuses, mut errors) = (
        serde_json::Map::new(),
        serde_json::Map::new(),
        serde_json::Map::new(),
    );
    for urn in ids {
        if entity_exists(state, &urn) {
            results.insert(urn.clone(), state.social.wire(&urn));
            statuses.insert(urn, json!(200));
        } else {
            statuses.insert(urn.clone(), json!(404));
            errors.insert(urn, json!({ "status": 404, "message": "Not Found" }));
        }
    }
    Ok(Reply::json(
        200,
        json!({ "results": results, "statuses": statuses, "errors": errors }),
    ))
}

/// `POST /rest/socialMetadata/{encoded URN}?actor=…` (`PARTIAL_UPDATE`,
/// `{"patch":{"$set":{"commentsState":…}}}`): the post's author opens or closes comments.
pub(super) fn set_comments_state(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let raw = ctx.call.segments.get(2).map(String::as_str).unwrap_or("");
    let urn = urn_key(raw)?;
    let actor = ctx
        .call
        .param("actor")
        .ok_or_else(|| illegal_argument("Parameter 'actor' is required"))?
        .to_owned();
    let body: Value = serde_json::from_slice(&ctx.call.body).unwrap_or(Value::Null);
    let set = body.get("patch").and_then(|p| p.get("$set"));
    let only = body.as_object().is_some_and(|b| b.len() == 1)
        && body["patch"].as_object().is_some_and(|p| p.len() == 1)
        && set.and_then(Value::as_object).is_some_and(|s| s.len() == 1);
    let closed = match set
        .and_then(|s| s.get("commentsState"))
        .and_then(Value::as_str)
    {
        Some("OPEN") if only => false,
        Some("CLOSED") if only => true,
        _ => {
            return Err(validation(&[
                "ERROR :: /patch/$set/commentsState :: only commentsState OPEN or CLOSED can be set"
                    .to_owned(),
            ]));
        }
    };
    let Some(author) = state
        .posts
        .get(&urn)
        .filter(|p| !p.deleted)
        .map(|p| p.author.clone())
    else {
        return Err(not_found());
    };
    if actor != author || !may_act(state, ctx, &actor, true) {
        return Err(denied(ctx, "socialMetadata", "PARTIAL_UPDATE"));
    }
    state.social.entry(&urn).closed = closed;
    Ok(Reply::empty(204))
}

impl LinkedInState {
    /// The summary the Social Metadata API would serve for `entity` now.
    pub fn social_metadata(&self, entity: &str) -> Value {
        self.social.wire(entity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_follow_comments_replies_and_reactions() {
        let mut c = Counters::default();
        c.comment_added("urn:li:share:1", None);
        c.comment_added("urn:li:share:1", Some("urn:li:comment:(urn:li:share:1,9)"));
        c.reaction_added("urn:li:share:1", "LIKE");
        let w = c.wire("urn:li:share:1");
        assert_eq!(w["commentSummary"], json!({"count": 2, "topLevelCount": 1}));
        assert_eq!(w["reactionSummaries"]["LIKE"]["count"], 1);
        c.comment_removed(
            "urn:li:share:1",
            None,
            "urn:li:comment:(urn:li:share:1,9)",
            1,
        );
        c.reaction_removed("urn:li:share:1", "LIKE");
        let w = c.wire("urn:li:share:1");
        assert_eq!(w["commentSummary"], json!({"count": 0, "topLevelCount": 0}));
        assert_eq!(w["reactionSummaries"], json!({}));
    }

    #[test]
    fn batch_ids_keep_comment_urns_whole() {
        assert_eq!(
            list_items("List(urn:li:share:1,urn:li:comment:(urn:li:share:1,2))").unwrap(),
            ["urn:li:share:1", "urn:li:comment:(urn:li:share:1,2)"]
        );
        assert!(list_items("urn:li:share:1").is_none());
        assert!(list_items("List()").is_none());
        assert!(list_items("List(urn:li:share:1,7)").is_none());
    }
}
