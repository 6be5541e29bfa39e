//! An [`Authenticator`] that keeps an OAuth 2.0 token set alive: refreshes ahead of expiry, one
//! refresh at a time (a failed one included), persists every new token set with a
//! compare-and-swap before using it, adopts the tokens another client stored, and refreshes once
//! on a 401.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

use async_trait::async_trait;

use super::{
    AuthTarget, Authenticator, OAuth2Client, RefreshToken, StoreLock, Swap, TokenSet, TokenStore,
    refresh_outcome_unknown,
};
use crate::error::{AuthErrorKind, Error, Result};
use crate::types::Network;

/// The least time before expiry at which a refresh starts.
const MIN_MARGIN: Duration = Duration::from_secs(60);

/// A callback handed every new token set. See [`RefreshingAuth::with_token_callback`].
type TokenCallback = Arc<dyn Fn(&TokenSet) + Send + Sync>;

/// Adds `Authorization: Bearer <access token>` to each request and keeps the token set alive
///
///
/// - **ahead of expiry**: refreshes once less than `max(60 s, 10 % of the lifetime)` (or the
///   margin set with [`with_refresh_margin`](Self::with_refresh_margin)) is left, reading the
///   time from the transport's clock;
/// - **one at a time, failures included**: concurrent requests wait for the single refresh in
///   flight and then share its result, success or failure: a wave of callers makes one token
///   request, and a single-use refresh token is never sent twice;
/// - **backoff after a failure**: for [`DEFAULT_BACKOFF`](Self::DEFAULT_BACKOFF) (10 s; see
///   [`with_refresh_backoff`](Self::with_refresh_backoff)) after a failed refresh, callers do
///   not wait for another one: a still-valid token is used, and an expired one fails at once
///   with the remembered failure. The first caller after the backoff tries once more;
/// - **a refresh failure is not the request's failure**: the request that needed the token is
///   not sent, and the error says so and names the token endpoint. A refresh that may have
///   reached the server without a clear answer is [`AuthErrorKind::RefreshOutcomeUnknown`] (a
///   rotating refresh token may be used up: the next attempt tells), a connection failure is
///   [`Error::Transport`], a refusal [`AuthErrorKind::RefreshRefused`] (or the network's own
///   kind: a revoked grant, a refused client as [`Error::Config`], a rate limit as
///   [`Error::RateLimited`] on the token endpoint's bucket); never [`Error::Unconfirmed`], which
///   describes only a caller's own request;
/// - **shared stores**: each refresh holds the store's [`lock`](TokenStore::lock), first
///   re-reads the store (newer tokens stored by another client or process are adopted with no
///   token request), and saves with [`compare_and_swap`](TokenStore::compare_and_swap) against
///   the refresh token it used (on a conflict the stored tokens win and are adopted);
/// - **persisted before use**: token endpoint → compare-and-swap → callback → use. If saving
///   fails, the new pair stays in memory (the old refresh token is spent), the call returns
///   [`Error::TokenPersist`], and saving is tried again before the next use. The token endpoint
///   is not called again for it;
/// - **revoked grant**: on `invalid_grant` the store is re-read first: if it now holds another
///   refresh token (a sibling rotated it), that set is adopted (and, when it is due too,
///   refreshed once more); a store that holds another refresh token is never cleared. Otherwise
///   the result is [`AuthErrorKind::ReauthorizationRequired`], the store and the in-memory tokens
///   are cleared, and later calls fail the same way without a request, until tokens appear in
///   the store again (an application stored a new sign-in);
/// - **401**: the transport reports which token generation was refused; if that is still the
///   current one, one refresh is forced (or newer stored tokens adopted) and the request replayed
///   once. No loop;
/// - **no refresh token**: an expired token gives [`AuthErrorKind::Expired`].
///
/// ```no_run
/// use std::sync::Arc;
/// use std::time::Duration;
/// use social_core::auth::{ClientSecret, FileTokenStore, OAuth2Client, OAuth2Config, RefreshingAuth};
/// use social_core::http::{RequestSpec, Transport};
/// use social_core::Network;
///
/// # async fn run() -> social_core::Result<()> {
/// let config = OAuth2Config::new("my-client-id", "https://api.x.com/2/oauth2/token")
///     .with_client_secret(ClientSecret::new("my-client-secret"));
/// let oauth = OAuth2Client::new(Network::X, config)?;
/// let store = Arc::new(FileTokenStore::new("x-tokens.json"));
/// let auth = RefreshingAuth::from_store(oauth, store)
///     .await?
///     .with_refresh_backoff(Duration::from_secs(30))
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
    backoff: Duration,
    on_tokens: Option<TokenCallback>,
    /// How many refresh failures were recorded. A caller reads it before waiting for the state,
    /// so it can tell a failure of the refresh it waited for from an older one.
    failures: AtomicU64,
    state: tokio::sync::Mutex<State>,
}

