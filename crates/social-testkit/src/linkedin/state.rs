//! The state of the LinkedIn fake: members, organizations and their roles, posts, the app and
//! its tokens, and the settings that make the fake answer as LinkedIn does in a given case.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use super::ROUTES;
use crate::PathPattern;

/// An access token's lifetime: 60 days ("Authorization Code Flow",
/// <https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>).
pub const ACCESS_TOKEN_TTL: i64 = 60 * 86_400;
/// A refresh token's lifetime, counted from the original consent and never extended
/// ("Programmatic Refresh Tokens",
/// <https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens>).
pub const REFRESH_TOKEN_TTL: i64 = 365 * 86_400;
/// A client-credentials (2-legged) token's lifetime: 30 minutes.
pub const APP_TOKEN_TTL: i64 = 1_799;
/// An authorization code's lifetime: 30 minutes.
pub const CODE_TTL: i64 = 1_800;

/// The page roles that may post and read as an organization (`w_organization_social`,
/// `r_organization_social`; "Posts API",
/// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>).
pub const POSTING_ROLES: &[&str] = &[
    "ADMINISTRATOR",
    "DIRECT_SPONSORED_CONTENT_POSTER",
    "CONTENT_ADMIN",
];

/// The scopes of a self-serve app: "Sign In with LinkedIn using OpenID Connect" and "Share on
/// LinkedIn".
pub const SELF_SERVE_SCOPES: &[&str] = &["openid", "profile", "email", "w_member_social"];

/// Every scope the fake knows: the self-serve ones, the restricted member read, and the
/// Community Management ones.
pub const ALL_SCOPES: &[&str] = &[
    "openid",
    "profile",
    "email",
    "w_member_social",
    "r_member_social",
    "w_organization_social",
    "r_organization_social",
    "rw_organization_admin",
    "r_member_postAnalytics",
    "r_member_profileAnalytics",
];

/// Whose quota a daily limit counts, as LinkedIn's 429 message names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Quota {
    /// Every call of the application (`APPLICATION DAY limit`).
    Application,
    /// The calls of each member through the application (`APPLICATION_AND_MEMBER DAY
    /// limit`).
    Member,
}

impl Quota {
    fn label(self) -> &'static str {
        match self {
            Quota::Application => "APPLICATION",
            Quota::Member => "APPLICATION_AND_MEMBER",
        }
    }
}

/// What the posts finder reports in `paging.total`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum FinderTotal {
    /// The number of matching posts (the default).
    #[default]
    Exact,
    /// Always 0, as some LinkedIn finders report: clients must stop on a short page.
    Zero,
    /// No `total` at all.
    Absent,
}

/// A member (a person), as OpenID Connect's userinfo describes them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FakeMember {
    /// The OIDC subject, also the id of the member's URN `urn:li:person:{sub}`.
    pub sub: String,
    /// First name.
    pub given_name: String,
    /// Last name.
    pub family_name: String,
    /// Primary email address.
    pub email: String,
    /// Whether the email address is verified.
    pub email_verified: bool,
    /// Profile picture URL, if the member has one.
    pub picture: Option<String>,
    /// Preferred language (`en`).
    pub language: String,
    /// Preferred country (`US`).
    pub country: String,
    /// Followers (`memberFollowersCount`).
    pub followers: u64,
}

impl FakeMember {
    /// `urn:li:person:{sub}`.
    pub fn urn(&self) -> String {
        format!("urn:li:person:{}", self.sub)
    }
}

/// An organization (a company page).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct FakeOrganization {
    /// Numeric id, also the id of `urn:li:organization:{id}`.
    pub id: String,
    /// Name.
    pub name: String,
    /// The page's handle (`linkedin.com/company/{vanity_name}`), made from the name.
    pub vanity_name: String,
    /// When each follower came (epoch ms) and whether from sponsored content: the follower
    /// count and statistics are computed from it.
    pub follows: Vec<(i64, bool)>,
    /// When each page view happened (epoch ms).
    pub page_views: Vec<i64>,
}

