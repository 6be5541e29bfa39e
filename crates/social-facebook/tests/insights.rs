//! Page and post insights against a local Graph: the documented answer, the 90-day windows, the
//! invalid-metric error and the lenient retry, offline validation, and retries of reads.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, TimeZone, Utc};
use serde_json::{Value, json};
use social_core::auth::AccessToken;
use social_core::clock::ManualClock;
use social_core::http::{Jitter, RetryPolicy};
use social_core::{Error, PostId, ViolationKind};
use social_facebook::FacebookClient;
use social_facebook::insights::metrics;
use social_facebook::models::{PageId, Period};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const PAGE: &str = "200000000000001";
const INSIGHTS_PATH: &str = "/v26.0/200000000000001/insights";

/// The client's clock: 2026-11-25T00:00:00Z.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 0, 0, 0).unwrap()
}

fn client(server: &MockServer) -> (FacebookClient, ManualClock) {
    let clock = ManualClock::new(SystemTime::from(now()));
    let fb = FacebookClient::builder()
        .base_url(server.uri())
        .access_token(AccessToken::new("page-token"))
        .retry_policy(RetryPolicy::default().jitter(Jitter::None))
        .clock(Arc::new(clock.clone()))
        .build()
        .unwrap();
    (fb, clock)
}

fn day(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
}

/// Graph's timestamp shape: `+0000`, no colon.
fn graph_time(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S+0000").to_string()
}

fn graph_error(code: i64, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(400).set_body_json(json!({
        "error": {"message": message, "type": "OAuthException", "code": code, "fbtrace_id": "AbCdEf"}
    }))
}

const INVALID_METRIC: &str = "(#100) The value must be a valid insights metric";

/// Shaped like the example answer of the insights reference
/// (<https://developers.facebook.com/docs/graph-api/reference/insights/>): `data` of
/// `{name, period, values:[{value, end_time}], title, description, id}` plus `paging` links that
/// embed the token (which the SDK must not follow).
fn documented_answer() -> Value {
    json!({
        "data": [
            {
                "name": "page_follows",
                "period": "day",
                "values": [
                    {"value": 1520, "end_time": "2026-11-02T08:00:00+0000"},
                    {"value": 1523, "end_time": "2026-11-03T08:00:00+0000"}
                ],
                "title": "Daily Page follows",
                "description": "Daily: The number of people who follow your Page.",
                "id": "200000000000001/insights/page_follows/day"
            },
            {
                "name": "page_media_view",
                "period": "day",
                "values": [
                    {"value": 310, "end_time": "2026-11-02T08:00:00+0000"},
                    {"value": {"paid": 12, "organic": 290}, "end_time": "2026-11-03T08:00:00+0000"}
                ],
                "title": "Daily media views",
                "description": "Daily: The number of times your content was viewed.",
                "id": "200000000000001/insights/page_media_view/day"
            }
        ],
        "paging": {
            "previous": "https://graph.facebook.com/v26.0/200000000000001/insights?access_token=page-token&metric=page_follows%2Cpage_media_view&period=day&since=1761782400&until=1761955200",
            "next": "https://graph.facebook.com/v26.0/200000000000001/insights?access_token=page-token&metric=page_follows%2Cpage_media_view&period=day&since=1762128000&until=1762300800"
        }
    })
}