struct State {
    tokens: Option<TokenSet>,
    /// Bumped with every new token set; the transport hands it back with a 401.
    generation: u64,
    /// The current tokens are not saved yet: the refresh token they were refreshed from (what
    /// the compare-and-swap expects to find in the store).
    unsaved: Option<RefreshToken>,
    /// The last failed refresh, remembered for the callers that waited for it and for the
    /// backoff.
    failure: Option<Failed>,
}

struct Failed {
    /// What [`OAuth2Client::refresh`] returned.
    error: Error,
    /// Its number in [`RefreshingAuth::failures`].
    number: u64,
    /// No new refresh before this time (`None`: the backoff is too long to reach).
    until: Option<SystemTime>,
}

/// What had happened to the caller's request when the token could not be had.
#[derive(Clone, Copy)]
enum Stage {
    /// The request needed a token: it was not sent.
    BeforeSending,
    /// The request was answered 401: it is not sent again.
    AfterUnauthorized,
}

impl Stage {
    fn outcome(self) -> &'static str {
        match self {
            Stage::BeforeSending => "the request was not sent",
            Stage::AfterUnauthorized => "the request was refused (HTTP 401) and not sent again",
        }
    }
}

impl fmt::Debug for RefreshingAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RefreshingAuth")
            .field("client", &self.client)
            .field("store", &self.store)
            .field("margin", &self.margin)
            .field("backoff", &self.backoff)
            .finish_non_exhaustive()
    }
}

impl RefreshingAuth {
    /// How long after a failed refresh callers fail fast (or keep using a still-valid token)
    /// before the next attempt, unless set with [`with_refresh_backoff`](Self::with_refresh_backoff).
    pub const DEFAULT_BACKOFF: Duration = Duration::from_secs(10);

    /// Starts from `tokens`, taken to be already in `store` (after a code exchange, save them
    /// first).
    pub fn new(client: OAuth2Client, store: Arc<dyn TokenStore>, tokens: TokenSet) -> Self {
        RefreshingAuth {
            client,
            store,
            margin: None,
            backoff: Self::DEFAULT_BACKOFF,
            on_tokens: None,
            failures: AtomicU64::new(0),
            state: tokio::sync::Mutex::new(State {
                tokens: Some(tokens),
                generation: 1,
                unsaved: None,
                failure: None,
            }),
        }
    }

