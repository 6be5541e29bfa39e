//! How Graph answers: the error object mapped onto `social_core::Error` by `code` and
//! `error_subcode`, and the usage headers read into [`RateLimit`]s.
//!
//! Graph's HTTP status says little (most errors are a 400, rate limits too), so the mapping looks
//! at the body's `code` first, then its `error_subcode`
//! (<https://developers.facebook.com/docs/graph-api/guides/error-handling>):
//!
//! | code (subcode) | `social_core::Error` |
//! |---|---|
//! | 190 (463) | `Auth { kind: Expired }` |
//! | 190 (458, 460, 467, 492, none), 102 | `Auth { kind: Invalid }`, the message says why (app removed, password changed, logged out, role on the Page lost) |
//! | 190 (459, 464) | `Auth { kind: ReauthorizationRequired }` (the user must act on facebook.com) |
//! | 3, 10, 200–299 | `Auth { kind: MissingPermission { scope } }`, the permission named when the message names it |
//! | 4, 17, 32, 341, 613, 80001–80014 | `RateLimited`, waiting for `estimated_time_to_regain_access` or `Retry-After`; without either, the quota the code names cools down (below) |
//! | 100 (33), 803 | `NotFound` |
//! | 506 | `Duplicate` |
//! | `is_transient: true`, or 1 and 2 without `is_transient` | `Api` marked transient (retried for reads) |
//! | 368 and anything else | `Api` with code, subcode, type, `fbtrace_id` and the user-facing text |
//!
//! Throttling that does not say when it ends (usage headers at 100 %, or a throttling code
//! without `estimated_time_to_regain_access` or `Retry-After`) puts the client's local cooldown
//! on the quota ([`FacebookClientBuilder::throttle_cooldown`](crate::FacebookClientBuilder::throttle_cooldown),
//! 5 minutes by default): Meta asks apps to stop calling once throttled, as calls made meanwhile
//! still count (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>). The
//! code names the quota: 32 (a Page's requests) and 80001 (a Page's business-use-case quota) the
//! Page's, 4 (the app's), 17 (the user's), 341 and 613 the app's, so every call of the app waits.
//!
//! The legacy flat shape of the OAuth endpoints (`{"error_type","code","error_message"}`) is read
//! too, and a body that is not JSON keeps its status and a snippet.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, SystemTime};

use http::HeaderMap;
use serde::Deserialize;
use serde_json::Value;
use social_core::http::{
    ApiDialect, ErrorContext, RequestSpec, error_for_status, find_message, rate_limited_by,
};
use social_core::{ApiError, AuthErrorKind, Error, Network, RateLimit};

use crate::version::GraphVersion;

/// The error object Graph puts under `"error"` (and, in a batch, inside each item's body).
///
/// ```
/// use social_facebook::error::GraphError;
///
/// let body = br#"{"error":{"message":"(#506) Duplicate status message","type":"OAuthException","code":506,"fbtrace_id":"AbC"}}"#;
/// let e = GraphError::from_body(body).unwrap();
/// assert_eq!((e.code, e.fbtrace_id.as_deref()), (Some(506), Some("AbC")));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct GraphError {
    /// Text for developers.
    #[serde(default)]
    pub message: Option<String>,
    /// `OAuthException`, `GraphMethodException`, `GraphBatchException`…
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The main code.
    #[serde(default, deserialize_with = "lenient_i64")]
    pub code: Option<i64>,
    /// The detail code.
    #[serde(default, deserialize_with = "lenient_i64")]
    pub error_subcode: Option<i64>,
    /// A title safe to show to the end user.
    #[serde(default)]
    pub error_user_title: Option<String>,
    /// A message safe to show to the end user.
    #[serde(default)]
    pub error_user_msg: Option<String>,
    /// Whether Graph says trying again later may work.
    #[serde(default)]
    pub is_transient: Option<bool>,
    /// The support id; always worth logging.
    #[serde(default)]
    pub fbtrace_id: Option<String>,
}

