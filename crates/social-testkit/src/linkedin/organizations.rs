//! Company pages: the ACL finder, `GET /rest/organizationAcls?q=roleAssignee`
//! ("Organization Access Control by Role",
//! <https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role>),
//! and the lookups of "Organization Lookup API"
//! (<https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api>):
//! `GET /rest/organizations/{id}`, the batch get `ids=List(…)`, the `vanityName` finder and
//! the follower count `GET /rest/networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`.
//!
//! Never kinder than LinkedIn: these need a Community Management scope
//! (`rw_organization_admin`, `r_organization_admin`, `w_organization_social`,
//! `r_organization_social`); a self-serve token gets 403.

use serde_json::{Value, json};

use super::Ctx;
use super::restli::restli_value;
use super::state::{FakeOrganization, LinkedInState};
use super::wire::{
    Answer, Reply, access_denied, illegal_argument, method_unresolved, not_found, percent_encode,
};

/// The scopes that open the page APIs.
pub(crate) const ORGANIZATION_SCOPES: &[&str] = &[
    "rw_organization_admin",
    "r_organization_admin",
    "w_organization_social",
    "r_organization_social",
];

/// The ACL roles LinkedIn documents.
const ROLES: &[&str] = &[
    "ADMINISTRATOR",
    "DIRECT_SPONSORED_CONTENT_POSTER",
    "CONTENT_ADMIN",
    "RECRUITING_POSTER",
    "LEAD_GEN_FORMS_MANAGER",
    "ANALYST",
];
const STATES: &[&str] = &["APPROVED", "REQUESTED", "REVOKED", "REJECTED"];

