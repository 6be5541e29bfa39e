//! Page and member statistics (issue 11, item 3, with its share of 7), each fixture shaped like
//! the example of its page on learn.microsoft.com: follower statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/follower-statistics>),
//! share statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/share-statistics>),
//! page statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/page-statistics>),
//! member post statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/post-statistics>)
//! and member follower statistics
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/members/follower-statistics>).
//! The `timeIntervals` record encoding is pinned on the exact query string.

mod common;

use std::time::Duration;

use chrono::{NaiveDate, TimeZone, Utc};
use common::*;
use serde_json::json;
use social_core::{AudienceReader, AuthErrorKind, Error, ViolationKind};
use social_linkedin::adapter::{LinkedInMember, LinkedInOrganization};
use social_linkedin::statistics::{Granularity, PostMetric, TimeIntervals};
use social_linkedin::urn::OrganizationUrn;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn org() -> OrganizationUrn {
    ORG.parse().unwrap()
}

/// 2026-11-01 to 2026-11-03 (UTC), by day.
fn two_days() -> TimeIntervals {
    TimeIntervals::new(
        Granularity::Day,
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 3, 0, 0, 0).unwrap(),
    )
}

const TWO_DAYS: &str =
    "timeIntervals=(timeGranularityType:DAY,timeRange:(end:1793664000000,start:1793491200000))";

