//! What token introspection says about a token
//! (<https://learn.microsoft.com/en-us/linkedin/shared/authentication/token-introspection>).

use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

social_core::wire_enum! {
    /// The state of an introspected token.
    pub enum TokenStatus {
        /// Usable.
        Active = "active",
        /// Past its expiry.
        Expired = "expired",
        /// Revoked by the member or LinkedIn.
        Revoked = "revoked",
        _ => Unknown,
    }
}

social_core::wire_enum! {
    /// How an introspected token was obtained.
    pub enum AuthType {
        /// Client credentials (the app itself).
        TwoLegged = "2L",
        /// A member's consent (authorization code).
        ThreeLegged = "3L",
        /// An enterprise user.
        EnterpriseUser = "Enterprise_User",
        _ => Unknown,
    }
}

/// The answer of `POST /oauth/v2/introspectToken`.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use social_linkedin::models::{AuthType, Introspection, TokenStatus};
///
/// let i: Introspection = serde_json::from_value(serde_json::json!({
///     "active": true, "client_id": "86abcdefg", "authorized_at": 1634163225, "created_at": 1634163225,
///     "status": "active", "expires_at": 1639347225, "scope": "r_emailaddress,w_member_social",
///     "auth_type": "3L"
/// })).unwrap();
/// assert_eq!(i.status, Some(TokenStatus::Active));
/// assert_eq!(i.auth_type, Some(AuthType::ThreeLegged));
/// assert_eq!(i.scopes(), ["r_emailaddress", "w_member_social"]);
/// assert_eq!(i.expires_at(), Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_639_347_225)));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Introspection {
    /// Whether the token can be used.
    pub active: bool,
    /// `active`, `expired` or `revoked`.
    #[serde(default)]
    pub status: Option<TokenStatus>,
    /// The granted scopes, comma-separated (3-legged tokens only); see [`scopes`](Self::scopes).
    #[serde(default)]
    pub scope: Option<String>,
    /// The app the token belongs to.
    #[serde(default)]
    pub client_id: Option<String>,
    /// When it was created (epoch seconds).
    #[serde(default)]
    pub created_at: Option<u64>,
    /// When the member consented (epoch seconds).
    #[serde(default)]
    pub authorized_at: Option<u64>,
    /// When it expires (epoch seconds).
    #[serde(default)]
    pub expires_at: Option<u64>,
    /// `2L`, `3L` or `Enterprise_User`.
    #[serde(default)]
    pub auth_type: Option<AuthType>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

fn epoch(secs: Option<u64>) -> Option<SystemTime> {
    secs.and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s)))
}

impl Introspection {
    /// The granted scopes (names are data: LinkedIn renames them between versions).
    pub fn scopes(&self) -> Vec<String> {
        self.scope
            .as_deref()
            .unwrap_or_default()
            .split([',', ' '])
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// When the token expires.
    pub fn expires_at(&self) -> Option<SystemTime> {
        epoch(self.expires_at)
    }

    /// When the member consented (the start of a refresh token's 365 days).
    pub fn authorized_at(&self) -> Option<SystemTime> {
        epoch(self.authorized_at)
    }

    /// When the token was created.
    pub fn created_at(&self) -> Option<SystemTime> {
        epoch(self.created_at)
    }
}
