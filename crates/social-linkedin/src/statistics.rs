//! Page and member statistics, each from its page on learn.microsoft.com:
//!
//! - follower statistics, `GET /rest/organizationalEntityFollowerStatistics?q=organizationalEntity`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/follower-statistics>):
//!   lifetime by facet, or time-bound gains per interval;
//! - share statistics, `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics>):
//!   organic only, within a rolling 12-month window, optionally per post;
//! - page statistics, `GET /rest/organizationPageStatistics?q=organization`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/page-statistics>);
//! - a member's post analytics, `GET /rest/memberCreatorPostAnalytics`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics>,
//!   scope `r_member_postAnalytics`), and follower count, `GET /rest/memberFollowersCount?q=me`
//!   (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/follower-statistics>,
//!   scope `r_member_profileAnalytics`). Without the scope LinkedIn answers 403: the error is an
//!   `Error::Auth` with a missing permission naming the scope.
//!
//! Page statistics need `rw_organization_admin` and the ADMINISTRATOR role on the page.
//! Time-bound calls send `timeIntervals` as a Rest.li 2.0 record:
//! `timeIntervals=(timeGranularityType:DAY,timeRange:(end:…,start:…))`.
//!
//! ```no_run
//! use chrono::{TimeZone, Utc};
//! use social_linkedin::statistics::{Granularity, TimeIntervals};
//! use social_linkedin::urn::OrganizationUrn;
//!
//! # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
//! let page = OrganizationUrn::new("2414183")?;
//! let week = TimeIntervals::new(
//!     Granularity::Day,
//!     Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
//!     Utc.with_ymd_and_hms(2026, 11, 8, 0, 0, 0).unwrap(),
//! );
//! for day in li.statistics().followers(&page).time_intervals(week).send().await? {
//!     println!("{:?}: {:?}", day.time_range, day.follower_gains);
//! }
//! # Ok(()) }
//! ```

use std::time::Duration;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Deserialize;
use serde_json::{Map, Value, json};
use social_core::http::RequestSpec;
use social_core::{AuthErrorKind, Error, Network, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::models::{
    FollowerStatistics, MemberFollowersCount, MemberPostAnalytic, PageStatistics, ShareStatistics,
};
use crate::restli::with_query;
use crate::urn::{OrganizationUrn, PostUrn};

/// How far back share statistics go: LinkedIn keeps a rolling 12-month window (checked here as
/// 365 days before the client clock's now).
pub const SHARE_STATISTICS_WINDOW: Duration = Duration::from_secs(365 * 24 * 3600);

/// The scope of `memberCreatorPostAnalytics`.
pub const POST_ANALYTICS_SCOPE: &str = "r_member_postAnalytics";

/// The scope of `memberFollowersCount`.
pub const PROFILE_ANALYTICS_SCOPE: &str = "r_member_profileAnalytics";

/// The most posts one share statistics call asks about here.
pub const MAX_STATISTICS_POSTS: usize = 20;

social_core::wire_enum! {
    /// The length of each interval of a time-bound answer (`timeGranularityType`).
    pub enum Granularity {
        /// One element per day.
        Day = "DAY",
        /// One per week.
        Week = "WEEK",
        /// One per month.
        Month = "MONTH",
    }
}

/// A time-bound query: from `start` (inclusive) to `end` (exclusive), by `granularity`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use social_linkedin::statistics::{Granularity, TimeIntervals};
///
/// let t = TimeIntervals::new(
///     Granularity::Day,
///     Utc.timestamp_millis_opt(1634018799000).unwrap(),
///     Utc.timestamp_millis_opt(1634623599000).unwrap(),
/// );
/// let encoded = social_linkedin::restli::encode(&t.to_restli());
/// assert_eq!(encoded, "(timeGranularityType:DAY,timeRange:(end:1634623599000,start:1634018799000))");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeIntervals {
    /// The interval length.
    pub granularity: Granularity,
    /// Start (inclusive).
    pub start: DateTime<Utc>,
    /// End (exclusive).
    pub end: DateTime<Utc>,
}

impl TimeIntervals {
    /// From `start` to `end` by `granularity`.
    pub fn new(granularity: Granularity, start: DateTime<Utc>, end: DateTime<Utc>) -> Self {
        TimeIntervals {
            granularity,
            start,
            end,
        }
    }

