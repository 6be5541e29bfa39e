//! Sign in to X with OAuth 2.0 (authorization code with PKCE) and save the tokens.
//!
//! ```sh
//! X_CLIENT_ID=… cargo run --example twitter_login
//! ```
//!
//! Environment: `X_CLIENT_ID` (required: your app's OAuth 2.0 client id), `X_CLIENT_SECRET`
//! (for confidential clients), `X_REDIRECT_URI` (default `http://127.0.0.1:8765/callback`; it
//! must be registered in the app), `X_TOKEN_FILE` (default `x-tokens.json`).
//!
//! It prints the authorization URL, reads the URL X redirected to (paste it), checks the
//! `state`, exchanges the code and writes the token set (with its refresh token, which rotates
//! at every refresh) to the token file, readable by you only.

use std::io::{BufRead, Write};

use social_core::auth::ClientSecret;
use social_core::auth::oauth2::verify_state;
use social_twitter::auth::{Scope, oauth2_client};

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

fn required(name: &str) -> AnyResult<String> {
    std::env::var(name)
        .map_err(|_| format!("set {name} (see the header of examples/twitter_login.rs)").into())
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    let client_id = required("X_CLIENT_ID")?;
    let secret = std::env::var("X_CLIENT_SECRET").ok().map(ClientSecret::new);
    let redirect =
        std::env::var("X_REDIRECT_URI").unwrap_or_else(|_| "http://127.0.0.1:8765/callback".into());
    let file = std::env::var("X_TOKEN_FILE").unwrap_or_else(|_| "x-tokens.json".into());

    let oauth = oauth2_client(&client_id, secret, &redirect)?;
    let request = oauth
        .authorize_url()
        .scopes(Scope::RECOMMENDED.iter().map(|s| s.as_str()))
        .build()?;
    println!(
        "1. Open this URL, sign in and allow the app:\n\n{}\n",
        request.url
    );
    print!("2. Paste the URL X redirected you to: ");
    std::io::stdout().flush()?;
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let back = url::Url::parse(line.trim()).map_err(|e| format!("that is not a URL: {e}"))?;
    let param = |k: &str| {
        back.query_pairs()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.into_owned())
    };
    if let Some(error) = param("error") {
        return Err(format!("X refused the authorization: {error}").into());
    }
    let state = param("state").unwrap_or_default();
    if !verify_state(&request.state, &state) {
        return Err("the state in the redirect does not match: refusing it (possible CSRF)".into());
    }
    let code = param("code").ok_or("the redirect has no `code` parameter")?;

    let tokens = oauth.exchange_code(&code, request.pkce_verifier).await?;
    let json = serde_json::to_string_pretty(&tokens)?;
    write_private(&file, json.as_bytes())?;
    println!(
        "3. Signed in. Tokens saved to {file} (expires at {:?}; refresh token: {}).",
        tokens.expires_at,
        if tokens.refresh_token.is_some() {
            "yes"
        } else {
            "no: add offline.access"
        }
    );
    Ok(())
}

/// Writes a file only its owner can read (tokens are credentials).
fn write_private(path: &str, data: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)?.write_all(data)
}
