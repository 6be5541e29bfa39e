//! A stateful fake of the Facebook Graph API for Pages, written from Graph's documented wire
//! format with `serde_json` values only (no client model), so a model bug cannot hide on both
//! sides.
//!
//! [`GraphFake`] answers under a version prefix, `/{version}/…` with a version such as
//! `v26.0` (`^v\d+\.\d+$`; any other first segment is the 400 code 2500 "Unknown path
//! components"), mounted alone on a [`FakeServer`](crate::FakeServer) or under `/facebook` in
//! the [`Sandbox`](crate::Sandbox):
//!
//! - **nodes and edges**: `GET /me` (the user, or the Page for a Page token), `/me/accounts`,
//!   `/me/businesses`, `/me/permissions`, `/{business-id}/owned_pages` and `/client_pages`;
//!   `GET /{page-id}`; `POST /{page-id}/feed` (text, link, scheduled, multi-photo
//!   `attached_media`) and `/photos` (`url` or a multipart `source`); `GET /{page-id}/feed`,
//!   `/posts`, `/published_posts`, `/scheduled_posts`, `/visitor_posts`, `/photos`;
//!   `GET`/`POST`/`DELETE /{post-id}`, `/{photo-id}` (no edit), `/{comment-id}`;
//!   `GET`/`POST /{object-id}/comments`, `GET /{object-id}/reactions` and `/likes`;
//!   `GET /{page-id}/insights[/{metric}]` and `/{post-id}/insights`;
//!   `GET`/`POST`/`DELETE /{page-id}/subscribed_apps`; `GET /oauth/access_token` (code,
//!   `fb_exchange_token`, `client_credentials`), `GET /debug_token`; batches (`POST /` with
//!   `batch`, at most 50 items, run against the same routes).
//! - **field selection**: `fields=` with expansions — `from{id,name,category}`, and edges with
//!   `.summary()`, `.limit()`, `.type()`, `.filter()`, `.order()` and `.as(alias)`, e.g.
//!   `reactions.type(LOVE).limit(0).summary(total_count).as(love)`. A node's `id` comes back
//!   whether asked for or not, as in Graph. Each node type's fields and edges are listed once
//!   (`nodes.rs`, with its reference page): a field or an edge the type does not have is
//!   refused with Graph's `(#100) Tried accessing nonexisting field (NAME) on node type
//!   (TYPE)` (`PagePost` for posts), the post fields removed in v3.3 (`link`, `type`, …) with
//!   code 12, for the whole request even when a list is empty; a documented field the fake
//!   does not model is left out, as Graph leaves out a field without a value, and a
//!   documented edge it does not model is refused with a 400 that says so.
//! - **auth**: `access_token` in the query or the form body, or `Authorization: Bearer`/`OAuth`.
//!   User, Page and app (`{app-id}|{app-secret}`) tokens; expired (190/463), invalidated
//!   (190/460), logged-out (190/467) and role-lost (190/492) tokens, and unparsable ones
//!   (190 without a subcode); `appsecret_proof` when required
//!   ([`GraphState::set_require_appsecret_proof`], on in the demo).
//! - **usage**: `X-App-Usage` on user- and app-token calls, `X-Business-Use-Case-Usage` on
//!   Page-token calls (percentages of hourly budgets), `(#4)` and `(#80001)` once a budget is
//!   spent; `facebook-api-version` and `x-fb-trace-id` on every answer, `fbtrace_id` in every
//!   error.
//! - **paging**: cursors with full `next`/`previous` links on the fake's own host that carry
//!   the query and `access_token` (but not `appsecret_proof`: re-add it); switches for an empty
//!   page that still has `next` and for a cursor repeated forever.
//! - **errors** are Graph error objects (`{"error":{message,type,code,error_subcode?,
//!   is_transient?,error_user_title?,error_user_msg?,fbtrace_id}}`, `application/json;
//!   charset=UTF-8`, `WWW-Authenticate` on `OAuthException`s), with Graph's statuses (403 for
//!   permission errors, codes 10 and 200–299; 400 otherwise), except the deliberate legacy flat
//!   shape of a code exchange with the wrong `redirect_uri`; any error can be injected with
//!   [`GraphState::inject_error`].
//! - **content**: `message_tags` from `@[{id}]` mentions of Pages and users, `from` with the
//!   `category` of a Page author, breakdown insights (`page_follows_city`,
//!   `page_follows_country`, `post_reactions_by_type_total`) whose values are objects,
//!   `summary.total_count` on `/me/businesses`, `metadata` in `debug_token`.
//! - **scale**: comments, reactions and posts are indexed per object with counters, so
//!   rendering a Page, a post or a comment (counts included) costs the same however many the
//!   fake holds ([`GraphState::records_scanned`] counts the records reads visit).
//!
//! Simplified on purpose: reads (Pages, posts, comments, reactions) accept any valid token;
//! writes need a Page token of the Page concerned, whose user holds the task and permissions
//! they need (posting: CREATE_CONTENT, `pages_manage_posts` and `pages_read_engagement`;
//! comments and moderation: MODERATE and `pages_manage_engagement`; insights: ANALYZE and
//! `read_insights`; `subscribed_apps`: `pages_manage_metadata`), MANAGE counting as every task.
//! A comment's `from` is shown to the Page token of its Page only (or when the Page wrote it).
//! Unknown query parameters are ignored (no documented Graph behaviour says otherwise); the
//! values of the enumerated ones (`filter`, `order`, `period`, `date_preset`…) are checked.
//! Subfields of `attachments` are not checked. Insights days are UTC days. Batch `depends_on` and JSONPath references,
//! `attached_files`, `omit_response_on_success`, `ids=` multi-reads and ETags are not
//! supported. Page tokens obtained through a long-lived user token never expire; through a
//! short-lived one they expire with it. Mounted at a server's root, the fake answers every
//! path (those without a version get the 2500 error).
//!
//! ```
//! use social_testkit::FakeServer;
//! use social_testkit::facebook::{DEMO_PAGE_ID, DEMO_PAGE_TOKEN, GraphFake, appsecret_proof};
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let graph = GraphFake::demo();
//! let server = FakeServer::start(()).await;
//! server.mount("", &graph).await;
//!
//! let proof = appsecret_proof(&graph.app_secret(), DEMO_PAGE_TOKEN);
//! let page = reqwest::Client::new()
//!     .get(format!(
//!         "{}/v26.0/{DEMO_PAGE_ID}?fields=name,fan_count&appsecret_proof={proof}",
//!         server.uri()
//!     ))
//!     .bearer_auth(DEMO_PAGE_TOKEN)
//!     .send()
//!     .await
//!     .unwrap();
//! assert_eq!(page.status(), 200);
//! assert_eq!(page.headers()["facebook-api-version"], "v26.0");
//! # }
//! ```