impl GraphError {
    /// Reads the error from a response body: the `{"error":{…}}` object, or the legacy flat
    /// `{"error_type","code","error_message"}` shape of the OAuth endpoints. `None` when the body
    /// is neither.
    ///
    /// ```
    /// use social_facebook::error::GraphError;
    ///
    /// // The flat shape the code exchange still answers with (restfb's
    /// // src/test/resources/json/exampleOauthError.json).
    /// let body = br#"{"error_type":"OAuthException","code":400,"error_message":"Error validating verification code."}"#;
    /// let e = GraphError::from_body(body).unwrap();
    /// assert_eq!(e.kind.as_deref(), Some("OAuthException"));
    /// assert_eq!(e.message.as_deref(), Some("Error validating verification code."));
    /// ```
    pub fn from_body(body: &[u8]) -> Option<GraphError> {
        let json: Value = serde_json::from_slice(body).ok()?;
        GraphError::from_json(&json)
    }

    /// As [`from_body`](Self::from_body), from parsed JSON.
    pub fn from_json(json: &Value) -> Option<GraphError> {
        if let Some(obj) = json.get("error").filter(|e| e.is_object()) {
            return serde_json::from_value(obj.clone()).ok();
        }
        let message = json.get("error_message").and_then(Value::as_str)?;
        Some(GraphError {
            message: Some(message.to_string()),
            kind: json
                .get("error_type")
                .and_then(Value::as_str)
                .map(str::to_string),
            code: json.get("code").and_then(Value::as_i64),
            ..GraphError::default()
        })
    }
}

fn lenient_i64<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// The Graph dialect of the core transport: error mapping, usage headers, and the check of the
/// `facebook-api-version` header.
///
/// Rate-limit buckets: the app's usage, and each Page's usage and business-use-case usage keyed
/// by the Page the request is for: the Page of a client made with
/// [`FacebookClient::for_page`](crate::FacebookClient::for_page) (a comment id does not name
/// its Page), else the Page id that starts the request's first id (`{page-id}` or
/// `{page-id}_{post-id}`).
#[derive(Debug, Default)]
pub struct GraphDialect {
    version: Option<GraphVersion>,
    warned: AtomicBool,
}

impl GraphDialect {
    /// A dialect that warns (through `tracing`) when a response says it was served by another
    /// version than `version`.
    pub fn new(version: GraphVersion) -> Self {
        GraphDialect {
            version: Some(version),
            warned: AtomicBool::new(false),
        }
    }
}

/// The bucket of the app-level usage (`X-App-Usage`).
pub const APP_BUCKET: &str = "facebook:app";

/// The Page an object id belongs to: `{page-id}_{post-id}` → `page-id`.
fn owner_of(id: &str) -> &str {
    id.split('_').next().unwrap_or(id)
}

/// The Page a request counts against: the key a Page client sets on every request
/// ([`RequestSpec::with_bucket_key`]), else the Page that starts the first id of the path.
fn page_of(spec: &RequestSpec) -> Option<&str> {
    spec.bucket_key()
        .or_else(|| spec.user_segments().next().map(owner_of))
}

/// The bucket of a Page's usage (`X-Page-Usage`).
pub fn page_bucket(page_id: &str) -> String {
    format!("facebook:page:{page_id}")
}

/// The bucket of one business-use-case entry of `X-Business-Use-Case-Usage` (an object id, which
/// is the Page id for Page calls, and the use case, `pages` for them).
pub fn buc_bucket(object_id: &str, use_case: &str) -> String {
    format!("facebook:buc:{object_id}:{use_case}")
}

impl ApiDialect for GraphDialect {
    fn network(&self) -> Network {
        Network::Facebook
    }