    /// The Rest.li record LinkedIn reads (`timeRange` in epoch milliseconds).
    pub fn to_restli(&self) -> Value {
        json!({
            "timeGranularityType": self.granularity.as_str(),
            "timeRange": {
                "start": self.start.timestamp_millis(),
                "end": self.end.timestamp_millis(),
            },
        })
    }

    /// What is wrong with the range, checked offline: it must start before it ends and before
    /// `now`, and start after the epoch.
    fn violations(&self, now: DateTime<Utc>) -> Vec<Violation> {
        let mut v = Vec::new();
        if self.start.timestamp_millis() < 0 {
            v.push(Violation::new(
                "timeIntervals.timeRange.start",
                ViolationKind::OutOfRange,
                "the range starts before 1970: LinkedIn counts in epoch milliseconds",
            ));
        }
        if self.end <= self.start {
            v.push(Violation::new(
                "timeIntervals.timeRange",
                ViolationKind::OutOfRange,
                format!(
                    "the range ends ({}) before it starts ({}): give start < end",
                    self.end, self.start
                ),
            ));
        }
        if self.start >= now {
            v.push(Violation::new(
                "timeIntervals.timeRange.start",
                ViolationKind::OutOfRange,
                format!(
                    "the range starts in the future ({}): statistics exist for the past only",
                    self.start
                ),
            ));
        }
        v
    }
}

/// The statistics of pages and of the signed-in member. Get it with
/// [`LinkedInClient::statistics`].
#[derive(Debug, Clone)]
pub struct Statistics {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// Page and member statistics.
    pub fn statistics(&self) -> Statistics {
        Statistics {
            client: self.clone(),
        }
    }
}

impl Statistics {
    /// A page's follower statistics: lifetime by facet, or time-bound with
    /// [`time_intervals`](FollowerStatisticsBuilder::time_intervals).
    ///
    /// ```no_run
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let lifetime = li.statistics().followers(&OrganizationUrn::new("2414183")?).send().await?;
    /// for f in &lifetime[0].follower_counts_by_seniority {
    ///     println!("{:?}: {:?}", f.facet(), f.follower_counts.organic_follower_count);
    /// }
    /// # Ok(()) }
    /// ```
    pub fn followers(&self, organization: &OrganizationUrn) -> FollowerStatisticsBuilder {
        FollowerStatisticsBuilder {
            client: self.client.clone(),
            organization: organization.clone(),
            intervals: None,
        }
    }

    /// A page's share statistics: lifetime or time-bound, for all its posts or some.
    ///
    /// ```no_run
    /// use social_linkedin::urn::{OrganizationUrn, PostUrn};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let post: PostUrn = "urn:li:share:6844785523593134080".parse()?;
    /// let stats = li
    ///     .statistics()
    ///     .shares(&OrganizationUrn::new("2414183")?)
    ///     .posts(&[post])
    ///     .send()
    ///     .await?;
    /// println!("{:?}", stats[0].total_share_statistics.impression_count);
    /// # Ok(()) }
    /// ```
    pub fn shares(&self, organization: &OrganizationUrn) -> ShareStatisticsBuilder {
        ShareStatisticsBuilder {
            client: self.client.clone(),
            organization: organization.clone(),
            intervals: None,
            posts: Vec::new(),
        }
    }

    /// A page's view statistics: lifetime or time-bound.
    ///
    /// ```no_run
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let stats = li.statistics().page(&OrganizationUrn::new("2414183")?).send().await?;
    /// println!("{:?}", stats[0].total_page_statistics.all_page_views());
    /// # Ok(()) }
    /// ```
    pub fn page(&self, organization: &OrganizationUrn) -> PageStatisticsBuilder {
        PageStatisticsBuilder {
            client: self.client.clone(),
            organization: organization.clone(),
            intervals: None,
        }
    }

