//! Page and member statistics as LinkedIn's statistics finders serve them: follower statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/follower-statistics>),
//! share statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics>),
//! page statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/page-statistics>),
//! member post statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics>)
//! and member follower statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/follower-statistics>).
//!
//! Every element is read leniently: counts LinkedIn leaves out are `None` (never a made-up
//! zero), and fields not typed here stay in `extra`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::EpochMillis;

/// The interval an element of a time-bound answer covers (epoch milliseconds, `start`
/// inclusive, `end` exclusive).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TimeRange {
    /// Start.
    pub start: EpochMillis,
    /// End.
    pub end: EpochMillis,
}

/// Followers, organic and paid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FollowerCounts {
    /// Followers who came on their own.
    #[serde(default)]
    pub organic_follower_count: Option<u64>,
    /// Followers who came from sponsored content.
    #[serde(default)]
    pub paid_follower_count: Option<u64>,
}

/// New followers in one interval, organic and paid.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FollowerGains {
    /// Organic gains.
    #[serde(default, alias = "organicFollowerGains")]
    pub organic_follower_gain: Option<i64>,
    /// Paid gains.
    #[serde(default, alias = "paidFollowerGains")]
    pub paid_follower_gain: Option<i64>,
}

/// The followers of one facet value (one seniority, one country…): the facet as sent (for
/// instance `"seniority": "urn:li:seniority:3"`) and its counts.
///
/// ```
/// use social_linkedin::models::FollowerFacet;
///
/// let f: FollowerFacet = serde_json::from_value(serde_json::json!({
///     "seniority": "urn:li:seniority:3",
///     "followerCounts": { "organicFollowerCount": 12, "paidFollowerCount": 1 }
/// })).unwrap();
/// assert_eq!(f.facet(), Some(("seniority", "urn:li:seniority:3")));
/// assert_eq!(f.follower_counts.organic_follower_count, Some(12));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FollowerFacet {
    /// The counts.
    #[serde(default)]
    pub follower_counts: FollowerCounts,
    /// The facet field and value as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FollowerFacet {
    /// The facet's field and value (`("function", "urn:li:function:8")`), when it is text.
    pub fn facet(&self) -> Option<(&str, &str)> {
        self.extra
            .iter()
            .find_map(|(k, v)| v.as_str().map(|v| (k.as_str(), v)))
    }
}

/// One element of `organizationalEntityFollowerStatistics`. Lifetime answers carry the
/// breakdowns by facet; time-bound answers carry one element per interval with `time_range`
/// and `follower_gains` only (LinkedIn does not split gains by facet).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct FollowerStatistics {
    /// The page (`urn:li:organization:…`).
    #[serde(default)]
    pub organizational_entity: Option<String>,
    /// The interval (time-bound answers).
    #[serde(default)]
    pub time_range: Option<TimeRange>,
    /// New followers in the interval (time-bound answers).
    #[serde(default)]
    pub follower_gains: Option<FollowerGains>,
    /// By association (employees and others).
    #[serde(default)]
    pub follower_counts_by_association_type: Vec<FollowerFacet>,
    /// By seniority.
    #[serde(default)]
    pub follower_counts_by_seniority: Vec<FollowerFacet>,
    /// By job function.
    #[serde(default)]
    pub follower_counts_by_function: Vec<FollowerFacet>,
    /// By industry.
    #[serde(default)]
    pub follower_counts_by_industry: Vec<FollowerFacet>,
    /// By country.
    #[serde(default)]
    pub follower_counts_by_geo_country: Vec<FollowerFacet>,
    /// By region.
    #[serde(default)]
    pub follower_counts_by_geo: Vec<FollowerFacet>,
    /// By company size.
    #[serde(default)]
    pub follower_counts_by_staff_count_range: Vec<FollowerFacet>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The counts of `totalShareStatistics` (organic only).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TotalShareStatistics {
    /// Times shown.
    #[serde(default)]
    pub impression_count: Option<u64>,
    /// Distinct members shown.
    #[serde(default)]
    pub unique_impressions_count: Option<u64>,
    /// Clicks.
    #[serde(default)]
    pub click_count: Option<u64>,
    /// Reactions.
    #[serde(default)]
    pub like_count: Option<u64>,
    /// Comments.
    #[serde(default)]
    pub comment_count: Option<u64>,
    /// Reshares.
    #[serde(default)]
    pub share_count: Option<u64>,
    /// (clicks + likes + comments + shares) / impressions.
    #[serde(default)]
    pub engagement: Option<f64>,
    /// Fields not typed here (`shareMentionsCount`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One element of `organizationalEntityShareStatistics`: the page's posts (or one post, with
/// `share` / `ugc_post`), over their life or one interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ShareStatistics {
    /// The page.
    #[serde(default)]
    pub organizational_entity: Option<String>,
    /// The post, when statistics were asked per `urn:li:share:…`.
    #[serde(default)]
    pub share: Option<String>,
    /// The post, when statistics were asked per `urn:li:ugcPost:…`.
    #[serde(default)]
    pub ugc_post: Option<String>,
    /// The interval (time-bound answers).
    #[serde(default)]
    pub time_range: Option<TimeRange>,
    /// The counts.
    #[serde(default)]
    pub total_share_statistics: TotalShareStatistics,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Page views and unique views of one kind of page view (`allPageViews`,
/// `careersPageViews`…).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PageViews {
    /// Views.
    #[serde(default)]
    pub page_views: Option<u64>,
    /// Distinct viewers (deprecated by LinkedIn in time-bound answers).
    #[serde(default)]
    pub unique_page_views: Option<u64>,
}

/// `totalPageStatistics`: views by kind (`allPageViews`, `overviewPageViews`…) and clicks as
/// sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TotalPageStatistics {
    /// Views, by kind.
    #[serde(default)]
    pub views: Map<String, Value>,
    /// Clicks, as sent.
    #[serde(default)]
    pub clicks: Option<Value>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl TotalPageStatistics {
    /// The views of one kind (`"allPageViews"`), when sent.
    pub fn views_of(&self, kind: &str) -> Option<PageViews> {
        serde_json::from_value(self.views.get(kind)?.clone()).ok()
    }

    /// All page views (`allPageViews.pageViews`).
    pub fn all_page_views(&self) -> Option<u64> {
        self.views_of("allPageViews")?.page_views
    }
}

/// One element of `organizationPageStatistics`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct PageStatistics {
    /// The page.
    #[serde(default)]
    pub organization: Option<String>,
    /// The interval (time-bound answers).
    #[serde(default)]
    pub time_range: Option<TimeRange>,
    /// The totals.
    #[serde(default)]
    pub total_page_statistics: TotalPageStatistics,
    /// Breakdowns not typed here (`pageStatisticsBySeniority`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One element of `memberCreatorPostAnalytics`: a count of the metric asked for, over the
/// whole life (`aggregation=TOTAL`) or one day (`DAILY`, with `dateRange`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MemberPostAnalytic {
    /// The count.
    #[serde(default)]
    pub count: Option<u64>,
    /// The metric, as sent.
    #[serde(default)]
    pub metric_type: Option<Value>,
    /// The day (daily answers), as sent (`{"start":{"year":…,"month":…,"day":…},"end":…}`).
    #[serde(default)]
    pub date_range: Option<Value>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One element of `memberFollowersCount?q=me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MemberFollowersCount {
    /// The member's followers.
    #[serde(default)]
    pub member_followers_count: Option<u64>,
    /// Fields not typed here (`dateRange` of time-bound answers).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}
