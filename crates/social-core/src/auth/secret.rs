//! Secret newtypes: their `Debug` prints `[redacted]`, they have no `Display`, and the value is
//! read only through `.secret()`.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! secret_type {
    ($(#[$doc:meta])* $name:ident, derive($($derive:meta),*)) => {
        $(#[$doc])*
        ///
        #[doc = concat!("`", stringify!($name), "` redacts itself in `Debug` and has no `Display`:")]
        /// ```
        #[doc = concat!("let s = social_core::auth::", stringify!($name), "::new(\"SEKRIT\");")]
        /// assert_eq!(s.secret(), "SEKRIT");
        #[doc = concat!("assert_eq!(format!(\"{s:?}\"), \"", stringify!($name), "([redacted])\");")]
        /// ```
        $(#[$derive])*
        pub struct $name(String);

        impl $name {
            /// Wraps a secret value.
            pub fn new(value: impl Into<String>) -> Self {
                $name(value.into())
            }

            /// Reads the secret. Do not log what this returns.
            pub fn secret(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(concat!(stringify!($name), "([redacted])"))
            }
        }
    };
}

secret_type!(
    /// An OAuth 2.0 access token (also X app-only bearer tokens and Graph user/Page tokens).
    /// Serialisable so token stores can persist it.
    AccessToken, derive(derive(Clone, PartialEq, Eq, Serialize, Deserialize), serde(transparent))
);
secret_type!(
    /// An OAuth 2.0 refresh token. X rotates them: each refresh returns a new one and burns the old.
    /// Serialisable so token stores can persist it.
    RefreshToken, derive(derive(Clone, PartialEq, Eq, Serialize, Deserialize), serde(transparent))
);
secret_type!(
    /// An OAuth client secret (OAuth 2.0 confidential clients, OAuth 1.0a consumer secrets).
    ClientSecret, derive(derive(Clone, PartialEq, Eq))
);
secret_type!(
    /// An app secret (Graph `appsecret_proof` key, webhook signature key).
    AppSecret, derive(derive(Clone, PartialEq, Eq))
);
secret_type!(
    /// An OAuth 1.0a token secret.
    TokenSecret, derive(derive(Clone, PartialEq, Eq))
);
secret_type!(
    /// A PKCE code verifier (RFC 7636). Deliberately not `Clone`: it is used once, for one code exchange.
    PkceVerifier, derive()
);
