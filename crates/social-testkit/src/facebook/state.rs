//! The Graph fake's in-memory state: principals, content, tokens, seed helpers, inspection
//! helpers and configuration.

use std::collections::{BTreeMap, HashMap};
use std::time::{SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{DEFAULT_PERMISSIONS, PAGE_TASKS};
use crate::PathPattern;

/// The first ids handed out: users `100000000000001`, Pages `200000000000001`, businesses
/// `300000000000001`; posts, photos and comments take theirs from one content counter.
const FIRST_USER: u64 = 100_000_000_000_001;
const FIRST_PAGE: u64 = 200_000_000_000_001;
const FIRST_BUSINESS: u64 = 300_000_000_000_001;
const FIRST_OBJECT: u64 = 122_000_000_000_001;

/// A user token's lifetime after `fb_exchange_token` (and of [`GraphState::user_token`]):
/// about 60 days, the documented `expires_in`.
pub(crate) const LONG_LIVED: i64 = 5_183_944;
/// A short-lived user token's lifetime (code exchange).
pub(crate) const SHORT_LIVED: i64 = 5_400;
/// `data_access_expires_at` is 90 days after issue.
pub(crate) const DATA_ACCESS: i64 = 90 * 86_400;
/// The default hourly call budget of the app (user and app tokens).
const DEFAULT_APP_CALL_LIMIT: u64 = 1_000;
/// The default hourly call budget of a Page (Page tokens).
pub(crate) const DEFAULT_PAGE_CALL_LIMIT: u64 = 4_800;

/// `lowercase_hex(HMAC-SHA256(key = app_secret, message = access_token))`, the
/// `appsecret_proof` Graph expects when "Require App Secret" is on.
///
/// ```
/// use social_testkit::facebook::appsecret_proof;
///
/// assert_eq!(
///     appsecret_proof("xyz789", "abc123"),
///     "4dad02ff1693df832f9c183fe400fc4f601360be06514acb4a73edb783eec345"
/// );
/// ```
pub fn appsecret_proof(app_secret: &str, access_token: &str) -> String {
    match Hmac::<Sha256>::new_from_slice(app_secret.as_bytes()) {
        Ok(mut mac) => {
            mac.update(access_token.as_bytes());
            hex::encode(mac.finalize().into_bytes())
        }
        // HMAC accepts keys of any length; this arm is never taken.
        Err(_) => String::new(),
    }
}

/// Who wrote a post or a comment, or reacted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Actor {
    User(String),
    Page(String),
}

impl Actor {
    pub(crate) fn id(&self) -> &str {
        match self {
            Actor::User(id) | Actor::Page(id) => id,
        }
    }
}

/// What a stored token stands for (the app token `{id}|{secret}` is not stored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Principal {
    User(String),
    Page { page: String, user: String },
}

/// A token marked dead by a test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenStatus {
    Valid,
    /// 190/463.
    Expired,
    /// 190/460 (password changed).
    Invalidated,
    /// 190/492 (the user lost their role on the Page).
    RoleLost,
}

/// An access token the fake accepts.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub(crate) principal: Principal,
    pub(crate) status: TokenStatus,
    pub(crate) issued_at: i64,
    /// `None`: never expires (`expires_at: 0` in `debug_token`).
    pub(crate) expires_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub(crate) struct User {
    pub(crate) name: String,
    /// `(permission, granted)`, in grant order.
    pub(crate) permissions: Vec<(String, bool)>,
}

/// A Facebook Page of the fake. Change its profile with [`GraphState::page_mut`]; `GET
/// /{page-id}?fields=…` serves these values.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct GraphPage {
    pub(crate) id: String,
    /// `name`.
    pub name: String,
    /// `category`, e.g. "Lawyer & Law Firm".
    pub category: String,
    /// `category_list` as `(id, name)` pairs; by default one entry for `category`.
    pub category_list: Vec<(String, String)>,
    /// `username` (the vanity name), if any.
    pub username: Option<String>,
    /// `link`; by default `https://www.facebook.com/{id}`.
    pub link: String,
    /// `about`; empty by default.
    pub about: String,
    /// `verification_status`, e.g. `not_verified` (the default) or `blue_verified`.
    pub verification_status: String,
    /// The URL `picture.data.url` gives.
    pub picture: String,
    /// `fan_count`: people who like the Page.
    pub fan_count: u64,
    /// `followers_count`.
    pub followers_count: u64,
}

impl GraphPage {
    /// The Page's id.
    pub fn id(&self) -> &str {
        &self.id
    }
}

/// A user's tasks on a Page, and the Page token it yields.
#[derive(Debug, Clone)]
pub(crate) struct Role {
    pub(crate) user: String,
    pub(crate) page: String,
    pub(crate) tasks: Vec<String>,
    pub(crate) token: String,
    /// Listed by `/me/accounts` (false for a Page reached through a business only).
    pub(crate) listed: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Business {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) members: Vec<String>,
    pub(crate) owned: Vec<String>,
    pub(crate) client: Vec<String>,
}

