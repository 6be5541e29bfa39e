//! X's wire format: JSON answers, problem bodies, the request as a handler sees it, paging
//! cursors, timestamps and multipart bodies.

use chrono::{DateTime, SecondsFormat};
use serde_json::{Map, Value, json};
use wiremock::{Request, ResponseTemplate};

use super::state::{Id, Principal};

pub(crate) use crate::multipart::multipart;

/// An answer as the handlers build it: a status and a JSON body (or, for the plain-text 429,
/// a text). The dispatcher turns it into a wiremock response and adds the rate-limit headers.
#[derive(Debug)]
pub(crate) struct Reply {
    status: u16,
    body: Value,
    text: Option<&'static str>,
}

/// The content type of X's JSON answers, errors included: recorded 200, 400, 401 and 403
/// answers of `api.x.com` all carry it (problem bodies are not `application/problem+json` on
/// the wire, whatever <https://docs.x.com/x-api/fundamentals/response-codes-and-errors> calls them).
pub(crate) const JSON: &str = "application/json; charset=utf-8";

impl Reply {
    /// The wiremock response, [`JSON`] or `text/plain`.
    pub(crate) fn into_response(self) -> ResponseTemplate {
        match self.text {
            Some(text) => ResponseTemplate::new(self.status).set_body_raw(text, "text/plain"),
            None => ResponseTemplate::new(self.status).set_body_raw(self.body.to_string(), JSON),
        }
    }
}

/// A handler's answer: `Err` carries an error reply, so `?` returns it early.
pub(crate) type Answer = Result<Reply, Reply>;

/// Problem `type`s of the docs' examples (partial errors, not found:
/// <https://docs.x.com/x-api/fundamentals/response-codes-and-errors>).
const X_PROBLEMS: &str = "https://api.x.com/2/problems/";
/// Problem `type`s of real captures (invalid request, unsupported authentication:
/// <https://github.com/plhery/node-twitter-api-v2/issues/475>).
/// Both hosts occur in the wild; clients match on the suffix.
const TWITTER_PROBLEMS: &str = "https://api.twitter.com/2/problems/";

/// A JSON answer.
pub(crate) fn ok(status: u16, body: Value) -> Reply {
    Reply {
        status,
        body,
        text: None,
    }
}

/// An error answer: a problem body, served as JSON like the others.
pub(crate) fn problem(status: u16, body: Value) -> Reply {
    ok(status, body)
}

/// `about:blank` problem: X's generic errors (`title` plus `status` and `detail`).
fn blank(status: u16, title: &str, detail: &str) -> Reply {
    problem(
        status,
        json!({ "title": title, "type": "about:blank", "status": status, "detail": detail }),
    )
}

/// 401 for a missing, unknown, expired or revoked token.
pub(crate) fn unauthorized() -> Reply {
    blank(401, "Unauthorized", "Unauthorized")
}

/// 429 once a rate-limit window is spent: the documented problem, or the `text/plain` "Rate
/// limit exceeded" of recorded answers, as [`XRateLimitBody`](super::XRateLimitBody) says.
pub(crate) fn too_many_requests(body: super::XRateLimitBody) -> Reply {
    match body {
        super::XRateLimitBody::PlainText => Reply {
            status: 429,
            body: Value::Null,
            text: Some("Rate limit exceeded\n"),
        },
        _ => blank(429, "Too Many Requests", "Too Many Requests"),
    }
}

/// 403 `about:blank` "Forbidden" with `detail`.
pub(crate) fn forbidden(detail: &str) -> Reply {
    blank(403, "Forbidden", detail)
}

/// 403 for a post whose text repeats the author's previous one (the body reported in
/// <https://github.com/akrherz/iembot/issues/163>).
pub(crate) fn duplicate() -> Reply {
    forbidden("You are not allowed to create a Tweet with duplicate content.")
}

/// 403 for an app-only token on a user-context endpoint (the body reported in
/// <https://github.com/plhery/node-twitter-api-v2/issues/475>).
pub(crate) fn unsupported_authentication() -> Reply {
    problem(
        403,
        json!({
            "title": "Unsupported Authentication",
            "detail": "Authenticating with OAuth 2.0 Application-Only is forbidden for this endpoint.  Supported authentication types are [OAuth 1.0a User Context, OAuth 2.0 User Context].",
            "type": format!("{TWITTER_PROBLEMS}unsupported-authentication"),
            "status": 403,
        }),
    )
}

/// 400 `invalid-request` with `errors: [{parameters, message}]` (<https://docs.x.com/x-api/fundamentals/response-codes-and-errors>).
pub(crate) fn invalid_param(name: &str, value: &str, message: String) -> Reply {
    invalid(json!({ "parameters": { name: [value] }, "message": message }))
}

