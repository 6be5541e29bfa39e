//! Graph's wire format: the request as a handler sees it (query and form parameters merged,
//! the token, the caller), JSON answers and Graph error objects, timestamps, cursors and
//! paging links.
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/guides/error-handling>
//! (errors) and <https://developers.facebook.com/docs/graph-api/overview> (versions, tokens,
//! timestamps).

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, NaiveDate, NaiveDateTime};
use serde_json::{Map, Value, json};
use wiremock::Request;

use super::Kind;
use super::fields::{self, Field};

/// An answer as the handlers build it: a status, a JSON body and extra headers (usage). The
/// dispatcher stamps `fbtrace_id` into error bodies and adds the version and trace headers.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) body: Value,
    pub(crate) headers: Vec<(String, String)>,
}

impl Reply {
    /// Sets `key` in the body's `error` object (no-op on a success body).
    pub(crate) fn with(mut self, key: &str, value: Value) -> Self {
        if let Some(error) = self.body.get_mut("error").and_then(Value::as_object_mut) {
            error.insert(key.to_owned(), value);
        }
        self
    }
}

/// A handler's answer: `Err` carries an error reply, so `?` returns it early.
pub(crate) type Answer = Result<Reply, Reply>;

/// A 200 JSON answer.
pub(crate) fn ok(body: Value) -> Reply {
    Reply {
        status: 200,
        body,
        headers: Vec::new(),
    }
}

/// A node object as Graph answers it: its `id` is always there, asked for or not
/// (`GET /{page-id}?fields=access_token` answers `{access_token, id}`,
/// <https://developers.facebook.com/docs/facebook-login/guides/access-tokens>).
pub(crate) fn node(mut object: Map<String, Value>, id: &str) -> Value {
    object.entry("id").or_insert_with(|| json!(id));
    Value::Object(object)
}

/// `{"success":true}`, the answer of edits, deletions and subscriptions.
pub(crate) fn success() -> Answer {
    Ok(ok(json!({ "success": true })))
}

/// A Graph error: `{"error":{message,type,code,error_subcode?,is_transient?}}`
/// (`fbtrace_id` is added when the answer is sent;
/// <https://developers.facebook.com/docs/graph-api/guides/error-handling>).
///
/// The status follows Graph's: a permission error (code 10, or 200 to 299) is a 403, as
/// Graph answers it (`{"error":{"message":"(#200) Permissions error","type":"OAuthException",
/// "code":200}}` with `403 Forbidden`, recorded in
/// <https://github.com/snarfed/bridgy/issues/78>); the throttling codes (4, 17, 32, 341, 613)
/// carry `"is_transient": true`, as recorded (`(#4) Application request limit reached`,
/// <https://github.com/nygardk/react-share/issues/70>).
pub(crate) fn error(
    status: u16,
    kind: &str,
    code: i64,
    subcode: Option<i64>,
    message: impl Into<String>,
) -> Reply {
    let mut error = json!({ "message": message.into(), "type": kind, "code": code });
    if let Some(subcode) = subcode {
        error["error_subcode"] = json!(subcode);
    }
    if matches!(code, 1 | 2 | 4 | 17 | 32 | 341 | 613) {
        error["is_transient"] = json!(true);
    }
    let status = if status == 400 && (code == 10 || (200..=299).contains(&code)) {
        403
    } else {
        status
    };
    Reply {
        status: 400.max(status.min(599)),
        body: json!({ "error": error }),
        headers: Vec::new(),
    }
}

/// 400 `OAuthException` code 100 with `message` (write the `(#100) ` prefix yourself when
/// Graph does).
pub(crate) fn invalid(message: impl Into<String>) -> Reply {
    error(400, "OAuthException", 100, None, message)
}

/// 400 code 100 subcode 33: an unknown object, or a method the object does not support.
pub(crate) fn unsupported(method: &str, id: &str) -> Reply {
    error(
        400,
        "GraphMethodException",
        100,
        Some(33),
        format!(
            "Unsupported {} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
            method.to_ascii_lowercase()
        ),
    )
}