/// A post on a Page's timeline: the Page's own, or a visitor's.
#[derive(Debug, Clone)]
pub(crate) struct Post {
    pub(crate) id: String,
    pub(crate) page: String,
    pub(crate) from: Actor,
    pub(crate) message: Option<String>,
    pub(crate) link: Option<String>,
    pub(crate) created: i64,
    pub(crate) updated: i64,
    pub(crate) published: bool,
    pub(crate) scheduled: Option<i64>,
    pub(crate) hidden: bool,
    pub(crate) photos: Vec<String>,
    /// Creation order, to break ties between equal timestamps.
    pub(crate) serial: u64,
}

impl Post {
    /// Published, or scheduled for a time the clock has reached.
    pub(crate) fn is_live(&self, now: i64) -> bool {
        self.published || self.scheduled.is_some_and(|at| at <= now)
    }

    /// `created_time`: the scheduled time once a scheduled post went live.
    pub(crate) fn created_time(&self, now: i64) -> i64 {
        match self.scheduled {
            Some(at) if !self.published && at <= now => at,
            _ => self.created,
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Photo {
    pub(crate) id: String,
    pub(crate) page: String,
    pub(crate) url: Option<String>,
    pub(crate) caption: Option<String>,
    pub(crate) published: bool,
    pub(crate) temporary: bool,
    /// The post showing it, if any.
    pub(crate) post: Option<String>,
    pub(crate) created: i64,
    pub(crate) bytes: usize,
}

impl Photo {
    /// The image URL: the `url` it was uploaded from, else a CDN-like one.
    pub(crate) fn image(&self) -> String {
        self.url
            .clone()
            .unwrap_or_else(|| format!("https://scontent.xx.fbcdn.net/v/t39/{}_n.jpg", self.id))
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Comment {
    pub(crate) id: String,
    /// The post or photo commented on (for a reply, its parent's).
    pub(crate) object: String,
    /// The comment replied to.
    pub(crate) parent: Option<String>,
    pub(crate) from: Actor,
    pub(crate) message: String,
    pub(crate) attachment: Option<String>,
    pub(crate) created: i64,
    pub(crate) hidden: bool,
    pub(crate) serial: u64,
}

#[derive(Debug, Clone)]
pub(crate) struct Reaction {
    pub(crate) object: String,
    pub(crate) actor: Actor,
    pub(crate) kind: String,
}

#[derive(Debug, Clone)]
pub(crate) struct Metric {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) base: i64,
}

#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub(crate) user: String,
    pub(crate) redirect_uri: String,
    pub(crate) used: bool,
    /// The demo's code can be exchanged again and again.
    pub(crate) reusable: bool,
}

#[derive(Debug, Clone)]
pub(crate) struct Injected {
    pub(crate) method: String,
    pub(crate) path: PathPattern,
    pub(crate) body: Value,
    pub(crate) status: u16,
    pub(crate) remaining: u64,
}

/// An hourly call window.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Window {
    pub(crate) start: i64,
    pub(crate) calls: u64,
}

/// The state of a [`GraphFake`](super::GraphFake): the app, users, Pages and their roles,
/// businesses, posts, photos, comments, reactions, insights metrics, tokens and codes, usage
/// windows and configuration, all in memory. Ids and tokens come from counters, so a test
/// sees the same values on every run.
///
/// [`Default`] is an app (the sandbox's id and secret, [`DEMO_APP_ID`](super::DEMO_APP_ID))
/// with the standard insights metrics and nothing else; `appsecret_proof` is not required.
///
/// ```
/// use social_testkit::facebook::GraphState;
///
/// let mut graph = GraphState::default();
/// let camille = graph.add_user("Camille Martin");
/// let page = graph.add_page("Cabinet Martin", "Lawyer & Law Firm");
/// let page_token = graph.grant_tasks(&camille, &page, &["CREATE_CONTENT", "MODERATE"]);
/// let post = graph.add_post(&page, "Bienvenue !");
/// let visitor = graph.add_user("Sophie Bernard");
/// let question = graph.add_visitor_comment(&visitor, &post, "Vous êtes ouverts samedi ?");
/// graph.add_reaction(&visitor, &post, "LOVE");
/// assert_eq!(graph.comments(&post), [question]);
/// assert_eq!(graph.page_token(&camille, &page), Some(page_token));
/// ```
#[derive(Debug)]
pub struct GraphState {
    pub(crate) app_id: String,
    pub(crate) app_secret: String,
    pub(crate) app_name: String,
    next_user: u64,
    next_page: u64,
    next_business: u64,
    next_object: u64,
    serial: u64,
    trace: u64,
    clock: Option<i64>,
    pub(crate) users: BTreeMap<String, User>,
    pub(crate) pages: BTreeMap<String, GraphPage>,
    pub(crate) roles: Vec<Role>,
    pub(crate) businesses: BTreeMap<String, Business>,
    pub(crate) posts: BTreeMap<String, Post>,
    pub(crate) photos: BTreeMap<String, Photo>,
    pub(crate) comments: BTreeMap<String, Comment>,
    pub(crate) reactions: Vec<Reaction>,
    pub(crate) metrics: BTreeMap<String, Metric>,
    pub(crate) subscriptions: BTreeMap<String, Vec<String>>,
    pub(crate) tokens: HashMap<String, Token>,
    /// Page tokens minted for a short-lived user token: `(user token, page)` → token.
    pub(crate) derived: HashMap<(String, String), String>,
    pub(crate) codes: HashMap<String, Code>,
    pub(crate) served_version: Option<String>,
    pub(crate) require_proof: bool,
    pub(crate) app_limit: u64,
    pub(crate) page_limits: HashMap<String, u64>,
    pub(crate) usage_threshold: u32,
    pub(crate) app_window: Window,
    pub(crate) page_windows: HashMap<String, Window>,
    pub(crate) injected: Vec<Injected>,
    pub(crate) batch_nulls: Vec<usize>,
    pub(crate) empty_pages: u32,
    pub(crate) repeat_cursor: bool,
    pub(crate) calls: BTreeMap<String, u64>,
}

impl Default for GraphState {
    fn default() -> Self {
        GraphState::new(super::DEMO_APP_ID, super::DEMO_APP_SECRET)
    }
}

/// The insights metrics every state knows, with their base values (see
/// [`GraphState::set_metric`]).
const STANDARD_METRICS: &[(&str, i64)] = &[
    ("page_follows", 1_342),
    ("page_daily_follows", 14),
    ("page_daily_follows_unique", 12),
    ("page_daily_unfollows_unique", 2),
    ("page_media_view", 5_400),
    ("page_total_media_view_unique", 3_100),
    ("page_post_engagements", 230),
    ("page_views_total", 410),
    ("page_total_actions", 25),
    ("post_total_media_view_unique", 860),
    ("post_media_view", 1_240),
    ("post_clicks", 48),
    ("post_reactions_by_type_total", 31),
];

/// Panics with the helper's name: a seed call naming an unknown object is a bug in the test.
#[track_caller]
fn missing(what: &str, kind: &str, id: &str) -> ! {
    panic!("{what}: no {kind} with id {id:?} in the Graph fake")
}

impl GraphState {
    /// An app with this id and secret (its app token is `{app_id}|{app_secret}`), the
    /// standard insights metrics, and nothing else.
    pub fn new(app_id: &str, app_secret: &str) -> Self {
        let mut state = GraphState {
            app_id: app_id.to_owned(),
            app_secret: app_secret.to_owned(),
            app_name: "social-rs sandbox".to_owned(),
            next_user: FIRST_USER,
            next_page: FIRST_PAGE,
            next_business: FIRST_BUSINESS,
            next_object: FIRST_OBJECT,
            serial: 0,
            trace: 0,
            clock: None,
            users: BTreeMap::new(),
            pages: BTreeMap::new(),
            roles: Vec::new(),
            businesses: BTreeMap::new(),
            posts: BTreeMap::new(),
            photos: BTreeMap::new(),
            comments: BTreeMap::new(),
            reactions: Vec::new(),
            metrics: BTreeMap::new(),
            subscriptions: BTreeMap::new(),
            tokens: HashMap::new(),
            derived: HashMap::new(),
            codes: HashMap::new(),
            served_version: None,
            require_proof: false,
            app_limit: DEFAULT_APP_CALL_LIMIT,
            page_limits: HashMap::new(),
            usage_threshold: 0,
            app_window: Window::default(),
            page_windows: HashMap::new(),
            injected: Vec::new(),
            batch_nulls: Vec::new(),
            empty_pages: 0,
            repeat_cursor: false,
            calls: BTreeMap::new(),
        };
        for (name, base) in STANDARD_METRICS {
            state.set_metric(name, *base);
        }
        state
    }

    // ----- the app --------------------------------------------------------------------------

    /// The app id (`client_id`).
    pub fn app_id(&self) -> &str {
        &self.app_id
    }

    /// The app secret (`client_secret`, and the key of `appsecret_proof`).
    pub fn app_secret(&self) -> &str {
        &self.app_secret
    }

    /// The app token, `{app_id}|{app_secret}`, also what `grant_type=client_credentials`
    /// returns.
    pub fn app_token(&self) -> String {
        format!("{}|{}", self.app_id, self.app_secret)
    }

    // ----- seed helpers: principals ---------------------------------------------------------

    /// Adds a user and returns its id (`100000000000001`, then `…002`, …). The user is granted
    /// [`DEFAULT_PERMISSIONS`](super::DEFAULT_PERMISSIONS); change them with
    /// [`set_permission`](Self::set_permission). It has no token until
    /// [`user_token`](Self::user_token) or a code exchange gives it one.
    pub fn add_user(&mut self, name: &str) -> String {
        let id = self.next_user.to_string();
        self.next_user += 1;
        let permissions = DEFAULT_PERMISSIONS
            .iter()
            .map(|p| ((*p).to_owned(), true))
            .collect();
        self.users.insert(
            id.clone(),
            User {
                name: name.to_owned(),
                permissions,
            },
        );
        id
    }

    /// Grants (`true`) or declines (`false`) `permission` to `user`; `GET /me/permissions`
    /// lists it as `granted` or `declined`, `debug_token` lists granted ones as scopes, and
    /// writes check the ones they need (`pages_manage_posts`, `pages_read_engagement`,
    /// `pages_manage_engagement`, `read_insights`, `pages_manage_metadata`).
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn set_permission(&mut self, user: &str, permission: &str, granted: bool) {
        let Some(record) = self.users.get_mut(user) else {
            missing("set_permission", "user", user)
        };
        match record.permissions.iter_mut().find(|(p, _)| p == permission) {
            Some(entry) => entry.1 = granted,
            None => record.permissions.push((permission.to_owned(), granted)),
        }
    }

    /// A new long-lived user token for `user` (expires in 5183944 s, about 60 days, by the
    /// fake's clock). Page tokens obtained through it never expire.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn user_token(&mut self, user: &str) -> String {
        if !self.users.contains_key(user) {
            missing("user_token", "user", user);
        }
        let token = self.mint("user-token-");
        self.grant_user_token(&token, user, Some(LONG_LIVED));
        token
    }

    /// Accepts the fixed token `token` for `user`, expiring after `lifetime` seconds (`None`:
    /// never), e.g. to reproduce a token captured from a real app.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn add_user_token(&mut self, user: &str, token: &str, lifetime: Option<i64>) {
        if !self.users.contains_key(user) {
            missing("add_user_token", "user", user);
        }
        self.grant_user_token(token, user, lifetime);
    }

