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
//!
//! The checks of the first two are in `verification.rs`, the notifications as data in
//! `events.rs`, `signed_request` in `signed_request.rs`; all are re-exported here. Facebook's
//! documentation: <https://developers.facebook.com/docs/graph-api/webhooks/getting-started>
//! and, for the Page fields, <https://developers.facebook.com/docs/graph-api/webhooks/reference/page/>.

mod events;
mod signed_request;
mod verification;

use std::fmt;

use social_core::webhook::SignatureError;

pub use events::{
    Change, Entry, FeedChange, FeedItem, MentionChange, Notification, PageChange, Sender, Verb,
    parse_notification, verify_and_parse,
};
pub use signed_request::{SignedRequest, parse_signed_request, sign_signed_request};
pub use verification::{
    verify_signature, verify_signature_any, verify_subscription, verify_subscription_query,
};

/// The header that carries the signature of a notification, lowercase as `http` stores it.
pub const SIGNATURE_HEADER: &str = "x-hub-signature-256";

/// The only `signed_request` algorithm accepted (compared ASCII case-insensitively).
pub const SIGNED_REQUEST_ALGORITHM: &str = "HMAC-SHA256";

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
