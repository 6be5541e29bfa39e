//! Reposts (retweets): repost and undo (who reposted a post:
//! [`Tweets::retweeted_by`](crate::tweets::Tweets::retweeted_by)).

use serde_json::json;
use social_core::http::{Idempotency, RequestSpec};
use social_core::{PostId, Result};

use crate::client::{Needs, TwitterClient};
use crate::models::XResponse;

/// The reposts area: `client.retweets()`.
///
/// ```no_run
/// use social_core::PostId;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// x.retweets().retweet(&PostId::new("1228393702244134912")).await?;
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Retweets {
    client: TwitterClient,
}

impl TwitterClient {
    /// Reposts: repost, undo.
    pub fn retweets(&self) -> Retweets {
        Retweets {
            client: self.clone(),
        }
    }
}

#[derive(serde::Deserialize)]
struct Retweeted {
    #[serde(default)]
    retweeted: bool,
}

impl Retweets {
    /// The authenticated user reposts a post (`POST /2/users/:me/retweets`); returns whether it
    /// is reposted now. Reposting twice changes nothing, so it is retried like a read.
    /// An answer without `data` is the error X gives instead (a post it does not find is
    /// [`Error::NotFound`](social_core::Error::NotFound)), never `false`.
    pub async fn retweet(&self, post: &PostId) -> Result<bool> {
        self.client
            .check(Needs::User, "POST /2/users/:id/retweets")?;
        let me = self.client.me_id().await?;
        let spec = RequestSpec::post("2/users")
            .segment(me.as_str())
            .path("retweets")
            .json(&json!({ "tweet_id": post }))
            .with_idempotency(Idempotency::Idempotent)
            .endpoint("POST /2/users/:id/retweets");
        let resp: XResponse<Retweeted> = self.client.send(spec, Needs::User).await?;
        resp.into_data().map(|d| d.retweeted)
    }

    /// The authenticated user undoes a repost (`DELETE /2/users/:me/retweets/:source_tweet_id`);
    /// returns whether it is still reposted (normally `false`).
    /// An answer without `data` is the error X gives instead, never a `false` that looks done.
    pub async fn unretweet(&self, post: &PostId) -> Result<bool> {
        self.client
            .check(Needs::User, "DELETE /2/users/:id/retweets/:id")?;
        let me = self.client.me_id().await?;
        let spec = RequestSpec::delete("2/users")
            .segment(me.as_str())
            .path("retweets")
            .segment(post.as_str())
            .endpoint("DELETE /2/users/:id/retweets/:id");
        let resp: XResponse<Retweeted> = self.client.send(spec, Needs::User).await?;
        resp.into_data().map(|d| d.retweeted)
    }
}