    fn buckets(&self, spec: &RequestSpec) -> Vec<String> {
        let mut b = vec![APP_BUCKET.to_string()];
        if let Some(page) = page_of(spec) {
            b.push(page_bucket(page));
            b.push(buc_bucket(page, "pages"));
        }
        b
    }

    fn rate_limits(
        &self,
        spec: &RequestSpec,
        headers: &HeaderMap,
        now: SystemTime,
    ) -> Vec<RateLimit> {
        GraphUsage::read(headers).rate_limits(page_of(spec), now)
    }

    fn inspect_response(&self, spec: &RequestSpec, _status: u16, headers: &HeaderMap) {
        let (Some(asked), Some(served)) = (
            self.version.as_ref(),
            headers
                .get("facebook-api-version")
                .and_then(|v| v.to_str().ok()),
        ) else {
            return;
        };
        if served.trim() != asked.as_str() {
            // Once per client (and the clients made from it); then at debug level, so a
            // long-running service does not flood its logs.
            if self.warned.swap(true, Ordering::Relaxed) {
                tracing::debug!(
                    requested = asked.as_str(),
                    served = served.trim(),
                    "Graph answered with another API version than the one requested"
                );
                return;
            }
            tracing::warn!(
                requested = asked.as_str(),
                served = served.trim(),
                endpoint = %spec.endpoint_name(),
                "Graph answered with another API version than the one requested (the requested one may have expired); update the client's version"
            );
        }
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        map_error(ctx)
    }
}

/// Usage of one quota as Graph reports it: percentages of the limit (100 = throttled).
///
/// ```
/// use social_facebook::error::parse_usage;
///
/// let u = parse_usage(r#"{"call_count":28,"total_time":25,"total_cputime":25}"#).unwrap();
/// assert_eq!(u.call_count, Some(28.0));
/// assert_eq!(u.max_percent(), Some(28.0));
/// assert!(parse_usage("not json").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct Usage {
    /// Share of the calls allowed, in percent.
    pub call_count: Option<f64>,
    /// Share of the CPU time allowed, in percent.
    pub total_cputime: Option<f64>,
    /// Share of the total time allowed, in percent.
    pub total_time: Option<f64>,
}

impl Usage {
    /// The highest of the three shares: the one that throttles first.
    pub fn max_percent(&self) -> Option<f64> {
        [self.call_count, self.total_cputime, self.total_time]
            .into_iter()
            .flatten()
            .fold(None, |acc: Option<f64>, v| {
                Some(acc.map_or(v, |a| a.max(v)))
            })
    }

    fn from_json(v: &Value) -> Option<Usage> {
        let num = |k: &str| v.get(k).and_then(number);
        let u = Usage {
            call_count: num("call_count"),
            total_cputime: num("total_cputime"),
            total_time: num("total_time"),
        };
        u.max_percent().map(|_| u)
    }

    fn to_rate_limit(&self, bucket: &str) -> RateLimit {
        let mut rl = RateLimit::new(bucket);
        rl.used_percent = self.max_percent();
        rl
    }
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64().filter(|f| f.is_finite()),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

/// Parses JSON, also in the single-quoted form some proxies and old servers send
/// (`{'call_count' : 85}`, seen in facebookarchive/php-graph-sdk#634).
fn lenient_json(raw: &str) -> Option<Value> {
    serde_json::from_str(raw)
        .ok()
        .or_else(|| serde_json::from_str(&raw.replace('\'', "\"")).ok())
}

/// Parses `X-App-Usage` or `X-Page-Usage`. `None` when the value is not a JSON object with at
/// least one of the three shares (a missing header is "unknown", never 0 %).
pub fn parse_usage(raw: &str) -> Option<Usage> {
    Usage::from_json(&lenient_json(raw)?)
}

/// One entry of `X-Business-Use-Case-Usage`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BusinessUseCaseUsage {
    /// The business or object id (the Page id for Pages calls).
    pub object_id: String,
    /// The use case: `pages`, `instagram`, `ads_management`, `messenger`…
    pub use_case: String,
    /// The three shares.
    pub usage: Usage,
    /// How long until calls are accepted again, when throttled.
    pub regain_access_after: Option<Duration>,
}

