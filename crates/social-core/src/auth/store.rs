//! Where OAuth 2.0 tokens are kept between runs: the [`TokenStore`] trait, its compare-and-swap
//! outcome [`Swap`], the [`StoreLock`] a store may hold while a refresh is decided, and an
//! in-memory store. [`FileTokenStore`](super::FileTokenStore) is the durable one.

use std::any::Any;
use std::fmt;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::{RefreshToken, TokenSet};

/// The error a [`TokenStore`] returns: any error type (I/O, a database driver's…), boxed.
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// What [`TokenStore::compare_and_swap`] did.
#[derive(Debug, Clone, PartialEq)]
pub enum Swap {
    /// The new set was saved (durably).
    Saved,
    /// The store held another refresh token (another client or process refreshed first):
    /// nothing was written. Carries the stored set, which the caller adopts.
    Conflict(TokenSet),
}

/// Held by a caller of [`TokenStore::lock`] while it re-reads the store, refreshes and saves with
/// [`compare_and_swap`](TokenStore::compare_and_swap); dropping it releases the lock.
///
/// ```
/// use social_core::auth::StoreLock;
///
/// let none = StoreLock::none(); // what a store without a lock returns
/// let held = StoreLock::new(std::sync::Arc::new(())); // anything whose drop releases the lock
/// # drop((none, held));
/// ```
#[must_use = "the lock is released when the guard is dropped"]
pub struct StoreLock {
    _held: Option<Box<dyn Any + Send + Sync>>,
}

impl StoreLock {
    /// A guard that holds nothing: the store has no lock (the default of [`TokenStore::lock`]).
    pub fn none() -> Self {
        StoreLock { _held: None }
    }

    /// A guard that keeps `held` (a mutex guard, a locked file, a database connection holding an
    /// advisory lock…) until it is dropped.
    pub fn new(held: impl Any + Send + Sync) -> Self {
        StoreLock {
            _held: Some(Box::new(held)),
        }
    }
}

impl fmt::Debug for StoreLock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreLock")
            .field("held", &self._held.is_some())
            .finish()
    }
}

/// Persists the current [`TokenSet`] of one credential (one user of one app).
///
/// [`RefreshingAuth`](super::RefreshingAuth) uses a store this way, for every refresh:
///
/// 1. [`lock`](TokenStore::lock), to serialise refreshes between clients and processes that
///    share the store (the default is no lock);
/// 2. [`load`](TokenStore::load): if the store already holds newer tokens (another client
///    refreshed), they are adopted and the token endpoint is not called;
/// 3. the refresh, then [`compare_and_swap`](TokenStore::compare_and_swap) with the refresh token
///    it was made with: the new set is saved only if nobody replaced that token meanwhile; on a
///    conflict the stored set wins and is adopted;
/// 4. the lock is dropped, and the new access token is used.
///
/// A rotating refresh token is single-use, so a new pair that is used but not saved would be lost
/// with the process: `save` and `compare_and_swap` must be durable before returning `Ok`.
///
/// Which store to use: [`MemoryTokenStore`] for tests and short-lived programs,
/// [`FileTokenStore`](super::FileTokenStore) for a CLI or a single server, and for several
/// servers a store over the application's database, as below: there the compare-and-swap is one
/// conditional `UPDATE`, and no lock is needed for correctness (to also spare the token endpoint
/// a second refresh, return a guard holding a database advisory lock from `lock`).
///
/// ```no_run
/// use async_trait::async_trait;
/// use social_core::auth::{RefreshToken, StoreError, Swap, TokenSet, TokenStore};
///
/// /// One row per user in the application's table
/// /// `oauth_tokens(user_id PRIMARY KEY, refresh_token, tokens)`, `tokens` holding the set as JSON.
/// #[derive(Debug)]
/// struct DbTokenStore {
///     db: Db, // the application's database client (sqlx, tokio-postgres, …)
///     user_id: String,
/// }
///
/// #[async_trait]
/// impl TokenStore for DbTokenStore {
///     async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
///         let row = self
///             .db
///             .query_opt("SELECT tokens FROM oauth_tokens WHERE user_id = $1", &[&self.user_id])
///             .await?;
///         Ok(row.map(|json| serde_json::from_str(&json)).transpose()?)
///     }
///
///     async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
///         let json = serde_json::to_string(tokens)?;
///         let refresh = tokens.refresh_token.as_ref().map_or("", |r| r.secret());
///         self.db
///             .execute(
///                 "INSERT INTO oauth_tokens (user_id, refresh_token, tokens) VALUES ($1, $2, $3) \
///                  ON CONFLICT (user_id) DO UPDATE SET refresh_token = $2, tokens = $3",
///                 &[&self.user_id, refresh, &json],
///             )
///             .await?;
///         Ok(())
///     }
///
///     async fn compare_and_swap(
///         &self,
///         expected: &RefreshToken,
///         new: &TokenSet,
///     ) -> Result<Swap, StoreError> {
///         let json = serde_json::to_string(new)?;
///         let refresh = new.refresh_token.as_ref().map_or("", |r| r.secret());
///         // One statement: the row changes only if it still holds the token we refreshed from.
///         let updated = self
///             .db
///             .execute(
///                 "UPDATE oauth_tokens SET refresh_token = $2, tokens = $3 \
///                  WHERE user_id = $1 AND refresh_token = $4",
///                 &[&self.user_id, refresh, &json, expected.secret()],
///             )
///             .await?;
///         if updated == 1 {
///             return Ok(Swap::Saved);
///         }
///         // No row at all (cleared): take it, unless another writer inserts one first.
///         let inserted = self
///             .db
///             .execute(
///                 "INSERT INTO oauth_tokens (user_id, refresh_token, tokens) VALUES ($1, $2, $3) \
///                  ON CONFLICT (user_id) DO NOTHING",
///                 &[&self.user_id, refresh, &json],
///             )
///             .await?;
///         match self.load().await? {
///             Some(stored) if inserted == 0 => Ok(Swap::Conflict(stored)),
///             _ => Ok(Swap::Saved),
///         }
///     }
///
///     async fn clear(&self) -> Result<(), StoreError> {
///         self.db
///             .execute("DELETE FROM oauth_tokens WHERE user_id = $1", &[&self.user_id])
///             .await?;
///         Ok(())
///     }
/// }
/// # #[derive(Debug)]
/// # struct Db;
/// # impl Db {
/// #     async fn query_opt(&self, _sql: &str, _params: &[&str]) -> Result<Option<String>, StoreError> {
/// #         Err("no database in this example".into())
/// #     }
/// #     async fn execute(&self, _sql: &str, _params: &[&str]) -> Result<u64, StoreError> {
/// #         Err("no database in this example".into())
/// #     }
/// # }
/// ```
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The stored tokens, if any. Fails (rather than answering `None`) when the store holds
    /// something it cannot read, so that nothing overwrites it unseen.
    async fn load(&self) -> Result<Option<TokenSet>, StoreError>;

    /// Replaces the stored tokens, whatever they are (an application stores a new sign-in with
    /// it); must be durable when it returns `Ok`.
    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError>;

    /// Saves `new` only if the stored refresh token is still `expected` (the one the refresh was
    /// made with), or the store is empty; otherwise writes nothing and returns the stored set as
    /// [`Swap::Conflict`]. Must be atomic against other writers of the store (a conditional
    /// `UPDATE`, a mutex, or the lock of [`lock`](TokenStore::lock), which callers hold around
    /// it) and durable when it returns `Ok`.
    async fn compare_and_swap(
        &self,
        expected: &RefreshToken,
        new: &TokenSet,
    ) -> Result<Swap, StoreError>;

    /// Forgets the stored tokens (after the grant was revoked or expired).
    async fn clear(&self) -> Result<(), StoreError>;

    /// Takes the store's lock, held from re-reading the store to the
    /// [`compare_and_swap`](TokenStore::compare_and_swap) that saves a refresh, so that clients
    /// sharing the store (in one process or several) refresh one at a time and the later ones
    /// adopt the earlier one's tokens instead of spending the same refresh token again.
    ///
    /// The default takes no lock: the compare-and-swap alone keeps the store consistent, but two
    /// clients may then both call the token endpoint.
    async fn lock(&self) -> Result<StoreLock, StoreError> {
        Ok(StoreLock::none())
    }
}

