//! The Reactions API, `/rest/reactions`
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/reactions-api>):
//! create (`?actor=`, `{"root":…,"reactionType":…}`), get and delete by the compound key
//! `(actor:…,entity:…)`, and the `entity` finder (`/rest/reactions/(entity:…)?q=entity`,
//! `sort=(value:…)`, `start`/`count`).
//!
//! One reaction per actor and entity. The page documents no update; a second create for the
//! same actor and entity is refused here (409) rather than silently replacing the first, the
//! stricter of the two behaviours integrators describe, so a client that changes a reaction
//! must delete it first, which works either way. Keys must be Rest.li-encoded: a raw URN in
//! the key is a 400.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use super::Ctx;
use super::comments::{denied, entity_exists, may_act, page};
use super::restli::restli_value;
use super::schema::{self, Field, Mode, Ty, field};
use super::state::LinkedInState;
use super::wire::{
    Answer, Reply, error, illegal_argument, not_a_data_map, not_found, percent_decode, validation,
};

/// The six reaction types of the page.
pub const REACTION_TYPES: &[&str] = &[
    "LIKE",
    "PRAISE",
    "EMPATHY",
    "INTEREST",
    "APPRECIATION",
    "ENTERTAINMENT",
];

const SORTS: &[&str] = &["REVERSE_CHRONOLOGICAL", "CHRONOLOGICAL", "RELEVANCE"];

const REACTION: &[Field] = &[
    field(
        "root",
        Ty::Urn(&["share", "ugcPost", "activity", "comment"]),
    )
    .required(),
    field("reactionType", Ty::Symbol(REACTION_TYPES)).required(),
    field("id", Ty::Text).read_only(),
    field("created", Ty::Open).read_only(),
    field("lastModified", Ty::Open).read_only(),
];

/// One stored reaction.
#[derive(Debug, Clone)]
pub(crate) struct StoredReaction {
    pub(crate) kind: String,
    pub(crate) created: i64,
    /// Order of creation (for the chronological sorts).
    serial: u64,
}

/// The reactions: by `(entity, actor)`, and each entity's actors in the order they reacted.
#[derive(Debug, Default)]
pub(crate) struct ReactionStore {
    pub(crate) by_key: HashMap<(String, String), StoredReaction>,
    pub(crate) by_entity: HashMap<String, Vec<String>>,
    serial: u64,
}

fn wire(actor: &str, entity: &str, r: &StoredReaction) -> Value {
    let stamp = json!({ "actor": actor, "time": r.created });
    json!({
        "id": format!("urn:li:reaction:({actor},{entity})"),
        "reactionType": r.kind,
        "root": entity,
        "created": stamp,
        "lastModified": stamp,
    })
}

/// The record of a compound key `(k1:v1,k2:v2)` whose values are percent-encoded URNs.
/// Read by the fake's one Rest.li reader; a value with a bare `:` or parenthesis was not encoded.
fn compound_key(raw: &str) -> Option<HashMap<String, String>> {
    let Some(Value::Object(record)) = restli_value(raw) else {
        return None;
    };
    record
        .into_iter()
        .map(|(k, v)| {
            let v = v.as_str()?;
            if v.contains(['(', ')', ':']) {
                return None;
            }
            let value = percent_decode(v)?;
            value.starts_with("urn:li:").then_some((k, value))
        })
        .collect()
}

fn key_of(ctx: &Ctx<'_>, fields: &[&str]) -> Result<HashMap<String, String>, Reply> {
    let raw = ctx
        .call
        .segments
        .get(2)
        .map(String::as_str)
        .unwrap_or_default();
    compound_key(raw)
        .filter(|k| k.len() == fields.len() && fields.iter().all(|f| k.contains_key(*f)))
        .ok_or_else(|| illegal_argument(&format!("Invalid key in the path: {raw}")))
}

/// `POST /rest/reactions?actor=…`: one reaction per actor and entity; `201` with the reaction
/// and its id in `x-restli-id`.
pub(super) fn create(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let actor = ctx
        .call
        .param("actor")
        .ok_or_else(|| illegal_argument("Parameter 'actor' is required"))?
        .to_owned();
    if !schema::urn_of(&actor, &["person", "organization"]) {
        return Err(illegal_argument("Invalid value for parameter 'actor'"));
    }
    let body: Map<String, Value> = match serde_json::from_slice(&ctx.call.body) {
        Ok(Value::Object(map)) => map,
        _ => return Err(not_a_data_map()),
    };
    let mut errors = Vec::new();
    schema::validate(REACTION, &body, Mode::Create, &mut errors);
    if !errors.is_empty() {
        return Err(validation(&errors));
    }
    let entity = body["root"].as_str().unwrap_or_default().to_owned();
    let kind = body["reactionType"].as_str().unwrap_or_default().to_owned();
    if !may_act(state, ctx, &actor, true) {
        return Err(denied(ctx, "reactions", "CREATE"));
    }
    if !entity_exists(state, &entity) {
        return Err(not_found());
    }
    let key = (entity.clone(), actor.clone());
    if state.reactions.by_key.contains_key(&key) {
        return Err(error(
            409,
            None,
            None,
            "A reaction by this actor already exists on this entity; delete it first",
        ));
    }
    state.reactions.serial += 1;
    let reaction = StoredReaction {
        kind: kind.clone(),
        created: state.now_ms(),
        serial: state.reactions.serial,
    };
    let body = wire(&actor, &entity, &reaction);
    state.reactions.by_key.insert(key, reaction);
    state
        .reactions
        .by_entity
        .entry(entity.clone())
        .or_default()
        .push(actor.clone());
    state.social.reaction_added(&entity, &kind);
    Ok(Reply::json(201, body)
        .with_header("x-restli-id", format!("urn:li:reaction:({actor},{entity})")))
}

