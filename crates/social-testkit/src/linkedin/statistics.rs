//! Statistics, computed from the fake's state, in the shapes of LinkedIn's pages:
//! follower statistics
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
//! Lifetime answers are one element; time-bound answers (`timeIntervals` as the Rest.li 2.0
//! record `(timeRange:(start:…,end:…),timeGranularityType:DAY)`) one element per interval
//! with its `timeRange`. The fake has no member demographics, so the facet breakdowns of
//! follower statistics hold every follower under "not an employee" and are otherwise empty.
//! Page statistics need `rw_organization_admin` (or `r_organization_admin`) and the
//! ADMINISTRATOR role; member analytics need `r_member_postAnalytics` and
//! `r_member_profileAnalytics`. Otherwise: 403 `ACCESS_DENIED`, as LinkedIn answers.

use serde_json::{Value, json};

use super::Ctx;
use super::organizations::organization_id;
use super::restli::restli_value;
use super::state::{LinkedInState, Post};
use super::wire::{Answer, Reply, access_denied, illegal_argument, method_unresolved};

/// The counts a post gathered (set with [`LinkedInState::set_post_counts`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PostCounts {
    impressions: u64,
    clicks: u64,
    likes: u64,
    comments: u64,
    shares: u64,
}

const DAY_MS: i64 = 86_400_000;
/// The most intervals one time-bound answer holds here.
const MAX_INTERVALS: i64 = 400;

impl LinkedInState {
    /// Sets what the post `urn` gathered: impressions, clicks, reactions, comments, reshares.
    ///
    /// # Panics
    /// If the post is unknown.
    #[track_caller]
    pub fn set_post_counts(
        &mut self,
        urn: &str,
        impressions: u64,
        clicks: u64,
        likes: u64,
        comments: u64,
        shares: u64,
    ) {
        let post = self
            .posts
            .get_mut(urn)
            .unwrap_or_else(|| panic!("no post {urn:?} in the LinkedIn fake"));
        post.counts = PostCounts {
            impressions,
            clicks,
            likes,
            comments,
            shares,
        };
    }
}

/// A query number in `range`, `default` when absent.
pub(crate) fn number(
    ctx: &Ctx<'_>,
    name: &str,
    default: usize,
    range: std::ops::RangeInclusive<usize>,
) -> Result<usize, Reply> {
    match ctx.call.param(name) {
        None => Ok(default),
        Some(raw) => raw
            .parse()
            .ok()
            .filter(|n| range.contains(n))
            .ok_or_else(|| illegal_argument(&format!("Invalid value for parameter '{name}'"))),
    }
}

/// The intervals of `timeIntervals`, when given: `Ok(None)` without it, 400 when malformed.
fn intervals(ctx: &Ctx<'_>) -> Result<Option<Vec<(i64, i64)>>, Reply> {
    let Some(raw) = ctx.call.param("timeIntervals") else {
        return Ok(None);
    };
    let bad = || illegal_argument("Invalid value for parameter 'timeIntervals'");
    let value = restli_value(raw).ok_or_else(bad)?;
    let record = value.as_object().ok_or_else(bad)?;
    if record
        .keys()
        .any(|k| k != "timeRange" && k != "timeGranularityType")
    {
        return Err(bad());
    }
    let range = record
        .get("timeRange")
        .and_then(Value::as_object)
        .ok_or_else(bad)?;
    if range.keys().any(|k| k != "start" && k != "end") {
        return Err(bad());
    }
    let ms = |name: &str| -> Result<i64, Reply> {
        range
            .get(name)
            .and_then(Value::as_str)
            .and_then(|s| s.parse::<i64>().ok())
            .ok_or_else(bad)
    };
    let start = ms("start")?;
    let end = range.get("end").map(|_| ms("end")).transpose()?;
    let step = match record.get("timeGranularityType").and_then(Value::as_str) {
        Some("DAY") => DAY_MS,
        Some("WEEK") => 7 * DAY_MS,
        Some("MONTH") => 30 * DAY_MS,
        _ => return Err(bad()),
    };
    // Times are the caller's `i64`s: a range past `i64::MAX` is refused like any bad range,
    // never computed with an overflow.
    let end = match end {
        Some(end) => end,
        None => start.checked_add(step).ok_or_else(bad)?,
    };
    if end <= start || start < 0 || (end - start) / step > MAX_INTERVALS {
        return Err(bad());
    }
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        // The last interval ends at `end`, also when a whole step would pass `i64::MAX`.
        let next = at.checked_add(step).map_or(end, |next| next.min(end));
        out.push((at, next));
        at = next;
    }
    Ok(Some(out))
}

