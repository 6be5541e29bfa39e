//! Id newtypes, and how ids are read from the wire.
//!
//! Every id is kept as the network spells it, as text: Graph ids do not fit every integer type,
//! X ids overflow JavaScript numbers, and LinkedIn ids are URNs. Some answers still send an id as
//! a JSON number (older Graph answers, some Graph webhooks, `debug_token`'s `app_id` and
//! `user_id`), so an id reads from a JSON string **or** an integer; anything else (a float, a
//! boolean, an object) is refused with a serde error that says what was expected. Ids are always
//! written back as strings.
//!
//! Adapters declare their own id types with [`id_type!`](crate::id_type), and read plain `String`
//! id fields with [`string_or_integer`], [`option_string_or_integer`] and
//! [`vec_string_or_integer`] (`#[serde(deserialize_with = "…")]`).

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, Visitor};

#[doc(hidden)]
pub use serde as __serde;

/// Declares an id newtype over `String` as the SDK's ids are: `new`, `as_str`, `into_inner`,
/// `Display`, `From<String>`, `From<&str>`, `AsRef<str>`, ordered and hashable, serialised as a
/// string and read from a JSON string or an integer (see [`types::ids`](crate::types::ids)).
///
/// ```
/// social_core::id_type!(
///     /// The id of a LinkedIn organization.
///     OrganizationId
/// );
///
/// let id: OrganizationId = serde_json::from_str("2414183").unwrap();
/// assert_eq!(id.as_str(), "2414183");
/// assert_eq!(serde_json::to_string(&id).unwrap(), r#""2414183""#);
/// assert!(serde_json::from_str::<OrganizationId>("2414183.5").is_err());
/// ```
#[macro_export]
macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(::std::string::String);

        impl $name {
            /// Wraps an id as the network spells it.
            pub fn new(id: impl ::std::convert::Into<::std::string::String>) -> Self {
                $name(id.into())
            }

            /// The id as the network spells it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The owned string.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl ::std::convert::From<::std::string::String> for $name {
            fn from(id: ::std::string::String) -> Self {
                $name(id)
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl $crate::types::ids::__serde::Serialize for $name {
            fn serialize<S: $crate::types::ids::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        impl<'de> $crate::types::ids::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::types::ids::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::types::ids::string_or_integer(deserializer).map($name)
            }
        }
    };
}

/// Reads an id from a JSON string or an integer (kept in decimal); refuses anything else with
/// "invalid type: …, expected an id (a string or an integer)". For
/// `#[serde(deserialize_with = "social_core::types::ids::string_or_integer")]` on a `String`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct App {
///     #[serde(deserialize_with = "social_core::types::ids::string_or_integer")]
///     id: String,
/// }
///
/// let app: App = serde_json::from_str(r#"{"id": 1234567890}"#).unwrap();
/// assert_eq!(app.id, "1234567890");
/// let err = serde_json::from_str::<App>(r#"{"id": 12.5}"#).err().unwrap();
/// assert!(err.to_string().contains("expected an id (a string or an integer)"), "{err}");
/// ```
pub fn string_or_integer<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    deserializer.deserialize_any(IdVisitor)
}

/// [`string_or_integer`] for an optional id: `null` (or, with `#[serde(default)]`, a missing
/// field) is `None`.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Token {
///     #[serde(default, deserialize_with = "social_core::types::ids::option_string_or_integer")]
///     user_id: Option<String>,
/// }
///
/// let t: Token = serde_json::from_str(r#"{"user_id": 10153}"#).unwrap();
/// assert_eq!(t.user_id.as_deref(), Some("10153"));
/// let t: Token = serde_json::from_str(r#"{"user_id": null}"#).unwrap();
/// assert_eq!(t.user_id, None);
/// ```
pub fn option_string_or_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(Option::<LenientId>::deserialize(deserializer)?.map(|id| id.0))
}

/// [`string_or_integer`] for a list of ids; `null` reads as an empty list.
///
/// ```
/// #[derive(serde::Deserialize)]
/// struct Scope {
///     #[serde(default, deserialize_with = "social_core::types::ids::vec_string_or_integer")]
///     target_ids: Vec<String>,
/// }
///
/// let s: Scope = serde_json::from_str(r#"{"target_ids": ["1", 2]}"#).unwrap();
/// assert_eq!(s.target_ids, ["1", "2"]);
/// ```
pub fn vec_string_or_integer<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    Ok(Option::<Vec<LenientId>>::deserialize(deserializer)?
        .unwrap_or_default()
        .into_iter()
        .map(|id| id.0)
        .collect())
}