    /// The signed-in member's post analytics for one metric: over all their posts, or one
    /// ([`post`](MemberPostAnalyticsBuilder::post)); in total, or per day
    /// ([`daily`](MemberPostAnalyticsBuilder::daily)). Needs `r_member_postAnalytics`.
    ///
    /// ```no_run
    /// use social_linkedin::statistics::PostMetric;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let total = li.statistics().member_posts(PostMetric::Impression).send().await?;
    /// println!("{:?}", total.first().and_then(|e| e.count));
    /// # Ok(()) }
    /// ```
    pub fn member_posts(&self, metric: PostMetric) -> MemberPostAnalyticsBuilder {
        MemberPostAnalyticsBuilder {
            client: self.client.clone(),
            metric,
            post: None,
            daily: None,
        }
    }

    /// The signed-in member's follower count (`memberFollowersCount?q=me`). Needs
    /// `r_member_profileAnalytics`.
    ///
    /// ```no_run
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let n = li.statistics().member_followers().send().await?;
    /// # let _ = n; Ok(()) }
    /// ```
    pub fn member_followers(&self) -> MemberFollowersBuilder {
        MemberFollowersBuilder {
            client: self.client.clone(),
        }
    }
}

#[derive(Deserialize)]
struct Elements<T> {
    #[serde(default = "Vec::new")]
    elements: Vec<T>,
}

/// Sends a statistics finder and answers its elements.
async fn find<T: serde::de::DeserializeOwned>(
    client: &LinkedInClient,
    path: &'static str,
    endpoint: &'static str,
    params: &Map<String, Value>,
) -> Result<Vec<T>> {
    let spec = with_query(RequestSpec::get(path).endpoint(endpoint), params);
    let found: Elements<T> = client.send_rest(RestliMethod::Finder, spec).await?.json()?;
    Ok(found.elements)
}

/// The query of a page statistics finder: `q=<finder>`, `<finder>=<organization URN>` and, when
/// time-bound, `timeIntervals`. The three page finders differ only in the finder's name.
fn organization_query(
    finder: &'static str,
    organization: &OrganizationUrn,
    intervals: Option<TimeIntervals>,
) -> Map<String, Value> {
    let mut params = Map::new();
    params.insert("q".into(), Value::from(finder));
    params.insert(finder.into(), Value::from(organization.to_string()));
    if let Some(t) = intervals {
        params.insert("timeIntervals".into(), t.to_restli());
    }
    params
}

fn now(client: &LinkedInClient) -> DateTime<Utc> {
    DateTime::<Utc>::from(client.clock().now())
}

/// A 403 of a member analytics call, naming the scope it needs.
fn needs_scope(e: Error, scope: &str, what: &str) -> Error {
    match e {
        Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission { scope: None },
            message,
            api,
        } => Error::Auth {
            network,
            kind: AuthErrorKind::MissingPermission {
                scope: Some(scope.to_owned()),
            },
            message: format!(
                "{message} ({what} needs the scope {scope}, granted to apps approved for it: ask for it in the app's products, then sign in again)"
            ),
            api,
        },
        other => other,
    }
}

/// Reads follower statistics. Get one from [`Statistics::followers`].
///
/// ```no_run
/// use chrono::{Duration, Utc};
/// use social_linkedin::statistics::{Granularity, TimeIntervals};
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let end = Utc::now();
/// let month = TimeIntervals::new(Granularity::Week, end - Duration::days(28), end);
/// let gains = li.statistics().followers(&OrganizationUrn::new("2414183")?).time_intervals(month).send().await?;
/// # let _ = gains; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct FollowerStatisticsBuilder {
    client: LinkedInClient,
    organization: OrganizationUrn,
    intervals: Option<TimeIntervals>,
}

impl FollowerStatisticsBuilder {
    /// Time-bound: gains per interval instead of lifetime counts by facet.
    pub fn time_intervals(mut self, intervals: TimeIntervals) -> Self {
        self.intervals = Some(intervals);
        self
    }

    /// What is wrong, checked offline against the client clock.
    pub fn violations(&self) -> Vec<Violation> {
        self.intervals
            .map(|t| t.violations(now(&self.client)))
            .unwrap_or_default()
    }

    /// Sends the finder.
    pub async fn send(self) -> Result<Vec<FollowerStatistics>> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let params = organization_query("organizationalEntity", &self.organization, self.intervals);
        find(
            &self.client,
            "organizationalEntityFollowerStatistics",
            "GET /organizationalEntityFollowerStatistics",
            &params,
        )
        .await
    }
}

