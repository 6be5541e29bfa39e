//! How X answers: rate-limit headers and problem+json errors (and the partial problems of a 2xx
//! answer, through [`XResponse::into_data`]), mapped onto `social_core::Error`.

use std::time::SystemTime;

use http::{HeaderMap, Method};
use social_core::http::{
    ApiDialect, ErrorContext, RequestSpec, default_error, default_route, parse_limit_headers,
    rate_limited,
};
use social_core::{ApiError, AuthErrorKind, Error, Network, RateLimit, Result};

use crate::models::{Problem, XResponse};

/// The X dialect of the core transport.
///
/// - Rate limits: `x-rate-limit-*` (15-minute window per endpoint) plus the 24-hour
///   `x-user-limit-24hour-*` and `x-app-limit-24hour-*` windows of some writes, each remembered
///   in its own bucket, so an exhausted window refuses the next call without sending it.
/// - Errors: RFC 7807 problems matched on the type's last path segment (X uses both the
///   `api.x.com` and `api.twitter.com` hosts in type URIs), the v1.1 `{"errors":[{"code":…}]}`
///   shape (<https://docs.x.com/x-api/fundamentals/response-codes-and-errors>), and the
///   duplicate-content 403 that has no specific type (`about:blank` with "You are not allowed to
///   create a Tweet with duplicate content.", <https://github.com/akrherz/iembot/issues/163>).
/// - `usage-capped` (the project's monthly cap on Posts, or a daily cap when its `period` says
///   `Daily`: `UsageCapExceededProblem` in X's OpenAPI, as in
///   xdevplatform/twitter-api-typescript-sdk `src/gen/openapi-types.ts`) is
///   [`Error::UsageCapped`], never retried: it lifts with the next period, not within minutes.
/// - Raw calls are named like the typed endpoints (ids as `:id`, the name in
///   `users/by/username/…` as `:username`), so they share their rate-limit buckets.
#[derive(Debug, Clone, Copy, Default)]
pub struct XDialect;

/// The buckets of one endpoint: its 15-minute window, and the user and app 24-hour windows.
fn bucket_names(endpoint: &str) -> [String; 3] {
    [
        endpoint.to_string(),
        format!("24h-user:{endpoint}"),
        format!("24h-app:{endpoint}"),
    ]
}

impl ApiDialect for XDialect {
    fn network(&self) -> Network {
        Network::X
    }

    fn buckets(&self, spec: &RequestSpec) -> Vec<String> {
        bucket_names(&spec.endpoint_name()).into()
    }

    fn route(&self, method: &Method, segments: &[&str]) -> String {
        let named: Vec<&str> = segments
            .iter()
            .enumerate()
            .map(|(i, s)| {
                if i > 0 && segments[i - 1] == "username" {
                    ":username"
                } else {
                    s
                }
            })
            .collect();
        default_route(method, &named)
    }

    fn rate_limits(
        &self,
        spec: &RequestSpec,
        headers: &HeaderMap,
        _now: SystemTime,
    ) -> Vec<RateLimit> {
        let [window, user, app] = bucket_names(&spec.endpoint_name());
        [
            parse_limit_headers(headers, "x-rate-limit", &window),
            parse_limit_headers(headers, "x-user-limit-24hour", &user),
            parse_limit_headers(headers, "x-app-limit-24hour", &app),
        ]
        .into_iter()
        .flatten()
        .collect()
    }

    fn map_error(&self, ctx: &ErrorContext<'_>) -> Error {
        map_error(ctx)
    }
}