/// A stored post, in the fields the wire shows.
#[derive(Debug, Clone)]
pub(crate) struct Post {
    pub(crate) urn: String,
    pub(crate) author: String,
    /// The commentary as kept (cut at the first unescaped reserved character).
    pub(crate) commentary: String,
    pub(crate) visibility: String,
    pub(crate) distribution: Value,
    pub(crate) lifecycle: String,
    pub(crate) reshare_disabled: bool,
    pub(crate) content: Option<Value>,
    pub(crate) landing_page: Option<String>,
    pub(crate) call_to_action: Option<String>,
    pub(crate) ad_context: Option<Value>,
    pub(crate) container: Option<String>,
    /// `(parent, root)` of a reshare.
    pub(crate) reshare: Option<(String, String)>,
    /// Epoch milliseconds.
    pub(crate) created: i64,
    pub(crate) modified: i64,
    pub(crate) published: Option<i64>,
    pub(crate) edited: bool,
    pub(crate) deleted: bool,
    /// Impressions, clicks, reactions, comments, reshares (share statistics and member post
    /// analytics are computed from them).
    pub(crate) counts: super::statistics::PostCounts,
}

impl Post {
    /// The post as `GET /rest/posts/{urn}` serves it: every field of the Posts API schema the
    /// post has (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>).
    pub(crate) fn wire(&self) -> Value {
        let mut post = json!({
            "id": self.urn,
            "author": self.author,
            "commentary": self.commentary,
            "visibility": self.visibility,
            "distribution": self.distribution,
            "lifecycleState": self.lifecycle,
            "isReshareDisabledByAuthor": self.reshare_disabled,
            "createdAt": self.created,
            "lastModifiedAt": self.modified,
            "lifecycleStateInfo": { "isEditedByAuthor": self.edited },
        });
        if let Some(published) = self.published {
            post["publishedAt"] = json!(published);
        }
        if let Some(content) = &self.content {
            post["content"] = content.clone();
        }
        if let Some(page) = &self.landing_page {
            post["contentLandingPage"] = json!(page);
        }
        if let Some(label) = &self.call_to_action {
            post["contentCallToActionLabel"] = json!(label);
        }
        if let Some(ad) = &self.ad_context {
            post["adContext"] = ad.clone();
        }
        if let Some(container) = &self.container {
            post["container"] = json!(container);
        }
        if let Some((parent, root)) = &self.reshare {
            post["reshareContext"] = json!({ "parent": parent, "root": root });
        }
        post
    }
}

/// An access token.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    /// The member (3-legged), or `None` for a client-credentials token (2-legged).
    pub(crate) member: Option<String>,
    pub(crate) scopes: Vec<String>,
    pub(crate) created: i64,
    pub(crate) expires: i64,
    pub(crate) revoked: bool,
}

/// An authorization code, single use (unless seeded reusable for the demo).
#[derive(Debug, Clone)]
pub(crate) struct Code {
    pub(crate) member: String,
    pub(crate) redirect_uri: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) expires: i64,
    pub(crate) used: bool,
    pub(crate) reusable: bool,
}

/// A refresh token: its member and scopes, and when the original consent ends.
#[derive(Debug, Clone)]
pub(crate) struct Refresh {
    pub(crate) member: String,
    pub(crate) scopes: Vec<String>,
    pub(crate) expires: i64,
}

