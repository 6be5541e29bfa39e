//! How LinkedIn answers: its error envelope mapped onto `social_core::Error`, and the 429s read
//! as rate limits.
//!
//! LinkedIn's error body is `{"status", "serviceErrorCode", "code", "message"}`, sometimes with
//! `errorDetails.inputErrors[]` (the "Error Handling" page,
//! <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling>; it is
//! not RFC 9457). The mapping:
//!
//! | answer | `social_core::Error` |
//! |---|---|
//! | 401 `serviceErrorCode` 65600 ("Invalid access token"), `EXPIRED_ACCESS_TOKEN` | `Auth { kind: Expired }` |
//! | 401 65601 `REVOKED_ACCESS_TOKEN` | `Auth { kind: Invalid }`, the message says it was revoked (the client retries once, after a short delay, a revocation right after consent: see [`LinkedInClientBuilder::token_issued_at`](crate::LinkedInClientBuilder::token_issued_at)) |
//! | 401 "Empty oauth2_access_token" | `Auth { kind: Missing }` |
//! | 403 (`ACCESS_DENIED`: "Not enough permissions to access: me.GET.NO_VERSION") | `Auth { kind: MissingPermission }`, the message names the resource |
//! | 404 | `NotFound` |
//! | 422 `DUPLICATE_POST` | `Duplicate`, [`duplicate_of`](social_core::Error::duplicate_of) naming the existing post |
//! | 422 with `ERROR :: /field :: message` lines | `InvalidInput`, one violation per line |
//! | 426 `NONEXISTENT_VERSION` | `Api` with kind [`NONEXISTENT_VERSION`], naming the version asked for and how to set a newer one; see [`is_version_retired`] |
//! | 429 "… DAY limit …" | `RateLimited` with no retry (`retry_after: None`) and the next midnight UTC as `reset_at` |
//! | other 429 (a short throttle) | `RateLimited` with a short wait that doubles while the throttling lasts, so reads back off |
//! | a body that is not JSON (an HTML page from a proxy) | the status's error, keeping the status and a snippet of the page |
//! | anything else | `Api` with `status`, `serviceErrorCode` as code, `code` as kind, the message and the `x-li-uuid` request id |
//!
//! LinkedIn documents daily quotas per application and per member, reset at midnight UTC, and
//! no rate-limit headers (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits>).

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Days, Utc};
use http::{HeaderMap, HeaderName, HeaderValue};
use serde::Deserialize;
use serde_json::Value;
use social_core::http::{ApiDialect, ErrorContext, RequestSpec, error_for_status};
use social_core::{ApiError, AuthErrorKind, Error, Network, RateLimit, Violation, ViolationKind};

use crate::version::LinkedInVersion;

/// The header naming the API version of a `/rest` call.
pub const VERSION_HEADER: &str = "linkedin-version";
/// The header naming the Rest.li protocol: `2.0.0` on every `/rest` call (the Protocol Versions
/// page, <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>).
pub const PROTOCOL_HEADER: &str = "x-restli-protocol-version";
/// The Rest.li protocol version sent.
pub const PROTOCOL_VERSION: &str = "2.0.0";
/// The header naming the Rest.li method of a call (`FINDER`, `PARTIAL_UPDATE`…).
pub const METHOD_HEADER: &str = "x-restli-method";
/// The header LinkedIn puts the request id in, for support.
pub const REQUEST_ID_HEADER: &str = "x-li-uuid";

/// The `code` of the 426 answered to a retired (or not yet released) `LinkedIn-Version`.
pub const NONEXISTENT_VERSION: &str = "NONEXISTENT_VERSION";

/// The `code` of the 422 answered to a post whose content LinkedIn already has.
pub const DUPLICATE_POST: &str = "DUPLICATE_POST";

/// The `serviceErrorCode` of an invalid (usually expired) access token.
pub const INVALID_TOKEN_CODE: i64 = 65600;
/// The `serviceErrorCode` of a revoked access token.
pub const REVOKED_TOKEN_CODE: i64 = 65601;

/// The first wait after a short throttle (a 429 that is not a daily limit): LinkedIn may answer
/// 429 to protect its infrastructure, and that clears by itself.
pub const SHORT_THROTTLE_WAIT: Duration = Duration::from_secs(2);
/// The longest wait after short throttles in a row (the wait doubles from
/// [`SHORT_THROTTLE_WAIT`] up to this).
pub const MAX_SHORT_THROTTLE_WAIT: Duration = Duration::from_secs(32);