#[tokio::test]
async fn page_insights_read_the_documented_answer() {
    let server = MockServer::start().await;
    let since = day(2026, 11, 1);
    let until = day(2026, 11, 3);
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .and(query_param("metric", "page_follows,page_media_view"))
        .and(query_param("period", "day"))
        .and(query_param("since", since.timestamp().to_string()))
        .and(query_param("until", until.timestamp().to_string()))
        .and(query_param("access_token", "page-token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(documented_answer()))
        .expect(1) // the paging links are not followed
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let report = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metrics([metrics::PAGE_FOLLOWS, metrics::PAGE_MEDIA_VIEW])
        .period(Period::Day)
        .since(since)
        .until(until)
        .send()
        .await
        .unwrap();

    assert_eq!(report.metrics.len(), 2);
    let follows = report.get("page_follows", &Period::Day).unwrap();
    assert_eq!(follows.title.as_deref(), Some("Daily Page follows"));
    assert_eq!(
        follows.id.as_deref(),
        Some("200000000000001/insights/page_follows/day")
    );
    assert_eq!(follows.values.len(), 2);
    assert_eq!(
        follows.values[0].end_time,
        Some(Utc.with_ymd_and_hms(2026, 11, 2, 8, 0, 0).unwrap())
    );
    assert_eq!(follows.latest().and_then(|v| v.as_f64()), Some(1523.0));
    let views = report.metric("page_media_view").unwrap();
    // A breakdown value is kept as an object and left out of the sum.
    assert_eq!(views.values[1].as_f64(), None);
    assert_eq!(
        views.values[1].breakdown().and_then(|b| b.get("paid")),
        Some(&json!(12))
    );
    assert_eq!(views.total(), Some(310.0));
}

#[tokio::test]
async fn post_insights_go_to_the_post() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v26.0/200000000000001_17/insights"))
        .and(query_param("metric", "post_total_media_view_unique"))
        .and(query_param("period", "lifetime"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "data": [{
                "name": "post_total_media_view_unique",
                "period": "lifetime",
                "values": [{"value": 842}],
                "title": "Lifetime post viewers",
                "id": "200000000000001_17/insights/post_total_media_view_unique/lifetime"
            }]
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let report = fb
        .insights()
        .post(&PostId::new("200000000000001_17"))
        .metric(metrics::POST_TOTAL_MEDIA_VIEW_UNIQUE)
        .period(Period::Lifetime)
        .send()
        .await
        .unwrap();
    let m = report
        .metric(metrics::POST_TOTAL_MEDIA_VIEW_UNIQUE)
        .unwrap();
    assert_eq!(m.period, Some(Period::Lifetime));
    assert_eq!(m.values[0].end_time, None);
    assert_eq!(m.total(), Some(842.0));
}

/// The values Graph would send for `[from, to]` by day: `end_time` from `from + 1 day` to `to`,
/// the value being the day of the year (so order is easy to check).
fn daily_values(from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Value> {
    let mut out = Vec::new();
    let mut t = from + chrono::Duration::days(1);
    while t <= to {
        out.push(json!({"value": t.format("%j").to_string().parse::<i64>().unwrap(), "end_time": graph_time(t)}));
        t += chrono::Duration::days(1);
    }
    out
}

#[tokio::test]
async fn ranges_over_90_days_are_split_into_windows_and_merged() {
    let server = MockServer::start().await;
    let since = day(2026, 4, 1);
    let until = day(2026, 10, 18); // 200 days: 90 + 90 + 20
    let w1 = (since, day(2026, 6, 30));
    let w2 = (day(2026, 6, 30), day(2026, 9, 28));
    let w3 = (day(2026, 9, 28), until);
    for (i, (from, to)) in [w1, w2, w3].into_iter().enumerate() {
        let mut values = daily_values(from, to);
        if i == 1 {
            // Graph repeats the boundary day at the start of the next window: kept once.
            values.insert(
                0,
                json!({"value": 181, "end_time": graph_time(day(2026, 6, 30))}),
            );
        }
        Mock::given(method("GET"))
            .and(path(INSIGHTS_PATH))
            .and(query_param("metric", "page_daily_follows_unique"))
            .and(query_param("since", from.timestamp().to_string()))
            .and(query_param("until", to.timestamp().to_string()))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "data": [{
                    "name": "page_daily_follows_unique",
                    "period": "day",
                    "values": values,
                    "title": "Daily new follows",
                    "id": "200000000000001/insights/page_daily_follows_unique/day"
                }],
                "paging": {"next": "https://graph.facebook.com/v26.0/ignored"}
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    let (fb, _) = client(&server);

    let report = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metric(metrics::PAGE_DAILY_FOLLOWS_UNIQUE)
        .period(Period::Day)
        .since(since)
        .until(until)
        .send()
        .await
        .unwrap();

    // The windows were asked for in order.
    let sent: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| {
            r.url
                .query_pairs()
                .find(|(k, _)| k == "since")
                .unwrap()
                .1
                .into_owned()
        })
        .collect();
    let expected: Vec<String> = [w1.0, w2.0, w3.0]
        .iter()
        .map(|t| t.timestamp().to_string())
        .collect();
    assert_eq!(sent, expected);

    assert_eq!(report.metrics.len(), 1);
    let m = &report.metrics[0];
    assert_eq!(
        m.values.len(),
        200,
        "one value per day, the boundary day once"
    );
    let times: Vec<_> = m.values.iter().map(|v| v.end_time.unwrap()).collect();
    assert!(times.windows(2).all(|w| w[0] < w[1]), "in time order");
    assert_eq!(times[0], day(2026, 4, 2));
    assert_eq!(*times.last().unwrap(), until);
    assert_eq!(m.title.as_deref(), Some("Daily new follows"));
}

#[tokio::test]
async fn an_invalid_metric_fails_the_call_with_a_clear_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .respond_with(graph_error(100, INVALID_METRIC))
        .expect(1) // a 400 is not retried
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let err = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metrics([metrics::PAGE_FOLLOWS, "page_fans"])
        .period(Period::Day)
        .send()
        .await
        .unwrap_err();

    let Error::Api(api) = &err else {
        panic!("expected Error::Api, got {err:?}")
    };
    assert_eq!(api.code, Some(100));
    assert_eq!(api.status, 400);
    assert_eq!(api.request_id.as_deref(), Some("AbCdEf"));
    let text = err.to_string();
    assert!(text.contains("must be a valid insights metric"), "{text}");
    assert!(text.contains("page_follows, page_fans"), "{text}");
    assert!(!err.is_retryable());
}

#[tokio::test]
async fn send_lenient_isolates_the_invalid_metric() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .and(query_param(
            "metric",
            "page_follows,page_fans,page_views_total",
        ))
        .respond_with(graph_error(100, INVALID_METRIC))
        .expect(1)
        .mount(&server)
        .await;
    for name in ["page_follows", "page_views_total"] {
        Mock::given(method("GET"))
            .and(path(INSIGHTS_PATH))
            .and(query_param("metric", name))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "data": [{"name": name, "period": "day", "values": [{"value": 7, "end_time": "2026-11-24T08:00:00+0000"}]}]
            })))
            .expect(1)
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .and(query_param("metric", "page_fans"))
        .respond_with(graph_error(100, INVALID_METRIC))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let got = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metrics(["page_follows", "page_fans", "page_views_total"])
        .period(Period::Day)
        .send_lenient()
        .await
        .unwrap();

    let names: Vec<&str> = got.report.metrics.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["page_follows", "page_views_total"]);
    assert_eq!(got.rejected.len(), 1);
    assert_eq!(got.rejected[0].name, "page_fans");
    assert_eq!(got.rejected[0].code, Some(100));
    assert!(
        got.rejected[0]
            .message
            .contains("must be a valid insights metric")
    );
}