mod auth;
mod batch;
mod comments;
mod fields;
mod insights;
mod nodes;
mod oauth;
mod pages;
mod paging;
mod posts;
mod reactions;
mod state;
mod wire;

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

pub use state::{GraphPage, GraphState, appsecret_proof};

use crate::{Fake, PathPattern, Routes, Shared};
use fields::Field;
use state::Actor;
use wire::{Answer, Call, Caller, Reply, is_version, no_token, unsupported};

/// The version echoed in `facebook-api-version` when the request named none.
pub const DEFAULT_VERSION: &str = "v26.0";

/// The Page tasks a user can hold (the common ones; Graph's list is open-ended).
pub const PAGE_TASKS: &[&str] = &[
    "ANALYZE",
    "ADVERTISE",
    "MODERATE",
    "CREATE_CONTENT",
    "MANAGE",
];

/// The permissions [`GraphState::add_user`] grants: every permission the Pages use case needs.
pub const DEFAULT_PERMISSIONS: &[&str] = &[
    "public_profile",
    "pages_show_list",
    "pages_read_engagement",
    "pages_read_user_content",
    "pages_manage_posts",
    "pages_manage_engagement",
    "pages_manage_metadata",
    "read_insights",
    "business_management",
];

/// The demo app's id (`client_id`).
pub const DEMO_APP_ID: &str = "sandbox-app";
/// The demo app's secret (`client_secret`, key of `appsecret_proof`).
pub const DEMO_APP_SECRET: &str = "sandbox-app-secret";
/// The demo app token, `{app-id}|{app-secret}`.
pub const DEMO_APP_TOKEN: &str = "sandbox-app|sandbox-app-secret";
/// The demo user, Camille Martin.
pub const DEMO_USER_ID: &str = "100000000000001";
/// The demo user's name.
pub const DEMO_USER_NAME: &str = "Camille Martin";
/// The demo user's long-lived token (every `DEFAULT_PERMISSIONS`).
pub const DEMO_USER_TOKEN: &str = "sandbox-fb-user-token";
/// The demo Page, "Martin & Associés — Avocats".
pub const DEMO_PAGE_ID: &str = "200000000000001";
/// The demo Page's name.
pub const DEMO_PAGE_NAME: &str = "Martin & Associés — Avocats";
/// The demo Page's category.
pub const DEMO_PAGE_CATEGORY: &str = "Lawyer & Law Firm";
/// Camille's Page token on the demo Page (every task in [`PAGE_TASKS`]; never expires).
pub const DEMO_PAGE_TOKEN: &str = "sandbox-fb-page-token";
/// The demo business portfolio, which owns [`DEMO_BUSINESS_PAGE_ID`].
pub const DEMO_BUSINESS_ID: &str = "300000000000001";
/// A second Page, reached through the business only (not in `/me/accounts`).
pub const DEMO_BUSINESS_PAGE_ID: &str = "200000000000002";
/// Camille's Page token on the business's Page.
pub const DEMO_BUSINESS_PAGE_TOKEN: &str = "sandbox-fb-business-page-token";
/// The demo post with visitors' comments (among them a client's question) and reactions.
pub const DEMO_POST_ID: &str = "200000000000001_122000000000001";
/// A client's unanswered question on [`DEMO_POST_ID`], from Sophie Bernard.
pub const DEMO_QUESTION_COMMENT_ID: &str = "122000000000001_122000000000003";
/// An authorization code for the demo user, valid with [`DEMO_REDIRECT_URI`] (reusable, unlike
/// codes from [`GraphState::issue_code`]).
pub const DEMO_CODE: &str = "sandbox-code";
/// The redirect URI [`DEMO_CODE`] was issued for.
pub const DEMO_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";

