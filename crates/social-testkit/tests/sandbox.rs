//! The sandbox: the health route, in process and through the `social-sandbox` binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use social_testkit::facebook::{
    DEMO_APP_SECRET, DEMO_PAGE_ID, DEMO_USER_NAME, DEMO_USER_TOKEN, appsecret_proof,
};
use social_testkit::linkedin::{DEMO_MEMBER_SUB, DEMO_MEMBER_TOKEN};
use social_testkit::{Sandbox, fakes};

async fn health(base: &str) -> Value {
    let response = reqwest::get(format!("{base}/health"))
        .await
        .expect("the sandbox answers");
    assert_eq!(response.status(), 200);
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

#[tokio::test]
async fn health_lists_the_fakes_which_answer_under_their_prefixes() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let sandbox = Sandbox::start(listener, fakes()).await;
    assert_eq!(
        health(&sandbox.uri()).await,
        json!({ "status": "ok", "fakes": ["x", "facebook", "linkedin"] })
    );

    // The demo X fake: `@sandbox` with a fixed token, under `/x`.
    let client = reqwest::Client::new();
    let me = client
        .get(format!("{}/x/2/users/me", sandbox.uri()))
        .bearer_auth("sandbox-user-token")
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200);
    let me: Value = serde_json::from_slice(&me.bytes().await.unwrap()).unwrap();
    assert_eq!(me["data"]["username"], "sandbox");
    let home = client
        .get(format!(
            "{}/x/2/users/{}/timelines/reverse_chronological",
            sandbox.uri(),
            me["data"]["id"].as_str().unwrap()
        ))
        .bearer_auth("sandbox-user-token")
        .send()
        .await
        .unwrap();
    let home: Value = serde_json::from_slice(&home.bytes().await.unwrap()).unwrap();
    assert_eq!(home["meta"]["result_count"], 1);

    // The demo Graph fake: Camille Martin and her Page, under `/facebook/{version}`, with
    // `appsecret_proof` required; `next` links point back under the prefix.
    let accounts = client
        .get(format!(
            "{}/facebook/v26.0/me/accounts?limit=1&appsecret_proof={}",
            sandbox.uri(),
            appsecret_proof(DEMO_APP_SECRET, DEMO_USER_TOKEN)
        ))
        .bearer_auth(DEMO_USER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(accounts.status(), 200);
    assert_eq!(accounts.headers()["facebook-api-version"], "v26.0");
    let accounts: Value = serde_json::from_slice(&accounts.bytes().await.unwrap()).unwrap();
    assert_eq!(accounts["data"][0]["id"], DEMO_PAGE_ID);
    let feed = client
        .get(format!(
            "{}/facebook/v26.0/{DEMO_PAGE_ID}/feed?limit=1&appsecret_proof={}",
            sandbox.uri(),
            appsecret_proof(DEMO_APP_SECRET, DEMO_USER_TOKEN)
        ))
        .bearer_auth(DEMO_USER_TOKEN)
        .send()
        .await
        .unwrap();
    let feed: Value = serde_json::from_slice(&feed.bytes().await.unwrap()).unwrap();
    let next = feed["paging"]["next"].as_str().unwrap();
    assert!(
        next.starts_with(&format!(
            "{}/facebook/v26.0/{DEMO_PAGE_ID}/feed?",
            sandbox.uri()
        )),
        "{next}"
    );
    let me = client
        .get(format!("{}/facebook/v26.0/me", sandbox.uri()))
        .bearer_auth(DEMO_USER_TOKEN)
        .send()
        .await
        .unwrap();
    let me: Value = serde_json::from_slice(&me.bytes().await.unwrap()).unwrap();
    assert_eq!(
        me["error"]["code"], 100,
        "the demo requires appsecret_proof"
    );
    let me = client
        .get(format!(
            "{}/facebook/v26.0/me?appsecret_proof={}",
            sandbox.uri(),
            appsecret_proof(DEMO_APP_SECRET, DEMO_USER_TOKEN)
        ))
        .bearer_auth(DEMO_USER_TOKEN)
        .send()
        .await
        .unwrap();
    let me: Value = serde_json::from_slice(&me.bytes().await.unwrap()).unwrap();
    assert_eq!(me["name"], DEMO_USER_NAME);

    // The demo LinkedIn fake: Camille Martin under `/linkedin`, her posts readable back with
    // the every-scope token, LinkedIn's headers required on `/rest`.
    let userinfo = client
        .get(format!("{}/linkedin/v2/userinfo", sandbox.uri()))
        .bearer_auth(DEMO_MEMBER_TOKEN)
        .send()
        .await
        .unwrap();
    assert_eq!(userinfo.status(), 200);
    let userinfo: Value = serde_json::from_slice(&userinfo.bytes().await.unwrap()).unwrap();
    assert_eq!(userinfo["sub"], DEMO_MEMBER_SUB);
    let author = format!("urn:li:person:{DEMO_MEMBER_SUB}");
    let posts = client
        .get(format!(
            "{}/linkedin/rest/posts?q=author&author=urn%3Ali%3Aperson%3A{DEMO_MEMBER_SUB}",
            sandbox.uri()
        ))
        .bearer_auth(DEMO_MEMBER_TOKEN)
        .header("LinkedIn-Version", "202603")
        .header("X-Restli-Protocol-Version", "2.0.0")
        .send()
        .await
        .unwrap();
    assert_eq!(posts.status(), 200);
    let posts: Value = serde_json::from_slice(&posts.bytes().await.unwrap()).unwrap();
    assert_eq!(posts["paging"]["total"], 1);
    assert_eq!(posts["elements"][0]["author"], author.as_str());
}

#[tokio::test]
async fn the_binary_serves_health_and_stops_on_ctrl_c() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_social-sandbox"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .expect("social-sandbox starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().expect("a first line").unwrap();
    let base = first
        .strip_prefix("listening on ")
        .expect("`listening on URL`")
        .to_owned();
    assert!(base.starts_with("http://127.0.0.1:"), "{first}");

    assert_eq!(health(&base).await["status"], "ok");

    #[cfg(unix)]
    {
        // Ctrl-C is SIGINT; the sandbox exits cleanly.
        let interrupted = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(interrupted.success());
        assert!(child.wait().unwrap().success());
    }
    #[cfg(not(unix))]
    {
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

#[test]
fn the_binary_refuses_a_bad_port() {
    let output = Command::new(env!("CARGO_BIN_EXE_social-sandbox"))
        .args(["--port", "http"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("invalid port"));
}