/// The page of `param` (an organization URN) the caller administers, or the error LinkedIn
/// sends.
fn administered<'s>(
    state: &'s LinkedInState,
    ctx: &Ctx<'_>,
    param: &str,
    resource: &str,
) -> Result<&'s super::state::FakeOrganization, Reply> {
    let urn = ctx
        .call
        .param(param)
        .ok_or_else(|| illegal_argument(&format!("Parameter '{param}' is required")))?;
    let id = organization_id(urn)
        .ok_or_else(|| illegal_argument(&format!("Invalid value for parameter '{param}'")))?;
    let scoped = ctx.has("rw_organization_admin") || ctx.has("r_organization_admin");
    let admin = ctx
        .member
        .as_deref()
        .and_then(|m| state.role(m, id))
        .is_some_and(|r| r == "ADMINISTRATOR");
    if !scoped || !admin {
        return Err(access_denied(&format!("{resource}.{}", ctx.version)));
    }
    state
        .organizations
        .get(id)
        .ok_or_else(|| access_denied(&format!("{resource}.{}", ctx.version)))
}

fn elements(elements: Vec<Value>) -> Answer {
    let count = elements.len();
    Ok(Reply::json(
        200,
        json!({ "elements": elements, "paging": { "start": 0, "count": count, "links": [] } }),
    ))
}

/// `GET /rest/organizationalEntityFollowerStatistics?q=organizationalEntity`.
pub(super) fn followers(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    if ctx.call.param("q") != Some("organizationalEntity") {
        return Err(method_unresolved());
    }
    let intervals = intervals(ctx)?;
    let org = administered(
        state,
        ctx,
        "organizationalEntity",
        "organizationalEntityFollowerStatistics.FINDER-organizationalEntity",
    )?;
    let urn = format!("urn:li:organization:{}", org.id);
    let Some(intervals) = intervals else {
        let (organic, paid) = state.follower_counts(&org.id, None);
        let counts = json!({ "organicFollowerCount": organic, "paidFollowerCount": paid });
        return elements(vec![json!({
            "organizationalEntity": urn,
            "followerCountsByAssociationType": [ { "followerCounts": counts } ],
            "followerCountsBySeniority": [],
            "followerCountsByFunction": [],
            "followerCountsByIndustry": [],
            "followerCountsByGeoCountry": [],
            "followerCountsByGeo": [],
            "followerCountsByStaffCountRange": [],
        })]);
    };
    let list = intervals
        .into_iter()
        .map(|(start, end)| {
            let (organic, paid) = state.follower_counts(&org.id, Some((start, end)));
            json!({
                "organizationalEntity": urn,
                "timeRange": { "start": start, "end": end },
                "followerGains": {
                    "organicFollowerGain": organic,
                    "paidFollowerGain": paid,
                },
            })
        })
        .collect();
    elements(list)
}

fn share_totals<'p>(posts: impl Iterator<Item = &'p Post>) -> Value {
    let mut t = PostCounts::default();
    for p in posts {
        t.impressions += p.counts.impressions;
        t.clicks += p.counts.clicks;
        t.likes += p.counts.likes;
        t.comments += p.counts.comments;
        t.shares += p.counts.shares;
    }
    let engaged = t.clicks + t.likes + t.comments + t.shares;
    let engagement = if t.impressions == 0 {
        0.0
    } else {
        engaged as f64 / t.impressions as f64
    };
    json!({
        "uniqueImpressionsCount": t.impressions,
        "shareCount": t.shares,
        "engagement": engagement,
        "clickCount": t.clicks,
        "likeCount": t.likes,
        "impressionCount": t.impressions,
        "commentCount": t.comments,
    })
}

