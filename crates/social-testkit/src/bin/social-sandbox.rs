//! `social-sandbox`: serves the social-testkit fakes on a local port until Ctrl-C.
//!
//! ```text
//! social-sandbox [--port N]    # N = 0 (the default) picks a free port
//! ```
//!
//! It answers `GET /health` and serves each fake of `social_testkit::fakes()` under
//! `/{name}`: the X fake under `/x`, seeded with `@sandbox` (token `sandbox-user-token`),
//! `@xdevelopers` and the app-only token `sandbox-app-token`; the Graph fake under
//! `/facebook` (`/facebook/v26.0/…`), seeded with Camille Martin (token
//! `sandbox-fb-user-token`), her Page (token `sandbox-fb-page-token`) and the app
//! `sandbox-app` (secret `sandbox-app-secret`; `appsecret_proof` is required); the LinkedIn
//! fake under `/linkedin` (`/linkedin/rest/…`, `/linkedin/v2/userinfo`, `/linkedin/oauth/v2/…`),
//! seeded with Camille Martin (tokens `sandbox-li-member-token`, every scope, and
//! `sandbox-li-self-serve-token`, self-serve scopes), her firm's page and the app
//! `sandbox-li-client` (secret `sandbox-li-secret`).

use std::net::TcpListener;
use std::pin::pin;
use std::process::ExitCode;

use social_testkit::{Sandbox, fakes};

const USAGE: &str = "usage: social-sandbox [--port N]   (N = 0, the default, picks a free port)";

#[tokio::main]
async fn main() -> ExitCode {
    let port = match parse_port(std::env::args().skip(1)) {
        Ok(Some(port)) => port,
        Ok(None) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("social-sandbox: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(("127.0.0.1", port)) {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("social-sandbox: cannot listen on 127.0.0.1:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let sandbox = Sandbox::start(listener, fakes()).await;
    // A signal future installs its handler on first poll: poll it once before announcing the
    // port, so a Ctrl-C sent right after the announcement is not lost.
    let mut ctrl_c = pin!(tokio::signal::ctrl_c());
    let early = tokio::select! {
        biased;
        result = &mut ctrl_c => Some(result),
        () = std::future::ready(()) => None,
    };
    let uri = sandbox.uri();
    println!("listening on {uri}");
    if sandbox.names().is_empty() {
        println!("no network fake is mounted yet; GET {uri}/health answers");
    }
    for name in sandbox.names() {
        println!("  {name}: {uri}/{name}");
    }
    if sandbox.names().contains(&"x") {
        println!("  x tokens: sandbox-user-token (@sandbox), sandbox-app-token (app-only)");
    }
    if sandbox.names().contains(&"facebook") {
        println!(
            "  facebook: app sandbox-app (secret sandbox-app-secret, appsecret_proof required), tokens sandbox-fb-user-token (Camille Martin), sandbox-fb-page-token (Page 200000000000001)"
        );
    }
    if sandbox.names().contains(&"linkedin") {
        println!(
            "  linkedin: app sandbox-li-client (secret sandbox-li-secret), tokens sandbox-li-member-token (Camille Martin, every scope), sandbox-li-self-serve-token (self-serve scopes); send LinkedIn-Version and X-Restli-Protocol-Version: 2.0.0 on /linkedin/rest"
        );
    }
    let interrupted = match early {
        Some(result) => result,
        None => ctrl_c.await,
    };
    if let Err(e) = interrupted {
        eprintln!("social-sandbox: cannot wait for Ctrl-C: {e}");
        return ExitCode::FAILURE;
    }
    println!("stopping");
    ExitCode::SUCCESS
}

/// `Some(port)` from `--port N` / `--port=N` (0 when absent), `None` for `--help`.
fn parse_port(mut args: impl Iterator<Item = String>) -> Result<Option<u16>, String> {
    let mut port = 0;
    while let Some(arg) = args.next() {
        let value = match arg.as_str() {
            "-h" | "--help" => return Ok(None),
            "--port" => args.next().ok_or("--port needs a value")?,
            _ => match arg.strip_prefix("--port=") {
                Some(value) => value.to_owned(),
                None => return Err(format!("unexpected argument {arg:?}")),
            },
        };
        port = value
            .parse()
            .map_err(|_| format!("invalid port {value:?}"))?;
    }
    Ok(Some(port))
}
