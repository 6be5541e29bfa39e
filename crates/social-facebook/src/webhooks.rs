//! Webhooks and `signed_request`: check that a request came from Facebook, then read it as data.
//!
//! Facebook talks to your server in three ways, each with its own check:
//!
//! | request | check | function |
//! |---|---|---|
//! | `GET` with `hub.mode=subscribe` (when you subscribe the callback URL) | `hub.verify_token` equals the token you chose; answer `200` with `hub.challenge` as a plain body | [`verify_subscription_query`], [`verify_subscription`] |
//! | `POST` of an event notification | `X-Hub-Signature-256: sha256=<hex>` is the HMAC-SHA256 of the **raw body**, keyed with the app secret | [`verify_signature`], [`parse_notification`], [`verify_and_parse`] |
//! | `signed_request` form field (deauthorize and data-deletion callbacks, page tabs) | base64url HMAC-SHA256 of the encoded payload, keyed with the app secret | [`parse_signed_request`] |
//!
//! Every comparison is constant time. Verify the body **exactly as received**, before parsing:
//! Facebook escapes non-ASCII characters as `\uXXXX`, so JSON re-serialised by your framework has
//! other bytes and never matches. Only the SHA-256 signature is accepted; the legacy
//! `X-Hub-Signature: sha1=…` header is not.
//!
//! Notifications decode into [`Notification`] → [`Entry`] → [`Change`], whose value is a
//! [`PageChange`]: [`FeedChange`] for the Page `feed` field, [`MentionChange`] for `mention`, and
//! [`PageChange::Other`] (the raw JSON) for any other field, or any value that does not have the
//! documented shape. An unknown field, item or verb is never an error.
//!
//! Facebook expects a `200` quickly and resends failed deliveries for up to 36 hours, so answer
//! first, then process, and de-duplicate.
//!
//! # A complete handler
//!
//! ```
//! use http::{Method, Request, Response, StatusCode};
//! use social_core::auth::AppSecret;
//! use social_facebook::webhooks::{self, FeedItem, PageChange, SIGNATURE_HEADER};
//!
//! fn handle(req: &Request<Vec<u8>>, app_secret: &AppSecret, verify_token: &str) -> Response<String> {
//!     let reply = |status: StatusCode, body: String| {
//!         let mut response = Response::new(body);
//!         *response.status_mut() = status;
//!         response
//!     };
//!     match *req.method() {
//!         // 1. Facebook checks the callback URL when you subscribe it: echo the challenge.
//!         Method::GET => {
//!             match webhooks::verify_subscription_query(req.uri().query().unwrap_or(""), verify_token) {
//!                 Ok(challenge) => reply(StatusCode::OK, challenge),
//!                 Err(e) => reply(e.http_status(), String::new()),
//!             }
//!         }
//!         // 2. An event: verify the signature over the raw bytes, then parse them.
//!         Method::POST => {
//!             let header = req.headers().get(SIGNATURE_HEADER).and_then(|v| v.to_str().ok());
//!             let notification = match webhooks::verify_and_parse(app_secret, req.body(), header) {
//!                 Ok(n) => n,
//!                 Err(e) => return reply(e.http_status(), String::new()),
//!             };
//!             // 3. Match on the events.
//!             for (entry, change) in notification.changes() {
//!                 match &change.value {
//!                     PageChange::Feed(feed) if feed.is_comment_added() => {
//!                         let who = feed.from.as_ref().and_then(|f| f.name.as_deref()).unwrap_or("someone");
//!                         println!("Page {}: {who} commented {:?}", entry.id, feed.message);
//!                     }
//!                     PageChange::Feed(feed) if feed.is_reaction_added() => {
//!                         println!("a {:?} reaction on {:?}", feed.reaction_type, feed.post_id);
//!                     }
//!                     PageChange::Feed(feed) if feed.item == FeedItem::Comment => {
//!                         println!("comment {:?} was {}", feed.comment_id, feed.verb);
//!                     }
//!                     PageChange::Feed(_) => {}
//!                     PageChange::Mention(m) => println!("the Page was mentioned in {:?}", m.post_id),
//!                     PageChange::Other { field, value } => println!("{field}: {value}"),
//!                     _ => {} // the enum is non-exhaustive
//!                 }
//!             }
//!             reply(StatusCode::OK, String::new())
//!         }
//!         _ => reply(StatusCode::METHOD_NOT_ALLOWED, String::new()),
//!     }
//! }
//!
//! let secret = AppSecret::new("my_app_secret");
//! // The verification request of Facebook's documentation.
//! let get = Request::get("/webhook?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock")
//!     .body(Vec::new())?;
//! let response = handle(&get, &secret, "meatyhamhock");
//! assert_eq!((response.status(), response.body().as_str()), (StatusCode::OK, "1158201444"));
//!
//! // A visitor's comment, signed as Facebook signs it.
//! let body = br#"{"object":"page","entry":[{"id":"1234","time":1700000000,"changes":[{"field":"feed","value":{"item":"comment","verb":"add","post_id":"1234_5678","comment_id":"5678_9012","from":{"id":"42","name":"Ada"},"message":"Nice!","created_time":1700000000}}]}]}"#;
//! let signature = format!("sha256={}", social_core::webhook::sign_hex(b"my_app_secret", body));
//! let post = Request::post("/webhook").header(SIGNATURE_HEADER, signature).body(body.to_vec())?;
//! assert_eq!(handle(&post, &secret, "meatyhamhock").status(), StatusCode::OK);
//!
//! // The same body without a valid signature is refused.
//! let forged = Request::post("/webhook").header(SIGNATURE_HEADER, "sha256=00").body(body.to_vec())?;
//! assert_eq!(handle(&forged, &secret, "meatyhamhock").status(), StatusCode::FORBIDDEN);
//! # Ok::<(), http::Error>(())
//! ```

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::alphabet;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};
use social_core::auth::{AccessToken, AppSecret};
use social_core::webhook::{self as core_webhook, SignatureError};
use social_core::{CommentId, PostId};

use crate::models::ReactionType;

