//! LinkedIn's wire format: the request as a handler sees it (after query tunnelling), JSON
//! answers, and the error bodies LinkedIn sends.
//!
//! The error envelope is the one of the "Error Handling" page
//! (<https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/error-handling>):
//! `message`, `serviceErrorCode` and `status`, plus the `code` LinkedIn adds to most errors.
//! Which fields each error carries follows the bodies integrators captured from the real API
//! (cited at each builder); a body whose exact wording we could not find published says so.

use serde_json::{Value, json};
use wiremock::{Request, ResponseTemplate};

/// What an answer carries.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Body {
    /// No body at all (`201` of a create, `204`).
    Empty,
    /// A JSON document, sent as `application/json`.
    Json(Value),
    /// Text of another type (the authorization page's error).
    Text(&'static str, String),
}

/// An answer as the handlers build it: a status, a body and extra headers.
#[derive(Debug, Clone)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Body,
    pub(crate) headers: Vec<(String, String)>,
}

/// A handler's answer: `Err` carries an error reply, so `?` returns it early.
pub(crate) type Answer = Result<Reply, Reply>;

impl Reply {
    /// A JSON answer.
    pub(crate) fn json(status: u16, body: Value) -> Self {
        Reply {
            status,
            body: Body::Json(body),
            headers: Vec::new(),
        }
    }

    /// A bodiless answer.
    pub(crate) fn empty(status: u16) -> Self {
        Reply {
            status,
            body: Body::Empty,
            headers: Vec::new(),
        }
    }

    /// Adds a response header.
    pub(crate) fn with_header(mut self, name: &str, value: impl Into<String>) -> Self {
        self.headers.push((name.to_owned(), value.into()));
        self
    }

    /// The JSON body, if any (for the tests of this module).
    #[cfg(test)]
    pub(crate) fn value(&self) -> Option<&Value> {
        match &self.body {
            Body::Json(value) => Some(value),
            _ => None,
        }
    }

    /// The wiremock response. Header values that cannot be sent (control characters) are
    /// dropped rather than panicking.
    pub(crate) fn into_response(self) -> ResponseTemplate {
        let mut response = ResponseTemplate::new(self.status);
        response = match self.body {
            Body::Empty => response,
            Body::Json(value) => response.set_body_raw(value.to_string(), "application/json"),
            Body::Text(content_type, text) => response.set_body_raw(text, content_type),
        };
        for (name, value) in self.headers {
            if value
                .bytes()
                .all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
            {
                response = response.append_header(name.as_str(), value.as_str());
            }
        }
        response
    }
}

/// The error envelope: `status`, then `serviceErrorCode` and `code` when LinkedIn sends them,
/// and `message`.
pub(crate) fn error(
    status: u16,
    service_code: Option<i64>,
    code: Option<&str>,
    message: &str,
) -> Reply {
    let mut body = json!({ "status": status, "message": message });
    if let Some(service_code) = service_code {
        body["serviceErrorCode"] = json!(service_code);
    }
    if let Some(code) = code {
        body["code"] = json!(code);
    }
    Reply::json(status, body)
}

/// 400 `ILLEGAL_ARGUMENT` with `message`, the code of LinkedIn's request-shape errors
/// (linkedin-developers/linkedin-api-python-client issue #31).
pub(crate) fn illegal_argument(message: &str) -> Reply {
    error(400, None, Some("ILLEGAL_ARGUMENT"), message)
}

/// 400: a body that is not a JSON object, with the message integrators quote.
pub(crate) fn not_a_data_map() -> Reply {
    illegal_argument("Request body could not be converted to data map")
}

/// 400: no resource method for this request (a finder without `q`, an unknown finder, an
/// `X-RestLi-Method` that does not fit), as linkedin-api-python-client issue #31 quotes it.
pub(crate) fn method_unresolved() -> Reply {
    illegal_argument("Resource method could not be resolved from request parameters.")
}

/// 400: a query parameter the method does not take. The message is the one LinkedIn sent in
/// MicrosoftDocs/feedback issue #2940; the code is LinkedIn's code for request-shape errors.
pub(crate) fn invalid_query() -> Reply {
    illegal_argument("Invalid query parameters passed to request")
}