/// Whether `err` is LinkedIn's `426 NONEXISTENT_VERSION`: the `LinkedIn-Version` the client asks
/// for is retired (or not released yet). Set a newer one with
/// [`LinkedInClientBuilder::version`](crate::LinkedInClientBuilder::version).
///
/// ```
/// use social_core::{ApiError, Error, Network};
/// use social_linkedin::error::{NONEXISTENT_VERSION, is_version_retired};
///
/// let err = Error::Api(Box::new(ApiError::new(Network::LinkedIn, 426).with_kind(NONEXISTENT_VERSION)));
/// assert!(is_version_retired(&err));
/// ```
pub fn is_version_retired(err: &Error) -> bool {
    matches!(err, Error::Api(api)
        if api.network == Network::LinkedIn && api.kind.as_deref() == Some(NONEXISTENT_VERSION))
}

/// Whether `err` is a daily quota LinkedIn says is spent ("… DAY limit …"): no request to that
/// endpoint succeeds before [`next_midnight_utc`], so none is sent again automatically.
///
/// ```
/// use social_linkedin::error::is_daily_limit;
///
/// # fn run(err: social_core::Error) {
/// if is_daily_limit(&err) {
///     println!("quota spent until {:?}", err.rate_limit().and_then(|r| r.reset_at));
/// }
/// # }
/// ```
pub fn is_daily_limit(err: &Error) -> bool {
    matches!(err, Error::RateLimited { api: Some(api), .. }
        if api.network == Network::LinkedIn && api.kind.as_deref() == Some(DAILY_LIMIT_KIND))
}

/// The kind given to a daily-limit 429's [`ApiError`].
const DAILY_LIMIT_KIND: &str = "DAILY_LIMIT";

/// The next midnight UTC after `now`: when LinkedIn's daily quotas reset.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_linkedin::error::next_midnight_utc;
///
/// // 2026-12-05T17:30:00Z → 2026-12-06T00:00:00Z.
/// let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_491_800);
/// let midnight = SystemTime::UNIX_EPOCH + Duration::from_secs(1_796_515_200);
/// assert_eq!(next_midnight_utc(now), midnight);
/// // At midnight exactly, the next one.
/// assert_eq!(next_midnight_utc(midnight), midnight + Duration::from_secs(86_400));
/// ```
pub fn next_midnight_utc(now: SystemTime) -> SystemTime {
    let now: DateTime<Utc> = now.into();
    let next = now
        .date_naive()
        .checked_add_days(Days::new(1))
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc());
    match next {
        Some(t) => t.into(),
        // Only at the end of chrono's calendar: a day later is as good an estimate.
        None => SystemTime::from(now) + Duration::from_secs(86_400),
    }
}

/// LinkedIn's error body, read leniently (every field may be missing).
///
/// ```
/// use social_linkedin::error::LinkedInError;
///
/// let body = br#"{"status":403,"serviceErrorCode":100,"code":"ACCESS_DENIED","message":"Not enough permissions to access: me.GET.NO_VERSION"}"#;
/// let e = LinkedInError::from_body(body).unwrap();
/// assert_eq!((e.status, e.service_error_code), (Some(403), Some(100)));
/// assert_eq!(e.denied_resource(), Some("me.GET.NO_VERSION"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct LinkedInError {
    /// The HTTP status, repeated.
    #[serde(default)]
    pub status: Option<u16>,
    /// LinkedIn's numeric code (65600, 65601, 100…).
    #[serde(default)]
    pub service_error_code: Option<i64>,
    /// LinkedIn's symbolic code (`ACCESS_DENIED`, `NONEXISTENT_VERSION`, `ILLEGAL_ARGUMENT`…).
    #[serde(default)]
    pub code: Option<String>,
    /// The text for developers (a 422 lists one `ERROR :: /field :: message` line per field).
    #[serde(default)]
    pub message: Option<String>,
    /// The detail of input errors (`inputErrors[].code`: `DUPLICATE_POST`…), when given.
    #[serde(default)]
    pub error_details: Option<Value>,
}

impl LinkedInError {
    /// Reads the envelope from a body; `None` when the body is not a JSON object.
    pub fn from_body(body: &[u8]) -> Option<LinkedInError> {
        let json: Value = serde_json::from_slice(body).ok()?;
        if !json.is_object() {
            return None;
        }
        serde_json::from_value(json).ok()
    }