/// `GET /rest/organizationalEntityShareStatistics?q=organizationalEntity[&shares=List(…)]
/// [&ugcPosts=List(…)][&timeIntervals=…]`: from the page's posts and their counts (a time-bound
/// interval counts the posts created in it).
pub(super) fn shares(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    if ctx.call.param("q") != Some("organizationalEntity") {
        return Err(method_unresolved());
    }
    let intervals = intervals(ctx)?;
    let mut wanted: Vec<(String, &str)> = Vec::new();
    for (param, field) in [("shares", "share"), ("ugcPosts", "ugcPost")] {
        if let Some(raw) = ctx.call.param(param) {
            let Some(Value::Array(list)) = restli_value(raw) else {
                return Err(illegal_argument(&format!(
                    "Invalid value for parameter '{param}'"
                )));
            };
            for urn in list {
                let urn = urn.as_str().unwrap_or_default().to_owned();
                if !urn.starts_with(&format!("urn:li:{field}:")) {
                    return Err(illegal_argument(&format!(
                        "Invalid value for parameter '{param}'"
                    )));
                }
                wanted.push((urn, field));
            }
        }
    }
    let org = administered(
        state,
        ctx,
        "organizationalEntity",
        "organizationalEntityShareStatistics.FINDER-organizationalEntity",
    )?;
    let urn = format!("urn:li:organization:{}", org.id);
    // The posts asked for by URN, else the page's own (from the author index).
    let candidates: Vec<&String> = if wanted.is_empty() {
        state.post_urns_of(&urn).iter().collect()
    } else {
        wanted.iter().map(|(post, _)| post).collect()
    };
    state.scan(candidates.len());
    let own: Vec<&Post> = candidates
        .into_iter()
        .filter_map(|post| state.posts.get(post))
        .filter(|p| p.author == urn && !p.deleted)
        .collect();
    let in_range = |p: &&Post, range: Option<(i64, i64)>| {
        range.is_none_or(|(start, end)| (start..end).contains(&p.created))
    };
    let ranges: Vec<Option<(i64, i64)>> = match intervals {
        None => vec![None],
        Some(list) => list.into_iter().map(Some).collect(),
    };
    let mut list = Vec::new();
    for range in ranges {
        let mut base = json!({ "organizationalEntity": urn });
        if let Some((start, end)) = range {
            base["timeRange"] = json!({ "start": start, "end": end });
        }
        if wanted.is_empty() {
            let mut e = base.clone();
            e["totalShareStatistics"] =
                share_totals(own.iter().copied().filter(|p| in_range(p, range)));
            list.push(e);
        } else {
            for (post, field) in &wanted {
                let mut e = base.clone();
                e[*field] = json!(post);
                e["totalShareStatistics"] = share_totals(
                    own.iter()
                        .copied()
                        .filter(|p| &p.urn == post && in_range(p, range)),
                );
                list.push(e);
            }
        }
    }
    elements(list)
}

/// `GET /rest/organizationPageStatistics?q=organization[&timeIntervals=…]`: from the page's
/// recorded views.
pub(super) fn page(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    if ctx.call.param("q") != Some("organization") {
        return Err(method_unresolved());
    }
    let intervals = intervals(ctx)?;
    let org = administered(
        state,
        ctx,
        "organization",
        "organizationPageStatistics.FINDER-organization",
    )?;
    let urn = format!("urn:li:organization:{}", org.id);
    let totals = |range: Option<(i64, i64)>| {
        let views = state.view_count(&org.id, range);
        json!({
            "views": {
                "allPageViews": { "pageViews": views, "uniquePageViews": views },
                "overviewPageViews": { "pageViews": views, "uniquePageViews": views },
            },
            "clicks": {},
        })
    };
    let list = match intervals {
        None => vec![json!({
            "organization": urn,
            "totalPageStatistics": totals(None),
            "pageStatisticsBySeniority": [],
            "pageStatisticsByCountry": [],
            "pageStatisticsByIndustry": [],
            "pageStatisticsByStaffCountRange": [],
            "pageStatisticsByFunction": [],
        })],
        Some(list) => list
            .into_iter()
            .map(|(start, end)| {
                json!({
                    "organization": urn,
                    "timeRange": { "start": start, "end": end },
                    "totalPageStatistics": totals(Some((start, end))),
                })
            })
            .collect(),
    };
    elements(list)
}

