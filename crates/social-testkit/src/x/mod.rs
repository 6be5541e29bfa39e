//! A stateful fake of the X API v2, written from X's documented wire format with
//! `serde_json` values only (no client model), so a model bug cannot hide on both sides.
//!
//! [`XFake`] answers the endpoints a client needs (see [`routes`] for the list) under the
//! paths X uses (`/2/tweets`, …), mounted alone on a [`FakeServer`](crate::FakeServer) or
//! under `/x` in the [`Sandbox`](crate::Sandbox):
//!
//! - **auth**: bearer tokens map to a user (user context) or to the app (app-only); an
//!   `Authorization: OAuth …` header (OAuth 1.0a) is accepted when its `oauth_token` is a
//!   user's token, **without checking the signature**. Unknown, expired or revoked tokens get
//!   401; app-only tokens on user-context endpoints (writes, `/2/users/me`, the home
//!   timeline, media, likes lists) get the 403 `unsupported-authentication` problem.
//! - **OAuth 2.0**: `POST /2/oauth2/token` (authorization code with PKCE S256, refresh with
//!   rotation: reusing a rotated refresh token revokes its whole family), `POST
//!   /2/oauth2/revoke`, and `POST /oauth2/token` (client credentials, app-only).
//! - **rate limits**: every authenticated answer carries `x-rate-limit-limit`, `-remaining`
//!   and `-reset`, counted per route and token over 15-minute windows (`POST /2/tweets` adds
//!   the `x-app-limit-24hour-*` and `x-user-limit-24hour-*` headers); a spent window answers
//!   429 (the documented JSON problem, or `text/plain` "Rate limit exceeded" as recorded
//!   answers were: [`XState::set_rate_limit_body`]). Defaults follow the docs' tables
//!   (<https://docs.x.com/x-api/fundamentals/rate-limits>); [`XState::set_rate_limit`] changes one.
//! - **errors** follow the documented bodies
//!   (<https://docs.x.com/x-api/fundamentals/response-codes-and-errors>): problem details served
//!   as `application/json; charset=utf-8` (as recorded answers are), whose `type` URIs use
//!   `api.x.com` or `api.twitter.com` as the docs' examples do (clients must match on the
//!   suffix); OAuth-style `{"error","error_description"}` on the token endpoints.
//! - **missing objects** are answered as X answers them: a read of a missing post or user is
//!   a `200` with only `errors` (`resource-not-found`, with `value`, `parameter`,
//!   `resource_id`, `resource_type`, `title`, `detail`, `type`); a batch lookup serves the
//!   found ones in `data` and the others in `errors`; an expanded object that no longer exists
//!   (a quote of a deleted post, a pinned post gone) is a partial error beside `data`.
//! - **strict parameters**: a query parameter the endpoint does not have, or a `*.fields` /
//!   `expansions` value it does not know, is refused with X's 400 `invalid-request`, naming
//!   the parameter and the accepted ones. The lists are generated from X's OpenAPI file by
//!   `tools/gen_x_allowlists.py` (the documented `tweet.fields` names are accepted beside
//!   the newest spec's `post.fields` ones).
//!
//! - **posts as X serves them**: every `http(s)://` link of a post's text becomes a `t.co`
//!   link (`entities.urls[]` keeps it as posted in `expanded_url`), and a post with media ends
//!   with a `t.co` link to it (with its `media_key`), in lookups, timelines and the create
//!   answer alike; timelines reach only the 3,200 most recent posts of a user (800 mentions).
//!   Posts carry the documented fields when asked (`lang`, `source`, `conversation_id`,
//!   `referenced_tweets`, `attachments`, `entities` with hashtags, cashtags, mentions and urls
//!   found by the fake's own extraction, `edit_controls`, `possibly_sensitive`,
//!   `reply_settings`, `withheld` when set), users theirs (`entities`, `location`, `url`,
//!   `profile_image_url`, `verified_type`, `pinned_tweet_id` and its expansion), media theirs
//!   (`url`, `width`, `height`, `variants` for videos), and paged lists `meta.previous_token`
//!   (not recent search, which has none).
//! - **scale**: rendering a user or a post reads counters, not lists, so it costs the same
//!   with 100,000 followers ([`XState::render_reads`] counts the state read; the
//!   `x_followers` bench times a page of 1,000).
//!
//! Field names are the documented ones (`tweet.fields`, `tweet_count`, `retweet_count`,
//! `edit_history_tweet_ids`, `referenced_tweets`), not the newest spec's `post*` renaming;
//! `post.fields` is read as a synonym of `tweet.fields`.
//!
//! Simplified on purpose (a client validates these itself, or they need X's backend):
//! OAuth 1.0a signatures, client secrets, `redirect_uri` and granted scopes are not checked;
//! the text length is not counted; links without a scheme (`example.com`) are not wrapped in
//! `t.co`; recent search matches every term as a case-insensitive
//! substring (`from:username` aside) with no 7-day horizon; a follow request to a protected
//! account is answered but not kept; `lang` is `en` unless set, not detected; fields the fake
//! does not model (`context_annotations`, `geo`, `note_tweet`, metrics other than public, …)
//! are accepted and left out; a write (like, repost, follow, delete, media) on a missing object
//! is a 404 `resource-not-found` problem, X's answer there being undocumented.
//!
//! ```
//! use social_testkit::FakeServer;
//! use social_testkit::x::XFake;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let x = XFake::default();
//! let alice = x.add_user("alice", "Alice");
//! let token = x.user_token(&alice);
//! let server = FakeServer::start(()).await;
//! server.mount("", &x).await;
//!
//! let me = reqwest::Client::new()
//!     .get(format!("{}/2/users/me", server.uri()))
//!     .bearer_auth(&token)
//!     .send()
//!     .await
//!     .unwrap();
//! assert_eq!(me.status(), 200);
//! assert_eq!(me.headers()["x-rate-limit-limit"], "75");
//! # }
//! ```