impl BusinessUseCaseUsage {
    /// The usage as a [`RateLimit`] in bucket [`buc_bucket`], resetting `regain_access_after`
    /// from `now`.
    pub fn to_rate_limit(&self, now: SystemTime) -> RateLimit {
        let mut rl = self
            .usage
            .to_rate_limit(&buc_bucket(&self.object_id, &self.use_case));
        if let Some(wait) = self.regain_access_after.filter(|w| !w.is_zero()) {
            rl.reset_at = now.checked_add(wait);
        }
        rl
    }
}

/// Parses `X-Business-Use-Case-Usage`: an object mapping ids to arrays of
/// `{type, call_count, total_cputime, total_time, estimated_time_to_regain_access}` (minutes).
/// Malformed entries are skipped; a repeated id keeps the last (the docs' own sample repeats one).
///
/// ```
/// use std::time::Duration;
/// use social_facebook::error::parse_business_use_case_usage;
///
/// let raw = r#"{"1234":[{"type":"pages","call_count":100,"total_cputime":40,"total_time":60,"estimated_time_to_regain_access":7}]}"#;
/// let usage = parse_business_use_case_usage(raw);
/// assert_eq!(usage[0].use_case, "pages");
/// assert_eq!(usage[0].regain_access_after, Some(Duration::from_secs(7 * 60)));
/// assert!(parse_business_use_case_usage("{").is_empty());
/// ```
pub fn parse_business_use_case_usage(raw: &str) -> Vec<BusinessUseCaseUsage> {
    let Some(Value::Object(map)) = lenient_json(raw) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, entries) in map {
        let Some(entries) = entries.as_array() else {
            continue;
        };
        for e in entries {
            let Some(usage) = Usage::from_json(e) else {
                continue;
            };
            let minutes = e.get("estimated_time_to_regain_access").and_then(number);
            out.push(BusinessUseCaseUsage {
                object_id: id.clone(),
                use_case: e
                    .get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("unknown")
                    .to_string(),
                usage,
                regain_access_after: minutes
                    .filter(|m| *m > 0.0 && *m < 60.0 * 24.0 * 7.0)
                    .map(|m| Duration::from_secs_f64(m * 60.0)),
            });
        }
    }
    out
}

/// The usage headers of one answer (a response, or one item of a batch, whose headers Graph
/// sends in the item): the one reader of `X-App-Usage`, `X-Page-Usage` and
/// `X-Business-Use-Case-Usage`, which the dialect and the batch both use.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct GraphUsage {
    /// `X-App-Usage`.
    pub(crate) app: Option<Usage>,
    /// `X-Page-Usage`.
    pub(crate) page: Option<Usage>,
    /// `X-Business-Use-Case-Usage`.
    pub(crate) business_use_case: Vec<BusinessUseCaseUsage>,
}

impl GraphUsage {
    /// Reads the three headers; a header that is missing or malformed is unknown usage.
    pub(crate) fn read(headers: &HeaderMap) -> Self {
        let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        GraphUsage {
            app: header("x-app-usage").and_then(parse_usage),
            page: header("x-page-usage").and_then(parse_usage),
            business_use_case: header("x-business-use-case-usage")
                .map(parse_business_use_case_usage)
                .unwrap_or_default(),
        }
    }

    /// The usages as rate-limit windows: the app's in [`APP_BUCKET`], the Page's in
    /// [`page_bucket`] of `page` (the Page the call counts against, when known), each
    /// business-use-case entry in [`buc_bucket`], reset `estimated_time_to_regain_access` after
    /// `now`.
    pub(crate) fn rate_limits(&self, page: Option<&str>, now: SystemTime) -> Vec<RateLimit> {
        let mut out = Vec::new();
        if let Some(app) = &self.app {
            out.push(app.to_rate_limit(APP_BUCKET));
        }
        if let Some(usage) = &self.page {
            let bucket = page.map_or_else(|| "facebook:page".to_string(), page_bucket);
            out.push(usage.to_rate_limit(&bucket));
        }
        out.extend(self.business_use_case.iter().map(|b| b.to_rate_limit(now)));
        out
    }
}

