//! Batch requests against a local Graph: the form sent, the items read back (per-item errors,
//! `null` items, usage headers), the 50-request limit and chunks, retries by idempotency,
//! answers that do not match the requests (a protocol error for reads, unconfirmed for writes),
//! and credentials kept out of `Debug` and error text.

use std::sync::Arc;
use std::time::Duration;

use serde_json::{Value, json};
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::{AuthErrorKind, Error, ViolationKind};
use social_facebook::FacebookClient;
use social_facebook::batch::{BatchItem, BatchMethod, BatchRequest, RelativeUrl};
use social_facebook::models::Page;
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

/// `RequestSpec::post("")` goes to the client's base URL: the version, without a final `/`.
const BATCH_PATH: &str = "/v26.0";

fn client(server: &MockServer) -> (FacebookClient, ManualClock) {
    let clock = ManualClock::starting_now();
    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .access_token(AccessToken::new("page-token"))
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (fb, clock)
}

/// The form fields of a request body.
fn form(r: &Request) -> Vec<(String, String)> {
    url::form_urlencoded::parse(&r.body)
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

/// The `batch` field of a request, decoded.
fn batch_of(r: &Request) -> Vec<Value> {
    let f = form(r);
    let raw = &f
        .iter()
        .find(|(k, _)| k == "batch")
        .expect("a batch field")
        .1;
    serde_json::from_str(raw).expect("the batch field is JSON")
}

/// One item of Graph's answer: the body is a string holding JSON.
fn item(code: u16, body: &Value) -> Value {
    json!({"code": code, "body": body.to_string()})
}

#[tokio::test]
async fn the_form_carries_the_batch_as_json() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .and(query_param("access_token", "page-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            item(200, &json!({"id": "200000000000001_99"})),
            item(200, &json!({"data": []})),
            item(200, &json!({"success": true})),
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let items = fb
        .batch()
        .request(
            BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
                .form([("message", "Closed on Friday & Saturday")])
                .name("post")
                .omit_response_on_success(false),
        )
        .request(
            BatchRequest::get("{result=post:$.id}/comments?limit=5")
                .depends_on("post")
                .name("comments"),
        )
        .request(BatchRequest::delete(RelativeUrl::node(
            "200000000000001/17",
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(items.len(), 3);
    assert!(items.iter().all(BatchItem::is_success));
    assert_eq!(items[2].method(), BatchMethod::Delete);

    let received = server.received_requests().await.unwrap();
    let r = &received[0];
    assert_eq!(r.url.path(), BATCH_PATH);
    assert_eq!(
        r.headers.get("content-type").unwrap(),
        "application/x-www-form-urlencoded"
    );
    let fields = form(r);
    assert!(fields.contains(&("include_headers".into(), "false".into())));
    assert_eq!(
        batch_of(r),
        vec![
            json!({
                "method": "POST",
                "relative_url": "200000000000001/feed",
                "body": "message=Closed+on+Friday+%26+Saturday",
                "name": "post",
                "omit_response_on_success": false
            }),
            json!({
                "method": "GET",
                "relative_url": "{result=post:$.id}/comments?limit=5",
                "name": "comments",
                "depends_on": "post"
            }),
            // The id is one segment: its `/` is encoded, it cannot reach another path.
            json!({"method": "DELETE", "relative_url": "200000000000001%2F17"}),
        ]
    );
}

#[tokio::test]
async fn items_are_decoded_with_their_errors_and_usage() {
    let server = MockServer::start().await;
    let page = json!({"id": "200000000000001", "name": "Cabinet Martin", "fan_count": 1520});
    // Shaped like Graph's batch answer (<https://developers.facebook.com/docs/graph-api/batch-requests>;
    // restfb's src/test/resources/json/batch/batch-first-error.json):
    // headers as name/value pairs, bodies as JSON strings, an error item with the HTTP status
    // as `code`, and `null` for a request Graph did not run.
    let answer = json!([
        {
            "code": 200,
            "headers": [
                {"name": "Content-Type", "value": "text/javascript; charset=UTF-8"},
                {"name": "X-App-Usage", "value": "{\"call_count\":28,\"total_time\":25,\"total_cputime\":25}"}
            ],
            "body": page.to_string()
        },
        {
            "code": 400,
            "headers": [{"name": "WWW-Authenticate", "value": "OAuth \"Facebook Platform\" \"invalid_token\""}],
            "body": json!({"error": {
                "message": "Error validating access token: Session has expired on Sunday, 25-Dec-16 04:45:57 PST.",
                "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "AxYz"
            }}).to_string()
        },
        null,
        {"code": 200, "headers": [], "body": "true"},
        {"code": 200, "headers": [], "body": "not json at all"},
        null
    ]);
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(answer))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let items = fb
        .batch()
        .requests([
            BatchRequest::node("200000000000001").fields(["name", "fan_count"]),
            BatchRequest::get("me"),
            BatchRequest::get("200000000000001/posts"),
            BatchRequest::post("200000000000001_17_42").form([("is_hidden", "true")]),
            BatchRequest::get("200000000000001/picture"),
            BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
                .form([("message", "hello")]),
        ])
        .include_headers(true)
        .send()
        .await
        .unwrap();
    assert_eq!(items.len(), 6);
    let sent = server.received_requests().await.unwrap();
    assert!(form(&sent[0]).contains(&("include_headers".into(), "true".into())));

    // 0: a Page, typed, with the item's own usage header read.
    let p: Page = items[0].json().unwrap();
    assert_eq!(p.fan_count, Some(1520));
    let r0 = items[0].as_completed().unwrap();
    assert!(r0.header("x-app-usage").is_some());
    assert_eq!(r0.app_usage.as_ref().and_then(|u| u.call_count), Some(28.0));
    assert_eq!(r0.rate_limits[0].used_percent, Some(28.0));
    assert!(items[0].error().is_none());
    // The client learnt it too: the next call is checked against the items' usage.
    assert_eq!(
        fb.app_usage().and_then(|u| u.used_percent),
        Some(28.0),
        "the batch item's X-App-Usage reached the client's store"
    );

    // 1: the per-item Graph error maps like a plain call's.
    match items[1].error() {
        Some(Error::Auth {
            kind: AuthErrorKind::Expired,
            api,
            ..
        }) => {
            let api = api.unwrap();
            assert_eq!((api.code, api.subcode), (Some(190), Some(463)));
            assert_eq!(api.request_id.as_deref(), Some("AxYz"));
            assert_eq!(api.status, 400);
        }
        other => panic!("expected Auth Expired, got {other:?}"),
    }
    assert!(!items[1].is_success());
    assert!(matches!(
        items[1].json::<Value>(),
        Err(Error::Auth {
            kind: AuthErrorKind::Expired,
            ..
        })
    ));

    // 2: a GET Graph did not run: can be sent again.
    let BatchItem::NotCompleted(n) = &items[2] else {
        panic!("{:?}", items[2])
    };
    assert_eq!((n.index, n.method), (2, BatchMethod::Get));
    assert!(items[2].error().unwrap().is_retryable());
    assert_eq!(items[2].status(), None);

    // 3: a JSON body that is not an object; 4: a body that is not JSON, kept as a string.
    assert_eq!(items[3].body(), Some(&json!(true)));
    assert_eq!(items[4].body(), Some(&json!("not json at all")));
    assert!(items[4].error().is_none());

    // 5: a write Graph did not run: its outcome must be checked, never blindly replayed.
    let e = items[5].error().unwrap();
    assert!(matches!(e, Error::Unconfirmed { .. }), "{e:?}");
    assert!(!e.is_retryable());
    assert!(e.to_string().contains("POST /200000000000001/feed"), "{e}");
}

#[tokio::test]
async fn more_than_50_requests_or_none_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([])))
        .expect(0)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let too_many = fb
        .batch()
        .requests((0..51).map(|i| BatchRequest::node(format!("200000000000001_{i}"))));
    let v = too_many.violations();
    assert_eq!(v.len(), 1);
    assert_eq!(
        v[0].kind,
        ViolationKind::TooMany {
            limit: 50,
            actual: 51
        }
    );
    assert!(matches!(
        too_many.send().await,
        Err(Error::InvalidInput { .. })
    ));

    let none = fb.batch().builder().send().await.unwrap_err();
    let Error::InvalidInput { violations, .. } = none else {
        panic!()
    };
    assert_eq!(violations[0].kind, ViolationKind::Empty);

    // Every violation at once.
    let v = fb
        .batch()
        .request(BatchRequest::get("https://graph.facebook.com/v26.0/me"))
        .request(BatchRequest::node(".."))
        .request(BatchRequest::get("me").form([("a", "b")]).name("x"))
        .request(BatchRequest::get("me").name("x").depends_on("later"))
        .violations();
    let fields: Vec<&str> = v.iter().map(|v| v.field.as_ref()).collect();
    assert_eq!(
        fields,
        [
            "requests[0].relative_url",
            "requests[1].relative_url",
            "requests[2].body",
            "requests[3].name",
            "requests[3].depends_on"
        ]
    );
}

/// Answers each batch with one item per request, echoing its relative URL.
fn echo(r: &Request) -> ResponseTemplate {
    let items: Vec<Value> = batch_of(r)
        .iter()
        .map(|req| item(200, &json!({"url": req["relative_url"]})))
        .collect();
    ResponseTemplate::new(200).set_body_json(items)
}

#[tokio::test]
async fn long_lists_are_sent_in_batches_of_50() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(echo)
        .expect(3)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let builder = fb
        .batch()
        .requests((0..120).map(|i| BatchRequest::node(format!("200000000000001_{i}"))));
    assert_eq!(builder.len(), 120);
    assert_eq!(
        builder
            .clone()
            .chunks()
            .iter()
            .map(|c| c.len())
            .collect::<Vec<_>>(),
        [50, 50, 20]
    );
    let items = builder.send_all().await.into_result().unwrap();

    let sizes: Vec<usize> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| batch_of(r).len())
        .collect();
    assert_eq!(sizes, [50, 50, 20]);
    assert_eq!(items.len(), 120);
    for (i, it) in items.iter().enumerate() {
        assert_eq!(it.index(), i);
        assert_eq!(
            it.body().unwrap()["url"],
            json!(format!("200000000000001_{i}"))
        );
    }

    // A dependency cannot cross a batch boundary: refused before sending anything.
    let mut reqs: Vec<BatchRequest> = (0..60)
        .map(|i| BatchRequest::node(format!("{i}")))
        .collect();
    reqs[10] = reqs[10].clone().name("ten");
    reqs[55] = reqs[55].clone().depends_on("ten");
    let run = fb.batch().requests(reqs).send_all().await;
    assert!(run.items.is_empty());
    assert!(matches!(run.error, Some(Error::InvalidInput { .. })));
}

