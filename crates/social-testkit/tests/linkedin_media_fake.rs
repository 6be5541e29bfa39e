//! The LinkedIn fake's media flows through raw HTTP (issue 11, item 5), mounted under a prefix
//! as in the sandbox: upload URLs served by the fake itself, video parts checked by byte range,
//! `finalizeUpload` checking the upload token and the part ids in order, processing that ends
//! after status reads, injected `PROCESSING_FAILED`, and owners the caller may not act for.

use serde_json::{Value, json};
use social_testkit::FakeServer;
use social_testkit::linkedin::LinkedInFake;

const VERSION: &str = "202603";

struct H {
    li: LinkedInFake,
    server: FakeServer,
    http: reqwest::Client,
    token: String,
    me: String,
}

async fn harness() -> H {
    let li = LinkedInFake::new();
    let sub = li.add_member("Camille", "Martin");
    let token = li.member_token(&sub, &["w_member_social"]);
    let server = FakeServer::start(()).await;
    server.mount("/linkedin", &li).await;
    H {
        li,
        server,
        http: reqwest::Client::new(),
        token,
        me: format!("urn:li:person:{sub}"),
    }
}

impl H {
    async fn action(&self, collection: &str, action: &str, body: Value) -> (u16, Value) {
        let r = self
            .http
            .post(format!(
                "{}/linkedin/rest/{collection}?action={action}",
                self.server.uri()
            ))
            .bearer_auth(&self.token)
            .header("LinkedIn-Version", VERSION)
            .header("X-Restli-Protocol-Version", "2.0.0")
            .header("X-RestLi-Method", "ACTION")
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    async fn put(&self, url: &str, bytes: Vec<u8>) -> (u16, Option<String>) {
        let r = self
            .http
            .put(url)
            .header("content-type", "application/octet-stream")
            .body(bytes)
            .send()
            .await
            .unwrap();
        let etag = r
            .headers()
            .get("etag")
            .map(|v| v.to_str().unwrap().to_owned());
        (r.status().as_u16(), etag)
    }

    async fn status(&self, collection: &str, urn: &str) -> (u16, Value) {
        let key: String = url::form_urlencoded::byte_serialize(urn.as_bytes()).collect();
        let r = self
            .http
            .get(format!(
                "{}/linkedin/rest/{collection}/{key}",
                self.server.uri()
            ))
            .bearer_auth(&self.token)
            .header("LinkedIn-Version", VERSION)
            .header("X-Restli-Protocol-Version", "2.0.0")
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }
}

#[tokio::test]
async fn case5_video_parts_etags_and_finalize_order_are_checked() {
    let h = harness().await;
    h.li.state().lock().set_video_part_size(4);
    let (status, init) = h
        .action(
            "videos",
            "initializeUpload",
            json!({"initializeUploadRequest": {"owner": h.me, "fileSizeBytes": 10,
                "uploadCaptions": false, "uploadThumbnail": false}}),
        )
        .await;
    assert_eq!(status, 200, "{init}");
    let value = &init["value"];
    let urn = value["video"].as_str().unwrap().to_owned();
    let parts = value["uploadInstructions"].as_array().unwrap();
    assert_eq!(
        parts
            .iter()
            .map(|p| (
                p["firstByte"].as_u64().unwrap(),
                p["lastByte"].as_u64().unwrap()
            ))
            .collect::<Vec<_>>(),
        [(0, 3), (4, 7), (8, 9)]
    );
    let url = |i: usize| parts[i]["uploadUrl"].as_str().unwrap().to_owned();
    assert!(url(0).starts_with(&format!("{}/linkedin/dms-uploads/", h.server.uri())));
    // A part of the wrong length is refused.
    assert_eq!(h.put(&url(0), vec![0; 3]).await.0, 400);
    let mut etags = Vec::new();
    for (i, len) in [4usize, 4, 2].into_iter().enumerate() {
        let (status, etag) = h.put(&url(i), vec![0; len]).await;
        assert_eq!(status, 200);
        etags.push(etag.expect("an ETag"));
    }
    let token = value["uploadToken"].clone();
    let finalize = |ids: Vec<String>, token: Value| json!({"finalizeUploadRequest": {"video": urn, "uploadToken": token, "uploadedPartIds": ids}});
    let mut swapped = etags.clone();
    swapped.swap(0, 1);
    let (status, body) = h
        .action("videos", "finalizeUpload", finalize(swapped, token.clone()))
        .await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = h
        .action(
            "videos",
            "finalizeUpload",
            finalize(etags.clone(), json!("wrong")),
        )
        .await;
    assert_eq!(status, 400);
    assert_eq!(
        h.li.state().lock().media_status(&urn),
        Some("WAITING_UPLOAD")
    );
    let (status, _) = h
        .action("videos", "finalizeUpload", finalize(etags, token))
        .await;
    assert_eq!(status, 200);
    // One read answers PROCESSING, the next AVAILABLE.
    assert_eq!(h.status("videos", &urn).await.1["status"], "PROCESSING");
    let (_, asset) = h.status("videos", &urn).await;
    assert_eq!(asset["status"], "AVAILABLE");
    assert!(asset["downloadUrl"].is_string());
    assert_eq!(h.li.state().lock().requests("PUT /dms-uploads/{slot}"), 4);
}

#[tokio::test]
async fn case5_images_process_fail_on_demand_and_owners_are_checked() {
    let h = harness().await;
    h.li.state().lock().fail_next_media(1);
    let (_, init) = h
        .action(
            "images",
            "initializeUpload",
            json!({"initializeUploadRequest": {"owner": h.me}}),
        )
        .await;
    let urn = init["value"]["image"].as_str().unwrap().to_owned();
    assert!(init["value"]["uploadUrlExpiresAt"].is_i64());
    assert_eq!(h.status("images", &urn).await.1["status"], "WAITING_UPLOAD");
    // No content type: refused.
    let url = init["value"]["uploadUrl"].as_str().unwrap();
    let bare = h.http.put(url).body(vec![1u8; 4]).send().await.unwrap();
    assert_eq!(bare.status(), 400);
    assert_eq!(h.put(url, vec![1; 4]).await.0, 201);
    h.status("images", &urn).await;
    assert_eq!(
        h.status("images", &urn).await.1["status"],
        "PROCESSING_FAILED"
    );

    // A page the member holds no role on, an unknown field, a missing owner.
    let (status, body) = h
        .action(
            "documents",
            "initializeUpload",
            json!({"initializeUploadRequest": {"owner": "urn:li:organization:1"}}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(
        body["message"],
        "Accessing this document resource is forbidden. Please check your permissions for this resource"
    );
    let (status, _) = h
        .action(
            "images",
            "initializeUpload",
            json!({"initializeUploadRequest": {"owner": h.me, "fileSizeBytes": 3}}),
        )
        .await;
    assert_eq!(status, 422);
    let (status, _) = h
        .action(
            "images",
            "initializeUpload",
            json!({"initializeUploadRequest": {}}),
        )
        .await;
    assert_eq!(status, 422);
    assert_eq!(h.status("images", "urn:li:image:nothing").await.0, 404);
}

#[tokio::test]
async fn case5_processing_can_end_on_the_fake_clock() {
    let h = harness().await;
    {
        let state = h.li.state();
        let mut li = state.lock();
        li.set_now(1_796_461_200);
        li.set_media_processing(0, 30);
    }
    let (_, init) = h
        .action(
            "documents",
            "initializeUpload",
            json!({"initializeUploadRequest": {"owner": h.me}}),
        )
        .await;
    let urn = init["value"]["document"].as_str().unwrap().to_owned();
    let url = init["value"]["uploadUrl"].as_str().unwrap();
    assert_eq!(h.put(url, b"%PDF".to_vec()).await.0, 201);
    assert_eq!(h.status("documents", &urn).await.1["status"], "PROCESSING");
    h.li.state().lock().advance(29);
    assert_eq!(h.status("documents", &urn).await.1["status"], "PROCESSING");
    h.li.state().lock().advance(1);
    assert_eq!(h.status("documents", &urn).await.1["status"], "AVAILABLE");
}