/// The stateful Graph API fake. Cloning it shares the state, so a test can seed and inspect a
/// fake it has mounted (or handed to [`Sandbox::start`](crate::Sandbox::start)).
///
/// The most common helpers are here; everything else (tokens, businesses, limits, switches,
/// inspection) is on [`GraphState`], through [`state`](Self::state).
///
/// ```
/// use social_testkit::facebook::GraphFake;
///
/// let graph = GraphFake::new();
/// let camille = graph.add_user("Camille Martin");
/// let page = graph.add_page("Cabinet Martin", "Lawyer & Law Firm");
/// let page_token = graph.grant_tasks(&camille, &page, &["CREATE_CONTENT", "MODERATE"]);
/// let post = graph.add_post(&page, "Bienvenue !");
/// let client = graph.add_user("Sophie Bernard");
/// graph.add_visitor_comment(&client, &post, "Êtes-vous ouverts le samedi ?");
/// graph.add_reaction(&client, &post, "CARE");
/// graph.state().lock().set_require_appsecret_proof(true);
/// # let _ = page_token;
/// ```
#[derive(Debug, Clone, Default)]
pub struct GraphFake {
    state: Shared<GraphState>,
}

impl GraphFake {
    /// An empty fake: the app ([`DEMO_APP_ID`], [`DEMO_APP_SECRET`]) and the standard
    /// insights metrics, no users or Pages; `appsecret_proof` not required.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fake seeded for the sandbox and examples, with `appsecret_proof` **required**:
    ///
    /// - the app [`DEMO_APP_ID`] / [`DEMO_APP_SECRET`] (token [`DEMO_APP_TOKEN`]);
    /// - the user [`DEMO_USER_NAME`] ([`DEMO_USER_ID`], token [`DEMO_USER_TOKEN`], every
    ///   permission of [`DEFAULT_PERMISSIONS`]);
    /// - the Page [`DEMO_PAGE_NAME`] ([`DEMO_PAGE_ID`], "Lawyer & Law Firm", 1284 fans, 1342
    ///   followers, Page token [`DEMO_PAGE_TOKEN`], tasks [`PAGE_TASKS`]);
    /// - a business ([`DEMO_BUSINESS_ID`]) owning a second Page ([`DEMO_BUSINESS_PAGE_ID`],
    ///   token [`DEMO_BUSINESS_PAGE_TOKEN`]);
    /// - posts from the last days, visitors' comments (among them a client's question,
    ///   [`DEMO_QUESTION_COMMENT_ID`] on [`DEMO_POST_ID`]), a visitor post, reactions of
    ///   several types, and the standard insights metrics;
    /// - the code [`DEMO_CODE`] for [`DEMO_REDIRECT_URI`].
    ///
    /// ```
    /// use social_testkit::facebook::{DEMO_PAGE_ID, DEMO_POST_ID, GraphFake};
    ///
    /// let graph = GraphFake::demo();
    /// assert_eq!(graph.state().lock().posts(DEMO_PAGE_ID)[2], DEMO_POST_ID);
    /// ```
    pub fn demo() -> Self {
        let fake = Self::default();
        fake.state.with(seed_demo);
        fake
    }