#[tokio::test]
async fn send_all_keeps_the_answers_before_a_failed_batch() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(echo)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "(#4) Application request limit reached", "type": "OAuthException", "is_transient": true, "code": 4, "fbtrace_id": "E+h93KlSgIM"}
        })))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let run = fb
        .batch()
        .requests((0..70).map(|i| BatchRequest::post(format!("{i}")).form([("is_hidden", "true")])))
        .send_all()
        .await;
    assert_eq!(run.items.len(), 50);
    assert!(matches!(run.error, Some(Error::RateLimited { .. })));
}

#[tokio::test]
async fn a_read_only_batch_is_retried_and_a_batch_with_writes_is_not() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(503).set_body_string("<html>Service Unavailable</html>"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(echo)
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let items = fb
        .batch()
        .request(BatchRequest::get("me"))
        .request(BatchRequest::node("200000000000001"))
        .send()
        .await
        .unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);

    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(503).set_body_string("<html>Service Unavailable</html>"),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .batch()
        .request(BatchRequest::get("me"))
        .request(
            BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
                .form([("message", "hello")]),
        )
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { cause, .. } = &err else {
        panic!("expected Unconfirmed, got {err:?}")
    };
    assert_eq!(cause.status(), Some(503));
}

/// A batch of reads only: nothing was written, the answer is a protocol error.
#[tokio::test]
async fn an_answer_that_does_not_match_the_requests_is_a_protocol_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([item(200, &json!({"id": "1"}))])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .batch()
        .request(BatchRequest::get("1"))
        .request(BatchRequest::get("2"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Protocol { message, .. } if message.contains("1 items for 2 requests")),
        "{err:?}"
    );
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_takes_the_normal_error_path() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "Too many requests in batch message. Maximum batch size is 50", "type": "GraphBatchException", "fbtrace_id": "Bq"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .batch()
        .request(BatchRequest::post("me/feed").form([("message", "x")]))
        .send()
        .await
        .unwrap_err();
    let api = err.api_error().unwrap();
    assert_eq!(api.kind.as_deref(), Some("GraphBatchException"));
    assert!(api.message.contains("Maximum batch size is 50"));
}

