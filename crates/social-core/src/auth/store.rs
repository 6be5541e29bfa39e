//! Where OAuth 2.0 tokens are kept between runs: the [`TokenStore`] trait and an in-memory store.

use std::fmt;
use std::sync::{Arc, Mutex};

use async_trait::async_trait;

use super::TokenSet;

/// The error a [`TokenStore`] returns: any error type (I/O, a database driver's…), boxed.
pub type StoreError = Box<dyn std::error::Error + Send + Sync>;

/// Persists the current [`TokenSet`] of one credential (one user of one app).
///
/// [`RefreshingAuth`](super::RefreshingAuth) calls [`save`](TokenStore::save) with every new
/// token set *before* using it: a rotating refresh token is single-use, so a new pair that is
/// used but not saved would be lost with the process. Implementations should make `save` durable
/// (a database transaction, or a file written to a temporary name, synced and renamed) before
/// returning `Ok`.
///
/// ```no_run
/// use async_trait::async_trait;
/// use social_core::auth::{StoreError, TokenSet, TokenStore};
///
/// #[derive(Debug)]
/// struct FileStore(std::path::PathBuf);
///
/// #[async_trait]
/// impl TokenStore for FileStore {
///     async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
///         match std::fs::read(&self.0) {
///             Ok(bytes) => Ok(Some(serde_json::from_slice(&bytes)?)),
///             Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
///             Err(e) => Err(e.into()),
///         }
///     }
///     async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
///         let tmp = self.0.with_extension("tmp");
///         std::fs::write(&tmp, serde_json::to_vec(tokens)?)?;
///         std::fs::File::open(&tmp)?.sync_all()?;
///         Ok(std::fs::rename(tmp, &self.0)?)
///     }
///     async fn clear(&self) -> Result<(), StoreError> {
///         match std::fs::remove_file(&self.0) {
///             Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
///             _ => Ok(()),
///         }
///     }
/// }
/// ```
#[async_trait]
pub trait TokenStore: Send + Sync + fmt::Debug {
    /// The stored tokens, if any.
    async fn load(&self) -> Result<Option<TokenSet>, StoreError>;

    /// Replaces the stored tokens; must be durable when it returns `Ok`.
    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError>;

    /// Forgets the stored tokens (after the grant was revoked or expired).
    async fn clear(&self) -> Result<(), StoreError>;
}

/// A [`TokenStore`] in memory: tokens last as long as the process. Clones share the same slot.
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
}

impl MemoryTokenStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `tokens`.
    pub fn with_tokens(tokens: TokenSet) -> Self {
        MemoryTokenStore {
            slot: Arc::new(Mutex::new(Some(tokens))),
        }
    }

    /// The tokens held now.
    pub fn get(&self) -> Option<TokenSet> {
        self.lock().clone()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<TokenSet>> {
        self.slot.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[async_trait]
impl TokenStore for MemoryTokenStore {
    async fn load(&self) -> Result<Option<TokenSet>, StoreError> {
        Ok(self.get())
    }

    async fn save(&self, tokens: &TokenSet) -> Result<(), StoreError> {
        *self.lock() = Some(tokens.clone());
        Ok(())
    }

    async fn clear(&self) -> Result<(), StoreError> {
        *self.lock() = None;
        Ok(())
    }
}