    /// A handle on the state, to arrange it or inspect it (do not hold the lock across an
    /// `.await` that waits for the fake).
    pub fn state(&self) -> Shared<GraphState> {
        self.state.clone()
    }

    /// The app secret (key of [`appsecret_proof`]).
    pub fn app_secret(&self) -> String {
        self.state.lock().app_secret().to_owned()
    }

    /// [`GraphState::app_token`]: `{app-id}|{app-secret}`.
    pub fn app_token(&self) -> String {
        self.state.lock().app_token()
    }

    /// [`GraphState::add_user`]: adds a user, returns its id.
    pub fn add_user(&self, name: &str) -> String {
        self.state.lock().add_user(name)
    }

    /// [`GraphState::user_token`]: a new long-lived token for `user`.
    #[track_caller]
    pub fn user_token(&self, user: &str) -> String {
        self.state.lock().user_token(user)
    }

    /// [`GraphState::add_page`]: adds a Page, returns its id.
    pub fn add_page(&self, name: &str, category: &str) -> String {
        self.state.lock().add_page(name, category)
    }

    /// [`GraphState::grant_tasks`]: gives `user` tasks on `page`, returns the Page token.
    #[track_caller]
    pub fn grant_tasks(&self, user: &str, page: &str, tasks: &[&str]) -> String {
        self.state.lock().grant_tasks(user, page, tasks)
    }

    /// [`GraphState::add_post`]: publishes a post by `page` now, returns its id.
    #[track_caller]
    pub fn add_post(&self, page: &str, message: &str) -> String {
        self.state.lock().add_post(page, message)
    }

    /// [`GraphState::add_visitor_comment`]: `user` comments on `object`, returns the id.
    #[track_caller]
    pub fn add_visitor_comment(&self, user: &str, object: &str, message: &str) -> String {
        self.state.lock().add_visitor_comment(user, object, message)
    }

    /// [`GraphState::add_reaction`]: `actor` reacts to `object` with `kind`.
    #[track_caller]
    pub fn add_reaction(&self, actor: &str, object: &str, kind: &str) {
        self.state.lock().add_reaction(actor, object, kind);
    }

    /// [`GraphState::set_metric`]: makes `name` a valid insights metric.
    pub fn set_metric(&self, name: &str, base: i64) {
        self.state.lock().set_metric(name, base);
    }

    /// [`GraphState::issue_code`]: a single-use OAuth code for `user` and `redirect_uri`.
    #[track_caller]
    pub fn issue_code(&self, user: &str, redirect_uri: &str) -> String {
        self.state.lock().issue_code(user, redirect_uri)
    }

    /// [`GraphState::inject_error`]: the next `times` calls of `method` on `path` (below the
    /// version) answer `status` with `error`.
    pub fn inject_error(
        &self,
        method: &str,
        path: impl Into<PathPattern>,
        error: Value,
        status: u16,
        times: u64,
    ) {
        self.state
            .lock()
            .inject_error(method, path, error, status, times);
    }
}

