//! Users: the authenticated user, and lookups by id or username.

use social_core::UserId;
use social_core::http::RequestSpec;

use crate::client::{Needs, TwitterClient};
use crate::models::User;
use crate::tweets::LookupBuilder;

/// The users area: `client.users()`.
///
/// ```no_run
/// use social_twitter::models::UserField;
///
/// # async fn run(x: social_twitter::TwitterClient) -> social_core::Result<()> {
/// let me = x.users().me().user_fields([UserField::PublicMetrics]).send().await?;
/// let followers = me.data.and_then(|u| u.public_metrics).map(|m| m.followers_count);
/// # let _ = followers; Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct Users {
    client: TwitterClient,
}

impl TwitterClient {
    /// Users: me, by id(s), by username(s).
    pub fn users(&self) -> Users {
        Users {
            client: self.clone(),
        }
    }
}

impl Users {
    /// The authenticated user (`GET /2/users/me`; user context only).
    pub fn me(&self) -> LookupBuilder<User> {
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/users/me").endpoint("GET /2/users/me"),
            Needs::User,
        )
    }

    /// One user by id (`GET /2/users/:id`).
    pub fn get(&self, id: &UserId) -> LookupBuilder<User> {
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/users")
                .segment(id.as_str())
                .endpoint("GET /2/users/:id"),
            Needs::Any,
        )
    }

    /// 1 to 100 users by id (`GET /2/users?ids=`).
    pub fn get_many<'a>(
        &self,
        ids: impl IntoIterator<Item = &'a UserId>,
    ) -> LookupBuilder<Vec<User>> {
        let ids: Vec<&str> = ids.into_iter().map(UserId::as_str).collect();
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/users").endpoint("GET /2/users"),
            Needs::Any,
        )
        .with_ids("ids", ids.join(","))
    }

    /// One user by username, without `@` (`GET /2/users/by/username/:username`).
    pub fn by_username(&self, username: &str) -> LookupBuilder<User> {
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/users/by/username")
                .segment(username.trim_start_matches('@'))
                .endpoint("GET /2/users/by/username/:username"),
            Needs::Any,
        )
    }

    /// 1 to 100 users by username (`GET /2/users/by?usernames=`).
    pub fn by_usernames<'a>(
        &self,
        usernames: impl IntoIterator<Item = &'a str>,
    ) -> LookupBuilder<Vec<User>> {
        let names: Vec<&str> = usernames
            .into_iter()
            .map(|u| u.trim_start_matches('@'))
            .collect();
        LookupBuilder::new(
            self.client.clone(),
            RequestSpec::get("2/users/by").endpoint("GET /2/users/by"),
            Needs::Any,
        )
        .with_ids("usernames", names.join(","))
    }
}
