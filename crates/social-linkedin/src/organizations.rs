//! Company pages: look one up by id (`GET /rest/organizations/{id}`, 3-legged token of a member
//! with a role on the page, `rw_organization_admin`;
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>).

use social_core::Result;
use social_core::http::RequestSpec;

use crate::client::{LinkedInClient, RestliMethod};
use crate::models::Organization;
use crate::urn::OrganizationUrn;

/// Company pages. Get it with [`LinkedInClient::organizations`].
#[derive(Debug, Clone)]
pub struct Organizations {
    client: LinkedInClient,
}

impl LinkedInClient {
    /// Company pages.
    pub fn organizations(&self) -> Organizations {
        Organizations {
            client: self.clone(),
        }
    }
}

impl Organizations {
    /// One page, by URN.
    ///
    /// ```no_run
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let org = li.organizations().get(&OrganizationUrn::new("2414183")?).send().await?;
    /// println!("{:?}", org.localized_name);
    /// # Ok(()) }
    /// ```
    pub fn get(&self, organization: &OrganizationUrn) -> GetOrganizationBuilder {
        GetOrganizationBuilder {
            client: self.client.clone(),
            organization: organization.clone(),
        }
    }
}

/// Reads one page. Get one from [`Organizations::get`].
///
/// ```no_run
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let page = li.organizations().get(&OrganizationUrn::new("2414183")?).send().await?;
/// println!("{:?} (linkedin.com/company/{:?})", page.localized_name, page.vanity_name);
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct GetOrganizationBuilder {
    client: LinkedInClient,
    organization: OrganizationUrn,
}

impl GetOrganizationBuilder {
    /// Sends `GET /rest/organizations/{id}`.
    pub async fn send(self) -> Result<Organization> {
        let spec = RequestSpec::get("organizations")
            .segment(self.organization.id())
            .endpoint("GET /organizations/:id");
        self.client.send_rest(RestliMethod::Get, spec).await?.json()
    }
}