/// A Page token as `me/accounts` returns it.
const PAGE_TOKEN: &str = "EAAGm0PX4ZCpsBAPageTokenOfCabinetMartin0123456789";
/// A token a request carries itself, in its form or its query.
const ITEM_TOKEN: &str = "per-item-token-4242";

#[tokio::test]
async fn debug_and_item_errors_never_show_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            item(200, &json!({"data": [{
                "id": "200000000000001", "name": "Cabinet Martin",
                "access_token": PAGE_TOKEN, "tasks": ["MANAGE", "CREATE_CONTENT"]
            }]})),
            item(200, &json!({"id": "200000000000001", "access_token": PAGE_TOKEN})),
            // An error echoing what it was sent.
            item(400, &json!({"error": {
                "message": format!("(#100) Invalid parameter access_token={ITEM_TOKEN}, also {ITEM_TOKEN} and unknown_token=zzz-unknown"),
                "type": "OAuthException", "code": 100, "fbtrace_id": "Tr"
            }})),
            {"code": 200, "body": format!("access_token={PAGE_TOKEN}&expires=0")},
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let items = fb
        .batch()
        .request(BatchRequest::get("me/accounts"))
        .request(BatchRequest::node("200000000000001").fields(["access_token"]))
        .request(
            BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
                .form([("message", "hello"), ("access_token", ITEM_TOKEN)]),
        )
        .request(BatchRequest::get(format!(
            "oauth/access_token?access_token={ITEM_TOKEN}"
        )))
        .send()
        .await
        .unwrap();
    // The values are there for whoever reads them.
    assert_eq!(
        items[0].body().unwrap()["data"][0]["access_token"],
        PAGE_TOKEN
    );

    let shown = format!("{items:?}");
    assert!(!shown.contains(PAGE_TOKEN), "{shown}");
    assert!(!shown.contains(ITEM_TOKEN), "{shown}");
    assert!(shown.contains("Cabinet Martin"), "{shown}");
    assert!(
        shown.contains(r#""access_token": String("[redacted]")"#),
        "{shown}"
    );

    let e = items[2].error().unwrap();
    assert_eq!(e.api_error().unwrap().code, Some(100));
    for text in [e.to_string(), format!("{e:?}")] {
        assert!(!text.contains(ITEM_TOKEN), "{text}");
        assert!(!text.contains("zzz-unknown"), "{text}");
        assert!(text.contains("Invalid parameter"), "{text}");
    }
}

