//! The follow graph as read: accounts interned once, edges as indices.

use std::collections::HashMap;
use std::fmt;

use crate::types::{Profile, UserId};

/// Flag: the user asking for suggestions.
pub(super) const FLAG_ME: u8 = 1;
/// Flag: an account the user already follows.
pub(super) const FLAG_FOLLOWED: u8 = 2;
/// Flag: a seed.
pub(super) const FLAG_SEED: u8 = 4;

/// "No account" in the per-account scratch arrays.
pub(super) const NONE: u32 = u32::MAX;

/// A seed registered in a [`Followings`], returned by [`Followings::add_seed`].
///
/// Only meaningful for the [`Followings`] that returned it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SeedKey(pub(super) u32);

/// The input of [`rank`](super::rank()): per seed, the accounts it follows, plus whom to leave out.
///
/// Ids are interned as they are added (each account's id and profile stored once, each edge a
/// `u32`), so a large graph stays small and ranking never hashes a string. Adding the same account
/// twice to a seed's list is harmless: ranking counts distinct accounts.
///
/// ```
/// use social_core::UserId;
/// use social_core::discover::{Followings, RankOptions};
///
/// let mut graph = Followings::for_user(&UserId::new("me"));
/// graph.add_already_followed(&UserId::new("known"));
/// let ana = graph.add_seed(&UserId::new("ana"));
/// let ben = graph.add_seed(&UserId::new("ben"));
/// for account in ["rust-lang", "known", "tokio"] {
///     graph.add_following(ana, &UserId::new(account));
/// }
/// graph.add_following(ben, &UserId::new("rust-lang"));
///
/// let top = graph.rank(&RankOptions::default());
/// assert_eq!(top[0].account.as_str(), "rust-lang");
/// assert_eq!(top[0].explanation(), "followed by ben and ana"); // the more selective seed first
/// assert!(top.iter().all(|s| s.account.as_str() != "known"));
/// ```
#[derive(Clone, Default)]
pub struct Followings {
    /// Account id → index into `ids`.
    pub(super) index: HashMap<Box<str>, u32>,
    /// Index → account id.
    pub(super) ids: Vec<UserId>,
    /// Index → profile, when one was seen (boxed: 8 bytes for an account known by id only).
    pub(super) profiles: Vec<Option<Box<Profile>>>,
    /// Index → `FLAG_*` bits.
    pub(super) flags: Vec<u8>,
    /// The seeds, in the order they were added.
    pub(super) seeds: Vec<SeedList>,
    /// Account index of a seed → its position in `seeds`.
    pub(super) seed_of: HashMap<u32, u32>,
}

#[derive(Debug, Clone)]
pub(super) struct SeedList {
    /// The seed's own account index.
    pub(super) account: u32,
    /// The accounts it follows, as read (duplicates possible).
    pub(super) follows: Vec<u32>,
    /// The out-degree the network declared, 0 when unknown.
    pub(super) declared: u64,
}

impl fmt::Debug for Followings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Followings")
            .field("seeds", &self.seeds.len())
            .field("accounts", &self.ids.len())
            .field("edges", &self.edge_count())
            .finish()
    }
}

impl Followings {
    /// An empty graph, with no user to leave out.
    pub fn new() -> Self {
        Followings::default()
    }

    /// An empty graph for `me`: `me` is never suggested.
    pub fn for_user(me: &UserId) -> Self {
        let mut graph = Followings::new();
        graph.set_user(me);
        graph
    }

    /// Marks `me` as the user asking: never suggested.
    pub fn set_user(&mut self, me: &UserId) {
        let i = self.intern(me.as_str());
        self.flags[i as usize] |= FLAG_ME;
    }

    /// Marks an account the user already follows: never suggested.
    pub fn add_already_followed(&mut self, account: &UserId) {
        let i = self.intern(account.as_str());
        self.flags[i as usize] |= FLAG_FOLLOWED;
    }

    /// Marks an account the user already follows and keeps its profile (used to name seeds the
    /// user follows in explanations).
    pub fn add_already_followed_profile(&mut self, profile: Profile) {
        let i = self.intern_profile(profile);
        self.flags[i as usize] |= FLAG_FOLLOWED;
    }