/// 422: schema violations, one `ERROR :: /path :: problem` line each, in the body integrators
/// captured (`{"message":"ERROR :: /author :: field is required but not found and has no
/// default value\n…","status":422}`; the n8n community thread on post creation).
pub(crate) fn validation(lines: &[String]) -> Reply {
    let message: String = lines.iter().map(|line| format!("{line}\n")).collect();
    Reply::json(422, json!({ "message": message, "status": 422 }))
}

/// 403 `ACCESS_DENIED`, naming the resource, method and version as LinkedIn does
/// (`Not enough permissions to access: partnerApiPostsExternal.GET.20260401`;
/// `me.GET.NO_VERSION` on the unversioned API).
pub(crate) fn access_denied(resource: &str) -> Reply {
    error(
        403,
        Some(100),
        Some("ACCESS_DENIED"),
        &format!("Not enough permissions to access: {resource}"),
    )
}

/// 404 for a missing entity. LinkedIn publishes no body for it; this one has the envelope's
/// two documented fields.
pub(crate) fn not_found() -> Reply {
    error(404, None, None, "Not Found")
}

/// 404 for a path no resource answers.
pub(crate) fn no_resource() -> Reply {
    error(404, None, None, "No virtual resource found")
}

/// 405 for a method the resource does not support.
pub(crate) fn method_not_allowed(method: &str) -> Reply {
    error(
        405,
        None,
        None,
        &format!("Method {method} is not supported by this resource"),
    )
}

// ----- tokens -------------------------------------------------------------------------------

/// 401 without any token: the sample body of the "Error Handling" page.
pub(crate) fn empty_token() -> Reply {
    error(401, Some(401), None, "Empty oauth2_access_token")
}

/// 401 for an unknown token (`{"serviceErrorCode":65600,"message":"Invalid access
/// token","status":401}`, as xcarpentier/react-native-linkedin issue #80 shows it).
pub(crate) fn invalid_token() -> Reply {
    error(401, Some(65_600), None, "Invalid access token")
}

/// 401 for a revoked token (decioferreira/omniauth-linkedin-oauth2 issue #81).
pub(crate) fn revoked_token() -> Reply {
    error(
        401,
        Some(65_601),
        Some("REVOKED_ACCESS_TOKEN"),
        "The token used in the request has been revoked by the user",
    )
}

/// 401 for an expired token: the code `EXPIRED_ACCESS_TOKEN` integrators match on, with the
/// service code of the token family (65601; not confirmed by a published capture).
pub(crate) fn expired_token() -> Reply {
    error(
        401,
        Some(65_601),
        Some("EXPIRED_ACCESS_TOKEN"),
        "The token used in the request has expired",
    )
}

// ----- versions -----------------------------------------------------------------------------

/// 400 for a `/rest` call without `LinkedIn-Version`. The versioning page
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/versioning>) says the header is
/// required but publishes no body; this one is the envelope with the code `VERSION_MISSING`
/// (our wording: match on the status and the code, not on the message).
pub(crate) fn version_missing() -> Reply {
    error(
        400,
        None,
        Some("VERSION_MISSING"),
        "A version must be present. Please specify a version by adding the LinkedIn-Version header.",
    )
}

/// 426 `NONEXISTENT_VERSION` for a retired (or unknown) version, the body of the many
/// integrator reports (n8n-io/n8n issue #14737, PipedreamHQ/pipedream issue #18398): the
/// version is written `YYYYMMDD`, so header `202409` reads `20240901`.
pub(crate) fn nonexistent_version(internal: &str) -> Reply {
    error(
        426,
        None,
        Some("NONEXISTENT_VERSION"),
        &format!("Requested version {internal} is not active"),
    )
}

/// 400 for a `/rest` call without `X-Restli-Protocol-Version: 2.0.0`, which every versioned
/// API requires ("All APIs require the request header X-Restli-Protocol-Version: 2.0.0",
/// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>).
/// LinkedIn would fall back to protocol 1.0 and fail on the 2.0 syntax; the fake refuses up
/// front, with our wording.
pub(crate) fn protocol_required() -> Reply {
    illegal_argument("This API requires the request header X-Restli-Protocol-Version: 2.0.0")
}