#[tokio::test]
async fn a_batch_refused_as_a_whole_masks_the_requests_tokens() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": format!("Malformed access token {ITEM_TOKEN}"), "type": "OAuthException", "code": 190, "fbtrace_id": "Bq"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .batch()
        .request(BatchRequest::get("me").query("access_token", ITEM_TOKEN))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Auth { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(ITEM_TOKEN), "{text}");
    assert!(
        text.contains("withheld"),
        "no snippet of the answer: {text}"
    );
}

#[test]
fn a_batch_request_debug_hides_its_form_credentials() {
    let request = BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
        .form([
            ("message", "Closed on Friday"),
            ("access_token", ITEM_TOKEN),
            ("appsecret_proof", "f00dfeed"),
            ("link", "https://example.com/?access_token=leaked-in-a-link"),
        ])
        .name("post");
    let shown = format!("{request:?}");
    for secret in [ITEM_TOKEN, "f00dfeed", "leaked-in-a-link"] {
        assert!(!shown.contains(secret), "{shown}");
    }
    assert!(shown.contains("Closed on Friday"), "{shown}");
    assert!(shown.contains("access_token"), "{shown}");

    let in_query = BatchRequest::get(format!("me?access_token={ITEM_TOKEN}"));
    assert!(!format!("{in_query:?}").contains(ITEM_TOKEN));
    let builder = client_offline().batch().request(request).request(in_query);
    let shown = format!("{builder:?}");
    assert!(!shown.contains(ITEM_TOKEN), "{shown}");
}

