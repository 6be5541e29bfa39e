//! Company pages: the pages a member holds a role on (`GET /rest/organizationAcls?q=roleAssignee`,
//! "Organization Access Control by Role",
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role>),
//! a page by id, by several ids (`ids=List(…)`) or by vanity name, and its follower count
//! (`GET /rest/networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`), all from
//! "Organization Lookup API"
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>).
//!
//! These need the Community Management API (`rw_organization_admin` or `r_organization_admin`):
//! without it LinkedIn answers 403, an `Error::Auth` with a missing permission.
//!
//! ```no_run
//! # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
//! for page in li.organizations().administered().send().await? {
//!     println!("{:?} ({})", page.localized_name, page.id);
//! }
//! # Ok(()) }
//! ```

use std::collections::BTreeSet;

use futures_util::TryStreamExt;
use serde::Deserialize;
use serde_json::{Map, Value};
use social_core::http::RequestSpec;
use social_core::{Error, Listing, Network, PageLimits, Result, Violation, ViolationKind};

use crate::client::{LinkedInClient, RestliMethod};
use crate::list::ListBuilder;
use crate::models::{AclState, NetworkSize, Organization, OrganizationAcl, OrganizationRole};
use crate::restli;
use crate::urn::{OrganizationUrn, Urn};

/// The most elements one page of `organizationAcls` holds here.
pub const MAX_ACL_PAGE_SIZE: u32 = 100;

/// The most pages one batch get (`ids=List(…)`) asks for; longer lists go in several calls.
pub const MAX_BATCH_IDS: usize = 50;

/// The edge type whose size is a page's follower count (the current spelling; older
/// collections wrote `CompanyFollowedByMember`).
pub const FOLLOWERS_EDGE_TYPE: &str = "COMPANY_FOLLOWED_BY_MEMBER";

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

    /// The roles of the signed-in member on pages (`q=roleAssignee`), optionally only one role
    /// and one state; a listing (page it with [`Listing`]).
    ///
    /// ```no_run
    /// use social_linkedin::Listing;
    /// use social_linkedin::models::{AclState, OrganizationRole};
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let acls = li
    ///     .organizations()
    ///     .acls(OrganizationRole::Administrator, AclState::Approved)
    ///     .collect(Default::default())
    ///     .await?;
    /// for acl in acls {
    ///     println!("{:?}", acl.organization_urn());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn acls(
        &self,
        role: impl Into<Option<OrganizationRole>>,
        state: impl Into<Option<AclState>>,
    ) -> ListBuilder<OrganizationAcl> {
        let mut list = ListBuilder::new(
            self.client.clone(),
            RequestSpec::get("organizationAcls").endpoint("GET /organizationAcls"),
            MAX_ACL_PAGE_SIZE,
        )
        .param("q", "roleAssignee");
        if let Some(role) = role.into() {
            list = list.param("role", role.as_str());
        }
        if let Some(state) = state.into() {
            list = list.param("state", state.as_str());
        }
        list
    }

    /// "The pages I administer": every approved ADMINISTRATOR role of the member, resolved to
    /// the pages (batch gets of [`MAX_BATCH_IDS`]).
    ///
    /// ```no_run
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let pages = li.organizations().administered().send().await?;
    /// # let _ = pages; Ok(()) }
    /// ```
    pub fn administered(&self) -> AdministeredBuilder {
        AdministeredBuilder {
            client: self.client.clone(),
            role: OrganizationRole::Administrator,
            limits: PageLimits::default(),
        }
    }

    /// Several pages by URN in one call per [`MAX_BATCH_IDS`] (`ids=List(…)`; the pages the
    /// member holds a role on).
    ///
    /// ```no_run
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let ids = [OrganizationUrn::new("2414183")?, OrganizationUrn::new("1337")?];
    /// let pages = li.organizations().batch_get(&ids).send().await?;
    /// # let _ = pages; Ok(()) }
    /// ```
    pub fn batch_get(&self, organizations: &[OrganizationUrn]) -> BatchGetOrganizationsBuilder {
        BatchGetOrganizationsBuilder {
            client: self.client.clone(),
            organizations: organizations.to_vec(),
        }
    }

    /// A page by its vanity name (`linkedin.com/company/{vanityName}`, `q=vanityName`).
    ///
    /// ```no_run
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// if let Some(org) = li.organizations().by_vanity_name("linkedin").send().await? {
    ///     println!("{:?}", org.urn());
    /// }
    /// # Ok(()) }
    /// ```
    pub fn by_vanity_name(&self, vanity_name: &str) -> VanityNameBuilder {
        VanityNameBuilder {
            client: self.client.clone(),
            vanity_name: vanity_name.to_owned(),
        }
    }

    /// The page's follower count (`networkSizes`, `edgeType=COMPANY_FOLLOWED_BY_MEMBER`).
    ///
    /// ```no_run
    /// use social_linkedin::urn::OrganizationUrn;
    ///
    /// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
    /// let n = li.organizations().follower_count(&OrganizationUrn::new("2414183")?).send().await?;
    /// println!("{n} followers");
    /// # Ok(()) }
    /// ```
    pub fn follower_count(&self, organization: &OrganizationUrn) -> FollowerCountBuilder {
        FollowerCountBuilder {
            client: self.client.clone(),
            organization: organization.clone(),
        }
    }
}