fn map_error(ctx: &ErrorContext<'_>) -> Error {
    let Some(json) = ctx.json() else {
        // Not JSON (an HTML 5xx page…): status and snippet only.
        return default_error(ctx);
    };
    let problem: Problem = serde_json::from_value(json.clone()).unwrap_or_default();
    let legacy: Option<Problem> = json
        .get("errors")
        .and_then(|e| e.get(0))
        .and_then(|e| serde_json::from_value(e.clone()).ok());
    let detail = problem
        .detail
        .clone()
        .or_else(|| problem.title.clone())
        .or_else(|| legacy.as_ref().and_then(|l| l.message.clone()))
        .unwrap_or_default();
    // Parameter errors carry the useful text in `errors[].message`.
    let parameter_messages: Vec<String> = json
        .get("errors")
        .and_then(|e| e.as_array())
        .map(|errs| {
            errs.iter()
                .filter_map(|e| e.get("message").and_then(|m| m.as_str()))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let mut message = ctx.mask(&detail);
    if !parameter_messages.is_empty() && problem.type_suffix() == Some("invalid-request") {
        message = format!("{message}: {}", ctx.mask(&parameter_messages.join("; ")));
    }
    let mut api = ctx.api_error().with_message(message.clone());
    if let Some(kind) = &problem.kind {
        api = api.with_kind(kind.clone());
    }
    let legacy_code = legacy.as_ref().and_then(|l| l.code);
    if let Some(code) = legacy_code {
        api = api.with_code(code);
    }
    let boxed = || Some(Box::new(api.clone()));
    let network = Network::X;
    match (problem.type_suffix(), ctx.status, legacy_code) {
        (Some("usage-capped"), _, _) => Error::UsageCapped {
            network,
            period: json
                .get("period")
                .and_then(|p| p.as_str())
                .map(str::to_ascii_lowercase)
                .filter(|p| p == "daily" || p == "monthly")
                .unwrap_or_else(|| "monthly".to_string()),
            message,
            api: boxed(),
        },
        (Some("rate-limit-exceeded"), _, _) | (_, 429, _) | (_, _, Some(88)) => {
            rate_limited(ctx, api)
        }
        (Some("unsupported-authentication"), _, _) => Error::Auth {
            network,
            kind: AuthErrorKind::WrongAuthMode {
                needed: needed_auth(&detail),
            },
            message,
            api: boxed(),
        },
        // The app's access level: the `client-forbidden` problem, or the v1.1-style code 453
        // ("You currently have access to a subset of X API V2 endpoints").
        (Some("client-forbidden"), _, _) | (_, 403, Some(453)) => Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission {
                scope: Some(
                    json.get("required_enrollment")
                        .and_then(|v| v.as_str())
                        .unwrap_or("a higher API access level")
                        .to_string(),
                ),
            },
            message,
            api: boxed(),
        },
        // An OAuth 1.0a app set to "Read" only: a permission of the app, granted again by
        // signing in once it is "Read and write".
        (Some("oauth1-permissions"), _, _) => Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission {
                scope: Some(
                    "\"Read and write\" (the app's permission in the developer portal)".into(),
                ),
            },
            message,
            api: boxed(),
        },
        (Some(kind), _, _) if NOT_VISIBLE.contains(&kind) => {
            refused(api, &message, NOT_VISIBLE_WHY)
        }
        (Some("resource-not-found"), _, _) | (_, 404, _) => Error::NotFound {
            network,
            message,
            api: boxed(),
        },
        (_, 403, _) | (_, _, Some(187)) if is_duplicate(&detail) || legacy_code == Some(187) => {
            Error::Duplicate {
                network,
                message,
                existing: None,
                api: boxed(),
            }
        }
        (_, 401, _) => Error::Auth {
            network,
            kind: AuthErrorKind::Unauthorized,
            message,
            api: boxed(),
        },
        (_, 403, _) => refused(api, &message, REFUSED_WHY),
        _ => Error::Api(Box::new(api)),
    }
}

/// Problem types for content this account may not see or act on: "No access to
/// private/protected content" (<https://docs.x.com/x-api/fundamentals/response-codes-and-errors>).
const NOT_VISIBLE: [&str; 3] = [
    "not-authorized-for-resource",
    "not-authorized-for-field",
    "field-unauthorized",
];
const NOT_VISIBLE_WHY: &str = "X does not let this account see or act on this object (protected or private content, or a field only its author may read); signing in again will not change it";
const REFUSED_WHY: &str = "X accepted the credentials but refused this action for this account (a reply restriction, a protected account, or an account that blocks this one); signing in again will not change it";