/// 400 `invalid-request` for a bad request body: `errors: [{message}]`.
pub(crate) fn invalid_body(message: impl Into<String>) -> Reply {
    invalid(json!({ "message": message.into() }))
}

fn invalid(error: Value) -> Reply {
    invalid_errors(vec![error])
}

/// 400 `invalid-request` with several `errors` (`{parameters, message}` each).
pub(crate) fn invalid_errors(errors: Vec<Value>) -> Reply {
    problem(
        400,
        json!({
            "errors": errors,
            "title": "Invalid Request",
            "detail": "One or more parameters to your request was invalid.",
            "type": format!("{TWITTER_PROBLEMS}invalid-request"),
        }),
    )
}

/// A partial error for a missing resource, as <https://docs.x.com/x-api/fundamentals/response-codes-and-errors>
/// shows it, with the `parameter` and `value` every recorded one carries.
pub(crate) fn not_found_error(resource_type: &str, parameter: &str, id: &str) -> Value {
    json!({
        "value": id,
        "parameter": parameter,
        "resource_id": id,
        "resource_type": resource_type,
        "title": "Not Found Error",
        "detail": format!("Could not find {resource_type} with {parameter}: [{id}]."),
        "type": format!("{X_PROBLEMS}resource-not-found"),
    })
}

/// A read of a missing resource: X answers `200` with only `errors` (no `data`), as
/// <https://docs.x.com/x-api/fundamentals/response-codes-and-errors> shows for lookups.
pub(crate) fn missing(resource_type: &str, parameter: &str, id: &str) -> Reply {
    ok(
        200,
        json!({ "errors": [not_found_error(resource_type, parameter, id)] }),
    )
}

/// 404 `resource-not-found` for a write on a missing resource (the fake's choice: X's answer
/// for those is not documented).
pub(crate) fn not_found(resource_type: &str, parameter: &str, id: &str) -> Reply {
    let mut body = not_found_error(resource_type, parameter, id);
    body["status"] = json!(404);
    problem(404, body)
}

/// An RFC 3339 timestamp as X writes it: `2020-02-14T19:00:55.000Z`.
pub(crate) fn timestamp(unix_seconds: i64) -> String {
    DateTime::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// An opaque paging token for `position` (an offset or the last id served).
pub(crate) fn cursor(position: u64) -> String {
    format!("nt{position:x}")
}

/// The request as a handler sees it: path parameters, query, caller.
pub(crate) struct Call<'r> {
    pub(crate) request: &'r Request,
    pub(crate) params: Vec<&'r str>,
    pub(crate) caller: Option<Principal>,
}

