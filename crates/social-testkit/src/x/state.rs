//! The X fake's in-memory state, its seed helpers and its configuration (rate-limit windows
//! per <https://docs.x.com/x-api/fundamentals/rate-limits>; ids are 19-digit snowflakes as in
//! <https://docs.x.com/x-api/fundamentals/data-dictionary>).

use std::collections::{BTreeMap, HashMap};
use std::sync::atomic::{AtomicU64, Ordering};

use super::graph::{Counters, FollowGraph};
use super::{ROUTES, Route};

/// X's default profile image (<https://docs.x.com/x-api/fundamentals/data-dictionary>, user
/// object, `profile_image_url`).
const DEFAULT_PROFILE_IMAGE: &str =
    "https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png";

/// The first id handed out: 19 decimal digits, like X's snowflake ids.
const FIRST_ID: u64 = 1_880_000_000_000_000_000;

/// An id as the fake stores it; the wire carries it as a decimal string.
pub(crate) type Id = u64;

/// Who a token acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Principal {
    /// User context (OAuth 2.0 user token or OAuth 1.0a).
    User(Id),
    /// App-only bearer.
    App,
}

/// An access token the fake accepts.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) principal: Principal,
    /// The OAuth 2.0 grant it came from (a refresh-token family), if any.
    pub(crate) family: Option<u64>,
    /// Unix seconds after which it is refused; `None` never expires.
    pub(crate) expires_at: Option<i64>,
}

/// An authorization code issued by [`XState::authorization_code`].
#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub(crate) user: Id,
    pub(crate) challenge: String,
    pub(crate) scope: String,
    pub(crate) expires_at: i64,
}

/// A refresh token; `current` is false once it has been used (rotated).
#[derive(Debug, Clone)]
pub(crate) struct Refresh {
    pub(crate) user: Id,
    pub(crate) scope: String,
    pub(crate) family: u64,
    pub(crate) current: bool,
}

/// A post (tweet). A retweet is a post with `retweet_of`.
#[derive(Debug, Clone)]
pub(crate) struct Post {
    pub(crate) id: Id,
    pub(crate) author: Id,
    pub(crate) text: String,
    pub(crate) created_at: i64,
    pub(crate) conversation_id: Id,
    /// `(post, its author)` this one replies to.
    pub(crate) reply_to: Option<(Id, Id)>,
    pub(crate) quote_of: Option<Id>,
    pub(crate) retweet_of: Option<Id>,
    pub(crate) media: Vec<Id>,
    pub(crate) reply_settings: Option<String>,
    /// `lang` (BCP 47); "en" unless set with [`XState::set_post_lang`].
    pub(crate) lang: String,
    /// `source`: the app it was posted from.
    pub(crate) source: String,
    pub(crate) possibly_sensitive: bool,
    /// `withheld.country_codes`, when set with [`XState::set_post_withheld`].
    pub(crate) withheld: Option<Vec<String>>,
}

/// The `source` of the posts created through the fake (X shows the posting app's name).
pub(crate) const SOURCE: &str = "social-testkit";

/// Where an upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MediaState {
    Uploading,
    Processing,
    Ready,
    Failed,
}

/// An uploaded (or uploading) media.
#[derive(Debug, Clone)]
pub(crate) struct Media {
    pub(crate) id: Id,
    pub(crate) owner: Id,
    pub(crate) category: String,
    pub(crate) total_bytes: u64,
    /// Bytes received per segment index (a re-sent segment overwrites).
    pub(crate) segments: BTreeMap<u64, u64>,
    pub(crate) state: MediaState,
    pub(crate) status_calls: u32,
    pub(crate) alt_text: Option<String>,
    /// `width` and `height` in pixels.
    pub(crate) size: (u32, u32),
}

impl Media {
    /// Videos and GIFs are processed after FINALIZE; images are ready at once.
    pub(crate) fn is_processed(&self) -> bool {
        matches!(
            self.category.as_str(),
            "tweet_video" | "tweet_gif" | "amplify_video" | "dm_video" | "dm_gif"
        )
    }

