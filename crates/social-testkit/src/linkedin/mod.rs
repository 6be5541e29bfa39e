//! A stateful fake of LinkedIn's REST API for signing in and publishing, written from
//! LinkedIn's documented wire format with `serde_json` values only (no client model, and its
//! own little-text reader), so a model bug cannot hide on both sides.
//!
//! The shapes follow LinkedIn's pages on learn.microsoft.com, cited in each file: the Posts API
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>),
//! Sign In with LinkedIn using OpenID Connect, the OAuth 2.0 flows and token introspection, the
//! versioning page (<https://learn.microsoft.com/en-us/linkedin/marketing/versioning>), Rest.li
//! protocol versions, error handling, rate limits and the little text format; where a page
//! shows no body, the fake sends the one integrators captured from the real API, and says so.
//!
//! [`LinkedInFake`] answers LinkedIn's paths, mounted alone on a
//! [`FakeServer`](crate::FakeServer) or under `/linkedin` in the [`Sandbox`](crate::Sandbox)
//! (one server stands for `api.linkedin.com` and `www.linkedin.com`):
//!
//! - **identity**: `GET /v2/userinfo` (OpenID Connect claims per scope; `locale` as the
//!   documented string, or as the object integrators report with
//!   [`LinkedInState::set_locale_as_object`]); `GET /v2/me` answers 403 as it does for new apps.
//! - **posts** (`/rest/posts`): create as a member or as an organization (text, article,
//!   media, multi-image, poll, reshare with commentary) answering `201` with an empty body and
//!   the URN in `x-restli-id`; get by percent-encoded URN; partial update
//!   (`X-RestLi-Method: PARTIAL_UPDATE`, `{"patch":{"$set":{…}}}`); delete (idempotent); the
//!   `q=author` finder with `start`/`count` index paging and `paging.total` (see
//!   [`FinderTotal`]). Queries tunnelled as `POST` + `X-HTTP-Method-Override: GET` are read
//!   like the `GET` they stand for.
//! - **comments, reactions, social metadata** (`/rest/socialActions/{urn}/comments`,
//!   `/rest/reactions`, `/rest/socialMetadata`): threads with replies, edits and deletions
//!   (with `?actor=`), one reaction per actor and entity under the compound key
//!   `(actor:…,entity:…)` and the `entity` finder, and summaries rendered from counters (see
//!   the files of each area).
//! - **company pages and statistics**: the ACL finder (`q=roleAssignee`), organizations by id,
//!   by `ids=List(…)` and by vanity name, `networkSizes` follower counts, follower, share and
//!   page statistics (lifetime and time-bound, computed from the followers, views and post
//!   counts the state records), member post analytics and follower count; each refused with
//!   403 without its scope or the ADMINISTRATOR role.
//! - **OAuth 2.0** (`/oauth/v2`): the authorization page (consent by
//!   [`LinkedInState::set_consenting_member`]), the token endpoint (authorization code →
//!   60-day token; refresh tokens for partner apps only, [`LinkedInState::set_partner`];
//!   client credentials only when allowed, [`LinkedInState::set_client_credentials`]) and
//!   token introspection.
//! - **never kinder than LinkedIn**: `/rest` calls need `LinkedIn-Version` (missing: 400;
//!   retired: 426 `NONEXISTENT_VERSION`, the retired set being a setting, never computed from
//!   the clock) and `X-Restli-Protocol-Version: 2.0.0`; an `X-RestLi-Method` that does not fit
//!   the request, a query parameter the method does not take and a body field the schema does
//!   not have are refused (400, 422 with one `ERROR :: /path :: …` line per problem); tokens
//!   that are missing, unknown, expired or revoked get 401 (`65600`, `65601`); posting or
//!   reading as an organization needs a page role ([`LinkedInState::set_role`]); reads of
//!   posts need the restricted `r_member_social` / `r_organization_social` scopes; the same
//!   commentary posted twice by one author within a window is 422 `DUPLICATE_POST` naming the
//!   first post, deleted or not; a daily quota answers LinkedIn's "DAY limit" 429 until
//!   midnight UTC ([`LinkedInState::set_daily_limit`]).
//! - **little text**: the stored commentary is cut at the first unescaped reserved character
//!   that starts no mention or hashtag, as LinkedIn silently does (a `201` all the same).
//! - **injected errors**: [`LinkedInState::inject_error`], besides the server-wide
//!   [`Fault`](crate::Fault)s.
//!
//! - **media** (`/rest/images`, `/rest/videos`, `/rest/documents`): `initializeUpload`, the
//!   `PUT` of the bytes to upload URLs the fake serves itself (video parts by byte range, each
//!   answered with an `ETag`), `finalizeUpload` checking the part ids in order, and status
//!   reads moving from `PROCESSING` to `AVAILABLE` (or an injected `PROCESSING_FAILED`); a
//!   post carrying an unknown asset, or one not `AVAILABLE` yet, is refused (see `media.rs`).
//!
//! - **projections and scale**: `fields=` on any `/rest` read, nested as Rest.li 2.0 writes
//!   it (see `projection.rs`); reads go through indexes and count
//!   [`LinkedInState::records_scanned`] (see `scale.rs`).
//!
//! Simplified on purpose: ID tokens are not verifiably signed, and rate limits other than the
//! daily quotas are left to injected errors.
//!
//! ```
//! use social_testkit::FakeServer;
//! use social_testkit::linkedin::LinkedInFake;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let linkedin = LinkedInFake::new();
//! let ada = linkedin.add_member("Ada", "Lovelace");
//! let token = linkedin.member_token(&ada, &["openid", "profile", "w_member_social"]);
//! let server = FakeServer::start(()).await;
//! server.mount("", &linkedin).await;
//!
//! let post = serde_json::json!({
//!     "author": format!("urn:li:person:{ada}"),
//!     "commentary": "Hello \\(world\\)",
//!     "visibility": "PUBLIC",
//!     "distribution": { "feedDistribution": "MAIN_FEED" },
//!     "lifecycleState": "PUBLISHED",
//! });
//! let created = reqwest::Client::new()
//!     .post(format!("{}/rest/posts", server.uri()))
//!     .bearer_auth(&token)
//!     .header("LinkedIn-Version", "202603")
//!     .header("X-Restli-Protocol-Version", "2.0.0")
//!     .header("Content-Type", "application/json")
//!     .body(post.to_string())
//!     .send()
//!     .await
//!     .unwrap();
//! assert_eq!(created.status(), 201);
//! let urn = created.headers()["x-restli-id"].to_str().unwrap().to_owned();
//! assert_eq!(linkedin.state().lock().post_commentary(&urn), Some("Hello \\(world\\)"));
//! # }
//! ```

