//! Sign in to LinkedIn with the 3-legged OAuth 2.0 flow, see who signed in, and keep the token.
//!
//! ```sh
//! cargo run --example linkedin_login        # offline, against the in-process LinkedIn fake
//! LINKEDIN_CLIENT_ID=… LINKEDIN_CLIENT_SECRET=… LINKEDIN_REDIRECT_URI=http://127.0.0.1:8765/callback \
//!     cargo run --example linkedin_login    # real
//! ```
//!
//! Environment (all three or none): `LINKEDIN_CLIENT_ID` and `LINKEDIN_CLIENT_SECRET` (your
//! app's "Auth" tab), `LINKEDIN_REDIRECT_URI` (one of the app's "Authorized redirect URLs");
//! `LINKEDIN_TOKEN_FILE` (optional, default `linkedin-tokens.json`).
//!
//! The steps (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow>):
//! the authorization URL with a random `state`; the redirect back, caught by a one-shot local
//! listener when the redirect URL is `http://127.0.0.1:<port>/…` or `http://localhost:<port>/…`
//! (else you paste the URL the browser landed on); the `state` checked; the code exchanged;
//! OpenID Connect's `userinfo` read; the token's life printed (60 days, and no refresh token
//! for a self-serve app: the member signs in again then); the token set saved with
//! `FileTokenStore`, readable by you only. Offline, the fake plays LinkedIn and the browser.

use std::io::{BufRead, BufReader, Write};
use std::time::SystemTime;

use chrono::{DateTime, Utc};
use social_core::auth::oauth2::verify_state;
use social_core::auth::{ClientSecret, FileTokenStore, TokenStore};
use social_linkedin::auth::{TokenLifetime, scopes};
use social_linkedin::{LinkedInClient, LinkedInClientBuilder};
use social_testkit::FakeServer;
use social_testkit::linkedin::{
    DEMO_CLIENT_ID, DEMO_CLIENT_SECRET, DEMO_REDIRECT_URI, LinkedInFake,
};
use url::Url;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

const VARS: [&str; 3] = [
    "LINKEDIN_CLIENT_ID",
    "LINKEDIN_CLIENT_SECRET",
    "LINKEDIN_REDIRECT_URI",
];

