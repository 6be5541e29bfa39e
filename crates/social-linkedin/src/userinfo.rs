//! Who the member is: OpenID Connect's userinfo endpoint (`GET /v2/userinfo`, unversioned;
//! scopes `openid` and `profile`, plus `email` for the address;
//! <https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2>).
//!
//! Its `sub` is the member id: `urn:li:person:{sub}` is the author of the member's posts. The
//! older `GET /v2/me` needs profile scopes new apps no longer get (it answers 403), so the crate
//! does not use it.

use social_core::Result;
use social_core::http::RequestSpec;

use crate::client::LinkedInClient;
use crate::models::UserInfo;

impl LinkedInClient {
    /// The member behind the token.
    ///
    /// ```no_run
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let me = li.userinfo().send().await?;
    /// println!("{} is {}", me.name.as_deref().unwrap_or("?"), me.person_urn()?);
    /// # Ok(()) }
    /// ```
    pub fn userinfo(&self) -> GetUserInfoBuilder {
        GetUserInfoBuilder {
            client: self.clone(),
        }
    }
}

/// Reads the member's OpenID Connect claims. Get one from [`LinkedInClient::userinfo`].
///
/// ```no_run
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let me = li.userinfo().send().await?;
/// println!("{:?} <{:?}>, locale {:?}", me.name, me.email, me.locale.map(|l| l.to_string()));
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct GetUserInfoBuilder {
    client: LinkedInClient,
}

impl GetUserInfoBuilder {
    /// Sends `GET /v2/userinfo`.
    pub async fn send(self) -> Result<UserInfo> {
        self.client
            .send_legacy(RequestSpec::get("userinfo").endpoint("GET /v2/userinfo"))
            .await?
            .json()
    }
}
