//! Reactions: their records (kept per object, with counters by type and by actor, so a count
//! or a viewer's reaction costs the same however many there are), seed helper and inspection
//! helper.
//! Their shape: <https://developers.facebook.com/docs/graph-api/reference/object/reactions/>.

use std::collections::{BTreeMap, HashMap};

use super::{Actor, GraphState, missing};

#[derive(Debug, Clone)]
pub(crate) struct Reaction {
    pub(crate) actor: Actor,
    pub(crate) kind: String,
}

/// The reactions to one object.
#[derive(Debug, Clone, Default)]
pub(crate) struct Reactions {
    /// Oldest first.
    pub(crate) list: Vec<Reaction>,
    /// How many of each type.
    by_kind: BTreeMap<String, usize>,
    /// Each actor's reaction (by actor id).
    by_actor: HashMap<String, String>,
}

impl Reactions {
    /// How many reactions of `kind` (all when `None`).
    pub(crate) fn count(&self, kind: Option<&str>) -> usize {
        match kind {
            None => self.list.len(),
            Some(kind) => self.by_kind.get(kind).copied().unwrap_or(0),
        }
    }

    /// The reaction of `actor`, if any.
    pub(crate) fn of(&self, actor: &Actor) -> Option<&str> {
        self.by_actor.get(actor.id()).map(String::as_str)
    }

    /// Adds `actor`'s reaction, replacing its previous one.
    fn set(&mut self, actor: Actor, kind: String) {
        if let Some(previous) = self.by_actor.remove(actor.id()) {
            self.list.retain(|r| r.actor != actor);
            if let Some(count) = self.by_kind.get_mut(&previous) {
                *count = count.saturating_sub(1);
            }
        }
        *self.by_kind.entry(kind.clone()).or_default() += 1;
        self.by_actor.insert(actor.id().to_owned(), kind.clone());
        self.list.push(Reaction { actor, kind });
    }
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
            .entry(object.to_owned())
            .or_default()
            .set(actor, kind.to_ascii_uppercase());
    }

    /// The reactions to `object`: `(actor id, type)`, oldest first.
    pub fn reactions(&self, object: &str) -> Vec<(String, String)> {
        self.reactions
            .get(object)
            .map(|set| {
                set.list
                    .iter()
                    .map(|r| (r.actor.id().to_owned(), r.kind.clone()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The reactions of `kind` (any when `None`) to `object` at positions `range` of the
    /// newest-first list: read straight from the list without a type, else by walking it (each
    /// record visited is counted in [`records_scanned`](Self::records_scanned)).
    pub(crate) fn reaction_window(
        &self,
        object: &str,
        kind: Option<&str>,
        range: std::ops::Range<usize>,
    ) -> Vec<Reaction> {
        let Some(set) = self.reactions.get(object) else {
            return Vec::new();
        };
        let newest_first = set.list.iter().rev();
        let picked: Vec<Reaction> = match kind {
            None => newest_first
                .skip(range.start)
                .take(range.len())
                .cloned()
                .collect(),
            Some(kind) => {
                let mut visited = 0;
                let picked = newest_first
                    .inspect(|_| visited += 1)
                    .filter(|r| r.kind == kind)
                    .skip(range.start)
                    .take(range.len())
                    .cloned()
                    .collect();
                self.scan(visited);
                return picked;
            }
        };
        self.scan(picked.len());
        picked
    }
}