/// The header that carries the signature of a notification, lowercase as `http` stores it.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// The only `signed_request` algorithm accepted (compared ASCII case-insensitively).
pub const SIGNED_REQUEST_ALGORITHM: &str = "HMAC-SHA256";

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/// Why a webhook request or a `signed_request` was refused.
///
/// The message of each variant says what happened and how to answer;
/// [`http_status`](WebhookError::http_status) gives the status to answer with. No variant holds
/// a secret, a signature or body content.
///
/// ```
/// use social_facebook::webhooks::{verify_subscription_query, WebhookError};
///
/// let err = verify_subscription_query("hub.mode=subscribe&hub.challenge=1&hub.verify_token=guess", "meatyhamhock")
///     .unwrap_err();
/// assert!(matches!(err, WebhookError::WrongVerifyToken));
/// assert_eq!(err.http_status(), http::StatusCode::FORBIDDEN);
/// assert!(err.to_string().contains("403"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum WebhookError {
    /// The verification `GET` has no `hub.mode`, or one other than `subscribe`.
    BadMode {
        /// The mode received (at most 64 characters of it), if any.
        mode: Option<String>,
    },
    /// The verification `GET` has no `hub.verify_token`, or not the expected one.
    WrongVerifyToken,
    /// The verification `GET` has no (or an empty) `hub.challenge` to echo.
    MissingChallenge,
    /// The notification's `X-Hub-Signature-256` is missing, malformed or does not match the body.
    Signature(SignatureError),
    /// The notification body is not the JSON Facebook documents.
    MalformedBody {
        /// What the JSON decoder said, with any quoted text from the body removed.
        message: String,
    },
    /// The `signed_request` is not `signature.payload` in base64url, or its payload is not the
    /// documented JSON object.
    SignedRequestMalformed {
        /// What is wrong.
        reason: &'static str,
    },
    /// The `signed_request` payload names an algorithm other than `HMAC-SHA256`.
    UnsupportedAlgorithm {
        /// The algorithm named (at most 64 characters of it), or `None` when there is none.
        algorithm: Option<String>,
    },
    /// The `signed_request` signature does not match its payload.
    SignedRequestSignatureMismatch,
}

impl WebhookError {
    /// The HTTP status to answer the request with: `403 Forbidden` when the sender could not show
    /// it is Facebook (wrong verify token, bad signature), `400 Bad Request` when the request is
    /// malformed.
    ///
    /// ```
    /// use social_facebook::webhooks::{parse_notification, WebhookError};
    /// let err = parse_notification(b"not json").unwrap_err();
    /// assert!(matches!(err, WebhookError::MalformedBody { .. }));
    /// assert_eq!(err.http_status(), http::StatusCode::BAD_REQUEST);
    /// ```
    pub fn http_status(&self) -> http::StatusCode {
        match self {
            WebhookError::BadMode { .. }
            | WebhookError::WrongVerifyToken
            | WebhookError::Signature(_)
            | WebhookError::UnsupportedAlgorithm { .. }
            | WebhookError::SignedRequestSignatureMismatch => http::StatusCode::FORBIDDEN,
            WebhookError::MissingChallenge
            | WebhookError::MalformedBody { .. }
            | WebhookError::SignedRequestMalformed { .. } => http::StatusCode::BAD_REQUEST,
        }
    }
}

impl fmt::Display for WebhookError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WebhookError::BadMode { mode } => {
                let mode = match mode {
                    Some(m) => format!("{m:?}"),
                    None => "missing".to_string(),
                };
                write!(
                    f,
                    "Facebook webhook verification: hub.mode is {mode}, not \"subscribe\": this is \
                     not Facebook's subscription check. Refuse the request with 403."
                )
            }
            WebhookError::WrongVerifyToken => f.write_str(
                "Facebook webhook verification: hub.verify_token is missing or is not the verify \
                 token configured here. Refuse the request with 403; if Facebook's own check fails, \
                 make the Verify Token of the app's Webhooks settings equal to the one this server expects.",
            ),
            WebhookError::MissingChallenge => f.write_str(
                "Facebook webhook verification: hub.challenge is missing or empty, so there is \
                 nothing to echo. Refuse the request with 400.",
            ),
            WebhookError::Signature(SignatureError::Missing) => f.write_str(
                "Facebook webhook: the notification has no X-Hub-Signature-256 header, so nothing \
                 shows it comes from Facebook. Refuse it with 403 without processing the body; if \
                 every delivery fails, check that no proxy drops the header.",
            ),
            WebhookError::Signature(SignatureError::Malformed) => f.write_str(
                "Facebook webhook: X-Hub-Signature-256 is not \"sha256=\" followed by hex digits \
                 (the legacy sha1 X-Hub-Signature is not accepted). Refuse the request with 403 \
                 without processing the body.",
            ),
            WebhookError::Signature(SignatureError::Mismatch) => f.write_str(
                "Facebook webhook: X-Hub-Signature-256 does not match the body. Refuse the request \
                 with 403 without processing the body; if every delivery fails, check that the app \
                 secret is this app's and that the body is checked exactly as received, before any \
                 parsing or re-encoding.",
            ),
            WebhookError::Signature(other) => write!(
                f,
                "Facebook webhook: {other}. Refuse the request with 403 without processing the body."
            ),
            WebhookError::MalformedBody { message } => write!(
                f,
                "Facebook webhook: the notification body is not the JSON Facebook documents \
                 ({message}). Answer 400; if its signature verified, log this and report it: the \
                 API may have changed."
            ),
            WebhookError::SignedRequestMalformed { reason } => write!(
                f,
                "Facebook signed_request: malformed: {reason}. Refuse the request with 400 and do \
                 not trust its content."
            ),
            WebhookError::UnsupportedAlgorithm { algorithm } => {
                let algorithm = match algorithm {
                    Some(a) => format!("{a:?}"),
                    None => "missing".to_string(),
                };
                write!(
                    f,
                    "Facebook signed_request: the algorithm is {algorithm}, and only HMAC-SHA256 is \
                     accepted. Refuse the request with 403 and do not trust its content."
                )
            }
            WebhookError::SignedRequestSignatureMismatch => f.write_str(
                "Facebook signed_request: the signature does not match the payload. Refuse the \
                 request with 403 and do not trust its content; if every request fails, check that \
                 the app secret is the one of the app the request was made for.",
            ),
        }
    }
}

impl std::error::Error for WebhookError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WebhookError::Signature(e) => Some(e),
            _ => None,
        }
    }
}

