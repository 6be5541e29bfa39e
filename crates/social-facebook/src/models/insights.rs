//! Insights metrics as Graph returns them
//! (<https://developers.facebook.com/docs/graph-api/reference/insights/>).

use chrono::{DateTime, Utc};
use serde::Deserialize;
use serde_json::Value;
use social_core::types::ids;

use super::graph_time;

social_core::wire_enum! {
    /// The aggregation period of a metric (`period=`).
    ///
    /// Open-ended: a period this SDK does not know is kept in `Other`, never an error.
    pub enum Period {
        /// `day`.
        Day = "day",
        /// `week`.
        Week = "week",
        /// `days_28`.
        Days28 = "days_28",
        /// `month`.
        Month = "month",
        /// `lifetime`.
        Lifetime = "lifetime",
        /// `total_over_range`: one total for the whole `since`–`until` range.
        TotalOverRange = "total_over_range",
        _ => Other,
    }
}

/// One value of a metric: a number, or an object keyed by a breakdown (country, city, action
/// type…), at the end of its period.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct MetricValue {
    /// The value as Graph sent it.
    #[serde(default)]
    pub value: Value,
    /// The end of the period the value covers (`None` for lifetime totals without a date).
    #[serde(default, deserialize_with = "graph_time")]
    pub end_time: Option<DateTime<Utc>>,
}

impl MetricValue {
    /// The value as a number, when it is one (a number, or a string holding one).
    ///
    /// ```
    /// use social_facebook::models::MetricValue;
    ///
    /// let v: MetricValue = serde_json::from_str(r#"{"value":42,"end_time":"2026-11-02T08:00:00+0000"}"#).unwrap();
    /// assert_eq!(v.as_f64(), Some(42.0));
    /// let by_country: MetricValue = serde_json::from_str(r#"{"value":{"FR":3,"BE":1}}"#).unwrap();
    /// assert_eq!(by_country.as_f64(), None);
    /// ```
    pub fn as_f64(&self) -> Option<f64> {
        match &self.value {
            Value::Number(n) => n.as_f64(),
            Value::String(s) => s.trim().parse::<f64>().ok(),
            _ => None,
        }
        .filter(|f| f.is_finite())
    }

    /// The value as a breakdown (`{"FR": 3, "BE": 1}`), when it is an object.
    pub fn breakdown(&self) -> Option<&serde_json::Map<String, Value>> {
        self.value.as_object()
    }
}

/// One metric over one period, with its values in time order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct Metric {
    /// The metric's name (`page_follows`).
    #[serde(default)]
    pub name: String,
    /// The period its values cover.
    #[serde(default)]
    pub period: Option<Period>,
    /// Graph's title for it.
    #[serde(default)]
    pub title: Option<String>,
    /// Graph's description of it.
    #[serde(default)]
    pub description: Option<String>,
    /// `{object-id}/insights/{metric}/{period}`.
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub id: Option<String>,
    /// The values, oldest first.
    #[serde(default)]
    pub values: Vec<MetricValue>,
    /// The single total Graph sends instead of `values` with `metric_type=total_value`
    /// (`{"value": …}`).
    #[serde(default)]
    pub total_value: Option<Value>,
}

impl Metric {
    /// The sum of the numeric values (`None` when no value is a number, e.g. breakdowns). A
    /// `total_value` answer gives its value. Summing suits counts per day (new follows, views);
    /// for figures that are themselves totals (`page_follows`) read [`latest`](Self::latest).
    ///
    /// ```
    /// use social_facebook::models::Metric;
    ///
    /// let m: Metric = serde_json::from_str(r#"{"name":"page_media_view","period":"day","values":[{"value":3},{"value":4}]}"#).unwrap();
    /// assert_eq!(m.total(), Some(7.0));
    /// ```
    pub fn total(&self) -> Option<f64> {
        if let Some(t) = &self.total_value {
            let v = t.get("value").unwrap_or(t);
            return MetricValue {
                value: v.clone(),
                end_time: None,
            }
            .as_f64();
        }
        self.values
            .iter()
            .filter_map(MetricValue::as_f64)
            .fold(None, |acc, v| Some(acc.unwrap_or(0.0) + v))
    }

    /// The most recent value.
    pub fn latest(&self) -> Option<&MetricValue> {
        self.values.last()
    }
}
