//! What Graph says about tokens: `GET /debug_token`
//! (<https://developers.facebook.com/docs/graph-api/reference/debug_token/>) and
//! `GET /me/permissions`
//! (<https://developers.facebook.com/docs/graph-api/reference/user/permissions/>).

use std::time::{Duration, SystemTime};

use serde::Deserialize;
use social_core::types::ids;

use super::null_as_empty;

/// What `debug_token` says about a token.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenInfo {
    /// The app the token belongs to (read from a string or a number).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub app_id: Option<String>,
    /// `USER`, `PAGE`, `APP`, `SYSTEM_USER`… (open-ended).
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    /// The app's name.
    #[serde(default)]
    pub application: Option<String>,
    /// Whether the token can be used now.
    #[serde(default)]
    pub is_valid: bool,
    /// When the token was issued.
    #[serde(default, deserialize_with = "unix_time")]
    pub issued_at: Option<SystemTime>,
    /// When the token expires; `None` for "never" (Graph's `0`) or unknown.
    #[serde(default, deserialize_with = "unix_time")]
    pub expires_at: Option<SystemTime>,
    /// When the access to the user's data ends (90 days after the last login).
    #[serde(default, deserialize_with = "unix_time")]
    pub data_access_expires_at: Option<SystemTime>,
    /// The granted permissions.
    #[serde(default, deserialize_with = "null_as_empty")]
    pub scopes: Vec<String>,
    /// The permissions limited to given objects (Pages, businesses).
    #[serde(default, deserialize_with = "null_as_empty")]
    pub granular_scopes: Vec<GranularScope>,
    /// The user the token acts for (read from a string or a number).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub user_id: Option<String>,
    /// The Page, for a Page token (read from a string or a number).
    #[serde(default, deserialize_with = "ids::option_string_or_integer")]
    pub profile_id: Option<String>,
    /// Why the token is invalid, when it is.
    #[serde(default)]
    pub error: Option<TokenInfoError>,
    #[serde(skip)]
    pub(crate) raw_expires_zero: bool,
}

impl TokenInfo {
    /// Whether the token never expires: a valid token whose `expires_at` is `0` (a Page token
    /// obtained from a long-lived user token, a non-expiring system-user token).
    pub fn never_expires(&self) -> bool {
        self.is_valid && self.expires_at.is_none() && self.raw_expires_zero
    }

    /// Whether the token has `permission`.
    pub fn has_scope(&self, permission: &str) -> bool {
        self.scopes.iter().any(|s| s == permission)
    }
}

/// One granular permission of [`TokenInfo`].
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct GranularScope {
    /// The permission.
    pub scope: String,
    /// The objects it is limited to (empty: all).
    #[serde(default, deserialize_with = "ids::vec_string_or_integer")]
    pub target_ids: Vec<String>,
}

/// Why `debug_token` found a token invalid.
#[derive(Debug, Clone, Deserialize)]
#[non_exhaustive]
pub struct TokenInfoError {
    /// Graph's code (190 for tokens).
    #[serde(default)]
    pub code: Option<i64>,
    /// The subcode (463 expired, 460 password changed…).
    #[serde(default)]
    pub subcode: Option<i64>,
    /// Graph's message.
    #[serde(default)]
    pub message: Option<String>,
}

fn unix_time<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Option<SystemTime>, D::Error> {
    let v = serde_json::Value::deserialize(d)?;
    let secs = match v {
        serde_json::Value::Number(n) => n.as_u64(),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    Ok(secs
        .filter(|s| *s > 0)
        .and_then(|s| SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(s))))
}

/// One line of `GET /me/permissions`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct PermissionStatus {
    /// The permission.
    pub permission: String,
    /// `granted`, `declined` or `expired` (open-ended).
    pub status: String,
}

impl PermissionStatus {
    /// Whether it is granted.
    pub fn is_granted(&self) -> bool {
        self.status == "granted"
    }
}