impl From<SignatureError> for WebhookError {
    fn from(e: SignatureError) -> Self {
        WebhookError::Signature(e)
    }
}

/// Longest piece of request text (a mode, an algorithm) kept in an error, in characters.
const ECHO_LIMIT: usize = 64;

fn bounded(text: &str) -> String {
    text.chars().take(ECHO_LIMIT).collect()
}

/// serde_json's message without any double-quoted text (which comes from the body), bounded.
fn describe_json_error(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let mut out = String::with_capacity(text.len().min(256));
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '"' {
            out.push_str("\"…\"");
            let mut escaped = false;
            for c in chars.by_ref() {
                if escaped {
                    escaped = false;
                } else if c == '\\' {
                    escaped = true;
                } else if c == '"' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    if out.chars().count() > 200 {
        out = out.chars().take(200).collect::<String>() + "…";
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Verification GET
// ---------------------------------------------------------------------------------------------

/// Answers Facebook's verification request from its query pairs: checks that `hub.mode` is
/// `subscribe` and that `hub.verify_token` equals `expected_verify_token` (in constant time), and
/// returns `hub.challenge`, to send back as the plain body of a `200` answer.
///
/// The pairs must already be percent-decoded (as web frameworks hand them over); for a raw query
/// string use [`verify_subscription_query`]. When a key appears twice, the first value counts. An
/// empty `expected_verify_token` never matches. On an error, answer
/// [`http_status`](WebhookError::http_status) (`403` or `400`).
///
/// ```
/// use std::collections::HashMap;
/// use social_facebook::webhooks::verify_subscription;
///
/// let query: HashMap<String, String> = [
///     ("hub.mode", "subscribe"),
///     ("hub.challenge", "1158201444"),
///     ("hub.verify_token", "meatyhamhock"),
/// ]
/// .into_iter()
/// .map(|(k, v)| (k.to_string(), v.to_string()))
/// .collect();
/// assert_eq!(verify_subscription(&query, "meatyhamhock").unwrap(), "1158201444");
/// assert!(verify_subscription(&query, "another-token").is_err());
/// ```
pub fn verify_subscription<I, K, V>(
    query: I,
    expected_verify_token: &str,
) -> Result<String, WebhookError>
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut mode: Option<String> = None;
    let mut token: Option<String> = None;
    let mut challenge: Option<String> = None;
    for (key, value) in query {
        let slot = match key.as_ref() {
            "hub.mode" => &mut mode,
            "hub.verify_token" => &mut token,
            "hub.challenge" => &mut challenge,
            _ => continue,
        };
        if slot.is_none() {
            *slot = Some(value.as_ref().to_string());
        }
    }

    if mode.as_deref() != Some("subscribe") {
        return Err(WebhookError::BadMode {
            mode: mode.as_deref().map(bounded),
        });
    }
    let token_ok = match token {
        Some(token) => social_core::auth::oauth2::verify_state(expected_verify_token, &token),
        None => false,
    };
    if !token_ok {
        return Err(WebhookError::WrongVerifyToken);
    }
    match challenge {
        Some(c) if !c.is_empty() => Ok(c),
        _ => Err(WebhookError::MissingChallenge),
    }
}

/// Like [`verify_subscription`], from the raw query string of the request (with or without its
/// leading `?`), percent-decoded the `application/x-www-form-urlencoded` way.
///
/// ```
/// use social_facebook::webhooks::verify_subscription_query;
///
/// // The example of Facebook's "Getting started" page.
/// let challenge = verify_subscription_query(
///     "?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=meatyhamhock",
///     "meatyhamhock",
/// )?;
/// assert_eq!(challenge, "1158201444"); // answer 200 with this as a text/plain body
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn verify_subscription_query(
    query: &str,
    expected_verify_token: &str,
) -> Result<String, WebhookError> {
    let query = query.strip_prefix('?').unwrap_or(query);
    verify_subscription(
        url::form_urlencoded::parse(query.as_bytes()),
        expected_verify_token,
    )
}

// ---------------------------------------------------------------------------------------------
// Notification signature
// ---------------------------------------------------------------------------------------------

/// Checks the `X-Hub-Signature-256` header of a notification (`sha256=` + hex HMAC-SHA256 of the
/// raw body, keyed with the app secret), in constant time.
///
/// Give the body **exactly as received**, before any parsing. Only `sha256=` is accepted: the
/// legacy `X-Hub-Signature: sha1=…` header is refused as
/// [`Malformed`](SignatureError::Malformed), so pass `X-Hub-Signature-256` only. An empty app
/// secret never verifies (a missing configuration must not let anyone sign).
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::{verify_signature, WebhookError};
/// use social_core::webhook::SignatureError;
///
/// let secret = AppSecret::new("my_app_secret");
/// let body = br#"{"object":"page","entry":[]}"#;
/// let header = "sha256=f373092cfe9f34e1e016a6b15554116814589f121d055510f67b1f54e51b9eae";
/// assert!(verify_signature(&secret, body, Some(header)).is_ok());
/// assert_eq!(
///     verify_signature(&secret, body, None),
///     Err(WebhookError::Signature(SignatureError::Missing))
/// );
/// ```
pub fn verify_signature(
    app_secret: &AppSecret,
    raw_body: &[u8],
    x_hub_signature_256: Option<&str>,
) -> Result<(), WebhookError> {
    verify_signature_any(&[app_secret], raw_body, x_hub_signature_256)
}

/// Like [`verify_signature`], passing if the signature matches any of the app secrets: use it
/// while you rotate the app secret (keep the old one until the new one is in place). Every secret
/// is tried, so the time taken does not tell which one matched.
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::verify_signature_any;
///
/// let (old, new) = (AppSecret::new("old"), AppSecret::new("new"));
/// let body = b"{}";
/// let header = format!("sha256={}", social_core::webhook::sign_hex(b"new", body));
/// assert!(verify_signature_any(&[&old, &new], body, Some(&header)).is_ok());
/// assert!(verify_signature_any(&[&old], body, Some(&header)).is_err());
/// ```
pub fn verify_signature_any(
    app_secrets: &[&AppSecret],
    raw_body: &[u8],
    x_hub_signature_256: Option<&str>,
) -> Result<(), WebhookError> {
    let header = x_hub_signature_256.ok_or(SignatureError::Missing)?;
    let keys: Vec<&[u8]> = app_secrets
        .iter()
        .map(|s| s.secret().as_bytes())
        .filter(|k| !k.is_empty())
        .collect();
    // Check the header's form even with no usable secret, so the error says what is wrong.
    core_webhook::verify_prefixed_hex_any(&keys, raw_body, header)?;
    Ok(())
}

/// Decodes a notification body (after [`verify_signature`]; or use [`verify_and_parse`]).
///
/// Decoding reads the bytes as given and never fails on an unknown field, item or verb: those
/// become [`PageChange::Other`]. It fails only when the body is not JSON, or not an object with
/// an `object` string and an `entry` list of objects with `id`, `time` and (if any) `changes`
/// with a `field`.
///
/// ```
/// use social_facebook::webhooks::{parse_notification, PageChange, Verb};
///
/// let body = br#"{"object":"page","entry":[{"id":"1234","time":1700000000,"changes":[
///   {"field":"feed","value":{"item":"status","verb":"edited","post_id":"1234_1","published":1}}]}]}"#;
/// let notification = parse_notification(body)?;
/// let (entry, change) = notification.changes().next().unwrap();
/// assert_eq!(entry.id, "1234");
/// match &change.value {
///     PageChange::Feed(feed) => assert_eq!(feed.verb, Verb::Edited),
///     other => panic!("unexpected {other:?}"),
/// }
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn parse_notification(raw_body: &[u8]) -> Result<Notification, WebhookError> {
    serde_json::from_slice(raw_body).map_err(|e| WebhookError::MalformedBody {
        message: describe_json_error(&e),
    })
}

/// Verifies the signature of a notification ([`verify_signature`]), then decodes the same bytes
/// ([`parse_notification`]). Nothing is decoded when the signature fails.
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::verify_and_parse;
///
/// let secret = AppSecret::new("my_app_secret");
/// let body = br#"{"object":"page","entry":[]}"#;
/// let header = format!("sha256={}", social_core::webhook::sign_hex(b"my_app_secret", body));
/// let notification = verify_and_parse(&secret, body, Some(&header))?;
/// assert_eq!(notification.object, "page");
/// assert!(verify_and_parse(&AppSecret::new("other"), body, Some(&header)).is_err());
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn verify_and_parse(
    app_secret: &AppSecret,
    raw_body: &[u8],
    x_hub_signature_256: Option<&str>,
) -> Result<Notification, WebhookError> {
    verify_signature(app_secret, raw_body, x_hub_signature_256)?;
    parse_notification(raw_body)
}

// ---------------------------------------------------------------------------------------------
// Notification model
// ---------------------------------------------------------------------------------------------

/// One webhook delivery: the object type and a batch of entries (up to 1000 of them; batching is
/// not guaranteed).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Notification {
    /// The object subscribed to: `page` for Page webhooks (`user`, `instagram`, … for others).
    pub object: String,
    /// The updates, usually one per object and delivery.
    #[serde(default, deserialize_with = "null_as_default")]
    pub entry: Vec<Entry>,
}

impl Notification {
    /// Whether this is a Page notification (`object` is `page`).
    ///
    /// ```
    /// let n = social_facebook::webhooks::parse_notification(br#"{"object":"page","entry":[]}"#)?;
    /// assert!(n.is_page());
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn is_page(&self) -> bool {
        self.object == "page"
    }

    /// Every change of every entry, with its entry, in the order received.
    ///
    /// ```
    /// let body = br#"{"object":"page","entry":[
    ///   {"id":"1","time":1700000000,"changes":[{"field":"ratings","value":{}},{"field":"feed","value":{}}]},
    ///   {"id":"2","time":1700000001,"changes":[{"field":"mention","value":{}}]}]}"#;
    /// let n = social_facebook::webhooks::parse_notification(body)?;
    /// let seen: Vec<(&str, &str)> = n.changes().map(|(e, c)| (e.id.as_str(), c.field.as_str())).collect();
    /// assert_eq!(seen, [("1", "ratings"), ("1", "feed"), ("2", "mention")]);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn changes(&self) -> impl Iterator<Item = (&Entry, &Change)> {
        self.entry
            .iter()
            .flat_map(|e| e.changes.iter().map(move |c| (e, c)))
    }

    /// The `feed` changes that have the documented shape, with their entry.
    ///
    /// ```
    /// let body = br#"{"object":"page","entry":[{"id":"1","time":1700000000,"changes":[
    ///   {"field":"feed","value":{"item":"reaction","verb":"add","reaction_type":"love","post_id":"1_2"}}]}]}"#;
    /// let n = social_facebook::webhooks::parse_notification(body)?;
    /// let (_, feed) = n.feed_changes().next().unwrap();
    /// // Webhooks write `love`; the type is Graph's `LOVE`, as everywhere else in the crate.
    /// assert_eq!(feed.reaction_type, Some(social_facebook::models::ReactionType::Love));
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn feed_changes(&self) -> impl Iterator<Item = (&Entry, &FeedChange)> {
        self.changes().filter_map(|(e, c)| match &c.value {
            PageChange::Feed(f) => Some((e, f)),
            _ => None,
        })
    }
}

/// The updates of one object (a Page) in a notification.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Entry {
    /// The object's id (the Page id), as a string even when sent as a number.
    #[serde(deserialize_with = "social_core::types::ids::string_or_integer")]
    pub id: String,
    /// When Facebook **sent** the notification (not when the change happened), as received:
    /// Unix seconds for Page webhooks (Messenger sends milliseconds). See
    /// [`time_utc`](Entry::time_utc).
    #[serde(deserialize_with = "required_i64")]
    pub time: i64,
    /// The changes, when the subscription has "Include Values" on.
    #[serde(default, deserialize_with = "null_as_default")]
    pub changes: Vec<Change>,
    /// The names of the changed fields, when "Include Values" is off (then `changes` is empty).
    #[serde(default, deserialize_with = "null_as_default")]
    pub changed_fields: Vec<String>,
    /// Messenger events (`messaging`), kept as raw JSON.
    #[serde(default, deserialize_with = "null_as_default")]
    pub messaging: Vec<Value>,
    /// Any other key of the entry (`uid`, `standby`, …), kept as raw JSON.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl Entry {
    /// [`time`](Entry::time) as a UTC date-time. A value of 10¹¹ or more (which would be after
    /// the year 5000 in seconds) is read as milliseconds, as Messenger sends them.
    ///
    /// ```
    /// let n = social_facebook::webhooks::parse_notification(
    ///     br#"{"object":"page","entry":[{"id":"1","time":1700000000}]}"#)?;
    /// assert_eq!(n.entry[0].time_utc().unwrap().to_rfc3339(), "2023-11-14T22:13:20+00:00");
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn time_utc(&self) -> Option<DateTime<Utc>> {
        if self.time.abs() >= 100_000_000_000 {
            DateTime::from_timestamp_millis(self.time)
        } else {
            DateTime::from_timestamp(self.time, 0)
        }
    }

    /// [`time`](Entry::time) as a [`SystemTime`] (read as [`time_utc`](Entry::time_utc) does).
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// let n = social_facebook::webhooks::parse_notification(
    ///     br#"{"object":"page","entry":[{"id":"1","time":1700000000}]}"#)?;
    /// assert_eq!(n.entry[0].system_time(), Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000)));
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn system_time(&self) -> Option<SystemTime> {
        let t = self.time_utc()?;
        let millis = u64::try_from(t.timestamp_millis()).ok()?;
        UNIX_EPOCH.checked_add(Duration::from_millis(millis))
    }
}

