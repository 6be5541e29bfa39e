//! The professional's day on X, on their Facebook Page and on LinkedIn, end to end, and across
//! the networks (X, the Page, LinkedIn member and page: preview, broadcast, presence, inbox).
//!
//! ```sh
//! cargo run --example tour                 # offline: in-process X and Graph fakes, no credentials
//! X_USER_TOKEN=… cargo run --example tour  # the real X API, read-only (drafts are only validated)
//! X_USER_TOKEN=… cargo run --example tour -- --publish   # the real API, and it posts
//! FB_PAGE_TOKEN=… FB_PAGE_ID=… cargo run --example tour  # the real Page, read-only
//! LINKEDIN_TOKEN=… LINKEDIN_ORG=… cargo run --example tour  # the real member and page, read-only
//! ```
//!
//! Environment: `X_USER_TOKEN` is an OAuth 2.0 user access token (see the `twitter_login`
//! example to get one); `X_SEEDS` (optional) is a comma-separated list of usernames you admire,
//! used to find whom to follow. `FB_PAGE_TOKEN` is a Page access token, `FB_PAGE_ID` the Page's
//! id, `FB_APP_SECRET` (optional) the app secret when the app requires `appsecret_proof`.
//! `LINKEDIN_TOKEN` is a LinkedIn member's access token (see the `linkedin_login` example),
//! `LINKEDIN_ORG` (optional) the numeric id of a page they administer (the page part is skipped
//! without it), `LINKEDIN_VANITY` (optional) their vanity name for the QR code, `LINKEDIN_IMAGE`
//! (optional) a JPG or PNG the page posts. Each leg runs offline when its credentials are
//! missing.

use std::sync::Arc;

use social_core::auth::{
    AccessToken, MemoryTokenStore, OAuth2Client, OAuth2Config, RefreshingAuth, TokenStore,
};
use social_core::discover::{DiscoverOptions, who_to_follow};
use social_core::{AudienceReader, Network, PostId, UserId};
use social_testkit::FakeServer;
use social_testkit::x::XFake;
use social_twitter::auth::{AUTHORIZE_URL, Scope};
use social_twitter::timelines::River;
use social_twitter::{TwitterClient, XAccount};

#[path = "tour_across.rs"]
mod across;
#[path = "across_world.rs"]
mod across_world;
#[path = "tour_facebook.rs"]
mod facebook;
#[path = "facebook_setup.rs"]
mod facebook_setup;
#[path = "tour_linkedin.rs"]
mod linkedin;

type AnyResult<T> = Result<T, Box<dyn std::error::Error + Send + Sync>>;

/// Where the tour runs.
struct Setup {
    x: TwitterClient,
    publish: bool,
    seeds: Vec<String>,
    /// Keeps the sandbox alive for the tour's duration.
    _sandbox: Option<FakeServer<()>>,
}

#[tokio::main]
async fn main() -> AnyResult<()> {
    let publish_flag = std::env::args().any(|a| a == "--publish");
    let setup = match std::env::var("X_USER_TOKEN") {
        Ok(token) if !token.is_empty() => real(token, publish_flag)?,
        _ => sandbox().await?,
    };
    let x = &setup.x;

    // 1. Validate a draft that is too long, and fix it, before anything is sent.
    step("Validate a draft before sending it");
    let long = "Three things every freelancer should know about the 2027 budget: the new VAT \
                threshold, the simplified social contributions for the first year, and the end of \
                the paper forms for quarterly declarations. I explain all of it, with examples, in \
                this article on our website: https://example.com/articles/budget-2027-freelancers";
    let draft = x.tweets().create(long);
    for v in draft.violations() {
        println!("  refused before sending: {v}");
    }
    let fixed = "3 things freelancers should know about the 2027 budget: VAT threshold, first-year \
                 contributions, paper forms gone. https://example.com/articles/budget-2027-freelancers";
    let draft = x.tweets().create(fixed);
    println!("  shortened: {} violation(s)", draft.violations().len());

    // 2. Post it, and a thread.
    step("Post, then post a thread");
    if setup.publish {
        let posted = draft.send().await?;
        println!("  posted {}", posted.id);
        let outcome = x
            .tweets()
            .thread([
                "1/3 Our office moves to 12 rue de la Paix on Monday.",
                "2/3 Appointments this week are kept, by video if you prefer.",
                "3/3 Thank you for your patience!",
            ])
            .send()
            .await?;
        println!("  thread: {} part(s) published", outcome.published.len());
        if let Some(f) = &outcome.failed {
            println!(
                "  part {} failed: {}; not sent: {:?}",
                f.index, f.error, outcome.unsent
            );
        }
    } else {
        println!("  dry run: nothing is published without --publish");
    }

    // 3. Whom to follow, from accounts the user admires.
    step("Find whom to follow from the accounts you admire");
    let me = x.me_id().await?;
    let names: Vec<&str> = setup.seeds.iter().map(String::as_str).collect();
    let seed_users = x
        .users()
        .by_usernames(names)
        .send()
        .await?
        .data
        .unwrap_or_default();
    let seeds: Vec<UserId> = seed_users.iter().map(|u| u.id.clone()).collect();
    // The core traits are implemented by the account the client signs in as.
    let account = XAccount::new(x.clone());
    let found = who_to_follow(&account, &me, &seeds, &DiscoverOptions::default()).await?;
    let name = |id: &UserId| match seed_users.iter().find(|u| &u.id == id) {
        Some(u) => format!("@{}", u.username),
        None => found.graph.display_name(id),
    };
    for s in found.suggestions.iter().take(5) {
        println!("  {} ({})", name(&s.account), s.explain(name));
    }
    if let Some(stop) = &found.stopped_by {
        println!("  stopped early: {stop}");
    }

    // 4. A sip from the river: mentions since last time.
    step("Read your mentions since last time");
    let sip = x.timelines().sip(River::Mentions, None, 5).await?;
    for post in &sip.posts {
        println!("  {}", post.text);
    }
    if sip.more_available {
        println!("  … and more, left for another day");
    }
    let again = x
        .timelines()
        .sip(River::Mentions, sip.last_seen.as_ref(), 5)
        .await?;
    println!(
        "  asked again with last_seen={:?}: {} new",
        sip.last_seen.as_ref().map(PostId::as_str),
        again.posts.len()
    );

    // 5. The audience.
    step("Your audience");
    let audience = account.audience().await?;
    println!(
        "  followers: {}, following: {}, posts: {}",
        count(audience.followers),
        count(audience.following),
        count(audience.posts)
    );

    facebook::run(publish_flag).await?;
    linkedin::run(publish_flag).await?;
    across::run().await?;
    Ok(())
}