    /// Registers a seed (never suggested itself) and returns its key. Adding the same seed again
    /// returns the same key.
    pub fn add_seed(&mut self, seed: &UserId) -> SeedKey {
        let account = self.intern(seed.as_str());
        self.flags[account as usize] |= FLAG_SEED;
        if let Some(&s) = self.seed_of.get(&account) {
            return SeedKey(s);
        }
        let s = to_u32(self.seeds.len());
        self.seeds.push(SeedList {
            account,
            follows: Vec::new(),
            declared: 0,
        });
        self.seed_of.insert(account, s);
        SeedKey(s)
    }

    /// Records that `seed` follows `account`. A seed following itself is ignored.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn add_following(&mut self, seed: SeedKey, account: &UserId) {
        let i = self.intern(account.as_str());
        self.push_edge(seed, i);
    }

    /// Records that `seed` follows the account of `profile`, keeping the profile (the first one
    /// seen for an account is kept) for the suggestion.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn add_following_profile(&mut self, seed: SeedKey, profile: Profile) {
        let i = self.intern_profile(profile);
        self.push_edge(seed, i);
    }

    /// Records how many accounts `seed` follows in all, as the network declared it. Ranking uses
    /// it as the seed's degree when it is larger than the number of accounts read.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn set_declared_degree(&mut self, seed: SeedKey, total: u64) {
        self.seeds[seed.0 as usize].declared = total;
    }

    /// Keeps a profile (the first one seen per account) without adding any edge, to name an
    /// account in explanations.
    pub fn add_profile(&mut self, profile: Profile) {
        self.intern_profile(profile);
    }

    /// Number of seeds.
    pub fn seed_count(&self) -> usize {
        self.seeds.len()
    }

    /// Number of distinct accounts known (seeds, followees, exclusions).
    pub fn account_count(&self) -> usize {
        self.ids.len()
    }

    /// Number of edges recorded (duplicates included).
    pub fn edge_count(&self) -> usize {
        self.seeds.iter().map(|s| s.follows.len()).sum()
    }

    /// The id of a seed.
    ///
    /// # Panics
    /// If `seed` was not returned by this graph's [`add_seed`](Followings::add_seed).
    pub fn seed_id(&self, seed: SeedKey) -> &UserId {
        &self.ids[self.seeds[seed.0 as usize].account as usize]
    }

    /// The profile kept for an account, if any.
    pub fn profile(&self, id: &UserId) -> Option<&Profile> {
        let i = *self.index.get(id.as_str())?;
        self.profiles[i as usize].as_deref()
    }

    /// A name for people: `@handle` when known, else the display name, else the id.
    ///
    /// ```
    /// use social_core::{Network, Profile, UserId};
    /// use social_core::discover::Followings;
    ///
    /// let mut graph = Followings::new();
    /// graph.add_profile(Profile::new(Network::X, UserId::new("1"), "Ana").with_handle("ana"));
    /// assert_eq!(graph.display_name(&UserId::new("1")), "@ana");
    /// assert_eq!(graph.display_name(&UserId::new("2")), "2");
    /// ```
    pub fn display_name(&self, id: &UserId) -> String {
        match self.profile(id) {
            Some(Profile {
                handle: Some(h), ..
            }) if !h.is_empty() => format!("@{h}"),
            Some(p) if !p.name.trim().is_empty() => p.name.clone(),
            _ => id.to_string(),
        }
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&i) = self.index.get(id) {
            return i;
        }
        let i = to_u32(self.ids.len());
        self.index.insert(id.into(), i);
        self.ids.push(UserId::new(id));
        self.profiles.push(None);
        self.flags.push(0);
        i
    }

    fn intern_profile(&mut self, profile: Profile) -> u32 {
        let i = self.intern(profile.id.as_str());
        let slot = &mut self.profiles[i as usize];
        if slot.is_none() {
            *slot = Some(Box::new(profile));
        }
        i
    }

    fn push_edge(&mut self, seed: SeedKey, account: u32) {
        let list = &mut self.seeds[seed.0 as usize];
        if list.account != account {
            list.follows.push(account);
        }
    }
}

/// An index as `u32`; a graph never holds 4 billion accounts or seeds (it would not fit in memory).
pub(super) fn to_u32(n: usize) -> u32 {
    match u32::try_from(n) {
        Ok(i) if i != NONE => i,
        _ => panic!("a discovery graph holds fewer than 2^32 - 1 accounts"),
    }
}
