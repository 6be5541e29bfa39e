//! Page and post insights (`GET /{page-id}/insights`, `GET /{post-id}/insights`).
//!
//! Insights metrics churn: Meta removed `page_fans*` and every `*impressions*` metric in 2025–2026
//! (<https://developers.facebook.com/docs/platforminsights/page/deprecated-metrics>), so metric
//! names are plain strings here, never a closed enum. The
//! [`metrics`] module names a few that were valid in 2026.
//!
//! What Graph enforces (<https://developers.facebook.com/docs/graph-api/reference/insights/>),
//! and what this module does about it:
//!
//! - **a metric is required** (Graph answers code 3001, subcode 1504028 without one): checked
//!   offline by [`InsightsBuilder::violations`];
//! - **only the last two years are kept**: a `since` older than two years before the client's
//!   clock is refused offline;
//! - **at most 90 days between `since` and `until`** ("There cannot be more than 90 days
//!   (7776000 s) between since and until"): a longer range is **split** into consecutive windows
//!   of at most 90 days, asked for one after the other, and each metric's values are merged in
//!   time order (a day seen in two windows is kept once). Each window is a call that counts
//!   against the rate limits;
//! - **one invalid metric fails the whole request** with `(#100) The value must be a valid
//!   insights metric`: [`InsightsBuilder::send`] returns that error (an [`Error::Api`] with code
//!   100, whose message also lists the metrics asked for), and
//!   [`InsightsBuilder::send_lenient`] asks again metric by metric and reports the ones Graph
//!   refuses (the churn that broke callers in facebook/facebook-python-business-sdk#656 and
//!   airbytehq/airbyte#80740).
//!
//! Graph also returns `paging.previous`/`paging.next` links on insights; they are ignored: the
//! time windows above already cover the range asked for. `since` and `until` are sent as Unix
//! seconds; the first value's `end_time` is `since` plus one day.

use std::collections::HashMap;

use chrono::{DateTime, Months, TimeDelta, Utc};
use serde::Deserialize;
use social_core::http::RequestSpec;
use social_core::{Error, Network, PostId, Result, Violation, ViolationKind};

use crate::client::FacebookClient;
use crate::models::{Metric, PageId, Period};

/// Metric names documented as valid in 2026 (checked against live v24 by airbytehq/airbyte PRs
/// #80740 and #84408). Any other name can be passed as a string.
pub mod metrics {
    /// People who follow the Page (replaces the removed `page_fans`).
    pub const PAGE_FOLLOWS: &str = "page_follows";
    /// New follows of the Page, counted once per person and day.
    pub const PAGE_DAILY_FOLLOWS_UNIQUE: &str = "page_daily_follows_unique";
    /// Views of the Page's content (replaces the removed impressions).
    pub const PAGE_MEDIA_VIEW: &str = "page_media_view";
    /// People who viewed the Page's content (replaces `page_impressions_unique`).
    pub const PAGE_TOTAL_MEDIA_VIEW_UNIQUE: &str = "page_total_media_view_unique";
    /// Engagements with the Page's posts.
    pub const PAGE_POST_ENGAGEMENTS: &str = "page_post_engagements";
    /// Views of the Page's profile.
    pub const PAGE_VIEWS_TOTAL: &str = "page_views_total";
    /// Clicks on the Page's contact information and call-to-action button.
    pub const PAGE_TOTAL_ACTIONS: &str = "page_total_actions";
    /// People who viewed a post (post insights; replaces `post_impressions_unique`).
    pub const POST_TOTAL_MEDIA_VIEW_UNIQUE: &str = "post_total_media_view_unique";
}

/// The longest `since`–`until` range Graph answers in one call: 90 days (7,776,000 s).
pub const MAX_WINDOW: TimeDelta = TimeDelta::days(90);

/// How far back Graph keeps insights, in months (two years).
pub const RETENTION_MONTHS: u32 = 24;

/// What an insights call returned: one [`Metric`] per metric and period.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct InsightsReport {
    /// The metrics, in the order Graph first returned them.
    pub metrics: Vec<Metric>,
}

impl InsightsReport {
    /// The first metric with this name (whatever its period).
    pub fn metric(&self, name: &str) -> Option<&Metric> {
        self.metrics.iter().find(|m| m.name == name)
    }

    /// The metric with this name and period.
    pub fn get(&self, name: &str, period: &Period) -> Option<&Metric> {
        self.metrics
            .iter()
            .find(|m| m.name == name && m.period.as_ref() == Some(period))
    }
}