/// The handle a new page gets: its name in lower case, runs of anything but ASCII letters and
/// digits made one `-`.
pub(crate) fn vanity_of(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

impl LinkedInState {
    /// Sets the vanity name of `organization`.
    ///
    /// # Panics
    /// If the organization is unknown.
    #[track_caller]
    pub fn set_vanity_name(&mut self, organization: &str, vanity_name: &str) {
        let org = self.organization_mut(organization);
        let old = std::mem::replace(&mut org.vanity_name, vanity_name.to_owned());
        self.index.set_vanity(organization, &old, vanity_name);
    }

    /// `count` new followers of `organization` now (`paid`: from sponsored content).
    ///
    /// # Panics
    /// If the organization is unknown.
    #[track_caller]
    pub fn add_followers(&mut self, organization: &str, count: usize, paid: bool) {
        let now = self.now_ms();
        self.organization_mut(organization)
            .follows
            .extend(std::iter::repeat_n((now, paid), count));
        self.index.add_follows(organization, now, count, paid);
    }

    /// `count` views of `organization`'s page now.
    ///
    /// # Panics
    /// If the organization is unknown.
    #[track_caller]
    pub fn add_page_views(&mut self, organization: &str, count: usize) {
        let now = self.now_ms();
        self.organization_mut(organization)
            .page_views
            .extend(std::iter::repeat_n(now, count));
        self.index.add_views(organization, now, count);
    }

    /// Sets the followers of member `sub`.
    ///
    /// # Panics
    /// If the member is unknown.
    #[track_caller]
    pub fn set_member_followers(&mut self, sub: &str, followers: u64) {
        self.members
            .get_mut(sub)
            .unwrap_or_else(|| panic!("no member {sub:?} in the LinkedIn fake"))
            .followers = followers;
    }

    /// The organization whose vanity name is `vanity_name` (case-insensitive), if any.
    pub fn organization_by_vanity(&self, vanity_name: &str) -> Option<&FakeOrganization> {
        let id = self
            .organizations_by_vanity(vanity_name)
            .into_iter()
            .next()?;
        self.organizations.get(&id)
    }

    /// The organization `id`, if any.
    pub fn organization(&self, id: &str) -> Option<&FakeOrganization> {
        self.organizations.get(id)
    }

    #[track_caller]
    fn organization_mut(&mut self, id: &str) -> &mut FakeOrganization {
        self.organizations
            .get_mut(id)
            .unwrap_or_else(|| panic!("no organization {id:?} in the LinkedIn fake"))
    }
}

/// An organization as `GET /rest/organizations/{id}` serves it (the documented fields the fake
/// has).
fn wire(org: &FakeOrganization) -> Value {
    json!({
        "id": org.id.parse::<u64>().map(Value::from).unwrap_or_else(|_| Value::from(org.id.clone())),
        "localizedName": org.name,
        "name": {
            "localized": { "en_US": org.name },
            "preferredLocale": { "country": "US", "language": "en" },
        },
        "vanityName": org.vanity_name,
        "primaryOrganizationType": "NONE",
        "locations": [],
        "$URN": format!("urn:li:organization:{}", org.id),
    })
}

fn has_page_scope(ctx: &Ctx<'_>) -> bool {
    ctx.member.is_some() && ORGANIZATION_SCOPES.iter().any(|s| ctx.has(s))
}

/// The id of an `urn:li:organization:{id}`.
pub(crate) fn organization_id(urn: &str) -> Option<&str> {
    urn.strip_prefix("urn:li:organization:")
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
}

/// `GET /rest/organizationAcls?q=roleAssignee[&role=][&state=]`: the caller's roles, paged
/// by `start`/`count`, sorted by organization id.
pub(super) fn acls(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    if ctx.call.param("q") != Some("roleAssignee") {
        return Err(method_unresolved());
    }
    let role = ctx.call.param("role");
    if role.is_some_and(|r| !ROLES.contains(&r)) {
        return Err(illegal_argument("Invalid value for parameter 'role'"));
    }
    let acl_state = ctx.call.param("state");
    if acl_state.is_some_and(|s| !STATES.contains(&s)) {
        return Err(illegal_argument("Invalid value for parameter 'state'"));
    }
    let start = super::statistics::number(ctx, "start", 0, 0..=usize::MAX)?;
    let count = super::statistics::number(ctx, "count", 10, 0..=100)?;
    if !has_page_scope(ctx) {
        return Err(access_denied(&format!(
            "organizationAcls.FINDER-roleAssignee.{}",
            ctx.version
        )));
    }
    let member = ctx.member.clone().unwrap_or_default();
    // Every role the fake grants is in force.
    if acl_state.is_some_and(|s| s != "APPROVED") {
        return Ok(page(Vec::new(), start, count, 0));
    }
    // The roles are keyed by (member, organization): the member's are one range.
    let roles: Vec<_> = state
        .roles
        .range((member.clone(), String::new())..)
        .take_while(|((m, _), _)| *m == member)
        .collect();
    state.scan(roles.len());
    let mine: Vec<Value> = roles
        .into_iter()
        .filter(|(_, r)| role.is_none_or(|want| want == r.as_str()))
        .map(|((m, org), r)| {
            json!({
                "roleAssignee": format!("urn:li:person:{m}"),
                "state": "APPROVED",
                "role": r,
                "organization": format!("urn:li:organization:{org}"),
            })
        })
        .collect();
    let total = mine.len();
    let elements = mine.into_iter().skip(start).take(count).collect();
    Ok(page(elements, start, count, total))
}

fn page(elements: Vec<Value>, start: usize, count: usize, total: usize) -> Reply {
    Reply::json(
        200,
        json!({
            "elements": elements,
            "paging": { "start": start, "count": count, "total": total, "links": [] },
        }),
    )
}

/// Whether `id` is an organization id (digits).
fn numeric(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit())
}

/// `GET /rest/organizations/{id}`.
pub(super) fn get(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let id = ctx.call.segments.get(2).cloned().unwrap_or_default();
    // The key is a long (`urn:li:organization:{id}`): anything else is refused before the
    // resource is reached, as Rest.li refuses a key it cannot read (400).
    if !numeric(&id) {
        return Err(illegal_argument(&format!("Invalid key in the path: {id}")));
    }
    if !has_page_scope(ctx) {
        return Err(access_denied(&format!("organizations.GET.{}", ctx.version)));
    }
    let org = state.organizations.get(&id).ok_or_else(not_found)?;
    Ok(Reply::json(200, wire(org)))
}