/// One change in an [`Entry`]: the subscribed field and its decoded value.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Change {
    /// The subscribed field (`feed`, `mention`, `ratings`, …), as sent.
    pub field: String,
    /// The value, decoded according to the field.
    pub value: PageChange,
}

impl Change {
    /// The value exactly as received (a JSON `null` when there was none).
    ///
    /// ```
    /// let n = social_facebook::webhooks::parse_notification(br#"{"object":"page","entry":[
    ///   {"id":"1","time":1,"changes":[{"field":"ratings","value":{"rating":5}}]}]}"#)?;
    /// let (_, change) = n.changes().next().unwrap();
    /// assert_eq!(change.raw_value()["rating"], 5);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn raw_value(&self) -> &Value {
        self.value.raw()
    }
}

impl<'de> Deserialize<'de> for Change {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        struct Wire {
            field: String,
            #[serde(default)]
            value: Value,
        }
        let wire = Wire::deserialize(deserializer)?;
        Ok(Change {
            value: PageChange::from_raw(wire.field.clone(), wire.value),
            field: wire.field,
        })
    }
}

/// The value of a [`Change`], by field.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PageChange {
    /// A change of the Page's `feed`: a post, comment, reaction, … added, edited or removed.
    Feed(FeedChange),
    /// The Page was mentioned (`mention` field).
    Mention(MentionChange),
    /// Any other field, or a `feed`/`mention` value without the documented shape, kept raw.
    Other {
        /// The field, as sent.
        field: String,
        /// The value, as sent.
        value: Value,
    },
}