/// The version as LinkedIn writes it in messages: `YYYYMM` → `YYYYMM01`, `YYYYMM.RR` →
/// `YYYYMMRR`; `None` for anything else.
pub(crate) fn internal_version(header: &str) -> Option<String> {
    let (month, release) = match header.split_once('.') {
        Some((month, release)) => (month, release),
        None => (header, "01"),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let valid_month = digits(month, 6)
        && matches!(
            &month[4..],
            "01" | "02" | "03" | "04" | "05" | "06" | "07" | "08" | "09" | "10" | "11" | "12"
        );
    (valid_month && digits(release, 2)).then(|| format!("{month}{release}"))
}

// ----- limits and duplicates ----------------------------------------------------------------

/// 429 for a spent daily quota, the body integrators captured (`Resource level throttle
/// APPLICATION DAY limit for calls to this resource is reached.`). LinkedIn sends no reset or
/// `Retry-After` header ("Rate Limits",
/// <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/rate-limits>): the
/// quota resets at midnight UTC.
pub(crate) fn day_limit(scope: &str) -> Reply {
    error(
        429,
        Some(101),
        Some("TOO_MANY_REQUESTS"),
        &format!(
            "Resource level throttle {scope} DAY limit for calls to this resource is reached."
        ),
    )
}

/// 422 `DUPLICATE_POST` naming the existing post, the body of Arisamiga/Linkedin-RSS issue #5.
pub(crate) fn duplicate_post(existing: &str) -> Reply {
    Reply::json(
        422,
        json!({
            "errorDetailType": "com.linkedin.common.error.BadRequest",
            "message": format!("com.linkedin.content.common.exception.BadRequestResponseException: Content is a duplicate of {existing}"),
            "errorDetails": {
                "inputErrors": [{
                    "description": "Duplicate post is detected",
                    "input": {},
                    "code": "DUPLICATE_POST",
                }],
            },
            "status": 422,
        }),
    )
}

// ----- OAuth --------------------------------------------------------------------------------

/// An OAuth 2.0 error body (`{"error","error_description"}`,
/// <https://www.rfc-editor.org/rfc/rfc6749#section-5.2>), which LinkedIn's
/// token endpoints send.
pub(crate) fn oauth_error(status: u16, error: &str, description: &str) -> Reply {
    Reply::json(
        status,
        json!({ "error": error, "error_description": description }),
    )
}

/// 400 `invalid_request` for a missing form parameter.
pub(crate) fn missing_parameter(name: &str) -> Reply {
    oauth_error(
        400,
        "invalid_request",
        &format!("A required parameter \"{name}\" is missing"),
    )
}

/// 401 `invalid_client`: an unknown `client_id` or a wrong `client_secret`.
pub(crate) fn invalid_client() -> Reply {
    oauth_error(401, "invalid_client", "Client authentication failed")
}

// ----- the request --------------------------------------------------------------------------

/// The request as a handler sees it: below the fake's prefix, with a tunnelled query
/// (`POST` + `X-HTTP-Method-Override: GET` + a form body) turned back into a `GET`.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    /// The effective method (`GET` for a tunnelled query).
    pub(crate) method: String,
    /// The path segments, still percent-encoded as sent.
    pub(crate) segments: Vec<String>,
    /// The query pairs, percent-decoded.
    pub(crate) query: Vec<(String, String)>,
    /// The body (empty for a tunnelled query).
    pub(crate) body: Vec<u8>,
    headers: wiremock::http::HeaderMap,
    /// The fake's mount prefix (`/linkedin` in the sandbox), for links.
    pub(crate) prefix: String,
    /// The scheme, host and port the request came to (`http://127.0.0.1:4242`), for the
    /// absolute upload URLs the fake hands out.
    pub(crate) origin: String,
}