/// 400 code 2500: a path whose first segment is not a version, or too deep.
pub(crate) fn unknown_path(path: &str) -> Reply {
    error(
        400,
        "OAuthException",
        2500,
        None,
        format!("Unknown path components: {path}"),
    )
}

/// 400 code 2500: no access token at all (or `/me` with an app token).
pub(crate) fn no_token() -> Reply {
    error(
        400,
        "OAuthException",
        2500,
        None,
        "An active access token must be used to query information about the current user.",
    )
}

/// 400 code 200: a permission or task the caller lacks.
pub(crate) fn permissions(message: impl Into<String>) -> Reply {
    error(400, "OAuthException", 200, None, message)
}

/// 400 code 210: an endpoint that only answers Page tokens.
pub(crate) fn page_token_required() -> Reply {
    error(
        400,
        "OAuthException",
        210,
        None,
        "(#210) A page access token is required to request this resource.",
    )
}

/// Graph's timestamp format: ISO 8601 with a `+0000` offset (no colon).
pub(crate) fn timestamp(unix_seconds: i64) -> String {
    DateTime::from_timestamp(unix_seconds, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H:%M:%S%z")
        .to_string()
}

/// A time parameter: Unix seconds, an ISO 8601 date-time (`+0000` or RFC 3339 offsets) or a
/// `YYYY-MM-DD` date (midnight UTC).
pub(crate) fn parse_time(raw: &str) -> Option<i64> {
    let raw = raw.trim();
    if let Ok(seconds) = raw.parse::<i64>() {
        return Some(seconds);
    }
    if let Ok(time) = DateTime::parse_from_rfc3339(raw) {
        return Some(time.timestamp());
    }
    if let Ok(time) = DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%z") {
        return Some(time.timestamp());
    }
    if let Ok(time) = NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S") {
        return Some(time.and_utc().timestamp());
    }
    NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .ok()
        .and_then(|date| date.and_hms_opt(0, 0, 0))
        .map(|time| time.and_utc().timestamp())
}

/// The latest time a parameter may name (9999-12-31T23:59:59Z), so time arithmetic cannot
/// overflow.
const LATEST_TIME: i64 = 253_402_300_799;

/// An opaque cursor for list position `index`; `serial` makes every answer's cursors
/// distinct, so only the repeat switch produces a repeated cursor.
pub(crate) fn cursor(index: usize, serial: u64) -> String {
    URL_SAFE_NO_PAD.encode(format!("{index}:{serial}"))
}

/// The list position of a cursor made by [`cursor`].
pub(crate) fn decode_cursor(raw: &str) -> Option<usize> {
    let bytes = URL_SAFE_NO_PAD.decode(raw.trim_end_matches('=')).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    text.split_once(':')?.0.parse().ok()
}

/// Who a call acts for, once its token is resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Caller {
    /// No token resolved (the OAuth endpoint, or before authentication).
    Nobody,
    /// The app token `{app-id}|{app-secret}`.
    App,
    /// A user token.
    User(String),
    /// A Page token: the Page and the user it was obtained through.
    Page { page: String, user: String },
}

/// The request as a handler sees it: an HTTP request below the version prefix, a batch
/// item, or a field expansion (a nested edge read).
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) method: String,
    /// The first path segment (`v26.0`), checked by the dispatcher.
    pub(crate) version: String,
    /// The path below the version, percent-decoded, without empty segments.
    pub(crate) segments: Vec<String>,
    /// The URL query.
    pub(crate) query: Vec<(String, String)>,
    /// Form fields (or multipart text parts, or a JSON object's members).
    pub(crate) form: Vec<(String, String)>,
    /// Multipart file parts (`source`, `file`).
    pub(crate) files: Vec<FilePart>,
    /// The token of an `Authorization` header, or the one a batch item inherits.
    pub(crate) header_token: Option<String>,
    /// `http://host:port{prefix}`: where `next` links point.
    pub(crate) base: String,
    pub(crate) caller: Caller,
    /// The token's `appsecret_proof` was already checked (a batch item inheriting the
    /// batch's token).
    pub(crate) proven: bool,
    /// A batch item (a nested batch is refused).
    pub(crate) in_batch: bool,
    /// A field expansion: paging switches do not apply.
    pub(crate) nested: bool,
}

