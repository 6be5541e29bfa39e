//! The Posts API (issue 10, item 6) against a mock server: create as a member or an
//! organization (text, article, poll, reshare), get, partial update, delete, the author finder;
//! exact method, path, query, headers and bodies, and what the answers become. Fixtures follow
//! the samples of the Posts API page
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api>).

mod common;

use common::*;
use serde_json::json;
use social_core::{Error, Listing, PageLimits, ViolationKind};
use social_linkedin::models::{LifecycleState, PollDuration, Visibility};
use social_linkedin::posts::{ArticleContent, MediaContent, PollContent, PostSort};
use social_linkedin::text::Commentary;
use social_linkedin::urn::{ImageUrn, OrganizationUrn, PersonUrn, PostUrn};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn member() -> PersonUrn {
    MEMBER.parse().unwrap()
}

fn org() -> OrganizationUrn {
    ORG.parse().unwrap()
}

/// "Create a text post": the documented body, 201 with an empty body and the URN in
/// `x-restli-id`.
#[tokio::test]
async fn case6_create_as_a_member_sends_the_documented_body_and_reads_x_restli_id() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .and(RawQuery(None))
        .respond_with(created("urn:li:share:6844785523593134080"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let urn = li
        .posts()
        .create(member())
        .text("Closed on Friday (bank holiday) #1 snake_case")
        .send()
        .await
        .unwrap();
    assert_eq!(urn.to_string(), "urn:li:share:6844785523593134080");
    let req = &requests(&server).await[0];
    assert_eq!(
        header_of(req, "content-type").as_deref(),
        Some("application/json")
    );
    assert_eq!(
        body_json(req),
        json!({
            "author": MEMBER,
            "commentary": "Closed on Friday \\(bank holiday\\) \\#1 snake\\_case",
            "visibility": "PUBLIC",
            "distribution": {"feedDistribution": "MAIN_FEED", "targetEntities": [], "thirdPartyDistributionChannels": []},
            "lifecycleState": "PUBLISHED",
            "isReshareDisabledByAuthor": false
        })
    );
}

/// An organization's article (title, description, thumbnail) and a reduced-encoded id.
#[tokio::test]
async fn case6_create_an_article_as_an_organization() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .respond_with(created("urn%3Ali%3AugcPost%3A68447855235931240"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let urn = li
        .posts()
        .create(org())
        .commentary(
            Commentary::builder()
                .text("Our partner ")
                .mention("Jane Doe", &member())
                .text(" on the reform ")
                .hashtag("tax")
                .build(),
        )
        .visibility(Visibility::Public)
        .article(
            ArticleContent::new("https://example.com/tax-2027", "The 2027 tax reform")
                .description("What changes")
                .thumbnail(ImageUrn::new("C4E10AQFoyyAjHPMQuQ").unwrap()),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(urn.to_string(), "urn:li:ugcPost:68447855235931240");
    let body = body_json(&requests(&server).await[0]);
    assert_eq!(body["author"], ORG);
    assert_eq!(
        body["commentary"],
        "Our partner @[Jane Doe](urn:li:person:-f_Ut43FoQ) on the reform {hashtag|#|tax}"
    );
    assert_eq!(
        body["content"],
        json!({"article": {
            "source": "https://example.com/tax-2027",
            "title": "The 2027 tax reform",
            "description": "What changes",
            "thumbnail": "urn:li:image:C4E10AQFoyyAjHPMQuQ"
        }})
    );
}

/// The Poll API's create body; a draft; a reshare with commentary; media by URN.
#[tokio::test]
async fn case6_polls_drafts_reshares_and_media() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .and(RestCall("CREATE"))
        .respond_with(created("urn:li:share:7"))
        .expect(3)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    li.posts()
        .create(member())
        .text("Help us choose:")
        .poll(
            PollContent::new("Next webinar?")
                .option("Tax")
                .option("Estate planning")
                .duration(PollDuration::SevenDays),
        )
        .draft()
        .send()
        .await
        .unwrap();
    let parent: PostUrn = "urn:li:share:6844785523593134080".parse().unwrap();
    li.posts()
        .reshare(org(), &parent)
        .text("Worth reading.")
        .send()
        .await
        .unwrap();
    li.posts()
        .create(member())
        .text("The team")
        .media(
            MediaContent::image(ImageUrn::new("C4E10AQFoyyAjHPMQuQ").unwrap())
                .alt_text("Six people"),
        )
        .send()
        .await
        .unwrap();
    let reqs = requests(&server).await;
    let poll = body_json(&reqs[0]);
    assert_eq!(
        poll["content"],
        json!({"poll": {"question": "Next webinar?", "options": [{"text": "Tax"}, {"text": "Estate planning"}], "settings": {"duration": "SEVEN_DAYS"}}})
    );
    assert_eq!(poll["lifecycleState"], "DRAFT");
    let reshare = body_json(&reqs[1]);
    assert_eq!(
        reshare["reshareContext"],
        json!({"parent": "urn:li:share:6844785523593134080"})
    );
    assert_eq!(reshare["commentary"], "Worth reading.");
    assert!(reshare.get("content").is_none());
    let media = body_json(&reqs[2]);
    assert_eq!(
        media["content"],
        json!({"media": {"id": "urn:li:image:C4E10AQFoyyAjHPMQuQ", "altText": "Six people"}})
    );
}

/// Every violation at once, nothing sent.
#[tokio::test]
async fn case6_bad_posts_are_refused_offline_with_every_violation() {
    let server = MockServer::start().await;
    let (li, _) = client(&server);
    let err = li
        .posts()
        .create(member())
        .little_text("Results (Q3) are out")
        .poll(PollContent::new(" ").option("only one"))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &err else {
        panic!("{err:?}");
    };
    let fields: Vec<&str> = violations.iter().map(|v| v.field.as_ref()).collect();
    assert!(fields.contains(&"commentary"), "{fields:?}");
    assert!(fields.contains(&"content.poll.question"), "{fields:?}");
    assert!(fields.contains(&"content.poll.options"), "{fields:?}");
    let long = li
        .posts()
        .create(member())
        .text(&"a".repeat(3_001))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(&long, Error::InvalidInput { violations, .. }
            if violations.iter().any(|v| matches!(v.kind, ViolationKind::TooLong { limit: 3000, actual: 3001 }))),
        "{long:?}"
    );
    let empty = li.posts().create(member()).send().await.unwrap_err();
    assert!(matches!(empty, Error::InvalidInput { .. }));
    let article = li
        .posts()
        .create(member())
        .article(ArticleContent::new("javascript:alert(1)", ""))
        .send()
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = &article else {
        panic!("{article:?}");
    };
    assert_eq!(violations.len(), 2, "{violations:?}");
    assert!(requests(&server).await.is_empty());
}

/// A 201 without `x-restli-id` (or with a garbled one): the post may exist, so `Unconfirmed`,
/// never a panic nor an id made up.
#[tokio::test]
async fn case6_a_201_without_x_restli_id_is_unconfirmed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(ResponseTemplate::new(201))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(created("urn:li:image:C4E10AQFoyyAjHPMQuQ"))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    for _ in 0..2 {
        let err = li
            .posts()
            .create(member())
            .text("Hello")
            .send()
            .await
            .unwrap_err();
        let Error::Unconfirmed {
            endpoint, cause, ..
        } = &err
        else {
            panic!("{err:?}");
        };
        assert_eq!(endpoint, "POST /posts");
        assert!(matches!(**cause, Error::Protocol { .. }), "{cause:?}");
        assert!(err.to_string().contains("x-restli-id"), "{err}");
    }
}

