//! Pages: `/me/accounts` (tasks, Page tokens), `for_page`, the Pages of business portfolios,
//! a Page's profile and audience, one Page's token, and the webhook subscription of the Page.

mod common;

use common::*;
use serde_json::json;
use social_core::{AuthErrorKind, Error, PageLimits, ViolationKind};
use social_facebook::Listing;
use social_facebook::models::{PageField, PageId, PageTask};
use wiremock::matchers::{method, path, query_param, query_param_is_missing};
use wiremock::{Mock, MockServer, ResponseTemplate};

const ACCOUNT_FIELDS: &str = "id,name,category,category_list,tasks,access_token";
const PAGE_FIELDS: &str =
    "id,name,username,link,about,category,fan_count,followers_count,verification_status,picture";
// python3 -c "import hmac,hashlib;print(hmac.new(b'app-secret',b'page-token-1',hashlib.sha256).hexdigest())"
const PAGE_TOKEN_1_PROOF: &str = "9d8bdd20fb8a4df93b62076a146b8c31eda49a0fb428322706083b852124fd7e";

/// One `/me/accounts` entry as <https://developers.facebook.com/docs/graph-api/reference/user/accounts/>
/// shows it.
fn account(id: &str, name: &str, token: &str, tasks: &[&str]) -> serde_json::Value {
    json!({
        "id": id,
        "name": name,
        "access_token": token,
        "category": "Lawyer & Law Firm",
        "category_list": [{"id": "2256", "name": "Lawyer & Law Firm"}],
        "tasks": tasks
    })
}

// Pages I manage (<https://developers.facebook.com/docs/graph-api/reference/user/accounts/>):
// `{data:[{id,name,access_token,category,category_list,tasks}], paging}`.
#[tokio::test]
async fn accounts_decode_tasks_and_keep_unknown_ones() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .and(query_param("fields", ACCOUNT_FIELDS))
        .and(user_signed())
        .respond_with(ok(json!({
            "data": [
                account(PAGE_ID, "Cabinet Martin", "page-token-1",
                    &["ANALYZE", "ADVERTISE", "MODERATE", "CREATE_CONTENT", "MANAGE", "PROFILE_PLUS_ADVERTISE"]),
                account("200000000000002", "Martin Conseil", "page-token-2", &["ANALYZE"])
            ],
            "paging": {"cursors": {"before": "QVFIUk1", "after": "QVFIUk2"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client_with_token(&server, USER_TOKEN);
    let accounts = fb
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(accounts.len(), 2);
    let a = &accounts[0];
    assert_eq!(a.id.as_str(), PAGE_ID);
    assert_eq!(a.name.as_deref(), Some("Cabinet Martin"));
    assert_eq!(a.category.as_deref(), Some("Lawyer & Law Firm"));
    assert_eq!(a.category_list[0].id.as_deref(), Some("2256"));
    assert!(a.can(&PageTask::CreateContent));
    assert!(a.can(&PageTask::Moderate));
    assert!(
        a.tasks
            .contains(&PageTask::Other("PROFILE_PLUS_ADVERTISE".into())),
        "{:?}",
        a.tasks
    );
    assert!(!accounts[1].can(&PageTask::CreateContent));
    assert_eq!(a.access_token.as_ref().unwrap().secret(), "page-token-1");
    // The Page tokens never show in Debug output.
    let debug = format!("{accounts:?}");
    assert!(!debug.contains("page-token-1"), "{debug}");
    assert!(!debug.contains("page-token-2"), "{debug}");
}

// `/me/accounts` answers with every Page token (<https://developers.facebook.com/docs/facebook-login/guides/access-tokens>): an answer
// that cannot be read must not put them in the error, as `page_token` and the
// token exchanges already ensure.
#[tokio::test]
async fn an_unreadable_accounts_answer_does_not_leak_page_tokens() {
    // `tasks` as a string instead of a list cannot be read; the error must not quote the body.
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({"data": [
            {"id": PAGE_ID, "name": "Cabinet Martin", "access_token": "EAAPAGE-SEKRIT-1",
             "category_list": [], "tasks": "MANAGE"}
        ]})))
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let err = user
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Decode { .. }), "{err:?}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains("EAAPAGE-SEKRIT-1"), "{text}");
}

#[tokio::test]
async fn for_page_signs_with_the_page_token_and_a_new_proof() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({
            "data": [account(PAGE_ID, "Cabinet Martin", "page-token-1", &["CREATE_CONTENT"])]
        })))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(signed_with("page-token-1", PAGE_TOKEN_1_PROOF))
        .respond_with(ok(json!({"id": PAGE_ID, "name": "Cabinet Martin"})))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let accounts = user
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    let page = user.for_page(&accounts[0]).unwrap();
    let profile = page
        .pages()
        .get(&PageId::new(PAGE_ID))
        .send()
        .await
        .unwrap();
    assert_eq!(profile.name.as_deref(), Some("Cabinet Martin"));
    assert!(!format!("{page:?}").contains("page-token-1"));
    // The user client still signs as the user.
    let reqs = requests(&server, "GET", &p("me/accounts")).await;
    assert_eq!(query_one(&reqs[0], "access_token"), USER_TOKEN);
    assert_eq!(query_one(&reqs[0], "appsecret_proof"), USER_PROOF);
}