/// One id read with [`string_or_integer`].
struct LenientId(String);

impl<'de> Deserialize<'de> for LenientId {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        string_or_integer(deserializer).map(LenientId)
    }
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id (a string or an integer)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<String, E> {
        Ok(v.to_string())
    }
}

id_type!(
    /// The id of a post (X post id, Graph `{page-id}_{post-id}`, LinkedIn share/ugcPost URN).
    ///
    /// ```
    /// let id = social_core::PostId::new("1228393702244134912");
    /// assert_eq!(id.as_str(), "1228393702244134912");
    /// ```
    PostId
);
id_type!(
    /// The id of an account: a user, a Page or an organization (X user id, Graph id, LinkedIn URN).
    ///
    /// ```
    /// let id = social_core::UserId::from("urn:li:person:abc");
    /// assert_eq!(id.to_string(), "urn:li:person:abc");
    /// ```
    UserId
);
id_type!(
    /// The id of a comment (or a reply, on X).
    ///
    /// ```
    /// let id = social_core::CommentId::new("123_456");
    /// assert_eq!(id.as_ref(), "123_456");
    /// ```
    CommentId
);
id_type!(
    /// The id of an uploaded media object (X media id, Graph photo id, LinkedIn image URN).
    ///
    /// ```
    /// let id = social_core::MediaId::new("1146654567674912769");
    /// assert_eq!(id.into_inner(), "1146654567674912769");
    /// ```
    MediaId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case13_ids_read_from_strings_and_integers() {
        let id: PostId = serde_json::from_str(r#""1228393702244134912""#).unwrap();
        assert_eq!(id.as_str(), "1228393702244134912");
        let id: UserId = serde_json::from_str("200000000000001").unwrap();
        assert_eq!(id.as_str(), "200000000000001");
        let id: MediaId = serde_json::from_str(&u64::MAX.to_string()).unwrap();
        assert_eq!(id.as_str(), u64::MAX.to_string());
        let id: CommentId = serde_json::from_str("-7").unwrap();
        assert_eq!(id.as_str(), "-7");
        // Written back as a string, whatever it was read from.
        assert_eq!(serde_json::to_string(&id).unwrap(), r#""-7""#);
        // Inside a document, and through `serde_json::Value` (which the Graph crate uses).
        let v = serde_json::json!({ "id": 42 });
        #[derive(serde::Deserialize)]
        struct Node {
            id: PostId,
        }
        let node: Node = serde_json::from_value(v).unwrap();
        assert_eq!(node.id.as_str(), "42");
    }

    #[test]
    fn case13_other_json_is_refused_with_a_clear_error() {
        for bad in ["1.5", "1e3", "true", "null", "{}", r#"["1"]"#] {
            let err = serde_json::from_str::<PostId>(bad).unwrap_err().to_string();
            assert!(
                err.contains("expected an id (a string or an integer)"),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn case13_helpers_for_plain_string_fields() {
        #[derive(serde::Deserialize)]
        struct Info {
            #[serde(deserialize_with = "string_or_integer")]
            app_id: String,
            #[serde(default, deserialize_with = "option_string_or_integer")]
            user_id: Option<String>,
            #[serde(default, deserialize_with = "option_string_or_integer")]
            profile_id: Option<String>,
            #[serde(default, deserialize_with = "vec_string_or_integer")]
            targets: Vec<String>,
            #[serde(default, deserialize_with = "vec_string_or_integer")]
            none: Vec<String>,
        }
        let info: Info = serde_json::from_str(
            r#"{"app_id": 1234567890, "user_id": "10153", "targets": [1, "2"], "none": null}"#,
        )
        .unwrap();
        assert_eq!(info.app_id, "1234567890");
        assert_eq!(info.user_id.as_deref(), Some("10153"));
        assert_eq!(info.profile_id, None);
        assert_eq!(info.targets, ["1", "2"]);
        assert!(info.none.is_empty());
        let err = serde_json::from_str::<Info>(r#"{"app_id": 1, "targets": [1.5]}"#)
            .err()
            .unwrap();
        assert!(err.to_string().contains("expected an id"), "{err}");
    }
}
