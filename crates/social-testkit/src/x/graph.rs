//! The follow graph and the counters that keep rendering a user or a post O(1) in the number of
//! follows, posts and likes (`public_metrics` reads counters, never scans; its fields are those
//! of <https://docs.x.com/x-api/fundamentals/data-dictionary>).

use std::collections::{BTreeSet, HashMap, HashSet};

use super::state::Id;

/// Who follows whom: a set for membership and, per user, the lists in follow order (oldest
/// first), so a page of followers is a slice.
#[derive(Debug, Default)]
pub(crate) struct FollowGraph {
    edges: HashSet<(Id, Id)>,
    following: HashMap<Id, Vec<Id>>,
    followers: HashMap<Id, Vec<Id>>,
}

impl FollowGraph {
    pub(crate) fn contains(&self, source: Id, target: Id) -> bool {
        self.edges.contains(&(source, target))
    }

    /// Adds `source → target`; false if it was there.
    pub(crate) fn insert(&mut self, source: Id, target: Id) -> bool {
        if !self.edges.insert((source, target)) {
            return false;
        }
        self.following.entry(source).or_default().push(target);
        self.followers.entry(target).or_default().push(source);
        true
    }

    /// Removes `source → target` (no-op if absent).
    pub(crate) fn remove(&mut self, source: Id, target: Id) {
        if self.edges.remove(&(source, target)) {
            if let Some(list) = self.following.get_mut(&source) {
                list.retain(|&id| id != target);
            }
            if let Some(list) = self.followers.get_mut(&target) {
                list.retain(|&id| id != source);
            }
        }
    }

    /// Whom `id` follows, oldest follow first.
    pub(crate) fn following(&self, id: Id) -> &[Id] {
        self.following.get(&id).map_or(&[], Vec::as_slice)
    }

    /// Who follows `id`, oldest follow first.
    pub(crate) fn followers(&self, id: Id) -> &[Id] {
        self.followers.get(&id).map_or(&[], Vec::as_slice)
    }
}

/// The counts behind a post's `public_metrics`.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct PostCounts {
    pub(crate) retweets: usize,
    pub(crate) replies: usize,
    pub(crate) quotes: usize,
    pub(crate) likes: usize,
}

/// Per-user and per-post counters, kept up to date by every write.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    /// Each user's posts (retweets included), by id: `tweet_count` and `most_recent_tweet_id`.
    pub(crate) posts_by_author: HashMap<Id, BTreeSet<Id>>,
    pub(crate) posts: HashMap<Id, PostCounts>,
    /// Likes given per user (`like_count` of a user).
    pub(crate) likes_given: HashMap<Id, usize>,
}

impl Counters {
    pub(crate) fn post(&self, id: Id) -> PostCounts {
        self.posts.get(&id).copied().unwrap_or_default()
    }

    pub(crate) fn post_mut(&mut self, id: Id) -> &mut PostCounts {
        self.posts.entry(id).or_default()
    }

    pub(crate) fn tweet_count(&self, user: Id) -> usize {
        self.posts_by_author.get(&user).map_or(0, BTreeSet::len)
    }

    pub(crate) fn most_recent(&self, user: Id) -> Option<Id> {
        self.posts_by_author.get(&user)?.last().copied()
    }

    pub(crate) fn likes_given(&self, user: Id) -> usize {
        self.likes_given.get(&user).copied().unwrap_or(0)
    }
}