/// A client for offline checks (nothing is sent).
fn client_offline() -> FacebookClient {
    FacebookClient::builder()
        .access_token(AccessToken::new("page-token"))
        .build()
        .unwrap()
}

/// A batch of a write and a read.
fn a_write_and_a_read() -> Vec<BatchRequest> {
    vec![
        BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
            .form([("message", "hello")]),
        BatchRequest::get("me"),
    ]
}

#[tokio::test]
async fn a_write_batch_with_a_malformed_answer_is_unconfirmed() {
    for (answer, what) in [
        (
            ResponseTemplate::new(200).set_body_json(json!([item(200, &json!({"id": "1"}))])),
            "has 1 items for 2 requests",
        ),
        (
            ResponseTemplate::new(200).set_body_json(json!({"id": "1"})),
            "is not a JSON array",
        ),
    ] {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path(BATCH_PATH))
            .respond_with(answer)
            .expect(1)
            .mount(&server)
            .await;
        let (fb, _) = client(&server);
        let err = fb
            .batch()
            .requests(a_write_and_a_read())
            .send()
            .await
            .unwrap_err();
        let Error::Unconfirmed {
            endpoint,
            correlation_id,
            cause,
            ..
        } = &err
        else {
            panic!("expected Unconfirmed, got {err:?}")
        };
        assert_eq!(endpoint, "POST / (batch)");
        assert!(!correlation_id.is_empty());
        assert!(
            matches!(&**cause, Error::Protocol { message, .. } if message.contains(what)),
            "{cause:?}"
        );
        assert!(!err.is_retryable());
        let text = err.to_string();
        assert!(
            text.contains("outcome unknown for POST / (batch)"),
            "{text}"
        );
        assert!(text.contains(what), "{text}");
        assert!(text.contains(correlation_id.as_str()), "{text}");
    }

    // A body that is not JSON: unconfirmed too, and the error does not quote it.
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_string(format!("[{{\"token\": \"{PAGE_TOKEN}\"")),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .batch()
        .requests(a_write_and_a_read())
        .send()
        .await
        .unwrap_err();
    let Error::Unconfirmed { cause, .. } = &err else {
        panic!("expected Unconfirmed, got {err:?}")
    };
    assert!(matches!(&**cause, Error::Decode { .. }), "{cause:?}");
    assert!(!format!("{err:?}").contains(PAGE_TOKEN), "{err:?}");
}

#[tokio::test]
async fn a_write_batch_keeps_the_items_around_an_unreadable_one() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([
            item(200, &json!({"id": "200000000000001_99"})),
            "surprise",
            {"body": "{}"},
            item(200, &json!({"success": true})),
        ])))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let items = fb
        .batch()
        .request(
            BatchRequest::post(RelativeUrl::node("200000000000001").edge("feed"))
                .form([("message", "hello")]),
        )
        .request(BatchRequest::post("200000000000001_17_42").form([("is_hidden", "true")]))
        .request(BatchRequest::get("me"))
        .request(BatchRequest::delete("200000000000001_17_43"))
        .send()
        .await
        .unwrap();
    assert_eq!(items.len(), 4);
    assert!(items[0].is_success() && items[3].is_success());

    // The write answered with a non-object: its outcome is unknown.
    let BatchItem::NotCompleted(n) = &items[1] else {
        panic!("{:?}", items[1])
    };
    assert!(n.is_unreadable());
    assert_eq!((n.index, n.method), (1, BatchMethod::Post));
    let e = items[1].error().unwrap();
    let Error::Unconfirmed {
        endpoint, cause, ..
    } = &e
    else {
        panic!("expected Unconfirmed, got {e:?}")
    };
    assert_eq!(endpoint, "POST /200000000000001_17_42 (batch item 1)");
    assert!(
        matches!(&**cause, Error::Protocol { message, .. } if message.contains("neither an object nor null")),
        "{cause:?}"
    );
    assert!(!e.is_retryable());
    assert!(items[1].json::<Value>().is_err());

    // The read without a status code: a protocol error, not an unknown write.
    let BatchItem::NotCompleted(n) = &items[2] else {
        panic!("{:?}", items[2])
    };
    assert!(n.is_unreadable());
    assert!(matches!(
        items[2].error(),
        Some(Error::Protocol { message, .. }) if message.contains("has no status code")
    ));
}