mod comments;
mod media;
mod oauth;
mod organizations;
mod posts;
mod projection;
mod reactions;
mod restli;
mod scale;
mod schema;
mod social_metadata;
mod state;
mod statistics;
mod text;
mod userinfo;
mod wire;

use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

pub use media::{MAX_VIDEO_BYTES, VIDEO_PART_SIZE};
pub use state::{
    ACCESS_TOKEN_TTL, ALL_SCOPES, APP_TOKEN_TTL, CODE_TTL, FakeMember, FakeOrganization,
    FinderTotal, LinkedInState, POSTING_ROLES, Quota, REFRESH_TOKEN_TTL, SELF_SERVE_SCOPES,
};

use crate::{Fake, PathPattern, Routes, Shared};
use wire::{
    Answer, Call, Reply, day_limit, empty_token, expired_token, internal_version, invalid_query,
    invalid_token, method_not_allowed, method_unresolved, no_resource, nonexistent_version,
    protocol_required, revoked_token, version_missing,
};

/// The demo app's `client_id` (also the default of a new fake).
pub const DEMO_CLIENT_ID: &str = "sandbox-li-client";
/// The demo app's `client_secret` (also the default of a new fake).
pub const DEMO_CLIENT_SECRET: &str = "sandbox-li-secret";
/// The demo member, Camille Martin: her `sub` (URN `urn:li:person:Mbr0000001x`).
pub const DEMO_MEMBER_SUB: &str = "Mbr0000001x";
/// Camille's token with every scope of [`ALL_SCOPES`] (she can read her posts back and post as
/// her firm).
pub const DEMO_MEMBER_TOKEN: &str = "sandbox-li-member-token";
/// Camille's token with the self-serve scopes only ([`SELF_SERVE_SCOPES`]): it can post, but
/// reading posts back is 403, as for most apps.
pub const DEMO_SELF_SERVE_TOKEN: &str = "sandbox-li-self-serve-token";
/// Camille's firm, of which she is ADMINISTRATOR.
pub const DEMO_ORGANIZATION_ID: &str = "90000002";
/// The firm's name.
pub const DEMO_ORGANIZATION_NAME: &str = "Martin & Associés — Avocats";
/// The firm's vanity name (`linkedin.com/company/martin-associes-avocats`).
pub const DEMO_ORGANIZATION_VANITY: &str = "martin-associes-avocats";
/// The organizer of the demo event (a page Camille holds no role on).
pub const DEMO_EVENT_ORGANIZER_NAME: &str = "Legal Tech Lyon";
/// Its vanity name.
pub const DEMO_EVENT_ORGANIZER_VANITY: &str = "legal-tech-lyon";
/// The registered redirect URL of the demo app.
pub const DEMO_REDIRECT_URI: &str = "http://127.0.0.1:8765/callback";
/// An authorization code for Camille with every scope, valid with [`DEMO_REDIRECT_URI`]
/// (reusable, unlike the codes of [`LinkedInState::authorization_code`]).
pub const DEMO_CODE: &str = "sandbox-li-code";

