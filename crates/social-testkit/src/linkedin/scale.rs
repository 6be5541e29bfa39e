//! What the fake's reads cost: every answer reads indexes kept per author, per organization and
//! per vanity name, never a scan over all the posts, followers, page views, organizations or
//! roles the fake holds, so a fake seeded with 100,000 followers and posts answers a
//! statistics call or an author's page as cheaply as an empty one.
//! [`LinkedInState::records_scanned`] counts the stored records reads visit, so tests can
//! compare a small state with a large one without timing anything.
//!
//! The shapes served do not depend on this file; they follow the pages cited where each is
//! built (posts: <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>,
//! follower statistics:
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/follower-statistics>,
//! page statistics:
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/page-statistics>).

use std::cell::Cell;
use std::collections::{BTreeSet, HashMap};

use super::state::LinkedInState;

/// The indexes of the state, and the scan counter.
#[derive(Debug, Default)]
pub(crate) struct Index {
    scanned: Cell<u64>,
    /// Author URN → the URNs of their posts (deleted ones included), oldest first.
    by_author: HashMap<String, Vec<String>>,
    /// Organization id → the times (ms) of its organic and paid follows, each sorted.
    follows: HashMap<String, [Vec<i64>; 2]>,
    /// Organization id → the times (ms) of its page views, sorted.
    views: HashMap<String, Vec<i64>>,
    /// Vanity name in lower case → the ids of the organizations that carry it.
    vanity: HashMap<String, BTreeSet<String>>,
}

/// Inserts `count` copies of `at` into the sorted `times`.
fn insert_sorted(times: &mut Vec<i64>, at: i64, count: usize) {
    let position = times.partition_point(|t| *t <= at);
    times.splice(position..position, std::iter::repeat_n(at, count));
}

/// How many of the sorted `times` fall in `range` (`None`: all), by binary search.
fn count_in(times: &[i64], range: Option<(i64, i64)>) -> usize {
    match range {
        None => times.len(),
        Some((start, end)) => {
            let from = times.partition_point(|t| *t < start);
            let to = times.partition_point(|t| *t < end);
            to.saturating_sub(from)
        }
    }
}

impl Index {
    pub(crate) fn add_post(&mut self, author: &str, urn: &str) {
        self.by_author
            .entry(author.to_owned())
            .or_default()
            .push(urn.to_owned());
    }

    pub(crate) fn add_follows(&mut self, organization: &str, at: i64, count: usize, paid: bool) {
        let lists = self.follows.entry(organization.to_owned()).or_default();
        insert_sorted(&mut lists[usize::from(paid)], at, count);
    }

    pub(crate) fn add_views(&mut self, organization: &str, at: i64, count: usize) {
        insert_sorted(
            self.views.entry(organization.to_owned()).or_default(),
            at,
            count,
        );
    }

    pub(crate) fn set_vanity(&mut self, organization: &str, old: &str, new: &str) {
        if let Some(ids) = self.vanity.get_mut(&old.to_ascii_lowercase()) {
            ids.remove(organization);
        }
        self.vanity
            .entry(new.to_ascii_lowercase())
            .or_default()
            .insert(organization.to_owned());
    }
}

impl LinkedInState {
    /// How many stored records (posts, comments, reactions, roles, organizations) the fake has
    /// visited to answer requests so far. Reads go through indexes (an author's posts, an
    /// organization's follows and views by time, organizations by vanity name, a member's
    /// roles, an entity's comments and reactions) and render only the page they serve, so the
    /// same request adds the same number however many other posts, followers, views,
    /// organizations or members the fake holds; follower and view counts are counted by
    /// binary search and add nothing.
    ///
    /// ```
    /// use social_testkit::linkedin::LinkedInFake;
    ///
    /// let linkedin = LinkedInFake::demo();
    /// let before = linkedin.state().lock().records_scanned();
    /// // … requests …
    /// assert_eq!(linkedin.state().lock().records_scanned(), before);
    /// ```
    pub fn records_scanned(&self) -> u64 {
        self.index.scanned.get()
    }

    /// Counts `records` visited by a read.
    pub(crate) fn scan(&self, records: usize) {
        let records = u64::try_from(records).unwrap_or(u64::MAX);
        let scanned = &self.index.scanned;
        scanned.set(scanned.get().saturating_add(records));
    }

    /// The URNs of `author`'s posts, deleted ones included, oldest first (not counted: the
    /// caller counts what it visits).
    pub(crate) fn post_urns_of(&self, author: &str) -> &[String] {
        self.index.by_author.get(author).map_or(&[], Vec::as_slice)
    }

    /// The organic and paid follows of `organization` in `range` (ms, `None`: all time).
    pub(crate) fn follower_counts(
        &self,
        organization: &str,
        range: Option<(i64, i64)>,
    ) -> (usize, usize) {
        self.index
            .follows
            .get(organization)
            .map_or((0, 0), |[organic, paid]| {
                (count_in(organic, range), count_in(paid, range))
            })
    }

    /// The page views of `organization` in `range` (ms, `None`: all time).
    pub(crate) fn view_count(&self, organization: &str, range: Option<(i64, i64)>) -> usize {
        self.index
            .views
            .get(organization)
            .map_or(0, |views| count_in(views, range))
    }

    /// The ids of the organizations whose vanity name is `vanity` (case-insensitive).
    pub(crate) fn organizations_by_vanity(&self, vanity: &str) -> Vec<String> {
        self.index
            .vanity
            .get(&vanity.to_ascii_lowercase())
            .map(|ids| ids.iter().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_times_count_by_range_whatever_the_insertion_order() {
        let mut times = Vec::new();
        insert_sorted(&mut times, 30, 2);
        insert_sorted(&mut times, 10, 3);
        insert_sorted(&mut times, 20, 1);
        assert_eq!(times, [10, 10, 10, 20, 30, 30]);
        assert_eq!(count_in(&times, None), 6);
        assert_eq!(count_in(&times, Some((10, 20))), 3);
        assert_eq!(count_in(&times, Some((11, 31))), 3);
        assert_eq!(count_in(&times, Some((31, 40))), 0);
        assert_eq!(count_in(&times, Some((40, 10))), 0);
    }
}