    /// Adds a Page and returns its id (`200000000000001`, then `…002`, …), with `category` as
    /// its only `category_list` entry and no fans yet. Arrange the rest with
    /// [`page_mut`](Self::page_mut).
    pub fn add_page(&mut self, name: &str, category: &str) -> String {
        let id = self.next_page.to_string();
        self.next_page += 1;
        let category_id = (2_250 + self.pages.len()).to_string();
        self.pages.insert(
            id.clone(),
            GraphPage {
                id: id.clone(),
                name: name.to_owned(),
                category: category.to_owned(),
                category_list: vec![(category_id, category.to_owned())],
                username: None,
                link: format!("https://www.facebook.com/{id}"),
                about: String::new(),
                verification_status: "not_verified".to_owned(),
                picture: format!("https://scontent.xx.fbcdn.net/v/t39/{id}_picture.jpg"),
                fan_count: 0,
                followers_count: 0,
            },
        );
        id
    }

    /// Page `id`, to change its profile (`fan_count`, `about`, `username`, …).
    pub fn page_mut(&mut self, id: &str) -> Option<&mut GraphPage> {
        self.pages.get_mut(id)
    }

    /// Gives `user` these tasks on `page` (replacing earlier ones; see
    /// [`PAGE_TASKS`](super::PAGE_TASKS)) and returns the user's Page token for it: the Page
    /// appears in the user's `/me/accounts` with that token.
    ///
    /// # Panics
    /// If the user or the Page is unknown.
    #[track_caller]
    pub fn grant_tasks(&mut self, user: &str, page: &str, tasks: &[&str]) -> String {
        self.grant_role(user, page, tasks, true, None, "grant_tasks")
    }

