//! Signing in to X: the authorization URL as X documents it.

use social_twitter::auth::{AUTHORIZE_URL, Scope, oauth2_client};

// X's authorization URL joins the scopes with `%20`, as the example of
// https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code writes it
// (`scope=tweet.read%20users.read%20follows.read%20follows.write`), with PKCE S256.
#[test]
fn the_authorization_url_follows_x_s_example() {
    let oauth = oauth2_client(
        "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ",
        None,
        "https://www.example.com",
    )
    .unwrap();
    let request = oauth
        .authorize_url()
        .scopes(
            [
                Scope::TweetRead,
                Scope::UsersRead,
                Scope::FollowsRead,
                Scope::FollowsWrite,
            ]
            .iter()
            .map(|s| s.as_str()),
        )
        .build()
        .unwrap();
    let url = request.url.as_str();
    assert!(url.starts_with(AUTHORIZE_URL), "{url}");
    assert!(
        url.contains("scope=tweet.read%20users.read%20follows.read%20follows.write"),
        "{url}"
    );
    assert!(url.contains("response_type=code"), "{url}");
    assert!(url.contains("code_challenge_method=S256"), "{url}");
    assert!(
        url.contains("client_id=M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ"),
        "{url}"
    );
}