impl Call {
    /// The call of `request`, whose path is already below the fake's prefix.
    pub(crate) fn from_request(request: &Request, prefix: &str) -> Call {
        let mut method = request.method.as_str().to_ascii_uppercase();
        let mut raw_query = request.url.query().unwrap_or_default().to_owned();
        let mut body = request.body.clone();
        let header = |name: &str| {
            request
                .headers
                .get(name)
                .and_then(|value| value.to_str().ok())
                .map(str::trim)
        };
        let form = header("content-type")
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if method == "POST"
            && header("x-http-method-override").is_some_and(|m| m.eq_ignore_ascii_case("GET"))
            && form
        {
            // Query tunnelling: the query travels as the form body
            // (linkedin-developers/linkedin-api-python-client,
            // linkedin_api/clients/restli/utils/query_tunneling.py).
            method = "GET".to_owned();
            raw_query = String::from_utf8_lossy(&body).into_owned();
            body = Vec::new();
        }
        let query = url::form_urlencoded::parse(raw_query.as_bytes())
            .into_owned()
            .collect();
        let segments = request
            .url
            .path()
            .split('/')
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect();
        Call {
            method,
            segments,
            query,
            body,
            headers: request.headers.clone(),
            prefix: prefix.to_owned(),
            // The host the client connected to, as it wrote it (`127.0.0.1:4242`), so an
            // upload URL goes back where the client already sends.
            origin: header("host").map_or_else(
                || request.url.origin().ascii_serialization(),
                |host| format!("{}://{host}", request.url.scheme()),
            ),
        }
    }

    /// A request header as text (trimmed).
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::trim)
    }

    /// The (last) value of query parameter `name`.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    /// The path below the prefix, as sent.
    pub(crate) fn path(&self) -> String {
        format!("/{}", self.segments.join("/"))
    }

    /// The form pairs of an `application/x-www-form-urlencoded` body (none for another type).
    pub(crate) fn form(&self) -> Vec<(String, String)> {
        let form = self
            .header("content-type")
            .is_some_and(|ct| ct.starts_with("application/x-www-form-urlencoded"));
        if form {
            url::form_urlencoded::parse(&self.body)
                .into_owned()
                .collect()
        } else {
            Vec::new()
        }
    }
}

/// The value of form field `name`, if present and not empty.
pub(crate) fn field<'f>(form: &'f [(String, String)], name: &str) -> Option<&'f str> {
    form.iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
        .filter(|value| !value.is_empty())
}

/// Percent-decodes a path segment; `None` if an escape is malformed or the bytes are not
/// UTF-8.
pub(crate) fn percent_decode(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = raw.get(i + 1..i + 3)?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Percent-encodes `text` for a query value or a path key, leaving only
/// `A-Z a-z 0-9 - . _ ~` as is (Rest.li 2.0's encoding of a string,
/// <https://learn.microsoft.com/en-us/linkedin/shared/api-guide/concepts/protocol-version>).
pub(crate) fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_read_as_linkedin_writes_them() {
        assert_eq!(internal_version("202409").as_deref(), Some("20240901"));
        assert_eq!(internal_version("202603.02").as_deref(), Some("20260302"));
        assert_eq!(internal_version("202613"), None);
        assert_eq!(internal_version("20240901"), None);
        assert_eq!(internal_version("2024-09"), None);
        assert_eq!(internal_version("202409.1"), None);
        assert_eq!(internal_version(""), None);
    }

    #[test]
    fn path_keys_round_trip_through_percent_encoding() {
        let urn = "urn:li:share:7141138937766391808";
        assert_eq!(
            percent_encode(urn),
            "urn%3Ali%3Ashare%3A7141138937766391808"
        );
        assert_eq!(percent_decode(&percent_encode(urn)).as_deref(), Some(urn));
        assert_eq!(percent_decode("%E2%9C%93").as_deref(), Some("✓"));
        assert_eq!(percent_decode("%2"), None);
        assert_eq!(percent_decode("%zz"), None);
        assert_eq!(percent_decode("%+1"), None);
        assert_eq!(percent_decode("%FF"), None);
    }

    #[test]
    fn validation_lines_end_with_a_newline_each() {
        let reply = validation(&["ERROR :: /a :: x".into(), "ERROR :: /b :: y".into()]);
        assert_eq!(reply.status, 422);
        assert_eq!(
            reply.value().unwrap()["message"],
            "ERROR :: /a :: x\nERROR :: /b :: y\n"
        );
    }
}