    /// The `media_key`: a type prefix and the id (`3_` photo, `7_` video, `13_` amplify video,
    /// `16_` GIF), as in X's examples.
    pub(crate) fn key(&self) -> String {
        let prefix = match self.category.as_str() {
            "tweet_video" | "dm_video" => 7,
            "amplify_video" => 13,
            "tweet_gif" | "dm_gif" => 16,
            _ => 3,
        };
        format!("{prefix}_{}", self.id)
    }

    /// The `type` of the media object.
    pub(crate) fn kind(&self) -> &'static str {
        match self.category.as_str() {
            "tweet_video" | "dm_video" | "amplify_video" => "video",
            "tweet_gif" | "dm_gif" => "animated_gif",
            _ => "photo",
        }
    }

    pub(crate) fn received(&self) -> u64 {
        self.segments.values().sum()
    }
}

/// A rate-limit window.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Window {
    pub(crate) limit: u32,
    pub(crate) remaining: u32,
    pub(crate) reset: i64,
}

/// A user of the fake. Arrange one with [`XState::user_mut`]; the fake derives its
/// `public_metrics` from the state.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct XUser {
    pub(crate) id: Id,
    /// The handle, without `@`.
    pub username: String,
    /// The display name.
    pub name: String,
    /// The bio (`description`); empty by default.
    pub description: String,
    /// Creation time, Unix seconds.
    pub created_at: i64,
    /// `verified`; false by default.
    pub verified: bool,
    /// `protected`: following it answers `pending_follow: true`; false by default.
    pub protected: bool,
    /// `location`, free text; empty (absent on the wire) by default.
    pub location: String,
    /// `url`, the profile's website as entered (served through `t.co`, with
    /// `entities.url`); empty (absent) by default.
    pub url: String,
    /// `profile_image_url`; X's default image by default.
    pub profile_image_url: String,
    /// `verified_type`: `none` (default), `blue`, `business` or `government`.
    pub verified_type: String,
    /// `pinned_tweet_id`: a post id, if one is pinned.
    pub pinned_tweet_id: Option<String>,
}

impl XUser {
    /// The user's id, as the wire carries it.
    pub fn id(&self) -> String {
        self.id.to_string()
    }
}

/// The state of an [`XFake`](super::XFake): users, posts, follows, likes, media, tokens,
/// rate-limit windows and configuration, all in memory. Ids come from a counter
/// (`1880000000000000001`, …) and tokens from another, so a test sees the same values on
/// every run.
///
/// ```
/// use social_testkit::x::XState;
///
/// let mut x = XState::default();
/// let alice = x.add_user("alice", "Alice");
/// let bob = x.add_user("bob", "Bob");
/// x.follow(&alice, &bob);
/// let post = x.post_as(&bob, "hello @alice");
/// assert!(x.is_following(&alice, &bob));
/// assert_eq!(x.post_text(&post), Some("hello @alice"));
/// ```
#[derive(Debug)]
pub struct XState {
    next_id: u64,
    serial: u64,
    clock: crate::FakeClock,
    pub(crate) users: BTreeMap<Id, XUser>,
    /// Lowercased username → id.
    names: HashMap<String, Id>,
    pub(crate) posts: BTreeMap<Id, Post>,
    pub(crate) follows: FollowGraph,
    pub(crate) counters: Counters,
    /// State entries read while rendering objects (see [`XState::render_reads`]).
    reads: AtomicU64,
    pub(crate) rate_limit_body: super::XRateLimitBody,
    /// `(user, post)`, oldest first.
    pub(crate) likes: Vec<(Id, Id)>,
    pub(crate) media: BTreeMap<Id, Media>,
    pub(crate) tokens: HashMap<String, Token>,
    pub(crate) codes: HashMap<String, Code>,
    pub(crate) refresh_tokens: HashMap<String, Refresh>,
    pub(crate) app_token: Option<String>,
    pub(crate) token_requests: u32,
    limits: HashMap<&'static str, u32>,
    windows: HashMap<(String, String), Window>,
    daily_limits: (u32, u32),
    pub(crate) processing: (u32, bool),
}

