//! An [`Authenticator`] that keeps an OAuth 2.0 token set alive: refreshes ahead of expiry, one
//! refresh at a time, persists every new token set before using it, and refreshes once on a 401.

use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use super::{AuthTarget, Authenticator, OAuth2Client, TokenSet, TokenStore};
use crate::error::{AuthErrorKind, Error, Result};

/// The least time before expiry at which a refresh starts.
const MIN_MARGIN: Duration = Duration::from_secs(60);
/// How long to keep using a still-valid token after a failed proactive refresh before trying again.
const RETRY_AFTER_FAILURE: Duration = Duration::from_secs(10);

/// A callback handed every new token set. See [`RefreshingAuth::with_token_callback`].
type TokenCallback = Arc<dyn Fn(&TokenSet) + Send + Sync>;

/// Adds `Authorization: Bearer <access token>` to each request and keeps the token set alive
/// (DESIGN.md contract 9):
///
/// - **ahead of expiry**: refreshes once less than `max(60 s, 10 % of the lifetime)` (or the
///   margin set with [`with_refresh_margin`](Self::with_refresh_margin)) is left, reading the
///   time from the transport's clock. If that refresh fails for any reason but a revoked grant
///   while the token is still valid, the token is used and the refresh is tried again 10 s later;
/// - **one at a time**: concurrent requests wait for the single refresh in flight and then use
///   its result, so a single-use refresh token is never sent twice;
/// - **persisted before use**: token endpoint → [`TokenStore::save`] → callback → use. If saving
///   fails, the new pair stays in memory (the old refresh token is spent), the call returns
///   [`Error::TokenPersist`], and saving is tried again before the next use. The token endpoint
///   is not called again for it;
/// - **revoked grant**: `invalid_grant` gives [`AuthErrorKind::ReauthorizationRequired`], clears
///   the store and the in-memory tokens; later calls fail the same way without a request;
/// - **401**: the transport reports which token generation was refused; if that is still the
///   current one, one refresh is forced and the request replayed once. No loop;
/// - **no refresh token**: an expired token gives [`AuthErrorKind::Expired`].
///
/// ```no_run
/// use std::sync::Arc;
/// use social_core::auth::{ClientSecret, MemoryTokenStore, OAuth2Client, OAuth2Config, RefreshingAuth};
/// use social_core::http::{RequestSpec, Transport};
/// use social_core::Network;
///
/// # async fn run() -> social_core::Result<()> {
/// let config = OAuth2Config::new("my-client-id", "https://api.x.com/2/oauth2/token")
///     .with_client_secret(ClientSecret::new("my-client-secret"));
/// let oauth = OAuth2Client::new(Network::X, config)?;
/// let store = Arc::new(MemoryTokenStore::new()); // use a durable store in production
/// let auth = RefreshingAuth::from_store(oauth, store)
///     .await?
///     .with_token_callback(|tokens| println!("new tokens, expiring at {:?}", tokens.expires_at));
/// let api = Transport::builder(Network::X, "https://api.x.com")
///     .authenticator(Arc::new(auth))
///     .build()?;
/// let me: serde_json::Value = api.execute_json(RequestSpec::get("2/users/me")).await?;
/// # let _ = me; Ok(()) }
/// ```
pub struct RefreshingAuth {
    client: OAuth2Client,
    store: Arc<dyn TokenStore>,
    margin: Option<Duration>,
    on_tokens: Option<TokenCallback>,
    state: tokio::sync::Mutex<State>,
}

struct State {
    tokens: Option<TokenSet>,
    /// Bumped with every new token set; the transport hands it back with a 401.
    generation: u64,
    /// The current tokens are not saved yet.
    unsaved: bool,
    /// After a failed proactive refresh: no new attempt before this time (unless expired).
    retry_at: Option<SystemTime>,
}

impl fmt::Debug for RefreshingAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingAuth")
            .field("client", &self.client)
            .field("store", &self.store)
            .field("margin", &self.margin)
            .finish_non_exhaustive()
    }
}

impl RefreshingAuth {
    /// Starts from `tokens`, taken to be already in `store` (after a code exchange, save them
    /// first).
    pub fn new(client: OAuth2Client, store: Arc<dyn TokenStore>, tokens: TokenSet) -> Self {
        RefreshingAuth {
            client,
            store,
            margin: None,
            on_tokens: None,
            state: tokio::sync::Mutex::new(State {
                tokens: Some(tokens),
                generation: 1,
                unsaved: false,
                retry_at: None,
            }),
        }
    }

    /// Starts from the tokens in `store`. Fails with [`AuthErrorKind::Missing`] when it holds
    /// none, and with [`Error::Config`] when it cannot be read.
    pub async fn from_store(client: OAuth2Client, store: Arc<dyn TokenStore>) -> Result<Self> {
        let network = client.network();
        let tokens = store
            .load()
            .await
            .map_err(|e| Error::config(network, format!("the token store could not be read: {e}")))?
            .ok_or_else(|| Error::Auth {
                network,
                kind: AuthErrorKind::Missing,
                message: "the token store holds no tokens; run the authorization flow first".into(),
                api: None,
            })?;
        Ok(Self::new(client, store, tokens))
    }

    /// Refreshes when less than `margin` is left before expiry (capped at half the token's
    /// lifetime, so a short-lived token is not refreshed on every call).
    #[must_use]
    pub fn with_refresh_margin(mut self, margin: Duration) -> Self {
        self.margin = Some(margin);
        self
    }

