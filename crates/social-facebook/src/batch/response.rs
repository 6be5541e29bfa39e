//! The answers of a batch: one [`BatchItem`] per request, in request order, read from Graph's
//! array; each item's error mapped by the Graph dialect's own functions, its usage read by the
//! dialect's usage reader.

use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

use http::{HeaderMap, HeaderName, HeaderValue};
use serde::de::DeserializeOwned;
use serde_json::Value;
use social_core::error::{SNIPPET_LIMIT, snippet};
use social_core::http::mask::{REDACTED, is_sensitive_header};
use social_core::http::{
    Failure, Idempotency, Response, most_constraining, outcome_unknown, parse_retry_after,
};
use social_core::{ApiError, Error, Network, RateLimit, Result};

use super::BATCH_ENDPOINT;
use super::request::{BatchMethod, BatchRequest};
use crate::client::FacebookClient;
use crate::error::{BusinessUseCaseUsage, ErrorAnswer, GraphError, GraphUsage, Usage, map_answer};
use crate::redact::{mask_text, redact_value};

/// A request Graph did not run (its answer was `null`), or, in a batch holding a write, one whose
/// answer could not be read ([`is_unreadable`](Self::is_unreadable)): either way its outcome is
/// not in the answer.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct NotCompleted {
    /// The request's position in the list given (across chunks for
    /// [`send_all`](super::BatchBuilder::send_all)).
    pub index: usize,
    /// The request's method: a `GET` can be sent again, a write must be checked first.
    pub method: BatchMethod,
    /// The SDK's id of the batch call (in its logs too).
    pub correlation_id: String,
    pub(super) endpoint: String,
    /// Why Graph's item could not be read, when it was not `null` but malformed (written by
    /// this module, never taken from the answer).
    pub(super) unreadable: Option<String>,
}

impl NotCompleted {
    /// Whether Graph answered something for this request that could not be read (not an
    /// object, no numeric `code`) rather than `null`: Graph may have run it.
    pub fn is_unreadable(&self) -> bool {
        self.unreadable.is_some()
    }

    /// The error this stands for. For an item answered `null`: for a `GET`, a transient
    /// [`Error::Api`] (retryable: send it again); for a write, [`Error::Unconfirmed`] (check
    /// whether it took effect first). For an [unreadable](Self::is_unreadable) item: for a
    /// `GET`, [`Error::Protocol`] (sending a read again is harmless); for a write,
    /// [`Error::Unconfirmed`] with that protocol error as its cause.
    pub fn error(&self) -> Error {
        if let Some(why) = &self.unreadable {
            let e = Error::Protocol {
                network: Network::Facebook,
                message: format!("item {} of the batch answer {why}", self.index),
            };
            if self.method == BatchMethod::Get {
                return e;
            }
            return Error::Unconfirmed {
                network: Network::Facebook,
                endpoint: self.endpoint.clone(),
                correlation_id: self.correlation_id.clone(),
                cause: Box::new(e),
                created: Vec::new(),
            };
        }
        let api = ApiError::new(Network::Facebook, 200)
            .with_message(format!(
                "Graph did not complete request {} of the batch (its answer was null)",
                self.index
            ))
            .with_transient(self.method == BatchMethod::Get);
        let e = Error::Api(Box::new(api));
        if self.method == BatchMethod::Get {
            e
        } else {
            Error::Unconfirmed {
                network: Network::Facebook,
                endpoint: self.endpoint.clone(),
                correlation_id: self.correlation_id.clone(),
                cause: Box::new(e),
                created: Vec::new(),
            }
        }
    }
}