impl PageChange {
    /// Decodes the value of a change of `field`. Never fails: what does not have the documented
    /// shape of its field becomes [`PageChange::Other`].
    ///
    /// ```
    /// use serde_json::json;
    /// use social_facebook::webhooks::{FeedItem, PageChange};
    ///
    /// let c = PageChange::from_raw("feed", json!({"item": "fundraiser", "verb": "add"}));
    /// assert!(matches!(&c, PageChange::Feed(f) if f.item == FeedItem::Other("fundraiser".into())));
    /// let c = PageChange::from_raw("feed", json!("not an object"));
    /// assert!(matches!(c, PageChange::Other { .. }));
    /// ```
    pub fn from_raw(field: impl Into<String>, value: Value) -> PageChange {
        let field = field.into();
        let decoded = match field.as_str() {
            "feed" => FeedChange::decode(&value).map(PageChange::Feed),
            "mention" => MentionChange::decode(&value).map(PageChange::Mention),
            _ => None,
        };
        match decoded {
            Some(change) => change,
            None => PageChange::Other { field, value },
        }
    }

    /// The field this value belongs to.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw("ratings", serde_json::json!({}));
    /// assert_eq!(c.field(), "ratings");
    /// ```
    pub fn field(&self) -> &str {
        match self {
            PageChange::Feed(_) => "feed",
            PageChange::Mention(_) => "mention",
            PageChange::Other { field, .. } => field,
        }
    }

    /// The value exactly as received.
    ///
    /// ```
    /// let v = serde_json::json!({"item": "post", "verb": "add", "extra": true});
    /// let c = social_facebook::webhooks::PageChange::from_raw("feed", v.clone());
    /// assert_eq!(c.raw(), &v);
    /// ```
    pub fn raw(&self) -> &Value {
        match self {
            PageChange::Feed(f) => &f.raw,
            PageChange::Mention(m) => &m.raw,
            PageChange::Other { value, .. } => value,
        }
    }
}

/// Who did something: `from` in current payloads, `sender_id`/`sender_name` in payloads before
/// Graph v2.11 and in `mention`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Sender {
    /// The user's (or Page's) id, as a string.
    pub id: String,
    /// The display name, when Facebook sent it (not for users who have not granted the app
    /// access, in some cases).
    pub name: Option<String>,
}

/// A change of the Page's `feed` field.
///
/// Keys the API did not send are `None`; every key, known or not, stays in [`raw`](FeedChange::raw).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct FeedChange {
    /// What changed (`item`).
    pub item: FeedItem,
    /// What happened to it (`verb`).
    pub verb: Verb,
    /// The post concerned (`{page-id}_{post-id}`).
    pub post_id: Option<PostId>,
    /// The comment concerned, for comments (and reactions on comments).
    pub comment_id: Option<CommentId>,
    /// The post or comment a comment answers.
    pub parent_id: Option<String>,
    /// Who did it: `from`, or the older `sender_id`/`sender_name`.
    pub from: Option<Sender>,
    /// When it happened, as Unix seconds (sent as a number, or as a Graph time string such as
    /// `2024-01-31T12:00:00+0000`).
    pub created_time: Option<i64>,
    /// The text of the post or comment.
    pub message: Option<String>,
    /// The reaction: webhooks write it in lower case (`love`), read here as Graph's type
    /// ([`ReactionType::Love`]), open to new values.
    pub reaction_type: Option<ReactionType>,
    /// Whether the post is published (`published`, sent as `0`/`1`).
    pub published: Option<bool>,
    /// The value exactly as received.
    pub raw: Value,
}

