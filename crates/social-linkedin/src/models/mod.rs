//! The wire types of LinkedIn's API, read leniently: fields the API may leave out are
//! `Option`, lists default to empty, enums LinkedIn may extend keep an `Unknown` variant with
//! the text as sent, and fields not typed here are kept in `extra`.
//!
//! Times are LinkedIn's epoch milliseconds, typed as [`EpochMillis`].

mod organizations;
mod posts;
mod tokens;
mod userinfo;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use organizations::Organization;
pub use posts::{
    Article, Author, Content, Distribution, FeedDistribution, LifecycleState, Media, Paging, Poll,
    PollDuration, PollOption, PollSettings, Post, ReshareContext, Visibility,
};
pub use tokens::{AuthType, Introspection, TokenStatus};
pub use userinfo::{Locale, UserInfo};

/// A time as LinkedIn writes it: milliseconds since the Unix epoch.
///
/// ```
/// use social_linkedin::models::EpochMillis;
///
/// let t: EpochMillis = serde_json::from_str("1640995200000").unwrap();
/// assert_eq!(t.to_utc().unwrap().to_rfc3339(), "2022-01-01T00:00:00+00:00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EpochMillis(pub i64);

impl EpochMillis {
    /// The time, when it is one chrono can hold.
    pub fn to_utc(self) -> Option<DateTime<Utc>> {
        DateTime::from_timestamp_millis(self.0)
    }
}

/// An enum LinkedIn may extend: known values as variants, anything else kept as `Unknown(text)`,
/// written back as sent.
macro_rules! open_enum {
    (
        $(#[$doc:meta])*
        $name:ident {
            $( $(#[$vdoc:meta])* $variant:ident = $text:literal, )*
        }
    ) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $( $(#[$vdoc])* $variant, )*
            /// A value this version of the crate does not know, as LinkedIn sent it.
            Unknown(String),
        }

        impl $name {
            /// The value as LinkedIn spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $text, )*
                    $name::Unknown(s) => s,
                }
            }

            /// The known value spelled `s`, else `Unknown(s)`.
            pub fn parse(s: &str) -> Self {
                match s {
                    $( $text => $name::$variant, )*
                    other => $name::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                Ok($name::parse(&s))
            }
        }
    };
}

pub(crate) use open_enum;