/// Who is calling, once the token is resolved, and with which version.
pub(crate) struct Ctx<'c> {
    pub(crate) call: &'c Call,
    /// The member, `None` for a client-credentials token.
    pub(crate) member: Option<String>,
    pub(crate) scopes: Vec<String>,
    /// The version as LinkedIn writes it in messages (`20260301`), `NO_VERSION` off `/rest`.
    pub(crate) version: String,
}

impl Ctx<'_> {
    /// Whether the token holds `scope`.
    pub(crate) fn has(&self, scope: &str) -> bool {
        self.scopes.iter().any(|s| s == scope)
    }
}

/// An API route: `"METHOD /path"` (the key of [`LinkedInState::set_daily_limit`]), whether it is
/// versioned (`/rest`), the Rest.li method it is, the query parameters it takes, its handler.
pub(crate) struct Route {
    pub(crate) key: &'static str,
    versioned: bool,
    restli: Option<&'static str>,
    /// `X-RestLi-Method` must be sent (a `POST` on an entity is a partial update only if it
    /// says so).
    restli_required: bool,
    params: &'static [&'static str],
    handler: fn(&mut LinkedInState, &Ctx<'_>) -> Answer,
}

impl Route {
    fn method(&self) -> &'static str {
        self.key.split_once(' ').map_or("", |(method, _)| method)
    }

    fn template(&self) -> &'static str {
        self.key.split_once(' ').map_or("", |(_, path)| path)
    }
}

const fn rest(
    key: &'static str,
    restli: &'static str,
    restli_required: bool,
    params: &'static [&'static str],
    handler: fn(&mut LinkedInState, &Ctx<'_>) -> Answer,
) -> Route {
    Route {
        key,
        versioned: true,
        restli: Some(restli),
        restli_required,
        params,
        handler,
    }
}

/// A versioned route whose Rest.li method depends on its parameters (a batch get and a finder
/// on one collection): the handler checks `X-RestLi-Method`.
const fn rest_any(
    key: &'static str,
    params: &'static [&'static str],
    handler: fn(&mut LinkedInState, &Ctx<'_>) -> Answer,
) -> Route {
    Route {
        key,
        versioned: true,
        restli: None,
        restli_required: false,
        params,
        handler,
    }
}