mod allowlists;
mod auth;
mod follows;
mod graph;
mod likes;
mod media;
mod retweets;
mod state;
mod strict;
mod timelines;
mod tweets;
mod users;
mod wire;

use regex::Regex;
use wiremock::{Request, ResponseTemplate};

pub use state::{XState, XUser};

/// The body of the X fake's 429 answers ([`XState::set_rate_limit_body`]). Both forms carry
/// the `x-rate-limit-*` headers.
///
/// ```
/// use social_testkit::x::{XFake, XRateLimitBody};
///
/// let x = XFake::default();
/// x.state().lock().set_rate_limit_body(XRateLimitBody::PlainText);
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum XRateLimitBody {
    /// The JSON problem of the docs, `{"title":"Too Many Requests","type":"about:blank",
    /// "status":429,"detail":"Too Many Requests"}`
    /// (<https://docs.x.com/x-api/fundamentals/rate-limits>). The default.
    #[default]
    Problem,
    /// `text/plain` "Rate limit exceeded", as recorded 429s of 2020–2023 were.
    PlainText,
}

use crate::{Fake, PathPattern, Routes, Shared};
use state::Principal;
use wire::{Answer, Call};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// OAuth endpoints: client credentials, no bearer token, no rate-limit headers.
    Client,
    /// User context or app-only.
    Any,
    /// User context only (OAuth 2.0 user token or OAuth 1.0a).
    User,
}