/// Permission names Graph mentions in its messages.
const PERMISSIONS: &[&str] = &[
    "read_insights",
    "business_management",
    "publish_video",
    "public_profile",
    "email",
];

/// The permission a Graph message names (`(#10) This endpoint requires the
/// 'pages_read_engagement' permission…`), if any.
fn permission_in(message: &str) -> Option<String> {
    message
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .find(|w| w.starts_with("pages_") || PERMISSIONS.contains(w))
        .map(str::to_string)
}

/// What an invalid-token subcode means, in words.
fn token_reason(subcode: Option<i64>) -> &'static str {
    match subcode {
        Some(458) => "the user removed the app",
        Some(459) => "the user must log in on facebook.com to clear a checkpoint",
        Some(460) => {
            "the session was invalidated (password changed, or Facebook reset it for security)"
        }
        Some(463) => "the token expired",
        Some(464) => "the user must confirm their account on facebook.com",
        Some(467) => "the token is no longer valid (logged out, revoked or replaced)",
        Some(492) => "the token's user no longer has a role on the Page",
        _ => "the token is invalid",
    }
}

/// Whether a Graph code means a rate limit
/// (<https://developers.facebook.com/docs/graph-api/overview/rate-limiting>).
pub fn is_rate_limit_code(code: i64) -> bool {
    matches!(code, 4 | 17 | 32 | 341 | 613) || (80001..=80014).contains(&code)
}

fn map_error(ctx: &ErrorContext<'_>) -> Error {
    let json = ctx.json();
    let mask = |text: &str| ctx.mask(text);
    map_answer(&ErrorAnswer {
        status: ctx.status,
        headers: ctx.headers,
        json: json.as_ref(),
        base: ctx.api_error(),
        rate_limits: ctx.rate_limits,
        retry_after: ctx.retry_after,
        now: ctx.now,
        endpoint: ctx.endpoint,
        page: page_of(ctx.spec),
        mask: &mask,
    })
}

/// A [`Error::RateLimited`] that says no wait names the quota its code stands for, so the client
/// cools that quota down (see the [module](self) docs): 32 and 80001 the Page's (when the
/// request names one), 4, 17, 341 and 613 the app's. Any other error, or one with a wait, is
/// returned as it is.
fn throttled_quota(error: Error, code: Option<i64>, page: Option<&str>) -> Error {
    let Error::RateLimited {
        network,
        retry_after: None,
        reset_at,
        bucket,
        rate_limit,
        api,
    } = error
    else {
        return error;
    };
    let named = match (code, page) {
        (Some(32), Some(page)) => Some(page_bucket(page)),
        (Some(80001), Some(page)) => Some(buc_bucket(page, "pages")),
        (Some(4 | 17 | 32 | 341 | 613 | 80001), _) => Some(APP_BUCKET.to_string()),
        _ => None,
    };
    Error::RateLimited {
        network,
        retry_after: None,
        reset_at,
        bucket: named.or(bucket),
        rate_limit,
        api,
    }
}