const fn unversioned(
    key: &'static str,
    handler: fn(&mut LinkedInState, &Ctx<'_>) -> Answer,
) -> Route {
    Route {
        key,
        versioned: false,
        restli: None,
        restli_required: false,
        params: &[],
        handler,
    }
}

/// The API routes.
#[rustfmt::skip]
pub(crate) static ROUTES: &[Route] = &[
    rest("POST /rest/posts", "CREATE", false, &[], posts::create),
    rest("GET /rest/posts", "FINDER", false,
         &["q", "author", "start", "count", "sortBy"], posts::find_by_author),
    rest("GET /rest/posts/{urn}", "GET", false, &["viewContext"], posts::get),
    rest("POST /rest/posts/{urn}", "PARTIAL_UPDATE", true, &[], posts::partial_update),
    rest("DELETE /rest/posts/{urn}", "DELETE", false, &[], posts::delete),
    rest("GET /rest/socialActions/{urn}/comments", "GET_ALL", false, &["start", "count"], comments::list),
    rest("POST /rest/socialActions/{urn}/comments", "CREATE", false, &[], comments::create),
    rest("GET /rest/socialActions/{urn}/comments/{id}", "GET", false, &[], comments::get),
    rest("POST /rest/socialActions/{urn}/comments/{id}", "PARTIAL_UPDATE", true, &["actor"], comments::edit),
    rest("DELETE /rest/socialActions/{urn}/comments/{id}", "DELETE", false, &["actor"], comments::delete),
    rest("POST /rest/reactions", "CREATE", false, &["actor"], reactions::create),
    rest("GET /rest/reactions/{entity}", "FINDER", false,
         &["q", "sort", "start", "count"], reactions::find_by_entity),
    rest("GET /rest/reactions/{key}", "GET", false, &[], reactions::get),
    rest("DELETE /rest/reactions/{key}", "DELETE", false, &[], reactions::delete),
    rest("GET /rest/socialMetadata", "BATCH_GET", false, &["ids"], social_metadata::batch_get),
    rest("GET /rest/socialMetadata/{urn}", "GET", false, &[], social_metadata::get),
    rest("POST /rest/socialMetadata/{urn}", "PARTIAL_UPDATE", true, &["actor"],
         social_metadata::set_comments_state),
    // Company pages and statistics (organizations.rs, statistics.rs).
    rest("GET /rest/organizationAcls", "FINDER", false,
         &["q", "role", "state", "start", "count"], organizations::acls),
    rest_any("GET /rest/organizations", &["q", "vanityName", "ids"], organizations::collection),
    rest("GET /rest/organizations/{id}", "GET", false, &[], organizations::get),
    rest("GET /rest/networkSizes/{urn}", "GET", false, &["edgeType"], organizations::network_size),
    rest("GET /rest/organizationalEntityFollowerStatistics", "FINDER", false,
         &["q", "organizationalEntity", "timeIntervals"], statistics::followers),
    rest("GET /rest/organizationalEntityShareStatistics", "FINDER", false,
         &["q", "organizationalEntity", "timeIntervals", "shares", "ugcPosts"], statistics::shares),
    rest("GET /rest/organizationPageStatistics", "FINDER", false,
         &["q", "organization", "timeIntervals"], statistics::page),
    rest("GET /rest/memberCreatorPostAnalytics", "FINDER", false,
         &["q", "entity", "queryType", "aggregation", "dateRange"], statistics::member_posts),
    rest("GET /rest/memberFollowersCount", "FINDER", false, &["q"], statistics::member_followers),
    rest("POST /rest/images", "ACTION", false, &["action"], media::action),
    rest("GET /rest/images/{urn}", "GET", false, &[], media::get),
    rest("POST /rest/videos", "ACTION", false, &["action"], media::action),
    rest("GET /rest/videos/{urn}", "GET", false, &[], media::get),
    rest("POST /rest/documents", "ACTION", false, &["action"], media::action),
    rest("GET /rest/documents/{urn}", "GET", false, &[], media::get),
    unversioned("GET /v2/userinfo", userinfo::userinfo),
    unversioned("GET /v2/me", userinfo::me),
];

/// The OAuth routes (counted by [`LinkedInState::requests`] too).
const AUTHORIZATION: &str = "GET /oauth/v2/authorization";
const ACCESS_TOKEN: &str = "POST /oauth/v2/accessToken";
const INTROSPECTION: &str = "POST /oauth/v2/introspectToken";
/// The upload URLs the media APIs hand out (pre-signed: no token asked).
const UPLOAD: &str = "PUT /dms-uploads/{slot}";

/// The API routes the fake answers, as `"METHOD /path"` (the keys of
/// [`LinkedInState::set_daily_limit`] and [`LinkedInState::requests`]). The OAuth endpoints
/// count under `GET /oauth/v2/authorization`, `POST /oauth/v2/accessToken` and
/// `POST /oauth/v2/introspectToken`, the media upload URLs under `PUT /dms-uploads/{slot}`.
///
/// ```
/// assert!(social_testkit::linkedin::routes().any(|route| route == "POST /rest/posts"));
/// ```
pub fn routes() -> impl Iterator<Item = &'static str> {
    ROUTES.iter().map(|route| route.key)
}