/// A create answered 503 may have been published: never sent again, `Unconfirmed`.
#[tokio::test]
async fn case6_a_create_that_may_have_run_is_never_replayed() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts"))
        .respond_with(li_error(503, None, None, "Service Unavailable"))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let err = li
        .posts()
        .create(member())
        .text("Hello")
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Unconfirmed { .. }), "{err:?}");
    assert!(!err.is_retryable());
}

/// `GET /rest/posts/{encoded URN}` reads the documented sample; `viewContext=AUTHOR` for drafts.
#[tokio::test]
async fn case6_get_reads_the_documented_post() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A6844785523593134080"))
        .and(RestCall("GET"))
        .and(RawQuery(Some("viewContext=AUTHOR")))
        .respond_with(json(200, json!({
            "isReshareDisabledByAuthor": false,
            "createdAt": 1631742093000u64,
            "lifecycleState": "PUBLISHED",
            "lastModifiedAt": 1631742093000u64,
            "visibility": "PUBLIC",
            "publishedAt": 1631742093000u64,
            "author": ORG,
            "id": "urn:li:share:6844785523593134080",
            "distribution": {"feedDistribution": "MAIN_FEED", "thirdPartyDistributionChannels": []},
            "content": {"media": {"altText": "testing for alt tags", "id": "urn:li:image:C5F10AQGKQg_6y2a4sQ"}},
            "commentary": "Sample text Post",
            "lifecycleStateInfo": {"isEditedByAuthor": false},
            "someFieldOfANewerVersion": {"x": 1}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let urn: PostUrn = "urn:li:share:6844785523593134080".parse().unwrap();
    let post = li.posts().get(&urn).as_author().send().await.unwrap();
    assert_eq!(post.id, Some(urn));
    assert_eq!(post.commentary.as_deref(), Some("Sample text Post"));
    assert_eq!(post.lifecycle_state, Some(LifecycleState::Published));
    assert_eq!(
        post.content.unwrap().media.unwrap().id.as_deref(),
        Some("urn:li:image:C5F10AQGKQg_6y2a4sQ")
    );
    assert!(post.extra.contains_key("someFieldOfANewerVersion"));
    assert_eq!(
        post.created_at.unwrap().to_utc().unwrap().to_rfc3339(),
        "2021-09-15T21:41:33+00:00"
    );
}

/// Enums LinkedIn extends keep the unknown value.
#[tokio::test]
async fn case6_unknown_visibility_and_lifecycle_are_kept() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A1"))
        .respond_with(json(200, json!({"id": "urn:li:share:1", "visibility": "MEMBERS_OF_MARS", "lifecycleState": "ARCHIVED"})))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let post = li
        .posts()
        .get(&"urn:li:share:1".parse().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        post.visibility,
        Some(Visibility::Unknown("MEMBERS_OF_MARS".into()))
    );
    assert_eq!(
        post.lifecycle_state,
        Some(LifecycleState::Unknown("ARCHIVED".into()))
    );
    assert_eq!(
        serde_json::to_value(&post.visibility).unwrap(),
        "MEMBERS_OF_MARS"
    );
}

/// Partial update: `POST` on the entity, `X-RestLi-Method: PARTIAL_UPDATE`, `$set`.
#[tokio::test]
async fn case6_partial_update_sets_the_commentary() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path("/rest/posts/urn%3Ali%3AugcPost%3A68447855235931240"))
        .and(RestCall("PARTIAL_UPDATE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let urn: PostUrn = "urn:li:ugcPost:68447855235931240".parse().unwrap();
    li.posts()
        .update(&urn)
        .text("Opens at 9:00 (not 8:00)")
        .send()
        .await
        .unwrap();
    assert_eq!(
        body_json(&requests(&server).await[0]),
        json!({"patch": {"$set": {"commentary": "Opens at 9:00 \\(not 8:00\\)"}}})
    );
    // Nothing to change: refused offline.
    assert!(matches!(
        li.posts().update(&urn).send().await,
        Err(Error::InvalidInput { .. })
    ));
}

/// Delete with `X-RestLi-Method: DELETE`, 204; a retry after a 5xx that finds it gone succeeds.
#[tokio::test]
async fn case6_delete_and_a_retried_delete_that_finds_it_gone() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A1"))
        .and(RestCall("DELETE"))
        .respond_with(ResponseTemplate::new(204))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A2"))
        .respond_with(li_error(504, None, None, "Gateway Timeout"))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/rest/posts/urn%3Ali%3Ashare%3A2"))
        .respond_with(li_error(404, None, None, "Not Found"))
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    li.posts()
        .delete(&"urn:li:share:1".parse().unwrap())
        .await
        .unwrap();
    li.posts()
        .delete(&"urn:li:share:2".parse().unwrap())
        .await
        .unwrap();
    // A first attempt answered 404 is NotFound.
    let err = li
        .posts()
        .delete(&"urn:li:share:3".parse().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

fn element(n: u64) -> serde_json::Value {
    json!({"id": format!("urn:li:share:{n}"), "author": ORG, "commentary": format!("post {n}"),
           "createdAt": 1_700_000_000_000u64 - n, "lifecycleState": "PUBLISHED", "visibility": "PUBLIC"})
}

/// The author finder: `q=author`, the URN encoded once, index paging; the walk stops at the
/// first short page even though `total` claims more (some finders report a wrong total).
#[tokio::test]
async fn case6_the_author_finder_walks_full_pages_and_stops_on_a_short_one() {
    let server = MockServer::start().await;
    let q = |start: u64| -> &'static str {
        match start {
            0 => "author=urn%3Ali%3Aorganization%3A2414183&count=2&q=author&sortBy=CREATED&start=0",
            2 => "author=urn%3Ali%3Aorganization%3A2414183&count=2&q=author&sortBy=CREATED&start=2",
            _ => "author=urn%3Ali%3Aorganization%3A2414183&count=2&q=author&sortBy=CREATED&start=4",
        }
    };
    for (start, elements) in [
        (0u64, vec![element(1), element(2)]),
        (2, vec![element(3), element(4)]),
        (4, vec![element(5)]),
    ] {
        Mock::given(method("GET"))
            .and(path("/rest/posts"))
            .and(RestCall("FINDER"))
            .and(RawQuery(Some(q(start))))
            .respond_with(json(
                200,
                json!({
                    "paging": {"start": start, "count": 2, "links": [], "total": 500},
                    "elements": elements
                }),
            ))
            // The walk reads each page once; the single-page reads below read the first and
            // the last again.
            .expect(if start == 2 { 1 } else { 2 })
            .mount(&server)
            .await;
    }
    let (li, _) = client(&server);
    let posts = li
        .posts()
        .by_author(org())
        .sort_by(PostSort::Created)
        .page_size(2)
        .collect(PageLimits::default())
        .await
        .unwrap();
    let ids: Vec<String> = posts
        .iter()
        .map(|p| p.id.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(ids.len(), 5);
    assert_eq!(ids[4], "urn:li:share:5");
    // One page at a time, with LinkedIn's paging kept beside the items.
    let first = li
        .posts()
        .by_author(org())
        .sort_by(PostSort::Created)
        .page_size(2)
        .send()
        .await
        .unwrap();
    assert_eq!(first.next.as_ref().map(|c| c.as_str()), Some("2"));
    assert_eq!(first.extra.as_ref().and_then(|p| p.total), Some(500));
    let last = li
        .posts()
        .by_author(org())
        .sort_by(PostSort::Created)
        .page_size(2)
        .after(social_core::Cursor::new("4"))
        .send()
        .await
        .unwrap();
    assert_eq!(last.items.len(), 1);
    assert!(last.next.is_none());
}

/// An empty first page ends the walk; a page size out of range or a foreign cursor is refused
/// offline.
#[tokio::test]
async fn case6_finder_edges() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/rest/posts"))
        .respond_with(json(
            200,
            json!({"paging": {"start": 0, "count": 10, "total": 0}, "elements": []}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (li, _) = client(&server);
    let none = li
        .posts()
        .by_author(member())
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert!(none.is_empty());
    for bad in [
        li.posts().by_author(member()).page_size(0),
        li.posts().by_author(member()).page_size(101),
        li.posts()
            .by_author(member())
            .after(social_core::Cursor::new("QVFI")),
    ] {
        assert!(matches!(bad.send().await, Err(Error::InvalidInput { .. })));
    }
}