impl FeedChange {
    fn decode(value: &Value) -> Option<FeedChange> {
        let map = value.as_object()?;
        Some(FeedChange {
            item: FeedItem::from(req_str(map, "item")?),
            verb: Verb::from(req_str(map, "verb")?),
            post_id: opt_id(map, "post_id").ok()?.map(PostId::new),
            comment_id: opt_id(map, "comment_id").ok()?.map(CommentId::new),
            parent_id: opt_id(map, "parent_id").ok()?,
            from: sender(map).ok()?,
            created_time: opt_time(map, "created_time").ok()?,
            message: opt_str(map, "message").ok()?,
            // Webhooks write reactions in lower case (`love`); Graph's reads in capitals.
            reaction_type: opt_str(map, "reaction_type")
                .ok()?
                .map(|r| ReactionType::from(r.to_ascii_uppercase().as_str())),
            published: opt_flag(map, "published").ok()?,
            raw: value.clone(),
        })
    }

    /// A new comment (or reply): item `comment`, verb `add`.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "comment", "verb": "add", "comment_id": "1_2"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_comment_added()));
    /// ```
    pub fn is_comment_added(&self) -> bool {
        self.item == FeedItem::Comment && self.verb == Verb::Add
    }

    /// A reply to a comment: a comment added whose `parent_id` is not the post.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw("feed", serde_json::json!({
    ///     "item": "comment", "verb": "add", "post_id": "1_2", "parent_id": "2_3", "comment_id": "2_4"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_reply_added()));
    /// ```
    pub fn is_reply_added(&self) -> bool {
        self.is_comment_added()
            && self.parent_id.is_some()
            && self.parent_id.as_deref() != self.post_id.as_ref().map(PostId::as_str)
    }

    /// A new reaction: item `reaction` (or the older `like`), verb `add`.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "reaction", "verb": "add", "reaction_type": "love"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_reaction_added()));
    /// ```
    pub fn is_reaction_added(&self) -> bool {
        matches!(self.item, FeedItem::Reaction | FeedItem::Like) && self.verb == Verb::Add
    }

    /// A new post on the Page (item `status`, `post`, `photo`, `video` or `share`, verb `add`).
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "photo", "verb": "add", "post_id": "1_2"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_post_added()));
    /// ```
    pub fn is_post_added(&self) -> bool {
        self.verb == Verb::Add
            && matches!(
                self.item,
                FeedItem::Status
                    | FeedItem::Post
                    | FeedItem::Photo
                    | FeedItem::Video
                    | FeedItem::Share
            )
    }

    /// Something edited (verb `edited` or `edit`).
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "status", "verb": "edited"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_edited()));
    /// ```
    pub fn is_edited(&self) -> bool {
        matches!(self.verb, Verb::Edited | Verb::Edit)
    }

    /// Something removed (verb `remove`).
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw(
    ///     "feed", serde_json::json!({"item": "comment", "verb": "remove"}));
    /// assert!(matches!(c, social_facebook::webhooks::PageChange::Feed(f) if f.is_removed()));
    /// ```
    pub fn is_removed(&self) -> bool {
        self.verb == Verb::Remove
    }

    /// [`created_time`](FeedChange::created_time) as a UTC date-time.
    ///
    /// ```
    /// let c = social_facebook::webhooks::PageChange::from_raw("feed", serde_json::json!({
    ///     "item": "post", "verb": "add", "created_time": "2024-01-31T12:00:00+0000"}));
    /// let social_facebook::webhooks::PageChange::Feed(f) = c else { unreachable!() };
    /// assert_eq!(f.created_at().unwrap().to_rfc3339(), "2024-01-31T12:00:00+00:00");
    /// ```
    pub fn created_at(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.created_time?, 0)
    }
}

/// The Page was mentioned in a post or comment (the `mention` field).
///
/// Every key, known or not, stays in [`raw`](MentionChange::raw).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct MentionChange {
    /// Where the mention is: `post` or `comment`.
    pub item: FeedItem,
    /// What happened: `add`, `edited`, `remove`.
    pub verb: Verb,
    /// The post with the mention.
    pub post_id: Option<PostId>,
    /// The comment with the mention, when `item` is `comment`.
    pub comment_id: Option<CommentId>,
    /// Who mentioned the Page (`sender_id`/`sender_name`, or `from`).
    pub sender: Option<Sender>,
    /// When, as Unix seconds, if sent.
    pub created_time: Option<i64>,
    /// The text, if sent.
    pub message: Option<String>,
    /// The value exactly as received.
    pub raw: Value,
}

impl MentionChange {
    fn decode(value: &Value) -> Option<MentionChange> {
        let map = value.as_object()?;
        Some(MentionChange {
            item: FeedItem::from(req_str(map, "item")?),
            verb: Verb::from(req_str(map, "verb")?),
            post_id: opt_id(map, "post_id").ok()?.map(PostId::new),
            comment_id: opt_id(map, "comment_id").ok()?.map(CommentId::new),
            sender: sender(map).ok()?,
            created_time: opt_time(map, "created_time").ok()?,
            message: opt_str(map, "message").ok()?,
            raw: value.clone(),
        })
    }
}

crate::models::open_enum! {
    /// What a `feed` change is about (`item`). Open: new values land in `Other`.
    ///
    /// ```
    /// use social_facebook::webhooks::FeedItem;
    /// assert_eq!(FeedItem::from("comment"), FeedItem::Comment);
    /// assert_eq!(FeedItem::from("fundraiser"), FeedItem::Other("fundraiser".into()));
    /// assert_eq!(FeedItem::Photo.to_string(), "photo");
    /// ```
    FeedItem {
        /// A text post (`status`).
        Status = "status",
        /// A post (`post`).
        Post = "post",
        /// A photo (`photo`).
        Photo = "photo",
        /// A video (`video`).
        Video = "video",
        /// A share of a link or post (`share`).
        Share = "share",
        /// A comment or reply (`comment`).
        Comment = "comment",
        /// A reaction (`reaction`); see `reaction_type`.
        Reaction = "reaction",
        /// A like (`like`), in older payloads and for Page likes.
        Like = "like",
        /// An event (`event`).
        Event = "event",
        /// An album (`album`).
        Album = "album",
    }
}

