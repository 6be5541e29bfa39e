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