/// An error answer as the Graph dialect reads it, wherever it came from: a whole response
/// (through the dialect's [`ErrorContext`]), one item of a batch, or a batch answered 2xx with
/// an error object. [`map_answer`] maps them all, so one error reads the same wherever it came
/// from.
pub(crate) struct ErrorAnswer<'a> {
    /// The HTTP status (of the response, or the `code` of a batch item).
    pub(crate) status: u16,
    /// The headers (a batch item's own, when Graph sent them).
    pub(crate) headers: &'a HeaderMap,
    /// The body as JSON, when it is JSON.
    pub(crate) json: Option<&'a Value>,
    /// The error with the status, snippet, retry-after and rate limit already filled in.
    pub(crate) base: ApiError,
    /// The rate-limit windows the answer reported ([`GraphUsage::rate_limits`]).
    pub(crate) rate_limits: &'a [RateLimit],
    /// `Retry-After`, parsed.
    pub(crate) retry_after: Option<Duration>,
    /// When the answer came, by the client's clock.
    pub(crate) now: SystemTime,
    /// The endpoint, the bucket of a rate limit no window names.
    pub(crate) endpoint: &'a str,
    /// The Page the call counts against, when known.
    pub(crate) page: Option<&'a str>,
    /// Masks the request's credentials in text taken from the body.
    pub(crate) mask: &'a dyn Fn(&str) -> String,
}

/// Maps an error answer onto `social_core::Error`: a Graph error object by the table at the
/// top of this module; anything else (an HTML page, another JSON shape) by its status, with a
/// message found in common JSON shapes ([`error_for_status`], as core's [`default_error`](social_core::http::default_error)
/// does). A rate limit waits for `Retry-After` or the most constraining window's reset, and
/// one that says no wait names the quota its code stands for ([`throttled_quota`]).
pub(crate) fn map_answer(answer: &ErrorAnswer<'_>) -> Error {
    let graph = answer.json.and_then(GraphError::from_json);
    let code = graph.as_ref().and_then(|g| g.code);
    let rate_limited = |api: ApiError| {
        let e = rate_limited_by(
            Network::Facebook,
            answer.rate_limits,
            answer.retry_after,
            answer.now,
            answer.endpoint,
            api,
        );
        throttled_quota(e, code, answer.page)
    };
    let Some(graph) = graph else {
        let mut api = answer.base.clone();
        if let Some(json) = answer.json {
            if let Some(message) = find_message(json) {
                api = api.with_message((answer.mask)(&message));
            }
            if let Some(kind) = json.get("error").and_then(Value::as_str) {
                api = api.with_kind(kind);
            }
        }
        return error_for_status(Network::Facebook, answer.status, api, rate_limited);
    };
    classify(answer, &graph, rate_limited)
}