/// The stateful LinkedIn fake. Cloning it shares the state, so a test can seed and inspect a
/// fake it has mounted (or handed to [`Sandbox::start`](crate::Sandbox::start)).
///
/// The most common helpers are here; everything else (settings, the clock, inspection) is on
/// [`LinkedInState`], through [`state`](Self::state).
///
/// ```
/// use social_testkit::linkedin::{LinkedInFake, Quota};
///
/// let linkedin = LinkedInFake::new();
/// let ada = linkedin.add_member("Ada", "Lovelace");
/// let acme = linkedin.add_organization("Acme");
/// linkedin.set_role(&ada, &acme, "ADMINISTRATOR");
/// let token = linkedin.member_token(&ada, &["w_member_social", "w_organization_social"]);
/// let post = linkedin.post_as(&format!("urn:li:organization:{acme}"), "We are hiring");
/// {
///     let state = linkedin.state();
///     let mut li = state.lock();
///     li.retire_version("202601");
///     li.set_daily_limit("POST /rest/posts", Quota::Member, 100);
///     li.set_partner(true); // code exchanges now return refresh tokens
/// }
/// # let _ = (token, post);
/// ```
#[derive(Debug, Clone, Default)]
pub struct LinkedInFake {
    state: Shared<LinkedInState>,
}

impl LinkedInFake {
    /// An empty fake: the app ([`DEMO_CLIENT_ID`], [`DEMO_CLIENT_SECRET`], self-serve scopes, no
    /// refresh tokens, no client credentials, no registered redirect URL), no members.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fake seeded for the sandbox and examples:
    ///
    /// - the app [`DEMO_CLIENT_ID`] / [`DEMO_CLIENT_SECRET`] with every scope of
    ///   [`ALL_SCOPES`], the redirect URL [`DEMO_REDIRECT_URI`] and the reusable code
    ///   [`DEMO_CODE`]; not a partner (no refresh tokens);
    /// - the member Camille Martin ([`DEMO_MEMBER_SUB`]), who accepts the consent screen, with
    ///   the tokens [`DEMO_MEMBER_TOKEN`] (every scope) and [`DEMO_SELF_SERVE_TOKEN`]
    ///   (self-serve scopes only);
    /// - her firm [`DEMO_ORGANIZATION_NAME`] ([`DEMO_ORGANIZATION_ID`]), of which she is
    ///   ADMINISTRATOR, and a post by each.
    ///
    /// ```
    /// use social_testkit::linkedin::{DEMO_MEMBER_SUB, LinkedInFake};
    ///
    /// let linkedin = LinkedInFake::demo();
    /// let mine = linkedin.state().lock().posts_by(&format!("urn:li:person:{DEMO_MEMBER_SUB}"));
    /// assert_eq!(mine.len(), 1);
    /// ```
    pub fn demo() -> Self {
        let fake = Self::default();
        fake.state.with(seed_demo);
        fake
    }

    /// A handle on the state, to arrange it or inspect it (do not hold the lock across an
    /// `.await` that waits for the fake).
    pub fn state(&self) -> Shared<LinkedInState> {
        self.state.clone()
    }

    /// [`LinkedInState::add_member`]: adds a member, returns their `sub`.
    pub fn add_member(&self, given_name: &str, family_name: &str) -> String {
        self.state.lock().add_member(given_name, family_name)
    }

    /// [`LinkedInState::add_organization`]: adds an organization, returns its id.
    pub fn add_organization(&self, name: &str) -> String {
        self.state.lock().add_organization(name)
    }

    /// [`LinkedInState::set_role`]: gives `member` a page role on `organization`.
    #[track_caller]
    pub fn set_role(&self, member: &str, organization: &str, role: &str) {
        self.state.lock().set_role(member, organization, role);
    }

    /// [`LinkedInState::member_token`]: a new 60-day token for `member` with `scopes`.
    #[track_caller]
    pub fn member_token(&self, member: &str, scopes: &[&str]) -> String {
        self.state.lock().member_token(member, scopes)
    }

    /// [`LinkedInState::authorization_code`]: a single-use code for `member`.
    #[track_caller]
    pub fn authorization_code(&self, member: &str, redirect_uri: &str, scopes: &[&str]) -> String {
        self.state
            .lock()
            .authorization_code(member, redirect_uri, scopes)
    }

    /// [`LinkedInState::post_as`]: publishes `commentary` by `author` (a URN) now.
    pub fn post_as(&self, author: &str, commentary: &str) -> String {
        self.state.lock().post_as(author, commentary)
    }

