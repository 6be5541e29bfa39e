//! Follows: follow, unfollow, and the following / followers lists.

use serde_json::json;
use social_core::http::{Idempotency, RequestSpec};
use social_core::{Result, UserId};

use crate::client::{Needs, TwitterClient};
use crate::list::ListBuilder;
use crate::models::{FollowState, User, XResponse};

/// The follows area: `client.follows()`.
///
/// ```no_run
/// use social_core::UserId;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let state = x.follows().follow(&UserId::new("2244994945")).await?;
/// if state.pending_follow {
///     println!("the account is protected: waiting for approval");
/// }
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Follows {
    client: TwitterClient,
}

impl TwitterClient {
    /// Follows: follow, unfollow, following and followers lists.
    pub fn follows(&self) -> Follows {
        Follows {
            client: self.clone(),
        }
    }
}

impl Follows {
    /// The authenticated user follows `target` (`POST /2/users/:me/following`). Following twice
    /// changes nothing, so this is retried like a read.
    pub async fn follow(&self, target: &UserId) -> Result<FollowState> {
        self.client
            .check(Needs::User, "POST /2/users/:id/following")?;
        let me = self.client.me_id().await?;
        let spec = RequestSpec::post("2/users")
            .segment(me.as_str())
            .path("following")
            .json(&json!({ "target_user_id": target }))
            .with_idempotency(Idempotency::Idempotent)
            .endpoint("POST /2/users/:id/following");
        let resp: XResponse<FollowState> = self.client.send(spec, Needs::User).await?;
        resp.into_data()
    }

    /// The authenticated user unfollows `target` (`DELETE /2/users/:me/following/:target`).
    pub async fn unfollow(&self, target: &UserId) -> Result<FollowState> {
        self.client
            .check(Needs::User, "DELETE /2/users/:id/following/:id")?;
        let me = self.client.me_id().await?;
        let spec = RequestSpec::delete("2/users")
            .segment(me.as_str())
            .path("following")
            .segment(target.as_str())
            .endpoint("DELETE /2/users/:id/following/:id");
        let resp: XResponse<FollowState> = self.client.send(spec, Needs::User).await?;
        resp.into_data()
    }

    /// Whom `user` follows (`GET /2/users/:id/following`, page size 1–1000).
    pub fn following(&self, user: &UserId) -> ListBuilder<User> {
        let spec = RequestSpec::get("2/users")
            .segment(user.as_str())
            .path("following")
            .endpoint("GET /2/users/:id/following");
        ListBuilder::new(self.client.clone(), spec, Needs::Any, (1, 1000))
    }

    /// Who follows `user` (`GET /2/users/:id/followers`, page size 1–1000).
    pub fn followers(&self, user: &UserId) -> ListBuilder<User> {
        let spec = RequestSpec::get("2/users")
            .segment(user.as_str())
            .path("followers")
            .endpoint("GET /2/users/:id/followers");
        ListBuilder::new(self.client.clone(), spec, Needs::Any, (1, 1000))
    }
}