/// A metric Graph refused, as reported by [`InsightsBuilder::send_lenient`].
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RejectedMetric {
    /// The metric's name as asked for.
    pub name: String,
    /// What Graph said (`(#100) The value must be a valid insights metric`).
    pub message: String,
    /// Graph's code (100).
    pub code: Option<i64>,
}

/// What [`InsightsBuilder::send_lenient`] returned: the metrics that worked and those Graph
/// refused.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct LenientInsights {
    /// The metrics Graph answered.
    pub report: InsightsReport,
    /// The metrics Graph refused as invalid, in the order asked for.
    pub rejected: Vec<RejectedMetric>,
}

/// Insights. Get it with [`FacebookClient::insights`].
#[derive(Debug, Clone)]
pub struct Insights {
    client: FacebookClient,
}

impl FacebookClient {
    /// Page and post insights.
    pub fn insights(&self) -> Insights {
        Insights {
            client: self.clone(),
        }
    }
}

#[derive(Debug, Clone)]
enum Target {
    Page(PageId),
    Post(PostId),
}

impl Insights {
    fn builder(&self, target: Target) -> InsightsBuilder {
        InsightsBuilder {
            client: self.client.clone(),
            target,
            metrics: Vec::new(),
            period: None,
            since: None,
            until: None,
            date_preset: None,
            metric_type: None,
            params: Vec::new(),
        }
    }

    /// A Page's insights (`GET /{page-id}/insights`; a Page token of a user with the ANALYZE
    /// task, `read_insights` and `pages_read_engagement`).
    ///
    /// ```no_run
    /// use chrono::{Duration, Utc};
    /// use social_facebook::insights::metrics;
    /// use social_facebook::models::Period;
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let now = Utc::now();
    /// // Six months: sent as two 90-day windows and merged.
    /// let report = page
    ///     .insights()
    ///     .page(&PageId::new("200000000000001"))
    ///     .metrics([metrics::PAGE_DAILY_FOLLOWS_UNIQUE, metrics::PAGE_MEDIA_VIEW])
    ///     .period(Period::Day)
    ///     .since(now - Duration::days(180))
    ///     .until(now)
    ///     .send()
    ///     .await?;
    /// let follows = report.metric(metrics::PAGE_DAILY_FOLLOWS_UNIQUE).and_then(|m| m.total());
    /// println!("{follows:?} new followers in six months");
    /// # Ok(()) }
    /// ```
    pub fn page(&self, page: &PageId) -> InsightsBuilder {
        self.builder(Target::Page(page.clone()))
    }

    /// A post's insights (`GET /{post-id}/insights`).
    ///
    /// ```no_run
    /// use social_core::PostId;
    /// use social_facebook::insights::metrics;
    /// use social_facebook::models::Period;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let report = page
    ///     .insights()
    ///     .post(&PostId::new("200000000000001_17"))
    ///     .metric(metrics::POST_TOTAL_MEDIA_VIEW_UNIQUE)
    ///     .period(Period::Lifetime)
    ///     .send()
    ///     .await?;
    /// let viewers = report
    ///     .metric(metrics::POST_TOTAL_MEDIA_VIEW_UNIQUE)
    ///     .and_then(|m| m.latest())
    ///     .and_then(|v| v.as_f64());
    /// # let _ = viewers; Ok(()) }
    /// ```
    pub fn post(&self, post: &PostId) -> InsightsBuilder {
        self.builder(Target::Post(post.clone()))
    }
}

/// `GET /{object-id}/insights` being built. See [`Insights::page`] and [`Insights::post`].
///
/// ```no_run
/// use chrono::{Duration, Utc};
/// use social_facebook::insights::metrics;
/// use social_facebook::models::Period;
/// use social_facebook::models::PageId;
///
/// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
/// // Six months of daily follows: four calls of at most 90 days, merged.
/// let report = page
///     .insights()
///     .page(&PageId::new("200000000000001"))
///     .metrics([metrics::PAGE_FOLLOWS, metrics::PAGE_POST_ENGAGEMENTS])
///     .period(Period::Day)
///     .since(Utc::now() - Duration::days(180))
///     .until(Utc::now())
///     .send_lenient()
///     .await?;
/// for rejected in &report.rejected {
///     eprintln!("Graph no longer accepts {}: {}", rejected.name, rejected.message);
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct InsightsBuilder {
    client: FacebookClient,
    target: Target,
    metrics: Vec<String>,
    period: Option<Period>,
    since: Option<DateTime<Utc>>,
    until: Option<DateTime<Utc>>,
    date_preset: Option<String>,
    metric_type: Option<String>,
    params: Vec<(String, String)>,
}