/// The state of a [`LinkedInFake`](super::LinkedInFake). Ids, URNs, codes and tokens come from
/// counters, so a test sees the same values on every run.
///
/// ```
/// use social_testkit::linkedin::LinkedInState;
///
/// let mut li = LinkedInState::default();
/// let ada = li.add_member("Ada", "Lovelace");
/// let acme = li.add_organization("Acme");
/// li.set_role(&ada, &acme, "ADMINISTRATOR");
/// let token = li.member_token(&ada, &["openid", "profile", "w_member_social"]);
/// let post = li.post_as(&format!("urn:li:person:{ada}"), "Hello");
/// assert_eq!(li.post_commentary(&post), Some("Hello"));
/// # let _ = token;
/// ```
#[derive(Debug)]
pub struct LinkedInState {
    serial: u64,
    next_post: u64,
    clock: crate::FakeClock,
    pub(crate) members: BTreeMap<String, FakeMember>,
    pub(crate) organizations: BTreeMap<String, FakeOrganization>,
    /// `(member sub, organization id)` → role.
    pub(crate) roles: BTreeMap<(String, String), String>,
    pub(crate) posts: BTreeMap<String, Post>,
    /// Posts by author, follows and views by time, organizations by vanity name, and the
    /// scan counter (scale.rs).
    pub(crate) index: super::scale::Index,
    pub(crate) tokens: HashMap<String, Token>,
    pub(crate) codes: HashMap<String, Code>,
    pub(crate) refresh_tokens: HashMap<String, Refresh>,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
    pub(crate) redirect_uris: Vec<String>,
    pub(crate) app_scopes: BTreeSet<String>,
    pub(crate) partner: bool,
    pub(crate) client_credentials: bool,
    pub(crate) consenting_member: Option<String>,
    pub(crate) retired: BTreeSet<String>,
    pub(crate) latest: Option<String>,
    pub(crate) duplicate_window: i64,
    pub(crate) daily_limits: HashMap<&'static str, (Quota, u32)>,
    /// `(route, quota key, UTC day)` → calls counted.
    pub(crate) daily_counts: HashMap<(&'static str, String, i64), u32>,
    pub(crate) finder_total: FinderTotal,
    pub(crate) locale_object: bool,
    pub(crate) spurious_revocations: u32,
    pub(crate) injected: crate::injected::Injections,
    pub(crate) requests: BTreeMap<&'static str, u32>,
    /// Comments, reactions and the counters of their social metadata.
    pub(crate) comments: super::comments::CommentStore,
    pub(crate) reactions: super::reactions::ReactionStore,
    pub(crate) social: super::social_metadata::Counters,
    /// Images, videos, documents and their upload slots (`media.rs`).
    pub(crate) media: super::media::MediaStore,
}

impl Default for LinkedInState {
    fn default() -> Self {
        LinkedInState {
            serial: 0,
            next_post: 7_300_000_000_000_000_000,
            clock: crate::FakeClock::default(),
            members: BTreeMap::new(),
            organizations: BTreeMap::new(),
            roles: BTreeMap::new(),
            posts: BTreeMap::new(),
            index: super::scale::Index::default(),
            tokens: HashMap::new(),
            codes: HashMap::new(),
            refresh_tokens: HashMap::new(),
            client_id: super::DEMO_CLIENT_ID.to_owned(),
            client_secret: super::DEMO_CLIENT_SECRET.to_owned(),
            redirect_uris: Vec::new(),
            app_scopes: SELF_SERVE_SCOPES.iter().map(|s| (*s).to_owned()).collect(),
            partner: false,
            client_credentials: false,
            consenting_member: None,
            retired: retired_until(2025, 4),
            latest: None,
            duplicate_window: 86_400,
            daily_limits: HashMap::new(),
            daily_counts: HashMap::new(),
            finder_total: FinderTotal::Exact,
            locale_object: false,
            spurious_revocations: 0,
            injected: crate::injected::Injections::default(),
            requests: BTreeMap::new(),
            comments: Default::default(),
            reactions: Default::default(),
            social: Default::default(),
            media: super::media::MediaStore::default(),
        }
    }
}

/// Every monthly version from the first, 202206, to `year`/`month`: the versions the migrations
/// page (<https://learn.microsoft.com/en-us/linkedin/marketing/integrations/migrations>) lists
/// as sunset by April 2026, the fake's default retired set. A fixed list, never computed from
/// the clock.
fn retired_until(year: u32, month: u32) -> BTreeSet<String> {
    let mut versions = BTreeSet::new();
    let (mut y, mut m) = (2022, 6);
    while (y, m) <= (year, month) {
        versions.insert(format!("{y}{m:02}"));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    versions
}

/// The member `sub` must exist (a seed call with an unknown one is a bug in the test).
#[track_caller]
fn known_member(state: &LinkedInState, sub: &str, what: &str) {
    assert!(
        state.members.contains_key(sub),
        "{what}: no member {sub:?} in the LinkedIn fake"
    );
}

impl LinkedInState {
    // ----- seed helpers -------------------------------------------------------------------

    /// Adds a member and returns their `sub` (their URN is `urn:li:person:{sub}`). The email
    /// is `given.family@example.com`, verified; language `en`, country `US`.
    pub fn add_member(&mut self, given_name: &str, family_name: &str) -> String {
        self.serial += 1;
        let sub = format!("Mbr{:07}x", self.serial);
        let email = format!(
            "{}.{}@example.com",
            given_name.to_lowercase().replace(' ', "-"),
            family_name.to_lowercase().replace(' ', "-")
        );
        self.members.insert(
            sub.clone(),
            FakeMember {
                sub: sub.clone(),
                given_name: given_name.to_owned(),
                family_name: family_name.to_owned(),
                email,
                email_verified: true,
                picture: Some(format!(
                    "https://media.licdn.com/dms/image/v2/{sub}/profile-displayphoto-shrink_100_100/0/"
                )),
                language: "en".into(),
                country: "US".into(),
                followers: 0,
            },
        );
        sub
    }

    /// The member `sub`, to change their profile.
    pub fn member_mut(&mut self, sub: &str) -> Option<&mut FakeMember> {
        self.members.get_mut(sub)
    }

    /// Adds an organization and returns its id (its URN is `urn:li:organization:{id}`).
    pub fn add_organization(&mut self, name: &str) -> String {
        self.serial += 1;
        let id = (90_000_000 + self.serial).to_string();
        self.organizations.insert(
            id.clone(),
            FakeOrganization {
                id: id.clone(),
                name: name.to_owned(),
                vanity_name: super::organizations::vanity_of(name),
                follows: Vec::new(),
                page_views: Vec::new(),
            },
        );
        let vanity = super::organizations::vanity_of(name);
        self.index.set_vanity(&id, "", &vanity);
        id
    }

    /// Gives `member` the page role `role` on `organization` (`ADMINISTRATOR`,
    /// `DIRECT_SPONSORED_CONTENT_POSTER`, `CONTENT_ADMIN` may post; `ANALYST` and the others
    /// may not), replacing any earlier one.
    ///
    /// # Panics
    /// If the member or the organization is unknown.
    #[track_caller]
    pub fn set_role(&mut self, member: &str, organization: &str, role: &str) {
        known_member(self, member, "set_role");
        assert!(
            self.organizations.contains_key(organization),
            "set_role: no organization {organization:?} in the LinkedIn fake"
        );
        self.roles.insert(
            (member.to_owned(), organization.to_owned()),
            role.to_owned(),
        );
    }

    /// Takes away `member`'s role on `organization`.
    pub fn remove_role(&mut self, member: &str, organization: &str) {
        self.roles
            .remove(&(member.to_owned(), organization.to_owned()));
    }

    /// A new 3-legged access token for `member` with `scopes`, valid 60 days from now.
    ///
    /// # Panics
    /// If the member is unknown.
    #[track_caller]
    pub fn member_token(&mut self, member: &str, scopes: &[&str]) -> String {
        known_member(self, member, "member_token");
        let token = self.mint("AQV-member-");
        let scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self.grant(&token, Some(member.to_owned()), scopes, ACCESS_TOKEN_TTL);
        token
    }

    /// Makes the fixed string `token` a 3-legged token for `member` (the demo's tokens).
    #[track_caller]
    pub fn add_member_token(&mut self, member: &str, token: &str, scopes: &[&str], ttl: i64) {
        known_member(self, member, "add_member_token");
        let scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self.grant(token, Some(member.to_owned()), scopes, ttl);
    }

    /// Revokes `token` (as a member does from their settings): the API answers 401
    /// `REVOKED_ACCESS_TOKEN` and introspection reports `revoked`.
    pub fn revoke_token(&mut self, token: &str) {
        if let Some(record) = self.tokens.get_mut(token) {
            record.revoked = true;
        }
    }

    /// An authorization code for `member`, as LinkedIn's consent screen would redirect with:
    /// bound to `redirect_uri` and `scopes`, single use, valid 30 minutes.
    ///
    /// # Panics
    /// If the member is unknown.
    #[track_caller]
    pub fn authorization_code(
        &mut self,
        member: &str,
        redirect_uri: &str,
        scopes: &[&str],
    ) -> String {
        known_member(self, member, "authorization_code");
        let code = self.mint("AQT-code-");
        let scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
        self.insert_code(&code, member, redirect_uri, scopes, false);
        code
    }

    /// Publishes `commentary` (stored as sent, no checks) by `author`, a person or
    /// organization URN, now; returns the post's URN.
    pub fn post_as(&mut self, author: &str, commentary: &str) -> String {
        let urn = self.next_post_urn("share");
        let now = self.now_ms();
        self.insert_post(Post {
            urn: urn.clone(),
            author: author.to_owned(),
            commentary: commentary.to_owned(),
            visibility: "PUBLIC".into(),
            distribution: json!({
                "feedDistribution": "MAIN_FEED",
                "targetEntities": [],
                "thirdPartyDistributionChannels": [],
            }),
            lifecycle: "PUBLISHED".into(),
            reshare_disabled: false,
            content: None,
            landing_page: None,
            call_to_action: None,
            ad_context: None,
            container: None,
            reshare: None,
            created: now,
            modified: now,
            published: Some(now),
            edited: false,
            deleted: false,
            counts: Default::default(),
        });
        urn
    }

    // ----- configuration ------------------------------------------------------------------

    /// The app's `client_id`.
    pub fn client_id(&self) -> &str {
        &self.client_id
    }

    /// The app's `client_secret`.
    pub fn client_secret(&self) -> &str {
        &self.client_secret
    }

    /// Sets the app's credentials.
    pub fn set_client(&mut self, client_id: &str, client_secret: &str) {
        self.client_id = client_id.to_owned();
        self.client_secret = client_secret.to_owned();
    }

    /// Registers a redirect URL: the authorization endpoint refuses any other.
    pub fn register_redirect_uri(&mut self, uri: &str) {
        if !self.redirect_uris.iter().any(|u| u == uri) {
            self.redirect_uris.push(uri.to_owned());
        }
    }

    /// The scopes the app's products grant (default: the self-serve [`SELF_SERVE_SCOPES`]);
    /// the authorization endpoint refuses others with `unauthorized_scope_error`.
    pub fn set_app_scopes(&mut self, scopes: &[&str]) {
        self.app_scopes = scopes.iter().map(|s| (*s).to_owned()).collect();
    }

    /// Whether the app is an approved partner with programmatic refresh tokens (default: not,
    /// as for most apps): code exchanges then return a `refresh_token` and
    /// `grant_type=refresh_token` works.
    pub fn set_partner(&mut self, partner: bool) {
        self.partner = partner;
    }

    /// Whether the app's products allow client-credentials (2-legged) tokens (default: not).
    pub fn set_client_credentials(&mut self, allowed: bool) {
        self.client_credentials = allowed;
    }

    /// Who accepts the consent screen of `GET /oauth/v2/authorization` (`None`: the member
    /// cancels).
    pub fn set_consenting_member(&mut self, member: Option<&str>) {
        self.consenting_member = member.map(str::to_owned);
    }

    /// Retires `version` (`YYYYMM` or `YYYYMM.RR`): `/rest` calls sending it get 426
    /// `NONEXISTENT_VERSION`. Retiring `YYYYMM` retires its patch releases too.
    pub fn retire_version(&mut self, version: &str) {
        self.retired.insert(version.to_owned());
    }

    /// Replaces the retired versions (default: every version from 202206 to 202504, sunset by
    /// April 2026 per LinkedIn's migrations page). The fake never derives them from the clock.
    pub fn set_retired_versions(&mut self, versions: &[&str]) {
        self.retired = versions.iter().map(|v| (*v).to_owned()).collect();
    }

    /// The newest version LinkedIn has released (`None`, the default: no upper bound): a later
    /// one is answered 426 `NONEXISTENT_VERSION` like a retired one.
    pub fn set_latest_version(&mut self, version: Option<&str>) {
        self.latest = version.map(str::to_owned);
    }

    /// How long the same commentary by the same author counts as a duplicate (default 24
    /// hours; LinkedIn publishes no figure, integrators report 24 to 48 hours). A deleted
    /// post still counts, as integrators found (ComposioHQ/composio issue #2710).
    pub fn set_duplicate_window(&mut self, seconds: i64) {
        self.duplicate_window = seconds;
    }

    /// A daily quota of `limit` calls for `route` (one of [`routes`](super::routes)), counted
    /// per application or per member for each UTC day of the fake's clock; `limit` 0 spends
    /// it at once. The call over it gets LinkedIn's 429 "DAY limit" body until midnight UTC.
    ///
    /// # Panics
    /// If the fake has no such route.
    #[track_caller]
    pub fn set_daily_limit(&mut self, route: &str, quota: Quota, limit: u32) {
        let Some(route) = ROUTES.iter().find(|r| r.key == route) else {
            panic!("set_daily_limit: the LinkedIn fake has no route {route:?}");
        };
        self.daily_limits.insert(route.key, (quota, limit));
        self.daily_counts.retain(|(key, _, _), _| *key != route.key);
    }

    /// Removes the daily quota of `route`.
    pub fn clear_daily_limit(&mut self, route: &str) {
        self.daily_limits.retain(|key, _| *key != route);
    }

    /// What the posts finder reports in `paging.total` (default: the exact count).
    pub fn set_finder_total(&mut self, total: FinderTotal) {
        self.finder_total = total;
    }

    /// Whether userinfo's `locale` is the object `{"country","language"}` integrators report
    /// instead of the documented string `en-US` (default: the string).
    pub fn set_locale_as_object(&mut self, object: bool) {
        self.locale_object = object;
    }

    /// The next `calls` authenticated API calls answer 401 `REVOKED_ACCESS_TOKEN` whatever the
    /// token, as LinkedIn does intermittently right after a consent
    /// (decioferreira/omniauth-linkedin-oauth2 issue #81).
    pub fn revoke_spuriously(&mut self, calls: u32) {
        self.spurious_revocations = calls;
    }

    /// The next `times` calls of `method` on `path` (as LinkedIn writes it: `/rest/posts`,
    /// `/v2/userinfo`, `/oauth/v2/accessToken`, or a [`PathPattern`]) answer `status` with
    /// the JSON `body`, before any other check.
    pub fn inject_error(
        &mut self,
        method: &str,
        path: impl Into<PathPattern>,
        status: u16,
        body: Value,
        times: u64,
    ) {
        self.injected.push(method, path.into(), status, body, times);
    }

    // ----- inspection ---------------------------------------------------------------------

    /// The commentary of post `urn` as LinkedIn kept it (deleted posts included).
    pub fn post_commentary(&self, urn: &str) -> Option<&str> {
        self.posts.get(urn).map(|post| post.commentary.as_str())
    }

    /// Post `urn` as `GET /rest/posts/{urn}` would serve it, unless deleted.
    pub fn post(&self, urn: &str) -> Option<Value> {
        self.posts
            .get(urn)
            .filter(|post| !post.deleted)
            .map(Post::wire)
    }

    /// The URNs of the live posts of `author`, oldest first.
    pub fn posts_by(&self, author: &str) -> Vec<String> {
        self.post_urns_of(author)
            .iter()
            .filter(|urn| self.posts.get(*urn).is_some_and(|post| !post.deleted))
            .cloned()
            .collect()
    }

    /// How many requests reached `route` (one of [`routes`](super::routes)), refused ones
    /// included.
    pub fn requests(&self, route: &str) -> u32 {
        self.requests.get(route).copied().unwrap_or(0)
    }

    /// The member `sub`.
    pub fn member(&self, sub: &str) -> Option<&FakeMember> {
        self.members.get(sub)
    }

    // ----- clock --------------------------------------------------------------------------

    /// The fake's clock, Unix seconds: the system time unless [`set_now`](Self::set_now) or
    /// [`advance`](Self::advance) froze it. It stamps posts, expires tokens and codes, and
    /// resets daily quotas at midnight UTC.
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

    // ----- internals ----------------------------------------------------------------------

    pub(crate) fn now_ms(&self) -> i64 {
        self.now().saturating_mul(1_000)
    }

    /// A new opaque string such as `AQV-member-0001`.
    pub(crate) fn mint(&mut self, prefix: &str) -> String {
        self.serial += 1;
        format!("{prefix}{:04}", self.serial)
    }

    pub(crate) fn next_post_urn(&mut self, kind: &str) -> String {
        self.next_post += 1;
        format!("urn:li:{kind}:{}", self.next_post)
    }

    pub(crate) fn grant(
        &mut self,
        token: &str,
        member: Option<String>,
        scopes: Vec<String>,
        ttl: i64,
    ) {
        let now = self.now();
        self.tokens.insert(
            token.to_owned(),
            Token {
                member,
                scopes,
                created: now,
                expires: now.saturating_add(ttl),
                revoked: false,
            },
        );
    }

    pub(crate) fn insert_code(
        &mut self,
        code: &str,
        member: &str,
        redirect_uri: &str,
        scopes: Vec<String>,
        reusable: bool,
    ) {
        let expires = self.now().saturating_add(CODE_TTL);
        self.codes.insert(
            code.to_owned(),
            Code {
                member: member.to_owned(),
                redirect_uri: redirect_uri.to_owned(),
                scopes,
                expires,
                used: false,
                reusable,
            },
        );
    }

    pub(crate) fn insert_post(&mut self, post: Post) {
        self.index.add_post(&post.author, &post.urn);
        self.posts.insert(post.urn.clone(), post);
    }

    /// The role of `member` on organization `id`, if any.
    pub(crate) fn role(&self, member: &str, organization: &str) -> Option<&str> {
        self.roles
            .get(&(member.to_owned(), organization.to_owned()))
            .map(String::as_str)
    }

    /// Whether `version` (`YYYYMM` or `YYYYMM.RR`) is retired or later than the latest.
    pub(crate) fn is_inactive(&self, version: &str) -> bool {
        let month = version.split('.').next().unwrap_or(version);
        self.retired.contains(version)
            || self.retired.contains(month)
            || self.latest.as_deref().is_some_and(|latest| {
                let latest_month = latest.split('.').next().unwrap_or(latest);
                month > latest_month || (month == latest_month && version > latest)
            })
    }

    /// Counts one call of `route` against its daily quota; the 429 quota label if spent.
    pub(crate) fn spend_daily(
        &mut self,
        route: &'static str,
        member: Option<&str>,
    ) -> Option<&'static str> {
        let (quota, limit) = *self.daily_limits.get(route)?;
        let day = self.now().div_euclid(86_400);
        let key = match quota {
            Quota::Application => String::new(),
            Quota::Member => member.unwrap_or_default().to_owned(),
        };
        let count = self.daily_counts.entry((route, key, day)).or_default();
        if *count >= limit {
            return Some(quota.label());
        }
        *count += 1;
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_retired_set_runs_from_the_first_version_to_202504() {
        let retired = retired_until(2025, 4);
        assert_eq!(retired.first().map(String::as_str), Some("202206"));
        assert_eq!(retired.last().map(String::as_str), Some("202504"));
        assert_eq!(retired.len(), 7 + 12 + 12 + 4);
        assert!(retired.contains("202212") && retired.contains("202301"));
    }

    #[test]
    fn retired_months_retire_their_patch_releases_and_latest_bounds_the_future() {
        let mut state = LinkedInState::default();
        assert!(state.is_inactive("202409"));
        assert!(state.is_inactive("202409.02"));
        assert!(!state.is_inactive("202603"));
        assert!(!state.is_inactive("209912"));
        state.set_latest_version(Some("202603"));
        assert!(state.is_inactive("202604"));
        assert!(state.is_inactive("202603.02"));
        assert!(!state.is_inactive("202603"));
        state.set_retired_versions(&[]);
        assert!(!state.is_inactive("202409"));
    }
}