/// The demo content; ids follow from the order of the calls (see the constants).
fn seed_demo(graph: &mut GraphState) {
    let now = graph.now();
    let day = 86_400;
    let camille = graph.add_user(DEMO_USER_NAME);
    graph.add_user_token(&camille, DEMO_USER_TOKEN, Some(state::LONG_LIVED));
    let sophie = graph.add_user("Sophie Bernard");
    let julien = graph.add_user("Julien Petit");
    let nadia = graph.add_user("Nadia Haddad");
    let thomas = graph.add_user("Thomas Leroy");

    let page = graph.add_page(DEMO_PAGE_NAME, DEMO_PAGE_CATEGORY);
    if let Some(profile) = graph.page_mut(&page) {
        profile.username = Some("martin.associes.avocats".into());
        profile.link = "https://www.facebook.com/martin.associes.avocats".into();
        profile.about = "Cabinet d'avocats : droit de la famille, droit du travail, droit immobilier. Consultations sur rendez-vous.".into();
        profile.fan_count = 1_284;
        profile.followers_count = 1_342;
    }
    graph.grant_tasks_with_token(&camille, &page, PAGE_TASKS, DEMO_PAGE_TOKEN);

    let lyon = graph.add_page("Martin & Associés — Bureau de Lyon", DEMO_PAGE_CATEGORY);
    if let Some(profile) = graph.page_mut(&lyon) {
        profile.fan_count = 212;
        profile.followers_count = 230;
    }
    let business = graph.add_business("Martin & Associés SELARL", &camille);
    graph.grant_business_role(&camille, &lyon, DEMO_BUSINESS_PAGE_TOKEN);
    graph.add_owned_page(&business, &lyon);

    let post = graph.add_post_at(
        &page,
        "Nouvelle permanence juridique gratuite chaque samedi matin au cabinet. Prenez rendez-vous par message !",
        now - 3 * day,
    );
    let thanks = graph.add_visitor_comment(&julien, &post, "Super initiative, merci !");
    let question = graph.add_visitor_comment(
        &sophie,
        &post,
        "Bonjour, la permanence couvre-t-elle aussi le droit du travail ? J'ai un litige avec mon ancien employeur.",
    );
    graph.backdate_comment(&thanks, now - 3 * day + 3_600);
    graph.backdate_comment(&question, now - 2 * day);
    for (who, kind) in [
        (&sophie, "LIKE"),
        (&julien, "LOVE"),
        (&nadia, "CARE"),
        (&thomas, "LIKE"),
    ] {
        graph.add_reaction(who, &post, kind);
    }
    graph.add_reaction(&camille, &thanks, "LIKE");

    let article = graph.add_post_at(
        &page,
        "Réforme du divorce : ce qui change au 1er janvier. Notre analyse :",
        now - day,
    );
    graph.set_post_link(&article, "https://www.example.com/blog/reforme-divorce");
    let reply = graph.add_visitor_comment(&nadia, &article, "Article très clair, merci.");
    graph.backdate_comment(&reply, now - day + 7_200);
    graph.add_reaction(&nadia, &article, "LIKE");
    graph.add_reaction(&thomas, &article, "WOW");

    let visit = graph.add_visitor_post(
        &thomas,
        &page,
        "Merci à Maître Martin pour son accompagnement dans mon dossier !",
    );
    graph.backdate_post(&visit, now - 2 * day);
    graph.add_post_at(
        &lyon,
        "Ouverture de notre bureau lyonnais le mois prochain.",
        now - 5 * day,
    );
    graph.add_code(DEMO_CODE, &camille, DEMO_REDIRECT_URI);
    graph.make_code_reusable(DEMO_CODE);
    graph.set_require_appsecret_proof(true);
}

impl Fake for GraphFake {
    fn name(&self) -> &'static str {
        "facebook"
    }

    fn routes(&self, routes: &mut Routes) {
        let prefix = routes.prefix().to_owned();
        // Graph answers GET, POST and DELETE; other methods get its "Unsupported" error
        // rather than wiremock's empty 404.
        for method in ["GET", "POST", "DELETE", "PUT", "PATCH"] {
            let prefix = prefix.clone();
            routes.add(
                &self.state,
                method,
                PathPattern::regex("^/"),
                move |state: &mut GraphState, request: &Request| handle(state, &prefix, request),
            );
        }
    }
}

/// Answers one HTTP request.
fn handle(state: &mut GraphState, prefix: &str, request: &Request) -> ResponseTemplate {
    let mut call = Call::from_request(request, prefix);
    let reply = serve(state, &mut call);
    let trace = state.trace_id();
    let Reply {
        status,
        mut body,
        headers,
    } = reply;
    stamp(&mut body, &trace);
    let version = match &state.served_version {
        Some(version) => version.clone(),
        None if is_version(&call.version) => call.version.clone(),
        None => DEFAULT_VERSION.to_owned(),
    };
    let mut response = ResponseTemplate::new(status)
        .set_body_raw(body.to_string(), "application/json; charset=UTF-8")
        .insert_header("x-fb-trace-id", trace.as_str());
    if header_safe(&version) {
        response = response.insert_header("facebook-api-version", version.as_str());
    }
    // Graph names OAuth errors in `WWW-Authenticate` too: `invalid_token` for a token error,
    // `invalid_request` for the others (`OAuth "Facebook Platform" "invalid_request" "(#100)
    // Tried accessing nonexisting field …"`, recorded in
    // <https://github.com/tinkerbox/message_quickly/issues/4>).
    if body["error"]["type"] == "OAuthException" {
        let message = body["error"]["message"].as_str().unwrap_or_default();
        let kind = if body["error"]["code"] == 190 {
            "invalid_token"
        } else {
            "invalid_request"
        };
        let value = format!("OAuth \"Facebook Platform\" \"{kind}\" \"{message}\"");
        if header_safe(&value) {
            response = response.insert_header("www-authenticate", value.as_str());
        }
    }
    for (name, value) in headers {
        if header_safe(&value) {
            response = response.append_header(name.as_str(), value.as_str());
        }
    }
    response
}