#[tokio::test]
async fn a_read_only_batch_with_an_unreadable_item_is_a_protocol_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!([item(200, &json!({"id": "1"})), 7])),
        )
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .batch()
        .request(BatchRequest::get("1"))
        .request(BatchRequest::get("2"))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, Error::Protocol { message, .. } if message.contains("item 1")),
        "{err:?}"
    );
}

/// 120 writes, so three batches: the first answered in full, the second as `second`.
async fn send_all_with_second_answer(second: Value) -> (social_facebook::batch::BatchRun, usize) {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(echo)
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(second))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let run = fb
        .batch()
        .requests(
            (0..120).map(|i| BatchRequest::post(format!("{i}")).form([("is_hidden", "true")])),
        )
        .send_all()
        .await;
    let sent = server.received_requests().await.unwrap().len();
    (run, sent)
}

#[tokio::test]
async fn send_all_stops_after_a_batch_whose_writes_are_unconfirmed() {
    // The second batch answered with the wrong length: its items are unknown, the third is not
    // sent.
    let (run, sent) =
        send_all_with_second_answer(json!([item(200, &json!({"success": true}))])).await;
    assert_eq!(sent, 2, "nothing is sent after an unconfirmed batch");
    assert_eq!(run.items.len(), 50);
    assert!(
        matches!(run.error, Some(Error::Unconfirmed { .. })),
        "{:?}",
        run.error
    );

    // The second batch answered with one unreadable item: its other items are kept, the third
    // batch is not sent.
    let mut answer: Vec<Value> = (0..50)
        .map(|_| item(200, &json!({"success": true})))
        .collect();
    answer[3] = json!("?");
    let (run, sent) = send_all_with_second_answer(Value::Array(answer)).await;
    assert_eq!(sent, 2, "nothing is sent after an unconfirmed batch");
    assert_eq!(run.items.len(), 100);
    assert!(run.items[52].is_success());
    let BatchItem::NotCompleted(n) = &run.items[53] else {
        panic!("{:?}", run.items[53])
    };
    assert!(n.is_unreadable());
    let Some(Error::Unconfirmed { cause, .. }) = &run.error else {
        panic!("{:?}", run.error)
    };
    assert!(cause.to_string().contains("item 53"), "{cause}");
    assert!(
        cause.to_string().contains("requests 100.. were not sent"),
        "{cause}"
    );
}

// Issue 9, case 7: a batch item's body is decoded as core decodes a response, so a body that
// does not fit the type names the JSON path that failed (it said `.` before), and the value
// serde quotes is masked.
#[tokio::test]
async fn case7_batch_item_decode_error_names_the_json_path() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let posts = json!([{"id": "200000000000001_1"}, {"id": ["not", "an", "id"]}]);
    Mock::given(method("POST"))
        .and(path(BATCH_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([item(200, &posts)])))
        .expect(1)
        .mount(&server)
        .await;
    let items = fb
        .batch()
        .request(BatchRequest::get("200000000000001/posts"))
        .send()
        .await
        .unwrap();
    let err = items[0]
        .json::<Vec<social_facebook::models::Post>>()
        .unwrap_err();
    let Error::Decode { path, message, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(path, "[1].id", "{err:?}");
    assert!(message.contains("batch item 0"), "{message}");
}