impl Default for XState {
    fn default() -> Self {
        XState {
            next_id: FIRST_ID,
            serial: 0,
            clock: crate::FakeClock::default(),
            users: BTreeMap::new(),
            names: HashMap::new(),
            posts: BTreeMap::new(),
            follows: FollowGraph::default(),
            counters: Counters::default(),
            reads: AtomicU64::new(0),
            rate_limit_body: super::XRateLimitBody::default(),
            likes: Vec::new(),
            media: BTreeMap::new(),
            tokens: HashMap::new(),
            codes: HashMap::new(),
            refresh_tokens: HashMap::new(),
            app_token: None,
            token_requests: 0,
            limits: HashMap::new(),
            windows: HashMap::new(),
            daily_limits: (10_000, 2_400),
            processing: (2, true),
        }
    }
}

/// Parses a wire id, panicking with the helper's name: a seed call with an unknown id is a
/// bug in the test.
#[track_caller]
fn seeded(state: &XState, id: &str, what: &str) -> Id {
    match id.parse() {
        Ok(id) if state.users.contains_key(&id) => id,
        _ => panic!("{what}: no user with id {id:?} in the X fake"),
    }
}

impl XState {
    // ----- seed helpers -------------------------------------------------------------------

    /// Adds a user and returns its id. The username must be new (case-insensitively).
    ///
    /// # Panics
    /// If the username is taken.
    #[track_caller]
    pub fn add_user(&mut self, username: &str, name: &str) -> String {
        assert!(
            !self.names.contains_key(&username.to_ascii_lowercase()),
            "add_user: the username {username:?} is taken"
        );
        let id = self.next_id();
        let created_at = self.now();
        self.users.insert(
            id,
            XUser {
                id,
                username: username.to_owned(),
                name: name.to_owned(),
                description: String::new(),
                created_at,
                verified: false,
                protected: false,
                location: String::new(),
                url: String::new(),
                profile_image_url: DEFAULT_PROFILE_IMAGE.to_owned(),
                verified_type: "none".to_owned(),
                pinned_tweet_id: None,
            },
        );
        self.names.insert(username.to_ascii_lowercase(), id);
        id.to_string()
    }

    /// The user `id`, to change its profile (`description`, `verified`, `protected`,
    /// `pinned_tweet_id`, …). A changed `username` is found by a scan, not the index.
    pub fn user_mut(&mut self, id: &str) -> Option<&mut XUser> {
        self.users.get_mut(&id.parse().ok()?)
    }

    /// Makes `source` follow `target` (no-op if it already does).
    ///
    /// # Panics
    /// If either user is unknown.
    #[track_caller]
    pub fn follow(&mut self, source: &str, target: &str) {
        let pair = (
            seeded(self, source, "follow"),
            seeded(self, target, "follow"),
        );
        self.follows.insert(pair.0, pair.1);
    }

    /// Whether `source` follows `target`.
    pub fn is_following(&self, source: &str, target: &str) -> bool {
        match (source.parse(), target.parse()) {
            (Ok(source), Ok(target)) => self.follows.contains(source, target),
            _ => false,
        }
    }

