//! The Graph fake's in-memory state: the [`GraphState`] itself, its clock, configuration and
//! counters here; the records, seed helpers and inspection helpers of each area in the file
//! named after the fake's file for that area (`pages.rs`, `oauth.rs`, `posts.rs`,
//! `comments.rs`, `reactions.rs`, `insights.rs`).
//!
//! The objects follow the reference pages of <https://developers.facebook.com/docs/graph-api/reference>.

mod comments;
mod insights;
mod oauth;
mod pages;
mod posts;
mod reactions;

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::PathPattern;

pub(crate) use comments::Comment;
pub(crate) use insights::Metric;
use insights::{BREAKDOWN_METRICS, STANDARD_METRICS};
pub use oauth::appsecret_proof;
pub(crate) use oauth::{Code, Principal, Token, TokenStatus};
pub use pages::GraphPage;
pub(crate) use pages::{Business, Role, User};
pub(crate) use posts::{Photo, Post};
pub(crate) use reactions::Reactions;

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

/// A mention in a message, served as one `message_tags` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    pub(crate) id: String,
    pub(crate) name: String,
    /// `page` or `user`.
    pub(crate) kind: &'static str,
    /// Where the name starts in the message and its length, in UTF-16 code units.
    pub(crate) offset: usize,
    pub(crate) length: usize,
}

impl Tag {
    /// `{id, name, type, offset, length}`.
    pub(crate) fn json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "type": self.kind,
            "offset": self.offset,
            "length": self.length,
        })
    }
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
    clock: crate::FakeClock,
    pub(crate) users: BTreeMap<String, User>,
    pub(crate) pages: BTreeMap<String, GraphPage>,
    pub(crate) roles: Vec<Role>,
    pub(crate) businesses: BTreeMap<String, Business>,
    pub(crate) posts: BTreeMap<String, Post>,
    pub(crate) photos: BTreeMap<String, Photo>,
    pub(crate) comments: BTreeMap<String, Comment>,
    /// The reactions to each object, with their counters.
    pub(crate) reactions: HashMap<String, Reactions>,
    /// The direct comments of each object (a post, a photo, or a comment: its replies),
    /// oldest first.
    pub(crate) comment_index: HashMap<String, Vec<String>>,
    /// Every comment under each post or photo, replies included, oldest first
    /// (`filter=stream`).
    pub(crate) stream_index: HashMap<String, Vec<String>>,
    /// Each Page's posts (its own and visitors'), in creation order.
    pub(crate) page_posts: HashMap<String, Vec<String>>,
    /// Records (posts, comments, reactions) visited by reads; see
    /// [`records_scanned`](Self::records_scanned).
    scanned: Cell<u64>,
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
    pub(crate) injected: crate::injected::Injections,
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

/// Panics with the helper's name: a seed call naming an unknown object is a bug in the test.
#[track_caller]
pub(super) fn missing(what: &str, kind: &str, id: &str) -> ! {
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
            clock: crate::FakeClock::default(),
            users: BTreeMap::new(),
            pages: BTreeMap::new(),
            roles: Vec::new(),
            businesses: BTreeMap::new(),
            posts: BTreeMap::new(),
            photos: BTreeMap::new(),
            comments: BTreeMap::new(),
            reactions: HashMap::new(),
            comment_index: HashMap::new(),
            stream_index: HashMap::new(),
            page_posts: HashMap::new(),
            scanned: Cell::new(0),
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
            injected: crate::injected::Injections::default(),
            batch_nulls: Vec::new(),
            empty_pages: 0,
            repeat_cursor: false,
            calls: BTreeMap::new(),
        };
        for (name, base) in STANDARD_METRICS {
            state.set_metric(name, *base);
        }
        for (name, keys) in BREAKDOWN_METRICS {
            state.set_breakdown_metric(name, keys);
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

    /// How many requests reached `route`, written `"{METHOD} /{path below the version}"`,
    /// e.g. `"POST /200000000000001/feed"` or `"GET /me/accounts"` (`"POST /"` for batches;
    /// batch items count under their own route). Failed calls count too.
    pub fn calls(&self, route: &str) -> u64 {
        self.calls.get(route).copied().unwrap_or(0)
    }

    /// How many stored posts, comments and reactions the fake has visited to answer reads so
    /// far. Rendering a Page, a post or a comment reads its counts from counters kept per
    /// object (`comments.summary(true).limit(0)`, `reactions.summary(total_count).limit(0)`,
    /// `like_count`, `comment_count`), so it adds the same number however many posts,
    /// comments and reactions the fake holds; listings add the items they serve (and a
    /// timeline the posts of its Page).
    pub fn records_scanned(&self) -> u64 {
        self.scanned.get()
    }

    /// Counts `records` visited by a read.
    pub(crate) fn scan(&self, records: usize) {
        let records = u64::try_from(records).unwrap_or(u64::MAX);
        self.scanned.set(self.scanned.get().saturating_add(records));
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
        self.injected.push(method, path.into(), status, body, times);
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

    /// A message with its mentions resolved: each `@[{id}]` naming a known Page or user
    /// becomes that profile's name and a [`Tag`] (the mention syntax of messages posted
    /// through the API, <https://developers.facebook.com/docs/pages-api/posts>); other text
    /// stays as is.
    pub(crate) fn mentions(&self, message: &str) -> (String, Vec<Tag>) {
        let mut text = String::with_capacity(message.len());
        let mut units = 0;
        let mut tags = Vec::new();
        let mut rest = message;
        while let Some(start) = rest.find("@[") {
            let (before, after) = rest.split_at(start);
            text.push_str(before);
            units += before.encode_utf16().count();
            let inner = &after[2..];
            let id = inner.split(']').next().unwrap_or_default();
            let named = if inner.len() > id.len()
                && !id.is_empty()
                && id.bytes().all(|b| b.is_ascii_digit())
            {
                match (self.pages.get(id), self.users.get(id)) {
                    (Some(page), _) => Some((page.name.clone(), "page")),
                    (None, Some(user)) => Some((user.name.clone(), "user")),
                    (None, None) => None,
                }
            } else {
                None
            };
            match named {
                Some((name, kind)) => {
                    let length = name.encode_utf16().count();
                    tags.push(Tag {
                        id: id.to_owned(),
                        name: name.clone(),
                        kind,
                        offset: units,
                        length,
                    });
                    text.push_str(&name);
                    units += length;
                    rest = &inner[id.len() + 1..];
                }
                None => {
                    text.push_str("@[");
                    units += 2;
                    rest = inner;
                }
            }
        }
        text.push_str(rest);
        (text, tags)
    }

    /// `{id, name}` of an actor.
    pub(crate) fn actor_json(&self, actor: &Actor) -> Value {
        let name = match actor {
            Actor::User(id) => self.users.get(id).map(|u| u.name.clone()),
            Actor::Page(id) => self.pages.get(id).map(|p| p.name.clone()),
        };
        json!({ "id": actor.id(), "name": name.unwrap_or_default() })
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