    /// Starts from the tokens in `store`. Fails with [`AuthErrorKind::Missing`] when it holds
    /// none, and with [`Error::Config`] when it cannot be read.
    pub async fn from_store(client: OAuth2Client, store: Arc<dyn TokenStore>) -> Result<Self> {
        let network = client.network();
        let tokens = load(network, &*store).await?.ok_or_else(|| Error::Auth {
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

    /// How long after a failed refresh no other is tried (default
    /// [`DEFAULT_BACKOFF`](Self::DEFAULT_BACKOFF)): meanwhile a still-valid token is used and
    /// an expired one fails at once with the remembered failure. The callers that waited for the
    /// failed refresh share its failure whatever the backoff, `Duration::ZERO` included.
    #[must_use]
    pub fn with_refresh_backoff(mut self, backoff: Duration) -> Self {
        self.backoff = backoff;
        self
    }

    /// Calls `callback` with every token set this client gets from the token endpoint, after the
    /// store was asked to save it (whether or not it could), for applications that keep tokens
    /// themselves. A set that lost a compare-and-swap to another client's is dropped unused, and
    /// not handed over.
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

    /// Whether `tokens` must be refreshed at `now`: expired, or inside the margin with a refresh
    /// token to do it with.
    fn needs_refresh(&self, tokens: &TokenSet, now: SystemTime) -> bool {
        let Some(expires_at) = tokens.expires_at else {
            return false;
        };
        tokens.is_expired(now)
            || (tokens.refresh_token.is_some()
                && now
                    .checked_add(self.margin(tokens))
                    .is_none_or(|t| t >= expires_at))
    }

    /// The failure a caller that read `seen` failures before waiting shares at `now`: one
    /// recorded while it waited, or one whose backoff still runs.
    fn backing_off<'s>(&self, state: &'s State, seen: u64, now: SystemTime) -> Option<&'s Failed> {
        state
            .failure
            .as_ref()
            .filter(|f| f.number > seen || f.until.is_none_or(|until| now < until))
    }

    /// The access token to use at `now`, refreshed if needed, and its generation.
    async fn current(&self, now: SystemTime) -> Result<(String, u64)> {
        let network = self.client.network();
        let seen = self.failures.load(Ordering::SeqCst);
        let mut state = self.state.lock().await;
        if state.unsaved.is_some() {
            let _lock = self.lock().await?;
            self.persist(&mut state).await?;
        }
        if state.tokens.is_none() {
            // Revoked here; a new sign-in may have been stored since.
            let stored = load(network, &*self.store).await?;
            self.adopt_newer(&mut state, stored);
        }
        let tokens = state.tokens.clone().ok_or_else(|| revoked(network))?;
        if self.needs_refresh(&tokens, now) {
            if let Some(failed) = self.backing_off(&state, seen, now) {
                if tokens.is_expired(now) {
                    return Err(self.caller_error(&failed.error, Stage::BeforeSending));
                }
            } else if let Err(e) = self.refresh(&mut state, now, Stage::BeforeSending).await {
                let usable = state.tokens.as_ref().is_some_and(|t| !t.is_expired(now));
                if !usable || matches!(e, Error::TokenPersist { .. }) {
                    return Err(e);
                }
                tracing::warn!(network = network.slug(), error = %e, "token refresh failed; using the current token until it expires");
            }
        }
        let token = state.tokens.as_ref().ok_or_else(|| revoked(network))?;
        Ok((token.access_token.secret().to_string(), state.generation))
    }

    /// Takes the store's lock.
    async fn lock(&self) -> Result<StoreLock> {
        self.store
            .lock()
            .await
            .map_err(|e| store_error(self.client.network(), "locked", &e))
    }

    /// Under the store's lock: adopts newer stored tokens, or refreshes (adopting and refreshing
    /// once more when `invalid_grant` meets a refresh token rotated by another client), then
    /// saves and publishes the new set. The caller holds the state, so refreshes are
    /// single-flight in the process; the store's lock makes them so across clients.
    async fn refresh(&self, state: &mut State, now: SystemTime, stage: Stage) -> Result<()> {
        let network = self.client.network();
        let _lock = self.lock().await?;
        let stored = load(network, &*self.store).await?;
        if self.adopt_newer(state, stored) && !self.still_needs_refresh(state, now) {
            tracing::debug!(network = network.slug(), "adopted newer stored tokens");
            return Ok(());
        }
        let mut adopted_after_invalid_grant = false;
        loop {
            let tokens = state.tokens.as_ref().ok_or_else(|| revoked(network))?;
            let refresh_token = tokens.refresh_token.clone().ok_or_else(|| Error::Auth {
                network,
                kind: AuthErrorKind::Expired,
                message: format!(
                    "the access token expired and there is no refresh token; {}",
                    stage.outcome()
                ),
                api: None,
            })?;
            let error = match self.client.refresh(&refresh_token).await {
                Ok(new) => return self.rotate(state, refresh_token, new).await,
                Err(e) => e,
            };
            if !matches!(
                error,
                Error::Auth {
                    kind: AuthErrorKind::ReauthorizationRequired,
                    ..
                }
            ) {
                let caller_error = self.caller_error(&error, stage);
                let number = self.failures.fetch_add(1, Ordering::SeqCst) + 1;
                let until = self.client.clock().now().checked_add(self.backoff);
                state.failure = Some(Failed {
                    error,
                    number,
                    until,
                });
                return Err(caller_error);
            }
            // Refused for good, unless another client rotated the token meanwhile.
            let stored = load(network, &*self.store).await?;
            let Some(rotated) = stored.filter(|s| s.refresh_token.as_ref() != Some(&refresh_token))
            else {
                state.tokens = None;
                if let Err(clear) = self.store.clear().await {
                    tracing::warn!(network = network.slug(), error = %clear, "the token store could not be cleared");
                }
                return Err(self.caller_error(&error, stage));
            };
            tracing::debug!(
                network = network.slug(),
                "invalid_grant, but the store holds a rotated refresh token: adopted"
            );
            self.install(state, rotated);
            if !self.still_needs_refresh(state, now) {
                return Ok(());
            }
            if adopted_after_invalid_grant {
                // Refused twice while other clients kept rotating: no third attempt now; the
                // newest stored tokens stay for the next call.
                return Err(self.caller_error(&error, stage));
            }
            adopted_after_invalid_grant = true;
        }
    }

    fn still_needs_refresh(&self, state: &State, now: SystemTime) -> bool {
        state
            .tokens
            .as_ref()
            .is_some_and(|t| self.needs_refresh(t, now))
    }

    /// Saves a set fresh from the token endpoint (refreshed with `from`), then hands it to the
    /// callback. The caller holds the store's lock.
    async fn rotate(&self, state: &mut State, from: RefreshToken, mut new: TokenSet) -> Result<()> {
        if let (true, Some(old)) = (new.scopes.is_empty(), state.tokens.as_ref()) {
            new.scopes = old.scopes.clone();
        }
        tracing::debug!(network = self.client.network().slug(), "tokens refreshed");
        let access = new.access_token.clone();
        self.install(state, new);
        state.unsaved = Some(from);
        let saved = self.persist(state).await;
        let ours = state.tokens.as_ref().filter(|t| t.access_token == access);
        if let (Some(callback), Some(tokens)) = (&self.on_tokens, ours) {
            callback(tokens);
        }
        saved
    }

    /// Makes `tokens` the current set.
    fn install(&self, state: &mut State, tokens: TokenSet) {
        state.tokens = Some(tokens);
        state.generation += 1;
        state.unsaved = None;
        state.failure = None;
    }

    /// Adopts `stored` when it holds other tokens than the current set; says whether it did.
    fn adopt_newer(&self, state: &mut State, stored: Option<TokenSet>) -> bool {
        match stored {
            Some(stored)
                if !state
                    .tokens
                    .as_ref()
                    .is_some_and(|t| same_tokens(t, &stored)) =>
            {
                self.install(state, stored);
                true
            }
            _ => false,
        }
    }

    /// Saves the current tokens if they are not saved yet, with a compare-and-swap against the
    /// refresh token they came from; on a conflict the stored set is adopted. The caller holds
    /// the store's lock.
    async fn persist(&self, state: &mut State) -> Result<()> {
        let (Some(from), Some(tokens)) = (&state.unsaved, &state.tokens) else {
            return Ok(());
        };
        match self.store.compare_and_swap(from, tokens).await {
            Ok(Swap::Saved) => {
                state.unsaved = None;
                Ok(())
            }
            Ok(Swap::Conflict(stored)) => {
                tracing::debug!(
                    network = self.client.network().slug(),
                    "another client saved newer tokens first: adopted"
                );
                self.install(state, stored);
                Ok(())
            }
            Err(e) => Err(Error::TokenPersist {
                network: self.client.network(),
                message: e.to_string(),
                source: Some(e),
            }),
        }
    }

    /// The error a caller gets for a failed refresh `e` (see the type's documentation).
    fn caller_error(&self, e: &Error, stage: Stage) -> Error {
        let network = self.client.network();
        let endpoint = self.client.token_endpoint();
        let outcome = stage.outcome();
        match e {
            Error::Unconfirmed { cause, .. } => {
                refresh_outcome_unknown(network, &endpoint, cause, outcome)
            }
            Error::Auth {
                kind, message, api, ..
            } => Error::Auth {
                network,
                kind: kind.clone(),
                message: format!(
                    "the token refresh at {endpoint} failed: {}; {outcome}",
                    trim(message)
                ),
                api: api.clone(),
            },
            Error::Transport { kind, message, .. } => Error::Transport {
                network,
                kind: *kind,
                message: format!(
                    "the token refresh at {endpoint} failed: {}; {outcome}",
                    trim(message)
                ),
                source: None,
            },
            Error::Config { message, .. } => {
                Error::config(network, format!("{}; {outcome}", trim(message)))
            }
            Error::RateLimited {
                retry_after,
                reset_at,
                bucket,
                rate_limit,
                api,
                ..
            } => Error::RateLimited {
                network,
                retry_after: *retry_after,
                reset_at: *reset_at,
                bucket: Some(bucket.clone().unwrap_or(endpoint)),
                rate_limit: rate_limit.clone(),
                api: api.clone(),
            },
            other => Error::Auth {
                network,
                kind: AuthErrorKind::RefreshRefused,
                message: format!(
                    "the token endpoint {endpoint} refused the refresh ({}); {outcome}",
                    trim(&other.to_string())
                ),
                api: other.api_error().cloned().map(Box::new),
            },
        }
    }
}

/// Whether two sets hold the same tokens (times may differ by a store's rounding).
fn same_tokens(a: &TokenSet, b: &TokenSet) -> bool {
    a.access_token == b.access_token && a.refresh_token == b.refresh_token
}

/// Reads `store`; a failure is a [`Error::Config`] that says nothing was sent.
async fn load(network: Network, store: &dyn TokenStore) -> Result<Option<TokenSet>> {
    store
        .load()
        .await
        .map_err(|e| store_error(network, "read", &e))
}

fn store_error(network: Network, what: &str, e: &super::StoreError) -> Error {
    Error::config(
        network,
        format!("the token store could not be {what} ({e}); the request was not sent"),
    )
}

fn revoked(network: Network) -> Error {
    Error::Auth {
        network,
        kind: AuthErrorKind::ReauthorizationRequired,
        message:
            "the grant was revoked or expired and the tokens were cleared; the request was not sent"
                .into(),
        api: None,
    }
}

/// A message without its final full stop, so a clause can follow it.
fn trim(message: &str) -> &str {
    message.trim_end().trim_end_matches('.')
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
        let seen = self.failures.load(Ordering::SeqCst);
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
        let now = self.client.clock().now();
        if let Some(failed) = self.backing_off(&state, seen, now) {
            return Err(self.caller_error(&failed.error, Stage::AfterUnauthorized));
        }
        self.refresh(&mut state, now, Stage::AfterUnauthorized)
            .await?;
        Ok(true)
    }
}