/// The answer to one request of a batch that Graph ran.
///
/// Its `Debug` hides credentials in the body and headers (see the [`batch`](crate::batch) docs); read
/// [`body`](Self::body) for the real values.
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct BatchResult {
    /// The request's position in the list given (across chunks for
    /// [`send_all`](super::BatchBuilder::send_all)).
    pub index: usize,
    /// The request's method.
    pub method: BatchMethod,
    /// The HTTP status Graph gave this request (`code`).
    pub status: u16,
    /// The item's headers (only with [`include_headers`](super::BatchBuilder::include_headers)).
    pub headers: Vec<(String, String)>,
    /// The body, decoded from the JSON string Graph sends; a body that is not JSON is kept as a
    /// string, and a missing one (`omit_response_on_success`) is `null`.
    pub body: Value,
    /// `X-App-Usage` of this request, when its headers carry it.
    pub app_usage: Option<Usage>,
    /// `X-Page-Usage` of this request, when its headers carry it.
    pub page_usage: Option<Usage>,
    /// `X-Business-Use-Case-Usage` of this request, when its headers carry it.
    pub business_use_case_usage: Vec<BusinessUseCaseUsage>,
    /// The usages above as rate-limit windows (buckets as in [`crate::error`]).
    pub rate_limits: Vec<RateLimit>,
    /// When the batch answer came, by the client's clock.
    pub received_at: SystemTime,
    /// The SDK's id of the batch call (in its logs too).
    pub correlation_id: String,
    pub(super) endpoint: String,
    /// The Page the request counts against, when its path names one.
    pub(super) page: Option<String>,
    /// The credentials the batch's requests carried, masked in errors built from the body.
    pub(super) sensitive: Arc<[String]>,
}

impl fmt::Debug for BatchResult {
    // The body may hold Page tokens (`me/accounts`, `?fields=access_token`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers = self
            .headers
            .iter()
            .map(|(k, v)| {
                let v = if is_sensitive_header(k) {
                    REDACTED.to_string()
                } else {
                    mask_text(v, &self.sensitive)
                };
                (k.as_str(), v)
            })
            .collect::<Vec<_>>();
        f.debug_struct("BatchResult")
            .field("index", &self.index)
            .field("method", &self.method)
            .field("status", &self.status)
            .field("headers", &headers)
            .field("body", &self.redacted_body())
            .field("app_usage", &self.app_usage)
            .field("page_usage", &self.page_usage)
            .field("business_use_case_usage", &self.business_use_case_usage)
            .field("rate_limits", &self.rate_limits)
            .field("received_at", &self.received_at)
            .field("correlation_id", &self.correlation_id)
            .field("endpoint", &self.endpoint)
            .finish()
    }
}

impl BatchResult {
    /// The answer to `request`, with its usage read from its own headers by the Graph dialect's
    /// usage reader.
    #[allow(clippy::too_many_arguments)]
    fn new(
        index: usize,
        request: &BatchRequest,
        status: u16,
        headers: Vec<(String, String)>,
        body: Value,
        received_at: SystemTime,
        correlation_id: String,
        sensitive: Arc<[String]>,
    ) -> Self {
        let page = request.page();
        let usage = GraphUsage::read(&header_map(&headers));
        BatchResult {
            index,
            method: request.method,
            status,
            rate_limits: usage.rate_limits(page.as_deref(), received_at),
            app_usage: usage.app,
            page_usage: usage.page,
            business_use_case_usage: usage.business_use_case,
            headers,
            body,
            received_at,
            correlation_id,
            endpoint: request.endpoint(index),
            page,
            sensitive,
        }
    }