/// `GET /rest/memberCreatorPostAnalytics?q=me|entity&queryType=…&aggregation=TOTAL|DAILY`:
/// from the member's posts and their counts (no daily history: a daily answer puts the totals
/// on the range's first day).
pub(super) fn member_posts(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let q = ctx.call.param("q");
    if q != Some("me") && q != Some("entity") {
        return Err(method_unresolved());
    }
    let metric = ctx.call.param("queryType").unwrap_or_default().to_owned();
    let pick: fn(&PostCounts) -> u64 = match metric.as_str() {
        "IMPRESSION" | "MEMBERS_REACHED" => |c| c.impressions,
        "RESHARE" => |c| c.shares,
        "REACTION" => |c| c.likes,
        "COMMENT" => |c| c.comments,
        "POST_SAVE" | "POST_SEND" => |_| 0,
        _ => return Err(illegal_argument("Invalid value for parameter 'queryType'")),
    };
    let aggregation = ctx.call.param("aggregation").unwrap_or_default();
    let date_range = ctx.call.param("dateRange").map(restli_value);
    match (aggregation, &date_range) {
        ("TOTAL", None) => {}
        ("DAILY", Some(Some(Value::Object(_)))) => {}
        _ => {
            return Err(illegal_argument(
                "Invalid value for parameter 'aggregation' or 'dateRange'",
            ));
        }
    }
    let entity = ctx.call.param("entity");
    if q == Some("entity")
        && !entity
            .is_some_and(|e| e.starts_with("urn:li:share:") || e.starts_with("urn:li:ugcPost:"))
    {
        return Err(illegal_argument("Invalid value for parameter 'entity'"));
    }
    let Some(member) = ctx
        .member
        .clone()
        .filter(|_| ctx.has("r_member_postAnalytics"))
    else {
        return Err(access_denied(&format!(
            "memberCreatorPostAnalytics.FINDER-{}.{}",
            q.unwrap_or_default(),
            ctx.version
        )));
    };
    let author = format!("urn:li:person:{member}");
    // One post by URN, else the member's posts (from the author index).
    let candidates: Vec<&String> = match entity {
        Some(entity) => state
            .posts
            .get_key_value(entity)
            .map(|(k, _)| k)
            .into_iter()
            .collect(),
        None => state.post_urns_of(&author).iter().collect(),
    };
    state.scan(candidates.len());
    let count: u64 = candidates
        .into_iter()
        .filter_map(|urn| state.posts.get(urn))
        .filter(|p| p.author == author && !p.deleted)
        .map(|p| pick(&p.counts))
        .sum();
    let mut element = json!({
        "count": count,
        "metricType": { "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": metric },
    });
    if let Some(Some(range)) = date_range {
        element["dateRange"] = range;
    }
    elements(vec![element])
}

/// `GET /rest/memberFollowersCount?q=me`.
pub(super) fn member_followers(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    if ctx.call.param("q") != Some("me") {
        return Err(method_unresolved());
    }
    let Some(member) = ctx
        .member
        .as_deref()
        .filter(|_| ctx.has("r_member_profileAnalytics"))
        .and_then(|m| state.members.get(m))
    else {
        return Err(access_denied(&format!(
            "memberFollowersCount.FINDER-me.{}",
            ctx.version
        )));
    };
    elements(vec![json!({ "memberFollowersCount": member.followers })])
}