/// `GET /rest/reactions/(actor:…,entity:…)`.
pub(super) fn get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let key = key_of(ctx, &["actor", "entity"])?;
    let (actor, entity) = (&key["actor"], &key["entity"]);
    if !(ctx.has("r_member_social") || ctx.has("r_organization_social")) {
        return Err(denied(ctx, "reactions", "GET"));
    }
    let r = state
        .reactions
        .by_key
        .get(&(entity.clone(), actor.clone()))
        .ok_or_else(not_found)?;
    Ok(Reply::json(200, wire(actor, entity, r)))
}

/// `DELETE /rest/reactions/(actor:…,entity:…)`: the actor removes their reaction; `204`, 404
/// when there is none.
pub(super) fn delete(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let key = key_of(ctx, &["actor", "entity"])?;
    let (actor, entity) = (key["actor"].clone(), key["entity"].clone());
    if !may_act(state, ctx, &actor, true) {
        return Err(denied(ctx, "reactions", "DELETE"));
    }
    let removed = state
        .reactions
        .by_key
        .remove(&(entity.clone(), actor.clone()))
        .ok_or_else(not_found)?;
    if let Some(actors) = state.reactions.by_entity.get_mut(&entity) {
        actors.retain(|a| *a != actor);
    }
    state.social.reaction_removed(&entity, &removed.kind);
    Ok(Reply::empty(204))
}

/// `GET /rest/reactions/(entity:…)?q=entity`: the reactions on the entity, newest first by
/// default.
pub(super) fn find_by_entity(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let key = key_of(ctx, &["entity"])?;
    let entity = &key["entity"];
    let sort = match ctx.call.param("sort") {
        None => "REVERSE_CHRONOLOGICAL",
        Some(raw) => match restli_value(raw) {
            Some(Value::Object(sort)) if sort.len() == 1 => sort
                .get("value")
                .and_then(Value::as_str)
                .and_then(|s| SORTS.iter().copied().find(|known| *known == s)),
            _ => None,
        }
        .ok_or_else(|| illegal_argument("Invalid value for parameter 'sort'"))?,
    };
    if !(ctx.has("r_member_social") || ctx.has("r_organization_social")) {
        return Err(denied(ctx, "reactions", "FINDER-entity"));
    }
    let mut found: Vec<(&String, &StoredReaction)> = state
        .reactions
        .by_entity
        .get(entity)
        .into_iter()
        .flatten()
        .filter_map(|actor| {
            state
                .reactions
                .by_key
                .get(&(entity.clone(), actor.clone()))
                .map(|r| (actor, r))
        })
        .collect();
    found.sort_by_key(|(_, r)| r.serial);
    if sort != "CHRONOLOGICAL" {
        found.reverse();
    }
    state.scan(found.len());
    page(state, ctx, found, 100, |(actor, r)| wire(actor, entity, r))
}

impl LinkedInState {
    /// The reaction type of `actor` (a URN) on `entity`, if any.
    pub fn reaction(&self, actor: &str, entity: &str) -> Option<&str> {
        self.reactions
            .by_key
            .get(&(entity.to_owned(), actor.to_owned()))
            .map(|r| r.kind.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compound_keys_must_be_restli_encoded() {
        let key =
            compound_key("(actor:urn%3Ali%3Aperson%3Aa1,entity:urn%3Ali%3Ashare%3A1)").unwrap();
        assert_eq!(key["actor"], "urn:li:person:a1");
        assert_eq!(key["entity"], "urn:li:share:1");
        // A raw URN glued into the key is what LinkedIn cannot read.
        assert!(compound_key("(actor:urn:li:person:a1,entity:urn:li:share:1)").is_none());
        assert!(compound_key("actor:urn%3Ali%3Aperson%3Aa1").is_none());
        assert!(
            compound_key("(entity:urn%3Ali%3Acomment%3A%28urn%3Ali%3Ashare%3A1%2C2%29)").is_some()
        );
    }
}