#[tokio::test]
async fn for_page_without_a_page_token_is_a_config_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(
            json!({"data": [{"id": PAGE_ID, "name": "No task here", "tasks": []}]}),
        ))
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let accounts = user
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    let err = user.for_page(&accounts[0]).unwrap_err();
    assert!(matches!(err, Error::Config { .. }), "{err:?}");
    assert!(err.to_string().contains(PAGE_ID), "{err}");
}

// Pages held through a business portfolio may not appear in `/me/accounts` (gitroomhq/postiz-app,
// libraries/nestjs-libraries/src/integrations/social/facebook.provider.ts)
// (`/me/businesses`, then `/{business-id}/owned_pages` and `/client_pages`).
#[tokio::test]
async fn all_managed_merges_business_pages_once_each() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .and(user_signed())
        .respond_with(ok(json!({"data": [
            account("1", "A", "tok-a", &["MANAGE"]),
            account("2", "B", "tok-b", &["MANAGE", "CREATE_CONTENT"])
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/businesses")))
        .and(query_param("fields", "id,name"))
        .and(user_signed())
        .respond_with(ok(
            json!({"data": [{"id": "900", "name": "Martin Holding"}]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("900/owned_pages")))
        .and(query_param("fields", ACCOUNT_FIELDS))
        .respond_with(ok(json!({"data": [
            // B again, without its tasks: the /me/accounts entry must win.
            {"id": "2", "name": "B (owned)"},
            account("3", "C", "tok-c", &["ANALYZE"])
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("900/client_pages")))
        .and(query_param("fields", ACCOUNT_FIELDS))
        .respond_with(ok(
            json!({"data": [account("4", "D", "tok-d", &["MODERATE"])]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let all = user.pages().all_managed().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "3", "4"]);
    assert_eq!(all[1].name.as_deref(), Some("B"));
    assert!(all[1].can(&PageTask::CreateContent));
}

// "(#200) Requires business_management…" (a permission error, see
// <https://developers.facebook.com/docs/graph-api/reference/business/owned_pages/>) must not sink the listing.
#[tokio::test]
async fn all_managed_skips_businesses_without_business_management() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(
            json!({"data": [account("1", "A", "tok-a", &["MANAGE"])]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/businesses")))
        .respond_with(graph_error(
            403,
            200,
            None,
            "(#200) Requires business_management permission to manage the object",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let all = user.pages().all_managed().await.unwrap();
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].id.as_str(), "1");
}

// A person with `business_management` may still lack access to one portfolio's Pages (an
// employee of a client business): that business is skipped, the others and `/me/accounts` kept.
#[tokio::test]
async fn all_managed_skips_a_business_whose_pages_are_not_allowed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(
            json!({"data": [account("1", "A", "tok-a", &["MANAGE"])]}),
        ))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/businesses")))
        .respond_with(ok(json!({"data": [{"id": "900"}, {"id": "901"}]})))
        .mount(&server)
        .await;
    for edge in ["owned_pages", "client_pages"] {
        Mock::given(method("GET"))
            .and(path(p(&format!("900/{edge}"))))
            .respond_with(graph_error(
                403,
                10,
                None,
                "(#10) Application does not have permission for this action",
            ))
            .mount(&server)
            .await;
    }
    Mock::given(method("GET"))
        .and(path(p("901/owned_pages")))
        .respond_with(ok(
            json!({"data": [account("3", "C", "tok-c", &["ANALYZE"])]}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("901/client_pages")))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let all = user.pages().all_managed().await.unwrap();
    let ids: Vec<&str> = all.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["1", "3"]);
}

#[tokio::test]
async fn all_managed_fails_on_errors_other_than_permissions() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({"data": []})))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/businesses")))
        .respond_with(graph_error(400, 100, None, "(#100) Invalid parameter"))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let err = user.pages().all_managed().await.unwrap_err();
    assert_eq!(err.api_error().and_then(|a| a.code), Some(100), "{err:?}");
}

// Page profile and audience (<https://developers.facebook.com/docs/graph-api/reference/page/>): a
// flat object; `fan_count` = likes,
// `followers_count` = followers.
#[tokio::test]
async fn get_reads_the_profile_and_audience() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(query_param("fields", PAGE_FIELDS))
        .and(page_signed())
        .respond_with(ok(json!({
            "id": PAGE_ID,
            "name": "Cabinet Martin",
            "username": "cabinetmartin",
            "link": "https://www.facebook.com/cabinetmartin",
            "about": "Tax and business law in Lyon.",
            "category": "Lawyer & Law Firm",
            "fan_count": 1520,
            "followers_count": "1634",
            "verification_status": "not_verified",
            "picture": {"data": {"height": 50, "is_silhouette": false, "url": "https://scontent.example/p.jpg", "width": 50}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb.pages().get(&PageId::new(PAGE_ID)).send().await.unwrap();
    assert_eq!(page.fan_count, Some(1520));
    assert_eq!(page.followers_count, Some(1634));
    assert_eq!(page.username.as_deref(), Some("cabinetmartin"));
    assert_eq!(
        page.picture
            .and_then(|p| p.data)
            .and_then(|d| d.url)
            .as_deref(),
        Some("https://scontent.example/p.jpg")
    );
    assert_eq!(page.verification_status.as_deref(), Some("not_verified"));
}

#[tokio::test]
async fn get_with_chosen_fields_always_reads_the_id_and_keeps_raw_fields() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(query_param("fields", "id,name,fan_count,rating_count"))
        .respond_with(ok(
            json!({"id": PAGE_ID, "name": "Cabinet Martin", "fan_count": 10, "rating_count": 42}),
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb
        .pages()
        .get(&PageId::new(PAGE_ID))
        .fields([
            PageField::Name,
            PageField::FanCount,
            PageField::Raw("rating_count".into()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.extra["rating_count"], 42);
    assert_eq!(page.followers_count, None, "absent is unknown, not 0");
}

// 100 with subcode 33 is "object missing" (<https://developers.facebook.com/docs/graph-api/guides/error-handling>).
#[tokio::test]
async fn get_of_a_missing_page_is_not_found_and_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("404404")))
        .respond_with(graph_error(
            400,
            100,
            Some(33),
            "Unsupported get request. Object with ID '404404' does not exist, cannot be loaded due to missing permissions, or does not support this operation.",
        ))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .pages()
        .get(&PageId::new("404404"))
        .send()
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn get_is_retried_after_a_non_json_503() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(
            ResponseTemplate::new(503)
                .insert_header("content-type", "text/html")
                .set_body_string("<html><body>Service Unavailable</body></html>"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(ok(json!({"id": PAGE_ID, "fan_count": 3})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, clock) = client(&server);
    let page = fb.pages().get(&PageId::new(PAGE_ID)).send().await.unwrap();
    assert_eq!(page.fan_count, Some(3));
    assert_eq!(clock.sleeps().len(), 1);
}

#[tokio::test]
async fn accounts_walk_every_page() {
    let server = MockServer::start().await;
    let next = format!(
        "{}/{VERSION}/me/accounts?access_token={USER_TOKEN}&fields=id&limit=1&after=QVFI2",
        server.uri()
    );
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .and(query_param_is_missing("after"))
        .and(query_param("limit", "1"))
        .respond_with(ok(json!({
            "data": [account("1", "A", "tok-a", &["MANAGE"])],
            "paging": {"cursors": {"before": "QVFI1", "after": "QVFI2"}, "next": next}
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .and(query_param("after", "QVFI2"))
        .and(user_signed())
        .respond_with(ok(json!({
            "data": [account("2", "B", "tok-b", &["MANAGE"])],
            "paging": {"cursors": {"before": "QVFI2", "after": "QVFI3"}}
        })))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let all = user
        .pages()
        .accounts()
        .page_size(1)
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert_eq!(all.len(), 2);
}

#[tokio::test]
async fn accounts_429_with_retry_after_waits_then_succeeds() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(
            graph_error(429, 4, None, "(#4) Application request limit reached")
                .insert_header("retry-after", "2"),
        )
        .up_to_n_times(1)
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({"data": []})))
        .expect(1)
        .mount(&server)
        .await;
    let (user, clock) = client_with_token(&server, USER_TOKEN);
    let all = user
        .pages()
        .accounts()
        .collect(PageLimits::default())
        .await
        .unwrap();
    assert!(all.is_empty());
    assert_eq!(clock.sleeps(), [std::time::Duration::from_secs(2)]);
}

// A Page token for one Page (<https://developers.facebook.com/docs/facebook-login/guides/access-tokens>):
// `GET /{page-id}?fields=access_token` → `{access_token,id}`.
#[tokio::test]
async fn page_token_reads_the_token_of_one_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(query_param("fields", "access_token"))
        .and(user_signed())
        .respond_with(ok(json!({"access_token": "page-token-1", "id": PAGE_ID})))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let token = user
        .pages()
        .page_token(&PageId::new(PAGE_ID))
        .await
        .unwrap();
    assert_eq!(token.secret(), "page-token-1");
    assert!(!format!("{token:?}").contains("page-token-1"));
}

#[tokio::test]
async fn page_token_missing_means_no_task_on_the_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(ok(json!({"id": PAGE_ID})))
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let err = user
        .pages()
        .page_token(&PageId::new(PAGE_ID))
        .await
        .unwrap_err();
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
}

// Webhook subscription of a Page (<https://developers.facebook.com/docs/graph-api/reference/page/subscribed_apps/>):
// POST with `subscribed_fields=feed,mention` →
// `{success:true}`; GET → `{data:[{id,name,subscribed_fields}]}`.
#[tokio::test]
async fn subscribe_app_posts_the_fields_as_a_form() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .and(path(p(&format!("{PAGE_ID}/subscribed_apps"))))
        .and(page_signed())
        .and(form_field("subscribed_fields", "feed,mention"))
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    fb.pages()
        .subscribe_app(&PageId::new(PAGE_ID), ["feed", "mention"])
        .await
        .unwrap();
    let req = &requests(&server, "POST", &p(&format!("{PAGE_ID}/subscribed_apps"))).await[0];
    assert_eq!(
        header_value(req, "content-type").as_deref(),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        form(req),
        [("subscribed_fields".to_string(), "feed,mention".to_string())]
    );
}

#[tokio::test]
async fn subscribe_app_without_fields_is_refused_before_sending() {
    let server = MockServer::start().await;
    let (fb, _) = client(&server);
    let err = fb
        .pages()
        .subscribe_app(&PageId::new(PAGE_ID), Vec::<String>::new())
        .await
        .unwrap_err();
    let Error::InvalidInput { violations, .. } = err else {
        panic!("{err:?}")
    };
    assert_eq!(violations[0].field, "subscribed_fields");
    assert_eq!(violations[0].kind, ViolationKind::Empty);
    assert!(all_requests(&server).await.is_empty());
}

#[tokio::test]
async fn subscribe_app_answered_success_false_is_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ok(json!({"success": false})))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb
        .pages()
        .subscribe_app(&PageId::new(PAGE_ID), ["feed"])
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Protocol { .. }), "{err:?}");
}

#[tokio::test]
async fn subscribed_apps_and_unsubscribe() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(&format!("{PAGE_ID}/subscribed_apps"))))
        .and(page_signed())
        .respond_with(ok(json!({"data": [
            {"category": "Business", "link": "https://practice.example/", "name": "Practice App",
             "id": APP_ID, "subscribed_fields": ["feed", "mention"]}
        ]})))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path(p(&format!("{PAGE_ID}/subscribed_apps"))))
        .and(page_signed())
        .respond_with(success())
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let apps = fb
        .pages()
        .subscribed_apps(&PageId::new(PAGE_ID))
        .await
        .unwrap();
    assert_eq!(apps[0].id, APP_ID);
    assert_eq!(apps[0].subscribed_fields, ["feed", "mention"]);
    fb.pages()
        .unsubscribe_app(&PageId::new(PAGE_ID))
        .await
        .unwrap();
}

#[tokio::test]
async fn me_reads_id_and_name() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me")))
        .and(query_param("fields", "id,name"))
        .and(user_signed())
        .respond_with(ok(json!({"id": "10000001", "name": "Claire Martin"})))
        .expect(1)
        .mount(&server)
        .await;
    let (user, _) = client_with_token(&server, USER_TOKEN);
    let me = user.me().await.unwrap();
    assert_eq!(me.id, "10000001");
    assert_eq!(me.name.as_deref(), Some("Claire Martin"));
}

// Issue 8, case 13: older Graph answers send node ids as JSON numbers; they read as strings in
// the Page id and in the plain id fields (`category_list[].id`), and a decode error names the
// field that failed.
#[tokio::test]
async fn case13_numeric_page_ids_decode_as_strings() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(ok(json!({
            "id": 200000000000001_u64,
            "name": "Cabinet Martin",
            "fan_count": 10
        })))
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({"data": [{
            "id": 200000000000001_u64,
            "name": "Cabinet Martin",
            "category_list": [{"id": 2256, "name": "Lawyer & Law Firm"}],
            "tasks": ["MANAGE"]
        }]})))
        .expect(1)
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let page = fb.pages().get(&PageId::new(PAGE_ID)).send().await.unwrap();
    assert_eq!(page.id, PageId::new(PAGE_ID));
    let accounts = fb.pages().accounts().send().await.unwrap();
    assert_eq!(accounts.items[0].id.as_str(), PAGE_ID);
    assert_eq!(
        accounts.items[0].category_list[0].id.as_deref(),
        Some("2256")
    );
}

#[tokio::test]
async fn case13_a_float_page_id_is_a_decode_error_naming_the_field() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p("me/accounts")))
        .respond_with(ok(json!({"data": [
            {"id": PAGE_ID, "name": "A"},
            {"id": 2.5e14, "name": "B"}
        ]})))
        .mount(&server)
        .await;
    let (fb, _) = client(&server);
    let err = fb.pages().accounts().send().await.unwrap_err();
    let Error::Decode { path, message, .. } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert_eq!(path, "data[1].id");
    assert!(message.contains("expected an id"), "{message}");
}

