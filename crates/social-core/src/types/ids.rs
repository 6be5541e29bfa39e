use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            /// Wraps an id as the network spells it.
            pub fn new(id: impl Into<String>) -> Self {
                $name(id.into())
            }

            /// The id as the network spells it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The owned string.
            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                $name(id)
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                $name(id.to_string())
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
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