/// Whether `value` can be sent as a header value as is (visible ASCII and spaces).
fn header_safe(value: &str) -> bool {
    value
        .bytes()
        .all(|b| b == b' ' || b == b'\t' || b.is_ascii_graphic())
}

/// Adds `fbtrace_id` to an error body that lacks one.
pub(crate) fn stamp(body: &mut Value, trace: &str) {
    if let Some(error) = body.get_mut("error").and_then(Value::as_object_mut) {
        error.entry("fbtrace_id").or_insert_with(|| json!(trace));
    }
}

/// Serves one call (an HTTP request or a batch item): the version, the call count, injected
/// errors, the OAuth endpoint, authentication and usage, then the route. Usage headers go on
/// whatever comes out.
pub(crate) fn serve(state: &mut GraphState, call: &mut Call) -> Reply {
    if !is_version(&call.version) {
        return wire::unknown_path(&format!("/{}", call.version));
    }
    let key = format!("{} {}", call.method, call.path());
    *state.calls.entry(key).or_default() += 1;
    if let Some(reply) = take_injected(state, call) {
        return reply;
    }
    if call.segments == ["oauth", "access_token"] {
        return oauth::access_token(state, call).unwrap_or_else(|error| error);
    }
    let batch = call.segments.is_empty() && call.method == "POST";
    let usage = match auth::admit(state, call, !batch) {
        Ok(headers) => headers,
        Err(reply) => return reply,
    };
    let mut reply = route(state, call).unwrap_or_else(|error| error);
    if batch {
        reply.headers.extend(auth::report(state, &call.caller));
    } else {
        reply.headers.extend(usage);
    }
    reply
}

/// The first injected error for this call, consumed.
fn take_injected(state: &mut GraphState, call: &Call) -> Option<Reply> {
    let (status, body) = state.injected.take(&call.method, &call.path())?;
    Some(Reply {
        status,
        body,
        headers: Vec::new(),
    })
}

/// What an id names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    User,
    Page,
    Business,
    Post,
    Photo,
    Comment,
    App,
}

impl Kind {
    /// The edges a node of this kind has (readable as fields through expansion).
    pub(crate) fn edges(self) -> &'static [&'static str] {
        match self {
            Kind::User => &["accounts", "businesses", "permissions"],
            Kind::Page => &[
                "feed",
                "posts",
                "published_posts",
                "scheduled_posts",
                "visitor_posts",
                "photos",
                "insights",
                "subscribed_apps",
            ],
            Kind::Business => &["owned_pages", "client_pages"],
            Kind::Post => &["comments", "reactions", "likes", "insights"],
            Kind::Photo | Kind::Comment => &["comments", "reactions", "likes"],
            Kind::App => &[],
        }
    }
}

fn kind(state: &GraphState, id: &str) -> Option<Kind> {
    if state.users.contains_key(id) {
        Some(Kind::User)
    } else if state.pages.contains_key(id) {
        Some(Kind::Page)
    } else if state.businesses.contains_key(id) {
        Some(Kind::Business)
    } else if state.posts.contains_key(id) {
        Some(Kind::Post)
    } else if state.photos.contains_key(id) {
        Some(Kind::Photo)
    } else if state.comments.contains_key(id) {
        Some(Kind::Comment)
    } else if id == state.app_id {
        Some(Kind::App)
    } else {
        None
    }
}

/// The node `id` names (`me`: the caller's user, or Page for a Page token).
fn resolve(state: &GraphState, call: &Call, id: &str) -> Result<(String, Kind), Reply> {
    if id == "me" {
        return match &call.caller {
            Caller::User(user) => Ok((user.clone(), Kind::User)),
            Caller::Page { page, .. } => Ok((page.clone(), Kind::Page)),
            Caller::App | Caller::Nobody => Err(no_token()),
        };
    }
    kind(state, id)
        .map(|kind| (id.to_owned(), kind))
        .ok_or_else(|| unsupported(&call.method, id))
}

