//! How X answers: rate-limit headers and problem+json errors, mapped onto `social_core::Error`.

use std::time::SystemTime;

use http::{HeaderMap, Method};
use social_core::http::{
    ApiDialect, ErrorContext, RequestSpec, default_error, default_route, parse_limit_headers,
    rate_limited,
};
use social_core::{AuthErrorKind, Error, Network, RateLimit};

use crate::models::Problem;

/// The X dialect of the core transport.
///
/// - Rate limits: `x-rate-limit-*` (15-minute window per endpoint) plus the 24-hour
///   `x-user-limit-24hour-*` and `x-app-limit-24hour-*` windows of some writes, each remembered
///   in its own bucket, so an exhausted window refuses the next call without sending it.
/// - Errors: RFC 7807 problems matched on the type's last path segment (X uses both the
///   `api.x.com` and `api.twitter.com` hosts in type URIs), the v1.1 `{"errors":[{"code":…}]}`
///   shape, and the duplicate-content 403 that has no specific type (twitter.md §3.2).
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
        (Some("client-forbidden"), _, _) => Error::Auth {
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
        (Some("not-authorized-for-resource" | "not-authorized-for-field"), _, _) => Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission { scope: None },
            message,
            api: boxed(),
        },
        (Some("resource-not-found"), _, _) | (_, 404, _) => Error::NotFound {
            network,
            message,
            api: boxed(),
        },
        (_, 403, _) | (_, _, Some(187)) if is_duplicate(&detail) || legacy_code == Some(187) => {
            Error::Duplicate {
                network,
                message,
                api: boxed(),
            }
        }
        (_, 401, _) => Error::Auth {
            network,
            kind: AuthErrorKind::Unauthorized,
            message,
            api: boxed(),
        },
        (_, 403, _) => Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission { scope: None },
            message,
            api: boxed(),
        },
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