/// `GET /rest/organizations`: the batch get (`ids=List(…)`, `X-RestLi-Method: BATCH_GET`) or
/// the `vanityName` finder (`q=vanityName`, `X-RestLi-Method: FINDER`).
pub(super) fn collection(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let method = ctx
        .call
        .header("x-restli-method")
        .map(str::to_ascii_uppercase);
    let ids = ctx.call.param("ids");
    let q = ctx.call.param("q");
    match (ids, q, method.as_deref()) {
        (Some(ids), None, None | Some("BATCH_GET")) => batch_get(state, ctx, ids),
        (None, Some("vanityName"), None | Some("FINDER")) => by_vanity(state, ctx),
        _ => Err(method_unresolved()),
    }
}

fn batch_get(state: &LinkedInState, ctx: &Ctx<'_>, ids: &str) -> Answer {
    let ids = match restli_value(ids) {
        Some(Value::Array(ids)) if ids.iter().all(|id| id.as_str().is_some_and(numeric)) => ids,
        _ => return Err(illegal_argument("Invalid value for parameter 'ids'")),
    };
    if !has_page_scope(ctx) {
        return Err(access_denied(&format!(
            "organizations.BATCH_GET.{}",
            ctx.version
        )));
    }
    let mut results = serde_json::Map::new();
    let mut statuses = serde_json::Map::new();
    let mut errors = serde_json::Map::new();
    for id in ids {
        let id = id.as_str().unwrap_or_default().to_owned();
        match state.organizations.get(&id) {
            Some(org) => {
                results.insert(id.clone(), wire(org));
                statuses.insert(id, json!(200));
            }
            None => {
                statuses.insert(id.clone(), json!(404));
                errors.insert(id, json!({ "status": 404, "message": "Not Found" }));
            }
        }
    }
    Ok(Reply::json(
        200,
        json!({ "results": results, "statuses": statuses, "errors": errors }),
    ))
}

fn by_vanity(state: &LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let Some(vanity) = ctx.call.param("vanityName") else {
        return Err(illegal_argument("Parameter 'vanityName' is required"));
    };
    if !has_page_scope(ctx) {
        return Err(access_denied(&format!(
            "organizations.FINDER-vanityName.{}",
            ctx.version
        )));
    }
    let ids = state.organizations_by_vanity(vanity);
    state.scan(ids.len());
    let found: Vec<Value> = ids
        .iter()
        .filter_map(|id| state.organizations.get(id))
        .map(wire)
        .collect();
    let total = found.len();
    Ok(page(found, 0, 10, total))
}

/// `GET /rest/networkSizes/{urn}?edgeType=COMPANY_FOLLOWED_BY_MEMBER`: the page's followers.
pub(super) fn network_size(state: &mut LinkedInState, ctx: &Ctx<'_>) -> Answer {
    let key = ctx.call.segments.get(2).cloned().unwrap_or_default();
    let urn = super::wire::percent_decode(&key).unwrap_or_default();
    if ctx.call.param("edgeType") != Some("COMPANY_FOLLOWED_BY_MEMBER") {
        return Err(illegal_argument("Invalid value for parameter 'edgeType'"));
    }
    let Some(id) = organization_id(&urn) else {
        return Err(illegal_argument(&format!(
            "Invalid key {}",
            percent_encode(&urn)
        )));
    };
    if !has_page_scope(ctx) {
        return Err(access_denied(&format!("networkSizes.GET.{}", ctx.version)));
    }
    let org = state.organizations.get(id).ok_or_else(not_found)?;
    Ok(Reply::json(
        200,
        json!({ "firstDegreeSize": org.follows.len() }),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vanity_names_come_from_names() {
        assert_eq!(vanity_of("Acme Corp"), "acme-corp");
        assert_eq!(
            vanity_of("Martin & Associés — Avocats"),
            "martin-associ-s-avocats"
        );
        assert_eq!(vanity_of("  ++"), "");
    }
}