    /// Like [`grant_tasks`](Self::grant_tasks) with a fixed Page token.
    ///
    /// # Panics
    /// If the user or the Page is unknown.
    #[track_caller]
    pub fn grant_tasks_with_token(&mut self, user: &str, page: &str, tasks: &[&str], token: &str) {
        self.grant_role(
            user,
            page,
            tasks,
            true,
            Some(token),
            "grant_tasks_with_token",
        );
    }

    /// The Page token `user` holds on `page`, if it has a role there.
    pub fn page_token(&self, user: &str, page: &str) -> Option<String> {
        self.role(user, page).map(|role| role.token.clone())
    }

    /// Takes `user`'s role on `page` away: the Page leaves `/me/accounts` and its Page tokens
    /// answer 190/492.
    pub fn remove_role(&mut self, user: &str, page: &str) {
        self.roles.retain(|r| !(r.user == user && r.page == page));
    }

    /// Adds a business portfolio with `member` in it (`GET /me/businesses`) and returns its
    /// id (`300000000000001`, …).
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn add_business(&mut self, name: &str, member: &str) -> String {
        if !self.users.contains_key(member) {
            missing("add_business", "user", member);
        }
        let id = self.next_business.to_string();
        self.next_business += 1;
        self.businesses.insert(
            id.clone(),
            Business {
                id: id.clone(),
                name: name.to_owned(),
                members: vec![member.to_owned()],
                owned: Vec::new(),
                client: Vec::new(),
            },
        );
        id
    }

    /// Adds `page` to the business's `owned_pages`. Members without a role on it get every
    /// task through the business: `owned_pages?fields=access_token` gives them a Page token,
    /// but the Page stays out of their `/me/accounts`.
    ///
    /// # Panics
    /// If the business or the Page is unknown.
    #[track_caller]
    pub fn add_owned_page(&mut self, business: &str, page: &str) {
        self.add_business_page(business, page, true);
    }

    /// Adds `page` to the business's `client_pages`, like
    /// [`add_owned_page`](Self::add_owned_page).
    ///
    /// # Panics
    /// If the business or the Page is unknown.
    #[track_caller]
    pub fn add_client_page(&mut self, business: &str, page: &str) {
        self.add_business_page(business, page, false);
    }