    /// A header of the item (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// Whether the request succeeded: a 2xx without an error object.
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status) && GraphError::from_json(&self.body).is_none()
    }

    fn header_map(&self) -> HeaderMap {
        header_map(&self.headers)
    }

    /// The body with its credentials hidden, for `Debug` and errors.
    fn redacted_body(&self) -> Value {
        redact_value(&self.body, &self.sensitive)
    }

    /// A bounded snippet of the redacted body, for errors.
    fn body_snippet(&self) -> String {
        let text = match self.redacted_body() {
            Value::String(s) => s,
            other => other.to_string(),
        };
        snippet(text.as_bytes(), SNIPPET_LIMIT)
    }

    /// `text` taken from the body, with credentials masked.
    fn mask(&self, text: &str) -> String {
        mask_text(text, &self.sensitive)
    }

    /// The request's failure, when it failed: the `{"error":{…}}` in its body (or an error
    /// status without one), mapped onto [`Error`] exactly as a plain call's (code 190/463 is
    /// `Auth { kind: Expired }`, code 4/17/32/80001… `RateLimited`, 506 `Duplicate`…). Its
    /// message and body snippet have credentials masked (see the [`batch`](crate::batch) docs).
    ///
    /// A write (`POST`, `DELETE`) that failed with a 5xx or a transient error may have taken
    /// effect: its error is [`Error::Unconfirmed`], with the mapped error as its cause.
    pub fn error(&self) -> Option<Error> {
        let e = self.mapped_error()?;
        let failure = Failure::Status {
            status: self.status,
            retry_after: e.retry_after(),
            rate_limited: matches!(e, Error::RateLimited { .. }),
            transient: e.api_error().is_some_and(|a| a.transient),
        };
        let idempotency = match self.method {
            BatchMethod::Get => Idempotency::Safe,
            BatchMethod::Post | BatchMethod::Delete => Idempotency::Unsafe,
        };
        if outcome_unknown(idempotency, &failure, &e) {
            return Some(Error::unconfirmed(
                Network::Facebook,
                self.endpoint.clone(),
                self.correlation_id.clone(),
                e,
            ));
        }
        Some(e)
    }

    /// The item's error as Graph's answer says it, before the rule for writes: mapped by the
    /// Graph dialect's own reading of an error answer, from the item's status, headers and body.
    fn mapped_error(&self) -> Option<Error> {
        if self.status < 400 && GraphError::from_json(&self.body).is_none() {
            return None;
        }
        let headers = self.header_map();
        let retry_after = parse_retry_after(&headers, self.received_at);
        let base = ApiError::new(Network::Facebook, self.status)
            .with_body_snippet(self.body_snippet())
            .with_retry_after(retry_after)
            .with_rate_limit(most_constraining(&self.rate_limits).cloned());
        let mask = |s: &str| self.mask(s);
        Some(map_answer(&ErrorAnswer {
            status: self.status,
            headers: &headers,
            json: Some(&self.body),
            base,
            rate_limits: &self.rate_limits,
            retry_after,
            now: self.received_at,
            endpoint: &self.endpoint,
            page: self.page.as_deref(),
            mask: &mask,
        }))
    }

    /// Decodes the body into `T`; an item that failed gives its [`error`](Self::error).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        if let Some(e) = self.error() {
            return Err(e);
        }
        serde_path_to_error::deserialize(&self.body).map_err(|e| {
            let path = e.path().to_string();
            Error::Decode {
                network: Network::Facebook,
                type_name: std::any::type_name::<T>(),
                path,
                // serde quotes the value it refused: it may be a token.
                message: format!(
                    "{} (in the body of batch item {})",
                    self.mask(&e.into_inner().to_string()),
                    self.index
                ),
                snippet: self.body_snippet(),
            }
        })
    }
}

/// The answer to one request of a batch, in request order.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum BatchItem {
    /// Graph ran the request (successfully or not: see [`BatchResult::error`]).
    Completed(Box<BatchResult>),
    /// Graph did not run it (`null`). A `GET` can be sent again; a write may or may not have
    /// happened: check before sending it again.
    NotCompleted(NotCompleted),
}

impl BatchItem {
    /// The request's position in the list given.
    pub fn index(&self) -> usize {
        match self {
            BatchItem::Completed(r) => r.index,
            BatchItem::NotCompleted(n) => n.index,
        }
    }

    /// The request's method.
    pub fn method(&self) -> BatchMethod {
        match self {
            BatchItem::Completed(r) => r.method,
            BatchItem::NotCompleted(n) => n.method,
        }
    }

    /// The item's HTTP status, when Graph ran it.
    pub fn status(&self) -> Option<u16> {
        self.as_completed().map(|r| r.status)
    }

    /// The decoded body, when Graph ran it.
    pub fn body(&self) -> Option<&Value> {
        self.as_completed().map(|r| &r.body)
    }

    /// The answer, when Graph ran the request.
    pub fn as_completed(&self) -> Option<&BatchResult> {
        match self {
            BatchItem::Completed(r) => Some(r),
            BatchItem::NotCompleted(_) => None,
        }
    }

