//! Likes: like, unlike, and the posts a user liked.

use serde_json::json;
use social_core::http::{Idempotency, RequestSpec};
use social_core::{PostId, Result, UserId};

use crate::client::{Needs, TwitterClient};
use crate::list::ListBuilder;
use crate::models::{Tweet, XResponse};

/// The likes area: `client.likes()`.
///
/// ```no_run
/// use social_core::PostId;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let liked = x.likes().like(&PostId::new("1228393702244134912")).await?;
/// assert!(liked);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Likes {
    client: TwitterClient,
}

impl TwitterClient {
    /// Likes: like, unlike, liked posts (who liked a post: [`Tweets::liking_users`](crate::tweets::Tweets::liking_users)).
    pub fn likes(&self) -> Likes {
        Likes {
            client: self.clone(),
        }
    }
}

#[derive(serde::Deserialize)]
struct Liked {
    #[serde(default)]
    liked: bool,
}

impl Likes {
    /// The authenticated user likes a post (`POST /2/users/:me/likes`); returns whether it is
    /// liked now. Liking twice changes nothing, so it is retried like a read.
    /// An answer without `data` is the error X gives instead (a post it does not find is
    /// [`Error::NotFound`](social_core::Error::NotFound)), never `false`.
    pub async fn like(&self, post: &PostId) -> Result<bool> {
        self.client.check(Needs::User, "POST /2/users/:id/likes")?;
        let me = self.client.me_id().await?;
        let spec = RequestSpec::post("2/users")
            .segment(me.as_str())
            .path("likes")
            .json(&json!({ "tweet_id": post }))
            .with_idempotency(Idempotency::Idempotent)
            .endpoint("POST /2/users/:id/likes");
        let resp: XResponse<Liked> = self.client.send(spec, Needs::User).await?;
        resp.into_data().map(|d| d.liked)
    }

    /// The authenticated user takes back a like (`DELETE /2/users/:me/likes/:tweet_id`);
    /// returns whether it is still liked (normally `false`).
    /// An answer without `data` is the error X gives instead, never a `false` that looks done.
    pub async fn unlike(&self, post: &PostId) -> Result<bool> {
        self.client
            .check(Needs::User, "DELETE /2/users/:id/likes/:id")?;
        let me = self.client.me_id().await?;
        let spec = RequestSpec::delete("2/users")
            .segment(me.as_str())
            .path("likes")
            .segment(post.as_str())
            .endpoint("DELETE /2/users/:id/likes/:id");
        let resp: XResponse<Liked> = self.client.send(spec, Needs::User).await?;
        resp.into_data().map(|d| d.liked)
    }

    /// Posts a user liked (`GET /2/users/:id/liked_tweets`, page size 5–100; no `since_id`,
    /// `until_id`, `start_time` or `end_time`: X refuses them here).
    pub fn liked_tweets(&self, user: &UserId) -> ListBuilder<Tweet> {
        let spec = RequestSpec::get("2/users")
            .segment(user.as_str())
            .path("liked_tweets")
            .endpoint("GET /2/users/:id/liked_tweets");
        ListBuilder::new(self.client.clone(), spec, Needs::User, (5, 100)).without_time_filters()
    }
}
