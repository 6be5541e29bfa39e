//! The one macro for enums of wire values: [`wire_enum!`](crate::wire_enum).

/// Declares an enum of the values a network sends or accepts as strings (reaction types, Page
/// tasks, `fields=` names…): the known values as unit variants, each with its wire spelling.
///
/// Two forms:
/// - **open**, ending with `_ => Other` (any name): a value the SDK does not know is kept as
///   sent in `Other(String)`, never an error, and sent back as it is. For values the network
///   may extend (models are lenient: a new value must not break decoding) and for field names
///   where any name the network accepts must stay expressible (`Raw(String)`). It gets `From<&str>` and
///   `From<String>`.
/// - **closed**, without that line: exactly the known values, `Copy` and ordered, with
///   `as_str` returning `&'static str`; reading an unknown value is an error. For request-only
///   values where the builder offers another escape (X's `*.fields`, set with `param`).
///
/// Both get: `ALL` (the known values, in declaration order), `as_str` (the wire spelling),
/// `from_known` (the known value spelled so, ASCII case-insensitively: Graph's webhooks write
/// `love` where its reads write `LOVE`), `Display` (the wire spelling), and serde as the string.
///
/// ```
/// social_core::wire_enum! {
///     /// A reaction type (Graph adds new ones).
///     pub enum ReactionType {
///         /// 👍
///         Like = "LIKE",
///         /// ❤️
///         Love = "LOVE",
///         _ => Other,
///     }
/// }
///
/// assert_eq!(ReactionType::from("love"), ReactionType::Love);
/// assert_eq!(ReactionType::from("CARE"), ReactionType::Other("CARE".into()));
/// assert_eq!(ReactionType::Other("CARE".into()).as_str(), "CARE");
/// let read: Vec<ReactionType> = serde_json::from_str(r#"["LIKE","PRIDE"]"#).unwrap();
/// assert_eq!(serde_json::to_string(&read).unwrap(), r#"["LIKE","PRIDE"]"#);
///
/// social_core::wire_enum! {
///     /// A `tweet.fields` value.
///     pub enum TweetField {
///         /// `created_at`
///         CreatedAt = "created_at",
///         /// `lang`
///         Lang = "lang",
///     }
/// }
///
/// let field: &'static str = TweetField::CreatedAt.as_str();
/// assert_eq!(field, "created_at");
/// assert_eq!(TweetField::ALL, [TweetField::CreatedAt, TweetField::Lang]);
/// assert_eq!(TweetField::from_known("LANG"), Some(TweetField::Lang));
/// assert!(serde_json::from_str::<TweetField>(r#""geo""#).is_err());
/// ```
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
            _ => $other:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of the SDK does not know, kept and sent as it is.
            $other(::std::string::String),
        }

        // Generated API: a crate-private enum may leave some of it unused.
        #[allow(dead_code)]
        impl $name {
            /// Every known value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the network spells it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::$other(s) => s,
                }
            }

            /// The known value spelled `s` (ASCII case-insensitively); `None` for any other.
            pub fn from_known(s: &str) -> ::std::option::Option<Self> {
                $( if s.eq_ignore_ascii_case($wire) {
                    return ::std::option::Option::Some($name::$variant);
                } )+
                ::std::option::Option::None
            }
        }

        /// A known value whatever its case; any other kept as sent.
        impl ::std::convert::From<&str> for $name {
            fn from(s: &str) -> Self {
                $name::from_known(s).unwrap_or_else(|| $name::$other(s.to_string()))
            }
        }

        /// A known value whatever its case; any other kept as sent.
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(s: ::std::string::String) -> Self {
                match $name::from_known(&s) {
                    ::std::option::Option::Some(known) => known,
                    ::std::option::Option::None => $name::$other(s),
                }
            }
        }

        $crate::wire_enum!(@common $name);

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(d)?;
                ::std::result::Result::Ok($name::from(s))
            }
        }
    };

    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        // Generated API: a crate-private enum may leave some of it unused.
        #[allow(dead_code)]
        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The value as the network spells it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }

            /// The value spelled `s` (ASCII case-insensitively); `None` for any other.
            pub fn from_known(s: &str) -> ::std::option::Option<Self> {
                $( if s.eq_ignore_ascii_case($wire) {
                    return ::std::option::Option::Some($name::$variant);
                } )+
                ::std::option::Option::None
            }
        }

        $crate::wire_enum!(@common $name);

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                d: D,
            ) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(d)?;
                $name::from_known(&s).ok_or_else(|| {
                    <D::Error as $crate::__private::serde::de::Error>::unknown_variant(
                        &s,
                        &[$($wire),+],
                    )
                })
            }
        }
    };

    (@common $name:ident) => {
        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                s: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::wire_enum! {
        /// Reactions, open.
        pub enum Reaction {
            /// 👍
            Like = "LIKE",
            /// No reaction: a variant named like `Option::None` must not clash.
            None = "NONE",
            _ => Other,
        }
    }

    crate::wire_enum! {
        /// Fields of a node, open with another catch-all name.
        enum NodeField {
            /// `id`
            Id = "id",
            _ => Raw
        }
    }

    crate::wire_enum! {
        /// Closed fields.
        pub(crate) enum Closed {
            /// `a`
            A = "a",
            /// `b`
            B = "b"
        }
    }

    #[test]
    fn case4_open_enums_keep_unknown_values_and_match_known_ones_in_any_case() {
        assert_eq!(Reaction::from("like"), Reaction::Like);
        assert_eq!(Reaction::from("None"), Reaction::None);
        assert_eq!(
            Reaction::from("CARE".to_string()),
            Reaction::Other("CARE".into())
        );
        assert_eq!(Reaction::Other("CARE".into()).to_string(), "CARE");
        assert_eq!(Reaction::ALL, [Reaction::Like, Reaction::None]);
        let v: Vec<Reaction> = serde_json::from_str(r#"["love","LIKE"]"#).unwrap();
        assert_eq!(v, [Reaction::Other("love".into()), Reaction::Like]);
        assert_eq!(serde_json::to_string(&v).unwrap(), r#"["love","LIKE"]"#);
        assert!(serde_json::from_str::<Reaction>("12").is_err());

        assert_eq!(
            NodeField::from("attachments{url}"),
            NodeField::Raw("attachments{url}".into())
        );
        assert_eq!(NodeField::from("id").as_str(), "id");
    }

    #[test]
    fn case4_closed_enums_are_copy_and_refuse_unknown_values() {
        fn wire(f: Closed) -> &'static str {
            f.as_str()
        }
        let b = Closed::B;
        assert_eq!((wire(b), b.to_string()), ("b", "b".to_string()));
        assert!(Closed::A < Closed::B);
        assert_eq!(Closed::from_known("A"), Some(Closed::A));
        assert_eq!(Closed::from_known("c"), None);
        assert_eq!(serde_json::from_str::<Closed>(r#""b""#).unwrap(), Closed::B);
        let err = serde_json::from_str::<Closed>(r#""c""#).unwrap_err();
        assert!(err.to_string().contains("expected `a` or `b`"), "{err}");
    }
}