crate::models::open_enum! {
    /// What happened in a `feed` change (`verb`). Open: new values land in `Other`.
    ///
    /// ```
    /// use social_facebook::webhooks::Verb;
    /// assert_eq!(Verb::from("add"), Verb::Add);
    /// assert_eq!(Verb::from("pin"), Verb::Other("pin".into()));
    /// assert_eq!(Verb::Unhide.as_str(), "unhide");
    /// ```
    Verb {
        /// Created (`add`).
        Add = "add",
        /// Edited (`edited`).
        Edited = "edited",
        /// Edited (`edit`, in some payloads).
        Edit = "edit",
        /// Deleted (`remove`).
        Remove = "remove",
        /// Hidden by the Page (`hide`).
        Hide = "hide",
        /// Shown again (`unhide`).
        Unhide = "unhide",
        /// Its author was blocked (`block`).
        Block = "block",
        /// Its author was muted (`mute`).
        Mute = "mute",
    }
}

// Decoding helpers for change values: `Err(Undecodable)` means "present with the wrong type".

struct Undecodable;

fn req_str<'a>(map: &'a Map<String, Value>, key: &str) -> Option<&'a str> {
    map.get(key)?.as_str()
}

fn opt_str(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(Undecodable),
    }
}

fn opt_id(map: &Map<String, Value>, key: &str) -> Result<Option<String>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => value_id(v).map(Some),
    }
}

fn value_id(v: &Value) -> Result<String, Undecodable> {
    match v {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        _ => Err(Undecodable),
    }
}

fn opt_time(map: &Map<String, Value>, key: &str) -> Result<Option<i64>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => time_value(v).map(Some).ok_or(Undecodable),
    }
}

/// Unix seconds from a number (an integer, or a float truncated), a numeric string, or a Graph
/// time string (`2024-01-31T12:00:00+0000`, or RFC 3339).
fn time_value(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.is_finite() && f.abs() < 9.0e18)
                .map(|f| f as i64)
        }),
        Value::String(s) => {
            let s = s.trim();
            s.parse::<i64>()
                .ok()
                .or_else(|| {
                    DateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S%z")
                        .ok()
                        .map(|t| t.timestamp())
                })
                .or_else(|| DateTime::parse_from_rfc3339(s).ok().map(|t| t.timestamp()))
        }
        _ => None,
    }
}

fn opt_flag(map: &Map<String, Value>, key: &str) -> Result<Option<bool>, Undecodable> {
    match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(0) => Ok(Some(false)),
            Some(1) => Ok(Some(true)),
            _ => Err(Undecodable),
        },
        Some(Value::String(s)) => match s.as_str() {
            "0" | "false" => Ok(Some(false)),
            "1" | "true" => Ok(Some(true)),
            _ => Err(Undecodable),
        },
        Some(_) => Err(Undecodable),
    }
}

/// `from: {id, name}`, else the older `sender_id`/`sender_name`. A `from` without an id is
/// treated as absent.
fn sender(map: &Map<String, Value>) -> Result<Option<Sender>, Undecodable> {
    match map.get("from") {
        None | Some(Value::Null) => {}
        Some(Value::Object(from)) => {
            let Some(id) = opt_id(from, "id")? else {
                return Ok(None);
            };
            return Ok(Some(Sender {
                id,
                name: opt_str(from, "name")?,
            }));
        }
        Some(_) => return Err(Undecodable),
    }
    let name = opt_str(map, "sender_name")?;
    Ok(opt_id(map, "sender_id")?.map(|id| Sender { id, name }))
}

// serde helpers for the envelope.

fn null_as_default<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

fn required_i64<'de, D: Deserializer<'de>>(deserializer: D) -> Result<i64, D::Error> {
    let v = Value::deserialize(deserializer)?;
    match &v {
        Value::Number(_) | Value::String(_) => time_value(&v),
        _ => None,
    }
    .ok_or_else(|| serde::de::Error::custom("`time` is not a Unix time"))
}

// ---------------------------------------------------------------------------------------------
// signed_request
// ---------------------------------------------------------------------------------------------

/// A verified `signed_request` payload (deauthorize and data-deletion callbacks, page tabs).
///
/// Its `Debug` hides the `oauth_token` and any `code` or token in [`raw`](SignedRequest::raw);
/// printing `raw` yourself shows them.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The signing algorithm, as sent (always `HMAC-SHA256`, in some casing, once verified).
    pub algorithm: String,
    /// When Facebook issued it, Unix seconds.
    pub issued_at: Option<i64>,
    /// The app-scoped user id (sent as a string, sometimes as a number).
    pub user_id: Option<String>,
    /// The user's access token, when the request carries one (page tabs, canvas).
    pub oauth_token: Option<AccessToken>,
    /// When `oauth_token` expires, Unix seconds (`0` means it does not).
    pub expires: Option<i64>,
    /// The whole decoded payload, other keys included (`page`, `user`, `code`, …). It holds the
    /// token in clear: do not log it.
    pub raw: Value,
}

impl SignedRequest {
    /// [`issued_at`](SignedRequest::issued_at) as a UTC date-time.
    ///
    /// ```
    /// use social_core::auth::AppSecret;
    /// use social_facebook::webhooks::{parse_signed_request, sign_signed_request};
    ///
    /// let secret = AppSecret::new("s");
    /// let signed = sign_signed_request(
    ///     &serde_json::json!({"algorithm": "HMAC-SHA256", "issued_at": 1700000000}), &secret);
    /// let request = parse_signed_request(&signed, &secret)?;
    /// assert_eq!(request.issued_at_utc().unwrap().timestamp(), 1_700_000_000);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn issued_at_utc(&self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp(self.issued_at?, 0)
    }

    /// [`expires`](SignedRequest::expires) as a UTC date-time (`None` when absent or `0`).
    ///
    /// ```
    /// use social_core::auth::AppSecret;
    /// use social_facebook::webhooks::{parse_signed_request, sign_signed_request};
    ///
    /// let secret = AppSecret::new("s");
    /// let signed = sign_signed_request(
    ///     &serde_json::json!({"algorithm": "HMAC-SHA256", "expires": 0}), &secret);
    /// assert_eq!(parse_signed_request(&signed, &secret)?.expires_utc(), None);
    /// # Ok::<(), social_facebook::webhooks::WebhookError>(())
    /// ```
    pub fn expires_utc(&self) -> Option<DateTime<Utc>> {
        match self.expires? {
            0 => None,
            t => DateTime::from_timestamp(t, 0),
        }
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let raw = crate::redact::redact_value(&self.raw, &[]);
        f.debug_struct("SignedRequest")
            .field("algorithm", &self.algorithm)
            .field("issued_at", &self.issued_at)
            .field("user_id", &self.user_id)
            .field("oauth_token", &self.oauth_token)
            .field("expires", &self.expires)
            .field("raw", &raw)
            .finish()
    }
}