/// A 403 (or a problem) that refuses the action, not the credentials.
///
/// X answers 403 for many reasons that have nothing to do with the token (a reply that the
/// conversation's settings restrict, a protected or blocking account, content the account may
/// not see), so only `client-forbidden`, `oauth1-permissions` and `unsupported-authentication`
/// are [`Error::Auth`]: "sign in again" would be wrong advice for the others. They are
/// [`Error::Api`] with X's type and detail, and a message that says what X's refusal means.
/// A bare `Forbidden` without detail is also what X answers when an OAuth 2.0 token lacks a
/// scope, so that message names this possibility.
fn refused(api: ApiError, detail: &str, why: &str) -> Error {
    let said = detail.trim().trim_end_matches('.');
    let message = if said.is_empty() || said.eq_ignore_ascii_case("forbidden") {
        "X refused the request without a reason (403 Forbidden); the credentials were accepted. X answers this way when an OAuth 2.0 token lacks a scope the endpoint needs (authorise the app again with that scope), and when this account may not act on the object".to_string()
    } else {
        format!("{said} ({why})")
    };
    Error::Api(Box::new(api.with_message(message)))
}

impl<T> XResponse<T> {
    /// The object asked for, or the error X gave instead of it.
    ///
    /// X answers a lookup of a missing or hidden object with a 200 that has no `data` and a
    /// problem in `errors`: that problem becomes the error (`resource-not-found` is
    /// [`Error::NotFound`], content this account may not see an [`Error::Api`] that says so).
    /// An answer with neither is [`Error::Protocol`]. When `data` is there, partial `errors`
    /// are dropped: read the fields instead to keep them. For a page of a list, where an empty
    /// page has no `data` either, use `data.unwrap_or_default()`.
    ///
    /// ```
    /// use social_core::Error;
    /// use social_twitter::models::{Tweet, XResponse};
    ///
    /// let missing = r#"{"errors":[{"value":"1","detail":"Could not find tweet with id: [1].",
    ///   "title":"Not Found Error","resource_type":"tweet","parameter":"id","resource_id":"1",
    ///   "type":"https://api.x.com/2/problems/resource-not-found"}]}"#;
    /// let resp: XResponse<Tweet> = serde_json::from_str(missing).unwrap();
    /// assert!(matches!(resp.into_data(), Err(Error::NotFound { .. })));
    ///
    /// let found: XResponse<Tweet> = serde_json::from_str(r#"{"data":{"id":"1","text":"hi"}}"#).unwrap();
    /// assert_eq!(found.into_data().unwrap().text, "hi");
    /// ```
    pub fn into_data(self) -> Result<T> {
        match (self.data, self.errors.first()) {
            (Some(data), _) => Ok(data),
            (None, Some(problem)) => Err(partial_error(problem)),
            (None, None) => Err(Error::Protocol {
                network: Network::X,
                message: "the answer had neither `data` nor `errors`".into(),
            }),
        }
    }
}

/// The error a partial problem stands for when a 2xx answer has it instead of `data` (see
/// [`XResponse::into_data`]): `resource-not-found` is
/// [`Error::NotFound`], content this account may not see is refused as a 403 is, and anything
/// else is [`Error::Api`] with X's type and detail.
pub(crate) fn partial_error(problem: &Problem) -> Error {
    let detail = problem
        .detail
        .clone()
        .or_else(|| problem.title.clone())
        .or_else(|| problem.message.clone())
        .unwrap_or_else(|| "X sent an error without a detail".into());
    let mut api = ApiError::new(Network::X, problem.status.unwrap_or(200)).with_message(&detail);
    if let Some(kind) = &problem.kind {
        api = api.with_kind(kind.clone());
    }
    if let Some(code) = problem.code {
        api = api.with_code(code);
    }
    match problem.type_suffix() {
        Some("resource-not-found") => Error::NotFound {
            network: Network::X,
            message: detail,
            api: Some(Box::new(api)),
        },
        Some(kind) if NOT_VISIBLE.contains(&kind) => refused(api, &detail, NOT_VISIBLE_WHY),
        _ => Error::Api(Box::new(api)),
    }
}

fn is_duplicate(detail: &str) -> bool {
    let d = detail.to_ascii_lowercase();
    d.contains("duplicate content") || d.contains("status is a duplicate")
}

/// The auth kinds an `unsupported-authentication` problem lists ("Supported authentication
/// types are [OAuth 1.0a User Context, OAuth 2.0 User Context]"), or a generic phrase.
fn needed_auth(detail: &str) -> String {
    detail
        .split_once("types are [")
        .and_then(|(_, rest)| rest.split_once(']'))
        .map(|(kinds, _)| kinds.to_string())
        .unwrap_or_else(|| "user context (OAuth 2.0 user token or OAuth 1.0a)".to_string())
}
