//! Typed field names for `fields=`, each with an escape for any name Graph accepts.

/// Declares a field enum: typed names plus `Raw(String)` for anything else.
macro_rules! field_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $wire:literal),* $(,)? }) => {
        $(#[$doc])*
        ///
        /// `Raw` sends any name or expansion as is.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vdoc])* $variant,)*
            /// Any other field name or expansion, sent as is.
            Raw(String),
        }

        impl $name {
            /// The text sent in `fields=`.
            pub fn as_str(&self) -> &str {
                match self {
                    $($name::$variant => $wire,)*
                    $name::Raw(s) => s,
                }
            }
        }

        impl From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::Raw(s.to_string())
            }
        }
    };
}

pub(crate) use field_enum;

/// The names of typed fields, for a builder's `fields=`.
pub(crate) fn names<F>(
    fields: impl IntoIterator<Item = F>,
    as_str: impl Fn(&F) -> &str,
) -> Vec<String> {
    fields.into_iter().map(|f| as_str(&f).to_string()).collect()
}

/// Whether a `fields=` selection asks for a credential: a field (or a field of an expansion,
/// such as `connected_app{id,access_token}`) whose name holds `token`, `secret` or `proof`. The
/// answer then carries it, so the request is marked
/// [`secret_response`](social_core::http::RequestSpec::secret_response): errors never quote
/// the body.
pub(crate) fn asks_for_credentials<S: AsRef<str>>(fields: &[S]) -> bool {
    fields.iter().any(|f| {
        f.as_ref()
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .any(crate::redact::is_sensitive_key)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credential_fields_are_found_at_any_depth() {
        assert!(asks_for_credentials(&["id", "access_token"]));
        assert!(asks_for_credentials(&["id,name,access_token"]));
        assert!(asks_for_credentials(&["connected_app{id,access_token}"]));
        assert!(!asks_for_credentials(&[
            "id",
            "reactions.type(LOVE).limit(0).summary(total_count).as(love)"
        ]));
        assert!(!asks_for_credentials::<&str>(&[]));
    }
}