/// One request's worth of `since`/`until`.
type Window = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

#[derive(Deserialize)]
struct Envelope {
    #[serde(default)]
    data: Vec<Metric>,
}

/// Whether `e` is Graph's "(#100) The value must be a valid insights metric".
fn is_invalid_metric(e: &Error) -> bool {
    matches!(e, Error::Api(api)
        if api.code == Some(100) && api.message.to_ascii_lowercase().contains("metric"))
}

/// Merges the answers of consecutive windows: one metric per (name, period) in the order first
/// seen, values in time order, a value whose `end_time` was already seen replacing the earlier
/// one (the later window's answer is the more recent).
fn merge(windows: Vec<Vec<Metric>>) -> Vec<Metric> {
    let mut out: Vec<Metric> = Vec::new();
    let mut index: HashMap<(String, Option<Period>), usize> = HashMap::new();
    for metrics in windows {
        for m in metrics {
            let key = (m.name.clone(), m.period.clone());
            let Some(&i) = index.get(&key) else {
                index.insert(key, out.len());
                out.push(m);
                continue;
            };
            let into = &mut out[i];
            into.title = into.title.take().or(m.title);
            into.description = into.description.take().or(m.description);
            into.id = into.id.take().or(m.id);
            if m.total_value.is_some() {
                into.total_value = m.total_value;
            }
            for v in m.values {
                match into
                    .values
                    .iter_mut()
                    .find(|old| old.end_time == v.end_time)
                {
                    Some(old) => *old = v,
                    None => into.values.push(v),
                }
            }
        }
    }
    for m in &mut out {
        // Stable: values without a date keep their order, before the dated ones.
        m.values.sort_by_key(|v| v.end_time);
    }
    out
}

impl InsightsBuilder {
    /// Adds a metric (any name Graph accepts; see [`metrics`] for some).
    pub fn metric(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !self.metrics.contains(&name) {
            self.metrics.push(name);
        }
        self
    }

    /// Adds several metrics.
    pub fn metrics<S: Into<String>>(self, names: impl IntoIterator<Item = S>) -> Self {
        names.into_iter().fold(self, |b, n| b.metric(n))
    }

    /// The aggregation period.
    pub fn period(mut self, period: Period) -> Self {
        self.period = Some(period);
        self
    }

    /// The start of the range (sent as Unix seconds). Ranges over 90 days are split into
    /// windows (see the [module docs](self)).
    pub fn since(mut self, t: DateTime<Utc>) -> Self {
        self.since = Some(t);
        self
    }

    /// The end of the range (sent as Unix seconds). Without it Graph ends the range now; a
    /// `since` more than 90 days ago is then split up to the client's clock.
    pub fn until(mut self, t: DateTime<Utc>) -> Self {
        self.until = Some(t);
        self
    }

    /// A named range instead of `since`/`until` (`today`, `yesterday`, `last_7d`, `last_30d`,
    /// `last_90d`, `this_month`…), sent as is.
    pub fn date_preset(mut self, preset: impl Into<String>) -> Self {
        self.date_preset = Some(preset.into());
        self
    }

    /// `metric_type=total_value`: one total per metric ([`Metric::total_value`]) instead of a
    /// value per period, for the metrics that support it.
    pub fn metric_type_total_value(mut self) -> Self {
        self.metric_type = Some("total_value".into());
        self
    }

    /// Any other query parameter (`breakdown`, `show_description_from_api_doc`…), sent as is,
    /// replacing an earlier value of the same key (as a listing's
    /// [`param`](social_core::Listing::param)).
    pub fn param(mut self, key: impl Into<String>, value: impl Into<String>) -> Self {
        let key = key.into();
        self.params.retain(|(k, _)| *k != key);
        self.params.push((key, value.into()));
        self
    }

    fn now(&self) -> DateTime<Utc> {
        self.client.transport().clock().now().into()
    }

    /// The `since`/`until` pairs to ask for, in order: one, or consecutive windows of at most
    /// 90 days covering the range.
    fn windows(&self) -> Vec<Window> {
        let Some(since) = self.since else {
            return vec![(None, self.until)];
        };
        let end = self.until.unwrap_or_else(|| self.now());
        if end - since <= MAX_WINDOW {
            return vec![(Some(since), self.until)];
        }
        let mut out = Vec::new();
        let mut start = since;
        // `violations` bounds the range to about two years (nine windows); the cap keeps a
        // range that slipped past it from turning into thousands of calls.
        while start < end && out.len() < 64 {
            let stop = start
                .checked_add_signed(MAX_WINDOW)
                .map_or(end, |s| s.min(end));
            out.push((Some(start), Some(stop)));
            start = stop;
        }
        out
    }