/// Reads share statistics. Get one from [`Statistics::shares`].
///
/// ```no_run
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let all = li.statistics().shares(&OrganizationUrn::new("2414183")?).send().await?;
/// println!("{:?}", all[0].total_share_statistics.engagement);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct ShareStatisticsBuilder {
    client: LinkedInClient,
    organization: OrganizationUrn,
    intervals: Option<TimeIntervals>,
    posts: Vec<PostUrn>,
}

impl ShareStatisticsBuilder {
    /// Time-bound, within the last 12 months.
    pub fn time_intervals(mut self, intervals: TimeIntervals) -> Self {
        self.intervals = Some(intervals);
        self
    }

    /// Only these posts of the page (shares go in `shares=List(…)`, UGC posts in
    /// `ugcPosts=List(…)`), at most [`MAX_STATISTICS_POSTS`].
    pub fn posts(mut self, posts: &[PostUrn]) -> Self {
        self.posts.extend_from_slice(posts);
        self
    }

    /// What is wrong, checked offline against the client clock: the range (it must start
    /// within the 12-month window), the number of posts.
    pub fn violations(&self) -> Vec<Violation> {
        let now = now(&self.client);
        let mut v = Vec::new();
        if let Some(t) = self.intervals {
            v.extend(t.violations(now));
            let window = chrono::Duration::from_std(SHARE_STATISTICS_WINDOW).unwrap_or_default();
            if t.start < now - window {
                v.push(Violation::new(
                    "timeIntervals.timeRange.start",
                    ViolationKind::OutOfRange,
                    format!(
                        "share statistics cover a rolling 12-month window: {} is before {}",
                        t.start,
                        now - window
                    ),
                ));
            }
        }
        if self.posts.len() > MAX_STATISTICS_POSTS {
            v.push(Violation::new(
                "shares",
                ViolationKind::TooMany {
                    limit: MAX_STATISTICS_POSTS as u64,
                    actual: self.posts.len() as u64,
                },
                "ask about fewer posts per call",
            ));
        }
        v
    }

    /// Sends the finder.
    pub async fn send(self) -> Result<Vec<ShareStatistics>> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let mut params =
            organization_query("organizationalEntity", &self.organization, self.intervals);
        let (shares, ugc): (Vec<&PostUrn>, Vec<&PostUrn>) = self
            .posts
            .iter()
            .partition(|p| matches!(p, PostUrn::Share(_)));
        let list = |posts: Vec<&PostUrn>| {
            Value::Array(posts.iter().map(|p| Value::from(p.to_string())).collect())
        };
        if !shares.is_empty() {
            params.insert("shares".into(), list(shares));
        }
        if !ugc.is_empty() {
            params.insert("ugcPosts".into(), list(ugc));
        }
        find(
            &self.client,
            "organizationalEntityShareStatistics",
            "GET /organizationalEntityShareStatistics",
            &params,
        )
        .await
    }
}

/// Reads page statistics. Get one from [`Statistics::page`].
///
/// ```no_run
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let views = li.statistics().page(&OrganizationUrn::new("2414183")?).send().await?;
/// # let _ = views; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct PageStatisticsBuilder {
    client: LinkedInClient,
    organization: OrganizationUrn,
    intervals: Option<TimeIntervals>,
}

impl PageStatisticsBuilder {
    /// Time-bound: views per interval.
    pub fn time_intervals(mut self, intervals: TimeIntervals) -> Self {
        self.intervals = Some(intervals);
        self
    }

    /// What is wrong, checked offline against the client clock.
    pub fn violations(&self) -> Vec<Violation> {
        self.intervals
            .map(|t| t.violations(now(&self.client)))
            .unwrap_or_default()
    }

    /// Sends the finder.
    pub async fn send(self) -> Result<Vec<PageStatistics>> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let params = organization_query("organization", &self.organization, self.intervals);
        find(
            &self.client,
            "organizationPageStatistics",
            "GET /organizationPageStatistics",
            &params,
        )
        .await
    }
}

social_core::wire_enum! {
    /// A metric of member post analytics (`queryType`).
    pub enum PostMetric {
        /// Impressions.
        Impression = "IMPRESSION",
        /// Members reached (unique impressions).
        MembersReached = "MEMBERS_REACHED",
        /// Reposts.
        Reshare = "RESHARE",
        /// Reactions.
        Reaction = "REACTION",
        /// Comments.
        Comment = "COMMENT",
        /// Saves (newer versions).
        PostSave = "POST_SAVE",
        /// Sends (newer versions).
        PostSend = "POST_SEND",
    }
}