/// A route: `"METHOD /path/:param"` as in X's docs, who may call it, its documented
/// 15-minute limits `(per app, per user)` (0 per app: the user figure applies), its handler.
struct Route {
    key: &'static str,
    access: Access,
    limits: (u32, u32),
    handler: fn(&mut XState, &Call<'_>) -> Answer,
}

const fn route(
    key: &'static str,
    access: Access,
    limits: (u32, u32),
    handler: fn(&mut XState, &Call<'_>) -> Answer,
) -> Route {
    Route {
        key,
        access,
        limits,
        handler,
    }
}

use Access::{Any, Client, User};

/// The routes, literal paths before the parameterised ones they overlap (`/2/users/me`
/// before `/2/users/:id`): wiremock tries equal-priority mocks in mounting order.
#[rustfmt::skip]
static ROUTES: &[Route] = &[
    route("POST /2/oauth2/token", Client, (0, 0), auth::token),
    route("POST /2/oauth2/revoke", Client, (0, 0), auth::revoke),
    route("POST /oauth2/token", Client, (0, 0), auth::app_token),
    route("POST /2/tweets", User, (0, 100), tweets::create),
    route("GET /2/tweets", Any, (3500, 5000), tweets::lookup_many),
    route("GET /2/tweets/search/recent", Any, (450, 300), timelines::search),
    route("GET /2/tweets/:id", Any, (450, 900), tweets::lookup),
    route("DELETE /2/tweets/:id", User, (0, 50), tweets::delete),
    route("GET /2/tweets/:id/liking_users", User, (0, 75), likes::liking_users),
    route("GET /2/tweets/:id/retweeted_by", Any, (75, 75), retweets::retweeted_by),
    route("GET /2/users/me", User, (0, 75), users::me),
    route("GET /2/users", Any, (300, 900), users::by_ids),
    route("GET /2/users/by", Any, (300, 900), users::by_usernames),
    route("GET /2/users/by/username/:username", Any, (300, 900), users::by_username),
    route("GET /2/users/:id", Any, (300, 900), users::by_id),
    route("POST /2/users/:id/following", User, (0, 50), follows::follow),
    route("DELETE /2/users/:source_user_id/following/:target_user_id", User, (0, 50),
          follows::unfollow),
    route("GET /2/users/:id/following", Any, (300, 300), follows::following),
    route("GET /2/users/:id/followers", Any, (300, 300), follows::followers),
    route("GET /2/users/:id/tweets", Any, (10_000, 900), timelines::user_tweets),
    route("GET /2/users/:id/mentions", Any, (450, 300), timelines::mentions),
    route("GET /2/users/:id/timelines/reverse_chronological", User, (0, 180), timelines::home),
    route("POST /2/users/:id/likes", User, (0, 50), likes::like),
    route("DELETE /2/users/:id/likes/:tweet_id", User, (0, 50), likes::unlike),
    route("GET /2/users/:id/liked_tweets", User, (0, 75), likes::liked_tweets),
    route("POST /2/users/:id/retweets", User, (0, 50), retweets::retweet),
    route("DELETE /2/users/:id/retweets/:source_tweet_id", User, (0, 50), retweets::unretweet),
    route("POST /2/media/upload/initialize", User, (0, 1875), media::initialize),
    route("POST /2/media/upload/:id/append", User, (0, 1875), media::append),
    route("POST /2/media/upload/:id/finalize", User, (0, 1875), media::finalize),
    route("GET /2/media/upload", User, (0, 1000), media::status_check),
    route("POST /2/media/metadata", User, (0, 500), media::metadata),
];

/// The routes the fake answers, as `"METHOD /path/:param"` in X's docs (the keys of
/// [`XState::set_rate_limit`]), OAuth endpoints included.
///
/// ```
/// assert!(social_testkit::x::routes().any(|route| route == "GET /2/users/:id/following"));
/// ```
pub fn routes() -> impl Iterator<Item = &'static str> {
    ROUTES.iter().map(|route| route.key)
}

impl Route {
    fn method(&self) -> &'static str {
        self.key.split_once(' ').map_or("", |(method, _)| method)
    }

    fn template(&self) -> &'static str {
        self.key
            .split_once(' ')
            .map_or("", |(_, template)| template)
    }

    /// The anchored path regex, one capture per `:param`.
    fn regex(&self) -> Regex {
        let segments: Vec<&str> = self
            .template()
            .split('/')
            .map(|s| if s.starts_with(':') { "([^/]+)" } else { s })
            .collect();
        Regex::new(&format!("^{}$", segments.join("/"))).expect("route templates are valid")
    }

    /// Checks the path parameters as X does: ids are `^[0-9]{1,19}$`, usernames
    /// `^[A-Za-z0-9_]{1,15}$`.
    fn check(&self, params: &[&str]) -> Result<(), wire::Reply> {
        let names = self
            .template()
            .split('/')
            .filter_map(|s| s.strip_prefix(':'));
        for (name, value) in names.zip(params) {
            if name != "username" {
                wire::parse_id(name, value)?;
            } else if !(1..=15).contains(&value.len())
                || !value
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'_')
            {
                return Err(wire::invalid_param(
                    name,
                    value,
                    format!(
                        "The `{name}` query parameter value [{value}] does not match ^[A-Za-z0-9_]{{1,15}}$"
                    ),
                ));
            }
        }
        Ok(())
    }
}