impl Call {
    /// The call of an HTTP request whose path is already below the fake's prefix.
    pub(crate) fn from_request(request: &Request, prefix: &str) -> Call {
        let host = request
            .headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .map(str::to_owned)
            .unwrap_or_else(|| {
                let host = request.url.host_str().unwrap_or("localhost");
                match request.url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_owned(),
                }
            });
        let content_type = request
            .headers
            .get("content-type")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let (form, files) = parse_body(content_type, &request.body);
        let header_token = request
            .headers
            .get("authorization")
            .and_then(|h| h.to_str().ok())
            .and_then(|value| {
                let (scheme, token) = value.trim().split_once(' ')?;
                let scheme = scheme.to_ascii_lowercase();
                (scheme == "bearer" || scheme == "oauth").then(|| token.trim().to_owned())
            })
            .filter(|token| !token.is_empty());
        let (version, segments) = split_path(request.url.path());
        Call {
            method: request.method.as_str().to_ascii_uppercase(),
            version,
            segments,
            query: request.url.query_pairs().into_owned().collect(),
            form,
            files,
            header_token,
            base: format!("http://{host}{prefix}"),
            caller: Caller::Nobody,
            proven: false,
            in_batch: false,
            nested: false,
        }
    }

    /// The call of a batch item: `relative_url` (`me?fields=id`, `/v26.0/me`, …) below this
    /// batch's version unless it names its own, `body` form-encoded.
    pub(crate) fn batch_item(&self, method: &str, relative_url: &str, body: &str) -> Call {
        let relative = relative_url.trim().trim_start_matches('/');
        let (path, query) = relative.split_once('?').unwrap_or((relative, ""));
        let (first, _) = split_path(path);
        let path = if is_version(&first) {
            format!("/{path}")
        } else {
            format!("/{}/{path}", self.version)
        };
        let (version, segments) = split_path(&path);
        Call {
            method: method.trim().to_ascii_uppercase(),
            version,
            segments,
            query: url::form_urlencoded::parse(query.as_bytes())
                .into_owned()
                .collect(),
            form: url::form_urlencoded::parse(body.as_bytes())
                .into_owned()
                .collect(),
            files: Vec::new(),
            header_token: None,
            base: self.base.clone(),
            caller: Caller::Nobody,
            proven: false,
            in_batch: true,
            nested: false,
        }
    }

    /// The nested call reading edge `edge` of `object` for a field expansion such as
    /// `comments.summary(true).limit(0)`: the modifiers become query parameters, the braces
    /// the `fields` parameter; the caller and token are this call's.
    pub(crate) fn expansion(&self, object: &str, edge: &str, field: &Field) -> Call {
        let mut query: Vec<(String, String)> = field.modifiers.clone();
        if !field.children.is_empty() {
            query.push(("fields".into(), field.children.clone()));
        }
        if let Some(token) = self.token() {
            query.push(("access_token".into(), token));
        }
        Call {
            method: "GET".into(),
            version: self.version.clone(),
            segments: vec![object.to_owned(), edge.to_owned()],
            query,
            form: Vec::new(),
            files: Vec::new(),
            header_token: None,
            base: self.base.clone(),
            caller: self.caller.clone(),
            proven: true,
            in_batch: self.in_batch,
            nested: true,
        }
    }

    /// `/a/b`: the path below the version.
    pub(crate) fn path(&self) -> String {
        format!("/{}", self.segments.join("/"))
    }

    /// The (last) value of parameter `name`: the form body wins over the query.
    pub(crate) fn param(&self, name: &str) -> Option<&str> {
        last(&self.form, name).or_else(|| last(&self.query, name))
    }

    /// Parameter `name` unless absent or empty.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.param(name).filter(|value| !value.trim().is_empty())
    }

    /// Every parameter, query first, then the form body.
    pub(crate) fn params(&self) -> impl Iterator<Item = &(String, String)> {
        self.query.iter().chain(&self.form)
    }

    /// The access token: `access_token` (form or query), else the `Authorization` header's.
    pub(crate) fn token(&self) -> Option<String> {
        self.text("access_token")
            .map(str::to_owned)
            .or_else(|| self.header_token.clone())
    }

    /// The bytes of file part `name`.
    pub(crate) fn file(&self, name: &str) -> Option<&[u8]> {
        self.files
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, bytes)| bytes.as_slice())
    }

    /// Boolean parameter `name` (`true`/`false`/`1`/`0`), else 400.
    pub(crate) fn flag(&self, name: &str) -> Result<Option<bool>, Reply> {
        match self.param(name).map(str::trim) {
            None => Ok(None),
            Some("true" | "1") => Ok(Some(true)),
            Some("false" | "0") => Ok(Some(false)),
            Some(_) => Err(invalid(format!("(#100) Param {name} must be a boolean"))),
        }
    }

    /// Time parameter `name` (see [`parse_time`]), else 400.
    pub(crate) fn time(&self, name: &str) -> Result<Option<i64>, Reply> {
        match self.text(name) {
            None => Ok(None),
            Some(raw) => parse_time(raw)
                .filter(|time| (0..=LATEST_TIME).contains(time))
                .map(Some)
                .ok_or_else(|| {
                    invalid(format!(
                        "(#100) The parameter {name} must be a Unix timestamp or a date (YYYY-MM-DD)"
                    ))
                }),
        }
    }

    /// `limit`: 25 by default, at most 100 (larger values are capped, as Graph does).
    pub(crate) fn limit(&self) -> Result<usize, Reply> {
        match self.text("limit") {
            None => Ok(25),
            Some(raw) => raw
                .trim()
                .parse::<usize>()
                .map(|limit| limit.min(100))
                .map_err(|_| invalid("(#100) The parameter limit must be a non-negative integer")),
        }
    }

    /// The requested fields (`None` when `fields` is absent or empty), else the 2500 syntax
    /// error.
    pub(crate) fn fields(&self) -> Result<Option<Vec<Field>>, Reply> {
        let Some(raw) = self.text("fields") else {
            return Ok(None);
        };
        fields::parse(raw).map(Some).map_err(|position| {
            error(
                400,
                "OAuthException",
                2500,
                None,
                format!("Syntax error in the fields parameter at character {position}: {raw}"),
            )
        })
    }

    /// The requested fields, or `defaults` (plain names) when none are given.
    pub(crate) fn fields_or(&self, defaults: &[&str]) -> Result<Vec<Field>, Reply> {
        Ok(self
            .fields()?
            .unwrap_or_else(|| defaults.iter().map(|name| Field::plain(name)).collect()))
    }

    /// The requested fields, or `defaults`, each checked against node type `kind`: Graph
    /// refuses the whole request for one unknown field, whether or not there is data to show.
    pub(crate) fn fields_of(&self, kind: Kind, defaults: &[&str]) -> Result<Vec<Field>, Reply> {
        let fields = self.fields_or(defaults)?;
        kind.check(fields.iter().map(|f| f.name.as_str()))?;
        Ok(fields)
    }

    /// A full link to this call's path with its query, `set` applied (a `None` value removes
    /// the key), `appsecret_proof` dropped and the token carried as `access_token`, as real
    /// `paging.next` links do.
    pub(crate) fn link(&self, set: &[(&str, Option<String>)]) -> String {
        let replaced = |key: &str| {
            key == "access_token" || key == "appsecret_proof" || set.iter().any(|(k, _)| *k == key)
        };
        let mut query = url::form_urlencoded::Serializer::new(String::new());
        for (key, value) in self.query.iter().filter(|(key, _)| !replaced(key)) {
            query.append_pair(key, value);
        }
        if let Some(token) = self.token() {
            query.append_pair("access_token", &token);
        }
        for (key, value) in set {
            if let Some(value) = value {
                query.append_pair(key, value);
            }
        }
        let path: Vec<String> = self
            .segments
            .iter()
            .map(|segment| {
                url::form_urlencoded::byte_serialize(segment.as_bytes()).collect::<String>()
            })
            .collect();
        format!(
            "{}/{}/{}?{}",
            self.base,
            self.version,
            path.join("/"),
            query.finish()
        )
    }
}