fn step(title: &str) {
    println!("\n== {title}");
}

fn count(n: Option<u64>) -> String {
    n.map_or_else(|| "unknown".into(), |n| n.to_string())
}

/// The real API, with a user token from the environment.
fn real(token: String, publish: bool) -> AnyResult<Setup> {
    println!("Using the real X API (X_USER_TOKEN is set).");
    if !publish {
        println!("Read-only: add --publish to post for real.");
    }
    let x = TwitterClient::builder()
        .user_token(AccessToken::new(token))
        .user_agent("social-rs-tour/0.1")
        .build()?;
    let seeds = std::env::var("X_SEEDS")
        .unwrap_or_else(|_| "XDevelopers".into())
        .split(',')
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect();
    Ok(Setup {
        x,
        publish,
        seeds,
        _sandbox: None,
    })
}

/// The in-process sandbox: a stateful X fake seeded with a small professional network.
async fn sandbox() -> AnyResult<Setup> {
    println!(
        "No X_USER_TOKEN: running offline against the in-process X sandbox (nothing leaves this machine)."
    );
    let fake = XFake::new();
    let me = fake.add_user("maitre_dupont", "Maître Dupont, avocate");
    let seeds = ["barreau_paris", "legaltech_news", "droit_fiscal"];
    let seed_ids: Vec<String> = seeds.iter().map(|s| fake.add_user(s, s)).collect();
    let others: Vec<String> = [
        "cour_de_cassation",
        "conseil_etat",
        "expert_comptable",
        "urssaf_info",
        "notaires_fr",
    ]
    .iter()
    .map(|s| fake.add_user(s, s))
    .collect();
    // Every seed follows the Cour de cassation; two follow the Conseil d'État; one the rest.
    for seed in &seed_ids {
        fake.follow(seed, &others[0]);
    }
    fake.follow(&seed_ids[0], &others[1]);
    fake.follow(&seed_ids[2], &others[1]);
    fake.follow(&seed_ids[1], &others[2]);
    fake.follow(&seed_ids[2], &others[3]);
    fake.follow(&seed_ids[0], &seed_ids[1]);
    fake.follow(&me, &seed_ids[0]);
    fake.follow(&seed_ids[0], &me);
    fake.post_as(
        &seed_ids[0],
        "Merci @maitre_dupont pour la conférence d'hier !",
    );
    fake.post_as(
        &others[2],
        "@maitre_dupont a question about the new VAT threshold?",
    );

    let server = FakeServer::start(()).await;
    server.mount("", &fake).await;

    // Sign in: the authorization-code flow with PKCE, against the sandbox's token endpoint.
    step("Sign in (OAuth 2.0 with PKCE)");
    let config = OAuth2Config::new("tour-client", format!("{}/2/oauth2/token", server.uri()))
        .with_authorize_url(AUTHORIZE_URL)
        .with_redirect_uri("http://127.0.0.1/callback");
    let oauth = OAuth2Client::new(Network::X, config)?;
    let request = oauth
        .authorize_url()
        .scopes(Scope::RECOMMENDED.iter().map(|s| s.as_str()))
        .build()?;
    println!(
        "  1. open: {}…",
        &request.url.as_str()[..80.min(request.url.as_str().len())]
    );
    // In real life the user consents and X redirects back with a code; the sandbox issues it.
    let challenge = request
        .url
        .query_pairs()
        .find(|(k, _)| k == "code_challenge")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    let code = fake.authorization_code(
        &me,
        &challenge,
        "tweet.read tweet.write users.read follows.read offline.access",
    );
    let tokens = oauth.exchange_code(&code, request.pkce_verifier).await?;
    println!(
        "  2. tokens received (refresh token: {}), stored before use",
        tokens.refresh_token.is_some()
    );
    let store = Arc::new(MemoryTokenStore::new());
    store.save(&tokens).await?;
    let x = TwitterClient::builder()
        .base_url(server.uri())
        .oauth2(RefreshingAuth::new(oauth, store, tokens))
        .build()?;
    Ok(Setup {
        x,
        publish: true,
        seeds: seeds.iter().map(|s| s.to_string()).collect(),
        _sandbox: Some(server),
    })
}
