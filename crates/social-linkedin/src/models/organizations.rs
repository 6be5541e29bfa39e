//! A company page as the Organizations API serves it
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use social_core::{Network, Profile, UserId};

use crate::urn::OrganizationUrn;

/// An organization (company page).
///
/// ```
/// use social_linkedin::models::Organization;
///
/// let org: Organization = serde_json::from_value(serde_json::json!({
///     "id": 2414183,
///     "localizedName": "Acme Legal",
///     "vanityName": "acme-legal",
///     "localizedWebsite": "https://acme.example"
/// })).unwrap();
/// let p = org.to_profile();
/// assert_eq!(p.id.as_str(), "urn:li:organization:2414183");
/// assert_eq!(p.url.as_deref(), Some("https://www.linkedin.com/company/acme-legal/"));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Organization {
    /// The numeric id.
    #[serde(deserialize_with = "social_core::types::ids::string_or_integer")]
    pub id: String,
    /// The name, in the default locale.
    #[serde(default)]
    pub localized_name: Option<String>,
    /// The page's handle (`linkedin.com/company/{vanityName}`).
    #[serde(default)]
    pub vanity_name: Option<String>,
    /// The description, in the default locale.
    #[serde(default)]
    pub localized_description: Option<String>,
    /// The website, in the default locale.
    #[serde(default)]
    pub localized_website: Option<String>,
    /// Fields not typed here (`logoV2`, `locations`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Organization {
    /// The organization's URN, when its id is numeric.
    pub fn urn(&self) -> Option<OrganizationUrn> {
        OrganizationUrn::new(self.id.clone()).ok()
    }

    /// The page as a network-neutral [`Profile`] (its id is the organization URN).
    pub fn to_profile(&self) -> Profile {
        let id = self
            .urn()
            .map(|u| u.to_string())
            .unwrap_or_else(|| self.id.clone());
        let mut p = Profile::new(
            Network::LinkedIn,
            UserId::new(id),
            self.localized_name.clone().unwrap_or_default(),
        );
        if let Some(v) = &self.vanity_name {
            p = p
                .with_handle(v.clone())
                .with_url(format!("https://www.linkedin.com/company/{v}/"));
        }
        if let Some(d) = &self.localized_description {
            p = p.with_description(d.clone());
        }
        p
    }
}

social_core::wire_enum! {
    /// A member's role on a page (`role` of an organization ACL; "Organization Access Control
    /// by Role", <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role>).
    pub enum OrganizationRole {
        /// Manages the page: posts, statistics, admins.
        Administrator = "ADMINISTRATOR",
        /// Posts sponsored content for the page.
        DirectSponsoredContentPoster = "DIRECT_SPONSORED_CONTENT_POSTER",
        /// Posts and manages the page's content.
        ContentAdmin = "CONTENT_ADMIN",
        /// Posts jobs for the page.
        RecruitingPoster = "RECRUITING_POSTER",
        /// Manages lead generation forms.
        LeadGenFormsManager = "LEAD_GEN_FORMS_MANAGER",
        /// Reads the page's analytics.
        Analyst = "ANALYST",
        _ => Unknown,
    }
}

social_core::wire_enum! {
    /// Whether a role is in force (`state` of an organization ACL).
    pub enum AclState {
        /// In force.
        Approved = "APPROVED",
        /// Asked for, not yet granted.
        Requested = "REQUESTED",
        /// Taken away.
        Revoked = "REVOKED",
        /// Refused.
        Rejected = "REJECTED",
        _ => Unknown,
    }
}

/// One role of one member on one page, an element of `GET /rest/organizationAcls`
/// (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role>).
///
/// The page is `organization`; older answers (and fixtures copied from them) call it
/// `organizationTarget` or `organizationalTarget`: all three are read.
///
/// ```
/// use social_linkedin::models::{OrganizationAcl, OrganizationRole};
///
/// let acl: OrganizationAcl = serde_json::from_value(serde_json::json!({
///     "roleAssignee": "urn:li:person:-f_Ut43FoQ",
///     "state": "APPROVED",
///     "role": "ADMINISTRATOR",
///     "organizationTarget": "urn:li:organization:2414183"
/// })).unwrap();
/// assert_eq!(acl.role, Some(OrganizationRole::Administrator));
/// assert_eq!(acl.organization_urn().unwrap().id(), "2414183");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrganizationAcl {
    /// The member (`urn:li:person:…`).
    #[serde(default)]
    pub role_assignee: Option<String>,
    /// The role.
    #[serde(default)]
    pub role: Option<OrganizationRole>,
    /// Whether it is in force.
    #[serde(default)]
    pub state: Option<AclState>,
    /// The page (`urn:li:organization:…`), as sent.
    #[serde(default, alias = "organizationTarget", alias = "organizationalTarget")]
    pub organization: Option<String>,
    /// Fields not typed here (`created`, `lastModified`…).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl OrganizationAcl {
    /// The page's URN, when `organization` holds an `urn:li:organization:…`.
    pub fn organization_urn(&self) -> Option<OrganizationUrn> {
        self.organization.as_deref()?.parse().ok()
    }
}

/// The answer of `GET /rest/networkSizes/{urn}`: the size of an edge of the graph (for a page
/// with `edgeType=COMPANY_FOLLOWED_BY_MEMBER`, its followers;
/// <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct NetworkSize {
    /// The count.
    pub first_degree_size: u64,
}
