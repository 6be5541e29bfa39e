//! The member as OpenID Connect describes them (`GET /v2/userinfo`).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use social_core::{Network, Profile, UserId};

use crate::urn::{PersonUrn, UrnError};

/// The member's locale: a string such as `en-US` in LinkedIn's OpenID Connect documentation,
/// an object `{"country": "US", "language": "en"}` in the answers integrators report; both are
/// read.
///
/// ```
/// use social_linkedin::models::Locale;
///
/// let a: Locale = serde_json::from_str(r#""en-US""#).unwrap();
/// let b: Locale = serde_json::from_str(r#"{"country":"US","language":"en"}"#).unwrap();
/// assert_eq!(a, b);
/// assert_eq!(a.to_string(), "en-US");
/// let c: Locale = serde_json::from_str(r#""fr_FR""#).unwrap();
/// assert_eq!((c.language.as_deref(), c.country.as_deref()), (Some("fr"), Some("FR")));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct Locale {
    /// The language (`en`).
    pub language: Option<String>,
    /// The country (`US`).
    pub country: Option<String>,
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.language, &self.country) {
            (Some(l), Some(c)) => write!(f, "{l}-{c}"),
            (Some(l), None) => f.write_str(l),
            (None, Some(c)) => f.write_str(c),
            (None, None) => Ok(()),
        }
    }
}

impl<'de> Deserialize<'de> for Locale {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = |v: Option<&Value>| {
            v.and_then(Value::as_str)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        Ok(match Value::deserialize(d)? {
            Value::String(s) => {
                let mut parts = s.splitn(2, ['-', '_']);
                let language = parts.next().filter(|p| !p.is_empty()).map(str::to_string);
                let country = parts.next().filter(|p| !p.is_empty()).map(str::to_string);
                Locale { language, country }
            }
            Value::Object(o) => Locale {
                language: text(o.get("language")),
                country: text(o.get("country")),
            },
            _ => Locale::default(),
        })
    }
}

/// The member behind a token, from OpenID Connect's userinfo endpoint (scopes `openid`,
/// `profile`, and `email` for the address;
/// <https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2>).
///
/// ```
/// use social_linkedin::models::UserInfo;
///
/// // The sample answer of the "Sign In with LinkedIn using OpenID Connect" page.
/// let me: UserInfo = serde_json::from_value(serde_json::json!({
///     "sub": "782bbtaQ",
///     "name": "John Doe",
///     "given_name": "John",
///     "family_name": "Doe",
///     "picture": "https://media.licdn-ei.com/dms/image/C5F03AQHqK8v7tB1HCQ/profile-displayphoto-shrink_100_100/0/",
///     "locale": "en-US",
///     "email": "doe@email.com",
///     "email_verified": true
/// })).unwrap();
/// assert_eq!(me.person_urn()?.to_string(), "urn:li:person:782bbtaQ");
/// assert_eq!(me.to_profile().name, "John Doe");
/// # Ok::<(), social_linkedin::urn::UrnError>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct UserInfo {
    /// The member's id: the id of their `urn:li:person:…`.
    pub sub: String,
    /// The full name.
    #[serde(default)]
    pub name: Option<String>,
    /// The first name.
    #[serde(default)]
    pub given_name: Option<String>,
    /// The last name.
    #[serde(default)]
    pub family_name: Option<String>,
    /// The profile picture's address.
    #[serde(default)]
    pub picture: Option<String>,
    /// The locale.
    #[serde(default)]
    pub locale: Option<Locale>,
    /// The primary email address (scope `email`).
    #[serde(default)]
    pub email: Option<String>,
    /// Whether the address is verified.
    #[serde(default)]
    pub email_verified: Option<bool>,
    /// Fields not typed here.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl UserInfo {
    /// The member's URN, `urn:li:person:{sub}`: the author of the member's posts.
    pub fn person_urn(&self) -> Result<PersonUrn, UrnError> {
        PersonUrn::new(self.sub.clone())
    }

    /// The member as a network-neutral [`Profile`]: the id is the person URN (or `sub` when it
    /// does not form one), the name the full name (or the given and family names).
    pub fn to_profile(&self) -> Profile {
        let id = self
            .person_urn()
            .map(|u| u.to_string())
            .unwrap_or_else(|_| self.sub.clone());
        let name = self.name.clone().unwrap_or_else(|| {
            [self.given_name.as_deref(), self.family_name.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" ")
        });
        let mut p = Profile::new(Network::LinkedIn, UserId::new(id), name);
        p.picture_url = self.picture.clone();
        p
    }
}