    /// [`LinkedInState::inject_error`]: the next `times` calls of `method` on `path` answer
    /// `status` with `body`.
    pub fn inject_error(
        &self,
        method: &str,
        path: impl Into<PathPattern>,
        status: u16,
        body: Value,
        times: u64,
    ) {
        self.state
            .lock()
            .inject_error(method, path, status, body, times);
    }
}

/// The demo content; ids follow from the order of the calls (see the constants).
fn seed_demo(li: &mut LinkedInState) {
    let camille = li.add_member("Camille", "Martin");
    let firm = li.add_organization(DEMO_ORGANIZATION_NAME);
    li.set_role(&camille, &firm, "ADMINISTRATOR");
    li.add_member_token(&camille, DEMO_MEMBER_TOKEN, ALL_SCOPES, ACCESS_TOKEN_TTL);
    li.add_member_token(
        &camille,
        DEMO_SELF_SERVE_TOKEN,
        SELF_SERVE_SCOPES,
        ACCESS_TOKEN_TTL,
    );
    li.set_app_scopes(ALL_SCOPES);
    li.register_redirect_uri(DEMO_REDIRECT_URI);
    li.set_consenting_member(Some(&camille));
    let scopes = ALL_SCOPES.iter().map(|s| (*s).to_owned()).collect();
    li.insert_code(DEMO_CODE, &camille, DEMO_REDIRECT_URI, scopes, true);
    li.post_as(
        &format!("urn:li:person:{camille}"),
        "Ravie de rejoindre le réseau \\(enfin\\) ! {hashtag|#|droit}",
    );
    let firm_post = li.post_as(
        &format!("urn:li:organization:{firm}"),
        "Le cabinet ouvre un bureau à Lyon le mois prochain.",
    );
    // The company page and the event (organizations.rs, statistics.rs).
    li.set_vanity_name(&firm, DEMO_ORGANIZATION_VANITY);
    li.add_followers(&firm, 240, false);
    li.add_followers(&firm, 12, true);
    li.add_page_views(&firm, 530);
    li.set_post_counts(&firm_post, 1_200, 45, 30, 6, 3);
    li.set_member_followers(&camille, 870);
    let organizer = li.add_organization(DEMO_EVENT_ORGANIZER_NAME);
    li.set_vanity_name(&organizer, DEMO_EVENT_ORGANIZER_VANITY);
    li.add_followers(&organizer, 4_100, false);
}

impl Fake for LinkedInFake {
    fn name(&self) -> &'static str {
        "linkedin"
    }

    fn routes(&self, routes: &mut Routes) {
        let prefix = routes.prefix().to_owned();
        // One handler per method for every path, so unknown paths and methods get LinkedIn's
        // answers rather than wiremock's empty 404.
        for method in ["GET", "POST", "DELETE", "PUT", "PATCH"] {
            let prefix = prefix.clone();
            routes.add(
                &self.state,
                method,
                PathPattern::regex("^/"),
                move |state: &mut LinkedInState, request: &Request| handle(state, &prefix, request),
            );
        }
    }
}

/// Answers one HTTP request.
fn handle(state: &mut LinkedInState, prefix: &str, request: &Request) -> ResponseTemplate {
    let call = Call::from_request(request, prefix);
    let mut reply = serve(state, &call);
    if call.segments.first().is_some_and(|s| s == "rest") {
        reply = reply.with_header("x-restli-protocol-version", "2.0.0");
    }
    // Rest.li marks its error bodies with `X-RestLi-Error-Response: true` (linkedin/rest.li,
    // restli-common/src/main/java/com/linkedin/restli/common/RestConstants.java); the OAuth
    // endpoints and OpenID Connect's userinfo are not Rest.li resources.
    let restli = call.segments.first().is_some_and(|s| s == "rest");
    if restli && reply.status >= 400 && matches!(reply.body, wire::Body::Json(_)) {
        reply = reply.with_header("x-restli-error-response", "true");
    }
    reply.into_response()
}