#[tokio::test]
async fn send_lenient_does_not_hide_other_errors() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": {"message": "Error validating access token: Session has expired", "type": "OAuthException", "code": 190, "error_subcode": 463, "fbtrace_id": "x"}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metrics(["page_follows", "page_fans"])
        .send_lenient()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: social_core::AuthErrorKind::Expired,
                ..
            }
        ),
        "{err:?}"
    );
}

#[tokio::test]
async fn requests_without_a_metric_or_with_bad_dates_are_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(0)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);

    let err = fb
        .insights()
        .page(&PageId::new(PAGE))
        .period(Period::Day)
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].field, "metric");
    assert_eq!(violations[0].kind, ViolationKind::Empty);

    // Every violation at once: since after until, and older than the two years Graph keeps.
    let builder = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metric(metrics::PAGE_FOLLOWS)
        .since(day(2024, 10, 1))
        .until(day(2024, 9, 1));
    let v = builder.violations();
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(v.iter().all(|v| v.field == "since"));
    assert!(v.iter().any(|v| v.message.contains("two years")));
    assert!(builder.send_lenient().await.is_err());

    // A total over more than 90 days cannot be split without changing its meaning.
    let v = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metric(metrics::PAGE_POST_ENGAGEMENTS)
        .period(Period::TotalOverRange)
        .since(day(2026, 1, 1))
        .until(day(2026, 6, 1))
        .violations();
    assert_eq!(v.len(), 1, "{v:?}");

    // Within two years by the client's clock (not the machine's): accepted.
    assert!(
        fb.insights()
            .page(&PageId::new(PAGE))
            .metric(metrics::PAGE_FOLLOWS)
            .since(day(2025, 1, 1))
            .until(day(2025, 3, 1))
            .violations()
            .is_empty()
    );
}

#[tokio::test]
async fn a_non_json_5xx_on_a_read_is_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .respond_with(
            ResponseTemplate::new(502)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body><h1>502 Bad Gateway</h1></body></html>"),
        )
        .up_to_n_times(1)
        .with_priority(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(INSIGHTS_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(documented_answer()))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);

    let report = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metrics([metrics::PAGE_FOLLOWS, metrics::PAGE_MEDIA_VIEW])
        .date_preset("last_7d")
        .send()
        .await
        .unwrap();
    assert_eq!(report.metrics.len(), 2);
    assert_eq!(clock.sleeps(), vec![Duration::from_millis(500)]);

    // When it keeps failing, the HTML page still yields the status and a snippet.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(503).set_body_string("<html>Service Unavailable</html>"),
        )
        .expect(3)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .insights()
        .page(&PageId::new(PAGE))
        .metric(metrics::PAGE_FOLLOWS)
        .send()
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    assert!(
        err.api_error()
            .unwrap()
            .body_snippet
            .contains("Service Unavailable")
    );
}

// Insights end today: an `until` far in the future would be split into a flood of 90-day calls.
#[tokio::test]
async fn a_future_until_is_refused_before_sending() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": []})))
        .expect(0)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .insights()
        .page(&PageId::new("1"))
        .metric(metrics::PAGE_FOLLOWS)
        .since(now() - chrono::Duration::days(10))
        .until(now() + chrono::Duration::days(365 * 50))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    assert!(
        violations
            .iter()
            .any(|v| v.field == "until" && v.kind == ViolationKind::OutOfRange),
        "{violations:?}"
    );
}
