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
