//! Insights metrics: the standard set, and the helpers that add, remove and compute them.
//! Their shape: <https://developers.facebook.com/docs/graph-api/reference/insights/>.

use serde_json::{Map, Value, json};

use super::GraphState;

#[derive(Debug, Clone)]
pub(crate) struct Metric {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) base: i64,
    /// A breakdown metric's keys and their base values (empty for a plain number).
    pub(crate) breakdown: Vec<(String, i64)>,
}

/// The breakdown metrics every state knows: their values are objects keyed by city, country
/// or reaction type, as in `page_follows_city`
/// (<https://developers.facebook.com/docs/graph-api/reference/insights/>, the successor of
/// `page_fans_city`) and `post_reactions_by_type_total` (`{"like":…,"love":…}`).
pub(super) const BREAKDOWN_METRICS: &[(&str, &[(&str, i64)])] = &[
    (
        "page_follows_city",
        &[
            ("Paris, Île-de-France, France", 610),
            ("Lyon, Auvergne-Rhône-Alpes, France", 240),
            ("Marseille, Provence-Alpes-Côte d'Azur, France", 95),
        ],
    ),
    (
        "page_follows_country",
        &[("FR", 1_180), ("BE", 88), ("CH", 41)],
    ),
    (
        "post_reactions_by_type_total",
        &[
            ("like", 21),
            ("love", 6),
            ("wow", 2),
            ("haha", 1),
            ("sorry", 1),
            ("anger", 0),
        ],
    ),
];

/// The insights metrics every state knows, with their base values (see
/// [`GraphState::set_metric`]).
pub(super) const STANDARD_METRICS: &[(&str, i64)] = &[
    ("page_follows", 1_342),
    ("page_daily_follows", 14),
    ("page_daily_follows_unique", 12),
    ("page_daily_unfollows_unique", 2),
    ("page_media_view", 5_400),
    ("page_total_media_view_unique", 3_100),
    ("page_post_engagements", 230),
    ("page_views_total", 410),
    ("page_total_actions", 25),
    ("post_total_media_view_unique", 860),
    ("post_media_view", 1_240),
    ("post_clicks", 48),
];

impl GraphState {
    /// Makes `name` a valid insights metric (or changes it). Its value for the day ending at
    /// `end_time` is `base + (end_time / 86400) % 7` (see [`metric_value`](Self::metric_value));
    /// `post_*` metrics are valid on posts only, the others on Pages only.
    pub fn set_metric(&mut self, name: &str, base: i64) {
        let title = name
            .split('_')
            .map(|word| {
                let mut chars = word.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>(),
                    None => String::new(),
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        let description = format!("{title}: a deterministic value seeded by the Graph fake");
        self.metrics.insert(
            name.to_owned(),
            Metric {
                title,
                description,
                base,
                breakdown: Vec::new(),
            },
        );
    }

    /// Makes `name` a valid breakdown metric: its value is an object with one member per key
    /// (a city, a country, a reaction type), each `base + (end_time / 86400) % 7` like
    /// [`set_metric`](Self::set_metric)'s; [`metric_value`](Self::metric_value) gives their sum.
    pub fn set_breakdown_metric(&mut self, name: &str, keys: &[(&str, i64)]) {
        let total = keys
            .iter()
            .fold(0_i64, |sum, (_, base)| sum.saturating_add(*base));
        self.set_metric(name, total);
        if let Some(metric) = self.metrics.get_mut(name) {
            metric.breakdown = keys
                .iter()
                .map(|(key, base)| ((*key).to_owned(), *base))
                .collect();
        }
    }

    /// The JSON `value` of metric `name` for the day ending at `end_time`: a number, or an
    /// object for a breakdown metric.
    pub(crate) fn metric_json(&self, name: &str, end_time: i64) -> Value {
        let day = end_time.div_euclid(86_400).rem_euclid(7);
        match self.metrics.get(name) {
            None => json!(0),
            Some(metric) if metric.breakdown.is_empty() => json!(metric.base.saturating_add(day)),
            Some(metric) => Value::Object(
                metric
                    .breakdown
                    .iter()
                    .map(|(key, base)| (key.clone(), json!(base.saturating_add(day))))
                    .collect::<Map<String, Value>>(),
            ),
        }
    }

    /// Makes `name` an invalid metric, as a deprecation does: a request naming it fails whole.
    pub fn remove_metric(&mut self, name: &str) {
        self.metrics.remove(name);
    }

    /// The value metric `name` reports for the day ending at `end_time` (Unix seconds); for a
    /// breakdown metric, the sum of its members.
    pub fn metric_value(&self, name: &str, end_time: i64) -> Option<i64> {
        self.metrics.get(name)?;
        Some(match self.metric_json(name, end_time) {
            Value::Object(members) => members
                .values()
                .filter_map(Value::as_i64)
                .fold(0, i64::saturating_add),
            value => value.as_i64().unwrap_or(0),
        })
    }
}