/// The last value of `name` among `pairs`.
fn last<'p>(pairs: &'p [(String, String)], name: &str) -> Option<&'p str> {
    pairs
        .iter()
        .rev()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Whether `segment` is a Graph version (`v26.0`): `^v\d+\.\d+$`.
pub(crate) fn is_version(segment: &str) -> bool {
    segment
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        })
}

/// The first segment and the rest of `path`, percent-decoded, empty segments dropped.
fn split_path(path: &str) -> (String, Vec<String>) {
    let mut segments = path
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode);
    let first = segments.next().unwrap_or_default();
    (first, segments.collect())
}

fn percent_decode(segment: &str) -> String {
    // `form_urlencoded` also turns `+` into a space; keep a literal `+` in paths.
    let escaped = segment.replace('+', "%2B");
    url::form_urlencoded::parse(format!("s={escaped}").as_bytes())
        .map(|(_, value)| value.into_owned())
        .next()
        .unwrap_or_default()
}

/// A multipart file part: its name and bytes.
type FilePart = (String, Vec<u8>);

/// Form fields and file parts of a request body, by content type: form-encoded, multipart
/// (`source` and `file` parts are files, the others text) or a JSON object (strings as is,
/// other values as JSON text). Anything else is read as a form when it is not empty.
fn parse_body(content_type: &str, body: &[u8]) -> (Vec<(String, String)>, Vec<FilePart>) {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime == "multipart/form-data" {
        let mut form = Vec::new();
        let mut files = Vec::new();
        for (name, bytes) in crate::multipart::multipart(content_type, body).unwrap_or_default() {
            if name == "source" || name == "file" {
                files.push((name, bytes));
            } else {
                form.push((name, String::from_utf8_lossy(&bytes).into_owned()));
            }
        }
        return (form, files);
    }
    if mime == "application/json" {
        let form = match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(object)) => object
                .into_iter()
                .map(|(key, value)| match value {
                    Value::String(text) => (key, text),
                    other => (key, other.to_string()),
                })
                .collect(),
            _ => Vec::new(),
        };
        return (form, Vec::new());
    }
    let form = url::form_urlencoded::parse(body).into_owned().collect();
    (form, Vec::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_use_the_graph_offset() {
        assert_eq!(timestamp(1_628_621_103), "2021-08-10T18:45:03+0000");
        assert_eq!(parse_time("2021-08-10T18:45:03+0000"), Some(1_628_621_103));
        assert_eq!(parse_time("2021-08-10"), Some(1_628_553_600));
        assert_eq!(parse_time("1628621103"), Some(1_628_621_103));
        assert_eq!(parse_time("yesterday-ish"), None);
    }

    #[test]
    fn versions_and_cursors() {
        assert!(is_version("v26.0"));
        assert!(is_version("v3.10"));
        assert!(!is_version("v26"));
        assert!(!is_version("26.0"));
        assert!(!is_version("v.0"));
        assert!(!is_version("me"));
        assert_eq!(decode_cursor(&cursor(25, 7)), Some(25));
        assert_eq!(decode_cursor("not a cursor!"), None);
    }

    #[test]
    fn batch_items_resolve_their_version() {
        let parent = Call::batch_item(
            &Call {
                method: "POST".into(),
                version: "v26.0".into(),
                segments: Vec::new(),
                query: Vec::new(),
                form: Vec::new(),
                files: Vec::new(),
                header_token: None,
                base: "http://h".into(),
                caller: Caller::Nobody,
                proven: false,
                in_batch: false,
                nested: false,
            },
            "get",
            "me?fields=id",
            "",
        );
        assert_eq!(parent.version, "v26.0");
        assert_eq!(parent.segments, ["me"]);
        assert_eq!(parent.method, "GET");
        assert_eq!(parent.param("fields"), Some("id"));
        let explicit = parent.batch_item("POST", "/v25.0/123/feed", "message=hi+there");
        assert_eq!(explicit.version, "v25.0");
        assert_eq!(explicit.segments, ["123", "feed"]);
        assert_eq!(explicit.param("message"), Some("hi there"));
    }
}