impl Call<'_> {
    /// Path parameter `index` (already validated by the dispatcher).
    pub(crate) fn param(&self, index: usize) -> &str {
        self.params.get(index).copied().unwrap_or_default()
    }

    /// Path parameter `index` as an id.
    pub(crate) fn id(&self, index: usize) -> Id {
        self.param(index).parse().unwrap_or_default()
    }

    /// The calling user; 0 for the app (only user-context routes rely on it).
    pub(crate) fn me(&self) -> Id {
        match self.caller {
            Some(Principal::User(id)) => id,
            _ => 0,
        }
    }

    /// Path parameter `index` when it is the caller, else 403: one acts only as oneself.
    pub(crate) fn acting_as(&self, index: usize) -> Result<Id, Reply> {
        let id = self.id(index);
        if self.caller == Some(Principal::User(id)) {
            Ok(id)
        } else {
            Err(forbidden("You are not permitted to perform this action."))
        }
    }

    /// The (last) value of query parameter `name`.
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        self.request
            .url
            .query_pairs()
            .filter(|(key, _)| key == name)
            .map(|(_, value)| value.into_owned())
            .last()
    }

    /// The comma-separated values of query parameter `name`.
    pub(crate) fn list(&self, name: &str) -> Vec<String> {
        self.query(name)
            .map(|list| {
                list.split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(String::from)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Whether the comma-separated query parameter `name` holds `value`.
    pub(crate) fn has(&self, name: &str, value: &str) -> bool {
        self.list(name).iter().any(|v| v == value)
    }

    /// `max_results` within `min..=max` (else the 400 `invalid-request` that names it), `default`
    /// when absent.
    pub(crate) fn max_results(
        &self,
        (min, max, default): (usize, usize, usize),
    ) -> Result<usize, Reply> {
        let Some(raw) = self.query("max_results") else {
            return Ok(default);
        };
        match raw.parse() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(invalid_param(
                "max_results",
                &raw,
                format!(
                    "The `max_results` query parameter value [{raw}] is not between {min} and {max}"
                ),
            )),
        }
    }

    /// Query parameter `name` as an id, if present.
    pub(crate) fn id_query(&self, name: &str) -> Result<Option<Id>, Reply> {
        self.query(name).map(|raw| parse_id(name, &raw)).transpose()
    }

    /// Query parameter `name` as an RFC 3339 timestamp (Unix seconds), if present.
    pub(crate) fn time_query(&self, name: &str) -> Result<Option<i64>, Reply> {
        self.query(name)
            .map(|raw| {
                DateTime::parse_from_rfc3339(&raw)
                    .map(|time| time.timestamp())
                    .map_err(|_| {
                        invalid_param(
                            name,
                            &raw,
                            format!(
                                "Invalid '{name}':'{raw}'. '{name}' must be a valid RFC 3339 timestamp (YYYY-MM-DDTHH:mm:ssZ)"
                            ),
                        )
                    })
            })
            .transpose()
    }

    /// The paging token in query parameter `name`, decoded, if present.
    pub(crate) fn cursor(&self, name: &str) -> Result<Option<u64>, Reply> {
        self.query(name)
            .map(|raw| {
                raw.strip_prefix("nt")
                    .and_then(|hex| u64::from_str_radix(hex, 16).ok())
                    .ok_or_else(|| {
                        invalid_param(
                            name,
                            &raw,
                            format!("The `{name}` query parameter value [{raw}] is not valid"),
                        )
                    })
            })
            .transpose()
    }

    /// The slice of a `total`-item list that `max_results` (in `range`) and
    /// `pagination_token` select, with its `meta` (`result_count`, `next_token`,
    /// `previous_token`). Tokens are offsets.
    pub(crate) fn offset_page(
        &self,
        total: usize,
        range: (usize, usize, usize),
    ) -> Result<(std::ops::Range<usize>, Value), Reply> {
        let max = self.max_results(range)?;
        let start = self.cursor("pagination_token")?.unwrap_or(0);
        let start = usize::try_from(start).unwrap_or(usize::MAX).min(total);
        let end = (start + max).min(total);
        let mut meta = json!({ "result_count": end - start });
        if end < total {
            meta["next_token"] = json!(cursor(end as u64));
        }
        if start > 0 {
            meta["previous_token"] = json!(cursor(start.saturating_sub(max) as u64));
        }
        Ok((start..end, meta))
    }

    /// The values of comma-separated query parameter `name` (`ids` or `usernames`): 1 to 100,
    /// each an id when `name` is `ids`.
    pub(crate) fn ids(&self, name: &str) -> Result<Vec<String>, Reply> {
        let ids = self.list(name);
        if ids.is_empty() || ids.len() > 100 {
            let raw = self.query(name).unwrap_or_default();
            return Err(invalid_param(
                name,
                &raw,
                format!("The `{name}` query parameter must hold between 1 and 100 values"),
            ));
        }
        if name == "ids" {
            for id in &ids {
                parse_id(name, id)?;
            }
        }
        Ok(ids)
    }

    /// The body as a JSON object, else 400.
    pub(crate) fn json(&self) -> Result<Map<String, Value>, Reply> {
        match serde_json::from_slice(&self.request.body) {
            Ok(Value::Object(body)) => Ok(body),
            _ => Err(invalid_body("The request body is not a valid JSON object.")),
        }
    }

    /// The body's string field `name` holding an id, else 400.
    pub(crate) fn json_id(&self, body: &Map<String, Value>, name: &str) -> Result<Id, Reply> {
        let raw = body.get(name).and_then(Value::as_str).unwrap_or_default();
        parse_id(name, raw).map_err(|_| {
            invalid_body(format!(
                "$.{name}: a string matching ^[0-9]{{1,19}}$ is required"
            ))
        })
    }

    /// The body as `application/x-www-form-urlencoded` pairs.
    pub(crate) fn form(&self) -> Vec<(String, String)> {
        url::form_urlencoded::parse(&self.request.body)
            .into_owned()
            .collect()
    }

    /// A request header as text.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.request.headers.get(name)?.to_str().ok()
    }
}

/// `raw` as an id (`^[0-9]{1,19}$`), else the 400 X sends for query parameter `name`.
pub(crate) fn parse_id(name: &str, raw: &str) -> Result<Id, Reply> {
    match raw.parse() {
        Ok(id) if raw.len() <= 19 && raw.bytes().all(|b| b.is_ascii_digit()) => Ok(id),
        _ => Err(invalid_param(
            name,
            raw,
            format!("The `{name}` query parameter value [{raw}] does not match ^[0-9]{{1,19}}$"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_and_cursors() {
        assert_eq!(timestamp(1_581_706_855), "2020-02-14T19:00:55.000Z");
        assert_eq!(cursor(255), "ntff");
    }
}