#[tokio::test]
async fn case3_lifetime_follower_statistics_by_facet() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityFollowerStatistics"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(
            "organizationalEntity=urn%3Ali%3Aorganization%3A2414183&q=organizationalEntity",
        )))
        .respond_with(json(
            200,
            json!({
                "paging": { "count": 10, "start": 0, "links": [] },
                "elements": [{
                    "followerCountsByAssociationType": [
                        { "followerCounts": { "organicFollowerCount": 2, "paidFollowerCount": 0 } },
                        { "associationType": "EMPLOYEE", "followerCounts": { "organicFollowerCount": 12, "paidFollowerCount": 0 } }
                    ],
                    "followerCountsBySeniority": [
                        { "followerCounts": { "organicFollowerCount": 8, "paidFollowerCount": 1 }, "seniority": "urn:li:seniority:3" }
                    ],
                    "followerCountsByFunction": [
                        { "followerCounts": { "organicFollowerCount": 3, "paidFollowerCount": 0 }, "function": "urn:li:function:8" }
                    ],
                    "followerCountsByIndustry": [],
                    "followerCountsByGeoCountry": [
                        { "geo": "urn:li:geo:103644278", "followerCounts": { "organicFollowerCount": 14, "paidFollowerCount": 0 } }
                    ],
                    "followerCountsByGeo": [],
                    "followerCountsByStaffCountRange": [
                        { "staffCountRange": "SIZE_1001_TO_5000", "followerCounts": { "organicFollowerCount": 1, "paidFollowerCount": 0 } }
                    ],
                    "organizationalEntity": "urn:li:organization:2414183"
                }]
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let stats = li.statistics().followers(&org()).send().await.unwrap();
    let s = &stats[0];
    assert_eq!(s.follower_counts_by_association_type.len(), 2);
    assert_eq!(
        s.follower_counts_by_association_type[1].facet(),
        Some(("associationType", "EMPLOYEE"))
    );
    assert_eq!(
        s.follower_counts_by_seniority[0]
            .follower_counts
            .paid_follower_count,
        Some(1)
    );
    assert_eq!(
        s.follower_counts_by_geo_country[0].facet(),
        Some(("geo", "urn:li:geo:103644278"))
    );
    assert!(s.time_range.is_none());
}

#[tokio::test]
async fn case3_time_bound_follower_statistics_send_time_intervals_as_a_restli_record() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityFollowerStatistics"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(Box::leak(
            format!(
                "organizationalEntity=urn%3Ali%3Aorganization%3A2414183&q=organizationalEntity&{TWO_DAYS}"
            )
            .into_boxed_str(),
        ))))
        .respond_with(json(
            200,
            json!({
                "elements": [
                    {
                        "timeRange": { "start": 1_793_491_200_000_i64, "end": 1_793_577_600_000_i64 },
                        "followerGains": { "organicFollowerGain": 2, "paidFollowerGain": 0 },
                        "organizationalEntity": "urn:li:organization:2414183"
                    },
                    {
                        "timeRange": { "start": 1_793_577_600_000_i64, "end": 1_793_664_000_000_i64 },
                        "followerGains": { "organicFollowerGain": -1, "paidFollowerGain": 3 },
                        "organizationalEntity": "urn:li:organization:2414183"
                    }
                ]
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let days = li
        .statistics()
        .followers(&org())
        .time_intervals(two_days())
        .send()
        .await
        .unwrap();
    assert_eq!(days.len(), 2);
    assert_eq!(
        days[1]
            .follower_gains
            .as_ref()
            .unwrap()
            .organic_follower_gain,
        Some(-1)
    );
    assert_eq!(
        days[1].follower_gains.as_ref().unwrap().paid_follower_gain,
        Some(3)
    );
    assert_eq!(days[0].time_range.unwrap().start.0, 1_793_491_200_000);
}

#[tokio::test]
async fn case3_time_ranges_are_checked_offline() {
    let server = MockServer::start().await;
    let (li, _) = client(&server);
    let backwards = TimeIntervals::new(
        Granularity::Day,
        Utc.with_ymd_and_hms(2026, 11, 3, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 11, 1, 0, 0, 0).unwrap(),
    );
    let err = li
        .statistics()
        .followers(&org())
        .time_intervals(backwards)
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    // In the future of the client clock (2026-12-05).
    let future = TimeIntervals::new(
        Granularity::Week,
        Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2027, 2, 1, 0, 0, 0).unwrap(),
    );
    assert!(
        li.statistics()
            .page(&org())
            .time_intervals(future)
            .send()
            .await
            .is_err()
    );
    // Share statistics keep a rolling 12-month window.
    let old = TimeIntervals::new(
        Granularity::Month,
        Utc.with_ymd_and_hms(2025, 10, 1, 0, 0, 0).unwrap(),
        Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap(),
    );
    let err = li
        .statistics()
        .shares(&org())
        .time_intervals(old)
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].kind, ViolationKind::OutOfRange);
    assert!(violations[0].message.contains("12-month"), "{err}");
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn case3_share_statistics_per_post_split_shares_and_ugc_posts() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityShareStatistics"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(
            "organizationalEntity=urn%3Ali%3Aorganization%3A2414183&q=organizationalEntity&shares=List(urn%3Ali%3Ashare%3A1000000)&ugcPosts=List(urn%3Ali%3AugcPost%3A2000000)",
        )))
        .respond_with(json(
            200,
            json!({
                "paging": { "count": 10, "start": 0, "links": [] },
                "elements": [
                    {
                        "totalShareStatistics": {
                            "uniqueImpressionsCount": 11, "shareCount": 0, "engagement": 0.08,
                            "clickCount": 1, "likeCount": 0, "impressionCount": 25, "commentCount": 1
                        },
                        "share": "urn:li:share:1000000",
                        "organizationalEntity": "urn:li:organization:2414183"
                    },
                    {
                        "totalShareStatistics": {
                            "uniqueImpressionsCount": 3, "shareCount": 1, "engagement": 0.5,
                            "clickCount": 2, "likeCount": 1, "impressionCount": 8, "commentCount": 0
                        },
                        "ugcPost": "urn:li:ugcPost:2000000",
                        "organizationalEntity": "urn:li:organization:2414183"
                    }
                ]
            }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let posts = [
        "urn:li:share:1000000".parse().unwrap(),
        "urn:li:ugcPost:2000000".parse().unwrap(),
    ];
    let stats = li
        .statistics()
        .shares(&org())
        .posts(&posts)
        .send()
        .await
        .unwrap();
    assert_eq!(stats[0].share.as_deref(), Some("urn:li:share:1000000"));
    assert_eq!(stats[0].total_share_statistics.impression_count, Some(25));
    assert_eq!(stats[0].total_share_statistics.engagement, Some(0.08));
    assert_eq!(stats[1].ugc_post.as_deref(), Some("urn:li:ugcPost:2000000"));
}

#[tokio::test]
async fn case3_time_bound_share_statistics_within_the_window() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityShareStatistics"))
        .and(RawQuery(Some(Box::leak(
            format!(
                "organizationalEntity=urn%3Ali%3Aorganization%3A2414183&q=organizationalEntity&{TWO_DAYS}"
            )
            .into_boxed_str(),
        ))))
        .respond_with(json(
            200,
            json!({ "elements": [{
                "timeRange": { "start": 1_793_491_200_000_i64, "end": 1_793_577_600_000_i64 },
                "totalShareStatistics": { "impressionCount": 40, "clickCount": 2 },
                "organizationalEntity": "urn:li:organization:2414183"
            }]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let s = li
        .statistics()
        .shares(&org())
        .time_intervals(two_days())
        .send()
        .await
        .unwrap();
    assert_eq!(s[0].total_share_statistics.impression_count, Some(40));
    assert_eq!(s[0].total_share_statistics.like_count, None);
}

#[tokio::test]
async fn case3_page_statistics_read_all_page_views() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationPageStatistics"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some(
            "organization=urn%3Ali%3Aorganization%3A2414183&q=organization",
        )))
        .respond_with(json(
            200,
            json!({ "elements": [{
                "organization": "urn:li:organization:2414183",
                "totalPageStatistics": {
                    "clicks": { "careersPageClicks": { "careersPageJobsClicks": 0 } },
                    "views": {
                        "allPageViews": { "pageViews": 12, "uniquePageViews": 4 },
                        "overviewPageViews": { "pageViews": 5, "uniquePageViews": 2 }
                    }
                },
                "pageStatisticsBySeniority": []
            }]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let s = li.statistics().page(&org()).send().await.unwrap();
    assert_eq!(s[0].total_page_statistics.all_page_views(), Some(12));
    assert_eq!(
        s[0].total_page_statistics
            .views_of("overviewPageViews")
            .unwrap()
            .unique_page_views,
        Some(2)
    );
    assert!(s[0].extra.contains_key("pageStatisticsBySeniority"));
}

#[tokio::test]
async fn case3_member_post_analytics_total_and_daily() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/memberCreatorPostAnalytics"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some("aggregation=TOTAL&q=me&queryType=IMPRESSION")))
        .respond_with(json(
            200,
            json!({ "elements": [{ "count": 1234, "metricType": { "com.linkedin.adsexternalapi.memberanalytics.v1.CreatorPostAnalyticsMetricTypeV1": "IMPRESSION" } }] }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/memberCreatorPostAnalytics"))
        .and(RawQuery(Some(
            "aggregation=DAILY&dateRange=(end:(day:3,month:11,year:2026),start:(day:1,month:11,year:2026))&entity=urn%3Ali%3Ashare%3A7000000&q=entity&queryType=REACTION",
        )))
        .respond_with(json(
            200,
            json!({ "elements": [
                { "count": 3, "dateRange": { "start": { "year": 2026, "month": 11, "day": 1 }, "end": { "year": 2026, "month": 11, "day": 2 } } },
                { "count": 0, "dateRange": { "start": { "year": 2026, "month": 11, "day": 2 }, "end": { "year": 2026, "month": 11, "day": 3 } } }
            ]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let total = li
        .statistics()
        .member_posts(PostMetric::Impression)
        .send()
        .await
        .unwrap();
    assert_eq!(total[0].count, Some(1234));
    let days = li
        .statistics()
        .member_posts(PostMetric::Reaction)
        .post("urn:li:share:7000000".parse().unwrap())
        .daily(
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 3).unwrap(),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(
        days.iter().map(|d| d.count).collect::<Vec<_>>(),
        [Some(3), Some(0)]
    );
}

#[tokio::test]
async fn case3_member_analytics_without_the_scope_name_it() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/memberCreatorPostAnalytics"))
        .respond_with(access_denied(
            "memberCreatorPostAnalytics.FINDER-me.20260301",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/memberFollowersCount"))
        .and(RawQuery(Some("q=me")))
        .respond_with(access_denied("memberFollowersCount.FINDER-me.20260301"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .statistics()
        .member_posts(PostMetric::Comment)
        .send()
        .await
        .unwrap_err();
    let Error::Auth {
        kind: AuthErrorKind::MissingPermission { scope },
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(scope.as_deref(), Some("r_member_postAnalytics"));
    // The member's audience: never zeros, the scope it needs.
    let member = LinkedInMember::new(li.clone(), MEMBER.parse().unwrap());
    let err = member.audience().await.unwrap_err();
    let Error::Auth {
        kind: AuthErrorKind::MissingPermission { scope },
        message,
        ..
    } = &err
    else {
        panic!("{err:?}")
    };
    assert_eq!(scope.as_deref(), Some("r_member_profileAnalytics"));
    assert!(message.contains("memberFollowersCount"), "{message}");
}

#[tokio::test]
async fn case3_audience_of_a_member_and_of_a_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/memberFollowersCount"))
        .and(RestCall("FINDER"))
        .and(RawQuery(Some("q=me")))
        .respond_with(json(
            200,
            json!({ "elements": [{ "memberFollowersCount": 100 }], "paging": { "count": 10, "start": 0, "links": [] } }),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/networkSizes/urn%3Ali%3Aorganization%3A2414183"))
        .and(RawQuery(Some("edgeType=COMPANY_FOLLOWED_BY_MEMBER")))
        .respond_with(json(200, json!({ "firstDegreeSize": 5 })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let member = LinkedInMember::new(li.clone(), MEMBER.parse().unwrap());
    let a = member.audience().await.unwrap();
    assert_eq!(a.followers, Some(100));
    assert_eq!(a.account.as_str(), MEMBER);
    assert_eq!((a.following, a.fans, a.posts), (None, None, None));
    let page = LinkedInOrganization::new(li, org());
    let a = page.audience().await.unwrap();
    assert_eq!(a.followers, Some(5));
    assert_eq!(a.account.as_str(), ORG);
}

#[tokio::test]
async fn case3_a_member_followers_answer_without_a_count_is_an_error_not_zero() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/memberFollowersCount"))
        .respond_with(json(200, json!({ "elements": [] })))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li.statistics().member_followers().send().await.unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
}

#[tokio::test]
async fn case7_statistics_errors_json_5xx_and_429() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationPageStatistics"))
        .respond_with(access_denied(
            "organizationPageStatistics.FINDER-organization.20260301",
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityShareStatistics"))
        .respond_with(ResponseTemplate::new(500).set_body_raw("upstream error", "text/plain"))
        .expect(3)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityFollowerStatistics"))
        .respond_with(throttled())
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/rest/organizationalEntityFollowerStatistics"))
        .respond_with(json(200, json!({ "elements": [] })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, clock) = client(&server);
    let err = li.statistics().page(&org()).send().await.unwrap_err();
    assert!(
        matches!(
            err,
            Error::Auth {
                kind: AuthErrorKind::MissingPermission { .. },
                ..
            }
        ),
        "{err:?}"
    );
    let err = li.statistics().shares(&org()).send().await.unwrap_err();
    assert_eq!(err.status(), Some(500));
    assert!(
        li.statistics()
            .followers(&org())
            .send()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(clock.sleeps().len(), 3);
    assert_eq!(clock.sleeps()[2], Duration::from_secs(2));
}