    /// Every rule the request breaks, checked offline against the client's clock: no metric (Graph
    /// answers 3001/1504028), an empty metric name or one with a comma, `since` not before
    /// `until`, `since` beyond the two years Graph keeps, `until` more than a day ahead, `date_preset` with
    /// `since`/`until`, and a range over 90 days with a period or metric type that gives one total
    /// for the whole range (splitting it would change the figure).
    pub fn violations(&self) -> Vec<Violation> {
        let mut v = Vec::new();
        if self.metrics.is_empty() {
            v.push(Violation::new(
                "metric",
                ViolationKind::Empty,
                "name at least one metric (Graph answers code 3001, subcode 1504028 without one)",
            ));
        }
        for m in &self.metrics {
            if m.trim().is_empty() || m.contains(',') {
                v.push(Violation::new(
                    "metric",
                    ViolationKind::Malformed,
                    format!(
                        "{m:?} is not a metric name (one name per call to `metric`, no commas)"
                    ),
                ));
            }
        }
        if let (Some(s), Some(u)) = (self.since, self.until) {
            if s >= u {
                v.push(Violation::new(
                    "since",
                    ViolationKind::OutOfRange,
                    format!(
                        "since ({}) must be before until ({})",
                        s.to_rfc3339(),
                        u.to_rfc3339()
                    ),
                ));
            }
        }
        let now = self.now();
        if let (Some(s), Some(oldest)) = (
            self.since,
            now.checked_sub_months(Months::new(RETENTION_MONTHS)),
        ) {
            if s < oldest {
                v.push(Violation::new(
                    "since",
                    ViolationKind::OutOfRange,
                    format!(
                        "{} is more than two years ago; Graph keeps insights for two years (from {})",
                        s.to_rfc3339(),
                        oldest.to_rfc3339()
                    ),
                ));
            }
        }
        if let Some(u) = self.until {
            if u > now + TimeDelta::days(1) {
                v.push(Violation::new(
                    "until",
                    ViolationKind::OutOfRange,
                    format!(
                        "{} is in the future; insights end today ({})",
                        u.to_rfc3339(),
                        now.to_rfc3339()
                    ),
                ));
            }
        }
        if self.date_preset.is_some() && (self.since.is_some() || self.until.is_some()) {
            v.push(Violation::new(
                "date_preset",
                ViolationKind::Unsupported,
                "give either date_preset or since/until, not both",
            ));
        }
        let one_total = self.period == Some(Period::TotalOverRange) || self.metric_type.is_some();
        if one_total && self.windows().len() > 1 {
            v.push(Violation::new(
                "since",
                ViolationKind::OutOfRange,
                "a total over the range covers at most 90 days (Graph's limit); splitting it into windows would give one total per window, so ask for each window yourself",
            ));
        }
        v
    }

    fn spec(&self, metrics: &[String], window: Window) -> RequestSpec {
        let spec = match &self.target {
            Target::Page(p) => RequestSpec::get("")
                .segment(p.as_str())
                .path("insights")
                .endpoint("GET /:page/insights"),
            Target::Post(p) => RequestSpec::get("")
                .segment(p.as_str())
                .path("insights")
                .endpoint("GET /:post/insights"),
        };
        let mut spec = spec
            .query("metric", metrics.join(","))
            .query_opt("period", self.period.as_ref().map(Period::as_str))
            .query_opt("since", window.0.map(|t| t.timestamp()))
            .query_opt("until", window.1.map(|t| t.timestamp()))
            .query_opt("date_preset", self.date_preset.as_deref())
            .query_opt("metric_type", self.metric_type.as_deref());
        for (k, val) in &self.params {
            spec = spec.query(k, val);
        }
        spec
    }

    async fn fetch(&self, metrics: &[String]) -> Result<InsightsReport> {
        let mut answers = Vec::new();
        for window in self.windows() {
            let env: Envelope = self.client.send(self.spec(metrics, window)).await?;
            answers.push(env.data);
        }
        Ok(InsightsReport {
            metrics: merge(answers),
        })
    }

    fn check(&self) -> Result<()> {
        Error::check_violations(Network::Facebook, self.violations())
    }