    /// Whether Graph ran the request and it succeeded.
    pub fn is_success(&self) -> bool {
        self.as_completed().is_some_and(BatchResult::is_success)
    }

    /// Why the request failed, if it did: [`BatchResult::error`] for a completed item,
    /// [`NotCompleted::error`] for one Graph did not run.
    ///
    /// ```no_run
    /// use social_core::{AuthErrorKind, Error};
    /// use social_facebook::batch::BatchRequest;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let items = page.batch().request(BatchRequest::get("me")).send().await?;
    /// if let Some(Error::Auth { kind: AuthErrorKind::Expired, .. }) = items[0].error() {
    ///     println!("the token expired: sign in again");
    /// }
    /// # Ok(()) }
    /// ```
    pub fn error(&self) -> Option<Error> {
        match self {
            BatchItem::Completed(r) => r.error(),
            BatchItem::NotCompleted(n) => Some(n.error()),
        }
    }

    /// Decodes the body into `T`; a failed or not completed item gives its
    /// [`error`](Self::error).
    ///
    /// ```no_run
    /// use social_facebook::batch::BatchRequest;
    /// use social_facebook::models::Page;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let items = page
    ///     .batch()
    ///     .request(BatchRequest::node("200000000000001").fields(["name", "fan_count"]))
    ///     .send()
    ///     .await?;
    /// let profile: Page = items[0].json()?;
    /// # let _ = profile; Ok(()) }
    /// ```
    pub fn json<T: DeserializeOwned>(&self) -> Result<T> {
        match self {
            BatchItem::Completed(r) => r.json(),
            BatchItem::NotCompleted(n) => Err(n.error()),
        }
    }
}

/// What [`BatchBuilder::send_all`](super::BatchBuilder::send_all) did: the answers of every batch sent, in request order, and
/// the error that stopped it, if one did.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchRun {
    /// The answers of the batches that were answered: requests `0..items.len()`.
    pub items: Vec<BatchItem>,
    /// The error that stopped the run, if one did; the requests from `items.len()` on were not
    /// answered. It is offline validation (nothing sent), the error of the batch holding
    /// request `items.len()` (after an [`Error::Unconfirmed`] the writes of that batch may or
    /// may not have happened), or an [`Error::Unconfirmed`] for an answered batch with
    /// [unreadable](NotCompleted::is_unreadable) items: that batch's items are in
    /// [`items`](Self::items) and the batches after it were not sent.
    pub error: Option<Error>,
}

impl BatchRun {
    /// The items, or the error that stopped the run (dropping the items of the batches that
    /// were answered: read [`items`](Self::items) first when some were writes).
    pub fn into_result(self) -> Result<Vec<BatchItem>> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.items),
        }
    }
}

