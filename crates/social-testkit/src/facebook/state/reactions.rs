//! Reactions: their records, seed helper and inspection helper.

use super::{Actor, GraphState, missing};

#[derive(Debug, Clone)]
pub(crate) struct Reaction {
    pub(crate) object: String,
    pub(crate) actor: Actor,
    pub(crate) kind: String,
}

impl GraphState {
    /// `actor` (a user or a Page id) reacts to `object` (post, photo or comment) with `kind`:
    /// any string, e.g. `LIKE`, `LOVE`, `CARE` or a future `FIRE` (stored upper-case). One
    /// reaction per actor and object: a new one replaces the previous.
    ///
    /// # Panics
    /// If the actor or the object is unknown.
    #[track_caller]
    pub fn add_reaction(&mut self, actor: &str, object: &str, kind: &str) {
        let actor = if self.users.contains_key(actor) {
            Actor::User(actor.to_owned())
        } else if self.pages.contains_key(actor) {
            Actor::Page(actor.to_owned())
        } else {
            missing("add_reaction", "user or Page", actor)
        };
        if self.owner_page(object).is_none() {
            missing("add_reaction", "post, photo or comment", object);
        }
        self.reactions
            .retain(|r| !(r.object == object && r.actor == actor));
        self.reactions.push(Reaction {
            object: object.to_owned(),
            actor,
            kind: kind.to_ascii_uppercase(),
        });
    }

    /// The reactions to `object`: `(actor id, type)`, oldest first.
    pub fn reactions(&self, object: &str) -> Vec<(String, String)> {
        self.reactions
            .iter()
            .filter(|r| r.object == object)
            .map(|r| (r.actor.id().to_owned(), r.kind.clone()))
            .collect()
    }
}
