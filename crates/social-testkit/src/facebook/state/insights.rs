//! Insights metrics: the standard set, and the helpers that add, remove and compute them.

use super::GraphState;

#[derive(Debug, Clone)]
pub(crate) struct Metric {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) base: i64,
}

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
    ("post_reactions_by_type_total", 31),
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
            },
        );
    }

    /// Makes `name` an invalid metric, as a deprecation does: a request naming it fails whole.
    pub fn remove_metric(&mut self, name: &str) {
        self.metrics.remove(name);
    }

    /// The value metric `name` reports for the day ending at `end_time` (Unix seconds).
    pub fn metric_value(&self, name: &str, end_time: i64) -> Option<i64> {
        let metric = self.metrics.get(name)?;
        Some(
            metric
                .base
                .saturating_add(end_time.div_euclid(86_400).rem_euclid(7)),
        )
    }
}