/// base64url, padded or not. Standard base64 (`+`, `/`) is mapped to it first.
const LENIENT_BASE64URL: GeneralPurpose = GeneralPurpose::new(
    &alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

fn decode_base64_lenient(text: &str) -> Option<Vec<u8>> {
    let url_safe: String = text
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    LENIENT_BASE64URL.decode(url_safe).ok()
}

/// Verifies and decodes a `signed_request`: `base64url(signature) + "." + base64url(payload)`.
///
/// The signature is the HMAC-SHA256 of the payload **as encoded in the request** (including any
/// `=` padding), keyed with the app secret, compared in constant time before the payload is
/// decoded. Both parts may be base64url without padding (what Facebook sends) or padded standard
/// base64 (`+ / =`). Surrounding whitespace is ignored. The payload's `algorithm` must be
/// `HMAC-SHA256`, compared ASCII case-insensitively (as Facebook's own SDKs do). An empty app
/// secret never verifies.
///
/// ```
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::parse_signed_request;
///
/// // A request signed with the secret "my_app_secret" (vector T9 of our notes).
/// let signed = "1PcBaxFTVHV2dQhnG-wZ7NKNqJzKWNkfV8SimmG92d0.eyJhbGdvcml0aG0iOiJITUFDLVNIQTI1NiIsImlzc3VlZF9hdCI6MTcwMDAwMDAwMCwidXNlcl9pZCI6IjIxODQ3MSJ9";
/// let request = parse_signed_request(signed, &AppSecret::new("my_app_secret"))?;
/// assert_eq!(request.user_id.as_deref(), Some("218471"));
/// assert_eq!(request.issued_at, Some(1_700_000_000));
/// assert!(parse_signed_request(signed, &AppSecret::new("wrong")).is_err());
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn parse_signed_request(
    signed_request: &str,
    app_secret: &AppSecret,
) -> Result<SignedRequest, WebhookError> {
    let malformed = |reason| WebhookError::SignedRequestMalformed { reason };
    let signed_request = signed_request.trim();
    let (signature, payload) = signed_request.split_once('.').ok_or(malformed(
        "there is no `.` between the signature and the payload",
    ))?;
    if signature.is_empty() {
        return Err(malformed("the signature is empty"));
    }
    if payload.is_empty() {
        return Err(malformed("the payload is empty"));
    }
    let signature =
        decode_base64_lenient(signature).ok_or(malformed("the signature is not base64url"))?;

    let key = app_secret.secret().as_bytes();
    if key.is_empty() || core_webhook::verify_raw(key, payload.as_bytes(), &signature).is_err() {
        return Err(WebhookError::SignedRequestSignatureMismatch);
    }

    let payload =
        decode_base64_lenient(payload).ok_or(malformed("the payload is not base64url"))?;
    let raw: Value =
        serde_json::from_slice(&payload).map_err(|_| malformed("the payload is not JSON"))?;
    let map = raw
        .as_object()
        .ok_or(malformed("the payload is not a JSON object"))?;

    let algorithm = match map.get("algorithm") {
        None | Some(Value::Null) => {
            return Err(WebhookError::UnsupportedAlgorithm { algorithm: None });
        }
        Some(Value::String(a)) => a.clone(),
        Some(_) => return Err(malformed("`algorithm` is not a string")),
    };
    if !algorithm.eq_ignore_ascii_case(SIGNED_REQUEST_ALGORITHM) {
        return Err(WebhookError::UnsupportedAlgorithm {
            algorithm: Some(bounded(&algorithm)),
        });
    }
    let time = |key: &str, reason| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(v @ (Value::Number(_) | Value::String(_))) => {
            time_value(v).map(Some).ok_or(malformed(reason))
        }
        Some(_) => Err(malformed(reason)),
    };
    let issued_at = time("issued_at", "`issued_at` is not a Unix time")?;
    let expires = time("expires", "`expires` is not a Unix time")?;
    let user_id = opt_id(map, "user_id")
        .map_err(|_| malformed("`user_id` is neither a string nor an integer"))?;
    let oauth_token = opt_str(map, "oauth_token")
        .map_err(|_| malformed("`oauth_token` is not a string"))?
        .map(AccessToken::new);

    Ok(SignedRequest {
        algorithm,
        issued_at,
        user_id,
        oauth_token,
        expires,
        raw,
    })
}

/// Builds a `signed_request` the way Facebook does: the compact JSON of `payload_json` in
/// base64url without padding, signed with HMAC-SHA256 keyed with the app secret, the signature in
/// base64url without padding, joined by a `.`.
///
/// For tests and fakes of the deauthorize and data-deletion callbacks. Include
/// `"algorithm": "HMAC-SHA256"` in the payload, or [`parse_signed_request`] refuses it.
///
/// ```
/// use serde_json::json;
/// use social_core::auth::AppSecret;
/// use social_facebook::webhooks::{parse_signed_request, sign_signed_request};
///
/// let secret = AppSecret::new("my_app_secret");
/// let signed = sign_signed_request(&json!({"algorithm": "HMAC-SHA256", "user_id": "218471"}), &secret);
/// assert!(!signed.contains('='));
/// assert_eq!(parse_signed_request(&signed, &secret)?.user_id.as_deref(), Some("218471"));
/// # Ok::<(), social_facebook::webhooks::WebhookError>(())
/// ```
pub fn sign_signed_request(payload_json: &Value, app_secret: &AppSecret) -> String {
    let payload = URL_SAFE_NO_PAD.encode(payload_json.to_string());
    let signature = URL_SAFE_NO_PAD.encode(core_webhook::sign_raw(
        app_secret.secret().as_bytes(),
        payload.as_bytes(),
    ));
    format!("{signature}.{payload}")
}