/// Maps a Graph error object onto `social_core::Error` (the table at the top of this module).
/// `rate_limited` builds the `RateLimited` error from the finished [`ApiError`].
fn classify(
    input: &ErrorAnswer<'_>,
    graph: &GraphError,
    rate_limited: impl FnOnce(ApiError) -> Error,
) -> Error {
    let network = Network::Facebook;
    let mask = input.mask;
    let raw_message = graph.message.clone().unwrap_or_default();
    let mut api: ApiError = input.base.clone().with_message(mask(&raw_message));
    if let Some(kind) = &graph.kind {
        api = api.with_kind(kind.clone());
    }
    if let Some(code) = graph.code {
        api = api.with_code(code);
    }
    if let Some(sub) = graph.error_subcode {
        api = api.with_subcode(sub);
    }
    let trace_header = input
        .headers
        .get("x-fb-trace-id")
        .and_then(|v| v.to_str().ok());
    if let Some(id) = graph
        .fbtrace_id
        .clone()
        .or_else(|| trace_header.map(str::to_string))
    {
        api = api.with_request_id(id);
    }
    let code = graph.code.unwrap_or(0);
    // Graph's own `is_transient` wins; without it, codes 1 and 2 (unknown error, service down)
    // are taken as transient (the "API Unknown" and "API Service" codes of
    // <https://developers.facebook.com/docs/graph-api/guides/error-handling>).
    let transient = graph.is_transient.unwrap_or(matches!(code, 1 | 2));
    api = api.with_transient(transient);
    // The user-facing text, when Graph gives one, completes the developer message.
    let message = match (&graph.error_user_title, &graph.error_user_msg) {
        (Some(t), Some(m)) => format!("{} ({}: {})", mask(&raw_message), mask(t), mask(m)),
        (None, Some(m)) => format!("{} ({})", mask(&raw_message), mask(m)),
        _ => mask(&raw_message),
    };
    api = api.with_message(message.clone());
    let boxed = || Some(Box::new(api.clone()));
    let auth = |kind: AuthErrorKind, message: String| Error::Auth {
        network,
        kind,
        message,
        api: boxed(),
    };
    let flat_oauth = graph.kind.as_deref() == Some("OAuthException")
        && input.json.is_some_and(|j| j.get("error_message").is_some());
    match (code, graph.error_subcode) {
        _ if flat_oauth => auth(AuthErrorKind::Unauthorized, message),
        (190, sub) | (102, sub) => {
            let kind = match sub {
                Some(463) => AuthErrorKind::Expired,
                Some(459 | 464) => AuthErrorKind::ReauthorizationRequired,
                _ => AuthErrorKind::Invalid,
            };
            auth(kind, format!("{}: {message}", token_reason(sub)))
        }
        (c, _) if is_rate_limit_code(c) => rate_limited(api),
        (3 | 10, _) | (200..=299, _) => auth(
            AuthErrorKind::MissingPermission {
                scope: permission_in(&raw_message),
            },
            message,
        ),
        (100, Some(33)) | (803, _) => Error::NotFound {
            network,
            message,
            api: boxed(),
        },
        (506, _) => Error::Duplicate {
            network,
            message,
            existing: None,
            api: boxed(),
        },
        _ if input.status == 404 => Error::NotFound {
            network,
            message,
            api: boxed(),
        },
        _ if input.status == 429 => rate_limited(api),
        _ => Error::Api(Box::new(api)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_is_found_in_graph_messages() {
        let m = "(#10) This endpoint requires the 'pages_read_engagement' permission or the 'Page Public Content Access' feature.";
        assert_eq!(permission_in(m).as_deref(), Some("pages_read_engagement"));
        assert_eq!(
            permission_in("(#200) Requires read_insights").as_deref(),
            Some("read_insights")
        );
        assert_eq!(permission_in("(#200) Permissions error"), None);
    }

    #[test]
    fn usage_headers_never_panic_on_garbage() {
        // Every one of these is unknown usage (None or nothing), never a number made up.
        for raw in [
            "",
            "{",
            "[]",
            "null",
            "{\"call_count\":\"x\"}",
            "{\"call_count\":1e999}",
            "{\"1\":5}",
            "{\"1\":[1,2,3]}",
            "{\"1\":[{\"type\":5}]}",
        ] {
            assert_eq!(parse_usage(raw), None, "{raw}");
            assert!(parse_business_use_case_usage(raw).is_empty(), "{raw}");
        }
        assert!(
            parse_usage("{}").is_none(),
            "no share at all is unknown, not 0 %"
        );
    }

    #[test]
    fn single_quoted_usage_is_read() {
        let u =
            parse_usage("{'call_count' : 85, 'total_cputime' : 56, 'total_time' : 60}").unwrap();
        assert_eq!(u.max_percent(), Some(85.0));
    }

    #[test]
    fn duplicate_ids_in_business_usage_do_not_panic() {
        // The rate-limiting doc's own sample repeats an id (once ads_insights, once pages).
        let raw = r#"{"10153848260347724":[{"type":"ads_insights","call_count":95,"total_cputime":20,"total_time":20,"estimated_time_to_regain_access":0}],"10153848260347724":[{"type":"pages","call_count":97,"total_cputime":23,"total_time":23,"estimated_time_to_regain_access":0}]}"#;
        let usage = parse_business_use_case_usage(raw);
        assert_eq!(usage.len(), 1);
        assert_eq!(usage[0].use_case, "pages");
        assert_eq!(usage[0].regain_access_after, None);
    }
}