/// The stateful X API v2 fake. Cloning it shares the state, so a test can seed and inspect
/// a fake it has mounted (or handed to [`Sandbox::start`](crate::Sandbox::start)).
///
/// The most common seed helpers are here; everything else (profiles, the clock, limits,
/// media processing, inspection) is on [`XState`], through [`state`](Self::state).
///
/// ```
/// use social_testkit::x::XFake;
///
/// let x = XFake::default();
/// let alice = x.add_user("alice", "Alice");
/// let bob = x.add_user("bob", "Bob");
/// x.follow(&alice, &bob);
/// x.post_as(&bob, "hello @alice");
/// let token = x.user_token(&alice); // `Authorization: Bearer {token}`
/// let app = x.app_token(); // app-only: reads, no writes
/// x.set_rate_limit("GET /2/users/:id/following", 15);
/// x.state().lock().user_mut(&bob).unwrap().verified = true;
/// # let _ = (token, app);
/// ```
#[derive(Debug, Clone, Default)]
pub struct XFake {
    state: Shared<XState>,
}

impl XFake {
    /// An empty fake: no users, no tokens.
    pub fn new() -> Self {
        Self::default()
    }

    /// A fake seeded for the sandbox: `@sandbox` ("Sandbox User") follows `@xdevelopers`
    /// ("X Developers"), who has posted once; the fixed tokens `sandbox-user-token` (user
    /// context, `@sandbox`) and `sandbox-app-token` (app-only) are accepted.
    ///
    /// ```
    /// let x = social_testkit::x::XFake::demo();
    /// assert_eq!(x.app_token(), "sandbox-app-token");
    /// ```
    pub fn demo() -> Self {
        let fake = Self::default();
        fake.state.with(|x| {
            let me = x.add_user("sandbox", "Sandbox User");
            let dev = x.add_user("xdevelopers", "X Developers");
            x.follow(&me, &dev);
            x.post_as(&dev, "Welcome to the social-rs sandbox!");
            let me = me.parse().unwrap_or_default();
            x.grant("sandbox-user-token", Principal::User(me), None, None);
            x.grant("sandbox-app-token", Principal::App, None, None);
            x.app_token = Some("sandbox-app-token".into());
        });
        fake
    }

    /// A handle on the state, to arrange it or inspect it (do not hold the lock across an
    /// `.await` that waits for the fake).
    pub fn state(&self) -> Shared<XState> {
        self.state.clone()
    }

    /// [`XState::add_user`]: adds a user, returns its id.
    #[track_caller]
    pub fn add_user(&self, username: &str, name: &str) -> String {
        self.state.lock().add_user(username, name)
    }

    /// [`XState::follow`]: `source` follows `target`.
    #[track_caller]
    pub fn follow(&self, source: &str, target: &str) {
        self.state.lock().follow(source, target);
    }

    /// [`XState::post_as`]: posts `text` as `user`, returns the post's id.
    #[track_caller]
    pub fn post_as(&self, user: &str, text: &str) -> String {
        self.state.lock().post_as(user, text)
    }

    /// [`XState::user_token`]: a new user-context token for `user` (bearer or OAuth 1.0a).
    #[track_caller]
    pub fn user_token(&self, user: &str) -> String {
        self.state.lock().user_token(user)
    }

    /// [`XState::app_token`]: the app-only bearer token.
    pub fn app_token(&self) -> String {
        self.state.lock().app_token()
    }

    /// [`XState::authorization_code`]: a code for `user` bound to a PKCE S256 challenge.
    #[track_caller]
    pub fn authorization_code(&self, user: &str, code_challenge: &str, scope: &str) -> String {
        self.state
            .lock()
            .authorization_code(user, code_challenge, scope)
    }

    /// [`XState::set_rate_limit`]: the 15-minute limit of a route, e.g.
    /// `"GET /2/users/:id/following"`.
    #[track_caller]
    pub fn set_rate_limit(&self, route: &str, limit: u32) {
        self.state.lock().set_rate_limit(route, limit);
    }