/// Resolves the member's roles to pages. Get one from [`Organizations::administered`].
///
/// ```no_run
/// use social_core::PageLimits;
/// use social_linkedin::models::OrganizationRole;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let pages = li
///     .organizations()
///     .administered()
///     .role(OrganizationRole::ContentAdmin)
///     .limits(PageLimits::default().max_pages(5))
///     .send()
///     .await?;
/// # let _ = pages; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct AdministeredBuilder {
    client: LinkedInClient,
    role: OrganizationRole,
    limits: PageLimits,
}

impl AdministeredBuilder {
    /// Another role than ADMINISTRATOR (still approved ones only).
    pub fn role(mut self, role: OrganizationRole) -> Self {
        self.role = role;
        self
    }

    /// Caps the walk of the ACL listing (core's defaults otherwise).
    pub fn limits(mut self, limits: PageLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Walks `organizationAcls` (100 per page), keeps each page once in the order met, and
    /// reads them with batch gets.
    pub async fn send(self) -> Result<Vec<Organization>> {
        let orgs = self.client.organizations();
        let pages = orgs
            .acls(self.role, AclState::Approved)
            .page_size(MAX_ACL_PAGE_SIZE)
            .items(self.limits);
        let mut pages = std::pin::pin!(pages);
        let mut seen = BTreeSet::new();
        let mut urns = Vec::new();
        while let Some(acl) = pages.try_next().await? {
            if let Some(urn) = acl.organization_urn() {
                if seen.insert(urn.id().to_owned()) {
                    urns.push(urn);
                }
            }
        }
        orgs.batch_get(&urns).send().await
    }
}

/// Reads several pages. Get one from [`Organizations::batch_get`].
///
/// ```no_run
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let pages = li.organizations().batch_get(&[OrganizationUrn::new("2414183")?]).send().await?;
/// # let _ = pages; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct BatchGetOrganizationsBuilder {
    client: LinkedInClient,
    organizations: Vec<OrganizationUrn>,
}

#[derive(Deserialize)]
struct BatchResults {
    #[serde(default)]
    results: std::collections::HashMap<String, Organization>,
}

impl BatchGetOrganizationsBuilder {
    /// Sends `GET /rest/organizations?ids=List(…)` per [`MAX_BATCH_IDS`] pages, and answers
    /// them in the order asked; a page LinkedIn leaves out of `results` (its `errors` or
    /// `statuses` say why) is left out. No call for an empty list.
    pub async fn send(self) -> Result<Vec<Organization>> {
        let mut out = Vec::with_capacity(self.organizations.len());
        for chunk in self.organizations.chunks(MAX_BATCH_IDS) {
            let ids: Vec<Value> = chunk
                .iter()
                .map(|u| Value::String(u.id().to_owned()))
                .collect();
            let mut params = Map::new();
            params.insert("ids".into(), Value::Array(ids));
            let spec = restli::with_query(
                RequestSpec::get("organizations").endpoint("BATCH_GET /organizations"),
                &params,
            );
            let resp = self.client.send_rest(RestliMethod::BatchGet, spec).await?;
            let mut batch: BatchResults = resp.json()?;
            for urn in chunk {
                if let Some(org) = batch.results.remove(urn.id()) {
                    out.push(org);
                }
            }
        }
        Ok(out)
    }
}