    /// The codes of `errorDetails.inputErrors[]`.
    pub fn input_error_codes(&self) -> Vec<&str> {
        self.error_details
            .as_ref()
            .and_then(|d| d.get("inputErrors"))
            .and_then(Value::as_array)
            .map(|errs| {
                errs.iter()
                    .filter_map(|e| e.get("code").and_then(Value::as_str))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The resource a 403 names ("Not enough permissions to access: `me.GET.NO_VERSION`"), or
    /// the kind of resource of "Accessing this document resource is forbidden".
    pub fn denied_resource(&self) -> Option<&str> {
        let message = self.message.as_deref()?;
        if let Some((_, resource)) = message.split_once("permissions to access:") {
            let resource = resource.trim().trim_end_matches('.');
            return (!resource.is_empty()).then_some(resource);
        }
        let rest = message.strip_prefix("Accessing this ")?;
        rest.split_once(" resource is forbidden")
            .map(|(kind, _)| kind.trim())
    }

    /// The field errors of a 422: each `ERROR :: /path :: message` line as (`path` without its
    /// leading `/`, message).
    pub fn field_errors(&self) -> Vec<(String, String)> {
        let Some(message) = self.message.as_deref() else {
            return Vec::new();
        };
        message
            .lines()
            .filter_map(|line| {
                let rest = line.trim().strip_prefix("ERROR ::")?;
                let (path, text) = rest.split_once("::")?;
                let path = path.trim().trim_start_matches('/');
                let field = if path.is_empty() { "body" } else { path };
                Some((field.replace('/', "."), text.trim().to_string()))
            })
            .collect()
    }

    /// The URN of the post a `DUPLICATE_POST` says the content duplicates ("… Content is a
    /// duplicate of urn:li:share:7141138937766391808").
    pub fn duplicate_of(&self) -> Option<String> {
        let message = self.message.as_deref()?;
        let start = message.find("urn:li:")?;
        let urn: String = message[start..]
            .chars()
            .take_while(|c| {
                c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '_' | '(' | ')' | ',')
            })
            .collect();
        let urn = urn.trim_end_matches([',', ')']).to_string();
        (urn.len() > "urn:li:".len()).then_some(urn)
    }
}

/// The LinkedIn dialect of the core transport: the version headers of `/rest` calls, the error
/// mapping of the [module docs](self), and the back-off of short throttles.
#[derive(Debug, Default)]
pub struct LinkedInDialect {
    version: Option<LinkedInVersion>,
    /// Short throttles in a row (reset by any other answer): the next wait doubles with each.
    throttles: AtomicU32,
}

impl LinkedInDialect {
    /// The dialect of the versioned API (`/rest`): every request carries `LinkedIn-Version:
    /// {version}` and `X-Restli-Protocol-Version: 2.0.0`.
    pub fn versioned(version: LinkedInVersion) -> Self {
        LinkedInDialect {
            version: Some(version),
            throttles: AtomicU32::new(0),
        }
    }

    /// The dialect of the unversioned hosts (`/v2/userinfo`, the OAuth endpoints): no version
    /// headers.
    pub fn unversioned() -> Self {
        LinkedInDialect::default()
    }

    /// The version the requests ask for, when versioned.
    pub fn version(&self) -> Option<&LinkedInVersion> {
        self.version.as_ref()
    }

    /// The wait before the next attempt after a short throttle: [`SHORT_THROTTLE_WAIT`],
    /// doubling with each throttle in a row up to [`MAX_SHORT_THROTTLE_WAIT`].
    fn throttle_wait(&self) -> Duration {
        let n = self.throttles.fetch_add(1, Ordering::Relaxed).min(8);
        SHORT_THROTTLE_WAIT
            .saturating_mul(1 << n)
            .min(MAX_SHORT_THROTTLE_WAIT)
    }
}

impl ApiDialect for LinkedInDialect {
    fn network(&self) -> Network {
        Network::LinkedIn
    }

    fn default_headers(&self) -> HeaderMap {
        let mut h = HeaderMap::new();
        if let Some(v) = &self.version {
            if let Ok(value) = HeaderValue::from_str(&v.to_string()) {
                h.insert(HeaderName::from_static(VERSION_HEADER), value);
            }
            h.insert(
                HeaderName::from_static(PROTOCOL_HEADER),
                HeaderValue::from_static(PROTOCOL_VERSION),
            );
        }
        h
    }

    fn inspect_response(&self, _spec: &RequestSpec, status: u16, _headers: &HeaderMap) {
        if status != 429 {
            self.throttles.store(0, Ordering::Relaxed);
        }
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        map_error(self, ctx)
    }
}

fn map_error(dialect: &LinkedInDialect, ctx: &ErrorContext<'_>) -> Error {
    let network = Network::LinkedIn;
    let body = LinkedInError::from_body(ctx.body);
    let mut api = ctx.api_error();
    if let Some(id) = ctx.header(REQUEST_ID_HEADER) {
        api = api.with_request_id(id);
    }
    let Some(body) = body else {
        return non_json(dialect, ctx, api);
    };
    let message = body.message.as_deref().map(|m| ctx.mask(m));
    if let Some(m) = &message {
        api = api.with_message(m.clone());
    }
    if let Some(code) = body.service_error_code {
        api = api.with_code(code);
    }
    if let Some(code) = &body.code {
        api = api.with_kind(code.clone());
    }
    let code = body.code.as_deref();
    let status = ctx.status;

    if status == 426 || code == Some(NONEXISTENT_VERSION) {
        return version_retired(dialect, api, message.as_deref());
    }
    match status {
        401 => {
            let (kind, why) = if body.service_error_code == Some(REVOKED_TOKEN_CODE)
                || code == Some("REVOKED_ACCESS_TOKEN")
            {
                (
                    AuthErrorKind::Invalid,
                    "the access token was revoked (by the member, or LinkedIn)",
                )
            } else if body.service_error_code == Some(INVALID_TOKEN_CODE)
                || code == Some("EXPIRED_ACCESS_TOKEN")
            {
                (
                    AuthErrorKind::Expired,
                    "the access token is expired or invalid (LinkedIn's tokens live 60 days)",
                )
            } else if message
                .as_deref()
                .is_some_and(|m| m.contains("Empty oauth2_access_token"))
            {
                (AuthErrorKind::Missing, "no access token was sent")
            } else {
                (AuthErrorKind::Unauthorized, "the credentials were refused")
            };
            Error::Auth {
                network,
                kind,
                message: format!("{why}: {}", api.message),
                api: Some(Box::new(api)),
            }
        }
        403 => {
            let resource = body.denied_resource().map(str::to_string);
            let message = match &resource {
                Some(r) => format!(
                    "not enough permissions for `{r}` ({}): the token lacks the scope, or the app the product (some are for approved partners only), or the member the role on the page",
                    api.message
                ),
                None => format!(
                    "access denied ({}): the token lacks the scope, or the app the product, or the member the role",
                    api.message
                ),
            };
            Error::Auth {
                network,
                kind: AuthErrorKind::MissingPermission { scope: None },
                message,
                api: Some(Box::new(api)),
            }
        }
        422 => {
            if code == Some(DUPLICATE_POST) || body.input_error_codes().contains(&DUPLICATE_POST) {
                let existing = body.duplicate_of();
                return Error::Duplicate {
                    network,
                    message: api.message.clone(),
                    existing,
                    api: Some(Box::new(api)),
                };
            }
            let fields = body.field_errors();
            if fields.is_empty() {
                return Error::Api(Box::new(api));
            }
            Error::InvalidInput {
                network: Some(network),
                violations: fields
                    .into_iter()
                    .map(|(field, text)| {
                        let kind = if text.contains("required") {
                            ViolationKind::Empty
                        } else if text.contains("unrecognized field") {
                            ViolationKind::Unsupported
                        } else {
                            ViolationKind::Malformed
                        };
                        Violation::new(
                            field,
                            kind,
                            format!("LinkedIn refused it (HTTP 422): {text}"),
                        )
                    })
                    .collect(),
            }
        }
        429 => rate_limited(dialect, ctx, api),
        _ => error_for_status(network, status, api, |api| rate_limited(dialect, ctx, api)),
    }
}

/// A body that is not LinkedIn's JSON (an HTML page from a proxy or an edge server): the
/// status's error, with a message saying so and the page's snippet kept.
fn non_json(dialect: &LinkedInDialect, ctx: &ErrorContext<'_>, api: ApiError) -> Error {
    let content_type = ctx.header("content-type").unwrap_or("no content type");
    let what = if ctx.body.is_empty() {
        "an empty body".to_string()
    } else {
        format!("a non-JSON page ({content_type})")
    };
    let api = api.with_message(format!(
        "HTTP {} with {what} instead of LinkedIn's JSON error; a proxy or an edge server answered, or the request lacked the LinkedIn-Version or X-Restli-Protocol-Version header (the start of the page is in the error's body snippet)",
        ctx.status
    ));
    if ctx.status == 426 {
        return version_retired(dialect, api, None);
    }
    error_for_status(Network::LinkedIn, ctx.status, api, |api| {
        rate_limited(dialect, ctx, api)
    })
}

fn version_retired(dialect: &LinkedInDialect, api: ApiError, said: Option<&str>) -> Error {
    let asked = dialect
        .version()
        .map(|v| format!("LinkedIn-Version {v}"))
        .unwrap_or_else(|| "the LinkedIn-Version sent".to_string());
    let said = said
        .map(|s| format!(" (LinkedIn said: {s})"))
        .unwrap_or_default();
    let message = format!(
        "{asked} is not served: it is retired or not released yet{said}. Set a newer version with `LinkedInClientBuilder::version(\"YYYYMM\")` (this crate's default is {}); the active versions are listed at https://learn.microsoft.com/en-us/linkedin/marketing/versioning",
        crate::version::DEFAULT_VERSION
    );
    Error::Api(Box::new(
        api.with_kind(NONEXISTENT_VERSION).with_message(message),
    ))
}

/// A 429: a spent daily quota (not retried, reset at the next midnight UTC) or a short throttle
/// (retried after a short wait that doubles while it lasts, for reads).
fn rate_limited(dialect: &LinkedInDialect, ctx: &ErrorContext<'_>, api: ApiError) -> Error {
    let bucket = ctx.endpoint.to_string();
    let daily = api.message.to_ascii_lowercase().contains("day limit");
    if daily {
        let reset = next_midnight_utc(ctx.now);
        let window = RateLimit::new(bucket.clone())
            .with_remaining(0)
            .with_reset_at(reset);
        let api = api
            .with_kind(DAILY_LIMIT_KIND)
            .with_rate_limit(Some(window.clone()))
            .with_retry_after(None);
        return Error::RateLimited {
            network: Network::LinkedIn,
            retry_after: None,
            reset_at: Some(reset),
            bucket: Some(bucket),
            rate_limit: Some(Box::new(window)),
            api: Some(Box::new(api)),
        };
    }
    let wait = ctx.retry_after.unwrap_or_else(|| dialect.throttle_wait());
    Error::RateLimited {
        network: Network::LinkedIn,
        retry_after: Some(wait),
        reset_at: ctx.now.checked_add(wait),
        bucket: Some(bucket),
        rate_limit: None,
        api: Some(Box::new(api.with_retry_after(Some(wait)))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(body: &str) -> LinkedInError {
        LinkedInError::from_body(body.as_bytes()).unwrap()
    }

    #[test]
    fn case7_field_lines_of_a_422() {
        let e = err(
            r#"{"message":"ERROR :: /commentary :: field is required but not found and has no default value\nERROR :: /content/article/source :: unrecognized field found but not allowed","status":422}"#,
        );
        assert_eq!(
            e.field_errors(),
            [
                (
                    "commentary".to_string(),
                    "field is required but not found and has no default value".to_string()
                ),
                (
                    "content.article.source".to_string(),
                    "unrecognized field found but not allowed".to_string()
                ),
            ]
        );
        assert!(err(r#"{"message":"no lines"}"#).field_errors().is_empty());
    }

    #[test]
    fn case6_the_duplicated_post_is_read_from_the_message() {
        let e = err(
            r#"{"errorDetailType":"com.linkedin.common.error.BadRequest","message":"Unable to create a new post. Content is a duplicate of urn:li:share:7141138937766391808","errorDetails":{"inputErrors":[{"description":"Duplicate post is detected","input":{},"code":"DUPLICATE_POST"}]},"status":422}"#,
        );
        assert_eq!(e.input_error_codes(), [DUPLICATE_POST]);
        assert_eq!(
            e.duplicate_of().as_deref(),
            Some("urn:li:share:7141138937766391808")
        );
        assert_eq!(err(r#"{"message":"duplicate"}"#).duplicate_of(), None);
        assert_eq!(err(r#"{"message":"of urn:li:"}"#).duplicate_of(), None);
    }

    #[test]
    fn case7_denied_resources() {
        assert_eq!(
            err(r#"{"message":"Accessing this document resource is forbidden. Please check your permissions for this resource","status":403}"#)
                .denied_resource(),
            Some("document")
        );
        assert_eq!(
            err(r#"{"message":"Not enough permissions to access: "}"#).denied_resource(),
            None
        );
        assert_eq!(err(r#"{"status":403}"#).denied_resource(), None);
        assert!(LinkedInError::from_body(b"<html>").is_none());
        assert!(LinkedInError::from_body(b"[1]").is_none());
    }

    #[test]
    fn case7_short_throttle_waits_double_and_reset() {
        let d = LinkedInDialect::unversioned();
        let waits: Vec<u64> = (0..7).map(|_| d.throttle_wait().as_secs()).collect();
        assert_eq!(waits, [2, 4, 8, 16, 32, 32, 32]);
        d.inspect_response(&RequestSpec::get("x"), 200, &HeaderMap::new());
        assert_eq!(d.throttle_wait(), SHORT_THROTTLE_WAIT);
    }
}