    /// [`XState::token_requests`]: requests received by the token endpoints.
    pub fn token_requests(&self) -> u32 {
        self.state.lock().token_requests()
    }
}

impl Fake for XFake {
    fn name(&self) -> &'static str {
        "x"
    }

    fn routes(&self, routes: &mut Routes) {
        for route in ROUTES {
            let regex = route.regex();
            let pattern = PathPattern::Regex(regex.clone());
            routes.add(
                &self.state,
                route.method(),
                pattern,
                move |state: &mut XState, request: &Request| handle(state, route, &regex, request),
            );
        }
    }
}

/// Authenticates, counts the rate limit, checks the access mode and path parameters, then
/// runs the handler; rate-limit headers go on whatever comes out.
fn handle(state: &mut XState, route: &Route, regex: &Regex, request: &Request) -> ResponseTemplate {
    let params: Vec<&str> = regex
        .captures(request.url.path())
        .map(|captures| {
            captures
                .iter()
                .skip(1)
                .flatten()
                .map(|m| m.as_str())
                .collect()
        })
        .unwrap_or_default();
    let mut call = Call {
        request,
        params,
        caller: None,
    };
    if route.access == Access::Client {
        return (route.handler)(state, &call)
            .unwrap_or_else(|error| error)
            .into_response();
    }
    let Some((token, principal)) = authenticate(state, request) else {
        return wire::unauthorized().into_response();
    };
    call.caller = Some(principal);
    let (allowed, headers) = state.rate_limit(route, &token, principal);
    let answer = if !allowed {
        Err(wire::too_many_requests(state.rate_limit_body))
    } else if route.access == Access::User && principal == Principal::App {
        Err(wire::unsupported_authentication())
    } else {
        route
            .check(&call.params)
            .and_then(|()| strict::check_query(route.key, &call))
            .and_then(|()| strict::check_body(route.key, &call))
            .and_then(|()| (route.handler)(state, &call))
    };
    let response = answer.unwrap_or_else(|error| error).into_response();
    headers
        .into_iter()
        .fold(response, |response, (name, value)| {
            response.insert_header(name.as_str(), value)
        })
}

/// The token of the request and who it acts for: `Bearer {token}`, or the `oauth_token` of an
/// `OAuth …` header (user tokens only; the signature is not verified).
fn authenticate(state: &XState, request: &Request) -> Option<(String, Principal)> {
    let header = request.headers.get("authorization")?.to_str().ok()?;
    let (scheme, rest) = header.split_once(' ')?;
    let token = match scheme.to_ascii_lowercase().as_str() {
        "bearer" => rest.trim().to_owned(),
        "oauth" => oauth1_token(rest)?,
        _ => return None,
    };
    let record = state.tokens.get(&token)?;
    let live = record.expires_at.is_none_or(|at| state.now() < at);
    let principal = record.principal;
    let valid = match principal {
        Principal::User(id) => state.users.contains_key(&id),
        Principal::App => scheme.eq_ignore_ascii_case("bearer"),
    };
    (live && valid).then_some((token, principal))
}

/// The percent-decoded `oauth_token` of an OAuth 1.0a header's parameters.
fn oauth1_token(params: &str) -> Option<String> {
    params.split(',').find_map(|param| {
        let (key, value) = param.trim().split_once('=')?;
        let value = value.trim().trim_matches('"');
        (key.trim() == "oauth_token").then(|| {
            url::form_urlencoded::parse(format!("v={value}").as_bytes())
                .map(|(_, v)| v.into_owned())
                .next()
                .unwrap_or_default()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_templates_compile_and_keys_are_unique() {
        for (i, route) in ROUTES.iter().enumerate() {
            assert!(route.regex().is_match(&route.template().replace(':', "")));
            assert!(
                ROUTES[..i].iter().all(|r| r.key != route.key),
                "{}",
                route.key
            );
        }
    }

    #[test]
    fn oauth1_headers_yield_their_token() {
        let header =
            r#"oauth_consumer_key="key", oauth_token="370773112-Gm%2BHx", oauth_signature="x%3D""#;
        assert_eq!(oauth1_token(header).as_deref(), Some("370773112-Gm+Hx"));
        assert_eq!(oauth1_token(r#"oauth_consumer_key="key""#), None);
    }
}