/// A Page token as a marker: whatever shows it, leaks it.
const MARKER: &str = "page-token-MARKER-7f3a9c0d";

// Issue 8, case 11: a Page read with `field_raw("access_token")` (Graph's documented way to get
// one Page's token) keeps the token out of `Debug`, error messages and logs: it lands in the
// typed `access_token` (an `AccessToken`), other credential fields in `extra` are redacted when
// printed, and the response is secret, so an error never quotes it.
#[tokio::test]
async fn case11_a_page_read_with_its_token_never_shows_it() {
    let (logs, _guard) = social_testkit::logs::capture_logs();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(query_param(
            "fields",
            "id,name,access_token,connected_app{id,access_token}",
        ))
        .respond_with(ok(json!({
            "id": PAGE_ID,
            "name": "Cabinet Martin",
            "access_token": MARKER,
            "connected_app": {"id": "77", "access_token": MARKER}
        })))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    // The same read, answered with a body the model cannot read.
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .respond_with(ok(json!({"id": 1.5, "access_token": MARKER})))
        .mount(&server)
        .await;
    let (fb, _) = client_with_token(&server, USER_TOKEN);
    let read = || {
        fb.pages()
            .get(&PageId::new(PAGE_ID))
            .fields([PageField::Name])
            .field_raw("access_token")
            .field_raw("connected_app{id,access_token}")
    };
    let page = read().send().await.unwrap();
    assert_eq!(page.access_token.as_ref().map(|t| t.secret()), Some(MARKER));
    assert_eq!(
        page.extra["connected_app"]["id"], "77",
        "kept, only hidden when printed"
    );
    let shown = format!("{page:?} {:?}", page.extra);
    assert!(!shown.contains(MARKER), "{shown}");
    assert!(shown.contains("[redacted]"), "{shown}");

    let err = read().send().await.unwrap_err();
    let Error::Decode { snippet, .. } = &err else {
        panic!("expected a decode error, got {err:?}");
    };
    assert!(snippet.contains("withheld"), "{snippet}");
    let text = format!("{err} {err:?}");
    assert!(!text.contains(MARKER), "{text}");

    let logged = logs.text();
    assert!(
        logged.contains("GET /:page"),
        "the client logged nothing: {logged}"
    );
    assert!(!logged.contains(MARKER), "{logged}");
}

// Issue 8, case 11: the same read through the escape hatch: `.secret_response()` keeps error
// snippets from quoting the body.
#[tokio::test]
async fn case11_raw_reads_can_mark_the_response_secret() {
    let (logs, _guard) = social_testkit::logs::capture_logs();
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(p(PAGE_ID)))
        .and(query_param("fields", "access_token"))
        .respond_with(ok(json!({"id": PAGE_ID, "access_token": MARKER})))
        .mount(&server)
        .await;
    let (fb, _) = client_with_token(&server, USER_TOKEN);
    #[derive(Debug, serde::Deserialize)]
    #[allow(dead_code)]
    struct Strict {
        id: u64,
    }
    let resp = fb
        .raw()
        .get(PAGE_ID)
        .query("fields", "access_token")
        .secret_response()
        .send()
        .await
        .unwrap();
    let err = resp.json::<Strict>().unwrap_err();
    let text = format!("{resp:?} {err} {err:?}");
    assert!(text.contains("withheld"), "{text}");
    assert!(!text.contains(MARKER), "{text}");
    let logged = logs.text();
    assert!(
        logged.contains("response"),
        "the client logged nothing: {logged}"
    );
    assert!(!logged.contains(MARKER), "{logged}");
}