/// Counts the request, serves an injected error if one is due, else dispatches it.
fn serve(state: &mut LinkedInState, call: &Call) -> Reply {
    let segments: Vec<&str> = call.segments.iter().map(String::as_str).collect();
    let oauth = match segments.as_slice() {
        ["oauth", "v2", "authorization"] => Some(AUTHORIZATION),
        ["oauth", "v2", "accessToken"] => Some(ACCESS_TOKEN),
        ["oauth", "v2", "introspectToken"] => Some(INTROSPECTION),
        _ => None,
    };
    if let ["dms-uploads", _] = segments.as_slice() {
        *state.requests.entry(UPLOAD).or_default() += 1;
        return take_injected(state, call).unwrap_or_else(|| media::upload(state, call));
    }
    let route = resolve(call);
    if let Some(key) = oauth.or_else(|| route.as_ref().ok().map(|route| route.key)) {
        *state.requests.entry(key).or_default() += 1;
    }
    if let Some(reply) = take_injected(state, call) {
        return reply;
    }
    match oauth {
        Some(AUTHORIZATION) => oauth::authorize(state, call),
        Some(ACCESS_TOKEN) => oauth::access_token(state, call),
        Some(_) => oauth::introspect(state, call),
        None => match route {
            Ok(route) => api(state, call, route).unwrap_or_else(|error| error),
            Err(reply) => reply,
        },
    }
}

/// The first injected error for this call, consumed.
fn take_injected(state: &mut LinkedInState, call: &Call) -> Option<Reply> {
    let (status, body) = state.injected.take(&call.method, &call.path())?;
    Some(Reply::json(status, body))
}

/// The API route of the call: 404 for a path no resource answers, 405 for a method the
/// resource does not have.
fn resolve(call: &Call) -> Result<&'static Route, Reply> {
    let segments: Vec<&str> = call.segments.iter().map(String::as_str).collect();
    let template = match segments.as_slice() {
        ["rest", "posts"] => "/rest/posts",
        ["rest", "posts", _] => "/rest/posts/{urn}",
        ["rest", "socialActions", _, "comments"] => "/rest/socialActions/{urn}/comments",
        ["rest", "socialActions", _, "comments", _] => "/rest/socialActions/{urn}/comments/{id}",
        ["rest", "reactions"] => "/rest/reactions",
        ["rest", "reactions", key] if key.starts_with("(entity:") => "/rest/reactions/{entity}",
        ["rest", "reactions", _] => "/rest/reactions/{key}",
        ["rest", "socialMetadata"] => "/rest/socialMetadata",
        ["rest", "socialMetadata", _] => "/rest/socialMetadata/{urn}",
        ["rest", "organizationAcls"] => "/rest/organizationAcls",
        ["rest", "organizations"] => "/rest/organizations",
        ["rest", "organizations", _] => "/rest/organizations/{id}",
        ["rest", "networkSizes", _] => "/rest/networkSizes/{urn}",
        ["rest", "organizationalEntityFollowerStatistics"] => {
            "/rest/organizationalEntityFollowerStatistics"
        }
        ["rest", "organizationalEntityShareStatistics"] => {
            "/rest/organizationalEntityShareStatistics"
        }
        ["rest", "organizationPageStatistics"] => "/rest/organizationPageStatistics",
        ["rest", "memberCreatorPostAnalytics"] => "/rest/memberCreatorPostAnalytics",
        ["rest", "memberFollowersCount"] => "/rest/memberFollowersCount",
        ["rest", "images"] => "/rest/images",
        ["rest", "images", _] => "/rest/images/{urn}",
        ["rest", "videos"] => "/rest/videos",
        ["rest", "videos", _] => "/rest/videos/{urn}",
        ["rest", "documents"] => "/rest/documents",
        ["rest", "documents", _] => "/rest/documents/{urn}",
        ["v2", "userinfo"] => "/v2/userinfo",
        ["v2", "me"] => "/v2/me",
        _ => return Err(no_resource()),
    };
    ROUTES
        .iter()
        .find(|route| route.method() == call.method && route.template() == template)
        .ok_or_else(|| method_not_allowed(&call.method))
}