/// Finds a page by vanity name. Get one from [`Organizations::by_vanity_name`].
///
/// ```no_run
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let org = li.organizations().by_vanity_name("acme-events").send().await?;
/// # let _ = org; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct VanityNameBuilder {
    client: LinkedInClient,
    vanity_name: String,
}

#[derive(Deserialize)]
struct Elements<T> {
    #[serde(default = "Vec::new")]
    elements: Vec<T>,
}

impl VanityNameBuilder {
    /// What is wrong with the vanity name, checked offline: the part after
    /// `linkedin.com/company/`, 1 to 100 letters, digits, `-` or `_`.
    pub fn violations(&self) -> Vec<Violation> {
        check_vanity("vanity_name", &self.vanity_name, 1, "a page")
            .into_iter()
            .collect()
    }

    /// Sends `GET /rest/organizations?q=vanityName&vanityName=…`: the page, or `None` when no
    /// page has that vanity name.
    pub async fn send(self) -> Result<Option<Organization>> {
        Error::check_violations(Network::LinkedIn, self.violations())?;
        let mut params = Map::new();
        params.insert("q".into(), Value::from("vanityName"));
        params.insert("vanityName".into(), Value::from(self.vanity_name));
        let spec = restli::with_query(
            RequestSpec::get("organizations").endpoint("GET /organizations?q=vanityName"),
            &params,
        );
        let resp = self.client.send_rest(RestliMethod::Finder, spec).await?;
        let found: Elements<Organization> = resp.json()?;
        Ok(found.elements.into_iter().next())
    }
}

/// Reads a page's follower count. Get one from [`Organizations::follower_count`].
///
/// ```no_run
/// use social_linkedin::urn::OrganizationUrn;
///
/// # async fn run(li: social_linkedin::LinkedInClient) -> social_core::Result<()> {
/// let n = li.organizations().follower_count(&OrganizationUrn::new("2414183")?).send().await?;
/// # let _ = n; Ok(()) }
/// ```
#[derive(Debug, Clone)]
#[must_use = "a request does nothing until `.send().await`"]
pub struct FollowerCountBuilder {
    client: LinkedInClient,
    organization: OrganizationUrn,
}

impl FollowerCountBuilder {
    /// Sends `GET /rest/networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER` and answers
    /// `firstDegreeSize`.
    pub async fn send(self) -> Result<u64> {
        let spec = RequestSpec::get("networkSizes")
            .encoded_segment(self.organization.path_key())
            .query("edgeType", FOLLOWERS_EDGE_TYPE)
            .endpoint("GET /networkSizes/:urn");
        let size: NetworkSize = self
            .client
            .send_rest(RestliMethod::Get, spec)
            .await?
            .json()?;
        Ok(size.first_degree_size)
    }
}

/// A vanity name (`what` names the thing for messages) of `min` to 100 ASCII letters, digits,
/// `-` or `_`, as LinkedIn's public URLs hold them.
pub(crate) fn check_vanity(
    field: &'static str,
    name: &str,
    min: usize,
    what: &str,
) -> Option<Violation> {
    let len = name.chars().count();
    if name.is_empty() {
        return Some(Violation::new(
            field,
            ViolationKind::Empty,
            format!("the vanity name of {what} is empty"),
        ));
    }
    if len < min || len > 100 {
        return Some(Violation::new(
            field,
            ViolationKind::OutOfRange,
            format!("{name:?} has {len} characters: the vanity name of {what} has {min} to 100"),
        ));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Some(Violation::new(
            field,
            ViolationKind::Malformed,
            format!(
                "{name:?} is not a vanity name: letters, digits, '-' and '_' only (the part after linkedin.com/…/)"
            ),
        ));
    }
    None
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