/// Reads member post analytics. Get one from [`Statistics::member_posts`].
///
/// ```no_run
/// use chrono::NaiveDate;
/// use social_linkedin::statistics::PostMetric;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let post = "urn:li:share:6844785523593134080".parse()?;
/// let days = li
///     .statistics()
///     .member_posts(PostMetric::Reaction)
///     .post(post)
///     .daily(NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 8).unwrap())
///     .send()
///     .await?;
/// # let _ = days; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct MemberPostAnalyticsBuilder {
    client: LinkedInClient,
    metric: PostMetric,
    post: Option<PostUrn>,
    daily: Option<(NaiveDate, NaiveDate)>,
}

impl MemberPostAnalyticsBuilder {
    /// One post (`q=entity`) instead of all the member's posts (`q=me`).
    pub fn post(mut self, post: PostUrn) -> Self {
        self.post = Some(post);
        self
    }

    /// Per day from `start` to `end` (`aggregation=DAILY` with a `dateRange`) instead of the
    /// total.
    pub fn daily(mut self, start: NaiveDate, end: NaiveDate) -> Self {
        self.daily = Some((start, end));
        self
    }

    /// What is wrong, checked offline: a daily range must start before it ends.
    pub fn violations(&self) -> Vec<Violation> {
        match self.daily {
            Some((start, end)) if end <= start => vec![Violation::new(
                "dateRange",
                ViolationKind::OutOfRange,
                format!("the range ends ({end}) before it starts ({start}): give start < end"),
            )],
            _ => Vec::new(),
        }
    }

    /// Sends the finder; a 403 names `r_member_postAnalytics`.
    pub async fn send(self) -> Result<Vec<MemberPostAnalytic>> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let mut params = Map::new();
        match &self.post {
            Some(post) => {
                params.insert("q".into(), Value::from("entity"));
                params.insert("entity".into(), Value::from(post.to_string()));
            }
            None => {
                params.insert("q".into(), Value::from("me"));
            }
        }
        params.insert("queryType".into(), Value::from(self.metric.as_str()));
        match self.daily {
            Some((start, end)) => {
                let day =
                    |d: NaiveDate| json!({"year": d.year(), "month": d.month(), "day": d.day()});
                params.insert("aggregation".into(), Value::from("DAILY"));
                params.insert(
                    "dateRange".into(),
                    json!({"start": day(start), "end": day(end)}),
                );
            }
            None => {
                params.insert("aggregation".into(), Value::from("TOTAL"));
            }
        }
        find(
            &self.client,
            "memberCreatorPostAnalytics",
            "GET /memberCreatorPostAnalytics",
            &params,
        )
        .await
        .map_err(|e| needs_scope(e, POST_ANALYTICS_SCOPE, "memberCreatorPostAnalytics"))
    }
}

/// Reads the member's follower count. Get one from [`Statistics::member_followers`].
///
/// ```no_run
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let n = li.statistics().member_followers().send().await?;
/// # let _ = n; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct MemberFollowersBuilder {
    client: LinkedInClient,
}

impl MemberFollowersBuilder {
    /// Sends `GET /rest/memberFollowersCount?q=me`; a 403 names `r_member_profileAnalytics`.
    /// An answer without a count is a decode error, never a zero.
    pub async fn send(self) -> Result<u64> {
        let mut params = Map::new();
        params.insert("q".into(), Value::from("me"));
        let found: Vec<MemberFollowersCount> = find(
            &self.client,
            "memberFollowersCount",
            "GET /memberFollowersCount",
            &params,
        )
        .await
        .map_err(|e| needs_scope(e, PROFILE_ANALYTICS_SCOPE, "memberFollowersCount"))?;
        found
            .first()
            .and_then(|e| e.member_followers_count)
            .ok_or_else(|| Error::Decode {
                network: Network::LinkedIn,
                type_name: "MemberFollowersCount",
                path: "elements[0].memberFollowersCount".into(),
                message: "the answer holds no follower count".into(),
                snippet: String::new(),
            })
    }
}