/// Routes an authenticated call by its path below the version.
fn route(state: &mut GraphState, call: &Call) -> Answer {
    let segments: Vec<&str> = call.segments.iter().map(String::as_str).collect();
    match segments.as_slice() {
        [] => match call.method.as_str() {
            "POST" => batch::run(state, call),
            method => Err(unsupported(method, "")),
        },
        ["debug_token"] => match call.method.as_str() {
            "GET" => oauth::debug_token(state, call),
            method => Err(unsupported(method, "debug_token")),
        },
        [id] => {
            let (id, kind) = resolve(state, call, id)?;
            node(state, call, &id, kind)
        }
        [id, edge_name] => {
            let (id, kind) = resolve(state, call, id)?;
            edge(state, call, &id, kind, edge_name)
        }
        [id, "insights", metric] => {
            let (id, kind) = resolve(state, call, id)?;
            match (call.method.as_str(), kind) {
                ("GET", Kind::Page | Kind::Post) => {
                    insights::read(state, call, &id, kind, Some(metric))
                }
                (method, _) => Err(unsupported(method, &id)),
            }
        }
        _ => Err(wire::unknown_path(&call.path())),
    }
}

/// A node read, edit or deletion.
fn node(state: &mut GraphState, call: &Call, id: &str, kind: Kind) -> Answer {
    match (call.method.as_str(), kind) {
        ("GET", Kind::User) => pages::user(state, call, id),
        ("GET", Kind::Page) => pages::page(state, call, id),
        ("GET", Kind::Business) => pages::business(state, call, id),
        ("GET", Kind::App) => pages::app(state, call),
        ("GET", Kind::Post) => posts::get(state, call, id),
        ("POST", Kind::Post) => posts::edit(state, call, id),
        ("DELETE", Kind::Post) => posts::delete(state, call, id),
        ("GET", Kind::Photo) => posts::get_photo(state, call, id),
        ("DELETE", Kind::Photo) => posts::delete_photo(state, call, id),
        ("GET", Kind::Comment) => comments::get(state, call, id),
        ("POST", Kind::Comment) => comments::edit(state, call, id),
        ("DELETE", Kind::Comment) => comments::delete(state, call, id),
        (method, _) => Err(unsupported(method, id)),
    }
}

/// An edge of node `id` (also the target of field expansions).
pub(crate) fn edge(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    kind: Kind,
    edge: &str,
) -> Answer {
    use posts::Timeline;
    // A served field, or a documented one left unset, is no edge: Graph refuses it as a
    // path like an unknown name; unmodelled edges get their own error.
    if !kind.edges().contains(&edge) {
        kind.lookup(edge)?;
        return Err(nodes::nonexisting_field(edge, kind.type_name()));
    }
    match (call.method.as_str(), kind, edge) {
        ("GET", Kind::User, "accounts") => pages::accounts(state, call, id),
        ("GET", Kind::User, "businesses") => pages::businesses(state, call, id),
        ("GET", Kind::User, "permissions") => pages::me_permissions(state, call, id),
        ("GET", Kind::Business, "owned_pages") => pages::business_pages(state, call, id, true),
        ("GET", Kind::Business, "client_pages") => pages::business_pages(state, call, id, false),
        ("POST", Kind::Page, "feed") => posts::create(state, call, id),
        ("GET", Kind::Page, "feed") => posts::timeline(state, call, id, Timeline::Feed),
        ("GET", Kind::Page, "posts") => posts::timeline(state, call, id, Timeline::Posts),
        ("GET", Kind::Page, "published_posts") => {
            posts::timeline(state, call, id, Timeline::Published)
        }
        ("GET", Kind::Page, "scheduled_posts") => {
            posts::timeline(state, call, id, Timeline::Scheduled)
        }
        ("GET", Kind::Page, "visitor_posts") => posts::timeline(state, call, id, Timeline::Visitor),
        ("POST", Kind::Page, "photos") => posts::upload_photo(state, call, id),
        ("GET", Kind::Page, "photos") => posts::list_photos(state, call, id),
        ("GET", Kind::Page | Kind::Post, "insights") => insights::read(state, call, id, kind, None),
        (_, Kind::Page, "subscribed_apps") => pages::subscribed_apps(state, call, id),
        ("GET", _, "comments") => comments::list_comments(state, call, id),
        ("POST", _, "comments") => comments::create(state, call, id),
        ("GET", _, "reactions") => reactions::reactions(state, call, id),
        ("GET", _, "likes") => reactions::likes(state, call, id),
        (method, _, _) => Err(unsupported(method, id)),
    }
}

/// The value of an edge `field` of node `id` (`comments.summary(true).limit(0)`): the edge's
/// answer body, read with the field's modifiers as parameters.
pub(crate) fn expand(
    state: &mut GraphState,
    call: &Call,
    id: &str,
    kind: Kind,
    field: &Field,
) -> Result<Value, Reply> {
    let nested = call.expansion(id, &field.name, field);
    edge(state, &nested, id, kind, &field.name).map(|reply| reply.body)
}