/// A [`TokenStore`] in memory: tokens last as long as the process. Clones share the same slot
/// and the same lock, so clients built on clones refresh one at a time.
///
/// ```
/// use social_core::auth::{AccessToken, MemoryTokenStore, TokenSet};
///
/// let store = MemoryTokenStore::with_tokens(TokenSet::new(AccessToken::new("…")));
/// assert!(store.get().is_some());
/// ```
#[derive(Debug, Clone, Default)]
pub struct MemoryTokenStore {
    slot: Arc<Mutex<Option<TokenSet>>>,
    refresh: Arc<tokio::sync::Mutex<()>>,
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `tokens`.
    pub fn with_tokens(tokens: TokenSet) -> Self {
        let store = Self::new();
        *store.lock_slot() = Some(tokens);
        store
    }

    /// The tokens held now.
    pub fn get(&self) -> Option<TokenSet> {
        self.lock_slot().clone()
    }

    fn lock_slot(&self) -> std::sync::MutexGuard<'_, Option<TokenSet>> {
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The compare-and-swap rule of the built-in stores: the stored set, when it holds another
/// refresh token than `expected` (an empty store takes any new set).
pub(crate) fn conflicting<'a>(
    stored: Option<&'a TokenSet>,
    expected: &RefreshToken,
) -> Option<&'a TokenSet> {
    stored.filter(|s| s.refresh_token.as_ref() != Some(expected))
}

#[async_trait]
impl TokenStore for MemoryTokenStore {
    async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
        Ok(self.get())
    }

    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        *self.lock_slot() = Some(tokens.clone());
        Ok(())
    }

    async fn compare_and_swap(
        &self,
        expected: &RefreshToken,
        new: &TokenSet,
    ) -> Result<Swap, StoreError> {
        let mut slot = self.lock_slot();
        if let Some(stored) = conflicting(slot.as_ref(), expected) {
            return Ok(Swap::Conflict(stored.clone()));
        }
        *slot = Some(new.clone());
        Ok(Swap::Saved)
    }

    async fn clear(&self) -> Result<(), StoreError> {
        *self.lock_slot() = None;
        Ok(())
    }

    async fn lock(&self) -> Result<StoreLock, StoreError> {
        Ok(StoreLock::new(self.refresh.clone().lock_owned().await))
    }
}