/// Authenticates, checks the version and protocol headers (on `/rest`), the Rest.li method,
/// the query parameters and the daily quota, then runs the route.
fn api(state: &mut LinkedInState, call: &Call, route: &Route) -> Answer {
    let (member, scopes) = authenticate(state, call)?;
    let version = if route.versioned {
        let header = call
            .header("linkedin-version")
            .ok_or_else(version_missing)?;
        match internal_version(header) {
            Some(internal) if !state.is_inactive(header) => internal,
            Some(internal) => return Err(nonexistent_version(&internal)),
            None => return Err(nonexistent_version(header)),
        }
    } else {
        "NO_VERSION".to_owned()
    };
    if route.versioned && call.header("x-restli-protocol-version") != Some("2.0.0") {
        return Err(protocol_required());
    }
    match (route.restli, call.header("x-restli-method")) {
        (Some(expected), Some(sent)) if !sent.eq_ignore_ascii_case(expected) => {
            return Err(method_unresolved());
        }
        (Some(_), None) if route.restli_required => return Err(method_unresolved()),
        _ => {}
    }
    // Each finder checks its own `q` (organizations.rs, statistics.rs); the posts (`q=author`)
    // and reactions (`q=entity`) finders here.
    let finder = match route.key {
        "GET /rest/posts" => Some("author"),
        "GET /rest/reactions/{entity}" => Some("entity"),
        _ => None,
    };
    if finder.is_some() && call.param("q") != finder {
        return Err(method_unresolved());
    }
    // Every read of the versioned (Rest.li) API takes a `fields` projection (projection.rs);
    // OpenID Connect's userinfo does not.
    let read = route.versioned && route.method() == "GET";
    if call
        .query
        .iter()
        .any(|(name, _)| !(route.params.contains(&name.as_str()) || (read && name == "fields")))
    {
        return Err(invalid_query());
    }
    if let Some(quota) = state.spend_daily(route.key, member.as_deref()) {
        return Err(day_limit(quota));
    }
    let ctx = Ctx {
        call,
        member,
        scopes,
        version,
    };
    let reply = (route.handler)(state, &ctx)?;
    match call.param("fields") {
        Some(fields) if read => Ok(projection::project(reply, fields)),
        _ => Ok(reply),
    }
}

/// The member and scopes of the request's bearer token: 401 without a token ("Empty
/// oauth2_access_token"), for an unknown one (65600), an expired or revoked one (65601), and
/// for the spurious revocations of [`LinkedInState::revoke_spuriously`].
fn authenticate(
    state: &mut LinkedInState,
    call: &Call,
) -> Result<(Option<String>, Vec<String>), Reply> {
    let header = call.header("authorization").unwrap_or_default();
    let token = match header.split_once(' ') {
        Some((scheme, token)) if scheme.eq_ignore_ascii_case("bearer") => token.trim(),
        _ if header.is_empty() => "",
        _ => return Err(invalid_token()),
    };
    if token.is_empty() {
        return Err(empty_token());
    }
    let now = state.now();
    let Some(record) = state.tokens.get(token) else {
        return Err(invalid_token());
    };
    if record.revoked {
        return Err(revoked_token());
    }
    if record.expires <= now {
        return Err(expired_token());
    }
    let granted = (record.member.clone(), record.scopes.clone());
    if state.spurious_revocations > 0 {
        state.spurious_revocations -= 1;
        return Err(revoked_token());
    }
    Ok(granted)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_ids_match_the_constants() {
        let linkedin = LinkedInFake::demo();
        let state = linkedin.state();
        let state = state.lock();
        assert_eq!(state.members[DEMO_MEMBER_SUB].given_name, "Camille");
        assert_eq!(
            state.organizations[DEMO_ORGANIZATION_ID].name,
            DEMO_ORGANIZATION_NAME
        );
        assert_eq!(
            state.role(DEMO_MEMBER_SUB, DEMO_ORGANIZATION_ID),
            Some("ADMINISTRATOR")
        );
        assert!(state.tokens.contains_key(DEMO_MEMBER_TOKEN));
        assert!(state.codes[DEMO_CODE].reusable);
    }

    #[test]
    fn route_keys_are_unique_and_daily_limits_name_them() {
        for (i, route) in ROUTES.iter().enumerate() {
            assert!(
                ROUTES[..i].iter().all(|r| r.key != route.key),
                "{}",
                route.key
            );
            assert!(route.template().starts_with('/'));
        }
        let mut state = LinkedInState::default();
        state.set_daily_limit("GET /v2/userinfo", Quota::Application, 1);
        assert_eq!(state.spend_daily("GET /v2/userinfo", None), None);
        assert_eq!(
            state.spend_daily("GET /v2/userinfo", None),
            Some("APPLICATION")
        );
    }

    #[test]
    #[should_panic(expected = "no route")]
    fn an_unknown_daily_limit_route_is_a_test_bug() {
        LinkedInState::default().set_daily_limit("GET /rest/nothing", Quota::Member, 1);
    }
}
