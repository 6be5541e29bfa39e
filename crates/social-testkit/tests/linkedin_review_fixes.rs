//! Review findings on the LinkedIn fake (review 3, finding 10): a `timeIntervals` range near
//! `i64::MAX` is a 400 (or its last interval ends at `end`), never an overflow that panics the
//! handler; a video `initializeUpload` over the Videos API's 500 MB limit is a 422, never
//! billions of upload instructions
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api>).

mod common;
use common::enc;
use serde_json::{Value, json};
use social_testkit::FakeServer;
use social_testkit::linkedin::{ALL_SCOPES, LinkedInFake, MAX_VIDEO_BYTES};

const VERSION: &str = "202603";

/// The fake on a server, a member with every scope, and the page she administers.
struct Li {
    fake: LinkedInFake,
    server: FakeServer,
    http: reqwest::Client,
    token: String,
    me: String,
    org: String,
}

async fn start() -> Li {
    let fake = LinkedInFake::new();
    let sub = fake.add_member("Camille", "Martin");
    let org = fake.add_organization("Martin Avocats");
    fake.set_role(&sub, &org, "ADMINISTRATOR");
    let token = fake.member_token(&sub, ALL_SCOPES);
    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;
    Li {
        fake,
        server,
        http: reqwest::Client::new(),
        token,
        me: format!("urn:li:person:{sub}"),
        org,
    }
}

impl Li {
    async fn follower_stats(&self, intervals: &str) -> (u16, Value) {
        let org = format!("urn:li:organization:{}", self.org);
        let r = self
            .http
            .get(format!(
                "{}/rest/organizationalEntityFollowerStatistics?q=organizationalEntity&organizationalEntity={}&timeIntervals={}",
                self.server.uri(),
                enc(&org),
                enc(intervals)
            ))
            .bearer_auth(&self.token)
            .header("LinkedIn-Version", VERSION)
            .header("X-Restli-Protocol-Version", "2.0.0")
            .send()
            .await
            .expect("the fake answers (a panicking handler drops the connection)");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn init_video(&self, size: u64) -> (u16, Value) {
        let r = self
            .http
            .post(format!(
                "{}/rest/videos?action=initializeUpload",
                self.server.uri()
            ))
            .bearer_auth(&self.token)
            .header("LinkedIn-Version", VERSION)
            .header("X-Restli-Protocol-Version", "2.0.0")
            .header("X-RestLi-Method", "ACTION")
            .header("content-type", "application/json")
            .body(
                json!({"initializeUploadRequest": {"owner": self.me, "fileSizeBytes": size,
                    "uploadCaptions": false, "uploadThumbnail": false}})
                .to_string(),
            )
            .send()
            .await
            .expect("the fake answers");
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn review10_a_time_range_without_end_past_i64_max_is_a_400() {
    let li = start().await;
    let start = i64::MAX - 1_000;
    let (status, body) = li
        .follower_stats(&format!(
            "(timeRange:(start:{start}),timeGranularityType:DAY)"
        ))
        .await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["message"]
            .as_str()
            .is_some_and(|m| m.contains("timeIntervals")),
        "{body}"
    );
}

#[tokio::test]
async fn review10_a_time_range_ending_at_i64_max_ends_its_last_interval_there() {
    let li = start().await;
    let start = i64::MAX - 1_000;
    let end = i64::MAX;
    let (status, body) = li
        .follower_stats(&format!(
            "(timeRange:(start:{start},end:{end}),timeGranularityType:DAY)"
        ))
        .await;
    assert_eq!(status, 200, "{body}");
    let elements = body["elements"].as_array().expect("elements");
    assert_eq!(elements.len(), 1, "{body}");
    assert_eq!(elements[0]["timeRange"]["end"], json!(end), "{body}");
}

#[tokio::test]
async fn review10_a_video_over_500_mb_is_refused_before_any_instruction() {
    let li = start().await;
    for size in [MAX_VIDEO_BYTES + 1, i64::MAX as u64] {
        let (status, body) = li.init_video(size).await;
        assert_eq!(status, 422, "{size}: {body}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("/initializeUploadRequest/fileSizeBytes"),
            "{body}"
        );
    }
    // The largest documented size is taken, in LinkedIn's 4 MiB parts.
    let (status, body) = li.init_video(MAX_VIDEO_BYTES).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        body["value"]["uploadInstructions"].as_array().map(Vec::len),
        Some(125)
    );
}

#[tokio::test]
async fn review10_a_tiny_fake_part_size_with_a_large_video_is_refused() {
    let li = start().await;
    li.fake.state().lock().set_video_part_size(1);
    let (status, body) = li.init_video(20_000).await;
    assert_eq!(status, 422, "{body}");
}