/// Reads the answer of a batch Graph answered 2xx: one [`BatchItem`] per request, in order,
/// each item's usage remembered by the client and each quota an item says is throttled cooled
/// down, as for plain calls. An answer that does not match the requests is an error (see the
/// [module](super) docs); a batch answered with an error object is mapped as an error answer.
pub(super) fn read_answer(
    client: &FacebookClient,
    resp: &Response,
    requests: &[BatchRequest],
    offset: usize,
    writes: bool,
    sensitive: Arc<[String]>,
) -> Result<Vec<BatchItem>> {
    let cid = resp.correlation_id().to_string();
    // Graph answered 2xx: a batch with writes ran, so an answer that cannot be matched to the
    // requests leaves their outcome unknown.
    let unconfirmed = |cause: Error| Error::Unconfirmed {
        network: Network::Facebook,
        endpoint: BATCH_ENDPOINT.into(),
        correlation_id: cid.clone(),
        cause: Box::new(cause),
        created: Vec::new(),
    };
    let malformed = |what: String| {
        let e = Error::Protocol {
            network: Network::Facebook,
            message: format!("the batch answer {what}"),
        };
        if writes { unconfirmed(e) } else { e }
    };
    let answer: Value = match resp.json() {
        Ok(v) => v,
        Err(e) if writes => return Err(unconfirmed(e)),
        Err(e) => return Err(e),
    };
    let now = client.transport().clock().now();
    let raw_items = match answer {
        Value::Array(items) => items,
        // An error object with a success status: mapped as if it came with an error one.
        other if GraphError::from_json(&other).is_some() => {
            let retry_after = parse_retry_after(resp.headers(), now);
            let base = ApiError::new(Network::Facebook, resp.status().as_u16())
                .with_body_snippet(format!(
                    "[{} bytes withheld: the response may carry credentials]",
                    resp.body().len()
                ))
                .with_retry_after(retry_after)
                .with_rate_limit(resp.rate_limit().cloned());
            let mask = |s: &str| mask_text(s, &sensitive);
            let e = map_answer(&ErrorAnswer {
                status: resp.status().as_u16(),
                headers: resp.headers(),
                json: Some(&other),
                base,
                rate_limits: resp.rate_limits(),
                retry_after,
                now,
                endpoint: BATCH_ENDPOINT,
                page: None,
                mask: &mask,
            });
            cool_down_throttled(client, [&e]);
            return Err(e);
        }
        _ => return Err(malformed("is not a JSON array".into())),
    };
    if raw_items.len() != requests.len() {
        return Err(malformed(format!(
            "has {} items for {} requests",
            raw_items.len(),
            requests.len()
        )));
    }
    let mut out = Vec::with_capacity(raw_items.len());
    for (i, (raw, req)) in raw_items.into_iter().zip(requests).enumerate() {
        let index = offset + i;
        let endpoint = req.endpoint(index);
        let not_completed = |unreadable: Option<&str>| {
            BatchItem::NotCompleted(NotCompleted {
                index,
                method: req.method,
                correlation_id: cid.clone(),
                endpoint: endpoint.clone(),
                unreadable: unreadable.map(str::to_string),
            })
        };
        // A malformed item: the whole batch fails when it holds reads only; with writes, the
        // other items are kept and this one's outcome is unknown.
        let unreadable = |why: &str| {
            if writes {
                Ok(not_completed(Some(why)))
            } else {
                Err(Error::Protocol {
                    network: Network::Facebook,
                    message: format!("item {index} of the batch answer {why}"),
                })
            }
        };
        let item = match raw {
            Value::Null => not_completed(None),
            Value::Object(obj) => {
                let Some(status) = obj
                    .get("code")
                    .and_then(Value::as_u64)
                    .and_then(|c| u16::try_from(c).ok())
                else {
                    out.push(unreadable("has no status code")?);
                    continue;
                };
                let headers = read_headers(obj.get("headers"));
                let body = match obj.get("body") {
                    Some(Value::String(s)) => {
                        serde_json::from_str(s).unwrap_or_else(|_| Value::String(s.clone()))
                    }
                    Some(other) => other.clone(),
                    None => Value::Null,
                };
                BatchItem::Completed(Box::new(BatchResult::new(
                    index,
                    req,
                    status,
                    headers,
                    body,
                    now,
                    cid.clone(),
                    sensitive.clone(),
                )))
            }
            _ => unreadable("is neither an object nor null")?,
        };
        out.push(item);
    }
    // Each item counted against the quotas like a call of its own and carries its own usage
    // headers: the client's store learns them, in order, so the next call is checked.
    let learnt: Vec<RateLimit> = out
        .iter()
        .filter_map(BatchItem::as_completed)
        .flat_map(|r| r.rate_limits.iter().cloned())
        .collect();
    client.transport().remember_rate_limits(learnt);
    // Items throttled without a word on when it ends cool their quota down, as a plain call's
    // answer would.
    let errors: Vec<Error> = out
        .iter()
        .filter_map(BatchItem::as_completed)
        .filter_map(BatchResult::mapped_error)
        .collect();
    cool_down_throttled(client, &errors);
    Ok(out)
}

/// Cools down the quota of every error that is a rate limit saying no wait, as the transport
/// does for a plain call's answer.
fn cool_down_throttled<'e>(client: &FacebookClient, errors: impl IntoIterator<Item = &'e Error>) {
    let buckets: Vec<String> = errors
        .into_iter()
        .filter_map(|e| match e {
            Error::RateLimited {
                retry_after: None,
                bucket: Some(b),
                ..
            } => Some(b.clone()),
            _ => None,
        })
        .collect();
    if !buckets.is_empty() {
        client.transport().cool_down(buckets);
    }
}