    /// Calls `callback` with every new token set (after the store was asked to save it, whether
    /// or not it could), for applications that keep tokens themselves.
    #[must_use]
    pub fn with_token_callback(
        mut self,
        callback: impl Fn(&TokenSet) + Send + Sync + 'static,
    ) -> Self {
        self.on_tokens = Some(Arc::new(callback));
        self
    }

    /// The current tokens (`None` after the grant was revoked).
    pub async fn tokens(&self) -> Option<TokenSet> {
        self.state.lock().await.tokens.clone()
    }

    fn margin(&self, tokens: &TokenSet) -> Duration {
        let lifetime = tokens
            .issued_at
            .zip(tokens.expires_at)
            .and_then(|(issued, expires)| expires.duration_since(issued).ok());
        let margin = self
            .margin
            .unwrap_or_else(|| lifetime.map_or(MIN_MARGIN, |l| (l / 10).max(MIN_MARGIN)));
        lifetime.map_or(margin, |l| margin.min(l / 2))
    }

    fn needs_refresh(&self, state: &State, tokens: &TokenSet, now: SystemTime) -> bool {
        let Some(expires_at) = tokens.expires_at else {
            return false;
        };
        tokens.is_expired(now)
            || (now
                .checked_add(self.margin(tokens))
                .is_none_or(|t| t >= expires_at)
                && state.retry_at.is_none_or(|t| now >= t))
    }

    /// The access token to use at `now`, refreshed if needed, and its generation.
    async fn current(&self, now: SystemTime) -> Result<(String, u64)> {
        let network = self.client.network();
        let mut state = self.state.lock().await;
        self.persist(&mut state).await?;
        let Some(tokens) = state.tokens.clone() else {
            return Err(revoked(network));
        };
        if self.needs_refresh(&state, &tokens, now) {
            if tokens.refresh_token.is_none() {
                if tokens.is_expired(now) {
                    return Err(Error::Auth {
                        network,
                        kind: AuthErrorKind::Expired,
                        message: "the access token expired and there is no refresh token".into(),
                        api: None,
                    });
                }
            } else if let Err(e) = self.refresh(&mut state).await {
                let keep_old = !tokens.is_expired(now)
                    && !matches!(
                        e,
                        Error::TokenPersist { .. }
                            | Error::Auth {
                                kind: AuthErrorKind::ReauthorizationRequired,
                                ..
                            }
                    );
                if !keep_old {
                    return Err(e);
                }
                tracing::warn!(network = network.slug(), error = %e, "token refresh failed; using the current token until it expires");
                state.retry_at = Some(now + RETRY_AFTER_FAILURE);
            }
        }
        let token = state.tokens.as_ref().ok_or_else(|| revoked(network))?;
        Ok((token.access_token.secret().to_string(), state.generation))
    }

    /// Refreshes with the current refresh token, then saves and publishes the new set. The
    /// caller holds the lock, so refreshes are single-flight.
    async fn refresh(&self, state: &mut State) -> Result<()> {
        let Some(old) = state.tokens.as_ref() else {
            return Err(revoked(self.client.network()));
        };
        let Some(refresh_token) = old.refresh_token.as_ref() else {
            return Ok(());
        };
        let mut new = match self.client.refresh(refresh_token).await {
            Ok(new) => new,
            Err(e) => {
                if matches!(
                    e,
                    Error::Auth {
                        kind: AuthErrorKind::ReauthorizationRequired,
                        ..
                    }
                ) {
                    state.tokens = None;
                    state.generation += 1;
                    state.unsaved = false;
                    if let Err(clear) = self.store.clear().await {
                        tracing::warn!(network = self.client.network().slug(), error = %clear, "the token store could not be cleared");
                    }
                }
                return Err(e);
            }
        };
        if new.scopes.is_empty() {
            new.scopes = old.scopes.clone();
        }
        tracing::debug!(network = self.client.network().slug(), "tokens refreshed");
        state.tokens = Some(new);
        state.generation += 1;
        state.unsaved = true;
        state.retry_at = None;
        let saved = self.persist(state).await;
        if let (Some(callback), Some(tokens)) = (&self.on_tokens, &state.tokens) {
            callback(tokens);
        }
        saved
    }

    /// Saves the current tokens if they are not saved yet.
    async fn persist(&self, state: &mut State) -> Result<()> {
        if let (true, Some(tokens)) = (state.unsaved, &state.tokens) {
            self.store
                .save(tokens)
                .await
                .map_err(|e| Error::TokenPersist {
                    network: self.client.network(),
                    message: e.to_string(),
                    source: Some(e),
                })?;
        }
        state.unsaved = false;
        Ok(())
    }
}

fn revoked(network: crate::types::Network) -> Error {
    Error::Auth {
        network,
        kind: AuthErrorKind::ReauthorizationRequired,
        message: "the grant was revoked or expired and the tokens were cleared".into(),
        api: None,
    }
}

#[async_trait]
impl Authenticator for RefreshingAuth {
    async fn authenticate(&self, target: &mut AuthTarget<'_>) -> Result<()> {
        let (token, generation) = self.current(target.now()).await?;
        target.set_header(http::header::AUTHORIZATION, &format!("Bearer {token}"))?;
        target.mark_sensitive(&token);
        target.set_generation(generation);
        Ok(())
    }

    async fn on_unauthorized(&self, generation: u64) -> Result<bool> {
        let mut state = self.state.lock().await;
        if generation != state.generation {
            // Another request already brought newer credentials (or the grant is gone).
            return Ok(state.tokens.is_some());
        }
        if state
            .tokens
            .as_ref()
            .is_none_or(|t| t.refresh_token.is_none())
        {
            return Ok(false);
        }
        self.refresh(&mut state).await?;
        Ok(true)
    }
}