    /// The code Facebook's OAuth dialog would redirect `user` back with: single use, valid
    /// only with this exact `redirect_uri`, exchanged for a short-lived user token (`expires_in`
    /// 5400) by `GET /oauth/access_token`.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn issue_code(&mut self, user: &str, redirect_uri: &str) -> String {
        let code = self.mint("code-");
        self.add_code(&code, user, redirect_uri);
        code
    }

    /// Like [`issue_code`](Self::issue_code) with a fixed code.
    ///
    /// # Panics
    /// If the user is unknown.
    #[track_caller]
    pub fn add_code(&mut self, code: &str, user: &str, redirect_uri: &str) {
        if !self.users.contains_key(user) {
            missing("issue_code", "user", user);
        }
        self.codes.insert(
            code.to_owned(),
            Code {
                user: user.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                used: false,
                reusable: false,
            },
        );
    }

    // ----- seed helpers: content ------------------------------------------------------------

    /// Publishes a post by `page` now (no duplicate check) and returns its id
    /// (`{page-id}_{n}`).
    ///
    /// # Panics
    /// If the Page is unknown.
    #[track_caller]
    pub fn add_post(&mut self, page: &str, message: &str) -> String {
        let now = self.now();
        self.add_post_at(page, message, now)
    }

    /// Like [`add_post`](Self::add_post), created at `created_time` (Unix seconds).
    ///
    /// # Panics
    /// If the Page is unknown.
    #[track_caller]
    pub fn add_post_at(&mut self, page: &str, message: &str, created_time: i64) -> String {
        if !self.pages.contains_key(page) {
            missing("add_post", "Page", page);
        }
        let mut post = self.blank_post(page, Actor::Page(page.to_owned()));
        post.message = Some(message.to_owned());
        post.created = created_time;
        post.updated = created_time;
        self.insert_post(post)
    }

    /// A post by a visitor, `user`, on `page`'s timeline (`/visitor_posts` and `/feed`);
    /// returns its id.
    ///
    /// # Panics
    /// If the user or the Page is unknown.
    #[track_caller]
    pub fn add_visitor_post(&mut self, user: &str, page: &str, message: &str) -> String {
        if !self.users.contains_key(user) {
            missing("add_visitor_post", "user", user);
        }
        if !self.pages.contains_key(page) {
            missing("add_visitor_post", "Page", page);
        }
        let mut post = self.blank_post(page, Actor::User(user.to_owned()));
        post.message = Some(message.to_owned());
        self.insert_post(post)
    }

    /// A comment by `user` (a visitor, e.g. a client asking a question) on `object` (a post,
    /// a photo or a comment: then it is a reply), made now; returns its id
    /// (`{post-id-without-page}_{n}`).
    ///
    /// # Panics
    /// If the user or the object is unknown.
    #[track_caller]
    pub fn add_visitor_comment(&mut self, user: &str, object: &str, message: &str) -> String {
        if !self.users.contains_key(user) {
            missing("add_visitor_comment", "user", user);
        }
        match self.insert_comment(object, Actor::User(user.to_owned()), message, None) {
            Some(id) => id,
            None => missing("add_visitor_comment", "post, photo or comment", object),
        }
    }

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

    /// Makes `name` a valid insights metric (or changes it). Its value for the day ending at
    /// `end_time` is `base + (end_time / 86400) % 7` (see [`metric_value`](Self::metric_value));
    /// `post_*` metrics are valid on posts only, the others on Pages only.
    pub fn set_metric(&mut self, name: &str, base: i64) {
        let title = name
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let description = format!("{title}: a deterministic value seeded by the Graph fake");
        self.metrics.insert(
            name.to_owned(),
            Metric {
                title,
                description,
                base,
            },
        );
    }

    /// Makes `name` an invalid metric, as a deprecation does: a request naming it fails whole.
    pub fn remove_metric(&mut self, name: &str) {
        self.metrics.remove(name);
    }

    /// The value metric `name` reports for the day ending at `end_time` (Unix seconds).
    pub fn metric_value(&self, name: &str, end_time: i64) -> Option<i64> {
        let metric = self.metrics.get(name)?;
        Some(
            metric
                .base
                .saturating_add(end_time.div_euclid(86_400).rem_euclid(7)),
        )
    }

    // ----- tokens -----------------------------------------------------------------------------

    /// Marks `token` expired: calls get 190/463 "Error validating access token: Session has
    /// expired …".
    pub fn expire_token(&mut self, token: &str) {
        self.mark(token, TokenStatus::Expired);
    }

    /// Marks `token` invalidated, as a password change does: calls get 190/460.
    pub fn invalidate_token(&mut self, token: &str) {
        self.mark(token, TokenStatus::Invalidated);
    }

    /// Marks `token` as belonging to a user who lost their role on the Page: 190/492 (see
    /// also [`remove_role`](Self::remove_role)).
    pub fn mark_role_lost(&mut self, token: &str) {
        self.mark(token, TokenStatus::RoleLost);
    }

    // ----- inspection -------------------------------------------------------------------------

    /// Every post on `page`'s timeline (its own and visitors', published or not), newest
    /// first.
    pub fn posts(&self, page: &str) -> Vec<String> {
        let now = self.now();
        let mut posts: Vec<&Post> = self.posts.values().filter(|p| p.page == page).collect();
        posts.sort_by_key(|p| std::cmp::Reverse((p.created_time(now), p.serial)));
        posts.into_iter().map(|p| p.id.clone()).collect()
    }

    /// The message of post `id`.
    pub fn post_message(&self, id: &str) -> Option<&str> {
        self.posts.get(id)?.message.as_deref()
    }

    /// Whether post `id` is published (a scheduled post is, once the clock reaches its time).
    pub fn is_published(&self, id: &str) -> Option<bool> {
        Some(self.posts.get(id)?.is_live(self.now()))
    }

    /// When post `id` is scheduled to go live, if it is.
    pub fn scheduled_time(&self, id: &str) -> Option<i64> {
        self.posts.get(id)?.scheduled
    }

    /// The photos attached to post `id`.
    pub fn post_photos(&self, id: &str) -> Vec<String> {
        self.posts
            .get(id)
            .map(|p| p.photos.clone())
            .unwrap_or_default()
    }

    /// Whether post or comment `id` is hidden.
    pub fn is_hidden(&self, id: &str) -> Option<bool> {
        match self.posts.get(id) {
            Some(post) => Some(post.hidden),
            None => Some(self.comments.get(id)?.hidden),
        }
    }

    /// The photos uploaded to `page`, oldest first.
    pub fn photos(&self, page: &str) -> Vec<String> {
        self.photos
            .values()
            .filter(|p| p.page == page)
            .map(|p| p.id.clone())
            .collect()
    }

    /// The URL photo `id` was uploaded from (`None` for a multipart `source`).
    pub fn photo_url(&self, id: &str) -> Option<&str> {
        self.photos.get(id)?.url.as_deref()
    }

    /// The size of the multipart `source` photo `id` was uploaded with (0 for a `url`).
    pub fn photo_size(&self, id: &str) -> Option<usize> {
        Some(self.photos.get(id)?.bytes)
    }

    /// Whether photo `id` is published (alone, or in a published post).
    pub fn is_photo_published(&self, id: &str) -> Option<bool> {
        Some(self.photos.get(id)?.published)
    }

    /// The direct comments on `object` (a post, a photo, or a comment: its replies), oldest
    /// first, hidden ones included.
    pub fn comments(&self, object: &str) -> Vec<String> {
        let mut comments: Vec<&Comment> = self
            .comments
            .values()
            .filter(|c| match &c.parent {
                Some(parent) => parent == object,
                None => c.object == object,
            })
            .collect();
        comments.sort_by_key(|c| (c.created, c.serial));
        comments.into_iter().map(|c| c.id.clone()).collect()
    }

    /// The message of comment `id`.
    pub fn comment_message(&self, id: &str) -> Option<&str> {
        Some(&self.comments.get(id)?.message)
    }

    /// The author of comment `id`: a user or a Page id.
    pub fn comment_author(&self, id: &str) -> Option<&str> {
        Some(self.comments.get(id)?.from.id())
    }

    /// The reactions to `object`: `(actor id, type)`, oldest first.
    pub fn reactions(&self, object: &str) -> Vec<(String, String)> {
        self.reactions
            .iter()
            .filter(|r| r.object == object)
            .map(|r| (r.actor.id().to_owned(), r.kind.clone()))
            .collect()
    }

    /// The webhook fields the app is subscribed to on `page` (`None`: not subscribed).
    pub fn subscribed_fields(&self, page: &str) -> Option<Vec<String>> {
        self.subscriptions.get(page).cloned()
    }

    /// How many requests reached `route`, written `"{METHOD} /{path below the version}"`,
    /// e.g. `"POST /200000000000001/feed"` or `"GET /me/accounts"` (`"POST /"` for batches;
    /// batch items count under their own route). Failed calls count too.
    pub fn calls(&self, route: &str) -> u64 {
        self.calls.get(route).copied().unwrap_or(0)
    }

    // ----- configuration ---------------------------------------------------------------------

    /// Forces the `facebook-api-version` response header (`Some("v25.0")`), as when Graph
    /// serves an expired version with the oldest available one; `None` (the default) echoes
    /// the requested version.
    pub fn set_served_version(&mut self, version: Option<&str>) {
        self.served_version = version.map(str::to_owned);
    }

    /// Requires `appsecret_proof` on every call with a user or Page token (query or form
    /// parameter): off by default, on in the demo.
    pub fn set_require_appsecret_proof(&mut self, required: bool) {
        self.require_proof = required;
    }

    /// The hourly call budget of the app (user and app tokens; default 1000). Beyond it calls
    /// get `(#4) Application request limit reached` and `X-App-Usage` reports 100.
    pub fn set_app_call_limit(&mut self, calls: u64) {
        self.app_limit = calls;
        self.app_window = Window::default();
    }

    /// The hourly call budget of `page` (Page tokens; default 4800). Beyond it calls get
    /// `(#80001)` and `X-Business-Use-Case-Usage` reports 100 with
    /// `estimated_time_to_regain_access` in minutes.
    pub fn set_page_call_limit(&mut self, page: &str, calls: u64) {
        self.page_limits.insert(page.to_owned(), calls);
        self.page_windows.remove(page);
    }

    /// Usage headers (`X-App-Usage`, `X-Business-Use-Case-Usage`) appear only once the
    /// usage reaches `percent` (default 0: always). Graph omits them near 0 %; 101 suppresses
    /// them altogether.
    pub fn set_usage_threshold(&mut self, percent: u32) {
        self.usage_threshold = percent;
    }

    /// Makes the next `times` requests with `method` on `path` answer `status` with `error`:
    /// a Graph error object (`{"message","type","code",…}`, wrapped in `{"error":…}`), or a
    /// whole body if it already has an `error` member (e.g. the flat legacy shape). `path` is
    /// below the version: `"/200000000000001/feed"`, or a regex such as
    /// `PathPattern::regex(r"^/\d+/feed$")`. Batch items are concerned too. `fbtrace_id` is
    /// added when missing. `times` = 0 injects nothing.
    pub fn inject_error(
        &mut self,
        method: &str,
        path: impl Into<PathPattern>,
        error: Value,
        status: u16,
        times: u64,
    ) {
        if times == 0 {
            return;
        }
        let body = if error.get("error").is_some() {
            error
        } else {
            json!({ "error": error })
        };
        self.injected.push(Injected {
            method: method.to_ascii_uppercase(),
            path: path.into(),
            body,
            status,
            remaining: times,
        });
    }

    /// The next batch answers `null` for these item indices (operations that did not
    /// complete) without running them.
    pub fn fail_batch_items(&mut self, indices: &[usize]) {
        self.batch_nulls = indices.to_vec();
    }

    /// The next `times` list answers that have items serve instead an empty `data` page
    /// that still carries `paging.next` (to the same position), as Graph sometimes does.
    pub fn serve_empty_pages(&mut self, times: u32) {
        self.empty_pages = times;
    }

    /// While on, a list request carrying `after` answers with that same `after` cursor (and a
    /// `next` link) forever, to test a client's loop detection.
    pub fn set_repeat_cursor(&mut self, on: bool) {
        self.repeat_cursor = on;
    }

    /// The fake's clock, Unix seconds: the system time unless [`set_now`](Self::set_now) or
    /// [`advance`](Self::advance) froze it. It stamps content, expires tokens, bounds
    /// scheduling, publishes scheduled posts and rolls usage windows.
    pub fn now(&self) -> i64 {
        self.clock.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
        })
    }

    /// Freezes the clock at `unix_seconds`.
    pub fn set_now(&mut self, unix_seconds: i64) {
        self.clock = Some(unix_seconds);
    }

    /// Moves the clock `seconds` forward (and freezes it there).
    pub fn advance(&mut self, seconds: i64) {
        self.clock = Some(self.now().saturating_add(seconds));
    }

    // ----- internals --------------------------------------------------------------------------

    /// A new opaque string such as `user-token-0001`.
    pub(crate) fn mint(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}{:04}", self.serial)
    }

    /// A new content id (the numeric part of post, photo and comment ids).
    pub(crate) fn next_object(&mut self) -> u64 {
        let id = self.next_object;
        self.next_object += 1;
        id
    }

    /// A fresh serial (cursor salts, ordering ties).
    pub(crate) fn next_serial(&mut self) -> u64 {
        self.serial += 1;
        self.serial
    }

    /// A trace id that looks like Graph's (`AmFGcW_3hwDB7qFbl_QdebZ`), different per answer.
    pub(crate) fn trace_id(&mut self) -> String {
        use base64::Engine;
        self.trace += 1;
        let digest = Sha256::digest(format!("fbtrace-{}-{}", self.app_id, self.trace));
        let mut id = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&digest[..16]);
        id.truncate(22);
        format!("A{id}")
    }

    pub(crate) fn grant_user_token(&mut self, token: &str, user: &str, lifetime: Option<i64>) {
        let now = self.now();
        self.tokens.insert(
            token.to_owned(),
            Token {
                principal: Principal::User(user.to_owned()),
                status: TokenStatus::Valid,
                issued_at: now,
                expires_at: lifetime.map(|seconds| now.saturating_add(seconds)),
            },
        );
    }

    #[track_caller]
    pub(crate) fn grant_role(
        &mut self,
        user: &str,
        page: &str,
        tasks: &[&str],
        listed: bool,
        token: Option<&str>,
        what: &str,
    ) -> String {
        if !self.users.contains_key(user) {
            missing(what, "user", user);
        }
        if !self.pages.contains_key(page) {
            missing(what, "Page", page);
        }
        let tasks: Vec<String> = tasks.iter().map(|t| t.to_ascii_uppercase()).collect();
        let token = match (token, self.role(user, page)) {
            (Some(token), _) => token.to_owned(),
            (None, Some(role)) => role.token.clone(),
            (None, None) => self.mint("page-token-"),
        };
        self.roles.retain(|r| !(r.user == user && r.page == page));
        self.roles.push(Role {
            user: user.to_owned(),
            page: page.to_owned(),
            tasks,
            token: token.clone(),
            listed,
        });
        let now = self.now();
        self.tokens.insert(
            token.clone(),
            Token {
                principal: Principal::Page {
                    page: page.to_owned(),
                    user: user.to_owned(),
                },
                status: TokenStatus::Valid,
                issued_at: now,
                expires_at: None,
            },
        );
        token
    }

    #[track_caller]
    fn add_business_page(&mut self, business: &str, page: &str, owned: bool) {
        if !self.pages.contains_key(page) {
            missing("add_owned_page", "Page", page);
        }
        let Some(record) = self.businesses.get_mut(business) else {
            missing("add_owned_page", "business", business)
        };
        let list = if owned {
            &mut record.owned
        } else {
            &mut record.client
        };
        if !list.iter().any(|p| p == page) {
            list.push(page.to_owned());
        }
        let members = record.members.clone();
        for member in members {
            if self.role(&member, page).is_none() {
                self.grant_role(&member, page, PAGE_TASKS, false, None, "add_owned_page");
            }
        }
    }

    fn mark(&mut self, token: &str, status: TokenStatus) {
        if let Some(record) = self.tokens.get_mut(token) {
            record.status = status;
        }
    }

    pub(crate) fn role(&self, user: &str, page: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.user == user && r.page == page)
    }

    /// A post with nothing in it, by `from` on `page`, stamped now.
    pub(crate) fn blank_post(&mut self, page: &str, from: Actor) -> Post {
        let now = self.now();
        Post {
            id: String::new(),
            page: page.to_owned(),
            from,
            message: None,
            link: None,
            created: now,
            updated: now,
            published: true,
            scheduled: None,
            hidden: false,
            photos: Vec::new(),
            serial: 0,
        }
    }

    /// Stores `post` under a new id `{page}_{n}`.
    pub(crate) fn insert_post(&mut self, mut post: Post) -> String {
        post.id = format!("{}_{}", post.page, self.next_object());
        post.serial = self.next_serial();
        let id = post.id.clone();
        self.posts.insert(id.clone(), post);
        id
    }

    /// Stores a comment by `from` on `object` (post, photo or comment); `None` if the object
    /// is unknown. A reply to a reply attaches to the top-level comment, as Facebook does.
    pub(crate) fn insert_comment(
        &mut self,
        object: &str,
        from: Actor,
        message: &str,
        attachment: Option<String>,
    ) -> Option<String> {
        let (root, parent) = if self.posts.contains_key(object) || self.photos.contains_key(object)
        {
            (object.to_owned(), None)
        } else {
            let comment = self.comments.get(object)?;
            let top = comment.parent.clone().unwrap_or_else(|| comment.id.clone());
            (comment.object.clone(), Some(top))
        };
        let suffix = root.rsplit('_').next().unwrap_or(&root).to_owned();
        let id = format!("{suffix}_{}", self.next_object());
        let created = self.now();
        let serial = self.next_serial();
        self.comments.insert(
            id.clone(),
            Comment {
                id: id.clone(),
                object: root,
                parent,
                from,
                message: message.to_owned(),
                attachment,
                created,
                hidden: false,
                serial,
            },
        );
        Some(id)
    }

    /// The Page a post, photo or comment belongs to.
    pub(crate) fn owner_page(&self, object: &str) -> Option<String> {
        if let Some(post) = self.posts.get(object) {
            return Some(post.page.clone());
        }
        if let Some(photo) = self.photos.get(object) {
            return Some(photo.page.clone());
        }
        let comment = self.comments.get(object)?;
        self.owner_page(&comment.object)
    }

    /// `{id, name}` of an actor.
    pub(crate) fn actor_json(&self, actor: &Actor) -> Value {
        let name = match actor {
            Actor::User(id) => self.users.get(id).map(|u| u.name.clone()),
            Actor::Page(id) => self.pages.get(id).map(|p| p.name.clone()),
        };
        json!({ "id": actor.id(), "name": name.unwrap_or_default() })
    }

    /// Removes a comment with its replies and reactions.
    pub(crate) fn remove_comment(&mut self, id: &str) {
        let replies: Vec<String> = self
            .comments
            .values()
            .filter(|c| c.parent.as_deref() == Some(id))
            .map(|c| c.id.clone())
            .collect();
        for reply in replies {
            self.remove_comment(&reply);
        }
        self.comments.remove(id);
        self.reactions.retain(|r| r.object != id);
    }

    /// Removes a post with its comments and reactions; its photos stay, detached.
    pub(crate) fn remove_post(&mut self, id: &str) {
        let comments: Vec<String> = self
            .comments
            .values()
            .filter(|c| c.object == id && c.parent.is_none())
            .map(|c| c.id.clone())
            .collect();
        for comment in comments {
            self.remove_comment(&comment);
        }
        self.reactions.retain(|r| r.object != id);
        for photo in self.photos.values_mut() {
            if photo.post.as_deref() == Some(id) {
                photo.post = None;
            }
        }
        self.posts.remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appsecret_proofs_match_the_published_vectors() {
        assert_eq!(
            appsecret_proof("xyz789", "abc123"),
            "4dad02ff1693df832f9c183fe400fc4f601360be06514acb4a73edb783eec345"
        );
        assert_eq!(
            appsecret_proof("test", "test"),
            "88cd2108b5347d973cf39cdf9053d7dd42704876d8c9a9bd8e2d168259d3ddf7"
        );
        assert_eq!(
            appsecret_proof("PRIE7$oG2uS-Yf17kEnUEpi5hvW/#AFo", "helloWorld"),
            "cb064987988fcd658470d6a24f1c68f6d7982c80ab9efb08cb8c84ef88fd03e1"
        );
    }

    #[test]
    fn replies_to_replies_attach_to_the_top_level_comment() {
        let mut graph = GraphState::default();
        let page = graph.add_page("P", "Lawyer & Law Firm");
        let user = graph.add_user("U");
        let post = graph.add_post(&page, "hello");
        let top = graph.add_visitor_comment(&user, &post, "first");
        let reply = graph.add_visitor_comment(&user, &top, "second");
        let deeper = graph.add_visitor_comment(&user, &reply, "third");
        assert_eq!(graph.comments(&top), [reply.clone(), deeper.clone()]);
        assert!(deeper.starts_with(post.rsplit('_').next().unwrap()));
        graph.remove_post(&post);
        assert!(graph.comments.is_empty());
    }

    #[test]
    fn trace_ids_differ_and_look_like_graphs() {
        let mut graph = GraphState::default();
        let (a, b) = (graph.trace_id(), graph.trace_id());
        assert_ne!(a, b);
        assert_eq!(a.len(), 23);
    }
}