impl GraphState {
    /// A business role with a fixed token (the demo's second Page).
    fn grant_business_role(&mut self, user: &str, page: &str, token: &str) {
        self.grant_role(
            user,
            page,
            PAGE_TASKS,
            false,
            Some(token),
            "grant_business_role",
        );
    }

    fn backdate_post(&mut self, id: &str, created: i64) {
        if let Some(post) = self.posts.get_mut(id) {
            post.created = created;
            post.updated = created;
        }
    }

    fn set_post_link(&mut self, id: &str, link: &str) {
        if let Some(post) = self.posts.get_mut(id) {
            post.link = Some(link.to_owned());
        }
    }

    fn make_code_reusable(&mut self, code: &str) {
        if let Some(record) = self.codes.get_mut(code) {
            record.reusable = true;
        }
    }
}

/// The `from` of a post, photo or comment (a User or a Page): `{name, id}` for a user,
/// `{name, category, id}` for a Page (the category Graph gives Page authors, e.g.
/// `"Lawyer & Law Firm"`), or the subfields of `from{…}` among [`nodes::PROFILE_FIELDS`]
/// (those the author lacks, such as a user's `category`, left out).
pub(crate) fn profile(state: &GraphState, actor: &Actor, field: &Field) -> Result<Value, Reply> {
    let subfields = field.subfields();
    let names: Vec<&str> = if subfields.is_empty() {
        match actor {
            Actor::User(_) => vec!["name", "id"],
            Actor::Page(_) => vec!["name", "category", "id"],
        }
    } else {
        subfields.iter().map(|f| f.name.as_str()).collect()
    };
    let (type_name, page) = match actor {
        Actor::User(_) => ("User", None),
        Actor::Page(id) => ("Page", state.pages.get(id)),
    };
    let mut object = serde_json::Map::new();
    for name in names {
        if !nodes::PROFILE_FIELDS.contains(&name) {
            return Err(nodes::nonexisting_field(name, type_name));
        }
        let value = match (name, page) {
            ("id", _) => json!(actor.id()),
            ("name", _) => state.actor_json(actor)["name"].clone(),
            ("category", Some(page)) => json!(page.category),
            ("link", Some(page)) => json!(page.link),
            ("picture", Some(page)) => json!({
                "data": { "height": 50, "is_silhouette": false, "url": page.picture, "width": 50 }
            }),
            _ => continue,
        };
        object.insert(name.to_owned(), value);
    }
    Ok(Value::Object(object))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_ids_match_the_constants() {
        let graph = GraphFake::demo();
        let state = graph.state();
        let state = state.lock();
        assert_eq!(state.users[DEMO_USER_ID].name, DEMO_USER_NAME);
        assert_eq!(state.pages[DEMO_PAGE_ID].name, DEMO_PAGE_NAME);
        assert_eq!(state.pages[DEMO_PAGE_ID].fan_count, 1_284);
        assert!(
            state.businesses[DEMO_BUSINESS_ID]
                .owned
                .contains(&DEMO_BUSINESS_PAGE_ID.to_owned())
        );
        assert_eq!(
            state.page_token(DEMO_USER_ID, DEMO_PAGE_ID).as_deref(),
            Some(DEMO_PAGE_TOKEN)
        );
        assert_eq!(
            state
                .page_token(DEMO_USER_ID, DEMO_BUSINESS_PAGE_ID)
                .as_deref(),
            Some(DEMO_BUSINESS_PAGE_TOKEN)
        );
        assert!(state.posts.contains_key(DEMO_POST_ID));
        assert_eq!(state.comments(DEMO_POST_ID)[1], DEMO_QUESTION_COMMENT_ID);
        assert_eq!(
            state.comment_author(DEMO_QUESTION_COMMENT_ID),
            Some("100000000000002")
        );
        assert_eq!(state.app_token(), DEMO_APP_TOKEN);
        assert!(state.require_proof);
    }

    #[test]
    fn every_kind_names_its_edges_once() {
        for kind in [
            Kind::User,
            Kind::Page,
            Kind::Business,
            Kind::Post,
            Kind::Photo,
            Kind::Comment,
            Kind::App,
        ] {
            let edges = kind.edges();
            for (i, edge) in edges.iter().enumerate() {
                assert!(!edges[..i].contains(edge), "{edge} twice on {kind:?}");
            }
        }
    }
}