    /// Posts `text` as `user` (no validation, no duplicate check) and returns the post's id.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn post_as(&mut self, user: &str, text: &str) -> String {
        let author = seeded(self, user, "post_as");
        self.insert_post(Post {
            author,
            text: text.to_owned(),
            ..self.blank_post()
        })
        .to_string()
    }

    /// The text of post `id`, if it exists.
    pub fn post_text(&self, id: &str) -> Option<&str> {
        let post = self.posts.get(&id.parse().ok()?)?;
        Some(&post.text)
    }

    /// Sets the `lang` of post `id` (`en` by default); false if there is no such post.
    pub fn set_post_lang(&mut self, id: &str, lang: &str) -> bool {
        self.post_mut(id)
            .map(|post| post.lang = lang.to_owned())
            .is_some()
    }

    /// Withholds post `id` in the given countries (ISO codes, or `XX` for all, `XY` for DMCA):
    /// it is served with `withheld: {copyright, country_codes}`. False if there is no such post.
    pub fn set_post_withheld(&mut self, id: &str, country_codes: &[&str]) -> bool {
        let codes = country_codes.iter().map(|c| (*c).to_owned()).collect();
        self.post_mut(id)
            .map(|post| post.withheld = Some(codes))
            .is_some()
    }

    /// Marks post `id` `possibly_sensitive`; false if there is no such post.
    pub fn set_post_possibly_sensitive(&mut self, id: &str, sensitive: bool) -> bool {
        self.post_mut(id)
            .map(|post| post.possibly_sensitive = sensitive)
            .is_some()
    }

    /// How many state entries (users, posts, counters) the fake has read to render objects
    /// since it started: rendering a user or a post reads a fixed number of them whatever the
    /// number of follows, posts and likes (the count lets a test check it without timing).
    pub fn render_reads(&self) -> u64 {
        self.reads.load(Ordering::Relaxed)
    }

    /// The alt text set on media `id` through `POST /2/media/metadata`.
    pub fn media_alt_text(&self, id: &str) -> Option<&str> {
        self.media.get(&id.parse().ok()?)?.alt_text.as_deref()
    }

    /// A new bearer token acting for `user` (user context; never expires). It is also
    /// accepted as the `oauth_token` of an OAuth 1.0a `Authorization: OAuth …` header, with
    /// any token secret: the fake does not check signatures. Each call mints a new token,
    /// with its own rate-limit windows.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn user_token(&mut self, user: &str) -> String {
        let user = seeded(self, user, "user_token");
        let token = self.mint("user-token-");
        self.grant(&token, Principal::User(user), None, None);
        token
    }

    /// The app-only bearer token (the same on every call, and what `POST /oauth2/token`
    /// with `grant_type=client_credentials` returns). It reads but cannot write.
    pub fn app_token(&mut self) -> String {
        if let Some(token) = &self.app_token {
            return token.clone();
        }
        let token = self.mint("app-token-");
        self.grant(&token, Principal::App, None, None);
        self.app_token = Some(token.clone());
        token
    }

    /// An authorization code for `user`, as X's consent screen would redirect with, bound to
    /// the PKCE `code_challenge` (S256: base64url of the SHA-256 of the verifier) and to
    /// `scope` (space-separated; `offline.access` makes the exchange return a refresh token).
    /// Single use, valid 30 seconds (by the fake's clock).
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn authorization_code(&mut self, user: &str, code_challenge: &str, scope: &str) -> String {
        let user = seeded(self, user, "authorization_code");
        let code = self.mint("code-");
        let expires_at = self.now() + 30;
        self.codes.insert(
            code.clone(),
            Code {
                user,
                challenge: code_challenge.to_owned(),
                scope: scope.to_owned(),
                expires_at,
            },
        );
        code
    }

    /// How many requests reached the token endpoints (`POST /2/oauth2/token` and
    /// `POST /oauth2/token`), failed ones included.
    pub fn token_requests(&self) -> u32 {
        self.token_requests
    }

    // ----- configuration ------------------------------------------------------------------

    /// Sets the 15-minute limit of a route, for every token, and restarts its windows. The
    /// route is written as in X's docs: `"GET /2/users/:id/following"`. Defaults follow the
    /// docs' tables (per user for user tokens, per app for the app token).
    ///
    /// # Panics
    /// If the fake has no such route.
    #[track_caller]
    pub fn set_rate_limit(&mut self, route: &str, limit: u32) {
        let Some(route) = ROUTES.iter().find(|r| r.key == route && r.limits.1 > 0) else {
            panic!("set_rate_limit: the X fake has no rate-limited route {route:?}");
        };
        self.limits.insert(route.key, limit);
        self.windows.retain(|(key, _), _| key != route.key);
    }

    /// The body of a 429: the documented JSON problem (the default) or the `text/plain`
    /// "Rate limit exceeded" of recorded answers. Both carry the `x-rate-limit-*` headers.
    pub fn set_rate_limit_body(&mut self, body: super::XRateLimitBody) {
        self.rate_limit_body = body;
    }

    /// Sets the 24-hour post caps of `POST /2/tweets` (defaults: 10,000 per app as
    /// documented, 2,400 per user, X's historical daily cap) and restarts their windows.
    pub fn set_daily_post_limits(&mut self, app: u32, user: u32) {
        self.daily_limits = (app, user);
        self.windows.retain(|(key, _), _| !key.starts_with("24h"));
    }

    /// How video and GIF processing goes: the STATUS call number `status_calls` (default 2)
    /// reports the end, `succeeded` (the default) or `failed`; earlier calls report
    /// `in_progress`.
    pub fn set_media_processing(&mut self, status_calls: u32, succeed: bool) {
        self.processing = (status_calls.max(1), succeed);
    }

    /// The fake's clock, Unix seconds: the system time unless [`set_now`](Self::set_now) or
    /// [`advance`](Self::advance) froze it. It stamps `created_at`, expires tokens and codes,
    /// and resets rate-limit windows.
    pub fn now(&self) -> i64 {
        self.clock.now()
    }

    /// Freezes the clock at `unix_seconds`.
    pub fn set_now(&mut self, unix_seconds: i64) {
        self.clock.set(unix_seconds);
    }

    /// Moves the clock `seconds` forward (and freezes it there).
    pub fn advance(&mut self, seconds: i64) {
        self.clock.advance(seconds);
    }

    // ----- internals ------------------------------------------------------------------------

    pub(crate) fn next_id(&mut self) -> Id {
        self.next_id += 1;
        self.next_id
    }

    /// A new opaque string such as `user-token-0001`.
    pub(crate) fn mint(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}{:04}", self.serial)
    }

    pub(crate) fn grant(
        &mut self,
        token: &str,
        principal: Principal,
        family: Option<u64>,
        expires_at: Option<i64>,
    ) {
        let record = Token {
            principal,
            family,
            expires_at,
        };
        self.tokens.insert(token.to_owned(), record);
    }

    pub(crate) fn user_by_name(&self, username: &str) -> Option<&XUser> {
        self.read(1);
        let indexed = self.names.get(&username.to_ascii_lowercase());
        match indexed.and_then(|id| self.users.get(id)) {
            Some(user) if user.username.eq_ignore_ascii_case(username) => Some(user),
            // A username changed through `user_mut` is not in the index: look it up.
            _ => self
                .users
                .values()
                .find(|user| user.username.eq_ignore_ascii_case(username)),
        }
    }

    /// Counts `n` state entries read while rendering.
    pub(crate) fn read(&self, n: u64) {
        self.reads.fetch_add(n, Ordering::Relaxed);
    }

    fn post_mut(&mut self, id: &str) -> Option<&mut Post> {
        self.posts.get_mut(&id.parse().ok()?)
    }

    /// Records a like of `post` by `user`; false if it was there.
    pub(crate) fn add_like(&mut self, user: Id, post: Id) -> bool {
        if self.likes.contains(&(user, post)) {
            return false;
        }
        self.likes.push((user, post));
        self.counters.post_mut(post).likes += 1;
        *self.counters.likes_given.entry(user).or_default() += 1;
        true
    }

    /// Removes the like of `post` by `user`, if any.
    pub(crate) fn remove_like(&mut self, user: Id, post: Id) {
        let before = self.likes.len();
        self.likes.retain(|&like| like != (user, post));
        if self.likes.len() < before {
            let counts = self.counters.post_mut(post);
            counts.likes = counts.likes.saturating_sub(1);
            let given = self.counters.likes_given.entry(user).or_default();
            *given = given.saturating_sub(1);
        }
    }

    /// A post with every optional part empty, stamped now; fill `author` and `text`.
    pub(crate) fn blank_post(&self) -> Post {
        Post {
            id: 0,
            author: 0,
            text: String::new(),
            created_at: self.now(),
            conversation_id: 0,
            reply_to: None,
            quote_of: None,
            retweet_of: None,
            media: Vec::new(),
            reply_settings: None,
            lang: "en".to_owned(),
            source: SOURCE.to_owned(),
            possibly_sensitive: false,
            withheld: None,
        }
    }

    /// Stores `post` under a new id (its conversation is its own unless it replies).
    pub(crate) fn insert_post(&mut self, mut post: Post) -> Id {
        post.id = self.next_id();
        post.conversation_id = post
            .reply_to
            .and_then(|(parent, _)| self.posts.get(&parent))
            .map_or(post.id, |parent| parent.conversation_id);
        let id = post.id;
        self.count_post(&post, true);
        self.posts.insert(id, post);
        id
    }

    /// Updates the counters for `post` being added (`true`) or removed.
    fn count_post(&mut self, post: &Post, added: bool) {
        let step = |n: &mut usize| {
            *n = if added { *n + 1 } else { n.saturating_sub(1) };
        };
        let mine = self
            .counters
            .posts_by_author
            .entry(post.author)
            .or_default();
        if added {
            mine.insert(post.id);
        } else {
            mine.remove(&post.id);
        }
        if let Some((parent, _)) = post.reply_to {
            step(&mut self.counters.post_mut(parent).replies);
        }
        if let Some(quoted) = post.quote_of {
            step(&mut self.counters.post_mut(quoted).quotes);
        }
        if let Some(source) = post.retweet_of {
            step(&mut self.counters.post_mut(source).retweets);
        }
    }

    /// Removes post `id` with its likes and its retweets.
    pub(crate) fn remove_post(&mut self, id: Id) {
        let Some(post) = self.posts.remove(&id) else {
            return;
        };
        self.count_post(&post, false);
        let likers: Vec<Id> = self
            .likes
            .iter()
            .filter(|like| like.1 == id)
            .map(|like| like.0)
            .collect();
        for user in likers {
            self.remove_like(user, id);
        }
        self.counters.posts.remove(&id);
        let retweets: Vec<Id> = self
            .posts
            .values()
            .filter(|post| post.retweet_of == Some(id))
            .map(|post| post.id)
            .collect();
        for retweet in retweets {
            self.remove_post(retweet);
        }
    }

    /// Revokes every token of a refresh-token family (after a reused refresh token).
    pub(crate) fn revoke_family(&mut self, family: u64) {
        self.tokens.retain(|_, token| token.family != Some(family));
        self.refresh_tokens
            .retain(|_, refresh| refresh.family != family);
    }

    /// Counts one request of `token` on `route`. Returns whether it may proceed and the
    /// rate-limit headers to send (remaining 0 when it may not).
    pub(super) fn rate_limit(
        &mut self,
        route: &Route,
        token: &str,
        principal: Principal,
    ) -> (bool, Vec<(String, String)>) {
        let now = self.now();
        let (app, user) = route.limits;
        let default = match principal {
            Principal::App if app > 0 => app,
            _ => user,
        };
        let limit = self.limits.get(route.key).copied().unwrap_or(default);
        let mut windows = vec![(
            "x-rate-limit",
            (route.key.to_owned(), token.to_owned()),
            limit,
            15 * 60,
        )];
        if route.key == "POST /2/tweets" {
            let user = match principal {
                Principal::User(id) => id.to_string(),
                Principal::App => String::new(),
            };
            windows.push((
                "x-app-limit-24hour",
                ("24h app".into(), String::new()),
                self.daily_limits.0,
                86_400,
            ));
            windows.push((
                "x-user-limit-24hour",
                ("24h user".into(), user),
                self.daily_limits.1,
                86_400,
            ));
        }
        let current: Vec<Window> = windows
            .iter()
            .map(|(_, key, limit, period)| {
                let window = self.windows.entry(key.clone()).or_insert(Window {
                    limit: *limit,
                    remaining: *limit,
                    reset: now + period,
                });
                if now >= window.reset {
                    *window = Window {
                        limit: *limit,
                        remaining: *limit,
                        reset: now + period,
                    };
                }
                *window
            })
            .collect();
        let allowed = current.iter().all(|window| window.remaining > 0);
        let mut headers = Vec::new();
        for ((prefix, key, ..), mut window) in windows.into_iter().zip(current) {
            if allowed {
                window.remaining -= 1;
                self.windows.insert(key, window);
            }
            headers.push((format!("{prefix}-limit"), window.limit.to_string()));
            headers.push((format!("{prefix}-remaining"), window.remaining.to_string()));
            headers.push((format!("{prefix}-reset"), window.reset.to_string()));
        }
        (allowed, headers)
    }
}