/// `[{"name":…,"value":…}]` → pairs; entries without a name are skipped.
fn read_headers(v: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Array(list)) = v else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|h| {
            let name = h.get("name")?.as_str()?.to_string();
            let value = match h.get("value")? {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            Some((name, value))
        })
        .collect()
}

/// An item's headers as a [`HeaderMap`]; names or values that are not valid HTTP are skipped.
fn header_map(headers: &[(String, String)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (k, v) in headers {
        if let (Ok(k), Ok(v)) = (
            HeaderName::from_bytes(k.as_bytes()),
            HeaderValue::from_str(v),
        ) {
            map.append(k, v);
        }
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::APP_BUCKET;
    use std::time::Duration;

    /// How long an item's `Retry-After` asks to wait.
    fn item_retry_after(r: &BatchResult) -> Option<Duration> {
        parse_retry_after(&r.header_map(), r.received_at)
    }

    fn result(status: u16, body: Value, headers: Vec<(&str, &str)>) -> BatchResult {
        let headers: Vec<(String, String)> = headers
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        BatchResult::new(
            0,
            &BatchRequest::get("1"),
            status,
            headers,
            body,
            now,
            "c".into(),
            Arc::from(vec!["per-item-secret".to_string()]),
        )
    }

    #[test]
    fn item_rate_limit_uses_the_item_headers() {
        let body = serde_json::json!({"error":{"message":"(#4) Application request limit reached","type":"OAuthException","is_transient":true,"code":4,"fbtrace_id":"E+h93KlSgIM"}});
        let r = result(
            403,
            body,
            vec![
                (
                    "X-App-Usage",
                    r#"{"call_count":100,"total_time":25,"total_cputime":25}"#,
                ),
                ("Retry-After", "30"),
            ],
        );
        assert_eq!(
            r.app_usage.as_ref().and_then(Usage::max_percent),
            Some(100.0)
        );
        assert_eq!(item_retry_after(&r), Some(Duration::from_secs(30)));
        match r.error() {
            Some(Error::RateLimited {
                retry_after,
                bucket,
                api,
                ..
            }) => {
                assert_eq!(retry_after, Some(Duration::from_secs(30)));
                assert_eq!(bucket.as_deref(), Some(APP_BUCKET));
                assert_eq!(api.unwrap().request_id.as_deref(), Some("E+h93KlSgIM"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn item_errors_and_debug_mask_the_requests_credentials() {
        let r = result(
            400,
            serde_json::json!({"error": {"message": "(#100) per-item-secret is not valid for access_token=other-one", "type": "OAuthException", "code": 100}}),
            vec![("Set-Cookie", "datr=cookie-value")],
        );
        let e = r.error().unwrap();
        for shown in [e.to_string(), format!("{e:?}"), format!("{r:?}")] {
            assert!(!shown.contains("per-item-secret"), "{shown}");
            assert!(!shown.contains("other-one"), "{shown}");
            assert!(!shown.contains("cookie-value"), "{shown}");
        }
        assert_eq!(e.api_error().unwrap().code, Some(100));

        let r = result(200, serde_json::json!({"id": "per-item-secret"}), vec![]);
        // serde quotes the string it refused.
        let e = r
            .json::<std::collections::HashMap<String, u64>>()
            .unwrap_err();
        let Error::Decode { message, .. } = &e else {
            panic!("{e:?}")
        };
        assert!(message.contains("invalid type: string"), "{message}");
        assert!(!format!("{e:?}").contains("per-item-secret"), "{e:?}");
    }

    #[test]
    fn an_error_status_without_an_error_object_maps_by_status() {
        let r = result(404, Value::String("Not Found".into()), vec![]);
        assert!(matches!(r.error(), Some(Error::NotFound { .. })));
        let ok = result(200, serde_json::json!({"id":"1"}), vec![]);
        assert!(ok.error().is_none());
        assert!(ok.is_success());
    }
}
