//! The sandbox: the health route, in process and through the `social-sandbox` binary.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use serde_json::{Value, json};
use social_testkit::{Sandbox, fakes};

async fn health(base: &str) -> Value {
    let response = reqwest::get(format!("{base}/health"))
        .await
        .expect("the sandbox answers");
    assert_eq!(response.status(), 200);
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

#[tokio::test]
async fn health_lists_the_x_fake_which_answers_under_its_prefix() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let sandbox = Sandbox::start(listener, fakes()).await;
    assert_eq!(
        health(&sandbox.uri()).await,
        json!({ "status": "ok", "fakes": ["x"] })
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