    /// Validates and reads the metrics (one call per 90-day window, in order). When Graph
    /// refuses a metric the whole call fails with an [`Error::Api`] of code 100 whose message
    /// lists the metrics asked for; [`send_lenient`](Self::send_lenient) finds which.
    ///
    /// ```no_run
    /// use social_facebook::insights::metrics;
    /// use social_facebook::models::Period;
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let report = page
    ///     .insights()
    ///     .page(&PageId::new("200000000000001"))
    ///     .metric(metrics::PAGE_FOLLOWS)
    ///     .date_preset("last_30d")
    ///     .period(Period::Day)
    ///     .send()
    ///     .await?;
    /// for v in &report.metric(metrics::PAGE_FOLLOWS).unwrap().values {
    ///     println!("{:?}: {:?}", v.end_time, v.as_f64());
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send(self) -> Result<InsightsReport> {
        self.check()?;
        self.fetch(&self.metrics).await.map_err(|mut e| {
            if is_invalid_metric(&e) {
                if let Error::Api(api) = &mut e {
                    api.message = format!(
                        "{} (metrics asked for: {}; `send_lenient` reports which ones Graph refuses)",
                        api.message.trim_end_matches('.'),
                        self.metrics.join(", ")
                    );
                }
            }
            e
        })
    }

    /// As [`send`](Self::send), but when Graph refuses a metric as invalid, asks again for each
    /// metric alone (reads are safe to repeat) and returns the metrics that worked plus the names
    /// Graph refused with its message. Any other error still fails the call. Asking one by one
    /// costs one call per metric (and per window).
    ///
    /// ```no_run
    /// use social_facebook::insights::metrics;
    /// use social_facebook::models::Period;
    /// use social_facebook::models::PageId;
    ///
    /// # async fn run(page: social_facebook::FacebookClient) -> social_core::Result<()> {
    /// let got = page
    ///     .insights()
    ///     .page(&PageId::new("200000000000001"))
    ///     .metrics([metrics::PAGE_FOLLOWS, "page_fans"]) // page_fans was removed in 2025
    ///     .period(Period::Day)
    ///     .send_lenient()
    ///     .await?;
    /// for r in &got.rejected {
    ///     eprintln!("dropped {}: {}", r.name, r.message);
    /// }
    /// # Ok(()) }
    /// ```
    pub async fn send_lenient(self) -> Result<LenientInsights> {
        self.check()?;
        match self.fetch(&self.metrics).await {
            Ok(report) => {
                return Ok(LenientInsights {
                    report,
                    rejected: Vec::new(),
                });
            }
            Err(e) if is_invalid_metric(&e) => {}
            Err(e) => return Err(e),
        }
        let mut answers = Vec::new();
        let mut rejected = Vec::new();
        for m in &self.metrics {
            match self.fetch(std::slice::from_ref(m)).await {
                Ok(r) => answers.push(r.metrics),
                Err(e) if is_invalid_metric(&e) => {
                    let api = e.api_error();
                    rejected.push(RejectedMetric {
                        name: m.clone(),
                        message: api.map(|a| a.message.clone()).unwrap_or_default(),
                        code: api.and_then(|a| a.code),
                    });
                }
                Err(e) => return Err(e),
            }
        }
        Ok(LenientInsights {
            report: InsightsReport {
                metrics: merge(answers),
            },
            rejected,
        })
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::models::MetricValue;

    fn value(v: i64, day: u32) -> MetricValue {
        MetricValue {
            value: Value::from(v),
            end_time: chrono::NaiveDate::from_ymd_opt(2026, 1, day)
                .and_then(|d| d.and_hms_opt(8, 0, 0))
                .map(|t| t.and_utc()),
        }
    }

    fn metric(name: &str, values: Vec<MetricValue>) -> Metric {
        Metric {
            name: name.into(),
            period: Some(Period::Day),
            title: None,
            description: None,
            id: None,
            values,
            total_value: None,
        }
    }

    #[test]
    fn merge_keeps_order_and_drops_repeated_days() {
        let a = vec![metric("m", vec![value(1, 1), value(2, 2)])];
        let b = vec![
            metric("m", vec![value(2, 2), value(3, 3)]),
            metric("n", vec![value(9, 3)]),
        ];
        let merged = merge(vec![a, b]);
        assert_eq!(merged.len(), 2);
        let vals: Vec<f64> = merged[0].values.iter().filter_map(|v| v.as_f64()).collect();
        assert_eq!(vals, [1.0, 2.0, 3.0]);
        assert_eq!(merged[1].name, "n");
    }

    #[test]
    fn periods_round_trip() {
        for p in [
            "day",
            "week",
            "days_28",
            "month",
            "lifetime",
            "total_over_range",
            "quarter",
        ] {
            assert_eq!(Period::from(p).as_str(), p);
        }
        assert_eq!(Period::from("quarter"), Period::Other("quarter".into()));
    }
}