/// The real app named by the environment: `None` when none of the three variables is set, an
/// error naming the missing ones when only some are.
fn real_app() -> AnyResult<Option<(String, String, String)>> {
    let values: Vec<Option<String>> = VARS
        .iter()
        .map(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
        .collect();
    if values.iter().all(Option::is_none) {
        return Ok(None);
    }
    let missing: Vec<&str> = VARS
        .iter()
        .zip(&values)
        .filter(|(_, v)| v.is_none())
        .map(|(name, _)| *name)
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "{} missing: set all of {} for the real LinkedIn, or none to run offline",
            missing.join(" and "),
            VARS.join(", ")
        )
        .into());
    }
    let mut values = values.into_iter().flatten();
    let (Some(id), Some(secret), Some(redirect)) = (values.next(), values.next(), values.next())
    else {
        return Err("unreachable: the three variables were checked".into());
    };
    Ok(Some((id, secret, redirect)))
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    // Keeps the fake alive while the example runs.
    let mut fake = None;
    let (base, id, secret, redirect, file) = match real_app()? {
        Some((id, secret, redirect)) => {
            println!("Using the real LinkedIn (LINKEDIN_CLIENT_ID is set).");
            let file = std::env::var("LINKEDIN_TOKEN_FILE")
                .unwrap_or_else(|_| "linkedin-tokens.json".into());
            (None, id, secret, redirect, file)
        }
        None => {
            println!(
                "No LINKEDIN_CLIENT_ID: running offline against the in-process LinkedIn fake."
            );
            let linkedin = LinkedInFake::demo();
            let server = FakeServer::start(()).await;
            server.mount("", &linkedin).await;
            let base = server.uri();
            fake = Some((server, linkedin));
            let file = std::env::temp_dir().join("social-rs-linkedin-demo-tokens.json");
            (
                Some(base),
                DEMO_CLIENT_ID.to_owned(),
                DEMO_CLIENT_SECRET.to_owned(),
                DEMO_REDIRECT_URI.to_owned(),
                file.to_string_lossy().into_owned(),
            )
        }
    };
    let builder = || -> LinkedInClientBuilder {
        let b = LinkedInClient::builder()
            .client_id(id.clone())
            .client_secret(ClientSecret::new(secret.clone()))
            .redirect_uri(redirect.clone())
            .user_agent("social-rs-examples/0.1");
        match &base {
            Some(uri) => b.base_url(uri.clone()),
            None => b,
        }
    };

    // 1. The authorization URL, with a random state.
    let oauth = builder().build()?.oauth()?;
    let request = oauth
        .authorize_url()
        .scopes(scopes::SIGN_IN_AND_SHARE)
        .build()?;
    println!(
        "1. Open this URL, sign in and allow the app:\n\n{}\n",
        request.url
    );

    // 2. The redirect back: the fake's consent page offline, a listener or a pasted URL for real.
    let back = if fake.is_some() {
        follow_consent(&request.url).await?
    } else {
        wait_for_redirect(&redirect).await?
    };
    let param = |k: &str| {
        back.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = param("error") {
        let why = param("error_description").unwrap_or_default();
        return Err(format!("LinkedIn refused the sign-in: {error} ({why})").into());
    }
    if !verify_state(&request.state, &param("state").unwrap_or_default()) {
        return Err("the state in the redirect does not match: refusing it (possible CSRF)".into());
    }
    let code = param("code").ok_or("the redirect has no `code` parameter")?;

    // 3. The code for a token; who signed in.
    let consented_at = SystemTime::now();
    let tokens = oauth.exchange_code(&code).await?;
    let member = builder().tokens(&tokens).build()?;
    let me = member.userinfo().send().await?;
    println!(
        "2. Signed in as {} ({}).",
        me.name.as_deref().unwrap_or("(no name shared)"),
        me.person_urn()?
    );

    // 4. How long it lasts: 60 days for LinkedIn, no refresh token for a self-serve app.
    let life = TokenLifetime::after_consent(consented_at, &tokens);
    let until: DateTime<Utc> = life.reconsent_at().into();
    let days = life
        .reconsent_at()
        .duration_since(SystemTime::now())
        .map(|d| (d.as_secs() + 43_200) / 86_400)
        .unwrap_or(0);
    println!(
        "3. The token lasts {days} days, until {}; {}",
        until.format("%Y-%m-%d %H:%M UTC"),
        if tokens.refresh_token.is_some() {
            "a refresh token came with it (partner app)."
        } else {
            "no refresh token (self-serve apps get none): sign in again before then."
        }
    );

    // 5. Kept for the next runs, in a file only you can read.
    FileTokenStore::new(&file).save(&tokens).await?;
    println!("4. Token saved to {file}.");
    drop(fake);
    Ok(())
}

/// Offline: plays the browser on the fake's consent page (which the demo member accepts) and
/// returns where it redirects.
async fn follow_consent(url: &Url) -> AnyResult<Url> {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let answer = browser.get(url.as_str()).send().await?;
    let location = answer
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .ok_or("the consent page did not redirect")?;
    println!("   (offline: the demo member accepted; LinkedIn redirects to {location})");
    Ok(Url::parse(location)?)
}

/// For real: a one-shot listener on a local redirect URL, else the URL pasted from the browser.
async fn wait_for_redirect(redirect: &str) -> AnyResult<Url> {
    let target = Url::parse(redirect).map_err(|e| format!("LINKEDIN_REDIRECT_URI: {e}"))?;
    let local = target.scheme() == "http"
        && matches!(target.host_str(), Some("127.0.0.1" | "localhost"))
        && target.port().is_some();
    if !local {
        print!("Paste the URL the browser landed on: ");
        std::io::stdout().flush()?;
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        return Ok(Url::parse(line.trim()).map_err(|e| format!("that is not a URL: {e}"))?);
    }
    let addr = format!(
        "{}:{}",
        target.host_str().unwrap_or("127.0.0.1"),
        target.port().unwrap_or(80)
    );
    println!("Waiting for LinkedIn's redirect on {addr}…");
    let base = target.clone();
    tokio::task::spawn_blocking(move || -> AnyResult<Url> {
        let listener = std::net::TcpListener::bind(&addr)?;
        let (mut stream, _) = listener.accept()?;
        let mut first = String::new();
        BufReader::new(&stream).read_line(&mut first)?;
        // `GET /callback?code=…&state=… HTTP/1.1`
        let path = first.split_whitespace().nth(1).unwrap_or("/");
        let page = "Signed in: you can close this tab.";
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{page}",
            page.len()
        )?;
        Ok(base.join(path)?)
    })
    .await?
}
