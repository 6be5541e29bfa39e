//! Insights: `GET /{page-id}/insights`, `/{page-id}/insights/{metric}` and
//! `/{post-id}/insights`, with `metric`, `period`, `since`/`until` or `date_preset`.
//!
//! Shapes follow <https://developers.facebook.com/docs/graph-api/reference/insights/> and
//! <https://developers.facebook.com/docs/platforminsights/page> (metrics, periods, the 90-day
//! window, code 3001/1504028 without a metric).

use serde_json::{Value, json};

use super::Kind;
use super::auth::page_actor;
use super::state::GraphState;
use super::wire::{Answer, Call, Caller, error, invalid, ok, page_token_required, timestamp};

const DAY: i64 = 86_400;
/// The longest `since`/`until` window: 90 days.
const MAX_WINDOW: i64 = 90 * DAY;
const PERIODS: &[&str] = &[
    "day",
    "week",
    "days_28",
    "month",
    "lifetime",
    "total_over_range",
];

/// `(since, until)` of a `date_preset`, relative to `today` (midnight UTC).
fn preset(name: &str, today: i64) -> Option<(i64, i64)> {
    let days = match name {
        "today" => return Some((today, today + DAY)),
        "yesterday" => return Some((today - DAY, today)),
        "last_3d" => 3,
        "last_7d" => 7,
        "last_14d" => 14,
        "last_28d" => 28,
        "last_30d" => 30,
        "last_90d" => 90,
        _ => return None,
    };
    Some((today - days * DAY, today))
}

/// Reads insights of `object` (a Page or a post), for the metrics of `metric` (a comma
/// list) or of the path. Needs a Page token of the object's Page with ANALYZE and
/// `read_insights`. One unknown metric fails the whole request; `post_*` metrics are valid
/// on posts only, the others on Pages only.
pub(super) fn read(
    state: &mut GraphState,
    call: &Call,
    object: &str,
    kind: Kind,
    path_metric: Option<&str>,
) -> Answer {
    let on_post = kind == Kind::Post;
    let page = if on_post {
        state.owner_page(object).unwrap_or_default()
    } else {
        object.to_owned()
    };
    if !matches!(&call.caller, Caller::Page { page: own, .. } if *own == page) {
        return Err(page_token_required());
    }
    page_actor(state, call, &page, &["ANALYZE"], &["read_insights"], || {
        error(
            400,
            "OAuthException",
            10,
            None,
            "(#10) This endpoint requires the 'read_insights' permission and the ANALYZE task on the Page",
        )
    })?;
    let metrics: Vec<String> = match path_metric {
        Some(metric) => vec![metric.to_owned()],
        None => call
            .param("metric")
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|m| !m.is_empty())
            .map(str::to_owned)
            .collect(),
    };
    if metrics.is_empty() {
        return Err(error(400, "OAuthException", 3001, Some(1_504_028), "Invalid query")
            .with("error_user_title", json!("No Metric Specified"))
            .with(
                "error_user_msg",
                json!("No metric was specified to be fetched. Please specify one or more metrics to be fetched and try again."),
            ));
    }
    let valid =
        |name: &String| state.metrics.contains_key(name) && name.starts_with("post_") == on_post;
    if !metrics.iter().all(valid) {
        return Err(invalid("(#100) The value must be a valid insights metric"));
    }
    let period = call
        .text("period")
        .unwrap_or(if on_post { "lifetime" } else { "day" })
        .to_owned();
    if !PERIODS.contains(&period.as_str()) {
        return Err(invalid(format!(
            "(#100) period must be one of the following values: {}",
            PERIODS.join(", ")
        )));
    }
    let today = state.now().div_euclid(DAY) * DAY;
    let (mut since, mut until) = match call.text("date_preset") {
        Some(name) => preset(name, today).ok_or_else(|| {
            invalid(format!("(#100) date_preset must be one of the following values: today, yesterday, last_3d, last_7d, last_14d, last_28d, last_30d, last_90d (not {name})"))
        })?,
        None => (today - 2 * DAY, today),
    };
    let (given_since, given_until) = (call.time("since")?, call.time("until")?);
    if let Some(value) = given_until {
        until = value;
        if given_since.is_none() {
            since = until - 2 * DAY;
        }
    }
    if let Some(value) = given_since {
        since = value;
    }
    if until <= since {
        return Err(invalid("(#100) since must be before until"));
    }
    if until - since > MAX_WINDOW {
        return Err(invalid(
            "(#100) There cannot be more than 90 days (7776000 s) between since and until",
        ));
    }
    let start = since.div_euclid(DAY) * DAY;
    let days = ((until.div_euclid(DAY) * DAY - start) / DAY).max(1);
    let ends: Vec<i64> = (1..=days).map(|k| start + k * DAY).collect();
    let data: Vec<Value> = metrics
        .iter()
        .map(|name| {
            let value = |end: i64| state.metric_json(name, end);
            let values: Vec<Value> = match period.as_str() {
                "lifetime" if on_post => vec![json!({ "value": value(until) })],
                "total_over_range" => vec![json!({
                    "value": ends.iter().map(|end| value(*end)).fold(json!(0), add),
                    "end_time": timestamp(until),
                })],
                _ => ends
                    .iter()
                    .map(|end| json!({ "value": value(*end), "end_time": timestamp(*end) }))
                    .collect(),
            };
            let (title, description) = state
                .metrics
                .get(name)
                .map(|m| (m.title.clone(), m.description.clone()))
                .unwrap_or_default();
            json!({
                "name": name,
                "period": period,
                "values": values,
                "title": title,
                "description": description,
                "id": format!("{object}/insights/{name}/{period}"),
            })
        })
        .collect();
    let span = until - since;
    let shifted = |by: i64| {
        call.link(&[
            ("since", Some((since + by).to_string())),
            ("until", Some((until + by).to_string())),
            ("date_preset", None),
        ])
    };
    let paging = json!({ "previous": shifted(-span), "next": shifted(span) });
    Ok(ok(json!({ "data": data, "paging": paging })))
}

/// The sum of two metric values: numbers, or breakdown objects member by member.
fn add(sum: Value, value: Value) -> Value {
    match (sum, value) {
        (Value::Object(mut sum), Value::Object(value)) => {
            for (key, member) in value {
                let total = sum.get(&key).and_then(Value::as_i64).unwrap_or(0);
                sum.insert(
                    key,
                    json!(total.saturating_add(member.as_i64().unwrap_or(0))),
                );
            }
            Value::Object(sum)
        }
        (Value::Object(sum), Value::Number(n)) if n.as_i64() == Some(0) => Value::Object(sum),
        (Value::Number(n), Value::Object(value)) if n.as_i64() == Some(0) => Value::Object(value),
        (sum, value) => json!(
            sum.as_i64()
                .unwrap_or(0)
                .saturating_add(value.as_i64().unwrap_or(0))
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_end_today() {
        assert_eq!(preset("last_7d", 70 * DAY), Some((63 * DAY, 70 * DAY)));
        assert_eq!(preset("yesterday", 70 * DAY), Some((69 * DAY, 70 * DAY)));
        assert_eq!(preset("forever", 70 * DAY), None);
    }
}
